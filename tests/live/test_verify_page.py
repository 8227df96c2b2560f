"""The verification page as an employer uses it: the printed QR code scanned (pdftoppm,
zbarimg), its address opened in Chromium, the signature checked by the page itself."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import json
import os
import shutil
import subprocess
from contextlib import closing
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from facilitator.core.store import Store
from facilitator.core.translation import messages_found_in, negotiate, translator
from facilitator.core.wording import date_words, duration_words
from facilitator.documents.certificates import print_certificates
from facilitator.documents.signing import sign_payload, verify
from facilitator.documents.verify_page import MESSAGES_SOURCE, verify_page_html, write_verify_page

from ..documents.test_certificates import FACTS, people
from ..documents.test_signing import FACTS as SIGNING_FACTS, edited

HOW_TO_CHECK = "To check: scan this code, then run: facilitator verify <the scanned text>"

ADDRESS = "https://certs.example.org/verify.html"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(100, 132)))
NAME = "Amélie <b>Dubois</b>"
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
needs_scanner = pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
                                   reason="needs pdftoppm (poppler) and zbarimg (zbar)")


def scanned(pdf: Path, folder: Path) -> str:
    """What a phone camera reads from the first page's QR code, printed at 150 dpi."""
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf),
                    str(folder / "page")], check=True)
    [image] = folder.glob("page*.png")
    return subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True,
                          text=True, check=True).stdout.strip()


def printed(tmp_path, address: str, key=KEY) -> str:
    facts = dataclasses.replace(FACTS, page_address=address)
    with closing(Store.in_memory()) as store:
        result = print_certificates(store, facts, people(NAME), tmp_path / "c.pdf", key=key, now=0)
    return scanned(result.path, tmp_path)


def renamed(qr: str, new_name: str) -> str:
    """The scanned address with the name in its signed facts changed, the signature kept."""
    address, _, payload = qr.rpartition("#")
    prefix, body, signature = payload.split(".")
    text = base64.b32decode(body + "=" * (-len(body) % 8)).decode().replace(NAME, new_name)
    body = base64.b32encode(text.encode()).decode().rstrip("=")
    return f"{address}#{prefix}.{body}.{signature}"


@pytest.fixture
def page_file(tmp_path) -> Path:
    return write_verify_page(tmp_path / "site", [KEY], "ACME Training")


def opened(browser, page_file: Path, qr: str, viewport=(390, 844), locale="en-US"):  # noqa: F811
    """The published page opened at the scanned address: the host part swapped for the
    local file, the fragment (which browsers never send) kept."""
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, locale=locale)
    requests, problems = [], []
    page.on("request", lambda request: requests.append(request.url))
    # What the page's policy blocks is reported here: an attempt fails the test too.
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(page_file.as_uri() + "#" + qr.rpartition("#")[2])
    page.wait_for_selector("body[data-checked=yes]")
    page.requests, page.problems = requests, problems
    return page


@needs_scanner
def test_the_qr_code_opens_the_page_with_the_signed_facts(tmp_path):
    qr = printed(tmp_path, ADDRESS)
    assert qr.startswith(ADDRESS + "#FCV1.")
    assert verify(qr, KEY)[0].name == NAME  # `facilitator verify` takes the address too


@needs_scanner
def test_the_longest_facts_with_a_long_address_still_scan(tmp_path):
    """Every text at its limit and a 300-character address: the code's largest version
    still reads from a page printed at 150 dpi."""
    address = "https://certs.example.org/" + "p" * 262 + "/verify.html"
    facts = dataclasses.replace(FACTS, title="Social media " * 15, facilitator="Dana Ruiz " * 12,
                                organisation="Acme Ltd " * 13, page_address=address)
    name = "Александра Константиновна Преображенская-Рождественская"
    with closing(Store.in_memory()) as store:
        result = print_certificates(store, facts, people(name), tmp_path / "c.pdf", key=KEY, now=0)
    assert len(address) == 300 and verify(scanned(result.path, tmp_path), KEY)[0].name == name


