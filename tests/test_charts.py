"""Chart helpers check their input first and say which dataset they expect (issue 8 item 9)."""

from __future__ import annotations

import inspect
import itertools
import json
import re

import pandas as pd
import pytest

from usjapan_edu import charts, datasets
from usjapan_edu.charts._base import _spread

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
    """Load a dataset; ``"alliance_timeline:digital"`` keeps one domain (a short timeline)."""
    name, _, domain = name.partition(":")
    df = datasets.load(name)
    return df[df["domain"] == domain] if domain else df


HELPERS = {
    "timeline_chart": "alliance_timeline",
    "us_forces_chart": "us_forces_japan",
    "military_spending_chart": "military_expenditure",
    "defense_budget_chart": "japan_defense_budget",
    "host_nation_support_chart": "host_nation_support",
    "goods_trade_chart": "goods_trade",
    # notebooks 03 and 04
    "trade_balance_share_chart": "goods_trade",
    "tariff_schedule_chart": "tariffs",
    "us_tariff_chart": "tariffs",
    "fdi_position_chart": "fdi_position",
    "digital_provisions_chart": "digital_trade_provisions",
    # notebooks 05 and 06
    "membership_chart": "agreement_membership",
    "overlap_chart": "agreement_membership",
    "coverage_chart": "world_economy",
    "partner_rank_chart": "trade_partners",
    "partnership_chart": "security_partnerships",
    "labelled_events_chart": "alliance_timeline:digital",
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
    title = spec["title"]["text"]
    assert title.startswith("In 2023, China spent the most on the military and Japan the least")
    assert not re.search(r"\d+(\.\d+)? times", title)  # the exercise asks for the multiple


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
    placed = _spread(values, gap)
    order = sorted(range(len(values)), key=lambda i: (values[i], i))
    ys = [placed[i] for i in order]
    assert all(b - a >= gap - 1e-6 for a, b in itertools.pairwise(ys))
    assert sum(placed) == pytest.approx(sum(values))  # nudged around the middle, not shifted


# ---------------------------------------------------------------- notebooks 03 and 04


def _table(chart) -> pd.DataFrame:
    return charts.chart_table(chart).to_frame()


def test_trade_balance_share_divides_by_us_gdp_of_the_same_year():
    gdp = _load("world_economy")
    table = _table(charts.trade_balance_share_chart(GOODS, gdp=gdp))
    row = table[(table["Year"] == 1987) & table["Series"].str.startswith("U.S. balance")].iloc[0]
    census = GOODS[(GOODS.basis == "census") & (GOODS.year == 1987)]
    us_1987 = gdp[(gdp.iso3 == "USA") & (gdp.year == 1987)]["gdp_usd"].item()
    expected = 100 * census["us_balance_usd_bn"].item() / (us_1987 / 1e9)
    assert row["% of U.S. GDP"] == pytest.approx(expected, abs=1e-3)
    assert set(table["Year"]) <= set(gdp.loc[gdp.iso3 == "USA", "year"])  # no year without GDP


def test_trade_balance_share_names_the_gdp_dataset_it_needs():
    with pytest.raises(ValueError, match=r"expects the world_economy dataset"):
        charts.trade_balance_share_chart(GOODS, gdp=GOODS)
    with pytest.raises(ValueError, match=r"no year has both"):
        charts.trade_balance_share_chart(GOODS, gdp=_load("world_economy").query("iso3 == 'JPN'"))


def test_tariff_schedule_leaves_unsourced_years_as_a_gap():
    tariffs = _load("tariffs")
    spec = charts.tariff_schedule_chart(tariffs).to_dict()
    beef = tariffs[(tariffs["product"] == "beef") & (tariffs["measure"] == "agreement_schedule")]
    missing = set(beef.loc[beef["rate_pct"].isna(), "year"])
    assert missing  # the data leave JFY2028-2032 empty
    drawn = {r["year"] for rows in spec["datasets"].values() for r in rows if "series" in r}
    assert not missing & drawn, "an unsourced year must not be drawn (nor filled in)"
    assert "not found in the sources" in spec["description"]


def test_tariff_schedule_unknown_product_lists_the_products():
    with pytest.raises(ValueError, match=r"products with Japanese rates: \['beef'"):
        charts.tariff_schedule_chart(_load("tariffs"), product="rice")


def test_us_tariff_segments_end_when_a_later_rate_replaces_them():
    table = _table(charts.us_tariff_chart(_load("tariffs")))
    first = table[table["From"] == "2018-03-23"].iloc[0]
    assert (first["Rate"], first["Until"]) == ("+25%", "2022-04-01")  # replaced by the quota
    assert (table["Until"] == "still in force at the latest source read").sum() == 1
    cars = _table(charts.us_tariff_chart(_load("tariffs"), products=["passenger_cars"]))
    normal = cars[cars["Duty"] == "normal (MFN) duty"].iloc[0]
    # The normal duty stays under the extra Section 232 duty, until the all-in rate replaces it.
    assert normal["Until"] == "2025-09-16" and normal["From"].startswith("already in force")
    assert set(cars["Rate"]) == {"2.5%", "+25%", "15% all-in"}


def test_us_tariff_unknown_product_lists_the_products():
    with pytest.raises(ValueError, match=r"no U.S. rate for \['beef_jerky'\]"):
        charts.us_tariff_chart(_load("tariffs"), products="beef_jerky")


def test_fdi_position_keeps_two_sources_for_one_year_and_ranks_without_values():
    fdi = _load("fdi_position")
    table = _table(charts.fdi_position_chart(fdi))
    assert (table["Year"] == 2019).sum() == (fdi["year"] == 2019).sum() == 2
    rank_only = fdi[fdi["japan_position_in_us_usd_bn"].isna()]
    assert set(rank_only["year"]) <= set(table.loc[table["USD bn"].isna(), "Year"])


def test_digital_provisions_cells_say_their_strength_in_words():
    provisions = _load("digital_trade_provisions")
    chart = charts.digital_provisions_chart(provisions)
    spec = chart.to_dict()
    texts = [v for v in _views(spec) if v.get("mark", {}).get("type") == "text"]
    written = [r["cell"] for v in texts for r in _rows(spec, v)]
    assert len(written) == len(provisions)  # every cell has its words, on a dark or light fill
    words = set(charts.OBLIGATION_WORDS.values())
    assert all(any(c.startswith(w) for w in words) for c in written)
    dark = [v for v in texts if v["mark"].get("color") == "#FFFFFF"]
    assert {r["strength"] for v in dark for r in _rows(spec, v)} == {"binding"}
    binding = provisions[provisions["obligation"] == "binding"].groupby("agreement", observed=True)
    for agreement, n in binding.size().items():
        assert f"{agreement} {n}" in spec["description"].split("Binding where read:")[1]


# ---------------------------------------------------------------- notebooks 05 and 06


def test_membership_matrix_shows_every_status_but_non_members_and_names_the_shared_groupings():
    membership = _load("agreement_membership")
    chart = charts.membership_chart(membership)
    spec = chart.to_dict()
    table = charts.chart_table(chart).to_frame()
    drawn = membership[membership["status"].astype(str) != "non_member"]
    assert len(table) == len(drawn), "one cell per membership, application or withdrawal"
    assert "non_member" not in set(table["Status"])
    assert set(table["Status"]) == {
        charts.MEMBERSHIP_STATUS[s] for s in drawn["status"].astype(str).unique()
    }
    members = drawn[drawn["status"].astype(str).isin(charts.MEMBER_STATUSES)]
    us = set(members.loc[members.country == "United States", "agreement"].astype(str))
    japan = set(members.loc[members.country == "Japan", "agreement"].astype(str))
    for grouping in us & japan:
        assert grouping in spec["title"]["text"].split(";")[0]
    for grouping in japan - us:
        assert grouping in spec["title"]["text"].split(";")[1]
    # rows sorted by the number of memberships, most first
    (marks,) = [v for v in _views(spec) if v.get("mark", {}).get("type") == "point"]
    order = marks["encoding"]["y"]["sort"]
    counts = members.groupby("country").size().reindex(order).fillna(0)
    assert list(counts) == sorted(counts, reverse=True)


def test_overlap_counts_shared_members_and_sizes_on_the_diagonal():
    membership = _load("agreement_membership")
    table = charts.chart_table(charts.overlap_chart(membership)).to_frame()
    members = membership[membership["status"].astype(str).isin(charts.MEMBER_STATUSES)]
    who = members.groupby(members["agreement"].astype(str))["country"].apply(set)
    assert "TPP" not in set(table["Grouping"]), "the TPP never entered into force"
    for row in table.itertuples(index=False):
        assert row[2] == len(who[row[0]] & who[row[1]])
    diagonal = table[table["Grouping"] == table["Other grouping"]]
    assert dict(zip(diagonal["Grouping"], diagonal["Members in both"], strict=True)) == {
        g: len(s) for g, s in who.items()
    }
    everywhere = set.intersection(*who.tolist())
    spec = charts.overlap_chart(membership).to_dict()
    assert f"Only {', '.join(sorted(everywhere))} belong" in spec["description"]


def test_coverage_divides_by_the_world_row_and_names_members_without_data():
    economy, membership = _load("world_economy"), _load("agreement_membership")
    table = charts.chart_table(charts.coverage_chart(economy, membership=membership)).to_frame()
    in_2023 = economy[economy["year"] == 2023]
    world = in_2023.loc[in_2023["iso3"] == "WLD", "gdp_usd"].item()
    cptpp = membership[
        (membership["agreement"] == "CPTPP")
        & membership["status"].astype(str).isin(charts.MEMBER_STATUSES)
    ]
    expected = 100 * in_2023.loc[in_2023["iso3"].isin(cptpp["iso3"]), "gdp_usd"].sum() / world
    row = table[(table["Grouping"] == "CPTPP") & (table["Measure"] == "share of world GDP")]
    assert row["Per cent of world"].item() == pytest.approx(expected, abs=0.05)
    apec = table[table["Grouping"] == "APEC"]
    assert set(apec["Members without World Bank data"]) == {"Taiwan, China"}
    assert len(table) == 2 * table["Grouping"].nunique()


def test_coverage_checks_its_second_dataset_and_the_year():
    economy = _load("world_economy")
    with pytest.raises(ValueError, match=r"^coverage_chart expects the agreement_membership"):
        charts.coverage_chart(economy, membership=_load("tariffs"))
    with pytest.raises(ValueError, match=r"no World total for 1990; choose a year from \[2000"):
        charts.coverage_chart(economy, year=1990)
    spec = charts.coverage_chart(economy, year=2010).to_dict()
    assert "in 2010" in spec["description"]


def test_partner_rank_marks_the_claimed_rank_with_rank_one_on_top():
    trade = _load("trade_partners")
    spec = charts.partner_rank_chart(trade, claimed=4).to_dict()
    rules = [v for v in _views(spec) if v.get("mark", {}).get("type") == "rule"]
    assert [r["rank"] for v in rules for r in _rows(spec, v)] == [4]
    y = next(v["encoding"]["y"] for v in _views(spec) if v.get("mark", {}).get("type") == "point")
    assert y["scale"]["reverse"] is True
    table = charts.chart_table(charts.partner_rank_chart(trade)).to_frame()
    ranked = trade[(trade.reporter == "United States") & (trade.partner == "Japan")]
    assert set(table["Rank"]) == set(ranked["rank"].dropna().astype(int))
    assert "rank 4, the rank claimed" in spec["description"]


def test_partner_rank_for_a_pair_the_data_do_not_rank_says_which_they_do():
    with pytest.raises(ValueError, match=r"no ranked row for Canada among Japan's partners; the "):
        charts.partner_rank_chart(_load("trade_partners"), reporter="Japan", partner="Canada")


def test_partner_ranks_of_goods_and_services_are_hollow_not_only_another_colour():
    spec = charts.partner_rank_chart(_load("trade_partners"), claimed=4).to_dict()
    (dots,) = [v for v in spec["layer"] if v["mark"]["type"] == "point"]
    assert dots["mark"]["filled"] is False  # the outline always shows
    opacity = dots["encoding"]["fillOpacity"]["scale"]
    fill_of = dict(zip(opacity["domain"], opacity["range"], strict=True))
    rows = _rows(spec, dots)
    scopes = {r["scope"]: fill_of[r["counted"]] for r in rows}
    assert scopes["goods"] > 0.5
    assert scopes["goods and services"] == 0 and scopes["unspecified"] == 0
    assert "hollow" in " ".join(spec["title"]["subtitle"]) and "hollow" in spec["description"]


def test_most_goods_tariffs_keep_added_and_all_in_rates_apart_and_the_plan_a_plan():
    chart = charts.us_tariff_chart(_load("tariffs"), products=["most_goods"])
    spec = chart.to_dict()
    assert "15% all-in" in spec["title"]["text"]  # the agreement period is in the title
    panels = [p["layer"][0]["encoding"]["y"]["title"] for p in spec["vconcat"]]
    assert panels == ["All-in or whole duty (%)", "Added on top of the normal duty (%)"]
    for part in spec["vconcat"]:
        rows = _rows(spec, part["layer"][0] if "data" in part["layer"][0] else part)
        kinds = {r["kind"] for r in rows}
        assert len(kinds) == 1, "one basis per panel"
    table = _table(chart)
    surcharge = table[table["Duty"] == "Section 122 surcharge"].iloc[0]
    assert surcharge["Until"].startswith("scheduled to end 2026-07-24")
    assert "scheduled" in spec["description"] and "not one scale" in " ".join(
        spec["title"]["subtitle"]
    )
    # a single basis stays one panel, and an ended rate is not called a plan
    steel = charts.us_tariff_chart(_load("tariffs")).to_dict()
    assert "vconcat" not in steel and "scheduled to end" not in steel["description"]


def test_overlap_headline_names_every_pair_that_ties():
    membership = _load("agreement_membership")
    title = charts.overlap_chart(membership).to_dict()["title"]["text"]
    assert "APEC and RCEP" in title and "APEC and IPEF" in title and "tie" in title


def test_labelled_events_chart_writes_each_events_date_and_title_beside_its_dot():
    timeline = _load("alliance_timeline")
    some = timeline[timeline["domain"] == "digital"]
    spec = charts.labelled_events_chart(some).to_dict()
    labels = _rows(spec, spec)
    assert [r["event"] for r in labels] == [
        f"{pd.Timestamp(d):%Y-%m-%d}  {t}" for d, t in zip(some["date"], some["title"], strict=True)
    ]
    assert spec["encoding"]["y"]["field"] == "event" and "shape" in spec["encoding"]
    with pytest.raises(ValueError, match="too many to label"):
        charts.labelled_events_chart(timeline)


def test_partnership_chart_marks_each_milestone_by_shape_and_measures_the_wait():
    partnerships = _load("security_partnerships")
    chart = charts.partnership_chart(partnerships)
    spec = chart.to_dict()
    table = _table(chart)
    dated = table.dropna(subset=["Date"])
    assert len(dated) == len(partnerships)  # every milestone is a mark with its date
    assert set(dated["Milestone"]) == {"signed", "in force", "first leaders' meeting"}
    assert "19 months" in " ".join(table["Wait"].dropna())  # Australia: Jan 2022 -> Aug 2023
    points = [v for v in spec["layer"] if v["mark"]["type"] == "point"]
    assert points and "shape" in points[0]["encoding"]
    with pytest.raises(ValueError, match="expects the security_partnerships dataset"):
        charts.partnership_chart(_load("agreement_membership"))


def test_provisions_headline_counts_what_was_read_not_legal_strength():
    spec = charts.digital_provisions_chart(_load("digital_trade_provisions")).to_dict()
    title = spec["title"]["text"]
    assert title.startswith("Wording read for") and "unknown, not weak" in title
    assert "Binding digital-trade rules" not in title
    assert any("DTA's own articles" in line for line in spec["title"]["subtitle"])
