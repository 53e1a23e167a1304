"""The settings panel: system prompt, sampling, thinking and model loading.

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

The sections live in :mod:`sections`, :mod:`thinking_section` and
:mod:`load_section`, the controls they are made of in
:mod:`controls`, their words in :mod:`texts`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from llamadesk.core.engine import PRESETS, ReasoningOptions, SamplingParams, ThinkingSupport
from llamadesk.core.machine import LoadOptions
from llamadesk.ui.settings_panel import texts
from llamadesk.ui.settings_panel.controls import (
    MARGIN,
    SPACING,
    SegmentedSwitch,
    dot,
    hint_label,
    push_button,
)
from llamadesk.ui.settings_panel.load_section import LoadSection
from llamadesk.ui.settings_panel.sections import PromptSection, SamplingSection
from llamadesk.ui.settings_panel.style import settings_style_sheet
from llamadesk.ui.settings_panel.thinking_section import ThinkingSection

SCOPE_CONVERSATION = "conversation"
SCOPE_DEFAULTS = "defaults"
Values = tuple[str, SamplingParams, LoadOptions, ReasoningOptions]  # prompt, sampling, load, ...


class SettingsPanel(QWidget):
    """System prompt, sampling and load options of one scope, with presets.

    Every change signal's last argument is the scope the change was made in.
    """

    scope_changed = Signal(str)  # "conversation" or "defaults", after the user switched
    system_prompt_changed = Signal(str, str)  # text, scope (debounced while typing)
    sampling_changed = Signal(object, str)  # SamplingParams, scope
    reasoning_changed = Signal(object, str)  # ReasoningOptions, scope
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
        self._styling = False
        self._defaults: Values | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_scope_bar())
        self._prompt = PromptSection()
        self._sampling = SamplingSection()
        self._thinking = ThinkingSection()
        self._load = LoadSection()
        self._sections = {
            "prompt": self._prompt,
            "sampling": self._sampling,
            "thinking": self._thinking,
            "load": self._load,
        }
        self._scroll = scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setBackgroundRole(QPalette.ColorRole.Window)
        self._content = content = QWidget()
        content.setObjectName("settingsContent")
        column = QVBoxLayout(content)
        column.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        column.setSpacing(MARGIN)
        for section in self._sections.values():
            column.addWidget(section)
        column.addStretch(1)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        self._wide_width = 0  # the least content width with labels beside their controls
        scroll.installEventFilter(self)

        self._prompt.text_changed.connect(
            lambda text: self.system_prompt_changed.emit(text, self._scope)
        )
        self._prompt.bar.save_requested.connect(
            lambda name: self.system_prompt_preset_saved.emit(name, self.current_system_prompt())
        )
        self._prompt.bar.delete_requested.connect(self.system_prompt_preset_deleted)
        self._sampling.sampling_changed.connect(
            lambda params: self.sampling_changed.emit(params, self._scope)
        )
        self._sampling.bar.save_requested.connect(self._on_sampling_preset_save)
        self._thinking.reasoning_changed.connect(
            lambda options: self.reasoning_changed.emit(options, self._scope)
        )
        self._sampling.bar.delete_requested.connect(self.sampling_preset_deleted)
        self._load.options_applied.connect(
            lambda options: self.load_options_applied.emit(options, self._scope)
        )
        for section in self._sections.values():
            section.edited.connect(self._update_overrides)

        self._retranslate()
        self._apply_style()
        self.set_sampling_presets(PRESETS, {})
        self.set_values("", SamplingParams(), LoadOptions(), ReasoningOptions())
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
        self._scope_switch.buttons[SCOPE_CONVERSATION].setEnabled(available)
        self._prompt.stop_timer()
        self._sampling.stop_timer()
        self._show_scope(self._preferred_scope if available else SCOPE_DEFAULTS)

    def set_values(
        self,
        system_prompt: str,
        sampling: SamplingParams,
        load: LoadOptions,
        reasoning: ReasoningOptions,
        *,
        defaults: Values | None = None,
    ) -> None:
        """Show the current scope's values. ``defaults`` are the global values, to mark the
        fields where a conversation differs from them. Emits nothing; edits still being typed
        and load options not yet applied are dropped."""
        self._defaults = defaults
        self._prompt.set_text(system_prompt)
        self._sampling.set_params(sampling)
        self._thinking.set_options(reasoning)
        self._load.set_options(load)
        for section in self._sections.values():
            section.hide_errors()
        self._refresh()

    def set_thinking_support(self, support: ThinkingSupport) -> None:
        """What the loaded model lets the user choose about its thinking (a model that does
        not think: no thinking section)."""
        self._thinking.set_support(support)
        self._update_overrides()

    def set_context_choices(self, choices: list, trained: int) -> None:
        """The loaded model's context sizes with the memory each needs (ContextChoice), up to
        the length it was ``trained`` on; none while no model is loaded."""
        self._load.set_context_choices(choices, trained)

    def set_system_prompt_presets(self, builtin: dict[str, str], saved: dict[str, str]) -> None:
        """Presets as ``{name: text}``: ready ones (not deletable) and the user's own."""
        self._prompt.set_presets(builtin, saved)

    def set_sampling_presets(
        self, builtin: dict[str, SamplingParams], saved: dict[str, SamplingParams]
    ) -> None:
        """Presets as ``{name: SamplingParams}``: built-in ones and the user's own."""
        self._sampling.set_presets(builtin, saved)

    def current_system_prompt(self) -> str:
        return self._prompt.text()

    def current_sampling(self) -> SamplingParams:
        """The sampling the controls show. Raises :class:`SettingsError` while a value is
        invalid (the panel shows the message next to the control)."""
        return self._sampling.current()

    def current_load_options(self) -> LoadOptions:
        """The load options the controls show, applied or not. Raises
        :class:`SettingsError` while they are invalid."""
        return self._load.current()

    def load_options_pending(self) -> bool:
        """Whether the user changed load options without applying them yet."""
        return self._load.pending()

    def flush(self) -> None:
        """Deliver edits still waiting for the typing pause (call before switching the
        conversation the panel shows)."""
        self._prompt.flush()
        self._sampling.flush()

    # ------------------------------------------------------------ building
    def _build_scope_bar(self) -> QWidget:
        self._scope_bar = bar = QFrame()
        bar.setObjectName("scopeBar")
        layout = QVBoxLayout(bar)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, SPACING)
        layout.setSpacing(SPACING)
        self._scope_switch = SegmentedSwitch("scope", (SCOPE_CONVERSATION, SCOPE_DEFAULTS))
        self._scope_switch.chosen.connect(self._on_scope_clicked)
        layout.addWidget(self._scope_switch)

        self._scope_hint = hint_label()
        self._override_row = QWidget()
        overrides = QHBoxLayout(self._override_row)
        overrides.setContentsMargins(0, 0, 0, 0)
        overrides.setSpacing(SPACING)
        self._override_dot = dot()
        self._override_label = hint_label()
        self._override_label.setObjectName("override_summary")
        self._override_label.setWordWrap(False)
        self._reset_button = push_button("reset_conversation", "link")
        self._reset_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._reset_button.clicked.connect(self.reset_conversation_requested)
        overrides.addWidget(self._override_dot, 0, Qt.AlignmentFlag.AlignVCenter)
        overrides.addWidget(self._override_label, 1)
        overrides.addWidget(self._reset_button)
        layout.addWidget(self._scope_hint)
        layout.addWidget(self._override_row)
        return bar

    def _retranslate(self) -> None:
        conversation = self._scope_switch.buttons[SCOPE_CONVERSATION]
        conversation.setText(self.tr("This conversation"))
        conversation.setToolTip(
            self.tr(
                "Show and change the settings of the open conversation only. "
                "Other conversations are not affected."
            )
        )
        defaults = self._scope_switch.buttons[SCOPE_DEFAULTS]
        defaults.setText(self.tr("Defaults"))
        defaults.setToolTip(
            self.tr(
                "Show and change the defaults: every new conversation starts with these settings."
            )
        )
        self._reset_button.setText(self.tr("Reset to defaults"))
        self._reset_button.setToolTip(
            self.tr("Drop this conversation's own settings and use the defaults again.")
        )
        headings, labels, tips = texts.section_headings(), texts.field_labels(), texts.field_tips()
        for key, section in self._sections.items():
            section.set_texts(headings[key], labels, tips)
            section.retranslate()
        width = max(section.label_width() for section in self._sections.values())
        for section in self._sections.values():
            section.set_label_width(width + 12)  # room for the override dot
        self._measure()
        self._refresh()

    def _apply_style(self) -> None:
        sheet = settings_style_sheet(self.palette())
        if sheet != self.styleSheet():
            self._styling = True
            try:
                self.setStyleSheet(sheet)
            finally:
                self._styling = False
            self._measure()  # the style's padding and borders take room

    # ------------------------------------------------------------ reflow
    def _measure(self) -> None:
        """How wide the content must be with the labels beside their controls, and with
        them above: narrower than that the panel cannot go, so nothing is ever cut."""
        least = {}
        for narrow in (True, False):
            for section in self._sections.values():
                section.set_narrow(narrow)
            self._content.layout().invalidate()
            least[narrow] = self._content.minimumSizeHint().width()
        self._wide_width = least[False]
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        words = sum(b.sizeHint().width() for b in self._scope_switch.buttons.values())
        scope = max(self._scope_bar.minimumSizeHint().width(), words + 2 * MARGIN + 12)
        self.setMinimumWidth(max(least[True] + bar, scope))
        self._reflow()

    def _reflow(self) -> None:
        """Labels above their controls where beside them would not fit."""
        room = self._scroll.width() - self._scroll.verticalScrollBar().sizeHint().width()
        for section in self._sections.values():
            section.set_narrow(room < self._wide_width)

    def showEvent(self, event) -> None:
        self._measure()  # now that the presets are in their boxes
        super().showEvent(event)

    def eventFilter(self, watched, event: QEvent) -> bool:
        if watched is self._scroll and event.type() == QEvent.Type.Resize:
            self._reflow()
        return super().eventFilter(watched, event)

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

    def _on_scope_clicked(self, scope: str) -> None:
        if scope == self._scope:
            return
        self.flush()  # edits made in the old scope belong to it
        self._preferred_scope = scope
        self._show_scope(scope)
        self.scope_changed.emit(scope)

    def _on_sampling_preset_save(self, name: str) -> None:
        self.flush()
        params = self._sampling.checked()
        if params is not None:
            self.sampling_preset_saved.emit(name, params)

    # ------------------------------------------------------------ derived state
    def _show_scope(self, scope: str) -> None:
        self._scope = scope
        self._scope_switch.set_current(scope)
        self._refresh()

    def _refresh(self) -> None:
        """Bring everything derived from the values up to date (no signals)."""
        self._scope_hint.setText(texts.scope_hint(self._scope == SCOPE_CONVERSATION))
        self._prompt.sync_preset()
        self._sampling.sync_preset()
        self._load.refresh()
        self._update_overrides()

    def _differences(self) -> set[str]:
        """The fields whose shown value differs from the defaults."""
        if self._defaults is None:
            return set()
        prompt, sampling, load, reasoning = self._defaults
        return (
            self._prompt.differences(prompt)
            | self._sampling.differences(sampling)
            | self._thinking.differences(reasoning)
            | self._load.differences(load)
        )

    def _update_overrides(self) -> None:
        conversation = self._scope == SCOPE_CONVERSATION
        different = self._differences() if conversation else set()
        tip = texts.differs_tip()
        for section in self._sections.values():
            for key, mark in section.dots.items():
                mark.setVisible(key in different)
                mark.setToolTip(tip if key in different else "")
        self._override_row.setVisible(conversation)
        count = len(different)
        self._override_label.setText(
            "" if self._defaults is None else texts.override_summary(count)
        )
        self._override_dot.setVisible(count > 0)
        self._reset_button.setEnabled(self._defaults is None or count > 0)
