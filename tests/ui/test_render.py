"""The slide renderer: every shipped slide, letterboxing, blanks, the join QR code,
every kind of result, attendee text drawn as plain text, text fitting and the widget."""

from __future__ import annotations

import ast
import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument

from facilitator.core.deck import Deck, Layout, Slide, parse_deck
from facilitator.core.exercise import Kind
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.qr import qr_matrix
from facilitator.core.store import Item
from facilitator.core.tally import (
    BoardTally, LeaderboardEntry, OptionCount, QuizTally, WordCloudTally, WordCount,
)
from facilitator.core.workshop import load_workshop
from facilitator.core.results import PollResults
from facilitator.ui import charts, drawing, render
from facilitator.ui.render import (
    ASPECT, Blank, JoinInfo, SlideScene, SlideView, join_qr_rect, paint_scene, render_image,
    slide_rect,
)
from facilitator.ui.pdf_pages import PageImages
from facilitator.ui.theme import THEME

SHIPPED = load_workshop(SHIPPED_DECK)
URL = "http://192.168.1.20:8765/K7M2Q"
JOIN = JoinInfo(URL, "K7M2Q", 12)
HOSTILE = "<b>x</b><img src=y>"
BACKGROUND = QColor(THEME.background).rgba()
BLACK = QColor("black").rgba()
WHITE = QColor("white").rgba()


# -- helpers -------------------------------------------------------------------------


def pixels(image: QImage) -> memoryview:
    """A copy of the image's pixels as 0xAARRGGBB integers, row after row (a copy: a
    view of constBits() would outlive a temporary image)."""
    assert image.format() == QImage.Format.Format_ARGB32_Premultiplied
    assert image.bytesPerLine() == image.width() * 4
    return memoryview(bytes(image.constBits())).cast("I")


def region(image: QImage, left: int, top: int, right: int, bottom: int) -> list[int]:
    data = pixels(image)
    w = image.width()
    return [p for y in range(top, bottom) for p in data[y * w + left:y * w + right]]


def content(image: QImage) -> list[int]:
    """The slide inside its margins (the full image is the slide)."""
    scale = image.width() / 1920
    m = int(THEME.margin * scale * 0.8)
    return region(image, m, m, image.width() - m, image.height() - m)


def assert_not_blank(image: QImage, *, colours: int = 12, ink: float = 0.004) -> None:
    values = content(image)
    counts = Counter(values)
    background, most = counts.most_common(1)[0]
    assert len(counts) >= colours, f"only {len(counts)} colours"
    assert (len(values) - most) / len(values) >= ink, "almost nothing drawn"


def is_dark(pixel: int) -> bool:
    r, g, b = (pixel >> 16) & 255, (pixel >> 8) & 255, pixel & 255
    return max(r, g, b) < 90


def differing(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(1 for x, y in zip(pixels(a), pixels(b)) if x != y)


def scene_for(slide: Slide, deck: Deck, **extra) -> SlideScene:
    return SlideScene(slide=slide, deck=deck, **extra)


@pytest.fixture
def deck_of(tmp_path: Path):
    """A deck from slide texts (each with its settings comment)."""

    def make(*slides: str) -> Deck:
        body = "\n\n---\n\n".join(textwrap.dedent(s).strip() for s in slides)
        path = tmp_path / "deck" / "deck.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: Test\nduration: 10\n---\n\n{body}\n", encoding="utf-8")
        return parse_deck(path)

    return make


@pytest.fixture(autouse=True)
def fresh_caches():
    render.clear_caches()
    yield
    render.clear_caches()


# -- geometry ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        (QRectF(0, 0, 1920, 1080), QRectF(0, 0, 1920, 1080)),
        (QRectF(0, 0, 800, 600), QRectF(0, 75, 800, 450)),  # 4:3: bars top and bottom
        (QRectF(0, 0, 2560, 1080), QRectF(320, 0, 1920, 1080)),  # 21:9: bars left and right
        (QRectF(10, 20, 320, 180), QRectF(10, 20, 320, 180)),
    ],
)
def test_the_slide_is_the_largest_centred_16_9_rectangle(area, expected):
    rect = slide_rect(area)
    assert rect == expected
    assert rect.width() / rect.height() == pytest.approx(ASPECT)


