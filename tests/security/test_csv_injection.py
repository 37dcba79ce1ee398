"""A Kumu CSV written by us never hands a spreadsheet a formula, and reads back exactly."""

import csv
import io

from cld_editor.io.kumu_csv import read, write
from tests.conftest import build

HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "'=already quoted"]


def test_formula_cells_are_quoted_and_signs_stay_plain():
    names = HOSTILE + ["Jobs"]
    d = build(names, [(HOSTILE[0], "Jobs", "-"), (HOSTILE[1], "Jobs", "+"), (HOSTILE[2], HOSTILE[3], "?")])
    rows = list(csv.reader(io.StringIO(write(d).decode("utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not any(len(c) > 1 and c[0] in "=+-@\t\r" for c in cells), cells
    assert [row[2] for row in rows[1:4]] == ["-", "+", "?"]  # polarity column untouched
    back = read(write(d)).diagram
    assert sorted(v.name for v in back.variables.values()) == sorted(names)
