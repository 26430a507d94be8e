"""The expected-answer rules of exercise files, checked into :mod:`.spec` objects.

A rule is data: a dataset name, a filter written as data (``where:``, parsed by
:func:`usjapan_edu.filters.parse_where`, never evaluated), and what to take from the selected
rows. :class:`RuleChecker` extends the quiz's :class:`~usjapan_edu.quiz._checks.Checker` (its
text, list, number and key helpers) with these rules; every problem names its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from usjapan_edu.exercises import rules
from usjapan_edu.exercises.spec import (
    AGGREGATES,
    CHART_TYPES,
    ChannelRule,
    ChartMiss,
    ChartRule,
    FrameRule,
    ListRule,
    Literal,
    ValueRule,
)
from usjapan_edu.filters import FilterError, Where, parse_where
from usjapan_edu.quiz._checks import Checker, _closest, _kind, _short
from usjapan_edu.quiz._yaml import item_line, line_of, path_line
from usjapan_edu.quiz.model import fold_text

__all__ = [
    "CHANNELS",
    "CHANNEL_KEYS",
    "CHART_KEYS",
    "CHART_MISS_KEYS",
    "DIVISOR_KEYS",
    "FRAME_KEYS",
    "LIST_KEYS",
    "MARKS",
    "VALUE_KEYS",
    "RuleChecker",
]

VALUE_KEYS = (
    "dataset", "where", "column", "aggregate", "at_max", "at_min", "divide_by", "times", "value",
)  # fmt: skip
DIVISOR_KEYS = ("dataset", "where", "column", "aggregate", "at_max", "at_min")
LIST_KEYS = ("dataset", "where", "column", "sort_by", "descending", "values")
FRAME_KEYS = ("dataset", "where", "columns", "sort_by", "descending")
CHART_KEYS = ("dataset", "mark", "encoding", "shows_every")
CHART_MISS_KEYS = ("mark", "encoding", "where")
CHANNEL_KEYS = ("field", "type")
MARKS = (
    "arc", "area", "bar", "boxplot", "circle", "errorband", "errorbar", "geoshape", "image",
    "line", "point", "rect", "rule", "square", "text", "tick", "trail",
)  # fmt: skip
"""Vega-Lite marks."""
CHANNELS = (
    "x", "y", "x2", "y2", "xOffset", "yOffset", "color", "fill", "stroke", "opacity",
    "fillOpacity", "strokeOpacity", "strokeDash", "strokeWidth", "size", "shape", "angle",
    "theta", "radius", "text", "tooltip", "detail", "order", "href", "key", "row", "column",
    "facet", "latitude", "longitude",
)  # fmt: skip
"""Vega-Lite encoding channels."""
RULE_EXAMPLE = (
    "expected: {dataset: military_expenditure, where: {country: Japan, year: 2023}, "
    "column: share_of_gdp_pct}"
)


class RuleChecker(Checker):
    """The quiz's checker (with "file" in place of "bank") plus the rules of exercise files."""

    def __init__(self, filename: str, *, resolve: bool) -> None:
        super().__init__(filename, resolve=resolve)
        self.data = rules.Data()

    def add(self, line: int, where: str, message: str) -> None:
        """Record one problem (``file`` stands for problems of the whole file)."""
        super().add(line, "file" if where == "bank" else where, message)

    def flag(self, raw: Mapping[Any, Any], key: str, where: str, line: int, default: bool) -> bool:
        """Return ``raw[key]`` as true/false (``default`` when absent)."""
        value = raw.get(key)
        if value is None:
            return default
        if isinstance(value, str) and fold_text(value) in {"true", "false"}:
            return fold_text(value) == "true"
        if not isinstance(value, bool):
            self.add(
                line_of(raw, key, line),
                where,
                f"{key} must be true or false, not {_short(value)}",
            )
            return default
        return value

    def mapping(self, raw: Mapping[Any, Any], key: str, where: str, line: int, how: str) -> Any:
        """Return ``raw[key]`` if it is a mapping (or absent), else report it."""
        value = raw.get(key)
        if value is not None and not isinstance(value, Mapping):
            self.add(
                line_of(raw, key, line),
                where,
                f"{key} must be a mapping, not {_kind(value)}; {how}",
            )
            return None
        return value

    def where_filter(
        self, raw: Mapping[Any, Any], where: str, line: int, label: str
    ) -> Where | None:
        """Parse ``where:`` as a filter written as data, reporting the line of a bad column."""
        try:
            return parse_where(raw.get("where"))
        except FilterError as exc:
            field = f"where.{exc.key}" if exc.key else "where"
            self.add(path_line(raw, field, line), where, f"{label}: {exc}")
            return None

    def dataset(
        self, spec: Mapping[Any, Any], where: str, line: int, label: str, *, required: bool
    ) -> str | None:
        """Return the rule's dataset name if it is a bundled dataset."""
        name = self.text(
            spec,
            "dataset",
            where,
            line,
            required=required,
            how="name a dataset, e.g. dataset: military_expenditure",
        )
        if name is not None and not self.dataset_name(
            name, where, line_of(spec, "dataset", line), label
        ):
            return None
        return name

    def value_rule(
        self,
        spec: Mapping[Any, Any],
        where: str,
        line: int,
        *,
        kind: str,
        label: str = "expected",
        inherit: str | None = None,
        near_miss: bool = False,
    ) -> ValueRule | Literal | None:
        """Check a rule that gives one value (a number or a text).

        A near miss's rule may also say ``row_label: true``: the selected row's label (what
        ``.idxmax()`` gives) instead of a column's value.
        """
        divisor = inherit is not None
        before = len(self.problems)
        allowed = DIVISOR_KEYS if divisor else VALUE_KEYS
        if near_miss and not divisor:
            allowed = (*allowed, "row_label")
        self.keys(spec, allowed, where, line, what=label)
        if "value" in spec:
            others = [k for k in spec if k != "value" and k in VALUE_KEYS]
            if others:
                self.add(
                    line_of(spec, others[0], line),
                    where,
                    f"{label}: value: is a fixed answer; remove {', '.join(others)} (or remove "
                    "value: "
                    "to compute the answer from the data)",
                )
                return None
            return self.literal(spec, where, line, kind=kind, label=label)
        dataset = self.dataset(spec, where, line, label, required=not divisor) or (
            inherit if divisor and spec.get("dataset") is None else None
        )
        filt = self.where_filter(spec, where, line, label)
        column = self.text(spec, "column", where, line)
        aggregate = self.text(spec, "aggregate", where, line)
        at_max = self.text(spec, "at_max", where, line)
        at_min = self.text(spec, "at_min", where, line)
        row_label = near_miss and self.flag(spec, "row_label", where, line, False)
        if row_label and (column is not None or aggregate is not None or "divide_by" in spec):
            self.add(
                line_of(spec, "row_label", line),
                where,
                f"{label}: row_label: true takes the row's label, not a value: remove column:, "
                "aggregate: and divide_by:",
            )
        if aggregate is not None and aggregate not in AGGREGATES:
            close = _closest(aggregate, AGGREGATES)
            hint = f"did you mean {close!r}? " if close else ""
            self.add(
                line_of(spec, "aggregate", line),
                where,
                f"{label}: unknown aggregate {_short(aggregate)}; {hint}use one of "
                f"{', '.join(AGGREGATES)}",
            )
        picks = [
            k for k, v in (("aggregate", aggregate), ("at_max", at_max), ("at_min", at_min)) if v
        ]
        if len(picks) > 1:
            self.add(
                line_of(spec, picks[1], line),
                where,
                f"{label}: give one of aggregate:, at_max:, at_min:, not {' and '.join(picks)}",
            )
        if column is None and aggregate != "count" and not row_label:
            self.add(
                line,
                where,
                f"{label}: column is missing; name the column that holds the answer, e.g. "
                "column: share_of_gdp_pct",
            )
        if kind != "number" and (
            aggregate not in (None, "min", "max") or spec.get("divide_by") or spec.get("times")
        ):
            self.add(
                line,
                where,
                f"{label}: a {kind} answer is one cell: use column: with where: (or "
                "at_max:/at_min:), without aggregate, divide_by or times",
            )
        divide_by = None
        if not divisor and spec.get("divide_by") is not None:
            raw_div = spec["divide_by"]
            dline = line_of(spec, "divide_by", line)
            if not isinstance(raw_div, Mapping):
                self.add(
                    dline,
                    where,
                    f"{label}: divide_by must be a mapping like expected (where:, column:)",
                )
            else:
                got = self.value_rule(
                    raw_div,
                    where,
                    dline,
                    kind=kind,
                    label=f"{label}: divide_by",
                    inherit=dataset or "",
                )
                divide_by = got if isinstance(got, ValueRule) else None
        times = None
        if not divisor:
            times = self.number(spec, "times", where, line, example="100")
            if times == 0:
                self.add(line_of(spec, "times", line), where, f"{label}: times must not be 0")
        if len(self.problems) > before or dataset is None or filt is None:
            return None
        return ValueRule(
            dataset=dataset,
            where=filt,
            column=column,
            aggregate=aggregate,
            at_max=at_max,
            at_min=at_min,
            divide_by=divide_by,
            times=times,
            row_label=row_label,
        )

    def literal(
        self, spec: Mapping[Any, Any], where: str, line: int, *, kind: str, label: str
    ) -> Literal | None:
        """Check ``value:``, a fixed answer."""
        if kind == "number":
            value = self.number(spec, "value", where, line, example="2")
            return None if value is None else Literal(value)
        text = self.text(spec, "value", where, line, required=True, how="write value: some text")
        return None if text is None else Literal(text)

    def list_rule(
        self, spec: Mapping[Any, Any], where: str, line: int, *, label: str = "expected"
    ) -> ListRule | Literal | None:
        """Check a rule that gives a list (a column over the selected rows, or ``values:``)."""
        before = len(self.problems)
        self.keys(spec, LIST_KEYS, where, line, what=label)
        if "values" in spec:
            others = [k for k in spec if k != "values" and k in LIST_KEYS]
            if others:
                self.add(
                    line_of(spec, others[0], line),
                    where,
                    f"{label}: values: is a fixed list; remove {', '.join(others)}",
                )
                return None
            vline = line_of(spec, "values", line)
            items = self.listed(
                spec.get("values"),
                "values",
                where,
                vline,
                how="write values: [first, second]",
                at_least=1,
                few="values is empty; give at least one item",
            )
            if items is None or len(self.problems) > before:
                return None
            for i, item in enumerate(items):
                if isinstance(item, Mapping | list | tuple) or item is None:
                    self.add(
                        item_line(items, i, vline),
                        where,
                        f"{label}: values: item {i + 1} must be a plain value, not {_kind(item)}",
                    )
                    return None
            return Literal(tuple(items))
        dataset = self.dataset(spec, where, line, label, required=True)
        filt = self.where_filter(spec, where, line, label)
        column = self.text(
            spec,
            "column",
            where,
            line,
            required=True,
            how="name the column whose values make the list",
        )
        sort_by = self.text(spec, "sort_by", where, line)
        descending = self.flag(spec, "descending", where, line, False)
        if len(self.problems) > before or dataset is None or filt is None or column is None:
            return None
        return ListRule(
            dataset=dataset, column=column, where=filt, sort_by=sort_by, descending=descending
        )

    def frame_rule(
        self,
        spec: Mapping[Any, Any],
        where: str,
        line: int,
        *,
        label: str = "expected",
        near_miss: bool = False,
    ) -> FrameRule | None:
        """Check a rule that gives a table (the selected rows, ``columns``).

        A near miss may write ``columns: all`` (every column of the dataset).
        """
        before = len(self.problems)
        self.keys(spec, FRAME_KEYS, where, line, what=label)
        dataset = self.dataset(spec, where, line, label, required=True)
        filt = self.where_filter(spec, where, line, label)
        if near_miss and spec.get("columns") == "all":
            sort_by = self.text(spec, "sort_by", where, line)
            descending = self.flag(spec, "descending", where, line, False)
            if len(self.problems) > before or dataset is None or filt is None:
                return None
            return FrameRule(
                dataset=dataset, columns=(), where=filt, sort_by=sort_by, descending=descending
            )
        columns = self.text_list(
            spec,
            "columns",
            where,
            line,
            what="columns",
            how="list the columns the table must have, e.g. columns: [date, title]",
            few="columns is empty; list at least one column",
            at_least=1,
        )
        if columns and len(set(columns)) != len(columns):
            self.add(
                line_of(spec, "columns", line), where, f"{label}: columns lists a column twice"
            )
        sort_by = self.text(spec, "sort_by", where, line)
        descending = self.flag(spec, "descending", where, line, False)
        if len(self.problems) > before or dataset is None or filt is None or not columns:
            return None
        return FrameRule(
            dataset=dataset,
            columns=tuple(columns),
            where=filt,
            sort_by=sort_by,
            descending=descending,
        )

    def mark(self, spec: Mapping[Any, Any], where: str, line: int, label: str) -> str | None:
        """Read a chart's ``mark``; report one that Vega-Lite does not have."""
        mark = self.text(spec, "mark", where, line)
        if mark is not None and mark not in MARKS:
            close = _closest(mark, MARKS)
            hint = f"did you mean {close!r}? " if close else ""
            self.add(
                line_of(spec, "mark", line),
                where,
                f"{label}: unknown mark {_short(mark)}; {hint}use one of {', '.join(MARKS)}",
            )
        return mark

    def chart_rule(self, spec: Mapping[Any, Any], where: str, line: int) -> ChartRule | None:
        """Check what a chart must show (``mark``, ``encoding``)."""
        before = len(self.problems)
        self.keys(spec, CHART_KEYS, where, line, what="a chart's expected")
        dataset = self.dataset(spec, where, line, "expected", required=False)
        mark = self.mark(spec, where, line, "expected")
        encoding = self.mapping(
            spec,
            "encoding",
            where,
            line,
            "write encoding: {x: {field: year, type: quantitative}, …}",
        )
        channels = []
        eline = line_of(spec, "encoding", line)
        for channel, value in (encoding or {}).items():
            cline = line_of(encoding, channel, eline)
            if not isinstance(channel, str) or channel not in CHANNELS:
                close = _closest(channel, CHANNELS)
                hint = f"did you mean {close!r}? " if close else ""
                self.add(
                    cline,
                    where,
                    f"expected: unknown channel {_short(channel)}; {hint}use e.g. x, y, color, "
                    "tooltip",
                )
                continue
            got = self.channel(channel, value, where, cline)
            if got is not None:
                channels.append(got)
        if mark is None and not encoding:
            self.add(line, where, "expected: a chart rule needs mark: and/or encoding:")
        shows_every = self.text_list(spec, "shows_every", where, line, what="columns") or []
        if shows_every and dataset is None:
            self.add(
                line_of(spec, "shows_every", line),
                where,
                "expected: shows_every needs dataset: (whose values the chart must show)",
            )
        if len(self.problems) > before:
            return None
        return ChartRule(
            mark=mark, channels=tuple(channels), dataset=dataset, shows_every=tuple(shows_every)
        )

    def chart_miss(self, spec: Any, where: str, line: int, label: str) -> ChartMiss | None:
        """Check a wrong chart described as data: ``{mark, encoding, where}``."""
        if not isinstance(spec, Mapping):
            self.add(
                line,
                where,
                f"{label} must be a mapping, e.g. {{encoding: {{x: {{field: year, type: "
                "temporal}}}}} or {where: {country: Japan}}",
            )
            return None
        before = len(self.problems)
        self.keys(spec, CHART_MISS_KEYS, where, line, what=label)
        mark = self.mark(spec, where, line, label)
        encoding = self.mapping(
            spec, "encoding", where, line, "write encoding: {x: {field: year, type: temporal}}"
        )
        channels = []
        eline = line_of(spec, "encoding", line)
        for channel, value in (encoding or {}).items():
            cline = line_of(encoding, channel, eline)
            if not isinstance(channel, str) or channel not in CHANNELS:
                self.add(cline, where, f"{label}: unknown channel {_short(channel)}")
                continue
            got = self.channel(channel, value, where, cline)
            if got is not None:
                channels.append(got)
        filt = self.where_filter(spec, where, line, label) if "where" in spec else None
        if mark is None and not channels and filt is None and len(self.problems) == before:
            self.add(line, where, f"{label} needs mark:, encoding: or where:")
        if len(self.problems) > before:
            return None
        return ChartMiss(mark=mark, channels=tuple(channels), where=filt)

    def channel(self, channel: str, value: Any, where: str, line: int) -> ChannelRule | None:
        """Check one required encoding channel (``{field, type}`` or ``field:T``)."""
        how = f"write {channel}: {{field: year, type: quantitative}} or {channel}: year:Q"
        if isinstance(value, str):
            field, _, letter = value.partition(":")
            if letter and letter.upper() not in CHART_TYPES.values():
                self.add(
                    line,
                    where,
                    f"expected: {channel}: unknown type {_short(letter)}; use Q, O, N or T",
                )
                return None
            return ChannelRule(channel, field or None, (letter.upper(),) if letter else ())
        if not isinstance(value, Mapping):
            self.add(line, where, f"expected: {channel} must be a mapping or text; {how}")
            return None
        self.keys(value, CHANNEL_KEYS, where, line, what=f"channel {channel}")
        field = self.text(value, "field", where, line)
        types: list[str] = []
        raw_types = value.get("type")
        tline = line_of(value, "type", line)
        for t in (
            raw_types
            if isinstance(raw_types, list | tuple)
            else [raw_types]
            if raw_types is not None
            else []
        ):
            letter = CHART_TYPES.get(t) if isinstance(t, str) else None
            if letter is None and isinstance(t, str) and t.upper() in CHART_TYPES.values():
                letter = t.upper()
            if letter is None:
                self.add(
                    tline,
                    where,
                    f"expected: {channel}: unknown type {_short(t)}; use {', '.join(CHART_TYPES)} "
                    "(or Q, O, N, T), or a list of them",
                )
                return None
            types.append(letter)
        return ChannelRule(channel, field, tuple(types))
