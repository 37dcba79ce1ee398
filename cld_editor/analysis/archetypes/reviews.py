"""The user's verdict on an archetype match - confirmed or dismissed - saved with the diagram.

Structure proposes, the user decides: a match the partnership recognises is
*confirmed*, one that does not fit the story is *dismissed*.  Verdicts live in
the diagram's top-level ``archetype_reviews`` key (a list of ``{"archetype",
"loops", "review"}``; ``loops`` holds each loop's variable ids in canonical
loop order), which the native format keeps like any other extra key.  A
verdict follows the match as long as its loops keep the same variables.

Examples
--------
>>> from cld_editor.core import Diagram
>>> from cld_editor.analysis.archetypes import find_archetypes
>>> d = Diagram()
>>> p, f, u = (d.new_variable(n) for n in ("Potholes", "Patching", "Road decay"))
>>> for s, t, sign, late in [(p, f, "+", 0), (f, p, "-", 0), (f, u, "+", 0), (u, p, "+", 1)]:
...     _ = d.new_link(s.id, t.id, sign, delay=bool(late))
>>> [match] = find_archetypes(d)
>>> review_of(d, match) is None
True
>>> d.extra = with_review(d, match, "dismissed")
>>> review_of(d, match)
'dismissed'
>>> d.extra["archetype_reviews"][0]["loops"]
[['v2', 'v1'], ['v2', 'v3', 'v1']]
"""

from __future__ import annotations

from typing import Any

from ...core.diagram import Diagram
from .model import ArchetypeMatch

KEY = "archetype_reviews"
REVIEWS = ("confirmed", "dismissed")


def _identity(archetype: str, loops: list[list[str]]) -> tuple:
    return archetype, tuple(sorted(tuple(loop) for loop in loops))


def match_identity(match: ArchetypeMatch) -> tuple:
    """What identifies a match across edits: its archetype and its loops' variables."""
    return _identity(match.archetype, [list(loop.variables) for loop in match.loops])


def _entries(diagram: Diagram) -> list[dict[str, Any]]:
    raw = diagram.extra.get(KEY)
    if not isinstance(raw, list):
        return []
    return [e for e in raw if isinstance(e, dict) and isinstance(e.get("archetype"), str)
            and isinstance(e.get("loops"), list) and all(isinstance(lp, list) for lp in e["loops"])
            and e.get("review") in REVIEWS]


def review_of(diagram: Diagram, match: ArchetypeMatch) -> str | None:
    """``"confirmed"``, ``"dismissed"`` or ``None`` (not reviewed yet)."""
    wanted = match_identity(match)
    for entry in _entries(diagram):
        if _identity(entry["archetype"], entry["loops"]) == wanted:
            return entry["review"]
    return None


def with_review(diagram: Diagram, match: ArchetypeMatch, review: str | None) -> dict[str, Any]:
    """The diagram's ``extra`` with ``match`` given ``review`` (``None`` forgets the verdict)."""
    if review is not None and review not in REVIEWS:
        raise ValueError(f"a review is one of {REVIEWS}, not {review!r}")
    wanted = match_identity(match)
    kept = [e for e in _entries(diagram) if _identity(e["archetype"], e["loops"]) != wanted]
    if review is not None:
        kept.append({"archetype": match.archetype, "loops": [list(loop.variables) for loop in match.loops],
                     "review": review})
    extra = dict(diagram.extra)
    if kept:
        extra[KEY] = kept
    else:
        extra.pop(KEY, None)
    return extra
