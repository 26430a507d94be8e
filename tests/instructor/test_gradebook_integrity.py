"""The gradebook trusts nothing an export claims, and one bad file never stops a class's run."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from usjapan_edu.instructor.gradebook import build_gradebook, find_exports, read_export
from usjapan_edu.quiz import load_bank

B = "sample-all-types"
EARLY = "2025-03-01T10:00:00+00:00"


def answer(qid: str, response, **extra):
    q = load_bank(B)[qid]
    grade = q.grade(response)
    fields = {"type": q.type, "response": response, "correct": grade.correct}
    return {(B, qid): fields | {"score": grade.score, **extra}}


def percents(folder: Path) -> dict[str, float]:
    book = build_gradebook([folder], banks=[B])
    return dict(zip(book.students["student"], book.students["percent"], strict=True))


def test_forged_exports_change_nobodys_score(tmp_path, make_export) -> None:
    subs = tmp_path / "subs"
    honest = answer("treaty-1951", "San Francisco")
    make_export(subs / "ann.csv", honest, updated=EARLY)
    make_export(subs / "mal.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    before = percents(subs)
    # 1. the type cell edited: a wrong answer claimed right under another type
    text = (subs / "mal.csv").read_text(encoding="utf-8")
    text = text.replace(",single,Tokyo,False,0.0,", ",reflection,Tokyo,True,1.0,")
    assert ",reflection,Tokyo,True,1.0," in text
    (subs / "mal.csv").write_text(text, encoding="utf-8")
    assert percents(subs) == before
    # 2. invented questions and 3. an invented bank, all claimed right
    data = {"schema": "usjapan-edu/progress", "schema_version": 1, "banks": {
        B: {"questions": {f"made-up-{i}": {"type": "single", "response": "x", "correct": True,
                                           "score": 1.0, "attempts": 1} for i in range(30)}},
        "my-own-bank": {"questions": {"q": {"type": "text", "response": "x", "correct": True,
                                            "score": 1.0, "attempts": 1}}},
    }}  # fmt: skip
    (subs / "eve.json").write_text(json.dumps(data), encoding="utf-8")
    book = build_gradebook([subs], banks=[B])
    rows = book.students.set_index("student")
    assert rows.loc["eve", "score"] == 0 and rows.loc["eve", "percent"] == 0
    assert {s: rows.loc[s, "percent"] for s in before} == before  # the honest classmate too
    assert (rows["possible"] == rows.loc["ann", "possible"]).all()
    assert any(p.startswith("eve: 31 answer(s) to questions or banks") for p in book.problems)
    # an unassigned bank a student opened changes nobody's possible either
    make_export(subs / "zed.csv", {("00-start-here", "q"): {"type": "text", "response": "a"}})
    assert percents(subs)["ann"] == before["ann"]


def test_a_retyped_row_whose_response_fits_is_graded_as_the_question(tmp_path, make_export):
    path = make_export(tmp_path / "ann.csv", answer("g7-2023-city", "Hiroshima"), updated=EARLY)
    text = path.read_text(encoding="utf-8").replace(",text,Hiroshima,", ",single,Hiroshima,")
    path.write_text(text, encoding="utf-8")
    book = build_gradebook([path], banks=[B])
    graded = book.responses.set_index("question")["graded"]
    assert graded["g7-2023-city"] == "retyped" and book.students.iloc[0]["score"] == 1.0
    assert any("('single', the question is 'text'" in p for p in book.problems)


def test_a_memo_of_any_length_is_never_scored_correct(tmp_path, make_export) -> None:
    from usjapan_edu.capstone import MEMO_BANK, MEMO_QUESTION

    memo = {(MEMO_BANK, MEMO_QUESTION): {"type": "reflection", "response": "word " * 150,
                                         "correct": None, "score": 1.0}}  # fmt: skip
    make_export(tmp_path / "ann.json", memo, updated=EARLY)
    book = build_gradebook([tmp_path], banks=[MEMO_BANK])
    row = book.students.iloc[0]
    assert (row["score"], row["possible"], row["reflections_handed_in"]) == (0, 0, 1)
    handed = book.reflections.iloc[0]
    assert handed["words"] == 150 and "Evidence (6 points)" in handed["rubric"]


def test_huge_numbers_and_lone_surrogates_skip_one_file_not_the_run(tmp_path, make_export):
    make_export(tmp_path / "ann.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    head = '{"schema": "usjapan-edu/progress", "schema_version": 1, "banks": '
    head += '{"' + B + '": {"questions":'
    (tmp_path / "big.json").write_text(
        head
        + ' {"treaty-1951": {"type": "single", "response": "Tokyo", "attempts": '
        + "9" * 400
        + "}}}}}",
        encoding="utf-8",
    )
    (tmp_path / "sur.json").write_text(
        head + ' {"treaty-1951": {"type": "single", "response": "zz\\ud800", "attempts": 1}}}}}',
        encoding="utf-8",
    )
    (tmp_path / "surid.json").write_text(
        head + ' {"zz\\ud800\\u001b[2J": {"type": "single", "response": "a", "attempts": 1}}}}}',
        encoding="utf-8",
    )
    book = build_gradebook([tmp_path], banks=[B])
    assert list(book.students["student"]) == ["ann"]
    assert any("big.json:1: question" in p and "is not a whole number" in p for p in book.problems)
    assert any("sur.json:1:" in p and "not valid Unicode" in p for p in book.problems)
    assert any("surid.json:1:" in p and "not valid Unicode" in p for p in book.problems)
    from usjapan_edu.instructor.gradebook_report import write_gradebook

    write_gradebook(book, tmp_path / "out")  # writing UTF-8 never fails


def test_a_latin1_file_name_is_read_as_its_student(tmp_path, make_export, run) -> None:
    src = make_export(tmp_path / "x.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    subs = tmp_path / "subs"
    subs.mkdir()
    os.rename(src, os.path.join(os.fsencode(subs), b"J\xfcrgen.csv"))
    out = tmp_path / "book"
    result = run("gradebook", str(subs), "--out", str(out), "--bank", B)
    assert result.code == 0, result.err
    assert "Jürgen" in (out / "students.csv").read_text(encoding="utf-8")


def test_control_characters_never_reach_the_terminal(tmp_path, make_export, run) -> None:
    (tmp_path / "evil\x1b]0;pwned\x07.csv").write_text("name,grade\n", encoding="utf-8")
    make_export(tmp_path / "ann.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    result = run("gradebook", str(tmp_path), "--out", str(tmp_path / "book"), "--bank", B)
    assert result.code == 0
    assert "\x1b" not in result.err and "\x07" not in result.err
    assert "evil\\x1b]0;pwned\\x07.csv" in result.err


def test_future_stamps_do_not_decide_and_are_reported(tmp_path, make_export) -> None:
    make_export(tmp_path / "ann.csv", answer("treaty-1951", "San Francisco"), updated=EARLY)
    make_export(
        tmp_path / "late" / "ann.csv", answer("treaty-1951", "Tokyo"),
        updated="2099-01-01T00:00:00+00:00",
    )  # fmt: skip
    os.utime(tmp_path / "ann.csv", (time.time() + 10, time.time() + 10))
    book = build_gradebook([tmp_path], banks=[B])
    assert book.students.iloc[0]["score"] == 1.0  # the planted "future" file does not win
    assert any("dated in the future (2099" in n for n in book.notes)
    assert any("ann: exports in 2 folders" in n for n in book.notes)


def test_many_identical_exports_keep_the_report_small(tmp_path, make_export) -> None:
    first = make_export(tmp_path / "s0.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    for i in range(1, 300):
        (tmp_path / f"s{i}.csv").write_bytes(first.read_bytes())
    book = build_gradebook([tmp_path], banks=[B])
    assert all(len(note) < 200 for note in book.students["note"])
    assert book.students["note"].iloc[0].endswith("and 294 others")


def test_globs_and_folders_do_not_follow_linked_folders(tmp_path, make_export) -> None:
    make_export(tmp_path / "subs" / "a" / "ann.csv", answer("treaty-1951", "Tokyo"))
    (tmp_path / "subs" / "a" / "loop").symlink_to(tmp_path / "subs", target_is_directory=True)
    for arg in (tmp_path / "subs", str(tmp_path / "subs" / "**" / "*.csv")):
        files, _ = find_exports([arg])
        assert files == [tmp_path / "subs" / "a" / "ann.csv"], arg


def test_nbgrader_layout_gives_one_student_per_folder(tmp_path, make_export, run) -> None:
    course = tmp_path / "course"
    for who in ("alice", "bob", "carol"):
        make_export(
            course / "submitted" / who / "week1" / "answers.csv", answer("treaty-1951", "Tokyo")
        )
    assert build_gradebook([course], student_from="nbgrader", banks=[B]).n_students == 3
    wrong = run("gradebook", str(course), "--student", "folder", "--out", str(tmp_path / "b"))
    assert wrong.code == 1 and "--student nbgrader" in wrong.err


def test_an_error_names_the_target_not_the_temporary_file(
    tmp_path, make_export, run, monkeypatch
) -> None:
    import tempfile

    from usjapan_edu.instructor import _files

    make_export(tmp_path / "subs" / "ann.csv", answer("treaty-1951", "Tokyo"))
    out = tmp_path / "book"

    def refuse(prefix: str = "", suffix: str = "", dir: str | None = None) -> None:
        name = os.path.join(str(dir), f"{prefix}k2j4h1x_{suffix}")
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(_files.tempfile, "mkstemp", refuse)
    result = run("gradebook", str(tmp_path / "subs"), "--out", str(out), "--bank", B)
    monkeypatch.setattr(_files.tempfile, "mkstemp", tempfile.mkstemp)
    assert result.code == 1 and ".tmp" not in result.err
    assert f"Permission denied ({out / 'students.csv'})" in result.err


def test_lms_grades_one_row_per_student(tmp_path, make_export) -> None:
    make_export(
        tmp_path / "smithjane_1234_5678_answers.csv", answer("treaty-1951", "San Francisco")
    )
    book = build_gradebook([tmp_path], student_from="canvas", banks=[B])
    grades = book.grades
    assert list(grades.columns[:5]) == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert grades.iloc[0]["ID"] == "1234" and grades.iloc[0][f"{load_bank(B).title} ({B})"] == 1.0


def test_one_export_cannot_hold_more_answers_than_a_course(tmp_path) -> None:
    rows = "".join(f"{B},S,q{i},text,x,False,0,1,0,False,,\n" for i in range(6000))
    path = tmp_path / "big.csv"
    path.write_text(
        "bank,bank_title,question,type,response,correct,score,attempts,hints_shown,revealed,"
        "feedback,updated\n" + rows,
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="more than 5,000 answers"):
        read_export(path)


def test_invented_questions_never_grow_the_per_question_work(tmp_path, make_export) -> None:
    """Issue 19.1: 4,900 invented questions in one export are listed, never analysed."""
    make_export(tmp_path / "ann.csv", answer("treaty-1951", "Tokyo"), updated=EARLY)
    forged = {
        f"made-up-{i}": {"type": "single", "response": "x", "correct": True, "attempts": 1}
        for i in range(4900)
    }
    data = {"schema": "usjapan-edu/progress", "schema_version": 1,
            "banks": {B: {"questions": forged}}}  # fmt: skip
    (tmp_path / "eve.json").write_text(json.dumps(data), encoding="utf-8")
    book = build_gradebook([tmp_path], banks=[B])
    assert len(book.questions) == len(load_bank(B).questions)  # the instructor's, no more
    assert set(book.distractors["question"]) <= {q.id for q in load_bank(B).questions}
    assert (book.responses["graded"] == "unknown").sum() == 4900
    assert sum("eve: 4,900 answer(s)" in p for p in book.problems) == 1  # one line, not 4,900


def test_possible_comes_from_the_notebooks_handed_out(tmp_path, make_export, run) -> None:
    from usjapan_edu import _resources

    notebook = _resources.notebooks_dir() / "02-security.ipynb"
    make_export(tmp_path / "subs" / "ann.csv", answer("treaty-1951", "Tokyo"))  # not assigned
    out = tmp_path / "book"
    result = run("gradebook", str(tmp_path / "subs"), "--notebooks", str(notebook),
                 "--out", str(out))  # fmt: skip
    assert result.code == 0, result.err
    quiz = load_bank("02-security")
    row = build_gradebook([tmp_path / "subs"], notebooks=[notebook]).students.iloc[0]
    assert row["possible"] == sum(q.type != "reflection" for q in quiz.questions)
    assert row["exercises_total"] == 5 and row["not_counted"] == 1
    assert f"possible = {row['possible']} assigned quiz question(s)" in result.out


def test_an_assignment_file_names_banks_by_slug_even_when_the_id_differs(
    tmp_path, make_export, write_yaml, monkeypatch
) -> None:
    folder = tmp_path / "banks"
    write_yaml(
        """
        id: ir101-week-3
        title: Week 3
        questions:
          - {id: q1, type: text, prompt: Which prefecture?, accept: [Okinawa]}
        """,
        "week-3.yaml",
        folder,
    )
    monkeypatch.setenv("USJAPAN_EDU_BANKS", str(folder))
    fields = {"type": "text", "response": "okinawa"}
    make_export(tmp_path / "subs" / "ann.csv", {("ir101-week-3", "q1"): fields})
    plan = tmp_path / "assignment.txt"
    plan.write_text("week-3   # the slug, as students call quiz.show('week-3')\n")
    row = build_gradebook([tmp_path / "subs"], assignment=plan).students.iloc[0]
    assert (row["score"], row["possible"], row["score ir101-week-3"]) == (1.0, 1, 1.0)


def test_a_hub_layout_gives_one_student_per_home(tmp_path, make_export) -> None:
    for who in ("alice", "bob"):
        make_export(tmp_path / "home" / who / "usjapan-edu" / "answers.csv",
                    answer("treaty-1951", "Tokyo"))  # fmt: skip
    book = build_gradebook([tmp_path / "home"], student_from="hub", banks=[B])
    assert sorted(book.students["student"]) == ["alice", "bob"]


def test_a_long_run_says_how_far_it_has_read(tmp_path, make_export, run) -> None:
    first = make_export(tmp_path / "subs" / "s0.csv", answer("treaty-1951", "Tokyo"))
    for i in range(1, 250):
        (tmp_path / "subs" / f"s{i}.csv").write_bytes(first.read_bytes())
    result = run("gradebook", str(tmp_path / "subs"), "--out", str(tmp_path / "b"), "--bank", B)
    assert result.code == 0
    lines = [line for line in result.err_lines if "reading exports" in line]
    assert lines == [
        "usjapan-edu: reading exports: 100 of 250",
        "usjapan-edu: reading exports: 200 of 250",
        "usjapan-edu: reading exports: 250 of 250",
    ]


def test_hub_homes_read_by_folder_would_merge_and_fail(tmp_path, make_export) -> None:
    from usjapan_edu.instructor.gradebook import LayoutError

    for who in ("alice", "bob"):
        make_export(tmp_path / "home" / who / "usjapan-edu" / "answers.csv",
                    answer("treaty-1951", "Tokyo"))  # fmt: skip
    with pytest.raises(LayoutError, match="--student hub"):
        build_gradebook([tmp_path / "home"], student_from="folder")


def test_exports_naming_two_students_are_never_merged(tmp_path, make_export) -> None:
    """One student's exports may differ in what they carry; two students' may not merge."""
    from usjapan_edu.instructor.gradebook import LayoutError

    def export_as(path: Path, name: str, sid: str) -> None:
        store_file = make_export(path, answer("treaty-1951", "Tokyo"), "json")
        data = json.loads(store_file.read_text(encoding="utf-8"))
        data["student"] = {"name": name, "id": sid}
        store_file.write_text(json.dumps(data), encoding="utf-8")

    export_as(tmp_path / "a" / "ann.json", "Ann Lee", "")
    export_as(tmp_path / "a" / "late" / "ann.json", "Ann Lee", "s1")  # the id added later: fine
    assert build_gradebook([tmp_path / "a"], banks=[B]).n_students == 1
    export_as(tmp_path / "b" / "ann.json", "Ann Lee", "s1")
    export_as(tmp_path / "b" / "x" / "ann.json", "Bo Kim", "s2")
    with pytest.raises(LayoutError, match="name 2 different students inside"):
        build_gradebook([tmp_path / "b"], banks=[B])
