"""`usjapan-edu export-quiz`: GIFT read back as Moodle reads it; QTI 1.2 structure checked.

QTI validation uses the standard library's XML parser (well-formedness) plus structural checks
of what Canvas needs; no QTI 1.2 XSD is available offline here (IMS publishes it online only).
"""

from __future__ import annotations

import html
import io
import itertools
import json
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from typing import ClassVar

import pytest
from moodle_gift import read_gift

from usjapan_edu.instructor.lms_export import to_gift, to_json, to_qti
from usjapan_edu.quiz import load_bank
from usjapan_edu.quiz.markdown import render_markdown
from usjapan_edu.quiz.model import Bank, Numeric, Question, Text

SPECIALS = r"""
id: specials
title: "Specials ~ = # { } : \\"
questions:
  - id: s1
    type: single
    prompt: "Which is it: a~b = c#d {e} f\\g?"
    options:
      - text: "x=1 {y} #z ~w: \\v"
        correct: true
        feedback: "right: {yes} #1 ~ ="
      - text: "%50% off"
      - text: "[html] not a format"
      - text: "a -> b <c> & d"
    hints: [one]
  - id: m1
    type: multiple
    prompt: Tick.
    options:
      - {text: "A{1}", correct: true}
      - {text: "B=2", correct: true}
      - {text: "C#3", correct: true}
      - {text: "D~4", feedback: "no: ~"}
      - "E:5"
  - id: t1
    type: text
    prompt: Type it.
    accept: ["a:b", "c=d", "e*f", "{g}", "h\\i"]
  - id: mt
    type: match
    prompt: Match.
    pairs:
      - {left: "a -> b", right: "x~y"}
      - {left: "c=d", right: "#1"}
      - {left: "e{f}", right: "g:h"}
    distractors: ["{extra}"]
  - id: n1
    type: numeric
    prompt: "How much? {x}"
    answer: -0.000012
    tolerance: 0.000001
    unit: "USD bn"
  - id: tf
    type: true_false
    prompt: "True? #1"
    answer: false
    feedback: {true: "no # way", false: "yes {right}"}
  - id: o1
    type: order
    prompt: Order.
    items: ["first: a", "second = b", "third #c"]
  - id: r1
    type: reflection
    prompt: "Think: {why}?"
    min_words: 10
    explanation: "Because = reasons."
"""


@pytest.fixture
def specials(write_yaml):
    return load_bank(write_yaml(SPECIALS, "specials.yaml"))


def gift_of(bank):
    questions = read_gift(to_gift(bank).data.decode("utf-8"))
    assert questions[0].type == "category" and questions[0].category.endswith(bank.id)
    return {q.name: q for q in questions[1:]}


# ---------------------------------------------------------------- GIFT


def test_gift_carries_every_type_of_the_sample_bank_as_moodle_reads_it() -> None:
    bank = load_bank("sample-all-types")
    parsed = gift_of(bank)
    assert list(parsed) == [q.id for q in bank.questions]
    kinds = {name: q.type for name, q in parsed.items()}
    assert kinds == {
        "treaty-1951": "multichoice",
        "quad-members": "multichoice-multi",
        "treaty-1960-replaced": "truefalse",
        "trade-balance-2022": "numerical",
        "japan-defence-share-2023": "numerical",
        "g7-2023-city": "shortanswer",
        "alliance-timeline": "match",
        "trade-deals-years": "match",
        "balance-and-alliance": "essay",
    }
    numeric = bank["trade-balance-2022"]
    value, tol = parsed["trade-balance-2022"].tolerance[0]
    assert value == pytest.approx(numeric.value) and tol == pytest.approx(numeric.allowed_error())
    assert parsed["treaty-1960-replaced"].correct_answer is True
    assert parsed["alliance-timeline"].subquestions[0] == (
        "Security Treaty signed in San Francisco",
        "1st",
    )
    # the explanation and the source travel as general feedback
    assert "Source:" in parsed["treaty-1951"].general_feedback
    assert all(q.text.format == "html" for q in parsed.values())


