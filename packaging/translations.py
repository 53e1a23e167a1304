"""Keep the Qt translation files in step with the code.

    python packaging/translations.py update    # refresh resources/translations/*.ts
    python packaging/translations.py release   # compile them to .qm (shipped with the app)

English is the source language; each other language has one .ts file, edited with Qt
Linguist or by hand, and its compiled .qm next to it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def ts_file(language: str) -> Path:
    return FOLDER / f"llamadesk_{language}.ts"


def sources() -> list[Path]:
    return sorted((ROOT / "app").rglob("*.py"))


def _tool(name: str) -> str:
    tool = shutil.which(f"pyside6-{name}")
    if tool is None:
        sys.exit(f"pyside6-{name} was not found: install PySide6-Essentials")
    return tool


def update(target: Path | None = None, language: str = LANGUAGES[0]) -> Path:
    """Merge the code's current strings into the .ts file (or into a copy at ``target``)."""
    ts = ts_file(language)
    if target is not None:
        shutil.copyfile(ts, target)
        ts = target
    relative = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run(
        [
            _tool("lupdate"),
            "-silent",
            "-no-obsolete",
            "-locations",
            "none",
            *relative,
            "-ts",
            str(ts),
        ],
        check=True,
        cwd=ROOT,
    )
    return ts


def release(ts: Path, qm: Path) -> Path:
    subprocess.run([_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)
    return qm


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    for language in LANGUAGES:
        if command == "update":
            update(language=language)
        elif command == "release":
            release(ts_file(language), ts_file(language).with_suffix(".qm"))
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
