"""A real nbgrader course: release, three students, autograde, export — scores equal ours.

Default nbgrader settings throughout (no ``--ClearSolutions.enforce_metadata=False``). The
submissions are put where ``nbgrader collect`` puts them (``submitted/<student>/<assignment>/``),
with each student's progress export beside the notebook, as a class hands both in. Grading
runs under the grader's account with a progress file of the grader's own: it must come out
untouched.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from usjapan_edu import datasets, exercises, i18n
from usjapan_edu.instructor.gradebook import build_gradebook
from usjapan_edu.instructor.nbgrader_release import nbgrader_release
from usjapan_edu.quiz.store import ProgressStore

pytestmark = pytest.mark.notebooks

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "01-alliance-at-a-glance.ipynb"
SLUG = "01-alliance-at-a-glance"
ASSIGNMENT = "week1"


def _nbgrader(course: Path, env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *argv, f"--CourseDirectory.root={course}"],
        cwd=course, env=env, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _values(right: set[str]) -> dict[str, object]:
    """Each exercise's answer: the solution's value for those in ``right``, else a wrong one."""
    namespace: dict[str, object] = {
        "timeline": datasets.load("alliance_timeline"),
        "forces": datasets.load("us_forces_japan"),
    }
    out: dict[str, object] = {}
    for exercise_id in exercises.list_exercises(SLUG):
        ex = exercises.get_exercise(exercise_id)
        if exercise_id in right:
            exec(ex.solution, namespace)  # the test runs the instructor's snippet
            out[exercise_id] = namespace[ex.variable]
        else:
            out[exercise_id] = 0
    return out


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_nbgrader_scores_equal_the_gradebooks(tmp_path: Path, lang: str) -> None:
    # the Japanese notebook (notebooks/ja/) has the same code cells, so the same grades
    notebook = NOTEBOOK if lang == "en" else NOTEBOOK.parent / "ja" / NOTEBOOK.name
    ids = exercises.list_exercises(SLUG)
    assert len(ids) == 3
    students = {"alice": set(ids), "bob": {ids[0]}, "carol": set()}  # right, partly, wrong
    course = tmp_path / "course"
    grader_home = tmp_path / "grader-home"
    grader_home.mkdir()
    grader_file = grader_home / "progress.json"
    grader_store = ProgressStore(grader_file)
    grader_store.update(SLUG, "treaty-1960", response="x", record_attempt=True)
    before = (grader_file.read_bytes(), grader_file.stat().st_mtime_ns)
    listing = sorted(p.name for p in grader_home.iterdir())

    env = {k: v for k, v in os.environ.items() if not k.startswith("NBGRADER")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter")  # no nbgrader_config.py of the user's
    env["USJAPAN_EDU_HOME"] = str(grader_home)  # the grader's own progress

    done = nbgrader_release(notebook, course, ASSIGNMENT)
    assert sorted(done[0][1].autograded) == sorted(ids)
    _nbgrader(course, env, "generate_assignment", ASSIGNMENT)
    released = nbformat.read(course / "release" / ASSIGNMENT / notebook.name, as_version=4)
    assert "BEGIN SOLUTION" not in json.dumps(released) and "HIDDEN TESTS" not in json.dumps(
        released
    )

    for student, right in students.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nb = nbformat.read(course / "release" / ASSIGNMENT / notebook.name, as_version=4)
        values = _values(right)
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            for exercise_id in ids:
                if grade_id == exercise_id.replace(".", "_") + "-answer":
                    ex = exercises.get_exercise(exercise_id)
                    cell.source = ex.solution if exercise_id in right else f"{ex.variable} = 0"
        nbformat.write(nb, folder / notebook.name)
        (folder / "timestamp.txt").write_text("2026-01-10 10:00:00.000000 UTC\n")
        # the same answers, checked in the student's own kernel, exported beside the notebook
        store = ProgressStore(tmp_path / f"{student}-progress.json")
        i18n.set_language(lang)
        try:
            for exercise_id, value in values.items():
                exercises.check(exercise_id, value, store=store)
        finally:
            i18n.set_language(None)
        assert {row["language"] for row in store.rows()} == {lang}
        store.export(folder / "answers.json")

    _nbgrader(course, env, "autograde", ASSIGNMENT)
    _nbgrader(course, env, "export", "--to", str(tmp_path / "grades.csv"))
    with (tmp_path / "grades.csv").open(encoding="utf-8") as fh:
        nbgrader_scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(fh)}

    assignment = tmp_path / "assignment.txt"
    assignment.write_text(f"{SLUG}\n", encoding="utf-8")
    book = build_gradebook([course / "submitted"], student_from="nbgrader", assignment=assignment)
    ours = dict(zip(book.students["student"], book.students["exercises_done"], strict=True))
    expected = {"alice": 3.0, "bob": 1.0, "carol": 0.0}
    print(f"\nnbgrader: {nbgrader_scores}\ngradebook: {ours}")
    assert nbgrader_scores == expected
    assert {k: float(v) for k, v in ours.items()} == expected
    assert (book.students["exercises_self_reported"] == 0).all()  # every one checked again
    # grading three students' notebooks left the grader's own progress as it was
    assert (grader_file.read_bytes(), grader_file.stat().st_mtime_ns) == before
    # … and no other progress file or lock appeared (the quiz banks' disk cache, a folder of
    # validated banks with no answers of anyone's in it, may be filled: it is not progress)
    assert sorted(p.name for p in grader_home.iterdir() if p.name != "cache") == listing
