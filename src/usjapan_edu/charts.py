"""Altair chart builders for the course. Each returns an ``alt.Chart``; none displays or saves.

Charts carry a title that says what to see, tooltips, a colour-blind-safe palette with
distinct stroke dashes (never colour alone), and a ``description`` that screen readers announce.
The optional theme ``usjapan_edu`` is registered but not enabled:
``alt.theme.enable("usjapan_edu")``.

Examples
--------
>>> from usjapan_edu import datasets, charts
>>> chart = charts.goods_trade_chart(datasets.load("goods_trade"))
>>> chart.to_dict()["description"].startswith("Line chart")
True
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

__all__ = [
    "PALETTE",
    "ChartTable",
    "chart_table",
    "defense_budget_chart",
    "goods_trade_chart",
    "host_nation_support_chart",
    "military_spending_chart",
    "timeline_chart",
    "us_forces_chart",
]

#: Okabe–Ito colours (safe for the common forms of colour-vision deficiency).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
#: Stroke dash patterns paired with ``PALETTE`` (solid, dashed, dotted, dash-dot, long dash).
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4]]
#: Point shapes paired with ``PALETTE``, so a series is told apart without colour.
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"]
_SYMBOLS = {"circle": "●", "square": "■", "triangle-up": "▲", "diamond": "◆", "cross": "✚"}


def _theme() -> alt.theme.ThemeConfig:
    return alt.theme.ThemeConfig(
        config={
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 13},
            "legend": {"labelFontSize": 12, "titleFontSize": 13},
            "title": {"fontSize": 15, "anchor": "start"},
        }
    )


alt.theme.register("usjapan_edu", enable=False)(_theme)


def _check_input(
    df: object,
    chart: str,
    dataset: str,
    columns: Sequence[str],
    numeric: Sequence[str] = (),
) -> pd.DataFrame:
    """Return ``df`` if it can feed ``chart``; else raise an error naming what it expects.

    Every chart helper calls this first, so a wrong argument (another dataset, a file name,
    a column turned into text) gets one sentence naming the dataset to load instead of a
    ``KeyError`` from deep inside pandas or Altair.

    Raises
    ------
    TypeError
        If ``df`` is not a pandas DataFrame.
    ValueError
        If ``df`` lacks any of ``columns``, a ``numeric`` column holds no numbers, or
        ``df`` has no rows.

    Examples
    --------
    >>> _check_input(pd.DataFrame({"year": [2020]}), "x_chart", "goods_trade", ["year", "basis"])
    Traceback (most recent call last):
    ...
    ValueError: x_chart expects the goods_trade dataset (datasets.load('goods_trade')); the data given lacks column basis

    """  # noqa: E501
    expects = f"{chart} expects the {dataset} dataset (datasets.load({dataset!r}))"
    if not isinstance(df, pd.DataFrame):
        shown = " ".join(repr(df).split())  # one line
        shown = shown if len(shown) <= 40 else f"{shown[:40]}…"
        given = (
            "None"
            if df is None
            else "a Series (pass the whole table, not one column)"
            if isinstance(df, pd.Series)
            else f"a {type(df).__name__}: {shown}"
        )
        msg = f"{expects}, a pandas DataFrame; it was given {given}"
        raise TypeError(msg)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        noun = "column" if len(missing) == 1 else "columns"
        msg = f"{expects}; the data given lacks {noun} {', '.join(map(str, missing))}"
        raise ValueError(msg)
    text = [c for c in numeric if not pd.api.types.is_numeric_dtype(df[c].dtype)]
    if text:
        noun = "column" if len(text) == 1 else "columns"
        msg = (
            f"{expects}; in the data given, {noun} {', '.join(text)} "
            f"{'holds' if len(text) == 1 else 'hold'} {df[text[0]].dtype} values, not numbers "
            "(reload the dataset, or convert with pandas.to_numeric)"
        )
        raise ValueError(msg)
    if df.empty:
        msg = f"{expects}; the data given has no rows"
        raise ValueError(msg)
    return df


def goods_trade_chart(
    df: pd.DataFrame, *, basis: str = "census", width: int = 560, height: int = 300
) -> alt.LayerChart:
    """Line chart of U.S. goods exports to, imports from, and balance with Japan by year.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``goods_trade`` dataset (``datasets.load("goods_trade")``).
    basis : str, keyword-only
        Which series to draw (rows with this ``basis``); default Census basis.
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Three lines told apart by colour, dash pattern *and* a label at each line's end,
        with tooltips.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``goods_trade`` dataset (the message names the missing columns),
        or holds no figures for ``basis``.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = goods_trade_chart(datasets.load("goods_trade")).to_dict()
    >>> spec["layer"][0]["encoding"]["x"]["type"]
    'quantitative'
    """
    labels = {
        "us_exports_usd_bn": "U.S. exports to Japan",
        "us_imports_usd_bn": "U.S. imports from Japan",
        "us_balance_usd_bn": "U.S. balance (exports − imports)",
    }
    _check_input(df, "goods_trade_chart", "goods_trade", ["year", "basis", *labels],
                 numeric=["year", *labels])  # fmt: skip
    rows = df[df["basis"] == basis]
    if rows[list(labels)].isna().all().all():
        with_figures = df[df[list(labels)].notna().any(axis=1)]
        known = sorted(with_figures["basis"].dropna().astype(str).unique())
        msg = f"no goods_trade figures with basis {basis!r}; choose one of {known}"
        raise ValueError(msg)
    long = (
        rows[["year", *labels]]
        .assign(year=lambda d: d["year"].astype("int64"))
        .melt("year", var_name="series", value_name="usd_bn")
        .dropna(subset=["usd_bn"])
        .assign(series=lambda d: d["series"].map(labels))
    )
    first, last = int(long["year"].min()), int(long["year"].max())
    balance = rows["us_balance_usd_bn"].dropna()
    deficits = int((balance < 0).sum())
    headline = (
        "U.S. goods trade with Japan"
        if balance.empty
        else "The U.S. bought more goods from Japan than it sold there in every year shown"
        if deficits == len(balance)
        else f"The U.S. ran a goods deficit with Japan in {deficits} of {len(balance)} years"
    )
    lowest = ""
    if not balance.empty:
        worst = rows.loc[balance.idxmin()]
        lowest = (
            f" The balance is lowest, {worst['us_balance_usd_bn']:.1f} billion, "
            f"in {int(worst['year'])}."
        )
    description = (
        f"Line chart of U.S. goods trade with Japan, {first} to {last}, in billions of current "
        f"U.S. dollars ({basis} basis), with three lines: exports, imports and the balance. "
        f"{headline}.{lowest}"
    )
    order = list(labels.values())
    colour = alt.Color("series:N", sort=order, scale=alt.Scale(range=PALETTE[:3]), legend=None)
    base = alt.Chart(long, width=width, height=height).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d")),
        y=alt.Y("usd_bn:Q", title="USD billion (current)"),
        color=colour,
    )
    lines = base.mark_line(point=True, strokeWidth=2).encode(
        strokeDash=alt.StrokeDash(
            "series:N", sort=order, scale=alt.Scale(range=[[1, 0], [6, 3], [2, 2]]), legend=None
        ),
        tooltip=[
            alt.Tooltip("year:Q", format="d", title="Year"),
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("usd_bn:Q", format=",.1f", title="USD bn"),
        ],
    )
    # Each line is named at its right end (direct labels: no legend, no reliance on colour).
    labels_layer = base.mark_text(align="left", dx=6, fontSize=12).encode(
        x="max(year):Q",
        y=alt.Y("usd_bn:Q", aggregate={"argmax": "year"}),
        text="series:N",
    )
    return alt.layer(lines, labels_layer).properties(
        title=alt.Title(
            headline,
            subtitle=f"U.S. goods trade with Japan, {first}–{last} ({basis} basis). "
            "Source: U.S. Census Bureau.",
        ),
        description=description,
    )


# ---------------------------------------------------------------- shared pieces


def _spread(values: Sequence[float], gap: float) -> list[float]:
    """Return ``values`` nudged apart so that neighbours are at least ``gap`` apart.

    Used to place direct labels at the end of lines without overlaps; order is kept.

    Examples
    --------
    >>> _spread([1.0, 1.1, 5.0], 0.5)
    [0.8, 1.3, 5.0]
    """
    if not values:
        return []
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [float(values[i]) for i in order]
    for _ in range(50):  # a few passes settle any cluster
        moved = False
        for k in range(1, len(placed)):
            overlap = gap - (placed[k] - placed[k - 1])
            if overlap > 1e-9:
                placed[k - 1] -= overlap / 2
                placed[k] += overlap / 2
                moved = True
        if not moved:
            break
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = round(placed[k], 6)
    return out


def _segments(years: pd.Series, breaks: Sequence[int] = ()) -> pd.Series:
    """Return a run number per year: a gap or a break year starts a new run (years sorted).

    Lines are drawn per run (Altair ``detail``), so a missing year or a change of definition
    shows as a gap in the line instead of a straight line across it.
    """
    years = years.astype("int64")
    previous = years.shift()
    crossing = pd.Series(False, index=years.index)
    for b in breaks:
        crossing |= (previous < b) & (years >= b)
    new_run = (years - previous).ne(1) | crossing
    return new_run.cumsum().astype("int64")


def _end_labels(
    long: pd.DataFrame, x: str, y: str, series: str, *, span: float, height: int
) -> pd.DataFrame:
    """Return one label row per series, level with the series' last point.

    ``label_y`` is spread so that labels never overlap; ``label_x`` is the last ``x`` of all
    series, so the labels line up to the right of the lines.
    """
    last = long.sort_values(x).groupby(series, observed=True).tail(1).reset_index(drop=True)
    gap = span * 15 / max(height, 1)
    return last.assign(label_y=_spread(list(last[y]), gap), label_x=long[x].max())


def _span(values: pd.Series, *, floor: float | None = 0.0) -> float:
    low = min(float(values.min()), floor) if floor is not None else float(values.min())
    return max(float(values.max()) - low, 1e-9)


def _legend_free_colour(field: str, order: Sequence[str]) -> alt.Color:
    return alt.Color(
        field,
        sort=list(order),
        scale=alt.Scale(domain=list(order), range=PALETTE[: len(order)]),
        legend=None,
    )


def _dash(field: str, order: Sequence[str]) -> alt.StrokeDash:
    return alt.StrokeDash(
        field,
        sort=list(order),
        scale=alt.Scale(domain=list(order), range=DASHES[: len(order)]),
        legend=None,
    )


def _shape(field: str, order: Sequence[str]) -> alt.Shape:
    return alt.Shape(
        field,
        sort=list(order),
        scale=alt.Scale(domain=list(order), range=SHAPES[: len(order)]),
        legend=None,
    )


# ---------------------------------------------------------------- 01: the alliance at a glance

#: Display order of the timeline's domains (the op-ed's order: strong first, lagging last).
TIMELINE_DOMAINS = ("security", "diplomacy", "trade", "digital")


def timeline_chart(df: pd.DataFrame, *, width: int = 620, height: int = 190) -> alt.Chart:
    """Dot timeline of alliance milestones, one row per domain, filterable by domain.

    A drop-down menu under the chart (an Altair selection bound to a ``<select>``) keeps one
    domain or all; hovering a dot shows its date, title, description and source.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``alliance_timeline`` dataset (``datasets.load("alliance_timeline")``).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.Chart
        Dots told apart by row (each domain is labelled on the axis), colour *and* shape.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``alliance_timeline`` dataset, or no row has a date and a domain.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = timeline_chart(datasets.load("alliance_timeline")).to_dict()
    >>> spec["params"][0]["bind"]["input"]
    'select'
    """
    _check_input(
        df, "timeline_chart", "alliance_timeline", ["date", "domain", "title", "source_url"]
    )
    keep = [c for c in ("date", "domain", "title", "description", "source_url") if c in df]
    data = df[keep].copy()
    data["date"] = pd.to_datetime(data["date"], errors="coerce")
    data = data.dropna(subset=["date", "domain"])
    if data.empty:
        msg = "timeline_chart: no row of the data given has both a date and a domain"
        raise ValueError(msg)
    data["domain"] = data["domain"].astype(str)
    present = set(data["domain"])
    domains = [d for d in TIMELINE_DOMAINS if d in present] + sorted(
        present - set(TIMELINE_DOMAINS)
    )
    data = data.sort_values("date")
    first, last = data["date"].dt.year.min(), data["date"].dt.year.max()
    counts = data["domain"].value_counts()
    # Dates as ISO text: exact, small, and shown as written (no time-zone shift in tooltips).
    data["date"] = data["date"].dt.strftime("%Y-%m-%d")
    if "description" not in data:
        data["description"] = ""
    top = counts.idxmax()
    headline = f"{top.capitalize()} has the most milestones: {counts[top]} of {len(data)} events"
    per_domain = ", ".join(f"{d} {counts[d]}" for d in domains)
    description = (
        f"Timeline of {len(data)} milestones of the U.S.–Japan alliance from {first} to {last}, "
        f"one row of dots per domain ({per_domain}). {headline}. A menu below the chart "
        "shows one domain at a time; each dot's tooltip gives the date, title, a description "
        "and the source."
    )
    pick = alt.selection_point(
        name="domain_menu",
        fields=["domain"],
        bind=alt.binding_select(
            options=[None, *domains], labels=["all domains", *domains], name="Show domain: "
        ),
    )
    return (
        alt.Chart(data, width=width, height=height)
        .mark_point(filled=True, size=110, opacity=0.85)
        .encode(
            x=alt.X(
                "date:T",
                title="Date",
                scale=alt.Scale(type="utc"),
                axis=alt.Axis(format="%Y", formatType="utc"),
            ),
            y=alt.Y("domain:N", sort=domains, title=None, axis=alt.Axis(labelFontSize=13)),
            color=_legend_free_colour("domain:N", domains),
            shape=_shape("domain:N", domains),
            tooltip=[
                alt.Tooltip("date:N", title="Date"),
                alt.Tooltip("domain:N", title="Domain"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("description:N", title="What happened"),
                alt.Tooltip("source_url:N", title="Source"),
            ],
        )
        .add_params(pick)
        .transform_filter(pick)
        .properties(
            title=alt.Title(
                headline,
                subtitle=f"U.S.–Japan alliance milestones by domain, {first}–{last}. "
                "Choose a domain in the menu below; hover over a dot for its source.",
            ),
            description=description,
        )
    )


#: What each ``basis`` of ``us_forces_japan`` counts, as shown on the chart.
FORCE_SERIES = {
    "dmdc_country_year": "Annual figure (DMDC compilation)",
    "dmdc_report": "One DMDC report a year (active duty only)",
    "usfj_statement": "Statement by U.S. Forces Japan",
}
#: Quality flags that take a figure off the line (drawn as ✕ instead), with what they mean.
FORCE_FLAGS = {
    "implausible_spike": "flagged: a reporting artefact, not a real change",
    "aggregate_suspected": "flagged: may include forces passing through for the Korean War",
}
_FLAG_WORDS = {
    "ok": "",
    "branch_mismatch": "service totals do not add up to this figure",
    "no_dmdc_report": "carried over from an older compilation",
}


def us_forces_chart(
    df: pd.DataFrame, *, break_year: int = 2008, width: int = 500, height: int = 320
) -> alt.LayerChart:
    """Line chart of U.S. military personnel in Japan, with the definition breaks shown.

    Each way of counting (``basis``) is its own line. A line stops where a year is missing
    and at ``break_year``, when the counts start to include sailors of ships based in Japan
    (a dashed rule says so); figures flagged as unreliable are drawn as ✕, off the line.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``us_forces_japan`` dataset (``datasets.load("us_forces_japan")``).
    break_year : int, keyword-only
        First year counted the new way (2008 in the DMDC data).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Lines told apart by colour, dash pattern and a label at each line's end.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``us_forces_japan`` dataset or holds no count.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = us_forces_chart(datasets.load("us_forces_japan")).to_dict()
    >>> "2008" in spec["description"]
    True
    """
    _check_input(
        df,
        "us_forces_chart",
        "us_forces_japan",
        ["year", "active_duty_personnel", "basis", "quality_flag"],
        numeric=["year", "active_duty_personnel"],
    )
    rows = df.dropna(subset=["year", "active_duty_personnel"])
    rows = rows[rows["basis"].astype(str).isin(FORCE_SERIES)]
    if rows.empty:
        msg = f"us_forces_chart: no count with a basis of {sorted(FORCE_SERIES)} in the data given"
        raise ValueError(msg)
    flag = rows["quality_flag"].astype("string").fillna("ok")
    data = pd.DataFrame(
        {
            "year": rows["year"].astype("int64"),
            "persons": rows["active_duty_personnel"].astype("int64"),
            "series": rows["basis"].astype(str).map(FORCE_SERIES),
            "flagged": flag.isin(FORCE_FLAGS).to_numpy(),
            "quality": [FORCE_FLAGS.get(f, _FLAG_WORDS.get(f, f)) for f in flag],
        }
    ).sort_values(["series", "year"])
    order = [s for s in FORCE_SERIES.values() if s in set(data["series"])]
    on_line = data[~data["flagged"]].copy()
    on_line["segment"] = on_line.groupby("series", group_keys=False)["year"].apply(
        lambda y: _segments(y, [break_year])
    )
    off_line = data[data["flagged"]].drop_duplicates("year")  # one ✕ label per year

    annual = on_line[on_line["series"] == FORCE_SERIES["dmdc_country_year"]]
    basis_for_story = annual if not annual.empty else on_line
    peak = basis_for_story.loc[basis_for_story["persons"].idxmax()]
    latest = basis_for_story.loc[basis_for_story["year"].idxmax()]
    first, last = int(data["year"].min()), int(data["year"].max())
    headline = (
        f"U.S. military personnel in Japan: about {round(int(peak.persons), -3):,} at the peak "
        f"({int(peak.year)}), about {round(int(latest.persons), -3):,} in {int(latest.year)}"
    )
    flagged_years = sorted(set(data.loc[data["flagged"], "year"]))
    description = (
        f"Line chart of U.S. military personnel in Japan, {first} to {last}, one line per way "
        f"of counting: {', '.join(order)}. {headline}. A dashed vertical rule marks "
        f"{break_year}, when the counts start to include sailors of ships based in Japan, so "
        "the rise after it is partly a change of definition; the lines stop there and where "
        "a year is missing."
        + (
            f" Figures flagged as unreliable, drawn as crosses off the line: "
            f"{', '.join(map(str, flagged_years))}."
            if flagged_years
            else ""
        )
    )
    span = _span(data["persons"])
    tooltip = [
        alt.Tooltip("year:Q", format="d", title="Year"),
        alt.Tooltip("series:N", title="Count"),
        alt.Tooltip("persons:Q", format=",d", title="Persons"),
        alt.Tooltip("quality:N", title="Quality note"),
    ]
    x = alt.X(
        "year:Q",
        title="Year",
        axis=alt.Axis(format="d", labelFlush=False),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y(
        "persons:Q", title="U.S. military personnel in Japan (persons)", axis=alt.Axis(format=",d")
    )
    colour = _legend_free_colour("series:N", order)
    lines = (
        alt.Chart(on_line)
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=_dash("series:N", order), detail="segment:N")
    )
    dots = (
        alt.Chart(on_line)
        .mark_point(filled=True, size=28)
        .encode(x=x, y=y, color=colour, shape=_shape("series:N", order), tooltip=tooltip)
    )
    crosses = (
        alt.Chart(data[data["flagged"]])
        .mark_point(shape="cross", size=110, filled=True, color="#333333")
        .encode(x=x, y=y, tooltip=tooltip)
    )
    cross_labels = (
        alt.Chart(off_line)
        .mark_text(align="left", dx=8, fontSize=11, color="#333333")
        .encode(x=x, y=y, text=alt.value("✕ flagged"))
    )
    ends = _end_labels(on_line, "year", "persons", "series", span=span, height=height)
    end_labels = (
        alt.Chart(ends)
        .mark_text(align="left", dx=10, fontSize=11)
        .encode(x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text="series:N", color=colour)
    )
    rule_data = pd.DataFrame(
        {"year": [break_year - 0.5], "text": [f"{break_year}: sailors on ships based in Japan"]}
    )
    rule = alt.Chart(rule_data).mark_rule(strokeDash=[4, 4], color="#555555").encode(x=x)
    rule_text = (
        alt.Chart(rule_data)
        .mark_text(align="right", baseline="top", dx=-4, y=4, fontSize=11, color="#333333")
        .encode(x=x, text="text:N")
    )
    return alt.layer(
        rule,
        rule_text,
        lines,
        dots,
        crosses,
        cross_labels,
        end_labels,
        width=width,
        height=height,
    ).properties(
        title=alt.Title(
            headline,
            subtitle=[
                f"Lines stop at a missing year and at {break_year}, when the way of counting "
                "changes; ✕ marks figures flagged as unreliable.",
                "Source: U.S. Defense Manpower Data Center (DMDC) via troopdata; U.S. Forces "
                "Japan.",
            ],
        ),
        description=description,
    )


# ---------------------------------------------------------------- 02: security

#: Measures of ``military_expenditure``: (unit, unit in words, scale to apply, number format).
MILEX_MEASURES = {
    "share_of_gdp_pct": ("% of GDP", "per cent of GDP", 1.0, ".2f"),
    "constant_2022_usd_m": (
        "USD billion, constant 2022 prices",
        "billion US dollars at constant 2022 prices",
        0.001,
        ",.1f",
    ),
    "current_usd_m": (
        "USD billion, current prices",
        "billion US dollars at current prices",
        0.001,
        ",.1f",
    ),
}


def _country(name: str) -> str:
    """Return a country's name as used in a sentence ("the United States")."""
    return f"the {name}" if name.startswith("United ") else name


