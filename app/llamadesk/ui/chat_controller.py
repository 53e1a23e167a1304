"""The conversation logic between the store, the engine thread and the view.

Every change is written to the store first: the user's message before generation
starts, the answer while it streams (at least once a second) and when it ends. So a
crash or a kill loses at most the last second of an answer, never a message.
"""

from __future__ import annotations

import time
from dataclasses import asdict

from PySide6.QtCore import QObject, Signal

from llamadesk.core.engine.generation import GenerationStats
from llamadesk.core.settings import Settings
from llamadesk.core.store import Message, Store
from llamadesk.ui.common import shown_meta, stored_texts, translated
from llamadesk.ui.conversation import ConversationView, MessageItem
from llamadesk.ui.engine_client import EngineClient

SAVE_INTERVAL_SECONDS = 1.0
TITLE_LENGTH = 60


def message_item(message: Message) -> MessageItem:
    return MessageItem(
        id=message.id,
        role=message.role,
        content=message.content,
        status=message.status,
        model=message.model or "",
        meta=shown_meta(message.meta),
        branch_index=message.sibling_index,
        branch_count=message.sibling_count,
    )


def context_start(path: list[Message]) -> int | None:
    """The first message the latest answer's prompt still held, when older ones were left
    out to fit the context window (None when nothing was left out)."""
    for index in range(len(path) - 1, -1, -1):
        message = path[index]
        if message.role == "assistant" and "dropped_messages" in message.meta:
            dropped = message.meta["dropped_messages"]
            sent = [m for m in path[:index] if m.content or m.status != "error"]
            return sent[dropped].id if 0 < dropped < len(sent) else None
    return None


def last_context_used(path: list[Message]) -> int:
    """Tokens the conversation took in the context window at its last answer."""
    for message in reversed(path):
        if message.role == "assistant" and "context_used" in message.meta:
            return message.meta["context_used"]
    return 0


