"""A/B of `score_trace`'s realistic median between source trees, paired per trace.

On a shared or virtual machine the speed of the same code drifts by 30% and more over
seconds, so two `bench_core.py` runs one after the other compare the machine's moods as
much as the code. This script loads every tree given into one process (each under its own
copy of the ``stepgrpo_rewards`` modules), scores bench_core's realistic corpus (the same
warm-up and traces as its median) with each tree in turn, trace by trace, and prints each
tree's median and its ratio to the first; the whole is repeated in fresh processes, and the
median ratio over those runs is reported. A baseline tree is a checkout of another
revision, e.g. ``git worktree add --detach /tmp/base a605a32``:

    python benchmarks/ab_trees.py /tmp/base .                 # 5 runs of 400 traces
    python benchmarks/ab_trees.py /tmp/base . --runs 9 --n 1000

(The trees share the process's caches of CPU and memory, as runs one after the other do
not; the ratios are what to compare, not the microseconds.)
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

_ONE_RUN = r"""
import json, statistics, sys, time
n, trees = int(sys.argv[1]), sys.argv[2:]
sys.path.insert(0, sys.argv[-1] + "/benchmarks")
from bench_core import realistic_corpus
loaded = []
for tree in trees:
    for name in [m for m in sys.modules if m.split(".")[0] == "stepgrpo_rewards"]:
        del sys.modules[name]
    sys.path.insert(0, tree)
    import stepgrpo_rewards
    sys.path.remove(tree)
    assert stepgrpo_rewards.__file__.startswith(tree), stepgrpo_rewards.__file__
    loaded.append((stepgrpo_rewards.score_trace,
                   {m: v for m, v in sys.modules.items() if m.split(".")[0] == "stepgrpo_rewards"}))
for text, gold, keys, question in realistic_corpus(50, seed=1):  # bench_core's warm-up
    for score, modules in loaded:
        sys.modules.update(modules)
        score(text, gold, keys, question=question)
times = [[] for _ in trees]
for i, (text, gold, keys, question) in enumerate(realistic_corpus(n)):
    for j in [(i + k) % len(trees) for k in range(len(trees))]:  # each tree first in turn
        score, modules = loaded[j]
        sys.modules.update(modules)  # (for the imports a call makes late)
        start = time.perf_counter()
        score(text, gold, keys, question=question)
        times[j].append(time.perf_counter() - start)
print(json.dumps([statistics.median(t) * 1e6 for t in times]))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+", type=Path, help="source trees; the first is the baseline")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes (default 5)")
    parser.add_argument("--n", type=int, default=400, help="realistic traces per run (default 400)")
    args = parser.parse_args(argv)
    trees = [str(tree.resolve()) for tree in args.trees]
    if len(trees) < 2:
        parser.error("give a baseline tree and at least one other")
    rows = []
    for run in range(args.runs):
        done = subprocess.run([sys.executable, "-c", _ONE_RUN, str(args.n), *trees],
                              capture_output=True, text=True, check=False)
        if done.returncode:
            print(done.stderr[-2000:], file=sys.stderr)
            return 1
        medians = json.loads(done.stdout)
        rows.append(medians)
        ratios = " ".join(f"{m / medians[0] - 1:+.1%}" for m in medians[1:])
        print(f"run {run}: medians " + " ".join(f"{m:.1f}" for m in medians) + f" us; against the first: {ratios}",
              flush=True)
    for j, tree in enumerate(trees[1:], 1):
        ratios = sorted(row[j] / row[0] for row in rows)
        print(f"{tree}: median ratio {statistics.median(ratios) - 1:+.1%} "
              f"(runs from {ratios[0] - 1:+.1%} to {ratios[-1] - 1:+.1%}) against {trees[0]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
