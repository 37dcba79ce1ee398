"""What an archetype match is, and the catalogue of archetypes with their generic classes.

The generic classes are Wolstenholme's four problem archetypes (System
Dynamics Review 19, 2003), onto which the ADAS method (Schoenenberger,
Schmid and Schwaninger, 2015) maps the archetypes of Senge and Kim.

Examples
--------
>>> CATALOGUE["fixes_that_fail"].generic_class
'out_of_control'
>>> sorted({a.generic_class for a in CATALOGUE.values()})
['out_of_control', 'relative_achievement', 'relative_control', 'underachievement']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...core.diagram import Diagram
from ..loops import Loop


@dataclass(frozen=True)
class Archetype:
    """One archetype of the catalogue: its id, title and generic class."""

    id: str
    title: str
    generic_class: str


CLASS_TITLES = {
    "underachievement": "Underachievement",
    "out_of_control": "Out of control",
    "relative_achievement": "Relative achievement",
    "relative_control": "Relative control",
}

CATALOGUE = {a.id: a for a in (
    Archetype("fixes_that_fail", "Fixes that fail", "out_of_control"),
    Archetype("shifting_the_burden", "Shifting the burden", "out_of_control"),
    Archetype("limits_to_growth", "Limits to growth", "underachievement"),
    Archetype("growth_and_underinvestment", "Growth and underinvestment", "underachievement"),
    Archetype("tragedy_of_the_commons", "Tragedy of the commons", "underachievement"),
    Archetype("accidental_adversaries", "Accidental adversaries", "underachievement"),
    Archetype("success_to_the_successful", "Success to the successful", "relative_achievement"),
    Archetype("eroding_goals", "Eroding goals", "relative_control"),
    Archetype("escalation", "Escalation", "relative_control"),
)}

# Archetypes made of three loops or more contain the simpler ones: a match of
# one of these takes precedence over a simple match on a subset of its loops.
COMPOUND = ("tragedy_of_the_commons", "accidental_adversaries", "growth_and_underinvestment",
            "shifting_the_burden")
# How many variables the textbook form has on its loops (Kim's diagrams); a match with more has
# extra steps, and the fewer extra steps, the more telling the match.
TEXTBOOK_SIZE = {
    "fixes_that_fail": 3, "shifting_the_burden": 4, "limits_to_growth": 3, "growth_and_underinvestment": 6,
    "tragedy_of_the_commons": 6, "accidental_adversaries": 6, "success_to_the_successful": 5,
    "eroding_goals": 5, "escalation": 5,
}

# How many links the textbook form has on its loops (links from a condition not counted): a step
# drawn on each of them is the loosest match still reported.
TEXTBOOK_LINKS = {
    "fixes_that_fail": 4, "shifting_the_burden": 6, "limits_to_growth": 4, "growth_and_underinvestment": 8,
    "tragedy_of_the_commons": 9, "accidental_adversaries": 10, "success_to_the_successful": 6,
    "eroding_goals": 6, "escalation": 6,
}

# How many delayed links the textbook form has (Kim's diagrams); a match with more has delays in
# places the archetype does not explain, which chance structures often do.
TEXTBOOK_DELAYS = {
    "fixes_that_fail": 1, "shifting_the_burden": 1, "limits_to_growth": 1, "growth_and_underinvestment": 1,
    "tragedy_of_the_commons": 1, "accidental_adversaries": 2, "success_to_the_successful": 0,
    "eroding_goals": 1, "escalation": 1,
}


@dataclass(frozen=True)
class ArchetypeMatch:
    """One archetype found in a diagram.

    Attributes
    ----------
    archetype : str
        The archetype id (a key of :data:`CATALOGUE`).
    loops : tuple of Loop
        The loops it is made of, in name order.
    roles : dict
        Variable id -> role id, for the variables whose role the structure decides.
    ambiguous_with : tuple of str
        Archetypes with the same structure that only the user can tell apart.
    question : str
        What the user must answer to tell them apart ("" when not ambiguous).
    """

    archetype: str
    loops: tuple[Loop, ...]
    roles: dict[str, str]
    ambiguous_with: tuple[str, ...] = ()
    question: str = ""
    order: tuple = field(default=(), compare=False, repr=False)

    @property
    def generic_class(self) -> str:
        return CATALOGUE[self.archetype].generic_class

    @property
    def title(self) -> str:
        return CATALOGUE[self.archetype].title

    @property
    def loop_names(self) -> list[str]:
        return [loop.name for loop in self.loops]

    @property
    def variables(self) -> frozenset[str]:
        """Every variable on the match's loops."""
        return frozenset(v for loop in self.loops for v in loop.variables)

    def role_names(self, diagram: Diagram) -> dict[str, str]:
        """Variable name -> role, in the order the variables first appear on the loops."""
        ordered = [v for loop in self.loops for v in loop.variables] + list(self.roles)
        seen: dict[str, str] = {}
        for vid in ordered:
            if vid in self.roles and diagram.variables[vid].name not in seen:
                seen[diagram.variables[vid].name] = self.roles[vid]
        return seen

    def to_json(self, diagram: Diagram) -> dict[str, Any]:
        """The match as ``cld-editor archetypes --json`` prints it."""
        return {
            "archetype": self.archetype,
            "class": self.generic_class,
            "loops": [loop.variable_names(diagram) for loop in self.loops],
            "roles": self.role_names(diagram),
            "ambiguous_with": list(self.ambiguous_with),
        }


def role_title(role: str) -> str:
    """``"problem_symptom"`` -> ``"problem symptom"``; the A/B of two actors in capitals.

    Examples
    --------
    >>> role_title("activity_a"), role_title("unintended_consequence")
    ('activity A', 'unintended consequence')
    """
    words = role.split("_")
    return " ".join(w.upper() if w in ("a", "b") and i > 0 else w for i, w in enumerate(words))
