"""The phone in each language Facilitator speaks: its join, question, results and ended
screens, in Debian's Chromium at 390×844, against the real phone server on loopback.

    .venv/bin/python docs/screenshots/take_languages.py [--out docs/screenshots]

Each phone's browser asks for its language (Playwright's `locale`, which sets
Accept-Language), as a phone set to that language does; the trainer's text (the shipped
workshop, in English) stays as written. Files: `phone-LANG-{join,question,results,ended}.png`,
with a 256-colour palette to stay small.
"""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from facilitator.core.paths import SHIPPED_DECK
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.translation import available_languages
from facilitator.core.workshop import load_workshop
from facilitator.live.server import LiveServer

SCREENSHOTS = Path(__file__).resolve().parent
PHONE = {"width": 390, "height": 844}
POLL = "could-this-happen-here"
# A name as its language writes it, the longest part of each screen a person typed.
NAMES = {
    "en": "Olivia Thompson-Wright", "de": "Jürgen Großmann-Schäfer", "fr": "Hélène Lefèvre-Dubois",
    "es": "José María Núñez", "pt-BR": "João Conceição Araújo", "zh-Hans": "欧阳晓明",
    "ja": "佐藤 花子", "ar": "ليلى الحداد",
}


def shoot(page, path: Path) -> None:
    page.wait_for_timeout(600)  # pushes go out at most every 0.2 s
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    shot.quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=SCREENSHOTS)
    out = parser.parse_args().out
    store = Store.in_memory()
    session = LiveSession.start(store, load_workshop(SHIPPED_DECK))
    slide = next(s.index for s in session.workshop.deck.slides if s.exercise_id == POLL)
    with LiveServer(session, host="127.0.0.1", port=0) as server, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        phones = {}
        for language in available_languages():
            context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=language.tag)
            phone = phones[language.tag] = context.new_page()
            phone.goto(server.join_url)
            phone.locator("#name").wait_for()
            phone.locator("#name").fill(NAMES[language.tag])
            shoot(phone, out / f"phone-{language.tag}-join.png")
            phone.locator("form button[type=submit]").click()
            phone.locator("#foot:not([hidden])").wait_for()
        others = [session.join(f"Attendee {n}") for n in range(11)]
        session.go_to_slide(slide)
        poll = session.open_poll_for()
        for tag, phone in phones.items():
            phone.locator("fieldset input").first.wait_for()
            shoot(phone, out / f"phone-{tag}-question.png")
            phone.locator("label.opt").nth(1).click()
            phone.locator("form button[type=submit]").click()
            phone.locator(".big-ok").wait_for()
        for n, person in enumerate(others):
            session.respond(person.token, poll.id, n % 4)
        session.close_poll()
        session.reveal_results()
        for tag, phone in phones.items():
            phone.locator("ul.results").wait_for()
            shoot(phone, out / f"phone-{tag}-results.png")
        session.end()
        for tag, phone in phones.items():
            phone.locator("a.btn").first.wait_for()
            shoot(phone, out / f"phone-{tag}-ended.png")
        browser.close()
    store.close()


if __name__ == "__main__":
    main()
