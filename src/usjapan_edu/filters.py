"""Row filters written as data: the ``where:`` of quiz banks (and, later, exercise files).

Course files are shared between instructors and downloaded by students, so nothing in them is
ever evaluated as code: a filter is a mapping of column → condition, checked against a short
list of what a condition may be and applied with plain pandas comparisons. There is no
expression language to escape from — no attributes, calls, subscripts or operators.

==========================  ==============================================
YAML                        keeps the rows where …
==========================  ==============================================
``year: 2022``              the column equals the value
``country: [Japan, China]`` the column equals one of the values
``year: {min: 2000}``       the column is at least the value (``max``: at most)
``year: {above: 2000}``     the column is greater than the value (``below``: less)
``basis: {not: census}``    the column differs from the value (or from each value of a list)
``note: null``              the value is missing (``{not: null}``: present)
==========================  ==============================================

Every condition must hold (they are joined with *and*); ``min``/``max``/``above``/``below``
need a column of numbers or dates. Sizes are bounded (:data:`MAX_CONDITIONS`,
:data:`MAX_LIST`, :data:`MAX_TEXT`), so a filter can never make a check slow.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"year": [2021, 2022, 2022], "basis": ["census", "census", "bop"]})
>>> where = parse_where({"year": 2022, "basis": "census"})
>>> where.describe()
"year = 2022 and basis = 'census'"
>>> len(where.apply(df))
1
>>> parse_where("year == 2022")
Traceback (most recent call last):
...
usjapan_edu.filters.FilterError: where must be a mapping of column: condition, not text; write where: {year: 2022} (expressions are never run)

"""  # noqa: E501

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_CONDITIONS",
    "MAX_LIST",
    "MAX_TEXT",
    "OPERATORS",
    "Condition",
    "FilterError",
    "Where",
    "kind_of",
    "parse_where",
]

MAX_CONDITIONS = 20
MAX_LIST = 500
MAX_TEXT = 500
COLUMN_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
OPERATORS = ("min", "max", "above", "below", "not")
_ORDERED = {"min": ">=", "max": "<=", "above": ">", "below": "<"}
_EXAMPLE = "where: {year: 2022, basis: census}"


class FilterError(ValueError):
    """A filter is malformed or does not fit its dataset; the message says how to fix it.

    Attributes
    ----------
    key : str or None
        The column whose condition is wrong (so a caller can point at its line), or ``None``
        for a problem of the whole filter.

    """

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Condition:
    """One test on one column: ``op`` is ``eq``, ``in``, ``ne``, ``not_in``, ``missing``,
    ``present`` or one of ``>=``, ``<=``, ``>``, ``<``."""  # noqa: D205, D209

    column: str
    op: str
    value: Any = None

    def describe(self) -> str:
        """Return the condition as a short text for messages."""
        v = self.value
        if self.op in {"in", "not_in"}:
            word = "in" if self.op == "in" else "not in"
            return f"{self.column} {word} [{', '.join(_show(x) for x in v)}]"
        text = {
            "eq": f"{self.column} = {_show(v)}",
            "ne": f"{self.column} ≠ {_show(v)}",
            "missing": f"{self.column} is missing",
            "present": f"{self.column} is present",
        }
        return text.get(self.op, f"{self.column} {self.op} {_show(v)}")


@dataclass(frozen=True)
class Where:
    """A parsed filter: conditions that must all hold (build with :func:`parse_where`)."""

    conditions: tuple[Condition, ...] = ()

    def describe(self) -> str:
        """Return the filter as text, e.g. ``year = 2022 and basis = 'census'``."""
        return " and ".join(c.describe() for c in self.conditions) or "all rows"

    def apply(self, df: pd.DataFrame, *, dataset: str = "the data") -> pd.DataFrame:
        """Return the rows of ``df`` that meet every condition.

        Raises
        ------
        FilterError
            For a column ``df`` lacks (with the closest names) or a value whose kind does not
            fit the column (text for a column of numbers, …); ``.key`` names the column.

        """
        import pandas as pd

        mask = pd.Series(True, index=df.index)
        for cond in self.conditions:
            mask &= _mask(df, cond, dataset)
        return df[mask]


# ---------------------------------------------------------------- parsing


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        return repr(text)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return repr(value)


