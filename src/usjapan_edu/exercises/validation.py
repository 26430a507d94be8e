"""Validation of an exercise file's data into an :class:`~.spec.ExerciseFile`.

Every problem is collected with its line (``file:line: exercise 'id': what to fix``) before
anything is raised. With ``resolve`` each rule is computed from the data, so a rule that selects
no row (or several, for one cell) is reported, and ✗ feedback that would give the answer away is
refused.
"""

from __future__ import annotations

import dataclasses
import difflib
import keyword
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from usjapan_edu.exercises import checks, named_checks, rules
from usjapan_edu.exercises.near_misses import same_number, wrong_answer
from usjapan_edu.exercises.rule_syntax import RULE_EXAMPLE, RuleChecker
from usjapan_edu.exercises.spec import (
    EXERCISE_TYPES,
    ChartRule,
    Exercise,
    ExerciseFile,
    FrameRule,
    NearMiss,
)
from usjapan_edu.quiz._checks import _closest, _kind, _short
from usjapan_edu.quiz._yaml import item_line, line_of, path_line
from usjapan_edu.quiz.model import fold_text
from usjapan_edu.quiz.parsing import format_number

__all__ = [
    "COMMON_KEYS",
    "FEEDBACK_KEYS",
    "FILE_KEYS",
    "NEAR_MISS_KEYS",
    "TYPE_KEYS",
    "ExerciseChecker",
    "ExerciseError",
    "UnknownExerciseError",
]

FILE_KEYS = ("prefix", "title", "solutions", "exercises")
COMMON_KEYS = (
    "id", "type", "prompt", "variable", "hints", "feedback", "solution", "source", "check",
    "check_args",
)  # fmt: skip
TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "number": ("expected", "tolerance", "tolerance_pct", "unit", "near_misses"),
    "text": ("expected", "accept", "near_misses"),
    "list": ("expected", "ordered", "near_misses"),
    "dataframe": ("expected", "ordered", "extra_columns", "near_misses"),
    "chart": ("expected", "near_misses"),
    "custom": (),
}
NEAR_MISS_KEYS: dict[str, tuple[str, ...]] = {
    "number": ("rule", "scale", "round", "match", "feedback"),
    "text": ("text", "rule", "feedback"),
    "list": ("rule", "feedback"),
    "dataframe": ("rule", "feedback"),
    "chart": ("chart", "feedback"),
}
"""The keys of a near miss, by exercise type (``feedback`` is required)."""
FEEDBACK_KEYS = (
    "correct", "incorrect", "type", "missing", "units", "year", "filter", "column", "inverse",
    "sign", "high", "low", "text", "items", "order", "columns", "index", "rows", "values",
    "mark", "encoding", "chart", "check", "rounded", "near_miss",
)  # fmt: skip
"""``correct``, ``incorrect`` (any ✗), and the result codes of a ✗ (see :class:`.Result`)."""
PREFIX_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,29}")
VARIABLE_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


