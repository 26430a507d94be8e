"""Command line: ``usjapan-edu`` (also ``python -m usjapan_edu``).

Students use ``usjapan-edu lab`` to open the course and ``usjapan-edu progress export`` to hand
in their answers; instructors use ``datasets``, ``validate`` and ``progress``. Run
``usjapan-edu --help``.

Every error a user can fix (a file in the way, a folder they may not write to, a damaged
progress file, an unknown dataset) prints one line, ``usjapan-edu: error: <what> (<path>)``,
and exits with status 1 — never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import errno
import os
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from usjapan_edu import __version__

__all__ = ["CLIError", "copy_notebooks", "datasets_table", "lab_command", "main"]

DEFAULT_PORT = 8888
DEFAULT_COURSE_DIR = "usjapan-edu-course"
START_NOTEBOOK = "00-start-here.ipynb"
#: Set by ``make lab`` so that hints name ``make lab PORT=…`` instead of ``--port``.
VIA_MAKE_ENV = "USJAPAN_EDU_VIA_MAKE"


class CLIError(Exception):
    """A problem the user can fix; :func:`main` prints it as one line and exits with 1."""


def _prog() -> str:
    """Return the command as the user can type it again (for hints in messages).

    ``usjapan-edu`` when that is on the PATH, else the path that was run (e.g.
    ``.venv/bin/usjapan-edu`` in a clone), or ``python -m usjapan_edu``.
    """
    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if Path(argv0).stem != "usjapan-edu":  # run as `python -m usjapan_edu` (or from Python)
        return "python -m usjapan_edu"
    on_path = shutil.which("usjapan-edu")
    try:
        if on_path and Path(on_path).resolve() == Path(argv0).resolve():
            return "usjapan-edu"
        shown = os.path.relpath(argv0) if Path(argv0).is_absolute() else argv0
    except (OSError, ValueError):  # another drive on Windows, a vanished cwd
        shown = argv0
    return shlex.quote(shown)


def _hint(command: str) -> str:
    """Return how to run ``command`` (``lab``, ``export``, ``lab --port N``) the way the user does.

    Under ``make`` (which sets ``USJAPAN_EDU_VIA_MAKE``), the make target; else the CLI.
    """
    via_make = bool(os.environ.get(VIA_MAKE_ENV))
    if command == "lab":
        return "make lab" if via_make else f"{_prog()} lab"
    if command == "export":
        if via_make:
            return "make export OUT=answers.csv"
        return f"{_prog()} progress export --out answers.csv"
    port = command.split()[-1]
    return f"make lab PORT={port}" if via_make else f"{_prog()} lab --port {port}"


def _write_new(path: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` to ``path`` with the user's normal permissions, never through a symlink.

    Without ``replace`` the file is created exclusively (``FileExistsError`` if anything,
    even a dangling symbolic link, has the name). With ``replace`` it is written next to the
    target and moved over it, so a symlink is replaced, not followed.
    """
    if not replace:
        with open(path, "xb") as fh:
            fh.write(data)
        return
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _need_folder(path: Path, what: str) -> None:
    """Raise :class:`CLIError` if ``path`` exists but is not a folder."""
    if os.path.lexists(path) and not path.is_dir():
        kind = "a broken symbolic link" if path.is_symlink() else "a file"
        raise CLIError(f"{what} must be a folder, but this is {kind}; give another name ({path})")


# ---------------------------------------------------------------- lab


