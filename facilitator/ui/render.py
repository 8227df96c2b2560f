"""The slide renderer: paints a slide (and the poll it runs) for the audience window.

Everything is painted on a fixed logical canvas of 1920 x 1080 units that the painter's
transform scales to the slide's rectangle, so text, QR code and charts scale together and
stay vector-crisp from a thumbnail to a 4K projector. The slide is letterboxed at 16:9.

Slide bodies are the trainer's Markdown, laid out by QTextDocument. Attendee text (words,
ideas, questions, names) never goes near QTextDocument: `drawing.py` draws it as plain text.

Laid-out documents, the fitted text and the QR code are cached (they do not depend on
the output size, only on the canvas), so repainting a slide only draws.

An imported slide (a PDF's page, a PowerPoint slide converted) is the trainer's own
design: its page fills the slide, drawn by `pdf_pages.PageImages` at the slide's size in
pixels, and only the overlays are Facilitator's (the join bar, the count of answers,
the countdown) until the results are revealed, which take the slide in Facilitator's
design as they do on a Markdown slide.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout, QColor, QImage, QImageReader, QPainter, QPainterPath,
    QPalette, QTextBlock, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument,
    QTextFormat, QTextImageFormat, QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.core.deck import Deck, Layout, Slide
from facilitator.core.qr import qr_matrix
from facilitator.core.results import PollResults
from facilitator.core.screen import Blank

from . import charts, drawing
from .drawing import clean, draw_block, draw_line, fit, line_height, qcolor, rounded, sizes, wrap
from .pdf_pages import PageImages, pages_around
from .theme import THEME, Theme
from .words import _, ngettext


CANVAS_WIDTH = 1920.0
CANVAS_HEIGHT = 1080.0
ASPECT = 16 / 9

# -- the scene -----------------------------------------------------------------------


@dataclass(frozen=True)
class JoinInfo:
    url: str  # e.g. "http://192.168.1.20:8765/K7M2Q"
    code: str  # "K7M2Q"
    attendees: int  # joined so far


@dataclass(frozen=True)
class SlideScene:
    slide: Slide
    deck: Deck
    join: JoinInfo | None = None  # shown on layout "join" slides
    poll: PollResults | None = None  # the exercise this slide runs, if any
    blank: Blank = Blank.NONE
    # A slim bar along the bottom edge (address, code, small QR) so latecomers can join
    # from any slide; it lies in the bottom margin, under no content.
    join_bar: JoinInfo | None = None
    # A timed quiz's seconds left, in a pill in the top right corner (in the top margin).
    seconds_left: int | None = None
    page: int = 0  # of a revealed result too long for one page (see result_pages)
    step: int = 0  # which of the slide's own pages shows (`Slide.pages`), on an imported slide

    @property
    def shown_page(self) -> int | None:
        """The page of the deck's page file this scene draws, if it draws one: not when
        the join slide or revealed results take its place."""
        pages = self.slide.pages
        if not pages or self.deck.page_file is None or self.slide.layout is Layout.JOIN:
            return None
        if self.poll is not None and self.poll.revealed and self.poll.tally is not None:
            return None
        return pages[min(self.step, len(pages) - 1)]


# -- geometry ------------------------------------------------------------------------


def slide_rect(area: QRectF) -> QRectF:
    """The largest 16:9 rectangle centred in `area` (letterbox or pillarbox), its edges
    on whole pixels: a bar a fraction of a pixel wide would be painted as a grey line
    along the slide (the presenter's 920-pixel pane is 517.5 pixels tall at 16:9)."""
    area = QRectF(area)
    w, h = area.width(), area.height()
    if w <= 0 or h <= 0:
        return QRectF(area.center(), area.center())
    if w / h > ASPECT:
        sw, sh = h * ASPECT, h
    else:
        sw, sh = w, w / ASPECT
    left, top = area.left() + (w - sw) / 2, area.top() + (h - sh) / 2
    return QRectF(QPointF(round(left), round(top)), QPointF(round(left + sw), round(top + sh)))


def paint_scene(painter: QPainter, area: QRectF, scene: SlideScene, pages: PageImages, *,
                wait: bool = False) -> None:
    """Fill `area`: black bars around the slide, the slide in `slide_rect(area)`. An
    imported slide's page comes from `pages`: as soon as it is rendered, or (`wait`)
    rendered now."""
    area = QRectF(area)
    rect = slide_rect(area)
    painter.save()
    painter.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # the deck's layout, in every language
    try:
        black = QColor(Qt.GlobalColor.black)
        # The bars only, so a 4K frame is not filled twice.
        for bar in (
            QRectF(area.left(), area.top(), area.width(), rect.top() - area.top()),
            QRectF(area.left(), rect.bottom(), area.width(), area.bottom() - rect.bottom()),
            QRectF(area.left(), rect.top(), rect.left() - area.left(), rect.height()),
            QRectF(rect.right(), rect.top(), area.right() - rect.right(), rect.height()),
        ):
            if bar.width() > 0 and bar.height() > 0:
                painter.fillRect(bar, black)
        if rect.width() <= 0 or rect.height() <= 0:
            return
        if scene.blank is Blank.BLACK:
            painter.fillRect(rect, black)
            return
        if scene.blank is Blank.WHITE:
            painter.fillRect(rect, QColor(Qt.GlobalColor.white))
            return
        painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        painter.translate(rect.topLeft())
        painter.scale(rect.width() / CANVAS_WIDTH, rect.height() / CANVAS_HEIGHT)
        painter.setRenderHints(
            QPainter.RenderHint.Antialiasing
            | QPainter.RenderHint.TextAntialiasing
            | QPainter.RenderHint.SmoothPixmapTransform
        )
        _paint_slide(painter, scene, THEME, pages, wait)
    finally:
        painter.restore()


def render_image(scene: SlideScene, width: int, height: int, pages: PageImages | None = None) -> QImage:
    """The scene painted into a new opaque image of width x height pixels, an imported
    page included (rendered now, from `pages` or the page file itself)."""
    image = QImage(max(1, width), max(1, height), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(Qt.GlobalColor.black))
    painter = QPainter(image)
    try:
        paint_scene(painter, QRectF(0, 0, image.width(), image.height()), scene,
                    pages or PageImages(), wait=True)
    finally:
        painter.end()
    return image


def clear_caches() -> None:
    """Forget laid-out documents, fitted text and QR codes (tests; a deck reload)."""
    for cached in (_fit_markdown, _fit_flow, _qr_path, _image_size, drawing.wrap,
                   charts.cloud_layout, charts.board_pages, charts.statement_pages):
        cached.cache_clear()


# -- the widget ----------------------------------------------------------------------


class SlideView(QWidget):
    """Paints a SlideScene, letterboxed at 16:9, crisp at any size; an imported slide's
    page from the window's `PageImages`, repainted as soon as it is rendered."""

    def __init__(self, parent: QWidget | None = None, pages: PageImages | None = None):
        super().__init__(parent)
        self._scene: SlideScene | None = None
        self.pages = pages or PageImages(self)
        self.pages.page_ready.connect(self._page_ready)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)

    @property
    def scene(self) -> SlideScene | None:
        return self._scene

    def set_scene(self, scene: SlideScene | None) -> None:
        """Show `scene`; None paints black."""
        self._scene = scene
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            if self._scene is None:
                painter.fillRect(self.rect(), QColor(Qt.GlobalColor.black))
            else:
                paint_scene(painter, QRectF(self.rect()), self._scene, self.pages)
        finally:
            painter.end()

    def _page_ready(self, page: int) -> None:
        if self._scene is not None and self._scene.shown_page == page:
            self.update()


