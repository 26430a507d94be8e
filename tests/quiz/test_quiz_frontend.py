"""The one-model quiz widget in plain pytest: send it what the page sends, read its state.

Outside a kernel the ``comm`` package gives a no-op comm, so the widget is built and driven
exactly as in a notebook, minus the browser (``tests/browser/test_quiz.py`` covers the page).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from usjapan_edu import quiz
from usjapan_edu.quiz import ProgressStore, ProgressWarning
from usjapan_edu.quiz.bank import bank_from_data
from usjapan_edu.quiz.frontend import QuestionState, QuizWidget, clean_response
from usjapan_edu.quiz.markdown import render_markdown
from usjapan_edu.quiz.model import (
    Bank,
    Grade,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Question,
    Reflection,
    SingleChoice,
    Text,
    TrueFalse,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "quizzes" / "sample-all-types.yaml"
STATIC = Path(quiz.__file__).parent / "static"


@pytest.fixture
def bank(fake_datasets: dict[str, int]) -> Bank:
    return quiz.load_bank(SAMPLE)


@pytest.fixture
def store() -> ProgressStore:
    return ProgressStore()


def right(q: Question) -> Any:
    """The response a student who knows the answer sends from the page."""
    if isinstance(q, SingleChoice):
        return next(o.text for o in q.options if o.correct)
    if isinstance(q, MultipleChoice):
        return [o.text for o in q.options if o.correct]
    if isinstance(q, TrueFalse):
        return q.answer
    if isinstance(q, Numeric):
        return f"{q.value:g}"
    if isinstance(q, Text):
        return f"  {q.accept[0].upper()} "
    if isinstance(q, Order):
        return list(q.items)
    if isinstance(q, Match):
        return dict(q.pairs)
    if isinstance(q, Reflection):
        return " ".join(["word"] * max(q.min_words, 3))
    raise AssertionError(q.type)


def page_says(w: QuizWidget, action: str, qid: str, response: Any = None) -> None:
    """Deliver a message as the page's ``model.send`` does."""
    content: dict[str, Any] = {"action": action, "id": qid}
    if action == "check":
        content["response"] = response
    w._handle_page_message(w, content, [])


def test_page_state_holds_no_answers(bank: Bank) -> None:
    w = QuizWidget(bank)
    page = json.dumps(w.quiz, ensure_ascii=False)
    assert [q["id"] for q in w.quiz["questions"]] == [q.id for q in bank]
    assert w.results == {} and w.responses == {}
    assert '"correct"' not in page
    for q in bank:
        for hint in q.hints:
            assert hint not in page
        if q.explanation:
            assert q.explanation.strip().splitlines()[0] not in page
        if isinstance(q, SingleChoice | MultipleChoice):
            for o in q.options:
                if o.feedback:
                    assert o.feedback not in page
        if isinstance(q, Text):
            assert all(a not in page for a in q.accept)
        if isinstance(q, Numeric):
            assert f"{q.value:g}" not in page
        if isinstance(q, Order):  # items are there, but shuffled
            entry = next(e for e in w.quiz["questions"] if e["id"] == q.id)
            assert sorted(entry["items"]) == sorted(q.items) and entry["items"] != list(q.items)


def test_page_state_describes_every_type(bank: Bank) -> None:
    w = QuizWidget(bank)
    by_type = {e["type"]: e for e in reversed(w.quiz["questions"])}  # the first of each type
    assert set(by_type) == {
        "single",
        "multiple",
        "true_false",
        "numeric",
        "text",
        "order",
        "match",
        "reflection",
    }
    for n, entry in enumerate(w.quiz["questions"], 1):
        assert entry["n"] == n
        assert entry["prompt"].startswith("<p>") and entry["instructions"]
        assert entry["hints"] == len(bank[entry["id"]].hints)
    assert by_type["single"]["options"] == [o.text for o in bank["treaty-1951"].options]
    assert by_type["numeric"]["unit"] == "USD bn"
    assert "USD bn" in by_type["numeric"]["instructions"]
    assert by_type["match"]["lefts"] == [left for left, _ in bank["trade-deals-years"].pairs]
    assert "2009" in by_type["match"]["choices"]  # the distractor
    assert "15 words" in by_type["reflection"]["instructions"]
    assert w.quiz["title"] == bank.title and w.quiz["description"].startswith("<p>")


