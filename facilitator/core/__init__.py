"""The workshop's model and rules: decks, exercises, the session store and state machine.

Nothing here imports Qt or a web framework; the UI and the phone server are views and
controllers of :class:`facilitator.core.session.LiveSession`.
"""
