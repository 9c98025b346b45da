"""Every broken pack under tests/broken_packs/ fails `advisor check` with exit 2 and a
file:line:column message saying what is wrong, and never a traceback.

A case is a file added to a copy of the toy pack (intents/NAME.yaml), or a folder whose
files replace or join the toy pack's knowledge files (knowledge/NAME/FILE.yaml, and any
other file a case needs, such as a source document). The first YAML file starts with
`# expect: LINE:COLUMN message`: where the problem is in that file and a part of the
message `advisor check` must print for it.
"""

import re
import shutil
from pathlib import Path

import pytest

from advisor.cli import main

BROKEN = Path(__file__).parent / "broken_packs"
CASES = sorted(p.relative_to(BROKEN) for p in BROKEN.glob("*/*") if p.suffix == ".yaml" or p.is_dir())


def expectation(path: Path) -> tuple[int, int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    m = re.match(r"# expect: (\d+):(\d+) (.+)", first)
    assert m, f"{path} must start with '# expect: LINE:COLUMN message'"
    return int(m.group(1)), int(m.group(2)), m.group(3)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_broken_pack(case, tmp_path, capsys, monkeypatch):
    from conftest import TOY

    pack = tmp_path / "pack"
    shutil.copytree(TOY, pack)
    folder = case.parts[0]
    files = sorted((BROKEN / case).glob("*.yaml")) if (BROKEN / case).is_dir() else [BROKEN / case]
    for file in sorted((BROKEN / case).glob("*")) if (BROKEN / case).is_dir() else files:
        shutil.copy(file, pack / folder / file.name)
    target = pack / folder / files[0].name
    monkeypatch.chdir(pack)
    code = main(["--intents", "intents", "--knowledge", "knowledge", "check"])
    err = capsys.readouterr().err
    line, column, message = expectation(target)
    where = f"{folder}/{target.name}:{line}:{column}:"
    assert code == 2
    assert "Traceback" not in err
    assert any(where in row and message in row for row in err.splitlines()), err
