"""The trainer's remote in a real browser, with the shipped workshop: the current slide's
controls on the first screen of a phone, one clear next step, nothing wider than the
phone, nothing axe-core finds wrong."""

import re
from pathlib import Path

import pytest

from facilitator.core import operations
from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.screen import Blank
from facilitator.core.workshop import load_workshop
from tests.paged import with_pages

pytest.importorskip("playwright.sync_api")
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
POLL_CONTROLS = ("Open poll", "Close poll", "Show results", "Hide results", "Open poll again")

# Whether a button can be tapped where it is, without scrolling: all of it inside the
# window, and nothing (the bar fixed at the bottom) drawn over its middle.
REACHABLE = """(b) => {
  const r = b.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.top >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && (top === b || b.contains(top));
}"""
# The buttons shown whose label is wider than the button, or that reach past the window.
CUT_BUTTONS = """() => [...document.querySelectorAll("button")]
  .filter((b) => b.getClientRects().length && (b.scrollWidth > b.clientWidth || b.getBoundingClientRect().right > innerWidth))
  .map((b) => b.textContent)"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def workshop():
    return load_workshop(SHIPPED_DECK)


@pytest.fixture
def remote_at(browser, server):
    """remote_at(viewport): the remote open on a phone of that size, following the session."""
    contexts = []
    problems = []

    def open_(viewport: dict, locale: str = "en-US"):
        context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.goto(server.remote_url)
        page.locator("#goto-n[max]").wait_for(state="attached")  # the session's first state, drawn
        return page

    yield open_
    for context in contexts:
        context.close()
    assert problems == []


def exercise_slides(workshop) -> list[int]:
    return [s.index for s in workshop.deck.slides if s.exercise_id]


def go_to(page, number: int, count: int) -> None:
    page.get_by_role("spinbutton", name="Go to slide").fill(str(number))
    page.get_by_role("button", name="Go", exact=True).click()
    page.locator("#slide-pos", has_text=f"Slide {number} / {count}").wait_for()


def next_step(page, label: str):
    """The bar's primary button once it reads `label` and takes taps (just after it
    changed it takes none: a tap then was meant for the step before)."""
    step = page.locator("#b-step:enabled", has_text=re.compile(f"^{re.escape(label)}$"))
    step.wait_for()
    return step


def unreachable_poll_controls(page) -> list[str]:
    shown = [page.get_by_role("button", name=name, exact=True) for name in POLL_CONTROLS]
    return [
        button.text_content() for control in shown for button in control.all()
        if button.is_visible() and not button.evaluate(REACHABLE)
    ]


def test_on_every_exercise_slide_the_poll_controls_are_on_the_first_screen(remote_at, session, workshop):
    page = remote_at(PHONE)
    page.get_by_text("Speaker notes").click()  # open, as a trainer reading them has it
    count = len(workshop.deck.slides)
    cut = {}
    for index in exercise_slides(workshop):
        go_to(page, index + 1, count)
        for label, then in (("Open poll", "Close poll"), ("Close poll", "Show results")):
            step = next_step(page, label)
            cut[(index + 1, label)] = unreachable_poll_controls(page)
            step.click()
            next_step(page, then)
        cut[(index + 1, "Show results")] = unreachable_poll_controls(page)
    assert page.locator("#notes-box[open]").count() == 1
    assert {key: buttons for key, buttons in cut.items() if buttons} == {}


@pytest.mark.parametrize("kind_slide", ["icebreaker-one-word", "quiz-angry-customer"])
def test_each_action_has_one_clear_next_step(remote_at, session, workshop, kind_slide):
    page = remote_at(PHONE)
    index = next(s.index for s in workshop.deck.slides if s.exercise_id == kind_slide)
    go_to(page, index + 1, len(workshop.deck.slides))
    for label, then in (("Open poll", "Close poll"), ("Close poll", "Show results"), ("Show results", "Next slide")):
        next_step(page, label).click()
        next_step(page, then)
        primary = page.locator(".btn.primary:visible")
        assert primary.all_text_contents() == [then]
    next_step(page, "Next slide").click()
    page.locator("#slide-pos", has_text=f"Slide {index + 2} /").wait_for()


def test_results_in_pages_are_turned_before_the_next_slide(remote_at, session, workshop):
    """The projector laid this slide's results out in two pages: Next says so, and turns it."""
    page = remote_at(PHONE)
    index = next(s.index for s in workshop.deck.slides if s.exercise_id == "action-ideas")
    go_to(page, index + 1, len(workshop.deck.slides))
    operations.open_poll(session)
    operations.close_poll(session)
    operations.reveal_results(session)
    operations.lay_out_results(session, index, 2)
    next_step(page, "Next page (2 of 2)").click()
    next_step(page, "Next slide")
    assert (session.current_slide, session.screen.result_page) == (index, 1)


