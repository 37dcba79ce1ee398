"""Vensim ``.mdl``: reading in :mod:`.vensim_read`, writing in :mod:`.vensim_write`."""

from __future__ import annotations

from ..core.diagram import Diagram
from .result import ImportResult


def read(data: bytes, source: str = "") -> ImportResult:
    """Read a Vensim model (see :func:`cld_editor.io.vensim_read.read`)."""
    from .vensim_read import read as _read

    return _read(data, source)


def write(diagram: Diagram) -> bytes:
    """Write a Vensim model (see :func:`cld_editor.io.vensim_write.write`)."""
    from .vensim_write import write as _write

    return _write(diagram)
