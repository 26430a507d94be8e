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


# ================================================================ 05 and 06 (issue 12)
# Helpers for notebooks 05-regional-architecture and 06-capstone. Added at the end of the
# module so that other notebooks' helpers above stay untouched; exported through ``__all__``
# below.

#: Statuses of ``agreement_membership`` shown in the membership matrix, as words on the chart,
#: with a shape each (so a status is never told by colour alone). ``non_member`` is left blank.
MEMBERSHIP_STATUS = {
    "founding_member": "member",
    "member": "member",
    "participant": "participant (not a member)",
    "signatory": "signed, never in force",
    "applicant": "applicant",
    "withdrawn": "withdrew",
}
_STATUS_SHAPES = {
    "member": "square",
    "participant (not a member)": "circle",
    "signed, never in force": "diamond",
    "applicant": "triangle-up",
    "withdrew": "cross",
}
#: Statuses that count as belonging to a grouping (for overlaps and coverage shares).
MEMBER_STATUSES = ("founding_member", "member")


def _groupings(df: pd.DataFrame) -> list[str]:
    """Return the groupings of ``agreement_membership`` in the dataset's own order."""
    column = df["agreement"]
    present = set(column.dropna().astype(str))
    categories = (
        [str(c) for c in column.cat.categories]
        if isinstance(column.dtype, pd.CategoricalDtype)
        else []
    )
    return [c for c in categories if c in present] + sorted(present - set(categories))


