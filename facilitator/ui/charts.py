"""The results visuals of the audience window, and the words around them, per kind.

Each kind's chart is found through `CHARTS`: the one place in the UI that knows a kind.
Everything paints on the slide's canvas (1920 x 1080 units; `render.py` sets up the
transform) and draws attendee text only through `drawing` (plain text, never markup).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter

from facilitator.core.exercise import (
    ChoiceExercise, Exercise, Kind, QuizExercise, ScaleExercise, WordCloudExercise,
)
from facilitator.core.results import PollResults
from facilitator.core.tally import (
    BoardTally, ChoiceTally, LeaderboardEntry, OptionCount, QuizTally, ScaleTally, Tally,
    WordCloudTally,
)
from facilitator.core.wording import plural

from .drawing import (
    clean, draw_block, draw_centered_line, draw_line, fit, fit_all, line_height, metrics,
    qcolor, rounded, sizes, wrap,
)
from .theme import Theme

LEADERBOARD_SHOWN = 5  # of the top scores, beside a quiz's answers


@dataclass(frozen=True)
class KindChart:
    """What the audience window draws for one kind of exercise."""

    hint: Callable[[Exercise], str]  # how to answer, above the live response count
    options: Callable[[Exercise], tuple[str, ...]]  # listed while the poll runs
    caption: Callable[[Tally], str]  # the short line above a revealed result
    paint: Callable[[QPainter, QRectF, PollResults, Theme], None]  # the revealed result


def responses_text(kind: Kind, responses: int) -> str:
    """'12 answers', or for boards '5 people posted'."""
    if kind.is_board:
        return f"{plural(responses, 'person', 'people')} posted"
    return plural(responses, "answer")


def kind_hint(exercise: Exercise) -> str:
    return CHARTS[exercise.kind].hint(exercise)


def running_options(exercise: Exercise) -> tuple[str, ...]:
    return CHARTS[exercise.kind].options(exercise)


def caption(tally: Tally) -> str:
    return CHARTS[tally.kind].caption(tally)


def paint_results(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme) -> None:
    """Draw a revealed result in `rect`."""
    CHARTS[results.kind].paint(painter, rect, results, theme)


def _no_options(exercise: Exercise) -> tuple[str, ...]:
    return ()


def _options(exercise: ChoiceExercise | QuizExercise) -> tuple[str, ...]:
    return exercise.options


def _answers_caption(tally: Tally) -> str:
    return plural(tally.responses, "answer")


def _empty(painter: QPainter, rect: QRectF, text: str, theme: Theme) -> None:
    draw_centered_line(painter, text, rect, theme.body_size, qcolor(theme.muted))


# choice and quiz


def _choice_hint(exercise: ChoiceExercise) -> str:
    if exercise.kind is Kind.MULTIPLE_CHOICE:
        return ("Choose all that apply" if exercise.max_choices >= len(exercise.options)
                else f"Choose up to {exercise.max_choices}")
    return "Choose one"


def _paint_choice(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme) -> None:
    assert isinstance(results.tally, ChoiceTally)
    paint_bars(painter, rect, results.tally.options, theme)


def _quiz_hint(exercise: QuizExercise) -> str:
    if exercise.time_limit:
        return f"Quiz · {exercise.time_limit:g} s to answer"
    return "Quiz · answers are final"


def _quiz_caption(tally: QuizTally) -> str:
    return f"{tally.correct_count} of {plural(tally.respondents, 'answer')} correct"


def paint_bars(
    painter: QPainter, rect: QRectF, options: Sequence[OptionCount], theme: Theme,
    *, quiz: bool = False,
) -> None:
    """Horizontal bars: label, bar on a 0-100 % track, count and percentage."""
    n = len(options)
    if not n:
        return
    gap = 18.0 if n <= 6 else 8.0
    row_h = min(120.0, (rect.height() - gap * (n - 1)) / n)
    label_w = rect.width() * 0.4
    number_w = 210.0
    bar_x = rect.left() + label_w + 32
    bar_w = max(40.0, rect.right() - number_w - 24 - bar_x)
    bar_h = max(14.0, min(56.0, row_h * 0.55))
    labels = [("✓ " if quiz and o.correct else "") + clean(o.label) for o in options]
    # Measured in bold when a quiz shows its right answer in bold: all share one size.
    blocks = fit_all(labels, label_w, row_h, sizes(theme.body_size, theme.min_size),
                     max_lines=2, bold=quiz)
    number_px = max(theme.min_size, min(40, int(row_h * 0.6)))
    for i, (option, block) in enumerate(zip(options, blocks)):
        top = rect.top() + i * (row_h + gap)
        middle = top + row_h / 2
        if quiz:
            fill = qcolor(theme.correct if option.correct else theme.wrong)
            ink = qcolor(theme.correct if option.correct else theme.muted)
            lines = max(1, min(2, int(row_h // line_height(block.px, True))))
            block = wrap(labels[i], block.px, label_w, lines, option.correct)
        else:
            fill = qcolor(theme.accent)
            ink = qcolor(theme.text)
        draw_block(painter, block, rect.left(), middle - block.height / 2, label_w, ink)
        track = QRectF(bar_x, middle - bar_h / 2, bar_w, bar_h)
        rounded(painter, track, bar_h / 4, qcolor(theme.track))
        share = max(0.0, min(1.0, option.percent / 100.0))
        if share > 0:
            rounded(painter, QRectF(bar_x, track.top(), max(bar_h / 2, bar_w * share), bar_h),
                    bar_h / 4, fill)
        number = f"{option.count} · {option.percent:.0f}%"
        number_rect = QRectF(rect.right() - number_w, top, number_w, row_h)
        draw_centered_line(painter, number, number_rect, number_px,
                           ink if quiz else qcolor(theme.text), bold=True, align="right")


def paint_quiz(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme) -> None:
    """The options with the right one(s) in green, the top scores beside them and the
    explanation below when there is room."""
    tally = results.tally
    assert isinstance(tally, QuizTally)
    board = results.leaderboard[:LEADERBOARD_SHOWN]
    bars = QRectF(rect)
    if board:
        panel_w = min(600.0, rect.width() * 0.36)
        bars.setWidth(rect.width() - panel_w - 56)
        paint_leaderboard(
            painter, QRectF(rect.right() - panel_w, rect.top(), panel_w, rect.height()),
            board, theme,
        )
    n = len(tally.options)
    explanation = clean(tally.explanation)
    bars_h = min(bars.height(), n * 92.0)
    room = bars.height() - bars_h - 40
    if explanation and room >= 2 * line_height(theme.min_size):
        block = fit(explanation, bars.width() - 36, room,
                    sizes(36, theme.min_size), max_lines=4)
        top = bars.bottom() - block.height
        rounded(painter, QRectF(bars.left(), top - 4, 8, block.height + 8), 4,
                qcolor(theme.correct))
        draw_block(painter, block, bars.left() + 36, top, bars.width() - 36, qcolor(theme.text))
        bars.setHeight(min(bars.height(), top - 40 - bars.top()))
    paint_bars(painter, QRectF(bars.left(), bars.top(), bars.width(), min(bars_h, bars.height())),
               tally.options, theme, quiz=True)


def paint_leaderboard(
    painter: QPainter, rect: QRectF, entries: Sequence[LeaderboardEntry], theme: Theme,
) -> None:
    pad = 32.0
    header_px = 36
    row_h = min(84.0, (rect.height() - 2 * pad - line_height(header_px, True) - 16) / max(1, len(entries)))
    height = 2 * pad + line_height(header_px, True) + 16 + row_h * len(entries)
    panel = QRectF(rect.left(), rect.top(), rect.width(), min(rect.height(), height))
    rounded(painter, panel, 24, qcolor(theme.panel))
    inner_w = panel.width() - 2 * pad
    header = draw_line(painter, "Top scores", panel.left() + pad, panel.top() + pad, inner_w,
                       header_px, qcolor(theme.muted), bold=True)
    y = panel.top() + pad + header.height + 16
    px = max(theme.min_size, min(36, int(row_h * 0.5)))
    rank_w = 64.0
    points_w = 130.0
    for entry in entries:
        row = QRectF(panel.left() + pad, y, inner_w, row_h)
        draw_centered_line(painter, str(entry.rank), QRectF(row.left(), y, rank_w, row_h), px,
                           qcolor(theme.accent), bold=True, align="left")
        name_rect = QRectF(row.left() + rank_w, y, inner_w - rank_w - points_w - 12, row_h)
        draw_centered_line(painter, entry.name, name_rect, px, qcolor(theme.text), align="left")
        draw_centered_line(painter, str(entry.points), QRectF(row.right() - points_w, y, points_w, row_h),
                           px, qcolor(theme.text), bold=True, align="right")
        y += row_h


# scale


def _scale_hint(exercise: ScaleExercise) -> str:
    if exercise.statements:
        return (f"Rate {plural(len(exercise.statements), 'statement')} "
                f"from {exercise.min} to {exercise.max}")
    return f"Rate from {exercise.min} ({exercise.min_label}) to {exercise.max} ({exercise.max_label})"


def _has_statements(results: PollResults) -> bool:
    tally = results.tally
    assert isinstance(tally, ScaleTally) and isinstance(results.exercise, ScaleExercise)
    return (bool(results.exercise.statements) or len(tally.rows) > 1
            or bool(tally.rows and tally.rows[0].statement))


def _scale_caption(tally: ScaleTally) -> str:
    if len(tally.rows) > 1 or any(r.statement for r in tally.rows):
        return (f"{plural(tally.respondents, 'answer')} · {tally.min} = {clean(tally.min_label)}, "
                f"{tally.max} = {clean(tally.max_label)}")
    return _answers_caption(tally)


def paint_scale(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme) -> None:
    """Statements each with its average, or one question's histogram."""
    assert isinstance(results.tally, ScaleTally)
    if _has_statements(results):
        paint_statements(painter, rect, results.tally, theme)
    else:
        paint_histogram(painter, rect, results.tally, theme)


