"""``llamadesk --self-test``: the check every installer artefact runs, here from source."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run_self_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    environment = {
        **os.environ,
        "TMPDIR": str(scratch),  # so the test can see that the temporary folder is removed
        "TEMP": str(scratch),
        "TMP": str(scratch),
        "QT_QPA_PLATFORM": "",  # the self-test chooses offscreen by itself
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "llamadesk.cli.main", "--self-test"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_self_test_loads_a_model_streams_an_answer_and_reports(
    tmp_path: Path, user_dirs: Path
) -> None:
    result = _run_self_test(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    assert f"LlamaDesk {metadata.version('llamadesk')} self-test" in report
    assert "platform plugin: offscreen" in report
    assert "icon ok" in report
    assert re.search(r"llama-cpp-python \S+; backends: \S+", report)
    assert re.search(r"engine process: pid \d+ \(this process: \d+\)", report)
    assert "model: Tiny Llama (Q8_0) loaded" in report
    tokens = re.search(r"answer: (\d+) tokens generated, ([\d.]+) tokens/s", report)
    assert tokens and int(tokens[1]) > 0 and float(tokens[2]) > 0
    assert re.search(r"self-test passed in [\d.]+ s", report)
    # It leaves nothing behind: no temporary model, and nothing in the user's folders.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert [p for p in user_dirs.rglob("*") if p.is_file()] == []


def test_a_hung_self_test_ends_with_the_reason(tmp_path: Path) -> None:
    result = _run_self_test(tmp_path, LLAMADESK_SELFTEST_TIMEOUT="0.01")

    assert result.returncode == 3
    assert "self-test FAILED: timed out after 0.01 s while" in result.stderr
