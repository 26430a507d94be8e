"""The one place that finds the files the package ships: datasets, quiz banks, notebooks.

The editable sources live at the top of the repository (``data/`` and ``notebooks/``, as the
design card asks). A built wheel carries copies of both under ``usjapan_edu/_packaged/``.
Lookup order:

1. ``usjapan_edu/_packaged/<kind>`` inside the installed package (wheel, sdist-built wheel);
2. ``<repo>/<kind>`` next to ``src/`` (editable install or a plain checkout).

Only :func:`data_dir`, :func:`notebooks_dir` and :func:`jupyter_config_dir` are meant for other
modules. The JupyterLab settings of the course live inside the package itself
(``usjapan_edu/_jupyter``), so every install style finds them at the same place.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = [
    "JA_FOLDER",
    "STUDENT_FOLDER",
    "ResourceNotFoundError",
    "course_notebooks_dir",
    "data_dir",
    "jupyter_config_dir",
    "notebooks_dir",
    "student_notebooks_dir",
]

STUDENT_FOLDER = "student"
JA_FOLDER = "ja"
"""The Japanese notebooks live in a folder of this name beside the English ones (and a notebook
in a folder of this name speaks Japanese: see :mod:`usjapan_edu.i18n`)."""
"""Sub-folder of ``notebooks/`` holding the student versions (made by ``student-version``)."""

_PACKAGE_DIR = Path(__file__).resolve().parent


class ResourceNotFoundError(FileNotFoundError):
    """Raised when neither the installed package nor a repository checkout holds a folder."""


@cache
def _find(kind: str, marker: str) -> Path:
    candidates = [
        _PACKAGE_DIR / "_packaged" / kind,  # wheel
        _PACKAGE_DIR.parents[1] / kind,  # src/usjapan_edu -> repo root (editable / checkout)
    ]
    for folder in candidates:
        if (folder / marker).is_file():
            return folder
    tried = ", ".join(str(c) for c in candidates)
    msg = (
        f"cannot find the package's {kind!r} folder (looked for {marker!r} in: {tried}); "
        "reinstall usjapan-edu or run from a full checkout"
    )
    raise ResourceNotFoundError(msg)


def data_dir() -> Path:
    """Return the folder holding ``datapackage.json``, the CSV files and ``quizzes/``.

    Examples
    --------
    >>> (data_dir() / "datapackage.json").is_file()
    True

    """
    return _find("data", "datapackage.json")


def notebooks_dir() -> Path:
    """Return the folder holding the course notebooks (``00-start-here.ipynb`` …).

    Examples
    --------
    >>> (notebooks_dir() / "00-start-here.ipynb").is_file()
    True

    """
    return _find("notebooks", "00-start-here.ipynb")


def course_notebooks_dir(lang: str = "en", *, with_solutions: bool = False) -> Path:
    """Return the notebooks of one language: the student versions, or with solutions.

    ``notebooks/`` and ``notebooks/student/`` hold the English notebooks, ``notebooks/ja/`` and
    ``notebooks/student/ja/`` the Japanese ones (the same code cells, see
    ``docs/translating.md``).

    Examples
    --------
    >>> course_notebooks_dir("ja").relative_to(notebooks_dir()).as_posix()
    'student/ja'
    """
    from usjapan_edu.i18n import check_language

    base = notebooks_dir() if with_solutions else student_notebooks_dir()
    if check_language(lang) == "en":
        return base
    folder = base / JA_FOLDER
    if not (folder / "00-start-here.ipynb").is_file():
        msg = f"cannot find the Japanese notebooks in {folder}; reinstall usjapan-edu"
        raise ResourceNotFoundError(msg)
    return folder


def student_notebooks_dir() -> Path:
    """Return the folder holding the student versions of the notebooks (no solutions).

    Every student path hands these out: ``usjapan-edu lab``, ``make lab``, Binder and hub
    links. They are made from the instructor versions by ``usjapan-edu-instructor
    student-version`` (``make student-copies``); a test keeps them in step.

    Examples
    --------
    >>> (student_notebooks_dir() / "00-start-here.ipynb").is_file()
    True

    """
    folder = notebooks_dir() / STUDENT_FOLDER
    if not (folder / "00-start-here.ipynb").is_file():
        msg = (
            f"cannot find the student notebooks in {folder}; reinstall usjapan-edu (in a "
            "clone: `make student-copies`)"
        )
        raise ResourceNotFoundError(msg)
    return folder


def jupyter_config_dir() -> Path:
    """Return the Jupyter config folder of the course (``labconfig/page_config.json``).

    ``usjapan-edu lab`` appends it to ``JUPYTER_CONFIG_PATH``; it turns off JupyterLab's "get
    notified about Jupyter news?" pop-up.

    Examples
    --------
    >>> (jupyter_config_dir() / "labconfig" / "page_config.json").is_file()
    True

    """
    folder = _PACKAGE_DIR / "_jupyter"
    if not (folder / "labconfig" / "page_config.json").is_file():
        msg = f"cannot find the course's Jupyter settings in {folder}; reinstall usjapan-edu"
        raise ResourceNotFoundError(msg)
    return folder
