"""Shared test set-up: make `examples/` and `benchmarks/` importable as plain modules.

Kept on purpose, for now: the pipeline tests (test_synthetic_data.py, test_extraction.py)
import `examples/synthetic_data.py` and test_cli.py imports `benchmarks/bench_cli.py`; no
core test imports them otherwise. It goes once the examples import what they share from an
installed module (issue 14, with the examples rewrite).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for sub in ("examples", "benchmarks"):
    path = str(ROOT / sub)
    if path not in sys.path:
        sys.path.insert(0, path)
