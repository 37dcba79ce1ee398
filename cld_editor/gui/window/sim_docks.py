"""The solver's panels in the main window: Equations and What-if docks, and the Simulate menu.

:func:`install_sim_panels` is called once by the main window.  Clicking a
variable on the canvas selects its equation and plots it in the What-if panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from ..panels.equations import EquationsPanel
from ..panels.whatif import WhatIfPanel

if TYPE_CHECKING:  # the main window imports this module
    from .main_window import MainWindow


@dataclass
class SimPanels:
    """What :func:`install_sim_panels` made, for the window and for tests."""

    equations: EquationsPanel
    whatif: WhatIfPanel
    equations_dock: QDockWidget
    whatif_dock: QDockWidget
    actions: dict[str, QAction]


def install_sim_panels(window: MainWindow) -> SimPanels:
    """Add the Equations and What-if panels (bottom, as tabs, hidden at first) and the Simulate menu."""
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    equations = EquationsPanel(window.diagram, window.undo_stack)
    whatif = WhatIfPanel(window.diagram, window.undo_stack)
    equations_dock = window.add_dock("Equations", equations, bottom)
    whatif_dock = window.add_dock("What-if", whatif, bottom)
    window.tabifyDockWidget(equations_dock, whatif_dock)
    equations_dock.hide()
    whatif_dock.hide()
    whatif.message.connect(window.show_message)

    def on_selection(variable_ids: list, link_ids: list) -> None:
        if not variable_ids:
            return
        if equations_dock.isVisible():
            equations.select_variable(variable_ids[0])
        if whatif_dock.isVisible():
            whatif.set_selection(variable_ids, link_ids)

    window.selection_changed.connect(on_selection)

    def show(dock: QDockWidget) -> None:
        dock.show()
        dock.raise_()

    def show_dominance() -> None:
        show(whatif_dock)
        whatif.tabs.setCurrentIndex(1)

    def run_again() -> None:
        show(whatif_dock)
        whatif.rebuild()

    menu = window.menu("Simulate")
    actions = {}
    for key, text, shortcut, slot, tip in (
        ("equations", "&Equations", "Ctrl+Shift+E", lambda: show(equations_dock),
         "Each variable's equation, in plain words, editable"),
        ("whatif", "&What-if Runs", "Ctrl+R", lambda: show(whatif_dock),
         "Run the diagram over time and try other values with sliders"),
        ("dominance", "Loop &Dominance", "Ctrl+Shift+D", show_dominance,
         "Which loop drives the behaviour when"),
        ("rerun", "&Run Again", "Ctrl+Shift+R", run_again, "Recompile and run the diagram"),
    ):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        actions[key] = action
    return SimPanels(equations, whatif, equations_dock, whatif_dock, actions)
