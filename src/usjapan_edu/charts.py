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

import altair as alt
import pandas as pd

__all__ = ["PALETTE", "goods_trade_chart"]

#: Okabe–Ito colours (safe for the common forms of colour-vision deficiency).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]


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

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = goods_trade_chart(datasets.load("goods_trade")).to_dict()
    >>> spec["layer"][0]["encoding"]["x"]["type"]
    'quantitative'
    """
    rows = df[df["basis"] == basis]
    if rows.empty:
        known = sorted(df["basis"].dropna().astype(str).unique())
        msg = f"no goods_trade rows with basis {basis!r}; choose one of {known}"
        raise ValueError(msg)
    labels = {
        "us_exports_usd_bn": "U.S. exports to Japan",
        "us_imports_usd_bn": "U.S. imports from Japan",
        "us_balance_usd_bn": "U.S. balance (exports − imports)",
    }
    long = (
        rows[["year", *labels]]
        .assign(year=lambda d: d["year"].astype("int64"))
        .melt("year", var_name="series", value_name="usd_bn")
        .dropna(subset=["usd_bn"])
        .assign(series=lambda d: d["series"].map(labels))
    )
    first, last = int(long["year"].min()), int(long["year"].max())
    balance = rows["us_balance_usd_bn"].dropna()
    worst = rows.loc[balance.idxmin()]
    deficits = int((balance < 0).sum())
    headline = (
        "The U.S. bought more goods from Japan than it sold there in every year shown"
        if deficits == len(balance)
        else f"The U.S. ran a goods deficit with Japan in {deficits} of {len(balance)} years"
    )
    description = (
        f"Line chart of U.S. goods trade with Japan, {first} to {last}, in billions of current "
        f"U.S. dollars ({basis} basis), with three lines: exports, imports and the balance. "
        f"{headline}. The balance is lowest, {worst['us_balance_usd_bn']:.1f} billion, "
        f"in {int(worst['year'])}."
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
