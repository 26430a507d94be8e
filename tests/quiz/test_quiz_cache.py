"""The cache of validated banks: fast, never stale, never leaking, never in the way."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from usjapan_edu import _resources, datasets, quiz
from usjapan_edu.quiz import BankError, _cache
from usjapan_edu.quiz import bank as bank_module
from usjapan_edu.quiz.frontend import QuizWidget
from usjapan_edu.quiz.model import Numeric

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLE = DATA / "quizzes" / "sample-all-types.yaml"
TRADE = "03-trade"  # a course bank whose numbers come from the data (answer_from)


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(_cache.CACHE_ENV_VAR, str(folder))
    return folder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the real loads (YAML parsed and validated)."""
    calls: list[Path] = []
    real = bank_module.load_bank

    def load_bank(path, **kwargs):
        calls.append(Path(path))
        return real(path, **kwargs)

    monkeypatch.setattr(bank_module, "load_bank", load_bank)
    return calls


def views(w: QuizWidget) -> tuple[str, str, str]:
    data, _ = w._repr_mimebundle_()
    return json.dumps(w.quiz, ensure_ascii=False), data["text/html"], data["text/plain"]


def test_a_second_display_is_served_from_the_cache_byte_for_byte(loads, monkeypatch) -> None:
    first = quiz.quiz_widget(TRADE, store=None)
    second = quiz.quiz_widget(TRADE, store=None)
    assert len(loads) == 1  # parsed and validated once
    monkeypatch.setenv(_cache.CACHE_ENV_VAR, "off")
    plain = quiz.quiz_widget(TRADE, store=None)
    assert len(loads) == 2
    assert views(first) == views(second) == views(plain)
    for q in plain.bank:  # the cached bank grades exactly like a freshly loaded one
        if isinstance(q, Numeric):
            assert second.bank[q.id].value == q.value
            assert second.check(q.id, f"{q.value:g}").correct


def test_a_hit_needs_no_yaml_validator_markdown_or_pandas(cache: Path) -> None:
    code = textwrap.dedent(
        f"""
        import json, sys
        from usjapan_edu import quiz
        w = quiz.quiz_widget({TRADE!r}, store=None)
        w._repr_mimebundle_()
        heavy = ["yaml", "usjapan_edu.quiz.bank", "usjapan_edu.quiz._checks", "markdown_it",
                 "pandas", "usjapan_edu.datasets"]
        loaded = [m for m in heavy if m in sys.modules]
        q = next(q for q in w.bank if q.type == "numeric")
        print(json.dumps([w.check(q.id, format(q.value, "g")).correct, loaded]))
        """
    )
    env = dict(os.environ, USJAPAN_EDU_CACHE=str(cache))
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, capture_output=True, text=True, env=env, check=True, timeout=120)
    assert json.loads(first.stdout)[1]  # the first display loads it all...
    again = subprocess.run(run, capture_output=True, text=True, env=env, check=True, timeout=120)
    assert json.loads(again.stdout) == [True, []]  # ...the next one none of it


def test_editing_the_bank_shows_at_the_next_display(write_bank, loads) -> None:
    text = """
        id: mine
        title: Mine
        questions:
          - {id: q1, type: text, prompt: Which prefecture hosts most bases?, accept: [Okinawa]}
    """
    path = write_bank(text)
    assert "most bases" in views(quiz.quiz_widget(path, store=None))[0]
    path.write_text(
        textwrap.dedent(text).replace("most bases", "Kadena").replace("Okinawa", "沖縄"),
        encoding="utf-8",
    )
    w = quiz.quiz_widget(path, store=None)
    assert "Kadena" in views(w)[0] and w.check("q1", "沖縄").correct
    assert not w.check("q1", "Okinawa").correct
    assert len(loads) == 2


