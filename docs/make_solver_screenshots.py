"""Render the solver's panels offscreen to docs/screenshots/ (equations.png, whatif.png, dominance.png).

Run: QT_QPA_PLATFORM=offscreen python docs/make_solver_screenshots.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtGui import QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cld_editor.core import Diagram  # noqa: E402
from cld_editor.core.elements import SimulationSettings  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"


def club() -> Diagram:
    """Limits to growth: a club grows by word of mouth until crowding puts people off."""
    d = Diagram(title="Club membership", simulation=SimulationSettings(0, 60, 0.25, "rk4"))
    members = d.new_variable("Members", kind="stock", initial=10)
    joining = d.new_variable("Joining", equation="contact_rate * members * attractiveness")
    leaving = d.new_variable("Leaving", equation="members / average_stay")
    attract = d.new_variable("Attractiveness", equation="max(0, 1 - members / capacity)")
    rate = d.new_variable("Contact Rate", kind="constant", equation="0.4")
    cap = d.new_variable("Capacity", kind="constant", equation="1000")
    stay = d.new_variable("Average Stay", kind="constant", equation="20")
    word = d.new_variable("Word of Mouth")
    d.new_link(joining.id, members.id, "+")
    d.new_link(leaving.id, members.id, "-")
    d.new_link(members.id, joining.id, "+")
    d.new_link(members.id, leaving.id, "+")
    d.new_link(members.id, attract.id, "-")
    d.new_link(cap.id, attract.id, "+")
    d.new_link(attract.id, joining.id, "+")
    d.new_link(rate.id, joining.id, "+")
    d.new_link(stay.id, leaving.id, "-")
    d.new_link(members.id, word.id, "+", strength=0.5, delay=True, delay_time=4)
    return d


def main() -> int:
    from cld_editor.gui.panels.equations import EquationsPanel
    from cld_editor.gui.panels.whatif import WhatIfPanel

    app = QApplication.instance() or QApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    diagram = club()
    stack = QUndoStack()

    panel = EquationsPanel(diagram, stack)
    panel.resize(760, 620)
    panel.show()
    panel.select_variable(diagram.variable_by_name("Joining").id)
    panel.field.setText("contact_rate * members * attractivenes")
    panel._validate()
    app.processEvents()
    panel.grab().save(str(OUT / "equations.png"))

    whatif = WhatIfPanel(diagram, stack)
    whatif.resize(1100, 620)
    whatif.show()
    app.processEvents()
    whatif.pin_baseline()
    whatif.rows[("value", diagram.variable_by_name("Contact Rate").id)].set_value(0.3)
    whatif.rows[("value", diagram.variable_by_name("Capacity").id)].set_value(1500)
    whatif.swept = ("value", diagram.variable_by_name("Capacity").id)
    whatif.sweep_button.setChecked(True)
    whatif.show_variable(diagram.variable_by_name("Joining").id)
    whatif.run_now()
    whatif.plot.show_readout_at(20)
    app.processEvents()
    whatif.grab().save(str(OUT / "whatif.png"))

    whatif.sweep_button.setChecked(False)
    whatif.reset()
    whatif.clear_baseline()
    whatif.tabs.setCurrentIndex(1)
    whatif.update_dominance()
    whatif.dominance_plot.show_readout_at(15)
    app.processEvents()
    whatif.grab().save(str(OUT / "dominance.png"))
    for widget in (panel, whatif):
        widget.close()
        widget.deleteLater()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
