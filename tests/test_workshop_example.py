"""The worked workshop example: three perspectives on young people NEET and their merge."""

from __future__ import annotations

import json

from cld_editor import cli
from cld_editor.analysis.merge import merge
from cld_editor.analysis.perspectives import loops_by_perspective
from cld_editor.io import load
from cld_editor.io.native import write_cld

from .conftest import EXAMPLES
from .test_examples import _generator

FOLDER = EXAMPLES / "neet-perspectives"
FILES = ["college-tutor.cld", "connexions-adviser.cld", "parent.cld"]


def test_files_are_what_the_generator_writes():
    gen = _generator()
    perspectives = [gen.build(example) for example in gen.WORKSHOP]
    for example, diagram in zip(gen.WORKSHOP, perspectives):
        assert write_cld(diagram) == (EXAMPLES / example.file).read_bytes(), example.file
    assert write_cld(gen.build_merged(perspectives)) == (EXAMPLES / gen.MERGED_FILE).read_bytes()


def test_the_command_line_reports_the_contest_the_new_loops_and_the_spelling_to_confirm(tmp_path, capsys):
    out = tmp_path / "merged.cld"
    assert cli.main(["merge", *(str(FOLDER / name) for name in FILES), "-o", str(out), "--json"]) == 0
    printed = capsys.readouterr()
    doc = json.loads(printed.out)
    assert doc["contested"] == [["Parental pressure", "Motivation"]]
    assert doc["agreement"]["Attendance -> Falling behind"] == 2 and doc["agreement"]["Early leavers -> Young people NEET"] == 2
    assert len(doc["new_loops"]) == 3
    # Without the facilitator's confirmation the two spellings stay apart, and the CLI says so.
    assert '"College enrolments" (college-tutor) and "College enrollments" (connexions-adviser)' in printed.err


def test_the_merged_file_shows_loops_no_one_drew_alone():
    merged = load(FOLDER / "merged.cld").diagram
    sources = [(name.removesuffix(".cld"), load(FOLDER / name).diagram) for name in FILES]
    result = merge(sources, same=[("College enrolments", "College enrollments")])
    new = {" -> ".join(members): polarity for members, polarity in result.new_loops}
    # Rushed advice puts young people on the wrong course, they fall behind, leave and swell the caseload.
    assert new["Adviser caseload -> Time per young person -> Wrong course choice -> Falling behind -> "
               "Early leavers -> Young people NEET"] == "R"
    # Re-engaged young people bring funding that pays for the support that keeps students in.
    assert new["College enrolments -> College funding -> Pastoral support -> Falling behind -> Early leavers -> "
               "Young people NEET -> Re-engagement"] == "B"
    assert {name: len(loops) for name, loops in loops_by_perspective(merged).items()} == {
        "college-tutor": 3, "connexions-adviser": 3, "parent": 2}
    contested = [lk for lk in merged.links.values() if lk.evidence.confidence == "contested"]
    assert [(merged.variables[lk.source].name, lk.perspectives) for lk in contested] == [
        ("Parental pressure", {"college-tutor": "-", "parent": "+"})]
