"""`usjapan-edu student-version`: what students get, and that nbgrader would give them the same.

What instructors and students depend on:

* no solution text reaches the student version, and no output the instructor ran;
* the student version still runs top to bottom offline, and every exercise check in it says
  "Not yet" (not a traceback);
* an existing student version is replaced only with ``--force``, the instructor version never;
* bad input is one line naming file, cell and line; nothing is half-written;
* the real ``nbgrader generate_assignment`` accepts the course notebooks (with
  ``--ClearSolutions.enforce_metadata=False``, as they carry no nbgrader metadata) and writes
  the same student cells, up to the placeholder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from usjapan_edu.instructor.student_version import (
    NBGRADER_CODE_STUB,
    StudentVersionError,
    make_student_notebook,
    student_version,
)

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
ALL_NOTEBOOKS = NOTEBOOKS + sorted((REPO / "notebooks" / "ja").glob("[0-9][0-9]-*.ipynb"))


def _name(path: Path) -> str:
    """``02-security.ipynb``, or ``ja/02-security.ipynb`` for a Japanese notebook."""
    return path.relative_to(REPO / "notebooks").as_posix()
OFFLINE = REPO / "tests" / "support" / "offline"
CHECK = "exercises.check("


def notebook(*cells):
    """A notebook of ("code"|"md", source[, metadata]) cells; code cells carry an output."""
    out = []
    for kind, source, *meta in cells:
        if kind == "md":
            cell = new_markdown_cell(source)
        else:
            cell = new_code_cell(source, execution_count=7)
            cell.outputs = [new_output("stream", name="stdout", text="instructor output\n")]
        if meta:
            cell.metadata.update(meta[0])
        out.append(cell)
    nb = new_notebook(cells=out)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def save(nb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def sources(path: Path) -> list[str]:
    return [c.source for c in nbformat.read(path, as_version=4).cells]


# ---------------------------------------------------------------- placeholders


def test_a_region_assigning_a_variable_becomes_variable_dots_and_the_check_is_kept():
    nb = notebook(
        (
            "code",
            "### BEGIN SOLUTION\nanswer_x = data.loc[2022].item()\n### END SOLUTION\nanswer_x",
        ),
        ("code", 'exercises.check("00.x", answer_x)'),
    )
    student = make_student_notebook(nb)
    cells = student.notebook.cells
    assert cells[0].source == "answer_x = ..."  # no bare `answer_x` printing Ellipsis (#18)
    assert cells[1].source == 'exercises.check("00.x", answer_x)'
    assert all(c.outputs == [] and c.execution_count is None for c in cells)
    assert nb.cells[0].outputs, "the instructor's notebook object is left as it was"
    assert [(r.cell, r.line, r.kind, r.placeholder) for r in student.regions] == [
        (1, 1, "solution", "answer_x = ...")
    ]


def test_with_several_assignments_the_checked_variable_is_kept():
    body = "### BEGIN SOLUTION\nrows = t[t.a > 1]\nn_rows = len(rows)\nother = 3\n### END SOLUTION"
    two_arg = notebook(("code", body), ("code", 'exercises.check("00.n", n_rows)'))
    assert make_student_notebook(two_arg).notebook.cells[0].source == "n_rows = ..."
    # the one-argument form: the exercise's `variable` comes from its file (01.peak-year)
    peak = "### BEGIN SOLUTION\nannual = f[f.b == 1]\npeak_year = 1\nx = 2\n### END SOLUTION"
    one_arg = notebook(("code", peak), ("md", "text"), ("code", 'exercises.check("01.peak-year")'))
    assert make_student_notebook(one_arg).notebook.cells[0].source == "peak_year = ..."
    # no check below: the last variable assigned
    alone = notebook(("code", body))
    assert make_student_notebook(alone).notebook.cells[0].source == "other = ..."


def test_regions_that_assign_nothing_or_are_indented_get_nbgraders_stub():
    nb = notebook(
        ("code", "### BEGIN SOLUTION\nprint(1 + 1)\n### END SOLUTION"),
        ("code", "def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION"),
        ("code", "### BEGIN SOLUTION\nfor i in range(3):\n### END SOLUTION"),  # not Python alone
    )
    cells = make_student_notebook(nb).notebook.cells
    assert cells[0].source == NBGRADER_CODE_STUB
    assert cells[1].source == "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
    assert cells[2].source == NBGRADER_CODE_STUB


def test_markdown_regions_hidden_tests_mark_schemes_and_solution_cells():
    nb = notebook(
        ("md", "Your verdict:\n\n### BEGIN SOLUTION\nThe claim holds for 2023.\n### END SOLUTION"),
        (
            "md",
            "Write 200 words.\n=== BEGIN MARK SCHEME ===\nFull marks if\n=== END MARK SCHEME ===",
        ),
        (
            "code",
            "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(41) == 42\n### END HIDDEN TESTS",
        ),
        ("code", "secret = 42", {"nbgrader": {"solution": True, "grade_id": "s1"}}),
        ("md", "My essay answer.", {"nbgrader": {"solution": True, "grade_id": "s2"}}),
    )
    cells = make_student_notebook(nb).notebook.cells
    assert cells[0].source == "Your verdict:\n\nYOUR ANSWER HERE"
    assert cells[1].source == "Write 200 words."
    assert cells[2].source == "assert f(1) == 2"
    assert cells[3].source == "secret = ..."
    assert cells[3].metadata["nbgrader"]["grade_id"] == "s1", "nbgrader's metadata is kept"
    assert cells[4].source == "YOUR ANSWER HERE"


def test_outputs_execution_state_and_saved_widget_state_are_cleared():
    nb = notebook(("code", "x = 1", {"execution": {"iopub.status.idle": "2024"}, "scrolled": True}))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    nb.metadata["celltoolbar"] = "Create Assignment"
    out = make_student_notebook(nb).notebook
    assert out.cells[0].outputs == [] and out.cells[0].execution_count is None
    assert "execution" not in out.cells[0].metadata and "scrolled" not in out.cells[0].metadata
    assert "widgets" not in out.metadata and "celltoolbar" not in out.metadata
    nbformat.validate(out)


def test_a_later_cell_using_a_name_only_the_solution_defines_is_reported():
    nb = notebook(
        ("code", "### BEGIN SOLUTION\nannual = t[t.x]\npeak = annual.max()\n### END SOLUTION"),
        ("code", 'exercises.check("00.p", peak)'),
        ("code", "annual.plot()"),
    )
    notes = make_student_notebook(nb, name="nb.ipynb").warnings
    assert len(notes) == 1
    assert notes[0].startswith("nb.ipynb: cell 3 uses 'annual', which only the solution in cell 1")
    # with nbgrader's stub the checked variable disappears too: the two-argument check breaks
    notes = make_student_notebook(nb, name="nb.ipynb", placeholder="nbgrader").warnings
    assert any("cell 2 uses 'peak'" in n for n in notes)


# ---------------------------------------------------------------- bad markers


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "x = 1\n### BEGIN SOLUTION\ny = 2",
            "nb.ipynb: cell 2, line 2: 'BEGIN SOLUTION' has no 'END SOLUTION' in the same cell",
        ),
        (
            "y = 2\n### END SOLUTION",
            "nb.ipynb: cell 2, line 2: '### END SOLUTION' without a matching 'BEGIN SOLUTION' "
            "before it",
        ),
        (
            "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
            "nb.ipynb: cell 2, line 2: '### BEGIN SOLUTION' inside the solution region begun "
            "at line 1: regions cannot be nested; close it first",
        ),
    ],
)
def test_unbalanced_or_nested_markers_name_cell_and_line(source, expected):
    nb = notebook(("md", "intro"), ("code", source))
    with pytest.raises(StudentVersionError) as info:
        make_student_notebook(nb, name="nb.ipynb")
    assert info.value.problems == [expected]


# ---------------------------------------------------------------- the command


def test_command_writes_a_folder_and_refuses_to_overwrite_without_force(run, tmp_path):
    src = tmp_path / "course"
    save(notebook(("code", "### BEGIN SOLUTION\nv = 1\n### END SOLUTION")), src / "a.ipynb")
    save(notebook(("code", "print('no exercise here')")), src / "week2" / "b.ipynb")
    save(notebook(("code", "junk")), src / ".ipynb_checkpoints" / "a-checkpoint.ipynb")
    dest = tmp_path / "students"

    first = run("student-version", str(src), str(dest))
    assert first.code == 0, first.err
    assert f"wrote {dest / 'a.ipynb'}: 1 solution(s) replaced (cell 1: v = ...)" in first.out
    assert sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*.ipynb")) == [
        "a.ipynb",
        "week2/b.ipynb",
    ]
    assert sources(dest / "a.ipynb") == ["v = ..."]

    (dest / "a.ipynb").write_text("edited by hand", encoding="utf-8")
    again = run("student-version", str(src), str(dest))
    assert again.code == 1
    assert again.err_lines == [
        f"usjapan-edu: error: {dest / 'a.ipynb'} already exists (and 1 more); add --force to "
        "replace the student version(s), or choose another DEST"
    ]
    assert (dest / "a.ipynb").read_text(encoding="utf-8") == "edited by hand"

    forced = run("student-version", str(src), str(dest), "--force")
    assert forced.code == 0, forced.err
    assert sources(dest / "a.ipynb") == ["v = ..."]


def test_one_notebook_to_a_file_or_into_a_folder(run, tmp_path):
    src = save(
        notebook(("code", "### BEGIN SOLUTION\nv = 1\n### END SOLUTION")), tmp_path / "a.ipynb"
    )
    assert run("student-version", str(src), str(tmp_path / "out" / "a-student.ipynb")).code == 0
    assert sources(tmp_path / "out" / "a-student.ipynb") == ["v = ..."]
    assert run("student-version", str(src), str(tmp_path / "dir")).code == 0
    assert sources(tmp_path / "dir" / "a.ipynb") == ["v = ..."]


def test_the_instructor_version_is_never_replaced_even_with_force(run, tmp_path):
    src = save(
        notebook(("code", "### BEGIN SOLUTION\nv = 1\n### END SOLUTION")), tmp_path / "a.ipynb"
    )
    before = src.read_bytes()
    result = run("student-version", str(src), str(src), "--force")
    assert result.code == 1
    assert result.err_lines == [
        f"usjapan-edu: error: {src}: the student version would replace the instructor "
        "version it is made from (its solutions would be lost); choose another DEST"
    ]
    result = run("student-version", str(tmp_path), str(tmp_path), "--force")
    assert result.code == 1
    assert result.err_lines == [
        f"usjapan-edu: error: {tmp_path}: the student versions would replace the instructor "
        "versions they are made from (their solutions would be lost); choose another DEST"
    ]
    assert src.read_bytes() == before


def test_dest_inside_src_is_not_read_back_as_a_source(run, tmp_path):
    save(notebook(("code", "### BEGIN SOLUTION\nv = 1\n### END SOLUTION")), tmp_path / "a.ipynb")
    dest = tmp_path / "student"
    assert run("student-version", str(tmp_path), str(dest)).code == 0
    again = run("student-version", str(tmp_path), str(dest), "--force")
    assert again.code == 0, again.err
    assert sorted(p.name for p in dest.rglob("*.ipynb")) == ["a.ipynb"]


def test_bad_input_is_one_line_and_nothing_is_written(run, tmp_path):
    src = tmp_path / "course"
    good = save(notebook(("code", "### BEGIN SOLUTION\nv = 1\n### END SOLUTION")), src / "a.ipynb")
    (src / "b.ipynb").write_text('{\n  "cells": [\n    {"cell_type": \n', encoding="utf-8")
    (src / "c.ipynb").write_text('{"hello": "world"}', encoding="utf-8")
    save(notebook(("md", "x"), ("code", "### BEGIN SOLUTION\nv = 1")), src / "d.ipynb")
    (src / "e.ipynb").write_bytes(b"\xff\xfe not text")
    dest = tmp_path / "students"

    result = run("student-version", str(src), str(dest))
    assert result.code == 1
    assert result.err_lines == [
        f"usjapan-edu: error: {src / 'b.ipynb'}:4: not valid JSON (Expecting value, column 1); "
        "is it a notebook?",
        f"usjapan-edu: error: {src / 'c.ipynb'}: JSON, but not a Jupyter notebook (it has no "
        "'nbformat' field)",
        f"usjapan-edu: error: {src / 'd.ipynb'}: cell 2, line 1: 'BEGIN SOLUTION' has no "
        "'END SOLUTION' in the same cell",
        f"usjapan-edu: error: {src / 'e.ipynb'}: not a notebook: not UTF-8 text (byte 0)",
    ]
    assert not dest.exists(), "one bad notebook: nothing written, not even the good ones"
    assert good.is_file()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.ipynb", "{p}/missing.ipynb: no such file or folder"),
        (
            lambda p: (p / "notes.txt").write_text("hi") and p / "notes.txt",
            "{p}/notes.txt: not a notebook (a notebook's name ends in .ipynb)",
        ),
        (
            lambda p: (p / "empty").mkdir() or p / "empty",
            "{p}/empty: no notebook (.ipynb) in this folder",
        ),
        (
            lambda p: (
                (p / "bad.ipynb").write_text('{"nbformat": 4, "cells": 3}') and p / "bad.ipynb"
            ),
            "{p}/bad.ipynb: not a valid notebook (",
        ),
    ],
)
def test_bad_sources(run, tmp_path, make, message):
    src = make(tmp_path)
    result = run("student-version", str(src), str(tmp_path / "out"))
    assert result.code == 1
    assert len(result.err_lines) == 1
    assert result.err_lines[0].startswith("usjapan-edu: error: " + message.format(p=tmp_path))
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the course's notebooks


def solution_lines(nb) -> list[str]:
    lines, inside = [], False
    for cell in nb.cells:
        for line in cell.source.split("\n"):
            if "BEGIN SOLUTION" in line:
                inside = True
            elif "END SOLUTION" in line:
                inside = False
            elif inside and line.strip():
                lines.append(line.strip())
    return lines


def all_lines(nb, *, skip_solutions: bool) -> Counter:
    count: Counter = Counter()
    inside = False
    for cell in nb.cells:
        for line in cell.source.split("\n"):
            if "BEGIN SOLUTION" in line or "END SOLUTION" in line:
                inside = "BEGIN" in line
                continue
            if not (skip_solutions and inside):
                count[line.strip()] += 1
    return count


@pytest.fixture(scope="module")
def course_student_versions(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    written, _ = student_version(REPO / "notebooks", out)
    assert sorted(_name(w.source) for w in written) == sorted(_name(p) for p in ALL_NOTEBOOKS)
    return out


def test_the_course_has_solution_regions_to_remove():
    regions = sum(len(solution_lines(nbformat.read(p, as_version=4))) for p in NOTEBOOKS)
    assert regions, "no solution region in any course notebook: these tests would prove nothing"


@pytest.mark.parametrize("path", ALL_NOTEBOOKS, ids=_name)
def test_course_student_cells_hold_no_solution_text(path, course_student_versions):
    teacher = nbformat.read(path, as_version=4)
    student = nbformat.read(course_student_versions / _name(path), as_version=4)
    text = "\n".join(c.source for c in student.cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    visible = all_lines(student, skip_solutions=False)
    elsewhere = all_lines(teacher, skip_solutions=True)  # the same line may occur outside too
    leaked = [line for line in solution_lines(teacher) if visible[line] > elsewhere[line]]
    assert not leaked, f"solution lines in the student version: {leaked}"
    # everything else is kept: cells, their ids and types, the exercise checks word for word
    assert [(c.cell_type, c.get("id")) for c in student.cells] == [
        (c.cell_type, c.get("id")) for c in teacher.cells
    ]
    for mine, theirs in zip(student.cells, teacher.cells, strict=True):
        if CHECK in theirs.source or "BEGIN SOLUTION" not in theirs.source:
            assert mine.source == theirs.source
        if mine.cell_type == "code":
            assert mine.outputs == [] and mine.execution_count is None


@pytest.mark.notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_course_student_version_runs_offline_and_every_check_says_not_yet(
    path, course_student_versions, tmp_path, monkeypatch
):
    from nbclient import NotebookClient

    monkeypatch.setenv("USJAPAN_EDU_HOME", str(tmp_path / "home"))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(OFFLINE), os.environ.get("PYTHONPATH", "")])
    )
    nb = nbformat.read(course_student_versions / path.name, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"
    ]
    assert not errors
    checks = [c for c in nb.cells if c.cell_type == "code" and CHECK in c.source]
    for cell in checks:
        shown = " ".join(
            str(o.get("text", "")) + " ".join(str(v) for v in o.get("data", {}).values())
            for o in cell.outputs
        )
        assert "Not yet" in shown, f"{cell.source!r} showed {shown[:200]!r}"


# ---------------------------------------------------------------- nbgrader


def _nbgrader(course: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # nbgrader runs `alembic` (its database migrations) as a program: it must be on PATH
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter")  # no nbgrader_config.py of the user's
    return subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", "course",
         f"--CourseDirectory.root={course}", *options],
        cwd=course, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def _normalised(source: str) -> str:
    """Both placeholders → one token: the code students start from is otherwise identical."""
    source = re.sub(
        r"(?m)^(\s*)# YOUR CODE HERE\n\s*raise NotImplementedError\(\)$", r"\1<TODO>", source
    )
    source = re.sub(r"(?m)^(\s*)[A-Za-z_]\w* = \.\.\.$", r"\1<TODO>", source)
    # a bare variable shown after the stub is dropped in ours (it would print Ellipsis)
    return re.sub(r"(?m)^<TODO>\n[A-Za-z_]\w*$", "<TODO>", source)


def test_nbgrader_generate_assignment_gives_the_same_student_cells(tmp_path):
    pytest.importorskip("nbgrader", reason="nbgrader is part of the test extra")
    course = tmp_path / "nbgrader-course"
    (course / "source" / "course").mkdir(parents=True)
    for path in NOTEBOOKS:
        (course / "source" / "course" / path.name).write_bytes(path.read_bytes())

    # As shipped, nbgrader refuses: its markers sit in cells without nbgrader metadata.
    strict = _nbgrader(course)
    assert "Solution region detected in a non-solution cell" in strict.stdout + strict.stderr
    assert not list((course / "release").rglob("*.ipynb"))

    done = _nbgrader(course, "--ClearSolutions.enforce_metadata=False", "--force")
    released = course / "release" / "course"
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert sorted(p.name for p in released.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]

    ours_nbgrader = tmp_path / "ours-nbgrader"
    ours_default = tmp_path / "ours"
    student_version(REPO / "notebooks", ours_nbgrader, placeholder="nbgrader")
    student_version(REPO / "notebooks", ours_default)
    for path in NOTEBOOKS:
        theirs = nbformat.read(released / path.name, as_version=4)
        same_stub = nbformat.read(ours_nbgrader / path.name, as_version=4)
        default = nbformat.read(ours_default / path.name, as_version=4)
        shape = [(c.cell_type, c.get("id")) for c in theirs.cells]
        assert [(c.cell_type, c.get("id")) for c in same_stub.cells] == shape
        assert [(c.cell_type, c.get("id")) for c in default.cells] == shape
        # with nbgrader's stub: every cell identical, outputs cleared alike
        assert [c.source for c in same_stub.cells] == [c.source for c in theirs.cells]
        assert [c.get("outputs") for c in same_stub.cells] == [
            c.get("outputs") for c in theirs.cells
        ]
        # with ours: identical once the placeholder is normalised
        assert [_normalised(c.source) for c in default.cells] == [
            _normalised(c.source) for c in theirs.cells
        ]
        assert any("<TODO>" in _normalised(c.source) for c in theirs.cells) == bool(
            solution_lines(nbformat.read(path, as_version=4))
        )


def test_nbgraders_preprocessors_agree_on_markdown_indented_and_metadata_cells():
    """Beyond the course notebooks: the cases nbgrader's ClearSolutions et al. handle."""
    pytest.importorskip("nbgrader", reason="nbgrader is part of the test extra")
    from nbgrader.preprocessors import (
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ClearSolutions,
    )

    nb = notebook(
        ("md", "Verdict:\n### BEGIN SOLUTION\nIt holds.\n### END SOLUTION\nSources below."),
        ("code", "def f(x):\n    ### BEGIN SOLUTION\n    return x + 1\n    ### END SOLUTION\n\nf"),
        ("code", "a = 1\n### BEGIN SOLUTION\nb = a + 1\n### END SOLUTION\nprint(b)"),
        ("code", "assert f(1)\n### BEGIN HIDDEN TESTS\nassert f(2) == 3\n### END HIDDEN TESTS"),
        ("md", "Task.\n=== BEGIN MARK SCHEME ===\n2 marks\n=== END MARK SCHEME ===\nGo."),
        ("code", "whole = 1", {"nbgrader": {"solution": True, "grade": False, "grade_id": "w",
                                            "locked": False, "schema_version": 3}}),
        ("md", "An essay.", {"nbgrader": {"solution": True, "grade": False, "grade_id": "e",
                                           "locked": False, "schema_version": 3}}),
    )  # fmt: skip
    theirs = nbformat.from_dict(json.loads(json.dumps(nb)))
    resources: dict = {}
    for step in (
        ClearSolutions(enforce_metadata=False),
        ClearOutput(),
        ClearHiddenTests(enforce_metadata=False),
        ClearMarkScheme(enforce_metadata=False),
    ):
        theirs, resources = step.preprocess(theirs, resources)
    ours = make_student_notebook(nb, placeholder="nbgrader").notebook
    assert [c.source for c in ours.cells] == [c.source for c in theirs.cells]
    assert [c.get("outputs") for c in ours.cells] == [c.get("outputs") for c in theirs.cells]


def test_a_placeholder_shown_on_the_last_line_does_not_print_ellipsis() -> None:
    """Issue 18: `x = ...` then a bare `x` printed `Ellipsis` in the student copy."""
    import nbformat

    from usjapan_edu.instructor.student_version import make_student_notebook

    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "### BEGIN SOLUTION\ndeficit_2022 = 1 + 1\n### END SOLUTION\ndeficit_2022"
            ),
            nbformat.v4.new_code_cell('exercises.check("00.deficit-2022", deficit_2022)'),
        ]
    )
    cell = make_student_notebook(nb).notebook.cells[0]
    assert cell.source == "deficit_2022 = ..."
    shown = make_student_notebook(nb, placeholder="nbgrader").notebook.cells[0].source
    assert shown.endswith("deficit_2022")  # nbgrader's stub raises first: nothing prints
