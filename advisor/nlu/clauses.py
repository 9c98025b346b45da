"""Split a message into clauses, so that nothing in it is lost.

"Hello! I live in Ohio, my budget is 15k and what even is a harbor pilot?" says four
things: a greeting, two facts about the writer, and a question. Each clause is read on
its own; the greeting never replaces the question, and every fact is kept.

A message splits at the end of a sentence (. ! ? ; or a line break), and at a comma or a
joining word ("and", "but", "so", "also") when what follows opens a clause of its own: a
pronoun or a question word ("..., my budget is 15k", "... and how fast is it growing?").
It splits too where a request begins in mid-sentence ("... before I sign up I want to know
what skills you need"): what comes before it is background.
"Compare Harbor and Bayview" or "between 15 and 20 thousand" stay whole: what follows their
"and" opens nothing.
"""

from __future__ import annotations

import re

# Words that open a clause of their own after a comma or a joining word.
OPENERS = (
    "i", "im", "i'm", "ive", "i've", "id", "i'd", "my", "we", "our", "you", "your", "they", "it", "its", "it's",
    "what", "whats", "what's", "how", "hows", "how's", "which", "where", "wheres", "where's", "when", "who",
    "why", "is", "are", "do", "does", "did", "can", "could", "will", "would", "should", "tell", "give", "list",
    "show", "any", "anything", "please",
)  # fmt: skip
_JOINERS = r"(?:,\s*(?:and|but|so|also|plus|then)?|\s(?:and|but|so|also|plus|then))"
# A dash between words ("quick q - what's the tuition?") parts clauses wherever it stands.
_DASH = re.compile(r"\s+[-\u2013\u2014]+\s+")
_SENTENCE = re.compile(
    r"(?<=[.!?;])\s+|\n+|(?<=[!?])(?=\S)"
    r"|\s*(?<!\w)[:;]-?[)(DPp]+(?!\w)\s*"  # an emoticon ends what came before it
    r"|\s+(?=(?:user|human|system|assistant)\s*:)"  # pasted speaker labels
    r"|(?<=\])\s+(?=\w)|(?<=>)\s+(?=\w)"  # after markup such as [/INST] or <|im_end|>
)
_JOINED = re.compile(_JOINERS + r"\s+(?=(?:" + "|".join(re.escape(w) for w in OPENERS) + r")\b)", re.IGNORECASE)
# "I live in New Jersey, nearest school?": a short question after a statement about oneself
# is a clause of its own ("compare Harbor, Bayview and Lakeside?" is one).
_SHORT_QUESTION = re.compile(r",\s+(?=(?:\S+\s+){0,3}\S+\?\s*$)")
_ABOUT_ONESELF = re.compile(r"^\W*(?:i|i'm|im|i've|my|we|we're|our)\b", re.IGNORECASE)
_REQUEST = re.compile(
    r"\s(?=(?:i|we)\s+(?:really\s+)?(?:want|wanted|would like|'d like|need|needed)\s+to\s+know\b"
    r"|i'?m\s+(?:just\s+)?(?:wondering|curious)\b|i\s+(?:am|was)\s+(?:just\s+)?(?:wondering|curious)\b"
    r"|(?:can|could)\s+you\s+(?:please\s+)?tell\s+me\b)",
    re.IGNORECASE,
)
# A short aside that stands on its own, never read with the piece after it ("never mind
# schools, is the job full time?").
_ASIDE = re.compile(
    r"^\W*(?:never\s?mind|nvm|forget\s+(?:it|that|about)|ok(?:ay)?|thanks?|thank\s+you|thx|cool|great|got\s+it|"
    r"anyway|anyways|actually|oh|hmm+|wait|sorry|no|nope|yes|yeah|yep|sure)\b",
    re.IGNORECASE,
)
# A piece of at most this many words is read with the piece after it.
MERGE_WORDS = 3
# A clause needs at least one letter or digit to say anything.
_SAYS_SOMETHING = re.compile(r"[^\W_]")


