"""The loop story book as plain data: what every report format (HTML, PDF, .docx) shows.

:func:`build_report` gathers, in reading order, the diagram's title and
description, an alt text for the diagram, one page per loop (name, R/B,
members, story, the evidence and confidence of its links, the archetype it
belongs to, its dominance over time when the diagram has equations), the
archetypes, the leverage table (loops per variable), the warnings and the
notes.  The writers only lay it out, so the formats always agree.

Examples
--------
>>> from cld_editor.core import Diagram
>>> d = Diagram(title="Potholes")
>>> pot, patch, budget = (d.new_variable(n) for n in ("Potholes", "Patching", "Budget"))
>>> _ = d.new_link(pot.id, patch.id); _ = d.new_link(patch.id, pot.id, "-")
>>> _ = d.new_link(patch.id, budget.id, "-"); _ = d.new_link(budget.id, pot.id, "-", delay=True)
>>> report = build_report(d)
>>> [(p.name, p.polarity, p.archetypes) for p in report.loops]
[('B1', 'B', ['Fixes that fail']), ('R1', 'R', ['Fixes that fail'])]
>>> report.leverage[0]
('Patching', 2)
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..analysis.archetypes import CLASS_TITLES, class_sentence, explain, find_archetypes, leverage, role_title
from ..analysis.diagnostics import diagnose
from ..analysis.leverage import loop_participation
from ..analysis.loops import Loop, count_loops, find_loops
from ..analysis.stories import loop_story, story_label
from ..core.diagram import Diagram

# A report is read by people: past this many loops the rest are counted, not printed.
MAX_LOOP_PAGES = 60
COUNT_SECONDS = 10.0

POLARITY_SIGN = {"R": "+", "B": "\u2212", "?": "?"}


@dataclass(frozen=True)
class LinkEvidence:
    """A link of a loop with the evidence or confidence the user recorded for it."""

    link: str
    confidence: str
    evidence: str


@dataclass(frozen=True)
class DominanceSummary:
    """How much a loop drives the behaviour over a run (Loops that Matter shares)."""

    times: tuple[float, ...]
    shares: tuple[float, ...]  # signed share of the loop at each saved time (0 where nothing changes)
    dominant_fraction: float  # the part of the run during which this loop has the largest share
    text: str


@dataclass(frozen=True)
class LoopPage:
    name: str
    title: str
    polarity: str
    polarity_word: str
    members: list[str]
    delayed: bool
    story: str
    archetypes: list[str]
    evidence: list[LinkEvidence]
    dominance: DominanceSummary | None = None

    @property
    def heading(self) -> str:
        """``"R1 Engine of growth"``."""
        return f"{self.name} {self.title}".strip()

    @property
    def badge(self) -> str:
        """The polarity told by letter and sign, not colour alone: ``"R (+) reinforcing"``."""
        return f"{self.polarity} ({POLARITY_SIGN[self.polarity]}) {self.polarity_word}"


@dataclass(frozen=True)
class ArchetypeSection:
    title: str
    class_title: str
    class_sentence: str
    loops: list[str]
    roles: list[tuple[str, str]]  # (variable name, role in words)
    explanation: str
    leverage: str
    question: str


@dataclass
class Report:
    title: str
    description: str
    author: str
    summary: str
    diagram_alt: str
    loops: list[LoopPage]
    more_loops: int
    archetypes: list[ArchetypeSection]
    leverage: list[tuple[str, int]]
    warnings: list[str]
    notes: list[str] = field(default_factory=list)


def build_report(diagram: Diagram, warnings: list[str] | None = None, dominance: bool = True) -> Report:
    """Everything a report shows, for ``diagram`` (``warnings``: the import's own, if any)."""
    # A big diagram can have millions of loops: the pages list the shortest, the counts and the
    # leverage table stop after COUNT_SECONDS (and say so), the archetypes search short loops only.
    found = find_loops(diagram, limit=MAX_LOOP_PAGES)
    loops = found.loops
    matches = find_archetypes(diagram)
    by_loop: dict[str, list[str]] = {}
    for m in matches:
        for loop in m.loops:
            titles = by_loop.setdefault(loop.name, [])
            if m.title not in titles:
                titles.append(m.title)
    shares = _dominance(diagram, loops[:MAX_LOOP_PAGES]) if dominance else {}
    pages = [_page(diagram, loop, by_loop.get(loop.name, []), shares.get(loop.name)) for loop in loops[:MAX_LOOP_PAGES]]
    deadline = time.monotonic() + COUNT_SECONDS
    counts = found.counts() if found.complete else count_loops(diagram, should_stop=lambda: time.monotonic() > deadline)
    title = diagram.title or "Causal loop diagram"
    summary = (f"{_plural(len(diagram.variables), 'variable')}, {_plural(len(diagram.links), 'link')} and "
               + ("at least " if not counts.complete else "")
               + f"{_plural(counts.total, 'feedback loop')}: {counts.reinforcing} reinforcing, "
               f"{counts.balancing} balancing" + (f", {counts.unknown} of unknown polarity" if counts.unknown else "")
               + (f"; {_plural(len(matches), 'archetype match', 'archetype matches')}" if matches else "") + ".")
    alt = (f"The causal loop diagram \u201c{title}\u201d: {summary} Variables: "
           + ", ".join(v.name for v in diagram.variables.values()) + ". Links are arrows marked + (same "
           "direction) or \u2212 (opposite direction); a double stroke marks a delay.")
    deadline = time.monotonic() + COUNT_SECONDS
    participation = loop_participation(diagram, should_stop=lambda: time.monotonic() > deadline)
    table = sorted(((diagram.variables[v].name, n) for v, n in participation.variables.items() if n),
                   key=lambda row: (-row[1], row[0].casefold()))
    return Report(
        title=title,
        description=diagram.description,
        author=diagram.author,
        summary=summary,
        diagram_alt=alt,
        loops=pages,
        more_loops=max(0, counts.total - len(loops)),
        archetypes=[_archetype(diagram, m) for m in matches],
        leverage=table,
        warnings=list(warnings or []) + [w.message for w in diagnose(diagram)],
        notes=[note.text for note in diagram.notes.values() if note.text.strip()],
    )


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


def _page(diagram: Diagram, loop: Loop, archetypes: list[str], dominance: DominanceSummary | None) -> LoopPage:
    label = story_label(diagram, loop)
    evidence = []
    for lid in loop.links:
        link = diagram.links[lid]
        ev = link.evidence
        if ev:
            arrow = f"{diagram.variables[link.source].name} \u2192 {diagram.variables[link.target].name}"
            said = "; ".join(part for part in (ev.source, f"proposed by {ev.proposed_by}" if ev.proposed_by else "")
                             if part)
            evidence.append(LinkEvidence(arrow, ev.confidence or "", said))
    return LoopPage(
        name=loop.name,
        title=label.name if label is not None else "",
        polarity=loop.polarity,
        polarity_word=loop.polarity_word,
        members=loop.variable_names(diagram),
        delayed=loop.delayed,
        story=loop_story(diagram, loop),
        archetypes=archetypes,
        evidence=evidence,
        dominance=dominance,
    )


def _archetype(diagram: Diagram, match) -> ArchetypeSection:
    return ArchetypeSection(
        title=match.title,
        class_title=CLASS_TITLES[match.generic_class],
        class_sentence=class_sentence(match),
        loops=match.loop_names,
        roles=[(name, role_title(role)) for name, role in match.role_names(diagram).items()],
        explanation=explain(diagram, match),
        leverage=leverage(match),
        question=match.question,
    )


def has_equations(diagram: Diagram) -> bool:
    """Whether the user gave the diagram equations of their own (generated ones say little about dominance)."""
    return any(v.equation for v in diagram.variables.values())


def _dominance(diagram: Diagram, loops: list[Loop]) -> dict[str, DominanceSummary]:
    """Loop shares over a run, when the diagram has equations that run; nothing otherwise."""
    if not loops or not has_equations(diagram):
        return {}
    import numpy as np

    from ..core.errors import CldError
    from ..sim.dominance import loop_dominance

    try:
        dom = loop_dominance(diagram, max_loops=len(loops))
    except (CldError, ArithmeticError, ValueError):
        return {}  # a diagram whose equations do not run simply has no dominance section
    shares = np.nan_to_num(dom.shares[1:], nan=0.0)
    times = dom.times[1:]
    if not len(times):
        return {}
    strongest = np.argmax(np.abs(shares), axis=1) if shares.size else np.array([])
    active = np.abs(shares).sum(axis=1) > 0
    summaries = {}
    for j, loop in enumerate(dom.loops):
        leading = active & (strongest == j)
        fraction = float(leading.mean()) if len(leading) else 0.0
        if leading.any():
            first, last = times[leading][0], times[leading][-1]
            text = (f"Dominant for {fraction:.0%} of the run (between t = {first:g} and t = {last:g}); "
                    f"largest share {np.abs(shares[:, j]).max():.0%}.")
        else:
            text = f"Never the dominant loop; largest share {np.abs(shares[:, j]).max():.0%}."
        step = max(1, len(times) // 120)  # enough points for a small chart
        summaries[loop.name] = DominanceSummary(tuple(float(t) for t in times[::step]),
                                                tuple(float(s) for s in shares[::step, j]), fraction, text)
    return summaries
