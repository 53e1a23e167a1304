"""Reading files to attach, each kind from a real file, and hostile files within bounds."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import zipfile

import pytest

from llamadesk.core.documents import MAX_CHARS, Attachment, read_document
from llamadesk.core.errors import DocumentError
from tests.core.documents import files

QUICK = 10.0  # seconds: a hostile file must be refused well within this


def refused(path, **kwargs) -> DocumentError:
    started = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        read_document(path, **kwargs)
    assert time.monotonic() - started < QUICK
    assert path.name in str(caught.value)
    assert not multiprocessing.active_children()  # no reading process is left behind
    return caught.value


# ---------------------------------------------------------------------- text


@pytest.mark.parametrize(
    ("name", "kind"),
    [("notes.txt", "text"), ("README.md", "markdown"), ("main.py", "code"), ("data.xyz", "text")],
)
def test_text_markdown_code_and_any_utf8_file(tmp_path, name, kind):
    path = tmp_path / name
    path.write_bytes("line one\r\nline two ✓\rthree\n".encode())
    attachment = read_document(path)
    assert attachment == Attachment(
        name, kind, "line one\nline two ✓\nthree\n", path.stat().st_size
    )


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Café crème brûlée, à la carte. Ça va très bien, merci beaucoup !", "cp1252"),
        ("你好，世界。这是一个用中文写的文本文件，它使用的是国标编码，不是 UTF-8。", "gb18030"),
        ("Hello in UTF-16 with its byte-order mark: ü ✓", "utf-16"),
        ("UTF-8 with a byte-order mark, as Notepad writes it: ü", "utf-8-sig"),
    ],
)
def test_text_in_other_encodings_is_read(tmp_path, text, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert read_document(path).text == text


def test_a_binary_file_is_not_text(tmp_path):
    path = tmp_path / "program.bin"
    path.write_bytes(bytes(range(256)) * 40)
    error = refused(path)
    assert error.reason == "binary" and "not a text file" in str(error)


def test_control_characters_make_a_file_binary_even_without_nul(tmp_path):
    path = tmp_path / "packed.dat"
    path.write_bytes(b"abc\x01\x02\x03\x04" * 500)
    assert refused(path).reason == "binary"


def test_images_and_old_word_documents_say_what_to_do(tmp_path):
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert "is an image" in str(refused(image))
    old = tmp_path / "letter.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    error = refused(old)
    assert error.reason == "old_format" and ".docx or PDF" in str(error)


def test_empty_files_folders_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n")
    assert refused(tmp_path / "empty.txt").reason == "empty"
    (tmp_path / "folder").mkdir()
    assert "is a folder" in str(refused(tmp_path / "folder"))
    assert refused(tmp_path / "gone.txt").reason == "unreadable"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # opening it would wait for a writer for good
    assert "not a regular file" in str(refused(fifo))


@pytest.mark.parametrize("name", ["huge.txt", "huge.pdf", "huge.docx"])
def test_a_2_gb_file_is_refused_unread(tmp_path, name):
    path = tmp_path / name
    with path.open("wb") as file:  # sparse: costs no disk
        file.truncate(2 * 1024**3)
    error = refused(path)
    assert error.reason == "too_large" and "2 GiB" in str(error)


def test_text_longer_than_a_document_may_be_is_refused(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("a" * (MAX_CHARS + 1))
    error = refused(path)
    assert error.reason == "too_large" and "Attach the part you need" in str(error)


# ---------------------------------------------------------------------- PDF


def test_a_pdf_text_layer_is_read_page_by_page(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(files.pdf_with_text(["Sales grew (a lot).", "Costs stayed flat."]))
    attachment = read_document(path)
    assert attachment.kind == "pdf" and attachment.pages == 2 and attachment.blank_pages == 0
    assert attachment.text == "[Page 1]\nSales grew (a lot).\n\n[Page 2]\nCosts stayed flat.\n"


def test_a_pdf_without_a_text_layer_says_so(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(files.scanned_pdf())
    error = refused(path)
    assert error.reason == "no_text_layer"
    assert "has no text layer" in str(error) and "cannot read text from images" in str(error)
    assert "OCR" in str(error)


def test_pages_without_text_are_counted(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in (files.pdf_with_text(["Typed page"]), files.scanned_pdf(1)):
        writer.append(PdfReader(__import__("io").BytesIO(data)))
    path = tmp_path / "mixed.pdf"
    writer.write(path)
    attachment = read_document(path)
    assert (attachment.pages, attachment.blank_pages) == (2, 1)
    assert attachment.text == "[Page 1]\nTyped page\n"


def test_an_encrypted_pdf_says_so_and_one_without_a_password_is_read(tmp_path):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(files.encrypted_pdf("Secret words"))
    error = refused(locked)
    assert error.reason == "encrypted" and "password" in str(error)
    printable = tmp_path / "no-printing.pdf"
    printable.write_bytes(files.encrypted_pdf("Open words", user_password=""))
    assert read_document(printable).text == "Open words\n"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\nthis is not a PDF at all\n",
        files.pdf_with_text(["cut short"])[:200],
        b"%PDF-1.4\n" + os.urandom(4000),
    ],
)
def test_a_damaged_pdf_says_so(tmp_path, data):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    error = refused(path)
    assert error.reason == "invalid" and "cannot be read as a PDF" in str(error)


def test_a_pdf_bomb_ends_quickly(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(files.pdf_bomb())  # 400 kB that inflate to 400 MB
    error = refused(path)
    assert error.reason == "invalid" and "inflates" in str(error)


def test_reading_that_takes_too_long_is_stopped(tmp_path):
    path = tmp_path / "slow.pdf"
    path.write_bytes(files.pdf_with_text(["anything"]))
    error = refused(path, seconds=0.01)  # less than a process takes to start
    assert error.reason == "timeout" and "took more than" in str(error)


def test_cancel_stops_a_read(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(files.pdf_with_text(["anything"]))
    cancel = threading.Event()
    cancel.set()
    assert refused(path, cancel=cancel).reason == "cancelled"


# ---------------------------------------------------------------------- Word


def test_a_word_document_is_read_with_headings_lists_and_tables(tmp_path):
    path = files.word_document(tmp_path / "report.docx")
    attachment = read_document(path)
    assert attachment.kind == "docx"
    assert attachment.text == (
        "# Quarterly report\n"
        "Sales grew by 12 percent in the third quarter.\n"
        "- Costs stayed flat\n"
        "- Hiring resumes in May\n"
        "\n"
        "| Region | Growth |\n"
        "| North | 15% |\n"
        "\n"
        "合计：两个地区。\n"
    )


def test_tracked_deletions_field_codes_and_fallbacks_are_left_out(tmp_path):
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    body = (
        f"<w:document {w} {mc}><w:body><w:p>"
        "<w:r><w:t>kept</w:t></w:r><w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:tab/><w:t>after tab</w:t></w:r>"
        "<mc:AlternateContent><mc:Choice><w:r><w:t> once</w:t></w:r></mc:Choice>"
        "<mc:Fallback><w:r><w:t> twice</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        "</w:p></w:body></w:document>"
    )
    path = tmp_path / "tracked.docx"
    path.write_bytes(files.docx_package(body.encode()))
    assert read_document(path).text == "kept\tafter tab once\n"


def test_a_file_that_is_not_a_word_document_says_so(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    error = refused(path)
    assert error.reason == "invalid" and "not a valid Word document" in str(error)
    empty_zip = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty_zip, "w") as package:
        package.writestr("readme.txt", "no document here")
    assert "no document part" in str(refused(empty_zip))
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(files.docx_package(b"<w:document><w:body><w:p>"))
    assert "XML is damaged" in str(refused(damaged))


def test_a_password_protected_word_document_says_so(tmp_path):
    path = tmp_path / "secret.docx"  # Word encrypts a .docx into an OLE compound file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    error = refused(path)
    assert error.reason == "encrypted" and "password" in str(error)


def test_entity_expansion_is_refused_unread(tmp_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">'
            % ((ord("a") + i + 1,) + (ord("a") + i,) * 10)
            for i in range(9)
        )
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = tmp_path / "laughs.docx"
    path.write_bytes(files.docx_package(laughs))
    assert "document type declaration" in str(refused(path))


def test_a_zip_bomb_ends_quickly(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(files.zip_bomb_docx())  # 300 kB that inflate to 256 MiB
    assert path.stat().st_size < 1024 * 1024
    assert refused(path).reason == "invalid"


def test_a_zip_bomb_that_lies_about_its_size_ends_quickly(tmp_path):
    data = bytearray(files.zip_bomb_docx(64 * 1024 * 1024))
    with zipfile.ZipFile(__import__("io").BytesIO(bytes(data))) as package:
        info = package.getinfo("word/document.xml")
    # Say, in the central directory, that the part inflates to 1 MB: a reader that trusts
    # it reads 1 MB, then finds the checksum wrong.
    index = data.rfind(b"PK\x01\x02")
    data[index + 24 : index + 28] = (1024 * 1024).to_bytes(4, "little")
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(data))
    assert info.file_size > 1024 * 1024
    assert refused(path).reason == "invalid"
