"""Every check kind and rule form: text, lists, tables, charts, named checks, aggregates."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pytest

from usjapan_edu import exercises
from usjapan_edu.exercises import named_checks

Build = Callable[[str], exercises.Exercise]


def _check(ex: exercises.Exercise, answer: Any) -> exercises.Result:
    return exercises.check(ex, answer, store=None)


# ---------------------------------------------------------------- numbers: rule forms


@pytest.mark.parametrize("how", ["sum", "mean", "min", "max"])
def test_aggregates(one: Build, data: dict[str, pd.DataFrame], how: str) -> None:
    ex = one(
        f"""
        - id: agg
          type: number
          prompt: x
          expected:
            dataset: military_expenditure
            where: {{country: Japan}}
            column: current_usd_m
            aggregate: {how}
          tolerance_pct: 0.1
        """
    )
    milex = data["military_expenditure"]
    want = getattr(milex.loc[milex.country == "Japan", "current_usd_m"], how)()
    assert _check(ex, want).passed
    assert not _check(ex, want * 1.5).passed


def test_at_min_and_times(one: Build, data: dict[str, pd.DataFrame]) -> None:
    ex = one(
        """
        - id: low-year
          type: number
          prompt: x
          expected:
            dataset: military_expenditure
            where: {country: Japan}
            column: year
            at_min: share_of_gdp_pct
        """
    )
    milex = data["military_expenditure"]
    japan = milex[milex.country == "Japan"]
    assert _check(ex, int(japan.loc[japan.share_of_gdp_pct.idxmin(), "year"])).passed
    pct = one(
        """
        - id: pct
          type: number
          prompt: x
          unit: "%"
          expected:
            dataset: military_expenditure
            where: {country: Japan, year: 2023}
            column: constant_2022_usd_m
            divide_by: {where: {country: China, year: 2023}, column: constant_2022_usd_m}
            times: 100
          tolerance: 0.1
        """
    )
    jp = japan.loc[japan.year == 2023, "constant_2022_usd_m"].item()
    cn = milex.loc[(milex.country == "China") & (milex.year == 2023), "constant_2022_usd_m"].item()
    assert _check(pct, 100 * jp / cn).passed
    r = _check(pct, jp / cn)
    assert r.code == "units" and "multiply by 100" in r.message


def test_a_fixed_value(one: Build) -> None:
    ex = one("- {id: two, type: number, prompt: x, expected: {value: 2}}")
    assert _check(ex, 2).passed and _check(ex, 2.0).passed
    assert _check(ex, 3).code == "high"


# ---------------------------------------------------------------- text


def test_text_from_accept_and_from_data(one: Build) -> None:
    ex = one("- {id: city, type: text, prompt: x, accept: [Hiroshima, 広島]}")
    for answer in ("Hiroshima", " hiroshima. ", "ＨＩＲＯＳＨＩＭＡ", "広島"):
        assert _check(ex, answer).passed, answer
    r = _check(ex, "Tokyo")
    assert r.code == "text" and "spelling" in r.message
    assert _check(ex, pd.Series(["Hiroshima"])).code == "type"
    assert "`.iloc[0]`" in _check(ex, pd.Series(["Hiroshima"])).message
    assert _check(ex, 3).code == "type"
    top = one(
        """
        - id: top
          type: text
          prompt: Which country spent the largest share of GDP in 2023?
          expected:
            dataset: military_expenditure
            where: {year: 2023}
            column: country
            at_max: share_of_gdp_pct
        """
    )
    assert _check(top, "united states").passed
    japan = one(
        """
        - id: first
          type: text
          prompt: x
          expected: {dataset: alliance_timeline, where: {date: 1951-09-08}, column: domain}
        """
    )
    assert _check(japan, "security").passed


def test_text_from_another_row_is_a_filter_mistake(one: Build) -> None:
    ex = one(
        """
        - id: title
          type: text
          prompt: x
          expected: {dataset: alliance_timeline, where: {date: 1960-01-19}, column: title}
        """
    )
    r = _check(ex, "Security Treaty signed in San Francisco")
    assert r.code == "filter" and "`date`" in r.message


# ---------------------------------------------------------------- lists


@pytest.fixture
def over_two(one: Build) -> exercises.Exercise:
    return one(
        """
        - id: over-two
          type: list
          prompt: x
          expected:
            dataset: military_expenditure
            where: {year: 2023, share_of_gdp_pct: {min: 2}}
            column: country
        """
    )


def test_unordered_list_in_any_container(
    over_two: exercises.Exercise, data: dict[str, pd.DataFrame]
) -> None:
    milex = data["military_expenditure"]
    rows = milex[(milex.year == 2023) & (milex.share_of_gdp_pct >= 2)]
    names = list(rows.country)
    for answer in (
        names,
        names[::-1],
        tuple(names),
        set(names),
        rows.country,
        pd.Index(names),
        np.array(names),
        [n.upper() for n in names],
        names + names[:1],
    ):
        assert _check(over_two, answer).passed, answer


def test_list_mistakes(over_two: exercises.Exercise, data: dict[str, pd.DataFrame]) -> None:
    milex = data["military_expenditure"]
    names = list(milex.loc[(milex.year == 2023) & (milex.share_of_gdp_pct >= 2), "country"])
    assert _check(over_two, names[:1]).code == "items"
    assert "missing" in _check(over_two, names[:1]).message
    assert "should not be there" in _check(over_two, [*names, "Atlantis"]).message
    assert _check(over_two, []).code == "items"
    assert _check(over_two, "United States").code == "type"
    assert _check(over_two, milex).code == "type"
    every_year = list(milex.loc[milex.share_of_gdp_pct >= 2, "country"].unique())
    if set(every_year) != set(names):  # the year condition left out
        assert _check(over_two, every_year).code == "filter"


def test_ordered_list(one: Build, data: dict[str, pd.DataFrame]) -> None:
    ex = one(
        """
        - id: ranking
          type: list
          ordered: true
          prompt: x
          expected:
            dataset: military_expenditure
            where: {year: 2023}
            column: country
            sort_by: share_of_gdp_pct
            descending: true
        """
    )
    milex = data["military_expenditure"]
    ranked = list(
        milex[milex.year == 2023].sort_values("share_of_gdp_pct", ascending=False).country
    )
    assert _check(ex, ranked).passed
    r = _check(ex, ranked[::-1])
    assert r.code == "order" and "sorted by `share_of_gdp_pct`, largest first" in r.message
    assert _check(ex, set(ranked)).code == "type"


def test_fixed_values_list(one: Build) -> None:
    ex = one(
        "- {id: quad, type: list, prompt: x, expected: {values: [Australia, India, Japan, "
        "United States]}}"
    )
    assert _check(ex, ["japan", "india", "united states", "australia"]).passed
    assert not _check(ex, ["Japan"]).passed


# ---------------------------------------------------------------- tables


@pytest.fixture
def since_2000() -> exercises.Exercise:
    """The exercise without its near misses: the generic diagnoses are tested here."""
    return dataclasses.replace(exercises.get_exercise("01.since-2000"), near_misses=())


def _events(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    timeline = data["alliance_timeline"]
    return timeline.loc[timeline.date >= "2000-01-01", ["date", "title"]]


def test_dataframe_right_in_any_row_order_and_index(
    since_2000: exercises.Exercise, data: dict[str, pd.DataFrame]
) -> None:
    events = _events(data)
    for answer in (
        events,
        events.reset_index(drop=True),
        events.sample(frac=1, random_state=3),
        events[["title", "date"]],
    ):
        assert _check(since_2000, answer).passed
    as_text = events.assign(date=events.date.dt.strftime("%Y-%m-%d"))
    assert _check(since_2000, as_text).passed  # dates written as ISO text count


def test_dataframe_mistakes(since_2000: exercises.Exercise, data: dict[str, pd.DataFrame]) -> None:
    timeline = data["alliance_timeline"]
    events = _events(data)
    assert _check(since_2000, events.set_index("date")).code == "index"
    assert "reset_index()" in _check(since_2000, events.set_index("date")).message
    r = _check(since_2000, events[["date"]])
    assert r.code == "columns" and "`title`" in r.message
    r = _check(since_2000, timeline[timeline.date >= "2000-01-01"])
    assert r.code == "columns" and "does not ask for" in r.message
    r = _check(since_2000, timeline[["date", "title"]])
    assert r.code == "filter" and "`date`" in r.message
    assert _check(since_2000, events.iloc[2:]).code == "rows"
    changed = events.copy()
    changed.iloc[0, 1] = "something else"
    r = _check(since_2000, changed)
    assert r.code == "values" and "`title`" in r.message
    assert _check(since_2000, events.title).code == "type"
    dup = events.copy()
    dup.columns = ["date", "date"]
    assert _check(since_2000, dup).code == "columns"


def test_ordered_dataframe(one: Build, data: dict[str, pd.DataFrame]) -> None:
    ex = one(
        """
        - id: sorted
          type: dataframe
          ordered: true
          prompt: x
          expected:
            dataset: alliance_timeline
            where: {domain: digital}
            columns: [date, title]
            sort_by: date
            descending: true
        """
    )
    timeline = data["alliance_timeline"]
    digital = timeline.loc[timeline.domain == "digital", ["date", "title"]]
    assert _check(ex, digital.sort_values("date", ascending=False, kind="stable")).passed
    assert _check(ex, digital.sort_values("date")).code == "order"


# ---------------------------------------------------------------- charts


@pytest.fixture
def chart_ex() -> exercises.Exercise:
    """The exercise without its near misses: the generic diagnoses are tested here."""
    return dataclasses.replace(exercises.get_exercise("02.share-chart"), near_misses=())


def _chart(data: dict[str, pd.DataFrame], **kwargs: Any) -> alt.Chart:
    enc = {
        "x": "year:Q",
        "y": "share_of_gdp_pct:Q",
        "color": "country:N",
        "tooltip": ["country", "year"],
    }
    enc.update(kwargs)
    return (
        alt.Chart(data["military_expenditure"])
        .mark_line()
        .encode(**{k: v for k, v in enc.items() if v is not None})
    )


def test_chart_right(chart_ex: exercises.Exercise, data: dict[str, pd.DataFrame]) -> None:
    assert _check(chart_ex, _chart(data)).passed
    assert _check(chart_ex, _chart(data, x="year:O")).passed
    assert _check(chart_ex, _chart(data).to_dict()).passed  # a spec works too
    layered = _chart(data) + _chart(data).mark_point()
    assert _check(chart_ex, layered).passed


def test_chart_mistakes(chart_ex: exercises.Exercise, data: dict[str, pd.DataFrame]) -> None:
    assert _check(chart_ex, _chart(data).mark_bar()).code == "mark"
    r = _check(chart_ex, _chart(data, color=None))
    assert r.code == "encoding" and "no `color` encoding" in r.message
    r = _check(chart_ex, _chart(data, y="constant_2022_usd_m:Q"))
    assert r.code == "encoding" and "`y` channel shows `constant_2022_usd_m`" in r.message
    r = _check(chart_ex, _chart(data, y="share_of_gdp_pct:N"))
    assert r.code == "encoding" and "nominal" in r.message
    r = _check(chart_ex, _chart(data, tooltip=None))
    assert r.code == "check" and "tooltip" in r.message
    assert _check(chart_ex, data["military_expenditure"]).code == "type"
    assert _check(chart_ex, alt.Chart(data["military_expenditure"])).code == "chart"
    assert _check(chart_ex, {"data": {}}).code == "chart"

    class Broken:
        def to_dict(self) -> dict[str, Any]:
            raise RuntimeError("boom")

    assert _check(chart_ex, Broken()).code == "chart"


def test_chart_engine_does_not_import_altair() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from usjapan_edu import exercises\n"
        "spec = {'mark': 'line', 'encoding': {'x': {'field': 'year', 'type': 'quantitative'},"
        " 'y': {'field': 'share_of_gdp_pct', 'type': 'quantitative'},"
        " 'color': {'field': 'country', 'type': 'nominal'}, 'tooltip': [{'field': 'year'}]}}\n"
        "assert exercises.check('02.share-chart', spec, store=None).passed\n"
        "assert 'altair' not in sys.modules, 'altair imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------- named checks


def test_custom_check_and_check_args(one: Build, data: dict[str, pd.DataFrame]) -> None:
    ex = one(
        """
        - id: sorted-events
          type: custom
          prompt: x
          check: sorted_by
          check_args: {column: date}
        """
    )
    timeline = data["alliance_timeline"]
    assert _check(ex, timeline.sort_values("date")).passed
    r = _check(ex, timeline.sort_values("date", ascending=False))
    assert r.code == "check" and "not sorted by `date`" in r.message
    assert _check(ex, 3).code == "check"  # the check's own message, not an exception


def test_a_registered_check_that_raises_is_a_cross(one: Build) -> None:
    @named_checks.register_check("explodes")
    def explodes(answer: Any) -> str | None:
        raise ZeroDivisionError

    try:
        ex = one("- {id: e, type: custom, prompt: x, check: explodes}")
        r = _check(ex, 1)
        assert r.code == "check" and "could not run" in r.message
    finally:
        named_checks.unregister_check("explodes")
    with pytest.raises(ValueError, match="already registered"):
        named_checks.register_check("sorted_by")(lambda a: None)


def test_has_title(one: Build, data: dict[str, pd.DataFrame]) -> None:
    ex = one("- {id: t, type: chart, prompt: x, expected: {mark: line}, check: has_title}")
    assert _check(ex, _chart(data).properties(title="Military spending")).passed
    assert _check(ex, _chart(data)).code == "check"
