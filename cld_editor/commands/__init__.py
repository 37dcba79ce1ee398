"""Undoable edits: every user gesture becomes one QUndoCommand from here.

Commands only call :class:`~cld_editor.core.diagram.Diagram` methods; the
canvas and the panels follow the model's events, so undo and redo need no
view code.  Other panels push these commands on ``MainWindow.undo_stack``.
"""

from .edits import AddElements, Batch, MoveElements, RemoveElements, SetDiagramProperty, UpdateElement, UpdateMany

__all__ = ["AddElements", "Batch", "MoveElements", "RemoveElements", "SetDiagramProperty", "UpdateElement", "UpdateMany"]
