"""Bilingual course files: pick one language's texts out of a bank or an exercise file.

A quiz bank or an exercise file holds both languages side by side: every text a student reads
(``prompt``) may have a Japanese twin of the same shape (``prompt_ja``); answers, rules and
code are written once (format: ``docs/translating.md``). :func:`localize` runs on the parsed
YAML before the file's own validation: it checks the twins, removes them, and — for Japanese —
puts each twin in place of its English text, so the validators and the model see one language.

``languages: [en, ja]`` at the top of a file declares it bilingual: then a text without its
twin is a problem, reported like every other one (file, line, question, what to do).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from usjapan_edu.i18n import LANGUAGES
from usjapan_edu.quiz._yaml import YamlMap, YamlSeq, line_of

__all__ = ["EXERCISE_FILE", "QUIZ_BANK", "FileKind", "localize"]

SUFFIX = "_ja"

Report = Callable[[int, str, str], None]


@dataclass(frozen=True)
class Context:
    """The keys translated in one kind of mapping, and the mappings nested in it."""

    required: frozenset[str] = frozenset()
    """Texts that need a twin in a bilingual file."""
    optional: frozenset[str] = frozenset()
    """Texts whose twin may be left out (the English is shown)."""
    additive: frozenset[str] = frozenset()
    """Lists whose twin adds to them in Japanese (``accept_ja``: more accepted answers)."""
    lists: Mapping[str, Context] = field(default_factory=dict)
    """``key: context`` of each list of mappings inside (``options``, ``near_misses``)."""
    maps: Mapping[str, Context] = field(default_factory=dict)
    """``key: context`` of each mapping inside (``source``)."""


@dataclass(frozen=True)
class FileKind:
    """One kind of course file: its top level, and the key of its items (``questions``)."""

    top: Context
    items_key: str
    item_label: str
    top_label: str
    what: str


_SOURCE = Context(optional=frozenset({"title"}))
QUIZ_BANK = FileKind(
    top=Context(required=frozenset({"title"}), optional=frozenset({"description"})),
    items_key="questions",
    item_label="question",
    top_label="bank",
    what="the bank",
)
_QUESTION = Context(
    required=frozenset({"prompt", "hints", "explanation", "feedback", "items", "distractors"}),
    optional=frozenset({"unit"}),
    additive=frozenset({"accept"}),
    lists={
        "options": Context(required=frozenset({"text", "feedback"})),
        "pairs": Context(required=frozenset({"left", "right"})),
    },
    maps={"source": _SOURCE},
)
EXERCISE_FILE = FileKind(
    top=Context(required=frozenset({"title"})),
    items_key="exercises",
    item_label="exercise",
    top_label="file",
    what="the file",
)
_EXERCISE = Context(
    required=frozenset({"prompt", "hints", "feedback"}),
    optional=frozenset({"unit"}),
    additive=frozenset({"accept"}),
    lists={"near_misses": Context(required=frozenset({"feedback"}))},
    maps={"source": _SOURCE},
)
_ITEMS = {"questions": _QUESTION, "exercises": _EXERCISE}
_SINGULAR = {"options": "option", "pairs": "pair", "near_misses": "near miss"}


def _shape(value: Any) -> str:
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def _same_shape(en: Any, ja: Any) -> str | None:
    """Return why ``ja`` cannot stand for ``en`` (``None`` if it can)."""
    if isinstance(en, Mapping) != isinstance(ja, Mapping) or isinstance(en, list) != isinstance(
        ja, list
    ):
        return f"is {_shape(ja)} but its English twin is {_shape(en)}"
    if isinstance(en, list) and len(en) != len(ja):
        return (
            f"has {len(ja)} item{'s' * (len(ja) != 1)} but its English twin has {len(en)}; "
            "give one Japanese text for each, in the same order"
        )
    if isinstance(en, Mapping):
        missing = [str(k) for k in en if k not in ja]
        extra = [str(k) for k in ja if k not in en]
        if missing or extra:
            parts = []
            if missing:
                parts.append(f"lacks {', '.join(missing)}")
            if extra:
                parts.append(f"has {', '.join(extra)} that the English has not")
            return " and ".join(parts) + "; give it the same keys as its English twin"
    return None


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return any(_empty(v) for v in value)
    if isinstance(value, Mapping):
        return any(_empty(v) for v in value.values())
    return False


def _put(mapping: Any, key: str, twin: str) -> None:
    """Put ``mapping[twin]`` in place of ``mapping[key]`` (value, text as written, line)."""
    mapping[key] = mapping[twin]
    if isinstance(mapping, YamlMap):
        if twin in mapping.raw:
            mapping.raw[key] = mapping.raw[twin]
        else:
            mapping.raw.pop(key, None)
        if twin in mapping.key_lines:
            mapping.key_lines[key] = mapping.key_lines[twin]


def _drop(mapping: Any, key: str) -> None:
    mapping.pop(key, None)
    if isinstance(mapping, YamlMap):
        mapping.raw.pop(key, None)
        mapping.key_lines.pop(key, None)


def _localize_map(
    mapping: Any,
    context: Context,
    lang: str,
    where: str,
    report: Report,
) -> None:
    if not isinstance(mapping, Mapping):
        return
    translated = context.required | context.optional | context.additive
    for key in list(mapping):
        if not (isinstance(key, str) and key.endswith(SUFFIX)):
            continue
        base = key[: -len(SUFFIX)]
        line = line_of(mapping, key, line_of(mapping))
        if base not in translated:
            if base in context.lists or base in context.maps or base in mapping:
                report(
                    line,
                    where,
                    f"{key}: {base} is the same in both languages, so it has no Japanese twin; "
                    f"delete {key} (translate the texts inside {base} instead)"
                    if base in context.lists or base in context.maps
                    else f"{key}: {base} is the same in both languages, so it has no Japanese "
                    f"twin; delete {key}",
                )
            else:
                continue  # not a twin of anything here: the file's own check names the key
            _drop(mapping, key)
            continue
        value = mapping[key]
        if base not in mapping:
            report(line, where, f"{key} has no English {base}; add {base}: with the English text")
        elif base in context.additive:
            if not isinstance(value, list):
                report(line, where, f"{key} must be a list of answers, like {base}")
            elif lang == "ja" and isinstance(mapping[base], list):
                merged = YamlSeq() if isinstance(mapping[base], YamlSeq) else []
                for seq in (mapping[base], value):
                    for i, item in enumerate(seq):
                        merged.append(item)
                        if isinstance(merged, YamlSeq):
                            merged.lines.append(line_of(seq, i, line))
                            merged.raw.append(seq.raw[i] if isinstance(seq, YamlSeq) else None)
                if isinstance(merged, YamlSeq):
                    merged.line = getattr(mapping[base], "line", 0)
                mapping[base] = merged
        else:
            why = _same_shape(mapping[base], value)
            if why:
                report(line, where, f"{key} {why}")
            elif _empty(value):
                report(line, where, f"{key} is empty; write the Japanese text, or delete {key}")
            elif lang == "ja":
                _put(mapping, base, key)
        _drop(mapping, key)
    for key, inner in context.lists.items():
        seq = mapping.get(key)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                label = f"{where} {_SINGULAR.get(key, key)} {i + 1}"
                _localize_map(item, inner, lang, label, report)
    for key, inner in context.maps.items():
        _localize_map(mapping.get(key), inner, lang, f"{where} {key}", report)


def _missing_twins(mapping: Any, context: Context, where: str, report: Report, how: str) -> None:
    """Report each required text of a bilingual file that has no ``_ja`` twin."""
    if not isinstance(mapping, Mapping):
        return
    for base in sorted(context.required):
        if base in mapping and base + SUFFIX not in mapping and not _empty(mapping[base]):
            report(
                line_of(mapping, base, line_of(mapping)),
                where,
                f"{base} has no {base}{SUFFIX}, and {how}; add {base}{SUFFIX}: with the Japanese "
                "text",
            )
    for key, inner in context.lists.items():
        seq = mapping.get(key)
        if isinstance(seq, list):
            for i, item in enumerate(seq):
                label = f"{where} {_SINGULAR.get(key, key)} {i + 1}"
                _missing_twins(item, inner, label, report, how)


def _item_label(kind: FileKind, item: Any, index: int) -> str:
    ident = item.get("id") if isinstance(item, Mapping) else None
    if isinstance(ident, str) and ident:
        return f"{kind.item_label} {ident!r}"
    return f"{kind.item_label} {index + 1}"


def declared_languages(data: Any, kind: FileKind, report: Report) -> tuple[str, ...]:
    """Read and remove ``languages:`` from a file's top level (``("en",)`` if absent)."""
    if not isinstance(data, Mapping) or "languages" not in data:
        return ("en",)
    line = line_of(data, "languages", 1)
    value = data["languages"]
    _drop(data, "languages")
    choices = ", ".join(LANGUAGES)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        report(line, kind.top_label, f"languages must be a list such as [{choices}]")
        return ("en",)
    unknown = [v for v in value if v not in LANGUAGES]
    if unknown:
        report(
            line,
            kind.top_label,
            f"languages: unknown language {unknown[0]!r}; the course has {choices}",
        )
        return ("en",)
    if "en" not in value:
        report(
            line,
            kind.top_label,
            "languages must include en: the English texts are the ones every other language "
            "translates",
        )
    return tuple(dict.fromkeys(value))


