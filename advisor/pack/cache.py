"""A cache of loaded packs, so a big pack is parsed, checked and indexed once.

The key is a hash of every pack file's name and bytes, the engine's version and its
language data: change any of them and the cache is simply not found. An entry holds the
pack (pickle) and the default matcher's index (marshal, which reads back fastest).
Entries live in the user's cache folder (ADVISOR_CACHE_DIR overrides it); ADVISOR_NO_CACHE=1
turns the cache off. A cache that cannot be read or written is ignored: it only saves time.
Like Python's own __pycache__, it trusts the files in the user's own cache folder.
"""

from __future__ import annotations

import hashlib
import io
import marshal
import os
import pickle
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .. import __version__

# Bump when the layout of a cache entry changes.
FORMAT = 2
# Entries kept; the least recently written beyond this are removed.
KEEP = 16


def enabled() -> bool:
    return os.environ.get("ADVISOR_NO_CACHE", "") in ("", "0")


def folder() -> Path:
    custom = os.environ.get("ADVISOR_CACHE_DIR")
    if custom:
        return Path(custom)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("advisor", appauthor=False))


def key(*folders: Path) -> str | None:
    """A hash of the files of the pack folders (and of the engine), or None if unreadable."""
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    engine = Path(__file__).resolve().parent.parent  # the advisor package
    try:
        # The engine's own code and data count too: a changed normaliser makes new patterns.
        for path in sorted(engine.rglob("*.py")) + sorted(engine.glob("*/data/*.yaml")):
            digest.update(path.read_bytes())
        for root in folders:
            for path in sorted(Path(root).glob("*.y*ml")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None
    return digest.hexdigest()


class _Pickler(pickle.Pickler):
    """Pickles read-only mappings (MappingProxyType, which pickle refuses) as dicts that
    come back read-only."""

    def reducer_override(self, obj):
        if type(obj) is MappingProxyType:
            return _read_only, (dict(obj),)
        return NotImplemented


def _prune(target: Path) -> None:
    entries = sorted(target.glob("*.pack"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)


def _read_only(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def read(entry: str) -> tuple[Any, dict | None] | None:
    """(pack parts, matcher state) saved under `entry`, or None."""
    try:
        raw = (folder() / f"{entry}.pack").read_bytes()
        version, matcher_state, pack_bytes = marshal.loads(raw)
        if version != FORMAT:
            return None
        return pickle.loads(pack_bytes), matcher_state
    except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def write(entry: str, pack_parts: Any, matcher_state: dict | None) -> None:
    """Save an entry atomically (write a temporary file, then rename); ignore failures."""
    try:
        target = folder()
        target.mkdir(parents=True, exist_ok=True)
        blob = marshal.dumps((FORMAT, matcher_state, _dumps(pack_parts)))
        with tempfile.NamedTemporaryFile(dir=target, delete=False, suffix=".tmp") as tmp:
            tmp.write(blob)
        os.replace(tmp.name, target / f"{entry}.pack")
        _prune(target)
    except (OSError, ValueError, pickle.PicklingError, TypeError):
        pass
