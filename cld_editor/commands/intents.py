"""Edit intents: what the user means to do, returned as the undo command that does it.

Every way of making an edit (a key on the canvas, the Properties panel, a
menu, the Loops panel) asks one function here for its command and pushes it
on the window's undo stack, so each rule of the domain lives in one place:

- a polarity chosen by hand is the user's own, so it clears ``inferred``
  (:func:`set_polarity`);
- a bend the user dragged is the user's own: the program re-curves only the
  links it bent itself (:func:`curve_links`, :func:`layout_moves`), and a new
  link that closes a loop curves round it (:func:`add_link`);
- a variable's name is its words with runs of spaces made one, and no two
  variables share a name, ignoring case (:func:`rename`, :func:`add_variable`);
- a loop label starts at its loop's centre with the loop's code
  (:func:`add_loop_label`); a story kept by hand lives on the loop's label,
  and a story equal to the generated one is not kept (:func:`save_story`);
- a label's code and members follow its loop through renumbering, but never
  over a change made to the label since the loops were found
  (:func:`renumber_labels`).

A function returns ``None`` when the intent changes nothing (so no empty step
reaches the history) and raises :class:`EditRefused`, whose text is meant for
the user, when the edit would break a rule.  Nothing is applied here: the
caller pushes the command, and the stack runs it.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtGui import QUndoCommand

from ..analysis import curvature
from ..analysis.loop_labels import new_label
from ..analysis.loops import Loop
from ..analysis.stories import generate_story, story_label
from ..core.diagram import Diagram
from ..core.elements import Link, LoopLabel, Note, Variable
from ..core.errors import CldError
from ..io.clipboard import paste_elements
from .edits import AddElements, Batch, MoveElements, UpdateElement, UpdateMany


class EditRefused(CldError):
    """An edit that would break a rule of the diagram; ``what`` is the sentence to show the user."""


def clean_name(text: str) -> str:
    """A variable name as typed, with surrounding spaces dropped and each run of spaces made one."""
    return " ".join(text.split())


# ------------------------------------------------------------------ links
def set_polarity(diagram: Diagram, link_ids: Iterable[str], polarity: str,
                 text: str | None = None) -> QUndoCommand | None:
    """Give links the sign ``polarity`` by hand, in one step; the sign is the user's own (not inferred)."""
    links = diagram.links
    edits = [("link", lid, {"polarity": polarity, "inferred": False}) for lid in link_ids
             if lid in links and (links[lid].polarity != polarity or links[lid].inferred)]
    if not edits:
        return None
    return UpdateMany(diagram, edits, text or f"Set polarity {polarity}")


def toggle_delay(diagram: Diagram, link_ids: Iterable[str]) -> QUndoCommand | None:
    """Mark the links delayed, or, when every one already is, remove the mark."""
    ids = [lid for lid in link_ids if lid in diagram.links]
    if not ids:
        return None
    on = not all(diagram.links[lid].delay for lid in ids)
    return UpdateMany(diagram, [("link", lid, {"delay": on}) for lid in ids], "Mark delay" if on else "Remove delay")


def straighten(diagram: Diagram, link_id: str) -> QUndoCommand | None:
    """Draw a bent link straight again; None when it already is."""
    link = diagram.links.get(link_id)
    if link is None or not link.curvature:
        return None
    return UpdateElement(diagram, "link", link_id, {"curvature": 0.0}, "Straighten link")


#: The gentle bend of a new link that closes no loop (so it and its reverse never overlap).
NEW_LINK_BEND = 0.12


def _link_edits(changes: dict) -> list[tuple[str, str, dict]]:
    return [("link", lid, dict(fields)) for lid, fields in changes.items()]


def add_link(diagram: Diagram, source: str, target: str, polarity: str = "+",
             delay: bool = False) -> tuple[QUndoCommand, Link] | None:
    """A new link drawn by hand; None when the two are linked already.

    A link that closes a loop curves round that loop, and so do the loop's
    other links whose bend the program chose (a bend the user dragged stays):
    one step with the new link.  A link on no loop gets a gentle bend.
    """
    if diagram.link_between(source, target) is not None:
        return None
    link = Link(diagram.new_id("link"), source, target, polarity, delay)
    if source == target:
        return AddElements(diagram, [("link", link)], "Add link"), link
    twin = diagram.copy()
    twin.insert("link", link)
    value = curvature.loop_curvatures(twin).get(link.id, 0.0) or NEW_LINK_BEND
    link = Link(link.id, source, target, polarity, delay, curvature=value, extra={curvature.AUTO_KEY: value})
    add = AddElements(diagram, [("link", link)], "Add link")
    loop = curvature.shortest_loops(twin).get(link.id)
    if not loop:
        return add, link
    ring = [twin.link_between(a, b) for a, b in zip(loop, loop[1:] + loop[:1])]
    others = curvature.curve_round_loops(twin, [lk.id for lk in ring if lk is not None and lk.id != link.id])
    if not others:
        return add, link
    return Batch([add, UpdateMany(diagram, _link_edits(others))], "Add link"), link


