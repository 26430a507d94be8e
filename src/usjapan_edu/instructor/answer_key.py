"""Answer keys: every question of a bank with its right answer, explanation and source.

Data-bound answers (``answer_from``) are computed from the shipped data by the model, exactly
as the quiz computes them when a student presses **Show answer**, so the key is never stale:
regenerate it after a data update. The key is Markdown (:func:`answer_key_markdown`) or a
self-contained HTML page (:func:`answer_key_html`, no external files, printable).

"Your turn" exercises (``data/exercises/*.yaml``, :mod:`usjapan_edu.exercises`) are keyed
too (:func:`exercises_markdown`): the task, the expected answer computed from the shipped data
by the exercises' own rules, tolerance, accepted spellings, hints, feedback and the solution
code — also when the file hides solutions from students.

Examples
--------
>>> from usjapan_edu.quiz import load_bank
>>> key = answer_key_markdown([load_bank("sample-all-types")])
>>> "**San Francisco**" in key and "us_balance_usd_bn" in key
True

"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from usjapan_edu.quiz.markdown import escape_markdown as _md
from usjapan_edu.quiz.model import (
    AnswerFromError,
    Bank,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Question,
    Reflection,
    SingleChoice,
    TrueFalse,
)

__all__ = ["TYPE_NAMES", "answer_key_html", "answer_key_markdown", "exercises_markdown"]

TYPE_NAMES = {
    "single": "single choice",
    "multiple": "multiple choice (tick all that apply)",
    "true_false": "true or false",
    "numeric": "number",
    "text": "short text",
    "order": "put in order",
    "match": "match pairs",
    "reflection": "reflection (no single right answer)",
}


def _indent(text: str) -> str:
    return "\n".join(("   " + line) if line else "" for line in text.strip().splitlines())


def _question_markdown(number: int, q: Question) -> str:
    lines = [f"### {number}. `{q.id}` — {TYPE_NAMES.get(q.type, q.type)}", "", q.prompt.strip(), ""]
    if isinstance(q, SingleChoice | MultipleChoice):
        lines.append("Options (✓ right, ✗ wrong):")
        lines.append("")
        for opt in q.options:
            mark = "✓" if opt.correct else "✗"
            text = f"**{_md(opt.text)}**" if opt.correct else _md(opt.text)
            feedback = f" — *feedback:* {opt.feedback.strip()}" if opt.feedback else ""
            lines.append(f"- {mark} {text}{feedback}")
        lines.append("")
    elif isinstance(q, Match) and q.distractors:
        lines += ["Extra wrong choices: " + ", ".join(_md(d) for d in q.distractors), ""]
    elif isinstance(q, Order):
        lines += ["Students see: " + "; ".join(_md(i) for i in q.display_items()), ""]
    try:
        answer = q.answer_markdown()
    except AnswerFromError as exc:  # the loader resolves first, so this is a data change
        answer = f"*cannot be computed from the data:* {_md(str(exc))}"
    lines += [f"**Answer.** {answer.strip()}", ""]
    if isinstance(q, Numeric) and q.answer_from is not None:
        af = q.answer_from
        where = af.where.describe() if af.where is not None else "no filter"
        lines += [
            f"*Computed from the data:* dataset `{af.dataset}`, column `{af.column}`, where "
            f"{_md(where)}.",
            "",
        ]
    if isinstance(q, TrueFalse):
        for value, feedback in ((True, q.feedback_true), (False, q.feedback_false)):
            if feedback:
                lines += [f"- *feedback for “{'true' if value else 'false'}”:* {feedback}"]
        if q.feedback_true or q.feedback_false:
            lines.append("")
    if isinstance(q, Reflection) and q.min_words:
        lines += [f"At least {q.min_words} words.", ""]
    if q.hints:
        lines.append("Hints:")
        lines.append("")
        lines += [f"{i}. {_indent(h).lstrip()}" for i, h in enumerate(q.hints, 1)]
        lines.append("")
    if q.explanation:
        lines += ["**Explanation.** " + q.explanation.strip(), ""]
    if q.source is not None:
        lines += [f"**Source.** {q.source.markdown()}", ""]
    return "\n".join(lines)


def _bank_markdown(bank: Bank) -> str:
    counts: dict[str, int] = {}
    for q in bank.questions:
        counts[q.type] = counts.get(q.type, 0) + 1
    kinds = ", ".join(f"{n} {TYPE_NAMES.get(t, t).split(' (')[0]}" for t, n in counts.items())
    where = f" · file `{bank.path.name}`" if bank.path else ""
    parts = [
        f"## Answer key: {_md(bank.title)}",
        "",
        f"Bank `{bank.id}`{where} · {len(bank.questions)} questions ({kinds}).",
        "",
    ]
    if bank.description:
        parts += [bank.description.strip(), ""]
    parts += [_question_markdown(i, q) for i, q in enumerate(bank.questions, 1)]
    return "\n".join(parts)


# ---------------------------------------------------------------- exercises


def _rule_text(rule: Any) -> str:
    """Describe an exercise's expected-answer rule in words (Markdown)."""
    kind = type(rule).__name__
    if kind == "Literal":
        return f"the fixed value `{rule.value!r}`"
    parts = [f"dataset `{rule.dataset}`"] if getattr(rule, "dataset", None) else []
    where = getattr(rule, "where", None)
    if where is not None and getattr(where, "conditions", ()):
        parts.append(f"where {_md(where.describe())}")
    if kind == "ChartRule":
        mark = f"a `{rule.mark}` chart" if rule.mark else "a chart"
        channels = [
            f"`{c.channel}` = `{c.field}`" + (f" ({'/'.join(c.types)})" if c.types else "")
            for c in rule.channels
        ]
        return f"{mark} with " + ", ".join(channels) if channels else mark
    if kind == "FrameRule":
        parts.append("columns " + ", ".join(f"`{c}`" for c in rule.columns))
    elif getattr(rule, "column", None):
        parts.append(f"column `{rule.column}`")
    if getattr(rule, "aggregate", None):
        parts.append(f"{rule.aggregate} over the selected rows")
    for key in ("at_max", "at_min"):
        if getattr(rule, key, None):
            parts.append(f"in the row with the {key[3:]}imum `{getattr(rule, key)}`")
    if getattr(rule, "sort_by", None):
        parts.append(f"sorted by `{rule.sort_by}`" + (" (descending)" if rule.descending else ""))
    text = ", ".join(parts)
    if getattr(rule, "divide_by", None) is not None:
        text += f"; divided by {_rule_text(rule.divide_by)}"
    if getattr(rule, "times", None) is not None:
        text += f"; times {rule.times:g}"
    return text