# -- Markdown ------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")
_HEADING_SCALE = {1: 1.4, 2: 1.25, 3: 1.12}


def split_title(markdown: str) -> tuple[str, str]:
    """The first heading's text (outside fenced code) and the Markdown without it."""
    lines = markdown.split("\n")
    fence = None
    for number, line in enumerate(lines):
        if fence is not None:
            stripped = line.strip()
            run = len(stripped) - len(stripped.lstrip(fence[0]))
            if run >= len(fence) and not stripped[run:].strip():
                fence = None
            continue
        if opened := _FENCE.match(line):
            fence = opened.group(1)
            continue
        if heading := _HEADING.match(line):
            rest = "\n".join(lines[:number] + lines[number + 1:])
            return heading.group(1).strip(), rest.strip("\n")
    return "", markdown.strip("\n")


def _inline(text: str) -> str:
    """Heading text as Markdown of one paragraph: emphasis and code kept, a leading
    `1.`, `-` or `>` no longer starts a list or a quote."""
    text = text.strip()
    if number := re.match(r"^(\d+)([.)])(\s|$)", text):
        return number.group(1) + "\\" + text[len(number.group(1)):]
    if text[:1] in "-+*>#=" and (len(text) == 1 or text[1] in " \t"):
        return "\\" + text
    return text


@lru_cache(maxsize=64)
def _image_size(path: str) -> tuple[int, int]:
    size = QImageReader(path).size()
    return (size.width(), size.height()) if size.isValid() else (0, 0)


@dataclass(frozen=True, eq=False)
class _Doc:
    document: QTextDocument
    px: int
    width: float
    height: float  # laid out
    smallest_px: float  # of any run of text in it (code is drawn smaller than the body)
    text: str  # as plain text, for the record of what was drawn


@dataclass(frozen=True)
class _BlockRole:
    """What setMarkdown made a block: a heading (its level), code, a quote, or body text."""

    level: int  # 0 for anything but a heading
    code: bool
    quote: bool

    @classmethod
    def of(cls, block: QTextBlock) -> "_BlockRole":
        fmt = block.blockFormat()
        return cls(
            level=fmt.headingLevel(),
            code=fmt.nonBreakableLines() or fmt.hasProperty(QTextFormat.Property.BlockCodeFence),
            quote=fmt.intProperty(QTextFormat.Property.BlockQuoteLevel) > 0,
        )


def _style(document: QTextDocument, px: int, *, bold: bool, center: bool, width: float,
           image_height: float, base: QUrl, theme: Theme) -> None:
    """Sizes in canvas units for what setMarkdown made: headings, code, quotes, images
    and the spacing between blocks."""
    cursor = QTextCursor(document)
    # Read every fragment before changing any: a changed format can split or merge them.
    fragments: list[tuple[int, int, QTextCharFormat, _BlockRole]] = []
    block = document.begin()
    while block.isValid():
        role = _BlockRole.of(block)
        cursor.setPosition(block.position())
        cursor.setBlockFormat(_block_format(block, role, px, first=block == document.begin(),
                                            center=center, theme=theme))
        fragments += [(*fragment, role) for fragment in _fragments(block)]
        block = block.next()
    for position, length, fmt, role in fragments:
        styled = _char_format(fmt, role, px, bold=bold, width=width, image_height=image_height,
                              base=base, theme=theme)
        if styled is not None:
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(styled)
    # The last block's spacing would only push the text up from the bottom margin.
    last = document.lastBlock()
    fmt = QTextBlockFormat(last.blockFormat())
    fmt.setBottomMargin(0)
    cursor.setPosition(last.position())
    cursor.setBlockFormat(fmt)


def _block_format(block: QTextBlock, role: _BlockRole, px: int, *, first: bool, center: bool,
                  theme: Theme) -> QTextBlockFormat:
    """A block's spacing (and a code block's shading) in canvas units."""
    fmt = QTextBlockFormat(block.blockFormat())
    fmt.setTopMargin(0 if first else (px * 0.3 if role.level else 0))
    if role.code:
        next_code = block.next().isValid() and block.next().blockFormat().nonBreakableLines()
        fmt.setBackground(qcolor(theme.panel))
        fmt.setBottomMargin(0 if next_code else px * 0.5)
    else:
        fmt.setBottomMargin(px * (0.2 if role.level else 0.42 if block.textList() else 0.5))
        fmt.setLineHeight(110, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    if center or (block.text().strip("\ufffc \t") == "" and "\ufffc" in block.text()):
        fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)  # a picture on its own: centred
    return fmt


