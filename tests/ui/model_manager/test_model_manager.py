"""The model manager window, offscreen, against the loopback Hub through the real
huggingface_hub: search, a repository's verdicts, downloads (pause, resume, restart),
the library (import, delete, reveal, folders, switching quantization), settings
(token without a keychain, offline mode), clear errors; and once through the real main
window: download, load, chat."""

from __future__ import annotations

import hashlib
import json
import stat
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import null
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from llamadesk.core.chat import ModelChoice
from llamadesk.core.hub import (
    Download,
    DownloadState,
    RetryPolicy,
    Storage,
    TokenStore,
    credentials,
    existing_size,
    find_partial_downloads,
    part_path,
)
from llamadesk.core.hub import client as hub
from llamadesk.core.machine import BackendReport, Device, Machine, recommended_models
from llamadesk.core.paths import models_dir
from llamadesk.core.settings import Settings, load_settings
from llamadesk.ui.model_manager import ModelManager
from tests.hub_server import GATED_REPO, GOOD_TOKEN, MODEL_REPO, Hostile, HubFile, HubRepo

GiB, MiB = 1024**3, 1024**2
TIMEOUT = 30_000
REPO_FOLDER = ("test-org", "Tiny-Llama-GGUF")


def fake_machine() -> Machine:
    """A GPU with just enough free memory for the smaller quantizations of the tiny model."""
    gpu = Device("CUDA0", "NVIDIA GeForce RTX 4060", "gpu", "CUDA", 512 * MiB + 6_700_000, 8 * GiB)
    cpu = Device("CPU", "CPU", "cpu", "CPU", 0, 0)
    return Machine(16 * GiB, 12 * GiB, BackendReport("0.3.36", ("CPU", "CUDA"), (cpu, gpu), ""))


@pytest.fixture(autouse=True)
def no_keychain():
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    credentials.forget_session_token()
    yield
    credentials.forget_session_token()
    keyring.set_keyring(previous)


@pytest.fixture
def make_manager(qtbot):
    made: list[ModelManager] = []

    def make(settings: Settings | None = None, retry_delay: float = 0.05) -> ModelManager:
        manager = ModelManager(
            settings or Settings(),
            machine=fake_machine(),
            config_options={"read_timeout": 2},
            download_options={"retry": RetryPolicy(attempts=3, base_delay=retry_delay)},
        )
        qtbot.addWidget(manager)
        manager.show()
        made.append(manager)
        return manager

    yield make
    for manager in made:
        manager.shutdown()
        manager.close()
        manager.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def manager(make_manager, hub_server):
    return make_manager()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def idle(qtbot, manager: ModelManager) -> None:
    qtbot.waitUntil(lambda: not manager.runner.busy, timeout=TIMEOUT)


def search(qtbot, manager: ModelManager, text: str) -> list[str]:
    page = manager.discover_page
    page.search.setText(text)
    with qtbot.waitSignal(page.results_shown, timeout=TIMEOUT):
        qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    return [
        page.results.itemWidget(page.results.item(i)).title.text()
        for i in range(page.results.count())
    ]


def open_repo(qtbot, manager: ModelManager, repo_id: str) -> None:
    page = manager.discover_page
    items = [page.results.item(i) for i in range(page.results.count())]
    item = next(i for i in items if page.results.itemWidget(i).title.text() == repo_id)
    with qtbot.waitSignal(page.repo.verdicts_shown, timeout=TIMEOUT):
        page.results.itemClicked.emit(item)


def rows(manager: ModelManager) -> dict[str, list[str]]:
    table = manager.discover_page.repo.table
    result = {}
    for i in range(table.topLevelItemCount()):
        item = table.topLevelItem(i)
        result[item.text(0).split()[0]] = [item.text(c) for c in range(4)]
    return result


def library_rows(manager: ModelManager) -> list[tuple[str, ...]]:
    return [tuple(item.text(c) for c in range(7)) for item in manager.library_page._items()]


def download_row(manager: ModelManager, quant: str):
    return next(
        r for d, r in manager.downloads_page.rows.items() if d.variant.quantization == quant
    )


def test_first_open_shows_the_curated_models_without_a_request(qtbot, manager, hub_server):
    page = manager.discover_page
    expected = recommended_models()
    qtbot.waitUntil(lambda: page.results.count() == len(expected), timeout=TIMEOUT)
    first = page.results.itemWidget(page.results.item(0))
    assert first.title.text() == expected[0].name
    assert "Recommended chat models" in page.heading.text()
    idle(qtbot, manager)
    assert not [r for r in hub_server.requests if "/api/models" in r.target]


