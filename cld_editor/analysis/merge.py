"""Several people's diagrams in one: matched names, agreement, contested links, new loops.

Each source diagram is a perspective (a participant or group, named after
its file).  Variables are matched by name ignoring case, spaces, punctuation
and plurals (:func:`match_key`); names that are merely close ("Attendence",
"Attendance") are offered as :attr:`MergeResult.candidates` for a person to
confirm, never merged on a guess.  Each merged link records, in its
``perspectives``, who drew it and with which sign.  People who agree on the
sign give the link that sign; a link drawn ``+`` by one and ``-`` by another
is *contested*: its polarity is ``?`` (not decided) and its evidence says
``contested``.  The loops of the merged map that no single perspective drew
are :attr:`MergeResult.new_loops` - the insight a workshop is for.

Positions: the first diagram's.  Each later map is moved so that its
best-connected shared variable lands on the merged one, and the variables it
adds go where it drew them, in the nearest spot clear of other labels
(:mod:`.placement`): each person's part keeps the shape they gave it.

Examples
--------
>>> from cld_editor.core import Diagram
>>> def diagram(*links):
...     d = Diagram()
...     for a, b, sign in links:
...         ids = [(d.variable_by_name(n) or d.new_variable(n)).id for n in (a, b)]
...         d.new_link(*ids, sign)
...     return d
>>> tutor = diagram(("Attendance", "Grades", "+"), ("Grades", "Motivation", "+"))
>>> parent = diagram(("Motivation", "attendance", "+"), ("grades", "Motivation", "-"))
>>> result = merge([("tutor", tutor), ("parent", parent)])
>>> out = result.to_json()
>>> out["variables"], out["links"], out["contested"]
(3, 3, [['Grades', 'Motivation']])
>>> out["agreement"]
{'Attendance -> Grades': 1, 'Grades -> Motivation': 2, 'Motivation -> Attendance': 1}
>>> out["new_loops"]
[{'members': ['Attendance', 'Grades', 'Motivation'], 'polarity': 'U'}]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

from rapidfuzz import fuzz, process

from ..core.diagram import Diagram
from ..core.elements import Evidence, Link, Variable
from .compare import JSON_POLARITY
from .evidence import weakest
from .loops import find_loops
from .search import CHECK_EVERY
from .placement import place_near_neighbours

#: How alike two names must be (0-100, rapidfuzz) to be offered as a possible match.
CANDIDATE_SCORE = 85.0
#: A merged map of many people can hold millions of loops; new loops are looked for among at most this
#: many, shortest first (for a workshop's maps, every loop) ...
MAX_LOOPS = 20_000
#: ... and within this many steps of the search (about 3 s on a 2020s laptop).  Steps are counted, not
#: seconds, so the same files give the same ``new_loops`` on every machine, however busy.
MAX_STEPS = 1_000_000

_NOT_WORD = re.compile(r"[^\w]+|_+")
_KEEP_S = ("ss", "us", "is", "ous")


def _singular(word: str) -> str:
    if len(word) <= 3 or word.endswith(_KEEP_S):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def match_words(name: str) -> list[str]:
    """The words of a name as matching sees them: lower case, no punctuation or accents, singular.

    Examples
    --------
    >>> match_words("Young people's  Skills")
    ['young', 'people', 's', 'skill']
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return [_singular(word) for word in _NOT_WORD.sub(" ", text).split()]


def match_key(name: str) -> str:
    """The key under which two names are the same variable in a merge.

    Case, spaces, punctuation, accents and plural endings are ignored.

    Examples
    --------
    >>> match_key("Job-centre referrals") == match_key("jobcentre referral")
    True
    >>> match_key("Opportunities") == match_key("opportunity"), match_key("Class") == match_key("Clas")
    (True, False)
    """
    return "".join(match_words(name))


