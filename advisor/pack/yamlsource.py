"""Safe YAML loading that remembers where every value came from.

`load_yaml` composes the file with PyYAML's SafeLoader (so no tag can run code),
turns the node graph into plain dicts, lists and scalars, and keeps each value's
position so schema problems can be reported as ``file:line:column``.
"""

from __future__ import annotations

import contextlib
import hashlib
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

import yaml

from ..errors import PackLoadError, Problem, display_path
from . import cache

# A path into a document: mapping keys and list indexes from the root.
DocPath = tuple[Any, ...]


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML file: its data, and the 1-based line and column of every value."""

    file: str
    data: Any
    marks: dict[DocPath, tuple[int, int]] = field(repr=False)
    key_marks: dict[DocPath, tuple[int, int]] = field(default_factory=dict, repr=False)
    text_lists: dict[DocPath, list] = field(default_factory=dict, repr=False)  # nodes of lists of texts
    # A hash of the file's bytes, by which what is read from it may be kept in the cache
    # ("" when it may not: parsed from text, or parsed afresh to place problems exactly).
    digest: str = ""

    def problem(
        self, path: DocPath, message: str, hint: str = "", severity: str = "error", at_key: bool = False
    ) -> Problem:
        """A Problem located at the value under `path` (its key, with `at_key`), or at the
        nearest parent that has a mark."""
        if at_key and path in self.key_marks:
            line, column = self.key_marks[path]
            return Problem(self.file, line, column, message, hint, severity)
        if path and path[:-1] in self.text_lists and isinstance(path[-1], int):
            line, column = _mark(self.text_lists[path[:-1]][path[-1]])
            return Problem(self.file, line, column, message, hint, severity)
        while path not in self.marks and path:
            path = path[:-1]
        line, column = self.marks.get(path, (1, 1))
        return Problem(self.file, line, column, message, hint, severity)


# The only tags a pack may use: YAML's own plain types. Anything else (!!python/object,
# a custom !tag) is refused before any value is built, so nothing in a file can run.
_TEXT = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed nodes into Python values, recording marks and problems."""

    def __init__(self, loader, file: str):
        self.loader = loader
        self.file = file
        self.marks: dict[DocPath, tuple[int, int]] = {}
        self.key_marks: dict[DocPath, tuple[int, int]] = {}
        self.text_lists: dict[DocPath, list[yaml.Node]] = {}
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: DocPath) -> Any:
        self.marks[path] = _mark(node)
        if node.tag not in _PLAIN_TAGS:
            line, col = _mark(node)
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    col,
                    f"the tag {node.tag!r} is not allowed",
                    "only plain YAML is accepted; remove the tag, which is never run",
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    line, col = _mark(key_node)
                    self.problems.append(Problem(self.file, line, col, "a mapping key must be a plain value"))
                    continue
                key = self.loader.construct_object(key_node)
                if key in result:
                    line, col = _mark(key_node)
                    self.problems.append(
                        Problem(self.file, line, col, f"duplicate key {key!r}", "each key may appear once in a mapping")
                    )
                    continue
                self.key_marks[path + (key,)] = _mark(key_node)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            items = node.value
            if all(type(item) is yaml.ScalarNode and item.tag == _TEXT for item in items):
                # A list of texts (patterns): the common case, built without a call per item;
                # the items' marks are read from their nodes if a problem needs them.
                self.text_lists[path] = items
                return [item.value for item in items]
            return [self.build(item, path + (i,)) for i, item in enumerate(items)]
        return self.loader.construct_object(node)