def _members(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of ``agreement_membership`` whose status makes the country a member."""
    return df[df["status"].astype(str).isin(MEMBER_STATUSES)]


def _and_list(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def membership_chart(
    df: pd.DataFrame, *, row_height: int = 15, column_width: int = 58
) -> alt.LayerChart:
    """Matrix of who belongs to what: one row per economy, one column per grouping.

    Each cell shows the economy's status in the grouping (member, applicant, signatory of the
    TPP that never entered into force, withdrawn, participant) by shape *and* colour, with the
    date the status began in the tooltip; a blank cell means not a member.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``agreement_membership`` dataset (``datasets.load("agreement_membership")``).
    row_height, column_width : int, keyword-only
        Size of one cell in pixels.

    Returns
    -------
    altair.LayerChart
        Economies sorted by how many groupings they belong to (most first).

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``agreement_membership`` dataset, or holds no status to draw.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = membership_chart(datasets.load("agreement_membership")).to_dict()
    >>> spec["description"].startswith("Matrix of")
    True
    """
    _check_input(df, "membership_chart", "agreement_membership", ["country", "agreement", "status"])
    rows = df[df["status"].astype(str).isin(MEMBERSHIP_STATUS)]
    if rows.empty:
        msg = "membership_chart: the data given hold no membership, application or withdrawal"
        raise ValueError(msg)
    groupings = _groupings(rows)
    since = (
        rows["date_text"].astype("string").fillna("—")
        if "date_text" in rows
        else pd.Series("—", index=rows.index)
    )
    data = pd.DataFrame(
        {
            "country": rows["country"].astype(str),
            "grouping": rows["agreement"].astype(str),
            "status": rows["status"].astype(str).map(MEMBERSHIP_STATUS),
            "since": since.astype(str).to_numpy(),
        }
    )
    counts = data[data["status"] == "member"].groupby("country").size()
    data["memberships"] = data["country"].map(counts).fillna(0).astype("int64")
    order = (
        data.drop_duplicates("country")
        .sort_values(["memberships", "country"], ascending=[False, True])["country"]
        .tolist()
    )
    statuses = [s for s in dict.fromkeys(MEMBERSHIP_STATUS.values()) if s in set(data.status)]
    members = data[data["status"] == "member"]
    sizes = members.groupby("grouping").size()
    both = {
        g
        for g in groupings
        if {"United States", "Japan"} <= set(members.loc[members.grouping == g, "country"])
    }
    only_japan = [
        g
        for g in groupings
        if g not in both and "Japan" in set(members.loc[members.grouping == g, "country"])
    ]
    if {"United States", "Japan"} <= set(data["country"]):
        shared = _and_list([g for g in groupings if g in both])
        headline = f"The United States and Japan are both in {shared}" + (
            f"; only Japan is in {_and_list(only_japan)}" if only_japan else ""
        )
    else:
        top = order[0]
        headline = f"{top} belongs to the most groupings shown ({counts.get(top, 0)})"
    description = (
        f"Matrix of {len(order)} economies (rows) and {len(groupings)} groupings (columns): "
        + "; ".join(
            f"{g} {int(sizes[g])} members" if g in sizes else f"{g} no member in force"
            for g in groupings
        )
        + f". {headline}. Each cell's shape and colour give the status "
        f"({', '.join(statuses)}); an empty cell means not a member. Rows are sorted by the "
        "number of groupings an economy belongs to."
    )
    colour = alt.Color(
        "status:N",
        sort=statuses,
        scale=alt.Scale(domain=statuses, range=PALETTE[: len(statuses)]),
        legend=alt.Legend(title="Status", orient="top"),
    )
    shape = alt.Shape(
        "status:N",
        sort=statuses,
        scale=alt.Scale(domain=statuses, range=[_STATUS_SHAPES[s] for s in statuses]),
        legend=alt.Legend(title="Status", orient="top"),
    )
    x = alt.X(
        "grouping:N",
        sort=groupings,
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12),
    )
    y = alt.Y("country:N", sort=order, title=None, axis=alt.Axis(labelFontSize=11))
    base = alt.Chart(data, width=column_width * len(groupings), height=row_height * len(order))
    grid = base.mark_rect(stroke="#dddddd", strokeWidth=0.5, fill="#ffffff").encode(x=x, y=y)
    marks = base.mark_point(filled=True, size=90, opacity=0.95).encode(
        x=x,
        y=y,
        color=colour,
        shape=shape,
        tooltip=[
            alt.Tooltip("country:N", title="Economy"),
            alt.Tooltip("grouping:N", title="Grouping"),
            alt.Tooltip("status:N", title="Status"),
            alt.Tooltip("since:N", title="Since"),
        ],
    )
    return alt.layer(grid, marks).properties(
        title=alt.Title(
            headline,
            subtitle=[
                "Who belongs to what. Shape and colour give the status; hover for the date it "
                "began. An empty cell: not a member.",
                "Source: agreement_membership (depositaries, foreign ministries and press, as "
                "cited per row).",
            ],
        ),
        description=description,
    )


def overlap_chart(df: pd.DataFrame, *, cell: int = 62) -> alt.LayerChart:
    """How many members each pair of groupings shares (a grouping against itself: its size).

    Only full members count (``status`` ``founding_member`` or ``member``), so the TPP, which
    never entered into force, has no row. The circle's area and the number in it give the
    count; the tooltip names the shared members.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``agreement_membership`` dataset (``datasets.load("agreement_membership")``).
    cell : int, keyword-only
        Size of one cell in pixels.

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``agreement_membership`` dataset, or lists no member.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> table = chart_table(overlap_chart(datasets.load("agreement_membership"))).to_frame()
    >>> int(table.query("Grouping == 'Quad' and `Other grouping` == 'Quad'")["Members in both"].item())
    4
    """  # noqa: E501
    _check_input(df, "overlap_chart", "agreement_membership", ["country", "agreement", "status"])
    members = _members(df)
    if members.empty:
        msg = "overlap_chart: the data given list no member (status founding_member or member)"
        raise ValueError(msg)
    groupings = _groupings(members)
    who = {
        g: set(members.loc[members["agreement"].astype(str) == g, "country"].astype(str))
        for g in groupings
    }
    records = []
    for a in groupings:
        for b in groupings:
            shared = sorted(who[a] & who[b])
            records.append(
                {
                    "grouping": a,
                    "other": b,
                    "shared": len(shared),
                    "kind": "members of the grouping" if a == b else "members in both",
                    "who": ", ".join(shared) if shared else "none",
                }
            )
    data = pd.DataFrame(records)
    pairs = data[data["grouping"] < data["other"]]
    pairs = pairs[pairs["grouping"] != pairs["other"]].sort_values(
        ["shared", "grouping", "other"], ascending=[False, True, True]
    )
    everywhere = sorted(set.intersection(*who.values())) if who else []
    if pairs.empty:
        headline = f"{groupings[0]} has {len(who[groupings[0]])} members"
    else:
        top = pairs.iloc[0]
        headline = f"{top['grouping']} and {top['other']} share the most members: {top['shared']}"
    description = (
        f"Matrix of {len(groupings)} groupings against each other: each cell gives the number of "
        "economies that are full members of both (on the diagonal, the grouping's size: "
        + "; ".join(f"{g} {len(who[g])}" for g in groupings)
        + f"). {headline}. "
        + (
            f"Only {_and_list(everywhere)} belong{'s' if len(everywhere) == 1 else ''} to all "
            f"{len(groupings)}."
            if everywhere
            else f"No economy belongs to all {len(groupings)}."
        )
    )
    kinds = ["members of the grouping", "members in both"]
    x = alt.X("other:N", sort=groupings, title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("grouping:N", sort=groupings, title=None)
    base = alt.Chart(data, width=cell * len(groupings), height=cell * len(groupings))
    tooltip = [
        alt.Tooltip("grouping:N", title="Grouping"),
        alt.Tooltip("other:N", title="Other grouping"),
        alt.Tooltip("shared:Q", title="Members in both"),
        alt.Tooltip("who:N", title="Who"),
    ]
    grid = base.mark_rect(stroke="#dddddd", strokeWidth=0.5, fill="#ffffff").encode(x=x, y=y)
    circles = base.mark_point(filled=True, opacity=0.35).encode(
        x=x,
        y=y,
        size=alt.Size("shared:Q", scale=alt.Scale(range=[0, cell * cell * 0.6]), legend=None),
        color=alt.Color(
            "kind:N", sort=kinds, scale=alt.Scale(domain=kinds, range=PALETTE[:2]), legend=None
        ),
        shape=alt.Shape(
            "kind:N",
            sort=kinds,
            scale=alt.Scale(domain=kinds, range=["square", "circle"]),
            legend=None,
        ),
        tooltip=tooltip,
    )
    numbers = base.mark_text(fontSize=14, fontWeight="bold", color="#222222").encode(
        x=x, y=y, text=alt.Text("shared:Q"), tooltip=tooltip
    )
    return alt.layer(grid, circles, numbers).properties(
        title=alt.Title(
            headline,
            subtitle=[
                "Full members that two groupings share; on the diagonal (squares), the size of "
                "the grouping. Hover for the names.",
                "Source: agreement_membership (depositaries, foreign ministries and press, as "
                "cited per row).",
            ],
        ),
        description=description,
    )


#: Measures of :func:`coverage_chart`: column of ``world_economy`` -> words on the chart.
COVERAGE_MEASURES = {"gdp_usd": "world GDP", "population": "world population"}


def coverage_chart(
    df: pd.DataFrame,
    *,
    membership: pd.DataFrame | None = None,
    year: int | None = None,
    width: int = 440,
    height: int = 300,
) -> alt.LayerChart:
    """Each grouping's share of world GDP and of world population in one year (bars).

    A grouping's members (``status`` ``founding_member`` or ``member`` in
    ``agreement_membership``, as listed today) are looked up in ``world_economy`` by ``iso3``;
    their GDP (current US dollars) and population are added up and divided by the World Bank's
    World total (``iso3 == "WLD"``). Members the World Bank does not list (Taiwan, in APEC) are
    left out and named in the tooltip, so such a share is a little too low.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``world_economy`` dataset (``datasets.load("world_economy")``).
    membership : pandas.DataFrame, keyword-only
        The ``agreement_membership`` dataset (default: loaded from the course data).
    year : int, keyword-only
        Year of the figures (default: the latest year with a World total).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Two bars per grouping (GDP, population) told apart by colour, bar position and the
        marker at the bar's end.

    Raises
    ------
    TypeError
        If ``df`` or ``membership`` is not a DataFrame.
    ValueError
        If they are not the datasets named, or ``year`` has no World total.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = coverage_chart(datasets.load("world_economy")).to_dict()
    >>> "share of world GDP" in spec["description"]
    True
    """
    _check_input(
        df, "coverage_chart", "world_economy", ["iso3", "year", *COVERAGE_MEASURES],
        numeric=["year", *COVERAGE_MEASURES],
    )  # fmt: skip
    if membership is None:
        from usjapan_edu import datasets

        membership = datasets.load("agreement_membership")
    _check_input(
        membership, "coverage_chart", "agreement_membership",
        ["country", "agreement", "status", "iso3"],
    )  # fmt: skip
    iso = df["iso3"].astype(str)
    world_rows = df[iso == "WLD"].dropna(subset=list(COVERAGE_MEASURES))
    if year is None:
        if world_rows.empty:
            msg = "coverage_chart: the data given have no World total (iso3 'WLD')"
            raise ValueError(msg)
        year = int(world_rows["year"].max())
    world = world_rows[world_rows["year"] == year]
    if world.empty:
        known = sorted(int(y) for y in world_rows["year"].unique())
        msg = f"coverage_chart: no World total for {year}; choose a year from {known}"
        raise ValueError(msg)
    keep = (df["year"] == year) & (iso != "WLD")
    in_year = df[keep].set_index(iso[keep])
    members = _members(membership)
    groupings = _groupings(members)
    records = []
    for g in groupings:
        rows = members[members["agreement"].astype(str) == g]
        codes = rows["iso3"].astype(str)
        found = [c for c in codes if c in in_year.index]
        missing = sorted(rows.loc[~codes.isin(found), "country"].astype(str))
        for column, words in COVERAGE_MEASURES.items():
            total = float(in_year.loc[found, column].astype("float64").sum())
            share = 100 * total / float(world[column].astype("float64").iloc[0])
            records.append(
                {
                    "grouping": g,
                    "measure": f"share of {words}",
                    "share": round(share, 1),
                    "counted": len(found),
                    "missing": ", ".join(missing) if missing else "none",
                }
            )
    data = pd.DataFrame(records)
    measures = [f"share of {w}" for w in COVERAGE_MEASURES.values()]
    gdp = data[data["measure"] == measures[0]].set_index("grouping")["share"]
    people = data[data["measure"] == measures[1]].set_index("grouping")["share"]
    top = gdp.idxmax()
    headline = f"In {year}, {top} members produced {gdp[top]:.0f} % of world GDP" + (
        f"; the CPTPP's {gdp['CPTPP']:.0f} %" if "CPTPP" in gdp and top != "CPTPP" else ""
    )
    missing_any = sorted({m for m in data["missing"] if m != "none"})
    description = (
        f"Bar chart of each grouping's share of world GDP and share of world population in "
        f"{year}, in per cent of the World Bank's World total: "
        + "; ".join(f"{g} {gdp[g]:.1f} % of GDP, {people[g]:.1f} % of people" for g in groupings)
        + f". {headline}."
        + (
            f" Members without World Bank figures are left out ({', '.join(missing_any)}), so "
            "those shares are slightly too low."
            if missing_any
            else ""
        )
    )
    y = alt.Y("grouping:N", sort=groupings, title=None, axis=alt.Axis(labelFontSize=12))
    x = alt.X(
        "share:Q", title=f"Per cent of the world total, {year}", scale=alt.Scale(domain=[0, 100])
    )
    colour = alt.Color(
        "measure:N",
        sort=measures,
        scale=alt.Scale(domain=measures, range=PALETTE[:2]),
        legend=alt.Legend(title=None, orient="top"),
    )
    tooltip = [
        alt.Tooltip("grouping:N", title="Grouping"),
        alt.Tooltip("measure:N", title="Measure"),
        alt.Tooltip("share:Q", format=".1f", title="Per cent of world"),
        alt.Tooltip("counted:Q", title="Members counted"),
        alt.Tooltip("missing:N", title="Members without World Bank data"),
    ]
    offset = alt.YOffset("measure:N", sort=measures)
    base = alt.Chart(data, width=width, height=height)
    bars = base.mark_bar(opacity=0.85).encode(
        x=x, y=y, yOffset=offset, color=colour, tooltip=tooltip
    )
    ends = base.mark_point(filled=True, size=45, color="#222222").encode(
        x=x,
        y=y,
        yOffset=offset,
        shape=alt.Shape(
            "measure:N",
            sort=measures,
            scale=alt.Scale(domain=measures, range=SHAPES[:2]),
            legend=alt.Legend(title=None, orient="top"),
        ),
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=7, fontSize=11).encode(
        x=x, y=y, yOffset=offset, text=alt.Text("share:Q", format=".1f")
    )
    return alt.layer(bars, ends, labels).properties(
        title=alt.Title(
            headline,
            subtitle=[
                f"Members as listed today, figures of {year}: GDP in current US dollars and "
                "population, as a share of the World Bank's World total.",
                "Source: World Bank, World Development Indicators; agreement_membership.",
            ],
        ),
        description=description,
    )


#: How :func:`partner_rank_chart` names a ranking: (measure, partner_grouping) -> words.
_RANK_SERIES = {
    ("total_trade", "country"): "total trade, country by country",
    ("total_trade", "eu_as_one"): "total trade, EU as one partner",
    ("exports", "country"): "exports, country by country",
    ("imports", "country"): "imports, country by country",
    ("total_trade", "asean_as_one"): "total trade, ASEAN as one partner",
    ("total_trade", "china_incl_hong_kong"): "total trade, China with Hong Kong",
}
#: A distinct shape for each kind of ranking (paired with ``PALETTE`` by position).
_RANK_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]


def _ordinal(n: int) -> str:
    """Return an ordinal number in English: ``1st``, ``2nd``, ``3rd``, ``4th``.

    Examples
    --------
    >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '21st']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def partner_rank_chart(
    df: pd.DataFrame,
    *,
    reporter: str = "United States",
    partner: str = "Japan",
    claimed: int | None = None,
    width: int = 520,
    height: int = 260,
) -> alt.LayerChart:
    """Where a partner ranks among a country's trading partners, year by year, by measure.

    Every ranked row of ``trade_partners`` for the reporter and partner is a dot (rank 1 at
    the top), coloured and shaped by what was ranked (total trade, exports, imports, with the
    EU or ASEAN counted as one partner or not); ``claimed`` draws the rank a claim gives as a
    dashed rule, so a reader sees in which years and on which measures the claim holds.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``trade_partners`` dataset (``datasets.load("trade_partners")``).
    reporter, partner : str, keyword-only
        Whose partners are ranked, and which partner to follow.
    claimed : int, keyword-only
        A rank to mark (e.g. the op-ed's "fourth-largest": 4).
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
        If ``df`` is not the ``trade_partners`` dataset, or ranks ``partner`` nowhere among
        ``reporter``'s partners.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = partner_rank_chart(datasets.load("trade_partners"), claimed=4).to_dict()
    >>> spec["description"].startswith("Dot chart of the rank of Japan")
    True
    """
    _check_input(
        df, "partner_rank_chart", "trade_partners",
        ["reporter", "partner", "year", "rank", "measure", "partner_grouping"],
        numeric=["year", "rank"],
    )  # fmt: skip
    rows = df[
        (df["reporter"].astype(str) == reporter) & (df["partner"].astype(str) == partner)
    ].dropna(subset=["year", "rank"])
    if rows.empty:
        pairs = df.dropna(subset=["rank"])[["reporter", "partner"]].astype(str).drop_duplicates()
        known = sorted(f"{r} → {p}" for r, p in pairs.itertuples(index=False))
        msg = (
            f"partner_rank_chart: no ranked row for {partner} among {reporter}'s partners; "
            f"the data rank {', '.join(known[:8])}"
        )
        raise ValueError(msg)

    def words(row: pd.Series) -> str:
        key = (str(row["measure"]), str(row["partner_grouping"]))
        return _RANK_SERIES.get(key, f"{key[0].replace('_', ' ')}, {key[1].replace('_', ' ')}")

    def text(column: str, default: str = "not stated") -> pd.Series:
        if column not in rows:
            return pd.Series(default, index=rows.index)
        return rows[column].astype("string").fillna(default).str.replace("_", " ")

    data = pd.DataFrame(
        {
            "year": rows["year"].astype("int64"),
            "rank": rows["rank"].astype("int64"),
            "series": rows.apply(words, axis=1),
            "scope": text("trade_scope"),
            "period": text("period"),
            "how": text("rank_basis"),
        }
    ).drop_duplicates()
    order = [s for s in dict.fromkeys(_RANK_SERIES.values()) if s in set(data["series"])]
    order += sorted(set(data["series"]) - set(order))
    first, last = int(data["year"].min()), int(data["year"].max())
    low, high = int(data["rank"].min()), int(data["rank"].max())
    latest = data[data["year"] == last]
    latest_ranks = sorted(set(latest["rank"]))
    ranks = f"{_ordinal(low)} to {_ordinal(high)}" if high != low else _ordinal(low)
    whose = "U.S." if reporter == "United States" else f"{reporter}'s"
    who = _country(partner)
    headline = (
        f"{who[0].upper()}{who[1:]} ranked {ranks} among {whose} trading partners, "
        f"{first}–{last}, by year and measure"
    )
    description = (
        f"Dot chart of the rank of {_country(partner)} among the trading partners of "
        f"{_country(reporter)}, "
        f"{first} to {last}, rank 1 at the top, one colour and shape per measure "
        f"({', '.join(order)}). {headline}. In {last}: rank "
        f"{' or '.join(map(str, latest_ranks))}."
        + (f" A dashed rule marks rank {claimed}, the rank claimed." if claimed else "")
    )
    y = alt.Y(
        "rank:Q",
        title=f"Rank among the partners of {_country(reporter)} (1 = largest)",
        scale=alt.Scale(reverse=True, domain=[0.5, max(high, claimed or 0) + 0.5]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    # One colour and shape per kind of ranking, the same in every chart of this helper.
    known = list(dict.fromkeys(_RANK_SERIES.values()))
    slot = [known.index(s) if s in known else len(known) + i for i, s in enumerate(order)]
    colour = alt.Color(
        "series:N",
        sort=order,
        scale=alt.Scale(domain=order, range=[PALETTE[i % len(PALETTE)] for i in slot]),
        legend=alt.Legend(title="What is ranked", orient="bottom", columns=2),
    )
    shape = alt.Shape(
        "series:N",
        sort=order,
        scale=alt.Scale(domain=order, range=[_RANK_SHAPES[i % len(_RANK_SHAPES)] for i in slot]),
        legend=alt.Legend(title="What is ranked", orient="bottom", columns=2),
    )
    tooltip = [
        alt.Tooltip("year:Q", format="d", title="Year"),
        alt.Tooltip("series:N", title="What is ranked"),
        alt.Tooltip("rank:Q", title="Rank"),
        alt.Tooltip("scope:N", title="Trade counted"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("how:N", title="How the rank was found"),
    ]
    # Rows that share a year and a rank are spread a little sideways, so none hides another.
    data["nudge"] = data.groupby(["year", "rank"]).cumcount()
    data["nudge"] = data["year"] + 0.28 * (
        data["nudge"] - data.groupby(["year", "rank"])["nudge"].transform("max") / 2
    )
    x = alt.X(
        "nudge:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False, nice=False)
    )
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, size=85, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    )
    layers: list[alt.Chart] = [dots]
    if claimed:
        rule = pd.DataFrame({"rank": [claimed], "text": [f"claimed: rank {claimed}"]})
        layers = [
            alt.Chart(rule).mark_rule(strokeDash=[5, 4], color="#555555").encode(y=y),
            alt.Chart(rule)
            .mark_text(align="left", baseline="bottom", x=4, dy=-3, fontSize=11, color="#333333")
            .encode(y=y, text="text:N"),
            *layers,
        ]
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                "Each dot is one ranking in trade_partners; hover for the trade it counts and "
                "how the rank was found.",
                "Source: trade_partners (U.S. Census Bureau; Japan's Ministry of Finance via the "
                "publishers cited per row).",
            ],
        ),
        description=description,
    )


