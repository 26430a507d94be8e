"""A student answers quizzes in real JupyterLab and Notebook 7 (one widget model per quiz).

By mouse, by keyboard only (Tab, Space, Enter, and the arrow keys between radio options), after
a kernel restart; every question type; the live region stays the same element across updates;
an axe-core scan finds no serious or critical violation; nothing leaves the machine.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from jupyter_helpers import TOKEN, open_notebook, restart_and_run_all, run_all
from playwright.sync_api import expect

from usjapan_edu import quiz
from usjapan_edu.quiz.model import (
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Reflection,
    SingleChoice,
    Text,
    TrueFalse,
)

pytestmark = pytest.mark.browser
START = "notebooks/00-start-here.ipynb"
ALL_TYPES = "quiz-all-types.ipynb"
BANK = quiz.load_bank("00-start-here")
SAMPLE = quiz.load_bank("sample-all-types")

ACTIVE_CELL_JS = """() => {
  const nb = window.jupyterapp.shell.currentWidget.content;
  return [nb.activeCellIndex, nb.widgets.length];
}"""


def _question(page, qid: str):
    return page.locator(f".usj-quiz .usj-question[data-qid='{qid}']")


def _feedback(question):
    return question.locator(".usj-feedback[role='status']")


def _attempts(question):
    return question.locator(".usj-attempts")


def _button(question, name: str):
    return question.get_by_role("button", name=name, exact=True)


@pytest.fixture(autouse=True)
def fresh_progress(usj_home):
    """Each test starts with no saved answers (the server's kernels share one home)."""
    for f in usj_home.glob("progress.json*"):
        f.unlink()


@pytest.fixture
def quiz_page(page, jupyter):
    open_notebook(page, jupyter, START)
    run_all(page, START)
    first = page.locator(".usj-quiz .usj-question").first
    first.scroll_into_view_if_needed()
    expect(first).to_be_visible()
    return page


def test_answer_by_mouse_gets_feedback_and_score(quiz_page, blocked, tmp_path):
    page = quiz_page
    expect(page.locator(".usj-quiz")).to_have_count(1)
    q = _question(page, "op-ed-strengths")
    expect(q.locator("legend")).to_have_text(f"Question 1 of {len(BANK)}")
    q.get_by_role("radio", name="Trade and digital cooperation").check()
    _button(q, "Check").click()
    expect(_feedback(q)).to_contain_text("✗")
    expect(_feedback(q)).to_contain_text("lagging")
    expect(_attempts(q)).to_have_text("Attempts: 1")
    expect(q.locator(".usj-solution")).to_be_hidden()

    _button(q, "Hint").click()
    expect(q.locator(".usj-hints")).to_contain_text("Section 2 of the notebook")
    expect(q.locator(".usj-hints")).to_contain_text("That was the last hint.")

    q.get_by_role("radio", name="Defence and diplomacy").check()
    _button(q, "Check").click()
    expect(_feedback(q)).to_contain_text("✓")
    expect(_feedback(q)).to_contain_text("Correct")
    expect(q.locator(".usj-solution")).to_contain_text("notebooks 02–06")
    expect(q.locator(".usj-solution a")).to_have_attribute("target", "_blank")

    # A garbled number is explained and does not cost an attempt.
    num = _question(page, "deficit-2022")
    box = num.get_by_role("textbox", name="Answer (USD bn)")
    box.fill("abc")
    _button(num, "Check").click()
    expect(_feedback(num)).to_contain_text("not a number")
    expect(_attempts(num)).to_have_text("Attempts: 0")
    answer = BANK["deficit-2022"].value
    box.fill(f"$ {answer:,.1f} bn".replace("-", "−"))  # typed as a person might, Unicode minus
    _button(num, "Check").click()
    expect(_feedback(num)).to_contain_text("✓")
    expect(page.locator(".usj-summary")).to_contain_text(f"Score: 2 of {len(BANK)}")

    # Show answer gives up on a question: the answer, the explanation, no attempt used.
    mc = _question(page, "codebook-tells")
    _button(mc, "Show answer").click()
    expect(_feedback(mc)).to_contain_text("The answer is shown below")
    expect(mc.locator(".usj-solution")).to_contain_text("The unit of every column")
    expect(page.locator(".usj-summary")).to_contain_text("answers shown 1")
    num.screenshot(path=tmp_path / "quiz_numeric.png")
    assert not blocked, f"the quiz tried to reach the internet: {blocked[:5]}"


def test_keyboard_only(quiz_page):
    """Tab moves between groups and buttons, arrows between options, Space/Enter act."""
    page = quiz_page
    q = _question(page, "missing-means")
    radios = q.get_by_role("radio")
    radios.first.focus()
    page.keyboard.press("Space")
    expect(radios.first).to_be_checked()
    page.keyboard.press("ArrowDown")  # one native group: the arrow moves and chooses
    expect(radios.nth(1)).to_be_focused()
    expect(radios.nth(1)).to_be_checked()
    page.keyboard.press("Tab")
    expect(_button(q, "Check")).to_be_focused()
    page.keyboard.press("Enter")
    expect(_feedback(q)).to_contain_text("✓")

    text_q = _question(page, "run-a-cell")
    text_q.get_by_role("textbox").focus()
    page.keyboard.type("shift + enter")
    page.keyboard.press("Tab")
    expect(_button(text_q, "Check")).to_be_focused()
    page.keyboard.press("Tab")
    expect(_button(text_q, "Hint")).to_be_focused()
    page.keyboard.press("Space")
    expect(text_q.locator(".usj-hints")).to_contain_text("Two keys, pressed together")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(_feedback(text_q)).to_contain_text("✓")

    # Enter in a text box checks the answer (and does not run the notebook cell).
    num = _question(page, "deficit-2022")
    num.get_by_role("textbox").focus()
    page.keyboard.type("-80")
    page.keyboard.press("Enter")
    expect(_feedback(num)).to_contain_text("✗")
    expect(_feedback(num)).to_contain_text("too low")


def test_arrow_keys_move_between_options_not_between_cells(quiz_page):
    page = quiz_page
    q = _question(page, "op-ed-strengths")
    radios = q.get_by_role("radio")
    expect(radios).to_have_count(3)
    names = {radios.nth(i).get_attribute("name") for i in range(3)}
    assert len(names) == 1 and names != {None}, "radio options must share one name"
    radios.first.check()  # a click: makes the quiz's cell the active one
    radios.first.focus()
    before = page.evaluate(ACTIVE_CELL_JS)
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_focused()
    expect(radios.nth(1)).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(radios.nth(2)).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(radios.nth(1)).to_be_checked()
    # JupyterLab's command-mode keys (arrows, a, b, d d) must not act on the notebook.
    for key in ("a", "b", "d", "d", "ArrowUp"):
        page.keyboard.press(key)
    expect(radios.nth(0)).to_be_checked()
    assert page.evaluate(ACTIVE_CELL_JS) == before
    # Other questions' radios are separate groups.
    other = _question(page, "missing-means").get_by_role("radio").first
    assert other.get_attribute("name") not in names


def test_shift_enter_and_escape_reach_jupyterlab_from_a_quiz(quiz_page):
    """Issue 19, item 16: the key guard must not swallow the two keys notebook users rely on."""
    page = quiz_page
    num = _question(page, "deficit-2022")
    box = num.get_by_role("textbox")
    box.focus()
    page.keyboard.type("-80")
    page.keyboard.press("Shift+Enter")  # in an answer box: checks the answer
    expect(_feedback(num)).to_contain_text("too low")
    page.keyboard.press("Escape")  # leaves the quiz: the notebook has the focus again
    expect(box).not_to_be_focused()
    assert page.evaluate("() => !!document.activeElement.closest('.jp-Notebook')")
    assert not page.evaluate("() => !!document.activeElement.closest('.usj-quiz')")
    # On an option, Shift+Enter runs the quiz's cell and moves on, as anywhere in a notebook.
    q = _question(page, "op-ed-strengths")
    radio = q.get_by_role("radio").first
    radio.check()
    radio.focus()
    before = page.evaluate(ACTIVE_CELL_JS)
    page.keyboard.press("Shift+Enter")
    page.wait_for_function(
        "(before) => window.jupyterapp.shell.currentWidget.content.activeCellIndex !== before",
        arg=before[0],
    )
    assert page.evaluate(ACTIVE_CELL_JS)[0] > before[0]


def test_live_region_persists_across_updates(quiz_page):
    page = quiz_page
    q = _question(page, "op-ed-strengths")
    region = q.locator("[role='status']")
    expect(region).to_have_count(1)
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_class(re.compile(r"\busj-feedback\b"))
    handle = region.element_handle()
    handle.evaluate("el => { el.dataset.probe = 'made-once'; }")

    q.get_by_role("radio", name="Climate and energy").check()
    _button(q, "Check").click()
    expect(region).to_contain_text("✗ Not quite.")
    _button(q, "Check").click()  # the same wrong answer again: said again, not an attempt
    expect(_attempts(q)).to_have_text("Attempts: 1")
    expect(region.locator(".usj-announce")).to_contain_text("Not quite.")
    _button(q, "Hint").click()
    expect(region).to_contain_text("Hint 1 of 1")
    q.get_by_role("radio", name="Defence and diplomacy").check()
    _button(q, "Check").click()
    expect(region).to_contain_text("✓ Correct!")

    assert handle.evaluate("el => el.isConnected && el.dataset.probe") == "made-once"
    assert handle.evaluate("(el, r) => el === r", region.element_handle())
    expect(q.locator("[aria-live]")).to_have_count(1)


def test_answers_survive_a_kernel_restart(quiz_page):
    page = quiz_page
    q = _question(page, "op-ed-strengths")
    q.get_by_role("radio", name="Defence and diplomacy").check()
    _button(q, "Check").click()
    expect(_feedback(q)).to_contain_text("✓")
    r = _question(page, "first-expectation")
    r.get_by_role("textbox").fill("The Congress claim: opinions are hard to count.")
    _button(r, "Check").click()
    expect(_feedback(r)).to_contain_text("Saved")
    num = _question(page, "deficit-2022")
    num.get_by_role("textbox").fill("-80")
    _button(num, "Check").click()
    expect(_feedback(num)).to_contain_text("✗")
    _button(_question(page, "run-a-cell"), "Hint").click()
    expect(_question(page, "run-a-cell").locator(".usj-hints")).to_be_visible()

    restart_and_run_all(page, START)
    q = _question(page, "op-ed-strengths")
    expect(q.get_by_role("radio", name="Defence and diplomacy")).to_be_checked()
    expect(_feedback(q)).to_contain_text("✓")
    expect(q.locator(".usj-solution")).to_contain_text("notebooks 02–06")
    r = _question(page, "first-expectation")
    expect(r.get_by_role("textbox")).to_have_value(
        "The Congress claim: opinions are hard to count."
    )
    num = _question(page, "deficit-2022")
    expect(num.get_by_role("textbox")).to_have_value("-80")
    expect(_feedback(num)).to_contain_text("too low")
    expect(_attempts(num)).to_have_text("Attempts: 1")
    expect(_question(page, "run-a-cell").locator(".usj-hints")).to_contain_text("Hint 1 of 1")
    expect(page.locator(".usj-summary")).to_contain_text("answered 3 of")


def _right_answer(page, question) -> None:
    """Answer ``question`` correctly through the page, as a student would."""
    box = _question(page, question.id)
    if isinstance(question, SingleChoice):
        right = next(o.text for o in question.options if o.correct)
        box.get_by_role("radio", name=right, exact=True).check()
    elif isinstance(question, MultipleChoice):
        for o in question.options:
            check = box.get_by_role("checkbox", name=o.text, exact=True)
            check.set_checked(o.correct)
    elif isinstance(question, TrueFalse):
        box.get_by_role("radio", name=str(question.answer), exact=True).check()
    elif isinstance(question, Numeric):
        box.get_by_role("textbox").fill(f"{question.value:g}")
    elif isinstance(question, Text):
        box.get_by_role("textbox").fill(question.accept[0])
    elif isinstance(question, Order):
        for i, item in enumerate(question.items, 1):
            box.get_by_label(f"Position {i}", exact=True).select_option(item)
    elif isinstance(question, Match):
        for left, right in question.pairs:
            box.get_by_label(left, exact=True).select_option(right)
    elif isinstance(question, Reflection):
        words = max(question.min_words, 12)
        box.get_by_role("textbox").fill(" ".join(["word"] * words))
    else:  # pragma: no cover - a new type needs a line here
        raise AssertionError(question.type)


def test_every_question_type_in_the_browser(page, jupyter, blocked):
    open_notebook(page, jupyter, ALL_TYPES)
    run_all(page, ALL_TYPES)
    expect(page.locator(".usj-quiz .usj-question")).to_have_count(len(SAMPLE))
    types = {q.type for q in SAMPLE}
    assert types == {
        "single",
        "multiple",
        "true_false",
        "numeric",
        "text",
        "order",
        "match",
        "reflection",
    }
    # Answers and explanations stay in the kernel until earned: not in the page.
    quiz_html = page.locator(".usj-quiz").inner_html()
    for question in SAMPLE:
        if question.explanation:
            first_line = question.explanation.strip().splitlines()[0][:40]
            assert first_line not in quiz_html, question.id
    for question in SAMPLE:
        box = _question(page, question.id)
        expect(box).to_have_class(re.compile(rf"\busj-type-{question.type}\b"))
        _right_answer(page, question)
        _button(box, "Check").click()
        expect(_feedback(box)).to_contain_text(re.compile(r"✓ (Correct|Saved)"))
        expect(_attempts(box)).to_have_text("Attempts: 1")
    expect(page.locator(".usj-summary")).to_contain_text(f"Score: {len(SAMPLE)} of {len(SAMPLE)}")
    assert not blocked, f"the quiz tried to reach the internet: {blocked[:5]}"


def test_axe_finds_no_serious_violations_in_the_quiz(quiz_page):
    from axe_playwright_python.sync_playwright import Axe

    page = quiz_page
    q = _question(page, "op-ed-strengths")
    q.get_by_role("radio", name="Climate and energy").check()
    _button(q, "Check").click()
    expect(_feedback(q)).to_contain_text("✗")
    _button(q, "Hint").click()
    _button(_question(page, "codebook-tells"), "Show answer").click()
    expect(_question(page, "codebook-tells").locator(".usj-solution")).to_be_visible()
    results = Axe().run(page, context=".usj-quiz")
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not violations, "\n".join(violations)
    assert results.response["passes"], "axe ran no checks: is the quiz on the page?"


def _open_from_tree(page, base: str) -> Any:
    """Open 00-start-here from Notebook 7's file browser (/tree), as a student does."""
    page.goto(f"{base}/tree?token={TOKEN}")
    page.wait_for_function("() => window.jupyterapp !== undefined")
    page.get_by_text("notebooks", exact=True).first.dblclick()
    item = page.get_by_text("00-start-here.ipynb", exact=True).first
    expect(item).to_be_visible()
    with page.context.expect_page() as opened:
        item.dblclick()
    nb_page = opened.value
    nb_page.set_default_timeout(90_000)
    expect(nb_page).to_have_url(re.compile(r"/notebooks/notebooks/00-start-here\.ipynb"))
    nb_page.wait_for_function("() => window.jupyterapp !== undefined")
    return nb_page


def test_notebook7_from_tree_mouse_and_keyboard(page, jupyter, blocked):
    nb = _open_from_tree(page, jupyter)
    run_all(nb, START)
    q = _question(nb, "op-ed-strengths")
    q.scroll_into_view_if_needed()
    q.get_by_role("radio", name="Trade and digital cooperation").check()
    _button(q, "Check").click()
    expect(_feedback(q)).to_contain_text("✗")
    # Notebook 7 handles shortcuts before the page sees them: the arrows must still work.
    radios = q.get_by_role("radio")
    radios.nth(1).focus()
    nb.keyboard.press("ArrowUp")
    expect(radios.nth(0)).to_be_checked()
    nb.keyboard.press("Tab")
    expect(_button(q, "Check")).to_be_focused()
    nb.keyboard.press("Enter")
    expect(_feedback(q)).to_contain_text("✓")
    expect(nb.locator(".usj-summary")).to_contain_text(f"Score: 1 of {len(BANK)}")
    assert not blocked, f"the quiz tried to reach the internet: {blocked[:5]}"
