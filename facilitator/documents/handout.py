"""The action-ideas handout: what every attendee takes away from the session.

In this order: the session's header (workshop, date, duration, facilitator, organisation,
how many attended), the room's own ideas ranked by upvotes, the curated ideas grouped by
theme, what the room said in each poll (bars on the projector's 0-100 % scale, the counts
written out), the questions the room asked (answered, or to follow up), and the
resources list with where to find each.

Generating it takes two steps so that the PDF can be made in another process (ReportLab
is not thread-safe, so the app renders in a child process):

    content = handout_content(session)    # reads the session: plain, picklable data
    render_handout(content, path)         # needs nothing but that data and the fonts

`write_handout(session, path)` does both.

Attendee text, and every other text that comes from a file or the session, is data:
it reaches a Paragraph only through `fonts.paragraph` (escaped, one font per script, its
lines in reading order) and the canvas only through `fonts.draw_text`. This module writes
no markup.

In a language written right to left the whole page is mirrored: text starts at the
right, bullets stand at the right of their text, tables' columns run from the right
(`_table`), bars grow from the right with their counts at their left, the logo and the
page numbers change sides.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph,
    Spacer, Table, TableStyle,
)

from facilitator.core import palette
from facilitator.core.curated import Resource
from facilitator.core.exercise import Exercise, Kind
from facilitator.core.organizer import Image, session_organizer
from facilitator.core.results import PollResults
from facilitator.core.session import LiveSession
from facilitator.core.store import Item
from facilitator.core.tally import (
    BoardTally, ChoiceTally, OptionCount, QuizTally, ScaleTally, WordCloudTally,
)
from facilitator.core.translation import Translator, negotiate, translator
from facilitator.core.wording import date_words, duration_words

from . import fonts
from .images import fit_box, image_reader

MARGIN = 18 * mm
PAGE_SIZES = {"A4": A4, "Letter": letter}  # by the names the window and the command offer
LOGO_WIDTH, LOGO_HEIGHT = 48 * mm, 16 * mm  # the logo's box at the top right of the first page
TOP_WORDS = 15  # of a word cloud, in the "what the room said" section
BULLET_ROOM = 12  # points from a bullet's side of the column to its text

# The app's palette, the projector's too: one accent.
ACCENT = colors.HexColor(palette.ACCENT)
TEXT = colors.HexColor(palette.TEXT)
MUTED = colors.HexColor(palette.MUTED)
RULE = colors.HexColor(palette.RULE)
TRACK = colors.HexColor(palette.TRACK)
PANEL = colors.HexColor(palette.PANEL)
CORRECT = colors.HexColor(palette.CORRECT)
WRONG = colors.HexColor(palette.WRONG)
WHITE = colors.white


# -- the content: plain data, built from a session -----------------------------------


@dataclass(frozen=True)
class IdeaBoard:
    title: str  # the exercise's title (or prompt): a heading when a session has several
    ideas: tuple[Item, ...]  # the board's tally: visible ones, most upvoted first


@dataclass(frozen=True)
class QuestionBoard:
    title: str  # as IdeaBoard's
    questions: tuple[Item, ...]  # visible ones, most upvoted first; `answered` as marked


@dataclass(frozen=True)
class CuratedTheme:
    theme: str  # "" for the ideas that have none: printed last, as "More ideas"
    ideas: tuple[str, ...]


@dataclass(frozen=True)
class HandoutPoll:
    """One poll in "what the room said": its heading and its results."""

    title: str
    prompt: str  # "" when the title is the prompt
    results: PollResults


@dataclass(frozen=True)
class PersonalPage:
    """The page a phone's handout opens with: its attendee's own next step and ideas."""

    name: str
    action: str  # their commitment; "" when they made none
    due: str
    posted: tuple[str, ...]  # the ideas they posted (those still shown)
    upvoted: tuple[str, ...]  # the ideas they upvoted, the latest first


@dataclass(frozen=True)
class HandoutContent:
    """Everything the handout prints, and nothing else: picklable, for a child process."""

    title: str
    subtitle: str
    date: str  # as printed
    duration: str  # as printed, in words
    facilitator: str
    organisation: str
    logo: Image | None  # the deck's, else the organiser's kept one
    attendees: int
    language: str  # BCP 47, for the PDF's /Lang, and the language of the fixed words
    idea_boards: tuple[IdeaBoard, ...]
    curated: tuple[CuratedTheme, ...]
    polls: tuple[HandoutPoll, ...]
    question_boards: tuple[QuestionBoard, ...]
    resources: tuple[Resource, ...]
    personal: PersonalPage | None = None  # a phone's own copy; None for the room's

    @property
    def author(self) -> str:
        return self.organisation or self.facilitator

    @property
    def words(self) -> Translator:
        return translator(negotiate(self.language))

    @property
    def room_ideas(self) -> int:
        return sum(len(board.ideas) for board in self.idea_boards)


def _exercise_name(exercise: Exercise) -> str:
    return exercise.title or exercise.prompt


def handout_content(session: LiveSession, language: str | None = None) -> HandoutContent:
    """The handout's content from a session, as it is now: in the deck's language, or
    in `language` (a BCP-47 tag) when given."""
    workshop = session.workshop
    deck = workshop.deck
    record = session.record
    boards: list[IdeaBoard] = []
    questions: list[QuestionBoard] = []
    polls: list[HandoutPoll] = []
    # The order the room saw them in: the deck's, then the order they were opened.
    ordered = sorted(session.polls(), key=lambda p: (p.slide_index is None, p.slide_index or 0, p.id))
    for poll in ordered:
        results = session.results.of_poll(poll.id)
        exercise = results.exercise
        if exercise.kind is Kind.IDEAS:
            assert isinstance(results.tally, BoardTally)
            boards.append(IdeaBoard(_exercise_name(exercise), results.tally.items))
        elif exercise.kind is Kind.QUESTIONS:
            assert isinstance(results.tally, BoardTally)
            if results.tally.items:
                questions.append(QuestionBoard(_exercise_name(exercise), results.tally.items))
        elif exercise.kind in POLL_BODIES and results.responses:
            polls.append(HandoutPoll(
                _exercise_name(exercise), exercise.prompt if exercise.title else "", results,
            ))

    themes: dict[str, list[str]] = {}
    for idea in workshop.curated.ideas:
        themes.setdefault(idea.theme, []).append(idea.text)
    if "" in themes:  # the unthemed ones last
        themes[""] = themes.pop("")

    organizer = session_organizer(session)
    words = translator(negotiate(language or deck.language))
    return HandoutContent(
        title=deck.title,
        subtitle=deck.subtitle,
        date=date_words(datetime.date.fromtimestamp(record.started_at), words),
        duration=duration_words(deck.duration, words),
        facilitator=organizer.facilitator,
        organisation=organizer.organisation,
        logo=organizer.logo,
        attendees=len(session.attendees()),
        language=language or deck.language or words.tag,
        idea_boards=tuple(boards),
        curated=tuple(CuratedTheme(theme, tuple(ideas)) for theme, ideas in themes.items()),
        polls=tuple(polls),
        question_boards=tuple(questions),
        resources=tuple(workshop.curated.resources),
    )


def personal_page(session: LiveSession, attendee_id: int) -> PersonalPage:
    """An attendee's own page, for the handout their phone downloads:
    `replace(handout_content(session), personal=personal_page(session, attendee.id))`."""
    attendee = next(a for a in session.attendees() if a.id == attendee_id)
    commitment = session.commitment_of(attendee_id)
    posted: list[str] = []
    upvoted: list[str] = []
    for poll in session.idea_polls():
        posted += [i.text for i in session.posts_by(attendee.token, poll.id) if not i.hidden]
        upvoted += [i.text for i in session.upvoted_by(attendee.token, poll.id) if not i.hidden]
    return PersonalPage(
        name=attendee.name,
        action=commitment.action if commitment else "",
        due=commitment.due if commitment else "",
        posted=tuple(posted),
        upvoted=tuple(upvoted),
    )


# -- rendering -----------------------------------------------------------------------


def write_handout(session: LiveSession, path, *, page_size: str = "A4",
                  language: str | None = None) -> None:
    """Write the session's handout as a PDF (in the deck's language unless `language`)."""
    render_handout(handout_content(session, language), path, page_size=page_size)


def render_handout(content: HandoutContent, path, *, page_size: str = "A4") -> None:
    """Write the handout from its content alone (safe to call in a child process), on
    paper of one of PAGE_SIZES."""
    fonts.register_fonts()
    words = content.words
    _ = words.text
    styles = _Styles(words)
    margin = MARGIN
    doc = BaseDocTemplate(
        str(Path(path)),
        pagesize=PAGE_SIZES[page_size],
        leftMargin=margin, rightMargin=margin, topMargin=16 * mm, bottomMargin=20 * mm,
        title=_("{title}: action ideas", title=content.title),
        author=content.author,  # "" rather than ReportLab's "(anonymous)"
        subject=_("Action ideas and results from the session of {date}", date=content.date),
        creator="Facilitator",
        lang=content.language,
        displayDocTitle=True,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_footer(content, margin))])
    story = [
        *_personal(content.personal, styles, doc.width),
        *_header(content, styles, doc.width),
        *_room_ideas(content, styles, doc.width),
        *_curated(content, styles, doc.width),
        *_polls(content, styles, doc.width),
        *_questions(content, styles, doc.width),
        *_resources(content, styles, doc.width),
    ]
    doc.build(story, canvasmaker=partial(_NumberedCanvas, words=words))


class _Styles:
    """The paragraph styles of one language, and its words: text starts at the right
    in a language written right to left."""

    def __init__(self, words: Translator):
        self.words = words
        self.rtl = words.direction == "rtl"
        base = ParagraphStyle(
            "body", fontName=fonts.REGULAR, fontSize=10.5, leading=14, textColor=TEXT,
            splitLongWords=True, alignment=TA_RIGHT if self.rtl else TA_LEFT,
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=9, leading=12, textColor=MUTED)
        self.kicker = ParagraphStyle(
            "kicker", base, fontName=fonts.BOLD, fontSize=9, leading=12, textColor=ACCENT,
            spaceAfter=4,
        )
        self.title = ParagraphStyle(
            "title", base, fontName=fonts.BOLD, fontSize=24, leading=29, textColor=TEXT,
            spaceAfter=4,
        )
        self.subtitle = ParagraphStyle(
            "subtitle", base, fontSize=13, leading=17, textColor=MUTED, spaceAfter=4,
        )
        self.fact_label = ParagraphStyle("fact_label", self.small, fontSize=8, leading=10)
        self.fact = ParagraphStyle("fact", base, fontName=fonts.BOLD, fontSize=10.5, leading=13)
        self.h2 = ParagraphStyle(
            "h2", base, fontName=fonts.BOLD, fontSize=15, leading=19, textColor=ACCENT,
            spaceBefore=16, spaceAfter=2, keepWithNext=1,
        )
        # Not kept with what follows: a long table after it must be free to split. The
        # CondPageBreak before each section keeps a heading off the foot of a page.
        self.intro = ParagraphStyle("intro", self.small, spaceAfter=8)
        self.h3 = ParagraphStyle(
            "h3", base, fontName=fonts.BOLD, fontSize=11.5, leading=15, spaceBefore=10,
            spaceAfter=3, keepWithNext=1,
        )
        self.bullet = ParagraphStyle("bullet", base, textColor=ACCENT)
        self.rank = ParagraphStyle("rank", base, textColor=MUTED, alignment=TA_RIGHT)
        self.votes = ParagraphStyle("votes", base, fontName=fonts.BOLD, textColor=ACCENT, alignment=TA_RIGHT)
        self.head = ParagraphStyle("head", self.small, fontName=fonts.BOLD, fontSize=8.5)
        self.head_right = ParagraphStyle("head_right", self.head, alignment=TA_RIGHT)
        self.head_center = ParagraphStyle("head_center", self.head, alignment=TA_CENTER)
        self.cell = ParagraphStyle("cell", base, fontSize=9.5, leading=12)
        self.cell_center = ParagraphStyle("cell_center", self.cell, alignment=TA_CENTER)
        self.note = ParagraphStyle("note", self.small, spaceBefore=3)
        self.count = ParagraphStyle(
            "count", self.cell, fontName=fonts.BOLD, textColor=ACCENT, alignment=TA_RIGHT,
        )
        # A count in a shaded cell of the scale grid: none, on a light or a dark shade.
        self.grid_zero = ParagraphStyle("grid_zero", self.cell_center, textColor=MUTED)
        self.grid_light = ParagraphStyle("grid_light", self.cell_center, fontName=fonts.BOLD)
        self.grid_dark = ParagraphStyle("grid_dark", self.grid_light, textColor=WHITE)
        self.answered = ParagraphStyle("answered", self.cell, textColor=CORRECT)
        self.follow_up = ParagraphStyle("follow_up", self.cell, fontName=fonts.BOLD, textColor=ACCENT)
        self.commitment = ParagraphStyle("commitment", base, fontName=fonts.BOLD, fontSize=15, leading=20)
        self.resource_note = ParagraphStyle("resource_note", self.small, spaceBefore=2)

    def said(self, text: str, style: ParagraphStyle) -> Flowable:
        """A sentence of the catalogue's (with what it names inside): its lines run in
        the language's direction, whatever letter it opens with."""
        return fonts.paragraph(text, style, direction=self.words.direction)


