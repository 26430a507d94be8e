"""The student's quiz progress on disk: one JSON file, locked, atomic, exportable.

Location: ``$USJAPAN_EDU_HOME/progress.json`` when the variable is set, else
``platformdirs.user_data_dir("usjapan-edu")/progress.json``.

Every change is a read-modify-write under a :class:`filelock.FileLock` (``progress.json.lock``)
and lands with a temporary file + :func:`os.replace`, so two notebooks (two kernels) answering at
the same time keep each other's answers and a crash never leaves half a file. A file that cannot
be read is moved aside as ``progress.corrupt-<timestamp>.json`` with a :class:`ProgressWarning`
naming both paths — never silently dropped.

File layout (``schema_version`` 1)::

    {"schema": "usjapan-edu/progress", "schema_version": 1,
     "banks": {"<bank id>": {"title": "…", "total": 8, "updated": "<ISO time>",
               "questions": {"<question id>": {
                   "type": "numeric", "response": "-68", "correct": true, "score": 1.0,
                   "feedback": "Correct! …", "attempts": 2, "hints_shown": 1,
                   "revealed": false, "updated": "<ISO time>",
                   "history": [{"response": …, "correct": …, "score": …, "at": …}, …]}}}}}

Examples
--------
>>> import os, tempfile
>>> os.environ["USJAPAN_EDU_HOME"] = tempfile.mkdtemp()
>>> store = ProgressStore()
>>> _ = store.update("demo", "q1", response="Okinawa", correct=True, score=1.0, attempts=1)
>>> ProgressStore().get("demo", "q1")["response"]
'Okinawa'

"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import warnings
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filelock
import platformdirs

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
    "summary",
]

ENV_VAR = "USJAPAN_EDU_HOME"
SCHEMA = "usjapan-edu/progress"
SCHEMA_VERSION = 1
HISTORY_LIMIT = 50
LOCK_TIMEOUT = 30.0
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
)
SUMMARY_COLUMNS = ("bank", "title", "answered", "correct", "score", "total", "last_activity")


class ProgressWarning(UserWarning):
    """Something happened to the progress file that the student should know about."""


class ProgressError(RuntimeError):
    """The progress file cannot be used (e.g. written by a newer usjapan-edu)."""


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


class ProgressStore:
    """Read and write the progress file (safe across processes).

    Parameters
    ----------
    path : str or path-like, optional
        The JSON file; default :func:`default_path` (looked up when the store is created).

    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    def __repr__(self) -> str:
        return f"ProgressStore({str(self.path)!r})"

    # -- low level

    def _lock(self) -> filelock.BaseFileLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return filelock.FileLock(self.lock_path, timeout=LOCK_TIMEOUT)

    def _read_unlocked(self) -> dict[str, Any]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _empty()
        data: Any = None
        try:
            data = json.loads(raw.decode("utf-8"))
            problem = _check(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problem = f"not valid JSON ({exc})"
        except RecursionError:
            problem = "nested too deeply"
        if problem is None:
            return data
        if problem == "newer":
            msg = (
                f"{self.path} was written by a newer usjapan-edu (schema version "
                f"{data.get('schema_version')!r} > {SCHEMA_VERSION}); upgrade usjapan-edu with "
                "`pip install -U usjapan-edu` to use it"
            )
            raise ProgressError(msg)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
        os.replace(self.path, aside)
        warnings.warn(
            f"Your quiz progress file {self.path} could not be read ({problem}). It was moved "
            f"to {aside} so nothing is lost, and a new file was started. Ask your instructor "
            "if you need the old answers back.",
            ProgressWarning,
            stacklevel=4,
        )
        return _empty()

    def _write_unlocked(self, data: Mapping[str, Any]) -> None:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        _atomic_write(self.path, text)

    def load(self) -> dict[str, Any]:
        """Return the whole progress data (read under the lock)."""
        with self._lock():
            return self._read_unlocked()

    def transaction(self, change: Callable[[dict[str, Any]], Any]) -> Any:
        """Apply ``change(data)`` to the stored data under the lock and save it atomically.

        Returns whatever ``change`` returns. Other processes' changes made before the lock was
        taken are kept, because the file is re-read inside the lock.
        """
        with self._lock():
            data = self._read_unlocked()
            result = change(data)
            self._write_unlocked(data)
            return result

    # -- questions

    def get(self, bank_id: str, question_id: str) -> dict[str, Any] | None:
        """Return the saved record of one question, or ``None``."""
        return self.bank(bank_id).get(question_id)

    def bank(self, bank_id: str) -> dict[str, dict[str, Any]]:
        """Return the saved records of one bank, by question id."""
        bank = self.load()["banks"].get(bank_id) or {}
        return dict(bank.get("questions") or {})

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
        """Merge ``fields`` into one question's record and save; return the new record.

        Parameters
        ----------
        bank_id, question_id : str
            Keys of the record.
        record_attempt : bool
            Also append ``response``/``correct``/``score`` to the record's ``history`` (the
            last ``HISTORY_LIMIT`` attempts are kept).
        **fields
            JSON values, e.g. ``response``, ``correct``, ``score``, ``feedback``, ``attempts``,
            ``hints_shown``, ``revealed``, ``type``.

        """
        now = _now()

        def change(data: dict[str, Any]) -> dict[str, Any]:
            bank = data["banks"].setdefault(bank_id, {"questions": {}})
            questions = bank.setdefault("questions", {})
            record = questions.setdefault(question_id, {})
            record.update(fields)
            record["updated"] = now
            if record_attempt:
                history = record.setdefault("history", [])
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
            return dict(record)

        return self.transaction(change)

    def clear(self, bank_id: str | None = None) -> None:
        """Forget one bank's answers (or all of them); used by instructors and tests."""

        def change(data: dict[str, Any]) -> None:
            if bank_id is None:
                data["banks"] = {}
            else:
                data["banks"].pop(bank_id, None)

        self.transaction(change)

    # -- reports

    def rows(self) -> list[dict[str, Any]]:
        """Return one dict per answered question, with the :data:`EXPORT_COLUMNS` keys."""
        rows = []
        for bank_id, bank in sorted(self.load()["banks"].items()):
            for qid, rec in (bank.get("questions") or {}).items():
                rows.append(
                    {
                        "bank": bank_id,
                        "bank_title": bank.get("title", ""),
                        "question": qid,
                        "type": rec.get("type", ""),
                        "response": rec.get("response"),
                        "correct": rec.get("correct"),
                        "score": rec.get("score"),
                        "attempts": rec.get("attempts", 0),
                        "hints_shown": rec.get("hints_shown", 0),
                        "revealed": rec.get("revealed", False),
                        "feedback": rec.get("feedback", ""),
                        "updated": rec.get("updated", ""),
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
        for bank_id, bank in sorted(self.load()["banks"].items()):
            qs = list((bank.get("questions") or {}).values())
            answered = [r for r in qs if r.get("attempts", 0) > 0]
            stamps = [r.get("updated", "") for r in qs if r.get("updated")]
            records.append(
                {
                    "bank": bank_id,
                    "title": bank.get("title", ""),
                    "answered": len(answered),
                    "correct": sum(r.get("correct") is True for r in answered),
                    "score": round(sum(float(r.get("score") or 0) for r in answered), 2),
                    "total": bank.get("total"),
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

        """
        out_path = Path(out)
        kind = _format(out_path, fmt)
        if kind == "csv":
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
            writer.writeheader()
            for row in self.rows():
                resp = row["response"]
                if not isinstance(resp, str) and resp is not None:
                    row["response"] = json.dumps(resp, ensure_ascii=False)
                writer.writerow(row)
            text = buf.getvalue()
        else:
            data = self.load()
            data = {**data, "exported": _now(), "source_file": str(self.path)}
            text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(out_path, text)
        return out_path


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


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