@needs_scanner
def test_without_an_address_the_qr_code_holds_the_payload_and_says_how_to_check(tmp_path):
    assert printed(tmp_path, "").startswith("FCV1.")
    text = subprocess.run(["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert " ".join(HOW_TO_CHECK.split()) in " ".join(text.split())


@needs_scanner
@pytest.mark.parametrize("case, title", [
    ("valid", "Valid certificate"),
    ("tampered", "The facts do not match"),
    ("wrong-key", "Not signed by this organisation"),
])
def test_an_employer_checks_a_printed_certificate(browser, page_file, accessibility_problems,  # noqa: F811
                                                  tmp_path, case, title):
    qr = printed(tmp_path, ADDRESS, key=OTHER_KEY if case == "wrong-key" else KEY)
    if case == "tampered":
        qr = renamed(qr, "Someone Else")
    page = opened(browser, page_file, qr)
    assert page.inner_text("#verdict-title") == title
    # The name as typed, never as markup.
    assert page.inner_text("#fact-name") == ("Someone Else" if case == "tampered" else NAME)
    assert page.locator("#fact-name b").count() == 0
    assert page.inner_text("#fact-duration") == "1 hour 30 minutes"
    assert page.requests == [page_file.as_uri()]  # the page (its fragment unsent), nothing else
    assert page.problems == []
    assert accessibility_problems(page) == []
    _screenshots(page, case)


@pytest.mark.parametrize("fragment, title", [
    ("", "No certificate to check yet"),
    ("FCV1.AAAA", "This is not a certificate code"),
    ("FCV1.AAAA.BBBB", "This code is damaged"),
    ("%E0%A4%A", "This is not a certificate code"),
])
def test_a_bad_address_is_told_plainly(browser, page_file, fragment, title):  # noqa: F811
    page = browser.new_page()
    page.goto(page_file.as_uri() + "#" + fragment)
    page.wait_for_selector("body[data-checked=yes]")
    assert page.inner_text("#verdict-title") == title
    assert page.locator("#facts").is_hidden()


def test_the_page_can_load_nothing_from_elsewhere(page_file):
    html = page_file.read_text(encoding="utf-8")
    policy = html.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    assert policy.startswith("default-src 'none';")
    assert "http" not in html.replace(ADDRESS, "").split("<body>")[0].replace("http-equiv", "")


def test_an_organisation_name_cannot_end_the_script(tmp_path, browser):  # noqa: F811
    page_file = write_verify_page(tmp_path, [KEY], "</script><script>alert(1)</script>")
    page = browser.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_selector("body[data-checked=yes]")
    assert page.inner_text("#issuer-line").endswith("</script><script>alert(1)</script>")


def _screenshots(page, case):
    """docs/screenshots/verify-CASE-SIZE.png when FACILITATOR_SCREENSHOTS is set."""
    if not os.environ.get("FACILITATOR_SCREENSHOTS"):
        return
    from PIL import Image

    for size, viewport in (("390x844", (390, 844)), ("1280x800", (1280, 800))):
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        path = SCREENSHOTS / f"verify-{case}-{size}.png"
        page.screenshot(path=str(path), full_page=True)
        Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)


# -- in the reader's language -------------------------------------------------------

# What a certificate of this page's organisation signs.
SIGNED = dataclasses.replace(SIGNING_FACTS, organisation="ACME Training", facilitator="Jane Trainer")
CODES = {
    "valid": lambda: sign_payload(SIGNED, KEY),
    "tampered": lambda: edited(sign_payload(SIGNED, KEY), lambda text: text.replace(SIGNED.name, "Someone Else")),
    "wrong-key": lambda: sign_payload(SIGNED, OTHER_KEY),
}
# The page's boxes whose words their box cuts, and how far the page reaches past the phone.
CUT = """() => [...document.querySelectorAll("h1, h2, p, dt, dd, label, select, code")]
  .filter((el) => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1)
  .map((el) => el.textContent)"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
MARKED = "() => [...document.querySelectorAll('[data-t]')].map((el) => [el.dataset.t, el.textContent])"


TITLES = {"valid": "Valid certificate", "tampered": "The facts do not match",
          "wrong-key": "Not signed by this organisation"}


def seen_by(page, words) -> dict:
    """What a reader in the language of `words` finds wrong on the page as it is now."""
    marked = page.evaluate(MARKED)
    return {
        "lang, dir": page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]")
        != [words.tag, words.direction],
        "fixed words": [message for message, shown in marked if shown != words.text(message)],
        # The date and the duration as the certificate itself writes them in that language.
        "date": page.inner_text("#fact-date") != date_words(SIGNED.date, words),
        "duration": page.inner_text("#fact-duration") != duration_words(90, words),
        "overflow": page.evaluate(OVERFLOW), "cut": page.evaluate(CUT), "problems": page.problems,
    }


NOTHING_WRONG = {"lang, dir": False, "fixed words": [], "date": False, "duration": False, "overflow": 0,
                 "cut": [], "problems": []}


@pytest.mark.parametrize("locale, code", [("en-GB", "en"), ("de-DE", "de"), ("ar-EG", "ar")])
def test_the_page_speaks_the_readers_language(browser, page_file, accessibility_problems, locale, code):  # noqa: F811
    """A valid, a tampered and a foreign-key certificate, read at a phone's size."""
    words = translator(code)
    for case, title in TITLES.items():
        page = opened(browser, page_file, "#" + CODES[case](), locale=locale)
        assert page.inner_text("#verdict-title") == words.text(title)
        assert code == "en" or words.text(title) != title
        assert seen_by(page, words) == NOTHING_WRONG
        assert accessibility_problems(page) == []
        _language_screenshot(page, locale, case)
        page.close()


NEGOTIATED = ["pt-PT", "zh-CN", "zh-Hans-SG", "zh-TW", "fr-CA", "it-IT", "de-AT"]


def test_the_browsers_language_is_negotiated_as_the_server_does(browser, page_file):  # noqa: F811
    shown = {}
    for locale in NEGOTIATED:
        page = opened(browser, page_file, "", locale=locale)
        shown[locale] = page.evaluate("() => document.documentElement.lang")
        page.close()
    assert shown == {locale: translator(negotiate(locale)).tag for locale in NEGOTIATED}
    assert shown["pt-PT"] == "pt-BR" and shown["zh-TW"] == "en"


def test_a_language_chosen_on_the_page_is_kept(browser, page_file):  # noqa: F811
    page = opened(browser, page_file, "#" + CODES["valid"](), locale="de-DE")
    page.get_by_role("combobox", name="Sprache").select_option("ar")
    assert page.inner_text("#verdict-title") == translator("ar").text("Valid certificate")
    assert page.evaluate("() => document.documentElement.dir") == "rtl"
    page.reload()
    page.wait_for_selector("body[data-checked=yes]")
    assert page.get_by_role("combobox", name=translator("ar").text("Language")).input_value() == "ar"


@pytest.fixture
def https_site(page_file, tmp_path):
    """The page's folder served over https on a loopback address, as a web host would
    (a certificate made for the test, which the browser is told to accept)."""
    import ssl
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    tls_key = ec.generate_private_key(ec.SECP256R1())  # browsers take no Ed25519 for TLS
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(tls_key.public_key())
                   .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
                   .sign(tls_key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(tls_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the test reads what the browser saw, not the log
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(page_file.parent)))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_port}/{page_file.name}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_served_over_https_it_checks_and_speaks_as_from_a_file(browser, https_site):  # noqa: F811
    page = browser.new_page(locale="de-DE", ignore_https_errors=True)
    page.goto(https_site + "#" + CODES["valid"]())
    page.wait_for_selector("body[data-checked=yes]")
    assert page.inner_text("#verdict-title") == "Gültige Bescheinigung"


def test_the_page_carries_only_its_own_words_in_every_language():
    words = json.loads(verify_page_html([KEY]).split('<script type="application/json" id="words">')[1]
                       .split("</script>")[0])
    own = messages_found_in(MESSAGES_SOURCE)
    assert [tag for tag, _ in words["languages"]] == list(words["catalogues"])
    for tag, catalogue in words["catalogues"].items():
        assert set(catalogue["messages"]) <= own
        # English is the page's own words; the others say them their way.
        assert ("Valid certificate" in catalogue["messages"]) == (tag != "en")


def _language_screenshot(page, locale, case):
    """docs/screenshots/verify-LANG-valid.png, the page as a German or Arabic reader sees
    it, when FACILITATOR_SCREENSHOTS is set."""
    if not os.environ.get("FACILITATOR_SCREENSHOTS") or case != "valid" or locale.startswith("en"):
        return
    from PIL import Image

    path = SCREENSHOTS / f"verify-{locale.split('-')[0]}-valid.png"
    page.screenshot(path=str(path), full_page=True)
    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
