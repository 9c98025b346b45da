"""Statements the pack once made more broadly than the article does, now said as it says them.

Each of these is marked "CORRECTION:" in the knowledge YAML.
"""

from pathlib import Path

from advisor.pack.build import default_pack_dirs

_, KNOWLEDGE = default_pack_dirs()


def test_the_61_credits_are_the_associate_in_sciences_not_an_aas(bot):
    aas = bot.ask("how many credits is an AAS").text
    assert "61" not in aas and "66 credits" in aas and "Hutchinson" in aas
    assert "about 61 credits" in bot.ask("how many credits is an associate in science").text
    # The associate degree stands for both kinds: each figure is told of its own kind.
    both = bot.ask("how many credits is an associate degree").text
    assert "Associate in Science takes about 61 credits" in both and "Applied Science takes" not in both


def test_the_2018_figure_is_labelled_as_the_article_labels_it(bot):
    text = bot.ask("what was the average pay in may 2018").text
    assert "$40,350" in text and "medical records and healthcare professionals" in text


def test_the_job_postings_code_sets_are_named_as_the_article_names_them(bot):
    text = bot.ask("what does the VA job posting ask for").text
    assert "International Classification of Diseases, Clinical Modification" in text and "HCPCS" in text
    for expansion in ("(ICD)", "(CPT)", "E&M", "Current Procedural Terminology"):
        assert expansion not in text


def test_collin_goes_by_the_articles_district_name(bot):
    text = bot.ask("where is Collin College").text
    assert text.startswith("Collin County Community College District is in McKinney, Texas")
    assert bot.ask("tuition at collin").entities["school"] == "Collin County Community College District"


def test_the_rhit_exam_is_said_of_hutchinsons_students_only(bot):
    assert "exam" not in bot.ask("what certification should I get").text
    assert "can take the national RHIT certification exam" in bot.ask("what program does Hutchinson offer").text
    for other in ("Keiser", "Peirce", "Dakota State", "Collin", "Coastal"):
        assert "RHIT" not in bot.ask(f"what program does {other} offer").text, other


def test_each_correction_is_marked_in_the_yaml():
    text = "\n".join(p.read_text() for p in sorted(Path(KNOWLEDGE).glob("*.yaml")))
    # Keiser, AHIMA, the bottom 25%, Collin, the AAS, the 2018 figure, the code sets, the RHIT exam.
    assert text.count("CORRECTION:") >= 8
