"""Saving exercise attempts, hints and revealed solutions in the student's progress file.

The same file as the quizzes (:class:`usjapan_edu.quiz.store.ProgressStore`): bank
``exercises:<prefix>``, question ``<id>``, record ``type: exercise``. So ``usjapan-edu progress``
and ``progress export`` carry exercises too. Saving never stops a check: a file that cannot be
written gives a warning text for the result instead of an exception.
"""

from __future__ import annotations

from typing import Any

from usjapan_edu.exercises.spec import Exercise

__all__ = ["Recorder"]

_registered: set[tuple[str, str]] = set()


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
                **fields,
            )
        except Exception as exc:  # a full disk or a locked file must not stop a check
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            return None, f"Your progress could not be saved: {text}"
        return record, ""
