"""Accounting for a question's words: which intent's patterns and answers use them."""

from advisor.nlu.evidence import SAID_WEIGHT, Evidence, same_word

EVIDENCE = Evidence(
    asked={"duties": {"what", "do", "they"}, "about": {"what", "is", "OCCUPATION"}, "tuition": {"tuition", "SCHOOL"}},
    said={"about": {"transcription", "organize"}, "duties": {"enter", "update"}},
    ignore={"do", "they", "the", "what", "is"},
)


def test_content_words_leave_out_stopwords_and_the_occupation_but_keep_entities():
    assert EVIDENCE.content(("do", "they", "do", "transcription")) == ("transcription",)
    assert EVIDENCE.content(("what", "is", "OCCUPATION")) == ()
    assert EVIDENCE.content(("tuition", "at", "SCHOOL")) == ("tuition", "SCHOOL")


def test_a_word_only_one_answer_says_is_accounted_for_by_that_intent():
    assert EVIDENCE.account("about", ("transcription",)).share == SAID_WEIGHT
    assert EVIDENCE.account("duties", ("transcription",)).share == 0.0
    assert EVIDENCE.accounting_for(("transcription",)) == ["about"]


def test_words_no_intent_knows_do_not_count():
    accounting = EVIDENCE.account("tuition", ("tuition", "zorp"))
    assert accounting.share == 1.0 and accounting.missing == ()


def test_missing_words_are_named():
    assert EVIDENCE.account("tuition", ("tuition", "SCHOOL", "update")).missing == ("update",)


def test_forms_of_a_word_are_one_word_but_not_every_shared_beginning():
    assert same_word("analysis", "analyze") and same_word("insurer", "insurance")
    assert same_word("entrepreneur", "entrepreneurial")
    assert not same_word("care", "career") and not same_word("patient", "pattern")


def test_a_word_known_by_another_form_counts_for_the_intent_using_it_never_against_others():
    # "organizing" is known only as "organize", which the about answer says.
    assert EVIDENCE.account("about", ("organizing",)).share == SAID_WEIGHT
    assert EVIDENCE.account("tuition", ("tuition", "organizing")).share == 1.0
    assert EVIDENCE.accounting_for(("organizing",)) == ["about"]
