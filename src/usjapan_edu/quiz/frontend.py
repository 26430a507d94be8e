"""The quiz in a notebook: ONE widget model per quiz (anywidget), grading kept in Python.

The page runs one ES module (``static/quiz.js``, shipped in the wheel; nothing from a CDN)
and sees only a small synced state:

``quiz``
    The questions *without their answers*: id, type, prompt (HTML rendered here by the safe
    renderer of :mod:`.markdown`), options / items / choices, number of hints, unit.
``responses``
    The last response checked per question (what a restart restores into the inputs).
``results``
    Per question, only once something happened: verdict ``status``, ``feedback`` HTML (✓/✗
    and words), ``attempts``, revealed ``hints`` (HTML), ``revealed``, and the ``solution``
    HTML — explanation, source and, after *Show answer*, the answer — only when earned.
``summary``
    The score line.

The page sends ``{"action": "check" | "hint" | "reveal", "id": <question id>, "response":
…}``; :meth:`QuizWidget.check`, :meth:`QuizWidget.hint` and :meth:`QuizWidget.reveal` grade
with :meth:`Question.grade`, save through the
:class:`~usjapan_edu.quiz.store.ProgressStore` and update ``results``. The right answers never
reach the page before the student earns them or asks for them.

What the page shows (class names the tests rely on): the quiz ``.usj-quiz``; each question a
``<fieldset class="usj-question usj-type-<type>">`` with a ``<legend>`` ("Question 2 of 9"),
native labelled inputs (radio buttons of one question share a ``name``, so arrow keys move
between them), buttons whose text is exactly ``Check``, ``Hint``, ``Show answer``,
``.usj-attempts``, ONE persistent live region ``.usj-feedback[role=status]`` whose content is
replaced (never the element), ``.usj-hints`` and ``.usj-solution``; the score ``.usj-summary``.
Where no widget front end exists (nbconvert, GitHub) the display falls back to text/HTML that
lists the questions and choices, never the answers.

Examples
--------
>>> from usjapan_edu.quiz.model import Bank, Text
>>> bank = Bank(id="demo", title="Demo", questions=(
...     Text(id="city", prompt="Which prefecture?", accept=("Okinawa",), hints=("Islands.",)),))
>>> w = QuizWidget(bank)
>>> w.check("city", "okinawa").correct
True
>>> w.results["city"]["status"], w.results["city"]["attempts"]
('correct', 1)
>>> "okinawa" in str(w.quiz)  # the page state never holds the answer
False

"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets
from ipywidgets import CallbackDispatcher

from usjapan_edu.i18n import t
from usjapan_edu.quiz._page import Rendered, render
from usjapan_edu.quiz.model import (
    AnswerFromError,
    Bank,
    Grade,
    Match,
    MultipleChoice,
    Order,
    Question,
    Reflection,
    SingleChoice,
    TrueFalse,
)

if TYPE_CHECKING:
    from usjapan_edu.quiz.store import ProgressStore


def render_markdown(text: str) -> str:
    """Render Markdown safely (:mod:`.markdown`'s renderer, imported when first needed)."""
    from usjapan_edu.quiz import markdown

    return markdown.render_markdown(text)


def render_inline(text: str) -> str:
    """Render inline Markdown (no paragraph) safely, like :func:`render_markdown`."""
    from usjapan_edu.quiz import markdown

    return markdown.render_inline(text)


__all__ = ["QuestionState", "QuizWidget"]

_STATIC = Path(__file__).parent / "static"

#: Longest text accepted from the page for one answer (characters); a reflection may be long.
MAX_TEXT = 500
MAX_REFLECTION = 20_000


@dataclass
class QuestionState:
    """What one question of a quiz holds in the kernel (the page sees only part of it).

    Passed to :meth:`QuizWidget.on_submit` callbacks.

    Attributes
    ----------
    question : Question
        The question, with its answer (never sent to the page).
    number : int
        1-based position in the quiz.
    response : JSON value or None
        The last response checked (the shape :meth:`Question.grade` takes).
    attempts : int
        Counted attempts (unreadable input does not count).
    hints_shown : int
        Hints revealed so far.
    revealed : bool
        Whether the student pressed *Show answer*.
    grade : Grade or None
        The last grade (also of unreadable input).
    score, correct
        Score and verdict of the last *counted* attempt (``None`` before one).
    notice : str
        A problem to show with the feedback, e.g. that saving failed.

    """

    question: Question
    number: int
    response: Any = None
    attempts: int = 0
    hints_shown: int = 0
    revealed: bool = False
    grade: Grade | None = None
    score: float | None = None
    correct: bool | None = None
    notice: str = ""
    seq: int = field(default=0, repr=False)

    @property
    def status(self) -> str:
        """Verdict of the last Check, ``revealed`` after *Show answer* alone, else ``""``.

        A verdict is one of ``correct``, ``partial``, ``incorrect``, ``saved``, ``invalid``.
        """
        if self.grade is not None:
            return self.grade.status
        return "revealed" if self.revealed else ""


def _as_int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def clean_response(question: Question, raw: Any) -> Any:
    """Return ``raw`` (JSON from the page) in the shape ``question`` grades, or ``None``.

    Anything of the wrong type, size or content (an option that is not one of the question's)
    becomes ``None`` (graded as "not answered"), so the page can never hand
    :meth:`Question.grade` something unexpected. Over-long text is left for :func:`_grade`
    to refuse with a message.

    Examples
    --------
    >>> from usjapan_edu.quiz.model import TrueFalse
    >>> q = TrueFalse(id="t", prompt="?", answer=True)
    >>> clean_response(q, True), clean_response(q, "yes"), clean_response(q, [1])
    (True, None, None)

    """
    if isinstance(question, SingleChoice):
        return raw if isinstance(raw, str) and raw in {o.text for o in question.options} else None
    if isinstance(question, TrueFalse):
        return raw if isinstance(raw, bool) else None
    if isinstance(question, MultipleChoice):
        texts = {o.text for o in question.options}
        if not isinstance(raw, list) or len(raw) > len(texts):
            return None
        return raw if all(isinstance(x, str) and x in texts for x in raw) else None
    if isinstance(question, Order):
        if not isinstance(raw, list) or len(raw) != len(question.items):
            return None
        return [x if x in question.items else None for x in raw]
    if isinstance(question, Match):
        if not isinstance(raw, Mapping):
            return None
        choices = set(question.choices())
        picked = {left: raw.get(left) for left, _ in question.pairs}
        return {
            left: (v if isinstance(v, str) and v in choices else None) for left, v in picked.items()
        }
    if isinstance(question, Reflection):
        return raw if isinstance(raw, str) else None
    return raw if isinstance(raw, str) else None  # numeric, text


def _well_formed(question: Question, raw: Any) -> bool:
    """Return whether a saved response has the JSON shape of ``question``'s answers.

    Only the shape: an option that is no longer in the bank is well formed (the bank changed;
    the verdict given then is kept), a list where a match expects a text is not.
    """
    if raw is None:
        return True
    if isinstance(question, SingleChoice):
        return isinstance(raw, str | int) and not isinstance(raw, bool)
    if isinstance(question, TrueFalse):
        return isinstance(raw, bool | str)
    if isinstance(question, MultipleChoice):
        return isinstance(raw, list) and all(isinstance(x, str | int) for x in raw)
    if isinstance(question, Order):
        return isinstance(raw, list) and all(x is None or isinstance(x, str) for x in raw)
    if isinstance(question, Match):
        return isinstance(raw, Mapping) and all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in raw.items()
        )
    return isinstance(raw, str | int | float) and not isinstance(raw, bool)


