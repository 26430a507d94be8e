"""Write a :class:`~usjapan_edu.instructor.gradebook.Gradebook`: CSV tables and an HTML report.

Files (in the output folder):

==================  ==================================================================
``students.csv``    one row per student: score, percent, attempts, hints, revealed
                    answers, exercise completion, reflection words, per-bank scores
``questions.csv``   one row per question: students, difficulty (mean score),
                    right-answer rate, discrimination, attempts, hints, reveals, words
``distractors.csv`` which responses were chosen how often (every option of choice
                    questions; the most frequent wrong answers of the others)
``responses.csv``   every student's last answer to every question, regraded
``exports.csv``     every file read: used, superseded, duplicate or skipped, and why
``reflections.csv`` reflections and the capstone memo, for you to grade: text, word
                    count, the memo's rubric, an empty ``points`` column
``grades.csv``      one row per student for an LMS gradebook import: ``Student``,
                    ``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then one
                    column of points per assigned quiz (docs/running-a-class.md)
``report.html``     all of it on one page: tables with captions and headers, inline
                    SVG bars; no scripts, no external files (works offline)
==================  ==================================================================

What could not be graded again is labelled **self-reported** everywhere: the
``self_reported`` and ``exercises_self_reported`` columns, the ``graded`` column of
``responses.csv``, and the report.

CSV cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return, e.g. a student's typed answer) get a leading ``'``, as in
the students' own exports. Every file is written atomically; none is written over an
existing one without ``force``.
"""

from __future__ import annotations

import csv
import html
import io
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from usjapan_edu.instructor._files import write_files
from usjapan_edu.quiz.store import FORMULA_PREFIXES

if TYPE_CHECKING:
    import pandas as pd

    from usjapan_edu.instructor.gradebook import Gradebook

__all__ = ["CSV_FILES", "HTML_FILE", "gradebook_files", "report_html", "write_gradebook"]

CSV_FILES = (
    "students",
    "questions",
    "distractors",
    "responses",
    "exports",
    "reflections",
    "grades",
)
HTML_FILE = "report.html"
MAX_LISTED = 200
"""Most problem lines shown in the report (the rest are counted; the terminal has them all)."""


def _cell(value: Any) -> Any:
    """Return a CSV cell: missing values empty, formula-like text guarded with ``'``.

    Examples
    --------
    >>> [_cell(v) for v in ("=1+1", "-68", "Tokyo", -0.5, float("nan"), None)]
    ["'=1+1", "'-68", 'Tokyo', -0.5, '', '']

    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([_cell(c) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        writer.writerow([_cell(_plain_value(v)) for v in row])
    return buf.getvalue().encode("utf-8", "replace")  # never fails on a stray surrogate


def _plain_value(value: Any) -> Any:
    """Turn numpy/pandas scalars into plain Python values (``NA`` → ``None``)."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value


