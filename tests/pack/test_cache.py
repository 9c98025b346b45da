"""The pack cache: one entry per file, so a changed file is all that is done again; plain
data that can't run code, in a folder that must be the user's own."""

from __future__ import annotations

import os
import pickle
import shutil

import pytest

from advisor import Advisor
from advisor.career import career_handlers
from advisor.pack import build, cache, yamlsource
from advisor.pack.registry import HandlerSet


def copy_toy(tmp_path):
    from conftest import TOY

    shutil.copytree(TOY, tmp_path / "pack")
    return tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge"


@pytest.fixture
def counted(monkeypatch, tmp_path):
    """The cache in tmp_path, and counts of the files parsed and the shards built."""
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    counts = {"parsed": 0, "built": 0}
    parse, route = yamlsource._parse_bytes, build.Pack._routing_forms

    def parsing(*args, **kwargs):
        counts["parsed"] += 1
        return parse(*args, **kwargs)

    def routing(self, group):
        counts["built"] += 1
        return route(self, group)

    monkeypatch.setattr(yamlsource, "_parse_bytes", parsing)
    monkeypatch.setattr(build.Pack, "_routing_forms", routing)
    return counts


def test_a_second_load_parses_and_builds_nothing(tmp_path, counted):
    intents, knowledge = copy_toy(tmp_path)
    first = Advisor.load(intents, knowledge)
    assert counted["parsed"] > 0 and counted["built"] > 0
    kinds = {p.suffix for p in (tmp_path / "cache").iterdir()}
    assert {".yaml", ".intents", ".routing", ".answers", ".words"} <= kinds
    counted.update(parsed=0, built=0)
    second = Advisor.load(intents, knowledge)
    assert counted == {"parsed": 0, "built": 0}
    for q in ("how much do they earn", "tell me about harbor", "cheapest school", "zzz"):
        assert first.ask(q) == second.ask(q)


def test_a_changed_intents_file_is_all_that_is_done_again(tmp_path, counted):
    intents, knowledge = copy_toy(tmp_path)
    (intents / "more.yaml").write_text(
        "intents:\n  - name: weather\n    patterns: [is it raining, weather today]\n    answer: No idea.\n"
    )
    Advisor.load(intents, knowledge)
    counted.update(parsed=0, built=0)
    path = intents / "more.yaml"
    path.write_text(path.read_text().replace("weather today", "what is the weather like"))
    bot = Advisor.load(intents, knowledge)
    assert counted == {"parsed": 1, "built": 1}
    assert bot.ask("what is the weather like").text == "No idea."


def test_a_vocabulary_change_rebuilds_every_shard(tmp_path, counted):
    intents, knowledge = copy_toy(tmp_path)
    Advisor.load(intents, knowledge)
    shards = counted["built"]
    counted.update(parsed=0, built=0)
    path = knowledge / "pay.yaml"
    path.write_text(path.read_text().replace("41000", "42000"))  # a knowledge change: answers change
    bot = Advisor.load(intents, knowledge)
    assert counted["built"] == shards and "$42,000" in bot.ask("how much do they earn").text


def test_what_the_handlers_say_keys_the_shards(tmp_path, counted):
    # Handlers from outside the engine's code (whose hash keys every entry) say other words:
    # the shards holding their intents' answer words are built again, not read stale.
    intents, knowledge = copy_toy(tmp_path)
    career = career_handlers()

    def saying(word: str):
        return HandlerSet(career.handlers, {**career.says, "pay": lambda knowledge: word}, career.cue_words)

    Advisor.load(intents, knowledge, handlers=saying("zebra"))
    counted.update(parsed=0, built=0)
    bot = Advisor.load(intents, knowledge, handlers=saying("giraffe"))
    assert counted["built"] > 0
    paying = {i.name for i in bot.intents if i.handler == "pay"}  # salary, pay_gap, pay_offer
    assert set(bot.pack.answer_words.get("giraffe", ())) == paying and "zebra" not in bot.pack.answer_words
    counted.update(parsed=0, built=0)
    Advisor.load(intents, knowledge, handlers=saying("giraffe"))
    assert counted["built"] == 0