# libyaml's parser when PyYAML was built with it (about ten times faster on big packs);
# both are safe loaders and give the same nodes and marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, file: str) -> YamlDoc:
    """Parse YAML text; raise PackLoadError naming file:line:column on any problem."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(file, None, {})
        builder = _Builder(loader, file)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        hint = ""
        if isinstance(exc, yaml.constructor.ConstructorError):
            hint = "only plain YAML is accepted; remove the tag, which is never run"
        raise PackLoadError([Problem(file, line, col, problem, hint)]) from None
    except yaml.YAMLError as exc:
        raise PackLoadError([Problem(file, 0, 0, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise PackLoadError(builder.problems)
    return YamlDoc(file, data, builder.marks, builder.key_marks, builder.text_lists)


# The files (by display path) parsed again rather than taken from the cache: to report a
# pack's problems at their exact places (a cached parse keeps the places of values, not of
# every list item).
_fresh: ContextVar[frozenset[str]] = ContextVar("fresh", default=frozenset())
# The files a pack load read, each with a hash of the bytes read (see recording_reads).
_reads: ContextVar[dict[Path, str] | None] = ContextVar("reads", default=None)


@contextlib.contextmanager
def parsing_afresh(files: frozenset[str]):
    """Parse these files (display paths) again within this block, bypassing the cache."""
    token = _fresh.set(files)
    try:
        yield
    finally:
        _fresh.reset(token)


def parsing_afresh_now() -> bool:
    """Whether some files are being parsed afresh (within parsing_afresh)."""
    return bool(_fresh.get())


@contextlib.contextmanager
def recording_reads():
    """Within this block, every pack file read is noted with a hash of its bytes: what a
    load was made from, exactly (a file saved again during the load is not what it read)."""
    reads: dict[Path, str] = {}
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)


def read_pack_file(path: Path) -> tuple[bytes, str]:
    """A pack file's bytes and their hash (noted, within `recording_reads`). Raises OSError."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    reads = _reads.get()
    if reads is not None:
        reads[path] = digest
    return raw, digest


def load_yaml(path: Path) -> YamlDoc:
    """Read and parse one YAML file; every failure becomes a PackLoadError for that file. A
    file parsed before, unchanged, comes from the cache (cache.py) with its marks."""
    return load_yaml_kept(path, "")[0]


def load_yaml_kept(path: Path, kept: str, valid: Callable[[Any], bool] = lambda made: True) -> tuple[YamlDoc, Any]:
    """As load_yaml, and what a caller keeps in the cache for the file as it is, as `kept`
    entries (what it made of the file, with the part of the document it still reads: see
    keep_for): that, with the document it holds; else None, with the whole document. An
    entry of another shape, or whose part `valid` refuses, is none (a damaged cache)."""
    shown = display_path(path)
    try:
        raw, digest = read_pack_file(path)
    except OSError as exc:
        raise PackLoadError([Problem(shown, 0, 0, f"cannot read the file: {exc.strerror or exc}")]) from None
    cached = shown not in _fresh.get()
    if cached and kept:  # load_yaml keeps nothing of its own: only the parsed document
        saved = cache.read(kept, cache.key(kept, digest))
        if _shaped(saved, 2) and _shaped(saved[1], 3) and valid(saved[0]):
            made, (data, marks, key_marks) = saved
            return YamlDoc(shown, data, marks, key_marks, digest=digest), made
    entry = cache.key("yaml", digest) if cached else None
    saved = cache.read("yaml", entry) if entry else None
    if _shaped(saved, 3):
        data, marks, key_marks = saved
        return YamlDoc(shown, data, marks, key_marks, digest=digest), None
    doc = _parse_bytes(raw, shown)
    if entry:
        cache.write("yaml", entry, (doc.data, doc.marks, doc.key_marks))
        doc = replace(doc, digest=digest)
    return doc, None


def _shaped(saved: Any, size: int) -> bool:
    """Whether a cache entry is a tuple of `size` (a document's is: its data and marks)."""
    return isinstance(saved, tuple) and len(saved) == size and (size != 3 or isinstance(saved[1], dict))


def is_kept(path: Path, kind: str) -> bool:
    """Whether the cache keeps a `kind` entry for the file as it is now (see keep_for)."""
    try:
        return cache.has(kind, cache.key(kind, read_pack_file(path)[1]))
    except OSError:
        return False


def keep_for(kind: str, doc: YamlDoc, made: Any, section: str) -> None:
    """Keep in the cache, for `doc`'s file as it is, what a caller `made` of it and the
    document less the `section` it was made from (a big pack's intents are most of it):
    load_yaml_kept(path, kind) gives both back."""
    if not doc.digest or not isinstance(doc.data, dict):
        return
    rest = {k: v for k, v in doc.data.items() if k != section}
    outside = {p: m for p, m in doc.marks.items() if not p or p[0] != section}
    outside_keys = {p: m for p, m in doc.key_marks.items() if p[0] != section or len(p) == 1}
    cache.write(kind, cache.key(kind, doc.digest), (made, (rest, outside, outside_keys)))
    cache.remove("yaml", cache.key("yaml", doc.digest))  # load_yaml_kept reads the kept entry first


def _parse_bytes(raw: bytes, shown: str) -> YamlDoc:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PackLoadError(
            [Problem(shown, line, 0, f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x})", "save it as UTF-8")]
        ) from None
    return parse_yaml(text.lstrip("\ufeff"), shown)
