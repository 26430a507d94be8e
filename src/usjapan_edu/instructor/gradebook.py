r"""The class gradebook: students' progress exports → per-student and per-question tables.

Input: the files students hand in, written by ``usjapan-edu progress export`` (CSV or JSON,
see :mod:`usjapan_edu.quiz.store`). Any number of files, folders (searched recursively for
``*.csv`` and ``*.json``) and glob patterns.

Who is who
    A student is identified by the **file name** (``alice.csv`` and ``alice.json`` are Alice).
    ``student_from="folder"`` uses the folder instead (``submissions/alice/answers.csv``);
    ``"nbgrader"`` the folder after ``submitted`` (``submitted/<student>/<assignment>/…``);
    ``"hub"`` the folder after ``home`` (a JupyterHub's ``/home/<student>/…`` copied as is);
    ``"canvas"`` and ``"moodle"`` read the names those LMSs give downloaded submissions
    (``smithjane_1234_5678_x.csv``, ``Jane Smith_1234_assignsubmission_file_x.csv``);
    ``pattern`` takes a regular expression whose group ``student`` (or first group) is the
    student. A layout that would merge students — everyone's ``answers.csv`` in a folder of
    their own read by file name, nbgrader's folders read by folder, exports that name
    different students inside — raises :class:`LayoutError` naming the option that fits.
    A file name is only as good as who can put files in the folder: exports that carry the
    student's name or id (``usjapan-edu progress set-student``) are compared with it.

Duplicates and late re-submissions
    When one student handed in several exports, the one with the **newest answers** wins (the
    latest ``updated`` time in it; on a tie the later export: JSON's ``exported`` time, else
    the file's modification time). Times in the future (hand-edited) never decide and are
    reported. The others are listed as *superseded* (or *duplicate* when byte-identical).
    Students handing in byte-identical exports, or the same answers (wrong ones included) in
    different files, are flagged; exports of one student found in several folders are noted.

Malformed files
    A file that cannot be read — not UTF-8, not CSV/JSON, not a usjapan-edu export, a row with
    the wrong number of cells, a score that is not a number between 0 and 1, more than
    :data:`MAX_RECORDS` answers, text that is not valid Unicode … — is reported as one line
    ``file:line: what is wrong`` and skipped as if it had not been handed in (a student's
    earlier readable export then counts). It is never fatal.

Scores: graded again, never taken from the file
    Each answer is looked up by (bank, question) in the **instructor's** banks (shipped,
    ``USJAPAN_EDU_BANKS`` or given with ``banks``) and graded again, exactly as the quiz grades
    it; ``recorded_score`` keeps what the export said. A row whose type is not the question's is
    graded as the question's type if its response fits, else scores 0 (listed in problems).
    Answers to questions or banks the instructor does not have score 0, are listed, and never
    count. ``possible`` is the number of quiz questions **assigned** (``banks``, an assignment
    file, the notebooks handed out; by default the whole course), reflections left out:
    what other students handed in never changes it. Reflections and the capstone memo are
    never scored: they go to the ``reflections`` table with their word count (and the memo's
    rubric) for the instructor to grade.

Exercises
    Exercise records (banks ``exercises:<prefix>``) count as exercise completion, not in the
    quiz score. When the record kept the submitted value (``value``), the instructor's check
    runs on it again (``exercises_done``); when it did not (an older export, a value too large
    to keep, a named check the instructor does not have), the export's own verdict is shown
    as **self-reported** (``exercises_self_reported``) and never mixed with checked results.
    Attempts, hints and revealed answers are always self-reported.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "alice.csv").write_text(
...     "bank,bank_title,question,type,response,correct,score,attempts,hints_shown,revealed,"
...     "feedback,updated\nsample-all-types,Sample,treaty-1951,single,Tokyo,False,0.0,2,1,"
...     "False,,2025-01-01T10:00:00+00:00\n", encoding="utf-8")
>>> book = build_gradebook([folder], banks=["sample-all-types"])
>>> book.students[["student", "answered", "score", "possible", "hints_used"]].to_dict("records")
[{'student': 'alice', 'answered': 1, 'score': 0.0, 'possible': 8, 'hints_used': 1}]

"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import itertools
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from usjapan_edu.i18n import LANGUAGES
from usjapan_edu.quiz.store import EXPORT_COLUMNS, FORMULA_PREFIXES, SCHEMA, SCHEMA_VERSION

if TYPE_CHECKING:
    import pandas as pd

    from usjapan_edu.quiz.model import Bank

__all__ = [
    "MAX_EXPORT_BYTES",
    "STUDENT_FROM",
    "ExportFile",
    "Gradebook",
    "LayoutError",
    "MalformedExport",
    "Record",
    "build_gradebook",
    "find_exports",
    "read_export",
    "shown",
    "student_of",
]

MAX_EXPORT_BYTES = 20_000_000
"""Largest export read (a whole course's answers are well under 1 MB)."""
REQUIRED_CSV = ("bank", "question", "type", "response", "score", "attempts", "hints_shown")
JSON_TYPES = {"multiple", "order", "match"}
STUDENT_FROM = ("file", "folder", "nbgrader", "hub", "canvas", "moodle")
_LMS_PATTERNS = {
    # Canvas: "<sortable name>_[LATE_]<user id>_<submission id>_<original name>"
    "canvas": re.compile(r"^(?P<name>.+?)_(?:LATE_)?(?P<id>\d+)_\d+_"),
    # Moodle: "<Full Name>_<participant id>_assignsubmission_file_<original name>"
    "moodle": re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_file_?"),
}
TOP_WRONG = 10
"""Wrong responses listed per free-response question in the distractor table."""
MAX_RECORDS = 5_000
"""Most answers read from one export (the whole course has a few hundred questions)."""
FUTURE_SLACK = timedelta(days=1)
"""An ``updated`` time later than now plus this is in the future (a hand-edited file)."""
MAX_NAMED = 5
"""Most other students named in one note (e.g. identical exports); the rest are counted."""
HANDIN_PREFIX = "usjapan-edu-"
"""The hand-in file's name starts so (``usjapan-edu-aiko-tanaka-s1234.csv``); not the student."""
GENERIC_NAMES = frozenset({"progress", "answers", "export", "submission", "usjapan-edu-progress"})
"""File names (without suffix) that everyone hands in: they cannot tell students apart."""


class MalformedExport(ValueError):
    """An export cannot be read; ``line`` is where (1 when the whole file is at fault)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Record:
    """One question of one export, with every field in its proper type."""

    bank: str
    question: str
    type: str
    response: Any
    correct: bool | None
    score: float | None
    attempts: int
    hints: int
    revealed: bool
    updated: datetime | None
    bank_title: str = ""
    value: Any = None
    """The submitted value an exercise record keeps (see ``exercises.records``), if any."""
    raw: str | None = None
    """A CSV export's response cell as written (read again by the question's real type)."""
    language: str = ""
    """The language the question was answered in (``en``, ``ja``; empty when not recorded)."""

    @property
    def is_exercise(self) -> bool:
        """Whether this is an exercise result (counted as completion, not quiz score)."""
        return self.type == "exercise" or self.bank.startswith("exercises:")


@dataclass
class ExportFile:
    """One file handed in: who, when, what, and whether it counts."""

    path: Path
    kind: str
    records: list[Record]
    digest: str
    exported: datetime | None = None
    student: str = ""
    status: str = "used"
    note: str = ""
    claimed_name: str = ""
    """The name the export says it belongs to (``progress set-student``), if any."""
    claimed_id: str = ""
    """The student id the export carries, if any."""

    @property
    def last_activity(self) -> datetime | None:
        """The newest ``updated`` time of its answers (what decides between re-submissions).

        Times in the future (a hand-edited file) are left out: they cannot decide.
        """
        limit = datetime.now(timezone.utc) + FUTURE_SLACK
        stamps = [r.updated for r in self.records if r.updated is not None and r.updated <= limit]
        return max(stamps) if stamps else None

    @property
    def future(self) -> datetime | None:
        """The latest ``updated`` time that lies in the future, if any."""
        limit = datetime.now(timezone.utc) + FUTURE_SLACK
        stamps = [r.updated for r in self.records if r.updated is not None and r.updated > limit]
        return max(stamps) if stamps else None


@dataclass
class Gradebook:
    """The tables (pandas DataFrames) and the problems met while reading."""

    students: pd.DataFrame
    questions: pd.DataFrame
    distractors: pd.DataFrame
    responses: pd.DataFrame
    exports: pd.DataFrame
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bank_titles: dict[str, str] = field(default_factory=dict)
    reflections: pd.DataFrame | None = None
    """Reflections and the memo, for the instructor to grade (words and rubric beside them)."""
    grades: pd.DataFrame | None = None
    """One row per student in the shape LMS gradebook imports read (see ``lms_grades``)."""
    assigned: list[str] = field(default_factory=list)
    """The assigned banks and exercise ids (what ``possible`` and ``exercises_total`` count)."""
    summary: str = ""
    """One line: what ``possible`` counts and where the assignment came from."""

    @property
    def n_students(self) -> int:
        """Number of students with a readable export."""
        return len(self.students)


# ---------------------------------------------------------------- finding files


def _walk(root: Path) -> list[Path]:
    """Every ``*.csv``/``*.json`` file under ``root``, not entering hidden or linked folders.

    Symbolic links to folders are not followed (a link loop would never end, and a linked
    folder would be read twice); links to files are read like files.
    """
    out: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or Path(name).suffix.lower() not in {".csv", ".json"}:
                continue
            path = Path(folder) / name
            if path.is_file():
                out.append(path)
    return out


def _glob_part(part: str) -> str:
    """Return the regex of one path component of a glob (``**``: any folders, or none)."""
    if part == "**":
        return "(?:[^/]+/)*"
    out, i = [], 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and "]" in part[i + 2 :]:
            end = part.index("]", i + 2)
            body = part[i + 1 : end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out) + "/"


def _glob(pattern: str) -> list[Path]:
    """Expand a glob without following symbolic links to folders below its fixed part."""
    text = os.path.expanduser(pattern)
    parts = Path(text).parts
    fixed = 0
    while fixed < len(parts) and not glob.has_magic(parts[fixed]):
        fixed += 1
    root = Path(*parts[:fixed]) if fixed else Path(".")
    regex = re.compile("".join(_glob_part(part) for part in parts[fixed:]) + r"\Z")
    out = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix() + "/"
            if regex.match(relative) and path.is_file():
                out.append(path)
    return out


def find_exports(args: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Expand files, folders (recursively: ``*.csv``, ``*.json``) and globs into export files.

    Returns ``(files, problems)``; a name that matches nothing is a problem line, not an error.
    Hidden files and folders (``.name``) inside folders are skipped, and symbolic links to
    folders are not followed (inside a folder or below a glob's fixed part).

    Examples
    --------
    >>> find_exports(["/no/such/file.csv"])[1]
    ['/no/such/file.csv: no such file or folder']

    """
    found: dict[str, Path] = {}
    problems: list[str] = []

    def add(path: Path) -> None:
        found.setdefault(os.path.abspath(path), path)

    for arg in args:
        text = os.fspath(arg)
        path = Path(text).expanduser()
        if path.is_dir():
            files = _walk(path)
            if not files:
                problems.append(f"{text}: no exports (*.csv, *.json) in this folder")
            for p in files:
                add(p)
        elif path.is_file():
            add(path)
        elif glob.has_magic(text):
            files = _glob(text)
            if not files:
                problems.append(f"{text}: no file matches this pattern")
            for p in files:
                add(p)
        elif os.path.lexists(path):
            problems.append(f"{text}: not a regular file")
        else:
            problems.append(f"{text}: no such file or folder")
    return list(found.values()), problems


