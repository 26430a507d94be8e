"""Quiz questions and their grading: pure Python, no Jupyter needed.

Every question type is a frozen dataclass with ``grade(response) -> Grade``. Responses are
plain JSON values (what the widget sends and the progress store keeps):

=============  ==============================================================
type           response
=============  ==============================================================
single         the chosen option's text (or its 0-based index)
multiple       a list of the ticked options' texts (or indices)
true_false     ``True`` / ``False`` (or the text ``"true"`` / ``"false"``)
numeric        the text the student typed (or a number)
text           the text the student typed
order          a list of the items, in the student's order (``None`` = not chosen)
match          a mapping left item → chosen right item (``None`` = not chosen)
reflection     the text the student wrote
=============  ==============================================================

Partial credit (``Grade.score``): *multiple* scores ``max(0, (right ticks − wrong ticks) /
number of right options)``; *order* scores the share of item pairs in the right relative order
(Kendall-style, so one misplaced item costs little); *match* scores the share of pairs matched.
The other types score 0 or 1. Input that cannot be read (empty, ``abc`` for a number, an item
used twice) returns a ``Grade`` with ``attempt_counts=False`` and a friendly message.

Examples
--------
>>> q = SingleChoice(id="treaty-1951", prompt="Where was it signed?",
...                  options=(Option("San Francisco", correct=True), Option("Tokyo")))
>>> g = q.grade("San Francisco")
>>> g.correct, g.score, g.feedback
(True, 1.0, 'Correct!')

"""

from __future__ import annotations

import hashlib
import math
import random
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from usjapan_edu.filters import FilterError, Where, parse_where
from usjapan_edu.i18n import join_sentences, t
from usjapan_edu.quiz.markdown import escape_markdown as _md
from usjapan_edu.quiz.parsing import AnswerFormatError, format_number, parse_number

__all__ = [
    "QUESTION_TYPES",
    "AnswerFrom",
    "AnswerFromError",
    "Bank",
    "Grade",
    "Match",
    "MultipleChoice",
    "Numeric",
    "Option",
    "Order",
    "Question",
    "Reflection",
    "SingleChoice",
    "Source",
    "Text",
    "TrueFalse",
    "fold_text",
]

_EPS = 1e-9
MAX_TEXT_CHARS = 1_000
"""Longest short-text answer read (a check stays instant)."""
JA_CHARS_PER_WORD = 2
"""A reflection written in Japanese (no spaces between words) counts characters: this many
per word of ``min_words``."""
MAX_REFLECTION_CHARS = 30_000
"""Longest reflection saved (about 5,000 words: a memo fits, a pasted book does not)."""


# ---------------------------------------------------------------- grade


@dataclass(frozen=True)
class Grade:
    """The result of grading one response.

    Attributes
    ----------
    correct : bool or None
        ``True``/``False``; ``None`` for a reflection (no right answer).
    score : float
        Between 0 and 1; partial credit for *multiple*, *order* and *match*.
    feedback : str
        Student-facing Markdown that starts with the verdict ("Correct!", "Not quite.",
        "Partly right.", "Saved.") so it never relies on colour or symbols alone.
    attempt_counts : bool
        ``False`` when the input could not be read (empty, not a number, …): the student is
        told how to write it and no attempt is used.

    """

    correct: bool | None
    score: float
    feedback: str
    attempt_counts: bool = True

    @property
    def status(self) -> str:
        """One of ``correct``, ``partial``, ``incorrect``, ``saved``, ``invalid``."""
        if not self.attempt_counts:
            return "invalid"
        if self.correct is None:
            return "saved"
        if self.correct:
            return "correct"
        return "partial" if self.score > 0 else "incorrect"

    @property
    def symbol(self) -> str:
        """``✓`` for correct or saved, ``✗`` for (partly) wrong, ``ℹ`` for unreadable input."""
        return {"correct": "✓", "saved": "✓", "partial": "✗", "incorrect": "✗"}.get(
            self.status, "ℹ"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (inverse of :meth:`from_dict`)."""
        return {
            "correct": self.correct,
            "score": self.score,
            "feedback": self.feedback,
            "attempt_counts": self.attempt_counts,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Grade:
        """Rebuild a grade saved with :meth:`to_dict`."""
        correct = data.get("correct")
        return cls(
            correct=correct if isinstance(correct, bool) else None,
            score=float(data.get("score") or 0.0),
            feedback=str(data.get("feedback") or ""),
            attempt_counts=bool(data.get("attempt_counts", True)),
        )


def _invalid(message: str) -> Grade:
    return Grade(correct=False, score=0.0, feedback=message, attempt_counts=False)


def _join(*parts: str) -> str:
    return join_sentences(*parts)


def fold_text(text: str) -> str:
    """Fold text for comparison: NFKC, case-fold, collapse spaces, drop end punctuation.

    Examples
    --------
    >>> fold_text("  San   FRANCISCO. ")
    'san francisco'
    >>> fold_text("ＯＫＩＮＡＷＡ") == fold_text("okinawa")
    True

    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"\s+", " ", folded).strip()
    return folded.strip("\"'“”‘’「」").rstrip(".。!！").strip()


