"""The errors the core raises: a broken file, an action the rules refuse, and a
database that cannot be used or saved to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .ownership import Owner
from .translation import Message, Translator


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, at a line (1-based), or on a slide of a deck made in
    another tool (a PDF or PowerPoint file has no lines a person edits: its slides are
    what the trainer finds)."""

    path: Path
    line: int  # 0 when the problem is on a slide
    message: str
    slide: int | None = None  # 1-based, as the trainer's own tool numbers it

    def __str__(self) -> str:
        return str(self._line())

    def said(self, words: Translator) -> str:
        """The problem in `words`' language: the line a window or a command shows."""
        return words.say(self._line())

    def _line(self) -> Message:
        # The line number as digits in every language: an editor's "go to line" reads it.
        if self.slide is not None:
            return Message("{file}: slide {number}: {problem}", file=str(self.path), number=str(self.slide),
                           problem=self.message)
        return Message("{file}:{line}: {problem}", file=str(self.path), line=str(self.line), problem=self.message)


class FormatError(Exception):
    """A deck, exercise or content file that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("a FormatError needs at least one problem")
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.slide or 0))
        super().__init__("\n".join(str(p) for p in self.problems))


class DomainError(Exception):
    """An action the session's rules refuse. Raised before anything changes."""


class NotFound(DomainError):
    """No such session, attendee, poll, option or item."""


class NotAllowed(DomainError):
    """The action exists but is not allowed now or for this attendee."""


class InvalidInput(DomainError):
    """An answer or text that does not fit what the exercise asks for. `field` names the
    input it is about, as the action's caller sent it ("name", "text"), when known."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class StoreUnusable(Exception):
    """A database file that cannot be used, found before anything was written to it:
    which file, why in words, and what the person can do about it (Messages, which the
    database dialog and the commands say in their reader's language)."""

    def __init__(self, path: Path, cause: str, what_to_do: str):
        self.path = Path(path)
        self.cause = cause
        self.what_to_do = what_to_do
        super().__init__(Message("cannot use the database {path}: {cause}. {what_to_do}.", path=str(self.path),
                                 cause=cause, what_to_do=what_to_do))


class StoreInUse(StoreUnusable):
    """Another process owns the database: two writers would fail each other's writes.
    `owner` is who, as its lock file says (None when the file does not say)."""

    def __init__(self, path: Path, owner: Owner | None):
        self.owner = owner
        # What the owner is, as its lock file says in English: said in the reader's
        # language when it is a message of ours ("the Facilitator window"), else as it is.
        cause = Message("it is in use by another process") if owner is None else Message(
            "it is in use by process {pid} ({what}, since {time})",
            pid=str(owner.pid), what=Message(owner.what), time=owner.started,
        )
        super().__init__(path, cause, Message("Close Facilitator there first, or use another database file"))


class StorageFault(Exception):
    """The disk refused a read or write during a session (full, read-only, failing).

    Nothing of the failed write was committed; what was committed before stays. The
    cause is in words for a person: "the disk is full"."""

    def __init__(self, cause: str):
        self.cause = cause
        super().__init__(cause)