@pytest.mark.parametrize("qid", [q.id for q in quiz.load_bank(SAMPLE, resolve=False)])
def test_right_answers_get_a_tick_and_the_explanation(bank: Bank, qid: str) -> None:
    w = QuizWidget(bank)
    q = bank[qid]
    page_says(w, "check", qid, right(q))
    result = w.results[qid]
    assert result["status"] in {"correct", "saved"}
    assert "✓" in result["feedback"]
    assert "Correct!" in result["feedback"] or "Saved." in result["feedback"]
    assert result["attempts"] == 1 and w.state(qid).attempts == 1
    first_word = q.explanation.split()[0].strip("*")
    assert first_word in result["solution"]
    assert w.responses[qid] == clean_response(q, right(q))


@pytest.mark.parametrize(
    ("qid", "answer", "words"),
    [
        ("treaty-1951", "Tokyo", "Japan was still under Allied occupation"),
        ("quad-members", ["Japan", "China"], "China is not a member"),
        ("treaty-1960-replaced", False, "It did replace it"),
        ("trade-balance-2022", "-80", "too low"),
        ("trade-balance-2022", "67.9", "Check the sign"),
        ("g7-2023-city", "Tokyo", "Not quite"),
        ("trade-deals-years", {"IPEF is launched in Tokyo": "2009"}, "Choose a match"),
    ],
)
def test_wrong_answers_get_a_cross_and_no_solution(
    bank: Bank, qid: str, answer: Any, words: str
) -> None:
    w = QuizWidget(bank)
    page_says(w, "check", qid, answer)
    result = w.results[qid]
    assert words in result["feedback"]
    if result["status"] == "invalid":  # an incomplete match is explained, not counted
        assert result["attempts"] == 0
    else:
        assert "✗" in result["feedback"] and result["attempts"] == 1
    assert result["solution"] == ""  # the answer is not given away


def test_order_partly_right(bank: Bank) -> None:
    w = QuizWidget(bank)
    items = list(bank["alliance-timeline"].items)
    items[0], items[1] = items[1], items[0]
    page_says(w, "check", "alliance-timeline", items)
    result = w.results["alliance-timeline"]
    assert (
        result["status"] == "partial"
        and "2 of 4 items are in the right place" in (result["feedback"])
    )


@pytest.mark.parametrize("typed", ["", "abc", "68%", "¥5T", "1,5", None, 12, ["1"]])
def test_unreadable_numbers_are_explained_and_do_not_count(bank: Bank, typed: Any) -> None:
    w = QuizWidget(bank, store=ProgressStore())
    page_says(w, "check", "trade-balance-2022", typed)
    result = w.results["trade-balance-2022"]
    assert result["attempts"] == 0 and result["status"] == "invalid"
    assert "✓" not in result["feedback"] and "✗" not in result["feedback"]
    assert "ℹ" in result["feedback"]
    assert ProgressStore().get(bank.id, "trade-balance-2022") is None  # nothing saved


def test_a_repeated_message_is_still_answered(bank: Bank) -> None:
    """The page waits for each answer: the same unreadable input twice changes ``seq``."""
    w = QuizWidget(bank)
    page_says(w, "check", "g7-2023-city", "")
    first = w.results["g7-2023-city"]
    page_says(w, "check", "g7-2023-city", "")
    second = w.results["g7-2023-city"]
    assert second["seq"] == first["seq"] + 1
    assert {k: v for k, v in first.items() if k != "seq"} == {
        k: v for k, v in second.items() if k != "seq"
    }


def test_hints_one_at_a_time(bank: Bank, store: ProgressStore) -> None:
    w = QuizWidget(bank, store=store)
    page_says(w, "hint", "g7-2023-city")
    hints = w.results["g7-2023-city"]["hints"]
    assert hints == [render_markdown(bank["g7-2023-city"].hints[0])]
    page_says(w, "hint", "g7-2023-city")
    page_says(w, "hint", "g7-2023-city")  # no third hint: nothing breaks
    assert len(w.results["g7-2023-city"]["hints"]) == 2
    assert w.state("g7-2023-city").hints_shown == 2
    assert store.get(bank.id, "g7-2023-city")["hints_shown"] == 2
    page_says(w, "hint", "balance-and-alliance")  # a question without hints
    assert w.results["balance-and-alliance"]["hints"] == []


