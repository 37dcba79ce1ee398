"""Shared tools of the import modules: a diagram builder, text decoding, layout.

Every reader of a foreign format collects variables by a *key* (the way that
format compares names), merges repeated links between the same two
variables, and gives the diagram an automatic layout when the file had no
positions.  :class:`DiagramBuilder` does that once for all of them.

Examples
--------
>>> b = DiagramBuilder()
>>> a = b.variable("jobs", "Jobs", 0, 0)
>>> w = b.variable("worklessness", "Worklessness", 200, 0)
>>> b.link(a, w, "-")
>>> b.link(a, w, "?")          # a second arrow between the same two: merged
>>> result = b.finish()
>>> [(l.polarity, l.delay) for l in result.diagram.links.values()]
[('-', False)]
"""

from __future__ import annotations

import re
from typing import Any

from ..core.diagram import Diagram
from ..core.errors import CldError, FileFormatError
from ..core.naming import name_key, unique_name
from ..core.words import plural, verb
from .limits import check_count
from .result import ImportResult

_SPACES = re.compile(r"\s+")


def clean_name(name: str) -> str:
    """Return a name with surrounding spaces removed and inner runs of white space as one space.

    Examples
    --------
    >>> clean_name("  Birth\\n  rate ")
    'Birth rate'
    """
    return _SPACES.sub(" ", name).strip()


def decode_text(data: bytes, source: str = "", fallback: str = "cp1252") -> str:
    """Decode a text file: UTF-8 (with or without a byte-order mark), else ``fallback``.

    A file with NUL bytes is binary and refused.

    Examples
    --------
    >>> decode_text("Café".encode("utf-8")), decode_text("Café".encode("cp1252"))
    ('Café', 'Café')
    """
    if b"\x00" in data:
        raise FileFormatError("this is a binary file, not text", source, "choose the model file itself")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(fallback)
    except UnicodeDecodeError:
        return data.decode("latin-1")


class DiagramBuilder:
    """Collects variables and links of an import into a :class:`Diagram`.

    Parameters
    ----------
    title : str
        The diagram's title.
    source : str
        The file name, used in error messages.
    """

    def __init__(self, title: str = "", source: str = "") -> None:
        self.diagram = Diagram(title=title)
        self.source = source
        self.warnings: list[str] = []
        self.keys: dict[str, str] = {}  # format's name key -> variable id
        self._taken: set[str] = set()
        self.positioned = False
        self.unplaced: list[str] = []  # variables the file gave no position
        #: Fields (such as ``kind``) a variable gets when it is created, by key.  ``kind`` must be
        #: set at creation: ``Diagram.update`` takes ``kind`` as its own first argument.
        self.fields_for: dict[str, dict[str, Any]] = {}

    def variable(self, key: str, name: str, x: float | None = None, y: float | None = None,
                 **fields: Any) -> str:
        """Return the id of the variable with ``key``, creating it on first use."""
        found = self.keys.get(key)
        if found is not None:
            return found
        check_count(len(self.keys) + 1, "variables", self.source)
        name = clean_name(name) or "Unnamed"
        name = unique_name(name, self._taken)
        placed = x is not None and y is not None
        if placed:
            self.positioned = True
        try:
            var = self.diagram.new_variable(name, float(x or 0.0), float(y or 0.0),
                                            **{**self.fields_for.get(key, {}), **fields})
        except CldError as exc:
            raise FileFormatError(exc.what, exc.where or self.source) from None
        self._taken.add(name_key(name))
        self.keys[key] = var.id
        if not placed:
            self.unplaced.append(var.id)
        return var.id

    def link(self, source: str, target: str, polarity: str = "?", delay: bool = False, label: str = "",
             **fields: Any) -> None:
        """Add the link ``source -> target``; a repeat of an existing link is merged into it.

        Merging keeps the first definite polarity (a later ``+``/``-`` replaces
        a first ``?``) and a delay drawn on either arrow.
        """
        existing = self.diagram.link_between(source, target)
        if existing is None:
            check_count(len(self.diagram.links) + 1, "links", self.source)
            try:
                self.diagram.new_link(source, target, polarity, delay=delay, label=label, **fields)
            except CldError as exc:
                raise FileFormatError(exc.what, exc.where or self.source) from None
            return
        changes: dict[str, Any] = {}
        if existing.polarity == "?" and polarity != "?":
            changes["polarity"] = polarity
        if delay and not existing.delay:
            changes["delay"] = True
        if label and not existing.label:
            changes["label"] = label
        if changes:
            self.diagram.update_link(existing.id, **changes)

    def warn(self, message: str) -> None:
        """Note one thing the import could not carry over (once)."""
        if message not in self.warnings:
            self.warnings.append(message)

    def finish(self) -> ImportResult:
        """Return the result, laid out automatically when the file had no positions.

        Links are curved round their loops when the file carries no curvature
        at all (see :mod:`cld_editor.analysis.curvature`): a bend the file
        gives is the author's and is kept.
        """
        if not self.positioned and self.diagram.variables:
            auto_layout(self.diagram)
            self.warn("the file has no positions, so the diagram was laid out automatically")
        elif self.unplaced and len(self.unplaced) < len(self.diagram.variables):
            self._place_in_a_row()
        if not any(link.curvature for link in self.diagram.links.values()):
            from ..analysis.curvature import curve_unbent_links

            curve_unbent_links(self.diagram)
        return ImportResult(self.diagram, self.warnings)

    def _place_in_a_row(self) -> None:
        """Put the variables the file did not place in rows below those it did."""
        d = self.diagram
        missing = set(self.unplaced)
        placed = [v for vid, v in d.variables.items() if vid not in missing]
        left = min(v.x for v in placed)
        y = max(v.y for v in placed) + 120.0
        for i, vid in enumerate(self.unplaced):
            d.update_variable(vid, x=left + 180.0 * (i % 8), y=y + 80.0 * (i // 8))
        n = len(self.unplaced)
        self.warn(f"{plural(n, 'variable')} had no position in the file and {verb(n, 'was')} placed "
                  "in rows below the others")


def auto_layout(diagram: Diagram) -> None:
    """Give every variable a tidy position (the program's automatic layout)."""
    from ..analysis.layout import layout_diagram  # networkx loads only for a file without positions

    for vid, (x, y) in layout_diagram(diagram).items():
        diagram.update_variable(vid, x=float(x), y=float(y))
