import datetime
import re

import pytest

from facilitator.core import operations
from facilitator.core.errors import FormatError, InvalidInput
from facilitator.documents.certificates import Signer, UnprintableNamesError, WorkshopFacts
from facilitator.documents.namecheck import NameCheck, typo_hint
from facilitator.documents.signing import load_or_create_key

FACTS = WorkshopFacts(title="Posting well", date=datetime.date(2026, 3, 12), duration_minutes=55)


def issue(store, names, key, now):
    return operations.issue_certificates(store, Signer(names.facts, key), names.people, now, names.session)


@pytest.fixture
def names(fresh_store, session) -> NameCheck:
    for name in ("Ann Lee", "bob stone", "Ann Lee", "Zoë Martin"):
        session.join(name)
    # As an older version, which took any text, may have stored it.
    fresh_store.rename_attendee(session.attendees()[3].id, "Zoë ส")
    return NameCheck(FACTS, session)


@pytest.mark.parametrize("name, hint", [
    ("Ann Lee", None),
    ("ANN LEE", "all capitals"),
    ("ann lee", "all lower case"),
    ("Ann", "one word only"),
    ("王芳", None),  # no letter case, no words to count
    ("محمد العلي", None),
    ("O'Connor-Smith Jr.", None),
])
def test_typo_hints(name, hint):
    assert typo_hint(name) == hint


def test_the_list_shows_problems_and_hints(names):
    assert [(e.name, e.source, e.hint) for e in names.entries] == [
        ("Ann Lee", "joined", "the same name twice"),
        ("bob stone", "joined", "all lower case"),
        ("Ann Lee", "joined", "the same name twice"),
        ("Zoë ส", "joined", None),
    ]
    assert [e.name for e in names.problems] == ["Zoë ส"]
    assert "U+0E2A" in names.problems[0].problem


def test_a_correction_renames_the_attendee_in_the_session(names, session):
    names.rename(1, "Bob Stone")
    names.rename(3, "Zoë Martin")
    assert [a.name for a in session.attendees()] == ["Ann Lee", "Bob Stone", "Ann Lee", "Zoë Martin"]
    assert names.problems == [] and names.entries[1].hint is None


@pytest.mark.parametrize("bad", ["", "   ", "x" * 81])
def test_a_bad_correction_changes_nothing(names, session, bad):
    with pytest.raises(InvalidInput):
        names.rename(1, bad)
    assert session.attendees()[1].name == "bob stone"


def test_a_roster_adds_only_who_did_not_join(names, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name;email\nANN LEE;ann@example.org\nCarla Ruiz;c@example.org\n", "utf-8")
    assert names.add_roster(roster) == 1
    assert (names.entries[-1].name, names.entries[-1].source) == ("Carla Ruiz", "roster line 3")
    names.rename(len(names.entries) - 1, "Carla Ruiz Díaz")
    assert names.entries[-1].name == "Carla Ruiz Díaz"


def test_a_bad_roster_changes_nothing(names, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("email\nann@example.org\n", "utf-8")
    before = list(names.entries)
    with pytest.raises(FormatError):
        names.add_roster(roster)
    assert names.entries == before


def test_a_roster_alone_needs_no_session(fresh_store, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nÉlodie Brun\n", "utf-8")
    names = NameCheck(FACTS)
    names.add_roster(roster)
    certificates = issue(fresh_store, names, load_or_create_key(tmp_path / "key.pem"), now=1.0)
    assert [c.name for c in certificates] == ["Élodie Brun"]


def test_issuing_refuses_while_a_name_cannot_print(names, fresh_store, tmp_path):
    with pytest.raises(UnprintableNamesError):
        issue(fresh_store, names, load_or_create_key(tmp_path / "key.pem"), now=1.0)
    assert fresh_store.certificates() == []


def test_a_corrected_name_is_reissued_under_the_same_number(names, fresh_store, tmp_path):
    key = load_or_create_key(tmp_path / "key.pem")
    names.rename(3, "Zoë Martin")
    first = issue(fresh_store, names, key, now=1.0)
    names.rename(1, "Bob Stone")
    second = issue(fresh_store, names, key, now=2.0)
    assert [c.number for c in first] == [c.number for c in second]
    assert second[1].name == "Bob Stone" and second[1].payload != first[1].payload
    assert [h.name for h in fresh_store.certificate_history(second[1].record_id)] == ["bob stone"]


@pytest.mark.parametrize("bad, said", [
    ("\u200b", "the name is empty: it has only invisible characters"),
    ("Bob \u0e2a", "the name has \u0e2a (U+0E2A THAI CHARACTER SO SUA)"),
    ("Bob \udc00", "the name holds U+DC00"),
])
def test_a_correction_that_could_not_print_is_refused_and_changes_nothing(names, session, bad, said):
    before = [entry.name for entry in names.entries]
    with pytest.raises(InvalidInput, match=re.escape(said)):
        names.rename(1, bad)
    assert [entry.name for entry in names.entries] == before
    assert session.attendees()[1].name == "bob stone"


# -- the minimum presence ------------------------------------------------------------------


def test_below_the_minimum_is_flagged_and_left_out_until_chosen(late_room):
    operations.set_minimum_presence(late_room, 75)
    names = NameCheck(FACTS, late_room)
    assert [(e.name, e.short) for e in names.entries] == [("Ann Lee", False), ("Bo Chen", True)]
    assert names.short[0].presence.describe() == "present for 12 of 55 minutes (22 %)"
    assert [p.name for p in names.people] == ["Ann Lee"]
    names.decide(1, print_anyway=True)
    assert [p.name for p in names.people] == ["Ann Lee", "Bo Chen"]
    names.decide(1, print_anyway=False)
    assert [p.name for p in names.people] == ["Ann Lee"]


@pytest.mark.parametrize("minimum, printed", [(0, 2), (22, 2), (23, 1), (100, 1)])
def test_the_minimum_is_the_organizers_and_at_it_prints(late_room, minimum, printed):
    names = NameCheck(FACTS, late_room)
    names.set_minimum(minimum)
    assert len(names.people) == printed
    assert NameCheck(FACTS, late_room).minimum == minimum  # remembered on this laptop


def test_a_choice_to_print_anyway_outlives_a_rename(late_room):
    names = NameCheck(FACTS, late_room, minimum=50)
    names.decide(1, print_anyway=True)
    names.rename(1, "Bo Chén")
    assert [p.name for p in names.people] == ["Ann Lee", "Bo Chén"]
