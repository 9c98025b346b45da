"""Shape of the package: no occupation words in the engine, pack data in YAML."""

from pathlib import Path

import advisor

ENGINE = Path(advisor.__file__).parent
# Words of the default pack's occupation and schools that must never appear in engine code.
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


def test_default_pack_is_found(bot):
    assert len(bot.pack.knowledge.schools) == 6
