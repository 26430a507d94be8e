"""The ipywidgets view in plain pytest: set values, click(), read the feedback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

from usjapan_edu import quiz
from usjapan_edu.quiz import ProgressStore, ProgressWarning
from usjapan_edu.quiz import store as store_mod
from usjapan_edu.quiz.bank import bank_from_data
from usjapan_edu.quiz.model import Bank, Grade
from usjapan_edu.quiz.widgets import QuestionWidget, QuizWidget, render_markdown

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "quizzes" / "sample-all-types.yaml"


@pytest.fixture
def bank(fake_datasets: dict[str, int]) -> Bank:
    return quiz.load_bank(SAMPLE)


@pytest.fixture
def store() -> ProgressStore:
    return ProgressStore()


def _q(w: QuizWidget, qid: str) -> QuestionWidget:
    return next(q for q in w.questions if q.question.id == qid)


def _answer(qw: QuestionWidget, value: Any) -> None:
    """Set the inputs the way a student would."""
    t = qw.question.type
    if t == "multiple":
        for box in qw.inputs:
            box.value = box.description in value
    elif t in {"order"}:
        for box, item in zip(qw.inputs, value, strict=True):
            box.value = item
    elif t == "match":
        for box in qw.inputs:
            box.value = value[box.description]
    else:
        qw.inputs[0].value = value


RIGHT = {
    "treaty-1951": "San Francisco",
    "quad-members": ["Japan", "United States", "Australia", "India"],
    "treaty-1960-replaced": True,
    "trade-balance-2022": "−$67.9 bn",
    "japan-defence-share-2023": "1.2%",
    "g7-2023-city": "  hiroshima ",
    "alliance-timeline": [
        "Security Treaty signed in San Francisco",
        "Treaty of Mutual Cooperation and Security signed",
        "Okinawa returned to Japanese administration",
        "Latest Guidelines for Japan–U.S. Defense Cooperation approved",
    ],
    "trade-deals-years": {
        "The United States withdraws from the TPP": "2017",
        "The CPTPP enters into force": "2018",
        "The U.S.–Japan Digital Trade Agreement enters into force": "2020",
        "IPEF is launched in Tokyo": "2022",
    },
    "balance-and-alliance": "A deficit can become a political issue, but the treaty itself "
    "does not link security commitments to the balance of trade at all.",
}


def test_dom_contract_classes_buttons_and_live_region(bank: Bank) -> None:
    w = QuizWidget(bank)
    assert "usj-quiz" in w._dom_classes
    assert "usj-summary" in w.summary._dom_classes
    for qw in w.questions:
        assert "usj-question" in qw._dom_classes
        assert [
            qw.check_button.description,
            qw.hint_button.description,
            qw.answer_button.description,
        ] == ["Check", "Hint", "Show answer"]
        assert 'role="status"' in qw.feedback.value
        assert 'aria-live="polite"' in qw.feedback.value
        assert 'class="usj-feedback' in qw.feedback.value
        assert "usj-attempts" in qw.attempts_label.value


def test_every_input_has_an_accessible_name(bank: Bank) -> None:
    w = QuizWidget(bank)
    for qw in w.questions:
        for box in qw.inputs:
            if isinstance(box, widgets.RadioButtons):
                assert all(label.strip() for label in box._options_labels)
            else:
                assert box.description.strip(), (qw.question.id, box)


@pytest.mark.parametrize("qid", list(RIGHT))
def test_right_answers_get_a_tick_and_the_explanation(bank: Bank, qid: str) -> None:
    w = QuizWidget(bank)
    qw = _q(w, qid)
    assert qw.solution.layout.display == "none"
    _answer(qw, RIGHT[qid])
    qw.check_button.click()
    assert "✓" in qw.feedback.value
    assert "Correct!" in qw.feedback.value or "Saved." in qw.feedback.value
    assert qw.attempts == 1
    assert qw.solution.layout.display is None
    first_word = qw.question.explanation.split()[0].strip("*")
    assert first_word in qw.solution.value


@pytest.mark.parametrize(
    ("qid", "answer", "words"),
    [
        ("treaty-1951", "Tokyo", "Japan was still under Allied occupation"),
        ("quad-members", ["Japan", "China"], "China is not a member"),
        ("treaty-1960-replaced", False, "It did replace it"),
        ("trade-balance-2022", "-80", "too low"),
        ("trade-balance-2022", "67.9", "Check the sign"),
        ("g7-2023-city", "Tokyo", "Not quite"),
        (
            "alliance-timeline",
            [
                "Treaty of Mutual Cooperation and Security signed",
                "Security Treaty signed in San Francisco",
                "Okinawa returned to Japanese administration",
                "Latest Guidelines for Japan–U.S. Defense Cooperation approved",
            ],
            "2 of 4 items are in the right place",
        ),
    ],
)
def test_wrong_answers_get_a_cross_and_an_explanation(
    bank: Bank, qid: str, answer: Any, words: str
) -> None:
    qw = _q(QuizWidget(bank), qid)
    _answer(qw, answer)
    qw.check_button.click()
    assert "✗" in qw.feedback.value
    assert words in qw.feedback.value
    assert qw.attempts == 1
    assert qw.solution.layout.display == "none"  # the answer is not given away


@pytest.mark.parametrize("typed", ["", "abc", "68%", "¥5T", "1,5"])
def test_unreadable_numbers_are_explained_and_do_not_count(bank: Bank, typed: str) -> None:
    qw = _q(QuizWidget(bank), "trade-balance-2022")
    qw.inputs[0].value = typed
    qw.check_button.click()
    assert qw.attempts == 0
    assert "✓" not in qw.feedback.value and "✗" not in qw.feedback.value
    assert qw.status == "invalid"


def test_hints_one_at_a_time(bank: Bank, store: ProgressStore) -> None:
    qw = _q(QuizWidget(bank, store=store), "g7-2023-city")
    assert qw.hint_button.layout.display != "none"
    qw.hint_button.click()
    assert "Hint 1 of 2" in qw.hints_html.value and "Hint 2" not in qw.hints_html.value
    qw.hint_button.click()
    qw.hint_button.click()  # no third hint: nothing breaks
    assert "Hint 2 of 2" in qw.hints_html.value and "last hint" in qw.hints_html.value
    assert qw.hints_shown == 2
    assert store.get(bank.id, "g7-2023-city")["hints_shown"] == 2
    no_hints = _q(QuizWidget(bank), "balance-and-alliance")
    assert no_hints.hint_button.layout.display == "none"


def test_show_answer_reveals_answer_explanation_and_source(
    bank: Bank, store: ProgressStore
) -> None:
    qw = _q(QuizWidget(bank, store=store), "trade-deals-years")
    assert "30 December" not in qw.solution.value
    qw.answer_button.click()
    assert qw.revealed
    assert "<strong>2018</strong>" in qw.solution.value
    assert "30 December" in qw.solution.value
    assert "Source:" in qw.solution.value and "alliance_timeline" in qw.solution.value
    assert "shown below" in qw.feedback.value
    assert store.get(bank.id, "trade-deals-years")["revealed"] is True
    num = _q(QuizWidget(bank), "trade-balance-2022")
    num.answer_button.click()
    assert "-67.9 USD bn" in num.solution.value and "±1" in num.solution.value
    assert "dataset <code>goods_trade</code>" in num.solution.value


def test_summary_and_on_submit(bank: Bank) -> None:
    w = QuizWidget(bank)
    seen: list[tuple[str, Grade]] = []

    def record(qw: QuestionWidget, grade: Grade) -> None:
        seen.append((qw.question.id, grade))

    w.on_submit(record)
    _answer(_q(w, "treaty-1951"), "San Francisco")
    _q(w, "treaty-1951").check_button.click()
    _answer(_q(w, "quad-members"), ["Japan", "India"])
    _q(w, "quad-members").check_button.click()
    assert [s[0] for s in seen] == ["treaty-1951", "quad-members"]
    assert (w.answered, w.n_correct) == (2, 1)
    assert w.score == pytest.approx(1.5)
    assert "Score: 1.5 of 9" in w.summary.value and "answered 2 of 9" in w.summary.value
    w.on_submit(record, remove=True)
    _q(w, "treaty-1951").check_button.click()
    assert len(seen) == 2


def test_answers_survive_a_restart(bank: Bank) -> None:
    first = QuizWidget(bank, store=ProgressStore())
    for qid, value in RIGHT.items():
        qw = _q(first, qid)
        if qid == "quad-members":
            value = ["Japan", "India"]  # partly right
        _answer(qw, value)
        qw.check_button.click()
    _q(first, "g7-2023-city").hint_button.click()
    _q(first, "trade-deals-years").answer_button.click()
    wrong = _q(first, "treaty-1951")
    _answer(wrong, "Tokyo")
    wrong.check_button.click()

    # "kernel restart": a new store object and new widgets read the same file
    again = QuizWidget(quiz.load_bank(SAMPLE), store=ProgressStore())
    assert again.answered == first.answered == 9
    assert again.score == pytest.approx(first.score)
    for a, b in zip(first.questions, again.questions, strict=True):
        assert a.response() == b.response(), a.question.id
        assert a.feedback.value == b.feedback.value, a.question.id
        assert (a.attempts, a.hints_shown, a.revealed, a.status) == (
            b.attempts,
            b.hints_shown,
            b.revealed,
            b.status,
        )
    assert _q(again, "treaty-1951").attempts == 2
    assert "✗" in _q(again, "treaty-1951").feedback.value
    assert _q(again, "trade-deals-years").solution.layout.display is None
    assert again.summary.value == first.summary.value
    # restoring is not an attempt and writes nothing
    assert ProgressStore().get(bank.id, "treaty-1951")["attempts"] == 2


def test_restore_tolerates_stale_or_damaged_records(bank: Bank, store: ProgressStore) -> None:
    store.update(
        bank.id,
        "treaty-1951",
        response="Kyoto",
        attempts=1,
        correct=False,
        score=0.0,
        feedback="Not quite.",
    )
    store.update(
        bank.id,
        "trade-deals-years",
        response={"Article V of the 1960 treaty": "x"},
        attempts=1,
        hints_shown=99,
    )
    data = json.loads(store.path.read_text(encoding="utf-8"))
    data["banks"][bank.id]["questions"].update(
        {
            "alliance-timeline": {"response": "not a list", "attempts": "many"},
            "g7-2023-city": {"response": "Tokyo", "attempts": "2", "score": "x", "revealed": 1},
        }
    )
    store.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(ProgressWarning, match="alliance-timeline"):
        w = QuizWidget(bank, store=store)
    assert _q(w, "treaty-1951").inputs[0].value is None
    assert _q(w, "treaty-1951").attempts == 1
    assert _q(w, "alliance-timeline").attempts == 0
    assert _q(w, "trade-deals-years").hints_shown == len(bank["trade-deals-years"].hints)
    city = _q(w, "g7-2023-city")  # what can be read safely is read
    assert (city.inputs[0].value, city.attempts, city.revealed) == ("Tokyo", 2, True)
    assert "✗" in city.feedback.value


def test_restore_false_starts_clean(bank: Bank, store: ProgressStore) -> None:
    first = QuizWidget(bank, store=store)
    _answer(_q(first, "treaty-1951"), "San Francisco")
    _q(first, "treaty-1951").check_button.click()
    fresh = QuizWidget(bank, store=store, restore=False)
    assert _q(fresh, "treaty-1951").attempts == 0


def test_bank_text_is_escaped_never_executed() -> None:
    evil = bank_from_data(
        {
            "id": "evil",
            "title": "<script>alert('t')</script>",
            "description": "<b>d</b>",
            "questions": [
                {
                    "id": "x",
                    "type": "single",
                    "prompt": "**bold** <img src=x onerror=alert(1)> [link](javascript:alert(1))",
                    "options": [
                        {
                            "text": "<i>a</i>",
                            "correct": True,
                            "feedback": "<script>alert(2)</script>",
                        },
                        "b",
                    ],
                    "hints": ["<iframe src=x>"],
                    "explanation": "<style>*{}</style>",
                }
            ],
        }
    )
    w = QuizWidget(evil)
    qw = w.questions[0]
    qw.inputs[0].value = "<i>a</i>"
    qw.check_button.click()
    qw.hint_button.click()
    qw.answer_button.click()
    html_out = (
        "".join(x.value for x in (w.header, qw.prompt, qw.feedback, qw.hints_html, qw.solution))
        + w._repr_mimebundle_()["text/html"]
    )
    for bad in ("<script", "<img", "<iframe", "<style", "<b>", "<i>", 'href="javascript:'):
        assert bad not in html_out, bad
    assert "<strong>bold</strong>" in qw.prompt.value
    assert "&lt;script&gt;" in w.header.value


def test_fallback_for_pages_without_a_widget_front_end(bank: Bank) -> None:
    w = QuizWidget(bank)
    bundle = w._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    plain, page = bundle["text/plain"], bundle["text/html"]
    assert plain.startswith("Sample quiz: every question type")
    assert "( ) San Francisco" in plain and "[ ] Japan" in plain
    assert "Run the notebook in JupyterLab" in page
    assert page.count("<li><p>") == len(bank)
    # the fallback lists choices but never which ones are right
    assert "correct" not in plain.lower()
    assert "Legal status of U.S. forces and personnel in Japan → ____" not in plain
    w.close()
    assert w._repr_mimebundle_ is None


def test_store_failure_is_visible_not_fatal(bank: Bank, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    w = QuizWidget(bank, store=None)
    qw = _q(w, "treaty-1951")
    qw.store = ProgressStore(blocked / "progress.json")
    _answer(qw, "San Francisco")
    with pytest.warns(ProgressWarning, match="could not be saved"):
        qw.check_button.click()
    assert "could not be saved" in qw.feedback.value and "✓" in qw.feedback.value


def test_show_and_progress_helpers(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    assert quiz.show(bank) is None
    (w,) = shown
    assert isinstance(w, quiz.QuizWidget)  # quiz.show's own view (quiz.frontend)
    treaty = _q(QuizWidget(bank, store=ProgressStore()), "treaty-1951")
    _answer(treaty, "San Francisco")
    treaty.check_button.click()
    table = quiz.progress()
    row = table.set_index("bank").loc[bank.id]
    assert (row["answered"], row["correct"], row["total"]) == (1, 1, 9)
    assert list(quiz.progress.summary().columns) == list(table.columns)
    assert quiz.progress.export is quiz.store.export


def test_render_markdown_basics() -> None:
    out = render_markdown("See [SIPRI](https://www.sipri.org) and `code`.\n\n| a |\n|---|\n| 1 |")
    assert 'target="_blank"' in out and 'rel="noopener noreferrer"' in out
    assert "<code>code</code>" in out and "<table>" in out


# -- issue 7, item 5: two widgets of one bank


def test_two_widgets_of_one_bank_never_lose_information(bank: Bank) -> None:
    """Two notebooks show the same quiz; the second one must not undo the first."""
    first = _q(QuizWidget(bank, store=ProgressStore()), "trade-balance-2022")
    second = _q(QuizWidget(bank, store=ProgressStore()), "trade-balance-2022")
    first.hint_button.click()
    first.answer_button.click()
    _answer(first, "-80")
    first.check_button.click()
    assert (second.attempts, second.hints_shown, second.revealed) == (0, 0, False)

    _answer(second, "-67.9")
    second.check_button.click()
    saved = ProgressStore().get(bank.id, "trade-balance-2022")
    assert (saved["attempts"], saved["hints_shown"], saved["revealed"]) == (2, 1, True)
    assert saved["correct"] is True and len(saved["history"]) == 2
    # the second widget shows the truth: both attempts, the hint and that the answer was shown
    assert (second.attempts, second.hints_shown, second.revealed) == (2, 1, True)
    assert "Attempts: 2" in second.attempts_label.value
    assert "Hint 1 of 2" in second.hints_html.value
    assert "shown below" in second.feedback.value and "✓" in second.feedback.value
    assert "-67.9 USD bn" in second.solution.value
    # and a restart shows the same
    again = _q(QuizWidget(quiz.load_bank(SAMPLE), store=ProgressStore()), "trade-balance-2022")
    assert (again.attempts, again.hints_shown, again.revealed) == (2, 1, True)


# -- item 6: a read-only home


def test_a_read_only_home_restores_answers_and_says_they_will_not_be_saved(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = QuizWidget(bank, store=ProgressStore())
    _answer(_q(first, "treaty-1951"), "San Francisco")
    _q(first, "treaty-1951").check_button.click()

    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store_mod.filelock.FileLock, "acquire", refuse)  # no lock file possible
    with pytest.warns(ProgressWarning, match="will not be saved"):
        again = QuizWidget(quiz.load_bank(SAMPLE), store=ProgressStore())
    treaty = _q(again, "treaty-1951")
    assert treaty.inputs[0].value == "San Francisco" and "✓" in treaty.feedback.value
    assert again.answered == 1
    _answer(_q(again, "g7-2023-city"), "Hiroshima")
    _q(again, "g7-2023-city").check_button.click()  # still works, saves nothing
    assert "✓" in _q(again, "g7-2023-city").feedback.value


# -- item 13: a busy lock is never shown as a timeout


HOLD = """
import sys, time, filelock
with filelock.FileLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(30)
"""


def test_a_lock_held_too_long_is_a_plain_notice_not_a_timeout(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProgressStore()
    qw = _q(QuizWidget(bank, store=store), "treaty-1951")
    monkeypatch.setattr(store_mod, "LOCK_TIMEOUT", 0.2)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store.lock_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        _answer(qw, "San Francisco")
        with pytest.warns(ProgressWarning, match="could not be saved"):
            qw.check_button.click()
    finally:
        holder.kill()
        holder.wait()
    assert "could not be saved" in qw.feedback.value and "✓" in qw.feedback.value
    assert "Timeout" not in qw.feedback.value and "another program" in qw.feedback.value


# -- items 14 and 15: nothing from the network, no sample answer, student text is text


@pytest.mark.parametrize(
    ("qid", "typed"),
    [
        ("g7-2023-city", "![](https://example.org/x.png)"),
        ("g7-2023-city", "<img src=https://example.org/x.png>"),
        ("trade-balance-2022", "![x](https://example.org/x.png)"),
        ("balance-and-alliance", "![x](https://example.org/x.png) <b>bold</b>"),
    ],
)
def test_student_input_never_becomes_an_image_or_html(bank: Bank, qid: str, typed: str) -> None:
    w = QuizWidget(bank, store=ProgressStore())
    qw = _q(w, qid)
    _answer(qw, typed)
    qw.check_button.click()
    again = _q(QuizWidget(quiz.load_bank(SAMPLE), store=ProgressStore()), qid)  # restored
    for shown in (qw, again):
        page = shown.feedback.value + shown.solution.value + shown.hints_html.value
        assert "<img" not in page and "<b>" not in page


def test_bank_images_become_links_never_requests() -> None:
    out = render_markdown("A map: ![Okinawa](https://example.org/okinawa.png)")
    assert "<img" not in out
    assert 'href="https://example.org/okinawa.png"' in out and 'rel="noopener noreferrer"' in out


def test_answer_boxes_suggest_no_sample_answer(bank: Bank) -> None:
    w = QuizWidget(bank)
    numeric = _q(w, "trade-balance-2022").inputs[0]
    text = _q(w, "g7-2023-city").inputs[0]
    assert (numeric.placeholder, text.placeholder) == ("Type a number", "Type your answer")
    for qw in w.questions:
        for box in qw.inputs:
            assert not any(ch.isdigit() for ch in getattr(box, "placeholder", "")), box


def test_notices_are_shown_as_text_not_markdown(bank: Bank, tmp_path: Path) -> None:
    blocked = tmp_path / "my_notes_" / "*not*a*folder*"
    blocked.parent.mkdir()
    blocked.write_text("x")
    qw = _q(QuizWidget(bank, store=None), "treaty-1951")
    qw.store = ProgressStore(blocked / "progress.json")
    _answer(qw, "San Francisco")
    with pytest.warns(ProgressWarning):
        qw.check_button.click()
    assert str(blocked) in qw.feedback.value  # the path as it is, not emphasised
    assert "<em>" not in qw.feedback.value
