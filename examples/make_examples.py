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

import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from cld_editor.analysis.curvature import apply_changes, curve_round_loops  # noqa: E402
from cld_editor.analysis.layout_quality import DrawingProblem  # noqa: E402
from cld_editor.analysis.loops import find_loops  # noqa: E402
from cld_editor.core.diagram import Diagram  # noqa: E402
from cld_editor.core.elements import Evidence, LoopLabel, Note  # noqa: E402
from cld_editor.io import load, save  # noqa: E402

HERE = Path(__file__).resolve().parent
AUTHOR = "cld-editor examples"

# How much room a variable's name takes on the canvas (a generous estimate, in
# scene units): the tests use the same numbers.
CHAR_WIDTH = 7.5
BOX_PADDING = 20.0
BOX_HEIGHT = 30.0
LABEL_RADIUS = 22.0
LABEL_CHAR_WIDTH = 6.0
#: At least this share of the links on a loop must be drawn round it.
ROUND_SHARE = 0.9


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
    evidence: str = ""  # the source: a citation, "workshop 3 March", "data: ONS"
    confidence: str | None = None  # strong, moderate, weak, contested or hypothesis
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
    for link in example.links:
        d.new_link(ids[link.source], ids[link.target], link.polarity, delay=link.delay, notes=link.notes,
                   evidence=Evidence(link.confidence, link.evidence), curvature=link.curvature or 0.0)
    # Links without a chosen bend curve round their loops, as the editor draws them.
    apply_changes(d, curve_round_loops(d))

    # Where arcs round neighbouring loops would cross, a few bend less.
    _untangle(d, [lk.id for lk, spec in zip(d.links.values(), example.links) if spec.curvature is None])
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


def _drawn_quality(d: Diagram):
    return DrawingProblem(d).quality(DrawingProblem(d).positions_of(d), DrawingProblem(d).stored_curvature())


def _untangle(d: Diagram, free: list[str]) -> None:
    """Where two arcs round neighbouring loops cross (at a hub), bend one of them less, or the other way.

    Greedy: for each link in a crossing, try a few bends and keep the one that
    lowers (crossings, links through names) while at least ROUND_SHARE of the
    loop links stay round.  The bend chosen is the example's own.
    """
    def key(q):
        return (q.crossings, q.through, q.wrong) if q.round_share >= ROUND_SHARE else (999, 999, 999)

    best = key(_drawn_quality(d))
    for _ in range(6):
        if best[0] == 0:
            return
        improved = False
        for lid in free:
            kept = d.links[lid]
            if not kept.curvature:
                continue
            choice = None
            for value in (0.75, 0.5, 0.25, 0.0, -0.25, -0.5, -1.0):
                d.update_link(lid, curvature=round(kept.curvature * value, 3) + 0.0, extra={})
                k = key(_drawn_quality(d))
                if k < best:
                    best, choice = k, d.links[lid]
            d.update_link(lid, curvature=kept.curvature, extra=dict(kept.extra))
            if choice is not None:
                d.update_link(lid, curvature=choice.curvature, extra={})
                improved = True
        if not improved:
            return


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