def shown_titles(manager: ModelManager) -> list[str]:
    results = manager.discover_page.results
    return [results.itemWidget(results.item(i)).title.text() for i in range(results.count())]


def banner_button(banner, text: str):
    return next(b for b in banner.findChildren(QPushButton) if b.text() == text)


def failed_search(qtbot, manager: ModelManager, text: str) -> None:
    page = manager.discover_page
    page.search.setText(text)
    qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    banner = page.banner
    qtbot.waitUntil(
        lambda: banner.isVisible() and banner.property("kind") == "error", timeout=TIMEOUT
    )
    assert "HTTP 500" in banner.label.text()


def test_the_recommended_models_come_back_after_a_failed_search(qtbot, manager, hub_server):
    page = manager.discover_page
    recommended = [model.name for model in recommended_models()]
    qtbot.waitUntil(lambda: shown_titles(manager) == recommended, timeout=TIMEOUT)
    hub_server.hostile = [Hostile(r"^/api/models$", body=b'{"error": "down"}', status=500)]
    failed_search(qtbot, manager, "tiny")
    page.search.clear()  # the field's clear button does this
    qtbot.waitUntil(lambda: shown_titles(manager) == recommended, timeout=TIMEOUT)
    assert "Recommended chat models" in page.heading.text()
    failed_search(qtbot, manager, "tiny")
    manager.close()
    manager.show()  # reopened, with the failed search's words still in the field
    qtbot.waitUntil(lambda: shown_titles(manager) == recommended, timeout=TIMEOUT)
    idle(qtbot, manager)


def test_a_failed_search_can_be_tried_again_or_left_for_offline_mode(qtbot, manager, hub_server):
    page = manager.discover_page
    hub_server.hostile = [Hostile(r"^/api/models$", body=b'{"error": "down"}', status=500)]
    failed_search(qtbot, manager, "tiny")
    hub_server.hostile = []
    with qtbot.waitSignal(page.results_shown, timeout=TIMEOUT):
        qtbot.mouseClick(banner_button(page.banner, "Retry"), Qt.MouseButton.LeftButton)
    assert shown_titles(manager) == [MODEL_REPO] and not page.banner.isVisible()

    hub_server.hostile = [Hostile(r"^/api/models$", body=b'{"error": "down"}', status=500)]
    failed_search(qtbot, manager, "tiny")
    qtbot.mouseClick(banner_button(page.banner, "Work offline"), Qt.MouseButton.LeftButton)
    assert manager.settings.offline and load_settings()[0].offline  # saved
    assert "Offline mode is on" in page.banner.label.text()
    recommended = [model.name for model in recommended_models()]
    qtbot.waitUntil(lambda: shown_titles(manager) == recommended, timeout=TIMEOUT)


def test_a_repository_that_could_not_be_read_can_be_tried_again(qtbot, manager, hub_server):
    page = manager.discover_page
    hub_server.hostile = [Hostile(r"^/api/models/test-org", body=b"{}", status=503)]
    page.search.setText(MODEL_REPO)
    with qtbot.waitSignal(page.repo.failed, timeout=TIMEOUT):
        page.submit()
    banner = page.repo.banner
    hub_server.hostile = []
    with qtbot.waitSignal(page.repo.verdicts_shown, timeout=TIMEOUT):
        qtbot.mouseClick(banner_button(banner, "Retry"), Qt.MouseButton.LeftButton)
    assert not banner.isVisible() and "Q4_0" in rows(manager)
    hub_server.hostile = [Hostile(r"^/api/models/test-org", body=b"{}", status=503)]
    with qtbot.waitSignal(page.repo.failed, timeout=TIMEOUT):
        page.open_repo(MODEL_REPO)
    qtbot.mouseClick(banner_button(banner, "Work offline"), Qt.MouseButton.LeftButton)
    assert manager.settings.offline and page.stack.currentIndex() == 0  # back to the list
    assert "Offline mode is on" in page.banner.label.text()


