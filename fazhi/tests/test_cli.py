import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_two_word_commands_map_to_management_commands(world, capsys):
    assert main(["demo", "logins"]) == 0
    out = capsys.readouterr().out
    assert "officer_a" in out and "执法人员" in out


def test_console_script_runs_help():
    out = subprocess.run(
        [sys.executable, "-m", "fazhi.cli", "help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0
    assert "demo" in out.stdout
