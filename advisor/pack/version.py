"""A pack's version: a short hash of its files, so that stored turns say which pack
answered them and a review can tell whether a change to the pack helped."""

from __future__ import annotations

import hashlib
from pathlib import Path

# Hex digits kept: enough to tell a pack's versions apart.
DIGITS = 12


def pack_version(*folders: Path) -> str:
    """A hash of every file in the pack folders (names and bytes), e.g. "3f9c0a1b2d4e"; the
    same files give the same version on any machine. "unknown" if a file cannot be read."""
    digest = hashlib.sha256()
    try:
        for root in folders:
            for path in sorted(p for p in Path(root).iterdir() if p.is_file() and not p.name.startswith(".")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return "unknown"
    return digest.hexdigest()[:DIGITS]
