"""Every key the presenter and projector windows answer to, in one table.

The keys are the ones presentation tools and clickers send: a clicker's forward and
back buttons are PageDown and PageUp, its "blank" button B or a full stop, its "start"
button F5 and Escape. The help overlay (?) shows this same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from facilitator.core.translation import Message


class Action(Enum):
    """What a key, a clicker button or a presenter button asks for. The windows bind
    each member to the function that carries it out (RunningSession.actions)."""

    NEXT = auto()
    PREVIOUS = auto()
    FIRST = auto()
    LAST = auto()
    BLACK = auto()
    WHITE = auto()
    JOIN_BAR = auto()
    PROJECTOR_FULL_SCREEN = auto()
    LEAVE_FULL_SCREEN = auto()
    SWAP_SCREENS = auto()
    JUMP = auto()
    OVERVIEW = auto()
    OPEN_POLL = auto()
    CLOSE_POLL = auto()
    TOGGLE_RESULTS = auto()
    END_SESSION = auto()
    DOCUMENTS = auto()
    ZOOM_IN_NOTES = auto()
    ZOOM_OUT_NOTES = auto()
    EDIT_NOTES = auto()
    HELP = auto()


@dataclass(frozen=True)
class Binding:
    action: Action
    keys: tuple[str, ...]  # as QKeySequence spells them; one printable character also matches typed text
    description: Message  # said in the window's language where it is shown


BINDINGS: tuple[Binding, ...] = (
    Binding(Action.NEXT, ("Right", "Down", "PgDown", "Space", "Return", "Enter", "N"),
            Message("Next slide (long results: their next page first)")),
    Binding(Action.PREVIOUS, ("Left", "Up", "PgUp", "Backspace", "P"),
            Message("Previous slide (long results: their previous page first)")),
    Binding(Action.FIRST, ("Home",), Message("First slide")),
    Binding(Action.LAST, ("End",), Message("Last slide")),
    Binding(Action.BLACK, ("B", "."), Message("Black screen (press again to come back)")),
    Binding(Action.WHITE, ("W", ","), Message("White screen (press again to come back)")),
    Binding(Action.JOIN_BAR, ("J",), Message("Show or hide the join bar (address, code, QR) on every slide")),
    Binding(Action.PROJECTOR_FULL_SCREEN, ("F5",), Message("Projector full screen")),
    Binding(Action.LEAVE_FULL_SCREEN, ("Esc",), Message("Leave full screen")),
    Binding(Action.SWAP_SCREENS, ("S",), Message("Swap the presenter and projector screens")),
    Binding(Action.JUMP, ("G",), Message("Go to slide number…")),
    Binding(Action.OVERVIEW, ("Tab",), Message("Overview of all slides")),
    Binding(Action.OPEN_POLL, ("O",), Message("Open this slide's poll")),
    Binding(Action.CLOSE_POLL, ("C",), Message("Close the poll")),
    Binding(Action.TOGGLE_RESULTS, ("R",), Message("Show or hide the results")),
    Binding(Action.END_SESSION, ("E",), Message("End the session (phones then offer the handout and certificates)…")),
    Binding(Action.DOCUMENTS, ("D",), Message("Certificates, handout and exports…")),
    Binding(Action.ZOOM_IN_NOTES, ("Ctrl++", "Ctrl+="), Message("Larger notes")),
    Binding(Action.ZOOM_OUT_NOTES, ("Ctrl+-",), Message("Smaller notes")),
    Binding(Action.EDIT_NOTES, ("F2",), Message("Edit this slide's notes (a PDF deck's, saved to its pdfpc file)")),
    Binding(Action.HELP, ("?", "F1", "H"), Message("This list of keys")),
)


def _combination(sequence: str) -> QKeyCombination:
    return QKeySequence(sequence)[0]


_BY_COMBINATION: dict[int, Action] = {}
_BY_TEXT: dict[str, Action] = {}
for _binding in BINDINGS:
    for _key in _binding.keys:
        if len(_key) == 1 and not _key.isalnum():
            _BY_TEXT[_key] = _binding.action  # punctuation: whatever the layout's shift state
        _BY_COMBINATION[_combination(_key).toCombined()] = _binding.action

# Shift alone does not change what a key means here (Shift+Space is still Space),
# but Ctrl and Alt do (Ctrl+- zooms, plain - does nothing).
_IGNORED = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def action_for(event: QKeyEvent) -> Action | None:
    """The action a key press asks for, or None."""
    if event.text() in _BY_TEXT:
        return _BY_TEXT[event.text()]
    modifiers = event.modifiers() & ~_IGNORED
    combination = QKeyCombination(modifiers, Qt.Key(event.key())).toCombined()
    return _BY_COMBINATION.get(combination)


def describe_keys(binding: Binding) -> str:
    """How the help overlay writes a binding's keys: "Right, Down, Page Down, …"."""
    return ", ".join(
        key if len(key) == 1 and not key.isalnum()
        else QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        for key in binding.keys
    )
