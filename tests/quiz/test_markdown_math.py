r"""Math in bank text keeps its delimiters, in the widget and in every LMS export.

CommonMark reads ``\(`` as an escaped parenthesis and drops the backslash, so ``\(x^2\)``
reached the page, QTI and GIFT as ``(x^2)`` — MathJax (JupyterLab, Moodle, Canvas) then had
nothing to typeset. Plain text run through :func:`escape_markdown` must still never become math.
"""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from usjapan_edu.instructor.lms_export import to_json
from usjapan_edu.quiz.markdown import escape_markdown, render_inline, render_markdown
from usjapan_edu.quiz.model import Bank, Numeric

FRACTION = r"\(s = \frac{x_i}{\sum_j x_j} * 100\)"


@pytest.mark.parametrize(
    "math",
    [r"\(x^2\)", r"\[ \frac{a}{b} \]", "$$a_1 * b_1 * c$$", FRACTION, r"\(a \\ b\)"],
)
def test_math_is_kept_as_written(math) -> None:
    assert render_inline(f"so {math} holds") == f"so {html.escape(math, quote=False)} holds"
    assert render_markdown(math) == f"<p>{html.escape(math, quote=False)}</p>\n"


def test_math_spanning_lines_of_a_paragraph_is_kept() -> None:
    assert render_markdown("Where\n\\[\n x_1 < y_2\n\\]\nholds.") == (
        "<p>Where\n\\[\n x_1 &lt; y_2\n\\]\nholds.</p>\n"
    )


def test_html_inside_math_is_escaped_never_passed_through() -> None:
    assert render_inline(r"\(<script>alert(1)</script>\)") == (
        r"\(&lt;script&gt;alert(1)&lt;/script&gt;\)"
    )


@pytest.mark.parametrize(
    ("text", "html_out"),
    [
        (r"\\(not math\\)", r"\(not math\)"),  # an escaped backslash, then a parenthesis
        (r"\(unclosed", "(unclosed"),
        (r"\(\)", "()"),
        (r"`\(code\)`", r"<code>\(code\)</code>"),
        (r"\[a\\]", r"[a\]"),  # the only closer is part of an escaped backslash
        ("cost $5 and $6", "cost $5 and $6"),
    ],
)
def test_what_is_not_math_is_commonmark(text, html_out) -> None:
    assert render_inline(text) == html_out


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_escaped_text_renders_as_itself(text) -> None:
    text = text.strip()
    out = render_inline(escape_markdown(text))
    assert html.unescape(out) == text and "<" not in out


@pytest.mark.parametrize("text", [r"\(x\)", "$$y$$", r"\[z\]", "(2023) [1](u) *a*", "&amp;"])
def test_escaped_text_never_becomes_math(text) -> None:
    assert render_inline(escape_markdown(text)) == html.escape(text, quote=False)


BANK = Bank(
    id="math",
    title="Math",
    questions=(
        Numeric(id="share", prompt=f"Compute {FRACTION} for Japan.", answer=1.2, tolerance=0.1),
    ),
)


def test_json_carries_the_text_as_written() -> None:
    assert FRACTION.replace("\\", "\\\\") in to_json(BANK).data.decode("utf-8")


def test_the_widget_page_carries_math() -> None:
    from usjapan_edu.quiz.frontend import QuizWidget

    prompt = QuizWidget(BANK).quiz["questions"][0]["prompt"]
    assert prompt == f"<p>Compute {html.escape(FRACTION, quote=False)} for Japan.</p>\n"


def test_plain_text_that_looks_like_math_stays_plain_in_citations_and_answer_keys() -> None:
    from usjapan_edu.instructor.answer_key import answer_key_markdown
    from usjapan_edu.quiz.model import Source, Text

    cite = Source(url="https://example.org", title="Census (2023) \\(x\\)").markdown()
    assert ">Census (2023) \\(x\\)</a>" in render_inline(cite)
    bank = Bank(
        id="b",
        title="Week (1)",
        questions=(Text(id="t", prompt="Name?", accept=("Tokyo (Japan)",)),),
    )
    page = render_markdown(answer_key_markdown([bank]))
    assert "Week (1)" in page and "Tokyo (Japan)" in page and "\\(" not in page
