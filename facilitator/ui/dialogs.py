"""The presenter's overlays: the key list, going to a slide, and the overview grid."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QInputDialog, QListView, QListWidget, QListWidgetItem,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from .keys import BINDINGS, describe_keys
from .render import SlideScene, render_image

THUMBNAIL = QSize(320, 180)


def show_help(parent: QWidget) -> None:
    """The key table, as the windows use it."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keys")
    table = QTableWidget(len(BINDINGS), 2)
    table.setHorizontalHeaderLabels(["Keys", "What they do"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for row, binding in enumerate(BINDINGS):
        table.setItem(row, 0, QTableWidgetItem(describe_keys(binding)))
        table.setItem(row, 1, QTableWidgetItem(binding.description))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(620, 560)
    dialog.exec()


def ask_slide_number(parent: QWidget, current: int, count: int) -> int | None:
    number, ok = QInputDialog.getInt(parent, "Go to slide", f"Slide number (1 to {count}):", current, 1, count)
    return number if ok else None


class Overview(QDialog):
    """Every slide as a thumbnail; a click or Enter goes there."""

    def __init__(self, parent: QWidget, scenes: list[SlideScene], current: int, go_to: Callable[[int], None]):
        super().__init__(parent)
        self.setWindowTitle("All slides")
        self.go_to = go_to
        self.grid = QListWidget()
        self.grid.setViewMode(QListView.ViewMode.IconMode)
        self.grid.setIconSize(THUMBNAIL)
        self.grid.setResizeMode(QListView.ResizeMode.Adjust)
        self.grid.setMovement(QListView.Movement.Static)
        self.grid.setSpacing(12)
        self.grid.setWordWrap(True)
        for index, scene in enumerate(scenes):
            image = render_image(scene, THUMBNAIL.width(), THUMBNAIL.height())
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
