"""The instructor subcommands of ``usjapan-edu``, from answer-key to student-version, hub-link.

The commands: answer-key, export-quiz, new-bank, gradebook, student-version and hub-link.

:func:`add_commands` registers them on the main parser's subparsers (``usjapan_edu.cli``);
:func:`main` runs them on their own (``python -m usjapan_edu.instructor``), which the tests
use too. Every command returns an exit status; a problem the user can fix is printed as one
line ``usjapan-edu: error: …`` (one per problem, each naming file and line where there is one)
with status 1, never a traceback. Warnings (what an export format cannot carry, files the
gradebook skipped) are lines ``usjapan-edu: warning: …`` on stderr. Nothing is half-written:
files are written to a temporary name and moved into place, and an existing file is replaced
only with ``--force``.

Importing this module is cheap: the tools are imported when a command runs.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["add_commands", "main"]

PROG = "usjapan-edu"


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    r"""Return ``text`` safe for a terminal: control characters shown as escapes, never run.

    A bank id, question id or file name can hold terminal escape sequences (a student's file
    could retitle the terminal or erase the warning about itself); C0 and C1 controls and
    bidirectional overrides are written as ``\x1b``-style escapes. Text that is not valid
    Unicode (a file name in another encoding) is shown with replacement characters.

    Examples
    --------
    >>> clean("bank\x1b]0;pwned\x07 ok")
    'bank\\x1b]0;pwned\\x07 ok'
    >>> clean("zz\ud800")
    'zz?'

    """
    text = str(text)
    try:  # a file name in another encoding (surrogate escapes) reads as its bytes allow
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate from a JSON file: not text at all
        text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROLS.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def _say(kind: str, message: str) -> None:
    for line in str(message).splitlines() or [""]:
        if line.strip():
            print(f"{PROG}: {kind}: {clean(' '.join(line.split()))}", file=sys.stderr)


_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{6,}\.tmp$")


def _target(path: str) -> str:
    """Name the file being written, not the temporary file it is written through.

    Examples
    --------
    >>> _target("/out/.students.csv.k2j4h1x_.tmp")
    '/out/students.csv'

    """
    found = _TEMP.match(os.path.basename(path))
    return os.path.join(os.path.dirname(path), found["name"]) if found else path


def _command(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn user errors into one-line messages and warnings into ``warning:`` lines."""

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        from usjapan_edu.instructor._files import InstructorError
        from usjapan_edu.quiz.bank import BankError, UnknownBankError

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                status = func(args)
            except (InstructorError, BankError, UnknownBankError, ValueError) as exc:
                status = 1
                _say("error", str(exc))
            except OSError as exc:
                status = 1
                where = exc.filename2 if exc.filename2 is not None else exc.filename
                what = exc.strerror or str(exc)
                _say(
                    "error",
                    f"{what} ({_target(os.fsdecode(where))})" if where is not None else what,
                )
        seen: set[str] = set()
        for warning in caught:
            text = str(warning.message)
            if text not in seen and not issubclass(warning.category, DeprecationWarning):
                seen.add(text)
                _say("warning", text)
        return status

    return run


def _text_out(text: str, out: str | None, *, force: bool) -> Path | None:
    """Write ``text`` to ``out`` (atomically), or to stdout when ``out`` is None."""
    from usjapan_edu.instructor._files import write_files

    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    path = Path(out).expanduser()
    write_files({path: text.encode("utf-8")}, force=force)
    return path


# ---------------------------------------------------------------- answer-key


@_command
def _cmd_answer_key(args: argparse.Namespace) -> int:
    from usjapan_edu.instructor._banks import key_sources, load_banks, load_exercise_files
    from usjapan_edu.instructor._files import InstructorError
    from usjapan_edu.instructor.answer_key import answer_key_html, answer_key_markdown

    fmt = args.format
    if fmt is None:
        suffix = Path(args.out).suffix.lower() if args.out else ""
        fmt = "html" if suffix in {".html", ".htm"} else "md"
    bank_names, exercise_names = key_sources(args.banks, exercises=not args.no_exercises)
    problems: list[str] = []
    banks, files = [], []
    try:
        banks = load_banks(bank_names)
    except InstructorError as exc:
        problems += getattr(exc, "problems", [str(exc)])
    try:
        files = load_exercise_files(exercise_names)
    except InstructorError as exc:
        problems += getattr(exc, "problems", [str(exc)])
    if problems:
        raise InstructorError("\n".join(problems))
    if not banks and not files:
        raise InstructorError("nothing to key: name a bank, an exercise file or `all`")
    writer = answer_key_html if fmt == "html" else answer_key_markdown
    text = writer(banks, files)
    path = _text_out(text, args.out, force=args.force)
    if path is not None:
        n = sum(len(b.questions) for b in banks)
        m = sum(len(f.exercises) for f in files)
        print(
            f"wrote {path}: answer key of {len(banks)} bank(s) ({n} questions) and "
            f"{len(files)} exercise file(s) ({m} exercises), {fmt}"
        )
    return 0


