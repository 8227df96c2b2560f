"""QR codes fast enough for a batch of certificates.

The `qrcode` library (core/qr.py) builds a code bit by bit in Python: about 5 ms for a
certificate's ~300-character payload even with the mask fixed, 2.5 s for 500
certificates, which alone was most of the 3 s budget for the whole PDF. This module
makes the same code in about 0.3 ms: it takes the version's fixed patterns (finders,
timing, alignment, format and version information) from `qrcode` itself, once per
version, and does per payload only the part that depends on the data, with whole
integers instead of bits: the segment, Reed-Solomon error correction through a
precomputed table, interleaving, and placement through a precomputed module order.

The result is the very matrix `qrcode` gives for the same text, error correction M,
the same (fixed) mask and no quiet zone, with the data as one segment as
`add_data(text, optimize=0)` makes it; a test holds it to that. The segment's mode is
the one `qrcode` picks for it: numeric for ASCII digits only, alphanumeric when every
character allows it (certificate payloads are base32 so they do), else UTF-8 bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qrcode import QRCode
from qrcode import base as qr_base
from qrcode import util as qr_util
from qrcode.constants import ERROR_CORRECT_M

MASK = 2
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_VALUE = {ch: i for i, ch in enumerate(_ALNUM)}
_ALNUM_TEXT = re.compile(r"[0-9A-Z $%*+\-./:]*")
_DIGITS = re.compile(r"[0-9]+")
_NUMERIC, _ALPHANUMERIC, _BYTES = 0b0001, 0b0010, 0b0100
_RUN = re.compile(r"1+")

# GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


def _multiply(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


@lru_cache(maxsize=None)
def _ecc_table(degree: int) -> tuple[int, ...]:
    """For each lead byte, the generator polynomial times that byte, packed in an int
    of `degree` bytes: one Reed-Solomon step is then a shift and an XOR."""
    generator = [1]
    for i in range(degree):
        nxt = [0] * (len(generator) + 1)
        for j, coefficient in enumerate(generator):
            nxt[j] ^= coefficient
            nxt[j + 1] ^= _multiply(coefficient, _EXP[i])
        generator = nxt
    tail = generator[1:]  # the leading coefficient is 1
    return tuple(
        int.from_bytes(bytes(_multiply(c, factor) for c in tail), "big") for factor in range(256)
    )


def _ecc(data: bytes, degree: int) -> bytes:
    table = _ecc_table(degree)
    top_shift = 8 * (degree - 1)
    mask = (1 << (8 * degree)) - 1
    register = 0
    for byte in data:
        factor = byte ^ (register >> top_shift)
        register = ((register << 8) & mask) ^ table[factor]
    return register.to_bytes(degree, "big")


@dataclass(frozen=True)
class _Version:
    number: int
    size: int
    blocks: tuple[tuple[int, int], ...]  # (data codewords, ecc codewords) per block
    data_capacity: int  # bits
    base: tuple[str, ...]  # the module grid with data at zero, masked, as '0'/'1'
    positions: tuple[int, ...]  # flat index of each data bit, in order
    mask_bits: int  # the mask over the data bits, as one integer


@lru_cache(maxsize=None)
def _version(number: int) -> _Version:
    code = QRCode(version=number, error_correction=ERROR_CORRECT_M, mask_pattern=MASK, border=0)
    n = number * 4 + 17
    code.modules_count = n
    code.modules = [[None] * n for _ in range(n)]
    code.setup_position_probe_pattern(0, 0)
    code.setup_position_probe_pattern(n - 7, 0)
    code.setup_position_probe_pattern(0, n - 7)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(False, MASK)
    if number >= 7:
        code.setup_type_number(False)
    grid = code.modules

    # The order the data bits fill the free modules: two-column strips from the right,
    # up then down, skipping the vertical timing column (as qrcode's map_data does).
    order = []
    row, step = n - 1, -1
    for right in range(n - 1, 0, -2):
        col = right - 1 if right <= 6 else right
        while True:
            for c in (col, col - 1):
                if grid[row][c] is None:
                    order.append((row, c))
            row += step
            if row < 0 or row >= n:
                row -= step
                step = -step
                break

    blocks = tuple(
        (b.data_count, b.total_count - b.data_count)
        for b in qr_base.rs_blocks(number, ERROR_CORRECT_M)
    )
    total_bits = 8 * sum(d + e for d, e in blocks)
    mask_func = qr_util.mask_func(MASK)
    flat = ["1" if grid[r][c] else "0" for r in range(n) for c in range(n)]
    mask_bits = 0
    for index, (r, c) in enumerate(order):
        masked = bool(mask_func(r, c))
        if index < total_bits:
            mask_bits = (mask_bits << 1) | masked
        flat[r * n + c] = "1" if masked else "0"  # data 0 (remainder bits stay so)
    rows = tuple("".join(flat[r * n:(r + 1) * n]) for r in range(n))
    return _Version(
        number=number, size=n, blocks=blocks,
        data_capacity=8 * sum(d for d, _ in blocks), base=rows,
        positions=tuple(r * n + c for r, c in order[:total_bits]), mask_bits=mask_bits,
    )


def _count_bits(mode: int, version: int) -> int:
    """The width of the segment's length field, by mode and version (ISO 18004 table 3)."""
    column = 0 if version < 10 else 1 if version < 27 else 2
    return {_NUMERIC: (10, 12, 14), _ALPHANUMERIC: (9, 11, 13), _BYTES: (8, 16, 16)}[mode][column]


