"""Live reload for pack authors: notice that a pack's files changed, by polling.

`PackWatcher.changed()` compares the size and modification time of every file in the
pack's folders with what it saw last (an editor's hidden, swap and backup files aside); it
costs a `stat` call a file, so a chat can ask at every turn and a server every second. The
first look is taken when the watcher is made: make it before the first load, so that a file
saved during that load is seen. `Reloader` loads the pack again when it changed:
a pack that fails to load leaves the old one in place and says why, at its file:line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Callable

from ..errors import PackError, PackLoadError


class PackWatcher:
    def __init__(self, *folders: Path):
        self.folders = tuple(Path(f) for f in folders)
        self._seen = self._snapshot()

    def _snapshot(self) -> dict[str, tuple[int, int]]:
        found = {}
        for folder in self.folders:
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if entry.is_file() and not _editors_own(entry.name):
                            info = entry.stat()
                            found[entry.path] = (info.st_mtime_ns, info.st_size)
            except OSError:
                continue  # a folder or file that went away mid-save: seen next time
        return found

    def changed(self) -> bool:
        """Whether any file was added, removed or changed since the last call."""
        now = self._snapshot()
        if now == self._seen:
            return False
        self._seen = now
        return True


def _editors_own(name: str) -> bool:
    """An editor's file beside the pack's: hidden (vim's .x.swp), emacs' #x# and x~."""
    return name.startswith((".", "#")) or name.endswith("~")


class Reloader:
    """Loads a pack again when its files change. `load()` makes the new Advisor; `report`
    is where it says what happened (stderr by default)."""

    def __init__(
        self,
        folders: tuple[Path, Path],
        load: Callable,
        report: Callable[[str], None] | None = None,
        say_success: bool = True,
    ):
        """`say_success`: report a successful reload too (a chat says so in its own words)."""
        self.watcher = PackWatcher(*folders)
        self.load = load
        self.report = report or (lambda line: print(line, file=sys.stderr, flush=True))
        self.say_success = say_success

    def reload_if_changed(self):
        """The new Advisor if the pack changed and loads; None if unchanged or broken."""
        if not self.watcher.changed():
            return None
        try:
            bot = self.load()
        except PackLoadError as exc:
            for problem in exc.problems:
                self.report(str(problem))
            self.report(f"advisor: the pack changed but has {len(exc.problems)} problem(s); still using the last one")
            return None
        except PackError as exc:
            self.report(f"advisor: the pack changed but cannot be loaded ({exc}); still using the last one")
            return None
        except Exception as exc:  # a fault of the loader's own: the session goes on, and says it
            self.report(f"advisor: the pack changed but loading it failed ({type(exc).__name__}: {exc}); "
                        "still using the last one")  # fmt: skip
            return None
        if self.say_success:
            self.report(f"advisor: pack reloaded ({len(bot.intents)} intents, version {bot.version})")
        return bot
