"""Where the five seed reports are: ``FAZHI_SEEDS``, else ``shared/seeds`` beside the checkout."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def find_seeds() -> Path | None:
    for candidate in (
        os.environ.get("FAZHI_SEEDS"),
        ROOT.parent / "shared" / "seeds",
        ROOT / "shared" / "seeds",
    ):
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.txt")):
            return Path(candidate)
    return None


SEEDS = find_seeds()


def require_seeds() -> Path:
    if SEEDS is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true 但找不到种子报告（shared/seeds 或 FAZHI_SEEDS）。")
        pytest.skip("找不到种子报告 shared/seeds（可设置 FAZHI_SEEDS）。")
    return SEEDS


@pytest.fixture
def seeds_dir() -> Path:
    return require_seeds()
