"""One catalogue per language, read with Babel: which language a browser gets, plural
forms by CLDR's rules, numbers in the reader's way, the pseudo-locale, and what the pages
are sent."""

import tracemalloc
from datetime import date, datetime

import pytest

from facilitator.core.translation import (
    PSEUDO_GROWTH, PSEUDO_LOCALE, Message, available_languages, negotiate, page_messages, plural_message,
    system_language,
    pseudo, translator,
)

CODES = [language.code for language in available_languages()]


def test_english_and_the_seven_languages_are_there_each_named_in_itself():
    assert {language.tag: language.name for language in available_languages()} == {
        "en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "pt-BR": "Português (Brasil)",
        "zh-Hans": "中文 (简体)", "ja": "日本語", "ar": "العربية",
    }


@pytest.mark.parametrize("header, code", [
    ("de-DE,de;q=0.9,en;q=0.8", "de"),
    ("fr-CA", "fr"),
    ("es-419,es;q=0.9", "es"),
    ("pt-BR", "pt_BR"),
    ("pt-PT,pt;q=0.9", "pt_BR"),  # the Portuguese there is, before English
    ("zh-CN,zh;q=0.9", "zh_Hans"),
    ("zh-Hans-SG", "zh_Hans"),
    ("zh-TW,zh-Hant;q=0.9,ja;q=0.5", "ja"),  # Traditional Chinese readers: not the Simplified catalogue
    ("ar-EG", "ar"),
    ("en-GB,de;q=0.5", "en"),
    ("nl;q=0.9, de;q=0.8", "de"),
    ("de;q=0.2, fr;q=0.8", "fr"),  # by q-value, not by order
    ("fr;q=0, de", "de"),  # q=0 is "not this one"
    ("ko, *", "en"),
    ("en-XA", PSEUDO_LOCALE),
    ("", "en"),
    (None, "en"),
    ("de;q=abc, ja", "ja"),
    ("\ud800;q=1, es", "es"),
    ("de;" * 400, "en"),
])
def test_a_browsers_accept_language_picks_the_first_language_spoken(header, code):
    assert negotiate(header) == code


@pytest.mark.parametrize("code, counts", [
    ("en", {0: "people", 1: "person", 2: "people"}),
    ("de", {1: "Person", 2: "Personen"}),
    ("fr", {0: "personne", 1: "personne", 2: "personnes", 1_000_000: "de personnes"}),
    ("ar", {0: "لا أحد", 1: "شخص واحد", 2: "شخصان", 3: "أشخاص", 11: "شخصًا", 100: "شخص"}),
    ("ja", {1: "人", 5: "人"}),
])
def test_plural_forms_follow_cldr(code, counts):
    words = translator(code)
    for count, expected in counts.items():
        assert expected in words.plural_text("{count} person", "{count} people", count)


@pytest.mark.parametrize("code", CODES)
def test_the_pages_pick_the_same_form_as_gettext(code):
    """A page picks a form by the CLDR category the browser's Intl.PluralRules names (the
    catalogue says which form each category is); gettext picks by the .po's rule."""
    words = translator(code)
    categories = words.plural_categories()
    for n in (*range(0, 1001), 1_000_000):
        category = words.locale.plural_form(n)
        picked = categories.index(category) if category in categories else len(categories) - 1
        assert picked == words.plural_index(n), n


@pytest.mark.parametrize("code, number, written", [
    ("en", 1234.5, "1,234.5"), ("de", 1234.5, "1.234,5"), ("fr", 1234.5, "1\u202f234,5"), ("ar", 3, "3"),
])
def test_numbers_are_written_the_readers_way(code, number, written):
    assert translator(code).text("{n}", n=number) == written


def test_a_time_and_the_direction_follow_the_language():
    assert translator("de").time(datetime(2026, 12, 1, 14, 5)) == "14:05"
    assert translator("de").date(date(2026, 12, 11)) == "11. Dezember 2026"
    assert translator("ja").date(date(2026, 12, 11)) == "2026年12月11日"
    assert [translator(code).direction for code in ("en", "ar", "ja")] == ["ltr", "rtl", "ltr"]


def test_an_untranslated_or_unknown_message_is_the_english():
    assert translator("de").text("no such message {x}", x=1) == "no such message 1"
    assert translator("xx").code == "en"


def test_the_pseudo_locale_is_accented_longer_and_bracketed_with_its_placeholders_kept():
    made = pseudo("Slide {n} of {count}")
    assert made.startswith("[") and made.endswith("]") and "{n}" in made and "{count}" in made
    assert made != "[Slide {n} of {count}]" and "Š" in made
    shown = lambda text: len(text.replace("{n}", "").replace("{count}", ""))  # noqa: E731
    assert shown(made) >= shown("Slide {n} of {count}") * (1 + PSEUDO_GROWTH)
    assert translator(PSEUDO_LOCALE).text("Join") == pseudo("Join")


def test_a_message_is_english_where_text_is_expected_and_translated_where_asked():
    message = Message("you have posted {count} already, the most per board", count=20)
    assert message == "you have posted 20 already, the most per board"
    assert translator("de").say(message) == "Du hast schon 20 Beiträge geschrieben, mehr geht auf einer Pinnwand nicht"
    several = plural_message("{count} person", "{count} people", 3)
    assert several == "3 people" and translator("ar").say(several) == "3 أشخاص"


def test_the_pages_catalogue_holds_only_their_messages_with_the_plural_categories():
    catalogue = translator("ar").page_catalogue(available_languages())
    assert catalogue["locale"] == "ar" and catalogue["dir"] == "rtl"
    assert catalogue["plurals"] == ["zero", "one", "two", "few", "many", "other"]
    assert set(catalogue["messages"]) <= page_messages()
    assert "Join" in catalogue["messages"] and "join the session first" not in catalogue["messages"]
    assert len(catalogue["messages"]["{count} person"]) == 6
    assert ["ar", "العربية"] in catalogue["languages"]
    assert translator("en").page_catalogue(available_languages())["messages"] == {}


@pytest.mark.parametrize("environ, code", [
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LC_ALL": "fr_CA.UTF-8", "LANG": "de_DE.UTF-8"}, "fr"),
    ({"LC_MESSAGES": "pt_PT@euro", "LANG": "de_DE.UTF-8"}, "pt_BR"),
    ({"LC_ALL": "", "LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "tlh"}, "en"),
    ({}, "en"),
])
def test_the_system_language_is_read_as_gettext_reads_it(environ, code):
    assert system_language(environ) == code


def test_headers_from_anyone_keep_a_bounded_memory():
    """Every refusal negotiates its request's header: a flood of distinct ones (a 421
    needs no session) must not keep each one."""
    def flood(start: int) -> None:
        for n in range(start, start + 1500):
            assert negotiate(f"de;q=0.9{n:05d}," + "x" * 4000) == "de"

    flood(0)  # whatever is kept, it is kept by now
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        flood(1500)
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # Kept: the last thousand or so, cut to 500 characters (what tracemalloc sees of the
    # ones they replaced was allocated before it started); each one whole would be 6 MB.
    assert grown < 1_000_000
