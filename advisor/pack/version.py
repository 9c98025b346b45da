"""A pack's version: a short hash of the files a load read, so that stored turns say which
pack answered them and a review can tell whether a change to the pack helped."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Mapping

# Hex digits kept: enough to tell a pack's versions apart.
DIGITS = 12


def files_version(reads: Mapping[Path, str], *folders: Path) -> str:
    """A hash of the files read from these folders (`reads`: path -> hash of its bytes, as
    yamlsource.recording_reads notes them), by name within each folder, e.g. "3f9c0a1b2d4e":
    the same files give the same version on any machine, wherever the folders are."""
    digest = hashlib.sha256()
    for n, folder in enumerate(Path(f) for f in folders):
        for path in sorted(p for p in reads if p.parent == folder):
            digest.update(f"{n}\0{path.name}\0{reads[path]}\0".encode())
    return digest.hexdigest()[:DIGITS]
