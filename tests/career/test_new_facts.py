"""Every fact the pack gained to cover the whole article is reachable: a question a person
would ask gets it as the answer, and the answer cites the passage it comes from."""

import pytest

# (question, what the answer must say, a word of the passage it must cite)
NEW_FACTS = [
    ("what does medical records technology focus on?", "transcription", "transcription"),
    ("do x-rays go in the record?", "x-rays and exam notes", "x-rays"),
    ("what are their duties", "standards of the health care coding system", "coding system"),
    ("why does accuracy matter so much?", "reimbursements by the insurance company", "reimbursements"),
    ("what information do they handle?", "personal information, welfare, health procedures", "welfare"),
    ("is the VA job a trainee position?", "developing role", "develops skills"),
    ("where do Coastal graduates work?", "home health agencies", "Work environments"),
    ("where do Collin graduates work?", "long-term care facilities", "long-term care"),
    ("is Hutchinson online?", "RHIT Online students", "RHIT Online"),
    ("is it an important job?", "one of the most important jobs in the industry", "most important jobs"),
    ("how many patient visits happen every day", "thousands of visits", "thousands of visits"),
    ("can I move up into HIM?", "medical information management", "further education"),
    ("what does formal training teach you", "creating, administering, editing and interpreting", "interpreting"),
    ("what happens when there is a data error in the VA job", "reviewing any data error", "data error"),
    ("do they make sure software works after updates", "load and work after any update", "after any update"),
    ("what skills do I need", "collect, analyze and protect", "collect, analyze and protect"),
    ("are they extroverts?", "extrovert", "extrovert"),
    ("what else does Keiser teach?", "criminal justice", "criminal justice"),
    ("what does Hutchinson's program prepare you for?", "manage critical information", "critical information"),
    ("what will I learn at Coastal?", "collect and manage medical records", "professionally collect"),
    ("does Peirce offer a bachelor's?", "business administration, information technology, law", "bachelor"),
    ("what does Dakota State prepare students for?", "protect patient health", "protect patient health"),
    ("are online courses more advanced?", "may be more advanced", "more advanced"),
    ("what do introductory online courses cover?", "data processes", "data processes"),
    ("what topics do online programs cover", "designing data networks", "Research Training Groups"),
    ("what does a health informatics degree teach?", "compliance with laws", "compliance with laws"),
    ("do they protect patient privacy?", "privacy of patient records", "privacy of patient records"),
]


@pytest.mark.parametrize(("question", "says", "cited"), NEW_FACTS)
def test_each_new_fact_is_reachable_and_cited(bot, question, says, cited):
    reply = bot.ask(question)
    assert says in reply.text, reply.text
    assert any(cited in s.quote for s in reply.sources), [s.quote for s in reply.sources]


@pytest.mark.parametrize(
    ("question", "says", "never"),
    [
        ("is Keiser online?", "not whether this program is one of them", "Yes"),
        ("how many people are employed", "215,500", "Bureau of Labor Statistics"),
        ("what's the job outlook", "11%", "Bureau of Labor Statistics"),
        ("what are their duties", "Some specialize", "All of them"),
        ("is getting certified worth it", "Certificate in Medical Records Management", "Yes."),
    ],
)
def test_statements_say_no_more_than_the_article(bot, question, says, never):
    text = bot.ask(question).text
    assert says in text and never not in text, text
