"""Guards against Qt binding releases that break the app in ways no other test shows."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class _Emitter(QObject):
    happened = Signal(int)


def test_emitting_a_signal_does_not_steal_a_reference_to_true():
    # PySide6 6.12.0 returned True from emit() without adding a reference, so every
    # emit lowered True's refcount; a long chat (60 emits a second) then aborted the
    # interpreter with "deallocating True or False".
    emitter = _Emitter()
    emitter.happened.connect(lambda _value: None)
    before = sys.getrefcount(True)
    for _ in range(1000):
        emitter.happened.emit(1)
    assert sys.getrefcount(True) >= before - 10


def test_calling_a_method_without_a_result_does_not_steal_a_reference_to_none(qapp):
    # PySide6 6.12.0 dropped a reference to None on every call of a Qt method that returns
    # nothing, so every setter (thousands a second while an answer streams) lowered None's
    # refcount until the interpreter aborted with "deallocating None".
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(1000):
        widget.setEnabled(True)
    assert sys.getrefcount(None) >= before - 10
