"""'Where does that come from?' works after every kind of answer: through the Python API
(Reply.sources, and the reply to the question), and with /source in the chat."""

import pytest

from advisor.cli import repl

ASK_SOURCE = ("where does that come from?", "source?", "says who?")

# (conversation before the question, a passage the answer must cite, or None: nothing to cite)
KINDS = [
    (["what do they do"], "enter and update information"),  # a topic
    (["how much do they earn"], "$37,110"),  # pay
    (["what do the bottom 25% earn"], "$30,990"),  # a percentile, with its correction
    (["what share work in hospitals"], "38%"),  # a workplace share
    (["where do they work"], "state or local health departments"),  # the workplaces
    (["how long is the certificate"], "one to two years"),  # a credential
    (["how many credits is an associate in science"], "61 credits"),
    (["tell me about Peirce"], "Tuition Fees: $11,000"),  # a school
    (["tell me about Peirce", "how much is it"], "Tuition Fees: $11,000"),  # a follow-up
    (["where is Dakota State"], "Madison, South Dakota"),
    (["is Collin online"], "available online"),
    (["which school is the cheapest"], "Tuition Fees: $24,337"),  # computed: from every tuition
    (["list the schools by price"], "Tuition Fees: $14,458"),
    (["schools under $15,000"], "Tuition Fees: $11,000"),
    (["compare Peirce and Keiser"], "Tuition Fees: $17,664"),
    (["I live in Texas"], "McKinney, Texas"),  # what the user told, answered from the pack
    (["my budget is $15,000"], "Tuition Fees: $11,000"),
    (["hello"], None),  # small talk states no fact
    (["zxcv qwerty"], None),  # not understood
    (["how much do nurses make"], None),  # another occupation
    (["tuition at Harvard"], None),  # a school the pack does not know
]


@pytest.mark.parametrize(("before", "cited"), KINDS, ids=[k[0][-1] for k in KINDS])
def test_where_does_that_come_from(bot, before, cited):
    for ask in ASK_SOURCE:
        conv = bot.conversation()
        replies = [conv.ask(q) for q in before]
        answer = conv.ask(ask)
        assert answer.intent == "sources", (ask, answer.text)
        assert answer.sources == replies[-1].sources  # it cites what the answer before it did
        if cited is None:
            assert replies[-1].sources == () and "nothing to cite" in answer.text
        else:
            assert any(cited in s.quote for s in replies[-1].sources), replies[-1].sources
            assert cited in answer.text and 'the article "How can I become' in answer.text
            assert all(
                ("(a heading of the article)" if s.heading else f'(under "{s.section}")') in answer.text
                for s in replies[-1].sources
            )


def test_asking_again_cites_the_same_passages(conv):
    conv.ask("how much do they earn")
    first = conv.ask("where does that come from?")
    again = conv.ask("says who?")
    assert first.text == again.text and first.sources == again.sources


def test_a_computed_answer_names_the_figures_it_was_worked_out_from(conv):
    conv.ask("which school is the cheapest")
    text = conv.ask("where does that come from?").text
    assert text.startswith("I worked that out from these figures in the article")
    assert "Peirce College's tuition, $11,000: “Tuition Fees: $11,000”" in text
    assert "Dakota State University's tuition, $24,337" in text


def test_a_correction_is_told_with_its_passage(conv):
    conv.ask("what do the bottom 25% earn")
    text = conv.ask("where does that come from?").text
    assert "“while the highest-paid 25 percent earned $30,990”" in text
    assert 'Note: The article says "the highest-paid 25 percent"' in text


def test_nothing_asked_yet(conv):
    # Before any answer: the article, and whom it credits for what (the pay: the BLS).
    reply = conv.ask("where does the salary data come from?")
    assert reply.intent == "sources" and 'the article "How can I become' in reply.text
    assert "pay figures" in reply.text and "Bureau of Labor Statistics" in reply.text and reply.sources == ()


def test_a_citation_says_whom_the_article_credits(conv):
    conv.ask("what do the top 10 percent earn")
    reply = conv.ask("says who?")
    assert "$61,400" in reply.text and "credits this to the Bureau of Labor Statistics" in reply.text


def test_sources_survive_saving_the_conversation(bot):
    import json

    from advisor import Conversation

    a = bot.conversation()
    a.ask("how much do they earn")
    b = Conversation.from_dict(bot, json.loads(json.dumps(a.to_dict())))
    assert b.ask("source?").text == a.ask("source?").text


def test_reply_sources_are_json(bot):
    data = bot.ask("tuition at Peirce").to_dict()
    assert data["sources"] == [
        {
            "section": "Peirce College, Philadelphia, Pennsylvania",
            "quote": "Tuition Fees: $11,000",
            "correction": "",
            "figure": "",
            "heading": False,
        }  # fmt: skip
    ]


def test_source_command_in_the_chat(bot):
    chat = repl.Chat(bot)
    assert chat.handle("/source")[0][0][1].startswith("Nothing asked yet")
    chat.handle("how much is tuition at Keiser")
    shown = "".join(text for _, text in chat.handle("/source")[0])
    assert '“Tuition Fees: $17,664” (under "Keizer University")' in shown
    # /source is no turn: the conversation goes on from the question before it.
    assert "Keiser" in "".join(text for _, text in chat.handle("where is it")[0])
