"""YAML with line numbers: a ``yaml.SafeLoader`` whose mappings and lists remember lines.

Used by :mod:`usjapan_edu.quiz.bank` so that every validation problem can name its line.
Scalars also keep the text as written (``text: 1.50`` stays ``"1.50"``, not ``1.5``), and
duplicate keys — which PyYAML silently merges — are recorded so they can be reported.

Anchors, aliases and merge keys (``<<: *template``) work, within a limit: the aliases of a
file may stand for at most :data:`MAX_ALIASED` units in all — each value counts one, and each
text one more per character — so that a few lines that expand to billions of values (the
"billion laughs") or to gigabytes of text are refused instead of exhausting memory.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

__all__ = [
    "MAX_ALIASED",
    "LineLoader",
    "NotARegularFileError",
    "TooManyAliasesError",
    "YamlMap",
    "YamlSeq",
    "item_line",
    "line_of",
    "path_line",
    "read_bounded",
]

MAX_ALIASED = 1_000_000
"""Values plus characters of text that the aliases of one file may stand for, in all."""
_MERGE = "tag:yaml.org,2002:merge"


class TooManyAliasesError(yaml.YAMLError):
    """The aliases of a document stand for more than :data:`MAX_ALIASED` values and characters."""

    def __init__(self, line: int) -> None:
        super().__init__(f"aliases stand for more than {MAX_ALIASED} values")
        self.line = line


class NotARegularFileError(OSError):
    """A course file that is a device, a FIFO or a socket: reading it could block or never end."""


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def read_bounded(path: str | os.PathLike[str], limit: int) -> tuple[bytes, int]:
    """Read a regular file, at most ``limit`` + 1 bytes; return ``(data, size)``.

    ``size`` is the file's size as far as known (at least ``len(data)``): more than ``limit``
    means the file is too large, and ``data`` then holds only its first ``limit + 1`` bytes.
    Devices (``/dev/zero``: endless), FIFOs and sockets (a read that may never return) are
    refused without reading: the file is opened without blocking and checked on the open
    descriptor, so a file swapped in between cannot slip through.

    Raises
    ------
    NotARegularFileError
        For a device, FIFO or socket (an :class:`OSError`, naming what the path is).
    IsADirectoryError, FileNotFoundError, PermissionError
        As :func:`open` does.

    Examples
    --------
    >>> read_bounded("/dev/zero", 10)
    Traceback (most recent call last):
    ...
    usjapan_edu.quiz._yaml.NotARegularFileError: [Errno 22] not a regular file but a device; \
give a YAML file: '/dev/zero'

    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
            message = f"not a regular file but {kind}; give a YAML file"
            raise NotARegularFileError(errno.EINVAL, message, os.fspath(path))
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data, max(len(data), info.st_size)


