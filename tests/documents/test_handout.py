"""The action-ideas handout: content, order, hostile text, metadata, and the shipped workshop."""

from __future__ import annotations

import dataclasses
import datetime
import multiprocessing
import pickle
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import LETTER

from facilitator.core import operations
from facilitator.core.clock import ManualClock
from facilitator.core.curated import Resource
from facilitator.core.exercise import Kind
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.workshop import Workshop, load_workshop
from facilitator.core.translation import translator
from facilitator.core.wording import format_date
from facilitator.documents import fonts
from facilitator.documents.handout import (
    POLL_BODIES, HandoutContent, _poll_body, _Styles, handout_content, render_handout, write_handout,
)

from .simulate import run_session

HOSTILE_IDEAS = [
    "<b>x</b>",
    "&amp;",
    "<img src=/etc/passwd>",
    "</para>",
    '<font name="Courier" color="red">big</font> ]]> &#60; &lt;',
    "<para><br/></para> and <a href='http://example.com'>a link</a>",
    ("Long idea " + "with many words to wrap over lines " * 10)[:279] + "!",
    "x" * 280,  # one word that no line can hold
    "Great idea 🚀👍 for the team",
    "شارك فكرة واحدة مع الفريق كل أسبوع",
    "כל שבוע לשתף רעיון אחד עם הצוות",
    "每周和团队分享一个好帖子",
    "チームで週に一度アイデアを共有する",
    "팀과 매주 아이디어 하나를 공유하기",
    "𝕏 marks the spot: 𝓟𝓸𝓼𝓽 𝓦𝓮𝓵𝓵",
    "Share wins 🎉🚀 👍",
    "Check ★ ✓ → ➜ ⌘ first",
]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squeeze(text: str) -> str:
    """Text without white space: what wrapping over lines cannot change."""
    return "".join(text.split())


def as_read(text: str) -> str:
    """Text as a reader (and text extraction) sees it, whatever the glyphs that drew it:
    Arabic joined forms back to letters (NFKC), no white space."""
    return squeeze(unicodedata.normalize("NFKC", text))


def board(session: LiveSession, open_poll, exercise_id: str = "ideas"):
    """Open a board and return (poll, post(attendee index, text) -> item)."""
    people = [session.join(f"Person {n}") for n in range(8)]
    poll = open_poll(exercise_id)

    def post(n: int, text: str):
        item = session.post(people[n % len(people)].token, poll.id, text)
        session.clock.advance(1)
        return item

    def upvote(item, count: int):
        voters = [p for p in people if p.id != item.attendee_id][:count]
        assert len(voters) == count
        for person in voters:
            session.upvote(person.token, item.id)

    return poll, post, upvote


def test_room_ideas_are_ranked_by_upvotes_and_hidden_ones_left_out(session, open_poll, tmp_path):
    _, post, upvote = board(session, open_poll)
    votes = {"Write a posting guide": 2, "Ask HR for the policy": 5, "Start a wiki": 0,
             "Brief the leaders": 3, "Post something rude": 7, "Run a quiz": 3}
    items = {text: post(n, text) for n, text in enumerate(votes)}
    for text, count in votes.items():
        upvote(items[text], count)
    session.moderate(items["Post something rude"].id, hidden=True)

    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    text = pdf_text(path)

    assert "Post something rude" not in text
    # Most upvoted first; equal upvotes keep the order they were posted in.
    ranked = ["Ask HR for the policy", "Brief the leaders", "Run a quiz",
              "Write a posting guide", "Start a wiki"]
    positions = [text.index(idea) for idea in ranked]
    assert positions == sorted(positions)
    for rank, idea in enumerate(ranked, start=1):
        assert re.search(rf"{rank}\.\s*{re.escape(idea)}\s*{votes[idea]}\b", text), idea
    assert "5 ideas posted during the session" in text


