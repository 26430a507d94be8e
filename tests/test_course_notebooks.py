"""Every lesson after 00 follows the course's rules, as the instructor's and as a student's copy.

The rules (issue 10, "Every notebook"): objectives and a time estimate at the top; at least two
charts from ``usjapan_edu.charts``, each with its numbers as a table; at least two "your turn"
exercises, each a solution region between nbgrader's markers followed by an
``exercises.check`` cell; a quiz of at least six questions of mixed types, at least one bound to
the data; discussion prompts; and a sources cell built from ``datasets.info()``.

Run in a fresh kernel with every non-local connection refused, the instructor's copy passes
every check, stays under 1 MB and runs in well under a minute; the student's copy (made by
``usjapan_edu.instructor.student_version``: each solution region replaced by ``variable = ...``,
or by nbgrader's ``raise NotImplementedError()``) answers every check with "not yet" instead of
crashing.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from usjapan_edu import charts, exercises, quiz
from usjapan_edu.instructor.student_version import make_student_notebook

REPO = Path(__file__).resolve().parents[1]
OFFLINE = REPO / "tests" / "support" / "offline"
LESSONS = sorted(p for p in (REPO / "notebooks").glob("[0-9][0-9]-*.ipynb") if p.name[:2] != "00")
VEGALITE = "application/vnd.vegalite.v5+json"
MAX_BYTES = 1_000_000
MAX_SECONDS = 60

REGION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION\n?", re.S)
CHECK = re.compile(r"""exercises\.check\(\s*["']([^"']+)["']""")
HELPER_CALL = re.compile(r"\bcharts\.(\w+_chart)\(")
HELPER_FIGURE = re.compile(r"^(\w+) = charts\.(\w+_chart)\(", re.M)
QUIZ_SHOW = re.compile(r"""quiz\.show\(\s*["']([^"']+)["']\s*\)""")
LOADED = re.compile(r"""datasets\.load\(\s*["'](\w+)["']\s*\)""")


def ids(path: Path) -> str:
    return path.stem


def cells(path: Path, kind: str = "code") -> list:
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == kind]


def check_cells(path: Path) -> list[tuple[int, str]]:
    """Return (index among code cells, exercise id) of every check cell."""
    return [(i, m.group(1)) for i, c in enumerate(cells(path)) if (m := CHECK.search(c.source))]


def test_there_are_lessons_after_start_here():
    assert [p.name for p in LESSONS][:2] == [
        "01-alliance-at-a-glance.ipynb",
        "02-security.ipynb",
    ]


# ---------------------------------------------------------------- structure (no kernel)


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_opens_with_objectives_and_a_time_estimate(path):
    first = nbformat.read(path, as_version=4).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", first.source), "state a time estimate"
    objectives = first.source.split("you will be able to", 1)
    assert len(objectives) == 2, "state learning objectives ('… you will be able to')"
    assert len(re.findall(r"^\d+\. ", objectives[1], re.M)) >= 3, "list three objectives or more"


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_draws_two_charts_from_the_course_helpers_each_with_a_table(path):
    source = "\n".join(c.source for c in cells(path))
    used = set(HELPER_CALL.findall(source))
    assert used <= set(charts.__all__), f"unknown chart helpers: {used - set(charts.__all__)}"
    figures = HELPER_FIGURE.findall(source)
    assert len(figures) >= 2, "draw at least two charts with usjapan_edu.charts helpers"
    for name, helper in figures:
        assert f"charts.chart_table({name})" in source, (
            f"{helper} is shown as {name}: add charts.chart_table({name}) so that its numbers "
            "can be read without hovering"
        )


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_exercises_are_solution_regions_followed_by_a_check(path):
    code = cells(path)
    checks = check_cells(path)
    assert len(checks) >= 2, "at least two 'your turn' exercises checked by exercises.check"
    prefix = path.name[:2]
    assert sorted(ex for _, ex in checks) == sorted(exercises.list_exercises(path.stem)), (
        f"check every exercise of data/exercises/{path.stem}.yaml, each once"
    )
    for index, exercise_id in checks:
        assert exercise_id.startswith(f"{prefix}.")
        variable = exercises.get_exercise(exercise_id).variable
        solution = code[index - 1].source
        regions = REGION.findall(solution)
        assert len(regions) == 1, f"the cell before the check of {exercise_id} holds one region"
        assert re.search(rf"^{variable}\s*=", regions[0], re.M), (
            f"the solution region before {exercise_id} assigns {variable}"
        )
    for c in code:  # markers come in pairs, never outside a region
        assert c.source.count("### BEGIN SOLUTION") == c.source.count("### END SOLUTION")
        assert c.source.count("### BEGIN SOLUTION") == len(REGION.findall(c.source))


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_ends_with_a_quiz_of_mixed_types_bound_to_the_data(path):
    shown = [m.group(1) for c in cells(path) if (m := QUIZ_SHOW.search(c.source))]
    assert shown == [path.stem], "show the quiz whose bank shares the notebook's slug"
    assert quiz.validate_files([REPO / "data" / "quizzes" / f"{path.stem}.yaml"]) == []
    bank = quiz.load_bank(path.stem)
    assert len(bank) >= 6, "a quiz of at least six questions"
    assert len({q.type for q in bank}) >= 4, "mix question types"
    bound = [q for q in bank if getattr(q, "answer_from", None) is not None]
    assert bound, "bind at least one answer to the data with answer_from"
    for q in bound:
        assert q.value == q.value  # resolves against the shipped data (not NaN)


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_has_discussion_prompts(path):
    prompts = [
        c.source for c in cells(path, "markdown") if re.search(r"^## .*Discuss", c.source, re.M)
    ]
    assert prompts, "add a '## … Discuss' section"
    assert len(re.findall(r"^\d+\. .+\?", prompts[0], re.M)) >= 2, "two prompts or more"


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_sources_cell_is_built_from_the_codebooks(path):
    nb = nbformat.read(path, as_version=4)
    heading = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Sources"))
    after = [c for c in nb.cells[heading + 1 :] if c.cell_type == "code"]
    assert after and "datasets.info(" in after[0].source, "build the sources from datasets.info()"
    loaded = {m for c in cells(path) for m in LOADED.findall(c.source)}
    missing = [name for name in sorted(loaded) if f'"{name}"' not in after[0].source]
    assert not missing, f"the sources cell leaves out datasets the notebook loads: {missing}"


@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_says_what_comes_next(path):
    last = nbformat.read(path, as_version=4).cells[-1]
    assert last.cell_type == "markdown" and last.source.startswith("**Next:**")


# ---------------------------------------------------------------- running (fresh kernel, offline)


def student_copy(path: Path, placeholder: str) -> nbformat.NotebookNode:
    """Return the student version that ``usjapan-edu`` itself makes of the notebook.

    ``placeholder`` is ``"variable"`` (the recommended ``variable = ...``) or ``"nbgrader"``
    (nbgrader's ``ClearSolutions`` stub, ``raise NotImplementedError()``).
    """
    student = make_student_notebook(
        nbformat.read(path, as_version=4), placeholder=placeholder, name=path.name
    )
    assert student.warnings == [], "a later cell needs a name only a solution defines"
    assert len(student.regions) == len(check_cells(path))
    assert not any("SOLUTION" in c.source for c in student.notebook.cells)
    return student.notebook


def execute(nb, tmp_path, monkeypatch, *, allow_errors: bool = False) -> float:
    """Run ``nb`` in a fresh kernel that cannot reach the network; return the seconds taken."""
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(tmp_path / "home"))
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join([str(OFFLINE), os.environ.get("PYTHONPATH", "")])
    )
    start = time.perf_counter()
    NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    return time.perf_counter() - start


