"""A student works through notebooks 01 to 06 in a real JupyterLab, with the internet blocked.

Each notebook runs top to bottom without an error or a warning, every chart is drawn by the
vega that JupyterLab ships (one drawn chart per chart cell, each helper chart with its text
description), the numbers behind a chart open as a table, the timeline's domain menu works,
a quiz question gets feedback, and an exercise checked with a wrong answer says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from jupyter_helpers import REPO, open_notebook, run_all
from playwright.sync_api import expect

from usjapan_edu import quiz

pytestmark = pytest.mark.browser

#: A bare name on the last line of a cell displays that chart (``timeline_fig``, ``share_chart``).
SHOWS_A_CHART = re.compile(r"^\w+_(fig|chart)$")

INSERT_AND_RUN_JS = """async ([path, index, source]) => {
  const app = window.jupyterapp;
  const panel = Array.from(app.shell.widgets('main'))
    .find(w => w.context && w.context.path === path);
  const nb = panel.content;
  nb.activeCellIndex = index;
  await app.commands.execute('notebook:insert-cell-below');
  nb.activeCell.model.sharedModel.setSource(source);
  await app.commands.execute('notebook:run-cell');
  return true;
}"""


@dataclass(frozen=True)
class Lesson:
    path: str
    bank: str
    question: str  # answered through the page
    exercise: str  # checked with a wrong answer in a new cell
    wrong_answer: str
    says: str  # what the ✗ must say


LESSONS = [
    Lesson(
        "notebooks/01-alliance-at-a-glance.ipynb",
        "01-alliance-at-a-glance",
        "g7-city",
        "01.security-events",
        "3",
        "too low",
    ),
    Lesson(
        "notebooks/02-security.ipynb",
        "02-security",
        "hns-2022-total",
        "02.japan-share-2023",
        "119.6",
        "a hundred times too large",
    ),
    Lesson(
        "notebooks/03-trade.ipynb",
        "03-trade",
        "beef-jfy2025",
        "03.deficit-share-1986",
        "1.2",
        "The sign is the wrong way round",
    ),
    Lesson(
        "notebooks/04-digital-economy.ipynb",
        "04-digital-economy",
        "data-flow-article",
        "04.dta-binding",
        "8",
        "whose wording is not verified",
    ),
    Lesson(
        "notebooks/05-regional-architecture.ipynb",
        "05-regional-architecture",
        "missing-from-wdi",
        "05.cptpp-gdp-share-2023",
        "0.146",
        "That is a fraction",
    ),
    Lesson(
        "notebooks/06-capstone.ipynb",
        "06-capstone",
        "vocabulary-word",
        "06.verdict-c04",
        '"true"',
        "one of the six",
    ),
]


def chart_cells(path: str) -> tuple[int, int]:
    """Return (cells that display a chart, of which made by a ``charts.*_chart`` helper)."""
    nb = nbformat.read(Path(REPO, path), as_version=4)
    shown, helpers = 0, 0
    names: dict[str, bool] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for line in cell.source.splitlines():
            m = re.match(r"^(\w+) = charts\.\w+_chart\(", line)
            if m:
                names[m.group(1)] = True
        last = cell.source.strip().splitlines()[-1].strip()
        if SHOWS_A_CHART.match(last):
            shown += 1
            helpers += names.get(last, False)
    return shown, helpers


def check_cell_index(path: str, exercise: str) -> int:
    nb = nbformat.read(Path(REPO, path), as_version=4)
    return next(i for i, c in enumerate(nb.cells) if f'exercises.check("{exercise}"' in c.source)


@pytest.fixture(autouse=True)
def fresh_progress(usj_home):
    """Each test starts with no saved answers (the server's kernels share one home)."""
    for f in usj_home.glob("progress.json*"):
        f.unlink()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: Path(lesson.path).stem)
def test_lesson_runs_offline_draws_its_charts_and_gives_feedback(
    page, jupyter, blocked, lesson, tmp_path
):
    open_notebook(page, jupyter, lesson.path)
    run_all(page, lesson.path)

    # No error and nothing on stderr (a warning would worry a student).
    expect(
        page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    ).to_have_count(0)
    expect(
        page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    ).to_have_count(0)

    # Every quiz's first paint was taken over by its widget, even in a long notebook whose
    # cells out of view JupyterLab keeps detached from the page.
    expect(page.locator(".usj-quiz.usj-static")).to_have_count(0)

    # Every chart cell is drawn, each helper chart with its text description.
    shown, helpers = chart_cells(lesson.path)
    assert helpers >= 2, "a lesson draws at least two charts from usjapan_edu.charts"
    drawn = page.locator(".jp-OutputArea-output .vega-embed")
    expect(drawn).to_have_count(shown)
    described = 0
    for i in range(shown):
        chart = drawn.nth(i)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("canvas, svg.marks").first).to_be_visible()
        label = chart.locator(".chart-wrapper").get_attribute("aria-label") or ""
        described += len(label) > 40
        chart.screenshot(path=tmp_path / f"chart-{i}.png")
    assert described >= helpers, "every helper chart carries a description for screen readers"
    assert all((tmp_path / f"chart-{i}.png").stat().st_size > 5_000 for i in range(shown))

    # The numbers behind a chart: a table behind a native disclosure button.
    table = page.locator("details.usj-chart-table").first
    table.scroll_into_view_if_needed()
    expect(table.locator("table")).to_be_hidden()
    table.locator("summary").click()
    expect(table.locator("table caption")).to_be_visible()
    assert table.locator("tbody tr").count() > 5

    if "01-" in lesson.path:
        # The timeline's domain menu: a labelled <select> that keeps one domain.
        menu = page.locator(".vega-bindings select").first
        menu.scroll_into_view_if_needed()
        expect(menu.locator("option")).to_have_count(5)
        menu.select_option(label="digital")
        expect(drawn.first.locator("canvas, svg.marks").first).to_be_visible()

    # A quiz question answered through the page gets feedback.
    bank = quiz.load_bank(lesson.bank)
    question = bank[lesson.question]
    box = page.locator(f".usj-quiz .usj-question[data-qid='{lesson.question}']")
    box.scroll_into_view_if_needed()
    answer = question.accept[0] if question.type == "text" else f"{question.value:,}"
    box.get_by_role("textbox").fill(answer)
    box.get_by_role("button", name="Check", exact=True).click()
    expect(box.locator(".usj-feedback[role='status']")).to_contain_text("✓")

    # An exercise checked with a wrong answer says what to look at, not the answer.
    index = check_cell_index(lesson.path, lesson.exercise)
    source = f'exercises.check("{lesson.exercise}", {lesson.wrong_answer})'
    assert page.evaluate(INSERT_AND_RUN_JS, [lesson.path, index, source]) is True
    feedback = page.locator(".usjapan-exercise-result[role='status'][data-status='failed']")
    expect(feedback).to_have_count(1)
    expect(feedback).to_contain_text("✗ Not quite.")
    expect(feedback).to_contain_text(lesson.says)

    assert not blocked, f"the page tried to reach the internet: {blocked[:5]}"
