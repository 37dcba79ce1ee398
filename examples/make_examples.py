"""Write the example diagrams of this folder from the plain descriptions below.

Run it from the project root after changing an example::

    .venv/bin/python examples/make_examples.py

Each example is data: variables placed by hand on a grid, signed links (with
delays where the effect takes months or years), the loops worth a label, and
free-text notes.  The loop labels' codes (R1, B2...) and members are taken from
the loop engine, so they always match what the editor shows; the script stops
if a labelled loop does not exist, if the loop counts are not the ones
intended, or if the layout has overlapping labels or a link running through a
variable it does not join.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cld_editor.analysis.loops import find_loops  # noqa: E402
from cld_editor.core.diagram import Diagram  # noqa: E402
from cld_editor.core.elements import LoopLabel, Note  # noqa: E402
from cld_editor.io import load, save  # noqa: E402

HERE = Path(__file__).resolve().parent
AUTHOR = "cld-editor examples"

# How much room a variable's name takes on the canvas (a generous estimate, in
# scene units): the tests use the same numbers.
CHAR_WIDTH = 7.5
BOX_PADDING = 20.0
BOX_HEIGHT = 30.0
LABEL_RADIUS = 22.0
TWO_WAY_CURVATURE = 0.2


def box(name: str, x: float, y: float) -> tuple[float, float, float, float]:
    """The rectangle (left, top, right, bottom) a variable's name occupies."""
    half_w = (len(name) * CHAR_WIDTH + BOX_PADDING) / 2
    half_h = BOX_HEIGHT / 2
    return (x - half_w, y - half_h, x + half_w, y + half_h)


# ------------------------------------------------------------ description
@dataclass
class V:
    """A variable: its name, place, and optional details."""

    name: str
    x: float
    y: float
    kind: str = "auxiliary"
    units: str = ""
    notes: str = ""
    evidence: str = ""
    tags: tuple[str, ...] = ()


@dataclass
class L:
    """A link ``source -> target`` by variable names."""

    source: str
    target: str
    polarity: str
    delay: bool = False
    notes: str = ""
    evidence: str = ""
    confidence: str | None = None
    curvature: float | None = None


@dataclass
class Loop:
    """A loop to label: its variables in loop order (any starting point), a name, and optionally where."""

    members: list[str]
    name: str
    at: tuple[float, float] | None = None
    polarity: str = ""  # the polarity intended: "R" or "B", checked against the engine


@dataclass
class Text:
    """A free-text note."""

    text: str
    x: float
    y: float
    width: float | None = 260


@dataclass
class Example:
    file: str
    title: str
    description: str
    variables: list[V]
    links: list[L]
    loops: list[Loop]
    notes: list[Text] = field(default_factory=list)
    counts: tuple[int, int] = (0, 0)  # (reinforcing, balancing) loops expected in all


# ------------------------------------------------------------ building
def build(example: Example) -> Diagram:
    """Turn an :class:`Example` into a checked :class:`Diagram`."""
    d = Diagram(title=example.title, description=example.description, author=AUTHOR)
    ids: dict[str, str] = {}
    for v in example.variables:
        var = d.new_variable(v.name, v.x, v.y, kind=v.kind, units=v.units, notes=v.notes,
                             evidence=v.evidence, tags=v.tags)
        ids[v.name] = var.id
    pairs = {(link.source, link.target) for link in example.links}
    for link in example.links:
        curvature = link.curvature
        if curvature is None:
            # Two links between the same pair bow apart so both stay visible.
            curvature = TWO_WAY_CURVATURE if (link.target, link.source) in pairs else 0.0
        d.new_link(ids[link.source], ids[link.target], link.polarity, delay=link.delay, notes=link.notes,
                   evidence=link.evidence, confidence=link.confidence, curvature=curvature)
    loops = find_loops(d).loops
    for spec in example.loops:
        wanted = [ids[name] for name in spec.members]
        match = [lp for lp in loops if _same_cycle(lp.variables, wanted)]
        if not match:
            raise SystemExit(f"{example.file}: no loop {' -> '.join(spec.members)}")
        loop = match[0]
        if spec.polarity and spec.polarity != loop.polarity:
            raise SystemExit(f"{example.file}: loop {spec.name!r} is {loop.polarity}, not {spec.polarity}")
        x, y = spec.at if spec.at else _centre(d, loop.variables)
        d.insert("loop_label", LoopLabel(d.new_id("loop_label"), x, y, code=loop.name, name=spec.name,
                                         members=loop.variables))
    for note in example.notes:
        d.insert("note", Note(d.new_id("note"), note.text, note.x, note.y, note.width))
    counts = (sum(lp.polarity == "R" for lp in loops), sum(lp.polarity == "B" for lp in loops))
    if counts != example.counts:
        _print_loops(d)
        raise SystemExit(f"{example.file}: {counts[0]} R and {counts[1]} B loops, expected {example.counts}")
    problems = layout_problems(d)
    if problems:
        raise SystemExit(f"{example.file}: " + "; ".join(problems))
    return d