def _times(ratio: float) -> str:
    return f"{ratio:.1f}" if ratio < 10 else f"{ratio:.0f}"


def military_spending_chart(
    df: pd.DataFrame,
    *,
    measure: str = "share_of_gdp_pct",
    countries: Sequence[str] | None = None,
    reference_lines: Sequence[float] | None = None,
    width: int = 520,
    height: int = 320,
) -> alt.LayerChart:
    """Line chart of military expenditure by country: a share of GDP or an amount in dollars.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``military_expenditure`` dataset (``datasets.load("military_expenditure")``).
    measure : str, keyword-only
        ``"share_of_gdp_pct"`` (default), ``"constant_2022_usd_m"`` or ``"current_usd_m"``;
        dollar amounts are drawn in billions.
    countries : list of str, keyword-only
        Countries to draw (default: every country in ``df``).
    reference_lines : list of float, keyword-only
        Horizontal lines to draw, in the measure's unit (default: 1 % and 2 % of GDP for the
        share, none for dollars).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        One line per country, told apart by colour, dash pattern and a label at its end.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``military_expenditure`` dataset, ``measure`` is unknown, or a
        country is not in the data.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> milex = datasets.load("military_expenditure")
    >>> spec = military_spending_chart(milex, countries=["Japan", "China"]).to_dict()
    >>> spec["title"]["text"].startswith("In 2023, China spent")
    True
    """
    if measure not in MILEX_MEASURES:
        msg = f"measure must be one of {sorted(MILEX_MEASURES)}; it was given {measure!r}"
        raise ValueError(msg)
    _check_input(
        df,
        "military_spending_chart",
        "military_expenditure",
        ["country", "year", measure],
        numeric=["year", measure],
    )
    unit, words, scale, fmt = MILEX_MEASURES[measure]
    axis_title = f"Military spending ({unit})"
    known = [str(c) for c in pd.unique(df["country"].dropna())]
    if countries is None:
        countries = known
    elif isinstance(countries, str):
        countries = [countries]
    unknown = [c for c in countries if c not in known]
    if unknown:
        msg = f"no military_expenditure rows for {unknown}; choose from {known}"
        raise ValueError(msg)
    rows = df[df["country"].astype(str).isin(countries)].dropna(subset=["year", measure])
    if rows.empty:
        msg = f"no {measure} figures for {list(countries)} in the data given"
        raise ValueError(msg)
    order = [c for c in countries if c in set(rows["country"].astype(str))]
    data = pd.DataFrame(
        {
            "country": rows["country"].astype(str),
            "year": rows["year"].astype("int64"),
            "value": (rows[measure].astype("float64") * scale).round(3),
        }
    ).sort_values(["country", "year"])
    data["segment"] = data.groupby("country", group_keys=False)["year"].apply(_segments)
    first, last = int(data["year"].min()), int(data["year"].max())
    at_last = data[data["year"] == data.groupby("country")["year"].transform("max")]
    latest_year = int(at_last["year"].min())
    final = data[data["year"] == latest_year].set_index("country")["value"]
    top, bottom = final.idxmax(), final.idxmin()
    if len(final) < 2:
        headline = f"{order[0]}: military spending in {words}, {first}–{last}"
    elif measure == "share_of_gdp_pct":
        headline = (
            f"In {latest_year}, {_country(top)} spent the largest share of its GDP on the "
            f"military ({final[top]:.1f} %), {_country(bottom)} the smallest "
            f"({final[bottom]:.1f} %)"
        )
    else:
        headline = (
            f"In {latest_year}, {_country(top)} spent {_times(final[top] / final[bottom])} times "
            f"as much as {_country(bottom)} on the military ({words.replace('billion ', '')})"
        )
    if reference_lines is None:
        reference_lines = (1.0, 2.0) if measure == "share_of_gdp_pct" else ()
    editions = ""
    if "source" in rows:
        years = sorted(
            {
                m
                for s in rows["source"].dropna().astype(str)
                for m in ("2024", "2025")
                if f"Database {m}" in s
            }
        )
        editions = f" ({' and '.join(years)} editions)" if len(years) > 1 else ""
    description = (
        f"Line chart of military expenditure in {words}, {first} to {last}, one line per "
        f"country: {', '.join(order)}. {headline}."
        + (
            " Horizontal reference lines at "
            + " and ".join(f"{v:g} %" for v in reference_lines)
            + " of GDP."
            if reference_lines and measure == "share_of_gdp_pct"
            else ""
        )
    )
    x = alt.X(
        "year:Q",
        title="Year",
        axis=alt.Axis(format="d", labelFlush=False),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y("value:Q", title=axis_title)
    colour = _legend_free_colour("country:N", order)
    tooltip = [
        alt.Tooltip("country:N", title="Country"),
        alt.Tooltip("year:Q", format="d", title="Year"),
        alt.Tooltip("value:Q", format=fmt, title=unit),
    ]
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=_dash("country:N", order), detail="segment:N")
    )
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=22)
        .encode(x=x, y=y, color=colour, shape=_shape("country:N", order), tooltip=tooltip)
    )
    span = _span(pd.concat([data["value"], pd.Series(list(reference_lines), dtype="float64")]))
    ends = _end_labels(data, "year", "value", "country", span=span, height=height)
    labels = (
        alt.Chart(ends)
        .mark_text(align="left", dx=8, fontSize=12)
        .encode(x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text="country:N", color=colour)
    )
    layers: list[alt.Chart] = [lines, dots, labels]
    if reference_lines:
        refs = pd.DataFrame(
            {
                "value": [float(v) for v in reference_lines],
                "text": [
                    f"{v:g} % of GDP" if measure == "share_of_gdp_pct" else f"{v:g}"
                    for v in reference_lines
                ],
                "year": first,
            }
        )
        # The lowest line's label sits above it, the others' below (clear of the data lines
        # that run just under 1 % and just over 2 % of GDP at the left of the chart).
        lowest = refs["value"] == refs["value"].min()
        layers[:0] = [
            alt.Chart(refs).mark_rule(strokeDash=[3, 3], color="#555555").encode(y=y),
            alt.Chart(refs[lowest])
            .mark_text(align="left", baseline="bottom", dx=2, dy=-3, fontSize=11, color="#333333")
            .encode(x=x, y=y, text="text:N"),
            alt.Chart(refs[~lowest])
            .mark_text(align="left", baseline="top", dx=2, dy=3, fontSize=11, color="#333333")
            .encode(x=x, y=y, text="text:N"),
        ]
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=f"Military expenditure, {unit}, {first}–{last}. "
            f"Source: SIPRI Military Expenditure Database{editions}.",
        ),
        description=description,
    )


