"""``cld-editor compare OLD NEW [--json]``: what changed between two versions, loops first."""

from __future__ import annotations

import argparse
import json

from .analysis.compare import compare, describe


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the earlier version (any format cld-editor opens)")
    parser.add_argument("new", help="the later version")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    from .cli_common import EXIT_OK, load_diagram, printable

    old = load_diagram(args.old).diagram
    new = load_diagram(args.new).diagram
    diff = compare(old, new)
    if args.json:
        print(json.dumps(diff.to_json(), ensure_ascii=False))
    else:
        print(printable(describe(diff, args.old, args.new)))
    return EXIT_OK
