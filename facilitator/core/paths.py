"""Where the shipped workshop and the user's data live.

The shipped workshop is part of the installed package (facilitator.slides,
facilitator.exercises, facilitator.resources: folders the build maps into it), found
through importlib.resources. The user's own decks and databases live in the user's folders.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import platformdirs

KEY_FILENAME = "certificate-key.pem"


def _shipped_folder(package: str) -> Path:
    """A shipped package's folder, as a path on disk.

    ReportLab and Qt's font database open fonts by file name, and the presenter watches
    the shipped deck for edits, so this relies on what wheel and editable installs both
    are: packages unpacked into folders (importlib.resources then hands out real paths).
    A zipped install is not supported and says so here rather than later.
    """
    folder = resources.files(package)
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is not installed as files on disk ({folder!r})")
    return folder


SLIDES_DIR = _shipped_folder("facilitator.slides")
RESOURCES_DIR = _shipped_folder("facilitator.resources")
EXERCISES_DIR = _shipped_folder("facilitator.exercises")
FONTS_DIR = RESOURCES_DIR / "fonts"
SHIPPED_DECK = SLIDES_DIR / "social-media-everyones-job.md"
HANDOUT_CONTENT = RESOURCES_DIR / "handout.toml"


def default_db_path() -> Path:
    """The session database in the platform's user data folder."""
    return Path(platformdirs.user_data_dir("facilitator", appauthor=False)) / "facilitator.db"


def conversions_folder() -> Path:
    """Where decks converted to PDF (a PowerPoint file's pages) are kept between runs."""
    return Path(platformdirs.user_cache_dir("facilitator", appauthor=False)) / "converted"


def key_path_for(database: Path | str) -> Path:
    """The organisation's certificate signing key: beside the database whose
    certificates it signs, so the records and the key that made them travel together."""
    return Path(database).parent / KEY_FILENAME


def shipped_decks() -> list[Path]:
    return sorted(SLIDES_DIR.glob("*.md"))
