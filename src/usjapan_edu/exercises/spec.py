"""What an exercise file holds, once validated: plain frozen dataclasses, no behaviour.

Built by :mod:`usjapan_edu.exercises.loader` from ``data/exercises/<slug>.yaml`` (the format is
documented in ``docs/exercises.md``); read by :mod:`.rules` (expected values from the data) and
:mod:`.checks` (comparing a student's answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from usjapan_edu.filters import Where
from usjapan_edu.quiz.model import Source

__all__ = [
    "AGGREGATES",
    "CHART_TYPES",
    "EXERCISE_TYPES",
    "ChannelRule",
    "ChartMiss",
    "ChartRule",
    "Exercise",
    "ExerciseFile",
    "FrameRule",
    "ListRule",
    "Literal",
    "NearMiss",
    "ValueRule",
]

EXERCISE_TYPES = ("number", "text", "list", "dataframe", "chart", "custom")
AGGREGATES = ("sum", "mean", "min", "max", "count")
CHART_TYPES = {"quantitative": "Q", "ordinal": "O", "nominal": "N", "temporal": "T"}
"""Vega-Lite encoding types and their shorthand letters."""


@dataclass(frozen=True)
class Literal:
    """A fixed expected value (``value:`` / ``values:``): it cannot follow a data update."""

    value: Any


@dataclass(frozen=True)
class ValueRule:
    """One value computed from a dataset.

    Without ``aggregate``/``at_max``/``at_min`` the filter must select exactly one row and the
    value is its ``column``; ``divide_by`` divides by a second value and ``times`` multiplies.
    """

    dataset: str
    where: Where = field(default_factory=Where)
    column: str | None = None
    aggregate: str | None = None
    at_max: str | None = None
    at_min: str | None = None
    divide_by: ValueRule | None = None
    times: float | None = None
    row_label: bool = False
    """Near misses only: the selected row's label (what ``.idxmax()`` gives), not a value."""


@dataclass(frozen=True)
class ListRule:
    """The values of ``column`` over every selected row (optionally sorted)."""

    dataset: str
    column: str
    where: Where = field(default_factory=Where)
    sort_by: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class FrameRule:
    """The selected rows of a dataset, restricted to ``columns`` (optionally sorted).

    ``columns == ()`` stands for every column of the dataset (``columns: all``, near misses only).
    """

    dataset: str
    columns: tuple[str, ...]
    where: Where = field(default_factory=Where)
    sort_by: str | None = None
    descending: bool = False


@dataclass(frozen=True)
class ChannelRule:
    """An encoding channel the chart must have: its field and (optionally) accepted types."""

    channel: str
    field: str | None = None
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChartRule:
    """What a chart's ``to_dict()`` must show: a mark and encodings (``dataset`` checks fields)."""

    mark: str | None = None
    channels: tuple[ChannelRule, ...] = ()
    dataset: str | None = None
    shows_every: tuple[str, ...] = ()
    """Columns of ``dataset`` whose every value the chart's data must hold (every country …)."""


Rule = ValueRule | ListRule | FrameRule | ChartRule | Literal


@dataclass(frozen=True)
class ChartMiss:
    """A wrong chart, described: its mark, channels (field and type), or rows of its data.

    A chart matches when one of its views has this mark and these channels and, with ``where``,
    every row of its data meets the filter (``{country: Japan}``: a chart of Japan's rows only).
    """

    mark: str | None = None
    channels: tuple[ChannelRule, ...] = ()
    where: Where | None = None


@dataclass(frozen=True)
class NearMiss:
    """A wrong answer students give, and the feedback it deserves (``near_misses:``).

    The wrong answer is written as data, never code: a rule over the shipped data (``rule``,
    the syntax of ``expected``), the expected value scaled (``scale: 0.01``: a fraction
    instead of per cent) or rounded (``round: 0``), a text, or a chart description.
    """

    feedback: str
    rule: Rule | None = None
    scale: float | None = None
    round: int | None = None
    text: str | None = None
    chart: ChartMiss | None = None
    exact: bool = False
    """Matched only when computed exactly (it lies within the tolerance of the answer)."""
    line: int = 0


@dataclass(frozen=True)
class Exercise:
    """One "your turn" exercise (see ``docs/exercises.md`` for every key)."""

    id: str
    """The full id, ``<prefix>.<name>``."""
    name: str
    """The id within its file (the ``id:`` written in the file)."""
    prefix: str
    type: str
    prompt: str
    variable: str = "answer"
    expected: Rule | None = None
    accept: tuple[str, ...] = ()
    tolerance: float | None = None
    tolerance_pct: float | None = None
    unit: str | None = None
    ordered: bool = False
    extra_columns: bool = True
    hints: tuple[str, ...] = ()
    feedback: dict[str, str] = field(default_factory=dict, compare=False)
    solution: str = ""
    source: Source | None = None
    check: str | None = None
    check_args: dict[str, Any] = field(default_factory=dict, compare=False)
    near_misses: tuple[NearMiss, ...] = ()
    """Likely wrong answers with their own feedback (see :class:`NearMiss`)."""
    solutions: bool = True
    """Whether the file lets students see the solution."""
    line: int = 0
    path: Path | None = field(default=None, compare=False)

    @property
    def bank_id(self) -> str:
        """The progress-store bank this exercise's attempts go to (``exercises:<prefix>``)."""
        return f"exercises:{self.prefix}"


@dataclass(frozen=True)
class ExerciseFile:
    """A validated exercise file: its prefix, title and exercises."""

    prefix: str
    exercises: tuple[Exercise, ...]
    title: str = ""
    solutions: bool = True
    path: Path | None = field(default=None, compare=False)
    language: str = "en"
    """The language of the texts: ``"en"`` or ``"ja"`` (see ``docs/translating.md``)."""
    languages: tuple[str, ...] = ("en",)
    """The languages the file declares (``languages: [en, ja]``)."""

    @property
    def bank_id(self) -> str:
        """The progress-store bank of the file (``exercises:<prefix>``)."""
        return f"exercises:{self.prefix}"

    @property
    def ids(self) -> list[str]:
        """The full ids of the exercises, in file order."""
        return [e.id for e in self.exercises]

    def __len__(self) -> int:
        return len(self.exercises)

    def __getitem__(self, key: int | str) -> Exercise:
        if isinstance(key, int):
            return self.exercises[key]
        for e in self.exercises:
            if key in (e.id, e.name):
                return e
        msg = f"no exercise {key!r} in {self.prefix!r}; its exercises are {', '.join(self.ids)}"
        raise KeyError(msg)