def copy_notebooks(
    dest: Path, *, with_solutions: bool = False, lang: str = "en"
) -> tuple[list[Path], list[Path]]:
    """Copy the course notebooks into ``dest``, never overwriting a student's work.

    The Japanese notebooks (``lang="ja"``) go into ``dest/ja/``: a notebook in a folder named
    ``ja`` speaks Japanese (its quizzes, feedback and charts too), and a student may keep both.

    Students get the **student versions** (``notebooks/student/``: every solution replaced by
    the placeholder the exercise starts from, made by ``student-version``); instructors ask
    for the full notebooks with ``with_solutions``. A notebook the student deleted comes back.
    A file that is byte for byte a shipped notebook of the *other* kind (an untouched solved
    copy left by an older version of the course) is replaced by the right one; any other
    existing file is the student's and is kept. Nothing is ever written through a symbolic
    link, even a dangling one: such a name counts as kept.

    Returns
    -------
    (copied, kept) : tuple of lists of Path
        Files newly written (or refreshed), and files left as they were.

    Examples
    --------
    >>> import tempfile
    >>> copied, kept = copy_notebooks(Path(tempfile.mkdtemp()))
    >>> any(p.name == "00-start-here.ipynb" for p in copied)
    True
    >>> "BEGIN SOLUTION" in copied[0].read_text(encoding="utf-8")
    False

    """
    from usjapan_edu._resources import JA_FOLDER, course_notebooks_dir

    full = course_notebooks_dir(lang, with_solutions=True)
    student = course_notebooks_dir(lang)
    src, other = (full, student) if with_solutions else (student, full)
    if lang == "ja":
        dest = dest / JA_FOLDER
        _need_folder(dest, "the Japanese course folder")
    dest.mkdir(parents=True, exist_ok=True)
    copied: list[Path] = []
    kept: list[Path] = []
    for nb in sorted(src.glob("*.ipynb")):
        target = dest / nb.name
        data = nb.read_bytes()
        if os.path.lexists(target):
            if not target.is_symlink() and _same_bytes(target, other / nb.name):
                _write_new(target, data, replace=True)  # untouched copy of the other kind
                copied.append(target)
            else:
                kept.append(target)
            continue
        try:
            # "x" = O_CREAT | O_EXCL: fails on any existing name and never follows a symlink.
            _write_new(target, data, replace=False)
        except FileExistsError:  # appeared meanwhile (a second `lab` starting): keep it
            kept.append(target)
            continue
        copied.append(target)
    return copied, kept


def _same_bytes(path: Path, shipped: Path) -> bool:
    """Return whether ``path`` holds exactly the shipped file ``shipped`` (false on any error)."""
    try:
        if not path.is_file() or not shipped.is_file():
            return False
        if path.stat().st_size != shipped.stat().st_size:
            return False
        return path.read_bytes() == shipped.read_bytes()
    except OSError:
        return False


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)  # absent on Windows
    return geteuid is not None and geteuid() == 0


def lab_command(
    dest: Path,
    *,
    port: int = DEFAULT_PORT,
    no_browser: bool = False,
    allow_root: bool = False,
    extra: Sequence[str] = (),
    lang: str = "en",
) -> list[str]:
    """Return the JupyterLab command that serves ``dest`` and opens ``00-start-here``.

    In Japanese (``lang="ja"``) it opens ``ja/00-start-here.ipynb``.

    ``--allow-root`` is added when running as root (Docker and many hub images): JupyterLab
    refuses to start as root without it. ``port_retries=0`` makes a busy port an error instead
    of JupyterLab silently taking the next one. ``extra`` options go to JupyterLab last.

    Examples
    --------
    >>> cmd = lab_command(Path("/course"), port=8890, extra=["--ServerApp.ip=0.0.0.0"])
    >>> cmd[-1], "--ServerApp.port=8890" in cmd, "--ServerApp.port_retries=0" in cmd
    ('--ServerApp.ip=0.0.0.0', True, True)
    """
    # default_url (not a file argument) so the URL JupyterLab prints opens 00 too.
    cmd = [
        sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={dest}",
        f"--LabApp.default_url=/lab/tree/{'ja/' if lang == 'ja' else ''}{START_NOTEBOOK}",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
    ]  # fmt: skip
    if no_browser:
        cmd.append("--no-browser")
    if allow_root or _is_root():
        cmd.append("--allow-root")
    cmd.extend(extra)
    return cmd


