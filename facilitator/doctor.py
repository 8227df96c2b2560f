"""`facilitator doctor`: what a trainer wants to know the day before, in plain words.

Each check looks at one thing this laptop needs for a session and says what it found;
a finding that would stop a session (no window can open, no network phones can reach,
a database the store would refuse, fonts that cannot be read) makes the exit
status 1. Having no display at all is not one of them: `facilitator serve` runs a
session without a window. The probes are injectable, for tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__
from .core.database_file import check_file
from .core.errors import StoreUnusable
from .core.paths import FONTS_DIR, key_path_for
from .core.powerpoint import INSTALL_HINT, find_libreoffice
from .core.translation import SOURCE_LOCALE, Message, Translator, plural_message, translator
from .live.network import Interface, phone_interface
from .process import columns

WINDOW_PROBE_SECONDS = 20.0
VERSION_PROBE_SECONDS = 20.0
# Creating the application loads the platform plugin, which is where a missing system
# library shows; nothing is drawn.
_WINDOW_PROBE = (
    "from PySide6.QtWidgets import QApplication\n"
    "print(QApplication([]).platformName())\n"
)
# Qt's own words (with QT_DEBUG_PLUGINS=1) for the cases it can name.
_NEEDS_PACKAGE = re.compile(r"\b(lib[\w.+-]+) is needed to load the Qt")
_MISSING_LIBRARY = re.compile(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file")
_NO_DISPLAY = re.compile(r"could not connect to display|failed to connect to display", re.I)


@dataclass(frozen=True)
class Finding:
    """What one check found, in words the report says in the reader's language."""

    topic: Message
    text: Message
    blocking: bool = False


# The topics, also the report's left column.
VERSION, WINDOW, PHONES = Message("version"), Message("window"), Message("phones")
DATABASE, SIGNING_KEY, FONTS = Message("database"), Message("signing key"), Message("fonts")
LIBREOFFICE = Message("LibreOffice")


@dataclass(frozen=True)
class WindowProbe:
    """How Qt's attempt to start here went: its platform's name, or what it printed (or
    the seconds it was given, when it never answered)."""

    platform: str | None
    output: str = ""
    silent_for: float | None = None


def probe_window(timeout: float = WINDOW_PROBE_SECONDS) -> WindowProbe:
    """Start Qt's platform plugin in a child process: a missing library aborts it, and
    that must not abort the doctor."""
    environment = dict(os.environ, QT_DEBUG_PLUGINS="1")
    try:
        done = subprocess.run(
            [sys.executable, "-c", _WINDOW_PROBE], capture_output=True, text=True,
            timeout=timeout, env=environment,
        )
    except subprocess.TimeoutExpired:
        return WindowProbe(None, silent_for=timeout)
    if done.returncode == 0:
        return WindowProbe(done.stdout.strip() or "unnamed")
    return WindowProbe(None, done.stderr)


@dataclass(frozen=True)
class LibreOffice:
    """The LibreOffice that converts PowerPoint decks, as found here."""

    path: Path
    version: str  # its own words ("LibreOffice 7.4.7.2 40(Build:2)"); "" when it says none


def probe_libreoffice(timeout: float = VERSION_PROBE_SECONDS) -> LibreOffice | None:
    found = find_libreoffice()
    if found is None:
        return None
    try:  # one that prints no version (or never answers) is named by its path alone
        said = subprocess.run([str(found), "--version"], capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.TimeoutExpired):
        said = ""
    return LibreOffice(found, next((line.strip() for line in said.splitlines() if line.strip()), ""))


def shipped_font_files() -> list[str]:
    """The shipped font files, after ReportLab has read every one the documents use."""
    from .documents.fonts import register_fonts  # ReportLab loads only for the doctor

    register_fonts()
    return sorted(path.name for path in FONTS_DIR.glob("*.tt[fc]"))


@dataclass(frozen=True)
class Probes:
    window: Callable[[], WindowProbe] = probe_window
    phone_interface: Callable[[], Interface | None] = phone_interface
    font_files: Callable[[], list[str]] = shipped_font_files
    libreoffice: Callable[[], LibreOffice | None] = probe_libreoffice
    environment: dict[str, str] = field(default_factory=lambda: dict(os.environ))


def _qt_version() -> Message:
    try:
        return Message("Qt for Python {version}", version=metadata.version("PySide6_Essentials"))
    except metadata.PackageNotFoundError:
        return Message("Qt for Python not installed")


def _version() -> Finding:
    return Finding(VERSION, Message("Facilitator {version}, Python {python} on {system}, {qt}",
                                    version=__version__, python=sys.version.split()[0],
                                    system=sys.platform, qt=_qt_version()))


def _missing_library(name: str) -> Finding:
    return Finding(WINDOW, Message("Qt cannot open a window: the system library {library} is missing"
                                   " (Debian/Ubuntu: bash .ci/setup installs it)", library=name), True)


def _cannot_open(why: str) -> Finding:
    return Finding(WINDOW, Message("Qt cannot open a window: {why}", why=why), True)