def test_hostile_ideas_print_exactly_as_typed(session, open_poll, tmp_path):
    _, post, _ = board(session, open_poll)
    for n, idea in enumerate(HOSTILE_IDEAS):
        post(n, idea)

    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    text = as_read(pdf_text(path))

    for idea in HOSTILE_IDEAS:
        assert fonts.missing_characters(idea) == [], idea
        # Right-to-left text is drawn in display order, Arabic in its joined forms; the
        # extraction puts it back in reading order.
        assert as_read(idea) in text, idea
    # Nothing was taken as markup: no link, no image, and Courier was never used.
    reader = PdfReader(path)
    embedded = set()
    for page in reader.pages:
        assert "/Annots" not in page
        font_names = {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()
                      if "/BaseFont" in font.get_object()}
        assert not any("Courier" in name for name in font_names), font_names
        embedded |= {name.split("+")[-1] for name in font_names}
    assert {"NotoSansMath-Regular", "NotoEmoji-Regular", "NotoSansSymbols2-Regular"} <= embedded


def test_the_280_character_word_stays_inside_its_column(session, open_poll, tmp_path):
    """A word longer than a line is split across lines, not drawn over the upvote column."""
    _, post, upvote = board(session, open_poll)
    item = post(0, "y" * 280)
    upvote(item, 4)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)

    lines = [line for line in pdf_text(path).splitlines() if "yyy" in line]
    assert len(lines) >= 3
    assert "".join(line.strip() for line in lines).count("y") == 280
    assert re.search(r"y\s*4\b", pdf_text(path))


def test_three_digit_ranks_fit_their_column(session, open_poll, tmp_path):
    _, post, _ = board(session, open_poll)
    for n in range(105):
        post(n, f"Idea number {n + 1}")
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    text = pdf_text(path)
    for rank in (1, 99, 100, 105):
        assert re.search(rf"(^|\s){rank}\.\s*Idea number {rank}\s*0\b", text), rank


def test_header_counts_attendees_and_names_the_people(
    fresh_store, workshop: Workshop, clock, tmp_path
):
    deck = dataclasses.replace(
        workshop.deck, facilitator="Zoë Ní Bhriain", organisation="Ωmega & <Sons>",
        subtitle="A subtitle", language="en-GB",
    )
    session = LiveSession.start(fresh_store, dataclasses.replace(workshop, deck=deck), clock)
    for n in range(3):
        session.join(f"Person {n}")

    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    reader = PdfReader(path)
    first = reader.pages[0].extract_text()
    for expected in ("Test workshop", "A subtitle", "Zoë Ní Bhriain", "Ωmega & <Sons>",
                     format_date(datetime.date.fromtimestamp(clock.now()))):
        assert expected in first
    assert re.search(r"Attendees\s*3", first)

    meta = reader.metadata
    assert meta.title == "Test workshop: action ideas"
    assert meta.author == "Ωmega & <Sons>"  # the organisation before the facilitator
    assert meta.creator == "Facilitator"
    assert "Action ideas" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_author_is_the_facilitator_when_there_is_no_organisation(
    fresh_store, workshop: Workshop, clock, tmp_path
):
    deck = dataclasses.replace(workshop.deck, facilitator="Alex Example")
    session = LiveSession.start(fresh_store, dataclasses.replace(workshop, deck=deck), clock)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    reader = PdfReader(path)
    assert reader.metadata.author == "Alex Example"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def _answer_everything(session: LiveSession, open_poll) -> None:
    """Every poll of the test workshop answered by four people."""
    people = [session.join(f"Person {n}") for n in range(4)]
    answers = {
        "pick-one": [0, 2, 2, 1],
        "pick-some": [[0, 1], [1], [1, 3], [2]],
        "rate": [5, 4, 4, 2],
        "rate-many": [[1, 5], [2, 5], [1, 4], [1, 3]],
        "words": [["Curious", "busy"], ["curious"], ["Busy"], ["=cmd"]],
        "quiz": [[1], [1], [0], [1]],
        "quiz-untimed": [[0, 1], [0], [0, 1], [2]],
    }
    for exercise_id, given in answers.items():
        poll = open_poll(exercise_id)
        for person, answer in zip(people, given):
            session.respond(person.token, poll.id, answer)
            session.clock.advance(1)
    open_poll("questions")  # a board of questions with none asked: no section
    session.close_poll()


