"""Student versions of notebooks: solution regions replaced by placeholders, outputs cleared.

The committed notebooks are the instructor version: the solution of each "your turn" sits
between nbgrader's markers ``### BEGIN SOLUTION`` and ``### END SOLUTION``. The student version
replaces each region by what a student starts from:

* a code region that assigns a variable gets ``<variable> = ...``, so the notebook still runs
  top to bottom and the exercise check below it says "Not yet" (``exercises.check`` treats
  ``...`` as "not answered yet", with either check form);
* any other code region (an indented one, one that assigns nothing) gets nbgrader's own stub,
  ``# YOUR CODE HERE`` / ``raise NotImplementedError()``, indented like the marker;
* a Markdown region gets nbgrader's ``YOUR ANSWER HERE``;
* ``BEGIN HIDDEN TESTS`` / ``END HIDDEN TESTS`` and ``BEGIN MARK SCHEME`` / ``END MARK SCHEME``
  regions are removed, as nbgrader removes them;
* a cell whose metadata marks it as an nbgrader solution cell (``nbgrader: {solution: true}``)
  but that has no region is replaced whole, as nbgrader does.

Markers are found exactly as nbgrader finds them (a line *containing* ``BEGIN SOLUTION``, in
any cell), so a notebook gives the same student cells here and in ``nbgrader
generate_assignment`` (with ``--ClearSolutions.enforce_metadata=False``: the course notebooks
carry no nbgrader metadata) up to the placeholder; ``placeholder="nbgrader"`` uses nbgrader's
stub everywhere and gives identical cells. Outputs, execution counts and saved widget state are
cleared; everything else, exercise checks included, is kept as it is.

Bad input is a :class:`StudentVersionError` naming the file (and cell and line): not a
notebook, invalid JSON, unbalanced or nested markers. Nothing is written unless every notebook
converts.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import textwrap
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from usjapan_edu._resources import STUDENT_FOLDER
from usjapan_edu.instructor._files import InstructorError, check_new, write_files

__all__ = [
    "NBGRADER_CODE_STUB",
    "NBGRADER_TEXT_STUB",
    "PLACEHOLDERS",
    "Region",
    "StudentNotebook",
    "StudentVersionError",
    "Written",
    "make_student_notebook",
    "plan",
    "read_notebook",
    "student_version",
]

NBGRADER_CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
"""What nbgrader's ``ClearSolutions`` puts in place of a Python solution region."""
NBGRADER_TEXT_STUB = "YOUR ANSWER HERE"
"""What nbgrader's ``ClearSolutions`` puts in place of a Markdown solution region."""
PLACEHOLDERS = ("variable", "nbgrader")
MAX_BYTES = 100 * 1024 * 1024

# (kind, begin, end, what replaces the region: "stub" or "nothing"), in nbgrader's terms
_KINDS = (
    ("solution", "BEGIN SOLUTION", "END SOLUTION", "stub"),
    ("hidden tests", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "nothing"),
    ("mark scheme", "BEGIN MARK SCHEME", "END MARK SCHEME", "nothing"),
)
_CHECK_CALL = re.compile(
    r"""\bcheck\(\s*(?P<q>["'])(?P<id>[^"'\n]+)(?P=q)\s*(?:,\s*(?P<var>[A-Za-z_]\w*)\s*[,)])?"""
)
_CLEARED_CELL_METADATA = ("collapsed", "scrolled", "execution", "ExecuteTime")


