"""The settings panel's sections: system prompt, sampling and model loading.

Each section shows one group of values, checks the user's edits and says what changed
through its signals; it knows nothing of scopes or of where values are stored (that is
:class:`llamadesk.ui.settings_panel.panel.SettingsPanel`'s part). Values set by the program never
emit a change signal, only the user's edits do; ``edited`` fires after every edit, valid
or not, so the panel can mark the fields that differ from the defaults.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLineEdit, QPlainTextEdit

from llamadesk.core.engine import MAX_BEAMS, MAX_SEED, PRESETS, SamplingParams
from llamadesk.core.errors import SettingsError
from llamadesk.ui.common import translated
from llamadesk.ui.settings_panel import texts
from llamadesk.ui.settings_panel.controls import (
    Section,
    SliderSpin,
    field_problems,
    signals_blocked,
    spin_box,
    text_height,
)
from llamadesk.ui.settings_panel.presets import PresetBar, matching_preset
from llamadesk.ui.settings_panel.stop_strings import format_stop_strings, parse_stop_strings

TYPING_DEBOUNCE_MS = 400  # typed text is delivered this long after the last key, or on focus-out


def _text_editor(name: str, lines: int) -> QPlainTextEdit:
    editor = QPlainTextEdit()
    editor.setObjectName(name)
    editor.setTabChangesFocus(True)
    editor.setFixedHeight(text_height(editor, lines))
    return editor


class PresetSection(Section):
    """A section with a preset bar on top and typing delivered after a pause in it.

    ``bar`` asks for presets to be saved or deleted; choosing one is the section's part.
    """

    def __init__(self, bar_name: str, *, title_dot: str = "", parent=None) -> None:
        super().__init__(title_dot=title_dot, parent=parent)
        self._presets: tuple[dict[str, object], dict[str, object]] = ({}, {})
        self._timer = QTimer(self, singleShot=True, interval=TYPING_DEBOUNCE_MS)
        self._timer.timeout.connect(self._deliver_typing)
        self.bar = PresetBar(bar_name)
        self.bar.preset_chosen.connect(self._on_preset_chosen)
        self.body.addWidget(self.bar)

    def set_narrow(self, narrow: bool) -> None:
        self.bar.set_narrow(narrow)
        super().set_narrow(narrow)

    def flush(self) -> None:
        """Deliver typing still waiting for the pause."""
        if self._timer.isActive():
            self._deliver_typing()

    def stop_timer(self) -> None:
        """Drop typing still waiting for the pause."""
        self._timer.stop()

    def _select_preset_holding(self, value: object | None) -> None:
        """Show the preset that holds ``value``, or "Custom" (for None too)."""
        builtin, saved = self._presets
        current = self.bar.current()
        self.bar.select(None if value is None else matching_preset(value, builtin, saved, current))

    def _on_preset_chosen(self, kind: str, name: str) -> None:
        builtin, saved = self._presets
        value = (builtin if kind == "builtin" else saved).get(name)
        if value is not None:
            self._show_preset(value)

    def _deliver_typing(self) -> None:
        raise NotImplementedError

    def _show_preset(self, value: object) -> None:
        """Show the chosen preset's value and deliver it."""
        raise NotImplementedError


