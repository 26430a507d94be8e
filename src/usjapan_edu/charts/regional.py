"""Charts for notebook 05 (regional architecture): membership, overlaps, coverage of the world."""

from __future__ import annotations

import altair as alt
import pandas as pd

from usjapan_edu.charts._base import (
    PALETTE,
    SHAPES,
    _and_list,
    _check_input,
    _sentences,
    _translated,
)
from usjapan_edu.i18n import language, t

__all__ = [
    "coverage_chart",
    "membership_chart",
    "overlap_chart",
    "partnership_chart",
]

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
    lang = language()
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

    def headline_in(lang: str) -> str:
        if {"United States", "Japan"} <= set(data["country"]):
            shared = _and_list([g for g in groupings if g in both], lang)
            return t("The United States and Japan are both in {shared}", lang, shared=shared) + (
                t("; only Japan is in {only}", lang, only=_and_list(only_japan, lang))
                if only_japan
                else ""
            )
        top = order[0]
        return t(
            "{economy} belongs to the most groupings shown ({count})",
            lang,
            economy=t(top, lang),
            count=counts.get(top, 0),
        )

    headline = headline_in(lang)
    description = _sentences(
        [
            t(
                "Matrix of {economies} economies (rows) and {count} groupings (columns): {sizes}.",
                lang,
                economies=len(order),
                count=len(groupings),
                sizes=t("; ", lang).join(
                    t("{grouping} {count} members", lang, grouping=g, count=int(sizes[g]))
                    if g in sizes
                    else t("{grouping} no member in force", lang, grouping=g)
                    for g in groupings
                ),
            ),
            headline + t(".", lang),
            t(
                "Each cell's shape and colour give the status ({statuses}); an empty cell means "
                "not a member.",
                lang,
                statuses=t(", ", lang).join(t(s, lang) for s in statuses),
            ),
            t("Rows are sorted by the number of groupings an economy belongs to.", lang),
        ],
        lang,
    )
    shapes = [_STATUS_SHAPES[s] for s in statuses]
    # Visible words in the course language.
    data = _translated(data, ["status"], lang)
    statuses = [t(s, lang) for s in statuses]
    colour = alt.Color(
        "status:N",
        sort=statuses,
        scale=alt.Scale(domain=statuses, range=PALETTE[: len(statuses)]),
        legend=alt.Legend(title=t("Status", lang), orient="top"),
    )
    shape = alt.Shape(
        "status:N",
        sort=statuses,
        scale=alt.Scale(domain=statuses, range=shapes),
        legend=alt.Legend(title=t("Status", lang), orient="top"),
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
            alt.Tooltip("country:N", title=t("Economy", lang)),
            alt.Tooltip("grouping:N", title=t("Grouping", lang)),
            alt.Tooltip("status:N", title=t("Status", lang)),
            alt.Tooltip("since:N", title=t("Since", lang)),
        ],
    )
    return alt.layer(grid, marks).properties(
        title=alt.Title(
            headline,
            subtitle=[
                t(
                    "Who belongs to what. Shape and colour give the status; hover for the date it "
                    "began. An empty cell: not a member.",
                    lang,
                ),
                t(
                    "Source: agreement_membership (depositaries, foreign ministries and press, as "
                    "cited per row).",
                    lang,
                ),
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
    >>> from usjapan_edu import charts, datasets
    >>> chart = overlap_chart(datasets.load("agreement_membership"))
    >>> table = charts.chart_table(chart).to_frame()
    >>> quad = (table["Grouping"] == "Quad") & (table["Other grouping"] == "Quad")
    >>> int(table.loc[quad, "Members in both"].item())
    4
    """
    _check_input(df, "overlap_chart", "agreement_membership", ["country", "agreement", "status"])
    lang = language()
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

    def headline_in(lang: str) -> str:
        if pairs.empty:
            return t(
                "{grouping} has {count} members",
                lang,
                grouping=groupings[0],
                count=len(who[groupings[0]]),
            )
        most = int(pairs["shared"].iloc[0])
        tied = [
            t("{a} and {b}", lang, a=r.grouping, b=r.other)
            for r in pairs.itertuples()
            if r.shared == most
        ]
        if len(tied) == 1:
            return t("{pair} share the most members: {count}", lang, pair=tied[0], count=most)
        return t(
            "{pairs} pairs tie for the most shared members ({count}): ",
            lang,
            pairs=len(tied),
            count=most,
        ) + t("; ", lang).join(tied)

    headline = headline_in(lang)
    count = len(groupings)
    description = _sentences(
        [
            t(
                "Matrix of {count} groupings against each other: each cell gives the number of "
                "economies that are full members of both (on the diagonal, the grouping's size: "
                "{sizes}).",
                lang,
                count=count,
                sizes=t("; ", lang).join(f"{g} {len(who[g])}" for g in groupings),
            ),
            headline + t(".", lang),
            (
                t(
                    "Only {economies} belongs to all {count}.",
                    lang,
                    economies=t(everywhere[0], lang),
                    count=count,
                )
                if len(everywhere) == 1
                else t(
                    "Only {economies} belong to all {count}.",
                    lang,
                    economies=_and_list([t(e, lang) for e in everywhere], lang),
                    count=count,
                )
            )
            if everywhere
            else t("No economy belongs to all {count}.", lang, count=count),
        ],
        lang,
    )
    kinds = [t(k, lang) for k in ("members of the grouping", "members in both")]
    data = _translated(data, ["kind"], lang)
    data["who"] = data["who"].replace({"none": t("none", lang)})
    x = alt.X("other:N", sort=groupings, title=None, axis=alt.Axis(orient="top", labelAngle=0))
    y = alt.Y("grouping:N", sort=groupings, title=None)
    base = alt.Chart(data, width=cell * len(groupings), height=cell * len(groupings))
    tooltip = [
        alt.Tooltip("grouping:N", title=t("Grouping", lang)),
        alt.Tooltip("other:N", title=t("Other grouping", lang)),
        alt.Tooltip("shared:Q", title=t("Members in both", lang)),
        alt.Tooltip("who:N", title=t("Who", lang)),
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
                t(
                    "Full members that two groupings share; on the diagonal (squares), the size "
                    "of the grouping. Hover for the names.",
                    lang,
                ),
                t(
                    "Source: agreement_membership (depositaries, foreign ministries and press, as "
                    "cited per row).",
                    lang,
                ),
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
    lang = language()
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

    def headline_in(lang: str) -> str:
        return t(
            "In {year}, {top} members produced {pct} % of world GDP",
            lang,
            year=year,
            top=top,
            pct=f"{gdp[top]:.0f}",
        ) + (
            t("; the CPTPP's {pct} %", lang, pct=f"{gdp['CPTPP']:.0f}")
            if "CPTPP" in gdp and top != "CPTPP"
            else ""
        )

    headline = headline_in(lang)
    missing_any = sorted({m for m in data["missing"] if m != "none"})
    description = _sentences(
        [
            t(
                "Bar chart of each grouping's share of world GDP and share of world population "
                "in {year}, in per cent of the World Bank's World total: {shares}.",
                lang,
                year=year,
                shares=t("; ", lang).join(
                    t(
                        "{grouping} {gdp} % of GDP, {people} % of people",
                        lang,
                        grouping=g,
                        gdp=f"{gdp[g]:.1f}",
                        people=f"{people[g]:.1f}",
                    )
                    for g in groupings
                ),
            ),
            headline + t(".", lang),
            t(
                "Members without World Bank figures are left out ({economies}), so those shares "
                "are slightly too low.",
                lang,
                economies=t(", ", lang).join(missing_any),
            )
            if missing_any
            else "",
        ],
        lang,
    )
    # Visible words in the course language.
    data = _translated(data, ["measure"], lang)
    data["missing"] = data["missing"].replace({"none": t("none", lang)})
    measures = [t(m, lang) for m in measures]
    y = alt.Y("grouping:N", sort=groupings, title=None, axis=alt.Axis(labelFontSize=12))
    x = alt.X(
        "share:Q",
        title=t("Per cent of the world total, {year}", lang, year=year),
        scale=alt.Scale(domain=[0, 100]),
    )
    colour = alt.Color(
        "measure:N",
        sort=measures,
        scale=alt.Scale(domain=measures, range=PALETTE[:2]),
        legend=alt.Legend(title=None, orient="top"),
    )
    tooltip = [
        alt.Tooltip("grouping:N", title=t("Grouping", lang)),
        alt.Tooltip("measure:N", title=t("Measure", lang)),
        alt.Tooltip("share:Q", format=".1f", title=t("Per cent of world", lang)),
        alt.Tooltip("counted:Q", title=t("Members counted", lang)),
        alt.Tooltip("missing:N", title=t("Members without World Bank data", lang)),
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
                t(
                    "Members as listed today, figures of {year}: GDP in current US dollars and "
                    "population, as a share of the World Bank's World total.",
                    lang,
                    year=year,
                ),
                t("Source: World Bank, World Development Indicators; agreement_membership.", lang),
            ],
        ),
        description=description,
    )


#: How each ``security_partnerships`` milestone is drawn: (words, shape, colour).
_MILESTONES = {
    "signed": ("signed", "circle", PALETTE[0]),
    "entered_into_force": ("in force", "square", PALETTE[1]),
    "first_leaders_meeting": ("first leaders' meeting", "diamond", PALETTE[2]),
}


def partnership_chart(df: pd.DataFrame, *, width: int = 520) -> alt.LayerChart:
    """Japan's security partnerships on a time line: one row each, a mark per milestone.

    A line joins an agreement's signing to its entry into force (the wait for ratification);
    each milestone has its own shape and colour, and its date is written beside the mark.

    Parameters
    ----------
    df : pandas.DataFrame
        The ``security_partnerships`` dataset (``datasets.load("security_partnerships")``).
    width : int, keyword-only
        Width in pixels (the height follows the number of partnerships).

    Returns
    -------
    altair.LayerChart

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not the ``security_partnerships`` dataset.

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> spec = partnership_chart(datasets.load("security_partnerships")).to_dict()
    >>> spec["title"]["text"].startswith("Japan's")
    True
    """
    name = "partnership_chart"
    lang = language()
    _check_input(
        df, name, "security_partnerships", ["partnership", "milestone", "date", "source_url"]
    )
    data = df[["partnership", "milestone", "date", "source_url"]].copy()
    data["date"] = pd.to_datetime(data["date"], errors="coerce")
    data = data.dropna(subset=["date"]).sort_values("date")
    data["milestone"] = data["milestone"].astype(str)
    data["what"] = [_MILESTONES.get(m, (m.replace("_", " "),))[0] for m in data["milestone"]]
    data["day"] = data["date"].dt.strftime("%Y-%m-%d")
    data["label"] = (
        [f"{d.year}年{d.month}月" for d in data["date"]]
        if lang == "ja"
        else data["date"].dt.strftime("%b %Y")
    )
    order = list(dict.fromkeys(data["partnership"].astype(str)))
    data["partnership"] = data["partnership"].astype(str)
    waits = []
    for partnership, rows in data.groupby("partnership", sort=False):
        signed = rows.loc[rows["milestone"] == "signed", "date"]
        in_force = rows.loc[rows["milestone"] == "entered_into_force", "date"]
        if len(signed) and len(in_force):
            months = (in_force.iloc[0] - signed.iloc[0]).days / 30.44
            waits.append((partnership, signed.iloc[0], in_force.iloc[0], round(months)))
    lines = pd.DataFrame(
        [
            {"partnership": p, "start": a.strftime("%Y-%m-%d"), "stop": b.strftime("%Y-%m-%d"),
             "wait": t("{months} months from signing to entry into force", lang, months=m)}
            for p, a, b, m in waits
        ],
        columns=["partnership", "start", "stop", "wait"],
    )  # fmt: skip
    data["date"] = data["day"]
    kinds = [k for k in _MILESTONES if k in set(data["milestone"])]
    words = [_MILESTONES[k][0] for k in kinds]
    y = alt.Y("partnership:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    date_title = t("Date", lang)
    x = alt.X("date:T", title=date_title, scale=alt.Scale(type="utc"), axis=alt.Axis(format="%Y"))
    tooltip = [
        alt.Tooltip("partnership:N", title=t("Partnership", lang)),
        alt.Tooltip("what:N", title=t("Milestone", lang)),
        alt.Tooltip("day:N", title=date_title),
        alt.Tooltip("source_url:N", title=t("Source", lang)),
    ]
    shown = _translated(data, ["what"], lang)  # milestones in the course language
    shown_words = [t(w, lang) for w in words]
    colour = alt.Color(
        "what:N",
        scale=alt.Scale(domain=shown_words, range=[_MILESTONES[k][2] for k in kinds]),
        legend=alt.Legend(title=t("Milestone", lang), orient="bottom"),
    )
    shape = alt.Shape(
        "what:N",
        scale=alt.Scale(domain=shown_words, range=[_MILESTONES[k][1] for k in kinds]),
        legend=alt.Legend(title=t("Milestone", lang), orient="bottom"),
    )
    height = 46 * len(order)
    layers: list[alt.Chart] = []
    if not lines.empty:
        layers.append(
            alt.Chart(lines)
            .mark_rule(strokeWidth=3, color="#999999")
            .encode(
                x=alt.X(
                    "start:T",
                    title=date_title,
                    scale=alt.Scale(type="utc"),
                    axis=alt.Axis(format="%Y"),
                ),
                x2="stop:T",
                y=y,
                tooltip=[
                    alt.Tooltip("partnership:N", title=t("Partnership", lang)),
                    alt.Tooltip("wait:N", title=t("Wait", lang)),
                ],
            )
        )
    layers += [
        alt.Chart(shown)
        .mark_point(filled=True, size=120, opacity=0.95)
        .encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip),
        alt.Chart(shown)
        .mark_text(dy=-12, fontSize=10, color="#333333")
        .encode(x=x, y=y, text="label:N"),
    ]
    first, last = data["day"].iloc[0][:4], data["day"].iloc[-1][:4]
    longest = max(waits, key=lambda w: w[3]) if waits else None
    headline = t(
        "Japan's security partnerships in the region, {first}–{last}: {count} partnerships",
        lang,
        first=first,
        last=last,
        count=len(order),
    )
    description = _sentences(
        [
            t(
                "Time line of {count} security partnerships of Japan, {first} to {last}, one row "
                "each ({partnerships}), with a mark per milestone (signed, in force, first "
                "leaders' meeting) and a line from signing to entry into force.",
                lang,
                count=len(order),
                first=first,
                last=last,
                partnerships=t("; ", lang).join(order),
            ),
            t("; ", lang).join(
                t(
                    "{partnership}: {milestone} {date}",
                    lang,
                    partnership=r.partnership,
                    milestone=t(r.what, lang),
                    date=r.day,
                )
                for r in data.itertuples(index=False)
            )
            + t(".", lang),
            t(
                "The longest wait for entry into force: {partnership}, {months} months.",
                lang,
                partnership=longest[0],
                months=longest[3],
            )
            if longest
            else "",
        ],
        lang,
    )
    return alt.layer(*layers, width=width, height=height).properties(
        title=alt.Title(
            headline,
            subtitle=[
                t(
                    "● signed   ■ in force   ◆ first leaders' meeting; the grey line is the wait "
                    "between signing and entry into force.",
                    lang,
                ),
                t(
                    "Source: security_partnerships (Ministry of Foreign Affairs of Japan and the "
                    "press, cited per row).",
                    lang,
                ),
            ],
        ),
        description=description,
    )
