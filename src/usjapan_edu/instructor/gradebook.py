r"""The class gradebook: students' progress exports → per-student and per-question tables.

Input: the files students hand in, written by ``usjapan-edu progress export`` (CSV or JSON,
see :mod:`usjapan_edu.quiz.store`). Any number of files, folders (searched recursively for
``*.csv`` and ``*.json``) and glob patterns.

Who is who
    A student is identified by the **file name** (``alice.csv`` and ``alice.json`` are Alice),
    because an export does not name its student. ``student_from="folder"`` uses the folder
    instead (``submissions/alice/usjapan-edu-progress.csv``); ``"canvas"`` and ``"moodle"``
    read the names those LMSs give downloaded submissions (``smithjane_1234_5678_x.csv``,
    ``Jane Smith_1234_assignsubmission_file_x.csv``); ``pattern`` takes a regular expression
    whose group ``student`` (or first group) is the student.

Duplicates and late re-submissions
    When one student handed in several exports, the one with the **newest answers** wins (the
    latest ``updated`` time in it; on a tie the later export: JSON's ``exported`` time, else
    the file's modification time). The others are listed as *superseded* (or *duplicate* when
    byte-identical). Two students handing in byte-identical exports are flagged.

Malformed files
    A file that cannot be read — not UTF-8, not CSV/JSON, not a usjapan-edu export, a row with
    the wrong number of cells, a score that is not a number between 0 and 1 … — is reported as
    one line ``file:line: what is wrong`` and skipped as if it had not been handed in (a
    student's earlier readable export then counts). It is never fatal.

Scores
    Each answer is **graded again** against the bank (shipped, custom or given with
    ``banks``), exactly as the quiz grades it, so a hand-edited score in an export counts for
    nothing; ``recorded_score`` keeps what the export said and ``rescored`` counts the
    differences per student. Questions of banks the gradebook does not know keep the export's
    score. CSV exports guard text cells against spreadsheet formulas with a leading ``'``
    (``'-68``); the guard is removed when reading.

Exercises
    Progress records of ``type: exercise`` (banks named ``exercises:<prefix>``) are counted as
    exercise completion (done = last check right), not in the quiz score.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "alice.csv").write_text(
...     "bank,bank_title,question,type,response,correct,score,attempts,hints_shown,revealed,"
...     "feedback,updated\nsample-all-types,Sample,treaty-1951,single,Tokyo,False,0.0,2,1,"
...     "False,,2025-01-01T10:00:00+00:00\n", encoding="utf-8")
>>> book = build_gradebook([folder])
>>> book.students[["student", "answered", "score", "hints_used"]].to_dict("records")
[{'student': 'alice', 'answered': 1, 'score': 0.0, 'hints_used': 1}]

"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from usjapan_edu.quiz.store import EXPORT_COLUMNS, FORMULA_PREFIXES, SCHEMA, SCHEMA_VERSION

if TYPE_CHECKING:
    import pandas as pd

    from usjapan_edu.quiz.model import Bank

__all__ = [
    "MAX_EXPORT_BYTES",
    "STUDENT_FROM",
    "ExportFile",
    "Gradebook",
    "MalformedExport",
    "Record",
    "build_gradebook",
    "find_exports",
    "read_export",
    "student_of",
]

MAX_EXPORT_BYTES = 20_000_000
"""Largest export read (a whole course's answers are well under 1 MB)."""
REQUIRED_CSV = ("bank", "question", "type", "response", "score", "attempts", "hints_shown")
JSON_TYPES = {"multiple", "order", "match"}
STUDENT_FROM = ("file", "folder", "canvas", "moodle")
_LMS_PATTERNS = {
    # Canvas: "<sortable name>_[LATE_]<user id>_<submission id>_<original name>"
    "canvas": re.compile(r"^(?P<name>.+?)_(?:LATE_)?(?P<id>\d+)_\d+_"),
    # Moodle: "<Full Name>_<participant id>_assignsubmission_file_<original name>"
    "moodle": re.compile(r"^(?P<name>.+?)_(?P<id>\d+)_assignsubmission_file_?"),
}
TOP_WRONG = 10
"""Wrong responses listed per free-response question in the distractor table."""


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

    @property
    def last_activity(self) -> datetime | None:
        """The newest ``updated`` time of its answers (what decides between re-submissions)."""
        stamps = [r.updated for r in self.records if r.updated is not None]
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

    @property
    def n_students(self) -> int:
        """Number of students with a readable export."""
        return len(self.students)


# ---------------------------------------------------------------- finding files


def find_exports(args: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[str]]:
    """Expand files, folders (recursively: ``*.csv``, ``*.json``) and globs into export files.

    Returns ``(files, problems)``; a name that matches nothing is a problem line, not an error.
    Hidden files and folders (``.name``) inside folders are skipped.

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
            files = [
                p
                for p in sorted(path.rglob("*"))
                if p.suffix.lower() in {".csv", ".json"}
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ]
            if not files:
                problems.append(f"{text}: no exports (*.csv, *.json) in this folder")
            for p in files:
                add(p)
        elif path.is_file():
            add(path)
        elif glob.has_magic(text):
            matches = sorted(glob.glob(os.path.expanduser(text), recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
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
        raise MalformedExport(f"{name} {value!r} is not a whole number")
    if not (math.isfinite(value) and float(value).is_integer() and 0 <= value <= 1e9):
        raise MalformedExport(f"{name} {value!r} is not a whole number from 0 up")
    return int(value)


def _score(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise MalformedExport(f"score {value!r} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedExport(f"score {value!r} is not a number")
    if not 0.0 <= value <= 1.0:  # also refuses NaN
        raise MalformedExport(f"score {value!r} is not between 0 and 1")
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
    """Turn a CSV response cell back into what the quiz saved (JSON for lists, mappings)."""
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


def _record(raw: dict[str, Any], response: Any, *, bank_title: str = "") -> Record:
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
    )


def _read_csv(text: str) -> list[Record]:
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
        try:
            rec = _record(
                raw,
                _csv_response(raw["response"], _unguard(raw.get("type", "")).strip()),
                bank_title=raw.get("bank_title", ""),
            )
        except MalformedExport as exc:
            raise MalformedExport(f"{exc}", line) from None
        key = (rec.bank, rec.question)
        if key in seen:
            raise MalformedExport(
                f"question {rec.bank}/{rec.question} appears twice (also line {seen[key]})", line
            )
        seen[key] = line
        records.append(rec)
    return records


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


def _read_json(text: str) -> tuple[list[Record], datetime | None]:
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
            raise MalformedExport(f"bank {bank_id!r} is damaged", _line_of(text, "banks", bank_id))
        title = bank.get("title") if isinstance(bank.get("title"), str) else ""
        for qid, rec in (bank.get("questions") or {}).items():
            if not isinstance(rec, dict):
                line = _line_of(text, "banks", bank_id, "questions", qid)
                raise MalformedExport(f"question {bank_id}/{qid} is damaged", line)
            try:
                records.append(
                    _record(
                        {**rec, "bank": bank_id, "question": qid},
                        rec.get("response"),
                        bank_title=title,
                    )
                )
            except MalformedExport as exc:
                line = _line_of(text, "banks", bank_id, "questions", qid)
                raise MalformedExport(f"question {bank_id}/{qid}: {exc}", line) from None
    return records, _parse_time(data.get("exported"))


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
        records, exported = _read_json(text)
    else:
        records, exported = _read_csv(text), None
    return ExportFile(path=path, kind=kind, records=records, digest=digest, exported=exported)


def student_of(path: Path, how: str = "file", pattern: re.Pattern[str] | None = None) -> str | None:
    """Return the student an export belongs to (``None`` if the name says nothing).

    Examples
    --------
    >>> student_of(Path("subs/alice.csv"))
    'alice'
    >>> student_of(Path("subs/alice/usjapan-edu-progress.csv"), "folder")
    'alice'
    >>> student_of(Path("smithjane_LATE_1234_5678_usjapan-edu-progress.csv"), "canvas")
    'smithjane_1234'
    >>> student_of(Path("Jane Smith_1234_assignsubmission_file_answers.csv"), "moodle")
    'Jane Smith_1234'

    """
    if pattern is not None:
        found = pattern.search(path.name)
        if not found:
            return None
        groups = found.groupdict()
        value = groups.get("student") or (found.group(1) if found.groups() else found.group(0))
        return value.strip() or None
    if how == "folder":
        return path.parent.name or None
    if how in _LMS_PATTERNS:
        for name in (path.name, path.parent.name):
            found = _LMS_PATTERNS[how].match(name)
            if found:
                return f"{found['name'].strip()}_{found['id']}"
        return None
    return path.stem.strip() or None


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


def _choose(exports: list[ExportFile]) -> list[ExportFile]:
    """Mark, per student, the export that counts; return those (one per student)."""
    by_student: dict[str, list[ExportFile]] = defaultdict(list)
    for export in exports:
        by_student[export.student].append(export)
    used = []
    for student in sorted(by_student):
        group = sorted(by_student[student], key=_sort_key)
        winner = group[-1]
        for other in group[:-1]:
            same = other.digest == winner.digest
            other.status = "duplicate" if same else "superseded"
            other.note = f"{'identical to' if same else 'older than'} {winner.path}"
        used.append(winner)
    twins: dict[str, list[str]] = defaultdict(list)
    for export in used:
        if export.records:
            twins[export.digest].append(export.student)
    for export in used:
        others = [s for s in twins.get(export.digest, []) if s != export.student]
        if others:
            export.note = f"byte-identical to the export of {', '.join(others)}"
    return used


# ---------------------------------------------------------------- grading


class _Grader:
    """Grade responses against the known banks, caching identical answers."""

    def __init__(self, banks: dict[str, Bank], regrade: bool) -> None:
        self.banks = banks
        self.regrade = regrade
        self.cache: dict[tuple[str, str, str], tuple[bool | None, float, bool]] = {}
        self.problems: dict[tuple[str, str], str] = {}

    def question(self, rec: Record) -> Any:
        bank = self.banks.get(rec.bank)
        if bank is None:
            return None
        for q in bank.questions:
            if q.id == rec.question:
                return q if (not rec.type or q.type == rec.type) else None
        return None

    def grade(self, rec: Record) -> tuple[bool | None, float | None, str]:
        """Return ``(correct, score, how)``; ``how`` is regraded/recorded/invalid/…."""
        if rec.attempts == 0 or rec.response is None:
            return None, None, "not answered"
        q = self.question(rec) if self.regrade else None
        if q is None:
            return rec.correct, rec.score, "recorded"
        key = (rec.bank, rec.question, json.dumps(rec.response, sort_keys=True, default=str))
        if key not in self.cache:
            from usjapan_edu.quiz.model import AnswerFromError

            try:
                grade = q.grade(rec.response)
            except AnswerFromError as exc:
                self.problems[(rec.bank, rec.question)] = (
                    f"{rec.bank}/{rec.question}: cannot compute the right answer ({exc}); the "
                    "exports' scores are used"
                )
                return rec.correct, rec.score, "recorded"
            self.cache[key] = (grade.correct, grade.score, grade.attempt_counts)
        correct, score, readable = self.cache[key]
        if not readable:
            return False, 0.0, "invalid"
        return correct, score, "regraded"


# ---------------------------------------------------------------- building the tables


def _words(response: Any) -> int:
    return len(response.split()) if isinstance(response, str) else 0


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
) -> tuple[dict[str, Bank], set[str], list[str]]:
    """Return (bank id -> bank, ids of the ``extra`` banks, problems)."""
    from usjapan_edu.quiz.bank import BankError, UnknownBankError, list_banks, load_bank

    banks: dict[str, Bank] = {}
    explicit: set[str] = set()
    problems: list[str] = []
    sources = [(s, False) for s in list_banks()] + [(s, True) for s in extra]
    for source, named in sources:
        try:
            bank = load_bank(source, resolve=False)
        except BankError as exc:
            problems.append(f"bank {source}: cannot be used to grade ({exc.problems[0]})")
            continue
        except (UnknownBankError, OSError) as exc:
            problems.append(f"bank {source}: {exc}")
            continue
        banks[bank.id] = bank  # later (named) banks win
        if named:
            explicit.add(bank.id)
    return banks, explicit, problems


def _known_exercises() -> dict[str, list[Any]]:
    """Return progress bank (``exercises:<prefix>``) -> its exercises, from the shipped files."""
    try:
        from usjapan_edu import exercises
    except ImportError:  # pragma: no cover - an install without the exercises package
        return {}
    out: dict[str, list[Any]] = {}
    try:
        for exercise_id in exercises.list_exercises():
            ex = exercises.get_exercise(exercise_id)
            out.setdefault(ex.bank_id, []).append(ex)
    except Exception:  # a broken exercise file must not stop the gradebook
        return out
    return out


def build_gradebook(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    student_from: str = "file",
    pattern: str | re.Pattern[str] | None = None,
    banks: Sequence[Bank | str | os.PathLike[str]] = (),
    regrade: bool = True,
) -> Gradebook:
    """Read the exports in ``inputs`` and compute the gradebook's tables.

    Parameters
    ----------
    inputs : iterable of str or path-like
        Export files, folders (searched recursively) and glob patterns.
    student_from : {"file", "folder", "canvas", "moodle"}
        How a file names its student (see the module notes).
    pattern : str or compiled regex, optional
        A regular expression searched in the file name; its group ``student`` (or its first
        group, or the whole match) is the student. Overrides ``student_from``.
    banks : sequence of Bank, slug or path
        Banks to grade with besides the available ones (bundled and ``USJAPAN_EDU_BANKS``);
        they also count as assigned, so a student who skipped one gets 0 for it.
    regrade : bool
        Grade every answer again against the banks (default); ``False`` trusts the exports.

    Returns
    -------
    Gradebook
        ``problems`` lists every file skipped and why, one line each (``file:line: …``).

    Raises
    ------
    ValueError
        For an unknown ``student_from`` or an invalid ``pattern``.

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
    for path in files:
        student = student_of(path, student_from, pattern)
        try:
            export = read_export(path)
        except MalformedExport as exc:
            problems.append(f"{path}:{exc.line}: {exc}; skipped")
            skipped.append(
                {
                    "file": str(path),
                    "student": student or "",
                    "status": "skipped",
                    "note": f"line {exc.line}: {exc}",
                }
            )
            continue
        except OSError as exc:
            problems.append(f"{path}:1: cannot read the file ({exc.strerror or exc}); skipped")
            skipped.append(
                {
                    "file": str(path),
                    "student": student or "",
                    "status": "skipped",
                    "note": f"cannot read: {exc.strerror or exc}",
                }
            )
            continue
        if student is None:
            problems.append(f"{path}:1: the file name names no student (--student); skipped")
            skipped.append(
                {
                    "file": str(path),
                    "student": "",
                    "status": "skipped",
                    "note": "no student in the file name",
                }
            )
            continue
        export.student = student
        exports.append(export)

    by_name = Counter(e.student for e in exports)
    if student_from == "file" and pattern is None:
        for student, n in by_name.items():
            folders = {e.path.parent for e in exports if e.student == student}
            if n >= 3 and len(folders) >= 3:
                notes.append(
                    f"{n} exports in {len(folders)} folders are all named '{student}': they are "
                    "taken as one student's re-submissions; if each folder is a student, use "
                    "--student folder"
                )
    used = _choose(exports)

    known, explicit, bank_problems = _known_banks(banks)
    known_exercises = _known_exercises()
    problems += bank_problems
    grader = _Grader(known, regrade)

    # one row per (student, question) of the exports that count
    rows: list[dict[str, Any]] = []
    titles: dict[str, str] = {}
    for export in used:
        for rec in export.records:
            if rec.bank_title:
                titles.setdefault(rec.bank, rec.bank_title)
            correct, score, how = grader.grade(rec)
            rows.append(
                {
                    "student": export.student,
                    "bank": rec.bank,
                    "question": rec.question,
                    "type": rec.type,
                    "exercise": rec.is_exercise,
                    "response": rec.response,
                    "answered": rec.attempts > 0 and rec.response is not None,
                    "correct": correct,
                    "score": score,
                    "recorded_correct": rec.correct,
                    "recorded_score": rec.score,
                    "graded": how,
                    "attempts": rec.attempts,
                    "hints_shown": rec.hints,
                    "revealed": rec.revealed,
                    "words": _words(rec.response) if rec.type == "reflection" else 0,
                    "updated": rec.updated,
                }
            )
    problems += list(grader.problems.values())
    for bank in known.values():
        titles[bank.id] = bank.title
    resp = pd.DataFrame(
        rows,
        columns=[
            "student",
            "bank",
            "question",
            "type",
            "exercise",
            "response",
            "answered",
            "correct",
            "score",
            "recorded_score",
            "recorded_correct",
            "graded",
            "attempts",
            "hints_shown",
            "revealed",
            "words",
            "updated",
        ],
    )

    # the questions in play: every question of each bank anyone used (or named), in bank order
    resp = resp.astype(  # proper dtypes also when no export holds an answer
        {"exercise": bool, "answered": bool, "revealed": bool, "attempts": "int64",
         "hints_shown": "int64", "words": "int64", "score": "float64",
         "recorded_score": "float64"}
    )  # fmt: skip
    in_play = list(dict.fromkeys([*resp["bank"].tolist(), *sorted(explicit)]))
    exercise_banks = set(resp.loc[resp["exercise"], "bank"])
    in_play.sort(key=lambda b: b in exercise_banks)  # quiz banks first, in order of use
    question_rows: list[dict[str, Any]] = []
    for bank_id in in_play:
        bank = known.get(bank_id)
        seen = resp.loc[resp["bank"] == bank_id, ["question", "type", "exercise"]].drop_duplicates(
            "question"
        )
        if bank is None and bank_id in known_exercises:
            listed = set()
            for ex in known_exercises[bank_id]:
                question_rows.append(
                    {
                        "bank": bank_id,
                        "question": ex.name,
                        "type": "exercise",
                        "exercise": True,
                        "prompt": _plain(ex.prompt),
                    }
                )
                listed.add(ex.name)
        elif bank is not None:
            for q in bank.questions:
                question_rows.append(
                    {
                        "bank": bank_id,
                        "question": q.id,
                        "type": q.type,
                        "exercise": False,
                        "prompt": _plain(q.prompt),
                    }
                )
            listed = {q.id for q in bank.questions}
        else:
            listed = set()  # a bank nobody can look up: its questions as the exports list them
        for item in seen.sort_values("question").itertuples(index=False):
            if item.question not in listed:
                question_rows.append(
                    {
                        "bank": bank_id,
                        "question": item.question,
                        "type": item.type,
                        "exercise": bool(item.exercise),
                        "prompt": "",
                    }
                )
    qdf = pd.DataFrame(question_rows, columns=["bank", "question", "type", "exercise", "prompt"])

    students = _student_table(used, resp, qdf, in_play)
    questions = _question_table(qdf, resp, students)
    distractors = _distractor_table(qdf, resp, known)
    export_rows = [
        {
            "file": str(e.path),
            "student": e.student,
            "status": e.status,
            "format": e.kind,
            "last_activity": e.last_activity.isoformat() if e.last_activity else "",
            "exported": e.exported.isoformat() if e.exported else "",
            "answers": sum(r.attempts > 0 for r in e.records),
            "note": e.note,
        }
        for e in sorted(exports, key=lambda e: (e.student, str(e.path)))
    ]
    export_rows += [
        {**s, "format": "", "last_activity": "", "exported": "", "answers": 0} for s in skipped
    ]
    exports_df = pd.DataFrame(
        export_rows,
        columns=[
            "file",
            "student",
            "status",
            "format",
            "last_activity",
            "exported",
            "answers",
            "note",
        ],
    )
    responses = resp.assign(
        response=resp["response"].map(
            lambda r: (
                r if isinstance(r, str) else "" if r is None else json.dumps(r, ensure_ascii=False)
            )
        ),
        updated=resp["updated"].map(lambda t: t.isoformat() if t is not None else ""),
    )
    return Gradebook(
        students=students,
        questions=questions,
        distractors=distractors,
        responses=responses,
        exports=exports_df,
        problems=problems,
        notes=notes,
        bank_titles={b: titles.get(b, "") for b in in_play},
    )


def _student_table(
    used: list[ExportFile], resp: pd.DataFrame, qdf: pd.DataFrame, in_play: list[str]
) -> pd.DataFrame:
    import pandas as pd

    quiz_q = qdf[~qdf["exercise"] & (qdf["type"] != "exercise")]
    possible = len(quiz_q)
    scored_banks = [b for b in in_play if b in set(quiz_q["bank"])]
    n_exercises = int(qdf["exercise"].sum())
    quiz = resp[~resp["exercise"]]
    answered = quiz[quiz["answered"]].assign(
        s=lambda d: d["score"].fillna(0.0).astype(float),
        right=lambda d: d["correct"].map(lambda c: c is True),
        changed=lambda d: (
            d["graded"].isin(["regraded", "invalid"])
            & (d["score"].fillna(0.0) - d["recorded_score"].fillna(0.0)).abs().gt(1e-9)
        ),
    )
    ex = resp[resp["exercise"]].assign(
        done=lambda d: d["correct"].map(lambda c: c is True), tried=lambda d: d["attempts"] > 0
    )
    effort = quiz.groupby("student")[["attempts", "hints_shown", "revealed", "words"]].sum()
    marks = answered.groupby("student").agg(
        answered=("question", "size"), correct=("right", "sum"), score=("s", "sum"),
        rescored=("changed", "sum"),
    )  # fmt: skip
    done = ex.groupby("student")[["done", "tried"]].sum()
    per_bank = answered.pivot_table(index="student", columns="bank", values="s", aggfunc="sum")

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
            "file": str(export.path),
            "last_activity": export.last_activity.isoformat() if export.last_activity else "",
            "answered": int(get(marks, who, "answered")),
            "correct": int(get(marks, who, "correct")),
            "score": round(score, 2),
            "possible": possible,
            "percent": round(100 * score / possible, 1) if possible else None,
            "attempts": int(get(effort, who, "attempts")),
            "hints_used": int(get(effort, who, "hints_shown")),
            "revealed": int(get(effort, who, "revealed")),
            "reflection_words": int(get(effort, who, "words")),
            "exercises_done": int(get(done, who, "done")),
            "exercises_attempted": int(get(done, who, "tried")),
            "exercises_total": n_exercises,
            "rescored": int(get(marks, who, "rescored")),
            "note": export.note,
        }
        for bank_id in scored_banks:
            row[f"score {bank_id}"] = round(get(per_bank, who, bank_id), 2)
        rows.append(row)
    columns = [
        "student", "file", "last_activity", "answered", "correct", "score", "possible",
        "percent", "attempts", "hints_used", "revealed", "reflection_words", "exercises_done",
        "exercises_attempted", "exercises_total", "rescored", "note",
    ]  # fmt: skip
    columns += [f"score {b}" for b in scored_banks]
    return pd.DataFrame(rows, columns=columns)