def _average_text(average: float | None) -> str:
    return "–" if average is None else f"{average:.1f}"


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
    label = wrap(f"average, {tally.min} to {tally.max}", 36, panel_w - 48, 2)
    total = big.height + 8 + label.height
    top = panel.center().y() - total / 2
    draw_block(painter, big, panel.left() + 24, top, panel_w - 48, qcolor(theme.accent), "center")
    draw_block(painter, label, panel.left() + 24, top + big.height + 8, panel_w - 48,
               qcolor(theme.muted), "center")

    if not distribution:
        return
    k = len(distribution)
    count_px, rating_px, end_px = 36, 40, 32
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
        draw_line(painter, str(count), cx - slot / 2, base_y - height - line_height(count_px, True) - 8,
                  slot, count_px, qcolor(theme.text), bold=True, align="center")
        draw_line(painter, str(rating), cx - slot / 2, base_y + 12, slot, rating_px,
                  qcolor(theme.text), bold=True, align="center")
    painter.fillRect(QRectF(chart.left(), base_y, chart.width(), 3), qcolor(theme.track))
    ends_y = base_y + 12 + line_height(rating_px, True) + 4
    half = chart.width() / 2 - 12
    draw_line(painter, tally.min_label, chart.left(), ends_y, half, end_px, qcolor(theme.muted))
    draw_line(painter, tally.max_label, chart.right() - half, ends_y, half, end_px,
              qcolor(theme.muted), align="right")


