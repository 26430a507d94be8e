"""The student's quiz progress on disk: one JSON file, locked, atomic, exportable.

Location: ``$USJAPAN_EDU_HOME/progress.json`` when the variable is set, else
``platformdirs.user_data_dir("usjapan-edu")/progress.json``. If that path is a symbolic link,
reads and writes go to the file it points to (the link stays a link).

Every change is a read-modify-write under a :class:`filelock.FileLock` (``progress.json.lock``)
and lands with a temporary file + :func:`os.replace`, so two notebooks (two kernels) answering at
the same time keep each other's answers and a crash never leaves half a file. A change holds the
lock for milliseconds, so a writer simply waits while others hold it (many notebooks saving at
once only wait, never fail); only a lock held for :data:`LOCK_TIMEOUT` (ten minutes) is an
error. Temporary files orphaned by a killed writer are deleted by the next write. A file that
cannot be read is moved aside as
``progress.corrupt-<timestamp>.json`` with a :class:`ProgressWarning` naming both paths — never
silently dropped.

Two widgets of one bank (two notebooks, two kernels) never lose each other's information:
:meth:`ProgressStore.update` merges with what is on disk — ``revealed`` never goes back from
true to false, ``hints_shown`` never goes down, and a counted attempt adds one to the saved
``attempts`` (whatever the caller counted). An attempt is a *new* answer: the same response as
the saved one (a notebook run again from the top) updates ``updated`` but is not counted; a
record keeps the time of its first counted attempt (``first``) and of the last (``updated``).

Reading is forgiving: a field of a question with the wrong type (``"attempts": "3"``,
``"score": "x"``, ``"revealed": null``) is read as the value it safely means (``3``) or as the
field's default, with a :class:`ProgressWarning` naming the file and the question; the file
itself is left as it is (a later answer to that question rewrites that record normally). A
folder that cannot hold the lock file (a read-only home) can still be read, without the lock.
Every operating-system error (permissions, a folder where the file should be, a full disk) is
raised as :class:`ProgressError` with a one-line message naming the path.

File layout (``schema_version`` 1)::

    {"schema": "usjapan-edu/progress", "schema_version": 1,
     "banks": {"<bank id>": {"title": "…", "total": 8, "updated": "<ISO time>",
               "questions": {"<question id>": {
                   "type": "numeric", "response": "-68", "correct": true, "score": 1.0,
                   "feedback": "Correct! …", "attempts": 2, "hints_shown": 1,
                   "revealed": false, "updated": "<ISO time>",
                   "history": [{"response": …, "correct": …, "score": …, "at": …}, …]}}}}}

Exports: JSON is the file as it is (raw). CSV (RFC 4180: comma-separated, CRLF line ends,
UTF-8) has one row per question, each value with its column's type, and is made safe to
open in a spreadsheet: following OWASP's advice against formula ("CSV") injection, every text
cell (response, feedback, titles, ids…) that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'``, so Excel or LibreOffice shows it as text instead of
running it. A cell that is a plain number (``-68``, ``-67.9``, ``1e3``) is not a formula and is
written as it is, so a spreadsheet reads it as a number.

Examples
--------
>>> import os, tempfile
>>> os.environ["USJAPAN_EDU_HOME"] = tempfile.mkdtemp()
>>> store = ProgressStore()
>>> _ = store.update("demo", "q1", response="Okinawa", correct=True, score=1.0,
...                  record_attempt=True)
>>> ProgressStore().get("demo", "q1")["attempts"]
1

"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filelock
import platformdirs

from usjapan_edu._grading_run import progress_disabled
from usjapan_edu.i18n import LANGUAGES, check_language

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ENV_VAR",
    "SCHEMA_VERSION",
    "ProgressError",
    "ProgressStore",
    "ProgressWarning",
    "default_path",
    "export",
    "progress_disabled",
    "same_answer",
    "summary",
]

ENV_VAR = "USJAPAN_EDU_HOME"
SCHEMA = "usjapan-edu/progress"
SCHEMA_VERSION = 1
HISTORY_LIMIT = 50
LOCK_TIMEOUT = 600.0
"""Seconds a reader or writer waits for another program's lock before giving up.