def _expected_markdown(exercise: Any) -> str:
    """Return the expected answer, computed with the exercises' own rules (or why not)."""
    from usjapan_edu.exercises import rules
    from usjapan_edu.quiz.parsing import format_number

    rule, kind = exercise.expected, exercise.type
    try:
        if rule is None:
            got = None
        elif kind == "number":
            value = rules.number(rule, rules.Data())
            unit = f" {_md(exercise.unit)}" if exercise.unit else ""
            shown = str(int(value)) if value.is_integer() and abs(value) < 10_000 else None
            got = f"**{_md(shown or format_number(value))}{unit}**"  # years without a comma
            tol = exercise.tolerance
            if exercise.tolerance_pct is not None:
                tol = abs(value) * exercise.tolerance_pct / 100
            if tol:
                got += f" (answers within ±{_md(format_number(tol))} are accepted)"
        elif kind == "text":
            got = f"**{_md(rules.text(rule, rules.Data()))}**"
        elif kind == "list":
            items = rules.list_values(rule, rules.Data())
            order = "in this order" if exercise.ordered else "in any order"
            got = f"{len(items)} items, {order}: " + "; ".join(f"**{_md(str(v))}**" for v in items)
        elif kind == "dataframe":
            df = rules.frame(rule, rules.Data())
            got = f"a table of {len(df)} rows and the columns " + ", ".join(
                f"`{c}`" for c in df.columns
            )
        else:
            got = None
    except Exception as exc:  # a rule that no longer fits the data: say so, keep the key
        got = f"*cannot be computed from the data:* {_md(str(exc))}"
    lines = []
    if got:
        lines.append(f"**Expected.** {got}.")
    if exercise.accept:
        lines.append("Also accepted: " + ", ".join(_md(a) for a in exercise.accept) + ".")
    if rule is not None:
        lines.append(f"*Rule:* {_rule_text(rule)}.")
    if exercise.check:
        args = ", ".join(f"{k}={v!r}" for k, v in exercise.check_args.items())
        lines.append(f"*Named check:* `{exercise.check}({args})`.")
    return "\n\n".join(lines)