def test_show_answer_reveals_answer_explanation_and_source(
    bank: Bank, store: ProgressStore
) -> None:
    w = QuizWidget(bank, store=store)
    page_says(w, "reveal", "trade-deals-years")
    result = w.results["trade-deals-years"]
    assert result["revealed"] is True and result["status"] == "revealed"
    assert "<strong>2018</strong>" in result["solution"]
    assert "30 December" in result["solution"]
    assert "Source:" in result["solution"] and "alliance_timeline" in result["solution"]
    assert "shown below" in result["feedback"] and "ℹ" in result["feedback"]
    assert result["attempts"] == 0
    assert store.get(bank.id, "trade-deals-years")["revealed"] is True
    assert "answers shown 1" in w.summary
    page_says(w, "reveal", "trade-balance-2022")
    solution = w.results["trade-balance-2022"]["solution"]
    assert "-67.9 USD bn" in solution and "±1" in solution
    assert "dataset <code>goods_trade</code>" in solution


def test_summary_and_on_submit(bank: Bank) -> None:
    w = QuizWidget(bank)
    seen: list[tuple[str, str, Any]] = []

    def record(state: QuestionState, grade: Grade) -> None:
        seen.append((state.question.id, grade.status, state.response))

    w.on_submit(record)
    page_says(w, "check", "treaty-1951", "San Francisco")
    page_says(w, "check", "quad-members", ["Japan", "India"])
    page_says(w, "check", "g7-2023-city", "")
    assert seen == [
        ("treaty-1951", "correct", "San Francisco"),
        ("quad-members", "partial", ["Japan", "India"]),
        ("g7-2023-city", "invalid", None),
    ]
    assert (w.answered, w.n_correct) == (2, 1)
    assert w.score == pytest.approx(1.5)
    assert w.summary == f"Score: 1.5 of {len(bank)} · answered 2 of {len(bank)} · correct 1"
    w.on_submit(record, remove=True)
    page_says(w, "check", "treaty-1951", "San Francisco")
    assert len(seen) == 3
    assert w.check("treaty-1951", "Tokyo").correct is False  # the Python API, same path


def test_one_widget_model_per_quiz(bank: Bank) -> None:
    from ipywidgets.widgets.widget import _instances  # every open widget model, by id

    before = set(_instances)
    w = QuizWidget(bank)
    assert set(_instances) - before == {w.model_id}
    assert w.layout is None


def test_one_message_per_action(bank: Bank) -> None:
    """A Check, a Hint, a Show answer: one state update each (responses+results+summary)."""
    w = QuizWidget(bank)
    sent: list[Any] = []
    original = w.comm.send
    w.comm.send = lambda *a, **k: (sent.append(a or k), original(*a, **k))  # type: ignore[method-assign]
    page_says(w, "check", "treaty-1951", "San Francisco")
    page_says(w, "hint", "g7-2023-city")
    page_says(w, "reveal", "g7-2023-city")
    assert len(sent) == 3


def test_answers_survive_a_restart(bank: Bank) -> None:
    first = QuizWidget(bank, store=ProgressStore())
    for q in bank:
        response = ["Japan", "India"] if q.id == "quad-members" else right(q)
        page_says(first, "check", q.id, response)
    page_says(first, "hint", "g7-2023-city")
    page_says(first, "reveal", "trade-deals-years")
    page_says(first, "check", "treaty-1951", "Tokyo")

    # "kernel restart": a new store object and a new widget read the same file
    again = QuizWidget(quiz.load_bank(SAMPLE), store=ProgressStore())
    assert again.answered == first.answered == len(bank)
    assert again.score == pytest.approx(first.score)
    assert again.responses == first.responses
    assert again.summary == first.summary
    for qid, result in first.results.items():
        restored = again.results[qid]
        assert {k: v for k, v in restored.items() if k != "seq"} == {
            k: v for k, v in result.items() if k != "seq"
        }, qid
    assert again.state("treaty-1951").attempts == 2
    assert "✗" in again.results["treaty-1951"]["feedback"]
    assert "30 December" in again.results["trade-deals-years"]["solution"]
    # restoring is not an attempt and writes nothing
    assert ProgressStore().get(bank.id, "treaty-1951")["attempts"] == 2


