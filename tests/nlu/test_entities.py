"""Entities found from the pack itself: schools, states, percentiles, settings, degrees, amounts."""

import pytest


def ents(bot, text):
    return bot.pack.prepare(bot.pack.normaliser.normalise(text).tokens).extraction.entities


@pytest.mark.parametrize(
    "text,school",
    [
        ("tell me about dakota state", "Dakota State University"),
        ("collin", "Collin County Community College District"),
        ("what about peirce", "Peirce College"),
        ("is Keizer any good", "Keiser University"),  # the article's misspelling
        ("hutchinsen tuition", "Hutchinson Community College"),  # a typo
        ("coastline washington school cost", "Coastal Community University"),
        ("Collin County Community University District", "Collin County Community College District"),
    ],
)
def test_schools(bot, text, school):
    assert ents(bot, text).schools[0] == school


def test_two_schools_in_order(bot):
    assert ents(bot, "compare Peirce and Keiser").schools == ("Peirce College", "Keiser University")


@pytest.mark.parametrize(
    "text,state",
    [
        ("schools in texas", "Texas"),
        ("anything in South Dakota", "South Dakota"),
        ("near PA", "Pennsylvania"),
        ("in pensylvania", "Pennsylvania"),
    ],
)
def test_states(bot, text, state):
    assert ents(bot, text).state == state


def test_south_dakota_is_a_state_not_dakota_state(bot):
    e = ents(bot, "what's available in south dakota")
    assert e.state == "South Dakota" and e.schools == ()


@pytest.mark.parametrize(
    "text,percentile",
    [
        ("what do the lowest 10% get paid", ("bottom", 10)),
        ("top 25 percent pay", ("top", 25)),
        ("the best-paid tenth", ("top", 10)),
        ("bottom quarter", ("bottom", 25)),
        ("90th percentile", ("top", 10)),
    ],
)
def test_percentiles(bot, text, percentile):
    assert ents(bot, text).percentile == percentile


def test_settings_degrees_online(bot):
    assert ents(bot, "share in medical offices").setting == "medical offices"
    assert ents(bot, "how long is an AAS").degree == "Associate in Applied Science"
    assert ents(bot, "how long is an associate degree").degree == "associate"
    assert ents(bot, "masters programs").degree == "master"
    assert ents(bot, "is distance learning available").online


@pytest.mark.parametrize(
    "text,amount,bound",
    [
        ("schools under $15,000", 15000, "below"),
        ("more than 18k", 18000, "above"),
        ("my budget is 12000 dollars", 12000, "below"),
    ],
)
def test_amounts(bot, text, amount, bound):
    e = ents(bot, text)
    assert (e.amount, e.bound) == (amount, bound)


def test_a_year_is_not_an_amount(bot):
    assert ents(bot, "employed in 2018").amount is None


def test_other_occupations(bot):
    e = ents(bot, "how much do nurses earn")
    assert e.other_occupation == "nurse" and not e.occupation
    assert ents(bot, "do MRTs earn more than nurses").occupation


def test_other_percents_need_the_word_percent(bot):
    assert ents(bot, "the top 50 percent").percentile == ("top", 50)
    assert ents(bot, "top 3 schools").percentile is None


def test_a_percentile_the_pack_lacks_is_said_so(bot):
    text = bot.ask("top 50 percent pay").text
    assert "don't have a figure for the top 50%" in text and "$" not in text


def test_a_year_is_no_amount():
    from advisor.nlu.entities import is_year

    assert is_year("2018") and not is_year("18000") and not is_year("1850") and not is_year("twenty")


def test_two_sides_before_one_percent_share_it(bot):
    tokens = bot.pack.normaliser.normalise("what do the top and bottom 25% earn").tokens
    assert bot.pack.prepare(tokens).extraction.entities.percentiles == (("top", 25), ("bottom", 25))


def test_a_run_of_ordinals_shares_its_percentile(bot):
    tokens = bot.pack.normaliser.normalise("What are the 25th and 75th percentile earnings?").tokens
    assert bot.pack.prepare(tokens).extraction.entities.percentiles == (("bottom", 25), ("top", 25))


@pytest.mark.parametrize(
    ("question", "state"),
    [("anything in the lone star state?", "Texas"), ("schools in the sunshine state", "Florida"),
     ("i live in the keystone state", "Pennsylvania")],
)  # fmt: skip
def test_a_state_named_by_its_nickname(bot, question, state):
    assert state in bot.ask(question).text
