"""The projector and presenter screenshots of the README, taken from the real app in real
windows on a virtual X display (Xvfb, with openbox as its window manager).

    .venv/bin/python docs/screenshots/take.py [--display 101] [--out docs/screenshots] [--only NAME ...]

For each screen it starts Xvfb at that screen's size and openbox on it, then runs the app
(the composition root, the shipped workshop, QT_QPA_PLATFORM=xcb, a database of its own
that is thrown away) in a child process. The child fills a full room through core (40
attendees, the longest names and texts the limits allow: `tests/ui/conftest.py`), steps
through the deck as the trainer's keys do, and grabs the whole display with ImageMagick's
`import` while the window it shows is full screen on it:

- the projector at 1920×1080 and 1280×720: the join slide, a bullet slide, a timed quiz
  counting down under the join bar, and every exercise's revealed results, its first two
  pages and its last (`projector-results-KIND[-N][-page-P]-1080p.png`, N from a kind's
  second exercise on);
- the presenter at 1600×900: an open timed quiz with its countdown, a private preview of
  results, the key overlay (?), and the ended state; and the open quiz again with the
  windows in German and in Arabic, mirrored (`presenter-de.png`, `presenter-ar.png`:
  `--only presenter-de presenter-ar`).

- a trainer's own decks: a PowerPoint file (made here with python-pptx, converted by
  LibreOffice) on the presenter with its speaker notes, and on the projector its poll
  page under the join bar and the live count, then the results over it; a 4:3 Beamer
  page pillarboxed on the projector.

Beside the projector at 1920×1080, an attendee's phone (joined with a long Greek name)
and the trainer's remote in Chromium, at 390×844 and 360×740, on every exercise's
revealed results: their first screen (`phone-results-…`, `remote-results-…`).

Each PNG is saved with a 256-colour palette to stay small. Needs Xvfb, openbox,
ImageMagick's `import`, Debian's chromium for Playwright, and LibreOffice.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
SETTLE_SECONDS = 0.8  # long enough for the window manager to place a window and Qt to paint it
LAST_SECONDS = 5  # the countdown is captured in its last seconds, when it turns red
PAGES_TAKEN = 2  # of a long result, the first pages and the last (a full board has 20)
PHONES = {"390x844": {"width": 390, "height": 844}, "360x740": {"width": 360, "height": 740}}


@dataclass(frozen=True)
class Screen:
    """One display, the deck the app runs on it, and what is taken of it full screen."""

    name: str  # what `--only` calls it
    width: int
    height: int
    deck: Callable[[Path], Path]  # the deck to run, made in the given folder if need be
    take: Callable[["RunningSession", "Camera"], None]
    suffix: str  # ends each file name ("-1080p"), empty for the presenter's
    language: str = "en"  # the windows' language

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}"


# -- the parent: a display per screen, the app in a child on it --------------------------

def take_all(display: int, out: Path, screens: list[Screen]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    # A cache folder of the run's own: the PowerPoint deck's conversion is made by the
    # first child that opens it and found by the next, and the user's cache is left alone.
    with tempfile.TemporaryDirectory() as cache:
        for screen in screens:
            with virtual_display(display, screen):
                env = {**os.environ, "DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb", "XDG_CACHE_HOME": cache,
                       "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
                subprocess.run([sys.executable, __file__, "--child", screen.name, "--display", str(display),
                                "--out", str(out)], env=env, check=True)


class virtual_display:
    """Xvfb and openbox on display `number` while within; both killed (by their own
    process ids) on the way out."""

    def __init__(self, number: int, screen: Screen):
        self.number = number
        self.screen = screen
        self.processes: list[subprocess.Popen] = []

    def __enter__(self) -> "virtual_display":
        name = f":{self.number}"
        xvfb = subprocess.Popen(["Xvfb", name, "-screen", "0", f"{self.screen.size}x24", "-nolisten", "tcp"],
                                stderr=subprocess.DEVNULL)
        self.processes.append(xvfb)
        self._wait_for(lambda: subprocess.run(["xdpyinfo", "-display", name], capture_output=True).returncode == 0,
                       "Xvfb")
        self.processes.append(subprocess.Popen(["openbox"], env={**os.environ, "DISPLAY": name},
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return self

    @staticmethod
    def _wait_for(ready: Callable[[], bool], what: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            if time.monotonic() > deadline:
                raise SystemExit(f"{what} did not start in {timeout:.0f} s")
            time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# -- the child: the app on the display, stepped through the deck ------------------------

class Camera:
    """Grabs the display into PNG8 files named for one screen."""

    def __init__(self, display: int, out: Path, screen: Screen):
        self.display = display
        self.out = out
        self.screen = screen

    def take(self, name: str) -> None:
        settle()
        path = self.out / f"{name}{self.screen.suffix}.png"
        subprocess.run(["import", "-display", f":{self.display}", "-window", "root", str(path)], check=True)
        self.keep(path)

    def keep(self, path: Path) -> None:
        """Saved again with a palette of 256 colours: small enough to commit."""
        from PIL import Image  # ReportLab's own dependency

        Image.open(path).convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", flush=True)


def settle(seconds: float = SETTLE_SECONDS) -> None:
    """Let Qt and the window manager handle what they were asked (placing, painting)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def settle_until(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the app did not get there in time")
        settle(0.1)


def run_child(display: int, out: Path, screen: Screen) -> None:
    from PySide6.QtWidgets import QApplication

    from facilitator.app import FacilitatorApp
    from facilitator.core.store import Store
    from facilitator.ui.qt_fonts import register_shipped_fonts

    qt = QApplication([sys.argv[0]])
    register_shipped_fonts()
    with tempfile.TemporaryDirectory() as folder:
        app = FacilitatorApp(Store.open(Path(folder) / "shots.db"), host="127.0.0.1", port=0,
                             key_path=Path(folder) / "key.pem", language=screen.language)
        try:
            running = app.start(screen.deck(Path(folder)))
            screen.take(running, Camera(display, out, screen))
        finally:
            app.close()
            settle(0.2)
    del qt


def _room(running):
    """A full room that has answered every exercise but the last quiz, whose slide the
    session is left on with the quiz open and counting down; returns that slide."""
    from tests.ui.conftest import answer_exercise, exercise_slides, join_full_room

    from facilitator.core.exercise import QuizExercise

    session = running.session
    people = join_full_room(session)
    slides = exercise_slides(session)
    timed = [s for s in slides if isinstance(session.workshop.exercises[s.exercise_id], QuizExercise)][-1]
    for slide in slides:
        if slide is not timed:
            answer_exercise(session, people, slide)
    answer_exercise(session, people, timed, close=False)
    running.controller.refresh()
    return timed


def _last_seconds(running) -> None:
    settle_until(lambda: (running.controller.seconds_left() or 0) <= LAST_SECONDS)


def take_projector(running, camera: Camera) -> None:
    from facilitator.core import operations
    from facilitator.core.deck import Layout

    session, controller = running.session, running.controller
    running.place_audience(full_screen=True)
    running.audience.raise_()
    running.audience.activateWindow()
    _room(running)
    _last_seconds(running)
    camera.take("projector-join-bar-countdown")
    operations.close_poll(session)

    slides = session.workshop.deck.slides
    controller.go_to(next(s for s in slides if s.layout is Layout.JOIN).index + 1)
    camera.take("projector-join")
    bullets = next(s for s in slides if s.layout is Layout.DEFAULT and s.exercise_id is None)
    controller.go_to(bullets.index + 1)
    camera.take("projector-bullets")

    # The phones and the remote look the same whatever the projector's size: taken once.
    phones = Phones(running, camera) if camera.screen is SCREENS[0] else None
    seen: Counter[str] = Counter()
    for slide in slides:
        if slide.exercise_id is None:
            continue
        kind = session.workshop.exercises[slide.exercise_id].kind.value.replace("_", "-")
        seen[kind] += 1
        name = f"projector-results-{kind}" + (f"-{seen[kind]}" if seen[kind] > 1 else "")
        controller.go_to(slide.index + 1)
        operations.reveal_results(session)
        camera.take(name)
        if phones is not None:
            phones.take(name)
        pages = session.screen.result_pages
        for page in range(2, pages + 1):
            controller.next()
            if page <= PAGES_TAKEN or page == pages:
                camera.take(f"{name}-page-{page}")
            else:
                settle(0.1)
    if phones is not None:
        phones.close()


class Phones:
    """An attendee's phone and the trainer's remote in Chromium (Debian's, headless),
    taken at each phone size beside the projector."""

    def __init__(self, running, camera: Camera):
        import shutil

        from playwright.sync_api import sync_playwright

        self.camera = camera
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        phone_size = PHONES["390x844"]
        self.phone = self.browser.new_context(viewport=phone_size, is_mobile=True, has_touch=True).new_page()
        self.phone.goto(running.server.join_url)
        self.phone.get_by_role("textbox", name="Your name").fill("Αικατερίνη Παπαδοπούλου-Κωνσταντινίδου")
        self.phone.get_by_role("button", name="Join").click()
        self.phone.get_by_text("Joined as", exact=False).first.wait_for()
        self.remote = self.browser.new_context(viewport=phone_size, is_mobile=True, has_touch=True).new_page()
        self.remote.goto(running.server.remote_url)

    def take(self, name: str) -> None:
        """Both pages at both sizes, once the pushes of the last change have arrived."""
        self.phone.wait_for_timeout(1000)  # pushes go out at most every 0.2 s
        for page, role in ((self.phone, "phone"), (self.remote, "remote")):
            for size, viewport in PHONES.items():
                page.set_viewport_size(viewport)
                path = self.camera.out / f"{name.replace('projector', role)}-{size}.png"
                path.write_bytes(page.screenshot())  # the first screen, as a hand holds it
                self.camera.keep(path)

    def close(self) -> None:
        self.browser.close()
        self.playwright.stop()


def take_presenter_in_language(running, camera: Camera) -> None:
    """The open timed quiz, as the trainer sees it in the windows' language."""
    running.audience.hide()
    running.presenter.showFullScreen()
    running.presenter.activateWindow()
    _room(running)
    settle(2)
    camera.take("presenter")


def take_presenter(running, camera: Camera) -> None:
    from facilitator.core.deck import Layout
    from facilitator.ui.dialogs import HelpDialog

    session, controller, presenter = running.session, running.controller, running.presenter
    running.audience.hide()  # one screen here: the presenter's
    presenter.showFullScreen()
    presenter.activateWindow()
    _room(running)
    settle(2)  # a few seconds gone on the countdown, as a trainer sees it
    camera.take("presenter")
    controller.close_poll()

    unrevealed = next(s for s in session.workshop.deck.slides
                      if s.exercise_id is not None and s.layout is Layout.DEFAULT
                      and controller.preview(s.index) is not None)
    controller.go_to(unrevealed.index + 1)
    camera.take("presenter-preview")

    keys = HelpDialog(presenter)
    keys.open()
    camera.take("presenter-help")
    keys.close()

    controller.end_session()
    camera.take("presenter-ended")


# -- a trainer's own decks: PowerPoint, and a Beamer PDF --------------------------------

POWERPOINT_POLL = "could-this-happen-here"  # a shipped exercise, named in a slide's notes
ROOM = ("Amélie Dubois", "Jonas Berg", "Priya Nair", "王芳", "Kwame Mensah", "Sofia Rossi", "Liam O'Brien",
        "Yuki Tanaka", "Fatima Zahra", "Ben Cohen", "Ingrid Larsen", "Mateo García", "Chloé Martin",
        "Arjun Patel")


def shipped_deck(_folder: Path) -> Path:
    from facilitator.core.paths import SHIPPED_DECK

    return SHIPPED_DECK


def trainer_powerpoint(folder: Path) -> Path:
    """A deck as a trainer makes one in PowerPoint: the default template's title and
    bullet layouts, a coloured banner, speaker notes written to be read at a glance, a
    poll named in one slide's notes."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)  # PowerPoint's 16:9
    deck.core_properties.title = "Posting for the company"
    title_layout, bullets_layout = deck.slide_layouts[0], deck.slide_layouts[1]

    def accent(slide, colour: str) -> None:
        # Down the left edge: the bottom edge is where the projector's join bar goes.
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.35), deck.slide_height)
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(colour)
        shape.line.fill.background()

    def add(title: str, bullets: list[str], notes: str, colour: str = "1F6F8B"):
        slide = deck.slides.add_slide(bullets_layout if bullets else title_layout)
        slide.shapes.title.text = title
        # The template's boxes are placed for 4:3: placed again, for 16:9.
        heading, body = slide.placeholders[0], slide.placeholders[1]
        heading.left = body.left = Inches(1)
        heading.width = body.width = deck.slide_width - Inches(2)
        if bullets:
            heading.top, heading.height = Inches(0.5), Inches(1.2)
            body.top, body.height = Inches(1.9), Inches(4.6)
            body.text_frame.text = bullets[0]
            for bullet in bullets[1:]:
                body.text_frame.add_paragraph().text = bullet
            for paragraph in body.text_frame.paragraphs:
                paragraph.font.size = Pt(28)
        else:
            heading.top, heading.height = Inches(2.4), Inches(1.5)
            body.top, body.height = Inches(4.1), Inches(1)
            body.text = "Lunch and learn · Marketing and Communications"
        accent(slide, colour)
        slide.notes_slide.notes_text_frame.text = notes
        return slide

    add("Posting for the company", [], "Welcome everyone; thank them for giving up their lunch.\n"
        "Introduce yourself in one sentence.\nminutes: 2")
    add("Why this matters", ["Every post is read as the company speaking",
                             "A screenshot outlives a deleted post", "Most slips come from good intentions"],
        "Open with last spring's whiteboard photo (no names).\n"
        "Ask: who here has posted about work this month? Hands up.\n"
        "Land the point: nobody is in trouble; we want everyone posting, safely.\nminutes: 4")
    add("Three habits", ["Pause before posting: would I say it on stage?", "Check the background of every photo",
                         "Reply to complaints in private, not in the thread"],
        "Spend most time on the second habit: photos show more than we think.\n"
        "Story: the sticky note with the Wi-Fi password.\nminutes: 5", colour="C8553D")
    add("Could this happen here?", ["One department asks staff to like the company page",
                                     "Another one bans Facebook at work", "Scan the code and vote"],
        "Read the question aloud and give them a minute.\n"
        "While the votes come in, watch the count: wait for two thirds.\n"
        f"exercise: {POWERPOINT_POLL}\nminutes: 3", colour="C8553D")
    add("What to do on Monday", ["Add the social media policy to your bookmarks",
                                 "Tell one colleague about the three habits"],
        "Point to the handout and the certificates on their phones.\nminutes: 2")
    path = folder / "Posting for the company.pptx"
    deck.save(path)
    return path


BEAMER_FRAMES = (  # each frame's title and bullets; a frame of several bullets builds them one by one
    ("Posting for the company", ()),
    ("Three habits", ("Pause before posting", "Check the background of every photo",
                      "Reply to complaints in private")),
    ("Questions?", ()),
)


def trainer_beamer(folder: Path) -> Path:
    """A LaTeX Beamer deck's PDF, drawn with ReportLab as Beamer's default theme draws
    one: 4:3 pages, a blue frame title bar, a footline, the second frame in overlays
    that uncover a bullet each (pages sharing its label)."""
    from reportlab.lib.colors import HexColor, white
    from reportlab.pdfgen import canvas

    from tests.deck_files import pdfpc_pages, write_pdfpc
    from tests.paged import BEAMER

    width, height = BEAMER
    path = folder / "beamer.pdf"
    pdf = canvas.Canvas(str(path), pagesize=BEAMER)
    labels = []
    for number, (title, bullets) in enumerate(BEAMER_FRAMES, start=1):
        for uncovered in range(1, len(bullets) + 1) if bullets else (0,):
            labels.append(str(number))
            pdf.setFillColor(HexColor("#3333B2"))
            pdf.rect(0, height - 48, width, 48, stroke=0, fill=1)
            pdf.rect(0, 0, width, 14, stroke=0, fill=1)
            pdf.setFillColor(white)
            pdf.setFont("Helvetica-Bold", 18)
            pdf.drawString(16, height - 32, title)
            pdf.setFont("Helvetica", 7)
            pdf.drawString(16, 4, "A. Trainer · Posting for the company")
            pdf.drawRightString(width - 16, 4, f"{number} / {len(BEAMER_FRAMES)}")
            pdf.setFillColor(HexColor("#000000"))
            pdf.setFont("Helvetica", 16)
            for line, bullet in enumerate(bullets[:uncovered]):
                y = height - 100 - 40 * line
                pdf.setFillColor(HexColor("#3333B2"))
                pdf.circle(28, y + 5, 3.5, stroke=0, fill=1)
                pdf.setFillColor(HexColor("#000000"))
                pdf.drawString(42, y, bullet)
            pdf.showPage()
    pdf.save()
    write_pdfpc(path.with_suffix(".pdfpc"), pdfpc_pages({1: "Uncover one habit at a time."}, labels))
    return path


def _own_room(running) -> list:
    """The room of a trainer's own deck: everyone joined, on the poll's slide."""
    session = running.session
    people = [session.join(name) for name in ROOM]
    poll_slide = next(s for s in session.workshop.deck.slides if s.exercise_id == POWERPOINT_POLL)
    running.controller.go_to(poll_slide.index + 1)
    return people


def take_own_deck_projector(running, camera: Camera) -> None:
    """The PowerPoint deck's poll page with the join bar and the live count, then its
    results in Facilitator's design over it."""
    from facilitator.core import operations

    session = running.session
    running.place_audience(full_screen=True)
    running.audience.raise_()
    people = _own_room(running)
    operations.open_poll(session)
    poll = session.poll_now_open()
    for n, person in enumerate(people[:11]):  # votes still coming in
        session.respond(person.token, poll.id, (0, 0, 1, 3, 0, 2)[n % 6])
    camera.take("projector-own-deck-poll-open")
    operations.reveal_results(session)
    camera.take("projector-own-deck-results")


def take_own_deck_presenter(running, camera: Camera) -> None:
    """The presenter on a PowerPoint slide: its speaker notes and the next page."""
    running.audience.hide()
    running.presenter.showFullScreen()
    running.presenter.activateWindow()
    for name in ROOM:
        running.session.join(name)
    bullets = next(s for s in running.session.workshop.deck.slides if s.title == "Three habits")
    running.controller.go_to(bullets.index + 1)
    settle_until(lambda: running.pages.cached >= 2)
    camera.take("presenter-own-deck-notes")


def take_beamer_projector(running, camera: Camera) -> None:
    """A 4:3 Beamer page on a 16:9 projector: pillarboxed, not stretched."""
    running.place_audience(full_screen=True)
    running.audience.raise_()
    running.controller.go_to(2)
    running.controller.next()  # the frame's second overlay: two of its bullets uncovered
    camera.take("projector-beamer-page")


SCREENS = (
    Screen("projector-1080p", 1920, 1080, shipped_deck, take_projector, "-1080p"),
    Screen("projector-720p", 1280, 720, shipped_deck, take_projector, "-720p"),
    Screen("presenter", 1600, 900, shipped_deck, take_presenter, ""),
    Screen("own-deck-projector", 1920, 1080, trainer_powerpoint, take_own_deck_projector, "-1080p"),
    Screen("own-deck-presenter", 1600, 900, trainer_powerpoint, take_own_deck_presenter, ""),
    Screen("beamer-projector", 1920, 1080, trainer_beamer, take_beamer_projector, "-1080p"),
    Screen("presenter-de", 1600, 900, shipped_deck, take_presenter_in_language, "-de", "de"),
    Screen("presenter-ar", 1600, 900, shipped_deck, take_presenter_in_language, "-ar", "ar"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--display", type=int, default=101, help="the X display number to use (default 101)")
    parser.add_argument("--out", type=Path, default=SCREENSHOTS, help="where the PNGs go")
    parser.add_argument("--only", nargs="+", choices=[s.name for s in SCREENS], help="these screens only")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # the screen a child runs on
    arguments = parser.parse_args()
    if arguments.child:
        screen = next(s for s in SCREENS if s.name == arguments.child)
        run_child(arguments.display, arguments.out, screen)
    else:
        take_all(arguments.display, arguments.out,
                 [s for s in SCREENS if arguments.only is None or s.name in arguments.only])


if __name__ == "__main__":
    main()
