"""``cld-editor simulate`` as scripts use it."""

from __future__ import annotations

import csv
import json

import pytest

from cld_editor.cli import main


def write(tmp_path, variables, links, simulation=None, name="m.cld"):
    doc = {"format": "cld-editor", "version": 1, "variables": variables, "links": links}
    if simulation:
        doc["simulation"] = simulation
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def goal_file(tmp_path):
    return write(
        tmp_path,
        [
            {"id": "v1", "name": "Level", "x": 0, "y": 0, "kind": "stock", "initial": 0,
             "equation": "gap / adjustment_time"},
            {"id": "v2", "name": "Goal", "x": 0, "y": 0, "kind": "constant", "equation": "10"},
            {"id": "v3", "name": "Gap", "x": 0, "y": 0},
            {"id": "v4", "name": "Adjustment Time", "x": 0, "y": 0, "kind": "constant", "equation": "2"},
        ],
        [
            {"id": "l1", "from": "v2", "to": "v3", "polarity": "+"},
            {"id": "l2", "from": "v1", "to": "v3", "polarity": "-"},
            {"id": "l3", "from": "v3", "to": "v1", "polarity": "+"},
            {"id": "l4", "from": "v4", "to": "v1", "polarity": "-"},
        ],
        {"start": 0, "stop": 4, "dt": 0.5, "method": "euler"},
    )


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_csv_has_time_and_every_variable(goal_file, tmp_path):
    out = tmp_path / "out.csv"
    assert main(["simulate", str(goal_file), "--csv", str(out)]) == 0
    rows = read_csv(out)
    assert rows[0] == ["time", "Level", "Goal", "Gap", "Adjustment Time"]
    assert [float(r[0]) for r in rows[1:]] == [0.5 * i for i in range(9)]
    assert float(rows[2][1]) == 0.5 * 10 / 2  # one Euler step


def test_options_override_the_file(goal_file, tmp_path):
    out = tmp_path / "out.csv"
    assert main(["simulate", str(goal_file), "--stop", "2", "--dt", "1", "--method", "rk4",
                 "--set", "Goal=20", "--set", "level=4", "--csv", str(out)]) == 0
    rows = read_csv(out)
    assert [r[0] for r in rows[1:]] == ["0.0", "1.0", "2.0"]
    assert float(rows[1][1]) == 4 and float(rows[1][2]) == 20


def test_table_without_csv(goal_file, capsys):
    assert main(["simulate", str(goal_file), "--stop", "1"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["time", "Level", "Goal", "Gap", "Adjustment", "Time"]
    assert len(out) == 4  # header and t = 0, 0.5, 1


@pytest.mark.parametrize(
    "args, words",
    [
        (["--set", "Gap=3"], "computed from its causes"),
        (["--set", "Nothing=3"], "no variable"),
        (["--set", "Goal"], "NAME=VALUE"),
        (["--set", "Goal=__import__('os')"], "unexpected character"),
        (["--dt", "-1"], "dt must be positive"),
        (["--stop", "-5"], "stop"),
    ],
)
def test_bad_input_exits_2(goal_file, capsys, args, words):
    assert main(["simulate", str(goal_file), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and "Traceback" not in err


@pytest.mark.parametrize(
    "equation",
    ["__import__('os').system('touch pwned')", "gap.__class__", "lambda: gap", "9^9^9^9",
     "().__class__.__bases__[0]", "gap if 1 else 2"],
)
def test_hostile_equation_in_a_file_exits_2(tmp_path, capsys, equation):
    path = write(
        tmp_path,
        [{"id": "v1", "name": "Level", "x": 0, "y": 0, "kind": "stock", "equation": equation},
         {"id": "v2", "name": "Gap", "x": 0, "y": 0}],
        [{"id": "l1", "from": "v2", "to": "v1", "polarity": "+"}],
    )
    assert main(["simulate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {path}: Level")
    assert not (tmp_path / "pwned").exists()


def test_algebraic_loop_exits_2(tmp_path, capsys):
    path = write(
        tmp_path,
        [{"id": "v1", "name": "A", "x": 0, "y": 0}, {"id": "v2", "name": "B", "x": 0, "y": 0}],
        [{"id": "l1", "from": "v1", "to": "v2", "polarity": "+"},
         {"id": "l2", "from": "v2", "to": "v1", "polarity": "-"}],
    )
    assert main(["simulate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no stock and no delay" in err
    assert "a stock: a quantity that builds up or drains away over time" in err  # the word explained
