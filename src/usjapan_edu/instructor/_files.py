"""Writing output files safely: never half-written, never over a file without ``--force``.

Every file is written to a temporary file in the target's folder and then moved into place
(:func:`os.replace`), so a crash, a full disk or Ctrl+C leaves either the old file or the new
one, never a mix. Without ``force`` the move is a hard link, which fails if the name appeared
in the meantime (no race between the check and the write).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["InstructorError", "check_new", "write_files"]


class InstructorError(ValueError):
    """A problem the user can fix; the command prints it as one line and exits with 1."""


def _mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def check_new(paths: list[Path], *, force: bool) -> None:
    """Raise :class:`InstructorError` if one of ``paths`` is in the way.

    A folder is always in the way (it cannot be replaced by a file); an existing file is in
    the way unless ``force``.
    """
    for path in paths:
        if path.is_dir():
            msg = f"{path} is a folder; give a file name (e.g. --out {path / 'out'}) ({path})"
            raise InstructorError(msg)
        if not force and os.path.lexists(path):
            msg = (
                f"{path.name} already exists; add --force to replace it, or choose another "
                f"--out ({path})"
            )
            raise InstructorError(msg)


def _write_one(path: Path, data: bytes, *, force: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode())  # mkstemp makes 0600; a file to share gets the usual mode
        if force:
            os.replace(tmp, path)
            return
        try:
            os.link(tmp, path)  # fails if the name exists: no clobbering, even by a race
        except FileExistsError:
            msg = f"{path.name} already exists; add --force to replace it ({path})"
            raise InstructorError(msg) from None
        except OSError:  # a file system without hard links: check, then move
            if os.path.lexists(path):
                msg = f"{path.name} already exists; add --force to replace it ({path})"
                raise InstructorError(msg) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_files(files: Mapping[Path, bytes], *, force: bool) -> list[Path]:
    """Write every file of ``files`` atomically; check them all before writing any.

    Parent folders are created. Returns the paths written.

    Raises
    ------
    InstructorError
        If a target is a folder, or exists and ``force`` is false.
    OSError
        If a file cannot be written (permissions, full disk); nothing is left half-written.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "key.md"
    >>> write_files({out: b"# Key"}, force=False) == [out]
    True
    >>> write_files({out: b"# Key"}, force=False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    usjapan_edu.instructor._files.InstructorError: key.md already exists; add --force ...

    """
    paths = list(files)
    check_new(paths, force=force)
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        _write_one(path, data, force=force)
    return paths
