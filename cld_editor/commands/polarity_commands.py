"""Undoable polarity edits that come from the equations: apply inferred signs, accept them.

The signs themselves are worked out by :func:`cld_editor.sim.infer.infer_polarities`;
these commands only write them into the diagram, all in one undo step.
"""

from __future__ import annotations

from typing import Mapping

from ..core.diagram import Diagram
from .edits import UpdateElement, UpdateMany


class InferPolarity(UpdateMany):
    """Give each unknown (``?``) link the sign its target's equation implies, marked as inferred.

    ``signs`` maps link ids to ``"+"``, ``"-"`` or None (not determinable);
    links that already have a sign, and signs that are None, are left alone.
    """

    def __init__(self, diagram: Diagram, signs: Mapping[str, str | None]) -> None:
        edits = [("link", link_id, {"polarity": sign, "inferred": True})
                 for link_id, sign in signs.items()
                 if sign in ("+", "-") and link_id in diagram.links and diagram.links[link_id].polarity == "?"]
        super().__init__(diagram, edits, "Infer polarity from equations")
        self.count = len(edits)


class AcceptInferred(UpdateElement):
    """Keep an inferred polarity as the user's own: the link is no longer marked inferred."""

    def __init__(self, diagram: Diagram, link_id: str) -> None:
        super().__init__(diagram, "link", link_id, {"inferred": False}, "Accept inferred polarity")
