"""The command line and the resource finder, as a student or instructor uses them."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import altair as alt
import pytest

import usjapan_edu
from usjapan_edu import _resources, cli
from usjapan_edu.cli import copy_notebooks, main

REPO = Path(__file__).resolve().parents[1]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
REAL_EXECVE = getattr(os, "execve", None)


@pytest.fixture(autouse=True)
def never_exec(monkeypatch):
    """`usjapan-edu lab` execs JupyterLab: a test must never turn pytest itself into a server."""

    def refuse(*args):
        raise AssertionError(f"the test would exec {args[1][:4]}")

    monkeypatch.setattr(os, "execve", refuse)


def one_error_line(capsys) -> str:
    """The CLI's stderr: exactly one line, ``usjapan-edu: error: …`` — never a traceback."""
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("usjapan-edu: error: "), err
    assert "Traceback" not in err
    return err.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    err = one_error_line(capsys)
    assert "did you mean 'tariffs'" in err


def test_unknown_dataset_names_the_cli_command_not_a_python_function(capsys):
    assert main(["datasets", "export", "nosuch"]) == 1
    err = one_error_line(capsys)
    assert "datasets list`" in err and "list_datasets()" not in err
    assert "goods_trade" in err  # the names are listed
    assert main(["datasets", "info"]) == 1
    assert "datasets info goods_trade" in one_error_line(capsys)


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


# ---------------------------------------------------------------- lab: root, options, port


def lab_dry_run(capsys, *args: str) -> str:
    assert main(["lab", "--dry-run", *args]) == 0
    return capsys.readouterr().out.strip().splitlines()[-1]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX only")
def test_lab_adds_allow_root_as_root_only(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab_dry_run(capsys, str(tmp_path / "c"))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab_dry_run(capsys, str(tmp_path / "c"))
    # Asked for explicitly it is accepted (it used to be "unrecognized arguments").
    assert "--allow-root" in lab_dry_run(capsys, str(tmp_path / "c"), "--allow-root")


def test_lab_passes_jupyterlab_options_through(tmp_path, capsys):
    cmd = lab_dry_run(
        capsys, str(tmp_path / "c"), "--port", "8899", "--", "--ServerApp.ip=0.0.0.0", "--debug"
    )
    assert cmd.endswith("--ServerApp.ip=0.0.0.0 --debug")
    assert "--ServerApp.port=8899" in cmd and "--ServerApp.port_retries=0" in cmd
    with pytest.raises(SystemExit) as exit_:
        main(["lab", str(tmp_path / "c"), "--ServerApp.ip=0.0.0.0"])
    assert exit_.value.code == 2
    assert "usjapan-edu lab -- --ServerApp.ip=0.0.0.0" in capsys.readouterr().err


def test_lab_refuses_a_busy_port_clearly(tmp_path, capsys, monkeypatch):
    dest = tmp_path / "course"
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["lab", str(dest), "--port", str(port), "--no-browser"]) == 1
        err = one_error_line(capsys)
        assert f"port {port} is busy" in err and "lab --port " in err
        monkeypatch.setenv(cli.VIA_MAKE_ENV, "1")
        assert main(["lab", str(dest), "--port", str(port)]) == 1
        assert "make lab PORT=" in one_error_line(capsys)
    assert not dest.exists(), "nothing is copied when the server cannot start"


def test_lab_names_a_jupyterlab_already_running_on_the_port(tmp_path, capsys, monkeypatch):
    server = {"port": 0, "url": "http://localhost:0/", "token": "abc", "root_dir": "/course"}
    monkeypatch.setattr(cli, "_running_jupyter_on", lambda port: {**server, "port": port})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["lab", str(tmp_path / "c"), "--port", str(port)]) == 1
    err = one_error_line(capsys)
    assert "already running" in err and "token=abc" in err and "Ctrl+C twice" in err


class Execd(BaseException):
    """Raised by the fake ``os.execve``: the CLI would now be JupyterLab."""


