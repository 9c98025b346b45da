"""The frame of a clause (dialogue/framing.py) on the toy pack: the operation and attribute
its intent declares, the count and position its words add, and the constraints it says or
keeps from the question before."""

from advisor.query.frame import Operation


def frame(conv, text):
    reply = conv.ask(text)
    return reply, reply.explanation.frame


def test_an_intent_declares_its_operation_and_attribute(toy):
    reply, f = frame(toy.conversation(), "which school is cheapest")
    assert reply.intent == "cheapest"
    assert (f.operation, f.attribute, f.subject) == (Operation.MIN, "tuition", "schools")


def test_a_number_with_a_superlative_asks_for_the_top_n(toy):
    reply, f = frame(toy.conversation(), "the 2 cheapest schools")
    assert (f.operation, f.count) == (Operation.TOP_N, 2)
    assert reply.table is not None and [row[0] for row in reply.table.rows] == ["Harbor Academy", "Cliffside Institute"]


def test_an_ordinal_asks_for_the_nth(toy):
    reply, f = frame(toy.conversation(), "second cheapest school")
    assert (f.operation, f.position) == (Operation.NTH, 2)
    assert reply.entities == {} and "Cliffside Institute" in reply.text


def test_states_are_any_of(toy):
    _, f = frame(toy.conversation(), "cheapest school in Maine or Oregon")
    assert f.constraints.states == ("Maine", "Oregon")


def test_a_follow_up_keeps_the_constraints_in_force(toy):
    conv = toy.conversation()
    first, f = frame(conv, "cheapest online school")
    assert f.constraints.online and not f.carried
    _, g = frame(conv, "and the second cheapest?")
    assert g.constraints.online and g.carried
    assert (g.operation, g.position) == (Operation.NTH, 2)


def test_a_question_that_names_its_subject_asks_afresh(toy):
    conv = toy.conversation()
    frame(conv, "cheapest online school")
    _, f = frame(conv, "which school is cheapest")
    assert not f.constraints and not f.carried


def test_constraints_are_kept_only_after_a_question_over_a_table(toy):
    conv = toy.conversation()
    frame(conv, "cheapest online school")
    frame(conv, "how much do they earn")
    _, f = frame(conv, "and the cheapest?")
    assert not f.carried


def test_the_constraints_in_force_survive_a_save_and_restore(toy):
    from advisor import Conversation

    conv = toy.conversation()
    frame(conv, "cheapest online school")
    restored = Conversation.from_dict(toy, conv.to_dict())
    _, f = frame(restored, "and the second cheapest?")
    assert f.carried and f.constraints.online


def test_a_question_not_understood_has_no_operation(toy):
    _, f = frame(toy.conversation(), "zorbly wibble")
    assert f.operation is Operation.NONE and f.attribute is None


def test_the_frame_is_in_the_json_reply(toy):
    data = toy.conversation().ask("the 2 cheapest schools").to_dict()
    assert data["explanation"]["frame"]["operation"] == "top_n"
    assert data["explanation"]["frame"]["count"] == 2


def test_how_far_measures_from_the_place_named(toy):
    from advisor.nlu.places import miles

    reply, f = frame(toy.conversation(), "how far is Harbor from Boston")
    assert f.operation is Operation.DISTANCE and f.constraints.near == "Boston, Massachusetts"
    expected = miles(f.constraints.point, toy.pack.places.point("Portland", "Maine"))
    assert 80 < expected < 120  # Boston to Portland, Maine
    assert f"about {expected:,.0f} miles from Boston" in reply.text


def test_where_is_without_a_distance_word_is_a_lookup(toy):
    reply, f = frame(toy.conversation(), "where is Harbor")
    assert f.operation is Operation.LOOKUP and "miles" not in reply.text
