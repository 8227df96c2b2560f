"""PowerPoint decks: python-pptx reads what the author wrote, LibreOffice draws the pages.

python-pptx gives each slide's title, its speaker notes and whether it is hidden; it
cannot draw a slide. LibreOffice headless converts the file to a PDF once, and the pages
are drawn from that PDF like any PDF deck's. A conversion takes seconds, so it is kept in
a cache folder under the file's SHA-256 and redone only when the file changes.

LibreOffice leaves hidden slides out of its PDF (measured with 7.4: five slides, two
hidden, give three pages), so the PDF's pages are the visible slides in order; a PDF with
another number of pages is refused rather than shown against the wrong notes.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

from .errors import FormatError, Problem
from .files import cannot_read
from .imported import SourceDeck, SourceSlide
from .translation import Message

# A 40-slide deck converts in 3.4 s here, about 6 s with a photo on every third slide
# (bench/powerpoint_bench.py, 2 cores); a slow laptop with a heavier deck may take far more.
CONVERSION_SECONDS = 180.0
# Old conversions of other files are removed, least recently opened first, beyond this.
CACHE_BYTES = 512 * 1024 * 1024

# What a trainer can always do instead: PowerPoint draws its own pages. (A translation
# names the menu as PowerPoint in that language does.)
EXPORT_FROM_POWERPOINT = Message("export the deck to PDF from PowerPoint (File › Export › PDF) and open that")
# The commands are typed as they are, in every language. Debian's LibreOffice brings no
# Carlito, a font with Calibri's widths (the font of PowerPoint's templates): without it
# the text is drawn a quarter wider and leaves its boxes.
INSTALL_HINT = Message(
    "install LibreOffice (Debian/Ubuntu: {debian}; Fedora: {fedora}; macOS: {macos}; "
    "Windows: from libreoffice.org), or {instead}",
    debian="sudo apt install libreoffice-impress fonts-crosextra-carlito",
    fedora="sudo dnf install libreoffice-impress", macos="brew install --cask libreoffice",
    instead=EXPORT_FROM_POWERPOINT,
)

# Where LibreOffice installs itself when it is not on the PATH.
_LIBREOFFICE_PLACES = (
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files"), "LibreOffice", "program", "soffice.exe"),
)
# Every OLE compound file (Office 97-2003 files, and a .pptx saved with a password, which
# Office wraps in one) starts with these bytes; the encrypted package is a stream in it.
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_PRESENTATION_PART = "ppt/presentation.xml"
_CONVERSION_FOLDER_PREFIX = ".converting-"


def find_libreoffice() -> Path | None:
    """LibreOffice's command: on the PATH, else where its installers put it."""
    for name in ("soffice", "libreoffice"):
        if found := shutil.which(name):
            return Path(found)
    return next((place for place in _LIBREOFFICE_PLACES if place.is_file()), None)


def read_powerpoint(
    path: Path,
    cache_folder: Path,
    *,
    find_converter: Callable[[], Path | None] = find_libreoffice,
    timeout: float = CONVERSION_SECONDS,
) -> SourceDeck:
    """The deck at `path`, its pages converted (or found converted) in `cache_folder`.

    Raises FormatError naming the file when it cannot be read or converted; then nothing
    has been added to the cache."""
    data = _read_file(path)
    title, slides = _read_presentation(path, data)
    digest = hashlib.sha256(data).hexdigest()
    page_file = cache_folder / f"{_path_key(path)}-{digest}.pdf"
    if page_file.is_file():
        with suppress(OSError):  # a read-only cache still serves what it holds
            os.utime(page_file)  # recently opened: kept longest when the cache is pruned
    else:
        converter = find_converter()
        if converter is None:
            raise _problem(path, Message("LibreOffice is needed to show a PowerPoint deck: {hint}", hint=INSTALL_HINT))
        _convert(path, data, len(slides), converter, page_file, timeout)
        _prune(cache_folder, page_file, timeout)
    return SourceDeck(path=path, page_file=page_file, title=title, slides=slides)


def _problem(path: Path, message: Message) -> FormatError:
    return FormatError([Problem(path, 1, message)])


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise _problem(path, cannot_read(error)) from None


