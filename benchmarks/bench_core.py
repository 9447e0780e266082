"""Benchmark of `score_trace` against an outcome-only math_verify baseline.

Prints, for a generated corpus of realistic ~1,000-token Mulberry traces and for a
corpus of hostile inputs, the median, p99 and max microseconds per call of
`score_trace` (answer + key steps + validity), and of the baseline that checks the
same answers the way ``trl.rewards.accuracy_reward`` does (math_verify ``parse`` of
gold and completion, then ``verify``), measured in the same run, with the ratio.

    python benchmarks/bench_core.py            # full run (~1-2 minutes)
    python benchmarks/bench_core.py --n 300    # quicker

Targets on a 2-core machine: median at least 20x below the baseline, p99 under
1 ms, no input up to 2 MB over 20 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path

from stepgrpo_rewards import RewardConfig, score_trace  # noqa: E402

FILLER = (
    "We read the values carefully from the figure and keep track of the units, since the "
    "question asks for a single quantity and every intermediate result must be consistent "
    "with the labels shown in the image, which we restate here before moving on to the next step. "
)


def realistic_corpus(n: int, seed: int = 0) -> list[tuple[str, str, list[list[str]], str]]:
    """(completion, gold, key_steps, question) tuples of about 1,000 tokens each."""
    rng = random.Random(seed)
    corpus = []
    for _ in range(n):
        a, b = rng.randint(20, 80), rng.randint(20, 80)
        c = 180 - a - b
        w, h = rng.randint(3, 30), rng.randint(3, 30)
        area = w * h
        latex = rng.random() < 0.5
        ang = (lambda x: f"\\angle {x}") if latex else (lambda x: f"∠{x}")
        deg = "^\\circ" if latex else "°"
        times = "\\times" if latex else "×"
        steps = [
            f"The angles of the triangle satisfy ${ang('A')} + {ang('B')} + {ang('C')} = 180{deg}$. "
            + FILLER * 3,
            f"Substituting the labels, ${ang('C')} = 180{deg} - {a}{deg} - {b}{deg} = {c}{deg}$. " + FILLER * 3,
            f"The rectangle has sides {w} cm and {h} cm, so its area is ${w} {times} {h} = {area}$ cm². "
            + FILLER * 3,
            f"Comparing, the difference between {area} and {c} is {abs(area - c)}. " + FILLER * 2,
        ][: rng.randint(3, 4)]
        roll = rng.random()
        value = c + rng.randint(1, 9) if roll < 0.25 else c  # a quarter answer wrongly
        # Spellings math_verify can check (LaTeX) and one it cannot (plain "70°").
        answer = rng.choice([f"${value}^\\circ$", f"$\\boxed{{{value}}}$", f"\\boxed{{{value}^\\circ}}", f"{value}°"])
        description = (
            f"The image shows a triangle ABC with angle A marked {a}° and angle B marked {b}°, and a "
            f"rectangle with sides labelled {w} cm and {h} cm. " + FILLER * 2
        )
        rationales = "The interior angles of a triangle sum to 180 degrees; a rectangle's area is width times height. " + FILLER
        parts = [f"### Image Description:\n{description}"]
        if roll < 0.9 or roll >= 0.95:
            parts.append(f"### Rationales:\n{rationales}")
        parts.append("### Let's think step by step.")
        numbers = list(range(1, len(steps) + 1))
        if 0.85 <= roll < 0.9:
            numbers[-1] += 1  # a skipped step number
        parts += [f"### Step {k}:\n{text}" for k, text in zip(numbers, steps, strict=True)]
        if roll >= 0.95:
            body = "\n".join(f"Step {k}: {t}" for k, t in zip(numbers, steps, strict=True))
            text = f"<think>{body}</think><answer>{answer}</answer>"
        else:
            parts.append(f"### The final answer is: {answer}")
            text = "\n\n".join(parts)
        key_steps = [
            ["∠A + ∠B + ∠C = 180°", "angle sum = 180"],
            [f"∠C = 180° - {a}° - {b}° = {c}°", f"angle C = {c} degrees"],
            [f"{w} × {h} = {area}", f"{w}*{h}={area}"],
            ["interior angles"],
        ][: rng.randint(3, 4)]
        corpus.append((text, str(c), key_steps, "Find angle C."))
    return corpus


KEY_STEP_BAIT = "key steps: 5k unclosed 'Step 1: ['"
BAIT_REPLY = "Key Elements: " + "Step 1: [" * 5_000


_SENTENCE_FLOOD = ("x = 5 and AB = 12, so the area is 3 * 4 = 12 cm. " * 2_000)[:98_000]
# Key steps for the hostile inputs that need their own (the others use x = 5, area and
# equal sides): many groups, and one group of 20,000 alternatives.
_MANY_GROUPS = [[f"AB = {i}", f"angle {i} degrees", f"triangle {i} similar"] for i in range(100)]
# Inputs built against the scan bound: 100 groups of absent textual alternatives (fuzzy
# candidates, no number to rule them out) over prose, over random printable text, and
# numeric groups over a text that holds every number they name.
_RNG = random.Random(15)
_PROSE = " ".join(_RNG.choice("the of triangle angle side equal area sum so we have and is are right base "
                              "height circle radius similar".split()) for _ in range(30_000))[:98_000]
_RANDOM_TEXT = "".join(_RNG.choice(string.printable[:94] + " ") for _ in range(98_000))
_NUMBERS_TEXT = (" ".join(f"n {i}" for i in range(1_000)) * 20)[:98_000]
_TEXTUAL_GROUPS = [["".join(_RNG.choice(string.ascii_lowercase) for _ in range(8)) + " "
                    + "".join(_RNG.choice(string.ascii_lowercase) for _ in range(9)) for _ in range(3)]
                   for _ in range(100)]
# Keys that assign the name the floods below offer among alternatives or hedge (x = 0 .. x = 99).
_NAMED_GROUPS = [[f"x = {i}"] for i in range(100)]
HOSTILE_KEYS: dict[str, object] = {
    "99k steps, 80 groups": [[f"x_{i} = {i * 7}", f"the value {i} is {i * 3}"] for i in range(80)],
    "99k steps, 100 groups": _MANY_GROUPS,
    "backslash flood 98k, 100 groups": _MANY_GROUPS,
    "thin-space flood 98k, 100 groups": _MANY_GROUPS,
    "group of 20k alternatives": [[f"alternative {i % 1_000}" for i in range(20_000)]],
    "goes-on flood 98k": [["x = 5"]],
    "minus-sign flood 96k": [["5"]],
    "prose 98k, 100 absent textual groups": _TEXTUAL_GROUPS,
    "random text 98k, 100 absent textual groups": _TEXTUAL_GROUPS,
    "numbers 98k, 100 absent numeric groups": _MANY_GROUPS,
    "alternatives flood 98k, 100 groups": _NAMED_GROUPS,
    "or flood 98k, 100 groups": _NAMED_GROUPS,
    "hedge flood 98k, 100 groups": _NAMED_GROUPS,
}


def hostile_corpus() -> list[tuple[str, str]]:
    """(name, completion) pairs of inputs built to hurt parsers, up to 2 MB."""
    mb = 1_000_000
    items = [
        ("empty", ""),
        ("nested braces 100k", "{" * 100_000),
        ("nested frac 20k", "\\frac{" * 20_000),
        ("10k step headers", "### Step 1:\n" * 10_000),
        ("100k hashes", "#" * 100_000),
        ("control + zero-width", "\x00\x01\u200b\u202e" * 20_000),
        ("huge number answer", "### The final answer is: " + "9" * 100_000),
        ("power tower answer", "### The final answer is: 2^2^2^2^2^2^2^2^2^2^2^2"),
        ("exponent tower answer", "### The final answer is: 10^{10^{10^{10^{10}}}}"),
        ("factorial answer", "### The final answer is: 99999999!"),
        ("deep parens answer", "### The final answer is: " + "(" * 5000 + "1" + ")" * 5000),
        ("think tags", "<think>" * 20_000),
        ("answer tags", "<answer>" * 20_000 + "</answer>"),
        ("unclosed answer tags 96k", "<answer>" * 12_000),
        (KEY_STEP_BAIT, "### Step 1:\nx = 5\n### The final answer is: 12"),
        ("trailing-zero bait", "### Step 1:\n" + ("." + "0" * 5000 + "1 ") * 19),
        ("degree bait", "### Step 1:\n\\circ " + ("^" + " " * 5000 + "x") * 19),
        ("wrapper bait answer", "### The final answer is: $" + " " * 1990 + "x"),
        ("normaliser bait 97k", "### Step 1:\n" + "angle ABC 1 degrees 1,000. " * 3_500),
        ("boxed bait", "\\boxed{" * 20_000),
        ("plain step bait", "Step 1: " * 20_000),
        ("answer-line bait", "final answer: " * 10_000),
        ("backtracking bait", "### Step 1:\n" + "a = " * 40_000 + "!"),
        # near misses of the key "equal sides" that fuzzy matching must rule out run by run
        ("fuzzy near-miss bait 96k", "### Step 1:\nunequal sides " + "equxl sidxs " * 8_000),
        # near misses of the key "x = 5" (a power each time) and of decimals
        ("power flood 96k", "### Step 1:\n" + "x = 5^2 " * 12_000),
        ("decimal-point flood 98k", "### Step 1:\n" + "5." * 49_000),
        # issue 15: many key-step groups over a 99k completion, LaTeX floods, answer floods
        ("99k steps, 80 groups", "### Step 1:\n" + _SENTENCE_FLOOD),
        ("99k steps, 100 groups", "### Step 1:\n" + _SENTENCE_FLOOD),
        ("backslash flood 98k, 100 groups", "### Step 1:\n" + "\\" * 98_000),
        ("thin-space flood 98k, 100 groups", "### Step 1:\n" + "\\," * 49_000),
        ("group of 20k alternatives", "### Step 1:\nx = 3\n### The final answer is: 12"),
        ("boxed hedge flood 91k", "\\boxed{1} or " * 7_000),
        ("answer-line flood 90k", "### The final answer is: 12\n" + "12\n" * 30_000),
        ("goes-on flood 98k", "### Step 1:\n" + "x = 5x " * 14_000),
        ("minus-sign flood 96k", "### Step 1:\n" + "so -5 " * 16_000),
        ("option-list flood 95k", "### The final answer is: " + "A) 1 " * 19_000),
        ("prose 98k, 100 absent textual groups", "### Step 1:\n" + _PROSE),
        ("random text 98k, 100 absent textual groups", "### Step 1:\n" + _RANDOM_TEXT),
        ("numbers 98k, 100 absent numeric groups", "### Step 1:\n" + _NUMBERS_TEXT),
        # every occurrence of a key offered among alternatives, or hedged (issue 15, round 5)
        ("alternatives flood 98k, 100 groups", "### Step 1:\n" + ("x = 5 vs x = 5 | x = 5 alternatively " * 2_700)[:98_000]),
        ("or flood 98k, 100 groups", "### Step 1:\n" + ("x = 5 or x = 5 or x = 5 or " * 3_700)[:98_000]),
        ("hedge flood 98k, 100 groups", "### Step 1:\n" + ("some claim that it seems that x = 5 " * 2_800)[:98_000]),
        ("2 MB of text", "x" * (2 * mb)),
        ("2 MB of headers", "### Step 1:\n" * (2 * mb // 12)),
        ("2 MB of braces", "{" * (2 * mb)),
    ]
    return items


def time_calls(fn: Callable[[], object], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat * 1e6


def summarize(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return {"median_us": statistics.median(ordered), "p99_us": p99, "max_us": ordered[-1]}


def math_verify_baseline() -> Callable[[str, str], float] | None:
    try:
        from latex2sympy2_extended import NormalizationConfig
        from math_verify import LatexExtractionConfig, parse, verify
    except ImportError:
        return None

    config = [
        LatexExtractionConfig(
            normalization_config=NormalizationConfig(units=True),
            boxed_match_priority=0,
            try_extract_without_anchor=False,
        )
    ]

    def accuracy(completion: str, gold: str) -> float:
        # What trl.rewards.accuracy_reward does per completion.
        gold_parsed = parse(gold, parsing_timeout=10)
        if not gold_parsed:
            return 0.0
        answer = parse(completion, extraction_config=config, extraction_mode="first_match", parsing_timeout=10)
        return float(verify(gold_parsed, answer, timeout_seconds=5))

    return accuracy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1000, help="realistic traces (default 1000)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    corpus = realistic_corpus(args.n)
    tokens = statistics.mean(len(c[0]) for c in corpus) / 4
    # warm up caches and imports on a different corpus
    for text, gold, keys, q in realistic_corpus(50, seed=1):
        score_trace(text, gold, keys, question=q)

    ours = [time_calls(lambda t=t, g=g, k=k, q=q: score_trace(t, g, k, question=q)) for t, g, k, q in corpus]
    report: dict[str, object] = {
        "realistic": {"traces": len(corpus), "mean_tokens_approx": round(tokens), "score_trace": summarize(ours)}
    }
    baseline = math_verify_baseline()
    if baseline is None:
        print("math_verify is not installed (pip install math-verify, or the dev extra): "
              "no baseline, no ratio", file=sys.stderr)
        report["realistic"]["math_verify_baseline"] = None  # type: ignore[index]
    else:
        for text, gold, _, _ in realistic_corpus(20, seed=1):
            baseline(text, gold)
        theirs = [time_calls(lambda t=t, g=g: baseline(t, g)) for t, g, _, _ in corpus]
        real = report["realistic"]
        assert isinstance(real, dict)
        real["math_verify_baseline"] = summarize(theirs)
        # How often each judged the answer correct (the corpus has 75% correct answers,
        # a quarter of them written as "70°", which math_verify does not extract).
        real["answers_judged_correct"] = {
            "score_trace": sum(score_trace(t, g, k).answer_correct for t, g, k, _ in corpus) / len(corpus),
            "math_verify_baseline": sum(baseline(t, g) for t, g, _, _ in corpus) / len(corpus),
        }
        real["median_ratio_baseline_over_ours"] = statistics.median(theirs) / statistics.median(ours)

    hostile = {}
    big = RewardConfig(max_completion_chars=3_000_000)
    for name, text in hostile_corpus():
        # one entry puts the bait in the key steps (an extractor reply) instead
        keys: object = BAIT_REPLY if name == KEY_STEP_BAIT else [["x = 5"], ["area"], ["equal sides"]]
        keys = HOSTILE_KEYS.get(name, keys)

        def default(text: str = text, keys: object = keys) -> object:
            return score_trace(text, "12", keys)

        def in_full(text: str = text, keys: object = keys) -> object:
            return score_trace(text, "12", keys, config=big)

        default_us = max(time_calls(default) for _ in range(3))
        parsed_us = max(time_calls(in_full) for _ in range(3))
        hostile[name] = {"chars": len(text), "default_config_us": round(default_us, 1),
                         "parsed_in_full_us": round(parsed_us, 1)}
    report["hostile"] = hostile
    report["hostile_max_ms"] = {
        "default_config": max(v["default_config_us"] for v in hostile.values()) / 1000,
        "parsed_in_full": max(v["parsed_in_full_us"] for v in hostile.values()) / 1000,
    }

    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