A change holds the lock for milliseconds, so only a stuck program can hold it this long;
busy writers (many notebooks saving at once) only make others wait, never fail."""
LOCK_POLL = 0.01
"""Seconds between two tries to take a busy lock."""
ORPHAN_AGE = 60.0
"""A temporary file of the progress file older than this (seconds) is left over by a killed
writer and is deleted by the next write."""
MAX_COUNT = 1_000_000_000
"""Largest ``attempts`` / ``hints_shown`` / ``total`` read from a file."""
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""
EXPORT_COLUMNS = (
    "bank",
    "bank_title",
    "question",
    "type",
    "response",
    "correct",
    "score",
    "attempts",
    "hints_shown",
    "revealed",
    "feedback",
    "updated",
    "value",
    "student",
    "student_id",
    "language",
)
"""Columns of the CSV export. ``value`` is an exercise's submitted value as JSON text (when it
was kept: see :mod:`usjapan_edu.exercises.records`), so the gradebook can check it again;
``student``/``student_id`` repeat who handed the file in; ``language`` is the language the
question was answered in (``en``, ``ja``; empty for answers saved before it was recorded)."""
STUDENT_MAX = 200
"""Longest name or id kept (characters)."""
SUMMARY_COLUMNS = ("bank", "title", "answered", "correct", "score", "total", "last_activity")


_SESSION_MEMORY: dict[str, Any] = {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "banks": {}}
"""The progress of a grading run (see :func:`progress_disabled`), kept for this process only."""


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the student should know about."""


class ProgressError(RuntimeError):
    """The progress file cannot be used; the message is one line naming the path.

    Raised for a file written by a newer usjapan-edu, for every operating-system error
    (permission denied, a folder where the file should be, a full disk…) and when another
    program holds the lock for longer than :data:`LOCK_TIMEOUT`.
    """


def default_path() -> Path:
    """Return where progress is kept (``$USJAPAN_EDU_HOME`` or the user-data dir).

    Examples
    --------
    >>> default_path().name
    'progress.json'

    """
    home = os.environ.get(ENV_VAR)
    base = (
        Path(home).expanduser() if home else Path(platformdirs.user_data_dir("usjapan-edu", False))
    )
    return base / "progress.json"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _empty() -> dict[str, Any]:
    return {"schema": SCHEMA, "schema_version": SCHEMA_VERSION, "banks": {}}


def _lock_path(target: Path) -> Path:
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def _reported(path: Path, doing: str) -> Iterator[None]:
    """Turn an OS error (or a lock timeout) into a one-line :class:`ProgressError`."""
    try:
        yield
    except filelock.Timeout as exc:
        msg = (
            f"cannot {doing} quiz progress {path}: another program has held its lock "
            f"{_lock_path(path)} for more than {LOCK_TIMEOUT:.0f} s; close other notebooks "
            "and try again"
        )
        raise ProgressError(msg) from exc
    except OSError as exc:
        raise ProgressError(_os_message(f"cannot {doing} quiz progress {path}", path, exc)) from exc


