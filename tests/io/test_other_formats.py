"""Kumu, LOOPY, GraphML, GEXF, DOT and Mermaid."""

from __future__ import annotations

import json

import networkx as nx

from cld_editor.io import dot, gexf, graphml, kumu, kumu_csv, loopy, mermaid
from tests.conftest import build


def links(d):
    return sorted((d.variables[lk.source].name, d.variables[lk.target].name, lk.polarity, lk.delay)
                  for lk in d.links.values())


# ---------------------------------------------------------------- Kumu
def test_kumu_blueprint_signs_in_any_of_its_fields_and_map_positions():
    doc = {
        "elements": [{"_id": f"e{i}", "attributes": {"label": name, "description": f"about {name}"}}
                     for i, name in enumerate(["A", "B", "C", "D"])],
        "connections": [
            {"_id": "c1", "from": "e0", "to": "e1", "attributes": {"connection type": "+"}},
            {"_id": "c2", "from": "e1", "to": "e2", "type": "negative"},
            {"_id": "c3", "from": "e2", "to": "e3", "attributes": {"sign": "opposite", "delay": "yes"}},
            {"_id": "c4", "from": "e3", "to": "e0", "attributes": {"type": "influences"}},
            {"_id": "c5", "from": "e3", "to": "missing"},
        ],
        "maps": [{"elements": [{"element": "e0", "position": {"x": 10, "y": 20}}]}],
        "loops": [{"label": "R1"}],
    }
    result = kumu.read(json.dumps(doc).encode())
    d = result.diagram
    assert links(d) == [("A", "B", "+", False), ("B", "C", "-", False), ("C", "D", "-", True), ("D", "A", "?", False)]
    assert (d.variable_by_name("A").x, d.variable_by_name("A").y) == (10.0, 20.0)
    assert all(v.y > 20 for v in d.variables.values() if v.name != "A")  # the others in rows below
    assert len({(v.x, v.y) for v in d.variables.values()}) == 4
    assert d.variable_by_name("B").notes == "about B"
    text = " ".join(result.warnings)
    assert "missing" in text and "loop" in text and "no position" in text


def test_kumu_simple_json_names_connection_ends_by_label():
    doc = {"elements": [{"label": "Jobs"}, {"label": "Work"}],
           "connections": [{"from": "Jobs", "to": "work", "type": "+"}]}
    assert links(kumu.read(json.dumps(doc).encode()).diagram) == [("Jobs", "Work", "+", False)]


def test_kumu_export_is_a_blueprint_with_a_map():
    d = build(["Jobs", "Work"], [("Jobs", "Work", "-", True)])
    doc = json.loads(kumu.write(d))
    assert [e["attributes"]["label"] for e in doc["elements"]] == ["Jobs", "Work"]
    assert doc["connections"][0]["attributes"] == {"connection type": "-", "delay": True}
    assert len(doc["maps"][0]["elements"]) == 2


def test_kumu_sheets_connections_elements_and_separators():
    sheet = "From;To;Sign;Delay\nA;B;+;\nB;A;negative;yes\nLonely;;;\n".encode()
    d = kumu_csv.read(sheet).diagram
    assert links(d) == [("A", "B", "+", False), ("B", "A", "-", True)]
    assert d.variable_by_name("Lonely") is not None
    elements = kumu_csv.read(b"Label,Description\nA,first\nB,second\n")
    assert sorted(v.name for v in elements.diagram.variables.values()) == ["A", "B"]
    assert any("connections sheet" in w for w in elements.warnings)


def test_kumu_sheet_export_keeps_unlinked_variables():
    d = build(["Jobs", "Work", "Alone"], [("Jobs", "Work", "+")])
    back = kumu_csv.read(kumu_csv.write(d)).diagram
    assert sorted(v.name for v in back.variables.values()) == ["Alone", "Jobs", "Work"]


