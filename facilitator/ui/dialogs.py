"""The presenter's overlays: the key list, going to a slide, and the overview grid."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QGridLayout, QInputDialog, QLabel, QListView, QListWidget,
    QListWidgetItem, QVBoxLayout, QWidget,
)

from .keys import BINDINGS, describe_keys
from .pdf_pages import PageImages
from .render import SlideScene, render_image
from .words import _, say

THUMBNAIL = QSize(320, 180)
HELP_POINT_SIZE = 12  # read from arm's length, while standing at the laptop


class HelpDialog(QDialog):
    """The key table, as the windows use it: every description wrapped in full, in two
    columns, so that it reads at 1280×720 without scrolling either way."""

    COLUMNS = 2

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setWindowTitle(_("Keys"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        self.descriptions: list[QLabel] = []
        rows = -(-len(BINDINGS) // self.COLUMNS)
        for index, binding in enumerate(BINDINGS):
            column, row = divmod(index, rows)
            keys = self._label(describe_keys(binding), bold=True)
            description = self._label(say(binding.description))
            self.descriptions.append(description)
            grid.addWidget(keys, row, 2 * column)
            grid.addWidget(description, row, 2 * column + 1)
        for column in range(self.COLUMNS):  # the keys a third, their descriptions the rest
            grid.setColumnStretch(2 * column, 1)
            grid.setColumnStretch(2 * column + 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addStretch()
        layout.addWidget(buttons)
        # As wide as the presenter window allows, then as tall as the wrapped lines need.
        width = min(1100, int(parent.window().width() * 0.9))
        self.resize(width, layout.totalHeightForWidth(width))

    @staticmethod
    def _label(text: str, *, bold: bool = False) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        font = label.font()
        font.setPointSizeF(HELP_POINT_SIZE)
        font.setBold(bold)
        label.setFont(font)
        return label


def show_help(parent: QWidget) -> None:
    HelpDialog(parent).exec()


def ask_slide_number(parent: QWidget, current: int, count: int) -> int | None:
    number, ok = QInputDialog.getInt(parent, _("Go to slide"), _("Slide number (1 to {count}):", count=count),
                                      current, 1, count)
    return number if ok else None


class Overview(QDialog):
    """Every slide as a thumbnail; a click or Enter goes there."""

    def __init__(self, parent: QWidget, scenes: list[SlideScene], current: int, go_to: Callable[[int], None]):
        super().__init__(parent)
        self.setWindowTitle(_("All slides"))
        self.go_to = go_to
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMBNAIL)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setSpacing(12)
        self.grid.setWordWrap(True)
        pages = PageImages(self)  # an imported deck's file opened once for every thumbnail
        for index, scene in enumerate(scenes):
            image = render_image(scene, THUMBNAIL.width(), THUMBNAIL.height(), pages)
            entry = QListWidgetItem(QIcon(QPixmap.fromImage(image)), f"{index + 1}. {scene.slide.title}")
            entry.setData(Qt.ItemDataRole.UserRole, index + 1)
            self.grid.addItem(entry)
        self.grid.setCurrentRow(current)
        self.grid.itemActivated.connect(self._chosen)
        self.grid.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid)
        self.resize(1240, 800)

    def _chosen(self, entry: QListWidgetItem) -> None:
        self.go_to(entry.data(Qt.ItemDataRole.UserRole))
        self.accept()
