"""Vensim .mdl import: the import rules of docs/architecture.md, equations, encodings and broken files."""

from __future__ import annotations

import pytest

from cld_editor.core.errors import FileFormatError
from cld_editor.io import vensim_read
from cld_editor.io.vensim_read import read

SKETCH = "\\\\\\---/// Sketch information - do not modify anything except names\n" \
    "V300  Do not put anything below this section - it will be ignored\n"
FONT = "$192-192-192,0,Times New Roman|12||0-0-0|0-0-0|0-0-255|-1--1--1|-1--1--1|96,96,100,0\n"


def mdl(equations: str, *views: str, utf8: bool = True) -> str:
    body = ("{UTF-8}\n" if utf8 else "") + equations
    for i, view in enumerate(views):
        body += SKETCH + f"*View {i + 1}\n" + FONT + view
    return body + "///---\\\\\\\n:L<%^E!@\n"


def links(d):
    return sorted((d.variables[lk.source].name, d.variables[lk.target].name, lk.polarity, lk.delay)
                  for lk in d.links.values())


CLD = (
    'A= A FUNCTION OF(B) ~ ~ |\nB= A FUNCTION OF(A) ~ ~ |\n',
    "10,1,A,100,100,20,11,8,3,0,0,-1,0,0,0\n"
    "10,2,B,300,100,20,11,8,3,0,0,-1,0,0,0\n"
    "1,3,1,2,1,0,43,0,2,64,0,-1--1--1,,1|(200,80)|\n"
    "1,4,2,1,1,0,45,0,2,65,0,-1--1--1,,1|(200,120)|\n",
)


def test_arrows_become_links_with_polarity_and_delay_marks():
    d = read(mdl(*CLD).encode()).diagram
    assert links(d) == [("A", "B", "+", False), ("B", "A", "-", True)]
    assert (d.variable_by_name("A").x, d.variable_by_name("A").y) == (100.0, 100.0)


@pytest.mark.parametrize("code,polarity,label", [
    (43, "+", ""), (45, "-", ""), (0, "?", ""), (ord("S"), "+", "S"), (ord("O"), "-", "O"),
    (ord("1"), "?", "1"), (ord("x"), "?", "x"),
])
def test_polarity_codes(code, polarity, label):
    view = CLD[1].replace("1,3,1,2,1,0,43,", f"1,3,1,2,1,0,{code},")
    link = read(mdl(CLD[0], view).encode()).diagram.links["l1"]
    assert (link.polarity, link.label) == (polarity, label)


def test_quoted_names_with_commas_and_shadows_in_several_views_are_one_variable():
    eqs = '"Jobs, local"= A FUNCTION OF(Skills) ~ ~ |\nSkills= A FUNCTION OF("Jobs, local") ~ ~ |\n'
    view1 = ('10,1,"Jobs, local",100,100,20,11,8,3,0,0,-1,0,0,0\n'
             "10,2,Skills,300,100,20,11,8,3,0,0,-1,0,0,0\n"
             "1,3,1,2,1,0,43,0,2,64,0,-1--1--1,,1|(200,80)|\n")
    view2 = ("10,1,skills,50,50,20,11,8,2,0,3,-1,0,0,0\n"  # a shadow, written in another case
             '10,2,"JOBS,   local",250,50,20,11,8,3,0,0,-1,0,0,0\n'
             "1,3,1,2,1,0,45,0,2,64,0,-1--1--1,,1|(150,40)|\n"
             "10,4,Only here,60,50,20,11,8,3,0,0,-1,0,0,0\n")
    d = read(mdl(eqs, view1, view2).encode()).diagram
    assert sorted(v.name for v in d.variables.values()) == ["Jobs, local", "Only here", "Skills"]
    assert links(d) == [("Jobs, local", "Skills", "+", False), ("Skills", "Jobs, local", "-", False)]
    skills = d.variable_by_name("Skills")
    assert (skills.x, skills.y) == (300.0, 100.0)  # the shadow's position does not win
    assert d.variable_by_name("Jobs, local").y == 100.0
    assert d.variable_by_name("Only here").y > 100  # the second view sits below the first


def test_underscores_and_spaces_name_the_same_variable():
    view = ("10,1,Birth_Rate,100,100,20,11,8,3,0,0,-1,0,0,0\n"
            "10,2,birth  rate,300,100,20,11,8,2,0,0,-1,0,0,0\n"
            "10,3,Population,200,200,20,11,8,3,0,0,-1,0,0,0\n"
            "1,4,2,3,1,0,43,0,2,64,0,-1--1--1,,1|(200,80)|\n")
    d = read(mdl("Birth Rate = 0.1 ~ ~ |\n", view).encode()).diagram
    assert len(d.variables) == 2
    assert d.variable_by_name("Birth_Rate").kind == "constant"


