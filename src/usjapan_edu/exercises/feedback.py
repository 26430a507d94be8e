"""What a student sees: :class:`Result` (✓/✗ with words) and :class:`Note` (a hint, a solution).

Both render in a notebook as HTML (an element screen readers announce, ``role="status"``), as
Markdown, and as plain text; the verdict is always a symbol *and* words (*Correct!*, *Not
quite.*, *Not yet.*), never colour alone. Text from exercise files is Markdown with raw HTML
escaped (the quiz's safe renderer).

Examples
--------
>>> r = Result("02.x", passed=False, code="units", verdict="Not quite.",
...            detail="Your number is a hundred times too large.")
>>> r
✗ Not quite. Your number is a hundred times too large.  [02.x]
>>> bool(r), r.score
(False, 0.0)

"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from usjapan_edu.i18n import t

__all__ = ["NOT_YET", "Note", "Result", "compose", "not_yet_detail"]

NOT_YET = "not_yet"
_COLOURS = {"passed": "#1a7f37", "failed": "#b42318", "not_yet": "#9a6700", "note": "#0b5cad"}
"""The quiz's verdict colours (``quiz.css``: correct, incorrect, partial, info), so a check and
a quiz look alike; each reads at 4.5:1 or more on white. The words and the ✓/✗ carry the
meaning; colour only repeats it."""


def _markdown_html(text: str, *, inline: bool) -> str:
    try:
        from usjapan_edu.quiz.markdown import render_inline, render_markdown
    except ImportError:  # pragma: no cover - the quiz's renderer ships with the package
        return html.escape(text).replace("\n", "<br>")
    return render_inline(text) if inline else render_markdown(text)


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
"""Japanese characters and punctuation (kana, kanji, full-width forms)."""


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    if text[-1] in ".!?…。！？」）":
        return text
    return text + ("。" if _CJK.match(text[-1]) else ".")


def _join_line(match: re.Match[str]) -> str:
    """Return what replaces a line break: nothing inside Japanese text, else a space."""
    before, after = match.string[match.start() - 1], match.string[match.end()]
    return "" if _CJK.match(before) and _CJK.match(after) else " "


def _unwrap(text: str) -> str:
    """Join the lines of a YAML block paragraph (Markdown reads a single newline as a space)."""
    return re.sub(r"(?<=\S)\n(?=[^\s*>#|`+-]|`(?!``))", _join_line, text.strip())


def not_yet_detail(variable: str | None) -> str:
    """Return the "not yet" explanation (``variable`` when the answer's name is unknown yet)."""
    if variable:
        return t(
            "`{variable}` does not exist yet: write your code in the exercise cell (replace the "
            "`...` or the `raise NotImplementedError()`), run that cell, then run this check "
            "again.",
            variable=variable,
        )
    return t("Replace the `...` with your code, run that cell, then run this check again.")


def compose(code: str, detail: str, feedback: dict[str, str]) -> tuple[str, str]:
    """Return ``(verdict, detail)`` with the instructor's feedback for ``code`` appended.

    The verdict is in the course language (:func:`usjapan_edu.i18n.language`).
    """
    extra = []
    if code == "correct":
        verdict = t("Correct!")
        extra.append(feedback.get("correct", ""))
    elif code == NOT_YET:
        verdict = t("Not yet.")
    else:
        verdict = t("Not quite.")
        extra += [feedback.get(code, ""), feedback.get("incorrect", "")]
    parts = [_sentence(detail)] + [_unwrap(e) for e in extra if e and e.strip()]
    return verdict, " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Result:
    """The outcome of ``exercises.check``: shown in the notebook, inspectable in tests.

    Attributes
    ----------
    exercise_id : str
        ``<prefix>.<name>``.
    passed : bool
        Whether the answer is right.
    code : str
        ``correct``, ``not_yet``, or what is wrong: ``type``, ``missing``, ``units``, ``year``,
        ``filter``, ``column``, ``inverse``, ``sign``, ``high``, ``low``, ``text``, ``items``,
        ``order``, ``columns``, ``index``, ``rows``, ``values``, ``mark``, ``encoding``,
        ``chart``, ``check`` (see ``docs/exercises.md``).
    verdict : str
        *Correct!*, *Not quite.* or *Not yet.*
    detail : str
        What to look at (Markdown; never the expected answer).
    attempts : int or None
        Attempts saved for this exercise so far (``None`` if nothing was saved).
    warning : str
        Set when the progress file could not be written (the result still counts here).

    """

    exercise_id: str
    passed: bool
    code: str
    verdict: str
    detail: str = ""
    attempts: int | None = None
    warning: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def score(self) -> float:
        """1.0 when passed, else 0.0."""
        return 1.0 if self.passed else 0.0

    @property
    def status(self) -> str:
        """``passed``, ``not_yet`` or ``failed``."""
        if self.passed:
            return "passed"
        return NOT_YET if self.code == NOT_YET else "failed"

    @property
    def symbol(self) -> str:
        """``✓`` when passed, else ``✗``."""
        return "✓" if self.passed else "✗"

    @property
    def message(self) -> str:
        """The verdict and the detail, as one text."""
        return f"{self.verdict} {self.detail}".strip()

    def __bool__(self) -> bool:
        return self.passed

    def _footer(self) -> str:
        parts = [self.exercise_id]
        if self.attempts:
            parts.append(t("attempt {n}", n=self.attempts))
        return " · ".join(parts)

    def __repr__(self) -> str:
        text = f"{self.symbol} {self.message}  [{self._footer()}]"
        return f"{text}\n({self.warning})" if self.warning else text

    def _repr_markdown_(self) -> str:
        text = f"**{self.symbol} {self.verdict}** {self.detail}".rstrip()
        text += f" — *{self._footer()}*"
        return f"{text}\n\n*{self.warning}*" if self.warning else text

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        body = _markdown_html(self.detail, inline=True) if self.detail else ""
        warning = (
            f'<div class="usjapan-exercise-warning">{html.escape(self.warning)}</div>'
            if self.warning
            else ""
        )
        return (
            f'<div class="usjapan-exercise-result" role="status" data-status="{self.status}" '
            f'style="border-left:4px solid {colour};padding:0.3em 0.8em;margin:0.3em 0">'
            f'<strong><span style="color:{colour}" aria-hidden="true">{self.symbol}</span> '
            f"{html.escape(self.verdict)}</strong> {body} "
            f'<small style="opacity:0.8">({html.escape(self._footer())})</small>{warning}</div>'
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data."""
        return {
            "exercise": self.exercise_id,
            "passed": self.passed,
            "score": self.score,
            "code": self.code,
            "message": self.message,
            "attempts": self.attempts,
        }


@dataclass(frozen=True)
class Note:
    """A hint or a solution (or why there is none), displayable like a :class:`Result`."""

    exercise_id: str
    kind: str
    """``hint``, ``solution`` or ``info``."""
    title: str
    body: str = ""
    code: str = ""
    """A code snippet (solutions), shown as a Python block."""

    @property
    def text(self) -> str:
        """The note as plain text."""
        parts = [self.title, self.body.strip(), self.code.rstrip()]
        return "\n".join(p for p in parts if p)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"{self.text}\n[{self.exercise_id}]"

    def _markdown(self) -> str:
        parts = [f"**{self.title}**"]
        if self.body.strip():
            parts.append(self.body.strip())
        if self.code.strip():
            fence = "````" if "```" in self.code else "```"
            parts.append(f"{fence}python\n{self.code.rstrip()}\n{fence}")
        return "\n\n".join(parts)

    def _repr_markdown_(self) -> str:
        return self._markdown()

    def _repr_html_(self) -> str:
        colour = _COLOURS["note"]
        return (
            f'<div class="usjapan-exercise-{self.kind}" role="status" '
            f'style="border-left:4px solid {colour};padding:0.3em 0.8em;margin:0.3em 0">'
            f"{_markdown_html(self._markdown(), inline=False)}"
            f'<small style="opacity:0.8">({html.escape(self.exercise_id)})</small></div>'
        )
