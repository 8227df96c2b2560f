"""Decks: one Markdown file of slides with YAML front matter, notes and settings.

The format is the one Marp and Slidev share: front matter between `---` lines, slides
separated by a line holding only `---`, speaker notes in the HTML comment that ends a
slide. Settings are a comment of `key: value` pairs. Fenced code, inline code and
comments are tracked while splitting, so a `---` or `-->` inside code is just code.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, Iterator

import yaml

from .errors import FormatError, Problem
from .text import describe, first_non_character
from .translation import Message

MAX_DURATION = 600  # minutes a workshop may last: a whole day's, and more


class Layout(str, Enum):
    DEFAULT = "default"
    TITLE = "title"
    SECTION = "section"
    JOIN = "join"
    TWO_COLUMNS = "two-columns"


@dataclass(frozen=True)
class Image:
    alt: str
    path: Path
    line: int


@dataclass(frozen=True)
class Slide:
    index: int  # 0-based position in the deck
    line: int  # where the slide starts in the file
    body: str  # Markdown, without settings and notes
    notes: str
    title: str  # the first heading, or "" if there is none
    minutes: float | None
    exercise_id: str | None
    layout: Layout
    images: tuple[Image, ...] = ()
    exercise_line: int = 0  # where `exercise:` is set, for errors about the id
    # An imported slide's pages (0-based, in `Deck.page_file`), shown in turn: a Beamer
    # frame's overlays are several pages of one slide, so pacing counts them as one.
    # Empty for a Markdown slide and for an exercise inserted between imported pages,
    # which Facilitator draws itself.
    pages: tuple[int, ...] = ()

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def columns(self) -> tuple[str, str]:
        """Left and right Markdown of a two-columns slide."""
        parts = _COLUMN_BREAK.split(self.body, maxsplit=1)
        right = parts[1] if len(parts) > 1 else ""
        return parts[0].strip("\n"), right.strip("\n")


@dataclass(frozen=True)
class Deck:
    path: Path
    title: str
    duration: float  # minutes
    slides: tuple[Slide, ...]
    subtitle: str = ""
    facilitator: str = ""
    organisation: str = ""
    date: datetime.date | None = None
    language: str = "en"
    logo: Path | None = None
    signature: Path | None = None
    exercises_folder: Path | None = None
    handout: Path | None = None  # the curated ideas and resources for the handout
    # The PDF an imported deck's pages are drawn from: the deck itself for a PDF, the
    # cached conversion for a PowerPoint file; None for a Markdown deck.
    page_file: Path | None = None
    # Every raw front-matter value, for settings later layers read (certificates...).
    meta: dict = field(default_factory=dict, compare=False)
    # Where each slide's exercise was set, by slide index, when not at `exercise_line` of
    # this file: an imported deck's notes or its companion file.
    exercise_places: dict[int, "Place"] = field(default_factory=dict, compare=False)
    # No duration was given anywhere: it is the slides' count in minutes, and `check` says so.
    duration_assumed: bool = False

    @property
    def planned_minutes(self) -> float:
        return sum(s.minutes or 0 for s in self.slides)

    @property
    def exercise_ids(self) -> list[str]:
        """The exercises the deck runs, in slide order, each once."""
        return list(dict.fromkeys(s.exercise_id for s in self.slides if s.exercise_id))

    def exercise_place(self, slide: Slide) -> "Place":
        """Where the slide's exercise was set, for a problem found with it later."""
        return self.exercise_places.get(slide.index) or Place(self.path, slide.exercise_line)


@dataclass(frozen=True)
class Place:
    """Where a setting was written: a line of a file, or a slide of an imported deck."""

    path: Path
    line: int = 0
    slide: int | None = None

    def problem(self, message: str) -> Problem:
        return Problem(self.path, self.line, message, slide=self.slide)