# What a table's command for one side of a cell is called on the other side.
_OTHER_SIDE = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING",
               "LINEBEFORE": "LINEAFTER", "LINEAFTER": "LINEBEFORE"}


def _table(rows: list[list], widths: list[float], styles: _Styles, commands: list[tuple],
           **options) -> Table:
    """A table whose columns follow the reading order: the first column at the right in
    a language written right to left. `commands` (a TableStyle's) are written as for
    left to right, and mirrored with the columns."""
    if not styles.rtl:
        return Table(rows, colWidths=widths, hAlign="LEFT", style=TableStyle(commands), **options)
    last = len(widths) - 1

    def mirrored(column: int) -> int:
        return last - (column if column >= 0 else last + 1 + column)

    commands = [(_OTHER_SIDE.get(name, name), (mirrored(end), top), (mirrored(start), bottom), *rest)
                for name, (start, top), (end, bottom), *rest in commands]
    return Table([row[::-1] for row in rows], colWidths=widths[::-1], hAlign="RIGHT",
                 style=TableStyle(commands), **options)


def _p(text: str, style: ParagraphStyle) -> Flowable:
    """A paragraph of data text: escaped, in the fonts that can draw it, its lines in the
    direction of its first letter."""
    return fonts.paragraph(text, style)


def _bulleted(parts: list, styles: _Styles, width: float) -> Table:
    """A bullet, and beside it its paragraphs: at their left, or their right in a
    language written right to left."""
    return _table([[Paragraph("\u2022", styles.bullet), parts]], [BULLET_ROOM, width - BULLET_ROOM],
                  styles, [
                      ("VALIGN", (0, 0), (-1, -1), "TOP"),
                      ("LEFTPADDING", (0, 0), (0, 0), 1),
                      ("LEFTPADDING", (1, 0), (1, 0), 0),
                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                      ("TOPPADDING", (0, 0), (-1, -1), 0),
                      ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                  ])