def _os_message(prefix: str, path: Path, exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename and os.fspath(exc.filename) != os.fspath(path):
        reason = f"{reason}: {exc.filename}"
    return f"{prefix}: {reason}"


class ProgressStore:
    """Read and write the progress file (safe across processes).

    Parameters
    ----------
    path : str or path-like, optional
        The JSON file; default :func:`default_path` (looked up when the store is created).
        A symbolic link is followed: the file it points to is the one read and updated.

    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        # A grading run (see progress_disabled) keeps progress in memory, never on disk: one
        # record for the whole process, so every store of this kernel sees the same answers.
        self._memory: dict[str, Any] | None = (
            _SESSION_MEMORY if path is None and progress_disabled() else None
        )

    @property
    def in_memory(self) -> bool:
        """True when nothing is read from or written to disk (a grading run)."""
        return self._memory is not None

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    @property
    def lock_path(self) -> Path:
        """The lock file, beside the file the progress path points to."""
        return _lock_path(self._target())

    # -- low level

    def _target(self) -> Path:
        """Return the file to read and replace: :attr:`path` with symbolic links resolved."""
        return Path(os.path.realpath(self.path))

    def _lock(self, target: Path) -> filelock.BaseFileLock:
        return filelock.FileLock(_lock_path(target), timeout=LOCK_TIMEOUT, poll_interval=LOCK_POLL)

    def _read_unlocked(self, target: Path, *, locked: bool = True) -> dict[str, Any]:
        """Read ``target``; a damaged file is moved aside if ``locked``, else left alone."""
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            return _empty()
        data: Any = None
        try:
            data = json.loads(raw.decode("utf-8"))
            problem = _check(data)
        except (ValueError, UnicodeDecodeError) as exc:  # also integers too long to read
            problem = f"not valid JSON ({exc})"
        except RecursionError:
            problem = "nested too deeply"
        if problem is None:
            return data
        if problem == "newer":
            msg = (
                f"{target} was written by a newer usjapan-edu (schema version "
                f"{data.get('schema_version')!r} > {SCHEMA_VERSION}); update usjapan-edu to use it "
                "(in a clone: `git pull`, then `make lab`; installed with pip: reinstall it "
                "from where you got it)"
            )
            raise ProgressError(msg)
        if not locked:
            warnings.warn(
                f"Your quiz progress file {target} could not be read ({problem}); it was "
                "left as it is.",
                ProgressWarning,
                stacklevel=4,
            )
            return _empty()
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = target.with_name(f"{target.stem}.corrupt-{stamp}{target.suffix}")
        os.replace(target, aside)
        warnings.warn(
            f"Your quiz progress file {target} could not be read ({problem}). It was moved "
            f"to {aside} so nothing is lost, and a new file was started. Ask your instructor "
            "if you need the old answers back.",
            ProgressWarning,
            stacklevel=4,
        )
        return _empty()

    def _read_quick(self, target: Path) -> dict[str, Any] | None:
        """Read ``target`` without the lock; ``None`` if it needs the locked path (damaged)."""
        try:
            raw = target.read_bytes()
        except FileNotFoundError:
            return _empty()
        except OSError:
            return None  # the locked path reports it
        try:
            data = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            return None  # the locked path moves it aside and says so
        return data if _check(data) is None else None

    def _write_unlocked(self, target: Path, data: Mapping[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        _atomic_write(target, text)

    def load(self) -> dict[str, Any]:
        """Return the whole progress data (read under the lock).

        If the lock file cannot be created (a read-only folder), the file is read without the
        lock (a write is atomic, so the read still sees a whole file).

        Raises
        ------
        ProgressError
            If the file cannot be read (e.g. it is a folder) or comes from a newer version.

        """
        if self._memory is not None:
            return json.loads(json.dumps(self._memory))
        target = self._target()
        quick = self._read_quick(target)
        if quick is not None:  # writes are atomic renames: a whole, valid file needs no lock
            return quick
        lock = self._lock(target)
        try:
            lock.acquire()
        except filelock.Timeout:
            with _reported(target, "read"):
                raise
        except OSError:  # no lock file possible here: read what can be read
            with _reported(target, "read"):
                return self._read_unlocked(target, locked=False)
        try:
            with _reported(target, "read"):
                return self._read_unlocked(target)
        finally:
            lock.release()

    def transaction(self, change: Callable[[dict[str, Any]], Any]) -> Any:
        """Apply ``change(data)`` to the stored data under the lock and save it atomically.

        Returns whatever ``change`` returns. Other processes' changes made before the lock was
        taken are kept, because the file is re-read inside the lock. Temporary files left by a
        writer that was killed (older than :data:`ORPHAN_AGE`) are deleted.

        Raises
        ------
        ProgressError
            If the file cannot be read or written (the message names the path), or comes
            from a newer usjapan-edu.

        """
        if self._memory is not None:
            data = json.loads(json.dumps(self._memory))
            result = change(data)
            self._memory.clear()
            self._memory.update(data)
            return result
        target = self._target()
        lock = self._lock(target)
        with _reported(target, "save"):
            target.parent.mkdir(parents=True, exist_ok=True)
            lock.acquire()
        try:
            with _reported(target, "read"):
                data = self._read_unlocked(target)
            result = change(data)
            with _reported(target, "save"):
                self._write_unlocked(target, data)
            _remove_orphans(target)
            return result
        finally:
            lock.release()

    def _clean_bank(self, bank_id: str, bank: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        """Return one bank's records with their known fields read safely (see :func:`_clean`)."""
        out: dict[str, dict[str, Any]] = {}
        problems: list[str] = []
        for qid, rec in (bank.get("questions") or {}).items():
            clean, found = _clean(rec)
            out[qid] = {**rec, **{k: v for k, v in clean.items() if k in rec}}
            problems += _where(f"{bank_id}/{qid}", found)
        self._report(problems)
        return out

    def _report(self, problems: list[str]) -> None:
        if not problems:
            return
        shown = "; ".join(problems[:5])
        more = f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        warnings.warn(
            f"Some quiz progress in {self.path} has values of the wrong type: {shown}{more}. "
            "They are read as shown; the file is left as it is.",
            ProgressWarning,
            stacklevel=4,
        )

    # -- questions

    def get(self, bank_id: str, question_id: str) -> dict[str, Any] | None:
        """Return the saved record of one question, or ``None``."""
        return self.bank(bank_id).get(question_id)

    def bank(self, bank_id: str) -> dict[str, dict[str, Any]]:
        """Return the saved records of one bank, by question id.

        Known fields with a wrong type are read as their safe value or default (with a
        :class:`ProgressWarning`); other fields are as saved.
        """
        bank = self.load()["banks"].get(bank_id) or {}
        return self._clean_bank(bank_id, bank)

    def register_bank(self, bank_id: str, *, title: str, total: int) -> None:
        """Remember a bank's title and number of questions (for the summary)."""

        def change(data: dict[str, Any]) -> None:
            bank = data["banks"].setdefault(bank_id, {"questions": {}})
            bank["title"] = title
            bank["total"] = int(total)

        self.transaction(change)

    def update(
        self,
        bank_id: str,
        question_id: str,
        *,
        record_attempt: bool = False,
        **fields: Any,
    ) -> dict[str, Any]:
        """Merge ``fields`` into one question's record and save; return the merged record.

        The record on disk may have been changed by another notebook since the caller read
        it, so three fields are merged rather than overwritten: ``revealed`` stays true once
        true, ``hints_shown`` is the larger of the saved and the new value, and ``attempts``
        never goes down — with ``record_attempt`` it is the saved count plus one (the
        caller's count is ignored). Other fields are replaced. The returned record holds the
        merged values, for the caller to show.

        Parameters
        ----------
        bank_id, question_id : str
            Keys of the record.
        record_attempt : bool
            Count one attempt and append ``response``/``correct``/``score`` to the record's
            ``history`` (the last ``HISTORY_LIMIT`` attempts are kept) — unless ``response``
            is the one already saved: the same answer again is not a new attempt.
        **fields
            JSON values, e.g. ``response``, ``correct``, ``score``, ``feedback``, ``attempts``,
            ``hints_shown``, ``revealed``, ``type``.

        Returns
        -------
        dict
            The record as saved.

        Raises
        ------
        TypeError
            If a known field has the wrong type (e.g. ``attempts="3"``).
        ProgressError
            If the file cannot be written (see :meth:`transaction`).

        """
        given, wrong = _clean(fields)
        if wrong:
            msg = f"cannot save {bank_id}/{question_id}: {'; '.join(wrong)}"
            raise TypeError(msg)
        now = _now()
        problems: list[str] = []

        def change(data: dict[str, Any]) -> dict[str, Any]:
            bank = data["banks"].setdefault(bank_id, {"questions": {}})
            questions = bank.setdefault("questions", {})
            record = questions.setdefault(question_id, {})
            saved, found = _clean(record)
            # The same answer again (Restart & Run All, a second click) is not a new attempt.
            counted = record_attempt and not (
                saved["attempts"] > 0
                and "response" in fields
                and same_answer(record.get("response"), fields["response"])
            )
            record.update(fields)
            if counted:
                record["attempts"] = saved["attempts"] + 1
                record.setdefault("first", now)
            else:
                record["attempts"] = max(saved["attempts"], given["attempts"])
            record["hints_shown"] = max(saved["hints_shown"], given["hints_shown"])
            record["revealed"] = saved["revealed"] or given["revealed"]
            record["updated"] = now
            if counted:
                history = record.get("history")
                if not isinstance(history, list):
                    if history is not None:
                        found.append("history replaced")
                    history = record["history"] = []
                history.append(
                    {
                        "response": fields.get("response"),
                        "correct": fields.get("correct"),
                        "score": fields.get("score"),
                        "at": now,
                    }
                )
                del history[:-HISTORY_LIMIT]
            bank["updated"] = now
            problems[:] = _where(f"{bank_id}/{question_id}", found)
            return dict(record)

        result = self.transaction(change)
        self._report(problems)
        return result

    # -- the language

    def language(self) -> str | None:
        """Return the course language remembered here (``"en"``/``"ja"``), or ``None``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> store = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.json")
        >>> store.language() is None
        True
        >>> store.set_language("ja"); store.language()
        'ja'

        """
        value = self.load().get("language")
        return value if value in LANGUAGES else None

    def set_language(self, lang: str) -> None:
        """Remember the course language (``usjapan-edu lab --lang`` calls this)."""
        lang = check_language(lang)

        def change(data: dict[str, Any]) -> None:
            data["language"] = lang

        self.transaction(change)

    # -- the student

    def student(self) -> dict[str, str]:
        """Return who this progress belongs to: ``{"name": …, "id": …}`` (empty if not given).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> store = ProgressStore(pathlib.Path(tempfile.mkdtemp()) / "p.json")
        >>> store.set_student("Aiko Tanaka", "s1234")["name"]
        'Aiko Tanaka'
        >>> store.student()
        {'name': 'Aiko Tanaka', 'id': 's1234'}

        """
        return _student(self.load().get("student"))

    def set_student(self, name: str, student_id: str = "") -> dict[str, str]:
        """Save the student's name (and id, e.g. a student number), to go into every hand-in.

        Raises
        ------
        ValueError
            If the name is empty, or either is longer than :data:`STUDENT_MAX` characters or
            holds a line break or control character.

        """
        clean = {"name": _student_text(name, "name"), "id": _student_text(student_id, "id")}
        if not clean["name"]:
            raise ValueError("a name is needed (your name as your instructor knows it)")

        def change(data: dict[str, Any]) -> None:
            data["student"] = dict(clean)

        self.transaction(change)
        return clean

    def clear(self, bank_id: str | None = None) -> None:
        """Forget one bank's answers (or all of them); used by instructors and tests."""

        def change(data: dict[str, Any]) -> None:
            if bank_id is None:
                data["banks"] = {}
            else:
                data["banks"].pop(bank_id, None)

        self.transaction(change)

    # -- reports

    def _banks(self) -> list[tuple[str, str, int | None, dict[str, dict[str, Any]]]]:
        """Return ``(bank id, title, total, clean records)`` per bank, sorted by id."""
        out = []
        problems: list[str] = []
        for bank_id, bank in sorted(self.load()["banks"].items()):
            fixed, found = _clean({k: bank[k] for k in ("title", "total") if k in bank}, _BANK)
            problems += _where(f"bank {bank_id}", found)
            records = {}
            for qid, rec in (bank.get("questions") or {}).items():
                clean, found = _clean(rec)
                problems += _where(f"{bank_id}/{qid}", found)
                records[qid] = {**rec, **clean}
            out.append((bank_id, fixed["title"], fixed["total"], records))
        self._report(problems)
        return out

    def rows(self) -> list[dict[str, Any]]:
        """Return one dict per answered question, with the :data:`EXPORT_COLUMNS` keys.

        Every value has its column's type (``attempts`` an ``int``, ``revealed`` a ``bool``…):
        a value of the wrong type in the file is read as its safe value or the default, with
        a :class:`ProgressWarning`.
        """
        rows = []
        who = self.student()
        for bank_id, title, _, records in self._banks():
            for qid, rec in records.items():
                rows.append(
                    {
                        "bank": bank_id,
                        "bank_title": title,
                        "question": qid,
                        "type": rec["type"],
                        "response": rec.get("response"),
                        "correct": rec["correct"],
                        "score": rec["score"],
                        "attempts": rec["attempts"],
                        "hints_shown": rec["hints_shown"],
                        "revealed": rec["revealed"],
                        "feedback": rec["feedback"],
                        "updated": rec["updated"],
                        "value": rec.get("value"),
                        "student": who["name"],
                        "student_id": who["id"],
                        "language": rec["language"],
                    }
                )
        return rows

    def summary(self) -> pd.DataFrame:
        """Return one row per bank: answered, correct, score, total (if known), last activity.

        ``answered`` counts questions with at least one counted attempt; ``correct`` counts
        questions whose last answer was right; ``score`` adds the last scores (partial credit,
        reflections count 1); ``total`` is the number of questions when the quiz was last shown.
        """
        import pandas as pd

        records = []
        for bank_id, title, total, qs in self._banks():
            answered = [r for r in qs.values() if r["attempts"] > 0]
            stamps = [t for r in qs.values() if (t := _parse_time(r["updated"])) is not None]
            records.append(
                {
                    "bank": bank_id,
                    "title": title,
                    "answered": len(answered),
                    "correct": sum(r["correct"] is True for r in answered),
                    "score": round(sum(r["score"] or 0.0 for r in answered), 2),
                    "total": total,
                    "last_activity": max(stamps) if stamps else None,
                }
            )
        df = pd.DataFrame(records, columns=list(SUMMARY_COLUMNS))
        df["total"] = df["total"].astype("Int64")
        df["last_activity"] = pd.to_datetime(df["last_activity"], utc=True)
        for col in ("answered", "correct"):
            df[col] = df[col].astype("int64")
        df["score"] = df["score"].astype("float64")
        return df

    def export(self, out: str | os.PathLike[str], fmt: str | None = None) -> Path:
        """Write the answers to ``out`` as CSV (one row per question) or JSON (everything).

        The CSV is safe to open in a spreadsheet: a text cell starting with ``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (see the module notes).

        Parameters
        ----------
        out : str or path-like
            Target file; its folder is created if needed.
        fmt : {"csv", "json"}, optional
            Format; default from the suffix of ``out``.

        Returns
        -------
        pathlib.Path
            The file written.

        Raises
        ------
        ValueError
            If the format is neither CSV nor JSON.
        ProgressError
            If the progress file cannot be read or ``out`` cannot be written (e.g. it is a
            folder); the message names the path.

        """
        out_path = Path(out)
        kind = _format(out_path, fmt)
        if kind == "csv":
            buf = io.StringIO()
            # CRLF (RFC 4180) also makes the writer quote a cell holding a lone carriage return
            writer = csv.DictWriter(buf, fieldnames=list(EXPORT_COLUMNS), lineterminator="\r\n")
            writer.writeheader()
            for row in self.rows():
                resp = row["response"]
                if not isinstance(resp, str) and resp is not None:
                    row["response"] = json.dumps(resp, ensure_ascii=False)
                if row["value"] is not None:
                    row["value"] = json.dumps(row["value"], ensure_ascii=False)
                writer.writerow({k: _cell(v) for k, v in row.items()})
            text = buf.getvalue()
        else:
            data = self.load()
            # No path of the student's computer goes into a file handed in.
            data = {**data, "exported": _now(), "student": _student(data.get("student"))}
            text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        if out_path.is_dir():
            msg = f"cannot write {out_path}: it is a folder; give a file name, e.g. answers.{kind}"
            raise ProgressError(msg)
        try:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(out_path, text, shared=True)
        except OSError as exc:
            raise ProgressError(_os_message(f"cannot write {out_path}", out_path, exc)) from exc
        return out_path


def _where(place: str, found: list[str]) -> list[str]:
    """Return ``["<place> (<what was found>)"]``, or nothing if nothing was found."""
    return [f"{place} ({', '.join(found)})"] if found else []


def _cell(value: Any) -> Any:
    """Neutralise a CSV cell a spreadsheet would run as a formula (OWASP): prefix ``'``.

    Examples
    --------
    A plain number (``-67.9``, ``+3``, ``-1.5e3``) is not a formula and stays as it is, so a
    spreadsheet reads it as a number; ``-67.9+1`` or ``-A1`` are guarded.

    >>> [_cell(v) for v in ("=HYPERLINK(1)", "-68", "-67.9+1", "Tokyo", -68, 1.0, None)]
    ["'=HYPERLINK(1)", '-68', "'-67.9+1", 'Tokyo', -68, 1.0, None]

    """
    guarded = isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
    if guarded and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


# -- reading records safely

_BAD = object()
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    return _BAD


def _language(value: Any) -> Any:
    return value if value in LANGUAGES or value == "" else _BAD


def _count(value: Any) -> Any:
    if isinstance(value, str) and len(value) <= 30:
        with contextlib.suppress(ValueError):
            value = float(value.strip())
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _BAD
    if isinstance(value, float):
        if not (math.isfinite(value) and value.is_integer()):
            return _BAD
        value = int(value)
    return value if 0 <= value <= MAX_COUNT else _BAD


def _flag(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, str | int) else None
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return _BAD


def _maybe_flag(value: Any) -> Any:
    return None if value is None else _flag(value)


def _score(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and len(value) <= 30:
        with contextlib.suppress(ValueError):
            value = float(value.strip())
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _BAD
    return float(value) if 0.0 <= value <= 1.0 else _BAD  # also refuses NaN


def _time(value: Any) -> Any:
    return value if isinstance(value, str) and _parse_time(value) is not None else _BAD


def _maybe_count(value: Any) -> Any:
    return None if value is None else _count(value)


_FIELDS: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "type": (_text, ""),
    "correct": (_maybe_flag, None),
    "score": (_score, None),
    "attempts": (_count, 0),
    "hints_shown": (_count, 0),
    "revealed": (_flag, False),
    "feedback": (_text, ""),
    "updated": (_time, ""),
    "attempt_counts": (_flag, True),
    "language": (_language, ""),
}
"""Known fields of a question record: how to read each one safely, and its default."""
_BANK: dict[str, tuple[Callable[[Any], Any], Any]] = {
    "title": (_text, ""),
    "total": (_maybe_count, None),
}


def _clean(
    record: Mapping[str, Any], fields: Mapping[str, tuple[Callable[[Any], Any], Any]] = _FIELDS
) -> tuple[dict[str, Any], list[str]]:
    """Return the known fields of ``record`` with their proper types, and what was wrong.

    A missing field gets its default; a value of the wrong type is read as what it safely
    means (``"3"`` → 3 attempts, ``"true"`` → true) or else as the default, and is named in
    the returned problems.

    Examples
    --------
    >>> clean, problems = _clean({"attempts": "3", "score": "x", "revealed": True})
    >>> clean["attempts"], clean["score"], clean["revealed"], clean["hints_shown"]
    (3, None, True, 0)
    >>> problems
    ["score 'x' read as None", "attempts '3' read as 3"]

    """
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for name, (read, default) in fields.items():
        if name not in record:
            clean[name] = default
            continue
        value = record[name]
        got = read(value)
        if got is _BAD:
            got = default
        if not _same(got, value):
            shown = repr(value)
            shown = shown if len(shown) <= 40 else shown[:37] + "..."
            problems.append(f"{name} {shown} read as {got!r}")
        clean[name] = got
    return clean, problems


def _same(a: Any, b: Any) -> bool:
    """Return whether ``a`` and ``b`` are the same JSON value (``1`` and ``1.0`` are)."""
    if isinstance(a, bool) or isinstance(b, bool) or isinstance(a, str) or isinstance(b, str):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _student_text(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"the student's {field} must be text, not {type(value).__name__}")
    text = " ".join(value.split())
    if len(text) > STUDENT_MAX:
        raise ValueError(f"the student's {field} is longer than {STUDENT_MAX} characters")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
        raise ValueError(f"the student's {field} holds a control character")
    return text


def _student(value: Any) -> dict[str, str]:
    """Return the saved ``student`` entry read safely (anything damaged reads as empty)."""
    out = {"name": "", "id": ""}
    if isinstance(value, dict):
        for key in out:
            with contextlib.suppress(ValueError):
                out[key] = _student_text(value.get(key, ""), key)
    return out


def same_answer(a: Any, b: Any) -> bool:
    """Return whether two JSON values are the same answer (``[1, 2]`` twice; not ``1``/``"1"``).

    The one test of "an attempt is a new answer", for the store and the quiz widget alike.
    """
    try:
        return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    except (TypeError, ValueError):
        return False


def _parse_time(text: str) -> datetime | None:
    """Return the aware time an ISO ``text`` names (UTC if it names no zone), or ``None``."""
    if not text or len(text) > 40:
        return None
    try:
        stamp = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)


