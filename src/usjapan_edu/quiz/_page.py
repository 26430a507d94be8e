"""What the page is sent for a quiz before anything is answered: questions without answers.

:func:`render` builds the three views of a :class:`~usjapan_edu.quiz.model.Bank` that never
change while it is shown — the widget's ``quiz`` state, the HTML fallback (nbconvert, GitHub)
and the plain text — so that :mod:`._cache` can keep them with the validated bank and a quiz
is shown without parsing YAML, validating or importing the Markdown renderer. None of them
holds an answer, a per-option feedback or an explanation.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from usjapan_edu.i18n import catalogue, t
from usjapan_edu.quiz.model import (
    JA_CHARS_PER_WORD,
    Bank,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Question,
    Reflection,
    SingleChoice,
)

__all__ = ["Rendered", "fallback_html", "page_question", "page_state", "render"]

_INSTRUCTIONS = {
    "single": "Choose one answer.",
    "multiple": "Tick all that apply.",
    "true_false": "True or false?",
    "text": "Type a short answer.",
    "order": "Choose the item for each position.",
    "match": "Choose the match for each item.",
    "reflection": "Write your answer. There is no single right answer; it is saved when you "
    "press Check.",
}


_STATIC_NOTE = (
    "This is an interactive quiz. Run the notebook in JupyterLab (or Jupyter Notebook) to "
    "answer it and get feedback."
)


@dataclass(frozen=True)
class Rendered:
    """The unchanging views of a bank: widget ``quiz`` state, HTML fallback, plain text."""

    page: dict[str, Any]
    fallback_html: str
    text: str


def page_question(q: Question, number: int) -> dict[str, Any]:
    """Return the page's view of one question: no answers, no per-option feedback."""
    from usjapan_edu.quiz.markdown import render_markdown

    lang = q.language
    instructions = t(_INSTRUCTIONS[q.type], lang) if q.type in _INSTRUCTIONS else ""
    out: dict[str, Any] = {
        "id": q.id,
        "type": q.type,
        "n": number,
        "prompt": render_markdown(q.prompt),
        "hints": len(q.hints),
    }
    if isinstance(q, SingleChoice | MultipleChoice):
        out["options"] = [o.text for o in q.options]
    elif isinstance(q, Numeric):
        instructions = (
            t("Type a number in {unit}.", lang, unit=q.unit)
            if q.unit
            else t("Type a number.", lang)
        )
        if q.unit:
            out["unit"] = q.unit
    elif isinstance(q, Order):
        out["items"] = q.display_items()
    elif isinstance(q, Match):
        out["lefts"] = [left for left, _ in q.pairs]
        out["choices"] = q.choices()
    elif isinstance(q, Reflection) and q.min_words:
        instructions += " " + (
            t("Write at least {n} characters.", lang, n=q.min_words * JA_CHARS_PER_WORD)
            if lang == "ja"
            else t("Write at least {n} words.", lang, n=q.min_words)
        )
    out["instructions"] = instructions
    return out


def page_state(bank: Bank) -> dict[str, Any]:
    """Return the widget's ``quiz`` state: title, description, questions without answers."""
    from usjapan_edu.quiz.markdown import render_markdown

    return {
        "id": bank.id,
        "lang": bank.language,
        "title": bank.title,
        "description": render_markdown(bank.description) if bank.description else "",
        "questions": [page_question(q, n) for n, q in enumerate(bank.questions, 1)],
        "strings": page_strings(bank.language),
    }


PAGE_STRINGS = (
    "True", "False", "Answer", "Answer ({unit})", "e.g. 68", "Your answer", "Position {n}",
    "— choose —", "Question {n} of {total}", "Check", "Hint", "Show answer", "Attempts: {n}",
    "Hint {i} of {n}:", "That was the last hint.", "All hints are shown", "Show hint {i} of {n}",
    "The answer is shown below.",
    "No answer from Python yet. Is a cell still running? If the kernel was restarted, run the "
    "quiz cell again.",
)  # fmt: skip
"""The words of the quiz page (``static/quiz.js`` looks each up by its English text)."""


def page_strings(lang: str) -> dict[str, str]:
    """Return the page's words in ``lang`` (``{}`` in English: the page's own text is used)."""
    found = catalogue(lang)
    return {text: found[text] for text in PAGE_STRINGS if text in found}


def fallback_html(bank: Bank) -> str:
    """Return the HTML shown where no widget front end exists: questions, never answers."""
    from usjapan_edu.quiz.markdown import render_markdown

    items = []
    for q in bank.questions:
        choices = "".join(f"<li>{html.escape(d)}</li>" for d in q.describe())
        items.append(
            f"<li>{render_markdown(q.prompt)}"
            + (f'<ul style="list-style: none">{choices}</ul>' if choices else "")
            + "</li>"
        )
    desc = render_markdown(bank.description) if bank.description else ""
    return (
        f'<div class="usj-quiz-static"><h3>{html.escape(bank.title)}</h3>{desc}'
        f"<p><em>{html.escape(t(_STATIC_NOTE, bank.language))}</em></p>"
        f"<ol>{''.join(items)}</ol></div>"
    )


def render(bank: Bank) -> Rendered:
    """Return the bank's unchanging views (see :class:`Rendered`)."""
    note = t("(Interactive quiz: run this notebook in JupyterLab to answer it.)", bank.language)
    text = bank.text() + "\n\n" + note
    return Rendered(page_state(bank), fallback_html(bank), text)