@pytest.mark.parametrize("size", [(920, 518), (1366, 769)])
def test_an_area_a_fraction_of_a_pixel_off_16_9_has_no_grey_line_along_the_slide(qapp, size):
    # The presenter's pane: 920 pixels wide, 518 tall, where 16:9 is 517.5.
    deck = SHIPPED.deck
    width, height = size
    image = render_image(scene_for(deck.slides[3], deck), width, height)
    edges = region(image, 0, 0, width, 1) + region(image, 0, height - 1, width, height)
    edges += [image.pixel(x, y) for x in (0, width - 1) for y in range(height)]
    assert set(edges) <= {BACKGROUND, BLACK}  # a whole bar is black; a fraction of one, grey


def test_an_empty_area_has_an_empty_slide():
    assert slide_rect(QRectF(0, 0, 0, 100)).isEmpty()


def test_a_4_3_area_is_letterboxed_with_black_bars(qapp):
    deck = SHIPPED.deck
    image = render_image(scene_for(deck.slides[3], deck), 800, 600)
    assert set(region(image, 0, 0, 800, 75)) == {BLACK}
    assert set(region(image, 0, 525, 800, 600)) == {BLACK}
    assert pixels(image)[300 * 800 + 5] == BACKGROUND  # the slide's own margin
    assert image.format() == QImage.Format.Format_ARGB32_Premultiplied
    assert image.hasAlphaChannel() and all(p >> 24 == 255 for p in pixels(image))


def test_a_wide_area_is_pillarboxed(qapp):
    deck = SHIPPED.deck
    image = render_image(scene_for(deck.slides[3], deck), 640, 180)
    assert set(region(image, 0, 0, 160, 180)) == {BLACK}
    assert set(region(image, 480, 0, 640, 180)) == {BLACK}
    assert pixels(image)[90 * 640 + 165] == BACKGROUND


@pytest.mark.parametrize(("blank", "colour"), [(Blank.BLACK, BLACK), (Blank.WHITE, WHITE)])
def test_blanks_fill_the_slide_and_show_nothing_else(qapp, blank, colour):
    deck = SHIPPED.deck
    join_slide = next(s for s in deck.slides if s.layout is Layout.JOIN)
    scene = scene_for(join_slide, deck, join=JOIN, blank=blank)
    assert set(pixels(render_image(scene, 480, 270))) == {colour}
    letterboxed = render_image(scene, 400, 300)
    assert set(region(letterboxed, 0, 0, 400, 37)) == {BLACK}
    assert set(region(letterboxed, 0, 38, 400, 262)) == {colour}


# -- the shipped deck ----------------------------------------------------------------


@pytest.mark.parametrize("index", range(len(SHIPPED.deck.slides)))
def test_every_shipped_slide_renders(qapp, index):
    deck = SHIPPED.deck
    slide = deck.slides[index]
    scene = scene_for(slide, deck, join=JOIN if slide.layout is Layout.JOIN else None)
    image = render_image(scene, 960, 540)
    assert_not_blank(image)
    if slide.layout is not Layout.SECTION:
        # The margins stay background: nothing is painted past them.
        assert set(region(image, 0, 532, 960, 540)) == {BACKGROUND}


@pytest.mark.parametrize("exercise_id", SHIPPED.deck.exercise_ids)
def test_every_shipped_exercise_slide_shows_its_prompt_and_the_answer_panel(qapp, exercise_id):
    deck = SHIPPED.deck
    slide = next(s for s in deck.slides if s.exercise_id == exercise_id)
    exercise = SHIPPED.exercises[exercise_id]
    plain = render_image(scene_for(slide, deck), 960, 540)
    poll = PollResults(exercise, open=True, revealed=False, responses=3, tally=None)
    running = render_image(scene_for(slide, deck, poll=poll), 960, 540)
    assert_not_blank(running)
    assert differing(plain, running) > 5_000


def test_a_320_pixel_thumbnail_renders(qapp):
    deck = SHIPPED.deck
    for slide in deck.slides[:4]:
        assert_not_blank(render_image(scene_for(slide, deck, join=JOIN), 320, 180))


# -- join ----------------------------------------------------------------------------


