"""``cld-editor archetypes FILE [--json]``: the JSON contract of issue 13, the readable form, bad input."""

from __future__ import annotations

import json
import random
from pathlib import Path

from cld_editor.io import save
from tests.analysis.archetype_builders import BLUEPRINTS, Builder

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_json_lists_each_match_with_loops_roles_and_class(cli, tmp_path):
    builder = Builder(random.Random(11))
    roles = builder.archetype(BLUEPRINTS["fixes_that_fail"], extra_steps=2)
    part = builder.random_part(8, 10)
    builder.connect(part, 2)
    path = tmp_path / "fix.cld"
    save(builder.diagram, path)
    out = cli("archetypes", path, "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    [match] = [m for m in doc if m["archetype"] == "fixes_that_fail"]
    assert set(match) == {"archetype", "class", "loops", "roles", "ambiguous_with"}
    assert match["class"] == "out_of_control" and match["ambiguous_with"] == []
    assert all(match["roles"][name] == role for name, role in roles.items())
    assert len(match["loops"]) == 2 and all(isinstance(name, str) for loop in match["loops"] for name in loop)


def test_ambiguous_pair_in_json_and_the_question_in_text(cli, tmp_path):
    builder = Builder(random.Random(12))
    builder.archetype(BLUEPRINTS["eroding_goals"])
    path = tmp_path / "goals.cld"
    save(builder.diagram, path)
    doc = json.loads(cli("archetypes", path, "--json").stdout)
    assert [(m["archetype"], m["ambiguous_with"]) for m in doc] == [
        ("eroding_goals", ["escalation"]), ("escalation", ["eroding_goals"])]
    text = cli("archetypes", path).stdout
    assert "Eroding goals (relative control)" in text and "Escalation (relative control)" in text
    assert text.count("Only you can tell:") == 1 and "second actor" in text


def test_examples_show_their_archetypes_in_readable_form(cli):
    text = cli("archetypes", EXAMPLES / "archetypes.cld").stdout
    for title in ("Fixes that fail (out of control)", "Shifting the burden (out of control)",
                  "Limits to growth (underachievement)"):
        assert title in text
    assert "fundamental solution: Permanent Recruitment" in text and "Leverage:" in text
    doc = json.loads(cli("archetypes", EXAMPLES / "waiting-list-targets.cld", "--json").stdout)
    assert [m["archetype"] for m in doc] == ["fixes_that_fail"]


def test_no_archetype_says_so(cli, tmp_path):
    builder = Builder(random.Random(1))
    a, b = builder.variable(), builder.variable()
    builder.link(a, b, "+")
    path = tmp_path / "plain.cld"
    save(builder.diagram, path)
    assert json.loads(cli("archetypes", path, "--json").stdout) == []
    assert "No system archetype" in cli("archetypes", path).stdout


def test_bad_file_is_one_error_line(cli, tmp_path):
    bad = tmp_path / "bad.cld"
    bad.write_text("{not json", encoding="utf-8")
    out = cli("archetypes", bad, "--json")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("error: ") and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
