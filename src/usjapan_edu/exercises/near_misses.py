"""Near misses: the wrong answers students give, written as data, each with its own feedback.

An exercise lists them under ``near_misses:`` (format: ``docs/exercises.md``). Each describes
one wrong answer — a rule over the shipped data (another column, current instead of constant
dollars, another year, a partial grouping, the row label instead of the value), the expected
value scaled (a fraction instead of per cent) or rounded, a text, or a chart (a wrong encoding
type, a chart of some rows only) — and the feedback it deserves. Nothing in it is evaluated.

:func:`wrong_answer` turns a near miss into the concrete answer a student would pass (a number,
a text, a list, a DataFrame, a chart specification): :mod:`.checks` compares answers with it,
the validator refuses a near miss whose wrong answer would pass, and the tests check every
bundled one.

Examples
--------
>>> from usjapan_edu import exercises
>>> ex = exercises.get_exercise("02.china-multiple-2023")
>>> data = rules.Data()
>>> wrong = wrong_answer(ex, ex.near_misses[0], data)
>>> exercises.check(ex, wrong, store=None, data=data).code
'near_miss'

"""

from __future__ import annotations

import math
from typing import Any

from usjapan_edu.exercises import rules
from usjapan_edu.exercises.spec import (
    CHART_TYPES,
    ChartMiss,
    ChartRule,
    Exercise,
    FrameRule,
    ListRule,
    Literal,
    NearMiss,
    ValueRule,
)

__all__ = ["EXACT", "chart_rows", "same_number", "wrong_answer"]

EXACT = 1e-9
"""Relative difference below which two numbers are the same computation (rounding noise)."""

_TYPE_NAMES = {letter: name for name, letter in CHART_TYPES.items()}
_MAX_CHART_ROWS = 5_000


def same_number(a: float, b: float) -> bool:
    """Return whether ``a`` and ``b`` differ by no more than floating-point noise."""
    return abs(a - b) <= EXACT * max(1.0, abs(a), abs(b))


def _number(exercise: Exercise, miss: NearMiss, data: rules.Data) -> float:
    rule = miss.rule if miss.rule is not None else exercise.expected
    value = rules.number(rule, data)  # type: ignore[arg-type]
    if miss.scale is not None:
        value *= miss.scale
    if miss.round is not None:
        value = round(value, miss.round)
    if not math.isfinite(value):
        raise rules.RuleError("the near miss gives no finite number", "rule")
    return value


def chart_rows(rule: ChartRule, miss: ChartMiss | None, data: rules.Data) -> list[dict[str, Any]]:
    """Return the rows a chart of ``rule``'s dataset shows (those ``miss.where`` keeps)."""
    if rule.dataset is None:
        return []
    df = data.get(rule.dataset)
    if miss is not None and miss.where is not None:
        try:
            df = miss.where.apply(df, dataset=repr(rule.dataset))
        except Exception as exc:
            raise rules.RuleError(str(exc), "chart.where") from None
    fields = {c.field for c in rule.channels if c.field} | set(rule.shows_every)
    if miss is not None:
        fields |= {c.field for c in miss.channels if c.field}
        if miss.where is not None:
            fields |= {c.column for c in miss.where.conditions}
    keep = [c for c in df.columns if c in fields]
    out = []
    for record in df[keep].head(_MAX_CHART_ROWS).to_dict("records"):
        out.append({k: rules._plain(v) for k, v in record.items()})
    for record in out:
        for key, value in record.items():
            if hasattr(value, "isoformat"):
                record[key] = value.isoformat()
    return out


def _chart(exercise: Exercise, miss: ChartMiss, data: rules.Data) -> dict[str, Any]:
    """Return the specification of a chart that is right except where ``miss`` says."""
    rule = exercise.expected
    if not isinstance(rule, ChartRule):  # pragma: no cover - the validator ensures it
        raise rules.RuleError("a chart near miss needs a chart exercise", "chart")
    encoding: dict[str, Any] = {}
    for channel in (*rule.channels, *miss.channels):
        entry = dict(encoding.get(channel.channel, {}))
        if channel.field is not None:
            entry["field"] = channel.field
        if channel.types:
            entry["type"] = _TYPE_NAMES[channel.types[0]]
        encoding[channel.channel] = entry
    spec: dict[str, Any] = {"mark": {"type": miss.mark or rule.mark or "point"}}
    spec["encoding"] = encoding
    spec["data"] = {"values": chart_rows(rule, miss, data)}
    return spec


def wrong_answer(exercise: Exercise, miss: NearMiss, data: rules.Data) -> Any:
    """Return the answer a student who makes this mistake passes to ``check``.

    A number, a text, a list, a DataFrame (its columns those of the near miss's rule), or a
    chart's specification (a mapping, as ``chart.to_dict()`` gives).

    Raises
    ------
    rules.RuleError
        If the near miss's rule does not fit the data (the file's fault).

    """
    kind = exercise.type
    if kind == "number":
        return _number(exercise, miss, data)
    if kind == "text":
        if miss.text is not None:
            return miss.text
        return rules.text(miss.rule, data)  # type: ignore[arg-type]
    if kind == "list" and isinstance(miss.rule, ListRule | Literal):
        return rules.list_values(miss.rule, data)
    if kind == "dataframe" and isinstance(miss.rule, FrameRule):
        return rules.frame(miss.rule, data)
    if kind == "chart" and miss.chart is not None:
        return _chart(exercise, miss.chart, data)
    if isinstance(miss.rule, ValueRule):  # pragma: no cover - the validator ensures the kinds
        return rules.value(miss.rule, data)
    raise rules.RuleError(f"a {kind} exercise cannot have this near miss", "near_misses")
