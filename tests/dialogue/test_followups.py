"""Each kind of follow-up: pronouns and ellipsis resolved against the dialogue state."""

import json

from advisor import Conversation


def chat(conv, *lines):
    return [conv.ask(line) for line in lines]


def test_how_much_is_it_where_is_it_is_it_online(conv):
    *_, cost, where, online = chat(
        conv, "tell me about Peirce College", "how much is it", "where is it", "is it online"
    )
    assert "$11,000" in cost.text and "Philadelphia" in where.text and "online" in online.text


def test_which_city_after_schools_in_a_state(conv):
    *_, city = chat(conv, "what schools are in Texas?", "which city?")
    assert "McKinney" in city.text


def test_and_the_tuition(conv):
    *_, r = chat(conv, "where is Hutchinson", "and the tuition?")
    assert "$14,458" in r.text


def test_what_about_another_school(conv):
    *_, r = chat(conv, "where is Peirce", "what about Dakota State?")
    assert "Madison" in r.text and "South Dakota" in r.text


def test_and_another_percentile(conv):
    *_, r = chat(conv, "what's the salary?", "and the bottom 10%?")
    assert "$24,190" in r.text


def test_and_another_setting(conv):
    *_, r = chat(conv, "what share work in hospitals", "and in medical offices?")
    assert "21%" in r.text


def test_and_another_level_of_study(conv):
    *_, r = chat(conv, "how long is the certificate", "and the associate?")
    assert "two years" in r.text


def test_is_there_one_near_me_uses_the_stated_state(conv):
    *_, r = chat(conv, "I live in Kansas", "is there one near me?")
    assert "Hutchinson Community College" in r.text


def test_near_a_state_without_schools_names_neighbours(conv):
    *_, r = chat(conv, "I live in Oklahoma", "is there a school near me?")
    assert "Oklahoma" in r.text and "Collin County Community College District" in r.text and "Hutchinson" in r.text


def test_the_cheaper_one_after_a_comparison(conv):
    *_, r = chat(conv, "compare Keiser and Collin", "the cheaper one")
    assert r.text.startswith("The cheapest of the two is Keiser University")


def test_budget_is_remembered(conv):
    *_, fits = chat(conv, "my budget is $15,000", "which schools fit my budget?")
    assert "Peirce" in fits.text and "Hutchinson" in fits.text and "Keiser" not in fits.text


def test_online_wish_and_budget_combine(conv):
    *_, r = chat(conv, "i want to study online", "i can afford 12k", "which schools fit me")
    assert "Peirce College" in r.text and "Hutchinson" not in r.text


def test_a_degree_already_held_is_remembered(conv):
    chat(conv, "I already have a bachelor's degree")
    assert conv.state.has_degree == "bachelor"


def test_a_new_question_replaces_the_focus(conv):
    *_, r = chat(conv, "tell me about Peirce", "how much do medical records technicians earn?")
    assert r.intent == "salary" and "$37,110" in r.text


def test_restored_mid_conversation_gives_the_same_answers(bot):
    first = bot.conversation()
    chat(first, "I live in Kansas", "my budget is 20000", "compare Peirce and Keiser")
    saved = json.dumps(first.to_dict())
    second = Conversation.from_dict(bot, json.loads(saved))
    for line in ("the cheaper one", "is there one near me?", "which schools fit me", "how much is it"):
        assert first.ask(line).text == second.ask(line).text


def test_interleaved_conversations_stay_apart(bot):
    a, b = bot.conversation(), bot.conversation()
    a.ask("I live in Texas")
    b.ask("I live in Kansas")
    assert "Collin" in a.ask("is there one near me?").text
    assert "Hutchinson" in b.ask("is there one near me?").text
    a.ask("tell me about Peirce")
    b.ask("tell me about Keiser")
    assert "$11,000" in a.ask("how much is it").text
    assert "$17,664" in b.ask("how much is it").text


def test_answer_variations_are_deterministic(bot):
    texts = [[bot.conversation().ask(q).text for q in ("hi", "hello", "hey")] for _ in range(3)]
    assert texts[0] == texts[1] == texts[2]
    one = bot.conversation()
    greetings = {one.ask("hello").text for _ in range(6)}
    assert len(greetings) == 2  # both variations of the greeting are used over a conversation


