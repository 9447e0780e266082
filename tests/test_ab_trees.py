"""benchmarks/ab_trees.py: the paired A/B of score_trace between source trees runs and
reports a ratio per tree (tiny sizes; its figures are for a person to read)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "ab_trees.py"


def test_ab_trees_reports_a_ratio_per_tree() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), str(ROOT), str(ROOT), "--runs", "2", "--n", "4"],
                          capture_output=True, text=True, timeout=300, check=True)
    runs = re.findall(r"^run \d: medians [\d.]+ [\d.]+ us; against the first: [+-][\d.]+%$", done.stdout, re.M)
    assert len(runs) == 2, done.stdout
    assert re.search(r"median ratio [+-][\d.]+% \(runs from [+-][\d.]+% to [+-][\d.]+%\) against ", done.stdout)


def test_ab_trees_wants_a_baseline_and_another_tree() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), str(ROOT)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "baseline" in done.stderr