# ---------------------------------------------------------------- export-quiz

_SUFFIX_FORMATS = {".txt": "gift", ".gift": "gift", ".zip": "qti", ".json": "json"}


@_command
def _cmd_export_quiz(args: argparse.Namespace) -> int:
    from usjapan_edu.instructor._banks import load_banks
    from usjapan_edu.instructor._files import InstructorError, write_files
    from usjapan_edu.instructor.lms_export import export_bank

    fmt = args.format
    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(Path(args.out).suffix.lower()) if args.out else None
        if fmt is None:
            raise InstructorError(
                "say which format: --format gift (Moodle), qti (Canvas, Blackboard) or json"
            )
    (bank,) = load_banks([args.bank])
    export = export_bank(bank, fmt)
    for note in export.notes:
        _say("warning", note)
    if export.exported == 0:
        raise InstructorError(
            f"no question of bank {bank.id!r} can be expressed in {fmt}; nothing written"
        )
    out = args.out
    if out is None and fmt == "qti":
        out = f"{bank.id}{export.suffix}"  # a zip does not belong on a terminal
    if out is None:
        sys.stdout.write(export.data.decode("utf-8"))
        sys.stdout.flush()
    else:
        path = Path(out).expanduser()
        write_files({path: export.data}, force=args.force)
        skipped = f", {len(export.skipped)} skipped" if export.skipped else ""
        print(f"wrote {path}: {export.exported} question(s) of {bank.id!r} as {fmt}{skipped}")
    return 0


# ---------------------------------------------------------------- new-bank


@_command
def _cmd_new_bank(args: argparse.Namespace) -> int:
    from usjapan_edu.instructor._files import write_files
    from usjapan_edu.instructor.templates import bank_template, check_slug
    from usjapan_edu.quiz.bank import bank_from_yaml, custom_bank_dirs, list_banks

    slug = check_slug(args.slug)
    custom = custom_bank_dirs()
    folder = Path(args.out).expanduser() if args.out else (custom[0] if custom else Path("."))
    if folder.exists() and not folder.is_dir():
        from usjapan_edu.instructor._files import InstructorError

        raise InstructorError(f"--out must be a folder, but this is a file ({folder})")
    if args.copy:  # the shipped bank itself, to edit (it replaces the shipped one by name)
        from usjapan_edu.quiz.bank import bank_path

        if slug not in list_banks():
            from usjapan_edu.instructor._files import InstructorError

            known = ", ".join(list_banks())
            raise InstructorError(f"--copy: no bank named {slug!r}; the banks are {known}")
        text = bank_path(slug).read_text(encoding="utf-8")
    else:
        text = bank_template(slug, args.title)
    bank_from_yaml(text, source=f"{slug}.yaml")  # the template must stay valid as shipped
    path = folder / f"{slug}.yaml"
    shadowed = slug in list_banks()
    write_files({path: text.encode("utf-8")}, force=args.force)
    print(f"wrote {path}: edit it, then check it with `{PROG} validate {path}`")
    in_custom = any(os.path.abspath(folder) == os.path.abspath(c) for c in custom)
    if shadowed and in_custom:
        _say("warning", f"a bank named {slug!r} already exists; this file now replaces it")
    if not in_custom:
        print(
            f"To show it by name (quiz.show({slug!r})), put it in your custom banks folder: "
            f"set USJAPAN_EDU_BANKS={os.path.abspath(folder)}"
        )
    return 0


# ---------------------------------------------------------------- gradebook


def _formats(text: str) -> set[str]:
    chosen = {part.strip().lower() for part in text.split(",") if part.strip()}
    if not chosen or chosen - {"csv", "html"}:
        msg = f"unknown format {text!r}; use csv, html or csv,html"
        raise argparse.ArgumentTypeError(msg)
    return chosen


