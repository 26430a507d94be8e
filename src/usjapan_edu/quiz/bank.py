"""Read quiz banks (YAML) and validate them into :class:`~usjapan_edu.quiz.model.Bank` objects.

Every problem of a file is collected before anything is raised, each as one line that names the
file, the line, the question and what to do::

    quizzes/trade.yaml:14: question 'treaty-1951': 2 options are marked correct (lines 15, 17)
    but type 'single' allows one; mark only one, or use type: multiple

:func:`load_bank` raises :class:`BankError` (a :class:`ValueError`) holding all of them in
``.problems``; :func:`validate_files` returns them (the ``usjapan-edu validate`` command).
The format is documented in ``docs/authoring.md``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from usjapan_edu._bilingual import QUIZ_BANK, localize
from usjapan_edu.i18n import check_language, language
from usjapan_edu.quiz._checks import (
    ANSWER_FROM_KEYS,
    BANK_KEYS,
    COMMON_KEYS,
    ID_PATTERN,
    OPTION_KEYS,
    PAIR_KEYS,
    SOURCE_KEYS,
    TYPE_KEYS,
    Checker,
)
from usjapan_edu.quiz._paths import (
    BANKS_ENV_VAR,
    BanksFolderWarning,
    UnknownBankError,
    _as_path,
    bank_path,
    custom_bank_dirs,
    list_banks,
)
from usjapan_edu.quiz._yaml import (
    MAX_ALIASED,
    LineLoader,
    TooManyAliasesError,
    line_of,
    read_bounded,
)
from usjapan_edu.quiz.model import Bank

MAX_FILE_BYTES = 1_000_000
"""Largest course file read: a bank or an exercise file (a 50-question bank is about 30 kB)."""

__all__ = [
    "ANSWER_FROM_KEYS",
    "BANKS_ENV_VAR",
    "BANK_KEYS",
    "COMMON_KEYS",
    "ID_PATTERN",
    "OPTION_KEYS",
    "PAIR_KEYS",
    "SOURCE_KEYS",
    "TYPE_KEYS",
    "BankError",
    "BanksFolderWarning",
    "UnknownBankError",
    "bank_from_data",
    "bank_from_yaml",
    "bank_path",
    "custom_bank_dirs",
    "list_banks",
    "load_bank",
    "validate_files",
]


class BankError(ValueError):
    """A quiz bank has problems; ``str()`` lists them one per line.

    Attributes
    ----------
    problems : list of str
        Each ``file:line: question 'id': what is wrong and how to fix it`` (or ``… bank: …``).

    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


# ---------------------------------------------------------------- public API


def parse_yaml(text: str, checker: Checker, *, where: str = "bank") -> tuple[bool, Any]:
    """Parse a course file's YAML text with line numbers; report problems to ``checker``.

    Shared by quiz banks and exercise files (``where`` labels their problems: ``bank`` or
    ``file``). Returns ``(True, data)``, or ``(False, None)`` once a problem is reported.
    """
    try:
        return True, yaml.load(text, Loader=LineLoader)
    except TooManyAliasesError as exc:
        checker.add(
            exc.line,
            where,
            f"the aliases (*name) of this file stand for more than {MAX_ALIASED:,} values in "
            "all (the last one repeats the anchor on this line); write the data out, or use "
            "fewer aliases of anchors that hold aliases",
        )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = f" (column {mark.column + 1})" if mark else ""
        context = f", {exc.context}" if exc.context else ""
        rows = text.split("\n")
        row = rows[mark.line] if mark and mark.line < len(rows) else ""
        indent = row[: len(row) - len(row.lstrip())]
        how = (
            "indent with spaces: YAML does not allow tabs there"
            if "\t" in indent or (mark and row[mark.column : mark.column + 1] == "\t")
            else "check the indentation, and put text containing ': ', '#' or a leading quote "
            "in quotes"
        )
        checker.add(line, where, f"YAML syntax error: {exc.problem}{col}{context}; {how}")
    except yaml.reader.ReaderError:
        bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
        at = bad.start() if bad else 0
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        char = f"the character U+{ord(bad.group()):04X}" if bad else "a character"
        checker.add(
            line,
            where,
            f"the file contains {char} (column {column}), which YAML does not allow; delete it",
        )
    except yaml.YAMLError as exc:
        checker.add(1, where, f"YAML error: {exc}".replace("\n", " "))
    except RecursionError:
        checker.add(1, where, "the YAML is nested too deeply to read")
    except ValueError as exc:  # e.g. an integer with thousands of digits
        checker.add(1, where, f"a value cannot be read ({exc})")
    return False, None


