"""The instructor commands are part of `usjapan-edu` itself, with its one-line errors."""

from __future__ import annotations

import argparse

import pytest

from usjapan_edu import cli

COMMANDS = {"answer-key", "export-quiz", "new-bank", "gradebook"}


def test_the_main_command_line_registers_the_instructor_commands() -> None:
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    missing = COMMANDS - set(sub.choices)
    assert not missing, (
        f"usjapan-edu lacks {sorted(missing)}: build_parser() in src/usjapan_edu/cli.py must "
        "call usjapan_edu.instructor.cli.add_commands(sub)"
    )


def test_errors_through_the_main_command_line_are_one_line(capsys, tmp_path) -> None:
    if "gradebook" not in cli.build_parser().format_help():
        pytest.fail("the instructor commands are not registered in usjapan_edu.cli")
    assert cli.main(["gradebook", str(tmp_path / "none.csv"), "--out", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"usjapan-edu: warning: {tmp_path / 'none.csv'}: no such file or folder"
    assert err[1].startswith("usjapan-edu: error: no readable progress export")
    assert len(err) == 2