@pytest.fixture
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the data folder that the package reads instead of the real one."""
    root = tmp_path / "checkout"
    shutil.copytree(DATA, root / "data")
    monkeypatch.setattr(_resources, "_PACKAGE_DIR", root / "src" / "usjapan_edu")
    _resources._find.cache_clear()
    datasets._package.cache_clear()
    yield root / "data"
    _resources._find.cache_clear()
    datasets._package.cache_clear()


def test_editing_the_data_changes_the_answer_at_the_next_display(data_copy, loads) -> None:
    slug = "sample-all-types"
    before = quiz.quiz_widget(slug, store=None).bank["trade-balance-2022"].value
    assert quiz.quiz_widget(slug, store=None).bank["trade-balance-2022"].value == before
    assert len(loads) == 1
    csv = data_copy / "goods_trade.csv"
    text = csv.read_text(encoding="utf-8")
    old = f"{before:g}"
    assert text.count(old) >= 1
    csv.write_text(text.replace(old, "-12.5"), encoding="utf-8")
    after = quiz.quiz_widget(slug, store=None)
    assert after.bank["trade-balance-2022"].value == -12.5 and len(loads) == 2
    assert after.check("trade-balance-2022", "-12.5").correct
    assert not after.check("trade-balance-2022", old).correct


def test_an_invalid_bank_fails_every_time_and_is_never_cached(write_bank, cache: Path) -> None:
    path = write_bank("id: broken\ntitle: Broken\nquestions: []\n")
    for _ in range(2):
        with pytest.raises(BankError, match="questions is empty"):
            quiz.quiz_widget(path, store=None)
    assert not list(cache.glob("*.pickle"))


def test_damaged_or_foreign_entries_are_ignored(loads, cache: Path) -> None:
    page = views(quiz.quiz_widget(TRADE, store=None))
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"\x80\x04 not a pickle")
    assert views(quiz.quiz_widget(TRADE, store=None)) == page
    assert len(loads) == 2
    assert views(quiz.quiz_widget(TRADE, store=None)) == page and len(loads) == 2  # rewritten
    if hasattr(os, "getuid"):
        entry.chmod(0o666)  # writable by others: not trusted
        assert views(quiz.quiz_widget(TRADE, store=None)) == page and len(loads) == 3


def test_an_unusable_cache_folder_is_no_obstacle(tmp_path, monkeypatch, loads) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(_cache.CACHE_ENV_VAR, str(blocker / "cache"))
    page = views(quiz.quiz_widget(TRADE, store=None))
    assert views(quiz.quiz_widget(TRADE, store=None)) == page and len(loads) == 2


def test_the_cache_stays_out_of_the_way_of_stand_in_data(fake_datasets, loads) -> None:
    """Answers computed from anything but the package's own data loader are not cached."""
    quiz.quiz_widget(SAMPLE, store=None)
    quiz.quiz_widget(SAMPLE, store=None)
    assert len(loads) == 2 and fake_datasets["goods_trade"] == 2


def test_without_a_cache_setting_it_lives_beside_the_progress_file(monkeypatch, tmp_path):
    monkeypatch.delenv(_cache.CACHE_ENV_VAR)
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(tmp_path / "home"))
    assert _cache.cache_dir() == tmp_path / "home" / "cache"
    monkeypatch.delenv("USJAPAN_EDU_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _cache.cache_dir() == tmp_path / "xdg" / "usjapan-edu" / "quizzes"


def test_the_cached_page_state_holds_no_answers(cache: Path) -> None:
    bank = quiz.load_bank(TRADE)
    quiz.quiz_widget(TRADE, store=None)
    (entry,) = cache.glob("*.pickle")
    rendered = pickle.loads(entry.read_bytes())["rendered"]
    shown = json.dumps(rendered.page, ensure_ascii=False) + rendered.fallback_html + rendered.text
    assert '"correct"' not in shown
    for q in bank:
        for hint in q.hints:
            assert hint not in shown
        if q.explanation:
            assert q.explanation.strip().splitlines()[0] not in shown
        for o in getattr(q, "options", ()):
            assert not o.feedback or o.feedback not in shown
        for a in getattr(q, "accept", ()):
            assert a not in shown
        if isinstance(q, Numeric):
            assert f"{q.value:g}" not in json.dumps(rendered.page)
