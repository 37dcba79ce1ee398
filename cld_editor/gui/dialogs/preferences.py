"""The Preferences dialog: theme, autosave, default link sign, presenting, backups.

Changes apply when the user presses OK (or Apply); Cancel leaves every
preference as it was.  "Restore defaults" fills the form with the defaults
without saving them until OK.  Every control has a keyboard mnemonic and a
name for screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..settings import (
    AUTOSAVE_RANGE,
    DEFAULTS,
    FONT_RANGE,
    POLARITIES,
    POLARITY_LABELS,
    THEME_LABELS,
    THEMES,
    Settings,
    shared_settings,
)


class PreferencesDialog(QDialog):
    """Edit :class:`~cld_editor.gui.settings.Settings`; writes them on OK or Apply."""

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.settings = settings if settings is not None else shared_settings()

        # ---- appearance
        self.theme = QComboBox()
        self.theme.setObjectName("prefTheme")
        self.theme.setAccessibleName("Theme")
        for key in THEMES:
            self.theme.addItem(THEME_LABELS[key], key)
        self.theme.setToolTip("High contrast: black on white with strong borders and focus frames")
        self.font_size = QSpinBox()
        self.font_size.setObjectName("prefFontSize")
        self.font_size.setAccessibleName("Presentation font size in points")
        self.font_size.setRange(*FONT_RANGE)
        self.font_size.setSuffix(" pt")
        appearance = QGroupBox("Appearance")
        form = QFormLayout(appearance)
        form.addRow(self._label("&Theme:", self.theme), self.theme)
        form.addRow(self._label("&Presentation font size:", self.font_size), self.font_size)

        # ---- editing
        self.polarity = QComboBox()
        self.polarity.setObjectName("prefPolarity")
        self.polarity.setAccessibleName("Sign of a new link")
        for key in POLARITIES:
            self.polarity.addItem(POLARITY_LABELS[key], key)
        editing = QGroupBox("Editing")
        form = QFormLayout(editing)
        form.addRow(self._label("&New links start as:", self.polarity), self.polarity)

        # ---- files
        self.autosave = QSpinBox()
        self.autosave.setObjectName("prefAutosave")
        self.autosave.setAccessibleName("Autosave interval in seconds, 0 for off")
        self.autosave.setRange(0, AUTOSAVE_RANGE[1])
        self.autosave.setSingleStep(10)
        self.autosave.setSuffix(" s")
        self.autosave.setSpecialValueText("Off")
        self.autosave.setToolTip("How often unsaved changes are kept safe in your data folder")
        self.backup = QCheckBox("Keep the previous version as a &backup (.bak) when saving")
        self.backup.setObjectName("prefBackup")
        self.backup.setAccessibleName("Keep a backup of the previous version when saving")
        self.show_welcome = QCheckBox("Show the &welcome page when the program starts")
        self.show_welcome.setAccessibleName("Show the welcome page when the program starts")
        files = QGroupBox("Files")
        form = QFormLayout(files)
        form.addRow(self._label("&Autosave every:", self.autosave), self.autosave)
        form.addRow(self.backup)
        form.addRow(self.show_welcome)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self.restore_defaults)

        layout = QVBoxLayout(self)
        layout.addWidget(appearance)
        layout.addWidget(editing)
        layout.addWidget(files)
        layout.addWidget(self.buttons)
        self.load()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)  # Alt+letter moves focus to the control
        return label

    # ------------------------------------------------------------------ data
    def load(self) -> None:
        """Fill the form from the stored settings."""
        s = self.settings
        self._select(self.theme, s.theme)
        self.font_size.setValue(s.present_font_size)
        self._select(self.polarity, s.default_polarity)
        self.autosave.setValue(s.autosave_seconds)
        self.backup.setChecked(s.backup_on_save)
        self.show_welcome.setChecked(s.show_welcome)

    def restore_defaults(self) -> None:
        """Put the defaults in the form (saved only on OK or Apply)."""
        self._select(self.theme, DEFAULTS["appearance/theme"])
        self.font_size.setValue(DEFAULTS["appearance/presentFontSize"])
        self._select(self.polarity, DEFAULTS["editing/defaultPolarity"])
        self.autosave.setValue(DEFAULTS["files/autosaveSeconds"])
        self.backup.setChecked(DEFAULTS["files/backupOnSave"])
        self.show_welcome.setChecked(DEFAULTS["welcome/showOnStart"])

    def apply(self) -> None:
        """Write the form to the settings (each change is announced by ``Settings.changed``)."""
        s = self.settings
        s.theme = self.theme.currentData()
        s.present_font_size = self.font_size.value()
        s.default_polarity = self.polarity.currentData()
        seconds = self.autosave.value()
        if 0 < seconds < AUTOSAVE_RANGE[0]:
            seconds = AUTOSAVE_RANGE[0]  # the spin box allows 1..9; the store does not
            self.autosave.setValue(seconds)
        s.autosave_seconds = seconds
        s.backup_on_save = self.backup.isChecked()
        s.show_welcome = self.show_welcome.isChecked()

    def accept(self) -> None:  # noqa: D102
        self.apply()
        super().accept()

    @staticmethod
    def _select(combo: QComboBox, key: str) -> None:
        index = combo.findData(key)
        combo.setCurrentIndex(max(index, 0))


def show_preferences(parent: QWidget | None = None, settings: Settings | None = None) -> PreferencesDialog:
    """Open the Preferences dialog (window-modal) and return it."""
    dialog = PreferencesDialog(settings, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
