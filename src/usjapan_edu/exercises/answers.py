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

from usjapan_edu.i18n import t

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


def describe(value: Any, lang: str | None = None) -> str:
    """Return what ``value`` is, in words a student knows (``a Series with 1 value``).

    Sizes are named only for 0 and 1 (a larger count could be the answer itself). The words
    are in ``lang`` (default: the course language).

    Examples
    --------
    >>> describe([1, 2, 3]), describe("1.5"), describe(True)
    ('a list', 'text (a str)', 'True/False (a bool)')

    """
    import numpy as np

    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return t("True/False (a bool)", lang)
    if isinstance(value, str):
        return t("text (a str)", lang)
    if _is_number(value):
        return t("a number", lang)
    if _is_frame(value):
        rows, cols = value.shape
        if rows == 0:
            return t("an empty DataFrame", lang)
        if rows == 1 and cols == 1:
            return t("a DataFrame with one cell", lang)
        if rows == 1:
            return t("a DataFrame with one row", lang)
        return t("a DataFrame (a table)", lang)
    if _is_series(value) or _is_array(value):
        if _is_series(value):
            kind = "Series" if isinstance(value, _pandas().Series) else "pandas Index"
            n = len(value)
        else:
            kind = (
                t("NumPy array", lang) if isinstance(value, np.ndarray) else t("pandas array", lang)
            )
            n = value.size
        if n == 0:
            return t("an empty {kind}", lang, kind=kind)
        if n == 1:
            return t("a {kind} with 1 value", lang, kind=kind)
        return t("a {kind} with several values", lang, kind=kind)
    if isinstance(value, list | tuple | set | frozenset):
        kind = type(value).__name__ if type(value) in (list, tuple, set, frozenset) else "list"
        if len(value) == 0:
            return t("an empty {kind}", lang, kind=kind)
        if len(value) == 1:
            return t("a {kind} with one item", lang, kind=kind)
        return t("a {kind}", lang, kind=kind)
    if isinstance(value, dict):
        return t("a dict", lang)
    if isinstance(value, type):
        return t("the class {name} (not a value made with it)", lang, name=value.__name__)
    if _is_chart(value):
        return t("a chart", lang)
    if callable(value):
        return t("a function or method (not its result)", lang)
    name = type(value).__name__
    if name[:1].lower() in "aeiou":
        return t("an {name}", lang, name=name)
    return t("a {name}", lang, name=name)


def _wants(what: str, value: Any, advice: str = "") -> Problem:
    if advice:
        return Problem(
            "type",
            t(
                "you passed {passed}; the exercise wants {wanted} — {advice}",
                passed=describe(value),
                wanted=what,
                advice=advice,
            ),
        )
    return Problem(
        "type",
        t("you passed {passed}; the exercise wants {wanted}", passed=describe(value), wanted=what),
    )


def _missing(value: Any) -> Problem:
    if value is None:
        return Problem(
            "missing",
            t(
                "you passed None: did the cell store a result? (a function without `return`, or "
                "a method called with `inplace=True`, gives None)"
            ),
        )
    return Problem(
        "missing", t("your result is missing (NaN): check your filter selects a row with data")
    )


def _empty() -> Problem:
    return Problem(
        "filter",
        t(
            "your selection is empty: your filter kept no rows — check the values you compare "
            'with (write them exactly as in the data: `"Japan"`, numbers without quotes)'
        ),
    )


def _call() -> str:
    return t("did you forget the brackets, e.g. `.sum()` instead of `.sum`?")


# ---------------------------------------------------------------- numbers


def as_number(value: Any) -> float | Problem:
    """Return ``value`` as a float, or a :class:`Problem` saying how to get one."""
    if _is_missing(value):
        return _missing(value)
    if _is_number(value):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            return Problem("type", t("your number is too large to compare; check your computation"))
        if math.isnan(number):
            return _missing(math.nan)
        if math.isinf(number):
            return Problem(
                "missing",
                t("your result is infinite: did you divide by zero (or by an empty selection)?"),
            )
        return number
    want = t("a number")
    if isinstance(value, str):
        return _wants(want, value, t("remove the quotes, or convert it with `float(...)`"))
    if _is_series(value) or _is_array(value):
        n = _size(value)
        if n == 0:
            return _empty()
        if n == 1:
            return _wants(
                want,
                value,
                t("try `.iloc[0]` or `.item()`") if _is_series(value) else t("try `.item()`"),
            )
        return _wants(
            t("one number"),
            value,
            t(
                "narrow your filter to one row, or combine the values (`.sum()`, `.max()`, "
                "`len(...)`)"
            ),
        )
    if _is_frame(value):
        rows, cols = value.shape
        if rows == 0:
            return _empty()
        if rows == 1 and cols == 1:
            return _wants(want, value, t("try `.iloc[0, 0]`"))
        if rows == 1:
            return _wants(want, value, t('take the column you need: `table["column"].item()`'))
        return _wants(
            t("one number"),
            value,
            t(
                'select a column and one row (`table.loc[<condition>, "column"].item()`), or '
                "count rows with `len(...)`"
            ),
        )
    if isinstance(value, list | tuple) and len(value) == 1:
        return _wants(want, value, t("take the item with `[0]`"))
    if isinstance(value, bool):
        return _wants(want, value, t("a comparison gives True/False; use the value itself"))
    if callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _call())
    return _wants(want, value)


