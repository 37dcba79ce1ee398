"""Change events a :class:`~cld_editor.core.diagram.Diagram` sends to its listeners.

The canvas, the panels and the autosave all follow the model through these
events; nothing edits a view directly.  ``kind`` is one of ``"variable"``,
``"link"``, ``"loop_label"`` and ``"note"``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ElementAdded:
    """An element was inserted at ``index`` of its kind's list."""

    kind: str
    element: Any
    index: int


@dataclass(frozen=True)
class ElementRemoved:
    """An element was removed from ``index`` of its kind's list."""

    kind: str
    element: Any
    index: int


@dataclass(frozen=True)
class ElementChanged:
    """An element was replaced by a changed copy with the same id."""

    kind: str
    old: Any
    new: Any


@dataclass(frozen=True)
class PropertyChanged:
    """A diagram-wide property (title, simulation settings...) changed."""

    key: str
    old: Any
    new: Any


@dataclass(frozen=True)
class DiagramReset:
    """The whole content was replaced (revert, load into an open window)."""


Event = ElementAdded | ElementRemoved | ElementChanged | PropertyChanged | DiagramReset