def layout_problems(d: Diagram) -> list[str]:
    """Overlapping names, links through other variables, labels on names, crossing links."""
    problems = []
    variables = list(d.variables.values())
    boxes = {v.id: box(v.name, v.x, v.y) for v in variables}
    for i, a in enumerate(variables):
        for b in variables[i + 1:]:
            if _overlap(boxes[a.id], boxes[b.id], margin=20):
                problems.append(f'"{a.name}" and "{b.name}" are too close')
    # Links as the canvas draws them (curved, clipped at the names).
    problem = DrawingProblem(d)
    xy, curvature = problem.positions_of(d), problem.stored_curvature()
    pts = problem.curves(xy, curvature)
    links = [lk for lk in d.links.values() if lk.source != lk.target]
    for li, vi in np.argwhere(problem.through_pairs(pts, xy)):
        problems.append(f'the link {_describe(d, links[li])} runs through "{variables[vi].name}"')
    for a, b in np.argwhere(problem.crossing_pairs(pts) > 0):
        problems.append(f"links {_describe(d, links[a])} and {_describe(d, links[b])} cross")
    quality = problem.quality(xy, curvature)
    if quality.round_share < ROUND_SHARE:
        problems.append(f"only {quality.round_share:.0%} of the links on loops are drawn round their loop")
    for label in d.loop_labels.values():
        r = LABEL_RADIUS
        ring = (label.x - r, label.y - r, label.x + r, label.y + r)
        # The label's name is written under its circular arrow.
        half = len(label.name) * LABEL_CHAR_WIDTH / 2
        caption = (label.x - half, label.y + r, label.x + half, label.y + r + 16)
        for v in variables:
            if _overlap(ring, boxes[v.id]) or _overlap(caption, boxes[v.id]):
                problems.append(f'loop label {label.code} sits on "{v.name}"')
    return problems


def _describe(d: Diagram, link) -> str:
    return f'"{d.variables[link.source].name}" -> "{d.variables[link.target].name}"'



def _print_loops(d: Diagram) -> None:
    for lp in find_loops(d).loops:
        print(f"  {lp.name}: {' -> '.join(lp.variable_names(d))}{' (delay)' if lp.delayed else ''}")


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
        V("Tax Rate", 240, 190, notes="Services for a poorer population raise taxes on everyone."),
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
             "Tax spiral", at=(400, 170), polarity="R"),
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

WAITING = Example(
    file="waiting-list-targets.cld",
    title="Waiting-list targets and trolleys in corridors",
    description=(
        "How a hospital under pressure to meet its waiting-list target fills its beds with planned "
        "patients, so that emergency patients wait on trolleys in corridors, the A&E target slips, and the "
        "pressure rises again. Look at Bed Occupancy: every loop passes through it, and the quick fix of "
        "early discharge comes back as readmissions and the strain on staff comes back as sickness."
    ),
    variables=[
        V("Government Targets", 0, -470, tags=("policy",),
          notes="The 18-week referral-to-treatment target and the four-hour A&E standard."),
        V("Target Pressure", 0, -300, notes="Pressure on managers from the gap between performance and target."),
        V("Waiting List", -450, -250, kind="stock", units="patients"),
        V("Elective Admissions", -250, -100, units="patients per day"),
        V("Early Discharges", 250, -100, units="patients per day",
          notes="Patients discharged before they are ready, to free a bed."),
        V("Bed Occupancy", 0, 100, kind="stock", units="% of beds",
          notes="Above about 85% occupancy, queues for beds grow quickly."),
        V("Cancelled Operations", -430, 100, units="operations per week"),
        V("Readmissions", 300, 100, units="patients per day"),
        V("Trolley Waits", 250, 300, units="patients",
          notes="Patients waiting on trolleys in corridors for a ward bed."),
        V("A&E Waits", 600, -100, units="hours"),
        V("Staff Stress", 150, 480),
        V("Sickness Absence", -150, 520, units="% of shifts"),
        V("Staff on Duty", -380, 420, units="nurses per shift"),
        V("Discharges", -250, 260, units="patients per day", notes="Normal, planned discharges."),
    ],
    links=[
        L("Government Targets", "Target Pressure", "+"),
        L("Waiting List", "Target Pressure", "+"),
        L("Target Pressure", "Elective Admissions", "+"),
        L("Elective Admissions", "Waiting List", "-"),
        L("Elective Admissions", "Bed Occupancy", "+"),
        L("Bed Occupancy", "Cancelled Operations", "+"),
        L("Cancelled Operations", "Waiting List", "+"),
        L("Bed Occupancy", "Trolley Waits", "+"),
        L("Trolley Waits", "A&E Waits", "+", notes="A crowded department slows every patient in it."),
        L("A&E Waits", "Target Pressure", "+"),
        L("Target Pressure", "Early Discharges", "+"),
        L("Early Discharges", "Bed Occupancy", "-"),
        L("Early Discharges", "Readmissions", "+", delay=True, notes="Within 30 days."),
        L("Readmissions", "Bed Occupancy", "+"),
        L("Trolley Waits", "Staff Stress", "+"),
        L("Staff Stress", "Sickness Absence", "+", delay=True),
        L("Sickness Absence", "Staff on Duty", "-"),
        L("Staff on Duty", "Discharges", "+"),
        L("Discharges", "Bed Occupancy", "-"),
    ],
    loops=[
        Loop(["Waiting List", "Target Pressure", "Elective Admissions"], "Working down the list",
             polarity="B"),
        Loop(["Waiting List", "Target Pressure", "Elective Admissions", "Bed Occupancy", "Cancelled Operations"],
             "Cancellations", at=(-250, 30), polarity="R"),
        Loop(["Target Pressure", "Elective Admissions", "Bed Occupancy", "Trolley Waits", "A&E Waits"],
             "Targets collide", at=(0, -100), polarity="R"),
        Loop(["Target Pressure", "Early Discharges", "Bed Occupancy", "Trolley Waits", "A&E Waits"],
             "Freeing beds", at=(180, 30), polarity="B"),
        Loop(["Target Pressure", "Early Discharges", "Readmissions", "Bed Occupancy", "Trolley Waits",
              "A&E Waits"], "Revolving door", at=(430, 40), polarity="R"),
        Loop(["Bed Occupancy", "Trolley Waits", "Staff Stress", "Sickness Absence", "Staff on Duty",
              "Discharges"], "Burnout", polarity="R"),
    ],
    notes=[
        Text("Two targets pull against each other: admitting planned patients shortens the waiting list "
             "but takes the beds that emergency patients need.", -700, -470, 260),
    ],
    counts=(5, 3),
)

