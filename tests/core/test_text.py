"""Cleaning attendees' text and folding words to compare them."""

from __future__ import annotations

import unicodedata

import pytest

from facilitator.core.errors import InvalidInput
from facilitator.core.text import clean_text, fold, is_noncharacter
from facilitator.core.translation import Message, translator


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("  Ana  ", "Ana", id="trimmed"),
        pytest.param("Ana \t\n  Lopez", "Ana Lopez", id="white-space-folded"),
        pytest.param("Ana\u00a0Lopez", "Ana Lopez", id="no-break-space"),
        pytest.param("Ana\x00Lo\x07pez", "Ana Lo pez", id="control-characters-become-spaces"),
        pytest.param("Ana\x1b[31m", "Ana [31m", id="escape-sequence"),
        pytest.param("Jose\u0301", "Jos\u00e9", id="nfc"),
        pytest.param("\u202eAna\u202c", "Ana", id="bidi-override"),
        pytest.param("\u2067Ana\u2069 Lopez", "Ana Lopez", id="bidi-isolate"),
        pytest.param("\u202a\u202b\u202d\u2066\u2068Ana", "Ana", id="every-bidi-control"),
        pytest.param("\U0001f469\u200d\U0001f4bb", "\U0001f469\u200d\U0001f4bb", id="zwj-kept"),
        pytest.param("\u0645\u06cc\u200c\u062e\u0648\u0627\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0645", id="zwnj-kept"),
        pytest.param("Ｆｕｌｌ", "Ｆｕｌｌ", id="width-kept"),
    ],
)
def test_clean_text_tidies_one_line(raw, expected):
    assert clean_text(raw, what="a name", max_length=40) == expected


@pytest.mark.parametrize("raw", [None, 5, b"Ana", ["Ana"]])
def test_clean_text_refuses_what_is_not_text(raw):
    with pytest.raises(InvalidInput, match="^a name must be text$"):
        clean_text(raw, what="a name", max_length=40)


@pytest.mark.parametrize("raw", ["", "   ", "\n\t", "\x00\x01", "\u202e\u202c"])
def test_clean_text_refuses_empty_text(raw):
    with pytest.raises(InvalidInput, match="^a name is empty$"):
        clean_text(raw, what="a name", max_length=40)


def test_clean_text_refuses_text_longer_than_the_limit():
    with pytest.raises(InvalidInput, match="^an idea is longer than 5 characters$"):
        clean_text("abcdef", what="an idea", max_length=5)


@pytest.mark.parametrize(
    ("raw", "max_length", "expected"),
    [("abcde", 5, "abcde"), ("  ab   cd  ", 5, "ab cd"), ("Jose\u0301", 4, "Jos\u00e9")],
)
def test_clean_text_measures_length_after_cleaning(raw, max_length, expected):
    assert clean_text(raw, what="an idea", max_length=max_length) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [
        pytest.param("Risky", "RISKY", id="case"),
        pytest.param("Straße", "STRASSE", id="casefold"),
        pytest.param("Jos\u00e9", "Jose\u0301", id="composed-accents"),
        pytest.param("ＴＥＡＭ", "team", id="full-width"),
        pytest.param("\ufb01ne", "fine", id="ligature"),
        pytest.param("  team \t spirit ", "team spirit", id="white-space"),
    ],
)
def test_fold_makes_two_spellings_the_same_word(one, other):
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("risky", "risk"), ("résumé", "resume"), ("team spirit", "teamspirit")],
)
def test_fold_keeps_different_words_apart(one, other):
    assert fold(one) != fold(other)


