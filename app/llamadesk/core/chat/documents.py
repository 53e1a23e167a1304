"""Whether the documents of a message about to be sent fit the model's context window.

A message's documents are never cut: they fit whole, or the message is refused before it is
sent, with a sentence saying how much fits and what to do. What fits is the context window
less the share kept for the answer (:func:`~llamadesk.core.engine.answer_reserve`, as the
engine keeps it), the system prompt and the words typed with the documents. Older messages
give way to a document as to any long message (the engine leaves the oldest out, and the
window shows which), so a document that fits only without them is sent, and the composer
says they will be left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from llamadesk.core.documents import Attachment
from llamadesk.core.engine import answer_reserve, estimate_tokens
from llamadesk.core.texts import Text

MESSAGE_OVERHEAD = 8  # tokens a chat template puts around a message: its role, its ends
BLOCK_SEPARATOR = 2  # the blank line between a document's block and what follows it


@dataclass(frozen=True)
class DocumentFit:
    """How the documents of the message being written fit, in tokens."""

    documents: int  # what the documents take, as the model reads them
    n_ctx: int  # the context window
    free: int  # what is free for them now, the conversation so far kept
    room: int  # the most they may take, every older message left out
    exact: bool  # counted with the model's tokenizer (False: estimated)

    @property
    def fits(self) -> bool:
        return self.documents <= self.room

    @property
    def crowds_out(self) -> bool:
        """They fit only if older messages are left out of what the model reads."""
        return self.fits and self.documents > self.free

    def refusal(self, attachments: Sequence[Attachment]) -> Text | None:
        """Why the documents cannot be sent, and what to do (None: they fit)."""
        if self.fits:
            return None
        needed = (
            f"{self.documents:,}" if self.exact else Text("about {count:,}", count=self.documents)
        )
        if len(attachments) == 1:
            return Text(
                '"{name}" takes {needed} tokens, but only {room:,} fit in the context window '
                "of {n_ctx:,} tokens (a part of it is kept for the answer). Load the model with "
                "a larger context size, or attach only the part of the document you need.",
                name=attachments[0].name,
                needed=needed,
                room=self.room,
                n_ctx=self.n_ctx,
            )
        return Text(
            "The attached documents take {needed} tokens, but only {room:,} fit in the context "
            "window of {n_ctx:,} tokens (a part of it is kept for the answer). Load the model "
            "with a larger context size, attach fewer documents, or attach only the parts you "
            "need.",
            needed=needed,
            room=self.room,
            n_ctx=self.n_ctx,
        )


def document_fit(
    counts: Sequence[int],
    *,
    n_ctx: int,
    max_tokens: int,
    system: int,
    conversation: int,
    text: str,
    exact: bool = True,
) -> DocumentFit:
    """How documents of ``counts`` tokens fit a window of ``n_ctx``, beside a system prompt of
    ``system`` tokens, a conversation that takes ``conversation`` now (0 for a new chat: the
    system prompt is all there is) and the words typed, ``text``; ``max_tokens`` is the
    answer's length limit."""
    reserve = answer_reserve(n_ctx, max_tokens)
    system = system + MESSAGE_OVERHEAD if system else 0
    typed = estimate_tokens(text) + MESSAGE_OVERHEAD + BLOCK_SEPARATOR * len(counts)
    return DocumentFit(
        documents=sum(counts),
        n_ctx=n_ctx,
        free=max(0, n_ctx - reserve - max(conversation, system) - typed),
        room=max(0, n_ctx - reserve - system - typed),
        exact=exact,
    )
