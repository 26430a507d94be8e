"""What the page is sent for a quiz before anything is answered: questions without answers.

:func:`render` builds the three views of a :class:`~usjapan_edu.quiz.model.Bank` that never
change while it is shown — the widget's ``quiz`` state, the HTML fallback (nbconvert, GitHub)
and the plain text — so that :mod:`._cache` can keep them with the validated bank and a quiz
is shown without parsing YAML, validating or importing the Markdown renderer. None of them
holds an answer, a per-option feedback or an explanation.
"""

from __future__ import annotations

import html
from typing import Any

from usjapan_edu.i18n import catalogue, t
from usjapan_edu.quiz._first_paint import VIEW, FirstPaint, Rendered, _esc, static_html
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

__all__ = [
    "VIEW",
    "FirstPaint",
    "Rendered",
    "fallback_html",
    "page_html",
    "page_question",
    "page_state",
    "render",
    "static_html",
]

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

    state = {
        "id": bank.id,
        "lang": bank.language,
        "title": bank.title,
        "description": render_markdown(bank.description) if bank.description else "",
        "questions": [page_question(q, n) for n, q in enumerate(bank.questions, 1)],
        "strings": page_strings(bank.language),
    }
    state["html"] = page_html(state)
    return state


# ------------------------------------------------------------------ the page's markup

_LIVE_REGION = 'role="status" aria-live="polite" aria-atomic="false"'
# A click on the first paint, before the quiz is live, is remembered and done when it is.
_REMEMBER_CLICK = 'onclick="this.dataset.clicked=1"'


def _inputs_html(q: dict[str, Any], base: str, lang: str) -> str:
    """Return the answer controls of one question (each labelled)."""

    def choice(kind: str, value: str, label: str, i: int) -> str:
        return (
            f'<div class="usj-option"><input type="{kind}" id="{base}-opt{i}" '
            f'name="{base}-choice" value="{_esc(value)}"><label for="{base}-opt{i}">'
            f"{_esc(label)}</label></div>"
        )

    kind = q["type"]
    if kind in {"single", "multiple"}:
        box = "radio" if kind == "single" else "checkbox"
        return "".join(choice(box, text, text, i) for i, text in enumerate(q["options"]))
    if kind == "true_false":
        return choice("radio", "true", t("True", lang), 0) + choice(
            "radio", "false", t("False", lang), 1
        )
    field = f"{base}-text"
    if kind in {"numeric", "text"}:
        numeric = kind == "numeric"
        label = (
            t("Answer ({unit})", lang, unit=q["unit"])
            if numeric and q.get("unit")
            else t("Answer", lang)
        )
        extra = f' inputmode="decimal" placeholder="{_esc(t("e.g. 68", lang))}"' if numeric else ""
        return (
            f'<label for="{field}">{_esc(label)}</label><input type="text" id="{field}" '
            f'class="usj-text" autocomplete="off" spellcheck="{"false" if numeric else "true"}" '
            f'data-enter="check"{extra}>'
        )
    if kind == "reflection":
        return (
            f'<label for="{field}">{_esc(t("Your answer", lang))}</label>'
            f'<textarea id="{field}" class="usj-text" rows="4"></textarea>'
        )
    if kind in {"order", "match"}:
        rows = (
            [t("Position {n}", lang, n=i + 1) for i in range(len(q["items"]))]
            if kind == "order"
            else q["lefts"]
        )
        options = f'<option value="">{_esc(t("— choose —", lang))}</option>' + "".join(
            f'<option value="{_esc(o)}">{_esc(o)}</option>'
            for o in (q["items"] if kind == "order" else q["choices"])
        )
        return "".join(
            f'<div class="usj-row"><label for="{base}-sel{i}">{_esc(label)}</label>'
            f'<select id="{base}-sel{i}" data-key="{_esc(label)}">{options}</select></div>'
            for i, label in enumerate(rows)
        )
    return ""


def _question_html(q: dict[str, Any], total: int, base: str, lang: str) -> str:
    """One question: a fieldset with its prompt, controls, buttons and ONE live region."""
    prompt, instr = f"{base}-prompt", f"{base}-instr"
    hint_hidden = "" if q["hints"] else " hidden"
    return (
        f'<fieldset class="usj-question usj-type-{_esc(q["type"])}" data-qid="{_esc(q["id"])}" '
        f'aria-describedby="{prompt} {instr}"><legend class="usj-qnum">'
        f"{_esc(t('Question {n} of {total}', lang, n=q['n'], total=total))}</legend>"
        f'<div class="usj-prompt" id="{prompt}">{q["prompt"]}</div>'
        f'<p class="usj-instructions" id="{instr}">{_esc(q["instructions"])}</p>'
        f'<div class="usj-inputs">{_inputs_html(q, base, lang)}</div><div class="usj-buttons">'
        f'<button type="button" class="usj-check" data-action="check" {_REMEMBER_CLICK}>'
        f"{_esc(t('Check', lang))}</button>"
        f'<button type="button" class="usj-hint-button" data-action="hint" {_REMEMBER_CLICK}'
        f"{hint_hidden}>{_esc(t('Hint', lang))}</button>"
        f'<button type="button" class="usj-reveal" data-action="reveal" {_REMEMBER_CLICK}>'
        f"{_esc(t('Show answer', lang))}</button></div>"
        f'<p class="usj-status-line usj-attempts">{_esc(t("Attempts: {n}", lang, n=0))}</p>'
        f'<div class="usj-feedback" {_LIVE_REGION}><div class="usj-verdict"></div>'
        '<p class="usj-announce usj-sr-only"></p></div></fieldset>'
    )


def page_html(state: dict[str, Any]) -> str:
    """Return the quiz's page (inside its root element), ids prefixed with :data:`VIEW`.

    The same markup ``quiz.js`` used to build in the page: a title, the description, one
    ``fieldset`` per question, and the score line (filled in when the quiz is live).
    """
    lang = state["lang"]
    questions = state["questions"]
    total = len(questions)
    return (
        f'<h3 class="usj-title">{_esc(state["title"])}</h3>'
        + (
            f'<div class="usj-description">{state["description"]}</div>'
            if state["description"]
            else ""
        )
        + "".join(_question_html(q, total, f"{VIEW}-q{i}", lang) for i, q in enumerate(questions))
        + '<p class="usj-summary"></p>'
    )


PAGE_STRINGS = (
    "Attempts: {n}", "Hint {i} of {n}:", "That was the last hint.", "All hints are shown",
    "Show hint {i} of {n}", "The answer is shown below.",
    "No answer from Python yet. Is a cell still running? If the kernel was restarted, run the "
    "quiz cell again.",
)  # fmt: skip
"""The words ``static/quiz.js`` writes itself, as the quiz changes (it looks each up by its
English text in ``quiz.strings``); the rest of the page is written by :func:`page_html`."""


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
