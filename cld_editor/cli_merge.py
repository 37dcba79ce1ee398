"""``cld-editor merge FILE... -o OUT [--json]``: several people's diagrams in one.

Each file is one perspective, named after the file (``college-tutor.cld`` is
"college-tutor").  Close but different names are reported as possible matches
and left apart: confirming them is a person's decision (the window asks).
With ``--json`` the possible matches go to stderr as ``note:`` lines, so
standard output stays one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the merge (and the layout it places new variables with) loads only when asked for
    from .analysis.merge import MergeResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="the diagrams to merge, the first one's layout kept")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the merged diagram to write")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from .analysis.merge import MAX_LOOPS, MAX_STEPS, merge
    from .cli_common import EXIT_OK, load_diagram
    from .io import format_for, save

    format_for(args.output)  # an unwritable output type is refused before anything is read
    sources = [(Path(path).stem, load_diagram(path).diagram) for path in args.files]
    result = merge(sources)
    save(result.diagram, args.output)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        for line in _candidate_lines(result):
            print(f"note: possible match, not merged: {line}", file=sys.stderr)
    else:
        print(describe(result, args.output))
    if not result.loops_complete:  # the JSON keeps its keys: the warning goes beside it
        print(f"warning: the merged map has too many loops to search them all; the loops no single perspective "
              f"drew were looked for among its {result.loops_searched:,} shortest only (the search stops at "
              f"{MAX_LOOPS:,} loops or {MAX_STEPS:,} steps)", file=sys.stderr)
    return EXIT_OK


def _candidate_lines(result: MergeResult) -> list[str]:
    from .cli_common import printable

    return [printable(f'"{c.first}" ({", ".join(c.perspectives[0])}) and "{c.second}" '
                      f'({", ".join(c.perspectives[1])}), {c.score:.0f}% alike', one_line=True)
            for c in result.candidates]


def describe(result: MergeResult, output: str) -> str:
    """The merge as readable text."""
    from .cli_common import printable

    d = result.diagram
    lines = [f"Merged {len(result.labels)} perspective{'s' if len(result.labels) != 1 else ''} "
             f"({', '.join(result.labels)}) into {output}: {len(d.variables)} variables, {len(d.links)} links."]
    tally = Counter(result.agreement.values())
    parts = [f"{tally[n]} drawn by {n}" for n in sorted(tally, reverse=True)]
    if parts:
        lines.append("Agreement: " + "; ".join(parts) + ".")
    if result.contested:
        lines.append(f"Contested links ({len(result.contested)}), drawn with different signs; left as ?:")
        for link in d.links.values():
            if link.evidence.confidence == "contested" and link.polarity == "?":
                who = ", ".join(f"{name} {sign}" for name, sign in link.perspectives.items())
                lines.append(f"  {d.variables[link.source].name} -> {d.variables[link.target].name} ({who})")
    among = "" if result.loops_complete else f" among the {result.loops_searched:,} shortest loops searched"
    if result.new_loops:
        lines.append(f"Loops no single perspective drew{among} ({len(result.new_loops)}):")
        lines.extend(f"  {polarity}  {' -> '.join(members + members[:1])}" for members, polarity in result.new_loops)
    elif result.loops_complete:
        lines.append("Every loop of the merged map was already in someone's map.")
    else:
        lines.append(f"No loop{among} is new: each was already in someone's map.")
    if result.candidates:
        lines.append(f"Possible matches, not merged ({len(result.candidates)}); "
                     "merge them in the window if they are one variable:")
        lines.extend(f"  {line}" for line in _candidate_lines(result))
    return printable("\n".join(lines))