def test_a_model_whose_header_is_refused_is_said_so_and_not_recommended(
    qtbot, manager, hub_server, tmp_path
):
    from gguf import GGUFValueType

    from llamadesk.core.gguf import write_model

    nan = {"llama.attention.layer_norm_rms_epsilon": (float("nan"), GGUFValueType.FLOAT32)}
    data = write_model(tmp_path / "m.gguf", quant="Q4_0", metadata=nan).read_bytes()
    names = ("broken-Q4_K_M.gguf", "broken-Q8_0.gguf")
    repo = HubRepo("bad-org/Broken-GGUF", {name: HubFile(name, data) for name in names})
    hub_server.repos[repo.repo_id] = repo
    search(qtbot, manager, "Broken")
    open_repo(qtbot, manager, repo.repo_id)
    page = manager.discover_page.repo
    assert page.recommendation is None
    table = rows(manager).values()
    assert not any("recommended" in row[0] for row in table)
    assert all(row[2] == "Would not load" for row in table)  # not "Fits on the GPU"
    assert "layer_norm_rms_epsilon is nan" in page.status.text()
    assert "none is recommended" in page.status.text()


def test_search_choose_download_and_load(qtbot, manager, hub_server, tiny_models):
    found = search(qtbot, manager, "tiny")
    assert found == [MODEL_REPO]
    open_repo(qtbot, manager, MODEL_REPO)
    repo = manager.discover_page.repo
    table = rows(manager)
    assert list(table) == ["F32", "F16", "Q8_0", "Q4_0"]  # most bits first
    assert table["Q4_0"][1] == "90.5 KiB" and "(2 parts)" in table["F32"][3]
    assert table["Q4_0"][2] == table["Q8_0"][2] == "Fits on the GPU"
    assert table["F16"][2] == table["F32"][2] == "Partly on the GPU"
    assert "recommended" in table["Q4_0"][0]
    assert repo.selected_variant().quantization == "Q4_0"
    assert "Recommended:" in repo.detail.text() and "RTX 4060" in repo.detail.text()
    assert "Llama 3.2 Community License" in repo.meta.text()
    assert "tiny random-weight model" in repo.description.text()
    assert "RTX 4060" in repo.machine_label.text()
    ranges = [r.range for r in hub_server.file_gets("tiny-llama-Q4_0.gguf")]
    assert ranges and ranges[0].startswith("bytes=0-")  # the real header, by Range

    requests = len(hub_server.requests)
    repo.set_context_size(2048)  # a smaller context needs less memory: judged again, offline
    assert rows(manager)["F16"][2] == "Fits on the GPU"
    assert len(hub_server.requests) == requests

    repo.set_context_size(4096)
    with qtbot.waitSignal(manager.downloads.finished, timeout=TIMEOUT) as done:
        qtbot.mouseClick(repo.download_button, Qt.MouseButton.LeftButton)
    assert manager.current_page() == "downloads"
    download = done.args[0]
    path = models_dir().joinpath(*REPO_FOLDER, "tiny-llama-Q4_0.gguf")
    assert download.path == path and sha256(path) == sha256(tiny_models["Q4_0"])
    row = download_row(manager, "Q4_0")
    qtbot.waitUntil(lambda: "Downloaded and verified" in row.status.text(), timeout=TIMEOUT)
    assert row.load_button.isVisibleTo(row) and not row.pause_button.isVisibleTo(row)

    manager.show_page("library")
    library = manager.library_page
    qtbot.waitUntil(lambda: library.select(path), timeout=TIMEOUT)
    row = next(r for r in library_rows(manager) if r[3] == "Q4_0")
    assert row[0].startswith("Tiny Llama") and row[1] == "llama" and row[4] == "90.5 KiB"
    assert row[5] == "4,096" and row[6] == "yes"
    with qtbot.waitSignal(manager.load_requested) as load:
        qtbot.mouseClick(library.load_button, Qt.MouseButton.LeftButton)
    assert load.args == [path]


def test_search_pages_and_sorts(qtbot, manager, hub_server):
    page = manager.discover_page
    page.page_size = 2
    assert search(qtbot, manager, "variant") == [
        "other-org/Llama-Variant-5-GGUF",
        "other-org/Llama-Variant-4-GGUF",
    ]  # most downloaded first
    assert page.more_button.isVisibleTo(page)
    with qtbot.waitSignal(page.results_shown, timeout=TIMEOUT):
        qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    assert page.results.count() == 4
    with qtbot.waitSignal(page.results_shown, timeout=TIMEOUT):
        page.sort.setCurrentIndex(page.sort.findData("likes"))
        page.sort.activated.emit(page.sort.currentIndex())
    first = page.results.itemWidget(page.results.item(0)).title.text()
    assert first == "other-org/Llama-Variant-1-GGUF" and page.results.count() == 2
    assert "sort=likes" in hub_server.requests[-1].target


