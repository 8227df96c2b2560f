"""The projector and presenter screenshots of the README, taken from the real app in real
windows on a virtual X display (Xvfb, with openbox as its window manager).

    .venv/bin/python docs/screenshots/take.py [--display 101] [--out docs/screenshots]

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
  windows in German and in Arabic, mirrored (`presenter-de.png`, `presenter-ar.png`;
  `--languages` takes only these).

Beside the projector at 1920×1080, an attendee's phone (joined with a long Greek name)
and the trainer's remote in Chromium, at 390×844 and 360×740, on every exercise's
revealed results: their first screen (`phone-results-…`, `remote-results-…`).

Each PNG is saved with a 256-colour palette to stay small. Needs Xvfb, openbox,
ImageMagick's `import`, and Debian's chromium for Playwright.
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
    """One display and what the app shows full screen on it."""

    width: int
    height: int
    window: str  # "projector" or "presenter": the child's run of that name
    suffix: str  # ends each file name ("-1080p"), empty for the presenter's
    language: str = "en"  # the windows' language

    @property
    def size(self) -> str:
        return f"{self.width}x{self.height}"


SCREENS = (
    Screen(1920, 1080, "projector", "-1080p"),
    Screen(1280, 720, "projector", "-720p"),
    Screen(1600, 900, "presenter", ""),
)
LANGUAGE_SCREENS = (
    Screen(1600, 900, "presenter", "-de", "de"),
    Screen(1600, 900, "presenter", "-ar", "ar"),
)


# -- the parent: a display per screen, the app in a child on it --------------------------

def take_all(display: int, out: Path, screens: tuple[Screen, ...]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for screen in screens:
        with virtual_display(display, screen):
            env = {**os.environ, "DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb",
                   "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
            child = (SCREENS + LANGUAGE_SCREENS).index(screen)
            subprocess.run([sys.executable, __file__, "--child", str(child), "--display", str(display),
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
    from facilitator.core.paths import SHIPPED_DECK
    from facilitator.core.store import Store
    from facilitator.ui.qt_fonts import register_shipped_fonts

    qt = QApplication([sys.argv[0]])
    register_shipped_fonts()
    with tempfile.TemporaryDirectory() as folder:
        app = FacilitatorApp(Store.open(Path(folder) / "shots.db"), host="127.0.0.1", port=0,
                             key_path=Path(folder) / "key.pem", language=screen.language)
        try:
            running = app.start(SHIPPED_DECK)
            camera = Camera(display, out, screen)
            if screen.language != "en":
                take_presenter_in_language(running, camera)
            else:
                (take_projector if screen.window == "projector" else take_presenter)(running, camera)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--display", type=int, default=101, help="the X display number to use (default 101)")
    parser.add_argument("--out", type=Path, default=SCREENSHOTS, help="where the PNGs go")
    parser.add_argument("--languages", action="store_true", help="only the presenter in each language")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)  # the screen a child runs on
    arguments = parser.parse_args()
    if arguments.child is not None:
        run_child(arguments.display, arguments.out, (SCREENS + LANGUAGE_SCREENS)[arguments.child])
    else:
        take_all(arguments.display, arguments.out, LANGUAGE_SCREENS if arguments.languages else SCREENS + LANGUAGE_SCREENS)


if __name__ == "__main__":
    main()
