"""The elements of a diagram: variables, links, loop labels, notes, settings.

Elements are immutable: an edit replaces an element with a changed copy
(:func:`dataclasses.replace`), so an undo command only has to keep the old
object.  ``extra`` holds keys from a file that this program does not know, so
that they survive a load and save.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from .errors import InvalidValueError

POLARITIES = ("+", "-", "?")
KINDS = ("auxiliary", "stock", "constant")
CONFIDENCES = ("strong", "moderate", "weak", "contested", "hypothesis")
# Confidence levels that make a loop an evidence gap: it rests on a guess.
WEAK_CONFIDENCES = ("weak", "hypothesis")
METHODS = ("euler", "rk4")


def _finite(value: float, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidValueError(f"expected a number, got {value!r}", where)
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise InvalidValueError("expected a finite number of sensible size", where)
    return result


def _perspective_names(values: Any, where: str) -> tuple[str, ...]:
    names = tuple(values)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise InvalidValueError(f"a perspective needs a name, got {name!r}", where)
    if len(set(names)) != len(names):
        raise InvalidValueError("a perspective is named twice", where)
    return names


@dataclass(frozen=True)
class Evidence:
    """What a link rests on: how sure we are, where it came from, who proposed it.

    ``confidence`` is one of :data:`CONFIDENCES` (``None``: not stated),
    ``source`` free text ("workshop 3 March", "data: ONS", a citation),
    ``proposed_by`` the person or group who drew it.  An empty ``Evidence``
    is falsy and is not written to a file.

    Examples
    --------
    >>> bool(Evidence()), bool(Evidence(confidence="weak"))
    (False, True)
    >>> Evidence(confidence="certain")
    Traceback (most recent call last):
    ...
    cld_editor.core.errors.InvalidValueError: evidence: confidence must be one of strong, moderate, \