def test_poll_results_are_written_as_numbers(session, open_poll, tmp_path):
    _answer_everything(session, open_poll)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    text = pdf_text(path)

    said = text[text.index("What the room said"):]
    # Single choice: every option with its count and share.
    assert re.search(r"Red\s*1\s*25%\s*Green\s*1\s*25%\s*Blue\s*2\s*50%", said)
    # Multiple choice: shares of the people who answered, adding up past 100%.
    assert re.search(r"A\s*1\s*25%\s*B\s*3\s*75%\s*C\s*1\s*25%\s*D\s*1\s*25%", said)
    assert "each could pick more than one" in said
    # Scale: the distribution and the average.
    assert re.search(r"1 Not at all\s*0\s*0%\s*2\s*1\s*25%\s*3\s*0\s*0%\s*4\s*2\s*50%\s*5 Very\s*1\s*25%", said)
    assert "Average 3.8 out of 5" in said
    # Statements: counts per rating and each statement's average.
    assert re.search(r"We have a policy\s*3\s*1\s*0\s*0\s*0\s*1\.2", said)
    assert re.search(r"We train staff\s*0\s*0\s*1\s*1\s*2\s*4\.2", said)
    # Word cloud: words counted whatever their case, most sent first, a formula is text.
    assert re.search(r"curious\s*2", said, re.IGNORECASE)
    assert re.search(r"busy\s*2", said, re.IGNORECASE)
    assert re.search(r"=cmd\s*1", said)
    # Quiz: the right answer and how many got it.
    assert "Correct answer: No. 3 of 4 people got it right." in said
    assert "Correct answers, all together: A + B. 2 of 4 people got it right." in said
    # A board of questions is not a poll with results, and none was asked.
    assert "Ask me" not in text and "Questions from the room" not in text


def _bars(table) -> list[float]:
    return [row[1].fraction for row in table._cellvalues]


@pytest.mark.parametrize("exercise_id", ["pick-one", "pick-some", "quiz"])
def test_bars_are_shares_of_the_room_on_the_projectors_scale(session, open_poll, exercise_id):
    _answer_everything(session, open_poll)
    poll = next(p for p in handout_content(session).polls if p.results.exercise.id == exercise_id)
    table = next(f for f in _poll_body(poll, _Styles(translator("en")), 400) if hasattr(f, "_cellvalues"))
    # Not scaled to the most given answer: 2 of 4 is half a bar, as on the projector.
    assert _bars(table) == [option.percent / 100 for option in poll.results.tally.options]
    assert max(_bars(table)) < 1


def test_a_rating_bar_is_its_share_of_the_room(session, open_poll):
    _answer_everything(session, open_poll)
    poll = next(p for p in handout_content(session).polls if p.results.exercise.id == "rate")
    table = _poll_body(poll, _Styles(translator("en")), 400)[0]
    assert _bars(table) == [0, 0.25, 0, 0.5, 0.25]


def test_the_rooms_questions_with_their_answered_marks(session, open_poll, tmp_path):
    _, post, upvote = board(session, open_poll, "questions")
    asked = {"Can I name a client?": 3, "Who approves posts?": 1, "Is <b>this</b> OK?": 2}
    items = {text: post(n, text) for n, text in enumerate(asked)}
    for text, count in asked.items():
        upvote(items[text], count)
    operations.mark_answered(session, items["Who approves posts?"].id)
    session.moderate(post(4, "Something rude").id, hidden=True)

    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    text = pdf_text(path)

    said = text[text.index("Questions from the room"):]
    assert "3 questions asked during the session, the most upvoted first. 2 to follow up" in said
    assert re.search(r"Can I name a client\?\s*3\s*To follow up\s*Is <b>this</b> OK\?\s*2\s*To follow up"
                     r"\s*Who approves posts\?\s*1\s*✓ Answered", said)
    assert "Something rude" not in text
    assert text.index("Questions from the room") < text.index("Resources")


def test_questions_all_answered_say_so(session, open_poll, tmp_path):
    _, post, _ = board(session, open_poll, "questions")
    operations.mark_answered(session, post(0, "Why?").id)
    write_handout(session, tmp_path / "handout.pdf")
    assert "1 question asked during the session, the most upvoted first. All were answered in the room." \
        in pdf_text(tmp_path / "handout.pdf")


