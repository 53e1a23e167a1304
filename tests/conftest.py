"""Fixtures shared by every test: isolated user folders and tiny real GGUF models."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from llamadesk.core import logs
from llamadesk.core.gguf import synthetic as synthetic_model

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # Qt tests run without a display
pytest_plugins = ["tests.hub_server", "tests.remote_servers"]  # loopback servers


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every platformdirs folder (and HOME) at a fresh temporary directory."""
    home = tmp_path / "home"
    for var, sub in {
        "HOME": "",
        "XDG_CONFIG_HOME": ".config",
        "XDG_DATA_HOME": ".local/share",
        "XDG_CACHE_HOME": ".cache",
        "XDG_STATE_HOME": ".local/state",
        "APPDATA": "AppData/Roaming",
        "LOCALAPPDATA": "AppData/Local",
    }.items():
        folder = home / sub
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(var, str(folder))
    return home


@pytest.fixture(autouse=True)
def no_log_files_left_set_up():
    """A test that starts the CLI sets up logging for the whole process: undo it."""
    yield
    logs.close_logging()


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def tiny_models(model_dir: Path) -> dict[str, Path]:
    """The same tiny model in every quantization the builder knows: {"Q8_0": path, ...}."""
    return {
        quant: synthetic_model.write_model(model_dir / f"tiny-{quant}.gguf", quant=quant)
        for quant in synthetic_model.QUANTIZATIONS
    }


@pytest.fixture(scope="session")
def tiny_model(tiny_models: dict[str, Path]) -> Path:
    return tiny_models["Q8_0"]


@pytest.fixture(scope="session")
def tiny_model_without_template(model_dir: Path) -> Path:
    return synthetic_model.write_model(
        model_dir / "tiny-no-template.gguf", quant="Q8_0", chat_template=None
    )


@pytest.fixture(scope="session")
def small_model(model_dir: Path) -> Path:
    """A model big enough that prompt processing and generation take noticeable time."""
    shape = synthetic_model.ModelShape(
        vocab_size=2048, n_embd=512, n_layer=6, n_head=8, n_head_kv=4, n_ff=1536
    )
    return synthetic_model.write_model(model_dir / "small-Q8_0.gguf", quant="Q8_0", shape=shape)
