"""Exports: CSV files that Excel opens correctly, and the whole session as JSON."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest

from facilitator.core import operations
from facilitator.core.exercise import Kind
from facilitator.core.roster import parse_roster
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.workshop import load_workshop
from facilitator.documents.exports import (
    ATTENDANCE_COLUMNS, COMMITMENT_COLUMNS, IDEA_COLUMNS, KIND_EXPORTS, RESPONSE_COLUMNS,
    export_all, export_attendance, export_commitments, export_ideas, export_responses,
    export_session_json, guard, roster_emails, session_data,
)

from .simulate import run_session

BOM = b"\xef\xbb\xbf"


def read_csv(path) -> list[dict[str, str]]:
    """Read an export the strict way: a BOM, CRLF after every row, then csv's parsing."""
    raw = path.read_bytes()
    assert raw.startswith(BOM)
    assert raw.endswith(b"\r\n")
    body = raw[len(BOM):]
    # Every line end is CRLF (a bare LF could only be inside a quoted cell).
    assert body.count(b"\n") == body.count(b"\r\n")
    text = body.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, data = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in data)
    return [dict(zip(header, row)) for row in data]


def header(path) -> list[str]:
    return next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def local(text: str) -> datetime.datetime:
    """A time as the CSV files write it (local, to the second)."""
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


@pytest.fixture
def played(session: LiveSession, open_poll):
    """Three people answer every poll, post ideas and questions, upvote, one post hidden."""
    people = [session.join(name) for name in ("Ana Lúcia", "=HYPERLINK(\"http://evil\")", "王芳")]
    answers = {
        "pick-one": [0, 2, 2],
        "pick-some": [[0, 1], [3], [1, 2]],
        "rate": [5, 4, 1],
        "rate-many": [[1, 5], [2, 4], [3, 3]],
        "words": [["Curious", "busy"], ["+1"], ["@home", "-minus"]],
        "quiz": [[1], [0], [1]],
    }
    for exercise_id, given in answers.items():
        poll = open_poll(exercise_id)
        for person, answer in zip(people, given):
            session.clock.advance(2)
            session.respond(person.token, poll.id, answer)
    ideas = open_poll("ideas")
    posted = {}
    for person, text in zip(people * 2, ["Write a guide", "=1+1", "Start a wiki", "Hide me",
                                          "Ask HR, \"politely\"", "Brief the leaders"]):
        session.clock.advance(1)
        posted[text] = session.post(person.token, ideas.id, text)
    for text, voters in (("Start a wiki", [0, 1]), ("Ask HR, \"politely\"", [0]), ("Hide me", [0, 2])):
        for n in voters:
            if people[n].id != posted[text].attendee_id:
                session.upvote(people[n].token, posted[text].id)
    session.moderate(posted["Hide me"].id, hidden=True)
    questions = open_poll("questions")
    question = session.post(people[0].token, questions.id, "Can I post photos of the office?")
    session.moderate(question.id, answered=True)
    session.close_poll()
    return session, people, posted


def test_attendance(played, tmp_path):
    session, people, _ = played
    path = export_attendance(session, tmp_path / "attendance.csv")
    rows = read_csv(path)
    assert header(path) == list(ATTENDANCE_COLUMNS)
    assert [r["Name"] for r in rows] == ["Ana Lúcia", "'=HYPERLINK(\"http://evil\")", "王芳"]
    assert [int(r["Attendee ID"]) for r in rows] == [p.id for p in people]
    for row, person in zip(rows, people):
        joined = local(row["Joined at"])
        assert joined == datetime.datetime.fromtimestamp(person.joined_at).replace(microsecond=0)
        local(row["Last seen at"])
    assert [r["Polls answered"] for r in rows] == ["6", "6", "6"]
    assert [r["Ideas and questions posted"] for r in rows] == ["3", "2", "2"]
    # The quiz: "No" (option 1) was right.
    assert [r["Quiz answers correct"] for r in rows] == ["1", "0", "1"]
    assert int(rows[0]["Quiz points"]) > 500 and rows[1]["Quiz points"] == "0"


def test_attendance_of_a_session_without_quizzes_leaves_the_quiz_columns_empty(session, tmp_path):
    session.join("Only me")
    rows = read_csv(export_attendance(session, tmp_path / "a.csv"))
    assert rows[0]["Quiz points"] == "" and rows[0]["Quiz answers correct"] == ""
    assert rows[0]["Polls answered"] == "0"