def links_to_arrange(diagram: Diagram, link_ids: Iterable[str], variable_ids: Iterable[str]) -> list[str]:
    """The links an Arrange command acts on: those selected, else those between selected variables, else all."""
    chosen = [lid for lid in link_ids if lid in diagram.links]
    if chosen:
        return chosen
    among = set(variable_ids)
    if among:
        chosen = [lid for lid, lk in diagram.links.items() if lk.source in among and lk.target in among]
    return chosen or list(diagram.links)


def curve_links(diagram: Diagram, link_ids: Iterable[str]) -> tuple[QUndoCommand | None, list[str]]:
    """Curve links round their loops in one step, leaving every bend the user dragged.

    Returns the command (None when nothing changes) and the ids of the links
    left as the user bent them (Straighten one first to have it curved).

    Examples
    --------
    >>> from cld_editor.core import Diagram
    >>> d = Diagram()
    >>> a, b, c = (d.new_variable(n, x, y).id for n, x, y in (("A", 0, -100), ("B", 87, 50), ("C", -87, 50)))
    >>> ids = [d.new_link(a, b).id, d.new_link(b, c, curvature=-0.4).id, d.new_link(c, a).id]
    >>> command, kept = curve_links(d, ids)
    >>> command.text(), kept
    ('Curve 2 links round their loops', ['l2'])
    """
    ids = list(link_ids)
    changes = curvature.curve_round_loops(diagram, ids)
    kept = [lid for lid in curvature.curve_round_loops(diagram, ids, force=True) if lid not in changes]
    if not changes:
        return None, kept
    text = "Curve link round its loop" if len(changes) == 1 else f"Curve {len(changes)} links round their loops"
    return UpdateMany(diagram, _link_edits(changes), text), kept


def straighten_links(diagram: Diagram, link_ids: Iterable[str]) -> QUndoCommand | None:
    """Draw links straight in one step (they become the program's to curve again)."""
    changes = curvature.straighten(diagram, link_ids)
    if not changes:
        return None
    return UpdateMany(diagram, _link_edits(changes), "Straighten link" if len(changes) == 1
                      else f"Straighten {len(changes)} links")


def layout_moves(diagram: Diagram, moves: dict[tuple[str, str], tuple[float, float]],
                 positions: dict[str, tuple[float, float]], text: str = "Automatic layout") -> QUndoCommand | None:
    """Move elements and curve round their loops, at the new ``positions``, the links the program owns: one step."""
    changes = curvature.curve_round_loops(diagram, positions=positions)
    if not moves and not changes:
        return None
    move = MoveElements(diagram, moves, text)
    return Batch([move, UpdateMany(diagram, _link_edits(changes))], text) if changes else move


# -------------------------------------------------------------- variables
def add_variable(diagram: Diagram, text: str, x: float, y: float) -> tuple[QUndoCommand, Variable] | None:
    """A new variable named ``text`` at ``(x, y)``; None for an empty name."""
    name = clean_name(text)
    if not name:
        return None
    if diagram.variable_by_name(name) is not None:
        raise EditRefused(f'There is already a variable called "{name}".')
    variable = Variable(diagram.new_id("variable"), name, x, y)
    return AddElements(diagram, [("variable", variable)], f'Add "{name}"'), variable


def toggle_stock(diagram: Diagram, variable_id: str) -> QUndoCommand | None:
    """Make a stock an ordinary variable, or any other variable a stock (drawn in a box)."""
    variable = diagram.variables.get(variable_id)
    if variable is None:
        return None
    kind = "auxiliary" if variable.kind == "stock" else "stock"
    return UpdateElement(diagram, "variable", variable_id, {"kind": kind}, "Change kind")


def paste(diagram: Diagram, data: bytes, offset: tuple[float, float] = (30.0, 30.0)) -> QUndoCommand | None:
    """Add a copied diagram piece, moved by ``offset``, with fresh ids and free names; None when empty.

    Raises
    ------
    CldError
        When ``data`` is not a clipboard document.
    """
    elements = paste_elements(diagram, data, offset)
    return AddElements(diagram, elements, "Paste") if elements else None


