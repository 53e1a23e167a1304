"""Presets in the settings panel: the bar that picks, saves and deletes them, and which
preset a set of values matches."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from llamadesk.ui.common import translated
from llamadesk.ui.settings_panel.controls import (
    SPACING,
    combo_box,
    error_label,
    push_button,
    signals_blocked,
)

PresetItem = tuple[str, str]  # ("builtin", key) or ("saved", name)


def matching_preset(
    value: object, builtin: Mapping, saved: Mapping, current: PresetItem | None
) -> PresetItem | None:
    """The preset that holds ``value``: ``current`` if it still does, else the first one.

    Text presets match with white space around them ignored, a built-in one in English
    or in the user's language."""

    def same(preset: object) -> bool:
        if isinstance(preset, str):
            return value in (preset.strip(), translated(preset).strip())
        return preset == value

    if current is not None:
        kind, name = current
        table = builtin if kind == "builtin" else saved
        if name in table and same(table[name]):
            return current
    for kind, table in (("builtin", builtin), ("saved", saved)):
        for name, preset in table.items():
            if same(preset):
                return (kind, name)
    return None


class PresetBar(QWidget):
    """A preset combo box with "Save…" and "Delete", and an inline row asking for a name.

    The first entry, "Custom", stands for values that match no preset. Items carry
    ``("builtin", key)`` or ``("saved", name)``. The widgets are named ``{name}_preset``,
    ``{name}_preset_save`` and so on.
    """

    preset_chosen = Signal(str, str)  # kind ("builtin"/"saved"), name
    save_requested = Signal(str)  # the new preset's name
    delete_requested = Signal(str)  # a saved preset's name

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self._builtin: list[tuple[str, str]] = []  # (key, shown name)
        self._saved: list[str] = []
        self.label = QLabel()
        self.combo = combo_box(f"{name}_preset")
        self.save_button = push_button(f"{name}_preset_save", "secondary")
        self.delete_button = push_button(f"{name}_preset_delete", "secondary")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName(f"{name}_preset_name")
        self.name_edit.setClearButtonEnabled(True)
        self.confirm_button = push_button(f"{name}_preset_confirm", "primary")
        self.cancel_button = push_button(f"{name}_preset_cancel", "secondary")
        self.name_error = error_label(f"{name}_preset_name_error")

        self._top = top = QHBoxLayout()
        top.setSpacing(SPACING)
        top.addWidget(self.label)
        top.addWidget(self.combo, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.delete_button)
        self.name_row = QWidget()
        row = QHBoxLayout(self.name_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACING)
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.confirm_button)
        row.addWidget(self.cancel_button)
        self.name_row.hide()
        self._column = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addLayout(top)
        layout.addWidget(self.name_row)
        layout.addWidget(self.name_error)

        self.combo.activated.connect(self._on_activated)
        self.save_button.clicked.connect(self._ask_name)
        self.delete_button.clicked.connect(self._on_delete)
        self.confirm_button.clicked.connect(self._on_confirm)
        self.cancel_button.clicked.connect(self._close_name_row)
        self.name_edit.returnPressed.connect(self._on_confirm)
        self.name_edit.textChanged.connect(self._on_name_edited)
        shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.name_edit)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self._close_name_row)
        self.retranslate()

    def set_narrow(self, narrow: bool) -> None:
        """The "Preset" label above the box (a narrow panel), or beside it."""
        if narrow == (self._top.indexOf(self.label) < 0):
            return
        (self._top if narrow else self._column).removeWidget(self.label)
        if narrow:
            self._column.insertWidget(0, self.label)
        else:
            self._top.insertWidget(0, self.label)
        self.updateGeometry()  # the layout around it keeps the old sizes otherwise

    def retranslate(self) -> None:
        """Set the bar's own words; the list's and buttons' tooltips are the owner's."""
        self.label.setText(self.tr("Preset"))
        self.save_button.setText(self.tr("Save…"))
        self.delete_button.setText(self.tr("Delete"))
        self.name_edit.setPlaceholderText(self.tr("Name of the new preset"))
        self.name_edit.setToolTip(
            self.tr("The name your preset will have in the list. Press Enter to save.")
        )
        self.confirm_button.setText(self.tr("Save"))
        self.confirm_button.setToolTip(self.tr("Save the preset under this name."))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Close without saving a preset."))
        for button in self.name_edit.findChildren(QAbstractButton):  # the clear button
            button.setToolTip(self.tr("Clear the name."))
        if self.combo.count():
            self.combo.setItemText(0, self.tr("Custom"))

    def set_tool_tips(self, tips: tuple[str, str, str]) -> None:
        """Tooltips of the list, the "Save…" button and the "Delete" button."""
        for widget, tip in zip(
            (self.combo, self.save_button, self.delete_button), tips, strict=True
        ):
            widget.setToolTip(tip)

    def set_presets(self, builtin: list[tuple[str, str]], saved: list[str]) -> None:
        """``builtin`` as (key, shown name) pairs, in order; ``saved`` are sorted by name."""
        current = self.current()
        self._builtin, self._saved = list(builtin), sorted(saved, key=str.casefold)
        with signals_blocked(self.combo):
            self.combo.clear()
            self.combo.addItem(self.tr("Custom"), None)
            for key, shown in self._builtin:
                self.combo.addItem(shown, ("builtin", key))
            if self._saved:
                self.combo.insertSeparator(self.combo.count())
                for name in self._saved:
                    self.combo.addItem(name, ("saved", name))
        self.select(current)

    def current(self) -> PresetItem | None:
        return self.combo.currentData()

    def select(self, item: PresetItem | None) -> None:
        """Show ``item`` (or "Custom" for None, or for an item no longer in the list)."""
        # findData compares wrapped Python objects by identity: compare the values here.
        found = [i for i in range(self.combo.count()) if self.combo.itemData(i) == item]
        index = found[0] if item is not None and found else 0
        with signals_blocked(self.combo):
            self.combo.setCurrentIndex(max(index, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        current = self.current()
        self.delete_button.setEnabled(current is not None and current[0] == "saved")

    def _on_activated(self, _index: int) -> None:
        self._update_buttons()
        current = self.current()
        if current is not None:
            self.preset_chosen.emit(*current)

    def _ask_name(self) -> None:
        current = self.current()
        self.name_edit.setText(current[1] if current and current[0] == "saved" else "")
        self.name_row.show()
        self.save_button.setEnabled(False)
        self._on_name_edited(self.name_edit.text())
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def _close_name_row(self) -> None:
        self.name_row.hide()
        self.name_error.hide()
        self.save_button.setEnabled(True)

    def _name_problem(self, name: str) -> str | None:
        if not name:
            return ""
        shown = {s.casefold() for _, s in self._builtin} | {k.casefold() for k, _ in self._builtin}
        if name.casefold() in shown:
            return self.tr("A built-in preset has this name. Choose another name.")
        return None

    def _on_name_edited(self, text: str) -> None:
        name = text.strip()
        problem = self._name_problem(name)
        self.confirm_button.setEnabled(problem is None)
        if problem is None and name in self._saved:
            problem = self.tr("Saving replaces your preset with this name.")
        self.name_error.setText(problem or "")
        self.name_error.setVisible(bool(problem))

    def _on_confirm(self) -> None:
        name = self.name_edit.text().strip()
        if self._name_problem(name) is not None:
            return
        self._close_name_row()
        self.save_requested.emit(name)

    def _on_delete(self) -> None:
        current = self.current()
        if current is not None and current[0] == "saved":
            self.delete_requested.emit(current[1])
