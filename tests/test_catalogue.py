"""The catalogue stays whole: every word the phone and remote show goes through it, the
template lists every message the sources hold, and each language has every message,
none fuzzy or empty, its placeholders kept and as many plural forms as CLDR says."""

from __future__ import annotations

import ast
import re
import warnings
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

import facilitator
from facilitator.core.translation import (
    LOCALES_PACKAGE, PLACEHOLDER, TEMPLATE, available_languages, catalogue_path, messages_found_in, page_messages,
    translator,
)
from facilitator.documents.verify_page import MESSAGES_SOURCE as VERIFY_SOURCE

ROOT = Path(facilitator.__file__).resolve().parents[1]
STATIC = ROOT / "facilitator" / "live" / "static"
# The organisation's verification page: one file, its script inline.
VERIFY_PAGE = ROOT / "facilitator" / "documents" / "verify_page.html"
LOCALES = ROOT / LOCALES_PACKAGE.replace(".", "/")
LANGUAGES = [language.code for language in available_languages() if language.code != "en"]
WRAPPERS = {"t", "tn", "N_"}
# Literals of the pages' code that no one reads: a directive, header names, a class, an
# algorithm's name.
NOT_WORDS = {"use strict", "Accept-Language", "Content-Type", "Content-Disposition", "you below", "Ed25519"}
# The server's refusals that only a client other than the pages can cause (they send
# JSON, small bodies, numbers where numbers go, the remote's own actions): Messages like
# the others, said from the full catalogue, but not sent in the pages' own (GET
# /api/words), which the page budget counts.
NOT_FROM_PAGES = {
    "send JSON (Content-Type: application/json)", "the request is larger than {count} byte",
    "the request ended before its body", "`request_id` must be text", "`on` must be true or false",
    "`{key}` must be a number", "no remote action {name}", "not found", "{method} is not allowed here",
    "the body is not valid JSON", "send a JSON object", "the body is nested more than {count} level deep",
    "the body holds {value}, which is not a JSON number", "a request names one Host, not several",
}


def _template():
    with (LOCALES / TEMPLATE).open("rb") as source:
        return read_po(source)


@cache
def extracted() -> set[str]:
    """The messages `pybabel extract -F babel.cfg` finds in the sources now."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), method_map, options_map)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def test_the_template_holds_every_message_of_the_sources():
    listed = {m.id if isinstance(m.id, str) else m.id[0] for m in _template() if m.id}
    # Not up to date? `pybabel extract` and `pybabel update` (docs/translating.md).
    assert extracted() == listed


def _strings_outside_the_catalogue(source: str) -> list[tuple[int, str]]:
    from babel.messages import jslexer

    with warnings.catch_warnings():  # Babel's own extractor reads the pages with it
        warnings.simplefilter("ignore", DeprecationWarning)
        tokens = [t for t in jslexer.tokenize(source, template_string=True) if not t.type.endswith("comment")]
    found = []
    for i, token in enumerate(tokens):
        if token.type not in ("string", "template_string"):
            continue
        before = [t.value for t in tokens[max(0, i - 4):i]]
        wrapped = before[-2:] in ([w, "("] for w in WRAPPERS) or (
            len(before) == 4 and before[:2] == ["tn", "("] and before[3] == ",")  # tn's plural
        text = token.value[1:-1]
        looks_like_words = re.search(r"[A-Za-z]{2,}", text) and (" " in text.strip() or re.match(r"[A-Z][a-z]", text))
        if looks_like_words and not wrapped and text not in NOT_WORDS:
            found.append((token.lineno, text))
    return found


def _inline_script(page: Path) -> str:
    [script] = re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.DOTALL)
    return script


@pytest.mark.parametrize("script", sorted(p.name for p in STATIC.glob("*.js")) + ["verify_page.html"])
def test_every_word_of_the_pages_code_goes_through_the_catalogue(script):
    source = _inline_script(VERIFY_PAGE) if script == VERIFY_PAGE.name else (STATIC / script).read_text(encoding="utf-8")
    assert _strings_outside_the_catalogue(source) == []


def test_the_verification_pages_words_are_extracted():
    """Its marked HTML and its inline script's t(...) both reach the template."""
    assert {"Check a certificate", "How this check works", "Valid certificate", "Not signed by this organisation",
            "These facts were signed by {organisation} and have not been changed.",
            "This organisation's key fingerprint:", "{count} hour"} <= messages_found_in(VERIFY_SOURCE)


def test_the_scan_finds_a_word_left_out_of_the_catalogue():
    assert _strings_outside_the_catalogue('say("Welcome back", "ok"); say(t("Joined"));') == [(1, "Welcome back")]


class _Words(HTMLParser):
    """The text of a page's HTML outside elements marked `data-t`: its <title> and
    <noscript> too, which the server says in the phone's language."""

    def __init__(self):
        super().__init__()
        self.marked: list[bool] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "link", "input", "br"):
            self.marked.append("data-t" in dict(attrs) or tag in ("script", "style"))

    def handle_endtag(self, tag):
        if tag not in ("meta", "link", "input", "br"):
            self.marked.pop()

    def handle_data(self, data):
        if re.search(r"[A-Za-z]{2,}", data) and not any(self.marked):
            self.loose.append(data.strip())


