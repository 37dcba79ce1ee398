"""Real models made by others give the loops that the import rules define, through the real command line.

The files and their licences are in tests/data (copied from the shared corpus:
SDXorg/test-models under MIT, the FREE archive and the Beer Game by Tom
Fiddaman under CC BY 3.0, simlin's test models under Apache-2.0).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA

CORPUS = [
    ("vensim/teacup.mdl", 1, 0, 0, 1),
    ("vensim/SIR.mdl", 3, 0, 0, 3),
    ("vensim/workforce.mdl", 6, 0, 1, 5),
    ("vensim/Lotka_Volterra.mdl", 5, 0, 0, 5),
    ("vensim/simple_harmonic_oscillator.mdl", 1, 0, 0, 1),
    ("vensim/energy_pos_loop.mdl", 23, 4, 2, 17),
    ("vensim/RealBeer4-Sterman13.mdl", 51, 0, 0, 51),
    ("xmile/teacup.xmile", 1, 0, 0, 1),
    ("xmile/teacup_w_diagram.xmile", 1, 0, 0, 1),
    ("xmile/SIR.xmile", 3, 0, 0, 3),
    ("xmile/arms_race.stmx", 8, 0, 0, 8),
]


@pytest.mark.parametrize("name,total,r,b,u", CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus_loop_counts_through_the_command_line(cli, name, total, r, b, u):
    done = cli("loops", DATA / name, "--count")
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout)
    assert (counts["total"], counts["reinforcing"], counts["balancing"], counts["unknown"]) == (total, r, b, u)
    assert counts["complete"] is True


def test_check_prints_what_was_not_carried_over(cli):
    done = cli("check", DATA / "vensim/RealBeer4-Sterman13.mdl")
    assert "Not carried over from the file" in done.stdout
    assert "macro" in done.stdout and "subscript" in done.stdout
    # Supply Line starts from a subscripted sum the solver cannot read: simulate refuses it, so check says so.
    assert done.returncode == 2
    assert "would refuse the equation of Supply Line" in done.stdout
    assert "Supply Line (initial value), column 14: unexpected character '['" in done.stderr


@pytest.mark.parametrize("name", [c[0] for c in CORPUS])
def test_corpus_converts_to_native_and_keeps_its_loops(cli, tmp_path, name):
    out = tmp_path / "model.cld"
    done = cli("convert", DATA / name, out)
    assert done.returncode == 0, done.stderr
    before = json.loads(cli("loops", DATA / name, "--count").stdout)
    after = json.loads(cli("loops", out, "--count").stdout)
    assert before == after
