"""The JSON API through httpx against the app on a real SQLite file."""

from __future__ import annotations

import asyncio
import json

import pytest

from advisor.nlu.normalize import MAX_INPUT_CHARS

from .conftest import Client


@pytest.fixture
def client(app_for):
    with Client(app_for()) as client:
        yield client


def start(client) -> str:
    response = client.post("/api/conversations")
    assert response.status_code == 201
    return response.json()["id"]


def say(client, conversation: str, text: str):
    return client.post(f"/api/conversations/{conversation}/messages", json={"text": text})


def test_a_conversation_from_start_to_delete(client):
    conversation = start(client)
    first = say(client, conversation, "tell me about Peirce")
    assert first.status_code == 200 and first.json()["turn"] == 1
    second = say(client, conversation, "how much is it?")  # the context is kept between requests
    assert second.json()["turn"] == 2 and "$11,000" in second.json()["reply"]["text"]
    history = client.get(f"/api/conversations/{conversation}").json()
    assert [t["user"] for t in history["turns"]] == ["tell me about Peirce", "how much is it?"]
    assert history["turns"][1]["intent"] == "school_tuition" and history["turns"][1]["at"].endswith("Z")
    assert client.delete(f"/api/conversations/{conversation}").status_code == 204
    assert client.get(f"/api/conversations/{conversation}").status_code == 404
    assert say(client, conversation, "hello").status_code == 404


def test_ids_are_unguessable(client):
    ids = {start(client) for _ in range(20)}
    assert len(ids) == 20 and all(len(i) == 32 and int(i, 16) >= 0 for i in ids)  # 128 bits from secrets, hex


def test_a_reply_carries_its_table_chart_explanation_and_sources(client):
    reply = say(client, start(client), "list the schools from cheapest to dearest").json()["reply"]
    assert reply["table"]["columns"][0] == "School" and len(reply["table"]["rows"]) == 6
    assert reply["chart"] is None  # a chart of the table's tuition column would only repeat it
    assert reply["explanation"]["decision"] and reply["intent"] == "schools_by_price"
    assert reply["explanation"]["verdict"].startswith("Answered as a question about")
    assert reply["sources"] and "- Peirce College" in reply["text"]  # the text is the same on every channel


def test_ask_needs_no_conversation(client):
    reply = client.post("/api/ask", json={"text": "what do they earn?"}).json()["reply"]
    assert "$37,110" in reply["text"] and reply["chart"]["bars"]


@pytest.mark.parametrize(
    ("send", "status", "code"),
    [
        (dict(content=b"{not json", headers={"content-type": "application/json"}), 400, "bad_json"),
        (dict(content=b"[" * 30_000 + b"]" * 30_000, headers={"content-type": "application/json"}), 400, "bad_json"),
        (dict(json={"question": "hi"}), 400, "bad_field"),
        (dict(json={"text": 42}), 400, "bad_field"),
        (dict(json=["text"]), 400, "bad_field"),
        (dict(content=b"text=hi", headers={"content-type": "application/x-www-form-urlencoded"}), 415, None),
        (dict(json={"text": "x" * (MAX_INPUT_CHARS + 1)}), 413, "message_too_long"),
        (dict(content=b'{"text": "' + b"y" * 70_000 + b'"}', headers={"content-type": "application/json"}), 413, None),
    ],
)
def test_bad_requests_are_answered_as_json(client, send, status, code):
    for path in ("/api/ask", f"/api/conversations/{start(client)}/messages"):
        response = client.post(path, **send)
        assert response.status_code == status, response.text
        error = response.json()["error"]
        assert error["message"] and (code is None or error["code"] == code)