__all__ += [
    "coverage_chart",
    "membership_chart",
    "overlap_chart",
    "partner_rank_chart",
]


# ================================================================ 03 trade and 04 digital economy
# Chart helpers for notebooks 03-trade and 04-digital-economy (added at the end of the module so
# that they stay apart from the helpers of 00–02). They follow the same rules: check the input
# with ``_check_input``, return an Altair chart with a title, tooltips, a description and
# colours from ``PALETTE`` paired with shapes or dash patterns; ``chart_table`` shows their
# numbers.

__all__ += [
    "digital_provisions_chart",
    "fdi_position_chart",
    "tariff_schedule_chart",
    "trade_balance_share_chart",
    "us_tariff_chart",
]

#: Series of ``goods_trade`` drawn as a share of U.S. GDP, with their labels.
_SHARE_SERIES = {
    "us_exports_usd_bn": "U.S. exports to Japan",
    "us_imports_usd_bn": "U.S. imports from Japan",
    "us_balance_usd_bn": "U.S. balance (exports − imports)",
}


def trade_balance_share_chart(
    df: pd.DataFrame,
    *,
    gdp: pd.DataFrame | None = None,
    basis: str = "census",
    width: int = 560,
    height: int = 300,
) -> alt.LayerChart:
    """Line chart of U.S. goods trade with Japan as a share of U.S. GDP, by year.

    The dollar figures of ``goods_trade`` are divided by U.S. GDP in the same year (World
    Bank, current dollars), so that years decades apart can be compared.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``goods_trade`` dataset (``datasets.load("goods_trade")``).
    gdp : pandas.DataFrame, keyword-only
        The ``world_economy`` dataset (default: ``datasets.load("world_economy")``).
    basis : str, keyword-only
        Which series of ``goods_trade`` to draw (default: the Census series).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Exports, imports and the balance in per cent of U.S. GDP, told apart by colour, dash
        pattern and a label at each line's end; tooltips give the dollar figures too.

    Raises
    ------
    TypeError
        If ``df`` or ``gdp`` is not a DataFrame.
    ValueError
        If ``df`` is not ``goods_trade``, ``gdp`` is not ``world_economy``, or no year has
        both a trade figure for ``basis`` and U.S. GDP.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = trade_balance_share_chart(datasets.load("goods_trade")).to_dict()
    >>> spec["description"].startswith("Line chart of U.S. goods trade with Japan as a share")
    True
    """
    name = "trade_balance_share_chart"
    _check_input(
        df, name, "goods_trade", ["year", "basis", *_SHARE_SERIES], numeric=["year", *_SHARE_SERIES]
    )
    if gdp is None:
        from usjapan_edu import datasets

        gdp = datasets.load("world_economy")
    _check_input(
        gdp, name, "world_economy", ["iso3", "year", "gdp_usd"], numeric=["year", "gdp_usd"]
    )
    us_gdp = (
        gdp[gdp["iso3"].astype(str) == "USA"]
        .dropna(subset=["year", "gdp_usd"])
        .assign(year=lambda d: d["year"].astype("int64"))
        .set_index("year")["gdp_usd"]
        .astype("float64")
        / 1e9
    )
    rows = df[df["basis"].astype(str) == basis].dropna(subset=["year"])
    long = (
        rows[["year", *_SHARE_SERIES]]
        .assign(year=lambda d: d["year"].astype("int64"))
        .melt("year", var_name="series", value_name="usd_bn")
        .dropna(subset=["usd_bn"])
    )
    long = long[long["year"].isin(us_gdp.index)]
    if long.empty:
        msg = (
            f"{name}: no year has both a goods_trade figure with basis {basis!r} and U.S. GDP "
            "in world_economy"
        )
        raise ValueError(msg)
    long = long.assign(
        series=lambda d: d["series"].map(_SHARE_SERIES),
        us_gdp_bn=lambda d: d["year"].map(us_gdp).round(1),
        usd_bn=lambda d: d["usd_bn"].astype("float64").round(3),
    )
    long["pct_of_gdp"] = (100 * long["usd_bn"] / long["us_gdp_bn"]).round(3)
    order = [s for s in _SHARE_SERIES.values() if s in set(long["series"])]
    first, last = int(long["year"].min()), int(long["year"].max())
    balance = long[long["series"] == _SHARE_SERIES["us_balance_usd_bn"]].set_index("year")
    if balance.empty:
        headline = f"U.S. goods trade with Japan as a share of U.S. GDP, {first}–{last}"
        story = ""
    else:
        worst = int(balance["pct_of_gdp"].idxmin())
        headline = (
            f"Relative to the U.S. economy, the goods deficit with Japan was largest in {worst}"
        )
        story = (
            f" The balance is {balance.loc[worst, 'pct_of_gdp']:.2f} % of U.S. GDP in {worst} "
            f"and {balance.loc[last, 'pct_of_gdp']:.2f} % in {last}"
            if last in balance.index
            else ""
        ) + "."
    description = (
        f"Line chart of U.S. goods trade with Japan as a share of U.S. gross domestic product, "
        f"{first} to {last} ({basis} basis): exports, imports and the balance, each divided by "
        f"U.S. GDP of the same year. {headline}.{story}"
    )
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    y = alt.Y("pct_of_gdp:Q", title="Per cent of U.S. GDP")
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("year:Q", format="d", title="Year"),
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("pct_of_gdp:Q", format=".2f", title="% of U.S. GDP"),
        alt.Tooltip("usd_bn:Q", format=",.1f", title="USD bn (current)"),
        alt.Tooltip("us_gdp_bn:Q", format=",.0f", title="U.S. GDP, USD bn"),
    ]
    lines = (
        alt.Chart(long)
        .mark_line(point=True, strokeWidth=2)
        .encode(x=x, y=y, color=colour, strokeDash=_dash("series:N", order), tooltip=tooltip)
    )
    zero = alt.Chart(pd.DataFrame({"pct_of_gdp": [0.0]})).mark_rule(color="#555555").encode(y=y)
    ends = _end_labels(
        long, "year", "pct_of_gdp", "series", span=_span(long["pct_of_gdp"]), height=height
    )
    labels = (
        alt.Chart(ends)
        .mark_text(align="left", dx=8, fontSize=11)
        .encode(x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text="series:N", color=colour)
    )
    return alt.layer(zero, lines, labels, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                f"U.S. goods trade with Japan in per cent of U.S. GDP, {first}–{last} "
                f"({basis} basis); below zero = U.S. deficit.",
                "Source: U.S. Census Bureau (trade); World Bank, World Development Indicators "
                "(GDP, current US$).",
            ],
        ),
        description=description,
    )


