"""Reading what a student passed to ``check``: placeholders, types, and friendly type errors.

Each ``as_*`` function returns the answer in the shape a check compares (a float, a text, a
list, a DataFrame, a chart specification) or a :class:`Problem` that tells the student what
they passed and how to turn it into what the exercise wants — never what the answer is.

Examples
--------
>>> import pandas as pd
>>> as_number(pd.Series([1.5])).message
'you passed a Series with 1 value; the exercise wants a number — try `.iloc[0]` or `.item()`'
>>> as_number(1.5)
1.5
>>> is_placeholder(...)
True

"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

__all__ = [
    "MAX_ITEMS",
    "MAX_TEXT",
    "NOT_GIVEN",
    "Problem",
    "as_chart",
    "as_frame",
    "as_list",
    "as_number",
    "as_text",
    "describe",
    "is_placeholder",
    "summarize",
]

MAX_TEXT = 1_000
"""Longest text answer compared (like a quiz's short text)."""
MAX_ITEMS = 100_000
"""Most items of a list (or rows of a table) compared."""


class _NotGiven:
    """The answer was not passed: ``check`` reads the exercise's variable instead."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()


@dataclass(frozen=True)
class Problem:
    """Why an answer cannot be compared: a result code and a message (no verdict word)."""

    code: str
    message: str


def is_placeholder(value: Any) -> bool:
    """Return whether ``value`` is what a student version holds before the student writes code.

    ``...`` (``answer = ...``), ``NotImplemented``, and ``NotImplementedError`` (the class or an
    instance: nbgrader's ``raise NotImplementedError()``) count.
    """
    if value is Ellipsis or value is NotImplemented or value is NOT_GIVEN:
        return True
    if isinstance(value, NotImplementedError):
        return True
    return isinstance(value, type) and issubclass(value, NotImplementedError)


# ---------------------------------------------------------------- kinds


def _pandas() -> Any:
    import pandas as pd

    return pd


def _is_frame(value: Any) -> bool:
    return isinstance(value, _pandas().DataFrame)


def _is_series(value: Any) -> bool:
    pd = _pandas()
    return isinstance(value, pd.Series | pd.Index)


def _is_array(value: Any) -> bool:
    """Return whether ``value`` is a NumPy or pandas array (``.unique()`` of a category column)."""
    import numpy as np

    return isinstance(value, np.ndarray | _pandas().api.extensions.ExtensionArray)


def _is_chart(value: Any) -> bool:
    return (
        not _is_frame(value)
        and not _is_series(value)
        and not isinstance(value, type)
        and callable(getattr(value, "to_dict", None))
    )


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float | Decimal):
        return value != value  # NaN
    pd = _pandas()
    if value is pd.NA or value is pd.NaT:
        return True
    try:
        import numpy as np

        return isinstance(value, np.floating | np.datetime64) and bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _is_number(value: Any) -> bool:
    import numpy as np

    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, int | float | Decimal | Fraction | np.integer | np.floating)


def _size(value: Any) -> int:
    if _is_frame(value):
        return int(value.shape[0] * value.shape[1])
    if _is_array(value):
        return int(value.size)
    return len(value)


def describe(value: Any) -> str:
    """Return what ``value`` is, in words a student knows (``a Series with 1 value``).

    Sizes are named only for 0 and 1 (a larger count could be the answer itself).

    Examples
    --------
    >>> describe([1, 2, 3]), describe("1.5"), describe(True)
    ('a list', 'text (a str)', 'True/False (a bool)')

    """
    import numpy as np

    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return "True/False (a bool)"
    if isinstance(value, str):
        return "text (a str)"
    if _is_number(value):
        return "a number"
    if _is_frame(value):
        rows, cols = value.shape
        if rows == 0:
            return "an empty DataFrame"
        if rows == 1 and cols == 1:
            return "a DataFrame with one cell"
        return "a DataFrame with one row" if rows == 1 else "a DataFrame (a table)"
    if _is_series(value):
        kind = "Series" if isinstance(value, _pandas().Series) else "pandas Index"
        n = len(value)
        return (
            f"an empty {kind}"
            if n == 0
            else f"a {kind} with {'1 value' if n == 1 else 'several values'}"
        )
    if _is_array(value):
        n = value.size
        kind = "NumPy array" if isinstance(value, np.ndarray) else "pandas array"
        if n == 0:
            return f"an empty {kind}"
        return f"a {kind} with {'1 value' if n == 1 else 'several values'}"
    if isinstance(value, list | tuple | set | frozenset):
        kind = type(value).__name__ if type(value) in (list, tuple, set, frozenset) else "list"
        if len(value) == 0:
            return f"an empty {kind}"
        return f"a {kind} with one item" if len(value) == 1 else f"a {kind}"
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, type):
        return f"the class {value.__name__} (not a value made with it)"
    if _is_chart(value):
        return "a chart"
    if callable(value):
        return "a function or method (not its result)"
    name = type(value).__name__
    article = "an" if name[:1].lower() in "aeiou" else "a"
    return f"{article} {name}"


def _wants(what: str, value: Any, advice: str = "") -> Problem:
    text = f"you passed {describe(value)}; the exercise wants {what}"
    return Problem("type", f"{text} — {advice}" if advice else text)


def _missing(value: Any) -> Problem:
    if value is None:
        return Problem(
            "missing",
            "you passed None: did the cell store a result? (a function without `return`, or a "
            "method called with `inplace=True`, gives None)",
        )
    return Problem(
        "missing", "your result is missing (NaN): check your filter selects a row with data"
    )


_EMPTY = Problem(
    "filter",
    "your selection is empty: your filter kept no rows — check the values you compare with "
    '(write them exactly as in the data: `"Japan"`, numbers without quotes)',
)
_CALL = "did you forget the brackets, e.g. `.sum()` instead of `.sum`?"


# ---------------------------------------------------------------- numbers


def as_number(value: Any) -> float | Problem:
    """Return ``value`` as a float, or a :class:`Problem` saying how to get one."""
    if _is_missing(value):
        return _missing(value)
    if _is_number(value):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            return Problem("type", "your number is too large to compare; check your computation")
        if math.isnan(number):
            return _missing(math.nan)
        if math.isinf(number):
            return Problem(
                "missing",
                "your result is infinite: did you divide by zero (or by an empty selection)?",
            )
        return number
    want = "a number"
    if isinstance(value, str):
        return _wants(want, value, "remove the quotes, or convert it with `float(...)`")
    if _is_series(value) or _is_array(value):
        n = _size(value)
        if n == 0:
            return _EMPTY
        if n == 1:
            return _wants(
                want, value, "try `.iloc[0]` or `.item()`" if _is_series(value) else "try `.item()`"
            )
        return _wants(
            "one number",
            value,
            "narrow your filter to one row, or combine the values (`.sum()`, `.max()`, `len(...)`)",
        )
    if _is_frame(value):
        rows, cols = value.shape
        if rows == 0:
            return _EMPTY
        if rows == 1 and cols == 1:
            return _wants(want, value, "try `.iloc[0, 0]`")
        if rows == 1:
            return _wants(want, value, 'take the column you need: `table["column"].item()`')
        return _wants(
            "one number",
            value,
            'select a column and one row (`table.loc[<condition>, "column"].item()`), or count '
            "rows with `len(...)`",
        )
    if isinstance(value, list | tuple) and len(value) == 1:
        return _wants(want, value, "take the item with `[0]`")
    if isinstance(value, bool):
        return _wants(want, value, "a comparison gives True/False; use the value itself")
    if callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _CALL)
    return _wants(want, value)


# ---------------------------------------------------------------- text


def as_text(value: Any) -> str | Problem:
    """Return ``value`` as a str, or a :class:`Problem`."""
    if _is_missing(value):
        return _missing(value)
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            return Problem("type", "your text is too long; the exercise wants a short text")
        return value
    want = "text (a name or word, as written in the data)"
    if _is_series(value) or _is_array(value):
        n = _size(value)
        if n == 0:
            return _EMPTY
        if n == 1:
            return _wants(
                want, value, "try `.iloc[0]` or `.item()`" if _is_series(value) else "try `.item()`"
            )
        return _wants(want, value, "narrow your filter to one row")
    if _is_frame(value):
        if value.shape[0] == 0:
            return _EMPTY
        return _wants(want, value, 'take one cell: `table.loc[<condition>, "column"].item()`')
    if isinstance(value, list | tuple) and len(value) == 1:
        return _wants(want, value, "take the item with `[0]`")
    if _is_number(value):
        return _wants(want, value, "put the name in quotes, or take it from a column of text")
    if callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _CALL)
    return _wants(want, value)


# ---------------------------------------------------------------- lists


def as_list(value: Any, *, ordered: bool) -> list[Any] | Problem:
    """Return ``value`` as a list (from a list, tuple, set, Series, Index or 1-D array)."""
    if value is None:
        return _missing(value)
    want = "a list" + (" in order" if ordered else "")
    if isinstance(value, set | frozenset) and ordered:
        return _wants(
            want, value, "a set has no order; use a list, e.g. `list(...)` of a sorted column"
        )
    if isinstance(value, list | tuple | set | frozenset) or _is_series(value):
        items = list(value)
    elif _is_array(value):
        if value.ndim != 1:
            return _wants(want, value, "flatten it, or take one column")
        items = value.tolist()
    elif _is_frame(value):
        if value.shape[0] == 0:
            return _EMPTY
        return _wants(want, value, 'take one column: `list(table["column"])`')
    elif isinstance(value, dict):
        return _wants(want, value, "use `list(d)` for its keys or `list(d.values())`")
    elif isinstance(value, str):
        return _wants(want, value, 'put the items in square brackets: `["first", "second"]`')
    elif _is_number(value) or isinstance(value, bool) or _is_missing(value):
        return _wants(want, value, "put it in square brackets: `[value]`")
    elif callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _CALL)
    else:
        return _wants(want, value)
    if len(items) > MAX_ITEMS:
        return Problem("items", "your list is far too long; check your filter")
    return items


# ---------------------------------------------------------------- tables


def as_frame(value: Any) -> Any:
    """Return ``value`` if it is a DataFrame, else a :class:`Problem`."""
    if _is_frame(value):
        if value.shape[0] > MAX_ITEMS:
            return Problem("rows", "your table is far too long; check your filter")
        if value.shape[1] > MAX_ITEMS:
            return Problem(
                "columns", "your table has far too many columns; keep those the task names"
            )
        return value
    if value is None:
        return _missing(value)
    want = "a DataFrame (a table)"
    if _is_series(value):
        return _wants(
            want,
            value,
            'keep several columns with double brackets: `table[["a", "b"]]` (or use `.to_frame()`)',
        )
    if hasattr(value, "data") and _is_frame(getattr(value, "data", None)):  # a Styler
        return _wants(want, value, "pass the DataFrame itself, not its `.style`")
    if callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _CALL)
    return _wants(want, value)


# ---------------------------------------------------------------- charts


def as_chart(value: Any) -> dict[str, Any] | Problem:
    """Return the chart's Vega-Lite specification (``to_dict()``), or a :class:`Problem`."""
    if isinstance(value, dict):
        return value
    want = "a chart"
    if _is_frame(value) or _is_series(value):
        return _wants(want, value, "draw it: `alt.Chart(table).mark_...().encode(...)`")
    if value is None:
        return _missing(value)
    if not _is_chart(value):
        return _wants(want, value, "make one with `alt.Chart(table).mark_...().encode(...)`")
    try:
        spec = value.to_dict()
    except Exception as exc:  # a student's chart may be incomplete in any way
        return Problem(
            "chart",
            f"your chart could not be turned into a specification ({type(exc).__name__}) — did "
            "you give it a "
            "mark (`.mark_...()`) and encodings (`.encode(x=..., y=...)`)?",
        )
    if not isinstance(spec, dict):
        return Problem("chart", "your chart's `to_dict()` does not give a specification")
    return spec


# ---------------------------------------------------------------- saving


def summarize(value: Any) -> Any:
    """Return a short JSON value that stands for the answer in the progress file."""
    try:
        if value is None or isinstance(value, bool):
            return value
        if _is_number(value):
            number = float(value)
            return number if math.isfinite(number) else str(number)
        if isinstance(value, str):
            return value if len(value) <= 200 else value[:199] + "…"
        if _is_missing(value):
            return "NaN"
        if is_placeholder(value):
            return "..."
        if _is_frame(value):
            cols = ", ".join(str(c) for c in list(value.columns)[:10])
            return f"DataFrame: {value.shape[0]} rows × {value.shape[1]} columns ({cols})"
        if (
            _is_series(value)
            or _is_array(value)
            or isinstance(value, list | tuple | set | frozenset)
        ):
            items = list(value)[:20] if not _is_array(value) else value.ravel()[:20].tolist()
            return [summarize(v) if not isinstance(v, list | tuple) else str(v)[:80] for v in items]
        if _is_chart(value) or isinstance(value, dict):
            return f"chart or mapping ({type(value).__name__})"
        iso = getattr(value, "isoformat", None)
        if callable(iso) and not isinstance(value, type):
            return str(iso())[:40]
        return describe(value)
    except Exception:  # a summary must never stop a check
        return type(value).__name__