def _same_cycle(found: tuple[str, ...], wanted: list[str]) -> bool:
    if len(found) != len(wanted) or wanted[0] not in found:
        return False
    start = found.index(wanted[0])
    return list(found[start:] + found[:start]) == wanted


def _centre(d: Diagram, members: tuple[str, ...]) -> tuple[float, float]:
    xs = [d.variables[v].x for v in members]
    ys = [d.variables[v].y for v in members]
    return round(sum(xs) / len(xs)), round(sum(ys) / len(ys))


# ------------------------------------------------------------ layout checks
def _overlap(a, b, margin: float = 0.0) -> bool:
    return not (a[2] + margin <= b[0] or b[2] + margin <= a[0] or a[3] + margin <= b[1] or b[3] + margin <= a[1])


def _segment_hits_box(p, q, rect, steps: int = 200) -> bool:
    # Sampling is plenty at these sizes and keeps the check obvious.
    for k in range(1, steps):
        t = k / steps
        x, y = p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t
        if rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]:
            return True
    return False


def _cross(p1, p2, p3, p4) -> bool:
    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(p3, p4, p1), orient(p3, p4, p2)
    d3, d4 = orient(p1, p2, p3), orient(p1, p2, p4)
    return d1 * d2 < 0 and d3 * d4 < 0


def layout_problems(d: Diagram) -> list[str]:
    """Overlapping names, links through other variables, labels on names, crossing links."""
    problems = []
    variables = list(d.variables.values())
    boxes = {v.id: box(v.name, v.x, v.y) for v in variables}
    for i, a in enumerate(variables):
        for b in variables[i + 1:]:
            if _overlap(boxes[a.id], boxes[b.id], margin=20):
                problems.append(f'"{a.name}" and "{b.name}" are too close')
    for link in d.links.values():
        if link.curvature:
            continue
        s, t = d.variables[link.source], d.variables[link.target]
        for v in variables:
            if v.id not in (s.id, t.id) and _segment_hits_box((s.x, s.y), (t.x, t.y), boxes[v.id]):
                problems.append(f'the link "{s.name}" -> "{t.name}" runs through "{v.name}"')
    for label in d.loop_labels.values():
        r = LABEL_RADIUS
        ring = (label.x - r, label.y - r, label.x + r, label.y + r)
        for v in variables:
            if _overlap(ring, boxes[v.id]):
                problems.append(f'loop label {label.code} sits on "{v.name}"')
    straight = [lk for lk in d.links.values() if not lk.curvature]
    for i, a in enumerate(straight):
        for b in straight[i + 1:]:
            pa = [(d.variables[a.source].x, d.variables[a.source].y), (d.variables[a.target].x, d.variables[a.target].y)]
            pb = [(d.variables[b.source].x, d.variables[b.source].y), (d.variables[b.target].x, d.variables[b.target].y)]
            if _cross(pa[0], pa[1], pb[0], pb[1]):
                problems.append(
                    f'links "{d.variables[a.source].name}" -> "{d.variables[a.target].name}" and '
                    f'"{d.variables[b.source].name}" -> "{d.variables[b.target].name}" cross'
                )
    return problems


def _print_loops(d: Diagram) -> None:
    for lp in find_loops(d).loops:
        print(f"  {lp.name}: {' -> '.join(lp.variable_names(d))}{' (delay)' if lp.delayed else ''}")