def localize(data: Any, kind: FileKind, lang: str, report: Report) -> tuple[str, ...]:
    """Keep one language's texts in a parsed course file, in place; return its languages.

    Problems of the twins (missing in a bilingual file, another shape, empty, a twin of
    something that is not translated) go to ``report(line, where, message)``.
    """
    languages = declared_languages(data, kind, report)
    if not isinstance(data, Mapping):
        return languages
    bilingual = "ja" in languages
    how = f"{kind.what} declares languages: [{', '.join(languages)}]"
    if bilingual:
        # A pass of its own, before any twin is resolved: YAML aliases (``*verdict_slips``)
        # share one mapping between questions, and resolving drops its twins for all of them.
        _missing_twins(data, kind.top, kind.top_label, report, how)
        items = data.get(kind.items_key)
        if isinstance(items, list):
            for i, item in enumerate(items):
                label = _item_label(kind, item, i)
                _missing_twins(item, _ITEMS[kind.items_key], label, report, how)
    _localize_map(data, kind.top, lang, kind.top_label, report)
    items = data.get(kind.items_key)
    if isinstance(items, list):
        for i, item in enumerate(items):
            label = _item_label(kind, item, i)
            _localize_map(item, _ITEMS[kind.items_key], lang, label, report)
    return languages
