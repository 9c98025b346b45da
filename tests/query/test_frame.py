"""Frames and constraints (query/frame.py): a correction replaces one kind of constraint,
the words an answer says them in, and their saved form."""

from advisor.query.frame import Constraints, Frame, Operation


def test_a_correction_replaces_one_kind_and_keeps_the_rest():
    online_in_texas = Constraints(states=("Texas",), online=True)
    moved = online_in_texas.replaced_by(Constraints(states=("Kansas", "Ohio")))
    assert moved == Constraints(states=("Kansas", "Ohio"), online=True)
    assert moved.words() == "online in Kansas or Ohio"
    assert Constraints(states=("Iowa", "Ohio"), region="the Midwest").words() == "in the Midwest"


def test_constraints_are_saved_and_restored():
    c = Constraints(states=("Texas",), online=True, near="Dallas, Texas", point=(32.8, -96.8))
    assert Constraints.from_dict(c.to_dict()) == c
    assert not Constraints() and c


def test_a_frame_describes_itself_for_why():
    f = Frame("schools", "tuition", Operation.NTH, position=2, constraints=Constraints(online=True), carried=True)
    assert f.describe() == "nth tuition of schools [position=2; online, kept from before]"
    assert f.to_dict()["operation"] == "nth"