def _window(probe: WindowProbe, environment: dict[str, str]) -> Finding:
    if probe.platform is not None:
        return Finding(WINDOW, Message("Qt can open a window here (platform {platform})", platform=probe.platform))
    if probe.silent_for is not None:
        return _cannot_open(plural_message("it gave no answer within {count} second",
                                           "it gave no answer within {count} seconds", round(probe.silent_for)))
    # In this order: Qt adds its xcb-cursor hint to any failure of the xcb plugin, even
    # when the library is there and the display is what is missing.
    needed = _NEEDS_PACKAGE.search(probe.output)
    if missing := _MISSING_LIBRARY.search(probe.output):
        library = missing.group(1)
        if needed and needed.group(1).startswith(library.split(".so")[0]):
            library = f"{needed.group(1)} ({library})"  # the package's name, as Qt gives it
        return _missing_library(library)
    if _NO_DISPLAY.search(probe.output):
        display = environment.get("WAYLAND_DISPLAY") or environment.get("DISPLAY")
        where = (Message("the display {display} does not answer", display=display) if display
                 else Message("there is no display here"))
        return Finding(WINDOW, Message("Qt cannot open a window: {where}; `facilitator serve` runs a session"
                                       " without one (or set QT_QPA_PLATFORM=offscreen)", where=where))
    if needed:
        return _missing_library(needed.group(1))
    lines = [line for line in probe.output.splitlines() if line.strip()]
    return _cannot_open(lines[-1] if lines else Message("no message"))


def _phones(interface: Interface | None) -> Finding:
    if interface is None:
        return Finding(PHONES, Message("no network but this laptop itself: phones cannot reach it; join the"
                                       " room's Wi-Fi first"), True)
    if interface.name:
        return Finding(PHONES, Message("phones will use {address} on the interface {interface}",
                                       address=interface.address, interface=interface.name))
    return Finding(PHONES, Message("phones will use {address} on the default route's interface",
                                   address=interface.address))


def _database(database: Path) -> Finding:
    """The verdict the store gives at open, before it writes anything."""
    try:
        exists = check_file(database, writable=True)
    except StoreUnusable as error:
        return Finding(DATABASE, Message("{path} cannot be used: {cause}", path=str(database), cause=error.cause),
                       True)
    state = Message("exists") if exists else Message("is made at the first session")
    return Finding(DATABASE, Message("{path} ({state})", path=str(database), state=state))


def _key(database: Path) -> Finding:
    key = key_path_for(database)
    state = Message("exists") if key.exists() else Message("is made with the first certificates")
    return Finding(SIGNING_KEY, Message("{path} ({state}); keep a copy: it is what makes this laptop's"
                                        " certificates checkable", path=str(key), state=state))


def _fonts(font_files: Callable[[], list[str]]) -> Finding:
    try:
        files = font_files()
    except OSError as error:
        return Finding(FONTS, Message("the shipped fonts cannot be read: {cause}", cause=str(error)), True)
    return Finding(FONTS, plural_message("{count} shipped font file in {folder}: {files}",
                                         "{count} shipped font files in {folder}: {files}", len(files),
                                         folder=str(FONTS_DIR), files=", ".join(files)))


def _libreoffice(found: LibreOffice | None) -> Finding:
    """Only information: Markdown and PDF decks need no LibreOffice."""
    if found is None:
        return Finding(LIBREOFFICE, Message("not found, so PowerPoint decks cannot be shown: {hint}",
                                            hint=INSTALL_HINT))
    if found.version:
        return Finding(LIBREOFFICE, Message("{version} at {path}: PowerPoint decks can be shown",
                                            version=found.version, path=str(found.path)))
    return Finding(LIBREOFFICE, Message("found at {path}: PowerPoint decks can be shown", path=str(found.path)))


def examine(database: Path, probes: Probes) -> list[Finding]:
    return [
        _version(),
        _window(probes.window(), probes.environment),
        _phones(probes.phone_interface()),
        _database(database),
        _key(database),
        _fonts(probes.font_files),
        _libreoffice(probes.libreoffice()),
    ]


def report(findings: list[Finding], words: Translator) -> tuple[list[str], int]:
    """The lines to print, in the language of `words`, and the exit status: 1 when
    something blocks a session."""
    topics = [words.say(finding.topic) for finding in findings]
    width = max(columns(topic) for topic in topics)
    lines = [f"{'!! ' if f.blocking else '   '}{topic}{' ' * (width - columns(topic))}  {words.say(f.text)}"
             for f, topic in zip(findings, topics)]
    blocking = [topic for f, topic in zip(findings, topics) if f.blocking]
    if blocking:
        lines.append(words.say(Message("Not ready: {topics} would stop a session (marked !!).",
                                       topics=", ".join(blocking))))
    else:
        lines.append(words.say(Message("Ready for a session.")))
    return lines, 1 if blocking else 0


def run(database: Path, probes: Probes | None = None, words: Translator | None = None) -> int:
    """Print the report (in English unless `words` are given) and give the exit status."""
    lines, status = report(examine(database, probes or Probes()), words or translator(SOURCE_LOCALE))
    print("\n".join(lines))
    return status
