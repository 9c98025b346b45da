def test_online_wanted_still_names_the_school_at_home(bot):
    conv = bot.conversation()
    conv.ask("I live in Kansas and I want to study online")
    r = conv.ask("which school fits me?")
    assert "Peirce" in r.text and "Hutchinson" in r.text and "doesn't say it teaches online" in r.text