def _distance(a: V, b: V) -> float:
    return math.hypot(a.x - b.x, a.y - b.y)


# ============================================================ the examples
WORKLESSNESS = Example(
    file="worklessness-stoke.cld",
    title="Worklessness and jobs in Stoke-on-Trent",
    description=(
        "Why worklessness persists in a former industrial city even when jobs return. Worklessness sits at "
        "the centre: above it the local economy loop that turns lost wages into lost investment, below it "
        "the slow traps of eroding skills, failing health and benefit dependency, and the one balancing "
        "loop that back-to-work support adds. Look at the delays: the traps act over years, so support "
        "has to start early and last."
    ),
    variables=[
        V("Worklessness", 0, 0, units="% of working-age adults",
          notes="Working-age adults neither in work nor in full-time study."),
        V("Jobs", -280, -170, units="jobs", notes="Jobs located in the city that local people can reach."),
        V("Local Spending", 280, -170, units="£ per year",
          notes="Household spending in local shops and services; falls when wages are replaced by benefits."),
        V("Business Investment", 0, -340, units="£ per year"),
        V("Wage Costs", -330, -440, units="£ per hour"),
        V("Skills", -360, 40, notes="Qualifications and work habits; they fade during long spells out of work."),
        V("Employability", -280, 220),
        V("Health", -130, 360,
          notes="Long-term sickness is the largest reason for economic inactivity in the city."),
        V("Benefit Dependency", 130, 360,
          notes="Reliance on benefits after a long spell out of work, including the fear of losing them."),
        V("Job Search", 280, 220, notes="How actively and how widely people look for work."),
        V("Back-to-work Support", 380, 40, notes="Work coaches, training places and in-work support."),
    ],
    links=[
        L("Jobs", "Worklessness", "-"),
        L("Worklessness", "Local Spending", "-"),
        L("Local Spending", "Business Investment", "+"),
        L("Business Investment", "Jobs", "+", delay=True, notes="New premises and hiring take a year or two."),
        L("Jobs", "Wage Costs", "+", delay=True, notes="A tighter labour market raises wages slowly."),
        L("Wage Costs", "Business Investment", "-"),
        L("Worklessness", "Skills", "-", delay=True),
        L("Skills", "Employability", "+"),
        L("Employability", "Worklessness", "-"),
        L("Worklessness", "Health", "-", delay=True,
          evidence="Waddell and Burton (2006), Is work good for your health and well-being?"),
        L("Health", "Employability", "+"),
        L("Worklessness", "Benefit Dependency", "+", delay=True),
        L("Benefit Dependency", "Job Search", "-"),
        L("Job Search", "Worklessness", "-"),
        L("Worklessness", "Back-to-work Support", "+", delay=True,
          notes="Programmes are funded in response to the claimant count, a budget round later."),
        L("Back-to-work Support", "Job Search", "+"),
    ],
    loops=[
        Loop(["Jobs", "Worklessness", "Local Spending", "Business Investment"], "Local spending spiral",
             polarity="R"),
        Loop(["Jobs", "Wage Costs", "Business Investment"], "Rising wage costs", polarity="B"),
        Loop(["Worklessness", "Skills", "Employability"], "Skills erosion", at=(-200, 80), polarity="R"),
        Loop(["Worklessness", "Health", "Employability"], "Sickness trap", at=(-140, 200), polarity="R"),
        Loop(["Worklessness", "Benefit Dependency", "Job Search"], "Dependency trap", at=(140, 200),
             polarity="R"),
        Loop(["Worklessness", "Back-to-work Support", "Job Search"], "Back-to-work support", at=(220, 80),
             polarity="B"),
    ],
    notes=[
        Text("Every trap runs through a delay: by the time worklessness shows in health and benefit "
             "records, the loop has been turning for years.", 420, 380, 240),
    ],
    counts=(4, 2),
)

