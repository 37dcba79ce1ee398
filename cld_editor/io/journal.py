"""The edit journal: every completed edit is on disk before the next one, so a kill loses none.

The autosave (:mod:`cld_editor.gui.window.autosave`) writes the whole diagram every 30 seconds; a
process killed in between would lose the edits since.  The journal closes that
gap.  Each window's journal, ``<key>.journal`` beside its autosave in the
user's data folder, is an append-only file of JSON lines:

* a ``base`` line holding the whole diagram (written when the window opens,
  after a file is loaded into it, after a save, and when the file grows);
* the model's change events (``add``, ``remove``, ``change``, ``property``),
  one line each, exactly as the canvas sees them;
* after the events of one edit, a ``mark`` line saying whether the work was
  unsaved and which file it belongs to.  The events and their mark are written
  in one ``write`` and fsynced together.

Reading it back (:func:`replay`) applies the base and every event up to the
last complete mark, so an edit is either wholly there or not at all, and a
line cut short by the kill is ignored.  :func:`recover_journals` turns the
journal of a window that is gone (its lock is free) into an ordinary autosave,
which the next start offers to restore.

Elements are written field by field (:func:`encode_element`), not in the .cld
format, so the replayed diagram equals the one that was killed exactly.

Examples
--------
>>> from cld_editor.core.diagram import Diagram
>>> from cld_editor.core.elements import Variable
>>> diagram = Diagram()
>>> _ = diagram.insert("variable", Variable(id="v1", name="Jobs"))
>>> decode_diagram(encode_diagram(diagram)).variables["v1"].name
'Jobs'
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
import typing
from pathlib import Path
from typing import Any, Callable, Iterable

from ..core.diagram import KIND_TYPES, PROPERTIES, Diagram
from ..core.elements import SimulationSettings
from ..core.errors import CldError
from ..core.events import DiagramReset, ElementAdded, ElementChanged, ElementRemoved, PropertyChanged

VERSION = 2  # 2: a link's evidence is an object
#: Rewrite the journal as one base line when it grows past this many bytes.
COMPACT_BYTES = 4 * 2**20


# ------------------------------------------------------------- encoding
def encode_element(element: Any) -> dict[str, Any]:
    """The fields of an element as JSON data.

    Examples
    --------
    >>> from cld_editor.core.elements import Variable
    >>> encode_element(Variable("v1", "Jobs", 1.5, 2, tags=("a",)))["tags"]
    ['a']
    >>> decode_element("variable", encode_element(Variable("v1", "Jobs", 1.5, 2))) == Variable("v1", "Jobs", 1.5, 2)
    True
    """
    return {f.name: _plain(getattr(element, f.name)) for f in dataclasses.fields(element)}


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode_element(value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, typing.Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _tuple_fields(cls: type) -> set[str]:
    hints = typing.get_type_hints(cls)
    return {name for name, hint in hints.items() if typing.get_origin(hint) is tuple}


def _nested_fields(cls: type) -> dict[str, type]:
    hints = typing.get_type_hints(cls)
    return {name: hint for name, hint in hints.items() if dataclasses.is_dataclass(hint)}


_TUPLES = {cls: _tuple_fields(cls) for cls in (*KIND_TYPES.values(), SimulationSettings)}
_NESTED = {cls: _nested_fields(cls) for cls in KIND_TYPES.values()}  # a link's Evidence


def decode_element(kind: str, fields: dict[str, Any]) -> Any:
    """Rebuild an element of ``kind`` from :func:`encode_element`'s output."""
    cls = KIND_TYPES[kind]
    nested = _NESTED[cls]
    return cls(**{k: tuple(v) if k in _TUPLES[cls] else nested[k](**v) if k in nested else v
                  for k, v in fields.items()})


def _encode_property(key: str, value: Any) -> Any:
    if key == "simulation":
        return encode_element(value)
    return _plain(value)


def _decode_property(key: str, value: Any) -> Any:
    if key == "simulation":
        return SimulationSettings(**value)
    return value


def encode_diagram(diagram: Diagram) -> dict[str, Any]:
    """The whole diagram as JSON data: properties and every element in order."""
    return {
        "properties": {key: _encode_property(key, getattr(diagram, key)) for key in PROPERTIES},
        "elements": {kind: [encode_element(e) for e in diagram.elements(kind).values()] for kind in KIND_TYPES},
    }


