"""Cities and regions a question names, and distances."""

import pytest

from advisor.nlu.language import english
from advisor.nlu.normalize import singular
from advisor.nlu.places import Places, miles

PLACES = Places(english(), preferred={"Madison": "South Dakota"})


def place(text: str):
    # Tokens as the normaliser gives them: lower case and singular ("sioux fall").
    return PLACES.find(tuple(singular(w) for w in text.lower().replace(",", "").split()))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("i live near Wichita", "Wichita, Kansas"),
        ("moving to Dallas next year", "Dallas, Texas"),
        ("I'm in Portland, Oregon", "Portland, Oregon"),  # the state after the name picks the city
        ("I'm in Portland Maine", "Portland, Maine"),
        ("schools near sioux falls", "Sioux Falls, South Dakota"),
        ("anything in Madison", "Madison, South Dakota"),  # the pack's own Madison
        ("schools in the midwest", "the Midwest"),
        ("moving to the Dallas area soon", "Dallas, Texas"),  # a cue, "the", then the name
        ("any program near of Dallas", "Dallas, Texas"),  # "within driving distance of", normalised
        ("the Wichita area has jobs", "Wichita, Kansas"),  # "area" after the name
        ("I live in Philly", "Philadelphia, Pennsylvania"),  # a nickname: that city only
        ("how far is it from nyc", "New York City, New York"),
    ],
)
def test_a_place_named_as_one(text, name):
    assert place(text).name == name


@pytest.mark.parametrize("text", ["tuition at Harvard", "is Stanford good", "i like reading", "i live in new york"])
def test_words_that_are_not_said_to_be_a_place(text):
    found = place(text)
    assert found is None or found.kind != "city"


def test_a_region_stands_for_its_states():
    midwest = place("anything in the midwest")
    assert midwest.kind == "region" and {"Kansas", "South Dakota", "Ohio"} <= set(midwest.states)


def test_distances_in_miles():
    wichita, hutchinson = PLACES.point("Wichita", "Kansas"), PLACES.point("Hutchinson", "Kansas")
    assert 30 < miles(wichita, hutchinson) < 60
    assert PLACES.point("Nowhere", "Washington") is not None  # a state's centre stands in for an unknown city


def test_a_postal_abbreviation_that_is_a_common_word_is_read_as_the_word():
    # "Hutchinson or Collin" asks between two schools; it does not place Hutchinson in Oregon.
    taken = lambda words: words == ("hutchinson",)  # noqa: E731 - a school called after its town
    tokens = ("which", "is", "cheaper", "hutchinson", "or", "collin")
    assert PLACES.find(tokens, taken) is None
    assert PLACES.find(("schools", "near", "dallas", "tx")).name == "Dallas, Texas"


def test_the_city_table_is_the_same_from_a_cache():
    import marshal

    from advisor.nlu.places import CityTable, read_city_table

    table = read_city_table(english())
    kept = CityTable(*marshal.loads(marshal.dumps(tuple(table))))  # as the pack cache keeps it
    again = Places(english(), preferred={"Madison": "South Dakota"}, cities=kept)
    for text in ("i live near Wichita", "I live in Philly", "schools in the midwest", "I'm in Portland Maine"):
        tokens = tuple(singular(w) for w in text.lower().replace(",", "").split())
        assert again.find(tokens) == PLACES.find(tokens) is not None
    assert again.point("Dallas", "Texas") == PLACES.point("Dallas", "Texas")
    assert again.point("", "Ohio") == PLACES.point("", "Ohio") is not None  # a state's centre
    assert again.place_words() == PLACES.place_words() and "wichita" in again.place_words()