def test_two_open_copies_of_a_quiz_stay_truthful(bank: Bank) -> None:
    """Two notebooks show one bank: each adopts what the other saved when it saves."""
    a = QuizWidget(bank, store=ProgressStore())
    b = QuizWidget(bank, store=ProgressStore())
    page_says(a, "check", "treaty-1951", "Tokyo")
    page_says(b, "check", "treaty-1951", "Washington, D.C.")
    assert b.results["treaty-1951"]["attempts"] == 2
    page_says(a, "hint", "g7-2023-city")
    page_says(a, "hint", "g7-2023-city")
    page_says(b, "hint", "g7-2023-city")  # b had shown none: the saved two win
    assert b.state("g7-2023-city").hints_shown == 2
    assert len(b.results["g7-2023-city"]["hints"]) == 2
    page_says(a, "reveal", "quad-members")
    page_says(b, "check", "quad-members", ["Japan"])
    assert b.results["quad-members"]["revealed"] is True
    assert "The right options are" in b.results["quad-members"]["solution"]


def test_restore_tolerates_stale_or_damaged_records(bank: Bank, store: ProgressStore) -> None:
    store.update(
        bank.id,
        "treaty-1951",
        response="Kyoto",
        correct=False,
        score=0.0,
        feedback="Not quite.",
        record_attempt=True,
    )
    path = store.path
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = data["banks"][bank.id]["questions"]
    questions["alliance-timeline"] = {"response": "not a list", "attempts": "many"}
    questions["trade-deals-years"] = {
        "response": {"Article V of the 1960 treaty": "x"},
        "attempts": 1,
        "hints_shown": 99,
    }
    questions["no-such-question"] = {"response": "x", "attempts": 3}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(ProgressWarning):
        w = QuizWidget(bank, store=store)
    assert "treaty-1951" not in w.responses  # "Kyoto" is not an option any more
    assert w.state("treaty-1951").attempts == 1
    assert w.state("alliance-timeline").attempts == 0
    assert w.state("trade-deals-years").hints_shown == len(bank["trade-deals-years"].hints)
    assert "no-such-question" not in w.results


def test_restore_false_starts_clean(bank: Bank, store: ProgressStore) -> None:
    first = QuizWidget(bank, store=store)
    page_says(first, "check", "treaty-1951", "San Francisco")
    fresh = QuizWidget(bank, store=store, restore=False)
    assert fresh.state("treaty-1951").attempts == 0 and fresh.results == {}


@pytest.mark.parametrize(
    "content",
    [
        None,
        "check",
        [],
        {"action": "check"},
        {"action": "check", "id": "no-such-question", "response": "x"},
        {"action": "explode", "id": "treaty-1951"},
        {"action": "check", "id": ["treaty-1951"]},
        {"action": "check", "id": "treaty-1951", "response": {"a": 1}},
        {"action": "check", "id": "quad-members", "response": ["Japan"] * 1000},
        {"action": "check", "id": "alliance-timeline", "response": [1, 2, 3, 4]},
        {"action": "check", "id": "trade-deals-years", "response": ["2017"]},
        {"action": "check", "id": "treaty-1960-replaced", "response": "true"},
    ],
)
def test_odd_messages_from_the_page_never_break_the_quiz(bank: Bank, content: Any) -> None:
    w = QuizWidget(bank, store=ProgressStore())
    w._handle_page_message(w, content, [])
    assert w.answered == 0
    for result in w.results.values():
        assert result["status"] == "invalid" and result["attempts"] == 0


