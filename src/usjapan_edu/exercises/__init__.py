"""Your-turn exercises with instant feedback: ``check``, ``hint``, ``solution``.

A student writes a little pandas or Altair code, then checks it::

    from usjapan_edu import exercises
    exercises.check("02.japan-share-2023", japan_share_2023)   # ✓, or a specific ✗
    exercises.hint("02.japan-share-2023")                       # the next hint
    exercises.solution("02.japan-share-2023")                   # unless solutions are off

Exercises live in ``data/exercises/<notebook-slug>.yaml`` (format: ``docs/exercises.md``): the
expected answer is a rule over the shipped data, written as data, so a data update never leaves
an exercise stale and nothing in a file is ever run. ``check`` never raises on a student's
answer, never shows the expected value in a ✗, and saves every attempt in the progress file.

Examples
--------
>>> from usjapan_edu import exercises
>>> "02.japan-share-2023" in exercises.list_exercises()
True
>>> r = exercises.check("02.japan-share-2023", 119.6, store=None)
>>> r.passed, r.code
(False, 'units')
>>> exercises.check("02.japan-share-2023", ..., store=None).code
'not_yet'

"""

from __future__ import annotations

import difflib
import os
import sys
import warnings
from typing import Any

from usjapan_edu.exercises import checks, rules
from usjapan_edu.exercises.answers import NOT_GIVEN, is_placeholder, summarize
from usjapan_edu.exercises.feedback import NOT_YET, Note, Result, compose, not_yet_detail
from usjapan_edu.exercises.loader import (
    ExerciseError,
    UnknownExerciseError,
    file_path,
    list_files,
    load_file,
    looks_like_exercise_file,
    validate_files,
)
from usjapan_edu.exercises.named_checks import register_check, unregister_check
from usjapan_edu.exercises.records import Recorder, plain_value
from usjapan_edu.exercises.spec import Exercise, ExerciseFile
from usjapan_edu.i18n import t

__all__ = [
    "SOLUTIONS_ENV",
    "Exercise",
    "ExerciseError",
    "ExerciseFile",
    "ExerciseFileWarning",
    "Note",
    "Result",
    "UnknownExerciseError",
    "check",
    "get_exercise",
    "hint",
    "list_exercises",
    "load_exercises",
    "looks_like_exercise_file",
    "register_check",
    "solution",
    "solutions_enabled",
    "unregister_check",
    "validate_files",
]

SOLUTIONS_ENV = "USJAPAN_EDU_SOLUTIONS"
"""``off`` (or ``0``, ``false``, ``no``) hides every solution, whatever the files say."""
_OFF = {"off", "0", "false", "no"}

_cache: dict[str, Any] = {}
_hints_seen: dict[tuple[str, str], int] = {}
"""Hints shown in this session, by (progress file, id): hints work even if saving fails."""


# ---------------------------------------------------------------- finding exercises


def _signature() -> tuple[tuple[str, int, int], ...]:
    out = []
    for slug in list_files():
        path = file_path(slug)
        stat = path.stat()
        out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


class ExerciseFileWarning(UserWarning):
    """An exercise file cannot be used (broken, or its prefix taken): its exercises are skipped."""


def _index() -> dict[str, tuple[Exercise, ExerciseFile]]:
    """Return every available exercise by id (reloaded when a file changes).

    A file that cannot be loaded (a typo such as ``tolerence:``, a prefix another file already
    uses) is skipped with one :class:`ExerciseFileWarning` naming it, as quiz banks are: the
    other files' exercises keep working.
    """
    from usjapan_edu.i18n import language

    lang = language()
    signature = (_signature(), lang)
    if _cache.get("signature") != signature:
        index: dict[str, tuple[Exercise, ExerciseFile]] = {}
        prefixes: dict[str, str] = {}
        skipped: list[str] = []
        for path, _, _ in signature[0]:
            try:
                loaded = load_file(path, resolve=False, lang=lang)
            except ExerciseError as exc:
                first = exc.problems[0] if exc.problems else str(exc)
                more = len(exc.problems) - 1
                also = (
                    ""
                    if more <= 0
                    else t(" (and 1 more problem)")
                    if more == 1
                    else t(" (and {n} more problems)", n=more)
                )
                skipped.append(
                    t(
                        "exercise file {path} is skipped: {problem}{more}; check it with "
                        "`usjapan-edu validate {path}`",
                        path=path,
                        problem=first,
                        more=also,
                    )
                )
                continue
            except OSError as exc:
                skipped.append(
                    t(
                        "exercise file {path} is skipped: {problem}",
                        path=path,
                        problem=exc.strerror or exc,
                    )
                )
                continue
            if loaded.prefix in prefixes:
                skipped.append(
                    t(
                        "exercise file {path} is skipped: its prefix {prefix} is also used by "
                        "{other}; prefixes must be unique",
                        path=path,
                        prefix=repr(loaded.prefix),
                        other=prefixes[loaded.prefix],
                    )
                )
                continue
            prefixes[loaded.prefix] = path
            for ex in loaded.exercises:
                index[ex.id] = (ex, loaded)
        _cache.update(signature=signature, index=index, skipped=skipped)
        for message in skipped:
            warnings.warn(message, ExerciseFileWarning, stacklevel=3)
    return _cache["index"]


