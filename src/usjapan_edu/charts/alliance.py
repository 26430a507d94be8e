"""Charts for notebook 01 (the alliance at a glance): the timeline and U.S. forces in Japan."""

from __future__ import annotations

import altair as alt
import pandas as pd

from usjapan_edu.charts._base import (
    _check_input,
    _dash,
    _end_labels,
    _event_date_x,
    _event_tooltip,
    _legend_free_colour,
    _segments,
    _sentences,
    _shape,
    _span,
    _translated,
)
from usjapan_edu.i18n import language, t

__all__ = [
    "timeline_chart",
    "us_forces_chart",
]

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
    lang = language()
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
    headline_msg = "{domain} has the most milestones: {count} of {total} events"

    def headline_in(lang: str) -> str:
        domain = top.capitalize() if lang == "en" else t(top, lang)
        return t(headline_msg, lang, domain=domain, count=counts[top], total=len(data))

    headline = headline_in(lang)
    per_domain = t(", ", lang).join(
        t("{domain} {count}", lang, domain=t(d, lang), count=counts[d]) for d in domains
    )
    description = _sentences(
        [
            t(
                "Timeline of {count} milestones of the U.S.–Japan alliance from {first} to "
                "{last}, one row of dots per domain ({domains}).",
                lang,
                count=len(data),
                first=first,
                last=last,
                domains=per_domain,
            ),
            headline + t(".", lang),
            t(
                "A menu below the chart shows one domain at a time; each dot's tooltip gives "
                "the date, title, a description and the source.",
                lang,
            ),
        ],
        lang,
    )
    # Domains in the course language: the rows, the menu and the tooltips.
    data = _translated(data, ["domain"], lang)
    domains = [t(d, lang) for d in domains]
    pick = alt.selection_point(
        name="domain_menu",
        fields=["domain"],
        bind=alt.binding_select(
            options=[None, *domains],
            labels=[t("all domains", lang), *domains],
            name=t("Show domain: ", lang),
        ),
    )
    return (
        alt.Chart(data, width=width, height=height)
        .mark_point(filled=True, size=110, opacity=0.85)
        .encode(
            x=_event_date_x(),
            y=alt.Y("domain:N", sort=domains, title=None, axis=alt.Axis(labelFontSize=13)),
            color=_legend_free_colour("domain:N", domains),
            shape=_shape("domain:N", domains),
            tooltip=_event_tooltip(),
        )
        .add_params(pick)
        .transform_filter(pick)
        .properties(
            title=alt.Title(
                headline,
                subtitle=t(
                    "U.S.–Japan alliance milestones by domain, {first}–{last}. "
                    "Choose a domain in the menu below; hover over a dot for its source.",
                    lang,
                    first=first,
                    last=last,
                ),
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
    lang = language()
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
    # the title leaves the peak year out: notebook 01 asks students to find it
    headline_msg = (
        "U.S. military personnel in Japan: about {peak} at the peak in the {decade}s, "
        "about {latest} in {year}"
    )
    headline_values = {
        "peak": f"{round(int(peak.persons), -3):,}",
        "decade": int(peak.year) // 10 * 10,
        "latest": f"{round(int(latest.persons), -3):,}",
        "year": int(latest.year),
    }
    headline = t(headline_msg, lang, **headline_values)
    flagged_years = sorted(set(data.loc[data["flagged"], "year"]))
    description = _sentences(
        [
            t(
                "Line chart of U.S. military personnel in Japan, {first} to {last}, one line per "
                "way of counting: {series}.",
                lang,
                first=first,
                last=last,
                series=t(", ", lang).join(t(s, lang) for s in order),
            ),
            headline + t(".", lang),
            t(
                "A dashed vertical rule marks {year}, when the counts start to include sailors "
                "of ships based in Japan, so the rise after it is partly a change of definition; "
                "the lines stop there and where a year is missing.",
                lang,
                year=break_year,
            ),
            t(
                "Figures flagged as unreliable, drawn as crosses off the line: {years}.",
                lang,
                years=t(", ", lang).join(map(str, flagged_years)),
            )
            if flagged_years
            else "",
        ],
        lang,
    )
    # Visible words in the course language.
    data = _translated(data, ["series", "quality"], lang)
    on_line = _translated(on_line, ["series", "quality"], lang)
    order = [t(s, lang) for s in order]
    span = _span(data["persons"])
    tooltip = [
        alt.Tooltip("year:Q", format="d", title=t("Year", lang)),
        alt.Tooltip("series:N", title=t("Count", lang)),
        alt.Tooltip("persons:Q", format=",d", title=t("Persons", lang)),
        alt.Tooltip("quality:N", title=t("Quality note", lang)),
    ]
    x = alt.X(
        "year:Q",
        title=t("Year", lang),
        axis=alt.Axis(format="d", labelFlush=False),
        scale=alt.Scale(zero=False, nice=False),
    )
    y = alt.Y(
        "persons:Q",
        title=t("U.S. military personnel in Japan (persons)", lang),
        axis=alt.Axis(format=",d"),
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
        .encode(x=x, y=y, text=alt.value(t("✕ flagged", lang)))
    )
    ends = _end_labels(on_line, "year", "persons", "series", span=span, height=height)
    end_labels = (
        alt.Chart(ends)
        .mark_text(align="left", dx=10, fontSize=11)
        .encode(x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text="series:N", color=colour)
    )
    rule_data = pd.DataFrame(
        {
            "year": [break_year - 0.5],
            "text": [t("{year}: sailors on ships based in Japan", lang, year=break_year)],
        }
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
                t(
                    "Lines stop at a missing year and at {year}, when the way of counting "
                    "changes; ✕ marks figures flagged as unreliable.",
                    lang,
                    year=break_year,
                ),
                t(
                    "Source: U.S. Defense Manpower Data Center (DMDC) via troopdata; U.S. Forces "
                    "Japan.",
                    lang,
                ),
            ],
        ),
        description=description,
    )