def test_a_dropped_connection_shows_the_retry_and_goes_on(
    qtbot, make_manager, hub_server, tiny_models
):
    manager = make_manager(retry_delay=1.0)
    hub_server.faults.drop_after = 30_000  # once
    variant = hub.repo_files(MODEL_REPO).find("Q8_0")
    with qtbot.waitSignal(
        manager.downloads.changed,
        timeout=TIMEOUT,
        check_params_cb=lambda d: d.state == DownloadState.RETRYING,
    ):
        manager.download(variant)
    row = download_row(manager, "Q8_0")
    assert row.status.text().startswith("Connection problem")
    assert "Trying again in 1 s" in row.error.text() and row.error.isVisibleTo(row)
    with qtbot.waitSignal(manager.downloads.finished, timeout=TIMEOUT):
        pass
    assert sha256(row.download.path) == sha256(tiny_models["Q8_0"])
    assert not row.error.isVisibleTo(row)


def test_a_mirror_address_and_the_models_folder_from_settings(
    qtbot, manager, hub_server, tmp_path, monkeypatch
):
    from tests.hub_server import closed_port_url

    settings_page = manager.settings_page
    manager.show_page("settings")
    settings_page.endpoint.setText("not an address")
    settings_page.endpoint.editingFinished.emit()
    assert settings_page.endpoint_error.isVisibleTo(settings_page)
    assert manager.settings.hub_endpoint == ""
    dead = closed_port_url()
    settings_page.endpoint.setText(dead)
    settings_page.endpoint.editingFinished.emit()
    assert load_settings()[0].hub_endpoint == dead
    manager.show_page("discover")
    page = manager.discover_page
    page.search.setText("tiny")
    page.submit()
    qtbot.waitUntil(lambda: page.banner.isVisibleTo(page), timeout=TIMEOUT)
    assert "Could not connect" in page.banner.label.text() and "mirror" in page.banner.label.text()

    monkeypatch.delenv("HF_ENDPOINT")
    settings_page.endpoint.setText(hub_server.url)  # the "mirror" is the loopback Hub
    settings_page.endpoint.editingFinished.emit()
    folder = tmp_path / "Other Disk" / "models"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    settings_page.choose_models_folder()
    assert manager.settings.models_folder == folder and settings_page.folder_label.text() == str(
        folder
    )
    assert search(qtbot, manager, "tiny") == [MODEL_REPO]
    variant = hub.repo_files(MODEL_REPO, config=manager.hub_config()).find("Q4_0")
    with qtbot.waitSignal(manager.downloads.finished, timeout=TIMEOUT) as done:
        manager.download(variant)
    assert done.args[0].path == folder / "test-org" / "Tiny-Llama-GGUF" / "tiny-llama-Q4_0.gguf"
    manager.show_page("library")
    qtbot.waitUntil(
        lambda: manager.library_page.select(done.args[0].path.resolve()), timeout=TIMEOUT
    )


def test_pause_and_resume_a_download(qtbot, manager, hub_server, tiny_models):
    hub_server.faults.stall_after = 60_000  # the server sends this much, then waits
    variant = hub.repo_files(MODEL_REPO).find("Q8_0")
    manager.download(variant)
    row = download_row(manager, "Q8_0")
    part = part_path(row.download.path)
    qtbot.waitUntil(lambda: existing_size(part) >= 50_000, timeout=TIMEOUT)
    assert row.pause_button.isVisibleTo(row) and not row.resume_button.isVisibleTo(row)
    qtbot.mouseClick(row.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: row.download.state == DownloadState.PAUSED, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: row.resume_button.isVisibleTo(row), timeout=TIMEOUT)
    assert row.status.text().startswith("Paused") and "159 KiB" in row.status.text()
    kept = existing_size(part)
    assert kept >= 50_000

    with qtbot.waitSignal(manager.downloads.finished, timeout=TIMEOUT):
        qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    assert sha256(row.download.path) == sha256(tiny_models["Q8_0"])
    assert hub_server.file_gets("tiny-llama-Q8_0.gguf")[-1].range == f"bytes={kept}-"


