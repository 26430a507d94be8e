"""Command line: ``usjapan-edu`` (also ``python -m usjapan_edu``).

Students use ``usjapan-edu lab`` to open the course after ``pip install usjapan-edu``;
instructors use ``datasets``, ``validate`` and ``progress``. Run ``usjapan-edu --help``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from usjapan_edu import __version__

__all__ = ["copy_notebooks", "datasets_table", "main"]


def copy_notebooks(dest: Path) -> tuple[list[Path], list[Path]]:
    """Copy the course notebooks into ``dest``, never overwriting a file that exists.

    A student's edited copy is always kept: existing files are skipped, not replaced.

    Returns
    -------
    (copied, kept) : tuple of lists of Path
        Files newly written, and files left as they were.

    Examples
    --------
    >>> import tempfile
    >>> copied, kept = copy_notebooks(Path(tempfile.mkdtemp()))
    >>> any(p.name == "00-start-here.ipynb" for p in copied)
    True
    """
    from usjapan_edu._resources import notebooks_dir

    src = notebooks_dir()
    dest.mkdir(parents=True, exist_ok=True)
    copied: list[Path] = []
    kept: list[Path] = []
    for nb in sorted(src.glob("*.ipynb")):
        target = dest / nb.name
        if target.exists():
            kept.append(target)
        else:
            shutil.copy2(nb, target)
            copied.append(target)
    return copied, kept


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


def _cmd_lab(args: argparse.Namespace) -> int:
    dest = Path(args.dest).expanduser().resolve()
    copied, kept = copy_notebooks(dest)
    print(f"Course notebooks in {dest}: {len(copied)} copied, {len(kept)} kept as you left them.")
    # default_url (not a file argument) so the URL JupyterLab prints opens 00 too.
    cmd = [
        sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={dest}",
        "--LabApp.default_url=/lab/tree/00-start-here.ipynb",
    ]  # fmt: skip
    if args.no_browser:
        cmd.append("--no-browser")
    if args.port:
        cmd.append(f"--ServerApp.port={args.port}")
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    return subprocess.call(cmd)


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
        print(f"usjapan-edu datasets {args.action}: give a dataset NAME", file=sys.stderr)
        return 2
    if args.action == "info":
        print(datasets.codebook_markdown(args.name))
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    meta = datasets.info(args.name)
    csv_path = out / meta.path.name
    book_path = out / f"{args.name}.codebook.md"
    shutil.copyfile(meta.path, csv_path)
    book_path.write_text(datasets.codebook_markdown(args.name), encoding="utf-8")
    print(f"wrote {csv_path}\nwrote {book_path}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from usjapan_edu.quiz.bank import validate_files

    problems = validate_files(args.paths)
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"No problems found in {', '.join(args.paths)}.")
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from usjapan_edu.quiz import store

    if args.action == "export":
        path = store.export(args.out, fmt=args.format)
        print(f"wrote {path}")
    else:
        print(store.summary().to_string(index=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(
        prog="usjapan-edu",
        description="Course tools for usjapan-edu: open the notebooks, explore datasets, "
        "validate quiz banks, export quiz progress.",
    )
    parser.add_argument("--version", action="version", version=f"usjapan-edu {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    lab = sub.add_parser("lab", help="copy the notebooks to DEST and open JupyterLab there")
    lab.add_argument(
        "dest",
        nargs="?",
        default="usjapan-edu-course",
        metavar="DEST",
        help="working folder (default: ./usjapan-edu-course)",
    )
    lab.add_argument("--port", type=int, help="port for JupyterLab")
    lab.add_argument("--no-browser", action="store_true", help="do not open a web browser")
    lab.add_argument("--dry-run", action="store_true", help="copy, print the command, stop")
    lab.set_defaults(func=_cmd_lab)

    ds = sub.add_parser("datasets", help="list, describe or export the bundled datasets")
    ds.add_argument("action", choices=["list", "info", "export"])
    ds.add_argument("name", nargs="?", help="dataset name (for info and export)")
    ds.add_argument("--out", default=".", help="folder for export (default: .)")
    ds.add_argument("--markdown", action="store_true", help="list as a Markdown table")
    ds.set_defaults(func=_cmd_datasets)

    val = sub.add_parser("validate", help="check quiz bank YAML files")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.set_defaults(func=_cmd_validate)

    prog = sub.add_parser("progress", help="show or export your quiz answers")
    prog.add_argument("action", choices=["show", "export"], nargs="?", default="show")
    prog.add_argument("--out", default="usjapan-edu-progress.csv", help="file to write")
    prog.add_argument("--format", choices=["csv", "json"], help="default: from --out suffix")
    prog.set_defaults(func=_cmd_progress)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Errors a user can fix (unknown dataset, damaged file) print one line and exit 1.
    """
    from usjapan_edu.datasets import DatasetError, UnknownDatasetError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (UnknownDatasetError, DatasetError, FileNotFoundError, ValueError) as exc:
        print(f"usjapan-edu: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