def _section(title: str, intro: str, styles: _Styles) -> list:
    """A section heading (never alone at the foot of a page) and its one-line intro."""
    return [
        CondPageBreak(60 * mm),
        styles.said(title, styles.h2),
        _Rule(),
        styles.said(intro, styles.intro),
    ]


class _Rule(Flowable):
    """The accent rule under a section heading; keeps with what follows."""

    def __init__(self):
        super().__init__()
        self.keepWithNext = 1

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, 6

    def draw(self):
        self.canv.setStrokeColor(ACCENT)
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 4, self.width, 4)


class _Logo(Flowable):
    """The organisation's logo, at most LOGO_WIDTH by LOGO_HEIGHT, at the right (the left,
    right to left)."""

    def __init__(self, image: Image, *, at_left: bool):
        super().__init__()
        self.reader = image_reader(image)
        self.drawn = fit_box(self.reader, LOGO_WIDTH, LOGO_HEIGHT)
        self.at_left = at_left

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.drawn[1]

    def draw(self):
        width, height = self.drawn
        x = 0 if self.at_left else self.width - width
        self.canv.drawImage(self.reader, x, 0, width, height, mask="auto")


def _header(content: HandoutContent, styles: _Styles, width: float) -> list:
    _ = styles.words.text
    titles: list = [
        styles.said(_("Action ideas handout").upper(), styles.kicker),
        _p(content.title, styles.title),
    ]
    if content.subtitle:
        titles.append(_p(content.subtitle, styles.subtitle))
    if content.logo is None:
        story = titles
    else:  # the titles keep the width the logo leaves them
        story = [_table([[titles, _Logo(content.logo, at_left=styles.rtl)]],
                        [width - LOGO_WIDTH, LOGO_WIDTH], styles, [
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm),
                            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                        ])]
    # The date, duration and count are short and never wrap ("1 December / 2026" would
    # read as two facts): each column is as wide as its value or its label
    # ("Teilnehmende"). Names get the rest.
    short = [(_("Date"), content.date), (_("Duration"), content.duration)]
    names = [(label, value) for label, value in ((_("Facilitator"), content.facilitator),
                                                 (_("Organisation"), content.organisation)) if value]
    facts = short + names + [(_("Attendees"), styles.words.number(content.attendees))]
    cells = [[styles.said(label, styles.fact_label), _p(value, styles.fact)] for label, value in facts]
    padding = 8 + 6 + 1  # the cell's left and right padding, and a point to spare
    widths = [max(22 * mm, fonts.text_width(value, styles.fact.fontSize, bold=True) + padding,
                  fonts.text_width(label, styles.fact_label.fontSize) + padding)
              for label, value in facts]
    if names:
        rest = (width - sum(widths[:len(short)]) - widths[-1]) / len(names)
        widths[len(short):-1] = [rest] * len(names)
    table = _table([cells], widths, styles, [
        ("BACKGROUND", (0, 0), (-1, -1), PANEL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.6, WHITE),  # between the facts
    ])
    story += [Spacer(1, 6), table]
    return story