# ---------------------------------------------------------------- parts


@dataclass(frozen=True)
class Source:
    """Where a question's facts come from: a bundled dataset or a web page."""

    dataset: str | None = None
    url: str | None = None
    title: str | None = None

    def markdown(self) -> str:
        """Return a one-line Markdown citation (a link for URLs)."""
        if self.url:
            label = _md(self.title or self.url)
            return f"[{label}]({self.url.replace(' ', '%20').replace(')', '%29')})"
        if self.dataset:
            cite = ""
            try:
                from usjapan_edu import datasets

                cite = datasets.cite(self.dataset)
            except Exception:
                cite = ""
            label = f"dataset `{self.dataset}`"
            return f"{label} — {_md(cite)}" if cite else label
        return _md(self.title or "")

    def text(self) -> str:
        """Return a plain-text citation."""
        if self.url:
            return f"{self.title} <{self.url}>" if self.title else self.url
        return f"dataset {self.dataset}" if self.dataset else (self.title or "")


@dataclass(frozen=True)
class Option:
    """One choice of a *single* or *multiple* question."""

    text: str
    correct: bool = False
    feedback: str = ""


class AnswerFromError(ValueError):
    """``answer_from`` does not select exactly one number; the message says how to fix it.

    Attributes
    ----------
    field : str or None
        What is wrong, so a bank's message can point at its line: ``"dataset"``,
        ``"column"``, ``"where"`` or ``"where.<column>"``; ``None`` when unknown.

    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AnswerFrom:
    """Bind a numeric answer to the bundled data: one cell of one dataset.

    Parameters
    ----------
    dataset : str
        Name of a dataset in :mod:`usjapan_edu.datasets`.
    column : str
        Column holding the answer (numbers, not true/false).
    where : mapping or Where, optional
        A filter written as data (see :mod:`usjapan_edu.filters`), e.g.
        ``{"year": 2022, "basis": "census"}``, selecting exactly one row. Text is refused:
        nothing from a bank is ever evaluated.

    Raises
    ------
    AnswerFromError
        If ``where`` is not a filter.

    Examples
    --------
    >>> af = AnswerFrom("goods_trade", "us_balance_usd_bn", {"year": 2022, "basis": "census"})
    >>> af.where.describe()
    "year = 2022 and basis = 'census'"

    """

    dataset: str
    column: str
    where: Where | None = None
    _cache: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.where is not None and not isinstance(self.where, Where):
            try:
                parsed = parse_where(self.where)
            except FilterError as exc:
                key = f"where.{exc.key}" if exc.key else "where"
                raise AnswerFromError(str(exc), key) from None
            object.__setattr__(self, "where", parsed)

    def resolve(self, frames: dict[str, Any] | None = None) -> float:
        """Return the selected number (cached after the first call).

        Parameters
        ----------
        frames : dict, optional
            Already-loaded datasets by name (filled in when given; speeds up validation).

        Raises
        ------
        AnswerFromError
            Unknown dataset or column, a filter that does not fit the dataset, not exactly
            one row, a missing or non-numeric value.

        """
        if "value" in self._cache:
            return self._cache["value"]
        from usjapan_edu import datasets  # lazy: keeps the model light

        frames = {} if frames is None else frames
        if self.dataset not in frames:
            try:
                frames[self.dataset] = datasets.load(self.dataset)
            except datasets.UnknownDatasetError as exc:
                raise AnswerFromError(f"{exc}", "dataset") from None
            except Exception as exc:
                msg = f"cannot load dataset {self.dataset!r}: {exc}"
                raise AnswerFromError(msg, "dataset") from None
        df = frames[self.dataset]
        if self.column not in df.columns:
            import difflib

            close = difflib.get_close_matches(self.column, [str(c) for c in df.columns], n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            msg = (
                f"dataset {self.dataset!r} has no column {self.column!r}; {hint}"
                f"columns are {', '.join(map(str, df.columns))}"
            )
            raise AnswerFromError(msg, "column")
        from pandas.api.types import is_bool_dtype, is_numeric_dtype

        dtype = df[self.column].dtype
        if is_bool_dtype(dtype) or not is_numeric_dtype(dtype):
            kind = "true/false values" if is_bool_dtype(dtype) else "text"
            msg = (
                f"column {self.column!r} of {self.dataset!r} holds {kind}, not numbers; "
                "answer_from needs a column of numbers"
            )
            raise AnswerFromError(msg, "column")
        rows = df
        if self.where is not None:
            try:
                rows = self.where.apply(df, dataset=repr(self.dataset))
            except FilterError as exc:
                raise AnswerFromError(
                    str(exc), f"where.{exc.key}" if exc.key else "where"
                ) from None
        if len(rows) != 1:
            what = self.where.describe() if self.where is not None else "no filter"
            msg = f"where ({what}) selects {len(rows)} rows of {self.dataset!r}; " + (
                "add conditions so that exactly one row remains"
                if len(rows) > 1
                else "change the conditions so that exactly one row matches"
            )
            raise AnswerFromError(msg, "where")
        import pandas as pd

        value = rows[self.column].iloc[0]
        number = math.nan if pd.isna(value) else float(value)
        if not math.isfinite(number):
            msg = (
                f"the selected value of {self.column!r} is missing; choose a row with data or "
                "give answer: instead"
            )
            raise AnswerFromError(msg, "where")
        self._cache["value"] = number
        return number


# ---------------------------------------------------------------- questions


@dataclass(frozen=True, kw_only=True)
class Question:
    """Fields shared by every question type.

    Attributes
    ----------
    id : str
        Stable identifier; progress is keyed by (bank id, question id).
    prompt : str
        Markdown shown above the inputs.
    hints : tuple of str
        Markdown, revealed one at a time.
    explanation : str
        Markdown shown after a correct answer or when the student shows the answer.
    source : Source or None
        Where the facts come from.
    line : int
        Line of the question in its YAML file (0 when unknown); used in messages.

    """

    type: ClassVar[str] = ""

    id: str
    prompt: str
    hints: tuple[str, ...] = ()
    explanation: str = ""
    source: Source | None = None
    line: int = field(default=0, compare=False)
    language: str = field(default="en", compare=False)
    """The language of the texts and of the feedback (``"en"`` or ``"ja"``)."""

    def _t(self, text: str, **values: Any) -> str:
        """``text`` (English) in the question's language, with ``{names}`` filled in."""
        return t(text, self.language, **values)

    def grade(self, response: Any) -> Grade:
        """Grade ``response`` (see the module docstring for its shape per type)."""
        raise NotImplementedError

    def answer_markdown(self) -> str:
        """Return the right answer as Markdown (shown on "Show answer")."""
        raise NotImplementedError

    def describe(self) -> list[str]:
        """Return plain-text lines listing the choices, never revealing the answer."""
        return []