#: Series of ``japan_defense_budget`` drawn by :func:`defense_budget_chart`.
BUDGET_SERIES = {
    "budget_incl_realignment_jpy_trn": "Including SACO & realignment costs",
    "budget_jpy_trn": "Excluding SACO & realignment costs",
    "security_related_jpy_trn": "Security-related total (2 % measure)",
}
_STAGE_WORDS = {
    "initial": "initial budget",
    "government_draft": "cabinet draft",
    "mixed": "initial budget and cabinet draft mixed",
    "unspecified": "stage not stated by the source",
    "plan": "plan level (Dec 2022), not a budget",
}


def defense_budget_chart(
    df: pd.DataFrame,
    *,
    include_plan: bool = True,
    strategy_year: int = 2023,
    width: int = 480,
    height: int = 320,
) -> alt.LayerChart:
    """Japan's defence budget in yen by fiscal year, with and without realignment costs.

    Draws the budget including and excluding SACO / U.S.-realignment costs and, where the
    data have it, the wider security-related total used for the 2 %-of-GDP goal. Plan
    levels (``budget_stage == "plan"``) are hollow circles off the lines, labelled "plan".

    Parameters
    ----------
    df : pandas.DataFrame
        The ``japan_defense_budget`` dataset (``datasets.load("japan_defense_budget")``).
    include_plan : bool, keyword-only
        Draw plan levels (default ``True``); ``False`` keeps actual budgets only.
    strategy_year : int, keyword-only
        First fiscal year of the December 2022 Defense Buildup Program (a dashed rule).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Lines told apart by colour, dash pattern and a label at each line's end.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``japan_defense_budget`` dataset or holds no budget figure.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = defense_budget_chart(datasets.load("japan_defense_budget")).to_dict()
    >>> spec["title"]["text"].startswith("Japan's defence budget")
    True
    """
    _check_input(
        df,
        "defense_budget_chart",
        "japan_defense_budget",
        ["fiscal_year", "budget_jpy_trn", "budget_incl_realignment_jpy_trn", "budget_stage"],
        numeric=["fiscal_year", "budget_jpy_trn", "budget_incl_realignment_jpy_trn"],
    )
    columns = [c for c in BUDGET_SERIES if c in df]
    stage = df["budget_stage"].astype("string").fillna("unspecified")
    long = (
        df.assign(stage=stage.to_numpy())[["fiscal_year", "stage", *columns]]
        .dropna(subset=["fiscal_year"])
        .melt(["fiscal_year", "stage"], var_name="series", value_name="jpy_trn")
        .dropna(subset=["jpy_trn"])
    )
    long = long.assign(
        fiscal_year=long["fiscal_year"].astype("int64"),
        series=long["series"].map(BUDGET_SERIES),
        stage=long["stage"].astype(str).map(lambda s: _STAGE_WORDS.get(s, s)),
        jpy_trn=long["jpy_trn"].astype("float64").round(4),
    ).sort_values(["series", "fiscal_year"])
    is_plan = long["stage"] == _STAGE_WORDS["plan"]
    actual, plan = long[~is_plan].copy(), long[is_plan]
    if actual.empty:
        msg = "defense_budget_chart: the data given hold no budget figure (only plan levels)"
        raise ValueError(msg)
    actual["segment"] = actual.groupby("series", group_keys=False)["fiscal_year"].apply(_segments)
    order = [s for s in BUDGET_SERIES.values() if s in set(long["series"])]
    main = BUDGET_SERIES["budget_incl_realignment_jpy_trn"]
    story = actual[actual["series"] == main].set_index("fiscal_year")["jpy_trn"]
    if story.empty:
        story = actual.groupby("fiscal_year")["jpy_trn"].max()
    y0 = 2022 if 2022 in story.index and story.index.max() > 2022 else int(story.index.min())
    y1 = int(story.index.max())
    change = (story[y1] / story[y0] - 1) * 100
    headline = (
        f"Japan's defence budget: ¥{story[y0]:.1f} trillion in FY{y0}, "
        f"¥{story[y1]:.1f} trillion in FY{y1} ({change:+.0f} %)"
    )
    shown = long if include_plan else actual
    first, last = int(shown["fiscal_year"].min()), int(shown["fiscal_year"].max())
    show_plan = include_plan and not plan.empty
    recent = actual[actual["fiscal_year"] > 2015]
    drafts = sorted(
        set(recent.loc[recent["stage"] == _STAGE_WORDS["government_draft"], "fiscal_year"])
    )
    description = (
        f"Line chart of Japan's defence budget in trillions of yen by fiscal year, FY{first} "
        f"to FY{last}: {'; '.join(order)}. {headline}, counting SACO and U.S.-realignment "
        f"costs. A dashed rule marks FY{strategy_year}, the first year of the five-year "
        "Defense Buildup Program of December 2022."
        + (
            " Hollow circles are plan levels, not budgets: "
            + "; ".join(
                f"FY{int(r.fiscal_year)} {r.series} about ¥{r.jpy_trn:.1f} trillion"
                for r in plan.itertuples()
            )
            + "."
            if include_plan and not plan.empty
            else ""
        )
    )
    x = alt.X(
        "fiscal_year:Q",
        title="Japanese fiscal year (April–March)",
        axis=alt.Axis(format="d", labelFlush=False),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y("jpy_trn:Q", title="JPY trillion (current prices)", scale=alt.Scale(zero=True))
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("fiscal_year:Q", format="d", title="Fiscal year"),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("jpy_trn:Q", format=",.2f", title="JPY trillion"),
        alt.Tooltip("stage:N", title="Stage"),
    ]
    lines = (
        alt.Chart(actual)
        .mark_line(strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=_dash("series:N", order), detail="segment:N")
    )
    dots = (
        alt.Chart(actual)
        .mark_point(filled=True, size=30)
        .encode(x=x, y=y, color=colour, shape=_shape("series:N", order), tooltip=tooltip)
    )
    ends = _end_labels(
        actual, "fiscal_year", "jpy_trn", "series", span=_span(long["jpy_trn"]), height=height
    )
    # Labels sit right of the last year drawn (plans included), level with each line's end.
    ends["label_x"] = int(shown["fiscal_year"].max())  # right of the plan points too
    labels = (
        alt.Chart(ends)
        .mark_text(align="left", dx=12, fontSize=11)
        .encode(x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text="series:N", color=colour)
    )
    rule_data = pd.DataFrame(
        {"fiscal_year": [strategy_year - 0.5], "text": ["Dec 2022 strategy →"]}
    )
    layers: list[alt.Chart] = [
        alt.Chart(rule_data).mark_rule(strokeDash=[4, 4], color="#555555").encode(x=x),
        alt.Chart(rule_data)
        .mark_text(align="right", baseline="top", dx=-4, y=4, fontSize=11, color="#333333")
        .encode(x=x, text="text:N"),
        lines,
        dots,
        labels,
    ]
    if include_plan and not plan.empty:
        layers += [
            alt.Chart(plan)
            .mark_point(shape="circle", filled=False, size=90, strokeWidth=2)
            .encode(x=x, y=y, color=colour, tooltip=tooltip),
            alt.Chart(plan.nlargest(1, "jpy_trn"))
            .mark_text(baseline="bottom", dy=-10, fontSize=11, color="#333333")
            .encode(x=x, y=y, text=alt.value("plan")),
        ]
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                f"Trillions of yen, FY{first}–FY{last}; the tooltip gives each figure's stage"
                + (f" (FY{', FY'.join(map(str, drafts))}: cabinet draft)" if drafts else "")
                + ("; hollow circles are plan levels, not budgets." if show_plan else "."),
                "Source: Ministry of Defense and Ministry of Finance of Japan, as cited per row.",
            ],
        ),
        description=description,
    )


