"""The schools table (query/schools.py) on the toy pack's two schools: Harbor Academy
(Portland, Maine; $9,000; online) and Cliffside Institute (Newport, Oregon; $12,500)."""

from advisor.query.frame import Constraints
from advisor.query.schools import by_distance, by_tuition, nth, select


def names(schools):
    return [s.name for s in schools]


def test_select_by_states_as_any_of_and_online(toy):
    schools = toy.pack.knowledge.schools
    assert names(select(schools, Constraints(states=("Oregon", "Maine")))) == ["Harbor Academy", "Cliffside Institute"]
    assert names(select(schools, Constraints(states=("Oregon",)))) == ["Cliffside Institute"]
    assert names(select(schools, Constraints(online=True))) == ["Harbor Academy"]
    assert select(schools, Constraints(states=("Oregon",), online=True)) == []


def test_order_by_tuition_both_ways_and_pick(toy):
    schools = toy.pack.knowledge.schools
    assert names(by_tuition(schools)) == ["Harbor Academy", "Cliffside Institute"]
    dearest_first = by_tuition(schools, descending=True)
    assert names(dearest_first) == ["Cliffside Institute", "Harbor Academy"]
    assert nth(dearest_first, 2).name == "Harbor Academy" and nth(dearest_first, -1).name == "Harbor Academy"
    assert nth(dearest_first, 3) is None


def test_order_by_distance(toy):
    places = toy.pack.places
    boston = places.point("Boston", "Massachusetts")
    seattle = places.point("Seattle", "Washington")
    schools = toy.pack.knowledge.schools
    assert names(by_distance(schools, boston, places.point))[0] == "Harbor Academy"
    assert names(by_distance(schools, seattle, places.point))[0] == "Cliffside Institute"


def test_miles_to_a_school_needs_its_city(toy):
    from advisor.query.schools import miles_to

    places = toy.pack.places
    harbor = toy.pack.knowledge.school("Harbor Academy")
    boston = places.point("Boston", "Massachusetts")
    assert 80 < miles_to(harbor, boston, places.point) < 120
    cityless = type(harbor)(name="Nowhere College", tuition=1, state="Maine")
    assert miles_to(cityless, boston, places.point) is None


def test_a_tuition_range_narrows_the_rows(bot):
    from advisor.query.frame import Constraints
    from advisor.query.schools import select

    schools = bot.pack.knowledge.schools
    over = {s.name for s in select(schools, Constraints(above=15000))}
    assert "Peirce College" not in over and "Keiser University" in over
    within = {s.name for s in select(schools, Constraints(above=14999, below=18000))}
    assert within == {"Coastal Community University", "Keiser University"}


def test_a_range_is_kept_for_the_next_pick(conv):
    conv.ask("schools that cost more than 15k")
    r = conv.ask("and the second cheapest?")
    assert "Keiser" in r.text and r.explanation.frame.constraints.above == 15000 and r.explanation.frame.carried
