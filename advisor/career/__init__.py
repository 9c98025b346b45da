"""Answers about an occupation and its schools: the named handlers intents call.

    handlers    the Turn a handler reads and the Answer it returns
    occupation  pay and workplaces
    study       levels of study: duration and credits
    schools     a school's facts, lists, prices, comparisons and filters
    profile     what users tell about themselves, and advice that uses it
    smalltalk   questions outside the pack
    provenance  "where does that come from?": the passages behind the last answer

Handlers are generic over the occupation: every word they show comes from the pack or the question.
`career_handlers()` lists every one of them, in one place: the set `Advisor.load` answers with.
"""

from ..pack.registry import HandlerSet, HandlerSpec
from . import occupation, profile, provenance, schools, smalltalk, study
from .handlers import Answer, Handler, Turn, template_sources


def career_handlers() -> HandlerSet:
    """The career pack's handlers, by the names intents give them; with what each says (the
    text of the knowledge its answers draw on) and every word they listen for."""
    return HandlerSet.of(
        HandlerSpec("pay", occupation.pay, says=occupation.pay_says),
        HandlerSpec("workplaces", occupation.workplaces, says=occupation.workplaces_says),
        HandlerSpec("workplace_share", occupation.workplace_share),
        HandlerSpec("duration", study.duration),
        HandlerSpec("credits", study.credits, says=study.credits_says),
        HandlerSpec("school_info", schools.school_info, says=schools.school_info_says),
        HandlerSpec("school_tuition", schools.school_tuition),
        HandlerSpec("school_location", schools.school_location),
        HandlerSpec("school_online", schools.school_online, says=schools.school_online_says),
        HandlerSpec("school_program", schools.school_program, says=schools.school_program_says),
        HandlerSpec("schools_with", schools.schools_with),
        HandlerSpec("schools_list", schools.schools_list),
        HandlerSpec("online_schools", schools.online_schools),
        HandlerSpec("schools_in_state", schools.schools_in_state),
        HandlerSpec("cheapest", schools.cheapest),
        HandlerSpec("most_expensive", schools.most_expensive),
        HandlerSpec("schools_by_price", schools.schools_by_price),
        HandlerSpec("price_filter", schools.price_filter),
        HandlerSpec("reverse_order", schools.reverse_order),
        HandlerSpec("average_tuition", schools.average_tuition),
        HandlerSpec("compare_schools", schools.compare_schools),
        HandlerSpec("price_gap", schools.price_gap),
        HandlerSpec("user_location", profile.user_location),
        HandlerSpec("user_budget", profile.user_budget),
        HandlerSpec("user_online", profile.user_online),
        HandlerSpec("user_degree", profile.user_degree),
        HandlerSpec("schools_for_me", profile.schools_for_me),
        HandlerSpec("choosing_school", profile.choosing_school),
        HandlerSpec("out_of_scope", smalltalk.out_of_scope),
        HandlerSpec("sources", provenance.sources),
        cue_words=(*occupation.CUE_WORDS, *schools.CUE_WORDS),
    )


__all__ = ["Answer", "Handler", "Turn", "career_handlers", "template_sources"]
