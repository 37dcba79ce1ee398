"""The model of a causal-loop diagram: pure Python, no Qt."""

from .diagram import Diagram
from .elements import Evidence, Link, LoopLabel, Note, SimulationSettings, Variable
from .errors import CldError, FileFormatError, ModelError

__all__ = [
    "CldError",
    "Diagram",
    "Evidence",
    "FileFormatError",
    "Link",
    "LoopLabel",
    "ModelError",
    "Note",
    "SimulationSettings",
    "Variable",
]