@pytest.mark.skipif(os.name != "posix", reason="exec is for POSIX")
def test_lab_execs_jupyterlab_with_the_course_settings(tmp_path, capsys, monkeypatch):
    calls = []

    def fake_execve(path, argv, env):
        calls.append((path, argv, env))
        raise Execd

    monkeypatch.setattr(os, "execve", fake_execve)
    with pytest.raises(Execd):
        main(["lab", str(tmp_path / "c"), "--port", str(free_port()), "--no-browser"])
    path, argv, env = calls[0]
    assert path == sys.executable and argv[1:3] == ["-m", "jupyterlab"]
    config_path = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert str(_resources.jupyter_config_dir()) in config_path
    assert "Ctrl+C twice" in capsys.readouterr().out


def test_lab_without_exec_waits_quietly_through_ctrl_c(monkeypatch):
    """Windows has no exec: the server is a child that gets Ctrl+C too; the CLI just waits."""

    class FakeServer:
        waits = 0

        def __init__(self, cmd, env):
            self.cmd = cmd

        def wait(self):
            FakeServer.waits += 1
            if FakeServer.waits == 1:
                raise KeyboardInterrupt
            return 0

    monkeypatch.setattr(cli.subprocess, "Popen", FakeServer)
    assert cli._run_server(["jupyter-lab"], {}, use_exec=False) == 0
    assert FakeServer.waits == 2


def test_the_course_turns_off_the_jupyter_news_pop_up(tmp_path, capsys):
    page_config = _resources.jupyter_config_dir() / "labconfig" / "page_config.json"
    disabled = json.loads(page_config.read_text(encoding="utf-8"))["disabledExtensions"]
    assert disabled == {"@jupyterlab/apputils-extension:announcements": True}
    cmd = lab_dry_run(capsys, str(tmp_path / "c"))
    assert cmd.startswith(f"JUPYTER_CONFIG_PATH={_resources.jupyter_config_dir()} ")
    env = cli.lab_environment({"JUPYTER_CONFIG_PATH": "/mine"})
    assert env["JUPYTER_CONFIG_PATH"] == os.pathsep.join(
        ["/mine", str(_resources.jupyter_config_dir())]
    ), "the student's own config path keeps priority"
    # The wheel installs the same file where JupyterLab looks (Binder, hubs: see test_packaging)
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert (
        '"src/usjapan_edu/_jupyter/labconfig/page_config.json" = '
        '"etc/jupyter/labconfig/page_config.d/usjapan-edu.json"'
    ) in pyproject


# ---------------------------------------------------------------- lab: files


def test_lab_dest_that_is_a_file_is_one_line(tmp_path, capsys):
    dest = tmp_path / "notes.txt"
    dest.write_text("not a folder", encoding="utf-8")
    assert main(["lab", str(dest), "--dry-run"]) == 1
    err = one_error_line(capsys)
    assert "must be a folder" in err and err.endswith(f"({dest})")


def test_lab_never_writes_through_a_dangling_symlink(tmp_path, capsys):
    dest = tmp_path / "course"
    dest.mkdir()
    outside = tmp_path / "elsewhere" / "planted.ipynb"
    outside.parent.mkdir()
    (dest / "00-start-here.ipynb").symlink_to(outside)
    assert main(["lab", str(dest), "--dry-run"]) == 0
    assert not outside.exists(), "lab wrote outside DEST through a symlink"
    assert "symbolic link to a missing file" in capsys.readouterr().err


# ---------------------------------------------------------------- datasets export


def test_datasets_export_never_silently_overwrites(tmp_path, capsys):
    assert main(["datasets", "export", "tariffs", "--out", str(tmp_path)]) == 0
    csv_file = tmp_path / "tariffs.csv"
    mask = os.umask(0o022)
    os.umask(mask)
    assert csv_file.stat().st_mode & 0o777 == 0o666 & ~mask
    csv_file.write_text("my edits", encoding="utf-8")
    capsys.readouterr()
    assert main(["datasets", "export", "tariffs", "--out", str(tmp_path)]) == 1
    err = one_error_line(capsys)
    assert "tariffs.csv already exists" in err and "--force" in err
    assert csv_file.read_text(encoding="utf-8") == "my edits"
    assert main(["datasets", "export", "tariffs", "--out", str(tmp_path), "--force"]) == 0
    assert csv_file.read_text(encoding="utf-8").startswith("product,")
    assert not list(tmp_path.glob(".*.tmp"))