def paint_statements(painter: QPainter, rect: QRectF, tally: ScaleTally, theme: Theme) -> None:
    """Several statements on one scale: each with its average as a bar and a number."""
    rows = tally.rows
    if not rows:
        return
    area = QRectF(rect)
    columns = 1 if len(rows) <= 5 else 2
    per_column = math.ceil(len(rows) / columns)
    column_gap = 72.0
    column_w = (area.width() - column_gap * (columns - 1)) / columns
    row_h = area.height() / per_column
    bar_h = max(14.0, min(26.0, row_h * 0.2))
    number_w = 110.0
    text_room = row_h - bar_h - 30
    blocks = fit_all([r.statement for r in rows], column_w, text_room,
                     sizes(36, theme.min_size), max_lines=2)
    number_px = max(theme.min_size, min(44, int(row_h * 0.4)))
    span = max(1, tally.max - tally.min)
    for i, (row, block) in enumerate(zip(rows, blocks)):
        column, position = divmod(i, per_column)
        x = area.left() + column * (column_w + column_gap)
        y = area.top() + position * row_h
        content_h = block.height + 10 + bar_h
        top = y + (row_h - content_h) / 2
        draw_block(painter, block, x, top, column_w, qcolor(theme.text))
        bar_y = top + block.height + 10
        track = QRectF(x, bar_y, column_w - number_w - 16, bar_h)
        rounded(painter, track, bar_h / 2, qcolor(theme.track))
        for tick in range(1, span):
            painter.fillRect(QRectF(track.left() + track.width() * tick / span - 1.5, bar_y,
                                    3, bar_h), qcolor(theme.background))
        if row.average is not None:
            share = (row.average - tally.min) / span
            rounded(painter, QRectF(x, bar_y, max(bar_h, track.width() * share), bar_h),
                    bar_h / 2, qcolor(theme.accent))
        number_rect = QRectF(x + column_w - number_w, bar_y + bar_h / 2 - row_h / 2, number_w, row_h)
        draw_centered_line(painter, _average_text(row.average), number_rect, number_px,
                           qcolor(theme.accent), bold=True, align="right")


# word cloud


def _word_cloud_hint(exercise: WordCloudExercise) -> str:
    return "Send a word" if exercise.max_entries == 1 else f"Send up to {exercise.max_entries} words"


def _word_cloud_caption(tally: WordCloudTally) -> str:
    return f"{plural(len(tally.words), 'word')} from {plural(tally.respondents, 'person', 'people')}"


@dataclass(frozen=True)
class PlacedWord:
    text: str
    px: int
    x: float  # left of the text
    y: float  # top of the line box
    width: float
    height: float
    color: int  # index into the theme's cloud colours


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
                px = max(12, int(px * width / advance))
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


