"""Keep every test — doctests in ``src/`` included — away from the user's real files.

pytest applies a ``conftest.py`` only to the files below its folder, and the doctests of
``src/usjapan_edu`` are collected too (``--doctest-modules``), so this file sits at the
repository root; ``tests/conftest.py`` would not reach them.

For the whole session, the folders where usjapan-edu, Jupyter and IPython keep per-user data
point into the session's temporary folder (child processes — kernels, ``make lab``, CLI runs —
inherit that). Each test, doctests included, then gets its own ``USJAPAN_EDU_HOME``, which also
undoes a doctest that sets the variable itself. ``HOME`` and ``XDG_CONFIG_HOME`` are left
alone on purpose: pip reads its configuration (package index) from there, and the packaging
tests install wheels.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

#: Variable -> sub-folder of the session's temporary folder.
ISOLATED = {
    "USJAPAN_EDU_HOME": "usjapan-edu-home",  # the quiz progress store
    "XDG_DATA_HOME": "xdg-data",  # platformdirs' user data dir (Linux) and Jupyter's data dir
    "XDG_STATE_HOME": "xdg-state",
    "XDG_CACHE_HOME": "xdg-cache",  # platformdirs' cache dir (the quiz cache's last resort)
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",  # kernel connection files, jpserver-*.json
    "IPYTHONDIR": "ipython",  # every kernel creates a profile here
}


@pytest.fixture(scope="session", autouse=True)
def isolated_user_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Point per-user data folders into a temporary folder for the whole session."""
    base = tmp_path_factory.mktemp("user-folders")
    with pytest.MonkeyPatch.context() as mp:
        for var, sub in ISOLATED.items():
            mp.setenv(var, str(base / sub))
        yield base


@pytest.fixture(autouse=True)
def isolated_progress_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Give each test (and each doctest) its own quiz progress folder."""
    home = tmp_path_factory.mktemp("usjapan-edu-home")
    monkeypatch.setenv("USJAPAN_EDU_HOME", str(home))
    # a developer's own course folders must not change what the tests see
    for name in ("USJAPAN_EDU_BANKS", "USJAPAN_EDU_SOLUTIONS", "USJAPAN_EDU_CACHE",
                 "USJAPAN_EDU_PROGRESS", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    return home


#: Tests that share something costly, by where they are, and the group each runs in.
#: ``make test`` runs the suite on every core (pytest-xdist, ``--dist loadgroup``): a group's
#: tests all run on one worker, one after another, so that they still share it; every other
#: test goes to whichever worker is free. Groups go first, the largest first.
SHARED_GROUPS = {
    "tests/browser/": "browser",  # one JupyterLab server and one Chromium per worker session
    "tests/hub/": "hub",  # one JupyterHub and its two Unix users per module
    "tests/test_packaging.py": "packaging",  # the wheels and sdist are built once per module
}


def shared_group(nodeid: str) -> str | None:
    """Return the group of :data:`SHARED_GROUPS` a test belongs to, or None.

    Examples
    --------
    >>> shared_group("tests/browser/test_quiz.py::test_keyboard_only"), shared_group("x.py::t")
    ('browser', None)

    """
    for prefix, group in SHARED_GROUPS.items():
        if nodeid.startswith(prefix):
            return group
    return None


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # the cores this process may use (Linux)
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown (and unused) without xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Give ``-n auto`` a worker per core, and one more.

    Many tests mostly wait (on a browser, a kernel, a server starting, pip), so a third worker
    on 2 cores still gains time (4.4 against 4.8 minutes for the suite, measured).
    """
    return _cores() + 1


@pytest.hookimpl(optionalhook=True)  # an xdist hook: unknown (and unused) without xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """With ``--dist loadgroup``, also keep the tests of :data:`SHARED_GROUPS` together.

    The groups are found from test ids on the controller, which never imports the tests: an
    ``xdist_group`` mark works only through an id suffix that pytest 9.2 no longer lets xdist
    set (pytest-dev/pytest-xdist#1386); marks still count wherever the suffix is there.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return shared_group(nodeid) or super()._split_scope(nodeid)

    return SharedGroupScheduling(config, log)


def pytest_report_header(config: pytest.Config) -> str:
    """Say where the per-user folders went (the real ones are never touched)."""
    return "per-user folders isolated: " + ", ".join(sorted(ISOLATED))