@pytest.mark.parametrize("page", [STATIC / "phone.html", STATIC / "remote.html", VERIFY_PAGE], ids=lambda p: p.name)
def test_every_word_of_the_pages_html_goes_through_the_catalogue(page):
    words = _Words()
    words.feed(page.read_text(encoding="utf-8"))
    assert words.loose == []


def _refusals_in_words(source: str, errors: tuple[str, ...]) -> list[str]:
    """The messages of the `errors` raised with plain text, not a Message."""
    loose = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in errors:
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    loose.append(arg.value)
                elif isinstance(arg, ast.JoinedStr):
                    loose.append("".join(v.value if isinstance(v, ast.Constant) else "{" + ast.unparse(v.value)
                                         + ("!r" if v.conversion == ord("r") else "") + "}" for v in arg.values))
    return loose


SERVER_REFUSALS = ("ApiError", "NotAllowed", "NotFound", "InvalidInput", "BadBody")


@pytest.mark.parametrize("module", ["live/phone_app.py", "live/downloads.py", "live/bodies.py", "core/session.py"])
def test_what_the_server_tells_a_phone_goes_through_the_catalogue(module):
    """The phone shows the server's refusals as they come: in the phone's language,
    those only another client causes too."""
    source = (ROOT / "facilitator" / module).read_text(encoding="utf-8")
    assert _refusals_in_words(source, SERVER_REFUSALS) == []


def test_the_refusals_scan_finds_one_left_in_english():
    source = 'raise ApiError(415, "send JSON"); raise BadBody(f"nested {n} deep"); raise ApiError(404, Message("x"))'
    assert _refusals_in_words(source, SERVER_REFUSALS) == ["send JSON", "nested {n} deep"]


def test_the_refusals_no_page_causes_are_translated_but_not_sent_to_the_pages():
    assert NOT_FROM_PAGES <= extracted()
    assert NOT_FROM_PAGES & page_messages() == set()
    for code in LANGUAGES:
        assert sorted(NOT_FROM_PAGES - set(translator(code).messages)) == []


@cache
def catalogue(code: str):
    with catalogue_path(code).open("rb") as source:
        return read_po(source, locale=code)


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_every_message_none_fuzzy_or_empty(code):
    held = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue(code) if m.id}
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in _template() if m.id}
    assert sorted(wanted - set(held)) == []
    assert sorted(held) == sorted(wanted)  # none left over from messages gone
    assert [key for key, m in held.items() if m.fuzzy] == []
    empty = [key for key, m in held.items() if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert empty == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_passes_the_compilers_own_checks(code):
    # What `pybabel compile` refuses (a translation whose "%" reads as a printf conversion
    # the message has not) is refused here too, so a translator's check and CI agree.
    from babel.messages.checkers import python_format
    from babel.messages.catalog import TranslationError

    refused = []
    for message in catalogue(code):
        try:
            python_format(catalogue(code), message)
        except TranslationError as error:
            refused.append((message.id, str(error)))
    assert refused == []


def _placeholders_wrong(msgid: str | tuple[str, str], forms: tuple[str, ...]) -> list[str]:
    """The forms of a translation that drop, rename or add a placeholder."""
    english = set(PLACEHOLDER.findall(msgid if isinstance(msgid, str) else msgid[1]))
    # A plural form may say its number in words ("شخصان", two people).
    needed = english - {"count"} if isinstance(msgid, tuple) else english
    return [form for form in forms if not needed <= set(PLACEHOLDER.findall(form)) <= english]


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_keeps_every_placeholder_and_has_cldrs_plural_forms(code):
    rule = get_plural(code)
    assert catalogue(code).num_plurals == rule.num_plurals and catalogue(code).plural_expr == rule.plural_expr
    wrong = []
    for m in catalogue(code):
        if not m.id:
            continue
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if isinstance(m.id, tuple) and len(forms) != rule.num_plurals:
            wrong.append((m.id, f"{len(forms)} forms"))
        wrong += [(m.id, form) for form in _placeholders_wrong(m.id, forms)]
    assert wrong == []


@pytest.mark.parametrize("msgid, forms, wrong", [
    ("Welcome, {name}!", ("Willkommen, {nom}!",), ["Willkommen, {nom}!"]),  # renamed
    ("Slide {n} of {count}", ("Folie {n}",), ["Folie {n}"]),  # dropped
    ("Join", ("Beitreten {x}",), ["Beitreten {x}"]),  # added
    (("{count} person", "{count} people"), ("شخص واحد", "{count} أشخاص"), []),  # a number in words
    (("{answered} of {count}", "{answered} of {count}"), ("{count}",), ["{count}"]),
])
def test_the_placeholder_check_sees_each_slip(msgid, forms, wrong):
    assert _placeholders_wrong(msgid, forms) == wrong


# What the windows show a person: Qt's own labels, and the projector's text drawing.
LABEL_CALLS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setInformativeText", "showMessage",
    "setTitle", "addButton", "addItem", "information", "warning", "question", "critical", "getInt",
    "QPushButton", "QLabel", "QGroupBox", "QProgressDialog", "QListWidgetItem", "plain_label",
    "fit", "wrap", "draw_line", "draw_centered_line", "draw_block",
}
# The app's name, the same in every language.
NOT_TRANSLATED = {"Facilitator"}


