"""A workshop: a deck together with the exercises its slides run, checked as one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .curated import CuratedContent, load_curated
from .deck import Deck
from .errors import FormatError, Problem
from .imported import companion_path_for
from .exercise import EXERCISE_ID, Exercise, ExerciseLibrary, Kind
from .paths import EXERCISES_DIR, HANDOUT_CONTENT
from .readers import read_deck
from .text import joined
from .translation import SOURCE_LOCALE, Message, Translator, language_codes, language_tag, plural_message, speaks, translator


@dataclass(frozen=True)
class Workshop:
    deck: Deck
    exercises: dict[str, Exercise]  # by id, in the order the deck runs them
    curated: CuratedContent

    @property
    def title(self) -> str:
        return self.deck.title

    def exercise_on(self, slide_index: int) -> Exercise | None:
        exercise_id = self.deck.slides[slide_index].exercise_id
        return self.exercises[exercise_id] if exercise_id else None

    def summary(self) -> "WorkshopSummary":
        deck = self.deck
        # An exercise inserted between an imported deck's pages has no notes of its own.
        noted = [s for s in deck.slides if s.pages or deck.page_file is None]
        return WorkshopSummary(
            title=deck.title,
            slides=len(deck.slides),
            planned_minutes=deck.planned_minutes,
            duration=deck.duration,
            slides_without_minutes=sum(1 for s in deck.slides if s.minutes is None),
            slides_without_notes=sum(1 for s in noted if not s.notes),
            has_join_slide=any(s.layout.value == "join" for s in deck.slides),
            exercises_by_kind=Counter(e.kind for e in self.exercises.values()),
            curated_ideas=len(self.curated.ideas),
            resources=len(self.curated.resources),
            pages=sum(len(s.pages) for s in deck.slides),
            duration_assumed_for=companion_path_for(deck.path).name if deck.duration_assumed else "",
            language=deck.language,
        )


@dataclass(frozen=True)
class WorkshopSummary:
    title: str
    slides: int
    planned_minutes: float
    duration: float
    slides_without_minutes: int
    slides_without_notes: int
    has_join_slide: bool
    exercises_by_kind: Counter
    curated_ideas: int
    resources: int
    pages: int = 0  # an imported deck's pages; 0 for a Markdown deck
    # No duration given: the companion file where one would be set; else "".
    duration_assumed_for: str = ""
    language: str = SOURCE_LOCALE  # the deck's, a BCP-47 tag

    @property
    def warnings(self) -> list[str]:
        """Things worth fixing that do not stop the workshop from running (Messages)."""
        found = []
        if self.duration_assumed_for:
            found.append(Message("no duration is given: one minute per slide is assumed; set `duration` in {file}",
                                 file=self.duration_assumed_for))
        if abs(self.planned_minutes - self.duration) > 0.01:
            found.append(Message("planned minutes ({planned}) differ from the duration ({duration})",
                                 planned=self.planned_minutes, duration=self.duration))
        if self.slides_without_minutes:
            found.append(plural_message("{count} slide has no planned minutes", "{count} slides have no planned minutes",
                                        self.slides_without_minutes))
        if self.slides_without_notes:
            found.append(plural_message("{count} slide has no speaker notes", "{count} slides have no speaker notes",
                                        self.slides_without_notes))
        if self.exercises_by_kind and not self.has_join_slide:
            found.append(Message("the deck runs exercises but has no join slide (layout: join)"))
        if self.language and not speaks(self.language):
            found.append(Message(
                "the deck's language {language} has no catalogue: its certificates and handout"
                " print in English. Languages there are: {languages}", language=self.language,
                languages=", ".join(language_tag(code) for code in language_codes()),
            ))
        return found

    def lines(self, words: Translator | None = None) -> list[str]:
        """The summary as `facilitator check` prints it, in the language of `words`
        (English by default); the deck's title as its author wrote it."""
        exercises = sum(self.exercises_by_kind.values())
        by_kind = [Message("{count} {kind}", count=count, kind=kind.label)
                   for kind in Kind if (count := self.exercises_by_kind.get(kind))]
        said = [
            plural_message("slides: {slides} ({count} page)", "slides: {slides} ({count} pages)", self.pages,
                           slides=self.slides) if self.pages else Message("slides: {count}", count=self.slides),
            Message("planned: {planned} of {duration} minutes", planned=self.planned_minutes, duration=self.duration),
            Message("exercises: {count} ({kinds})", count=exercises, kinds=joined(by_kind)) if by_kind
            else Message("exercises: {count}", count=exercises),
            Message("handout: {ideas}, {resources}",
                    ideas=plural_message("{count} curated idea", "{count} curated ideas", self.curated_ideas),
                    resources=plural_message("{count} resource", "{count} resources", self.resources)),
            *(Message("warning: {warning}", warning=warning) for warning in self.warnings),
        ]
        words = words if words is not None else translator(SOURCE_LOCALE)
        return [self.title, *("  " + words.say(line) for line in said)]


def exercises_folder_for(deck: Deck) -> Path:
    """The deck's own setting, else `exercises/` beside the deck, else beside its folder
    (a workshop's `slides/` and `exercises/`), else the shipped exercises: a deck saved
    anywhere can run them by id."""
    if deck.exercises_folder is not None:
        return deck.exercises_folder
    for folder in (deck.path.parent / "exercises", deck.path.parent.parent / "exercises"):
        if folder.is_dir():
            return folder
    return EXERCISES_DIR


def load_workshop(deck_path: Path) -> Workshop:
    """Load a deck, every exercise it uses and its handout content.

    FormatError lists every problem in all the files together.
    """
    deck = read_deck(deck_path)
    library = ExerciseLibrary(exercises_folder_for(deck))
    problems: list[Problem] = []
    exercises: dict[str, Exercise] = {}
    broken: set[str] = set()
    for slide in deck.slides:
        exercise_id = slide.exercise_id
        if exercise_id is None or exercise_id in exercises or exercise_id in broken:
            continue
        if not EXERCISE_ID.match(exercise_id) or not library.exists(exercise_id):
            problems.append(deck.exercise_place(slide).problem(Message(
                "unknown exercise {id}: no file {file} in {folder}/", id=repr(exercise_id),
                file=f"{exercise_id}.toml", folder=library.folder.name,
            )))
            continue
        try:
            exercises[exercise_id] = library.get(exercise_id)
        except FormatError as error:
            broken.add(exercise_id)
            problems.extend(error.problems)
    try:
        curated = load_curated(deck.handout or HANDOUT_CONTENT)
    except FormatError as error:
        problems.extend(error.problems)
    if problems:
        raise FormatError(problems)
    return Workshop(deck=_inserted_slides_titled(deck, exercises), exercises=exercises, curated=curated)


def _inserted_slides_titled(deck: Deck, exercises: dict[str, Exercise]) -> Deck:
    """An exercise inserted between an imported deck's pages, titled by its exercise: the
    remote and the phones name the slide shown by its title."""
    if deck.page_file is None:
        return deck
    slides = tuple(
        slide if slide.pages else replace(
            slide, title=(title := exercises[slide.exercise_id].title), body=f"# {title}")
        for slide in deck.slides
    )
    return replace(deck, slides=slides)