class YamlMap(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers where it and each of its keys were written."""

    line = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.raw: dict[Any, str] = {}
        self.duplicates: list[tuple[Any, int]] = []


class YamlSeq(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers the line of each item."""

    line = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []
        self.raw: list[str | None] = []


# libyaml's parser (when PyYAML was built with it) is ~10x faster; constructors are the same.
_SafeBase: Any = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class LineLoader(_SafeBase):  # type: ignore[misc]
    """A safe YAML loader whose mappings and sequences carry line numbers (1-based)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.unfilled: dict[Node, YamlMap] = {}  # mappings made but not filled in yet
        self.sizes: dict[int, int] = {}  # id(node) -> values it stands for, aliases expanded
        self.aliased = 0  # values that the aliases met so far stand for

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:  # a second reference: an alias
            self.aliased += _expanded_size(node, self.sizes)
            if self.aliased > MAX_ALIASED:
                raise TooManyAliasesError(node.start_mark.line + 1)
        return super().construct_object(node, deep)

    def flatten_mapping(self, node: MappingNode) -> None:
        # Only a !!set gets here (mappings merge in _fill_map); PyYAML before 6.0.4 merges in
        # exponential time, so merge keys are refused there.
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                raise ConstructorError(
                    None, None, "merge keys (<<) work only in mappings", key_node.start_mark
                )
        super().flatten_mapping(node)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _expanded_size(node: Node, sizes: dict[int, int]) -> int:
    """Return how many values ``node`` stands for with every alias in it written out.

    Memoized in ``sizes``, so each node is walked once however often it is aliased; an alias
    of an enclosing node (a cycle) counts as one value.
    """
    stack: list[tuple[Node, bool]] = [(node, False)]
    active: set[int] = set()
    while stack:
        current, done = stack.pop()
        key = id(current)
        if done:
            active.discard(key)
            own = len(current.value) if isinstance(current, ScalarNode) else 0
            sizes[key] = 1 + own + sum(sizes.get(id(child), 1) for child in _children(current))
        elif key not in sizes and key not in active:
            active.add(key)
            stack.append((current, True))
            stack.extend((child, False) for child in _children(current))
    return sizes[id(node)]


def _construct_map(loader: LineLoader, node: MappingNode) -> Any:
    data = YamlMap()
    data.line = node.start_mark.line + 1
    loader.unfilled[node] = data
    yield data
    _fill_map(loader, node)


def _fill_map(loader: LineLoader, node: MappingNode) -> None:
    """Fill in the mapping made for ``node``, once (a merge may need it before its turn)."""
    data = loader.unfilled.pop(node, None)
    if data is None:  # filled already, or being filled (it merges itself)
        return
    sources: list[YamlMap] = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            sources += _merge_sources(loader, node, value_node)
            continue
        if key_node.tag == "tag:yaml.org,2002:value":  # a plain '=' key, read as PyYAML does
            key_node.tag = "tag:yaml.org,2002:str"
        key = loader.construct_object(key_node, deep=False)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found a list or mapping used as a key",
                key_node.start_mark,
            ) from None
        value = loader.construct_object(value_node, deep=False)
        if key in data:
            data.duplicates.append((key, key_node.start_mark.line + 1))
        data[key] = value
        data.key_lines[key] = key_node.start_mark.line + 1
        if isinstance(value_node, ScalarNode):
            data.raw[key] = value_node.value
    # Keys written here win over merged ones, and earlier sources over later ones (YAML spec);
    # neither is a duplicate key.
    for source in sources:
        for key, value in source.items():
            if key not in data:
                data[key] = value
                data.key_lines[key] = source.key_lines.get(key, data.line)
                if key in source.raw:
                    data.raw[key] = source.raw[key]


def _merge_sources(loader: LineLoader, node: MappingNode, value_node: Node) -> list[YamlMap]:
    """Return the mappings that ``<<: value_node`` merges, in order, filled in."""
    nodes = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
    sources = []
    for source_node in nodes:
        source = loader.construct_object(source_node, deep=False)
        if not isinstance(source, YamlMap):  # e.g. a number, or a !!set
            raise ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"expected a mapping or list of mappings for merging, but found {source_node.id}",
                source_node.start_mark,
            )
        _fill_map(loader, source_node)
        sources.append(source)
    return sources


def _construct_seq(loader: LineLoader, node: SequenceNode) -> Any:
    data = YamlSeq()
    data.line = node.start_mark.line + 1
    yield data
    data.extend(loader.construct_sequence(node))
    data.lines = [n.start_mark.line + 1 for n in node.value]
    data.raw = [n.value if isinstance(n, ScalarNode) else None for n in node.value]


def _construct_int(loader: LineLoader, node: ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:  # Python refuses to read integers of thousands of digits
        raise ConstructorError(
            None,
            None,
            f"this number has {len(node.value):,} digits, too many to read; put it in quotes "
            "if it is text, or shorten it",
            node.start_mark,
        ) from None


LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def line_of(obj: Any, key: Any = None, default: int = 1) -> int:
    """Return the line of ``obj[key]`` (or of ``obj``), else ``default``."""
    if key is not None and isinstance(obj, YamlMap) and key in obj.key_lines:
        return obj.key_lines[key]
    if isinstance(obj, YamlSeq) and isinstance(key, int) and 0 <= key < len(obj.lines):
        return obj.lines[key]
    line = getattr(obj, "line", 0)
    return line if line else default


def item_line(seq: Any, index: int, default: int) -> int:
    """Return the line of item ``index`` of a YAML list, else ``default``."""
    item = seq[index]
    line = getattr(item, "line", 0)
    return line or line_of(seq, index, default)


def path_line(obj: Any, path: str, default: int = 1) -> int:
    r"""Return the line of a dotted ``path`` (``where.year``) inside nested YAML mappings.

    Walks as far as the path exists and returns the line of the deepest key found, else the
    line of ``obj`` (or ``default``), so a problem always points at the closest line written.

    Examples
    --------
    >>> import yaml
    >>> data = yaml.load("rule:\n  where:\n    year: 2022\n", Loader=LineLoader)
    >>> path_line(data["rule"], "where.year"), path_line(data["rule"], "where.nothing")
    (3, 2)

    """
    line = line_of(obj, default=default)
    current = obj
    for part in path.split(".") if path else ():
        if not isinstance(current, YamlMap) or part not in current:
            break
        line = line_of(current, part, line)
        current = current[part]
    return line
