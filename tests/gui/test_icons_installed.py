"""Icons come from wherever the program's resources are installed (cld_editor.paths)."""

from __future__ import annotations

import shutil

from cld_editor import paths
from cld_editor.gui import icons


def test_icons_are_found_in_an_installed_data_folder(qtbot, tmp_path, monkeypatch):
    source = icons.icon_dir()
    assert not icons.icon("open").isNull()
    installed = tmp_path / "share" / "resources" / "icons"
    shutil.copytree(source, installed)
    monkeypatch.setenv("CLD_EDITOR_DATA", str(tmp_path / "share"))
    paths.data_root.cache_clear()
    icons.icon.cache_clear()
    try:
        assert icons.icon_dir() == installed
        assert not icons.icon("open").isNull()
        assert icons.icon("no-such-icon").isNull()
    finally:
        monkeypatch.delenv("CLD_EDITOR_DATA")
        paths.data_root.cache_clear()
        icons.icon.cache_clear()
