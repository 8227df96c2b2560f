"""An imported deck's pages, drawn by QtPdf at the exact pixel size they are shown at.

A page is rendered once per size it is painted at (the projector full screen, the
presenter's slide pane, the next-slide preview), so it is as sharp as the screen allows
and painting it is a copy of pixels, never a scale. QtPdf renders on its own thread
(`QPdfPageRenderer`'s multi-threaded mode); the pages the trainer will turn to next are
rendered while the current one shows, so a page turn only paints what is ready. A page
not ready yet is painted as soon as it is: the views hear `page_ready` and repaint.

Memory is bounded: `PAGES_PER_SIZE` images per size, for the `SIZES_KEPT` sizes last
painted (a window being resized paints many sizes, and only the last ones matter).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QObject, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfPageRenderer

from facilitator.core.deck import Deck
from facilitator.core.errors import Problem
from facilitator.core.translation import Message
from facilitator.core.workshop import Workshop

# The page shown, the pages after it and the one before it fit with room to spare.
PAGES_AHEAD = 3
PAGES_BEHIND = 1
PAGES_PER_SIZE = 6
SIZES_KEPT = 4


@dataclass(frozen=True)
class _FileVersion:
    """Which version of the page file the document holds: a trainer who exports the
    deck again gets the new pages."""

    path: Path
    mtime_ns: int
    size: int

    @classmethod
    def of(cls, path: Path) -> "_FileVersion | None":
        try:
            stat = path.stat()
        except OSError:
            return None
        return cls(path, stat.st_mtime_ns, stat.st_size)


@dataclass(frozen=True)
class _Request:
    version: _FileVersion
    page: int
    size: tuple[int, int]


class PageImages(QObject):
    """The pages of the deck's page file as images, per size, rendered ahead."""

    #: A page asked for is rendered now (its number): views showing it repaint.
    page_ready = Signal(int)

    def __init__(self, parent: QObject | None = None, *, per_size: int = PAGES_PER_SIZE,
                 sizes_kept: int = SIZES_KEPT):
        super().__init__(parent)
        self.per_size = per_size
        self.sizes_kept = sizes_kept
        self._document = QPdfDocument(self)
        self._renderer = QPdfPageRenderer(self)
        self._renderer.setRenderMode(QPdfPageRenderer.RenderMode.MultiThreaded)
        self._renderer.setDocument(self._document)
        self._renderer.pageRendered.connect(self._rendered)
        self._version: _FileVersion | None = None
        # Read once when the file is opened: asked from the window's thread while QtPdf
        # renders on its own, a page's size would wait for the render to finish.
        self._page_sizes: list[QSizeF] = []
        # QtPdf renders one page at a time, in the order asked: it is asked for one at a
        # time, the page a view shows first (per size, the last one it showed; the
        # largest size first, the projector's), then the pages ahead of it (per size, the
        # last paint's wish), so that a page turned to never waits behind pages the
        # trainer has already turned past.
        self._shown: dict[tuple[int, int], list[_Request]] = {}
        self._ahead: dict[tuple[int, int], list[_Request]] = {}
        self._in_flight: dict[int, _Request] = {}  # by the renderer's request id
        self._ahead_timer = QTimer(self, singleShot=True, interval=0)  # once the paints are done
        self._ahead_timer.timeout.connect(self._pump)
        self._images: OrderedDict[tuple[int, int], OrderedDict[int, QImage]] = OrderedDict()

    # -- the file --------------------------------------------------------------------

    def _open(self, path: Path) -> _FileVersion | None:
        """The document loaded from `path` as it is on disk now (loaded again when the
        file changed); None when it cannot be read."""
        version = _FileVersion.of(path)
        if version != self._version:
            for waiting in (self._images, self._shown, self._ahead, self._in_flight):
                waiting.clear()  # what arrives for the old version is dropped
            self._version, self._page_sizes = None, []
            if version is not None and self._document.load(str(path)) == QPdfDocument.Error.None_:
                self._version = version
                self._page_sizes = [self._document.pagePointSize(page)
                                    for page in range(self._document.pageCount())]
        return self._version

    def page_size(self, path: Path, page: int) -> QSizeF | None:
        """The page's size in points; None when the file or the page cannot be read."""
        if self._open(path) is None or not 0 <= page < len(self._page_sizes):
            return None
        size = self._page_sizes[page]
        return size if size.width() > 0 and size.height() > 0 else None

    def fitted(self, path: Path, page: int, area: QSize) -> QSize:
        """The largest size of the page's proportions within `area`, in whole pixels: a
        4:3 page on a 16:9 screen is pillarboxed, never stretched."""
        points = self.page_size(path, page)
        if points is None:
            return QSize(area)
        return points.scaled(QSizeF(area), Qt.AspectRatioMode.KeepAspectRatio).toSize()

    # -- the images ------------------------------------------------------------------

    def image(self, path: Path, page: int, size: QSize, *, wait: bool = False) -> QImage | None:
        """Page `page` rendered at exactly `size`: from the cache, else rendered now
        (`wait`, for an image saved to a file) or asked for (None until `page_ready`)."""
        version = self._open(path)
        if version is None or not 0 <= page < len(self._page_sizes) or size.isEmpty():
            return None
        key = (size.width(), size.height())
        cached = self._images.get(key, {}).get(page)
        if cached is not None:
            self._images.move_to_end(key)
            self._images[key].move_to_end(page)
            return cached
        if wait:
            image = _on_paper(self._document.render(page, size))
            self._keep(key, page, image)
            return image
        self._shown[key] = [_Request(version, page, key)]
        self._pump()
        return None

    def any_size(self, path: Path, page: int) -> QImage | None:
        """The page at whichever size it was last rendered, for a view to scale until its
        own size is ready (better than nothing for a few milliseconds)."""
        if self._open(path) is None:
            return None
        for images in reversed(self._images.values()):
            if page in images:
                return images[page]
        return None

    def render_ahead(self, path: Path, pages: Iterable[int], size: QSize) -> None:
        """Render these pages at `size` in the background, unless cached or asked for:
        asked once the paints under way are done, so that a page turn only paints."""
        version = self._open(path)
        if version is None or size.isEmpty():
            return
        key = (size.width(), size.height())
        self._ahead[key] = [_Request(version, p, key) for p in pages if 0 <= p < len(self._page_sizes)]
        self._ahead_timer.start()

    def _pump(self) -> None:
        """Ask QtPdf for the next page wanted, unless it is rendering one."""
        if self._in_flight:
            return
        request = self._next_wanted()
        if request is not None:
            self._in_flight[self._renderer.requestPage(request.page, QSize(*request.size))] = request

    def _next_wanted(self) -> _Request | None:
        for wanted in (self._shown, self._ahead):
            for key, requests in sorted(wanted.items(), key=lambda item: -item[0][0] * item[0][1]):
                for request in requests:
                    if request.page not in self._images.get(key, {}):
                        return request
                del wanted[key]  # all rendered
        return None

    def _rendered(self, page: int, size: QSize, image: QImage, options, request_id: int) -> None:
        request = self._in_flight.pop(request_id, None)
        if request is not None and request.version == self._version:  # else the file changed
            self._keep(request.size, page, _on_paper(image))
            self.page_ready.emit(page)
        self._pump()

    def _keep(self, key: tuple[int, int], page: int, image: QImage) -> None:
        images = self._images.setdefault(key, OrderedDict())
        self._images.move_to_end(key)
        images[page] = image
        while len(images) > self.per_size:
            images.popitem(last=False)
        while len(self._images) > self.sizes_kept:
            self._images.popitem(last=False)

    # -- what it holds ---------------------------------------------------------------

    @property
    def cached(self) -> int:
        """How many page images are kept, at all sizes."""
        return sum(len(images) for images in self._images.values())

    @property
    def cached_bytes(self) -> int:
        return sum(image.sizeInBytes() for images in self._images.values() for image in images.values())