#: Per-year host-nation support rows drawn by :func:`host_nation_support_chart`.
HNS_SERIES = {
    "hns_budget": "Budget for one fiscal year",
    "hns_annual_average": "Yearly average over an agreement",
}


def host_nation_support_chart(
    df: pd.DataFrame, *, width: int = 560, height: int = 260
) -> alt.LayerChart:
    """Japan's host-nation support per fiscal year: one year's budget, or an agreement's average.

    Only rows that hold a **per-year total** are drawn (``measure`` ``hns_budget`` or
    ``hns_annual_average`` with ``amount_per == "per_fiscal_year"``), so nothing is added up
    across different measures or bases. An agreement's yearly average is a bar across the
    fiscal years it covers; a one-year budget is a short bar with a square.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``host_nation_support`` dataset (``datasets.load("host_nation_support")``).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``host_nation_support`` dataset or holds no per-year total.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = host_nation_support_chart(datasets.load("host_nation_support")).to_dict()
    >>> spec["description"].startswith("Chart of Japan's host-nation support")
    True
    """
    _check_input(
        df,
        "host_nation_support_chart",
        "host_nation_support",
        ["fiscal_year_start", "fiscal_year_end", "measure", "amount_jpy_bn", "amount_per", "basis"],
        numeric=["fiscal_year_start", "fiscal_year_end", "amount_jpy_bn"],
    )
    keep = (
        df["measure"].astype(str).isin(HNS_SERIES)
        & (df["amount_per"].astype(str) == "per_fiscal_year")
        & df["amount_jpy_bn"].notna()
    )
    rows = df[keep]
    if rows.empty:
        msg = (
            "host_nation_support_chart: no per-year total in the data given (rows with measure "
            f"{' or '.join(HNS_SERIES)} and amount_per 'per_fiscal_year')"
        )
        raise ValueError(msg)
    agreement = (
        rows["agreement"].astype("string").fillna("not named")
        if "agreement" in rows
        else pd.Series("not named", index=rows.index)
    )
    data = pd.DataFrame(
        {
            "start": rows["fiscal_year_start"].astype("int64"),
            "end": rows["fiscal_year_end"].astype("int64"),
            "series": rows["measure"].astype(str).map(HNS_SERIES),
            "jpy_bn": rows["amount_jpy_bn"].astype("float64").round(1),
            "basis": rows["basis"].astype(str).str.replace("_", " "),
            "agreement": agreement.astype(str).to_numpy(),
        }
    ).sort_values(["start", "series"])
    data["years"] = [
        f"FY{s}" if s == e else f"FY{s}–FY{e}" for s, e in zip(data.start, data.end, strict=True)
    ]
    data["end_edge"] = data["end"] + 1
    data["middle"] = (data["start"] + data["end_edge"]) / 2
    order = [s for s in HNS_SERIES.values() if s in set(data["series"])]
    low, high = data["jpy_bn"].min(), data["jpy_bn"].max()
    first, last = int(data["start"].min()), int(data["end"].max())
    headline = (
        f"Japan's host-nation support: about ¥{low:,.0f}–{high:,.0f} billion a year, "
        f"FY{first}–FY{last}"
    )
    description = (
        f"Chart of Japan's host-nation support for U.S. forces per fiscal year, FY{first} to "
        f"FY{last}, in billions of yen: {len(data)} per-year totals, each a horizontal bar over "
        f"the years it covers ({'; '.join(order)}). {headline}."
    )
    x = alt.X(
        "start:Q",
        title="Japanese fiscal year (April–March)",
        axis=alt.Axis(format="d"),
        scale=alt.Scale(domain=[first, last + 1]),
    )
    y = alt.Y("jpy_bn:Q", title="JPY billion per year (current prices)", scale=alt.Scale(zero=True))
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("years:N", title="Fiscal years"),
        alt.Tooltip("series:N", title="What"),
        alt.Tooltip("jpy_bn:Q", format=",.1f", title="JPY billion per year"),
        alt.Tooltip("basis:N", title="Basis"),
        alt.Tooltip("agreement:N", title="Agreement"),
    ]
    bars = (
        alt.Chart(data)
        .mark_rule(strokeWidth=5)
        .encode(
            x=x,
            x2="end_edge:Q",
            y=y,
            color=colour,
            strokeDash=_dash("series:N", order),
            tooltip=tooltip,
        )
    )
    marks = (
        alt.Chart(data)
        .mark_point(filled=True, size=60)
        .encode(
            x=alt.X("middle:Q"), y=y, color=colour, shape=_shape("series:N", order), tooltip=tooltip
        )
    )
    labels = (
        alt.Chart(data)
        .mark_text(dy=-10, fontSize=10, color="#333333")
        .encode(x=alt.X("middle:Q"), y=y, text=alt.Text("jpy_bn:Q", format=",.0f"))
    )
    return alt.layer(bars, marks, labels, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                "Each bar spans the fiscal years its amount covers: "
                + "; ".join(f"{_SYMBOLS[SHAPES[i]]} {s.lower()}" for i, s in enumerate(order))
                + ".",
                "Source: Ministry of Foreign Affairs of Japan; U.S. Embassy Tokyo; news "
                "reports, as cited per row.",
            ],
        ),
        description=description,
    )