def _check(data: Any) -> str | None:
    """Return why ``data`` is not a usable progress file (``"newer"`` for a newer schema)."""
    if not isinstance(data, dict):
        return "the top level is not an object"
    if data.get("schema") != SCHEMA:
        return f"schema is {data.get('schema')!r}, expected {SCHEMA!r}"
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return "schema_version is missing"
    if version > SCHEMA_VERSION:
        return "newer"
    banks = data.get("banks")
    if not isinstance(banks, dict):
        return "'banks' is not an object"
    for bank_id, bank in banks.items():
        if not isinstance(bank, dict) or not isinstance(bank.get("questions", {}), dict):
            return f"bank {bank_id!r} is damaged"
        for qid, rec in bank.get("questions", {}).items():
            if not isinstance(rec, dict):
                return f"question {bank_id}/{qid} is damaged"
    return None


def _format(path: Path, fmt: str | None) -> str:
    kind = (fmt or path.suffix.lstrip(".")).lower()
    if kind in {"csv", "json"}:
        return kind
    if fmt:
        msg = f"cannot export progress as {fmt!r}; use 'csv' or 'json'"
    else:
        msg = (
            f"cannot tell the export format from {str(path)!r}; name the file *.csv or *.json, "
            "or pass fmt='csv' / fmt='json' (command line: --format csv|json)"
        )
    raise ValueError(msg)