def _title(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"


class _Answer:
    """The answer being generated."""

    def __init__(self, request_id: int, message: Message, prefix: str) -> None:
        self.request_id = request_id
        self.message = message
        self.text = prefix  # a continued answer starts with what it had
        self.saved_at = time.monotonic()
        self.shown = True  # False once the user opened another conversation


class ChatController(QObject):
    conversation_opened = Signal(object)  # int conversation id, or None for a new chat
    conversations_changed = Signal()  # titles, order or the set of conversations changed
    generating_changed = Signal(bool)
    answer_finished = Signal(object)  # GenerationStats
    partial_saved = Signal(int, int)  # message id, characters saved
    error = Signal(str)  # a sentence for the user

    def __init__(
        self, store: Store, engine: EngineClient, view: ConversationView, settings: Settings
    ) -> None:
        super().__init__()
        self.store, self.engine, self.view, self.settings = store, engine, view, settings
        self.conversation_id: int | None = None
        self.model_label: str | None = None  # set while a model is loaded
        self.context_used = 0  # what the open conversation's last answer left in the context
        self._answer: _Answer | None = None
        engine.text_received.connect(self._on_text)
        engine.generation_finished.connect(self._on_finished)
        engine.generation_failed.connect(self._on_failed)
        view.edit_submitted.connect(self.edit)
        view.regenerate_requested.connect(self.regenerate)
        view.continue_requested.connect(self.continue_answer)
        view.branch_switch_requested.connect(self.switch_branch)

    @property
    def generating(self) -> bool:
        return self._answer is not None

    # ------------------------------------------------------------ conversations
    def open_conversation(self, conversation_id: int | None) -> None:
        if self._answer is not None:  # it stops and is saved, but no longer shown
            self._answer.shown = False
            self.stop()
        self.conversation_id = conversation_id
        path = self.store.active_path(conversation_id) if conversation_id else []
        self._show(path)
        self.conversation_opened.emit(conversation_id)

    def new_conversation(self) -> None:
        """A new chat is created in the store when its first message is sent."""
        self.open_conversation(None)

    def conversation_overrides(self) -> dict:
        if self.conversation_id is None:
            return {}
        return self.store.get_conversation(self.conversation_id).settings

    # ------------------------------------------------------------ actions
    def send(self, text: str) -> None:
        if self.generating or not self._can_generate():
            return
        if self.conversation_id is None:
            conversation = self.store.create_conversation(title=_title(text))
            self.conversation_id = conversation.id
            self.conversation_opened.emit(conversation.id)
        path = self.store.active_path(self.conversation_id)
        parent = path[-1].id if path else None
        user = self.store.add_message(self.conversation_id, parent, "user", text)
        self.view.append_message(message_item(user))
        self.conversations_changed.emit()
        self._start_answer(user.id)

    def edit(self, message_id: int, text: str) -> None:
        """Send an edited version of an earlier user message as a new branch."""
        if self.generating or not self._can_generate():
            return
        old = self.store.get_message(message_id)
        user = self.store.add_message(self.conversation_id, old.parent_id, "user", text)
        self._show_active_path()
        self._start_answer(user.id)

    def regenerate(self, message_id: int) -> None:
        """A new answer to the same question, kept beside the old one as a branch."""
        if self.generating or not self._can_generate():
            return
        answer = self.store.get_message(message_id)
        self.store.switch_branch(answer.parent_id)
        self._show_active_path(until=answer.parent_id)
        self._start_answer(answer.parent_id)

    def continue_answer(self, message_id: int) -> None:
        """Carry on an answer that stopped at the length limit or was stopped."""
        if self.generating or not self._can_generate():
            return
        answer = self.store.get_message(message_id)
        self._start_answer(answer.parent_id, continuing=answer)

    def switch_branch(self, message_id: int, delta: int) -> None:
        if self.generating:
            return
        index, count, ids = self.store.siblings(message_id)
        target = index + delta
        if 0 <= target < count:
            self.store.switch_branch(ids[target])
            self._show_active_path()

    def stop(self) -> None:
        self.engine.stop_generation()

    def shutdown(self) -> None:
        """Quitting: keep the answer so far (the engine thread ends before it would finish)."""
        answer, self._answer = self._answer, None
        if answer is not None:
            self.engine.stop_generation()
            self.store.update_message(answer.message.id, content=answer.text, status="cancelled")

    # ------------------------------------------------------------ generation
    def _can_generate(self) -> bool:
        if self.model_label is None:
            self.error.emit(self.tr("Load a model first: choose one in the toolbar."))
            return False
        return True

    def _start_answer(self, parent_id: int, continuing: Message | None = None) -> None:
        system_prompt, sampling, _ = self.settings.effective(self.conversation_overrides())
        path = self.store.active_path(self.conversation_id)
        history = []
        for message in path:
            if message.status == "error" and not message.content:
                continue
            history.append({"role": message.role, "content": message.content})
            if message.id == parent_id:
                break
        if system_prompt.strip():
            history.insert(0, {"role": "system", "content": system_prompt})
        meta = {"sampling": asdict(sampling)}
        if continuing is None:
            message = self.store.add_message(
                self.conversation_id,
                parent_id,
                "assistant",
                "",
                status="streaming",
                model=self.model_label,
                meta=meta,
            )
            prefix = ""
        else:
            history.append({"role": "assistant", "content": continuing.content})
            self.store.update_message(continuing.id, status="streaming")
            message, prefix = self.store.get_message(continuing.id), continuing.content
        request_id = self.engine.generate(history, sampling, continue_final=continuing is not None)
        self._answer = _Answer(request_id, message, prefix)
        item = message_item(message)
        if continuing is None:
            self.view.begin_stream(item)
        else:
            self.view.update_message(item)
        self.generating_changed.emit(True)

    def _on_text(self, request_id: int, text: str) -> None:
        answer = self._answer
        if answer is None or request_id != answer.request_id:
            return
        answer.text += text
        if answer.shown:
            self.view.append_stream_text(text)
        if time.monotonic() - answer.saved_at >= SAVE_INTERVAL_SECONDS:
            self.store.update_message(answer.message.id, content=answer.text)
            answer.saved_at = time.monotonic()
            self.partial_saved.emit(answer.message.id, len(answer.text))

    def _on_finished(self, request_id: int, stats: GenerationStats) -> None:
        answer = self._answer
        if answer is None or request_id != answer.request_id:
            return
        status = {"cancelled": "cancelled", "error": "error"}.get(stats.finish_reason, "complete")
        meta = {
            **answer.message.meta,
            "prompt_tokens": stats.prompt_tokens,
            "cached_tokens": stats.cached_tokens,
            "generated_tokens": stats.generated_tokens,
            "tokens_per_second": stats.tokens_per_second,
            "time_to_first_token": stats.time_to_first_token,
            "generation_seconds": stats.generation_seconds,
            "finish_reason": stats.finish_reason,
            "seed": stats.seed,
            "context_used": stats.context_used,
            "dropped_messages": stats.dropped_messages,
            "warnings": list(stats.warnings),
        }
        if stats.error:
            meta["error"] = stats.error
        meta["texts"] = stored_texts(meta, *stats.warnings, stats.error)
        self._finish(answer, status, meta)
        self.answer_finished.emit(stats)

    def _on_failed(self, request_id: int, message: str) -> None:
        answer = self._answer
        if answer is None or request_id != answer.request_id:
            return
        meta = {**answer.message.meta, "error": message}
        self._finish(answer, "error", {**meta, "texts": stored_texts(meta, message)})
        self.error.emit(translated(message))

    def _finish(self, answer: _Answer, status: str, meta: dict) -> None:
        self._answer = None
        self.store.update_message(answer.message.id, content=answer.text, status=status, meta=meta)
        if answer.shown:
            path = self.store.active_path(self.conversation_id)
            # From the path, the answer comes with its branch position.
            final = next((m for m in path if m.id == answer.message.id), None)
            final = final or self.store.get_message(answer.message.id)
            self.view.end_stream(message_item(final))
            self.view.set_context_start(context_start(path))
            self.context_used = last_context_used(path)
        self.generating_changed.emit(False)
        self.conversations_changed.emit()

    def _show_active_path(self, until: int | None = None) -> None:
        path = self.store.active_path(self.conversation_id)
        if until is not None:
            ids = [m.id for m in path]
            path = path[: ids.index(until) + 1] if until in ids else path
        self._show(path)

    def _show(self, path: list[Message]) -> None:
        self.context_used = last_context_used(path)
        self.view.set_messages([message_item(m) for m in path])
        self.view.set_context_start(context_start(path))
