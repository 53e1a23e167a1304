"""Keep the Qt translation files in step with the code.

    python packaging/translations.py update    # refresh resources/translations/*.ts
    python packaging/translations.py release   # compile them to .qm (shipped with the app)

English is the source language; each other language has one .ts file, edited with Qt
Linguist or by hand, and its compiled .qm next to it. English has a file too, made by
``update`` and never edited: the plural forms of the texts with a count ("%n minute(s) ago"
says "1 minute ago" and "5 minutes ago"), as Qt asks of a source language with plurals.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "app"))

from llamadesk.core.texts import CONTEXT as CORE_CONTEXT  # noqa: E402  (plain Python, no Qt)

FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)
ENGLISH = "en"  # plural forms only, made from the code
CORE_MARKERS = ("Text", "mark")  # of llamadesk.core.texts: a sentence, a template kept for one
RECOMMENDED_MODELS = ROOT / "resources" / "recommended_models.json"


def ts_file(language: str) -> Path:
    return FOLDER / f"llamadesk_{language}.ts"


def sources() -> list[Path]:
    return sorted((ROOT / "app").rglob("*.py"))


def _missed_calls() -> str:
    """Every ``translate("Context", "text", ...)`` of the code, rewritten as lupdate reads it,
    and the core's sentences as such calls.

    pyside6-lupdate (6.11) silently skips a ``QCoreApplication.translate`` call whose count
    is an attribute or a call (``..., "", self._cores)``), so its string would never be
    translated. The calls are listed again here with a plain name as the count; lupdate
    merges them with what it found itself. The core has no Qt: its sentences are the
    literals of ``Text(...)`` and ``mark(...)`` (:mod:`llamadesk.core.texts`) and the model
    descriptions of ``resources/recommended_models.json``, all in the context "Core".
    """
    lines = ["from PySide6.QtCore import QCoreApplication", "n = 0"]
    for path in sources():
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:  # a file being edited: lupdate reads what it can of it
            continue
        lines += [_core_call(text) for text in _core_sentences(tree)]
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "translate"
                and len(node.args) >= 2
                and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]
                )
            ):
                continue
            context, text = (a.value for a in node.args[:2])
            comment = node.args[2] if len(node.args) > 2 else None
            comment = comment.value if isinstance(comment, ast.Constant) and comment.value else ""
            count = len(node.args) > 3 or any(k.arg == "n" for k in node.keywords)
            arguments = [repr(context), repr(text), repr(comment)] + (["n"] if count else [])
            lines.append(f"QCoreApplication.translate({', '.join(arguments)})")
    models = json.loads(RECOMMENDED_MODELS.read_text(encoding="utf-8"))["models"]
    lines += [_core_call(model["description"]) for model in models]
    return "\n".join(lines) + "\n"


def _core_sentences(tree: ast.Module) -> list[str]:
    """The literal first arguments of the markers a module imports from llamadesk.core.texts."""
    markers = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "llamadesk.core.texts"
        for alias in node.names
        if alias.name in CORE_MARKERS
    }
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in markers
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def _core_call(text: str) -> str:
    return f"QCoreApplication.translate({CORE_CONTEXT!r}, {text!r})"


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
    return _lupdate(ts)


def update_english(target: Path | None = None) -> Path:
    """Write the English plural forms of every text with a count (``%n``): "(s)" is left
    out for one and is an "s" for more ("%n day(s) ago": "1 day ago", "3 days ago")."""
    ts = target or ts_file(ENGLISH)
    with tempfile.TemporaryDirectory() as folder:
        tree = ET.parse(_lupdate(Path(folder) / "all.ts"))
    root = tree.getroot()
    root.set("language", ENGLISH)
    for context in root.findall("context"):
        for message in context.findall("message"):
            source = message.findtext("source") or ""
            if "%n" not in source:
                context.remove(message)
                continue
            message.set("numerus", "yes")
            translation = message.find("translation")
            translation.clear()
            for form in (source.replace("(s)", ""), source.replace("(s)", "s")):
                ET.SubElement(translation, "numerusform").text = form
        if context.find("message") is None:
            root.remove(context)
    ET.indent(tree, "    ")
    text = ET.tostring(root, encoding="unicode")
    ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{text}\n', "utf-8")
    return ts


def _lupdate(ts: Path) -> Path:
    """Merge the code's strings into ``ts`` (a new file if there is none)."""
    relative = [str(p.relative_to(ROOT)) for p in sources()]
    with tempfile.TemporaryDirectory() as folder:
        missed = Path(folder) / "missed_calls.py"
        missed.write_text(_missed_calls(), encoding="utf-8")
        subprocess.run(
            [
                _tool("lupdate"),
                "-silent",
                "-no-obsolete",
                "-locations",
                "none",
                *relative,
                str(missed),
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
    if command == "update":
        for language in LANGUAGES:
            update(language=language)
        update_english()
    elif command == "release":
        for language in (*LANGUAGES, ENGLISH):
            release(ts_file(language), ts_file(language).with_suffix(".qm"))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
