def test_online_wanted_still_names_the_school_at_home(bot):
    conv = bot.conversation()
    conv.ask("I live in Kansas and I want to study online")
    r = conv.ask("which school fits me?")
    assert "Peirce" in r.text and "Hutchinson" in r.text and "doesn't say it teaches online" in r.text


def test_a_budget_near_home_also_names_the_online_schools_within_it(bot):
    conv = bot.conversation()
    conv.ask("I live in Kansas")
    r = conv.ask("my budget is 15000, which schools can i afford")
    assert "Hutchinson" in r.text and "Peirce College ($11,000)" in r.text and "Dakota" not in r.text
