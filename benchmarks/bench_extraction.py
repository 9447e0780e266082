"""Benchmark of rule-based key-step extraction (`extract_key_steps`) on long inputs
built to make its regexes backtrack, against a realistic reference solution measured
in the same run.

    python benchmarks/bench_extraction.py

Prints JSON: milliseconds per call (the slowest of three) for each input. The inputs are
`tests/traces.py`'s ``EXTRACTION_BAIT``; the test suite only checks that they finish (a
hang guard in tests/test_extraction.py); their speed is measured here.
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path
from typing import Any

from stepgrpo_rewards.keysteps.extraction import extract_key_steps

ROOT = Path(__file__).resolve().parent.parent


def _load_traces() -> Any:
    """``tests/traces.py`` (the test corpus' trace builders), loaded from its path: tests/ is
    not a package, and putting it on ``sys.path`` would shadow installed modules."""
    spec = importlib.util.spec_from_file_location("traces", ROOT / "tests" / "traces.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_traces = _load_traces()
EXTRACTION_BAIT, mulberry = _traces.EXTRACTION_BAIT, _traces.mulberry

REALISTIC = mulberry(
    ["The bar for A reaches 3 and the bar for B reaches 5.", "So B - A = 5 - 3 = 2."], "2"
)


def slowest_ms(text: str, repeat: int = 3) -> float:
    worst = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        extract_key_steps(text)
        worst = max(worst, time.perf_counter() - start)
    return round(worst * 1000, 2)


def main() -> int:
    report = {"realistic_solution_ms": slowest_ms(REALISTIC), "adversarial": {}}
    for body in EXTRACTION_BAIT:
        name = f"{body[:8]!r}... ({len(body):,} chars)"
        report["adversarial"][name] = slowest_ms(mulberry([body], "1"))
    report["adversarial_max_ms"] = max(report["adversarial"].values())
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