# ---------------------------------------------------------------- the numbers as a table


class ChartTable:
    """The numbers behind a chart: a table that screen readers and keyboards can reach.

    Shown in a notebook as a collapsed ``<details>`` element ("Show the numbers") holding an
    HTML table with a caption; as plain text elsewhere. ``to_frame()`` gives a DataFrame.
    """

    def __init__(self, frame: pd.DataFrame, caption: str) -> None:
        self._frame = frame
        self.caption = caption

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a new DataFrame."""
        return self._frame.copy()

    def __len__(self) -> int:
        return len(self._frame)

    def __repr__(self) -> str:
        with pd.option_context("display.max_rows", 500, "display.width", 120):
            body = self._frame.to_string(index=False)
        return f"{self.caption}\n{body}"

    def _repr_html_(self) -> str:
        import html

        table = self._frame.to_html(index=False, na_rep="—", border=0, escape=True)
        table = table.replace(
            ">", f"><caption>{html.escape(self.caption)}</caption>", 1
        )  # right after <table …>
        return (
            '<details class="usj-chart-table"><summary>Show the numbers as a table '
            f"({len(self._frame)} rows)</summary>{table}</details>"
        )


def _views(spec: dict, data: object = None):
    """Yield (view, data) for a spec and its layers / concatenated parts, data inherited."""
    data = spec.get("data", data)
    yield spec, data
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for part in spec.get(key, []) or []:
            yield from _views(part, data)


def chart_table(chart: object) -> ChartTable:
    """Return the numbers a chart shows on hover, as a table (hover-only values are not accessible).

    The columns are the chart's tooltip fields, titled as in the tooltips; rows repeated by
    several layers appear once.

    Parameters
    ----------
    chart : altair.Chart
        A chart, e.g. from one of the ``*_chart`` helpers of this module (any Altair chart
        with tooltips works).

    Returns
    -------
    ChartTable
        Displays as a collapsible table; ``.to_frame()`` gives a DataFrame.

    Raises
    ------
    TypeError
        If ``chart`` is not an Altair chart.
    ValueError
        If the chart holds no data of its own.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> chart = military_spending_chart(datasets.load("military_expenditure"))
    >>> list(chart_table(chart).to_frame().columns)
    ['Country', 'Year', '% of GDP']
    """
    if not isinstance(chart, alt.TopLevelMixin):
        shown = " ".join(repr(chart).split())[:40]
        msg = (
            "chart_table expects an Altair chart (e.g. charts.timeline_chart(df)); "
            f"it was given a {type(chart).__name__}: {shown}"
        )
        raise TypeError(msg)
    spec = chart.to_dict()
    stored = spec.get("datasets", {})

    def values(data: object) -> list | None:
        if not isinstance(data, dict):
            return None
        return stored.get(data.get("name")) if "name" in data else data.get("values")

    frames = []
    for view, data in _views(spec):
        rows = values(data)
        tips = view.get("encoding", {}).get("tooltip")
        if not rows or not tips:
            continue
        tips = tips if isinstance(tips, list) else [tips]
        fields = [
            (t["field"], t.get("title", t["field"]))
            for t in tips
            if isinstance(t, dict) and "field" in t and "aggregate" not in t
        ]
        frame = pd.DataFrame(rows)
        fields = [(f, title) for f, title in fields if f in frame]
        if fields:
            frames.append(frame[[f for f, _ in fields]].set_axis([t for _, t in fields], axis=1))
    if not frames:
        rows = next((values(d) for _, d in _views(spec) if values(d)), None)
        if not rows:
            msg = "chart_table: this chart holds no data of its own to show as a table"
            raise ValueError(msg)
        frames = [pd.DataFrame(rows)]
    table = pd.concat(frames, ignore_index=True).drop_duplicates(ignore_index=True)
    table = table.sort_values(list(table.columns[:2]), kind="stable", ignore_index=True)
    title = spec.get("title", "")
    caption = title.get("text", "") if isinstance(title, dict) else str(title)
    caption = " ".join(caption) if isinstance(caption, list) else caption
    return ChartTable(table, caption or "The numbers behind the chart")