def test_unknown_things_and_wrong_methods_are_json_errors(client):
    assert client.get("/api/conversations/0123456789abcdef0123456789abcdef").json()["error"]["code"] == "not_found"
    assert client.get("/api/conversations/../../etc/passwd").status_code == 404
    assert client.get("/api/conversations/not-an-id").json()["error"]["code"] == "not_found"
    assert client.get("/no/such/page").json()["error"]["code"] == "not_found"
    wrong = client.put("/api/conversations")
    assert wrong.status_code == 405 and wrong.json()["error"]["code"] == "method_not_allowed"
    assert client.get("/api/ask").status_code == 405


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
        ("ünïcødé ☃ 你好 🙂", "ünïcødé ☃ 你好 🙂"),
        ("a\ud800b\x00\x07c", "a\ufffdbc"),  # a lone surrogate is replaced, control characters dropped
        ("'; DROP TABLE turns; --", "'; DROP TABLE turns; --"),
    ],
)
def test_hostile_and_odd_text_gets_a_reply_and_is_kept_as_text(client, text, kept):
    conversation = start(client)
    response = client.post(
        f"/api/conversations/{conversation}/messages",
        content=json.dumps({"text": text}).encode(),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200 and response.json()["reply"]["text"]
    turns = client.get(f"/api/conversations/{conversation}").json()["turns"]
    assert len(turns) == 1 and turns[0]["user"] == kept


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01"])
def test_an_empty_message_is_refused_and_stores_nothing(client, text):
    conversation = start(client)
    response = say(client, conversation, text)
    assert response.status_code == 400 and response.json()["error"]["code"] == "empty_text"
    assert client.get(f"/api/conversations/{conversation}").json()["turns"] == []


def test_the_rate_limit_answers_429_with_retry_after(app_for):
    with Client(app_for(rate_limit=60)) as client:  # a burst of 15
        codes = [client.post("/api/ask", json={"text": "hi"}).status_code for _ in range(20)]
    assert codes[:15] == [200] * 15 and codes[-1] == 429
    with Client(app_for(rate_limit=60)) as client:
        for _ in range(15):
            client.post("/api/ask", json={"text": "hi"})
        limited = client.post("/api/ask", json={"text": "hi"})
    assert limited.json()["error"]["code"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1


def test_a_server_error_is_json_and_stores_no_turn(app_for, monkeypatch):
    origin = "https://careers.example"
    with Client(app_for(allow_origins=(origin,)), raise_app_exceptions=False, headers={"Origin": origin}) as client:
        conversation = start(client)
        say(client, conversation, "hello")

        def broken(*args, **kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr("advisor.engine.Conversation.ask", broken)
        response = say(client, conversation, "what do they earn")
        assert response.status_code == 500 and response.json()["error"]["code"] == "internal"
        assert "Traceback" not in response.text and "boom" not in response.text
        # ...with the headers of any answer: the page that sent it may read it.
        assert response.headers["access-control-allow-origin"] == origin
        assert "content-security-policy" in response.headers
        monkeypatch.undo()
        assert len(client.get(f"/api/conversations/{conversation}").json()["turns"]) == 1  # nothing half-written
        assert say(client, conversation, "what do they earn").json()["turn"] == 2


def test_a_restarted_server_carries_on_every_conversation(app_for):
    with Client(app_for()) as client:
        conversation = start(client)
        say(client, conversation, "tell me about Dakota State")
    with Client(app_for()) as client:  # a new app on the same database file
        answer = say(client, conversation, "where is it?").json()
    assert answer["turn"] == 2 and "Madison" in answer["reply"]["text"]


def test_conversations_expire(app_for, monkeypatch):
    with Client(app_for(retain_days=1)) as client:
        old = start(client)
        say(client, old, "hello")
        monkeypatch.setattr("advisor.storage.stores.time.time", lambda: 10**12)  # far in the future
        assert client.run(client.app.state.store.expire()) >= 1
        assert client.get(f"/api/conversations/{old}").status_code == 404


def test_health_openapi_pages_and_headers(client):
    assert client.get("/healthz").json() == {"status": "ok", "store": "ok"}
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/conversations/{id}/messages" in spec["paths"]
    page = client.get("/")
    assert page.headers["content-type"].startswith("text/html") and 'aria-live="polite"' in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors *" in client.get("/embed").headers["content-security-policy"]
    assert client.get("/widget.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/chat.js").status_code == 200
    assert client.get("/api/welcome").json()["suggestions"]


def test_answers_are_compressed_for_clients_that_accept_gzip_and_vary_by_it(client):
    for accepted in ("gzip, deflate", "identity"):
        headers = {"Accept-Encoding": accepted}
        page = client.get("/", headers=headers)
        answer = client.post("/api/ask", json={"text": "what do they do"}, headers=headers)  # a long answer
        for response in (page, answer):
            assert response.headers.get("content-encoding") == ("gzip" if "gzip" in accepted else None)
            assert response.headers.get_list("vary") == ["Accept-Encoding"]  # once, either way
            assert "content-security-policy" in response.headers and response.headers["x-content-type-options"]
        assert answer.json()["reply"]["text"]


def test_allowed_origins_get_cors_and_may_frame_the_widget(app_for):
    with Client(app_for(allow_origins=("https://careers.example",))) as client:
        response = client.post("/api/ask", json={"text": "hi"}, headers={"Origin": "https://careers.example"})
        assert response.headers["access-control-allow-origin"] == "https://careers.example"
        other = client.post("/api/ask", json={"text": "hi"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        assert "frame-ancestors https://careers.example" in client.get("/embed").headers["content-security-policy"]


def test_a_cors_preflight_carries_the_security_headers_allowed_or_refused(app_for):
    # Starlette's CORS answers a preflight itself, before the app's own headers are added.
    with Client(app_for(allow_origins=("https://careers.example",))) as client:
        for origin, status in (("https://careers.example", 200), ("https://evil.example", 403)):
            headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
            response = client.request("OPTIONS", "/api/ask", headers=headers)
            assert response.status_code == status
            assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
            assert response.headers["x-content-type-options"] == "nosniff"
            assert response.headers["referrer-policy"] == "no-referrer"
        assert response.json()["error"]["code"] == "cors_refused"


def test_serve_reload_answers_with_an_edited_pack_and_keeps_conversations(tmp_path, bot):
    import shutil
    import time

    from conftest import TOY

    from advisor.web.app import Settings, create_app

    shutil.copytree(TOY, tmp_path / "pack")
    intents, knowledge = tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge"
    settings = Settings(
        store=f"sqlite:///{tmp_path / 'c.sqlite3'}",
        rate_limit=0,
        intents=str(intents),
        knowledge=str(knowledge),
        reload=True,
        reload_every=0.05,
    )

    def wait_for(client, predicate):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if predicate():
                return True
            client.run(asyncio.sleep(0.05))
        return False

    with Client(create_app(settings)) as client:
        conversation = start(client)
        say(client, conversation, "tell me about harbor")
        before = client.app.state.bot
        schools = knowledge / "schools.yaml"
        schools.write_text(schools.read_text().replace("tuition: 9000", "tuition: 9500"))
        assert wait_for(client, lambda: client.app.state.bot is not before)
        assert "$9,500" in say(client, conversation, "how much is it?").json()["reply"]["text"]  # context kept
        current = client.app.state.bot
        (intents / "broken.yaml").write_text("intents: [\n")
        client.run(asyncio.sleep(0.5))
        assert client.app.state.bot is current  # a broken pack leaves the last one answering
        assert say(client, conversation, "how much is it?").status_code == 200


def test_a_message_sent_again_with_the_same_idempotency_key_is_stored_once(client):
    conversation = client.post("/api/conversations").json()["id"]
    url = f"/api/conversations/{conversation}/messages"
    headers = {"Idempotency-Key": "5b0e2c1a-retry"}
    first = client.post(url, json={"text": "what do they earn"}, headers=headers)
    again = client.post(url, json={"text": "what do they earn"}, headers=headers)
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert len(client.get(f"/api/conversations/{conversation}").json()["turns"]) == 1
    bad = client.post(url, json={"text": "hi"}, headers={"Idempotency-Key": "has spaces in it"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_idempotency_key"


def test_a_store_that_cannot_be_used_is_503_with_retry_after_and_the_health_says_why(app_for, tmp_path, caplog):
    """The database file deleted under the server: every store call is 503 (not 500), the
    client is told when to try again, /healthz says degraded within a second, and what is
    logged does not carry the conversation's id (the key to read it)."""
    with Client(app_for(), raise_app_exceptions=False) as client:
        conversation = start(client)
        assert say(client, conversation, "hello").status_code == 200
        (tmp_path / "conversations.sqlite3").unlink()
        with caplog.at_level("ERROR"):
            refused = say(client, conversation, "what do they earn")
            read = client.get(f"/api/conversations/{conversation}")
        assert refused.status_code == read.status_code == 503
        assert refused.json()["error"]["code"] == "store_unavailable" and refused.headers["retry-after"] == "5"
        assert "Idempotency-Key" in refused.json()["error"]["message"]
        assert "deleted" in caplog.text and conversation not in caplog.text
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["status"] == "degraded"
        assert "deleted" in health.json()["problem"]
        assert client.post("/api/ask", json={"text": "what do they earn"}).status_code == 200  # needs no store


def test_a_health_check_answers_within_a_second_when_the_store_hangs(app_for, monkeypatch):
    import time

    with Client(app_for()) as client:

        async def hangs():
            await asyncio.sleep(30)

        monkeypatch.setattr(client.app.state.store, "health", hangs)
        started = time.monotonic()
        health = client.get("/healthz")
        waited = time.monotonic() - started
    assert health.status_code == 503 and "did not answer within 1 s" in health.json()["problem"] and waited < 2


def test_a_refused_cors_preflight_is_json(app_for):
    with Client(app_for(allow_origins=("https://careers.example",))) as client:
        preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
        refused = client.request("OPTIONS", "/api/ask", headers=preflight)
        asked = {**preflight, "Origin": "https://careers.example", "Access-Control-Request-Headers": "idempotency-key"}
        allowed = client.request("OPTIONS", "/api/ask", headers=asked)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "cors_refused"
    assert allowed.status_code == 200 and "idempotency-key" in allowed.headers["access-control-allow-headers"].lower()


def test_json_nested_too_deep_is_told_apart_from_json_that_is_not_valid(client):
    deep = client.post("/api/ask", content=b"[" * 30_000 + b"]" * 30_000, headers={"content-type": "application/json"})
    broken = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert "nested too deep" in deep.json()["error"]["message"]
    assert "not valid JSON" in broken.json()["error"]["message"]


def test_a_body_sent_too_slowly_gets_408(app_for):
    async def trickle():
        yield b'{"text": '
        await asyncio.sleep(1.0)
        yield b'"hi"}'

    with Client(app_for(client_timeout=0.3)) as client:
        slow = client.post("/api/ask", content=trickle(), headers={"content-type": "application/json"})
    assert slow.status_code == 408 and slow.json()["error"]["code"] == "request_timeout"


def test_the_key_may_come_as_id_in_the_body_and_must_agree_with_the_header(client):
    conversation = start(client)
    url = f"/api/conversations/{conversation}/messages"
    first = client.post(url, json={"text": "what do they earn", "id": "m-1"})
    again = client.post(url, json={"text": "what do they earn"}, headers={"Idempotency-Key": "m-1"})
    assert first.json() == again.json() and first.json()["turn"] == 1
    clash = client.post(url, json={"text": "hi", "id": "m-2"}, headers={"Idempotency-Key": "m-3"})
    not_text = client.post(url, json={"text": "hi", "id": 7})
    assert clash.status_code == not_text.status_code == 400
    assert len(client.get(f"/api/conversations/{conversation}").json()["turns"]) == 1


def test_the_reply_sent_is_the_reply_kept(client):
    conversation = start(client)
    sent = [say(client, conversation, text) for text in ("tell me about Peirce", "is it online?", "café ☕ prices?")]
    assert all(r.status_code == 200 and r.headers["content-type"] == "application/json" for r in sent)
    kept = client.get(f"/api/conversations/{conversation}").json()["turns"]
    assert [r.json() for r in sent] == [{"reply": t["reply"], "turn": t["n"]} for t in kept]
    again = client.post(f"/api/conversations/{conversation}/messages", json={"text": "is it online?", "id": "k1"})
    repeated = client.post(f"/api/conversations/{conversation}/messages", json={"text": "is it online?", "id": "k1"})
    assert repeated.json() == again.json() and again.json()["turn"] == 4  # a repeated key: the turn it took