def test_the_join_slide_draws_the_qr_code_module_by_module(qapp):
    deck = SHIPPED.deck
    slide = next(s for s in deck.slides if s.layout is Layout.JOIN)
    scene = scene_for(slide, deck, join=JOIN)
    image = render_image(scene, 1920, 1080)
    data = pixels(image)
    matrix = qr_matrix(URL)
    n = len(matrix)
    qr = join_qr_rect(scene)
    size = qr.width() / n
    assert qr.height() >= 600

    def module(row: int, column: int) -> bool:
        x = int(qr.left() + (column + 0.5) * size)
        y = int(qr.top() + (row + 0.5) * size)
        return is_dark(data[y * 1920 + x])

    quiet = 4
    finders = [(quiet, quiet), (quiet, n - quiet - 7), (n - quiet - 7, quiet)]
    for top, left in finders:
        for dr, dc in [(0, 0), (0, 6), (6, 0), (6, 6), (3, 3)]:  # corners and centre: dark
            assert module(top + dr, left + dc)
        assert not module(top + 1, left + 1)  # the light ring
        assert not module(top - 2, left - 2) or top < 2  # quiet zone
    mismatches = [(r, c) for r in range(n) for c in range(n) if module(r, c) != matrix[r][c]]
    assert mismatches == []


def test_the_join_slide_without_a_session_yet_still_renders(qapp):
    deck = SHIPPED.deck
    slide = next(s for s in deck.slides if s.layout is Layout.JOIN)
    assert_not_blank(render_image(scene_for(slide, deck), 960, 540))


def test_the_join_count_is_live(qapp):
    deck = SHIPPED.deck
    slide = next(s for s in deck.slides if s.layout is Layout.JOIN)
    before = render_image(scene_for(slide, deck, join=JOIN), 960, 540)
    after = render_image(scene_for(slide, deck, join=JoinInfo(URL, "K7M2Q", 13)), 960, 540)
    assert differing(before, after) > 20


def test_short_url_drops_the_scheme():
    assert render.short_url(URL) == "192.168.1.20:8765/K7M2Q"


# -- results -------------------------------------------------------------------------

NAMES = ["Ana", "Bob", "Δήμητρα", "Ольга", "王小明", "فاطمة", "Zoë"]


def _run_poll(session, open_poll, clock, exercise_id: str):
    """Open the exercise's poll, have every attendee answer, close and reveal it."""
    poll = open_poll(exercise_id)
    exercise = session.exercise_of(poll)
    people = [session.join(name) for name in NAMES]
    for i, person in enumerate(people):
        clock.advance(1)
        kind = exercise.kind
        if kind is Kind.SINGLE_CHOICE:
            session.respond(person.token, poll.id, i % len(exercise.options))
        elif kind is Kind.MULTIPLE_CHOICE:
            session.respond(person.token, poll.id, sorted({i % 4, (i + 1) % 4})[:2])
        elif kind is Kind.QUIZ:
            wrong = next(o for o in range(len(exercise.options)) if o not in exercise.correct)
            session.respond(person.token, poll.id, list(exercise.correct) if i % 3 else [wrong])
        elif kind is Kind.SCALE:
            rating = 1 + i % 5
            session.respond(person.token, poll.id,
                            [rating] * len(exercise.statements) if exercise.statements else rating)
        elif kind is Kind.WORD_CLOUD:
            session.respond(person.token, poll.id, [["calm", "busy", "fun"][i % 3], f"word{i}"])
        else:
            session.post(person.token, poll.id, f"Idea number {i} from {NAMES[i]}")
    if exercise.kind.is_board:
        items = session.items(poll.id)
        for person in people:
            for item in items[:3]:
                if item.attendee_id != person.id:
                    session.upvote(person.token, item.id)
        session.moderate(items[0].id, answered=True)
    responses = (len({i.attendee_id for i in session.items(poll.id)}) if exercise.kind.is_board
                 else session.response_count(poll.id))
    session.close_poll(poll.id)
    session.reveal_results(poll.id)
    board = tuple(session.leaderboard(5)) if exercise.kind is Kind.QUIZ else ()
    return exercise, responses, session.tally(poll.id), board


