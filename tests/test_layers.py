"""The layers of the package, read from each module's imports (with `ast`, so an import inside
a function or under TYPE_CHECKING counts too): nlu reads text and knows no pack, dialogue or
handlers; pack loads packs and knows no handlers or dialogue (it is given its handlers)."""

from __future__ import annotations

import ast
from pathlib import Path

import advisor

ENGINE = Path(advisor.__file__).parent

# What each layer must not import, by package.
FORBIDDEN = {
    "pack": ("advisor.career", "advisor.dialogue", "advisor.engine", "advisor.cli", "advisor.web"),
    "nlu": ("advisor.pack", "advisor.career", "advisor.dialogue", "advisor.engine", "advisor.cli", "advisor.web"),
}
# Imports that break a rule today, each with why it is still there. nlu reads its own data
# with the pack's YAML reader, and keeps that data and the English word list in the pack's
# cache: both modules are generic file infrastructure that would move to a layer under nlu
# and pack.
KNOWN = {
    ("advisor.nlu.language", "advisor.pack.yamlsource"),
    ("advisor.nlu.language", "advisor.pack.cache"),
    ("advisor.nlu.lexicon", "advisor.pack.cache"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ENGINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The absolute names of what a file imports: `import X` gives X, `from X import Y` X.Y
    (Y may be a module or a name of X: either way the file depends on X)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([module] if module else []))
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _broken_rules() -> set[tuple[str, str]]:
    """(module, what it imports) for every import that breaks its layer's rule."""
    broken = set()
    for layer, forbidden in FORBIDDEN.items():
        for path in sorted((ENGINE / layer).rglob("*.py")):
            for imported in imports_of(path):
                if any(_under(imported, f) for f in forbidden):
                    broken.add((_module_name(path), imported))
    return broken


def _known(module: str, imported: str) -> bool:
    return any(module == m and _under(imported, prefix) for m, prefix in KNOWN)


def test_relative_imports_are_read_as_absolute():
    found = imports_of(ENGINE / "pack" / "build.py")
    assert {"advisor.nlu.entities.SLOTS", "advisor.pack.registry.HandlerSet", "advisor.errors.Problem"} <= found
    assert "advisor.pack.cache" in imports_of(ENGINE / "nlu" / "lexicon.py")  # imported in a function


def test_pack_and_nlu_import_no_layer_above_them():
    broken = sorted((m, i) for m, i in _broken_rules() if not _known(m, i))
    assert not broken, f"imports across the layers: {broken}"


def test_every_known_exception_is_still_needed():
    """An exception no longer needed leaves the list, so that it only ever shrinks."""
    broken = _broken_rules()
    stale = sorted((m, p) for m, p in KNOWN if not any(m == b and _under(i, p) for b, i in broken))
    assert not stale, f"no longer imported, remove from KNOWN: {stale}"
