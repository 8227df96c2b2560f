"""Exports for the training record: attendance, responses, ideas and each attendee's
commitment as CSV, the whole session as JSON.

The CSV files are made for Excel, which is where a training record usually goes: UTF-8
with a byte-order mark (without one Excel reads UTF-8 as the local code page and names in
other scripts turn to mojibake), CRLF line ends, quoting by the csv module, columns named
in plain words (in the deck's language, or the one asked for), and answers written as people gave them (option labels, not indexes;
ratings as numbers). Times are local, `2026-05-28 10:13:20` (ISO 8601 with a space for
the `T`, which Excel reads as a date and time; the `T` form stays text in Excel).

Attendee text goes into the cells as it was typed, except that a cell whose text starts
with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`: a spreadsheet would
otherwise run it as a formula (CSV injection, OWASP).

The JSON is the whole session, deterministic (sorted keys, ISO 8601 times with the UTC
offset), for archives and other tools. Secrets are never exported: neither the trainer's
secret nor the attendees' tokens.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import unicodedata
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from facilitator.core.exercise import (
    ChoiceExercise, Exercise, Kind, QuizExercise, ScaleExercise,
)
from facilitator.core.roster import Roster
from facilitator.core.session import LiveSession
from facilitator.core.store import Attendee, PollRecord, ResponseRecord
from facilitator.core.tally import rank_items
from facilitator.core.translation import N_, Translator, negotiate, translator
from facilitator.core.text import fold

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JSON_FORMAT = "facilitator-session"
JSON_VERSION = 1

ATTENDANCE_COLUMNS = (
    N_("Attendee ID"), N_("Name"), N_("Joined at"), N_("Last seen at"), N_("Polls answered"),
    N_("Ideas and questions posted"), N_("Quiz points"), N_("Quiz answers correct"),
)
RESPONSE_COLUMNS = (
    N_("Poll"), N_("Question"), N_("Kind"), N_("Statement"), N_("Attendee ID"), N_("Name"),
    N_("Answer"), N_("Correct"), N_("Points"), N_("Seconds to answer"), N_("Answered at"),
    N_("Last changed at"),
)
COMMITMENT_COLUMNS = (
    N_("Attendee ID"), N_("Name"), N_("Email"), N_("Will do"), N_("By when"),
    N_("Picked from the room's ideas"), N_("Last changed at"),
)
IDEA_COLUMNS = (
    N_("Board"), N_("Kind"), N_("Rank"), N_("Text"), N_("Upvotes"), N_("Hidden"), N_("Answered"),
    N_("Attendee ID"), N_("Posted by"), N_("Posted at"),
)


# -- cells ---------------------------------------------------------------------------


def guard(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def local_time(timestamp: float | None) -> str:
    """A time as the CSV files write it: local, to the second."""
    if timestamp is None:
        return ""
    return datetime.datetime.fromtimestamp(timestamp).strftime("%Y-%m-%d %H:%M:%S")


def iso_time(timestamp: float | None) -> str | None:
    """A time as the JSON writes it: local, ISO 8601 with its UTC offset, to the second."""
    if timestamp is None:
        return None
    return datetime.datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def _yes_no(flag: bool, words: Translator) -> str:
    _ = words.text
    return _("yes") if flag else _("no")


def _cell(value: Any, words: Translator) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _yes_no(value, words)
    if isinstance(value, (int, float)):
        return value  # written as a number, so a spreadsheet can sum it
    return guard(words.say(value))  # a kind's name (a Message) in the file's language


def _words(session: LiveSession, language: str | None) -> Translator:
    """The words of the columns: the deck's language, unless `language` (a BCP-47 tag)."""
    return translator(negotiate(language or session.workshop.deck.language))


def _write_csv(path, columns: Iterable[str], rows: Iterable[Iterable[Any]], words: Translator) -> Path:
    path = Path(path)
    # utf-8-sig writes the byte-order mark; newline="" leaves the line ends to csv.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow([words.text(column) for column in columns])
        for row in rows:
            writer.writerow([_cell(value, words) for value in row])
    return path


