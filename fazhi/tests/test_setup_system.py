"""scripts/setup_system.sh: the system set-up that `make test` and CI share.

Run against stand-in commands on a PATH of their own, so that what it would install, print or
refuse is checked without touching the machine.
"""

import os
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "setup_system.sh"
PACKAGES = ["chromium", "fonts-noto-cjk", "libreoffice-writer-nogui", "poppler-utils"]


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!/bin/bash\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def machine(tmp_path):
    """A PATH with only the tools the script reads; ``uid`` and the installed tools vary."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("grep", "ls", "head"):
        os.symlink(
            f"/usr/bin/{tool}" if Path(f"/usr/bin/{tool}").exists() else f"/bin/{tool}",
            bin_dir / tool,
        )
    log = tmp_path / "apt.log"
    _stub(bin_dir, "apt-get", f'echo "$*" >> {log}')
    _stub(bin_dir, "fc-list", "true")

    def run(uid: int, ci: str = "", installed: tuple[str, ...] = ()):
        _stub(bin_dir, "id", f"echo {uid}")
        for tool in installed:
            _stub(bin_dir, tool, "echo 'Noto Sans CJK SC' ")
        env = {"PATH": str(bin_dir), "CI": ci}
        out = subprocess.run(
            ["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30
        )
        return out, (log.read_text() if log.exists() else "")

    return run


def test_as_a_user_it_prints_the_one_command_and_lets_the_tests_skip(machine):
    out, apt = machine(uid=1000)
    assert out.returncode == 0
    assert apt == ""  # nothing installed
    command = next(line for line in out.stderr.splitlines() if "apt-get install" in line)
    assert command.strip().startswith("sudo apt-get install -y")
    for package in PACKAGES:
        assert package in command


def test_in_ci_a_package_it_cannot_install_is_an_error(machine):
    out, apt = machine(uid=1000, ci="true")
    assert out.returncode == 1
    assert "CI=true" in out.stderr and apt == ""


def test_as_root_it_installs_what_is_missing_with_apt_get(machine):
    out, apt = machine(uid=0, ci="true")
    assert out.returncode == 0, out.stderr
    update, install = apt.splitlines()
    assert update == "update -qq"
    assert install.startswith("install -y -qq --no-install-recommends")
    assert set(PACKAGES) <= set(install.split())


def test_with_everything_present_it_installs_and_prints_nothing(machine):
    out, apt = machine(uid=0, installed=("chromium", "soffice", "pdftoppm", "fc-list"))
    assert out.returncode == 0
    if not Path("/usr/lib/chromium/locales/zh-CN.pak").exists():
        assert apt.split()[-1] == "chromium-l10n"
    else:
        assert apt == "" and out.stdout == "" and out.stderr == ""


def test_make_test_and_ci_share_the_script():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "scripts/setup_system.sh" in ci and "apt-get" not in ci
    dry = subprocess.run(
        ["make", "-n", "test"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert "scripts/setup_system.sh" in dry.stdout