def test_a_follow_up_reports_the_school_it_took_from_the_context(conv):
    conv.ask("tell me about Peirce")
    reply = conv.ask("how much is it")
    assert reply.entities == {"school": "Peirce College"} and "$11,000" in reply.text
    # The explanation still shows what the question itself named: nothing.
    assert dict(reply.explanation.entities) == {}


def test_a_request_about_a_school_is_its_own_question_not_a_follow_up(bot):
    chat = bot.conversation()
    chat.ask("which schools are pricier than Peirce?")
    reply = chat.ask("tell me about Keiser")
    assert reply.intent == "school_info" and reply.text.startswith("Keiser University is in Florida")
    assert chat.ask("and Collin?").intent == "school_info"  # a bare follow-up still repeats it


def test_a_side_alone_after_the_pay_is_the_end_it_showed(conv):
    *_, top = chat(conv, "average salary?", "says who?", "and the top?")  # "says who?" keeps the topic
    assert top.intent == "salary" and "$61,400" in top.text and "$37,110" not in top.text


def test_a_position_alone_asks_the_last_pick_again(conv):
    *_, third = chat(conv, "whats the cheapest school", "and the second cheapest?", "third?")
    assert third.intent == "cheapest" and "Coastal Community University" in third.text


def test_a_figure_of_the_writers_is_set_against_the_pay(conv):
    reply = conv.ask("if i make $52,000 would that put me in the top 25 percent")
    assert reply.text.startswith("Yes") and "$51,350" in reply.text


def test_a_figure_said_of_the_job_is_not_echoed(conv):
    reply = conv.ask("So the top 10% earn around $80k?")
    assert "$61,400" in reply.text and "80,000" not in reply.text


def test_spanish_mixed_in(conv):
    assert "$37,110" in conv.ask("cuanto gana en promedio un medical records technician?").text


def test_the_first_one_after_the_schools_that_fit(conv):
    *_, where = chat(conv, "my budget is 18000", "which school fits?", "The first one - where is it?")
    assert "Philadelphia" in where.text


def test_a_constraint_of_its_own_asks_of_all_the_schools(conv):
    *_, r = chat(
        conv, "which school is the most expensive", "is keiser online", "tell me about the cheapest online one"
    )
    assert "Peirce College" in r.text and "of the two" not in r.text


def test_when_a_figure_is_from(conv):
    *_, when = chat(conv, "how many jobs are there", "through what year")
    assert when.intent == "sources" and "2028" in when.text


def test_a_premise_keeps_its_percent(conv):
    reply = conv.ask("Since the top 25% earn $30,990, is that good pay?")
    assert "$51,350" in reply.text and "top 25%" in reply.text


def test_a_question_with_no_word_of_its_own_beside_one_that_has(conv):
    *_, r = chat(conv, "how much do they make lol", "thats it?? whats the most they can make")
    assert r.intent == "salary" and "outside what I know" not in r.text


def test_before_declining_a_schools_attribute_its_notes_are_read(conv):
    keiser = conv.ask("Is Keiser a for-profit school?")
    assert keiser.outcome == "answered" and "private, nonprofit" in keiser.text and keiser.sources
    hutchinson = conv.ask("is hutchinson community college a public school")
    assert hutchinson.outcome == "declined" and "$" not in hutchinson.text
    rate = conv.ask("what's keiser's job placement rate?")  # its note on placement help is no rate
    assert rate.outcome == "declined"


def test_which_ones_asks_for_several_not_the_school_in_focus(conv):
    *_, r = chat(conv, "tell me about keiser", "ok which ones r online then")
    assert r.intent == "online_schools" and "Peirce" in r.text


def test_earning_more_than_another_occupation(conv):
    reply = conv.ask("how much do medical records techs make compared to nurses")
    assert "nurses" in reply.text and "$37,110" in reply.text


def test_how_long_a_schools_program_takes_is_not_said(conv):
    assert conv.ask("How long is the Collin County program?").outcome == "declined"


def test_a_year_the_passages_never_name_is_said_so(conv):
    reply = conv.ask("what is the job outlook for 2030 to 2040")
    assert reply.text.startswith("My information has nothing for 2030 and 2040") and "2028" in reply.text
    assert not conv.ask("how many were employed in 2018").text.startswith("My information has nothing")


