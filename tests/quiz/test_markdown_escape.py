"""Plain text escaped for Markdown renders as itself: never math, a link, emphasis or HTML."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from usjapan_edu.quiz.markdown import escape_markdown, render_inline


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_escaped_text_renders_as_itself(text) -> None:
    text = text.strip()
    out = render_inline(escape_markdown(text))
    assert html.unescape(out) == text and "<" not in out


@pytest.mark.parametrize(
    "text",
    [r"\(x\)", "$$y$$", r"\[z\]", "(2023) [1](u) *a*", "&amp;", "<b>", "# 1. - x"],
)
def test_escaped_text_never_becomes_markup(text) -> None:
    assert render_inline(escape_markdown(text)) == html.escape(text, quote=False)
