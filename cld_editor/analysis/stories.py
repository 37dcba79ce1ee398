"""Loop stories: a plain-English telling of a feedback loop, built from its signs.

A trainer reads a loop aloud to a room; the story follows a change once around
the loop: "As Jobs rise, Worklessness falls, which lowers Benefit claims, ...
So the loop balances: it pushes back against change."  A delayed link is
named ("after a delay"), a link of unknown sign "affects" its target "in a way
not yet known".  A story the user wrote is kept on the loop's
:class:`~cld_editor.core.elements.LoopLabel` (``story``) and saved with the
diagram; :func:`loop_story` prefers it to the generated one.

Two wordings are offered: ``"rise"`` (rise/fall, raises/lowers) and
``"increase"`` (increase/decrease, increases/reduces).  Verbs agree with the
variable's name: "Jobs rise" but "Worklessness rises" (a name whose last word
looks plural takes the plural verb).

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.analysis.loops import find_loops
>>> d = Diagram()
>>> jobs, work, claims = (d.new_variable(n) for n in ("Jobs", "Worklessness", "Benefit claims"))
>>> _ = d.new_link(jobs.id, work.id, "-"); _ = d.new_link(work.id, claims.id, "+")
>>> _ = d.new_link(claims.id, jobs.id, "+", delay=True)
>>> loop = find_loops(d).loops[0]
>>> print(generate_story(d, loop))
As Benefit claims rise, Jobs rise after a delay, which lowers Worklessness, which in turn lowers Benefit claims. So the loop balances: it pushes back against change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.diagram import Diagram
from ..core.elements import LoopLabel
from .loops import Loop

UP, DOWN, UNKNOWN = 1, -1, 0

CONCLUSIONS = {
    "R": "So the loop reinforces: change feeds on itself, in either direction.",
    "B": "So the loop balances: it pushes back against change.",
    "?": "So what the loop does is not yet known: give the link of unknown sign a + or a - to find out.",
}


@dataclass(frozen=True)
class Wording:
    """The verbs of one wording: intransitive (a variable *rises*) and causative (*raises* it)."""

    rise: tuple[str, str]  # (plural, singular)
    fall: tuple[str, str]
    raises: str
    lowers: str


WORDINGS = {
    "rise": Wording(("rise", "rises"), ("fall", "falls"), "raises", "lowers"),
    "increase": Wording(("increase", "increases"), ("decrease", "decreases"), "increases", "reduces"),
}

# Words ending in "s" that are singular all the same.
_SINGULAR_S = re.compile(r"(ss|us|is|ics|ness|news|sis|ous|as)$", re.IGNORECASE)


def is_plural(name: str) -> bool:
    """Guess whether a variable's name reads as a plural noun.

    Examples
    --------
    >>> [is_plural(n) for n in ("Jobs", "Worklessness", "Benefit claims", "Crisis", "Economics", "People")]
    [True, False, True, False, False, True]
    """
    words = name.strip().split()
    if not words:
        return False
    last = words[-1]
    if last.casefold() in {"people", "children", "men", "women", "staff", "police", "data"}:
        return True
    return len(last) > 2 and last.endswith("s") and not _SINGULAR_S.search(last)


def _move(wording: Wording, name: str, direction: int) -> str:
    """``"Jobs rise"`` / ``"Worklessness falls"``."""
    plural = is_plural(name)
    verbs = wording.rise if direction == UP else wording.fall
    return f"{name} {verbs[0] if plural else verbs[1]}"


def _next(direction: int, polarity: str) -> int:
    if polarity == "?" or direction == UNKNOWN:
        return UNKNOWN
    return direction if polarity == "+" else -direction


def generate_story(diagram: Diagram, loop: Loop, wording: str = "rise") -> str:
    """Tell ``loop`` in plain English, following a rise of its first variable once around.

    Parameters
    ----------
    diagram : Diagram
        The diagram the loop was found in (for names, signs and delays).
    loop : Loop
        The loop, as found by :func:`~cld_editor.analysis.loops.find_loops`.
    wording : {"rise", "increase"}
        Which verbs to use.

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> from cld_editor.analysis.loops import find_loops
    >>> d = Diagram()
    >>> pop, births = d.new_variable("Population"), d.new_variable("Births")
    >>> _ = d.new_link(pop.id, births.id, "+"); _ = d.new_link(births.id, pop.id, "+")
    >>> print(generate_story(d, find_loops(d).loops[0], wording="increase"))
    As Births increase, Population increases, which in turn increases Births further. So the loop reinforces: change feeds on itself, in either direction.
    >>> _ = d.update_link("l2", polarity="?")
    >>> print(generate_story(d, find_loops(d).loops[0]))
    As Births rise, this affects Population in a way not yet known, which in turn changes Births. So what the loop does is not yet known: give the link of unknown sign a + or a - to find out.
    """
    words = WORDINGS[wording]
    names = [diagram.variables[v].name for v in loop.variables]
    links = [diagram.links[lid] for lid in loop.links]
    if loop.length == 1:
        return _self_story(words, names[0], links[0], loop.polarity)
    parts: list[str] = []
    direction = UP
    opening = f"As {_move(words, names[0], UP)}, "
    for i, link in enumerate(links):
        target = names[(i + 1) % len(names)]
        last = i == len(links) - 1
        before = direction
        direction = _next(direction, link.polarity)
        delay = link.delay
        if i == 0:
            if link.polarity == "?":
                clause = f"this affects {target} in a way not yet known"
            else:
                clause = _move(words, target, direction)
            parts.append(opening + clause + (" after a delay" if delay else ""))
            continue
        lead = "which in turn" if last else "which"
        if delay:
            lead += ", after a delay,"
        if link.polarity == "?":
            clause = f"{lead} affects {target} in a way not yet known"
        elif before == UNKNOWN:
            clause = f"{lead} changes {target}"
        else:
            verb = words.raises if direction == UP else words.lowers
            clause = f"{lead} {verb} {target}"
            if last and direction == UP:
                clause += " further"
        parts.append(clause)
    return ", ".join(parts) + ". " + CONCLUSIONS[loop.polarity]


def _self_story(words: Wording, name: str, link, polarity: str) -> str:
    delay = " after a delay" if link.delay else ""
    if polarity == "?":
        body = f"{name} affects itself{delay} in a way not yet known."
    elif polarity == "R":
        body = f"As {_move(words, name, UP)}, that rise {words.raises} it further{delay}."
    else:
        body = f"As {_move(words, name, UP)}, that rise {words.lowers} it again{delay}."
    return body + " " + CONCLUSIONS[polarity]


def story_label(diagram: Diagram, loop: Loop) -> LoopLabel | None:
    """The loop label that belongs to ``loop`` (same members), if the diagram has one."""
    members = frozenset(loop.variables)
    for label in diagram.loop_labels.values():
        if frozenset(label.members) == members:
            return label
    return None


def loop_story(diagram: Diagram, loop: Loop, wording: str = "rise") -> str:
    """The user's story for ``loop`` if a loop label holds one, else the generated one.

    Examples
    --------
    >>> from cld_editor.core import Diagram, LoopLabel
    >>> from cld_editor.analysis.loops import find_loops
    >>> d = Diagram()
    >>> a, b = d.new_variable("Sales"), d.new_variable("Word of mouth")
    >>> _ = d.new_link(a.id, b.id); _ = d.new_link(b.id, a.id)
    >>> loop = find_loops(d).loops[0]
    >>> _ = d.insert("loop_label", LoopLabel("loop1", members=loop.variables, story="Happy customers bring more."))
    >>> loop_story(d, loop)
    'Happy customers bring more.'
    """
    label = story_label(diagram, loop)
    if label is not None and label.story:
        return label.story
    return generate_story(diagram, loop, wording)