def test_too_long_answers_are_refused_without_an_attempt(bank: Bank) -> None:
    w = QuizWidget(bank)
    page_says(w, "check", "g7-2023-city", "Hiroshima" + " " * 1000)
    assert "too long" in w.results["g7-2023-city"]["feedback"]
    assert w.state("g7-2023-city").attempts == 0
    essay = " ".join(["word"] * 3000)  # a long reflection is fine
    page_says(w, "check", "balance-and-alliance", essay)
    assert w.results["balance-and-alliance"]["status"] == "saved"


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
                    "prompt": "**bold** <img src=x onerror=alert(1)> [link](javascript:alert(1))"
                    " ![pic](https://example.org/p.png)",
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
    page_says(w, "check", "x", "<i>a</i>")
    page_says(w, "hint", "x")
    page_says(w, "reveal", "x")
    data, _ = w._repr_mimebundle_()
    result = w.results["x"]
    html_fields = [
        w.quiz["description"],
        w.quiz["questions"][0]["prompt"],
        result["feedback"],
        *result["hints"],
        result["solution"],
        data["text/html"],
    ]
    everything = "".join(html_fields)
    for bad in ("<script", "<img", "<iframe", "<style", "<b>", "<i>", 'href="javascript:'):
        assert bad not in everything, bad
    assert "<strong>bold</strong>" in w.quiz["questions"][0]["prompt"]
    assert w.quiz["title"] == "<script>alert('t')</script>"  # the page sets it as text
    assert w.quiz["questions"][0]["options"][0] == "<i>a</i>"  # likewise


def test_fallback_for_pages_without_a_widget_front_end(bank: Bank) -> None:
    w = QuizWidget(bank)
    data, _ = w._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == w.model_id
    plain, page = data["text/plain"], data["text/html"]
    assert plain.startswith("Sample quiz: every question type")
    assert "( ) San Francisco" in plain and "[ ] Japan" in plain
    assert "Run the notebook in JupyterLab" in page
    assert page.count("<li><p>") == len(bank)
    # the fallback lists choices but never which ones are right
    assert "correct" not in plain.lower()
    assert repr(w) == f"QuizWidget(bank='sample-all-types', questions={len(bank)})"
    w.close()
    assert w._repr_mimebundle_ is None


