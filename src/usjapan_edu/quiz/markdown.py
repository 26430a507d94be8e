r"""Safe Markdown for text from quiz banks: what the student's page is allowed to receive.

Banks are shared between instructors and downloaded by students, so their text is never
trusted: raw HTML is escaped (shown as text, never run), images are not rendered (a remote
image is a network request, and the course must work offline), ``javascript:`` and similar
links are refused by markdown-it's link validation, and every link opens in a new tab with
``rel="noopener noreferrer"``. CommonMark plus tables and strikethrough.

Examples
--------
>>> render_markdown("**Tokyo** <script>alert(1)</script>")
'<p><strong>Tokyo</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n'
>>> render_markdown("![map](https://example.org/map.png)")  # a link, never an <img>
'<p>!<a href="https://example.org/map.png" target="_blank" rel="noopener noreferrer">map</a></p>\n'

"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

__all__ = ["render_inline", "render_markdown"]


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt  # lazy: ~20 ms, needed only when a quiz is drawn

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")

    def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
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
