"""Every key the presenter and projector windows answer to, in one table.

The keys are the ones presentation tools and clickers send: a clicker's forward and
back buttons are PageDown and PageUp, its "blank" button B or a full stop, its "start"
button F5 and Escape. The help overlay (?) shows this same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence


@dataclass(frozen=True)
class Binding:
    action: str  # the name of a PresenterController method taking no argument
    keys: tuple[str, ...]  # as QKeySequence spells them; one printable character also matches typed text
    description: str


BINDINGS: tuple[Binding, ...] = (
    Binding("next", ("Right", "Down", "PgDown", "Space", "Return", "Enter", "N"), "Next slide"),
    Binding("previous", ("Left", "Up", "PgUp", "Backspace", "P"), "Previous slide"),
    Binding("first", ("Home",), "First slide"),
    Binding("last", ("End",), "Last slide"),
    Binding("black", ("B", "."), "Black screen (press again to come back)"),
    Binding("white", ("W", ","), "White screen (press again to come back)"),
    Binding("start", ("F5",), "Projector full screen"),
    Binding("leave_full_screen", ("Esc",), "Leave full screen"),
    Binding("swap_screens", ("S",), "Swap the presenter and projector screens"),
    Binding("jump", ("G",), "Go to slide number…"),
    Binding("overview", ("Tab",), "Overview of all slides"),
    Binding("open_poll", ("O",), "Open this slide's poll"),
    Binding("close_poll", ("C",), "Close the poll"),
    Binding("toggle_results", ("R",), "Show or hide the results"),
    Binding("end_session", ("E",), "End the session (phones then offer the handout and certificates)…"),
    Binding("documents", ("D",), "Certificates, handout and exports…"),
    Binding("zoom_in_notes", ("Ctrl++", "Ctrl+="), "Larger notes"),
    Binding("zoom_out_notes", ("Ctrl+-",), "Smaller notes"),
    Binding("help", ("?", "F1", "H"), "This list of keys"),
)


def _combination(sequence: str) -> QKeyCombination:
    return QKeySequence(sequence)[0]


_BY_COMBINATION: dict[int, str] = {}
_BY_TEXT: dict[str, str] = {}
for _binding in BINDINGS:
    for _key in _binding.keys:
        if len(_key) == 1 and not _key.isalnum():
            _BY_TEXT[_key] = _binding.action  # punctuation: whatever the layout's shift state
        _BY_COMBINATION[_combination(_key).toCombined()] = _binding.action

# Shift alone does not change what a key means here (Shift+Space is still Space),
# but Ctrl and Alt do (Ctrl+- zooms, plain - does nothing).
_IGNORED = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def action_for(event: QKeyEvent) -> str | None:
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
