"""YAML with line numbers: a ``yaml.SafeLoader`` whose mappings and lists remember lines.

Used by :mod:`usjapan_edu.quiz.bank` so that every validation problem can name its line.
Scalars also keep the text as written (``text: 1.50`` stays ``"1.50"``, not ``1.5``), and
duplicate keys — which PyYAML silently merges — are recorded so they can be reported.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import ScalarNode

__all__ = ["LineLoader", "YamlMap", "YamlSeq", "item_line", "line_of"]


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


def _construct_map(loader: LineLoader, node: yaml.MappingNode) -> Any:
    data = YamlMap()
    data.line = node.start_mark.line + 1
    yield data
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
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


def _construct_seq(loader: LineLoader, node: yaml.SequenceNode) -> Any:
    data = YamlSeq()
    data.line = node.start_mark.line + 1
    yield data
    data.extend(loader.construct_sequence(node))
    data.lines = [n.start_mark.line + 1 for n in node.value]
    data.raw = [n.value if isinstance(n, ScalarNode) else None for n in node.value]


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
