"""Answers about an occupation and its schools: the named handlers intents call.

    handlers    the handler registry, the Turn a handler reads and the Answer it returns
    occupation  pay and workplaces
    study       levels of study: duration and credits
    schools     a school's facts, lists, prices, comparisons and filters
    profile     what users tell about themselves, and advice that uses it
    smalltalk   questions outside the pack
    provenance  "where does that come from?": the passages behind the last answer

Handlers are generic over the occupation: every word they show comes from the pack or the question.
Importing this package registers every handler.
"""

from . import occupation, profile, provenance, schools, smalltalk, study  # noqa: F401  (registers the handlers)
from .handlers import CUE_WORDS, HANDLERS, SAYS, Answer, Handler, Turn, cue_words, handler, template_sources

__all__ = ["CUE_WORDS", "HANDLERS", "SAYS", "Answer", "Handler", "Turn", "cue_words", "handler", "template_sources"]