def _choice_index(options: Sequence[Option], choice: Any) -> int | None:
    if isinstance(choice, bool):
        return None
    if isinstance(choice, int):
        return choice if 0 <= choice < len(options) else None
    if isinstance(choice, str):
        for i, opt in enumerate(options):
            if opt.text == choice:
                return i
        folded = fold_text(choice)
        for i, opt in enumerate(options):
            if fold_text(opt.text) == folded:
                return i
    return None


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """One right option among several (radio buttons)."""

    type: ClassVar[str] = "single"
    options: tuple[Option, ...]

    def grade(self, response: Any) -> Grade:
        """Grade the chosen option (text or index); per-option feedback is included."""
        if response is None or response == "":
            return _invalid(self._t("Choose one of the options, then press Check."))
        idx = _choice_index(self.options, response)
        if idx is None:
            return _invalid(self._t("That is not one of the options. Choose one from the list."))
        opt = self.options[idx]
        if opt.correct:
            return Grade(True, 1.0, _join(self._t("Correct!"), opt.feedback))
        return Grade(
            False,
            0.0,
            _join(
                self._t("Not quite."),
                opt.feedback or self._t("Try again, or press Hint for a clue."),
            ),
        )

    def answer_markdown(self) -> str:
        """Return the right option in bold."""
        right = next(o for o in self.options if o.correct)
        return self._t("The answer is **{answer}**.", answer=_md(right.text))

    def describe(self) -> list[str]:
        """List the options."""
        return [f"( ) {o.text}" for o in self.options]


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(Question):
    """Several right options (checkboxes); partial credit for partly right ticks."""

    type: ClassVar[str] = "multiple"
    options: tuple[Option, ...]

    def grade(self, response: Any) -> Grade:
        """Grade the ticked options: ``max(0, (right − wrong) / number of right options)``."""
        if response is None or isinstance(response, str | bytes | Mapping):
            picks: list[Any] = [] if response in (None, "") else [response]
        elif isinstance(response, Sequence | set | frozenset):
            picks = list(response)
        else:
            return _invalid(self._t("Tick the boxes of the options you choose, then press Check."))
        idxs: set[int] = set()
        for pick in picks:
            idx = _choice_index(self.options, pick)
            if idx is None:
                return _invalid(
                    self._t("That is not one of the options. Tick boxes from the list.")
                )
            idxs.add(idx)
        if not idxs:
            return _invalid(self._t("Tick at least one box, then press Check."))
        n_right = sum(o.correct for o in self.options)
        right = sum(self.options[i].correct for i in idxs)
        wrong = len(idxs) - right
        score = max(0.0, (right - wrong) / n_right)
        wrong_feedback = [
            self.options[i].feedback
            for i in sorted(idxs)
            if not self.options[i].correct and self.options[i].feedback
        ]
        if right == n_right and wrong == 0:
            feedback = [self.options[i].feedback for i in sorted(idxs) if self.options[i].feedback]
            found = self._t("Correct! You found all {n}.", n=n_right)
            return Grade(True, 1.0, _join(found, *feedback))
        missing = n_right - right
        if not wrong:
            detail = self._t("You ticked {right} of the {n} right options.", right=right, n=n_right)
        elif wrong == 1:
            detail = self._t(
                "You ticked {right} of the {n} right options and 1 wrong one.",
                right=right,
                n=n_right,
            )
        else:
            detail = self._t(
                "You ticked {right} of the {n} right options and {wrong} wrong ones.",
                right=right,
                n=n_right,
                wrong=wrong,
            )
        if missing and not wrong:
            detail += " " + (
                self._t("1 right option is still unticked.")
                if missing == 1
                else self._t("{missing} right options are still unticked.", missing=missing)
            )
        verdict = self._t("Partly right.") if score > 0 else self._t("Not quite.")
        return Grade(False, score, _join(verdict, detail, *wrong_feedback))

    def answer_markdown(self) -> str:
        """List the right options."""
        right = [f"**{_md(o.text)}**" for o in self.options if o.correct]
        return self._t("The right options are: {answers}.", answers="; ".join(right))

    def describe(self) -> list[str]:
        """List the options (tick all that apply)."""
        return [f"[ ] {o.text}" for o in self.options]


