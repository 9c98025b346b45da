"""advisor: a rule-based career-advisor chatbot that answers from a YAML knowledge pack.

from advisor import Advisor
bot = Advisor.load()
bot.ask("how much do they earn?").text
"""

__version__ = "0.1.0"  # before the imports: cache.py reads it while they run

from .engine import Advisor, Conversation  # noqa: E402
from .errors import AdvisorError, PackError, PackLoadError, Problem, StateError, TranscriptError
from .nlu.matching import FuzzyMatcher, Match, Matcher, RoutingIntent
from .reply import Explanation, Reply

__all__ = [
    "Advisor",
    "AdvisorError",
    "Conversation",
    "Explanation",
    "FuzzyMatcher",
    "Match",
    "Matcher",
    "PackError",
    "PackLoadError",
    "Problem",
    "Reply",
    "RoutingIntent",
    "StateError",
    "TranscriptError",
]