# ---------------------------------------------------------------- text


def as_text(value: Any) -> str | Problem:
    """Return ``value`` as a str, or a :class:`Problem`."""
    if _is_missing(value):
        return _missing(value)
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            return Problem("type", t("your text is too long; the exercise wants a short text"))
        return value
    want = t("text (a name or word, as written in the data)")
    if _is_series(value) or _is_array(value):
        n = _size(value)
        if n == 0:
            return _empty()
        if n == 1:
            return _wants(
                want,
                value,
                t("try `.iloc[0]` or `.item()`") if _is_series(value) else t("try `.item()`"),
            )
        return _wants(want, value, t("narrow your filter to one row"))
    if _is_frame(value):
        if value.shape[0] == 0:
            return _empty()
        return _wants(want, value, t('take one cell: `table.loc[<condition>, "column"].item()`'))
    if isinstance(value, list | tuple) and len(value) == 1:
        return _wants(want, value, t("take the item with `[0]`"))
    if _is_number(value):
        return _wants(want, value, t("put the name in quotes, or take it from a column of text"))
    if callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _call())
    return _wants(want, value)


# ---------------------------------------------------------------- lists


def as_list(value: Any, *, ordered: bool) -> list[Any] | Problem:
    """Return ``value`` as a list (from a list, tuple, set, Series, Index or 1-D array)."""
    if value is None:
        return _missing(value)
    want = t("a list in order") if ordered else t("a list")
    if isinstance(value, set | frozenset) and ordered:
        return _wants(
            want, value, t("a set has no order; use a list, e.g. `list(...)` of a sorted column")
        )
    if isinstance(value, list | tuple | set | frozenset) or _is_series(value):
        items = list(value)
    elif _is_array(value):
        if value.ndim != 1:
            return _wants(want, value, t("flatten it, or take one column"))
        items = value.tolist()
    elif _is_frame(value):
        if value.shape[0] == 0:
            return _empty()
        return _wants(want, value, t('take one column: `list(table["column"])`'))
    elif isinstance(value, dict):
        return _wants(want, value, t("use `list(d)` for its keys or `list(d.values())`"))
    elif isinstance(value, str):
        return _wants(want, value, t('put the items in square brackets: `["first", "second"]`'))
    elif _is_number(value) or isinstance(value, bool) or _is_missing(value):
        return _wants(want, value, t("put it in square brackets: `[value]`"))
    elif callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _call())
    else:
        return _wants(want, value)
    if len(items) > MAX_ITEMS:
        return Problem("items", t("your list is far too long; check your filter"))
    return items


# ---------------------------------------------------------------- tables


def as_frame(value: Any) -> Any:
    """Return ``value`` if it is a DataFrame, else a :class:`Problem`."""
    if _is_frame(value):
        if value.shape[0] > MAX_ITEMS:
            return Problem("rows", t("your table is far too long; check your filter"))
        if value.shape[1] > MAX_ITEMS:
            return Problem(
                "columns", t("your table has far too many columns; keep those the task names")
            )
        return value
    if value is None:
        return _missing(value)
    want = t("a DataFrame (a table)")
    if _is_series(value):
        return _wants(
            want,
            value,
            t(
                'keep several columns with double brackets: `table[["a", "b"]]` (or use '
                "`.to_frame()`)"
            ),
        )
    if hasattr(value, "data") and _is_frame(getattr(value, "data", None)):  # a Styler
        return _wants(want, value, t("pass the DataFrame itself, not its `.style`"))
    if callable(value) and not _is_chart(value) and not isinstance(value, type):
        return _wants(want, value, _call())
    return _wants(want, value)


# ---------------------------------------------------------------- charts


def as_chart(value: Any) -> dict[str, Any] | Problem:
    """Return the chart's Vega-Lite specification (``to_dict()``), or a :class:`Problem`."""
    if isinstance(value, dict):
        return value
    want = t("a chart")
    if _is_frame(value) or _is_series(value):
        return _wants(want, value, t("draw it: `alt.Chart(table).mark_...().encode(...)`"))
    if value is None:
        return _missing(value)
    if not _is_chart(value):
        return _wants(want, value, t("make one with `alt.Chart(table).mark_...().encode(...)`"))
    try:
        spec = value.to_dict()
    except Exception as exc:  # a student's chart may be incomplete in any way
        return Problem(
            "chart",
            t(
                "your chart could not be turned into a specification ({kind}) — did you give it "
                "a mark (`.mark_...()`) and encodings (`.encode(x=..., y=...)`)?",
                kind=type(exc).__name__,
            ),
        )
    if not isinstance(spec, dict):
        return Problem("chart", t("your chart's `to_dict()` does not give a specification"))
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
        return describe(value, "en")  # the progress file keeps one language
    except Exception:  # a summary must never stop a check
        return type(value).__name__
