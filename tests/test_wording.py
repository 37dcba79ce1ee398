"""Messages count in good English: "1 variable", "2 links", never "1 stocks" or "link(s)"."""

from __future__ import annotations

import io
import json
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "cld_editor"
HEDGED_PLURAL = re.compile(r"[A-Za-z]\(s\)")


def test_no_message_hedges_its_plural_with_s_in_brackets():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path.name == "words.py":
            continue  # it names the habit it replaces
        for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
            if tok.type == tokenize.STRING and HEDGED_PLURAL.search(tok.string):
                found.append(f"{path.relative_to(ROOT.parent)}:{tok.start[0]}: {tok.string[:60]}")
    assert not found, "\n".join(found)


def test_check_counts_one_stock_and_one_variable_in_the_singular(cli, tmp_path):
    doc = {"format": "cld-editor", "version": 1,
           "variables": [{"id": "v1", "name": "Savings", "x": 0, "y": 0, "kind": "stock"},
                         {"id": "v2", "name": "Interest", "x": 200, "y": 0}],
           "links": [{"id": "l1", "from": "v1", "to": "v2", "polarity": "+"},
                     {"id": "l2", "from": "v2", "to": "v1", "polarity": "+"}]}
    path = tmp_path / "one.cld"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = cli("check", path)
    assert out.returncode == 0, out.stderr
    assert "with 2 variables (1 stock, 0 constants) and 2 links" in out.stdout
    assert "1 feedback loop: 1 reinforcing" in out.stdout


def test_an_import_report_counts_one_thing_in_the_singular():
    from cld_editor.io.xmile import read

    data = b"""<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0"><model><variables>
      <aux name="Jobs"><eqn>SMTH1(income, 3)</eqn></aux><aux name="Income"/></variables><views><view>
      <aux name="Jobs" x="0" y="0"/><aux name="Income" x="100" y="0"/>
      <connector uid="1"><from>Income</from><to>Jobs</to></connector>
      <connector uid="2"><from>Income</from><to>Cloud</to></connector></view></views></model></xmile>"""
    warnings = read(data).warnings
    assert "1 connector to things that are not variables was left out" in warnings
    assert "1 equation is not in the program's equation language; it is kept as XMILE text in its variable" \
        in warnings
