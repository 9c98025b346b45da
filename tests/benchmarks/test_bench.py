"""The benchmark's pieces work on small inputs (the benchmark itself is not a test)."""

from bench import questions_for, time_turns
from benchgen import write_pack

from advisor import Advisor


def test_generated_pack_loads_and_answers(tmp_path):
    questions = write_pack(tmp_path, intents=5, questions=20)
    bot = Advisor.load(tmp_path / "intents", tmp_path / "knowledge")
    assert len(bot.intents) == 5 and len(questions) == 20
    answered = [bot.ask(q) for q in questions]
    assert sum(r.intent is not None for r in answered) >= 15  # typos and extra words included


def test_question_set_and_timings(bot):
    questions = questions_for(bot)
    assert len(questions) >= 300 and len(set(questions)) >= 250
    figures = time_turns(bot, questions[:20])
    assert figures["turns"] == 20 and 0 < figures["median_ms"] <= figures["p99_ms"] <= figures["max_ms"]
