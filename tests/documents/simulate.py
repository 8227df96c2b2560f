"""A realistic run of a workshop, for the documents' tests and benchmark.

`run_session` plays a whole session on a ManualClock: people join, every poll of the deck
is opened in slide order, answered by most of the room (quizzes against the clock), ideas
and questions are posted and upvoted, a few posts are hidden, and the session ends.
Seeded, so the same arguments always give the same session.
"""

from __future__ import annotations

import random

from facilitator.core.clock import ManualClock
from facilitator.core.exercise import (
    BoardExercise, ChoiceExercise, Kind, QuizExercise, ScaleExercise, WordCloudExercise,
)
from facilitator.core.session import LiveSession
from facilitator.core.store import Store
from facilitator.core.workshop import Workshop

NAMES = [
    "Amélie Dubois", "Jonas Weiß", "Siobhán Ní Bhriain", "Łukasz Kowalski", "Νίκος Παπαδόπουλος",
    "Анна Смирнова", "王芳", "佐藤 花子", "김민준", "محمد العلي", "נועה כהן", "Priya Raman",
    "José María García", "Ömer Yılmaz", "Chloé Martin", "Tomasz Nowak", "Fatima Zahra",
    "Olumide Adeyemi", "Mei Lin", "Sören Lindqvist", "Ana Lúcia Souza", "David O'Connor",
    "Hannah Becker", "Kwame Mensah", "Isabel Ortiz", "Raj Patel", "Zoë van der Berg",
    "Mateo Rossi", "Aiko Tanaka", "Björn Ólafsson",
]

WORDS = [
    "curious", "nervous", "excited", "cautious", "overwhelmed", "hopeful", "useful", "risky",
    "fun", "essential", "confused", "Curious", "engaged", "sceptical", "busy", "connected",
    "opportunity", "noise", "careful", "inspired",
]

IDEAS = [
    "Write a one-page posting guide for the sales team.",
    "Agree who answers customer complaints we spot online, and tell everyone.",
    "Send a monthly tips email with three good posts from colleagues.",
    "Go through the privacy settings checklist at the next team meeting.",
    "Start a shared wiki page of dos and don'ts for posting about work.",
    "Run a lunch-and-learn for the warehouse and event staff.",
    "Ask our ten biggest customers which platforms they actually use.",
    "Check the background of every photo before it goes on LinkedIn.",
    "Set up a task team with one keen person from each department.",
    "Give the leadership team a 15-minute briefing on risks and opportunities.",
    "Pick one business result to measure our posts against.",
    "Add a quick quiz on what is OK to post to the new starters' induction.",
    "List our company accounts and who holds each password.",
    "Pass customer questions we see online to the support team within a day.",
    "Book a follow-up check-in a month after this session.",
    "Share the key messages for the trade fair with the temporary staff.",
    "Follow our three main competitors on LinkedIn and share what we learn.",
    "Ask HR to add the social media policy to the staff handbook.",
    "Pair each new starter with a colleague who posts well for us.",
    "Collect questions people are afraid to ask and answer them in the newsletter.",
    "Make a short video on how to spot a phishing message in DMs.",
    "Write plain-language answers to 'what am I allowed to say?'",
    "Put a 'think before you post' reminder in the office kitchen.",
    "Celebrate a good post by a colleague at the Monday meeting.",
    "Hold a 10-minute 'post of the week' review in each team.",
    "Ask legal for a one-paragraph summary of what we must never share.",
    "Try one week of listening: note what customers say about us online.",
    "Invite the social media team to our next department meeting.",
    "Decide what the company will do when an employee's post goes wrong.",
    "Create a shared folder of approved photos and logos.",
    "Run the readiness questions again in six months and compare.",
    "Offer a voluntary drop-in hour for anyone who wants help with LinkedIn.",
    "Ask senior leaders to share one company post each month.",
    "Write down who approves posts about clients, and how fast.",
    "Teach the team to report, not argue, when a customer complains publicly.",
    "Make the intro training mandatory and the advanced sessions optional.",
    "Tie our training to a hobby or goal people already have.",
    "Track how many colleagues share company news, once a quarter.",
    "Translate the posting guide for our colleagues abroad.",
    "Set a rule: no photos in the meeting rooms with whiteboards.",
]