def _question_table(qdf: pd.DataFrame, resp: pd.DataFrame, students: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    n_students = len(students)
    # discrimination: corrected item-total correlation over all students (unanswered = 0)
    quiz = resp[~resp["exercise"] & resp["answered"]]
    matrix = (
        quiz.assign(item=quiz["bank"] + "\x1f" + quiz["question"], s=quiz["score"].fillna(0.0))
        .pivot_table(index="student", columns="item", values="s", aggfunc="sum")
        .reindex(students["student"])
        .fillna(0.0)
    )
    total = matrix.sum(axis=1)
    rows = []
    for q in qdf.itertuples(index=False):
        mine = resp[(resp["bank"] == q.bank) & (resp["question"] == q.question)]
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
        rows.append(
            {
                "bank": q.bank,
                "question": q.question,
                "type": q.type,
                "prompt": q.prompt,
                "students": n,
                "share_answered": round(n / n_students, 2) if n_students else None,
                "difficulty": round(float(answered["score"].fillna(0).mean()), 2) if n else None,
                "correct_rate": (
                    round(float((rated["correct"] == True).mean()), 2)  # noqa: E712
                    if len(rated)
                    else None
                ),
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
            "bank",
            "question",
            "type",
            "prompt",
            "students",
            "share_answered",
            "difficulty",
            "correct_rate",
            "discrimination",
            "mean_attempts",
            "hints_used",
            "students_with_hints",
            "revealed",
            "mean_words",
        ],
    )


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

    for q in qdf.itertuples(index=False):
        if q.type in {"reflection", "exercise"} or q.exercise:
            continue
        answered = resp[
            (resp["bank"] == q.bank) & (resp["question"] == q.question) & resp["answered"]
        ]
        n = len(answered)
        if n == 0:
            continue
        bank = known.get(q.bank)
        model = next((x for x in bank.questions if x.id == q.question), None) if bank else None
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
