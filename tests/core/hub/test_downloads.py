"""Downloads against the loopback Hub: search to chat, resume after drops, stalls and
restarts, verification, clear errors, safe file names, disk space, the queue."""

from __future__ import annotations

import errno
import hashlib
import threading
from pathlib import Path

import pytest

from llamadesk.core.errors import DownloadError, HubError
from llamadesk.core.gguf import read_info
from llamadesk.core.hub import DownloadQueue, HubConfig, ModelVariant, RemoteFile
from llamadesk.core.hub import client as hub
from llamadesk.core.hub.download_files import (
    find_partial_downloads,
    part_path,
    safe_destination,
    sidecar_path,
    sidecar_record,
    write_sidecar,
)
from llamadesk.core.hub.downloads import Download, DownloadState, RetryPolicy, _RateMeter
from llamadesk.core.library import find_model_files
from llamadesk.core.machine import BackendReport, Machine, Verdict, fit_variants, recommend
from llamadesk.core.paths import models_dir
from tests.hub_server import (
    GATED_REPO,
    GOOD_TOKEN,
    MODEL_REPO,
    NOT_ACCEPTED_TOKEN,
    closed_port_url,
)

GiB = 1024**3


class Recorder:
    """A Download's collaborators for tests: records back-off delays (never sleeps)."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.events = []

    def download(self, variant: ModelVariant, **options) -> Download:
        options.setdefault("config", HubConfig(read_timeout=10))
        return Download(
            variant,
            sleep=self.delays.append,
            on_progress=self.events.append,
            progress_interval=0,
            **options,
        )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def repo(hub_server):
    return hub.repo_files(MODEL_REPO)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers() -> list[Path]:
    return [p for p in models_dir().rglob("*") if p.name.endswith((".part", ".json"))]


def cdn_ranges(hub_server, path: str) -> list[str | None]:
    return [r.range for r in hub_server.file_gets(path)]


def test_search_choose_fit_download_verify_and_load(hub_server, recorder, tiny_models):
    found = hub.search_models("tiny").models
    assert [m.repo_id for m in found] == [MODEL_REPO]
    details = hub.repo_files(found[0].repo_id)
    header = hub.variant_header(details.variants[0])
    machine = Machine(ram_total=16 * GiB, ram_available=8 * GiB, report=None)
    choices = fit_variants(details.variants, header, machine, n_ctx=2048)
    assert {fit.verdict for _, fit in choices} == {Verdict.CPU_ONLY}
    chosen = recommend(choices)
    assert chosen.variant.quantization == "Q4_0" and "4-bit" in chosen.reason

    download = recorder.download(chosen.variant)
    assert download.run() == DownloadState.DONE
    path = download.path
    assert path == models_dir() / "test-org" / "Tiny-Llama-GGUF" / "tiny-llama-Q4_0.gguf"
    assert sha256(path) == sha256(tiny_models["Q4_0"])
    assert read_info(path).quantization == "Q4_0"
    assert find_model_files([models_dir()]) == [path.resolve()]
    assert leftovers() == [] and recorder.delays == []
    states = [e.state for e in recorder.events]
    assert states[0] == DownloadState.DOWNLOADING and states[-2:] == [
        DownloadState.VERIFYING,
        DownloadState.DONE,
    ]
    done = [e.done for e in recorder.events]
    assert done == sorted(done) and recorder.events[-1].done == path.stat().st_size
    assert recorder.events[-1].fraction == 1.0
    assert hub_server.count("/cdn/") >= 1  # the bytes came from the "CDN" after a redirect


def test_a_downloaded_model_chats_with_the_real_engine(repo, recorder):
    from llamadesk.core.engine import SamplingParams
    from llamadesk.core.engine.llama import Engine

    download = recorder.download(repo.find("Q8_0"))
    download.run()
    with Engine() as engine:
        loaded = engine.load(download.path)
        assert loaded.info.quantization == "Q8_0"
        pieces = [
            piece
            for piece in engine.stream_chat(
                [{"role": "user", "content": "Hello"}], SamplingParams(max_tokens=5, seed=1)
            )
            if isinstance(piece, str)
        ]
        assert pieces


def test_a_dropped_connection_is_retried_and_resumes_with_range(hub_server, repo, recorder):
    variant = repo.find("Q8_0")
    hub_server.faults.drop_after, hub_server.faults.drop_times = 40_000, 2
    download = recorder.download(variant)
    assert download.run() == DownloadState.DONE
    assert cdn_ranges(hub_server, variant.name) == [None, "bytes=40000-", "bytes=80000-"]
    assert recorder.delays == [1.0, 1.0]  # bytes arrived in between: the count starts again
    assert hub_server.bytes_sent(variant.name) == variant.size
    assert sha256(download.path) == variant.files[0].sha256
    retrying = [e for e in recorder.events if e.state == DownloadState.RETRYING]
    assert len(retrying) == 2 and "interrupted" in retrying[0].message


def test_a_stall_is_detected_by_the_read_timeout_and_resumed(hub_server, repo, recorder):
    variant = repo.find("Q4_0")
    hub_server.faults.stall_after = 30_000
    download = recorder.download(variant, config=HubConfig(read_timeout=0.2))
    assert download.run() == DownloadState.DONE
    assert cdn_ranges(hub_server, variant.name) == [None, "bytes=30000-"]
    assert recorder.delays == [1.0]
    assert "stopped sending" in next(
        e.message for e in recorder.events if e.state == DownloadState.RETRYING
    )


def test_stopping_and_a_new_downloader_resume_from_the_partial_file(hub_server, repo, recorder):
    """An app restart: the first Download stops mid-way, a new one continues, not from zero."""
    variant = repo.find("F16")
    first = recorder.download(variant)
    first.on_progress = lambda p: first.pause() if p.done >= 100_000 else None
    assert first.run() == DownloadState.PAUSED
    part = part_path(first.path)
    partial = part.stat().st_size
    assert 100_000 <= partial < variant.size and sidecar_path(first.path).exists()
    assert not first.path.exists()
    (found,) = find_partial_downloads()
    assert found.variant == variant and found.done == partial

    again = Recorder().download(variant, config=HubConfig())  # new objects
    assert again.run() == DownloadState.DONE
    assert cdn_ranges(hub_server, variant.name)[-1] == f"bytes={partial}-"
    assert sha256(again.path) == variant.files[0].sha256 and leftovers() == []
    assert find_partial_downloads() == []


def test_a_download_that_gave_up_keeps_its_partial_file(hub_server, repo, recorder):
    variant = repo.find("Q8_0")
    hub_server.faults.drop_after, hub_server.faults.drop_times = 50_000, 1
    download = recorder.download(variant, retry=RetryPolicy(attempts=1))
    with pytest.raises(HubError, match="tried 1 times") as caught:
        download.run()
    assert caught.value.reason == "interrupted" and download.state == DownloadState.FAILED
    assert download.error is caught.value
    assert part_path(download.path).stat().st_size == 50_000
    assert download.requeue() and download.run() == DownloadState.DONE
    assert cdn_ranges(hub_server, variant.name)[-1] == "bytes=50000-"


def test_server_errors_back_off_exponentially_then_give_up(hub_server, repo, recorder):
    variant = repo.find("Q4_0")
    hub_server.faults.status, hub_server.faults.status_times = 503, 2
    assert recorder.download(variant).run() == DownloadState.DONE
    assert recorder.delays == [1.0, 2.0]

    hub_server.faults.status_times = -1
    failing = Recorder()
    download = failing.download(
        repo.find("Q8_0"), retry=RetryPolicy(attempts=5, base_delay=0.5, max_delay=3)
    )
    with pytest.raises(HubError, match=r"HTTP 503.*tried 5 times") as caught:
        download.run()
    assert caught.value.reason == "server"
    assert failing.delays == [0.5, 1.0, 2.0, 3.0]


def test_a_corrupted_byte_is_rejected_and_never_visible(hub_server, repo, recorder):
    variant = repo.find("Q8_0")
    hub_server.faults.corrupt_at, hub_server.faults.corrupt_times = 1000, -1
    download = recorder.download(variant)
    with pytest.raises(DownloadError, match="damaged twice") as caught:
        download.run()
    assert caught.value.reason == "checksum"
    assert not download.path.exists() and leftovers() == []
    assert find_model_files([models_dir()]) == []
    assert len(cdn_ranges(hub_server, variant.name)) == 2  # fetched once more from zero


def test_a_byte_corrupted_once_is_fetched_again(hub_server, repo, recorder):
    variant = repo.find("Q4_0")
    hub_server.faults.corrupt_at = 5
    download = recorder.download(variant)
    assert download.run() == DownloadState.DONE
    assert sha256(download.path) == variant.files[0].sha256


def test_a_server_that_ignores_range_makes_the_download_start_again(hub_server, repo, recorder):
    variant = repo.find("Q4_0")
    first = recorder.download(variant)
    first.on_progress = lambda p: first.pause() if p.done >= 20_000 else None
    first.run()
    hub_server.faults.ignore_range = True
    again = Recorder().download(variant)
    assert again.run() == DownloadState.DONE
    assert sha256(again.path) == variant.files[0].sha256


def test_split_model_parts_appear_together_first_part_last(hub_server, repo, recorder):
    variant = repo.find("F32")
    seen_early = []

    def watch(progress):
        if progress.part == 2 and progress.state == DownloadState.DOWNLOADING:
            seen_early.append(any(p.suffix == ".gguf" for p in models_dir().rglob("*")))

    download = recorder.download(variant)
    download.on_progress = watch
    assert download.run() == DownloadState.DONE
    assert seen_early and not any(seen_early)
    paths = download.destinations
    assert [p.name for p in paths] == [
        "tiny-llama-F32-00001-of-00002.gguf",
        "tiny-llama-F32-00002-of-00002.gguf",
    ]
    assert all(read_info(p).quantization == "F32" for p in paths)
    assert find_model_files([models_dir()]) == [paths[0].resolve()]


def test_downloading_a_model_already_there_fetches_nothing(hub_server, repo, recorder):
    variant = repo.find("Q4_0")
    recorder.download(variant).run()
    before = hub_server.count("/cdn/")
    assert recorder.download(variant).run() == DownloadState.DONE
    assert hub_server.count("/cdn/") == before


def test_cancel_deletes_the_partial_file(hub_server, repo, recorder):
    download = recorder.download(repo.find("F16"))
    download.on_progress = lambda p: download.cancel() if p.done >= 50_000 else None
    assert download.run() == DownloadState.CANCELLED
    assert leftovers() == [] and not (models_dir() / "test-org").exists()
    paused = recorder.download(repo.find("F16"))
    paused.on_progress = lambda p: paused.pause() if p.done >= 50_000 else None
    paused.run()
    assert part_path(paused.path).exists()
    paused.cancel()  # not running: deleted at once
    assert paused.state == DownloadState.CANCELLED and leftovers() == []


@pytest.mark.parametrize(
    ("token", "match"),
    [(None, "is gated"), (NOT_ACCEPTED_TOKEN, "may not download"), ("hf_typo", "refused")],
)
def test_gated_downloads_explain_the_token_and_the_licence(hub_server, recorder, token, match):
    variant = hub.repo_files(GATED_REPO).variants[0]
    download = recorder.download(variant, config=HubConfig(token=token))
    with pytest.raises(HubError, match=match) as caught:
        download.run()
    assert caught.value.reason in ("gated", "unauthorized") and recorder.delays == []
    assert download.state == DownloadState.FAILED


def test_gated_download_with_an_accepted_token(hub_server, recorder):
    variant = hub.repo_files(GATED_REPO).variants[0]
    download = recorder.download(variant, config=HubConfig(token=GOOD_TOKEN))
    assert download.run() == DownloadState.DONE


def test_a_file_gone_from_the_repository(hub_server, recorder):
    variant = ModelVariant(
        MODEL_REPO, "main", "Q4_0", (RemoteFile("gone-Q4_0.gguf", 10, "0" * 64),)
    )
    with pytest.raises(HubError, match="no longer in") as caught:
        recorder.download(variant).run()
    assert caught.value.reason == "not_found" and recorder.delays == []


def test_no_network_is_retried_then_explained(hub_server, repo, recorder):
    config = HubConfig(endpoint=closed_port_url())
    download = recorder.download(repo.find("Q4_0"), config=config, retry=RetryPolicy(attempts=3))
    with pytest.raises(HubError, match="Could not connect") as caught:
        download.run()
    assert caught.value.reason == "no_network" and recorder.delays == [1.0, 2.0]


@pytest.mark.parametrize(
    "name",
    [
        "../evil.gguf",
        "a/../../evil.gguf",
        "/etc/evil.gguf",
        "C:\\Windows\\evil.gguf",
        "C:evil.gguf",
        "sub\\evil.gguf",
        "",
        ".",
        "a//b.gguf",
        "evil.gguf.",
        "CON.gguf",
        "nul",
        "x\x00.gguf",
        "x\n.gguf",
    ],
)
def test_file_names_that_would_leave_the_models_folder_are_refused(tmp_path, name):
    with pytest.raises(DownloadError) as caught:
        safe_destination(tmp_path, "org/model", name)
    assert caught.value.reason == "unsafe_name"


def test_unsafe_names_are_refused_before_any_request(hub_server, recorder, tmp_path):
    root = tmp_path / "models"
    assert safe_destination(root, "org/model", "Q4/x.gguf") == root / "org/model/Q4/x.gguf"
    for repo_id in ("../x", "org/..", "org"):
        with pytest.raises(DownloadError):
            safe_destination(root, repo_id, "x.gguf")
    evil = ModelVariant(MODEL_REPO, "main", "Q4_0", (RemoteFile("../../evil.gguf", 10, "0" * 64),))
    with pytest.raises(DownloadError, match="outside the models folder"):
        recorder.download(evil, models_root=root).run()
    assert hub_server.count() == 0 and not (tmp_path / "evil.gguf").exists()


def symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target, target_is_directory=target.is_dir())
    except OSError:  # Windows without the privilege
        pytest.skip("symbolic links cannot be made here")


def test_links_in_the_models_folder_are_never_followed(hub_server, recorder, tmp_path):
    root = tmp_path / "models"
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "test-org").mkdir(parents=True)
    symlink(root / "test-org" / "Tiny-Llama-GGUF", outside)
    variant = hub.repo_files(MODEL_REPO).find("Q4_0")
    with pytest.raises(DownloadError, match="link") as caught:
        recorder.download(variant, models_root=root).run()
    assert caught.value.reason == "unsafe_name"
    assert list(outside.iterdir()) == [] and hub_server.count("tiny-llama-Q4_0.gguf") == 0

    (root / "test-org" / "Tiny-Llama-GGUF").unlink()
    target = tmp_path / "victim.txt"
    target.write_text("keep me")
    folder = root / "test-org" / "Tiny-Llama-GGUF"
    folder.mkdir()
    symlink(folder / "tiny-llama-Q4_0.gguf.part", target)  # no sidecar: not resumed
    download = recorder.download(variant, models_root=root)
    assert download.run() == DownloadState.DONE
    assert target.read_text() == "keep me" and not download.path.is_symlink()

    download.path.unlink()  # a partial file that is a link, with a sidecar that matches
    symlink(folder / "tiny-llama-Q4_0.gguf.part", target)
    url = hub.resolve_url(MODEL_REPO, variant.name, revision=variant.revision)
    write_sidecar(sidecar_path(download.path), sidecar_record(variant, variant.files[0], url))
    assert recorder.download(variant, models_root=root).run() == DownloadState.DONE
    assert target.read_text() == "keep me" and not download.path.is_symlink()


def test_disk_space_is_checked_before_starting(hub_server, repo, recorder):
    variant = repo.find("F16")
    download = recorder.download(variant, disk_free=lambda folder: 10 * 1024**2)
    with pytest.raises(DownloadError) as caught:
        download.run()
    message = str(caught.value)
    assert caught.value.reason == "disk_space"
    assert (
        "286 KiB more" in message and "10 MiB is free" in message and "Free some space" in message
    )
    assert hub_server.count("/cdn/") == 0
    enough = recorder.download(variant, disk_free=lambda folder: 100 * 1024**2)
    assert enough.run() == DownloadState.DONE


def test_a_full_disk_while_writing_keeps_the_partial_file(hub_server, repo, recorder):
    class FullDisk(Download):
        def _open_part(self, part):
            stream = super()._open_part(part)
            written = [0]
            real_write = stream.write

            def write(data):
                if written[0] >= 20_000:
                    raise OSError(errno.ENOSPC, "No space left on device")
                written[0] += len(data)
                return real_write(data)

            stream.write = write
            return stream

    variant = repo.find("Q8_0")
    download = FullDisk(variant, sleep=recorder.delays.append)
    with pytest.raises(DownloadError, match="disk is full") as caught:
        download.run()
    assert caught.value.reason == "disk_full" and part_path(download.path).exists()
    assert Download(variant).run() == DownloadState.DONE


def test_speed_and_time_left():
    meter = _RateMeter(window=5.0)
    assert meter.add(0.0, 0) == 0.0
    assert meter.add(1.0, 1000) == 1000.0
    for second in range(2, 12):
        speed = meter.add(float(second), 1000 + (second - 1) * 3000)
    assert speed == 3000.0  # the slow first second has left the window


def test_progress_reports_speed_and_eta_with_an_injected_clock(hub_server, repo):
    ticks = iter(range(10**6))
    events = []
    download = Download(
        repo.find("F16"),
        clock=lambda: next(ticks) * 0.01,
        progress_interval=0,
        on_progress=events.append,
    )
    download.run()
    moving = [e for e in events if e.state == DownloadState.DOWNLOADING and e.speed > 0]
    assert moving and all(e.eta is not None and e.eta >= 0 for e in moving)
    assert moving[-1].eta == 0


def test_queue_runs_one_at_a_time_and_reports_changes(hub_server, repo):
    changes: list[tuple[str, DownloadState]] = []
    lock = threading.Lock()

    def on_change(download):
        with lock:
            changes.append((download.variant.quantization, download.state))

    queue = DownloadQueue(on_change=on_change)
    first = queue.add(repo.find("Q4_0"))
    second = queue.add(repo.find("Q8_0"))
    paused = queue.add(repo.find("F16"), start=False)
    assert queue.add(repo.find("Q4_0")) is first
    assert queue.wait(timeout=30)
    assert first.state == second.state == DownloadState.DONE
    assert paused.state == DownloadState.PAUSED
    order = [q for q, state in changes if state == DownloadState.DOWNLOADING]
    assert order.index("Q8_0") > max(i for i, q in enumerate(order) if q == "Q4_0")
    queue.resume(paused)
    assert queue.wait(timeout=30) and paused.state == DownloadState.DONE
    queue.remove(first)
    assert queue.downloads == [second, paused]
    queue.close()


def test_queue_restores_partial_downloads_after_a_restart(hub_server, repo):
    variant = repo.find("F16")
    stopped = Download(variant, progress_interval=0)
    stopped.on_progress = lambda p: stopped.pause() if p.done >= 60_000 else None
    stopped.run()

    partial = part_path(stopped.path).stat().st_size
    queue = DownloadQueue()  # the app started again
    (restored,) = queue.restore()
    assert restored.state == DownloadState.PAUSED and restored.variant == variant
    queue.resume(restored)
    assert queue.wait(timeout=30) and restored.state == DownloadState.DONE
    assert cdn_ranges(hub_server, variant.name)[-1] == f"bytes={partial}-"
    queue.close()


def test_queue_failures_are_kept_on_the_download(hub_server):
    queue = DownloadQueue(config=HubConfig(token="hf_typo"))
    download = queue.add(hub.repo_files(GATED_REPO).variants[0])
    assert queue.wait(timeout=30)
    assert download.state == DownloadState.FAILED and download.error.reason == "unauthorized"
    queue.close()


def test_a_download_on_a_machine_with_a_gpu_report(hub_server, repo):
    report = BackendReport("0", ("CPU",), (), "")
    machine = Machine(ram_total=4 * GiB, ram_available=GiB // 2, report=report)
    header = hub.variant_header(repo.find("F16"))
    verdicts = dict(
        (v.quantization, f.verdict) for v, f in fit_variants(repo.variants, header, machine)
    )
    assert set(verdicts.values()) == {Verdict.CPU_ONLY}


def test_pause_during_a_stall_takes_effect_within_the_read_timeout(hub_server, repo):
    hub_server.faults.stall_after, hub_server.faults.stall_times = 30_000, -1
    stalled = threading.Event()

    def on_change(download):
        if download.progress.done >= 30_000:
            stalled.set()

    queue = DownloadQueue(on_change=on_change, config=HubConfig(read_timeout=0.3))
    download = queue.add(repo.find("Q8_0"))
    assert stalled.wait(timeout=10)
    queue.pause(download)
    assert queue.wait(timeout=10) and download.state == DownloadState.PAUSED
    assert part_path(download.path).stat().st_size == 30_000
    queue.close()
