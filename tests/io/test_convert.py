"""`cld-editor convert IN OUT` between every readable and every writable format."""

from __future__ import annotations

import json

import pytest

from tests.conftest import DATA

SOURCES = ["vensim/workforce.mdl", "xmile/SIR.xmile"]
TARGETS = [".cld", ".mdl", ".xmile", ".stmx", ".json", ".csv", ".xlsx", ".graphml", ".gexf"]


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("ext", TARGETS)
def test_convert_keeps_the_loops(cli, tmp_path, source, ext):
    out = tmp_path / f"converted{ext}"
    done = cli("convert", DATA / source, out)
    assert done.returncode == 0, done.stderr
    before = json.loads(cli("loops", DATA / source, "--count").stdout)
    after = cli("loops", out, "--count")
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == before


@pytest.mark.parametrize("ext", [".dot", ".mmd"])
def test_export_only_formats_are_written_and_refused_as_input(cli, tmp_path, ext):
    out = tmp_path / f"converted{ext}"
    assert cli("convert", DATA / "vensim/teacup.mdl", out).returncode == 0
    assert "Teacup Temperature" in out.read_text(encoding="utf-8")
    done = cli("loops", out)
    assert done.returncode == 2 and done.stderr.startswith("error:")


def test_convert_spreads_a_sketch_as_the_window_shows_it(cli, tmp_path):
    """One rule for another program's sketch: `convert` spreads it exactly as the window and `export` do."""
    from cld_editor.io import load
    from cld_editor.io.formats import spread_imported
    from cld_editor.io.native import read_cld

    source = DATA / "vensim/teacup.mdl"
    out = tmp_path / "teacup.cld"
    assert cli("convert", source, out).returncode == 0
    shown = load(source).diagram
    assert spread_imported(shown, source) > 1.0  # the teacup's names overlap at our type size
    converted = read_cld(out.read_bytes(), str(out)).diagram
    assert {v.name: (v.x, v.y) for v in converted.variables.values()} == \
        {v.name: (v.x, v.y) for v in shown.variables.values()}
