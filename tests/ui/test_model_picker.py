"""The model picker in the real window: the real engine, real files in the models folder,
the real settings file."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox

from llamadesk.core.chat import ModelChoice
from llamadesk.core.gguf import read_info as _read
from llamadesk.core.gguf import write_model
from llamadesk.core.gguf.synthetic import ModelShape
from llamadesk.core.paths import models_dir
from llamadesk.core.settings import Settings, load_settings
from llamadesk.core.store import Store
from llamadesk.ui.main_window import MainWindow
from tests.ui.window_helpers import TIMEOUT, load, make_window, picker_offers


def file_names(window) -> list[str]:
    return [row.detail for row in window.picker.rows() if row.choice is not None]


def test_a_model_put_into_the_models_folder_appears_while_the_app_runs(qtbot):
    window = make_window(qtbot)
    qtbot.waitUntil(lambda: window.welcome.download_button.isVisible(), timeout=TIMEOUT)
    watcher = window.models_watcher
    qtbot.waitUntil(lambda: str(models_dir()) in watcher.folders(), timeout=TIMEOUT)
    folder = models_dir() / "someone" / "their-model"  # folders made after the start
    with qtbot.waitSignal(watcher.changed, timeout=TIMEOUT):
        folder.mkdir(parents=True)
    qtbot.waitUntil(lambda: str(folder) in watcher.folders(), timeout=TIMEOUT)
    with qtbot.waitSignal(watcher.changed, timeout=TIMEOUT):
        partial = write_model(folder / "tiny-Q8_0.gguf.part")  # a download on its way
    with qtbot.waitSignal(window.picker.files_found, timeout=TIMEOUT):
        pass  # the scan that followed
    assert file_names(window) == []  # a partial download is never offered
    window.show_model_manager("library")
    library = window.model_manager.library_page
    final = partial.with_name("tiny-Q8_0.gguf")
    partial.rename(final)
    choice = ModelChoice.file(final.resolve())
    qtbot.waitUntil(lambda: picker_offers(window, choice), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: library.select(final.resolve()), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.welcome.download_button.isVisible(), timeout=TIMEOUT)
    assert "Choose a model" in window.welcome.body.text() + window.welcome.title.text()
    final.unlink()  # and one that goes away leaves the picker too
    qtbot.waitUntil(lambda: not picker_offers(window, choice), timeout=TIMEOUT)
    window.close()


def test_a_burst_of_changes_is_one_rescan(qtbot, tiny_model):
    window = make_window(qtbot)
    watcher = window.models_watcher
    qtbot.waitUntil(lambda: str(models_dir()) in watcher.folders(), timeout=TIMEOUT)
    changes = []
    watcher.changed.connect(lambda: changes.append(len(file_names(window))))
    with qtbot.waitSignal(watcher.changed, timeout=TIMEOUT):
        for n in range(5):  # a copy of five files: one rescan once they are all there
            shutil.copy(tiny_model, models_dir() / f"copy-{n}-Q8_0.gguf")
    qtbot.waitUntil(lambda: len(file_names(window)) == 5, timeout=TIMEOUT)
    assert changes == [0]
    window.close()


def test_a_new_file_reads_only_its_own_header_to_judge_the_fits(qtbot, tmp_path, monkeypatch):
    from llamadesk.ui import model_picker

    folder = quantizations(tmp_path)
    read = []

    def reading(path):
        read.append(path.name)
        return _read(path)

    def fitted(count: int) -> bool:
        return len([r for r in window.picker.rows() if r.fit]) == count

    monkeypatch.setattr(model_picker, "read_info", reading)
    window = make_window(qtbot, Settings(models_dirs=[folder]))
    qtbot.waitUntil(lambda: fitted(3), timeout=TIMEOUT)
    assert sorted(read) == ["Other-Q8_0.gguf", "Tiny-Chat-Q8_0.gguf"]  # one a model group
    read.clear()
    write_model(folder / "Third-Q8_0.gguf", name="Third")
    window.scan_models()
    qtbot.waitUntil(lambda: fitted(4), timeout=TIMEOUT)
    assert read == ["Third-Q8_0.gguf"]  # the others' headers were kept
    window.close()


def quantizations(tmp_path):
    folder = tmp_path / "library"
    folder.mkdir()
    for quant in ("Q8_0", "Q4_0"):
        write_model(folder / f"Tiny-Chat-{quant}.gguf", quant=quant, name="Tiny Chat")
    write_model(folder / "Other-Q8_0.gguf", name="Other Model")
    return folder


def test_the_picker_lists_models_by_group_with_size_and_fit_and_loads_by_keyboard(qtbot, tmp_path):
    folder = quantizations(tmp_path)
    window = make_window(qtbot, Settings(models_dirs=[folder]))
    picker, popup = window.picker, window.picker.popup
    qtbot.waitUntil(lambda: len(file_names(window)) == 3, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: all(r.fit for r in picker.rows() if r.choice), timeout=TIMEOUT)
    rows = [(r.kind, r.title) for r in picker.rows()]
    assert rows == [
        ("group", "Other Model"),
        ("model", "Q8_0"),
        ("group", "Tiny Chat"),
        ("model", "Q8_0"),
        ("model", "Q4_0"),
    ]
    tiny = [r for r in picker.rows() if r.choice and "Tiny" in r.detail]
    assert all(r.size.endswith(("KiB", "MiB")) for r in tiny)
    assert all("CPU" in r.tip or "GPU" in r.tip for r in tiny)  # the fit's reason

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert popup.isVisible() and popup.search.hasFocus()
    qtbot.keyClicks(popup.search, "tiny")
    assert [r.title for r in popup.visible_rows()] == ["Tiny Chat", "Q8_0", "Q4_0"]
    assert popup.current_row().title == "Q8_0"
    qtbot.keyClick(popup.search, Qt.Key.Key_Down)
    assert popup.current_row().title == "Q4_0"
    qtbot.keyClick(popup.search, Qt.Key.Key_Down)  # the last stays chosen
    assert popup.current_row().title == "Q4_0"
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT) as ready:
        qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    assert ready.args[0].path.name == "Tiny-Chat-Q4_0.gguf"
    assert not popup.isVisible()
    assert window.model_picker.text().startswith("Tiny-Chat-Q4_0")

    window.picker.open()  # the loaded one is marked and chosen; the whole list is back
    assert popup.search.text() == "" and len(popup.visible_rows()) == 5
    assert popup.current_row().detail == "Tiny-Chat-Q4_0.gguf"
    assert popup.eject.isVisible()
    qtbot.keyClicks(popup.search, "nothing like it")
    assert popup.visible_rows() == [] and popup.empty.isVisible()
    qtbot.keyClick(popup.search, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    window.close()


def test_a_heading_tags_a_thinking_model_and_typing_thinking_finds_it(qtbot, tmp_path):
    templates = Path(__file__).parents[1] / "data" / "chat_templates"
    folder = quantizations(tmp_path)  # Tiny Chat and Other Model: ChatML, no traits
    qwen3 = (templates / "Qwen-Qwen3-0.6B.jinja").read_text()
    write_model(folder / "Qwen3-Q8_0.gguf", name="Qwen3", chat_template=qwen3)
    window = make_window(qtbot, Settings(models_dirs=[folder]))
    qtbot.waitUntil(lambda: len(file_names(window)) == 4, timeout=TIMEOUT)
    tags = {r.title: r.tags for r in window.picker.rows() if r.kind == "group"}
    assert tags == {"Other Model": (), "Qwen3": ("Thinking", "Tools"), "Tiny Chat": ()}
    window.picker.open()
    qtbot.keyClicks(window.picker.popup.search, "thinking")
    assert [r.title for r in window.picker.popup.visible_rows()] == ["Qwen3", "Q8_0"]
    window.close()


def test_eject_unloads_the_model(qtbot, tiny_model):
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    window.picker.open()
    with qtbot.waitSignal(window.engine.model_unloaded, timeout=TIMEOUT):
        qtbot.mouseClick(window.picker.popup.eject, Qt.MouseButton.LeftButton)
    assert window.model.loaded is None and window.engine.shared.loaded is None
    assert window.status.model.text() == "No model loaded"
    assert "Choose a model" in window.model_picker.text()
    assert not window.composer.button.isEnabled()
    window.picker.open()
    assert not window.picker.popup.eject.isVisible()
    window.close()


def test_picker_and_status_bar_name_the_same_model(qtbot, tiny_model, tmp_path):
    """Two files whose headers give the same name: the status bar named the first after
    the second (with a broken template) loaded."""
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    assert window.status.model.text() == tiny_model.stem
    broken = write_model(tmp_path / "broken-template.gguf", chat_template="{% if %}")
    load(qtbot, window, broken)
    assert window.notice.isVisible()  # the template warning
    assert window.status.model.text() == "broken-template"
    assert window.model_picker.text().startswith("broken-template")
    window.close()


def test_the_picker_never_shows_a_placeholder_while_a_model_is_loaded(qtbot, tiny_model):
    window = make_window(qtbot)
    load(qtbot, window, tiny_model)
    window.picker.open()
    popup = window.picker.popup
    assert all("Choose a model" not in row.title for row in window.picker.rows())
    qtbot.keyClick(popup.search, Qt.Key.Key_Escape)  # closing it changes nothing
    assert window.model_picker.text().startswith(tiny_model.stem)
    assert window.status.model.text() == tiny_model.stem
    window.close()


def context_items(window) -> list[int]:
    combo = window.settings_panel._load._context
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_context_size_follows_the_model(qtbot, tmp_path):
    short = write_model(tmp_path / "short-Q8_0.gguf", shape=ModelShape(context_length=2048))
    window = MainWindow(Settings(), Store())
    qtbot.addWidget(window)
    window.show()
    load(qtbot, window, short)
    assert window.model.loaded.n_ctx == 2048  # the length it was trained on, not 4,096
    assert 131072 in context_items(window)  # not known yet
    # then nothing beyond its training is offered
    qtbot.waitUntil(lambda: context_items(window) == [0, 2048, "custom"], timeout=TIMEOUT)
    combo = window.settings_panel._load._context
    assert combo.itemText(1).endswith(("KiB", "MiB"))  # its memory estimate
    assert combo.itemText(0).startswith("Auto (2,048 tokens")
    note = window.settings_panel._load._context_note
    assert not note.isHidden() and "trained on 2,048" in note.text()
    combo.setCurrentIndex(combo.findData("custom"))
    window.settings_panel._load._context_custom.setValue(8192)
    assert "More than the 2,048 tokens" in note.text()
    window.close()


def set_context(window, n_ctx: int) -> None:
    section = window.settings_panel._load
    section._context.setCurrentIndex(section._context.findData("custom"))
    section._context_custom.setValue(n_ctx)


def test_settings_are_remembered_per_model(qtbot, tiny_models):
    first, second = tiny_models["Q8_0"], tiny_models["Q4_0"]
    window = MainWindow(Settings(), Store())
    qtbot.addWidget(window)
    window.show()
    panel = window.settings_panel
    temperature = panel.findChild(QDoubleSpinBox, "temperature")

    def set_up(model, n_ctx: int, heat: float, gpu_layers: str) -> None:
        load(qtbot, window, model)
        set_context(window, n_ctx)
        layers = panel._load._gpu_layers
        layers.setCurrentIndex(layers.findData(gpu_layers))
        with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
            qtbot.mouseClick(panel._load._apply_button, Qt.MouseButton.LeftButton)
        temperature.setValue(heat)
        panel.flush()

    set_up(first, 1024, 0.3, "none")
    set_up(second, 1536, 0.9, "auto")
    load(qtbot, window, first)  # the first again: as it was left
    assert window.model.loaded.n_ctx == 1024
    assert window.model.loaded.options.gpu_layers == "none"
    assert panel.current_load_options().n_ctx == 1024 and temperature.value() == 0.3
    load(qtbot, window, second)
    assert window.model.loaded.n_ctx == 1536 and temperature.value() == 0.9
    assert window.model.loaded.options.gpu_layers == "auto"
    window.close()

    saved, warnings = load_settings()  # the real settings file, in a new window
    assert warnings == []
    remembered = saved.model_settings[ModelChoice.file(first).key]
    assert (remembered.n_ctx, remembered.gpu_layers, remembered.sampling.temperature) == (
        1024,
        "none",
        0.3,
    )
    again = MainWindow(saved, Store())
    qtbot.addWidget(again)
    load(qtbot, again, first)
    assert again.model.loaded.n_ctx == 1024
    assert again.settings_panel.findChild(QDoubleSpinBox, "temperature").value() == 0.3
    again.close()


def test_loading_shows_its_progress_in_the_picker(qtbot, small_model):
    window = make_window(qtbot)
    shown = []  # what the button said at each step of the load
    window.engine.load_progress.connect(lambda _f: shown.append(window.model_picker.text()))
    with qtbot.waitSignal(window.model_ready, timeout=TIMEOUT):
        window.load_model(small_model)
        assert window.model_picker.text().startswith("Loading small-Q8_0… 0%")
        assert window.cancel_action.isVisible()  # and Cancel beside it
        window.picker.open()
        assert window.picker.popup.current_row().choice == ModelChoice.file(small_model)
    assert shown and shown[-1].startswith("Loading small-Q8_0… 100%")
    assert window.model_picker.text().startswith("small-Q8_0")
    assert not window.cancel_action.isVisible()
    window.picker.popup.hide()
    window.close()
