"""A run's numbers as text: CSV for other programs, an aligned table for a terminal.

In the CSV every number is the shortest text that reads back as the same
double, so another program gets exactly the values the solver computed.  The
table rounds to six significant digits and right-aligns each column.  The
digits come from orjson's encoder (Ryu, in C), which writes 10,001 rows of 500
numbers in about a twentieth of the time Python's formatting needs; for a big
model that is most of what ``cld-editor simulate`` spends.  A value that ran
off to infinity or became undefined is written as ``inf``, ``-inf`` or ``nan``,
which spreadsheets and pandas read.
"""

from __future__ import annotations

import csv
import io
import math
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
        parts.append(_rows(table[start: start + CHUNK_ROWS]) + b"\n")
    return b"".join(parts)


def _rows(block: np.ndarray) -> bytes:
    """Rows of numbers as CSV lines: ``a,b\\nc,d``, without a line end after the last row.

    orjson writes a non-finite number as null, so a row holding one is written value by value.
    """
    text = orjson.dumps(np.ascontiguousarray(block), option=orjson.OPT_SERIALIZE_NUMPY)[2:-2]
    broken = np.flatnonzero(~np.isfinite(block).all(axis=1)).tolist()
    if not broken:
        return text.replace(b"],[", b"\n")  # b'[[a,b],[c,d]]' -> b'a,b\nc,d'
    lines = text.split(b"],[")
    for i in broken:
        lines[i] = b",".join(orjson.dumps(v) if math.isfinite(v) else repr(v).encode("ascii")
                             for v in block[i].tolist())
    return b"\n".join(lines)


def run_table(times: np.ndarray, names: Sequence[str], values: np.ndarray) -> bytes:
    """The run as a table for a terminal: time and each variable to six significant digits, right-aligned.

    Parameters
    ----------
    times, names, values
        As for :func:`run_csv`.

    Returns
    -------
    bytes
        UTF-8 text: a header line, then one line per saved step; columns two spaces apart.

    Examples
    --------
    >>> import numpy as np
    >>> print(run_table(np.array([0.0, 0.5]), ["Jobs", "Income"],
    ...                 np.array([[1234.56789, -0.0], [2.5e-5, np.nan]])).decode(), end="")
    time      Jobs  Income
       0   1234.57       0
     0.5  0.000025     nan
    """
    table = np.empty((len(times), len(names) + 1))
    table[:, 0] = times
    table[:, 1:] = np.reshape(values, (len(times), len(names)))
    table = _six_digits(table) + 0.0  # (+ 0.0 shows -0.0 as 0)
    heads = [text.encode("utf-8") for text in ("time", *names)]
    blocks = [_cells(table[start: start + CHUNK_ROWS]) for start in range(0, len(table), CHUNK_ROWS)]
    widths = np.array([len(h) for h in heads])
    for _, lengths in blocks:
        if len(lengths):
            widths = np.maximum(widths, lengths.max(axis=0))
    lines = [b"  ".join(h.rjust(int(w)) for h, w in zip(heads, widths)) + b"\n"]
    lines += [_aligned(cells, lengths, widths) for cells, lengths in blocks]
    return b"".join(lines)


def _six_digits(table: np.ndarray) -> np.ndarray:
    """Each number rounded to six significant digits, so its shortest text has at most six."""
    out = table.copy()
    finite = np.isfinite(table) & (table != 0)
    x = table[finite]
    exponent = np.floor(np.log10(np.abs(x))).astype(int) - 5
    # x / 10**e with 10**e exact (|e| <= 22): the rounded integer over an exact power of ten is
    # the double nearest the six-digit decimal, whose shortest text is those digits.
    small = (exponent < 0) & (exponent >= -22)
    large = (exponent >= 0) & (exponent <= 22)
    scale = 10.0 ** np.abs(exponent)
    rounded = x.copy()
    rounded[small] = np.round(x[small] * scale[small]) / scale[small]
    rounded[large] = np.round(x[large] / scale[large]) * scale[large]
    rest = ~(small | large)  # below 1e-17 or above 1e27: rare enough to round one by one
    rounded[rest] = [float(f"{v:.6g}") for v in x[rest].tolist()]
    out[finite] = rounded
    return out


def _cells(block: np.ndarray) -> tuple[bytes, np.ndarray]:
    """The block's cells as one comma-separated byte string, and each cell's length (rows, columns)."""
    flat = (_rows(block).replace(b"\n", b",") + b",").replace(b".0,", b",")  # whole numbers without ".0"
    buf = np.frombuffer(flat, dtype=np.uint8)
    ends = np.flatnonzero(buf == ord(","))
    starts = np.concatenate(([0], ends[:-1] + 1))
    return flat, (ends - starts).reshape(len(block), block.shape[1])


def _aligned(flat: bytes, lengths: np.ndarray, widths: np.ndarray) -> bytes:
    """Place each cell right-aligned in its column: one scatter of bytes, no per-cell Python."""
    rows, columns = lengths.shape
    if not rows:
        return b""
    line = int(widths.sum()) + 2 * (columns - 1) + 1
    column_end = np.cumsum(widths) + 2 * np.arange(columns)  # where each column's cells end in a line
    cell_end = (np.arange(rows)[:, None] * line + column_end[None, :]).ravel()
    buf = np.frombuffer(flat, dtype=np.uint8)
    source_end = np.flatnonzero(buf == ord(","))
    keep = np.flatnonzero(buf != ord(","))
    out = np.full(rows * line, ord(" "), dtype=np.uint8)
    out[keep + np.repeat(cell_end - source_end, lengths.ravel())] = buf[keep]
    out[line - 1:: line] = ord("\n")
    return out.tobytes()