def test_kumu_workbook_made_by_a_spreadsheet_program():
    openpyxl = __import__("pytest").importorskip("openpyxl")
    import io

    from cld_editor.io import kumu_xlsx

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Connections"
    for row in (["From", "To", "Type", "Delay"], ["A", "B", "+", None], ["B", "A", -1, "yes"]):
        sheet.append(row)
    elements = book.create_sheet("Elements")
    for row in (["Label", "Description", "Tags"], ["A", "first", "x | y"], ["C", None, None]):
        elements.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    d = kumu_xlsx.read(buffer.getvalue()).diagram
    assert links(d) == [("A", "B", "+", False), ("B", "A", "-", True)]
    assert (d.variable_by_name("A").notes, d.variable_by_name("A").tags) == ("first", ("x", "y"))
    assert d.variable_by_name("C") is not None
    again = openpyxl.load_workbook(io.BytesIO(kumu_xlsx.write(d)))
    assert again.sheetnames == ["Elements", "Connections"]


# --------------------------------------------------------------- LOOPY
LINK = (b"https://ncase.me/loopy/v1.1/?data=[[[1,403,223,1,%22rabbits%22,0],[2,759,209,1,%22foxes%22,1]],"
        b"[[2,1,153,-1,0],[1,2,160,1,0]],[[586,130,%22Predator%20and%20prey%22]],3%5D")


def test_loopy_link_nodes_edges_labels():
    result = loopy.read(LINK)
    d = result.diagram
    assert links(d) == [("foxes", "rabbits", "-", False), ("rabbits", "foxes", "+", False)]
    assert (d.variable_by_name("rabbits").x, d.variable_by_name("rabbits").y) == (403.0, 223.0)
    assert [n.text for n in d.notes.values()] == ["Predator and prey"]
    assert any("starting amounts" in w for w in result.warnings)


def test_loopy_keeps_plus_signs_in_names_and_ignores_other_parameters():
    link = b'https://ncase.me/loopy/v1.1/?embed=1&data=[[[1,0,0,1,%22C++%22,0]],[],[],2%5D&x=1'
    assert [v.name for v in loopy.read(link).diagram.variables.values()] == ["C++"]


def test_loopy_bare_data_is_read_too():
    data = b'[[[1,0,0,0.5,"A",0],[2,100,0,0.5,"B",0]],[[1,2,0,1,0],[2,1,0,1,0]],[],3]'
    assert links(loopy.read(data).diagram) == [("A", "B", "+", False), ("B", "A", "+", False)]


# ------------------------------------------------------ GraphML and GEXF
def test_graphml_from_another_tool_without_positions_or_signs():
    g = nx.DiGraph()
    g.add_edge("a", "b", weight=-2.0)
    g.add_edge("b", "a", sign="+")
    g.nodes["a"]["name"] = "Alpha"
    data = "\n".join(nx.generate_graphml(g)).encode()
    result = graphml.read(data)
    assert links(result.diagram) == [("Alpha", "b", "-", False), ("b", "Alpha", "+", False)]
    assert any("laid out" in w for w in result.warnings)


def test_undirected_gexf_edges_become_two_links():
    g = nx.Graph()
    g.add_edge("x", "y")
    data = "\n".join(nx.generate_gexf(g)).encode()
    result = gexf.read(data)
    assert links(result.diagram) == [("x", "y", "?", False), ("y", "x", "?", False)]
    assert any("undirected" in w for w in result.warnings)


# --------------------------------------------------------- DOT, Mermaid
def test_dot_export_names_signs_delays_and_positions():
    d = build(["Jobs", 'Say "hi"'], [("Jobs", 'Say "hi"', "-", True), ('Say "hi"', "Jobs", "?")])
    text = dot.write(d).decode()
    assert text.startswith("digraph") and text.rstrip().endswith("}")
    assert 'label="Say \\"hi\\""' in text
    assert 'label="− ||"' in text and "style=dashed" in text
    assert 'pos="300,0!"' in text


def test_mermaid_export_escapes_what_mermaid_would_misread():
    d = build(["A|B", "C#D", "<E>"], [("A|B", "C#D", "+"), ("C#D", "<E>", "-", True)])
    text = mermaid.write(d).decode()
    assert text.splitlines()[0] == "flowchart LR"
    assert '["A#124;B"]' in text and '["C#35;D"]' in text and '["#lt;E#gt;"]' in text
    assert '-->|"+"|' in text and '-->|"− ‖"|' in text
