"""Nothing in a file is ever run: a static scan of every module of cld_editor/.

Fails on any call that can turn text into code or objects (eval, exec,
compile, __import__ on a variable, sympify, parse_expr, sympy.S on text,
pickle/marshal/shelve loading, yaml.load, os.system/os.popen), on lambdify
outside the solver or on anything but a built expression, and on XML parsed
anywhere but through cld_editor/io/safe_xml.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cld_editor"

BANNED_NAMES = {"eval", "exec", "compile", "sympify", "parse_expr", "execfile", "input"}
BANNED_ATTRIBUTES = {
    ("pickle", "load"), ("pickle", "loads"), ("pickle", "Unpickler"), ("cPickle", "loads"),
    ("marshal", "load"), ("marshal", "loads"), ("shelve", "open"), ("dill", "load"), ("dill", "loads"),
    ("yaml", "load"), ("yaml", "unsafe_load"), ("yaml", "full_load"),
    ("os", "system"), ("os", "popen"), ("sympy", "sympify"), ("sp", "sympify"), ("sympy", "parse_expr"),
    ("builtins", "eval"), ("builtins", "exec"), ("builtins", "compile"),
    ("numpy", "load"), ("np", "load"),
}
BANNED_IMPORTS = {"pickle", "cPickle", "marshal", "shelve", "dill", "sympy.parsing", "sympy.parsing.sympy_parser"}
BANNED_FROM_IMPORTS = {("sympy", "sympify"), ("sympy", "parse_expr"), ("sympy.parsing.sympy_parser", "parse_expr"),
                       ("sympy.core.sympify", "sympify"), ("builtins", "eval"), ("builtins", "exec")}
# XML is parsed only through the safe parser.  Building and writing XML with ElementTree is fine;
# these entry points parse (and, depending on the library and version, expand entities or fetch).
XML_PARSERS = {"fromstring", "fromstringlist", "parse", "XML", "XMLID", "iterparse", "XMLParser", "XMLPullParser",
               "parseString", "make_parser", "ParserCreate"}
XML_PARSER_OWNERS = {"ET", "ElementTree", "etree", "minidom", "pulldom", "sax", "expat", "xml", "cElementTree"}
XML_BANNED_MODULES = ("xml.dom", "xml.sax", "lxml", "defusedxml", "pyexpat", "xml.parsers.expat")
XML_ALLOWED = {Path("io/safe_xml.py")}
# Escaping text for XML being written parses nothing.
XML_HARMLESS = {"xml.sax.saxutils"}
# networkx readers parse XML with ElementTree themselves: allowed only after the same function has
# passed the bytes through safe_xml.parse_xml (which refuses DOCTYPE and ENTITY declarations).
NETWORKX_XML_READERS = {"read_graphml", "parse_graphml", "read_gexf", "parse_gexf"}
# lambdify turns a sympy expression into Python source and execs it; allowed only in the
# solver, and only on an expression we built (never a string).
LAMBDIFY_ALLOWED_UNDER = ("sim/",)
# Reviewed exceptions: (file, reason) -> why it is safe.  Keep this short.
REVIEWED = {
    ("gui/about.py", "calls __import__ on a computed name"):
        "the About dialog imports the program's own dependencies by a fixed list of names to show versions",
}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _is_text(node: ast.AST) -> bool:
    """A node that is certainly a string: a literal, an f-string, str(...), a concatenation of those."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call) and _dotted(node.func) in {"str", "repr", "format"}:
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in {
        "format", "join", "read", "read_text", "decode", "strip"}


def _checked_first(tree: ast.AST, call: ast.Call) -> bool:
    """True when the function holding ``call`` calls parse_xml on an earlier line."""
    for func in ast.walk(tree):
        if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                func.lineno <= call.lineno <= (func.end_lineno or func.lineno):
            return any(isinstance(n, ast.Call) and _dotted(n.func).endswith("parse_xml") and n.lineno < call.lineno
                       for n in ast.walk(func))
    return False


