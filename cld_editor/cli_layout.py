"""``cld-editor layout IN OUT``: draw a diagram afresh, or tidy it, without opening the window.

Afresh (the default) every variable gets a new place from the automatic
layout; ``--tidy`` keeps the author's arrangement and only removes
overlapping names and links through names with small moves.  Either way the
links whose bend the program owns are then curved round their loops (a bend
dragged by hand is kept), and after a fresh layout each loop label moves to
its loop's middle and the notes line up under the drawing (``--tidy`` keeps
them where they are, as it keeps everything the author placed).  Nothing is written when the input cannot be read.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--tidy", action="store_true",
                        help="keep the arrangement; only part overlapping names and clear names from links")
    parser.add_argument("--seed", type=int, default=7, help="seed of the layout's random starts (default 7)")


def run(args: argparse.Namespace) -> int:
    from .analysis.curvature import curve_unbent_links
    from .analysis.layout import layout_diagram, loop_label_spots, note_spots
    from .analysis.layout_tidy import tidy_positions
    from .cli_common import load_diagram
    from .io import format_for, save

    format_for(args.output)  # refuse an unknown output type before any work
    diagram = load_diagram(args.input).diagram
    positions = tidy_positions(diagram) if args.tidy else layout_diagram(diagram, seed=args.seed)
    moved = 0
    for vid, (x, y) in positions.items():
        var = diagram.variables[vid]
        if (var.x, var.y) != (x, y):
            diagram.update_variable(vid, x=x, y=y)
            moved += 1
    curved = curve_unbent_links(diagram)
    if not args.tidy:  # loop labels follow their loops to the new places; notes go under the drawing
        for lid, (x, y) in loop_label_spots(diagram, positions).items():
            diagram.update("loop_label", lid, x=x, y=y)
        for nid, (x, y) in note_spots(diagram, positions).items():
            diagram.update("note", nid, x=x, y=y)
    save(diagram, args.output)
    print(f"{moved} of {len(diagram.variables)} variables moved, {curved} links curved round their loops",
          file=sys.stderr)
    return 0
