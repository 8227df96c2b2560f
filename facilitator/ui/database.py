"""When the database cannot be used at start: say why, and offer another one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from facilitator.core.errors import StoreUnusable

DATABASE_FILES = "Facilitator databases (*.db);;All files (*)"


def ask_for_another_database(error: StoreUnusable, parent: QWidget | None = None) -> Path | None:
    """The database to try instead, as the trainer chose it: an existing file or a new
    one. None when they would rather quit."""
    while True:
        box = QMessageBox(QMessageBox.Icon.Warning, "Facilitator",
                          f"The database {error.path} cannot be used: {error.cause}.", parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a path may hold anything
        box.setInformativeText(f"{error.what_to_do}.")
        open_button = box.addButton("Open another database…", QMessageBox.ButtonRole.AcceptRole)
        new_button = box.addButton("New database…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(new_button)
        box.exec()
        clicked = box.clickedButton()
        folder = str(error.path.parent)
        if clicked is open_button:
            name, _ = QFileDialog.getOpenFileName(parent, "Open a database", folder, DATABASE_FILES)
        elif clicked is new_button:
            name, _ = QFileDialog.getSaveFileName(
                parent, "New database", str(error.path.parent / "workshops.db"), DATABASE_FILES,
                options=QFileDialog.Option.DontConfirmOverwrite,  # an existing one is opened, not replaced
            )
        else:
            return None
        if name:
            return Path(name)
