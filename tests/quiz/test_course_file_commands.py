"""Commands that read course files refuse devices and FIFOs, one line, in bounded time.

``validate``, ``answer-key`` and ``export-quiz`` on ``/dev/zero`` grew to gigabytes, and on a
FIFO they waited forever for a writer (#19). Each run has a time limit and a memory cap, so a
regression fails the test instead of taking the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

CAP = "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))"
CASES = [
    (command, special)
    for command in ("validate", "answer-key", "export-quiz")
    for special in ("fifo", "dev-zero", "link-to-dev-zero")
] + [("validate", "fifo-in-exercises")]  # validate first looks at the file's first lines


def make_special(kind: str, tmp_path) -> tuple[str, str]:
    if kind == "dev-zero":
        return "/dev/zero", "a device"
    folder = tmp_path / "exercises" if kind == "fifo-in-exercises" else tmp_path / "banks"
    folder.mkdir()
    path = folder / "week1.yaml"
    if kind == "link-to-dev-zero":
        path.symlink_to("/dev/zero")
        return str(path), "a device"
    os.mkfifo(path)
    return str(path), "a FIFO"


@pytest.mark.parametrize(("command", "kind"), CASES)
def test_a_special_file_is_refused_in_one_line(command, kind, tmp_path) -> None:
    path, what = make_special(kind, tmp_path)
    argv = ["usjapan-edu", command, path]
    if command == "export-quiz":
        argv += ["--out", str(tmp_path / "out.gift")]
    code = f"{CAP}; import sys; sys.argv = {argv!r}; from usjapan_edu.cli import main; "
    code += "sys.exit(main())"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=20, check=False
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert "Traceback" not in output and "MemoryError" not in output
    (line,) = [x for x in output.splitlines() if "not a regular file" in x]
    assert path in line and f"not a regular file but {what}" in line
    assert not (tmp_path / "out.gift").exists()


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_showing_a_quiz_from_a_special_file_fails_at_once(kind, tmp_path) -> None:
    path, what = make_special(kind, tmp_path)
    code = (
        f"{CAP}; from usjapan_edu import quiz\n"
        f"try:\n    quiz.show({path!r})\nexcept OSError as exc:\n    print('refused:', exc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=20, check=False
    )
    assert f"refused: [Errno 22] not a regular file but {what}" in proc.stdout, proc.stderr