class StudentVersionError(InstructorError):
    """A notebook cannot be turned into a student version; ``problems`` holds one line each."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Region:
    """One region replaced or removed: where it was and what took its place."""

    cell: int
    """1-based number of the cell, as an instructor counts them from the top."""
    line: int
    """1-based line of the ``BEGIN`` marker in the cell."""
    kind: str
    """``solution``, ``hidden tests``, ``mark scheme`` or ``solution cell`` (metadata)."""
    placeholder: str
    """The text that replaced it (empty when the region was removed)."""


@dataclass
class StudentNotebook:
    """A student version made in memory by :func:`make_student_notebook`."""

    notebook: Any
    regions: list[Region] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Written:
    """One student notebook written by :func:`student_version`."""

    source: Path
    dest: Path
    regions: tuple[Region, ...]


# ---------------------------------------------------------------- reading


def read_notebook(path: Path) -> Any:
    """Read a notebook as an nbformat v4 node, or raise a one-line :class:`StudentVersionError`.

    Examples
    --------
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "broken.ipynb"
    >>> _ = bad.write_text('{"cells": [', encoding="utf-8")
    >>> read_notebook(bad)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    usjapan_edu.instructor.student_version.StudentVersionError: ...broken.ipynb:1: not valid JSON...

    """
    import nbformat

    if path.suffix.lower() != ".ipynb":
        raise StudentVersionError([f"{path}: not a notebook (a notebook's name ends in .ipynb)"])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise StudentVersionError(
            [f"{path}: {size // 2**20} MB is too large for a notebook (at most 100 MB)"]
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"{path}: not a notebook: not UTF-8 text (byte {exc.start})"
        raise StudentVersionError([msg]) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = (
            f"{path}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno}); "
            "is it a notebook?"
        )
        raise StudentVersionError([msg]) from None
    if not isinstance(data, dict) or "nbformat" not in data:
        msg = f"{path}: JSON, but not a Jupyter notebook (it has no 'nbformat' field)"
        raise StudentVersionError([msg])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nb = nbformat.reads(text, as_version=4)
            nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several kinds; all mean "not a valid notebook"
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise StudentVersionError([f"{path}: not a valid notebook ({first})"]) from None
    return nb


# ---------------------------------------------------------------- one notebook


def _marker(line: str) -> tuple[str, str] | None:
    """Return ``(kind, "begin"|"end")`` if nbgrader would take ``line`` as a marker."""
    for kind, begin, end, _ in _KINDS:
        if begin in line:
            return kind, "begin"
        if end in line:
            return kind, "end"
    return None


def _assigned_names(code: str) -> list[str] | None:
    """Names a piece of code assigns at its top level, in order; None if it does not parse."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return None
    names: list[str] = []

    def targets(node: ast.AST) -> None:
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for elt in node.elts:
                targets(elt)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                targets(target)
        elif isinstance(stmt, (ast.AnnAssign, ast.AugAssign)):
            targets(stmt.target)
    return names


