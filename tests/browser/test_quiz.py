"""A student answers the start-here quiz in real JupyterLab.

By mouse, by keyboard only, after a kernel restart; and an axe-core scan of the quiz finds no
serious or critical accessibility violation.
"""

from __future__ import annotations

import re

import pytest
from jupyter_helpers import open_notebook, restart_and_run_all, run_all
from playwright.sync_api import expect

from usjapan_edu import quiz

pytestmark = pytest.mark.browser
START = "notebooks/00-start-here.ipynb"
BANK = quiz.load_bank("00-start-here")


def _question(page, qid: str):
    index = [q.id for q in BANK.questions].index(qid)
    return page.locator(".usj-quiz .usj-question").nth(index)


def _feedback(question):
    return question.locator(".usj-feedback[role='status']")


def _attempts(question):
    return question.locator(".usj-attempts")


@pytest.fixture
def quiz_page(page, jupyter):
    open_notebook(page, jupyter, START)
    run_all(page, START)
    first = page.locator(".usj-quiz .usj-question").first
    first.scroll_into_view_if_needed()
    expect(first).to_be_visible()
    return page


def test_answer_by_mouse_gets_feedback_and_score(quiz_page, usj_home, tmp_path):
    page = quiz_page
    q = _question(page, "op-ed-strengths")
    q.get_by_role("radio", name="Trade and digital cooperation").check()
    q.get_by_role("button", name="Check", exact=True).click()
    expect(_feedback(q)).to_contain_text("✗")
    expect(_feedback(q)).to_contain_text("lagging")
    expect(_attempts(q)).to_contain_text("1")

    q.get_by_role("button", name="Hint", exact=True).click()
    expect(q).to_contain_text("Section 2 of the notebook")

    q.get_by_role("radio", name="Defence and diplomacy").check()
    q.get_by_role("button", name="Check", exact=True).click()
    expect(_feedback(q)).to_contain_text("✓")
    expect(_feedback(q)).to_contain_text("Correct")
    expect(q.locator(".usj-solution")).to_contain_text("notebooks 02–06")

    # A garbled number is explained and does not cost an attempt.
    num = _question(page, "deficit-2022")
    box = num.get_by_role("textbox")
    box.fill("abc")
    num.get_by_role("button", name="Check", exact=True).click()
    expect(_feedback(num)).to_contain_text("not a number")
    expect(_attempts(num)).to_contain_text("0")
    answer = BANK["deficit-2022"].value
    box.fill(f"$ {answer:,.1f} bn".replace("-", "−"))  # typed as a person might, Unicode minus
    num.get_by_role("button", name="Check", exact=True).click()
    expect(_feedback(num)).to_contain_text("✓")
    expect(page.locator(".usj-summary")).to_contain_text(re.compile(r"\b2\b"))
    num.screenshot(path=tmp_path / "quiz_numeric.png")


def test_keyboard_only(quiz_page):
    """Tab moves between options and buttons, Space chooses, Enter presses.

    (Arrow keys are not used: ipywidgets' radio inputs are not one native group, and
    JupyterLab's command mode takes the arrow keys to move between cells.)
    """
    page = quiz_page
    q = _question(page, "missing-means")
    radios = q.get_by_role("radio")
    radios.first.focus()  # where Tab lands when moving through the quiz
    page.keyboard.press("Tab")
    expect(radios.nth(1)).to_be_focused()
    page.keyboard.press("Space")
    expect(radios.nth(1)).to_be_checked()
    page.keyboard.press("Tab")
    expect(q.get_by_role("button", name="Check", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(_feedback(q)).to_contain_text("✓")

    text_q = _question(page, "run-a-cell")
    text_q.get_by_role("textbox").focus()
    page.keyboard.type("shift + enter")
    page.keyboard.press("Tab")
    expect(text_q.get_by_role("button", name="Check", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(text_q.get_by_role("button", name="Hint", exact=True)).to_be_focused()
    page.keyboard.press("Space")
    expect(text_q).to_contain_text("Two keys, pressed together")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(_feedback(text_q)).to_contain_text("✓")


def test_answers_survive_a_kernel_restart(quiz_page):
    page = quiz_page
    q = _question(page, "op-ed-strengths")
    q.get_by_role("radio", name="Defence and diplomacy").check()
    q.get_by_role("button", name="Check", exact=True).click()
    expect(_feedback(q)).to_contain_text("✓")
    r = _question(page, "first-expectation")
    r.get_by_role("textbox").fill("The Congress claim: opinions are hard to count.")
    r.get_by_role("button", name="Check", exact=True).click()
    expect(_feedback(r)).to_contain_text("Saved")

    restart_and_run_all(page, START)
    q = _question(page, "op-ed-strengths")
    expect(q.get_by_role("radio", name="Defence and diplomacy")).to_be_checked()
    expect(_feedback(q)).to_contain_text("✓")
    r = _question(page, "first-expectation")
    expect(r.get_by_role("textbox")).to_have_value(
        "The Congress claim: opinions are hard to count."
    )


def test_axe_finds_no_serious_violations_in_the_quiz(quiz_page):
    from axe_playwright_python.sync_playwright import Axe

    page = quiz_page
    q = _question(page, "op-ed-strengths")
    q.get_by_role("radio", name="Climate and energy").check()
    q.get_by_role("button", name="Check", exact=True).click()
    expect(_feedback(q)).to_contain_text("✗")
    results = Axe().run(page, context=".usj-quiz")
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations, "\n".join(violations)
    assert results.response["passes"], "axe ran no checks: is the quiz on the page?"
