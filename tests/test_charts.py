"""Chart helpers check their input first and say which dataset they expect (issue 8 item 9)."""

from __future__ import annotations

import inspect
import itertools
import json
import re

import pandas as pd
import pytest

from usjapan_edu import charts, datasets

GOODS = datasets.load("goods_trade")
CHARTS = [
    fn
    for name, fn in inspect.getmembers(charts, inspect.isfunction)
    if name.endswith("_chart") and not name.startswith("_")
]


def test_goods_trade_chart_draws_the_goods_trade_dataset():
    spec = charts.goods_trade_chart(GOODS).to_dict()
    assert spec["description"].startswith("Line chart of U.S. goods trade with Japan, 1985 to")


def test_another_dataset_names_the_expected_one_and_the_missing_columns():
    with pytest.raises(ValueError) as err:
        charts.goods_trade_chart(datasets.load("tariffs"))
    assert str(err.value) == (
        "goods_trade_chart expects the goods_trade dataset (datasets.load('goods_trade')); "
        "the data given lacks columns basis, us_exports_usd_bn, us_imports_usd_bn, "
        "us_balance_usd_bn"
    )


def test_one_missing_column_is_named():
    with pytest.raises(ValueError, match=r"lacks column us_balance_usd_bn$"):
        charts.goods_trade_chart(GOODS.drop(columns="us_balance_usd_bn"))


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("goods_trade", "a str: 'goods_trade'"),
        (None, "None"),
        (GOODS.to_dict("list"), "a dict: {"),
        (GOODS["year"], "a Series (pass the whole table, not one column)"),
    ],
)
def test_a_non_dataframe_gets_a_clear_message(given, shown):
    with pytest.raises(TypeError) as err:
        charts.goods_trade_chart(given)
    text = str(err.value)
    assert text.startswith(
        "goods_trade_chart expects the goods_trade dataset (datasets.load('goods_trade')), "
        f"a pandas DataFrame; it was given {shown}"
    )
    assert "\n" not in text and len(text) < 250


def test_figures_turned_into_text_are_named():
    with pytest.raises(ValueError, match=r"column us_exports_usd_bn holds str values, not numbers"):
        charts.goods_trade_chart(GOODS.astype({"us_exports_usd_bn": str}))


def test_no_rows_is_said_plainly():
    with pytest.raises(ValueError, match=r"goods_trade'\)\); the data given has no rows$"):
        charts.goods_trade_chart(GOODS.iloc[0:0])


def test_unknown_basis_lists_the_bases_with_figures():
    with pytest.raises(ValueError, match=r"basis 'nope'; choose one of \['census', 'crs'"):
        charts.goods_trade_chart(GOODS, basis="nope")


@pytest.mark.parametrize("basis", list(GOODS["basis"].cat.categories))
def test_every_basis_in_the_data_draws_or_says_why(basis):
    try:
        spec = charts.goods_trade_chart(GOODS, basis=basis).to_dict()
    except ValueError as exc:
        assert f"basis {basis!r}" in str(exc)
    else:
        assert f"({basis} basis)" in spec["description"]


def test_a_basis_without_a_balance_still_draws():
    no_balance = GOODS.assign(us_balance_usd_bn=float("nan"))
    spec = charts.goods_trade_chart(no_balance).to_dict()
    assert "lowest" not in spec["description"]


@pytest.mark.parametrize("chart", CHARTS, ids=lambda fn: fn.__name__)
def test_every_chart_helper_checks_its_input_first(chart):
    # One shared check for every helper: the wrong dataset and a non-frame both get a
    # sentence naming the helper and the dataset to load, never a KeyError.
    with pytest.raises(ValueError, match=rf"^{chart.__name__} expects the \w+ dataset"):
        chart(pd.DataFrame({"unrelated": [1]}))
    with pytest.raises(TypeError, match=rf"^{chart.__name__} expects .* a pandas DataFrame"):
        chart([1, 2, 3])
    assert re.search(r"_check_input\(", inspect.getsource(chart))


# ---------------------------------------------------------------- notebooks 01 and 02


def _load(name: str) -> pd.DataFrame:
    return datasets.load(name)


HELPERS = {
    "timeline_chart": "alliance_timeline",
    "us_forces_chart": "us_forces_japan",
    "military_spending_chart": "military_expenditure",
    "defense_budget_chart": "japan_defense_budget",
    "host_nation_support_chart": "host_nation_support",
    "goods_trade_chart": "goods_trade",
}


def _views(spec: dict) -> list[dict]:
    return [spec, *[v for layer in spec.get("layer", []) for v in _views(layer)]]


def _channels(spec: dict) -> dict[str, list[dict]]:
    """Every encoding channel of every view (tooltip lists flattened)."""
    out: dict[str, list[dict]] = {}
    for view in _views(spec):
        for channel, enc in view.get("encoding", {}).items():
            out.setdefault(channel, []).extend(enc if isinstance(enc, list) else [enc])
    return out


def _rows(spec: dict, view: dict) -> list[dict]:
    return spec["datasets"][view["data"]["name"]]


def test_every_course_chart_helper_is_listed_here():
    assert set(HELPERS) == {fn.__name__ for fn in CHARTS}


