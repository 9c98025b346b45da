"""The knowledge pack: the article's facts, typed and validated, with corrections kept."""

import pytest

from advisor.errors import PackLoadError
from advisor.pack.knowledge_load import load_knowledge


@pytest.fixture(scope="module")
def k(bot):
    return bot.pack.knowledge


def test_pay_figures_from_the_article(k):
    assert k.pay.average == 37110
    assert k.pay.percentile("bottom", 10).amount == 24190
    assert k.pay.percentile("top", 10).amount == 61400
    assert k.pay.percentile("top", 25).amount == 51350
    assert [f.amount for f in k.pay.other] == [40350]
    assert k.pay.cites == "the Bureau of Labor Statistics"


def test_the_garbled_quartile_is_stored_as_the_bottom_25_percent(k):
    low = k.pay.percentile("bottom", 25)
    assert low.amount == 30990 and "highest" in low.article_says


def test_six_schools_with_tuition(k):
    tuition = {s.name: s.tuition for s in k.schools}
    assert tuition == {
        "Keiser University": 17664,
        "Hutchinson Community College": 14458,
        "Coastal Community University": 17642,
        "Peirce College": 11000,
        "Dakota State University": 24337,
        "Collin County Community College District": 18404,
    }


def test_corrections_keep_the_article_spelling_as_alias(k):
    assert "Keizer University" in k.school("Keiser University").aliases
    body = k.topics["certifying_body"]
    names = k.vocabulary.synonyms
    assert names["american medical records technicians program association"] == "certifying body"
    assert "American Health Information Management Association" in body.text
    # ...and the correction is told with the source it corrects.
    assert "Program Association" in body.sources[0].correction


def test_shares_and_credentials(k):
    assert k.setting("hospitals").share == 38 and k.setting("medical offices").share == 21
    assert k.credential("Associate in Science").credits == 61 and k.credential("certificate").credits == 16
    # "associate" stands for both kinds; the 61 credits are the Associate in Science's only.
    assert k.credential("associate").credits is None
    assert k.credential("associate").includes == ("Associate in Applied Science", "Associate in Science")


def test_every_topic_quotes_its_source_under_its_section(k):
    assert all(t.sources and all(s.section and s.quote for s in t.sources) for t in k.topics.values())
    # The section is the heading the quote is under in the article.
    assert k.pay.percentiles[0].sources[0].section == "How much does a medical records technician earn?"
    assert k.school("Keiser University").sources_of("tuition")[0].section == "Keizer University"


def test_template_fields_are_rendered(k):
    assert k.fields["pay.average"] == "$37,110"
    assert k.fields["occupation.plural"] == "medical records technicians"


def test_empty_folder_is_an_empty_pack(tmp_path):
    k = load_knowledge(tmp_path)
    assert k.schools == () and k.pay is None and k.topics == {}
    # Only the occupation's default names, which intents' examples may name.
    assert set(k.fields) == {"occupation.title", "occupation.name", "occupation.plural"}
    assert k.fields["occupation.plural"] == "people in this occupation"


def test_missing_and_mistyped_fields_are_load_errors(tmp_path):
    (tmp_path / "s.yaml").write_text("schools:\n  - name: X\n    tuition: lots\n  - city: Y\n    tuition: 5\n")
    with pytest.raises(PackLoadError) as err:
        load_knowledge(tmp_path)
    text = "\n".join(map(str, err.value.problems))
    assert "s.yaml:3:14" in text and "whole number" in text
    assert "s.yaml:4:" in text and "missing the key 'name'" in text


def test_misspelt_key_gets_a_did_you_mean(tmp_path):
    (tmp_path / "s.yaml").write_text("schools:\n  - name: X\n    tuiton: 5\n")
    with pytest.raises(PackLoadError) as err:
        load_knowledge(tmp_path)
    assert "did you mean 'tuition'" in str(err.value.problems[0])


@pytest.mark.parametrize(("includes", "found"), [("5", "the number 5"), ("bachelor", "the text 'bachelor'")])
def test_a_bad_includes_is_one_load_error_at_its_line(tmp_path, includes, found):
    (tmp_path / "c.yaml").write_text(f"credentials:\n  - level: associate\n    includes: {includes}\n")
    with pytest.raises(PackLoadError) as err:
        load_knowledge(tmp_path)
    (problem,) = err.value.problems
    assert (problem.line, problem.column) == (3, 15) and f"should be a list of texts, found {found}" in problem.message
