"""Charts for notebook 02 (security): military spending, defence budget, host-nation support."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from usjapan_edu.charts._base import (
    _SYMBOLS,
    SHAPES,
    _check_input,
    _country,
    _dash,
    _end_labels,
    _legend_free_colour,
    _segments,
    _sentences,
    _shape,
    _span,
    _translated,
)
from usjapan_edu.i18n import language, t

__all__ = [
    "defense_budget_chart",
    "host_nation_support_chart",
    "military_spending_chart",
]

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
    lang = language()
    unit, words, scale, fmt = MILEX_MEASURES[measure]
    axis_title = t("Military spending ({unit})", lang, unit=t(unit, lang))
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

    def headline_in(lang: str) -> str:
        if len(final) < 2:
            return t(
                "{country}: military spending in {words}, {first}–{last}",
                lang,
                country=t(order[0], lang),
                words=t(words, lang),
                first=first,
                last=last,
            )
        if measure == "share_of_gdp_pct":
            # the title names who, not how much: the notebook asks students to read the values
            return t(
                "In {year}, {top} spent the largest share of its GDP on the military, "
                "{bottom} the smallest",
                lang,
                year=latest_year,
                top=_country(top, lang),
                bottom=_country(bottom, lang),
            )
        # who spent most, not the multiple: notebook 02 asks students to compute it
        return t(
            "In {year}, {top} spent the most on the military and {bottom} the least ({unit})",
            lang,
            year=latest_year,
            top=_country(top, lang),
            bottom=_country(bottom, lang),
            unit=t(words.replace("billion ", ""), lang),
        )

    headline = headline_in(lang)
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
        editions = (
            t(" ({editions} editions)", lang, editions=t(" and ", lang).join(years))
            if len(years) > 1
            else ""
        )
    share = measure == "share_of_gdp_pct"
    description = _sentences(
        [
            t(
                "Line chart of military expenditure in {words}, {first} to {last}, one line per "
                "country: {countries}.",
                lang,
                words=t(words, lang),
                first=first,
                last=last,
                countries=t(", ", lang).join(t(c, lang) for c in order),
            ),
            headline
            + (
                t(
                    " ({top} % and {bottom} %).",
                    lang,
                    top=f"{final[top]:.1f}",
                    bottom=f"{final[bottom]:.1f}",
                )
                if share and len(final) > 1
                else t(".", lang)
            ),
            t(
                "Horizontal reference lines at {values} of GDP.",
                lang,
                values=t(" and ", lang).join(
                    t("{value} %", lang, value=f"{v:g}") for v in reference_lines
                ),
            )
            if reference_lines and share
            else "",
        ],
        lang,
    )
    x = alt.X(
        "year:Q",
        title=t("Year", lang),
        axis=alt.Axis(format="d", labelFlush=False),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y("value:Q", title=axis_title)
    colour = _legend_free_colour("country:N", order)
    tooltip = [
        alt.Tooltip("country:N", title=t("Country", lang)),
        alt.Tooltip("year:Q", format="d", title=t("Year", lang)),
        alt.Tooltip("value:Q", format=fmt, title=t(unit, lang)),
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
                    t("{value} % of GDP", lang, value=f"{v:g}")
                    if measure == "share_of_gdp_pct"
                    else f"{v:g}"
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
            subtitle=t(
                "Military expenditure, {unit}, {first}–{last}. "
                "Source: SIPRI Military Expenditure Database{editions}.",
                lang,
                unit=t(unit, lang),
                first=first,
                last=last,
                editions=editions,
            ),
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
    lang = language()
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
    headline_values = {
        "before": f"{story[y0]:.1f}",
        "y0": y0,
        "after": f"{story[y1]:.1f}",
        "y1": y1,
        "change": f"{change:+.0f}",
    }
    headline_msg = (
        "Japan's defence budget: ¥{before} trillion in FY{y0}, "
        "¥{after} trillion in FY{y1} ({change} %)"
    )
    headline = t(headline_msg, lang, **headline_values)
    shown = long if include_plan else actual
    first, last = int(shown["fiscal_year"].min()), int(shown["fiscal_year"].max())
    show_plan = include_plan and not plan.empty
    recent = actual[actual["fiscal_year"] > 2015]
    drafts = sorted(
        set(recent.loc[recent["stage"] == _STAGE_WORDS["government_draft"], "fiscal_year"])
    )
    description = _sentences(
        [
            t(
                "Line chart of Japan's defence budget in trillions of yen by fiscal year, "
                "FY{first} to FY{last}: {series}.",
                lang,
                first=first,
                last=last,
                series=t("; ", lang).join(t(s, lang) for s in order),
            ),
            t("{headline}, counting SACO and U.S.-realignment costs.", lang, headline=headline),
            t(
                "A dashed rule marks FY{year}, the first year of the five-year Defense Buildup "
                "Program of December 2022.",
                lang,
                year=strategy_year,
            ),
            t(
                "Hollow circles are plan levels, not budgets: {plans}.",
                lang,
                plans=t("; ", lang).join(
                    t(
                        "FY{year} {series} about ¥{amount} trillion",
                        lang,
                        year=int(r.fiscal_year),
                        series=t(r.series, lang),
                        amount=f"{r.jpy_trn:.1f}",
                    )
                    for r in plan.itertuples()
                ),
            )
            if include_plan and not plan.empty
            else "",
        ],
        lang,
    )
    # Visible words in the course language.
    actual = _translated(actual, ["series", "stage"], lang)
    plan = _translated(plan, ["series", "stage"], lang)
    order = [t(s, lang) for s in order]
    x = alt.X(
        "fiscal_year:Q",
        title=t("Japanese fiscal year (April–March)", lang),
        axis=alt.Axis(format="d", labelFlush=False),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y(
        "jpy_trn:Q", title=t("JPY trillion (current prices)", lang), scale=alt.Scale(zero=True)
    )
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("fiscal_year:Q", format="d", title=t("Fiscal year", lang)),
        alt.Tooltip("series:N", title=t("Series", lang)),
        alt.Tooltip("jpy_trn:Q", format=",.2f", title=t("JPY trillion", lang)),
        alt.Tooltip("stage:N", title=t("Stage", lang)),
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
        {"fiscal_year": [strategy_year - 0.5], "text": [t("Dec 2022 strategy →", lang)]}
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
            .encode(x=x, y=y, text=alt.value(t("plan", lang))),
        ]
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                t(
                    "Trillions of yen, FY{first}–FY{last}; the tooltip gives each figure's stage",
                    lang,
                    first=first,
                    last=last,
                )
                + (
                    t(" (FY{years}: cabinet draft)", lang, years=", FY".join(map(str, drafts)))
                    if drafts
                    else ""
                )
                + (
                    t("; hollow circles are plan levels, not budgets.", lang)
                    if show_plan
                    else t(".", lang)
                ),
                t(
                    "Source: Ministry of Defense and Ministry of Finance of Japan, "
                    "as cited per row.",
                    lang,
                ),
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
    lang = language()
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
        t("FY{start}", lang, start=s) if s == e else t("FY{start}–FY{end}", lang, start=s, end=e)
        for s, e in zip(data.start, data.end, strict=True)
    ]
    data["end_edge"] = data["end"] + 1
    data["middle"] = (data["start"] + data["end_edge"]) / 2
    order = [s for s in HNS_SERIES.values() if s in set(data["series"])]
    low, high = data["jpy_bn"].min(), data["jpy_bn"].max()
    first, last = int(data["start"].min()), int(data["end"].max())
    headline_msg = (
        "Japan's host-nation support: about ¥{low}–{high} billion a year, FY{first}–FY{last}"
    )
    headline_values = {"low": f"{low:,.0f}", "high": f"{high:,.0f}", "first": first, "last": last}
    headline = t(headline_msg, lang, **headline_values)
    description = _sentences(
        [
            t(
                "Chart of Japan's host-nation support for U.S. forces per fiscal year, FY{first} "
                "to FY{last}, in billions of yen: {count} per-year totals, each a horizontal bar "
                "over the years it covers ({series}).",
                lang,
                first=first,
                last=last,
                count=len(data),
                series=t("; ", lang).join(t(s, lang) for s in order),
            ),
            headline + t(".", lang),
        ],
        lang,
    )
    # Visible words in the course language.
    data = _translated(data, ["series", "basis", "agreement"], lang)
    order = [t(s, lang) for s in order]
    x = alt.X(
        "start:Q",
        title=t("Japanese fiscal year (April–March)", lang),
        axis=alt.Axis(format="d"),
        scale=alt.Scale(domain=[first, last + 1]),
    )
    y = alt.Y(
        "jpy_bn:Q",
        title=t("JPY billion per year (current prices)", lang),
        scale=alt.Scale(zero=True),
    )
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("years:N", title=t("Fiscal years", lang)),
        alt.Tooltip("series:N", title=t("What", lang)),
        alt.Tooltip("jpy_bn:Q", format=",.1f", title=t("JPY billion per year", lang)),
        alt.Tooltip("basis:N", title=t("Basis", lang)),
        alt.Tooltip("agreement:N", title=t("Agreement", lang)),
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
                t("Each bar spans the fiscal years its amount covers: ", lang)
                + t("; ", lang).join(
                    f"{_SYMBOLS[SHAPES[i]]} {s.lower()}" for i, s in enumerate(order)
                )
                + t(".", lang),
                t(
                    "Source: Ministry of Foreign Affairs of Japan; U.S. Embassy Tokyo; news "
                    "reports, as cited per row.",
                    lang,
                ),
            ],
        ),
        description=description,
    )
