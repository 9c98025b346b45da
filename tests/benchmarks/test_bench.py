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


def test_the_big_pack_measure_runs_on_a_small_pack():
    import bigpack

    figures = bigpack.measure(intents=40)
    assert figures["files"] == 10 and figures["patterns"] == 800
    assert 0 < figures["cached_load_s"] and 0 < figures["edit_load_s"] and figures["rss_after_turns_mb"] > 0
    assert figures["turns_first"]["routed_right"] > 0.5 and "Big pack" in bigpack.show(figures)
    assert 0 < figures["first_turn_ms"] and 0 < figures["next_20_median_ms"]


def test_the_scaling_curve_puts_a_generated_pack_beside_the_default(bot):
    import bigpack

    rows = bigpack.curve(questions_for(bot)[:40], sizes=(30,), rounds=2)
    assert [row["intents"] for row in rows] == ["default", 30]
    assert len(rows[1]["rounds"]) == 2 and all(m > 0 for r in rows[1]["rounds"] for m in r)
    shown = bigpack.show_curve(rows)
    assert "default" in shown and "multiple of the default pack" in shown and "30" in shown


def test_the_web_benchmarks_bare_engine_answers_in_a_process_of_its_own():
    import web_bench

    figures = web_bench.bare_engine(0.3)
    assert figures["ask_turns_per_second"] > 0 and figures["conversation_turns_per_second"] > 0
