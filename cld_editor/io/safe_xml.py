"""Safe XML parsing for every XML-based format (XMILE, GraphML, ...): use :func:`parse_xml`.

Readers of XML formats must call :func:`parse_xml` on the file's bytes instead
of ``xml.etree.ElementTree.fromstring``/``parse``, ``minidom`` or ``lxml``.
It returns an ordinary :class:`xml.etree.ElementTree.Element` (namespaced tags
read ``{uri}local`` exactly as ElementTree writes them), so ``find``,
``findall``, ``iter`` and ``get`` work as usual, and it guarantees that a file
from a stranger cannot:

* expand entities (no "billion laughs" bomb): any ``<!DOCTYPE`` or
  ``<!ENTITY`` declaration is refused before it is used;
* read other files or reach the network: external entities and external DTDs
  are never fetched (expat's parameter-entity parsing is off and the external
  entity handler refuses);
* exhaust memory or the stack: the document size, the element count
  (:data:`~cld_editor.io.limits.MAX_XML_NODES`), the nesting depth
  (:data:`~cld_editor.io.limits.MAX_DEPTH`) and the length of each text and
  attribute (:data:`~cld_editor.io.limits.MAX_STRING`) are bounded.

Every refusal and every syntax error is a
:class:`~cld_editor.core.errors.FileFormatError` naming the line and column.

Examples
--------
>>> root = parse_xml(b'<xmile xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">'
...                  b'<model><aux name="Jobs"/></model></xmile>')
>>> root.tag
'{http://docs.oasis-open.org/xmile/ns/XMILE/v1.0}xmile'
>>> [aux.get("name") for aux in root.iter("{http://docs.oasis-open.org/xmile/ns/XMILE/v1.0}aux")]
['Jobs']
>>> parse_xml(b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "bomb.xmile")
Traceback (most recent call last):
...
cld_editor.core.errors.FileFormatError: bomb.xmile: line 1, column 12: the file declares a DOCTYPE, which diagram files never need (DOCTYPE and ENTITY declarations are refused for safety)
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from ..core.errors import FileFormatError
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_STRING, MAX_XML_NODES

__all__ = ["parse_xml", "local_name"]

_REFUSAL_HINT = "DOCTYPE and ENTITY declarations are refused for safety"


class _Refused(Exception):
    """Raised inside an expat handler; carries the message out of Parse()."""

    def __init__(self, what: str, hint: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.hint = hint


def _name(raw: str) -> str:
    # expat with namespace_separator " " reports "uri local"; ElementTree writes "{uri}local".
    if " " in raw:
        uri, local = raw.split(" ", 1)
        return f"{{{uri}}}{local}"
    return raw


def local_name(tag: str) -> str:
    """Return a tag without its namespace.

    Examples
    --------
    >>> local_name("{http://graphml.graphdrawing.org/xmlns}node"), local_name("node")
    ('node', 'node')
    """
    return tag.rsplit("}", 1)[-1]


class _Builder:
    """Feeds expat events into a TreeBuilder while counting nodes, depth and text."""

    def __init__(self, max_depth: int, max_nodes: int, max_text: int) -> None:
        self.tree = TreeBuilder()
        self.depth = 0
        self.nodes = 0
        self.text = 0
        self.max_depth, self.max_nodes, self.max_text = max_depth, max_nodes, max_text

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        self.nodes += 1
        self.text = 0
        if self.depth > self.max_depth:
            raise _Refused(f"elements are nested more than {self.max_depth} levels deep")
        if self.nodes > self.max_nodes:
            raise _Refused(f"more than {self.max_nodes} elements")
        clean: dict[str, str] = {}
        for key, value in attrs.items():
            if len(value) > self.max_text:
                raise _Refused(f"an attribute of {len(value)} characters is longer than the limit of {self.max_text}")
            clean[_name(key)] = value
        self.tree.start(_name(tag), clean)

    def end(self, tag: str) -> None:
        self.depth -= 1
        self.text = 0
        self.tree.end(_name(tag))

    def data(self, text: str) -> None:
        self.text += len(text)
        if self.text > self.max_text:
            raise _Refused(f"a text longer than the limit of {self.max_text} characters")
        self.tree.data(text)


def _refuse_doctype(*_: Any) -> None:
    raise _Refused("the file declares a DOCTYPE, which diagram files never need", _REFUSAL_HINT)


def _refuse_entity(*_: Any) -> None:
    raise _Refused("the file declares an ENTITY, which diagram files never need", _REFUSAL_HINT)


def _refuse_external(*_: Any) -> int:
    raise _Refused("the file refers to an external entity; other files and the network are never read")


def parse_xml(
    data: bytes,
    source: str = "",
    *,
    max_bytes: int = MAX_FILE_BYTES,
    max_depth: int = MAX_DEPTH,
    max_nodes: int = MAX_XML_NODES,
    max_text: int = MAX_STRING,
) -> Element:
    """Parse an XML document safely and return its root element.

    Parameters
    ----------
    data : bytes
        The whole document; its encoding comes from the XML declaration
        (UTF-8 when there is none).
    source : str
        The file name, put in front of every error message's place.
    max_bytes, max_depth, max_nodes, max_text : int
        Limits (defaults from :mod:`cld_editor.io.limits`).

    Returns
    -------
    xml.etree.ElementTree.Element
        The root; comments and processing instructions are dropped.

    Raises
    ------
    FileFormatError
        Malformed XML, a DOCTYPE/ENTITY declaration, an external entity, or a
        limit exceeded; the message gives the line and column.

    Examples
    --------
    >>> parse_xml(b"<a><b>1</b>", "x.graphml")
    Traceback (most recent call last):
    ...
    cld_editor.core.errors.FileFormatError: x.graphml: line 1, column 11: not well-formed XML: no element found (is the file complete and really XML?)
    >>> parse_xml(b"<a>" * 100)
    Traceback (most recent call last):
    ...
    cld_editor.core.errors.FileFormatError: line 1, column 195: elements are nested more than 64 levels deep
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise FileFormatError(f"{len(data)} bytes is more than the {max_bytes // 2**20} MiB limit", source)
    builder = _Builder(max_depth, max_nodes, max_text)
    parser = expat.ParserCreate(namespace_separator=" ")
    # Never load an external DTD or parameter entity, whatever the document says.
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ExternalEntityRefHandler = _refuse_external
    try:
        parser.Parse(data, True)
        return builder.tree.close()
    except _Refused as exc:
        where = _position(parser, source)
        raise FileFormatError(exc.what, where, exc.hint) from None
    except expat.ExpatError as exc:
        where = _position(parser, source, exc.lineno, exc.offset)
        reason = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise FileFormatError(f"not well-formed XML: {reason}", where,
                              "is the file complete and really XML?") from None
    except (ValueError, LookupError) as exc:
        # An unknown encoding in the XML declaration, or a bad byte for it.
        raise FileFormatError(f"cannot decode the XML: {exc}", source) from None
    except RecursionError:
        raise FileFormatError(f"nested more than {max_depth} levels deep", source) from None
    finally:
        # Break the reference cycle parser -> handlers -> builder.
        parser.StartElementHandler = parser.EndElementHandler = parser.CharacterDataHandler = None


def _position(parser: Any, source: str, line: int | None = None, column: int | None = None) -> str:
    line = parser.CurrentLineNumber if line is None else line
    column = parser.CurrentColumnNumber if column is None else column
    place = f"line {line}, column {column}"
    return f"{source}: {place}" if source else place
