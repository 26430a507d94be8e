"""Quizzes that teach: YAML banks, immediate feedback, answers that survive restarts.

Instructors write banks in ``data/quizzes/<slug>.yaml`` (see ``docs/authoring.md``); students
run ``quiz.show("<slug>")`` in a notebook. Grading is pure Python (:mod:`.model`); the view is
one anywidget per quiz (:mod:`.frontend`); progress lives in one JSON file (:mod:`.store`).

Importing this package is cheap: the loader (YAML, validation), the model, the progress store
and the widget are imported when first used (``quiz.load_bank``, ``quiz.show`` …). In a
notebook, the modules a display needs are imported in the background once the importing cell
has finished (:mod:`usjapan_edu._warm`), and a displayed bank is kept validated and rendered in
a cache (:mod:`._cache`), so a quiz shown a few cells later appears at once.

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

import importlib
import os
from typing import TYPE_CHECKING, Any

from usjapan_edu import _warm

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from usjapan_edu.quiz import store
    from usjapan_edu.quiz._first_paint import Rendered
    from usjapan_edu.quiz.bank import (
        BankError,
        UnknownBankError,
        bank_from_data,
        bank_from_yaml,
        list_banks,
        load_bank,
        validate_files,
    )
    from usjapan_edu.quiz.frontend import QuizWidget
    from usjapan_edu.quiz.model import Bank, Grade, Question
    from usjapan_edu.quiz.parsing import AnswerFormatError, parse_number
    from usjapan_edu.quiz.store import ProgressStore, ProgressWarning

__all__ = [
    "AnswerFormatError",
    "Bank",
    "BankError",
    "Grade",
    "ProgressStore",
    "ProgressWarning",
    "Question",
    "QuizWidget",
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

# name -> module that defines it (imported on first access: PEP 562)
_LAZY = {
    "BankError": "bank",
    "UnknownBankError": "bank",
    "bank_from_data": "bank",
    "bank_from_yaml": "bank",
    "list_banks": "bank",
    "load_bank": "bank",
    "validate_files": "bank",
    "Bank": "model",
    "Grade": "model",
    "Question": "model",
    "AnswerFormatError": "parsing",
    "parse_number": "parsing",
    "ProgressStore": "store",
    "ProgressWarning": "store",
    "QuizWidget": "frontend",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    elif name == "store":
        value = importlib.import_module(f"{__name__}.store")
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


#: What displaying a quiz imports (the widget stack among them), in the order of need.
_DISPLAY_MODULES = [
    f"{__name__}.{m}"
    for m in ("_first_paint", "_cache", "model", "_page", "store", "frontend", "markdown")
]
#: What the first paint may import (a cached quiz: the first two; a cache miss: also the model
#: and the page builder) — never the widget stack; first in the background thread's order.
_FIRST_PAINT_MODULES = _DISPLAY_MODULES[:4]


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

    Returns
    -------
    QuizWidget
        One widget model for the whole quiz; ``widget.on_submit(callback)`` calls
        ``callback(state, grade)`` after every Check (see :class:`.frontend.QuestionState`).

    """
    return _widget(source, store=store, restore=restore, register=True)


def _load(source: str | os.PathLike[str] | Bank) -> tuple[Rendered, Callable[[], Bank]]:
    """Return the quiz's page at once, and a function that returns its validated bank.

    A cached quiz's page comes without importing the quiz model or the widget stack.
    """
    for name in _FIRST_PAINT_MODULES:  # never import what the background thread is importing
        _warm.wait_for(name)
    from usjapan_edu.quiz import _cache

    if not isinstance(source, str | os.PathLike):
        from usjapan_edu.quiz._page import render

        return render(source), lambda: source
    from usjapan_edu.i18n import language

    return _cache.load_page(source, language())


def _widget(
    source: str | os.PathLike[str] | Bank,
    *,
    store: ProgressStore | bool | None,
    restore: bool,
    register: bool,
    loaded: tuple[Rendered, Callable[[], Bank]] | None = None,
    static_id: str = "",
) -> QuizWidget:
    rendered, get_bank = loaded or _load(source)
    for name in _DISPLAY_MODULES:
        _warm.wait_for(name)
    bank = get_bank()
    from usjapan_edu.quiz.frontend import QuizWidget
    from usjapan_edu.quiz.store import ProgressStore

    chosen = ProgressStore() if store is True else (store or None)
    return QuizWidget(
        bank,
        store=chosen,
        restore=restore,
        register=register,
        rendered=rendered,
        static_id=static_id,
    )


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

    from usjapan_edu.quiz._first_paint import FirstPaint

    loaded = _load(source)
    # The page first, at once (the widget stack may still be importing): the widget then takes
    # it over. If the widget is never drawn (a saved notebook after a restart), this page stays
    # with a note saying to run the cell. See _first_paint.static_html.
    static_id = f"usj-{os.urandom(6).hex()}"
    display(FirstPaint(loaded[0], static_id))
    widget = _widget(
        source, store=store, restore=restore, register=False, loaded=loaded, static_id=static_id
    )
    display(widget)
    widget.register()  # after the display: the page need not wait for this write


class _Progress:
    """Your quiz answers: ``progress()`` is the per-bank summary (a table in a notebook).

    ``progress.summary()`` is the same; ``progress.export("answers.csv")`` writes your answers
    for submission (see :func:`usjapan_edu.quiz.store.export`).

    Examples
    --------
    >>> list(progress().columns)
    ['bank', 'title', 'answered', 'correct', 'score', 'total', 'last_activity']

    """

    def __call__(self, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
        from usjapan_edu.quiz.store import summary

        return summary(path)

    def __getattr__(self, name: str) -> Any:
        if name in {"summary", "export"}:
            from usjapan_edu.quiz import store

            return getattr(store, name)
        raise AttributeError(name)

    def __repr__(self) -> str:
        return "usjapan_edu.quiz.progress"


progress = _Progress()

_warm.after_this_cell(_DISPLAY_MODULES, first=True, for_module=__name__)
