"""How attached documents go into a message for the model.

Each document is one block, before the user's own words (models answer questions about a
long text best when the question comes after it)::

    <document name="report.pdf" pages="12">
    ...the extracted text...
    </document>

    What does the report conclude?

Chat models of every family read XML-like tags as structure and tell such a block apart
from the question after it. The name is an attribute with ``&``, ``"``, ``<`` and ``>``
escaped; inside the text, anything that would close the block early (``</document``, in
any case) is written ``<\\/document`` so that a document cannot end itself and speak as
the user. Nothing else of the text is changed, and nothing is ever left out: a document
that does not fit the context window is refused before it is sent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from llamadesk.core.documents.attachment import Attachment

_CLOSING = re.compile(r"</(document)", re.IGNORECASE)
_ATTRIBUTE = str.maketrans({"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;"})


def document_block(attachment: Attachment) -> str:
    """``attachment`` as the model reads it: its text between tags naming the file."""
    name = " ".join(attachment.name.split()).translate(_ATTRIBUTE)
    pages = f' pages="{attachment.pages}"' if attachment.pages else ""
    text = _CLOSING.sub(r"<\\/\1", attachment.text).strip("\n")
    return f'<document name="{name}"{pages}>\n{text}\n</document>'


def with_documents(text: str, attachments: Sequence[Attachment]) -> str:
    """A message's text for the model: each document's block, then what the user wrote."""
    if not attachments:
        return text
    parts = [document_block(attachment) for attachment in attachments]
    if text.strip():
        parts.append(text)
    return "\n\n".join(parts)
