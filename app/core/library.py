"""The model files on this computer."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

_SHARD = re.compile(r"-(\d+)-of-\d+\.gguf$", re.IGNORECASE)
MAX_DEPTH = 4


def find_model_files(folders: Iterable[Path]) -> list[Path]:
    """Every .gguf file under ``folders`` (a few levels deep), newest first.

    A model split into parts (``-00001-of-00003.gguf``) is listed once, by its first part.
    Folders that are missing or unreadable are skipped."""
    found: dict[Path, float] = {}
    for folder in folders:
        base_depth = len(Path(folder).parts)
        for root, dirs, files in os.walk(folder, onerror=lambda _error: None):
            if len(Path(root).parts) - base_depth >= MAX_DEPTH:
                dirs.clear()
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                shard = _SHARD.search(name)
                if name.lower().endswith(".gguf") and not (shard and int(shard.group(1)) > 1):
                    path = Path(root) / name
                    try:
                        found[path.resolve()] = path.stat().st_mtime
                    except OSError:
                        continue
    return sorted(found, key=lambda p: found[p], reverse=True)
