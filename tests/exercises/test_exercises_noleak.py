"""The no-leak rule: no ✗ message ever contains the expected answer, whatever the wrong answer."""

from __future__ import annotations

import math
import re
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest

from usjapan_edu import exercises
from usjapan_edu.exercises import rules
from usjapan_edu.exercises.checks import expected_texts
from usjapan_edu.quiz.parsing import format_number

NUMBER_IDS = [e for e in exercises.list_exercises() if exercises.get_exercise(e).type == "number"]


def _forms(value: float) -> set[str]:
    """Ways the expected number could be written in a message."""
    forms = {format_number(value), f"{value:g}", repr(value), f"{value:.1f}", f"{value:.2f}"}
    if float(value).is_integer():
        forms.add(str(int(value)))
    return {f for f in forms if len(f.strip("-")) >= 2}


def _wrong_numbers(ex: exercises.Exercise, e: float) -> list[Any]:
    data = rules.Data()
    near = []
    for _, _, variant in rules.variants(ex.expected):
        near += [v for v in rules.values(variant, data, every=True) if isinstance(v, int | float)][
            :30
        ]
    shifted = [e * k for k in (100, 0.01, 1000, 0.001, 1e6, -1, 2, 0.5, 1.5)]
    return [
        *shifted,
        *near,
        e + 1,
        e - 1,
        0,
        1,
        1 / e if e else 2,
        pd.Series([e]),
        pd.Series([e, e + 1]),
        pd.DataFrame({"x": [e]}),
        pd.DataFrame({"x": [e, e]}),
        str(e),
        f"{e:g}",
        [e],
        np.array([e, e]),
        None,
        math.nan,
        math.inf,
        True,
        "abc",
        {"answer": e},
    ]


@pytest.mark.parametrize("ex_id", NUMBER_IDS)
def test_no_number_leaks(ex_id: str) -> None:
    ex = exercises.get_exercise(ex_id)
    e = rules.number(ex.expected, rules.Data())
    forms = _forms(e)
    seen = 0
    for answer in _wrong_numbers(ex, e):
        r = exercises.check(ex_id, answer, store=None)
        if r.passed:
            continue
        seen += 1
        for form in forms:
            assert form not in r.message, (ex_id, answer, form, r.message)
            # the page's text and attributes, without the fixed verdict colours (#b42318 …)
            html = re.sub(r'style="[^"]*"', "", r._repr_html_())
            assert form not in html, (ex_id, answer, form)
    assert seen >= 20


def test_no_list_item_leaks() -> None:
    ex = exercises.get_exercise("02.above-two-percent-2023")
    expected = rules.list_values(ex.expected, rules.Data())
    milex = rules.Data().get("military_expenditure")
    wrong: list[Any] = [
        [], [expected[0]], [*expected, "Japan"], ["Japan"], "Japan", expected[0], milex,
        list(milex.country.unique()), set(expected[:1]), None, 3,
    ]  # fmt: skip
    for answer in wrong:
        r = exercises.check(ex.id, answer, store=None)
        assert not r.passed
        for item in expected:
            assert str(item).lower() not in r.message.lower(), (answer, r.message)


def test_no_table_value_leaks() -> None:
    ex = exercises.get_exercise("01.since-2000")
    expected = rules.frame(ex.expected, rules.Data())
    timeline = rules.Data().get("alliance_timeline")
    events = timeline.loc[timeline.date >= "2000-01-01", ["date", "title"]]
    changed = events.copy()
    changed.iloc[0, 1] = "Something else"
    wrong = [
        events.iloc[1:],
        changed,
        timeline[["date", "title"]],
        events.set_index("date"),
        events[["title"]],
        events.title,
        None,
    ]
    titles = [t.lower() for t in expected.title]
    for answer in wrong:
        r = exercises.check(ex.id, answer, store=None)
        assert not r.passed
        assert not any(t in r.message.lower() for t in titles), r.message
        assert "2000-01-01" not in r.message


def test_no_chart_leaks() -> None:
    ex = exercises.get_exercise("02.share-chart")
    milex = rules.Data().get("military_expenditure")
    base = alt.Chart(milex)
    wrong = [
        base.mark_bar().encode(x="year:Q", y="share_of_gdp_pct:Q", color="country:N"),
        base.mark_line().encode(x="country:N", y="current_usd_m:Q", color="year:O"),
        base.mark_point().encode(x="current_usd_m:Q"),
        base,
        milex,
    ]
    for answer in wrong:
        r = exercises.check(ex.id, answer, store=None)
        assert not r.passed
        assert "line" not in r.message.replace("deadline", ""), r.message
        assert "share_of_gdp_pct" not in r.message, r.message


def test_text_answers_never_leak(one) -> None:
    ex = one(
        """
        - id: top
          type: text
          prompt: x
          expected:
            dataset: military_expenditure
            where: {year: 2023}
            column: country
            at_max: share_of_gdp_pct
        """
    )
    right = expected_texts(ex, rules.Data())
    for answer in ("Japan", "China", "", 3, pd.Series(["x", "y"]), None, ["a", "b"]):
        r = exercises.check(ex, answer, store=None)
        assert not r.passed
        assert not any(t.lower() in r.message.lower() for t in right), r.message
