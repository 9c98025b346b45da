"""The JSON API: conversations, their messages and turns, and one-off questions.

Every error is `{"error": {"code", "message"}}` with its HTTP status (see app.py for those
the framework raises: 404 for an unknown path, 405 for a wrong method). The reply of a
message is `Reply.to_dict()` with its explanation cut to what a channel shows (the
decision and the first candidates), plus the table and chart a channel can draw.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..engine import Advisor
from ..nlu.normalize import MAX_INPUT_CHARS
from ..storage import stores
from ..storage.session import EngineStep, reply_json

# A request body larger than this is refused before it is read as JSON (413).
MAX_BODY_BYTES = 64 * 1024
# Seconds /healthz waits for the store before it says the store is not answering.
HEALTH_SECONDS = 1.0
# What a conversation id looks like (stores.new_id): anything else is no conversation.
ID_PATTERN = f"^{stores.ID_PATTERN}$"
_ID = re.compile(ID_PATTERN)
# A surrogate left alone (json.loads joins the pairs that make one character).
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters other than tab and newline.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ApiError(Exception):
    """An error answered as JSON: `{"error": {"code", "message"}}` with `status`."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


@dataclass(frozen=True)
class Message:
    """What a client sent: its text, and the key it chose for it, if any (the
    Idempotency-Key header, or `id` in the body), by which a message sent again is known."""

    text: str
    key: str | None = None


async def read_message(request: Request) -> Message:
    """The message of a JSON request body, checked: 415, 413, 408, 400 as the API says."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "send the body as JSON, with Content-Type: application/json")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, "body_too_large", f"the request body is over {MAX_BODY_BYTES:,} bytes")
    body = await _read_body(request, request.app.state.body_seconds)
    try:
        data = json.loads(body)
    except ValueError:  # not JSON, or not UTF-8
        raise ApiError(400, "bad_json", 'the body is not valid JSON; send {"text": "your question"}') from None
    except RecursionError:
        message = 'the body is JSON nested too deep to read; send {"text": "your question"}'
        raise ApiError(400, "bad_json", message) from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ApiError(400, "bad_field", 'the body needs a "text" field holding a string: {"text": "your question"}')
    # JSON may carry lone surrogates ("\ud800"), which no UTF-8 store can keep: each becomes
    # U+FFFD. Control characters (NUL and the like) say nothing and are dropped.
    text = _CONTROL.sub("", _SURROGATE.sub("\ufffd", data["text"]))
    if not text.strip():
        raise ApiError(400, "empty_text", 'the "text" is empty: send a question')
    if len(text) > MAX_INPUT_CHARS:
        raise ApiError(413, "message_too_long", f"a message may be at most {MAX_INPUT_CHARS:,} characters long")
    return Message(text, _key(request.headers.get("idempotency-key"), data.get("id")))


async def _read_body(request: Request, seconds: float) -> bytes:
    """The body, up to MAX_BODY_BYTES, sent within `seconds` (413 or 408 past them)."""
    body = b""
    try:
        async with asyncio.timeout(seconds):
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    raise ApiError(413, "body_too_large", f"the request body is over {MAX_BODY_BYTES:,} bytes")
    except TimeoutError:
        raise ApiError(408, "request_timeout", f"the request body took over {seconds:g} s to arrive",
                       {"Connection": "close"}) from None  # fmt: skip
    return body


def conversation_id(request: Request) -> str:
    conversation = request.path_params["id"]
    if not _ID.match(conversation):
        raise ApiError(404, "not_found", "no such conversation")
    return conversation


async def create_conversation(request: Request) -> Response:
    conversation = await request.app.state.store.create()
    return JSONResponse(
        {"id": conversation}, status_code=201, headers={"Location": f"/api/conversations/{conversation}"}
    )


# An Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field"): any printable
# token a client makes per message, sent again with the message after an unclear failure.
_KEY = re.compile(r"^[\x21-\x7e]{1,100}$")


def _key(header: str | None, field: object) -> str | None:
    """The message's key, from the header or the body's `id` (the same if both are sent)."""
    if field is not None and not isinstance(field, str):
        raise ApiError(400, "bad_idempotency_key", 'the body\'s "id" must be a string, like the Idempotency-Key')
    if header is not None and field is not None and header != field:
        raise ApiError(400, "bad_idempotency_key", 'the Idempotency-Key header and the body\'s "id" differ')
    key = header if header is not None else field
    if key is not None and not _KEY.match(key):
        raise ApiError(400, "bad_idempotency_key", "Idempotency-Key must be 1-100 printable ASCII characters")
    return key


async def post_message(request: Request) -> Response:
    conversation = conversation_id(request)
    message = await read_message(request)
    bot = request.app.state.bot
    step = EngineStep(bot, message.text)
    turn = await request.app.state.store.take_turn(conversation, message.text, step, bot.version, message.key)
    if turn is None:
        raise ApiError(404, "not_found", "no such conversation")
    if turn.reply is step.reply:  # the turn this step took (not one a repeated key found)
        # Its reply goes out as the JSON text that was kept: encoded once.
        return Response(f'{{"reply":{step.reply_text},"turn":{turn.n}}}', media_type="application/json")
    return JSONResponse({"reply": turn.reply, "turn": turn.n})


async def get_conversation(request: Request) -> Response:
    conversation = conversation_id(request)
    turns = await request.app.state.store.turns(conversation)
    if turns is None:
        raise ApiError(404, "not_found", "no such conversation")
    return JSONResponse({"id": conversation, "turns": [t.to_dict() for t in turns]})


async def delete_conversation(request: Request) -> Response:
    conversation = conversation_id(request)
    if not await request.app.state.store.delete(conversation):
        raise ApiError(404, "not_found", "no such conversation")
    return Response(status_code=204)


async def ask(request: Request) -> Response:
    message = await read_message(request)
    bot = request.app.state.bot
    return JSONResponse({"reply": reply_json(bot.ask(message.text), bot)})


async def health(request: Request) -> Response:
    """Whether a turn could be stored now, in at most HEALTH_SECONDS: the store is written to
    (a SQLite file is also checked to be the one opened, whole), not merely pinged."""
    try:
        problem = await asyncio.wait_for(request.app.state.store.health(), HEALTH_SECONDS)
    except TimeoutError:
        problem = f"the store did not answer within {HEALTH_SECONDS:g} s"
    if problem is None:
        return JSONResponse({"status": "ok", "store": "ok"})
    return JSONResponse({"status": "degraded", "store": "unavailable", "problem": problem}, status_code=503)


async def welcome(request: Request) -> Response:
    """What the chat page says first: a greeting and questions to start with, from the pack."""
    bot: Advisor = request.app.state.bot
    occupation = bot.pack.knowledge.occupation
    help_intent = bot.pack.intents.get("help")
    starters = list(help_intent.suggestions) if help_intent else [i.example for i in bot.intents if i.examples][:3]
    return JSONResponse(
        {
            "title": f"Career advisor: {occupation.title}" if occupation.title else "Career advisor",
            "text": f"Hi! Ask me about becoming a {occupation.name}: what the job is, what it pays, and the "
            "schools that train for it.",
            "suggestions": starters,
            "source": bot.pack.knowledge.source.title if bot.pack.knowledge.source else "",
            "max_characters": MAX_INPUT_CHARS,
        }
    )
