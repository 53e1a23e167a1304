"""Word documents (.docx): the text of the main document part, read with the standard library.

A .docx file is a ZIP package of XML parts. The main part (named by the package's
relationships, usually ``word/document.xml``) is read as a stream of XML events into plain
text: paragraphs as lines, headings as Markdown headings (``#``), list items as ``- ``,
tables as rows of ``| cell | cell |``, tabs and line breaks as they are. Deleted text of
tracked changes, field codes and the fallback copies of text boxes are left out.

The package comes from a stranger, so it is read within bounds: at most
:data:`MAX_PART_BYTES` of any part however well it compresses (a ZIP bomb stops there:
the ZIP reader never inflates more than a member's stated size, and checks it), and XML
with a document type declaration is refused unread (no entity can expand).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import ParseError, XMLPullParser

from llamadesk.core.documents.pdf import too_long
from llamadesk.core.errors import DocumentError
from llamadesk.core.texts import Text

MAX_PART_BYTES = 128 * 1024 * 1024
CHUNK = 1024 * 1024
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOCUMENT = "/officeDocument"
_HEADING = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def docx_text(data: bytes, name: str, max_chars: int) -> str:
    """The text of a .docx file; DocumentError when it is not one, is damaged, or holds more
    than ``max_chars`` characters."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _invalid(name, Text("it is not a ZIP package")) from error
    with package:
        main = _main_part(package, name)
        styles = _style_names(package, posixpath.join(posixpath.dirname(main), "styles.xml"))
        return _Reader(name, styles, max_chars).read(_part(package, main, name))


class _Reader:
    """The main part's XML events, turned into text."""

    def __init__(self, name: str, styles: dict[str, str], max_chars: int) -> None:
        self.name, self.styles, self.max_chars = name, styles, max_chars
        self.lines: list[str] = []
        self.chars = 0
        self.paragraphs: list[dict] = []  # open paragraphs, innermost last
        self.tables: list[list[list[str]]] = []  # open tables: rows of cells' texts
        self.cells: list[list[str]] = []  # open cells: their paragraphs
        self.skipping = 0  # inside parts whose text is left out

    def read(self, xml: bytes) -> str:
        if _DECLARATION.search(xml):
            raise _invalid(self.name, Text("it holds a document type declaration"))
        parser = XMLPullParser(events=("start", "end"))
        try:
            for offset in range(0, len(xml), CHUNK):
                parser.feed(xml[offset : offset + CHUNK])
                self._events(parser)
            parser.close()
            self._events(parser)
        except ParseError as error:
            line, column = error.position
            problem = Text(
                "its XML is damaged at line {line}, column {column}", line=line, column=column
            )
            raise _invalid(self.name, problem) from error
        text = "\n".join(self.lines).strip("\n")
        return text + "\n" if text else ""

    def _events(self, parser: XMLPullParser) -> None:
        for event, element in parser.read_events():
            tag = element.tag
            if tag == _FALLBACK or tag in (_W + "delText", _W + "instrText"):
                self.skipping += 1 if event == "start" else -1
                if event == "end":
                    element.clear()
                continue
            if self.skipping:
                continue
            if event == "start":
                self._start(tag, element)
            else:
                self._end(tag, element)

    def _start(self, tag: str, element) -> None:
        if tag == _W + "p":
            self.paragraphs.append({"runs": [], "prefix": ""})
        elif tag == _W + "tbl":
            self.tables.append([])
        elif tag == _W + "tr" and self.tables:
            self.tables[-1].append([])
        elif tag == _W + "tc":
            self.cells.append([])
        elif not self.paragraphs:
            return
        elif tag == _W + "tab":
            self.paragraphs[-1]["runs"].append("\t")
        elif tag in (_W + "br", _W + "cr"):
            self.paragraphs[-1]["runs"].append("\n")
        elif tag == _W + "noBreakHyphen":
            self.paragraphs[-1]["runs"].append("-")
        elif tag == _W + "pStyle":
            self.paragraphs[-1]["prefix"] = self._style_prefix(element.get(_W + "val", ""))
        elif tag == _W + "outlineLvl":
            level = element.get(_W + "val", "")
            if level.isdigit() and int(level) < 9:
                self.paragraphs[-1]["prefix"] = "#" * (int(level) + 1) + " "
        elif tag == _W + "numPr" and not self.paragraphs[-1]["prefix"]:
            self.paragraphs[-1]["prefix"] = "- "

    def _end(self, tag: str, element) -> None:
        if tag == _W + "t" and self.paragraphs:
            self.paragraphs[-1]["runs"].append(element.text or "")
        elif tag == _W + "p" and self.paragraphs:
            paragraph = self.paragraphs.pop()
            text = "".join(paragraph["runs"]).strip()
            if self.cells:
                if text:
                    self.cells[-1].append(text)
            else:
                self._add(paragraph["prefix"] + text if text else "")
            element.clear()
        elif tag == _W + "tc" and self.cells:
            cell = " ".join(self.cells.pop()).replace("\n", " ").replace("|", "\\|")
            if self.tables and self.tables[-1]:
                self.tables[-1][-1].append(cell)
        elif tag == _W + "tbl" and self.tables:
            rows = ["| " + " | ".join(row) + " |" for row in self.tables.pop() if row]
            if self.cells:  # a table inside a cell: its rows become the cell's text
                self.cells[-1].extend(rows)
            else:
                self._add("")
                for row in rows:
                    self._add(row)
                self._add("")
            element.clear()

    def _style_prefix(self, style_id: str) -> str:
        name = self.styles.get(style_id, style_id).lower()
        if name == "title":
            return "# "
        heading = _HEADING.match(name)
        if heading:
            return "#" * int(heading.group(1)) + " "
        if name.startswith("list"):
            return "- "
        return ""

    def _add(self, line: str) -> None:
        if not line and (not self.lines or not self.lines[-1]):
            return  # one empty line at most between paragraphs
        self.chars += len(line) + 1
        if self.chars > self.max_chars:
            raise too_long(self.name, self.max_chars)
        self.lines.append(line)


