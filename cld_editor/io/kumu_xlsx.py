"""Kumu workbooks (``.xlsx``): an *Elements* and a *Connections* sheet, read and written.

Kumu's import template is a spreadsheet with those two sheets (see
:mod:`.kumu_csv` for the columns).  An ``.xlsx`` file is a zip of XML parts;
it is read with :mod:`zipfile` and the project's safe XML parser (no
entities, bounded sizes), so no spreadsheet library is needed.  Every sheet
whose header row looks like an elements or a connections sheet is used;
formulas count by their saved values; formatting is ignored.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram()
>>> a = d.new_variable("Jobs"); b = d.new_variable("Work, paid")
>>> _ = d.new_link(a.id, b.id, "-", delay=True)
>>> back = read(write(d)).diagram
>>> [(back.variables[l.source].name, back.variables[l.target].name, l.polarity, l.delay)
...  for l in back.links.values()]
[('Jobs', 'Work, paid', '-', True)]
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.sax.saxutils import escape

from ..core.diagram import Diagram
from ..core.errors import FileFormatError
from .kumu_csv import connection_rows, read_sheets
from .limits import MAX_FILE_BYTES
from .result import ImportResult
from .safe_xml import local_name, parse_xml

MAX_PARTS = 500
_CELL = re.compile(r"^([A-Z]+)(\d+)$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _part(zf: zipfile.ZipFile, name: str, source: str) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_FILE_BYTES:
        raise FileFormatError(f"the part {name} unpacks to more than the size limit", source)
    with zf.open(info) as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(f"the part {name} unpacks to more than the size limit", source)
    return data


def _texts(elem) -> str:
    return "".join(t.text or "" for t in elem.iter() if local_name(t.tag) == "t")


def _column_index(ref: str) -> int:
    match = _CELL.match(ref or "")
    if not match:
        return -1
    index = 0
    for ch in match.group(1):
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def _sheet_rows(root, shared: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in (r for r in root.iter() if local_name(r.tag) == "row"):
        cells: list[str] = []
        for cell in (c for c in row if local_name(c.tag) == "c"):
            kind = cell.get("t", "n")
            value_elem = next((v for v in cell if local_name(v.tag) == "v"), None)
            raw = (value_elem.text or "") if value_elem is not None else ""
            if kind == "s":
                try:
                    text = shared[int(raw)]
                except (ValueError, IndexError):
                    text = ""
            elif kind == "inlineStr":
                text = _texts(cell)
            elif kind == "b":
                text = "TRUE" if raw.strip() == "1" else "FALSE"
            else:
                text = raw[:-2] if raw.endswith(".0") else raw
            index = _column_index(cell.get("r", ""))
            if index < 0:
                index = len(cells)
            if index >= 16384:
                continue
            cells.extend([""] * (index + 1 - len(cells)))
            cells[index] = text
        rows.append(cells)
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)  # blank lines above the header
    return rows


def read(data: bytes, source: str = "") -> ImportResult:
    """Read a Kumu workbook (.xlsx)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, NotImplementedError, OSError, EOFError):
        # NotImplementedError: a damaged header claiming a zip version Python does not know
        raise FileFormatError("not an .xlsx workbook (not a zip archive)", source,
                              "the file may be truncated; save it again from the spreadsheet program") from None
    with zf:
        if len(zf.infolist()) > MAX_PARTS:
            raise FileFormatError("the workbook has too many parts", source)
        try:
            workbook = _part(zf, "xl/workbook.xml", source)
            rels = _part(zf, "xl/_rels/workbook.xml.rels", source)
            if workbook is None or rels is None:
                raise FileFormatError("not an .xlsx workbook (no xl/workbook.xml)", source)
            targets = {r.get("Id"): r.get("Target", "") for r in parse_xml(rels, source).iter()
                       if local_name(r.tag) == "Relationship"}
            strings_xml = _part(zf, "xl/sharedStrings.xml", source)
            shared = [] if strings_xml is None else [
                _texts(si) for si in parse_xml(strings_xml, source) if local_name(si.tag) == "si"]
            sheets = []
            for sheet in (s for s in parse_xml(workbook, source).iter() if local_name(s.tag) == "sheet"):
                rid = next((v for k, v in sheet.attrib.items() if local_name(k) == "id"), None)
                target = targets.get(rid, "")
                path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                part = _part(zf, path, source)
                if part is not None:
                    sheets.append(_sheet_rows(parse_xml(part, source), shared))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, NotImplementedError,
                RuntimeError, ValueError) as exc:
            # zlib.error: damaged deflate data; RuntimeError: an encrypted part; ValueError: offsets that point
            # outside the archive (zipfile seeks to them)
            raise FileFormatError(f"the workbook is damaged ({exc})", source) from None
    return read_sheets([rows for rows in sheets if rows], source)


# ----------------------------------------------------------------- write
def _cell_ref(col: int, row: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row}"


def _sheet_xml(rows: list[list[str]]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(row):
            if value == "":
                continue
            text = escape(_ILLEGAL.sub("", str(value)))
            out.append(f'<c r="{_cell_ref(c, r)}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Elements" sheetId="1" r:id="rId1"/><sheet name="Connections" sheetId="2" r:id="rId2"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf/></cellStyleXfs>
<cellXfs count="1"><xf xfId="0"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def write(diagram: Diagram) -> bytes:
    """Return a Kumu workbook: an Elements sheet and a Connections sheet."""
    elements = [["Label", "Type", "Description", "Tags"]]
    elements.extend([v.name, v.kind.capitalize(), v.notes, " | ".join(v.tags)] for v in diagram.variables.values())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        zf.writestr("xl/worksheets/sheet1.xml", _sheet_xml(elements))
        zf.writestr("xl/worksheets/sheet2.xml", _sheet_xml(connection_rows(diagram)))
    return buffer.getvalue()