REPAIRS = Example(
    file="social-housing-repairs.cld",
    title="Repairs and rent collection in social housing",
    description=(
        "A landlord's repairs and its rent income are one system: a growing repair backlog sours tenants, "
        "arrears rise, income falls and next year's repair budget shrinks. Chasing arrears harder brings "
        "some money in but sours relations further, and expensive emergency repairs crowd out the planned "
        "maintenance that would stop homes decaying. Look at the big loop around the middle."
    ),
    variables=[
        V("Repair Backlog", -340, 0, kind="stock", units="open repairs"),
        V("Tenant Satisfaction", -220, -250, units="% satisfied"),
        V("Willingness to Pay", 60, -330),
        V("Rent Arrears", 320, -200, kind="stock", units="£"),
        V("Arrears Chasing", 20, -120, notes="Letters, calls, notices of seeking possession."),
        V("Rent Income", 360, 90, units="£ per year"),
        V("Repair Budget", 120, 300, units="£ per year"),
        V("Repairs Completed", -220, 260, units="repairs per month"),
        V("Emergency Contractors", -420, 250, units="£ per month",
          notes="Reactive repairs bought in at short notice cost more than planned work."),
        V("Planned Maintenance", -640, 420, units="£ per year"),
        V("Property Condition", -680, 170, kind="stock",
          notes="Damp, mould and worn-out kitchens, roofs and windows."),
        V("Repair Requests", -680, -130, units="requests per month"),
    ],
    links=[
        L("Repair Backlog", "Tenant Satisfaction", "-", delay=True),
        L("Tenant Satisfaction", "Willingness to Pay", "+"),
        L("Willingness to Pay", "Rent Arrears", "-"),
        L("Rent Arrears", "Rent Income", "-"),
        L("Rent Income", "Repair Budget", "+", delay=True, notes="Budgets are set once a year."),
        L("Repair Budget", "Repairs Completed", "+"),
        L("Repairs Completed", "Repair Backlog", "-"),
        L("Repair Backlog", "Property Condition", "-", delay=True),
        L("Property Condition", "Repair Requests", "-"),
        L("Repair Requests", "Repair Backlog", "+"),
        L("Repair Budget", "Planned Maintenance", "+"),
        L("Planned Maintenance", "Property Condition", "+", delay=True),
        L("Rent Arrears", "Arrears Chasing", "+"),
        L("Arrears Chasing", "Rent Arrears", "-"),
        L("Arrears Chasing", "Tenant Satisfaction", "-",
          notes="Demands for rent from tenants waiting for repairs feel unjust."),
        L("Repair Backlog", "Emergency Contractors", "+"),
        L("Emergency Contractors", "Repairs Completed", "+"),
        L("Emergency Contractors", "Planned Maintenance", "-", notes="Reactive spending eats the planned budget."),
    ],
    loops=[
        Loop(["Repair Backlog", "Tenant Satisfaction", "Willingness to Pay", "Rent Arrears", "Rent Income",
              "Repair Budget", "Repairs Completed"], "Rent pays for repairs", at=(20, 60), polarity="R"),
        Loop(["Repair Backlog", "Property Condition", "Repair Requests"], "Decay breeds decay", at=(-560, 10),
             polarity="R"),
        Loop(["Rent Arrears", "Arrears Chasing"], "Chasing arrears", polarity="B"),
        Loop(["Rent Arrears", "Arrears Chasing", "Tenant Satisfaction", "Willingness to Pay"],
             "Chasing backfires", at=(30, -240), polarity="R"),
        Loop(["Repair Backlog", "Emergency Contractors", "Repairs Completed"], "Catching up", at=(-320, 170),
             polarity="B"),
        Loop(["Repair Backlog", "Emergency Contractors", "Planned Maintenance", "Property Condition",
              "Repair Requests"], "Crowding out planned work", at=(-560, 250), polarity="R"),
    ],
    notes=[
        Text("Every £1 of reactive repair costs more than £1 of planned work: the 'Crowding out' loop "
             "turns a budget squeeze into faster decay.", 400, 420, 260),
    ],
    counts=(5, 2),
)

