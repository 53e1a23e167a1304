"""Documents attached to a message: reading a file's text (plain text, Markdown, source
code, PDF, Word) within bounds that hold for any file, and how the text goes to the model.

:func:`read_document` turns a file into an :class:`Attachment` or a
:class:`~llamadesk.core.errors.DocumentError` that says why it cannot be attached;
:func:`with_documents` writes a message's text with its documents, as the model reads it.
"""

from llamadesk.core.documents.attachment import KINDS, MAX_ATTACHMENTS, Attachment
from llamadesk.core.documents.prompt import document_block, with_documents
from llamadesk.core.documents.reader import (
    CODE_EXTENSIONS,
    DOCUMENT_EXTENSIONS,
    MARKDOWN_EXTENSIONS,
    MAX_CHARS,
    MAX_DOCUMENT_BYTES,
    MAX_TEXT_BYTES,
    READ_SECONDS,
    read_document,
)

__all__ = [
    "CODE_EXTENSIONS",
    "DOCUMENT_EXTENSIONS",
    "KINDS",
    "MARKDOWN_EXTENSIONS",
    "MAX_ATTACHMENTS",
    "MAX_CHARS",
    "MAX_DOCUMENT_BYTES",
    "MAX_TEXT_BYTES",
    "READ_SECONDS",
    "Attachment",
    "document_block",
    "read_document",
    "with_documents",
]
