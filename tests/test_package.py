"""Shape of the package: no occupation words in the engine or the intents, pack data in YAML."""

import re
from pathlib import Path

import advisor
from advisor.pack.build import default_pack_dirs

ENGINE = Path(advisor.__file__).parent
INTENTS, KNOWLEDGE = default_pack_dirs()
# Words of the default pack's occupation and schools that must never appear in engine code
# or in the intents, which are written for any occupation.
DOMAIN_WORDS = [
    "medical",
    "health information",
    "rhit",
    "mrt",
    "ahima",
    "hospital",
    "keiser",
    "peirce",
    "hutchinson",
    "dakota",
    "collin",
    "coastal",
    "veterans",
    "37,110",
    "37110",
    "technician",
]


def test_engine_code_has_no_occupation_words():
    for path in ENGINE.rglob("*.py"):
        text = path.read_text().lower()
        found = [w for w in DOMAIN_WORDS if w in text]
        assert not found, f"{path.name} mentions {found}"


def _pack_names(bot) -> set[str]:
    """Every name the knowledge gives: the occupation's, its field's abbreviations and proper
    names (the certification, the certifying body...), its schools and workplaces."""
    k = bot.pack.knowledge
    names = {k.occupation.title, k.occupation.name, k.occupation.plural, k.occupation.short, *k.occupation.aliases}
    names |= set(k.vocabulary.abbreviations) | set(k.vocabulary.synonyms)
    names |= {n for s in k.schools for n in (s.name, *s.aliases)}
    names |= {n for s in k.workplaces.settings for n in (s.name, *s.aliases)}
    return {n for n in names if n}


def test_intents_name_nothing_of_the_occupation(bot):
    text = "\n".join(p.read_text() for p in sorted(INTENTS.glob("*.y*ml")))
    lowered = text.lower()
    assert not [w for w in DOMAIN_WORDS if w in lowered]
    for name in _pack_names(bot):
        # Abbreviations as written ("HIT", not the verb "hit"); other names in any case.
        flags = 0 if name.isupper() else re.IGNORECASE
        assert not re.search(rf"(?<![\w{{]){re.escape(name)}(?![\w}}])", text, flags), f"intents/ names {name!r}"
    # ...nor a year the source dates its figures by: a year is asked in any words.
    years = set(re.findall(r"\b(?:19|20)\d\d\b", bot.pack.knowledge.source.text))
    assert years and not years & set(re.findall(r"\b\d{4}\b", text)), "intents/ names a year of the source"


def test_default_pack_is_found(bot):
    assert len(bot.pack.knowledge.schools) == 6
