"""Handlers for levels of study: how long each takes and how many credits."""

from __future__ import annotations

from typing import Callable

from ..pack.knowledge import Credential, Knowledge, join_words
from .handlers import Answer, Turn, merged, not_known, sentence


def _with_figure(turn: Turn, cred: Credential, attr: str) -> list[Credential]:
    """The credential itself if the source gives it the figure, else the kinds it stands for
    that have it ("an associate degree": an AAS takes two years)."""
    if getattr(cred, attr):
        return [cred]
    kinds = [turn.knowledge.credential(level) for level in cred.includes]
    return [c for c in kinds if c is not None and getattr(c, attr)]


def _about_levels(turn: Turn, attr: str, describe: Callable[[Credential], str]) -> Answer:
    """Answer for the level asked (or in focus); with none, every level that has the figure."""
    creds = turn.knowledge.credentials
    # A level that stands for others is described through them, so only the kinds count here.
    with_figure = [c for c in creds if getattr(c, attr)]
    if not with_figure:
        return not_known(turn, "that figure")
    level = turn.entities.degree
    if level:
        cred = turn.knowledge.credential(level)
        found = _with_figure(turn, cred, attr) if cred else []
        if found:
            return Answer(
                sentence("; ".join(describe(c) for c in found)) + ".", sources=merged(*(c.sources for c in found))
            )
        called = cred.called if cred else level
        known = join_words([c.called for c in with_figure])
        return Answer(
            f"I don't have that for {called}. I do for {known}: " + "; ".join(describe(c) for c in with_figure) + ".",
            sources=merged(*(c.sources for c in with_figure)),
        )
    return Answer(
        sentence("; ".join(describe(c) for c in with_figure)) + ".", sources=merged(*(c.sources for c in with_figure))
    )


def duration(turn: Turn) -> Answer:
    # With no level named, the intent's own answer (a topic of the pack) says it best.
    if not turn.entities.degree:
        own = turn.own_answer()
        if own:
            return Answer(own, sources=turn.own_sources())

    def describe(c: Credential) -> str:
        return f"{c.called} takes {c.duration.rstrip('.')}"

    return _about_levels(turn, "duration", describe)


def credits_says(knowledge: Knowledge) -> str:
    """What credit answers may say: each level of study by its names."""
    return " ".join(f"{c.level} {' '.join(c.aliases)}" for c in knowledge.credentials)


def credits(turn: Turn) -> Answer:
    school = turn.school_meant()
    if school is not None and school.credits:
        program = f" ({school.program})" if school.program and str(school.credits) not in school.program else ""
        return Answer(
            f"{school.name}'s program is {school.credits} credits{program}.",
            schools=(school.name,),
            sources=school.sources_of("credits", "program"),
        )

    def describe(c: Credential) -> str:
        about = f"{c.credits_note} " if c.credits_note else ""
        return f"{c.called} takes {about}{c.credits} credits"

    answer = _about_levels(turn, "credits", describe)
    level = turn.entities.degree
    # A school whose program leads to the level asked may give the figure the source gives no
    # general one for ("Harbor College's diploma is 40 credits").
    programs = [s for s in turn.knowledge.schools if level and s.credential == level and s.credits]
    if programs and answer.text.startswith("I don't have"):
        listed = join_words([f"{s.name}'s is {s.credits} credits" for s in programs])
        cred = turn.knowledge.credential(level)
        return Answer(
            f"I don't have a general credit count for {cred.called if cred else level}. {sentence(listed)}.",
            sources=merged(*(s.sources_of("credits") for s in programs)),
        )
    return answer
