"""Limits every loader enforces, so a hostile file costs seconds and bounded memory.

A real diagram is far inside them: the largest published models have a few
thousand variables, a few hundred thousand bytes of equations and XML nested
about ten elements deep.  Every reader (JSON, XML, Vensim text, ...) checks
against the same numbers, and every refusal is a
:class:`~cld_editor.core.errors.FileFormatError` that says which limit was hit
and where.

Examples
--------
>>> check_count(3, "variables", "variables")
>>> check_count(MAX_ELEMENTS + 1, "variables", "variables")
Traceback (most recent call last):
...
cld_editor.core.errors.FileFormatError: variables: 200001 variables is more than the limit of 200000
>>> check_number(float("nan"), "variables[0].x")
Traceback (most recent call last):
...
cld_editor.core.errors.FileFormatError: variables[0].x: expected a finite number, got nan
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path

from ..core.errors import FileFormatError

#: Largest file any reader opens.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most elements of one kind (variables, links, labels, notes) in one diagram.
MAX_ELEMENTS = 200_000
#: Longest single text (a name, an equation, a note).
MAX_STRING = 200_000
#: Deepest nesting of JSON lists/objects or XML elements.
MAX_DEPTH = 64
#: Most XML elements in one document (each costs a few hundred bytes in memory).
MAX_XML_NODES = 1_000_000
#: Most lines in a line-based text format (Vensim .mdl, DOT, ...).
MAX_LINES = 2_000_000


def read_limited(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a whole regular file, refusing folders, devices, missing files and files over ``limit`` bytes.

    Devices and pipes are refused before they are opened: ``/dev/zero`` or a
    FIFO would otherwise never end or block for ever.

    Examples
    --------
    >>> read_limited("/nonexistent/diagram.cld")
    Traceback (most recent call last):
    ...
    cld_editor.core.errors.FileFormatError: /nonexistent/diagram.cld: no such file (check the name and folder)
    """
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise FileFormatError("is a folder, not a file", str(p))
        if not stat.S_ISREG(info.st_mode):
            raise FileFormatError("is not a regular file (a device or a pipe?)", str(p))
        if info.st_size > limit:
            raise FileFormatError(
                f"the file is {info.st_size / 2**20:.0f} MiB, more than the {limit // 2**20} MiB limit", str(p)
            )
        with open(p, "rb") as handle:
            # Read one byte past the limit: a file that grew since stat() is caught too.
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise FileFormatError("no such file", str(p), "check the name and folder") from None
    except PermissionError:
        raise FileFormatError("permission denied", str(p), "ask the file's owner for read access") from None
    except IsADirectoryError:
        raise FileFormatError("is a folder, not a file", str(p)) from None
    except (OSError, ValueError) as exc:
        # ValueError: a path with a NUL byte in it.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileFormatError(f"cannot be read: {reason}", str(p)) from None
    if len(data) > limit:
        raise FileFormatError(f"the file is larger than the {limit // 2**20} MiB limit", str(p))
    return data


def check_size(data: bytes, where: str = "", limit: int = MAX_FILE_BYTES) -> bytes:
    """Refuse in-memory data over ``limit`` bytes (for readers handed bytes, not a path).

    Examples
    --------
    >>> check_size(b"abc", "x.cld")
    b'abc'
    """
    if len(data) > limit:
        raise FileFormatError(f"{len(data)} bytes is more than the {limit // 2**20} MiB limit", where)
    return data


def check_count(count: int, what: str, where: str = "") -> None:
    """Refuse more than :data:`MAX_ELEMENTS` elements of one kind."""
    if count > MAX_ELEMENTS:
        raise FileFormatError(f"{count} {what} is more than the limit of {MAX_ELEMENTS}", where)


def check_string(value: str, where: str) -> str:
    """Refuse strings longer than :data:`MAX_STRING` characters."""
    if len(value) > MAX_STRING:
        raise FileFormatError(f"a text of {len(value)} characters is longer than the limit of {MAX_STRING}", where)
    return value


def check_depth(depth: int, where: str = "") -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` levels."""
    if depth > MAX_DEPTH:
        raise FileFormatError(f"nested more than {MAX_DEPTH} levels deep", where)


def check_number(value: float, where: str) -> float:
    """Return ``value`` as a float, refusing NaN and infinities (``1e999`` reads as infinity).

    Examples
    --------
    >>> check_number(2, "x")
    2.0
    """
    try:
        result = float(value)
    except OverflowError:
        # An integer with hundreds of digits: finite, but not a float.
        raise FileFormatError("a number is too large to represent", where) from None
    if not math.isfinite(result):
        raise FileFormatError(f"expected a finite number, got {value!r}", where)
    return result


def parse_number(text: str, where: str) -> float:
    """Parse a decimal number from a text format, refusing NaN, infinities and overlong digits.

    Examples
    --------
    >>> parse_number(" 2.5e3 ", "line 4")
    2500.0
    >>> parse_number("1e999", "line 4")
    Traceback (most recent call last):
    ...
    cld_editor.core.errors.FileFormatError: line 4: expected a finite number, got '1e999'
    """
    stripped = text.strip()
    if len(stripped) > 400:
        raise FileFormatError(f"a number of {len(stripped)} characters is too long", where)
    try:
        result = float(stripped)
    except ValueError:
        raise FileFormatError(f"expected a number, got {stripped[:40]!r}", where) from None
    if not math.isfinite(result):
        raise FileFormatError(f"expected a finite number, got {stripped[:40]!r}", where)
    return result