def decode_diagram(data: dict[str, Any]) -> Diagram:
    """Rebuild a diagram from :func:`encode_diagram`'s output."""
    props = {key: _decode_property(key, value) for key, value in data["properties"].items()}
    diagram = Diagram(**props)
    for kind in KIND_TYPES:  # variables before links, as the model requires
        for fields in data["elements"].get(kind, []):
            diagram.insert(kind, decode_element(kind, fields))
    return diagram


def encode_event(event: Any) -> dict[str, Any] | None:
    """One model event as a journal line (``None`` for a reset, which is written as a new base)."""
    if isinstance(event, ElementAdded):
        return {"op": "add", "kind": event.kind, "index": event.index, "element": encode_element(event.element)}
    if isinstance(event, ElementRemoved):
        return {"op": "remove", "kind": event.kind, "id": event.element.id}
    if isinstance(event, ElementChanged):
        return {"op": "change", "kind": event.kind, "element": encode_element(event.new)}
    if isinstance(event, PropertyChanged):
        return {"op": "property", "key": event.key, "value": _encode_property(event.key, event.new)}
    return None


def apply_line(diagram: Diagram, line: dict[str, Any]) -> None:
    """Apply one event line to ``diagram``."""
    op = line["op"]
    if op == "add":
        diagram.insert(line["kind"], decode_element(line["kind"], line["element"]), line["index"])
    elif op == "remove":
        diagram.remove(line["kind"], line["id"])
    elif op == "change":
        new = decode_element(line["kind"], line["element"])
        changes = {f.name: getattr(new, f.name) for f in dataclasses.fields(new) if f.name != "id"}
        diagram.update(line["kind"], new.id, **changes)
    elif op == "property":
        diagram.set_property(line["key"], _decode_property(line["key"], line["value"]))
    else:
        raise ValueError(f"unknown journal line {op!r}")


# -------------------------------------------------------------- writing
class Journal:
    """Keeps ``path`` up to date with every change of ``diagram``.

    Parameters
    ----------
    diagram : Diagram
        The window's diagram; the journal subscribes to its events.
    path : Path
        The journal file (created or replaced with a base line).
    is_modified, file_path : callables
        Asked at each flush: whether the work is unsaved, and the user's file.
    schedule : callable, optional
        ``schedule(flush)`` runs ``flush`` once the current edit is complete
        (the window passes a zero-delay timer, so all events of one undo
        command go out in one write).  Without it each event is flushed at once.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> d = Diagram()
    >>> journal = Journal(d, folder / "w.journal", lambda: True, lambda: None)
    >>> _ = d.new_variable("Jobs", 0, 0)
    >>> replay(folder / "w.journal")[0] == d
    True
    >>> journal.close()
    """

    def __init__(self, diagram: Diagram, path: Path, is_modified: Callable[[], bool],
                 file_path: Callable[[], str | None], schedule: Callable[[Callable[[], None]], None] | None = None,
                 compact_bytes: int = COMPACT_BYTES) -> None:
        self.diagram = diagram
        self.path = Path(path)
        self.is_modified = is_modified
        self.file_path = file_path
        self.schedule = schedule
        self.compact_bytes = compact_bytes
        self.failed: str | None = None  # why journaling stopped (a full disk), if it did
        self._pending: list[str] = []
        self._scheduled = False
        self._fd: int | None = None
        self._written = self._base_bytes = 0
        self._events_since_base = 0
        self._last_modified = False
        self._write_base()
        diagram.subscribe(self._on_event)

    # The model calls this after every change.
    def _on_event(self, event: Any) -> None:
        if self.failed:
            return
        if isinstance(event, DiagramReset):
            self._pending.clear()
            self._write_base()
            self._request_flush()
            return
        line = encode_event(event)
        if line is not None:
            self._pending.append(json.dumps(line, ensure_ascii=False, allow_nan=False))
            self._events_since_base += 1
            self._request_flush()

    def _request_flush(self) -> None:
        if self.schedule is None:
            self.flush()
        elif not self._scheduled:
            self._scheduled = True
            self.schedule(self.flush)

    def _mark(self) -> str:
        self._last_modified = bool(self.is_modified())
        return json.dumps({"op": "mark", "modified": self._last_modified, "file": self.file_path(),
                           "time": time.time()}, ensure_ascii=False)

    def flush(self) -> None:
        """Write the pending events and a mark in one write, then fsync."""
        self._scheduled = False
        if self.failed or self._fd is None:
            return
        chunk = ("\n".join(self._pending + [self._mark()]) + "\n").encode("utf-8")
        self._pending.clear()
        try:
            _write_all(self._fd, chunk)
            os.fsync(self._fd)
        except OSError as exc:
            self._stop(exc)
            return
        self._written += len(chunk)
        # Compact once the events outweigh both the limit and the base itself (a big
        # diagram is not rewritten after every few edits).
        if self._written - self._base_bytes > max(self.compact_bytes, self._base_bytes):
            self.compact()

    def compact(self) -> None:
        """Start again from one base line holding the whole diagram (after a save, or when large)."""
        if self.failed:
            return
        self._pending.clear()
        self._write_base()
        self.flush()

    def mark_saved(self) -> None:
        """The work was saved (or is clean): compact if anything was journalled since the last base."""
        if self._events_since_base:
            self.compact()
        elif self._last_modified:
            self.flush()

    def _write_base(self) -> None:
        line = json.dumps({"op": "base", "version": VERSION, "diagram": encode_diagram(self.diagram)},
                          ensure_ascii=False, allow_nan=False)
        data = (line + "\n").encode("utf-8")
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)  # the old journal stays whole until the new base is on disk
            self._reopen()
        except OSError as exc:
            try:
                tmp.unlink()
            except OSError:
                pass
            self._stop(exc)
            return
        self._written = self._base_bytes = len(data)
        self._events_since_base = 0

    def _reopen(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)

    def _stop(self, exc: OSError) -> None:
        # Journaling is a safety net: a full disk must not break editing.  The
        # 30-second autosave still tries, and the window still saves normally.
        self.failed = f"{exc.strerror or exc}"
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def close(self, delete: bool = True) -> None:
        """Stop journaling (the window closes normally) and delete the file."""
        self.diagram.unsubscribe(self._on_event)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if delete:
            self.path.unlink(missing_ok=True)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# -------------------------------------------------------------- reading