# "I live in Texas and want to study online": a second fact about oneself whose "I" is left
# out is a clause of its own, and gets its "I" back.
_SECOND_FACT = re.compile(
    r"\s(?:and|but)\s+(?=(?:also\s+)?(?:want|wanna|need|prefer|plan|hope|would like|'d like|am|have|live|work|"
    r"can't|cannot|only|already)\b)",
    re.IGNORECASE,
)


def _short_question(text: str) -> list[str]:
    if not _ABOUT_ONESELF.match(text):
        return [text]
    first, *more = _SECOND_FACT.split(text)
    return [*_SHORT_QUESTION.split(first), *(f"I {m}" for m in more)]


# A list of at least LIST_ITEMS comma-separated pieces of at least two words each is a list
# of separate things ("single dad in Ohio, work nights, budget around 12k, want online");
# "compare Harbor, Bayview and Lakeside" is one question.
LIST_ITEMS = 3
# A piece that opens with one of these has left out its "I" ("want online or hybrid").
_NO_SUBJECT = re.compile(r"^(?:want|wanna|need|prefer|looking for|hoping|planning|would like)\b", re.IGNORECASE)


# A comma that parts items: not one inside a number ("52,700").
_LIST_COMMA = re.compile(r"(?<!\d),|,(?!\d)")


def _listed(text: str) -> list[str] | None:
    items = [item.strip() for item in _LIST_COMMA.split(text)]
    if len(items) >= LIST_ITEMS and all(len(item.split()) >= 2 for item in items):
        return [f"I {item}" if _NO_SUBJECT.match(item) else item for item in items]
    return None


# Abbreviations whose full stop ends no sentence ("St. Louis", "Washington D.C.").
_ABBREVIATION = re.compile(r"\b(?:St|Mt|Ft|Pt|Dr|Mr|Mrs|Ms|Jr|Sr|vs|approx|e\.g|i\.e|U\.S|D\.C)\.(?=\s)", re.IGNORECASE)
_KEPT_STOP = "\u2024"  # stands for such a full stop while the message is split


def split_clauses(text: str) -> list[str]:
    """The clauses of a message, in order, as typed (stripped); at least one when it says anything."""
    text = _ABBREVIATION.sub(lambda m: m.group(0)[:-1] + _KEPT_STOP, text)
    return [clause.replace(_KEPT_STOP, ".") for clause in _split(text)]


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The pieces a text splits into at its joins, each with whether a comma joined it to
    the piece before (True for the first: it may take the next)."""
    pieces: list[tuple[str, bool]] = []
    start, by_comma = 0, True
    for m in _JOINED.finditer(text):
        pieces.extend((p, by_comma if i == 0 else True) for i, p in enumerate(_short_question(text[start : m.start()])))
        start, by_comma = m.end(), "," in m.group(0)
    pieces.extend((p, by_comma if i == 0 else True) for i, p in enumerate(_short_question(text[start:])))
    return pieces


def _split(text: str) -> list[str]:
    clauses = []
    for sentence in _SENTENCE.split(text):
        merged: list[str] = []
        settled = 0  # clauses of a list are whole: none takes the piece after it
        for d in _DASH.split(sentence):
            listed = _listed(d)
            if listed:
                merged.extend(listed)
                settled = len(merged)
                continue
            # A piece of a few words before the next ("Harbor, how much?", "Harbor vs Bayview,
            # what's the gap?") is what it asks about; one joined by a word ("where is Harbor
            # and what's its graduation rate", "cheapest school and does it give
            # scholarships?") is a question of its own.
            for piece, by_comma in _pieces(d):
                if (
                    len(merged) > settled
                    and by_comma
                    and len(merged[-1].split()) <= MERGE_WORDS
                    and not _ASIDE.match(merged[-1])
                ):
                    merged[-1] = f"{merged[-1]} {piece}"
                else:
                    merged.append(piece)
        for joined in merged:
            for part in _REQUEST.split(joined):
                part = part.strip(" ,;")
                if _SAYS_SOMETHING.search(part):
                    clauses.append(part)
    return clauses
