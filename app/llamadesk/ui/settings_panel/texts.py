"""The settings panel's words: labels, tooltips, hints and the items of its lists.

Each is translated when asked for, so calling these again after a language change gives
the new language. Every call names the context "SettingsPanel" and its text literally,
which is how pyside6-lupdate finds them; build a sentence only after translating it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from llamadesk.core.machine import CONTEXT_SIZES, KV_TYPES, ContextChoice, suggested_context
from llamadesk.core.units import format_bytes

CUSTOM = "custom"  # the data of a list's "Custom…" item
_KV_ORDER = ("f16", "q8_0", "q5_1", "q5_0", "q4_1", "iq4_nl", "q4_0", "bf16", "f32")


# ----------------------------------------------------------------- headings and fields
def section_headings() -> dict[str, tuple[str, str]]:
    """Each section's title and the hint under it."""
    return {
        "prompt": (
            QCoreApplication.translate("SettingsPanel", "System prompt"),
            QCoreApplication.translate(
                "SettingsPanel",
                "Instructions the model reads before the conversation: its role, tone and rules.",
            ),
        ),
        "sampling": (
            QCoreApplication.translate("SettingsPanel", "Sampling"),
            QCoreApplication.translate(
                "SettingsPanel", "How the model picks each next word. Applies from the next answer."
            ),
        ),
        "thinking": (
            QCoreApplication.translate("SettingsPanel", "Thinking"),
            QCoreApplication.translate(
                "SettingsPanel",
                "This model reasons before it answers. Applies from the next answer.",
            ),
        ),
        "load": (
            QCoreApplication.translate("SettingsPanel", "Model loading"),
            QCoreApplication.translate(
                "SettingsPanel",
                "How the model is put in memory. Takes effect when the model is reloaded.",
            ),
        ),
    }


def field_labels() -> dict[str, str]:
    """The label in front of each field's control."""
    return {
        "temperature": QCoreApplication.translate("SettingsPanel", "Temperature"),
        "top_p": QCoreApplication.translate("SettingsPanel", "Top-p"),
        "top_k": QCoreApplication.translate("SettingsPanel", "Top-k"),
        "min_p": QCoreApplication.translate("SettingsPanel", "Min-p"),
        "repeat_penalty": QCoreApplication.translate("SettingsPanel", "Repeat penalty"),
        "max_tokens": QCoreApplication.translate("SettingsPanel", "Max tokens"),
        "seed": QCoreApplication.translate("SettingsPanel", "Seed"),
        "stop": QCoreApplication.translate("SettingsPanel", "Stop strings"),
        "beams": QCoreApplication.translate("SettingsPanel", "Beams"),
        "length_penalty": QCoreApplication.translate("SettingsPanel", "Length penalty"),
        "early_stopping": QCoreApplication.translate("SettingsPanel", "Early stopping"),
        "thinking": QCoreApplication.translate("SettingsPanel", "Think first"),
        "effort": QCoreApplication.translate("SettingsPanel", "Reasoning effort"),
        "budget": QCoreApplication.translate("SettingsPanel", "Thinking budget"),
        "n_ctx": QCoreApplication.translate("SettingsPanel", "Context size"),
        "gpu_layers": QCoreApplication.translate("SettingsPanel", "GPU layers"),
        "n_threads": QCoreApplication.translate("SettingsPanel", "Threads"),
        "flash_attn": QCoreApplication.translate("SettingsPanel", "Flash attention"),
        "kv_type": QCoreApplication.translate("SettingsPanel", "KV cache"),
        "use_mmap": QCoreApplication.translate("SettingsPanel", "Memory map"),
    }


