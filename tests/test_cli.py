"""The command line exactly as docs/architecture.md fixes it."""

import json

import pytest

from cld_editor import __version__
from cld_editor.io import save
from tests.conftest import build


@pytest.fixture
def stoke(tmp_path):
    d = build(
        ["Jobs", "Worklessness", "Local spending", "Skills"],
        [("Jobs", "Worklessness", "-"), ("Worklessness", "Local spending", "-"),
         ("Local spending", "Jobs", "+"), ("Worklessness", "Skills", "-", True), ("Skills", "Jobs", "+"),
         ("Jobs", "Jobs", "?")],
        title="Stoke",
    )
    path = tmp_path / "stoke.cld"
    save(d, path)
    return path


def test_version(cli):
    out = cli("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"cld-editor {__version__}"


def test_loops_json(cli, stoke):
    out = cli("loops", stoke, "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc == {
        "total": 3, "reinforcing": 2, "balancing": 0, "unknown": 1, "complete": True,
        "loops": [
            {"name": "U1", "polarity": "?", "length": 1, "variables": ["Jobs"], "delayed": False},
            {"name": "R1", "polarity": "R", "length": 3,
             "variables": ["Jobs", "Worklessness", "Local spending"], "delayed": False},
            {"name": "R2", "polarity": "R", "length": 3,
             "variables": ["Jobs", "Worklessness", "Skills"], "delayed": True},
        ],
    }


def test_loops_count_and_filters_agree(cli, stoke):
    count = json.loads(cli("loops", stoke, "--count").stdout)
    assert count == {"total": 3, "reinforcing": 2, "balancing": 0, "unknown": 1, "complete": True}
    through = json.loads(cli("loops", stoke, "--json", "--through", "skills").stdout)
    assert [lp["name"] for lp in through["loops"]] == ["R2"] and through["total"] == 1
    assert json.loads(cli("loops", stoke, "--count", "--through", "SKILLS").stdout)["total"] == 1
    short = json.loads(cli("loops", stoke, "--json", "--max-length", "2").stdout)
    assert [lp["name"] for lp in short["loops"]] == ["U1"]
    limited = json.loads(cli("loops", stoke, "--json", "--limit", "2").stdout)
    assert [lp["name"] for lp in limited["loops"]] == ["U1", "R1"] and limited["complete"] is False
    assert json.loads(cli("loops", stoke, "--count", "--limit", "2").stdout) == {
        "total": 2, "reinforcing": 1, "balancing": 0, "unknown": 1, "complete": False}


def test_loops_table(cli, stoke):
    out = cli("loops", stoke)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["Loop", "Polarity", "Links", "Delay", "Variables"]
    assert "R2    R reinforcing  3      delay  Jobs -> Worklessness -> Skills -> Jobs" in out.stdout
    assert lines[-1] == "3 loops: 2 reinforcing, 0 balancing, 1 unknown"


def test_check_summarises(cli, stoke):
    out = cli("check", stoke)
    assert out.returncode == 0
    text = out.stdout
    assert text.count("\n") == 1  # one paragraph
    assert '"Stoke" with 4 variables and 6 links (2 +, 3 -, 1 unknown; 1 delayed)' in text
    assert "3 feedback loops: 2 reinforcing, 0 balancing, 1 of unknown polarity" in text


def test_check_names_each_equation_simulate_would_refuse(cli, tmp_path):
    doc = {"format": "cld-editor", "version": 1,
           "variables": [{"id": "v1", "name": "Jobs", "x": 0, "y": 0, "equation": "worklessness * 2 +"},
                         {"id": "v2", "name": "Worklessness", "x": 200, "y": 0, "equation": "jobs + skills"},
                         {"id": "v3", "name": "Skills", "x": 0, "y": 100}],
           "links": [{"id": "l1", "from": "v1", "to": "v2", "polarity": "-"},
                     {"id": "l2", "from": "v2", "to": "v1", "polarity": "+", "delay": True}]}
    path = tmp_path / "typo.cld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = cli("check", path)
    assert out.returncode == 2
    assert "a valid diagram" not in out.stdout
    assert "would refuse the equations of Jobs and Worklessness" in out.stdout
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: 2 equation problems"), out.stderr
    assert "Jobs, column 19: the equation ends too soon" in lines[0]
    assert "Worklessness, column 8: the equation uses Skills but there is no link from Skills" in lines[0]
    # simulate refuses the same file, and says which file
    assert cli("simulate", path).stderr.startswith(f"error: {path}: Jobs, column 19: ")


def test_check_help_explains_the_exit_status(cli):
    out = cli("check", "--help")
    assert "2 when it cannot be read, or when simulate would refuse one of its equations" in " ".join(
        out.stdout.split())


BAD = [
    ("missing.cld", None, "no such file"),
    ("broken.cld", b'{"format": "cld-editor", "version": 1, "links": [{"id": "l1", "from": "a", "to": "b"}]}',
     'links[0].from: no variable with id "a"'),
    ("trunc.cld", b'{"format": "cld-editor", "version": 1, "variables": [{"id": ', "not valid JSON"),
    ("binary.cld", bytes(range(256)) * 4, "not UTF-8"),
    ("newer.cld", b'{"format": "cld-editor", "version": 99}', "newer cld-editor"),
    ("types.cld", b'{"format": "cld-editor", "version": 1, "variables": [{"id": 5, "name": "A"}]}',
     "variables[0].id: expected text, got 5"),
    ("notes.txt", b"hello", "unsupported file type '.txt'"),
]


@pytest.mark.parametrize("name, content, message", BAD, ids=[b[0] for b in BAD])
@pytest.mark.parametrize("command", ["loops", "check"])
def test_bad_input_exits_2_with_one_line(cli, tmp_path, name, content, message, command):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = cli(command, path)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], out.stderr
    assert "Traceback" not in out.stderr


def test_bad_options_exit_2(cli, stoke):
    for args in (["loops"], ["loops", stoke, "--limit", "x"], ["loops", stoke, "--max-length", "0"],
                 ["loops", stoke, "--through", "Nobody"]):
        out = cli(*args)
        assert out.returncode == 2, args
        assert len(out.stderr.splitlines()) == 1 and out.stderr.startswith("error: ")


def test_convert_cld_to_cld_is_stable(cli, stoke, tmp_path):
    out = cli("convert", stoke, tmp_path / "copy.cld")
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "copy.cld").read_bytes() == stoke.read_bytes()


def test_window_without_a_display_is_a_clear_error(tmp_path, stoke):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = subprocess.run([sys.executable, "-m", "cld_editor", str(stoke)], capture_output=True, text=True,
                         timeout=60, env=env, cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        "error: there is no display to open the window on "
        "(start it on a desktop, or use a sub-command such as cld-editor loops FILE)"]


def test_check_keeps_its_error_line_short_when_many_equations_are_wrong(cli, tmp_path):
    variables = [{"id": f"v{i}", "name": f"Variable {i} " + "x" * 400, "x": 0, "y": 0, "equation": "2 *"}
                 for i in range(40)]
    path = tmp_path / "many.cld"
    path.write_text(json.dumps({"format": "cld-editor", "version": 1, "variables": variables, "links": []}),
                    encoding="utf-8")
    out = cli("check", path)
    assert out.returncode == 2
    (line,) = out.stderr.splitlines()
    assert line.startswith(f"error: {path}: 40 equation problems that simulate would refuse: Variable 0 xxx")
    assert "; and 35 more (fix them" in line and len(line) < 2000
    assert "and 35 more (see the error below)" in out.stdout
