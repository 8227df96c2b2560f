"""The projector window: the current slide and nothing else."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from .pdf_pages import PageImages
from .render import SlideScene, SlideView
from .words import _


class AudienceWindow(QWidget):
    """Full screen on the projector when there is a second screen, a window otherwise."""

    def __init__(self, parent: QWidget | None = None, pages: PageImages | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Facilitator — projector"))
        self.setObjectName("audience")
        self.view = SlideView(self, pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1280, 720)

    def show_scene(self, scene: SlideScene) -> None:
        self.view.set_scene(scene)

    def show_on(self, screen: QScreen, full_screen: bool) -> None:
        """Move to a screen; full screen there, or a window in its middle."""
        if self.isFullScreen():
            self.showNormal()
        geometry = screen.availableGeometry()
        self.setScreen(screen)
        self.move(geometry.center() - self.rect().center())
        if full_screen:
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            self.show()

    def focusNextPrevChild(self, next: bool) -> bool:
        return False  # Tab opens the overview; it does not move focus here


def projector_screen(presenter_screen: QScreen | None) -> QScreen | None:
    """The screen for the audience: another one than the presenter's, if there is one."""
    others = [s for s in QGuiApplication.screens() if s is not presenter_screen]
    return others[0] if others else None
