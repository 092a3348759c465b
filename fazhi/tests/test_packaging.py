"""The lock file installs what pyproject.toml asks for (CI installs from the lock only)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_dependency_is_pinned_and_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["dev"]
    lock = (ROOT / "requirements.lock").read_text()
    locked = {
        _norm(m.group(1)): m.group(2)
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", lock, re.M)
    }
    for dep in deps:
        m = re.match(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]+\])?==([^\s;]+)$", dep)
        assert m, f"{dep!r} is not pinned with =="
        name, version = _norm(m.group(1)), m.group(2)
        assert locked.get(name) == version, f"{name}=={version} missing from requirements.lock"


def test_fazhi_console_script_is_declared():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["fazhi"] == "fazhi.cli:main"


def test_every_app_with_tests_is_collected_by_make_test():
    """An app whose tests are not in ``testpaths`` would silently never run in CI."""
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    paths = set(
        tomllib.loads((root / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"][
            "testpaths"
        ]
    )
    apps = {p.parent.parent.name for p in root.glob("*/tests/__init__.py")}
    assert apps <= paths, f"not collected: {sorted(apps - paths)}"
