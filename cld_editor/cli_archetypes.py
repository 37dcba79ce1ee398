"""``cld-editor archetypes FILE [--json]``: the system archetypes found in a diagram.

JSON (issue 13): a list of ``{"archetype", "class", "loops", "roles", "ambiguous_with"}``;
the readable form adds the plain-words explanation, the leverage and, for an
ambiguous pair, the question only the user can answer.
"""

from __future__ import annotations

import argparse
import json
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file")
    parser.add_argument("--json", action="store_true", help="print one JSON list")


def run(args: argparse.Namespace) -> int:
    from .analysis.archetypes import CLASS_TITLES, explain, find_archetypes, leverage, role_title
    from .cli_common import load_diagram, printable

    diagram = load_diagram(args.file).diagram
    matches = find_archetypes(diagram)
    if args.json:
        json.dump([m.to_json(diagram) for m in matches], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    out = sys.stdout
    if not matches:
        out.write("No system archetype found in the loops of this diagram.\n")
        return 0
    asked: set[frozenset[str]] = set()
    for m in matches:
        loops = ", ".join(f"{loop.name} ({' -> '.join(loop.variable_names(diagram))})" for loop in m.loops)
        lines = [f"{m.title} ({CLASS_TITLES[m.generic_class].lower()}): loops {loops}"]
        for name, role in m.role_names(diagram).items():
            lines.append(f"  {role_title(role)}: {name}")
        lines.append("  " + explain(diagram, m))
        lines.append("  Leverage: " + leverage(m))
        key = frozenset(loop.name for loop in m.loops)
        if m.question and key not in asked:
            asked.add(key)
            lines.append("  Only you can tell: " + m.question)
        out.write(printable("\n".join(lines)) + "\n\n")
    return 0
