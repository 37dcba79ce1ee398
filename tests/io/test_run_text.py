"""The CSV of a run: every number reads back as the same double, whatever its size."""

import csv
import io

import numpy as np
import pytest

from cld_editor.io import run_text as module
from cld_editor.io.run_text import run_csv, run_table


def parse(data: bytes):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return rows[0], np.array([[float(x) for x in row] for row in rows[1:]])


def test_every_number_reads_back_exactly_across_magnitudes():
    rng = np.random.default_rng(7)
    values = rng.standard_normal((300, 40)) * 10.0 ** rng.integers(-300, 300, (300, 40))
    values[0, :6] = [0.0, -0.0, 5e-324, 1.7976931348623157e308, 0.1, 1e16]
    times = np.linspace(0, 30, 300)
    header, table = parse(run_csv(times, [f"V{i}" for i in range(40)], values))
    assert header == ["time", *(f"V{i}" for i in range(40))]
    assert np.array_equal(table[:, 0], times)
    assert np.array_equal(table[:, 1:], values)
    assert np.signbit(table[0, 2])  # -0.0 stays negative zero


def test_rows_across_chunks_stay_in_order(monkeypatch):
    monkeypatch.setattr(module, "CHUNK_ROWS", 7)
    times = np.arange(50) * 0.25
    values = np.arange(100, dtype=float).reshape(50, 2) / 3
    text = run_csv(times, ["a", "b"], values)
    assert text.count(b"\n") == 51 and text.endswith(b"\n")
    _, table = parse(text)
    assert np.array_equal(table, np.column_stack([times, values]))


def test_values_that_ran_away_are_written_as_inf_and_nan():
    values = np.array([[1.0, 2.0], [np.inf, np.nan], [-np.inf, 3.0]])
    text = run_csv(np.array([0.0, 1.0, 2.0]), ["x", "y"], values).decode()
    assert text.splitlines()[1:] == ["0.0,1.0,2.0", "1.0,inf,nan", "2.0,-inf,3.0"]


@pytest.mark.parametrize("name", ['Income, net', 'The "real" rate', "Café"])
def test_names_that_need_quoting_are_quoted(name):
    header, table = parse(run_csv(np.array([0.0]), [name], np.array([[4.0]])))
    assert header == ["time", name]
    assert table.tolist() == [[0.0, 4.0]]


def test_a_run_with_no_rows_has_only_the_header():
    assert run_csv(np.empty(0), ["a"], np.empty((0, 1))) == b"time,a\n"


def _table_cells(text: bytes):
    lines = text.decode().splitlines()
    return lines, [line.split() for line in lines]


def _word_ends(line: str) -> set[int]:
    return {i for i, ch in enumerate(line) if ch != " " and (i + 1 == len(line) or line[i + 1] == " ")}


def test_table_columns_are_right_aligned_and_rounded_to_six_digits(monkeypatch):
    monkeypatch.setattr(module, "CHUNK_ROWS", 3)  # widths must hold across chunks
    rng = np.random.default_rng(3)
    values = rng.standard_normal((10, 4)) * 10.0 ** rng.integers(-8, 30, (10, 4))
    values[0] = [-0.0, 100.0, 1e-5, 123456789.0]
    values[5, 1] = np.inf
    times = np.arange(10) * 0.25
    lines, cells = _table_cells(run_table(times, ["a", "bee", "c", "Long_name"], values))
    assert cells[0] == ["time", "a", "bee", "c", "Long_name"]
    assert len({len(line) for line in lines}) == 1
    for line in lines[1:]:  # every cell ends where its column's name ends
        assert _word_ends(line) == _word_ends(lines[0]), "\n".join(lines)
    body = cells[1:]
    assert body[0] == ["0", "0", "100", "0.00001", "123457000"]
    assert body[5][2] == "inf"
    for row, expected in zip(body, np.column_stack([times, values])):
        for text, value in zip(row, expected):
            if np.isfinite(value):
                assert float(text) == float(f"{value:.6g}"), (text, value)


def test_table_matches_a_python_reference_on_small_runs():
    times = np.array([0.0, 0.5, 1.0])
    values = np.array([[1.0, 2.0], [1.5, 2.25], [1.75, 2.125]])
    assert run_table(times, ["Level", "Goal"], values).decode() == (
        "time  Level   Goal\n"
        "   0      1      2\n"
        " 0.5    1.5   2.25\n"
        "   1   1.75  2.125\n")