FAMILY = Example(
    file="think-family.cld",
    title="Think Family: a family at risk and many services",
    description=(
        "A family in difficulty draws in more and more agencies, each with its own plan, appointments and "
        "demands. Uncoordinated help adds to the family's stress and wears away its trust, so the help "
        "that is offered is not taken up and the next crisis comes sooner. Look at Lead Professional: one "
        "trusted worker who coordinates the others weakens every reinforcing loop at once."
    ),
    variables=[
        V("Family Stress", -250, 300, kind="stock",
          notes="Debt, conflict, poor health and housing problems together."),
        V("Crisis Events", -460, 60, units="crises per year",
          notes="Police call-outs, exclusions, evictions, A&E visits."),
        V("Referrals", -330, -200, units="referrals per year"),
        V("Agencies Involved", 0, -320, units="agencies"),
        V("Coordination", 300, -430, notes="Agencies sharing one assessment and one plan."),
        V("Lead Professional", 650, -470, tags=("intervention",),
          notes="One named worker the family trusts, who coordinates the plan of every agency."),
        V("Uncoordinated Help", 430, -220, notes="Separate assessments, plans and appointments."),
        V("Family Trust", 200, -40, kind="stock", notes="The family's trust in services."),
        V("Engagement", 150, 140, notes="Turning up, letting workers in, following the plan."),
        V("Support Received", -60, 60),
        V("Case Closures", -210, -90, units="cases per month"),
        V("Conflicting Demands", 420, 360, notes="Appointments that clash, advice that contradicts."),
    ],
    links=[
        L("Family Stress", "Crisis Events", "+"),
        L("Crisis Events", "Referrals", "+"),
        L("Referrals", "Agencies Involved", "+", delay=True),
        L("Agencies Involved", "Support Received", "+"),
        L("Support Received", "Family Stress", "-", delay=True),
        L("Uncoordinated Help", "Conflicting Demands", "+"),
        L("Conflicting Demands", "Family Stress", "+"),
        L("Uncoordinated Help", "Family Trust", "-", delay=True),
        L("Family Trust", "Engagement", "+"),
        L("Engagement", "Support Received", "+"),
        L("Agencies Involved", "Coordination", "-", notes="Every extra agency is another plan to align."),
        L("Coordination", "Uncoordinated Help", "-"),
        L("Coordination", "Family Trust", "+", delay=True),
        L("Lead Professional", "Coordination", "+"),
        L("Support Received", "Case Closures", "+", delay=True),
        L("Case Closures", "Agencies Involved", "-"),
    ],
    loops=[
        Loop(["Family Stress", "Crisis Events", "Referrals", "Agencies Involved", "Support Received"],
             "Services respond", at=(-260, 80), polarity="B"),
        Loop(["Family Stress", "Crisis Events", "Referrals", "Agencies Involved", "Coordination",
              "Uncoordinated Help", "Conflicting Demands"], "More help, more chaos", at=(290, 200),
             polarity="R"),
        Loop(["Family Stress", "Crisis Events", "Referrals", "Agencies Involved", "Coordination",
              "Uncoordinated Help", "Family Trust", "Engagement", "Support Received"], "Eroding trust",
             at=(300, -210), polarity="R"),
        Loop(["Family Stress", "Crisis Events", "Referrals", "Agencies Involved", "Coordination",
              "Family Trust", "Engagement", "Support Received"], "Too many agencies", at=(130, -200),
             polarity="R"),
        Loop(["Agencies Involved", "Support Received", "Case Closures"], "Closing cases", at=(-95, -110),
             polarity="B"),
    ],
    notes=[
        Text("The fix: a lead professional raises coordination, which cuts uncoordinated help and "
             "rebuilds trust.", 650, -360, 240),
    ],
    counts=(5, 2),
)

