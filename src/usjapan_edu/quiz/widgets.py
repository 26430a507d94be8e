"""The ipywidgets view of a quiz: one :class:`QuestionWidget` per question, a :class:`QuizWidget`.

The widgets are thin: grading is :meth:`Question.grade` (pure Python) and memory is the
:class:`~usjapan_edu.quiz.store.ProgressStore`. What the browser sees:

* every question box has the class ``usj-question`` (and ``usj-type-<type>``); the quiz has
  ``usj-quiz``; the score summary has ``usj-summary``;
* native inputs only (radio buttons, checkboxes, text boxes, drop-downs), each with a visible
  label that is also its accessible name, so everything works from the keyboard;
* buttons whose visible text is exactly ``Check``, ``Hint`` and ``Show answer``;
* a feedback element ``<div class="usj-feedback" role="status" aria-live="polite">`` that starts
  with ✓/✗ and always says the verdict in words (never colour alone);
* text from a bank is rendered as Markdown with raw HTML escaped (never executed) and no
  images (a remote image is a network request: ``![x](url)`` becomes a link); the widget's own
  notices are shown as plain text; the right answers stay in the kernel until the student
  succeeds or asks to see them.

Examples
--------
>>> from usjapan_edu.quiz.model import Text
>>> w = QuestionWidget(Text(id="q", prompt="Which prefecture?", accept=("Okinawa",)))
>>> w.inputs[0].value = "okinawa"
>>> w.check_button.click()
>>> "✓" in w.feedback.value and "Correct" in w.feedback.value
True

"""

from __future__ import annotations

import html
import warnings
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import ipywidgets as widgets
from traitlets import Any as AnyTrait
from traitlets import Bool, Float, Int, Unicode, observe, validate

