"""Real models with Vensim's own reference outputs (SDXorg test-models, MIT licence)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from cld_editor.io import load
from cld_editor.sim.run import Simulator

DATA = Path(__file__).resolve().parent.parent / "data" / "sim"


def reference(name: str) -> dict[str, np.ndarray]:
    text = (DATA / f"{name}.output.csv").read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(text.splitlines()))
    header, body = rows[0], [r for r in rows[1:] if r]
    return {h: np.array([float(r[i]) for r in body]) for i, h in enumerate(header)}


@pytest.mark.parametrize("name", ["teacup", "SIR"])
def test_vensim_model_matches_vensims_output(name):
    diagram = load(DATA / f"{name}.mdl").diagram
    run = Simulator(diagram).run()
    ref = reference(name)
    assert np.allclose(run.times, ref["Time"], rtol=1e-5)  # Vensim saved every step here
    keep = slice(None)
    for column, values in ref.items():
        if column == "Time":
            continue
        ours = run.series(column)[keep]
        # Vensim writes six significant digits.
        assert np.allclose(ours, values, rtol=2e-5, atol=1e-9), column