class ExerciseError(ValueError):
    """An exercise file has problems; ``.problems`` lists them (``file:line: where: what``)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class UnknownExerciseError(LookupError):
    """No exercise (or exercise file) has this id or slug; the message lists the closest."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ExerciseChecker(RuleChecker):
    """Collects the problems of one exercise file and builds its :class:`ExerciseFile`."""

    # -- the file

    def exercise_file(self, data: Any, path: Path | None, stem: str) -> ExerciseFile | None:
        """Build the whole file, or ``None`` when it has problems."""
        if data is None:
            self.add(1, "file", "the file is empty; start it with prefix:, title: and exercises:")
            return None
        if not isinstance(data, Mapping):
            self.add(
                line_of(data),
                "file",
                "the file must hold a mapping with prefix:, title: and exercises:, not "
                f"{_kind(data)}",
            )
            return None
        line = line_of(data)
        self.keys(data, FILE_KEYS, "file", line, what="an exercise file")
        prefix = self.prefix(data, line, stem)
        title = self.text(data, "title", "file", line) or ""
        solutions = self.flag(data, "solutions", "file", line, True)
        items = self.listed(
            data.get("exercises"),
            "exercises",
            "file",
            line_of(data, "exercises", line),
            how="add exercises: followed by a list of exercises (- id: …)",
            few="exercises is empty; add at least one exercise",
            at_least=1,
            wrong="exercises must be a list (each item starting with '- '), not {kind}",
        )
        built: list[Exercise] = []
        seen: dict[str, int] = {}
        for n in range(len(items or ())):
            ex = self.exercise(items, n, seen, prefix or "", solutions, path)  # type: ignore[arg-type]
            if ex is not None:
                built.append(ex)
        if self.problems or prefix is None:
            return None
        return ExerciseFile(
            prefix=prefix, exercises=tuple(built), title=title, solutions=solutions, path=path
        )

    def prefix(self, data: Mapping[Any, Any], line: int, stem: str) -> str | None:
        """Return the file's prefix (written, or the leading number of the file name)."""
        if data.get("prefix") is None:
            match = re.match(r"(\d+)", stem)
            if match:
                return match.group(1)
            self.add(
                line,
                "file",
                f"prefix is missing and the file name {stem!r} does not start with a number; "
                'add prefix: "02" (exercise ids are <prefix>.<id>)',
            )
            return None
        prefix = self.text(data, "prefix", "file", line)
        if prefix is None:
            return None
        if not PREFIX_PATTERN.fullmatch(prefix):
            self.add(
                line_of(data, "prefix", line),
                "file",
                f"prefix {_short(prefix)} may use only letters, digits, '-' and '_' (no '.'; at "
                'most 30 characters), e.g. prefix: "02"',
            )
            return None
        return prefix

    # -- one exercise

    def exercise(
        self,
        items: Sequence[Any],
        n: int,
        seen: dict[str, int],
        prefix: str,
        solutions: bool,
        path: Path | None,
    ) -> Exercise | None:
        """Build one exercise, or ``None`` when it has problems."""
        raw = items[n]
        line = item_line(items, n, line_of(items))
        label = f"exercise #{n + 1}"
        if not isinstance(raw, Mapping):
            self.add(
                line,
                label,
                f"must be a mapping (id:, type:, prompt:, …), not {_kind(raw)}; start it with "
                "'- id: …'",
            )
            return None
        before = len(self.problems)
        name = self.identifier(raw, label, line, example="japan-share-2023")
        where = f"exercise {name!r}" if name else label
        if name is not None:
            if name in seen:
                self.add(
                    line_of(raw, "id", line),
                    where,
                    f"id {name!r} is already used by the exercise on line {seen[name]}; ids must "
                    "be unique within a file",
                )
            else:
                seen[name] = line
        etype = self.exercise_type(raw, where, line)
        self.exercise_keys(raw, etype, where, line)
        prompt = self.text(
            raw, "prompt", where, line, required=True, how="add prompt: with the task (Markdown)"
        )
        variable = self.variable(raw, where, line)
        hints = tuple(self.text_list(raw, "hints", where, line, what="hints") or ())
        feedback = self.feedback(raw, where, line)
        solution = self.text(raw, "solution", where, line) or ""
        source = self.source(raw, where, line)
        check, check_args = self.named_check(raw, where, line, required=etype == "custom")
        if etype is None:
            return None
        fields: dict[str, Any] = {}
        build = getattr(self, f"t_{etype}")
        build(raw, where, line, fields)
        if etype in NEAR_MISS_KEYS:
            fields["near_misses"] = self.near_misses(raw, etype, where, line)
        if len(self.problems) > before or name is None or prompt is None:
            return None
        exercise = Exercise(
            id=f"{prefix}.{name}",
            name=name,
            prefix=prefix,
            type=etype,
            prompt=prompt,
            variable=variable,
            hints=hints,
            feedback=feedback,
            solution=solution,
            source=source,
            check=check,
            check_args=check_args,
            solutions=solutions,
            line=line,
            path=path,
            **fields,
        )
        if self.resolve:
            self.resolved(exercise, raw, where, line)
        return exercise

    def exercise_type(self, raw: Mapping[Any, Any], where: str, line: int) -> str | None:
        """Return the exercise's ``type`` if it is a known one."""
        etype = raw.get("type")
        tline = line_of(raw, "type", line)
        valid = ", ".join(EXERCISE_TYPES)
        if etype is None:
            self.add(tline, where, f"type is missing; add type: with one of {valid}")
            return None
        if not isinstance(etype, str) or etype not in EXERCISE_TYPES:
            close = _closest(etype, EXERCISE_TYPES)
            hint = f" (did you mean {close!r}?)" if close else ""
            self.add(tline, where, f"unknown type {_short(etype)}{hint}; use one of {valid}")
            return None
        return etype

    def exercise_keys(
        self, raw: Mapping[Any, Any], etype: str | None, where: str, line: int
    ) -> None:
        """Report unknown keys, and keys that belong to another type."""
        if etype is None:
            every = tuple(dict.fromkeys(COMMON_KEYS + sum(TYPE_KEYS.values(), ())))
            self.keys(raw, every, where, line, what="an exercise")
            return
        owners: dict[str, str] = {}
        for t, ks in TYPE_KEYS.items():
            for k in ks:
                owners.setdefault(k, f"type {t}")
        self.keys(
            raw,
            COMMON_KEYS + TYPE_KEYS[etype],
            where,
            line,
            what=f"a {etype} exercise",
            elsewhere=owners,
        )

    def variable(self, raw: Mapping[Any, Any], where: str, line: int) -> str:
        """Return the answer's variable name (default ``answer``)."""
        name = self.text(raw, "variable", where, line)
        if name is None:
            return "answer"
        if not VARIABLE_PATTERN.fullmatch(name) or keyword.iskeyword(name):
            self.add(
                line_of(raw, "variable", line),
                where,
                f"variable {_short(name)} is not a Python name; use letters, digits and '_', "
                "e.g. variable: japan_share_2023",
            )
            return "answer"
        return name

    def feedback(self, raw: Mapping[Any, Any], where: str, line: int) -> dict[str, str]:
        """Return the extra feedback texts by result code."""
        how = "write e.g. feedback: {correct: …, units: …} (keys: " + ", ".join(FEEDBACK_KEYS) + ")"
        value = self.mapping(raw, "feedback", where, line, how)
        if not value:
            return {}
        fline = line_of(raw, "feedback", line)
        self.keys(value, FEEDBACK_KEYS, where, fline, what="feedback")
        out = {}
        for key in value:
            if key in FEEDBACK_KEYS:
                text = self.text(value, key, where, fline)
                if text:
                    out[str(key)] = text
        return out

    def named_check(
        self, raw: Mapping[Any, Any], where: str, line: int, *, required: bool
    ) -> tuple[str | None, dict[str, Any]]:
        """Return the named check and its arguments, checked against the registry."""
        names = named_checks.check_names()
        name = self.text(
            raw,
            "check",
            where,
            line,
            required=required,
            how="a custom exercise names its check, e.g. check: sorted_by (one of "
            f"{', '.join(names)})",
        )
        cline = line_of(raw, "check", line)
        args_raw = self.mapping(
            raw, "check_args", where, line, "write e.g. check_args: {column: date}"
        )
        if name is None:
            if args_raw:
                self.add(
                    line_of(raw, "check_args", line),
                    where,
                    "check_args needs check: (the check's name)",
                )
            return None, {}
        found = named_checks.get_check(name)
        if found is None:
            close = _closest(name, names)
            hint = f"did you mean {close!r}? " if close else ""
            self.add(
                cline,
                where,
                f"unknown check {_short(name)}; {hint}the registered checks are {', '.join(names)} "
                "(a file can only name a check the package registers; see docs/exercises.md)",
            )
            return None, {}
        args: dict[str, Any] = {}
        aline = line_of(raw, "check_args", cline) if "check_args" in raw else cline
        for key, value in (args_raw or {}).items():
            if key not in found.args:
                allowed = ", ".join(found.args) or "none"
                self.add(
                    line_of(args_raw, key, aline),
                    where,
                    f"check {name!r} takes no argument {_short(key)}; its arguments are {allowed}",
                )
                continue
            if isinstance(value, Mapping) or (
                isinstance(value, list | tuple)
                and any(isinstance(v, list | tuple | Mapping) for v in value)
            ):
                self.add(
                    line_of(args_raw, key, aline),
                    where,
                    f"check_args {key}: must be a value or a list of values",
                )
                continue
            args[str(key)] = value
        for key in found.required:
            if key not in args and key not in (args_raw or {}):
                self.add(aline, where, f"check {name!r} needs check_args: {{{key}: …}}")
        return name, args

    # -- near misses

    def near_misses(
        self, raw: Mapping[Any, Any], etype: str, where: str, line: int
    ) -> tuple[NearMiss, ...]:
        """Return the exercise's near misses (wrong answers written as data, with feedback)."""
        if raw.get("near_misses") is None:
            return ()
        nline = line_of(raw, "near_misses", line)
        items = self.listed(
            raw.get("near_misses"),
            "near_misses",
            where,
            nline,
            how="write near_misses: followed by a list of wrong answers (- rule: …, feedback: …)",
        )
        out = []
        for n in range(len(items or ())):
            miss = self.near_miss(items, n, etype, where, nline)  # type: ignore[arg-type]
            if miss is not None:
                out.append(miss)
        return tuple(out)

    def near_miss(
        self, items: Sequence[Any], n: int, etype: str, where: str, line: int
    ) -> NearMiss | None:
        """Check one near miss; its keys depend on the exercise's type."""
        raw = items[n]
        line = item_line(items, n, line)
        label = f"near_misses #{n + 1}"
        where = f"{where}: {label}"
        allowed = NEAR_MISS_KEYS[etype]
        if not isinstance(raw, Mapping):
            self.add(
                line,
                where,
                f"must be a mapping with {' or '.join(k for k in allowed[:-1])} and "
                f"feedback:, not {_kind(raw)}",
            )
            return None
        before = len(self.problems)
        self.keys(raw, allowed, where, line, what=f"a near miss of a {etype} exercise")
        feedback = self.text(
            raw,
            "feedback",
            where,
            line,
            required=True,
            how="add feedback: saying what this mistake is and how to fix it",
        )
        fields: dict[str, Any] = {}
        rline = line_of(raw, "rule", line)
        spec = raw.get("rule")
        if spec is not None and not isinstance(spec, Mapping):
            self.add(rline, where, "rule must be a mapping like expected: (where:, column:)")
            spec = None
        rlabel = "rule"
        if etype == "number":
            if spec is not None:
                fields["rule"] = self.value_rule(
                    spec, where, rline, kind="number", label=rlabel, near_miss=True
                )
            scale = self.number(raw, "scale", where, line, example="0.01")
            if scale == 0:
                self.add(line_of(raw, "scale", line), where, "scale must not be 0")
            places = self.number(raw, "round", where, line, minimum=0, integer=True, example="0")
            if places is not None and places > 6:
                self.add(line_of(raw, "round", line), where, "round is 0 to 6 decimals")
            match = self.text(raw, "match", where, line)
            if match is not None and match not in ("exact", "tolerance"):
                self.add(
                    line_of(raw, "match", line),
                    where,
                    f"match is exact or tolerance (the default), not {_short(match)}",
                )
            if spec is None and scale is None and places is None and len(self.problems) == before:
                self.add(
                    line,
                    where,
                    "say what the wrong answer is: rule: (a rule over the data, as "
                    "in expected:), scale: (the answer times a number, e.g. 0.01) or round: "
                    "(the answer rounded to some decimals)",
                )
            fields.update(
                scale=scale,
                round=None if places is None else int(places),
                exact=match == "exact",
            )
        elif etype == "text":
            text = self.text(raw, "text", where, line)
            if spec is not None:
                fields["rule"] = self.value_rule(spec, where, rline, kind="text", label=rlabel)
            if (text is None) == (spec is None) and len(self.problems) == before:
                self.add(
                    line,
                    where,
                    "give the wrong answer as text: (the words) or rule: (a cell of the "
                    "data), one of the two",
                )
            fields["text"] = text
        elif etype in ("list", "dataframe"):
            if spec is None:
                if len(self.problems) == before:
                    self.add(
                        line,
                        where,
                        "rule is missing; write the wrong answer as a rule over the data "
                        f"(as in expected:){', or columns: all' if etype == 'dataframe' else ''}",
                    )
            elif etype == "list":
                fields["rule"] = self.list_rule(spec, where, rline, label=rlabel)
            else:
                fields["rule"] = self.frame_rule(spec, where, rline, label=rlabel, near_miss=True)
        else:  # chart
            cspec = raw.get("chart")
            if cspec is None:
                self.add(
                    line,
                    where,
                    "chart is missing; describe the wrong chart, e.g. chart: "
                    "{encoding: {x: {field: year, type: temporal}}}",
                )
            else:
                fields["chart"] = self.chart_miss(
                    cspec, where, line_of(raw, "chart", line), "chart"
                )
        if len(self.problems) > before or feedback is None:
            return None
        return NearMiss(feedback=feedback, line=line, **fields)

    # -- types

    def expected_raw(self, raw: Mapping[Any, Any], where: str, line: int, *, required: bool) -> Any:
        """Return ``expected:`` if it is a mapping (reporting it missing if required)."""
        value = raw.get("expected")
        if value is None:
            if required:
                self.add(line, where, f"expected is missing; add the rule, e.g. {RULE_EXAMPLE}")
            return None
        if not isinstance(value, Mapping):
            self.add(
                line_of(raw, "expected", line),
                where,
                f"expected must be a mapping, not {_kind(value)}; write e.g. {RULE_EXAMPLE} "
                "(expressions are never run)",
            )
            return None
        return value

    def t_number(
        self, raw: Mapping[Any, Any], where: str, line: int, fields: dict[str, Any]
    ) -> None:
        """Check the keys of a number exercise."""
        spec = self.expected_raw(raw, where, line, required=True)
        if spec is not None:
            fields["expected"] = self.value_rule(
                spec, where, line_of(raw, "expected", line), kind="number"
            )
        tol = self.number(raw, "tolerance", where, line, minimum=0, example="0.01")
        pct = self.number(raw, "tolerance_pct", where, line, minimum=0, example="1")
        if raw.get("tolerance") is not None and raw.get("tolerance_pct") is not None:
            self.add(
                line_of(raw, "tolerance_pct", line),
                where,
                "give tolerance: (absolute) or tolerance_pct: (percent), not both",
            )
        fields.update(tolerance=tol, tolerance_pct=pct, unit=self.text(raw, "unit", where, line))

    def t_text(self, raw: Mapping[Any, Any], where: str, line: int, fields: dict[str, Any]) -> None:
        """Check the keys of a text exercise."""
        spec = self.expected_raw(raw, where, line, required=False)
        accept = self.text_list(raw, "accept", where, line, what="accepted answers")
        if spec is None and not accept and "expected" not in raw:
            self.add(
                line,
                where,
                "a text exercise needs accept: [spellings] or expected: (a cell of a text column)",
            )
        if spec is not None:
            fields["expected"] = self.value_rule(
                spec, where, line_of(raw, "expected", line), kind="text"
            )
        fields["accept"] = tuple(accept or ())

    def t_list(self, raw: Mapping[Any, Any], where: str, line: int, fields: dict[str, Any]) -> None:
        """Check the keys of a list exercise."""
        spec = self.expected_raw(raw, where, line, required=True)
        if spec is not None:
            fields["expected"] = self.list_rule(spec, where, line_of(raw, "expected", line))
        fields["ordered"] = self.flag(raw, "ordered", where, line, False)

    def t_dataframe(
        self, raw: Mapping[Any, Any], where: str, line: int, fields: dict[str, Any]
    ) -> None:
        """Check the keys of a dataframe exercise."""
        spec = self.expected_raw(raw, where, line, required=True)
        if spec is not None:
            fields["expected"] = self.frame_rule(spec, where, line_of(raw, "expected", line))
        fields["ordered"] = self.flag(raw, "ordered", where, line, False)
        fields["extra_columns"] = self.flag(raw, "extra_columns", where, line, True)

    def t_chart(
        self, raw: Mapping[Any, Any], where: str, line: int, fields: dict[str, Any]
    ) -> None:
        """Check the keys of a chart exercise."""
        spec = self.expected_raw(raw, where, line, required=True)
        if spec is not None:
            fields["expected"] = self.chart_rule(spec, where, line_of(raw, "expected", line))

    def t_custom(
        self, raw: Mapping[Any, Any], where: str, line: int, fields: dict[str, Any]
    ) -> None:
        """Check nothing more: a custom exercise has only its named check."""
        return None

    # -- resolving against the data

    def resolved(self, exercise: Exercise, raw: Mapping[Any, Any], where: str, line: int) -> None:
        """Compute the expected answer from the data and report a rule that does not fit."""
        spec = raw.get("expected")
        sline = line_of(raw, "expected", line)
        rule = exercise.expected
        try:
            if exercise.type == "number" and rule is not None:
                shown = [rules.number(rule, self.data)]  # type: ignore[arg-type]
            elif exercise.type == "text":
                shown = [rules.text(rule, self.data)] if rule is not None else []  # type: ignore[arg-type]
                shown += list(exercise.accept)
            elif exercise.type == "list" and rule is not None:
                shown = rules.list_values(rule, self.data)  # type: ignore[arg-type]
            elif exercise.type == "dataframe" and isinstance(rule, FrameRule):
                rules.frame(rule, self.data)
                shown = []
            elif exercise.type == "chart" and isinstance(rule, ChartRule):
                self.chart_fields(rule, spec, where, sline)
                shown = []
            else:
                shown = []
        except rules.RuleError as exc:
            self.add(path_line(spec, exc.field or "", sline), where, f"expected: {exc}")
            return
        self.no_leak(exercise, shown, raw, where, line)
        self.misses_are_wrong(exercise, shown, raw, where, line)

    def misses_are_wrong(
        self, exercise: Exercise, shown: list[Any], raw: Mapping[Any, Any], where: str, line: int
    ) -> None:
        """Refuse a near miss that does not fit the data, would pass, or gives the answer."""
        items = raw.get("near_misses") or ()
        for n, miss in enumerate(exercise.near_misses):
            item = items[n] if n < len(items) else {}
            at = f"{where}: near_misses #{n + 1}"
            try:
                wrong = wrong_answer(exercise, miss, self.data)
                if exercise.type == "number" and miss.exact:
                    right = rules.number(exercise.expected, self.data)  # type: ignore[arg-type]
                    passes = same_number(wrong, right)
                else:
                    passes = checks.compare(exercise, wrong, self.data, near_misses=False).passed
            except rules.RuleError as exc:
                key = "chart" if miss.chart is not None else "rule"
                field = f"{key}.{exc.field}" if exc.field else key
                fline = path_line(item, field, miss.line) if isinstance(item, Mapping) else line
                self.add(fline, at, f"{key}: {exc}")
                continue
            if passes:
                exact = (
                    "; if it differs from the answer by more than rounding noise, write "
                    "match: exact (then only an answer computed exactly so is caught)"
                    if exercise.type == "number" and not miss.exact
                    else ""
                )
                self.add(
                    miss.line,
                    at,
                    "this wrong answer would pass (it is the expected answer"
                    f"{', within the tolerance' if exercise.type == 'number' else ''}): change it "
                    f"or remove it — a near miss must be wrong{exact}",
                )
            elif n:
                self.not_shadowed(exercise, n, wrong, at)
            for text in (t for value in shown for t in _answer_texts(value)):
                pattern = re.compile(rf"(?<![\w.]){re.escape(text)}(?![\w]|\.\d)", re.I)
                if pattern.search(fold_text(miss.feedback)):
                    fline = (
                        line_of(item, "feedback", miss.line) if isinstance(item, Mapping) else line
                    )
                    self.add(
                        fline,
                        at,
                        f"feedback contains the answer ({text}); a ✗ message must never "
                        "give it away",
                    )
                    break

    def chart_fields(self, rule: ChartRule, spec: Any, where: str, line: int) -> None:
        """Report chart fields that are not columns of the rule's dataset."""
        if rule.dataset is None:
            return
        df = self.data.get(rule.dataset)
        columns = [str(c) for c in df.columns]
        for column in rule.shows_every:
            if column not in columns:
                self.add(
                    line_of(spec, "shows_every", line),
                    where,
                    f"expected: shows_every: dataset {rule.dataset!r} has no column {column!r}; "
                    f"columns are {', '.join(columns)}",
                )
        for ch in rule.channels:
            if ch.field is not None and ch.field not in columns:
                close = difflib.get_close_matches(ch.field, columns, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                self.add(
                    path_line(spec, f"encoding.{ch.channel}", line),
                    where,
                    f"expected: {ch.channel}: dataset {rule.dataset!r} has no column "
                    f"{ch.field!r}; {hint}"
                    f"columns are {', '.join(columns)}",
                )

    def not_shadowed(self, exercise: Exercise, n: int, wrong: Any, where: str) -> None:
        """Refuse a near miss whose wrong answer an earlier one already catches."""
        for k, earlier in enumerate(exercise.near_misses[:n]):
            alone = dataclasses.replace(exercise, near_misses=(earlier,))
            try:
                caught = checks.compare(alone, wrong, self.data).code == "near_miss"
            except rules.RuleError:
                continue
            if caught:
                self.add(
                    exercise.near_misses[n].line,
                    where,
                    f"it gives the same wrong answer as near_misses #{k + 1}, so its feedback "
                    "would never be shown: merge the two (one feedback for both)",
                )
                return

    def no_leak(
        self, exercise: Exercise, shown: list[Any], raw: Mapping[Any, Any], where: str, line: int
    ) -> None:
        """Refuse ✗ feedback that contains the expected answer (it would give it away)."""
        patterns = []
        for value in shown:
            for text in _answer_texts(value):
                patterns.append(
                    (text, re.compile(rf"(?<![\w.]){re.escape(text)}(?![\w]|\.\d)", re.I))
                )
        if not patterns:
            return
        fline = line_of(raw, "feedback", line)
        for key, message in exercise.feedback.items():
            if key == "correct":
                continue
            for text, pattern in patterns:
                if pattern.search(fold_text(message)):
                    self.add(
                        line_of(raw.get("feedback"), key, fline),
                        where,
                        f"feedback {key}: contains the answer ({text}); a ✗ message must never "
                        "give it away — move it to feedback: correct or to the solution",
                    )
                    break


def _answer_texts(value: Any) -> list[str]:
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return []
        texts = {format_number(number), f"{number:g}", repr(number)}
        if number.is_integer():
            texts.add(str(int(number)))
        return sorted(t for t in texts if len(t.strip("-")) >= 2)
    if isinstance(value, str):
        folded = fold_text(value)
        return [folded] if len(folded) >= 3 else []
    return []