def rename(diagram: Diagram, variable_id: str, text: str) -> QUndoCommand | None:
    """Rename a variable to ``text``; None when the name stays as it is."""
    name = clean_name(text)
    variable = diagram.variables.get(variable_id)
    if variable is None or name == variable.name:
        return None
    if not name:
        raise EditRefused("A variable needs a name.")
    other = diagram.variable_by_name(name)
    if other is not None and other.id != variable_id:
        raise EditRefused(f'There is already a variable called "{other.name}".')
    return UpdateElement(diagram, "variable", variable_id, {"name": name}, f'Rename "{variable.name}" to "{name}"')


# ---------------------------------------------------------- notes, labels
def add_note(diagram: Diagram, text: str, x: float, y: float) -> QUndoCommand | None:
    """A free-text note at ``(x, y)``; None for empty text."""
    if not text.strip():
        return None
    note = Note(diagram.new_id("note"), text.strip(), round(x, 1), round(y, 1))
    return AddElements(diagram, [("note", note)], "Add note")


def edit_note(diagram: Diagram, note_id: str, text: str) -> QUndoCommand | None:
    """Change a note's text; None when it is empty or unchanged."""
    note = diagram.notes.get(note_id)
    if note is None or not text.strip() or text.strip() == note.text:
        return None
    return UpdateElement(diagram, "note", note_id, {"text": text.strip()}, "Edit note")


def _code_and_name(text: str) -> tuple[str, str]:
    first, _, rest = text.strip().partition(" ")
    return first.upper(), rest.strip()


def add_loop_label(diagram: Diagram, loop: Loop) -> tuple[QUndoCommand, LoopLabel]:
    """A label for ``loop`` at its centre, with the loop's code.

    Raises
    ------
    EditRefused
        When the loop already has its label.
    """
    if story_label(diagram, loop) is not None:
        raise EditRefused(f"{loop.name} already has a label.")
    label = new_label(diagram, loop)
    return AddElements(diagram, [("loop_label", label)], f"Add loop label {loop.name}"), label


def add_typed_loop_label(diagram: Diagram, text: str, x: float, y: float,
                         members: Iterable[str] = ()) -> QUndoCommand | None:
    """A label typed by the user ("R1 Engine of growth": code, then an optional name) at ``(x, y)``."""
    if not text.strip():
        return None
    code, name = _code_and_name(text)
    label = LoopLabel(diagram.new_id("loop_label"), round(x, 1), round(y, 1), code, name, tuple(members))
    return AddElements(diagram, [("loop_label", label)], f"Add loop label {code}")


def edit_loop_label(diagram: Diagram, label_id: str, text: str) -> QUndoCommand | None:
    """Change a label's code and name from the typed ``text``; None when empty or unchanged."""
    label = diagram.loop_labels.get(label_id)
    if label is None or not text.strip() or text.strip() == f"{label.code} {label.name}".strip():
        return None
    code, name = _code_and_name(text)
    return UpdateElement(diagram, "loop_label", label_id, {"code": code, "name": name}, "Edit loop label")


def renumber_labels(diagram: Diagram, updates: Iterable[tuple[LoopLabel, dict]]) -> QUndoCommand | None:
    """Bring loop labels in step with renumbered loops, except labels changed since the loops were found.

    ``updates`` pairs each label, as it was when the loops were found, with
    its new code and members (from
    :func:`~cld_editor.analysis.loop_labels.label_updates`).  A label changed
    or removed since then is left alone; None when nothing is left to change.
    """
    labels = diagram.loop_labels
    edits = [("loop_label", before.id, dict(changes)) for before, changes in updates if labels.get(before.id) == before]
    if not edits:
        return None
    return UpdateMany(diagram, edits, "Renumber loop labels")


# ---------------------------------------------------------------- stories
def save_story(diagram: Diagram, loop: Loop, text: str, wording: str = "rise") -> QUndoCommand | None:
    """Keep ``text`` as the story of ``loop`` on its label (adding the label when the loop has none).

    A text equal to the generated story is no story of the user's own: it
    drops a kept story, and adds no label.
    """
    text = text.strip()
    if text == generate_story(diagram, loop, wording).strip():
        text = ""
    label = story_label(diagram, loop)
    if label is None:
        if not text:
            return None
        element = new_label(diagram, loop)
        element = LoopLabel(element.id, element.x, element.y, element.code, element.name, element.members, text)
        return AddElements(diagram, [("loop_label", element)], f"Add story of {loop.name}")
    return UpdateElement(diagram, "loop_label", label.id, {"story": text or None}, f"Edit story of {loop.name}")


def reset_story(diagram: Diagram, loop: Loop) -> QUndoCommand | None:
    """Drop the story kept for ``loop``, so it is told from its signs again; None when there is none."""
    label = story_label(diagram, loop)
    if label is None or not label.story:
        return None
    return UpdateElement(diagram, "loop_label", label.id, {"story": None}, f"Use generated story of {loop.name}")