def test_unfinished_downloads_come_back_paused_after_a_restart(
    qtbot, make_manager, hub_server, tiny_models
):
    variant = hub.repo_files(MODEL_REPO).find("Q8_0")
    first = Download(variant, progress_interval=0)
    first.on_progress = lambda p: p.state == "downloading" and p.done >= 20_000 and first.pause()
    assert first.run() == DownloadState.PAUSED  # as if the app had been closed mid-way
    kept = existing_size(part_path(first.path))

    manager = make_manager()
    manager.show_page("downloads")
    qtbot.waitUntil(lambda: len(manager.downloads_page.rows) == 1, timeout=TIMEOUT)
    row = download_row(manager, "Q8_0")
    assert row.download.state == DownloadState.PAUSED and row.resume_button.isVisibleTo(row)
    assert row.status.text().startswith("Paused") and "of 159 KiB" in row.status.text()
    assert "0 B of" not in row.status.text()  # the bytes already on disk are shown
    manager.show_page("library")
    qtbot.waitUntil(
        lambda: any(r[0] == "Unfinished downloads" for r in library_rows(manager)),
        timeout=TIMEOUT,
    )
    with qtbot.waitSignal(manager.downloads.finished, timeout=TIMEOUT):
        qtbot.mouseClick(row.resume_button, Qt.MouseButton.LeftButton)
    assert sha256(first.path) == sha256(tiny_models["Q8_0"])
    assert hub_server.file_gets("tiny-llama-Q8_0.gguf")[-1].range == f"bytes={kept}-"


def test_a_missing_repository_and_a_gated_one_say_what_to_do(qtbot, manager, hub_server):
    page = manager.discover_page
    page.search.setText("test-org/Missing-GGUF")
    with qtbot.waitSignal(page.repo.failed, timeout=TIMEOUT):
        page.submit()
    banner = page.repo.banner
    assert banner.isVisible() and banner.property("kind") == "error"
    assert "was not found" in banner.label.text()
    assert any(
        b.text() == "Set an access token" for b in banner.findChildren(type(page.search_button))
    )

    page.search.setText(f"{hub_server.url}/{GATED_REPO}")  # a pasted address works too
    with qtbot.waitSignal(page.repo.verdicts_shown, timeout=TIMEOUT):
        page.submit()
    assert banner.property("kind") == "warning" and "gated" in banner.label.text()
    assert "Rough verdicts" in page.repo.status.text()
    with qtbot.waitSignal(
        manager.downloads.changed,
        timeout=TIMEOUT,
        check_params_cb=lambda d: d.state == DownloadState.FAILED,
    ):
        qtbot.mouseClick(page.repo.download_button, Qt.MouseButton.LeftButton)
    row = download_row(manager, "Q4_0")
    qtbot.waitUntil(lambda: row.error.isVisibleTo(row), timeout=TIMEOUT)
    assert "gated" in row.error.text() and "access token" in row.error.text()
    assert row.token_button.isVisibleTo(row) and row.resume_button.text() == "Try again"
    qtbot.waitUntil(lambda: not find_partial_downloads(), timeout=TIMEOUT)  # nothing to resume
    qtbot.mouseClick(row.token_button, Qt.MouseButton.LeftButton)
    assert manager.current_page() == "settings"


def test_without_a_keychain_the_token_is_kept_where_the_user_chooses(
    qtbot, manager, hub_server, tiny_models
):
    settings_page = manager.settings_page
    manager.show_page("settings")
    qtbot.waitUntil(lambda: settings_page.choice_box.isVisible(), timeout=TIMEOUT)
    assert "No system keychain" in settings_page.no_keychain.label.text()
    settings_page.token.setText(GOOD_TOKEN)
    settings_page.choice_box.session.setChecked(True)
    qtbot.mouseClick(settings_page.save_token_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: manager._token == GOOD_TOKEN, timeout=TIMEOUT)
    assert TokenStore().lookup() == (GOOD_TOKEN, Storage.SESSION)
    assert "this session only" in settings_page.token_status.text()
    assert GOOD_TOKEN not in settings_page.token_status.text()  # only a hint of it

    gated = hub.repo_files(GATED_REPO, config=manager.hub_config()).variants[0]
    with qtbot.waitSignal(manager.downloads.finished, timeout=TIMEOUT):
        manager.download(gated)  # the token is used

    settings_page.token.setText(GOOD_TOKEN)
    settings_page.choice_box.file.setChecked(True)
    qtbot.mouseClick(settings_page.save_token_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: TokenStore().where() == Storage.FILE, timeout=TIMEOUT)
    if sys.platform != "win32":
        assert stat.S_IMODE(TokenStore().file_path.stat().st_mode) == 0o600
    qtbot.waitUntil(lambda: "only you can read" in settings_page.token_status.text())