def _personal(page: PersonalPage | None, styles: _Styles, width: float) -> list:
    """The phone's own first page: the commitment in a panel, then their ideas; the
    room's handout follows on the next page."""
    if page is None:
        return []
    _ = styles.words.text
    story: list = [
        styles.said(_("Your commitment").upper(), styles.kicker),
        _p(page.name, styles.title),
    ]
    if page.action:
        panel = _table(
            [[styles.said(_("I will"), styles.fact_label)], [_p(page.action, styles.commitment)],
             [styles.said(_("By"), styles.fact_label)], [_p(page.due, styles.fact)]],
            [width], styles, [
                ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, 0), 9),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 10),
                ("TOPPADDING", (0, 2), (-1, 2), 8),
            ],
        )
        story += [Spacer(1, 8), panel]
    else:
        story.append(styles.said(_(
            "You made no commitment at the end of the session. Pick one idea from the"
            " pages that follow, and give yourself a date."), styles.body,
        ))
    for title, ideas, empty in (
        (_("The ideas you posted"), page.posted, _("You posted no ideas.")),
        (_("The ideas you upvoted"), page.upvoted, _("You upvoted no ideas.")),
    ):
        story += [styles.said(title, styles.h2), _Rule()]
        story += [_bulleted([_p(text, styles.body)], styles, width) for text in ideas] \
            or [styles.said(empty, styles.small)]
    return [*story, PageBreak()]


