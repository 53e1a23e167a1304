"""The terminal front end, through the real engine."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys

import pytest
from gguf import GGUFValueType

from llamadesk.cli.main import main
from llamadesk.core.gguf import write_model
from tests.core.documents import files


def chat(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["chat", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_one_shot_chat_streams_an_answer_and_reports_stats(capsys, tiny_model):
    code, out, err = chat(capsys, "-m", str(tiny_model), "-p", "Hello", "-n", "16", "-s", "7")
    assert code == 0
    assert out.strip()
    assert "tokens/s" in err and "seed 7" in err
    assert "CPU only" in err  # the backend and why
    again = chat(capsys, "-m", str(tiny_model), "-p", "Hello", "-n", "16", "-s", "7")
    assert again[1] == out  # same seed, same answer


def test_beam_search_from_the_terminal_is_the_same_every_time(capsys, tiny_model):
    args = ("-m", str(tiny_model), "-p", "Translate: hello", "-n", "16", "--beams", "4")
    code, out, err = chat(capsys, *args)
    assert code == 0 and out.strip()
    assert "4 beams, log-probability -" in err and "seed" not in err
    assert chat(capsys, *args, "-s", "99")[1] == out  # no seed changes it
    code, _, err = chat(capsys, *args[:-1], "12")
    assert code == 2 and "Beams must be between 1 (off) and 8." in err


def test_interactive_chat_through_the_installed_command(tiny_model):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "llamadesk.cli.main",
            "chat",
            "-m",
            str(tiny_model),
            "-n",
            "8",
            "--system",
            "Be brief.",
        ],
        input="Hello\n/reset\nAgain\n/exit\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("tokens/s") == 2
    assert "Traceback" not in result.stderr


def test_info_prints_the_facts_and_a_memory_estimate(capsys, tiny_models):
    assert main(["info", str(tiny_models["Q4_0"]), "--ctx", "1024"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "llama",
        "Q4_0",
        "Tiny Llama",
        "Layers",
        "Context length",
        "Memory at 1,024 ctx",
        "KV cache",
        "yes",
    ):
        assert expected in out


def test_backends_prints_the_report(capsys):
    assert main(["backends"]) == 0
    out = capsys.readouterr().out
    assert "Backends in this build: CPU" in out
    assert "CPU only" in out


@pytest.mark.parametrize("command", ["chat", "info"])
def test_a_file_that_is_not_a_model_is_a_clear_error(capsys, tmp_path, command):
    bad = tmp_path / "page.gguf"
    bad.write_text("<html><body>Sign in to continue</body></html>")
    args = [command, "-m", str(bad), "-p", "x"] if command == "chat" else [command, str(bad)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


@pytest.mark.parametrize("command", ["chat", "info"])
@pytest.mark.parametrize(
    ("key", "value", "shown"),
    [
        ("llama.attention.layer_norm_rms_epsilon", (math.nan, GGUFValueType.FLOAT32), "nan"),
        ("llama.embedding_length", (1e300, GGUFValueType.FLOAT64), "1e+300"),
        ("llama.embedding_length", (math.inf, GGUFValueType.FLOAT32), "inf"),
        ("llama.block_count", (-5, GGUFValueType.INT32), "-5"),
    ],
)
def test_a_hostile_hyperparameter_is_a_clear_error(capsys, tmp_path, command, key, value, shown):
    bad = write_model(tmp_path / "hostile.gguf", metadata={key: value})
    args = [command, "-m", str(bad), "-p", "x"] if command == "chat" else [command, str(bad)]
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert not out and err.startswith("error: ") and err.count("\n") == 1
    assert f"{key} is {shown}," in err and "Traceback" not in err


def test_out_of_range_sampling_is_a_clear_error(capsys, tiny_model):
    code, _, err = chat(capsys, "-m", str(tiny_model), "-p", "x", "--temperature", "9")
    assert code == 2
    assert "Temperature must be between 0 and 5." in err


def test_the_terminal_and_its_engine_write_log_files_without_the_token(tiny_model):
    from llamadesk.core.paths import logs_dir

    token = "hf_" + "x" * 34
    environment = {**os.environ, "HF_TOKEN": token}
    result = subprocess.run(
        [sys.executable, "-m", "llamadesk", "chat", "-m", str(tiny_model), "-p", token, "-n", "4"],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    window_log = (logs_dir() / "llamadesk.log").read_text(encoding="utf-8")
    engine_log = (logs_dir() / "engine.log").read_text(encoding="utf-8")
    assert "log opened" in window_log and "log opened" in engine_log
    assert token not in window_log + engine_log


@pytest.fixture(scope="module")
def r1_model(tmp_path_factory):
    from pathlib import Path

    from llamadesk.core.gguf import synthetic

    template = Path(__file__).parents[1] / "data" / "chat_templates"
    source = (template / "deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja").read_text()
    return synthetic.write_model(
        tmp_path_factory.mktemp("r1") / "r1.gguf",
        chat_template=source,
        vocabulary=synthetic.DEEPSEEK_R1_LLAMA,
    )


def test_thinking_goes_to_stderr_and_the_answer_alone_to_stdout(capsys, r1_model):
    """DeepSeek-R1's template opens the reasoning in the prompt; the budget closes it."""
    args = ["-m", str(r1_model), "-p", "2+2?", "-n", "40", "-s", "3", "--thinking-budget", "8"]
    code, out, err = chat(capsys, *args)
    assert code == 0 and out.strip()
    assert "thought" in err and "(8 tokens)" in err
    code, hidden_out, hidden_err = chat(capsys, *args, "--hide-thinking")
    assert code == 0 and hidden_out == out  # same seed, same answer
    header, shown = err.split("\n", 1)
    assert hidden_err.startswith(header + "\n[")  # the statistics follow at once
    thinking = shown[: shown.rindex("\n\n[")].strip()  # the reasoning, then the statistics
    assert thinking and thinking not in hidden_err


