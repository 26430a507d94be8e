"""Charts for notebook 04 (digital economy): digital trade rules compared."""

from __future__ import annotations

import altair as alt
import pandas as pd

from usjapan_edu.charts._base import (
    _SYMBOLS,
    PALETTE,
    SHAPES,
    _check_input,
    _event_date_x,
    _event_tooltip,
    _legend_free_colour,
    _sentences,
    _shape,
    _translated,
)
from usjapan_edu.i18n import language, t

__all__ = [
    "digital_provisions_chart",
    "labelled_events_chart",
]

#: Most events a labelled event chart draws (one labelled row each).
MAX_LABELLED_EVENTS = 40

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
    lang = language()
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
    coverage_en = list(data["coverage"])
    order = [w for k, w in OBLIGATION_WORDS.items() if w in set(data["strength"])]
    colours = [_OBLIGATION_COLOURS[k] for k, w in OBLIGATION_WORDS.items() if w in order]
    shapes = [SHAPES[list(OBLIGATION_WORDS.values()).index(w)] for w in order]
    counts = data.groupby(["agreement", "strength"]).size()
    binding = {a: int(counts.get((a, OBLIGATION_WORDS["binding"]), 0)) for a in agreements}
    unread = (OBLIGATION_WORDS["not_verified"], OBLIGATION_WORDS["not_applicable"])
    read = {
        a: int(sum(counts.get((a, w), 0) for w in order if w not in unread)) for a in agreements
    }
    # A count of 'binding' cells measures how much wording was read as much as how strong the
    # rules are, so the headline says what was read, and leaves strength to the cells.
    headline_msg = (
        "Wording read for {counts} of {total} topics: 'not verified' means unknown, not weak"
    )
    headline_values = {
        "counts": t(", ", lang).join(f"{a} {read[a]}" for a in agreements),
        "total": len(labels),
    }
    headline = t(headline_msg, lang, **headline_values)
    per_agreement = t("; ", lang).join(
        t(
            "{agreement}: {counts}",
            lang,
            agreement=a,
            counts=t(", ", lang).join(
                t("{count} {strength}", lang, count=counts[(a, w)], strength=t(w, lang))
                for w in order
                if counts.get((a, w), 0)
            ),
        )
        for a in agreements
    )
    description = _sentences(
        [
            t(
                "Heatmap of {provisions} digital-trade provisions (rows) in {count} agreements "
                "(columns: {agreements}).",
                lang,
                provisions=len(labels),
                count=len(agreements),
                agreements=t(", ", lang).join(agreements),
            ),
            t("Each cell names the strength of the rule and its article.", lang),
            headline + t(".", lang),
            t(
                "Binding where read: {counts}.",
                lang,
                counts=t(", ", lang).join(f"{a} {binding[a]}" for a in agreements),
            ),
            per_agreement + t(".", lang),
        ],
        lang,
    )
    if lang != "en":  # the words in the cells, in the course language
        data = _translated(data, ["strength", "coverage"], lang)
        data["cell"] = [
            s + (t(" (partly)", lang) if c == "partly" else "") + (f" · {a}" if a != "—" else "")
            for s, c, a in zip(data["strength"], coverage_en, short, strict=True)
        ]
        order = [t(w, lang) for w in order]
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
        alt.Tooltip("provision:N", title=t("Provision", lang)),
        alt.Tooltip("agreement:N", title=t("Agreement", lang)),
        alt.Tooltip("coverage:N", title=t("Has an article on it", lang)),
        alt.Tooltip("strength:N", title=t("Strength of the wording", lang)),
        alt.Tooltip("article:N", title=t("Article", lang)),
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
                *(
                    t(line, lang)
                    for line in (
                        "Each cell: how strongly the wording binds, and the article "
                        "(hover for details).",
                        "'Not verified': the wording was not read in the text or an official "
                        "summary.",
                        "The topics are the DTA's own articles, so the DTA column has an article "
                        "in every row by construction.",
                        "Sources: TPP ch. 14, USMCA ch. 19, the DTA and Japan's Diet summary, as "
                        "cited",
                        "per row of digital_trade_provisions.",
                    )
                ),
            ],
        ),
        description=description,
    )