ARCHETYPES = Example(
    file="archetypes.cld",
    title="System archetypes: limits to growth, fixes that fail, shifting the burden",
    description=(
        "Three of the classic system archetypes side by side, each told with an everyday example. Limits "
        "to growth: a reinforcing loop grows until a balancing loop tied to a limit takes over. Fixes that "
        "fail: a quick fix relieves the symptom while its delayed side effect makes the problem worse. "
        "Shifting the burden: the quick fix weakens the fundamental solution."
    ),
    variables=[
        # Limits to growth
        V("Word of Mouth", -1000, 0),
        V("Joining Rate", -800, -160, units="members per month"),
        V("Members", -800, 160, kind="stock", units="members"),
        V("Crowding", -600, 0),
        V("Club Capacity", -400, 0, kind="constant", units="members", notes="The limit."),
        # Fixes that fail
        V("Potholes", 100, 200, kind="stock", units="potholes"),
        V("Complaints", -100, 0, units="complaints per week"),
        V("Patch Repairs", 100, -200, units="repairs per week"),
        V("Resurfacing Budget", 380, 0, units="£ per year"),
        # Shifting the burden
        V("Staff Shortage", 700, 0, kind="stock", units="vacant posts"),
        V("Agency Staff", 700, -240, units="shifts per week", notes="The symptomatic solution."),
        V("Permanent Recruitment", 700, 240, units="hires per year", notes="The fundamental solution."),
        V("Recruitment Budget", 1000, 0, units="£ per year"),
    ],
    links=[
        L("Members", "Word of Mouth", "+"),
        L("Word of Mouth", "Joining Rate", "+"),
        L("Joining Rate", "Members", "+"),
        L("Members", "Crowding", "+"),
        L("Crowding", "Joining Rate", "-", delay=True),
        L("Club Capacity", "Crowding", "-"),
        L("Potholes", "Complaints", "+"),
        L("Complaints", "Patch Repairs", "+"),
        L("Patch Repairs", "Potholes", "-"),
        L("Patch Repairs", "Resurfacing Budget", "-"),
        L("Resurfacing Budget", "Potholes", "-", delay=True, notes="Unsurfaced roads break up a winter later."),
        L("Staff Shortage", "Agency Staff", "+"),
        L("Agency Staff", "Staff Shortage", "-"),
        L("Staff Shortage", "Permanent Recruitment", "+", delay=True),
        L("Permanent Recruitment", "Staff Shortage", "-", delay=True),
        L("Agency Staff", "Recruitment Budget", "-", notes="Agency premiums come out of the same budget."),
        L("Recruitment Budget", "Permanent Recruitment", "+", delay=True),
    ],
    loops=[
        Loop(["Members", "Word of Mouth", "Joining Rate"], "Growth", at=(-880, 0), polarity="R"),
        Loop(["Members", "Crowding", "Joining Rate"], "Limit", at=(-720, 0), polarity="B"),
        Loop(["Potholes", "Complaints", "Patch Repairs"], "Quick fix", at=(35, 0), polarity="B"),
        Loop(["Potholes", "Complaints", "Patch Repairs", "Resurfacing Budget"], "Side effect", at=(175, 0),
             polarity="R"),
        Loop(["Staff Shortage", "Agency Staff"], "Symptomatic fix", at=(700, -120), polarity="B"),
        Loop(["Staff Shortage", "Permanent Recruitment"], "Fundamental fix", at=(700, 120), polarity="B"),
        Loop(["Staff Shortage", "Agency Staff", "Recruitment Budget", "Permanent Recruitment"], "Addiction",
             at=(850, 0), polarity="R"),
    ],
    notes=[
        Text("Limits to growth: word of mouth grows the club until crowding, set by its capacity, "
             "stops people joining.", -1000, -380, 300),
        Text("Fixes that fail: patching potholes quiets complaints but uses the budget that would "
             "resurface the road.", -100, -380, 300),
        Text("Shifting the burden: agency staff fill today's gaps and drain the budget for permanent "
             "recruitment.", 600, -380, 300),
    ],
    counts=(3, 4),
)

