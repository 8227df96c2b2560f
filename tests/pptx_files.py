"""PowerPoint files made in the tests with python-pptx, as a trainer's PowerPoint saves them.

Slides are given by their titles; everything else about a slide is keyed by its 1-based
number, as PowerPoint numbers slides (hidden ones counted).
"""

from __future__ import annotations

import io
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt

TITLE_ONLY = 5  # the default template's "Title Only" layout


def make_pptx(
    path: Path,
    slides: Sequence[str],
    *,
    hidden: Collection[int] = (),
    notes: Mapping[int, str] = {},
    bullets: Mapping[int, Sequence[str]] = {},
    pictures: Collection[int] = (),
    picture_size: tuple[int, int] = (320, 200),
    title: str = "",
) -> Path:
    """A .pptx at `path`: one slide per title ("" leaves the title placeholder empty),
    with the `notes` and `bullets` given, a picture (a photo's worth of noise, of
    `picture_size` pixels) and a shape on the slides in `pictures`, the slides in
    `hidden` hidden, and `title` as the file's title."""
    presentation = Presentation()
    presentation.core_properties.title = title
    for number, slide_title in enumerate(slides, start=1):
        slide = presentation.slides.add_slide(presentation.slide_layouts[TITLE_ONLY])
        slide.shapes.title.text = slide_title
        if number in bullets:
            frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(4)).text_frame
            frame.text = "\n".join(f"• {bullet}" for bullet in bullets[number])
            for paragraph in frame.paragraphs:
                paragraph.font.size = Pt(24)
        if number in pictures:
            _add_picture_and_shape(slide, picture_size)
        if number in notes:
            slide.notes_slide.notes_text_frame.text = notes[number]
        if number in hidden:
            slide._element.set("show", "0")  # what PowerPoint's Hide Slide writes
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(path)
    return path


def _add_picture_and_shape(slide, size: tuple[int, int]) -> None:
    # Noise compresses as badly as a photo does, so a picture weighs what a photo would.
    photo = Image.merge("RGB", [Image.effect_noise(size, sigma) for sigma in (40, 60, 80)])
    image = io.BytesIO()
    photo.save(image, "JPEG", quality=85)
    image.seek(0)
    slide.shapes.add_picture(image, Inches(6), Inches(4.5), width=Inches(3))
    slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Inches(1), Inches(5.5), Inches(4), Inches(1))


def make_talk(path: Path) -> Path:
    """Five slides as a trainer's deck has them: the second and fourth hidden, notes with
    a setting line on some, bullets, pictures and shapes."""
    return make_pptx(
        path, ["Welcome", "Backup slide", "Your turn", "Spare", "Thanks"],
        hidden={2, 4}, title="  Social media:\tour jobs ", pictures={1, 3},
        bullets={3: ["Open your phone", "Answer the poll"]},
        notes={1: "Say hello.\n\nminutes: 2", 3: "Run the poll.\nexercise: pick-one", 4: "unseen"},
    )