def _main_part(package: zipfile.ZipFile, name: str) -> str:
    """The main document part's name in the package, from its relationships."""
    names = set(package.namelist())
    if "_rels/.rels" in names:
        try:
            root = _xml_root(_part(package, "_rels/.rels", name))
        except ParseError:
            root = None
        for relation in [] if root is None else root.iter(_RELATIONSHIPS):
            if relation.get("Type", "").endswith(_OFFICE_DOCUMENT):
                target = posixpath.normpath(relation.get("Target", "").lstrip("/"))
                if target in names:
                    return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise _invalid(name, Text("it has no document part"))


def _style_names(package: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Style ids to style names ("Heading1" or, in a Chinese Word, "1" -> "heading 1")."""
    if part not in package.namelist():
        return {}
    try:
        root = _xml_root(_part(package, part, ""))
    except (ParseError, DocumentError):
        return {}  # without styles, headings are plain paragraphs
    names = {}
    for style in root.iter(_W + "style"):
        label = style.find(_W + "name")
        if label is not None:
            names[style.get(_W + "styleId", "")] = label.get(_W + "val", "")
    return names


def _xml_root(xml: bytes):
    if _DECLARATION.search(xml):
        raise ParseError("a document type declaration")
    parser = XMLPullParser(events=("end",))
    parser.feed(xml)
    parser.close()
    root = None
    for _, element in parser.read_events():
        root = element
    return root


def _part(package: zipfile.ZipFile, part: str, name: str) -> bytes:
    """A part's bytes: at most MAX_PART_BYTES, however far it would inflate."""
    try:
        info = package.getinfo(part)
        if info.file_size > MAX_PART_BYTES:
            raise _invalid(name, Text("one of its parts is larger than a document may be"))
        with package.open(info) as member:
            data = member.read(MAX_PART_BYTES + 1)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as error:
        raise _invalid(name, Text("its ZIP package is damaged")) from error
    except (NotImplementedError, RuntimeError) as error:  # encrypted members, odd compression
        raise _invalid(
            name, Text("it uses a compression or encryption LlamaDesk cannot read")
        ) from error
    if len(data) > MAX_PART_BYTES:
        raise _invalid(name, Text("one of its parts is larger than a document may be"))
    return data


def _invalid(name: str, problem: Text) -> DocumentError:
    return DocumentError(
        Text(
            '"{name}" is not a valid Word document ({problem}). Open it in Word or LibreOffice '
            "and save it again as .docx (or as PDF), then attach that.",
            name=name,
            problem=problem,
        ),
        reason="invalid",
    )
