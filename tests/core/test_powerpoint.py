"""PowerPoint decks: what python-pptx reads, the conversion and its cache, broken files.

Most tests convert with a stand-in for LibreOffice (a script that writes a PDF of blank
pages, or fails as asked), which takes milliseconds; the real LibreOffice converts one
deck once for the whole run (the `converted_pptx` fixture) and is stopped once mid-way.
"""

from __future__ import annotations

import io
import json
import os
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pypdf import PdfReader

from facilitator.core import powerpoint
from facilitator.core.powerpoint import INSTALL_HINT, read_powerpoint
from facilitator.core.translation import translator
from tests.deck_files import make_pptx, make_talk
from tests.helpers import single_problem
from tests.processes import running_with, wait_until

# Stand-ins for LibreOffice: each is the end of a script given soffice's arguments.
WRITES_PAGES = """
from pypdf import PdfWriter
writer = PdfWriter()
for _ in range({pages}):
    writer.add_blank_page(960, 540)
writer.write(outdir / (source.stem + ".pdf"))
"""
FAILS_TO_LOAD = 'print("Warning: failed to launch javaldx\\nError: source file could not be loaded")'
WRITES_GARBAGE = '(outdir / (source.stem + ".pdf")).write_bytes(b"%PDF-1.7 and then nothing")'
HANGS = "time.sleep(60)"


