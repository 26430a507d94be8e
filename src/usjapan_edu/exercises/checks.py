"""Comparing a student's answer with the expected one: a :class:`Verdict` per exercise type.

Each ``check_<type>(exercise, answer, data)`` reads the answer (:mod:`.answers`), computes the
expected value from the data (:mod:`.rules`), and on a mismatch looks for the likely mistake —
units, a neighbouring year, another row (the filter), another column, a ratio upside down, the
sign, a rounded number — to say what to look at. The exercise's own near misses
(:mod:`.near_misses`, written in its file with their feedback) are looked for first. Messages
never contain the expected value: they describe the student's answer and name columns, never the
data's values.

Examples
--------
>>> from usjapan_edu.exercises.spec import Exercise, Literal
>>> ex = Exercise(id="t.x", name="x", prefix="t", type="number", prompt="?",
...               expected=Literal(1.5), tolerance=0.01)
>>> check(ex, 150.0, rules.Data()).code
'units'

"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from usjapan_edu.exercises import rules
from usjapan_edu.exercises.answers import (
    Problem,
    as_chart,
    as_frame,
    as_list,
    as_number,
    as_text,
)
from usjapan_edu.exercises.feedback import _unwrap
from usjapan_edu.exercises.named_checks import run_check
from usjapan_edu.exercises.near_misses import chart_rows, same_number, wrong_answer
from usjapan_edu.exercises.spec import (
    CHART_TYPES,
    ChartMiss,
    ChartRule,
    Exercise,
    FrameRule,
    ListRule,
    NearMiss,
    ValueRule,
)
from usjapan_edu.i18n import t
from usjapan_edu.quiz.model import fold_text

__all__ = ["Verdict", "check", "compare", "expected_texts"]

_EPS = 1e-9
_UNIT_SLACK = 0.02  # a unit mistake: within 2 % of ×100, ×1,000 …


@dataclass(frozen=True)
class Verdict:
    """The outcome of comparing: passed or not, a result code, and the detail (no verdict word)."""

    passed: bool
    code: str
    detail: str = ""
    score: float = 0.0


def _fail(code: str, detail: str) -> Verdict:
    return Verdict(False, code, detail, 0.0)


_PASS = Verdict(True, "correct", "", 1.0)


def _from(problem: Problem) -> Verdict:
    return _fail(problem.code, problem.message)


def _missed(miss: NearMiss) -> Verdict:
    return _fail("near_miss", _unwrap(miss.feedback))


def _wrong_answers(exercise: Exercise, data: rules.Data) -> Iterator[tuple[NearMiss, Any]]:
    """Yield each near miss with its wrong answer (one whose rule no longer fits is skipped)."""
    for miss in exercise.near_misses:
        key = ("near miss", exercise.type, exercise.expected, miss)
        try:
            found = data.computed.get(key)
        except TypeError:  # a rule holding something unhashable: computed each time
            key, found = None, None
        if found is None:
            try:
                found = (wrong_answer(exercise, miss, data),)
            except rules.RuleError:
                found = ()
            if key is not None:
                data.computed[key] = found
        if found:
            yield miss, found[0]


def check(exercise: Exercise, answer: Any, data: rules.Data) -> Verdict:
    """Compare ``answer`` with what ``exercise`` expects, then run its named check if any.

    Raises
    ------
    rules.RuleError
        If the exercise's rule no longer fits the data (the file's fault, not the answer's).

    """
    verdict = compare(exercise, answer, data)
    if verdict.passed and exercise.check:
        message = run_check(exercise.check, answer, exercise.check_args)
        if message is not None:
            return _fail("check", message)
    return verdict


def compare(
    exercise: Exercise, answer: Any, data: rules.Data, *, near_misses: bool = True
) -> Verdict:
    """Compare ``answer`` with the expected one (without the named check).

    ``near_misses=False`` leaves the exercise's near misses out (the validator uses it to refuse
    a near miss that would pass).
    """
    if not near_misses and exercise.near_misses:
        import dataclasses

        exercise = dataclasses.replace(exercise, near_misses=())
    return _CHECKS[exercise.type](exercise, answer, data)


# ---------------------------------------------------------------- numbers


def allowed_error(exercise: Exercise, expected: float) -> float:
    """Return the absolute tolerance around ``expected`` (plus rounding noise)."""
    tol = 0.0
    if exercise.tolerance is not None:
        tol = exercise.tolerance
    elif exercise.tolerance_pct is not None:
        tol = abs(expected) * exercise.tolerance_pct / 100.0
    return tol + _EPS * max(1.0, abs(expected))


def _near(x: float, target: float, exercise: Exercise) -> bool:
    return abs(x - target) <= allowed_error(exercise, target)


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _near_misses(exercise: Exercise, matches: Any, data: rules.Data) -> Iterator[tuple[str, str]]:
    """Yield ``(code, column)`` of each loosened rule with a candidate that ``matches``."""
    for code, column, variant in rules.variants(exercise.expected):
        candidates = (
            rules.values(variant, data, every=True)
            if isinstance(variant, ValueRule)
            else [_safe(rules.list_values, variant, data)]
        )
        if any(c is not None and matches(c) for c in candidates):
            yield code, column


def _safe(function: Any, rule: Any, data: rules.Data) -> Any:
    try:
        return function(rule, data)
    except rules.RuleError:
        return None


def _year_message(column: str, *, text: bool = False) -> str:
    if text:
        return t(
            "your answer is the value of a neighbouring year: check the year you chose "
            "(your filter on `{column}`)",
            column=column,
        )
    return t(
        "your number is the value of a neighbouring year: check the year you chose "
        "(your filter on `{column}`)",
        column=column,
    )


def _filter_message(column: str, one_cell: bool) -> str:
    if one_cell:
        return t(
            "your number is in another row of the data: check your filter on `{column}` "
            "(which rows you kept)",
            column=column,
        )
    return t(
        "your number comes from another selection of rows: check your filter on `{column}`",
        column=column,
    )


_FACTORS = (10.0, 100.0, 1e3, 1e6, 1e9)


def _scale_words(factor: float, large: bool) -> str:
    """Return "ten times too large" (… "a billion times too small") in the course language."""
    words = {
        (10.0, True): t("ten times too large"),
        (10.0, False): t("ten times too small"),
        (100.0, True): t("a hundred times too large"),
        (100.0, False): t("a hundred times too small"),
        (1e3, True): t("a thousand times too large"),
        (1e3, False): t("a thousand times too small"),
        (1e6, True): t("a million times too large"),
        (1e6, False): t("a million times too small"),
        (1e9, True): t("a billion times too large"),
        (1e9, False): t("a billion times too small"),
    }
    return words[(factor, large)]


def _scale(ratio: float) -> tuple[str, float] | None:
    for factor in _FACTORS:
        for large, f in ((True, factor), (False, 1 / factor)):
            if abs(abs(ratio) - f) <= _UNIT_SLACK * f:
                return _scale_words(factor, large), f
    return None


def _units_message(exercise: Exercise, ratio: float) -> str | None:
    found = _scale(ratio)
    if found is None:
        return None
    words, factor = found
    unit = exercise.unit or ""
    percent = (
        "%" in unit
        or "percent" in unit.lower()
        or "per cent" in unit.lower()
        or "パーセント" in unit
        or "％" in unit
    )
    sign = t(" (and check the sign)") if ratio < 0 else ""
    if factor == 100.0 and percent:
        why = t("the data already give per cent: don't multiply by 100")
    elif factor == 0.01 and percent:
        why = t("the exercise wants per cent, not a fraction: multiply by 100")
    elif (
        factor == 100.0
        and isinstance(exercise.expected, ValueRule)
        and exercise.expected.divide_by is not None
        and not exercise.expected.times
    ):
        why = t("the exercise wants a plain ratio (how many times), not a percentage")
    elif factor == 0.01 and isinstance(exercise.expected, ValueRule) and exercise.expected.times:
        why = t("multiply by {times}, as the task asks", times=f"{exercise.expected.times:g}")
    elif factor in (1e9, 1e-9):
        why = t(
            "one of your numbers is in billions and the other in plain units (dollars, people): "
            "bring them to the same unit (divide or multiply by 1e9) before you combine them"
        )
    elif factor in (10.0, 0.1):
        why = (
            t("check the decimal point and the units (the exercise wants {unit})", unit=unit)
            if unit
            else t("check the decimal point and the units")
        )
    elif unit:
        smaller = factor in (1e3, 1e6) and re.search(
            r"\b(bn|billion|mn|million)\b|億|百万", unit, re.I
        )
        why = (
            t(
                "check the units: the exercise wants {unit} — were you working in smaller units "
                "(millions instead of billions)?",
                unit=unit,
            )
            if smaller
            else t("check the units: the exercise wants {unit}", unit=unit)
        )
    else:
        why = t("check the units of the column you used")
    return t("your number is {words}{sign} — {why}", words=words, sign=sign, why=why)


def _rounded_to(got: float, expected: float, exercise: Exercise) -> int | None:
    """Return the decimals the expected value was rounded to, if that gives ``got``."""
    for places in range(4):
        shown = round(expected, places)
        if same_number(got, shown) and not _near(shown, expected, exercise):
            return places
    return None


def check_number(exercise: Exercise, answer: Any, data: rules.Data) -> Verdict:
    """Compare a number (see the module docstring for the near misses looked for)."""
    got = as_number(answer)
    if isinstance(got, Problem):
        return _from(got)
    rule = exercise.expected
    if rule is None:  # pragma: no cover - the loader requires a rule
        raise rules.RuleError("a number exercise needs expected:", "expected")
    expected = rules.number(rule, data)
    misses = list(_wrong_answers(exercise, data))
    for miss, wrong in misses:  # a near miss within the tolerance: only when computed exactly
        if miss.exact and same_number(got, wrong):
            return _missed(miss)
    if _near(got, expected, exercise):
        return _PASS
    for miss, wrong in misses:
        if not miss.exact and _near(got, wrong, exercise):
            return _missed(miss)
    places = _rounded_to(got, expected, exercise)
    if places is not None:
        to = (
            t("a whole number")
            if places == 0
            else t("1 decimal")
            if places == 1
            else t("{n} decimals", n=places)
        )
        return _fail(
            "rounded",
            t(
                "your number looks rounded to {to}, and that is too far from the answer: keep "
                "more decimals (round to {more} or more, or not at all)",
                to=to,
                more=places + 1,
            ),
        )
    one_cell = isinstance(rule, ValueRule) and not (
        rule.aggregate or rule.at_max or rule.at_min or rule.divide_by
    )

    def matches(candidate: Any) -> bool:
        number = _as_float(candidate)
        return (
            number is not None
            and _near(got, number, exercise)
            and not _near(number, expected, exercise)
        )

    for code, column in _near_misses(exercise, matches, data):
        if code == "year":
            return _fail("year", _year_message(column))
        return _fail("filter", _filter_message(column, one_cell))
    for _column, other in rules.column_alternatives(rule, data):
        if matches(other):
            return _fail(
                "column",
                t(
                    "your number is in the right row but another column: check which column "
                    "you took (the exercise wants `{column}`)",
                    column=rule.column,
                )
                if isinstance(rule, ValueRule)
                else t(
                    "your number is in the right row but another column: check which column "
                    "you took"
                ),
            )
    if isinstance(rule, ValueRule) and rule.divide_by is not None and got != 0 and expected != 0:
        times = rule.times or 1.0
        inverse = times * times / expected
        if abs(got - inverse) <= _UNIT_SLACK * abs(inverse):
            return _fail(
                "inverse",
                t(
                    "your ratio is upside down: divide the other way round (swap the top and the "
                    "bottom of the fraction)"
                ),
            )
    if got != 0 and expected != 0:
        message = _units_message(exercise, got / expected)
        if message:
            return _fail("units", message)
    if got != 0 and (got < 0) != (expected < 0) and _near(-got, expected, exercise):
        return _fail("sign", t("check the sign: should the number be positive or negative?"))
    if got > expected:
        return _fail("high", t("your number is too high"))
    return _fail("low", t("your number is too low"))


# ---------------------------------------------------------------- text


def expected_texts(exercise: Exercise, data: rules.Data) -> list[str]:
    """Return every accepted text (``accept`` and the rule's value)."""
    out = list(exercise.accept)
    if exercise.expected is not None:
        out.append(rules.text(exercise.expected, data))  # type: ignore[arg-type]
    return out


def check_text(exercise: Exercise, answer: Any, data: rules.Data) -> Verdict:
    """Compare a text after folding (case, spaces, full-width letters, final full stop)."""
    got = as_text(answer)
    if isinstance(got, Problem):
        return _from(got)
    accepted = {fold_text(t) for t in expected_texts(exercise, data)}
    folded = fold_text(got)
    if folded in accepted:
        return _PASS
    if not folded:
        return _fail("text", t("your text is empty"))
    for miss, wrong in _wrong_answers(exercise, data):
        if isinstance(wrong, str) and fold_text(wrong) == folded:
            return _missed(miss)

    def matches(candidate: Any) -> bool:
        return isinstance(candidate, str) and fold_text(candidate) == folded

    for code, column in _near_misses(exercise, matches, data):
        if code == "year":
            return _fail("year", _year_message(column, text=True))
        return _fail(
            "filter",
            t(
                "your answer is in another row of the data: check your filter on `{column}`",
                column=column,
            ),
        )
    if exercise.expected is not None:
        return _fail(
            "text",
            t("that is not the answer: check the spelling (write it exactly as in the data)"),
        )
    return _fail("text", t("that is not the answer: check the spelling (or ask for a hint)"))


# ---------------------------------------------------------------- lists


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _key(value: Any) -> Any:
    """Return a comparable key: folded text, rounded number, ISO date, or a marker for missing."""
    import numpy as np
    import pandas as pd

    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return ("missing",)
    if isinstance(value, str):
        text = value.strip()
        if _ISO_DATE.fullmatch(text):
            return ("date", text)
        return ("text", fold_text(value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float: compare it exactly
            return ("number", value)
        return ("missing",) if math.isnan(number) else ("number", float(f"{number:.9g}"))
    if isinstance(value, datetime | date | np.datetime64):
        stamp = pd.Timestamp(value)
        if stamp is pd.NaT:
            return ("missing",)
        if stamp == stamp.normalize():
            return ("date", stamp.date().isoformat())
        return ("date", stamp.isoformat())
    try:
        hash(value)
    except TypeError:
        return ("other", repr(value)[:200])
    return ("other", value)


def _keys(items: Sequence[Any]) -> list[Any]:
    return [_key(v) for v in items]


def _same_list(a: list[Any], b: list[Any], ordered: bool) -> bool:
    return a == b if ordered else set(a) == set(b)


def _sorted_words(rule: Any) -> str:
    if isinstance(rule, ListRule | FrameRule) and rule.sort_by:
        if rule.descending:
            return t(" (sorted by `{column}`, largest first)", column=rule.sort_by)
        return t(" (sorted by `{column}`)", column=rule.sort_by)
    return ""


def check_list(exercise: Exercise, answer: Any, data: rules.Data) -> Verdict:
    """Compare a list: as a set unless ``ordered``."""
    got = as_list(answer, ordered=exercise.ordered)
    if isinstance(got, Problem):
        return _from(got)
    rule = exercise.expected
    expected = _keys(rules.list_values(rule, data))  # type: ignore[arg-type]
    mine = _keys(got)
    if _same_list(mine, expected, exercise.ordered):
        return _PASS
    if not mine:
        return _fail("items", t("your list is empty: check your filter"))
    for miss, wrong in _wrong_answers(exercise, data):
        if _same_list(mine, _keys(wrong), exercise.ordered):
            return _missed(miss)

    def matches(candidate: Any) -> bool:
        keys = _keys(candidate)
        return _same_list(mine, keys, exercise.ordered) and not _same_list(
            keys, expected, exercise.ordered
        )

    for code, column in _near_misses(exercise, matches, data):
        if code == "year":
            return _fail(
                "year",
                t(
                    "your list is the one of a neighbouring year: check your filter on `{column}`",
                    column=column,
                ),
            )
        return _fail(
            "filter",
            t(
                "your list comes from another selection of rows: check your filter on `{column}`",
                column=column,
            ),
        )
    if exercise.ordered and Counter(mine) == Counter(expected):
        return _fail(
            "order",
            t(
                "the right items, but in another order: check how you sorted{sorted}",
                sorted=_sorted_words(rule),
            ),
        )
    extra = set(mine) - set(expected)
    missing = set(expected) - set(mine)
    if extra and missing:
        detail = t("some items of your list should not be there, and some are missing")
    elif extra:
        detail = t("your list has items that should not be there")
    elif missing:
        detail = t("some items are missing from your list")
    else:
        detail = (
            t("your list repeats items")
            if len(mine) > len(expected)
            else t("your list lacks repeated items")
        )
    return _fail("items", t("{detail}: check your filter", detail=detail))


# ---------------------------------------------------------------- tables


def _row_keys(frame: Any, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    cols = [_keys(list(frame[c])) for c in columns]
    return list(zip(*cols, strict=True)) if cols else []


def _name(value: Any) -> str:
    text = str(value).replace("`", "'")
    return text if len(text) <= 40 else text[:39] + "…"


def _same_frame(got: Any, names: Counter[str], wrong: Any, ordered: bool) -> bool:
    """Return whether the student's table is the near miss's: same columns, same rows."""
    columns = [str(c) for c in wrong.columns]
    if len(got) != len(wrong) or Counter(columns) != names:
        return False
    renamed = got.set_axis([str(c) for c in got.columns], axis=1)
    mine, theirs = _row_keys(renamed, columns), _row_keys(wrong, columns)
    return mine == theirs if ordered else Counter(mine) == Counter(theirs)


def check_dataframe(exercise: Exercise, answer: Any, data: rules.Data) -> Verdict:
    """Compare a table: required columns, row count, and the values of those columns."""
    got = as_frame(answer)
    if isinstance(got, Problem):
        return _from(got)
    rule = exercise.expected
    if not isinstance(rule, FrameRule):  # pragma: no cover - the loader ensures it
        raise rules.RuleError("a dataframe exercise needs expected: {dataset, where, columns}")
    expected = rules.frame(rule, data)
    columns = list(rule.columns)
    names = [str(c) for c in got.columns]
    counts = Counter(names)  # one pass: a table of 20,000 columns is checked at once
    twice = sorted(n for n, k in counts.items() if k > 1)
    if twice:
        return _fail(
            "columns",
            t("your table has two columns named `{column}`; keep one", column=_name(twice[0])),
        )
    for miss, wrong in _wrong_answers(exercise, data):
        if _same_frame(got, counts, wrong, exercise.ordered):
            return _missed(miss)
    missing = [c for c in columns if c not in counts]
    if missing:
        index_names = [str(n) for n in got.index.names if n is not None]
        if any(c in index_names for c in missing):
            moved = next(c for c in missing if c in index_names)
            return _fail(
                "index",
                t(
                    "`{column}` is in your table's index, not a column: add `.reset_index()`",
                    column=moved,
                ),
            )
        listed = ", ".join(f"`{c}`" for c in missing)
        return _fail(
            "columns",
            t(
                "your table has no column {columns}: keep the columns the task names, spelled "
                "as in the data",
                columns=listed,
            ),
        )
    if not exercise.extra_columns:
        wanted_columns = set(columns)
        extra = [n for n in names if n not in wanted_columns]
        if extra:
            listed = ", ".join(f"`{_name(c)}`" for c in extra[:5])
            return _fail(
                "columns",
                t(
                    "your table has columns the task does not ask for ({columns}): keep only "
                    "those it names",
                    columns=listed,
                ),
            )
    mine = _row_keys(got, columns)
    wanted = _row_keys(expected, columns)
    ordered = exercise.ordered
    if (mine == wanted) if ordered else (Counter(mine) == Counter(wanted)):
        return _PASS

    def matches(candidate: Any) -> bool:
        if candidate is None:
            return False
        keys = _row_keys(candidate, columns)
        return Counter(keys) == Counter(mine) and Counter(keys) != Counter(wanted)

    for code, column, variant in rules.variants(rule):
        if matches(_safe(rules.frame, variant, data)):
            if code == "year":
                return _fail(
                    "year",
                    t(
                        "your rows are those of a neighbouring year: check your filter on "
                        "`{column}`",
                        column=column,
                    ),
                )
            return _fail(
                "filter",
                t(
                    "your table has other rows than it should: check your filter on `{column}`",
                    column=column,
                ),
            )
    if len(mine) != len(wanted):
        return _fail(
            "rows",
            t("your table has more rows than it should: check your filter")
            if len(mine) > len(wanted)
            else t("your table has fewer rows than it should: check your filter"),
        )
    if Counter(mine) == Counter(wanted):
        return _fail(
            "order",
            t(
                "the right rows, but in another order: check how you sorted{sorted}",
                sorted=_sorted_words(rule),
            ),
        )
    for i, column in enumerate(columns):
        if Counter(r[i] for r in mine) != Counter(r[i] for r in wanted):
            return _fail(
                "values",
                t(
                    "some values in column `{column}` are not the expected ones: check your "
                    "filter (and that you did not change the values)",
                    column=column,
                ),
            )
    return _fail("values", t("your rows combine the values differently: check your filter"))


# ---------------------------------------------------------------- charts


_MAX_VIEWS = 100


def _data_rows(spec: dict[str, Any], named: Any, inherited: Any) -> Any:
    """Return the rows of a view's inline data (``None``: not inline, so not known)."""
    data = spec.get("data")
    if not isinstance(data, dict):
        return inherited
    if isinstance(data.get("values"), list):
        return data["values"]
    name = data.get("name")
    if isinstance(name, str) and isinstance(named, dict) and isinstance(named.get(name), list):
        return named[name]
    return None


def _views(
    spec: Any,
    inherited: dict[str, Any],
    depth: int,
    out: list[dict[str, Any]],
    *,
    named: Any = None,
    rows: Any = None,
) -> None:
    if depth > 8 or not isinstance(spec, dict) or len(out) >= _MAX_VIEWS:
        return
    if depth == 0:
        named = spec.get("datasets")
    rows = _data_rows(spec, named, rows)
    encoding = spec.get("encoding")
    merged = {**inherited, **encoding} if isinstance(encoding, dict) else dict(inherited)
    if "mark" in spec:
        out.append({"mark": spec["mark"], "encoding": merged, "rows": rows})
    for key in ("layer", "hconcat", "vconcat", "concat"):
        subs = spec.get(key)
        if isinstance(subs, list):
            for sub in subs:
                _views(
                    sub, merged if key == "layer" else {}, depth + 1, out, named=named, rows=rows
                )
    if isinstance(spec.get("spec"), dict):
        _views(spec["spec"], {}, depth + 1, out, named=named, rows=rows)


def _shows_every(view: dict[str, Any], rule: ChartRule, data: rules.Data) -> tuple[str, str] | None:
    """Return a problem if the view's data lack values of a ``shows_every`` column."""
    rows = view.get("rows")
    if not rule.shows_every or not isinstance(rows, list):
        return None  # data not inline (a URL): what it holds cannot be known here
    wanted_rows = chart_rows(rule, None, data)
    for column in rule.shows_every:
        wanted = {_key(r.get(column)) for r in wanted_rows} - {("missing",)}
        have = {_key(r.get(column)) for r in rows[:100_000] if isinstance(r, dict)}
        if not wanted <= have:
            return (
                "rows",
                t(
                    "your chart leaves out some values of `{column}`: draw the rows of every "
                    "`{column}` (don't filter the table you chart)",
                    column=column,
                ),
            )
    return None


def _view_is(view: dict[str, Any], miss: ChartMiss) -> bool:
    """Return whether a view is the wrong chart ``miss`` describes."""
    if miss.mark is not None and _mark(view) != miss.mark:
        return False
    for want in miss.channels:
        entry = view["encoding"].get(want.channel)
        entries = [
            e for e in (entry if isinstance(entry, list) else [entry]) if isinstance(e, dict)
        ]
        if want.field is not None:
            entries = [e for e in entries if e.get("field") == want.field]
        if want.types:
            entries = [e for e in entries if _type_letter(e.get("type")) in want.types]
        if not entries:
            return False
    if miss.where is not None:
        rows = view.get("rows")
        if not isinstance(rows, list) or not rows:
            return False
        import pandas as pd

        try:
            table = pd.DataFrame([r for r in rows[:100_000] if isinstance(r, dict)])
            return len(miss.where.apply(table)) == len(table) > 0
        except Exception:  # a column the filter names is not in the chart's data
            return False
    return True


def _mark(view: dict[str, Any]) -> str | None:
    mark = view.get("mark")
    if isinstance(mark, dict):
        mark = mark.get("type")
    return mark if isinstance(mark, str) else None


def _type_letter(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if value in CHART_TYPES:
        return CHART_TYPES[value]
    return value.upper() if value.upper() in CHART_TYPES.values() else None


_TYPE_NAMES = {letter: name for name, letter in CHART_TYPES.items()}


def _channel_problem(view: dict[str, Any], want: Any) -> tuple[str, str] | None:
    entry = view["encoding"].get(want.channel)
    entries = entry if isinstance(entry, list) else [entry]
    entries = [e for e in entries if isinstance(e, dict)]
    if not entries:
        return (
            "encoding",
            t(
                "your chart has no `{channel}` encoding: add `{channel}=...` to `.encode(...)`",
                channel=want.channel,
            ),
        )
    fields = [e.get("field") for e in entries]
    if want.field is not None:
        hits = [e for e in entries if e.get("field") == want.field]
        if not hits:
            shown = next((f for f in fields if isinstance(f, str)), None)
            return "encoding", (
                t(
                    "the `{channel}` channel shows `{field}`: check which column goes there",
                    channel=want.channel,
                    field=_name(shown),
                )
                if shown
                else t(
                    "the `{channel}` channel does not show a column: check which column goes there",
                    channel=want.channel,
                )
            )
        entries = hits
    if want.types:
        letters = {_type_letter(e.get("type")) for e in entries}
        if not letters & set(want.types):
            mine = next((x for x in letters if x), None)
            shown = f"{_TYPE_NAMES[mine]} (`:{mine}`)" if mine else t("not set")
            return (
                "encoding",
                t(
                    "the `{channel}` channel's type is {type}; it needs another type — amounts "
                    "are quantitative (`:Q`), ordered steps ordinal (`:O`), names nominal "
                    "(`:N`), dates temporal (`:T`)",
                    channel=want.channel,
                    type=shown,
                ),
            )
    return None


def check_chart(exercise: Exercise, answer: Any, data: rules.Data) -> Verdict:
    """Compare a chart's specification (``to_dict()``): mark, then each required encoding."""
    spec = as_chart(answer)
    if isinstance(spec, Problem):
        return _from(spec)
    rule = exercise.expected
    if not isinstance(rule, ChartRule):  # pragma: no cover - the loader ensures it
        raise rules.RuleError("a chart exercise needs expected: {mark, encoding}")
    views: list[dict[str, Any]] = []
    _views(spec, {}, 0, views)
    if not views:
        return _fail("chart", t("your chart has no mark: add one (`.mark_...()`)"))
    best: tuple[int, tuple[str, str] | None] = (-1, None)
    failed: list[dict[str, Any]] = []
    for view in views:
        problems: list[tuple[str, str]] = []
        mark = _mark(view)
        if rule.mark is not None and mark != rule.mark:
            problems.append(
                (
                    "mark",
                    t(
                        "your chart uses `{mark}`; the task asks for another kind of mark "
                        "(`.mark_...()`)",
                        mark=_name(mark),
                    )
                    if mark
                    else t(
                        "your chart uses no mark; the task asks for another kind of mark "
                        "(`.mark_...()`)"
                    ),
                )
            )
        for want in rule.channels:
            found = _channel_problem(view, want)
            if found:
                problems.append(found)
        if not problems:
            found = _shows_every(view, rule, data)
            if found is None:
                return _PASS
            problems.append(found)
        failed.append(view)
        score = -len(problems)
        if best[1] is None or score > best[0]:
            best = (score, problems[0])
    for miss in exercise.near_misses:
        if miss.chart is not None and any(_view_is(view, miss.chart) for view in failed):
            return _missed(miss)
    code, detail = best[1]  # type: ignore[misc]
    return _fail(code, detail)


# ---------------------------------------------------------------- custom


def check_custom(exercise: Exercise, answer: Any, data: rules.Data) -> Verdict:
    """Leave the verdict to the named check alone (run by :func:`check`)."""
    return _PASS


_CHECKS = {
    "number": check_number,
    "text": check_text,
    "list": check_list,
    "dataframe": check_dataframe,
    "chart": check_chart,
    "custom": check_custom,
}
