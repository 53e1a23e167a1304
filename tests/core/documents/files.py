"""Real files to attach, built by the tests: PDFs with and without a text layer, Word
documents, and hostile files of each kind."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import docx
from pypdf import PdfReader, PdfWriter


def pdf_with_text(pages: list[str]) -> bytes:
    """A PDF whose pages draw ``pages`` as text in Helvetica: a real text layer, as a word
    processor writes one. Each page's text is one line of Latin-1."""
    out = io.BytesIO()
    offsets: dict[int, int] = {}

    def put(number: int, body: bytes) -> None:
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    font = 3 + 2 * len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    put(2, f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, text in enumerate(pages):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        content = b"BT /F1 12 Tf 72 720 Td (" + escaped.encode("latin-1") + b") Tj ET"
        put(
            3 + 2 * index,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * index),
        )
        put(4 + 2 * index, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    put(font, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (font + 1))
    for number in range(1, font + 1):
        out.write(b"%010d 00000 n \n" % offsets[number])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (font + 1, xref))
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """A PDF whose pages are images only, as a scanner writes them: no text layer."""
    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(612, 792)
        image = writer._add_object(_gray_image())
        page[_name("/Resources")] = _dictionary({"/XObject": _dictionary({"/Im0": image})})
        content = _stream(b"q 612 0 0 792 0 0 cm /Im0 Do Q")
        page[_name("/Contents")] = writer._add_object(content)
    return _written(writer)


def encrypted_pdf(text: str, password: str = "secret", user_password: str | None = None) -> bytes:
    """``pdf_with_text([text])`` encrypted with AES-256: ``user_password`` opens it (None:
    the same as ``password``; "": anyone may open it, as with PDFs that only forbid
    printing)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text([text]))))
    user = password if user_password is None else user_password
    writer.encrypt(user_password=user, owner_password=password, algorithm="AES-256")
    return _written(writer)


def pdf_bomb(inflated: int = 400 * 1024 * 1024) -> bytes:
    """A one-page PDF (with a font, so a reader decodes its page) whose content stream is a
    few hundred kilobytes of Flate that inflate to ``inflated`` bytes."""
    squeezer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    packed = b"".join(squeezer.compress(chunk) for _ in range(inflated // len(chunk)))
    packed += squeezer.flush()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text(["bomb"]))))
    content = _stream(packed, {"/Filter": _name("/FlateDecode")})
    writer.pages[0][_name("/Contents")] = writer._add_object(content)
    return _written(writer)


def word_document(path: Path) -> Path:
    """A real .docx written by python-docx: a heading, paragraphs, a list and a table."""
    document = docx.Document()
    document.add_heading("Quarterly report", level=1)
    paragraph = document.add_paragraph("Sales grew by ")
    paragraph.add_run("12 percent").bold = True
    paragraph.add_run(" in the third quarter.")
    document.add_paragraph("Costs stayed flat", style="List Bullet")
    document.add_paragraph("Hiring resumes in May", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("Region", "Growth"), ("North", "15%"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_paragraph("合计：两个地区。")
    document.save(path)
    return path


def docx_package(document_xml: bytes, **parts: bytes) -> bytes:
    """A .docx package of our own making: the main part and any others, by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            "/></Types>",
        )
        package.writestr("word/document.xml", document_xml)
        for name, data in parts.items():
            package.writestr(name.replace("__", "/"), data)
    return out.getvalue()


def zip_bomb_docx(inflated: int = 256 * 1024 * 1024) -> bytes:
    """A .docx whose main part inflates to ``inflated`` bytes (about 1/1000 of that
    packed): written as a stream, so building it costs no memory."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package,
        package.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        chunk = b"<w:t>" + b"a" * (1024 * 1024 - 11) + b"</w:t>"
        for _ in range(inflated // len(chunk)):
            part.write(chunk)
    return out.getvalue()


def _gray_image():
    pixels = bytes(range(256)) * 64
    return _stream(
        zlib.compress(pixels),
        {
            "/Type": _name("/XObject"),
            "/Subtype": _name("/Image"),
            "/Width": _number(128),
            "/Height": _number(128),
            "/ColorSpace": _name("/DeviceGray"),
            "/BitsPerComponent": _number(8),
            "/Filter": _name("/FlateDecode"),
        },
    )


def _stream(data: bytes, fields: dict | None = None):
    from pypdf.generic import StreamObject

    stream = StreamObject()
    stream._data = data
    for key, value in (fields or {}).items():
        stream[_name(key)] = value
    return stream


def _dictionary(fields: dict):
    from pypdf.generic import DictionaryObject

    return DictionaryObject({_name(key): value for key, value in fields.items()})


def _name(name: str):
    from pypdf.generic import NameObject

    return NameObject(name)


def _number(value: int):
    from pypdf.generic import NumberObject

    return NumberObject(value)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
