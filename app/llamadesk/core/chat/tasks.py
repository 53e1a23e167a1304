"""Task starters: a conversation set up for one job, beyond open chat.

Translate, Summarise, Ask about a document and Continue a text each start a conversation
with a system prompt and settings that suit the job, kept as the conversation's own
settings (so the settings panel shows them, and the user may change them like any
other). The task itself is kept beside them under ``"task"``; for Continue a text it
makes every turn a raw completion: the conversation's texts, joined as they are, go to the
model without a chat template, and the answer carries them on.

The system prompts are in English, whatever the window's language: most models follow
English instructions best, and they answer in the language the task names.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from llamadesk.core.errors import SettingsError
from llamadesk.core.texts import Text

TRANSLATE, SUMMARISE, DOCUMENT, CONTINUE = "translate", "summarise", "document", "continue"
KINDS = (TRANSLATE, SUMMARISE, DOCUMENT, CONTINUE)
AUTO = "auto"  # translate from: the model tells the language

# Language codes (as the window's languages: BCP 47) and their names in the prompt.
LANGUAGES = {
    "en": "English",
    "zh-Hans": "Simplified Chinese",
    "zh-Hant": "Traditional Chinese",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "sv": "Swedish",
    "pl": "Polish",
    "cs": "Czech",
    "uk": "Ukrainian",
    "ru": "Russian",
    "el": "Greek",
    "tr": "Turkish",
    "ar": "Arabic",
    "he": "Hebrew",
    "fa": "Persian",
    "hi": "Hindi",
    "bn": "Bengali",
    "ja": "Japanese",
    "ko": "Korean",
    "vi": "Vietnamese",
    "th": "Thai",
    "id": "Indonesian",
}
SHORT, PARAGRAPH, BULLETS = "short", "paragraph", "bullets"
SUMMARY_LENGTHS = (SHORT, PARAGRAPH, BULLETS)

_SUMMARY_FORMS = {
    SHORT: "in one or two sentences",
    PARAGRAPH: "in one paragraph",
    BULLETS: "as three to seven bullet points, one line each",
}


@dataclass(frozen=True)
class Task:
    """One task starter's choices: ``kind``; for Translate the ``source`` language (or
    AUTO) and the ``target``; for Summarise the summary's ``length``."""

    kind: str
    source: str = AUTO
    target: str = "en"
    length: str = PARAGRAPH

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise SettingsError(Text('Unknown task "{kind}".', kind=self.kind))
        if self.source != AUTO and self.source not in LANGUAGES:
            raise SettingsError(Text('Unknown language "{code}".', code=self.source))
        if self.target not in LANGUAGES:
            raise SettingsError(Text('Unknown language "{code}".', code=self.target))
        if self.source == self.target:
            raise SettingsError(Text("Choose two different languages to translate between."))
        if self.length not in SUMMARY_LENGTHS:
            raise SettingsError(Text('Unknown summary length "{length}".', length=self.length))

    @property
    def raw(self) -> bool:
        """Whether turns are raw completions (no chat template, no system prompt)."""
        return self.kind == CONTINUE

    def system_prompt(self) -> str:
        if self.kind == TRANSLATE:
            target = LANGUAGES[self.target]
            source = (
                "Work out which language the user's text is in"
                if self.source == AUTO
                else f"The user's text is in {LANGUAGES[self.source]}"
            )
            return (
                f"You are a translator. {source}, and translate it into {target}. Keep the "
                "meaning, tone and formatting (line breaks, lists, Markdown) of the original. "
                "Reply with the translation only: no notes, no explanations, no quotation "
                "marks around it. Translate every message the user sends."
            )
        if self.kind == SUMMARISE:
            return (
                "You summarise texts. Summarise the text the user gives you "
                f"{_SUMMARY_FORMS[self.length]}, in the text's own language. Keep the main "
                "points, facts and figures; leave out details and examples. Reply with the "
                "summary only."
            )
        if self.kind == DOCUMENT:
            return (
                "You answer questions about the document the user attaches. Answer from the "
                "document only; quote its words where they settle the question. If the "
                "document does not contain the answer, say so plainly instead of guessing."
            )
        return ""

    def settings(self) -> dict:
        """The conversation's own settings for this task (overrides of the defaults)."""
        sampling: dict = {}
        reasoning: dict = {}
        if self.kind == TRANSLATE:
            # beam search: the most probable translation, the same every time; no thinking
            sampling = {"beams": 4, "length_penalty": 1.0, "early_stopping": True}
            reasoning = {"thinking": False}
        elif self.kind in (SUMMARISE, DOCUMENT):
            sampling = {"temperature": 0.3}
        elif self.kind == CONTINUE:
            sampling = {"temperature": 0.8, "repeat_penalty": 1.1}
        settings: dict = {"task": asdict(self), "system_prompt": self.system_prompt()}
        if sampling:
            settings["sampling"] = sampling
        if reasoning:
            settings["reasoning"] = reasoning
        return settings


def task_of(settings: dict) -> Task | None:
    """The task a conversation was started for (from its settings), or None: an open
    chat, or a task this version does not know."""
    raw = settings.get("task") if isinstance(settings, dict) else None
    if not isinstance(raw, dict):
        return None
    try:
        return Task(**{k: v for k, v in raw.items() if k in Task.__dataclass_fields__})
    except (SettingsError, TypeError):
        return None
