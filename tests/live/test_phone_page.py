"""The phone page in a real browser: Debian's Chromium at a phone's size, driven by
Playwright (never a downloaded browser), against the real server on loopback."""

import io
import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.core.deck import parse_deck
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.session import LiveSession
from facilitator.core.translation import available_languages, translator
from facilitator.core.workshop import load_workshop
from facilitator.live.server import LiveServer


pytest.importorskip("playwright.sync_api")
STATIC = resources.files("facilitator.live") / "static"
PHONE = {"width": 360, "height": 740}
PHONES = {"390x844": {"width": 390, "height": 844}, "360x740": PHONE}
NAME = "Αλέξης 李雷 Zoë"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def refused_phone(browser):
    """A phone for a test of refusals: Chromium logs each 4xx as a console error, so only
    errors of the page itself count."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == []


def slide_of(session, exercise_id):
    return next(s.index for s in session.workshop.deck.slides if s.exercise_id == exercise_id)


def join(phone, url, name=NAME):
    phone.goto(url)
    phone.get_by_role("textbox", name="Your name").fill(name)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text(re.compile("^Joined as")).wait_for()


SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


def screenshots(page, name, sizes=("390x844", "360x740")):
    """The phone as it looks now, at each size, into docs/screenshots/phone-NAME-SIZE.png
    when FACILITATOR_SCREENSHOTS is set: a 256-colour PNG, small enough to commit (a
    phone's flat colours lose nothing visible)."""
    if not os.environ.get("FACILITATOR_SCREENSHOTS"):
        return
    from PIL import Image  # ReportLab's own dependency

    for size in sizes:
        page.set_viewport_size(PHONES[size])
        shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
        shot.quantize(256, method=Image.Quantize.MEDIANCUT).save(SCREENSHOTS / f"phone-{name}-{size}.png", optimize=True)
    page.set_viewport_size(PHONE)


def test_a_phone_joins_answers_posts_reloads_and_sees_results(phone, server, session):
    phone.goto(server.join_url)
    phone.get_by_role("textbox", name="Your name").fill(NAME)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text(re.compile("Waiting for the next question")).wait_for()
    assert [a.name for a in session.attendees()] == [NAME]

    session.go_to_slide(slide_of(session, "pick-one"))
    poll = session.open_poll_for()
    phone.get_by_text("Green").click()  # appears by itself: the phone follows the session
    phone.get_by_role("button", name="Send my answer").click()
    phone.get_by_role("heading", name="Answer received").wait_for()
    assert session.tally(poll.id).options[1].count == 1

    phone.reload()  # still joined, still answered
    phone.get_by_role("button", name="Change my answer").wait_for()
    assert phone.get_by_role("textbox", name="Your name").count() == 0

    session.reveal_results()
    phone.get_by_text(re.compile(r"Green\s*—\s*1 vote, 100%")).wait_for()

    session.go_to_slide(slide_of(session, "ideas"))
    board = session.open_poll_for()
    hostile = "<img src=x onerror=alert(1)> & co"
    phone.get_by_role("textbox", name="Your idea").fill(hostile)
    phone.get_by_role("button", name="Post my idea").click()
    phone.get_by_text(hostile).wait_for()  # shown as typed: text, not markup
    assert phone.locator("img").count() == 0
    assert [i.text for i in session.items(board.id)] == [hostile]


def test_a_join_whose_answer_was_lost_is_one_attendee_when_tapped_again(browser, server, session):
    """The Wi-Fi loses the answer to Join: the server made the attendee, the phone never
    heard of it. Tapping Join again is that attendee, not a second one."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    def lose_the_first_answer(route):
        if session.attendees():
            return route.continue_()
        route.fetch()  # the server makes the attendee...
        context.clear_cookies()  # ...and its cookie never reaches the phone
        route.abort()

    page.route(re.compile(r"/join$"), lose_the_first_answer)
    page.goto(server.join_url)
    page.get_by_role("textbox", name="Your name").fill(NAME)
    page.get_by_role("button", name="Join").click()
    page.locator(".error", has_text=re.compile(".")).wait_for()
    page.get_by_role("button", name="Join").click()
    page.get_by_text(re.compile("Waiting for the next question")).wait_for()
    assert [a.name for a in session.attendees()] == [NAME]
    context.close()


def test_a_board_shows_its_top_then_more_and_keeps_up_with_changes(phone, server, session):
    session.go_to_slide(slide_of(session, "ideas"))
    board = session.open_poll_for()
    people = [session.join(f"Person {n}") for n in range(30)]
    ids = [session.post(person.token, board.id, f"Idea {n:02}").id for n, person in enumerate(people)]
    phone.goto(server.join_url)
    phone.get_by_role("textbox", name="Your name").fill(NAME)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text("Ideas (30)").wait_for()
    assert phone.locator("li.item").count() == 20  # the top, as pushed
    phone.get_by_role("button", name="Show more (10)").click()
    item = phone.locator("li.item").filter(has_text="Idea 29")
    item.get_by_role("button", name=re.compile("Upvote")).click()  # beyond the pushed top
    phone.get_by_text("Upvoted").wait_for()
    assert [i.id for i in session.upvoted_by(session.attendees()[-1].token, board.id)] == [ids[29]]
    session.upvote(people[0].token, ids[25])  # a delta: this count changes on the page
    phone.locator("li.item").first.filter(has_text="Idea 25").wait_for()
    assert phone.get_by_role("button", name="Show more").count() == 0


def test_a_phone_applies_deltas_and_starts_a_new_stream_after_a_gap(phone, server, session):
    streams = []  # the requests for /events, the second held until the test lets it go

    def events(route):
        streams.append(route)
        if len(streams) > 1:
            return
        state = json.loads(server.phone_server.broadcaster.current(server.phone_server.broadcaster.phones))
        frames = [
            {**state, "v": 1, "attendees": 5},
            {"v": 2, "base": 1, "attendees": 42},
            {"v": 9, "base": 8, "attendees": 99},  # version 8 never came
        ]
        body = "retry: 60000\n\n" + "".join(f"data: {json.dumps(f)}\n\n" for f in frames)
        route.fulfill(status=200, headers={"content-type": "text/event-stream"}, body=body)

    phone.route("**/events", events)
    phone.goto(server.join_url)
    phone.get_by_role("textbox", name="Your name").fill(NAME)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text(re.compile("42 people have joined")).wait_for()  # the delta, applied
    for _ in range(100):  # until the page asks for a new stream (Playwright hears it meanwhile)
        if len(streams) == 2:
            break
        phone.wait_for_timeout(50)
    assert len(streams) == 2 and phone.get_by_text(re.compile("99 people")).count() == 0
    streams[1].continue_()
    phone.get_by_text(re.compile("1 person has joined")).wait_for()  # the new stream's state


def test_a_late_joiner_lands_on_the_open_question(phone, server, session):
    session.go_to_slide(slide_of(session, "rate"))
    session.open_poll_for()
    phone.goto(server.join_url)
    phone.get_by_role("textbox", name="Your name").fill("Late")
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text("How useful?").wait_for()


def test_at_the_end_a_phone_downloads_the_handout_and_its_certificate(phone, server, session):
    phone.goto(server.join_url)
    phone.get_by_role("textbox", name="Your name").fill(NAME)
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text(re.compile("Waiting for the next question")).wait_for()
    session.end()
    links = {
        "Download the handout (PDF)": "Action ideas - Test workshop.pdf",
        "Your certificate (PDF)": f"Certificate - {NAME}.pdf",
    }
    for label, file_name in links.items():
        with phone.expect_download() as download:
            phone.get_by_role("link", name=label).click()
        assert download.value.suggested_filename == file_name
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF-")
    assert NAME in " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert [c.name for c in session.store.certificates(session.id)] == [NAME]


def first_page_of(download) -> str:
    return " ".join(PdfReader(download.value.path()).pages[0].extract_text().split())


def test_at_the_end_a_phone_picks_or_types_its_next_step_and_its_handout_opens_with_it(
    browser, refused_phone, server, session, accessibility_problems, tmp_path,
):
    phone = refused_phone  # the empty form's refusal is a 400 Chromium logs
    phone.set_viewport_size(PHONES["390x844"])
    session.go_to_slide(slide_of(session, "ideas"))
    board = session.open_poll_for()
    join(phone, server.join_url)
    phone.get_by_role("textbox", name="Your idea").fill("Turn on two-step sign-in")
    phone.get_by_role("button", name="Post my idea").click()
    phone.locator("li.item", has_text="Turn on two-step sign-in").wait_for()
    other = session.join("Bo")
    session.post(other.token, board.id, "Check privacy settings monthly")
    session.end()

    phone.get_by_text("What will you do next week, and by when?").wait_for()
    phone.get_by_role("button", name="Save my next step").click()
    phone.get_by_role("alert").get_by_text("when you will do it is empty").wait_for()
    assert phone.get_by_role("textbox", name="By when").get_attribute("aria-invalid") is not None
    assert session.commitments() == []
    assert accessibility_problems(phone) == []
    screenshots(phone, "commitment")

    phone.get_by_role("radio", name="Check privacy settings monthly").check()
    phone.get_by_role("textbox", name="By when").fill("Friday")
    phone.get_by_role("button", name="Save my next step").click()
    phone.get_by_text("Change my next step").wait_for()
    assert [c.action for c in session.commitments()] == ["Check privacy settings monthly"]

    phone.get_by_role("button", name="Change my next step").click()
    phone.get_by_role("textbox", name="Or in your own words").fill("Set up a lock screen")
    assert not phone.get_by_role("radio", name="Check privacy settings monthly").is_checked()
    phone.get_by_role("textbox", name="By when").fill("Friday 11 December")
    phone.get_by_role("button", name="Save my next step").click()
    phone.locator("p.step", has_text="Set up a lock screen").wait_for()
    assert accessibility_problems(phone) == []
    screenshots(phone, "commitment-saved")

    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download the handout (PDF)").click()
    first = first_page_of(download)
    assert "YOUR COMMITMENT" in first and NAME in first
    assert "Set up a lock screen" in first and "Friday 11 December" in first
    assert "Turn on two-step sign-in" in first  # the idea they posted
    if os.environ.get("FACILITATOR_SCREENSHOTS"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        download.value.path(), str(tmp_path / "personal")], check=True)
        subprocess.run(["convert", str(tmp_path / "personal.png"), "-colors", "256",
                        "PNG8:" + str(SCREENSHOTS / "handout-personal.png")], check=True)


def test_a_name_that_cannot_print_says_what_to_do(refused_phone, server, session):
    phone = refused_phone
    phone.goto(server.join_url)
    phone.get_by_role("textbox", name="Your name").fill("Ana")
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text(re.compile("Waiting for the next question")).wait_for()
    # As an older version, which took any text, may have stored it.
    session.store.rename_attendee(session.attendees()[0].id, "Ana \u0e2a")
    session.end()
    phone.get_by_role("link", name="Your certificate (PDF)").click()
    phone.get_by_role("alert").get_by_text(re.compile("cannot be printed.*Change your name")).wait_for()
    phone.get_by_role("button", name="Change name").click()
    phone.get_by_role("textbox", name="Your name").fill("Ana")
    phone.get_by_role("button", name="Save my name").click()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Your certificate (PDF)").click()
    assert download.value.suggested_filename == "Certificate - Ana.pdf"


def test_a_refusal_shows_beside_the_field_it_is_about(refused_phone, server, session):
    phone = refused_phone
    phone.goto(server.join_url)
    name = phone.get_by_role("textbox", name="Your name")
    for typed, said in (("\u200b\u200b", "Your name is empty: it has only invisible characters."),
                        ("Anita \u0915", "Your name has \u0915 (U+0915 DEVANAGARI LETTER KA)")):
        name.fill(typed)
        phone.get_by_role("button", name="Join").click()
        phone.get_by_role("alert").get_by_text(said).wait_for()
        assert name.get_attribute("aria-invalid") == "true"
        assert said in name.evaluate(DESCRIPTION)
        assert name.evaluate("(el) => el === document.activeElement")
    assert session.attendees() == []
    name.fill("Anita")
    phone.get_by_role("button", name="Join").click()
    phone.get_by_text(re.compile("Waiting for the next question")).wait_for()

    session.go_to_slide(slide_of(session, "ideas"))
    board = session.open_poll_for()
    idea = phone.get_by_role("textbox", name="Your idea")
    idea.fill("\u200b")
    phone.get_by_role("button", name="Post my idea").click()
    phone.get_by_role("alert").get_by_text("An idea is empty: it has only invisible characters.").wait_for()
    assert idea.get_attribute("aria-invalid") == "true" and "invisible" in idea.evaluate(DESCRIPTION)
    idea.fill("Post 🚀 with ★ and 𝕏")
    phone.get_by_role("button", name="Post my idea").click()
    phone.get_by_text("Post 🚀 with ★ and 𝕏").wait_for()
    assert idea.get_attribute("aria-invalid") is None and "invisible" not in idea.evaluate(DESCRIPTION)
    assert [i.text for i in session.items(board.id)] == ["Post 🚀 with ★ and 𝕏"]


# The text an input's aria-describedby points to, as a screen reader reads it out.
DESCRIPTION = """(el) => el.getAttribute("aria-describedby").trim().split(/\\s+/)
    .map((id) => document.getElementById(id).textContent).join(" ")"""


def test_the_remote_drives_the_session(browser, server, session):
    page = browser.new_page(viewport=PHONE)
    page.goto(server.remote_url)
    count = len(session.workshop.deck.slides)
    page.get_by_text(f"Slide 1 / {count}").wait_for()
    page.get_by_role("button", name="Next").click()
    page.get_by_text(f"Slide 2 / {count}").wait_for()  # the server's push, back on the remote
    assert session.current_slide == 1

    end = page.get_by_role("button", name="End the session")
    page.once("dialog", lambda dialog: dialog.dismiss())
    end.click()
    assert session.record.ended_at is None
    page.once("dialog", lambda dialog: dialog.accept())
    end.click()
    page.get_by_text("the session has ended").wait_for()
    assert session.record.ended_at is not None and end.is_disabled()
    page.close()


# What a phone downloads for one page, all its files together. Raised from 50,000 when
# phones gained errors beside their fields, an idempotent Join and boards paged by deltas:
# still under 0.1 s on a busy room's Wi-Fi. Counted as the bytes cross the Wi-Fi: gzipped,
# as every phone's browser asks for them, the page and the catalogue of the largest language.
PAGE_BUDGET_BYTES = 56_000
# The files a page asks for: its stylesheets, scripts and icon.
LINKED = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="([^"]+)"')


def downloaded_with(page: str) -> list[str]:
    """The page and the files it links to, as names in the static folder."""
    html = (STATIC / page).read_text(encoding="utf-8")
    return [page] + [url.rsplit("/", 1)[-1] for url in LINKED.findall(html)]


def transferred(client, url: str, language: str = "en") -> int:
    """The bytes of one response's body as a phone's browser gets it."""
    response = client.get(url, headers={"accept-encoding": "gzip, deflate, br", "accept-language": language})
    assert response.status_code == 200, url
    return int(response.headers["content-length"])


@pytest.mark.parametrize("page, files", [
    ("phone.html", {"phone.html", "phone.css", "common.js", "phone.js", "favicon.ico"}),
    ("remote.html", {"remote.html", "phone.css", "remote.css", "common.js", "remote.js", "favicon.ico"}),
])
def test_each_page_fits_the_budget(client, session, page, files):
    linked = downloaded_with(page)
    assert files <= set(linked)  # a page that stops linking one must say so here
    urls = {"phone.html": "/", "remote.html": f"/remote/{session.trainer_secret}", "favicon.ico": "/favicon.ico"}
    tags = [language.tag for language in available_languages()]
    # The page itself is served in the phone's language: its largest.
    page_bytes = max(transferred(client, urls[page], tag) for tag in tags)
    page_bytes += sum(transferred(client, urls.get(name, "/static/" + name)) for name in linked[1:])
    words = max(transferred(client, f"/api/words?lang={tag}") for tag in tags)
    assert page_bytes + words <= PAGE_BUDGET_BYTES


def test_no_page_writes_markup():
    for asset in STATIC.iterdir():
        if asset.name.endswith((".html", ".css", ".js")):
            text = asset.read_text(encoding="utf-8")
            for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
                assert forbidden not in text, f"{asset.name} uses {forbidden}"


def test_serve_end_to_end_phone_and_remote(browser, tmp_path):
    """`facilitator serve` with the shipped workshop: a phone joins by the printed URL,
    the trainer drives the session from the printed remote URL, the phone answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "serve", "--db", str(tmp_path / "s.db"),
         "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(3)]  # title, join:, remote:
        urls = dict(line.strip().split(": ", 1) for line in lines[1:])
        phone = browser.new_page(viewport=PHONE)
        phone.goto(urls["join"])
        phone.get_by_role("textbox", name="Your name").fill(NAME)
        phone.get_by_role("button", name="Join").click()
        phone.get_by_text(re.compile("Waiting for the next question")).wait_for()

        remote = browser.new_page(viewport=PHONE)
        remote.goto(urls["remote"])
        slides = len(parse_deck(SHIPPED_DECK).slides)
        for slide in (2, 3):
            # The bar's one next step: on a slide without a poll it is "Next slide", and the
            # plain "Next" beside it is hidden (a loose name matched either, as it hid).
            remote.get_by_role("button", name="Next slide", exact=True).click()
            remote.get_by_text(f"Slide {slide} / {slides}").wait_for()
        remote.get_by_role("button", name="Open poll").click()
        phone.get_by_role("textbox", name="Your word").fill("Curious")  # the icebreaker asks for one
        phone.get_by_role("button", name="Send my answer").click()
        phone.get_by_role("heading", name="Answer received").wait_for()
        remote.get_by_text(re.compile(r"1 / 1 answered")).wait_for()
        remote.get_by_role("button", name="Show results").click()
        phone.get_by_text("Curious").first.wait_for()
    finally:
        process.terminate()
        process.communicate(timeout=20)


# -- the states a room sees: each checked by axe-core, at a phone's size --------------


MARKDOWN_DECK = """\
---
title: Privacy *at* work
duration: 1
---

# Which one holds \\*us\\* back *most*? See [the list](https://example.org)
"""


def test_a_slide_title_reaches_the_phone_as_plain_text(phone, write_files, fresh_store, clock, key_path, fault_log):
    deck = write_files({"slides/md.md": MARKDOWN_DECK}) / "slides" / "md.md"
    session = LiveSession.start(fresh_store, load_workshop(deck), clock)
    with LiveServer(session, host="127.0.0.1", port=0, key_path=key_path, log_path=fault_log) as server:
        join(phone, server.join_url)
        phone.get_by_text("Which one holds *us* back most? See the list", exact=True).wait_for()
        assert phone.locator("#title").text_content() == "Privacy at work"


def test_a_post_shows_on_a_phone_that_saw_the_board_empty(phone, server, session):
    session.go_to_slide(slide_of(session, "ideas"))
    board = session.open_poll_for()
    join(phone, server.join_url)
    phone.get_by_text("Nothing yet. Be the first!").wait_for()
    session.post(session.join("Bo").token, board.id, "Lock the screen")  # pushed as a delta
    phone.locator("li.item", has_text="Lock the screen").wait_for()
    assert phone.get_by_role("button", name=re.compile("Show more")).count() == 0


def test_the_author_of_a_hidden_post_is_told_and_no_one_else_sees_it(browser, phone, server, session, accessibility_problems):
    session.go_to_slide(slide_of(session, "ideas"))
    board = session.open_poll_for()
    join(phone, server.join_url)
    other = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    join(other, server.join_url, "Bo")
    phone.get_by_role("textbox", name="Your idea").fill("Share the passwords in a spreadsheet")
    phone.get_by_role("button", name="Post my idea").click()
    other.get_by_text("Share the passwords in a spreadsheet").wait_for()

    session.moderate(session.items(board.id)[0].id, hidden=True)
    phone.get_by_role("status").get_by_text("The trainer hid one of your posts. Only you can see it now.").wait_for()
    mine = phone.locator("li.item", has_text="Share the passwords")
    assert "hidden by the trainer" in mine.text_content() and mine.get_by_role("button").count() == 0
    other.get_by_text("Nothing yet. Be the first!").wait_for()  # gone from everyone else's
    assert other.get_by_text("Share the passwords").count() == 0
    assert accessibility_problems(phone) == []
    screenshots(phone, "hidden-post")

    phone.reload()  # still told, from its own view
    phone.locator("li.item", has_text="hidden by the trainer").wait_for()
    session.moderate(session.newest_items(board.id, 1)[0].id, hidden=False)  # shown again
    other.get_by_text("Share the passwords in a spreadsheet").wait_for()
    phone.get_by_text("hidden by the trainer").wait_for(state="detached")
    other.context.close()


def test_after_posting_the_focus_is_back_in_the_empty_field(phone, server, session):
    session.go_to_slide(slide_of(session, "questions"))
    session.open_poll_for()
    join(phone, server.join_url)
    question = phone.get_by_role("textbox", name="Your question")
    question.fill("Can we keep our old passwords?")
    question.focus()
    phone.keyboard.press("Tab")  # to the button, as a keyboard user does
    phone.keyboard.press("Enter")
    phone.get_by_role("status").get_by_text("Question sent ✓").wait_for()
    assert question.evaluate("(el) => el === document.activeElement") and question.input_value() == ""


def test_when_time_is_up_the_options_can_no_longer_be_ticked(phone, server, session, accessibility_problems):
    phone.clock.install()
    join(phone, server.join_url)
    session.go_to_slide(slide_of(session, "quiz"))
    session.open_poll_for()
    phone.get_by_text(re.compile(r"\d+ s left")).wait_for()
    phone.clock.fast_forward(21_000)
    phone.get_by_role("alert").get_by_text("Time's up for this question.").wait_for()
    options = phone.get_by_role("radio")
    assert [options.nth(i).is_disabled() for i in range(options.count())] == [True, True]
    assert phone.get_by_role("button", name="Lock in my answer").is_disabled()
    phone.get_by_text("No").click(force=True)  # a tap on a locked option ticks nothing
    assert not options.nth(1).is_checked()
    assert accessibility_problems(phone) == []
    screenshots(phone, "time-up")


def test_a_quiz_the_server_refuses_as_late_is_locked_with_its_words(refused_phone, server, session):
    """The phone's clock says there is time left; the server's says not."""
    phone = refused_phone
    join(phone, server.join_url)
    session.go_to_slide(slide_of(session, "quiz"))
    session.open_poll_for()
    phone.route("**/answer", lambda route: route.fulfill(
        status=409, content_type="application/json", body=json.dumps({"error": "time is up for this question"})))
    phone.get_by_text("No").click()
    phone.get_by_role("button", name="Lock in my answer").click()
    phone.get_by_role("alert").get_by_text("Time is up for this question.").wait_for()
    phone.get_by_text("Time's up", exact=True).wait_for()  # the countdown agrees
    assert phone.get_by_role("radio").first.is_disabled()
    assert phone.get_by_role("button", name="Lock in my answer").is_disabled()


def test_an_attendee_who_did_not_answer_finds_themselves_on_the_leaderboard(phone, server, session, accessibility_problems):
    join(phone, server.join_url, LONG_GREEK_NAME)
    session.go_to_slide(slide_of(session, "quiz"))
    quiz = session.open_poll_for()
    for n in range(10):  # the whole top of the board
        session.respond(session.join(f"Person {n}").token, quiz.id, [1])
    session.close_poll()
    session.reveal_results()
    you = phone.locator(".lb li.you")
    you.wait_for()
    assert you.text_content() == f"11{LONG_GREEK_NAME} (you)0 points"
    assert phone.locator(".lb li").count() == 11
    assert accessibility_problems(phone) == []
    screenshots(phone, "leaderboard-you-0")


def test_a_scales_statements_show_lowest_first_without_one_average_over_all(phone, server, session):
    join(phone, server.join_url)
    session.go_to_slide(slide_of(session, "rate-many"))
    poll = session.open_poll_for()
    for ratings in ([5, 2], [4, 1]):
        session.respond(session.join("Rater").token, poll.id, ratings)
    session.close_poll()
    session.reveal_results()
    phone.get_by_text("Lowest average first.", exact=False).wait_for()
    rows = phone.locator("ul.results li").all_text_contents()
    assert [row.split("average")[0].strip(" —") for row in rows] == ["We train staff", "We have a policy"]
    assert phone.locator("p.score").count() == 0


LONG_GREEK_NAME = "Κωνσταντίνα Παπαδημητρακοπούλου-Χατζηγεωργίου"

# Each word of an element's text on one line, unless the word alone is wider than the line.
WORDS_BROKEN = """(el) => {
  const broken = [], walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    for (const m of node.data.matchAll(/[^\\s\\-\u2010]+/g)) {  // a hyphen is between words
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const pieces = [...range.getClientRects()];
      const lines = new Set(pieces.map((r) => Math.round(r.top)));
      // Only a word wider than its line may break: its pieces' widths added up are the
      // word's own width, whatever font this machine's browser draws it in.
      const box = node.parentElement.closest("li,p,h2,footer"), style = getComputedStyle(box);
      const line = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const width = pieces.reduce((sum, r) => sum + r.width, 0);
      if (lines.size > 1 && width <= line) broken.push(m[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("size", PHONES)
def test_a_long_name_breaks_only_between_words(browser, server, session, size, accessibility_problems):
    context = browser.new_context(viewport=PHONES[size], is_mobile=True, has_touch=True)
    phone = context.new_page()
    join(phone, server.join_url, LONG_GREEK_NAME)
    assert phone.locator("#card").evaluate(WORDS_BROKEN) == []  # "You're in, …"
    session.go_to_slide(slide_of(session, "quiz"))
    quiz = session.open_poll_for()
    session.respond(session.attendees()[0].token, quiz.id, [1])
    session.close_poll()
    session.reveal_results()
    phone.locator(".lb li.you").wait_for()
    for where in ("#foot", ".lb"):
        assert phone.locator(where).evaluate(WORDS_BROKEN) == [], where
    assert phone.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    assert accessibility_problems(phone) == []
    context.close()


def test_a_word_longer_than_the_line_breaks_and_never_overflows(phone, server):
    join(phone, server.join_url, "Ω" * 70)
    phone.get_by_role("button", name="Change name").wait_for()
    assert phone.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    screenshots(phone, "long-name", sizes=("360x740",))


def test_after_10_s_of_reconnecting_the_phone_suggests_the_wifi(phone, server, session, accessibility_problems):
    streams = []

    def events(route):  # the first stream ends at once; the next waits for the test
        streams.append(route)
        if len(streams) == 1:
            route.fulfill(status=200, headers={"content-type": "text/event-stream"}, body="retry: 200\n\n")

    phone.clock.install()
    phone.route("**/events", events)
    join(phone, server.join_url)
    status = phone.get_by_role("status")
    status.get_by_text("Reconnecting…", exact=True).wait_for()
    phone.clock.fast_forward(9_000)
    assert "Wi-Fi" not in status.text_content()
    phone.clock.fast_forward(1_000)
    hint = "Still reconnecting… Check that this phone is on the room's Wi-Fi (the same network as the trainer's laptop)."
    status.get_by_text(hint).wait_for()
    assert accessibility_problems(phone) == []
    screenshots(phone, "reconnecting")
    while len(streams) < 2:
        phone.wait_for_timeout(50)
    streams[1].continue_()
    status.get_by_text("Connected again").wait_for()
    phone.clock.fast_forward(20_000)
    assert "Wi-Fi" not in status.text_content()


# -- in other languages: the longest (the pseudo-locale) and the one right to left ----

# The labels shown that their box cuts, and how far the page reaches past the phone.
CUT_LABELS = """() => [...document.querySelectorAll("button, a.btn, label, legend, h1, h2, h3, .kicker, .tag, .status")]
  .filter((el) => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1)
  .map((el) => el.textContent)"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def screens(phone, url, session):
    """The phone's screens in turn, found by their shape (not their words): each name."""
    phone.goto(url)
    phone.locator("#name").wait_for()
    yield "join"
    phone.locator("#name").fill(LONG_GREEK_NAME)
    phone.locator("form button[type=submit]").click()
    phone.locator("#foot:not([hidden])").wait_for()
    yield "waiting"
    session.go_to_slide(slide_of(session, "pick-one"))
    poll = session.open_poll_for()
    phone.locator("label.opt").first.wait_for()
    yield "question"
    phone.locator("label.opt").nth(1).click()
    phone.locator("form button[type=submit]").click()
    phone.locator(".big-ok").wait_for()
    yield "answered"
    for n in range(3):
        session.respond(session.join(f"Person {n}").token, poll.id, n)
    session.close_poll()
    session.reveal_results()
    phone.locator("ul.results").wait_for()
    yield "results"
    session.end()
    phone.locator("a.btn").first.wait_for()
    yield "ended"


@pytest.mark.parametrize("locale, direction", [("en-XA", "ltr"), ("ar", "rtl")])
def test_in_the_longest_words_and_right_to_left_nothing_is_cut_or_wider_than_the_phone(
    browser, server, session, accessibility_problems, locale, direction,
):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale)
    phone = context.new_page()
    found = {}
    for screen in screens(phone, server.join_url, session):
        found[screen] = (phone.evaluate(OVERFLOW), phone.evaluate(CUT_LABELS), accessibility_problems(phone))
    assert {screen: seen for screen, seen in found.items() if seen != (0, [], [])} == {}
    assert phone.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == [locale, direction]
    words = translator("en_XA" if locale == "en-XA" else locale)
    assert phone.locator("h2#card-h").text_content() == words.text("Thanks for taking part")
    context.close()


