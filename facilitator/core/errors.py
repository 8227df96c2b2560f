"""The two kinds of error the core raises: a broken file, and an action the rules refuse."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, at a line (1-based)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class FormatError(Exception):
    """A deck, exercise or content file that cannot be used, with every problem found."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("a FormatError needs at least one problem")
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line))
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
