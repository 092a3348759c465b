"""Run every benchmark under bench/ (``make bench``).

Each benchmark is a standalone script with a ``main()`` that prints its figures and the baseline
it measured in the same run. Pass ``--only NAME`` to run one; other arguments are passed through.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Benchmarks are development runs (development keys), as under ``make bench``.
os.environ.setdefault("FAZHI_DEBUG", "1")


def main(argv: list[str]) -> int:
    only = None
    if "--only" in argv:
        i = argv.index("--only")
        only = argv[i + 1]
        argv = argv[:i] + argv[i + 2 :]
    scripts = sorted(
        p
        for p in HERE.glob("*.py")
        if p.name not in {"run.py", "__init__.py"} and not p.name.startswith("_")
    )
    failed = []
    for script in scripts:
        if only and script.stem != only:
            continue
        print(f"\n=== bench/{script.name} ===", flush=True)
        t0 = time.monotonic()
        rc = subprocess.call([sys.executable, str(script), *argv], cwd=HERE.parent)
        print(f"--- bench/{script.name}: exit {rc}, {time.monotonic() - t0:.1f}s", flush=True)
        if rc:
            failed.append(script.name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