def test_gift_escapes_special_characters_everywhere(specials) -> None:
    parsed = gift_of(specials)
    assert parsed["s1"].text.text == render_markdown(specials["s1"].prompt).strip()
    options = [(html.unescape(t), f) for t, f, _ in parsed["s1"].answers]
    assert options == [(o.text, 1.0 if o.correct else 0.0) for o in specials["s1"].options]
    assert parsed["s1"].answers[0][2] == render_markdown("right: {yes} #1 ~ =").strip()
    assert [html.unescape(a) for a, _, _ in parsed["m1"].answers] == [
        o.text for o in specials["m1"].options
    ]
    # short answers are compared as plain text; '*' is Moodle's wildcard, so it is escaped
    assert [a for a, _, _ in parsed["t1"].answers] == ["a:b", "c=d", "e\\*f", "{g}", "h\\i"]
    assert all(f == 1.0 for _, f, _ in parsed["t1"].answers)
    lefts = [(html.unescape(left), right) for left, right in parsed["mt"].subquestions]
    assert lefts == [*specials["mt"].pairs, ("", "{extra}")]  # the distractor: empty left
    assert parsed["n1"].tolerance == [(pytest.approx(-0.000012), pytest.approx(0.000001))]
    assert "USD bn" in parsed["n1"].text.text
    tf = parsed["tf"]
    assert tf.correct_answer is False
    assert tf.feedback_true == render_markdown("no # way").strip()
    assert tf.feedback_false == render_markdown("yes {right}").strip()
    assert [left for left, _ in parsed["o1"].subquestions] == list(specials["o1"].items)
    assert parsed["r1"].type == "essay"
    assert parsed["r1"].general_feedback == render_markdown("Because = reasons.").strip()


def test_gift_weights_give_the_course_partial_credit(specials) -> None:
    question = specials["m1"]
    fractions = {html.unescape(a): f for a, f, _ in gift_of(specials)["m1"].answers}
    assert sum(f for f in fractions.values() if f > 0) == pytest.approx(1.0, abs=1e-6)
    texts = [o.text for o in question.options]
    for n in range(1, len(texts) + 1):
        for ticks in itertools.combinations(texts, n):
            moodle = min(1.0, max(0.0, sum(fractions[t] for t in ticks)))  # Moodle's rule
            assert moodle == pytest.approx(question.grade(list(ticks)).score, abs=1e-4)


def test_gift_notes_list_what_it_cannot_carry(specials) -> None:
    notes = "\n".join(to_gift(specials).notes)
    assert "hints are not carried" in notes and "s1" in notes
    assert "'order' questions are exported as matching" in notes and "o1" in notes
    assert "'min_words'" in notes and "r1" in notes


def test_a_type_a_format_cannot_express_is_listed_never_dropped_silently() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Drawing(Question):
        type: ClassVar[str] = "drawing"

    bank = Bank(
        id="b",
        title="B",
        questions=(
            Text(id="ok", prompt="Name?", accept=("x",)),
            Drawing(id="sketch", prompt="Draw it."),
        ),
    )
    for export in (to_gift(bank), to_qti(bank)):
        assert export.exported == 1 and export.skipped == ["sketch"]
        assert any("'drawing' cannot be expressed" in n and "sketch" in n for n in export.notes)


INJECTED = "::injected::Did the bank's title add this? {TRUE}"


@pytest.mark.parametrize(
    "breaks",
    ["\n\n", "\r\n\r\n", "\n \t\n", "\r\r", "\u2028\u2028", "\x85\x0b\x0c"],
    ids=["lf", "crlf", "blank-with-spaces", "cr", "u2028", "nel-vt-ff"],
)
def test_gift_text_outside_questions_cannot_add_a_question(breaks) -> None:
    """The title (and ids, for banks made in Python) go into comments and the category."""
    sample = load_bank("sample-all-types")
    bank = Bank(
        id=f"week1{breaks}{INJECTED}",
        title=f"Week 1{breaks}{INJECTED}{breaks}",
        questions=(Text(id=f"q1{breaks}{INJECTED}", prompt="Name?", accept=("x",)),),
    )
    for b in (bank, Bank(id=sample.id, title=bank.title, questions=sample.questions)):
        text = to_gift(b).data.decode("utf-8")
        questions = read_gift(text)  # as Moodle reads it
        assert questions[0].type == "category"
        assert [q.name for q in questions[1:]] == [q.id.replace("\r", "") for q in b.questions]
        assert "/" not in questions[0].category.removeprefix("$course$/top/usjapan-edu/")
        # before the first question, every line is a comment or the category, whatever an
        # importer takes for a line break
        head = text[: text.index("\n::")]
        for line in head.splitlines():
            assert not line.strip() or line.startswith(("// ", "$CATEGORY: ")), line


# ---------------------------------------------------------------- QTI 1.2

CANVAS_TYPES = {
    "multiple_choice_question", "multiple_answers_question", "true_false_question",
    "numerical_question", "short_answer_question", "matching_question", "essay_question",
}  # fmt: skip
NS = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
Q = "{" + NS["q"] + "}"


def qti_package(bank):
    data = to_qti(bank).data
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.testzip() is None
    names = set(zf.namelist())
    manifest = ET.fromstring(zf.read("imsmanifest.xml"))
    cp = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
    assert manifest.tag == f"{cp}manifest"
    hrefs = [f.get("href") for f in manifest.iter(f"{cp}file")]
    assert hrefs and set(hrefs) <= names, "the manifest names files that are not in the zip"
    resources = {r.get("identifier"): r for r in manifest.iter(f"{cp}resource")}
    qti = [r for r in resources.values() if r.get("type") == "imsqti_xmlv1p2"]
    assert len(qti) == 1
    for dep in qti[0].iter(f"{cp}dependency"):
        assert dep.get("identifierref") in resources
    assessment_xml = qti[0].find(f"{cp}file").get("href")
    return ET.fromstring(zf.read(assessment_xml)), zf


