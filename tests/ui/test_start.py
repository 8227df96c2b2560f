"""The start screen takes the decks trainers already have."""

from pathlib import Path

import pytest

from facilitator.core.paths import SHIPPED_DECK
from facilitator.ui.start import deck_filter, describe_deck


def test_open_a_deck_file_offers_every_kind_of_deck_and_all_files():
    kinds = deck_filter().split(";;")
    assert kinds[0] == "Decks (*.md *.pdf *.pptx)" and kinds[-1] == "All files (*)"


@pytest.mark.parametrize("name, line", [
    ("talk.pdf", "talk.pdf — a PDF deck"),
    ("Talk.PPTX", "Talk.PPTX — a PowerPoint deck"),
])
def test_an_imported_deck_is_listed_by_name_without_being_converted(tmp_path, name, line):
    path = tmp_path / name
    path.write_bytes(b"not read: listing a deck never starts LibreOffice")
    assert describe_deck(path) == line


@pytest.mark.parametrize("window_language, duration", [("de", "1 Stunde"), ("ja", "1時間")], indirect=["window_language"])
def test_a_deck_is_described_with_its_duration_in_the_windows_language(window_language, duration):
    line = describe_deck(SHIPPED_DECK)
    assert duration in line and "hour" not in line