def _build(data: Any, checker: Checker, path: Path | None, lang: str | None = None) -> Bank:
    """Validate parsed data into a bank in ``lang`` (the course language when ``None``)."""
    lang = language() if lang is None else check_language(lang)
    languages = localize(data, QUIZ_BANK, lang, checker.add)
    try:
        bank = checker.bank(data, path)
        if bank is not None:
            questions = tuple(dataclasses.replace(q, language=lang) for q in bank.questions)
            bank = dataclasses.replace(
                bank, questions=questions, language=lang, languages=languages
            )
    except RecursionError:
        checker.add(1, "bank", "the data is nested too deeply (or refers to itself)")
        bank = None
    except Exception as exc:
        checker.add(
            1,
            "bank",
            f"internal error while checking this bank ({type(exc).__name__}: "
            f"{exc}); please report it to the usjapan-edu maintainers",
        )
        bank = None
    if checker.problems or bank is None:
        if not checker.problems:  # pragma: no cover - defensive
            checker.add(1, "bank", "the bank could not be read")
        raise BankError(checker.problems)
    return bank


def bank_from_data(
    data: Any, *, source: str = "<data>", resolve: bool = True, lang: str | None = None
) -> Bank:
    """Validate already-parsed data (e.g. a dict) into a :class:`Bank`.

    Parameters
    ----------
    data : Any
        What ``yaml.safe_load`` would return for a bank file.
    source : str
        Name used in problem messages in place of a file name.
    resolve : bool
        Resolve every ``answer_from`` now (load the datasets) and report failures.
    lang : str, optional
        ``"en"`` or ``"ja"``: the language of the texts kept (default: the course language,
        :func:`usjapan_edu.i18n.language`); see ``docs/translating.md``.

    Raises
    ------
    BankError
        With every problem found.

    Examples
    --------
    >>> bank = bank_from_data({"id": "demo", "title": "Demo", "questions": [
    ...     {"id": "q1", "type": "text", "prompt": "Which prefecture?", "accept": ["Okinawa"]}]})
    >>> bank.questions[0].id
    'q1'

    """
    return _build(data, Checker(source, resolve=resolve), None, lang)


def bank_from_yaml(
    text: str, *, source: str = "<string>", resolve: bool = True, lang: str | None = None
) -> Bank:
    r"""Parse and validate YAML text into a :class:`Bank` (see :func:`bank_from_data`).

    Examples
    --------
    >>> bank_from_yaml("id: demo\ntitle: Demo\nquestions: []")
    Traceback (most recent call last):
    ...
    usjapan_edu.quiz.bank.BankError: <string>:3: bank: questions is empty; add at least one question

    """
    checker = Checker(source, resolve=resolve)
    if too_large(len(text.encode("utf-8", "surrogatepass")), checker):
        raise BankError(checker.problems)
    ok, data = parse_yaml(text, checker)
    if not ok:
        raise BankError(checker.problems)
    return _build(data, checker, None, lang)


def too_large(size: int, checker: Checker, *, where: str = "bank", what: str = "a bank") -> bool:
    """Report a course file over :data:`MAX_FILE_BYTES` bytes; return whether it is."""
    if size <= MAX_FILE_BYTES:
        return False
    checker.add(
        1,
        where,
        f"the file is {size / 1e6:.1f} MB; {what} may be at most {MAX_FILE_BYTES / 1e6:g} MB "
        "— split it",
    )
    return True


def read_yaml_file(
    path: Path, checker: Checker, *, where: str = "bank", what: str = "a bank"
) -> tuple[bool, Any]:
    """Read a course file (bounded size, UTF-8) and parse it with :func:`parse_yaml`."""
    data, size = read_bounded(path, MAX_FILE_BYTES)  # refuses devices and FIFOs (OSError)
    if too_large(size, checker, where=where, what=what):
        return False, None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        checker.add(
            data.count(b"\n", 0, exc.start) + 1,
            where,
            f"the file is not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8",
        )
        return False, None
    return parse_yaml(text, checker, where=where)