def _registered(exercise: Exercise) -> bool:
    """Return whether ``exercise`` is the one of the loaded files, with its own rules.

    A copy with other rules (``dataclasses.replace(ex, expected=...)``) is not: its check is
    shown but never recorded as the exercise's result.
    """
    try:
        found = _index().get(exercise.id)
    except Exception:  # no files at all: nothing is registered
        return False
    if found is None:
        return False
    own = found[0]
    return own is exercise or (
        own == exercise
        and own.check_args == exercise.check_args
        and own.feedback == exercise.feedback
    )


def _find(exercise: str | Exercise) -> tuple[Exercise, str, int]:
    """Return the exercise, its file's title and its file's number of exercises."""
    if isinstance(exercise, Exercise):
        return exercise, "", 0
    index = _index()
    if exercise in index:
        ex, file = index[exercise]
        return ex, file.title or t("Exercises {prefix}", prefix=file.prefix), len(file)
    known = list(index)
    close = difflib.get_close_matches(str(exercise), known, n=3, cutoff=0.5)
    hint_text = (
        t("; did you mean {ids}?", ids=t(" or ").join(repr(c) for c in close)) if close else ""
    )
    msg = t(
        "no exercise {exercise}{suggestion} (ids are <prefix>.<id>, e.g. {example}; see "
        "exercises.list_exercises())",
        exercise=repr(exercise),
        suggestion=hint_text,
        example=known[0] if known else "02.japan-share-2023",
    )
    raise UnknownExerciseError(msg)


def get_exercise(exercise_id: str) -> Exercise:
    """Return the bundled exercise ``exercise_id`` (``"02.japan-share-2023"``).

    Raises
    ------
    UnknownExerciseError
        If there is no such exercise; the message names the closest ids.

    """
    return _find(exercise_id)[0]


def list_exercises(path_or_slug: str | os.PathLike[str] | None = None) -> list[str]:
    """Return the ids of every bundled exercise, or of one file (slug or path), in order.

    Examples
    --------
    >>> list_exercises("00-start-here")
    ['00.deficit-2022']

    """
    if path_or_slug is None:
        return list(_index())
    return load_file(path_or_slug, resolve=False).ids


def load_exercises(path_or_slug: str | os.PathLike[str], *, resolve: bool = True) -> ExerciseFile:
    """Load and validate an exercise file by slug (``"02-security"``) or path.

    With ``resolve`` (default) every rule is computed from the data now, so a rule that no
    longer fits the data is reported.

    Raises
    ------
    ExerciseError
        With every problem (``.problems``: ``file:line: exercise 'id': what to fix``).
    UnknownExerciseError
        For a slug that matches no bundled file.

    Examples
    --------
    >>> load_exercises("02-security")["japan-share-2023"].variable
    'japan_share_2023'

    """
    return load_file(path_or_slug, resolve=resolve)


def solutions_enabled(exercise: str | Exercise) -> bool:
    """Return whether students may see this exercise's solution (file and environment)."""
    ex = _find(exercise)[0]
    if os.environ.get(SOLUTIONS_ENV, "").strip().lower() in _OFF:
        return False
    return ex.solutions


# ---------------------------------------------------------------- checking


def _caller_value(name: str, depth: int = 2) -> Any:
    """Return ``name`` from the calling cell's namespace, or ``NOT_GIVEN``."""
    try:
        frame = sys._getframe(depth)
    except ValueError:  # pragma: no cover - no caller
        return NOT_GIVEN
    if name in frame.f_locals:
        return frame.f_locals[name]
    return frame.f_globals.get(name, NOT_GIVEN)


