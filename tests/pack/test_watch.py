"""Live reload: a change to a pack's files is noticed and loaded; a broken one is not."""

from __future__ import annotations

import io
import shutil
import time

from advisor import Advisor
from advisor.cli.repl import run_pipe
from advisor.pack.watch import PackWatcher, Reloader


def toy_copy(tmp_path):
    from conftest import TOY

    shutil.copytree(TOY, tmp_path / "pack")
    return tmp_path / "pack" / "intents", tmp_path / "pack" / "knowledge"


def edit(path, old, new):
    text = path.read_text()
    assert old in text
    time.sleep(0.01)  # a new modification time even on a coarse clock
    path.write_text(text.replace(old, new))


def test_the_watcher_notices_an_edit_a_new_file_and_a_removal(tmp_path):
    intents, knowledge = toy_copy(tmp_path)
    watcher = PackWatcher(intents, knowledge)
    assert not watcher.changed()
    edit(knowledge / "pay.yaml", "41000", "42000")
    assert watcher.changed() and not watcher.changed()
    (intents / "extra.yaml").write_text("intents: []\n")
    assert watcher.changed()
    (intents / "extra.yaml").unlink()
    assert watcher.changed()


def test_an_editors_own_files_are_no_change(tmp_path):
    intents, knowledge = toy_copy(tmp_path)
    watcher = PackWatcher(intents, knowledge)
    for name in (".pay.yaml.swp", "#pay.yaml#", "pay.yaml~"):
        (knowledge / name).write_text("being edited")
    assert not watcher.changed()


def test_a_fault_of_the_loader_is_said_and_the_last_pack_stays(tmp_path):
    intents, knowledge = toy_copy(tmp_path)
    said = []

    def faulty():
        raise RuntimeError("a bug")

    reloader = Reloader((intents, knowledge), faulty, said.append)
    edit(knowledge / "pay.yaml", "41000", "42000")
    assert reloader.reload_if_changed() is None
    assert "RuntimeError: a bug" in said[-1] and "still using the last one" in said[-1]


def test_a_broken_pack_leaves_the_last_one_and_says_where(tmp_path):
    intents, knowledge = toy_copy(tmp_path)
    said = []
    reloader = Reloader((intents, knowledge), lambda: Advisor.load(intents, knowledge), said.append)
    (intents / "broken.yaml").write_text("intents:\n  - name: x\n    patterns: [a\n")
    assert reloader.reload_if_changed() is None
    assert any("broken.yaml:" in line for line in said) and "still using the last one" in said[-1]
    (intents / "broken.yaml").unlink()
    bot = reloader.reload_if_changed()
    assert bot is not None and "pack reloaded" in said[-1]


class EditingInput(io.StringIO):
    """A chat's input that edits the pack after its first line is read, as an author would."""

    def __init__(self, lines, after_first):
        super().__init__("".join(line + "\n" for line in lines))
        self.after_first = after_first
        self.read_lines = 0

    def __iter__(self):
        while line := self.readline():
            yield line
            self.read_lines += 1
            if self.read_lines == 1:
                self.after_first()


def test_the_chat_answers_with_the_edit_and_keeps_the_conversation(tmp_path):
    intents, knowledge = toy_copy(tmp_path)
    bot = Advisor.load(intents, knowledge)
    reloader = Reloader((intents, knowledge), lambda: Advisor.load(intents, knowledge), lambda line: None)
    out = io.StringIO()
    stdin = EditingInput(
        ["tell me about harbor", "how much is it?"],
        lambda: edit(knowledge / "schools.yaml", "tuition: 9000", "tuition: 9500"),
    )
    run_pipe(bot, stdin, out, reloader=reloader)
    text = out.getvalue()
    assert "The pack changed: reloaded" in text
    assert "$9,500" in text.split("The pack changed")[1]  # the edit, about the school still in focus