def text_of(cell) -> str:
    parts = []
    for o in cell.outputs:
        parts.append(o.get("text", ""))
        parts.append(o.get("data", {}).get("text/plain", ""))
        parts.append(o.get("evalue", ""))
    return "\n".join(parts)


@pytest.mark.notebooks
@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_instructor_copy_passes_every_check_offline_small_and_fast(path, tmp_path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    seconds = execute(nb, tmp_path, monkeypatch)
    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    streams = [o.text for c in code for o in c.outputs if o.get("name") == "stderr"]
    assert not streams, f"a student would see warnings: {streams[:2]}"
    for index, exercise_id in check_cells(path):
        assert text_of(code[index]).lstrip().startswith("✓ Correct!"), (
            f"{exercise_id}: {text_of(code[index])[:200]}"
        )
    drawn = [c for c in code if any(VEGALITE in o.get("data", {}) for o in c.outputs)]
    figures = HELPER_FIGURE.findall("\n".join(c.source for c in code))
    assert len(drawn) >= len(figures) >= 2
    size = len(nbformat.writes(nb).encode())
    assert size <= MAX_BYTES, f"executed notebook is {size:,} bytes; the budget is 1 MB"
    assert seconds < MAX_SECONDS, f"took {seconds:.0f} s to run"
    summary = tmp_path / "home" / "progress.json"
    saved = json.loads(summary.read_text(encoding="utf-8"))
    assert f"exercises:{path.name[:2]}" in json.dumps(saved), "checks are saved as progress"


@pytest.mark.notebooks
@pytest.mark.parametrize("placeholder", ["variable", "nbgrader"])
@pytest.mark.parametrize("path", LESSONS, ids=ids)
def test_student_copy_says_not_yet_instead_of_crashing(path, placeholder, tmp_path, monkeypatch):
    nb = student_copy(path, placeholder)
    execute(nb, tmp_path, monkeypatch, allow_errors=placeholder == "nbgrader")
    code = [c for c in nb.cells if c.cell_type == "code"]
    checks = dict(check_cells(path))
    solution_cells = {index - 1 for index in checks}
    for i, cell in enumerate(code):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        if placeholder == "nbgrader" and i in solution_cells:
            assert [e.ename for e in errors] == ["NotImplementedError"]
        else:
            assert not errors, f"cell {i} crashed in the student's copy: {text_of(cell)[-300:]}"
    for index, exercise_id in checks.items():
        said = text_of(code[index])
        assert said.lstrip().startswith("✗ Not yet."), f"{exercise_id}: {said[:200]}"
        if placeholder == "nbgrader":
            variable = exercises.get_exercise(exercise_id).variable
            assert f"`{variable}` does not exist yet" in said