def _segment(text: str) -> tuple[int, int, int, bytes | str]:
    """(mode, length in characters or bytes, payload bits, data)."""
    if _DIGITS.fullmatch(text):
        length = len(text)
        return _NUMERIC, length, 10 * (length // 3) + (0, 4, 7)[length % 3], text
    if _ALNUM_TEXT.fullmatch(text):
        length = len(text)
        return _ALPHANUMERIC, length, 11 * (length // 2) + 6 * (length % 2), text
    data = text.encode("utf-8")
    return _BYTES, len(data), 8 * len(data), data


def qr_rows(text: str) -> list[str]:
    """The QR code for `text` as rows of '1' (dark) and '0', without quiet zone."""
    mode, length, payload_bits, data = _segment(text)
    for number in range(1, 41):
        needed = 4 + _count_bits(mode, number) + payload_bits
        if needed <= _capacity(number):
            version = _version(number)
            break
    else:
        raise ValueError(f"too much data for a QR code ({length} characters)")

    # The bit stream, as one integer.
    value = (mode << _count_bits(mode, number)) | length
    if mode == _NUMERIC:
        for i in range(0, length, 3):
            group = data[i:i + 3]
            value = (value << (1 + 3 * len(group))) | int(group)
    elif mode == _ALPHANUMERIC:
        values = [_ALNUM_VALUE[ch] for ch in data]
        for i in range(0, length - 1, 2):
            value = (value << 11) | (values[i] * 45 + values[i + 1])
        if length % 2:
            value = (value << 6) | values[-1]
    elif data:
        value = (value << payload_bits) | int.from_bytes(data, "big")
    capacity = version.data_capacity
    terminator = min(4, capacity - needed)
    bits = needed + terminator
    value <<= terminator
    pad = -bits % 8
    value <<= pad
    bits += pad
    filled = bits // 8
    stream = bytearray(value.to_bytes(filled, "big"))
    for i in range(capacity // 8 - filled):
        stream.append(0xEC if i % 2 == 0 else 0x11)

    # Blocks, error correction, interleaving.
    data_blocks, ecc_blocks = [], []
    offset = 0
    for data_count, ecc_count in version.blocks:
        block = bytes(stream[offset:offset + data_count])
        offset += data_count
        data_blocks.append(block)
        ecc_blocks.append(_ecc(block, ecc_count))
    codewords = bytearray()
    for group in (data_blocks, ecc_blocks):
        for i in range(max(len(b) for b in group)):
            for block in group:
                if i < len(block):
                    codewords.append(block[i])

    n = version.size
    total = len(codewords) * 8
    masked = int.from_bytes(codewords, "big") ^ version.mask_bits
    bit_text = format(masked, f"0{total}b")
    flat = list("".join(version.base))
    for index, bit in zip(version.positions, bit_text):
        flat[index] = bit
    return ["".join(flat[r * n:(r + 1) * n]) for r in range(n)]


@lru_cache(maxsize=None)
def _capacity(number: int) -> int:
    return 8 * sum(b.data_count for b in qr_base.rs_blocks(number, ERROR_CORRECT_M))


def qr_modules(text: str) -> list[list[bool]]:
    """The same code as rows of booleans, True for dark, like core.qr.qr_matrix."""
    return [[ch == "1" for ch in row] for row in qr_rows(text)]


def runs(row: str) -> list[tuple[int, int]]:
    """(first column, length) of each run of dark modules in a row from qr_rows."""
    return [(m.start(), m.end() - m.start()) for m in _RUN.finditer(row)]
