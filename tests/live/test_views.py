"""The phones' and the remote's JSON: each kind through its entry, the same counts as
the presenter's window."""

from facilitator.core.exercise import Kind
from facilitator.core.session import LiveSession
from facilitator.core.workshop import load_workshop
from facilitator.live import views
from facilitator.live.views import phone_state, trainer_state
from facilitator.ui.controller import PresenterController


class Silent:
    def __getattr__(self, name):
        return lambda *args: None


def test_every_kind_has_its_json():
    assert set(views.KIND_VIEWS) == set(Kind)


def test_after_hiding_one_of_two_posts_every_view_counts_one_person(session, open_poll):
    poll = open_poll("ideas")
    ana, bo = session.join("Ana"), session.join("Bo")
    session.post(ana.token, poll.id, "Keep it")
    session.moderate(session.post(bo.token, poll.id, "Rude").id, hidden=True)
    controller = PresenterController(session, "http://127.0.0.1:8765/X", Silent(), Silent())
    scene = controller.scene(session.current_slide)
    counts = {
        "phones": phone_state(session)["poll"]["responses"],
        "remote": trainer_state(session)["poll"]["responses"],
        "presenter": controller.live_status().responses,
        "projector": scene.poll.responses,
    }
    assert counts == dict.fromkeys(counts, 1)
    # The remote still lists the hidden post among the newest, so the trainer can bring it back.
    newest = trainer_state(session)["poll"]["newest"]
    assert [(i["text"], i["hidden"]) for i in newest] == [("Rude", True), ("Keep it", False)]


MARKDOWN_TITLES = """\
---
title: Privacy *at* work
duration: 2
---

# Which one holds \\*us\\* back *most*?

---

# [The `checklist`](https://example.org) &amp; **you**
"""


def test_titles_go_to_phones_and_the_remote_as_plain_text(write_files, fresh_store, clock):
    deck = write_files({"slides/md.md": MARKDOWN_TITLES}) / "slides" / "md.md"
    session = LiveSession.start(fresh_store, load_workshop(deck), clock)
    phone, trainer = phone_state(session), trainer_state(session)
    assert phone["title"] == trainer["title"] == "Privacy at work"
    assert phone["slide"]["title"] == trainer["slide"]["title"] == "Which one holds *us* back most?"
    assert trainer["slide"]["next_title"] == "The checklist & you"
