"""Quizzes that teach: YAML banks, immediate feedback, answers that survive restarts.

Instructors write banks in ``data/quizzes/<slug>.yaml`` (see ``docs/authoring.md``); students
run ``quiz.show("<slug>")`` in a notebook. Grading is pure Python (:mod:`.model`); the view is
ipywidgets (:mod:`.widgets`, imported only by :func:`show`); progress lives in one JSON file
(:mod:`.store`).

Examples
--------
>>> from usjapan_edu import quiz
>>> bank = quiz.load_bank("sample-all-types")
>>> grade = bank["treaty-1951"].grade("San Francisco")
>>> grade.correct, grade.score
(True, 1.0)
>>> quiz.load_bank("sample-all-types")["trade-balance-2022"].grade("abc").attempt_counts
False

"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from usjapan_edu.quiz import store
from usjapan_edu.quiz.bank import (
    BankError,
    UnknownBankError,
    bank_from_data,
    bank_from_yaml,
    list_banks,
    load_bank,
    validate_files,
)
from usjapan_edu.quiz.model import Bank, Grade, Question
from usjapan_edu.quiz.parsing import AnswerFormatError, parse_number
from usjapan_edu.quiz.store import ProgressStore, ProgressWarning

if TYPE_CHECKING:
    import pandas as pd

    from usjapan_edu.quiz.widgets import QuizWidget

__all__ = [
    "AnswerFormatError",
    "Bank",
    "BankError",
    "Grade",
    "ProgressStore",
    "ProgressWarning",
    "Question",
    "UnknownBankError",
    "bank_from_data",
    "bank_from_yaml",
    "list_banks",
    "load_bank",
    "parse_number",
    "progress",
    "quiz_widget",
    "show",
    "store",
    "validate_files",
]


def quiz_widget(
    source: str | os.PathLike[str] | Bank,
    *,
    store: ProgressStore | bool | None = True,
    restore: bool = True,
) -> QuizWidget:
    """Build (without displaying) the quiz widget for a slug, a YAML path or a :class:`Bank`.

    Parameters
    ----------
    source : str, path-like or Bank
        What :func:`load_bank` accepts.
    store : ProgressStore, True or None
        ``True`` (default) uses the student's progress file; ``None``/``False`` saves nothing.
    restore : bool
        Put the student's last answers and feedback back (default).

    """
    from usjapan_edu.quiz.widgets import QuizWidget

    bank = load_bank(source)
    chosen = ProgressStore() if store is True else (store or None)
    return QuizWidget(bank, store=chosen, restore=restore)


def show(
    source: str | os.PathLike[str] | Bank,
    *,
    store: ProgressStore | bool | None = True,
    restore: bool = True,
) -> None:
    """Display a quiz in the notebook, restoring the student's last answers.

    Parameters
    ----------
    source : str, path-like or Bank
        A bundled bank's slug (``"sample-all-types"``), a YAML file, or a loaded bank.
    store, restore
        See :func:`quiz_widget`.

    Examples
    --------
    >>> show("sample-all-types")  # doctest: +SKIP

    """
    from IPython.display import display

    display(quiz_widget(source, store=store, restore=restore))


def progress(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the per-bank summary of your quiz answers (a table in a notebook).

    Also reachable as ``progress.summary()``; ``progress.export("answers.csv")`` writes your
    answers for submission (see :func:`usjapan_edu.quiz.store.export`).

    Examples
    --------
    >>> list(progress().columns)
    ['bank', 'title', 'answered', 'correct', 'score', 'total', 'last_activity']

    """
    return store.summary(path)


_progress: Any = progress
_progress.summary = store.summary
_progress.export = store.export
