"""What every sub-command of the command line shares: exit codes, the error for bad
arguments, safe printing of file text, and loading any readable format.

Each ``cli_<command>.py`` imports from here (never from :mod:`cld_editor.cli`,
which imports them), so the command line has no import cycle.
"""

from __future__ import annotations

import re

from .core.errors import CldError

EXIT_OK, EXIT_BUG, EXIT_INPUT = 0, 1, 2


# Text from a file may hold terminal control sequences (ESC [ ...); they are
# shown escaped so a diagram can never recolour, retitle or rewrite a terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str, one_line: bool = False) -> str:
    r"""Escape control characters of file text for the terminal (``one_line``: newlines too).

    Examples
    --------
    >>> printable("Jobs\x1b[2J")
    'Jobs\\x1b[2J'
    """
    if one_line:
        text = text.replace("\n", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class InputError(CldError):
    """Bad input on the command line itself."""


def load_diagram(path: str):
    """Load any readable format; returns an :class:`ImportResult`."""
    from .io import load

    return load(path)
