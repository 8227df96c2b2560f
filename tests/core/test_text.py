"""Cleaning attendees' text and folding words to compare them."""

from __future__ import annotations

import pytest

from facilitator.core.errors import InvalidInput
from facilitator.core.text import clean_text, fold


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
