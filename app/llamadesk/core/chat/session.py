"""One conversation being chatted in: its shown branch, the turn in progress, and the store.

Every change is written to the store first: the user's message before the answer is
asked for, the answer while it streams (at least once a second) and when it ends, so a
crash or a kill loses at most the last second of an answer, never a message. The shown
branch is read from the store when a conversation opens or changes branch, and kept up
to date in memory by each turn, so a turn reads it no more.

No Qt and no engine here: a turn method returns what to send to the engine
(:class:`Turn`); the caller sends it and reports back with :meth:`ChatSession.add_text`,
:meth:`~ChatSession.finish` or :meth:`~ChatSession.fail`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from llamadesk.core.chat import turn as rules
from llamadesk.core.chat.tasks import Task, task_of
from llamadesk.core.documents import Attachment
from llamadesk.core.engine import GenerationStats, ReasoningOptions, SamplingParams
from llamadesk.core.errors import SettingsError
from llamadesk.core.settings import Settings
from llamadesk.core.store import Message, Store

SAVE_INTERVAL_SECONDS = 1.0


@dataclass(frozen=True)
class Turn:
    """An answer to ask the engine for."""

    messages: list[dict[str, str]]  # what the model reads
    sampling: SamplingParams
    answer: Message  # its row in the store, streaming
    continuing: bool  # the answer carries on from its text so far
    reasoning: ReasoningOptions
    raw: bool = False  # ``messages`` is one text to continue without the chat template


class _Answer:
    """The answer being written."""

    def __init__(
        self, message: Message, clock: Callable[[], float], continuing: bool = False
    ) -> None:
        self.message = message
        self.continuing = continuing  # it carries on from its text and figures so far
        self.text = message.content  # a continued answer starts with what it had
        self.thinking = message.thinking
        self.saved_at = clock()


class ChatSession:
    def __init__(
        self, store: Store, settings: Settings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.store, self.settings, self._clock = store, settings, clock
        self.conversation_id: int | None = None
        self.path: list[Message] = []  # the shown branch, root first
        self._answer: _Answer | None = None

    @property
    def generating(self) -> bool:
        return self._answer is not None

    @property
    def answer_id(self) -> int | None:
        """The id of the answer being written."""
        return self._answer.message.id if self._answer is not None else None

    @property
    def answer_text(self) -> str:
        """The answer written so far ("" when none is being written)."""
        return self._answer.text if self._answer is not None else ""

    @property
    def answer_thinking(self) -> str:
        """The reasoning of the answer being written, so far."""
        return self._answer.thinking if self._answer is not None else ""

    @property
    def context_start(self) -> int | None:
        return rules.context_start(self.path)

    @property
    def context_used(self) -> int:
        return rules.last_context_used(self.path)

    # ------------------------------------------------------------ conversations
    def open(self, conversation_id: int | None) -> list[Message]:
        """Show a conversation (None: a new chat, created with its first message)."""
        self.conversation_id = conversation_id
        self.path = self.store.active_path(conversation_id) if conversation_id else []
        return self.path

    def overrides(self) -> dict:
        """The open conversation's own settings (empty for a new chat)."""
        if self.conversation_id is None:
            return {}
        return self.store.get_conversation(self.conversation_id).settings

    @property
    def task(self) -> Task | None:
        """The task the open conversation was started for; None for an open chat."""
        return task_of(self.overrides())

    def start_task(self, task: Task, title: str) -> int:
        """A new conversation set up for ``task`` (its settings its own), opened; its id."""
        conversation = self.store.create_conversation(title=title, settings=task.settings())
        self.open(conversation.id)
        return conversation.id

    def switch_branch(self, message_id: int, delta: int) -> bool:
        """Show the version ``delta`` steps from ``message_id``; whether there was one."""
        index, count, ids = self.store.siblings(message_id)
        if not 0 <= index + delta < count:
            return False
        self.path = self.store.switch_branch(ids[index + delta])
        return True

    # ------------------------------------------------------------ turns
    def send(
        self,
        text: str,
        model: str | None,
        source: dict | None = None,
        attachments: Sequence[Attachment] = (),
    ) -> Turn:
        """A new message at the end of the shown branch, with its ``attachments``, and the
        answer to it. ``model`` names the model that answers; ``source`` says where it is (a
        file, a server)."""
        if self.conversation_id is None:
            title = rules.title(text, attachments)
            self.conversation_id = self.store.create_conversation(title=title).id
        parent = self.path[-1].id if self.path else None
        user = self.store.add_message(
            self.conversation_id, parent, "user", text, attachments=attachments
        )
        self.path.append(user)
        return self._start(user, model, source)

    def edit(
        self, message_id: int, text: str, model: str | None, source: dict | None = None
    ) -> Turn:
        """An edited version of an earlier message, kept beside it as a branch, answered; its
        documents go with it."""
        index = self._index(message_id)
        old = self.path[index]
        user = self._with_siblings(
            self.store.add_message(
                self.conversation_id, old.parent_id, "user", text, attachments=old.attachments
            )
        )
        self.path[index:] = [user]
        return self._start(user, model, source)

    def regenerate(self, message_id: int, model: str | None, source: dict | None = None) -> Turn:
        """A new answer to the same message, kept beside the old one as a branch."""
        index = self._index(message_id)
        del self.path[index:]
        return self._start(self.path[-1], model, source)

    def continue_answer(self, message_id: int) -> Turn:
        """Carry on an answer that stopped at the length limit or was stopped."""
        index = self._index(message_id)
        self.store.update_message(message_id, status="streaming")
        answer = self.path[index] = replace(self.path[index], status="streaming")
        del self.path[index + 1 :]
        effective = self.settings.effective(self.overrides())
        messages, raw = self._prompt(answer.parent_id, effective.system_prompt, answer)
        self._answer = _Answer(answer, self._clock, continuing=True)
        return Turn(messages, effective.sampling, answer, True, effective.reasoning, raw)

    def _start(self, question: Message, model: str | None, source: dict | None) -> Turn:
        effective = self.settings.effective(self.overrides())
        system_prompt, sampling = effective.system_prompt, effective.sampling
        messages, raw = self._prompt(question.id, system_prompt)
        if raw:
            system_prompt = ""  # a raw completion reads the texts only
        answer = self._with_siblings(
            self.store.add_message(
                self.conversation_id,
                question.id,
                "assistant",
                "",
                status="streaming",
                model=model,
                meta=rules.answer_meta(sampling, system_prompt, effective.reasoning, source),
            )
        )
        self.path.append(answer)
        self._answer = _Answer(answer, self._clock)
        return Turn(messages, sampling, answer, False, effective.reasoning, raw)

    def prompt_of(self, answer_id: int) -> Turn:
        """What the model was sent for an answer of the shown branch: its history, and the
        settings the answer recorded (the conversation's current ones for an answer saved
        by an older version)."""
        answer = self.path[self._index(answer_id)]
        effective = self.settings.effective(self.overrides())
        meta = answer.meta
        system_prompt = meta.get("system_prompt", effective.system_prompt)
        if not isinstance(system_prompt, str):
            system_prompt = effective.system_prompt
        sampling, reasoning = effective.sampling, effective.reasoning
        with contextlib.suppress(SettingsError, TypeError):  # damaged: the current ones
            if isinstance(meta.get("sampling"), dict):
                sampling = SamplingParams.from_dict(meta["sampling"])
            if isinstance(meta.get("reasoning"), dict):
                reasoning = ReasoningOptions.from_dict(meta["reasoning"])
        messages, raw = self._prompt(answer.parent_id, system_prompt)
        return Turn(messages, sampling, answer, False, reasoning, raw)

    # ------------------------------------------------------------ the answer
    def add_text(self, text: str, thinking: str = "") -> bool:
        """More of the answer (and of its reasoning); saved at least once a second. Whether it
        was saved now."""
        answer = self._answer
        answer.text += text
        answer.thinking += thinking
        if self._clock() - answer.saved_at < SAVE_INTERVAL_SECONDS:
            return False
        self.store.update_message(answer.message.id, content=answer.text, thinking=answer.thinking)
        answer.saved_at = self._clock()
        return True

    def finish(self, stats: GenerationStats) -> Message:
        """The answer ended (completely, stopped, or with an error in ``stats``)."""
        answer = self._answer
        meta = rules.finished_meta(answer.message.meta, stats, continued=answer.continuing)
        return self._end(rules.finished_status(stats), meta)

    def fail(self, error: str) -> Message:
        """The answer could not be generated; ``error`` says why (a sentence)."""
        return self._end("error", rules.failed_meta(self._answer.message.meta, error))

    def keep_partial(self) -> None:
        """Quitting (or leaving) mid-answer: keep what was written, marked as stopped."""
        if self._answer is not None:
            self._end("cancelled", self._answer.message.meta)

    def _end(self, status: str, meta: dict) -> Message:
        answer, self._answer = self._answer, None
        self.store.update_message(
            answer.message.id,
            content=answer.text,
            thinking=answer.thinking,
            status=status,
            meta=meta,
        )
        final = replace(
            answer.message, content=answer.text, thinking=answer.thinking, status=status, meta=meta
        )
        for index, message in enumerate(self.path):
            if message.id == final.id:
                self.path[index] = final
        return final

    # ------------------------------------------------------------ helpers
    def _prompt(
        self, up_to: int, system_prompt: str, continuing: Message | None = None
    ) -> tuple[list[dict[str, str]], bool]:
        """What the model is sent for an answer to message ``up_to``, and whether it is a
        raw completion (a Continue a text conversation) rather than a chat."""
        task = self.task
        if task is not None and task.raw:
            return rules.raw_prompt(self.path, up_to, continuing), True
        return rules.history(self.path, up_to, system_prompt, continuing), False

    def _index(self, message_id: int) -> int:
        return next(i for i, message in enumerate(self.path) if message.id == message_id)

    def _with_siblings(self, message: Message) -> Message:
        index, count, _ = self.store.siblings(message.id)
        return replace(message, sibling_index=index, sibling_count=count)