def _exercise_markdown(number: int, exercise: Any) -> str:
    lines = [
        f"### {number}. `{exercise.id}` — {exercise.type} exercise (variable "
        f"`{exercise.variable}`)",
        "",
        exercise.prompt.strip(),
        "",
        _expected_markdown(exercise),
        "",
    ]
    if exercise.solution:
        hidden = "" if exercise.solutions else " (hidden from students)"
        fence = "````" if "```" in exercise.solution else "```"
        lines += [f"**Solution**{hidden}:", "", f"{fence}python", exercise.solution.rstrip()]
        lines += [fence, ""]
    if exercise.hints:
        lines += ["Hints:", ""]
        lines += [f"{i}. {_indent(h).lstrip()}" for i, h in enumerate(exercise.hints, 1)]
        lines.append("")
    for code, text in exercise.feedback.items():
        lines += [f"- *feedback ({_md(code)}):* {' '.join(text.split())}"]
    if exercise.feedback:
        lines.append("")
    lines += _near_misses_markdown(exercise)
    if exercise.source is not None:
        lines += [f"**Source.** {exercise.source.markdown()}", ""]
    return "\n".join(lines)


def _near_misses_markdown(exercise: Any) -> list[str]:
    """Return the wrong answers the exercise catches, each with the feedback it gives."""
    misses = getattr(exercise, "near_misses", ())
    if not misses:
        return []
    from usjapan_edu.exercises import rules
    from usjapan_edu.exercises.answers import summarize
    from usjapan_edu.exercises.near_misses import wrong_answer

    data = rules.Data()
    lines = [f"Near misses caught ({len(misses)}), each with its own feedback:", ""]
    for miss in misses:
        try:
            shown = summarize(wrong_answer(exercise, miss, data))
        except rules.RuleError as exc:
            shown = f"(does not fit the data: {exc})"
        if isinstance(shown, float):
            shown = f"{shown:g}"
        answer = " ".join(str(shown).split()).replace("`", "'")[:80]  # a code span: as is
        lines.append(f"- `{answer}` → {' '.join(miss.feedback.split())}")
    lines.append("")
    return lines


def exercises_markdown(files: Sequence[Any]) -> str:
    """Return the key of exercise files (:class:`usjapan_edu.exercises.ExerciseFile`).

    Examples
    --------
    >>> from usjapan_edu import exercises
    >>> key = exercises_markdown([exercises.load_exercises("02-security")])
    >>> "02.japan-share-2023" in key and "**Solution**" in key and "Near misses caught" in key
    True

    """
    parts = []
    for f in files:
        title = f.title or f"Exercises {f.prefix}"
        where = f" · file `{f.path.name}`" if f.path else ""
        parts += [
            f"## Exercises: {_md(title)}",
            "",
            f"Progress bank `{f.bank_id}`{where} · {len(f.exercises)} exercises"
            + ("" if f.solutions else " · solutions hidden from students")
            + ".",
            "",
        ]
        parts += [_exercise_markdown(i, e) for i, e in enumerate(f.exercises, 1)]
    return "\n".join(parts)


def answer_key_markdown(banks: Sequence[Bank], exercise_files: Sequence[Any] = ()) -> str:
    """Return the answer key of ``banks`` (and exercise files) as Markdown.

    Each question shows its prompt, the options with the right ones marked (✓/✗) and their
    feedback, the right answer (numbers computed from the data for ``answer_from``, with the
    dataset, column and filter named), hints, explanation and source. Each exercise shows its
    task, expected answer, solution, hints and feedback.
    """
    from usjapan_edu import __version__

    head = [
        "# Answer key",
        "",
        f"For instructors: do not hand out. Generated by usjapan-edu {__version__}; numbers "
        "bound to the data are computed from the data shipped with this version.",
        "",
    ]
    body = [_bank_markdown(b) for b in banks]
    if exercise_files:
        body.append(exercises_markdown(exercise_files))
    return "\n".join(head + body).rstrip() + "\n"


_CSS = """
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h2 { border-bottom: 2px solid #444; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin-top: 1.8rem; page-break-after: avoid; }
code { background: #f2f2f2; padding: 0 .2rem; }
table { border-collapse: collapse; } th, td { border: 1px solid #999; padding: .2rem .5rem; }
@media print { body { margin: 0; max-width: none; } h2 { page-break-before: always; } }
"""


def answer_key_html(banks: Sequence[Bank], exercise_files: Sequence[Any] = ()) -> str:
    """Return the answer key as one self-contained HTML page (no scripts, no external files).

    Bank text is rendered with the course's safe Markdown: raw HTML in a bank is shown as
    text, never passed through.

    Examples
    --------
    >>> from usjapan_edu.quiz import load_bank
    >>> page = answer_key_html([load_bank("sample-all-types")])
    >>> page.startswith("<!DOCTYPE html>") and "<script" not in page
    True

    """
    from usjapan_edu.quiz.markdown import render_markdown

    names = [b.title for b in banks] + [f.title or f.prefix for f in exercise_files]
    title = "Answer key: " + ", ".join(names)
    body = render_markdown(answer_key_markdown(banks, exercise_files))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