def _room_ideas(content: HandoutContent, styles: _Styles, width: float) -> list:
    _, ngettext = styles.words.text, styles.words.plural_text
    count = content.room_ideas
    intro = (
        ngettext("{count} idea posted during the session, the most upvoted first.",
                 "{count} ideas posted during the session, the most upvoted first.", count)
        if count else _("No ideas were posted during the session.")
    )
    story = _section(_("Ideas from the room"), intro, styles)
    several = len(content.idea_boards) > 1
    for board in content.idea_boards:
        if several:
            story.append(_p(board.title, styles.h3))
        if board.ideas:
            story.append(_idea_table(board.ideas, styles, width))
        elif several:
            story.append(styles.said(_("No ideas were posted on this board."), styles.small))
    return story


def _idea_table(ideas: tuple[Item, ...], styles: _Styles, width: float) -> Table:
    # Room for the longest rank ("300.") beside its padding, so no rank wraps.
    rank_width = max(9 * mm, fonts.text_width(f"{len(ideas)}.", styles.rank.fontSize) + 10)
    votes_width = 20 * mm
    _ = styles.words.text
    rows = [[Paragraph("#", styles.head_right), styles.said(_("Idea"), styles.head),
             styles.said(_("Upvotes"), styles.head_right)]]
    for rank, idea in enumerate(ideas, start=1):
        rows.append([
            Paragraph(f"{rank}.", styles.rank),
            _p(idea.text, styles.body),
            Paragraph(str(idea.upvotes), styles.votes),
        ])
    return _table(rows, [rank_width, width - rank_width - votes_width, votes_width], styles,
                  LIST_STYLE, repeatRows=1)


# A ranked list of posts: a heading row, a rule under each post.
LIST_STYLE = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
    ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
]


def _curated(content: HandoutContent, styles: _Styles, width: float) -> list:
    if not content.curated:
        return []
    _ = styles.words.text
    story = _section(
        _("More ideas to put to work"),
        _("A short list chosen for this workshop: pick one or two to try next week."), styles,
    )
    for group in content.curated:
        story.append(_p(group.theme, styles.h3) if group.theme else styles.said(_("More ideas"), styles.h3))
        story += [_bulleted([_p(text, styles.body)], styles, width) for text in group.ideas]
    return story


# -- what the room said --------------------------------------------------------------


def _polls(content: HandoutContent, styles: _Styles, width: float) -> list:
    if not content.polls:
        return []
    _ = styles.words.text
    story = _section(
        _("What the room said"),
        _("The results of the session's polls and quizzes, with how many gave each answer."),
        styles,
    )
    for poll in content.polls:
        block = [_p(poll.title, styles.h3)]
        if poll.prompt:
            block.append(_p(poll.prompt, styles.small))
            block.append(Spacer(1, 4))
        block += _poll_body(poll, styles, width)
        story.append(KeepTogether(block))
    return story


def _poll_body(poll: HandoutPoll, styles: _Styles, width: float) -> list:
    return POLL_BODIES[poll.results.kind](poll.results.tally, styles, width)


