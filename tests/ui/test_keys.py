import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from facilitator.ui.keys import BINDINGS, Action, action_for, describe_keys


def press(key: str) -> QKeyEvent:
    """The event a keyboard sends for a key as QKeySequence spells it."""
    combination = QKeySequence(key)[0]
    text = key if len(key) == 1 else {"Space": " "}.get(key, "")
    return QKeyEvent(QEvent.Type.KeyPress, combination.key(), combination.keyboardModifiers(), text)


@pytest.mark.parametrize(
    "binding, key", [(b, k) for b in BINDINGS for k in b.keys], ids=lambda v: v.action.name if hasattr(v, "action") else v
)
def test_every_key_in_the_table_triggers_its_action(qapp, binding, key):
    assert action_for(press(key)) == binding.action


def test_the_table_and_its_help_list_every_action_once():
    assert sorted(b.action.name for b in BINDINGS) == sorted(a.name for a in Action)


def test_no_key_means_two_things():
    keys = [k for b in BINDINGS for k in b.keys]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    "key, modifiers, text, action",
    [
        (Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier, "?", Action.HELP),
        (Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier, " ", Action.NEXT),
        (Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier, "\r", Action.NEXT),
        (Qt.Key.Key_B, Qt.KeyboardModifier.NoModifier, "b", Action.BLACK),
        (Qt.Key.Key_Minus, Qt.KeyboardModifier.NoModifier, "-", None),
        (Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier, "", None),
    ],
)
def test_what_keyboards_really_send(qapp, key, modifiers, text, action):
    assert action_for(QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)) == action


def test_keys_are_described_for_people(qapp):
    described = {b.action: describe_keys(b) for b in BINDINGS}
    assert described[Action.NEXT].startswith("Right, Down, PgDown")
    assert described[Action.BLACK] == "B, ."
