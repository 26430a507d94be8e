"""Named check functions: what data cannot say, written in Python and named in exercise files.

An exercise file can only *name* a function registered here (``check: sorted_by`` with
``check_args: {column: date}``); it can never carry code. A check receives the student's answer
and its arguments and returns ``None`` when the answer passes, else a ✗ message that says what
to look at (and never the answer). One that raises counts as a ✗, never as an error.

Built in:

===============  =========================  ============================================
name             arguments                  passes when
===============  =========================  ============================================
``sorted_by``    ``column``, ``descending``  the DataFrame is sorted by the column
``has_tooltip``  —                          the chart (or one of its views) has a tooltip
``has_title``    —                          the chart has a title
===============  =========================  ============================================

Examples
--------
>>> @register_check("positive")
... def positive(answer):
...     return None if answer > 0 else "the result should be positive"
>>> run_check("positive", -1, {})
'the result should be positive'
>>> unregister_check("positive")

"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from usjapan_edu.i18n import t

__all__ = [
    "NamedCheck",
    "check_names",
    "get_check",
    "register_check",
    "run_check",
    "unregister_check",
]

CheckFunction = Callable[..., "str | None"]


@dataclass(frozen=True)
class NamedCheck:
    """A registered check: its function and the names of its arguments (required ones too)."""

    name: str
    function: CheckFunction
    args: tuple[str, ...]
    required: tuple[str, ...]


_REGISTRY: dict[str, NamedCheck] = {}


def register_check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register ``function(answer, **args) -> str | None`` under ``name`` (a decorator).

    The arguments an exercise file may give are the function's keyword parameters after the
    answer; those without a default are required.

    Raises
    ------
    ValueError
        If ``name`` is already taken (unregister it first) or is not a simple name.

    """
    if not name.replace("_", "").isalnum() or not name[:1].isalpha():
        msg = f"a check name is letters, digits and '_' starting with a letter, not {name!r}"
        raise ValueError(msg)
    if name in _REGISTRY:
        msg = f"a check named {name!r} is already registered"
        raise ValueError(msg)

    def decorate(function: CheckFunction) -> CheckFunction:
        params = list(inspect.signature(function).parameters.values())[1:]
        args = tuple(p.name for p in params)
        required = tuple(p.name for p in params if p.default is inspect.Parameter.empty)
        _REGISTRY[name] = NamedCheck(name, function, args, required)
        return function

    return decorate


def unregister_check(name: str) -> None:
    """Forget a registered check (tests, notebooks that re-register)."""
    _REGISTRY.pop(name, None)


def check_names() -> list[str]:
    """Return the registered check names, sorted."""
    return sorted(_REGISTRY)


def get_check(name: str) -> NamedCheck | None:
    """Return the check registered as ``name``, or ``None``."""
    return _REGISTRY.get(name)


def run_check(name: str, answer: Any, args: Mapping[str, Any]) -> str | None:
    """Run a named check; return ``None`` (passed) or a ✗ message. Never raises."""
    check = _REGISTRY.get(name)
    if check is None:
        return t(
            "this exercise names a check {name} that is not installed; tell your instructor",
            name=repr(name),
        )
    try:
        result = check.function(answer, **dict(args))
    except Exception:  # the answer can be anything
        return t("the check could not run on your answer; check its type and try again")
    if result is None:
        return None
    return str(result) or t("not quite")


# ---------------------------------------------------------------- built-ins


def _views(spec: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8 or not isinstance(spec, dict):
        return
    yield spec
    for key in ("layer", "hconcat", "vconcat", "concat"):
        subs = spec.get(key)
        if isinstance(subs, list):
            for sub in subs[:100]:
                yield from _views(sub, depth + 1)
    if isinstance(spec.get("spec"), dict):
        yield from _views(spec["spec"], depth + 1)


def _spec(answer: Any) -> dict[str, Any] | None:
    from usjapan_edu.exercises.answers import Problem, as_chart

    spec = as_chart(answer)
    return None if isinstance(spec, Problem) else spec


@register_check("has_tooltip")
def has_tooltip(answer: Any) -> str | None:
    """Pass if the chart shows values on hover: a ``tooltip`` encoding (or ``tooltip: true``)."""
    spec = _spec(answer)
    if spec is None:
        return t("the answer is not a chart")
    for view in _views(spec):
        encoding = view.get("encoding")
        if isinstance(encoding, dict) and encoding.get("tooltip"):
            return None
        mark = view.get("mark")
        if isinstance(mark, dict) and mark.get("tooltip"):
            return None
    return t(
        "your chart has no tooltip: add `tooltip=[...]` to `.encode(...)` so readers can see "
        "the numbers"
    )


@register_check("has_title")
def has_title(answer: Any) -> str | None:
    """Pass if the chart (or one of its views) has a title."""
    spec = _spec(answer)
    if spec is None:
        return t("the answer is not a chart")
    if any(view.get("title") for view in _views(spec)):
        return None
    return t(
        'your chart has no title: add `.properties(title="…")` saying what the reader should see'
    )


@register_check("sorted_by")
def sorted_by(answer: Any, column: str, descending: bool = False) -> str | None:
    """Pass if the DataFrame is sorted by ``column`` (largest first if ``descending``)."""
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        return t("the answer is not a DataFrame")
    if column not in answer.columns:
        return t("your table has no column `{column}`", column=column)
    values = answer[column].dropna()
    ok = values.is_monotonic_decreasing if descending else values.is_monotonic_increasing
    if ok:
        return None
    return t(
        'your table is not sorted by `{column}` ({order}): use `.sort_values("{column}"{more})`',
        column=column,
        order=t("largest first") if descending else t("smallest first"),
        more=", ascending=False" if descending else "",
    )