# ---------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, sans-serif; line-height: 1.4; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #444; }
table { border-collapse: collapse; margin: .6rem 0 1.4rem; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; caption-side: top; }
th, td { border: 1px solid #9a9a9a; padding: .25rem .5rem; vertical-align: top; }
thead th { background: #e9eef5; position: sticky; top: 0; }
th[scope=row] { text-align: left; font-weight: 600; background: #f6f6f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { display: inline-block; vertical-align: middle; margin-right: .4rem; }
.bar rect.track { fill: #e4e4e4; } .bar rect.fill { fill: #2f5d8a; }
.bar rect.right { fill: #2e7d32; } .bar rect.wrong { fill: #b3261e; }
.problems li { font-family: ui-monospace, monospace; font-size: .85rem; }
.note { color: #444; max-width: 60rem; }
details { margin: .4rem 0; } summary { cursor: pointer; font-weight: 600; }
@media print { thead th { position: static; } }
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _fmt(value: Any, digits: int = 2) -> str:
    value = _plain_value(value)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return str(value)


def _bar(fraction: Any, *, kind: str = "fill", width: int = 90) -> str:
    """Return an inline SVG bar (decorative: the number is always written next to it)."""
    value = _plain_value(fraction)
    if value is None:
        return ""
    share = max(0.0, min(1.0, float(value)))
    return (
        f'<svg class="bar" width="{width}" height="12" aria-hidden="true" focusable="false">'
        f'<rect class="track" width="{width}" height="12"/>'
        f'<rect class="{kind}" width="{share * width:.1f}" height="12"/></svg>'
    )


def _table(
    df: pd.DataFrame,
    caption: str,
    columns: dict[str, str],
    *,
    row_header: str,
    bars: dict[str, float] | None = None,
) -> str:
    """Render ``df`` as an accessible table: caption, column headers, a row header column.

    ``columns`` maps column → heading; ``bars`` maps a column to the value of a full bar
    (e.g. 1 for a share, 100 for a percent), drawn before the number.
    """
    bars = bars or {}
    head = "".join(f'<th scope="col">{_e(title)}</th>' for title in columns.values())
    body = []
    for _, row in df.iterrows():
        cells = []
        for col in columns:
            value = row.get(col)
            if col == row_header:
                cells.append(f'<th scope="row">{_e(_fmt(value))}</th>')
                continue
            plain = _plain_value(value)
            numeric = isinstance(plain, int | float) and not isinstance(plain, bool)
            bar = ""
            if col in bars and numeric:
                bar = _bar(plain / bars[col])
            cls = ' class="num"' if numeric else ""
            cells.append(f"<td{cls}>{bar}{_e(_fmt(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table>\n<caption>{_e(caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n"
    )


def _histogram(percents: list[float]) -> str:
    """Return an SVG histogram of scores (10 bins) and the same numbers as a table."""
    bins = [0] * 10
    for p in percents:
        bins[min(9, max(0, int(p // 10)))] += 1
    top = max(bins) or 1
    width, height, pad = 420, 160, 24
    step = width / 10
    bars = []
    for i, n in enumerate(bins):
        h = (height - pad - 16) * n / top  # 16 px left above the tallest bar for its label
        x = i * step
        bars.append(
            f'<rect x="{x + 2:.1f}" y="{height - pad - h:.1f}" width="{step - 4:.1f}" '
            f'height="{h:.1f}" fill="#2f5d8a"/>'
            f'<text x="{x + step / 2:.1f}" y="{height - pad - h - 3:.1f}" font-size="11" '
            f'text-anchor="middle">{n}</text>'
            f'<text x="{x + step / 2:.1f}" y="{height - 8}" font-size="10" '
            f'text-anchor="middle">{i * 10}–{i * 10 + 10}</text>'
        )
    label = "Score distribution: " + ", ".join(
        f"{n} student{'s' if n != 1 else ''} at {i * 10}–{i * 10 + 10} %"
        for i, n in enumerate(bins)
        if n
    )
    svg = (
        f'<svg width="{width}" height="{height}" role="img" aria-labelledby="hist-title">'
        f'<title id="hist-title">{_e(label)}</title>{"".join(bars)}</svg>'
    )
    rows = "".join(
        f'<tr><th scope="row">{i * 10}–{i * 10 + 10} %</th><td class="num">{n}</td></tr>'
        for i, n in enumerate(bins)
    )
    table = (
        "<details><summary>Score distribution as a table</summary><table>"
        "<caption>Students per score band (percent of the possible score)</caption>"
        '<thead><tr><th scope="col">score</th><th scope="col">students</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
    )
    return f"<figure>{svg}<figcaption>{_e(label)}</figcaption></figure>{table}"


def _distractor_html(book: Gradebook) -> str:
    parts = []
    for (bank, qid), group in book.distractors.groupby(["bank", "question"], sort=False):
        qrow = book.questions[
            (book.questions["bank"] == bank) & (book.questions["question"] == qid)
        ]
        prompt = qrow["prompt"].iloc[0] if len(qrow) else ""
        rows = []
        for _, r in group.iterrows():
            right = _plain_value(r["correct"])
            verdict = "right" if right else "wrong"
            share = _plain_value(r["share"])
            rows.append(
                f'<tr><th scope="row">{_e(r["response"])}</th><td>{verdict}</td>'
                f'<td class="num">{_plain_value(r["count"])}</td>'
                f'<td class="num">{_bar(share, kind=verdict)}{_e(_fmt(share))}</td></tr>'
            )
        parts.append(
            f"<table><caption>{_e(bank)} / {_e(qid)}: {_e(prompt)}</caption>"
            '<thead><tr><th scope="col">response</th><th scope="col">right or wrong</th>'
            '<th scope="col">students</th><th scope="col">share of those who answered</th>'
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        )
    return "\n".join(parts) or "<p>No answers to analyse.</p>"


def report_html(book: Gradebook, *, title: str = "Class gradebook") -> str:
    """Return the whole gradebook as one self-contained, accessible HTML page.

    Every value from an export (student names from file names, typed answers) is escaped;
    the page has no scripts and loads nothing.
    """
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    students = book.students
    used = int((book.exports["status"] == "used").sum()) if len(book.exports) else 0
    skipped = int((book.exports["status"] == "skipped").sum()) if len(book.exports) else 0
    replaced = len(book.exports) - used - skipped
    mean = students["percent"].mean() if len(students) else None
    summary = (
        f"<p>{book.n_students} students · {len(book.exports)} files read: {used} used, "
        f"{replaced} superseded or duplicate, {skipped} skipped · mean score "
        f"{_fmt(mean, 1)} % · generated {_e(now)}.</p>"
    )
    banks = "".join(f"<li><code>{_e(b)}</code> {_e(t)}</li>" for b, t in book.bank_titles.items())
    listed = book.problems + book.notes
    if len(listed) > MAX_LISTED:
        listed = [*listed[:MAX_LISTED], f"… and {len(listed) - MAX_LISTED:,} more lines"]
    problems = "".join(f"<li>{_e(p)}</li>" for p in listed)
    selfrep = int(students["self_reported"].sum() + students["exercises_self_reported"].sum())
    reflections = book.reflections if book.reflections is not None else None
    n_reflections = 0 if reflections is None else len(reflections)
    student_cols = {
        "student": "student",
        "percent": "score %",
        "score": "score",
        "possible": "possible",
        "answered": "answered",
        "correct": "right",
        "attempts": "attempts",
        "hints_used": "hints used",
        "revealed": "answers revealed",
        "self_reported": "answers self-reported",
        "exercises_done": "exercises done (checked again)",
        "exercises_self_reported": "exercises done (self-reported)",
        "exercises_total": "exercises assigned",
        "reflections_handed_in": "reflections to grade",
        "reflection_words": "reflection words",
        "rescored": "rescored",
        "note": "note",
    }
    question_cols = {
        "question": "question",
        "bank": "bank",
        "type": "type",
        "prompt": "prompt",
        "students": "answered by",
        "difficulty": "difficulty (mean score)",
        "correct_rate": "right",
        "self_reported": "self-reported",
        "discrimination": "discrimination",
        "mean_attempts": "mean attempts",
        "students_with_hints": "used hints",
        "revealed": "revealed",
        "mean_words": "mean words",
    }
    export_cols = {
        "file": "file",
        "student": "student",
        "status": "status",
        "last_activity": "last answer",
        "answers": "answers",
        "note": "note",
    }
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<h1>{_e(title)}</h1>
{summary}
<nav aria-label="Sections"><a href="#scores">Scores</a> · <a href="#students">Students</a> ·
<a href="#questions">Questions</a> · <a href="#distractors">Responses chosen</a> ·
<a href="#files">Files</a>{' · <a href="#problems">Problems</a>' if problems else ""}</nav>
<p class="note">Scores are graded again from each student's answers with your banks; answers to
questions your banks do not have score 0 and never count; <em>possible</em> is what you
assigned ({_e(book.summary)}). {selfrep} result(s) could not be graded again and are marked
<strong>self-reported</strong> (an exercise whose answer was not kept, or --no-regrade);
attempts, hints and revealed answers are always self-reported. {n_reflections} reflection(s)
and memo(s) wait for you in reflections.csv (never scored by their length).
Difficulty is the mean score of those who answered (1 = everyone right); discrimination is the
correlation of a question's score with the rest of the score (below 0.2: the question does not
separate stronger from weaker students; negative: check the key).</p>
<ul>{banks}</ul>
{'<h2 id="problems">Problems</h2><ul class="problems">' + problems + "</ul>" if problems else ""}
<h2 id="scores">Scores</h2>
{_histogram([float(p) for p in students["percent"].dropna()]) if len(students) else ""}
<h2 id="students">Students</h2>
{
        _table(
            students.sort_values("student"),
            "One row per student (the export that counts)",
            student_cols,
            row_header="student",
            bars={"percent": 100},
        )
    }
<h2 id="questions">Questions</h2>
{
        _table(
            book.questions,
            "One row per question, in bank order",
            question_cols,
            row_header="question",
            bars={"difficulty": 1, "correct_rate": 1},
        )
    }
<h2 id="distractors">Responses chosen (distractor analysis)</h2>
<p class="note">For choice questions every option is listed (an option nobody chooses does no
work); for the others the most frequent wrong answers.</p>
{_distractor_html(book)}
<h2 id="files">Files</h2>
{_table(book.exports, "Every file read, and whether it counts", export_cols, row_header="file")}
</main>
</body>
</html>
"""


def gradebook_files(book: Gradebook, out: Path, formats: set[str]) -> dict[Path, bytes]:
    """Return the files to write for ``formats`` (``csv``, ``html``) in folder ``out``."""
    files: dict[Path, bytes] = {}
    if "csv" in formats:
        for name in CSV_FILES:
            table = getattr(book, name)
            if table is not None:
                files[out / f"{name}.csv"] = _csv(table)
    if "html" in formats:
        files[out / HTML_FILE] = report_html(book).encode("utf-8", "replace")
    return files


def write_gradebook(
    book: Gradebook, out: str | Path, formats: set[str] | None = None, *, force: bool = False
) -> list[Path]:
    """Write the gradebook's files into ``out`` (created if needed); return their paths.

    Raises
    ------
    InstructorError
        If a file exists and ``force`` is false (nothing is written then), or ``out`` is a file.

    """
    from usjapan_edu.instructor._files import InstructorError

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InstructorError(f"--out must be a folder, but this is a file ({out})")
    return write_files(gradebook_files(book, out, formats or {"csv", "html"}), force=force)
