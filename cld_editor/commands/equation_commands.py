"""Undoable edits of a variable's equation, kind and starting value, and of what-if values."""

from __future__ import annotations

from typing import Any

from ..core.diagram import Diagram
from .edits import DiagramEdit


class SetEquation(DiagramEdit):
    """Set fields of a variable's equation: ``equation``, ``kind`` and/or ``initial``.

    ``equation=None`` goes back to the generated equation.
    """

    def __init__(self, diagram: Diagram, variable_id: str, text: str = "", **changes: Any) -> None:
        name = diagram.variables[variable_id].name
        super().__init__(text or f"Edit equation of {name}")
        self.diagram = diagram
        self.variable_id = variable_id
        self.changes = changes
        old = diagram.variables[variable_id]
        self.old = {key: getattr(old, key) for key in changes}

    def apply(self) -> None:
        self.diagram.update_variable(self.variable_id, **self.changes)

    def revert(self) -> None:
        self.diagram.update_variable(self.variable_id, **self.old)


class ApplyWhatIf(DiagramEdit):
    """Write what-if values into the diagram: constants' values, stocks' starts, links' strengths."""

    def __init__(self, diagram: Diagram, variables: dict[str, dict[str, Any]], links: dict[str, float],
                 text: str = "Apply what-if values") -> None:
        super().__init__(text)
        self.diagram = diagram
        self.variables = variables
        self.links = links
        self.old_variables = {vid: {k: getattr(diagram.variables[vid], k) for k in changes}
                              for vid, changes in variables.items()}
        self.old_links = {lid: diagram.links[lid].strength for lid in links}

    def apply(self) -> None:
        for vid, changes in self.variables.items():
            self.diagram.update_variable(vid, **changes)
        for lid, strength in self.links.items():
            self.diagram.update_link(lid, strength=strength)

    def revert(self) -> None:
        for lid, strength in self.old_links.items():
            self.diagram.update_link(lid, strength=strength)
        for vid, changes in self.old_variables.items():
            self.diagram.update_variable(vid, **changes)
