"""The images an organiser keeps for every document: a real PNG or JPEG of a sane size,
anything else refused with the reason."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from PIL import Image

from facilitator.core.errors import InvalidInput
from facilitator.core.images import JPEG, MAX_BYTES, PNG, image_from_bytes, read_image


def picture(size=(200, 80), format="PNG", mode="RGBA", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (29, 78, 116, 255)[: len(mode)] if mode != "P" else 3).save(buffer, format, **options)
    return buffer.getvalue()


@pytest.mark.parametrize("data, media_type", [
    (picture(), PNG),
    (picture(mode="L"), PNG),
    (picture(mode="P"), PNG),
    (picture(mode="RGB", interlace=1), PNG),
    (picture(mode="1"), PNG),
    (picture(format="JPEG", mode="RGB"), JPEG),
    (picture(format="JPEG", mode="RGB", progressive=True), JPEG),
    (picture(format="JPEG", mode="L"), JPEG),
], ids=["rgba", "grey", "palette", "interlaced", "one-bit", "jpeg", "progressive-jpeg", "grey-jpeg"])
def test_real_images_are_kept_with_their_size(data, media_type):
    image = image_from_bytes(data, "the logo")
    assert (image.media_type, image.width, image.height, image.data) == (media_type, 200, 80, data)


def _damaged_png() -> bytes:
    data = bytearray(picture())
    data[40] ^= 0xFF  # inside the pixel data: its chunk's checksum no longer holds
    return bytes(data)


def _png_of_other_length() -> bytes:
    """Checksums right, but the pixel data holds fewer rows than the header says."""
    good = picture(size=(20, 20), mode="L")
    pixels = zlib.compress(b"\0" + b"\x80" * 20)
    ihdr_end = 8 + 8 + 13 + 4
    chunk = len(pixels).to_bytes(4, "big") + b"IDAT" + pixels
    chunk += zlib.crc32(b"IDAT" + pixels).to_bytes(4, "big")
    return good[:ihdr_end] + chunk + b"\0\0\0\0IEND\xaeB`\x82"


@pytest.mark.parametrize("data, reason", [
    (b"", "is not a PNG or JPEG image"),
    (b"GIF89a" + b"\0" * 100, "is not a PNG or JPEG image"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a PNG or JPEG image"),
    (picture()[:60], "truncated"),
    (picture(format="JPEG", mode="RGB")[:300], "truncated"),
    (_damaged_png(), "fails its checksum"),
    (_png_of_other_length(), "its pixel data does not match its size"),
    (picture(size=(8, 80)), "is 8 × 80 pixels: each side must be from 16 to 5,000"),
    (picture(size=(6000, 20), mode="1"), "is 6,000 × 20 pixels"),
    (picture(size=(40, 5001), mode="1"), "is 40 × 5,001 pixels"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (MAX_BYTES + 1), "is 2.1 MB: at most 2 MB"),
], ids=["empty", "gif", "svg", "truncated-png", "truncated-jpeg", "damaged-png", "short-png",
        "too-narrow", "too-wide", "too-high", "too-large"])
def test_anything_else_is_refused_with_the_reason(data, reason):
    with pytest.raises(InvalidInput, match="^the logo ") as caught:
        image_from_bytes(data, "the logo")
    assert reason in str(caught.value)
    assert caught.value.field == "the logo"


def test_a_file_is_read_and_named_in_the_message(tmp_path: Path):
    (tmp_path / "logo.png").write_bytes(picture())
    assert read_image(tmp_path / "logo.png", "the logo").width == 200
    (tmp_path / "logo.txt").write_text("not an image")
    with pytest.raises(InvalidInput, match=r"^the logo logo\.txt is not a PNG or JPEG image$"):
        read_image(tmp_path / "logo.txt", "the logo")
    with pytest.raises(InvalidInput, match="^cannot read the logo .*missing.png"):
        read_image(tmp_path / "missing.png", "the logo")
    (tmp_path / "big.png").write_bytes(b"\0" * (MAX_BYTES + 1))
    with pytest.raises(InvalidInput, match=r"^the logo big\.png is 2\.1 MB: at most 2 MB$"):
        read_image(tmp_path / "big.png", "the logo")