def field_tips() -> dict[str, str]:
    """The tooltip of each field: on its label and its control."""
    return {
        "temperature": QCoreApplication.translate(
            "SettingsPanel",
            "Higher values make answers more varied and creative; lower values make them more "
            "focused and predictable. 0 always picks the most likely word.",
        ),
        "top_p": QCoreApplication.translate(
            "SettingsPanel",
            "Considers only the most likely words whose chances add up to this share. Lower "
            "values keep answers on safer ground; 1 turns this off.",
        ),
        "top_k": QCoreApplication.translate(
            "SettingsPanel",
            "Considers only this many of the most likely words at each step. Lower values "
            "make answers more focused; 0 turns this off.",
        ),
        "min_p": QCoreApplication.translate(
            "SettingsPanel",
            "Leaves out words far less likely than the best one: a word needs at least this "
            "share of the top word's chance. 0 turns this off.",
        ),
        "repeat_penalty": QCoreApplication.translate(
            "SettingsPanel",
            "Makes the model less likely to repeat words it has just used. 1 turns this off; "
            "about 1.1 suits most models.",
        ),
        "max_tokens": QCoreApplication.translate(
            "SettingsPanel",
            "The longest an answer may be, in tokens (a token is about three quarters of a "
            "word). The answer stops when it reaches this length.",
        ),
        "seed": QCoreApplication.translate(
            "SettingsPanel",
            "The starting point of the random choices. Leave empty for a different answer "
            "each time; enter a number to get the same answer again for the same question "
            "and settings.",
        ),
        "stop": QCoreApplication.translate(
            "SettingsPanel",
            "The answer ends as soon as the model writes one of these. One per line or "
            "separated by commas; write \\n for a new line, \\t for a tab, \\, for a comma "
            "and \\s for a space at the start or end.",
        ),
        "beams": QCoreApplication.translate(
            "SettingsPanel",
            "Beam search: follows this many of the most probable answers at once and gives "
            "the most probable whole answer, the same every time. Good for translations and "
            "summaries; slower. 1 turns it off (the settings above then choose each word).",
        ),
        "length_penalty": QCoreApplication.translate(
            "SettingsPanel",
            "Beam search: above 0 favours longer answers, below 0 shorter ones; 0 compares "
            "answers by probability alone.",
        ),
        "early_stopping": QCoreApplication.translate(
            "SettingsPanel",
            "Beam search: stop as soon as there are as many finished answers as beams. Off, "
            "it searches on while a longer answer could still win.",
        ),
        "thinking": QCoreApplication.translate(
            "SettingsPanel",
            "Whether the model thinks before it answers. Thinking gives better answers to "
            "hard questions; turning it off answers faster. Model default leaves it to the "
            "model's own setting.",
        ),
        "effort": QCoreApplication.translate(
            "SettingsPanel",
            "How long the model reasons: Low answers fastest, High thinks longest for the "
            "hardest questions. Model default is usually Medium.",
        ),
        "budget": QCoreApplication.translate(
            "SettingsPanel",
            "The most tokens the model may spend thinking. When it reaches them, LlamaDesk "
            "ends its thinking and asks for the answer. No limit lets it think as long as it "
            "needs.",
        ),
        "n_ctx": QCoreApplication.translate(
            "SettingsPanel",
            "How much text, in tokens, the model keeps in view: the conversation plus the "
            "answer. Larger sizes remember more but need more memory. Auto uses the length "
            "the model was trained for, or less if that does not fit in memory.",
        ),
        "gpu_layers": QCoreApplication.translate(
            "SettingsPanel",
            "How much of the model runs on the graphics card. Auto puts as many layers there "
            "as fit in its memory, All puts every layer there, None runs everything on the "
            "processor.",
        ),
        "n_threads": QCoreApplication.translate(
            "SettingsPanel",
            "How many processor threads run the model. Auto uses one per physical core, "
            "which is usually fastest.",
        ),
        "flash_attn": QCoreApplication.translate(
            "SettingsPanel",
            "A faster way to compute attention that also saves memory. Auto uses it where "
            "this computer supports it. A quantized KV cache needs it.",
        ),
        "kv_type": QCoreApplication.translate(
            "SettingsPanel",
            "How the model's memory of the conversation (the KV cache) is stored. Smaller "
            "types fit a longer context in the same memory at a small cost in quality; they "
            "need flash attention.",
        ),
        "use_mmap": QCoreApplication.translate(
            "SettingsPanel",
            "Read the model file from disk as it is needed instead of copying it into memory "
            "first. Loads faster and lets the system share memory; turn it off if the file "
            "is on a slow or unreliable drive.",
        ),
    }


def effort_items() -> list[tuple[str, str]]:
    """The reasoning efforts a model may be asked for, as (value, words)."""
    return [
        ("low", QCoreApplication.translate("SettingsPanel", "Low")),
        ("medium", QCoreApplication.translate("SettingsPanel", "Medium")),
        ("high", QCoreApplication.translate("SettingsPanel", "High")),
    ]


# ----------------------------------------------------------------- presets
def prompt_preset_tips() -> tuple[str, str, str]:
    """Tooltips of the system prompt's preset list, its "Save…" and its "Delete"."""
    return (
        QCoreApplication.translate(
            "SettingsPanel",
            "Fill in a ready-made system prompt. Ready ones come first, then your own.",
        ),
        QCoreApplication.translate(
            "SettingsPanel", "Save the instructions as a preset of your own."
        ),
        QCoreApplication.translate(
            "SettingsPanel",
            "Delete the selected preset of your own. Ready-made presets cannot be deleted.",
        ),
    )


def sampling_preset_tips() -> tuple[str, str, str]:
    """Tooltips of the sampling preset list, its "Save…" and its "Delete"."""
    return (
        QCoreApplication.translate(
            "SettingsPanel",
            "Start from a ready-made combination: Precise for facts and code, Balanced for "
            "everyday chat, Creative for stories and ideas. Your own presets follow.",
        ),
        QCoreApplication.translate(
            "SettingsPanel", "Save the sampling settings below as a preset of your own."
        ),
        QCoreApplication.translate(
            "SettingsPanel",
            "Delete the selected preset of your own. Built-in presets cannot be deleted.",
        ),
    )