def _read_presentation(path: Path, data: bytes) -> tuple[str, tuple[SourceSlide, ...]]:
    """The presentation's title and its visible slides, or the reason it is no .pptx."""
    if data.startswith(_OLE_SIGNATURE):
        if _ENCRYPTED_PACKAGE in data:
            raise _problem(path, Message("the presentation is protected with a password: save a copy "
                                         "without one (File › Info › Protect Presentation) and open that"))
        raise _problem(path, Message("an Office 97-2003 file (.ppt), not a .pptx: save it as .pptx "
                                     "in PowerPoint or LibreOffice and open that"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _problem(path, Message("not a complete PowerPoint file (.pptx): it is cut short or "
                                     "damaged (copy it again), or another kind of file")) from None
    if _PRESENTATION_PART not in archive.namelist():
        raise _problem(path, Message("a ZIP archive, but not a PowerPoint presentation: it holds no {part}",
                                     part=_PRESENTATION_PART))
    # python-pptx (with lxml and Pillow) takes 170 ms to import: only for PowerPoint decks.
    from lxml.etree import LxmlError
    from pptx import Presentation
    from pptx.exc import PythonPptxError

    try:
        presentation = Presentation(io.BytesIO(data))
        slides = _visible_slides(presentation.slides)
        title = " ".join((presentation.core_properties.title or "").split())
    # Besides its own errors, python-pptx meets a part that is well-formed XML but not what
    # it expects with an AttributeError or a NotImplementedError (found by fuzzing).
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, LxmlError,
            PythonPptxError, AttributeError, NotImplementedError) as error:
        # python-pptx's own words: they name the part that is wrong.
        raise _problem(path, Message("the presentation is damaged and cannot be read ({error})",
                                     error=str(error))) from None
    if not slides:
        raise _problem(path, Message("nothing to show: every slide is hidden") if len(presentation.slides)
                       else Message("nothing to show: it has no slides"))
    return title, slides


def _visible_slides(slides) -> tuple[SourceSlide, ...]:
    """The slides PowerPoint shows, numbered as PowerPoint numbers them (hidden ones
    counted), each on the next page of the conversion (which leaves hidden ones out)."""
    visible = [(number, slide) for number, slide in enumerate(slides, start=1) if not _is_hidden(slide)]
    return tuple(
        SourceSlide(number=number, pages=(page,), title=_slide_title(slide), notes=_slide_notes(slide))
        for page, (number, slide) in enumerate(visible)
    )


def _is_hidden(slide) -> bool:
    # python-pptx has no property for it: PowerPoint writes <p:sld show="0">.
    return slide._element.get("show") in ("0", "false")


def _slide_title(slide) -> str:
    """The title placeholder's text, else the first text on the slide, on one line."""
    placeholder = slide.shapes.title
    texts = _texts(slide.shapes)
    if placeholder is not None and placeholder.text_frame.text.strip():
        texts = iter([placeholder.text_frame.text])
    return " ".join(next(texts, "").split())


def _texts(shapes) -> Iterator[str]:
    """The non-blank texts of `shapes` in the slide's order, inside groups too."""
    # Loaded already (see _read_presentation). Not `shape_type`: it raises for a shape of
    # a kind python-pptx does not know.
    from pptx.shapes.group import GroupShape

    for shape in shapes:
        if isinstance(shape, GroupShape):
            yield from _texts(shape.shapes)
        elif shape.has_text_frame and shape.text_frame.text.strip():
            yield shape.text_frame.text


def _slide_notes(slide) -> str:
    """The speaker notes as written: paragraphs on lines of their own, and a line break
    within a paragraph (python-pptx gives it as a vertical tab) a line break too."""
    if not slide.has_notes_slide:  # reading `notes_slide` would make one
        return ""
    frame = slide.notes_slide.notes_text_frame
    return frame.text.replace("\v", "\n") if frame is not None else ""


def _path_key(path: Path) -> str:
    """Names the file's conversions, so that a new one replaces the last."""
    return hashlib.sha256(os.fsencode(path.resolve())).hexdigest()[:16]


def _convert(path: Path, data: bytes, slide_count: int, converter: Path, page_file: Path,
             timeout: float) -> None:
    """Convert `data` (the bytes read and hashed, whatever the file holds by now) into
    `page_file`, which appears whole or not at all.

    The work is done in a folder of its own in the cache folder (a copy of the deck, the
    PDF, and a LibreOffice profile of its own: the user's profile, its settings and recent
    files, is left alone, and a LibreOffice window open on it is not handed the work)."""
    try:
        page_file.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=_CONVERSION_FOLDER_PREFIX, dir=page_file.parent))
    except OSError as error:
        raise _cannot_keep(path, page_file.parent, error) from None
    try:
        source = work / "deck.pptx"
        source.write_bytes(data)
        said = _run_converter(path, converter, source, timeout)
        converted = source.with_suffix(".pdf")
        if not converted.is_file():  # soffice exits with 0 when it could not load the file
            raise _problem(path, Message("LibreOffice could not convert it to PDF ({said})",
                                         said=said or Message("it said nothing")))
        _check_page_count(path, converted, slide_count)
        # On disk before it is named: after a power cut the cache holds it whole or not at
        # all, and what is left in the work folder is cleared by a later conversion.
        with converted.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(converted, page_file)
    except OSError as error:
        raise _cannot_keep(path, page_file.parent, error) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _cannot_keep(path: Path, folder: Path, error: OSError) -> FormatError:
    return _problem(path, Message("cannot keep its converted pages in {folder}: {reason}",
                                  folder=str(folder), reason=error.strerror or str(error)))