def _answered(respondents: int, words: Translator) -> str:
    ngettext = words.plural_text
    return ngettext("{count} person answered.", "{count} people answered.", respondents)


def _quiz(tally: QuizTally, styles: _Styles, width: float) -> list:
    _ = styles.words.text
    right = [option.label for option in tally.options if option.correct]
    # One sentence, set as data text: the shaping and direction apply to it whole.
    answers = " + ".join(right)
    answer = (_("Correct answer: {answers}.", answers=answers) if len(right) == 1
              else _("Correct answers, all together: {answers}.", answers=answers))
    ngettext = styles.words.plural_text
    got = ngettext("{correct} of {count} person got it right.",
                   "{correct} of {count} people got it right.",
                   tally.respondents, correct=tally.correct_count)
    notes = [styles.said(_("{answer} {got}", answer=answer, got=got), styles.note)]
    if tally.explanation:
        notes.append(_p(tally.explanation, styles.note))
    return [_bar_chart(tally.options, styles, width, quiz=True), *notes]


def _choice(tally: ChoiceTally, styles: _Styles, width: float) -> list:
    ngettext = styles.words.plural_text
    answered = (
        ngettext("{count} person answered, each could pick more than one.",
                 "{count} people answered, each could pick more than one.", tally.respondents)
        if tally.kind is Kind.MULTIPLE_CHOICE else _answered(tally.respondents, styles.words)
    )
    return [_bar_chart(tally.options, styles, width), styles.said(answered, styles.note)]


class _BarCell(Flowable):
    """A horizontal bar in its track, with the count (and share) written after it: growing
    from the left, or from the right with its numbers at its left (`mirrored`)."""

    HEIGHT = 11
    NUMBER_ROOM = 58  # points kept beside the longest bar for "12  (40%)"

    def __init__(self, fraction: float, number: str, share: str = "", colour=ACCENT, *,
                 mirrored: bool = False):
        super().__init__()
        self.fraction = max(0.0, min(1.0, fraction))
        self.number = number
        self.share = share
        self.colour = colour
        self.mirrored = mirrored

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.HEIGHT

    def draw(self):
        canvas = self.canv
        track = max(self.width - self.NUMBER_ROOM, 10)
        bar = max(track * self.fraction, 1.5) if self.fraction > 0 else 0.0
        # The bar's start, and which way the bar and the numbers after it go.
        start, way, side = (self.width, -1, "right") if self.mirrored else (0.0, 1, "left")
        canvas.setFillColor(TRACK)
        canvas.rect(min(start, start + way * track), 1, track, self.HEIGHT - 2, stroke=0, fill=1)
        if bar:
            canvas.setFillColor(self.colour)
            canvas.rect(min(start, start + way * bar), 1, bar, self.HEIGHT - 2, stroke=0, fill=1)
        canvas.setFillColor(TEXT)
        x = start + way * (track + 5)
        x += way * fonts.draw_text(canvas, x, 2.5, self.number, 9.5, bold=True, align=side)
        if self.share:
            canvas.setFillColor(MUTED)
            fonts.draw_text(canvas, x + way * 3, 2.5, self.share, 8, align=side)


def _chart(rows: list[list], styles: _Styles, width: float) -> Table:
    """Rows of a label and its bar (`_BarCell`)."""
    label_width = width * 0.42
    return _table(rows, [label_width, width - label_width], styles, [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), 8),
        ("RIGHTPADDING", (1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])


def _bar_chart(bars: tuple[OptionCount, ...], styles: _Styles, width: float,
               *, quiz: bool = False) -> Table:
    """One row per option: its label, then its bar: the share of the people who answered,
    on the projector's 0-100 % track."""
    _ = styles.words.text
    rows = []
    for bar in bars:
        label = [fonts.Span(bar.label, bold=bar.correct)]
        if bar.correct:
            label.append(fonts.Span(" " + _("(correct)"), color=palette.CORRECT, size=8))
        colour = (CORRECT if bar.correct else WRONG) if quiz else ACCENT
        rows.append([
            fonts.paragraph(label, styles.cell),
            _BarCell(bar.percent / 100, str(bar.count), styles.words.percent(bar.percent / 100), colour,
                     mirrored=styles.rtl),
        ])
    return _chart(rows, styles, width)


