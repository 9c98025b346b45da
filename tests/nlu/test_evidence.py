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


def _pack_of(intents: int) -> tuple[dict, dict]:
    """A made-up pack's asked and said words: intent n asks "common", "topic{n % 7}" and a
    form of "organize" for every third; says "extra{n % 5}"."""
    asked = {f"i{n:02d}": {"common", f"topic{n % 7}", *(["organizing"] if n % 3 == 0 else [])} for n in range(intents)}
    said = {f"i{n:02d}": {f"extra{n % 5}", *(["organized"] if n % 4 == 0 else [])} for n in range(intents)}
    return asked, said


def test_a_pack_read_in_parts_accounts_as_it_does_whole():
    # A pack's files are parts of the index that share no intent: their users are merged
    # in sorted order, and counted by adding, as one index of the whole pack would be.
    from advisor.nlu.evidence import inverted, sorted_users

    asked, said = _pack_of(40)
    whole = Evidence(asked, said, ignore=())
    names = sorted(asked, reverse=True)  # parts in an order that is not the sorted one
    parts = [names[n : n + 9] for n in range(0, len(names), 9)]
    indexes = [
        sorted_users(inverted({i: asked[i] for i in part}), inverted({i: said[i] for i in part})) for part in parts
    ]
    split = Evidence(asked, said, ignore=(), indexes=indexes)
    for words in [("organize",), ("topic3", "common"), ("extra2", "organizing"), ("common",), ("topic6", "extra4")]:
        for limit in (None, 1, 6, 15):
            assert split.accounting_for(words, limit) == whole.accounting_for(words, limit)
        assert [split.idf(w) for w in split.known(words) if w in split.words] == [
            whole.idf(w) for w in whole.known(words) if w in whole.words
        ]
    assert whole.accounting_for(("organize",), 4) == ["i00", "i03", "i04", "i06"]  # its forms' users, sorted
    assert whole.users_of("common", 3) == ("i00", "i01", "i02")
