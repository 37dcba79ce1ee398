"""The CSV of a run: every number reads back as the same double, whatever its size."""

import csv
import io

import numpy as np
import pytest

from cld_editor.io import run_csv as module
from cld_editor.io.run_csv import run_csv


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