def test_a_corrupt_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    Advisor.load(intents, knowledge)
    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(b"not a cache entry")
    assert "$41,000" in Advisor.load(intents, knowledge).ask("how much do they earn").text


def test_a_planted_pickle_is_never_run(tmp_path, monkeypatch):
    # Every entry is replaced by a pickle that would create a file if it were unpickled.
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    Advisor.load(intents, knowledge)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for entry in (tmp_path / "cache").iterdir():
        entry.write_bytes(pickle.dumps(Payload()))
    assert "$41,000" in Advisor.load(intents, knowledge).ask("how much do they earn").text
    assert not marker.exists()


def test_a_cache_folder_others_may_write_is_not_used(tmp_path, monkeypatch, capsys):
    shared = tmp_path / "cache"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(shared))
    monkeypatch.setattr(cache, "_warned", set())
    Advisor.load(*copy_toy(tmp_path))
    assert list(shared.iterdir()) == []  # nothing read or written there
    assert capsys.readouterr().err.count("may be written by other users") == 1


def test_a_cache_file_others_may_write_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_warned", set())
    entry = cache.key("test")
    cache.write("yaml", entry, {"x": 1})
    assert cache.read("yaml", entry) == {"x": 1}
    os.chmod(tmp_path / "cache" / f"{entry}.yaml", 0o666)
    assert cache.read("yaml", entry) is None
    assert oct(os.stat(tmp_path / "cache").st_mode & 0o777) == "0o700"


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    Advisor.load(*copy_toy(tmp_path))
    assert not (tmp_path / "cache").exists()


def test_an_unwritable_cache_folder_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(blocker / "sub"))  # a folder under a file
    assert Advisor.load(*copy_toy(tmp_path)).ask("hello").text


def test_problems_in_a_cached_pack_are_placed_exactly(tmp_path, monkeypatch):
    from advisor.errors import PackLoadError

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    (intents / "more.yaml").write_text("intents:\n  - name: a\n    patterns: [one, two]\n    answer: A\n")
    Advisor.load(intents, knowledge)
    (intents / "again.yaml").write_text("intents:\n  - name: a\n    patterns: [three]\n    answer: B\n")
    with pytest.raises(PackLoadError) as caught:
        Advisor.load(intents, knowledge)
    (problem,) = [p for p in caught.value.problems if "duplicate intent name" in p.message]
    assert problem.file.endswith("more.yaml") and problem.line == 2