def _fragments(block: QTextBlock) -> list[tuple[int, int, QTextCharFormat]]:
    """(position, length, a copy of the format) of each run of text in a block."""
    found = []
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid():
            found.append((fragment.position(), fragment.length(),
                          QTextCharFormat(fragment.charFormat())))
        iterator += 1
    return found


def _char_format(fmt: QTextCharFormat, role: _BlockRole, px: int, *, bold: bool, width: float,
                 image_height: float, base: QUrl, theme: Theme) -> QTextCharFormat | None:
    """The format a run of text takes on the canvas, or None to leave it as it is."""
    if fmt.isImageFormat():
        return _image_format(fmt.toImageFormat(), width, image_height, base)
    if role.level:
        fmt.clearProperty(QTextFormat.Property.FontSizeAdjustment)
        fmt.setProperty(QTextFormat.Property.FontPixelSize, round(px * _HEADING_SCALE.get(role.level, 1.0)))
        fmt.setFontWeight(700)
        return fmt
    if role.code or fmt.fontFixedPitch():
        fmt.setFontFamilies(["monospace"])
        fmt.setFontFixedPitch(True)
        # Monospace looks larger than the body at one size; never below the floor though.
        fmt.setProperty(QTextFormat.Property.FontPixelSize, max(round(px * 0.86), theme.min_size))
        if bold:
            fmt.setFontWeight(700)
        if not role.code:
            fmt.setBackground(qcolor(theme.panel))
        return fmt
    if role.quote:
        fmt.setFontItalic(True)
        fmt.setForeground(qcolor(theme.muted))
        return fmt
    return None


def _image_format(image: QTextImageFormat, width: float, height: float, base: QUrl) -> QTextImageFormat:
    """A picture scaled to fit width x height, its proportions kept."""
    path = base.resolved(QUrl(image.name())).toLocalFile()
    natural_w, natural_h = _image_size(path) if path else (0, 0)
    if natural_w and natural_h:
        scale = min(width / natural_w, height / natural_h)
        image.setWidth(natural_w * scale)
        image.setHeight(natural_h * scale)
    return image


def _build_doc(markdown: str, folder: str, width: float, px: int, *, bold: bool, center: bool,
               image_height: float) -> _Doc:
    document = QTextDocument()
    document.setUndoRedoEnabled(False)
    document.setDocumentMargin(0)
    document.setDefaultFont(drawing.font(px, bold))
    document.setIndentWidth(px * 1.25)
    option = QTextOption(document.defaultTextOption())
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(Qt.LayoutDirection.LeftToRight)  # not the window's: the slide is the deck's
    document.setDefaultTextOption(option)
    base = QUrl.fromLocalFile(folder.rstrip(os.sep) + os.sep) if folder else QUrl()
    document.setBaseUrl(base)
    document.setMarkdown(markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
    _style(document, px, bold=bold, center=center, width=width, image_height=image_height,
           base=base, theme=THEME)
    document.setTextWidth(width)
    return _Doc(document, px, width, document.size().height(), _smallest_px(document, px),
                document.toPlainText())


def _smallest_px(document: QTextDocument, px: int) -> float:
    """The smallest font size in a laid-out document (its body's, unless code is smaller)."""
    found = float(px)
    block = document.begin()
    while block.isValid():
        for _, _, fmt in _fragments(block):
            if not fmt.isImageFormat() and fmt.hasProperty(QTextFormat.Property.FontPixelSize):
                found = min(found, fmt.intProperty(QTextFormat.Property.FontPixelSize))
        block = block.next()
    return found


_IMAGE_ONLY = re.compile(r"!\[[^\]]*\]\([^)]*\)|\s")


@lru_cache(maxsize=96)
def _fit_markdown(
    markdowns: tuple[str, ...], folder: str, width: float, height: float, largest: int,
    smallest: int, bold: bool = False, center: bool = False,
) -> tuple[_Doc, ...]:
    """Laid-out documents sharing the largest font size (largest down to smallest) at
    which each fits width x height. At the smallest size they may still be taller."""
    options = sizes(largest, smallest)

    def build(px: int) -> tuple[_Doc, ...]:
        return tuple(
            _build_doc(md, folder, width, px, bold=bold, center=center,
                       image_height=height if not _IMAGE_ONLY.sub("", md) else height * 0.62)
            for md in markdowns
        )

    def fits(docs: tuple[_Doc, ...]) -> bool:
        return all(d.height <= height and d.document.size().width() <= width + 1 for d in docs)

    best = build(options[0])
    if fits(best) or len(options) == 1:
        return best
    low, high = 1, len(options) - 1  # options[0] is too big; find the first that fits
    best = build(options[high])
    while low < high:
        middle = (low + high) // 2
        docs = build(options[middle])
        if fits(docs):
            high, best = middle, docs
        else:
            low = middle + 1
    return best


def _draw_doc(painter: QPainter, doc: _Doc, x: float, y: float, color: str, height: float,
              theme: Theme, *, where: str, start: float = 0.0, continued: bool = False) -> None:
    """Draw the part of `doc` from `start` to `start + height` with its top at (x, y).
    With `continued`, the rest is drawn elsewhere (a second column), so not cut."""
    cut = (not continued and doc.height > start + height + 1) or \
        doc.document.size().width() > doc.width + 1
    drawing.record_drawn(doc.text, doc.smallest_px, where, cut=cut)
    painter.save()
    painter.translate(x, y - start)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, qcolor(color))
    context.palette.setColor(QPalette.ColorRole.Link, qcolor(color))
    context.clip = QRectF(0, start, doc.width, height)
    if start > 0 or doc.height > start + height + 1:  # never past the margin
        # Only whole blocks (no half-cut line), a little room left of them for bullets.
        end = _whole_blocks_end(doc, start + height)
        context.clip = QRectF(0, start, doc.width, end - start)
        painter.setClipRect(QRectF(-doc.px * 2, start, doc.width + doc.px * 2, end - start),
                            Qt.ClipOperation.IntersectClip)
    doc.document.documentLayout().draw(painter, context)
    painter.restore()


