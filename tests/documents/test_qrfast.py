"""The fast QR encoder gives the very matrix the `qrcode` library gives."""

from __future__ import annotations

import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import BIT_LIMIT_TABLE, MODE_8BIT_BYTE, MODE_ALPHA_NUM, MODE_NUMBER, length_in_bits

from facilitator.documents.qrfast import MASK, qr_modules, qr_rows, runs

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def reference(text: str) -> list[str]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, mask_pattern=MASK, border=0)
    code.add_data(text, optimize=0)  # one segment, as qrfast makes
    code.make(fit=True)
    return ["".join("1" if dark else "0" for dark in row) for row in code.get_matrix()]


def version(rows: list[str]) -> int:
    return (len(rows) - 17) // 4


def largest_fitting(version_number: int, mode: str) -> int:
    """The most characters of `mode` that fit the version at error correction M."""
    limit = BIT_LIMIT_TABLE[ERROR_CORRECT_M][version_number]
    count = length_in_bits(MODES[mode], version_number)
    bits = {
        "numeric": lambda n: 10 * (n // 3) + (0, 4, 7)[n % 3],
        "alphanumeric": lambda n: 11 * (n // 2) + 6 * (n % 2),
        "bytes": lambda n: 8 * n,
    }[mode]
    n = 0
    while 4 + count + bits(n + 1) <= limit:
        n += 1
    return n


MODES = {"numeric": MODE_NUMBER, "alphanumeric": MODE_ALPHA_NUM, "bytes": MODE_8BIT_BYTE}
TEXT = {
    "numeric": lambda n: "".join(str((i * 3) % 10) for i in range(n)),
    "alphanumeric": lambda n: "".join(ALNUM[(i * 7) % len(ALNUM)] for i in range(n)),
    "bytes": lambda n: "".join("abcdefghijklmnopqrstuvwxyz!?"[(i * 5) % 28] for i in range(n)),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("version_number", range(1, 41))
def test_fullest_code_of_every_version(version_number, mode):
    """The longest text each version holds, and one character more (the next version):
    where the version choice, the length field's width and the padding can go wrong."""
    n = largest_fitting(version_number, mode)
    text = TEXT[mode](n)
    expected = reference(text)
    assert version(expected) == version_number  # the case is the one it claims
    assert qr_rows(text) == expected
    if version_number < 40:
        longer = TEXT[mode](n + 1)
        assert qr_rows(longer) == reference(longer)


@pytest.mark.parametrize("text", ["", "0", "A", "a", "é", "€uro", "日本語", "🚀", "HTTP://X.Y/Z?A=1"])
def test_short_texts(text):
    assert qr_rows(text) == reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALNUM, max_size=1500))
def test_alphanumeric_text(text):
    assert qr_rows(text) == reference(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text(text):
    assert qr_rows(text) == reference(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=BASE32, min_size=150, max_size=900))
def test_payload_shaped_text(text):
    payload = f"FCV1.{text}.{text[:103]}"
    assert qr_rows(payload) == reference(payload)


@pytest.mark.parametrize("mode", MODES)
def test_too_much_data(mode):
    with pytest.raises(ValueError, match="too much data"):
        qr_rows(TEXT[mode](largest_fitting(40, mode) + 1))


def test_modules_and_runs():
    rows = qr_rows("HELLO")
    assert qr_modules("HELLO") == [[ch == "1" for ch in row] for row in rows]
    assert runs("0110111001") == [(1, 2), (4, 3), (9, 1)]
    assert runs("000") == []
    # Runs rebuild each row exactly.
    for row in rows:
        rebuilt = ["0"] * len(row)
        for start, length in runs(row):
            rebuilt[start:start + length] = "1" * length
        assert "".join(rebuilt) == row