def test_datasets_export_force_replaces_a_symlink_not_its_target(tmp_path):
    target = tmp_path / "precious.csv"
    target.write_text("keep me", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "tariffs.csv").symlink_to(target)
    assert main(["datasets", "export", "tariffs", "--out", str(out), "--force"]) == 0
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not (out / "tariffs.csv").is_symlink()


def test_datasets_export_out_a_file_is_one_line(tmp_path, capsys):
    out = tmp_path / "file.csv"
    out.write_text("x", encoding="utf-8")
    assert main(["datasets", "export", "tariffs", "--out", str(out)]) == 1
    err = one_error_line(capsys)
    assert "--out must be a folder" in err and err.endswith(f"({out})")


def test_datasets_export_to_a_read_only_folder_is_one_line(tmp_path, capsys, read_only):
    out = tmp_path / "ro"
    out.mkdir()
    read_only(out)
    assert main(["datasets", "export", "tariffs", "--out", str(out)]) == 1
    err = one_error_line(capsys)
    assert "permission denied; you may not write there" in err
    assert err.endswith(f"({out / 'tariffs.csv'})")


# ---------------------------------------------------------------- validate


def test_validate_accepts_a_bundled_bank_slug(capsys):
    assert main(["validate", "00-start-here"]) == 0
    assert "No problems found in 00-start-here" in capsys.readouterr().out
    assert main(["validate", "00-start-hear"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("00-start-hear: no such file, and no bundled quiz bank")
    assert "00-start-here" in out and "sample-all-types" in out


def test_validate_checks_exercise_files_too(tmp_path, capsys, monkeypatch):
    assert main(["validate", str(_resources.data_dir())]) == 0
    folder = tmp_path / "exercises"
    folder.mkdir()
    bad = folder / "09-broken.yaml"
    bad.write_text(
        "prefix: '09'\nexercises:\n  - id: x\n    type: number\n    variable: x\n"
        "    prompt: p\n    expected: {dataset: goods_trade, where: 'year == 2022',"
        " column: us_balance_usd_bn}\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    for arg in (str(bad), str(folder)):
        assert main(["validate", arg]) == 1
        out = capsys.readouterr().out
        assert out.startswith(f"{bad}:7: "), out
        assert "expressions are never run" in out
    # a bundled name that is both a quiz bank and an exercise file checks both
    from usjapan_edu.exercises import loader

    monkeypatch.setattr(loader, "file_path", lambda slug: bad)
    assert main(["validate", "00-start-here"]) == 1
    assert capsys.readouterr().out.startswith(f"{bad}:7: ")


# ---------------------------------------------------------------- progress


def test_progress_without_answers_says_so_and_where(capsys):
    from usjapan_edu.quiz import store

    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("No quiz answers yet") and str(store.default_path()) in out
    assert "Empty DataFrame" not in out


def test_progress_with_answers_shows_them_and_how_to_hand_in(capsys):
    from usjapan_edu.quiz import ProgressStore

    ProgressStore().update("00-start-here", "q1", response="x", attempts=1, correct=True, score=1)
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "00-start-here" in out and "progress export --out answers.csv" in out


def test_progress_export_has_the_users_normal_permissions(tmp_path, capsys):
    from usjapan_edu.quiz import ProgressStore

    ProgressStore().update("00-start-here", "q1", response="x", attempts=1, correct=True, score=1)
    out = tmp_path / "answers.csv"
    old = os.umask(0o022)
    try:
        assert main(["progress", "export", "--out", str(out)]) == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert "hand this file in" in capsys.readouterr().out


def test_progress_export_to_a_folder_is_one_line(tmp_path, capsys):
    folder = tmp_path / "answers.csv"
    folder.mkdir()
    assert main(["progress", "export", "--out", str(folder)]) == 1
    err = one_error_line(capsys)
    assert "--out is a folder" in err and err.endswith(f"({folder})")


def write_progress(text: str) -> Path:
    from usjapan_edu.quiz import store

    path = store.default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_progress_from_a_newer_version_is_one_line(capsys):
    path = write_progress(
        json.dumps({"schema": "usjapan-edu/progress", "schema_version": 99, "banks": {}})
    )
    assert main(["progress"]) == 1
    assert str(path) in one_error_line(capsys)
    assert main(["progress", "export", "--out", str(path.parent / "a.csv")]) == 1
    assert str(path) in one_error_line(capsys)


def test_progress_file_that_is_a_folder_is_one_line(capsys):
    from usjapan_edu.quiz import store

    store.default_path().mkdir(parents=True)
    assert main(["progress"]) == 1
    assert str(store.default_path()) in one_error_line(capsys)


@pytest.fixture
def read_only(monkeypatch):
    """Make a folder read-only (chmod for a user).

    Root may write anywhere, so for root every attempt to create, replace or write a file
    inside the folder fails as it would for a user.
    """
    import errno

    made: list[Path] = []

    def make(folder: Path) -> None:
        folder = folder.resolve()
        made.append(folder)
        if not IS_ROOT:
            folder.chmod(0o555)
            return

        def inside(path) -> bool:
            return Path(os.path.abspath(os.fsdecode(path))).is_relative_to(folder)

        def refuse(path):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))

        real_open, real_mkdir, real_replace = os.open, os.mkdir, os.replace
        writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

        def open_(path, flags, *args, **kwargs):
            if flags & writing and inside(path):
                refuse(path)
            return real_open(path, flags, *args, **kwargs)

        def mkdir(path, *args, **kwargs):
            if inside(path) and not os.path.lexists(path):
                refuse(path)
            return real_mkdir(path, *args, **kwargs)

        def replace(src, dst, *args, **kwargs):
            if inside(src) or inside(dst):
                refuse(dst)
            return real_replace(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)
        monkeypatch.setattr(os, "mkdir", mkdir)
        monkeypatch.setattr(os, "replace", replace)
        monkeypatch.setattr(cli, "open", lambda path, *a, **k: refuse(path), raising=False)

    yield make
    for folder in made:
        folder.chmod(0o755)


def test_progress_in_a_read_only_home_still_shows_and_exports(tmp_path, capsys, read_only):
    from usjapan_edu.quiz import ProgressStore, store

    ProgressStore().update("00-start-here", "q1", response="x", attempts=1, correct=True, score=1)
    read_only(store.default_path().parent)
    assert main(["progress"]) == 0
    assert "00-start-here" in capsys.readouterr().out
    out = tmp_path / "answers.csv"
    assert main(["progress", "export", "--out", str(out)]) == 0
    assert "00-start-here" in out.read_text(encoding="utf-8")
    assert main(["progress", "export", "--out", str(store.default_path().parent / "a.csv")]) == 1
    assert "a.csv" in one_error_line(capsys)


def test_store_errors_are_one_line_naming_the_path(capsys, monkeypatch):
    """Whatever the store raises for a user's problem, the CLI prints one line, exit 1."""
    from usjapan_edu.quiz import store

    for error in [
        store.ProgressError("cannot read quiz progress /x/progress.json: Permission denied"),
        PermissionError(13, "Permission denied", "/x/progress.json"),
        IsADirectoryError(21, "Is a directory", "/x/.tmp", None, "/x/out.csv"),
    ]:

        def fail(*args, error=error, **kwargs):
            raise error

        monkeypatch.setattr(store, "summary", fail)
        monkeypatch.setattr(store, "export", fail)
        assert main(["progress"]) == 1
        first = one_error_line(capsys)
        assert main(["progress", "export", "--out", "x.csv"]) == 1
        assert one_error_line(capsys) == first
        assert first.endswith(("/x/progress.json)", "Permission denied", "(/x/out.csv)"))


# ---------------------------------------------------------------- Ctrl+C in a real terminal


def _read_until(fd: int, buf: bytearray, pattern: bytes, deadline: float) -> bool:
    import select

    while time.time() < deadline:
        if re.search(pattern, bytes(buf)):
            return True
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the terminal's other side is gone
                return bool(re.search(pattern, bytes(buf)))
            if not chunk:
                return bool(re.search(pattern, bytes(buf)))
            buf.extend(chunk)
    return False


@pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("via", ["usjapan-edu lab", "make lab"])
def test_ctrl_c_twice_stops_lab_cleanly_in_a_real_terminal(tmp_path, via):
    """As a student does: lab in a terminal, a kernel running, Ctrl+C twice: a quiet stop.

    The working folder then holds the student versions (issue 16).
    """
    import pty
    import signal
    import urllib.request

    port, token = free_port(), "usj-ctrl-c-test"
    runtime = tmp_path / "jupyter" / "runtime"
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter" / "config"),
        JUPYTER_DATA_DIR=str(tmp_path / "jupyter" / "data"),
        JUPYTER_RUNTIME_DIR=str(runtime),
        JUPYTER_PLATFORM_DIRS="1",
        PYTHONPATH=str(REPO / "tests" / "support" / "offline"),
    )
    argv = [
        sys.executable, "-m", "usjapan_edu", "lab", str(tmp_path / "course"), "--no-browser",
        "--port", str(port), "--", f"--IdentityProvider.token={token}",
        "--ServerApp.ip=127.0.0.1",
    ]  # fmt: skip
    if via == "make lab":  # the README's command; make must not end with "Interrupt"
        argv = [
            "make", "--no-print-directory", "lab", f"PORT={port}", "NO_BROWSER=1",
            f"COURSE_DIR={tmp_path / 'course'}",
            f"LAB_OPTIONS=--IdentityProvider.token={token} --ServerApp.ip=127.0.0.1",
        ]  # fmt: skip
    pid, fd = pty.fork()  # the child gets the terminal as its controlling terminal
    if pid == 0:  # pragma: no cover - the child becomes `usjapan-edu lab` (or make)
        try:
            if via == "make lab":
                os.chdir(REPO)
                REAL_EXECVE(shutil.which("make"), argv, env)
            REAL_EXECVE(sys.executable, argv, env)
        finally:
            os._exit(127)
    out = bytearray()
    status = None
    try:
        started = _read_until(fd, out, rb":%d/lab" % port, time.time() + 180)
        assert started, f"JupyterLab did not start:\n{out.decode(errors='replace')[-3000:]}"
        base = f"http://127.0.0.1:{port}"
        req = urllib.request.Request(f"{base}/api/kernels?token={token}", method="POST", data=b"{}")
        deadline = time.time() + 60  # the URL is printed just before the server listens
        while True:
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    assert r.status == 201
                break
            except OSError as exc:
                if time.time() > deadline:
                    log = out.decode(errors="replace")[-3000:]
                    pytest.fail(f"cannot start a kernel ({exc}):\n{log}")
                time.sleep(0.3)
        deadline = time.time() + 60
        while not list(runtime.glob("kernel-*.json")) and time.time() < deadline:
            time.sleep(0.2)
        # Let start-up settle (jupyter-lsp probes language servers in the terminal's process
        # group for a moment): a student presses Ctrl+C on a server that has been running.
        seen, quiet_since, deadline = len(out), time.time(), time.time() + 30
        while time.time() - quiet_since < 3 and time.time() < deadline:
            _read_until(fd, out, rb"(?!)", time.time() + 0.5)  # (?!) never matches: just read
            if len(out) != seen:
                seen, quiet_since = len(out), time.time()
        assert list(runtime.glob("jpserver-*.json")) and list(runtime.glob("kernel-*.json"))
        os.write(fd, b"\x03")  # Ctrl+C: the terminal sends SIGINT to the foreground group
        asked = _read_until(fd, out, rb"Shut ?down this Jupyter server", time.time() + 30)
        assert asked, out.decode(errors="replace")[-3000:]
        os.write(fd, b"\x03")  # Ctrl+C again: shut down now
        _read_until(fd, out, rb"\A\Z", time.time() + 60)  # drain until the terminal closes
        deadline = time.time() + 60
        while status is None and time.time() < deadline:
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
            time.sleep(0.1)
    finally:
        if status is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    text = out.decode(errors="replace")
    assert status is not None and os.waitstatus_to_exitcode(status) == 0, text[-3000:]
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text[-3000:]
    assert "Shutting down" in text
    assert "Interrupt" not in text and "make: ***" not in text, text[-3000:]
    left = sorted(p.name for p in runtime.glob("*.json"))
    assert not left, f"JupyterLab did not clean up: {left}"
    handed_out = sorted((tmp_path / "course").glob("*.ipynb"))
    assert len(handed_out) == 7
    assert not [p.name for p in handed_out if "BEGIN SOLUTION" in p.read_text("utf-8")]