def test_offline_mode_makes_no_request_and_the_library_still_works(
    qtbot, make_manager, hub_server, tiny_models
):
    target = models_dir() / "local-Q4_0.gguf"
    target.write_bytes(tiny_models["Q4_0"].read_bytes())
    manager = make_manager(Settings(offline=True))
    page = manager.discover_page
    assert page.banner.isVisible() and "Offline mode is on" in page.banner.label.text()
    assert not page.search.isEnabled() and not page.search_button.isEnabled()
    page.open_repo(MODEL_REPO)  # a curated model clicked: stays here, says why
    assert page.stack.currentIndex() == 0
    manager.show_page("library")
    qtbot.waitUntil(lambda: manager.library_page.select(target), timeout=TIMEOUT)
    idle(qtbot, manager)
    assert hub_server.requests == []

    go_online = next(b for b in page.banner.findChildren(type(page.search_button)))
    qtbot.mouseClick(go_online, Qt.MouseButton.LeftButton)
    assert not manager.settings.offline and page.search.isEnabled()
    assert load_settings()[0].offline is False  # saved
    assert search(qtbot, manager, "tiny") == [MODEL_REPO]


def test_hf_hub_offline_turns_offline_mode_on(qtbot, make_manager, hub_server, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    manager = make_manager()
    assert "HF_HUB_OFFLINE" in manager.discover_page.banner.label.text()
    manager.show_page("settings")
    assert manager.settings_page.offline.isChecked()
    assert not manager.settings_page.offline.isEnabled()
    idle(qtbot, manager)
    assert hub_server.requests == []


def test_library_import_reveal_delete_and_folders(
    qtbot, manager, tiny_models, tmp_path, monkeypatch
):
    library = manager.library_page
    manager.show_page("library")
    source = tmp_path / "Downloads" / "mine-Q4_0.gguf"
    source.parent.mkdir()
    source.write_bytes(tiny_models["Q4_0"].read_bytes())
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(library, "ask_import_mode", lambda _source: "copy")
    with qtbot.waitSignal(manager.library_changed, timeout=TIMEOUT):
        qtbot.mouseClick(library.import_button, Qt.MouseButton.LeftButton)
    copy = models_dir() / "mine-Q4_0.gguf"
    qtbot.waitUntil(lambda: library.selected_model() is not None, timeout=TIMEOUT)
    assert library.selected_model().path == copy.resolve() and copy.exists()

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    qtbot.mouseClick(library.reveal_button, Qt.MouseButton.LeftButton)
    assert opened == [str(copy.resolve().parent)]

    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    with qtbot.waitSignal(manager.library_changed, timeout=TIMEOUT):
        qtbot.mouseClick(library.delete_button, Qt.MouseButton.LeftButton)
    assert "mine-Q4_0.gguf" in asked[0] and not copy.exists() and source.exists()

    folder = tmp_path / "Big Disk"
    folder.mkdir()
    (folder / "theirs-Q8_0.gguf").write_bytes(tiny_models["Q8_0"].read_bytes())
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    with qtbot.waitSignal(library.shown, timeout=TIMEOUT):
        qtbot.mouseClick(library.folder_button, Qt.MouseButton.LeftButton)
    assert manager.settings.models_dirs == [folder]
    assert load_settings()[0].models_dirs == [folder]
    qtbot.waitUntil(lambda: library.select(folder.resolve() / "theirs-Q8_0.gguf"), timeout=TIMEOUT)


def test_quantizations_of_one_model_are_grouped_to_switch_between(qtbot, manager, tiny_models):
    folder = models_dir().joinpath(*REPO_FOLDER)
    folder.mkdir(parents=True)
    for quant in ("Q4_0", "Q8_0"):
        (folder / f"tiny-llama-{quant}.gguf").write_bytes(tiny_models[quant].read_bytes())
    (models_dir() / "broken.gguf").write_text("<html>Not Found</html>")
    manager.show_page("library")
    library = manager.library_page
    qtbot.waitUntil(lambda: library.table.topLevelItemCount() == 2, timeout=TIMEOUT)
    group = next(
        library.table.topLevelItem(i)
        for i in range(2)
        if library.table.topLevelItem(i).childCount()
    )
    assert group.text(0).startswith("Tiny Llama") and group.text(3) == "2 quantizations"
    assert [group.child(i).text(3) for i in range(2)] == ["Q8_0", "Q4_0"]
    broken = next(r for r in library_rows(manager) if r[0] == "broken.gguf")
    assert broken[1] == "cannot be used"
    library.table.setCurrentItem(group.child(0))
    with qtbot.waitSignal(manager.load_requested) as load:
        qtbot.mouseClick(library.load_button, Qt.MouseButton.LeftButton)
    assert load.args == [(folder / "tiny-llama-Q8_0.gguf").resolve()]
    library.select((models_dir() / "broken.gguf").resolve())
    assert not library.load_button.isEnabled()


def test_through_the_main_window_download_load_and_chat(qtbot, hub_server, monkeypatch):
    from tests.ui.test_main_window import make_window, send
    from tests.ui.window_helpers import picker_offers

    window = make_window(qtbot)
    window.models_action.trigger()
    manager = window.model_manager
    assert manager.isVisible()
    found = search(qtbot, manager, "tiny")
    assert found == [MODEL_REPO]
    open_repo(qtbot, manager, MODEL_REPO)
    with qtbot.waitSignal(manager.downloads.finished, timeout=TIMEOUT) as done:
        qtbot.mouseClick(manager.discover_page.repo.download_button, Qt.MouseButton.LeftButton)
    path = done.args[0].path
    choice = ModelChoice.file(path.resolve())
    qtbot.waitUntil(lambda: picker_offers(window, choice), timeout=TIMEOUT)
    manager.show_page("library")
    qtbot.waitUntil(lambda: manager.library_page.select(path.resolve()), timeout=TIMEOUT)
    with qtbot.waitSignal(window.model_ready, timeout=60_000) as ready:
        qtbot.mouseClick(manager.library_page.load_button, Qt.MouseButton.LeftButton)
    assert ready.args[0].path == path.resolve()
    stats = send(qtbot, window, "Hello from the model manager")
    assert stats.generated_tokens > 0
    window.close()
    assert manager._closed  # closing the main window stopped the manager's work


def test_text_from_the_hub_is_shown_as_it_is_never_as_html(qtbot, manager, hub_server, watched):
    """A mirror's error message naming an image: shown as text, and the file never read."""
    html = f'<img src="{watched.path}"><b>bold</b>'
    body = json.dumps({"error": html}).encode()
    hub_server.hostile = [Hostile(r"^/api/models/test-org/Evil", body=body, status=400)]
    page = manager.discover_page
    page.search.setText("test-org/Evil-GGUF")
    with qtbot.waitSignal(page.repo.failed, timeout=TIMEOUT):
        page.submit()
    banner = page.repo.banner
    banner.grab()
    assert html in banner.label.text()
    assert banner.label.textFormat() == Qt.TextFormat.PlainText
    assert not watched.opened.is_set()


def test_the_manager_opens_centred_over_the_main_window_and_esc_closes_it(qtbot):
    main = QWidget()
    qtbot.addWidget(main)
    main.setGeometry(6, 10, 780, 560)  # on the offscreen screen of 800 × 600
    main.show()
    manager = ModelManager(Settings(), machine=fake_machine(), parent=main)
    try:
        manager.resize(400, 300)
        manager.show()
        qtbot.waitExposed(manager)
        centre, wanted = manager.frameGeometry().center(), main.frameGeometry().center()
        assert abs(centre.x() - wanted.x()) <= 2 and abs(centre.y() - wanted.y()) <= 2
        manager.discover_page.search.setFocus()  # Esc works from inside a page too
        qtbot.keyClick(manager.discover_page.search, Qt.Key.Key_Escape)
        assert not manager.isVisible()
        main.move(12, 20)  # opened again: over where the main window is now
        manager.show()
        qtbot.waitExposed(manager)
        assert manager.frameGeometry().center() == main.frameGeometry().center()
        qtbot.keyClick(manager, Qt.Key.Key_Escape)
        assert not manager.isVisible()
    finally:
        manager.shutdown()
