"""Stored conversations: the stores (SQLite, Redis) the web channel and the chat keep them
in, and the review of what people asked (`advisor review`)."""

# How long a conversation is kept after its last turn, unless the server is told otherwise
# (here, not in stores.py, so that the command line reads it without importing sqlite3).
DEFAULT_RETAIN_DAYS = 30.0