@pytest.mark.parametrize("exercise_id", [
    "pick-one", "pick-some", "rate", "rate-many", "words", "ideas", "questions", "quiz",
    "quiz-untimed",
])
def test_every_kind_of_result_renders_and_differs_from_the_hidden_one(
    qapp, session, open_poll, clock, exercise_id,
):
    exercise, responses, tally, board = _run_poll(session, open_poll, clock, exercise_id)
    deck = session.workshop.deck
    slide = next(s for s in deck.slides if s.exercise_id == exercise_id)
    hidden = PollResults(exercise, open=False, revealed=False, responses=responses, tally=None)
    shown = PollResults(exercise, open=False, revealed=True, responses=responses, tally=tally,
                     leaderboard=board)
    hidden_image = render_image(scene_for(slide, deck, poll=hidden), 960, 540)
    shown_image = render_image(scene_for(slide, deck, poll=shown), 960, 540)
    assert_not_blank(hidden_image)
    assert_not_blank(shown_image, colours=20)
    assert differing(hidden_image, shown_image) > 10_000
    # Nothing painted past the bottom margin.
    assert set(region(shown_image, 0, 535, 960, 540)) == {BACKGROUND}


def test_results_stay_hidden_until_revealed(qapp, session, open_poll, clock):
    exercise, responses, tally, _ = _run_poll(session, open_poll, clock, "pick-one")
    deck = session.workshop.deck
    slide = next(s for s in deck.slides if s.exercise_id == "pick-one")
    without = PollResults(exercise, open=True, revealed=False, responses=responses, tally=None)
    with_tally = PollResults(exercise, open=True, revealed=False, responses=responses, tally=tally)
    revealed_no_tally = PollResults(exercise, open=True, revealed=True, responses=responses, tally=None)
    reference = render_image(scene_for(slide, deck, poll=without), 640, 360)
    for poll in (with_tally, revealed_no_tally):
        assert differing(reference, render_image(scene_for(slide, deck, poll=poll), 640, 360)) == 0


def test_the_response_count_changes_the_picture(qapp, workshop):
    deck = workshop.deck
    slide = next(s for s in deck.slides if s.exercise_id == "words")
    exercise = workshop.exercises["words"]
    images = [
        render_image(scene_for(slide, deck, poll=PollResults(exercise, True, False, n, None)), 640, 360)
        for n in (3, 12)
    ]
    assert differing(*images) > 20


@pytest.mark.parametrize(("kind", "count", "text"), [
    (Kind.SINGLE_CHOICE, 12, "12 answers"),
    (Kind.SCALE, 1, "1 answer"),
    (Kind.IDEAS, 5, "5 people posted"),
    (Kind.QUESTIONS, 1, "1 person posted"),
])
def test_response_counts_read_naturally(kind, count, text):
    assert charts.responses_text(kind, count) == text


def test_a_60_word_cloud_keeps_every_word_inside_without_overlap(qapp):
    words = tuple((f"word{i}" if i % 4 else f"a-much-longer-entry-{i}", 1 + (60 - i) // 6)
                  for i in range(60))
    placed = charts.cloud_layout(words, 1728.0, 600.0)
    assert len(placed) >= 40
    boxes = [QRectF(p.x, p.y, p.width, p.height) for p in placed]
    for box in boxes:
        assert 0 <= box.left() and box.right() <= 1728 and 0 <= box.top() and box.bottom() <= 600
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.intersected(b).isValid() or a.intersected(b).isEmpty()
    sizes = [p.px for p in placed]
    assert max(sizes) <= 120 and min(sizes) >= 12
    top = max(placed, key=lambda p: p.px)
    assert top.text == "a-much-longer-entry-0"
    assert abs(top.y + top.height / 2 - 300) < 120  # the most frequent in the middle


# -- attendee text is plain text -----------------------------------------------------


class RecordingPainter(QPainter):
    """A painter that remembers every string drawn with drawText."""

    def __init__(self, device):
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args):  # noqa: N802 (Qt's name)
        self.texts.extend(a for a in args if isinstance(a, str))
        return super().drawText(*args)


