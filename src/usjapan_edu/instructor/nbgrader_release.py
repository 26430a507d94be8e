"""nbgrader-ready notebooks: the course's exercises as graded cells, with hidden tests.

``usjapan-edu nbgrader-release NOTEBOOKS COURSE --assignment NAME`` writes each instructor
notebook into nbgrader's ``COURSE/source/NAME/`` with the cell metadata nbgrader's default
settings ask for, so ``nbgrader generate_assignment NAME`` (no extra options), ``autograde``
and ``export`` work as they do for any nbgrader course:

* the cell with an exercise's solution (``### BEGIN SOLUTION`` … ``### END SOLUTION``) is an
  *autograded answer* cell (``grade_id: <exercise id>-answer``, dots as ``_``);
* the cell that checks it (``exercises.check("02.japan-share-2023")``) is an *autograder
  tests* cell worth :data:`POINTS` point(s), read-only, with a hidden test that **fails** on
  a wrong or missing answer::

      ### BEGIN HIDDEN TESTS
      assert exercises.check("02.japan-share-2023", japan_share_2023, store=None).passed
      ### END HIDDEN TESTS

  The visible check stays, so students get the course's feedback before they hand in;
* a capstone verdict (``06.verdict-…``: any verdict of the vocabulary passes, so no test can
  grade it) is a *manually graded answer* cell; so is any solution not followed by a check;
* everything else is left as it is.

Grading runs are side-effect free: nbgrader sets ``NBGRADER_EXECUTION`` while it executes a
notebook, and then quizzes and exercise checks keep progress in memory only
(:func:`usjapan_edu.quiz.store.progress_disabled`): the grader's own progress file is neither
read nor written, whoever's notebook runs. The student copies nbgrader makes are the ones
:func:`~usjapan_edu.instructor.student_version.make_student_notebook` makes with
``placeholder="nbgrader"`` (that function checks the markers first).
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from usjapan_edu.instructor._files import InstructorError, write_files
from usjapan_edu.instructor.student_version import (
    _CHECK_CALL,
    StudentVersionError,
    make_student_notebook,
    plan,
    read_notebook,
)

__all__ = ["POINTS", "NbgraderNotebook", "nbgrader_notebook", "nbgrader_release"]

POINTS = 1
"""Points of one exercise (nbgrader's ``points``)."""
SCHEMA_VERSION = 3
"""nbgrader's cell-metadata schema version (nbgrader 0.9)."""
_ASSIGNMENT = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"


@dataclass
class NbgraderNotebook:
    """A notebook turned into nbgrader's source version, and what it grades."""

    notebook: Any
    autograded: list[str]
    """Exercise ids graded by a hidden test (``POINTS`` each)."""
    manual: list[str]
    """``grade_id`` of the cells graded by hand (capstone verdicts, other solutions)."""


def _meta(grade_id: str, *, solution: bool, grade: bool, locked: bool) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": SCHEMA_VERSION,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = POINTS
    return meta


def _next_check(cells: list[Any], after: int) -> tuple[int, str, str | None] | None:
    """Return (cell index, exercise id, variable named) of the check after cell ``after``."""
    for index in range(after + 1, len(cells)):
        cell = cells[index]
        if cell.cell_type != "code":
            continue
        if "BEGIN SOLUTION" in cell.source:
            return None
        found = _CHECK_CALL.search(cell.source)
        if found:
            return index, found.group("id"), found.group("var")
    return None


def nbgrader_notebook(nb: Any, *, name: str = "notebook") -> NbgraderNotebook:
    """Return nbgrader's source version of an instructor notebook (``nb`` is unchanged).

    Raises
    ------
    StudentVersionError
        For unbalanced markers, or a check of an exercise that does not exist.

    """
    from usjapan_edu import exercises

    make_student_notebook(nb, placeholder="nbgrader", name=name)  # markers must be sound
    out = copy.deepcopy(nb)
    autograded: list[str] = []
    manual: list[str] = []
    used: set[str] = set()

    def unique(grade_id: str) -> str:
        grade_id = re.sub(r"[^A-Za-z0-9_-]", "_", grade_id)  # nbgrader's grade_id pattern
        candidate, n = grade_id, 2
        while candidate in used:
            candidate, n = f"{grade_id}-{n}", n + 1
        used.add(candidate)
        return candidate

    for cell in out.cells:
        cell.metadata.pop("nbgrader", None)  # ours replaces any earlier nbgrader metadata
    for index, cell in enumerate(out.cells):
        if "BEGIN SOLUTION" not in cell.source:
            continue
        check = _next_check(out.cells, index) if cell.cell_type == "code" else None
        if check is None:
            grade_id = unique(f"{Path(name).stem}-cell-{index + 1}")
            cell.metadata["nbgrader"] = _meta(grade_id, solution=True, grade=True, locked=False)
            manual.append(grade_id)
            continue
        check_index, exercise_id, variable = check
        try:
            exercise = exercises.get_exercise(exercise_id)
        except exercises.UnknownExerciseError as exc:
            raise StudentVersionError([f"{name}: cell {check_index + 1}: {exc}"]) from None
        if ".verdict-" in exercise_id:  # any verdict of the vocabulary passes: graded by hand
            grade_id = unique(f"{exercise_id}-verdict")
            cell.metadata["nbgrader"] = _meta(grade_id, solution=True, grade=True, locked=False)
            manual.append(grade_id)
            continue
        cell.metadata["nbgrader"] = _meta(
            unique(f"{exercise_id}-answer"), solution=True, grade=False, locked=False
        )
        test = out.cells[check_index]
        variable = variable or exercise.variable
        test.source = (
            test.source.rstrip("\n")
            + "\n### BEGIN HIDDEN TESTS\n"
            + f"assert exercises.check({exercise_id!r}, {variable}, store=None).passed, "
            + f"{exercise_id + ': not right yet'!r}\n"
            + "### END HIDDEN TESTS"
        )
        test.metadata["nbgrader"] = _meta(
            unique(exercise_id), solution=False, grade=True, locked=True
        )
        autograded.append(exercise_id)
    for cell in out.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return NbgraderNotebook(out, autograded, manual)


def nbgrader_release(
    src: str | os.PathLike[str],
    course: str | os.PathLike[str],
    assignment: str,
    *,
    force: bool = False,
) -> list[tuple[Path, NbgraderNotebook]]:
    """Write nbgrader source versions of ``src`` (a notebook or folder) into ``course``.

    They go to ``COURSE/source/ASSIGNMENT/``; then, in ``COURSE``, run
    ``nbgrader generate_assignment ASSIGNMENT``. Nothing is written unless every notebook
    converts; existing files are kept unless ``force``.
    """
    import nbformat

    if not re.match(_ASSIGNMENT, assignment):
        raise InstructorError(
            f"assignment name {assignment!r}: use letters, digits, '-', '_' or '.' (nbgrader "
            "makes a folder of it)"
        )
    source = Path(src).expanduser()
    target = Path(course).expanduser() / "source" / assignment
    pairs = plan(source, target)
    done: list[tuple[Path, NbgraderNotebook]] = []
    problems: list[str] = []
    for path, dest in pairs:
        try:
            done.append((dest, nbgrader_notebook(read_notebook(path), name=str(path))))
        except StudentVersionError as exc:
            problems += exc.problems
    if problems:
        raise StudentVersionError(problems)
    files = {}
    for dest, converted in done:
        text = nbformat.writes(converted.notebook)
        files[dest] = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    write_files(files, force=force)
    return done