def _labels_in_words(source: str) -> list[tuple[int, str]]:
    """The English literals (plain or f-strings) handed straight to a label or a drawing."""
    found = []
    for node, name in _calls(source):
        if name not in LABEL_CALLS:
            continue
        for text in _literals(node.args):
            looks_like_words = re.search(r"[A-Za-z]{2,}", text) and (" " in text.strip() or re.match(r"[A-Z][a-z]", text))
            if looks_like_words and text not in NOT_TRANSLATED:  # not "center", an alignment
                found.append((node.lineno, text))
    return found


def _calls(source: str):
    """Each call in `source`, with the name it calls (a method's or a function's)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            yield node, node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")


def _literals(arguments):
    """The text of each argument written as a literal (plain, or an f-string's own words)."""
    for arg in arguments:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            yield arg.value
        elif isinstance(arg, ast.JoinedStr):
            yield "".join(v.value for v in arg.values if isinstance(v, ast.Constant))


UI = ROOT / "facilitator" / "ui"


@pytest.mark.parametrize("module", sorted(p.name for p in UI.glob("*.py")) + ["../app.py"])
def test_every_word_of_the_windows_goes_through_the_catalogue(module):
    assert _labels_in_words((UI / module).read_text(encoding="utf-8")) == []


def test_the_windows_scan_finds_a_label_left_in_english():
    source = 'QPushButton(_("Resume")); box.setTitle("Live"); label.setText(f"{n} people joined"); plain_label("Facilitator")'
    assert _labels_in_words(source) == [(1, "Live"), (1, " people joined")]


# What the other layers hand a person: an error's message, a problem found in a file, a
# command's output and help. Each such literal is a `Message` (or `_`, `N_`) instead.
SAID_CALLS = {
    "InvalidInput", "NotAllowed", "NotFound", "DomainError", "StoreUnusable", "StoreInUse",
    "CommandError", "ApiError", "PayloadFormatError", "VerificationError", "TamperedError",
    "WrongKeyError", "UnprintableNamesError", "BadBody", "PdfFailed", "ArgumentTypeError",
    "Problem", "problem", "_problem", "_Broken", "_damaged", "_too_large", "_cannot_keep",
    "_roster_refused", "print", "say", "warn", "add_argument", "add_parser", "ArgumentParser", "_Parser",
    "Finding",
}
SAID_KEYWORDS = {"message", "help", "description", "epilog", "cause", "todo", "what_to_do", "reason"}
# Calls whose positional arguments name an option or a command (`--page-size`,
# `verify-page`): only what their keywords say about it is read.
NAMING_CALLS = {"add_argument", "add_parser"}
SAID_LAYERS = sorted(
    [f"core/{p.name}" for p in (ROOT / "facilitator" / "core").glob("*.py")]
    + [f"documents/{p.name}" for p in (ROOT / "facilitator" / "documents").glob("*.py")]
    + [f"live/{p.name}" for p in (ROOT / "facilitator" / "live").glob("*.py")]
    + ["cli.py", "doctor.py", "app.py"]
)
def _words_said_in_english(source: str) -> list[tuple[int, str]]:
    """The English literals (plain or f-strings) handed straight to an error a person
    reads, a problem in a file, or a command's output."""
    found = []
    for node, name in _calls(source):
        if name not in SAID_CALLS:
            continue
        named = [] if name in NAMING_CALLS else list(node.args)
        for text in _literals(named + [k.value for k in node.keywords if k.arg in SAID_KEYWORDS]):
            # Two words, or one capitalised ("Stopped."): not a key's name such as `name`.
            looks_like_words = re.search(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}", text) or re.match(r"[A-Z][a-z]+\b", text)
            if looks_like_words and text not in NOT_TRANSLATED:
                found.append((node.lineno, text))
    return found


@pytest.mark.parametrize("module", SAID_LAYERS)
def test_every_word_core_and_the_commands_say_goes_through_the_catalogue(module):
    assert _words_said_in_english((ROOT / "facilitator" / module).read_text(encoding="utf-8")) == []


def test_the_said_scan_finds_a_word_left_in_english():
    source = (
        'raise NotAllowed("the poll is closed"); Problem(path, 3, f"unknown key {key!r}"); '
        'print(Message("Saved {n}", n=1)); p.add_argument("--x", help="the deck to show"); print("Facilitator"); '
        'p.add_argument("--page-size", help=_("the paper")); c.add_parser("verify-page", help=_("write it")); '
        '_Parser(description="Run the workshop"); Finding(FONTS, f"{n} shipped font files"); '
        'say("Stopped."); raise NotFound(field="name")'
    )
    assert _words_said_in_english(source) == [
        (1, "the poll is closed"), (1, "unknown key "), (1, "the deck to show"), (1, "Run the workshop"),
        (1, " shipped font files"), (1, "Stopped."),
    ]
