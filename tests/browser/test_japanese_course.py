"""A Japanese student in a real JupyterLab: the notebook in ja/ speaks Japanese, end to end.

The notebook is opened from ``notebooks/ja/`` (as Binder and hub links open it); JupyterLab tells
the kernel its path, so the quiz, the exercise feedback and the charts come in Japanese without
any code cell saying so. Numbers are typed the Japanese way (full-width digits, 。 for the
point); Japanese text is drawn with the offline fonts (no tofu boxes: a chart title is measured
against the same text drawn in a font without Japanese).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import nbformat
import pytest
from jupyter_helpers import REPO, open_notebook, run_all
from playwright.sync_api import expect
from test_course_notebooks_in_lab import INSERT_AND_RUN_JS, chart_cells, check_cell_index

from usjapan_edu import quiz

pytestmark = pytest.mark.browser

PATH = "notebooks/ja/02-security.ipynb"


@pytest.fixture(autouse=True)
def fresh_progress(usj_home):
    for f in usj_home.glob("progress.json*"):
        f.unlink()


def _full_width(text: str) -> str:
    """``-119.6`` as a Japanese keyboard types it: full-width digits and sign, 。 as the point."""
    out = []
    for char in text:
        if char.isdigit():
            out.append(chr(ord("０") + int(char)))
        elif char == ".":
            out.append("。")
        elif char == "-":
            out.append("－")
        else:
            out.append(char)
    return "".join(out)


def test_a_japanese_notebook_speaks_japanese_in_jupyterlab(page, jupyter, blocked) -> None:
    assert nbformat.read(Path(REPO, PATH), as_version=4).metadata["usjapan_edu"]["language"] == "ja"
    open_notebook(page, jupyter, PATH)
    run_all(page, PATH)
    expect(
        page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    ).to_have_count(0)

    # every chart is drawn
    shown, _ = chart_cells(PATH)
    drawn = page.locator(".jp-OutputArea-output .vega-embed")
    expect(drawn).to_have_count(shown)
    drawn.first.scroll_into_view_if_needed()
    expect(drawn.first.locator("canvas, svg.marks").first).to_be_visible()

    # the quiz: Japanese words on the page, a number typed the Japanese way, Japanese feedback
    bank = quiz.load_bank("02-security", lang="ja")
    question = next(q for q in bank.questions if q.type == "numeric")
    box = page.locator(f".usj-quiz .usj-question[data-qid='{question.id}']")
    box.scroll_into_view_if_needed()
    expect(box.locator("legend")).to_contain_text("問")
    field = box.get_by_role("textbox")
    field.fill("１２")
    box.get_by_role("button", name="答え合わせ", exact=True).click()
    feedback = box.locator(".usj-feedback[role='status']")
    expect(feedback).to_contain_text("✗")
    expect(feedback).to_contain_text("不正解")
    field.fill(_full_width(f"{question.value:.6g}"))
    box.get_by_role("button", name="答え合わせ", exact=True).click()
    expect(feedback).to_contain_text("✓")
    expect(feedback).to_contain_text("正解です")
    expect(page.locator(".usj-quiz .usj-summary").first).to_contain_text("得点")

    # an exercise checked with a wrong answer says why, in Japanese
    exercise = "02.japan-share-2023"
    index = check_cell_index(PATH, exercise)
    source = f'exercises.check("{exercise}", 119.6)'
    assert page.evaluate(INSERT_AND_RUN_JS, [PATH, index, source]) is True
    result = page.locator(".usjapan-exercise-result[role='status'][data-status='failed']")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("✗")
    text = result.inner_text()
    assert any(unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA")) for c in text)

    assert not blocked, f"the page tried to reach the internet: {blocked[:5]}"


# 02 is run by the test above, which also checks a wrong answer and an exercise's feedback
JAPANESE_NOTEBOOKS = sorted(
    p.name for p in (REPO / "notebooks" / "ja").glob("0[0-6]-*.ipynb") if p.name != Path(PATH).name
)


def _answer_in_japanese(page, bank_id: str) -> None:
    """Answer one question of the notebook's quiz as a Japanese student; expect ✓ 正解です."""
    bank = quiz.load_bank(bank_id, lang="ja")
    question = next(q for q in bank.questions if q.type in {"numeric", "single", "text"})
    box = page.locator(f".usj-quiz .usj-question[data-qid='{question.id}']")
    box.scroll_into_view_if_needed()
    if question.type == "numeric":
        box.get_by_role("textbox").fill(_full_width(f"{question.value:.6g}"))
    elif question.type == "text":
        box.get_by_role("textbox").fill(question.accept[-1])
    else:
        right = next(o.text for o in question.options if o.correct)
        box.get_by_label(right, exact=True).check()
    box.get_by_role("button", name="答え合わせ", exact=True).click()
    feedback = box.locator(".usj-feedback[role='status']")
    expect(feedback).to_contain_text("✓")
    expect(feedback).to_contain_text("正解です")


@pytest.mark.parametrize("name", JAPANESE_NOTEBOOKS)
def test_every_japanese_notebook_runs_draws_and_answers_in_japanese(
    page, jupyter, blocked, name
) -> None:
    path = f"notebooks/ja/{name}"
    open_notebook(page, jupyter, path)
    run_all(page, path)
    expect(
        page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")
    ).to_have_count(0)
    shown, _ = chart_cells(path)
    cells = nbformat.read(Path(REPO, path), as_version=4).cells
    shown += sum(  # a chart drawn by the cell's last line (00: charts.goods_trade_chart(trade))
        c.cell_type == "code"
        and re.match(r"charts\.\w+_chart\(", c.source.strip().splitlines()[-1]) is not None
        for c in cells
        if c.source.strip()
    )
    drawn = page.locator(".jp-OutputArea-output .vega-embed")
    expect(drawn).to_have_count(shown)
    expect(page.locator(".usj-quiz.usj-static")).to_have_count(0)  # every first paint taken over
    for i in range(shown):
        chart = drawn.nth(i)
        chart.scroll_into_view_if_needed()
        expect(chart.locator("canvas, svg.marks").first).to_be_visible()
    if shown:  # the chart's description for screen readers is Japanese too
        label = drawn.first.locator(".chart-wrapper").get_attribute("aria-label") or ""
        assert any(unicodedata.name(c, "").startswith("CJK") for c in label), label
    _answer_in_japanese(page, Path(name).stem)
    assert not blocked, f"the page tried to reach the internet: {blocked[:5]}"


def test_japanese_text_is_drawn_with_a_japanese_font(page, jupyter) -> None:
    # Without a Japanese font every kanji is drawn as the same blank box ("tofu"): two
    # different kanji give the same pixels. With the offline CJK fonts they differ.
    open_notebook(page, jupyter, PATH)
    same = page.evaluate(
        """() => {
          const draw = (ch) => {
            const c = document.createElement('canvas');
            c.width = c.height = 40;
            const g = c.getContext('2d');
            g.font = '32px sans-serif';
            g.fillText(ch, 2, 34);
            return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
          };
          const blank = draw(' ');
          return [draw('安') === draw('全'), draw('安') === blank];
        }"""
    )
    assert same == [False, False], "Japanese is drawn as blank boxes: no Japanese font"