def test_valves_pipes_and_clouds():
    eqs = ("Stock= INTEG(inflow - outflow, 10) ~ ~ |\ninflow = 0.1 * Stock ~ ~ |\n"
           "outflow = Stock / 5 ~ ~ |\n")
    view = ("10,1,Stock,300,100,40,20,3,3,0,0,0,0,0,0\n"
            "12,2,48,100,100,10,8,0,3,0,0,-1,0,0,0\n"
            "1,3,5,1,4,0,0,22,0,0,0,-1--1--1,,1|(250,100)|\n"
            "1,4,5,2,100,0,0,22,0,0,0,-1--1--1,,1|(150,100)|\n"
            "11,5,48,200,100,6,8,34,3,0,0,1,0,0,0\n"
            "10,6,inflow,200,120,20,11,40,3,0,0,-1,0,0,0\n"
            "12,7,48,500,100,10,8,0,3,0,0,-1,0,0,0\n"
            "1,8,10,7,4,0,0,22,0,0,0,-1--1--1,,1|(450,100)|\n"
            "1,9,10,1,100,0,0,22,0,0,0,-1--1--1,,1|(350,100)|\n"
            "11,10,48,400,100,6,8,34,3,0,0,1,0,0,0\n"
            "10,11,outflow,400,120,20,11,40,3,0,0,-1,0,0,0\n"
            "1,12,1,5,1,0,43,0,2,64,0,-1--1--1,,1|(250,50)|\n"
            "1,13,1,10,1,0,43,0,2,64,0,-1--1--1,,1|(350,50)|\n")
    result = read(mdl(eqs, view).encode())
    d = result.diagram
    assert sorted(v.name for v in d.variables.values()) == ["Stock", "inflow", "outflow"]
    assert links(d) == [("Stock", "inflow", "+", False), ("Stock", "outflow", "+", False),
                        ("inflow", "Stock", "+", False), ("outflow", "Stock", "-", False)]
    stock = d.variable_by_name("Stock")
    assert (stock.kind, stock.initial, stock.equation) == ("stock", 10.0, "inflow - outflow")
    assert d.variable_by_name("inflow").equation == "0.1 * stock"
    assert stock.extra["vensim_equation"] == "INTEG(inflow - outflow, 10)"


def test_a_valve_without_a_variable_is_a_flow_of_its_own():
    view = ("10,1,Stock,300,100,40,20,3,3,0,0,0,0,0,0\n"
            "10,2,Driver,200,200,20,11,8,3,0,0,-1,0,0,0\n"
            "11,4,0,200,100,6,8,2,3,0,0,1,0,0,0\n"
            "1,5,4,1,4,0,0,22,0,192,0,-1--1--1,,1|(250,100)|\n"
            "1,6,2,4,0,0,0,0,0,192,0,-1--1--1,,1|(0,0)|\n"
            "1,7,1,2,0,0,0,0,0,192,0,-1--1--1,,1|(0,0)|\n")
    result = read(mdl("Stock = INTEG(Driver, 1) ~ ~ |\n", view).encode())
    d = result.diagram
    assert "Flow into Stock" in [v.name for v in d.variables.values()]
    assert any("valve" in w for w in result.warnings)
    assert len(links(d)) == 3


def test_loop_label_comments_become_loop_labels_and_other_comments_notes():
    view = CLD[1] + ("12,5,0,200,100,15,15,4,7,0,0,-1,0,0,0\nB1\n"
                     "12,6,R2,250,150,15,15,5,3,0,0,-1,0,0,0\n"
                     "12,7,0,50,300,60,20,8,4,0,0,-1,0,0,0\nRemember the lag\n")
    d = read(mdl(CLD[0], view).encode()).diagram
    assert sorted(lab.code for lab in d.loop_labels.values()) == ["B1", "R2"]
    assert [n.text for n in d.notes.values()] == ["Remember the lag"]


@pytest.mark.parametrize("text,code,title", [
    ("R", "R", ""), ("B12", "B12", ""), ("R1 Word of mouth", "R1", "Word of mouth"),
    ("B\nSupply line control", "B", "Supply line control"), ("Birth rate", None, None), ("B is late", None, None),
])
def test_which_comments_are_loop_labels(text, code, title):
    view = CLD[1] + "12,5,0,200,100,15,15,4,7,0,0,-1,0,0,0\n" + text.replace("\n", " ") + "\n"
    if "\n" in text:  # a multi-line comment is written in quotes on the name field
        view = CLD[1] + '12,5,"' + text + '",200,100,15,15,4,3,0,0,-1,0,0,0\n'
    d = read(mdl(CLD[0], view).encode()).diagram
    labels = [(lab.code, lab.name) for lab in d.loop_labels.values()]
    assert labels == ([] if code is None else [(code, title)])


