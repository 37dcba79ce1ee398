"""Menus, toolbar and the actions behind them, for the main window.

Standard shortcuts come from ``QKeySequence.StandardKey`` so they follow the
platform.  The link keys (+, −, ?, D) act on the view directly; their menu
entries show the key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QApplication, QCompleter, QInputDialog, QLineEdit, QToolBar

from ...commands import intents
from . import edit_ops, format_export
from .registry import WINDOWS
from ..icons import icon
from ..settings import shared_settings
from ..dialogs.import_report import reopen_import_report
from ..dialogs.link_dialog import NewLinkDialog

SK = QKeySequence.StandardKey


class MenuMixin:
    """Actions, menus and toolbar of :class:`~cld_editor.gui.window.main_window.MainWindow`."""

    def _action(self, text: str, slot: Callable, shortcut=None, icon_name: str | None = None,
                tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(QKeySequence(shortcut))
        if icon_name:
            action.setData(icon_name)
            action.setIcon(icon(icon_name, self.theme.text.name()))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.setCheckable(checkable)
        action.triggered.connect(lambda checked=False: slot())
        return action

    def build_actions(self) -> None:
        a = self._action
        s = self.canvas
        self.act = {
            "new": a("&New", self.new_diagram, SK.New, "new", "Start a new diagram"),
            "new_window": a("New &Window", lambda: self.new_window().show_canvas(), "Ctrl+Shift+N"),
            "open": a("&Open…", self.open_dialog, SK.Open, "open", "Open a diagram (cld, Vensim, XMILE, Kumu…)"),
            "save": a("&Save", self.save, SK.Save, "save", "Save the diagram"),
            "save_as": a("Save &As…", self.save_as, SK.SaveAs),
            "revert": a("Re&vert to Saved", self.revert),
            "export": a("&Export…", self.export_dialog, "Ctrl+E", "export", "Export as PNG, SVG or PDF"),
            "import": a("&Import…", lambda: format_export.import_dialog(self), None, None,
                        "Open a Vensim, XMILE, Kumu, LOOPY, GraphML or GEXF file"),
            "last_import_report": a("Last Import Repor&t", lambda: reopen_import_report(self), None, None,
                                    "Show again what the last imported file could not carry over"),
            "infer_polarity": a("&Infer Polarity from Equations", self.infer_polarity, None, None,
                                "Give unknown (?) links the sign their equations imply, marked as inferred"),
            "print": a("&Print…", self.print_diagram, SK.Print, "print"),
            "close": a("&Close Window", self.close, SK.Close),
            "quit": a("&Quit", QApplication.closeAllWindows, SK.Quit),
            "undo": self.undo_stack.createUndoAction(self, "&Undo"),
            "redo": self.undo_stack.createRedoAction(self, "&Redo"),
            "cut": a("Cu&t", lambda: edit_ops.cut_selection(s), SK.Cut, "cut"),
            "copy": a("&Copy", lambda: edit_ops.copy_selection(s), SK.Copy, "copy"),
            "paste": a("&Paste", self.paste, SK.Paste, "paste"),
            "delete": a("&Delete", lambda: edit_ops.delete_selection(s), [QKeySequence(SK.Delete),
                                                                         QKeySequence(Qt.Key.Key_Backspace)],
                        "delete"),
            "select_all": a("Select &All", self.select_all, SK.SelectAll),
            "find": a("&Find Variable…", self.focus_find, SK.Find, "find"),
            "properties": a("Pr&operties", self.focus_properties, [QKeySequence("Alt+Return"),
                                                                     QKeySequence("Alt+Enter")], None,
                            "Edit the selection's properties (its evidence too) from the keyboard"),
            "copy_image": a("Copy as &Image", self.copy_image, "Ctrl+Shift+C"),
            "add_variable": a("&Variable", self.add_variable_here, "Ctrl+Shift+V", "variable",
                              "Add a variable (or double-click the canvas)"),
            "add_note": a("&Note", self.add_note, "Ctrl+Shift+T", "note", "Add a free-text note"),
            "add_loop": a("&Loop Label", self.add_loop_label, "Ctrl+Shift+L", "loop", "Add a loop label (R or B)"),
            "add_link": a("Lin&k…", self.add_link_dialog, "Ctrl+Shift+J", None,
                          "Link two variables chosen by name (no mouse needed)"),
            "positive": a("&Positive\t+", lambda: self.view.set_polarity("+")),
            "negative": a("&Negative\t\u2212", lambda: self.view.set_polarity("-")),
            "unknown": a("&Unknown\t?", lambda: self.view.set_polarity("?")),
            "delay": a("&Delay\tD", self.view.toggle_delay),
            "layout": a("&Automatic Layout", lambda: edit_ops.auto_layout(s) and self.view.fit(), "Ctrl+Shift+K",
                        "layout", "Tidy the whole diagram"),
            "curve_loops": a("C&urve Round Loops", lambda: self.show_message(edit_ops.curve_round_loops(s)), None,
                             None, "Curve the selected links (all when none) round their loops"),
            "straighten": a("Strai&ghten", lambda: self.show_message(edit_ops.straighten(s)), None, None,
                            "Draw the selected links (all when none) straight"),
            "zoom_in": a("Zoom &In", self.view.zoom_in, SK.ZoomIn, "zoom-in"),
            "zoom_out": a("Zoom &Out", self.view.zoom_out, SK.ZoomOut, "zoom-out"),
            "zoom_fit": a("&Fit to Window", lambda: self.view.fit(), "Ctrl+0", "zoom-fit", "Show the whole diagram"),
            "zoom_actual": a("&Actual Size", self.view.zoom_actual, "Ctrl+1"),
            "present": a("&Presentation Mode", self.start_presentation, "F5"),
        }
        self.act["undo"].setShortcut(SK.Undo)
        self.act["undo"].setData("undo")
        self.act["redo"].setShortcut(SK.Redo)
        self.act["redo"].setData("redo")
        self.act["zoom_in"].setShortcuts([QKeySequence(SK.ZoomIn), QKeySequence("Ctrl+=")])
        for name, how, text in (("align_left", "left", "Align &Left"), ("align_hcenter", "hcenter", "Align &Centres"),
                                ("align_right", "right", "Align &Right"), ("align_top", "top", "Align &Top"),
                                ("align_vcenter", "vcenter", "Align &Middles"),
                                ("align_bottom", "bottom", "Align &Bottom")):
            self.act[name] = a(text, lambda how=how: edit_ops.align(s, how))
        self.act["snap"] = a("&Snap to Grid", self.toggle_snap, None, None,
                             "Drop moved elements on the grid", True)
        self.act["snap"].setChecked(self.settings.value("canvas/snap", False, type=bool))
        self.canvas.snap = self.act["snap"].isChecked()
        self.act["legend"] = a("Line Style Le&gend", self.toggle_legend, "Ctrl+Alt+K", None,
                               "Explain the link lines (confidence, agreement) in a corner of the diagram", True)
        self.act["legend"].setChecked(self.settings.value("canvas/legend", True, type=bool))
        self.canvas.legend.set_wanted(self.act["legend"].isChecked())
        self.act["distribute_h"] = a("Distribute &Horizontally", lambda: edit_ops.distribute(s, "horizontal"))
        self.act["distribute_v"] = a("Distribute &Vertically", lambda: edit_ops.distribute(s, "vertical"))
        self.tools = QActionGroup(self)
        self.act["tool_select"] = a("&Select and Move", lambda: self.set_tool("select"), "V", "select",
                                    "Select and move; drag from a variable's edge to link it", True)
        self.act["tool_link"] = a("Draw Lin&ks", lambda: self.set_tool("link"), "L", "link",
                                  "Drag from one variable to another to link them", True)
        for name in ("tool_select", "tool_link"):
            self.tools.addAction(self.act[name])
            self.act[name].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.view.addAction(self.act[name])
        self.act["tool_select"].setChecked(True)
        for name in ("undo", "redo"):
            self.act[name].setIcon(icon(name, self.theme.text.name()))
        self.canvas.edit_requested.connect(self.edit_element)

    def build_menus(self) -> None:
        act = self.act
        file_menu = self.menu("File")
        for key in ("new", "new_window", "open"):
            file_menu.addAction(act[key])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addAction(act["import"])
        file_menu.addAction(act["last_import_report"])
        act["last_import_report"].setEnabled(False)
        file_menu.addSeparator()
        for key in ("save", "save_as", "revert"):
            file_menu.addAction(act[key])
        file_menu.addSeparator()
        file_menu.addAction(act["export"])
        format_export.build_export_menu(self, file_menu)
        file_menu.addAction(act["print"])
        file_menu.addSeparator()
        file_menu.addAction(act["close"])
        file_menu.addAction(act["quit"])

        edit = self.menu("Edit")
        for key in ("undo", "redo", None, "cut", "copy", "paste", "delete", None, "select_all", "find", "properties",
                    None, "copy_image"):
            edit.addSeparator() if key is None else edit.addAction(act[key])

        insert = self.menu("Insert")
        for key in ("add_variable", "add_link", "add_note", "add_loop"):
            insert.addAction(act[key])

        link = self.menu("Link")
        for key in ("positive", "negative", "unknown", "delay"):
            link.addAction(act[key])
        link.addSeparator()
        link.addAction(act["infer_polarity"])

        arrange = self.menu("Arrange")
        for key in ("align_left", "align_hcenter", "align_right", None, "align_top", "align_vcenter",
                    "align_bottom", None, "distribute_h", "distribute_v", None, "snap", "layout", None, "curve_loops",
                    "straighten"):
            arrange.addSeparator() if key is None else arrange.addAction(act[key])

        view = self.menu("View")
        for key in ("zoom_in", "zoom_out", "zoom_fit", "zoom_actual", "legend", None, "tool_select", "tool_link",
                    None, "present"):
            view.addSeparator() if key is None else view.addAction(act[key])
        view.addSeparator()
        view.addAction(self.properties_dock.toggleViewAction())
        view.addAction(self.history_dock.toggleViewAction())
        for dock in self._pending_docks:
            if dock not in (self.properties_dock, self.history_dock):
                view.addAction(dock.toggleViewAction())
        self._pending_docks = []

        window = self.menu("Window")
        window.aboutToShow.connect(lambda: self._fill_windows(window))

    def build_toolbar(self) -> None:
        bar = QToolBar("Main toolbar", self)
        bar.setObjectName("main-toolbar")
        bar.setIconSize(QSize(22, 22))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        bar.setMovable(False)
        for key in ("new", "open", "save", None, "undo", "redo", None, "tool_select", "tool_link", "add_note",
                    "add_loop", None, "zoom_in", "zoom_out", "zoom_fit", "layout", None, "export"):
            bar.addSeparator() if key is None else bar.addAction(self.act[key])
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find variable, or link A -> B…")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMaximumWidth(220)
        self.find_edit.returnPressed.connect(lambda: self.find_variable(self.find_edit.text()))
        self._completer = QCompleter([], self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.activated.connect(self.find_variable)
        self.find_edit.setCompleter(self._completer)
        bar.addSeparator()
        bar.addWidget(self.find_edit)
        self.addToolBar(bar)
        self.toolbar = bar

    def refresh_icons(self) -> None:
        colour = self.theme.text.name()
        for action in self.act.values():
            if isinstance(action.data(), str):
                action.setIcon(icon(action.data(), colour))

    def _update_actions(self) -> None:
        on_canvas = self.stack.currentWidget() is self.view
        has_sel = bool(self.canvas.selectedItems())
        links = bool(self.canvas.selected("link"))
        movable = sum(len(self.canvas.selected(k)) for k in ("variable", "note", "loop_label"))
        for key in ("cut", "copy", "delete"):
            self.act[key].setEnabled(on_canvas and has_sel)
        for key in ("positive", "negative", "unknown", "delay"):
            self.act[key].setEnabled(links)
        for key in ("align_left", "align_hcenter", "align_right", "align_top", "align_vcenter", "align_bottom"):
            self.act[key].setEnabled(movable >= 2)
        for key in ("distribute_h", "distribute_v"):
            self.act[key].setEnabled(movable >= 3)
        self.act["revert"].setEnabled(bool(self.file_path) and not self.undo_stack.isClean())
        has_content = bool(self.diagram.variables or self.diagram.notes)
        for key in ("export", "print", "copy_image", "layout"):
            self.act[key].setEnabled(has_content)
        self._completer.model().setStringList(sorted((v.name for v in self.diagram.variables.values()),
                                                     key=str.casefold)) \
            if hasattr(self._completer.model(), "setStringList") else None

    # ------------------------------------------------------------ tools
    def toggle_snap(self) -> None:
        self.canvas.snap = self.act["snap"].isChecked()
        self.settings.setValue("canvas/snap", self.canvas.snap)

    def toggle_legend(self) -> None:
        self.canvas.legend.set_wanted(self.act["legend"].isChecked())
        self.settings.setValue("canvas/legend", self.act["legend"].isChecked())

    def set_tool(self, mode: str) -> None:
        self.canvas.mode = mode
        self.act["tool_link" if mode == "link" else "tool_select"].setChecked(True)
        self.view.setDragMode(self.view.DragMode.NoDrag if mode == "link" else self.view.DragMode.RubberBandDrag)
        self.show_message("Drag from one variable to another to link them." if mode == "link"
                          else "Select, move, or drag from a variable's edge to link it.")

    def _centre(self) -> QPointF:
        return self.view.mapToScene(self.view.viewport().rect().center())

    def add_variable_here(self) -> None:
        self.show_canvas()
        self.view.begin_new_variable(self._centre())

    def add_link_dialog(self) -> None:
        self.show_canvas()
        chosen = self.canvas.selected("variable")
        dialog = NewLinkDialog(self.diagram, chosen[0] if chosen else None,
                               self.canvas.new_link_polarity(), self)
        if dialog.exec() != NewLinkDialog.DialogCode.Accepted:
            return
        cause, effect, polarity, delay = dialog.chosen()
        link = self.canvas.add_link(cause, effect, polarity, delay)
        if link is not None:
            self.canvas.select_ids(link_ids=[link.id])

    def add_note(self) -> None:
        self.show_canvas()
        text, ok = QInputDialog.getMultiLineText(self, "Note", "Text of the note:")
        c = self._centre()
        command = intents.add_note(self.diagram, text, c.x(), c.y()) if ok else None
        if command is not None:
            self.undo_stack.push(command)

    def add_loop_label(self) -> None:
        self.show_canvas()
        code, ok = QInputDialog.getText(self, "Loop label", "Label (R1, B2…) and an optional name, "
                                        "e.g. “R1 Engine of growth”:")
        c = self._centre()
        command = intents.add_typed_loop_label(self.diagram, code, c.x(), c.y(), self.canvas.selected("variable")) \
            if ok else None
        if command is not None:
            self.undo_stack.push(command)

    def edit_element(self, kind: str, element_id: str) -> None:
        element = self.diagram.elements(kind).get(element_id)
        if element is None:
            return
        if kind == "note":
            text, ok = QInputDialog.getMultiLineText(self, "Note", "Text of the note:", element.text)
            command = intents.edit_note(self.diagram, element_id, text) if ok else None
            if command is not None:
                self.undo_stack.push(command)
        elif kind == "loop_label":
            current = f"{element.code} {element.name}".strip()
            text, ok = QInputDialog.getText(self, "Loop label", "Label and optional name:", text=current)
            command = intents.edit_loop_label(self.diagram, element_id, text) if ok else None
            if command is not None:
                self.undo_stack.push(command)

    def infer_polarity(self) -> int:
        """Give every ``?`` link the sign its target's equation implies (one undo step); return how many."""
        from ...commands.polarity_commands import InferPolarity
        from ...sim.infer import infer_polarities

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # sympy takes about 10 ms a link
        try:
            command = InferPolarity(self.diagram, infer_polarities(self.diagram))
        finally:
            QApplication.restoreOverrideCursor()
        unknown = sum(1 for link in self.diagram.links.values() if link.polarity == "?")
        if command.count:
            self.undo_stack.push(command)
            self.show_message(f"{command.count} of {unknown} unknown link{'s' if unknown != 1 else ''} given the "
                              "polarity their equation implies (marked inferred; select one to accept it).")
        elif unknown:
            self.show_message(f"No polarity could be inferred: the equations of the {unknown} unknown "
                              f"link{'s' if unknown != 1 else ''} do not settle a sign.")
        else:
            self.show_message("No link has an unknown (?) polarity.")
        return command.count

    # ------------------------------------------------------------- edit
    def paste(self) -> None:
        self.show_canvas()
        error = edit_ops.paste(self.canvas)
        if error:
            self.show_message(error)

    def select_all(self) -> None:
        s = self.canvas
        s.select_ids(s.variables, s.links, s.notes, s.loop_labels)

    def focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def focus_properties(self) -> None:
        self.properties_dock.show()
        self.properties_dock.raise_()
        self.properties.focus_first_field()

    def _variable_named(self, text: str):
        folded = text.strip().casefold()
        return self.diagram.variable_by_name(text.strip()) or next(
            (v for v in self.diagram.variables.values() if folded and folded in v.name.casefold()), None)

    def find_variable(self, text: str) -> bool:
        """Select and centre the variable whose name is (or else contains) ``text``.

        ``A -> B`` (or ``A → B``) finds the link from A to B, so a link can be chosen without the mouse.
        """
        text = text.strip()
        if not text:
            return False
        ends = text.replace("→", "->").split("->")
        if self.diagram.variable_by_name(text) is None and len(ends) == 2:
            return self._find_link(*ends)
        variable = self._variable_named(text)
        if variable is None:
            self.show_message(f"No variable called “{text}”.")
            return False
        self.show_canvas()
        self.canvas.select_ids(variable_ids=[variable.id])
        self.view.centerOn(variable.x, variable.y)
        self.view.setFocus()
        return True

    def _find_link(self, cause: str, effect: str) -> bool:
        source, target = self._variable_named(cause), self._variable_named(effect)
        link = self.diagram.link_between(source.id, target.id) if source and target else None
        if link is None:
            self.show_message(f"No link from “{cause.strip()}” to “{effect.strip()}”.")
            return False
        self.show_canvas()
        self.canvas.select_ids(link_ids=[link.id])
        self.view.centerOn((source.x + target.x) / 2, (source.y + target.y) / 2)
        self.view.setFocus()
        return True

    # ------------------------------------------------------------- lists
    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        settings = shared_settings()
        files = settings.recent_files
        for path in files:
            action = self.recent_menu.addAction(Path(path).name)
            action.setStatusTip(path)
            action.triggered.connect(lambda checked=False, p=path: self._open_recent(p))
        if files:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear List", settings.clear_recent_files)
        else:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    def _open_recent(self, path: str) -> None:
        if not Path(path).exists():
            shared_settings().remove_recent_file(path)
            self.show_error("Cannot open the file", f"“{Path(path).name}” is no longer there.", path)
            return
        self.open_file(path)

    def _fill_windows(self, menu) -> None:
        menu.clear()
        for window in WINDOWS:
            action = menu.addAction(window.windowTitle().replace("[*]", "*" if window.isWindowModified() else ""))
            action.setCheckable(True)
            action.setChecked(window is self)
            action.triggered.connect(lambda checked=False, w=window: (w.raise_(), w.activateWindow()))
