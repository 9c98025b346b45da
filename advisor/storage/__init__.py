"""Stored conversations: the stores (SQLite, Redis) the web channel and the chat keep them
in, and the review of what people asked (`advisor review`)."""