EXAMPLES = [WORKLESSNESS, NEET, URBAN, WAITING, REPAIRS, FAMILY, ARCHETYPES]


# ============================================================ a workshop: three perspectives and their merge
# Three people who work with the same young people each drew their own map in a workshop on young
# people NEET (not in education, employment or training).  Their names for things differ a little
# ("Early leaver", "Falling Behind", "College enrollments"), as they do in a real room.
WORKSHOP_FOLDER = "neet-perspectives"
WORKSHOP_AUTHOR = "cld-editor examples"

TUTOR = Example(
    file=f"{WORKSHOP_FOLDER}/college-tutor.cld",
    title="A college tutor's view: why students leave before the summer",
    description=(
        "A further education tutor's map of why 16 to 18 year olds leave college early. "
        "Students who miss sessions fall behind and lose heart; tutors give catch-up time when they notice. "
        "Every early leaver also cuts next year's funding, which pays for that pastoral time."
    ),
    variables=[
        V("Parental pressure", -450, 220),
        V("Attendance", -300, 0, units="% of sessions"),
        V("Motivation", -150, 220),
        V("Falling behind", 0, 0, notes="Coursework and assessments missed or late."),
        V("Wrong course choice", 100, 220, notes="Students on a course that does not suit their interests or level."),
        V("Pastoral support", 0, -220, units="tutor hours per week"),
        V("Early leavers", 300, 0, units="students per term"),
        V("College funding", 300, -220, units="£ per year",
          notes="16-19 funding follows last year's learner numbers and retention."),
        V("College enrolments", 600, -220, units="students per year"),
        V("Young people NEET", 600, 0, units="young people"),
    ],
    links=[
        L("Attendance", "Falling behind", "-", evidence="College attendance and progress data, 2024/25",
          confidence="strong"),
        L("Falling behind", "Motivation", "-", confidence="moderate"),
        L("Motivation", "Attendance", "+", confidence="moderate"),
        L("Falling behind", "Pastoral support", "+"),
        L("Pastoral support", "Falling behind", "-", delay=True, confidence="weak",
          evidence="Tutors' experience; no evaluation of catch-up sessions yet"),
        L("Falling behind", "Early leavers", "+", confidence="strong", evidence="Withdrawal reasons, exit interviews"),
        L("Early leavers", "College funding", "-", delay=True, confidence="strong",
          evidence="ESFA 16-19 funding guidance: lagged learner numbers"),
        L("College funding", "Pastoral support", "+"),
        L("College enrolments", "College funding", "+"),
        L("Early leavers", "Young people NEET", "+"),
        L("Wrong course choice", "Falling behind", "+", confidence="moderate"),
        L("Parental pressure", "Motivation", "-", confidence="hypothesis",
          evidence="Tutor's impression: students pushed into college by parents disengage"),
    ],
    loops=[
        Loop(["Attendance", "Falling behind", "Motivation"], "Losing touch", polarity="R"),
        Loop(["Falling behind", "Pastoral support"], "Catch-up support", polarity="B"),
        Loop(["Falling behind", "Early leavers", "College funding", "Pastoral support"], "Funding squeeze",
             at=(150, -110), polarity="R"),
    ],
    counts=(2, 1),
)

