"""Writing a file whole or not at all, and saying why one could not be read."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .translation import Message


def cannot_read(error: OSError) -> Message:
    """Why a file a person gave cannot be read: the system's reason as it says it
    ("Permission denied"), in a sentence of the reader's language."""
    return Message("cannot read the file: {reason}", reason=error.strerror or str(error))


def write_whole(path: Path, data: bytes) -> None:
    """Write `data` to `path` beside it, then rename: a failed write (a full disk, a
    crash) leaves the file as it was, never half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
