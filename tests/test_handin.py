"""Hand in without a terminal (issue 16): the file, its name, whose it is, and bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from usjapan_edu import handin
from usjapan_edu._widget_note import run_again_note
from usjapan_edu.quiz.store import ProgressStore


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def answered() -> ProgressStore:
    store = ProgressStore()
    store.update("00-start-here", "deficit-2022", record_attempt=True, type="numeric",
                 response="-67.9", correct=True, score=1.0)  # fmt: skip
    return store


def test_hand_in_writes_a_file_named_after_the_student_next_to_the_notebook(
    tmp_path: Path, answered: ProgressStore
) -> None:
    path = handin.hand_in("Aiko Tanaka", "s1234", folder=tmp_path)
    assert path == tmp_path / "usjapan-edu-aiko-tanaka-s1234.csv"
    (row,) = _rows(path)
    assert (row["student"], row["student_id"]) == ("Aiko Tanaka", "s1234")
    assert row["response"] == "-67.9"  # a number, not '-67.9
    # asked once: the next hand-in needs no name, and a new name replaces the old one
    assert handin.hand_in(folder=tmp_path) == path
    renamed = handin.hand_in("Aiko Tanaka-Smith", folder=tmp_path)
    assert renamed.name == "usjapan-edu-aiko-tanaka-smith-s1234.csv"
    assert ProgressStore().student() == {"name": "Aiko Tanaka-Smith", "id": "s1234"}


def test_the_json_hand_in_names_the_student_too(tmp_path: Path, answered: ProgressStore) -> None:
    path = handin.hand_in("Ken Sato", folder=tmp_path, fmt="json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["student"] == {"name": "Ken Sato", "id": ""}
    assert data["banks"]["00-start-here"]["questions"]["deficit-2022"]["response"] == "-67.9"


def test_without_a_name_it_says_how_to_give_one(tmp_path: Path, answered: ProgressStore) -> None:
    with pytest.raises(handin.HandInError, match=r"hand_in\('Your Name'"):
        handin.hand_in(folder=tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["", "   ", "x" * 300, "a\x1b[2Jb"])
def test_a_name_that_cannot_be_used_is_one_line_and_writes_nothing(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(handin.HandInError) as caught:
        handin.hand_in(name, folder=tmp_path)
    assert "\n" not in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_a_folder_that_cannot_be_written_is_named(tmp_path: Path, answered: ProgressStore) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(handin.HandInError, match="not-a-folder"):
        handin.hand_in("Ken Sato", folder=blocker)


def test_a_grading_run_hands_in_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(handin.HandInError, match="grading run"):
        handin.hand_in("Grader", folder=tmp_path)
    assert not list(tmp_path.iterdir())


def test_file_names_are_safe_in_any_script() -> None:
    assert handin.file_name("../../etc/passwd") == "usjapan-edu-etc-passwd.csv"
    assert handin.file_name("Jürgen Müller") == "usjapan-edu-jürgen-müller.csv"
    assert handin.file_name("ＡＩＫＯ") == "usjapan-edu-aiko.csv"  # full-width letters
    assert handin.file_name("!!!") == "usjapan-edu-student.csv"


def test_the_form_writes_the_file_and_says_so(tmp_path: Path, answered: ProgressStore) -> None:
    form = handin.HandInWidget(folder=tmp_path)
    assert (form.name, form.student_id) == ("", "")
    form._on_page_message(form, {"action": "hand-in", "name": "", "id": ""}, [])
    assert form.status_kind == "error" and form.status.startswith("✗ Not written")
    form._on_page_message(form, {"action": "hand-in", "name": "Aiko Tanaka", "id": "s1"}, [])
    assert form.status_kind == "done"
    assert "usjapan-edu-aiko-tanaka-s1.csv (1 answer)" in form.status
    assert (tmp_path / "usjapan-edu-aiko-tanaka-s1.csv").is_file()
    again = handin.HandInWidget(folder=tmp_path)  # the next notebook remembers who it is
    assert (again.name, again.student_id) == ("Aiko Tanaka", "s1")
    form._on_page_message(form, {"action": "hand-in", "name": ["x"], "id": 3}, [])  # garbage
    assert form.status_kind == "done"  # ignored, nothing raised


def test_the_run_again_note_hides_itself_while_the_widget_is_live() -> None:
    html = run_again_note("quiz")._repr_html_()
    assert "Run this cell to see your quiz (your answers are saved)." in html
    assert ":has(+ .jp-OutputArea-child .usj-live){display:none}" in html
    assert "usj-live" in Path(handin.__file__).with_name("quiz").joinpath(
        "static", "quiz.js"
    ).read_text(encoding="utf-8")


@pytest.fixture
def japanese():
    from usjapan_edu import i18n

    i18n.set_language("ja")
    yield
    i18n.set_language(None)


def test_every_word_of_the_form_is_sent_in_its_language() -> None:
    import re

    script = Path(handin.__file__).with_name("quiz").joinpath("static", "handin.js")
    source = script.read_text(encoding="utf-8")
    piece = r'"((?:[^"\\]|\\.)*)"'
    used = set(re.findall(rf"\btr\(\s*{piece}\s*\)", source))
    used |= {a + b for a, b in re.findall(rf"\btr\(\s*{piece}\s*\+\s*{piece}", source)}
    assert used == set(handin.FORM_STRINGS)
    assert set(handin.form_strings("ja")) == set(handin.FORM_STRINGS)
    assert handin.form_strings("en") == {}


def test_the_form_speaks_japanese(tmp_path: Path, answered: ProgressStore, japanese: None) -> None:
    form = handin.HandInWidget(folder=tmp_path)
    assert form.lang == "ja" and form.strings["Write my hand-in file"] == "提出ファイルを書き出す"
    form.submit("", "")
    assert form.status.startswith("✗ 書き出せませんでした：") and form.status_kind == "error"
    form.submit("田中 愛子", "s1")
    assert form.status_kind == "done"
    assert form.status.startswith("✓ 書き出しました：usjapan-edu-田中-愛子-s1.csv（解答1件）")
    note = run_again_note("the hand-in form")
    assert (
        note.text == "▶ このセルを実行すると提出フォームが表示されます（解答は保存されています）。"
    )
    assert 'lang="ja"' in note._repr_html_()
    english = handin.HandInWidget(folder=tmp_path)
    assert english.strings  # made while Japanese was chosen
    from usjapan_edu import i18n

    i18n.set_language("en")
    assert handin.HandInWidget(folder=tmp_path).strings == {}
    assert run_again_note("quiz").text == (
        "▶ Run this cell to see your quiz (your answers are saved)."
    )
