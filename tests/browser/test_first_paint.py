"""The quiz's first paint: the page shows at once, and the widget takes it over without a loss.

``quiz.show`` displays the quiz's page (Python-written markup, no answers) before the widget
stack is even imported; the widget then brings that very page to life. Here the two steps are
pulled apart (two cells) so that a student's typing and click on the first paint can be made
before the widget exists: the answer typed is kept and the Check pressed is done.
"""

from __future__ import annotations

import pytest
from conftest import write_notebook
from jupyter_helpers import open_notebook, run_all
from playwright.sync_api import expect

from usjapan_edu import quiz

pytestmark = pytest.mark.browser

BANK = quiz.load_bank("00-start-here")
FIRST = """\
from IPython.display import display
from usjapan_edu.quiz import _load
from usjapan_edu.quiz._page import FirstPaint
loaded = _load("00-start-here")
display(FirstPaint(loaded[0], "usj-firstpaint"))"""
SECOND = """\
from usjapan_edu.quiz import _widget
w = _widget("00-start-here", store=True, restore=True, register=True, loaded=loaded,
            static_id="usj-firstpaint")
w"""
RUN_CELL_JS = """async ([path, index]) => {
  const app = window.jupyterapp;
  await app.restored;
  let panel = null;
  for (let i = 0; i < 900 && !panel; i++) {
    panel = Array.from(app.shell.widgets('main')).find(w => w.context && w.context.path === path);
    if (!panel) await new Promise(r => setTimeout(r, 100));
  }
  await panel.context.ready;
  await panel.sessionContext.ready;
  app.shell.activateById(panel.id);
  panel.content.activeCellIndex = index;
  return await app.commands.execute('notebook:run-cell');
}"""


@pytest.fixture(autouse=True)
def fresh_progress(usj_home):
    for f in usj_home.glob("progress.json*"):
        f.unlink()


def test_typing_and_a_click_on_the_first_paint_are_kept_when_the_quiz_comes_alive(
    page, jupyter, lab_root, blocked
) -> None:
    path = "first-paint.ipynb"
    write_notebook(lab_root / path, FIRST, SECOND)
    numeric = next(q for q in BANK.questions if q.type == "numeric")
    text = next(q for q in BANK.questions if q.type == "text")
    open_notebook(page, jupyter, path)
    assert page.evaluate(RUN_CELL_JS, [path, 0]) is True

    # the first paint: every question, its note for a quiz that is not live, no widget yet
    static = page.locator("#usj-firstpaint")
    expect(static.locator(".usj-question")).to_have_count(len(BANK))
    expect(page.locator(".usj-run-note")).to_be_visible()
    box = static.locator(f".usj-question[data-qid='{numeric.id}']")
    box.get_by_role("textbox").fill(f"{numeric.value:g}")
    other = static.locator(f".usj-question[data-qid='{text.id}']")
    other.get_by_role("textbox").fill("typed before the quiz was live")
    box.get_by_role("button", name="Check", exact=True).click()  # nothing answers yet

    assert page.evaluate(RUN_CELL_JS, [path, 1]) is True  # the widget comes
    live = page.locator(".usj-quiz.usj-live")
    expect(live).to_have_count(1)
    expect(page.locator(".usj-quiz")).to_have_count(1)  # taken over, not drawn twice
    expect(page.locator(".usj-run-note")).to_be_hidden()
    feedback = live.locator(f".usj-question[data-qid='{numeric.id}'] .usj-feedback")
    expect(feedback).to_contain_text("✓")  # the early Check was done
    expect(
        live.locator(f".usj-question[data-qid='{text.id}']").get_by_role("textbox")
    ).to_have_value("typed before the quiz was live")
    assert not blocked


def test_after_run_all_one_quiz_is_live_and_its_note_hidden(page, jupyter) -> None:
    path = "notebooks/00-start-here.ipynb"
    open_notebook(page, jupyter, path)
    run_all(page, path)
    expect(page.locator(".usj-quiz.usj-live")).to_have_count(1)
    expect(page.locator(".usj-quiz.usj-static")).to_have_count(0)
    expect(page.locator(".usj-run-note")).to_be_hidden()
