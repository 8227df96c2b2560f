"""Decks made in other tools (a PDF, a PowerPoint file), as their readers find them.

Each reader turns its file into a `SourceDeck`: the pages to draw and, per slide, the
title and the notes its author wrote. What Facilitator adds to them (planned minutes,
the exercise a slide runs, its layout) is read from those notes and from a companion
file beside the deck, the same way for every source, so a reader only reads its format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from .deck import (
    META_KEYS, SETTING_KEYS, Deck, Layout, MetaReader, Place, SettingReader, Slide, SlideSettings,
)
from .errors import FormatError, Problem
from .translation import Message


@dataclass(frozen=True)
class SourceSlide:
    """One slide as the trainer's own tool numbers and shows it."""

    number: int  # 1-based: PowerPoint's slide number, a PDF's frame (its page label)
    pages: tuple[int, ...]  # 0-based pages of `SourceDeck.page_file`, shown in turn
    title: str  # "" when the file gives none
    notes: str  # the speaker notes as written, setting lines still in them


@dataclass(frozen=True)
class SourceDeck:
    """An imported file, read: what to draw and what its author wrote beside it."""

    path: Path  # the file the trainer opened
    page_file: Path  # the PDF whose pages are drawn (the file itself, or its conversion)
    title: str  # from the file's metadata; "" when it has none
    slides: tuple[SourceSlide, ...]  # hidden slides already left out
    duration: float | None = None  # minutes, when the file says (a pdfpc file does)


# -- what Facilitator adds: setting lines in the notes, the companion file ----------------

# The companion file beside a deck: `talk.facilitator.yaml` for `talk.pdf` or `talk.pptx`.
COMPANION_SUFFIX = ".facilitator.yaml"
COMPANION_KEYS = (*META_KEYS, "slides", "insert")
# A setting line holds one key and a one-word value, so that a note's own sentence
# ("Exercise: ask who has posted today") stays a note. Keys in any case: PowerPoint
# capitalises the first word of a line as it is typed.
_SETTING_LINE = re.compile(rf"^\s*({'|'.join(SETTING_KEYS)})\s*:\s*(\S+)\s*$", re.IGNORECASE)


# A YAML example inside a sentence: its braces are YAML's, not a message's placeholder.
INSERT_EXAMPLE = "`- {after: 6, exercise: my-quiz}`"


def companion_path_for(deck: Path) -> Path:
    return Path(deck).with_suffix(COMPANION_SUFFIX)


@dataclass(frozen=True)
class SettingLine:
    key: str  # lower case
    value: str
    text: str  # the line as written


def split_setting_lines(notes: str) -> tuple[list[SettingLine], str]:
    """A note's setting lines, and the note without them (what the presenter reads)."""
    settings, kept = [], []
    for line in re.split(r"\r\n|[\r\n\v]", notes):
        if match := _SETTING_LINE.match(line):
            settings.append(SettingLine(match.group(1).lower(), match.group(2), line.strip()))
        else:
            kept.append(line)
    return settings, "\n".join(kept).strip()


def read_setting_lines(settings: list[SettingLine], fail: Callable[[str], None]) -> SlideSettings:
    """What a note's setting lines set, each problem's message given to `fail`."""
    found = SlideSettings()
    reader = SettingReader(lambda _line, message: fail(message))
    for setting in settings:
        reader.setting(found, 0, setting.key, setting.value)
    return found


@dataclass
class _CompanionSlide:
    settings: SlideSettings
    lines: dict[str, int]  # the line of each key set


@dataclass
class _Insert:
    after: int  # the slide it follows, 0 for before the first
    slide: _CompanionSlide
    line: int


@dataclass
class _Companion:
    """What the companion file sets: deck fields, slides' settings, inserted exercises."""

    path: Path
    meta: dict = field(default_factory=dict)
    title: str = ""
    duration: float | None = None
    fields: dict = field(default_factory=dict)
    slides: dict[int, _CompanionSlide] = field(default_factory=dict)
    inserts: list[_Insert] = field(default_factory=list)


