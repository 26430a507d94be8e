"""The bundled exercise files: valid, the contract's ids, and every solution passes its check."""

from __future__ import annotations

import pandas as pd
import pytest

from usjapan_edu import datasets, exercises
from usjapan_edu._resources import data_dir

CONTRACT = {
    "00.deficit-2022": ("number", "deficit_2022"),
    "01.security-events": ("number", "security_events"),
    "01.peak-year": ("number", "peak_year"),
    "01.since-2000": ("dataframe", "since_2000"),
    "02.japan-share-2023": ("number", "japan_share_2023"),
    "02.china-multiple-2023": ("number", "china_multiple_2023"),
    "02.above-two-percent-2023": ("list", "above_two_percent"),
    "02.share-chart": ("chart", "share_chart"),
    "02.hns-utilities-2022-sma": ("number", "utilities_2022_sma"),
    "03.deficit-share-1986": ("number", "deficit_share_1986"),
    "03.us-total-2023": ("number", "us_total_2023"),
    "03.car-duty-april-2025": ("number", "car_duty_april_2025"),
    "03.first-year-top-investor": ("number", "first_year_top"),
    "04.dta-binding": ("number", "dta_binding"),
    "04.cptpp-no-rule": ("list", "cptpp_no_rule"),
    "04.dta-not-verified": ("dataframe", "dta_unverified"),
    "05.cptpp-members": ("list", "cptpp_members"),
    "05.cptpp-applicants": ("list", "cptpp_applicants"),
    "05.cptpp-gdp-share-2023": ("number", "cptpp_gdp_share"),
    "05.ipef-population-share-2023": ("number", "ipef_population_share"),
    "06.japan-rank-2022": ("number", "japan_rank_2022"),
    "06.us-ranks-2022": ("dataframe", "us_ranks_2022"),
    "06.years-above-one": ("list", "years_above_one"),
    "06.steel-until-2023": ("dataframe", "steel_until_2023"),
    "06.tpp-gdp-share-2023": ("number", "tpp_gdp_share"),
    "06.verdict-c01": ("text", "verdict_c01"),
    "06.verdict-c02": ("text", "verdict_c02"),
    "06.verdict-c03": ("text", "verdict_c03"),
    "06.verdict-c04": ("text", "verdict_c04"),
    "06.verdict-c05": ("text", "verdict_c05"),
    "06.verdict-c06": ("text", "verdict_c06"),
    "06.verdict-c07": ("text", "verdict_c07"),
    "06.verdict-c08": ("text", "verdict_c08"),
    "06.verdict-c09": ("text", "verdict_c09"),
    "06.verdict-c10": ("text", "verdict_c10"),
    "06.verdict-c11": ("text", "verdict_c11"),
    "06.verdict-c12": ("text", "verdict_c12"),
    "06.verdict-c13": ("text", "verdict_c13"),
    "06.verdict-c14": ("text", "verdict_c14"),
    "06.verdict-c15": ("text", "verdict_c15"),
    "06.verdict-c16": ("text", "verdict_c16"),
    "06.verdict-c17": ("text", "verdict_c17"),
    "06.verdict-c18": ("text", "verdict_c18"),
    "06.verdict-c19": ("text", "verdict_c19"),
    "06.verdict-c20": ("text", "verdict_c20"),
}


def test_bundled_files_are_valid() -> None:
    assert exercises.validate_files([data_dir() / "exercises"]) == []


def test_the_published_ids_types_and_variables() -> None:
    assert exercises.list_exercises() == list(CONTRACT)
    for ex_id, (etype, variable) in CONTRACT.items():
        ex = exercises.get_exercise(ex_id)
        assert (ex.type, ex.variable) == (etype, variable)
        assert len(ex.hints) == 2, ex_id
        assert ex.solution.strip() and ex.prompt.strip() and ex.feedback.get("correct")
        assert ex.bank_id == f"exercises:{ex_id.split('.')[0]}"


def test_list_and_load_one_file() -> None:
    assert exercises.list_exercises("01-alliance-at-a-glance") == [
        "01.security-events",
        "01.peak-year",
        "01.since-2000",
    ]
    loaded = exercises.load_exercises("02-security")
    assert loaded.prefix == "02" and loaded.bank_id == "exercises:02" and len(loaded) == 5
    assert loaded["japan-share-2023"] is loaded.exercises[0]


def _notebook_namespace() -> dict[str, object]:
    """What the notebooks define outside the solution regions (the solutions build on it).

    A solution region is removed in the student version, so it must not load the data that
    later cells need: the notebooks load it before the exercises.
    """
    import altair as alt

    goods = datasets.load("goods_trade")
    return {
        "pd": pd,
        "alt": alt,
        "datasets": datasets,
        "census": goods[goods.basis == "census"],  # notebook 00
        "timeline": datasets.load("alliance_timeline"),  # notebook 01
        "forces": datasets.load("us_forces_japan"),
        "milex": datasets.load("military_expenditure"),  # notebook 02
        "gdp": datasets.load("world_economy"),  # notebook 03
        "partners": datasets.load("trade_partners"),
        "tariffs": datasets.load("tariffs"),
        "fdi": datasets.load("fdi_position"),
        "provisions": datasets.load("digital_trade_provisions"),  # notebook 04
        "membership": datasets.load("agreement_membership"),  # notebooks 05 and 06
        "economy": datasets.load("world_economy"),
        "trade": datasets.load("trade_partners"),  # notebook 06
    }


@pytest.mark.parametrize(
    "slug",
    [
        "00-start-here",
        "01-alliance-at-a-glance",
        "02-security",
        "03-trade",
        "04-digital-economy",
        "05-regional-architecture",
        "06-capstone",
    ],
)
def test_every_solution_passes_its_check(slug: str) -> None:
    """Run each solution snippet (test code runs it; the package never does) and check it."""
    namespace = _notebook_namespace()
    for ex in exercises.load_exercises(slug).exercises:
        exec(ex.solution, namespace)
        result = exercises.check(ex.id, namespace[ex.variable], store=None)
        assert result.passed, (ex.id, result.message)
        # the one-argument form reads the variable from the caller's namespace
        assert eval(
            f"exercises.check({ex.id!r}, store=None)", {"exercises": exercises, **namespace}
        )


def test_unknown_id_names_the_closest() -> None:
    with pytest.raises(exercises.UnknownExerciseError, match=r"02\.japan-share-2023"):
        exercises.check("02.japan-share", 1.0)
    with pytest.raises(exercises.UnknownExerciseError, match="02-security"):
        exercises.load_exercises("02-securty")
