"""The name-check list an organizer goes through before printing certificates.

Everyone who joined the session, then anyone from a roster who did not join under the
same name, each with what stops their certificate from printing (a character no
shipped font has, an empty or too long name) and what merely looks like a typo (all
capitals, all lower case, one word, the same name twice). A correction to someone who
joined renames them in the session itself, so the exports and a later reprint agree;
their certificate is then re-issued under the same number when printed.

Someone who joined and was present for less of the session than the organizer's minimum
(core.attendance) is flagged ("present for 12 of 55 minutes (22 %)") and left out of the
printing unless the organizer decides to print for them anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from facilitator.core import operations
from facilitator.core.attendance import Presence, presence_of
from facilitator.core.organizer import minimum_presence
from facilitator.core.roster import Roster, load_roster
from facilitator.core.session import MAX_NAME_LENGTH, LiveSession
from facilitator.core.text import clean_text, fold
from facilitator.core.translation import Message

from .certificates import (
    Person, UnprintableNamesError, WorkshopFacts, check_names, people_from_roster,
    people_from_session,
)


JOINED = Message("joined")


@dataclass(frozen=True)
class NameEntry:
    person: Person
    # Words the documents window says in its language (Messages): where the name came
    # from, why it cannot print, what looks like a typo.
    source: str  # "joined", or "roster line 4"
    problem: str | None = None  # why it cannot print; None when it can
    hint: str | None = None  # what looks like a typo, for the organizer to judge
    presence: Presence | None = None  # for someone who joined
    short: bool = False  # present for less than the minimum
    printed: bool = True  # False: short, and the organizer has not chosen to print anyway

    @property
    def name(self) -> str:
        return self.person.name


def printing_problem(name: str) -> str | None:
    try:
        check_names([name])
    except UnprintableNamesError as error:
        return error.problems[0][1]
    return None


def typo_hint(name: str) -> str | None:
    letters = [ch for ch in name if ch.isalpha()]
    cased = [ch for ch in letters if ch.lower() != ch.upper()]  # scripts with case
    if len(cased) > 1 and all(ch.isupper() for ch in cased):
        return Message("all capitals")
    if cased and all(ch.islower() for ch in cased):
        return Message("all lower case")
    if cased and len(name.split()) == 1:
        return Message("one word only")
    return None


class NameCheck:
    """The people to print for, in order, with their problems and hints: a session's
    attendees, a roster's people, or both."""

    def __init__(self, facts: WorkshopFacts, session: LiveSession | None = None, *,
                 minimum: int | None = None):
        """`minimum`: the presence (per cent) below which someone is left out unless
        chosen; by default the organizer's setting."""
        self.session = session
        self.facts = facts
        self.minimum = minimum if minimum is not None or session is None else minimum_presence(session.store)
        self._print_anyway: set[int] = set()  # attendee ids the organizer chose despite that
        self._roster: list[tuple[Person, str]] = []
        self.rosters: list[Roster] = []  # as added: the exports take their emails
        self.entries: list[NameEntry] = []
        self.refresh()

    def refresh(self) -> None:
        """Re-read who joined (someone may have corrected their own name meanwhile)."""
        people = [] if self.session is None else [
            (p, JOINED) for p in people_from_session(self.session)
        ]
        joined = {fold(p.name) for p, _ in people}
        people += [(p, source) for p, source in self._roster if fold(p.name) not in joined]
        seen: dict[str, int] = {}
        for person, _ in people:
            seen[fold(person.name)] = seen.get(fold(person.name), 0) + 1
        self.entries = [
            self._entry(person, source,
                        Message("the same name twice") if seen[fold(person.name)] > 1 else typo_hint(person.name))
            for person, source in people
        ]

    def _entry(self, person: Person, source: str, hint: str | None) -> NameEntry:
        entry = NameEntry(person, source, printing_problem(person.name), hint)
        if person.attendee_id is None or self.session is None:
            return entry
        presence = presence_of(
            self.session.store.attendee(person.attendee_id), self.session.record,
            self.session.clock.now(),
        )
        short = not presence.meets(self.minimum or 0)
        return replace(entry, presence=presence, short=short,
                       printed=not short or person.attendee_id in self._print_anyway)

    def decide(self, index: int, print_anyway: bool) -> None:
        """The organizer's decision for someone present for less than the minimum: print
        their certificate anyway, or leave them out (as they are until decided)."""
        attendee_id = self.entries[index].person.attendee_id
        if attendee_id is not None:
            (self._print_anyway.add if print_anyway else self._print_anyway.discard)(attendee_id)
        self.refresh()

    def set_minimum(self, percent: int) -> None:
        """Set the organizer's minimum presence (and remember it on this laptop)."""
        if self.session is not None:
            operations.set_minimum_presence(self.session, percent)
        self.minimum = percent
        self.refresh()

    def add_roster(self, path: Path | str) -> int:
        """Add a roster's people; returns how many were new to the list. Raises
        FormatError (every bad line) and changes nothing when the file is bad."""
        roster = load_roster(path)
        self.rosters.append(roster)
        before = len(self.entries)
        known = {fold(p.name) for p, _ in self._roster}
        for entry, person in zip(roster.entries, people_from_roster(roster, self.facts)):
            if fold(person.name) not in known:
                self._roster.append((person, Message("roster line {line}", line=str(entry.line))))
        self.refresh()
        return len(self.entries) - before

    def rename(self, index: int, name: str) -> None:
        """Correct the name at `index`. Raises DomainError for a name that is empty or
        too long, and changes nothing then. (A roster name corrected to the name of
        someone who joined leaves the list: they are the same person.)"""
        entry = self.entries[index]
        name = clean_text(name, what=Message("the name"), max_length=MAX_NAME_LENGTH, field="name")
        if entry.person.attendee_id is not None:
            operations.rename_attendee(self.session, entry.person.attendee_id, name)
        else:
            at = [p for p, _ in self._roster].index(entry.person)
            self._roster[at] = (replace(entry.person, name=name), self._roster[at][1])
        self.refresh()

    @property
    def problems(self) -> list[NameEntry]:
        return [entry for entry in self.entries if entry.problem]

    @property
    def short(self) -> list[NameEntry]:
        """Those present for less than the minimum (printed or not, as decided)."""
        return [entry for entry in self.entries if entry.short]

    @property
    def people(self) -> list[Person]:
        """Everyone on the list to print for, in order: whom to issue certificates for
        (core.operations.issue_certificates checks them all first). Those present for
        less than the minimum are left out unless the organizer chose them."""
        return [entry.person for entry in self.entries if entry.printed]
