"""The pytest plugin, tested with pytester: collection, failure reports, configuration."""

GOOD = "> how much do they earn?\n< 37,110\n@intent salary\n=== peirce\n> how much is Peirce\n< 11,000\n"
BAD = "=== wrong\n> tell me about Peirce\n< 99,999\n=== right\n> where is Peirce\n< Philadelphia\n"


OPT_IN = "[pytest]\nchat_glob = *.chat\n"


def test_an_unrelated_project_collects_nothing(pytester):
    # Installing advisor registers the plugin everywhere; a project that has not opted in
    # keeps collecting exactly what it did before, .chat files or not.
    pytester.makefile(".chat", salary=GOOD)
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=1)
    assert "salary.chat" not in result.stdout.str()


def test_the_command_line_flag_opts_in(pytester):
    pytester.makefile(".chat", salary=GOOD)
    pytester.runpytest("--chat-glob=*.chat").assert_outcomes(passed=2)


def test_collects_one_item_per_conversation(pytester):
    pytester.makefile(".chat", salary=GOOD)
    pytester.makeini(OPT_IN)
    result = pytester.runpytest("-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*salary.chat::salary PASSED*", "*salary.chat::peirce PASSED*"])


def test_failure_shows_the_numbered_transcript_and_expected_vs_got(pytester):
    pytester.makefile(".chat", broken=BAD)
    pytester.makeini(OPT_IN)
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*transcript: wrong*",
            "*=== wrong*broken.chat:1*",
            "*2 > tell me about Peirce",
            "*reply: Peirce College is in Philadelphia*",
            "*3 < 99,999   <- FAIL",
            "*broken.chat:3: expected '< 99,999'",
            "*got: Peirce College*",
        ]
    )


def test_glob_is_configurable(pytester):
    pytester.makefile(".convo", salary=GOOD)
    pytester.makeini("[pytest]\nchat_glob = *.convo\n")
    pytester.runpytest().assert_outcomes(passed=2)


def test_malformed_file_is_a_collection_error(pytester):
    pytester.makefile(".chat", bad="> hi\n?? nope\n")
    pytester.makeini(OPT_IN)
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(["*bad.chat:2: expected*"])
    assert result.ret != 0


def test_another_pack_from_the_ini(pytester):
    from conftest import TOY

    pytester.makefile(".chat", toy="> how much do they earn\n< 41,000\n")
    pytester.makeini(OPT_IN + f"chat_intents = {TOY / 'intents'}\nchat_knowledge = {TOY / 'knowledge'}\n")
    pytester.runpytest().assert_outcomes(passed=1)
