"""Settings: typed, versioned, saved atomically, and never a reason for the app not to start."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from llamadesk.core.engine import PRESETS, ReasoningOptions, SamplingParams
from llamadesk.core.errors import SettingsError
from llamadesk.core.machine import LoadOptions
from llamadesk.core.paths import config_dir
from llamadesk.core.settings import (
    BUILTIN_SYSTEM_PROMPTS,
    DEFAULT_SYSTEM_PROMPT,
    SCHEMA_VERSION,
    ModelSettings,
    Settings,
    load_settings,
    save_settings,
    settings_path,
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


def custom() -> Settings:
    return Settings(
        sampling=SamplingParams(temperature=0.3, top_k=12, seed=42, stop=("###", "\nUser:")),
        load=LoadOptions(n_ctx=8192, gpu_layers=20, n_threads=6, flash_attn="on", kv_type="q8_0"),
        system_prompt="Réponds en français. 用中文回答也可以。",
        sampling_presets={"Code": PRESETS["Precise"], "Poetry": SamplingParams(temperature=1.3)},
        system_prompt_presets={"Pirate": "Talk like a pirate."},
        language="zh_CN",
        appearance="dark",
        last_model=Path("/models/llama-3.2-1b-Q4_K_M.gguf"),
        models_dirs=[Path("/mnt/models"), Path("D:/GGUF")],
        models_folder=Path("/data/llm"),
        hub_endpoint="https://hf-mirror.com",
        offline=True,
        model_settings={
            "file:/models/a.gguf": ModelSettings(2048, 12, SamplingParams(temperature=0.2)),
            "remote:abc:llama3": ModelSettings(0, "auto", PRESETS["Precise"]),
        },
    )


def test_missing_file_gives_defaults_without_warnings(path: Path):
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert warnings == []
    assert settings.system_prompt == DEFAULT_SYSTEM_PROMPT
    assert settings.language == "" and settings.last_model is None


def test_round_trip_keeps_every_field(path: Path):
    save_settings(custom(), path)
    settings, warnings = load_settings(path)
    assert warnings == []
    assert settings == custom()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == SCHEMA_VERSION
    assert data["sampling"]["stop"] == ["###", "\nUser:"]
    assert data["last_model"] == str(Path("/models/llama-3.2-1b-Q4_K_M.gguf"))


def test_default_location_is_the_config_folder():
    assert settings_path() == config_dir() / "settings.json"
    save_settings(custom())
    assert load_settings() == (custom(), [])


def test_saving_is_atomic_and_leaves_no_temporary_files(path: Path, monkeypatch):
    save_settings(Settings(), path)
    save_settings(custom(), path)
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]

    def broken_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SettingsError, match="could not be saved"):
        save_settings(Settings(language="de"), path)
    monkeypatch.undo()
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]
    assert load_settings(path) == (custom(), [])  # the old file is intact


def test_saving_fsyncs_the_data_before_renaming(path: Path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (events.append("replace"), real_replace(a, b))[1]
    )
    save_settings(Settings(), path)
    assert events[:2] == ["fsync", "replace"]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00\x01", b"[1, 2, 3]", b'"just a string"', b"", b"[" * 100_000],
)
def test_a_corrupt_file_is_set_aside_and_defaults_are_used(path: Path, content: bytes):
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert len(warnings) == 1 and "default settings" in warnings[0]
    backups = list(path.parent.glob("settings.json.bad-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == content
    assert backups[0].name in warnings[0]
    assert not path.exists()
    save_settings(settings, path)  # and the app can save again
    assert load_settings(path) == (Settings(), [])


@pytest.mark.parametrize(
    "content",
    [
        b'{"sampling": {"seed": ' + b"9" * 5000 + b"}}",  # beyond Python's 4,300 digits
        b'{"sampling": {"temperature": NaN, "top_p": Infinity}, "load": {"n_ctx": 1e999}}',
        b'{"extra": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}",
    ],
)
def test_absurd_numbers_and_nesting_never_stop_the_app(path: Path, content: bytes):
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    settings, warnings = load_settings(path)
    assert warnings and settings.sampling == SamplingParams()
    save_settings(settings, path)
    assert load_settings(path)[0] == settings


def test_a_lone_surrogate_in_a_text_does_not_break_saving(path: Path):
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"system_prompt": "Be brief \\ud800.", "extra_key": "\\udfff"}')
    settings, _ = load_settings(path)
    save_settings(settings, path)  # a hand-edited text must not fail every save from now on
    again, warnings = load_settings(path)
    assert again.system_prompt == "Be brief ?." and not warnings


def test_two_corrupt_files_in_the_same_second_keep_both_backups(path: Path):
    for content in (b"{bad", b"{worse"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        load_settings(path)
    backups = sorted(p.read_bytes() for p in path.parent.glob("settings.json.bad-*"))
    assert backups == [b"{bad", b"{worse"]


def test_an_unreadable_file_does_not_stop_the_app(path: Path):
    path.mkdir(parents=True)  # a folder where the file should be: reading it fails
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert warnings and "could not be read" in warnings[0]


def test_invalid_values_fall_back_one_field_at_a_time(path: Path):
    data = custom().to_dict()
    data["sampling"]["temperature"] = 99  # out of range
    data["sampling"]["top_p"] = "high"  # wrong type
    data["load"]["gpu_layers"] = "most"  # not a choice
    data["load"]["use_mmap"] = "yes"  # wrong type
    data["language"] = 42
    data["appearance"] = "sepia"
    data["models_dirs"] = "/not/a/list"
    data["sampling_presets"]["Broken"] = {"top_k": -5, "temperature": 0.9}
    data["sampling_presets"]["Not a dict"] = [1, 2]
    data["system_prompt_presets"] = {"x": 5}
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    settings, warnings = load_settings(path)

    expected = custom()
    assert settings.sampling == replace(expected.sampling, temperature=0.7, top_p=0.95)
    assert settings.load == replace(expected.load, gpu_layers="auto", use_mmap=True)
    assert settings.language == ""
    assert settings.appearance == "system"
    assert settings.models_dirs == []
    assert settings.system_prompt_presets == {}
    assert settings.sampling_presets["Broken"] == SamplingParams(temperature=0.9)
    assert settings.sampling_presets["Not a dict"] == SamplingParams()
    assert settings.sampling_presets["Code"] == expected.sampling_presets["Code"]
    assert settings.system_prompt == expected.system_prompt  # valid fields are all kept
    assert settings.last_model == expected.last_model
    assert len(warnings) == 1
    for name in (
        "sampling.temperature",
        "sampling.top_p",
        "load.gpu_layers",
        "load.use_mmap",
        "language",
        "appearance",
        "models_dirs",
        "sampling_presets.Broken.top_k",
        "system_prompt_presets",
    ):
        assert name in warnings[0]
    assert not list(path.parent.glob("*.bad-*"))  # a readable file is not set aside


def test_json_numbers_become_the_right_types(path: Path):
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps({"sampling": {"temperature": 1, "top_k": 40.0, "max_tokens": 1.5}}),
        encoding="utf-8",
    )
    settings, warnings = load_settings(path)
    assert settings.sampling.temperature == 1.0 and isinstance(settings.sampling.temperature, float)
    assert settings.sampling.top_k == 40 and isinstance(settings.sampling.top_k, int)
    assert settings.sampling.max_tokens == SamplingParams().max_tokens
    assert warnings and "sampling.max_tokens" in warnings[0]


def test_keys_from_a_newer_version_are_ignored_and_kept(path: Path):
    data = custom().to_dict()
    data["version"] = SCHEMA_VERSION + 3
    data["voice"] = {"engine": "piper", "speed": 1.2}
    data["sampling"]["mirostat"] = 2
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    settings, warnings = load_settings(path)
    assert warnings == []
    assert replace(settings, extra={}) == custom()
    save_settings(settings, path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["voice"] == {"engine": "piper", "speed": 1.2}  # going back loses nothing
    assert saved["version"] == SCHEMA_VERSION


def test_effective_merges_conversation_overrides_over_the_defaults():
    settings = custom()
    assert settings.effective({}) == (
        settings.system_prompt,
        settings.sampling,
        settings.load,
        settings.reasoning,
    )
    assert settings.effective(None)[0] == settings.system_prompt

    prompt, sampling, load, reasoning = settings.effective(
        {
            "system_prompt": "Answer in one word.",
            "sampling": {"temperature": 0.0, "stop": ["END"]},
            "load": {"n_ctx": 2048},
            "reasoning": {"thinking": False, "budget": 500},
        }
    )
    assert reasoning == ReasoningOptions(thinking=False, budget=500)
    assert prompt == "Answer in one word."
    assert sampling == replace(settings.sampling, temperature=0.0, stop=("END",))
    assert sampling.top_k == 12 and sampling.seed == 42  # not overridden: the global value
    assert load == replace(settings.load, n_ctx=2048)

    assert settings.effective({"system_prompt": ""})[0] == ""  # "no system prompt" is a choice


def test_invalid_overrides_are_skipped_field_by_field():
    settings = custom()
    prompt, sampling, load, reasoning = settings.effective(
        {
            "system_prompt": 7,
            "sampling": {"temperature": -1, "top_k": 3, "unknown": True},
            "load": "garbage",
            "reasoning": {"effort": "extreme", "budget": 100},
        }
    )
    assert reasoning == ReasoningOptions(budget=100)
    assert prompt == settings.system_prompt
    assert sampling == replace(settings.sampling, top_k=3)
    assert load == settings.load


def test_builtin_system_prompts():
    assert set(BUILTIN_SYSTEM_PROMPTS) == {
        "Assistant",
        "Translator",
        "Summariser",
        "Q&A over pasted text",
    }
    for text in BUILTIN_SYSTEM_PROMPTS.values():
        assert 150 < len(text) < 1000 and text.endswith(".")
    assert BUILTIN_SYSTEM_PROMPTS["Assistant"] == DEFAULT_SYSTEM_PROMPT


def test_hub_and_models_folder_settings_default_and_validate(path: Path):
    defaults = Settings()
    assert defaults.models_folder is None and defaults.hub_endpoint == "" and not defaults.offline
    data = custom().to_dict()
    assert data["models_folder"] == str(Path("/data/llm"))
    assert data["hub_endpoint"] == "https://hf-mirror.com" and data["offline"] is True
    for bad in (
        {"hub_endpoint": "ftp://mirror.example"},
        {"hub_endpoint": "not a url"},
        {"offline": "yes"},
        {"models_folder": ""},
        {"models_folder": 7},
    ):
        settings, problems = Settings.from_dict(bad)
        assert problems == list(bad) and settings == Settings()
    settings, problems = Settings.from_dict(
        {"hub_endpoint": "  http://127.0.0.1:8080/hub ", "models_folder": None, "offline": False}
    )
    assert problems == [] and settings.hub_endpoint == "http://127.0.0.1:8080/hub"


def test_each_model_gets_back_what_was_set_for_it():
    settings = Settings(load=LoadOptions(n_ctx=8192, n_threads=3))
    settings.sampling = SamplingParams(temperature=0.2)
    settings.remember_model("file:/a.gguf")
    settings.use_model("file:/b.gguf")  # never set up: the settings as they are
    assert (settings.load.n_ctx, settings.sampling.temperature) == (8192, 0.2)
    settings.load = LoadOptions(n_ctx=1024, gpu_layers=4, n_threads=3)
    settings.sampling = SamplingParams(temperature=1.1)
    settings.remember_model("file:/b.gguf")
    settings.use_model("file:/a.gguf")
    assert (settings.load.n_ctx, settings.load.gpu_layers) == (8192, "auto")
    assert settings.sampling.temperature == 0.2 and settings.load.n_threads == 3
    settings.use_model("file:/b.gguf")
    assert (settings.load.n_ctx, settings.load.gpu_layers, settings.sampling.temperature) == (
        1024,
        4,
        1.1,
    )


def test_the_old_default_context_size_becomes_auto(path: Path):
    """Version 1 wrote its default, 4,096, into every file: that was no one's choice."""
    path.parent.mkdir(parents=True)
    old = {"version": 1, "load": {"n_ctx": 4096, "n_threads": 2}}
    path.write_text(json.dumps(old), encoding="utf-8")
    settings, warnings = load_settings(path)
    assert (settings.load.n_ctx, settings.load.n_threads, warnings) == (0, 2, [])
    path.write_text(json.dumps({**old, "load": {"n_ctx": 8192}}), encoding="utf-8")
    assert load_settings(path)[0].load.n_ctx == 8192  # a size someone chose stays
    path.write_text(json.dumps({**old, "version": 2}), encoding="utf-8")
    assert load_settings(path)[0].load.n_ctx == 4096


def test_bad_model_settings_are_dropped_one_at_a_time(path: Path):
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "model_settings": {
                    "file:/ok.gguf": {"n_ctx": 2048, "gpu_layers": "all", "sampling": {}},
                    "file:/odd.gguf": {"n_ctx": -5, "sampling": {"temperature": 0.4}},
                    "file:/bad.gguf": "nonsense",
                }
            }
        ),
        encoding="utf-8",
    )
    settings, warnings = load_settings(path)
    assert settings.model_settings["file:/ok.gguf"].gpu_layers == "all"
    odd = settings.model_settings["file:/odd.gguf"]
    assert (odd.n_ctx, odd.sampling.temperature) == (0, 0.4)
    assert "file:/bad.gguf" not in settings.model_settings
    assert "model_settings.file:/odd.gguf.n_ctx" in warnings[0]
    assert "model_settings.file:/bad.gguf" in warnings[0]
