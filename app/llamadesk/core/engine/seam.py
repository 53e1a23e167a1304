"""The engine seam: what the chat, the terminal and the self-test need of an engine.

An engine lists the models it can run, loads one, generates answers that can be stopped,
and reports statistics and errors as sentences for a person. Its commands return at once
(each with an id its answer will carry); its answers are :mod:`events
<llamadesk.core.engine.protocol>` read from :meth:`Engine.next_event`, which blocks, so a
window reads them on a thread of its own and a terminal in its main loop. The local
llama.cpp engine (:class:`~llamadesk.core.engine.local.LocalEngine`) is the first
implementation; an engine on another machine adds one module behind this class, not a
branch in every caller.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

from llamadesk.core.engine.protocol import EngineStopped, Event
from llamadesk.core.engine.reasoning import DEFAULT_REASONING, ReasoningOptions
from llamadesk.core.engine.sampling import SamplingParams
from llamadesk.core.machine import LoadOptions


@dataclass(frozen=True)
class ModelEntry:
    """A model an engine can load: ``id`` is what :meth:`Engine.load` takes (for the local
    engine, the path of a .gguf file), ``name`` what a person sees."""

    id: str
    name: str


class Engine(ABC):
    """One engine. Commands are sent from one thread; :meth:`next_event` may be read on
    another. Not meant to be shared further than that."""

    @abstractmethod
    def list_models(self) -> list[ModelEntry]:
        """The models this engine can load. May take a while (a disk scan, a request):
        call it off the GUI thread."""

    @abstractmethod
    def load(self, model: str, options: LoadOptions) -> int:
        """Load ``model`` (replacing the one loaded); returns the load's id."""

    @abstractmethod
    def cancel_load(self) -> None:
        """Cancel the load in progress (and any sent before)."""

    @abstractmethod
    def unload(self) -> None: ...

    @abstractmethod
    def generate(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        drop_old: bool = True,
        tools: Sequence[dict] = (),
    ) -> int:
        """Queue an answer to ``messages`` (an earlier answer's reasoning, if any, under
        ``reasoning_content``); returns the request id its events carry. ``drop_old``: a
        conversation too long for the context window loses its oldest messages (with a
        warning); False: it fails (GenerationFailed, code "context_length_exceeded").
        ``tools``: functions the model may call (OpenAI's form), given to its template."""

    @abstractmethod
    def complete(self, prompt: str, sampling: SamplingParams) -> int:
        """Queue a continuation of ``prompt`` as it is, without the chat template; answered
        like :meth:`generate`."""

    @abstractmethod
    def preview_prompt(
        self,
        messages: Sequence[dict[str, str]],
        sampling: SamplingParams,
        *,
        continue_final: bool = False,
        reasoning: ReasoningOptions = DEFAULT_REASONING,
        raw: bool = False,
    ) -> int:
        """Ask for the prompt :meth:`generate` would send for the same arguments (a
        :class:`~llamadesk.core.engine.protocol.PromptPreviewed` answers, with the id
        returned); ``raw``: the one :meth:`complete` of the first message's text sends."""

    @abstractmethod
    def count_tokens(self, texts: Sequence[str]) -> int:
        """Ask how many tokens each of ``texts`` takes inside a message for the model loaded
        (a :class:`~llamadesk.core.engine.protocol.TokensCounted` answers, with the id
        returned; an engine without the model's tokenizer estimates, and says so)."""

    @abstractmethod
    def stop_generation(self) -> None:
        """Stop the answer being generated and those queued: within a token."""

    @abstractmethod
    def next_event(self, timeout: float | None = None) -> Event | None:
        """The next event, waiting up to ``timeout`` seconds (None: as long as it takes).
        None when the time ran out, or for good once the engine was closed; after an
        :class:`EngineStopped` nothing more comes."""

    @abstractmethod
    def close(self) -> None:
        """End the engine and free what it holds."""

    def wait_for(self, *kinds: type, timeout: float | None = None) -> Event:
        """Read events until one of ``kinds`` (or an :class:`EngineStopped`) comes, and
        return it; the events before it are dropped. For callers that read nothing else,
        such as the terminal. TimeoutError if nothing of the kind came in time, EOFError
        once the engine is closed."""
        while True:
            event = self.next_event(timeout)
            if event is None and timeout is None:
                raise EOFError("the engine is closed")
            if event is None:
                raise TimeoutError(f"no {', '.join(k.__name__ for k in kinds)} event in time")
            if isinstance(event, (*kinds, EngineStopped)):
                return event