@pytest.mark.parametrize(("helper", "dataset"), HELPERS.items())
def test_helper_charts_follow_the_house_rules(helper, dataset):
    chart = getattr(charts, helper)(_load(dataset))
    spec = chart.to_dict()
    # A title that says what to see, and a text description for screen readers.
    title = spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    assert len(title) > 20 and len(spec["description"]) > 80
    # Explicit types on every field channel; tooltips; colours from the Okabe–Ito palette.
    channels = _channels(spec)
    fields = [
        enc
        for channel, encs in channels.items()
        if channel not in ("x2", "y2")  # secondary channels take the type of x / y
        for enc in encs
        if "field" in enc
    ]
    assert fields and all("type" in enc for enc in fields)
    assert channels.get("tooltip"), "hover shows the numbers"
    ranges = [enc["scale"]["range"] for enc in channels.get("color", []) if "scale" in enc]
    assert ranges and all(set(r) <= set(charts.PALETTE) for r in ranges)
    # Never colour alone: a dash pattern, a shape or a row label tells series apart too.
    assert {"strokeDash", "shape"} & set(channels) or any(
        enc.get("field") == "domain" for enc in channels.get("y", [])
    )
    # Data inlined in the notebook stay small (aggregated or selected before charting).
    assert len(json.dumps(spec)) < 40_000


@pytest.mark.parametrize(("helper", "dataset"), HELPERS.items())
def test_every_helper_chart_has_its_numbers_as_a_table(helper, dataset):
    table = charts.chart_table(getattr(charts, helper)(_load(dataset)))
    frame = table.to_frame()
    assert len(frame) >= 5 and not frame.duplicated().any()
    html = table._repr_html_()
    assert html.startswith('<details class="usj-chart-table"><summary>')
    assert "<caption>" in html and f"({len(frame)} rows)" in html
    assert repr(table).startswith(table.caption)


def test_timeline_filters_by_domain_with_a_menu_and_shows_the_source():
    spec = charts.timeline_chart(_load("alliance_timeline")).to_dict()
    (param,) = spec["params"]
    assert param["bind"]["input"] == "select"
    assert param["bind"]["options"] == [None, "security", "diplomacy", "trade", "digital"]
    assert {"filter": {"param": param["name"]}} in spec["transform"]
    tips = [t["title"] for t in spec["encoding"]["tooltip"]]
    assert tips == ["Date", "Domain", "Event", "What happened", "Source"]
    rows = spec["datasets"][spec["data"]["name"]]
    assert all(r["source_url"].startswith("http") for r in rows)
    assert rows[0]["date"] == "1951-09-08"  # dates as written, no time-zone shift


def test_us_forces_shows_the_definition_break_and_keeps_flagged_years_off_the_line():
    forces = _load("us_forces_japan")
    spec = charts.us_forces_chart(forces).to_dict()
    views = _views(spec)
    rules = [v for v in views if v.get("mark", {}).get("type") == "rule"]
    assert [r["year"] for v in rules for r in _rows(spec, v)] == [2007.5]
    (line,) = [v for v in views if v.get("mark", {}).get("type") == "line"]
    assert line["encoding"]["detail"]["field"] == "segment"
    on_line = pd.DataFrame(_rows(spec, line))
    for _, run in on_line.groupby(["series", "segment"]):
        assert run["year"].min() >= 2008 or run["year"].max() < 2008, "no run crosses 2008"
        assert (run["year"].diff().dropna() == 1).all(), "no run bridges a missing year"
    flagged = forces[forces["quality_flag"].isin(["implausible_spike", "aggregate_suspected"])]
    assert not set(zip(flagged.year, flagged.active_duty_personnel, strict=True)) & set(
        zip(on_line.year, on_line.persons, strict=True)
    )
    assert "2008" in spec["description"] and "1950, 2008, 2015" in spec["description"]


def test_us_forces_moves_the_break_on_request():
    spec = charts.us_forces_chart(_load("us_forces_japan"), break_year=1972).to_dict()
    assert "1972" in spec["description"]


def test_military_spending_share_has_the_1_and_2_percent_lines():
    spec = charts.military_spending_chart(_load("military_expenditure")).to_dict()
    rules = [v for v in _views(spec) if v.get("mark", {}).get("type") == "rule"]
    assert sorted(r["value"] for v in rules for r in _rows(spec, v)) == [1.0, 2.0]
    assert spec["title"]["text"].startswith("In 2023, the United States spent the largest share")
    assert "1 % and 2 % of GDP" in spec["description"]


def test_military_spending_in_constant_dollars_is_in_billions_without_reference_lines():
    milex = _load("military_expenditure")
    chart = charts.military_spending_chart(
        milex, measure="constant_2022_usd_m", countries=["Japan", "China"]
    )
    spec = chart.to_dict()
    assert not [v for v in _views(spec) if v.get("mark", {}).get("type") == "rule"]
    table = charts.chart_table(chart).to_frame()
    japan_2023 = table[(table.Country == "Japan") & (table.Year == 2023)].iloc[0, 2]
    raw = milex[(milex.country == "Japan") & (milex.year == 2023)].constant_2022_usd_m.item()
    assert japan_2023 == pytest.approx(raw / 1000, abs=1e-3)
    assert spec["title"]["text"].startswith("In 2023, China spent 6.0 times as much as Japan")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"measure": "share"}, r"measure must be one of \['constant_2022_usd_m'"),
        ({"countries": ["Japan", "Korea"]}, r"no military_expenditure rows for \['Korea'\]"),
    ],
)
def test_military_spending_explains_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        charts.military_spending_chart(_load("military_expenditure"), **kwargs)


