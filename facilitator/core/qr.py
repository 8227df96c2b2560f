"""The join QR code as a matrix of modules: drawn by Qt on screen, by ReportLab on
paper, and in block characters in a terminal."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_matrix(
    text: str, *, border: int = QUIET_ZONE, mask_pattern: int | None = None
) -> list[list[bool]]:
    """Rows of modules, True for dark, with a white border of `border` modules.

    By default the library scores all eight mask patterns and keeps the best, which
    builds the code eight times; a fixed `mask_pattern` (0-7) builds it once, for
    batches (500 certificates) where that time counts. Every mask gives a valid code.
    """
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, border=border, mask_pattern=mask_pattern
    )
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def qr_text(text: str) -> str:
    """The QR code in half-block characters, two rows of modules per line of text.

    Light modules are the drawn blocks and dark ones the background, so on the usual
    dark terminal the code shows dark on light, as phone scanners expect.
    """
    matrix = qr_matrix(text, border=2)
    if len(matrix) % 2:
        matrix.append([False] * len(matrix[0]))
    glyphs = {(False, False): "█", (False, True): "▀", (True, False): "▄", (True, True): " "}
    return "\n".join(
        "".join(glyphs[(top, bottom)] for top, bottom in zip(upper, lower))
        for upper, lower in zip(matrix[::2], matrix[1::2])
    )