def _scale(scale: ScaleTally, styles: _Styles, width: float) -> list:
    _ = styles.words.text
    ends = _("From {low} ({low_label}) to {high} ({high_label}).", low=scale.min,
             low_label=scale.min_label, high=scale.max, high_label=scale.max_label)
    answered = _answered(scale.respondents, styles.words)
    if len(scale.rows) == 1 and not scale.rows[0].statement:
        line = scale.rows[0]
        total = line.count or 1
        rows = []
        ends_named = {scale.min: scale.min_label, scale.max: scale.max_label}
        for rating, count in line.distribution:
            label = f"{rating} {ends_named[rating]}" if rating in ends_named else str(rating)
            rows.append([
                _p(label, styles.cell),
                _BarCell(count / total, str(count), styles.words.percent(count / total),
                         mirrored=styles.rtl),
            ])
        table = _chart(rows, styles, width)
        average = "–" if line.average is None else styles.words.number(line.average, places=1)
        return [table, styles.said(_("Average {average} out of {high}. {answered}", average=average,
                            high=scale.max, answered=answered), styles.note)]
    return [_scale_grid(scale, styles, width), styles.said(_(
        "Each cell counts the people who gave that rating, the darker the more. {ends} {answered}",
        ends=ends, answered=answered), styles.note)]


def _mix(colour, share: float):
    """The accent diluted in white: share 0 is white, 1 is the accent itself."""
    return colors.Color(
        1 + (colour.red - 1) * share, 1 + (colour.green - 1) * share, 1 + (colour.blue - 1) * share,
    )


def _scale_grid(scale: ScaleTally, styles: _Styles, width: float) -> Table:
    """Statements down, ratings across: each cell's count, shaded by its share of the row;
    the row's average as a bar at the end of the row."""
    ratings = list(range(scale.min, scale.max + 1))
    cell = 9 * mm
    average_width = 34 * mm
    statement_width = width - cell * len(ratings) - average_width
    _ = styles.words.text
    rows = [[styles.said(_("Statement"), styles.head)]
            + [Paragraph(str(r), styles.head_center) for r in ratings]
            + [styles.said(_("Average"), styles.head)]]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (-1, 0), (-1, -1), 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
    ]
    span = scale.max - scale.min
    for y, line in enumerate(scale.rows, start=1):
        total = line.count
        row = [_p(line.statement, styles.cell) if line.statement else styles.said(_("Rating"), styles.cell)]
        for x, (_rating, count) in enumerate(line.distribution, start=1):
            share = count / total if total else 0.0
            style = (styles.grid_dark if share > 0.45 else styles.grid_light) if count else styles.grid_zero
            row.append(Paragraph(str(count), style))
            if count:
                commands.append(("BACKGROUND", (x, y), (x, y), _mix(ACCENT, 0.08 + 0.92 * share)))
        if line.average is None:
            row.append(Paragraph("–", styles.cell))
        else:
            row.append(_BarCell((line.average - scale.min) / span if span else 1.0,
                                styles.words.number(line.average, places=1), mirrored=styles.rtl))
        rows.append(row)
    return _table(rows, [statement_width] + [cell] * len(ratings) + [average_width], styles,
                  commands, repeatRows=1)