# -- scanning ------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SEPARATOR = re.compile(r"^---[ \t]*$")
_COLUMN_BREAK = re.compile(r"^\|\|\|[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_SETTING = re.compile(r"^([a-z][a-z_-]*)\s*:\s*(\S.*?)\s*$")


@dataclass
class _Comment:
    text: str
    line: int  # first line
    seq: int = 0  # when it closed, in scanning order
    is_last: bool = False  # nothing but white space follows it in the slide


@dataclass
class _RawSlide:
    line: int
    content: list[tuple[int, str]] = field(default_factory=list)  # (line number, text)
    comments: list[_Comment] = field(default_factory=list)
    last_text_seq: int = -1

    @property
    def is_empty(self) -> bool:
        return not self.comments and self.last_text_seq < 0


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Start and end offsets of the inline code spans in one line.

    A span opens with a run of backticks and closes with a run of the same length
    (CommonMark); an unmatched run is literal text.
    """
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", line)]
    spans = []
    i = 0
    while i < len(runs):
        start, end = runs[i]
        length = end - start
        closing = next(
            (j for j in range(i + 1, len(runs)) if runs[j][1] - runs[j][0] == length), None
        )
        if closing is None:
            i += 1
            continue
        spans.append((start, runs[closing][1]))
        i = closing + 1
    return spans


def _find_outside_code(line: str, needle: str, start: int = 0) -> int:
    spans = _code_spans(line)
    position = start
    while (found := line.find(needle, position)) != -1:
        inside = next((end for s, end in spans if s <= found < end), None)
        if inside is None:
            return found
        position = inside
    return -1


def _closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    run = len(stripped) - len(stripped.lstrip(fence[0]))
    return run >= len(fence) and not stripped[run:].strip()


class _Scanner:
    """Splits the deck body into raw slides, line by line.

    It follows fenced code (where `---` and `<!--` are code), inline code spans (where
    `<!--` and `-->` are code), and comments spanning lines (where `---` is text and a
    fenced block may show `-->`).
    """

    def __init__(self, first_line: int):
        self.slides: list[_RawSlide] = []
        self.slide = _RawSlide(line=first_line)
        self.fence: str | None = None
        self.comment: _Comment | None = None
        self.comment_fence: str | None = None
        self.seq = 0

    def feed(self, number: int, line: str) -> None:
        if self.comment is not None:
            self._continue_comment(number, line)
        elif self.fence is not None:
            self._text(number, line)
            if _closes_fence(line, self.fence):
                self.fence = None
        elif opened := _FENCE.match(line):
            self.fence = opened.group(1)
            self._text(number, line)
        elif _SEPARATOR.match(line):
            self.finish()
            self.slide = _RawSlide(line=number + 1)
        else:
            self._scan_line(number, line)

    def finish(self) -> None:
        for comment in self.slide.comments:
            comment.is_last = comment.seq > self.slide.last_text_seq
        self.slides.append(self.slide)

    def _tick(self) -> int:
        self.seq += 1
        return self.seq

    def _text(self, number: int, text: str) -> None:
        self.slide.content.append((number, text))
        if text.strip():
            self.slide.last_text_seq = self._tick()

    def _close_comment(self, text: str) -> None:
        assert self.comment is not None
        self.comment.text += text
        self.comment.seq = self._tick()
        self.slide.comments.append(self.comment)
        self.comment = None

    def _continue_comment(self, number: int, line: str) -> None:
        assert self.comment is not None
        if self.comment_fence is not None:
            if _closes_fence(line, self.comment_fence):
                self.comment_fence = None
            self.comment.text += "\n" + line
        elif opened := _FENCE.match(line):
            self.comment_fence = opened.group(1)
            self.comment.text += "\n" + line
        elif (end := _find_outside_code(line, "-->")) == -1:
            self.comment.text += "\n" + line
        else:
            self._close_comment("\n" + line[:end])
            self._scan_line(number, line[end + 3 :])

    def _scan_line(self, number: int, line: str) -> None:
        kept = []
        rest = line
        while (start := _find_outside_code(rest, "<!--")) != -1:
            kept.append(rest[:start])
            if rest[:start].strip():
                self.slide.last_text_seq = self._tick()
            end = _find_outside_code(rest, "-->", start + 4)
            self.comment = _Comment(text="", line=number)
            self.comment_fence = None
            if end == -1:
                self.comment.text = rest[start + 4 :]
                rest = ""
                break
            self._close_comment(rest[start + 4 : end])
            rest = rest[end + 3 :]
        if rest.strip():
            self.slide.last_text_seq = self._tick()
        kept.append(rest)
        self.slide.content.append((number, "".join(kept)))


def scan(lines: list[str], first_line: int) -> tuple[list[_RawSlide], int | None]:
    """The raw slides of a deck body, and the line of a comment left open (if any)."""
    scanner = _Scanner(first_line)
    for offset, line in enumerate(lines):
        scanner.feed(first_line + offset, line)
    unclosed = scanner.comment.line if scanner.comment is not None else None
    scanner.finish()
    return scanner.slides, unclosed


# -- reading a slide -----------------------------------------------------------------

SETTING_KEYS = ("minutes", "exercise", "layout")


def _settings_of(comment: _Comment) -> tuple[list[tuple[int, str, str]], int | None]:
    """The (line, key, value) pairs of a comment, and the line of its first other text."""
    pairs = []
    for offset, line in enumerate(comment.text.split("\n")):
        for part in line.split(","):
            if not part.strip():
                continue
            match = _SETTING.match(part.strip())
            if not match:
                return pairs, comment.line + offset
            pairs.append((comment.line + offset, match.group(1), match.group(2)))
    return pairs, None


def _suggest(word: str, choices: Iterator[str] | list[str]) -> str:
    """The known word closest to a misspelt one, as a hint that follows the problem; "" for none."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return Message(" (did you mean `{name}`?)", name=close[0]) if close else ""


def _content_outside_code(content: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    fence = None
    for number, text in content:
        if fence is not None:
            if _closes_fence(text, fence):
                fence = None
            continue
        if opened := _FENCE.match(text):
            fence = opened.group(1)
            continue
        yield number, text


@dataclass
class SlideSettings:
    """What a slide's settings set, as they are read."""

    minutes: float | None = None
    exercise_id: str | None = None
    exercise_line: int = 0
    layout: Layout = Layout.DEFAULT
    notes: str = ""
    keys_set: set[str] = field(default_factory=set)


@dataclass
class _SlideContent:
    """What a slide's text outside code holds, as it is read."""

    title: str = ""
    images: list[Image] = field(default_factory=list)
    has_column_break: bool = False


class SettingReader:
    """Checks a slide's settings one by one, alike for every kind of deck: a Markdown
    deck's settings comments, an imported deck's notes lines and its companion file.
    Each problem goes to `fail(line, message)`."""

    def __init__(self, fail: Callable[[int, str], None]):
        self.fail = fail

    def setting(self, settings: SlideSettings, line: int, key: str, value: str) -> None:
        if key not in SETTING_KEYS:
            self.fail(line, Message("unknown slide setting `{key}`{suggestion}; settings are {keys}", key=key,
                                    suggestion=_suggest(key, SETTING_KEYS), keys=", ".join(SETTING_KEYS)))
            return
        if key in settings.keys_set:
            self.fail(line, Message("`{key}` is set twice on this slide", key=key))
        settings.keys_set.add(key)
        if key == "minutes":
            settings.minutes = self._minutes(line, value)
        elif key == "exercise":
            settings.exercise_id, settings.exercise_line = value, line
        else:
            settings.layout = self._layout(line, value, settings.layout)

    def _minutes(self, line: int, value: str) -> float | None:
        try:
            minutes = float(value)
        except ValueError:
            minutes = -1.0
        if not 0 < minutes <= 240:  # also refuses nan
            self.fail(line, Message("`minutes` must be a number above 0, not {value}", value=repr(value)))
            return None
        return minutes

    def _layout(self, line: int, value: str, current: Layout) -> Layout:
        """The layout named by value; the current one (a problem noted) for an unknown name."""
        try:
            return Layout(value)
        except ValueError:
            layouts = [x.value for x in Layout]
            self.fail(line, Message("unknown layout {value}{suggestion}; layouts are {layouts}", value=repr(value),
                                    suggestion=_suggest(value, layouts), layouts=", ".join(layouts)))
            return current


class _SlideReader:
    def __init__(self, deck_path: Path, problems: list[Problem]):
        self.deck_path = deck_path
        self.folder = deck_path.parent
        self.problems = problems
        self.settings_reader = SettingReader(self.fail)

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.deck_path, line, message))

    def read(self, raw: _RawSlide, index: int) -> Slide:
        settings = self._settings(raw)
        content = self._content(raw)
        self._check_columns(raw, settings.layout, content.has_column_break)
        return Slide(
            index=index,
            line=raw.line,
            body="\n".join(text for _, text in raw.content).strip("\n"),
            notes=settings.notes,
            title=content.title,
            minutes=settings.minutes,
            exercise_id=settings.exercise_id,
            layout=settings.layout,
            images=tuple(content.images),
            exercise_line=settings.exercise_line,
        )

    def _settings(self, raw: _RawSlide) -> SlideSettings:
        """The slide's settings comments, read; its last comment of other text is the notes."""
        settings = SlideSettings()
        for comment in raw.comments:
            pairs, other_text = _settings_of(comment)
            if other_text is None and pairs:
                for line, key, value in pairs:
                    self.settings_reader.setting(settings, line, key, value)
            elif pairs and pairs[0][1] in SETTING_KEYS:
                # Most likely `minutes: 1,5`: settings with a stray part, not notes.
                self.fail(other_text, Message("a settings comment holds only `key: value` pairs "
                                              "separated by commas (write decimals with a dot: 1.5)"))
            elif comment.is_last:
                settings.notes = _dedent(comment.text)
        return settings

    def _content(self, raw: _RawSlide) -> _SlideContent:
        """The title, images and column break of the slide's text outside code."""
        content = _SlideContent()
        for number, text in _content_outside_code(raw.content):
            if not content.title and (heading := _HEADING.match(text)):
                content.title = heading.group(1).strip()
            if _COLUMN_BREAK.match(text):
                content.has_column_break = True
            for alt, target in _IMAGE.findall(_strip_code_spans(text)):
                if (image := self._image(alt, target, number)) is not None:
                    content.images.append(image)
        return content

    def _check_columns(self, raw: _RawSlide, layout: Layout, has_column_break: bool) -> None:
        if layout is Layout.TWO_COLUMNS and not has_column_break:
            self.fail(raw.line, Message("a two-columns slide needs a line `|||` between its columns"))
        if has_column_break and layout is not Layout.TWO_COLUMNS:
            self.fail(raw.line, Message("`|||` splits columns only on a slide with `layout: two-columns`"))

    def _image(self, alt: str, target: str, line: int) -> Image | None:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):
            self.fail(line, Message("image {target} is not a file beside the deck: the app works offline",
                                    target=repr(target)))
            return None
        path = (self.folder / target).resolve()
        if not path.is_file():
            self.fail(line, Message("image {target} not found (looked for {file} in {folder}/)", target=repr(target),
                                    file=path.name, folder=path.parent.name))
            return None
        return Image(alt=alt, path=path, line=line)


