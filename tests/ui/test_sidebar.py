"""The sidebar through real widgets and a real SQLite store: search hits, the keyboard."""

from __future__ import annotations

import pytest

from llamadesk.core.store import Store
from llamadesk.ui.conversation_list import HIT_ROLE, ConversationList, marked_html


@pytest.fixture
def store():
    store = Store()
    yield store
    store.close()


@pytest.fixture
def sidebar(qtbot):
    sidebar = ConversationList()
    qtbot.addWidget(sidebar)
    sidebar.resize(280, 500)
    sidebar.show()
    return sidebar


def test_search_hits_show_the_words_found_highlighted(qtbot, sidebar, store):
    chat = store.create_conversation("Lighthouse keepers")
    store.add_message(chat.id, None, "user", "<b>old</b> " * 30 + "the lighthouse keeper's lamp")
    sidebar.set_search_results(store.search("lighthouse"))
    rows = [sidebar.list.item(i).data(HIT_ROLE) for i in range(sidebar.list.count())]
    title_hit, message_hit = rows
    assert "\x02Lighthouse\x03" in title_hit[0] and title_hit[1] == ""
    snippet = message_hit[1]
    assert "\x02lighthouse\x03" in snippet and snippet.startswith("…<b>")  # a word boundary
    shown = marked_html(snippet, "#ffcc00")
    assert '<span style="background:#ffcc00; font-weight:600;">lighthouse</span>' in shown
    assert "&lt;b&gt;old&lt;/b&gt;" in shown  # a message's own markup stays text
    index = sidebar.list.model().index(1, 0)
    assert sidebar.list.visualRect(index).height() > 2 * sidebar.list.fontMetrics().height()
    assert not sidebar.list.grab().isNull()  # the delegate paints the rows
