"""Where quiz banks are: the bundled ones and the folders of ``$USJAPAN_EDU_BANKS``.

Kept apart from :mod:`.bank` (YAML, validation) so that finding a bank's file costs nothing:
a quiz shown from the cache (:mod:`._cache`) never imports the loader.
"""

from __future__ import annotations

import difflib
import os
import warnings
from pathlib import Path

from usjapan_edu import _resources

__all__ = [
    "BANKS_ENV_VAR",
    "BanksFolderWarning",
    "UnknownBankError",
    "bank_path",
    "custom_bank_dirs",
    "list_banks",
]


class UnknownBankError(FileNotFoundError):
    """No quiz bank has this slug; the message lists the closest ones."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


BANKS_ENV_VAR = "USJAPAN_EDU_BANKS"
"""Folders of custom banks (``os.pathsep``-separated) that add to or override shipped ones."""


class BanksFolderWarning(UserWarning):
    """A folder named by ``USJAPAN_EDU_BANKS`` is missing or cannot be read."""


def custom_bank_dirs() -> list[Path]:
    """Return the readable folders named by ``$USJAPAN_EDU_BANKS``, in order of precedence.

    The variable holds one folder, or several separated by ``os.pathsep`` (``:``; ``;`` on
    Windows); an earlier folder wins over a later one. A folder that does not exist or cannot
    be read is skipped with a :class:`BanksFolderWarning` naming it, never an error.

    Examples
    --------
    >>> all(folder.is_dir() for folder in custom_bank_dirs())
    True

    """
    value = os.environ.get(BANKS_ENV_VAR, "")
    folders: list[Path] = []
    for part in value.split(os.pathsep):
        if not part.strip():
            continue
        folder = Path(part).expanduser()
        try:
            if not folder.is_dir():
                why = "is not a folder" if folder.exists() else "does not exist"
                raise NotADirectoryError(why)
            with os.scandir(folder) as entries:  # raises if the folder cannot be listed
                next(entries, None)
        except OSError as exc:
            why = exc.strerror or str(exc) or type(exc).__name__
            warnings.warn(
                f"{BANKS_ENV_VAR}: {folder} {why.lower() if exc.strerror else why}; its quiz "
                "banks are not available (the bundled banks still are)",
                BanksFolderWarning,
                stacklevel=3,
            )
            continue
        folders.append(folder)
    return folders


def _bank_files() -> dict[str, Path]:
    """Return slug -> file: the bundled banks, overridden by custom ones (earlier folder wins)."""
    found = {p.stem: p for p in (_resources.data_dir() / "quizzes").glob("*.yaml")}
    for folder in reversed(custom_bank_dirs()):
        try:
            found.update({p.stem: p for p in folder.glob("*.yaml") if p.is_file()})
        except OSError:  # pragma: no cover - vanished between the check and the listing
            continue
    return found


def list_banks() -> list[str]:
    """Return the slugs of the available quiz banks, sorted: bundled plus custom ones.

    Custom banks are the ``*.yaml`` files of the folder(s) named by ``$USJAPAN_EDU_BANKS``
    (see :func:`custom_bank_dirs`); a custom bank whose slug (file name without ``.yaml``)
    is that of a bundled bank replaces it.

    Examples
    --------
    >>> "sample-all-types" in list_banks()
    True

    """
    return sorted(_bank_files())


def bank_path(slug: str) -> Path:
    """Return the file of the bank ``slug``: a custom bank first, else the bundled one.

    Custom banks (``$USJAPAN_EDU_BANKS/<slug>.yaml``) take precedence over bundled ones
    (``data/quizzes/<slug>.yaml``) of the same slug.

    Raises
    ------
    UnknownBankError
        If there is no such bank; the message suggests the closest slugs.

    """
    files = _bank_files()
    if slug in files:
        return files[slug]
    known = sorted(files)
    close = difflib.get_close_matches(slug, known, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    msg = (
        f"no quiz bank {slug!r}{hint}; the available banks are {', '.join(known) or 'none'} "
        "(or give the path of a .yaml file)"
    )
    raise UnknownBankError(msg)


def _as_path(path_or_slug: str | os.PathLike[str]) -> Path:
    if isinstance(path_or_slug, os.PathLike):
        return Path(path_or_slug)
    text = str(path_or_slug)
    looks_like_path = text.endswith((".yaml", ".yml")) or "/" in text or os.sep in text
    if looks_like_path or Path(text).is_file():
        return Path(text)
    return bank_path(text)