@_command
def _cmd_gradebook(args: argparse.Namespace) -> int:
    from usjapan_edu.instructor._files import InstructorError
    from usjapan_edu.instructor.gradebook import LayoutError, build_gradebook
    from usjapan_edu.instructor.gradebook_report import write_gradebook

    def progress(done: int, total: int) -> None:
        if total >= 200:
            print(f"{PROG}: reading exports: {done:,} of {total:,}", file=sys.stderr, flush=True)

    try:
        book = build_gradebook(
            args.exports,
            student_from=args.student,
            pattern=args.student_pattern,
            banks=args.bank or (),
            regrade=not args.no_regrade,
            assignment=args.assignment,
            notebooks=args.notebooks or (),
            progress=progress,
        )
    except (LayoutError, ValueError) as exc:
        raise InstructorError(str(exc)) from None
    for line in book.problems + book.notes:
        _say("warning", line)
    if book.n_students == 0:
        found = (
            f"among {len(book.exports)} file(s)" if len(book.exports) else "(no .csv or .json file)"
        )
        raise InstructorError(
            f"no readable progress export {found}; nothing written (students write theirs with "
            "`usjapan-edu progress export --out answers.csv`)"
        )
    out = Path(args.out).expanduser()
    written = write_gradebook(book, out, args.format, force=args.force)
    status = book.exports["status"].value_counts()
    print(clean(book.summary))
    print(
        clean(
            f"Read {len(book.exports)} file(s): {book.n_students} student(s), "
            f"{int(status.get('superseded', 0)) + int(status.get('duplicate', 0))} superseded or "
            f"duplicate, {int(status.get('skipped', 0))} skipped. Wrote "
            + ", ".join(str(p) for p in written)
        )
    )
    return 0


# ---------------------------------------------------------------- student-version


@_command
def _cmd_student_version(args: argparse.Namespace) -> int:
    from usjapan_edu.instructor.student_version import student_version

    written, notes = student_version(
        args.src, args.dest, force=args.force, placeholder=args.placeholder
    )
    for note in notes:
        _say("warning", note)
    for item in written:
        solutions = [r for r in item.regions if r.kind in {"solution", "solution cell"}]
        removed = len(item.regions) - len(solutions)
        shown = "; ".join(
            f"cell {r.cell}: {r.placeholder.splitlines()[-1].strip()}" for r in solutions
        )
        what = f"{len(solutions)} solution(s) replaced" + (f" ({shown})" if shown else "")
        if removed:
            what += f", {removed} hidden-test/mark-scheme region(s) removed"
        print(f"wrote {item.dest}: {what}")
    total = sum(len(w.regions) for w in written)
    print(
        f"{len(written)} student notebook(s), {total} region(s); outputs cleared. "
        "Give students these files, never the instructor versions."
    )
    return 0


# ---------------------------------------------------------------- nbgrader-release


@_command
def _cmd_nbgrader_release(args: argparse.Namespace) -> int:
    from usjapan_edu.instructor.nbgrader_release import POINTS, nbgrader_release

    done = nbgrader_release(args.src, args.course, args.assignment, force=args.force)
    for dest, item in done:
        print(
            clean(
                f"wrote {dest}: {len(item.autograded)} exercise(s) autograded "
                f"({POINTS} point each, hidden tests), {len(item.manual)} cell(s) graded by hand"
            )
        )
    print(
        clean(
            f"Next, in {args.course}: `nbgrader generate_assignment {args.assignment}` "
            "(default settings), then collect, `nbgrader autograde "
            f"{args.assignment}` and `nbgrader export`."
        )
    )
    return 0


# ---------------------------------------------------------------- hub-link


@_command
def _cmd_hub_link(args: argparse.Namespace) -> int:
    from usjapan_edu.instructor.hub_link import hub_links

    links = hub_links(
        args.hub,
        repo=args.repo,
        branch=args.branch,
        notebook=args.notebook,
        binderhub=args.binderhub,
        lang=args.lang,
    )
    print(f"JupyterHub (nbgitpuller): {links.hub}")
    print(f"Binder: {links.binder}")
    print(
        f"The hub link clones {links.repo} ({links.branch}) into ~/{links.folder} on the first "
        f"click, merges updates later without touching students' edits, and opens "
        f"notebooks/{links.notebook}. The hub needs nbgitpuller and usjapan-edu installed "
        "(docs/instructor-guide.md).",
        file=sys.stderr,
    )
    return 0


# ---------------------------------------------------------------- registration


