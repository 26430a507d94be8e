"""The generated parts of ``docs/instructor-guide.md``: never hand-copied, kept in sync by a test.

The guide marks each generated part with a pair of HTML comments::

    <!-- guide:notebooks:start (generated: python -m usjapan_edu.instructor.guide FILE) -->
    …
    <!-- guide:notebooks:end -->

Blocks: ``notebooks`` (each course notebook: time, exercises, quiz), ``objectives:<slug>``
(a notebook's learning objectives, as its first cell states them), ``timing:<slug>`` (its
headings that give minutes, ``## 1. Title (5 min)``), ``exercises`` and ``banks`` (the
datasets' table is the README's, made by ``usjapan-edu datasets list --markdown``). They are
made from the shipped files only (``notebooks/``, ``data/``), never from an instructor's own
banks. ``python -m usjapan_edu.instructor.guide docs/instructor-guide.md``
rewrites every block of the file in place; ``--check`` only says whether one is stale.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NotebookInfo", "blocks", "course_notebooks", "main", "update"]

_BLOCK = re.compile(
    r"(?P<head><!-- guide:(?P<name>[\w:.-]+):start[^>]*-->\n)(?P<body>.*?)"
    r"(?P<tail><!-- guide:(?P=name):end -->)",
    re.S,
)


@dataclass(frozen=True)
class NotebookInfo:
    """What a course notebook says about itself in its first cell."""

    slug: str
    title: str
    time: str
    objectives: tuple[str, ...]
    parts: tuple[tuple[int, str, int], ...] = ()
    """Headings that give a time, ``## 1. Title (5 min)``: (level, title, minutes)."""


def course_notebooks() -> list[NotebookInfo]:
    """Return the shipped notebooks (``NN-slug.ipynb``) with title, time and objectives.

    Examples
    --------
    >>> first = course_notebooks()[0]
    >>> first.slug, first.time
    ('00-start-here', 'about 30 minutes')

    """
    import json

    from usjapan_edu._resources import notebooks_dir

    out = []
    for path in sorted(notebooks_dir().glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        first = "".join(cells[0]["source"]) if cells else ""
        heading = next((ln for ln in first.splitlines() if ln.startswith("# ")), path.stem)
        title = re.sub(r"^#\s*\d+\s*[·.:-]\s*", "", heading).strip()
        time = re.search(r"\*\*Time:\*\*\s*(.+?)\.?\s*$", first, re.M)
        objectives: list[str] = []
        lines = first.splitlines()
        for i, line in enumerate(lines):
            if "you will be able to" in line:
                for item in lines[i + 1 :]:
                    match = re.match(r"\s*\d+\.\s+(.*)", item)
                    if not match:
                        break
                    objectives.append(match.group(1).rstrip(";."))
                break
        parts = []
        for cell in cells:
            if cell.get("cell_type") != "markdown":
                continue
            for line in "".join(cell["source"]).splitlines():
                match = re.match(r"(#{2,3})\s+(.*?)\s*\((\d+)\s*min\)\s*$", line)
                if match:
                    parts.append((len(match.group(1)), match.group(2), int(match.group(3))))
        out.append(
            NotebookInfo(
                path.stem, title, time.group(1) if time else "?", tuple(objectives), tuple(parts)
            )
        )
    return out


def _shipped(kind: str) -> list[Path]:
    from usjapan_edu._resources import data_dir

    return sorted((data_dir() / kind).glob("*.yaml"))


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def blocks() -> dict[str, str]:
    """Return every generated block of the guide by name (Markdown, without the markers)."""
    from usjapan_edu import exercises
    from usjapan_edu.quiz.bank import load_bank

    banks = {p.stem: load_bank(p) for p in _shipped("quizzes")}
    files = {p.stem: exercises.load_exercises(p, resolve=False) for p in _shipped("exercises")}
    notebooks = course_notebooks()

    rows = [
        "| notebook | title | time | your-turn exercises | quiz questions |",
        "|---|---|---|---|---|",
    ]
    for nb in notebooks:
        ex = files.get(nb.slug)
        bank = banks.get(nb.slug)
        rows.append(
            f"| `{nb.slug}` | {_cell(nb.title)} | {_cell(nb.time)} | "
            f"{len(ex.exercises) if ex else 0} | {len(bank.questions) if bank else 0} |"
        )
    out = {"notebooks": "\n".join(rows)}
    for nb in notebooks:
        out[f"objectives:{nb.slug}"] = (
            "\n".join(f"{i}. {text}" for i, text in enumerate(nb.objectives, start=1))
            or "*(the notebook states no objectives)*"
        )

    for nb in notebooks:
        rows = ["| part of the notebook | minutes |", "|---|---|"]
        for level, title, minutes in nb.parts:
            rows.append(f"| {'↳ ' if level > 2 else ''}{_cell(title)} | {minutes} |")
        sections = sum(m for level, _, m in nb.parts if level == 2)
        rows.append(f"| **sections in all** (the notebook says {_cell(nb.time)}) | {sections} |")
        out[f"timing:{nb.slug}"] = "\n".join(rows)

    rows = ["| exercise | notebook | the student's variable | kind |", "|---|---|---|---|"]
    for slug, file in files.items():
        for ex in file.exercises:
            rows.append(f"| `{ex.id}` | `{slug}` | `{ex.variable}` | {ex.type} |")
    out["exercises"] = "\n".join(rows)

    rows = ["| bank | title | questions | question types |", "|---|---|---|---|"]
    for slug, bank in banks.items():
        kinds = sorted({q.type for q in bank.questions})
        rows.append(
            f"| `{slug}` | {_cell(bank.title)} | {len(bank.questions)} | {', '.join(kinds)} |"
        )
    out["banks"] = "\n".join(rows)
    return out


def update(text: str, generated: dict[str, str] | None = None) -> tuple[str, list[str]]:
    r"""Return ``text`` with every generated block refreshed, and the names of stale ones.

    A block the text names but :func:`blocks` does not know is left as it is and reported as
    ``unknown:<name>``.

    Examples
    --------
    >>> doc = "a\n<!-- guide:x:start -->\nold\n<!-- guide:x:end -->\nb"
    >>> update(doc, {"x": "new"})
    ('a\n<!-- guide:x:start -->\nnew\n<!-- guide:x:end -->\nb', ['x'])

    """
    generated = blocks() if generated is None else generated
    stale: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in generated:
            stale.append(f"unknown:{name}")
            return match.group(0)
        body = generated[name].rstrip("\n") + "\n"
        if body != match.group("body"):
            stale.append(name)
        return match.group("head") + body + match.group("tail")

    return _BLOCK.sub(replace, text), stale


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite the generated blocks of a guide (``--check``: only report stale ones)."""
    parser = argparse.ArgumentParser(
        prog="python -m usjapan_edu.instructor.guide",
        description="Refresh the generated tables of docs/instructor-guide.md.",
    )
    parser.add_argument("file", type=Path, help="the guide, e.g. docs/instructor-guide.md")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    text = args.file.read_text(encoding="utf-8")
    new, stale = update(text)
    if args.check:
        for name in stale:
            print(f"{args.file}: block {name!r} is stale", file=sys.stderr)
        return 1 if stale else 0
    if new != text:
        from usjapan_edu.instructor._files import write_files

        write_files({args.file: new.encode("utf-8")}, force=True)
    print(
        f"{args.file}: {len(stale)} block(s) refreshed"
        + (f" ({', '.join(stale)})" if stale else "")
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
