"""Names the pack does not know: "tuition at Yale", "what does Miami Dade College charge".

Such a name must never get a number. It is found as a run of words outside the pack's
vocabulary with a sign that it is a name (see `unknown_name`), and quoted back as typed.
"""

from __future__ import annotations

import re

from .pack import Pack

# Words before a name that make an unknown word a likely school: "tuition at Yale".
_NAME_LEADS = frozenset({"at", "about", "from", "for", "attend", "attending", "does", "did"})


def unknown_name(pack: Pack, original: str, tokens: tuple[str, ...]) -> str | None:
    """A school-like name the pack does not know ('Yale', 'Miami Dade College'), as typed.

    A run of words the pack does not know counts as a name when it is followed by an
    institution word ("college"), follows "at"/"about"/"for"..., or is capitalised
    mid-sentence; any other unknown word is more likely an ordinary word we lack."""
    vocab = pack.normaliser.vocabulary
    institution = pack.language.institution_words
    found = []
    i = 0
    while i < len(tokens):
        if not (tokens[i].isalpha() and tokens[i] not in vocab):
            i += 1
            continue
        start = i
        while i < len(tokens) and tokens[i].isalpha() and tokens[i] not in vocab:
            i += 1
        run = list(tokens[start:i])
        institution_follows = i < len(tokens) and tokens[i] in institution
        if institution_follows:
            run.append(tokens[i])
        typed = _as_typed(original, run[: i - start], with_next_word=institution_follows)
        led = start > 0 and tokens[start - 1] in _NAME_LEADS
        capital = typed is not None and typed[:1].isupper() and not original.lstrip().startswith(typed)
        if len(run) > i - start or led or capital:
            # As typed when it has capitals ("McKinney"); title case when typed in lower case.
            found.append(typed if typed and not typed.islower() else " ".join(run).title())
    return max(found, key=len) if found else None


def _as_typed(original: str, words: list[str], with_next_word: bool = False) -> str | None:
    """The words as they appear in the original text (case kept), if they can be found;
    with the word after them ("College") when `with_next_word`."""
    pattern = r"\W+".join(re.escape(w) for w in words) + (r"\W+[^\W\d_]+" if with_next_word else "")
    m = re.search(pattern, original, re.IGNORECASE)
    return m.group(0) if m else None
