"""nbgrader source versions: graded cells with points, hidden tests, verdicts graded by hand."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from usjapan_edu import exercises
from usjapan_edu.instructor.nbgrader_release import nbgrader_notebook

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def test_capstone_verdicts_are_graded_by_hand_and_exercises_by_hidden_tests() -> None:
    nb = nbformat.read(NOTEBOOKS / "06-capstone.ipynb", as_version=4)
    converted = nbgrader_notebook(nb, name="06-capstone.ipynb")
    ids = exercises.list_exercises("06-capstone")
    verdicts = [i for i in ids if ".verdict-" in i]
    assert len(verdicts) == 20
    assert sorted(converted.autograded) == sorted(set(ids) - set(verdicts))
    assert sorted(converted.manual) == sorted(v.replace(".", "_") + "-verdict" for v in verdicts)
    metas = [c.metadata["nbgrader"] for c in converted.notebook.cells if "nbgrader" in c.metadata]
    assert len({m["grade_id"] for m in metas}) == len(metas)  # unique, as nbgrader requires
    tests = [m for m in metas if m["grade"] and not m["solution"]]
    assert all(m["locked"] and m["points"] == 1 for m in tests)
    assert "nbgrader" not in nb.cells[0].metadata  # the instructor's notebook is unchanged


def test_the_hidden_test_fails_on_a_wrong_answer() -> None:
    nb = nbformat.read(NOTEBOOKS / "00-start-here.ipynb", as_version=4)
    converted = nbgrader_notebook(nb)
    test = next(c for c in converted.notebook.cells if c.metadata.get("nbgrader", {}).get("grade"))
    hidden = test.source.split("### BEGIN HIDDEN TESTS\n")[1].split("\n### END")[0]
    namespace = {"exercises": exercises, "deficit_2022": 12345.0}
    with pytest.raises(AssertionError, match="not right yet"):
        exec(hidden, namespace)  # the test code runs the generated cell; the package never does
    with pytest.raises(NameError):  # nbgrader's stub leaves the variable undefined: 0 points
        exec(hidden, {"exercises": exercises})