def test_another_process_finds_the_same_entries(tmp_path):
    # Keys must not depend on the process (Python salts string hashes, so set order varies).
    import subprocess
    import sys

    intents, knowledge = copy_toy(tmp_path)
    load = f"from advisor import Advisor; Advisor.load({str(intents)!r}, {str(knowledge)!r})"
    entries = []
    for seed in ("1", "2"):
        env = {**os.environ, "ADVISOR_CACHE_DIR": str(tmp_path / "cache"), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", load], env=env, check=True)
        entries.append(sorted(p.name for p in (tmp_path / "cache").iterdir()))
    assert entries[0] == entries[1]


def test_a_file_saved_during_a_load_is_read_at_the_next(tmp_path, monkeypatch):
    # What a load caches is keyed by the bytes it read: a save after the read (while the
    # rest loads) is never stored under the old text's results.
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    pay = knowledge / "pay.yaml"
    read = yamlsource.read_pack_file

    def read_then_saved(path):
        found = read(path)
        if path == pay:
            pay.write_text(pay.read_text().replace("41000", "42000"))
        return found

    monkeypatch.setattr(yamlsource, "read_pack_file", read_then_saved)
    during = Advisor.load(intents, knowledge)
    monkeypatch.undo()
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    after = Advisor.load(intents, knowledge)
    assert "$41,000" in during.ask("how much do they earn").text
    assert "$42,000" in after.ask("how much do they earn").text and after.version != during.version


def test_the_version_is_of_the_files_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    first = Advisor.load(intents, knowledge).version
    (knowledge / "NOTES.md").write_text("an author's notes: not part of the pack")
    (intents / ".more.yaml.swp").write_bytes(b"\0vim")
    assert Advisor.load(intents, knowledge).version == first
    shutil.copytree(tmp_path / "pack", tmp_path / "elsewhere")  # the same files anywhere
    assert Advisor.load(tmp_path / "elsewhere" / "intents", tmp_path / "elsewhere" / "knowledge").version == first


def test_a_pack_read_from_another_folder_comes_from_the_cache(tmp_path, counted, monkeypatch):
    intents, knowledge = copy_toy(tmp_path)
    Advisor.load(intents, knowledge)
    counted.update(parsed=0, built=0)
    monkeypatch.chdir(intents)  # the files are shown by another path: the same entries
    Advisor.load(intents, knowledge)
    assert counted == {"parsed": 0, "built": 0}


def test_an_answer_edit_keeps_the_pattern_words_and_routing_forms(tmp_path, counted):
    intents, knowledge = copy_toy(tmp_path)
    (intents / "more.yaml").write_text("intents:\n  - name: w\n    patterns: [is it raining]\n    answer: No idea.\n")
    Advisor.load(intents, knowledge)
    words = {p.name for p in (tmp_path / "cache").glob("*.words")}
    counted.update(parsed=0, built=0)
    path = intents / "more.yaml"
    path.write_text(path.read_text().replace("No idea.", "I can't tell about drizzle."))
    bot = Advisor.load(intents, knowledge)
    assert bot.ask("is it raining").text == "I can't tell about drizzle."
    assert counted == {"parsed": 1, "built": 0}  # the file read again; no pattern normalised again
    assert {p.name for p in (tmp_path / "cache").glob("*.words")} == words
    # ...and what the answer now says is known to the evidence: the answers' half was made again.
    assert bot.pack.answer_words["drizzle"] == ("w",) and bot.pack.evidence.users_of("drizzle") == ("w",)


def test_warnings_in_a_cached_pack_are_placed_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    (intents / "more.yaml").write_text(
        "intents:\n  - name: w\n    patterns: [median pay]\n    examples:\n"
        "      - What is the median?\n      - Is it {pay.median}?\n    answer: Ask me.\n"
    )
    places = []
    for _ in range(2):  # parsed, then from the cache
        found = build.read_pack(intents, knowledge, career_handlers()).problems
        places.append([(p.file, p.line, p.column) for p in found if p.severity == "warning"])
    assert places[0] and places[1] == places[0] and places[0][0][1] == 6


def test_the_cache_keeps_at_most_its_bound_of_every_kind(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "KEEP", 4)
    monkeypatch.setattr(cache, "IN_USE_SECONDS", -60)  # nothing counts as in use
    intents, knowledge = copy_toy(tmp_path)
    path = intents / "more.yaml"
    for n in range(3):
        path.write_text(f"intents:\n  - name: w\n    patterns: [pattern number {n}]\n    answer: A{n}.\n")
        Advisor.load(intents, knowledge)
    assert len(list((tmp_path / "cache").iterdir())) <= 4


def test_a_new_format_reads_no_entry_of_the_old(tmp_path, monkeypatch):
    # Every entry's key holds the format: an older entry's layout is never read as the new.
    from advisor.nlu.lexicon import common_words

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    common_words.cache_clear()
    Advisor.load(intents, knowledge)
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    cache.engine_key.cache_clear()
    common_words.cache_clear()
    read, found = cache.read, []
    monkeypatch.setattr(cache, "read", lambda kind, entry: found.append(read(kind, entry)) or found[-1])
    assert Advisor.load(intents, knowledge).ask("hello").text
    assert found and all(value is None for value in found)
    cache.engine_key.cache_clear()
    common_words.cache_clear()


def test_an_intent_given_a_school_slot_is_about_the_schools_at_the_next_load(tmp_path, counted):
    # Which intents are about the schools is kept in each file's shard: the slots key it too.
    intents, knowledge = copy_toy(tmp_path)
    path = intents / "more.yaml"
    plain = "intents:\n  - name: visits\n    patterns: [when can i visit]\n    answer: Any day.\n"
    path.write_text(plain)
    assert "visits" not in Advisor.load(intents, knowledge).pack.school_intents
    path.write_text(plain.replace("    answer:", "    slots: [school]\n    answer:"))
    assert "visits" in Advisor.load(intents, knowledge).pack.school_intents


def test_intents_from_the_cache_are_those_read_afresh_and_placed_where_they_now_are(tmp_path, counted, monkeypatch):
    from advisor.pack.intents import load_intents

    intents, _ = copy_toy(tmp_path)
    load_intents(intents)
    assert any(p.suffix == ".intents" for p in (tmp_path / "cache").iterdir())
    shutil.copytree(tmp_path / "pack", tmp_path / "elsewhere")
    moved = tmp_path / "elsewhere" / "intents"
    counted.update(parsed=0)
    cached = load_intents(moved)
    assert counted["parsed"] == 0  # neither the intents nor the rest of a file parsed again
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    fresh = load_intents(moved)
    assert cached.intents == fresh.intents and cached.vocabulary == fresh.vocabulary
    assert cached.help == fresh.help and cached.attributes == fresh.attributes and cached.offers == fresh.offers
    assert all("elsewhere" in i.source for i in cached.intents)


def test_a_big_packs_files_are_parsed_ahead_in_other_processes(tmp_path, counted, monkeypatch):
    from advisor.pack import intents as intents_module
    from advisor.pack import parallel

    intents, knowledge = copy_toy(tmp_path)
    (intents / "more.yaml").write_text("intents:\n  - name: w\n    patterns: [is it raining]\n    answer: No idea.\n")
    monkeypatch.setattr(intents_module, "PARALLEL_BYTES", 0)  # the toy pack's two files are "big"
    if parallel.workers() < 2:
        pytest.skip("this machine gives a load one process")
    bot = Advisor.load(intents, knowledge)
    # The knowledge files only, here: both intents files were parsed in the other processes.
    assert counted["parsed"] == len(list(knowledge.glob("*.yaml")))
    assert len(list((tmp_path / "cache").glob("*.intents"))) == 2
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    alone = Advisor.load(intents, knowledge)
    for question in ("is it raining", "how much do they earn", "tell me about harbor"):
        assert bot.ask(question) == alone.ask(question)


def test_a_pack_whose_load_uses_more_entries_than_the_bound_finds_them_all_next_time(tmp_path, counted, monkeypatch):
    # Each intents file has several entries: a pack of many files may use more than KEEP in
    # one load, and none of them may be pruned before the next load reads them.
    monkeypatch.setattr(cache, "KEEP", 4)
    intents, knowledge = copy_toy(tmp_path)
    for n in range(6):
        (intents / f"more_{n}.yaml").write_text(
            f"intents:\n  - name: w{n}\n    patterns: [pattern {n}]\n    answer: A.\n"
        )
    Advisor.load(intents, knowledge)
    assert len(list((tmp_path / "cache").iterdir())) > cache.KEEP
    counted.update(parsed=0, built=0)
    Advisor.load(intents, knowledge)
    assert counted == {"parsed": 0, "built": 0}


def test_an_entry_of_the_wrong_shape_is_ignored(tmp_path, monkeypatch):
    # Readable data, but not what an entry of its kind holds (a damaged or foreign file).
    import marshal

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    Advisor.load(intents, knowledge)
    for entry in (tmp_path / "cache").iterdir():
        if entry.suffix in (".intents", ".yaml", ".routing", ".answers"):
            entry.write_bytes(marshal.dumps(([("not", "an intent")], ({}, {}, {}))))
    assert "$41,000" in Advisor.load(intents, knowledge).ask("how much do they earn").text
