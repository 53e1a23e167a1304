"""Reading a file to attach: which kind it is, its text, and the bounds that hold for any file.

Attached files come from anywhere (a download, an e-mail), so every read is bounded in size,
time and memory, and ends with an :class:`~llamadesk.core.documents.Attachment` or a
:class:`~llamadesk.core.errors.DocumentError` whose sentence says what happened and what to
do:

* a file larger than its kind may be (:data:`MAX_TEXT_BYTES`, :data:`MAX_DOCUMENT_BYTES`)
  is refused before it is read, and extracted text longer than :data:`MAX_CHARS` as soon as
  it gets there;
* PDF and Word files are parsed in a process of their own, which is ended after
  :data:`READ_SECONDS` and, on Linux, may not take more than :data:`MEMORY_BYTES` of memory
  beyond what it starts with: a PDF or ZIP bomb, or a file built to send a parser into a
  loop, costs at most that. The process is spawned, as the engine's is, never forked from a
  process running Qt;
* only regular files are read (a FIFO would block the reader for good).

Text files (plain text, Markdown, source code, and any other file that decodes as text)
are read here, in the caller's thread: decoding is linear in a size that is bounded.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import stat
import sys
import time
from pathlib import Path

from llamadesk.core.documents.attachment import Attachment
from llamadesk.core.documents.docx import docx_text
from llamadesk.core.documents.pdf import pdf_text, too_long
from llamadesk.core.documents.text import decode_text
from llamadesk.core.errors import DocumentError
from llamadesk.core.texts import Text
from llamadesk.core.units import format_bytes

MAX_TEXT_BYTES = 16 * 1024 * 1024
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
MAX_CHARS = 4_000_000  # about a million tokens: more than any context window
READ_SECONDS = 30.0
MEMORY_BYTES = 1536 * 1024 * 1024
_POLL_SECONDS = 0.05

MARKDOWN_EXTENSIONS = frozenset({".md", ".markdown", ".mdown", ".mkd", ".mdx"})
# A sample of what people paste into a chat; any other file that decodes as text is read too.
CODE_EXTENSIONS = frozenset(
    """
    .py .pyi .ipynb .js .mjs .cjs .jsx .ts .tsx .vue .svelte .c .h .cc .cpp .cxx .hpp .hh
    .cs .java .kt .kts .scala .groovy .go .rs .rb .php .pl .pm .swift .m .mm .r .jl .lua
    .dart .ex .exs .erl .hs .ml .fs .clj .elm .zig .nim .v .sv .vhd .asm .s .sh .bash .zsh
    .fish .ps1 .bat .cmd .json .jsonl .yaml .yml .toml .ini .cfg .conf .xml .html .htm .css
    .scss .sass .less .sql .graphql .proto .tf .cmake .gradle .dockerfile .mk .diff .patch
    """.split()  # noqa: SIM905 (a list of 90 literals would fill two screens)
)
IMAGE_EXTENSIONS = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic", ".ico"}
)
DOCUMENT_EXTENSIONS = {".pdf": "pdf", ".docx": "docx", ".docm": "docx", ".dotx": "docx"}
OLD_WORD_EXTENSIONS = frozenset({".doc", ".dot"})
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"RIFF")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Word 97-2003, and any encrypted Office file
_UNSAFE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_document(
    path: Path | str, cancel: object | None = None, *, seconds: float = READ_SECONDS
) -> Attachment:
    """The text of the file at ``path``, ready to attach; DocumentError saying why not.
    ``cancel`` (anything with ``is_set()``) stops a read in progress; ``seconds`` bounds
    reading a PDF or Word file."""
    path = Path(path)
    name = path.name or str(path)
    try:
        info = os.stat(path)
    except OSError as error:
        raise _unreadable(name, error) from error
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(
            Text('"{name}" is a folder. Attach the files in it one by one.', name=name),
            reason="unreadable",
        )
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(
            Text('"{name}" is not a regular file, so it cannot be attached.', name=name),
            reason="unreadable",
        )
    try:
        with path.open("rb") as file:
            head = file.read(8)
            kind = _kind(path, head, name)
            limit = MAX_DOCUMENT_BYTES if kind in ("pdf", "docx") else MAX_TEXT_BYTES
            _check_size(name, info.st_size, limit, kind)
            data = b"" if kind in ("pdf", "docx") else head + file.read(limit + 1 - len(head))
    except OSError as error:
        raise _unreadable(name, error) from error
    if kind in ("pdf", "docx"):
        text, pages, blank = _isolated(kind, path, name, cancel, seconds)
    else:
        _check_size(name, len(data), limit, kind)
        text, pages, blank = _text(data, name), 0, 0
    text = _SURROGATE.sub("\ufffd", _UNSAFE.sub("", text))
    if len(text) > MAX_CHARS:
        raise too_long(name, MAX_CHARS)
    if not text.strip():
        raise DocumentError(
            Text('"{name}" is empty: there is no text in it to attach.', name=name),
            reason="empty",
        )
    return Attachment(name, kind, text, info.st_size, pages, blank)


def _kind(path: Path, head: bytes, name: str) -> str:
    extension = path.suffix.lower()
    if head.startswith(b"%PDF-"):
        return "pdf"
    if extension in DOCUMENT_EXTENSIONS:
        if extension != ".pdf" and head.startswith(_OLE_MAGIC):
            raise DocumentError(
                Text(
                    '"{name}" is protected by a password, or is an old Word document renamed '
                    "to .docx. Open it in Word or LibreOffice, save it as a new .docx without a "
                    "password, and attach that.",
                    name=name,
                ),
                reason="encrypted",
            )
        return DOCUMENT_EXTENSIONS[extension]
    if extension in OLD_WORD_EXTENSIONS or head.startswith(_OLE_MAGIC):
        raise DocumentError(
            Text(
                '"{name}" is an old Word document (.doc), which LlamaDesk cannot read. Open '
                "it in Word or LibreOffice, save it as .docx or PDF, and attach that.",
                name=name,
            ),
            reason="old_format",
        )
    if extension in IMAGE_EXTENSIONS or (
        head.startswith(_IMAGE_MAGIC) and extension not in CODE_EXTENSIONS
    ):
        raise DocumentError(
            Text(
                '"{name}" is an image. LlamaDesk reads the text of documents, not images: '
                "attach a text, PDF or Word file, or type the text you need into the message.",
                name=name,
            ),
            reason="image",
        )
    if extension in MARKDOWN_EXTENSIONS:
        return "markdown"
    if extension in CODE_EXTENSIONS or path.name.lower() in ("makefile", "dockerfile"):
        return "code"
    return "text"


def _check_size(name: str, size: int, limit: int, kind: str) -> None:
    if size <= limit:
        return
    raise DocumentError(
        Text(
            '"{name}" is {size}; LlamaDesk attaches {what} of up to {limit}. Attach the part '
            "you need (save it as a file of its own).",
            name=name,
            size=format_bytes(size),
            what=Text("PDF and Word documents") if kind in ("pdf", "docx") else Text("text files"),
            limit=format_bytes(limit),
        ),
        reason="too_large",
    )


def _text(data: bytes, name: str) -> str:
    text = decode_text(data)
    if text is None:
        raise DocumentError(
            Text(
                '"{name}" is not a text file: it holds binary data. LlamaDesk attaches text, '
                "Markdown and source code files, PDF documents with a text layer, and Word "
                "documents (.docx).",
                name=name,
            ),
            reason="binary",
        )
    return text


def _unreadable(name: str, error: OSError) -> DocumentError:
    return DocumentError(
        Text('"{name}" cannot be read: {error}.', name=name, error=str(error.strerror or error)),
        reason="unreadable",
    )


# ---------------------------------------------------------------------- the reading process


def _isolated(
    kind: str, path: Path, name: str, cancel: object | None, seconds: float
) -> tuple[str, int, int]:
    """Run the reader of ``kind`` on ``path`` in a process of its own, within bounds."""
    context = multiprocessing.get_context("spawn")  # never fork a process running Qt
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=extract,
        args=(sending, kind, str(path), name),
        name="llamadesk-document",
        daemon=True,
    )
    process.start()
    sending.close()
    deadline = time.monotonic() + seconds
    try:
        while not receiving.poll(_POLL_SECONDS):
            if cancel is not None and cancel.is_set():
                raise DocumentError(
                    Text('Reading "{name}" was cancelled.', name=name), reason="cancelled"
                )
            if time.monotonic() >= deadline:
                raise DocumentError(
                    Text(
                        'Reading "{name}" took more than {seconds:.0f} seconds and was stopped. '
                        "The file may be damaged, or built to be slow to read: open it in the "
                        "program that made it and save it again.",
                        name=name,
                        seconds=seconds,
                    ),
                    reason="timeout",
                )
            if not process.is_alive() and not receiving.poll(0):
                break
        outcome, value = receiving.recv() if receiving.poll(0) else ("died", None)
    except (EOFError, OSError):
        outcome, value = "died", None
    finally:
        receiving.close()
        if process.is_alive():
            process.kill()
        process.join()
    if outcome == "ok":
        return value
    if outcome == "error":
        message, reason = value
        raise DocumentError(message, reason=reason)
    if outcome == "memory":
        raise DocumentError(
            Text(
                'Reading "{name}" needed more memory than a document may take, and was '
                "stopped. The file may be damaged, or built to exhaust memory: open it in the "
                "program that made it and save it again.",
                name=name,
            ),
            reason="memory",
        )
    if outcome == "unreadable":
        raise _unreadable(name, OSError(value))
    if outcome == "died":
        value = Text("the reader stopped with exit code {code}", code=process.exitcode)
    raise DocumentError(
        Text('Reading "{name}" failed ({error}). The file may be damaged.', name=name, error=value),
        reason="failed",
    )


def extract(connection, kind: str, path: str, name: str) -> None:
    """The reading process: read one file, send back ``(outcome, value)``, end."""
    _limit_memory()
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise DocumentError(Text('"{name}" grew while it was read.', name=name))
        if kind == "pdf":
            result = pdf_text(data, name, MAX_CHARS)
        else:
            result = docx_text(data, name, MAX_CHARS), 0, 0
        del data
        connection.send(("ok", result))
    except DocumentError as error:
        connection.send(("error", (error.text, error.reason)))
    except MemoryError:
        connection.send(("memory", None))
    except OSError as error:
        connection.send(("unreadable", str(error.strerror or error)))
    except Exception as error:  # a parser's bug on a strange file: say so, do not hang
        connection.send(("failed", f"{type(error).__name__}: {error}"[:300]))
    finally:
        connection.close()


def _limit_memory() -> None:
    """On Linux, let this process take at most MEMORY_BYTES more address space."""
    if not sys.platform.startswith("linux"):
        return
    import resource

    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + MEMORY_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
