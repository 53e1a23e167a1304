"""What crosses the engine seam: a command for every request, an event for every answer.

Every engine speaks these (the local llama.cpp engine sends them over a pipe between two
processes, so they pickle): the caller sends commands, which return at once, and reads
events, dispatching on their type with ``match``. Sentences in them are
:class:`~llamadesk.core.texts.Text`, which the window shows in the user's language.

Ids tie answers to requests: a :class:`LoadModel` is answered by one of
:class:`ModelLoaded`, :class:`ModelLoadFailed` or :class:`ModelLoadCancelled` with its
``load_id`` (and :class:`LoadProgress` before), a :class:`Generate` by
:class:`TextReceived` pieces (reasoning and answer) and then :class:`GenerationFinished`
or :class:`GenerationFailed` with its ``request_id`` (so is a :class:`Complete`), a
:class:`PreviewPrompt` by a :class:`PromptPreviewed`, a :class:`CountTokens` by a
:class:`TokensCounted`. :class:`EngineStopped` is the last
event of an engine that ended without being asked to.
"""

from __future__ import annotations

from dataclasses import dataclass

from llamadesk.core.engine.generation import GenerationStats, LoadedModel, PromptPreview
from llamadesk.core.engine.reasoning import DEFAULT_REASONING, ReasoningOptions
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.machine import BackendReport, LoadOptions


# ---------------------------------------------------------------------- commands
@dataclass(frozen=True)
class LoadModel:
    load_id: int
    model: str  # a model's id, as listed by the engine (for the local engine, a file's path)
    options: LoadOptions


@dataclass(frozen=True)
class Generate:
    request_id: int
    messages: tuple[dict[str, str], ...]  # role, content; an answer's reasoning_content
    sampling: SamplingParams
    continue_final: bool = False  # the last message is an unfinished answer to carry on
    reasoning: ReasoningOptions = DEFAULT_REASONING
    drop_old: bool = True  # leave out the oldest messages to fit; False: too long fails
    tools: tuple[dict, ...] = ()  # functions the model may call (OpenAI's form)


@dataclass(frozen=True)
class Complete:
    """Carry on a text as it is, without the chat template (answered like a Generate)."""

    request_id: int
    prompt: str
    sampling: SamplingParams


@dataclass(frozen=True)
class PreviewPrompt:
    """Say what prompt a :class:`Generate` with the same fields would send."""

    request_id: int
    messages: tuple[dict[str, str], ...]
    sampling: SamplingParams
    continue_final: bool = False
    reasoning: ReasoningOptions = DEFAULT_REASONING
    raw: bool = False  # as a :class:`Complete` of the one message's text would send


@dataclass(frozen=True)
class CountTokens:
    """Say how many tokens each text takes inside a message, as the model loaded reads it
    (an attached document, before it is sent)."""

    request_id: int
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Unload:
    """Free the model and all of its memory."""


@dataclass(frozen=True)
class ReportBackends:
    """Say again which backends and devices there are (a GPU's free memory changes)."""


Command = LoadModel | Generate | Complete | PreviewPrompt | CountTokens | Unload | ReportBackends


# ---------------------------------------------------------------------- events
@dataclass(frozen=True)
class BackendsReported:
    """What the engine can run on; the local engine sends it first, unasked, once ready."""

    report: BackendReport


@dataclass(frozen=True)
class LoadProgress:
    load_id: int
    fraction: float


@dataclass(frozen=True)
class ModelLoaded:
    load_id: int
    model: LoadedModel


@dataclass(frozen=True)
class ModelLoadFailed:
    load_id: int
    message: str  # a sentence for the user (a Text)
    still_loaded: LoadedModel | None  # a file refused before loading keeps the previous model


@dataclass(frozen=True)
class ModelLoadCancelled:
    load_id: int


@dataclass(frozen=True)
class ModelUnloaded:
    pass


@dataclass(frozen=True)
class TextReceived:
    request_id: int
    text: str  # the answer's next piece, coalesced (at most ~30 pieces a second)
    context_used: int  # tokens in the context window so far
    thinking: str = ""  # the reasoning's next piece, which comes before ``text``


@dataclass(frozen=True)
class PromptPreviewed:
    request_id: int
    preview: PromptPreview | None  # None when it failed: ``message`` says why
    message: str = ""  # a sentence for the user (a Text)


@dataclass(frozen=True)
class TokensCounted:
    request_id: int
    counts: tuple[int, ...] | None  # one per text; None when it failed: ``message`` says why
    exact: bool = True  # False: estimated, as where the model's tokenizer is not at hand
    message: str = ""  # a sentence for the user (a Text)


@dataclass(frozen=True)
class GenerationFinished:
    request_id: int
    stats: GenerationStats  # finish_reason says whether it ended, was stopped or failed


@dataclass(frozen=True)
class GenerationFailed:
    request_id: int
    message: str  # a sentence for the user (a Text)
    code: str = ""  # for programs: "context_length_exceeded", or ""


@dataclass(frozen=True)
class EngineStopped:
    """The engine ended without being asked to (a crash); whatever it did is lost."""

    exitcode: int | None
    message: str  # a sentence for the user (a Text)


Event = (
    BackendsReported
    | LoadProgress
    | ModelLoaded
    | ModelLoadFailed
    | ModelLoadCancelled
    | ModelUnloaded
    | TextReceived
    | PromptPreviewed
    | TokensCounted
    | GenerationFinished
    | GenerationFailed
    | EngineStopped
)