class PromptSection(PresetSection):
    """The system prompt, with presets."""

    text_changed = Signal(str)  # after a pause in typing, on focus-out or from a preset

    def __init__(self, parent=None) -> None:
        super().__init__("system_prompt", title_dot="system_prompt", parent=parent)
        self._last_text = ""
        self.editor = _text_editor("system_prompt", 5)
        self.editor.textChanged.connect(self._on_typed)
        self.editor.installEventFilter(self)
        self.body.addWidget(self.editor)

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Show ``text``; emits nothing and drops typing not yet delivered."""
        self.stop_timer()
        self._last_text = text
        with self.quiet():
            self.editor.setPlainText(text)

    def set_presets(self, builtin: dict[str, str], saved: dict[str, str]) -> None:
        self._presets = (dict(builtin), dict(saved))
        self.bar.set_presets([(name, translated(name)) for name in builtin], list(saved))
        self.sync_preset()

    def sync_preset(self) -> None:
        self._select_preset_holding(self.text().strip())

    def differences(self, default: str) -> set[str]:
        return {"system_prompt"} if self.text() != default else set()

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.bar.set_tool_tips(texts.prompt_preset_tips())
        self.editor.setToolTip(
            QCoreApplication.translate(
                "SettingsPanel",
                "What the model should know and do in every answer: who it is, how to answer, "
                "what to avoid. Saved as you type.",
            )
        )
        self.editor.setPlaceholderText(
            QCoreApplication.translate(
                "SettingsPanel",
                "For example: You are a helpful assistant. Answer briefly and clearly.",
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched is self.editor:
            self._deliver_typing()
        return super().eventFilter(watched, event)

    def _on_typed(self) -> None:
        if self.is_quiet():
            return
        self._timer.start()
        self.sync_preset()
        self.edited.emit()

    def _deliver_typing(self) -> None:
        self.stop_timer()
        text = self.text()
        if text != self._last_text:
            self._last_text = text
            self.text_changed.emit(text)

    def _show_preset(self, text: str) -> None:
        with self.quiet():
            self.editor.setPlainText(translated(text))  # a built-in one in the user's language
        self._deliver_typing()
        self.edited.emit()


class SamplingSection(PresetSection):
    """Sampling parameters, with presets. With more than one beam the answer is searched
    for, not sampled: the sampling controls are disabled and the beam ones enabled."""

    sampling_changed = Signal(object)  # SamplingParams, valid and different from the last

    def __init__(self, parent=None) -> None:
        super().__init__("sampling", parent=parent)
        self._presets = (dict(PRESETS), {})
        self._base = SamplingParams()  # keeps the fields the section does not show
        self._last = self._base
        self._temperature = SliderSpin(0.0, 5.0, 0.05)
        self._top_p = SliderSpin(0.0, 1.0, 0.01)
        self._min_p = SliderSpin(0.0, 1.0, 0.01)
        self._repeat_penalty = SliderSpin(0.5, 2.0, 0.01)
        self._top_k = spin_box("top_k", 0, 1000, 5)
        self._max_tokens = spin_box("max_tokens", 1, 1_000_000, 256)
        self._beams = spin_box("beams", 1, MAX_BEAMS, 1)
        for spin in (self._top_k, self._max_tokens, self._beams):
            spin.valueChanged.connect(lambda _v: self._on_edited())
        self._length_penalty = SliderSpin(-2.0, 2.0, 0.1)
        self._early_stopping = QCheckBox()
        self._early_stopping.setObjectName("early_stopping")
        self._early_stopping.toggled.connect(lambda _c: self._on_edited())
        self._seed = QLineEdit()
        self._seed.setObjectName("seed")
        self._seed.setClearButtonEnabled(True)
        self._seed.textEdited.connect(lambda _t: self._timer.start())
        self._seed.editingFinished.connect(self._deliver_typing)
        self._stop = _text_editor("stop", 2)
        self._stop.textChanged.connect(self._on_stop_typed)
        self._stop.installEventFilter(self)
        grid = self.add_grid()
        for key, widget in (
            ("temperature", self._temperature),
            ("top_p", self._top_p),
            ("top_k", self._top_k),
            ("min_p", self._min_p),
            ("repeat_penalty", self._repeat_penalty),
            ("max_tokens", self._max_tokens),
            ("seed", self._seed),
            ("stop", self._stop),
            ("beams", self._beams),
            ("length_penalty", self._length_penalty),
            ("early_stopping", self._early_stopping),
        ):
            if isinstance(widget, SliderSpin):
                widget.spin.setObjectName(key)
                widget.slider.setObjectName(f"{key}_slider")
                widget.value_committed.connect(lambda _v: self._on_edited())
            self.add_row(grid, key, widget)

    def set_params(self, params: SamplingParams) -> None:
        """Show ``params``; emits nothing and drops typing not yet delivered."""
        self.stop_timer()
        self._base = self._last = params
        self._show(params)

    def current(self) -> SamplingParams:
        """The parameters shown; raises :class:`SettingsError` while one is invalid."""
        values = self.field_values()
        if isinstance(values["seed"], str):
            raise SettingsError(self._seed_error())
        return replace(self._base, **values)

    def field_values(self) -> dict[str, object]:
        """What each control shows; the seed is the text itself when it is not a number."""
        return {
            "temperature": self._temperature.value(),
            "top_p": self._top_p.value(),
            "top_k": self._top_k.value(),
            "min_p": self._min_p.value(),
            "repeat_penalty": self._repeat_penalty.value(),
            "max_tokens": self._max_tokens.value(),
            "seed": self._read_seed(),
            "stop": parse_stop_strings(self._stop.toPlainText()),
            "beams": self._beams.value(),
            "length_penalty": self._length_penalty.value(),
            "early_stopping": self._early_stopping.isChecked(),
        }

    def set_presets(
        self, builtin: dict[str, SamplingParams], saved: dict[str, SamplingParams]
    ) -> None:
        self._presets = (dict(builtin), dict(saved))
        self.bar.set_presets([(name, translated(name)) for name in builtin], list(saved))
        self.sync_preset()

    def sync_preset(self) -> None:
        try:
            params = self.current()
        except SettingsError:
            params = None
        self._select_preset_holding(params)

    def checked(self) -> SamplingParams | None:
        """The parameters shown, or None after showing what to fix."""
        try:
            return self.current()
        except SettingsError:
            self._on_edited()
            return None

    def differences(self, defaults: SamplingParams) -> set[str]:
        return self.differing(self.field_values(), defaults)

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.bar.set_tool_tips(texts.sampling_preset_tips())
        self.set_presets(*self._presets)  # the built-in presets' names
        self._seed.setPlaceholderText(QCoreApplication.translate("SettingsPanel", "Random"))
        for button in self._seed.findChildren(QAbstractButton):  # the clear button
            button.setToolTip(
                QCoreApplication.translate(
                    "SettingsPanel", "Clear the seed: a new random seed for every answer."
                )
            )
        self._stop.setPlaceholderText(
            QCoreApplication.translate("SettingsPanel", "For example: </s>, \\nUser:")
        )
        self._early_stopping.setText(
            QCoreApplication.translate("SettingsPanel", "End once every beam has an answer")
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched is self._stop:
            self._deliver_typing()
        return super().eventFilter(watched, event)

    @staticmethod
    def _seed_error() -> str:
        return QCoreApplication.translate(
            "SettingsPanel", "Seed must be a whole number from 0 to {max}, or empty for random."
        ).format(max=MAX_SEED)

    def _on_stop_typed(self) -> None:
        if not self.is_quiet():
            self._timer.start()

    def _deliver_typing(self) -> None:
        """Typing in the seed or stop strings paused or ended (Enter, focus-out)."""
        self.stop_timer()
        self._on_edited()

    def _on_edited(self) -> None:
        """A control changed: show what is wrong, or emit the new parameters."""
        if self.is_quiet():
            return
        self.stop_timer()
        values = self.field_values()
        bad_seed = isinstance(values["seed"], str)
        problems = field_problems(
            SamplingParams(), {k: v for k, v in values.items() if not (k == "seed" and bad_seed)}
        )
        if bad_seed:
            problems["seed"] = self._seed_error()
        params = None
        if not problems:
            try:
                params = replace(self._base, **values)
            except SettingsError as error:  # a rule across fields
                problems["temperature"] = translated(error)
        self.show_errors(problems)
        self._enable_for_beams(values["beams"])
        self.sync_preset()
        self.edited.emit()
        if params is not None and params != self._last:
            self._last = params
            self.sampling_changed.emit(params)

    def _show_preset(self, params: SamplingParams) -> None:
        self.stop_timer()
        self._show(params)
        self._on_edited()

    def _show(self, params: SamplingParams) -> None:
        with self.quiet():
            self._temperature.set_value(params.temperature)
            self._top_p.set_value(params.top_p)
            self._min_p.set_value(params.min_p)
            self._repeat_penalty.set_value(params.repeat_penalty)
            with signals_blocked(self._top_k, self._max_tokens):
                self._top_k.setValue(params.top_k)
                self._max_tokens.setValue(params.max_tokens)
            self._seed.setText("" if params.seed is None else str(params.seed))
            self._stop.setPlainText(format_stop_strings(params.stop))
            self._length_penalty.set_value(params.length_penalty)
            with signals_blocked(self._beams, self._early_stopping):
                self._beams.setValue(params.beams)
                self._early_stopping.setChecked(params.early_stopping)
        self._enable_for_beams(params.beams)

    def _enable_for_beams(self, beams: int) -> None:
        """Beam search takes the most probable tokens: the sampling controls do nothing."""
        searching = beams > 1
        for widget in (
            self._temperature,
            self._top_p,
            self._top_k,
            self._min_p,
            self._repeat_penalty,
            self._seed,
        ):
            widget.setEnabled(not searching)
        self._length_penalty.setEnabled(searching)
        self._early_stopping.setEnabled(searching)

    def _read_seed(self) -> int | str | None:
        """The seed typed, None for random, or the text itself when it is not a number."""
        text = self._seed.text().strip()
        random = QCoreApplication.translate("SettingsPanel", "Random")
        if not text or text.casefold() == random.casefold():
            return None
        return int(text) if text.isdigit() else text