ADVISER = Example(
    file=f"{WORKSHOP_FOLDER}/connexions-adviser.cld",
    title="A Connexions adviser's view: getting young people back in",
    description=(
        "A Connexions personal adviser's map of young people who are NEET. "
        "Advisers re-engage young people, but a rising caseload leaves less time for each, and rushed advice "
        "means more wrong course choices. "
        "The longer a young person is out, the more their confidence drains."
    ),
    variables=[
        V("Early leaver", -350, 0),
        V("Young people NEET", 0, 0, units="young people"),
        V("Adviser caseload", 0, -220, units="young people per adviser"),
        V("Time per young person", 350, -220, units="hours per month"),
        V("Re-engagement", 350, 0, units="young people per month",
          notes="Back into learning, training or work."),
        V("Months spent NEET", 0, 380, units="months"),
        V("Confidence", 350, 380),
        V("College enrollments", 700, 0, units="students per year"),
        V("Wrong course choices", 700, -220),
        V("Entry-level jobs", 700, 380, units="vacancies", notes="Local jobs open to 16 to 18 year olds."),
    ],
    links=[
        L("Early leaver", "Young people NEET", "+", confidence="strong", evidence="CCIS tracking data"),
        L("Young people NEET", "Adviser caseload", "+", confidence="strong", evidence="CCIS tracking data"),
        L("Adviser caseload", "Time per young person", "-", confidence="strong"),
        L("Time per young person", "Re-engagement", "+", confidence="moderate"),
        L("Re-engagement", "Young people NEET", "-"),
        L("Young people NEET", "Re-engagement", "+"),
        L("Young people NEET", "Months spent NEET", "+", delay=True),
        L("Months spent NEET", "Confidence", "-", confidence="moderate",
          evidence="Research on the scarring effect of youth unemployment"),
        L("Confidence", "Re-engagement", "+", confidence="weak"),
        L("Re-engagement", "College enrollments", "+"),
        L("Time per young person", "Wrong course choices", "-", confidence="hypothesis",
          evidence="Workshop: advisers' own sense of rushed interviews"),
        L("Entry-level jobs", "Re-engagement", "+"),
    ],
    loops=[
        Loop(["Young people NEET", "Adviser caseload", "Time per young person", "Re-engagement"],
             "Caseload squeeze", polarity="R"),
        Loop(["Young people NEET", "Months spent NEET", "Confidence", "Re-engagement"], "Drifting away",
             polarity="R"),
        Loop(["Young people NEET", "Re-engagement"], "Advice works", polarity="B"),
    ],
    counts=(2, 1),
)