def _ordinal(n: int) -> str:
    """Return an ordinal number as text: ``1st``, ``2nd``, ``3rd``, ``4th``.

    Examples
    --------
    >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 22)]
    ['1st', '2nd', '3rd', '4th', '11th', '22nd']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: How each ``tariffs`` measure of a duty schedule is drawn: (series label, shape).
_SCHEDULE_SERIES = {
    "agreement_schedule": "Under the 2019 agreement, year by year",
    "agreement_end_state": "End point of the agreement",
    "safeguard_snapback": "Temporary safeguard duty",
    "wto_safeguard": "Temporary safeguard duty",
    "mfn_before_agreement": "Before the agreement (normal MFN duty)",
}
_PRODUCT_WORDS = {
    "beef": "beef",
    "pork_muscle_cuts": "pork (muscle cuts)",
    "pork_ground_seasoned": "ground seasoned pork",
    "wine_bottled": "bottled wine",
    "wine_bulk": "bulk wine",
    "cheese": "cheese",
    "cheese_processed": "processed cheese",
    "steel": "steel",
    "aluminium": "aluminium",
    "passenger_cars": "cars",
    "auto_parts": "car parts",
    "most_goods": "most goods",
}


def tariff_schedule_chart(
    df: pd.DataFrame,
    *,
    product: str = "beef",
    width: int = 560,
    height: int = 280,
) -> alt.LayerChart:
    """Japan's duty on a U.S. farm product under the 2019 agreement, by Japanese fiscal year.

    The agreement's yearly rates form a line; a year whose rate could not be sourced is left as
    a gap (never filled in); the end point, the duty before the agreement and temporary
    safeguard duties are marks of their own.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``tariffs`` dataset (``datasets.load("tariffs")``).
    product : str, keyword-only
        A product charged by Japan, e.g. ``"beef"`` (default) or ``"pork_muscle_cuts"``.
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Marks told apart by colour and shape, each named in the subtitle; tooltips say what
        each rate is.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``tariffs`` dataset, or holds no dated rate of Japan's for
        ``product``.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = tariff_schedule_chart(datasets.load("tariffs")).to_dict()
    >>> spec["title"]["text"].startswith("Japan's duty on U.S. beef")
    True
    """
    name = "tariff_schedule_chart"
    _check_input(
        df,
        name,
        "tariffs",
        ["product", "measure", "country_applying", "year", "rate_pct", "description"],
        numeric=["year", "rate_pct"],
    )
    mine = df[
        (df["product"].astype(str) == product)
        & (df["country_applying"].astype(str) == "Japan")
        & df["measure"].astype(str).isin(_SCHEDULE_SERIES)
    ]
    drawn = mine.dropna(subset=["year", "rate_pct"])
    if drawn.empty:
        known = sorted(
            set(df.loc[(df["country_applying"].astype(str) == "Japan"), "product"].astype(str))
        )
        msg = (
            f"{name}: no rate of Japan's with a year for product {product!r} in the data "
            f"given; products with Japanese rates: {known}"
        )
        raise ValueError(msg)
    words = _PRODUCT_WORDS.get(product, product.replace("_", " "))
    data = pd.DataFrame(
        {
            "year": drawn["year"].astype("int64").to_numpy(),
            "rate": drawn["rate_pct"].astype("float64").to_numpy(),
            "series": drawn["measure"].astype(str).map(_SCHEDULE_SERIES).to_numpy(),
            "what": drawn["description"].astype("string").fillna("").to_numpy(str),
        }
    ).sort_values(["year", "series"], ignore_index=True)
    order = list(dict.fromkeys(s for s in _SCHEDULE_SERIES.values() if s in set(data["series"])))
    schedule = data[data["series"] == _SCHEDULE_SERIES["agreement_schedule"]].copy()
    schedule["segment"] = _segments(schedule["year"]) if not schedule.empty else []
    gaps = mine[
        (mine["measure"].astype(str) == "agreement_schedule")
        & mine["rate_pct"].isna()
        & mine["year"].notna()
    ]["year"].astype("int64")
    undated = mine[mine["year"].isna() & mine["rate_pct"].notna()]
    before = data[data["series"] == _SCHEDULE_SERIES["mfn_before_agreement"]]
    end = data[data["series"] == _SCHEDULE_SERIES["agreement_end_state"]]
    if not before.empty and not end.empty:
        headline = (
            f"Japan's duty on U.S. {words} falls from {before['rate'].iloc[0]:g}% to "
            f"{end['rate'].iloc[-1]:g}% by JFY{int(end['year'].iloc[-1])} under the 2019 "
            "agreement"
        )
    elif not schedule.empty:
        headline = (
            f"Japan's duty on U.S. {words} under the 2019 agreement: "
            f"{schedule['rate'].iloc[0]:g}% in JFY{int(schedule['year'].iloc[0])}, "
            f"{schedule['rate'].iloc[-1]:g}% in JFY{int(schedule['year'].iloc[-1])}"
        )
    else:
        headline = f"Japan's duty on U.S. {words} before and under the 2019 agreement"
    first, last = int(data["year"].min()), int(data["year"].max())
    gap_words = (
        f" Rates for JFY{gaps.min()}–JFY{gaps.max()} were not found in the sources, so the line "
        "stops there."
        if len(gaps)
        else ""
    )
    description = (
        f"Chart of Japan's duty on U.S. {words}, in per cent of the value, by Japanese fiscal "
        f"year from {first} to {last}. {headline}. "
        + "; ".join(f"{r.series}: {r.rate:g}% in JFY{r.year}" for r in data.itertuples(index=False))
        + "."
        + gap_words
        + (
            f" {len(undated)} end point(s) are stated only as a duration and are not drawn."
            if len(undated)
            else ""
        )
    )
    x = alt.X(
        "year:Q",
        title="Japanese fiscal year (April–March)",
        axis=alt.Axis(format="d"),
        scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
    )
    y = alt.Y("rate:Q", title="Duty (% of the value)", scale=alt.Scale(zero=True))
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("year:Q", format="d", title="Japanese fiscal year"),
        alt.Tooltip("series:N", title="Rate"),
        alt.Tooltip("rate:Q", format=".1f", title="Duty (%)"),
        alt.Tooltip("what:N", title="What it is"),
    ]
    layers: list[alt.Chart] = []
    if not before.empty:
        layers.append(alt.Chart(before).mark_rule(strokeDash=[6, 3], color="#555555").encode(y=y))
    if not schedule.empty:
        layers.append(
            alt.Chart(schedule)
            .mark_line(strokeWidth=2)
            .encode(x=x, y=y, color=colour, strokeDash=_dash("series:N", order), detail="segment:N")
        )
    layers.append(
        alt.Chart(data)
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=_shape("series:N", order), tooltip=tooltip)
    )
    layers.append(
        alt.Chart(data[data["series"] != _SCHEDULE_SERIES["agreement_schedule"]])
        .mark_text(align="left", dx=8, dy=-8, fontSize=11, color="#333333")
        .encode(x=x, y=y, text=alt.Text("rate:Q", format=".1f"))
    )
    if len(gaps):
        note = pd.DataFrame(
            {
                "year": [(gaps.min() + gaps.max()) / 2],
                "rate": [float(schedule["rate"].min()) if not schedule.empty else 0.0],
                "text": [f"JFY{gaps.min()}–{gaps.max()}: not sourced"],
            }
        )
        layers.append(
            alt.Chart(note)
            .mark_text(baseline="bottom", dy=-6, fontSize=11, fontStyle="italic", color="#333333")
            .encode(x=x, y=y, text="text:N")
        )
    key = "   ".join(f"{_SYMBOLS[SHAPES[i]]} {s}" for i, s in enumerate(order))
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                key,
                "Per cent of the value, by Japanese fiscal year; the dashed line is the duty "
                "before the agreement; a gap is a rate not found in the sources.",
                "Sources: as cited per row of the tariffs dataset (trade press, U.S. Department "
                "of Agriculture and others).",
            ],
        ),
        description=description,
    )


#: What each U.S. ``tariffs`` measure is called on the chart.
_US_MEASURE_WORDS = {
    "section_232": "Section 232 duty",
    "trq_in_quota": "inside the 2022 quota",
    "trq_over_quota": "above the 2022 quota",
    "mfn_applied": "normal (MFN) duty",
    "ieepa_baseline": "IEEPA baseline duty",
    "ieepa_reciprocal": "IEEPA rate for Japan",
    "us_japan_2025_agreement_rate": "2025 agreement rate",
    "section_122_surcharge": "Section 122 surcharge",
}
#: Which kinds of rate (``rate_type``) end a rate that has no ``end_date`` of its own.
_REPLACED_BY = {
    "duty_rate": {"duty_rate", "total_inclusive_of_mfn"},
    "additional_to_mfn": {"additional_to_mfn", "total_inclusive_of_mfn"},
    "total_inclusive_of_mfn": {"duty_rate", "additional_to_mfn", "total_inclusive_of_mfn"},
}
_RATE_TYPE_WORDS = {
    "duty_rate": "the whole duty",
    "additional_to_mfn": "added on top of the normal (MFN) duty",
    "total_inclusive_of_mfn": "all-in: normal duty and extra duty together",
}


def _rate_label(rate: float, rate_type: str) -> str:
    if rate_type == "additional_to_mfn":
        return f"+{rate:g}%"
    if rate_type == "total_inclusive_of_mfn":
        return f"{rate:g}% all-in"
    return f"{rate:g}%"


def us_tariff_chart(
    df: pd.DataFrame,
    *,
    products: Sequence[str] = ("steel",),
    width: int = 560,
    height: int = 260,
) -> alt.LayerChart:
    """U.S. duties on Japanese goods since 2018: one horizontal segment per rate and period.

    A segment runs from the rate's ``effective_date`` to its ``end_date``. A rate without an
    end date runs until a later rate of the same product replaces it (an extra duty is
    replaced by another extra duty or an all-in rate; a normal duty only by an all-in rate),
    or, if none does, to the latest date in the table (a ▶ marks it: still in force at the
    latest source read). Each segment is labelled with its rate: ``+25%`` is added on top of
    the normal duty, ``15% all-in`` includes it.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``tariffs`` dataset (``datasets.load("tariffs")``).
    products : list of str, keyword-only
        Products to draw (default ``("steel",)``); e.g. ``("passenger_cars",)`` or
        ``("most_goods",)``. Products whose rates coincide are best drawn one at a time.
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Segments told apart by colour, dash pattern and marker shape, each named in the
        subtitle and labelled with its rate.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``tariffs`` dataset or holds no U.S. rate for ``products``.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = us_tariff_chart(datasets.load("tariffs")).to_dict()
    >>> spec["title"]["text"].startswith("U.S. duty on Japanese steel")
    True
    """
    name = "us_tariff_chart"
    _check_input(
        df,
        name,
        "tariffs",
        [
            "product",
            "measure",
            "country_applying",
            "rate_pct",
            "rate_type",
            "effective_date",
            "end_date",
            "description",
        ],
        numeric=["rate_pct"],
    )
    if isinstance(products, str):
        products = (products,)
    us = df[df["country_applying"].astype(str) == "United States"]
    rows = us[us["product"].astype(str).isin(products) & us["rate_pct"].notna()].copy()
    if rows.empty:
        known = sorted(set(us.loc[us["rate_pct"].notna(), "product"].astype(str)))
        msg = f"{name}: no U.S. rate for {list(products)} in the data given; products: {known}"
        raise ValueError(msg)
    rows["start"] = pd.to_datetime(rows["effective_date"], errors="coerce")
    rows["stop"] = pd.to_datetime(rows["end_date"], errors="coerce")
    dates = pd.concat(
        [pd.to_datetime(us[c], errors="coerce") for c in ("effective_date", "end_date")]
    ).dropna()
    latest = pd.to_datetime(us["effective_date"], errors="coerce").max()
    rows["dated"] = rows["start"].notna()
    rows["start"] = rows["start"].fillna(dates.min())  # undated: from the chart's left edge
    rows = rows.sort_values("start")
    open_ended = []
    for i, row in rows.iterrows():
        if pd.notna(row["stop"]):
            open_ended.append(False)
            continue
        later = rows[
            (rows["product"] == row["product"])
            & (rows["start"] > row["start"])
            & rows["rate_type"].astype(str).isin(_REPLACED_BY.get(str(row["rate_type"]), set()))
        ]
        if later.empty:
            rows.loc[i, "stop"] = max(latest, row["start"])
            open_ended.append(True)
        else:
            rows.loc[i, "stop"] = later["start"].min()
            open_ended.append(False)
    rows["open"] = open_ended
    several = len(set(rows["product"].astype(str))) > 1
    data = pd.DataFrame(
        {
            "start": rows["start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "stop": rows["stop"].dt.strftime("%Y-%m-%d").to_numpy(),
            "rate": rows["rate_pct"].astype("float64").to_numpy(),
            "series": [
                (f"{_PRODUCT_WORDS.get(p, p)}: " if several else "")
                + _US_MEASURE_WORDS.get(m, m.replace("_", " "))
                for p, m in zip(
                    rows["product"].astype(str), rows["measure"].astype(str), strict=True
                )
            ],
            "label": [
                _rate_label(r, str(t))
                for r, t in zip(rows["rate_pct"], rows["rate_type"], strict=True)
            ],
            "kind": [_RATE_TYPE_WORDS.get(str(t), str(t)) for t in rows["rate_type"]],
            "from": [
                d.strftime("%Y-%m-%d") if dated else "already in force (no start date in the data)"
                for d, dated in zip(rows["start"], rows["dated"], strict=True)
            ],
            "dated": rows["dated"].to_numpy(bool),
            "until": [
                "still in force at the latest source read" if o else s.strftime("%Y-%m-%d")
                for o, s in zip(rows["open"], rows["stop"], strict=True)
            ],
            "what": rows["description"].astype("string").fillna("").to_numpy(str),
            "open": rows["open"].to_numpy(bool),
        }
    )
    mid = (
        pd.to_datetime(data["start"])
        + (pd.to_datetime(data["stop"]) - pd.to_datetime(data["start"])) / 2
    )
    data["middle"] = mid.dt.strftime("%Y-%m-%d")
    order = list(dict.fromkeys(data["series"]))[: len(SHAPES)]
    data = data[data["series"].isin(order)]
    words = " and ".join(_PRODUCT_WORDS.get(p, p) for p in dict.fromkeys(map(str, products)))
    goods = "most Japanese goods" if words == "most goods" else f"Japanese {words}"
    dated = data[data["dated"]]
    first, last = (dated if not dated.empty else data).iloc[[0, -1]].itertuples(index=False)
    first, last = first._asdict(), last._asdict()
    headline = (
        f"U.S. duty on {goods}: {first['label']} from "
        f"{pd.Timestamp(first['start']):%B %Y}, {last['label']} from "
        f"{pd.Timestamp(last['start']):%B %Y}"
    )
    description = (
        f"Chart of U.S. duties on {goods} from {data['start'].min()[:4]} to "
        f"{data['stop'].max()[:4]}, one horizontal segment per rate and period. {headline}. "
        + "; ".join(
            f"{r.series} {r.label} from {r.start if r.dated else 'before the chart starts'} "
            + ("(still in force at the latest source read)" if r.open else f"to {r.stop}")
            for r in data.itertuples(index=False)
        )
        + ". A + sign means the duty is added on top of the normal (MFN) duty; 'all-in' means "
        "it includes it."
    )
    years = pd.to_datetime(data["stop"]).max().year - pd.to_datetime(data["start"]).min().year
    pattern = "%Y" if years > 3 else "%b %Y"
    x_axis = alt.Axis(labelExpr=f"utcFormat(datum.value, '{pattern}')", labelOverlap=True)
    x_scale = alt.Scale(type="utc", padding=12)
    x = alt.X("start:T", title="Date", scale=x_scale, axis=x_axis)
    y = alt.Y(
        "rate:Q",
        title="Duty (% of the value)",
        scale=alt.Scale(domain=[0, float(data["rate"].max()) * 1.15 + 1], nice=False),
    )
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("series:N", title="Duty"),
        alt.Tooltip("label:N", title="Rate"),
        alt.Tooltip("kind:N", title="How to read it"),
        alt.Tooltip("from:N", title="From"),
        alt.Tooltip("until:N", title="Until"),
        alt.Tooltip("what:N", title="What it is"),
    ]
    segments = (
        alt.Chart(data)
        .mark_rule(strokeWidth=4)
        .encode(
            x=x,
            x2="stop:T",
            y=y,
            color=colour,
            strokeDash=_dash("series:N", order),
            tooltip=tooltip,
        )
    )
    starts = (
        alt.Chart(data)
        .mark_point(filled=True, size=60)
        .encode(x=x, y=y, color=colour, shape=_shape("series:N", order), tooltip=tooltip)
    )
    labels = (
        alt.Chart(data)
        .mark_text(baseline="bottom", dy=-6, fontSize=11, color="#333333")
        .encode(x=alt.X("middle:T", title="Date", scale=x_scale, axis=x_axis), y=y, text="label:N")
    )
    layers = [segments, starts, labels]
    if data["open"].any():
        layers.append(
            alt.Chart(data[data["open"]])
            .mark_text(align="left", dx=2, fontSize=12, color="#333333")
            .encode(
                x=alt.X("stop:T", title="Date", scale=x_scale, axis=x_axis),
                y=y,
                text=alt.value("▶"),
            )
        )
    key = "   ".join(f"{_SYMBOLS[SHAPES[i]]} {s}" for i, s in enumerate(order))
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                key,
                "+ = added on top of the normal (MFN) duty; all-in = normal and extra duty "
                "together; ▶ = still in force at the latest source read.",
                "Sources: U.S. proclamations and executive orders as summarised by CRS, the "
                "trade press and customs brokers, cited per row of tariffs.",
            ],
        ),
        description=description,
    )


#: How each ``basis`` of ``fdi_position`` is named on the chart.
FDI_SERIES = {
    "ubo": "BEA, by ultimate owner (JETRO's series)",
    "not_stated": "BEA, basis not stated by the source",
    "japan_statistics": "Japan's own statistics",
}


def fdi_position_chart(df: pd.DataFrame, *, width: int = 560, height: int = 280) -> alt.LayerChart:
    """Japanese direct investment in the United States by year, with Japan's rank as a label.

    Each ``basis`` is a series of dots (two sources for one year stay two dots, side by side).
    Where a source gives Japan's rank among investor countries, the dot is labelled ``#1``,
    ``#3`` …; a rank without a dollar figure is written along the top of the chart.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``fdi_position`` dataset (``datasets.load("fdi_position")``).
    width, height : int, keyword-only
        Size in pixels.

    Returns
    -------
    altair.LayerChart
        Dots told apart by colour and shape, each basis named in the subtitle.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``fdi_position`` dataset or holds no position.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = fdi_position_chart(datasets.load("fdi_position")).to_dict()
    >>> "largest" in spec["title"]["text"]
    True
    """
    name = "fdi_position_chart"
    value = "japan_position_in_us_usd_bn"
    rank = "japan_rank_among_investors"
    _check_input(
        df, name, "fdi_position", ["year", value, rank, "basis"], numeric=["year", value, rank]
    )
    rows = df.dropna(subset=["year"])
    if rows[value].isna().all():
        msg = f"{name}: the data given hold no position ({value} is empty in every row)"
        raise ValueError(msg)
    publisher = (
        rows["publisher"].astype("string").fillna("not named").to_numpy(str)
        if "publisher" in rows
        else ["not named"] * len(rows)
    )
    data = pd.DataFrame(
        {
            "year": rows["year"].astype("int64").to_numpy(),
            "usd_bn": rows[value].astype("float64").to_numpy(),
            "rank": rows[rank].astype("Float64").to_numpy(dtype="float64", na_value=float("nan")),
            "series": [FDI_SERIES.get(str(b), str(b)) for b in rows["basis"]],
            "publisher": publisher,
        }
    ).sort_values(["year", "series"], ignore_index=True)
    data["rank_text"] = [f"#{int(r)}" if r == r else "" for r in data["rank"]]
    data["rank_words"] = [
        f"{_ordinal(int(r))} among investor countries" if r == r else "not stated"
        for r in data["rank"]
    ]
    order = [s for s in FDI_SERIES.values() if s in set(data["series"])]
    order += sorted(set(data["series"]) - set(order))
    offsets = {s: (i - (len(order) - 1) / 2) * 0.3 for i, s in enumerate(order)}
    data["x"] = data["year"] + data["series"].map(offsets)
    dots = data.dropna(subset=["usd_bn"])
    rank_only = data[data["usd_bn"].isna() & data["rank"].notna()]
    latest = dots.loc[dots["year"].idxmax()]
    top = data[data["rank"] == 1]
    if not top.empty and latest["rank"] == 1:
        headline = (
            f"Japan has been the largest investor in the U.S. since {int(top['year'].min())}: "
            f"about ${latest['usd_bn']:,.0f} billion in {int(latest['year'])}"
        )
    else:
        headline = (
            f"Japanese direct investment in the U.S.: about ${latest['usd_bn']:,.0f} billion "
            f"in {int(latest['year'])}"
        )
    first, last = int(data["year"].min()), int(data["year"].max())
    description = (
        f"Dot chart of the stock of Japanese direct investment in the United States, {first} "
        f"to {last}, in billions of current U.S. dollars at historical cost, one series per "
        f"basis ({'; '.join(order)}), with Japan's rank among investor countries where a "
        f"source gives it. {headline}. "
        + "; ".join(
            f"{r.year}: "
            + (f"${r.usd_bn:,.1f} bn" if r.usd_bn == r.usd_bn else "no value")
            + (f" ({r.rank_text})" if r.rank_text else "")
            for r in data.itertuples(index=False)
        )
        + "."
    )
    x = alt.X(
        "x:Q",
        title="Year (end of year)",
        axis=alt.Axis(format="d"),
        scale=alt.Scale(zero=False, domain=[first - 1, last + 1], nice=False),
    )
    y = alt.Y(
        "usd_bn:Q",
        title="USD billion (current, historical cost)",
        scale=alt.Scale(zero=True, domain=[0, float(dots["usd_bn"].max()) * 1.12]),
    )
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("year:Q", format="d", title="Year"),
        alt.Tooltip("series:N", title="Basis"),
        alt.Tooltip("usd_bn:Q", format=",.1f", title="USD bn"),
        alt.Tooltip("rank_words:N", title="Japan's rank"),
        alt.Tooltip("publisher:N", title="Source"),
    ]
    layers: list[alt.Chart] = [
        alt.Chart(dots)
        .mark_point(filled=True, size=80, opacity=0.9)
        .encode(x=x, y=y, color=colour, shape=_shape("series:N", order), tooltip=tooltip),
        alt.Chart(dots[dots["rank_text"] != ""])
        .mark_text(baseline="bottom", dy=-8, fontSize=10, color="#333333")
        .encode(x=x, y=y, text="rank_text:N"),
    ]
    if not rank_only.empty:
        layers.append(
            alt.Chart(rank_only)
            .mark_text(baseline="top", y=4, fontSize=10, color="#333333")
            .encode(
                x=x,
                text=alt.Text("rank_text:N"),
                tooltip=tooltip,
            )
        )
    key = "   ".join(f"{_SYMBOLS[SHAPES[i]]} {s}" for i, s in enumerate(order))
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                key,
                "Labels give Japan's rank among investor countries (#1 = largest) where a "
                "source states it; a rank at the top has no dollar figure.",
                "Source: U.S. Bureau of Economic Analysis, as reported by JETRO, ITA, CRS and "
                "others, cited per row of fdi_position.",
            ],
        ),
        description=description,
    )


#: Display order and wording of ``digital_trade_provisions.obligation``.
OBLIGATION_WORDS = {
    "binding": "binding",
    "best_endeavour": "best endeavour",
    "recognition": "recognition",
    "not_verified": "not verified",
    "not_applicable": "no rule",
}
_OBLIGATION_COLOURS = {
    "binding": PALETTE[0],  # blue (white text)
    "best_endeavour": PALETTE[5],  # sky blue
    "recognition": PALETTE[2],  # green
    "not_verified": PALETTE[6],  # yellow
    "not_applicable": PALETTE[1],  # orange
}


def digital_provisions_chart(
    df: pd.DataFrame, *, width: int = 600, height: int | None = None
) -> alt.LayerChart:
    """Heatmap of digital-trade rules: one row per provision, one column per agreement.

    Every cell says in words how strong the rule is (binding, best endeavour, recognition
    only, not verified, no rule) and which article holds it, beside a marker whose shape
    also encodes the strength: the colour is never needed to read the chart.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``digital_trade_provisions`` dataset (``datasets.load("digital_trade_provisions")``).
    width : int, keyword-only
        Width in pixels.
    height : int, keyword-only
        Height in pixels (default: 26 per provision).

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``digital_trade_provisions`` dataset.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = digital_provisions_chart(datasets.load("digital_trade_provisions")).to_dict()
    >>> spec["description"].startswith("Heatmap of 15 digital-trade provisions")
    True
    """
    name = "digital_provisions_chart"
    _check_input(
        df,
        name,
        "digital_trade_provisions",
        ["provision", "agreement", "coverage", "article", "obligation", "provision_label"],
    )
    rows = df.dropna(subset=["provision", "agreement"])
    agreements = (
        list(rows["agreement"].cat.categories)
        if isinstance(rows["agreement"].dtype, pd.CategoricalDtype)
        else list(dict.fromkeys(rows["agreement"].astype(str)))
    )
    agreements = [a for a in agreements if a in set(rows["agreement"].astype(str))]
    labels = list(dict.fromkeys(rows["provision_label"].astype("string").fillna("").astype(str)))
    obligation = rows["obligation"].astype("string").fillna("not_verified").astype(str)
    coverage = rows["coverage"].astype("string").fillna("").astype(str)
    article = rows["article"].astype("string").fillna("").astype(str)
    data = pd.DataFrame(
        {
            "provision": rows["provision_label"].astype("string").fillna("").to_numpy(str),
            "agreement": rows["agreement"].astype(str).to_numpy(),
            "strength": [OBLIGATION_WORDS.get(o, o) for o in obligation],
            "coverage": [
                {"yes": "yes", "partial": "partly", "no": "no"}.get(c, c) for c in coverage
            ],
            "article": [a or "—" for a in article],
        }
    )
    short = [a.split(" (")[0].split(", ")[0] for a in data["article"]]  # "Art. 17", "Annex 8-B"
    data["cell"] = [
        s + (" (partly)" if c == "partly" else "") + (f" · {a}" if a != "—" else "")
        for s, c, a in zip(data["strength"], data["coverage"], short, strict=True)
    ]
    data["dark"] = data["strength"] == OBLIGATION_WORDS["binding"]
    order = [w for k, w in OBLIGATION_WORDS.items() if w in set(data["strength"])]
    colours = [_OBLIGATION_COLOURS[k] for k, w in OBLIGATION_WORDS.items() if w in order]
    shapes = [SHAPES[list(OBLIGATION_WORDS.values()).index(w)] for w in order]
    counts = data.groupby(["agreement", "strength"]).size()
    per_agreement = "; ".join(
        f"{a}: " + ", ".join(f"{counts[(a, w)]} {w}" for w in order if counts.get((a, w), 0))
        for a in agreements
    )
    binding = {a: int(counts.get((a, OBLIGATION_WORDS["binding"]), 0)) for a in agreements}
    top = max(binding, key=binding.get)
    headline = (
        "Binding digital-trade rules, as verified: "
        + ", ".join(f"{a} {binding[a]}" for a in agreements)
        + f" of {len(labels)} provisions"
    )
    description = (
        f"Heatmap of {len(labels)} digital-trade provisions (rows) in {len(agreements)} "
        f"agreements (columns: {', '.join(agreements)}). Each cell names the strength of the "
        f"rule and its article. {headline}; {top} has the most verified binding rules. "
        f"{per_agreement}."
    )
    height = height if height is not None else 26 * len(labels)
    x = alt.X(
        "agreement:N",
        sort=agreements,
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=12),
    )
    y = alt.Y("provision:N", sort=labels, title=None, axis=alt.Axis(labelLimit=330))
    colour = alt.Color(
        "strength:N",
        sort=order,
        scale=alt.Scale(domain=order, range=colours),
        legend=None,
    )
    tooltip = [
        alt.Tooltip("provision:N", title="Provision"),
        alt.Tooltip("agreement:N", title="Agreement"),
        alt.Tooltip("coverage:N", title="Has an article on it"),
        alt.Tooltip("strength:N", title="Strength of the wording"),
        alt.Tooltip("article:N", title="Article"),
    ]
    cells = (
        alt.Chart(data)
        .mark_rect(stroke="white", strokeWidth=2, opacity=0.9)
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    column = width / len(agreements)
    shape = alt.Shape(
        "strength:N", sort=order, scale=alt.Scale(domain=order, range=shapes), legend=None
    )
    layers: list[alt.Chart] = [cells]
    # Marker and words in black on light fills, in white on the dark fill of "binding".
    for dark, ink in ((False, "#000000"), (True, "#FFFFFF")):
        part = data[data["dark"] == dark]
        if part.empty:
            continue
        layers += [
            alt.Chart(part)
            .mark_point(filled=True, size=50, xOffset=-column / 2 + 12, color=ink)
            .encode(x=x, y=y, shape=shape),
            alt.Chart(part)
            .mark_text(fontSize=11, color=ink, align="left", dx=-column / 2 + 22, limit=column - 28)
            .encode(x=x, y=y, text="cell:N"),
        ]
    key = "   ".join(f"{_SYMBOLS[shapes[i]]} {w}" for i, w in enumerate(order))
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                key,
                "Each cell: how strongly the wording binds, and the article (hover for details).",
                "'Not verified': the wording was not read in the text or an official summary.",
                "Sources: TPP ch. 14, USMCA ch. 19, the DTA and Japan's Diet summary, as cited",
                "per row of digital_trade_provisions.",
            ],
        ),
        description=description,
    )


# ================================================================ end of the 03/04 helpers