def paint_word_cloud(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme) -> None:
    tally = results.tally
    assert isinstance(tally, WordCloudTally)
    words = tuple((w.text, w.count) for w in tally.words)
    layout = cloud_layout(words, rect.width(), rect.height(),
                          theme.cloud_largest, theme.cloud_smallest)
    if not layout:
        _empty(painter, rect, "No words yet", theme)
        return
    colors = theme.cloud
    for word in layout:
        block = wrap(word.text, word.px, word.width + 1, 1, True)
        color = colors[0] if word.color == 0 else colors[1 + (word.color - 1) % (len(colors) - 1)]
        draw_block(painter, block, rect.left() + word.x, rect.top() + word.y, word.width + 1,
                   qcolor(color))


# ideas and questions


def _board_caption(tally: BoardTally) -> str:
    what = "idea" if tally.kind is Kind.IDEAS else "question"
    return f"{plural(len(tally.items), what)} from {plural(tally.authors, 'person', 'people')}"


def paint_board(painter: QPainter, rect: QRectF, results: PollResults, theme: Theme) -> None:
    """A wall of cards, most upvoted first: each with its text and '▲ 12'. Answered
    questions are marked and dimmed."""
    tally = results.tally
    assert isinstance(tally, BoardTally)
    items = tally.items[:8]
    if not items:
        what = "ideas" if tally.kind is Kind.IDEAS else "questions"
        _empty(painter, rect, f"No {what} yet", theme)
        return
    columns = 1 if len(items) <= 3 else 2
    rows = math.ceil(len(items) / columns)
    gap = 24.0
    card_w = (rect.width() - gap * (columns - 1)) / columns
    card_h = min(240.0, (rect.height() - gap * (rows - 1)) / rows)
    pad = 22.0
    votes_w = 170.0
    text_w = card_w - 2 * pad - 14 - votes_w - 12
    blocks = fit_all([item.text for item in items], text_w, card_h - 2 * pad,
                     sizes(theme.body_size - 4, theme.min_size + 2))
    for i, item in enumerate(items):
        column, position = i % columns, i // columns
        card = QRectF(rect.left() + column * (card_w + gap), rect.top() + position * (card_h + gap),
                      card_w, card_h)
        painter.save()
        if item.answered:
            painter.setOpacity(0.45)
        rounded(painter, card, 18, qcolor(theme.card))
        painter.setPen(qcolor(theme.card_border))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 18, 18)
        rounded(painter, QRectF(card.left(), card.top(), 12, card.height()), 6,
                qcolor(theme.correct if item.answered else theme.accent))
        block = blocks[i]
        draw_block(painter, block, card.left() + pad + 14, card.center().y() - block.height / 2,
                   text_w, qcolor(theme.text))
        votes_rect = QRectF(card.right() - pad - votes_w, card.top(), votes_w, card_h)
        if item.answered:
            mark = wrap("✓ answered", theme.min_size, votes_w, 1)
            votes = wrap(f"▲ {item.upvotes}", 36, votes_w, 1, True)
            total = votes.height + mark.height
            draw_block(painter, votes, votes_rect.left(), votes_rect.center().y() - total / 2,
                       votes_w, qcolor(theme.muted), "right")
            draw_block(painter, mark, votes_rect.left(), votes_rect.center().y() - total / 2 + votes.height,
                       votes_w, qcolor(theme.correct), "right")
        else:
            draw_centered_line(painter, f"▲ {item.upvotes}", votes_rect, 40,
                               qcolor(theme.accent), bold=True, align="right")
        painter.restore()


def _ideas_hint(exercise: Exercise) -> str:
    return "Post your ideas, upvote the best"


def _questions_hint(exercise: Exercise) -> str:
    return "Ask a question, or upvote one you share"


# -- every kind ----------------------------------------------------------------------

CHARTS: dict[Kind, KindChart] = {
    Kind.SINGLE_CHOICE: KindChart(_choice_hint, _options, _answers_caption, _paint_choice),
    Kind.MULTIPLE_CHOICE: KindChart(_choice_hint, _options, _answers_caption, _paint_choice),
    Kind.QUIZ: KindChart(_quiz_hint, _options, _quiz_caption, paint_quiz),
    Kind.SCALE: KindChart(_scale_hint, _no_options, _scale_caption, paint_scale),
    Kind.WORD_CLOUD: KindChart(_word_cloud_hint, _no_options, _word_cloud_caption, paint_word_cloud),
    Kind.IDEAS: KindChart(_ideas_hint, _no_options, _board_caption, paint_board),
    Kind.QUESTIONS: KindChart(_questions_hint, _no_options, _board_caption, paint_board),
}
