"""The built-in English and US-geography data."""

from advisor.nlu.language import english


def test_every_state_has_an_abbreviation_and_neighbours():
    lang = english()
    assert len(lang.states) == 51 and set(lang.neighbours) == set(lang.states)
    assert lang.state_by_abbreviation["TX"] == "Texas"


def test_borders_are_symmetric_and_real():
    lang = english()
    for state, near in lang.neighbours.items():
        for other in near:
            assert state in lang.neighbours[other], (state, other)
    assert lang.neighbours["Alaska"] == () and "Kansas" in lang.neighbours["Oklahoma"]


def test_words_are_text_not_yaml_booleans():
    lang = english()
    assert "yes" in lang.yes_words and "no" in lang.no_words and "on" in lang.stopwords


def test_every_word_list_of_the_built_in_data_holds_words():
    # YAML reads a bare no, yes, on or off as a boolean: such a word must be quoted.
    from importlib import resources

    import yaml

    for name in ("english.yaml", "occupations.yaml", "us_regions.yaml"):
        data = yaml.safe_load(resources.files("advisor.nlu.data").joinpath(name).read_text(encoding="utf-8"))
        for key, value in data.items():
            if isinstance(value, list):
                odd = [w for w in value if not isinstance(w, (str, dict))]
                assert not odd, f"{name}: {key} holds {odd!r}"


def test_the_data_files_read_the_same_from_the_cache(monkeypatch, tmp_path):
    from advisor.nlu import language
    from advisor.pack import cache

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    parsed = language._read("english.yaml")  # an empty cache: parsed, then kept
    assert cache.has("language", cache.key("language", "english.yaml"))
    assert language._read("english.yaml") == parsed and parsed["stopwords"]
    # An entry of another shape (a damaged cache) is no mapping: the file is parsed again.
    cache.write("language", cache.key("language", "english.yaml"), ["not", "a", "mapping"])
    assert language._read("english.yaml") == parsed
