"""The course language: how it is chosen, and that every interface string has its Japanese."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import usjapan_edu
from usjapan_edu import i18n
from usjapan_edu.quiz import _page
from usjapan_edu.quiz.parsing import _CURRENCY_NAMES, AnswerFormatError, parse_number

SRC = Path(usjapan_edu.__file__).parent


def _literal_msgids() -> dict[str, str]:
    """Every ``t("…")`` / ``self._t("…")`` written in the package, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            first = node.args[0]
            if name in {"t", "_t"} and isinstance(getattr(first, "value", None), str):
                found.setdefault(first.value, f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_interface_string_has_its_japanese_with_the_same_blanks() -> None:
    wanted = _literal_msgids()
    for text in (*_page.PAGE_STRINGS, *_page._INSTRUCTIONS.values(), *_CURRENCY_NAMES.values()):
        wanted.setdefault(text, "a table of the code")
    assert len(wanted) > 100  # the scan sees the code's strings
    ja = i18n.catalogue("ja")
    missing = [f"{where}: {text!r}" for text, where in wanted.items() if text not in ja]
    assert not missing, "no Japanese for:\n" + "\n".join(missing)
    other_blanks = [text for text in wanted if _fields(text) != _fields(ja[text])]
    assert not other_blanks


def test_every_word_of_the_quiz_page_is_sent_in_its_language() -> None:
    script = (SRC / "quiz" / "static" / "quiz.js").read_text(encoding="utf-8")
    used = set(re.findall(r'\btr\(\s*"((?:[^"\\]|\\.)*)"', script))
    # a text split over lines ("…" + "…") is one string
    piece = r'"((?:[^"\\]|\\.)*)"'
    used |= {a + b for a, b in re.findall(rf"\btr\(\s*{piece}\s*\+\s*{piece}", script)}
    used = {u for u in used if not u.endswith(" ")}
    assert used and used <= set(_page.PAGE_STRINGS), used - set(_page.PAGE_STRINGS)
    assert set(_page.page_strings("ja")) == set(_page.PAGE_STRINGS)
    assert _page.page_strings("en") == {}


@pytest.fixture
def clean_language(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    for var in (i18n.ENV_VAR, i18n.SESSION_VAR, "NBGRADER_EXECUTION", "USJAPAN_EDU_PROGRESS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(tmp_path))
    i18n.set_language(None)
    yield monkeypatch
    i18n.set_language(None)


def test_the_language_follows_the_notebook_then_the_environment_then_the_progress_file(
    clean_language: pytest.MonkeyPatch,
) -> None:
    from usjapan_edu.quiz.store import ProgressStore

    assert i18n.language() == "en"
    ProgressStore().set_language("ja")
    assert i18n.language() == "ja"  # remembered by `usjapan-edu lab --lang ja`
    clean_language.setenv(i18n.ENV_VAR, "en")
    assert i18n.language() == "en"  # the environment wins over the file
    clean_language.setenv(i18n.SESSION_VAR, "usjapan-edu-course/ja/02-security.ipynb")
    assert i18n.language() == "ja"  # a notebook in a ja/ folder is Japanese
    i18n.set_language("en")
    assert i18n.language() == "en"  # an explicit choice in Python wins
    i18n.set_language(None)
    clean_language.setenv(i18n.SESSION_VAR, "notebooks/student/02-security.ipynb")
    clean_language.setenv(i18n.ENV_VAR, "klingon")  # a wrong value never stops a notebook
    assert i18n.language() == "en"  # … a notebook outside ja/ is English, whatever was used last
    clean_language.delenv(i18n.SESSION_VAR)
    assert i18n.language() == "ja"  # outside a notebook (a script) the remembered one
    clean_language.setenv("USJAPAN_EDU_PROGRESS", "off")
    assert i18n.language() == "en"  # a grading run reads nobody's progress file


def test_an_unknown_language_is_one_clear_line() -> None:
    with pytest.raises(ValueError, match=r"^unknown language 'fr'; use en \(English\) or ja"):
        i18n.set_language("fr")
    assert i18n.check_language("ja_JP.UTF-8") == "ja"


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [
        ("１２３", None, 123.0),
        ("１，２３４", None, 1234.0),
        ("1、000", None, 1000.0),
        ("3。5", None, 3.5),
        ("－６７．９", "USD bn", -67.9),
        ("▲67.9", "USD bn", -67.9),
        ("ー67.9", "USD bn", -67.9),
        ("12 ％", "% of GDP", 12.0),
        ("12.5パーセント", "% of GDP", 12.5),
        ("679億ドル", "USD bn", 67.9),
        ("6兆7900億ドル", "USD bn", 6790.0),
        ("約68", "USD bn", 68.0),
        ("1万2000", None, 12000.0),
        ("マイナス67.9", "USD bn", -67.9),
        ("５万５千", None, 55000.0),
        ("2千500", None, 2500.0),
        ("5兆円", "JPY tn", 5.0),
        ("490億", "10億ドル", 49.0),  # a Japanese unit: "in units of 1 billion dollars"
        ("４９", "10億ドル", 49.0),
        ("4760億円", "10億円", 476.0),
        ("５位", None, 5.0),  # a rank, with its counter word
        ("3か国", None, 3.0),
    ],
)
def test_numbers_typed_the_japanese_way_are_read(typed: str, unit: str | None, value: float):
    assert parse_number(typed, unit, lang="ja") == pytest.approx(value)


@pytest.mark.parametrize(
    ("typed", "unit", "message"),
    [
        ("", None, "欄に数値を入力してから「答え合わせ」を押してください。"),
        ("abc", None, "「abc」は数値として読めません。"),
        ("5億", "% of GDP", "この答えはパーセント（% of GDP）です。"),
        ("12 %", "USD bn", "この答えの単位はUSD bnで、パーセントではありません。"),
        ("5兆円", "USD bn", "この答えの単位はUSD bnで、円ではありません。"),
        ("1万2000 3", None, "数値が複数あるようです"),
    ],
)
def test_unreadable_numbers_are_explained_in_japanese(typed: str, unit: str | None, message: str):
    with pytest.raises(AnswerFormatError) as err:
        parse_number(typed, unit, lang="ja")
    assert message in str(err.value)
    assert "\n" not in str(err.value) and "。 " not in str(err.value)  # no space between


BANK = """\
id: demo-ja
languages: [en, ja]
title: Demo
title_ja: デモ
questions:
  - id: deficit
    type: numeric
    prompt: The balance in 2022, in billions of dollars?
    prompt_ja: 2022年の収支は何10億ドルですか。
    answer: -67.9
    tolerance: 0.05
    unit: USD bn
    unit_ja: 10億ドル
    hints: [Look at the table.]
    hints_ja: [表を見てください。]
"""


def test_a_japanese_quiz_speaks_japanese_and_reads_japanese_numbers() -> None:
    from usjapan_edu.quiz.bank import bank_from_yaml
    from usjapan_edu.quiz.frontend import QuizWidget

    bank = bank_from_yaml(BANK, lang="ja")
    widget = QuizWidget(bank, store=None)
    page = widget.quiz
    assert page["lang"] == "ja" and page["strings"]["Attempts: {n}"] == "解答回数：{n}"
    assert ">答え合わせ</button>" in page["html"] and ">Check<" not in page["html"]
    assert page["questions"][0]["instructions"] == "10億ドル単位の数値を入力してください。"
    widget.check("deficit", "６７．９")
    result = widget.results["deficit"]
    assert result["status"] == "incorrect" and "符号を確かめましょう" in result["feedback"]
    widget.check("deficit", "▲67.9")
    assert widget.results["deficit"]["status"] == "correct"
    assert "正解です！答えは-67.9（10億ドル）です。" in widget.results["deficit"]["feedback"]
    assert widget.summary.startswith("得点：1／1")
    english = QuizWidget(bank_from_yaml(BANK, lang="en"), store=None)
    assert english.quiz["strings"] == {} and english.summary.startswith("Score: 0 of 1")
