"""User settings: one typed object with a schema version, saved atomically as JSON.

The file is ``config_dir() / "settings.json"``. Reading it never stops the app: a file that
cannot be read or parsed is moved aside as ``settings.json.bad-<timestamp>`` and defaults are
used; a value that is invalid falls back to its default on its own, field by field; keys this
version does not know (written by a newer one) are ignored, and kept when saving so going
back and forth between versions loses nothing. Every such event comes back as a warning
sentence the UI can show.

Per-conversation overrides are a plain dict stored with the conversation (see
:mod:`llamadesk.core.store`): ``{"system_prompt": str, "sampling": {...}, "load": {...},
"reasoning": {...}}``, each key optional and each of ``sampling``/``load``/``reasoning``
holding only the fields that differ. :meth:`Settings.effective` merges them over the
global defaults.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from llamadesk.core.connections import Connection
from llamadesk.core.engine import ReasoningOptions, SamplingParams
from llamadesk.core.errors import LlamaDeskError, SettingsError
from llamadesk.core.machine import LoadOptions
from llamadesk.core.paths import config_dir
from llamadesk.core.texts import Text

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: the context size's default is Auto (0), no longer 4,096
SETTINGS_FILE = "settings.json"

# The ready-made system prompts; names and texts are Texts, which the window shows translated.
BUILTIN_SYSTEM_PROMPTS: dict[str, str] = {
    Text("Assistant"): Text(
        "You are a helpful, knowledgeable assistant running privately on the user's own "
        "computer. Answer clearly and accurately, as briefly as the question allows, and go "
        "into depth when asked. Use Markdown where it helps: numbered lists for steps, tables "
        "for comparisons, and fenced code blocks with a language tag for code. If you are not "
        "sure of something, say so rather than guess. If a request is ambiguous, ask one short "
        "question to clarify it. Reply in the language the user writes in."
    ),
    Text("Translator"): Text(
        "You are a professional translator. Translate the text the user sends into the "
        "language they ask for; if they do not name one, translate into English, or, if the "
        "text is already in English, into Simplified Chinese. Keep the meaning, tone and "
        "register of the original, and keep its formatting: paragraphs, lists, Markdown and "
        "code blocks. Leave code, URLs, file names and names that are normally not translated "
        "as they are. Reply with the translation only, without notes, explanations or "
        "quotation marks, unless the user asks for them."
    ),
    Text("Summariser"): Text(
        "You write faithful summaries. When the user sends a text (an article, report, "
        "transcript, email thread or notes), begin with one or two sentences giving its main "
        "point, then list the key facts, arguments, decisions and open questions as short "
        "bullet points. Keep names, numbers and dates exactly as they appear. Do not add "
        "information, opinions or conclusions that are not in the text. Write in the language "
        "of the text unless asked otherwise, and keep the summary to about a tenth of its "
        "length unless the user asks for a different length."
    ),
    Text("Q&A over pasted text"): Text(
        "The user will paste a text (a document, article, email, contract or notes) and ask "
        "questions about it. Answer from that text only, and quote the sentence or passage "
        "your answer rests on when it helps the user check it. If the text does not contain "
        "the answer, say so plainly and mention what it does say that comes closest; do not "
        "fill the gap with outside knowledge unless the user asks you to. If a question can "
        "be read in more than one way, say how you read it. Answer in the language of the "
        "question."
    ),
}
DEFAULT_SYSTEM_PROMPT = BUILTIN_SYSTEM_PROMPTS["Assistant"]

APPEARANCES = ("system", "light", "dark")  # how the window looks: as the system, or fixed
_LANGUAGE = re.compile(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*")
_ENDPOINT = re.compile(r"(https?://[^\s/]+(/\S*)?)?", re.IGNORECASE)  # "" or a web address
T = TypeVar("T")


@dataclass(frozen=True)
class ModelSettings:
    """What is remembered of one model: restored when it is loaded again."""

    n_ctx: int
    gpu_layers: str | int
    sampling: SamplingParams

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_ctx": self.n_ctx,
            "gpu_layers": self.gpu_layers,
            "sampling": _plain(self.sampling),
        }

    @classmethod
    def from_dict(cls, value: object, where: str, problems: list[str]) -> ModelSettings | None:
        """None (noted in ``problems``) for an entry that is not a mapping."""
        if not isinstance(value, dict):
            problems.append(where)
            return None
        load = {k: v for k, v in value.items() if k in ("n_ctx", "gpu_layers")}
        options = _build(LoadOptions, load, where, problems)
        sampling = _build(SamplingParams, value.get("sampling", {}), f"{where}.sampling", problems)
        return cls(options.n_ctx, options.gpu_layers, sampling)


class Effective(NamedTuple):
    """The settings a conversation runs with: the global ones and its own overrides."""

    system_prompt: str
    sampling: SamplingParams
    load: LoadOptions
    reasoning: ReasoningOptions


@dataclass
class Settings:
    sampling: SamplingParams = field(default_factory=SamplingParams)
    load: LoadOptions = field(default_factory=LoadOptions)
    reasoning: ReasoningOptions = field(default_factory=ReasoningOptions)
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    sampling_presets: dict[str, SamplingParams] = field(default_factory=dict)  # user-saved
    system_prompt_presets: dict[str, str] = field(default_factory=dict)  # user-saved
    language: str = ""  # "" follows the system; else a locale such as "zh_CN"
    appearance: str = "system"  # "system" (follows it), "light" or "dark"
    last_model: Path | None = None
    models_dirs: list[Path] = field(default_factory=list)  # extra folders to look for models
    models_folder: Path | None = None  # where downloads and imports go; None: the default
    hub_endpoint: str = ""  # a Hub mirror; "" follows HF_ENDPOINT, else huggingface.co
    offline: bool = False  # no network at all (HF_HUB_OFFLINE=1 turns it on too)
    connections: list[Connection] = field(default_factory=list)  # servers; keys elsewhere
    server_lan: bool = False  # the local server: reachable from the local network (with a key)
    server_port: int = 1234
    # per model (ModelChoice.key): its context size, GPU layers and sampling, as last set
    model_settings: dict[str, ModelSettings] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # newer versions' keys

    def remember_model(self, key: str) -> None:
        """Keep the context size, GPU layers and sampling now set for the model ``key``."""
        self.model_settings[key] = ModelSettings(
            self.load.n_ctx, self.load.gpu_layers, self.sampling
        )

    def use_model(self, key: str) -> None:
        """The model ``key`` is loaded: its remembered context size, GPU layers and sampling
        become the settings (a model never set up keeps them as they are; the context size
        is Auto unless the user chose one: the model's own length, as memory allows)."""
        remembered = self.model_settings.get(key)
        if remembered is None:
            return
        self.load = replace(self.load, n_ctx=remembered.n_ctx, gpu_layers=remembered.gpu_layers)
        self.sampling = remembered.sampling

    def effective(self, conversation_overrides: dict | None = None) -> Effective:
        """System prompt, sampling, load and reasoning options for a conversation with these
        overrides.

        Invalid override values are skipped (the global value stays), so a conversation saved
        by another version can never stop a chat from starting.
        """
        overrides = conversation_overrides or {}
        prompt = overrides.get("system_prompt")
        problems: list[str] = []
        sampling = _apply(self.sampling, overrides.get("sampling", {}), "sampling", problems)
        load = _apply(self.load, overrides.get("load", {}), "load", problems)
        reasoning = _apply(self.reasoning, overrides.get("reasoning", {}), "reasoning", problems)
        if problems:
            log.warning("conversation overrides ignored: %s", ", ".join(problems))
        prompt = prompt if isinstance(prompt, str) else self.system_prompt
        return Effective(prompt, sampling, load, reasoning)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.extra,
            "version": SCHEMA_VERSION,
            "sampling": _plain(self.sampling),
            "load": _plain(self.load),
            "reasoning": _plain(self.reasoning),
            "system_prompt": self.system_prompt,
            "sampling_presets": {name: _plain(p) for name, p in self.sampling_presets.items()},
            "system_prompt_presets": dict(self.system_prompt_presets),
            "language": self.language,
            "appearance": self.appearance,
            "last_model": None if self.last_model is None else str(self.last_model),
            "models_dirs": [str(folder) for folder in self.models_dirs],
            "models_folder": None if self.models_folder is None else str(self.models_folder),
            "hub_endpoint": self.hub_endpoint,
            "offline": self.offline,
            "connections": [connection.to_dict() for connection in self.connections],
            "server_lan": self.server_lan,
            "server_port": self.server_port,
            "model_settings": {key: m.to_dict() for key, m in self.model_settings.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> tuple[Settings, list[str]]:
        """Settings from a mapping, and the names of fields whose values were invalid."""
        problems: list[str] = []
        settings = cls()
        known = {f.name for f in fields(cls)} - {"extra"}
        settings.extra = {k: v for k, v in data.items() if k not in known and k != "version"}

        def pick(name: str, valid: Any, convert: Any = None) -> None:
            if name not in data:
                return
            value = data[name]
            if valid(value):
                setattr(settings, name, convert(value) if convert else value)
            else:
                problems.append(name)

        if "sampling" in data:
            settings.sampling = _build(SamplingParams, data["sampling"], "sampling", problems)
        if "load" in data:
            settings.load = _build(LoadOptions, data["load"], "load", problems)
            version = data.get("version")
            if isinstance(version, int) and version < 2 and settings.load.n_ctx == 4096:
                settings.load = replace(settings.load, n_ctx=0)  # the old default, not a choice
        if "reasoning" in data:
            settings.reasoning = _build(ReasoningOptions, data["reasoning"], "reasoning", problems)
        pick("system_prompt", lambda v: isinstance(v, str))
        pick("language", lambda v: v == "" or (isinstance(v, str) and _LANGUAGE.fullmatch(v)))
        pick("appearance", lambda v: v in APPEARANCES)
        pick("last_model", lambda v: v is None or (isinstance(v, str) and v), _optional_path)
        pick(
            "models_dirs",
            lambda v: isinstance(v, list) and all(isinstance(d, str) and d for d in v),
            lambda v: list(dict.fromkeys(Path(d) for d in v)),
        )
        pick("models_folder", lambda v: v is None or (isinstance(v, str) and v), _optional_path)
        pick(
            "hub_endpoint",
            lambda v: isinstance(v, str) and _ENDPOINT.fullmatch(v.strip()),
            lambda v: v.strip(),
        )
        pick("offline", lambda v: isinstance(v, bool))
        pick("server_lan", lambda v: isinstance(v, bool))
        pick("server_port", lambda v: isinstance(v, int) and 1024 <= v <= 65535)
        pick(
            "system_prompt_presets",
            lambda v: isinstance(v, dict) and all(isinstance(t, str) for t in v.values()),
            lambda v: {str(name): text for name, text in v.items() if name},
        )
        if "connections" in data:
            settings.connections = _connections(data["connections"], problems)
        models = data.get("model_settings", {})
        if isinstance(models, dict):
            for key, value in models.items():
                remembered = ModelSettings.from_dict(value, f"model_settings.{key}", problems)
                if key and remembered is not None:
                    settings.model_settings[str(key)] = remembered
        else:
            problems.append("model_settings")
        presets = data.get("sampling_presets", {})
        if isinstance(presets, dict):
            settings.sampling_presets = {
                name: _build(SamplingParams, values, f"sampling_presets.{name}", problems)
                for name, values in presets.items()
                if name
            }
        else:
            problems.append("sampling_presets")
        return settings, problems


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The saved settings and warnings for the user (empty when all was well). Never raises."""
    path = path or settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings(), []
    except OSError as error:
        reason = Text("could not be read ({error})", error=str(error.strerror or error))
        return Settings(), [_set_aside(path, reason)]
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        return Settings(), [_set_aside(path, Text("was damaged"))]
    version = data.get("version")
    if isinstance(version, int) and version > SCHEMA_VERSION:
        log.info("settings written by a newer version (%d); unknown keys ignored", version)
    settings, problems = Settings.from_dict(data)
    if not problems:
        return settings, []
    warning = Text(
        "Some settings had values this version cannot use and were reset to their defaults: "
        "{names}.",
        names=", ".join(problems),
    )
    log.warning("%s", warning)
    return settings, [warning]


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically: the file is either the old one or the new one."""
    path = path or settings_path()
    text = json.dumps(settings.to_dict(), ensure_ascii=False, indent=2) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        try:
            # errors="replace": a lone surrogate read from a hand-edited file ("\ud800") is
            # written as "?" rather than failing every save from then on
            with os.fdopen(handle, "w", encoding="utf-8", errors="replace") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            _replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise SettingsError(
            Text(
                "Settings could not be saved to {path}: {error}. Check that the disk is not full "
                "and that the folder can be written.",
                path=str(path),
                error=str(error.strerror or error),
            )
        ) from error
    _sync_folder(path.parent)


def _replace(source: str, target: Path) -> None:
    for attempt in range(5):  # Windows: a virus scanner or indexer may hold the file briefly
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder for fsync."""
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _set_aside(path: Path, reason: str) -> str:
    backup = path.with_name(f"{path.name}.bad-{datetime.now():%Y%m%d-%H%M%S}")
    counter = 1
    while backup.exists():
        backup = backup.with_name(f"{path.name}.bad-{datetime.now():%Y%m%d-%H%M%S}-{counter}")
        counter += 1
    try:
        os.replace(path, backup)
    except OSError as error:
        warning = Text(
            "Your settings file {path} {reason} and could not be moved aside ({error}). "
            "LlamaDesk is using default settings.",
            path=str(path),
            reason=reason,
            error=str(error.strerror or error),
        )
    else:
        warning = Text(
            "Your settings file {path} {reason}. It was kept as {backup} and LlamaDesk started "
            "with default settings.",
            path=str(path),
            reason=reason,
            backup=backup.name,
        )
    log.warning("%s", warning)
    return warning


def _build(cls: type[T], values: object, where: str, problems: list[str]) -> T:
    """``cls`` from a mapping: each valid field taken, each invalid one left at its default."""
    return _apply(cls(), values, where, problems)


def _apply(base: T, values: object, where: str, problems: list[str]) -> T:
    """``base`` with each valid field of ``values`` applied; invalid ones noted in problems."""
    if not isinstance(values, dict):
        problems.append(where)
        return base
    types = {f.name: _annotation(f.type) for f in fields(base)}
    for name, value in values.items():
        if name not in types:
            continue  # from a newer version
        try:
            base = replace(base, **{name: _coerce(types[name], value)})
        except (SettingsError, ValueError, TypeError):
            problems.append(f"{where}.{name}")
    return base


def _annotation(kind: object) -> str:
    if isinstance(kind, str):
        return kind
    return kind.__name__ if isinstance(kind, type) else str(kind)


def _coerce(annotation: str, value: object) -> object:
    """``value`` as the annotated type (JSON gives lists for tuples, ints for floats)."""
    options = [option.strip() for option in annotation.split("|")]
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    for option in options:
        if option == "None" and value is None:
            return None
        if option == "bool" and isinstance(value, bool):
            return value
        if option == "int" and is_number and float(value).is_integer():
            return int(value)
        if option == "float" and is_number:
            return float(value)
        if option == "str" and isinstance(value, str):
            return value
        if (
            option.startswith("tuple[str")
            and isinstance(value, (list, tuple))
            and all(isinstance(item, str) for item in value)
        ):
            return tuple(value)
    raise ValueError(f"{value!r} is not a {annotation}")


def _plain(value: object) -> dict[str, Any]:
    data = asdict(value)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


def _connections(values: object, problems: list[str]) -> list[Connection]:
    """The saved connections that can be read (each with a name of its own)."""
    if not isinstance(values, list):
        problems.append("connections")
        return []
    connections: list[Connection] = []
    for number, value in enumerate(values):
        try:
            connection = Connection.from_dict(value)
        except LlamaDeskError:
            problems.append(f"connections.{number}")
            continue
        if any(c.name.casefold() == connection.name.casefold() for c in connections):
            problems.append(f"connections.{number}")
            continue
        connections.append(connection)
    return connections


def _optional_path(value: str | None) -> Path | None:
    return None if value is None else Path(value)
