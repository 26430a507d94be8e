"""Course files are read with bounds: never a device, a FIFO or a socket, never past the limit.

``validate``, ``answer-key`` and ``export-quiz`` on ``/dev/zero`` used to read until memory ran
out, and on a FIFO they waited forever for a writer. Each test here has a time budget (a FIFO
read would block the test otherwise: it runs in a thread that must finish in time).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from usjapan_edu.quiz._yaml import NotARegularFileError, read_bounded

LIMIT = 1_000


def bounded(call, seconds: float = 5.0):
    """Run ``call()`` in a thread; fail if it takes longer than ``seconds``."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    start = time.monotonic()
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"], time.monotonic() - start


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "bank.yaml"
    os.mkfifo(path)
    return path


def test_a_fifo_is_refused_without_waiting_for_a_writer(fifo) -> None:
    with pytest.raises(NotARegularFileError, match=r"FIFO") as err:
        bounded(lambda: read_bounded(fifo, LIMIT))
    assert err.value.filename == str(fifo)


def test_a_device_is_refused_without_reading_it() -> None:
    with pytest.raises(NotARegularFileError, match="a device"):
        bounded(lambda: read_bounded("/dev/zero", LIMIT))


def test_a_symlink_to_a_device_is_refused(tmp_path) -> None:
    link = tmp_path / "bank.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotARegularFileError):
        bounded(lambda: read_bounded(link, LIMIT))


def test_a_socket_is_refused(tmp_path) -> None:
    path = tmp_path / "s"
    if len(str(path)) > 100:  # AF_UNIX paths are short
        path = Path(os.path.relpath(path))
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(OSError):  # a socket cannot be opened as a file at all
            bounded(lambda: read_bounded(path, LIMIT))


def test_refusals_are_os_errors_so_every_command_reports_them_as_unreadable(fifo) -> None:
    with pytest.raises(OSError) as err:
        read_bounded(fifo, LIMIT)
    assert err.value.strerror == "not a regular file but a FIFO (named pipe); give a YAML file"


def test_a_folder_and_a_missing_file_raise_what_open_raises(tmp_path) -> None:
    with pytest.raises(IsADirectoryError):
        read_bounded(tmp_path, LIMIT)
    with pytest.raises(FileNotFoundError):
        read_bounded(tmp_path / "missing.yaml", LIMIT)


def test_a_large_file_is_read_only_to_the_limit_and_its_size_reported(tmp_path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(50_000_000)  # sparse: costs nothing on disk
    (data, size), _ = bounded(lambda: read_bounded(path, LIMIT))
    assert len(data) == LIMIT + 1 and size == 50_000_000


def test_a_file_whose_size_is_not_known_in_advance_is_still_bounded() -> None:
    # /proc files report size 0 and produce their text as they are read
    path = "/proc/self/maps"
    (data, size), _ = bounded(lambda: read_bounded(path, 10))
    assert len(data) == 11 and size == 11


def test_an_ordinary_file_is_read_whole(tmp_path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"id: x\n" * 10)
    assert read_bounded(path, LIMIT) == (b"id: x\n" * 10, 60)
    assert read_bounded(path, 60) == (b"id: x\n" * 10, 60)  # exactly the limit is allowed