def violations_in(source: str, relative: Path) -> list[str]:
    """Return ``file:line: reason`` for each forbidden construct in ``source``."""
    tree = ast.parse(source, str(relative))
    found: list[str] = []

    def report(node: ast.AST, reason: str) -> None:
        found.append(f"{relative}:{getattr(node, 'lineno', 0)}: {reason}")

    in_solver = str(relative).startswith(LAMBDIFY_ALLOWED_UNDER)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in BANNED_IMPORTS:
                    report(node, f"imports {alias.name}")
                if alias.name.startswith(XML_BANNED_MODULES) and alias.name not in XML_HARMLESS \
                        and relative not in XML_ALLOWED:
                    report(node, f"imports {alias.name}: parse XML with cld_editor.io.safe_xml.parse_xml")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module in BANNED_IMPORTS:
                report(node, f"imports from {module}")
            for alias in node.names:
                if (module, alias.name) in BANNED_FROM_IMPORTS:
                    report(node, f"imports {alias.name} from {module}")
                if alias.name == "lambdify" and not in_solver:
                    report(node, "imports lambdify outside the solver (sim/)")
            full = [module] + [f"{module}.{alias.name}" for alias in node.names]
            full = [f for f in full if not f.startswith(tuple(XML_HARMLESS))] if module in XML_HARMLESS else full
            if any(f.startswith(XML_BANNED_MODULES) for f in full) and relative not in XML_ALLOWED:
                report(node, f"imports from {module}: parse XML with cld_editor.io.safe_xml.parse_xml")
            if module.startswith("xml.etree") and relative not in XML_ALLOWED:
                for alias in node.names:
                    if alias.name in XML_PARSERS:
                        report(node, f"imports {alias.name} from {module}: parse XML with safe_xml.parse_xml")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            last = name.rsplit(".", 1)[-1]
            parts = tuple(name.rsplit(".", 2)[-2:]) if "." in name else ()
            if name in BANNED_NAMES:
                report(node, f"calls {name}()")
            elif parts in BANNED_ATTRIBUTES:
                report(node, f"calls {name}()")
            elif last in {"sympify", "parse_expr"}:
                report(node, f"calls {name}()")
            elif name == "__import__" and not (node.args and isinstance(node.args[0], ast.Constant)):
                report(node, "calls __import__ on a computed name")
            elif name in {"S", "sympy.S", "sp.S"} and node.args and _is_text(node.args[0]):
                report(node, f"calls {name}() on text (that is sympify)")
            elif last == "lambdify":
                if not in_solver:
                    report(node, "calls lambdify outside the solver (sim/)")
                elif len(node.args) > 1 and _is_text(node.args[1]):
                    report(node, "calls lambdify on text")
                elif any(k.arg == "expr" and _is_text(k.value) for k in node.keywords):
                    report(node, "calls lambdify on text")
            elif parts and parts[0] in XML_PARSER_OWNERS and last in XML_PARSERS and relative not in XML_ALLOWED:
                report(node, f"calls {name}(): parse XML with cld_editor.io.safe_xml.parse_xml")
            elif last in NETWORKX_XML_READERS and not _checked_first(tree, node):
                report(node, f"calls {name}() without safe_xml.parse_xml on the same bytes first")
            elif name == "getattr" and len(node.args) >= 2 and isinstance(node.args[0], ast.Name) \
                    and node.args[0].id in {"builtins", "__builtins__"}:
                report(node, "looks up a builtin by name")
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_the_scan_sees_every_module():
    names = {str(p.relative_to(PACKAGE)) for p in _modules()}
    assert {"cli.py", "io/native.py", "io/safe_xml.py", "core/diagram.py"} <= names


def test_no_module_turns_text_into_code():
    problems = [v for path in _modules()
                for v in violations_in(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE))
                if (v.split(":", 1)[0], v.split(": ", 1)[1]) not in REVIEWED]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(("snippet", "reason"), [
    ("eval(text)", "calls eval()"),
    ("exec(code, {})", "calls exec()"),
    ("compile(src, 'f', 'exec')", "calls compile()"),
    ("import sympy\nsympy.sympify(text)", "calls sympy.sympify()"),
    ("from sympy import sympify", "imports sympify from sympy"),
    ("from sympy.parsing.sympy_parser import parse_expr", "imports from sympy.parsing.sympy_parser"),
    ("import pickle", "imports pickle"),
    ("import yaml\nyaml.load(f)", "calls yaml.load()"),
    ("import os\nos.system(cmd)", "calls os.system()"),
    ("from sympy import S\nS(text.strip())", "calls S() on text"),
    ("__import__(name)", "calls __import__ on a computed name"),
    ("import xml.etree.ElementTree as ET\nET.fromstring(data)", "calls ET.fromstring()"),
    ("from xml.etree.ElementTree import parse", "imports parse from xml.etree.ElementTree"),
    ("import xml.parsers.expat", "imports xml.parsers.expat"),
    ("from xml.parsers import expat", "imports from xml.parsers"),
    ("from xml import sax", "imports from xml"),
    ("import networkx as nx\ndef read(data):\n    return nx.parse_graphml(data)", "without safe_xml"),
    ("from xml.dom import minidom", "imports from xml.dom"),
    ("import lxml.etree", "imports lxml.etree"),
])
def test_the_scan_catches_each_forbidden_construct(snippet, reason):
    found = violations_in(snippet, Path("io/example.py"))
    assert found and reason in found[0], found


def test_lambdify_is_allowed_in_the_solver_only_on_built_expressions():
    built = "from sympy import lambdify\nf = lambdify(symbols, expression, 'numpy')"
    assert violations_in(built, Path("sim/solver.py")) == []
    assert violations_in(built, Path("io/vensim.py")) != []
    on_text = "from sympy import lambdify\nf = lambdify(symbols, f'{a}+{b}')"
    assert "lambdify on text" in violations_in(on_text, Path("sim/solver.py"))[0]


def test_safe_names_pass():
    ok = ("import re\nre.compile('x')\nimport json\njson.loads(text)\nfrom .safe_xml import parse_xml\n"
          "import xml.etree.ElementTree as ET\nroot = ET.Element('x')\nET.tostring(root)\n"
          "from xml.sax.saxutils import escape, quoteattr\n"
          "import networkx as nx\ndef read(data):\n    parse_xml(data)\n    return nx.parse_graphml(data)\n")
    assert violations_in(ok, Path("io/kumu.py")) == []