def test_defence_budget_keeps_plans_off_the_lines():
    budget = _load("japan_defense_budget")
    spec = charts.defense_budget_chart(budget).to_dict()
    (line,) = [v for v in _views(spec) if v.get("mark", {}).get("type") == "line"]
    assert max(r["fiscal_year"] for r in _rows(spec, line)) == 2026
    hollow = [v for v in _views(spec) if v.get("mark", {}).get("filled") is False]
    assert {r["fiscal_year"] for v in hollow for r in _rows(spec, v)} == {2027}
    assert "not budgets" in spec["description"]
    without = charts.defense_budget_chart(budget, include_plan=False).to_dict()
    assert not [v for v in _views(without) if v.get("mark", {}).get("filled") is False]
    assert spec["title"]["text"].startswith("Japan's defence budget: ¥5.4 trillion in FY2022")


def test_defence_budget_with_only_plans_says_so():
    plan_only = _load("japan_defense_budget").query("budget_stage == 'plan'")
    with pytest.raises(ValueError, match="no budget figure"):
        charts.defense_budget_chart(plan_only)


def test_host_nation_support_draws_only_per_year_totals():
    hns = _load("host_nation_support")
    table = charts.chart_table(charts.host_nation_support_chart(hns)).to_frame()
    per_year = hns[
        hns.measure.isin(["hns_budget", "hns_annual_average"])
        & (hns.amount_per == "per_fiscal_year")
    ]
    assert len(table) == len(per_year)
    assert sorted(table["JPY billion per year"]) == sorted(per_year.amount_jpy_bn.round(1))
    with pytest.raises(ValueError, match="no per-year total"):
        charts.host_nation_support_chart(hns[hns.measure == "utilities"])


def test_us_forces_without_a_known_basis_says_so():
    forces = _load("us_forces_japan").assign(basis="other")
    with pytest.raises(ValueError, match="no count with a basis of"):
        charts.us_forces_chart(forces)


def test_timeline_without_dates_says_so():
    timeline = _load("alliance_timeline").assign(date=pd.NaT)
    with pytest.raises(ValueError, match="no row of the data given has both a date and a domain"):
        charts.timeline_chart(timeline)


# ---------------------------------------------------------------- chart_table


def test_chart_table_reads_any_altair_chart_with_tooltips():
    import altair as alt

    milex = _load("military_expenditure")[["country", "year", "share_of_gdp_pct"]]
    student = (
        alt.Chart(milex)
        .mark_line()
        .encode(
            x="year:Q",
            y="share_of_gdp_pct:Q",
            color="country:N",
            tooltip=["country", alt.Tooltip("share_of_gdp_pct:Q", title="% of GDP")],
        )
    )
    frame = charts.chart_table(student).to_frame()
    assert list(frame.columns) == ["country", "% of GDP"]
    untipped = charts.chart_table(alt.Chart(milex).mark_line().encode(x="year:Q"))
    assert list(untipped.to_frame().columns) == ["country", "year", "share_of_gdp_pct"]
    assert untipped.caption == "The numbers behind the chart"


def test_chart_table_escapes_text_from_the_data():
    import altair as alt

    data = pd.DataFrame({"name": ["<script>alert(1)</script>"], "value": [1]})
    chart = alt.Chart(data, title="<b>t</b>").mark_point().encode(tooltip=["name", "value"])
    html = charts.chart_table(chart)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<caption>&lt;b&gt;t&lt;/b&gt;</caption>" in html


@pytest.mark.parametrize("given", [GOODS, "chart", None, {"mark": "line"}])
def test_chart_table_refuses_what_is_not_a_chart(given):
    with pytest.raises(TypeError, match=r"^chart_table expects an Altair chart"):
        charts.chart_table(given)


def test_chart_table_of_a_chart_without_data_of_its_own_says_so():
    import altair as alt

    with pytest.raises(ValueError, match="holds no data of its own"):
        charts.chart_table(alt.Chart("data.csv").mark_point().encode(x="a:Q"))


@pytest.mark.parametrize(
    ("values", "gap"),
    [([1.0, 1.1, 5.0], 0.5), ([3.0, 3.0, 3.0, 3.0], 1.0), ([5.0], 2.0), ([2.0, 1.0, 1.05], 0.3)],
)
def test_end_labels_are_spread_apart_in_their_order(values, gap):
    placed = charts._spread(values, gap)
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    ys = [placed[i] for i in order]
    assert all(b - a >= gap - 1e-6 for a, b in itertools.pairwise(ys))
    assert sum(placed) == pytest.approx(sum(values))  # nudged around the middle, not shifted