# ---------------------------------------------------------------- make lab and the README


def make(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def test_make_lab_goes_through_the_working_copy_not_the_tracked_notebooks():
    out = make("-n", "lab", "PORT=8890", "NO_BROWSER=1").stdout
    line = next(x for x in out.splitlines() if " lab " in x)
    assert '.venv/bin/usjapan-edu lab "usjapan-edu-course" --port 8890 --no-browser' in line
    assert "notebooks" not in line
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "usjapan-edu-course/00-start-here.ipynb"], cwd=REPO
    )
    assert ignored.returncode == 0, "the working folder must be git-ignored"
    out = make("-n", "lab", "LAB_OPTIONS=--ServerApp.ip=0.0.0.0 --debug").stdout
    assert "-- --ServerApp.ip=0.0.0.0 --debug" in out


def test_make_lab_refuses_a_busy_port_with_the_make_hint(tmp_path):
    if not (REPO / ".venv" / "bin" / "usjapan-edu").exists():
        pytest.skip("needs the repository's .venv (make test creates it)")
    if make("-q", ".venv/.installed-lab").returncode != 0:
        pytest.skip("the .venv is older than pyproject.toml: `make lab` would reinstall it")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = make("lab", f"PORT={port}", "NO_BROWSER=1", f"COURSE_DIR={tmp_path / 'c'}")
    assert proc.returncode != 0
    errors = [x for x in proc.stderr.splitlines() if x.startswith("usjapan-edu:")]
    assert len(errors) == 1 and f"port {port} is busy" in errors[0], proc.stderr
    assert "make lab PORT=" in errors[0]
    assert "Traceback" not in proc.stderr


def readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_says_how_to_install_today():
    text = readme()
    homepage = re.search(r'Homepage = "([^"]+)"', (REPO / "pyproject.toml").read_text()).group(1)
    assert f'pip install "git+{homepage}.git"' in text
    assert f"git clone {homepage}.git" in text
    assert f"pip install usjapan_edu-{usjapan_edu.__version__}-py3-none-any.whl" in text
    for line in [x for x in text.splitlines() if "pip install usjapan-edu" in x]:
        context = text[max(0, text.index(line) - 200) : text.index(line) + len(line)]
        assert "published" in context and "not yet" in context, line
    assert ".venv\\Scripts\\python -m usjapan_edu lab" in text  # Windows, no make


def test_readme_states_set_up_time_disk_and_how_to_stop_and_resume():
    text = readme()
    assert re.search(r"about \*\*\d+ MB\*\*", text) and re.search(r"\*\*\d+ MB\*\*", text)
    assert re.search(r"\*\*about \d+ (seconds|minutes?)\*\*", text)
    assert "Ctrl + C twice" in text and "run the same command again" in text


def readme_commands() -> list[str]:
    """Every command the README shows: fenced code lines and `inline code`."""
    text = readme()
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    lines = [x.split("  #")[0].strip() for b in blocks for x in b.splitlines()]
    inline = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return [c for c in lines + inline if c]


