"""Validation of parsed bank data into model objects, collecting every problem with its line.

Internal to :mod:`usjapan_edu.quiz.bank`; each problem is one line
``file:line: question 'id': what is wrong and how to fix it``.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from usjapan_edu.filters import FilterError, parse_where
from usjapan_edu.filters import kind_of as _kind
from usjapan_edu.quiz._yaml import YamlMap, YamlSeq, item_line, line_of
from usjapan_edu.quiz.model import (
    QUESTION_TYPES,
    AnswerFrom,
    AnswerFromError,
    Bank,
    Match,
    MultipleChoice,
    Numeric,
    Option,
    Order,
    Question,
    Reflection,
    SingleChoice,
    Source,
    Text,
    TrueFalse,
    fold_text,
)

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
BANK_KEYS = ("id", "title", "description", "questions")
COMMON_KEYS = ("id", "type", "prompt", "hints", "explanation", "source")
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("options",),
    "multiple": ("options",),
    "true_false": ("answer", "feedback"),
    "numeric": ("answer", "answer_from", "tolerance", "tolerance_pct", "unit"),
    "text": ("accept",),
    "order": ("items",),
    "match": ("pairs", "distractors"),
    "reflection": ("min_words",),
}
OPTION_KEYS = ("text", "correct", "feedback")
SOURCE_KEYS = ("dataset", "url", "title")
ANSWER_FROM_KEYS = ("dataset", "where", "column")
PAIR_KEYS = ("left", "right")


def _closest(word: Any, choices: Iterable[str]) -> str | None:
    if not isinstance(word, str):  # str() of a number or a tuple can be huge, or fail
        return None
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _short(value: Any, limit: int = 40) -> str:
    try:
        text = _repr_start(value, limit)
    except ValueError:  # e.g. an int too long to print
        return f"a very long {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 1] + "…"


_BRACKETS = {list.__repr__: "[]", tuple.__repr__: "()", dict.__repr__: "{}"}


def _repr_start(value: Any, limit: int) -> str:
    """Return ``repr(value)``, or a start of it longer than ``limit``, without writing it all.

    Lists and mappings can share their items (YAML aliases, or data that repeats a list): a
    few lines may stand for billions of items, which ``repr`` would all write out.
    """
    parts: list[str] = []
    size = 0
    active: set[int] = set()  # the containers being written: meeting one again is a cycle

    def emit(text: str) -> None:
        nonlocal size
        parts.append(text)
        size += len(text)

    def write(item: Any) -> None:
        brackets = _BRACKETS.get(type(item).__repr__)
        if brackets is None:
            emit(repr(item))
            return
        if id(item) in active:
            emit(brackets[0] + "..." + brackets[1])
            return
        active.add(id(item))
        emit(brackets[0])
        is_dict = isinstance(item, dict)
        for i, entry in enumerate(item.items() if is_dict else item):
            if size > limit:
                return  # cut off anyway
            if i:
                emit(", ")
            if is_dict:
                write(entry[0])
                emit(": ")
                write(entry[1])
            else:
                write(entry)
        emit("," + brackets[1] if brackets == "()" and len(item) == 1 else brackets[1])
        active.discard(id(item))

    write(value)
    return "".join(parts)


class Checker:
    """Collects problems for one file and turns raw YAML data into model objects."""

    def __init__(self, filename: str, *, resolve: bool) -> None:
        self.file = filename
        self.resolve = resolve
        self.problems: list[str] = []
        self.frames: dict[str, Any] = {}

    def add(self, line: int, where: str, message: str) -> None:
        self.problems.append(f"{self.file}:{line}: {where}: {message}")

    # -- scalar helpers

    def text(
        self,
        container: Any,
        key: Any,
        where: str,
        line: int,
        *,
        required: bool = False,
        how: str = "",
    ) -> str | None:
        """Return ``container[key]`` as text (numbers/dates become the text as written)."""
        line = line_of(container, key, line)
        if isinstance(container, Mapping):
            value = container.get(key)
            raw = container.raw.get(key) if isinstance(container, YamlMap) else None
            name = str(key)
        else:
            value = container[key]
            raw = container.raw[key] if isinstance(container, YamlSeq) else None
            name = f"item {key + 1}"
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                verb = (
                    "is empty"
                    if isinstance(container, Mapping) and key in container
                    else "is missing"
                )
                self.add(line, where, f"{name} {verb}; {how or f'add {name}: with some text'}")
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float | date | datetime):
            if raw is not None:
                return raw
            try:
                return str(value)
            except ValueError:  # an int with thousands of digits
                self.add(line, where, f"{name} is a number too long to write out; use text")
                return None
        self.add(line, where, f"{name} must be text, not {_kind(value)}; write {name}: some text")
        return None

    def listed(
        self,
        value: Any,
        name: str,
        where: str,
        line: int,
        *,
        how: str,
        few: str = "",
        at_least: int = 0,
        wrong: str = "",
    ) -> Sequence[Any] | None:
        """Return ``value`` if it is a list, else report it missing or not a list and return None.

        A list shorter than ``at_least`` is returned too, with the problem ``few`` (``{n}``
        stands for its length). ``wrong`` replaces ``{name} must be a list, not …; {how}``
        (``{kind}`` stands for what it is instead).
        """
        if value is None:
            self.add(line, where, f"{name} is missing; {how}")
            return None
        if not isinstance(value, list | tuple):
            kind = _kind(value)
            message = f"{name} must be a list, not {kind}; {how}"
            self.add(line, where, wrong.replace("{kind}", kind) if wrong else message)
            return None
        if len(value) < at_least:
            self.add(line, where, few.replace("{n}", str(len(value))))
        return value

    def text_list(
        self,
        container: Mapping[Any, Any],
        key: str,
        where: str,
        line: int,
        *,
        what: str,
        how: str = "",
        few: str = "",
        at_least: int = 0,
    ) -> list[str] | None:
        """Return ``container[key]`` as a list of texts; a single text is a list of one.

        Optional unless ``how`` is given; then see :meth:`listed`.
        """
        value = container.get(key)
        kline = line_of(container, key, line)
        if value is None and not how:
            return None
        if isinstance(value, str | int | float | date) and not isinstance(value, bool):
            single = self.text(container, key, where, line, required=bool(how), how=how)
            if single is None:
                return None
            value = [single]
        value = self.listed(
            value,
            key,
            where,
            kline,
            how=how,
            few=few,
            at_least=at_least,
            wrong=f"{key} must be a list of {what}, e.g. {key}: [first, second]",
        )
        if value is None:
            return None
        fix = f"remove it or write the {what[:-1] if what.endswith('s') else what}"
        out: list[str] = []
        for i in range(len(value)):
            item = self.text(value, i, where, kline, required=True, how=fix)
            if item is not None:
                out.append(item)
        return out

    def number(
        self,
        container: Mapping[Any, Any],
        key: str,
        where: str,
        line: int,
        *,
        minimum: float | None = None,
        integer: bool = False,
        example: str = "1.0",
    ) -> float | None:
        if key not in container or container.get(key) is None:
            return None
        value = container[key]
        kline = line_of(container, key, line)
        kind = "a whole number" if integer else "a number"
        if isinstance(value, bool) or not isinstance(value, int | float):
            hint = ""
            if isinstance(value, str):
                hint = " (without quotes or units)"
            self.add(
                kline,
                where,
                f"{key} must be {kind}, not {_short(value)}; write e.g. {key}: {example}{hint}",
            )
            return None
        if integer and not isinstance(value, int):
            self.add(
                kline,
                where,
                f"{key} must be a whole number, not {value!r}; write e.g. {key}: {example}",
            )
            return None
        try:
            finite = math.isfinite(value)
        except OverflowError:
            finite = False
        if not finite:
            self.add(kline, where, f"{key} must be a finite number, not {_short(value)}")
            return None
        if minimum is not None and value < minimum:
            self.add(
                kline,
                where,
                f"{key} must be {minimum:g} or more (got {value!r}); write e.g. {key}: {example}",
            )
            return None
        return float(value)

    def keys(
        self,
        mapping: Mapping[Any, Any],
        allowed: Sequence[str],
        where: str,
        line: int,
        *,
        what: str,
        elsewhere: Mapping[str, str] | None = None,
    ) -> None:
        if isinstance(mapping, YamlMap):
            for key, kline in mapping.duplicates:
                self.add(kline, where, f"key {_short(key)} appears twice in {what}; keep one")
        for key in mapping:
            if key in allowed:
                continue
            kline = line_of(mapping, key, line)
            other = (elsewhere or {}).get(key) if isinstance(key, str) else None
            if other:
                msg = f"key {key!r} is not used by {what} (it belongs to {other})"
            else:
                close = _closest(key, allowed)
                hint = f"did you mean {close!r}? " if close else ""
                msg = (
                    f"unknown key {_short(key)} in {what}; {hint}"
                    f"allowed keys are {', '.join(allowed)}"
                )
            self.add(kline, where, msg)

    # -- bank

    def bank(self, data: Any, path: Path | None) -> Bank | None:
        if data is None:
            self.add(1, "bank", "the file is empty; start it with id:, title: and questions:")
            return None
        if not isinstance(data, Mapping):
            self.add(
                line_of(data),
                "bank",
                f"the file must hold a mapping with id:, title: and questions:, not {_kind(data)}",
            )
            return None
        line = line_of(data)
        self.keys(data, BANK_KEYS, "bank", line, what="a bank")
        bank_id = self.identifier(data, "bank", line, example="trade-basics")
        title = self.text(
            data, "title", "bank", line, required=True, how="add title: followed by the quiz title"
        )
        description = self.text(data, "description", "bank", line) or ""
        questions = self.listed(
            data.get("questions"),
            "questions",
            "bank",
            line_of(data, "questions", line),
            how="add questions: followed by a list of questions (- id: …)",
            few="questions is empty; add at least one question",
            at_least=1,
            wrong="questions must be a list (each item starting with '- '), not {kind}",
        )
        built: list[Question] = []
        seen: dict[str, int] = {}
        for n in range(len(questions or ())):
            q = self.question(questions, n, seen)
            if q is not None:
                built.append(q)
        if self.problems or bank_id is None or title is None:
            return None
        return Bank(
            id=bank_id, title=title, questions=tuple(built), description=description, path=path
        )

    def identifier(
        self, data: Mapping[Any, Any], where: str, line: int, *, example: str
    ) -> str | None:
        ident = self.text(
            data, "id", where, line, required=True, how=f"add a stable id, e.g. id: {example}"
        )
        if ident is None:
            return None
        if not ID_PATTERN.fullmatch(ident):
            self.add(
                line_of(data, "id", line),
                where,
                f"id {_short(ident)} may use only letters, digits, '-', '_' and '.' "
                f"(start with a letter or digit, at most 100 characters), e.g. {example}",
            )
            return None
        return ident

    # -- questions

    def question(self, questions: Sequence[Any], n: int, seen: dict[str, int]) -> Question | None:
        raw = questions[n]
        line = item_line(questions, n, line_of(questions))
        if not isinstance(raw, Mapping):
            self.add(
                line,
                f"question #{n + 1}",
                f"must be a mapping (id:, type:, prompt:, …), "
                f"not {_kind(raw)}; start it with '- id: …'",
            )
            return None
        before = len(self.problems)
        qid = self.identifier(raw, f"question #{n + 1}", line, example=f"q{n + 1}")
        where = f"question {qid!r}" if qid else f"question #{n + 1}"
        if qid is not None:
            if qid in seen:
                self.add(
                    line_of(raw, "id", line),
                    where,
                    f"id {qid!r} is already used by the question on line {seen[qid]}; "
                    "question ids must be unique within a bank",
                )
            else:
                seen[qid] = line
        qtype = raw.get("type")
        tline = line_of(raw, "type", line)
        valid = ", ".join(QUESTION_TYPES)
        if qtype is None:
            self.add(tline, where, f"type is missing; add type: with one of {valid}")
            qtype = None
        elif not isinstance(qtype, str) or qtype not in QUESTION_TYPES:
            close = _closest(qtype, QUESTION_TYPES) if isinstance(qtype, str) else None
            hint = f" (did you mean {close!r}?)" if close else ""
            self.add(tline, where, f"unknown type {_short(qtype)}{hint}; use one of {valid}")
            qtype = None
        all_keys = tuple(dict.fromkeys(COMMON_KEYS + sum(TYPE_KEYS.values(), ())))
        if qtype is None:
            self.keys(raw, all_keys, where, line, what="a question")
        else:
            owners: dict[str, str] = {}
            for t, ks in TYPE_KEYS.items():
                for k in ks:
                    owners.setdefault(k, f"type {t}")
            self.keys(
                raw,
                COMMON_KEYS + TYPE_KEYS[qtype],
                where,
                line,
                what=f"{'an' if qtype[0] in 'aeiou' else 'a'} {qtype} question",
                elsewhere=owners,
            )
        common = {
            "id": qid or "",
            "prompt": self.text(
                raw,
                "prompt",
                where,
                line,
                required=True,
                how="add prompt: followed by the question (Markdown)",
            ),
            "hints": tuple(self.text_list(raw, "hints", where, line, what="hints") or ()),
            "explanation": self.text(raw, "explanation", where, line) or "",
            "source": self.source(raw, where, line),
            "line": line,
        }
        if qtype is None:
            return None
        build = getattr(self, f"q_{qtype}")
        question = build(raw, where, line, common)
        if len(self.problems) > before:
            return None
        return question

    def source(self, raw: Mapping[Any, Any], where: str, line: int) -> Source | None:
        value = raw.get("source")
        if value is None:
            return None
        sline = line_of(raw, "source", line)
        example = "source: {url: https://…, title: …} or source: {dataset: goods_trade}"
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return Source(url=value)
        if not isinstance(value, Mapping):
            self.add(sline, where, f"source must be a mapping; write {example}")
            return None
        self.keys(value, SOURCE_KEYS, where, sline, what="source")
        dataset = self.text(value, "dataset", where, sline)
        url = self.text(value, "url", where, sline)
        title = self.text(value, "title", where, sline)
        if dataset is None and url is None:
            self.add(sline, where, f"source needs dataset: or url:; write {example}")
            return None
        if dataset is not None and not self.dataset_name(
            dataset, where, line_of(value, "dataset", sline), "source"
        ):
            return None
        if url is not None and not url.startswith(("http://", "https://")):
            self.add(
                line_of(value, "url", sline),
                where,
                f"source url must start with https:// or http:// (got {_short(url)})",
            )
            return None
        return Source(dataset=dataset, url=url, title=title)

    def options(
        self, raw: Mapping[Any, Any], where: str, line: int, *, mark: str
    ) -> list[Option] | None:
        """Return the options, at least one of them correct (else ``mark`` says which to mark)."""
        oline = line_of(raw, "options", line)
        value = self.listed(
            raw.get("options"),
            "options",
            where,
            oline,
            how="add options: with a list of choices, each '- text: …' (add correct: true to "
            "the right one)",
            few="options has {n} choice(s); give at least 2",
            at_least=2,
        )
        if value is None:
            return None
        out: list[Option] = []
        texts: dict[str, int] = {}
        ok = True
        for i, item in enumerate(value):
            iline = item_line(value, i, oline)
            if isinstance(item, Mapping):
                self.keys(item, OPTION_KEYS, where, iline, what="an option")
                text = self.text(
                    item, "text", where, iline, required=True, how="write the choice as text: …"
                )
                correct = item.get("correct", False)
                if correct is None:
                    correct = False
                if not isinstance(correct, bool):
                    self.add(
                        line_of(item, "correct", iline),
                        where,
                        f"correct must be true or false, not {_short(correct)}",
                    )
                    ok = False
                feedback = self.text(item, "feedback", where, iline) or ""
            else:
                text = self.text(
                    value,
                    i,
                    where,
                    oline,
                    required=True,
                    how="remove the empty option or give it text",
                )
                correct, feedback = False, ""
            if text is None:
                ok = False
                continue
            key = fold_text(text)
            if key in texts:
                self.add(
                    iline,
                    where,
                    f"option {_short(text)} appears twice (also on line "
                    f"{texts[key]}); options must differ",
                )
                ok = False
            texts[key] = iline
            out.append(Option(text=text, correct=bool(correct), feedback=feedback))
        if ok and not any(o.correct for o in out):
            self.add(oline, where, f"no option is marked correct; add correct: true to {mark}")
            return None
        return out if ok else None

    def q_single(self, raw: Any, where: str, line: int, common: dict[str, Any]) -> Question | None:
        opts = self.options(raw, where, line, mark="the right option")
        if opts is None:
            return None
        right = [i for i, o in enumerate(opts) if o.correct]
        if len(right) > 1:
            oline = line_of(raw, "options", line)
            lines = ", ".join(str(item_line(raw["options"], i, oline)) for i in right)
            self.add(
                oline,
                where,
                f"{len(right)} options are marked correct (lines {lines}) but "
                "type 'single' allows one; mark only one, or use type: multiple",
            )
            return None
        return SingleChoice(options=tuple(opts), **common)

    def q_multiple(
        self, raw: Any, where: str, line: int, common: dict[str, Any]
    ) -> Question | None:
        opts = self.options(raw, where, line, mark="each right option")
        return None if opts is None else MultipleChoice(options=tuple(opts), **common)

    def q_true_false(
        self, raw: Any, where: str, line: int, common: dict[str, Any]
    ) -> Question | None:
        answer = raw.get("answer")
        aline = line_of(raw, "answer", line)
        if isinstance(answer, str) and fold_text(answer) in {"true", "false"}:
            answer = fold_text(answer) == "true"
        if not isinstance(answer, bool):
            verb = (
                "is missing" if answer is None else f"must be true or false, not {_short(answer)}"
            )
            self.add(aline, where, f"answer {verb}; write answer: true or answer: false")
            return None
        fb_true = fb_false = ""
        feedback = raw.get("feedback")
        fline = line_of(raw, "feedback", line)
        how = "write feedback: {true: shown if the student picks True, false: …}"
        if isinstance(feedback, Mapping):
            for key in feedback:
                if not (
                    isinstance(key, bool)
                    or (isinstance(key, str) and fold_text(key) in {"true", "false"})
                ):
                    self.add(
                        line_of(feedback, key, fline),
                        where,
                        f"feedback key {_short(key)} must be true or false; {how}",
                    )
                    return None
            for key, text_value in feedback.items():
                if not isinstance(text_value, str):
                    self.add(
                        line_of(feedback, key, fline),
                        where,
                        f"feedback for {key!r} must be text; {how}",
                    )
                    return None
                choice = key if isinstance(key, bool) else fold_text(key) == "true"
                if choice:
                    fb_true = text_value
                else:
                    fb_false = text_value
        elif feedback is not None:
            self.add(fline, where, f"feedback must be a mapping; {how}")
            return None
        return TrueFalse(answer=answer, feedback_true=fb_true, feedback_false=fb_false, **common)

    def q_numeric(self, raw: Any, where: str, line: int, common: dict[str, Any]) -> Question | None:
        before = len(self.problems)
        answer = self.number(raw, "answer", where, line, example="-68.0")
        has_answer = raw.get("answer") is not None
        has_from = raw.get("answer_from") is not None
        answer_from = self.answer_from(raw, where, line) if has_from else None
        if has_answer and has_from:
            self.add(
                line_of(raw, "answer_from", line),
                where,
                "give either answer: or answer_from:, not both",
            )
        elif not has_answer and not has_from:
            self.add(
                line,
                where,
                "needs answer: (a number) or answer_from: {dataset: …, where: …, column: …}",
            )
        tol = self.number(raw, "tolerance", where, line, minimum=0, example="0.5")
        pct = self.number(raw, "tolerance_pct", where, line, minimum=0, example="2")
        if raw.get("tolerance") is not None and raw.get("tolerance_pct") is not None:
            self.add(
                line_of(raw, "tolerance_pct", line),
                where,
                "give tolerance: (absolute) or tolerance_pct: (percent), not both",
            )
        unit = self.text(raw, "unit", where, line)
        if len(self.problems) > before:
            return None
        if answer_from is not None and self.resolve:
            try:
                answer_from.resolve(self.frames)
            except AnswerFromError as exc:
                self.add(
                    _field_line(raw["answer_from"], exc.field, line), where, f"answer_from: {exc}"
                )
                return None
        return Numeric(
            answer=answer,
            answer_from=answer_from,
            tolerance=tol,
            tolerance_pct=pct,
            unit=unit,
            **common,
        )

    def answer_from(self, raw: Any, where: str, line: int) -> AnswerFrom | None:
        value = raw.get("answer_from")
        aline = line_of(raw, "answer_from", line)
        example = (
            "answer_from: {dataset: goods_trade, where: {year: 2022, basis: census}, "
            "column: us_balance_usd_bn}"
        )
        if not isinstance(value, Mapping):
            self.add(aline, where, f"answer_from must be a mapping; write {example}")
            return None
        before = len(self.problems)
        if "query" in value:  # the expression form of earlier versions: never run
            try:
                parse_where(value["query"])
                msg = "query: is not read; write where: instead"
            except FilterError as exc:
                msg = f"query: is not read; {exc}"
            self.add(line_of(value, "query", aline), where, f"answer_from: {msg}")
        self.keys(value, (*ANSWER_FROM_KEYS, "query"), where, aline, what="answer_from")
        dataset = self.text(
            value,
            "dataset",
            where,
            aline,
            required=True,
            how="name a dataset, e.g. dataset: goods_trade",
        )
        if dataset is not None:
            self.dataset_name(dataset, where, line_of(value, "dataset", aline), "answer_from")
        column = self.text(
            value,
            "column",
            where,
            aline,
            required=True,
            how="name the column holding the answer, e.g. column: us_balance_usd_bn",
        )
        try:
            filt = parse_where(value.get("where"))
        except FilterError as exc:
            filt = None
            self.add(
                _field_line(value, f"where.{exc.key}" if exc.key else "where", aline),
                where,
                f"answer_from: {exc}",
            )
        if len(self.problems) > before or dataset is None or column is None:
            return None
        return AnswerFrom(dataset=dataset, column=column, where=filt)

    def dataset_name(self, name: str, where: str, line: int, what: str) -> bool:
        """Report ``name`` unless it is a bundled dataset; return whether it is one."""
        from usjapan_edu import datasets

        known = datasets.list_datasets()
        if name in known:
            return True
        close = _closest(name, known)
        hint = f"did you mean {close!r}? " if close else ""
        self.add(
            line,
            where,
            f"{what}: unknown dataset {_short(name)}; {hint}the datasets are {', '.join(known)}",
        )
        return False

    def q_text(self, raw: Any, where: str, line: int, common: dict[str, Any]) -> Question | None:
        how = "add accept: [right answer, other spelling]"
        accept = self.text_list(
            raw,
            "accept",
            where,
            line,
            what="accepted answers",
            how=how,
            few=f"accept is missing; {how}",
            at_least=1,
        )
        if not accept:
            return None
        return Text(accept=tuple(accept), **common)

    def q_order(self, raw: Any, where: str, line: int, common: dict[str, Any]) -> Question | None:
        items = self.text_list(
            raw,
            "items",
            where,
            line,
            what="items",
            how="add items: listing the items in the right order",
            few="items needs at least 2 entries, in the right order",
            at_least=2,
        )
        if items is None:
            return None
        dup = _first_duplicate(items)
        if dup is not None:
            iline = line_of(raw, "items", line)
            self.add(iline, where, f"item {_short(dup)} appears twice; every item must differ")
            return None
        return Order(items=tuple(items), **common)

    def q_match(self, raw: Any, where: str, line: int, common: dict[str, Any]) -> Question | None:
        pline = line_of(raw, "pairs", line)
        how = "write pairs: as a list of '- {left: …, right: …}'"
        value = self.listed(
            raw.get("pairs"),
            "pairs",
            where,
            pline,
            how=how,
            few="pairs has {n} pair(s); give at least 2",
            at_least=2,
        )
        if value is None:
            return None
        pairs: list[tuple[str, str]] = []
        ok = True
        for i, item in enumerate(value):
            iline = item_line(value, i, pline)
            if isinstance(item, Mapping):
                self.keys(item, PAIR_KEYS, where, iline, what="a pair")
                left = self.text(
                    item, "left", where, iline, required=True, how="write left: (the item to match)"
                )
                right = self.text(
                    item, "right", where, iline, required=True, how="write right: (its match)"
                )
            elif isinstance(item, list | tuple) and len(item) == 2:
                left = self.text(item, 0, where, iline, required=True)
                right = self.text(item, 1, where, iline, required=True)
            else:
                self.add(iline, where, f"pair {i + 1} must be a mapping; {how}")
                ok = False
                continue
            if left is None or right is None:
                ok = False
                continue
            pairs.append((left, right))
        if not ok:
            return None
        dup = _first_duplicate([left for left, _ in pairs])
        if dup is not None:
            self.add(
                pline, where, f"left item {_short(dup)} appears twice; every left item must differ"
            )
            return None
        distractors = self.text_list(raw, "distractors", where, line, what="distractors") or []
        rights = {right for _, right in pairs}
        for d in distractors:
            if d in rights:
                self.add(
                    line_of(raw, "distractors", line),
                    where,
                    f"distractor {_short(d)} is also a right answer; remove it",
                )
                return None
        return Match(pairs=tuple(pairs), distractors=tuple(distractors), **common)

    def q_reflection(
        self, raw: Any, where: str, line: int, common: dict[str, Any]
    ) -> Question | None:
        words = self.number(raw, "min_words", where, line, minimum=0, integer=True, example="20")
        return Reflection(min_words=int(words or 0), **common)


def _field_line(answer_from: Any, field: str | None, default: int) -> int:
    """Return the line of ``field`` (``dataset``, ``where.year``, …) inside ``answer_from``."""
    if not field:
        return line_of(answer_from, default=default)
    head, _, column = field.partition(".")
    line = line_of(answer_from, head, default)
    if column:
        line = line_of(
            answer_from.get(head) if isinstance(answer_from, Mapping) else None, column, line
        )
    return line


def _first_duplicate(items: Sequence[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
