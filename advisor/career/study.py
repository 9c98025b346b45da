"""Handlers for levels of study: how long each takes and how many credits."""

from __future__ import annotations

from ..pack.knowledge import Credential, join_words
from .handlers import Answer, Turn, handler, not_known, sentence


def _article(level: str) -> str:
    return "an" if level[:1].lower() in "aeiou" else "a"


def _about_levels(turn: Turn, attr: str, describe) -> Answer:
    """Answer for the level asked (or in focus); with none, every level that has the figure."""
    creds = turn.knowledge.credentials
    with_figure = [c for c in creds if getattr(c, attr)]
    if not with_figure:
        return not_known(turn, "that figure")
    level = turn.entities.degree
    if level:
        cred = turn.knowledge.credential(level)
        if cred and getattr(cred, attr):
            return Answer(sentence(describe(cred)))
        known = join_words([f"{_article(c.level)} {c.level}" for c in with_figure])
        return Answer(
            f"I don't have that for {_article(level)} {level}. I do for {known}: "
            + "; ".join(describe(c) for c in with_figure)
            + "."
        )
    return Answer(sentence("; ".join(describe(c) for c in with_figure)) + ".")


@handler("duration")
def duration(turn: Turn) -> Answer:
    topic = turn.knowledge.topics.get("duration")
    if topic and not turn.entities.degree:
        return Answer(topic.text)

    def describe(c: Credential) -> str:
        return f"{_article(c.level)} {c.level} takes {c.duration}"

    answer = _about_levels(turn, "duration", describe)
    return Answer(answer.text.rstrip(".") + ".")


@handler("credits")
def credits(turn: Turn) -> Answer:
    school = turn.school_meant()
    if school is not None and school.credits:
        program = f" ({school.program})" if school.program else ""
        return Answer(f"{school.name}'s program is {school.credits} credits{program}.", schools=(school.name,))

    def describe(c: Credential) -> str:
        about = f"{c.credits_note} " if c.credits_note else ""
        return f"{_article(c.level)} {c.level} takes {about}{c.credits} credits"

    return _about_levels(turn, "credits", describe)
