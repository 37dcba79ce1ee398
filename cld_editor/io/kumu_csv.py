"""Kumu spreadsheets as CSV (``.csv``): one sheet per file, read and written.

Kumu imports a map from an *elements* sheet (a ``Label`` column, with
``Type``, ``Description``, ``Tags``) and a *connections* sheet (``From``,
``To``, with ``Type``, ``Direction``, ``Label``...).  A ``.csv`` file here is
one such sheet, recognised by its header:

* a connections sheet (``From`` and ``To`` columns) gives the links, and the
  elements they name; the sign comes from a ``Sign``, ``Polarity``,
  ``Connection Type``, ``Type`` or ``Effect`` column (``+``, ``-``,
  ``positive``, ``opposite``...), a ``Delay`` column marks delays; a row with
  a ``From`` and an empty ``To`` is an element without links;
* an elements sheet (``Label`` but no ``From``/``To``) gives variables only.

Writing produces a connections sheet (``From, To, Type, Delay, Label,
Description, Confidence, Source, Proposed By``) with one row per link and one ``From``-only row per variable
without links.  CSV has no positions: a CSV import is laid out automatically.

Examples
--------
>>> sheet = "From,To,Type\\nJobs,Worklessness,-\\nWorklessness,Jobs,+\\n".encode()
>>> d = read(sheet).diagram
>>> sorted((d.variables[l.source].name, l.polarity) for l in d.links.values())
[('Jobs', '-'), ('Worklessness', '+')]
>>> sorted(l.polarity for l in read(write(d)).diagram.links.values())
['+', '-']
"""

from __future__ import annotations

import csv
import io

from ..core.diagram import Diagram
from ..core.errors import FileFormatError
from ..core.naming import name_key
from .build import DiagramBuilder, decode_text
from .evidence_notes import evidence_from_fields
from .kumu import sign_of, truthy
from .limits import check_count
from .result import ImportResult

SIGN_COLUMNS = ("sign", "polarity", "connection type", "type", "effect")


def read(data: bytes, source: str = "") -> ImportResult:
    """Read one Kumu sheet saved as CSV (comma, semicolon or tab separated)."""
    text = decode_text(data, source)
    if not text.strip():
        raise FileFormatError("the file is empty", source)
    first = text.lstrip("\ufeff").splitlines()[0]
    delimiter = max(",;\t", key=first.count)  # the header says how the sheet is separated
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise FileFormatError(f"not a readable CSV sheet ({exc})", source) from None
    check_count(len(rows), "rows", source)
    return read_sheets([[[unescape_cell(cell) for cell in row] for row in rows]], source)


def _kind(rows: list[list[str]]) -> str | None:
    header = [h.strip().casefold() for h in rows[0]] if rows else []
    if "from" in header and "to" in header:
        return "connections"
    if "label" in header or "name" in header:
        return "elements"
    return None


def read_sheets(sheets: list[list[list[str]]], source: str = "") -> ImportResult:
    """Build a diagram from Kumu sheets (each a list of rows, the first the header).

    Elements sheets are read first (names, descriptions, tags), then connections sheets.
    """
    kinds = [_kind(rows) for rows in sheets]
    if not any(kinds):
        raise FileFormatError("not a Kumu sheet: the first row needs From and To columns (connections) "
                              "or a Label column (elements)", source)
    b = DiagramBuilder("", source)
    for rows, kind in zip(sheets, kinds):
        if kind == "elements":
            _elements(b, rows)
    for rows, kind in zip(sheets, kinds):
        if kind == "connections":
            _connections(b, rows)
    if "connections" not in kinds:
        b.warn("an elements sheet has no connections: open the connections sheet for the links")
    return b.finish()


def _column(header: list[str]):
    def col(row: list[str], *names: str) -> str:
        for name in names:
            if name in header and header.index(name) < len(row):
                return str(row[header.index(name)]).strip()
        return ""
    return col


#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(text: str) -> str:
    """Quote a cell a spreadsheet would run as a formula (CSV injection).

    A lone sign stays as it is: it is a polarity, not a formula.  (Workbooks
    need none of this: their cells are written as text, never as formulas.)

    Examples
    --------
    >>> escape_cell("=1+2"), escape_cell("-"), escape_cell("Jobs")
    ("'=1+2", '-', 'Jobs')
    >>> all(unescape_cell(escape_cell(t)) == t for t in ("@risk", "'-0", "''=x"))
    True
    """
    # Quotes already in front are kept and one more added, so unescaping is exact.
    return "'" + text if _risky(text.lstrip("'")) else text


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell`."""
    return text[1:] if text.startswith("'") and _risky(text.lstrip("'")) else text


def _risky(text: str) -> bool:
    return len(text) > 1 and text.startswith(FORMULA_STARTS)


def _elements(b: DiagramBuilder, rows: list[list[str]]) -> None:
    col = _column([h.strip().casefold() for h in rows[0]])
    for row in rows[1:]:
        label = col(row, "label", "name")
        if not label:
            continue
        fields = {"notes": col(row, "description")}
        tags = col(row, "tags")
        if tags:
            fields["tags"] = tuple(t.strip() for t in tags.replace(";", "|").split("|") if t.strip())
        b.variable(name_key(" ".join(label.split())), label, **fields)


def _connections(b: DiagramBuilder, rows: list[list[str]]) -> None:
    col = _column([h.strip().casefold() for h in rows[0]])
    for row in rows[1:]:
        src, dst = col(row, "from"), col(row, "to")
        if not src:
            continue
        a = b.variable(name_key(" ".join(src.split())), src)
        if not dst:
            continue
        z = b.variable(name_key(" ".join(dst.split())), dst)
        sign = "?"
        for name in SIGN_COLUMNS:
            sign = sign_of(col(row, name))
            if sign != "?":
                break
        evidence = evidence_from_fields({key: col(row, key) for key in ("confidence", "source", "proposed by")})
        b.link(a, z, sign, delay=truthy(col(row, "delay")), label=col(row, "label"),
               notes=col(row, "description"), evidence=evidence)


def connection_rows(diagram: Diagram) -> list[list[str]]:
    """The connections sheet of ``diagram``: a header, a row per link, a From-only row per unlinked variable."""
    rows = [["From", "To", "Type", "Delay", "Label", "Description", "Confidence", "Source", "Proposed By"]]
    names = {vid: v.name for vid, v in diagram.variables.items()}
    linked = set()
    for link in diagram.links.values():
        linked.update((link.source, link.target))
        ev = link.evidence
        rows.append([names[link.source], names[link.target], link.polarity, "yes" if link.delay else "",
                     link.label, link.notes, ev.confidence or "", ev.source, ev.proposed_by])
    rows.extend([name] + [""] * (len(rows[0]) - 1) for vid, name in names.items() if vid not in linked)
    return rows


def write(diagram: Diagram) -> bytes:
    """Return a Kumu connections sheet for ``diagram``."""
    out = io.StringIO()
    rows = [[escape_cell(cell) for cell in row] for row in connection_rows(diagram)]
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")
