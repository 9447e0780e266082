"""Shared test set-up: make `examples/` and `benchmarks/` importable as plain modules."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for sub in ("examples", "benchmarks"):
    path = str(ROOT / sub)
    if path not in sys.path:
        sys.path.insert(0, path)