def _hostile_scenes(workshop) -> list[SlideScene]:
    deck = workshop.deck

    def on(exercise_id: str, tally, leaderboard=()) -> SlideScene:
        slide = next(s for s in deck.slides if s.exercise_id == exercise_id)
        poll = PollResults(workshop.exercises[exercise_id], False, True, 3, tally, leaderboard)
        return SlideScene(slide, deck, poll=poll)

    item = Item(1, 1, 1, HOSTILE, hidden=False, answered=False, created_at=0.0, upvotes=3)
    answered = Item(2, 1, 2, "Safe question " + HOSTILE, hidden=False, answered=True,
                    created_at=1.0, upvotes=1)
    quiz = QuizTally(Kind.QUIZ, 3, (OptionCount("Yes", 1, 33.3), OptionCount("No", 2, 66.7, True)),
                     correct_count=2, explanation="")
    return [
        on("ideas", BoardTally(Kind.IDEAS, 2, (item,), hidden=0)),
        on("questions", BoardTally(Kind.QUESTIONS, 2, (item, answered), hidden=0)),
        on("words", WordCloudTally(Kind.WORD_CLOUD, 3, (WordCount(HOSTILE, 3), WordCount("calm", 1)))),
        on("quiz", quiz, (LeaderboardEntry(1, 1, HOSTILE, 1000, 1),
                          LeaderboardEntry(2, 2, "Ана", 900, 1))),
    ]


def test_attendee_text_never_reaches_a_rich_text_path(qapp, workshop, monkeypatch):
    markup: list[str] = []

    class SpyDocument(QTextDocument):
        def setMarkdown(self, text, *args):  # noqa: N802
            markup.append(text)
            return super().setMarkdown(text, *args)

        def setHtml(self, text):  # noqa: N802
            markup.append(text)
            return super().setHtml(text)

    monkeypatch.setattr(render, "QTextDocument", SpyDocument)
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    for scene in _hostile_scenes(workshop):
        painter = RecordingPainter(image)
        paint_scene(painter, QRectF(0, 0, 1920, 1080), scene, PageImages())
        painter.end()
        # Drawn character for character by QPainter.drawText (always plain text), whole
        # or wrapped at its space (a name in the narrow leaderboard column)...
        assert HOSTILE in " ".join(painter.texts), painter.texts
    # ...and never handed to QTextDocument as Markdown or HTML.
    assert markup, "the slide titles go through QTextDocument"
    assert not any("<b>" in text or "img src" in text for text in markup)


def test_hostile_attendee_text_is_shown_literally(qapp, workshop):
    """Drawn as markup, `<b>x</b><img src=y>` would be a bold x and an image; drawn as
    plain text it is 20 characters wide. Compare the ink with a card that says `x`."""
    deck = workshop.deck
    slide = next(s for s in deck.slides if s.exercise_id == "ideas")

    def ink_columns(text: str) -> int:
        item = Item(1, 1, 1, text, hidden=False, answered=False, created_at=0.0, upvotes=3)
        poll = PollResults(workshop.exercises["ideas"], False, True, 1,
                        BoardTally(Kind.IDEAS, 1, (item,), hidden=0))
        image = render_image(SlideScene(slide, deck, poll=poll), 1920, 1080)
        data = pixels(image)
        # The card's text column (left of the votes), over the whole results area.
        columns = set()
        for y in range(420, 980, 2):
            for x in range(150, 1500):
                if is_dark(data[y * 1920 + x]):
                    columns.add(x)
        return len(columns)

    literal = ink_columns(HOSTILE)
    single = ink_columns("x")
    assert single > 0
    assert literal > 8 * single


def test_names_in_any_script_render(qapp, workshop):
    deck = workshop.deck
    slide = next(s for s in deck.slides if s.exercise_id == "quiz")
    names = ["Δημήτρης", "Ольга", "王小明", "فاطمة الزهراء", "Zoë " * 30]
    board = tuple(LeaderboardEntry(i + 1, i, name, 1000 - i, 1) for i, name in enumerate(names))
    quiz = QuizTally(Kind.QUIZ, 5, (OptionCount("Yes", 1, 20.0), OptionCount("No", 4, 80.0, True)),
                     correct_count=4, explanation="Because.")
    poll = PollResults(workshop.exercises["quiz"], False, True, 5, quiz, board)
    scene = SlideScene(slide, deck, poll=poll)
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    texts = []
    for page in range(render.result_pages(scene)):  # a name this long: the scores on a page of their own
        painter = RecordingPainter(image)
        paint_scene(painter, QRectF(0, 0, 1920, 1080), replace(scene, page=page), PageImages())
        painter.end()
        texts += painter.texts
    for name in names[:4]:
        assert name in texts
    assert drawing.clean(names[4]) in " ".join(texts)  # wrapped whole, never elided
    assert not any(t.endswith("…") for t in texts)