def _defined_names(code: str) -> set[str]:
    """Every name a piece of code binds (assignments, loops, imports, defs): for warnings."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return set()
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            out.update((a.asname or a.name).split(".")[0] for a in node.names)
    return out


def _loaded_names(code: str) -> set[str] | None:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _checked_variable(cells: list[Any], after: int) -> str | None:
    """Return the variable the exercise check following cell ``after`` reads, if there is one."""
    for cell in cells[after + 1 :]:
        if cell.cell_type != "code":
            continue
        if any(_marker(line) for line in cell.source.split("\n")):
            return None  # the next exercise begins: no check for this one
        match = _CHECK_CALL.search(cell.source)
        if match is None:
            continue
        if match.group("var"):
            return match.group("var")
        try:  # the one-argument form reads the exercise's `variable`
            from usjapan_edu import exercises

            return exercises.get_exercise(match.group("id")).variable
        except Exception:  # an unknown id is the notebook's business, not ours
            return None
    return None


def _code_placeholder(
    body: list[str], indent: str, wanted: str | None, placeholder: str
) -> tuple[list[str], str | None]:
    """Lines replacing a code region, and the variable they leave defined (if any)."""
    if placeholder == "variable":
        names = _assigned_names("\n".join(body))
        if names:
            name = wanted if wanted in names else names[-1]
            return [f"{indent}{name} = ..."], name
    return [indent + line for line in NBGRADER_CODE_STUB.split("\n")], None


def _where(name: str, cell: int, line: int | None = None) -> str:
    return f"{name}: cell {cell}" + (f", line {line}" if line is not None else "")


def make_student_notebook(
    nb: Any, *, placeholder: str = "variable", name: str = "notebook"
) -> StudentNotebook:
    r"""Return the student version of notebook ``nb`` (an nbformat v4 node; ``nb`` is unchanged).

    Parameters
    ----------
    nb
        The instructor version, as :func:`nbformat.read` gives it.
    placeholder
        ``"variable"`` (default): a code region that assigns variables becomes
        ``<variable> = ...`` (the variable the exercise check below it reads, else the last one
        assigned); ``"nbgrader"``: every code region becomes nbgrader's stub.
    name
        How messages name the notebook (its path).

    Raises
    ------
    StudentVersionError
        For unbalanced or nested markers, one line per problem with cell and line.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1 + 1\n### END SOLUTION"),
    ...     nbformat.v4.new_code_cell('exercises.check("00.x", x)'),
    ... ])
    >>> student = make_student_notebook(nb)
    >>> student.notebook.cells[0].source
    'x = ...'
    >>> make_student_notebook(nb, placeholder="nbgrader").notebook.cells[0].source
    '# YOUR CODE HERE\nraise NotImplementedError()'

    """
    if placeholder not in PLACEHOLDERS:
        raise ValueError(f"placeholder must be one of {', '.join(PLACEHOLDERS)}")
    language = nb.metadata.get("kernelspec", {}).get("language", "python")
    if str(language).lower() not in {"python", "python3", "ipython"}:
        raise StudentVersionError(
            [f"{name}: a {language} notebook; student versions are made of Python notebooks"]
        )
    out = copy.deepcopy(nb)
    result = StudentNotebook(out)
    problems: list[str] = []
    removed_names: dict[str, int] = {}  # defined in a removed region -> cell number
    for index, cell in enumerate(out.cells):
        number = index + 1
        lines = cell.source.split("\n")
        new: list[str] = []
        open_: tuple[str, int, str, str] | None = None  # kind, line, indent, how
        body: list[str] = []
        replaced = False
        broken = False
        for lineno, line in enumerate(lines, start=1):
            found = _marker(line)
            if found is None:
                (body if open_ else new).append(line)
                continue
            kind, edge = found
            if edge == "begin":
                if open_ is not None:
                    problems.append(
                        f"{_where(name, number, lineno)}: {line.strip()!r} inside the "
                        f"{open_[0]} region begun at line {open_[1]}: regions cannot be "
                        f"nested; close it first"
                    )
                    broken = True
                    break
                indent = re.match(r"\s*", line).group(0)  # type: ignore[union-attr]
                how = next(k[3] for k in _KINDS if k[0] == kind)
                open_, body = (kind, lineno, indent, how), []
                continue
            # an END marker
            if open_ is None or open_[0] != kind:
                opened = f" (the open region is {open_[0]}, from line {open_[1]})" if open_ else ""
                problems.append(
                    f"{_where(name, number, lineno)}: {line.strip()!r} without a matching "
                    f"'BEGIN {kind.upper()}' before it{opened}"
                )
                broken = True
                break
            kind, begin_line, indent, how = open_
            text = ""
            if how == "stub" and cell.cell_type == "code":
                wanted = _checked_variable(out.cells, index)
                stub, kept = _code_placeholder(body, indent, wanted, placeholder)
                new.extend(stub)
                text = "\n".join(stub)
                for defined in _defined_names("\n".join(body)) - {kept}:
                    removed_names.setdefault(defined, number)
            elif how == "stub":
                stub = [indent + s for s in NBGRADER_TEXT_STUB.split("\n")]
                new.extend(stub)
                text = "\n".join(stub)
            result.regions.append(Region(number, begin_line, kind, text))
            replaced = True
            open_ = None
        if broken:
            continue
        if open_ is not None:
            problems.append(
                f"{_where(name, number, open_[1])}: 'BEGIN {open_[0].upper()}' has no "
                f"'END {open_[0].upper()}' in the same cell"
            )
            continue
        if replaced:
            cell.source = "\n".join(_drop_shown_placeholder(new, result.regions, number))
        elif cell.get("metadata", {}).get("nbgrader", {}).get("solution") is True:
            # nbgrader replaces a whole solution cell that has no region
            if cell.cell_type == "code":
                wanted = _checked_variable(out.cells, index)
                stub, kept = _code_placeholder(lines, "", wanted, placeholder)
                for defined in _defined_names(cell.source) - {kept}:
                    removed_names.setdefault(defined, number)
            else:
                stub = NBGRADER_TEXT_STUB.split("\n")
            cell.source = "\n".join(stub)
            result.regions.append(Region(number, 1, "solution cell", cell.source))
            replaced = True
        if replaced and cell.get("attachments"):
            cell.attachments = {
                key: value
                for key, value in cell.attachments.items()
                if f"attachment:{key}" in cell.source
            }
            if not cell.attachments:
                del cell["attachments"]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in _CLEARED_CELL_METADATA:
            cell.metadata.pop(key, None)
    if problems:
        raise StudentVersionError(problems)
    out.metadata.pop("widgets", None)  # saved widget state may hold the instructor's answers
    out.metadata.pop("celltoolbar", None)  # nbgrader's "Create Assignment" toolbar, as nbgrader
    result.warnings = _later_uses(out.cells, removed_names, name)
    return result


def _drop_shown_placeholder(lines: list[str], regions: list[Region], cell: int) -> list[str]:
    """Drop a last line that only shows a placeholder variable (``x = ...`` then ``x``).

    In the student version that line would print ``Ellipsis``; the check below the cell
    says "Not yet" instead, and shows the value once the student has written it.
    """
    kept = {
        r.placeholder.strip()[: -len(" = ...")]
        for r in regions
        if r.cell == cell and r.placeholder.strip().endswith(" = ...")
    }
    body = [line for line in lines if line.strip()]
    if body and body[-1].strip() in kept and not body[-1].startswith((" ", "\t")):
        last = max(i for i, line in enumerate(lines) if line.strip())
        return lines[:last] + lines[last + 1 :]
    return lines


def _later_uses(cells: list[Any], removed: dict[str, int], name: str) -> list[str]:
    """Warn about names defined only in a removed solution and used by a later cell."""
    notes: list[str] = []
    pending = dict(removed)
    for index, cell in enumerate(cells):
        if not pending or cell.cell_type != "code":
            continue
        number = index + 1
        loaded = _loaded_names(cell.source)
        if loaded is None:
            continue
        for var in sorted(loaded & {v for v, c in pending.items() if c < number}):
            notes.append(
                f"{_where(name, number)} uses {var!r}, which only the solution in cell "
                f"{pending[var]} defines: in the student version this cell fails until the "
                f"student writes that solution (define {var!r} outside the markers, or check "
                f"the exercise with its one-argument form)"
            )
            del pending[var]
        for var in _defined_names(cell.source):
            if var in pending and pending[var] < number:
                del pending[var]
    return notes


# ---------------------------------------------------------------- files


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def plan(src: Path, dest: Path) -> list[tuple[Path, Path]]:
    """Pair each notebook of ``src`` (a notebook or a folder) with its student version's path.

    A folder is searched recursively for ``*.ipynb``, skipping hidden files and folders
    (``.ipynb_checkpoints``), ``dest`` itself and the course's student copies
    (``<src>/student/``); the layout is kept under ``dest``. For one
    notebook, ``dest`` is the file to write if it ends in ``.ipynb`` and is not a folder,
    otherwise the folder to write it into.

    Raises
    ------
    StudentVersionError
        If ``src`` does not exist or holds no notebook, or a student version would replace
        its own source (the instructor version).

    """
    if not src.exists():
        raise StudentVersionError([f"{src}: no such file or folder"])
    if src.is_dir():
        if dest.exists() and not dest.is_dir():
            raise StudentVersionError(
                [f"{dest}: SRC is a folder, so DEST must be a folder, but this is a file"]
            )
        skip = dest.resolve()
        # the course's own student copies (notebooks/student/) are made from, never sources
        copies = (src / STUDENT_FOLDER).resolve()
        if skip == src.resolve():
            raise StudentVersionError(
                [
                    f"{dest}: the student versions would replace the instructor versions they "
                    "are made from (their solutions would be lost); choose another DEST"
                ]
            )
        found = sorted(
            p
            for p in src.rglob("*.ipynb")
            if p.is_file()
            and not _hidden(p, src)
            and skip != p.resolve()
            and skip not in p.resolve().parents
            and copies not in p.resolve().parents
        )
        if not found:
            raise StudentVersionError([f"{src}: no notebook (.ipynb) in this folder"])
        pairs = [(p, dest / p.relative_to(src)) for p in found]
    else:
        target = dest if dest.suffix.lower() == ".ipynb" and not dest.is_dir() else dest / src.name
        pairs = [(src, target)]
    for source, target in pairs:
        if os.path.lexists(target) and target.resolve() == source.resolve():
            raise StudentVersionError(
                [
                    f"{target}: the student version would replace the instructor version it "
                    "is made from (its solutions would be lost); choose another DEST"
                ]
            )
    return pairs


def student_version(
    src: Path | str,
    dest: Path | str,
    *,
    force: bool = False,
    placeholder: str = "variable",
) -> tuple[list[Written], list[str]]:
    """Write the student version of a notebook, or of every notebook in a folder.

    Every notebook is read and converted before anything is written, and every target is
    checked (:func:`~usjapan_edu.instructor._files.check_new`): a problem anywhere leaves
    ``dest`` untouched. Files are written atomically.

    Returns
    -------
    (written, warnings)
        The notebooks written, and warnings (a later cell that uses a name only a solution
        defined).

    Raises
    ------
    StudentVersionError
        Every problem found, one line each, naming file, cell and line.
    InstructorError
        If a target exists and ``force`` is false.

    """
    src, dest = Path(src).expanduser(), Path(dest).expanduser()
    pairs = plan(src, dest)
    problems: list[str] = []
    notes: list[str] = []
    converted: list[tuple[Path, Path, StudentNotebook]] = []
    for source, target in pairs:
        try:
            student = make_student_notebook(
                read_notebook(source), placeholder=placeholder, name=str(source)
            )
        except StudentVersionError as exc:
            problems += exc.problems
            continue
        converted.append((source, target, student))
        notes += student.warnings
    if problems:
        raise StudentVersionError(problems)
    targets = [target for _, target, _ in converted]
    existing = [t for t in targets if os.path.lexists(t) and not t.is_dir()]
    if existing and not force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise InstructorError(
            f"{existing[0]} already exists{more}; add --force to replace the student "
            "version(s), or choose another DEST"
        )
    check_new(targets, force=force)  # a folder where a notebook should go
    import nbformat

    files = {}
    for _, target, student in converted:
        text = nbformat.writes(student.notebook)
        files[target] = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    write_files(files, force=force)
    written = [Written(s, t, tuple(st.regions)) for s, t, st in converted]
    return written, notes