def test_responses_are_written_in_words_and_numbers(played, tmp_path):
    session, people, _ = played
    path = export_responses(session, tmp_path / "responses.csv")
    rows = read_csv(path)
    assert header(path) == list(RESPONSE_COLUMNS)
    by_poll: dict[str, list[dict]] = {}
    for row in rows:
        by_poll.setdefault(row["Poll"], []).append(row)
    # Polls in the deck's order; boards are not responses.
    assert list(by_poll) == ["pick-one", "pick-some", "rate", "rate-many", "words", "quiz"]

    assert [r["Answer"] for r in by_poll["pick-one"]] == ["Red", "Blue", "Blue"]
    assert by_poll["pick-one"][0]["Question"] == "Pick one"
    assert by_poll["pick-one"][0]["Kind"] == "single choice"
    assert [r["Answer"] for r in by_poll["pick-some"]] == ["A; B", "D", "B; C"]
    assert [r["Answer"] for r in by_poll["rate"]] == ["5", "4", "1"]
    assert [(r["Statement"], r["Answer"]) for r in by_poll["rate-many"]] == [
        ("We have a policy", "1"), ("We train staff", "5"),
        ("We have a policy", "2"), ("We train staff", "4"),
        ("We have a policy", "3"), ("We train staff", "3"),
    ]
    assert [r["Answer"] for r in by_poll["words"]] == ["Curious; busy", "'+1", "'@home; -minus"]
    quiz = by_poll["quiz"]
    assert [(r["Answer"], r["Correct"]) for r in quiz] == [("No", "yes"), ("Yes", "no"), ("No", "yes")]
    assert quiz[1]["Points"] == "0" and int(quiz[0]["Points"]) > 500
    assert float(quiz[0]["Seconds to answer"]) == pytest.approx(2.0)
    assert [r["Name"] for r in quiz] == ["Ana Lúcia", "'=HYPERLINK(\"http://evil\")", "王芳"]
    assert [int(r["Attendee ID"]) for r in quiz] == [p.id for p in people]
    # Only quizzes have correct answers and points.
    assert {r["Correct"] for r in by_poll["pick-one"]} == {""}
    for row in rows:
        assert local(row["Answered at"]) <= local(row["Last changed at"])


def test_ideas_ranked_per_board_with_hidden_ones_marked_last(played, tmp_path):
    session, _, _ = played
    path = export_ideas(session, tmp_path / "ideas.csv")
    rows = read_csv(path)
    assert header(path) == list(IDEA_COLUMNS)
    ideas = [r for r in rows if r["Kind"] == "idea"]
    assert [(r["Rank"], r["Text"], r["Upvotes"], r["Hidden"]) for r in ideas] == [
        ("1", "Start a wiki", "2", "no"),
        ("2", "Ask HR, \"politely\"", "1", "no"),
        ("3", "Write a guide", "0", "no"),
        ("4", "'=1+1", "0", "no"),
        ("5", "Brief the leaders", "0", "no"),
        ("", "Hide me", "1", "yes"),
    ]
    assert {r["Board"] for r in ideas} == {"ideas"}
    assert ideas[0]["Posted by"] == "王芳"
    (question,) = [r for r in rows if r["Kind"] == "question"]
    assert question["Text"] == "Can I post photos of the office?"
    assert question["Answered"] == "yes" and question["Board"] == "questions"
    assert {r["Answered"] for r in ideas} == {""}
    for row in rows:
        local(row["Posted at"])


@pytest.mark.parametrize("text, cell", [
    ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
    ("+33 6 12", "'+33 6 12"),
    ("-2+3", "'-2+3"),
    ("@cmd", "'@cmd"),
    ("\tTab", "'\tTab"),
    ("\rReturn", "'\rReturn"),
    ("a=b", "a=b"),
    ("Plain", "Plain"),
    ("", ""),
])
def test_formula_guard(text, cell):
    assert guard(text) == cell


def test_a_guarded_cell_survives_the_csv_round_trip(session, open_poll, tmp_path):
    person = session.join("@me")
    poll = open_poll("ideas")
    session.post(person.token, poll.id, "-1 for meetings, +1 for wikis")
    rows = read_csv(export_ideas(session, tmp_path / "ideas.csv"))
    assert rows[0]["Text"] == "'-1 for meetings, +1 for wikis"
    assert rows[0]["Posted by"] == "'@me"