# ---------------------------------------------------------------- reading one export


def _parse_time(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text or len(text) > 40:
        return None
    try:
        stamp = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _unguard(value: str) -> str:
    """Remove the ``'`` the CSV export puts before text a spreadsheet would run as a formula.

    Examples
    --------
    >>> _unguard("'-68"), _unguard("'=HYPERLINK(1)"), _unguard("'quoted"), _unguard("-68")
    ('-68', '=HYPERLINK(1)', "'quoted", '-68')

    """
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


def _count(value: Any, name: str) -> int:
    if isinstance(value, str):
        value = value.strip()
        if value == "":
            return 0
        try:
            value = float(value)
        except ValueError:
            raise MalformedExport(f"{name} {value!r} is not a whole number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedExport(f"{name} {_short(value)} is not a whole number")
    if isinstance(value, int):  # no float() of a 400-digit integer (OverflowError)
        if not 0 <= value <= 1_000_000_000:
            raise MalformedExport(f"{name} {_short(value)} is not a whole number from 0 up")
        return value
    if not (math.isfinite(value) and value.is_integer() and 0 <= value <= 1e9):
        raise MalformedExport(f"{name} {_short(value)} is not a whole number from 0 up")
    return int(value)


def _short(value: Any, limit: int = 40) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters (a 400-digit number stays readable)."""
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "(a number too long to show)"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _score(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise MalformedExport(f"score {_short(value)} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedExport(f"score {_short(value)} is not a number")
    if not 0.0 <= value <= 1.0:  # also refuses NaN
        raise MalformedExport(f"score {_short(value)} is not between 0 and 1")
    return float(value)


def _flag(value: Any, name: str, *, allow_none: bool) -> bool | None:
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if allow_none:
            return None
        return False
    word = str(value).strip().lower() if isinstance(value, str | int) else None
    if word in {"true", "1", "yes"}:
        return True
    if word in {"false", "0", "no"}:
        return False
    raise MalformedExport(f"{name} {value!r} is not true or false")


def _csv_response(text: str, qtype: str) -> Any:
    """Turn a CSV response cell back into what the quiz saved (JSON for lists, mappings).

    Raises :class:`MalformedExport` if the cell cannot be a response of ``qtype``.
    """
    if text == "":
        return None
    if qtype == "true_false":
        word = text.strip().lower()
        if word in {"true", "false"}:
            return word == "true"
        raise MalformedExport(f"response {text!r} of a true_false question is not true/false")
    if qtype in JSON_TYPES:
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        want = dict if qtype == "match" else list
        if not isinstance(value, want):
            what = "a JSON mapping" if want is dict else "a JSON list"
            raise MalformedExport(f"response of a {qtype!r} question is not {what}")
        return value
    if qtype == "exercise" and text[:1] in {"[", "{"}:
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _lenient_response(text: str, qtype: str) -> Any:
    """Read a CSV response cell by the type the row claims; what does not fit stays text."""
    try:
        return _csv_response(text, qtype)
    except MalformedExport:
        return text


def _txt(text: str) -> str:
    """Return ``text`` fit for a message: a lone surrogate becomes ``?``, length bounded."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= 80 else text[:79] + "…"


def _bad_text(value: Any, depth: int = 0) -> bool:
    """Return whether ``value`` holds text that is not valid Unicode (a lone surrogate)."""
    if depth > 50:
        return True
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_bad_text(k, depth + 1) or _bad_text(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return any(_bad_text(v, depth + 1) for v in value)
    return False


def _record(
    raw: dict[str, Any], response: Any, *, bank_title: str = "", value: Any = None
) -> Record:
    if _bad_text(raw) or _bad_text(response) or _bad_text(bank_title) or _bad_text(value):
        raise MalformedExport("holds text that is not valid Unicode (a lone surrogate)")
    bank, qid, qtype = raw.get("bank"), raw.get("question"), raw.get("type")
    if not isinstance(bank, str) or not bank.strip():
        raise MalformedExport("the bank is missing")
    if not isinstance(qid, str) or not qid.strip():
        raise MalformedExport("the question id is missing")
    if qtype is not None and not isinstance(qtype, str):
        raise MalformedExport(f"type {qtype!r} is not text")
    return Record(
        bank=bank.strip(),
        question=qid.strip(),
        type=(qtype or "").strip(),
        response=response,
        correct=_flag(raw.get("correct"), "correct", allow_none=True),
        score=_score(raw.get("score")),
        attempts=_count(raw.get("attempts", 0), "attempts"),
        hints=_count(raw.get("hints_shown", 0), "hints_shown"),
        revealed=bool(_flag(raw.get("revealed", False), "revealed", allow_none=False)),
        updated=_parse_time(raw.get("updated")),
        bank_title=bank_title,
        value=value,
        language=raw.get("language") if raw.get("language") in LANGUAGES else "",
    )


def _csv_value(text: str) -> Any:
    """Read a CSV ``value`` cell (JSON text of an exercise's kept value), or ``None``."""
    if not text.strip() or len(text) > 200_000:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _read_csv(text: str) -> tuple[list[Record], str, str]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise MalformedExport("the file is empty") from None
    except csv.Error as exc:
        raise MalformedExport(f"not a CSV file ({exc})") from None
    names = [h.strip().lower().lstrip("\ufeff") for h in header]
    missing = [c for c in REQUIRED_CSV if c not in names]
    if missing:
        raise MalformedExport(
            f"not a usjapan-edu progress export: the header lacks {', '.join(missing)} "
            f"(expected {', '.join(EXPORT_COLUMNS)})"
        )
    records: list[Record] = []
    seen: dict[tuple[str, str], int] = {}
    name = sid = ""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise MalformedExport(f"CSV error: {exc}", reader.line_num) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(names):
            raise MalformedExport(f"{len(row)} cells where the header has {len(names)}", line)
        raw = {
            n: (_unguard(v) if isinstance(v, str) else v) for n, v in zip(names, row, strict=True)
        }
        if len(records) >= MAX_RECORDS:
            raise MalformedExport(
                f"more than {MAX_RECORDS:,} answers in one export (this course has far fewer "
                "questions); not a student's export",
                line,
            )
        try:
            rec = _record(
                raw,
                _lenient_response(raw["response"], _unguard(raw.get("type", "")).strip()),
                bank_title=raw.get("bank_title", ""),
                value=_csv_value(raw.get("value", "")),
            )
        except MalformedExport as exc:
            raise MalformedExport(f"{exc}", line) from None
        rec.raw = raw["response"]
        name = name or raw.get("student", "").strip()
        sid = sid or raw.get("student_id", "").strip()
        key = (rec.bank, rec.question)
        if key in seen:
            raise MalformedExport(
                f"question {rec.bank}/{rec.question} appears twice (also line {seen[key]})", line
            )
        seen[key] = line
        records.append(rec)
    return records, name, sid


def _line_of(text: str, *keys: str) -> int:
    """Return the line where the JSON keys appear one after the other (1 if not found)."""
    at = 0
    for key in keys:
        found = text.find(json.dumps(key, ensure_ascii=False) + ":", at)
        if found < 0:
            found = text.find(json.dumps(key) + ":", at)
        if found < 0:
            return text.count("\n", 0, at) + 1
        at = found
    return text.count("\n", 0, at) + 1


def _read_json(text: str) -> tuple[list[Record], datetime | None, dict[str, str]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedExport(f"not valid JSON ({exc.msg})", exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise MalformedExport(f"not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else None
        raise MalformedExport(
            f"not a usjapan-edu progress export (schema {found!r}, expected {SCHEMA!r})",
            _line_of(text, "schema"),
        )
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise MalformedExport("schema_version is missing", _line_of(text, "schema"))
    if version > SCHEMA_VERSION:
        raise MalformedExport(
            f"written by a newer usjapan-edu (schema version {version}); upgrade usjapan-edu",
            _line_of(text, "schema_version"),
        )
    banks = data.get("banks")
    if not isinstance(banks, dict):
        raise MalformedExport("'banks' is not an object", _line_of(text, "banks"))
    records: list[Record] = []
    for bank_id, bank in banks.items():
        if not isinstance(bank, dict) or not isinstance(bank.get("questions", {}), dict):
            raise MalformedExport(
                f"bank {_txt(bank_id)!r} is damaged", _line_of(text, "banks", bank_id)
            )
        title = bank.get("title") if isinstance(bank.get("title"), str) else ""
        for qid, rec in (bank.get("questions") or {}).items():
            if not isinstance(rec, dict):
                line = _line_of(text, "banks", bank_id, "questions", qid)
                raise MalformedExport(f"question {_txt(bank_id)}/{_txt(qid)} is damaged", line)
            if len(records) >= MAX_RECORDS:
                raise MalformedExport(
                    f"more than {MAX_RECORDS:,} answers in one export (this course has far fewer "
                    "questions); not a student's export",
                    _line_of(text, "banks", bank_id, "questions", qid),
                )
            try:
                records.append(
                    _record(
                        {**rec, "bank": bank_id, "question": qid},
                        rec.get("response"),
                        bank_title=title,
                        value=rec.get("value"),
                    )
                )
            except MalformedExport as exc:
                line = _line_of(text, "banks", bank_id, "questions", qid)
                raise MalformedExport(
                    f"question {_txt(bank_id)}/{_txt(qid)}: {exc}", line
                ) from None
    who = data.get("student") if isinstance(data.get("student"), dict) else {}
    claimed = {
        k: " ".join(v.split())[:200]
        for k in ("name", "id")
        if isinstance((v := who.get(k)), str) and not _bad_text(v)
    }
    return records, _parse_time(data.get("exported")), claimed


def read_export(path: str | os.PathLike[str]) -> ExportFile:
    """Read one export (CSV or JSON, as ``usjapan-edu progress export`` writes them).

    Raises
    ------
    MalformedExport
        With the line at fault (``.line``) and what is wrong.
    OSError
        If the file cannot be read.

    """
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_EXPORT_BYTES:
        raise MalformedExport(
            f"the file is {size / 1e6:.0f} MB; an export is at most {MAX_EXPORT_BYTES / 1e6:g} MB"
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedExport(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})",
            data.count(b"\n", 0, exc.start) + 1,
        ) from None
    if "\x00" in text:
        raise MalformedExport(
            "a binary file, not an export", text.count("\n", 0, text.index("\x00")) + 1
        )
    kind = "json" if text.lstrip()[:1] == "{" or path.suffix.lower() == ".json" else "csv"
    if kind == "json":
        records, exported, claimed = _read_json(text)
        name, sid = claimed.get("name", ""), claimed.get("id", "")
    else:
        (records, name, sid), exported = _read_csv(text), None
    return ExportFile(
        path=path,
        kind=kind,
        records=records,
        digest=digest,
        exported=exported,
        claimed_name=name,
        claimed_id=sid,
    )


def shown(path: str | os.PathLike[str]) -> str:
    r"""Return a path as text that can be printed and written as UTF-8.

    A file name that is not UTF-8 (unzipped Moodle/Canvas downloads often carry Windows names
    such as ``J\xfcrgen.csv``) is read as Windows-1252, the encoding those archives use.

    Examples
    --------
    >>> shown(os.fsdecode(b"J\xfcrgen.csv"))
    'Jürgen.csv'

    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(text)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")
    return text


def _component_after(path: Path, names: set[str]) -> str | None:
    """Return the folder right after the last component of ``path`` named in ``names``."""
    parts = path.parts[:-1]
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in names and i + 1 < len(parts):
            return parts[i + 1]
    return None


def student_of(path: Path, how: str = "file", pattern: re.Pattern[str] | None = None) -> str | None:
    """Return the student an export belongs to (``None`` if the name says nothing).

    ``nbgrader``: the folder after ``submitted`` (``submitted/<student>/<assignment>/…``, also
    ``autograded`` and ``feedback``); ``hub``: the folder after ``home`` (``/home/<student>/…``,
    a JupyterHub's home folders copied as they are).

    Examples
    --------
    >>> student_of(Path("subs/alice.csv"))
    'alice'
    >>> student_of(Path("subs/usjapan-edu-aiko-tanaka-s1234.csv"))
    'aiko-tanaka-s1234'
    >>> student_of(Path("subs/alice/usjapan-edu-progress.csv"), "folder")
    'alice'
    >>> student_of(Path("smithjane_LATE_1234_5678_usjapan-edu-progress.csv"), "canvas")
    'smithjane_1234'
    >>> student_of(Path("Jane Smith_1234_assignsubmission_file_answers.csv"), "moodle")
    'Jane Smith_1234'
    >>> student_of(Path("course/submitted/alice/week1/answers.csv"), "nbgrader")
    'alice'
    >>> student_of(Path("/home/bob/usjapan-edu/answers.csv"), "hub")
    'bob'

    """
    path = Path(shown(path))
    if pattern is not None:
        found = pattern.search(path.name)
        if not found:
            return None
        groups = found.groupdict()
        value = groups.get("student") or (found.group(1) if found.groups() else found.group(0))
        return value.strip() or None
    if how == "folder":
        return path.parent.name or None
    if how == "nbgrader":
        return _component_after(path, {"submitted", "autograded", "feedback"})
    if how == "hub":
        return _component_after(path, {"home", "Users"})
    if how in _LMS_PATTERNS:
        for name in (path.name, path.parent.name):
            found = _LMS_PATTERNS[how].match(name)
            if found:
                return f"{found['name'].strip()}_{found['id']}"
        return None
    stem = path.stem.strip()
    if stem.lower().startswith(HANDIN_PREFIX) and len(stem) > len(HANDIN_PREFIX):
        stem = stem[len(HANDIN_PREFIX) :]  # the hand-in file: usjapan-edu-<name>-<id>.csv
    return stem or None


def _sibling_folders(folders: list[str]) -> bool:
    """Whether 3+ folders sit side by side (one per student), none inside another."""
    if len(folders) < 3:
        return False
    ordered = sorted(folders)
    return not any(b.startswith(a.rstrip(os.sep) + os.sep) for a, b in itertools.pairwise(ordered))


class LayoutError(ValueError):
    """The way files name students would merge several students into one; says the fix."""


def _check_layout(exports: list[ExportFile], how: str, pattern: Any) -> list[str]:
    """Refuse a layout that merges students; return notes about re-submissions in folders."""
    notes: list[str] = []
    groups: dict[str, list[ExportFile]] = defaultdict(list)
    for export in exports:
        groups[export.student].append(export)
    for student, group in groups.items():
        folders = sorted({str(e.path.parent) for e in group})
        ids = {_fold(e.claimed_id) for e in group} - {""}
        names = {_fold(e.claimed_name) for e in group} - {""}
        one_id = len(ids) == 1 and all(e.claimed_id for e in group)
        merged = len(group) > 1 and (len(ids) > 1 or (len(names) > 1 and not one_id))
        claims = ids if len(ids) > 1 else names
        parents = {os.path.dirname(f) for f in folders}
        generic = (
            how in {"file", "folder"}
            and pattern is None
            and len(folders) > 1
            and (
                (how == "file" and student.lower() in GENERIC_NAMES)
                # folder: alice/week1 and bob/week1 side by side are two students' "week1"
                or (
                    how == "folder"
                    and len(parents) > 1
                    and len({os.path.dirname(p) for p in parents}) == 1
                )
                or (how == "file" and not one_id and len(names) != 1 and _sibling_folders(folders))
            )
        )
        if merged or generic:
            where = ", ".join(shown(f) for f in folders[:3])
            more = f" and {len(folders) - 3} more" if len(folders) > 3 else ""
            if any(_component_after(e.path, {"submitted"}) for e in group):
                fix = "--student nbgrader (submitted/<student>/<assignment>/…)"
            elif any(_component_after(e.path, {"home"}) for e in group):
                fix = "--student hub (/home/<student>/…)"
            else:
                fix = "--student folder (one folder per student), or --student-pattern"
            why = (
                f"they name {len(claims)} different students inside"
                if merged
                else "the name cannot tell students apart"
            )
            raise LayoutError(
                f"{len(group)} exports in {len(folders)} folders ({where}{more}) would all count "
                f"as one student {student!r}, but {why}; nothing written. Use {fix}"
            )
        if len(folders) > 1:
            notes.append(
                f"{student}: exports in {len(folders)} folders "
                f"({', '.join(shown(f) for f in folders[:3])}"
                f"{' …' if len(folders) > 3 else ''}) are taken as one student's re-submissions "
                "(the newest answers count); a file name is only as good as who can put files "
                "in these folders"
            )
    return notes


# ---------------------------------------------------------------- choosing the exports that count


def _sort_key(export: ExportFile) -> tuple[datetime, datetime, float, str]:
    epoch = datetime.min.replace(tzinfo=timezone.utc)
    try:
        mtime = export.path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return (
        export.last_activity or epoch,
        export.exported or datetime.fromtimestamp(mtime, timezone.utc),
        mtime,
        str(export.path),
    )


def _names(students: list[str]) -> str:
    """Name at most :data:`MAX_NAMED` students, then count the others."""
    listed = ", ".join(students[:MAX_NAMED])
    more = len(students) - MAX_NAMED
    return f"{listed} and {more:,} other{'s' if more > 1 else ''}" if more > 0 else listed


def _fingerprint(export: ExportFile) -> str | None:
    """Return what a student answered, independent of the file's format and times.

    Two students with the same fingerprint gave the same responses to the same questions
    (wrong ones included). ``None`` when it says nothing: no wrong answer and no text written.
    """
    answered = sorted(
        (r.bank, r.question, json.dumps(r.response, sort_keys=True, ensure_ascii=False))
        for r in export.records
        if r.attempts > 0 and r.response is not None
    )
    telling = any(r.correct is False or r.type == "reflection" for r in export.records)
    if len(answered) < 2 or not telling:
        return None
    return hashlib.sha256(json.dumps(answered).encode("utf-8")).hexdigest()


def _choose(exports: list[ExportFile]) -> tuple[list[ExportFile], list[str]]:
    """Mark, per student, the export that counts; return those (one per student) and notes."""
    notes: list[str] = []
    by_student: dict[str, list[ExportFile]] = defaultdict(list)
    for export in exports:
        by_student[export.student].append(export)
        future = export.future
        if future is not None:
            notes.append(
                f"{shown(export.path)}: answers dated in the future ({future.isoformat()}): "
                "the file was edited by hand; those times do not decide between re-submissions"
            )
    used = []
    for student in sorted(by_student):
        group = sorted(by_student[student], key=_sort_key)
        winner = group[-1]
        for other in group[:-1]:
            same = other.digest == winner.digest
            other.status = "duplicate" if same else "superseded"
            other.note = f"{'identical to' if same else 'older than'} {shown(winner.path)}"
        used.append(winner)
    twins: dict[str, list[str]] = defaultdict(list)
    alike: dict[str, list[str]] = defaultdict(list)
    prints: dict[str, str | None] = {}
    for export in used:
        if export.records:
            twins[export.digest].append(export.student)
            prints[export.student] = _fingerprint(export)
            if prints[export.student] is not None:
                alike[prints[export.student]].append(export.student)  # type: ignore[index]
    for export in used:
        others = [s for s in twins.get(export.digest, []) if s != export.student]
        if others:
            export.note = f"byte-identical to the export of {_names(others)}"
            continue
        mark = prints.get(export.student)
        same = [s for s in alike.get(mark, []) if s != export.student] if mark else []
        if same:
            export.note = f"the same answers (wrong ones too) as {_names(same)}"
    digest_of = {e.student: e.digest for e in used}
    for students in alike.values():
        if len(students) > 1:
            digests = {digest_of[s] for s in students}
            if len(digests) > 1:
                notes.append(
                    f"{len(students)} students gave the same answers, wrong ones included, in "
                    f"exports that are not byte-identical: {_names(sorted(students))}"
                )
    return used, notes


# ---------------------------------------------------------------- grading


GRADED = {
    "regraded": "graded again from the response with the instructor's bank",
    "retyped": "the row's type was not the question's: graded again as the question's type",
    "invalid": "the response does not fit the question: 0",
    "unknown": "no such question or bank in the instructor's files: 0, not counted",
    "self-reported": "the export's own verdict: the answer itself was not kept, so it cannot be "
    "graded again",
    "for the instructor": "a reflection or memo: no score until the instructor grades it",
    "not answered": "",
}
"""What the ``graded`` column of the responses says, and what each means."""


class _Grader:
    """Grade responses against the instructor's banks and exercises, caching identical answers."""

    def __init__(
        self,
        banks: dict[str, Bank],
        exercises: dict[str, dict[str, Any]],
        regrade: bool,
        translated: dict[str, Bank] | None = None,
    ):
        self.banks = banks
        self.questions = {
            (bank_id, q.id): q for bank_id, bank in banks.items() for q in bank.questions
        }
        # A bilingual bank's question in Japanese: the same answers, its texts translated
        self.translations = {
            (bank_id, q.id): q
            for bank_id, bank in (translated or {}).items()
            for q in bank.questions
        }
        self.exercises = exercises
        self.regrade = regrade
        self.cache: dict[tuple[str, str, str], tuple[bool | None, float, bool]] = {}
        self.problems: dict[tuple[str, str], str] = {}
        self._data: Any = None

    def model(self, rec: Record) -> Any:
        """Return the instructor's question (or exercise) this record answers, or ``None``."""
        if rec.is_exercise:
            return self.exercises.get(rec.bank, {}).get(rec.question)
        return self.questions.get((rec.bank, rec.question))

    def grade(self, rec: Record) -> tuple[bool | None, float | None, str, Any]:
        """Return ``(correct, score, how, response)``; ``how`` is a key of :data:`GRADED`."""
        if rec.attempts == 0 or (rec.response is None and rec.value is None):
            return None, None, "not answered", rec.response
        model = self.model(rec)
        if model is None:
            return False, 0.0, "unknown", rec.response
        if rec.is_exercise:
            return self._exercise(rec, model)
        response = rec.response
        retyped = bool(rec.type) and rec.type != model.type
        if rec.raw is not None and retyped:  # a CSV cell, read again as the real type
            try:
                response = _csv_response(rec.raw, model.type)
            except MalformedExport:
                return False, 0.0, "invalid", rec.raw
        if model.type == "reflection":
            return None, None, "for the instructor", response
        if not self.regrade:
            return rec.correct, rec.score, "self-reported", response
        key = (rec.bank, rec.question, json.dumps(response, sort_keys=True, default=str))
        if key not in self.cache:
            from usjapan_edu.quiz.model import AnswerFromError

            try:
                grade = model.grade(response)
                other = self.translations.get((rec.bank, rec.question))
                if other is not None and not grade.correct:
                    # Answered in Japanese (or the row says so): the same answers in the other
                    # words; the better of the two counts, whatever language the row claims.
                    again = other.grade(response)
                    if (again.attempt_counts, again.score) > (grade.attempt_counts, grade.score):
                        grade = again
            except AnswerFromError as exc:
                self.problems[(rec.bank, rec.question)] = (
                    f"{rec.bank}/{rec.question}: cannot compute the right answer ({exc}); the "
                    "exports' own verdicts are used (self-reported)"
                )
                return rec.correct, rec.score, "self-reported", response
            self.cache[key] = (grade.correct, grade.score, grade.attempt_counts)
        correct, score, readable = self.cache[key]
        if not readable:
            return False, 0.0, "invalid", response
        return correct, score, "retyped" if retyped else "regraded", response

    def _exercise(self, rec: Record, ex: Any) -> tuple[bool | None, float | None, str, Any]:
        from usjapan_edu.exercises.named_checks import get_check

        if not self.regrade or rec.value is None or (ex.check and get_check(ex.check) is None):
            # no value kept, or a named check this process does not have: cannot grade again
            return rec.correct, rec.score, "self-reported", rec.response
        key = (rec.bank, rec.question, json.dumps(rec.value, sort_keys=True, default=str))
        if key not in self.cache:
            from usjapan_edu import exercises
            from usjapan_edu.exercises import rules
            from usjapan_edu.exercises.records import from_plain

            try:
                value = from_plain(rec.value)
            except (ValueError, TypeError):
                self.cache[key] = (False, 0.0, False)
            else:
                if self._data is None:
                    self._data = rules.Data()
                result = exercises.check(ex.id, value, store=None, data=self._data)
                if result.code == "error":  # the rule no longer fits the data: not the student's
                    self.problems[(rec.bank, rec.question)] = (
                        f"{rec.bank}/{rec.question}: {result.detail}; the exports' own verdicts "
                        "are used (self-reported)"
                    )
                    return rec.correct, rec.score, "self-reported", rec.response
                self.cache[key] = (result.passed, 1.0 if result.passed else 0.0, True)
        correct, score, readable = self.cache[key]
        return correct, score, "regraded" if readable else "invalid", rec.response


# ---------------------------------------------------------------- building the tables


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _words(response: Any) -> int:
    """Count words; Japanese (no spaces between words) counts one per two characters."""
    if not isinstance(response, str):
        return 0
    cjk = len(_CJK.findall(response))
    if not cjk:
        return len(response.split())
    from usjapan_edu.quiz.model import JA_CHARS_PER_WORD

    return len(_CJK.sub(" ", response).split()) + cjk // JA_CHARS_PER_WORD


def _plain(markdown: str, limit: int = 90) -> str:
    text = re.sub(r"(\*\*|__|`|^#+ )", "", " ".join(markdown.split()))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _response_text(response: Any) -> str:
    if isinstance(response, str):
        return response
    if isinstance(response, list):
        return " → ".join("" if r is None else str(r) for r in response)
    if isinstance(response, dict):
        return "; ".join(f"{k} → {v}" for k, v in response.items())
    return json.dumps(response, ensure_ascii=False)


def _known_banks(
    extra: Sequence[Bank | str | os.PathLike[str]],
) -> tuple[dict[str, Bank], list[str], dict[str, str], list[str], dict[str, Bank]]:
    """Return the banks the gradebook knows, and what it could not use.

    That is (bank id -> bank, ids of the ``extra`` banks, slug -> bank id, problems, bank id ->
    the bank in Japanese for each bilingual bank).
    """
    from usjapan_edu.quiz.bank import BankError, UnknownBankError, list_banks, load_bank

    banks: dict[str, Bank] = {}
    explicit: list[str] = []
    slugs: dict[str, str] = {}
    problems: list[str] = []
    translated: dict[str, Bank] = {}
    sources = [(s, False) for s in list_banks()] + [(s, True) for s in extra]
    for source, named in sources:
        try:
            bank = load_bank(source, resolve=False, lang="en")
            if "ja" in bank.languages:
                translated[bank.id] = load_bank(source, resolve=False, lang="ja")
            else:
                translated.pop(bank.id, None)
        except BankError as exc:
            problems.append(f"bank {source}: cannot be used to grade ({exc.problems[0]})")
            continue
        except (UnknownBankError, OSError) as exc:
            problems.append(f"bank {source}: {exc}")
            continue
        banks[bank.id] = bank  # later (named) banks win
        if named:
            explicit.append(bank.id)
        else:
            slugs[str(source)] = bank.id
    return banks, explicit, slugs, problems, translated


def _known_exercises() -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Return progress bank (``exercises:<prefix>``) -> {name: exercise}, and problems."""
    import warnings

    from usjapan_edu import exercises

    out: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for exercise_id in exercises.list_exercises():
                ex = exercises.get_exercise(exercise_id)
                out.setdefault(ex.bank_id, {})[ex.name] = ex
        except Exception as exc:
            problems.append(f"exercise files: {exc}")
    problems += [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    for skipped in exercises._cache.get("skipped", []):  # also when loaded before this run
        if skipped not in problems:
            problems.append(skipped)
    return out, problems


# ---------------------------------------------------------------- what was assigned

_SHOW = re.compile(r"""\bquiz\.(?:show|quiz_widget)\(\s*["']([^"'\n]+)["']""")
_MEMO = re.compile(r"\bcapstone\.memo\(")
_CHECK = re.compile(r"""\bexercises\.check\(\s*["']([^"'\n]+)["']""")
MAX_NOTEBOOK_BYTES = 50_000_000


@dataclass
class Assignment:
    """What the instructor assigned: quiz banks and exercises, in order, and where from."""

    banks: list[str] = field(default_factory=list)
    exercises: list[str] = field(default_factory=list)
    source: str = ""

    def add_bank(self, bank_id: str) -> None:
        if bank_id not in self.banks:
            self.banks.append(bank_id)

    def add_exercise(self, exercise_id: str) -> None:
        if exercise_id not in self.exercises:
            self.exercises.append(exercise_id)


def _notebook_items(
    path: Path, into: Assignment, problems: list[str], slugs: dict[str, str] | None = None
) -> None:
    """Add the quizzes and exercises a notebook shows (``quiz.show``, ``exercises.check``)."""
    from usjapan_edu.capstone import MEMO_BANK

    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            raise ValueError("larger than 50 MB")
        data = json.loads(path.read_text(encoding="utf-8"))
        cells = data["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        problems.append(f"{shown(path)}: not a notebook that can be read ({exc}); ignored")
        return
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for slug in _SHOW.findall(source):
            into.add_bank((slugs or {}).get(slug, slug))
        if _MEMO.search(source):
            into.add_bank(MEMO_BANK)
        for exercise_id in _CHECK.findall(source):
            into.add_exercise(exercise_id)


def _notebooks_in(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.glob("*.ipynb") if p.is_file() and not p.name.startswith("."))
    return [path]


def course_assignment(slugs: dict[str, str] | None = None) -> Assignment:
    """Return the whole course as ``usjapan-edu lab`` hands it out (every shipped notebook)."""
    from usjapan_edu import _resources

    out = Assignment(source="the whole course (every shipped notebook)")
    for notebook in _notebooks_in(_resources.notebooks_dir()):
        _notebook_items(notebook, out, [], slugs)
    return out


def read_assignment(
    *,
    banks: Sequence[Bank | str | os.PathLike[str]] = (),
    assignment: str | os.PathLike[str] | None = None,
    notebooks: Sequence[str | os.PathLike[str]] = (),
    named: Sequence[str] = (),
    slugs: dict[str, str] | None = None,
) -> tuple[Assignment, list[str]]:
    """Return what was assigned, from ``--bank``, an assignment file and notebooks handed out.

    An assignment file is plain text, one item a line (``#`` starts a comment): a quiz bank's
    slug or file (``03-trade``, ``week-3.yaml``), an exercise id (``02.japan-share-2023``), an
    exercise file's slug, or a notebook (``notebooks/02-security.ipynb``: its quizzes and
    exercises). A slug that is both a bank and an exercise file (``02-security``) stands for
    both, as the notebook of that name shows both. With nothing given, the whole course counts.
    """
    from usjapan_edu import exercises

    out = Assignment()
    problems: list[str] = []
    sources = []
    slugs = slugs or {}
    for bank_id in named:  # the ids of the --bank banks, as loaded
        out.add_bank(bank_id)
    if banks:
        sources.append("--bank")
    items: list[str] = []
    if assignment is not None:
        path = Path(assignment).expanduser()
        try:
            if path.stat().st_size > 1_000_000:
                raise ValueError("larger than 1 MB")
            text = path.read_text(encoding="utf-8")
        except (OSError, ValueError) as exc:
            raise ValueError(f"{shown(path)}: cannot read the assignment file ({exc})") from None
        for number, line in enumerate(text.splitlines(), start=1):
            item = line.split("#", 1)[0].strip()
            if item:
                items.append(item)
                if not _assign_item(item, path.parent, out, problems, slugs, exercises):
                    problems.append(
                        f"{shown(path)}:{number}: {item!r} is not a quiz bank, an exercise, an "
                        "exercise file or a notebook; ignored"
                    )
        sources.append(f"assignment file {shown(path)}")
    for notebook in notebooks:
        for path in _notebooks_in(Path(notebook).expanduser()):
            _notebook_items(path, out, problems, slugs)
        sources.append(f"notebooks {shown(notebook)}")
    if not sources:
        return course_assignment(slugs), problems
    out.source = ", ".join(sources)
    return out, problems


def _assign_item(
    item: str, base: Path, out: Assignment, problems: list[str], slugs: dict[str, str], ex: Any
) -> bool:
    if item.endswith(".ipynb"):
        path = (base / item) if not Path(item).is_absolute() else Path(item)
        if not path.exists():
            path = Path(item)
        _notebook_items(path, out, problems, slugs)
        return True
    if item.endswith((".yaml", ".yml")):
        from usjapan_edu.quiz.bank import BankError, load_bank

        path = (base / item) if (base / item).is_file() else Path(item)
        try:
            out.add_bank(load_bank(path, resolve=False).id)
        except (BankError, OSError, ValueError) as exc:
            problems.append(f"{shown(path)}: cannot be read as a quiz bank ({exc})")
        return True
    found = False
    if item in slugs:
        out.add_bank(slugs[item])
        found = True
    try:
        for exercise_id in ex.list_exercises(item):
            out.add_exercise(exercise_id)
        found = True
    except Exception:
        pass
    if not found and "." in item and item in ex.list_exercises():
        out.add_exercise(item)
        found = True
    return found


# ---------------------------------------------------------------- the gradebook


def build_gradebook(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    student_from: str = "file",
    pattern: str | re.Pattern[str] | None = None,
    banks: Sequence[Bank | str | os.PathLike[str]] = (),
    regrade: bool = True,
    assignment: str | os.PathLike[str] | None = None,
    notebooks: Sequence[str | os.PathLike[str]] = (),
    progress: Any = None,
) -> Gradebook:
    """Read the exports in ``inputs`` and compute the gradebook's tables.

    Parameters
    ----------
    inputs : iterable of str or path-like
        Export files, folders (searched recursively) and glob patterns.
    student_from : {"file", "folder", "nbgrader", "hub", "canvas", "moodle"}
        How a file names its student (see the module notes).
    pattern : str or compiled regex, optional
        A regular expression searched in the file name; its group ``student`` (or its first
        group, or the whole match) is the student. Overrides ``student_from``.
    banks : sequence of Bank, slug or path
        Banks to grade with besides the available ones (bundled and ``USJAPAN_EDU_BANKS``);
        they count as assigned.
    regrade : bool
        Grade every answer again (default); ``False`` takes the exports' verdicts, every one
        marked self-reported.
    assignment : path, optional
        An assignment file (see :func:`read_assignment`).
    notebooks : sequence of paths
        The notebooks handed out (files or folders): their quizzes and exercises are assigned.
    progress : callable, optional
        Called as ``progress(done, total)`` while reading many files.

    Without ``banks``, ``assignment`` and ``notebooks`` the whole course is assigned.
    ``possible`` never depends on what students handed in.

    Raises
    ------
    ValueError
        For an unknown ``student_from`` or an invalid ``pattern``; :class:`LayoutError` when
        the file names would merge several students into one.

    """
    import pandas as pd

    if student_from not in STUDENT_FROM:
        msg = f"unknown --student {student_from!r}; use one of {', '.join(STUDENT_FROM)}"
        raise ValueError(msg)
    if isinstance(pattern, str):
        try:
            pattern = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"--student-pattern is not a regular expression: {exc}") from None
    files, problems = find_exports(inputs)
    notes: list[str] = []
    exports: list[ExportFile] = []
    skipped: list[dict[str, Any]] = []
    for number, path in enumerate(files, start=1):
        if progress is not None and (number % 100 == 0 or number == len(files)):
            progress(number, len(files))
        where = shown(path)
        student = student_of(path, student_from, pattern)
        try:
            export = read_export(path)
        except MalformedExport as exc:
            problems.append(f"{where}:{exc.line}: {exc}; skipped")
            skipped.append(
                {"file": where, "student": student or "", "status": "skipped",
                 "note": f"line {exc.line}: {exc}"}
            )  # fmt: skip
            continue
        except OSError as exc:
            problems.append(f"{where}:1: cannot read the file ({exc.strerror or exc}); skipped")
            skipped.append(
                {"file": where, "student": student or "", "status": "skipped",
                 "note": f"cannot read: {exc.strerror or exc}"}
            )  # fmt: skip
            continue
        if student is None:
            problems.append(f"{where}:1: the file name names no student (--student); skipped")
            skipped.append(
                {"file": where, "student": "", "status": "skipped",
                 "note": "no student in the file name"}
            )  # fmt: skip
            continue
        export.student = student
        exports.append(export)

    notes += _check_layout(exports, student_from, pattern)
    used, choose_notes = _choose(exports)
    notes += choose_notes
    for export in used:
        claimed = export.claimed_name or export.claimed_id
        if claimed and student_from in {"file", "folder"} and pattern is None:
            names = {_fold(export.claimed_name), _fold(export.claimed_id)}
            if _fold(export.student) not in names and not any(
                n and n in _fold(export.student) for n in names
            ):
                notes.append(
                    f"{shown(export.path)}: counted as {export.student!r}, but the export says it "
                    f"is the work of {export.claimed_name or '?'} (id {export.claimed_id or '?'})"
                )

    known, named, slugs, bank_problems, translated = _known_banks(banks)
    known_exercises, exercise_problems = _known_exercises()
    problems += bank_problems + exercise_problems
    plan, assign_problems = read_assignment(
        banks=banks, assignment=assignment, notebooks=notebooks, named=named, slugs=slugs
    )
    problems += assign_problems
    for bank_id in plan.banks:
        if bank_id not in known:
            problems.append(f"assigned bank {bank_id!r} is not available; it counts for nothing")
    assigned_banks = [b for b in plan.banks if b in known]
    ex_index = {ex.id: ex for group in known_exercises.values() for ex in group.values()}
    assigned_ex = [ex_index[e] for e in plan.exercises if e in ex_index]
    grader = _Grader(known, known_exercises, regrade, translated)
    assigned_set = set(assigned_banks) | {ex.bank_id for ex in assigned_ex}
    assigned_ex_keys = {(ex.bank_id, ex.name) for ex in assigned_ex}

    # one row per (student, question) of the exports that count
    rows: list[dict[str, Any]] = []
    unknown: dict[str, list[str]] = defaultdict(list)
    retyped: dict[str, list[str]] = defaultdict(list)
    for export in used:
        for rec in export.records:
            correct, score, how, response = grader.grade(rec)
            model = grader.model(rec)
            qtype = model.type if model is not None and not rec.is_exercise else rec.type
            if how == "unknown":
                unknown[export.student].append(f"{rec.bank}/{rec.question}")
            elif rec.type and model is not None and not rec.is_exercise and rec.type != qtype:
                retyped[export.student].append(
                    f"{rec.bank}/{rec.question} ({rec.type!r}, the question is {qtype!r}: "
                    + ("graded as that" if how == "retyped" else "the response does not fit; 0")
                    + ")"
                )
            counted = (
                (rec.bank, rec.question) in assigned_ex_keys
                if rec.is_exercise
                else rec.bank in assigned_set and how != "unknown"
            )
            rows.append(
                {
                    "student": export.student,
                    "bank": rec.bank,
                    "question": rec.question,
                    "type": qtype,
                    "exercise": rec.is_exercise,
                    "response": response,
                    "answered": rec.attempts > 0
                    and (rec.response is not None or rec.value is not None),
                    "correct": correct,
                    "score": score,
                    "recorded_correct": rec.correct,
                    "recorded_score": rec.score,
                    "graded": how,
                    "counted": counted,
                    "attempts": rec.attempts,
                    "hints_shown": rec.hints,
                    "revealed": rec.revealed,
                    "words": _words(response) if qtype == "reflection" else 0,
                    "updated": rec.updated,
                    "language": rec.language,
                }
            )
    for student, items in unknown.items():
        problems.append(
            f"{student}: {len(items):,} answer(s) to questions or banks the instructor's files do "
            f"not have, scored 0 and not counted: {', '.join(items[:MAX_NAMED])}"
            + (f" … and {len(items) - MAX_NAMED:,} more" if len(items) > MAX_NAMED else "")
        )
    for student, items in retyped.items():
        problems.append(
            f"{student}: {len(items):,} answer(s) whose type is not the question's: "
            + "; ".join(items[:MAX_NAMED])
            + (f" … and {len(items) - MAX_NAMED:,} more" if len(items) > MAX_NAMED else "")
        )
    problems += list(grader.problems.values())
    resp = pd.DataFrame(
        rows,
        columns=[
            "student", "bank", "question", "type", "exercise", "response", "answered",
            "correct", "score", "recorded_score", "recorded_correct", "graded", "counted",
            "attempts", "hints_shown", "revealed", "words", "updated", "language",
        ],
    )  # fmt: skip
    resp = resp.astype(  # proper dtypes also when no export holds an answer
        {"exercise": bool, "answered": bool, "revealed": bool, "counted": bool,
         "attempts": "int64", "hints_shown": "int64", "words": "int64", "score": "float64",
         "recorded_score": "float64"}
    )  # fmt: skip

    # the questions: the instructor's own, assigned banks first, then other known banks used
    used_known = [b for b in dict.fromkeys(resp["bank"].tolist()) if b in known]
    question_rows: list[dict[str, Any]] = []
    for bank_id in dict.fromkeys([*assigned_banks, *used_known]):
        for q in known[bank_id].questions:
            question_rows.append(
                {"bank": bank_id, "question": q.id, "type": q.type, "exercise": False,
                 "prompt": _plain(q.prompt), "assigned": bank_id in assigned_set}
            )  # fmt: skip
    ex_used = {
        (b, q) for b, q in zip(resp["bank"], resp["question"], strict=True) if b in known_exercises
    }
    listed_ex: set[tuple[str, str]] = set()
    for bank_id, group in known_exercises.items():
        for ex in group.values():
            key = (bank_id, ex.name)
            if key in assigned_ex_keys or key in ex_used:
                listed_ex.add(key)
    for ex in [*assigned_ex, *(e for g in known_exercises.values() for e in g.values())]:
        key = (ex.bank_id, ex.name)
        if key in listed_ex:
            listed_ex.discard(key)
            question_rows.append(
                {"bank": ex.bank_id, "question": ex.name, "type": "exercise", "exercise": True,
                 "prompt": _plain(ex.prompt), "assigned": key in assigned_ex_keys}
            )  # fmt: skip
    qdf = pd.DataFrame(
        question_rows, columns=["bank", "question", "type", "exercise", "prompt", "assigned"]
    )
    titles = {b: known[b].title for b in dict.fromkeys([*assigned_banks, *used_known])}

    students = _student_table(used, resp, qdf, assigned_banks)
    questions = _question_table(qdf, resp, students)
    distractors = _distractor_table(qdf, resp, known)
    export_rows = [
        {
            "file": shown(e.path),
            "student": e.student,
            "status": e.status,
            "format": e.kind,
            "last_activity": e.last_activity.isoformat() if e.last_activity else "",
            "exported": e.exported.isoformat() if e.exported else "",
            "answers": sum(r.attempts > 0 for r in e.records),
            "note": e.note,
        }
        for e in sorted(exports, key=lambda e: (e.student, shown(e.path)))
    ]
    export_rows += [
        {**s, "format": "", "last_activity": "", "exported": "", "answers": 0} for s in skipped
    ]
    exports_df = pd.DataFrame(
        export_rows,
        columns=["file", "student", "status", "format", "last_activity", "exported", "answers",
                 "note"],
    )  # fmt: skip
    responses = resp.assign(
        response=resp["response"].map(
            lambda r: (
                r if isinstance(r, str) else "" if r is None else json.dumps(r, ensure_ascii=False)
            )
        ),
        updated=resp["updated"].map(lambda t: t.isoformat() if t is not None else ""),
    )
    described = ", ".join(f"{b} ({titles.get(b, '')})" for b in assigned_banks) or "no quiz bank"
    n_possible = int(students["possible"].iloc[0]) if len(students) else 0
    summary = (
        f"possible = {n_possible} assigned quiz question(s), reflections left out "
        f"({described}; from {plan.source}); {len(assigned_ex)} exercise(s) assigned"
    )
    return Gradebook(
        students=students,
        questions=questions,
        distractors=distractors,
        responses=responses,
        exports=exports_df,
        problems=problems,
        notes=notes,
        bank_titles=titles,
        reflections=_reflection_table(resp, known),
        grades=_lms_grades(students, used, assigned_banks, titles, student_from),
        assigned=[*assigned_banks, *[e.id for e in assigned_ex]],
        summary=summary,
    )


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.casefold())


def _reflection_table(resp: pd.DataFrame, known: dict[str, Bank]) -> pd.DataFrame:
    """Reflections and the memo, handed in for the instructor: text, words, rubric."""
    import pandas as pd

    from usjapan_edu.capstone import MEMO_BANK, RUBRIC

    rubric = "; ".join(f"{part} ({points} points): {what}" for part, what, points in RUBRIC)
    mine = resp[(resp["type"] == "reflection") & resp["answered"]]
    rows = []
    for item in mine.itertuples(index=False):
        q = (
            next((x for x in known[item.bank].questions if x.id == item.question), None)
            if (item.bank in known)
            else None
        )
        rows.append(
            {
                "student": item.student,
                "bank": item.bank,
                "question": item.question,
                "words": int(item.words),
                "min_words": getattr(q, "min_words", 0),
                "rubric": rubric if item.bank == MEMO_BANK else "",
                "points": "",
                "text": item.response if isinstance(item.response, str) else "",
            }
        )
    return pd.DataFrame(
        rows,
        columns=["student", "bank", "question", "words", "min_words", "rubric", "points", "text"],
    )


def _lms_grades(
    students: pd.DataFrame,
    used: list[ExportFile],
    banks: list[str],
    titles: dict[str, str],
    how: str,
) -> pd.DataFrame:
    """One row per student: name, id columns, one column of points per assigned bank.

    The columns are the ones Canvas's gradebook import reads (``Student``, ``ID``,
    ``SIS User ID``, then one column per assignment) and Moodle's CSV grade import can map
    (an identifier column, then one column per grade item).
    """
    import pandas as pd

    by_student = {e.student: e for e in used}
    rows = []
    for row in students.to_dict("records"):
        export = by_student.get(row["student"])
        canvas_id = ""
        if how == "canvas" and export is not None:
            found = _LMS_PATTERNS["canvas"].match(Path(shown(export.path)).name) or _LMS_PATTERNS[
                "canvas"
            ].match(Path(shown(export.path)).parent.name)
            canvas_id = found["id"] if found else ""
        out: dict[str, Any] = {
            "Student": (export.claimed_name if export else "") or row["student"],
            "ID": canvas_id,
            "SIS User ID": export.claimed_id if export else "",
            "SIS Login ID": "",
            "Section": "",
        }
        for bank in banks:
            out[f"{titles.get(bank) or bank} ({bank})"] = row.get(f"score {bank}", 0.0)
        rows.append(out)
    columns = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    columns += [f"{titles.get(b) or b} ({b})" for b in banks]
    return pd.DataFrame(rows, columns=columns)


def _student_table(
    used: list[ExportFile], resp: pd.DataFrame, qdf: pd.DataFrame, banks: list[str]
) -> pd.DataFrame:
    import pandas as pd

    assigned = qdf[qdf["assigned"]] if len(qdf) else qdf
    quiz_q = assigned[~assigned["exercise"] & (assigned["type"] != "reflection")]
    possible = len(quiz_q)
    n_exercises = int(assigned["exercise"].sum()) if len(assigned) else 0
    n_reflections = int((assigned["type"] == "reflection").sum()) if len(assigned) else 0
    counted = resp[resp["counted"]]
    quiz = counted[~counted["exercise"]]
    scored = quiz[quiz["answered"] & (quiz["type"] != "reflection")].assign(
        s=lambda d: d["score"].fillna(0.0).astype(float),
        right=lambda d: d["correct"].map(lambda c: c is True),
        changed=lambda d: (
            d["graded"].isin(["regraded", "retyped", "invalid"])
            & (d["score"].fillna(0.0) - d["recorded_score"].fillna(0.0)).abs().gt(1e-9)
        ),
        selfrep=lambda d: d["graded"] == "self-reported",
    )
    ex = counted[counted["exercise"]].assign(
        done=lambda d: d["correct"].map(lambda c: c is True) & (d["graded"] == "regraded"),
        claimed=lambda d: d["correct"].map(lambda c: c is True) & (d["graded"] == "self-reported"),
        tried=lambda d: d["attempts"] > 0,
    )
    effort = (
        resp[~resp["exercise"]]
        .groupby("student")[["attempts", "hints_shown", "revealed", "words"]]
        .sum()
    )
    marks = scored.groupby("student").agg(
        answered=("question", "size"), correct=("right", "sum"), score=("s", "sum"),
        rescored=("changed", "sum"), self_reported=("selfrep", "sum"),
    )  # fmt: skip
    done = ex.groupby("student")[["done", "claimed", "tried"]].sum()
    per_bank = scored.pivot_table(index="student", columns="bank", values="s", aggfunc="sum")
    other = resp[~resp["counted"] & resp["answered"]].groupby("student").size().to_dict()
    spoken = (  # the languages each student answered in (both, in a joint class, is possible)
        resp[resp["answered"] & (resp["language"] != "")]
        .groupby("student")["language"]
        .agg(lambda langs: ", ".join(sorted(set(langs))))
        .to_dict()
    )
    reflections = (
        quiz[quiz["answered"] & (quiz["type"] == "reflection")].groupby("student").size().to_dict()
    )

    tables = {
        id(t): t.to_dict("index") for t in (effort, marks, done, per_bank)
    }  # plain dicts: a .at lookup per cell costs more than the whole table

    def get(table: pd.DataFrame, student: str, column: str) -> float:
        value = tables[id(table)].get(student, {}).get(column)
        return 0.0 if value is None or pd.isna(value) else float(value)

    rows = []
    for export in used:
        who = export.student
        score = get(marks, who, "score")
        row: dict[str, Any] = {
            "student": who,
            "name": export.claimed_name,
            "student_id": export.claimed_id,
            "language": spoken.get(who, ""),
            "file": shown(export.path),
            "last_activity": export.last_activity.isoformat() if export.last_activity else "",
            "answered": int(get(marks, who, "answered")),
            "correct": int(get(marks, who, "correct")),
            "score": round(score, 2),
            "possible": possible,
            "percent": round(100 * score / possible, 1) if possible else None,
            "self_reported": int(get(marks, who, "self_reported")),
            "attempts": int(get(effort, who, "attempts")),
            "hints_used": int(get(effort, who, "hints_shown")),
            "revealed": int(get(effort, who, "revealed")),
            "reflections_handed_in": int(reflections.get(who, 0)),
            "reflections_assigned": n_reflections,
            "reflection_words": int(get(effort, who, "words")),
            "exercises_done": int(get(done, who, "done")),
            "exercises_self_reported": int(get(done, who, "claimed")),
            "exercises_attempted": int(get(done, who, "tried")),
            "exercises_total": n_exercises,
            "not_counted": int(other.get(who, 0)),
            "rescored": int(get(marks, who, "rescored")),
            "note": export.note,
        }
        for bank_id in banks:
            row[f"score {bank_id}"] = round(get(per_bank, who, bank_id), 2)
        rows.append(row)
    columns = [
        "student", "name", "student_id", "language", "file", "last_activity", "answered",
        "correct", "score",
        "possible", "percent", "self_reported", "attempts", "hints_used", "revealed",
        "reflections_handed_in", "reflections_assigned", "reflection_words", "exercises_done",
        "exercises_self_reported", "exercises_attempted", "exercises_total", "not_counted",
        "rescored", "note",
    ]  # fmt: skip
    columns += [f"score {b}" for b in banks]
    return pd.DataFrame(rows, columns=columns)


def _question_table(qdf: pd.DataFrame, resp: pd.DataFrame, students: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    n_students = len(students)
    # discrimination: corrected item-total correlation over all students (unanswered = 0)
    quiz = resp[~resp["exercise"] & resp["answered"] & resp["counted"]]
    matrix = (
        quiz.assign(item=quiz["bank"] + "\x1f" + quiz["question"], s=quiz["score"].fillna(0.0))
        .pivot_table(index="student", columns="item", values="s", aggfunc="sum")
        .reindex(students["student"])
        .fillna(0.0)
    )
    total = matrix.sum(axis=1)
    known = resp[resp["graded"] != "unknown"]  # invented questions make no groups (no cost)
    groups = {key: g for key, g in known.groupby(["bank", "question"], sort=False)}
    empty = resp.iloc[0:0]
    rows = []
    for q in qdf.itertuples(index=False):
        mine = groups.get((q.bank, q.question), empty)
        answered = mine[mine["answered"]]
        n = len(answered)
        item = f"{q.bank}\x1f{q.question}"
        disc = None
        if item in matrix.columns and n_students >= 5 and q.type != "reflection":
            col = matrix[item]
            rest = total - col
            if col.std() > 0 and rest.std() > 0:
                disc = round(float(col.corr(rest)), 2)
        rated = answered[answered["correct"].notna()]
        graded = answered["graded"]
        rows.append(
            {
                "bank": q.bank,
                "question": q.question,
                "type": q.type,
                "prompt": q.prompt,
                "assigned": bool(q.assigned),
                "students": n,
                "share_answered": round(n / n_students, 2) if n_students else None,
                "difficulty": (
                    round(float(answered["score"].fillna(0).mean()), 2)
                    if n and q.type != "reflection"
                    else None
                ),
                "correct_rate": (
                    round(float((rated["correct"] == True).mean()), 2)  # noqa: E712
                    if len(rated)
                    else None
                ),
                "self_reported": int((graded == "self-reported").sum()),
                "discrimination": disc,
                "mean_attempts": round(float(answered["attempts"].mean()), 2) if n else None,
                "hints_used": int(mine["hints_shown"].sum()),
                "students_with_hints": int((mine["hints_shown"] > 0).sum()),
                "revealed": int(mine["revealed"].sum()),
                "mean_words": (
                    round(float(answered["words"].mean()), 1)
                    if n and q.type == "reflection"
                    else None
                ),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "bank", "question", "type", "prompt", "assigned", "students", "share_answered",
            "difficulty", "correct_rate", "self_reported", "discrimination", "mean_attempts",
            "hints_used", "students_with_hints", "revealed", "mean_words",
        ],
    )  # fmt: skip


def _distractor_table(
    qdf: pd.DataFrame, resp: pd.DataFrame, known: dict[str, Bank]
) -> pd.DataFrame:
    import pandas as pd

    from usjapan_edu.quiz.model import (
        Match,
        MultipleChoice,
        Numeric,
        SingleChoice,
        TrueFalse,
        fold_text,
    )
    from usjapan_edu.quiz.parsing import AnswerFormatError, format_number, parse_number

    rows: list[dict[str, Any]] = []

    def add(q: Any, response: str, right: bool | None, count: int, n: int) -> None:
        rows.append(
            {
                "bank": q.bank,
                "question": q.question,
                "type": q.type,
                "response": response,
                "correct": right,
                "count": count,
                "share": round(count / n, 2) if n else None,
            }
        )

    answered_all = resp[resp["answered"] & (resp["graded"] != "unknown")]
    groups = {key: g for key, g in answered_all.groupby(["bank", "question"], sort=False)}
    empty = answered_all.iloc[0:0]
    for q in qdf.itertuples(index=False):
        if q.type in {"reflection", "exercise"} or q.exercise:
            continue
        answered = groups.get((q.bank, q.question), empty)
        n = len(answered)
        if n == 0:
            continue
        bank = known.get(q.bank)
        model = (
            next((x for x in bank.questions if x.id == q.question), None) if bank else None
        )  # one lookup per question of the instructor's banks, not per answer
        responses = answered["response"].tolist()
        if isinstance(model, SingleChoice | MultipleChoice):
            counts: Counter[str] = Counter()
            other = 0
            for r in responses:
                picks = r if isinstance(r, list) else [r]
                hit = False
                for pick in picks:
                    opt = next(
                        (
                            o
                            for o in model.options
                            if isinstance(pick, str) and fold_text(o.text) == fold_text(pick)
                        ),
                        None,
                    )
                    if opt is not None:
                        counts[opt.text] += 1
                        hit = True
                other += not hit
            for opt in model.options:
                add(q, opt.text, opt.correct, counts[opt.text], n)
            if other:
                add(q, "(not an option)", False, other, n)
            continue
        if isinstance(model, TrueFalse):
            values = Counter(r for r in responses if isinstance(r, bool))
            for value in (True, False):
                add(q, "true" if value else "false", value == model.answer, values[value], n)
            continue
        wrong: Counter[str] = Counter()
        if isinstance(model, Match):
            right_pairs = dict(model.pairs)
            for r in responses:
                if isinstance(r, dict):
                    for left, chosen in r.items():
                        if right_pairs.get(left) != chosen:
                            wrong[f"{left} → {chosen}"] += 1
        else:
            graded = answered[answered["correct"] != True]  # noqa: E712
            for r in graded["response"].tolist():
                if isinstance(model, Numeric):
                    try:
                        key = format_number(parse_number(r, model.unit))
                    except (AnswerFormatError, TypeError, ValueError):
                        key = str(r).strip()
                    if model.unit:
                        key = f"{key} {model.unit}"
                elif q.type == "text" and isinstance(r, str):
                    key = fold_text(r)
                else:
                    key = _response_text(r)
                wrong[key] += 1
        right_count = int((answered["correct"] == True).sum())  # noqa: E712
        if q.type != "match":
            add(q, "(right answer)", True, right_count, n)
        for key, count in wrong.most_common(TOP_WRONG):
            add(q, key, False, count, n)
    return pd.DataFrame(
        rows, columns=["bank", "question", "type", "response", "correct", "count", "share"]
    )
