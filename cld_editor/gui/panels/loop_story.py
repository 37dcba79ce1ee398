"""The story of the selected loop: told from its signs, or in the user's own words.

The story below the Loops panel's list is the loop told in plain English
(:func:`~cld_editor.analysis.stories.generate_story`), in the wording the user
chose ("rises and falls" or "increases and decreases").  Edited words are kept
on the loop's label by an undoable step, adding a label if the loop has none;
"Use Generated Story" drops them again.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ...analysis.loops import Loop
from ...analysis.stories import WORDINGS, generate_story, story_label
from ...commands import intents
from ...core.diagram import Diagram
from .loop_table import POLARITY_TEXT


class LoopStory(QWidget):
    """The story editor under the loop list.

    Signals
    -------
    edit(QUndoCommand)
        The undoable step that saves or drops a story: the owner pushes it.
    message(str)
        A line for the status bar.
    """

    edit = Signal(object)
    message = Signal(str)

    def __init__(self, diagram: Diagram, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.loop: Loop | None = None
        self._loading_story = False
        self._story_dirty = False
        self.wording = str(QSettings().value("loops/story_wording", "rise"))
        if self.wording not in WORDINGS:
            self.wording = "rise"
        self.story_title = QLabel()
        self.story_title.setObjectName("story-title")
        font = self.story_title.font()
        font.setBold(True)
        self.story_title.setFont(font)
        self.wording_box = QComboBox()
        self.wording_box.addItem("rises and falls", "rise")
        self.wording_box.addItem("increases and decreases", "increase")
        self.wording_box.setCurrentIndex(max(0, self.wording_box.findData(self.wording)))
        self.wording_box.setToolTip("The verbs of the generated stories")
        self.wording_box.currentIndexChanged.connect(self._wording_changed)
        story_head = QHBoxLayout()
        story_head.addWidget(self.story_title, 1)
        story_head.addWidget(self.wording_box)
        self.story_edit = QPlainTextEdit()
        self.story_edit.setObjectName("story")
        self.story_edit.setPlaceholderText("Select a loop to read its story.")
        self.story_edit.textChanged.connect(self._story_edited)
        self.save_story_button = QPushButton("Save Story")
        self.save_story_button.setToolTip("Keep this telling of the loop with the diagram (on the loop's label)")
        self.save_story_button.clicked.connect(self.save_story)
        self.reset_story_button = QPushButton("Use Generated Story")
        self.reset_story_button.setToolTip("Drop your own story and tell the loop from its signs again")
        self.reset_story_button.clicked.connect(self.reset_story)
        story_buttons = QHBoxLayout()
        story_buttons.addStretch(1)
        story_buttons.addWidget(self.reset_story_button)
        story_buttons.addWidget(self.save_story_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(story_head)
        layout.addWidget(self.story_edit, 1)
        layout.addLayout(story_buttons)
        self.show_loop(None)

    def refresh(self) -> None:
        """Tell the loop again after an edit, keeping the user's unsaved words."""
        if self._story_dirty:
            self._update_story_buttons()
        else:
            self.show_loop(self.loop)

    def show_loop(self, loop: Loop | None) -> None:
        """Tell ``loop`` (or nothing); the user's unsaved words are dropped."""
        self.loop = loop
        self._loading_story = True
        if loop is None:
            self.story_title.setText("Story")
            self.story_edit.setPlainText("")
            self.story_edit.setReadOnly(True)
        else:
            label = story_label(self.diagram, loop)
            own = label is not None and bool(label.story)
            title = f"Story of {loop.name}"
            if label is not None and label.name:
                title += f" \u201c{label.name}\u201d"
            title += f" ({POLARITY_TEXT[loop.polarity].lower()})" + ("  \u2014 your own words" if own else "")
            self.story_title.setText(title)
            self.story_edit.setReadOnly(False)
            if valid_members(self.diagram, loop):
                text = label.story if own else generate_story(self.diagram, loop, self.wording)
            else:
                text = ""
            if self.story_edit.toPlainText() != text:
                self.story_edit.setPlainText(text)
        self._loading_story = False
        self._story_dirty = False
        self._update_story_buttons()

    def _wording_changed(self) -> None:
        self.wording = self.wording_box.currentData()
        QSettings().setValue("loops/story_wording", self.wording)
        if self.loop is not None and not self._story_dirty:
            self.show_loop(self.loop)

    def _story_edited(self) -> None:
        if not self._loading_story:
            self._story_dirty = True
            self._update_story_buttons()

    def _stored_story(self, loop: Loop) -> str:
        label = story_label(self.diagram, loop)
        if label is not None and label.story:
            return label.story
        return generate_story(self.diagram, loop, self.wording) if valid_members(self.diagram, loop) else ""

    def _update_story_buttons(self) -> None:
        loop = self.loop
        if loop is None:
            self.save_story_button.setEnabled(False)
            self.reset_story_button.setEnabled(False)
            return
        label = story_label(self.diagram, loop)
        self.save_story_button.setEnabled(self.story_edit.toPlainText().strip() != self._stored_story(loop).strip())
        self.reset_story_button.setEnabled(label is not None and bool(label.story))

    def save_story(self) -> None:
        """Keep the edited story on the loop's label (adding a label if the loop has none)."""
        loop = self.loop
        if loop is None:
            return
        had_label = story_label(self.diagram, loop) is not None
        command = intents.save_story(self.diagram, loop, self.story_edit.toPlainText(), self.wording)
        if command is None:
            return
        self.edit.emit(command)
        if not had_label:
            self.message.emit(f"The story of {loop.name} is kept on a new loop label at the loop's centre.")
        self.show_loop(loop)

    def reset_story(self) -> None:
        """Go back to the story told from the signs."""
        loop = self.loop
        command = intents.reset_story(self.diagram, loop) if loop is not None else None
        if command is not None:
            self.edit.emit(command)
        self.show_loop(loop)


def valid_members(diagram: Diagram, loop: Loop) -> bool:
    """Whether the loop's variables and links all still exist (a list may lag an edit by a moment)."""
    return all(v in diagram.variables for v in loop.variables) and all(lk in diagram.links for lk in loop.links)
