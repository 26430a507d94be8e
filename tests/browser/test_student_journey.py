"""A new student's first session, end to end in real JupyterLab (issue 16).

The student gets the student copy (as ``usjapan-edu lab`` hands it out), runs 00 top to
bottom and is told "Not yet", writes the answer and sees ✓ in colour and in words, answers a
quiz question, saves, and stops the server. The next day the server starts again and the
notebook reopens: instead of "Error displaying widget: model not found" it says to run the
cell, and the answers come back. Then the student hands in from the notebook, with no
terminal: the file lies next to the notebook and names the student.
"""

from __future__ import annotations

import csv
import re

import pytest
from jupyter_helpers import open_notebook, run_all, start_jupyter, stop_jupyter
from playwright.sync_api import expect

from usjapan_edu.cli import copy_notebooks

pytestmark = pytest.mark.browser
NB = "00-start-here.ipynb"
GREEN = "rgb(26, 127, 55)"  # --usj-correct in quiz.css

CELL_JS = """([needle, source]) => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  const i = nb.widgets.findIndex(c => c.model.sharedModel.getSource().includes(needle));
  if (source !== null) nb.widgets[i].model.sharedModel.setSource(source);
  return i;
}"""
RUN_CELLS_JS = """async ([first, last]) => {
  const app = window.jupyterapp;
  const nb = app.shell.currentWidget.content;
  for (let i = first; i <= last; i++) {
    nb.activeCellIndex = i;
    await app.commands.execute('notebook:run-cell');
  }
  return true;
}"""
APPEND_CELL_JS = """async (source) => {
  const app = window.jupyterapp;
  const nb = app.shell.currentWidget.content;
  nb.activeCellIndex = nb.widgets.length - 1;
  await app.commands.execute('notebook:insert-cell-below');
  nb.activeCell.model.sharedModel.setSource(source);
  await app.commands.execute('notebook:run-cell');
  return nb.widgets.length;
}"""


def _page(browser, base, blocked):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1400})
    ctx.route(
        lambda url: not url.startswith(base),
        lambda route: (blocked.append(route.request.url), route.abort()),
    )
    page = ctx.new_page()
    page.set_default_timeout(90_000)
    return ctx, page


def test_a_student_runs_00_restarts_and_hands_in_from_the_notebook(browser, tmp_path, blocked):
    course, home, usj = tmp_path / "course", tmp_path / "jupyter", tmp_path / "usj"
    copy_notebooks(course)  # what `usjapan-edu lab` hands out
    env = {"USJAPAN_EDU_HOME": str(usj)}
    proc, base = start_jupyter(course, home, env)
    try:
        ctx, page = _page(browser, base, blocked)
        open_notebook(page, base, NB)
        run_all(page, NB)
        result = page.locator(".usjapan-exercise-result").first
        expect(result).to_contain_text("Not yet")
        expect(page.get_by_text("Ellipsis")).to_have_count(0)

        # The student writes the answer in the exercise cell and checks it.
        solution = 'deficit_2022 = census.loc[census.year == 2022, "us_balance_usd_bn"].item()'
        first = page.evaluate(CELL_JS, ["deficit_2022 = ...", solution])
        assert first > 0
        check = page.evaluate(CELL_JS, ['exercises.check("00.deficit-2022"', None])
        page.evaluate(RUN_CELLS_JS, [first, check])
        expect(result).to_contain_text("✓ Correct")
        passed_colour = result.evaluate("el => getComputedStyle(el).borderLeftColor")
        assert passed_colour not in {"rgb(0, 0, 0)", "rgba(0, 0, 0, 0)", "rgb(128, 128, 128)"}

        # A quiz question: ✓ and the word, and the verdict's colour is the "correct" one.
        q = page.locator(".usj-quiz .usj-question[data-qid='op-ed-strengths']")
        q.scroll_into_view_if_needed()
        q.get_by_role("radio", name="Defence and diplomacy").check()
        q.get_by_role("button", name="Check", exact=True).click()
        verdict = q.locator(".usj-feedback .usj-verdict")
        expect(verdict).to_contain_text("✓")
        expect(verdict).to_contain_text("Correct")
        expect(verdict).to_have_css("border-left-color", GREEN)
        expect(q.locator(".usj-mark")).to_have_css("color", GREEN)
        expect(page.get_by_text(re.compile("Run this cell to see your quiz"))).to_be_hidden()
        assert page.evaluate("window.jupyterapp.commands.execute('docmanager:save')") is None
        ctx.close()
    finally:
        stop_jupyter(proc, [proc.pid])

    # The next day: the same folders, a new server; the notebook reopens from disk.
    proc, base = start_jupyter(course, home, env)
    try:
        ctx, page = _page(browser, base, blocked)
        page.goto(f"{base}/lab/tree/{NB}?token=usj-test-token&reset")
        page.wait_for_function("() => window.jupyterapp !== undefined")
        note = page.get_by_text("Run this cell to see your quiz (your answers are saved).")
        note.scroll_into_view_if_needed()
        expect(note).to_be_visible()
        page.wait_for_timeout(3_000)  # the widget manager has given up on the model by now
        expect(page.get_by_text(re.compile("model not found"))).to_be_hidden()
        run_all(page, NB)  # running it again brings the quiz back, answers included
        q = page.locator(".usj-quiz .usj-question[data-qid='op-ed-strengths']")
        expect(q.locator(".usj-feedback")).to_contain_text("Correct")
        expect(note).to_be_hidden()

        # Hand in from the notebook: no terminal.
        page.evaluate(APPEND_CELL_JS, "from usjapan_edu import handin\nhandin.show()")
        form = page.locator(".usj-handin")
        expect(form).to_be_visible()
        form.get_by_role("textbox", name=re.compile("Your name")).fill("Aiko Tanaka")
        form.get_by_role("textbox", name=re.compile("Student ID")).fill("s-1234")
        form.get_by_role("button", name="Write my hand-in file").click()
        status = form.get_by_role("status")
        expect(status).to_contain_text("✓ Written: usjapan-edu-aiko-tanaka-s-1234.csv")
        ctx.close()
    finally:
        stop_jupyter(proc, [proc.pid])
    handed_in = course / "usjapan-edu-aiko-tanaka-s-1234.csv"
    with handed_in.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {(r["student"], r["student_id"]) for r in rows} == {("Aiko Tanaka", "s-1234")}
    by_question = {r["question"]: r for r in rows}
    assert by_question["deficit-2022"]["correct"] == "True"  # the exercise, done by the student
    assert by_question["op-ed-strengths"]["correct"] == "True"
    assert float(by_question["deficit-2022"]["response"]) < 0  # a number, not '-67.9
    assert not blocked, f"the course tried to reach the internet: {blocked[:5]}"