def lab_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """Return the environment for JupyterLab: the course's JupyterLab settings added.

    The package ships ``labconfig/page_config.json`` (see
    :func:`usjapan_edu._resources.jupyter_config_dir`), which turns off JupyterLab's "get
    notified about Jupyter news?" pop-up so the course opens straight on its notebook. It is
    appended to ``JUPYTER_CONFIG_PATH``: the student's own Jupyter settings still win.
    """
    from usjapan_edu._resources import jupyter_config_dir

    env = dict(os.environ if base is None else base)
    ours = str(jupyter_config_dir())
    paths = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    if ours not in paths:
        paths.append(ours)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(paths)
    return env


def _port_in_use(port: int) -> bool:
    """Return True if something already listens on ``port`` on this machine."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        if os.name == "posix":  # as JupyterLab (tornado) does: TIME_WAIT is no conflict
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            return exc.errno in {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)}
    return False


def _running_jupyter_on(port: int) -> dict | None:
    """Return the info of a Jupyter server of this user listening on ``port``, if any."""
    try:
        from jupyter_server.serverapp import list_running_servers

        return next((s for s in list_running_servers() if s.get("port") == port), None)
    except Exception:  # only a nicer message is at stake
        return None


def _port_busy_message(port: int) -> str:
    alt = next((p for p in range(port + 1, port + 50) if not _port_in_use(p)), port + 1)
    how = _hint(f"lab --port {alt}")
    server = _running_jupyter_on(port)
    if server:
        url = f"{server.get('url', f'http://localhost:{port}/')}lab"
        if server.get("token"):
            url += f"?token={server['token']}"
        return (
            f"JupyterLab is already running on port {port}, serving {server.get('root_dir')}: "
            f"open {url} in your browser, or stop it with Ctrl+C twice in its terminal; "
            f"to start a second one, choose another port: `{how}`"
        )
    return f"port {port} is busy (another program uses it); choose another port: `{how}`"


def _run_server(cmd: list[str], env: dict[str, str], *, use_exec: bool | None = None) -> int:
    """Run JupyterLab so that Ctrl+C reaches the server itself and it shuts down cleanly.

    On POSIX the process becomes JupyterLab (``exec``): no Python wrapper is left to die of
    KeyboardInterrupt with a traceback while the server is killed without its clean-up. On
    Windows (no real ``exec``) the server runs as a child, which gets Ctrl+C from the console
    too; the wrapper quietly waits for it to finish.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    if use_exec if use_exec is not None else os.name == "posix":
        _take_terminal()
        os.execve(cmd[0], cmd, env)  # does not return
    proc = subprocess.Popen(cmd, env=env)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            continue  # JupyterLab got the Ctrl+C as well and is shutting down


def _take_terminal() -> None:
    """Under ``make lab``, give Ctrl+C to JupyterLab alone, so that a normal stop is quiet.

    The terminal sends Ctrl+C to its whole foreground process group: ``make`` as well as
    JupyterLab. JupyterLab asks "Shut down this Jupyter server?" and stops cleanly on the
    second Ctrl+C, but ``make`` ends at the first with ``make: *** [Makefile: lab]
    Interrupt``. So, only when run by ``make`` from a terminal, the server gets a process
    group of its own and becomes the terminal's foreground group (as a shell does for a
    job); ``make`` simply waits for it. Nothing changes when anything fails.
    """
    if os.name != "posix" or not os.environ.get(VIA_MAKE_ENV):
        return
    import signal

    try:
        fd = sys.stdin.fileno()
        if not os.isatty(fd) or os.tcgetpgrp(fd) != os.getpgrp():
            return  # no terminal, or not its foreground (e.g. run in the background)
        previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # a background group may not
        try:  # take the terminal without this
            os.setpgid(0, 0)
            os.tcsetpgrp(fd, os.getpgrp())
        finally:
            signal.signal(signal.SIGTTOU, previous)
    except (OSError, ValueError):
        return


