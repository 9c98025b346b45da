"""Stored conversations: the stores (SQLite, Redis) the web channel and the chat keep them
in, and the review of what people asked (`advisor review`)."""

# How long a conversation is kept after its last turn, unless the server is told otherwise
# (here, not in stores.py, so that the command line reads it without importing sqlite3).
DEFAULT_RETAIN_DAYS = 30.0


def private_file(path) -> None:
    """Make `path`'s folder (0700, if it is new) and the file itself (0600, if it is new),
    so that what people asked is readable by its owner only. An existing file keeps the
    mode its owner gave it."""
    import os

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
