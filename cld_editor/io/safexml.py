"""Parse XML from a file without ever expanding entities or reading anything else.

A file that declares a document type or an entity (``<!DOCTYPE``,
``<!ENTITY``) is refused before parsing: that is how entity bombs ("billion
laughs") and external entities (``SYSTEM "file:///etc/passwd"``) work, and no
diagram format we read needs them.  The parser itself is also told never to
parse parameter entities and to refuse any declaration it meets.

Examples
--------
>>> parse_xml(b"<a><b x='1'/></a>").find("b").get("x")
'1'
>>> parse_xml(b'<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;</a>')
Traceback (most recent call last):
...
cld_editor.core.errors.FileFormatError: the file declares a document type or entities, which are refused for safety (save it again without a DOCTYPE)
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat

from ..core.errors import FileFormatError

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_declarations(data: bytes, source: str = "") -> None:
    """Raise :class:`FileFormatError` if ``data`` declares a DOCTYPE or an ENTITY (in any encoding we read)."""
    probes = [data]
    for codec in ("utf-16", "utf-32"):
        if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                probes.append(data.decode(codec).encode("utf-8"))
            except UnicodeDecodeError:
                pass
    if any(_DECLARATION.search(p) for p in probes):
        raise FileFormatError("the file declares a document type or entities, which are refused for safety",
                              source, "save it again without a DOCTYPE")


def _refuse(*_args) -> None:
    raise FileFormatError("the file declares entities, which are refused for safety")


def _qualified(name: str) -> str:
    return "{" + name.replace("}", "}", 1) if "}" in name else name


def parse_xml(data: bytes, source: str = "") -> ET.Element:
    """Parse ``data`` into an element tree, safely; every failure is a :class:`FileFormatError`."""
    refuse_declarations(data, source)
    builder = ET.TreeBuilder()
    raw = expat.ParserCreate(namespace_separator="}")
    raw.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    raw.EntityDeclHandler = _refuse
    raw.StartDoctypeDeclHandler = _refuse
    raw.ExternalEntityRefHandler = _refuse
    raw.buffer_text = True
    raw.ordered_attributes = False
    raw.StartElementHandler = lambda tag, attrs: builder.start(
        _qualified(tag), {_qualified(k): v for k, v in attrs.items()})
    raw.EndElementHandler = lambda tag: builder.end(_qualified(tag))
    raw.CharacterDataHandler = builder.data
    try:
        raw.Parse(data, True)
        return builder.close()
    except expat.ExpatError as exc:
        where = f"line {exc.lineno}, column {exc.offset}"
        raise FileFormatError(f"not well-formed XML ({expat.ErrorString(exc.code)})",
                              f"{source}: {where}" if source else where,
                              "the file may be truncated or damaged") from None
    except AssertionError:
        raise FileFormatError("not well-formed XML", source, "the file may be truncated or damaged") from None
    except FileFormatError as exc:
        raise FileFormatError(exc.what, source, exc.hint) from None


def local(tag: str) -> str:
    """A tag or attribute name without its namespace: ``{uri}stock`` -> ``stock``.

    Examples
    --------
    >>> local("{http://docs.oasis-open.org/xmile/ns/XMILE/v1.0}stock"), local("aux")
    ('stock', 'aux')
    """
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