def _strip_code_spans(line: str) -> str:
    for start, end in reversed(_code_spans(line)):
        line = line[:start] + " " * (end - start) + line[end:]
    return line


def _dedent(text: str) -> str:
    lines = text.strip("\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


# -- front matter --------------------------------------------------------------------

META_KEYS = (
    "title", "subtitle", "duration", "facilitator", "organisation", "date",
    "language", "logo", "signature", "exercises", "handout",
)


def _split_front_matter(lines: list[str], path: Path) -> tuple[list[str], int]:
    """The front matter lines and the line number where the slides begin."""
    if not lines or lines[0].strip() != "---":
        raise FormatError([Problem(path, 1, Message(
            "a deck starts with front matter: a `---` line, then at least `title:` and "
            "`duration:`, then another `---` line",
        ))])
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return lines[1 : number - 1], number + 1
    raise FormatError([Problem(path, 1, Message("the front matter opened here is never closed with a `---` line"))])


FRONT_MATTER = Message("front matter")


class MetaReader:
    """Reads deck-level settings from YAML lines: a Markdown deck's front matter (which
    starts on line 2), or an imported deck's companion file (line 1)."""

    def __init__(self, path: Path, lines: list[str], problems: list[Problem], *,
                 first_line: int = 2, keys: tuple[str, ...] = META_KEYS, what: str = FRONT_MATTER):
        self.path = path
        self.lines = lines
        self.problems = problems
        self.first_line = first_line
        self.keys = keys
        self.what = what

    def line_of(self, key: str) -> int:
        for number, line in enumerate(self.lines, start=self.first_line):
            if re.match(rf"^{re.escape(key)}\s*:", line):
                return number
        return 1

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.line_of(key), message))

    def read(self) -> dict:
        try:
            meta = yaml.safe_load("\n".join(self.lines)) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + self.first_line if mark else 1
            problem = getattr(error, "problem", None) or str(error)
            # YAML's own words, as PyYAML wrote them, inside the sentence.
            raise FormatError([Problem(self.path, line, Message("{what} is not valid YAML: {problem}", what=self.what,
                                                                problem=problem))]) from None
        if not isinstance(meta, dict):
            raise FormatError([Problem(self.path, self.first_line, Message("{what} must be `key: value` lines",
                                                                           what=self.what))])
        for key in meta:
            if key not in self.keys:
                self.fail(str(key), Message("unknown {what} key `{key}`{suggestion}", what=self.what, key=str(key),
                                            suggestion=_suggest(str(key), self.keys)))
        return meta

    def text(self, meta: dict, key: str, *, required: bool = False) -> str:
        value = meta.get(key)
        if value is None:
            if required:
                self.problems.append(Problem(self.path, 1, Message("{what} is missing `{key}`", what=self.what,
                                                                   key=key)))
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
            self.fail(key, Message("`{key}` must be text", key=key))
            return ""
        if bad := first_non_character(str(value)):
            # YAML's "\ud800" escape makes one: no database or PDF can hold it.
            self.fail(key, Message("`{key}` holds {character}, which is not a character", key=key,
                                   character=describe(bad)))
            return ""
        return str(value).strip()

    def file(self, meta: dict, key: str, *, folder: bool = False) -> Path | None:
        value = self.text(meta, key)
        if not value:
            return None
        path = (self.path.parent / value).resolve()
        if not (path.is_dir() if folder else path.is_file()):
            self.fail(key, Message("`{key}`: {value} not found next to the deck", key=key, value=repr(value)))
            return None
        return path

    def duration(self, meta: dict, *, required: bool) -> float | None:
        """The `duration` in minutes; None (a problem noted when required or wrong) if unset."""
        duration = meta.get("duration")
        if duration is None:
            if required:
                self.problems.append(Problem(self.path, 1, Message("{what} is missing `duration` (minutes)",
                                                                   what=self.what)))
            return None
        if isinstance(duration, bool) or not isinstance(duration, (int, float)) or not 0 < duration <= MAX_DURATION:
            self.fail("duration", Message("`duration` must be the length in minutes ({least} to {most}), not {value}",
                                          least="1", most=str(MAX_DURATION), value=repr(duration)))
            return None
        return float(duration)

    def deck_fields(self, meta: dict) -> dict:
        """The Deck fields these settings give, besides title and duration: only those
        set, so that what an imported file says itself stays where they are not."""
        date = meta.get("date")
        if date is not None and not isinstance(date, datetime.date):
            self.fail("date", Message("`date` must be written as YYYY-MM-DD"))
            date = None
        fields = {
            "subtitle": self.text(meta, "subtitle"),
            "facilitator": self.text(meta, "facilitator"),
            "organisation": self.text(meta, "organisation"),
            "date": date,
            "language": self.text(meta, "language"),
            "logo": self.file(meta, "logo"),
            "signature": self.file(meta, "signature"),
            "exercises_folder": self.file(meta, "exercises", folder=True),
            "handout": self.file(meta, "handout"),
        }
        return {name: value for name, value in fields.items() if value}


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        # The system's own words for why.
        raise FormatError([Problem(path, 1, Message("cannot read the deck: {reason}", reason=error.strerror))]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError([Problem(path, line, Message("not UTF-8 text"))]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_deck(path: Path) -> Deck:
    """Read a Markdown deck and check its own rules (exercise ids are checked by `load_workshop`).

    Raises FormatError with every problem found, each with its line. A deck of any kind
    (Markdown, PDF, PowerPoint) is read by `readers.read_deck`.
    """
    path = Path(path)
    lines = _read_text(path).split("\n")
    meta_lines, body_start = _split_front_matter(lines, path)
    problems: list[Problem] = []
    meta_reader = MetaReader(path, meta_lines, problems)
    meta = meta_reader.read()

    title = meta_reader.text(meta, "title", required=True)
    duration = meta_reader.duration(meta, required=True)
    fields = meta_reader.deck_fields(meta)

    raw_slides, unclosed = scan(lines[body_start - 1 :], body_start)
    if unclosed is not None:
        problems.append(Problem(path, unclosed, Message("this comment is never closed with `-->`")))
    # A `---` after the last slide is a common habit; an empty slide anywhere else is a mistake.
    if raw_slides and raw_slides[-1].is_empty:
        raw_slides.pop()
    reader = _SlideReader(path, problems)
    slides = []
    for raw in raw_slides:
        if raw.is_empty:
            problems.append(Problem(path, max(raw.line - 1, 1),
                                    Message("empty slide: two `---` separators with nothing between them")))
            continue
        slides.append(reader.read(raw, len(slides)))
    if not slides and not problems:
        problems.append(Problem(path, body_start, Message("the deck has no slides")))
    if problems:
        raise FormatError(problems)
    return Deck(path=path, title=title, duration=duration or 0.0, slides=tuple(slides), meta=meta, **fields)
