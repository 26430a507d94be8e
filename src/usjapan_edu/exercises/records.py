"""Saving exercise attempts, hints and revealed solutions in the student's progress file.

The same file as the quizzes (:class:`usjapan_edu.quiz.store.ProgressStore`): bank
``exercises:<prefix>``, question ``<id>``, record ``type: exercise``. So ``usjapan-edu progress``
and ``progress export`` carry exercises too. Saving never stops a check: a file that cannot be
written gives a warning text for the result instead of an exception.

The submitted value itself is kept too (field ``value``) when it is small and plain — a number,
a text, True/False, a list/tuple/set/Series/array of plain items, a table of at most
:data:`MAX_CELLS` cells, a chart's specification — so the instructor's gradebook can run the
exercise's check on it again instead of trusting ``correct``: see :func:`plain_value` and
:func:`from_plain`. Anything else (a large table, an object of another kind) keeps only the
short ``response`` summary, and the gradebook marks that result *self-reported*.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

from usjapan_edu.exercises.spec import Exercise
from usjapan_edu.i18n import language, t

__all__ = ["MAX_CELLS", "MAX_VALUE_CHARS", "Recorder", "from_plain", "plain_value"]

MAX_CELLS = 2_000
"""Most items of a list, or cells of a table, kept as the submitted value."""
MAX_VALUE_CHARS = 100_000
"""Longest submitted value kept (as JSON text); a chart's spec is kept without its data."""
MAX_TEXT = 1_000
"""Longest text kept (the checker compares no longer text)."""

_registered: set[tuple[str, str]] = set()


class _NotPlain(Exception):
    """The value is not small and plain: keep no value."""


def _scalar(value: Any) -> Any:
    """Return a JSON cell for one item (dates and NaN tagged), or raise :class:`_NotPlain`."""
    import numpy as np

    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) >= 2**63:
            raise _NotPlain
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise _NotPlain
        return value
    import pandas as pd

    if value is pd.NA or value is pd.NaT:
        return {"$missing": True}
    if isinstance(value, datetime | date | pd.Timestamp):
        return {"$date": pd.Timestamp(value).isoformat()}
    raise _NotPlain


def _unscalar(cell: Any) -> Any:
    if isinstance(cell, dict):
        import pandas as pd

        if "$float" in cell and cell["$float"] in {"nan", "inf", "-inf"}:
            return float(cell["$float"])
        if "$date" in cell and isinstance(cell["$date"], str) and len(cell["$date"]) <= 40:
            return pd.Timestamp(cell["$date"])
        if cell.get("$missing") is True:
            return None
        raise ValueError("an unknown cell")
    if cell is None or isinstance(cell, bool | int | float | str):
        return cell
    raise ValueError("an unknown cell")


def _items(values: Any) -> list[Any]:
    values = list(values)
    if len(values) > MAX_CELLS:
        raise _NotPlain
    return [_scalar(v) for v in values]


def _strip_data(spec: Any, depth: int = 0) -> Any:
    """Return a chart spec without its data (the check reads marks and encodings only)."""
    if depth > 20:
        raise _NotPlain
    if isinstance(spec, dict):
        return {
            k: _strip_data(v, depth + 1) for k, v in spec.items() if k not in {"data", "datasets"}
        }
    if isinstance(spec, list):
        return [_strip_data(v, depth + 1) for v in spec]
    return spec


def plain_value(answer: Any) -> dict[str, Any] | None:
    """Return the submitted ``answer`` as a small tagged JSON value, or ``None`` if it is not.

    Examples
    --------
    >>> plain_value(-68.0), plain_value("Hiroshima"), plain_value([1, 2])
    ({'kind': 'number', 'data': -68.0}, {'kind': 'text', 'data': 'Hiroshima'}, \
{'kind': 'list', 'data': [1, 2]})
    >>> plain_value(object()) is None
    True

    """
    import numpy as np
    import pandas as pd

    try:
        if isinstance(answer, bool | np.bool_):
            out: dict[str, Any] = {"kind": "bool", "data": bool(answer)}
        elif isinstance(answer, int | float | np.integer | np.floating) or answer is None:
            out = {"kind": "number", "data": _scalar(answer)}
        elif isinstance(answer, str):
            out = {"kind": "text", "data": _scalar(answer)}
        elif type(answer) in (list, tuple, set, frozenset):
            kind = {list: "list", tuple: "tuple"}.get(type(answer), "set")
            out = {"kind": kind, "data": _items(answer)}
        elif isinstance(answer, pd.Series | pd.Index):
            name = answer.name if isinstance(answer.name, str) else None
            out = {"kind": "series", "data": _items(answer), "name": name}
        elif isinstance(answer, np.ndarray):
            if answer.ndim != 1:
                return None
            out = {"kind": "array", "data": _items(answer.tolist())}
        elif isinstance(answer, pd.DataFrame):
            rows, cols = answer.shape
            if rows * max(cols, 1) > MAX_CELLS or cols > 200:
                return None
            columns = [_scalar(c) for c in answer.columns]
            index_names = [n if isinstance(n, str) else None for n in answer.index.names]
            named = any(n is not None for n in index_names)
            out = {
                "kind": "frame",
                "columns": columns,
                "data": [_items(row) for row in answer.itertuples(index=False, name=None)],
            }
            if named:
                index = answer.index.to_frame(index=False)
                out["index_names"] = index_names
                out["index"] = [_items(row) for row in index.itertuples(index=False, name=None)]
        elif callable(getattr(answer, "to_dict", None)) and not isinstance(answer, type):
            spec = answer.to_dict()
            if not isinstance(spec, dict):
                return None
            out = {"kind": "chart", "data": _strip_data(spec)}
        elif isinstance(answer, dict):
            out = {"kind": "mapping", "data": answer}
        else:
            return None
        text = json.dumps(out, ensure_ascii=False, allow_nan=False)
    except Exception:  # _NotPlain, an unserialisable spec, a chart that cannot be drawn …
        return None
    return out if len(text) <= MAX_VALUE_CHARS else None


