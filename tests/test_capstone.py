"""The capstone (issue 12): a student's verdict is recorded before the course's is shown.

The course's verdicts (``op_ed_claims.verdict``) must not be answerable by copying: the claims
table hides them, every verdict of the vocabulary passes its check, ``capstone.reveal`` shows
the course's verdict only for claims whose verdict the progress file holds, and the verdict
exercises' solutions never carry a claim's verdict. The memo's rubric is one list, shown in the
notebook and in the instructor guide.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from usjapan_edu import capstone, datasets, exercises, quiz
from usjapan_edu.quiz.store import ProgressStore

REPO = Path(__file__).resolve().parents[1]
CLAIMS = datasets.load("op_ed_claims")
IDS = list(CLAIMS["claim_id"])


@pytest.fixture
def store(tmp_path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.json")


def record(claim_id: str, verdict: str, store: ProgressStore):
    return exercises.check(capstone.exercise_id(claim_id), verdict, store=store)


def test_the_claims_table_hides_the_course_judgement():
    table = capstone.claims()
    assert list(table["claim_id"]) == IDS
    assert not set(capstone.HIDDEN_COLUMNS) & set(table.columns)
    shown = " ".join(table.astype(str).to_numpy().ravel())
    for explanation in CLAIMS["explanation"]:
        assert explanation not in shown


def test_the_vocabulary_is_the_codebook_and_every_word_passes_every_verdict_check():
    assert capstone.verdicts() == (
        "supported",
        "partly supported",
        "depends on measure or grouping",
        "not supported",
        "not testable with course data",
        "opinion",
    )
    assert set(capstone.verdicts()) >= set(CLAIMS["verdict"].astype(str))
    for claim_id in IDS:
        ex = exercises.get_exercise(capstone.exercise_id(claim_id))
        assert ex.type == "text" and ex.variable == f"verdict_{claim_id.lower()}"
        assert set(ex.accept) == set(capstone.verdicts()), claim_id
        for word in capstone.verdicts():
            assert exercises.check(ex.id, word.upper() + ".", store=None).passed
        wrong = exercises.check(ex.id, "true", store=None)
        assert not wrong.passed and "one of the six" in wrong.message


def test_one_verdict_exercise_per_claim_and_no_other_kind_in_the_file_besides_evidence():
    ids = exercises.list_exercises("06-capstone")
    verdict_ids = [i for i in ids if ".verdict-" in i]
    assert verdict_ids == [capstone.exercise_id(c) for c in IDS]
    evidence = [exercises.get_exercise(i) for i in ids if i not in verdict_ids]
    assert len(evidence) >= 2 and all(e.expected is not None for e in evidence)


def test_verdict_solutions_show_the_form_never_a_claims_verdict():
    solutions = {
        c: exercises.get_exercise(capstone.exercise_id(c)).solution.replace(c.lower(), "NN")
        for c in IDS
    }
    assert len(set(solutions.values())) == 1, "the same example for every claim"
    # the committed notebook's verdict cells hold that same example, never the course's verdict
    import nbformat

    nb = nbformat.read(REPO / "notebooks" / "06-capstone.ipynb", as_version=4)
    regions = {
        m.group(1): m.group(2)
        for c in nb.cells
        if c.cell_type == "code"
        for m in re.finditer(r'^verdict_(c\d\d) = "([^"]*)"', c.source, re.M)
    }
    assert sorted(regions) == [c.lower() for c in IDS]
    assert len(set(regions.values())) == 1


def test_the_notebook_never_shows_the_verdict_column_before_a_reveal():
    import nbformat

    nb = nbformat.read(REPO / "notebooks" / "06-capstone.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert 'datasets.load("op_ed_claims")' not in code, "use capstone.claims()"
    assert '"verdict"' not in code and "explanation" not in code


def test_reveal_keeps_the_course_verdict_hidden_until_the_students_is_recorded(store):
    hidden = capstone.reveal("C04", store=store)
    assert hidden.hidden == ["C04"] and hidden.revealed == []
    course = CLAIMS.set_index("claim_id").loc["C04"]
    for shown in (repr(hidden), hidden._repr_html_()):
        assert str(course["verdict"]) not in shown and str(course["explanation"]) not in shown
        assert "06.verdict-c04" in shown
    assert record("C04", "supported", store).passed
    shown = capstone.reveal("C04", "C05", store=store)
    assert shown.revealed == ["C04"] and shown.hidden == ["C05"]
    assert str(course["verdict"]) in repr(shown)
    assert str(CLAIMS.set_index("claim_id").loc["C05", "verdict"]) not in repr(shown)


def test_a_wrong_word_records_nothing_and_the_last_verdict_counts(store):
    assert not record("C06", "maybe", store).passed
    assert capstone.my_verdicts(store=store) == {}
    record("C06", "opinion", store)
    record("C06", "Partly supported", store)
    assert capstone.my_verdicts(store=store) == {"C06": "partly supported"}
    record("C06", "maybe", store)  # a failed check replaces the saved answer: no verdict now
    assert capstone.my_verdicts(store=store) == {}


def test_compare_shows_course_verdicts_only_where_the_student_recorded_one(store):
    record("C02", "supported", store)
    record("C03", "not supported", store)
    table = capstone.compare(store=store).set_index("claim_id")
    course = CLAIMS.set_index("claim_id")["verdict"].astype(str)
    assert table.loc["C02", "course_verdict"] == course["C02"]
    assert bool(table.loc["C02", "same"]) == (course["C02"] == "supported")
    assert (table.drop(index=["C02", "C03"])["course_verdict"] == "hidden").all()
    assert table["same"].isna().sum() == len(IDS) - 2


def test_reveal_by_domain_and_refusals():
    security = capstone.reveal(domain="security", store=None)
    assert security.hidden == list(CLAIMS.loc[CLAIMS["domain"] == "security", "claim_id"])
    with pytest.raises(ValueError, match="no claim 'C99'"):
        capstone.reveal("C99", store=None)
    with pytest.raises(ValueError, match="no domain 'economy'; choose one of"):
        capstone.reveal(domain="economy", store=None)


def test_reveal_escapes_text_and_survives_an_unreadable_progress_file(tmp_path):
    broken = tmp_path / "progress.json"
    broken.mkdir()  # a folder where the file should be
    shown = capstone.reveal("C01", store=ProgressStore(broken))
    assert shown.hidden == ["C01"] and "could not be read" in repr(shown)
    assert "<script" not in capstone.reveal(store=None)._repr_html_()


def test_memo_status_counts_words_and_looks_for_the_rubric(store):
    assert capstone.memo_status(store=store).words is None
    assert "No memo saved yet" in repr(capstone.memo_status(store=store))
    memo = (
        "Claim C04 says Japan is the fourth-largest U.S. trading partner. In trade_partners, "
        "2022, it ranks 4 country by country; however, with the EU as one partner it ranks 5. "
        "My verdict: depends on measure or grouping. Washington should publish both rankings. "
    ) * 4
    widget = quiz.quiz_widget(capstone.MEMO_BANK, store=store)
    assert widget.check(capstone.MEMO_QUESTION, memo).status == "saved"
    status = capstone.memo_status(store=store)
    assert status.words == len(memo.split())
    assert all(status.found.values()), status.found
    assert f"{status.words} words" in status._repr_html_()
    assert "not a grade" in repr(status)
    terse = capstone.MemoStatus(200, {"Claim": True})
    assert "✗ not found" in repr(terse) and "shorter than the target" in repr(terse)


def test_the_memo_bank_is_one_reflection_with_a_floor_below_the_target():
    bank = quiz.load_bank(capstone.MEMO_BANK)
    (question,) = bank.questions
    assert question.id == capstone.MEMO_QUESTION and question.type == "reflection"
    assert 0 < question.min_words < capstone.MEMO_WORDS[0]


def test_the_instructor_guide_shows_the_same_rubric():
    guide = (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    for part, text, points in capstone.RUBRIC:
        assert f"| {part} | {text} | {points} |" in guide, f"rubric row {part!r} differs"
    total = sum(points for _, _, points in capstone.RUBRIC)
    assert f"rubric ({total} points" in guide
    assert capstone.rubric()["points"].sum() == total
    assert "draft" not in guide.split("### 06-capstone", 1)[1].split("\n## ", 1)[0].lower()


@pytest.mark.parametrize(
    ("exercise_id", "agreement", "statuses"),
    [
        ("05.cptpp-gdp-share-2023", "CPTPP", ["founding_member", "member"]),
        ("05.ipef-population-share-2023", "IPEF", ["founding_member", "member"]),
        ("06.tpp-gdp-share-2023", "TPP", ["signatory", "withdrawn"]),
    ],
)
def test_share_exercises_list_the_members_of_the_membership_table(exercise_id, agreement, statuses):
    """The filter language cannot join two tables, so the files list iso3 codes: keep them true."""
    membership = datasets.load("agreement_membership")
    members = membership[
        (membership["agreement"] == agreement) & membership["status"].astype(str).isin(statuses)
    ]
    rule = exercises.get_exercise(exercise_id).expected
    listed = next(c for c in rule.where.conditions if c.column == "iso3")
    assert sorted(map(str, listed.value)) == sorted(members["iso3"].astype(str))


def test_doctest_example_of_the_module_holds():
    assert capstone.reveal("C04", store=None).hidden == ["C04"]
    assert isinstance(capstone.claims(), pd.DataFrame)


def _exported_row(store: ProgressStore, tmp_path, question: str) -> dict[str, str]:
    import csv

    out = store.export(tmp_path / "answers.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["bank"] == "exercises:06"]
    return next(r for r in rows if r["question"] == question)


def test_the_verdict_recorded_before_the_reveal_is_the_one_handed_in(store, tmp_path):
    record("C04", "opinion", store)
    record("C04", "supported", store)  # changing one's mind before the reveal is fine
    assert capstone.my_verdicts(store=store) == {"C04": "supported"}
    capstone.reveal("C04", store=store)
    saved = store.get("exercises:06", "verdict-c04")
    assert saved[capstone.BEFORE_REVEAL] == "supported"
    assert saved["revealed"] is False  # not a solution looked up: the capstone's normal path
    first_shown = saved[capstone.REVEALED_AT]
    assert first_shown
    # after the reveal the student checks another verdict, and a misspelt one
    assert record("C04", "depends on measure or grouping", store).passed
    record("C04", "maybe", store)
    record("C04", "not supported", store)
    assert capstone.my_verdicts(store=store) == {"C04": "supported"}
    table = capstone.compare(store=store).set_index("claim_id")
    assert table.loc["C04", "your_verdict"] == "supported"
    assert table.loc["C04", "after_reveal"] == "not supported"
    assert table.loc["C04", "revealed_at"] == first_shown
    shown = capstone.reveal("C04", store=store)
    assert "not supported" in repr(shown) and "recorded before the reveal" in repr(shown)
    assert store.get("exercises:06", "verdict-c04")[capstone.REVEALED_AT] == first_shown
    # the instructor's CSV carries both verdicts and the time of the reveal
    row = _exported_row(store, tmp_path, "verdict-c04")
    assert row["response"] == "supported" and row["revealed"] == "False"
    assert "supported" in row["feedback"] and "not supported" in row["feedback"]
    assert first_shown in row["feedback"]
    # the history keeps every verdict checked, with its time
    history = [h["response"] for h in store.get("exercises:06", "verdict-c04")["history"]]
    assert history[:2] == ["opinion", "supported"] and "not supported" in history


def test_a_reveal_without_a_recorded_verdict_logs_nothing(store):
    record("C05", "supported", store)
    capstone.reveal("C04", "C05", store=store)
    assert store.get("exercises:06", "verdict-c04") is None
    assert store.get("exercises:06", "verdict-c05")[capstone.BEFORE_REVEAL] == "supported"
    record("C04", "opinion", store)  # recorded after C04's (hidden) reveal: still before its own
    capstone.reveal("C04", store=store)
    assert capstone.my_verdicts(store=store)["C04"] == "opinion"
    untouched = capstone.compare(store=store).set_index("claim_id")
    assert untouched.loc["C06", "revealed_at"] == "" and untouched.loc["C06", "after_reveal"] == ""


@pytest.fixture
def japanese():
    from usjapan_edu import i18n

    i18n.set_language("ja")
    yield
    i18n.set_language(None)


def test_a_verdict_typed_in_japanese_is_handed_in_as_the_vocabulary(store, japanese):
    typed = {
        "C01": "支持される",
        "C02": "一部支持される",
        "C03": "指標・区分によって異なる",
        "C04": "支持されない",
        "C05": "コースのデータでは検証できない",
        "C06": "意見（検証不能）",
        "C07": " 一部 支持される。",  # spaces and a final 。 as a student types them
        "C08": "「意見」",
    }
    for claim_id, words in typed.items():
        result = record(claim_id, words, store)
        assert result.passed and result.symbol == "✓", (claim_id, result)
    mine = capstone.my_verdicts(store=store)
    assert [mine[c] for c in typed] == [
        *capstone.verdicts(),
        "partly supported",
        "opinion",
    ]
    for claim_id in typed:  # the saved answer and value are the English words: one gradebook
        saved = store.get("exercises:06", f"verdict-{claim_id.lower()}")
        assert saved["response"] in capstone.verdicts()
        assert saved["value"]["data"] in capstone.verdicts()
    assert set(capstone.VERDICTS_JA) == set(capstone.verdicts())
    wrong = record("C09", "正しい", store)  # not a verdict, in any language
    assert not wrong.passed and wrong.verdict == "惜しい、不正解です。"
    assert capstone.canonical_verdict("Partly supported") == "Partly supported"  # as typed


def test_the_reveal_memo_and_rubric_speak_japanese(store, japanese):
    hidden = capstone.reveal("C04", store=store)
    assert "まず自分の判定を記録してください" in repr(hidden)
    assert 'lang="ja"' in hidden._repr_html_()
    record("C04", "一部支持される", store)
    shown = capstone.reveal("C04", store=store)
    assert "あなたの判定：partly supported（一部支持される）" in repr(shown)
    assert "理由：" in repr(shown) and "コースの判定" in shown._repr_html_()
    table = capstone.rubric()
    assert list(table.columns) == ["観点", "満点の条件（メモが…）", "配点"]
    assert list(table["配点"]) == [points for _, _, points in capstone.RUBRIC]
    assert not any(english in " ".join(table.iloc[:, 1]) for _, english, _ in capstone.RUBRIC)
    memo = (
        "主張C04について検討する。trade_partnersの2022年では日本は4位である。しかし、EUを一つと"
        "数えると5位になる。判定は指標・区分によって異なる。政府は両方の順位を公表すべきである。"
    ) * 6
    widget = quiz.quiz_widget(capstone.MEMO_BANK, store=store)
    assert widget.check(capstone.MEMO_QUESTION, memo).status == "saved"
    status = capstone.memo_status(store=store)
    assert status.chars == len(memo)  # Japanese is counted in characters, not words
    assert all(status.found.values()), status.found
    assert f"{len(memo)}字" in repr(status) and "目標は500～800字" in repr(status)