_TRUE = {"true", "t", "yes", "y", "1", "正しい", "はい", "○"}
_FALSE = {"false", "f", "no", "n", "0", "誤り", "いいえ", "×"}


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """A statement the student judges true or false."""

    type: ClassVar[str] = "true_false"
    answer: bool
    feedback_true: str = ""
    feedback_false: str = ""

    def grade(self, response: Any) -> Grade:
        """Grade ``True``/``False`` (or the words ``true``/``false``)."""
        if isinstance(response, str):
            folded = fold_text(response)
            choice: bool | None = True if folded in _TRUE else False if folded in _FALSE else None
        elif isinstance(response, bool):
            choice = response
        else:
            choice = None
        if choice is None:
            return _invalid(self._t("Choose True or False, then press Check."))
        fb = self.feedback_true if choice else self.feedback_false
        if choice == self.answer:
            return Grade(True, 1.0, _join(self._t("Correct!"), fb))
        return Grade(False, 0.0, _join(self._t("Not quite."), fb))

    def answer_markdown(self) -> str:
        """State whether the statement is true."""
        if self.answer:
            return self._t("The statement is **true**.")
        return self._t("The statement is **false**.")

    def describe(self) -> list[str]:
        """List the two choices."""
        return [f"( ) {self._t('True')}", f"( ) {self._t('False')}"]


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    """A number, given directly (``answer``) or computed from a dataset (``answer_from``)."""

    type: ClassVar[str] = "numeric"
    answer: float | None = None
    answer_from: AnswerFrom | None = None
    tolerance: float | None = None
    tolerance_pct: float | None = None
    unit: str | None = None

    @property
    def value(self) -> float:
        """The right answer (resolving ``answer_from`` on first use)."""
        if self.answer is not None:
            return float(self.answer)
        if self.answer_from is None:  # pragma: no cover - the loader refuses this
            msg = f"question {self.id!r} has neither answer nor answer_from"
            raise AnswerFromError(msg)
        return self.answer_from.resolve()

    def _with_unit(self, number: str, unit: str | None) -> str:
        """``49 USD bn``; in Japanese ``49（10億ドル）`` (``12%`` for a percentage)."""
        if not unit:
            return number
        if self.language == "ja":
            return f"{number}{unit}" if unit[0] in "%％" else f"{number}（{unit}）"
        return f"{number} {unit}"

    def allowed_error(self) -> float:
        """Absolute tolerance for the current answer (``tolerance`` or ``tolerance_pct``)."""
        if self.tolerance is not None:
            return float(self.tolerance)
        if self.tolerance_pct is not None:
            return abs(self.value) * float(self.tolerance_pct) / 100.0
        return 0.0

    def grade(self, response: Any) -> Grade:
        """Grade a typed number (see :func:`usjapan_edu.quiz.parsing.parse_number`)."""
        if response is None:
            response = ""
        try:
            x = parse_number(response, self.unit, lang=self.language)
        except AnswerFormatError as exc:
            return _invalid(_md(str(exc)))  # it may quote the student's input: show it as text
        a = self.value
        tol = self.allowed_error() + _EPS * max(1.0, abs(a))
        if abs(x - a) <= tol:
            answer = self._with_unit(format_number(a), self.unit)
            return Grade(True, 1.0, self._t("Correct! The answer is {answer}.", answer=answer))
        if x != 0 and a != 0 and (x < 0) != (a < 0) and abs(abs(x) - abs(a)) <= tol:
            why = self._t("Check the sign: is it positive or negative?")
        elif (
            x != 0
            and a != 0
            and any(abs(abs(x / a) - 10.0**k) <= 0.02 * 10.0**k for k in (-9, -6, -3, 3, 6, 9))
        ):
            why = (
                self._t("Check the unit: the answer is wanted in {unit}.", unit=self.unit)
                if self.unit
                else self._t("Check the unit: the answer is wanted in the unit of the question.")
            )
        else:
            yours = self._with_unit(format_number(x), self.unit)
            why = (
                self._t("Your answer ({answer}) is too high.", answer=yours)
                if x > a
                else self._t("Your answer ({answer}) is too low.", answer=yours)
            )
        return Grade(False, 0.0, _join(self._t("Not quite."), why))

    def answer_markdown(self) -> str:
        """State the number, unit and accepted range."""
        answer = self._with_unit(_md(format_number(self.value)), _md(self.unit or ""))
        err = self.allowed_error()
        if err > 0:
            return self._t(
                "The answer is **{answer}** (answers within ±{error} are accepted).",
                answer=answer,
                error=_md(format_number(err)),
            )
        return self._t("The answer is **{answer}**.", answer=answer)

    def describe(self) -> list[str]:
        """Say that a number is expected."""
        return [f"{self._t('Answer:')} ____ {self.unit or ''}".rstrip()]