def test_every_readme_command_exists():
    parser = cli.build_parser()
    checked = {"make": 0, "cli": 0}
    for command in readme_commands():
        words = command.split()
        if words[0] == "make" and len(words) > 1:
            targets = [w for w in words[1:] if "=" not in w]
            proc = make("-n", *targets, *[w for w in words[1:] if "=" in w])
            assert proc.returncode == 0, f"README: `{command}`: {proc.stderr}"
            checked["make"] += 1
            continue
        for launcher in (
            "usjapan-edu",
            ".venv/bin/usjapan-edu",
            ".venv\\Scripts\\python -m usjapan_edu",
        ):
            if command.startswith(launcher + " "):
                rest = command[len(launcher) :].split()
                ours, _ = cli._split_lab_options(rest)
                try:
                    _, unknown = parser.parse_known_args(ours)
                except SystemExit:
                    pytest.fail(f"README: `{command}` does not parse")
                assert not unknown, f"README: `{command}`: unknown {unknown}"
                checked["cli"] += 1
    assert checked["make"] >= 5 and checked["cli"] >= 10, checked


def test_the_course_maps_mark_missing_notebooks_as_coming():
    existing = {p.stem for p in (REPO / "notebooks").glob("*.ipynb")}
    rows = re.findall(r"^\| `(\d\d-[a-z-]+)`(.*)$", readme(), flags=re.M)
    assert len(rows) >= 7
    for slug, rest in rows:
        assert slug in existing or rest.lstrip().startswith("*(coming)*"), slug
    start = json.loads((REPO / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    text = "".join("".join(c["source"]) for c in start["cells"] if c["cell_type"] == "markdown")
    for number, title in re.findall(r"^\| (\d\d) ([^|]+)\|", text, flags=re.M):
        if not any(e.startswith(number + "-") for e in existing):
            assert "*(coming)*" in title, f"notebook 00 promises notebook {number}: {title}"


# ---------------------------------------------------------------- tests stay out of real files


def test_tests_never_touch_the_real_user_data_folder(tmp_path):
    """Run the doctests that read and write progress as `make test` does, with a fake HOME."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "USJAPAN_EDU_"))}
    env.update(HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    env.pop("JUPYTER_RUNTIME_DIR", None)
    env.pop("IPYTHONDIR", None)
    doctests = ["quiz/__init__.py", "quiz/store.py", "cli.py"]
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        + [f"src/usjapan_edu/{m}" for m in doctests],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0 and " passed" in proc.stdout, proc.stdout[-3000:]
    touched = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert not touched, f"the tests wrote into the user's home: {touched}"


# ---------------------------------------------------------------- progress export: never clobber


def test_progress_export_never_replaces_another_file_without_force(tmp_path, capsys):
    # issue 19, item 14: a notebook (or a symlink to one) must never be overwritten by mistake
    notebook = tmp_path / "00-start-here.ipynb"
    notebook.write_text('{"cells": []}', encoding="utf-8")
    link = tmp_path / "answers.csv"
    link.symlink_to(notebook)
    for out in (notebook, link):
        assert main(["progress", "export", "--out", str(out)]) == 1
        err = one_error_line(capsys)
        assert "already exists" in err and "--force" in err and err.endswith(f"({out})")
    assert notebook.read_text(encoding="utf-8") == '{"cells": []}' and link.is_symlink()
    assert main(["progress", "export", "--out", str(link), "--force"]) == 0
    assert not link.is_symlink()  # the link is replaced, never the file it points to
    assert notebook.read_text(encoding="utf-8") == '{"cells": []}'


def test_progress_export_again_replaces_the_earlier_export_and_names_the_student(
    tmp_path, capsys
):
    out = tmp_path / "answers.csv"
    assert main(["progress", "export", "--out", str(out)]) == 0
    assert main(["progress", "export", "--out", str(out), "--name", "Ken Sato", "--id", "7"]) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-3:] == ["student", "student_id", "language"]
    data = tmp_path / "answers.json"
    assert main(["progress", "export", "--out", str(data)]) == 0
    assert main(["progress", "export", "--out", str(data)]) == 0  # an earlier JSON export too
    assert '"name": "Ken Sato"' in data.read_text(encoding="utf-8")
    assert main(["progress", "export", "--out", str(out), "--name", " "]) == 1
    assert "--name/--id" in one_error_line(capsys)
