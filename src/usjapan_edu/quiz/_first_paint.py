"""The first paint of a quiz: its page, shown at once, before the widget stack is imported.

Kept apart from :mod:`._page` (which builds the page from a bank, and needs the quiz model)
so that showing a cached quiz's page imports nothing but this: the student sees the quiz while
the widget that brings it to life is still being made.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from usjapan_edu.i18n import t

__all__ = ["VIEW", "FirstPaint", "Rendered", "static_html"]

_CSS = Path(__file__).resolve().parent / "static" / "quiz.css"


def _esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


@dataclass(frozen=True)
class Rendered:
    """The unchanging views of a bank: widget ``quiz`` state, HTML fallback, plain text.

    ``page["html"]`` is the quiz's page markup (questions, inputs, buttons; never an answer)
    with :data:`VIEW` where each drawing puts its own id: Python writes the page once, the
    first paint shows it before the widget exists (:func:`static_html`), and ``quiz.js`` only
    brings it to life (or draws it from the same markup for another view).
    """

    page: dict[str, Any]
    fallback_html: str
    text: str


VIEW = "usj-VIEW"
"""Placeholder for the id prefix of one drawing of the quiz (element ids must be unique)."""


_STATIC_STYLE = (
    "<style>"
    # live: the quiz moved into its widget (quiz.js marks what is left, the note, as taken)
    ".usj-static-wrap.usj-taken,.jp-OutputArea-child:has(.usj-static-wrap.usj-taken)"
    "{display:none}"
    # not live (the kernel was restarted): the note shows, and the first paint's controls,
    # which nothing answers, are greyed; JupyterLab's "model not found" text below is hidden
    ".usj-static-wrap .usj-quiz.usj-static .usj-buttons{opacity:.5}"
    ".jp-OutputArea-child:has(.usj-static-wrap) + .jp-OutputArea-child "
    ".jp-OutputArea-output:not(:has(*)){display:none}"
    "</style>"
)


def static_html(rendered: Rendered, static_id: str) -> str:
    """Return the first paint of a quiz: its page before the widget exists, and its note.

    Shown at once, before the widget stack is even imported; the widget, once drawn, takes
    this very page over (what the student typed meanwhile is kept, a click is done). If the
    widget is never drawn (a saved notebook after a restart), the page stays with a one-line
    note saying to run the cell. It holds no answer (it is the page the widget draws).
    """
    page = rendered.page
    css = _CSS.read_text(encoding="utf-8")
    lang = page["lang"]
    what = t("your quiz", lang)
    note = _esc(t("▶ Run this cell to see {what} (your answers are saved).", lang, what=what))
    return (
        f'<div class="usj-static-wrap"><p class="usj-run-note" role="note">{note}</p>'
        f'<div class="usj-quiz usj-static" id="{static_id}" lang="{_esc(lang)}">'
        + page["html"].replace(VIEW, static_id)
        + f"</div></div><style>{css}</style>{_STATIC_STYLE}"
    )


class FirstPaint:
    """The first output of a quiz cell: the quiz's page at once (see :func:`static_html`)."""

    def __init__(self, rendered: Rendered, static_id: str) -> None:
        self.rendered = rendered
        self.static_id = static_id

    def _repr_mimebundle_(self, **_kwargs: Any) -> dict[str, str]:
        return {
            "text/html": static_html(self.rendered, self.static_id),
            "text/plain": self.rendered.text,
        }
