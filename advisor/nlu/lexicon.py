"""Common English words, which spelling correction must leave alone.

A word the pack does not know is usually a typo of one it does ("salry"), but not when it
is an ordinary English word: "nearest" is not a typo of "dearest", nor "taxes" of
"takes". Which words are common comes from pyspellchecker's English word-frequency list.
Reading that list takes a tenth of a second or more, so the common words are kept in the
cache folder (see cache.py) and read from there when a pack loads.
"""

from __future__ import annotations

from functools import lru_cache

# A word seen at least this often in the frequency list is a real word, never a typo to fix.
# 1,000 keeps "nearest", "station", "taxes" and "tacos", and lets typos that happen to be
# rare words ("personalty", "wat") be corrected.
COMMON_COUNT = 1000


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common English words, lower case. Empty if pyspellchecker is not installed."""
    # The list's file stamps the cached copy (found without importing the package, and
    # without importlib.metadata, whose import alone costs more than reading the copy).
    from importlib.util import find_spec
    from pathlib import Path

    from ..pack import cache

    spec = find_spec("spellchecker")
    if spec is None or spec.origin is None:  # not installed: correct as before, with no guard
        return frozenset()
    try:
        data = (Path(spec.origin).parent / "resources" / "en.json.gz").stat()
    except OSError:
        return frozenset()
    entry = cache.key("english", str(data.st_size), str(int(data.st_mtime)), str(COMMON_COUNT))
    saved = cache.read("words", entry)
    if saved is not None:
        return frozenset(saved)
    from spellchecker import SpellChecker

    words = [w for w, n in SpellChecker().word_frequency.dictionary.items() if n >= COMMON_COUNT]
    cache.write("words", entry, words)
    return frozenset(words)
