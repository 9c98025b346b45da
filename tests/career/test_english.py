"""Replies are well-formed English, over every question the pack's own patterns ask.

Each pattern is asked with its placeholders filled in (two ways), with every example and
suggestion, on the default pack and on the made-up second one. A reply's prose lines end
with a full stop (a question or a colon before a list also ends a line), nothing after a
colon mid-sentence is capitalised unless it is a name, no figure with its unit is said
twice in a sentence, no sentence is a fragment such as "A private university, ...", and
the plural of an occupation is its own ("waitresses").
"""

import re

import pytest
from conftest import TESTS

from advisor import Advisor
from advisor.nlu.lexicon import common_words

PACKS = {"default": None, "aquaponics": TESTS / "packs" / "aquaponics" / "knowledge"}


def _questions(bot: Advisor) -> list[str]:
    k = bot.pack.knowledge
    fills = {
        "school": [s.name for s in k.schools] or ["Yale"],
        "state": ["Texas", "Ohio"],
        "percentile": ["top 10%", "bottom 25%"],
        "setting": [s.name for s in k.workplaces.settings] or ["offices"],
        "degree": [c.level for c in k.credentials] or ["certificate"],
        "amount": ["$15,000", "$20,000"],
        "occupation": [k.occupation.name],
        "other_occupation": ["waitress", "nurse"],
    }
    questions = set()
    for intent in bot.intents:
        questions.update(intent.examples)
        questions.update(intent.suggestions)
        for pattern in intent.patterns:
            for n in range(2):
                questions.add(re.sub(r"\{(\w+)\}", lambda m, n=n: _fill(fills, m.group(1), n), pattern))
    return sorted(questions)


def _fill(fills: dict[str, list[str]], kind: str, n: int) -> str:
    return fills[kind][n % len(fills[kind])]


def _problems(text: str) -> list[str]:
    found = []
    common = common_words()
    for line in (line.strip() for line in text.splitlines()):
        if not line or line.startswith("- "):  # list items are not sentences
            continue
        if not re.search(r"[.?!:][\"')]?$", line):
            found.append(f"no full stop: {line!r}")
        for m in re.finditer(r":\s+([A-Z][a-z]+)\b", line):
            if m.group(1).lower() in common:  # a name may follow a colon; an ordinary word is not capitalised
                found.append(f"capital after a colon: {m.group(0)!r}")
        for sentence in re.split(r"(?<=[.?!])\s+", line):
            figures = [(n, unit) for n, unit in re.findall(r"(\d[\d,]*)[ -]([a-z]+?)s?\b", sentence)]
            repeated = {f for f in figures if figures.count(f) > 1}
            if repeated:
                found.append(f"said twice: {sorted(repeated)} in {sentence!r}")
            if re.match(r"(A|An) [a-z]+,", sentence):
                found.append(f"fragment: {sentence!r}")
    return found


@pytest.mark.parametrize("pack", PACKS)
def test_every_reply_is_well_formed(pack):
    bot = Advisor.load(knowledge=PACKS[pack])
    bad = {}
    for question in _questions(bot):
        problems = _problems(bot.ask(question).text)
        if problems:
            bad[question] = problems
    assert len(_questions(bot)) > 800
    assert not bad, "\n".join(f"{q!r}: {p}" for q, p in list(bad.items())[:10])


def test_follow_ups_about_each_school_are_well_formed(bot):
    for school in bot.pack.knowledge.schools:
        conv = bot.conversation()
        for question in (f"tell me about {school.name}", "how many credits is it", "what program do they offer"):
            text = conv.ask(question).text
            assert not _problems(text), (school.name, question, text)


@pytest.mark.parametrize(
    ("asked", "plural"),
    [("waitresses", "waitresses"), ("attorneys", "attorneys"), ("nannies", "nannies"), ("EMTs", "EMTs")],
)
def test_another_occupation_is_named_in_its_own_plural(bot, asked, plural):
    text = bot.ask(f"how much do {asked} make").text
    assert f"questions about {plural}." in text, text


def test_the_checks_catch_what_they_are_for():
    assert _problems("Keiser is in Florida") == ["no full stop: 'Keiser is in Florida'"]
    assert _problems("According to the survey: Employment grows.")
    assert not _problems("The schools I know: Keiser University and Peirce College.")
    assert _problems("It is 66 credits (a 66-credit program).")
    assert not _problems("The bottom 10% earn $1 and the top 10% earn $2.")
    assert _problems("Tuition is $9. A private, nonprofit university, one of the largest.")
