"""What a loaded model and a generated answer report, and how a request is cancelled.

Plain data shared by the engine, the terminal and the window.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from llamadesk.core.engine.reasoning import ThinkingSupport
from llamadesk.core.gguf import GGUFInfo
from llamadesk.core.machine import LoadOptions, OffloadPlan
from llamadesk.core.texts import Text


class CancelToken:
    """Anything with ``is_set()``: a ``threading.Event`` works too."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()


@dataclass(frozen=True)
class LoadedModel:
    path: Path
    info: GGUFInfo
    options: LoadOptions
    n_ctx: int
    plan: OffloadPlan
    layers_offloaded: int
    layers_total: int
    load_seconds: float
    memory_reported: dict[str, int]  # llama.cpp's own buffer sizes: model, KV, compute, output
    template_warning: str | None  # a sentence for the user (a Text)
    thinking: ThinkingSupport = field(default_factory=ThinkingSupport)  # what may be chosen

    @property
    def label(self) -> str:
        """How answers name the model that wrote them, e.g. "Llama 3.2 1B · Q4_K_M"."""
        return f"{self.info.name} · {self.info.quantization}"

    @property
    def backend(self) -> str:
        """ "CPU", or the GPU backend that runs the offloaded layers."""
        if self.layers_offloaded and self.plan.device is not None:
            return self.plan.device.backend
        return "CPU"

    @property
    def offload_summary(self) -> str:
        if self.layers_offloaded == 0:
            return self.plan.reason
        return Text(
            "{done}/{total} layers on {backend}. {reason}",
            done=self.layers_offloaded,
            total=self.layers_total,
            backend=self.backend,
            reason=self.plan.reason,
        )


@dataclass(frozen=True)
class RemoteModel:
    """A model chosen on a server (:class:`~llamadesk.core.engine.remote.RemoteEngine`),
    described as a window shows a :class:`LoadedModel`: ``label``, ``n_ctx``, ``thinking``,
    ``template_warning``, ``backend``, ``offload_summary``, ``load_seconds``."""

    model_id: str  # the server's name for it, which requests carry
    connection: str  # the connection's name, or the server's address
    base_url: str
    server: str  # which server it is, for people: "vLLM 0.9.1" (a Text)
    n_ctx: int | None  # the context size the server runs it with; None: it does not say
    load_seconds: float
    thinking: ThinkingSupport = field(default_factory=ThinkingSupport)
    template_warning: str | None = None  # the server applies the template: nothing to say

    @property
    def label(self) -> str:
        """How answers name the model that wrote them, e.g. "llama3.3:70b · office-gpu"."""
        return f"{self.model_id} · {self.connection}"

    @property
    def backend(self) -> str:
        """Where it runs, e.g. "vLLM 0.9.1 on gpu-box" (a Text)."""
        return Text("{server} on {host}", server=self.server, host=_host(self.base_url))

    @property
    def offload_summary(self) -> str:
        if self.n_ctx:
            return Text(
                "{server} at {address} runs this model with a context of {n_ctx:,} tokens; "
                "LlamaDesk sends it the conversation and shows its answer.",
                server=self.server,
                address=self.base_url,
                n_ctx=self.n_ctx,
            )
        return Text(
            "{server} at {address} runs this model (it does not say its context size); "
            "LlamaDesk sends it the conversation and shows its answer.",
            server=self.server,
            address=self.base_url,
        )


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


@dataclass(frozen=True)
class Thought:
    """A piece of the model's reasoning, as :meth:`stream_chat` yields it beside the
    answer's text (plain ``str`` pieces)."""

    text: str


@dataclass(frozen=True)
class PromptPreview:
    """The prompt an answer is (or was) generated from, exactly as the model reads it."""

    text: str
    tokens: int
    dropped_messages: int  # oldest messages left out to fit the context window
    n_ctx: int  # 0: not known (a server that does not say)
    warning: str | None = None  # a sentence for the user (a Text): the template fell back, or
    # the count is an estimate


@dataclass
class GenerationStats:
    prompt_tokens: int = 0
    cached_tokens: int = 0  # prompt tokens reused from the KV cache of the previous turn
    generated_tokens: int = 0  # reasoning included
    thinking_tokens: int = 0  # of those, the reasoning's
    thinking_seconds: float = 0.0  # how long the model thought
    time_to_first_token: float = 0.0  # seconds from the request to the first text
    prompt_seconds: float = 0.0
    generation_seconds: float = 0.0
    finish_reason: str = "stop"  # "stop", "length", "cancelled" or "error"
    seed: int = 0
    dropped_messages: int = 0  # oldest turns left out to fit the context window
    beams: int = 1  # beam search's width (1: sampled token by token)
    logprob: float = 0.0  # beam search: the answer's summed log-probability
    context_used: int = 0  # tokens in the context window after this answer
    warnings: list[str] = field(default_factory=list)  # sentences for the user (Texts)
    error: str | None = None  # a sentence for the user (a Text)

    @property
    def tokens_per_second(self) -> float:
        if self.generation_seconds <= 0:
            return 0.0
        return self.generated_tokens / self.generation_seconds
