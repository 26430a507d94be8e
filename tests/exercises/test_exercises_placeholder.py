"""The student version: a placeholder in place of the solution gives "not yet", never a crash."""

from __future__ import annotations

import contextlib
import re

import pytest

from usjapan_edu import exercises

SOLUTION = re.compile(r"### BEGIN SOLUTION.*?### END SOLUTION", re.S)


@pytest.mark.parametrize(
    "placeholder", [..., NotImplemented, NotImplementedError, NotImplementedError()]
)
def test_placeholders_are_not_yet(placeholder: object) -> None:
    for ex_id in exercises.list_exercises():
        r = exercises.check(ex_id, placeholder, store=None)
        assert r.code == "not_yet" and not r.passed and r.message.startswith("Not yet.")
        assert "replace the `...` with your code" in r.message.lower()


def _run_cells(cells: list[str]) -> dict[str, object]:
    """Run cells like a notebook does (one namespace); a raising cell does not stop the run."""
    namespace: dict[str, object] = {"exercises": exercises}
    for cell in cells:
        with contextlib.suppress(NotImplementedError):
            exec(cell, namespace)
    return namespace


@pytest.mark.parametrize(
    "placeholder",
    [
        "japan_share_2023 = ...",  # the recommended student placeholder
        "# YOUR CODE HERE\nraise NotImplementedError()",  # nbgrader's ClearSolutions
    ],
)
def test_student_version_of_a_cell_pair(placeholder: str) -> None:
    exercise_cell = "### BEGIN SOLUTION\njapan_share_2023 = 1.0\n### END SOLUTION\n"
    student = SOLUTION.sub(placeholder, exercise_cell)
    namespace = _run_cells([student, "r = exercises.check('02.japan-share-2023', store=None)"])
    r = namespace["r"]
    assert isinstance(r, exercises.Result) and r.code == "not_yet"
    if "raise" in placeholder:  # the variable was never assigned: the message names it
        assert "`japan_share_2023` does not exist yet" in r.message


def test_not_yet_is_not_an_attempt() -> None:
    from usjapan_edu.quiz.store import ProgressStore

    exercises.check("02.japan-share-2023", ...)
    assert ProgressStore().get("exercises:02", "japan-share-2023") is None


def test_reading_the_variable_from_the_caller() -> None:
    japan_share_2023 = 119.6  # noqa: F841 - read by check() from this frame
    r = exercises.check("02.japan-share-2023", store=None)
    assert r.code == "units"