def _whole_blocks_end(doc: _Doc, limit: float) -> float:
    """The bottom of the last top-level block that ends above `limit` (or `limit`)."""
    layout = doc.document.documentLayout()
    block = doc.document.begin()
    end = 0.0
    while block.isValid():
        box = layout.blockBoundingRect(block)
        if box.bottom() > limit + 0.5:
            return end if end > 0 else limit
        end = box.bottom()
        block = block.next()
    return limit


def _folder(deck: Deck) -> str:
    return str(deck.path.parent) if deck.path else ""


# -- slides --------------------------------------------------------------------------


def _paint_slide(painter: QPainter, scene: SlideScene, theme: Theme, pages: PageImages,
                 wait: bool) -> None:
    page = scene.shown_page
    if page is not None:
        _paint_page(painter, scene, page, pages, wait)
        if scene.poll is not None and scene.poll.open:
            _paint_answer_count(painter, scene.poll, scene.join_bar is not None, theme)
    else:
        _paint_content(painter, scene, theme)
    if scene.join_bar is not None:
        _paint_join_bar(painter, scene.join_bar, theme, over_page=page is not None)
    if scene.seconds_left is not None:
        _paint_countdown(painter, scene.seconds_left, theme)


def _paint_content(painter: QPainter, scene: SlideScene, theme: Theme) -> None:
    layout = scene.slide.layout
    if layout is Layout.JOIN:
        _paint_join(painter, scene, theme)
    elif scene.poll is not None:
        _paint_exercise(painter, scene, scene.poll, theme)
    elif layout is Layout.TITLE:
        _paint_title_slide(painter, scene, theme)
    elif layout is Layout.SECTION:
        _paint_section(painter, scene, theme)
    elif layout is Layout.TWO_COLUMNS:
        _paint_columns(painter, scene, theme)
    else:
        _paint_default(painter, scene, theme)


# -- imported pages ------------------------------------------------------------------


def _paint_page(painter: QPainter, scene: SlideScene, page: int, pages: PageImages, wait: bool) -> None:
    """The page filling the slide at its proportions (black beside a 4:3 page), painted
    pixel for pixel at the size the slide takes on this device; then the pages the
    trainer turns to next are rendered at that size too."""
    path = scene.deck.page_file
    assert path is not None  # shown_page says so
    canvas = painter.transform().mapRect(QRectF(0, 0, CANVAS_WIDTH, CANVAS_HEIGHT))
    ratio = painter.device().devicePixelRatioF()
    slide_pixels = QSize(round(canvas.width() * ratio), round(canvas.height() * ratio))
    size = pages.fitted(path, page, slide_pixels)
    if size != slide_pixels:
        _background(painter, "#000000")  # beside a page of other proportions
    target = QRectF(canvas.center().x() - size.width() / ratio / 2,
                    canvas.center().y() - size.height() / ratio / 2,
                    size.width() / ratio, size.height() / ratio)
    image = pages.image(path, page, size, wait=wait)
    painter.save()
    painter.resetTransform()  # the canvas's scale would resample the exact-size image
    if image is not None:
        painter.drawImage(QRect(round(target.x()), round(target.y()), round(target.width()),
                                round(target.height())), image)
    elif (fallback := pages.any_size(path, page)) is not None:
        painter.drawImage(target, fallback)  # scaled, until its own size is rendered
    else:
        painter.fillRect(target, QColor(Qt.GlobalColor.white))  # paper, for a few milliseconds
    painter.restore()
    if not wait:
        pages.render_ahead(path, pages_around(scene.deck, scene.slide.index, scene.step), size)


ANSWER_COUNT_WIDTH = 420.0
# In the bottom right corner, over the trainer's page but not its middle: above the
# join bar when it shows, in the corner when it does not.
ANSWER_COUNT_RECT = QRectF(CANVAS_WIDTH - THEME.margin - ANSWER_COUNT_WIDTH, CANVAS_HEIGHT - 80.0 - 20.0 - 68.0,
                           ANSWER_COUNT_WIDTH, 68.0)


def _paint_answer_count(painter: QPainter, poll: PollResults, above_join_bar: bool, theme: Theme) -> None:
    """'12 answers' in a pill the room can read, while the poll of an imported slide is open."""
    pill = ANSWER_COUNT_RECT if above_join_bar else ANSWER_COUNT_RECT.translated(0, 80.0 + 20.0 - 12.0)
    rounded(painter, pill.adjusted(-3, -3, 3, 3), pill.height() / 2 + 3, qcolor(theme.on_accent))
    rounded(painter, pill, pill.height() / 2, qcolor(theme.accent))
    text = charts.responses_text(poll.exercise.kind, poll.responses)
    drawing.draw_centered_line(painter, text, pill.adjusted(28, 0, -28, 0), theme.label_size,
                               qcolor(theme.on_accent), bold=True, where="answer count")


def _background(painter: QPainter, color: str) -> None:
    painter.fillRect(QRectF(0, 0, CANVAS_WIDTH, CANVAS_HEIGHT), qcolor(color))


def _heading_doc(title: str, folder: str, width: float, theme: Theme) -> tuple[_Doc, float]:
    """The slide's heading laid out, and the height it may take (two lines)."""
    size = theme.heading_size
    room = 2 * line_height(size, True) * 1.12
    (doc,) = _fit_markdown((_inline(title),), folder, width, room, size, 48, bold=True)
    return doc, room


_RULE_GAP, _RULE_H, _AFTER_RULE = 20.0, 8.0, 40.0


