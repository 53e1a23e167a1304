"""The documents of the message being written: read off the GUI thread, counted with the
model's tokenizer, and held against the context window before the message is sent.

Files chosen with the composer's paperclip or dropped on the chat become chips at once;
each is read by the core (:func:`llamadesk.core.documents.read_document`) on the window's
task runner, and a file that cannot be attached is taken off again with the core's sentence
in the notice bar. A document read is counted by the engine (exactly by llama.cpp's
tokenizer, estimated for a model on a server), and the composer's gauge says what the
documents take: "Document: 3,412 tokens · 1,020 free of 4,096". Documents that do not fit
(:func:`llamadesk.core.chat.document_fit`) hold the message back with a sentence saying how
much fits and what to do; nothing is ever cut. Counts are kept per model, so the next
keystroke or a new answer only does the arithmetic again.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from llamadesk.core.chat import ModelState, document_fit
from llamadesk.core.documents import (
    CODE_EXTENSIONS,
    DOCUMENT_EXTENSIONS,
    MARKDOWN_EXTENSIONS,
    MAX_ATTACHMENTS,
    Attachment,
    document_block,
    read_document,
)
from llamadesk.core.engine import answer_reserve
from llamadesk.core.errors import DocumentError
from llamadesk.ui.chat_controller import ChatController
from llamadesk.ui.common import NoticeBar, TaskRunner, translated
from llamadesk.ui.conversation import Composer, description
from llamadesk.ui.engine_client import EngineClient


@dataclass
class _Pending:
    """A document on its way into the message."""

    name: str
    cancel: threading.Event = field(default_factory=threading.Event)
    attachment: Attachment | None = None  # once read

    @property
    def block(self) -> str:
        return document_block(self.attachment)


class AttachmentController(QObject):
    """Reads, counts and judges the documents shown in the composer."""

    def __init__(
        self,
        composer: Composer,
        engine: EngineClient,
        tasks: TaskRunner,
        model: ModelState,
        chat: ChatController,
        notice: NoticeBar,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self.composer, self.engine, self.tasks = composer, engine, tasks
        self.model, self.chat, self.notice = model, chat, notice
        self._pending: dict[int, _Pending] = {}  # by chip key, in the order attached
        self._keys = itertools.count(1)
        self._counted_for: object = None  # the model the counts below are for
        self._counts: dict[str, int] = {}  # text -> its tokens for that model
        self._exact = True  # the counts are the model's own (False: estimated)
        self._asked: dict[int, tuple[str, ...]] = {}  # engine request id -> texts
        self._count_failed = ""  # why the model could not count (a sentence)
        composer.attach_requested.connect(self.choose_files)
        composer.attachment_removed.connect(self.remove)
        composer.edit.textChanged.connect(self.refresh)
        engine.tokens_counted.connect(self._on_counted)
        model.on_change(self._on_model_changed)
        chat.conversation_opened.connect(lambda _id: self.refresh())
        chat.answer_finished.connect(lambda _stats: self.refresh())

    # ------------------------------------------------------------ the user's doing
    def choose_files(self) -> None:
        patterns = " ".join(
            f"*{extension}"
            for extension in sorted(
                {".txt", *MARKDOWN_EXTENSIONS, *DOCUMENT_EXTENSIONS, *CODE_EXTENSIONS}
            )
        )
        paths, _ = QFileDialog.getOpenFileNames(
            self._window,
            self.tr("Attach documents"),
            "",
            self.tr("Documents ({patterns});;All files (*)").format(patterns=patterns),
        )
        if paths:
            self.add_files(paths)

    def add_files(self, paths: Sequence[str]) -> None:
        """Attach the files at ``paths``: each shows at once, and is read in the background."""
        for path in paths:
            if len(self._pending) >= MAX_ATTACHMENTS:
                self.notice.show_message(
                    self.tr(
                        "A message can take at most {count} documents; the others were not "
                        "attached."
                    ).format(count=MAX_ATTACHMENTS),
                    kind="warning",
                )
                break
            key = next(self._keys)
            entry = self._pending[key] = _Pending(_file_name(path))
            self.composer.add_chip(key, entry.name).set_detail(self.tr("reading…"))
            self.tasks.run(
                read_document,
                path,
                entry.cancel,
                on_done=partial(self._on_read, key),
                on_error=partial(self._on_failed, key),
            )
        self.refresh()

    def remove(self, key: int) -> None:
        entry = self._pending.pop(key, None)
        if entry is not None:
            entry.cancel.set()  # a read still running stops
        self.composer.remove_chip(key)
        self.refresh()

    def shutdown(self) -> None:
        """The window closes: reads still running stop (a hostile file holds no one up)."""
        for entry in self._pending.values():
            entry.cancel.set()

    def clear(self) -> None:
        """Take every document off the composer (their message was sent)."""
        for key in list(self._pending):
            self._pending.pop(key).cancel.set()
            self.composer.remove_chip(key)
        self.refresh()

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """The documents read so far: those a message sent now takes (the composer sends
        only once all are read and fit: see :meth:`refresh`)."""
        return tuple(e.attachment for e in self._pending.values() if e.attachment is not None)

    @property
    def busy(self) -> bool:
        """Whether a document is still being read, or counted."""
        return bool(self._asked) or any(e.attachment is None for e in self._pending.values())

    # ------------------------------------------------------------ reading and counting
    def _on_read(self, key: int, attachment: Attachment) -> None:
        entry = self._pending.get(key)
        if entry is None:  # taken off while it was read
            return
        entry.attachment = attachment
        chip = self.composer.chip(key)
        if chip is not None:
            chip.setToolTip(description(attachment))
        self.refresh()

    def _on_failed(self, key: int, message: str, error: BaseException) -> None:
        entry = self._pending.pop(key, None)
        self.composer.remove_chip(key)
        self.refresh()
        if entry is not None and not (
            isinstance(error, DocumentError) and error.reason == "cancelled"
        ):
            self.notice.show_message(message)

    def _on_model_changed(self) -> None:
        if self.model.loaded is not self._counted_for:
            self._counted_for = self.model.loaded
            self._counts.clear()
            self._asked.clear()
            self._count_failed = ""
        self.refresh()

    def _count(self, texts: Sequence[str]) -> None:
        """Ask the engine for the tokens of ``texts`` not counted nor asked for yet."""
        asked = {text for texts in self._asked.values() for text in texts}
        missing = tuple(
            dict.fromkeys(t for t in texts if t and t not in self._counts and t not in asked)
        )
        if missing and self.model.ready and not self._count_failed:
            self._asked[self.engine.count_tokens(missing)] = missing

    def _on_counted(self, request_id: int, counts, exact: bool, message) -> None:
        texts = self._asked.pop(request_id, None)
        if texts is None:
            return
        if counts is None:
            self._count_failed = translated(message)
        else:
            self._counts.update(zip(texts, counts, strict=True))
            self._exact = exact
        self.refresh()

    # ------------------------------------------------------------ what the composer shows
    def refresh(self) -> None:
        """Bring the chips, the gauge and whether the message may go up to date."""
        if not self._pending:
            self.composer.set_gauge("")
            self.composer.set_blocked("")
            return
        effective = self.chat.session.settings.effective(self.chat.conversation_overrides())
        system = effective.system_prompt if effective.system_prompt.strip() else ""
        read = [e for e in self._pending.values() if e.attachment is not None]
        self._count([system, *(e.block for e in read)] if self.model.ready else [])
        for key, entry in self._pending.items():
            if entry.attachment is not None:
                self.composer.chip(key).set_detail(self._chip_detail(entry))
        reading = [e.name for e in self._pending.values() if e.attachment is None]
        counts = [self._counts.get(e.block) for e in read]
        if reading:
            wait = self.tr("Wait a moment: {name} is still being read.").format(name=reading[0])
            self._show(self.tr("Reading {name}…").format(name=reading[0]), blocked=wait)
        elif not self.model.ready:
            chars = QLocale().toString(sum(len(e.attachment.text) for e in read))
            self._show(
                self.tr(
                    "{chars} characters. Load a model to see how many tokens they take."
                ).format(chars=chars)
            )
        elif self._count_failed:
            self._show(self._count_failed, "error")
        elif None in counts or (system and system not in self._counts):
            self._show(
                self.tr("Counting tokens…"),
                blocked=self.tr("Wait a moment: the documents' tokens are being counted."),
            )
        else:
            self._judge(counts, self._counts.get(system, 0), effective.sampling.max_tokens)

    def _judge(self, counts: list[int], system: int, max_tokens: int) -> None:
        locale = QLocale()
        n_ctx = getattr(self.model.loaded, "n_ctx", None)
        if not n_ctx:  # a server that does not say its context size
            line = (
                self.tr(
                    "Document: about {tokens} tokens (estimated; the server does not say its "
                    "context size)"
                )
                if len(counts) == 1
                else self.tr(
                    "Documents: about {tokens} tokens (estimated; the server does not say its "
                    "context size)"
                )
            )
            self._show(line.format(tokens=locale.toString(sum(counts))))
            return
        fit = document_fit(
            counts,
            n_ctx=n_ctx,
            max_tokens=max_tokens,
            system=system,
            conversation=self.chat.context_used,
            text=self.composer.text(),
            exact=self._exact,
        )
        figures = {
            "tokens": locale.toString(fit.documents),
            "free": locale.toString(fit.free),
            "n_ctx": locale.toString(n_ctx),
        }
        if len(counts) == 1:
            line = (
                self.tr("Document: {tokens} tokens · {free} free of {n_ctx}")
                if fit.exact
                else self.tr("Document: about {tokens} tokens (estimated) · {free} free of {n_ctx}")
            )
        else:
            line = (
                self.tr("Documents: {tokens} tokens · {free} free of {n_ctx}")
                if fit.exact
                else self.tr(
                    "Documents: about {tokens} tokens (estimated) · {free} free of {n_ctx}"
                )
            )
        line = line.format(**figures)
        tooltip = self.tr(
            "{reserve} tokens of the {n_ctx}-token context window are kept for the answer; "
            "the rest holds the system prompt, the conversation so far, your message and its "
            "documents."
        ).format(reserve=locale.toString(answer_reserve(n_ctx, max_tokens)), n_ctx=figures["n_ctx"])
        refusal = fit.refusal(self.attachments)
        if refusal is not None:
            self._show(translated(refusal), "error", tooltip, blocked=translated(refusal))
        elif fit.crowds_out:
            older = self.tr("older messages will be left out to make room")
            self._show(f"{line} · {older}", "warning", tooltip)
        else:
            self._show(line, "normal", tooltip)

    def _chip_detail(self, entry: _Pending) -> str:
        tokens = self._counts.get(entry.block)
        if tokens is None:
            if self.model.ready and not self._count_failed:
                return self.tr("counting…")
            return self.tr("{chars} characters").format(
                chars=QLocale().toString(len(entry.attachment.text))
            )
        shown = QLocale().toString(tokens)
        if self._exact:
            return self.tr("{tokens} tokens").format(tokens=shown)
        return self.tr("about {tokens} tokens").format(tokens=shown)

    def _show(self, text: str, state: str = "normal", tooltip: str = "", blocked: str = ""):
        self.composer.set_gauge(text, state, tooltip)
        self.composer.set_blocked(blocked)


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or path