# -- answers in words ----------------------------------------------------------------


def _labels(options: tuple[str, ...], answer: Any) -> list[str]:
    picked = answer if isinstance(answer, list) else [answer]
    return [options[i] if 0 <= i < len(options) else f"option {i}" for i in picked]


def answer_rows(exercise: Exercise, answer: Any) -> list[tuple[str, Any]]:
    """(statement, answer as a person reads it) for one response: one row per statement
    of a statement scale, else one row with an empty statement."""
    return KIND_EXPORTS[exercise.kind].answer_rows(exercise, answer)


def _scale_rows(exercise: ScaleExercise, answer: Any) -> list[tuple[str, Any]]:
    if exercise.statements:
        return list(zip(exercise.statements, answer))
    return [("", answer)]


def _option_rows(exercise: ChoiceExercise | QuizExercise, answer: Any) -> list[tuple[str, Any]]:
    return [("", "; ".join(_labels(exercise.options, answer)))]


def _word_rows(exercise: Exercise, answer: Any) -> list[tuple[str, Any]]:
    return [("", "; ".join(str(word) for word in answer))]


def _no_rows(exercise: Exercise, answer: Any) -> list[tuple[str, Any]]:
    return []  # a board takes posts, written to the ideas file


def _no_data(exercise: Exercise, response: ResponseRecord) -> dict[str, Any]:
    return {}


def _option_data(exercise: ChoiceExercise, response: ResponseRecord) -> dict[str, Any]:
    return {"answer_labels": _labels(exercise.options, response.answer)}


def _quiz_data(exercise: QuizExercise, response: ResponseRecord) -> dict[str, Any]:
    return {
        "answer_labels": _labels(exercise.options, response.answer),
        "correct": exercise.is_correct(response.answer),
        "score": response.score,
        "elapsed_seconds": None if response.elapsed is None else round(response.elapsed, 3),
    }


@dataclass(frozen=True)
class KindExport:
    """How the exports write one kind's answers."""

    answer_rows: Callable[[Any, Any], list[tuple[str, Any]]]  # the CSV's words
    response_data: Callable[[Any, ResponseRecord], dict[str, Any]]  # what the JSON adds


# Each kind's answers in words: the one place in the exports that knows a kind.
KIND_EXPORTS: dict[Kind, KindExport] = {
    Kind.SINGLE_CHOICE: KindExport(_option_rows, _option_data),
    Kind.MULTIPLE_CHOICE: KindExport(_option_rows, _option_data),
    Kind.QUIZ: KindExport(_option_rows, _quiz_data),
    Kind.SCALE: KindExport(_scale_rows, _no_data),
    Kind.WORD_CLOUD: KindExport(_word_rows, _no_data),
    Kind.IDEAS: KindExport(_no_rows, _no_data),
    Kind.QUESTIONS: KindExport(_no_rows, _no_data),
}


def _exercise_name(exercise: Exercise) -> str:
    return exercise.title or exercise.id


def _polls_in_order(session: LiveSession) -> list[PollRecord]:
    return sorted(session.polls(), key=lambda p: (p.slide_index is None, p.slide_index or 0, p.id))


# -- the CSV files -------------------------------------------------------------------


def export_attendance(session: LiveSession, path, language: str | None = None) -> Path:
    """One row per attendee who joined, in the order they joined."""
    attendees = session.attendees()
    answered: dict[int, int] = {}
    posted: dict[int, int] = {}
    for poll in session.polls():
        if session.exercise_of(poll).kind.is_board:
            for item in session.items(poll.id, include_hidden=True):
                posted[item.attendee_id] = posted.get(item.attendee_id, 0) + 1
        else:
            for response in session.store.responses(poll.id):
                answered[response.attendee_id] = answered.get(response.attendee_id, 0) + 1
    quiz = {entry.attendee_id: entry for entry in session.leaderboard()}
    has_quiz = any(session.exercise_of(p).kind is Kind.QUIZ for p in session.polls())
    rows = []
    for attendee in attendees:
        entry = quiz.get(attendee.id)
        rows.append((
            attendee.id, attendee.name, local_time(attendee.joined_at),
            local_time(attendee.last_seen_at), answered.get(attendee.id, 0),
            posted.get(attendee.id, 0),
            (entry.points if entry else 0) if has_quiz else None,
            (entry.correct if entry else 0) if has_quiz else None,
        ))
    return _write_csv(path, ATTENDANCE_COLUMNS, rows, _words(session, language))