def _heading_bottom(title: str, folder: str, y: float, width: float, theme: Theme) -> float:
    """Where content starts under a heading drawn at `y`."""
    if not title.strip():
        return y
    doc, room = _heading_doc(title, folder, width, theme)
    return y + min(doc.height, room) + _RULE_GAP + _RULE_H + _AFTER_RULE


def _heading(painter: QPainter, title: str, folder: str, x: float, y: float, width: float,
             theme: Theme, *, color: str | None = None) -> float:
    """The slide's heading at the top with the accent rule under it; where content starts."""
    if not title.strip():
        return y
    doc, room = _heading_doc(title, folder, width, theme)
    _draw_doc(painter, doc, x, y, color or theme.text, room, theme, where="heading")
    rule_y = y + min(doc.height, room) + _RULE_GAP
    rounded(painter, QRectF(x, rule_y, 120, _RULE_H), 4, qcolor(theme.accent))
    return rule_y + _RULE_H + _AFTER_RULE


def _paint_default(painter: QPainter, scene: SlideScene, theme: Theme) -> None:
    _background(painter, theme.background)
    m = theme.margin
    folder = _folder(scene.deck)
    title, rest = split_title(scene.slide.body)
    top = _heading(painter, title, folder, m, m, CANVAS_WIDTH - 2 * m, theme)
    _body(painter, rest, folder, QRectF(m, top, CANVAS_WIDTH - 2 * m, CANVAS_HEIGHT - m - top),
          theme, theme.text, flow=True)


def _body(painter: QPainter, markdown: str, folder: str, rect: QRectF, theme: Theme,
          color: str, *, center: bool = False, flow: bool = False, where: str = "body") -> float:
    """Markdown fitted into `rect`, shrinking the font as needed; with `flow`, text that
    does not fit even at the smallest size continues in a second column. The height
    it took."""
    if not markdown.strip() or rect.height() <= 0:
        return 0.0
    if flow and not center:
        doc, split, column_w = _fit_flow(markdown, folder, rect.width(), rect.height(),
                                         theme.body_largest, theme.min_size)
        if split is not None:
            _draw_doc(painter, doc, rect.left(), rect.top(), color, split, theme, where=where,
                      continued=True)
            _draw_doc(painter, doc, rect.left() + column_w + _COLUMN_GAP, rect.top(), color,
                      rect.height(), theme, where=where, start=split)
            return min(max(split, doc.height - split), rect.height())
    else:
        (doc,) = _fit_markdown((markdown,), folder, rect.width(), rect.height(),
                               theme.body_largest, theme.min_size, center=center)
    _draw_doc(painter, doc, rect.left(), rect.top(), color, rect.height(), theme, where=where)
    return min(doc.height, rect.height())


_COLUMN_GAP = 96.0


def _split_at(doc: _Doc, height: float) -> float | None:
    """Where to cut `doc` into two columns of `height`, between blocks; None if it
    fits in one or does not fit in two."""
    layout = doc.document.documentLayout()
    block = doc.document.begin()
    while block.isValid():
        box = layout.blockBoundingRect(block)
        if box.bottom() > height + 0.5:
            split = box.top()
            return split if 0 < split and doc.height - split <= height else None
        block = block.next()
    return None


@lru_cache(maxsize=32)
def _fit_flow(markdown: str, folder: str, width: float, height: float, largest: int,
              smallest: int) -> tuple[_Doc, float | None, float]:
    """The body in one column if it fits at some size; else in two columns (the
    document, where the second column starts in it, the column width); else one
    column at the smallest size, clipped."""
    (doc,) = _fit_markdown((markdown,), folder, width, height, largest, smallest)
    if doc.height <= height:
        return doc, None, width
    column_w = (width - _COLUMN_GAP) / 2
    for px in sizes(largest, smallest):
        flowed = _build_doc(markdown, folder, column_w, px, bold=False, center=False,
                            image_height=height * 0.62)
        split = _split_at(flowed, height)
        if split is not None:
            return flowed, split, column_w
    return doc, None, width


def _paint_columns(painter: QPainter, scene: SlideScene, theme: Theme) -> None:
    _background(painter, theme.background)
    m = theme.margin
    folder = _folder(scene.deck)
    title = split_title(scene.slide.body)[0]
    left, right = scene.slide.columns
    left_title, left_rest = split_title(left)
    if left_title:
        left = left_rest
    else:
        right_title, right_rest = split_title(right)
        if right_title:
            right = right_rest
    top = _heading(painter, title, folder, m, m, CANVAS_WIDTH - 2 * m, theme)
    gap = 96.0
    column_w = (CANVAS_WIDTH - 2 * m - gap) / 2
    height = CANVAS_HEIGHT - m - top
    texts = tuple(t if t.strip() else " " for t in (left, right))
    docs = _fit_markdown(texts, folder, column_w, height, theme.body_largest, theme.min_size)
    for doc, x in zip(docs, (m, m + column_w + gap)):
        _draw_doc(painter, doc, x, top, theme.text, height, theme, where="column")
    # A quiet divider between the columns.
    tallest = max(min(d.height, height) for d in docs)
    if tallest > 0:
        painter.fillRect(QRectF(m + column_w + gap / 2 - 1.5, top, 3, tallest), qcolor(theme.track))