def _run_converter(path: Path, converter: Path, source: Path, timeout: float) -> str:
    """Run LibreOffice on `source`; what it said last (its own words, in English). Stopped, with every process it
    started, when it takes longer than `timeout` seconds."""
    command = [
        str(converter), "--headless", "--norestore",
        f"-env:UserInstallation={(source.parent / 'profile').as_uri()}",
        "--convert-to", "pdf", "--outdir", str(source.parent), str(source),
    ]
    log = source.with_name("conversion.log")
    with log.open("wb") as output:
        try:
            # A session of its own: soffice starts soffice.bin, which a timeout stops too.
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=output,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as error:
            raise _problem(path, Message("cannot start LibreOffice ({program}): {reason}",
                                         program=str(converter), reason=error.strerror or str(error))) from None
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            # The time in seconds' symbol: a timeout may be a fraction, which no plural form fits.
            raise _problem(path, Message(
                "LibreOffice did not finish converting it in the time allowed ({seconds} s): try again, or {instead}",
                seconds=timeout, instead=EXPORT_FROM_POWERPOINT,
            )) from None
        finally:
            if process.poll() is None:
                _stop(process)
    lines = log.read_text(errors="replace").splitlines()
    return next((line.strip() for line in reversed(lines) if line.strip()), "")


def _stop(process: subprocess.Popen) -> None:
    if os.name == "posix":
        os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    process.wait()


def _check_page_count(path: Path, converted: Path, slide_count: int) -> None:
    from pypdf import PdfReader  # loaded only to check a conversion
    from pypdf.errors import PdfReadError

    try:
        pages = len(PdfReader(converted).pages)
    except (PdfReadError, ValueError, KeyError) as error:
        raise _problem(path, Message("LibreOffice's PDF of it cannot be read ({error})", error=str(error))) from None
    if pages != slide_count:
        raise _problem(path, Message(
            "LibreOffice's PDF of it does not have one page per visible slide (pages: {pages}, visible "
            "slides: {slides}), so pages and notes would not match: {instead}",
            pages=pages, slides=slide_count, instead=EXPORT_FROM_POWERPOINT,
        ))


def _prune(cache_folder: Path, kept: Path, timeout: float) -> None:
    """Remove the file's earlier conversions, then the least recently opened others
    beyond CACHE_BYTES, and the work folders of conversions that never finished (a
    process stopped mid-way). Best effort: a file another program holds open stays."""
    earlier = kept.name.split("-", 1)[0] + "-"
    total = 0
    for conversion, status in _newest_first(cache_folder.glob("*.pdf")):
        total += status.st_size
        if conversion != kept and (conversion.name.startswith(earlier) or total > CACHE_BYTES):
            with suppress(OSError):
                conversion.unlink()
    # Compared with the files' own times; a conversion still running is younger.
    started_before = time.time() - timeout
    for work, status in _newest_first(cache_folder.glob(f"{_CONVERSION_FOLDER_PREFIX}*")):
        if status.st_mtime < started_before:
            shutil.rmtree(work, ignore_errors=True)


def _newest_first(files: Iterator[Path]) -> list[tuple[Path, os.stat_result]]:
    found = []
    for file in files:
        with suppress(OSError):  # gone meanwhile: another process pruned it
            found.append((file, file.stat()))
    return sorted(found, key=lambda pair: pair[1].st_mtime, reverse=True)
