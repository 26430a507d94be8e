"""Fuzzing: any answer gives a Result (never an exception); any file gives a spec or problems."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from usjapan_edu import exercises
from usjapan_edu.exercises.loader import from_data
from usjapan_edu.exercises.rule_syntax import CHART_KEYS, LIST_KEYS, VALUE_KEYS
from usjapan_edu.exercises.validation import COMMON_KEYS, FILE_KEYS, TYPE_KEYS

IDS = exercises.list_exercises()


class Hostile:
    """An object whose every protocol raises."""

    def __len__(self) -> int:
        raise RuntimeError("len")

    def __float__(self) -> float:
        raise RuntimeError("float")

    def __iter__(self) -> Any:
        raise RuntimeError("iter")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        raise RuntimeError("to_dict")


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.binary(max_size=10),
    st.complex_numbers(allow_nan=True),
    st.decimals(allow_nan=True),
    st.fractions(),
    st.datetimes(),
    st.dates(),
    st.just(...),
    st.just(pd.NA),
    st.just(pd.NaT),
    st.just(Hostile()),
    st.just(NotImplementedError),
    st.sampled_from(["United States", "South Korea", "security", "2000-01-01"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=4),
    ),
    max_leaves=12,
)


def _pandas_like(draw_value: Any) -> list[Any]:
    out: list[Any] = []
    try:
        out.append(
            pd.Series(draw_value if isinstance(draw_value, list) else [draw_value], dtype=object)
        )
        out.append(pd.DataFrame({"date": [draw_value], "title": [draw_value]}))
        out.append(np.array([draw_value], dtype=object))
    except Exception:  # some values do not fit a frame; that is fine
        pass
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values, index=st.integers(min_value=0, max_value=len(IDS) - 1))
def test_any_answer_gives_a_result(value: Any, index: int) -> None:
    for answer in [value, *_pandas_like(value)]:
        r = exercises.check(IDS[index], answer, store=None)
        assert isinstance(r, exercises.Result)
        assert r.verdict in {"Correct!", "Not quite.", "Not yet."}
        assert isinstance(r.message, str) and r.message
        repr(r), r._repr_html_(), r._repr_markdown_()


def test_known_awkward_answers() -> None:
    awkward = [
        Decimal("NaN"), Fraction(1, 3), 10**400, -(10**400), 1j, b"1.2", dt.date(2023, 1, 1),
        pd.Timestamp("2023-01-01"), np.datetime64("NaT"), np.array([[1, 2], [3, 4]]),
        pd.DataFrame(), pd.Series([], dtype=object), pd.DataFrame({"date": [1], "title": [[1]]}),
        pd.DataFrame({("a", "b"): [1]}), pd.Series([1, 2]).to_frame().T, Hostile(), [Hostile()],
        {"mark": {"type": ["x"]}, "encoding": {"x": ["a", 1, None]}},
        {"layer": [{"layer": []}] * 3},
        type("X", (), {"to_dict": lambda self: 3})(), print, exercises,
    ]  # fmt: skip
    for ex_id in IDS:
        for answer in awkward:
            r = exercises.check(ex_id, answer, store=None)
            assert not r.passed, (ex_id, answer)


# ---------------------------------------------------------------- files


PROBLEM = re.compile(r"^<data>:\d+: (file|exercise '[^']*'|exercise #\d+): \S.*$", re.S)
KEYS = sorted(
    set(FILE_KEYS + COMMON_KEYS + VALUE_KEYS + LIST_KEYS + CHART_KEYS)
    | {k for ks in TYPE_KEYS.values() for k in ks}
    | {"columns", "encoding", "x", "field", "tolerence"}
)
file_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
              st.sampled_from(["number", "text", "list", "dataframe", "chart", "custom",
                               "military_expenditure", "country", "year", "line", "sorted_by"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=6)),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=file_values)
def test_any_file_data_gives_a_file_or_problems(data: Any) -> None:
    try:
        loaded = from_data(data, resolve=True)
    except exercises.ExerciseError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert PROBLEM.match(problem), problem
            assert "internal error" not in problem, problem
    else:
        assert isinstance(loaded, exercises.ExerciseFile)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    exercise=st.dictionaries(st.sampled_from(KEYS), file_values, max_size=8),
    etype=st.sampled_from(["number", "text", "list", "dataframe", "chart", "custom"]),
)
def test_any_exercise_body_gives_an_exercise_or_problems(
    exercise: dict[str, Any], etype: str
) -> None:
    body = {"id": "x", "type": etype, "prompt": "?", **exercise}
    try:
        from_data({"prefix": "f", "exercises": [body]})
    except exercises.ExerciseError as exc:
        for problem in exc.problems:
            assert PROBLEM.match(problem) and "internal error" not in problem, problem


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_any_answer_is_saved_or_warned_never_raised(value: Any) -> None:
    from usjapan_edu.quiz.store import ProgressStore

    r = exercises.check("02.above-two-percent-2023", value)
    if r.code != "not_yet":
        assert r.attempts is not None or r.warning
    json_text = ProgressStore().path.read_text(encoding="utf-8") if r.attempts else ""
    assert r.attempts is None or "above-two-percent-2023" in json_text