def _paint_title_slide(painter: QPainter, scene: SlideScene, theme: Theme) -> None:
    _background(painter, theme.background)
    m = theme.margin
    deck = scene.deck
    folder = _folder(deck)
    painter.fillRect(QRectF(0, 0, CANVAS_WIDTH, 16), qcolor(theme.accent))
    title, rest = split_title(scene.slide.body)
    title = title or deck.title
    subtitle = rest if rest.strip() else _inline(deck.subtitle) if deck.subtitle.strip() else ""
    width = CANVAS_WIDTH - 2 * m
    footer = " · ".join(clean(x) for x in (
        deck.facilitator, deck.organisation,
        f"{deck.date.day} {deck.date:%B %Y}" if deck.date else "",
    ) if str(x).strip())
    footer_h = line_height(theme.label_size) + 24 if footer else 0
    room = CANVAS_HEIGHT - 2 * m - footer_h
    (title_doc,) = _fit_markdown((_inline(title),), folder, width, room * 0.6,
                                 theme.title_size, 72, bold=True, center=True)
    sub_doc = None
    if subtitle:
        (sub_doc,) = _fit_markdown((subtitle,), folder, width, room * 0.4 - 96, 52,
                                   theme.min_size, center=True)
    total = min(title_doc.height, room * 0.6) + (48 + 8 + 48 + min(sub_doc.height, room * 0.4 - 96)
                                               if sub_doc else 0)
    y = m + (room - total) / 2
    _draw_doc(painter, title_doc, m, y, theme.text, room * 0.6, theme, where="title")
    y += min(title_doc.height, room * 0.6) + 48
    if sub_doc:
        rounded(painter, QRectF(CANVAS_WIDTH / 2 - 60, y, 120, 8), 4, qcolor(theme.accent))
        y += 8 + 48
        _draw_doc(painter, sub_doc, m, y, theme.muted, room * 0.4 - 96, theme, where="subtitle")
    if footer:
        draw_line(painter, footer, m, CANVAS_HEIGHT - m - line_height(theme.label_size),
                  CANVAS_WIDTH - 2 * m, theme.label_size,
                  qcolor(theme.muted), align="center", where="footer")


def _paint_section(painter: QPainter, scene: SlideScene, theme: Theme) -> None:
    _background(painter, theme.accent)
    m = theme.margin
    folder = _folder(scene.deck)
    title, rest = split_title(scene.slide.body)
    width = CANVAS_WIDTH - 2 * m
    room = CANVAS_HEIGHT - 2 * m
    (title_doc,) = _fit_markdown((_inline(title or scene.deck.title),), folder, width, room * 0.6,
                                 theme.title_size, 72, bold=True, center=True)
    rest_doc = None
    if rest.strip():
        (rest_doc,) = _fit_markdown((rest,), folder, width, room * 0.4 - 96, theme.body_largest,
                                    theme.min_size, center=True)
    title_h = min(title_doc.height, room * 0.6)
    total = title_h + 40 + 8 + (48 + min(rest_doc.height, room * 0.4 - 96) if rest_doc else 0)
    y = m + (room - total) / 2
    _draw_doc(painter, title_doc, m, y, theme.on_accent, room * 0.6, theme, where="title")
    y += title_h + 40
    rounded(painter, QRectF(CANVAS_WIDTH / 2 - 60, y, 120, 8), 4, qcolor(theme.on_accent))
    if rest_doc:
        _draw_doc(painter, rest_doc, m, y + 8 + 48, theme.on_accent, room * 0.4 - 96, theme,
                  where="body")


# -- join ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _qr_path(url: str) -> tuple[QPainterPath, int]:
    """The dark modules of the QR code of `url` as one path, in module units, and the
    number of modules per side (quiet zone included)."""
    matrix = qr_matrix(url)
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                path.addRect(QRectF(start, y, x - start, 1))
            else:
                x += 1
    return path, len(matrix)


def paint_qr(painter: QPainter, url: str, rect: QRectF) -> None:
    """The QR code of `url`, black modules on white with its quiet zone, filling `rect`."""
    path, modules = _qr_path(url)
    painter.save()
    painter.fillRect(rect, QColor(Qt.GlobalColor.white))
    painter.translate(rect.topLeft())
    painter.scale(rect.width() / modules, rect.height() / modules)
    painter.fillPath(path, QColor(Qt.GlobalColor.black))
    painter.restore()


def short_url(url: str) -> str:
    return re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE).rstrip("/")


JOIN_QR_LARGEST = 840.0  # canvas units: a code the back row can scan


def join_qr_rect(scene: SlideScene) -> QRectF:
    """Where the join slide draws its QR code (quiet zone included): under the heading,
    on the left, as large as the room below the heading allows."""
    m = THEME.margin
    title = split_title(scene.slide.body)[0]
    top = _heading_bottom(title, _folder(scene.deck), m, CANVAS_WIDTH - 2 * m, THEME)
    side = min(JOIN_QR_LARGEST, CANVAS_HEIGHT - m - top)
    return QRectF(m, top, side, side)


def _paint_join(painter: QPainter, scene: SlideScene, theme: Theme) -> None:
    _background(painter, theme.background)
    m = theme.margin
    join = scene.join
    folder = _folder(scene.deck)
    title, rest = split_title(scene.slide.body)
    _heading(painter, title, folder, m, m, CANVAS_WIDTH - 2 * m, theme)
    qr = join_qr_rect(scene)
    # A white card with a hairline, so the white quiet zone reads as part of the code.
    rounded(painter, qr.adjusted(-8, -8, 8, 8), 20, qcolor(theme.card_border))
    if join is not None and join.url:
        paint_qr(painter, join.url, qr)
    else:
        rounded(painter, qr, 14, qcolor(theme.panel))
        inset = qr.width() * 0.1
        block = fit(_("The code to join appears when the session starts"), qr.width() - 2 * inset,
                    qr.height() - 2 * inset, sizes(theme.body_size, theme.min_size))
        draw_block(painter, block, qr.left() + inset, qr.center().y() - block.height / 2,
                   qr.width() - 2 * inset, qcolor(theme.muted), "center", where="join placeholder")

    x = qr.right() + m
    width = CANVAS_WIDTH - m - x
    # The address block sits at the bottom of the column, level with the code's bottom;
    # the deck's text has all the room above it.
    address = _join_address(join, width, theme) if join is not None else []
    address_h = sum(b.height + gap for b, _, gap in address)
    address_top = qr.bottom() - address_h
    _body(painter, rest, folder, QRectF(x, qr.top(), width, address_top - 48 - qr.top()), theme,
          theme.text, where="join body")
    y = address_top
    for block, color, gap in address:
        draw_block(painter, block, x, y, width, qcolor(color), where="join address")
        y += block.height + gap


