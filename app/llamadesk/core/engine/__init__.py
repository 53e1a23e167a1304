"""The engine seam and its engines.

Callers (the chat, the terminal, the self-test) talk to an :class:`Engine`: list models,
load one, generate with stop, and read typed events back (:mod:`.protocol`). The local
engine runs llama.cpp in a process of its own (:class:`LocalEngine`); llama.cpp itself
(:mod:`.llama`) is imported only in that process, never through this face. The remote
engine (:class:`RemoteEngine`) chats with a model on an OpenAI-compatible server
(:mod:`.remote_server` says which server it is and what went wrong). Chat
templates, sampling, the text stream and the context window are the engine's tools.
"""

from llamadesk.core.engine.context_window import answer_reserve, estimate_tokens
from llamadesk.core.engine.generation import (
    CancelToken,
    GenerationStats,
    LoadedModel,
    PromptPreview,
    RemoteModel,
    Thought,
)
from llamadesk.core.engine.local import LocalEngine, crash_message
from llamadesk.core.engine.protocol import (
    BackendsReported,
    Command,
    Complete,
    CountTokens,
    EngineStopped,
    Event,
    Generate,
    GenerationFailed,
    GenerationFinished,
    LoadModel,
    LoadProgress,
    ModelLoadCancelled,
    ModelLoaded,
    ModelLoadFailed,
    ModelUnloaded,
    PreviewPrompt,
    PromptPreviewed,
    ReportBackends,
    TextReceived,
    TokensCounted,
    Unload,
)
from llamadesk.core.engine.reasoning import (
    DEFAULT_REASONING,
    EFFORTS,
    ReasoningOptions,
    ThinkingSupport,
)
from llamadesk.core.engine.remote import RemoteEngine, RetryPolicy
from llamadesk.core.engine.remote_server import (
    REMOTE_TIMEOUT,
    RemoteError,
    RemoteServer,
    ServedModel,
    ServerInfo,
    is_loopback,
    listing,
    normalize_base_url,
    probe,
)
from llamadesk.core.engine.sampling import MAX_BEAMS, MAX_SEED, PRESETS, SamplingParams
from llamadesk.core.engine.seam import Engine, ModelEntry
from llamadesk.core.engine.shared import RequestEnded, RequestStarted, SharedEngine
from llamadesk.core.engine.tool_calls import (
    NO_TOOL_CALLS,
    ToolCall,
    ToolCallFormat,
    tool_call_format,
)

__all__ = [
    "DEFAULT_REASONING",
    "EFFORTS",
    "MAX_BEAMS",
    "MAX_SEED",
    "NO_TOOL_CALLS",
    "PRESETS",
    "REMOTE_TIMEOUT",
    "BackendsReported",
    "CancelToken",
    "Command",
    "Complete",
    "CountTokens",
    "Engine",
    "EngineStopped",
    "Event",
    "Generate",
    "GenerationFailed",
    "GenerationFinished",
    "GenerationStats",
    "LoadModel",
    "LoadProgress",
    "LoadedModel",
    "LocalEngine",
    "ModelEntry",
    "ModelLoadCancelled",
    "ModelLoadFailed",
    "ModelLoaded",
    "ModelUnloaded",
    "PreviewPrompt",
    "PromptPreview",
    "PromptPreviewed",
    "ReasoningOptions",
    "RemoteEngine",
    "RemoteError",
    "RemoteModel",
    "RemoteServer",
    "ReportBackends",
    "RequestEnded",
    "RequestStarted",
    "RetryPolicy",
    "SamplingParams",
    "ServedModel",
    "ServerInfo",
    "SharedEngine",
    "TextReceived",
    "ThinkingSupport",
    "Thought",
    "TokensCounted",
    "ToolCall",
    "ToolCallFormat",
    "Unload",
    "answer_reserve",
    "crash_message",
    "estimate_tokens",
    "is_loopback",
    "listing",
    "normalize_base_url",
    "probe",
    "tool_call_format",
]
