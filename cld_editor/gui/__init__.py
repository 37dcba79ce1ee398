"""The desktop editor (PySide6): main window, canvas, panels, export.

Start with :func:`cld_editor.gui.app.run_gui`; the window's public surface is
described in :mod:`cld_editor.gui.window.main_window`, the canvas's in
:mod:`cld_editor.gui.canvas.scene`.
"""