PARENT = Example(
    file=f"{WORKSHOP_FOLDER}/parent.cld",
    title="A parent's view: why our son stopped going to college",
    description=(
        "A parent's map of their son's first year at college. "
        "Missing days made him fall behind, which knocked his confidence and his motivation. "
        "When he fell behind they pushed him harder, and they believe that got him through the door."
    ),
    variables=[
        V("Part-time work", -320, -160, units="hours per week"),
        V("Travel costs", -320, 0, units="£ per week"),
        V("Attendance", 0, 0),
        V("Falling Behind", 350, 0),
        V("Parental pressure", 175, 110),
        V("Motivation", 0, 220),
        V("Confidence", 350, 220),
    ],
    links=[
        L("Attendance", "Falling Behind", "-", confidence="strong", evidence="School reports and texts from college"),
        L("Falling Behind", "Confidence", "-", confidence="strong"),
        L("Confidence", "Motivation", "+", confidence="moderate"),
        L("Motivation", "Attendance", "+", confidence="moderate"),
        L("Falling Behind", "Parental pressure", "+"),
        L("Parental pressure", "Motivation", "+", confidence="moderate", evidence="Our own experience"),
        L("Travel costs", "Attendance", "-", confidence="strong", evidence="Bus fares went up in September"),
        L("Part-time work", "Attendance", "-", confidence="weak"),
    ],
    loops=[
        Loop(["Attendance", "Falling Behind", "Confidence", "Motivation"], "Losing heart", at=(280, 150),
             polarity="R"),
        Loop(["Attendance", "Falling Behind", "Parental pressure", "Motivation"], "Pushing harder",
             at=(110, 50), polarity="B"),
    ],
    counts=(1, 1),
)

WORKSHOP = [TUTOR, ADVISER, PARENT]
#: The close match the facilitator confirmed when merging (the window offers it; the CLI reports it).
WORKSHOP_CONFIRMED = [("College enrolments", "College enrollments")]
MERGED_FILE = f"{WORKSHOP_FOLDER}/merged.cld"


def build_merged(perspectives: list[Diagram]) -> Diagram:
    """The three maps merged as `cld-editor merge` does, with the confirmed match applied."""
    from cld_editor.analysis.merge import merge  # noqa: E402

    labels = [Path(example.file).stem for example in WORKSHOP]
    d = merge(list(zip(labels, perspectives)), same=WORKSHOP_CONFIRMED).diagram
    d.set_property("title", "Young people NEET: three perspectives merged")
    d.set_property("description", (
        "The college tutor's, the Connexions adviser's and the parent's maps in one. "
        "Each link records who drew it; the tutor and the parent disagree on what parental pressure does "
        "to motivation, so that link is contested. "
        "Loops that nobody drew alone appear: advice that is rushed sends young people onto the wrong course, "
        "and re-engaged young people bring funding that pays for pastoral support."
    ))
    d.set_property("author", WORKSHOP_AUTHOR)
    return d


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
    (HERE / WORKSHOP_FOLDER).mkdir(exist_ok=True)
    perspectives = [build(example) for example in WORKSHOP]
    for example, diagram in zip(WORKSHOP, perspectives):
        save(diagram, HERE / example.file)
        print(f"{example.file}: {len(diagram.variables)} variables, {len(diagram.links)} links")
    merged = build_merged(perspectives)
    save(merged, HERE / MERGED_FILE)
    print(f"{MERGED_FILE}: {len(merged.variables)} variables, {len(merged.links)} links")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