def check_item(item) -> str:
    """Check one item as Canvas reads it; return its question_type."""
    fields = {
        f.findtext("q:fieldlabel", namespaces=NS): f.findtext("q:fieldentry", namespaces=NS)
        for f in item.iterfind("q:itemmetadata/q:qtimetadata/q:qtimetadatafield", NS)
    }
    qtype = fields["question_type"]
    assert qtype in CANVAS_TYPES and float(fields["points_possible"]) == 1.0
    pres = item.find("q:presentation", NS)
    assert pres is not None and pres.find("q:material/q:mattext", NS).text
    responses = {
        r.get("ident"): r for r in pres if r.tag.endswith(("response_lid", "response_str"))
    }
    assert responses, "an item without a response"
    labels: dict[str, set[str]] = {}  # label ident -> the responses offering it
    for rid, r in responses.items():
        for lab in r.iter(f"{Q}response_label"):
            labels.setdefault(lab.get("ident"), set()).add(rid)
    feedback = {fb.get("ident") for fb in item.iterfind("q:itemfeedback", NS)}
    proc = item.find("q:resprocessing", NS)
    assert proc is not None and proc.find("q:outcomes/q:decvar", NS).get("varname") == "SCORE"
    for cond in proc.iterfind("q:respcondition", NS):
        for var in cond.find("q:conditionvar", NS).iter():
            if var.get("respident") is not None:
                assert var.get("respident") in responses
                if responses[var.get("respident")].tag.endswith("response_lid"):
                    assert var.get("respident") in labels.get(var.text, set())
        for show in cond.iterfind("q:displayfeedback", NS):
            assert show.get("linkrefid") in feedback
    return qtype


def test_qti_package_structure_and_ident_uniqueness(specials) -> None:
    for bank in (load_bank("sample-all-types"), specials):
        root, _ = qti_package(bank)
        assert root.tag == f"{Q}questestinterop"
        (assessment,) = root.iterfind("q:assessment", NS)
        assert assessment.get("title") == bank.title
        items = list(assessment.iter(f"{Q}item"))
        assert [i.get("title") for i in items] == [q.id for q in bank.questions]
        tags = ("assessment", "section", "item")
        idents = [el.get("ident") for el in root.iter() if el.tag.endswith(tags)]
        assert len(idents) == len(set(idents)), "duplicate assessment/section/item idents"
        seen_labels: set[str] = set()
        for item in items:
            # per item: responses and feedback unique; per response: its labels unique;
            # across items: no label ident is shared (a matching item repeats its labels in
            # every drop-down, as Canvas's own exports do)
            responses = [r for r in item.iter() if r.tag.endswith(("response_lid", "response_str"))]
            assert len({r.get("ident") for r in responses}) == len(responses)
            feedback = [fb.get("ident") for fb in item.iterfind("q:itemfeedback", NS)]
            assert len(feedback) == len(set(feedback))
            labels: set[str] = set()
            for response in responses:
                mine = [lab.get("ident") for lab in response.iter(f"{Q}response_label")]
                assert len(mine) == len(set(mine))
                labels.update(mine)
            assert not labels & seen_labels, "a label ident used in two items"
            seen_labels |= labels
            check_item(item)


def test_qti_scoring_matches_the_questions() -> None:
    bank = load_bank("sample-all-types")
    root, _ = qti_package(bank)
    items = {i.get("title"): i for i in root.iter(f"{Q}item")}
    numeric = bank["trade-balance-2022"]
    proc = items["trade-balance-2022"].find("q:resprocessing", NS)
    low = float(proc.find(".//q:vargte", NS).text)
    high = float(proc.find(".//q:varlte", NS).text)
    tol = numeric.allowed_error()
    assert low == pytest.approx(numeric.value - tol) and high == pytest.approx(numeric.value + tol)
    match = items["trade-deals-years"].find("q:resprocessing", NS)
    adds = [float(s.text) for s in match.iter(f"{Q}setvar") if s.get("action") == "Add"]
    assert sum(adds) == pytest.approx(100, abs=0.05) and len(adds) == 4
    single = items["treaty-1951"]
    right = single.find("q:resprocessing/q:respcondition[@continue='No']", NS)
    right_label = right.find("q:conditionvar/q:varequal", NS).text
    texts = {
        lab.get("ident"): lab.findtext("q:material/q:mattext", namespaces=NS)
        for lab in single.iter(f"{Q}response_label")
    }
    assert texts[right_label] == "San Francisco"
    short = items["g7-2023-city"].find("q:resprocessing", NS)
    assert [v.text for v in short.iter(f"{Q}varequal")] == list(bank["g7-2023-city"].accept)