@pytest.mark.parametrize("started", [datetime.datetime(2026, 9, 30, 12), datetime.datetime(2026, 12, 1, 12)])
def test_the_date_and_the_duration_never_wrap(fresh_store, workshop, tmp_path, started):
    deck = dataclasses.replace(workshop.deck, duration=90, facilitator="Dana Ruiz-Fitzgerald Montgomery",
                               organisation="The Very Long Name of an Organisation for Training Ltd")
    clock = ManualClock(started.timestamp())
    session = LiveSession.start(fresh_store, dataclasses.replace(workshop, deck=deck), clock)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    lines = PdfReader(path).pages[0].extract_text().splitlines()
    assert format_date(started.date()) in lines
    assert "1 hour 30 minutes" in lines


def test_resources_say_who_published_them_when_and_where(session, tmp_path):
    resources = (
        Resource("A column", by="Beverly Macy", publisher="HuffPost", year="2011–2012",
                 note="Three reasons.", link="https://example.org/column?a=1&b=\"2\""),
        Resource("A checklist"),
    )
    content = dataclasses.replace(handout_content(session), resources=resources)
    path = tmp_path / "handout.pdf"
    render_handout(content, path)
    text = pdf_text(path)
    assert "A column by Beverly Macy (HuffPost, 2011–2012)" in text
    assert 'https://example.org/column?a=1&b="2"' in text
    assert re.search(r"A checklist\s*$", text, re.MULTILINE)
    links = [a["/A"]["/URI"] for page in PdfReader(path).pages for a in
             (x.get_object() for x in page.get("/Annots", [])) if "/A" in a]
    assert links == ['https://example.org/column?a=1&b="2"']


def test_the_shipped_resources_name_only_what_the_brief_gives():
    resources = {r.title: r for r in load_workshop(SHIPPED_DECK).curated.resources}
    column = next(r for r in resources.values() if r.by == "Beverly Macy")
    assert (column.publisher, column.year) == ("HuffPost", "2011–2012")
    assert not any(r.link for r in resources.values())  # the brief gives no address


def test_polls_nobody_answered_are_left_out(session, open_poll, tmp_path):
    session.join("Solo")
    open_poll("pick-one")
    open_poll("rate")
    session.close_poll()
    content = handout_content(session)
    assert content.polls == ()
    path = tmp_path / "handout.pdf"
    render_handout(content, path)
    text = pdf_text(path)
    assert "What the room said" not in text
    assert "No ideas were posted during the session." in text


def test_curated_ideas_by_theme_then_resources(session, tmp_path):
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    text = squeeze(pdf_text(path))
    curated = session.workshop.curated
    last = text.index(squeeze("More ideas to put to work"))
    themes = list(dict.fromkeys(idea.theme for idea in curated.ideas))
    for theme in themes:
        last = text.index(squeeze(theme), last)  # the heading, then its ideas
        for idea in (i for i in curated.ideas if i.theme == theme):
            last = text.index(squeeze(idea.text), last)
    resources = text.index("Resources", last)
    for resource in curated.resources:
        assert text.index(squeeze(resource.title), resources) > resources


def test_several_idea_boards_each_get_a_heading(write_files, tmp_path, clock):
    root = write_files({
        "exercises/first.toml": 'kind = "ideas"\ntitle = "Quick wins"\nprompt = "Ideas?"\n',
        "exercises/second.toml": 'kind = "ideas"\ntitle = "Long term"\nprompt = "More?"\n',
        "slides/deck.md": (
            "---\ntitle: Two boards\nduration: 2\n---\n\n"
            "<!-- minutes: 1, layout: join, exercise: first -->\n# One\n\n---\n\n"
            "<!-- minutes: 1, exercise: second -->\n# Two\n"
        ),
    })
    store = Store.in_memory()
    session = LiveSession.start(store, load_workshop(root / "slides" / "deck.md"), clock)
    person = session.join("Someone")
    for index, idea in ((0, "First board idea"), (1, "Second board idea")):
        session.go_to_slide(index)
        poll = session.open_poll_for()
        session.post(person.token, poll.id, idea)
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    text = pdf_text(path)
    assert (text.index("Quick wins") < text.index("First board idea")
            < text.index("Long term") < text.index("Second board idea"))
    store.close()


