"""The engine's step for a store: states and replies cross it as JSON text, decoded and
encoded once a turn; a state it wrote is answered from without decoding it again."""

import json

from advisor.storage import session
from advisor.storage.session import EngineStep


def test_a_turn_goes_on_from_the_state_the_last_one_wrote(bot):
    first = EngineStep(bot, "tell me about Peirce")
    reply, reply_text, state = first(None)
    assert json.loads(reply_text) == reply and reply["intent"]
    then = EngineStep(bot, "is it online?")
    reply, _, _ = then(state)
    assert "Peirce" in reply["text"]  # the school in focus came through the saved state


def test_a_state_it_wrote_is_not_decoded_again(bot, monkeypatch):
    _, _, state = EngineStep(bot, "tell me about Peirce")(None)
    decoded, loads = [], json.loads
    monkeypatch.setattr(session.json, "loads", lambda text: decoded.append(text) or loads(text))
    EngineStep(bot, "is it online?")(state)
    assert decoded == []
    session._STATES._kept.clear()  # another worker's state: read from its text
    reply, _, _ = EngineStep(bot, "is it online?")(state)
    assert decoded == [state] and "Peirce" in reply["text"]


def test_a_state_another_version_saved_starts_afresh(bot):
    reply, _, state = EngineStep(bot, "how much do they earn")(json.dumps({"version": -1}))
    assert reply["intent"] and json.loads(state)["turns"] == 1


def test_the_kept_states_are_bounded(bot, monkeypatch):
    monkeypatch.setattr(session, "_STATES", session._States(size=3))
    saved = None
    for question in ("hello", "how much do they earn", "tell me about Peirce", "is it online?", "thanks"):
        _, _, saved = EngineStep(bot, question)(saved)
    assert len(session._STATES._kept) == 3 and saved in session._STATES._kept