def export_responses(session: LiveSession, path, language: str | None = None) -> Path:
    """One row per answer: per poll (in the deck's order), per attendee (in the order they
    answered), and per statement of a statement scale. Boards are in the ideas file."""
    names = {a.id: a.name for a in session.attendees()}
    rows = []
    for poll in _polls_in_order(session):
        exercise = session.exercise_of(poll)
        if not exercise.accepts_answers:
            continue
        quiz = exercise.kind is Kind.QUIZ
        for response in session.store.responses(poll.id):
            for statement, answer in answer_rows(exercise, response.answer):
                rows.append((
                    _exercise_name(exercise), exercise.prompt, exercise.kind.label, statement,
                    response.attendee_id, names.get(response.attendee_id, ""), answer,
                    exercise.is_correct(response.answer) if quiz else None,
                    response.score if quiz else None,
                    round(response.elapsed, 2) if quiz and response.elapsed is not None else None,
                    local_time(response.submitted_at), local_time(response.updated_at),
                ))
    return _write_csv(path, RESPONSE_COLUMNS, rows, _words(session, language))


def export_ideas(session: LiveSession, path, language: str | None = None) -> Path:
    """Every idea and question posted, hidden ones included (and marked): per board, the
    visible ones ranked by upvotes, then the hidden ones."""
    names = {a.id: a.name for a in session.attendees()}
    rows = []
    for poll in _polls_in_order(session):
        exercise = session.exercise_of(poll)
        if not exercise.kind.is_board:
            continue
        questions = exercise.kind is Kind.QUESTIONS
        kind = "question" if questions else "idea"
        items = session.items(poll.id, include_hidden=True)
        visible = rank_items(i for i in items if not i.hidden)
        hidden = rank_items(i for i in items if i.hidden)
        for rank, item in [*enumerate(visible, start=1), *((None, i) for i in hidden)]:
            rows.append((
                _exercise_name(exercise), kind, rank, item.text, item.upvotes, item.hidden,
                item.answered if questions else None, item.attendee_id,
                names.get(item.attendee_id, ""), local_time(item.created_at),
            ))
    return _write_csv(path, IDEA_COLUMNS, rows, _words(session, language))


def roster_emails(rosters: Iterable[Roster]) -> dict[str, str]:
    """Each roster name's email (by its folded name), where the roster has an `email`
    column and the row fills it: whom to write to about their commitment."""
    emails: dict[str, str] = {}
    for roster in rosters:
        for entry in roster.entries:
            if email := entry.get("email").strip():
                emails.setdefault(fold(entry.name), email)
    return emails


def export_commitments(session: LiveSession, path, emails: Mapping[str, str] | None = None,
                       language: str | None = None) -> Path:
    """One row per attendee who made a commitment, in the order they joined, with their
    email from `emails` (roster_emails) when their name is on a roster: so the organizer
    can follow up after the session."""
    emails = emails or {}
    names = {a.id: a.name for a in session.attendees()}
    rows = [
        (c.attendee_id, names[c.attendee_id], emails.get(fold(names[c.attendee_id]), ""),
         c.action, c.due, c.item_id is not None, local_time(c.updated_at))
        for c in session.commitments()
    ]
    return _write_csv(path, COMMITMENT_COLUMNS, rows, _words(session, language))


# -- the JSON ------------------------------------------------------------------------


