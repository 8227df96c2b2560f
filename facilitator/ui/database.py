"""When the database cannot be used at start: say why, and offer another one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from facilitator.core.errors import StoreUnusable

from .words import _, isolated



def ask_for_another_database(error: StoreUnusable, parent: QWidget | None = None) -> Path | None:
    """The database to try instead, as the trainer chose it: an existing file or a new
    one. None when they would rather quit."""
    while True:
        box = QMessageBox(QMessageBox.Icon.Warning, "Facilitator",
                          _("The database {path} cannot be used: {cause}.", path=isolated(str(error.path)),
                            cause=error.cause), parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)  # a path may hold anything
        # A sentence of its own: its full stop is the language's ("。" in Japanese).
        box.setInformativeText(_("{what_to_do}.", what_to_do=error.what_to_do))
        open_button = box.addButton(_("Open another database…"), QMessageBox.ButtonRole.AcceptRole)
        new_button = box.addButton(_("New database…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(new_button)
        box.exec()
        clicked = box.clickedButton()
        folder = str(error.path.parent)
        database_files = _("Facilitator databases (*.db);;All files (*)")
        if clicked is open_button:
            name, _filter = QFileDialog.getOpenFileName(parent, _("Open a database"), folder, database_files)
        elif clicked is new_button:
            name, _filter = QFileDialog.getSaveFileName(
                parent, _("New database"), str(error.path.parent / "workshops.db"), database_files,
                options=QFileDialog.Option.DontConfirmOverwrite,  # an existing one is opened, not replaced
            )
        else:
            return None
        if name:
            return Path(name)