# ----------------------------------------------------------------- list items
def context_size_items(
    locale: QLocale, choices: list[ContextChoice] = ()
) -> list[tuple[object, str]]:
    """The context size list: Auto, the usual sizes, and "Custom…". Given the loaded
    model's ``choices``: only the sizes up to the length it was trained on, each with the
    memory it needs, and Auto saying which of them it picks."""
    number = QLocale(locale)
    number.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)  # 8,192 not 8192
    tokens = QCoreApplication.translate("SettingsPanel", "{size} tokens")
    if not choices:
        return [
            (0, QCoreApplication.translate("SettingsPanel", "Auto")),
            *[(n, tokens.format(size=number.toString(n))) for n in CONTEXT_SIZES],
            (CUSTOM, QCoreApplication.translate("SettingsPanel", "Custom…")),
        ]
    sized = QCoreApplication.translate("SettingsPanel", "{size} tokens · {memory}")
    auto = suggested_context(choices)
    return [
        (
            0,
            QCoreApplication.translate("SettingsPanel", "Auto ({size} tokens · {memory})").format(
                size=number.toString(auto.n_ctx), memory=format_bytes(auto.memory)
            ),
        ),
        *[
            (c.n_ctx, sized.format(size=number.toString(c.n_ctx), memory=format_bytes(c.memory)))
            for c in choices
        ],
        (CUSTOM, QCoreApplication.translate("SettingsPanel", "Custom…")),
    ]


def context_note(locale: QLocale, n_ctx: int, choices: list[ContextChoice], trained: int) -> str:
    """Under the context size: what the loaded model was trained on, and a warning above it."""
    if not choices or not trained:
        return ""
    number = QLocale(locale)
    number.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
    if n_ctx > trained:
        return QCoreApplication.translate(
            "SettingsPanel",
            "⚠ More than the {trained} tokens this model was trained on: its answers may "
            "fall apart beyond that length.",
        ).format(trained=number.toString(trained))
    return QCoreApplication.translate(
        "SettingsPanel", "This model was trained on {trained} tokens."
    ).format(trained=number.toString(trained))


def gpu_layer_items() -> list[tuple[object, str]]:
    return [
        ("auto", QCoreApplication.translate("SettingsPanel", "Auto")),
        ("all", QCoreApplication.translate("SettingsPanel", "All")),
        ("none", QCoreApplication.translate("SettingsPanel", "None (CPU only)")),
        (CUSTOM, QCoreApplication.translate("SettingsPanel", "Custom…")),
    ]


def flash_attn_items() -> list[tuple[object, str]]:
    return [
        ("auto", QCoreApplication.translate("SettingsPanel", "Auto")),
        ("on", QCoreApplication.translate("SettingsPanel", "On")),
        ("off", QCoreApplication.translate("SettingsPanel", "Off")),
    ]


def kv_type_items() -> list[tuple[object, str]]:
    """Every KV cache type llama.cpp takes, full precision and smallest loss first."""
    labels = {
        "f16": QCoreApplication.translate("SettingsPanel", "F16 (default)"),
        "q8_0": QCoreApplication.translate("SettingsPanel", "Q8_0 (half the memory)"),
        "q5_1": QCoreApplication.translate("SettingsPanel", "Q5_1 (about a third)"),
        "q5_0": QCoreApplication.translate("SettingsPanel", "Q5_0 (about a third)"),
        "q4_1": QCoreApplication.translate("SettingsPanel", "Q4_1 (under a third)"),
        "iq4_nl": QCoreApplication.translate("SettingsPanel", "IQ4_NL (a quarter)"),
        "q4_0": QCoreApplication.translate("SettingsPanel", "Q4_0 (a quarter)"),
        "bf16": QCoreApplication.translate("SettingsPanel", "BF16 (like F16)"),
        "f32": QCoreApplication.translate("SettingsPanel", "F32 (twice F16)"),
    }
    order = [k for k in _KV_ORDER if k in KV_TYPES] + [k for k in KV_TYPES if k not in _KV_ORDER]
    return [(k, labels.get(k, k.upper())) for k in order]


# ----------------------------------------------------------------- scope and overrides
def scope_hint(conversation: bool) -> str:
    if conversation:
        return QCoreApplication.translate(
            "SettingsPanel", "Changes apply to this conversation only."
        )
    return QCoreApplication.translate(
        "SettingsPanel", "Defaults for new conversations: each one starts with these settings."
    )


def override_summary(count: int) -> str:
    """How many of the shown settings differ from the defaults, in words."""
    if count == 0:
        return QCoreApplication.translate("SettingsPanel", "Same as the defaults")
    if count == 1:
        return QCoreApplication.translate("SettingsPanel", "1 setting differs from the defaults")
    return QCoreApplication.translate(
        "SettingsPanel", "%n settings differ from the defaults", "", count
    )


def differs_tip() -> str:
    """The tooltip of the dot that marks a field differing from the defaults."""
    return QCoreApplication.translate("SettingsPanel", "Differs from the defaults")
