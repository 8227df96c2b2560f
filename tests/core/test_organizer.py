import dataclasses

import pytest

from facilitator.core.errors import InvalidInput
from facilitator.core import operations
from facilitator.core.organizer import Organizer, organizer_for, remember_organizer, session_organizer
from facilitator.core.translation import translator


def test_nothing_set_and_nothing_in_the_deck(fresh_store, workshop):
    assert organizer_for(workshop.deck, fresh_store) == Organizer("", "")


def test_the_remembered_names_fill_what_the_deck_leaves_out(fresh_store, workshop):
    remember_organizer(fresh_store, facilitator="  Dana   Ruiz ", organisation="Acme Ltd")
    assert organizer_for(workshop.deck, fresh_store) == Organizer("Dana Ruiz", "Acme Ltd")
    deck = dataclasses.replace(workshop.deck, organisation="Deck Org")
    assert organizer_for(deck, fresh_store) == Organizer("Dana Ruiz", "Deck Org")


def test_none_keeps_and_blank_clears(fresh_store, workshop):
    remember_organizer(fresh_store, facilitator="Dana", organisation="Acme")
    remember_organizer(fresh_store, organisation="  ")
    assert organizer_for(workshop.deck, fresh_store) == Organizer("Dana", "")


@pytest.mark.parametrize("bad", ["x" * 121, "\u202e" * 3, "\u200b", "Acme \udc00", "Acme \u0915"])
def test_a_bad_name_sets_neither(fresh_store, workshop, bad):
    remember_organizer(fresh_store, facilitator="Dana", organisation="Acme")
    with pytest.raises(InvalidInput, match="^the organisation's name ") as caught:
        remember_organizer(fresh_store, facilitator="Eve", organisation=bad)
    assert caught.value.field == "organisation"
    assert organizer_for(workshop.deck, fresh_store) == Organizer("Dana", "Acme")


def test_a_window_sets_and_reads_them_through_the_session(session):
    operations.set_organizer(session, facilitator="Dana", organisation="Acme")
    operations.set_organizer(session, facilitator=None, organisation="")  # None keeps
    assert session_organizer(session) == Organizer("Dana", "")
    with pytest.raises(InvalidInput):
        operations.set_organizer(session, facilitator="\u200b")
    assert session_organizer(session) == Organizer("Dana", "")


def _picture(path, size=(400, 120)):
    from PIL import Image

    Image.new("RGB", size, (29, 78, 116)).save(path)
    return path


def test_a_logo_and_a_signature_are_kept_for_decks_that_name_none(fresh_store, workshop, tmp_path):
    logo, signature = _picture(tmp_path / "logo.png"), _picture(tmp_path / "sig.jpg", (300, 90))
    remember_organizer(fresh_store, logo=logo, signature=str(signature))
    logo.unlink()  # kept in the store: the file may go
    kept = organizer_for(workshop.deck, fresh_store)
    assert (kept.logo.width, kept.logo.height, kept.logo.media_type) == (400, 120, "image/png")
    assert (kept.signature.width, kept.signature.media_type) == (300, "image/jpeg")
    # A deck's own image wins.
    deck = dataclasses.replace(workshop.deck, logo=signature)
    assert organizer_for(deck, fresh_store).logo == signature
    # None keeps, "" removes.
    remember_organizer(fresh_store, signature="")
    assert organizer_for(workshop.deck, fresh_store).signature is None
    assert organizer_for(workshop.deck, fresh_store).logo == kept.logo


@pytest.mark.parametrize("logo, message", [
    ("notes.txt", "^the logo notes.txt is not a PNG or JPEG image$"),
    ("missing.png", "^cannot read the logo "),
    ("tiny.png", "^the logo tiny.png is 4 × 4 pixels: each side must be"),
])
def test_a_bad_image_sets_nothing(fresh_store, workshop, tmp_path, rows, logo, message):
    (tmp_path / "notes.txt").write_text("a logo, honestly")
    _picture(tmp_path / "tiny.png", (4, 4))
    remember_organizer(fresh_store, facilitator="Dana", logo=_picture(tmp_path / "logo.png"))
    before = rows(fresh_store)
    with pytest.raises(InvalidInput, match=message):
        remember_organizer(fresh_store, facilitator="Eve", organisation="Acme", logo=tmp_path / logo)
    assert rows(fresh_store) == before


def test_a_window_keeps_them_through_the_session(session, tmp_path):
    operations.set_organizer(session, logo=_picture(tmp_path / "logo.png"))
    assert session_organizer(session).logo.width == 400


@pytest.mark.parametrize("change, said", [
    (lambda session: operations.set_minimum_presence(session, 101),
     "die Mindestanwesenheit muss eine ganze Prozentzahl von 0 bis 100 sein"),
    (lambda session: operations.set_organizer(session, facilitator="x" * 121), "der Name der Moderation: höchstens 120 Zeichen"),
])
def test_a_refused_setting_is_said_in_the_windows_language(session, change, said):
    with pytest.raises(InvalidInput) as refused:
        change(session)
    assert translator("de").say(refused.value.args[0]) == said
