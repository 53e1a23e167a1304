"""The settings panel, as real widgets offscreen: values in, the user's edits out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QWidget,
)

from llamadesk.core.engine import PRESETS, ReasoningOptions, SamplingParams
from llamadesk.core.machine import LoadOptions
from llamadesk.ui.settings_panel import SettingsPanel
from llamadesk.ui.settings_panel.stop_strings import format_stop_strings, parse_stop_strings

SIGNALS = (
    "scope_changed",
    "system_prompt_changed",
    "sampling_changed",
    "load_options_applied",
    "reset_conversation_requested",
    "system_prompt_preset_saved",
    "system_prompt_preset_deleted",
    "sampling_preset_saved",
    "sampling_preset_deleted",
)
PROMPT_PRESETS = {"Assistant": "You are a helpful assistant.", "Translator": "Translate."}


@pytest.fixture
def panel(qtbot) -> SettingsPanel:
    panel = SettingsPanel()
    qtbot.addWidget(panel)
    panel.resize(340, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def emitted(panel: SettingsPanel) -> list[tuple]:
    """Every signal the panel emits, as (name, *args)."""
    record: list[tuple] = []
    for name in SIGNALS:
        getattr(panel, name).connect(lambda *args, name=name: record.append((name, *args)))
    return record


def child(panel: QWidget, kind: type, name: str):
    widget = panel.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def error_text(panel: SettingsPanel, field: str) -> str:
    label = child(panel, QLabel, f"{field}_error")
    return label.text() if label.isVisibleTo(panel) else ""


def overridden(panel: SettingsPanel) -> set[str]:
    """The fields marked as differing from the defaults."""
    return {
        label.objectName().removesuffix("_override")
        for label in panel.findChildren(QLabel)
        if label.objectName().endswith("_override") and label.isVisibleTo(panel)
    }


def choose(combo: QComboBox, text: str) -> None:
    """Pick an item the way the user does: the current index changes, then activated."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not in {[combo.itemText(i) for i in range(combo.count())]}"
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def choose_data(combo: QComboBox, data) -> None:
    index = combo.findData(data)
    assert index >= 0
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def wheel(widget: QWidget, steps: int) -> None:
    """Turn the mouse wheel over ``widget``: ``steps`` notches, negative towards the user."""
    position = QPointF(widget.rect().center())
    event = QWheelEvent(
        position,
        QPointF(widget.mapToGlobal(position.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def type_number(qtbot, spin: QAbstractSpinBox, text: str) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


# ----------------------------------------------------------------- values in
def test_set_values_shows_them_and_emits_nothing(panel, emitted):
    sampling = SamplingParams(
        temperature=1.25, top_p=0.8, top_k=12, min_p=0.1, repeat_penalty=1.3, max_tokens=300,
        seed=1234, stop=("</s>",), presence_penalty=0.5,
    )  # fmt: skip
    load = LoadOptions(n_ctx=16384, gpu_layers=20, n_threads=6, flash_attn="on", kv_type="q8_0")
    panel.set_scope_available(True)
    defaults = ("", SamplingParams(), LoadOptions(), ReasoningOptions())
    panel.set_values("Be brief.", sampling, load, ReasoningOptions(), defaults=defaults)

    assert child(panel, QDoubleSpinBox, "temperature").value() == 1.25
    assert child(panel, QSlider, "temperature_slider").value() == 125
    assert child(panel, QSpinBox, "top_k").value() == 12
    assert child(panel, QLineEdit, "seed").text() == "1234"
    assert child(panel, QComboBox, "n_ctx").currentText() == "16,384 tokens"
    assert child(panel, QSpinBox, "gpu_layers_custom").value() == 20
    assert child(panel, QComboBox, "kv_type").currentText().startswith("Q8_0")
    assert panel.current_system_prompt() == "Be brief."
    assert panel.current_sampling() == sampling  # fields the panel does not show are kept
    assert panel.current_load_options() == load
    assert not panel.load_options_pending()
    panel.flush()  # nothing was waiting for the typing pause either
    assert emitted == []


def test_custom_context_size_and_auto_threads_are_shown(panel):
    panel.set_values(
        "", SamplingParams(), LoadOptions(n_ctx=5000, n_threads=None), ReasoningOptions()
    )
    assert child(panel, QComboBox, "n_ctx").currentData() == "custom"
    assert child(panel, QSpinBox, "n_ctx_custom").value() == 5000
    assert child(panel, QSpinBox, "n_threads").text().startswith("Auto")
    panel.set_values("", SamplingParams(), LoadOptions(n_ctx=0), ReasoningOptions())
    assert child(panel, QComboBox, "n_ctx").currentText() == "Auto"
    assert child(panel, QSpinBox, "n_ctx_custom").isHidden()


# ----------------------------------------------------------------- sampling
def test_typing_a_temperature_emits_sampling_with_it(panel, emitted, qtbot):
    panel.set_values("", SamplingParams(top_k=7), LoadOptions(), ReasoningOptions())
    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        type_number(qtbot, child(panel, QDoubleSpinBox, "temperature"), "1.3")
    params, scope = blocker.args
    assert params == SamplingParams(temperature=1.3, top_k=7)
    assert scope == "defaults"
    assert child(panel, QSlider, "temperature_slider").value() == 130
    assert [e[0] for e in emitted] == ["sampling_changed"]


def test_beam_search_in_the_panel_disables_what_it_does_not_use(panel, qtbot):
    panel.set_values("", SamplingParams(), LoadOptions(), ReasoningOptions())
    temperature = child(panel, QDoubleSpinBox, "temperature")
    penalty = child(panel, QDoubleSpinBox, "length_penalty")
    early = child(panel, QCheckBox, "early_stopping")
    assert temperature.isEnabled() and not penalty.isEnabled() and not early.isEnabled()
    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        type_number(qtbot, child(panel, QSpinBox, "beams"), "4")
    assert blocker.args[0].beams == 4
    assert not temperature.isEnabled() and not child(panel, QLineEdit, "seed").isEnabled()
    assert penalty.isEnabled() and early.isEnabled()
    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        type_number(qtbot, penalty, "0.5")
    assert blocker.args[0] == SamplingParams(beams=4, length_penalty=0.5)
    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        early.click()
    assert blocker.args[0].early_stopping is False
    assert panel.current_sampling() == SamplingParams(
        beams=4, length_penalty=0.5, early_stopping=False
    )
    panel.set_values("", SamplingParams(beams=1), LoadOptions(), ReasoningOptions())
    assert temperature.isEnabled() and not penalty.isEnabled()


def test_dragging_a_slider_emits_once_on_release(panel, emitted):
    slider = child(panel, QSlider, "top_p_slider")
    slider.setSliderDown(True)
    for value in (90, 80, 70):
        slider.setValue(value)
    assert emitted == []
    assert child(panel, QDoubleSpinBox, "top_p").value() == 0.7  # the number follows live
    slider.setSliderDown(False)
    assert [(e[0], e[1].top_p) for e in emitted] == [("sampling_changed", 0.7)]


def test_choosing_a_preset_emits_its_values(panel, qtbot):
    panel.set_values(
        "", SamplingParams(temperature=1.7, stop=("x",)), LoadOptions(), ReasoningOptions()
    )
    combo = child(panel, QComboBox, "sampling_preset")
    assert combo.currentText() == "Custom"
    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        choose(combo, "Precise")
    assert blocker.args[0] == PRESETS["Precise"]
    assert child(panel, QDoubleSpinBox, "temperature").value() == PRESETS["Precise"].temperature
    assert combo.currentText() == "Precise"
    # Values that match a preset show its name; any change makes them "Custom" again.
    panel.set_values("", PRESETS["Creative"], LoadOptions(), ReasoningOptions())
    assert combo.currentText() == "Creative"
    type_number(qtbot, child(panel, QSpinBox, "top_k"), "3")
    assert combo.currentText() == "Custom"


def test_user_sampling_presets_save_choose_and_delete(panel, emitted, qtbot):
    mine = SamplingParams(temperature=0.4, max_tokens=100)
    panel.set_sampling_presets(PRESETS, {"Short": mine})
    combo = child(panel, QComboBox, "sampling_preset")
    assert not child(panel, QPushButton, "sampling_preset_delete").isEnabled()
    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        choose(combo, "Short")
    assert blocker.args[0] == mine
    delete = child(panel, QPushButton, "sampling_preset_delete")
    assert delete.isEnabled()
    with qtbot.waitSignal(panel.sampling_preset_deleted) as deleted:
        qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert deleted.args == ["Short"]

    qtbot.mouseClick(child(panel, QPushButton, "sampling_preset_save"), Qt.MouseButton.LeftButton)
    name = child(panel, QLineEdit, "sampling_preset_name")
    assert name.isVisibleTo(panel) and name.text() == "Short"  # offers to update it
    name.clear()
    qtbot.keyClicks(name, "Precise")  # a built-in name is refused
    assert not child(panel, QPushButton, "sampling_preset_confirm").isEnabled()
    assert "built-in" in child(panel, QLabel, "sampling_preset_name_error").text()
    name.clear()
    qtbot.keyClicks(name, "Mine")
    with qtbot.waitSignal(panel.sampling_preset_saved) as saved:
        qtbot.keyClick(name, Qt.Key.Key_Return)
    assert saved.args == ["Mine", mine]
    assert not name.isVisibleTo(panel)


def test_seed_random_and_fixed(panel, qtbot):
    seed = child(panel, QLineEdit, "seed")
    assert seed.text() == "" and seed.placeholderText() == "Random"
    assert panel.current_sampling().seed is None
    with qtbot.waitSignal(panel.sampling_changed) as fixed:
        qtbot.keyClicks(seed, "42")  # delivered after the typing pause
    assert fixed.args[0].seed == 42
    with qtbot.waitSignal(panel.sampling_changed) as random:
        seed.selectAll()
        qtbot.keyClick(seed, Qt.Key.Key_Backspace)
    assert random.args[0].seed is None
    panel.set_values("", SamplingParams(seed=7), LoadOptions(), ReasoningOptions())
    assert seed.text() == "7"


def test_stop_strings_round_trip_with_escapes(panel, qtbot):
    stop = ("\n\nUser:", "</s>", "a,b", " x ", "back\\slash", "\t")
    panel.set_values("", SamplingParams(stop=stop), LoadOptions(), ReasoningOptions())
    editor = child(panel, QPlainTextEdit, "stop")
    assert editor.toPlainText().splitlines()[0] == "\\n\\nUser:"
    assert panel.current_sampling().stop == stop

    editor.clear()
    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        qtbot.keyClicks(editor, "END, \\nQ:")
    assert blocker.args[0].stop == ("END", "\nQ:")


@pytest.mark.parametrize(
    "text, stop",
    [
        ("", ()),
        ("a, b,,c", ("a", "b", "c")),
        ("one\n\n two \n", ("one", "two")),
        ("\\n\\nUser:", ("\n\nUser:",)),
        ("x\\,y", ("x,y",)),
        ("\\sAssistant:", (" Assistant:",)),
        ("C:\\path", ("C:\\path",)),  # an unknown escape stays as written
    ],
)
def test_parse_stop_strings(text, stop):
    assert parse_stop_strings(text) == stop
    assert parse_stop_strings(format_stop_strings(stop)) == stop


def test_invalid_value_shows_the_message_inline_and_emits_nothing(panel, emitted, qtbot):
    type_number(qtbot, child(panel, QDoubleSpinBox, "top_p"), "0")
    assert error_text(panel, "top_p") == "Top-p must be greater than 0 and at most 1."
    assert emitted == []
    # Other edits still do not emit while one value is wrong, and the message stays put.
    type_number(qtbot, child(panel, QDoubleSpinBox, "temperature"), "1.1")
    assert emitted == [] and error_text(panel, "temperature") == ""
    assert error_text(panel, "top_p")

    with qtbot.waitSignal(panel.sampling_changed) as blocker:
        type_number(qtbot, child(panel, QDoubleSpinBox, "top_p"), "0.5")
    assert error_text(panel, "top_p") == ""
    assert (blocker.args[0].top_p, blocker.args[0].temperature) == (0.5, 1.1)


def test_a_seed_that_is_not_a_number_is_refused(panel, emitted, qtbot):
    seed = child(panel, QLineEdit, "seed")
    qtbot.keyClicks(seed, "abc")
    panel.flush()
    assert "Seed must be a whole number" in error_text(panel, "seed")
    assert emitted == []
    seed.selectAll()
    qtbot.keyClicks(seed, str(2**40))
    qtbot.keyClick(seed, Qt.Key.Key_Return)
    assert "Seed must be between" in error_text(panel, "seed")
    assert emitted == []


# ----------------------------------------------------------------- load options
def test_load_options_are_emitted_only_on_apply(panel, emitted, qtbot):
    apply = child(panel, QPushButton, "apply_load_options")
    assert not apply.isEnabled()
    choose(child(panel, QComboBox, "n_ctx"), "16,384 tokens")
    choose(child(panel, QComboBox, "gpu_layers"), "None (CPU only)")
    type_number(qtbot, child(panel, QSpinBox, "n_threads"), "4")
    assert emitted == []
    assert apply.isEnabled() and panel.load_options_pending()
    note = child(panel, QLabel, "reload_note")
    assert note.isVisibleTo(panel) and note.text().startswith("Reloads the model")

    with qtbot.waitSignal(panel.load_options_applied) as blocker:
        qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    assert blocker.args == [LoadOptions(n_ctx=16384, gpu_layers="none", n_threads=4), "defaults"]
    assert not apply.isEnabled() and not panel.load_options_pending()


def test_custom_gpu_layers_and_discard(panel, emitted, qtbot):
    choose_data(child(panel, QComboBox, "gpu_layers"), "custom")
    layers = child(panel, QSpinBox, "gpu_layers_custom")
    assert layers.isVisibleTo(panel)
    type_number(qtbot, layers, "12")
    assert panel.current_load_options().gpu_layers == 12
    qtbot.mouseClick(child(panel, QPushButton, "discard_load_options"), Qt.MouseButton.LeftButton)
    assert panel.current_load_options() == LoadOptions()
    assert not panel.load_options_pending() and not layers.isVisibleTo(panel)
    assert emitted == []


def test_quantized_kv_cache_without_flash_attention_shows_the_error(panel, emitted):
    choose_data(child(panel, QComboBox, "kv_type"), "q4_0")
    assert error_text(panel, "kv_type") == ""
    choose_data(child(panel, QComboBox, "flash_attn"), "off")
    assert error_text(panel, "kv_type") == (
        "A quantized KV cache needs flash attention: set it to auto or on."
    )
    apply = child(panel, QPushButton, "apply_load_options")
    assert not apply.isEnabled()
    choose_data(child(panel, QComboBox, "flash_attn"), "auto")
    assert error_text(panel, "kv_type") == ""
    assert apply.isEnabled()
    assert emitted == []


# ----------------------------------------------------------------- system prompt
def test_system_prompt_is_debounced_while_typing(panel, emitted, qtbot):
    editor = child(panel, QPlainTextEdit, "system_prompt")
    qtbot.keyClicks(editor, "Answer in French.")
    assert emitted == []  # not on every key
    with qtbot.waitSignal(panel.system_prompt_changed, timeout=3000) as blocker:
        pass
    assert blocker.args == ["Answer in French.", "defaults"]
    assert [e[0] for e in emitted] == ["system_prompt_changed"]


def test_system_prompt_is_delivered_on_focus_out(panel, emitted, qtbot):
    editor = child(panel, QPlainTextEdit, "system_prompt")
    panel.activateWindow()
    qtbot.waitActive(panel)
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "Hi")
    with qtbot.waitSignal(panel.system_prompt_changed, timeout=300) as blocker:
        child(panel, QLineEdit, "seed").setFocus()
    assert blocker.args == ["Hi", "defaults"]


def test_system_prompt_presets(panel, emitted, qtbot):
    panel.set_system_prompt_presets(PROMPT_PRESETS, {"Pirate": "Talk like a pirate."})
    combo = child(panel, QComboBox, "system_prompt_preset")
    with qtbot.waitSignal(panel.system_prompt_changed) as blocker:
        choose(combo, "Translator")  # at once, no typing pause
    assert blocker.args == ["Translate.", "defaults"]
    assert not child(panel, QPushButton, "system_prompt_preset_delete").isEnabled()

    choose(combo, "Pirate")
    assert panel.current_system_prompt() == "Talk like a pirate."
    with qtbot.waitSignal(panel.system_prompt_preset_deleted) as deleted:
        child(panel, QPushButton, "system_prompt_preset_delete").click()
    assert deleted.args == ["Pirate"]

    panel.set_values("My own words.", SamplingParams(), LoadOptions(), ReasoningOptions())
    assert combo.currentText() == "Custom"
    child(panel, QPushButton, "system_prompt_preset_save").click()
    name = child(panel, QLineEdit, "system_prompt_preset_name")
    qtbot.keyClicks(name, "Mine")
    with qtbot.waitSignal(panel.system_prompt_preset_saved) as saved:
        child(panel, QPushButton, "system_prompt_preset_confirm").click()
    assert saved.args == ["Mine", "My own words."]


# ----------------------------------------------------------------- scope and overrides
def test_scope_switch_tags_changes_and_flushes_typing_first(panel, emitted, qtbot):
    conversation = child(panel, QPushButton, "scope_conversation")
    assert panel.scope() == "defaults"
    assert not conversation.isEnabled()
    panel.set_scope_available(True)
    assert panel.scope() == "conversation" and emitted == []

    qtbot.keyClicks(child(panel, QPlainTextEdit, "system_prompt"), "Hello")
    qtbot.mouseClick(child(panel, QPushButton, "scope_defaults"), Qt.MouseButton.LeftButton)
    assert emitted == [
        ("system_prompt_changed", "Hello", "conversation"),
        ("scope_changed", "defaults"),
    ]
    emitted.clear()
    type_number(qtbot, child(panel, QSpinBox, "top_k"), "5")
    assert emitted[0][0] == "sampling_changed" and emitted[0][2] == "defaults"

    panel.set_scope_available(False)  # conversation closed
    assert panel.scope() == "defaults" and not conversation.isEnabled()
    panel.set_scope_available(True)  # the user's last choice stays
    assert panel.scope() == "defaults"
    assert [e[0] for e in emitted] == ["sampling_changed"]


def test_overrides_are_marked_and_can_be_reset(panel, emitted, qtbot):
    defaults = ("Be kind.", SamplingParams(), LoadOptions(), ReasoningOptions())
    panel.set_scope_available(True)
    panel.set_values(
        "Be kind.",
        SamplingParams(temperature=1.5),
        LoadOptions(n_ctx=8192),
        ReasoningOptions(),
        defaults=defaults,
    )
    summary = child(panel, QLabel, "override_summary")
    assert overridden(panel) == {"temperature", "n_ctx"}
    assert summary.text() == "2 settings differ from the defaults"
    type_number(qtbot, child(panel, QDoubleSpinBox, "temperature"), "0.7")
    assert overridden(panel) == {"n_ctx"}
    assert summary.text() == "1 setting differs from the defaults"

    reset = child(panel, QPushButton, "reset_conversation")
    assert reset.isVisibleTo(panel) and reset.isEnabled()
    with qtbot.waitSignal(panel.reset_conversation_requested):
        qtbot.mouseClick(reset, Qt.MouseButton.LeftButton)

    panel.set_scope("defaults")
    panel.set_values(*defaults)
    assert overridden(panel) == set()
    assert not reset.isVisibleTo(panel)


# ----------------------------------------------------------------- every control explains itself
def test_every_control_has_a_tooltip(panel):
    kinds = (QAbstractSpinBox, QComboBox, QSlider, QAbstractButton, QPlainTextEdit, QLineEdit)
    controls = [w for w in panel.findChildren(QWidget) if isinstance(w, kinds)]
    # A spin box's own line edit is part of the spin box, which carries the tooltip.
    controls = [w for w in controls if not isinstance(w.parent(), QAbstractSpinBox)]
    assert len(controls) > 30
    missing = [f"{type(w).__name__} {w.objectName()!r}" for w in controls if not w.toolTip()]
    assert missing == []


def test_the_wheel_scrolls_the_panel_unless_the_control_under_it_has_the_focus(
    panel, emitted, qtbot
):
    panel.resize(340, 420)  # shorter than what it holds: it scrolls
    bar = child(panel, QScrollArea, "settingsScroll").verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    controls = {
        child(panel, QComboBox, "n_ctx"): QComboBox.currentIndex,
        child(panel, QSpinBox, "top_k"): QSpinBox.value,
        panel.findChildren(QSlider)[0]: QSlider.value,
        panel.findChildren(QDoubleSpinBox)[0]: QDoubleSpinBox.value,
    }
    for control, value in controls.items():
        bar.setValue(0)
        before = value(control)
        wheel(control, -1)
        assert value(control) == before, control
        assert bar.value() > 0, control  # the panel scrolled instead
    assert emitted == []
    panel.activateWindow()
    qtbot.waitActive(panel)
    for control, value in controls.items():
        control.setFocus()
        qtbot.waitUntil(control.hasFocus)
        before, scrolled = value(control), bar.value()
        wheel(control, -1)
        assert value(control) != before, control  # focused: the wheel is for the control
        assert bar.value() == scrolled


def test_the_panel_puts_labels_above_their_controls_when_narrow(qtbot, panel):
    labels = panel.findChildren(QLabel)
    temperature = next(label for label in labels if label.buddy() is not None)
    control = temperature.buddy()

    def above() -> bool:  # the label's bottom is over the control's top
        label_bottom = temperature.mapTo(panel, QPoint(0, temperature.height())).y()
        return label_bottom <= control.mapTo(panel, QPoint(0, 0)).y()

    panel.resize(panel.minimumWidth(), 900)
    qtbot.waitUntil(above)
    content = panel.findChild(QWidget, "settingsContent")
    viewport = content.parentWidget()
    assert content.width() <= viewport.width()  # nothing runs past the right edge
    panel.resize(700, 900)
    qtbot.waitUntil(lambda: not above())
    panel.resize(100, 900)  # a dock cannot make it narrower than what fits
    assert panel.width() >= panel.minimumWidth() > 100
