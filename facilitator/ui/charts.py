"""The results visuals of the audience window, and the words around them, per kind.

Each kind's chart is found through `CHARTS`: the one place in the UI that knows a kind.
Everything paints on the slide's canvas (1920 x 1080 units; `render.py` sets up the
transform) and draws attendee text only through `drawing` (plain text, never markup).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from facilitator.core import palette
from facilitator.core.exercise import (
    ChoiceExercise, Exercise, Kind, QuizExercise, ScaleExercise, WordCloudExercise,
)
from facilitator.core.results import PollResults
from facilitator.core.store import Item
from facilitator.core.tally import (
    BoardTally, ChoiceTally, LeaderboardEntry, OptionCount, QuizTally, ScaleRow, ScaleTally,
    Tally, WordCloudTally,
)

from .drawing import (
    TextBlock, clean, draw_block, draw_centered_line, draw_line, fit, fit_all, line_height,
    metrics, qcolor, record_left_out, rounded, sizes, wrap,
)
from .theme import Theme
from .words import _, ngettext, words

LEADERBOARD_SHOWN = 5  # of the top scores, beside a quiz's answers or on a page of their own
BOARD_FIRST_PAGE = 5  # the notes read out the top five: a board's text is sized to show them first
LOWEST_MARKED = 2  # the notes point out a scale's two lowest statements

# A revealed result draws on one page; a long board or many statements on several, turned
# with the next-slide key. `paint` draws page `page` (0 first) of `pages(rect, ...)`.
Paint = Callable[[QPainter, QRectF, PollResults, Theme, int], None]


def _one_page(rect: QRectF, results: PollResults, theme: Theme) -> int:
    return 1


@dataclass(frozen=True)
class KindChart:
    """What the audience window draws for one kind of exercise."""

    hint: Callable[[Exercise], str]  # how to answer, above the live response count
    options: Callable[[Exercise], tuple[str, ...]]  # listed while the poll runs
    caption: Callable[[Tally], str]  # the short line above a revealed result
    paint: Paint  # one page of the revealed result
    pages: Callable[[QRectF, PollResults, Theme], int] = _one_page  # what fits the rect


def responses_text(kind: Kind, responses: int) -> str:
    """'12 answers', or for boards '5 people posted'."""
    if kind.is_board:
        return ngettext("{count} person posted", "{count} people posted", responses)
    return ngettext("{count} answer", "{count} answers", responses)


def kind_hint(exercise: Exercise) -> str:
    return CHARTS[exercise.kind].hint(exercise)


def running_options(exercise: Exercise) -> tuple[str, ...]:
    return CHARTS[exercise.kind].options(exercise)


def caption(tally: Tally) -> str:
    return CHARTS[tally.kind].caption(tally)


def result_pages(rect: QRectF, results: PollResults, theme: Theme) -> int:
    """How many pages a revealed result takes in `rect`: 1 unless every text, whole and
    at a readable size, needs more room than one page has."""
    return CHARTS[results.kind].pages(rect, results, theme)


def paint_results(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme,
                  page: int = 0) -> None:
    """Draw page `page` of a revealed result in `rect` (the last one if there are fewer)."""
    pages = result_pages(rect, results, theme)
    CHARTS[results.kind].paint(painter, rect, results, theme, max(0, min(page, pages - 1)))


def _no_options(exercise: Exercise) -> tuple[str, ...]:
    return ()


def _options(exercise: ChoiceExercise | QuizExercise) -> tuple[str, ...]:
    return exercise.options


def _answers_caption(tally: Tally) -> str:
    return ngettext("{count} answer", "{count} answers", tally.responses)


def _empty(painter: QPainter, rect: QRectF, text: str, theme: Theme) -> None:
    draw_centered_line(painter, text, rect, theme.body_size, qcolor(theme.muted))


# -- pages ---------------------------------------------------------------------------

def _paginate(heights: Sequence[float], room: float, gap: float) -> tuple[tuple[int, ...], ...]:
    """The indexes of the items on each page, in order, as many as fit `room` on each
    (an item taller than a page gets a page of its own)."""
    pages: list[tuple[int, ...]] = []
    page: list[int] = []
    used = 0.0
    for index, height in enumerate(heights):
        needed = used + gap + height if page else height
        if page and needed > room:
            pages.append(tuple(page))
            page, needed = [], height
        page.append(index)
        used = needed
    if page:
        pages.append(tuple(page))
    return tuple(pages) or ((),)


@dataclass(frozen=True)
class PlacedText:
    """One of a result's texts (a post, a statement) on its page: wrapped whole."""

    index: int  # in the result's order: the post or statement it is
    text: TextBlock
    top: float  # from the top of the page
    height: float  # of its row or card, the text and what goes beside it