def _words(tally: WordCloudTally, styles: _Styles, width: float) -> list:
    """The top words in columns, most sent first (down each column), each with its count."""
    words = [(word.text, word.count) for word in tally.words[:TOP_WORDS]]
    columns = 3
    per_column = -(-len(words) // columns)
    grid = [[None] * (2 * columns) for _ in range(per_column)]
    for index, (word, count) in enumerate(words):
        column, row = divmod(index, per_column)
        grid[row][2 * column] = _p(word, styles.cell)
        grid[row][2 * column + 1] = Paragraph(str(count), styles.count)
    grid = [["" if c is None else c for c in row] for row in grid]
    count_width = 10 * mm
    gap = 8 * mm
    word_width = (width - columns * count_width - (columns - 1) * gap) / columns
    widths = []
    for column in range(columns):
        widths += [word_width + (gap if column else 0), count_width]
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    for column in range(1, columns):
        commands.append(("LEFTPADDING", (2 * column, 0), (2 * column, -1), gap))
    table = _table(grid, widths, styles, commands)
    _ = styles.words.text
    shown = (_("The most sent words, with how many sent each.") if len(words) >= TOP_WORDS
             else _("The words sent, with how many sent each."))
    return [
        styles.said(shown, styles.small),
        Spacer(1, 3),
        table,
        styles.said(_answered(tally.respondents, styles.words), styles.note),
    ]


# Each kind's part of "what the room said": the one place in the handout that knows a
# kind. Boards are not here: ideas and questions have sections of their own.
POLL_BODIES: dict[Kind, Callable[[Any, _Styles, float], list]] = {
    Kind.SINGLE_CHOICE: _choice,
    Kind.MULTIPLE_CHOICE: _choice,
    Kind.QUIZ: _quiz,
    Kind.SCALE: _scale,
    Kind.WORD_CLOUD: _words,
}


# -- the room's questions ------------------------------------------------------------


def _questions(content: HandoutContent, styles: _Styles, width: float) -> list:
    """Each question with its upvotes and whether the trainer marked it answered: the
    open ones are the follow-up the room is owed."""
    if not content.question_boards:
        return []
    asked = [q for board in content.question_boards for q in board.questions]
    unanswered = sum(not q.answered for q in asked)
    _, ngettext = styles.words.text, styles.words.plural_text
    intro = _("{asked} {open}", asked=ngettext(
        "{count} question asked during the session, the most upvoted first.",
        "{count} questions asked during the session, the most upvoted first.", len(asked),
    ), open=ngettext("{count} to follow up after the session.", "{count} to follow up after the session.",
                     unanswered) if unanswered else _("All were answered in the room."))
    story = _section(_("Questions from the room"), intro, styles)
    several = len(content.question_boards) > 1
    for board in content.question_boards:
        if several:
            story.append(_p(board.title, styles.h3))
        story.append(_question_table(board.questions, styles, width))
    return story


def _question_table(questions: tuple[Item, ...], styles: _Styles, width: float) -> Table:
    status_width = 26 * mm
    votes_width = 20 * mm
    _ = styles.words.text
    rows = [[styles.said(_("Question"), styles.head), styles.said(_("Upvotes"), styles.head_right),
             styles.said(_("Status"), styles.head)]]
    for question in questions:
        rows.append([
            _p(question.text, styles.body),
            Paragraph(str(question.upvotes), styles.votes),
            styles.said("\u2713 " + _("Answered"), styles.answered) if question.answered
            else styles.said(_("To follow up"), styles.follow_up),
        ])
    return _table(rows, [width - votes_width - status_width, votes_width, status_width], styles,
                  LIST_STYLE, repeatRows=1)


# -- resources -----------------------------------------------------------------------


def _resources(content: HandoutContent, styles: _Styles, width: float) -> list:
    if not content.resources:
        return []
    _ = styles.words.text
    story = _section(_("Resources"), _("To read further, and to share with your team."), styles)
    written_by = _("by")
    for resource in content.resources:
        line = [fonts.Span(resource.title, bold=True)]
        if resource.by:
            line += [fonts.Span(f" {written_by} ", color=palette.MUTED), fonts.Span(resource.by)]
        published = ", ".join(x for x in (resource.publisher, resource.year) if x)
        if published:
            line.append(fonts.Span(f" ({published})"))
        parts = [fonts.paragraph(line, styles.body)]
        if resource.note:
            parts.append(_p(resource.note, styles.resource_note))
        if resource.link:
            # core.curated let only an http(s) address through.
            parts.append(fonts.paragraph([fonts.Span(resource.link, color=palette.ACCENT, link=resource.link)],
                                         styles.resource_note))
        story.append(_bulleted(parts, styles, width))
    return story


# -- the page ------------------------------------------------------------------------


def _footer(content: HandoutContent, margin: float):
    """Draw the footer every page shares: a rule and the workshop title (shortened to
    fit), at the left (the right, right to left). The page numbers are added at the end,
    once the page count is known, on the other side."""
    mirrored = content.words.direction == "rtl"

    def draw(canvas: Canvas, doc) -> None:
        width, _ = doc.pagesize
        y = 12 * mm
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(margin, y + 11, width - margin, y + 11)
        canvas.setFillColor(MUTED)
        room = width - 2 * margin - 80
        title = _shorten(content.title, 8.5, room)
        if mirrored:
            fonts.draw_text(canvas, width - margin, y, title, 8.5, align="right")
        else:
            fonts.draw_text(canvas, margin, y, title, 8.5)
        canvas.restoreState()

    return draw


def _shorten(text: str, size: float, room: float) -> str:
    if fonts.text_width(text, size) <= room:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        middle = (low + high + 1) // 2
        if fonts.text_width(text[:middle].rstrip() + "…", size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end, to write "Page 2 of 5" on each."""

    def __init__(self, *args, words: Translator, **kwargs):
        super().__init__(*args, **kwargs)
        self._words = words
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width, _ = self._pagesize
            self.saveState()
            self.setFillColor(MUTED)
            _ = self._words.text
            shown = _("Page {number} of {total}", number=number, total=total)
            if self._words.direction == "rtl":
                fonts.draw_text(self, MARGIN, 12 * mm, shown, 8.5)
            else:
                fonts.draw_text(self, width - MARGIN, 12 * mm, shown, 8.5, align="right")
            self.restoreState()
            super().showPage()
        super().save()