def test_session_json_is_the_whole_session(played, tmp_path):
    session, people, posted = played
    path = export_session_json(session, tmp_path / "session.json")
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw)

    assert data["format"] == "facilitator-session" and data["version"] == 1
    assert data["session"]["code"] == session.code
    assert data["workshop"]["title"] == "Test workshop"
    assert [a["name"] for a in data["attendees"]] == [p.name for p in people]
    assert datetime.datetime.fromisoformat(data["attendees"][0]["joined_at"]).timestamp() == pytest.approx(
        people[0].joined_at, abs=1)

    polls = {p["exercise_id"]: p for p in data["polls"]}
    assert set(polls) == {p.exercise_id for p in session.polls()}
    assert polls["pick-one"]["exercise"]["options"] == ["Red", "Green", "Blue"]
    assert [r["answer"] for r in polls["pick-one"]["responses"]] == [0, 2, 2]
    assert [r["answer_labels"] for r in polls["pick-some"]["responses"]] == [["A", "B"], ["D"], ["B", "C"]]
    assert [r["answer"] for r in polls["rate-many"]["responses"]] == [[1, 5], [2, 4], [3, 3]]
    quiz = polls["quiz"]["responses"]
    assert [r["correct"] for r in quiz] == [True, False, True]
    assert quiz[1]["score"] == 0
    items = {i["text"]: i for i in polls["ideas"]["items"]}
    assert items["Hide me"]["hidden"] is True and items["Hide me"]["upvotes"] == 1
    assert items["Start a wiki"]["upvotes"] == 2
    assert polls["questions"]["items"][0]["answered"] is True
    assert [(s["name"], s["rank"]) for s in data["quiz_scores"]] == [
        (e.name, e.rank) for e in session.leaderboard()]

    # Deterministic: the same session gives the same bytes, keys sorted.
    again = export_session_json(session, tmp_path / "again.json").read_text(encoding="utf-8")
    assert again == raw
    assert raw == json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    # No secrets: neither the trainer's nor any attendee's token.
    assert session.trainer_secret not in raw
    assert not any(p.token in raw for p in people)


def test_export_all_writes_five_clearly_named_files(tmp_path):
    store = Store.in_memory()
    session = run_session(store, load_workshop(SHIPPED_DECK), attendees=30, ideas=40)
    written = export_all(session, tmp_path / "out")
    assert set(written) == {"attendance", "responses", "ideas", "commitments", "session"}
    day = datetime.date.fromtimestamp(session.record.started_at).isoformat()
    for kind, path in written.items():
        assert path.parent == tmp_path / "out"
        assert path.name.startswith(f"social-media-is-everyone-s-job-{day}-")
        assert path.name.endswith(f"-{kind}.csv" if kind != "session" else "-session.json")
    assert len(read_csv(written["attendance"])) == 30
    assert len(read_csv(written["ideas"])) == 40 + 5  # ideas and the questions
    responses = read_csv(written["responses"])
    # The readiness self-assessment gives ten rows per person who answered it.
    readiness = [r for r in responses if r["Poll"] == "Readiness self-assessment"]
    assert len(readiness) % 10 == 0 and readiness
    assert all(r["Answer"].isdigit() for r in readiness)
    data = json.loads(written["session"].read_text(encoding="utf-8"))
    assert len(data["polls"]) == len(session.polls()) == len(session.workshop.exercises)
    assert data == json.loads(json.dumps(session_data(session)))
    store.close()


def test_every_kind_has_its_answers_in_words():
    assert set(KIND_EXPORTS) == set(Kind)


def test_commitments_are_exported_with_the_rosters_email(session, open_poll, tmp_path):
    ana, ben, cy = session.join("Ana Ruiz"), session.join("=Ben"), session.join("Cy")
    board = open_poll("ideas")
    idea = session.post(cy.token, board.id, "Lock screens")
    session.end()
    operations.make_commitment(session, ana.token, action="Ask IT for a lock screen", due="Friday")
    operations.make_commitment(session, ben.token, idea=idea.id, due="next week")
    roster = parse_roster("name,email\nana ruiz,ana@example.org\nCy,\n")
    path = export_commitments(session, tmp_path / "c.csv", roster_emails([roster]))
    rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
    assert rows == [list(COMMITMENT_COLUMNS), [
        str(ana.id), "Ana Ruiz", "ana@example.org", "Ask IT for a lock screen", "Friday", "no",
        rows[1][6],
    ], [str(ben.id), "'=Ben", "", "Lock screens", "next week", "yes", rows[2][6]]]


@pytest.mark.parametrize("language, kind", [("de", "Einfachauswahl"), ("en", "single choice")])
def test_a_polls_kind_is_named_in_the_files_language(played, tmp_path, language, kind):
    session, _, _ = played
    rows = read_csv(export_responses(session, tmp_path / "responses.csv", language=language))
    kinds = {list(row.values())[RESPONSE_COLUMNS.index("Kind")] for row in rows}
    assert kind in kinds
