"""A run's numbers as CSV: ``time,<variable names...>`` and one row per saved step.

Every number is written as the shortest text that reads back as the same
double, so another program gets exactly the values the solver computed.  The
digits come from orjson's encoder (Ryu, in C), which writes 10,001 rows of 500
numbers in about a twentieth of the time Python's ``repr`` needs; for a big
model that is most of what ``cld-editor simulate --csv`` spends.  A value that
ran off to infinity or became undefined is written as ``inf``, ``-inf`` or
``nan``, which spreadsheets and pandas read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import numpy as np
import orjson

CHUNK_ROWS = 2048  # rows encoded at a time: bounds the extra memory to a few MB


def run_csv(times: np.ndarray, names: Sequence[str], values: np.ndarray) -> bytes:
    """The CSV file's bytes: a header, then ``time`` and each variable's value per row.

    Parameters
    ----------
    times : numpy.ndarray
        The saved times, shape ``(rows,)``.
    names : sequence of str
        The variables' names, in the columns' order (quoted where a name needs it).
    values : numpy.ndarray
        The values, shape ``(rows, len(names))``.

    Returns
    -------
    bytes
        UTF-8 text, lines ended by ``\\n``.

    Examples
    --------
    >>> import numpy as np
    >>> print(run_csv(np.array([0.0, 0.5, 1.0]), ["Jobs", "Income, net"],
    ...               np.array([[1.0, 0.1], [2.5e-5, 1e20], [3.0, np.inf]])).decode(), end="")
    time,Jobs,"Income, net"
    0.0,1.0,0.1
    0.5,0.000025,1e+20
    1.0,3.0,inf
    """
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(["time", *names])
    table = np.empty((len(times), len(names) + 1))
    table[:, 0] = times
    table[:, 1:] = np.reshape(values, (len(times), len(names)))
    parts = [header.getvalue().encode("utf-8")]
    for start in range(0, len(table), CHUNK_ROWS):
        parts.append(_rows(table[start: start + CHUNK_ROWS]))
    return b"".join(parts)


def _rows(block: np.ndarray) -> bytes:
    """Rows of numbers as CSV lines (orjson for the finite rows, ``repr`` for the rest)."""
    text = orjson.dumps(np.ascontiguousarray(block), option=orjson.OPT_SERIALIZE_NUMPY)[2:-2]
    broken = np.flatnonzero(~np.isfinite(block).all(axis=1)).tolist()  # orjson writes these as null
    if not broken:
        return text.replace(b"],[", b"\n") + b"\n"  # b'[[a,b],[c,d]]' -> b'a,b\nc,d'
    lines = text.split(b"],[")
    for i in broken:
        lines[i] = ",".join(map(repr, block[i].tolist())).encode("ascii")
    return b"\n".join(lines) + b"\n"