def _lang(text: str) -> str:
    from usjapan_edu.i18n import check_language

    try:
        return check_language(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _course_language(chosen: str | None) -> str:
    """Return the language to hand out: the one asked for (remembered), else the remembered one."""
    from usjapan_edu._grading_run import progress_disabled
    from usjapan_edu.quiz.store import ProgressError, ProgressStore

    if progress_disabled():
        return chosen or "en"
    store = ProgressStore()
    try:
        if chosen is None:
            return store.language() or "en"
        if store.language() != chosen:
            store.set_language(chosen)
    except (OSError, ProgressError) as exc:
        print(f"usjapan-edu: note: the language is not remembered ({exc})", file=sys.stderr)
    return chosen or "en"


def _cmd_lab(args: argparse.Namespace) -> int:
    dest = Path(args.dest).expanduser().resolve()
    _need_folder(dest, "the course folder (DEST)")
    if not (args.dry_run or args.copy_only) and _port_in_use(args.port):
        raise CLIError(_port_busy_message(args.port))
    lang = _course_language(args.lang)
    copied, kept = copy_notebooks(dest, with_solutions=args.with_solutions, lang=lang)
    kind = "instructor versions, with solutions" if args.with_solutions else "student versions"
    where = dest / "ja" if lang == "ja" else dest
    in_lang = ", in Japanese" if lang == "ja" else ""
    print(
        f"Course notebooks ({kind}{in_lang}) in {where}: {len(copied)} copied, {len(kept)} kept "
        "as you left them."
    )
    for path in kept:
        if path.is_symlink() and not path.exists():
            print(
                f"usjapan-edu: note: {path} is a symbolic link to a missing file and was left "
                "alone; delete it and run this again to get a fresh copy",
                file=sys.stderr,
            )
    cmd = lab_command(
        dest,
        port=args.port,
        no_browser=args.no_browser,
        allow_root=args.allow_root,
        extra=args.jupyter_args,
        lang=lang,
    )
    if args.copy_only:
        return 0
    env = lab_environment()
    if args.dry_run:
        print(shlex.join([f"JUPYTER_CONFIG_PATH={env['JUPYTER_CONFIG_PATH']}", *cmd]))
        return 0
    print(
        f"Starting JupyterLab on port {args.port}. Stop it with Ctrl+C twice; run the same "
        "command again to carry on where you left off."
    )
    return _run_server(cmd, env)


# ---------------------------------------------------------------- datasets


def datasets_table() -> str:
    """Return the Markdown table of datasets shown in the README (generated, never hand-written).

    Examples
    --------
    >>> datasets_table().splitlines()[0]
    '| dataset | what it holds | rows | source |'
    """
    from usjapan_edu import datasets

    lines = ["| dataset | what it holds | rows | source |", "|---|---|---|---|"]
    for name in datasets.list_datasets():
        meta = datasets.info(name)
        publishers = [p for p in dict.fromkeys(s.get("publisher", "") for s in meta.sources) if p]
        more = len(publishers) - 2
        shown = "; ".join(publishers[:2]) + (f"; and {more} more" if more > 0 else "")
        lines.append(f"| `{name}` | {meta.title} | {len(datasets.load(name))} | {shown} |")
    return "\n".join(lines)


def _known_dataset(name: str) -> str:
    """Return ``name`` if it is a bundled dataset, else raise a CLIError naming the CLI fix."""
    from usjapan_edu import datasets

    names = datasets.list_datasets()
    if name in names:
        return name
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    close += [n for n in names if name and name in n and n not in close]
    hint = f"did you mean {' or '.join(repr(c) for c in close[:3])}? " if close else ""
    raise CLIError(
        f"unknown dataset {name!r}; {hint}`{_prog()} datasets list` describes all "
        f"{len(names)}: {', '.join(names)}"
    )


def _cmd_datasets(args: argparse.Namespace) -> int:
    from usjapan_edu import datasets

    if args.action == "list":
        print(
            datasets_table()
            if args.markdown
            else "\n".join(
                f"{name:28} {datasets.info(name).title}" for name in datasets.list_datasets()
            )
        )
        return 0
    if not args.name:
        raise CLIError(
            f"`datasets {args.action}` needs a dataset NAME, e.g. "
            f"`{_prog()} datasets {args.action} goods_trade`; `{_prog()} datasets list` "
            "shows them all"
        )
    name = _known_dataset(args.name)
    if args.action == "info":
        print(datasets.codebook_markdown(name))
        return 0
    out = Path(args.out).expanduser()
    _need_folder(out, "--out")
    meta = datasets.info(name)
    files = {
        out / meta.path.name: meta.path.read_bytes(),
        out / f"{name}.codebook.md": datasets.codebook_markdown(name).encode("utf-8"),
    }
    if not args.force:
        for path in files:
            if os.path.lexists(path):
                raise CLIError(
                    f"{path.name} already exists in {out} and may hold your edits; add --force "
                    f"to replace it, or choose another folder with --out ({path})"
                )
    out.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        _write_new(path, data, replace=args.force)
        print(f"wrote {path}")
    return 0


# ---------------------------------------------------------------- validate


def _course_files(args: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Sort arguments into quiz banks and exercise files; return (banks, exercises, problems).

    A slug names a bundled quiz bank and/or exercise file (``00-start-here`` is both: both are
    checked); a folder holding ``quizzes/`` or ``exercises/`` (such as ``data``) stands for them.
    """
    from usjapan_edu.exercises.loader import file_path, list_files, looks_like_exercise_file
    from usjapan_edu.quiz.bank import bank_path, list_banks

    banks: list[str] = []
    exercise_files: list[str] = []
    problems: list[str] = []
    for arg in args:
        path = Path(arg)
        looks_like_path = arg.endswith((".yaml", ".yml")) or "/" in arg or os.sep in arg
        if path.is_dir() and ((path / "quizzes").is_dir() or (path / "exercises").is_dir()):
            banks += [str(path / "quizzes")] if (path / "quizzes").is_dir() else []
            exercise_files += [str(path / "exercises")] if (path / "exercises").is_dir() else []
        elif looks_like_path or os.path.lexists(arg):
            (exercise_files if looks_like_exercise_file(path) else banks).append(arg)
        else:
            found = False
            for finder, into in ((bank_path, banks), (file_path, exercise_files)):
                try:
                    into.append(str(finder(arg)))
                    found = True
                except (FileNotFoundError, LookupError):  # UnknownBank/ExerciseError
                    pass
            if not found:
                problems.append(
                    f"{arg}: no such file, and no bundled quiz bank or exercise file of that "
                    "name; give a YAML file (e.g. data/quizzes/my-bank.yaml) or one of: "
                    f"{', '.join(sorted(set(list_banks()) | set(list_files())))}"
                )
    return banks, exercise_files, problems


def _cmd_validate(args: argparse.Namespace) -> int:
    from usjapan_edu import exercises
    from usjapan_edu.quiz.bank import validate_files

    banks, exercise_files, problems = _course_files(args.paths)
    if banks:
        problems += validate_files(banks)
    if exercise_files:
        problems += exercises.validate_files(exercise_files)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"No problems found in {', '.join(args.paths)}.")
    return 0


# ---------------------------------------------------------------- progress


def _is_earlier_export(path: Path) -> bool:
    """Return whether ``path`` is a plain file written by ``progress export`` (safe to replace).

    A notebook, a symbolic link or any other file is never replaced without ``--force``.
    """
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return head.startswith(b"bank,bank_title,question,") or (
        head.lstrip().startswith(b"{") and b'"schema": "usjapan-edu/progress"' in head
    )


def _cmd_progress(args: argparse.Namespace) -> int:
    from usjapan_edu.quiz import store

    where = store.default_path()
    if args.action == "export":
        out = Path(args.out).expanduser()
        if out.is_dir():
            raise CLIError(
                "--out is a folder; give a file name ending in .csv or .json, e.g. "
                f"--out {out / 'answers.csv'} ({out})"
            )
        if os.path.lexists(out) and not args.force and not _is_earlier_export(out):
            raise CLIError(
                f"{out} already exists and is not an earlier export of your answers; choose "
                f"another --out, or add --force to replace it ({out})"
            )
        if args.name is not None or args.id is not None:
            saved = store.ProgressStore().student()
            try:
                store.ProgressStore().set_student(
                    saved["name"] if args.name is None else args.name,
                    saved["id"] if args.id is None else args.id,
                )
            except ValueError as exc:
                raise CLIError(f"--name/--id: {exc}") from None
        path = store.export(out, fmt=args.format)  # with the user's normal permissions
        answered = len(store.ProgressStore().rows())
        print(f"wrote {path} ({answered} answer(s)): hand this file in to your instructor.")
        if not answered:
            print(f"No quiz answers yet, so it holds only the column names (read from {where}).")
        return 0
    table = store.summary()
    if table.empty or int(table["answered"].sum()) == 0:
        print(
            f"No quiz answers yet. Answer the quizzes in the notebooks (`{_hint('lab')}`); "
            f"your answers are saved in {where}."
        )
        return 0
    print(table.to_string(index=False))
    print(
        f"\nYour answers are saved in {where}. Write them to a file for your instructor with "
        f"`{_hint('export')}`."
    )
    return 0


# ---------------------------------------------------------------- parser and main


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(
        prog="usjapan-edu",
        description="Course tools for usjapan-edu: open the notebooks, explore datasets, "
        "validate quiz banks, export quiz progress.",
    )
    parser.add_argument("--version", action="version", version=f"usjapan-edu {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lab = sub.add_parser(
        "lab",
        help="copy the notebooks to DEST and open JupyterLab there",
        usage="%(prog)s [DEST] [options] [-- JUPYTERLAB-OPTIONS ...]",
        description="Copy the course notebooks to DEST (never overwriting your edited copies) "
        "and open JupyterLab there on 00-start-here. Stop it with Ctrl+C twice; run the same "
        "command again to carry on.",
        epilog="Options after `--` go to JupyterLab unchanged, e.g. "
        "`usjapan-edu lab -- --ServerApp.ip=0.0.0.0`. As root, --allow-root is added for you.",
    )
    lab.add_argument(
        "dest",
        nargs="?",
        default=DEFAULT_COURSE_DIR,
        metavar="DEST",
        help=f"working folder (default: ./{DEFAULT_COURSE_DIR})",
    )
    lab.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port for JupyterLab (default: {DEFAULT_PORT}); a busy port is an error",
    )
    lab.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    lab.add_argument(
        "--allow-root", action="store_true", help="let JupyterLab run as root (automatic as root)"
    )
    lab.add_argument("--dry-run", action="store_true", help="copy, print the command, stop")
    lab.add_argument(
        "--copy-only",
        action="store_true",
        help="only copy the notebooks to DEST (for Binder and hub images); do not start JupyterLab",
    )
    lab.add_argument(
        "--with-solutions",
        action="store_true",
        help="instructors: copy the full notebooks, solutions included (students get the "
        "exercises without them)",
    )
    lab.add_argument(
        "--lang",
        type=_lang,
        default=None,
        metavar="{en,ja}",
        help="the course language: en (English) or ja (日本語: notebooks in DEST/ja). "
        "Remembered in your progress file; default: the language used last, else en",
    )
    lab.set_defaults(func=_cmd_lab, jupyter_args=[])

    ds = sub.add_parser("datasets", help="list, describe or export the bundled datasets")
    ds.add_argument("action", choices=["list", "info", "export"])
    ds.add_argument("name", nargs="?", help="dataset name (for info and export)")
    ds.add_argument("--out", default=".", help="folder for export (default: .)")
    ds.add_argument("--force", action="store_true", help="export: replace files that already exist")
    ds.add_argument("--markdown", action="store_true", help="list as a Markdown table")
    ds.set_defaults(func=_cmd_datasets)

    val = sub.add_parser(
        "validate", help="check quiz banks and exercise files (files, folders or bundled names)"
    )
    val.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a YAML file, a folder of them, or the name of a bundled bank (e.g. 00-start-here)",
    )
    val.set_defaults(func=_cmd_validate)

    prog = sub.add_parser("progress", help="show or export your quiz answers")
    prog.add_argument("action", choices=["show", "export"], nargs="?", default="show")
    prog.add_argument("--out", default="usjapan-edu-progress.csv", help="file to write")
    prog.add_argument("--format", choices=["csv", "json"], help="default: from --out suffix")
    prog.add_argument("--force", action="store_true", help="export: replace --out if it exists")
    prog.add_argument(
        "--name", help="export: your name, written into the file (kept for next time)"
    )
    prog.add_argument("--id", help="export: your student id, written into the file")
    prog.set_defaults(func=_cmd_progress)
    from usjapan_edu.instructor.cli import add_commands  # answer-key, export-quiz, …

    add_commands(sub)
    return parser


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        msg = f"not a port number: {text!r} (use 1024-65535, e.g. 8890)"
        raise argparse.ArgumentTypeError(msg)
    return port


def _split_lab_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """Split ``lab … -- OPTIONS`` into our arguments and JupyterLab's."""
    command = next((a for a in argv if not a.startswith("-")), None)
    if command == "lab":
        start = argv.index("lab")
        if "--" in argv[start:]:
            cut = argv.index("--", start)
            return argv[:cut], argv[cut + 1 :]
    return argv, []


_FIXES = {
    errno.EACCES: "you may not write there: choose a folder of your own",
    errno.EPERM: "you may not write there: choose a folder of your own",
    errno.EROFS: "that disk is read-only: choose another folder",
    errno.ENOSPC: "the disk is full: free some space and try again",
    errno.EISDIR: "that is a folder: give a file name",
    errno.ENOTDIR: "part of that path is a file, not a folder: choose another path",
    errno.ENOENT: "check the name",
    errno.EEXIST: "something is already there: choose another name",
}


def _describe_os_error(exc: OSError) -> str:
    """Return ``<what went wrong>; <how to fix it> (<path>)`` for an OSError."""
    path = exc.filename2 if exc.filename2 is not None else exc.filename
    if not exc.strerror:  # e.g. filelock.Timeout, or our own exceptions: the message says it
        return str(exc)
    what = exc.strerror[:1].lower() + exc.strerror[1:]
    fix = _FIXES.get(exc.errno or 0)
    text = f"{what}; {fix}" if fix else what
    return f"{text} ({os.fsdecode(path)})" if path is not None else text


def _is_user_error(exc: BaseException) -> bool:
    """Errors of the package that describe a problem the user can fix."""
    kinds: list[type] = [ValueError]  # DatasetError, BankError, bad --format, …
    for module, name in [
        ("usjapan_edu.datasets", "UnknownDatasetError"),
        ("usjapan_edu.quiz.store", "ProgressError"),
    ]:
        kind = getattr(sys.modules.get(module), name, None)
        if isinstance(kind, type):
            kinds.append(kind)
    return isinstance(exc, tuple(kinds))


def _error(message: str) -> int:
    print(f"usjapan-edu: error: {' '.join(message.split())}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Errors a user can fix (unknown dataset, a file in the way, a folder they may not write to,
    a damaged progress file) print one line and exit 1; Ctrl+C exits 130 without a traceback.
    """
    parser = build_parser()
    ours, jupyter_args = _split_lab_options(list(sys.argv[1:] if argv is None else argv))
    args, unknown = parser.parse_known_args(ours)
    if unknown:
        hint = ""
        if args.command == "lab":
            hint = f" (JupyterLab options go after `--`: usjapan-edu lab -- {' '.join(unknown)})"
        parser.error(f"unrecognized arguments: {' '.join(unknown)}{hint}")
    if args.command == "lab":
        args.jupyter_args = jupyter_args
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("usjapan-edu: interrupted", file=sys.stderr)
        return 130
    except CLIError as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(_describe_os_error(exc))
    except Exception as exc:
        if _is_user_error(exc):
            return _error(str(exc))
        raise


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