@dataclass(frozen=True, kw_only=True)
class Text(Question):
    """A short typed answer compared, after folding, with the ``accept`` list."""

    type: ClassVar[str] = "text"
    accept: tuple[str, ...]

    def grade(self, response: Any) -> Grade:
        """Grade typed text: NFKC, case and space folding, end punctuation ignored."""
        if not isinstance(response, str) or not response.strip():
            return _invalid(self._t("Type your answer in the box, then press Check."))
        if len(response) > MAX_TEXT_CHARS:
            return _invalid(
                self._t(
                    "That answer is {length} characters long. Type a short answer (at most "
                    "{limit} characters).",
                    length=f"{len(response):,}",
                    limit=f"{MAX_TEXT_CHARS:,}",
                )
            )
        if fold_text(response) in {fold_text(a) for a in self.accept}:
            return Grade(True, 1.0, self._t("Correct!"))
        return Grade(
            False, 0.0, self._t("Not quite. Check the spelling, or press Hint for a clue.")
        )

    def answer_markdown(self) -> str:
        """State the expected answer and the other accepted spellings."""
        answer = _md(self.accept[0])
        if len(self.accept) > 1:
            return self._t(
                "The answer is **{answer}** (also accepted: {others}).",
                answer=answer,
                others=", ".join(_md(a) for a in self.accept[1:]),
            )
        return self._t("The answer is **{answer}**.", answer=answer)

    def describe(self) -> list[str]:
        """Say that a short text is expected."""
        return [f"{self._t('Answer:')} ____"]