def test_a_slides_own_pages_are_turned_before_the_next_slide(remote_at, session, workshop):
    """A Beamer frame of three overlays: Next says which page comes, and turns it."""
    index = next(s.index for s in workshop.deck.slides if s.index > 0 and s.exercise_id is None)
    session.reload(with_pages(workshop, Path("talk.pdf"), {index: (2, 3, 4)}))
    page = remote_at(PHONE)
    go_to(page, index + 1, len(workshop.deck.slides))
    next_step(page, "Next page (2 of 3)").click()
    next_step(page, "Next page (3 of 3)").click()
    next_step(page, "Next slide")
    assert (session.current_slide, session.screen.step) == (index, 2)


def test_a_quiz_shows_its_countdown_and_the_leaderboard(remote_at, session, workshop):
    page = remote_at(PHONE)
    go_to(page, next(s.index for s in workshop.deck.slides if s.exercise_id == "quiz-launch-hint") + 1,
          len(workshop.deck.slides))
    next_step(page, "Open poll").click()
    page.locator("#countdown-text", has_text=re.compile(r"^0:(1\d|20) left$")).wait_for()
    ana = session.join("Ana")
    session.respond(ana.token, session.poll_now_open().id, 0)
    page.get_by_text("1 / 1 answered · 0 not yet").wait_for()
    next_step(page, "Close poll").click()
    page.get_by_role("heading", name="Leaderboard").wait_for()
    assert page.locator("#countdown").is_hidden()


def test_the_projector_goes_black_and_back_and_the_join_bar_hides(remote_at, session):
    page = remote_at(PHONE)
    page.get_by_role("button", name="Black screen").click()
    page.locator("#blanked", has_text="The projector is black").wait_for()
    assert session.screen.blank is Blank.BLACK
    next_step(page, "Show the slide").click()
    page.locator("#blanked").wait_for(state="hidden")
    join_bar = page.get_by_role("button", name="Join bar")
    assert join_bar.get_attribute("aria-pressed") == "true"
    join_bar.click()
    page.locator("#b-join[aria-pressed=false]").wait_for()
    assert session.screen.blank is Blank.NONE and not session.screen.join_bar


def test_a_slide_number_out_of_the_deck_is_refused_on_the_remote(remote_at, session, workshop):
    page = remote_at(PHONE)
    page.get_by_role("spinbutton", name="Go to slide").fill("99")
    page.get_by_role("button", name="Go", exact=True).click()
    page.get_by_text(f"Slide numbers go from 1 to {len(workshop.deck.slides)}.").wait_for()
    assert session.current_slide == 0


def states(session, workshop):
    """The remote's states, in order: each name, and what shows once the remote is in it."""
    slide = {s.exercise_id: s.index for s in workshop.deck.slides if s.exercise_id}
    people = [session.join(f"Attendee {n} Παπαδόπουλος") for n in range(12)]
    yield "no poll", "#b-step[data-action=next]"
    session.go_to_slide(slide["quiz-angry-customer"])
    operations.open_poll(session)
    for n, person in enumerate(people[:8]):
        session.respond(person.token, session.poll_now_open().id, n % 4)
    yield "poll open, with a countdown", "#countdown:visible"
    operations.close_poll(session)
    yield "closed", "#b-step[data-action=reveal]"
    operations.reveal_results(session)
    yield "results and leaderboard", "#results-card .lb"
    operations.set_blank(session, Blank.BLACK)
    yield "black screen", "#blanked:visible"
    operations.set_blank(session, Blank.NONE)
    session.go_to_slide(slide["action-ideas"])
    operations.open_poll(session)
    for person in people[:5]:
        session.post(person.token, session.poll_now_open().id, ("Go through the privacy settings checklist " * 5)[:200])
    yield "board", "#results-card .items li >> nth=4"
    operations.end_session(session)
    yield "ended", "#ended:visible"


# English, the longest words (the pseudo-locale) and right to left.
@pytest.mark.parametrize("locale", ["en-US", "en-XA", "ar"])
def test_at_360_px_nothing_is_wider_than_the_phone_and_axe_finds_nothing(
    remote_at, session, workshop, accessibility_problems, locale,
):
    page = remote_at(SMALL_PHONE, locale)
    found = {}
    for state, shown in states(session, workshop):
        page.locator(shown).wait_for()
        found[state] = (page.evaluate(OVERFLOW), page.evaluate(CUT_BUTTONS), accessibility_problems(page))
    assert {state: seen for state, seen in found.items() if seen != (0, [], [])} == {}