def labelled_events_chart(df: pd.DataFrame, *, width: int = 420) -> alt.Chart:
    """Draw a short list of timeline events, one labelled row each (date and title by the dot).

    For a filtered part of ``alliance_timeline`` (notebook 04's chip and economic-security
    events), where a dot without a label would say nothing. Rows are in date order; colour and
    shape both give the domain (each named in the subtitle), and the tooltip adds the
    description and the source.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    ValueError
        If ``df`` is not (part of) ``alliance_timeline``, has no dated row, or has more than
        :data:`MAX_LABELLED_EVENTS` rows (filter it first).

    Examples
    --------
    >>> from usjapan_edu import datasets
    >>> t = datasets.load("alliance_timeline")
    >>> spec = labelled_events_chart(t[t["domain"] == "digital"]).to_dict()
    >>> spec["encoding"]["y"]["field"]
    'event'
    """
    name = "labelled_events_chart"
    lang = language()
    _check_input(df, name, "alliance_timeline", ["date", "domain", "title", "source_url"])
    keep = [c for c in ("date", "domain", "title", "description", "source_url") if c in df]
    data = df[keep].copy()
    data["date"] = pd.to_datetime(data["date"], errors="coerce")
    data = data.dropna(subset=["date", "domain"]).sort_values("date")
    if data.empty:
        msg = f"{name}: no row of the data given has both a date and a domain"
        raise ValueError(msg)
    if len(data) > MAX_LABELLED_EVENTS:
        msg = (
            f"{name}: {len(data)} events are too many to label one by one (at most "
            f"{MAX_LABELLED_EVENTS}); filter the timeline first, or use charts.timeline_chart"
        )
        raise ValueError(msg)
    data["domain"] = data["domain"].astype(str)
    domains = list(dict.fromkeys(data["domain"]))
    data["event"] = data["date"].dt.strftime("%Y-%m-%d") + "  " + data["title"].astype(str)
    data["date"] = data["date"].dt.strftime("%Y-%m-%d")
    if "description" not in data:
        data["description"] = ""
    first, last = data["date"].iloc[0][:4], data["date"].iloc[-1][:4]
    headline = t(
        "{count} events, {first}–{last}, one labelled row each",
        lang,
        count=len(data),
        first=first,
        last=last,
    )
    description = _sentences(
        [
            t(
                "Labelled timeline of {count} events from {first} to {last}, one row per event in "
                "date order, the date and title written beside each dot; colour and shape give "
                "the domain ({domains}).",
                lang,
                count=len(data),
                first=first,
                last=last,
                domains=t(", ", lang).join(t(d, lang) for d in domains),
            ),
            t("Events: {events}.", lang, events=t("; ", lang).join(data["event"])),
        ],
        lang,
    )
    # Domains in the course language: the key, the colours and shapes, the tooltips.
    data = _translated(data, ["domain"], lang)
    domains = [t(d, lang) for d in domains]
    key = "   ".join(f"{_SYMBOLS[SHAPES[i % len(SHAPES)]]} {d}" for i, d in enumerate(domains))
    return (
        alt.Chart(data, width=width, height=22 * len(data))
        .mark_point(filled=True, size=90, opacity=0.9)
        .encode(
            x=_event_date_x(),
            y=alt.Y(
                "event:N",
                sort=list(data["event"]),
                title=None,
                axis=alt.Axis(labelLimit=420, labelFontSize=11),
            ),
            color=_legend_free_colour("domain:N", domains),
            shape=_shape("domain:N", domains),
            tooltip=_event_tooltip(),
        )
        .properties(
            title=alt.Title(
                headline,
                subtitle=[key, t("Hover over a dot for what happened and the source.", lang)],
            ),
            description=description,
        )
    )
