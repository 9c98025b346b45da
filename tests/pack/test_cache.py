"""The pack cache: a second load comes from it; any change to a file is a miss."""

import shutil

from advisor import Advisor
from advisor.pack import cache


def copy_toy(tmp_path):
    from conftest import TOY

    shutil.copytree(TOY, tmp_path / "pack")
    return tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge"


def test_second_load_comes_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    first = Advisor.load(intents, knowledge)
    entry = cache.key(intents, knowledge)
    assert (tmp_path / "cache" / f"{entry}.pack").exists()
    saved = cache.read(entry)
    assert saved is not None
    second = Advisor.load(intents, knowledge)
    for q in ("how much do they earn", "tell me about harbor", "cheapest school", "zzz"):
        assert first.ask(q) == second.ask(q)


def test_a_changed_file_is_a_new_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    Advisor.load(intents, knowledge)
    before = cache.key(intents, knowledge)
    path = knowledge / "pay.yaml"
    path.write_text(path.read_text().replace("41000", "42000"))
    assert cache.key(intents, knowledge) != before
    assert "$42,000" in Advisor.load(intents, knowledge).ask("how much do they earn").text


def test_a_corrupt_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    intents, knowledge = copy_toy(tmp_path)
    Advisor.load(intents, knowledge)
    (tmp_path / "cache" / f"{cache.key(intents, knowledge)}.pack").write_bytes(b"not a cache entry")
    assert "$41,000" in Advisor.load(intents, knowledge).ask("how much do they earn").text


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
