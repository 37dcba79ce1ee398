"""The command line (docs/architecture.md, "The command line").

``cld-editor [FILE] [--present]`` opens the window; the sub-commands work
without a display.  Exit 0 on success, 2 on bad input (one ``error:`` line on
stderr, no traceback), 1 only for a bug.  Qt is imported only to start the
window or to render an image.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from . import __version__, cli_export, cli_simulate
from .cli_common import EXIT_BUG, EXIT_INPUT, EXIT_OK, InputError, load_diagram, printable  # noqa: F401 - shared
from .core.diagram import Diagram
from .core.errors import CldError
from .core.words import plural as _plural


class _Parser(argparse.ArgumentParser):
    # argparse prints the usage and "prog: error:"; the contract is one line.
    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{message} (see cld-editor {self.prog.split()[-1]} --help)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected zero or more, got {value}")
    return value


def _variable_id(diagram: Diagram, name: str, path: str) -> str:
    from .core.naming import equation_name

    var = diagram.variable_by_name(name)
    if var is None:
        wanted = equation_name(name)
        var = next((v for v in diagram.variables.values() if equation_name(v.name) == wanted), None)
    if var is None:
        raise InputError(f'no variable called "{name}"', f"{path}: --through", "names ignore case")
    return var.id


# ---------------------------------------------------------------- loops
def cmd_loops(args: argparse.Namespace) -> int:
    from .analysis.loops import count_loops, find_loops

    diagram = load_diagram(args.file).diagram
    through = _variable_id(diagram, args.through, args.file) if args.through is not None else None
    if args.max_length is not None and args.max_length < 1:
        raise InputError("--max-length must be at least 1")
    options = dict(through=through, max_length=args.max_length, limit=args.limit)
    if args.count:
        print(json.dumps(count_loops(diagram, **options).to_json()))
        return EXIT_OK
    found = find_loops(diagram, **options)
    if args.json:
        doc = found.counts().to_json()
        doc["loops"] = [loop.to_json(diagram) for loop in found.loops]
        json.dump(doc, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    _print_loop_table(diagram, found)
    return EXIT_OK


def _print_loop_table(diagram: Diagram, found) -> None:
    counts = found.counts()
    rows = [("Loop", "Polarity", "Links", "Delay", "Variables")]
    for loop in found.loops:
        names = loop.variable_names(diagram)
        rows.append((
            loop.name,
            f"{loop.polarity} {loop.polarity_word}",
            str(loop.length),
            "delay" if loop.delayed else "",
            " -> ".join(names + names[:1]),
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    out = sys.stdout
    for row in rows:
        cells = [row[i].ljust(widths[i]) for i in range(4)] + [row[4]]
        out.write(printable("  ".join(cells).rstrip()) + "\n")
    more = "" if found.complete else "; stopped at the limit, there are more"
    out.write(
        f"\n{counts.total} loop{'s' if counts.total != 1 else ''}: {counts.reinforcing} reinforcing, "
        f"{counts.balancing} balancing, {counts.unknown} unknown{more}\n"
    )


# ---------------------------------------------------------------- check
CHECK_SECONDS = 10.0


def cmd_check(args: argparse.Namespace) -> int:
    import time

    result = load_diagram(args.file)
    # the checks load after the file: a file that cannot be read is refused without starting sympy
    from .analysis.diagnostics import diagnose
    from .analysis.loops import count_loops
    from .sim.model import equation_problems

    d = result.diagram
    problems = equation_problems(d)
    kinds = {"stock": 0, "constant": 0}
    for var in d.variables.values():
        kinds[var.kind] = kinds.get(var.kind, 0) + 1
    polarity = {"+": 0, "-": 0, "?": 0}
    for link in d.links.values():
        polarity[link.polarity] += 1
    delayed = sum(link.delay for link in d.links.values())
    deadline = time.monotonic() + CHECK_SECONDS
    loops = count_loops(d, should_stop=lambda: time.monotonic() > deadline)
    title = f' "{d.title}"' if d.title else ""
    parts = [
        f"{args.file}: a {'valid ' if not problems else ''}diagram{title} with "
        f"{_plural(len(d.variables), 'variable')}"
        + (f" ({_plural(kinds['stock'], 'stock')}, {_plural(kinds['constant'], 'constant')})"
           if kinds["stock"] or kinds["constant"] else "")
        + f" and {_plural(len(d.links), 'link')} ({polarity['+']} +, {polarity['-']} -, {polarity['?']} unknown; "
        f"{delayed} delayed).",
        f"{'At least ' if not loops.complete else ''}{_plural(loops.total, 'feedback loop')}: "
        f"{loops.reinforcing} reinforcing, {loops.balancing} balancing, {loops.unknown} of unknown polarity"
        + (f" (counting stopped after {CHECK_SECONDS:.0f} s)" if not loops.complete else "") + ".",
    ]
    if d.loop_labels or d.notes:
        parts.append(f"It has {_plural(len(d.loop_labels), 'loop label')} and {_plural(len(d.notes), 'note')}.")
    if result.warnings:
        parts.append("Not carried over from the file: " + "; ".join(result.warnings) + ".")
    warnings = diagnose(d)
    if warnings:
        parts.append("Warnings: " + "; ".join(w.message for w in warnings) + ".")
    if problems:
        names = list(dict.fromkeys(d.variables[vid].name for vid, _ in problems))
        parts.append(f"The simulate command would refuse the equation{'s' if len(names) != 1 else ''} of "
                     f"{_and([_short(n) for n in names[:SHOWN]], len(names) - SHOWN)} (see the error below).")
    print(printable(" ".join(parts)))
    if problems:
        # One error line (the command line's contract, docs/architecture.md) naming each variable and its problem (the first few of many);
        # exit 2 as simulate would.
        listed = "; ".join(_short(str(err), 300) for _, err in problems[:SHOWN])
        more = f"; and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        raise InputError(
            f"{_plural(len(problems), 'equation problem')} that simulate would refuse: {listed}{more}",
            args.file,
            "fix them in the Equations panel, or clear an equation to let the program generate it from the links")
    return EXIT_OK


#: At most this many equation problems are spelled out by check (one line must stay readable).
SHOWN = 5


def _short(text: str, most: int = 60) -> str:
    """``text``, cut with an ellipsis when longer than ``most`` characters (a file may hold giant names)."""
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def _and(names: list[str], more: int = 0) -> str:
    """``A``, ``A and B``, ``A, B and C``; ``A, B and 3 more``."""
    if more > 0:
        return ", ".join(names) + f" and {more} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# -------------------------------------------------------------- convert
def cmd_convert(args: argparse.Namespace) -> int:
    from .io import format_for, save
    from .io.formats import spread_imported

    format_for(args.output)  # refuse an unknown output type before reading anything
    result = load_diagram(args.input)
    diagram = result.diagram
    spread_imported(diagram, args.input)  # as the window shows it
    if getattr(args, "infer_polarity", False):
        from .sim.infer import apply_inferred_polarity

        changed = apply_inferred_polarity(diagram)
        print(f"{_plural(changed, 'link')} given an inferred polarity (marked as inferred)", file=sys.stderr)
    save(diagram, args.output)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------- export
def cmd_export(args: argparse.Namespace) -> int:
    if args.output.lower().endswith(".html"):
        from .cli_page import run as export_page

        return export_page(args)
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise InputError(f"cannot export to {suffix or 'a file without extension'!r}", args.output,
                         "use .png, .svg or .pdf, or .html for an interactive page")
    diagram = load_diagram(args.file).diagram
    from .io.formats import spread_imported

    spread_imported(diagram, args.file)  # as the window shows it
    options = cli_export.page_options(args, diagram)
    from .gui.export import PageOptions, export_diagram_headless

    export_diagram_headless(diagram, args.output, scale=args.scale, page=PageOptions(**options) if options else None)
    return EXIT_OK


# ------------------------------------------------------------- simulate
def cmd_simulate(args: argparse.Namespace) -> int:
    return cli_simulate.simulate_command(args, load_diagram(args.file).diagram, source=args.file)


# ------------------------------------------------------------------ gui
def cmd_gui(args: argparse.Namespace) -> int:
    import os

    # Without a screen Qt aborts the process with a core dump; say it in one line instead.
    if sys.platform.startswith("linux") and not any(
        os.environ.get(key) for key in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    ):
        raise InputError("there is no display to open the window on",
                         hint="start it on a desktop, or use a sub-command such as cld-editor loops FILE")
    from .gui.app import run_gui

    return run_gui(args.file, present=args.present)


def _subcommands() -> dict[str, tuple[Callable[[argparse.Namespace], int], argparse.ArgumentParser]]:
    table: dict[str, tuple[Callable[[argparse.Namespace], int], argparse.ArgumentParser]] = {}

    p = _Parser(prog="cld-editor loops", description="List the feedback loops of a diagram.")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--count", action="store_true", help="print only the counts (as JSON), holding no loops in memory")
    p.add_argument("--through", metavar="NAME", help="keep loops through this variable")
    p.add_argument("--max-length", type=_positive, metavar="N", help="keep loops of at most N links")
    p.add_argument("--limit", type=_positive, metavar="N", help="stop after N loops (shortest first)")
    table["loops"] = (cmd_loops, p)

    p = _Parser(
        prog="cld-editor check", description="Validate a diagram and summarise it in one paragraph.",
        epilog="Exit status: 0 when the file is valid (warnings such as a loop without a delay are only "
        "printed); 2 when it cannot be read, or when simulate would refuse one of its equations: the "
        "summary is still printed, and one error line names each such variable and what is wrong.")
    p.add_argument("file")
    table["check"] = (cmd_check, p)

    from . import cli_archetypes
    p = _Parser(prog="cld-editor archetypes", description="Find the system archetypes in a diagram's loops.")
    cli_archetypes.add_arguments(p)
    table["archetypes"] = (cli_archetypes.run, p)

    from . import cli_report
    p = _Parser(prog="cld-editor report", description="Write the loop story book as HTML, PDF or .docx.")
    cli_report.add_arguments(p)
    table["report"] = (cli_report.run, p)

    p = _Parser(prog="cld-editor convert", description="Convert between formats, chosen by extension.")
    p.add_argument("input")
    p.add_argument("output")
    p.add_argument("--infer-polarity", action="store_true",
                   help="give links without a sign the sign of their equation's partial derivative")
    table["convert"] = (cmd_convert, p)

    p = _Parser(prog="cld-editor export", description="Export the diagram as drawn to PNG, SVG or PDF.")
    p.add_argument("file")
    p.add_argument("output")
    cli_export.add_arguments(p)
    table["export"] = (cmd_export, p)

    p = _Parser(prog="cld-editor simulate", description="Run the diagram's equations over time.")
    cli_simulate.add_arguments(p)
    table["simulate"] = (cmd_simulate, p)

    from . import cli_compare, cli_merge

    for name, module, text in (("compare", cli_compare, "What changed between two versions, loops first."),
                               ("merge", cli_merge, "Merge several people's diagrams into one.")):
        p = _Parser(prog=f"cld-editor {name}", description=text)
        module.add_arguments(p)
        table[name] = (module.run, p)

    from . import cli_layout

    p = _Parser(prog="cld-editor layout", description="Lay a diagram out afresh (or --tidy it) and save it.")
    cli_layout.add_arguments(p)
    table["layout"] = (cli_layout.run, p)
    return table


def _gui_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="cld-editor",
        description="A causal-loop diagram editor. Sub-commands: loops, check, convert, export, simulate, "
        "compare, merge, archetypes, report "
        "(cld-editor COMMAND --help).",
    )
    p.add_argument("file", nargs="?", help="a diagram to open (.cld, .mdl, .xmile, .stmx, .json ...)")
    p.add_argument("--present", action="store_true", help="open in presentation mode")
    p.add_argument("--version", action="version", version=f"cld-editor {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        table = _subcommands()
        if args_list and args_list[0] in table:
            handler, parser = table[args_list[0]]
            args = parser.parse_args(args_list[1:])
        else:
            handler = cmd_gui
            args = _gui_parser().parse_args(args_list)
        return handler(args)
    except CldError as exc:
        print(f"error: {printable(str(exc), one_line=True)}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
