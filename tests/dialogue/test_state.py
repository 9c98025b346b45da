"""The dialogue state: plain JSON in and out, refused when it is not a saved state."""

import json

import pytest

from advisor.dialogue.state import DialogueState, Pending
from advisor.errors import StateError


def test_round_trip_through_json():
    state = DialogueState(
        last_intent="salary",
        schools=("A",),
        percentile=("top", 10),
        pending=Pending("school", ("A", "B"), "q", "x"),
        home_state="Kansas",
        budget=15000,
        wants_online=True,
        turns=3,
    )
    assert DialogueState.from_dict(json.loads(json.dumps(state.to_dict()))) == state


@pytest.mark.parametrize(
    "data", [None, [], {"version": 0}, {"version": 1, "nonsense": 1}, {"version": 1, "percentile": "top"}]
)
def test_bad_data_is_refused(data):
    with pytest.raises(StateError):
        DialogueState.from_dict(data)