def normal_file_mode() -> int:
    """Return the mode a new file gets from the user's umask (e.g. ``0o644``)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _atomic_write(path: Path, text: str, *, shared: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file and :func:`os.replace`.

    The temporary file is private (0600), and so is the result, unless ``shared``: a file made
    to be handed in (an export) then gets the user's normal permissions.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if shared:
            os.chmod(tmp, normal_file_mode())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_orphans(path: Path) -> None:
    """Delete temporary files of ``path`` (see :func:`_atomic_write`) left by killed writers.

    Called under the lock, so no live writer of ``path`` is writing one; only files older
    than :data:`ORPHAN_AGE` are deleted all the same. Errors are ignored (it is tidying up).
    """
    prefix = f".{path.name}."
    cutoff = time.time() - ORPHAN_AGE
    with contextlib.suppress(OSError), os.scandir(path.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)


def summary(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the per-bank summary of the progress file (see :meth:`ProgressStore.summary`).

    Examples
    --------
    >>> list(summary().columns)
    ['bank', 'title', 'answered', 'correct', 'score', 'total', 'last_activity']

    """
    return ProgressStore(path).summary()


def export(
    out: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
) -> Path:
    """Export the progress file to ``out`` as CSV or JSON (see :meth:`ProgressStore.export`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = export(pathlib.Path(tempfile.mkdtemp()) / "answers.csv")
    >>> out.read_text().splitlines()[0].split(",")[:3]
    ['bank', 'bank_title', 'question']

    """
    return ProgressStore(path).export(out, fmt)
