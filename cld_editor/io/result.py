"""What every reader returns: the diagram and what it could not carry over."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.diagram import Diagram


@dataclass
class ImportResult:
    """A loaded diagram and the list of things the reader could not carry over.

    ``warnings`` are whole sentences for a person ("2 macros were kept as
    text only"); an empty list means nothing was lost.
    """

    diagram: Diagram
    warnings: list[str] = field(default_factory=list)