def _feedback_html(state: QuestionState) -> str:
    parts = []
    grade = state.grade
    if grade is not None:
        body = render_markdown(grade.feedback).strip()
        mark = f'<span class="usj-mark" aria-hidden="true">{grade.symbol}</span> '
        parts.append(body.replace("<p>", f"<p>{mark}", 1) if body.startswith("<p>") else mark)
    if state.revealed:
        mark = "" if grade else '<span class="usj-mark" aria-hidden="true">ℹ</span> '
        shown = html.escape(t("The answer is shown below.", state.question.language))
        parts.append(f"<p>{mark}{shown}</p>")
    if state.notice:
        parts.append(f'<p class="usj-notice">⚠ {html.escape(state.notice)}</p>')
    return "".join(parts)


def _solution_html(state: QuestionState) -> str:
    """Explanation and source once earned (right or saved); with the answer once revealed."""
    q = state.question
    earned = state.grade is not None and state.grade.status in {"correct", "saved"}
    if not (earned or state.revealed):
        return ""
    parts = []
    if state.revealed:
        try:
            parts.append(render_markdown(q.answer_markdown()))
        except AnswerFromError as exc:
            why = t("The answer cannot be computed right now ({why}).", q.language, why=exc)
            parts.append(f"<p>{html.escape(why)}</p>")
    if q.explanation:
        parts.append(render_markdown(q.explanation))
    if q.source is not None:
        cite = render_inline(q.source.markdown())
        label = html.escape(t("Source:", q.language))
        parts.append(f'<p class="usj-source"><strong>{label}</strong> {cite}</p>')
    return "".join(parts)


