"""The user's preferences, typed and checked, stored with QSettings.

Every value has a documented default and a valid range; a value that a hand
edit or an older version left broken in the settings store reads as the
default instead of crashing the program.  :class:`Settings` emits
``changed(key)`` after each write so open windows can follow (theme, font).

Keys (stable: other versions read the same store)::

    appearance/theme            system | light | dark | high-contrast
    appearance/presentFontSize  points for presentation mode (12..72)
    editing/defaultPolarity     + | - | ?   (sign of a new link)
    files/autosaveSeconds       0 (off) or 10..3600
    files/backupOnSave          keep the previous version as FILE.cld.bak on save (off by default)
    recentFiles                 most recent first, at most MAX_RECENT (shared with the File menu)
    welcome/showOnStart         show the welcome view when no file is given
    welcome/tourSeen            the 60-second tour was shown once
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

ORGANIZATION = "cld-editor"
APPLICATION = "cld-editor"

THEMES = ("system", "light", "dark", "high-contrast")
THEME_LABELS = {
    "system": "Follow the system",
    "light": "Light",
    "dark": "Dark",
    "high-contrast": "High contrast",
}
POLARITIES = ("+", "-", "?")
POLARITY_LABELS = {"+": "+  (same direction)", "-": "\u2212  (opposite direction)", "?": "?  (unknown)"}
MAX_RECENT = 10
AUTOSAVE_RANGE = (10, 3600)
FONT_RANGE = (12, 72)

DEFAULTS: dict[str, Any] = {
    "appearance/theme": "system",
    "appearance/presentFontSize": 28,
    "editing/defaultPolarity": "+",
    "files/autosaveSeconds": 30,
    "files/backupOnSave": False,  # no FILE.bak beside the user's files unless they ask for one
    "recentFiles": [],
    "welcome/showOnStart": True,
    "welcome/tourSeen": False,
}


def default_store() -> QSettings:
    """The per-user settings store (registry, plist or ini file by platform).

    The application's own names when it has set them (the window uses the same
    store, and tests point it elsewhere), else the program's.
    """
    if QCoreApplication.organizationName() and QCoreApplication.applicationName():
        return QSettings()
    return QSettings(ORGANIZATION, APPLICATION)


class Settings(QObject):
    """Typed access to the preferences.

    Parameters
    ----------
    store
        Where to read and write; the user's store by default.  Tests pass a
        ``QSettings(path, QSettings.IniFormat)`` in a temporary folder.
    """

    changed = Signal(str)

    def __init__(self, store: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store if store is not None else default_store()

    # ------------------------------------------------------------ raw access
    def _get(self, key: str) -> Any:
        return self.store.value(key, DEFAULTS[key])

    def _set(self, key: str, value: Any) -> None:
        if self.store.value(key, DEFAULTS[key]) == value and self.store.contains(key):
            return
        self.store.setValue(key, value)
        self.store.sync()
        self.changed.emit(key)

    def _int(self, key: str, low: int, high: int, allow_zero: bool = False) -> int:
        try:
            value = int(self._get(key))
        except (TypeError, ValueError):
            return DEFAULTS[key]
        if allow_zero and value == 0:
            return 0
        return value if low <= value <= high else DEFAULTS[key]

    def _bool(self, key: str) -> bool:
        value = self._get(key)
        if isinstance(value, str):  # ini files give strings back
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def _choice(self, key: str, choices: tuple[str, ...]) -> str:
        value = str(self._get(key))
        return value if value in choices else DEFAULTS[key]

    def reset(self) -> None:
        """Forget every preference (recent files included)."""
        self.store.clear()
        self.store.sync()
        for key in DEFAULTS:
            self.changed.emit(key)

    # ------------------------------------------------------------ appearance
    @property
    def theme(self) -> str:
        """``system``, ``light``, ``dark`` or ``high-contrast``."""
        return self._choice("appearance/theme", THEMES)

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"unknown theme {value!r}; use one of {', '.join(THEMES)}")
        self._set("appearance/theme", value)

    @property
    def present_font_size(self) -> int:
        """Point size of labels in presentation mode."""
        return self._int("appearance/presentFontSize", *FONT_RANGE)

    @present_font_size.setter
    def present_font_size(self, value: int) -> None:
        if not FONT_RANGE[0] <= int(value) <= FONT_RANGE[1]:
            raise ValueError(f"font size must be {FONT_RANGE[0]} to {FONT_RANGE[1]} points")
        self._set("appearance/presentFontSize", int(value))

    # --------------------------------------------------------------- editing
    @property
    def default_polarity(self) -> str:
        """The sign a newly drawn link starts with."""
        return self._choice("editing/defaultPolarity", POLARITIES)

    @default_polarity.setter
    def default_polarity(self, value: str) -> None:
        if value not in POLARITIES:
            raise ValueError(f"polarity must be one of {' '.join(POLARITIES)}")
        self._set("editing/defaultPolarity", value)

    # ----------------------------------------------------------------- files
    @property
    def autosave_seconds(self) -> int:
        """Seconds between autosaves of a modified diagram; 0 turns autosave off."""
        return self._int("files/autosaveSeconds", *AUTOSAVE_RANGE, allow_zero=True)

    @autosave_seconds.setter
    def autosave_seconds(self, value: int) -> None:
        value = int(value)
        if value != 0 and not AUTOSAVE_RANGE[0] <= value <= AUTOSAVE_RANGE[1]:
            raise ValueError(f"autosave interval must be 0 (off) or {AUTOSAVE_RANGE[0]} to {AUTOSAVE_RANGE[1]} s")
        self._set("files/autosaveSeconds", value)

    @property
    def backup_on_save(self) -> bool:
        """Keep the previous version of a file as ``FILE.bak`` when saving over it."""
        return self._bool("files/backupOnSave")

    @backup_on_save.setter
    def backup_on_save(self, value: bool) -> None:
        self._set("files/backupOnSave", bool(value))

    @property
    def recent_files(self) -> list[str]:
        """Recently opened files, most recent first (missing files included)."""
        value = self._get("recentFiles")
        if isinstance(value, str):  # one entry comes back as a plain string
            value = [value] if value else []
        if not isinstance(value, (list, tuple)):
            return []
        return [str(v) for v in value if v][:MAX_RECENT]

    def add_recent_file(self, path: str | os.PathLike[str]) -> None:
        """Put ``path`` first in the recent files (once; the oldest drops off)."""
        text = str(Path(path).resolve())
        files = [f for f in self.recent_files if f != text]
        self._set("recentFiles", [text] + files[: MAX_RECENT - 1])

    def remove_recent_file(self, path: str | os.PathLike[str]) -> None:
        """Forget one recent file (e.g. one that no longer exists)."""
        text = str(path)
        resolved = str(Path(path).resolve())
        self._set("recentFiles", [f for f in self.recent_files if f not in (text, resolved)])

    def clear_recent_files(self) -> None:
        self._set("recentFiles", [])

    # --------------------------------------------------------------- welcome
    @property
    def show_welcome(self) -> bool:
        """Show the welcome view when the program starts without a file."""
        return self._bool("welcome/showOnStart")

    @show_welcome.setter
    def show_welcome(self, value: bool) -> None:
        self._set("welcome/showOnStart", bool(value))

    @property
    def tour_seen(self) -> bool:
        return self._bool("welcome/tourSeen")

    @tour_seen.setter
    def tour_seen(self, value: bool) -> None:
        self._set("welcome/tourSeen", bool(value))


_shared: dict[tuple[str, str], Settings] = {}


def shared_settings() -> Settings:
    """The application-wide :class:`Settings`, so every change reaches every listener.

    One per settings store (organisation and application name), so tests that
    point the application at a scratch store get a fresh one.
    """
    key = (QCoreApplication.organizationName(), QCoreApplication.applicationName())
    settings = _shared.get(key)
    if settings is None:
        settings = Settings(parent=QCoreApplication.instance())
        _shared[key] = settings
    return settings