def test_long_text_is_wrapped_or_elided_inside_its_box(qapp):
    text = "An idea that goes on and on " * 12 + "Supercalifragilisticexpialidocious" * 3
    block = drawing.wrap(text, 32, 500.0, 3)
    assert len(block.lines) == 3 and block.elided
    assert block.lines[-1].endswith("…")
    assert all(w <= 500.0 + 0.5 for w in block.widths)
    fitted = drawing.fit(text, 500.0, 120.0, drawing.sizes(40, 28))
    assert fitted.height <= 120.0 and fitted.px == 28


# -- text fitting --------------------------------------------------------------------


def test_a_slide_too_long_for_its_font_shrinks_then_flows_never_past_the_margin(qapp, deck_of):
    bullets = "\n".join(f"- Bullet line number {n} with a few words" for n in range(1, 31))
    deck = deck_of(f"<!-- minutes: 1 -->\n# Thirty lines\n\n{bullets}")
    image = render_image(scene_for(deck.slides[0], deck), 1920, 1080)
    bottom = 1080 - THEME.margin
    assert set(region(image, 0, bottom + 2, 1920, 1080)) == {BACKGROUND}
    assert set(region(image, 1920 - THEME.margin + 2, 0, 1920, 1080)) == {BACKGROUND}
    assert_not_blank(image)
    # The text uses the height it has, down to near the margin.
    assert any(p != BACKGROUND for p in region(image, THEME.margin, bottom - 200, 1800, bottom))


def text_lines(image: QImage) -> list[tuple[int, int]]:
    """The rows between the side margins that hold ink, as (top, bottom) of each run."""
    data, w = pixels(image), image.width()
    left, right = THEME.margin, w - THEME.margin
    inked = [y for y in range(image.height())
             if any(p != BACKGROUND for p in data[y * w + left:y * w + right])]
    lines: list[tuple[int, int]] = []
    for y in inked:
        if lines and lines[-1][1] == y - 1:
            lines[-1] = (lines[-1][0], y)
        else:
            lines.append((y, y))
    return lines


def test_body_text_shrinks_step_by_step_but_not_below_the_minimum(qapp, deck_of):
    short = "- One\n- Two"
    longer = "\n".join(f"- Point {n} is a sentence of several words" for n in range(18))
    deck = deck_of(f"<!-- minutes: 1 -->\n# Fits\n\n{short}", f"<!-- minutes: 1 -->\n# Shrinks\n\n{longer}")

    def body_size(slide) -> float:
        with drawing.recording_elisions() as record:
            render_image(scene_for(slide, deck), 1920, 1080)
        assert record.elisions == []
        return min(drawn.px for drawn in record.texts if drawn.where == "body")

    big, small = (body_size(slide) for slide in deck.slides)
    # The short slide gets the largest body size; the long one shrinks, never below the floor.
    assert big == THEME.body_largest
    assert THEME.min_size <= small < big


def test_the_first_heading_is_the_title_and_leaves_the_body(qapp):
    title, rest = render.split_title("```\n# not a heading\n```\n\n# Real *title*\n\nBody")
    assert title == "Real *title*"
    assert "# Real" not in rest and "# not a heading" in rest and "Body" in rest


def test_a_large_image_is_scaled_to_fit(qapp, deck_of, tmp_path):
    picture = QImage(5000, 4000, QImage.Format.Format_RGB32)
    picture.fill(QColor("#2a6f97"))
    (tmp_path / "deck" / "images").mkdir(parents=True)
    assert picture.save(str(tmp_path / "deck" / "images" / "big.png"))
    deck = deck_of("<!-- minutes: 1 -->\n# Picture\n\n![big](images/big.png)")
    assert deck.slides[0].images
    image = render_image(scene_for(deck.slides[0], deck), 960, 540)
    colour = QColor("#2a6f97").rgba()
    inside = content(image)
    assert inside.count(colour) > 0.2 * len(inside)  # the picture is there, and large
    assert colour not in region(image, 0, 540 - 46, 960, 540)  # not past the margin


