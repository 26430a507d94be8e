"""Expected answers computed from the shipped data, and the near misses used for feedback.

A rule (:mod:`.spec`) names a dataset, a filter written as data (:mod:`usjapan_edu.filters`,
never evaluated) and what to take from the selected rows. :func:`value` gives one value,
:func:`list_values` a column's values, :func:`frame` a table. Problems raise :class:`RuleError`
whose ``field`` (``"where.year"``, ``"divide_by.column"`` …) lets a file's message point at
its line.

:func:`variants` gives the near misses a student is likely to make — the neighbouring year of
a ``year`` condition, or the same rule with one condition left out — so a ✗ can say "check the
year" or "check your filter on ``country``" without ever naming the answer.

Examples
--------
>>> from usjapan_edu.filters import parse_where
>>> rule = ValueRule("military_expenditure", parse_where({"country": "Japan", "year": 2023}),
...                  column="share_of_gdp_pct")
>>> 0 < value(rule, Data()) < 5
True
>>> [(code, column) for code, column, _ in variants(rule)]
[('year', 'year'), ('year', 'year'), ('filter', 'country'), ('filter', 'year')]

"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from usjapan_edu.exercises.spec import FrameRule, ListRule, Literal, ValueRule
from usjapan_edu.filters import Condition, FilterError, Where

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_CANDIDATES",
    "Data",
    "RuleError",
    "column_alternatives",
    "frame",
    "list_values",
    "value",
    "values",
    "variants",
]

MAX_CANDIDATES = 2_000
"""Most candidate values a near-miss search looks at (keeps a ✗ instant)."""


class RuleError(ValueError):
    """A rule does not give a value from the data; the message says how to fix it.

    Attributes
    ----------
    field : str or None
        Where in the rule the problem is (``"dataset"``, ``"column"``, ``"where"``,
        ``"where.year"``, ``"divide_by.where.country"`` …), for the file's line number.

    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class Data:
    """The datasets a check reads, each loaded once (``datasets.load`` returns fresh frames)."""

    def __init__(self) -> None:
        self.frames: dict[str, pd.DataFrame] = {}
        self.computed: dict[Any, Any] = {}
        """Values worked out from these frames (near misses' wrong answers), kept for reuse."""

    def get(self, name: str, field: str = "dataset") -> pd.DataFrame:
        """Return dataset ``name``; an unknown or unreadable one raises :class:`RuleError`."""
        if name not in self.frames:
            from usjapan_edu import datasets

            try:
                self.frames[name] = datasets.load(name)
            except datasets.UnknownDatasetError as exc:
                raise RuleError(str(exc).strip("\"'"), field) from None
            except Exception as exc:
                msg = f"cannot load dataset {name!r}: {exc}"
                raise RuleError(msg, field) from None
        return self.frames[name]


# ---------------------------------------------------------------- selecting