def _join_address(join: JoinInfo, width: float, theme: Theme) -> list[tuple[drawing.TextBlock, str, float]]:
    """The lines that tell a phone where to go: (text, colour, the gap under it)."""
    url = short_url(join.url)
    url_px = next((px for px in sizes(60, theme.min_size)
                   if drawing.metrics(px, True, True).horizontalAdvance(url) <= width), theme.min_size)
    return [
        (wrap(_("Go to"), theme.label_size, width, 1), theme.muted, 4),
        (wrap(url, url_px, width, 2, True, True), theme.text, 24),
        (wrap(_("Code"), theme.label_size, width, 1), theme.muted, 0),
        (wrap(join.code, 112, width, 1, True, True), theme.accent, 20),
        (wrap(ngettext("{count} joined", "{count} joined", join.attendees), theme.body_size, width, 1, True), theme.text, 0),
    ]


# Both overlays live in the margins, which no layout draws content into.
JOIN_BAR_RECT = QRectF(THEME.margin, CANVAS_HEIGHT - 80.0, CANVAS_WIDTH - 2 * THEME.margin, 68.0)
COUNTDOWN_RECT = QRectF(CANVAS_WIDTH - THEME.margin - 300.0, 10.0, 300.0, 76.0)
COUNTDOWN_URGENT = 5  # seconds: from here the pill turns red


def _paint_join_bar(painter: QPainter, join: JoinInfo, theme: Theme, *, over_page: bool = False) -> None:
    """Address, code, a small QR and the count, in one line along the bottom edge.

    Over a trainer's page the bar reaches down to the edge: a footline drawn there (a
    Beamer theme's, a PowerPoint footer) is hidden whole rather than its text peeking
    out cut under the bar."""
    bar = JOIN_BAR_RECT
    rounded(painter, bar, bar.height() / 2, qcolor(theme.card_border))
    rounded(painter, bar.adjusted(2, 2, -2, -2), bar.height() / 2 - 2, qcolor(theme.panel))
    if over_page:  # square from its middle down to the edge: only its top corners rounded
        tab = QRectF(bar.left(), bar.center().y(), bar.width(), CANVAS_HEIGHT - bar.center().y())
        rounded(painter, tab, 0, qcolor(theme.card_border))
        rounded(painter, tab.adjusted(2, 0, -2, 0), 0, qcolor(theme.panel))
    pad = 8.0
    qr_side = bar.height() - 2 * pad
    x = bar.left() + bar.height() / 2
    if join.url:
        paint_qr(painter, join.url, QRectF(x, bar.top() + pad, qr_side, qr_side))
        x += qr_side + 28
    px = theme.label_size
    parts = [
        (_("Join at"), theme.muted, False, "join bar label"),
        (short_url(join.url), theme.text, True, "join bar address"),
        (_("code"), theme.muted, False, "join bar label"),
        (join.code, theme.accent, True, "join bar code"),
    ]
    right = bar.right() - bar.height() / 2
    count = drawing.draw_centered_line(
        painter, ngettext("{count} joined", "{count} joined", join.attendees), QRectF(x, bar.top(), right - x, bar.height()), px,
        qcolor(theme.text), bold=True, align="right", where="join bar count")
    right -= count.width
    for text, color, bold, where in parts:
        block = drawing.draw_centered_line(
            painter, text, QRectF(x, bar.top(), max(0.0, right - 32 - x), bar.height()), px,
            qcolor(color), bold=bold, align="left", where=where)
        x += block.width + (16 if not bold else 36)


def _paint_countdown(painter: QPainter, seconds: int, theme: Theme) -> None:
    """A timed quiz's seconds left, in a pill the room can read: red near the end."""
    seconds = max(0, seconds)
    urgent = seconds <= COUNTDOWN_URGENT
    pill = COUNTDOWN_RECT
    # A light ring and a dark fill read on every background, the accent's included.
    rounded(painter, pill.adjusted(-3, -3, 3, 3), pill.height() / 2 + 3, qcolor(theme.on_accent))
    rounded(painter, pill, pill.height() / 2, qcolor(theme.urgent if urgent else theme.text))
    minutes, rest = divmod(seconds, 60)
    text = f"{minutes}:{rest:02d}" if minutes else _("{seconds} s", seconds=rest)
    drawing.draw_centered_line(painter, text, pill.adjusted(24, 0, -24, 0), theme.countdown_size,
                               qcolor(theme.on_accent), bold=True, where="countdown")


# -- exercises -----------------------------------------------------------------------


def _revealed_layout(painter: QPainter | None, scene: SlideScene, poll: PollResults,
                     theme: Theme) -> QRectF:
    """A revealed result's heading, prompt and caption, and which page of it shows (drawn
    with a painter); the rectangle left for the result."""
    m = theme.margin
    assert poll.tally is not None
    title = split_title(scene.slide.body)[0]
    title = title or _escaped(scene.slide.title) or poll.exercise.title
    folder, width = _folder(scene.deck), CANVAS_WIDTH - 2 * m
    top = (_heading(painter, title, folder, m, m, width, theme) if painter is not None
           else _heading_bottom(title, folder, m, width, theme))
    prompt = fit(poll.exercise.prompt, width, 2 * line_height(theme.body_size),
                 sizes(theme.body_size, theme.min_size))
    y = top + prompt.height + 12
    caption = wrap(charts.caption(poll.tally), theme.label_size, width * _CAPTION_SHARE)
    rect = QRectF(m, y + caption.height + 36, width, CANVAS_HEIGHT - m - (y + caption.height + 36))
    if painter is not None:
        draw_block(painter, prompt, m, top, width, qcolor(theme.text), where="question")
        draw_block(painter, caption, m, y, width, qcolor(theme.muted), where="caption")
        pages = charts.result_pages(rect, poll, theme)
        if pages > 1:  # beside the caption, so that every page keeps all of its room
            draw_line(painter, _("page {page} of {pages}", page=min(scene.page, pages - 1) + 1, pages=pages), m, y, width,
                      theme.label_size, qcolor(theme.muted), align="right", where="page")
    return rect


