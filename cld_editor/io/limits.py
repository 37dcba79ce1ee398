"""Limits every loader enforces, so a hostile file costs seconds and bounded memory.

A real diagram is far inside them: the largest published models have a few
thousand variables.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import FileFormatError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ELEMENTS = 200_000
MAX_STRING = 200_000
MAX_DEPTH = 64


def read_limited(path: str | os.PathLike[str]) -> bytes:
    """Read a whole file, refusing folders, missing files and files over :data:`MAX_FILE_BYTES`."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise FileFormatError("is a folder, not a file", str(p))
        if size > MAX_FILE_BYTES:
            raise FileFormatError(
                f"the file is {size / 1e6:.0f} MB, more than the {MAX_FILE_BYTES // 2**20} MiB limit", str(p)
            )
        with open(p, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FileFormatError("no such file", str(p), "check the name and folder") from None
    except PermissionError:
        raise FileFormatError("permission denied", str(p)) from None
    except IsADirectoryError:
        raise FileFormatError("is a folder, not a file", str(p)) from None
    except OSError as exc:
        raise FileFormatError(f"cannot be read: {exc.strerror or exc}", str(p)) from None
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(f"the file is larger than the {MAX_FILE_BYTES // 2**20} MiB limit", str(p))
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
