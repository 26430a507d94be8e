"""Charts for notebooks 00, 03 and 06 (trade): goods trade, partner ranks, tariffs, investment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from usjapan_edu.charts._base import (
    _SYMBOLS,
    PALETTE,
    SHAPES,
    _check_input,
    _country,
    _dash,
    _end_labels,
    _legend_free_colour,
    _rank,
    _segments,
    _sentences,
    _shape,
    _span,
    _translated,
)
from usjapan_edu.i18n import language, t

__all__ = [
    "fdi_position_chart",
    "goods_trade_chart",
    "partner_rank_chart",
    "tariff_schedule_chart",
    "trade_balance_share_chart",
    "us_tariff_chart",
]


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
    lang = language()
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
    headline_msg, headline_values = (
        ("U.S. goods trade with Japan", {})
        if balance.empty
        else ("The U.S. bought more goods from Japan than it sold there in every year shown", {})
        if deficits == len(balance)
        else (
            "The U.S. ran a goods deficit with Japan in {deficits} of {years} years",
            {"deficits": deficits, "years": len(balance)},
        )
    )
    headline = t(headline_msg, lang, **headline_values)
    lowest = ""
    if not balance.empty:
        worst = rows.loc[balance.idxmin()]
        lowest = t(
            "The balance is lowest, {value} billion, in {year}.",
            lang,
            value=f"{worst['us_balance_usd_bn']:.1f}",
            year=int(worst["year"]),
        )
    description = _sentences(
        [
            t(
                "Line chart of U.S. goods trade with Japan, {first} to {last}, in billions of "
                "current U.S. dollars ({basis} basis), with three lines: exports, imports and "
                "the balance.",
                lang,
                first=first,
                last=last,
                basis=t(basis, lang),
            ),
            headline + t(".", lang),
            lowest,
        ],
        lang,
    )
    long = _translated(long, ["series"], lang)  # line names in the course language
    order = [t(s, lang) for s in labels.values()]
    colour = alt.Color("series:N", sort=order, scale=alt.Scale(range=PALETTE[:3]), legend=None)
    base = alt.Chart(long, width=width, height=height).encode(
        x=alt.X("year:Q", title=t("Year", lang), axis=alt.Axis(format="d")),
        y=alt.Y("usd_bn:Q", title=t("USD billion (current)", lang)),
        color=colour,
    )
    lines = base.mark_line(point=True, strokeWidth=2).encode(
        strokeDash=alt.StrokeDash(
            "series:N", sort=order, scale=alt.Scale(range=[[1, 0], [6, 3], [2, 2]]), legend=None
        ),
        tooltip=[
            alt.Tooltip("year:Q", format="d", title=t("Year", lang)),
            alt.Tooltip("series:N", title=t("Series", lang)),
            alt.Tooltip("usd_bn:Q", format=",.1f", title=t("USD bn", lang)),
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
            subtitle=t(
                "U.S. goods trade with Japan, {first}–{last} ({basis} basis). "
                "Source: U.S. Census Bureau.",
                lang,
                first=first,
                last=last,
                basis=t(basis, lang),
            ),
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


#: How ``partner_rank_chart`` names what a ranking counts (filled and hollow marks).
_GOODS_ONLY = "goods only (filled)"
_NOT_GOODS_ONLY = "goods and services, or not stated (hollow)"

#: A distinct shape for each kind of ranking (paired with ``PALETTE`` by position).
_RANK_SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]


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
    lang = language()
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

    def headline_in(lang: str) -> str:
        ranks = (
            t("{low} to {high}", lang, low=_rank(low, lang), high=_rank(high, lang))
            if high != low
            else _rank(low, lang)
        )
        if lang == "en":
            whose = "U.S." if reporter == "United States" else f"{reporter}'s"
        else:
            whose = t(reporter, lang)
        who = _country(partner, lang)
        return t(
            "{who} ranked {ranks} among {whose} trading partners, {first}–{last}, "
            "by year and measure",
            lang,
            who=f"{who[0].upper()}{who[1:]}",
            ranks=ranks,
            whose=whose,
            first=first,
            last=last,
        )

    headline = headline_in(lang)
    description = _sentences(
        [
            t(
                "Dot chart of the rank of {partner} among the trading partners of {reporter}, "
                "{first} to {last}, rank 1 at the top, one colour and shape per measure "
                "({measures}).",
                lang,
                partner=_country(partner, lang),
                reporter=_country(reporter, lang),
                first=first,
                last=last,
                # a measure's name holds a comma: in Japanese, 「、」 inside, 「／」 between
                measures=(", " if lang == "en" else t("; ", lang)).join(t(s, lang) for s in order),
            ),
            headline + t(".", lang),
            t(
                "In {year}: rank {ranks}.",
                lang,
                year=last,
                ranks=t(" or ", lang).join(
                    str(r) if lang == "en" else _rank(r, lang) for r in latest_ranks
                ),
            ),
            t("A dashed rule marks rank {rank}, the rank claimed.", lang, rank=claimed)
            if claimed
            else "",
            t(
                "Filled marks count goods only; hollow marks count goods and services, or the "
                "source does not say.",
                lang,
            ),
        ],
        lang,
    )
    # Visible words in the course language.
    data = _translated(data, ["series"], lang)
    order = [t(s, lang) for s in order]
    goods_only, not_goods_only = t(_GOODS_ONLY, lang), t(_NOT_GOODS_ONLY, lang)
    y = alt.Y(
        "rank:Q",
        title=t(
            "Rank among the partners of {country} (1 = largest)",
            lang,
            country=_country(reporter, lang),
        ),
        scale=alt.Scale(reverse=True, domain=[0.5, max(high, claimed or 0) + 0.5]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    # One colour and shape per kind of ranking, the same in every chart of this helper.
    known = [t(s, lang) for s in dict.fromkeys(_RANK_SERIES.values())]
    slot = [known.index(s) if s in known else len(known) + i for i, s in enumerate(order)]
    colour = alt.Color(
        "series:N",
        sort=order,
        scale=alt.Scale(domain=order, range=[PALETTE[i % len(PALETTE)] for i in slot]),
        legend=alt.Legend(title=t("What is ranked", lang), orient="bottom", columns=2),
    )
    shape = alt.Shape(
        "series:N",
        sort=order,
        scale=alt.Scale(domain=order, range=[_RANK_SHAPES[i % len(_RANK_SHAPES)] for i in slot]),
        legend=alt.Legend(title=t("What is ranked", lang), orient="bottom", columns=2),
    )
    tooltip = [
        alt.Tooltip("year:Q", format="d", title=t("Year", lang)),
        alt.Tooltip("series:N", title=t("What is ranked", lang)),
        alt.Tooltip("rank:Q", title=t("Rank", lang)),
        alt.Tooltip("scope:N", title=t("Trade counted", lang)),
        alt.Tooltip("period:N", title=t("Period", lang)),
        alt.Tooltip("how:N", title=t("How the rank was found", lang)),
    ]
    # Rows that share a year and a rank are spread a little sideways, so none hides another.
    data["nudge"] = data.groupby(["year", "rank"]).cumcount()
    data["nudge"] = data["year"] + 0.28 * (
        data["nudge"] - data.groupby(["year", "rank"])["nudge"].transform("max") / 2
    )
    x = alt.X(
        "nudge:Q",
        title=t("Year", lang),
        axis=alt.Axis(format="d"),
        scale=alt.Scale(zero=False, nice=False),
    )
    # Filled marks count goods only; hollow ones (outline only, not colour) count goods and
    # services, or the source does not say what it counts.
    data["counted"] = [
        goods_only if scope == "goods" else not_goods_only for scope in data["scope"]
    ]
    fill = alt.Fill(
        "series:N",
        sort=order,
        scale=alt.Scale(domain=order, range=[PALETTE[i % len(PALETTE)] for i in slot]),
        legend=None,
    )
    fill_opacity = alt.FillOpacity(
        "counted:N",
        scale=alt.Scale(domain=[goods_only, not_goods_only], range=[0.9, 0.0]),
        legend=alt.Legend(
            title=t("Trade counted", lang), orient="bottom", symbolStrokeColor="#333333"
        ),
    )
    dots = (
        alt.Chart(data)
        .mark_point(filled=False, size=85, strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=colour,  # the outline (the mark is not filled by default)
            fill=fill,
            fillOpacity=fill_opacity,
            shape=shape,
            tooltip=tooltip,
        )
    )
    layers: list[alt.Chart] = [dots]
    if claimed:
        rule = pd.DataFrame(
            {"rank": [claimed], "text": [t("claimed: rank {rank}", lang, rank=claimed)]}
        )
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
                t(
                    "Each mark is one ranking in trade_partners: filled = goods only; hollow = "
                    "goods and services, or not stated. Hover for how the rank was found.",
                    lang,
                ),
                t(
                    "Source: trade_partners (U.S. Census Bureau; Japan's Ministry of Finance via "
                    "the publishers cited per row).",
                    lang,
                ),
            ],
        ),
        description=description,
    )


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
    lang = language()
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
        headline_msg = "U.S. goods trade with Japan as a share of U.S. GDP, {first}–{last}"
        headline_values = {"first": first, "last": last}
        story = ""
    else:
        worst = int(balance["pct_of_gdp"].idxmin())
        headline_msg = (
            "Relative to the U.S. economy, the goods deficit with Japan was largest in {worst}"
        )
        headline_values = {"worst": worst}
        story = (
            t(
                "The balance is {worst_pct} % of U.S. GDP in {worst} and {last_pct} % in {last}.",
                lang,
                worst_pct=f"{balance.loc[worst, 'pct_of_gdp']:.2f}",
                worst=worst,
                last_pct=f"{balance.loc[last, 'pct_of_gdp']:.2f}",
                last=last,
            )
            if last in balance.index
            else ""
        )
    headline = t(headline_msg, lang, **headline_values)
    description = _sentences(
        [
            t(
                "Line chart of U.S. goods trade with Japan as a share of U.S. gross domestic "
                "product, {first} to {last} ({basis} basis): exports, imports and the balance, "
                "each divided by U.S. GDP of the same year.",
                lang,
                first=first,
                last=last,
                basis=t(basis, lang),
            ),
            headline + t(".", lang),
            story,
        ],
        lang,
    )
    # Line names in the course language.
    long = _translated(long, ["series"], lang)
    order = [t(s, lang) for s in order]
    x = alt.X(
        "year:Q", title=t("Year", lang), axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)
    )
    y = alt.Y("pct_of_gdp:Q", title=t("Per cent of U.S. GDP", lang))
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("year:Q", format="d", title=t("Year", lang)),
        alt.Tooltip("series:N", title=t("Series", lang)),
        alt.Tooltip("pct_of_gdp:Q", format=".2f", title=t("% of U.S. GDP", lang)),
        alt.Tooltip("usd_bn:Q", format=",.1f", title=t("USD bn (current)", lang)),
        alt.Tooltip("us_gdp_bn:Q", format=",.0f", title=t("U.S. GDP, USD bn", lang)),
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
                t(
                    "U.S. goods trade with Japan in per cent of U.S. GDP, {first}–{last} "
                    "({basis} basis); below zero = U.S. deficit.",
                    lang,
                    first=first,
                    last=last,
                    basis=t(basis, lang),
                ),
                t(
                    "Source: U.S. Census Bureau (trade); World Bank, World Development Indicators "
                    "(GDP, current US$).",
                    lang,
                ),
            ],
        ),
        description=description,
    )


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
    lang = language()
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
        headline_msg = (
            "Japan's duty on U.S. {product} falls from {before}% to {after}% by JFY{year} "
            "under the 2019 agreement"
        )
        headline_values = {
            "before": f"{before['rate'].iloc[0]:g}",
            "after": f"{end['rate'].iloc[-1]:g}",
            "year": int(end["year"].iloc[-1]),
        }
    elif not schedule.empty:
        headline_msg = (
            "Japan's duty on U.S. {product} under the 2019 agreement: "
            "{first_rate}% in JFY{first_year}, {last_rate}% in JFY{last_year}"
        )
        headline_values = {
            "first_rate": f"{schedule['rate'].iloc[0]:g}",
            "first_year": int(schedule["year"].iloc[0]),
            "last_rate": f"{schedule['rate'].iloc[-1]:g}",
            "last_year": int(schedule["year"].iloc[-1]),
        }
    else:
        headline_msg = "Japan's duty on U.S. {product} before and under the 2019 agreement"
        headline_values = {}
    headline = t(headline_msg, lang, product=t(words, lang), **headline_values)
    first, last = int(data["year"].min()), int(data["year"].max())
    description = _sentences(
        [
            t(
                "Chart of Japan's duty on U.S. {product}, in per cent of the value, by Japanese "
                "fiscal year from {first} to {last}.",
                lang,
                product=t(words, lang),
                first=first,
                last=last,
            ),
            headline + t(".", lang),
            t("; ", lang).join(
                t(
                    "{series}: {rate}% in JFY{year}",
                    lang,
                    series=t(r.series, lang),
                    rate=f"{r.rate:g}",
                    year=r.year,
                )
                for r in data.itertuples(index=False)
            )
            + t(".", lang),
            t(
                "Rates for JFY{first}–JFY{last} were not found in the sources, so the line stops "
                "there.",
                lang,
                first=gaps.min(),
                last=gaps.max(),
            )
            if len(gaps)
            else "",
            t(
                "{count} end point(s) are stated only as a duration and are not drawn.",
                lang,
                count=len(undated),
            )
            if len(undated)
            else "",
        ],
        lang,
    )
    # Series names in the course language.
    data, schedule = (_translated(frame, ["series"], lang) for frame in (data, schedule))
    before = _translated(before, ["series"], lang)
    agreement_schedule = t(_SCHEDULE_SERIES["agreement_schedule"], lang)
    order = [t(s, lang) for s in order]
    x = alt.X(
        "year:Q",
        title=t("Japanese fiscal year (April–March)", lang),
        axis=alt.Axis(format="d"),
        scale=alt.Scale(domain=[first - 0.5, last + 0.5], nice=False, zero=False),
    )
    y = alt.Y("rate:Q", title=t("Duty (% of the value)", lang), scale=alt.Scale(zero=True))
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("year:Q", format="d", title=t("Japanese fiscal year", lang)),
        alt.Tooltip("series:N", title=t("Rate", lang)),
        alt.Tooltip("rate:Q", format=".1f", title=t("Duty (%)", lang)),
        alt.Tooltip("what:N", title=t("What it is", lang)),
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
        alt.Chart(data[data["series"] != agreement_schedule])
        .mark_text(align="left", dx=8, dy=-8, fontSize=11, color="#333333")
        .encode(x=x, y=y, text=alt.Text("rate:Q", format=".1f"))
    )
    if len(gaps):
        note = pd.DataFrame(
            {
                "year": [(gaps.min() + gaps.max()) / 2],
                "rate": [float(schedule["rate"].min()) if not schedule.empty else 0.0],
                "text": [
                    t("JFY{first}–{last}: not sourced", lang, first=gaps.min(), last=gaps.max())
                ],
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
                t(
                    "Per cent of the value, by Japanese fiscal year; the dashed line is the duty "
                    "before the agreement; a gap is a rate not found in the sources.",
                    lang,
                ),
                t(
                    "Sources: as cited per row of the tariffs dataset (trade press, U.S. "
                    "Department of Agriculture and others).",
                    lang,
                ),
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


def _rate_label(rate: float, rate_type: str, lang: str = "en") -> str:
    if rate_type == "additional_to_mfn":
        return f"+{rate:g}%"
    if rate_type == "total_inclusive_of_mfn":
        return t("{rate}% all-in", lang, rate=f"{rate:g}")
    return f"{rate:g}%"


def _segment_words(r: Any, lang: str) -> str:
    """Return one rate of :func:`us_tariff_chart` in words: what, how much, from and until."""
    start = r.start if r.dated else t("before the chart starts", lang)
    if r.open:
        return t(
            "{series} {rate} from {start} (still in force at the latest source read)",
            lang,
            series=r.series,
            rate=r.label,
            start=start,
        )
    if r.scheduled:
        return t(
            "{series} {rate} from {start} (scheduled to end {stop}: a plan, not yet a fact)",
            lang,
            series=r.series,
            rate=r.label,
            start=start,
            stop=r.stop,
        )
    return t(
        "{series} {rate} from {start} to {stop}",
        lang,
        series=r.series,
        rate=r.label,
        start=start,
        stop=r.stop,
    )


def us_tariff_chart(
    df: pd.DataFrame,
    *,
    products: Sequence[str] = ("steel",),
    width: int = 560,
    height: int = 260,
) -> alt.LayerChart | alt.VConcatChart:
    """U.S. duties on Japanese goods since 2018: one horizontal segment per rate and period.

    A segment runs from the rate's ``effective_date`` to its ``end_date``. A rate without an
    end date runs until a later rate of the same product replaces it (an extra duty is
    replaced by another extra duty or an all-in rate; a normal duty only by an all-in rate),
    or, if none does, to the latest date in the table (a ▶ marks it: still in force at the
    latest source read). An end date after the latest start in the table is a scheduled end
    (a plan): the segment is drawn dotted from there on. Each segment is labelled with its
    rate: ``+25%`` is added on top of the normal duty, ``15% all-in`` includes it. When the
    rates drawn mix the two, they go into two panels (added on top; all-in or whole duty),
    because they are not on one scale.

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
    altair.LayerChart or altair.VConcatChart
        Segments told apart by colour, dash pattern and marker shape, each named in the
        subtitle and labelled with its rate (two panels when the rates mix bases).

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
    lang = language()
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
    # An end date after the latest start in the table is a plan (a scheduled expiry), not a
    # fact the sources could report: drawn dotted and labelled "scheduled".
    rows["scheduled"] = ~rows["open"] & (rows["stop"] > latest)
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
            "basis": [
                _BASIS_PANEL.get(str(t), _BASIS_PANEL["duty_rate"]) for t in rows["rate_type"]
            ],
            "from": [
                d.strftime("%Y-%m-%d") if dated else "already in force (no start date in the data)"
                for d, dated in zip(rows["start"], rows["dated"], strict=True)
            ],
            "dated": rows["dated"].to_numpy(bool),
            "until": [
                "still in force at the latest source read"
                if o
                else f"scheduled to end {s:%Y-%m-%d} (a plan at the latest source read)"
                if planned
                else s.strftime("%Y-%m-%d")
                for o, planned, s in zip(rows["open"], rows["scheduled"], rows["stop"], strict=True)
            ],
            "what": rows["description"].astype("string").fillna("").to_numpy(str),
            "open": rows["open"].to_numpy(bool),
            "scheduled": rows["scheduled"].to_numpy(bool),
            # where the drawn (known) part of a segment ends: the latest source, for a plan
            "known_stop": [
                (min(s, max(latest, b)) if planned else s).strftime("%Y-%m-%d")
                for s, b, planned in zip(
                    rows["stop"], rows["start"], rows["scheduled"], strict=True
                )
            ],
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
    steps = [f"{r.label} ({pd.Timestamp(r.start):%b %Y})" for r in dated.itertuples(index=False)]
    if len(steps) > 4:
        steps = [steps[0], "…", *steps[-2:]]
    span = f"{data['start'].min()[:4]}–{data['stop'].max()[:4]}"
    headline = f"U.S. duty on {goods}, {span}: " + ", then ".join(steps).replace("…, then", "…")
    mixed = len(set(data["basis"])) > 1
    if lang != "en":  # the visible words in the course language
        shown = pd.DataFrame(
            {
                "series": [
                    (
                        t("{product}: ", lang, product=t(_PRODUCT_WORDS.get(p, p), lang))
                        if several
                        else ""
                    )
                    + t(_US_MEASURE_WORDS.get(m, m.replace("_", " ")), lang)
                    for p, m in zip(
                        rows["product"].astype(str), rows["measure"].astype(str), strict=True
                    )
                ],
                "label": [
                    _rate_label(r, str(k), lang)
                    for r, k in zip(rows["rate_pct"], rows["rate_type"], strict=True)
                ],
                "kind": [t(_RATE_TYPE_WORDS.get(str(k), str(k)), lang) for k in rows["rate_type"]],
                "basis": [
                    t(_BASIS_PANEL.get(str(k), _BASIS_PANEL["duty_rate"]), lang)
                    for k in rows["rate_type"]
                ],
                "from": [
                    d.strftime("%Y-%m-%d")
                    if dated
                    else t("already in force (no start date in the data)", lang)
                    for d, dated in zip(rows["start"], rows["dated"], strict=True)
                ],
                "until": [
                    t("still in force at the latest source read", lang)
                    if o
                    else t(
                        "scheduled to end {date} (a plan at the latest source read)",
                        lang,
                        date=f"{s:%Y-%m-%d}",
                    )
                    if planned
                    else s.strftime("%Y-%m-%d")
                    for o, planned, s in zip(
                        rows["open"], rows["scheduled"], rows["stop"], strict=True
                    )
                ],
            }
        ).loc[data.index]
        data = data.assign(**{column: shown[column] for column in shown})
        order = list(dict.fromkeys(data["series"]))
        words = t(" and ", lang).join(
            t(_PRODUCT_WORDS.get(p, p), lang) for p in dict.fromkeys(map(str, products))
        )
        goods = (
            t("most Japanese goods", lang)
            if words == t("most goods", lang)
            else t("Japanese {products}", lang, products=words)
        )
        steps = [
            f"{r.label}（{pd.Timestamp(r.start).year}年{pd.Timestamp(r.start).month}月）"
            for r in data[data["dated"]].itertuples(index=False)
        ]
        if len(steps) > 4:
            steps = [steps[0], "…", *steps[-2:]]
        headline = t("U.S. duty on {goods}, {span}: ", lang, goods=goods, span=span) + t(
            ", then ", lang
        ).join(steps).replace("…" + t(", then ", lang), "…")
    description = _sentences(
        [
            t(
                "Chart of U.S. duties on {goods} from {first} to {last}, one horizontal segment "
                "per rate and period, in two panels: rates added on top of the normal (MFN) "
                "duty, and all-in or whole duties (the two are not on one scale).",
                lang,
                goods=goods,
                first=data["start"].min()[:4],
                last=data["stop"].max()[:4],
            )
            if mixed
            else t(
                "Chart of U.S. duties on {goods} from {first} to {last}, one horizontal segment "
                "per rate and period.",
                lang,
                goods=goods,
                first=data["start"].min()[:4],
                last=data["stop"].max()[:4],
            ),
            headline + t(".", lang),
            t("; ", lang).join(_segment_words(r, lang) for r in data.itertuples(index=False))
            + t(".", lang),
            t(
                "A + sign means the duty is added on top of the normal (MFN) duty; 'all-in' "
                "means it includes it.",
                lang,
            ),
        ],
        lang,
    )
    years = pd.to_datetime(data["stop"]).max().year - pd.to_datetime(data["start"]).min().year
    pattern = ("%Y" if lang == "en" else "%Y年") if years > 3 else t("%b %Y", lang)
    x_axis = alt.Axis(labelExpr=f"utcFormat(datum.value, '{pattern}')", labelOverlap=True)
    x_scale = alt.Scale(
        type="utc",
        padding=12,
        domain=[data["start"].min(), data["stop"].max()],
    )
    x = alt.X("start:T", title=t("Date", lang), scale=x_scale, axis=x_axis)
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("series:N", title=t("Duty", lang)),
        alt.Tooltip("label:N", title=t("Rate", lang)),
        alt.Tooltip("kind:N", title=t("How to read it", lang)),
        alt.Tooltip("from:N", title=t("From", lang)),
        alt.Tooltip("until:N", title=t("Until", lang)),
        alt.Tooltip("what:N", title=t("What it is", lang)),
    ]

    def panel(part: pd.DataFrame, y_title: str) -> alt.LayerChart:
        y = alt.Y(
            "rate:Q",
            title=y_title,
            scale=alt.Scale(domain=[0, float(data["rate"].max()) * 1.15 + 1], nice=False),
        )
        segments = (
            alt.Chart(part)
            .mark_rule(strokeWidth=4)
            .encode(
                x=x,
                x2="known_stop:T",
                y=y,
                color=colour,
                strokeDash=_dash("series:N", order),
                tooltip=tooltip,
            )
        )
        starts = (
            alt.Chart(part)
            .mark_point(filled=True, size=60)
            .encode(x=x, y=y, color=colour, shape=_shape("series:N", order), tooltip=tooltip)
        )
        labels = (
            alt.Chart(part)
            .mark_text(baseline="bottom", dy=-6, fontSize=11, color="#333333")
            .encode(
                x=alt.X("middle:T", title=t("Date", lang), scale=x_scale, axis=x_axis),
                y=y,
                text="label:N",
            )
        )
        layers: list[alt.Chart] = [segments, starts, labels]
        if part["open"].any():
            layers.append(
                alt.Chart(part[part["open"]])
                .mark_text(align="left", dx=2, fontSize=12, color="#333333")
                .encode(
                    x=alt.X("stop:T", title=t("Date", lang), scale=x_scale, axis=x_axis),
                    y=y,
                    text=alt.value("▶"),
                )
            )
        planned = part[part["scheduled"]]
        if not planned.empty:
            layers += [
                alt.Chart(planned)
                .mark_rule(strokeWidth=1.5, strokeDash=[2, 3], color="#555555")
                .encode(x=alt.X("known_stop:T", title=t("Date", lang), scale=x_scale, axis=x_axis),
                        x2="stop:T", y=y, tooltip=tooltip),
                alt.Chart(planned)
                .mark_text(align="right", baseline="top", dy=6, fontSize=10, color="#333333")
                .encode(
                    x=alt.X("stop:T", title=t("Date", lang), scale=x_scale, axis=x_axis),
                    y=y,
                    text=alt.value(t("scheduled end (a plan)", lang)),
                ),
            ]  # fmt: skip
        return alt.layer(*layers, width=width, height=height if not mixed else height // 2 + 40)

    key = "   ".join(f"{_SYMBOLS[SHAPES[i]]} {s}" for i, s in enumerate(order))
    notes = [
        key,
        t(
            "+ = added on top of the normal (MFN) duty; all-in = normal and extra duty together; "
            "▶ = still in force at the latest source read; dotted = scheduled, not yet a fact.",
            lang,
        ),
    ]
    if mixed:
        notes.append(
            t(
                "The two panels are not one scale: a + rate is paid on top of the normal duty, "
                "which differs from good to good.",
                lang,
            )
        )
    notes.append(
        t(
            "Sources: U.S. proclamations and executive orders as summarised by CRS, the trade "
            "press and customs brokers, cited per row of tariffs.",
            lang,
        )
    )
    title = alt.Title(headline, subtitle=notes)
    if not mixed:
        return panel(data, t("Duty (% of the value)", lang)).properties(
            title=title, description=description
        )
    panels = [
        panel(data[data["basis"] == b], f"{b} (%)")
        for b in dict.fromkeys(t(w, lang) for w in _BASIS_PANEL.values())
        if (data["basis"] == b).any()
    ]
    return (
        alt.vconcat(*panels, spacing=14)
        .resolve_scale(x="shared")
        .properties(title=title, description=description)
    )


#: The panel a kind of rate is drawn in when a chart mixes them (``us_tariff_chart``).
_BASIS_PANEL = {
    "total_inclusive_of_mfn": "All-in or whole duty",
    "duty_rate": "All-in or whole duty",
    "additional_to_mfn": "Added on top of the normal duty",
}


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
    lang = language()
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
        t("{rank} among investor countries", lang, rank=_rank(int(r), lang))
        if r == r
        else t("not stated", lang)
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
    headline_values = {"amount": f"{latest['usd_bn']:,.0f}", "year": int(latest["year"])}
    if not top.empty and latest["rank"] == 1:
        headline_msg = (
            "Japan has been the largest investor in the U.S. since {since}: "
            "about ${amount} billion in {year}"
        )
        headline_values["since"] = int(top["year"].min())
    else:
        headline_msg = "Japanese direct investment in the U.S.: about ${amount} billion in {year}"
    headline = t(headline_msg, lang, **headline_values)
    first, last = int(data["year"].min()), int(data["year"].max())

    def in_words(r: Any) -> str:
        rank = r.rank_text if lang == "en" else _rank(int(r.rank), lang) if r.rank_text else ""
        return (
            t("{year}: ${amount} bn", lang, year=r.year, amount=f"{r.usd_bn:,.1f}")
            if r.usd_bn == r.usd_bn
            else t("{year}: no value", lang, year=r.year)
        ) + (t(" ({rank})", lang, rank=rank) if rank else "")

    description = _sentences(
        [
            t(
                "Dot chart of the stock of Japanese direct investment in the United States, "
                "{first} to {last}, in billions of current U.S. dollars at historical cost, one "
                "series per basis ({series}), with Japan's rank among investor countries where "
                "a source gives it.",
                lang,
                first=first,
                last=last,
                series=t("; ", lang).join(t(s, lang) for s in order),
            ),
            headline + t(".", lang),
            t("; ", lang).join(in_words(r) for r in data.itertuples(index=False)) + t(".", lang),
        ],
        lang,
    )
    # Visible words in the course language.
    dots, rank_only = (_translated(f, ["series"], lang) for f in (dots, rank_only))
    order = [t(s, lang) for s in order]
    x = alt.X(
        "x:Q",
        title=t("Year (end of year)", lang),
        axis=alt.Axis(format="d"),
        scale=alt.Scale(zero=False, domain=[first - 1, last + 1], nice=False),
    )
    y = alt.Y(
        "usd_bn:Q",
        title=t("USD billion (current, historical cost)", lang),
        scale=alt.Scale(zero=True, domain=[0, float(dots["usd_bn"].max()) * 1.12]),
    )
    colour = _legend_free_colour("series:N", order)
    tooltip = [
        alt.Tooltip("year:Q", format="d", title=t("Year", lang)),
        alt.Tooltip("series:N", title=t("Basis", lang)),
        alt.Tooltip("usd_bn:Q", format=",.1f", title=t("USD bn", lang)),
        alt.Tooltip("rank_words:N", title=t("Japan's rank", lang)),
        alt.Tooltip("publisher:N", title=t("Source", lang)),
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
                t(
                    "Labels give Japan's rank among investor countries (#1 = largest) where a "
                    "source states it; a rank at the top has no dollar figure.",
                    lang,
                ),
                t(
                    "Source: U.S. Bureau of Economic Analysis, as reported by JETRO, ITA, CRS and "
                    "others, cited per row of fdi_position.",
                    lang,
                ),
            ],
        ),
        description=description,
    )
