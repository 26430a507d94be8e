"""The command line and the resource finder, as a student or instructor uses them."""

from __future__ import annotations

import subprocess
import sys

import altair as alt
import pytest

import usjapan_edu
from usjapan_edu import _resources
from usjapan_edu.cli import copy_notebooks, main


def test_data_and_notebooks_found_from_a_checkout():
    assert (_resources.data_dir() / "datapackage.json").is_file()
    assert (_resources.notebooks_dir() / "00-start-here.ipynb").is_file()


def test_missing_resources_give_a_clear_error(monkeypatch, tmp_path):
    _resources._find.cache_clear()
    monkeypatch.setattr(_resources, "_PACKAGE_DIR", tmp_path / "a" / "b" / "usjapan_edu")
    try:
        with pytest.raises(
            _resources.ResourceNotFoundError, match="cannot find the package's 'data'"
        ):
            _resources.data_dir()
    finally:
        _resources._find.cache_clear()


def test_import_enables_the_offline_renderer():
    alt.renderers.enable("default")
    usjapan_edu.setup()
    assert alt.renderers.active == "mimetype"
    bundle = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q")._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.vegalite.v5+json" in data


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"usjapan-edu {usjapan_edu.__version__}"


def test_python_dash_m_runs_the_cli():
    out = subprocess.run(
        [sys.executable, "-m", "usjapan_edu", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert usjapan_edu.__version__ in out.stdout


def test_lab_copies_notebooks_and_keeps_a_students_edits(tmp_path, capsys):
    dest = tmp_path / "course"
    assert main(["lab", str(dest), "--dry-run", "--no-browser"]) == 0
    start = dest / "00-start-here.ipynb"
    assert start.is_file()
    printed = capsys.readouterr().out
    assert f"--ServerApp.root_dir={dest.resolve()}" in printed
    assert "--LabApp.default_url=/lab/tree/00-start-here.ipynb" in printed
    start.write_text("my edited notebook", encoding="utf-8")
    copied, kept = copy_notebooks(dest)
    assert start in kept and start not in copied
    assert start.read_text(encoding="utf-8") == "my edited notebook"


def test_datasets_list_info_export(tmp_path, capsys):
    assert main(["datasets", "list"]) == 0
    listing = capsys.readouterr().out
    assert "goods_trade" in listing and "military_expenditure" in listing
    assert main(["datasets", "info", "tariffs"]) == 0
    assert "`rate_pct`" in capsys.readouterr().out
    assert main(["datasets", "export", "tariffs", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "tariffs.csv").read_text(encoding="utf-8").startswith("product,")
    assert "## Sources" in (tmp_path / "tariffs.codebook.md").read_text(encoding="utf-8")


def test_datasets_unknown_name_is_one_clear_line(capsys):
    assert main(["datasets", "info", "tarifs"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "did you mean 'tariffs'" in err


def test_readme_dataset_table_is_generated_from_the_descriptor():
    from pathlib import Path

    from usjapan_edu.cli import datasets_table

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- datasets:start", 1)[1].split("-->", 1)[1]
    block = block.split("<!-- datasets:end -->", 1)[0].strip()
    assert block == datasets_table(), (
        "README's dataset table is stale: paste `usjapan-edu datasets list --markdown`"
    )


def test_validate_reports_every_problem_with_file_and_line(tmp_path, capsys):
    good = _resources.data_dir() / "quizzes" / "00-start-here.yaml"
    assert main(["validate", str(good)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: broken\n"
        "title: Broken\n"
        "questions:\n"
        "  - id: q1\n"
        "    type: singel\n"
        "    prompt: Which?\n"
        "  - id: q2\n"
        "    type: numeric\n"
        "    prompt: How many?\n"
        "    answer: 3\n"
        "    tolerance: -1\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["validate", str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) >= 2
    assert any(line.startswith(f"{bad}:5: question 'q1'") and "single" in line for line in lines)
    assert any(
        line.startswith(f"{bad}:11: question 'q2'") and "tolerance" in line for line in lines
    )


def test_progress_export_writes_the_students_answers(tmp_path, monkeypatch, capsys):
    from usjapan_edu.quiz import ProgressStore

    monkeypatch.setenv("USJAPAN_EDU_HOME", str(tmp_path / "home"))
    ProgressStore().update(
        "00-start-here",
        "run-a-cell",
        response="Shift+Enter",
        attempts=1,
        correct=True,
        score=1.0,
        feedback="Correct!",
    )
    out = tmp_path / "answers.csv"
    assert main(["progress", "export", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "00-start-here" in text and "run-a-cell" in text and "Shift+Enter" in text
    assert main(["progress", "export", "--out", str(tmp_path / "answers.xlsx")]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_import_is_light_yet_altair_comes_up_offline():
    """`import usjapan_edu` does not pay for Altair, but a later `import altair` is offline-safe."""
    code = (
        "import sys, usjapan_edu\n"
        "assert 'altair' not in sys.modules, 'usjapan_edu imported altair eagerly'\n"
        "import altair as alt\n"
        "print(alt.renderers.active)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "mimetype"