def test_show_prompt_prints_the_rendered_prompt_first(capsys, r1_model):
    code, out, err = chat(
        capsys, "-m", str(r1_model), "-p", "2+2?", "-n", "4", "--show-prompt", "--system", "Hi"
    )
    assert code == 0
    assert "--- prompt: " in err and "<｜User｜>2+2?<｜Assistant｜><think>\n" in err
    assert "<｜begin▁of▁sentence｜>Hi" in err and "--- prompt" not in out


def test_attached_documents_go_with_the_prompt(capsys, tiny_model, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Buy milk.\n")
    report = tmp_path / "report.pdf"
    report.write_bytes(files.pdf_with_text(["Sales grew."]))
    code, _, err = chat(
        capsys,
        *("-m", str(tiny_model), "-p", "Summarise.", "-n", "4", "--show-prompt"),
        *("--attach", str(notes), "--attach", str(report)),
    )
    assert code == 0
    assert re.search(r"attached notes\.txt: \d+ tokens", err)
    assert re.search(r"attached report\.pdf: \d+ tokens", err)
    prompt = err[err.index("--- prompt") : err.index("--- end of prompt")]
    assert '<document name="notes.txt">\nBuy milk.\n</document>' in prompt
    assert '<document name="report.pdf" pages="1">\nSales grew.\n</document>' in prompt
    assert prompt.index("report.pdf") < prompt.index("Summarise.")


def test_a_document_that_cannot_be_attached_is_said_before_the_model_loads(capsys, tmp_path):
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(files.scanned_pdf())
    code, out, err = chat(
        capsys, "-m", str(tmp_path / "never-loaded.gguf"), "-p", "x", "--attach", str(scan)
    )
    assert code == 2 and out == ""
    assert 'error: "scan.pdf" has no text layer' in err
