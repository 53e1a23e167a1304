"""View › Language switches the whole window's language at once, and remembers it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication, QMenu, QTextBrowser

from llamadesk.core.settings import load_settings
from llamadesk.ui.common import install_translations
from llamadesk.ui.common.language import _contexts, _texts, _translations
from tests.ui.window_helpers import active_path, load, make_window, send


@pytest.fixture
def english(qapp):
    """The app speaks English through LlamaDesk's translator, as it does when it starts."""
    locale = QLocale()
    install_translations(qapp, "en")
    yield
    install_translations(qapp, "en")  # whatever a test switched to
    QLocale.setDefault(locale)


def menu_action(window, *path: str):
    """The action at ``path`` of menu titles (then the item), as a user clicks through."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == path[0])
    for title in path[1:-1]:
        menu = next(a.menu() for a in menu.actions() if a.menu() and a.text() == title)
    return next(a for a in menu.actions() if a.text() == path[-1])


def stale_texts(app: QApplication) -> list[str]:
    """Texts on screen that are ours but not yet in the current language."""
    translations, stale = _translations(app), []
    for widget in app.allWidgets():
        if not widget.isVisible() and not isinstance(widget, QMenu):
            continue
        for text, _setter in _texts(widget):
            say = translations.recognise(text, _contexts(widget))
            if say is not None and say() != text:
                stale.append(text)
    return stale


def zh(context: str, source: str) -> str:
    return QCoreApplication.translate(context, source)


def test_language_switches_every_visible_text_without_restart(qtbot, qapp, english):
    window = make_window(qtbot)
    window.settings_dock.show()
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.sidebar.new_button.text() == "New chat"

    menu_action(window, "&View", "&Language", "简体中文").trigger()

    assert QCoreApplication.translate("MainWindow", "&File") != "&File"  # Chinese is on
    assert window.menuBar().actions()[0].text() == zh("MainWindow", "&File")
    assert window.sidebar.new_button.text() == zh("ConversationList", "New chat")
    assert window.sidebar.search.placeholderText() == zh("ConversationList", "Search all messages")
    assert window.models_action.text() == zh("MainWindow", "Models")
    assert window.status.model.text() == zh("ModelStatusBar", "No model loaded")
    assert window.settings_dock.windowTitle() == zh("MainWindow", "Settings")
    assert stale_texts(qapp) == []
    assert load_settings()[0].language == "zh_CN"  # remembered for the next start
    chinese = menu_action(
        window, zh("MainWindow", "&View"), zh("MainWindow", "&Language"), "简体中文"
    )
    assert chinese.isChecked()

    menu_action(
        window, zh("MainWindow", "&View"), zh("MainWindow", "&Language"), "English"
    ).trigger()
    assert window.menuBar().actions()[0].text() == "&File"
    assert window.sidebar.new_button.text() == "New chat"
    assert window.status.model.text() == "No model loaded"
    assert stale_texts(qapp) == []
    assert load_settings()[0].language == "en"


def test_counts_joined_texts_and_stored_sentences_follow_the_switch(
    qtbot, qapp, english, tiny_model
):
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    send(qtbot, window, "Hello")
    stopped = "stopped at the length limit"  # one piece of the answer's line of figures
    assert stopped in window.view.message_widget(active_path(window)[-1].id).stats.text()
    assert "Last message just now" in window.sidebar.list.item(0).toolTip()

    menu_action(window, "&View", "&Language", "简体中文").trigger()

    answer = window.view.message_widget(active_path(window)[-1].id)  # made again
    assert zh("AssistantMessage", stopped) in answer.stats.text()
    assert zh("ConversationList", "just now") in window.sidebar.list.item(0).toolTip()
    chinese = (zh("MainWindow", "&View"), zh("MainWindow", "&Language"))
    menu_action(window, *chinese, "English").trigger()
    assert stopped in window.view.message_widget(active_path(window)[-1].id).stats.text()


def test_what_the_user_wrote_keeps_its_words(qtbot, qapp, english):
    window = make_window(qtbot)
    window.sidebar.search.setText("New chat")  # the user's words, equal to a label of ours
    window.composer.set_text("Send")
    conversation = window.store.create_conversation("Buttons")
    asked = window.store.add_message(conversation.id, None, "user", "Copy")
    window.store.add_message(conversation.id, asked.id, "assistant", "Stop")
    window.open_conversation(conversation.id)
    menu_action(window, "&View", "&Language", "简体中文").trigger()
    assert window.sidebar.search.text() == "New chat"
    assert window.composer.text() == "Send"
    shown = [block.toPlainText() for block in window.view.findChildren(QTextBrowser)]
    assert "Copy" in shown and "Stop" in shown
    install_translations(qapp, "en")


def test_appearance_is_chosen_in_view_and_remembered(qtbot, qapp, english):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPalette

    from llamadesk.ui.common import is_dark

    window = make_window(qtbot)
    try:
        menu_action(window, "&View", "&Appearance", "&Dark").trigger()
        assert is_dark(qapp.palette()) and is_dark(window.sidebar.palette())
        assert load_settings()[0].appearance == "dark"
        menu_action(window, "&View", "&Appearance", "&Light").trigger()
        assert not is_dark(qapp.palette())
        assert load_settings()[0].appearance == "light"
    finally:
        qapp.setStyleSheet("")
        qapp.setPalette(QPalette())
        qapp.styleHints().setColorScheme(Qt.ColorScheme.Unknown)
