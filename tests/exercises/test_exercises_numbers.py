"""Number checks: ✓ within tolerance, and each friendly ✗ (type, NaN, units, year, filter …)."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from usjapan_edu import exercises

SHARE = "02.japan-share-2023"
RATIO = "02.china-multiple-2023"
DEFICIT = "00.deficit-2022"
COUNT = "01.security-events"
PEAK = "01.peak-year"


def _check(ex_id: str, answer: object) -> exercises.Result:
    """Check with the generic diagnoses only: the exercise's own near misses (tested in
    ``test_near_misses.py``) would answer first."""  # noqa: D205, D209
    generic = dataclasses.replace(exercises.get_exercise(ex_id), near_misses=())
    return exercises.check(generic, answer, store=None)


def _milex(data: dict[str, pd.DataFrame], country: str, year: int, column: str) -> float:
    df = data["military_expenditure"]
    return float(df.loc[(df.country == country) & (df.year == year), column].item())


@pytest.fixture
def share(data: dict[str, pd.DataFrame]) -> float:
    return _milex(data, "Japan", 2023, "share_of_gdp_pct")


def test_right_answers_in_any_numeric_type(share: float) -> None:
    for answer in (share, np.float64(share), Decimal(str(share)), share + 0.009, share - 0.009):
        r = _check(SHARE, answer)
        assert r.passed and r.code == "correct" and r.score == 1.0, answer
        assert r.message.startswith("Correct!") and r.symbol == "✓"


def test_outside_the_tolerance_is_too_high_or_too_low(share: float) -> None:
    assert _check(SHARE, share + 0.3).code == "high"
    assert _check(SHARE, share / 4).code == "low"
    r = _check(SHARE, share + 0.3)
    assert not r.passed and r.score == 0.0 and r.symbol == "✗"
    assert r.message.startswith("Not quite.")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (
            lambda x: pd.Series([x]),
            "a Series with 1 value; the exercise wants a number — try `.iloc[0]` or `.item()`",
        ),
        (lambda x: pd.Series([x, x + 1]), "a Series with several values"),
        (lambda x: pd.DataFrame({"a": [x]}), "a DataFrame with one cell"),
        (lambda x: pd.DataFrame({"a": [x], "b": [1]}), "a DataFrame with one row"),
        (lambda x: pd.DataFrame({"a": [x, 1.0]}), "a DataFrame (a table)"),
        (lambda x: str(x), "text (a str); the exercise wants a number — remove the quotes"),
        (lambda x: [x], "a list with one item"),
        (lambda x: np.array([x]), "a NumPy array with 1 value"),
        (lambda x: True, "True/False"),
        (lambda x: pd.Series([x]).sum, "did you forget the brackets"),
        (lambda x: {"a": x}, "a dict"),
    ],
)
def test_wrong_type_says_what_was_passed_and_how_to_fix_it(share: float, make, words: str) -> None:
    r = _check(SHARE, make(share))
    assert r.code == "type" and not r.passed
    assert words in r.message


def test_empty_selection_points_at_the_filter() -> None:
    r = _check(SHARE, pd.Series([], dtype=float))
    assert r.code == "filter" and "kept no rows" in r.message


@pytest.mark.parametrize("missing", [math.nan, np.nan, pd.NA, np.float64("nan")])
def test_nan_is_missing(missing: object) -> None:
    r = _check(SHARE, missing)
    assert r.code == "missing"
    assert (
        "your result is missing (NaN): check your filter selects a row with data"
        in r.message.lower().replace("(nan)", "(NaN)")
    )


def test_none_and_infinity() -> None:
    assert "None" in _check(SHARE, None).message
    assert _check(SHARE, None).code == "missing"
    assert "infinite" in _check(SHARE, math.inf).message


def test_units_percent_vs_share(share: float) -> None:
    too_big = _check(SHARE, share * 100)
    assert too_big.code == "units" and "hundred times too large" in too_big.message
    assert "don't multiply by 100" in too_big.message
    too_small = _check(SHARE, share / 100)
    assert too_small.code == "units" and "per cent, not a fraction" in too_small.message


def test_units_billions_vs_millions(data: dict[str, pd.DataFrame]) -> None:
    goods = data["goods_trade"]
    balance = goods.loc[
        (goods.year == 2022) & (goods.basis == "census"), "us_balance_usd_bn"
    ].item()
    r = _check(DEFICIT, balance * 1000)
    assert r.code == "units" and "thousand times too large" in r.message
    assert "USD bn" in r.message and "millions instead of billions" in r.message


def test_sign(data: dict[str, pd.DataFrame]) -> None:
    goods = data["goods_trade"]
    balance = goods.loc[
        (goods.year == 2022) & (goods.basis == "census"), "us_balance_usd_bn"
    ].item()
    assert _check(DEFICIT, -balance).code == "sign"


def test_off_by_a_year(data: dict[str, pd.DataFrame]) -> None:
    for year in (2022,):
        r = _check(SHARE, _milex(data, "Japan", year, "share_of_gdp_pct"))
        assert r.code == "year" and "neighbouring year" in r.message and "`year`" in r.message
    goods = data["goods_trade"]
    for year in (2021, 2023):
        value = goods.loc[(goods.year == year) & (goods.basis == "census"), "us_balance_usd_bn"]
        assert _check(DEFICIT, value.item()).code == "year"


def test_wrong_filter_names_the_column_not_the_answer(data: dict[str, pd.DataFrame]) -> None:
    r = _check(SHARE, _milex(data, "China", 2023, "share_of_gdp_pct"))
    assert r.code == "filter" and "check your filter on `country`" in r.message
    goods = data["goods_trade"]
    other_basis = goods.loc[(goods.year == 2022) & (goods.basis == "ita_ccg"), "us_balance_usd_bn"]
    # That basis publishes the Census figure rounded: a rounded answer is far likelier (#18).
    r = _check(DEFICIT, other_basis.item())
    assert r.code == "rounded" and "rounded to a whole number" in r.message
    r = _check(DEFICIT, other_basis.item() + 0.003)
    assert r.code == "filter" and "`basis`" in r.message


def test_aggregate_with_a_filter_left_out(data: dict[str, pd.DataFrame]) -> None:
    timeline = data["alliance_timeline"]
    assert _check(COUNT, int((timeline.domain == "security").sum())).passed
    r = _check(COUNT, len(timeline))  # every event, not just security ones
    assert r.code == "filter" and "`domain`" in r.message


def test_another_column_of_the_right_row(data: dict[str, pd.DataFrame]) -> None:
    r = _check(SHARE, _milex(data, "Japan", 2023, "constant_2022_usd_m"))
    assert r.code == "column" and "`share_of_gdp_pct`" in r.message
    forces = data["us_forces_japan"]
    annual = forces[forces.basis == "dmdc_country_year"]
    peak = annual.loc[annual.active_duty_personnel.idxmax()]
    assert _check(PEAK, int(peak.year)).passed
    assert _check(PEAK, int(peak.active_duty_personnel)).code == "column"


def test_ratio_upside_down_and_ratio_years(data: dict[str, pd.DataFrame]) -> None:
    col = "constant_2022_usd_m"
    china, japan = _milex(data, "China", 2023, col), _milex(data, "Japan", 2023, col)
    assert _check(RATIO, china / japan).passed
    assert _check(RATIO, japan / china).code == "inverse"
    last_year = _milex(data, "China", 2022, col) / _milex(data, "Japan", 2022, col)
    assert _check(RATIO, last_year).code == "year"
    r = _check(RATIO, 100 * china / japan)
    assert r.code == "units" and "plain ratio" in r.message