def _seeded_shuffle(items: Sequence[str], seed: str) -> list[str]:
    """Shuffle deterministically (same order after a restart) and never leave it solved."""
    out = list(items)
    rng = random.Random(int(hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16], 16))
    rng.shuffle(out)
    if len(out) > 1 and out == list(items):
        out = out[1:] + out[:1]
    return out


@dataclass(frozen=True, kw_only=True)
class Order(Question):
    """Put ``items`` in the right order; partial credit for pairs in the right order."""

    type: ClassVar[str] = "order"
    items: tuple[str, ...]

    def display_items(self) -> list[str]:
        """Items in a stable shuffled order for display (never the solution)."""
        return _seeded_shuffle(self.items, f"order:{self.id}")

    def grade(self, response: Any) -> Grade:
        """Grade a list of items; score = share of item pairs in the right relative order."""
        if not isinstance(response, Sequence) or isinstance(response, str | bytes):
            return _invalid(self._t("Choose an item for every position, then press Check."))
        chosen = list(response)
        n = len(self.items)
        if len(chosen) != n or any(c is None or c == "" for c in chosen):
            return _invalid(self._t("Choose an item for every position, then press Check."))
        if any(not isinstance(c, str) or c not in self.items for c in chosen):
            return _invalid(self._t("Use only the items listed, one per position."))
        seen: set[str] = set()
        for c in chosen:
            if c in seen:
                return _invalid(
                    self._t("“{item}” is used twice. Use each item exactly once.", item=_md(c))
                )
            seen.add(c)
        rank = {item: i for i, item in enumerate(self.items)}
        pos = [rank[c] for c in chosen]
        pairs = n * (n - 1) // 2
        good = sum(pos[i] < pos[j] for i in range(n) for j in range(i + 1, n))
        score = good / pairs if pairs else 1.0
        placed = sum(p == i for i, p in enumerate(pos))
        if placed == n:
            return Grade(True, 1.0, self._t("Correct! Everything is in the right order."))
        verdict = self._t("Partly right.") if score > 0 else self._t("Not quite.")
        detail = self._t(
            "{placed} of {n} items are in the right place; {share} of the pairs are in the right "
            "order.",
            placed=placed,
            n=n,
            share=f"{score:.0%}",
        )
        return Grade(False, score, _join(verdict, detail))

    def answer_markdown(self) -> str:
        """Return the right order as a numbered list."""
        return (
            self._t("The right order is:")
            + "\n\n"
            + "\n".join(f"{i}. {_md(item)}" for i, item in enumerate(self.items, 1))
        )

    def describe(self) -> list[str]:
        """List the items in display order."""
        return [f"• {item}" for item in self.display_items()]