weak, contested, hypothesis, got 'certain'
    """

    confidence: str | None = None
    source: str = ""
    proposed_by: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.confidence is not None and self.confidence not in CONFIDENCES:
            raise InvalidValueError(
                f"confidence must be one of {', '.join(CONFIDENCES)}, got {self.confidence!r}", "evidence"
            )
        for key in ("source", "proposed_by"):
            if not isinstance(getattr(self, key), str):
                raise InvalidValueError(f"{key} must be text, got {getattr(self, key)!r}", "evidence")

    def __bool__(self) -> bool:
        return bool(self.confidence or self.source or self.proposed_by or self.extra)


@dataclass(frozen=True)
class Variable:
    """A variable of the diagram: a label on the canvas, a box if a stock.

    Examples
    --------
    >>> Variable("v1", "Jobs", 10, 20).kind
    'auxiliary'
    """

    id: str
    name: str
    x: float = 0.0
    y: float = 0.0
    kind: str = "auxiliary"
    initial: float | str | None = None
    equation: str | None = None
    units: str = ""
    notes: str = ""
    evidence: str = ""
    colour: str | None = None
    tags: tuple[str, ...] = ()
    perspectives: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict, compare=True)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidValueError("a variable needs a non-empty string id", "id")
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidValueError("a variable needs a name", f'variable "{self.id}"')
        if self.kind not in KINDS:
            raise InvalidValueError(
                f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}", f'variable "{self.name}"'
            )
        object.__setattr__(self, "x", _finite(self.x, f'variable "{self.name}".x'))
        object.__setattr__(self, "y", _finite(self.y, f'variable "{self.name}".y'))
        if isinstance(self.initial, (int, float)) and not isinstance(self.initial, bool):
            object.__setattr__(self, "initial", _finite(self.initial, f'variable "{self.name}".initial'))
        object.__setattr__(self, "tags", tuple(self.tags))
        object.__setattr__(self, "perspectives",
                           _perspective_names(self.perspectives, f'variable "{self.name}".perspectives'))


@dataclass(frozen=True)
class Link:
    """A causal link ``source -> target`` with a polarity and an optional delay.

    ``curvature`` bends the drawn curve: the sideways offset of its middle as a
    fraction of the distance between the two variables (positive bends left of
    the direction of travel).  ``delay_time`` is the solver's first-order delay
    time for a delayed link (``None``: the solver's default).  ``evidence``
    says how sure we are of the link and why (:class:`Evidence`).
    ``perspectives`` maps each perspective (a participant or group) that drew
    the link to the sign it gave; a merge of several people's diagrams
    fills it, so the merged file can be taken apart again.

    Examples
    --------
    >>> Link("l1", "v1", "v2", "-").polarity
    '-'
    """

    id: str
    source: str
    target: str
    polarity: str = "+"
    delay: bool = False
    delay_time: float | None = None
    strength: float = 1.0
    label: str = ""
    notes: str = ""
    evidence: Evidence = field(default_factory=Evidence)
    curvature: float = 0.0
    inferred: bool = False
    perspectives: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidValueError("a link needs a non-empty string id", "id")
        if self.polarity not in POLARITIES:
            raise InvalidValueError(
                f'polarity must be "+", "-" or "?", got {self.polarity!r}', f'link "{self.id}"'
            )
        if not isinstance(self.delay, bool):
            raise InvalidValueError(f"delay must be true or false, got {self.delay!r}", f'link "{self.id}"')
        if not isinstance(self.evidence, Evidence):
            raise InvalidValueError(f"evidence must be an Evidence, got {self.evidence!r}", f'link "{self.id}"')
        where = f'link "{self.id}".perspectives'
        perspectives = dict(self.perspectives)
        _perspective_names(perspectives, where)
        for name, sign in perspectives.items():
            if sign not in POLARITIES:
                raise InvalidValueError(f'perspective "{name}" gave the sign {sign!r}, not +, - or ?', where)
        object.__setattr__(self, "perspectives", perspectives)
        object.__setattr__(self, "strength", _finite(self.strength, f'link "{self.id}".strength'))
        object.__setattr__(self, "curvature", _finite(self.curvature, f'link "{self.id}".curvature'))
        if self.delay_time is not None:
            value = _finite(self.delay_time, f'link "{self.id}".delay_time')
            if value <= 0:
                raise InvalidValueError("delay_time must be positive", f'link "{self.id}"')
            object.__setattr__(self, "delay_time", value)


@dataclass(frozen=True)
class LoopLabel:
    """A loop label on the canvas: a circular arrow with R or B and its number.

    ``members`` are the loop's variable ids in loop order (the label follows the
    loop through renumbering by membership); ``code`` is the name it last had
    (``R1``) and ``name`` an optional title such as "Engine of growth".
    ``story`` is the user's own telling of the loop (``None``: the generated one).
    """

    id: str
    x: float = 0.0
    y: float = 0.0
    code: str = ""
    name: str = ""
    members: tuple[str, ...] = ()
    story: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidValueError("a loop label needs a non-empty string id", "id")
        object.__setattr__(self, "x", _finite(self.x, f'loop label "{self.id}".x'))
        object.__setattr__(self, "y", _finite(self.y, f'loop label "{self.id}".y'))
        object.__setattr__(self, "members", tuple(self.members))


@dataclass(frozen=True)
class Note:
    """A free-text note placed on the canvas."""

    id: str
    text: str
    x: float = 0.0
    y: float = 0.0
    width: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InvalidValueError("a note needs a non-empty string id", "id")
        object.__setattr__(self, "x", _finite(self.x, f'note "{self.id}".x'))
        object.__setattr__(self, "y", _finite(self.y, f'note "{self.id}".y'))


@dataclass(frozen=True)
class SimulationSettings:
    """Run settings kept in the file; the command line's options override them.

    ``save_every`` is the interval between saved rows (``None``: every step).
    """

    start: float = 0.0
    stop: float = 100.0
    dt: float = 0.25
    method: str = "euler"
    save_every: float | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key in ("start", "stop", "dt"):
            object.__setattr__(self, key, _finite(getattr(self, key), f"simulation.{key}"))
        if self.dt <= 0:
            raise InvalidValueError(f"dt must be positive, got {self.dt}", "simulation.dt")
        if self.stop <= self.start:
            raise InvalidValueError(
                f"stop ({self.stop}) must be after start ({self.start})", "simulation.stop"
            )
        if self.method not in METHODS:
            raise InvalidValueError(f'method must be "euler" or "rk4", got {self.method!r}', "simulation.method")
        if self.save_every is not None:
            value = _finite(self.save_every, "simulation.save_every")
            if value <= 0:
                raise InvalidValueError("save_every must be positive", "simulation.save_every")
            object.__setattr__(self, "save_every", value)
