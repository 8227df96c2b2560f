"""Saving an edited note of an imported slide: into a PDF deck's pdfpc file, and only there."""

from __future__ import annotations

from dataclasses import replace

import pytest

from facilitator.core import operations
from facilitator.core.errors import InvalidInput, NotAllowed, NotFound
from facilitator.core.imported import companion_path_for
from facilitator.core.pdfpc import pdfpc_path_for
from facilitator.core.translation import translator
from facilitator.core.workshop import load_workshop
from tests.deck_files import PdfpcPage, make_pdf, pdfpc_pages, read_pdfpc, write_pdfpc


@pytest.fixture
def talk(tmp_path):
    """A Beamer-like deck: slide 2 is pages 1 and 2; its notes set minutes and a layout."""
    path = make_pdf(tmp_path / "talk.pdf", 4, labels=["1", "2", "2", "3"])
    notes = {0: "Welcome", 1: "Build up\nminutes: 3\nlayout: title", 2: "Build up\nminutes: 3\nlayout: title"}
    write_pdfpc(pdfpc_path_for(path), pdfpc_pages(notes, ["1", "2", "2", "3"]), duration=20, noteFontSize=18)
    return path


def test_a_note_is_saved_on_its_slides_first_page_keeping_its_settings(talk):
    operations.save_slide_notes(load_workshop(talk), 1, "Slower here")
    saved = read_pdfpc(pdfpc_path_for(talk))
    assert (saved["duration"], saved["noteFontSize"]) == (20, 18)
    assert [page.get("note") for page in saved["pages"]] == [
        "Welcome", "Slower here\n\nminutes: 3\nlayout: title", None, None]
    slide = load_workshop(talk).deck.slides[1]
    assert (slide.notes, slide.minutes, slide.pages) == ("Slower here", 3.0, (1, 2))


def test_a_setting_typed_in_the_note_replaces_the_one_kept(talk):
    operations.save_slide_notes(load_workshop(talk), 1, "Faster\nminutes: 1")
    slide = load_workshop(talk).deck.slides[1]
    assert (slide.notes, slide.minutes, slide.layout.value) == ("Faster", 1.0, "title")


def test_without_a_pdfpc_file_one_is_made_in_pdfpcs_format(tmp_path):
    talk = make_pdf(tmp_path / "talk.pdf", 3, labels=["1", "1", "2"], annotations={2: "Bye"})
    operations.save_slide_notes(load_workshop(talk), 0, "Hello")
    saved = read_pdfpc(pdfpc_path_for(talk))
    assert saved["pdfpcFormat"] == 2
    assert saved["pages"] == [page.as_json() for page in pdfpc_pages({0: "Hello"}, ["1", "1", "2"])]
    assert [s.notes for s in load_workshop(talk).deck.slides] == ["Hello", "Bye"]


def test_the_older_text_format_is_written_back_as_json(tmp_path):
    talk = make_pdf(tmp_path / "talk.pdf", 2)
    pdfpc_path_for(talk).write_text("[duration]\n15\n[notes]\n### 1\nOne\n### 2\nTwo\n", encoding="utf-8")
    operations.save_slide_notes(load_workshop(talk), 1, "Deux")
    saved = read_pdfpc(pdfpc_path_for(talk))
    assert saved["duration"] == 15
    assert [s.notes for s in load_workshop(talk).deck.slides] == ["One", "Deux"]


@pytest.mark.parametrize("notes, refused, words", [
    ("\ud800", InvalidInput, r"U\+D800 \(half of a surrogate pair\), which is not a character"),
    ("x" * 20_001, InvalidInput, "at most 20,000 characters"),
    ("minutes: soon", InvalidInput, "`minutes` must be a number above 0"),
])
def test_a_note_that_cannot_be_saved_changes_nothing(talk, notes, refused, words):
    before = pdfpc_path_for(talk).read_bytes()
    with pytest.raises(refused, match=words):
        operations.save_slide_notes(load_workshop(talk), 1, notes)
    assert pdfpc_path_for(talk).read_bytes() == before


