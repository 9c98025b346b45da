"""The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from ..nlu.normalize import MAX_INPUT_CHARS
from .api import ID_PATTERN, MAX_BODY_BYTES


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_ERRORS = {
    "400": _error("Bad JSON, a missing or wrong field, an empty text, or a malformed Idempotency-Key"),
    "408": _error("The body took longer than the server's client timeout to arrive"),
    "413": _error(f"A message over {MAX_INPUT_CHARS:,} characters, or a body over {MAX_BODY_BYTES // 1024} KB"),
    "415": _error("The body is not sent as application/json"),
    "429": _error("Too many requests from this client; see the Retry-After header"),
}
_NOT_FOUND = {"404": _error("No such conversation")}
_UNAVAILABLE = {
    "503": _error("Conversations cannot be stored for now (the store is down, full or damaged); see Retry-After")
}
_KEY_HEADER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "A key the client makes for this message (1-100 printable characters). Sent again with "
    "the same key, the message gets back the turn it took the first time and is stored once.",
    "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,100}$"},
}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": ID_PATTERN}}
_TEXT = {
    "required": True,
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
}


def document(version: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "advisor",
            "version": version,
            "description": "A career-advisor chatbot that answers from a knowledge pack. Every reply says "
            "how it was chosen and which passages of the source its facts come from.",
        },
        "paths": {
            "/api/conversations": {
                "post": {
                    "summary": "Start a conversation",
                    "responses": {
                        "201": {
                            "description": "The new conversation's id (128 random bits)",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Created"}}},
                        },
                        "429": _ERRORS["429"],
                    },
                }
            },
            "/api/conversations/{id}": {
                "parameters": [_ID],
                "get": {
                    "summary": "A conversation's turns, oldest first",
                    "responses": {
                        "200": {
                            "description": "The turns",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/History"}}},
                        },
                        **_NOT_FOUND,
                        **_UNAVAILABLE,
                    },
                },
                "delete": {
                    "summary": "Delete a conversation and its turns",
                    "responses": {"204": {"description": "Deleted"}, **_NOT_FOUND, **_UNAVAILABLE},
                },
            },
            "/api/conversations/{id}/messages": {
                "parameters": [_ID],
                "post": {
                    "summary": "Say something in a conversation, and get the reply",
                    "parameters": [_KEY_HEADER],
                    "requestBody": _TEXT,
                    "responses": {
                        "200": {
                            "description": "The reply, and the turn's number",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answered"}}},
                        },
                        **_NOT_FOUND,
                        **_UNAVAILABLE,
                        **_ERRORS,
                    },
                },
            },
            "/api/ask": {
                "post": {
                    "summary": "One question, with no conversation",
                    "requestBody": _TEXT,
                    "responses": {
                        "200": {
                            "description": "The reply",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"reply": {"$ref": "#/components/schemas/Reply"}},
                                        "required": ["reply"],
                                    }
                                }
                            },
                        },
                        **_ERRORS,
                    },
                }
            },
            "/api/welcome": {
                "get": {
                    "summary": "What a chat page says first: a title, a greeting, questions to start with, the "
                    "title of the source document the answers come from, and the longest message (in characters)",
                    "responses": {"200": {"description": "The greeting"}},
                }
            },
            "/healthz": {
                "get": {
                    "summary": "Whether a turn could be stored now: the store is written to (a SQLite file is also "
                    "checked to be the one opened, whole); answers within a second",
                    "responses": {"200": {"description": "Up"}, "503": {"description": "Degraded, with the problem"}},
                }
            },
        },
        "components": {"schemas": _SCHEMAS},
    }


_SCHEMAS = {
    "Message": {
        "type": "object",
        "properties": {
            "text": {"type": "string", "maxLength": MAX_INPUT_CHARS},
            "id": {"type": "string", "description": "The message's Idempotency-Key, if not sent as the header"},
        },
        "required": ["text"],
    },
    "Created": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]},
    "Error": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                "required": ["code", "message"],
            }
        },
        "required": ["error"],
    },
    "Answered": {
        "type": "object",
        "properties": {"reply": {"$ref": "#/components/schemas/Reply"}, "turn": {"type": "integer", "minimum": 1}},
        "required": ["reply", "turn"],
    },
    "History": {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "turns": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "n": {"type": "integer"},
                        "user": {"type": "string"},
                        "reply": {"$ref": "#/components/schemas/Reply"},
                        "intent": {"type": ["string", "null"]},
                        "at": {"type": "string", "format": "date-time"},
                        "pack": {"type": "string", "description": "The version of the pack that answered"},
                    },
                    "required": ["n", "user", "reply", "intent", "at", "pack"],
                },
            },
        },
        "required": ["id", "turns"],
    },
    "Reply": {
        "type": "object",
        "properties": {
            "text": {"type": "string", "description": "The answer; the same on every channel"},
            "intent": {"type": ["string", "null"], "description": "null when the question was not understood"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "entities": {"type": "object", "additionalProperties": {"type": "string"}},
            "suggestions": {"type": "array", "items": {"type": "string"}},
            "notes": {"type": "array", "items": {"type": "string"}},
            "sources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "section": {"type": "string"},
                        "quote": {"type": "string"},
                        "correction": {"type": "string"},
                        "figure": {"type": "string"},
                    },
                },
            },
            "outcome": {"enum": ["answered", "fallback", "clarification", "declined"]},
            "attribute": {"type": ["string", "null"], "description": "What a declined question asked"},
            "table": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "properties": {
                            "columns": {"type": "array", "items": {"type": "string"}},
                            "rows": {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
                        },
                    },
                ]
            },
            "chart": {
                "oneOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "properties": {
                            "title": {"type": "string"},
                            "unit": {"type": "string"},
                            "bars": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {"label": {"type": "string"}, "value": {"type": "number"}},
                                },
                            },
                        },
                    },
                ]
            },
            "explanation": {
                "type": "object",
                "properties": {
                    "topic": {"type": "string", "description": "What it was answered as, in words"},
                    "decision": {"type": "string"},
                    "read_as": {"type": "string"},
                    "candidates": {"type": "array", "items": {"type": "object"}},
                },
            },
        },
        "required": ["text", "intent", "confidence", "suggestions", "outcome"],
    },
}