@dataclass(frozen=True)
class Candidate:
    """Two variables whose names are close but not the same: the user decides."""

    first: str
    second: str
    score: float  # 0-100
    perspectives: tuple[tuple[str, ...], tuple[str, ...]]


@dataclass
class MergeResult:
    """The merged diagram and what the merge found."""

    diagram: Diagram
    labels: list[str]
    contested: list[tuple[str, str]] = field(default_factory=list)
    agreement: dict[str, int] = field(default_factory=dict)
    new_loops: list[tuple[list[str], str]] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    #: False when the merged map had more loops than were searched (see :data:`MAX_LOOPS`, :data:`MAX_STEPS`).
    loops_complete: bool = True
    #: How many loops of the merged map, shortest first, were searched for new ones.
    loops_searched: int = 0

    def to_json(self) -> dict[str, Any]:
        """The object ``cld-editor merge --json`` prints (issue 12's contract)."""
        return {
            "variables": len(self.diagram.variables),
            "links": len(self.diagram.links),
            "contested": [list(pair) for pair in self.contested],
            "agreement": dict(self.agreement),
            "new_loops": [{"members": members, "polarity": polarity} for members, polarity in self.new_loops],
        }


def unique_labels(labels: Iterable[str]) -> list[str]:
    """Perspective labels made unique by numbering repeats.

    Examples
    --------
    >>> unique_labels(["tutor", "parent", "tutor"])
    ['tutor', 'parent', 'tutor (2)']
    """
    out: list[str] = []
    for label in labels:
        label = label.strip() or "perspective"
        name, n = label, 1
        while name in out:
            n += 1
            name = f"{label} ({n})"
        out.append(name)
    return out


