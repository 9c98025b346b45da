"""A cache of what loading a pack computes, one entry per file, so an author who edits one
file of a big pack waits only for that file.

Entries are keyed by a hash of the engine (its code and data) and of what they were
computed from. Per file:
  - "yaml": a file's parsed YAML (its data and the line and column of each value), keyed
    by the file's bytes: parsing is the slowest step of a cold load;
  - "words": the words of an intents file's patterns, keyed by the patterns;
  - "intents": an intents file's checked intents, with the rest of its document;
  - "routing" and "answers", the two halves of an intents file's shard (build.py): its
    routing forms and index part, keyed by its intents' names, patterns and slots; the words
    of its answers, keyed by those and its answers; both also by the *context* they depend on (the pack's
    vocabulary, entity names, knowledge files, and what its handlers say, as handlers may
    come from code outside the engine): a change to the vocabulary invalidates every shard,
    as it changes every pattern, and an edited answer only its file's "answers".
Change a file and only its entries are missed. And per pack or engine: "suggestions", what
each of a pack's suggestions asks (by the pack's version and context, dialogue/pipeline.py);
"places", the table of cities (by the engine alone, build.py); "language", each of the
engine's English data files, parsed (nlu/language.py); "words", the common English words
(nlu/lexicon.py).

Entries are plain data written with `marshal`, whose loading builds values and never runs
code (unlike pickle). The folder is also checked before use: it must be the user's own and
writable by no one else, else the cache is not used and one line says why. Entries live in
the user's cache folder (ADVISOR_CACHE_DIR overrides it); ADVISOR_NO_CACHE=1 turns the
cache off. A cache that cannot be read or written is ignored: it only saves time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__

# Bump when the layout of an entry changes (it is part of every key).
FORMAT = 10
# Entries kept; the least recently used beyond this are removed (prune()).
KEEP = 256
# ...but not those used this recently: a load of a pack of many files (five entries each)
# may use more than KEEP, and must find them all at the next.
IN_USE_SECONDS = 600


def enabled() -> bool:
    return os.environ.get("ADVISOR_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    custom = os.environ.get("ADVISOR_CACHE_DIR")
    if custom:
        return Path(custom)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("advisor", appauthor=False))


@lru_cache(maxsize=1)
def engine_key() -> str:
    """A hash of the engine's code and data: a changed normaliser makes other patterns."""
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    engine = Path(__file__).resolve().parent.parent  # the advisor package
    try:
        for path in sorted(engine.rglob("*.py")) + sorted(engine.glob("*/data/*")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def key(*parts: str | bytes) -> str:
    """An entry's key: the engine's hash and these parts (file bytes, a context hash...)."""
    digest = hashlib.sha256(engine_key().encode())
    for part in parts:
        digest.update(b"\0" + (part if isinstance(part, bytes) else part.encode()))
    return digest.hexdigest()


_warned: set[str] = set()


def _safe(target: Path) -> bool:
    """Whether a folder (or file) is the user's own and no one else may write to it; says
    once, on one line, why not."""
    try:
        info = target.lstat()
    except FileNotFoundError:
        return True  # nothing there yet: it will be made the user's own
    except OSError:
        return False
    problem = ""
    if stat.S_ISLNK(info.st_mode):
        problem = "is a symbolic link"
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        problem = "belongs to another user"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        problem = "may be written by other users"
    if problem:
        if str(target) not in _warned:
            _warned.add(str(target))
            print(f"advisor: not using the pack cache: {target} {problem}", file=sys.stderr)
        return False
    return True


def _usable_folder(create: bool) -> Path | None:
    target = folder()
    if not enabled() or not _safe(target):
        return None
    if create:
        try:
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return None
        if not _safe(target):
            return None
    return target


def usable() -> bool:
    """Whether entries can be kept now (the cache is on, its folder safe and writable)."""
    return _usable_folder(create=True) is not None


def has(kind: str, entry: str) -> bool:
    """Whether an entry is there to be read (without reading it)."""
    target = _usable_folder(create=False)
    path = target / f"{entry}.{kind}" if target is not None else None
    return path is not None and path.is_file() and _safe(path)


def read(kind: str, entry: str) -> Any | None:
    """The value saved as `kind` under `entry`, or None (not there, unsafe, unreadable)."""
    target = _usable_folder(create=False)
    if target is None:
        return None
    path = target / f"{entry}.{kind}"
    if not path.exists() or not _safe(path):
        return None
    try:
        value = marshal.loads(path.read_bytes())
        os.utime(path)  # used: the last to be pruned
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return value


def write(kind: str, entry: str, value: Any) -> None:
    """Save an entry atomically (a private temporary file, then a rename); ignore failures."""
    target = _usable_folder(create=True)
    if target is None:
        return
    try:
        blob = marshal.dumps(value)
        with tempfile.NamedTemporaryFile(dir=target, delete=False, suffix=".tmp") as tmp:  # mode 0600
            tmp.write(blob)
        os.replace(tmp.name, target / f"{entry}.{kind}")
    except (OSError, ValueError, TypeError):
        pass


def remove(kind: str, entry: str) -> None:
    """Remove an entry that will not be read again (ignore failures)."""
    target = _usable_folder(create=False)
    if target is not None:
        try:
            (target / f"{entry}.{kind}").unlink(missing_ok=True)
        except OSError:
            pass


def prune() -> None:
    """Keep the KEEP entries used last, of every kind, and every entry used in the last
    IN_USE_SECONDS; called once a load is done."""
    target = _usable_folder(create=False)
    if target is None:
        return
    try:
        entries = [(p.stat().st_mtime, p) for p in target.iterdir()]
        entries.sort(reverse=True)
        in_use = time.time() - IN_USE_SECONDS
        for used, old in entries[KEEP:]:
            if used < in_use:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # another process pruned meanwhile: it only saves space
