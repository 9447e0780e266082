"""Score bench_core's realistic corpus once, cold, for instruction counts under valgrind.

Time on a shared or virtual machine moves by 5-10% between runs of the same code;
instruction counts do not. Run the script twice under callgrind, with and without the
scoring, and divide the difference by the number of traces:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/score_once.py            # imports, warm-up, corpus, scoring
    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        python benchmarks/score_once.py --no-score # the same without the scoring

(read "Collected" in each; add ``--cache-sim=yes --branch-sim=yes`` for cache misses and
branch mispredictions). The corpus and the warm-up are bench_core's, so the figures
match its median's conditions: every trace and most key steps are new to the caches.

One run does instead, several times faster, with the instrumentation switched on for the
scoring alone (``callgrind_control`` from the script itself; "Collected" is then the
scoring's count, to divide by ``--n``):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=/dev/null python benchmarks/score_once.py --toggle
"""

from __future__ import annotations

import argparse
import os
import subprocess

from bench_core import realistic_corpus

from stepgrpo_rewards import score_trace


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=600, help="realistic traces (default 600)")
    parser.add_argument("--no-score", action="store_true", help="build the corpus but do not score it")
    parser.add_argument("--toggle", action="store_true",
                        help="switch callgrind's instrumentation on for the scoring only (valgrind --instr-atstart=no)")
    args = parser.parse_args(argv)
    for text, gold, keys, question in realistic_corpus(50, seed=1):  # bench_core's warm-up
        score_trace(text, gold, keys, question=question)
    corpus = realistic_corpus(args.n)
    if not args.no_score:
        if args.toggle:
            _instrument("on")
        for text, gold, keys, question in corpus:
            score_trace(text, gold, keys, question=question)
        if args.toggle:
            _instrument("off")
    return 0


def _instrument(state: str) -> None:
    """Switch callgrind's instrumentation of this process on or off."""
    subprocess.run(["callgrind_control", "--instr=" + state, str(os.getpid())], capture_output=True, check=True)


if __name__ == "__main__":
    raise SystemExit(main())