def _on_paper(image: QImage) -> QImage:
    """A rendered page on white, opaque: QtPdf leaves what the page does not paint
    transparent, and paper is white. Opaque, it is painted as a plain copy of pixels."""
    opaque = QImage(image.size(), QImage.Format.Format_RGB32)
    opaque.fill(QColor(Qt.GlobalColor.white))
    painter = QPainter(opaque)
    painter.drawImage(0, 0, image)
    painter.end()
    return opaque


def pages_around(deck: Deck, slide: int, step: int) -> list[int]:
    """The pages of the page file the trainer turns to next from `slide` at `step`, in
    the order next turns to them, then the one previous turns to."""
    order = [(s.index, i, page) for s in deck.slides for i, page in enumerate(s.pages)]
    at = next((n for n, (index, i, _) in enumerate(order) if (index, i) >= (slide, step)), len(order))
    shown = 1 if at < len(order) and order[at][:2] == (slide, step) else 0
    ahead = [page for _, _, page in order[at + shown:at + shown + PAGES_AHEAD]]
    behind = [page for _, _, page in order[max(at - PAGES_BEHIND, 0):at]]
    return ahead + behind


def undrawable_pages(path: Path) -> list[int] | None:
    """The pages (0-based) of a PDF that QtPdf cannot draw; None when it cannot open
    the file at all."""
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        return None
    broken = []
    for page in range(document.pageCount()):
        size = document.pagePointSize(page)
        if size.width() <= 0 or size.height() <= 0:
            broken.append(page)
            continue
        thumbnail = QSize(32, max(1, round(32 * size.height() / size.width())))
        if document.render(page, thumbnail).isNull():
            broken.append(page)
    return broken


def page_problems(workshop: Workshop) -> list[Problem]:
    """What `facilitator check` says of an imported deck's pages that the windows could
    not draw, each on its slide as the trainer's own tool numbers it (an exercise the
    companion file inserts is not one of them)."""
    deck = workshop.deck
    if deck.page_file is None:
        return []
    broken = undrawable_pages(deck.page_file)
    if broken is None:
        return [Problem(deck.path, 1, Message("the pages of {file} cannot be opened to draw them",
                                                 file=deck.page_file.name))]
    imported = [slide for slide in deck.slides if slide.pages]
    return [
        Problem(deck.path, 0, Message("page {number} cannot be drawn", number=page + 1), slide=number)
        for number, slide in enumerate(imported, start=1) for page in slide.pages if page in broken
    ]