def kind_of(value: Any) -> str:
    """Name the kind of ``value`` for messages: ``a number``, ``text``, ``a list``, and so on."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, datetime | date):
        return "a date"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return type(value).__name__


def _scalar(value: Any, column: str) -> Any:
    """Return ``value`` if it is a value a condition may hold, else raise FilterError."""
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            msg = f"the value for {column} is {len(value):,} characters long; at most {MAX_TEXT}"
            raise FilterError(msg, column)
        return value
    if isinstance(value, bool) or value is None or isinstance(value, datetime | date):
        return value
    if isinstance(value, int):
        if abs(value) > 10**18:
            msg = f"the number for {column} is too large; use a number below 10^18"
            raise FilterError(msg, column)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            msg = f"the number for {column} must be finite, not {value!r}"
            raise FilterError(msg, column)
        return value
    msg = f"{column} must be compared with a value or a list of values, not {kind_of(value)}"
    raise FilterError(msg, column)


def _values(value: Any, column: str) -> tuple[Any, ...]:
    if len(value) == 0:
        msg = f"the list for {column} is empty; give at least one value"
        raise FilterError(msg, column)
    if len(value) > MAX_LIST:
        msg = f"the list for {column} has {len(value):,} values; at most {MAX_LIST}"
        raise FilterError(msg, column)
    out = tuple(_scalar(v, column) for v in value)
    if any(v is None for v in out):
        msg = f"the list for {column} holds null; write {column}: null on its own for missing"
        raise FilterError(msg, column)
    return out


def _conditions(column: str, spec: Any) -> list[Condition]:
    if isinstance(spec, list | tuple):
        return [Condition(column, "in", _values(spec, column))]
    if not isinstance(spec, Mapping):
        value = _scalar(spec, column)
        return [Condition(column, "missing" if value is None else "eq", value)]
    if not spec:
        msg = f"the condition for {column} is empty; write e.g. {column}: {{min: 2000}}"
        raise FilterError(msg, column)
    out = []
    for op, value in spec.items():
        if op not in OPERATORS:
            close = (
                difflib.get_close_matches(str(op), OPERATORS, n=1) if isinstance(op, str) else []
            )
            hint = f"did you mean {close[0]!r}? " if close else ""
            msg = (
                f"unknown condition {_show(op)} for {column}; {hint}a condition is a value, a "
                f"list, or a mapping with {', '.join(OPERATORS)}"
            )
            raise FilterError(msg, column)
        if op == "not":
            if isinstance(value, list | tuple):
                out.append(Condition(column, "not_in", _values(value, column)))
            else:
                v = _scalar(value, column)
                out.append(Condition(column, "present" if v is None else "ne", v))
            continue
        v = _scalar(value, column)
        if not isinstance(v, int | float | date | datetime) or isinstance(v, bool):
            msg = f"{op}: for {column} needs a number or a date, not {kind_of(v)}"
            raise FilterError(msg, column)
        out.append(Condition(column, _ORDERED[op], v))
    return out


_SIMPLE = re.compile(
    r"\s*([A-Za-z][A-Za-z0-9_]*)\s*==\s*('([^'\\]*)'|\"([^\"\\]*)\"|-?\d+(?:\.\d+)?)\s*"
)


def _suggest(text: str) -> str:
    """Return the mapping for a simple ``a == 1 and b == 'x'`` text (never run), else ''."""
    if len(text) > MAX_TEXT:
        return ""
    parts = []
    for piece in re.split(r"\band\b", text):
        m = _SIMPLE.fullmatch(piece)
        if m is None:
            return ""
        literal = m.group(3) if m.group(3) is not None else m.group(4)
        value = literal if literal is not None else m.group(2)
        if literal is not None and (not literal or not re.fullmatch(r"[A-Za-z][\w .-]*", literal)):
            value = repr(literal)
        parts.append(f"{m.group(1)}: {value}")
    return "where: {" + ", ".join(parts) + "}"


def parse_where(data: Any) -> Where:
    """Check a filter written as data and return it as a :class:`Where`.

    Parameters
    ----------
    data : mapping or None
        Column → condition (see the module docstring); ``None`` or ``{}`` keeps every row.

    Raises
    ------
    FilterError
        For anything that is not a filter: text (an expression), unknown condition keys,
        values that are not plain values, too many conditions. ``.key`` names the column.

    Examples
    --------
    >>> parse_where({"year": {"min": 2000, "max": 2023}}).describe()
    'year >= 2000 and year <= 2023'

    """
    if data is None:
        return Where()
    if isinstance(data, str):
        suggestion = _suggest(data)
        fix = f"write {suggestion}" if suggestion else f"write e.g. {_EXAMPLE}"
        msg = (
            f"where must be a mapping of column: condition, not text; {fix} "
            "(expressions are never run)"
        )
        raise FilterError(msg)
    if not isinstance(data, Mapping):
        msg = f"where must be a mapping of column: condition, not {kind_of(data)}; write {_EXAMPLE}"
        raise FilterError(msg)
    if len(data) > MAX_CONDITIONS:
        msg = f"where has {len(data)} columns; at most {MAX_CONDITIONS}"
        raise FilterError(msg)
    conditions: list[Condition] = []
    for column, spec in data.items():
        if not isinstance(column, str) or not COLUMN_PATTERN.fullmatch(column):
            shown = _show(column) if isinstance(column, str) else kind_of(column)
            msg = (
                f"{shown} is not a column name; column names are letters, digits and '_' "
                f"(e.g. year, us_balance_usd_bn)"
            )
            raise FilterError(msg, column if isinstance(column, str) else None)
        conditions.extend(_conditions(column, spec))
    return Where(tuple(conditions))


# ---------------------------------------------------------------- applying


def _column_kind(series: pd.Series) -> str:
    import pandas as pd
    from pandas.api import types

    if isinstance(series.dtype, pd.CategoricalDtype):
        return _column_kind(series.cat.categories.to_series())
    if types.is_bool_dtype(series.dtype):
        return "true/false"
    if types.is_numeric_dtype(series.dtype):
        return "a number"
    if types.is_datetime64_any_dtype(series.dtype):
        return "a date"
    return "text"


def _fits(value: Any, kind: str) -> bool:
    if kind == "a number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "a date":
        return isinstance(value, date | datetime)
    if kind == "true/false":
        return isinstance(value, bool)
    return isinstance(value, str)


def _how(column: str, kind: str) -> str:
    return {
        "a number": f"write a number without quotes, e.g. {column}: 2022",
        "a date": f"write a date without quotes, e.g. {column}: 2019-10-07",
        "true/false": f"write {column}: true or {column}: false",
    }.get(kind, f"write the text as it appears in the data, e.g. {column}: Japan")


def _timestamps(series: pd.Series, values: Any, column: str, dataset: str) -> tuple[Any, ...]:
    """Return ``values`` as timestamps comparable with ``series`` (time zone or none alike)."""
    import pandas as pd

    dtype = series.cat.categories.dtype if isinstance(series.dtype, pd.CategoricalDtype) else None
    column_tz = getattr(dtype if dtype is not None else series.dtype, "tz", None)
    out = []
    for v in values:
        stamp = pd.Timestamp(v)
        if (stamp.tz is None) != (column_tz is None):
            if column_tz is None:
                what = "dates without a time zone, but the filter gives one with a time zone"
                fix = f"write the date alone, e.g. {column}: {stamp.date().isoformat()}"
            else:
                what = f"dates in time zone {column_tz}, but the filter gives one without"
                fix = f"add the time zone, e.g. {column}: {stamp.date().isoformat()}T00:00:00Z"
            msg = f"column {column!r} of {dataset} holds {what} ({_show(v)}); {fix}"
            raise FilterError(msg, column)
        out.append(stamp)
    return tuple(out)


def _mask(df: pd.DataFrame, cond: Condition, dataset: str) -> pd.Series:
    import pandas as pd

    column = cond.column
    if column not in df.columns:
        names = [str(c) for c in df.columns]
        close = difflib.get_close_matches(column, names, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        msg = f"{dataset} has no column {column!r}; {hint}columns are {', '.join(names)}"
        raise FilterError(msg, column)
    series = df[column]
    if cond.op == "missing":
        return series.isna()
    if cond.op == "present":
        return series.notna()
    kind = _column_kind(series)
    if cond.op in _ORDERED.values() and kind not in {"a number", "a date"}:
        msg = f"column {column!r} of {dataset} holds {kind}; min/max/above/below need numbers"
        raise FilterError(msg, column)
    values = cond.value if cond.op in {"in", "not_in"} else (cond.value,)
    for v in values:
        if not _fits(v, kind):
            msg = (
                f"column {column!r} of {dataset} holds {kind}, but the filter gives "
                f"{kind_of(v)} ({_show(v)}); {_how(column, kind)}"
            )
            raise FilterError(msg, column)
    if kind == "a date":
        values = _timestamps(series, values, column, dataset)
    elif kind in {"text", "true/false"}:
        values = tuple(values)
    data = series.astype(object) if isinstance(series.dtype, pd.CategoricalDtype) else series
    if cond.op == "eq":
        result = data == values[0]
    elif cond.op == "ne":
        result = (data != values[0]) & data.notna()
    elif cond.op == "in":
        result = data.isin(list(values))
    elif cond.op == "not_in":
        result = ~data.isin(list(values)) & data.notna()
    else:
        target = values[0]
        compare = {">=": "__ge__", "<=": "__le__", ">": "__gt__", "<": "__lt__"}[cond.op]
        try:
            result = getattr(data, compare)(target)
        except TypeError:  # pandas refuses the comparison: say which column, never a traceback
            msg = (
                f"column {column!r} of {dataset} holds {kind}; {_show(target)} cannot be "
                f"compared with it; {_how(column, kind)}"
            )
            raise FilterError(msg, column) from None
    return pd.Series(result, index=df.index).fillna(False).astype(bool)