def add_commands(subparsers: Any) -> None:
    """Register the instructor commands (answer-key … gradebook, student-version, hub-link).

    Parameters
    ----------
    subparsers
        What ``ArgumentParser.add_subparsers()`` returned; each command sets ``func``, which
        takes the parsed arguments and returns the exit status.

    Examples
    --------
    >>> parser = argparse.ArgumentParser(prog="usjapan-edu")
    >>> add_commands(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["new-bank", "week-3"]).slug
    'week-3'

    """
    ak = subparsers.add_parser(
        "answer-key",
        help="write the answer key of quiz banks and exercises (Markdown or HTML)",
        description="Write every question of the banks with its right answer (numbers bound "
        "to the data computed from the shipped data), feedback, hints, explanation and source; "
        "and every exercise with its expected answer and solution.",
    )
    ak.add_argument(
        "banks",
        nargs="+",
        metavar="BANK",
        help="a quiz bank's or exercise file's slug (e.g. 00-start-here: the notebook's quiz "
        "and exercises), a YAML file, or `all`",
    )
    ak.add_argument("--format", choices=["md", "html"], help="default: from --out (.html), else md")
    ak.add_argument("--out", metavar="FILE", help="file to write (default: print it)")
    ak.add_argument(
        "--no-exercises",
        action="store_true",
        help="leave out the exercises (with `all` or a notebook's slug they are included)",
    )
    ak.add_argument("--force", action="store_true", help="replace --out if it exists")
    ak.set_defaults(func=_cmd_answer_key)

    ex = subparsers.add_parser(
        "export-quiz",
        help="export a quiz bank for Moodle (GIFT), Canvas/Blackboard (QTI 1.2) or as JSON",
        description="Export one bank. What a format cannot carry (hints, the course's scoring "
        "of order questions, …) is listed in warnings; nothing is dropped silently.",
    )
    ex.add_argument("bank", metavar="BANK", help="a bank's slug or a YAML file")
    ex.add_argument(
        "--format",
        choices=["gift", "qti", "json"],
        help="gift: Moodle GIFT text; qti: QTI 1.2 .zip (Canvas, Blackboard); json. "
        "Default: from --out (.txt, .zip, .json)",
    )
    ex.add_argument(
        "--out",
        metavar="FILE",
        help="file to write (default: print gift/json; qti goes to <bank id>-qti.zip)",
    )
    ex.add_argument("--force", action="store_true", help="replace --out if it exists")
    ex.set_defaults(func=_cmd_export_quiz)

    nb = subparsers.add_parser(
        "new-bank",
        help="write a commented quiz bank template showing every question type",
        description="Write SLUG.yaml: a valid bank with one example of every question type, "
        "commented. Check your edits with `usjapan-edu validate SLUG.yaml`.",
    )
    nb.add_argument("slug", metavar="SLUG", help="the bank's name and id, e.g. week-3")
    nb.add_argument(
        "--out",
        metavar="DIR",
        help="folder (default: the first USJAPAN_EDU_BANKS folder, else the current one)",
    )
    nb.add_argument("--title", help="the bank's title (default: from SLUG)")
    nb.add_argument(
        "--copy",
        action="store_true",
        help="copy the course's own bank SLUG (e.g. 02-security) to edit, instead of a template",
    )
    nb.add_argument("--force", action="store_true", help="replace SLUG.yaml if it exists")
    nb.set_defaults(func=_cmd_new_bank)

    gb = subparsers.add_parser(
        "gradebook",
        help="turn students' progress exports into a class gradebook (CSV tables, HTML)",
        description="Read the progress exports students hand in (CSV or JSON; files, folders, "
        "globs), grade every answer again, and write per-student and per-question tables, a "
        "distractor analysis and an HTML report. Malformed files are reported and skipped; "
        "the newest export of a student counts.",
    )
    gb.add_argument("exports", nargs="+", metavar="EXPORT", help="files, folders or globs")
    gb.add_argument("--out", default="gradebook", metavar="DIR", help="default: ./gradebook")
    gb.add_argument(
        "--format",
        type=_formats,
        default={"csv", "html"},
        metavar="csv|html",
        help="csv tables, the html report, or both (csv,html: the default)",
    )
    gb.add_argument(
        "--student",
        choices=["file", "folder", "nbgrader", "hub", "canvas", "moodle"],
        default="file",
        help="who a file belongs to: its name (default: alice.csv), its folder "
        "(alice/answers.csv), nbgrader's submitted/<student>/<assignment>/, a hub's "
        "/home/<student>/, or the name Canvas or Moodle gives downloaded submissions",
    )
    gb.add_argument(
        "--student-pattern",
        metavar="REGEX",
        help="regular expression searched in the file name; group 'student' (or the first "
        "group) is the student",
    )
    gb.add_argument(
        "--bank",
        action="append",
        metavar="BANK",
        help="a bank file or slug to grade with and count as assigned (repeatable)",
    )
    gb.add_argument(
        "--assignment",
        metavar="FILE",
        help="a text file naming what you assigned, one a line: bank slugs or files, exercise "
        "ids or files, notebooks (.ipynb); `possible` counts these",
    )
    gb.add_argument(
        "--notebooks",
        action="append",
        metavar="PATH",
        help="the notebooks you handed out (a file or folder; repeatable): their quizzes and "
        "exercises are assigned. Without --bank/--assignment/--notebooks: the whole course",
    )
    gb.add_argument(
        "--no-regrade",
        action="store_true",
        help="take the exports' own verdicts (every one marked self-reported)",
    )
    gb.add_argument("--force", action="store_true", help="replace files already in DIR")
    gb.set_defaults(func=_cmd_gradebook)

    sv = subparsers.add_parser(
        "student-version",
        help="write student versions of notebooks: solutions replaced, outputs cleared",
        description="Replace every solution region (### BEGIN SOLUTION … ### END SOLUTION) "
        "with the placeholder students start from (`variable = ...`, so the exercise checks "
        "say 'Not yet'; otherwise nbgrader's `raise NotImplementedError()`), remove hidden "
        "tests and mark schemes, clear outputs. Exercise checks are kept.",
    )
    sv.add_argument("src", metavar="SRC", help="a notebook, or a folder of notebooks")
    sv.add_argument(
        "dest",
        metavar="DEST",
        help="the folder to write into (for one notebook, a .ipynb name is also accepted)",
    )
    sv.add_argument(
        "--placeholder",
        choices=["variable", "nbgrader"],
        default="variable",
        help="variable (default): `name = ...` where the solution assigns a variable; "
        "nbgrader: nbgrader's stub everywhere, as `nbgrader generate_assignment` writes it",
    )
    sv.add_argument("--force", action="store_true", help="replace student notebooks in DEST")
    sv.set_defaults(func=_cmd_student_version)

    ng = subparsers.add_parser(
        "nbgrader-release",
        help="write the notebooks into an nbgrader course as graded assignments",
        description="Write nbgrader source versions into COURSE/source/ASSIGNMENT: each "
        "exercise's solution cell an autograded answer, its check a graded test cell with a "
        "hidden test that fails on a wrong answer, capstone verdicts graded by hand. Then run "
        "`nbgrader generate_assignment ASSIGNMENT` in COURSE with default settings.",
    )
    ng.add_argument("src", metavar="SRC", help="an instructor notebook, or a folder of them")
    ng.add_argument("course", metavar="COURSE", help="the nbgrader course folder")
    ng.add_argument("--assignment", required=True, help="the assignment's name, e.g. week1")
    ng.add_argument("--force", action="store_true", help="replace notebooks already there")
    ng.set_defaults(func=_cmd_nbgrader_release)

    hl = subparsers.add_parser(
        "hub-link",
        help="print the nbgitpuller link that gives a class the course on a JupyterHub, "
        "and the Binder link",
        description="Print an nbgitpuller link for your JupyterHub (students click it: the "
        "course is cloned into their home, updated on later clicks, and the notebook opens) "
        "and a Binder link.",
    )
    hl.add_argument(
        "--hub", required=True, metavar="URL", help="your hub, e.g. https://hub.example.edu"
    )
    hl.add_argument(
        "--repo",
        metavar="URL",
        help="the git repository to clone (default: the course's, from its metadata)",
    )
    hl.add_argument("--branch", default="main", help="default: main")
    hl.add_argument(
        "--notebook",
        default="00-start-here.ipynb",
        metavar="NOTEBOOK",
        help="the notebook to open, in the repository's notebooks/ (default: 00-start-here.ipynb)",
    )
    hl.add_argument(
        "--binderhub",
        default="https://mybinder.org",
        metavar="URL",
        help="the BinderHub for the Binder link (default: https://mybinder.org)",
    )
    hl.add_argument(
        "--lang",
        choices=["en", "ja"],
        default="en",
        help="the course language: ja opens the Japanese notebooks (notebooks/student/ja/); "
        "default: en",
    )
    hl.set_defaults(func=_cmd_hub_link)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one instructor command on its own (``python -m usjapan_edu.instructor``)."""
    parser = argparse.ArgumentParser(prog=PROG, description="usjapan-edu instructor tools")
    add_commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
