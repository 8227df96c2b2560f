"""Images an organiser gives once for every document (a logo, a signature), checked when
given so that printing never meets a broken one.

Read here, with the standard library only, because core decides what it stores: a PNG is
walked chunk by chunk (each checksum, then the pixel data inflated and its length
compared with what the header promises); a JPEG segment by segment up to its scan and
its end marker. Anything else, a truncated or a huge file is refused with the reason.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InvalidInput

MAX_BYTES = 2 * 1024 * 1024  # a logo or a signature; a photo of the office is not one
MIN_SIDE, MAX_SIDE = 16, 5000  # pixels: readable when printed, and drawn in a moment

PNG = "image/png"
JPEG = "image/jpeg"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2}  # baseline, extended, progressive: what PDF readers draw
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # markers without a length


@dataclass(frozen=True)
class BrandImage:
    """A checked PNG or JPEG, as its file's bytes."""

    data: bytes
    media_type: str
    width: int
    height: int


class _Broken(Exception):
    """Why the bytes are not a usable image, in words."""


def read_image(path: Path | str, what: str) -> BrandImage:
    """The image at `path`, checked; InvalidInput naming `what` ("the logo") otherwise."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(f"{what} {path.name} is {size / 1024 / 1024:.1f} MB: at most "
                               f"{MAX_BYTES // 1024 // 1024} MB", field=what)
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {what} {path}: {error.strerror or error}", field=what) from None
    return image_from_bytes(data, what, name=path.name)


def image_from_bytes(data: bytes, what: str, *, name: str = "") -> BrandImage:
    """The bytes as a checked image; InvalidInput saying what is wrong otherwise."""
    shown = f"{what} {name}".strip()
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{shown} is over {MAX_BYTES // 1024 // 1024} MB", field=what)
    try:
        if data.startswith(_PNG_SIGNATURE):
            media_type, (width, height) = PNG, _png_size(data)
        elif data.startswith(b"\xff\xd8\xff"):
            media_type, (width, height) = JPEG, _jpeg_size(data)
        else:
            raise _Broken("is not a PNG or JPEG image")
    except _Broken as broken:
        raise InvalidInput(f"{shown} {broken}", field=what) from None
    except (struct.error, IndexError, zlib.error):
        raise InvalidInput(f"{shown} is a damaged or truncated image", field=what) from None
    for side, pixels in (("wide", width), ("high", height)):
        if not MIN_SIDE <= pixels <= MAX_SIDE:
            raise InvalidInput(f"{shown} is {pixels} pixels {side}: it must be {MIN_SIDE} to "
                               f"{MAX_SIDE}", field=what)
    return BrandImage(data, media_type, width, height)


def _png_size(data: bytes) -> tuple[int, int]:
    chunks = list(_png_chunks(data))
    if not chunks or chunks[0][0] != b"IHDR" or len(chunks[0][1]) != 13:
        raise _Broken("is a damaged PNG: it does not start with its header")
    if chunks[-1][0] != b"IEND":
        raise _Broken("is a truncated PNG: it has no end")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if colour not in _PNG_CHANNELS:
        raise _Broken(f"is a damaged PNG: unknown colour type {colour}")
    if colour == 3 and not any(kind == b"PLTE" for kind, _ in chunks):
        raise _Broken("is a damaged PNG: its palette is missing")
    if not (width and height) or width > MAX_SIDE or height > MAX_SIDE:
        return width, height  # refused by size, without inflating anything
    pixels = b"".join(body for kind, body in chunks if kind == b"IDAT")
    expected = _png_data_length(width, height, depth * _PNG_CHANNELS[colour], interlace)
    if _inflated_length(pixels, expected) != expected:
        raise _Broken("is a damaged PNG: its pixel data does not match its size")
    return width, height


def _png_chunks(data: bytes):
    at = len(_PNG_SIGNATURE)
    while at < len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        body = data[at + 8: at + 8 + length]
        (crc,) = struct.unpack_from(">I", data, at + 8 + length)
        if len(body) != length or zlib.crc32(kind + body) != crc:
            raise _Broken(f"is a damaged PNG: its {kind.decode('latin-1')!r} chunk fails its checksum")
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
            raise _Broken("is a damaged JPEG: a segment does not start where it should")
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
            raise _Broken("is a JPEG of a kind documents cannot show (lossless or arithmetic)")
        elif marker == 0xDA:  # the scan: the image data follows
            break
        at += 2 + length
    if size is None:
        raise _Broken("is a damaged JPEG: it has no frame header")
    if b"\xff\xd9" not in data[at:][-1024:]:
        raise _Broken("is a truncated JPEG: it has no end")
    return size
