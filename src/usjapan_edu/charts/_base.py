"""Shared pieces of the chart helpers: palette, input checks, legends beyond colour, tables."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from usjapan_edu.charts._theme import CJK_FONTS, PALETTE
from usjapan_edu.i18n import t

__all__ = [
    "CJK_FONTS",
    "DASHES",
    "PALETTE",
    "SHAPES",
    "ChartTable",
    "chart_table",
]

#: Stroke dash patterns paired with ``PALETTE`` (solid, dashed, dotted, dash-dot, long dash).
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4]]


#: Point shapes paired with ``PALETTE``, so a series is told apart without colour.
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"]


_SYMBOLS = {"circle": "●", "square": "■", "triangle-up": "▲", "diamond": "◆", "cross": "✚"}


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


def _event_date_x() -> alt.X:
    """Return the x axis of a chart of dated events (``alliance_timeline`` rows): UTC years."""
    return alt.X(
        "date:T",
        title=t("Date"),
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(format="%Y", formatType="utc"),
    )


def _event_tooltip() -> list[alt.Tooltip]:
    """Return the tooltip of an ``alliance_timeline`` event: date, domain, title, source."""
    return [
        alt.Tooltip("date:N", title=t("Date")),
        alt.Tooltip("domain:N", title=t("Domain")),
        alt.Tooltip("title:N", title=t("Event")),
        alt.Tooltip("description:N", title=t("What happened")),
        alt.Tooltip("source_url:N", title=t("Source")),
    ]


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
        summary = t("Show the numbers as a table ({rows} rows)", rows=len(self._frame))
        return f'<details class="usj-chart-table"><summary>{summary}</summary>{table}</details>'


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
    >>> from usjapan_edu import charts, datasets
    >>> chart = charts.military_spending_chart(datasets.load("military_expenditure"))
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
    return ChartTable(table, caption or t("The numbers behind the chart"))


def _sentences(parts: Sequence[str], lang: str = "en") -> str:
    """Return the non-empty ``parts`` as one text: a space between sentences, none in Japanese.

    Examples
    --------
    >>> _sentences(["One.", "", "Two."]), _sentences(["一。", "二。"], "ja")
    ('One. Two.', '一。二。')
    """
    return ("" if lang == "ja" else " ").join(p for p in parts if p)


def _and_list(items: Sequence[str], lang: str = "en") -> str:
    """Return ``a, b and c`` (in Japanese ``a、b、c``)."""
    items = list(items)
    if lang == "ja":
        return "、".join(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _country(name: str, lang: str = "en") -> str:
    """Return a country's name as used in a sentence ("the United States"; in ja, 米国)."""
    if lang != "en":
        return t(name, lang)
    return f"the {name}" if name.startswith("United ") else name


def _translated(frame: pd.DataFrame, columns: Sequence[str], lang: str) -> pd.DataFrame:
    """Return ``frame`` with the words in ``columns`` in ``lang`` (English: ``frame`` itself)."""
    if lang == "en" or frame.empty:
        return frame
    return frame.assign(**{c: frame[c].astype(str).map(lambda s: t(s, lang)) for c in columns})


def _rank(n: int, lang: str = "en") -> str:
    """Return a rank: ``2nd`` in English, ``2位`` in Japanese."""
    return f"{n}位" if lang == "ja" else _ordinal(n)


def _ordinal(n: int) -> str:
    """Return an ordinal number in English: ``1st``, ``2nd``, ``3rd``, ``4th``.

    Examples
    --------
    >>> [_ordinal(n) for n in (1, 2, 3, 4, 11, 12, 21)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '21st']
    """
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
