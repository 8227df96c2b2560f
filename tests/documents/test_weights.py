"""Every script prints with the same visual weight: a name in each script the shipped fonts
cover is drawn as the documents draw it, rendered to an image (pdftoppm), and the width
of its strokes is measured and compared with the Latin name's.

The measure is the mean stroke width, not the share of inked area: how much of a name's
box is ink depends on the script's shapes (a Han character fills its square, Hebrew
letters leave air), while a stem's width is what makes a face look light or heavy. For a
stroke of width w, a pixel's distance to the nearest background runs evenly from 0 to
w/2, so four times the mean distance over the ink is w. Distances come from repeated
erosions, alternately by a square and by a cross, which measures a slanted stroke close to
a straight one.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFilter
from reportlab.pdfgen.canvas import Canvas

from facilitator.documents import fonts
from facilitator.documents.certificates import NAME_SIZE

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="needs pdftoppm (poppler)")

# A name in each script the shipped fonts cover (Devanagari, Thai and other scripts that
# need shaping are refused when typed: ReportLab cannot shape them).
NAMES = {
    "Latin": "Amélie Dubois",
    "Greek": "Νίκος Παπαδόπουλος",
    "Cyrillic": "Анна Смирнова",
    "Arabic": "محمد العلي",
    "Hebrew": "נועה כהן",
    "Han": "王芳 张伟明",
    "Kana": "さとう はなこ",
    "Hangul": "김민준 이서연",
}
TOLERANCE = 0.07  # of the Latin stroke: closer than the eye tells apart at arm's length
DPI = 200
LINE = 2 * NAME_SIZE  # points between baselines: no name's ink reaches the next


def _ink(band: Image.Image) -> Image.Image:
    """The band's ink as white on black, with a black border for the erosions to eat from."""
    ink = band.point(lambda v: 255 if v < 128 else 0)
    framed = Image.new("L", (ink.width + 4, ink.height + 4), 0)
    framed.paste(ink, (2, 2))
    return framed


def _eroded_by_cross(image: Image.Image) -> Image.Image:
    out = image
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        out = ImageChops.darker(out, ImageChops.offset(image, dx, dy))
    return out


def stroke_width(band: Image.Image) -> float:
    """The mean stroke width, in pixels, of the ink in a greyscale image."""
    ink = _ink(band)
    area = ink.histogram()[255]
    assert area, "nothing was drawn"
    distances, step = area / 2, 0  # each pixel counted from its centre
    while True:
        ink = ink.filter(ImageFilter.MinFilter(3)) if step % 2 == 0 else _eroded_by_cross(ink)
        left = ink.histogram()[255]
        if not left:
            return 4 * distances / area
        distances += left
        step += 1


def _rendered(tmp_path: Path, bold: bool) -> dict[str, float]:
    """Each name drawn at the certificate's name size, one per line: its stroke width."""
    fonts.register_fonts()
    height = LINE * len(NAMES)
    pdf = tmp_path / "names.pdf"
    canvas = Canvas(str(pdf), pagesize=(16 * NAME_SIZE, height))
    for row, name in enumerate(NAMES.values()):
        fonts.draw_text(canvas, NAME_SIZE / 2, height - LINE * row - 1.3 * NAME_SIZE, name,
                        NAME_SIZE, bold=bold)
    canvas.save()
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "names")], check=True)
    image = Image.open(tmp_path / "names.png").convert("L")
    line = LINE * DPI / 72
    return {script: stroke_width(image.crop((0, round(row * line), image.width, round((row + 1) * line))))
            for row, script in enumerate(NAMES)}


@pytest.fixture(scope="module", params=[True, False], ids=["bold", "regular"])
def widths(request, tmp_path_factory) -> dict[str, float]:
    return _rendered(tmp_path_factory.mktemp("weights"), request.param)


@pytest.mark.parametrize("script", [s for s in NAMES if s != "Latin"])
def test_each_script_has_the_weight_of_latin(widths, script):
    ratio = widths[script] / widths["Latin"]
    assert abs(ratio - 1) <= TOLERANCE, f"{script}: {ratio:.3f} of the Latin stroke width"


def test_the_measure_tells_bold_from_regular(tmp_path):
    # The check can fail: Noto Sans Bold's stems are far wider than its regular's.
    (tmp_path / "b").mkdir(), (tmp_path / "r").mkdir()
    bold, regular = _rendered(tmp_path / "b", True), _rendered(tmp_path / "r", False)
    assert bold["Latin"] > 1.4 * regular["Latin"]


def test_a_hangul_name_is_set_apart_from_han_to_be_thickened_more():
    [(font, _)] = fonts.runs("김민준", bold=True)
    assert font == "Facilitator-Hangul-Bold"
    assert [f for f, _ in fonts.runs("王芳 김민준", bold=True)] == ["Facilitator-CJK-Bold", "Facilitator-Hangul-Bold"]
