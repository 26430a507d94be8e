"""Find and load the banks an instructor names: slugs, files, or ``all``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from usjapan_edu.instructor._files import InstructorError
from usjapan_edu.quiz.bank import BankError, UnknownBankError, list_banks, load_bank
from usjapan_edu.quiz.model import Bank

__all__ = ["key_sources", "load_banks", "load_exercise_files"]


def load_banks(names: Sequence[str], *, resolve: bool = True) -> list[Bank]:
    """Load the banks named by slugs or paths; ``all`` stands for every available bank.

    Every problem of every bank is collected first (one line each, naming file and line),
    so the instructor sees them all at once.

    Parameters
    ----------
    names : sequence of str
        Slugs (``sample-all-types``; custom banks of ``$USJAPAN_EDU_BANKS`` included), paths
        of YAML files, or ``all``.
    resolve : bool
        Resolve every ``answer_from`` against the shipped data now.

    Raises
    ------
    InstructorError
        With every problem, one per line (``.problems`` holds them as a list).

    Examples
    --------
    >>> [b.id for b in load_banks(["sample-all-types"])]
    ['sample-all-types']

    """
    wanted: list[str] = []
    for name in names:
        wanted.extend(list_banks() if name == "all" else [name])
    banks: list[Bank] = []
    problems: list[str] = []
    seen: set[str] = set()
    for name in dict.fromkeys(wanted):
        try:
            bank = load_bank(name, resolve=resolve)
        except BankError as exc:
            problems.extend(exc.problems)
            continue
        except UnknownBankError as exc:
            problems.append(f"{name}: {exc}")
            continue
        except FileNotFoundError:
            problems.append(f"{name}: no such file")
            continue
        except IsADirectoryError:
            problems.append(f"{name}: is a folder; give a bank file (.yaml) or a slug")
            continue
        except OSError as exc:
            problems.append(f"{name}: cannot read the file ({exc.strerror or exc})")
            continue
        key = os.path.abspath(bank.path) if bank.path else bank.id
        if key in seen:
            continue
        seen.add(str(key))
        banks.append(bank)
    if problems:
        error = InstructorError("\n".join(problems))
        error.problems = problems  # type: ignore[attr-defined]
        raise error
    if not banks and names:
        raise InstructorError("no quiz banks to use; name a bank (e.g. sample-all-types) or a file")
    return banks


def bank_label(bank: Bank) -> str:
    """Return ``bank id (file)`` for messages."""
    return f"{bank.id} ({Path(bank.path).name})" if bank.path else bank.id


def _exercise_slugs() -> list[str]:
    try:
        from usjapan_edu.exercises.loader import list_files
    except ImportError:  # pragma: no cover - an install without the exercises package
        return []
    return list_files()


def load_exercise_files(names: Sequence[str]) -> list[Any]:
    """Load exercise files by slug or path; every problem is collected, one line each.

    Raises
    ------
    InstructorError
        With every problem (``.problems`` holds them as a list).

    """
    from usjapan_edu import exercises

    files: list[Any] = []
    problems: list[str] = []
    for name in dict.fromkeys(names):
        try:
            files.append(exercises.load_exercises(name))
        except exercises.ExerciseError as exc:
            problems.extend(getattr(exc, "problems", None) or [str(exc)])
        except (exercises.UnknownExerciseError, FileNotFoundError) as exc:
            problems.append(f"{name}: {exc}")
        except OSError as exc:
            problems.append(f"{name}: cannot read the file ({exc.strerror or exc})")
    if problems:
        error = InstructorError("\n".join(problems))
        error.problems = problems  # type: ignore[attr-defined]
        raise error
    return files


def key_sources(names: Sequence[str], *, exercises: bool = True) -> tuple[list[str], list[str]]:
    """Split the names given to ``answer-key`` into quiz banks and exercise files.

    ``all`` is every bank and every exercise file; a slug names the bank and the exercise file
    of that slug (a notebook's quiz and its exercises share it: ``00-start-here``); a path is a
    bank or an exercise file by its content. A slug that names neither is kept as a bank, so
    the bank loader reports it with the closest names.

    Examples
    --------
    >>> key_sources(["sample-all-types"])
    (['sample-all-types'], [])
    >>> key_sources(["00-start-here"])
    (['00-start-here'], ['00-start-here'])

    """
    banks: list[str] = []
    files: list[str] = []
    ex_slugs = _exercise_slugs() if exercises else []
    for name in names:
        if name == "all":
            banks += list_banks()
            files += ex_slugs
            continue
        looks_like_path = name.endswith((".yaml", ".yml")) or "/" in name or os.sep in name
        if looks_like_path or (Path(name).is_file() and name not in list_banks()):
            from usjapan_edu.exercises import looks_like_exercise_file

            if looks_like_exercise_file(name):
                if exercises:
                    files.append(name)
            else:
                banks.append(name)
            continue
        in_banks, in_files = name in list_banks(), name in ex_slugs
        if in_banks or not in_files:
            banks.append(name)
        if in_files:
            files.append(name)
    return list(dict.fromkeys(banks)), list(dict.fromkeys(files))
