"""The chat seen by the window: the core's chat session between the engine and the view.

The rules of a turn and the saving live in :class:`llamadesk.core.chat.ChatSession`;
this class sends its turns to the engine, feeds the engine's answer back to it, shows
it in the conversation view, and says what happened in signals.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from llamadesk.core.chat import ChatSession, ModelState, Task, Turn
from llamadesk.core.documents import Attachment
from llamadesk.core.engine import GenerationStats
from llamadesk.core.settings import Settings
from llamadesk.core.store import Message, Store
from llamadesk.ui.common import shown_meta, translated
from llamadesk.ui.conversation import ConversationView, MessageItem
from llamadesk.ui.engine_client import EngineClient


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
        thinking=message.thinking,
        attachments=message.attachments,
    )


class ChatController(QObject):
    conversation_opened = Signal(object)  # int conversation id, or None for a new chat
    conversations_changed = Signal()  # titles, order or the set of conversations changed
    generating_changed = Signal(bool)
    answer_finished = Signal(object)  # GenerationStats
    speed_measured = Signal(float)  # tokens a second of the answer being written, live
    partial_saved = Signal(int, int)  # message id, characters saved
    error = Signal(str)  # a sentence for the user

    def __init__(
        self,
        store: Store,
        engine: EngineClient,
        view: ConversationView,
        settings: Settings,
        model: ModelState,
    ) -> None:
        super().__init__()
        self.session = ChatSession(store, settings)
        self.engine, self.view, self.model = engine, view, model
        self._request: int | None = None  # the engine's id for the answer being written
        self._shown = True  # False once the user opened another conversation mid-answer
        self._first_count: tuple[float, int] | None = None  # when the answer's tokens began
        engine.text_received.connect(self._on_text)
        engine.context_used.connect(self._on_context_used)
        engine.thinking_received.connect(self._on_thinking)
        engine.generation_finished.connect(self._on_finished)
        engine.generation_failed.connect(self._on_failed)
        view.edit_submitted.connect(self.edit)
        view.regenerate_requested.connect(self.regenerate)
        view.continue_requested.connect(self.continue_answer)
        view.branch_switch_requested.connect(self.switch_branch)

    @property
    def conversation_id(self) -> int | None:
        return self.session.conversation_id

    @property
    def generating(self) -> bool:
        return self.session.generating

    @property
    def context_used(self) -> int:
        """What the open conversation's last answer left in the context window."""
        return self.session.context_used

    def conversation_overrides(self) -> dict:
        return self.session.overrides()

    # ------------------------------------------------------------ conversations
    def open_conversation(self, conversation_id: int | None) -> None:
        self._leave_answer()
        self._show(self.session.open(conversation_id))
        self.conversation_opened.emit(conversation_id)

    def redisplay(self) -> None:
        """Show the conversation again, its texts made anew (in the language now); not
        while an answer is being written, which keeps its place on screen."""
        if not self.generating:
            self._show(self.session.path)

    def new_conversation(self) -> None:
        """A new chat is created in the store when its first message is sent."""
        self.open_conversation(None)

    def start_task(self, task: Task, title: str) -> None:
        """A new conversation set up for ``task``, opened (empty, ready for its text)."""
        self._leave_answer()
        conversation_id = self.session.start_task(task, title)
        self._show([])
        self.conversation_opened.emit(conversation_id)
        self.conversations_changed.emit()

    # ------------------------------------------------------------ actions
    def send(self, text: str, attachments: Sequence[Attachment] = ()) -> bool:
        """Send a message with its documents; whether it went (no model, or an answer
        still being written, keep it back)."""
        if not self._can_generate():
            return False
        new = self.session.conversation_id is None
        turn = self.session.send(text, self.model.label, self._source(), attachments)
        if new:
            self.conversation_opened.emit(self.session.conversation_id)
        self.view.append_message(message_item(self.session.path[-2]))
        self._ask(turn)
        return True

    def edit(self, message_id: int, text: str) -> None:
        """Send an edited version of an earlier user message as a new branch."""
        if self._can_generate():
            turn = self.session.edit(message_id, text, self.model.label, self._source())
            self._ask(turn, show_path=True)

    def regenerate(self, message_id: int) -> None:
        """A new answer to the same question, kept beside the old one as a branch."""
        if self._can_generate():
            turn = self.session.regenerate(message_id, self.model.label, self._source())
            self._ask(turn, show_path=True)

    def continue_answer(self, message_id: int) -> None:
        """Carry on an answer that stopped at the length limit or was stopped."""
        if self._can_generate():
            self._ask(self.session.continue_answer(message_id))

    def switch_branch(self, message_id: int, delta: int) -> None:
        if not self.generating and self.session.switch_branch(message_id, delta):
            self._show(self.session.path)

    def preview_prompt(self, answer_id: int) -> int:
        """Ask the engine for the prompt an answer was given; the engine client's
        ``prompt_previewed`` answers with the id returned."""
        turn = self.session.prompt_of(answer_id)
        return self.engine.preview_prompt(
            turn.messages, turn.sampling, reasoning=turn.reasoning, raw=turn.raw
        )

    def stop(self) -> None:
        self.engine.stop_generation()

    def shutdown(self) -> None:
        """Quitting: keep the answer so far (the engine ends before it would finish)."""
        if self.generating:
            self.engine.stop_generation()
            self.session.keep_partial()

    # ------------------------------------------------------------ generation
    def _source(self) -> dict | None:
        chosen = self.model.chosen
        return chosen.source() if chosen is not None else None

    def _leave_answer(self) -> None:
        """Another conversation opens: an answer being written stops and is saved, but is
        no longer shown."""
        if self.generating:
            self._shown = False
            self.stop()

    def _can_generate(self) -> bool:
        if self.generating:
            return False
        if not self.model.ready:
            self.error.emit(self.tr("Load a model first: choose one in the toolbar."))
            return False
        return True

    def _ask(self, turn: Turn, show_path: bool = False) -> None:
        self._request = self.engine.generate(
            turn.messages,
            turn.sampling,
            continue_final=turn.continuing and not turn.raw,  # raw: the text goes on anyway
            reasoning=turn.reasoning,
            raw=turn.raw,
        )
        self._shown = True
        self._first_count = None
        item = message_item(turn.answer)
        if turn.continuing:
            self.view.update_message(item)
        else:
            if show_path:  # an edit or a new version: the branch up to the question
                self._show(self.session.path[:-1])
            self.view.begin_stream(item)
        self.generating_changed.emit(True)
        self.conversations_changed.emit()

    def _on_text(self, request_id: int, text: str) -> None:
        if request_id != self._request or not self.generating:
            return
        if self._shown:
            self.view.append_stream_text(text)
        if self.session.add_text(text):
            self.partial_saved.emit(self.session.answer_id, len(self.session.answer_text))

    def _on_thinking(self, request_id: int, text: str) -> None:
        if request_id != self._request or not self.generating:
            return
        if self._shown:
            self.view.append_stream_thinking(text)
        self.session.add_text("", thinking=text)

    def _on_context_used(self, used: int) -> None:
        """The answer's tokens fill the context window (only the chat's own requests say
        so): how fast, from its first piece on."""
        if not self.generating:
            return
        now = time.monotonic()
        if self._first_count is None:
            self._first_count = (now, used)
            return
        began, first = self._first_count
        if now > began and used > first:
            self.speed_measured.emit((used - first) / (now - began))

    def _on_finished(self, request_id: int, stats: GenerationStats) -> None:
        if request_id == self._request and self.generating:
            self._ended(self.session.finish(stats))
            self.answer_finished.emit(stats)

    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self._request and self.generating:
            self._ended(self.session.fail(message))
            self.error.emit(translated(message))

    def _ended(self, answer: Message) -> None:
        self._request = None
        if self._shown:
            self.view.end_stream(message_item(answer))
            self.view.set_context_start(self.session.context_start)
        self.generating_changed.emit(False)

    def _show(self, path: list[Message]) -> None:
        self.view.set_messages([message_item(m) for m in path])
        self.view.set_context_start(self.session.context_start)