def test_qti_is_the_same_bytes_for_the_same_bank() -> None:
    bank = load_bank("sample-all-types")
    assert to_qti(bank).data == to_qti(bank).data


# ---------------------------------------------------------------- JSON and the command


def test_qti_is_well_formed_xml_even_with_control_characters(write_yaml) -> None:
    bank = load_bank(
        write_yaml(
            r"""
            id: ctl
            title: "Week\x0b1"
            description: "About\x00this"
            questions:
              - id: q1
                type: single
                prompt: "Which\x01one?"
                options:
                  - {text: "A\x02", correct: true, feedback: "yes\x1f"}
                  - B
              - id: q2
                type: text
                prompt: Plain.
                accept: [plain]
            """
        )
    )
    export = to_qti(bank)
    root, zf = qti_package(bank)  # every file of the package parses
    for name in zf.namelist():
        ET.fromstring(zf.read(name))
    assert root.find("q:assessment", NS).get("title") == "Week1"
    texts = [t.text for t in root.iter(f"{Q}mattext")]
    assert "A" in texts and not any("\x02" in (t or "") for t in texts)
    # removing characters is reported, never silent; the clean question is not named
    (note,) = [n for n in export.notes if "control characters" in n]
    assert "q1" in note and "title or description" in note and "q2" not in note


MATH = r"\(s = \frac{x_i}{\sum_j x_j} * 100\)"
MATH_BANK = Bank(
    id="math",
    title="Math",
    questions=(Numeric(id="share", prompt=f"Compute {MATH} for Japan.", answer=1.2),),
)


def test_gift_keeps_math_delimiters_as_moodle_reads_them() -> None:
    text = to_gift(MATH_BANK).data.decode("utf-8")
    assert r"\\(s \= \\frac\{x_i\}\{\\sum_j x_j\} * 100\\)" in text  # GIFT's escapes
    (question,) = read_gift(text)[1:]
    assert question.text.text == f"<p>Compute {MATH} for Japan.</p>"


def test_qti_keeps_math_delimiters() -> None:
    root, _ = qti_package(MATH_BANK)
    assert f"<p>Compute {MATH} for Japan.</p>" in [el.text for el in root.iter(f"{Q}mattext")]


def test_json_export_resolves_data_bound_answers() -> None:
    bank = load_bank("sample-all-types")
    data = json.loads(to_json(bank).data)
    by_id = {q["id"]: q for q in data["questions"]}
    assert by_id["trade-balance-2022"]["answer"] == pytest.approx(bank["trade-balance-2022"].value)
    assert by_id["trade-balance-2022"]["answer_from"]["dataset"] == "goods_trade"
    assert by_id["treaty-1951"]["options"][0] == {
        "text": "San Francisco",
        "correct": True,
        "feedback": bank["treaty-1951"].options[0].feedback,
    }


def test_command_prints_gift_and_warns_on_stderr(run) -> None:
    result = run("export-quiz", "sample-all-types", "--format", "gift")
    assert result.code == 0
    assert len(read_gift(result.out)) == 1 + len(load_bank("sample-all-types"))
    assert result.err_lines and all(
        line.startswith("usjapan-edu: warning: gift: ") for line in result.err_lines
    )
    assert any("hints are not carried" in line for line in result.err_lines)


def test_command_format_from_suffix_default_qti_name_and_no_overwrite(
    run, tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export-quiz", "sample-all-types", "--out", "quiz.json")
    assert result.code == 0 and json.loads((tmp_path / "quiz.json").read_text())["id"]
    result = run("export-quiz", "sample-all-types", "--format", "qti")
    assert result.code == 0 and zipfile.is_zipfile(tmp_path / "sample-all-types-qti.zip")
    again = run("export-quiz", "sample-all-types", "--format", "qti")
    assert again.code == 1 and "already exists; add --force" in again.err
    assert run("export-quiz", "sample-all-types", "--format", "qti", "--force").code == 0


def test_command_errors_are_one_line(run, tmp_path) -> None:
    missing = run("export-quiz", "sample-all-types", "--out", str(tmp_path / "quiz.xyz"))
    assert missing.code == 1 and len(missing.err_lines) == 1 and "--format gift" in missing.err
    unknown = run("export-quiz", "sample-all-types", "--format", "docx")
    assert unknown.code == 2 and "invalid choice: 'docx'" in unknown.err
    nobank = run("export-quiz", str(tmp_path / "none.yaml"), "--format", "gift")
    assert nobank.code == 1 and nobank.err_lines == [
        f"usjapan-edu: error: {tmp_path / 'none.yaml'}: no such file"
    ]
    assert list(tmp_path.iterdir()) == []