def test_store_failure_is_visible_not_fatal(bank: Bank, tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    w = QuizWidget(bank, store=None)
    w.store = ProgressStore(blocked / "progress.json")
    with pytest.warns(ProgressWarning, match="could not be saved"):
        page_says(w, "check", "treaty-1951", "San Francisco")
    feedback = w.results["treaty-1951"]["feedback"]
    assert "could not be saved" in feedback and "✓" in feedback
    with pytest.warns(ProgressWarning, match="not available"):
        QuizWidget(bank, store=ProgressStore(blocked / "progress.json"))


def test_a_read_only_home_still_restores_what_it_can_read(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = QuizWidget(bank, store=ProgressStore())
    page_says(first, "check", "treaty-1951", "San Francisco")
    import filelock

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", "progress.json.lock")

    monkeypatch.setattr(filelock.BaseFileLock, "acquire", refuse)
    with pytest.warns(ProgressWarning, match="will not be saved"):
        again = QuizWidget(quiz.load_bank(SAMPLE), store=ProgressStore())
    assert again.store is None
    assert again.responses["treaty-1951"] == "San Francisco"
    assert "✓" in again.results["treaty-1951"]["feedback"]


def test_show_quiz_widget_and_progress(bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    assert quiz.show(bank) is None
    (w,) = [obj for obj in shown if isinstance(obj, QuizWidget)]
    assert isinstance(w, QuizWidget) and isinstance(w, quiz.QuizWidget)
    page_says(w, "check", "treaty-1951", "San Francisco")
    row = quiz.progress().set_index("bank").loc[bank.id]
    assert (row["answered"], row["correct"], row["total"]) == (1, 1, len(bank))
    assert quiz.progress.export is quiz.store.export
    assert list(quiz.progress.summary().columns) == list(quiz.progress().columns)
    assert quiz.quiz_widget(bank, store=None).store is None


def test_the_front_end_ships_beside_the_class_and_needs_no_network() -> None:
    js = (STATIC / "quiz.js").read_text(encoding="utf-8")
    css = (STATIC / "quiz.css").read_text(encoding="utf-8")
    assert "export default" in js and "render" in js
    assert QuizWidget._esm is not None and str(QuizWidget._esm) == js
    for text in (js, css):
        for bad in ("http://", "https://", "import(", "fetch(", "eval(", "@import", "url("):
            assert bad not in text, bad


def test_the_first_paint_is_the_page_the_widget_brings_to_life(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    from usjapan_edu.quiz._page import VIEW, FirstPaint

    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    quiz.show(bank)
    first, widget = shown  # the page at once, then the widget that takes it over
    assert isinstance(first, FirstPaint) and isinstance(widget, QuizWidget)
    assert widget.static_id == first.static_id and widget.static_id.startswith("usj-")
    page = first._repr_mimebundle_()["text/html"]
    assert f'id="{widget.static_id}"' in page and "usj-static" in page and VIEW not in page
    # every question, each with its own live region, labelled controls and its buttons
    assert page.count('<fieldset class="usj-question') == len(bank)
    assert page.count('role="status" aria-live="polite"') == len(bank)
    assert page.count('data-action="check"') == len(bank)
    assert all(f'for="{widget.static_id}-q0-opt{i}"' in page for i in range(2))
    # … and never an answer: no per-option feedback, explanation or hint text
    for q in bank.questions:
        for text in [*q.hints, q.explanation, *(o.feedback for o in getattr(q, "options", ()))]:
            if text and len(text) > 12:
                assert text[:40] not in page, text
    # the note for a saved notebook whose quiz is not live; the widget repeats nothing
    assert "Run this cell to see your quiz (your answers are saved)." in page
    data, _ = widget._repr_mimebundle_()
    assert "text/html" not in data and data["text/plain"] == ""
    # a widget shown on its own (no first paint) keeps its fallback for other front ends
    alone, _ = quiz.quiz_widget(bank, store=None)._repr_mimebundle_()
    assert "text/html" in alone and alone["text/plain"]


def test_importing_the_quiz_package_is_light() -> None:
    code = (
        "import sys, usjapan_edu.quiz as q; "
        "heavy = ['yaml', 'filelock', 'markdown_it', 'anywidget', 'ipywidgets', "
        "'usjapan_edu.quiz.bank', 'usjapan_edu.quiz.store', 'usjapan_edu.quiz._checks']; "
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("bad", [["Right 1", "Right 2"], {"nested": "dict"}, 7, True], ids=repr)
def test_a_match_answer_of_the_wrong_shape_reads_as_unanswered(
    bank: Bank, store: ProgressStore, monkeypatch: pytest.MonkeyPatch, bad: Any
) -> None:
    """#19 item 12: a list (or any non-text) in a saved match answer must not break show()."""
    q = bank["trade-deals-years"]
    assert isinstance(q, Match)
    left = q.pairs[0][0]
    store.update(
        bank.id, q.id, response=dict(q.pairs), correct=True, score=1.0, record_attempt=True
    )
    data = json.loads(store.path.read_text(encoding="utf-8"))
    data["banks"][bank.id]["questions"][q.id]["response"] = {left: bad}
    store.path.write_text(json.dumps(data), encoding="utf-8")
    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    with pytest.warns(ProgressWarning, match=r"'trade-deals-years'.*shown as not answered"):
        quiz.show(bank)
    (w,) = [obj for obj in shown if isinstance(obj, QuizWidget)]
    state = w.state(q.id)
    assert (state.attempts, state.response, state.grade) == (0, None, None)
    assert q.id not in w.responses and q.id not in w.results
    assert clean_response(q, {left: bad})[left] is None  # the page's input is cleaned too
    assert w.check(q.id, dict(q.pairs)).correct  # and the question can be answered again


def test_show_records_the_opened_bank_after_the_display(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def display(*objs: Any) -> None:
        seen.append(bank.id in ProgressStore().load()["banks"])

    monkeypatch.setattr("IPython.display.display", display)
    quiz.show(bank)
    assert seen == [False, False]  # not written yet when the quiz was displayed...
    assert ProgressStore().load()["banks"][bank.id]["total"] == len(bank)  # ...but right after
    w = quiz.quiz_widget(bank)  # a widget that is only built records it at once
    assert w.store is not None