def test_every_problem_of_the_setting_lines_is_named_at_once(talk):
    with pytest.raises(InvalidInput) as refused:
        operations.save_slide_notes(load_workshop(talk), 1, "minutes: soon\nlayout: nowhere")
    first, _, second = str(refused.value).partition("; ")
    assert first.startswith("`minutes` must be a number") and second.startswith("unknown layout 'nowhere'")


def _broken_pdfpc(talk):
    pdfpc_path_for(talk).write_text("notes about the talk", encoding="utf-8")


def _one_more_page(talk):
    write_pdfpc(pdfpc_path_for(talk), [PdfpcPage(i, str(i + 1)) for i in range(4)])


@pytest.mark.parametrize("notes, change, said", [
    ("x" * 20_001, None, "Eine Notiz darf höchstens 20.000 Zeichen lang sein"),
    ("\ud800", None, "die Notiz: U+D800 (die Hälfte eines Surrogatpaars) ist kein gültiges Zeichen, bitte neu eingeben"),
    ("Late", _one_more_page, "Der Foliensatz wurde seit dem Öffnen geändert: Lade ihn neu und bearbeite dann die Notiz"),
    ("Late", _broken_pdfpc, "Die Notiz kann nicht gespeichert werden, solange sich talk.pdfpc nicht lesen lässt:"
                            " Keine pdfpc-Datei: pdfpc schreibt JSON, das mit `{` beginnt"),
], ids=["too long", "not a character", "deck changed", "pdfpc broken"])
def test_a_note_refused_is_said_in_the_readers_language(talk, notes, change, said):
    workshop = load_workshop(talk)
    if change is not None:
        change(talk)
    with pytest.raises((InvalidInput, NotAllowed)) as refused:
        operations.save_slide_notes(workshop, 1, notes)
    assert translator("de").say(refused.value.args[0]) == said


def test_decks_whose_notes_live_elsewhere_are_refused(workshop, talk):
    with pytest.raises(NotAllowed, match="edit the notes in the deck file, test.md"):
        operations.save_slide_notes(workshop, 0, "New")
    converted = load_workshop(talk)
    powerpoint = replace(converted, deck=replace(converted.deck, path=talk.with_suffix(".pptx")))
    with pytest.raises(NotAllowed, match="edit the notes in PowerPoint and save talk.pptx"):
        operations.save_slide_notes(powerpoint, 0, "New")
    with pytest.raises(NotFound, match="no slide 99"):
        operations.save_slide_notes(workshop, 98, "New")


@pytest.mark.parametrize("language, slide, said", [
    ("de", 98, "keine Folie 99: der Foliensatz hat 11"),
    ("de", 0, "bearbeite die Notizen in der Datei des Foliensatzes, test.md: sie sind der Kommentar am Ende jeder Folie"),
    ("ar", 98, "لا توجد الشريحة 99: في العرض 11 شريحة"),
])
def test_a_refusal_to_save_a_note_is_said_in_the_windows_language(workshop, language, slide, said):
    with pytest.raises((NotAllowed, NotFound)) as refused:
        operations.save_slide_notes(workshop, slide, "New")
    assert translator(language).say(refused.value.args[0]) == said


def test_an_inserted_exercise_has_no_notes_to_save(tmp_path):
    talk = make_pdf(tmp_path / "talk.pdf", 1)
    companion_path_for(talk).write_text("insert:\n  - {after: 1, exercise: icebreaker-one-word}\n", encoding="utf-8")
    with pytest.raises(NotAllowed, match="inserted by the companion file"):
        operations.save_slide_notes(load_workshop(talk), 1, "New")
    assert not pdfpc_path_for(talk).exists()


def test_a_deck_changed_since_it_was_opened_is_not_written_over(talk):
    workshop = load_workshop(talk)
    write_pdfpc(pdfpc_path_for(talk), [PdfpcPage(i, str(i + 1)) for i in range(4)])
    with pytest.raises(NotAllowed, match="reload it"):
        operations.save_slide_notes(workshop, 1, "Late")