def load_bank(
    path_or_slug: str | os.PathLike[str] | Bank, *, resolve: bool = True, lang: str | None = None
) -> Bank:
    """Load and validate a quiz bank by file path or by the slug of a bundled bank.

    Parameters
    ----------
    path_or_slug : str, path-like or Bank
        ``"sample-all-types"`` reads ``data/quizzes/sample-all-types.yaml`` (or a custom bank
        of that slug in ``$USJAPAN_EDU_BANKS``, which wins: see :func:`bank_path`); a path (or any
        string ending in ``.yaml``/``.yml`` or containing ``/``) reads that file. A ``Bank`` is
        returned unchanged.
    resolve : bool
        Resolve every ``answer_from`` against the bundled data now (default), so a stale or
        broken binding is reported at load time.
    lang : str, optional
        ``"en"`` or ``"ja"``: the language of the texts (default: the course language). A
        bilingual bank (``languages: [en, ja]``) gives each text in that language; another
        bank keeps English where it has no Japanese twin.

    Returns
    -------
    Bank

    Raises
    ------
    BankError
        With every problem of the file (``.problems``), each naming file, line and question.
    UnknownBankError
        For a slug that matches no bank (bundled or custom).
    FileNotFoundError
        For a path that does not exist.

    Examples
    --------
    >>> bank = load_bank("sample-all-types")
    >>> bank.questions[0].grade("San Francisco").correct
    True

    """
    if isinstance(path_or_slug, Bank):
        return path_or_slug
    path = _as_path(path_or_slug)
    checker = Checker(str(path), resolve=resolve)
    ok, data = read_yaml_file(path, checker)
    if not ok:
        raise BankError(checker.problems)
    return _build(data, checker, path, lang)


def expand_paths(
    paths: Iterable[str | os.PathLike[str]], problems: list[str], *, what: str = "quiz banks"
) -> list[Path]:
    """Return the files named or in the folders named, each once (else it clashes with itself).

    Shared by quiz banks and exercise files. A folder without any (``what`` names them) is
    reported in ``problems``: "nothing to check" is not "valid".
    """
    out: dict[Path, Path] = {}
    for p in paths:
        path = Path(p)
        found = sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
        if path.is_dir() and not found:
            problems.append(f"{path}: no {what} (*.yaml, *.yml) in this folder")
        for file in found:
            out.setdefault(Path(os.path.abspath(file)), file)
    return list(out.values())


def validate_files(paths: Iterable[str | os.PathLike[str]], *, resolve: bool = True) -> list[str]:
    """Validate quiz bank files; return every problem, one line each (empty = all valid).

    A folder stands for the ``*.yaml``/``*.yml`` files in it. Besides each file's own problems,
    two files that declare the same bank ``id`` are reported (progress is keyed by bank id).

    Parameters
    ----------
    paths : iterable of str or path-like
        Files or folders.
    resolve : bool
        Check every ``answer_from`` against the bundled data (default).

    Returns
    -------
    list of str
        ``file:line: question 'id': what is wrong and how to fix it`` (``file:line: bank: …``
        for problems of the whole file).

    Examples
    --------
    >>> from usjapan_edu._resources import data_dir
    >>> validate_files([data_dir() / "quizzes" / "sample-all-types.yaml"])
    []

    """
    problems: list[str] = []
    owners: dict[str, tuple[str, int]] = {}
    for path in expand_paths(paths, problems):
        checker = Checker(str(path), resolve=resolve)
        try:
            ok, data = read_yaml_file(path, checker)
        except OSError as exc:
            problems.append(f"{path}:1: bank: cannot read the file ({exc.strerror or exc})")
            continue
        if ok:
            try:
                bank = _build(data, checker, path, "en")
            except BankError:
                bank = None
            if bank is not None and "ja" in bank.languages:
                # The Japanese texts are checked as the student gets them, too (two options
                # translated alike, an order item repeated…); problems already listed are not.
                again = Checker(str(path), resolve=resolve)
                with contextlib.suppress(BankError):
                    _build(read_yaml_file(path, again)[1], again, path, "ja")
                checker.problems.extend(p for p in again.problems if p not in checker.problems)
            if bank is not None:
                line = line_of(data, "id", 1)
                if bank.id in owners:
                    first, first_line = owners[bank.id]
                    checker.add(
                        line,
                        "bank",
                        f"id {bank.id!r} is also used by {first}:"
                        f"{first_line}; bank ids must be unique (progress is keyed by "
                        "them)",
                    )
                else:
                    owners[bank.id] = (str(path), line)
        problems.extend(checker.problems)
    return problems
