"""Export a quiz bank for a learning management system: Moodle GIFT, QTI 1.2 (Canvas), JSON.

What each format carries (``docs/instructor-tools.md`` has the full table):

==============  ===========================================  ==================================
course type     GIFT (Moodle)                                QTI 1.2 (Canvas, Blackboard)
==============  ===========================================  ==================================
single          multiple choice, one right answer            ``multiple_choice_question``
multiple        multiple choice with weights: a right tick   ``multiple_answers_question``
                +100/k %, a wrong one −100/k % (k right      (Canvas's own partial credit)
                options) = the course's partial credit
true_false      ``{TRUE}``/``{FALSE}`` with both feedbacks   ``true_false_question``
numeric         ``{#answer:tolerance}``                      ``numerical_question`` (range)
text            short answer (``=%100%`` each spelling)      ``short_answer_question``
match           matching (distractors as extra answers)      ``matching_question``
order           matching *item → position* (approximate)     ``matching_question`` (same)
reflection      essay                                        ``essay_question``
==============  ===========================================  ==================================

Nothing is dropped silently: everything a format cannot carry — hints, the course's pairwise
scoring of *order* questions, ``min_words``, live data binding, a question type the format
has no equivalent for — is returned in :attr:`Export.notes` (one line each), which the command
prints as warnings on stderr.

Text: prompts, explanations and feedback (Markdown) are rendered with the course's safe
renderer (raw HTML escaped) and exported as HTML; option texts are plain text.
``answer_from`` numbers are resolved from the shipped data at export time.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from usjapan_edu.quiz.model import (
    AnswerFromError,
    Bank,
    Match,
    MultipleChoice,
    Numeric,
    Order,
    Question,
    Reflection,
    SingleChoice,
    Source,
    Text,
    TrueFalse,
)

__all__ = [
    "FORMATS",
    "MOODLE_GRADES",
    "Export",
    "export_bank",
    "gift_escape",
    "to_gift",
    "to_json",
    "to_qti",
]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
JSON_SCHEMA = "usjapan-edu/quiz"

MOODLE_GRADES = (
    100,
    90,
    83.33333,
    80,
    75,
    70,
    66.66667,
    60,
    50,
    40,
    33.33333,
    30,
    25,
    20,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10,
    5,
    0,
)
"""The answer weights (percent) Moodle accepts by default when importing (also negated)."""


@dataclass
class Export:
    """One exported bank: the bytes to write, what could not be carried, a file name."""

    data: bytes
    suffix: str
    notes: list[str] = field(default_factory=list)
    exported: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass
class _Notes:
    """Collects question ids per limitation, to print one line per limitation."""

    fmt: str
    by_kind: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, qid: str) -> None:
        self.by_kind.setdefault(kind, []).append(qid)

    def lines(self) -> list[str]:
        out = []
        for kind, ids in self.by_kind.items():
            shown = ", ".join(ids[:8]) + (f" and {len(ids) - 8} more" if len(ids) > 8 else "")
            out.append(f"{self.fmt}: {kind} ({len(ids)}: {shown})")
        return out


_HINTS = "hints are not carried (the format has no hints); they are in the answer key"
_ORDER = (
    "'order' questions are exported as matching (each item → its position): the LMS scores "
    "each position on its own, the course scores item pairs in the right relative order"
)
_MIN_WORDS = "'min_words' of reflections is not carried; they are essays graded by hand"
_BOUND = (
    "numbers bound to the data (answer_from) are exported as today's value; export again "
    "after a data update"
)
_UNITS = (
    "numeric answers must be typed as plain numbers in the LMS (the course also reads units, "
    "scale words and currency signs); the unit is named in the question text"
)


# ---------------------------------------------------------------- shared text helpers


def _html_block(markdown: str) -> str:
    from usjapan_edu.quiz.markdown import render_markdown

    return render_markdown(markdown).strip()


def _html_inline(markdown: str) -> str:
    from usjapan_edu.quiz.markdown import render_inline

    return render_inline(markdown).strip()


def _html_plain(text: str) -> str:
    """Plain text as HTML; a leading ``%`` or ``[`` (GIFT weight / format markers) as entity."""
    out = html.escape(text.strip(), quote=False)
    if out[:1] in {"%", "["}:
        out = f"&#{ord(out[0])};{out[1:]}"
    return out


def _source_html(source: Source | None) -> str:
    if source is None:
        return ""
    return f"<p><strong>Source:</strong> {_html_inline(source.markdown())}</p>"


def _general_feedback(q: Question) -> str:
    return "".join(p for p in (_html_block(q.explanation), _source_html(q.source)) if p)


def _prompt_html(q: Question) -> str:
    text = _html_block(q.prompt)
    if isinstance(q, Numeric) and q.unit:
        text += f"<p>Answer in {html.escape(q.unit, quote=False)} (type a number only).</p>"
    if isinstance(q, Order):
        text += "<p>Give each item its position in the order (1st, 2nd, …).</p>"
    return text


def _number(value: float) -> str:
    """Write a float in plain decimal notation (no exponent), shortest round trip.

    Examples
    --------
    >>> _number(-67.851), _number(2022.0), _number(1e-07)
    ('-67.851', '2022', '0.0000001')

    """
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _ordinal(n: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th`` … ``11th``, ``12th``, ``21st``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _order_pairs(q: Order) -> list[tuple[str, str]]:
    return [(item, _ordinal(i)) for i, item in enumerate(q.items, 1)]


def _common_notes(q: Question, notes: _Notes) -> None:
    if q.hints:
        notes.add(_HINTS, q.id)
    if isinstance(q, Order):
        notes.add(_ORDER, q.id)
    if isinstance(q, Reflection) and q.min_words:
        notes.add(_MIN_WORDS, q.id)
    if isinstance(q, Numeric):
        notes.add(_UNITS, q.id)
        if q.answer_from is not None:
            notes.add(_BOUND, q.id)


# ---------------------------------------------------------------- GIFT

_GIFT_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def gift_escape(text: str) -> str:
    r"""Escape GIFT's special characters (``\ ~ = # { } :``) and newlines, as Moodle does.

    Examples
    --------
    >>> print(gift_escape("a=b {c} ~d #e: f\\g"))
    a\=b \{c\} \~d \#e\: f\\g

    """
    return text.translate(_GIFT_SPECIAL)


_LINE_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]+")


def _one_line(text: str) -> str:
    r"""Return ``text`` on one line: line breaks and other control characters become spaces.

    For text outside GIFT's escaped fields (comments, the category): Moodle's importer splits
    the file at line breaks and a blank line starts a question, so a title with a line break
    could otherwise add a question of its own.

    Examples
    --------
    >>> _one_line("Week 1\n\n::x::Injected {TRUE}\r\u2028end")
    'Week 1 ::x::Injected {TRUE} end'

    """
    return _LINE_BREAKS.sub(" ", text)


def _weight(percent: float) -> str:
    return _number(round(percent, 5))


def _gift_question(q: Question, notes: _Notes) -> str | None:
    """Return the GIFT text of one question (``None`` if GIFT cannot express its type)."""
    head = f"::{gift_escape(q.id)}::[html]{gift_escape(_prompt_html(q))}"
    general = _general_feedback(q)
    tail = f"\t####{gift_escape(general)}\n" if general else ""
    if isinstance(q, SingleChoice):
        lines = []
        for opt in q.options:
            mark = "=" if opt.correct else "~"
            fb = f"#{gift_escape(_html_block(opt.feedback))}" if opt.feedback else ""
            lines.append(f"\t{mark}{gift_escape(_html_plain(opt.text))}{fb}\n")
        return f"{head}{{\n{''.join(lines)}{tail}}}"
    if isinstance(q, MultipleChoice):
        k = sum(o.correct for o in q.options)
        share = 100.0 / k
        if not any(abs(share - g) < 1e-4 for g in MOODLE_GRADES):
            notes.add(
                "Moodle accepts only its listed grades: import with 'Match grades: nearest "
                "grade' (more than 10 right options)",
                q.id,
            )
        lines = []
        for opt in q.options:
            weight = _weight(share if opt.correct else -share)
            fb = f"#{gift_escape(_html_block(opt.feedback))}" if opt.feedback else ""
            lines.append(f"\t~%{weight}%{gift_escape(_html_plain(opt.text))}{fb}\n")
        return f"{head}{{\n{''.join(lines)}{tail}}}"
    if isinstance(q, TrueFalse):
        right_fb = q.feedback_true if q.answer else q.feedback_false
        wrong_fb = q.feedback_false if q.answer else q.feedback_true
        answer = "TRUE" if q.answer else "FALSE"
        fb = ""
        if wrong_fb or right_fb:
            fb = f"#{gift_escape(_html_block(wrong_fb))}#{gift_escape(_html_block(right_fb))}"
        return f"{head}{{{answer}{fb}{tail.strip()}}}"
    if isinstance(q, Numeric):
        value = q.value
        tol = q.allowed_error()
        body = _number(value) + (f":{_number(tol)}" if tol > 0 else "")
        return f"{head}{{#{body}{tail.strip()}}}"
    if isinstance(q, Text):
        lines = []
        for accepted in q.accept:
            # '*' is Moodle's short-answer wildcard: \* is a literal asterisk.
            literal = accepted.strip().replace("*", "\\*")
            lines.append(f"\t=%100%{gift_escape(literal)}\n")
        return f"{head}{{\n{''.join(lines)}{tail}}}"
    if isinstance(q, Match | Order):
        pairs = list(q.pairs) if isinstance(q, Match) else _order_pairs(q)
        extra = list(q.distractors) if isinstance(q, Match) else []
        if len({r for _, r in pairs} | set(extra)) < 3:
            notes.add(
                "Moodle's matching needs at least 3 answers: add a distractor to these",
                q.id,
            )
        lines = [
            f"\t={gift_escape(_html_plain(left))} -> {gift_escape(right.strip())}\n"
            for left, right in pairs
        ]
        lines += [f"\t= -> {gift_escape(d.strip())}\n" for d in extra]
        return f"{head}{{\n{''.join(lines)}{tail}}}"
    if isinstance(q, Reflection):
        return f"{head}{{{tail.strip()}}}"
    return None


def to_gift(bank: Bank) -> Export:
    """Return ``bank`` as a Moodle GIFT file (UTF-8 text, ``$CATEGORY`` named by the bank id).

    Examples
    --------
    >>> from usjapan_edu.quiz import load_bank
    >>> out = to_gift(load_bank("sample-all-types"))
    >>> out.exported, out.suffix
    (9, '.gift.txt')

    """
    notes = _Notes("gift")
    bank_id = _one_line(bank.id).replace("/", "-")  # '/' would start a sub-category
    chunks = [
        f"// {_one_line(bank.title)}\n// Exported from usjapan-edu bank '{bank_id}'. "
        "Import in Moodle: Question bank > Import > GIFT format.\n",
        f"$CATEGORY: $course$/top/usjapan-edu/{bank_id}\n",
    ]
    export = Export(b"", ".gift.txt")
    for q in bank.questions:
        _common_notes(q, notes)
        text = _gift_question(q, notes)
        if text is None:
            export.skipped.append(q.id)
            notes.add(f"type '{q.type}' cannot be expressed in GIFT; skipped", q.id)
            continue
        chunks.append(f"// {_one_line(q.id)} ({q.type})\n{text}\n")
        export.exported += 1
    export.data = "\n".join(chunks).encode("utf-8")
    export.notes = notes.lines()
    return export


# ---------------------------------------------------------------- QTI 1.2

_CANVAS_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "true_false": "true_false_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "match": "matching_question",
    "order": "matching_question",
    "reflection": "essay_question",
}


def _ident(*parts: str) -> str:
    """Return a stable identifier (same bank and question → same id: re-imports update)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"usj_{digest}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def _material(parent: ET.Element, text: str, *, html_text: bool = True) -> None:
    kind = "text/html" if html_text else "text/plain"
    _sub(_sub(parent, "material"), "mattext", text, texttype=kind)


def _metadata(item: ET.Element, fields: dict[str, str]) -> None:
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field_el = _sub(meta, "qtimetadatafield")
        _sub(field_el, "fieldlabel", label)
        _sub(field_el, "fieldentry", entry)


def _condition(resproc: ET.Element, *, stop: bool) -> tuple[ET.Element, ET.Element]:
    cond = _sub(resproc, "respcondition", continue_="No" if stop else "Yes")
    return cond, _sub(cond, "conditionvar")


def _feedback(item: ET.Element, ident: str, html_text: str) -> None:
    flow = _sub(_sub(item, "itemfeedback", ident=ident), "flow_mat")
    _material(flow, html_text)


def _lid(pres: ET.Element, ident: str, labels: list[tuple[str, str]], card: str) -> ET.Element:
    lid = _sub(pres, "response_lid", ident=ident, rcardinality=card)
    choice = _sub(lid, "render_choice")
    for label_id, text in labels:
        label = _sub(choice, "response_label", ident=label_id)
        _material(label, text, html_text=False)
    return lid


def _qti_item(section: ET.Element, bank: Bank, q: Question) -> bool:
    """Append the item of ``q``; return False if QTI (as Canvas reads it) cannot express it."""
    qtype = _CANVAS_TYPES.get(q.type)
    if qtype is None:
        return False
    ident = _ident(bank.id, q.id)
    item = ET.Element("item", ident=ident, title=q.id)
    general = _general_feedback(q)
    feedbacks: list[tuple[str, str]] = []  # (ident, html), appended after resprocessing
    answer_ids: list[str] = []
    pres = ET.Element("presentation")
    _material(pres, _prompt_html(q))
    resproc = ET.Element("resprocessing")
    outcomes = _sub(resproc, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    if general:
        cond, var = _condition(resproc, stop=False)
        _sub(var, "other")
        _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        feedbacks.append(("general_fb", general))

    if isinstance(q, SingleChoice | MultipleChoice | TrueFalse):
        if isinstance(q, TrueFalse):
            options = [
                ("True", q.answer, q.feedback_true),
                ("False", not q.answer, q.feedback_false),
            ]
        else:
            options = [(o.text, o.correct, o.feedback) for o in q.options]
        labels = [(f"{ident}_{i}", text) for i, (text, _, _) in enumerate(options)]
        answer_ids = [label for label, _ in labels]
        card = "Multiple" if isinstance(q, MultipleChoice) else "Single"
        _lid(pres, "response1", labels, card)
        for (label, _), (_, _, fb) in zip(labels, options, strict=True):
            if fb:
                cond, var = _condition(resproc, stop=False)
                _sub(var, "varequal", label, respident="response1")
                _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=f"{label}_fb")
                feedbacks.append((f"{label}_fb", _html_block(fb)))
        cond, var = _condition(resproc, stop=True)
        if isinstance(q, MultipleChoice):
            both = _sub(var, "and")
            for (label, _), (_, right, _) in zip(labels, options, strict=True):
                parent = both if right else _sub(both, "not")
                _sub(parent, "varequal", label, respident="response1")
        else:
            right = [lab for (lab, _), (_, ok, _) in zip(labels, options, strict=True) if ok]
            _sub(var, "varequal", right[0], respident="response1")
        _sub(cond, "setvar", "100", action="Set", varname="SCORE")
    elif isinstance(q, Numeric | Text | Reflection):
        answer_ids = [f"{ident}_answer"]
        rs = _sub(pres, "response_str", ident="response1", rcardinality="Single")
        fib = _sub(rs, "render_fib", **({"fibtype": "Decimal"} if isinstance(q, Numeric) else {}))
        _sub(fib, "response_label", ident=f"{ident}_answer", rshuffle="No")
        if isinstance(q, Numeric):
            value, tol = q.value, q.allowed_error()
            cond, var = _condition(resproc, stop=True)
            either = _sub(var, "or")
            _sub(either, "varequal", _number(value), respident="response1")
            both = _sub(either, "and")
            _sub(both, "vargte", _number(value - tol), respident="response1")
            _sub(both, "varlte", _number(value + tol), respident="response1")
            _sub(cond, "setvar", "100", action="Set", varname="SCORE")
        elif isinstance(q, Text):
            cond, var = _condition(resproc, stop=True)
            for accepted in q.accept:
                _sub(var, "varequal", accepted.strip(), respident="response1")
            _sub(cond, "setvar", "100", action="Set", varname="SCORE")
        else:  # essay: graded by hand
            answer_ids = []
            cond, var = _condition(resproc, stop=True)
            _sub(var, "other")
    elif isinstance(q, Match | Order):
        pairs = list(q.pairs) if isinstance(q, Match) else _order_pairs(q)
        rights = list(q.choices()) if isinstance(q, Match) else [r for _, r in pairs]
        labels = [(f"{ident}_r{i}", text) for i, text in enumerate(rights)]
        by_text = {text: label for label, text in labels}
        share = f"{100 / len(pairs):.2f}"
        for i, (left, right) in enumerate(pairs):
            lid_ident = f"response_{ident}_l{i}"
            lid = _sub(pres, "response_lid", ident=lid_ident)
            _material(lid, left, html_text=False)
            choice = _sub(lid, "render_choice")
            for label, text in labels:
                _material(_sub(choice, "response_label", ident=label), text, html_text=False)
            cond, var = _condition(resproc, stop=False)
            _sub(var, "varequal", by_text[right], respident=lid_ident)
            _sub(cond, "setvar", share, action="Add", varname="SCORE")
        answer_ids = [f"{ident}_l{i}" for i in range(len(pairs))]
    else:  # pragma: no cover - every model type is handled above
        return False

    _metadata(
        item,
        {
            "question_type": qtype,
            "points_possible": "1.0",
            "original_answer_ids": ",".join(answer_ids),
            "assessment_question_identifierref": f"{ident}_ref",
        },
    )
    item.append(pres)
    item.append(resproc)
    for fb_ident, fb_html in feedbacks:
        _feedback(item, fb_ident, fb_html)
    section.append(item)
    return True


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CONTROLS = "control characters XML cannot hold (a Canvas import would fail) were removed"


def _drop_non_xml(root: ET.Element) -> int:
    """Remove the characters XML 1.0 cannot hold (C0 controls, …) from ``root``; count them."""
    removed = 0
    for el in root.iter():
        for name in ("text", "tail"):
            value = getattr(el, name)
            if value:
                clean, n = _NOT_XML.subn("", value)
                setattr(el, name, clean)
                removed += n
        for key, value in el.attrib.items():
            el.attrib[key], n = _NOT_XML.subn("", value)
            removed += n
    return removed


def _xml(root: ET.Element) -> bytes:
    _drop_non_xml(root)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def to_qti(bank: Bank) -> Export:
    """Return ``bank`` as a QTI 1.2 package (zip bytes): ``imsmanifest.xml`` + assessment.

    The layout is the one Canvas exports and imports (Settings › Import course content ›
    QTI .zip file): the assessment XML in a folder named by its identifier, Canvas's
    ``assessment_meta.xml`` beside it (quiz title, description, points; other LMSs ignore
    it). Identifiers are stable, so importing a new export can update the old quiz.

    Examples
    --------
    >>> from usjapan_edu.quiz import load_bank
    >>> out = to_qti(load_bank("sample-all-types"))
    >>> "imsmanifest.xml" in zipfile.ZipFile(io.BytesIO(out.data)).namelist()
    True

    """
    notes = _Notes("qti")
    export = Export(b"", "-qti.zip")
    aid = _ident(bank.id)
    root = ET.Element(
        "questestinterop",
        {
            "xmlns": QTI_NS,
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
        },
    )
    if _NOT_XML.search(bank.title + (bank.description or "")):
        notes.add(_CONTROLS, "the bank's title or description")
    assessment = _sub(root, "assessment", ident=aid, title=bank.title)
    meta = _sub(assessment, "qtimetadata")
    field_el = _sub(meta, "qtimetadatafield")
    _sub(field_el, "fieldlabel", "cc_maxattempts")
    _sub(field_el, "fieldentry", "1")
    section = _sub(assessment, "section", ident="root_section")
    for q in bank.questions:
        _common_notes(q, notes)
        if _qti_item(section, bank, q):
            export.exported += 1
            if _drop_non_xml(section[-1]):
                notes.add(_CONTROLS, q.id)
        else:
            export.skipped.append(q.id)
            notes.add(f"type '{q.type}' cannot be expressed in QTI 1.2; skipped", q.id)

    quiz = ET.Element(
        "quiz",
        {"identifier": aid, "xmlns": CANVAS_NS},
    )
    _sub(quiz, "title", bank.title)
    _sub(quiz, "description", _html_block(bank.description) if bank.description else "")
    _sub(quiz, "shuffle_answers", "false")
    _sub(quiz, "scoring_policy", "keep_highest")
    _sub(quiz, "quiz_type", "assignment")
    _sub(quiz, "points_possible", f"{export.exported:.1f}")
    _sub(quiz, "show_correct_answers", "true")
    _sub(quiz, "available", "false")

    meta_id = f"{aid}_meta"
    manifest = ET.Element("manifest", {"identifier": f"{aid}_manifest", "xmlns": CP_NS})
    md = _sub(manifest, "metadata")
    _sub(md, "schema", "IMS Content")
    _sub(md, "schemaversion", "1.1.3")
    _sub(manifest, "organizations")
    resources = _sub(manifest, "resources")
    res = _sub(resources, "resource", identifier=aid, type="imsqti_xmlv1p2")
    _sub(res, "file", href=f"{aid}/{aid}.xml")
    _sub(res, "dependency", identifierref=meta_id)
    res_meta = _sub(
        resources,
        "resource",
        identifier=meta_id,
        type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
        href=f"{aid}/assessment_meta.xml",
    )
    _sub(res_meta, "file", href=f"{aid}/assessment_meta.xml")

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        stamp = (2020, 1, 1, 0, 0, 0)  # fixed: the same bank gives the same bytes
        for name, data in (
            (f"{aid}/{aid}.xml", _xml(root)),
            (f"{aid}/assessment_meta.xml", _xml(quiz)),
            ("imsmanifest.xml", _xml(manifest)),
        ):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    export.data = buf.getvalue()
    export.notes = notes.lines()
    return export


# ---------------------------------------------------------------- JSON


def _source_json(source: Source | None) -> dict[str, str] | None:
    if source is None:
        return None
    fields = (("dataset", source.dataset), ("url", source.url), ("title", source.title))
    return {k: v for k, v in fields if v}


def _question_json(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "type": q.type, "prompt": q.prompt}
    if isinstance(q, SingleChoice | MultipleChoice):
        out["options"] = [
            {"text": o.text, "correct": o.correct, "feedback": o.feedback} for o in q.options
        ]
    elif isinstance(q, TrueFalse):
        out["answer"] = q.answer
        fb = {k: v for k, v in (("true", q.feedback_true), ("false", q.feedback_false)) if v}
        if fb:
            out["feedback"] = fb
    elif isinstance(q, Numeric):
        out["answer"] = q.value
        out["tolerance"] = q.allowed_error()
        if q.tolerance_pct is not None:
            out["tolerance_pct"] = q.tolerance_pct
        if q.unit:
            out["unit"] = q.unit
        if q.answer_from is not None:
            af = q.answer_from
            out["answer_from"] = {
                "dataset": af.dataset,
                "column": af.column,
                "where": af.where.describe() if af.where is not None else None,
            }
    elif isinstance(q, Text):
        out["accept"] = list(q.accept)
    elif isinstance(q, Order):
        out["items"] = list(q.items)
    elif isinstance(q, Match):
        out["pairs"] = [{"left": left, "right": right} for left, right in q.pairs]
        if q.distractors:
            out["distractors"] = list(q.distractors)
    elif isinstance(q, Reflection) and q.min_words:
        out["min_words"] = q.min_words
    if q.hints:
        out["hints"] = list(q.hints)
    if q.explanation:
        out["explanation"] = q.explanation
    if q.source is not None:
        out["source"] = _source_json(q.source)
    return out


def to_json(bank: Bank) -> Export:
    """Return ``bank`` as JSON with the answers resolved (``answer_from`` → ``answer``).

    Every field of every type is carried (Markdown text as written); ``answer_from`` keeps
    the dataset, column and a description of the filter next to today's value.

    Examples
    --------
    >>> from usjapan_edu.quiz import load_bank
    >>> data = json.loads(to_json(load_bank("sample-all-types")).data)
    >>> data["schema"], len(data["questions"])
    ('usjapan-edu/quiz', 9)

    """
    from usjapan_edu import __version__

    doc = {
        "schema": JSON_SCHEMA,
        "schema_version": 1,
        "generator": f"usjapan-edu {__version__}",
        "id": bank.id,
        "title": bank.title,
        "description": bank.description,
        "questions": [_question_json(q) for q in bank.questions],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    return Export(text.encode("utf-8"), ".quiz.json", exported=len(bank.questions))


FORMATS: dict[str, Callable[[Bank], Export]] = {"gift": to_gift, "qti": to_qti, "json": to_json}


def export_bank(bank: Bank, fmt: str) -> Export:
    """Export ``bank`` as ``fmt`` (``gift``, ``qti`` or ``json``).

    Raises
    ------
    ValueError
        For an unknown format, or a data-bound answer that cannot be computed.

    """
    try:
        writer = FORMATS[fmt]
    except KeyError:
        msg = f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"
        raise ValueError(msg) from None
    try:
        return writer(bank)
    except AnswerFromError as exc:
        where = f"{bank.path}: " if bank.path else ""
        raise ValueError(f"{where}a data-bound answer cannot be computed: {exc}") from None
