"""File formats: pure Python, no Qt.  Use :func:`load` and :func:`save`."""

from .formats import FORMATS, Format, format_for, load, save
from .result import ImportResult

__all__ = ["FORMATS", "Format", "ImportResult", "format_for", "load", "save"]
