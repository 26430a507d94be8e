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


def _run(cmd, **kw):
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def _dataset_count() -> int:
    return len(json.loads((REPO / "data" / "datapackage.json").read_text())["resources"])


def _expected_members() -> set[str]:
    data = {p.relative_to(REPO).as_posix() for p in (REPO / "data").rglob("*") if p.is_file()}
    nbs = {p.relative_to(REPO).as_posix() for p in (REPO / "notebooks").glob("*.ipynb")}
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
    assert (tmp_path / "usjapan-edu-course" / "00-start-here.ipynb").is_file()
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
    # repo2docker then runs binder/postBuild: it turns off JupyterLab's news pop-up.
    jupyter_home = tmp_path / "jupyter-home"
    build_env = dict(
        os.environ,
        PATH=os.pathsep.join([str(env_dir / "bin"), os.environ["PATH"]]),
        JUPYTER_CONFIG_DIR=str(jupyter_home / "config"),
        JUPYTER_DATA_DIR=str(jupyter_home / "data"),
    )
    _run(["bash", "binder/postBuild"], cwd=repo, env=build_env)
    page_config = env_dir / "etc" / "jupyter" / "labconfig" / "page_config.json"
    disabled = json.loads(page_config.read_text())["disabledExtensions"]
    assert disabled.get("@jupyterlab/apputils-extension:announcements") is True
    shutil.rmtree(repo / "src")  # the notebooks must use the installed package, not the copy
    run_nb = (
        "import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], as_version=4); "
        "nbclient.NotebookClient(nb, timeout=300, kernel_name='python3').execute(); "
        "print(sum(1 for c in nb.cells if c.cell_type == 'code'), 'cells ok')"
    )
    env = dict(os.environ, PYTHONPATH=str(OFFLINE), USJAPAN_EDU_HOME=str(tmp_path / "home"))
    out = _run([str(py), "-c", run_nb, "notebooks/00-start-here.ipynb"], cwd=repo, env=env)
    assert "cells ok" in out


def test_binder_badge_opens_start_here():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "mybinder.org/v2/gh/" in readme
    assert "urlpath=lab%2Ftree%2Fnotebooks%2F00-start-here.ipynb" in readme