_CAPTION_SHARE = 0.75  # of the width: the rest is for "page 2 of 3"
_MARKDOWN_MARKS = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def _escaped(text: str) -> str:
    """Plain text (an imported slide's title) as Markdown that shows it as it is."""
    return _MARKDOWN_MARKS.sub(r"\\\1", text)


def result_pages(scene: SlideScene) -> int:
    """How many pages the scene's revealed result takes (1 for anything else)."""
    poll = scene.poll
    if poll is None or not poll.revealed or poll.tally is None or scene.slide.layout is Layout.JOIN:
        return 1
    return charts.result_pages(_revealed_layout(None, scene, poll, THEME), poll, THEME)


def _paint_exercise(painter: QPainter, scene: SlideScene, poll: PollResults, theme: Theme) -> None:
    _background(painter, theme.background)
    if poll.revealed and poll.tally is not None:
        rect = _revealed_layout(painter, scene, poll, theme)
        with drawing.placing("results"):
            charts.paint_results(painter, rect, poll, theme, scene.page)
        return
    m = theme.margin
    exercise = poll.exercise
    folder = _folder(scene.deck)
    title = split_title(scene.slide.body)[0]
    top = _heading(painter, title or exercise.title, folder, m, m,
                   CANVAS_WIDTH - 2 * m, theme)
    width = CANVAS_WIDTH - 2 * m
    bottom = CANVAS_HEIGHT - m
    prompt = fit(exercise.prompt, width, 3 * line_height(56), sizes(64, theme.min_size))
    draw_block(painter, prompt, m, top, width, qcolor(theme.text), where="question")
    area = QRectF(m, top + prompt.height + 56, width, bottom - (top + prompt.height + 56))
    options = charts.running_options(exercise)
    if options:
        panel_w = 640.0
        _paint_option_list(painter, QRectF(area.left(), area.top(), area.width() - panel_w - 56,
                                           area.height()), options, theme)
        panel = QRectF(area.right() - panel_w, area.top(), panel_w, area.height())
    else:
        panel_w = min(1100.0, area.width())
        panel = QRectF(CANVAS_WIDTH / 2 - panel_w / 2, area.top(), panel_w, min(area.height(), 460))
    _paint_answer_panel(painter, panel, scene, poll, theme)


def _paint_option_list(painter: QPainter, rect: QRectF, options: tuple[str, ...], theme: Theme) -> None:
    """The options of a running poll (never their counts), in two columns past six."""
    columns = 1 if len(options) <= 6 else 2
    per_column = -(-len(options) // columns)
    gap = 16.0 if per_column <= 5 else 10.0
    column_w = (rect.width() - gap * 2 * (columns - 1)) / columns
    row_h = min(140.0, (rect.height() - gap * (per_column - 1)) / per_column)
    pad = 28.0
    blocks = drawing.fit_all(list(options), column_w - 2 * pad, row_h - 12,
                             sizes(theme.body_size, theme.min_size), max_lines=3)
    for i, block in enumerate(blocks):
        column, position = divmod(i, per_column)
        row = QRectF(rect.left() + column * (column_w + 2 * gap), rect.top() + position * (row_h + gap),
                     column_w, row_h)
        rounded(painter, row, 16, qcolor(theme.card))
        painter.setPen(qcolor(theme.card_border))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(row.adjusted(1, 1, -1, -1), 16, 16)
        draw_block(painter, block, row.left() + pad, row.center().y() - block.height / 2,
                   row.width() - 2 * pad, qcolor(theme.text), where="option")


# The answer panel's sizes, roomiest first: (headline, count, padding) in canvas units.
_PANEL_SIZES = ((THEME.body_size, 72, 40.0), (44, 60, 28.0), (THEME.min_size, 48, 20.0))


def _paint_answer_panel(painter: QPainter, panel: QRectF, scene: SlideScene, poll: PollResults,
                        theme: Theme) -> None:
    """'Answer on your phone' with the response count: never the results. Shrunk as a
    whole until it fits the panel's height."""
    if poll.open:
        headline = _("Answer on your phone")
    elif poll.responses:
        headline = _("Poll closed")
    else:
        headline = _("Get your phone ready")
    for headline_px, count_px, pad in _PANEL_SIZES:
        inner = panel.width() - 2 * pad
        lines = [
            (wrap(charts.kind_hint(poll.exercise), theme.label_size, inner, 2, True), theme.accent,
             pad / 2),
            (wrap(headline, headline_px, inner, 2, True), theme.text, pad / 2),
            (fit(charts.responses_text(poll.exercise.kind, poll.responses), inner,
                 line_height(count_px, True), sizes(count_px, theme.min_size, 4), max_lines=1,
                 bold=True), theme.accent, pad / 2),
        ]
        if scene.join is not None and scene.join_bar is None:  # the bar has the address
            lines.append((fit(short_url(scene.join.url), inner, 2 * line_height(theme.label_size),
                              sizes(theme.label_size, theme.min_size, 1), max_lines=2, mono=True),
                          theme.muted, 0))
        total = sum(b.height + gap for b, _, gap in lines)
        if total + 2 * pad <= panel.height():
            break
    else:
        drawing.record_left_out([headline], "answer panel")  # taller than its panel
    box = QRectF(panel.left(), panel.top(), panel.width(), min(panel.height(), total + 2 * pad))
    rounded(painter, box, 28, qcolor(theme.panel))
    y = box.center().y() - total / 2
    for block, color, gap in lines:
        draw_block(painter, block, box.left() + pad, y, inner, qcolor(color), "center",
                   where="answer panel")
        y += block.height + gap


__all__ = [
    "ANSWER_COUNT_RECT", "ASPECT", "Blank", "JoinInfo", "SlideScene", "SlideView",
    "join_qr_rect", "paint_scene", "render_image", "result_pages", "slide_rect",
]