def session_data(session: LiveSession) -> dict:
    """The whole session as plain JSON-able data (what `export_session_json` writes)."""
    record = session.record
    deck = session.workshop.deck
    attendees = session.attendees()
    polls = []
    for poll in _polls_in_order(session):
        exercise = session.exercise_of(poll)
        entry: dict[str, Any] = {
            "id": poll.id,
            "exercise_id": poll.exercise_id,
            "kind": poll.kind,
            "exercise": poll.definition,
            "slide_number": poll.slide_index + 1 if poll.slide_index is not None else None,
            "state": poll.state,
            "revealed": poll.revealed,
            "opened_at": iso_time(poll.opened_at),
            "closed_at": iso_time(poll.closed_at),
        }
        if exercise.kind.is_board:
            entry["items"] = [
                {
                    "id": item.id,
                    "attendee_id": item.attendee_id,
                    "text": item.text,
                    "upvotes": item.upvotes,
                    "hidden": item.hidden,
                    "answered": item.answered,
                    "created_at": iso_time(item.created_at),
                }
                for item in session.items(poll.id, include_hidden=True)
            ]
        else:
            entry["responses"] = [
                _response_data(exercise, response)
                for response in session.store.responses(poll.id)
            ]
        polls.append(entry)
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "session": {
            "id": session.id,
            "code": session.code,
            "title": record.title,
            "started_at": iso_time(record.started_at),
            "ended_at": iso_time(record.ended_at),
        },
        "workshop": {
            "title": deck.title,
            "subtitle": deck.subtitle,
            "facilitator": deck.facilitator,
            "organisation": deck.organisation,
            "date": deck.date.isoformat() if deck.date else None,
            "language": deck.language,
            "duration_minutes": deck.duration,
            "deck": deck.path.name,
            "slides": len(deck.slides),
        },
        "attendees": [_attendee_data(a) for a in attendees],
        "commitments": [
            {
                "attendee_id": c.attendee_id,
                "action": c.action,
                "due": c.due,
                "item_id": c.item_id,
                "updated_at": iso_time(c.updated_at),
            }
            for c in session.commitments()
        ],
        "polls": polls,
        "quiz_scores": [
            {
                "rank": entry.rank,
                "attendee_id": entry.attendee_id,
                "name": entry.name,
                "points": entry.points,
                "correct": entry.correct,
            }
            for entry in session.leaderboard()
        ],
    }


def _attendee_data(attendee: Attendee) -> dict:
    return {
        "id": attendee.id,
        "name": attendee.name,
        "joined_at": iso_time(attendee.joined_at),
        "last_seen_at": iso_time(attendee.last_seen_at),
    }


def _response_data(exercise: Exercise, response: ResponseRecord) -> dict:
    return {
        "attendee_id": response.attendee_id,
        "answer": response.answer,  # as stored: option indexes, ratings, words
        "submitted_at": iso_time(response.submitted_at),
        "updated_at": iso_time(response.updated_at),
        **KIND_EXPORTS[exercise.kind].response_data(exercise, response),
    }


def export_session_json(session: LiveSession, path) -> Path:
    path = Path(path)
    text = json.dumps(session_data(session), ensure_ascii=False, indent=2, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


# -- all of them ---------------------------------------------------------------------


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


def export_prefix(session: LiveSession) -> str:
    """`social-media-is-everyone-s-job-2026-05-28`: what the exported files start with."""
    record = session.record
    day = datetime.date.fromtimestamp(record.started_at).isoformat()
    return f"{_slug(record.title) or 'session'}-{day}-{session.code.lower()}"


def export_all(session: LiveSession, folder, rosters: Iterable[Roster] = (),
               language: str | None = None) -> dict[str, Path]:
    """Write the five exports into `folder` (made if missing); returns them by kind.
    `rosters` give the commitments their attendees' emails; the CSV files' column names
    are in `language` (a BCP-47 tag), else the deck's."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    prefix = export_prefix(session)
    return {
        "attendance": export_attendance(session, folder / f"{prefix}-attendance.csv", language),
        "responses": export_responses(session, folder / f"{prefix}-responses.csv", language),
        "ideas": export_ideas(session, folder / f"{prefix}-ideas.csv", language),
        "commitments": export_commitments(
            session, folder / f"{prefix}-commitments.csv", roster_emails(rosters), language
        ),
        "session": export_session_json(session, folder / f"{prefix}-session.json"),
    }
