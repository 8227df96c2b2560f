"""The shipped workshop is found inside the installed package, not beside it."""

from importlib import resources

from facilitator.core import paths
from facilitator.core.deck import parse_deck
from facilitator.core.workshop import exercises_folder_for


def test_the_shipped_data_are_the_packages_folders():
    assert paths.SLIDES_DIR == resources.files("facilitator.slides")
    assert paths.RESOURCES_DIR == resources.files("facilitator.resources")
    assert paths.shipped_decks() == [paths.SHIPPED_DECK]
    assert paths.HANDOUT_CONTENT.is_file()
    assert {"OFL.txt", "LICENSE-Apache-2.0.txt"} <= {p.name for p in paths.FONTS_DIR.iterdir()}


def test_the_shipped_deck_finds_the_shipped_exercises():
    folder = exercises_folder_for(parse_deck(paths.SHIPPED_DECK))
    assert folder.resolve() == resources.files("facilitator.exercises").resolve()


def test_converted_decks_are_kept_in_the_users_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # where platformdirs looks on Linux
    assert paths.conversions_folder() == tmp_path / "facilitator" / "converted"
