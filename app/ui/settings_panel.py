"""The settings panel: system prompt, sampling and model loading.

Meant for a ``QDockWidget`` on the right of the main window. It knows nothing of where
settings are stored: the window gives it plain values through setters and listens to
its signals. The panel shows one *scope* at a time, ``"conversation"`` (the open
conversation's own settings) or ``"defaults"`` (what new conversations start with), and
every change signal carries the scope it was made in as its last argument (a slot may
take only the first). Setting values never emits a change signal; only the user's edits
do. Load options are not applied as they change: the user presses "Apply and reload model".

Wiring in the window, roughly::

    panel.scope_changed.connect(lambda scope: panel.set_values(*values_for(scope), ...))
    panel.sampling_changed.connect(lambda params, scope: store(scope, params))
    # before switching conversation: panel.flush() delivers edits still being typed
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.backends import KV_TYPES, LoadOptions, physical_cores
from app.core.errors import SettingsError
from app.core.sampling import MAX_SEED, PRESETS, SamplingParams

SCOPE_CONVERSATION = "conversation"
SCOPE_DEFAULTS = "defaults"
CONTEXT_SIZES = (2048, 4096, 8192, 16384, 32768, 65536, 131072)
TYPING_DEBOUNCE_MS = 400  # typed text is delivered this long after the last key, or on focus-out
FULL_PRECISION_KV = ("f16", "bf16", "f32")  # any other KV cache type needs flash attention
_KV_ORDER = ("f16", "q8_0", "q5_1", "q5_0", "q4_1", "iq4_nl", "q4_0", "bf16", "f32")
_CUSTOM = "custom"
_SPACING = 8  # between controls
_MARGIN = 12  # around and between sections

_SAMPLING_KEYS = (
    "temperature",
    "top_p",
    "top_k",
    "min_p",
    "repeat_penalty",
    "max_tokens",
    "seed",
    "stop",
)
_LOAD_KEYS = ("n_ctx", "gpu_layers", "n_threads", "flash_attn", "kv_type", "use_mmap")

# ----------------------------------------------------------------- stop strings as text
_DECODE = {"n": "\n", "t": "\t", "r": "\r", "s": " ", "\\": "\\", ",": ","}
_ENCODE = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", ",": "\\,"}


def parse_stop_strings(text: str) -> tuple[str, ...]:
    r"""Stop strings from the editor: one per line or separated by commas.

    Escapes: ``\n`` new line, ``\t`` tab, ``\r``, ``\s`` space, ``\,`` comma, ``\\``
    backslash. Spaces around an item are dropped (write ``\s`` to keep one); empty items too.
    """
    items: list[str] = []
    for line in text.splitlines():
        chars: list[tuple[str, bool]] = []  # (character, written as an escape)
        i = 0
        while i <= len(line):
            ch = line[i] if i < len(line) else ","
            if ch == "\\" and i + 1 < len(line) and line[i + 1] in _DECODE:
                chars.append((_DECODE[line[i + 1]], True))
                i += 2
                continue
            if ch == ",":
                while chars and not chars[0][1] and chars[0][0].isspace():
                    chars.pop(0)
                while chars and not chars[-1][1] and chars[-1][0].isspace():
                    chars.pop()
                if chars:
                    items.append("".join(c for c, _ in chars))
                chars = []
            else:
                chars.append((ch, False))
            i += 1
    return tuple(items)


def format_stop_strings(stop: tuple[str, ...]) -> str:
    """The editor text for ``stop``: one per line, escaped so it parses back the same."""
    lines = []
    for item in stop:
        body = "".join(_ENCODE.get(ch, ch) for ch in item)
        lead = len(body) - len(body.lstrip(" "))
        trail = len(body) - len(body.rstrip(" ")) if body.strip(" ") else 0
        core = body[lead : len(body) - trail]
        lines.append("\\s" * lead + core + "\\s" * trail)
    return "\n".join(lines)


# ----------------------------------------------------------------- small building blocks
def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


@contextlib.contextmanager
def _signals_blocked(*objects: QObject) -> Iterator[None]:
    """Block the signals of ``objects`` for the duration of the ``with`` block."""
    previous = [obj.blockSignals(True) for obj in objects]
    try:
        yield
    finally:
        for obj, was in zip(objects, previous, strict=True):
            obj.blockSignals(was)


class _SliderSpin(QWidget):
    """A slider and a spin box showing one decimal value. ``value_committed`` fires when
    the value changes, except while the slider is being dragged (then once on release)."""

    value_committed = Signal(float)

    def __init__(self, minimum: float, maximum: float, step: float, parent=None) -> None:
        super().__init__(parent)
        self._scale = 100
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(round(minimum * self._scale), round(maximum * self._scale))
        self.slider.setSingleStep(round(step * self._scale))
        self.slider.setPageStep(round(step * self._scale * 5))
        self.spin = QDoubleSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setDecimals(2)
        self.spin.setSingleStep(step)
        self.spin.setKeyboardTracking(False)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.spin.setFixedWidth(self.spin.fontMetrics().horizontalAdvance("00.00") + 40)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(_SPACING)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        self.slider.valueChanged.connect(self._on_slider_value)
        self.slider.sliderReleased.connect(lambda: self.value_committed.emit(self.value()))
        self.spin.valueChanged.connect(self._on_spin_value)

    def value(self) -> float:
        return round(self.spin.value(), 2)

    def set_value(self, value: float) -> None:
        """Show ``value`` without emitting anything."""
        with _signals_blocked(self.slider, self.spin):
            self.spin.setValue(value)
            self.slider.setValue(round(value * self._scale))

    def set_tool_tip(self, text: str) -> None:
        for widget in (self, self.slider, self.spin):
            widget.setToolTip(text)

    def _on_slider_value(self, raw: int) -> None:
        with _signals_blocked(self.spin):
            self.spin.setValue(raw / self._scale)
        if not self.slider.isSliderDown():
            self.value_committed.emit(self.value())

    def _on_spin_value(self, value: float) -> None:
        with _signals_blocked(self.slider):
            self.slider.setValue(round(value * self._scale))
        self.value_committed.emit(self.value())


class _PresetBar(QWidget):
    """A preset combo box with "Save…" and "Delete", and an inline row asking for a name.

    The first entry, "Custom", stands for values that match no preset. Items carry
    ``("builtin", key)`` or ``("saved", name)``.
    """

    preset_chosen = Signal(str, str)  # kind ("builtin"/"saved"), name
    save_requested = Signal(str)  # the new preset's name
    delete_requested = Signal(str)  # a saved preset's name

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self._builtin: list[tuple[str, str]] = []  # (key, shown name)
        self._saved: list[str] = []
        self.label = QLabel()
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(6)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.save_button = QPushButton()
        self.delete_button = QPushButton()
        for button in (self.save_button, self.delete_button):
            button.setProperty("role", "secondary")
        self.name_edit = QLineEdit()
        self.name_edit.setClearButtonEnabled(True)
        self.confirm_button = QPushButton()
        self.confirm_button.setProperty("role", "primary")
        self.cancel_button = QPushButton()
        self.cancel_button.setProperty("role", "secondary")
        self.name_error = QLabel()
        self.name_error.setObjectName(f"{name}_preset_name_error")
        self.name_error.setProperty("role", "error")
        self.name_error.setWordWrap(True)
        self.name_error.hide()
        for widget, suffix in (
            (self.combo, ""),
            (self.save_button, "_save"),
            (self.delete_button, "_delete"),
            (self.name_edit, "_name"),
            (self.confirm_button, "_confirm"),
            (self.cancel_button, "_cancel"),
        ):
            widget.setObjectName(f"{name}_preset{suffix}")

        top = QHBoxLayout()
        top.setSpacing(_SPACING)
        top.addWidget(self.label)
        top.addWidget(self.combo, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.delete_button)
        self.name_row = QWidget()
        row = QHBoxLayout(self.name_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(_SPACING)
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.confirm_button)
        row.addWidget(self.cancel_button)
        self.name_row.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(_SPACING)
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

    def retranslate(self) -> None:
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

    def set_presets(self, builtin: list[tuple[str, str]], saved: list[str]) -> None:
        current = self.current()
        self._builtin, self._saved = list(builtin), sorted(saved, key=str.casefold)
        with _signals_blocked(self.combo):
            self.combo.clear()
            self.combo.addItem(self.tr("Custom"), None)
            for key, shown in self._builtin:
                self.combo.addItem(shown, ("builtin", key))
            if self._saved:
                self.combo.insertSeparator(self.combo.count())
                for name in self._saved:
                    self.combo.addItem(name, ("saved", name))
        self.select(current)

    def current(self) -> tuple[str, str] | None:
        return self.combo.currentData()

    def select(self, item: tuple[str, str] | None) -> None:
        """Show ``item`` (or "Custom" for None, or for an item no longer in the list)."""
        # findData compares wrapped Python objects by identity: compare the values here.
        found = [i for i in range(self.combo.count()) if self.combo.itemData(i) == item]
        index = found[0] if item is not None and found else 0
        with _signals_blocked(self.combo):
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


# ----------------------------------------------------------------- the panel
class SettingsPanel(QWidget):
    """System prompt, sampling and load options of one scope, with presets.

    Every change signal's last argument is the scope the change was made in.
    """

    scope_changed = Signal(str)  # "conversation" or "defaults", after the user switched
    system_prompt_changed = Signal(str, str)  # text, scope (debounced while typing)
    sampling_changed = Signal(object, str)  # SamplingParams, scope
    load_options_applied = Signal(object, str)  # LoadOptions, scope
    reset_conversation_requested = Signal()
    system_prompt_preset_saved = Signal(str, str)  # name, text
    system_prompt_preset_deleted = Signal(str)  # name
    sampling_preset_saved = Signal(str, object)  # name, SamplingParams
    sampling_preset_deleted = Signal(str)  # name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsPanel")
        self._scope = SCOPE_DEFAULTS
        self._preferred_scope = SCOPE_CONVERSATION
        self._scope_available = False
        self._quiet_depth = 0
        self._styling = False
        self._defaults: tuple[str, SamplingParams, LoadOptions] | None = None
        self._base_sampling = SamplingParams()  # keeps the fields the panel does not show
        self._last_sampling = self._base_sampling
        self._applied_load = LoadOptions()
        self._load_pending = False
        self._last_prompt = ""
        self._prompt_presets: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self._sampling_presets: tuple[dict[str, SamplingParams], dict[str, SamplingParams]] = (
            dict(PRESETS),
            {},
        )
        self._labels: dict[str, QLabel] = {}
        self._dots: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        self._grids: list[QGridLayout] = []
        self._title_rows: dict[str, QHBoxLayout] = {}
        self._focus_widgets: dict[str, QWidget] = {}  # the control each field label names
        self._cores = physical_cores()

        self._prompt_timer = QTimer(self, singleShot=True, interval=TYPING_DEBOUNCE_MS)
        self._prompt_timer.timeout.connect(self._flush_prompt)
        self._sampling_timer = QTimer(self, singleShot=True, interval=TYPING_DEBOUNCE_MS)
        self._sampling_timer.timeout.connect(self._on_sampling_edited)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_scope_bar())
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        content = QWidget()
        content.setObjectName("settingsContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        column.setSpacing(_MARGIN)
        column.addWidget(self._build_prompt_section())
        column.addWidget(self._build_sampling_section())
        column.addWidget(self._build_load_section())
        column.addStretch(1)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)

        self._retranslate()
        self._apply_style()
        self.set_sampling_presets(PRESETS, {})
        self.set_values("", SamplingParams(), LoadOptions())
        self.set_scope_available(False)

    # ------------------------------------------------------------ public API
    def scope(self) -> str:
        return self._scope

    def set_scope(self, scope: str) -> None:
        """Show ``scope`` ("conversation" needs a conversation open). Emits nothing; call
        :meth:`set_values` with that scope's values next."""
        if scope not in (SCOPE_CONVERSATION, SCOPE_DEFAULTS):
            raise ValueError(f"unknown scope {scope!r}")
        if scope == SCOPE_CONVERSATION and not self._scope_available:
            return
        self._preferred_scope = scope
        self._show_scope(scope)

    def set_scope_available(self, available: bool) -> None:
        """Whether a conversation is open. Without one only the defaults can be shown;
        with one the panel returns to the scope the user last chose. Emits nothing: read
        :meth:`scope` and call :meth:`set_values` with its values. Edits still being typed
        are dropped (call :meth:`flush` first to deliver them)."""
        self._scope_available = available
        self._conversation_button.setEnabled(available)
        self._stop_timers()
        self._show_scope(self._preferred_scope if available else SCOPE_DEFAULTS)

    def set_values(
        self,
        system_prompt: str,
        sampling: SamplingParams,
        load: LoadOptions,
        *,
        defaults: tuple[str, SamplingParams, LoadOptions] | None = None,
    ) -> None:
        """Show the current scope's values. ``defaults`` are the global values, to mark the
        fields where a conversation differs from them. Emits nothing; edits still being typed
        and load options not yet applied are dropped."""
        self._stop_timers()
        self._defaults = defaults
        self._base_sampling = self._last_sampling = sampling
        self._applied_load = load
        self._last_prompt = system_prompt
        with self._quiet():
            self._prompt.setPlainText(system_prompt)
            self._show_sampling(sampling)
            self._show_load(load)
        for label in self._errors.values():
            label.hide()
        self._refresh()

    def set_system_prompt_presets(self, builtin: dict[str, str], saved: dict[str, str]) -> None:
        """Presets as ``{name: text}``: ready ones (not deletable) and the user's own."""
        self._prompt_presets = (dict(builtin), dict(saved))
        self._prompt_bar.set_presets([(name, name) for name in builtin], list(saved))
        self._sync_prompt_preset()

    def set_sampling_presets(
        self, builtin: dict[str, SamplingParams], saved: dict[str, SamplingParams]
    ) -> None:
        """Presets as ``{name: SamplingParams}``: built-in ones and the user's own."""
        self._sampling_presets = (dict(builtin), dict(saved))
        shown = self._builtin_sampling_names()
        self._sampling_bar.set_presets(
            [(name, shown.get(name, name)) for name in builtin], list(saved)
        )
        self._sync_sampling_preset()

    def current_system_prompt(self) -> str:
        return self._prompt.toPlainText()

    def current_sampling(self) -> SamplingParams:
        """The sampling the controls show. Raises :class:`SettingsError` while a value is
        invalid (the panel shows the message next to the control)."""
        values = self._sampling_field_values()
        if isinstance(values["seed"], str):
            raise SettingsError(self._seed_error())
        return replace(self._base_sampling, **values)

    def current_load_options(self) -> LoadOptions:
        """The load options the controls show, applied or not. Raises
        :class:`SettingsError` while they are invalid."""
        options = replace(self._applied_load, **self._load_field_values())
        if options.kv_type not in FULL_PRECISION_KV and options.flash_attn == "off":
            raise SettingsError(self._kv_flash_error())
        return options

    def load_options_pending(self) -> bool:
        """Whether the user changed load options without applying them yet."""
        return self._load_pending

    def flush(self) -> None:
        """Deliver edits still waiting for the typing pause (call before switching the
        conversation the panel shows)."""
        if self._prompt_timer.isActive():
            self._flush_prompt()
        if self._sampling_timer.isActive():
            self._sampling_timer.stop()
            self._on_sampling_edited()

    # ------------------------------------------------------------ building
    def _build_scope_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("scopeBar")
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _SPACING)
        layout.setSpacing(_SPACING)
        segments = QFrame()
        segments.setObjectName("segments")
        row = QHBoxLayout(segments)
        row.setContentsMargins(3, 3, 3, 3)
        row.setSpacing(2)
        self._conversation_button = QPushButton()
        self._defaults_button = QPushButton()
        self._scope_group = QButtonGroup(self)
        for button, scope in (
            (self._conversation_button, SCOPE_CONVERSATION),
            (self._defaults_button, SCOPE_DEFAULTS),
        ):
            button.setProperty("role", "segment")
            button.setObjectName(f"scope_{scope}")
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.setProperty("scope", scope)
            self._scope_group.addButton(button)
            row.addWidget(button, 1)
        self._scope_group.buttonClicked.connect(
            lambda button: self._on_scope_clicked(button.property("scope"))
        )
        layout.addWidget(segments)

        self._scope_hint = self._hint_label()
        self._override_row = QWidget()
        overrides = QHBoxLayout(self._override_row)
        overrides.setContentsMargins(0, 0, 0, 0)
        overrides.setSpacing(_SPACING)
        self._override_dot = self._dot()
        self._override_label = self._hint_label()
        self._override_label.setObjectName("override_summary")
        self._override_label.setWordWrap(False)
        self._reset_button = QPushButton()
        self._reset_button.setProperty("role", "link")
        self._reset_button.setObjectName("reset_conversation")
        self._reset_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._reset_button.clicked.connect(self.reset_conversation_requested)
        overrides.addWidget(self._override_dot, 0, Qt.AlignmentFlag.AlignVCenter)
        overrides.addWidget(self._override_label, 1)
        overrides.addWidget(self._reset_button)
        layout.addWidget(self._scope_hint)
        layout.addWidget(self._override_row)
        return bar

    def _build_prompt_section(self) -> QWidget:
        section, body = self._section("prompt")
        self._prompt_bar = _PresetBar("system_prompt")
        self._prompt_bar.preset_chosen.connect(self._on_prompt_preset_chosen)
        self._prompt_bar.save_requested.connect(
            lambda name: self.system_prompt_preset_saved.emit(name, self.current_system_prompt())
        )
        self._prompt_bar.delete_requested.connect(self.system_prompt_preset_deleted)
        self._prompt = QPlainTextEdit()
        self._prompt.setObjectName("system_prompt")
        self._prompt.setTabChangesFocus(True)
        self._prompt.setFixedHeight(self._text_height(5))
        self._prompt.textChanged.connect(self._on_prompt_typed)
        self._prompt.installEventFilter(self)
        self._title_rows["prompt"].insertWidget(1, self._dot_for("system_prompt"))
        body.addWidget(self._prompt_bar)
        body.addWidget(self._prompt)
        return section

    def _build_sampling_section(self) -> QWidget:
        section, body = self._section("sampling")
        self._sampling_bar = _PresetBar("sampling")
        self._sampling_bar.preset_chosen.connect(self._on_sampling_preset_chosen)
        self._sampling_bar.save_requested.connect(self._on_sampling_preset_save)
        self._sampling_bar.delete_requested.connect(self.sampling_preset_deleted)
        body.addWidget(self._sampling_bar)

        self._temperature = _SliderSpin(0.0, 5.0, 0.05)
        self._top_p = _SliderSpin(0.0, 1.0, 0.01)
        self._min_p = _SliderSpin(0.0, 1.0, 0.01)
        self._repeat_penalty = _SliderSpin(0.5, 2.0, 0.01)
        for key, widget in (
            ("temperature", self._temperature),
            ("top_p", self._top_p),
            ("min_p", self._min_p),
            ("repeat_penalty", self._repeat_penalty),
        ):
            widget.spin.setObjectName(key)
            widget.slider.setObjectName(f"{key}_slider")
            widget.value_committed.connect(lambda _v: self._on_sampling_edited())
        self._top_k = self._spin_box("top_k", 0, 1000, 5)
        self._max_tokens = self._spin_box("max_tokens", 1, 1_000_000, 256)
        self._seed = QLineEdit()
        self._seed.setObjectName("seed")
        self._seed.setClearButtonEnabled(True)
        self._seed.textEdited.connect(lambda _t: self._sampling_timer.start())
        self._seed.editingFinished.connect(self._flush_sampling_typing)
        self._stop = QPlainTextEdit()
        self._stop.setObjectName("stop")
        self._stop.setTabChangesFocus(True)
        self._stop.setFixedHeight(self._text_height(2))
        self._stop.textChanged.connect(self._on_stop_typed)
        self._stop.installEventFilter(self)

        grid = self._grid(body)
        for key, widget in (
            ("temperature", self._temperature),
            ("top_p", self._top_p),
            ("top_k", self._top_k),
            ("min_p", self._min_p),
            ("repeat_penalty", self._repeat_penalty),
            ("max_tokens", self._max_tokens),
            ("seed", self._seed),
            ("stop", self._stop),
        ):
            self._add_row(grid, key, widget)
        return section

    def _build_load_section(self) -> QWidget:
        section, body = self._section("load")
        self._context = self._combo("n_ctx")
        self._context_custom = self._spin_box("n_ctx_custom", 256, 1_048_576, 256)
        self._gpu_layers = self._combo("gpu_layers")
        self._gpu_layers_custom = self._spin_box("gpu_layers_custom", 0, 10_000, 1)
        self._threads = self._spin_box("n_threads", 0, 512, 1)
        self._flash = self._combo("flash_attn")
        self._kv_type = self._combo("kv_type")
        self._mmap = QCheckBox()
        self._mmap.setObjectName("use_mmap")
        self._mmap.toggled.connect(lambda _c: self._on_load_edited())
        self._context.currentIndexChanged.connect(self._on_context_choice)
        self._gpu_layers.currentIndexChanged.connect(self._on_gpu_choice)
        for combo in (self._flash, self._kv_type):
            combo.currentIndexChanged.connect(lambda _i: self._on_load_edited())

        grid = self._grid(body)
        self._add_row(grid, "n_ctx", self._pair(self._context, self._context_custom))
        self._add_row(grid, "gpu_layers", self._pair(self._gpu_layers, self._gpu_layers_custom))
        self._add_row(grid, "n_threads", self._threads)
        self._add_row(grid, "flash_attn", self._flash)
        self._add_row(grid, "kv_type", self._kv_type)
        self._add_row(grid, "use_mmap", self._mmap)

        self._discard_button = QPushButton()
        self._discard_button.setProperty("role", "secondary")
        self._discard_button.setObjectName("discard_load_options")
        self._discard_button.clicked.connect(self._on_discard_load)
        self._apply_button = QPushButton()
        self._apply_button.setProperty("role", "primary")
        self._apply_button.setObjectName("apply_load_options")
        self._apply_button.clicked.connect(self._on_apply_load)
        self._reload_note = self._hint_label()
        self._reload_note.setObjectName("reload_note")
        actions = QHBoxLayout()
        actions.setSpacing(_SPACING)
        actions.addWidget(self._discard_button)
        actions.addWidget(self._apply_button, 1)
        body.addSpacing(4)
        body.addLayout(actions)
        body.addWidget(self._reload_note)
        return section

    def _section(self, key: str) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame()
        frame.setObjectName("section")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        layout.setSpacing(_SPACING)
        title = QLabel()
        title.setObjectName("sectionTitle")
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        hint = self._hint_label()
        self._labels[f"{key}_title"] = title
        self._labels[f"{key}_hint"] = hint
        title_row = QHBoxLayout()
        title_row.setSpacing(6)
        title_row.addWidget(title)
        title_row.addStretch(1)
        self._title_rows[key] = title_row
        head = QVBoxLayout()
        head.setSpacing(2)
        head.addLayout(title_row)
        head.addWidget(hint)
        layout.addLayout(head)
        layout.addSpacing(2)
        return frame, layout

    def _grid(self, body: QVBoxLayout) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(_MARGIN)
        grid.setVerticalSpacing(_SPACING)
        grid.setColumnStretch(1, 1)
        body.addLayout(grid)
        self._grids.append(grid)
        return grid

    def _add_row(self, grid: QGridLayout, key: str, control: QWidget) -> None:
        row = grid.rowCount()
        label_box = QHBoxLayout()
        label_box.setSpacing(6)
        label_box.addWidget(self._field_label(key))
        label_box.addWidget(self._dot_for(key), 0, Qt.AlignmentFlag.AlignVCenter)
        label_box.addStretch(1)
        top = isinstance(control, QPlainTextEdit)
        align = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
        if top:
            label_box.setContentsMargins(0, 4, 0, 0)
        grid.addLayout(label_box, row, 0, align)
        grid.addWidget(control, row, 1)
        focus = control.focusProxy() or control
        if isinstance(control, _SliderSpin):
            focus = control.spin
        elif not focus.focusPolicy() & Qt.FocusPolicy.TabFocus:  # a combo and spin box pair
            focus = control.findChild(QComboBox) or focus
        self._labels[key].setBuddy(focus)
        self._focus_widgets[key] = focus
        error = QLabel()
        error.setObjectName(f"{key}_error")
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        self._errors[key] = error
        grid.addWidget(error, row + 1, 1)

    def _field_label(self, key: str) -> QLabel:
        label = QLabel()
        self._labels[key] = label
        return label

    def _dot(self) -> QLabel:
        dot = QLabel()
        dot.setProperty("role", "dot")
        dot.setFixedSize(6, 6)
        return dot

    def _dot_for(self, key: str) -> QLabel:
        dot = self._dot()
        dot.setObjectName(f"{key}_override")
        dot.hide()
        self._dots[key] = dot
        return dot

    def _hint_label(self) -> QLabel:
        label = QLabel()
        label.setProperty("role", "hint")
        label.setWordWrap(True)
        font = QFont(label.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.92, 7.0))
        label.setFont(font)
        return label

    def _spin_box(self, key: str, minimum: int, maximum: int, step: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(key)
        spin.setRange(minimum, maximum)
        spin.setSingleStep(step)
        spin.setKeyboardTracking(False)
        spin.setGroupSeparatorShown(True)
        spin.setAccelerated(True)
        if key in _SAMPLING_KEYS:
            spin.valueChanged.connect(lambda _v: self._on_sampling_edited())
        else:
            spin.valueChanged.connect(lambda _v: self._on_load_edited())
        return spin

    def _combo(self, key: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(key)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return combo

    @staticmethod
    def _pair(combo: QComboBox, spin: QSpinBox) -> QWidget:
        holder = QWidget()
        layout = QHBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(_SPACING)
        layout.addWidget(combo, 3)
        layout.addWidget(spin, 2)
        spin.hide()
        return holder

    def _text_height(self, lines: int) -> int:
        metrics = self.fontMetrics()
        return metrics.lineSpacing() * lines + 2 * 4 + 4  # document margin and frame

    # ------------------------------------------------------------ texts
    def _builtin_sampling_names(self) -> dict[str, str]:
        return {
            "Precise": self.tr("Precise"),
            "Balanced": self.tr("Balanced"),
            "Creative": self.tr("Creative"),
        }

    def _kv_labels(self) -> dict[str, str]:
        return {
            "f16": self.tr("F16 (default)"),
            "q8_0": self.tr("Q8_0 (half the memory)"),
            "q5_1": self.tr("Q5_1 (about a third)"),
            "q5_0": self.tr("Q5_0 (about a third)"),
            "q4_1": self.tr("Q4_1 (under a third)"),
            "iq4_nl": self.tr("IQ4_NL (a quarter)"),
            "q4_0": self.tr("Q4_0 (a quarter)"),
            "bf16": self.tr("BF16 (like F16)"),
            "f32": self.tr("F32 (twice F16)"),
        }

    def _seed_error(self) -> str:
        return self.tr("Seed must be a whole number from 0 to {max}, or empty for random.").format(
            max=MAX_SEED
        )

    def _kv_flash_error(self) -> str:
        # The engine refuses this combination with the same sentence when it loads.
        return self.tr("A quantized KV cache needs flash attention: set it to auto or on.")

    def _retranslate(self) -> None:
        tr = self.tr
        self._conversation_button.setText(tr("This conversation"))
        self._conversation_button.setToolTip(
            tr(
                "Show and change the settings of the open conversation only. "
                "Other conversations are not affected."
            )
        )
        self._defaults_button.setText(tr("Defaults"))
        self._defaults_button.setToolTip(
            tr("Show and change the defaults: every new conversation starts with these settings.")
        )
        self._reset_button.setText(tr("Reset to defaults"))
        self._reset_button.setToolTip(
            tr("Drop this conversation's own settings and use the defaults again.")
        )
        labels = {
            "prompt_title": tr("System prompt"),
            "prompt_hint": tr(
                "Instructions the model reads before the conversation: its role, tone and rules."
            ),
            "sampling_title": tr("Sampling"),
            "sampling_hint": tr(
                "How the model picks each next word. Applies from the next answer."
            ),
            "temperature": tr("Temperature"),
            "top_p": tr("Top-p"),
            "top_k": tr("Top-k"),
            "min_p": tr("Min-p"),
            "repeat_penalty": tr("Repeat penalty"),
            "max_tokens": tr("Max tokens"),
            "seed": tr("Seed"),
            "stop": tr("Stop strings"),
            "load_title": tr("Model loading"),
            "load_hint": tr(
                "How the model is put in memory. Takes effect when the model is reloaded."
            ),
            "n_ctx": tr("Context size"),
            "gpu_layers": tr("GPU layers"),
            "n_threads": tr("Threads"),
            "flash_attn": tr("Flash attention"),
            "kv_type": tr("KV cache"),
            "use_mmap": tr("Memory map"),
        }
        for key, text in labels.items():
            self._labels[key].setText(text)
            if key in self._focus_widgets:
                self._focus_widgets[key].setAccessibleName(text)

        prompt_tip = tr(
            "What the model should know and do in every answer: who it is, how to answer, "
            "what to avoid. Saved as you type."
        )
        self._prompt.setToolTip(prompt_tip)
        self._prompt.setPlaceholderText(
            tr("For example: You are a helpful assistant. Answer briefly and clearly.")
        )
        bar = self._prompt_bar
        bar.retranslate()
        bar.combo.setToolTip(
            tr("Fill in a ready-made system prompt. Ready ones come first, then your own.")
        )
        bar.save_button.setToolTip(tr("Save the instructions as a preset of your own."))
        bar.delete_button.setToolTip(
            tr("Delete the selected preset of your own. Ready-made presets cannot be deleted.")
        )
        bar = self._sampling_bar
        bar.retranslate()
        bar.combo.setToolTip(
            tr(
                "Start from a ready-made combination: Precise for facts and code, Balanced for "
                "everyday chat, Creative for stories and ideas. Your own presets follow."
            )
        )
        bar.save_button.setToolTip(tr("Save the sampling settings below as a preset of your own."))
        bar.delete_button.setToolTip(
            tr("Delete the selected preset of your own. Built-in presets cannot be deleted.")
        )
        self.set_sampling_presets(*self._sampling_presets)

        tips = {
            "temperature": tr(
                "Higher values make answers more varied and creative; lower values make them more "
                "focused and predictable. 0 always picks the most likely word."
            ),
            "top_p": tr(
                "Considers only the most likely words whose chances add up to this share. Lower "
                "values keep answers on safer ground; 1 turns this off."
            ),
            "top_k": tr(
                "Considers only this many of the most likely words at each step. Lower values "
                "make answers more focused; 0 turns this off."
            ),
            "min_p": tr(
                "Leaves out words far less likely than the best one: a word needs at least this "
                "share of the top word's chance. 0 turns this off."
            ),
            "repeat_penalty": tr(
                "Makes the model less likely to repeat words it has just used. 1 turns this off; "
                "about 1.1 suits most models."
            ),
            "max_tokens": tr(
                "The longest an answer may be, in tokens (a token is about three quarters of a "
                "word). The answer stops when it reaches this length."
            ),
            "seed": tr(
                "The starting point of the random choices. Leave empty for a different answer "
                "each time; enter a number to get the same answer again for the same question "
                "and settings."
            ),
            "stop": tr(
                "The answer ends as soon as the model writes one of these. One per line or "
                "separated by commas; write \\n for a new line, \\t for a tab, \\, for a comma "
                "and \\s for a space at the start or end."
            ),
            "n_ctx": tr(
                "How much text, in tokens, the model keeps in view: the conversation plus the "
                "answer. Larger sizes remember more but need more memory. Model default uses the "
                "length the model was trained for."
            ),
            "gpu_layers": tr(
                "How much of the model runs on the graphics card. Auto puts as many layers there "
                "as fit in its memory, All puts every layer there, None runs everything on the "
                "processor."
            ),
            "n_threads": tr(
                "How many processor threads run the model. Auto uses one per physical core, "
                "which is usually fastest."
            ),
            "flash_attn": tr(
                "A faster way to compute attention that also saves memory. Auto uses it where "
                "this computer supports it. A quantized KV cache needs it."
            ),
            "kv_type": tr(
                "How the model's memory of the conversation (the KV cache) is stored. Smaller "
                "types fit a longer context in the same memory at a small cost in quality; they "
                "need flash attention."
            ),
            "use_mmap": tr(
                "Read the model file from disk as it is needed instead of copying it into memory "
                "first. Loads faster and lets the system share memory; turn it off if the file "
                "is on a slow or unreliable drive."
            ),
        }
        widgets: dict[str, QWidget | _SliderSpin] = {
            "temperature": self._temperature,
            "top_p": self._top_p,
            "top_k": self._top_k,
            "min_p": self._min_p,
            "repeat_penalty": self._repeat_penalty,
            "max_tokens": self._max_tokens,
            "seed": self._seed,
            "stop": self._stop,
            "n_ctx": self._context,
            "gpu_layers": self._gpu_layers,
            "n_threads": self._threads,
            "flash_attn": self._flash,
            "kv_type": self._kv_type,
            "use_mmap": self._mmap,
        }
        for key, tip in tips.items():
            widget = widgets[key]
            if isinstance(widget, _SliderSpin):
                widget.set_tool_tip(tip)
            else:
                widget.setToolTip(tip)
            self._labels[key].setToolTip(tip)
        self._context_custom.setToolTip(tr("A context size of your choice, in tokens."))
        self._gpu_layers_custom.setToolTip(
            tr("How many layers to put on the graphics card; the rest run on the processor.")
        )
        self._seed.setPlaceholderText(tr("Random"))
        for button in self._seed.findChildren(QAbstractButton):  # the clear button
            button.setToolTip(tr("Clear the seed: a new random seed for every answer."))
        self._stop.setPlaceholderText(tr("For example: </s>, \\nUser:"))
        self._threads.setSpecialValueText(tr("Auto (%n cores)", "", self._cores))
        self._mmap.setText(tr("Read the file as needed"))
        self._discard_button.setText(tr("Discard"))
        self._discard_button.setToolTip(
            tr("Undo the changes above and keep the options the model was loaded with.")
        )
        self._apply_button.setText(tr("Apply and reload model"))
        self._apply_button.setToolTip(
            tr("Reload the model with the options above. The conversation is kept.")
        )
        self._reload_note.setText(tr("Reloads the model: this takes a few seconds."))

        number = QLocale(self.locale())
        number.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)  # 8,192 not 8192
        with self._quiet():
            self._fill_combo(
                self._context,
                [(0, tr("Model default"))]
                + [(n, tr("{size} tokens").format(size=number.toString(n))) for n in CONTEXT_SIZES]
                + [(_CUSTOM, tr("Custom…"))],
            )
            self._fill_combo(
                self._gpu_layers,
                [
                    ("auto", tr("Auto")),
                    ("all", tr("All")),
                    ("none", tr("None (CPU only)")),
                    (_CUSTOM, tr("Custom…")),
                ],
            )
            self._fill_combo(
                self._flash, [("auto", tr("Auto")), ("on", tr("On")), ("off", tr("Off"))]
            )
            kv_labels = self._kv_labels()
            order = [k for k in _KV_ORDER if k in KV_TYPES] + [
                k for k in KV_TYPES if k not in _KV_ORDER
            ]
            self._fill_combo(self._kv_type, [(k, kv_labels.get(k, k.upper())) for k in order])
        self._align_label_columns()
        self._refresh()

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[object, str]]) -> None:
        current = combo.currentData()
        with _signals_blocked(combo):
            combo.clear()
            for data, text in items:
                combo.addItem(text, data)
            index = combo.findData(current) if current is not None else -1
            combo.setCurrentIndex(max(index, 0))

    def _align_label_columns(self) -> None:
        width = (
            max(
                label.sizeHint().width()
                for key, label in self._labels.items()
                if key in (*_SAMPLING_KEYS, *_LOAD_KEYS)
            )
            + 12
        )  # room for the override dot
        for grid in self._grids:
            grid.setColumnMinimumWidth(0, width)

    # ------------------------------------------------------------ style
    def _apply_style(self) -> None:
        """A style sheet made from the current palette, so light and dark both look right.

        No rule styles the panel itself, so its palette stays the one it inherits and a
        palette change (light to dark) restyles it from the new colours."""
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        base = palette.color(QPalette.ColorRole.Base)
        accent = palette.color(QPalette.ColorRole.Highlight)
        accent_text = palette.color(QPalette.ColorRole.HighlightedText)
        dark = window.lightnessF() < 0.5
        card = _mix(window, QColor("white"), 0.06) if dark else base
        border = _mix(window, text, 0.16 if dark else 0.12)
        muted = _mix(text, window, 0.42)
        track = _mix(window, text, 0.07)
        error = QColor("#ff8a80") if dark else QColor("#c62828")
        hover = _mix(card, text, 0.06)
        sheet = f"""
            QFrame#scopeBar {{ border: none; border-bottom: 1px solid {border.name()}; }}
            QFrame#section {{
                background: {card.name()}; border: 1px solid {border.name()}; border-radius: 10px;
            }}
            QLabel[role="hint"] {{ color: {muted.name()}; }}
            QLabel[role="error"] {{ color: {error.name()}; }}
            QLabel[role="dot"] {{ background: {accent.name()}; border-radius: 3px; }}
            QFrame#segments {{
                background: {track.name()}; border: 1px solid {border.name()}; border-radius: 8px;
            }}
            QPushButton[role="segment"] {{
                background: transparent; border: none; border-radius: 6px;
                padding: 5px 8px; color: {muted.name()};
            }}
            QPushButton[role="segment"]:hover:!checked {{ color: {text.name()}; }}
            QPushButton[role="segment"]:checked {{
                background: {card.name()}; color: {text.name()}; border: 1px solid {border.name()};
            }}
            QPushButton[role="segment"]:disabled {{ color: {_mix(muted, window, 0.45).name()}; }}
            QPushButton[role="primary"] {{
                background: {accent.name()}; color: {accent_text.name()}; border: none;
                border-radius: 6px; padding: 6px 12px; font-weight: 600;
            }}
            QPushButton[role="primary"]:hover {{ background: {accent.lighter(110).name()}; }}
            QPushButton[role="primary"]:disabled {{
                background: {_mix(card, text, 0.08).name()}; color: {_mix(muted, card, 0.3).name()};
            }}
            QPushButton[role="secondary"] {{
                background: {card.name()}; color: {text.name()}; border: 1px solid {border.name()};
                border-radius: 6px; padding: 4px 10px;
            }}
            QPushButton[role="secondary"]:hover {{ background: {hover.name()}; }}
            QPushButton[role="secondary"]:disabled {{ color: {_mix(muted, window, 0.45).name()}; }}
            QPushButton[role="link"] {{
                background: transparent; border: none; color: {accent.name()}; padding: 2px 0;
            }}
            QPushButton[role="link"]:hover {{ text-decoration: underline; }}
            QPushButton[role="link"]:disabled {{ color: {_mix(muted, window, 0.3).name()}; }}
        """
        if sheet != self.styleSheet():
            self._styling = True
            try:
                self.setStyleSheet(sheet)
            finally:
                self._styling = False

    # ------------------------------------------------------------ events
    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self._retranslate()
        elif kind in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and (
            not self._styling
        ):
            self._apply_style()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            if watched is self._prompt:
                self._flush_prompt()
            elif watched is self._stop:
                self._flush_sampling_typing()
        return super().eventFilter(watched, event)

    # ------------------------------------------------------------ scope
    def _on_scope_clicked(self, scope: str) -> None:
        if scope == self._scope:
            return
        self.flush()  # edits made in the old scope belong to it
        self._preferred_scope = scope
        self._show_scope(scope)
        self.scope_changed.emit(scope)

    def _show_scope(self, scope: str) -> None:
        self._scope = scope
        button = self._conversation_button if scope == SCOPE_CONVERSATION else self._defaults_button
        button.setChecked(True)
        self._refresh()

    # ------------------------------------------------------------ system prompt
    @contextlib.contextmanager
    def _quiet(self) -> Iterator[None]:
        """Changes made inside are the panel's own: handlers do not emit."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    def _stop_timers(self) -> None:
        self._prompt_timer.stop()
        self._sampling_timer.stop()

    def _on_prompt_typed(self) -> None:
        if self._quiet_depth:
            return
        self._prompt_timer.start()
        self._sync_prompt_preset()
        self._update_overrides()

    def _flush_prompt(self) -> None:
        self._prompt_timer.stop()
        text = self.current_system_prompt()
        if text != self._last_prompt:
            self._last_prompt = text
            self.system_prompt_changed.emit(text, self._scope)

    def _on_prompt_preset_chosen(self, kind: str, name: str) -> None:
        builtin, saved = self._prompt_presets
        text = (builtin if kind == "builtin" else saved).get(name)
        if text is None:
            return
        with self._quiet():
            self._prompt.setPlainText(text)
        self._flush_prompt()
        self._update_overrides()

    def _sync_prompt_preset(self) -> None:
        text = self.current_system_prompt().strip()
        builtin, saved = self._prompt_presets
        self._prompt_bar.select(self._matching(text, builtin, saved, self._prompt_bar.current()))

    @staticmethod
    def _matching(value, builtin: dict, saved: dict, current) -> tuple[str, str] | None:
        """The preset that holds ``value``: the one selected if it still does, else the first."""

        def same(preset) -> bool:
            return (preset.strip() if isinstance(preset, str) else preset) == value

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

    # ------------------------------------------------------------ sampling
    def _show_sampling(self, params: SamplingParams) -> None:
        self._temperature.set_value(params.temperature)
        self._top_p.set_value(params.top_p)
        self._min_p.set_value(params.min_p)
        self._repeat_penalty.set_value(params.repeat_penalty)
        with _signals_blocked(self._top_k, self._max_tokens):
            self._top_k.setValue(params.top_k)
            self._max_tokens.setValue(params.max_tokens)
        self._seed.setText("" if params.seed is None else str(params.seed))
        self._stop.setPlainText(format_stop_strings(params.stop))

    def _read_seed(self) -> int | str | None:
        """The seed typed, None for random, or the text itself when it is not a number."""
        text = self._seed.text().strip()
        if not text or text.casefold() == self.tr("Random").casefold():
            return None
        return int(text) if text.isdigit() else text

    def _sampling_field_values(self) -> dict[str, object]:
        return {
            "temperature": self._temperature.value(),
            "top_p": self._top_p.value(),
            "top_k": self._top_k.value(),
            "min_p": self._min_p.value(),
            "repeat_penalty": self._repeat_penalty.value(),
            "max_tokens": self._max_tokens.value(),
            "seed": self._read_seed(),
            "stop": parse_stop_strings(self._stop.toPlainText()),
        }

    def _on_stop_typed(self) -> None:
        if not self._quiet_depth:
            self._sampling_timer.start()

    def _flush_sampling_typing(self) -> None:
        """Typing in the seed or stop strings ended (Enter, focus-out): deliver it now."""
        self._sampling_timer.stop()
        self._on_sampling_edited()

    def _on_sampling_edited(self) -> None:
        """A sampling control changed: show what is wrong, or emit the new parameters."""
        if self._quiet_depth:
            return
        self._sampling_timer.stop()
        values = self._sampling_field_values()
        problems: dict[str, str] = {}
        for key, value in values.items():
            if key == "seed" and isinstance(value, str):
                problems[key] = self._seed_error()
                continue
            try:
                replace(SamplingParams(), **{key: value})
            except SettingsError as error:
                problems[key] = str(error)
        params = None
        if not problems:
            try:
                params = replace(self._base_sampling, **values)
            except SettingsError as error:  # a rule across fields
                problems["temperature"] = str(error)
        self._show_errors(_SAMPLING_KEYS, problems)
        self._sync_sampling_preset()
        self._update_overrides()
        if params is not None and params != self._last_sampling:
            self._last_sampling = params
            self.sampling_changed.emit(params, self._scope)

    def _on_sampling_preset_chosen(self, kind: str, name: str) -> None:
        builtin, saved = self._sampling_presets
        params = (builtin if kind == "builtin" else saved).get(name)
        if params is None:
            return
        self._sampling_timer.stop()
        with self._quiet():
            self._show_sampling(params)
        self._on_sampling_edited()

    def _on_sampling_preset_save(self, name: str) -> None:
        self.flush()
        try:
            params = self.current_sampling()
        except SettingsError:
            self._on_sampling_edited()  # shows what to fix
            return
        self.sampling_preset_saved.emit(name, params)

    def _sync_sampling_preset(self) -> None:
        try:
            params = self.current_sampling()
        except SettingsError:
            params = None
        builtin, saved = self._sampling_presets
        current = self._sampling_bar.current()
        self._sampling_bar.select(
            None if params is None else self._matching(params, builtin, saved, current)
        )

    # ------------------------------------------------------------ load options
    def _show_load(self, options: LoadOptions) -> None:
        with _signals_blocked(self._context, self._context_custom):
            index = self._context.findData(options.n_ctx)
            if index < 0:
                index = self._context.findData(_CUSTOM)
                self._context_custom.setValue(options.n_ctx)
            self._context.setCurrentIndex(index)
        self._context_custom.setVisible(self._context.currentData() == _CUSTOM)
        with _signals_blocked(self._gpu_layers, self._gpu_layers_custom):
            if isinstance(options.gpu_layers, int):
                self._gpu_layers.setCurrentIndex(self._gpu_layers.findData(_CUSTOM))
                self._gpu_layers_custom.setValue(options.gpu_layers)
            else:
                self._gpu_layers.setCurrentIndex(self._gpu_layers.findData(options.gpu_layers))
        self._gpu_layers_custom.setVisible(self._gpu_layers.currentData() == _CUSTOM)
        with _signals_blocked(self._threads, self._flash, self._kv_type, self._mmap):
            self._threads.setValue(options.n_threads or 0)
            self._flash.setCurrentIndex(max(self._flash.findData(options.flash_attn), 0))
            self._kv_type.setCurrentIndex(max(self._kv_type.findData(options.kv_type), 0))
            self._mmap.setChecked(options.use_mmap)

    def _load_field_values(self) -> dict[str, object]:
        context = self._context.currentData()
        layers = self._gpu_layers.currentData()
        return {
            "n_ctx": self._context_custom.value() if context == _CUSTOM else context,
            "gpu_layers": self._gpu_layers_custom.value() if layers == _CUSTOM else layers,
            "n_threads": self._threads.value() or None,
            "flash_attn": self._flash.currentData(),
            "kv_type": self._kv_type.currentData(),
            "use_mmap": self._mmap.isChecked(),
        }

    def _on_context_choice(self, _index: int) -> None:
        custom = self._context.currentData() == _CUSTOM
        if custom and self._context_custom.isHidden():
            with _signals_blocked(self._context_custom):
                self._context_custom.setValue(self._applied_load.n_ctx or 4096)
        self._context_custom.setVisible(custom)
        self._on_load_edited()

    def _on_gpu_choice(self, _index: int) -> None:
        custom = self._gpu_layers.currentData() == _CUSTOM
        applied = self._applied_load.gpu_layers
        if custom and self._gpu_layers_custom.isHidden() and isinstance(applied, int):
            with _signals_blocked(self._gpu_layers_custom):
                self._gpu_layers_custom.setValue(applied)
        self._gpu_layers_custom.setVisible(custom)
        self._on_load_edited()

    def _on_load_edited(self) -> None:
        if self._quiet_depth:
            return
        self._refresh_load()
        self._update_overrides()

    def _refresh_load(self) -> None:
        values = self._load_field_values()
        problems: dict[str, str] = {}
        for key, value in values.items():
            try:
                replace(LoadOptions(), **{key: value})
            except SettingsError as error:
                problems[key] = str(error)
        options = None
        if not problems:
            try:
                options = self.current_load_options()
            except SettingsError as error:
                problems["kv_type"] = str(error)
        self._show_errors(_LOAD_KEYS, problems)
        pending = self._load_pending = options != self._applied_load
        self._apply_button.setEnabled(options is not None and pending)
        self._discard_button.setVisible(pending)
        self._reload_note.setVisible(options is not None and pending)

    def _on_apply_load(self) -> None:
        try:
            options = self.current_load_options()
        except SettingsError:
            self._refresh_load()
            return
        self._applied_load = options
        self._refresh_load()
        self.load_options_applied.emit(options, self._scope)

    def _on_discard_load(self) -> None:
        with self._quiet():
            self._show_load(self._applied_load)
        self._refresh_load()
        self._update_overrides()

    # ------------------------------------------------------------ shared
    def _show_errors(self, keys: tuple[str, ...], problems: dict[str, str]) -> None:
        for key in keys:
            label = self._errors[key]
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)

    def _refresh(self) -> None:
        """Bring everything derived from the values up to date (no signals)."""
        if not hasattr(self, "_apply_button"):
            return
        conversation = self._scope == SCOPE_CONVERSATION
        self._scope_hint.setText(
            self.tr("Changes apply to this conversation only.")
            if conversation
            else self.tr("Defaults for new conversations: each one starts with these settings.")
        )
        self._sync_prompt_preset()
        self._sync_sampling_preset()
        self._refresh_load()
        self._update_overrides()

    def _differences(self) -> set[str]:
        """The fields whose shown value differs from the defaults."""
        if self._defaults is None:
            return set()
        prompt, sampling, load = self._defaults
        different = set()
        if self.current_system_prompt() != prompt:
            different.add("system_prompt")
        for key, value in self._sampling_field_values().items():
            default = getattr(sampling, key)
            if isinstance(default, float):
                default = round(default, 2)
            if value != default:
                different.add(key)
        for key, value in self._load_field_values().items():
            if value != getattr(load, key):
                different.add(key)
        return different

    def _update_overrides(self) -> None:
        conversation = self._scope == SCOPE_CONVERSATION
        different = self._differences() if conversation else set()
        for key, dot in self._dots.items():
            dot.setVisible(key in different)
            dot.setToolTip(self.tr("Differs from the defaults") if key in different else "")
        self._override_row.setVisible(conversation)
        count = len(different)
        if self._defaults is None:
            text = ""
        elif count == 0:
            text = self.tr("Same as the defaults")
        elif count == 1:
            text = self.tr("1 setting differs from the defaults")
        else:
            text = self.tr("%n settings differ from the defaults", "", count)
        self._override_label.setText(text)
        self._override_dot.setVisible(count > 0)
        self._reset_button.setEnabled(self._defaults is None or count > 0)
