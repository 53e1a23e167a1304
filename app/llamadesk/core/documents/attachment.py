"""A document attached to a message: its name, what kind of file it was, and its text."""

from __future__ import annotations

from dataclasses import dataclass

# What a file was read as: the chip's label and the reader that took it.
KINDS = ("text", "markdown", "code", "pdf", "docx")
MAX_ATTACHMENTS = 20  # documents one message may carry


@dataclass(frozen=True)
class Attachment:
    """The text of a file, as the model reads it and the user can open it again. The file
    itself is not kept: only its name, size and extracted text."""

    name: str  # the file's name, without its folder
    kind: str  # one of KINDS
    text: str  # the extracted text, lines ending in "\n"
    size: int = 0  # bytes of the file it was read from
    pages: int = 0  # a PDF's pages (0 for other kinds)
    blank_pages: int = 0  # of those, pages without a text layer, which add nothing
