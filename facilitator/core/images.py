"""Images an organiser gives once for every document (a logo, a signature), checked when
given so that printing never meets a broken one.

Read here, with the standard library only, because core decides what it stores: a PNG is
walked chunk by chunk (each checksum, then the pixel data inflated and its length
compared with what the header promises); a JPEG segment by segment up to its scan and
its end marker. Anything else, a truncated or a huge file is refused with the reason.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InvalidInput
from .translation import Message, N_

MEGABYTE = 1024 * 1024
MAX_BYTES = 2 * MEGABYTE  # a logo or a signature; a photo of the office is not one
MIN_SIDE, MAX_SIDE = 16, 5000  # pixels: readable when printed, and drawn in a moment

PNG = "image/png"
JPEG = "image/jpeg"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2}  # baseline, extended, progressive: what PDF readers draw
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # markers without a length
_TRUNCATED = N_("{image} is a truncated {kind}: it has no end")  # kind: PNG or JPEG, named alike everywhere


@dataclass(frozen=True)
class BrandImage:
    """A checked PNG or JPEG, as its file's bytes."""

    data: bytes
    media_type: str
    width: int
    height: int


class _Broken(Exception):
    """Why the bytes are not a usable image: a message (marked with N_) whose `{image}`
    names the image, and its other values."""

    def __init__(self, text: str, **values: Any):
        super().__init__(text)
        self.text = text
        self.values = values

    def said_of(self, image: str) -> Message:
        return Message(self.text, image=image, **self.values)


def read_image(path: Path | str, what: str) -> BrandImage:
    """The image at `path`, checked; InvalidInput naming `what` ("the logo", a Message
    said in the reader's language) otherwise."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_large(_named(what, path.name), size, what)
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(Message("cannot read {image}: {reason}", image=_named(what, str(path)),
                                   reason=error.strerror or str(error)), field=what) from None
    return image_from_bytes(data, what, name=path.name)


def image_from_bytes(data: bytes, what: str, *, name: str = "") -> BrandImage:
    """The bytes as a checked image; InvalidInput saying what is wrong otherwise."""
    shown = _named(what, name)
    if len(data) > MAX_BYTES:
        raise _too_large(shown, len(data), what)
    try:
        if data.startswith(_PNG_SIGNATURE):
            media_type, (width, height) = PNG, _png_size(data)
        elif data.startswith(b"\xff\xd8\xff"):
            media_type, (width, height) = JPEG, _jpeg_size(data)
        else:
            raise _Broken(N_("{image} is not a PNG or JPEG image"))
    except _Broken as broken:
        raise InvalidInput(broken.said_of(shown), field=what) from None
    except (struct.error, IndexError, zlib.error):
        raise InvalidInput(Message("{image} is a damaged or truncated image", image=shown), field=what) from None
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise InvalidInput(Message(
            "{image} is {width} × {height} pixels: each side must be from {least} to {most}",
            image=shown, width=width, height=height, least=MIN_SIDE, most=MAX_SIDE,
        ), field=what)
    return BrandImage(data, media_type, width, height)


def _named(what: str, name: str) -> str:
    """The image as a message names it: "the logo logo.png", or "the logo" with no file."""
    return Message("{what} {file}", what=what, file=name) if name else what


def _too_large(image: str, size: int, what: str) -> InvalidInput:
    # Rounded up: a file just over the limit must not read as at the limit ("2.0 MB").
    megabytes = math.ceil(size * 10 / MEGABYTE) / 10
    return InvalidInput(Message("{image} is {size} MB: at most {most} MB", image=image, size=megabytes,
                                most=MAX_BYTES // MEGABYTE), field=what)


def _png_size(data: bytes) -> tuple[int, int]:
    chunks = list(_png_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise _Broken(N_("{image} is a damaged PNG: it does not start with its header"))
    if chunks[-1][0] != b"IEND":
        raise _Broken(_TRUNCATED, kind="PNG")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if colour not in _PNG_CHANNELS:
        raise _Broken(N_("{image} is a damaged PNG: unknown colour type {colour}"), colour=str(colour))
    if colour == 3 and not any(kind == b"PLTE" for kind, _ in chunks):
        raise _Broken(N_("{image} is a damaged PNG: its palette is missing"))
    if not (width and height) or width > MAX_SIDE or height > MAX_SIDE:
        return width, height  # refused by size, without inflating anything
    pixels = b"".join(body for kind, body in chunks if kind == b"IDAT")
    expected = _png_data_length(width, height, depth * _PNG_CHANNELS[colour], interlace)
    if _inflated_length(pixels, expected) != expected:
        raise _Broken(N_("{image} is a damaged PNG: its pixel data does not match its size"))
    return width, height


def _png_chunks(data: bytes):
    at = len(_PNG_SIGNATURE)
    while at < len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        body = data[at + 8: at + 8 + length]
        (crc,) = struct.unpack_from(">I", data, at + 8 + length)
        if len(body) != length or zlib.crc32(kind + body) != crc:
            raise _Broken(N_("{image} is a damaged PNG: its {chunk} chunk fails its checksum"),
                          chunk=repr(kind.decode("latin-1")))
        yield kind, body
        at += 12 + length
        if kind == b"IEND":
            return


def _png_data_length(width: int, height: int, bits: int, interlace: int) -> int:
    """The inflated length of the pixel rows: a filter byte, then the row's bytes."""
    passes = _ADAM7 if interlace else ((0, 0, 1, 1),)
    total = 0
    for x0, y0, dx, dy in passes:
        columns, rows = -(-(width - x0) // dx), -(-(height - y0) // dy)
        if columns > 0 and rows > 0:
            total += rows * (1 + -(-columns * bits // 8))
    return total


def _inflated_length(compressed: bytes, expected: int) -> int:
    """How long the zlib stream inflates to, never holding more than a little of it;
    -1 when it does not end."""
    inflater = zlib.decompressobj()
    total, rest = 0, compressed
    while rest and total <= expected:
        total += len(inflater.decompress(rest, 1 << 20))
        rest = inflater.unconsumed_tail
    if total <= expected:
        total += len(inflater.flush())
    return total if inflater.eof else -1


def _jpeg_size(data: bytes) -> tuple[int, int]:
    at, size = 2, None
    while True:
        if data[at] != 0xFF:
            raise _Broken(N_("{image} is a damaged JPEG: a segment does not start where it should"))
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in _JPEG_STANDALONE:
            at += 2
            continue
        (length,) = struct.unpack_from(">H", data, at + 2)
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack_from(">HH", data, at + 5)
            size = width, height
        elif 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            raise _Broken(N_("{image} is a JPEG of a kind documents cannot show (lossless or arithmetic)"))
        elif marker == 0xDA:  # the scan: the image data follows
            break
        at += 2 + length
    if size is None:
        raise _Broken(N_("{image} is a damaged JPEG: it has no frame header"))
    if b"\xff\xd9" not in data[at:][-1024:]:
        raise _Broken(_TRUNCATED, kind="JPEG")
    return size
