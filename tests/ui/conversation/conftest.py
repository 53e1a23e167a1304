"""Fixtures for the conversation view's tests."""

from __future__ import annotations

import pytest

from llamadesk.ui.conversation import ConversationView


@pytest.fixture
def view(qtbot):
    widget = ConversationView()
    widget.open_links_externally = False
    widget.resize(900, 700)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