from usjapan_edu.quiz.model import (
    AnswerFromError,
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
from usjapan_edu.quiz.store import ProgressError, ProgressStore, ProgressWarning

__all__ = ["QuestionWidget", "QuizWidget", "render_markdown"]

_STYLE = {"description_width": "initial"}
_CHOOSE = "— choose —"
_COLOURS = {
    "correct": "#1a7f37",
    "saved": "#1a7f37",
    "partial": "#9a6700",
    "incorrect": "#b42318",
    "invalid": "#0969da",
    "revealed": "#0969da",
}
_INSTRUCTIONS = {
    "single": "Choose one answer.",
    "multiple": "Tick all that apply.",
    "true_false": "True or false?",
    "text": "Type a short answer.",
    "order": "Choose the item for each position.",
    "match": "Choose the match for each item.",
    "reflection": "Write your answer. There is no single right answer; it is saved when you "
    "press Check.",
}


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.disable("image")  # an <img> would fetch a remote file: ![x](url) renders as a link

    def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    return md


def render_markdown(text: str) -> str:
    r"""Render bank Markdown to HTML; raw HTML in ``text`` is escaped, never passed through.

    Images are not rendered (no network request): ``![alt](url)`` becomes a link.

    Examples
    --------
    >>> render_markdown("**Tokyo** <script>alert(1)</script>")
    '<p><strong>Tokyo</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\n'
    >>> "<img" in render_markdown("![map](https://example.org/map.png)")
    False

    """
    return _markdown().render(text or "")


def _feedback_html(grade: Grade | None, extra: str = "", status: str | None = None) -> str:
    """Return the feedback region: the grade's feedback (Markdown), then ``extra`` as text.

    The grade's feedback is Markdown built by the model, which escapes any student input it
    quotes; ``extra`` (the widget's own notices, which can quote paths and error messages) is
    escaped and never read as Markdown.
    """
    status = status or (grade.status if grade else "")
    parts = []
    if grade is not None:
        body = render_markdown(grade.feedback).strip()
        mark = f'<span class="usj-mark" aria-hidden="true">{grade.symbol}</span> '
        body = body.replace("<p>", f"<p>{mark}", 1) if body.startswith("<p>") else mark + body
        parts.append(body)
    if extra:
        parts.append(f"<p>{html.escape(extra)}</p>")
    style = ""
    if parts and status in _COLOURS:
        style = f' style="border-left: 4px solid {_COLOURS[status]}; padding: 0 0.6em;"'
    cls = f"usj-feedback usj-{status}" if status else "usj-feedback"
    return (
        f'<div class="{cls}" role="status" aria-live="polite" aria-atomic="true"{style}>'
        f"{''.join(parts)}</div>"
    )


class _Kit:
    """Layouts and styles shared by the widgets of one quiz.

    Each ipywidgets ``Layout``/``Style`` is a widget model of its own; a question has ~20 of
    them. Sharing the ones that never change (sharing is supported by ipywidgets) halves the
    number of models a quiz creates and so its build time. Layouts that change at run time
    (shown/hidden areas) are never shared.
    """

    def __init__(self) -> None:
        self._made: dict[Any, widgets.Widget] = {}

    def layout(self, **kw: str) -> widgets.Layout:
        key = ("layout", tuple(sorted(kw.items())))
        if key not in self._made:
            self._made[key] = widgets.Layout(**kw)
        return self._made[key]  # type: ignore[return-value]

    def style(self, cls: type[widgets.Widget], **kw: str) -> widgets.Widget:
        style_cls = cls.class_traits()["style"].klass
        key = (style_cls, tuple(sorted(kw.items())))
        if key not in self._made:
            self._made[key] = style_cls(**kw)
        return self._made[key]

    def make(
        self,
        cls: type[Any],
        *,
        layout: dict[str, str] | None = None,
        own_layout: bool = False,
        style: dict[str, str] | None = None,
        **kw: Any,
    ) -> Any:
        """Create ``cls(**kw)`` with a shared (or, if ``own_layout``, private) layout/style."""
        kw["layout"] = (
            widgets.Layout(**(layout or {})) if own_layout else self.layout(**(layout or {}))
        )
        if "style" in cls.class_traits():
            kw["style"] = self.style(cls, **(style or {}))
        return cls(**kw)


class QuestionWidget(widgets.VBox):
    """One question: prompt, inputs, Check / Hint / Show answer, feedback and explanation.

    Parameters
    ----------
    question : Question
        The question to ask.
    bank_id : str
        Key for the progress store (with the question id).
    store : ProgressStore, optional
        Where answers are saved; ``None`` keeps nothing.
    number, total : int, optional
        Shown as "Question *number* of *total*".
    saved : dict, optional
        A record from the store to restore (response, attempts, hints, feedback).

    """

    attempts = Int(0, help="Counted attempts; unreadable input does not count.")
    hints_shown = Int(0, help="How many hints have been revealed (0 … number of hints).")
    revealed = Bool(False, help="Whether the student pressed 'Show answer'.")
    score = Float(None, allow_none=True, help="Score (0–1) of the last counted attempt.")
    correct = AnyTrait(
        None, help="True/False of the last counted attempt (None: none yet or a reflection)."
    )
    status = Unicode(
        "",
        help="Verdict of the last Check: correct, partial, incorrect, saved, "
        "invalid, or '' before any.",
    )

    def __init__(
        self,
        question: Question,
        *,
        bank_id: str = "",
        store: ProgressStore | None = None,
        number: int | None = None,
        total: int | None = None,
        saved: Mapping[str, Any] | None = None,
        _kit: _Kit | None = None,
        **kwargs: Any,
    ) -> None:
        self.question = question
        self._kit = kit = _kit or _Kit()
        self.bank_id = bank_id
        self.store = store
        self.last_grade: Grade | None = None
        self._submit_handlers = widgets.CallbackDispatcher()
        self._restoring = False

        heading = ""
        if number is not None:
            of = f" of {total}" if total else ""
            heading = f'<p class="usj-qnum"><strong>Question {number}{of}</strong></p>'
        instructions = _INSTRUCTIONS.get(question.type, "")
        if isinstance(question, Numeric):
            instructions = f"Type a number{f' in {question.unit}' if question.unit else ''}."
        self.prompt = kit.make(
            widgets.HTML,
            value=heading
            + f'<div class="usj-prompt">{render_markdown(question.prompt)}</div>'
            + f'<p class="usj-instructions"><em>{html.escape(instructions)}</em></p>',
        )
        self.inputs: list[widgets.Widget] = self._build_inputs()
        input_box = kit.make(widgets.VBox, children=self.inputs)
        input_box.add_class("usj-inputs")

        self.check_button = kit.make(
            widgets.Button,
            description="Check",
            button_style="primary",
            tooltip="Check your answer",
        )
        self.hint_button = kit.make(
            widgets.Button,
            description="Hint",
            tooltip="Show a hint",
            layout=None if question.hints else {"display": "none"},
        )
        self.answer_button = kit.make(
            widgets.Button,
            description="Show answer",
            tooltip="Show the right answer and the explanation",
        )
        self.check_button.on_click(self.check)
        self.hint_button.on_click(self.show_hint)
        self.answer_button.on_click(self.show_answer)
        buttons = kit.make(
            widgets.HBox, children=[self.check_button, self.hint_button, self.answer_button]
        )
        buttons.add_class("usj-buttons")

        self.attempts_label = kit.make(widgets.HTML, value=self._attempts_html())
        self.feedback = kit.make(widgets.HTML, value=_feedback_html(None))
        self.feedback.add_class("usj-feedback-box")
        hidden = {"display": "none"}
        self.hints_html = kit.make(widgets.HTML, value="", layout=hidden, own_layout=True)
        self.solution = kit.make(widgets.HTML, value="", layout=hidden, own_layout=True)
        self.solution.add_class("usj-solution")

        kwargs.setdefault("layout", kit.layout())
        super().__init__(
            children=[
                self.prompt,
                input_box,
                buttons,
                self.attempts_label,
                self.feedback,
                self.hints_html,
                self.solution,
            ],
            **kwargs,
        )
        self.add_class("usj-question")
        self.add_class(f"usj-type-{question.type}")
        if saved:
            self.restore(saved)

    # ------------------------------------------------------------ inputs

    def _build_inputs(self) -> list[widgets.Widget]:
        q = self.question
        make = self._kit.make
        auto = {"width": "auto"}
        if isinstance(q, SingleChoice):
            options: list[Any] = [o.text for o in q.options]
            return [make(widgets.RadioButtons, options=options, value=None, layout=auto)]
        if isinstance(q, TrueFalse):
            options = [("True", True), ("False", False)]
            return [make(widgets.RadioButtons, options=options, value=None, layout=auto)]
        if isinstance(q, MultipleChoice):
            return [
                make(widgets.Checkbox, value=False, description=o.text, indent=False, layout=auto)
                for o in q.options
            ]
        if isinstance(q, Numeric):
            label = f"Answer ({q.unit})" if q.unit else "Answer"
            return [
                make(widgets.Text, description=label, placeholder="Type a number", style=_STYLE)
            ]
        if isinstance(q, Text):
            return [
                make(
                    widgets.Text,
                    description="Answer",
                    placeholder="Type your answer",
                    style=_STYLE,
                )
            ]
        if isinstance(q, Reflection):
            return [
                make(
                    widgets.Textarea,
                    description="Your reflection",
                    rows=5,
                    style=_STYLE,
                    layout={"width": "95%"},
                )
            ]
        if isinstance(q, Order):
            options = [(_CHOOSE, ""), *[(item, item) for item in q.display_items()]]
            return [
                make(
                    widgets.Dropdown,
                    options=options,
                    value="",
                    description=f"Position {i}",
                    style=_STYLE,
                )
                for i in range(1, len(q.items) + 1)
            ]
        if isinstance(q, Match):
            options = [(_CHOOSE, ""), *[(c, c) for c in q.choices()]]
            return [
                make(widgets.Dropdown, options=options, value="", description=left, style=_STYLE)
                for left, _ in q.pairs
            ]
        msg = f"no widget for question type {q.type!r}"  # pragma: no cover
        raise TypeError(msg)  # pragma: no cover

    def response(self) -> Any:
        """Return the current input as a JSON value (the shape :meth:`Question.grade` takes)."""
        q = self.question
        if isinstance(q, SingleChoice | TrueFalse):
            return self.inputs[0].value
        if isinstance(q, MultipleChoice):
            return [o.text for o, box in zip(q.options, self.inputs, strict=True) if box.value]
        if isinstance(q, Order):
            return [box.value or None for box in self.inputs]
        if isinstance(q, Match):
            return {
                left: box.value or None for (left, _), box in zip(q.pairs, self.inputs, strict=True)
            }
        return self.inputs[0].value

    def set_response(self, response: Any) -> None:
        """Put a saved response back into the inputs (values that no longer fit are skipped)."""
        q = self.question
        if isinstance(q, SingleChoice):
            if response in {o.text for o in q.options}:
                self.inputs[0].value = response
        elif isinstance(q, TrueFalse):
            if isinstance(response, bool):
                self.inputs[0].value = response
        elif isinstance(q, MultipleChoice):
            picked = set(response) if isinstance(response, list) else set()
            for o, box in zip(q.options, self.inputs, strict=True):
                box.value = o.text in picked
        elif isinstance(q, Order):
            if isinstance(response, list):
                for box, item in zip(self.inputs, response, strict=False):
                    box.value = item if item in q.items else ""
        elif isinstance(q, Match):
            if isinstance(response, Mapping):
                choices = set(q.choices())
                for (left, _), box in zip(q.pairs, self.inputs, strict=True):
                    got = response.get(left)
                    box.value = got if got in choices else ""
        elif isinstance(response, str):
            self.inputs[0].value = response

    # ------------------------------------------------------------ traits

    @validate("attempts")
    def _valid_attempts(self, proposal: Any) -> int:
        return max(0, int(proposal["value"]))

    @validate("hints_shown")
    def _valid_hints(self, proposal: Any) -> int:
        return min(max(0, int(proposal["value"])), len(self.question.hints))

    @observe("attempts")
    def _on_attempts(self, change: Any) -> None:
        self.attempts_label.value = self._attempts_html()

    @observe("hints_shown")
    def _on_hints(self, change: Any) -> None:
        n, total = self.hints_shown, len(self.question.hints)
        if n == 0:
            self.hints_html.value = ""
            self.hints_html.layout.display = "none"
        else:
            items = "".join(
                f'<div class="usj-hint"><p><strong>Hint {i} of {total}:</strong></p>'
                f"{render_markdown(h)}</div>"
                for i, h in enumerate(self.question.hints[:n], 1)
            )
            last = "<p><em>That was the last hint.</em></p>" if n == total else ""
            self.hints_html.value = f'<div class="usj-hints" aria-live="polite">{items}{last}</div>'
            self.hints_html.layout.display = None
        self.hint_button.tooltip = (
            f"Show hint {n + 1} of {total}" if n < total else "All hints are shown"
        )

    @observe("revealed")
    def _on_revealed(self, change: Any) -> None:
        if self.revealed:
            self._show_solution(with_answer=True)

    def _attempts_html(self) -> str:
        n = self.attempts
        return f'<span class="usj-attempts">Attempts: {n}</span>'

    # ------------------------------------------------------------ actions

    def on_submit(
        self, callback: Callable[[QuestionWidget, Grade], Any], remove: bool = False
    ) -> None:
        """Register ``callback(widget, grade)``, called after every press of Check.

        Parameters
        ----------
        callback : callable
            Receives this widget and the :class:`Grade`.
        remove : bool
            Unregister ``callback`` instead.

        """
        self._submit_handlers.register_callback(callback, remove=remove)

    def check(self, _button: Any = None) -> Grade:
        """Grade the current input, show feedback, save it, notify ``on_submit`` callbacks."""
        response = self.response()
        try:
            grade = self.question.grade(response)
        except AnswerFromError as exc:
            grade = Grade(
                False,
                0.0,
                f"This question cannot be checked right now ({exc}). Please tell your instructor.",
                attempt_counts=False,
            )
        if grade.attempt_counts:
            self.attempts += 1
            self.score = grade.score
            self.correct = grade.correct
        self.last_grade = grade
        self.status = grade.status
        self._render_feedback()
        if grade.status in {"correct", "saved"} or self.revealed:
            self._show_solution(with_answer=self.revealed)
        if grade.attempt_counts:
            self._save(
                record_attempt=True,
                type=self.question.type,
                response=response,
                **grade.to_dict(),
                attempts=self.attempts,
            )
        self._submit_handlers(self, grade)
        return grade

    def show_hint(self, _button: Any = None) -> None:
        """Reveal the next hint (if any) and remember it."""
        if self.hints_shown < len(self.question.hints):
            self.hints_shown += 1
            self._save(hints_shown=self.hints_shown)

    def show_answer(self, _button: Any = None) -> None:
        """Show the right answer, the explanation and the source; remember that it was shown."""
        first = not self.revealed
        self.revealed = True
        self._show_solution(with_answer=True)
        self._render_feedback()
        if first:
            self._save(revealed=True, type=self.question.type)

    def _show_solution(self, *, with_answer: bool) -> None:
        parts = []
        if with_answer:
            try:
                parts.append(render_markdown(self.question.answer_markdown()))
            except AnswerFromError as exc:
                parts.append(
                    f"<p>The answer cannot be computed right now ({html.escape(str(exc))}).</p>"
                )
        if self.question.explanation:
            parts.append(render_markdown(self.question.explanation))
        if self.question.source is not None:
            cite = _markdown().renderInline(self.question.source.markdown())
            parts.append(f'<p class="usj-source"><strong>Source:</strong> {cite}</p>')
        if not parts:
            return
        self.solution.value = f'<div class="usj-explanation">{"".join(parts)}</div>'
        self.solution.layout.display = None

    def _save(self, *, record_attempt: bool = False, **fields: Any) -> None:
        if self.store is None or self._restoring:
            return
        fields.setdefault("hints_shown", self.hints_shown)
        fields.setdefault("revealed", self.revealed)
        fields.setdefault("attempts", self.attempts)
        try:
            saved = self.store.update(
                self.bank_id, self.question.id, record_attempt=record_attempt, **fields
            )
        except (OSError, ProgressError, TimeoutError) as exc:
            msg = f"Your answer could not be saved ({exc})."
            warnings.warn(msg, ProgressWarning, stacklevel=3)
            self._render_feedback(f"⚠ {msg} Export or note it before closing the notebook.")
            return
        self._adopt(saved)

    def _adopt(self, record: Mapping[str, Any]) -> None:
        """Show the counters as saved: another notebook may have added to them.

        The store merges with what is on disk (see :meth:`ProgressStore.update`), so the
        saved record is the truth: attempts, hints shown and whether the answer was shown.
        """
        revealed = record.get("revealed") is True and not self.revealed
        self._restoring = True  # adopting what was just saved must not save again
        try:
            if isinstance(record.get("attempts"), int):
                self.attempts = record["attempts"]
            if isinstance(record.get("hints_shown"), int):
                self.hints_shown = record["hints_shown"]
            if revealed:
                self.revealed = True
        finally:
            self._restoring = False
        if revealed:
            self._render_feedback()

    def _render_feedback(self, notice: str = "") -> None:
        shown = "The answer is shown below." if self.revealed else ""
        extra = " ".join(x for x in (shown, notice) if x)
        status = self.status or ("revealed" if self.revealed else None)
        self.feedback.value = _feedback_html(self.last_grade, extra, status=status)

    # ------------------------------------------------------------ restore

    def restore(self, record: Mapping[str, Any]) -> None:
        """Restore a saved record: inputs, attempts, hints, feedback, revealed answer.

        The saved response is graded again against the current question, so the feedback is
        right even if the bank (or its data) changed since; attempts are not increased.
        """
        self._restoring = True
        try:
            self.set_response(record.get("response"))
            attempts = record.get("attempts")
            self.attempts = attempts if isinstance(attempts, int) else 0
            hints = record.get("hints_shown")
            self.hints_shown = hints if isinstance(hints, int) else 0
            grade: Grade | None = None
            if self.attempts > 0:
                try:
                    grade = self.question.grade(self.response())
                except AnswerFromError:
                    grade = None
                if grade is None or not grade.attempt_counts:
                    grade = Grade.from_dict(record)
            if grade is not None:
                self.last_grade = grade
                self.status = grade.status
                self.score = grade.score
                self.correct = grade.correct
                if grade.status in {"correct", "saved"}:
                    self._show_solution(with_answer=False)
            self.revealed = bool(record.get("revealed"))
            self._render_feedback()
        except (TypeError, ValueError, KeyError):  # a damaged record never breaks a quiz
            pass
        finally:
            self._restoring = False


class QuizWidget(widgets.VBox):
    """A whole bank: title, one :class:`QuestionWidget` per question, a score summary.

    Parameters
    ----------
    bank : Bank
        The quiz.
    store : ProgressStore, optional
        Where answers are saved and restored from; ``None`` keeps nothing.
    restore : bool
        Restore the student's last answers from ``store`` (default).

    """

    score = Float(0.0, help="Sum of the last scores of all questions (partial credit).")
    answered = Int(0, help="Questions with at least one counted attempt.")
    n_correct = Int(0, help="Questions whose last counted attempt was right.")

    def __init__(
        self,
        bank: Bank,
        *,
        store: ProgressStore | None = None,
        restore: bool = True,
        **kwargs: Any,
    ) -> None:
        self.bank = bank
        self.store = store
        self._submit_handlers = widgets.CallbackDispatcher()
        saved: dict[str, dict[str, Any]] = {}
        if store is not None:
            try:
                if restore:
                    saved = store.bank(bank.id)
                store.register_bank(bank.id, title=bank.title, total=len(bank))
            except (OSError, ProgressError, TimeoutError) as exc:
                warnings.warn(
                    f"Quiz progress is not available ({exc}); answers will not be saved.",
                    ProgressWarning,
                    stacklevel=2,
                )
                self.store = None
        total = len(bank)
        kit = _Kit()
        self.questions = [
            QuestionWidget(
                q,
                bank_id=bank.id,
                store=self.store,
                number=i,
                total=total,
                saved=saved.get(q.id),
                _kit=kit,
            )
            for i, q in enumerate(bank.questions, 1)
        ]
        for w in self.questions:
            w.on_submit(self._on_question_submit)
        desc = (
            f'<div class="usj-description">{render_markdown(bank.description)}</div>'
            if (bank.description)
            else ""
        )
        self.header = kit.make(
            widgets.HTML, value=f'<h3 class="usj-title">{html.escape(bank.title)}</h3>{desc}'
        )
        self.summary = kit.make(widgets.HTML, value="")
        self.summary.add_class("usj-summary")
        super().__init__(children=[self.header, *self.questions, self.summary], **kwargs)
        self.add_class("usj-quiz")
        self._update_summary()

    def on_submit(
        self, callback: Callable[[QuestionWidget, Grade], Any], remove: bool = False
    ) -> None:
        """Register ``callback(question_widget, grade)`` for every Check in this quiz."""
        self._submit_handlers.register_callback(callback, remove=remove)

    def _on_question_submit(self, widget: QuestionWidget, grade: Grade) -> None:
        self._update_summary()
        self._submit_handlers(widget, grade)

    def _update_summary(self) -> None:
        done = [w for w in self.questions if w.attempts > 0]
        self.answered = len(done)
        self.n_correct = sum(w.correct is True for w in done)
        self.score = float(sum(w.score or 0.0 for w in done))
        reflections = sum(w.status == "saved" for w in done)
        total = len(self.questions)
        parts = [
            f"<strong>Score: {self.score:.4g} of {total}</strong>",
            f"answered {self.answered} of {total}",
            f"correct {self.n_correct}",
        ]
        if reflections:
            parts.append(f"reflections saved {reflections}")
        revealed = sum(w.revealed for w in self.questions)
        if revealed:
            parts.append(f"answers shown {revealed}")
        self.summary.value = f'<p class="usj-summary-text">{" · ".join(parts)}</p>'

    # ------------------------------------------------------------ no front-end

    def _fallback_html(self) -> str:
        items = []
        for w in self.questions:
            q = w.question
            choices = "".join(f"<li>{html.escape(d)}</li>" for d in q.describe())
            items.append(
                f"<li>{render_markdown(q.prompt)}"
                + (f'<ul style="list-style: none">{choices}</ul>' if choices else "")
                + "</li>"
            )
        desc = render_markdown(self.bank.description) if self.bank.description else ""
        return (
            f'<div class="usj-quiz-static"><h3>{html.escape(self.bank.title)}</h3>{desc}'
            "<p><em>This is an interactive quiz. Run the notebook in JupyterLab (or Jupyter "
            "Notebook) to answer it and get feedback.</em></p>"
            f"<ol>{''.join(items)}</ol></div>"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is None:  # closed widget
            return None
        bundle["text/plain"] = (
            self.bank.text() + "\n\n(Interactive quiz: run this notebook in JupyterLab to "
            "answer it.)"
        )
        bundle["text/html"] = self._fallback_html()
        return bundle
