import dataclasses

import pytest

from facilitator.core.errors import InvalidInput
from facilitator.core import operations
from facilitator.core.organizer import Organizer, organizer_for, remember_organizer, session_organizer


def test_nothing_set_and_nothing_in_the_deck(fresh_store, workshop):
    assert organizer_for(workshop.deck, fresh_store) == Organizer("", "")


def test_the_remembered_names_fill_what_the_deck_leaves_out(fresh_store, workshop):
    remember_organizer(fresh_store, facilitator="  Dana   Ruiz ", organisation="Acme Ltd")
    assert organizer_for(workshop.deck, fresh_store) == Organizer("Dana Ruiz", "Acme Ltd")
    deck = dataclasses.replace(workshop.deck, organisation="Deck Org")
    assert organizer_for(deck, fresh_store) == Organizer("Dana Ruiz", "Deck Org")


def test_none_keeps_and_blank_clears(fresh_store, workshop):
    remember_organizer(fresh_store, facilitator="Dana", organisation="Acme")
    remember_organizer(fresh_store, organisation="  ")
    assert organizer_for(workshop.deck, fresh_store) == Organizer("Dana", "")


@pytest.mark.parametrize("bad", ["x" * 121, "\u202e" * 3, "\u200b", "Acme \udc00", "Acme \u0915"])
def test_a_bad_name_sets_neither(fresh_store, workshop, bad):
    remember_organizer(fresh_store, facilitator="Dana", organisation="Acme")
    with pytest.raises(InvalidInput, match="^the organisation's name ") as caught:
        remember_organizer(fresh_store, facilitator="Eve", organisation=bad)
    assert caught.value.field == "organisation"
    assert organizer_for(workshop.deck, fresh_store) == Organizer("Dana", "Acme")


def test_a_window_sets_and_reads_them_through_the_session(session):
    operations.set_organizer(session, facilitator="Dana", organisation="Acme")
    operations.set_organizer(session, facilitator=None, organisation="")  # None keeps
    assert session_organizer(session) == Organizer("Dana", "")
    with pytest.raises(InvalidInput):
        operations.set_organizer(session, facilitator="\u200b")
    assert session_organizer(session) == Organizer("Dana", "")
