"""The settings panel's model loading section: edited freely, applied on demand.

Load options take effect only when the model is loaded again, so the section keeps the
options the model was loaded with ("applied") apart from the ones shown, and delivers
the shown ones only when the user presses "Apply and reload model".
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout

from llamadesk.core.errors import SettingsError
from llamadesk.core.machine import ContextChoice, LoadOptions, physical_cores
from llamadesk.ui.common import is_dark, translated
from llamadesk.ui.settings_panel import texts
from llamadesk.ui.settings_panel.controls import (
    SPACING,
    Section,
    combo_box,
    combo_with_spin,
    field_problems,
    fill_combo,
    hint_label,
    push_button,
    signals_blocked,
    spin_box,
)


class LoadSection(Section):
    """Load options: edited freely, delivered only when the user applies them."""

    options_applied = Signal(object)  # LoadOptions

    def __init__(self, parent=None) -> None:
        super().__init__(parent=parent)
        self._applied = LoadOptions()
        self._pending = False
        self._choices: list[ContextChoice] = []  # the loaded model's sizes and their memory
        self._trained = 0  # the context length the loaded model was trained on
        self._cores = physical_cores()
        self._context = combo_box("n_ctx")
        self._context_custom = spin_box("n_ctx_custom", 256, 1_048_576, 256)
        self._gpu_layers = combo_box("gpu_layers")
        self._gpu_layers_custom = spin_box("gpu_layers_custom", 0, 10_000, 1)
        self._threads = spin_box("n_threads", 0, 512, 1)
        self._flash = combo_box("flash_attn")
        self._kv_type = combo_box("kv_type")
        self._mmap = QCheckBox()
        self._mmap.setObjectName("use_mmap")
        for spin in (self._context_custom, self._gpu_layers_custom, self._threads):
            spin.valueChanged.connect(lambda _v: self._on_edited())
        self._mmap.toggled.connect(lambda _c: self._on_edited())
        self._context.currentIndexChanged.connect(self._on_context_choice)
        self._gpu_layers.currentIndexChanged.connect(self._on_gpu_choice)
        for combo in (self._flash, self._kv_type):
            combo.currentIndexChanged.connect(lambda _i: self._on_edited())

        grid = self.add_grid()
        context = combo_with_spin(self._context, self._context_custom)
        self.add_row(grid, "n_ctx", context, tip_on=self._context)
        self._context_note = hint_label()
        self._context_note.setObjectName("context_note")
        self._context_note.hide()
        grid.addWidget(self._context_note, grid.rowCount(), 1)
        layers = combo_with_spin(self._gpu_layers, self._gpu_layers_custom)
        self.add_row(grid, "gpu_layers", layers, tip_on=self._gpu_layers)
        self.add_row(grid, "n_threads", self._threads)
        self.add_row(grid, "flash_attn", self._flash)
        self.add_row(grid, "kv_type", self._kv_type)
        self.add_row(grid, "use_mmap", self._mmap)

        self._discard_button = push_button("discard_load_options", "secondary")
        self._discard_button.clicked.connect(self._on_discard)
        self._apply_button = push_button("apply_load_options", "primary")
        self._apply_button.clicked.connect(self._on_apply)
        self._reload_note = hint_label()
        self._reload_note.setObjectName("reload_note")
        actions = QHBoxLayout()
        actions.setSpacing(SPACING)
        actions.addWidget(self._discard_button)
        actions.addWidget(self._apply_button, 1)
        self.body.addSpacing(4)
        self.body.addLayout(actions)
        self.body.addWidget(self._reload_note)

    def set_options(self, options: LoadOptions) -> None:
        """Show ``options`` as the applied ones; emits nothing, drops changes not applied."""
        self._applied = options
        self._show(options)

    def set_context_choices(self, choices: list[ContextChoice], trained: int) -> None:
        """The loaded model's context sizes (up to the length it was ``trained`` on) with the
        memory each needs; none: no model is loaded."""
        self._choices, self._trained = list(choices), trained
        with self.quiet():
            fill_combo(self._context, texts.context_size_items(self.locale(), self._choices))
        self._show(self.current_or_applied())
        self.refresh()

    def current_or_applied(self) -> LoadOptions:
        try:
            return self.current()
        except SettingsError:
            return self._applied

    def current(self) -> LoadOptions:
        """The options shown, applied or not; raises :class:`SettingsError` while invalid."""
        return replace(self._applied, **self.field_values())

    def field_values(self) -> dict[str, object]:
        context = self._context.currentData()
        layers = self._gpu_layers.currentData()
        return {
            "n_ctx": self._context_custom.value() if context == texts.CUSTOM else context,
            "gpu_layers": self._gpu_layers_custom.value() if layers == texts.CUSTOM else layers,
            "n_threads": self._threads.value() or None,
            "flash_attn": self._flash.currentData(),
            "kv_type": self._kv_type.currentData(),
            "use_mmap": self._mmap.isChecked(),
        }

    def pending(self) -> bool:
        """Whether the options shown differ from the applied ones."""
        return self._pending

    def differences(self, defaults: LoadOptions) -> set[str]:
        return self.differing(self.field_values(), defaults)

    def refresh(self) -> None:
        """Show what is wrong, and whether there is something to apply."""
        problems = field_problems(LoadOptions(), self.field_values())
        options = None
        if not problems:
            try:
                options = self.current()
            except SettingsError as error:  # a rule across fields, shown at the KV cache
                problems["kv_type"] = translated(error)
        self.show_errors(problems)
        n_ctx = options.n_ctx if options is not None else 0
        note = texts.context_note(self.locale(), n_ctx, self._choices, self._trained)
        self._context_note.setText(note)
        self._context_note.setVisible(bool(note))
        beyond = bool(self._trained) and n_ctx > self._trained
        amber = "#fbbf24" if is_dark(self.palette()) else "#b45309"
        self._context_note.setStyleSheet(f"color: {amber};" if beyond else "")
        pending = self._pending = options != self._applied
        self._apply_button.setEnabled(options is not None and pending)
        self._discard_button.setVisible(pending)
        self._reload_note.setVisible(options is not None and pending)

    def retranslate(self) -> None:
        self._context_custom.setToolTip(
            QCoreApplication.translate("SettingsPanel", "A context size of your choice, in tokens.")
        )
        self._gpu_layers_custom.setToolTip(
            QCoreApplication.translate(
                "SettingsPanel",
                "How many layers to put on the graphics card; the rest run on the processor.",
            )
        )
        self._threads.setSpecialValueText(
            QCoreApplication.translate("SettingsPanel", "Auto (%n core(s))", "", self._cores)
        )
        self._mmap.setText(QCoreApplication.translate("SettingsPanel", "Read the file as needed"))
        self._discard_button.setText(QCoreApplication.translate("SettingsPanel", "Discard"))
        self._discard_button.setToolTip(
            QCoreApplication.translate(
                "SettingsPanel",
                "Undo the changes above and keep the options the model was loaded with.",
            )
        )
        self._apply_button.setText(
            QCoreApplication.translate("SettingsPanel", "Apply and reload model")
        )
        self._apply_button.setToolTip(
            QCoreApplication.translate(
                "SettingsPanel",
                "Reload the model with the options above. The conversation is kept.",
            )
        )
        self._reload_note.setText(
            QCoreApplication.translate(
                "SettingsPanel", "Reloads the model: this takes a few seconds."
            )
        )
        with self.quiet():
            fill_combo(self._context, texts.context_size_items(self.locale(), self._choices))
            fill_combo(self._gpu_layers, texts.gpu_layer_items())
            fill_combo(self._flash, texts.flash_attn_items())
            fill_combo(self._kv_type, texts.kv_type_items())

    def _show(self, options: LoadOptions) -> None:
        with self.quiet():
            with signals_blocked(self._context, self._context_custom):
                index = self._context.findData(options.n_ctx)
                if index < 0:
                    index = self._context.findData(texts.CUSTOM)
                    self._context_custom.setValue(options.n_ctx)
                self._context.setCurrentIndex(index)
            self._context_custom.setVisible(self._context.currentData() == texts.CUSTOM)
            with signals_blocked(self._gpu_layers, self._gpu_layers_custom):
                if isinstance(options.gpu_layers, int):
                    self._gpu_layers.setCurrentIndex(self._gpu_layers.findData(texts.CUSTOM))
                    self._gpu_layers_custom.setValue(options.gpu_layers)
                else:
                    index = self._gpu_layers.findData(options.gpu_layers)
                    self._gpu_layers.setCurrentIndex(index)
            self._gpu_layers_custom.setVisible(self._gpu_layers.currentData() == texts.CUSTOM)
            with signals_blocked(self._threads, self._flash, self._kv_type, self._mmap):
                self._threads.setValue(options.n_threads or 0)
                self._flash.setCurrentIndex(max(self._flash.findData(options.flash_attn), 0))
                self._kv_type.setCurrentIndex(max(self._kv_type.findData(options.kv_type), 0))
                self._mmap.setChecked(options.use_mmap)

    def _on_context_choice(self, _index: int) -> None:
        custom = self._context.currentData() == texts.CUSTOM
        if custom and self._context_custom.isHidden():
            with signals_blocked(self._context_custom):
                self._context_custom.setValue(self._applied.n_ctx or 4096)
        self._context_custom.setVisible(custom)
        self._on_edited()

    def _on_gpu_choice(self, _index: int) -> None:
        custom = self._gpu_layers.currentData() == texts.CUSTOM
        applied = self._applied.gpu_layers
        if custom and self._gpu_layers_custom.isHidden() and isinstance(applied, int):
            with signals_blocked(self._gpu_layers_custom):
                self._gpu_layers_custom.setValue(applied)
        self._gpu_layers_custom.setVisible(custom)
        self._on_edited()

    def _on_edited(self) -> None:
        if self.is_quiet():
            return
        self.refresh()
        self.edited.emit()

    def _on_apply(self) -> None:
        try:
            options = self.current()
        except SettingsError:
            self.refresh()
            return
        self._applied = options
        self.refresh()
        self.options_applied.emit(options)

    def _on_discard(self) -> None:
        self._show(self._applied)
        self.refresh()
        self.edited.emit()