NEET = Example(
    file="neet-january-starts.cld",
    title="Dropping out of college in January: young people NEET",
    description=(
        "Young people who start a course that does not suit them drop out around Christmas and then wait "
        "until September for the next start, becoming NEET (not in education, employment or training). "
        "The longer they wait, the more motivation drains away, so fewer come back. Look at January Starts: "
        "a second intake cuts the wait and weakens the 'Drifting away' loop."
    ),
    variables=[
        V("Dropout", 0, 0, units="students per term"),
        V("NEET Count", 320, 0, kind="stock", units="young people",
          notes="Young people aged 16-18 not in education, employment or training."),
        V("Course Fit", 0, -240, notes="How well the course matches the young person's interests and level."),
        V("Adviser Caseload", 320, -240, units="young people per adviser"),
        V("Pastoral Support", -380, 0, notes="Tutors and mentors who notice a student drifting."),
        V("College Funding", -200, -170, units="£ per year",
          notes="16-19 funding follows last year's learner numbers."),
        V("Retention Pressure", -200, 170, notes="Pressure from retention targets and inspection."),
        V("Outreach Work", 510, -170, notes="Youth workers contacting NEET young people."),
        V("Re-enrolment", 700, 0, units="young people per month"),
        V("Time Out of Learning", 400, 200, units="months"),
        V("Motivation", 680, 200),
        V("Wait for Next Start", 300, 380, units="months",
          notes="With one September intake, a young person who leaves in December waits nine months."),
        V("January Starts", 20, 380, tags=("intervention",),
          notes="A second intake in January: courses designed for those who left in the autumn."),
    ],
    links=[
        L("Course Fit", "Dropout", "-"),
        L("Dropout", "NEET Count", "+"),
        L("NEET Count", "Adviser Caseload", "+"),
        L("Adviser Caseload", "Course Fit", "-", delay=True,
          notes="Stretched advisers have less time to match young people to courses for next year."),
        L("Dropout", "College Funding", "-", delay=True, notes="Funding is lagged by a year."),
        L("College Funding", "Pastoral Support", "+"),
        L("Pastoral Support", "Dropout", "-"),
        L("Dropout", "Retention Pressure", "+"),
        L("Retention Pressure", "Pastoral Support", "+", delay=True),
        L("NEET Count", "Outreach Work", "+", delay=True),
        L("Outreach Work", "Re-enrolment", "+"),
        L("Re-enrolment", "NEET Count", "-"),
        L("NEET Count", "Time Out of Learning", "+"),
        L("Time Out of Learning", "Motivation", "-", delay=True),
        L("Motivation", "Re-enrolment", "+"),
        L("January Starts", "Wait for Next Start", "-"),
        L("Wait for Next Start", "Time Out of Learning", "+"),
    ],
    loops=[
        Loop(["Dropout", "NEET Count", "Adviser Caseload", "Course Fit"], "Stretched advisers", polarity="R"),
        Loop(["Dropout", "College Funding", "Pastoral Support"], "Funding squeeze", at=(-190, -60),
             polarity="R"),
        Loop(["Dropout", "Retention Pressure", "Pastoral Support"], "Retention drive", at=(-190, 60),
             polarity="B"),
        Loop(["NEET Count", "Outreach Work", "Re-enrolment"], "Outreach", at=(510, -60), polarity="B"),
        Loop(["NEET Count", "Time Out of Learning", "Motivation", "Re-enrolment"], "Drifting away",
             at=(540, 90), polarity="R"),
    ],
    notes=[
        Text("The intervention: January Starts shortens the wait, so motivation has less time to drain.",
             20, 470, 260),
    ],
    counts=(3, 2),
)