def _column(df: pd.DataFrame, dataset: str, column: str, field: str) -> None:
    if column not in df.columns:
        names = [str(c) for c in df.columns]
        close = difflib.get_close_matches(column, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        msg = f"dataset {dataset!r} has no column {column!r}; {hint}columns are {', '.join(names)}"
        raise RuleError(msg, field)


def _rows(data: Data, dataset: str, where: Where, prefix: str) -> pd.DataFrame:
    df = data.get(dataset, f"{prefix}dataset")
    try:
        return where.apply(df, dataset=repr(dataset))
    except FilterError as exc:
        field = f"{prefix}where.{exc.key}" if exc.key else f"{prefix}where"
        raise RuleError(str(exc), field) from None


def _is_number_column(series: pd.Series) -> bool:
    from pandas.api.types import is_bool_dtype, is_numeric_dtype

    return is_numeric_dtype(series.dtype) and not is_bool_dtype(series.dtype)


def _plain(value: Any) -> Any:
    """Return a pandas/NumPy scalar as a plain Python value (missing → ``None``)."""
    import pandas as pd

    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return item()
        except (TypeError, ValueError):
            return value
    return value


def _describe(where: Where) -> str:
    return where.describe() if where.conditions else "no filter"


# ---------------------------------------------------------------- one value


def _one(rule: ValueRule, data: Data, prefix: str, *, every: bool) -> list[Any]:
    """Return the value of ``rule`` without divide_by/times (all candidates if ``every``)."""
    rows = _rows(data, rule.dataset, rule.where, prefix)
    df = data.get(rule.dataset)
    if rule.row_label:
        return _row_labels(rule, rows, prefix, every=every)
    if rule.column is not None:
        _column(df, rule.dataset, rule.column, f"{prefix}column")
    if rule.aggregate is not None:
        return [_aggregate(rule, rows, prefix)]
    pick = rule.at_max or rule.at_min
    if pick is not None:
        return _at_extreme(rule, rows, pick, prefix, every=every)
    if rule.column is None:
        msg = "column is missing; name the column that holds the answer"
        raise RuleError(msg, f"{prefix}column")
    if every:
        return [
            v for v in (_plain(x) for x in rows[rule.column].head(MAX_CANDIDATES)) if v is not None
        ]
    if len(rows) != 1:
        msg = f"where ({_describe(rule.where)}) selects {len(rows)} rows of {rule.dataset!r}; " + (
            "add conditions so that exactly one row remains (or add aggregate: …)"
            if len(rows) > 1
            else "change the conditions so that one row matches (write values as in the data)"
        )
        raise RuleError(msg, f"{prefix}where")
    got = _plain(rows[rule.column].iloc[0])
    if got is None:
        msg = (
            f"the selected value of {rule.column!r} is missing (where {_describe(rule.where)}); "
            "choose a row with data"
        )
        raise RuleError(msg, f"{prefix}where")
    return [got]


def _row_labels(rule: ValueRule, rows: pd.DataFrame, prefix: str, *, every: bool) -> list[Any]:
    """Return the label of the selected row (or of the row at the extreme), as ``.idxmax()``."""
    pick = rule.at_max or rule.at_min
    if pick is not None:
        key = "at_max" if rule.at_max else "at_min"
        _column(rows, rule.dataset, pick, f"{prefix}{key}")
        series = rows[pick].dropna()
        best = series.max() if rule.at_max else series.min()
        rows = rows.loc[series[series == best].index] if not series.empty else rows.iloc[:0]
    labels = [_plain(x) for x in rows.index[:MAX_CANDIDATES]]
    if every:
        return labels
    if len(labels) != 1:
        msg = (
            f"where ({_describe(rule.where)}) selects {len(rows)} rows of {rule.dataset!r}; "
            "row_label needs exactly one (add conditions, or at_max:/at_min:)"
        )
        raise RuleError(msg, f"{prefix}where")
    return labels


def _aggregate(rule: ValueRule, rows: pd.DataFrame, prefix: str) -> Any:
    how = rule.aggregate
    if how == "count":
        return int(len(rows) if rule.column is None else rows[rule.column].notna().sum())
    column = rule.column
    if column is None:
        msg = f"aggregate: {how} needs column: (the column to aggregate)"
        raise RuleError(msg, f"{prefix}aggregate")
    if not _is_number_column(rows[column]):
        msg = (
            f"aggregate: {how} needs a column of numbers; {column!r} of {rule.dataset!r} is not one"
        )
        raise RuleError(msg, f"{prefix}column")
    series = rows[column].dropna()
    if series.empty:
        msg = (
            f"where ({_describe(rule.where)}) selects no row with a value of {column!r} in "
            f"{rule.dataset!r}; check the conditions"
        )
        raise RuleError(msg, f"{prefix}where")
    result = getattr(series.astype(float), how)()
    return float(result)


def _at_extreme(
    rule: ValueRule, rows: pd.DataFrame, pick: str, prefix: str, *, every: bool
) -> list[Any]:
    key = "at_max" if rule.at_max else "at_min"
    _column(rows, rule.dataset, pick, f"{prefix}{key}")
    from pandas.api.types import is_datetime64_any_dtype

    series = rows[pick]
    if not (_is_number_column(series) or is_datetime64_any_dtype(series.dtype)):
        msg = f"{key} needs a column of numbers or dates; {pick!r} of {rule.dataset!r} is not one"
        raise RuleError(msg, f"{prefix}{key}")
    series = series.dropna()
    if series.empty:
        msg = (
            f"where ({_describe(rule.where)}) selects no row with a value of {pick!r}; "
            "check the conditions"
        )
        raise RuleError(msg, f"{prefix}where")
    best = series.max() if rule.at_max else series.min()
    chosen = rows.loc[series[series == best].index]
    if rule.column is None:
        msg = f"{key} needs column: (the column whose value is wanted, e.g. column: year)"
        raise RuleError(msg, f"{prefix}column")
    found = [v for v in (_plain(x) for x in chosen[rule.column]) if v is not None]
    if every:
        return found
    if len(chosen) > 1:
        msg = (
            f"{len(chosen)} rows share the {'largest' if rule.at_max else 'smallest'} "
            f"{pick!r}; add a condition so that one row wins"
        )
        raise RuleError(msg, f"{prefix}{key}")
    if not found:
        msg = f"the value of {rule.column!r} in the row with the extreme {pick!r} is missing"
        raise RuleError(msg, f"{prefix}column")
    return found


def _numbers(found: list[Any], rule: ValueRule, prefix: str, *, every: bool) -> list[float]:
    out = []
    for v in found:
        if isinstance(v, bool) or not isinstance(v, int | float):
            if every:
                continue
            msg = (
                f"column {rule.column!r} of {rule.dataset!r} does not hold numbers; "
                "divide_by and times need numbers"
            )
            raise RuleError(msg, f"{prefix}column")
        out.append(float(v))
    return out


def values(rule: ValueRule | Literal, data: Data, *, every: bool = False) -> list[Any]:
    """Return the rule's value in a list (``every``: each candidate of a loosened rule).

    With ``every`` a one-cell rule gives the value of each selected row (a near miss may match
    any of them), a ratio each quotient; nothing raises for an empty selection.
    """
    if isinstance(rule, Literal):
        return [rule.value]
    try:
        found = _one(rule, data, "", every=every)
        if rule.divide_by is None and rule.times is None:
            return found
        tops = _numbers(found, rule, "", every=every)
        if rule.divide_by is not None:
            bottom_rule = rule.divide_by
            bottoms = _numbers(
                _one(bottom_rule, data, "divide_by.", every=every),
                bottom_rule,
                "divide_by.",
                every=every,
            )
            quotients = []
            for top in tops:
                for bottom in bottoms:
                    if bottom == 0:
                        if every:
                            continue
                        msg = "divide_by gives zero; a value cannot be divided by it"
                        raise RuleError(msg, "divide_by")
                    quotients.append(top / bottom)
                    if len(quotients) >= MAX_CANDIDATES:
                        break
            tops = quotients
        if rule.times is not None:
            tops = [t * rule.times for t in tops]
        return tops
    except RuleError:
        if every:
            return []
        raise


def value(rule: ValueRule | Literal, data: Data) -> Any:
    """Return the one value a rule gives (raises :class:`RuleError` otherwise)."""
    return values(rule, data)[0]


def number(rule: ValueRule | Literal, data: Data) -> float:
    """Return the rule's value as a finite number (raises :class:`RuleError` otherwise)."""
    got = value(rule, data)
    if isinstance(got, bool) or not isinstance(got, int | float) or not math.isfinite(got):
        column = rule.column if isinstance(rule, ValueRule) else None
        where = f"column {column!r}" if column else "the value"
        msg = f"{where} gives {type(got).__name__}, not a number; use a column of numbers"
        raise RuleError(msg, "column" if column else "value")
    return float(got)


def text(rule: ValueRule | Literal, data: Data) -> str:
    """Return the rule's value as text (a text or category column; raises otherwise)."""
    got = value(rule, data)
    if not isinstance(got, str):
        msg = "the rule does not give text; a text exercise needs a column of text or categories"
        raise RuleError(msg, "column")
    return got


# ---------------------------------------------------------------- lists and tables


def _sorted(
    rows: pd.DataFrame, sort_by: str | None, descending: bool, dataset: str
) -> pd.DataFrame:
    if sort_by is None:
        return rows
    _column(rows, dataset, sort_by, "sort_by")
    return rows.sort_values(sort_by, ascending=not descending, kind="stable")


def list_values(rule: ListRule | Literal, data: Data) -> list[Any]:
    """Return the expected list: ``column`` over the selected rows, or the fixed values."""
    if isinstance(rule, Literal):
        return list(rule.value)
    df = data.get(rule.dataset)
    _column(df, rule.dataset, rule.column, "column")
    rows = _sorted(
        _rows(data, rule.dataset, rule.where, ""), rule.sort_by, rule.descending, rule.dataset
    )
    if rows.empty:
        msg = (
            f"where ({_describe(rule.where)}) selects no row of {rule.dataset!r}; check the values"
        )
        raise RuleError(msg, "where")
    return [_plain(v) for v in rows[rule.column]]


def frame(rule: FrameRule, data: Data) -> pd.DataFrame:
    """Return the expected table: the selected rows, ``columns`` only, index 0…n-1."""
    df = data.get(rule.dataset)
    for i, column in enumerate(rule.columns):
        _column(df, rule.dataset, column, f"columns.{i}")
    rows = _sorted(
        _rows(data, rule.dataset, rule.where, ""), rule.sort_by, rule.descending, rule.dataset
    )
    if rows.empty:
        msg = (
            f"where ({_describe(rule.where)}) selects no row of {rule.dataset!r}; check the values"
        )
        raise RuleError(msg, "where")
    columns = list(rule.columns) or [str(c) for c in df.columns]  # () stands for every column
    return rows[columns].reset_index(drop=True)


# ---------------------------------------------------------------- near misses


def _is_year(cond: Condition) -> bool:
    name = cond.column.lower()
    return (
        cond.op == "eq"
        and (name == "year" or name.endswith("_year") or name.startswith("year_"))
        and isinstance(cond.value, int)
        and not isinstance(cond.value, bool)
    )


def _shift_years(where: Where, step: int) -> Where:
    return Where(
        tuple(
            Condition(c.column, "eq", c.value + step) if _is_year(c) else c
            for c in where.conditions
        )
    )


def _where_variants(where: Where) -> Iterator[tuple[str, str, Where]]:
    conds = where.conditions
    for i, cond in enumerate(conds):
        if _is_year(cond):
            for step in (-1, 1):
                moved = Condition(cond.column, "eq", cond.value + step)
                yield "year", cond.column, Where((*conds[:i], moved, *conds[i + 1 :]))
    for i, cond in enumerate(conds):
        yield "filter", cond.column, Where(conds[:i] + conds[i + 1 :])


def variants(rule: Any) -> Iterator[tuple[str, str, Any]]:
    """Yield ``(code, column, loosened rule)``: a neighbouring year, or one condition dropped.

    ``code`` is ``"year"`` or ``"filter"``; ``column`` is the filter column to look at. For a
    ratio, the divisor's filter is varied too, and both years move together first.
    """
    if isinstance(rule, Literal) or rule is None or not hasattr(rule, "where"):
        return
    divisor = getattr(rule, "divide_by", None)
    if divisor is not None:
        years = [
            c.column for c in (*rule.where.conditions, *divisor.where.conditions) if _is_year(c)
        ]
        if years:
            for step in (-1, 1):
                yield (
                    "year",
                    years[0],
                    dataclasses.replace(
                        rule,
                        where=_shift_years(rule.where, step),
                        divide_by=dataclasses.replace(
                            divisor, where=_shift_years(divisor.where, step)
                        ),
                    ),
                )
    for code, column, where in _where_variants(rule.where):
        yield code, column, dataclasses.replace(rule, where=where)
    if divisor is not None:
        for code, column, where in _where_variants(divisor.where):
            yield (
                code,
                column,
                dataclasses.replace(rule, divide_by=dataclasses.replace(divisor, where=where)),
            )


def column_alternatives(rule: ValueRule | Literal, data: Data) -> list[tuple[str, float]]:
    """Return ``(column, value)`` for the other number columns of a one-cell rule's row.

    For ``at_max``/``at_min`` rules the row is the one with the extreme value.
    """
    if not isinstance(rule, ValueRule) or rule.column is None or rule.aggregate or rule.divide_by:
        return []
    try:
        rows = _rows(data, rule.dataset, rule.where, "")
    except RuleError:
        return []
    pick = rule.at_max or rule.at_min
    if pick is not None and pick in rows.columns and not rows.empty:
        series = rows[pick].dropna()
        if series.empty:
            return []
        best = series.max() if rule.at_max else series.min()
        rows = rows.loc[series[series == best].index]
    if len(rows) != 1:
        return []
    out = []
    for column in rows.columns:
        if column == rule.column or not _is_number_column(rows[column]):
            continue
        got = _plain(rows[column].iloc[0])
        if isinstance(got, int | float) and not isinstance(got, bool):
            scale = rule.times if rule.times is not None else 1.0
            out.append((str(column), float(got) * scale))
    return out