@pytest.fixture
def cache(tmp_path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def stand_in(tmp_path):
    """Make a stand-in converter doing `action`; its calls are logged beside it."""
    calls = tmp_path / "converter-calls"

    def make(action: str, **values) -> Path:
        script = tmp_path / "soffice"
        script.write_text(f"#!{sys.executable}\n" + textwrap.dedent(f"""\
            import json, sys, time
            from pathlib import Path
            with open({str(calls)!r}, "a") as calls:
                calls.write(json.dumps(sys.argv[1:]) + "\\n")
            outdir = Path(sys.argv[sys.argv.index("--outdir") + 1])
            source = Path(sys.argv[-1])
            """) + textwrap.dedent(action.format(**values)))
        script.chmod(0o755)
        return script

    make.calls = lambda: [json.loads(line) for line in calls.read_text().splitlines()] if calls.exists() else []
    return make


def read(path: Path, cache: Path, converter: Path | None, **options):
    return read_powerpoint(path, cache, find_converter=lambda: converter, **options)


def cached_files(cache: Path) -> list[str]:
    return sorted(path.name for path in cache.iterdir()) if cache.exists() else []


@pytest.fixture
def talk(tmp_path) -> Path:
    return make_talk(tmp_path / "talk.pptx")


def test_titles_notes_and_numbers_as_powerpoint_gives_them(talk, cache, stand_in):
    deck = read(talk, cache, stand_in(WRITES_PAGES, pages=3))
    assert deck.path == talk and deck.title == "Social media: our jobs"
    assert [(s.number, s.pages, s.title, s.notes) for s in deck.slides] == [
        (1, (0,), "Welcome", "Say hello.\n\nminutes: 2"),
        (3, (1,), "Your turn", "Run the poll.\nexercise: pick-one"),
        (5, (2,), "Thanks", ""),
    ]
    assert len(PdfReader(deck.page_file).pages) == 3 and deck.page_file.parent == cache


def test_a_line_break_within_a_note_paragraph_is_a_line_break(tmp_path, cache, stand_in):
    deck_file = make_pptx(tmp_path / "t.pptx", ["One"], notes={1: "Say hello\vminutes: 2"})
    assert read(deck_file, cache, stand_in(WRITES_PAGES, pages=1)).slides[0].notes == "Say hello\nminutes: 2"


def test_a_slide_without_a_title_is_named_by_its_first_text(tmp_path, cache, stand_in):
    deck_file = make_pptx(tmp_path / "t.pptx", ["", "", "Named"], bullets={1: ["First  point", "Second"]})
    presentation = Presentation(deck_file)
    group = presentation.slides[1].shapes.add_group_shape()
    group.shapes.add_textbox(0, 0, 100, 100).text_frame.text = "In a group"
    presentation.save(deck_file)
    deck = read(deck_file, cache, stand_in(WRITES_PAGES, pages=3))
    assert [slide.title for slide in deck.slides] == ["• First point • Second", "In a group", "Named"]


def test_a_slide_with_no_text_has_no_title(tmp_path, cache, stand_in):
    deck_file = make_pptx(tmp_path / "t.pptx", [""], pictures={1})
    assert read(deck_file, cache, stand_in(WRITES_PAGES, pages=1)).slides[0].title == ""


def test_the_conversion_runs_on_a_copy_with_a_profile_of_its_own(talk, cache, stand_in):
    read(talk, cache, stand_in(WRITES_PAGES, pages=3))
    [call] = stand_in.calls()
    assert call[:2] == ["--headless", "--norestore"] and call[3:5] == ["--convert-to", "pdf"]
    profile = call[2]
    assert profile.startswith(f"-env:UserInstallation={cache.as_uri()}/{powerpoint._CONVERSION_FOLDER_PREFIX}")
    assert str(talk) not in call and Path(call[-1]).name == "deck.pptx"
    assert cached_files(cache) == [read(talk, cache, None).page_file.name]  # the work folder is gone


def test_a_converted_deck_opens_from_the_cache_without_libreoffice(talk, cache, stand_in):
    first = read(talk, cache, stand_in(WRITES_PAGES, pages=3))
    again = read(talk, cache, None)
    assert again == first and len(stand_in.calls()) == 1


def test_a_changed_file_is_converted_again_and_replaces_its_old_conversion(talk, tmp_path, cache, stand_in):
    converter = stand_in(WRITES_PAGES, pages=3)
    other = read(make_pptx(tmp_path / "other.pptx", ["A", "B", "C"]), cache, converter)
    first = read(talk, cache, converter)
    make_pptx(talk, ["Welcome", "Backup slide", "Your turn", "Spare", "Thanks!"], hidden={2, 4})
    changed = read(talk, cache, converter)
    assert changed.page_file != first.page_file and changed.slides[-1].title == "Thanks!"
    assert cached_files(cache) == sorted([other.page_file.name, changed.page_file.name])
    assert len(stand_in.calls()) == 3


def test_the_cache_keeps_the_most_recently_opened_within_its_bound(tmp_path, cache, stand_in, monkeypatch):
    converter = stand_in(WRITES_PAGES, pages=1)
    decks = [read(make_pptx(tmp_path / f"d{n}.pptx", [f"D{n}"]), cache, converter) for n in range(3)]
    size = decks[0].page_file.stat().st_size
    for age, deck in enumerate(decks):  # d0 opened last, d2 first
        os.utime(deck.page_file, (time.time() - 100 * age,) * 2)
    read(decks[0].path, cache, None)
    monkeypatch.setattr(powerpoint, "CACHE_BYTES", 2 * size + size // 2)
    newest = read(make_pptx(tmp_path / "d3.pptx", ["D3"]), cache, converter)
    assert cached_files(cache) == sorted([newest.page_file.name, decks[0].page_file.name])


@pytest.mark.parametrize("age, kept", [(powerpoint.CONVERSION_SECONDS + 60, False), (10, True)])
def test_a_conversion_stopped_mid_way_leaves_only_a_work_folder_that_is_cleared_later(
    tmp_path, cache, stand_in, age, kept
):
    work = cache / f"{powerpoint._CONVERSION_FOLDER_PREFIX}stopped"
    (work / "profile").mkdir(parents=True)
    (work / "deck.pdf").write_bytes(b"%PDF half")
    os.utime(work, (time.time() - age,) * 2)
    read(make_pptx(tmp_path / "t.pptx", ["One"]), cache, stand_in(WRITES_PAGES, pages=1))
    assert work.exists() is kept


def test_without_libreoffice_one_message_says_what_to_do(talk, cache):
    problem = single_problem(lambda path: read(path, cache, None), talk)
    assert problem.message == f"LibreOffice is needed to show a PowerPoint deck: {INSTALL_HINT}"
    for said in ("sudo apt install libreoffice-impress", "sudo dnf install libreoffice-impress",
                 "brew install --cask libreoffice", "libreoffice.org", "File › Export › PDF"):
        assert said in problem.message
    assert cached_files(cache) == []


def test_without_libreoffice_the_message_is_in_the_readers_language_its_commands_as_typed(talk, cache):
    problem = single_problem(lambda path: read(path, cache, None), talk)
    assert problem.said(translator("de")) == (
        f"{talk}:1: Um einen PowerPoint-Foliensatz zu zeigen, wird LibreOffice gebraucht: Installiere LibreOffice"
        " (Debian/Ubuntu: sudo apt install libreoffice-impress fonts-crosextra-carlito; Fedora: sudo dnf install"
        " libreoffice-impress; macOS: brew install --cask libreoffice; Windows: von libreoffice.org) oder"
        " exportiere den Foliensatz in PowerPoint als PDF (Datei › Exportieren › PDF) und öffne dieses"
    )


def _zip(members: dict[str, str]) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, text in members.items():
            zipped.writestr(name, text)
    return archive.getvalue()


def _with_part(good: bytes, name: str, change) -> bytes:
    """`good` with its part `name` changed by `change` (None: left out)."""
    source, archive = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for item in source.infolist():
            content = source.read(item) if item.filename != name else change(source.read(item))
            if content is not None:
                zipped.writestr(item.filename, content)
    return archive.getvalue()


def _damaged_slide(good: bytes) -> bytes:
    return _with_part(good, "ppt/slides/slide1.xml", lambda xml: xml[:80])


OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
BROKEN = {
    "empty": (lambda good: b"", "not a complete PowerPoint file"),
    "truncated": (lambda good: good[: len(good) // 2], "it is cut short or damaged"),
    "a zipped text file": (lambda good: _zip({"notes.txt": "hello"}), "a ZIP archive, but not a PowerPoint"),
    "a renamed .docx": (
        lambda good: _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}),
        "not a PowerPoint presentation: it holds no ppt/presentation.xml",
    ),
    "password-protected": (
        lambda good: OLE + "EncryptionInfo".encode("utf-16-le") + bytes(2) + "EncryptedPackage".encode("utf-16-le"),
        "protected with a password: save a copy without one",
    ),
    "an old .ppt renamed": (lambda good: OLE + b"PowerPoint Document", "an Office 97-2003 file (.ppt)"),
    "a damaged slide": (_damaged_slide, "the presentation is damaged and cannot be read"),
}


@pytest.mark.parametrize("make_broken, said", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_is_named_with_what_is_wrong_and_nothing_is_converted(
    talk, cache, stand_in, make_broken, said
):
    talk.write_bytes(make_broken(talk.read_bytes()))
    converter = stand_in(WRITES_PAGES, pages=3)
    assert said in single_problem(lambda path: read(path, cache, converter), talk).message
    assert cached_files(cache) == [] and stand_in.calls() == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damaged_part_is_a_clear_error(talk, cache, data):
    """A part left out or with a few bytes changed: the reason names the file, whatever
    python-pptx raised (for well-formed XML it does not expect, AttributeError)."""
    with zipfile.ZipFile(talk) as archive:
        parts = [name for name in archive.namelist() if name.endswith(("xml", "rels"))]
    name = data.draw(st.sampled_from(parts))
    where, length = data.draw(st.floats(0, 1)), data.draw(st.integers(0, 60))
    written = data.draw(st.binary(max_size=8) | st.sampled_from([b'"', b"<", b"/>", b"x", b"0"]))

    def damage(xml: bytes) -> bytes | None:
        start = int(where * len(xml))
        return None if length == 0 else xml[:start] + written + xml[start + length:]

    damaged = _with_part(talk.read_bytes(), name, damage)
    (broken := cache.parent / "broken.pptx").write_bytes(damaged)
    single_problem(lambda path: read(path, cache, None), broken)  # damaged, or it needs LibreOffice
    assert cached_files(cache) == []


@pytest.mark.parametrize(
    "slides, hidden, said", [([], (), "nothing to show: it has no slides"),
                             (["A", "B"], {1, 2}, "nothing to show: every slide is hidden")],
)
def test_a_presentation_with_nothing_to_show_is_refused(tmp_path, cache, stand_in, slides, hidden, said):
    deck_file = make_pptx(tmp_path / "t.pptx", slides, hidden=hidden)
    assert single_problem(lambda path: read(path, cache, stand_in(WRITES_PAGES, pages=0)), deck_file).message == said
    assert cached_files(cache) == []


# The stand-in is a Python process: on a busy machine it takes seconds to start and
# write its PDF, so only the one that hangs is given a short time.
ENOUGH_SECONDS = 60


@pytest.mark.parametrize(
    "action, values, timeout, said",
    [
        (FAILS_TO_LOAD, {}, ENOUGH_SECONDS,
         "LibreOffice could not convert it to PDF (Error: source file could not be loaded)"),
        ("pass", {}, ENOUGH_SECONDS, "LibreOffice could not convert it to PDF (it said nothing)"),
        (WRITES_GARBAGE, {}, ENOUGH_SECONDS, "LibreOffice's PDF of it cannot be read"),
        (WRITES_PAGES, {"pages": 5}, ENOUGH_SECONDS,
         "LibreOffice's PDF of it does not have one page per visible slide (pages: 5, visible slides: 3)"),
        (HANGS, {}, 0.5, "LibreOffice did not finish converting it in the time allowed (0.5 s)"),
    ],
    ids=["fails to load", "silent", "garbage", "hidden slides exported", "hangs"],
)
def test_a_failed_conversion_leaves_nothing_in_the_cache(talk, cache, stand_in, action, values, timeout, said):
    converter = stand_in(action, **values)
    problem = single_problem(lambda path: read(path, cache, converter, timeout=timeout), talk)
    assert problem.message.startswith(said)
    assert cached_files(cache) == []


def test_a_converter_that_cannot_start_is_named(talk, cache, tmp_path):
    not_a_program = tmp_path / "soffice"
    not_a_program.write_text("")
    problem = single_problem(lambda path: read(path, cache, not_a_program), talk)
    assert problem.message == f"cannot start LibreOffice ({not_a_program}): Permission denied"
    assert cached_files(cache) == []


def test_a_cache_folder_that_cannot_be_made_is_named(talk, tmp_path, stand_in):
    (tmp_path / "a-file").write_text("")
    problem = single_problem(lambda path: read(path, tmp_path / "a-file" / "cache", stand_in(WRITES_PAGES, pages=3)), talk)
    assert problem.message.startswith(f"cannot keep its converted pages in {tmp_path / 'a-file' / 'cache'}")


def test_libreoffice_leaves_hidden_slides_out_of_its_pdf(converted_pptx):
    pages = PdfReader(converted_pptx.page_file).pages
    assert [slide.number for slide in converted_pptx.slides] == [1, 3, 5]
    assert [slide.pages for slide in converted_pptx.slides] == [(0,), (1,), (2,)]
    for slide in converted_pptx.slides:
        assert slide.title in pages[slide.pages[0]].extract_text()


def test_a_real_conversion_opens_from_the_cache_without_libreoffice(converted_pptx):
    again = read_powerpoint(converted_pptx.path, converted_pptx.page_file.parent, find_converter=lambda: None)
    assert again == converted_pptx


def test_a_real_conversion_that_takes_too_long_is_stopped_whole(talk, cache, libreoffice):
    problem = single_problem(lambda path: read(path, cache, libreoffice, timeout=0.2), talk)
    assert "did not finish converting it in the time allowed (0.2 s)" in problem.message
    assert cached_files(cache) == []
    assert wait_until(lambda: not running_with(str(cache)), timeout=5)


