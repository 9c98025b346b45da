"""Handlers for talk about the conversation itself: help, and questions outside the pack."""

from __future__ import annotations

from .handlers import Answer, Turn


def out_of_scope(turn: Turn) -> Answer:
    """Another occupation, or anything else the pack does not cover: say so plainly."""
    plural = turn.knowledge.occupation.plural
    other = turn.entities.other_occupation
    if other:
        others = turn.language.occupations.get(other, f"{other}s")
        return Answer(
            f"Sorry, I only cover {plural}, so I can't help with questions about {others}. "
            f"Ask me about the pay, training or schools of {plural}."
        )
    return Answer(turn.own_answer(f"Sorry, I can only help with questions about {plural}."))
