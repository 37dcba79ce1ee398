"""A panel that follows the diagram's model without wasting work while hidden.

Edits that change the equations (:func:`~cld_editor.sim.model.affects_model`)
restart the panel's debounce timer while it is visible; a hidden panel only
notes that it is stale and catches up when it is shown again.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer

from ...core.diagram import Diagram
from ...sim.model import affects_model


class FollowsModel:
    """Mixin for a QWidget: call :meth:`follow` once the widget is built."""

    def follow(self, diagram: Diagram, timer: QTimer) -> None:
        """Restart ``timer`` on model edits (now, or when next shown)."""
        self._follow_timer = timer
        self._stale = False
        diagram.subscribe(self._on_model_event)
        self.destroyed.connect(lambda *_: self._stop_following(diagram))

    def _stop_following(self, diagram: Diagram) -> None:
        try:
            diagram.unsubscribe(self._on_model_event)
        except (ValueError, RuntimeError):  # the wrapper may already be gone at exit
            pass

    def _on_model_event(self, event: object) -> None:
        if not affects_model(event):
            return
        if self.isVisible():
            self._follow_timer.start()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self._follow_timer.start()
