"""The keyboard through the real window: shortcuts, the shortcut list, the sidebar's arrow
keys, the edit box's Enter, the tab order, and a narrow window that cuts nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QTabBar, QWidget

from llamadesk.ui.conversation import ConversationView, MessageItem
from llamadesk.ui.shortcuts import ShortcutsDialog, shortcuts, shown
from llamadesk.ui.window_layout import sidebar_shown
from tests.ui.window_helpers import TIMEOUT, active_path, load, make_window, send

CTRL = Qt.KeyboardModifier.ControlModifier


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitActive(window)


def press(qtbot, window, keys: str) -> None:
    """Type ``keys`` (as the table writes them) where the focus is."""
    combination = QKeySequence(keys)[0]
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())


@pytest.fixture
def window(qtbot, tiny_models):
    window = make_window(qtbot)
    load(qtbot, window, tiny_models["Q8_0"])
    active(qtbot, window)
    yield window
    window.close()


def test_every_action_of_the_table_has_its_keys_and_the_list_shows_them(qtbot, window):
    actions = {a.shortcut().toString(): a for a in window.findChildren(type(window.sidebar_action))}
    for entry in shortcuts():
        if entry.action:
            keys = QKeySequence(entry.keys[0]).toString()
            assert keys in actions, entry  # the window's action has the table's keys
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = [
        dialog.list.topLevelItem(g).child(r).text(1)
        for g in range(dialog.list.topLevelItemCount())
        for r in range(dialog.list.topLevelItem(g).childCount())
    ]
    assert rows == [entry.what for entry in shortcuts() if shown(entry)]
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    press(qtbot, window, "Ctrl+/")  # Help › Keyboard shortcuts, opened and closed


def test_regenerate_edit_and_copy_the_last_answer_from_the_keyboard(qtbot, window):
    send(qtbot, window, "Tell me a story")
    first = active_path(window)[-1]
    window.composer.focus()
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        press(qtbot, window, "Ctrl+R")
    again = active_path(window)[-1]
    assert again.id != first.id and again.role == "assistant"
    QGuiApplication.clipboard().clear()
    press(qtbot, window, "Ctrl+Shift+C")
    assert QGuiApplication.clipboard().text() == again.content
    press(qtbot, window, "Ctrl+E")
    question = window.view.message_widget(active_path(window)[-2].id)
    assert question.editing and QApplication.focusWidget() is question.editor
    qtbot.keyClick(question.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(question.editor, "with a dragon")
    assert question.editor.toPlainText() == "Tell me a story\nwith a dragon"
    with qtbot.waitSignal(window.chat.answer_finished, timeout=TIMEOUT):
        qtbot.keyClick(question.editor, Qt.Key.Key_Return)  # Enter sends, as in the box below
    assert active_path(window)[-2].content == "Tell me a story\nwith a dragon"


def test_nothing_to_regenerate_says_so(qtbot, window):
    window.composer.focus()
    press(qtbot, window, "Ctrl+R")
    assert window.notice.isVisible() and "no answer" in window.notice.label.text()


def test_arrow_keys_open_conversations_and_ctrl_f_searches(qtbot, window):
    send(qtbot, window, "First chat")
    first = window.chat.conversation_id
    window.open_conversation(None)
    send(qtbot, window, "Second chat")
    second = window.chat.conversation_id
    window.sidebar.list.setFocus()
    assert window.sidebar.list.currentItem().text() == window.store.get_conversation(second).title
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_Down)
    assert window.chat.conversation_id == first
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_Up)
    assert window.chat.conversation_id == second
    window.composer.focus()
    press(qtbot, window, "Ctrl+F")
    assert QApplication.focusWidget() is window.sidebar.search
    with qtbot.waitSignal(window.sidebar.search_changed, timeout=TIMEOUT):
        qtbot.keyClicks(window.sidebar.search, "First")
    qtbot.keyClick(window.sidebar.search, Qt.Key.Key_Tab)  # on to the hits, then open one
    assert QApplication.focusWidget() is window.sidebar.list
    qtbot.keyClick(window.sidebar.list, Qt.Key.Key_Return)
    assert window.chat.conversation_id == first


def test_ctrl_b_hides_the_sidebar_and_it_stays_hidden(qtbot, window):
    window.composer.focus()
    press(qtbot, window, "Ctrl+B")
    assert not window.sidebar.isVisible() and not window.sidebar_action.isChecked()
    assert not sidebar_shown()  # remembered for the next start
    press(qtbot, window, "Ctrl+F")  # searching brings it back
    assert window.sidebar.isVisible() and sidebar_shown()


def test_ctrl_l_opens_the_model_picker(qtbot, window):
    window.composer.focus()
    press(qtbot, window, "Ctrl+L")
    popup = window.picker.popup
    qtbot.waitUntil(popup.isVisible)
    assert QApplication.focusWidget() is popup.search  # type to find a model


def test_tab_goes_through_the_window_in_reading_order(qtbot, window):
    window.show_sidebar(True)
    order = [
        window.model_picker,
        window.sidebar.new_button,
        window.sidebar.search,
        window.sidebar.list,
    ]
    order[0].setFocus()
    for widget in order[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
    window.composer.focus()
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.composer.button


def test_the_edit_box_cancels_with_esc(qtbot):
    view = ConversationView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    view.set_messages([MessageItem(1, "user", "Old"), MessageItem(2, "assistant", "A")])
    assert view.edit_last_message()
    user = view.message_widget(1)
    qtbot.keyClick(user.editor, Qt.Key.Key_Escape)
    assert not user.editing


def within(widget: QWidget, visible: QWidget) -> bool:
    """Whether all of ``widget`` lies inside ``visible``'s rectangle, horizontally."""
    left = widget.mapTo(visible, QPoint(0, 0)).x()
    return left >= 0 and left + widget.width() <= visible.width()


def test_at_760_px_the_settings_panel_reflows_and_cuts_nothing(qtbot, window):
    window.show_sidebar(False)
    window.settings_dock.show()
    window.server_dock.show()  # the two docks as tabs: the tab bar must fit too
    window.settings_dock.raise_()
    window.resize(760, 800)
    qtbot.waitUntil(lambda: window.width() == 760, timeout=TIMEOUT)
    panel = window.settings_panel
    scroll = panel.findChild(QWidget, "settingsScroll")
    qtbot.waitUntil(lambda: panel._sampling.narrow, timeout=TIMEOUT)  # labels above
    viewport = scroll.viewport()
    controls = [
        w
        for w in panel.findChildren(QWidget)
        if w.isVisibleTo(panel) and viewport.isAncestorOf(w) and w.objectName() != ""
    ]
    assert len(controls) > 20
    cut = [w.objectName() for w in controls if not within(w, viewport)]
    assert cut == []
    for button in panel.findChildren(QWidget, "scope_conversation") + panel.findChildren(
        QWidget, "scope_defaults"
    ):
        assert button.width() >= button.sizeHint().width()  # its words are not cut
    tabs = [bar for bar in window.findChildren(QTabBar) if bar.isVisible()]
    assert tabs and all(bar.width() >= bar.sizeHint().width() for bar in tabs)
