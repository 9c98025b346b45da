"""One Advisor shared by 8 threads, each with its own conversation, gives exactly the
answers a single thread gives (2,000 questions per thread)."""

import threading

QUESTIONS = [
    "tell me about Peirce",
    "how much is it?",
    "where is it?",
    "is it online?",
    "what about Keiser?",
    "how much do they earn",
    "and the bottom 10%?",
    "what do the top 25% make",
    "schools in Texas",
    "which city?",
    "compare Hutchinson and Collin",
    "the cheaper one",
    "I live in Kansas",
    "is there one near me?",
    "my budget is 15k",
    "which schools fit me",
    "the community college",
    "the second",
    "schools in Ohio",
    "yes",
    "what certification do I need",
    "who runs it",
    "how long is the certificate",
    "and the associate?",
    "zxcv",
    "how much do nurses earn",
    "hello",
    "thanks",
    "what courses will I take",
    "where do they work",
]
PER_THREAD = 2000
THREADS = 8


def run(bot, start: int) -> list[str]:
    """PER_THREAD answers from one conversation, starting at a different question per thread."""
    conv = bot.conversation()
    out = []
    for n in range(PER_THREAD):
        if n % len(QUESTIONS) == 0:
            conv.reset()
        out.append(conv.ask(QUESTIONS[(n + start) % len(QUESTIONS)]).text)
    return out


def test_threads_match_a_single_thread(bot):
    expected = {start: run(bot, start) for start in range(THREADS)}
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def worker(start: int) -> None:
        try:
            results[start] = run(bot, start)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(start,)) for start in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == expected