def test_a_language_chosen_on_the_phone_is_kept_and_its_refusals_follow(refused_phone, server, session):
    phone = refused_phone
    phone.goto(server.join_url)
    phone.get_by_role("combobox", name="Language").select_option("de")
    phone.get_by_role("button", name="Beitreten").wait_for()  # one request: the words, not the page
    assert phone.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["de", "ltr"]
    phone.get_by_role("textbox", name="Dein Name").fill("\u200b")
    phone.get_by_role("button", name="Beitreten").click()
    phone.get_by_role("alert").wait_for()
    phone.reload()
    phone.get_by_role("button", name="Beitreten").wait_for()  # remembered
    phone.get_by_role("combobox", name="Sprache").select_option("ar")
    phone.get_by_role("button", name="انضمام").wait_for()
    assert phone.evaluate("() => document.documentElement.dir") == "rtl"


@pytest.mark.parametrize("locale, title, noscript, direction", [
    ("fr-FR", "Rejoindre la session", "Cette page a besoin de JavaScript pour suivre la session.", "ltr"),
    ("ar", "انضم إلى الجلسة", "تحتاج هذه الصفحة إلى JavaScript لمتابعة الجلسة.", "rtl"),
])
def test_without_javascript_a_phone_reads_the_page_in_its_own_language(browser, server, locale, title,
                                                                     noscript, direction):
    context = browser.new_context(viewport=PHONE, locale=locale, java_script_enabled=False)
    page = context.new_page()
    page.goto(server.join_url)
    assert page.title() == title
    shown = page.locator("noscript p")  # Playwright's text search leaves <noscript> out
    assert shown.is_visible() and shown.inner_text() == noscript
    assert page.locator("html").get_attribute("dir") == direction
    context.close()


@pytest.mark.parametrize("where, english, said", [
    ("base_url", "Join the session", "Session beitreten"),  # the code form: the page's own title
    ("remote_url", "Remote · {title}", "Fernbedienung · {title}"),
])
def test_the_title_follows_the_language_chosen_on_the_phone(phone, server, session, where, english, said):
    phone.goto(getattr(server, where))
    title = session.workshop.deck.title
    phone.wait_for_function("(t) => document.title === t", arg=english.format(title=title))
    phone.get_by_role("combobox", name="Language").select_option("de")
    phone.wait_for_function("(t) => document.title === t", arg=said.format(title=title))
