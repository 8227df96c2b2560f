"""The logo and signature as ReportLab draws them: a deck's file, or the image the
organiser keeps in the store (core.organizer), each read once."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from reportlab.lib.utils import ImageReader

from facilitator.core.images import BrandImage
from facilitator.core.organizer import Image


@lru_cache(maxsize=8)
def _from_file(path: str, mtime: float) -> ImageReader:
    return ImageReader(path)


@lru_cache(maxsize=4)
def _kept(image: BrandImage) -> ImageReader:
    return ImageReader(io.BytesIO(image.data))


def image_reader(image: Image | None) -> ImageReader | None:
    """The image ready to draw; FileNotFoundError naming a deck's file that cannot be read."""
    if image is None:
        return None
    if isinstance(image, BrandImage):  # checked when it was kept (core.images)
        return _kept(image)
    path = Path(image)
    try:
        return _from_file(str(path.resolve()), path.stat().st_mtime)
    except OSError as exc:
        raise FileNotFoundError(f"cannot read the image {path}: {exc}") from exc


def fit_box(reader: ImageReader, max_width: float, max_height: float) -> tuple[float, float]:
    """The image's width and height scaled to fit the box, its proportions kept."""
    width, height = reader.getSize()
    scale = min(max_width / width, max_height / height)
    return width * scale, height * scale
