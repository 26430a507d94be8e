r"""Safe Markdown for text from quiz banks: what the student's page is allowed to receive.

Banks are shared between instructors and downloaded by students, so their text is never
trusted: raw HTML is escaped (shown as text, never run), images are not rendered (a remote
image is a network request, and the course must work offline), ``javascript:`` and similar
links are refused by markdown-it's link validation, and every link opens in a new tab with
``rel="noopener noreferrer"``. CommonMark plus tables and strikethrough.

Math keeps its delimiters: ``\(…\)``, ``\[…\]`` and ``$$…$$`` pass through as written
(HTML-escaped, nothing inside read as Markdown), so that MathJax — in JupyterLab, Moodle or
Canvas — can typeset them; CommonMark alone reads ``\(`` as an escaped parenthesis and drops
the backslash. Plain text that must stay plain (a title, a student's answer) goes through
:func:`escape_markdown`, which can never make math, a link or emphasis.

Examples
--------
>>> render_markdown("**Tokyo** <script>alert(1)</script>")
'<p><strong>Tokyo</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n'
>>> render_markdown("![map](https://example.org/map.png)")  # a link, never an <img>
'<p>!<a href="https://example.org/map.png" target="_blank" rel="noopener noreferrer">map</a></p>\n'
>>> render_inline(r"share \(s = x_i / \sum x\) with $$a*b*c < 1$$")
'share \\(s = x_i / \\sum x\\) with $$a*b*c &lt; 1$$'

"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["escape_markdown", "render_inline", "render_markdown"]

MATH_DELIMITERS = (("\\(", "\\)"), ("\\[", "\\]"), ("$$", "$$"))
"""Opening and closing delimiters of math kept as written (MathJax's defaults plus ``$$``)."""

_SPECIAL = re.compile(r"([\\`*_{}\[<>#+\-.!|~$])")


def escape_markdown(text: str) -> str:
    r"""Escape plain text for Markdown: it renders as itself, never as math, a link or emphasis.

    ``(``, ``)`` and ``]`` are left alone: they cannot start anything once ``[`` is escaped,
    and an escaped parenthesis, ``\(``, is how math begins. ``&`` is escaped too, so that
    ``&copy;`` stays text.

    Examples
    --------
    >>> escape_markdown(r"Census (2023) [1] *x* \(y\)")
    'Census (2023) \\[1] \\*x\\* \\\\(y\\\\)'
    >>> render_inline(escape_markdown(r"Census (2023) [1](u) *x* \(y\) $$z$$ &copy;"))
    'Census (2023) [1](u) *x* \\(y\\) $$z$$ &amp;copy;'

    """
    return _SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


def _closing(src: str, start: int, closing: str) -> int:
    """Return where ``closing`` begins after ``start`` (a backslash pair is one unit), or -1."""
    pos = start
    while pos < len(src):
        if src.startswith(closing, pos):
            return pos
        pos += 2 if src[pos] == "\\" else 1
    return -1


def _math(state: Any, silent: bool) -> bool:
    r"""Inline rule: take ``\(…\)``, ``\[…\]`` or ``$$…$$`` whole, as written."""
    src, pos = state.src, state.pos
    for opening, closing in MATH_DELIMITERS:
        if not src.startswith(opening, pos):
            continue
        end = _closing(src, pos + len(opening), closing)
        if end <= pos + len(opening):  # unclosed or empty: not math
            return False
        if not silent:
            token = state.push("math_inline", "", 0)
            token.content = src[pos : end + len(closing)]
            token.markup = opening
        state.pos = end + len(closing)
        return True
    return False


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt  # lazy: ~20 ms, needed only when a quiz is drawn
    from markdown_it.common.utils import escapeHtml

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")
    md.inline.ruler.before("escape", "math", _math)  # before '\(' is read as an escape

    def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return str(renderer.renderToken(tokens, idx, options, env))

    def math_inline(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return str(escapeHtml(tokens[idx].content))

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("math_inline", math_inline)
    return md


def render_markdown(text: str | None) -> str:
    r"""Render bank Markdown to HTML blocks; raw HTML in ``text`` is escaped, never passed through.

    Examples
    --------
    >>> render_markdown("[SIPRI](https://sipri.org)")
    '<p><a href="https://sipri.org" target="_blank" rel="noopener noreferrer">SIPRI</a></p>\n'

    """
    return str(_markdown().render(text or ""))


def render_inline(text: str | None) -> str:
    """Render one line of bank Markdown without a surrounding paragraph.

    Examples
    --------
    >>> render_inline("dataset `goods_trade` <b>")
    'dataset <code>goods_trade</code> &lt;b&gt;'

    """
    return str(_markdown().renderInline(text or ""))