QUESTIONS = [
    "Can I mention a client by name if they posted about us first?",
    "Who do I tell if I see something worrying about us online?",
    "Is it OK to share job adverts from my personal account?",
    "Do we have an approved photo library for posts?",
    "What happens if I make a mistake in a post?",
]


def idea_texts(count: int, rng: random.Random) -> list[str]:
    """`count` different ideas that read like the ones a room posts (past the 40 written
    ones, the same ideas again for other teams)."""
    texts = []
    for n in range(count):
        text = IDEAS[n % len(IDEAS)]
        if n >= len(IDEAS):
            text = f"{text.rstrip('.')} (team {n // len(IDEAS) + 1})."
        texts.append(text)
    rng.shuffle(texts)
    return texts


def run_session(
    store: Store, workshop: Workshop, *, attendees: int = 30, ideas: int = 40,
    hidden: int = 2, seed: int = 7, clock: ManualClock | None = None, end: bool = True,
) -> LiveSession:
    rng = random.Random(seed)
    clock = clock or ManualClock()
    session = LiveSession.start(store, workshop, clock)
    people = []
    for n in range(attendees):
        name = NAMES[n % len(NAMES)] + ("" if n < len(NAMES) else f" {n // len(NAMES) + 1}")
        people.append(session.join(name))
        clock.advance(rng.uniform(1, 8))
    tokens = [p.token for p in people]
    posted_ideas = iter(idea_texts(ideas, rng))
    ideas_left = ideas

    for slide in workshop.deck.slides:
        clock.advance(rng.uniform(30, 120))
        session.go_to_slide(slide.index)
        exercise = workshop.exercise_on(slide.index)
        if exercise is None or session.poll_for_exercise(exercise.id) is not None:
            continue
        poll = session.open_poll_for()
        answering = [t for t in tokens if rng.random() < 0.9] or tokens[:1]
        if isinstance(exercise, BoardExercise):
            texts = (
                [next(posted_ideas) for _ in range(ideas_left)] if exercise.kind is Kind.IDEAS
                else QUESTIONS
            )
            if exercise.kind is Kind.IDEAS:
                ideas_left = 0
            items = []
            for i, text in enumerate(texts):
                items.append(session.post(tokens[i % len(tokens)], poll.id, text))
                clock.advance(rng.uniform(0.5, 5))
            for item in items:
                # A few ideas catch on, most get a handful of upvotes.
                appeal = rng.betavariate(0.7, 3)
                for token in tokens:
                    if rng.random() < appeal and session.attendee(token).id != item.attendee_id:
                        session.upvote(token, item.id)
            for item in items[:hidden] if exercise.kind is Kind.IDEAS else ():
                session.moderate(item.id, hidden=True)
        elif isinstance(exercise, QuizExercise):
            for token in answering:
                right = rng.random() < 0.65
                answer = list(exercise.correct) if right else [
                    rng.choice([i for i in range(len(exercise.options)) if i not in exercise.correct])
                ]
                clock.advance(rng.uniform(0.1, 0.6))
                session.respond(token, poll.id, answer)
        else:
            for token in answering:
                session.respond(token, poll.id, _answer(exercise, rng))
                clock.advance(rng.uniform(0.2, 3))
        session.reveal_results(poll.id)
        session.close_poll(poll.id)
    if end:
        session.end()
    return session


def _answer(exercise, rng: random.Random):
    if isinstance(exercise, ChoiceExercise):
        weights = [1 + (i * 7919 % 5) for i in range(len(exercise.options))]
        if exercise.kind is Kind.SINGLE_CHOICE:
            return rng.choices(range(len(exercise.options)), weights)[0]
        k = rng.randint(1, min(exercise.max_choices, 3))
        return sorted(rng.sample(range(len(exercise.options)), k))
    if isinstance(exercise, ScaleExercise):
        def rating():
            middle = (exercise.min + exercise.max) / 2 + rng.uniform(-0.5, 1.2)
            return max(exercise.min, min(exercise.max, round(rng.gauss(middle, 1))))
        return [rating() for _ in exercise.statements] if exercise.statements else rating()
    assert isinstance(exercise, WordCloudExercise)
    return rng.sample(WORDS, rng.randint(1, min(exercise.max_entries, 2)))