def test_fold_gives_lower_case_single_spaced_text():
    assert fold("  Team   SPIRIT ") == "team spirit"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("Ana \ud800", "U+D800 (half of a surrogate pair)", id="lone-high-surrogate"),
        pytest.param("\udfff", "U+DFFF (half of a surrogate pair)", id="lone-low-surrogate"),
        pytest.param("Ana\uffff", "U+FFFF (a noncharacter)", id="uffff"),
        pytest.param("Ana\ufffe", "U+FFFE (a noncharacter)", id="ufffe"),
        pytest.param("\ufdd0Ana", "U+FDD0 (a noncharacter)", id="fdd0"),
        pytest.param("Ana\ufdef", "U+FDEF (a noncharacter)", id="fdef"),
        pytest.param("Ana\U0010ffff", "U+10FFFF (a noncharacter)", id="last-code-point"),
        pytest.param("Ana\U0001fffe", "U+1FFFE (a noncharacter)", id="plane-1"),
    ],
)
def test_clean_text_refuses_what_is_not_unicode_and_says_where(raw, shown):
    with pytest.raises(InvalidInput) as caught:
        clean_text(raw, what="your name", max_length=40, field="name")
    assert str(caught.value) == f"your name holds {shown}, which is not a character: type it again"
    assert caught.value.field == "name"


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("\u200b", id="zero-width-space"),
        pytest.param("\ufeff\ufeff", id="byte-order-marks"),
        pytest.param("\u200b \u200d \u2060", id="format-and-space"),
        pytest.param("\u0301\u0308", id="combining-marks-alone"),
        pytest.param("\ufe0f", id="variation-selector"),
        pytest.param("\u3164\u3164", id="hangul-filler"),
        pytest.param("\u2800", id="blank-braille"),
        pytest.param("\u00ad", id="soft-hyphen"),
        pytest.param("\U000e0041\U000e0042", id="tag-characters"),
    ],
)
@pytest.mark.parametrize("printed", [True, False])
def test_clean_text_refuses_text_with_nothing_visible(raw, printed):
    with pytest.raises(InvalidInput, match="^the idea is empty: it has only invisible characters$") as caught:
        clean_text(raw, what="the idea", max_length=40, field="text", printed=printed)
    assert caught.value.field == "text"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\U0001f469\u200d\U0001f4bb", id="zwj-sequence"),
        pytest.param("\U0001f44d\U0001f3fd", id="skin-tone"),
        pytest.param("\u2764\ufe0f", id="emoji-style-selector"),
        pytest.param("\u2764\ufe0e", id="text-style-selector"),
        pytest.param("1\ufe0f\u20e3", id="keycap"),
        pytest.param("\U0001f1e9\U0001f1ea", id="flag"),
        pytest.param("\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", id="tag-flag"),
        pytest.param("\U0001d54f \U0001d4d0\U0001d4f7\U0001d4f7\U0001d4ea", id="math-letters"),
        pytest.param("\u2605 \u2713 \u2192 \u21d2 \u279c \u2714", id="symbols-and-arrows"),
        pytest.param("Zo\u00eb \U0001f389 \u0645\u062d\u0645\u062f \u05e0\u05d5\u05e2\u05d4 \u738b\u82b3", id="scripts"),
        pytest.param("a\u200bb", id="zero-width-space-inside"),
    ],
)
def test_clean_text_takes_what_the_shipped_fonts_draw(text):
    assert clean_text(text, what="your name", max_length=80) == text


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        pytest.param("Anita \u0915", "\u0915 (U+0915 DEVANAGARI LETTER KA)", id="devanagari"),
        pytest.param("\u0e2a\u0e21", "\u0e2a (U+0E2A THAI CHARACTER SO SUA) and \u0e21 (U+0E21 THAI CHARACTER MO MA)", id="thai"),
        pytest.param("Ana \u0378", "U+0378 (an unassigned code point)", id="unassigned"),
        pytest.param("Ana \ue000", "U+E000 (a private-use character)", id="private-use"),
        pytest.param("\u0915\u0916\u0917\u0918 x", "\u0915 (U+0915 DEVANAGARI LETTER KA), \u0916 (U+0916 DEVANAGARI LETTER KHA) and \u0917 (U+0917 DEVANAGARI LETTER GA) (and 1 more)", id="four-listed-as-three"),
    ],
)
def test_clean_text_refuses_what_no_shipped_font_prints_naming_it(raw, named):
    with pytest.raises(InvalidInput) as caught:
        clean_text(raw, what="your name", max_length=80, field="name")
    assert str(caught.value) == (
        f"your name has {named}, which cannot be printed (no font here has it):"
        " leave it out or write it another way"
    )
    assert caught.value.field == "name"


@pytest.mark.parametrize(("language", "raw", "said"), [
    ("ja", "\u0915\u0916\u0917\u0918 x",
     "名前に含まれる \u0915 (U+0915 DEVANAGARI LETTER KA)、\u0916 (U+0916 DEVANAGARI LETTER KHA)と"
     "\u0917 (U+0917 DEVANAGARI LETTER GA)（ほか 1 文字） は印刷できません"),
    ("de", "Ana \ue000", "der Name enthält U+E000 (ein Zeichen zur privaten Nutzung),"),
])
def test_the_characters_refused_are_listed_in_the_readers_language(language, raw, said):
    with pytest.raises(InvalidInput) as caught:
        clean_text(raw, what=Message("the name"), max_length=80)
    assert said in translator(language).say(caught.value.args[0])


def test_text_that_is_never_printed_may_be_in_any_script():
    assert clean_text("\u0915-1", what="the request id", max_length=64, printed=False) == "\u0915-1"


def test_an_error_without_a_field_says_so():
    with pytest.raises(InvalidInput) as caught:
        clean_text("", what="a word", max_length=5)
    assert caught.value.field is None


def test_every_noncharacter_and_surrogate_is_refused_and_their_neighbours_taken():
    edges = [*range(0xFDCF, 0xFDF1), 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000]
    edges += [plane << 16 | low for plane in range(17) for low in (0xFFFD, 0xFFFE, 0xFFFF)]
    for point in edges:
        ch = chr(point)
        refused = unicodedata.category(ch) == "Cs" or is_noncharacter(ch)
        try:
            clean_text("a" + ch, what="x", max_length=5, printed=False)
        except InvalidInput as error:
            assert refused and "not a character" in str(error), hex(point)
        else:
            assert not refused, hex(point)
