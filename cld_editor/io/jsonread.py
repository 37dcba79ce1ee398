"""Strict reading of JSON with places in every message.

Shared by the native format and Kumu's JSON: depth, size and finiteness limits,
and small typed accessors that say where a wrong value is
(``links[3].delay: expected true or false, got "yes"``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ..core.errors import FileFormatError
from .limits import MAX_DEPTH, check_string


def parse_json(data: bytes, source: str = "") -> Any:
    """Decode UTF-8 JSON, refusing NaN, Infinity, deep nesting and bad bytes.

    Examples
    --------
    >>> parse_json(b'{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> parse_json(b'{"a": NaN}')
    Traceback (most recent call last):
    ...
    cld_editor.core.errors.FileFormatError: not valid JSON: NaN is not allowed (numbers must be finite)
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            f"not UTF-8 text (byte {exc.start}): is this really a diagram file?", source
        ) from None
    if _nesting_depth(text) > MAX_DEPTH:
        raise FileFormatError(f"nested more than {MAX_DEPTH} levels deep", source)

    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not allowed (numbers must be finite)")

    def finite_float(literal: str) -> float:
        value = float(literal)
        if not math.isfinite(value):
            raise ValueError(f"the number {literal[:30]} is too large to represent")
        return value

    try:
        value = json.loads(text, parse_constant=refuse_constant, parse_float=finite_float)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}", source) from None
    except (ValueError, RecursionError) as exc:
        raise FileFormatError(f"not valid JSON: {exc}", source) from None
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(value, source)
    return value


# JSON may spell half of a UTF-16 pair alone ("\ud800"); such text cannot be
# printed or saved as UTF-8, so it is refused here rather than crash later.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_lone_surrogates(value: Any, source: str) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise FileFormatError(
                    "a text holds half of a UTF-16 character pair (a \\ud800-\\udfff escape on its own)",
                    source, "the file was damaged or written by a faulty program",
                )
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _nesting_depth(text: str) -> int:
    # Counting brackets outside strings is cheap and stops a recursion bomb
    # before the decoder sees it.
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def describe(value: Any) -> str:
    """Return a short description of a JSON value for an error message."""
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else type(value).__name__
    if isinstance(value, dict):
        text = "an object"
    elif isinstance(value, list):
        text = "a list"
    return text if len(text) < 40 else text[:37] + "..."


def obj(value: Any, where: str) -> dict[str, Any]:
    """Require a JSON object."""
    if not isinstance(value, dict):
        raise FileFormatError(f"expected an object, got {describe(value)}", where)
    return value


def array(value: Any, where: str) -> list[Any]:
    """Require a JSON list."""
    if not isinstance(value, list):
        raise FileFormatError(f"expected a list, got {describe(value)}", where)
    return value


def string(value: Any, where: str, allow_empty: bool = True) -> str:
    """Require a string (length-limited)."""
    if not isinstance(value, str):
        raise FileFormatError(f"expected text, got {describe(value)}", where)
    if not allow_empty and not value.strip():
        raise FileFormatError("must not be empty", where)
    return check_string(value, where)


def number(value: Any, where: str) -> float:
    """Require a finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FileFormatError(f"expected a number, got {describe(value)}", where)
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise FileFormatError("a number is too large to represent", where)
    return result


def boolean(value: Any, where: str) -> bool:
    """Require true or false."""
    if not isinstance(value, bool):
        raise FileFormatError(f"expected true or false, got {describe(value)}", where)
    return value


def choice(value: Any, where: str, options: tuple[str, ...]) -> str:
    """Require one of ``options``."""
    if value not in options:
        quoted = ", ".join(json.dumps(o) for o in options)
        raise FileFormatError(f"expected one of {quoted}, got {describe(value)}", where)
    return value
