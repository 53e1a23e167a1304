"""PDF documents: the text layer of each page, read with pypdf.

A page's text is what its content stream draws as text; a scanned page is an image and has
none. Pages come in order, each after a "[Page N]" line when there are several, so the
model can say where something is. A PDF encrypted with an empty password (one that only
forbids printing or copying) is read; one that needs a password to open is not. pypdf
bounds what one stream may decompress to; the whole reading is bounded further by the
process it runs in (:mod:`~llamadesk.core.documents.reader`).
"""

from __future__ import annotations

import io
import logging

from llamadesk.core.errors import DocumentError
from llamadesk.core.texts import Text

MAX_PAGES = 10_000


def pdf_text(data: bytes, name: str, max_chars: int) -> tuple[str, int, int]:
    """The text of a PDF, its page count and how many of its pages have no text.
    DocumentError when it cannot be read, is encrypted, has no text at all, or holds
    more than ``max_chars`` characters."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file warns at every step
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise FileNotDecryptedError("a password is needed")
        count = len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as error:
        raise _encrypted(name) from error
    except DocumentError:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file
        raise _damaged(name, error) from error
    if count == 0:
        raise _damaged(name, Text("it has no pages"))
    if count > MAX_PAGES:
        raise DocumentError(
            Text(
                '"{name}" has {count:,} pages; LlamaDesk reads PDFs of up to {limit:,} pages. '
                "Save the pages you need as a new PDF and attach that.",
                name=name,
                count=count,
                limit=MAX_PAGES,
            ),
            reason="too_large",
        )
    parts: list[str] = []
    chars = blank = 0
    for number in range(1, count + 1):
        try:
            text = reader.pages[number - 1].extract_text() or ""
        except (FileNotDecryptedError, DependencyError) as error:
            raise _encrypted(name) from error
        except LimitReachedError as error:  # a stream that inflates beyond reason: a bomb
            raise _damaged(
                name, Text("a part of it inflates to more than a page may hold")
            ) from error
        except Exception:  # one damaged page: the others are still worth reading
            text = ""
        text = text.strip()
        if not text:
            blank += 1
            continue
        if count > 1:
            text = f"[Page {number}]\n{text}"
        chars += len(text) + 2
        if chars > max_chars:
            raise too_long(name, max_chars)
        parts.append(text)
    if not parts:
        raise DocumentError(
            Text(
                '"{name}" has no text layer: its pages are scanned images, and LlamaDesk '
                "cannot read text from images. Make its text readable with OCR (for example "
                "the text recognition of your PDF viewer, or ocrmypdf) and attach the "
                "result, or copy the text you need into the message.",
                name=name,
            ),
            reason="no_text_layer",
        )
    return "\n\n".join(parts) + "\n", count, blank


def too_long(name: str, limit: int) -> DocumentError:
    return DocumentError(
        Text(
            'The text of "{name}" is longer than {limit:,} characters, far more than a '
            "model's context window holds. Attach the part you need.",
            name=name,
            limit=limit,
        ),
        reason="too_large",
    )


def _encrypted(name: str) -> DocumentError:
    return DocumentError(
        Text(
            '"{name}" is protected by a password. LlamaDesk cannot open encrypted PDFs: open '
            "it in a PDF viewer with its password, save a copy without one, and attach that.",
            name=name,
        ),
        reason="encrypted",
    )


def _damaged(name: str, problem: object) -> DocumentError:
    return DocumentError(
        Text(
            '"{name}" cannot be read as a PDF ({problem}). It may be damaged or not a PDF at '
            "all: open it in a PDF viewer and save it again as a new PDF, then attach that.",
            name=name,
            problem=problem if isinstance(problem, Text) else _shown(problem),
        ),
        reason="invalid",
    )


def _shown(error: object) -> str:
    """What pypdf said of a damaged file, short."""
    said = " ".join(str(error).split()) or type(error).__name__
    return said if len(said) <= 160 else said[:159] + "…"
