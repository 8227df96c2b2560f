"""The phones' and the remote's JSON: each kind through its entry, the same counts as
the presenter's window."""

from facilitator.core.exercise import Kind
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
