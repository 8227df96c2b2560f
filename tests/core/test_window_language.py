"""The windows' language: the one remembered on this laptop, else the system's."""

import pytest

from facilitator.core.errors import InvalidInput
from facilitator.core.store import Store
from facilitator.core.translation import translator
from facilitator.core.window_language import remember_window_language, window_language


@pytest.fixture
def store():
    store = Store.in_memory()
    yield store
    store.close()


@pytest.mark.parametrize(("system", "spoken"), [
    ("de_DE", "de"), ("ar_EG", "ar"), ("pt_PT", "pt_BR"), ("zh_CN", "zh_Hans"), ("sv_SE", "en"),
    ("C", "en"), ("en_XA", "en"),  # the pseudo-locale only when chosen by name
])
def test_the_windows_follow_the_system_negotiated_to_a_catalogue(store, system, spoken):
    assert window_language(store, system) == spoken


@pytest.mark.parametrize("chosen", ["fr", "ja", "en", "en_XA"])
def test_a_remembered_choice_wins_over_the_system(store, chosen):
    remember_window_language(store, chosen)
    assert window_language(store, "de_DE") == chosen


def test_following_the_system_again_forgets_the_choice(store):
    remember_window_language(store, "fr")
    remember_window_language(store, "")
    assert window_language(store, "es_ES") == "es"


@pytest.mark.parametrize("code", ["xx", "de-DE", "DE", "de\ud800", " de"])
def test_a_language_without_a_catalogue_is_refused_and_changes_nothing(store, code):
    remember_window_language(store, "ja")
    with pytest.raises(InvalidInput) as refused:
        remember_window_language(store, code)
    assert refused.value.field == "language"
    assert "pt_BR" in str(refused.value)
    assert translator("de").say(refused.value.args[0]).startswith("keine Übersetzung für die Sprache")
    assert window_language(store, "de_DE") == "ja"