def test_lookup_and_keyword_equations_are_read():
    eqs = ("A = A FUNCTION OF(B) ~ ~ |\nB= A FUNCTION OF(A) ~ ~ |\n"
           "effect of x ( [(0,0)-(2,2)],(0,0),(1,1),(2,1) ) ~ ~ |\n"
           "data series :INTERPOLATE: := 5 ~ ~ |\n")
    from cld_editor.io.vensim_equations import parse_equations

    names = [e.name for e in parse_equations(eqs).entries]
    assert names == ["A", "B", "effect of x", "data series"]


def test_line_continuations_crlf_and_equation_text_kept():
    eqs = ("Heat Loss= (Temp - \\\r\n\t\tRoom) / Time Constant\r\n\t~\tDegrees\r\n\t~\tA long \\\r\n\t\tcomment.\r\n\t|\r\n"
           "Temp= INTEG(-Heat Loss, 80) ~ ~ |\r\nRoom = 20 ~ ~|\r\nTime Constant = 10 ~ ~ |\r\n")
    view = ("10,1,Temp,100,100,40,20,3,3,0,0,0,0,0,0\n10,2,Heat Loss,200,100,20,11,8,3,0,0,-1,0,0,0\n"
            "10,3,Room,200,200,20,11,8,3,0,0,-1,0,0,0\n10,4,Time Constant,300,100,20,11,8,3,0,0,-1,0,0,0\n"
            "1,5,1,2,1,0,0,0,0,64,0,-1--1--1,,1|(0,0)|\n1,6,3,2,1,0,0,0,0,64,0,-1--1--1,,1|(0,0)|\n"
            "1,7,4,2,1,0,0,0,0,64,0,-1--1--1,,1|(0,0)|\n1,8,2,1,1,0,45,0,0,64,0,-1--1--1,,1|(0,0)|\n")
    text = mdl(eqs, view).replace("\n", "\r\n").replace("\r\r\n", "\r\n")
    d = read(text.encode()).diagram
    loss = d.variable_by_name("Heat Loss")
    assert loss.equation == "(temp - room) / time_constant"
    assert loss.units == "Degrees" and loss.notes == "A long comment."
    assert d.variable_by_name("Temp").equation == "-heat_loss"


def test_equations_the_solver_cannot_use_are_kept_as_text_with_a_warning():
    view = CLD[1]
    eqs = "A= DELAY3(B, 4) ~ ~ |\nB= A FUNCTION OF(A) ~ ~ |\n"
    result = read(mdl(eqs, view).encode())
    a = result.diagram.variable_by_name("A")
    assert a.equation is None and a.extra["vensim_equation"] == "DELAY3(B, 4)"
    assert any("Vensim text" in w for w in result.warnings)


def test_macros_and_subscripts_are_reported_and_the_sketch_still_imports():
    eqs = (":MACRO: SMOOTHX(input, time)\nSMOOTHX = INTEG((input - SMOOTHX) / time, input) ~ ~ |\n"
           ":END OF MACRO:\nRegion: North, South ~ ~ |\nA[Region] = 1, 2 ~ ~ |\nB= SMOOTHX(A[North], 3) ~ ~ |\n")
    result = read(mdl(eqs, CLD[1]).encode())
    assert len(result.diagram.links) == 2
    text = " ".join(result.warnings)
    assert "1 macro" in text and "1 subscript range" in text


def test_a_model_without_a_sketch_takes_its_links_from_its_equations():
    eqs = "Stock = INTEG(flow, 1) ~ ~ |\nflow = Stock * rate ~ ~ |\nrate = 0.1 ~ ~ |\nTIME STEP = 1 ~ ~ |\n"
    result = read(mdl(eqs).encode())
    d = result.diagram
    assert links(d) == [("Stock", "flow", "?", False), ("flow", "Stock", "?", False), ("rate", "flow", "?", False)]
    assert any("laid out automatically" in w for w in result.warnings)
    assert len({(v.x, v.y) for v in d.variables.values()}) == 3


def test_simulation_settings_come_from_the_control_section():
    eqs = CLD[0] + "INITIAL TIME = 1990 ~ ~ |\nFINAL TIME = 2000 ~ ~ |\nTIME STEP = 0.5 ~ ~ |\nSAVEPER = 1 ~ ~ |\n"
    sim = read(mdl(eqs, CLD[1]).encode()).diagram.simulation
    assert (sim.start, sim.stop, sim.dt, sim.save_every) == (1990.0, 2000.0, 0.5, 1.0)


