"""Every string in the code is in the translation file, and Chinese is complete."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import translations  # noqa: E402


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    tree = ET.parse(ts)
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in tree.getroot().iter("context")
        for message in context.iter("message")
    }


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_translation_file_has_every_string_in_the_code(tmp_path, language):
    fresh = translations.update(tmp_path / "fresh.ts", language)
    committed = messages(translations.ts_file(language))
    missing = set(messages(fresh)) - set(committed)
    assert not missing, f"run: python packaging/translations.py update ({sorted(missing)[:5]})"
    assert all(context for context, _ in committed), "a string was translated without a context"


@pytest.mark.parametrize("language", translations.LANGUAGES)
def test_every_string_is_translated_and_compiled(tmp_path, language):
    ts = translations.ts_file(language)
    unfinished = [
        source
        for (_, source), message in messages(ts).items()
        if message.find("translation").get("type") == "unfinished"
        or not "".join(message.find("translation").itertext()).strip()
    ]
    assert not unfinished, unfinished[:10]
    compiled = translations.release(ts, tmp_path / "fresh.qm")
    assert compiled.read_bytes() == ts.with_suffix(".qm").read_bytes(), (
        "run: python packaging/translations.py release"
    )


def test_the_app_speaks_chinese_when_asked(qapp):
    from llamadesk.ui.app import install_translations

    assert install_translations(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("Composer", "Send") != "Send"
    finally:
        install_translations(qapp, "en")


def test_the_english_plural_forms_are_current_and_compiled(tmp_path):
    fresh = translations.update_english(tmp_path / "fresh.ts")
    ts = translations.ts_file(translations.ENGLISH)
    assert fresh.read_text() == ts.read_text(), "run: python packaging/translations.py update"
    forms = {
        source: [form.text for form in message.iter("numerusform")]
        for (_, source), message in messages(ts).items()
    }
    assert forms["%n minute(s) ago"] == ["%n minute ago", "%n minutes ago"]
    assert all("%n" in source for source in forms)  # only texts with a count
    compiled = translations.release(ts, tmp_path / "fresh.qm")
    assert compiled.read_bytes() == ts.with_suffix(".qm").read_bytes(), (
        "run: python packaging/translations.py release"
    )


@pytest.mark.parametrize("language", ["", "en_GB", "de_DE"])
def test_counts_read_as_english_in_english_and_in_untranslated_languages(qapp, language):
    from llamadesk.ui.app import install_translations

    install_translations(qapp, language)
    try:
        say = QCoreApplication.translate
        assert say("ConversationList", "%n minute(s) ago", "", 1) == "1 minute ago"
        assert say("ConversationList", "%n minute(s) ago", "", 5) == "5 minutes ago"
        assert say("ConversationView", "%n token(s)", "generated tokens", 1) == "1 token"
        assert say("SettingsPanel", "Auto (%n core(s))", "", 2) == "Auto (2 cores)"
    finally:
        install_translations(qapp, "en")