def _joined(values: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


class _Merger:
    def __init__(self, same: Iterable[tuple[str, str]]) -> None:
        self.diagram = Diagram()
        self.by_key: dict[str, str] = {}  # match key -> merged variable id
        self.alias = {match_key(b): match_key(a) for a, b in same}
        self.unplaced: list[str] = []
        self.drawn: dict[str, dict[str, tuple[float, float]]] = {}  # merged id -> {label: where its author drew it}
        self.first_label: dict[str, str] = {}  # merged id -> the perspective that brought it
        self.contributions: dict[str, list[Link]] = {}  # merged link id -> the source links

    def key(self, name: str) -> str:
        key = match_key(name) or name_fallback(name)
        return self.alias.get(key, key)

    def add_variables(self, label: str, source: Diagram, first: bool) -> dict[str, str]:
        ids: dict[str, str] = {}
        claimed: set[str] = set()
        for var in source.variables.values():
            key = self.key(var.name)
            target = self.by_key.get(key)
            if target is not None and key not in claimed:
                merged = self.diagram.variables[target]
                tags = tuple(dict.fromkeys(merged.perspectives + (var.perspectives or (label,))))
                self.diagram.update_variable(target, perspectives=tags)
            else:
                # New, or a second variable of the same file on the same key ("Grade" and "Grades"):
                # one person drew two, so they stay two.
                vid = var.id if first and var.id not in self.diagram.variables else self.diagram.new_id("variable")
                name = var.name if self.diagram.variable_by_name(var.name) is None else f"{var.name} ({label})"
                target = self.diagram.add_variable(replace(var, id=vid, name=name,
                                                           perspectives=var.perspectives or (label,))).id
                self.by_key.setdefault(key, target)
                if not first:
                    self.unplaced.append(target)
            claimed.add(key)
            ids[var.id] = target
            self.drawn.setdefault(target, {})[label] = (var.x, var.y)
            self.first_label.setdefault(target, label)
        return ids

    def add_links(self, label: str, source: Diagram, ids: dict[str, str], first: bool) -> None:
        for link in source.links.values():
            src, dst = ids[link.source], ids[link.target]
            signs = dict(link.perspectives) or {label: link.polarity}
            existing = self.diagram.link_between(src, dst)
            if existing is None:
                lid = link.id if first and link.id not in self.diagram.links else self.diagram.new_id("link")
                existing = self.diagram.add_link(replace(link, id=lid, source=src, target=dst, perspectives=signs))
                self.contributions[lid] = []
            else:
                # A perspective's first sign stands; newcomers are added after those already there.
                merged = {**existing.perspectives,
                          **{k: v for k, v in signs.items() if k not in existing.perspectives}}
                self.diagram.update_link(existing.id, perspectives=merged)
            self.contributions[existing.id].append(link)

    def shifts(self, sources: Sequence[tuple[str, Diagram]]) -> dict[str, tuple[float, float]]:
        """How far to move each later map so that it lies on the merged one.

        The map is moved so that its best-connected variable that is also in
        the merged map (its hub) lands where the merged map has it; a map that
        shares no variable is placed below the others.
        """
        shifts: dict[str, tuple[float, float]] = {}
        strangers = []
        for label, _ in sources[1:]:
            shared = [vid for vid, drawn in self.drawn.items() if label in drawn and self.first_label[vid] != label]
            if not shared:
                strangers.append(label)
                continue
            hub = max(shared, key=lambda vid: len(self.diagram.links_of(vid)))  # the first of the best
            (sx, sy), hub_var = self.drawn[hub][label], self.diagram.variables[hub]
            shifts[label] = (hub_var.x - sx, hub_var.y - sy)
        # Where everything placed so far will be: the first map and the moved ones.
        spots = [(v.x, v.y) for vid, v in self.diagram.variables.items() if vid not in self.unplaced]
        spots += [(x + shifts[first][0], y + shifts[first][1]) for vid, first in self.first_label.items()
                  if first in shifts for x, y in [self.drawn[vid][first]]]
        for label in strangers:
            own = [self.drawn[vid][label] for vid, first in self.first_label.items() if first == label]
            if not own:
                continue
            bottom = max((y for _, y in spots), default=0.0) + 260.0
            left = min((x for x, _ in spots), default=0.0)
            shifts[label] = (left - min(x for x, _ in own), bottom - min(y for _, y in own))
            spots += [(x + shifts[label][0], y + shifts[label][1]) for x, y in own]
        return shifts

    def hint_from(self, shifts: dict[str, tuple[float, float]]):
        def hint(vid: str, placed: object) -> tuple[float, float] | None:
            label = self.first_label[vid]
            if label not in shifts:
                return None
            x, y = self.drawn[vid][label]
            return x + shifts[label][0], y + shifts[label][1]
        return hint

    def settle_links(self) -> list[str]:
        """Give every link its agreed sign and merged evidence; return the contested ones' ids."""
        contested = []
        for lid, sources in self.contributions.items():
            link = self.diagram.links[lid]
            known = {sign for sign in link.perspectives.values() if sign != "?"}
            evidence = Evidence(
                weakest(s.evidence.confidence for s in sources),
                _joined(s.evidence.source for s in sources),
                _joined(s.evidence.proposed_by for s in sources),
                sources[0].evidence.extra,
            )
            if len(known) > 1:
                contested.append(lid)
                polarity = "?"
                evidence = replace(evidence, confidence="contested")
            else:
                polarity = known.pop() if known else "?"
            self.diagram.update_link(lid, polarity=polarity, evidence=evidence)
        return contested


def name_fallback(name: str) -> str:
    # A name made only of punctuation ("?!") keeps its own text as its key.
    return name.strip().casefold()


def merge(sources: Sequence[tuple[str, Diagram]], same: Iterable[tuple[str, str]] = ()) -> MergeResult:
    """Merge ``(label, diagram)`` pairs, the first one's layout kept.

    ``same`` holds pairs of names the user confirmed are one variable (for
    instance from :attr:`MergeResult.candidates`); the second name is merged
    into the first.  An element that already carries perspectives (a merged
    file merged again) keeps them instead of taking its file's label.
    """
    if not sources:
        raise ValueError("nothing to merge")
    labels = unique_labels(label for label, _ in sources)
    m = _Merger(same)
    first = sources[0][1]
    d = m.diagram
    for key in ("description", "author", "simulation", "extra"):
        d.set_property(key, getattr(first, key))
    d.set_property("title", first.title if len(sources) == 1 else
                   "Merged perspectives: " + ", ".join(labels))
    sources_labelled = [(label, source) for label, (_, source) in zip(labels, sources)]
    for index, (label, source) in enumerate(sources_labelled):
        ids = m.add_variables(label, source, index == 0)
        m.add_links(label, source, ids, index == 0)
    for kind in ("loop_label", "note"):  # the first map's labels and notes: its ids are kept
        for element in first.elements(kind).values():
            d.insert(kind, element)
    contested_ids = m.settle_links()
    for vid, (x, y) in place_near_neighbours(d, m.unplaced, m.hint_from(m.shifts(sources_labelled))).items():
        d.update_variable(vid, x=x, y=y)

    name = {vid: v.name for vid, v in d.variables.items()}
    result = MergeResult(d, labels)
    result.contested = [(name[d.links[lid].source], name[d.links[lid].target]) for lid in contested_ids]
    result.agreement = {f"{name[link.source]} -> {name[link.target]}": len(link.perspectives)
                        for link in d.links.values()}
    # A loop someone saw is one whose every link that person drew (their own view holds it, with
    # their signs): no need to search each person's map.
    found = find_loops(d, limit=MAX_LOOPS, should_stop=step_budget(MAX_STEPS))
    result.loops_complete = found.complete
    result.loops_searched = len(found.loops)
    for loop in found.loops:
        drew = set.intersection(*(set(d.links[lid].perspectives) for lid in loop.links))
        if not drew:
            result.new_loops.append((loop.variable_names(d), JSON_POLARITY[loop.polarity]))
    result.candidates = close_matches(d.variables.values())
    return result


def step_budget(steps: int):
    """A ``should_stop`` for the loop search that says stop once about ``steps`` search steps are done.

    The search asks every :data:`~.search.CHECK_EVERY` steps; counting the
    questions makes the cut the same on every machine, unlike a clock.

    Examples
    --------
    >>> stop = step_budget(2 * CHECK_EVERY)
    >>> [stop(), stop(), stop()]
    [False, True, True]
    """
    asked = [0]

    def should_stop() -> bool:
        asked[0] += 1
        return asked[0] * CHECK_EVERY >= steps

    return should_stop


def close_matches(variables: Iterable[Variable], score: float = CANDIDATE_SCORE) -> list[Candidate]:
    """Pairs of variables from different perspectives whose names are close (best first).

    Two variables that one perspective drew side by side are not offered: that
    person meant two things.

    Examples
    --------
    >>> from cld_editor.core import Variable
    >>> vs = [Variable("a", "Attendance", perspectives=("tutor",)),
    ...       Variable("b", "Attendence at college", perspectives=("parent",)),
    ...       Variable("c", "Attendance at college", perspectives=("tutor",))]
    >>> [(c.first, c.second) for c in close_matches(vs)]
    [('Attendence at college', 'Attendance at college')]
    """
    items = list(variables)
    texts = [" ".join(match_words(v.name)) for v in items]
    if len(items) < 2:
        return []
    plain = process.cdist(texts, texts, scorer=fuzz.ratio, score_cutoff=score)
    reordered = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio, score_cutoff=score)
    found = []
    for i, a in enumerate(items):
        for j in range(i + 1, len(items)):
            b = items[j]
            best = float(max(plain[i][j], reordered[i][j]))
            if best >= score and not set(a.perspectives) & set(b.perspectives):
                found.append(Candidate(a.name, b.name, round(best, 1), (a.perspectives, b.perspectives)))
    found.sort(key=lambda c: -c.score)
    return found
