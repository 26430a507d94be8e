"""Packaging: the wheel carries data/ and notebooks/, every install style finds them, Binder works.

These tests build real wheels and create real virtual environments (slow; marker ``packaging``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

import usjapan_edu
from usjapan_edu import _resources

REPO = Path(__file__).resolve().parents[1]
OFFLINE = REPO / "tests" / "support" / "offline"
pytestmark = pytest.mark.packaging

READ_BACK = """
import sys, usjapan_edu
from usjapan_edu import _resources, datasets
root = sys.argv[1]
assert usjapan_edu.__file__.startswith(root), usjapan_edu.__file__
assert str(_resources.data_dir()).startswith(root), _resources.data_dir()
assert str(_resources.notebooks_dir()).startswith(root), _resources.notebooks_dir()
assert (_resources.notebooks_dir() / "00-start-here.ipynb").stat().st_size > 1000
df = datasets.load("goods_trade")
print("rows", len(df), "datasets", len(datasets.list_datasets()))
"""


PAGE_CONFIG = (
    "from jupyterlab_server.config import get_static_page_config; "
    "print(sorted(get_static_page_config().get('disabledExtensions', {})))"
)


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _dataset_count() -> int:
    return len(json.loads((REPO / "data" / "datapackage.json").read_text())["resources"])


def _expected_members() -> set[str]:
    data = {p.relative_to(REPO).as_posix() for p in (REPO / "data").rglob("*") if p.is_file()}
    nbs = {p.relative_to(REPO).as_posix() for p in (REPO / "notebooks").rglob("*.ipynb")}
    return {f"usjapan_edu/_packaged/{m}" for m in data | nbs}


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    """Build an sdist and a wheel from the checkout, and a second wheel from the sdist."""
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(out), str(REPO)])
    sdist = next(out.glob("*.tar.gz"))
    unpacked = tmp_path_factory.mktemp("sdist")
    with tarfile.open(sdist) as tar:
        tar.extractall(unpacked, filter="data")
    out2 = tmp_path_factory.mktemp("dist-from-sdist")
    src = next(unpacked.iterdir())
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out2), str(src)])
    return {
        "wheel": next(out.glob("*.whl")),
        "sdist": sdist,
        "sdist_wheel": next(out2.glob("*.whl")),
    }


@pytest.mark.parametrize("kind", ["wheel", "sdist_wheel"])
def test_wheel_carries_every_data_file_and_notebook(dists, kind):
    names = set(zipfile.ZipFile(dists[kind]).namelist())
    missing = _expected_members() - names
    assert not missing, f"not in the {kind}: {sorted(missing)[:10]}"
    assert "usjapan_edu/_resources.py" in names
    assert "usjapan_edu/_jupyter/labconfig/page_config.json" in names  # no news pop-up
    # ... also where JupyterLab itself looks, so a pip install (Binder, a hub) has it too
    assert any(
        n.endswith(".data/data/etc/jupyter/labconfig/page_config.d/usjapan-edu.json")
        for n in names
    ), "the wheel installs the course's JupyterLab settings into etc/jupyter"
    # the quiz front end ships beside its class: nothing comes from a CDN
    assert {"usjapan_edu/quiz/static/quiz.js", "usjapan_edu/quiz/static/quiz.css"} <= names


def test_sdist_built_wheel_reads_data_when_installed(dists, tmp_path):
    target = tmp_path / "site"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(dists["sdist_wheel"]),
        ]
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    out = _run([sys.executable, "-c", READ_BACK, str(target)], env=env, cwd=tmp_path)
    assert out.strip().endswith(f"datasets {_dataset_count()}"), out


def test_wheel_in_a_fresh_venv(dists, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    _run(
        [
            str(py),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            str(dists["wheel"]),
        ]
    )
    site = _run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    out = _run([str(py), "-c", READ_BACK, site.strip()], cwd=tmp_path)
    assert out.strip().endswith(f"datasets {_dataset_count()}"), out
    version = _run([str(env_dir / "bin" / "usjapan-edu"), "--version"])
    assert usjapan_edu.__version__ in version
    # The README's path from a wheel: open the course, check a bank by name, hand in answers.
    cli = str(env_dir / "bin" / "usjapan-edu")
    env = dict(os.environ, USJAPAN_EDU_HOME=str(tmp_path / "home"))
    out = _run([cli, "lab", "--dry-run"], cwd=tmp_path, env=env)
    first = (tmp_path / "usjapan-edu-course" / "00-start-here.ipynb").read_text("utf-8")
    assert "BEGIN SOLUTION" not in first and "deficit_2022 = ..." in first  # the exercise
    news = _run([str(py), "-c", PAGE_CONFIG], cwd=tmp_path)
    assert "announcements" in news, "pip install alone silences JupyterLab's news pop-up"
    assert str(env_dir) in out and "_jupyter" in out
    _run([cli, "validate", "00-start-here"], cwd=tmp_path, env=env)
    assert "No quiz answers yet" in _run([cli, "progress"], cwd=tmp_path, env=env)
    _run([cli, "progress", "export", "--out", "answers.csv"], cwd=tmp_path, env=env)
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "answers.csv").stat().st_mode & 0o777 == 0o666 & ~mask


def test_editable_install_finds_the_repository_files():
    if not usjapan_edu.__file__.startswith(str(REPO / "src")):
        pytest.fail("the test venv should hold an editable install (make test does this)")
    assert _resources.data_dir() == REPO / "data"
    assert _resources.notebooks_dir() == REPO / "notebooks"


def test_binder_builds_and_runs_start_here_offline(tmp_path):
    """Install as repo2docker does (binder/requirements.txt), then run 00 offline."""
    repo = tmp_path / "repo"
    shutil.copytree(
        REPO,
        repo,
        ignore=shutil.ignore_patterns(
            ".venv",
            ".git",
            "build",
            "dist",
            "*.egg-info",
            "__pycache__",
            ".pytest_cache",
            "usjapan-edu-course",
        ),
    )
    assert (repo / "binder" / "requirements.txt").read_text().splitlines()[-1].strip() == "."
    env_dir = tmp_path / "srv-venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    _run(
        [
            str(py),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            "binder/requirements.txt",
        ],
        cwd=repo,
    )
    # repo2docker then runs binder/postBuild, in the repository, with the new environment.
    jupyter_home = tmp_path / "jupyter-home"
    build_env = dict(
        os.environ,
        PATH=os.pathsep.join([str(env_dir / "bin"), os.environ["PATH"]]),
        JUPYTER_CONFIG_DIR=str(jupyter_home / "config"),
        JUPYTER_DATA_DIR=str(jupyter_home / "data"),
    )
    _run(["bash", "binder/postBuild"], cwd=repo, env=build_env)
    news = _run([str(py), "-c", PAGE_CONFIG], cwd=repo, env=build_env)
    assert "@jupyterlab/apputils-extension:announcements" in news  # no news pop-up
    shutil.rmtree(repo / "src")  # the notebooks must use the installed package, not the copy
    # The badge's landing page is the student version: run untouched, it credits nothing.
    landing = _badge_urlpath().removeprefix("lab/tree/")
    assert "BEGIN SOLUTION" not in (repo / landing).read_text(encoding="utf-8")
    run_nb = (
        "import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], as_version=4); "
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3').execute(); "
        "print(sum(1 for c in nb.cells if c.cell_type == 'code'), 'cells ok', "
        "sum('Not yet' in str(o.get('data', {})) for c in nb.cells if c.cell_type == 'code' "
        "for o in c.outputs), 'not yet')"
    )
    home = tmp_path / "home"
    env = dict(os.environ, PYTHONPATH=str(OFFLINE), USJAPAN_EDU_HOME=str(home))
    page = repo / landing
    out = _run([str(py), "-c", run_nb, str(page)], cwd=page.parent, env=env)
    assert "cells ok" in out and " 0 not yet" not in out, out
    saved = home / "progress.json"
    progress = json.loads(saved.read_text("utf-8")) if saved.exists() else {"banks": {}}
    credited = [
        q for b, bank in progress["banks"].items() if b.startswith("exercises:")
        for q, rec in bank.get("questions", {}).items() if rec.get("correct") or rec.get("attempts")
    ]  # fmt: skip
    assert credited == []


def _badge_urlpath() -> str:
    from urllib.parse import parse_qs, urlsplit

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    link = readme.split("](https://mybinder.org/v2/gh/", 1)[1].split(")", 1)[0]
    return parse_qs(urlsplit("https://x/" + link).query)["urlpath"][0]


def test_binder_badge_opens_start_here():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/" in readme
    assert _badge_urlpath() == "lab/tree/notebooks/student/00-start-here.ipynb"  # no solutions
