"""`advisor review`, `--export`, `forget` and `chat --store` on real stores, filled by real
conversations through the web API and the chat."""

from __future__ import annotations

import asyncio
import io
import json
import random
import sys
from pathlib import Path

import pytest

from advisor.cli import main
from advisor.storage.review import review
from advisor.storage.stores import RedisStore, SQLiteStore

ANSWERABLE = [
    "what does a medical records technician do", "how much do they earn", "what do the top 10% make",
    "is the job growing", "what skills do I need", "where do they work", "how long does the associate take",
    "do I need a certification", "who runs the RHIT exam", "which school is the cheapest",
    "tell me about Peirce", "how much is it?", "is Collin online", "compare Keiser and Hutchinson",
    "schools under 15k", "what courses will I take", "what personality suits the job", "do they work nights",
]  # fmt: skip
# Questions the article can't answer, each said a few ways, as different users would.
UNANSWERABLE = {
    "scholarships": ["are there scholarships", "any scholarships for this?", "can i get a scholarship",
                     "scholarships at peirce?"],
    "pizza": ["whats the best pizza in town", "best pizza near me?", "where can i get good pizza"],
    "dorms": ["do they have dorms", "is there student housing", "dorms at dakota state?"],
}  # fmt: skip


def conversations(count: int, seed: int = 11) -> list[list[str]]:
    """`count` conversations of 2-4 questions about the article's topics; about a third of
    them ask something the article doesn't cover."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        talk = [rng.choice(ANSWERABLE) for _ in range(rng.randint(2, 4))]
        if n % 3 == 0:
            family = list(UNANSWERABLE)[(n // 3) % len(UNANSWERABLE)]
            talk.insert(rng.randint(0, len(talk)), rng.choice(UNANSWERABLE[family]))
        out.append(talk)
    return out


@pytest.fixture(scope="module")
def filled(tmp_path_factory, bot):
    """A SQLite store filled with 200 conversations through the web API."""
    from web.conftest import Client

    from advisor.web.app import Settings, create_app

    path = tmp_path_factory.mktemp("review") / "conversations.sqlite3"
    with Client(create_app(Settings(store=f"sqlite:///{path}", rate_limit=0), bot)) as client:
        for talk in conversations(200):
            conversation = client.post("/api/conversations").json()["id"]
            for text in talk:
                assert (
                    client.post(f"/api/conversations/{conversation}/messages", json={"text": text}).status_code == 200
                )
    return path


def stored(path: Path):
    store = SQLiteStore(path, retain_days=30)
    try:
        return asyncio.run(store.all_turns())
    finally:
        asyncio.run(store.close())


def test_the_top_groups_are_the_questions_the_article_cannot_answer(bot, filled):
    result = review(bot, stored(filled))
    assert result.conversations == 200 and result.turns == sum(len(t) for t in conversations(200))

    def family(group):
        return next((f for f, said in UNANSWERABLE.items() if set(group.examples) & set(said)), None)

    # The biggest groups are the questions the article cannot answer, every family among
    # them; no group of questions it answers comes near them.
    top = result.groups[:5]
    assert all(family(g) for g in top) and {family(g) for g in top} == set(UNANSWERABLE), [g.examples for g in top]
    assert top[0].count >= 15 and all(g.count <= 2 for g in result.groups if family(g) is None)
    assert dict((a, n) for a, n, _ in result.attributes)["financial aid and scholarships"] >= 15
    assert result.outcomes["answered"] > result.turns * 0.6
    assert "record_items" in result.unreached and "salary" not in result.unreached
    assert [v.pack for v in result.versions] == [bot.version] and result.versions[0].turns == result.turns


def test_the_review_command_prints_it_and_its_json(filled, capsys):
    assert main(["review", "--store", f"sqlite:///{filled}"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("200 conversations") and "not in the source: financial aid and scholarships" in text
    assert "(current)" in text
    assert main(["review", "--store", f"sqlite:///{filled}", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["conversations"] == 200 and data["groups"][0]["count"] >= 15
    assert main(["review", "--store", f"sqlite:///{filled}", "--since", "2999-01-01"]) == 0
    assert "No stored turns" in capsys.readouterr().out
    assert main(["review", "--store", f"sqlite:///{filled}", "--since", "last week"]) == 2


def test_an_exported_conversation_replays_green(filled, tmp_path, capsys):
    conversation = next(iter(stored(filled)))
    target = tmp_path / "exported.chat"
    assert main(["review", "--store", f"sqlite:///{filled}", "--export", conversation, str(target)]) == 0
    assert target.read_text().count("\n> ") + target.read_text().startswith("> ") >= 2
    assert main(["replay", str(target)]) == 0
    assert "0 failed" in capsys.readouterr().out
    assert main(["review", "--store", f"sqlite:///{filled}", "--export", "ab" * 16, str(target)]) == 2


def test_forget_deletes_a_conversation(tmp_path, bot, capsys):
    store = SQLiteStore(tmp_path / "c.sqlite3", retain_days=30)
    conversation = asyncio.run(store.create())
    asyncio.run(store.close())
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["forget", conversation, "--store", url]) == 0
    assert main(["forget", conversation, "--store", url]) == 2
    assert "no stored conversation" in capsys.readouterr().err


def test_chat_with_a_store_keeps_its_turns_for_review(tmp_path, monkeypatch, capsys, bot):
    url = f"sqlite:///{tmp_path / 'chat.sqlite3'}"
    monkeypatch.setattr(sys, "stdin", io.StringIO("tell me about Keiser\nhow much is it?\nare there scholarships\n"))
    assert main(["chat", "--store", url]) == 0
    assert "$17,664" in capsys.readouterr().out  # the context works through the store
    turns = stored(tmp_path / "chat.sqlite3")
    (kept,) = turns.values()
    assert [t.user for t in kept] == ["tell me about Keiser", "how much is it?", "are there scholarships"]
    assert kept[2].outcome == "declined" and kept[2].attribute == "financial aid and scholarships"
    assert kept[1].intent == "school_tuition" and kept[1].pack == bot.version and kept[1].confidence > 0.5


def test_a_stored_chat_whose_conversation_was_forgotten_goes_on_in_a_new_one(tmp_path, bot):
    from advisor.storage.session import StoredConversation

    chat = StoredConversation(bot, SQLiteStore(tmp_path / "c.sqlite3", retain_days=30))
    chat.ask("tell me about Keiser")
    first = chat.id
    chat._run(chat.store.delete(first))  # as `advisor forget` would, from another process
    assert "$" in chat.ask("how much does it cost to become one?").text
    assert chat.id != first and [t.n for t in chat._run(chat.store.turns(chat.id))] == [1]
    chat.close()


def test_drift_splits_the_figures_by_pack_version(tmp_path, bot):
    from advisor.storage.session import EngineStep

    store = SQLiteStore(tmp_path / "d.sqlite3", retain_days=30)

    async def fill():
        for version, texts in (("old", ["are there scholarships", "hello there"]), ("new", ["how much do they earn"])):
            conversation = await store.create()
            for text in texts:
                await store.take_turn(conversation, text, EngineStep(bot, text), version)
        return await store.all_turns()

    result = review(bot, asyncio.run(fill()))
    by = {v.pack: v for v in result.versions}
    assert by["old"].turns == 2 and by["old"].shares["declined"] == 0.5 and by["new"].shares["answered"] == 1.0


def test_a_review_through_redis(redis_url, bot):
    from advisor.storage.session import EngineStep

    async def fill_and_read():
        store = RedisStore(redis_url.replace("/0", "/5"), retain_days=30, prefix="review")
        for talk in conversations(20, seed=3):
            conversation = await store.create()
            for text in talk:
                await store.take_turn(conversation, text, EngineStep(bot, text), bot.version)
        found = await store.all_turns()
        await store.close()
        return found

    kept = asyncio.run(fill_and_read())
    result = review(bot, kept)
    assert result.conversations == 20 and result.turns == sum(len(t) for t in conversations(20, seed=3))
    assert result.groups and result.groups[0].count >= 2


def test_review_lists_the_conversations_with_their_ids(filled, capsys):
    assert main(["review", "--store", f"sqlite:///{filled}", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    kept = stored(filled)
    assert lines[0].split()[:4] == ["id", "turns", "last", "activity"] and lines[-1].startswith("200 conversation(s)")
    first = lines[1].split()
    assert (
        first[0] in kept
        and int(first[1]) == len(kept[first[0]])
        and kept[first[0]][0].user.startswith(" ".join(lines[1].split()[3:]).rstrip("…")[:20])
    )
    assert main(["review", "--store", f"sqlite:///{filled}", "--list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 200 and {row["id"] for row in listed} == set(kept)
    assert [row["last_activity"] for row in listed] == sorted((row["last_activity"] for row in listed), reverse=True)


def test_an_intent_that_answered_the_second_part_of_a_message_was_reached(tmp_path, bot):
    from advisor.storage.session import EngineStep

    store = SQLiteStore(tmp_path / "c.sqlite3", retain_days=30)
    text = "where is Peirce and what does the job outlook look like"

    async def fill():
        conversation = await store.create()
        await store.take_turn(conversation, text, EngineStep(bot, text))
        turns = await store.all_turns()
        await store.close()
        return turns

    result = review(bot, asyncio.run(fill()))
    assert "school_location" not in result.unreached and "outlook" not in result.unreached
