"""Where LlamaDesk keeps things: user folders from platformdirs, resources in the package.

Every folder a user's data lives in comes from here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "LlamaDesk"
APP_AUTHOR = "LlamaDesk"


def _dirs() -> platformdirs.PlatformDirs:
    return platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR, ensure_exists=True)


def config_dir() -> Path:
    return _dirs().user_config_path


def data_dir() -> Path:
    return _dirs().user_data_path


def cache_dir() -> Path:
    return _dirs().user_cache_path


def logs_dir() -> Path:
    return _dirs().user_log_path


def models_dir(configured: Path | None = None) -> Path:
    """The models folder: ``configured`` (the user's choice in Settings) or the default one."""
    path = Path(configured).expanduser() if configured else data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The ``resources/`` folder: in a PyInstaller bundle, a source checkout (also an
    editable install), or where ``pip install`` put it (``<prefix>/share/llamadesk``)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    checkout = Path(__file__).resolve().parents[3] / "resources"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "llamadesk" / "resources"
