"""The diagram: variables, links, loop labels and notes, with change events.

Every edit goes through a method here, which validates it, applies it and
tells the listeners.  Even ``diagram.title = "..."`` does: a diagram-wide
property assigned directly is set through :meth:`Diagram.set_property`, so
the canvas, the undo history and the edit journal never miss a change.  Elements keep their order (the file is written in that
order), and each removal reports the index it came from so an undo can put it
back exactly where it was.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any, Callable, Iterator, Mapping

from .elements import Link, LoopLabel, Note, SimulationSettings, Variable
from .errors import (
    DuplicateIdError,
    DuplicateLinkError,
    DuplicateNameError,
    InvalidValueError,
    UnknownElementError,
    UnknownVariableError,
)
from .events import DiagramReset, ElementAdded, ElementChanged, ElementRemoved, Event, PropertyChanged
from .naming import name_key

Listener = Callable[[Event], None]

KIND_TYPES: dict[str, type] = {"variable": Variable, "link": Link, "loop_label": LoopLabel, "note": Note}
_ID_PREFIX = {"variable": "v", "link": "l", "loop_label": "loop", "note": "n"}
PROPERTIES = ("title", "description", "author", "created", "modified", "simulation", "extra")


class Diagram:
    """A causal-loop diagram.

    Examples
    --------
    >>> d = Diagram(title="Jobs")
    >>> jobs = d.new_variable("Jobs", 0, 0)
    >>> work = d.new_variable("Worklessness", 200, 0)
    >>> link = d.new_link(jobs.id, work.id, "-")
    >>> d.link_between(jobs.id, work.id).polarity
    '-'
    >>> removed = d.remove_variable(jobs.id)
    >>> [element.id for element, _ in removed]
    ['l1', 'v1']
    >>> len(d.links)
    0
    """

    def __init__(
        self,
        title: str = "",
        description: str = "",
        author: str = "",
        created: str | None = None,
        modified: str | None = None,
        simulation: SimulationSettings | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        self._listeners: list[Listener] = []
        self.title = title
        self.description = description
        self.author = author
        self.created = created
        self.modified = modified
        self.simulation = simulation or SimulationSettings()
        self.extra: Mapping[str, Any] = dict(extra or {})
        self._items: dict[str, dict[str, Any]] = {kind: {} for kind in KIND_TYPES}
        self._names: dict[str, str] = {}  # name_key -> variable id
        self._out: dict[str, dict[str, str]] = {}  # source id -> {target id: link id}
        self._in: dict[str, dict[str, str]] = {}  # target id -> {source id: link id}
        self._counters = {kind: itertools.count(1) for kind in KIND_TYPES}

    def __setattr__(self, key: str, value: Any) -> None:
        # A property written as an attribute still goes through set_property: its event is how the
        # journal (crash recovery), the panels and the window title learn of it.
        if key in PROPERTIES and key in self.__dict__:
            self.set_property(key, value)
        else:
            object.__setattr__(self, key, value)

    # ----------------------------------------------------------- listeners
    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(event)`` after every change."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        """Stop calling ``listener``; unknown listeners are ignored."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # ------------------------------------------------------------- reading
    @property
    def variables(self) -> Mapping[str, Variable]:
        """Variables by id, in diagram order (read-only use)."""
        return self._items["variable"]

    @property
    def links(self) -> Mapping[str, Link]:
        """Links by id, in diagram order (read-only use)."""
        return self._items["link"]

    @property
    def loop_labels(self) -> Mapping[str, LoopLabel]:
        """Loop labels by id, in diagram order (read-only use)."""
        return self._items["loop_label"]

    @property
    def notes(self) -> Mapping[str, Note]:
        """Notes by id, in diagram order (read-only use)."""
        return self._items["note"]

    def elements(self, kind: str) -> Mapping[str, Any]:
        """Elements of ``kind`` by id."""
        return self._items[kind]

    def get(self, kind: str, element_id: str) -> Any:
        """Return the element of ``kind`` with ``element_id`` or raise :class:`UnknownElementError`."""
        try:
            return self._items[kind][element_id]
        except KeyError:
            raise UnknownElementError(f'no {kind.replace("_", " ")} with id "{element_id}"') from None

    def index_of(self, kind: str, element_id: str) -> int:
        """Return the position of an element in its kind's list."""
        for i, key in enumerate(self._items[kind]):
            if key == element_id:
                return i
        raise UnknownElementError(f'no {kind.replace("_", " ")} with id "{element_id}"')

    def variable_by_name(self, name: str) -> Variable | None:
        """Return the variable called ``name`` (ignoring case and surrounding spaces)."""
        vid = self._names.get(name_key(name))
        return self.variables[vid] if vid is not None else None

    def link_between(self, source: str, target: str) -> Link | None:
        """Return the link from ``source`` to ``target``, if there is one."""
        lid = self._out.get(source, {}).get(target)
        return self.links[lid] if lid is not None else None

    def links_from(self, variable_id: str) -> list[Link]:
        """Links leaving a variable."""
        return [self.links[lid] for lid in self._out.get(variable_id, {}).values()]

    def links_into(self, variable_id: str) -> list[Link]:
        """Links arriving at a variable."""
        return [self.links[lid] for lid in self._in.get(variable_id, {}).values()]

    def links_of(self, variable_id: str) -> list[Link]:
        """All links that touch a variable, in diagram order."""
        ids = set(self._out.get(variable_id, {}).values()) | set(self._in.get(variable_id, {}).values())
        return [link for lid, link in self.links.items() if lid in ids]

    def __iter__(self) -> Iterator[Variable]:
        return iter(self.variables.values())

    def __len__(self) -> int:
        return len(self.variables)

    # -------------------------------------------------------------- ids
    def new_id(self, kind: str) -> str:
        """Return an id for ``kind`` that no element of that kind has."""
        items = self._items[kind]
        prefix = _ID_PREFIX[kind]
        while True:
            candidate = f"{prefix}{next(self._counters[kind])}"
            if candidate not in items:
                return candidate

    # --------------------------------------------------------- validation
    def _check_variable(self, var: Variable, replacing: Variable | None = None) -> None:
        key = name_key(var.name)
        owner = self._names.get(key)
        if owner is not None and (replacing is None or owner != replacing.id):
            raise DuplicateNameError(
                f'there is already a variable called "{self.variables[owner].name}"',
                f'variable "{var.name}"',
                "names must differ by more than case and surrounding spaces",
            )

    def _check_link(self, link: Link, replacing: Link | None = None) -> None:
        for end, vid in (("from", link.source), ("to", link.target)):
            if vid not in self.variables:
                raise UnknownVariableError(f'no variable with id "{vid}"', f'link "{link.id}".{end}')
        existing = self._out.get(link.source, {}).get(link.target)
        if existing is not None and (replacing is None or existing != replacing.id):
            raise DuplicateLinkError(
                f'there is already a link from "{self.variables[link.source].name}" '
                f'to "{self.variables[link.target].name}" ({existing})',
                f'link "{link.id}"',
            )

    # ------------------------------------------------------ index upkeep
    def _index(self, kind: str, element: Any) -> None:
        if kind == "variable":
            self._names[name_key(element.name)] = element.id
        elif kind == "link":
            self._out.setdefault(element.source, {})[element.target] = element.id
            self._in.setdefault(element.target, {})[element.source] = element.id

    def _unindex(self, kind: str, element: Any) -> None:
        if kind == "variable":
            self._names.pop(name_key(element.name), None)
            self._out.pop(element.id, None)
            self._in.pop(element.id, None)
        elif kind == "link":
            self._out.get(element.source, {}).pop(element.target, None)
            self._in.get(element.target, {}).pop(element.source, None)

    # ------------------------------------------------------ generic edits
    def insert(self, kind: str, element: Any, index: int | None = None) -> Any:
        """Insert ``element`` of ``kind`` at ``index`` (default: the end)."""
        if not isinstance(element, KIND_TYPES[kind]):
            raise InvalidValueError(f"expected a {KIND_TYPES[kind].__name__}, got {type(element).__name__}")
        items = self._items[kind]
        if element.id in items:
            raise DuplicateIdError(f'there is already a {kind.replace("_", " ")} with id "{element.id}"')
        if kind == "variable":
            self._check_variable(element)
        elif kind == "link":
            self._check_link(element)
        if index is None or index >= len(items):
            items[element.id] = element
            index = len(items) - 1
        else:
            index = max(index, 0)
            entries = list(items.items())
            entries.insert(index, (element.id, element))
            self._items[kind] = dict(entries)
        self._index(kind, element)
        self._emit(ElementAdded(kind, element, index))
        return element

    def remove(self, kind: str, element_id: str) -> tuple[Any, int]:
        """Remove one element (links of a variable are not touched: see :meth:`remove_variable`)."""
        element = self.get(kind, element_id)
        if kind == "variable" and self.links_of(element_id):
            raise InvalidValueError(
                f'variable "{element.name}" still has links', hint="remove them first or use remove_variable"
            )
        index = self.index_of(kind, element_id)
        del self._items[kind][element_id]
        self._unindex(kind, element)
        self._emit(ElementRemoved(kind, element, index))
        return element, index

    def update(self, kind: str, element_id: str, /, **changes: Any) -> tuple[Any, Any]:
        """Replace an element by a copy with ``changes``; return ``(old, new)``."""
        old = self.get(kind, element_id)
        if "id" in changes and changes["id"] != element_id:
            raise InvalidValueError("an element's id cannot change")
        new = replace(old, **changes)
        if new == old:
            return old, old
        if kind == "variable":
            self._check_variable(new, replacing=old)
        elif kind == "link":
            self._check_link(new, replacing=old)
        self._unindex_for_update(kind, old)
        self._items[kind][element_id] = new
        self._index(kind, new)
        self._emit(ElementChanged(kind, old, new))
        return old, new

    def _unindex_for_update(self, kind: str, old: Any) -> None:
        # A variable keeps its links through a rename, so only its name entry goes.
        if kind == "variable":
            self._names.pop(name_key(old.name), None)
        else:
            self._unindex(kind, old)

    def set_property(self, key: str, value: Any) -> Any:
        """Change a diagram-wide property; return the old value."""
        if key not in PROPERTIES:
            raise InvalidValueError(f"unknown diagram property {key!r}")
        if key == "simulation" and not isinstance(value, SimulationSettings):
            raise InvalidValueError("simulation settings must be a SimulationSettings")
        old = getattr(self, key)
        if old == value:
            return old
        object.__setattr__(self, key, value)
        self._emit(PropertyChanged(key, old, value))
        return old

    # --------------------------------------------------- convenience edits
    def add_variable(self, variable: Variable, index: int | None = None) -> Variable:
        """Add a variable (see :meth:`insert`)."""
        return self.insert("variable", variable, index)

    def new_variable(self, name: str, x: float = 0.0, y: float = 0.0, **fields: Any) -> Variable:
        """Create and add a variable with a fresh id."""
        return self.add_variable(Variable(self.new_id("variable"), name, x, y, **fields))

    def update_variable(self, variable_id: str, **changes: Any) -> tuple[Variable, Variable]:
        """Change fields of a variable; return ``(old, new)``."""
        return self.update("variable", variable_id, **changes)

    def remove_variable(self, variable_id: str) -> list[tuple[Any, int]]:
        """Remove a variable and its links.

        Returns the removed elements with their indices, in removal order (the
        links first, the variable last); re-inserting them in reverse order
        restores the diagram exactly.
        """
        self.get("variable", variable_id)
        removed = [self.remove("link", link.id) for link in reversed(self.links_of(variable_id))]
        removed.append(self.remove("variable", variable_id))
        return removed

    def add_link(self, link: Link, index: int | None = None) -> Link:
        """Add a link (see :meth:`insert`)."""
        return self.insert("link", link, index)

    def new_link(self, source: str, target: str, polarity: str = "+", **fields: Any) -> Link:
        """Create and add a link with a fresh id."""
        return self.add_link(Link(self.new_id("link"), source, target, polarity, **fields))

    def update_link(self, link_id: str, **changes: Any) -> tuple[Link, Link]:
        """Change fields of a link; return ``(old, new)``."""
        return self.update("link", link_id, **changes)

    def remove_link(self, link_id: str) -> tuple[Link, int]:
        """Remove a link; return it with its former index."""
        return self.remove("link", link_id)

    # ------------------------------------------------------------ whole
    def clear(self) -> None:
        """Remove everything and reset the properties (one :class:`DiagramReset` event)."""
        self._replace_content(Diagram())

    def replace_content(self, other: "Diagram") -> None:
        """Take over ``other``'s content and properties, keeping this object's listeners."""
        self._replace_content(other.copy())

    def _replace_content(self, other: "Diagram") -> None:
        for key in PROPERTIES:  # one reset event below, not one event per property
            object.__setattr__(self, key, getattr(other, key))
        self._items = other._items
        self._names, self._out, self._in = other._names, other._out, other._in
        self._emit(DiagramReset())

    def copy(self) -> "Diagram":
        """Return an independent copy without listeners."""
        twin = Diagram(
            self.title, self.description, self.author, self.created, self.modified, self.simulation, self.extra
        )
        for kind in KIND_TYPES:
            twin._items[kind] = dict(self._items[kind])
        twin._names = dict(self._names)
        twin._out = {k: dict(v) for k, v in self._out.items()}
        twin._in = {k: dict(v) for k, v in self._in.items()}
        return twin

    def state(self) -> tuple:
        """A value that is equal for two diagrams with the same content and order."""
        props = tuple(getattr(self, key) for key in PROPERTIES if key != "extra")
        extra = repr(sorted(self.extra.items(), key=repr))  # extra may hold unhashable JSON values
        return props + (extra,) + tuple(tuple(self._items[kind].values()) for kind in KIND_TYPES)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Diagram) and self.state() == other.state()

    def __repr__(self) -> str:
        return f"<Diagram {self.title!r}: {len(self.variables)} variables, {len(self.links)} links>"