@dataclass(frozen=True, kw_only=True)
class Match(Question):
    """Match each left item with a right item; partial credit per pair."""

    type: ClassVar[str] = "match"
    pairs: tuple[tuple[str, str], ...]
    distractors: tuple[str, ...] = ()

    def choices(self) -> list[str]:
        """Right-hand choices (with distractors), deduplicated, in a stable shuffled order."""
        unique = list(dict.fromkeys([r for _, r in self.pairs] + list(self.distractors)))
        return _seeded_shuffle(unique, f"match:{self.id}")

    def grade(self, response: Any) -> Grade:
        """Grade a mapping left → right; score = share of pairs matched."""
        if not isinstance(response, Mapping):
            return _invalid(self._t("Choose a match for every item, then press Check."))
        choices = set(self.choices())
        for left, _ in self.pairs:
            got = response.get(left)
            if got is None or got == "":
                return _invalid(self._t("Choose a match for every item, then press Check."))
            if not isinstance(got, str) or got not in choices:
                return _invalid(self._t("Use only the choices listed."))
        n = len(self.pairs)
        good = sum(response.get(left) == right for left, right in self.pairs)
        if good == n:
            return Grade(True, 1.0, self._t("Correct! Every pair matches."))
        verdict = self._t("Partly right.") if good else self._t("Not quite.")
        detail = self._t("{good} of {n} pairs match.", good=good, n=n)
        return Grade(False, good / n, _join(verdict, detail))

    def answer_markdown(self) -> str:
        """Return the right pairs as a list."""
        return (
            self._t("The right pairs are:")
            + "\n\n"
            + "\n".join(f"- {_md(left)} → **{_md(right)}**" for left, right in self.pairs)
        )

    def describe(self) -> list[str]:
        """List the left items and the choices."""
        lines = [f"• {left} → ____" for left, _ in self.pairs]
        return [*lines, self._t("Choices:") + " " + "; ".join(self.choices())]


@dataclass(frozen=True, kw_only=True)
class Reflection(Question):
    """Free writing with no right answer: saved, and counted as done."""

    type: ClassVar[str] = "reflection"
    min_words: int = 0

    def grade(self, response: Any) -> Grade:
        """Save the text; only an empty (or too short) reflection is refused."""
        if not isinstance(response, str) or not response.strip():
            return _invalid(
                self._t("Write your thoughts in the box, then press Check to save them.")
            )
        if len(response) > MAX_REFLECTION_CHARS:
            return _invalid(
                self._t(
                    "Your text is {length} characters long; at most {limit} are saved. Shorten "
                    "it, then press Check.",
                    length=f"{len(response):,}",
                    limit=f"{MAX_REFLECTION_CHARS:,}",
                )
            )
        if self.language == "ja":
            # Japanese has no spaces between words: count characters, about two per word
            chars = len("".join(response.split()))
            if chars < self.min_words * JA_CHARS_PER_WORD:
                return _invalid(
                    self._t(
                        "Write at least {need} characters (you have {have}), then press Check.",
                        need=self.min_words * JA_CHARS_PER_WORD,
                        have=chars,
                    )
                )
        else:
            words = len(response.split())
            if words < self.min_words:
                return _invalid(
                    self._t(
                        "Write at least {need} words (you have {have}), then press Check.",
                        need=self.min_words,
                        have=words,
                    )
                )
        return Grade(None, 1.0, self._t("Saved. There is no single right answer here."))

    def answer_markdown(self) -> str:
        """Explain that there is no single right answer."""
        return self._t(
            "There is no single right answer: write your own view and press Check to save it."
        )

    def describe(self) -> list[str]:
        """Say that free text is expected."""
        return [f"{self._t('Your reflection:')} ____"]


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (SingleChoice, MultipleChoice, TrueFalse, Numeric, Text, Order, Match, Reflection)
}


# ---------------------------------------------------------------- bank


@dataclass(frozen=True)
class Bank:
    """A quiz: an id, a title and its questions (build with :func:`load_bank`).

    Examples
    --------
    >>> q = Text(id="city", prompt="Which prefecture?", accept=("Okinawa",))
    >>> bank = Bank(id="demo", title="Demo", questions=(q,))
    >>> bank["city"].grade("okinawa").correct
    True

    """

    id: str
    title: str
    questions: tuple[Question, ...]
    description: str = ""
    path: Path | None = field(default=None, compare=False)
    language: str = "en"
    """The language of the texts: ``"en"`` or ``"ja"`` (see ``docs/translating.md``)."""
    languages: tuple[str, ...] = ("en",)
    """The languages the file declares (``languages: [en, ja]``): all its texts exist in each."""

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __getitem__(self, key: int | str) -> Question:
        if isinstance(key, int):
            return self.questions[key]
        for q in self.questions:
            if q.id == key:
                return q
        msg = f"bank {self.id!r} has no question {key!r}"
        raise KeyError(msg)

    def text(self) -> str:
        """Return the quiz as plain text (questions and choices, never the answers)."""
        lines = [self.title, "=" * len(self.title)]
        if self.description:
            lines += ["", self.description]
        for i, q in enumerate(self.questions, 1):
            lines += ["", f"{i}. {q.prompt.strip()}"]
            lines += [f"   {d}" for d in q.describe()]
        return "\n".join(lines)