def from_plain(value: Any) -> Any:
    """Rebuild the answer :func:`plain_value` kept (for the gradebook to check it again).

    Raises
    ------
    ValueError
        If ``value`` is not something :func:`plain_value` writes (a hand-made or damaged one).

    Examples
    --------
    >>> from_plain(plain_value({1, 2})), from_plain({"kind": "number", "data": 3})
    ({1, 2}, 3)

    """
    import numpy as np
    import pandas as pd

    if not isinstance(value, dict) or len(json.dumps(value, default=str)) > MAX_VALUE_CHARS:
        raise ValueError("not a kept value")
    kind, data = value.get("kind"), value.get("data")
    if kind in {"number", "text", "bool"}:
        cell = _unscalar(data)
        wanted = {"number": (int, float, type(None)), "text": (str,), "bool": (bool,)}[kind]
        if not isinstance(cell, wanted) or (kind == "number" and isinstance(cell, bool)):
            raise ValueError(f"a {kind} value of another kind")
        return cell
    if kind in {"mapping", "chart"}:
        if not isinstance(data, dict):
            raise ValueError("a chart value that is not a mapping")
        return data
    if not isinstance(data, list) or len(data) > MAX_CELLS:
        raise ValueError("a list value that is not a list")
    if kind == "frame":
        columns = value.get("columns")
        if not isinstance(columns, list) or not all(isinstance(r, list) for r in data):
            raise ValueError("a table value without columns")
        rows = [[_unscalar(c) for c in row] for row in data]
        if any(len(r) != len(columns) for r in rows) or len(rows) * len(columns) > MAX_CELLS:
            raise ValueError("a table value with rows of the wrong length")
        frame = pd.DataFrame(rows, columns=[_unscalar(c) for c in columns])
        names, index = value.get("index_names"), value.get("index")
        if isinstance(names, list) and isinstance(index, list) and len(index) == len(rows):
            idx = pd.DataFrame([[_unscalar(c) for c in row] for row in index])
            if idx.shape[1] == len(names):
                frame.index = (
                    pd.Index(idx.iloc[:, 0], name=names[0])
                    if len(names) == 1
                    else pd.MultiIndex.from_frame(idx, names=names)
                )
        return frame
    items = [_unscalar(c) for c in data]
    if kind == "list":
        return items
    if kind == "tuple":
        return tuple(items)
    if kind == "set":
        return set(items)
    if kind == "series":
        name = value.get("name")
        return pd.Series(items, name=name if isinstance(name, str) else None)
    if kind == "array":
        return np.array(items)
    raise ValueError(f"an unknown kind of value {kind!r}")


class Recorder:
    """Write one exercise's records.

    ``store`` is a ProgressStore, ``True`` for the student's default file, or ``None``/``False``
    to keep nothing.
    """

    def __init__(self, store: Any = True) -> None:
        if store is True:
            from usjapan_edu.quiz.store import ProgressStore

            store = ProgressStore()
        self.store = store or None

    def _bank(self, exercise: Exercise, title: str, total: int) -> None:
        key = (str(getattr(self.store, "path", "")), exercise.bank_id)
        if key in _registered or self.store is None:
            return
        self.store.register_bank(exercise.bank_id, title=title, total=total)
        _registered.add(key)

    def attempt(
        self, exercise: Exercise, *, title: str, total: int, **fields: Any
    ) -> tuple[dict[str, Any] | None, str]:
        """Save one attempt; return ``(record, warning)`` (record ``None`` if nothing saved)."""
        return self._save(exercise, title, total, record_attempt=True, **fields)

    def note(
        self, exercise: Exercise, *, title: str, total: int, **fields: Any
    ) -> tuple[dict[str, Any] | None, str]:
        """Save hints shown / solution revealed, without counting an attempt."""
        return self._save(exercise, title, total, record_attempt=False, **fields)

    def saved(self, exercise: Exercise) -> dict[str, Any]:
        """Return the saved record of the exercise (``{}`` if none or unreadable)."""
        if self.store is None:
            return {}
        try:
            return self.store.get(exercise.bank_id, exercise.name) or {}
        except Exception:  # reading progress must never stop a hint
            return {}

    def _save(
        self, exercise: Exercise, title: str, total: int, *, record_attempt: bool, **fields: Any
    ) -> tuple[dict[str, Any] | None, str]:
        if self.store is None:
            return None, ""
        try:
            self._bank(exercise, title, total)
            record = self.store.update(
                exercise.bank_id,
                exercise.name,
                record_attempt=record_attempt,
                type="exercise",
                language=language(),
                **fields,
            )
        except Exception as exc:  # a full disk or a locked file must not stop a check
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return None, t("Your progress could not be saved: {why}", why=text)
        return record, ""