def test_windows_code_page_without_utf8_marker():
    view = CLD[1].replace(",A,", ",Café,")
    data = mdl(CLD[0].replace("A", "Café").replace("Café FUNC", "A FUNC"), view, utf8=False).encode("cp1252")
    d = read(data).diagram
    assert d.variable_by_name("Café") is not None


def test_old_v160_sketch_with_multi_line_comments():
    text = ("{UTF-8}\nA = A FUNCTION OF(B) ~ ~ |\nB = A FUNCTION OF(A) ~ ~ |\n"
            "\\\\\\---/// Sketch information - do not modify anything except names\n"
            "V160  Do not put anything below this section - it will be ignored\n*View 1\n$Times New Roman|12||0-0-0\n"
            "|0,A,100,100,40,20,0,0,0,0,-1,0,-1--1--1,-1--1--1\n"
            "|1,B,300,100,40,20,0,0,0,0,-1,0,-1--1--1,-1--1--1\n"
            '|2,"\nR1\n,200,100,15,15,4,3,0,0,0,0,-1--1--1,-1--1--1\n'
            ">0,1,1,0,43,0,0,-1--1--1,1|(200,80)|\n>1,0,1,0,45,0,0,-1--1--1,1|(200,120)|\n///---\\\\\\\n")
    d = read(text.encode()).diagram
    assert links(d) == [("A", "B", "+", False), ("B", "A", "-", False)]
    assert [lab.code for lab in d.loop_labels.values()] == ["R1"]


@pytest.mark.parametrize("data,words", [
    (b"{UTF-8}\nA = 1 ~ ~ |\n\xff\xfe broken", "UTF-8"),
    (b"\x00\x01\x02binary", "binary"),
    (b"just some text with no model", "not a Vensim model"),
    (b"", "not a Vensim model"),
])
def test_broken_files_are_refused_cleanly(data, words):
    with pytest.raises(FileFormatError, match=words):
        read(data, "broken.mdl")


def test_truncated_file_still_reads_what_is_there_or_refuses_cleanly():
    text = mdl(*CLD).encode()
    for cut in range(0, len(text), 7):
        try:
            vensim_read.read(text[:cut])
        except FileFormatError:
            pass


def test_numbers_too_large_for_whole_numbers_do_not_crash():
    # Found by fuzzing: "11e999" is a float (infinity) that no field can hold as an int.
    view = CLD[1].replace("10,1,A,100,100,20,11,8,", "10,1,A,100,100,20,11,11e999,")
    d = read(mdl(CLD[0], view).encode()).diagram
    assert sorted(v.name for v in d.variables.values()) == ["A", "B"]


def test_an_unreadable_sketch_line_is_named_by_its_line_number():
    view = CLD[1].replace("1,4,2,1,1,0,45,0,2,65,0,-1--1--1,,1|(200,120)|", "1,4,2,1")
    result = read(mdl(CLD[0], view).encode(), "loop.mdl")
    assert links(result.diagram) == [("A", "B", "+", False)]
    assert "1 sketch line could not be read and was left out: " \
        "line 11: an arrow needs 10 or more fields, this line has 4" in result.warnings


def test_a_sketch_with_no_readable_line_is_not_called_no_sketch():
    view = "10,1,A,100\n10,2,B,x,y,20,11,8,3,0,0,-1,0,0,0\n1,3,1,2\n"
    result = read(mdl(CLD[0], view).encode(), "loop.mdl")
    assert links(result.diagram) == [("A", "B", "?", False), ("B", "A", "?", False)]
    message = next(w for w in result.warnings if "sketch" in w)
    assert message.startswith("the sketch could not be read (line 8: a variable needs 9 or more fields, "
                              "this line has 4; line 9: a variable's position (x, y) is not two numbers; "
                              "line 10: an arrow needs 10 or more fields")
    assert "no sketch" not in message


def test_a_file_in_which_nothing_usable_remains_is_refused(cli, tmp_path):
    text = mdl("Jobs = 10 ~ people ~ |\n", "10,1,Jobs,100\n1,3,1,2\n")
    with pytest.raises(FileFormatError) as caught:
        read(text.encode(), "jobs.mdl")
    assert str(caught.value).startswith(
        "jobs.mdl: line 7: the sketch cannot be read (a variable needs 9 or more fields, this line has 4) "
        "(1 other line too) and the equations give no links, so nothing usable remains")
    path = tmp_path / "jobs.mdl"
    path.write_text(text, encoding="utf-8")
    out = cli("check", path)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith(f"error: {path}: line 7: the sketch cannot be read") and out.stderr.count("\n") == 1
