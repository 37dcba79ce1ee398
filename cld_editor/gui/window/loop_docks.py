"""The loop panels in the main window: Loops, Causes and Uses, Warnings, and the Loops menu.

:func:`install_loop_panels` is called once by the main window.  It adds the
three panels as docks (their show/hide toggles go in the View menu), fills
the Loops menu, and puts Presentation Mode on the toolbar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget

from ..panels.archetypes import install_archetypes_panel
from ..panels.causes import CausesPanel
from ..icons import icon
from ..panels.loops import LoopsPanel
from ..presentation.order_dialog import BuildOrderDialog
from ..panels.warnings_list import WarningsPanel

if TYPE_CHECKING:  # the main window imports this module
    from .main_window import MainWindow


@dataclass
class LoopPanels:
    """What :func:`install_loop_panels` made, for the window and for tests."""

    loops: LoopsPanel
    causes: CausesPanel
    warnings: WarningsPanel
    loops_dock: QDockWidget
    causes_dock: QDockWidget
    warnings_dock: QDockWidget
    actions: dict[str, QAction]

    def detach(self) -> None:
        """Stop the background searches and stop following the diagram."""
        self.loops.detach()
        self.causes.detach()
        self.warnings.detach()


def install_loop_panels(window: MainWindow) -> LoopPanels:
    """Add the loop panels and the Loops menu to a :class:`~cld_editor.gui.window.main_window.MainWindow`."""
    right = Qt.DockWidgetArea.RightDockWidgetArea
    loops = LoopsPanel(window.diagram, window.canvas, window.undo_stack, window.theme)
    causes = CausesPanel(window.diagram, window.canvas, window.theme)
    warnings = WarningsPanel(window.diagram, window.canvas)
    loops_dock = window.add_dock("Loops", loops, right)
    causes_dock = window.add_dock("Causes and Uses", causes, right)
    warnings_dock = window.add_dock("Warnings", warnings, right)
    # Loops and Properties share the right side as tabs; causes and warnings start hidden.
    window.tabifyDockWidget(window.properties_dock, loops_dock)
    window.tabifyDockWidget(loops_dock, causes_dock)
    window.tabifyDockWidget(causes_dock, warnings_dock)
    loops_dock.raise_()
    loops.message.connect(window.show_message)
    window.canvas.highlight_dismissed.connect(loops.clear_selection)

    def update_warning_title(count: int) -> None:
        warnings_dock.setWindowTitle(f"Warnings ({count})" if count else "Warnings")

    warnings.count_changed.connect(update_warning_title)
    update_warning_title(len(warnings.warnings))

    def show_loops() -> None:
        loops_dock.show()
        loops_dock.raise_()

    def label_selected_loop() -> None:
        show_loops()
        if loops.current_loop() is None:
            window.show_message("Select a loop in the Loops panel first.")
            return
        loops.add_label()

    def build_order() -> None:
        BuildOrderDialog(window.diagram, window.undo_stack, window).exec()

    def toggle_heat(on: bool) -> None:
        if on:
            causes_dock.show()
            causes_dock.raise_()
        causes.set_heat_view(on)

    actions: dict[str, QAction] = {}

    def action(key: str, text: str, slot, shortcut: str | None = None, tip: str = "") -> QAction:
        act = QAction(text, window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
        act.triggered.connect(lambda checked=False: slot())
        actions[key] = act
        return act

    menu = window.menu("Loops")
    menu.addAction(action("show_loops", "Show &Loops Panel", show_loops, "Ctrl+Shift+P",
                          "List every feedback loop of the diagram"))
    menu.addAction(loops.next_action)
    menu.addAction(loops.prev_action)
    menu.addAction(action("label_loop", "Label the &Selected Loop", label_selected_loop, None,
                          "Put a loop label at the centre of the loop selected in the Loops panel"))
    menu.addAction(action("find_again", "&Find Loops Again", loops.live.restart, None,
                          "Search the diagram for loops again"))
    menu.addSeparator()
    heat = QAction("&Heat View", window)
    heat.setCheckable(True)
    heat.setStatusTip("Show on the canvas how many loops pass through each variable and link")
    heat.toggled.connect(toggle_heat)
    causes.heat_box.toggled.connect(heat.setChecked)
    actions["heat"] = heat
    menu.addAction(heat)
    menu.addAction(action("causes", "&Causes and Uses", lambda: (causes_dock.show(), causes_dock.raise_()), None,
                          "What drives the selected variable, and what it drives"))
    menu.addAction(action("warnings", "&Warnings", lambda: (warnings_dock.show(), warnings_dock.raise_()), None,
                          "Isolated variables, links in no loop, two-way links, loops without a delay"))
    menu.addSeparator()
    menu.addAction(action("build_order", "Presentation &Build Order\u2026", build_order, None,
                          "Choose the order in which presentation mode shows the variables"))
    present = window.act["present"]
    menu.addAction(present)
    present.setData("present")
    present.setIcon(icon("present", window.theme.text.name()))
    present.setStatusTip("Show the diagram full screen, step by step, loop by loop (Esc to leave)")
    present.setToolTip("Presentation mode (F5)")
    window.toolbar.insertAction(actions_after(window.toolbar, "export"), present)
    install_archetypes_panel(window, warnings_dock)
    loops_dock.raise_()  # the Loops tab stays in front: the Archetypes dock joined its group hidden
    panels = LoopPanels(loops, causes, warnings, loops_dock, causes_dock, warnings_dock, actions)
    window.loop_panels = panels
    return panels


def actions_after(toolbar: Any, data: str) -> QAction | None:
    """The toolbar action just after the one whose data is ``data`` (``None``: the end)."""
    items = toolbar.actions()
    for i, act in enumerate(items):
        if act.data() == data:
            return items[i + 1] if i + 1 < len(items) else None
    return None
