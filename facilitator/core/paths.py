"""Where the shipped workshop and the user's data live."""

from __future__ import annotations

from pathlib import Path

import platformdirs

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SLIDES_DIR = PROJECT_ROOT / "slides"
EXERCISES_DIR = PROJECT_ROOT / "exercises"
RESOURCES_DIR = PROJECT_ROOT / "resources"
SHIPPED_DECK = SLIDES_DIR / "social-media-everyones-job.md"
HANDOUT_CONTENT = RESOURCES_DIR / "handout.toml"
KEY_FILENAME = "certificate-key.pem"


def default_db_path() -> Path:
    """The session database in the platform's user data folder."""
    return Path(platformdirs.user_data_dir("facilitator", appauthor=False)) / "facilitator.db"


def key_path_for(database: Path | str) -> Path:
    """The organisation's certificate signing key: beside the database whose
    certificates it signs, so the records and the key that made them travel together."""
    return Path(database).parent / KEY_FILENAME


def shipped_decks() -> list[Path]:
    return sorted(SLIDES_DIR.glob("*.md"))
