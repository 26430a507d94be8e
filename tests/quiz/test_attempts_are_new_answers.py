"""An attempt is a new answer (issue 16): Restart & Run All or a second click is not one."""

from __future__ import annotations

from usjapan_edu import exercises
from usjapan_edu.quiz.frontend import QuizWidget
from usjapan_edu.quiz.model import Bank, Text
from usjapan_edu.quiz.store import ProgressStore

BANK = Bank(id="d", title="D", questions=(Text(id="c", prompt="Where?", accept=("Okinawa",)),))


def test_the_same_quiz_answer_twice_is_one_attempt_with_or_without_a_file() -> None:
    for store in (None, ProgressStore()):
        w = QuizWidget(BANK, store=store)
        w.check("c", "Tokyo")
        w.check("c", "Tokyo")
        assert w.results["c"]["attempts"] == 1
        w.check("c", "Osaka")
        assert w.results["c"]["attempts"] == 2
    assert ProgressStore().get("d", "c")["attempts"] == 2


def test_checking_the_same_wrong_exercise_value_twice_is_one_attempt() -> None:
    # As a notebook run twice from the top (Restart & Run All) does.
    first = exercises.check("00.deficit-2022", -80.0)
    again = exercises.check("00.deficit-2022", -80.0)
    assert not first.passed and (first.attempts, again.attempts) == (1, 1)
    record = ProgressStore().get("exercises:00", "deficit-2022")
    assert record["attempts"] == 1 and len(record["history"]) == 1
    assert record["first"] <= record["updated"]
    assert exercises.check("00.deficit-2022", -81.0).attempts == 2
