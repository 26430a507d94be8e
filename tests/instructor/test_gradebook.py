"""`usjapan-edu gradebook`: students' exports in, per-student and per-question tables out."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pytest

from usjapan_edu.instructor.gradebook import build_gradebook, read_export
from usjapan_edu.quiz import load_bank

B = "sample-all-types"
EARLY, LATE = "2025-03-01T10:00:00+00:00", "2025-03-03T09:00:00+00:00"


def answer(qid: str, response: Any, *, bank: str = B, **extra: Any) -> dict[tuple[str, str], Any]:
    """What the quiz saves for ``response``: graded by the real model."""
    q = load_bank(bank)[qid]
    grade = q.grade(response)
    fields = {"type": q.type, "response": response, "correct": grade.correct}
    fields |= {"score": grade.score, "feedback": grade.feedback, **extra}
    return {(load_bank(bank).id, qid): fields}


def table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def by(rows: list[dict[str, str]], key: str) -> dict[str, dict[str, str]]:
    return {row[key]: row for row in rows}


@pytest.fixture
def class_folder(tmp_path, make_export) -> Path:
    """Six students: CSV and JSON exports, right and wrong answers, hints, a reveal."""
    subs = tmp_path / "subs"
    right = {
        **answer("treaty-1951", "San Francisco", hints_shown=1),
        **answer("quad-members", ["Japan", "United States", "Australia", "India"]),
        **answer("trade-balance-2022", "-68"),
        **answer("g7-2023-city", "hiroshima"),
        **answer("balance-and-alliance", " ".join(["word"] * 20)),
    }
    make_export(subs / "ann.csv", right, updated=EARLY)
    make_export(subs / "ben.json", right, updated=EARLY)
    make_export(
        subs / "cat.csv",
        {
            **answer("treaty-1951", "Tokyo", attempts=3, hints_shown=1),
            **answer("quad-members", ["Japan", "China"]),
            **answer("trade-balance-2022", "68"),
            **answer("g7-2023-city", "Osaka", revealed=True),
        },
        updated=EARLY,
    )
    make_export(subs / "dan.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    make_export(subs / "eve.json", answer("treaty-1951", "Washington, D.C."), updated=EARLY)
    make_export(subs / "fay.csv", answer("trade-balance-2022", "=1+1"), updated=EARLY)
    return subs


def test_students_and_questions_from_csv_and_json(class_folder, run, tmp_path) -> None:
    out = tmp_path / "book"
    result = run("gradebook", str(class_folder), "--out", str(out), "--bank", B)
    assert result.code == 0, result.err
    assert "6 student(s)" in result.out
    # ann and ben handed in the same reflection: pointed out, nothing else
    assert [line for line in result.err_lines if "same answers" not in line] == []
    students = by(table(out / "students.csv"), "student")
    assert set(students) == {"ann", "ben", "cat", "dan", "eve", "fay"}
    # the same answers in a CSV and in a JSON export give the same row
    for key in ("answered", "correct", "score", "hints_used", "reflection_words", "percent"):
        assert students["ann"][key] == students["ben"][key], key
    ann = students["ann"]
    # the reflection is handed in for the instructor, never scored by its length
    assert (ann["answered"], ann["correct"], float(ann["score"])) == ("4", "4", 4.0)
    assert ann["possible"] == str(sum(q.type != "reflection" for q in load_bank(B).questions))
    assert ann["reflection_words"] == "20" and ann["reflections_handed_in"] == "1"
    assert ann["hints_used"] == "1"
    cat = students["cat"]  # the same answer three times is one attempt
    assert cat["attempts"] == "4" and cat["revealed"] == "1" and cat["correct"] == "0"
    reflections = table(out / "reflections.csv")
    assert {r["student"] for r in reflections} == {"ann", "ben"}
    assert reflections[0]["words"] == "20" and reflections[0]["points"] == ""
    questions = by(table(out / "questions.csv"), "question")
    assert list(questions) == [q.id for q in load_bank(B).questions]  # bank order, all of them
    treaty = questions["treaty-1951"]
    assert treaty["students"] == "5" and float(treaty["difficulty"]) == pytest.approx(0.4)
    assert treaty["hints_used"] == "3" and treaty["students_with_hints"] == "3"
    assert questions["alliance-timeline"]["students"] == "0"
    assert float(questions["balance-and-alliance"]["mean_words"]) == 20


def test_distractor_analysis_counts_every_option(class_folder, tmp_path) -> None:
    book = build_gradebook([class_folder], banks=[B])
    d = book.distractors
    single = d[d["question"] == "treaty-1951"].set_index("response")["count"].to_dict()
    assert single == {"San Francisco": 2, "Tokyo": 2, "Washington, D.C.": 1}
    multi = d[d["question"] == "quad-members"].set_index("response")["count"].to_dict()
    assert multi["China"] == 1 and multi["South Korea"] == 0 and multi["Japan"] == 3
    numeric = d[d["question"] == "trade-balance-2022"].set_index("response")["count"].to_dict()
    assert numeric["68 USD bn"] == 1 and numeric["(right answer)"] == 2
    text = d[d["question"] == "g7-2023-city"].set_index("response")["count"].to_dict()
    assert text == {"(right answer)": 2, "osaka": 1}


def test_formula_guard_is_removed_on_reading_and_added_on_writing(class_folder, tmp_path) -> None:
    raw = (class_folder / "ann.csv").read_text(encoding="utf-8")
    assert ",-68," in raw  # a plain number is not a formula: the store writes it as it is
    export = read_export(class_folder / "ann.csv")
    numeric = next(r for r in export.records if r.question == "trade-balance-2022")
    assert numeric.response == "-68" and numeric.score == 1.0
    book = build_gradebook([class_folder], banks=[B])
    resp = book.responses.set_index(["student", "question"])
    assert resp.loc[("ann", "trade-balance-2022"), "response"] == "-68"
    assert resp.loc[("ann", "trade-balance-2022"), "graded"] == "regraded"
    assert resp.loc[("fay", "trade-balance-2022"), "response"] == "=1+1"
    from usjapan_edu.instructor.gradebook_report import write_gradebook

    write_gradebook(book, tmp_path / "book")
    written = (tmp_path / "book" / "responses.csv").read_text(encoding="utf-8")
    assert ",'=1+1," in written and ",'-68," in written and ",=1+1," not in written


def test_the_newest_export_of_a_student_wins(tmp_path, make_export, run) -> None:
    subs = tmp_path / "subs"
    make_export(subs / "ann.csv", answer("treaty-1951", "Tokyo"), updated=LATE)
    make_export(subs / "late" / "ann.csv", answer("treaty-1951", "San Francisco"), updated=EARLY)
    make_export(subs / "resubmit" / "ann.json", answer("treaty-1951", "Tokyo"), updated=EARLY)
    make_export(subs / "bob.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    (subs / "copy").mkdir()
    (subs / "copy" / "bob.csv").write_bytes((subs / "bob.csv").read_bytes())
    out = tmp_path / "book"
    assert run("gradebook", str(subs), "--out", str(out)).code == 0
    exports = table(out / "exports.csv")
    status = {(Path(e["file"]).relative_to(subs).as_posix()): e["status"] for e in exports}
    assert status == {
        "ann.csv": "used",  # its answers are the newest, whatever the folder says
        "late/ann.csv": "superseded",
        "resubmit/ann.json": "superseded",
        "bob.csv": "duplicate",
        "copy/bob.csv": "used",  # same bytes: one counts, the other is a duplicate
    } or status == {**status, "bob.csv": "used", "copy/bob.csv": "duplicate"}
    assert sorted(status.values()).count("used") == 2
    students = by(table(out / "students.csv"), "student")
    assert students["ann"]["score"] == "0.0"
    assert Path(students["ann"]["file"]) == subs / "ann.csv"


def test_identical_exports_of_two_students_are_flagged(tmp_path, make_export) -> None:
    path = make_export(tmp_path / "ann.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    (tmp_path / "bob.csv").write_bytes(path.read_bytes())
    book = build_gradebook([tmp_path / "ann.csv", tmp_path / "bob.csv"])
    notes = dict(zip(book.students["student"], book.students["note"], strict=True))
    assert notes == {
        "ann": "byte-identical to the export of bob",
        "bob": "byte-identical to the export of ann",
    }


BROKEN = {
    "short-row.csv": (
        "bank,bank_title,question,type,response,correct,score,attempts,hints_shown,revealed,"
        "feedback,updated\n"
        "sample-all-types,S,treaty-1951,single,Tokyo,False,0.0,1,0,False,,\n"
        "sample-all-types,S,quad-members,multiple\n",
        3,
        "4 cells where the header has 12",
    ),
    "bad-score.csv": (
        "bank,question,type,response,score,attempts,hints_shown,revealed\n"
        "sample-all-types,treaty-1951,single,Tokyo,lots,1,0,False\n",
        2,
        "score 'lots' is not a number",
    ),
    "score-above-one.csv": (
        "bank,question,type,response,score,attempts,hints_shown,revealed\n"
        "sample-all-types,treaty-1951,single,Tokyo,2,1,0,False\n",
        2,
        "score 2.0 is not between 0 and 1",
    ),
    "not-an-export.csv": ("name,grade\nann,A\n", 1, "not a usjapan-edu progress export"),
    "empty.csv": ("", 1, "the file is empty"),
    "broken.json": ('{\n  "schema": "usjapan-edu/progress",\n  "banks": {\n', 4, "not valid JSON"),
    "other.json": ('{\n  "schema": "something/else"\n}\n', 2, "not a usjapan-edu progress export"),
    "newer.json": (
        '{"schema": "usjapan-edu/progress",\n"schema_version": 99, "banks": {}}',
        2,
        "written by a newer usjapan-edu",
    ),
    "bad-attempts.json": (
        '{"schema": "usjapan-edu/progress", "schema_version": 1, "banks": {\n'
        ' "sample-all-types": {"questions": {\n'
        '  "treaty-1951": {"type": "single", "response": "Tokyo", "attempts": -1}}}}}',
        3,
        "question sample-all-types/treaty-1951: attempts -1 is not a whole number from 0 up",
    ),
}


def test_malformed_files_are_reported_one_line_each_and_skipped(tmp_path, make_export, run) -> None:
    subs = tmp_path / "subs"
    make_export(subs / "good.csv", answer("treaty-1951", "San Francisco"), updated=EARLY)
    for name, (text, _, _) in BROKEN.items():
        (subs / name).write_text(text, encoding="utf-8")
    (subs / "latin1.csv").write_bytes("bank,question\n\xe9t\xe9\n".encode("latin-1"))
    (subs / "binary.csv").write_bytes(b"PK\x03\x04\x00\x00garbage")
    out = tmp_path / "book"
    result = run("gradebook", str(subs), "--out", str(out))
    assert result.code == 0, result.err
    lines = result.err_lines
    assert len(lines) == len(BROKEN) + 2
    for name, (_, line, message) in BROKEN.items():
        expected = f"usjapan-edu: warning: {subs / name}:{line}: {message}"
        assert any(x.startswith(expected) and x.endswith("; skipped") for x in lines), name
    assert any(f"{subs / 'latin1.csv'}:2: not UTF-8 text" in x for x in lines)
    assert any(f"{subs / 'binary.csv'}:1: " in x for x in lines)
    assert [row["student"] for row in table(out / "students.csv")] == ["good"]
    skipped = [e for e in table(out / "exports.csv") if e["status"] == "skipped"]
    assert len(skipped) == len(BROKEN) + 2


def test_nothing_readable_is_an_error_and_writes_nothing(tmp_path, run) -> None:
    (tmp_path / "a.csv").write_text("name,grade\n")
    out = tmp_path / "book"
    result = run(
        "gradebook", str(tmp_path / "a.csv"), str(tmp_path / "missing.csv"), "--out", str(out)
    )
    assert result.code == 1
    assert result.err_lines[-1].startswith("usjapan-edu: error: no readable progress export")
    assert f"{tmp_path / 'missing.csv'}: no such file or folder" in result.err
    assert not out.exists()


def test_hand_edited_scores_count_for_nothing(tmp_path, make_export, run) -> None:
    path = make_export(tmp_path / "subs" / "ann.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    text = path.read_text(encoding="utf-8").replace(",False,0.0,", ",True,1.0,")
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "book"
    assert run("gradebook", str(path), "--out", str(out), "--bank", B).code == 0
    ann = table(out / "students.csv")[0]
    assert (ann["score"], ann["correct"], ann["rescored"]) == ("0.0", "0", "1")
    trusted = tmp_path / "trusted"
    assert run("gradebook", str(path), "--out", str(trusted), "--no-regrade", "--bank", B).code == 0
    row = table(trusted / "students.csv")[0]
    assert (row["score"], row["self_reported"]) == ("1.0", "1")  # labelled, never mixed in


def exercise(ex: str, ok: bool, bank: str = "exercises:zz") -> dict[tuple[str, str], Any]:
    """An exercise record as an older export has it: a verdict, no kept value."""
    fields = {"type": "exercise", "response": "42", "correct": ok, "score": float(ok)}
    return {(bank, ex): fields}


def checked(exercise_id: str, value: Any) -> dict[tuple[str, str], Any]:
    """The record ``exercises.check`` saves for ``value`` (with the kept value)."""
    from usjapan_edu import exercises
    from usjapan_edu.exercises.records import plain_value

    ex = exercises.get_exercise(exercise_id)
    result = exercises.check(exercise_id, value, store=None)
    fields = {"type": "exercise", "response": value, "value": plain_value(value)}
    fields |= {"correct": result.passed, "score": float(result.passed)}
    return {(ex.bank_id, ex.name): fields}


def test_exercises_are_checked_again_or_marked_self_reported(tmp_path, make_export) -> None:
    from usjapan_edu import datasets

    milex = datasets.load("military_expenditure")
    right = float(
        milex.loc[(milex.country == "Japan") & (milex.year == 2023), "share_of_gdp_pct"].item()
    )
    forged = checked("02.japan-share-2023", 5.0)
    forged[("exercises:02", "japan-share-2023")] |= {"correct": True, "score": 1.0}
    make_export(tmp_path / "ann.json", checked("02.japan-share-2023", right), updated=EARLY)
    make_export(tmp_path / "bob.json", forged, updated=EARLY)  # a wrong value claimed right
    make_export(  # an older export: no value kept, only the verdict
        tmp_path / "cat.json", exercise("japan-share-2023", True, "exercises:02"), updated=EARLY
    )
    make_export(tmp_path / "dan.json", exercise("no-such-exercise", True, "exercises:02"))
    book = build_gradebook([tmp_path], assignment=_assignment(tmp_path, "02-security"))
    rows = book.students.set_index("student")
    done = rows[["exercises_done", "exercises_self_reported"]].T.to_dict("list")
    assert done == {"ann": [1, 0], "bob": [0, 0], "cat": [0, 1], "dan": [0, 0]}
    assert rows.loc["ann", "exercises_total"] == 5  # the file 02-security has five
    assert (rows["possible"] == len(
        [q for q in load_bank("02-security").questions if q.type != "reflection"]
    )).all()  # fmt: skip
    graded = book.responses.set_index("student")["graded"].to_dict()
    assert graded == {
        "ann": "regraded", "bob": "regraded", "cat": "self-reported", "dan": "unknown",
    }  # fmt: skip
    assert any("dan: 1 answer(s) to questions or banks" in p for p in book.problems)
    from usjapan_edu.instructor.gradebook_report import report_html

    page = report_html(book)
    assert "1 result(s) could not be graded again and are marked" in page
    assert "exercises done (self-reported)" in page  # a column of its own, never mixed in


def _assignment(folder: Path, *items: str) -> Path:
    path = folder.parent / f"assignment-{folder.name}.txt"
    path.write_text("# what I assigned\n" + "\n".join(items) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("layout", "option", "student"),
    [
        ("alice/usjapan-edu-progress.csv", ["--student", "folder"], "alice"),
        (
            "smithjane_LATE_1234_5678_usjapan-edu-progress.csv",
            ["--student", "canvas"],
            "smithjane_1234",
        ),
        (
            "Jane Smith_1234_assignsubmission_file_/usjapan-edu-progress.csv",
            ["--student", "moodle"],
            "Jane Smith_1234",
        ),
        ("week1-s1234567.csv", ["--student-pattern", r"s(?P<student>\d{7})"], "1234567"),
    ],
)
def test_who_is_who(tmp_path, make_export, run, layout, option, student) -> None:
    make_export(tmp_path / "subs" / layout, answer("treaty-1951", "Tokyo"), updated=EARLY)
    out = tmp_path / "book"
    result = run("gradebook", str(tmp_path / "subs"), "--out", str(out), *option)
    assert result.code == 0, result.err
    assert [r["student"] for r in table(out / "students.csv")] == [student]


def test_a_file_that_names_no_student_is_skipped(tmp_path, make_export, run) -> None:
    make_export(tmp_path / "x.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    make_export(tmp_path / "s1234567.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    result = run("gradebook", str(tmp_path), "--out", str(tmp_path / "book"),
                 "--student-pattern", r"s(\d{7})")  # fmt: skip
    assert result.code == 0
    assert result.err_lines == [
        f"usjapan-edu: warning: {tmp_path / 'x.csv'}:1: the file name names no student "
        "(--student); skipped"
    ]


def test_a_layout_that_would_merge_students_fails_with_the_fix(tmp_path, make_export, run) -> None:
    for who in ("ann", "bob", "cat"):
        make_export(tmp_path / who / "answers.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    from usjapan_edu.instructor.gradebook import LayoutError

    with pytest.raises(LayoutError, match="--student folder"):
        build_gradebook([tmp_path])
    result = run("gradebook", str(tmp_path), "--out", str(tmp_path / "book"))
    assert result.code == 1 and "would all count as one student 'answers'" in result.err
    assert not (tmp_path / "book").exists()
    assert build_gradebook([tmp_path], student_from="folder").n_students == 3


def test_globs_and_folders(tmp_path, make_export, run) -> None:
    make_export(tmp_path / "a" / "ann.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    make_export(tmp_path / "b" / "bob.json", answer("treaty-1951", "Tokyo"), updated=EARLY)
    make_export(
        tmp_path / "b" / ".hidden" / "zed.csv", answer("treaty-1951", "Tokyo"), updated=EARLY
    )
    (tmp_path / "b" / "notes.txt").write_text("not an export")
    book = build_gradebook([str(tmp_path / "a" / "*.csv"), tmp_path / "b"])
    assert sorted(book.students["student"]) == ["ann", "bob"]
    nothing = build_gradebook([str(tmp_path / "*.xlsx")])
    assert nothing.problems == [f"{tmp_path / '*.xlsx'}: no file matches this pattern"]


def test_output_files_are_not_overwritten_without_force(class_folder, tmp_path, run) -> None:
    out = tmp_path / "book"
    out.mkdir()
    (out / "students.csv").write_text("my edits")
    result = run("gradebook", str(class_folder), "--out", str(out), "--format", "csv")
    assert result.code == 1 and "students.csv already exists; add --force" in result.err
    assert sorted(p.name for p in out.iterdir()) == ["students.csv"]  # nothing half-written
    assert run("gradebook", str(class_folder), "--out", str(out), "--force").code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["students.csv", "questions.csv", "distractors.csv", "responses.csv", "exports.csv",
         "reflections.csv", "grades.csv", "report.html"]
    )  # fmt: skip
    html_only = run(
        "gradebook", str(class_folder), "--out", str(tmp_path / "h"), "--format", "html"
    )
    assert html_only.code == 0 and [p.name for p in (tmp_path / "h").iterdir()] == ["report.html"]
    bad = run("gradebook", str(class_folder), "--format", "pdf")
    assert bad.code == 2 and "unknown format 'pdf'" in bad.err


def test_html_report_is_self_contained_accessible_and_escaped(tmp_path, make_export, run) -> None:
    subs = tmp_path / "subs"
    make_export(
        subs / "<b>mallory</b>.csv",
        answer("g7-2023-city", "<script>alert(1)</script>"),
        updated=EARLY,
    )
    make_export(subs / "ann.csv", answer("g7-2023-city", "Hiroshima"), updated=EARLY)
    out = tmp_path / "book"
    assert run("gradebook", str(subs), "--out", str(out)).code == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "<b>mallory" not in page and "&lt;b&gt;mallory&lt;/b&gt;" in page
    assert " src=" not in page and "<link" not in page and "@import" not in page
    assert page.count("<table") == page.count("<caption>") + page.count("<caption ")
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert 'role="img"' in page and "<title id=" in page  # the chart has a text alternative


def test_discrimination_separates_strong_from_weak_students(tmp_path, make_export) -> None:
    # five students; the stronger ones (more right answers elsewhere) get treaty-1951 right
    for i in range(6):
        answers = {**answer("treaty-1951", "San Francisco" if i >= 3 else "Tokyo")}
        if i >= 2:
            answers |= answer("treaty-1960-replaced", True)
        if i >= 4:
            answers |= answer("g7-2023-city", "Hiroshima")
        make_export(tmp_path / f"s{i}.csv", answers, updated=EARLY)
    q = build_gradebook([tmp_path], banks=[B]).questions.set_index("question")
    assert q.loc["treaty-1951", "difficulty"] == 0.5
    assert q.loc["treaty-1951", "discrimination"] > 0.5
    assert os.path.exists(tmp_path / "s0.csv") and json.dumps(q["discrimination"].tolist())


def test_an_export_without_answers_still_counts_the_student(tmp_path, make_export) -> None:
    make_export(tmp_path / "ann.csv", answer("treaty-1951", "San Francisco"), updated=EARLY)
    make_export(tmp_path / "new.csv", {})  # exported before answering anything
    rows = build_gradebook([tmp_path], banks=[B]).students.set_index("student")
    assert rows.loc["new", "score"] == 0 and rows.loc["new", "answered"] == 0
    assert rows.loc["new", "possible"] == rows.loc["ann", "possible"]


def test_named_banks_count_as_assigned(tmp_path, make_export, write_yaml, run) -> None:
    extra = write_yaml(
        """
        id: week-3
        title: Week 3
        questions:
          - {id: q1, type: text, prompt: Which prefecture?, accept: [Okinawa]}
          - {id: q2, type: text, prompt: Which city?, accept: [Naha]}
        """,
        "week-3.yaml",
    )
    make_export(
        tmp_path / "subs" / "ann.csv", answer("treaty-1951", "San Francisco"), updated=EARLY
    )
    out = tmp_path / "book"
    assert (
        run("gradebook", str(tmp_path / "subs"), "--out", str(out), "--bank", str(extra)).code == 0
    )
    ann = table(out / "students.csv")[0]
    assert ann["possible"] == "2"  # only what was assigned: week 3
    assert ann["score week-3"] == "0.0" and f"score {B}" not in ann
    assert ann["not_counted"] == "1"  # the answer to an unassigned bank is listed, not counted


def test_both_languages_are_graded_against_the_same_answers(
    tmp_path, make_export, write_yaml, run
) -> None:
    bank = write_yaml(
        """
        id: joint-class
        languages: [en, ja]
        title: Joint class
        title_ja: 合同授業
        questions:
          - id: city
            type: single
            prompt: Where did the G7 meet in May 2023?
            prompt_ja: 2023年5月のG7サミットの開催地は？
            options:
              - {text: Hiroshima, text_ja: 広島, correct: true}
              - {text: Tokyo, text_ja: 東京}
          - id: name
            type: text
            prompt: Type the city.
            prompt_ja: 都市名を入力してください。
            accept: [Hiroshima]
            accept_ja: [広島]
        """,
        "joint-class.yaml",
    )
    subs = tmp_path / "subs"

    def said(qid: str, response: Any, lang: str) -> dict[tuple[str, str], Any]:
        grade = load_bank(bank, lang=lang)[qid].grade(response)
        fields = {"type": load_bank(bank)[qid].type, "response": response, "language": lang}
        return {("joint-class", qid): fields | {"correct": grade.correct, "score": grade.score}}

    make_export(subs / "aiko.csv", {**said("city", "広島", "ja"), **said("name", "広島", "ja")})
    make_export(subs / "bob.json", {**said("city", "Hiroshima", "en"), **said("name", "x", "en")})
    # a row claiming the other language changes nothing: the answer itself is graded
    make_export(subs / "cho.csv", {**said("city", "東京", "en"), **said("name", "広島", "en")})
    out = tmp_path / "book"
    result = run("gradebook", str(subs), "--out", str(out), "--bank", str(bank))
    assert result.code == 0, result.err
    students = by(table(out / "students.csv"), "student")
    assert {s: (row["score"], row["language"]) for s, row in students.items()} == {
        "aiko": ("2.0", "ja"),
        "bob": ("1.0", "en"),
        "cho": ("1.0", "en"),
    }
    rows = [r for r in table(out / "responses.csv") if r["student"] == "aiko"]
    assert {r["language"] for r in rows} == {"ja"} and {r["graded"] for r in rows} == {"regraded"}
