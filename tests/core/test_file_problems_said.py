"""The problems of a PDF, pdfpc, PowerPoint, roster or image file in the reader's
language: each said through the catalogue, so a message left out of it comes back in
English and fails here."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from facilitator.core.errors import InvalidInput
from facilitator.core.images import MAX_BYTES, image_from_bytes
from facilitator.core.pdf_deck import read_pdf
from facilitator.core.pdfpc import pdfpc_path_for
from facilitator.core.powerpoint import read_powerpoint
from facilitator.core.roster import load_roster
from facilitator.core.translation import translator
from tests.deck_files import make_pdf, make_pptx
from tests.helpers import single_problem, without_direction_marks

OLE = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)


def _pdf(tmp_path, data: bytes):
    (talk := tmp_path / "talk.pdf").write_bytes(data)
    return talk, read_pdf


def _encrypted_pdf(tmp_path):
    return make_pdf(tmp_path / "talk.pdf", 2, encrypt="secret"), read_pdf


def _pdfpc(tmp_path, text: str):
    talk = make_pdf(tmp_path / "talk.pdf", 2)
    pdfpc_path_for(talk).write_text(text, encoding="utf-8")
    return pdfpc_path_for(talk), lambda _: read_pdf(talk)


def _powerpoint(tmp_path, data: bytes | None = None):
    deck = tmp_path / "talk.pptx"
    if data is None:
        make_pptx(deck, ["A", "B"], hidden={1, 2})
    else:
        deck.write_bytes(data)
    return deck, lambda path: read_powerpoint(path, tmp_path / "cache", find_converter=lambda: None)


def _roster(tmp_path, text: str):
    (roster := tmp_path / "people.csv").write_text(text, encoding="utf-8")
    return roster, load_roster


BROKEN_FILES = {
    "not a pdf": (lambda tmp: _pdf(tmp, b"PK\x03\x04 a zip"), "de", ":1: Keine PDF-Datei (sie beginnt nicht wie eine)"),
    "protected pdf": (_encrypted_pdf, "pt_BR", ":1: este PDF está protegido por senha: exporte de novo sem senha"),
    "pdfpc page twice": (
        lambda tmp: _pdfpc(tmp, '{\n"pages": [\n  {"idx": 0},\n  {"idx": 0}\n]}'), "ja",
        ":4: ページ 0 の項目が 2 つあります（1 つ目は 3 行目）",
    ),
    "pdfpc note not text": (
        lambda tmp: _pdfpc(tmp, '{"pages": [{"idx": 0, "note": 5}]}'), "fr",
        ":1: la note de la page 0\u00a0: saisissez du texte",
    ),
    "old .ppt": (
        lambda tmp: _powerpoint(tmp, OLE + b"PowerPoint Document"), "de",
        ":1: Eine Office-97-2003-Datei (.ppt), keine .pptx: Speichere sie in PowerPoint oder LibreOffice"
        " als .pptx und öffne diese",
    ),
    "every slide hidden": (_powerpoint, "ar", ":1: لا شيء للعرض: كل الشرائح مخفية"),
    "roster row too wide": (
        lambda tmp: _roster(tmp, "name,email\nLee, Anna,a@x.org\n"), "de",
        ':2: 3 Felder, aber die Kopfzeile hat 2: Setze einen Wert, der das Trennzeichen enthält, in doppelte'
        ' Anführungszeichen, z. B. "Smith, Jane"',
    ),
    "roster name empty": (lambda tmp: _roster(tmp, "name,email\n,b@x.org\n"), "es", ":2: el nombre: el campo está vacío"),
    "roster no names": (lambda tmp: _roster(tmp, "name,email\n"), "zh_Hans", ":1: 标题行下面没有姓名"),
}


@pytest.mark.parametrize("make, language, said", BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_a_broken_files_problem_is_said_in_the_readers_language(tmp_path, make, language, said):
    path, load = make(tmp_path)
    assert without_direction_marks(single_problem(load, path).said(translator(language))) == f"{path}{said}"


def _picture(size: tuple[int, int], format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 78, 116)).save(buffer, format)
    return buffer.getvalue()


# The caller names the image in its reader's words (a Message where it has one).
BROKEN_IMAGES = {
    "truncated": (_picture((200, 80), "JPEG")[:-2], "ロゴ", "ja", "ロゴ（logo.png）は不完全な JPEG です（末尾がありません）"),
    "too narrow": (_picture((8, 80)), "das Logo", "de",
                   "das Logo logo.png: 8 × 80 Pixel – jede Seite muss 16 bis 5.000 Pixel lang sein"),
    "too large": (b"\x89PNG\r\n\x1a\n" + bytes(MAX_BYTES + 1), "le logo", "fr",
                  "le logo logo.png pèse 2,1\u00a0Mo\u202f: 2\u00a0Mo au maximum"),
}


@pytest.mark.parametrize("data, what, language, said", BROKEN_IMAGES.values(), ids=BROKEN_IMAGES.keys())
def test_an_images_problem_is_said_in_the_readers_language(data, what, language, said):
    with pytest.raises(InvalidInput) as refused:
        image_from_bytes(data, what, name="logo.png")
    assert translator(language).say(refused.value.args[0]) == said