class _CompanionReader:
    def __init__(self, path: Path, numbers: set[int], problems: list[Problem]):
        self.path = path
        self.numbers = numbers  # the slides' numbers (a hidden PowerPoint slide's is not)
        self.problems = problems

    def fail(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def read(self) -> _Companion:
        companion = _Companion(self.path)
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return companion
        except (OSError, UnicodeDecodeError) as error:
            # The system's (or the decoder's) own words for why.
            raise FormatError([Problem(self.path, 1, Message("cannot read the companion file: {reason}",
                                                             reason=str(error)))]) from None
        lines = text.replace("\r\n", "\n").split("\n")
        reader = MetaReader(self.path, lines, self.problems, first_line=1, keys=COMPANION_KEYS,
                            what=Message("companion file"))
        meta = companion.meta = reader.read()
        self.lines = _yaml_lines(text)
        companion.title = reader.text(meta, "title")
        companion.duration = reader.duration(meta, required=False)
        companion.fields = reader.deck_fields(meta)
        slides = meta.get("slides") or {}
        if not isinstance(slides, dict):
            self.fail(reader.line_of("slides"), Message("`slides` maps slide numbers to their settings: {example}",
                                                        example="`4: {exercise: my-poll}`"))
            slides = {}
        for number, settings in slides.items():
            line = self.lines.get(("slides", str(number)), 1)
            if self._slide_number(number, line, lowest=1) is not None:
                companion.slides[number] = self._settings(settings, ("slides", str(number)), line)
        inserts = meta.get("insert") or []
        if not isinstance(inserts, list):
            self.fail(reader.line_of("insert"), Message("`insert` is a list: {example}", example=INSERT_EXAMPLE))
            inserts = []
        for position, entry in enumerate(inserts):
            companion.inserts.extend(self._insert(entry, position))
        return companion

    def _slide_number(self, number: object, line: int, *, lowest: int) -> int | None:
        if number not in self.numbers | {lowest} or isinstance(number, bool):
            # Slide numbers as digits: the trainer's own tool shows them so.
            self.fail(line, Message("{number} is not a slide of the deck: its slides are {first} to {last}",
                                    number=repr(number), first=str(lowest), last=str(max(self.numbers))))
            return None
        return number

    def _settings(self, entry: object, where: tuple, line: int, *, besides: tuple[str, ...] = ()) -> _CompanionSlide:
        found = _CompanionSlide(SlideSettings(), {})
        if not isinstance(entry, dict):
            self.fail(line, Message("a slide's settings are `key: value` pairs of {keys}", keys=", ".join(SETTING_KEYS)))
            return found
        setting_reader = SettingReader(self.fail)
        for key, value in entry.items():
            if key in besides:
                continue
            key_line = found.lines[str(key)] = self.lines.get((*where, str(key)), line)
            if isinstance(value, (dict, list)) or value is None:
                self.fail(key_line, Message("`{key}` takes one value, as in `{key}: ...`", key=str(key)))
                continue
            setting_reader.setting(found.settings, key_line, str(key), str(value))
        return found

    def _insert(self, entry: object, position: int) -> list[_Insert]:
        line = self.lines.get(("insert", position), 1)
        if not isinstance(entry, dict) or "after" not in entry or "exercise" not in entry:
            self.fail(line, Message("an inserted slide names the slide it follows and its exercise: {example}",
                                    example=INSERT_EXAMPLE))
            return []
        after = self._slide_number(entry["after"], self.lines.get(("insert", position, "after"), line), lowest=0)
        slide = self._settings(entry, ("insert", position), line, besides=("after",))
        return [] if after is None else [_Insert(after, slide, line)]


def _yaml_lines(text: str) -> dict[tuple, int]:
    """The line (from 1) of each key and list item of a YAML text, by its path of keys
    (as written) and list positions: ("slides", "4", "exercise") -> 7."""
    found: dict[tuple, int] = {}

    def walk(node: yaml.Node, where: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                found[(*where, key.value)] = key.start_mark.line + 1
                walk(value, (*where, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                found[(*where, position)] = item.start_mark.line + 1
                walk(item, (*where, position))

    root = yaml.compose(text)
    if root is not None:
        walk(root, ())
    return found


def _from_notes(source: SourceDeck, slide: SourceSlide, problems: list[Problem]) -> tuple[SlideSettings, str]:
    """The settings a slide's notes set, and the notes without them."""
    setting_lines, notes = split_setting_lines(slide.notes)
    place = Place(source.path, slide=slide.number)
    return read_setting_lines(setting_lines, lambda message: problems.append(place.problem(message))), notes


def _combined(notes: SlideSettings, companion: _CompanionSlide | None) -> SlideSettings:
    """A slide's settings: the companion file's wins over a notes line for the same key,
    so one template deck serves sessions that each want their own polls."""
    if companion is None:
        return notes
    chosen = companion.settings
    return SlideSettings(
        minutes=chosen.minutes if "minutes" in chosen.keys_set else notes.minutes,
        exercise_id=chosen.exercise_id if "exercise" in chosen.keys_set else notes.exercise_id,
        layout=chosen.layout if "layout" in chosen.keys_set else notes.layout,
        keys_set=chosen.keys_set | notes.keys_set,
    )


def _place_of(key: str, companion: _Companion, entry: _CompanionSlide | None, otherwise: Place) -> Place:
    """Where a slide's setting was written: its companion file entry's line, else `otherwise`."""
    if entry is not None and key in entry.lines:
        return Place(companion.path, entry.lines[key])
    return otherwise


def deck_from_source(source: SourceDeck) -> Deck:
    """The deck an imported file makes, with the settings of its notes and its companion
    file. FormatError lists every problem, with the slide or the companion file's line."""
    problems: list[Problem] = []
    numbers = {slide.number for slide in source.slides}
    companion = _CompanionReader(companion_path_for(source.path), numbers, problems).read()
    slides: list[Slide] = []
    places: dict[int, Place] = {}

    def add(number: int, pages: tuple[int, ...], title: str, notes: str, settings: SlideSettings,
            entry: _CompanionSlide | None, otherwise: Place) -> None:
        index = len(slides)
        if settings.layout is Layout.TWO_COLUMNS:
            # The trainer's own page is drawn as it is: it has no columns to lay out.
            problems.append(_place_of("layout", companion, entry, otherwise).problem(
                Message("`layout: two-columns` is for Markdown slides only")))
        if settings.exercise_id:
            places[index] = _place_of("exercise", companion, entry, otherwise)
        slides.append(Slide(
            index=index, line=number, body=f"# {title}" if title else "", notes=notes, title=title,
            minutes=settings.minutes, exercise_id=settings.exercise_id, layout=settings.layout,
            exercise_line=number, pages=pages,
        ))

    def add_inserts(after: int) -> None:
        for insert in companion.inserts:
            if insert.after == after:
                add(after, (), "", "", insert.slide.settings, insert.slide, Place(companion.path, insert.line))

    add_inserts(0)
    for slide in source.slides:
        from_notes, notes = _from_notes(source, slide, problems)
        entry = companion.slides.get(slide.number)
        add(slide.number, slide.pages, slide.title, notes, _combined(from_notes, entry), entry,
            Place(source.path, slide=slide.number))
        add_inserts(slide.number)
    if problems:
        raise FormatError(problems)
    planned = sum(s.minutes or 0 for s in slides)
    duration = companion.duration or source.duration or planned or None
    return Deck(
        path=source.path,
        title=companion.title or source.title or source.slides[0].title or source.path.stem,
        duration=duration or float(len(slides)),
        slides=tuple(slides),
        page_file=source.page_file,
        meta=companion.meta,
        exercise_places=places,
        duration_assumed=duration is None,
        **companion.fields,
    )