def _texts_in_pages(
    texts: Sequence[str], width: float, room: float, theme: Theme, *,
    height_of: Callable[[int, TextBlock], float], inset: float, first: int, gap: float,
) -> tuple[tuple[PlacedText, ...], ...]:
    """Texts wrapped whole to `width` at one size, the largest at which the first `first`
    of them share a page of `room` (else the smallest), in pages: as many as fit each.
    `height_of(index, text)` is the height of the row that holds a text, at least `inset`
    more than the text."""
    for px in sizes(theme.body_size, theme.min_size):
        lines = max(1, int((room - inset) // line_height(px)))
        blocks = [wrap(text, px, width, lines) for text in texts]
        heights = [height_of(index, block) for index, block in enumerate(blocks)]
        if (not any(block.elided for block in blocks)
                and sum(heights[:first]) + gap * (first - 1) <= room):
            break
    pages = []
    for page in _paginate(heights, room, gap):
        top, placed = 0.0, []
        for index in page:
            placed.append(PlacedText(index, blocks[index], top, heights[index]))
            top += heights[index] + gap
        pages.append(tuple(placed))
    return tuple(pages)


# choice and quiz


def _choice_hint(exercise: ChoiceExercise) -> str:
    if exercise.kind is Kind.MULTIPLE_CHOICE:
        return (_("Choose all that apply") if exercise.max_choices >= len(exercise.options)
                else ngettext("Choose up to {count}", "Choose up to {count}", exercise.max_choices))
    return _("Choose one")


def _paint_choice(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme,
                  page: int) -> None:
    assert isinstance(results.tally, ChoiceTally)
    paint_bars(painter, rect, results.tally.options, theme)


def _quiz_hint(exercise: QuizExercise) -> str:
    if exercise.time_limit:
        return _("Quiz · {seconds} s to answer", seconds=exercise.time_limit)
    return _("Quiz · answers are final")


def _quiz_caption(tally: QuizTally) -> str:
    return ngettext("{correct} of {count} answer correct", "{correct} of {count} answers correct",
                    tally.respondents, correct=tally.correct_count)


@dataclass(frozen=True)
class _Bars:
    """Where bars go in a rect: the rows and their labels, at one size."""

    row_h: float
    gap: float
    label_w: float
    labels: tuple[TextBlock, ...]

    @property
    def fits(self) -> bool:
        return not any(block.elided for block in self.labels)

    @property
    def px(self) -> int:
        return min((block.px for block in self.labels), default=0)


def _bars(options: Sequence[OptionCount], rect: QRectF, theme: Theme, quiz: bool) -> _Bars:
    n = max(1, len(options))
    gap = 18.0 if n <= 6 else 8.0
    row_h = min(120.0, (rect.height() - gap * (n - 1)) / n)
    label_w = rect.width() * 0.4
    labels = [("✓ " if quiz and o.correct else "") + clean(o.label) for o in options]
    # Measured in bold when a quiz shows its right answer in bold: all share one size.
    blocks = fit_all(labels, label_w, row_h, sizes(theme.body_size, theme.min_size),
                     max_lines=2, bold=quiz)
    if quiz:  # the right answers in bold, the others regular, at the size found
        lines = max(1, min(2, int(row_h // line_height(blocks[0].px, True)))) if blocks else 1
        blocks = [wrap(text, block.px, label_w, lines, option.correct)
                  for text, block, option in zip(labels, blocks, options)]
    return _Bars(row_h, gap, label_w, tuple(blocks))


def paint_bars(
    painter: QPainter, rect: QRectF, options: Sequence[OptionCount], theme: Theme,
    *, quiz: bool = False,
) -> None:
    """Horizontal bars: label, bar on a 0-100 % track, count and percentage."""
    if not options:
        return
    bars = _bars(options, rect, theme, quiz)
    row_h, label_w = bars.row_h, bars.label_w
    number_w = 210.0
    bar_x = rect.left() + label_w + 32
    bar_w = max(40.0, rect.right() - number_w - 24 - bar_x)
    bar_h = max(14.0, min(56.0, row_h * 0.55))
    number_px = max(theme.min_size, min(40, int(row_h * 0.6)))
    for i, (option, block) in enumerate(zip(options, bars.labels)):
        top = rect.top() + i * (row_h + bars.gap)
        middle = top + row_h / 2
        if quiz:
            fill = qcolor(theme.correct if option.correct else theme.wrong)
            ink = qcolor(theme.correct if option.correct else theme.muted)
        else:
            fill = qcolor(theme.accent)
            ink = qcolor(theme.text)
        draw_block(painter, block, rect.left(), middle - block.height / 2, label_w, ink,
                   where="option")
        track = QRectF(bar_x, middle - bar_h / 2, bar_w, bar_h)
        rounded(painter, track, bar_h / 4, qcolor(theme.track))
        share = max(0.0, min(1.0, option.percent / 100.0))
        if share > 0:
            rounded(painter, QRectF(bar_x, track.top(), max(bar_h / 2, bar_w * share), bar_h),
                    bar_h / 4, fill)
        number = f"{words().number(option.count)} · {words().percent(option.percent / 100)}"
        number_rect = QRectF(rect.right() - number_w, top, number_w, row_h)
        draw_centered_line(painter, number, number_rect, number_px,
                           ink if quiz else qcolor(theme.text), bold=True, align="right")


_EXPLANATION_GAP = 40.0
_EXPLANATION_INDENT = 36.0
_QUIZ_ROW = 92.0  # a quiz's bar rows at most, so that a short quiz leaves room below
_LABELS_BELOW_EXPLANATION = 8  # px: how much smaller than the explanation the answers may be


@dataclass(frozen=True)
class _QuizLayout:
    bars: QRectF
    board: QRectF | None  # the top scores beside the answers; None when on a page of their own
    entries: tuple[tuple[LeaderboardEntry, TextBlock], ...]  # the top scores shown, names wrapped
    explanation: TextBlock | None  # below the answers and the scores, across the width
    fits: bool  # every label, the explanation and the top scores whole

    @property
    def pages(self) -> int:
        return 1 if self.board is not None or not self.entries else 2


def _quiz_layout(rect: QRectF, tally: QuizTally, board: Sequence[LeaderboardEntry],
                 theme: Theme) -> _QuizLayout:
    """The answers, the explanation whole below them at the largest size at which every
    label still fits, and the top scores beside the answers; top scores that do not fit
    whole beside them (long names) get the next page to themselves."""
    beside = _quiz_page(rect, tally, board, theme)
    if beside.fits or not board:
        return beside
    entries = _leaderboard_entries(board, rect.width(), rect.height(), theme)
    return replace(_quiz_page(rect, tally, (), theme), board=None, entries=entries)


def _quiz_page(rect: QRectF, tally: QuizTally, board: Sequence[LeaderboardEntry],
               theme: Theme) -> _QuizLayout:
    explanation = clean(tally.explanation)
    panel_w = min(600.0, rect.width() * 0.36) if board else 0.0
    bars_w = rect.width() - panel_w - (56 if board else 0)
    natural = len(tally.options) * _QUIZ_ROW
    layout = None
    for px in sizes(theme.body_size, theme.min_size):
        block = (wrap(explanation, px, rect.width() - _EXPLANATION_INDENT, 99)
                 if explanation else None)
        room = rect.height() - (block.height + _EXPLANATION_GAP if block else 0)
        bars = QRectF(rect.left(), rect.top(), bars_w, max(0.0, min(natural, room)))
        panel = (QRectF(rect.right() - panel_w, rect.top(), panel_w, max(0.0, room))
                 if board else None)
        entries = _leaderboard_entries(board, panel_w, panel.height(), theme) if panel else ()
        labels = _bars(tally.options, bars, theme, True)
        # The answers stay about as large as the explanation under them.
        fits = (room > 0 and labels.fits and labels.px >= px - _LABELS_BELOW_EXPLANATION
                and len(entries) == len(board)
                and not any(name.elided for _, name in entries))
        layout = _QuizLayout(bars, panel, entries, block, fits)
        if fits:
            break
    assert layout is not None
    return layout


def _quiz_pages(rect: QRectF, results: PollResults, theme: Theme) -> int:
    assert isinstance(results.tally, QuizTally)
    return _quiz_layout(rect, results.tally, results.leaderboard[:LEADERBOARD_SHOWN], theme).pages


def paint_quiz(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme,
               page: int) -> None:
    """The options with the right one(s) in green, the top scores beside them and the
    explanation, whole, below both; or the top scores on a second page."""
    tally = results.tally
    assert isinstance(tally, QuizTally)
    layout = _quiz_layout(rect, tally, results.leaderboard[:LEADERBOARD_SHOWN], theme)
    if page == 1:
        paint_leaderboard(painter, rect, layout.entries, theme)
        return
    paint_bars(painter, layout.bars, tally.options, theme, quiz=True)
    used = layout.bars.height()
    if layout.board is not None:
        used = max(used, paint_leaderboard(painter, layout.board, layout.entries, theme))
    block = layout.explanation
    if block is not None:
        top = rect.top() + used + _EXPLANATION_GAP
        rounded(painter, QRectF(rect.left(), top - 4, 8, block.height + 8), 4,
                qcolor(theme.correct))
        draw_block(painter, block, rect.left() + _EXPLANATION_INDENT, top,
                   rect.width() - _EXPLANATION_INDENT, qcolor(theme.text), where="explanation")


_BOARD_PAD = 28.0
_HEADER_PX = 36
_RANK_W = 64.0
_POINTS_W = 130.0


def _leaderboard_entries(
    entries: Sequence[LeaderboardEntry], width: float, height: float, theme: Theme,
) -> tuple[tuple[LeaderboardEntry, TextBlock], ...]:
    """The top scores that fit whole in a panel of width x height, each name wrapped in
    full at one size: the largest at which every entry fits (two lines a name at most, three
    at the smallest size), else as many as fit at the smallest."""
    name_w = width - 2 * _BOARD_PAD - _RANK_W - _POINTS_W - 12
    room = height - 2 * _BOARD_PAD - line_height(_HEADER_PX, True) - 16
    shown: list[tuple[LeaderboardEntry, TextBlock]] = []
    for px in sizes(_HEADER_PX, theme.min_size):
        lines = 3 if px == theme.min_size else 2
        blocks = [wrap(entry.name, px, name_w, lines) for entry in entries]
        if any(block.elided for block in blocks):
            continue
        left, shown = room, []
        for entry, block in zip(entries, blocks):
            left -= _leaderboard_row_height(block)
            if left < 0:
                break
            shown.append((entry, block))
        if len(shown) == len(entries):
            break
    return tuple(shown)


def _leaderboard_row_height(name: TextBlock) -> float:
    return max(name.height, line_height(name.px, True)) + 10


def paint_leaderboard(
    painter: QPainter, rect: QRectF, entries: Sequence[tuple[LeaderboardEntry, TextBlock]],
    theme: Theme,
) -> float:
    """The top scores on a panel at the top of `rect`; the height it took."""
    pad = _BOARD_PAD
    rows_h = sum(_leaderboard_row_height(name) for _, name in entries)
    height = 2 * pad + line_height(_HEADER_PX, True) + 16 + rows_h
    panel = QRectF(rect.left(), rect.top(), rect.width(), min(rect.height(), height))
    rounded(painter, panel, 24, qcolor(theme.panel))
    inner_w = panel.width() - 2 * pad
    header = draw_line(painter, _("Top scores"), panel.left() + pad, panel.top() + pad, inner_w,
                       _HEADER_PX, qcolor(theme.muted), bold=True)
    y = panel.top() + pad + header.height + 16
    for entry, name in entries:
        row_h = _leaderboard_row_height(name)
        row = QRectF(panel.left() + pad, y, inner_w, row_h)
        first_line = QRectF(row.left(), y + (row_h - name.height) / 2, row.width(), name.line_height)
        draw_centered_line(painter, words().number(entry.rank), QRectF(row.left(), first_line.top(), _RANK_W,
                                                           first_line.height()),
                           name.px, qcolor(theme.accent), bold=True, align="left")
        draw_block(painter, name, row.left() + _RANK_W, first_line.top(),
                   inner_w - _RANK_W - _POINTS_W - 12, qcolor(theme.text), where="name")
        draw_centered_line(painter, words().number(entry.points),
                           QRectF(row.right() - _POINTS_W, first_line.top(), _POINTS_W,
                                  first_line.height()),
                           name.px, qcolor(theme.text), bold=True, align="right")
        y += row_h
    return panel.height()


# scale


def _scale_hint(exercise: ScaleExercise) -> str:
    if exercise.statements:
        return ngettext("Rate {count} statement from {low} to {high}",
                        "Rate {count} statements from {low} to {high}", len(exercise.statements),
                        low=exercise.min, high=exercise.max)
    return _("Rate from {low} ({low_label}) to {high} ({high_label})", low=exercise.min,
             low_label=exercise.min_label, high=exercise.max, high_label=exercise.max_label)


def _has_statements(results: PollResults) -> bool:
    tally = results.tally
    assert isinstance(tally, ScaleTally) and isinstance(results.exercise, ScaleExercise)
    return (bool(results.exercise.statements) or len(tally.rows) > 1
            or bool(tally.rows and tally.rows[0].statement))


def _scale_caption(tally: ScaleTally) -> str:
    if len(tally.rows) > 1 or any(r.statement for r in tally.rows):
        return ngettext("{count} answer · {low} = {low_label}, {high} = {high_label}",
                        "{count} answers · {low} = {low_label}, {high} = {high_label}",
                        tally.respondents, low=tally.min, low_label=clean(tally.min_label),
                        high=tally.max, high_label=clean(tally.max_label))
    return _answers_caption(tally)


def paint_scale(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme,
                page: int) -> None:
    """Statements each with its spread and average, or one question's histogram."""
    assert isinstance(results.tally, ScaleTally)
    if _has_statements(results):
        paint_statements(painter, rect, results.tally, theme, page)
    else:
        paint_histogram(painter, rect, results.tally, theme)


def _scale_pages(rect: QRectF, results: PollResults, theme: Theme) -> int:
    assert isinstance(results.tally, ScaleTally)
    if not _has_statements(results):
        return 1
    return len(statement_pages(results.tally, rect.width(), rect.height(), theme))


def _average_text(average: float | None) -> str:
    return "–" if average is None else words().number(average, places=1)


def paint_histogram(painter: QPainter, rect: QRectF, tally: ScaleTally, theme: Theme) -> None:
    """One scale question: how many gave each rating, the end labels, the average."""
    row = tally.rows[0] if tally.rows else None
    distribution = row.distribution if row else ()
    panel_w = 420.0
    chart = QRectF(rect.left(), rect.top(), rect.width() - panel_w - 72, rect.height())
    panel = QRectF(rect.right() - panel_w, rect.top(), panel_w, rect.height())

    # the average, large
    rounded(painter, panel, 28, qcolor(theme.panel))
    big = fit(_average_text(row.average if row else None), panel_w - 48, panel.height() * 0.5,
              (180, 160, 140, 120, 100, 80), max_lines=1, bold=True)
    label = wrap(_("average, {low} to {high}", low=tally.min, high=tally.max), 36, panel_w - 48, 2)
    total = big.height + 8 + label.height
    top = panel.center().y() - total / 2
    draw_block(painter, big, panel.left() + 24, top, panel_w - 48, qcolor(theme.accent), "center")
    draw_block(painter, label, panel.left() + 24, top + big.height + 8, panel_w - 48,
               qcolor(theme.muted), "center")

    if not distribution:
        return
    k = len(distribution)
    count_px, rating_px, end_px = 36, 40, max(32, theme.min_size)
    bottom_labels = line_height(rating_px, True) + 12 + line_height(end_px) + 8
    base_y = chart.bottom() - bottom_labels
    top_y = chart.top() + line_height(count_px, True) + 12
    slot = chart.width() / k
    bar_w = min(slot * 0.62, 200.0)
    most = max((n for _, n in distribution), default=0) or 1
    painter.setPen(Qt.PenStyle.NoPen)
    for i, (rating, count) in enumerate(distribution):
        cx = chart.left() + slot * (i + 0.5)
        height = (base_y - top_y) * count / most
        if count:
            rounded(painter, QRectF(cx - bar_w / 2, base_y - height, bar_w, height), 10,
                    qcolor(theme.accent))
        draw_line(painter, words().number(count), cx - slot / 2, base_y - height - line_height(count_px, True) - 8,
                  slot, count_px, qcolor(theme.text), bold=True, align="center")
        draw_line(painter, words().number(rating), cx - slot / 2, base_y + 12, slot, rating_px,
                  qcolor(theme.text), bold=True, align="center")
    painter.fillRect(QRectF(chart.left(), base_y, chart.width(), 3), qcolor(theme.track))
    ends_y = base_y + 12 + line_height(rating_px, True) + 4
    half = chart.width() / 2 - 12
    draw_line(painter, tally.min_label, chart.left(), ends_y, half, end_px, qcolor(theme.muted))
    draw_line(painter, tally.max_label, chart.right() - half, ends_y, half, end_px,
              qcolor(theme.muted), align="right")


_LEGEND_GAP = 20.0
_ROW_PAD = 6.0  # around a statement's row, inside the panel that marks the lowest
_ROW_GAP = 6.0
_SEGMENTS_H = 44.0
_AVERAGE_W = 130.0


def _statement_width(width: float) -> float:
    return width * 0.65


@lru_cache(maxsize=32)
def statement_pages(tally: ScaleTally, width: float, height: float,
                    theme: Theme) -> tuple[tuple[PlacedText, ...], ...]:
    """A scale's statements, lowest average first (each `index` is into
    `tally.lowest_first()`), in pages of what fits below the legend: every statement
    whole, at one size, the largest at which all share one page."""
    rows = tally.lowest_first()
    return _texts_in_pages(
        [row.statement for row in rows], _statement_width(width),
        height - line_height(theme.min_size) - _LEGEND_GAP, theme,
        height_of=lambda index, text: max(text.height, _SEGMENTS_H) + 2 * _ROW_PAD,
        inset=2 * _ROW_PAD, first=len(rows), gap=_ROW_GAP)


def _marked_lowest(rows: Sequence[ScaleRow]) -> int:
    """How many of the statements, lowest first, are marked: LOWEST_MARKED of those rated."""
    return min(LOWEST_MARKED, sum(row.average is not None for row in rows))


def _is_dark(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _paint_scale_legend(painter: QPainter, rect: QRectF, tally: ScaleTally, theme: Theme) -> float:
    """The colour of each point, then how the rows are ordered: one line, its height."""
    px = theme.min_size
    h = line_height(px)
    colours = palette.scale_colours(tally.max - tally.min + 1)
    x = rect.left()
    swatch = h * 0.7
    for point, colour in zip(range(tally.min, tally.max + 1), colours):
        rounded(painter, QRectF(x, rect.top() + (h - swatch) / 2, swatch, swatch), 6, qcolor(colour))
        x += swatch + 8
        label = draw_line(painter, words().number(point), x, rect.top(), rect.right() - x, px,
                          qcolor(theme.text), bold=True)
        x += label.width + 28
    order = (ngettext("lowest average first, the {count} lowest marked",
                      "lowest average first, the {count} lowest marked", LOWEST_MARKED)
             if len(tally.rows) > LOWEST_MARKED else _("lowest average first"))
    draw_line(painter, order, x + 12, rect.top(), rect.right() - x - 12, px, qcolor(theme.muted))
    return h


def paint_statements(painter: QPainter, rect: QRectF, tally: ScaleTally, theme: Theme,
                     page: int = 0) -> None:
    """Several statements on one scale, a Likert chart: each statement with a bar split
    into one segment per point (how many gave it, from disagree to agree) and its average;
    lowest first, the lowest marked."""
    pages = statement_pages(tally, rect.width(), rect.height(), theme)
    rows = tally.lowest_first()
    marked = _marked_lowest(rows)
    legend_h = _paint_scale_legend(painter, rect, tally, theme)
    area_top = rect.top() + legend_h + _LEGEND_GAP
    text_w = _statement_width(rect.width())
    bar_x = rect.left() + text_w + 32
    bar_w = rect.right() - _AVERAGE_W - 24 - bar_x
    colours = palette.scale_colours(tally.max - tally.min + 1)
    for placed in pages[page]:
        row, lowest = rows[placed.index], placed.index < marked
        box = QRectF(rect.left() - _ROW_PAD, area_top + placed.top,
                     rect.width() + 2 * _ROW_PAD, placed.height)
        if lowest:
            rounded(painter, box, 14, qcolor(theme.panel))
        middle = box.center().y()
        draw_block(painter, placed.text, rect.left(), middle - placed.text.height / 2, text_w,
                   qcolor(theme.text), where="statement")
        bar = QRectF(bar_x, middle - _SEGMENTS_H / 2, bar_w, _SEGMENTS_H)
        _paint_segments(painter, bar, row, colours, theme)
        number = QRectF(rect.right() - _AVERAGE_W, bar.top(), _AVERAGE_W, bar.height())
        draw_centered_line(painter, _average_text(row.average), number, 44,
                           qcolor(palette.DISAGREE if lowest else theme.accent),
                           bold=True, align="right")


def _paint_segments(painter: QPainter, bar: QRectF, row: ScaleRow, colours: Sequence[str],
                    theme: Theme) -> None:
    """The bar of one statement: a segment per point as wide as its share of the
    answers, its count inside where the count fits whole."""
    if not row.count:
        rounded(painter, bar, 8, qcolor(theme.track))
        return
    x = bar.left()
    px = theme.min_size
    for (_, count), colour in zip(row.distribution, colours):
        if not count:
            continue
        width = bar.width() * count / row.count
        segment = QRectF(x, bar.top(), width, bar.height())
        painter.fillRect(segment, qcolor(colour))
        label = str(count)
        if metrics(px, True).horizontalAdvance(label) + 12 <= width:
            draw_centered_line(painter, label, segment, px,
                               qcolor(theme.on_accent if _is_dark(colour) else theme.text),
                               bold=True)
        x += width


# word cloud


def _word_cloud_hint(exercise: WordCloudExercise) -> str:
    if exercise.max_entries == 1:
        return _("Send a word")
    return ngettext("Send up to {count} word", "Send up to {count} words", exercise.max_entries)


def _word_cloud_caption(tally: WordCloudTally) -> str:
    return _("{posts} from {people}", posts=ngettext("{count} word", "{count} words", len(tally.words)),
             people=ngettext("{count} person", "{count} people", tally.respondents))


@dataclass(frozen=True)
class PlacedWord:
    text: str
    px: int
    x: float  # left of the text
    y: float  # top of the line box
    width: float
    height: float
    color: int  # the word's rank (0 the most frequent), which picks its colour


@lru_cache(maxsize=16)
def cloud_layout(
    words: tuple[tuple[str, int], ...], width: float, height: float,
    largest: int = 120, smallest: int = 32,
) -> tuple[PlacedWord, ...]:
    """Words (most frequent first) sized by frequency and packed in centred rows: the
    row of the largest words in the middle, the next rows alternately above and below,
    and in each row the largest word in the middle. Rows never overlap and every word
    lies inside width x height; what does not fit even at the smallest size is left out.
    """
    words = tuple((clean(text), count) for text, count in words if clean(text))
    if not words:
        return ()
    top, low = max(c for _, c in words), min(c for _, c in words)
    gap_x, gap_y = 36.0, 6.0
    scale = 1.0
    for _attempt in range(14):
        wanted = []
        for text, count in words:
            share = 1.0 if top == low else (count - low) / (top - low)
            base = (smallest + (largest - smallest) * math.sqrt(share)) if top != low else 64
            px = max(smallest, int(base * scale))
            advance = metrics(px, True).horizontalAdvance(text)
            if advance > width:  # a very long entry: shrink it to the width
                px = max(smallest, int(px * width / advance))
                advance = metrics(px, True).horizontalAdvance(text)
            wanted.append((text, px, min(advance, width), line_height(px, True)))
        rows: list[list[tuple[str, int, float, float, int]]] = []
        used = 0.0
        for rank, (text, px, advance, h) in enumerate(wanted):
            if rows and used + gap_x + advance <= width:
                rows[-1].append((text, px, advance, h, rank))
                used += gap_x + advance
            else:
                rows.append([(text, px, advance, h, rank)])
                used = advance
        heights = [max(w[3] for w in row) for row in rows]
        total = sum(heights) + gap_y * (len(rows) - 1)
        if total <= height or scale <= smallest / largest:
            break
        scale *= 0.88
    # Drop the rows of the rarest words that still do not fit.
    while len(rows) > 1 and total > height:
        rows.pop()
        heights.pop()
        total = sum(heights) + gap_y * (len(rows) - 1)
    # Row order: 0 in the middle, then 1 above, 2 below, 3 above...
    order: list[int] = []
    for index in range(len(rows)):
        if index % 2:
            order.insert(0, index)
        else:
            order.append(index)
    placed = []
    y = (height - total) / 2
    for index in order:
        row, row_h = rows[index], heights[index]
        arranged: list[tuple[str, int, float, float, int]] = []
        for position, word in enumerate(row):  # largest in the middle
            if position % 2:
                arranged.insert(0, word)
            else:
                arranged.append(word)
        row_w = sum(w[2] for w in arranged) + gap_x * (len(arranged) - 1)
        x = (width - row_w) / 2
        for text, px, advance, h, rank in arranged:
            placed.append(PlacedWord(text, px, x, y + (row_h - h) / 2, advance, h, rank))
            x += advance + gap_x
        y += row_h + gap_y
    return tuple(placed)


def paint_word_cloud(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme,
                     page: int) -> None:
    tally = results.tally
    assert isinstance(tally, WordCloudTally)
    words = tuple((w.text, w.count) for w in tally.words)
    smallest = max(theme.cloud_smallest, theme.min_size)
    layout = cloud_layout(words, rect.width(), rect.height(), theme.cloud_largest, smallest)
    if not layout:
        _empty(painter, rect, _("No words yet"), theme)
        return
    colors = theme.cloud
    for word in layout:
        block = wrap(word.text, word.px, word.width + 1, 1, True)
        color = colors[0] if word.color == 0 else colors[1 + (word.color - 1) % (len(colors) - 1)]
        draw_block(painter, block, rect.left() + word.x, rect.top() + word.y, word.width + 1,
                   qcolor(color), where="word")
    # The rarest words that found no room even at the smallest size are cut: say so.
    placed = {word.color for word in layout}
    record_left_out([text for rank, (text, _) in enumerate(words) if rank not in placed], "word")


# ideas and questions


def _board_caption(tally: BoardTally) -> str:
    posts = (ngettext("{count} idea", "{count} ideas", len(tally.items)) if tally.kind is Kind.IDEAS
             else ngettext("{count} question", "{count} questions", len(tally.items)))
    # One sentence of two counts: each is said with its own plural form.
    return _("{posts} from {people}", posts=posts,
             people=ngettext("{count} person", "{count} people", tally.authors))


_CARD_PAD = 12.0
_CARD_GAP = 10.0
_STRIPE_W = 12.0
_VOTES_MIN_W = 210.0  # "▲ 999" at _VOTES_PX
_VOTES_PX = 40


def _answered_mark() -> str:
    return _("✓ answered")


def _votes_width(theme: Theme) -> float:
    """The votes column: "▲ 999" and, under it, the answered mark whole at the smallest
    size; the mark is longer in some languages than in English."""
    return max(_VOTES_MIN_W, math.ceil(metrics(theme.min_size).horizontalAdvance(_answered_mark())) + 2)


def _card_text_width(width: float, votes_w: float) -> float:
    return width - 2 * _CARD_PAD - _STRIPE_W - 14 - votes_w - 12


def _card_height(text: TextBlock, item: Item, theme: Theme) -> float:
    votes = line_height(_VOTES_PX, True) + (line_height(theme.min_size) if item.answered else 0)
    return max(text.height, votes) + 2 * _CARD_PAD


@lru_cache(maxsize=32)
def board_pages(items: tuple[Item, ...], width: float, height: float, theme: Theme,
                votes_w: float) -> tuple[tuple[PlacedText, ...], ...]:
    """A board's posts, most upvoted first, in pages of cards that fit width x height
    beside a votes column `votes_w` wide: every text whole, wrapped at one size for the
    whole board, the largest at which the top BOARD_FIRST_PAGE share the first page."""
    if not items:
        return ((),)
    return _texts_in_pages(
        [item.text for item in items], _card_text_width(width, votes_w), height, theme,
        height_of=lambda index, text: _card_height(text, items[index], theme),
        inset=2 * _CARD_PAD, first=min(len(items), BOARD_FIRST_PAGE), gap=_CARD_GAP)


def _board_pages(rect: QRectF, results: PollResults, theme: Theme) -> int:
    tally = results.tally
    assert isinstance(tally, BoardTally)
    return len(board_pages(tally.items, rect.width(), rect.height(), theme, _votes_width(theme)))


def paint_board(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme,
                page: int = 0) -> None:
    """A column of cards, most upvoted first, each with its whole text and '▲ 12';
    answered questions are marked and dimmed. What does not fit goes on the next page."""
    tally = results.tally
    assert isinstance(tally, BoardTally)
    if not tally.items:
        _empty(painter, rect, _("No ideas yet") if tally.kind is Kind.IDEAS else _("No questions yet"),
               theme)
        return
    votes_w = _votes_width(theme)
    pages = board_pages(tally.items, rect.width(), rect.height(), theme, votes_w)
    text_w = _card_text_width(rect.width(), votes_w)
    for placed in pages[page]:
        item = tally.items[placed.index]
        card = QRectF(rect.left(), rect.top() + placed.top, rect.width(), placed.height)
        painter.save()
        if item.answered:
            painter.setOpacity(0.45)
        rounded(painter, card, 18, qcolor(theme.card))
        painter.setPen(qcolor(theme.card_border))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 18, 18)
        rounded(painter, QRectF(card.left(), card.top(), _STRIPE_W, card.height()), 6,
                qcolor(theme.correct if item.answered else theme.accent))
        block = placed.text
        draw_block(painter, block, card.left() + _CARD_PAD + _STRIPE_W + 14,
                   card.center().y() - block.height / 2, text_w, qcolor(theme.text), where="post")
        votes_rect = QRectF(card.right() - _CARD_PAD - votes_w, card.top(), votes_w, card.height())
        if item.answered:
            votes = wrap(f"▲ {words().number(item.upvotes)}", _VOTES_PX, votes_w, 1, True)
            mark = wrap(_answered_mark(), theme.min_size, votes_w, 1)
            top = votes_rect.center().y() - (votes.height + mark.height) / 2
            draw_block(painter, votes, votes_rect.left(), top, votes_w, qcolor(theme.muted), "right")
            draw_block(painter, mark, votes_rect.left(), top + votes.height, votes_w,
                       qcolor(theme.correct), "right")
        else:
            draw_centered_line(painter, f"▲ {words().number(item.upvotes)}", votes_rect, _VOTES_PX,
                               qcolor(theme.accent), bold=True, align="right")
        painter.restore()


def _ideas_hint(exercise: Exercise) -> str:
    return _("Post your ideas, upvote the best")


def _questions_hint(exercise: Exercise) -> str:
    return _("Ask a question, or upvote one you share")


# -- every kind ----------------------------------------------------------------------

CHARTS: dict[Kind, KindChart] = {
    Kind.SINGLE_CHOICE: KindChart(_choice_hint, _options, _answers_caption, _paint_choice),
    Kind.MULTIPLE_CHOICE: KindChart(_choice_hint, _options, _answers_caption, _paint_choice),
    Kind.QUIZ: KindChart(_quiz_hint, _options, _quiz_caption, paint_quiz, _quiz_pages),
    Kind.SCALE: KindChart(_scale_hint, _no_options, _scale_caption, paint_scale, _scale_pages),
    Kind.WORD_CLOUD: KindChart(_word_cloud_hint, _no_options, _word_cloud_caption, paint_word_cloud),
    Kind.IDEAS: KindChart(_ideas_hint, _no_options, _board_caption, paint_board, _board_pages),
    Kind.QUESTIONS: KindChart(_questions_hint, _no_options, _board_caption, paint_board,
                              _board_pages),
}
