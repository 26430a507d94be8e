"""Read exercise files (YAML): find them, load them, validate many at once.

Exercise files are untrusted data, like quiz banks: they are read with the quiz's safe,
line-numbering YAML loader (:class:`~usjapan_edu.quiz._yaml.LineLoader`: aliases bounded, no
Python objects, at most :data:`MAX_FILE_BYTES`), validated by :mod:`.validation`, and nothing in
them is evaluated. Problems are one line each::

    data/exercises/02-security.yaml:14: exercise 'japan-share-2023': unknown key 'tolerence' …

The format is documented in ``docs/exercises.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from usjapan_edu import _resources
from usjapan_edu._bilingual import EXERCISE_FILE, localize
from usjapan_edu.exercises.spec import ExerciseFile
from usjapan_edu.exercises.validation import ExerciseChecker, ExerciseError, UnknownExerciseError
from usjapan_edu.i18n import check_language, language
from usjapan_edu.quiz._yaml import line_of, read_bounded
from usjapan_edu.quiz.bank import (
    MAX_FILE_BYTES,
    expand_paths,
    parse_yaml,
    read_yaml_file,
    too_large,
)

__all__ = [
    "MAX_FILE_BYTES",
    "ExerciseError",
    "UnknownExerciseError",
    "exercises_dir",
    "file_path",
    "from_data",
    "from_yaml",
    "list_files",
    "load_file",
    "looks_like_exercise_file",
    "validate_files",
]

# ---------------------------------------------------------------- reading files


def _read(path: Path, checker: ExerciseChecker) -> tuple[bool, Any]:
    return read_yaml_file(path, checker, where="file", what="an exercise file")


def _build(
    data: Any, checker: ExerciseChecker, path: Path | None, stem: str, lang: str | None = None
) -> ExerciseFile:
    """Validate parsed data into an exercise file in ``lang`` (default: the course language)."""
    lang = language() if lang is None else check_language(lang)
    languages = localize(data, EXERCISE_FILE, lang, checker.add)
    try:
        built = checker.exercise_file(data, path, stem)
        if built is not None:
            built = dataclasses.replace(built, language=lang, languages=languages)
    except RecursionError:
        checker.add(1, "file", "the data is nested too deeply (or refers to itself)")
        built = None
    except Exception as exc:
        checker.add(
            1,
            "file",
            f"internal error while checking this file ({type(exc).__name__}: {exc}); please "
            "report it to the usjapan-edu maintainers",
        )
        built = None
    if checker.problems or built is None:
        if not checker.problems:  # pragma: no cover - defensive
            checker.add(1, "file", "the file could not be read")
        raise ExerciseError(checker.problems)
    return built


def from_data(
    data: Any,
    *,
    source: str = "<data>",
    stem: str = "",
    resolve: bool = True,
    lang: str | None = None,
) -> ExerciseFile:
    """Validate already-parsed data (what the YAML gives) into an :class:`ExerciseFile`.

    ``stem`` stands for the file name (without ``.yaml``) when ``prefix:`` is not given;
    ``lang`` (``"en"``/``"ja"``, default the course language) picks the texts of a bilingual
    file (``docs/translating.md``).

    Raises
    ------
    ExerciseError
        With every problem found.

    """
    return _build(data, ExerciseChecker(source, resolve=resolve), None, stem, lang)


def from_yaml(
    text: str,
    *,
    source: str = "<string>",
    stem: str = "",
    resolve: bool = True,
    lang: str | None = None,
) -> ExerciseFile:
    r"""Parse and validate YAML text (see :func:`from_data`).

    Examples
    --------
    >>> f = from_yaml('prefix: "t"\nexercises:\n- {id: a, type: text, prompt: "?", accept: [x]}')
    >>> f.ids
    ['t.a']

    """
    checker = ExerciseChecker(source, resolve=resolve)
    size = len(text.encode("utf-8", "surrogatepass"))
    if too_large(size, checker, where="file", what="an exercise file"):
        raise ExerciseError(checker.problems)
    ok, data = parse_yaml(text, checker, where="file")
    if not ok:
        raise ExerciseError(checker.problems)
    return _build(data, checker, None, stem, lang)


def exercises_dir() -> Path:
    """Return the folder of the bundled exercise files (``data/exercises``)."""
    return _resources.data_dir() / "exercises"


def _exercise_files() -> dict[str, Path]:
    """Return slug -> file: the bundled files, overridden by custom ones (earlier folder wins).

    Custom exercise files live in an ``exercises/`` subfolder of each folder named by
    ``$USJAPAN_EDU_BANKS`` (beside that folder's quiz banks), like ``data/exercises``.
    """
    from usjapan_edu.quiz.bank import custom_bank_dirs

    found = {p.stem: p for p in exercises_dir().glob("*.yaml")}
    for folder in reversed(custom_bank_dirs()):
        sub = folder / "exercises"
        if sub.is_dir():
            found.update({p.stem: p for p in sub.glob("*.yaml") if p.is_file()})
    return found


def list_files() -> list[str]:
    """Return the slugs of the available exercise files, sorted: bundled plus custom ones."""
    return sorted(_exercise_files())


def file_path(slug: str) -> Path:
    """Return the file of ``slug`` (a custom one first), or raise :class:`UnknownExerciseError`."""
    path = _exercise_files().get(slug)
    if path is not None:
        return path
    known = list_files()
    close = difflib.get_close_matches(slug, known, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    msg = (
        f"no exercise file {slug!r}{hint}; the available files are {', '.join(known) or 'none'} "
        "(or give the path of a .yaml file)"
    )
    raise UnknownExerciseError(msg)


def _as_path(path_or_slug: str | os.PathLike[str]) -> Path:
    if isinstance(path_or_slug, os.PathLike):
        return Path(path_or_slug)
    text = str(path_or_slug)
    if text.endswith((".yaml", ".yml")) or "/" in text or os.sep in text or Path(text).is_file():
        return Path(text)
    return file_path(text)


def load_file(
    path_or_slug: str | os.PathLike[str], *, resolve: bool = True, lang: str | None = None
) -> ExerciseFile:
    """Load and validate one exercise file by slug (``"02-security"``) or path.

    ``lang`` (``"en"``/``"ja"``; default: the course language) picks the texts of a bilingual
    file.

    Raises
    ------
    ExerciseError
        With every problem of the file, each naming file, line and exercise.
    UnknownExerciseError
        For a slug that matches no bundled file.

    """
    path = _as_path(path_or_slug)
    checker = ExerciseChecker(str(path), resolve=resolve)
    ok, data = _read(path, checker)
    if not ok:
        raise ExerciseError(checker.problems)
    return _build(data, checker, path, path.stem, lang)


def looks_like_exercise_file(path: str | os.PathLike[str]) -> bool:
    """Return whether a YAML path is an exercise file rather than a quiz bank.

    True for a file in a folder named ``exercises`` (or that folder itself), or a file with a
    top-level ``exercises:`` key; ``usjapan-edu validate`` uses it to choose the validator.
    """
    p = Path(path)
    if p.is_dir():
        return p.name == "exercises"
    if p.parent.name == "exercises":
        return True
    try:
        head, _ = read_bounded(p, MAX_FILE_BYTES)
    except OSError:
        return False
    return re.search(rb"^exercises\s*:", head, re.M) is not None


def validate_files(paths: Iterable[str | os.PathLike[str]], *, resolve: bool = True) -> list[str]:
    """Validate exercise files; return every problem, one line each (empty = all valid).

    A folder stands for the ``*.yaml``/``*.yml`` files in it. Two files with the same prefix
    are reported too (progress and ids are keyed by it).

    Examples
    --------
    >>> validate_files([exercises_dir()])
    []

    """
    problems: list[str] = []
    owners: dict[str, tuple[str, int]] = {}
    for path in expand_paths(paths, problems, what="exercise files"):
        checker = ExerciseChecker(str(path), resolve=resolve)
        try:
            ok, data = _read(path, checker)
        except OSError as exc:
            problems.append(f"{path}:1: file: cannot read the file ({exc.strerror or exc})")
            continue
        if ok:
            try:
                built: ExerciseFile | None = _build(data, checker, path, path.stem, "en")
            except ExerciseError:
                built = None
            if built is not None and "ja" in built.languages:
                # the Japanese texts are checked as the student gets them, too
                again = ExerciseChecker(str(path), resolve=resolve)
                with contextlib.suppress(ExerciseError):
                    _build(_read(path, again)[1], again, path, path.stem, "ja")
                checker.problems.extend(p for p in again.problems if p not in checker.problems)
            if built is not None:
                line = line_of(data, "prefix", 1)
                if built.prefix in owners:
                    first, first_line = owners[built.prefix]
                    checker.add(
                        line,
                        "file",
                        f"prefix {built.prefix!r} is also used by {first}:{first_line}; prefixes "
                        "must be unique (exercise ids and progress are keyed by them)",
                    )
                else:
                    owners[built.prefix] = (str(path), line)
        problems.extend(checker.problems)
    return problems