def test_it_after_a_pick_is_the_school_picked_not_an_unknown_one(conv):
    *_, r = chat(conv, "Tell me about Miami Dade College's program", "WHAT IS THE CHEAPEST SCHOOL AND IS IT ONLINE")
    assert "Peirce" in r.text and "Miami Dade" not in r.text


def test_an_attribute_asked_of_a_school_its_notes_speak_of(conv):
    reply = conv.ask("Does Hutchinson prepare students for the RHIT exam?")
    assert reply.outcome == "answered" and "RHIT certification exam" in reply.text and reply.sources
    assert conv.ask("is the rhit exam hard").outcome == "declined"  # asked of no school: not known


def test_that_against_a_school_named_compares_the_two(conv):
    *_, r = chat(conv, "how much is keiser", "is that more than coastal")
    assert r.table is not None and {row[0] for row in r.table.rows} == {
        "Keiser University",
        "Coastal Community University",
    }
    assert "$22" in r.text


def test_nothing_cheaper_than_the_cheapest_says_so(conv):
    reply = conv.ask("which schools are cheaper than peirce")
    assert "Peirce College is the cheapest" in reply.text and "Hutchinson" not in reply.text


def test_whether_the_tuitions_are_per_year_is_not_guessed(conv):
    reply = conv.ask("is the tuition number per year or for the whole program")
    assert reply.text.startswith("My information doesn't say whether these figures are per year")
    assert "$11,000" in reply.text


def test_in_total_adds_no_topic(conv):
    assert conv.ask("How many schools do you know about in total?").intent == "schools_list"


def test_a_question_about_the_last_answers_words_asks_that_answer_again(conv):
    # "faster" is in the passage the outlook quoted; the job posting shares no meaning with it.
    outlook, again = chat(conv, "how is the job outlook", "is that faster than normal")
    assert again.intent == outlook.intent == "outlook" and "faster" in again.text
    assert "passages say 'faster'" in again.explanation.decision


def test_a_question_the_best_candidate_explains_is_not_taken_as_the_last_again(conv):
    # "credits" is in the education answer's passages, and the credits answer says it too.
    *_, r = chat(conv, "what degree do I need", "how many credits for the associate degree")
    assert r.intent != "education" and "61" in r.text


def test_the_offer_just_set_against_the_pay_is_compared_again(conv):
    *_, r = chat(conv, "I was offered $42,000 as a records tech", "is that good compared to the average?")
    assert r.intent == "pay_offer" and r.explanation.frame.operation.value == "compare"
    assert "$42,000" in r.text and "above" in r.text and "$37,110" in r.text


def test_which_school_does_what_only_some_schools_notes_say(conv):
    # Asked of every school: only those whose notes use every word asked are named.
    reply = conv.ask("which school prepares you for the RHIT exam")
    assert reply.outcome == "answered" and "Hutchinson" in reply.text
    assert "Keiser" not in reply.text and "$" not in reply.text


def test_there_is_the_state_in_force(conv):
    *_, r = chat(conv, "i live in kansas", "anything there?")
    assert r.intent == "schools_in_state" and "Hutchinson" in r.text
    assert r.explanation.frame.constraints.states == ("Kansas",)


def test_there_that_says_something_exists_points_at_nothing(conv):
    *_, r = chat(conv, "i live in ohio", "is there a school near me")
    assert "Peirce" in r.text  # the nearest to Ohio, not a question about "Ohio"


def test_a_state_one_clause_names_is_in_force_for_the_next(conv):
    r = conv.ask("i'm moving to florida next year, anything there?")
    assert "Keiser" in r.text and "What amount" not in r.text


def test_schools_in_a_state_after_the_pay_asks_for_schools(conv):
    *_, r = chat(conv, "what's the average pay", "what are the schools in kansas")
    assert r.intent == "schools_in_state" and "Hutchinson" in r.text


def test_an_attribute_asked_of_the_school_just_shown_reads_its_notes(conv):
    *_, r = chat(conv, "how much does keiser cost", "is it public?")
    assert r.outcome == "answered" and "private, nonprofit" in r.text and r.sources
    *_, r = chat(conv, "tell me about hutchinson", "Does it prepare students for the certification exam?")
    assert "RHIT certification exam" in r.text
