"""The main window and what it is made of: files, menus, docks, autosave, desktop integration.

:class:`~cld_editor.gui.window.main_window.MainWindow` is the window; the
other modules are its parts (file handling, menus and toolbar, the docked
panels, autosave and the edit journal, disk watching, clipboard).
"""