URBAN = Example(
    file="urban-decline-forrester.cld",
    title="Urban decline: Forrester's low-cost housing paradox",
    description=(
        "After Jay Forrester's Urban Dynamics (1969): building low-cost housing to help the underemployed "
        "makes the city more attractive to more underemployed people, while the same land is lost to "
        "business, so jobs per person fall. Follow the link from Low-cost Housing to Land for Business: "
        "the policy's help is absorbed by in-migration and its cost is paid in jobs. Forrester's "
        "counter-intuitive remedy was slum demolition and land for new enterprise."
    ),
    variables=[
        V("Attractiveness", 0, -320, notes="How attractive the city looks to underemployed people elsewhere."),
        V("In-migration", 0, -160, units="people per year"),
        V("Underemployed", 0, 0, kind="stock", units="people"),
        V("Housing Availability", -330, -160, notes="Low-cost housing per underemployed household."),
        V("Job Availability", 330, -160, notes="Jobs per underemployed worker."),
        V("Housing Programme", -620, -300, units="homes per year", tags=("policy",)),
        V("Low-cost Housing", -620, -20, kind="stock", units="homes"),
        V("Slum Demolition", -620, 200, units="homes per year", tags=("policy",),
          notes="Forrester's recommended policy: demolish surplus low-cost housing, freeing land."),
        V("Upward Mobility", 320, 60, units="people per year",
          notes="Underemployed people moving into steady jobs."),
        V("Jobs", 580, 120, kind="stock", units="jobs"),
        V("New Enterprise", 240, 340, units="firms per year"),
        V("Land for Business", -220, 340, kind="stock", units="hectares"),
        V("Tax Rate", 0, 190, notes="Services for a poorer population raise taxes on everyone."),
    ],
    links=[
        L("Housing Availability", "Attractiveness", "+"),
        L("Job Availability", "Attractiveness", "+"),
        L("Attractiveness", "In-migration", "+"),
        L("In-migration", "Underemployed", "+", delay=True),
        L("Underemployed", "Housing Availability", "-"),
        L("Underemployed", "Job Availability", "-"),
        L("Housing Availability", "Housing Programme", "-", notes="Shortage prompts more building."),
        L("Housing Programme", "Low-cost Housing", "+", delay=True),
        L("Low-cost Housing", "Housing Availability", "+"),
        L("Slum Demolition", "Low-cost Housing", "-"),
        L("Low-cost Housing", "Land for Business", "-", notes="Housing occupies land that industry needs."),
        L("Land for Business", "New Enterprise", "+"),
        L("New Enterprise", "Land for Business", "-", delay=True),
        L("New Enterprise", "Jobs", "+", delay=True),
        L("Jobs", "Job Availability", "+"),
        L("Job Availability", "Upward Mobility", "+"),
        L("Upward Mobility", "Underemployed", "-"),
        L("Underemployed", "Tax Rate", "+", delay=True),
        L("Tax Rate", "New Enterprise", "-"),
    ],
    loops=[
        Loop(["Attractiveness", "In-migration", "Underemployed", "Housing Availability"], "Housing fills up",
             at=(-150, -160), polarity="B"),
        Loop(["Attractiveness", "In-migration", "Underemployed", "Job Availability"], "Jobs fill up",
             at=(150, -160), polarity="B"),
        Loop(["Housing Availability", "Housing Programme", "Low-cost Housing"], "Build to meet need",
             at=(-500, -160), polarity="B"),
        Loop(["Underemployed", "Job Availability", "Upward Mobility"], "Poverty trap", at=(210, -40),
             polarity="R"),
        Loop(["Land for Business", "New Enterprise"], "Land fills up", at=(10, 340), polarity="B"),
        Loop(["Underemployed", "Tax Rate", "New Enterprise", "Jobs", "Job Availability", "Upward Mobility"],
             "Tax spiral", at=(330, 200), polarity="R"),
        Loop(["Housing Availability", "Housing Programme", "Low-cost Housing", "Land for Business",
              "New Enterprise", "Jobs", "Job Availability", "Upward Mobility", "Underemployed"],
             "Crowding out jobs", at=(-330, 120), polarity="R"),
    ],
    notes=[
        Text("The long loop through Low-cost Housing, Land for Business, Jobs and Underemployed is the "
             "paradox: more housing, fewer jobs per person, more underemployed, more call for housing.",
             -620, 420, 300),
    ],
    counts=(3, 6),
)

EXAMPLES = [WORKLESSNESS, NEET, URBAN]


def main() -> int:
    for example in EXAMPLES:
        diagram = build(example)
        path = HERE / example.file
        save(diagram, path)
        again = load(path).diagram
        assert again == diagram, f"{example.file} does not survive a save and load"
        counts = example.counts
        print(f"{example.file}: {len(diagram.variables)} variables, {len(diagram.links)} links, "
              f"{counts[0]} R + {counts[1]} B loops, {len(diagram.loop_labels)} labelled")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
