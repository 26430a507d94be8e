"""Students get the exercise, not the answer (issue 16).

Every student path — ``usjapan-edu lab`` (and so ``make lab``), the wheel, Binder's landing
page and hub links — hands out ``notebooks/student/``: the student versions made by the one
transformation (:func:`usjapan_edu.instructor.student_version.make_student_notebook`). These
tests keep the committed copies in step with the instructor notebooks, prove the copies hold
no solution, and run untouched copies top to bottom: not one exercise may be credited.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from usjapan_edu._resources import student_notebooks_dir
from usjapan_edu.cli import copy_notebooks
from usjapan_edu.instructor.student_version import make_student_notebook, read_notebook
from usjapan_edu.quiz.store import ProgressStore

REPO = Path(__file__).resolve().parents[1]
OFFLINE = REPO / "tests" / "support" / "offline"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
JAPANESE = sorted((REPO / "notebooks" / "ja").glob("[0-9][0-9]-*.ipynb"))
STUDENT = REPO / "notebooks" / "student"


def _name(path: Path) -> str:
    """``02-security.ipynb``, or ``ja/02-security.ipynb`` for a Japanese notebook."""
    return path.relative_to(REPO / "notebooks").as_posix()


SOLUTION_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME")


def _solution_lines(nb_path: Path) -> list[str]:
    """Return the code lines inside the solution regions of an instructor notebook."""
    lines: list[str] = []
    for cell in nbformat.read(nb_path, as_version=4).cells:
        inside = False
        for line in cell.source.splitlines():
            if "BEGIN SOLUTION" in line:
                inside = True
            elif "END SOLUTION" in line:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


@pytest.mark.parametrize("path", NOTEBOOKS + JAPANESE, ids=_name)
def test_committed_student_copy_is_the_student_version_of_the_notebook(path: Path) -> None:
    expected = nbformat.writes(make_student_notebook(read_notebook(path)).notebook)
    copy = STUDENT / _name(path)
    assert copy.is_file(), f"{copy} is missing: run `make student-copies`"
    assert copy.read_text(encoding="utf-8").rstrip("\n") == expected.rstrip("\n"), (
        f"{copy} is out of step with {path.name}: run `make student-copies` and commit"
    )


def test_every_notebook_has_a_student_copy_and_no_other() -> None:
    copies = sorted(p.relative_to(STUDENT).as_posix() for p in STUDENT.rglob("*.ipynb"))
    assert copies == sorted(_name(p) for p in NOTEBOOKS + JAPANESE)
    assert student_notebooks_dir() == STUDENT


def test_lab_copies_student_versions_without_any_solution(tmp_path: Path) -> None:
    copied, kept = copy_notebooks(tmp_path / "course")
    assert [p.name for p in copied] == [p.name for p in NOTEBOOKS] and not kept
    for target in copied:
        text = target.read_text(encoding="utf-8")
        assert not any(m in text for m in SOLUTION_MARKERS), target.name
        source = json.dumps([c.source for c in nbformat.reads(text, as_version=4).cells])
        for line in _solution_lines(REPO / "notebooks" / target.name):
            if re.match(r"[A-Za-z_]\w*\s*=(?!=)", line):  # an assignment solving the task
                assert json.dumps(line)[1:-1] not in source, (target.name, line)


def test_instructors_ask_for_solutions_explicitly(tmp_path: Path) -> None:
    copied, _ = copy_notebooks(tmp_path / "course", with_solutions=True)
    assert all(c.read_bytes() == (REPO / "notebooks" / c.name).read_bytes() for c in copied)
    assert "BEGIN SOLUTION" in (tmp_path / "course" / "00-start-here.ipynb").read_text("utf-8")


def test_a_deleted_notebook_comes_back_as_the_student_version(tmp_path: Path) -> None:
    dest = tmp_path / "course"
    copy_notebooks(dest)
    mine = dest / "01-alliance-at-a-glance.ipynb"
    mine.write_text(mine.read_text("utf-8").replace("...", "my answer"), encoding="utf-8")
    (dest / "00-start-here.ipynb").unlink()
    copied, kept = copy_notebooks(dest)
    assert [p.name for p in copied] == ["00-start-here.ipynb"]
    back = (dest / "00-start-here.ipynb").read_bytes()
    assert back == (STUDENT / "00-start-here.ipynb").read_bytes()
    assert mine in kept and "my answer" in mine.read_text("utf-8")  # a student's work is kept


def test_an_untouched_solved_copy_from_an_older_course_is_replaced(tmp_path: Path) -> None:
    # Before issue 16, `make lab` copied the instructor versions: an untouched one is not the
    # student's work, so the next `make lab` hands out the exercise instead.
    dest = tmp_path / "course"
    dest.mkdir()
    old = dest / "00-start-here.ipynb"
    old.write_bytes((REPO / "notebooks" / "00-start-here.ipynb").read_bytes())
    copied, _ = copy_notebooks(dest)
    assert old in copied
    assert "BEGIN SOLUTION" not in old.read_text("utf-8")


def test_the_cli_says_which_version_it_copied(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "usjapan_edu", "lab", str(tmp_path / "c"), "--copy-only"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "student versions" in run.stdout and "7 copied" in run.stdout
    assert "BEGIN SOLUTION" not in (tmp_path / "c" / "00-start-here.ipynb").read_text("utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "usjapan_edu", "lab", str(tmp_path / "i"), "--copy-only",
         "--with-solutions"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "with solutions" in run.stdout
    assert "BEGIN SOLUTION" in (tmp_path / "i" / "00-start-here.ipynb").read_text("utf-8")


@pytest.mark.notebooks
def test_running_untouched_student_copies_credits_no_exercise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(home))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(OFFLINE), os.environ.get("PYTHONPATH", "")])
    )
    course = tmp_path / "course"
    copy_notebooks(course)
    said_not_yet = 0
    for name in ("00-start-here.ipynb", "01-alliance-at-a-glance.ipynb", "02-security.ipynb"):
        nb = nbformat.read(course / name, as_version=4)
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(course)}}
        ).execute()
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        errors = [o for o in outputs if o.output_type == "error"]
        assert not errors, f"{name}: {errors[0].get('ename')}: {errors[0].get('evalue')}"
        text = " ".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
        assert "Ellipsis" not in text, f"{name} shows the placeholder as 'Ellipsis'"
        said_not_yet += text.count("Not yet")
    assert said_not_yet >= 9  # every exercise of 00-02 says "Not yet"
    credited = [
        (row["bank"], row["question"])
        for row in ProgressStore(home / "progress.json").rows()
        if row["bank"].startswith("exercises:") and (row["correct"] or row["attempts"])
    ]
    assert credited == []


@pytest.mark.parametrize("path", NOTEBOOKS + JAPANESE, ids=_name)
def test_no_student_copy_shows_a_solution_by_itself(path: Path) -> None:
    # A solution is one deliberate, recorded step away: exercises.solution(id), typed by the
    # student. No cell of a student copy calls it (or reads an exercise's solution) for them.
    nb = nbformat.read(STUDENT / _name(path), as_version=4)
    for n, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        code = "\n".join(
            line for line in cell.source.splitlines() if not line.lstrip().startswith("#")
        )
        assert "solution(" not in code and ".solution" not in code, f"{path.name} cell {n}"


def test_lab_in_japanese_hands_out_the_japanese_student_notebooks_and_remembers(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "USJAPAN_EDU_HOME": str(tmp_path / "home")}
    env.pop("USJAPAN_EDU_LANG", None)
    dest = tmp_path / "course"

    def lab(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "usjapan_edu", "lab", str(dest), *args],
            capture_output=True, text=True, check=True, env=env,
        )  # fmt: skip
        return done.stdout

    out = lab("--copy-only", "--lang", "ja")
    assert "in Japanese" in out and f"{len(JAPANESE)} copied" in out
    for path in JAPANESE:
        copy = dest / "ja" / path.name
        text = copy.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text, copy
        assert nbformat.reads(text, as_version=4).metadata["usjapan_edu"]["language"] == "ja"
    assert not list(dest.glob("*.ipynb"))  # the English ones were not asked for
    assert ProgressStore(tmp_path / "home" / "progress.json").language() == "ja"
    # remembered: the next `make lab` (no language given) opens the Japanese start page
    assert "default_url=/lab/tree/ja/00-start-here.ipynb" in lab("--dry-run", "--no-browser")
    lab("--copy-only", "--lang", "en")
    assert ProgressStore(tmp_path / "home" / "progress.json").language() == "en"
    assert (dest / "00-start-here.ipynb").is_file()


def test_make_lab_passes_course_lang_not_the_locale() -> None:
    make = subprocess.run(
        ["make", "-n", "-s", "lab", "COURSE_LANG=ja", "NO_BROWSER=1"],
        cwd=REPO, capture_output=True, text=True, check=True,
        env={**os.environ, "LANG": "C.UTF-8"},
    )  # fmt: skip
    assert '--lang "ja"' in make.stdout
    plain = subprocess.run(
        ["make", "-n", "-s", "lab"], cwd=REPO, capture_output=True, text=True, check=True,
        env={**os.environ, "LANG": "ja_JP.UTF-8"},
    )  # fmt: skip
    assert "--lang" not in plain.stdout  # LANG is the computer's locale, not the course's
