"""The Japanese course is the English course: same code, same exercises, every text translated.

A fix made in one language and not the other fails here (see ``docs/translating.md``).
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import nbformat
import pytest

from usjapan_edu._resources import data_dir

REPO = Path(__file__).resolve().parents[1]
ENGLISH = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
JAPANESE = REPO / "notebooks" / "ja"
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
EXERCISE_ID = re.compile(r"""exercises\.(?:check|hint|solution)\(\s*["']([^"']+)["']""")


def _code_without_comments(source: str) -> str:
    """The code of a cell with its ``#`` comments (which may be translated) taken out."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source  # not Python (e.g. a %magic alone): compare it as it is
    out = []
    for tok in tokens:
        if tok.type == tokenize.COMMENT:
            # the solution markers are comments the tools read: they must stay as they are
            if "SOLUTION" in tok.string or "HIDDEN TESTS" in tok.string:
                out.append(tok.string)
            continue
        if tok.type in {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}:
            continue
        out.append(tok.string)
    return " ".join(out)


def _pair(english: Path) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    japanese = JAPANESE / english.name
    assert japanese.is_file(), f"{japanese} is missing: every notebook has a Japanese version"
    return nbformat.read(english, as_version=4), nbformat.read(japanese, as_version=4)


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name)
def test_the_japanese_notebook_has_the_same_code_cells(english: Path) -> None:
    en, ja = _pair(english)
    assert [c.cell_type for c in ja.cells] == [c.cell_type for c in en.cells], (
        "the Japanese notebook must have the same cells, in the same order"
    )
    for n, (a, b) in enumerate(zip(en.cells, ja.cells, strict=True), 1):
        if a.cell_type == "code":
            assert _code_without_comments(b.source) == _code_without_comments(a.source), (
                f"{english.name} cell {n}: the code differs between the English and the "
                "Japanese notebook (only # comments may be translated); fix both"
            )


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name)
def test_the_japanese_notebook_checks_the_same_exercises(english: Path) -> None:
    en, ja = _pair(english)

    def ids(nb: nbformat.NotebookNode) -> list[str]:
        return [i for c in nb.cells if c.cell_type == "code" for i in EXERCISE_ID.findall(c.source)]

    assert ids(ja) == ids(en)


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name)
def test_every_text_cell_of_the_japanese_notebook_is_in_japanese(english: Path) -> None:
    en, ja = _pair(english)
    assert ja.metadata.get("usjapan_edu", {}).get("language") == "ja"
    for n, (a, b) in enumerate(zip(en.cells, ja.cells, strict=True), 1):
        if b.cell_type == "markdown" and CJK.search(a.source) is None:
            words = re.sub(r"`[^`]*`|\([^)]*\)|<[^>]*>|https?://\S+", "", a.source)
            if len(re.findall(r"[A-Za-z]{3,}", words)) >= 4:  # prose, not a formula or a link
                assert CJK.search(b.source), f"{english.name} cell {n} is not translated"
                assert b.source != a.source


def test_every_bank_and_exercise_file_of_the_course_is_bilingual() -> None:
    import yaml

    files = [
        *sorted((data_dir() / "quizzes").glob("0[0-6]-*.yaml")),
        *sorted((data_dir() / "exercises").glob("*.yaml")),
    ]
    assert len(files) >= 15
    not_bilingual = [
        f.relative_to(data_dir()).as_posix()
        for f in files
        if "ja" not in (yaml.safe_load(f.read_text(encoding="utf-8")).get("languages") or [])
    ]
    assert not not_bilingual, "declare languages: [en, ja] and translate: " + ", ".join(
        not_bilingual
    )