def replay(path: Path) -> tuple[Diagram | None, dict[str, Any]]:
    """Rebuild the diagram a journal describes, up to its last complete edit.

    Returns the diagram (``None`` when the journal has no usable base) and
    the last mark (``{"modified": bool, "file": str | None, "time": float}``;
    empty when there is none).
    """
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None, {}
    diagram: Diagram | None = None
    mark: dict[str, Any] = {}
    pending: list[dict[str, Any]] = []
    for text in raw.split(b"\n"):
        try:
            line = json.loads(text)
        except ValueError:
            break  # the tail cut short by the kill; everything after it is unusable
        if not isinstance(line, dict):
            break
        op = line.get("op")
        try:
            if op == "base":
                if line.get("version") != VERSION:
                    return None, {}
                diagram = decode_diagram(line["diagram"])
                pending = []
            elif op == "mark":
                if diagram is not None:
                    for event in pending:
                        apply_line(diagram, event)
                pending = []
                mark = line
            else:
                pending.append(line)
        except (CldError, KeyError, TypeError, ValueError):
            break  # a line that does not apply: keep what was whole before it
    return diagram, mark


def recover_journals(folder: Path, is_free: Callable[[str], bool], write_autosave: Callable[..., None]) -> list[str]:
    """Turn the journals of windows that are gone into autosaves; return their keys.

    ``is_free(key)`` says whether no running window holds ``<key>.lock``;
    ``write_autosave(key, diagram, file, saved_at)`` writes the autosave the
    recovery offer reads.  A journal whose last mark says the work was saved
    is simply removed.
    """
    recovered = []
    for path in sorted(Path(folder).glob("*.journal")):
        key = path.stem
        if not is_free(key):
            continue
        diagram, mark = replay(path)
        if diagram is not None and mark.get("modified"):
            write_autosave(key, diagram, mark.get("file"), float(mark.get("time") or path.stat().st_mtime))
            recovered.append(key)
        path.unlink(missing_ok=True)
    for stray in Path(folder).glob("*.journal.tmp"):
        if is_free(stray.name.split(".", 1)[0]):
            stray.unlink(missing_ok=True)
    return recovered


def journal_keys(folder: Path) -> Iterable[str]:
    """Keys of the journals in ``folder``."""
    return (p.stem for p in Path(folder).glob("*.journal"))
