"""The settings panel's thinking section: what a reasoning model is asked to do.

Shown only for a model that thinks, and each row only where the model's chat template has
the switch: thinking on or off (``enable_thinking``: Qwen3, SmolLM3, GLM...), the effort
(gpt-oss's ``reasoning_effort``), and a budget in tokens after which the engine closes
the reasoning and asks for the answer.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal

from llamadesk.core.engine import ReasoningOptions, ThinkingSupport
from llamadesk.ui.settings_panel import texts
from llamadesk.ui.settings_panel.controls import (
    Section,
    combo_box,
    fill_combo,
    signals_blocked,
    spin_box,
)

BUDGET_STEP = 256
_ROWS = {"thinking": "switch", "effort": "effort", "budget": "marked"}  # field: support flag


class ThinkingSection(Section):
    """Thinking on/off, reasoning effort and a thinking budget, as the model allows."""

    reasoning_changed = Signal(object)  # ReasoningOptions, different from the last

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent)
        self._last = ReasoningOptions()
        self._support = ThinkingSupport()
        self._thinking = combo_box("thinking")
        self._effort = combo_box("effort")
        self._budget = spin_box("budget", 0, 1_000_000, BUDGET_STEP)
        self._thinking.currentIndexChanged.connect(lambda _i: self._on_edited())
        self._effort.currentIndexChanged.connect(lambda _i: self._on_edited())
        self._budget.valueChanged.connect(lambda _v: self._on_edited())
        self._controls = {
            "thinking": self._thinking,
            "effort": self._effort,
            "budget": self._budget,
        }
        grid = self.add_grid()
        for key, control in self._controls.items():
            self.add_row(grid, key, control)
        self.set_support(ThinkingSupport())

    def set_support(self, support: ThinkingSupport) -> None:
        """Show the rows the loaded model's template has a use for (none: no section)."""
        self._support = support
        for key, flag in _ROWS.items():
            shown = getattr(support, flag)
            for widget in (self.labels[key], self._controls[key]):
                widget.setVisible(shown)
        self.setVisible(any(getattr(support, flag) for flag in _ROWS.values()))

    def set_options(self, options: ReasoningOptions) -> None:
        """Show ``options``; emits nothing."""
        self._last = options
        with self.quiet(), signals_blocked(self._thinking, self._effort, self._budget):
            self._thinking.setCurrentIndex(max(0, self._thinking.findData(options.thinking)))
            self._effort.setCurrentIndex(max(0, self._effort.findData(options.effort)))
            self._budget.setValue(options.budget)

    def current(self) -> ReasoningOptions:
        return ReasoningOptions(**self.field_values())

    def field_values(self) -> dict[str, object]:
        return {
            "thinking": self._thinking.currentData(),
            "effort": self._effort.currentData(),
            "budget": self._budget.value(),
        }

    def differences(self, defaults: ReasoningOptions) -> set[str]:
        shown = {key for key, flag in _ROWS.items() if getattr(self._support, flag)}
        return self.differing(self.field_values(), defaults) & shown

    def retranslate(self) -> None:
        default = QCoreApplication.translate("SettingsPanel", "Model default")
        fill_combo(
            self._thinking,
            [
                (None, default),
                (True, QCoreApplication.translate("SettingsPanel", "On")),
                (False, QCoreApplication.translate("SettingsPanel", "Off")),
            ],
        )
        fill_combo(self._effort, [(None, default), *texts.effort_items()])
        self._budget.setSpecialValueText(QCoreApplication.translate("SettingsPanel", "No limit"))
        self._budget.setSuffix(QCoreApplication.translate("SettingsPanel", " tokens"))

    def _on_edited(self) -> None:
        if self.is_quiet():
            return
        self.edited.emit()
        options = self.current()
        if options != self._last:
            self._last = options
            self.reasoning_changed.emit(options)