def check(
    exercise_id: str | Exercise,
    answer: Any = NOT_GIVEN,
    *,
    store: Any = True,
    data: rules.Data | None = None,
) -> Result:
    """Check a student's answer and return a :class:`Result` (shown as ✓ or ✗ in a notebook).

    Parameters
    ----------
    exercise_id : str
        ``<prefix>.<id>``, e.g. ``"02.japan-share-2023"`` (or an :class:`Exercise`).
    answer : any, optional
        The student's value. Left out, the exercise's ``variable`` is read from the notebook
        (so nbgrader's ``raise NotImplementedError()`` placeholder gives "not yet" too).
    store : ProgressStore, True or None
        Where the attempt is saved (default: the student's progress file; ``None``: nowhere).
        The saved record keeps the answer itself when it is small and plain (``value``, see
        :mod:`.records`), so an instructor can check it again. An :class:`Exercise` that is
        not the one of the loaded files (a copy with other rules) is checked but never saved.

    data : rules.Data, optional
        The datasets to compare with, loaded once for many checks (the gradebook's regrading);
        default: loaded for this check.

    Returns
    -------
    Result
        ``.passed``, ``.score``, ``.code``, ``.message``; never raises on an answer.

    Raises
    ------
    UnknownExerciseError
        For an id that is not an exercise (a mistake in the notebook, not in the answer).

    """
    ex, title, total = _find(exercise_id)
    foreign = isinstance(exercise_id, Exercise) and not _registered(ex)
    if foreign:
        store = None  # another exercise's rules: its result is nobody's record
    missing_variable = False
    if answer is NOT_GIVEN:
        answer = _caller_value(ex.variable)
        missing_variable = answer is NOT_GIVEN
    if is_placeholder(answer):
        detail = not_yet_detail(ex.variable if missing_variable else None)
        return Result(ex.id, passed=False, code=NOT_YET, verdict=t("Not yet."), detail=detail)
    if isinstance(answer, str) and _is_verdict(ex):
        from usjapan_edu.capstone import canonical_verdict

        answer = canonical_verdict(answer)  # 一部支持される is saved as "partly supported"
    try:
        verdict = checks.check(ex, answer, data if data is not None else rules.Data())
    except rules.RuleError as exc:
        return Result(
            ex.id,
            passed=False,
            code="error",
            verdict=t("Cannot check."),
            detail=t(
                "This exercise's rule does not fit the data ({why}). Tell your instructor.",
                why=exc,
            ),
        )
    except Exception as exc:  # whatever a student passes, they get a result, not a traceback
        return Result(
            ex.id,
            passed=False,
            code="type",
            verdict=t("Not quite."),
            detail=t(
                "Your answer could not be compared ({kind}); check that it is the kind of value "
                "the task asks for.",
                kind=type(exc).__name__,
            ),
        )
    word, detail = compose(verdict.code, verdict.detail, ex.feedback)
    message = f"{word} {detail}".strip()
    record, warning = Recorder(store).attempt(
        ex,
        title=title or t("Exercises {prefix}", prefix=ex.prefix),
        total=total or 1,
        response=summarize(answer),
        value=plain_value(answer),
        correct=verdict.passed,
        score=verdict.score,
        feedback=message,
        result_code=verdict.code,
    )
    attempts = record.get("attempts") if record else None
    return Result(
        ex.id,
        passed=verdict.passed,
        code=verdict.code,
        verdict=word,
        detail=detail,
        attempts=attempts if isinstance(attempts, int) else None,
        warning=warning
        or (
            t(
                "Not saved: this exercise is not one of the course's exercise files (or its "
                "rules were changed), so its result is not recorded."
            )
            if foreign
            else ""
        ),
    )


def _is_verdict(exercise: Exercise) -> bool:
    """Return whether ``exercise`` records a verdict of the capstone (``06.verdict-c04``)."""
    from usjapan_edu.capstone import EXERCISE_PREFIX

    return exercise.prefix == EXERCISE_PREFIX and exercise.name.startswith("verdict-")


def hint(exercise_id: str | Exercise, *, store: Any = True) -> Note:
    """Return the next hint of an exercise (after the last one, the last one again).

    Examples
    --------
    >>> hint("02.japan-share-2023", store=None).title
    'Hint 1 of 2'

    """
    ex, title, total = _find(exercise_id)
    if not ex.hints:
        body = (
            t("Re-read the task. Try `exercises.solution(...)`.")
            if solutions_enabled(ex)
            else t("Re-read the task.")
        )
        return Note(ex.id, "info", t("No hints for this exercise."), body)
    recorder = Recorder(store)
    key = (str(getattr(recorder.store, "path", "")), ex.id)
    saved = recorder.saved(ex).get("hints_shown", 0)
    shown = max(_hints_seen.get(key, 0), saved if isinstance(saved, int) else 0)
    n = len(ex.hints)
    index = min(shown, n - 1)
    _hints_seen[key] = min(shown + 1, n)
    recorder.note(ex, title=title or ex.prefix, total=total or 1, hints_shown=_hints_seen[key])
    title = (
        t("Hint {i} of {n} (the last one)", i=index + 1, n=n)
        if index == n - 1 and n > 1
        else t("Hint {i} of {n}", i=index + 1, n=n)
    )
    return Note(ex.id, "hint", title, ex.hints[index])


def solution(exercise_id: str | Exercise, *, store: Any = True) -> Note:
    """Return the solution snippet, unless the instructor turned solutions off.

    Solutions are off when the exercise's file says ``solutions: false`` or the environment
    variable ``USJAPAN_EDU_SOLUTIONS`` is ``off``. Showing one is saved (``revealed``).
    """
    ex, title, total = _find(exercise_id)
    if not solutions_enabled(ex):
        return Note(
            ex.id,
            "info",
            t("Solutions are turned off."),
            t(
                "Your instructor has turned solutions off for this exercise; "
                "`exercises.hint(...)` gives hints."
            ),
        )
    if not ex.solution.strip():
        return Note(ex.id, "info", t("No written solution."), t("Ask your instructor."))
    Recorder(store).note(ex, title=title or ex.prefix, total=total or 1, revealed=True)
    return Note(ex.id, "solution", t("Solution"), "", ex.solution)