def test_two_columns_and_title_and_section_layouts(qapp, deck_of):
    deck = deck_of(
        "<!-- minutes: 1, layout: two-columns -->\n# Split\n\nLeft side\n\n|||\n\nRight side",
        "<!-- minutes: 1, layout: title -->\n# Big title\n\nA subtitle",
        "<!-- minutes: 1, layout: section -->\n# Part two",
    )
    columns = render_image(scene_for(deck.slides[0], deck), 960, 540)
    ink_left = sum(1 for p in region(columns, 48, 120, 470, 480) if p != BACKGROUND)
    ink_right = sum(1 for p in region(columns, 490, 120, 912, 480) if p != BACKGROUND)
    assert ink_left > 200 and ink_right > 200
    assert_not_blank(render_image(scene_for(deck.slides[1], deck), 960, 540))
    section = render_image(scene_for(deck.slides[2], deck), 960, 540)
    assert Counter(pixels(section)).most_common(1)[0][0] == QColor(THEME.accent).rgba()


# -- caching -------------------------------------------------------------------------


def test_repainting_does_not_lay_out_again(qapp, monkeypatch):
    laid_out = []

    class NotedDocument(QTextDocument):
        def __init__(self, *args):
            super().__init__(*args)
            laid_out.append(self)

    monkeypatch.setattr(render, "QTextDocument", NotedDocument)
    render.clear_caches()
    deck = SHIPPED.deck
    scene = scene_for(deck.slides[3], deck)
    render_image(scene, 960, 540)
    first = len(laid_out)
    render_image(scene, 960, 540)
    render_image(scene, 1920, 1080)  # another size: the canvas layout is the same
    assert first > 0 and len(laid_out) == first


def test_the_qr_code_is_computed_once_per_url(qapp, monkeypatch):
    computed = []
    monkeypatch.setattr(render, "qr_matrix", lambda url: computed.append(url) or qr_matrix(url))
    render.clear_caches()
    deck = SHIPPED.deck
    slide = next(s for s in deck.slides if s.layout is Layout.JOIN)
    for attendees in range(3):
        render_image(scene_for(slide, deck, join=JoinInfo(URL, "K7M2Q", attendees)), 320, 180)
    assert computed == [URL]


# -- the widget ----------------------------------------------------------------------


def test_slide_view_paints_the_scene_and_black_without_one(qtbot):
    view = SlideView()
    qtbot.addWidget(view)
    view.resize(640, 480)
    assert view.scene is None
    assert set(pixels(view.grab().toImage().convertToFormat(
        QImage.Format.Format_ARGB32_Premultiplied))) == {BLACK}
    deck = SHIPPED.deck
    scene = scene_for(deck.slides[3], deck)
    view.set_scene(scene)
    assert view.scene is scene
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    assert set(region(image, 0, 0, 640, 60)) == {BLACK}  # letterbox: 640 x 360 in 640 x 480
    assert set(region(image, 0, 421, 640, 480)) == {BLACK}
    assert pixels(image)[240 * 640 + 4] == BACKGROUND
    assert len(set(region(image, 40, 100, 600, 380))) > 10
    view.set_scene(None)
    assert view.scene is None


def test_a_large_response_count_is_never_elided(qapp, workshop):
    deck = workshop.deck
    slide = next(s for s in deck.slides if s.exercise_id == "ideas")
    poll = PollResults(workshop.exercises["ideas"], True, False, 1234, None)
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    painter = RecordingPainter(image)
    paint_scene(painter, QRectF(0, 0, 1920, 1080), SlideScene(slide, deck, poll=poll), PageImages())
    painter.end()
    assert "1,234 people posted" in painter.texts
    slide = next(s for s in deck.slides if s.exercise_id == "pick-one")
    poll = PollResults(workshop.exercises["pick-one"], True, False, 1234, None)
    painter = RecordingPainter(image)
    paint_scene(painter, QRectF(0, 0, 1920, 1080), SlideScene(slide, deck, poll=poll), PageImages())
    painter.end()
    assert "1,234 answers" in painter.texts


def test_every_kind_has_its_chart():
    assert set(charts.CHARTS) == set(Kind)


@pytest.mark.parametrize("module", [charts, drawing])
def test_the_charts_and_the_text_toolkit_never_import_the_renderer(module):
    imported = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
            imported.update(alias.name for alias in node.names)
    assert "render" not in {name.rsplit(".", 1)[-1] for name in imported}