def _grade(question: Question, response: Any) -> Grade:
    too_long = isinstance(response, str) and len(response) > (
        MAX_REFLECTION if isinstance(question, Reflection) else MAX_TEXT
    )
    if too_long:
        limit = MAX_REFLECTION if isinstance(question, Reflection) else MAX_TEXT
        msg = t(
            "That is too long ({length} characters); keep it under {limit}.",
            question.language,
            length=f"{len(response):,}",
            limit=f"{limit:,}",
        )
        return Grade(False, 0.0, msg, attempt_counts=False)
    try:
        return question.grade(response)
    except AnswerFromError as exc:
        msg = t(
            "This question cannot be checked right now ({why}). Please tell your instructor.",
            question.language,
            why=exc,
        )
    except Exception as exc:  # a bug must not leave the student without an answer
        msg = t(
            "This answer could not be checked ({why}). Please tell your instructor.",
            question.language,
            why=type(exc).__name__,
        )
    return Grade(False, 0.0, msg, attempt_counts=False)


class QuizWidget(anywidget.AnyWidget):
    """A whole quiz as one widget model: the page draws it, Python grades and saves.

    Parameters
    ----------
    bank : Bank
        The quiz.
    store : ProgressStore, optional
        Where answers are saved and restored from; ``None`` keeps nothing.
    restore : bool
        Put the student's last answers, attempts, hints and feedback back (default).

    Examples
    --------
    >>> from usjapan_edu.quiz.model import Bank, TrueFalse
    >>> w = QuizWidget(Bank(id="d", title="D", questions=(
    ...     TrueFalse(id="t", prompt="Water is wet.", answer=True),)))
    >>> seen = []
    >>> w.on_submit(lambda state, grade: seen.append((state.question.id, grade.status)))
    >>> _ = w.check("t", False)
    >>> seen, w.summary
    ([('t', 'incorrect')], 'Score: 0 of 1 · answered 1 of 1 · correct 0')

    """

    _esm = _STATIC / "quiz.js"
    _css = _STATIC / "quiz.css"

    quiz = traitlets.Dict(help="Title, description and questions, without answers.").tag(sync=True)
    responses = traitlets.Dict(help="Last checked response per question id.").tag(sync=True)
    results = traitlets.Dict(help="Feedback, attempts, hints, solution per question id.").tag(
        sync=True
    )
    summary = traitlets.Unicode("", help="The score line.").tag(sync=True)
    static_id = traitlets.Unicode(
        "", help="The id of this quiz's first paint on the page, which the page takes over."
    ).tag(sync=True)
    # No ipywidgets Layout model (the quiz styles itself in quiz.css): a quiz is ONE model.
    layout = traitlets.Any(None, allow_none=True, help="Unused; always None.").tag(sync=True)

    def __init__(
        self,
        bank: Bank,
        *,
        store: ProgressStore | None = None,
        restore: bool = True,
        register: bool = True,
        rendered: Rendered | None = None,
        **kwargs: Any,
    ) -> None:
        self.bank = bank
        self.store = store
        self._submit_handlers = CallbackDispatcher()
        self._states = {
            q.id: QuestionState(q, number) for number, q in enumerate(bank.questions, 1)
        }
        self._rendered = rendered if rendered is not None else render(bank)
        saved: dict[str, Any] = {}
        if store is not None:
            saved = self._open_store(store, restore, register=register)
        for qid, record in saved.items():
            if qid in self._states and isinstance(record, Mapping):
                self._restore(self._states[qid], record)
        page = self._rendered.page
        results = {s.question.id: self._result(s) for s in self.states if self._touched(s)}
        responses = {s.question.id: s.response for s in self.states if s.response is not None}
        super().__init__(
            quiz=page,
            responses=responses,
            results=results,
            summary=self._summary(),
            **kwargs,
        )
        self.on_msg(self._handle_page_message)

    def __repr__(self) -> str:
        return f"QuizWidget(bank={self.bank.id!r}, questions={len(self.bank)})"

    # ------------------------------------------------------------ public state

    @property
    def states(self) -> list[QuestionState]:
        """The questions' states, in quiz order."""
        return list(self._states.values())

    def state(self, question_id: str) -> QuestionState:
        """Return the state of one question (``KeyError`` names the known ids)."""
        try:
            return self._states[question_id]
        except KeyError:
            msg = f"quiz {self.bank.id!r} has no question {question_id!r}"
            raise KeyError(msg) from None

    @property
    def answered(self) -> int:
        """Questions with at least one counted attempt."""
        return sum(s.attempts > 0 for s in self.states)

    @property
    def n_correct(self) -> int:
        """Questions whose last counted attempt was right."""
        return sum(s.attempts > 0 and s.correct is True for s in self.states)

    @property
    def score(self) -> float:
        """Sum of the last scores (partial credit; a saved reflection counts 1)."""
        return float(sum(s.score or 0.0 for s in self.states if s.attempts > 0))

    def on_submit(
        self, callback: Callable[[QuestionState, Grade], Any], remove: bool = False
    ) -> None:
        """Register ``callback(state, grade)``, called after every press of Check.

        Parameters
        ----------
        callback : callable
            Receives the question's :class:`QuestionState` (``state.question.id``,
            ``state.response``, ``state.attempts`` …) and the :class:`Grade`.
        remove : bool
            Unregister ``callback`` instead.

        """
        self._submit_handlers.register_callback(callback, remove=remove)

    # ------------------------------------------------------------ actions

    def check(self, question_id: str, response: Any) -> Grade:
        """Grade ``response`` for one question, show the feedback, save, notify callbacks."""
        state = self.state(question_id)
        response = clean_response(state.question, response)
        grade = _grade(state.question, response)
        state.grade = grade
        state.notice = ""
        if grade.attempt_counts:
            # An attempt is a new answer: the same one again (a second click) is not counted.
            from usjapan_edu.quiz.store import same_answer

            if not (state.attempts and same_answer(state.response, response)):
                state.attempts += 1
            state.score = grade.score
            state.correct = grade.correct
            state.response = response
            self._save(
                state,
                record_attempt=True,
                type=state.question.type,
                response=response,
                **grade.to_dict(),
            )
        self._publish(state)
        self._submit_handlers(state, grade)
        return grade

    def hint(self, question_id: str) -> None:
        """Reveal the next hint of a question (if any) and remember it."""
        state = self.state(question_id)
        if state.hints_shown < len(state.question.hints):
            state.hints_shown += 1
            self._save(state)
        self._publish(state)

    def reveal(self, question_id: str) -> None:
        """Show the right answer, the explanation and the source; remember that it was shown."""
        state = self.state(question_id)
        if not state.revealed:
            state.revealed = True
            self._save(state, type=state.question.type)
        self._publish(state)

    # ------------------------------------------------------------ page messages

    def _handle_page_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, Mapping):
            return
        qid = content.get("id")
        if not isinstance(qid, str) or qid not in self._states:
            return
        action = content.get("action")
        if action == "check":
            self.check(qid, content.get("response"))
        elif action == "hint":
            self.hint(qid)
        elif action == "reveal":
            self.reveal(qid)

    # ------------------------------------------------------------ state to page

    @staticmethod
    def _touched(state: QuestionState) -> bool:
        return bool(state.grade or state.attempts or state.hints_shown or state.revealed)

    def _result(self, state: QuestionState) -> dict[str, Any]:
        q = state.question
        return {
            "seq": state.seq,
            "status": state.status,
            "feedback": _feedback_html(state),
            "attempts": state.attempts,
            "hints": [render_markdown(h) for h in q.hints[: state.hints_shown]],
            "revealed": state.revealed,
            "solution": _solution_html(state),
        }

    def _summary(self) -> str:
        total = len(self._states)
        lang = self.bank.language
        parts = [
            t("Score: {score} of {total}", lang, score=f"{self.score:.4g}", total=total),
            t("answered {n} of {total}", lang, n=self.answered, total=total),
            t("correct {n}", lang, n=self.n_correct),
        ]
        saved = sum(s.attempts > 0 and s.status == "saved" for s in self.states)
        if saved:
            parts.append(t("reflections saved {n}", lang, n=saved))
        revealed = sum(s.revealed for s in self.states)
        if revealed:
            parts.append(t("answers shown {n}", lang, n=revealed))
        return " · ".join(parts)

    def _publish(self, state: QuestionState) -> None:
        """Send one question's new result (and response, summary) in one message."""
        state.seq += 1
        qid = state.question.id
        with self.hold_sync():
            if state.response is not None and self.responses.get(qid) != state.response:
                self.responses = {**self.responses, qid: state.response}
            self.results = {**self.results, qid: self._result(state)}
            self.summary = self._summary()

    # ------------------------------------------------------------ progress store

    def _open_store(
        self, store: ProgressStore, restore: bool, *, register: bool = True
    ) -> dict[str, Any]:
        from usjapan_edu.quiz.store import ProgressError, ProgressWarning

        saved: dict[str, Any] = {}
        try:
            saved = store.bank(self.bank.id) if restore else {}
            if register:
                store.register_bank(self.bank.id, title=self.bank.title, total=len(self.bank))
        except (OSError, ProgressError, TimeoutError) as exc:
            warnings.warn(
                f"Quiz progress is not available ({exc}); answers will not be saved.",
                ProgressWarning,
                stacklevel=3,
            )
            self.store = None
        return saved  # what could be read is restored even when nothing can be saved

    def register(self) -> None:
        """Record in the progress file that this quiz was opened (title, number of questions).

        The widget does this itself unless built with ``register=False``; :func:`~usjapan_edu.
        quiz.show` builds it so and calls this after the display, so the page is not kept
        waiting for a write.
        """
        if self.store is None:
            return
        from usjapan_edu.quiz.store import ProgressError, ProgressWarning

        try:
            self.store.register_bank(self.bank.id, title=self.bank.title, total=len(self.bank))
        except (OSError, ProgressError, TimeoutError) as exc:
            warnings.warn(
                f"Quiz progress is not available ({exc}); answers will not be saved.",
                ProgressWarning,
                stacklevel=2,
            )
            self.store = None

    def _save(self, state: QuestionState, *, record_attempt: bool = False, **fields: Any) -> None:
        """Save, then adopt the merged record (another open copy of this quiz may have saved)."""
        if self.store is None:
            return
        from usjapan_edu.quiz.store import ProgressError, ProgressWarning

        fields.setdefault("attempts", state.attempts)
        fields.setdefault("hints_shown", state.hints_shown)
        fields.setdefault("revealed", state.revealed)
        fields.setdefault("language", self.bank.language)
        try:
            record = self.store.update(
                self.bank.id, state.question.id, record_attempt=record_attempt, **fields
            )
        except (OSError, ProgressError, TimeoutError) as exc:
            msg = t("Your answer could not be saved ({why}).", self.bank.language, why=exc)
            warnings.warn(msg, ProgressWarning, stacklevel=4)
            note = t("Export or note it before closing the notebook.", self.bank.language)
            state.notice = f"{msg} {note}"
            return
        if isinstance(record, Mapping):
            state.attempts = max(0, _as_int(record.get("attempts"), state.attempts))
            n_hints = len(state.question.hints)
            state.hints_shown = min(n_hints, max(0, _as_int(record.get("hints_shown"), 0)))
            state.revealed = state.revealed or record.get("revealed") is True

    def _restore(self, state: QuestionState, record: Mapping[str, Any]) -> None:
        """Put a saved record back; the saved response is graded again (not an attempt)."""
        q = state.question
        state.attempts = max(0, _as_int(record.get("attempts")))
        state.hints_shown = min(len(q.hints), max(0, _as_int(record.get("hints_shown"))))
        state.revealed = record.get("revealed") is True
        if not _well_formed(q, record.get("response")):
            from usjapan_edu.quiz.store import ProgressWarning

            warnings.warn(
                f"The saved answer to question {q.id!r} of quiz {self.bank.id!r} cannot be "
                f"read (a {q.type} answer of the wrong shape); it is shown as not answered.",
                ProgressWarning,
                stacklevel=4,
            )
            state.attempts = 0
            return
        response = clean_response(q, record.get("response"))
        if state.attempts == 0:
            return
        state.response = response
        grade = _grade(q, response)
        if not grade.attempt_counts:  # the bank changed, or the data: keep what was said then
            try:
                grade = Grade.from_dict(record)
            except (TypeError, ValueError):
                grade = None  # type: ignore[assignment]
        if grade is not None:
            state.grade = grade
            state.score = grade.score
            state.correct = grade.correct

    # ------------------------------------------------------------ no front end

    def _fallback_html(self) -> str:
        return self._rendered.fallback_html

    def _repr_mimebundle_(self, **kwargs: Any) -> tuple[dict[str, Any], dict[str, Any]] | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:
            return None
        data, metadata = bundle
        if self.static_id:  # the first paint, just above, stands for the quiz elsewhere
            data["text/plain"] = ""
            return data, metadata
        data["text/plain"] = self._rendered.text
        data["text/html"] = self._rendered.fallback_html
        return data, metadata