def test_footer_numbers_pages_and_shortens_a_long_title(fresh_store, workshop, clock, tmp_path):
    title = "A workshop with a title far too long for any footer " * 4
    deck = dataclasses.replace(workshop.deck, title=title.strip())
    session = LiveSession.start(fresh_store, dataclasses.replace(workshop, deck=deck), clock)
    path = tmp_path / "handout.pdf"
    write_handout(session, path, page_size="Letter")
    reader = PdfReader(path)
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert [float(v) for v in page.mediabox[2:]] == pytest.approx(list(LETTER))
        page_text = page.extract_text()
        assert f"Page {number} of {total}" in page_text
        assert "…" in page_text  # the footer's shortened title


def _render_in_child(content: HandoutContent, path: str) -> int:
    render_handout(content, path)
    return Path(path).stat().st_size


def test_content_is_plain_data_that_a_child_process_renders(tmp_path):
    store = Store.in_memory()
    session = run_session(store, load_workshop(SHIPPED_DECK), attendees=6, ideas=5)
    content = handout_content(session)
    assert pickle.loads(pickle.dumps(content)) == content

    path = tmp_path / "child.pdf"
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        size = pool.submit(_render_in_child, content, str(path)).result(timeout=60)
    assert size > 1000
    assert "Ideas from the room" in pdf_text(path)
    store.close()


def test_handout_of_the_shipped_workshop_after_a_realistic_session(tmp_path):
    store = Store.in_memory()
    workshop = load_workshop(SHIPPED_DECK)
    session = run_session(store, workshop, attendees=30, ideas=40, hidden=2, clock=ManualClock())
    content = handout_content(session)

    assert content.attendees == 30
    assert content.room_ideas == 38  # two were hidden
    polls = {p.title for p in content.polls}
    answered = {e.title for e in workshop.exercises.values() if not e.kind.is_board}
    assert polls == answered  # every poll, no board
    assert all(p.results.responses >= 20 for p in content.polls)

    path = tmp_path / "shipped.pdf"
    render_handout(content, path)
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert 3 <= len(reader.pages) <= 10
    for title in polls:
        assert title in text
    hidden = [i for p in session.polls() for i in session.items(p.id, include_hidden=True) if i.hidden]
    assert len(hidden) == 2
    visible_ideas = [idea.text for board in content.idea_boards for idea in board.ideas]
    upvotes = [idea.upvotes for board in content.idea_boards for idea in board.ideas]
    assert upvotes == sorted(upvotes, reverse=True)
    flat = squeeze(text)
    positions = [flat.index(squeeze(idea)) for idea in visible_ideas]
    assert positions == sorted(positions)
    for item in hidden:
        assert squeeze(item.text) not in flat
    # The sections in their order.
    order = ["Ideas from the room", "More ideas to put to work", "What the room said",
             "Questions from the room", "Resources"]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    assert reader.metadata.title == "Social media is everyone's job: action ideas"
    store.close()


def test_every_kind_that_takes_answers_has_its_part_of_what_the_room_said():
    assert set(POLL_BODIES) == {kind for kind in Kind if not kind.is_board}


def test_the_organisers_logo_heads_the_first_page(session, tmp_path):
    from PIL import Image

    Image.new("RGB", (480, 160), (29, 78, 116)).save(tmp_path / "logo.png")
    operations.set_organizer(session, logo=tmp_path / "logo.png")
    path = tmp_path / "handout.pdf"
    write_handout(session, path)
    pages = PdfReader(path).pages
    images = [x.get_object() for x in pages[0]["/Resources"]["/XObject"].values()]
    assert [(int(i["/Width"]), int(i["/Height"])) for i in images] == [(480, 160)]
    assert "/XObject" not in pages[-1]["/Resources"]  # on the first page only
