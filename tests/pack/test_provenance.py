"""Provenance: every fact of the default pack quotes its article, which ships beside it;
`advisor check` reports a fact with no quote and a quote the source does not have; and
`advisor check --coverage` lists the article's sentences no fact quotes."""

import json
import shutil
import unicodedata

from conftest import TOY

from advisor.cli import main
from advisor.pack.build import default_pack_dirs
from advisor.pack.provenance import SourceText, coverage, quotes_of, sentences

INTENTS, KNOWLEDGE = default_pack_dirs()


def _plain(text: str) -> str:
    """The test's own folding, independent of the engine's: NFKC, ASCII quote marks, one space."""
    text = unicodedata.normalize("NFKC", text)
    for fancy, plain in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(fancy, plain)
    return " ".join(text.split())


def test_the_article_ships_beside_the_pack(bot):
    source = bot.pack.knowledge.source
    assert source is not None and source.title.startswith("How can I become a Medical Records Technician?")
    assert (KNOWLEDGE / source.file).is_file()


def test_every_quote_is_in_the_article(bot):
    article = _plain((KNOWLEDGE / bot.pack.knowledge.source.file).read_text(encoding="utf-8"))
    quotes = quotes_of(bot.pack.knowledge)
    assert len(quotes) > 150
    missing = [q for q in quotes if _plain(q) not in article]
    assert not missing, missing


def test_every_fact_carries_a_source(bot):
    k = bot.pack.knowledge
    assert all(t.sources for t in k.topics.values())
    assert k.pay.sources and k.pay.factors_sources and all(p.sources for p in k.pay.percentiles)
    assert all(s.sources for s in k.workplaces.settings if s.share is not None)
    assert all(c.sources for c in k.credentials if c.duration or c.credits)
    for school in k.schools:
        assert school.sources_of("name") and school.sources_of("tuition") and school.sources_of("place")
        assert all(n.sources for n in school.notes)


def test_the_section_is_the_heading_above_the_quote():
    text = "A title\n\nWho are they?\n\nThey keep records. They code.\n\nHarbor College\n\nTuition Fees: $9,000\n"
    source = SourceText(text)
    assert source.place_of("They code.") == ("Who are they?", False)
    assert source.place_of("Tuition Fees: $9,000") == ("Harbor College", False)  # a line with a colon is no heading
    assert source.place_of("Harbor") == ("Harbor College", True)  # (part of) a heading is that heading
    assert source.place_of("not there") == ("", False)


def test_coverage_counts_sentences_and_sets_headings_apart():
    text = "A title\n\nThey keep records. They code.\n  \u2022 A bullet item.\n"
    found = coverage(text, ["They keep records", "bullet item"])
    assert (found.total, found.quoted) == (3, 2) and [s.text for s in found.missing] == ["They code."]
    assert [s.text for s in found.headings] == ["A title"]
    assert [s.heading for s in sentences(text)] == [True, False, False, False]


def test_check_coverage_leaves_only_filler_of_the_article(capsys):
    assert main(["check", "--coverage", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["share"] > 0.9
    filler = ("In this article", "Read:", "RELATED:", "Check this out:", "The following list includes",
              "There are many schools", "our web search will help you")  # fmt: skip
    unexplained = [s["text"] for s in report["not_quoted"] if not any(f in s["text"] for f in filler)]
    assert not unexplained, unexplained


def test_a_fact_without_a_quote_is_a_warning_and_strict_fails(tmp_path, capsys):
    pack = tmp_path / "pack"
    shutil.copytree(TOY, pack)
    (pack / "knowledge" / "article.txt").write_text("Made up for tests\n\nKeepers earn 41,000 dollars.\n")
    (pack / "knowledge" / "source.yaml").write_text("source: {file: article.txt, title: The Keepers}\n")
    args = ["--intents", str(pack / "intents"), "--knowledge", str(pack / "knowledge"), "check"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "pay.yaml:3:3: warning: the pay has no quote from article.txt" in err
    assert main([*args, "--strict"]) == 2


def test_coverage_of_another_document(tmp_path, capsys):
    other = tmp_path / "other.txt"
    other.write_text("Something else entirely. Nothing here is quoted.\n")
    assert main(["check", "--coverage", str(other)]) == 0
    out = capsys.readouterr().out
    assert "0 of 2 sentences quoted (0.0%)" in out and "Nothing here is quoted." in out
