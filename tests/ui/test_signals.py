"""Guards the Qt pin: PySide6 6.12.0 on CPython 3.11 aborts after a few hundred emits."""

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    """A signal with a Python payload, like the core events the UI forwards."""

    changed = Signal(object)


def test_ten_thousand_python_side_emits_do_not_crash(qtbot):
    emitter = Emitter()
    received = []
    emitter.changed.connect(received.append)
    for n in range(10_000):
        emitter.changed.emit(n)
    assert len(received) == 10_000 and received[-1] == 9_999


def test_bool_payloads_survive_many_emits(qtbot):
    # The 6.12.0 crash dropped a reference to True on each emit until it was freed.
    emitter = Emitter()
    received = []
    emitter.changed.connect(received.append)
    for n in range(10_000):
        emitter.changed.emit(n % 2 == 0)
    assert received.count(True) == 5_000
