"""End-to-end throughput of ``stepgrpo-score`` on realistic Mulberry traces.

Generates a seeded JSON-lines file of *n* traces of about 1,000 tokens each
(correct and wrong answers, answers spelled differently, missing sections,
skipped steps, no final answer, key steps of 3 to 6 groups with alternative
spellings, GRPO groups of 4 completions per prompt), then runs the CLI in this
process on it, once per worker count, and prints traces per second.

Usage:
    python benchmarks/bench_cli.py                    # 100,000 traces, 1 and 2 workers
    python benchmarks/bench_cli.py --n 20000 --workers 1 2 4

The target on a 2-core machine is 5,000 traces/s or more.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time

from stepgrpo_rewards.cli.score import main as cli_main

TARGET = 5_000  # traces per second

_OBJECTS = ["rectangle", "right triangle", "circle", "trapezoid", "bar chart", "parallelogram"]
_FILLER = [
    "We read the labels in the figure carefully before computing anything.",
    "The diagram is drawn to scale, so the proportions can be checked by eye.",
    "Units are kept in centimetres throughout to avoid mistakes.",
    "This intermediate value will be reused in the next step.",
    "We double-check the arithmetic by estimating the order of magnitude.",
    "Note that the given measurements are consistent with the figure.",
    "The relationship follows directly from the definition stated above.",
    "Rounding is postponed until the very end of the computation.",
    "Each quantity is identified with the corresponding label in the image.",
    "The result is plausible given the size of the shape in the picture.",
]
_LETTERS = "ABCD"


def _problem(rng: random.Random) -> dict:
    """A question, its gold answer, its reasoning steps and its key steps."""
    a, b = rng.randint(2, 40), rng.randint(2, 40)
    kind = rng.randrange(4)
    if kind == 0:
        obj, ans = "rectangle", a * b
        core = [f"The rectangle has width {a} cm and height {b} cm.",
                f"The area of a rectangle is width times height: {a}*{b}={ans}."]
        keys = [[f"{a}*{b}={ans}", f"{a} \\times {b} = {ans}", f"{a} × {b} = {ans}"],
                ["area"], [f"{a} cm"], ["width times height"]]
        question = "What is the area of the rectangle in square centimetres?"
    elif kind == 1:
        obj, ans = "right triangle", a * b / 2
        ans = int(ans) if ans == int(ans) else ans
        core = [f"The legs of the right triangle are {a} and {b}.",
                f"The area is half the product of the legs: {a}*{b}/2={ans}."]
        keys = [[f"{a}*{b}/2={ans}", f"\\frac{{{a} \\times {b}}}{{2}} = {ans}"],
                ["half the product"], [f"{a}"], [f"{b}"], ["right triangle"]]
        question = "What is the area of the triangle?"
    elif kind == 2:
        obj, ans = "bar chart", a + b
        core = [f"The first bar reaches {a} and the second bar reaches {b}.",
                f"Their sum is {a}+{b}={ans}."]
        keys = [[f"{a}+{b}={ans}", f"{a} + {b} = {ans}"], ["sum"], [f"{a}"]]
        question = "What is the total of the two bars?"
    else:
        obj = rng.choice(_OBJECTS)
        choice = rng.randrange(4)
        ans = _LETTERS[choice]
        core = [f"The options list four values; only option {ans} equals {a + b}.",
                f"We compute {a}+{b}={a + b} and compare it with each option."]
        keys = [[f"{a}+{b}={a + b}"], [f"option {ans}"], ["compare"], [obj], [f"{a + b}"],
                ["four values"]]
        question = f"Which option gives the perimeter? A. {a} B. {b} C. {a + b} D. {a * b}"
    rng.shuffle(keys)
    return {"obj": obj, "answer": str(ans), "core": core, "question": question,
            "key_steps": keys[: rng.randint(3, min(6, len(keys)))], "a": a, "b": b}


def _trace(rng: random.Random, p: dict, answer: str | None, *, description: bool = True,
           rationales: bool = True, skip_step: bool = False, target_chars: int = 4000) -> str:
    parts = []
    if description:
        parts.append(f"### Image Description:\nThe image shows a {p['obj']} with labels "
                     f"{p['a']} and {p['b']}. " + " ".join(rng.sample(_FILLER, 3)) + "\n")
    if rationales:
        parts.append("### Rationales:\nThe question asks for a quantity derived from the "
                     f"labelled measurements of the {p['obj']}. " + rng.choice(_FILLER) + "\n")
    parts.append("### Let's think step by step.\n")
    steps = list(p["core"])
    n_steps = rng.randint(4, 8)
    extra = [" ".join(rng.sample(_FILLER, 2)) for _ in range(n_steps - len(steps))]
    steps = steps[:1] + extra[: len(extra) // 2] + steps[1:] + extra[len(extra) // 2:]
    budget = target_chars - sum(map(len, parts)) - sum(len(s) + 14 for s in steps) - 40
    while budget > 0:
        i = rng.randrange(len(steps))
        add = " " + rng.choice(_FILLER)
        steps[i] += add
        budget -= len(add)
    number = 1
    for text in steps:
        parts.append(f"### Step {number}:\n{text}\n")
        number += 2 if skip_step and number == 2 else 1
    if answer is not None:
        parts.append(f"### The final answer is: {answer}")
    return "\n".join(parts)


def generate(n: int, seed: int = 0) -> list[dict]:
    """*n* seeded records: four completions per prompt, mostly well formed."""
    rng = random.Random(seed)
    out: list[dict] = []
    while len(out) < n:
        p = _problem(rng)
        prompt_id = len(out) // 4
        solution = _trace(rng, p, p["answer"], target_chars=1500)
        for _ in range(min(4, n - len(out))):
            roll = rng.random()
            answer: str | None = p["answer"]
            kw: dict = {}
            q = p
            if roll < 0.30:
                answer = str(int(p["a"]) + rng.randint(1, 9)) if p["answer"] not in _LETTERS \
                    else rng.choice([x for x in _LETTERS if x != p["answer"]])
                if rng.random() < 0.5:  # the reasoning went wrong too: fewer key steps match
                    core = [c.replace(f"={p['answer']}", f"={answer}") for c in p["core"]]
                    q = p | {"core": core[: rng.randint(1, 2)]}
            elif roll < 0.38:
                answer = (f"({answer})" if answer in _LETTERS else f"{answer} cm^2")
            elif roll < 0.45:
                kw["rationales"] = False
            elif roll < 0.49:
                kw["description"] = False
            elif roll < 0.54:
                kw["skip_step"] = True
            elif roll < 0.57:
                answer = None
            out.append({"id": len(out), "prompt_id": prompt_id, "question": p["question"],
                        "solution": solution, "key_steps": p["key_steps"],
                        "completion": _trace(rng, q, answer, **kw)})
    return out


def write_jsonl(path: str, n: int, seed: int = 0, batch: int = 10_000) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for start in range(0, n, batch):
            records = generate(min(batch, n - start), seed + start)
            for r in records:
                r["id"] += start
                r["prompt_id"] += start // 4
            f.write("".join(json.dumps(r) + "\n" for r in records))


def _cpu() -> tuple[float, float]:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def time_cli(path: str, out: str, workers: int, extra: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of this process and CPU seconds of the workers."""
    start, (me0, kids0) = time.perf_counter(), _cpu()
    code = cli_main([path, "-o", out, "--workers", str(workers), "--group", "prompt_id",
                     "--quiet", *extra])
    elapsed, (me1, kids1) = time.perf_counter() - start, _cpu()
    if code != 0:
        raise SystemExit(f"stepgrpo-score exited {code}")
    return elapsed, me1 - me0, kids1 - kids0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=100_000, help="traces (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--data", help="reuse or keep the generated file here")
    ap.add_argument("--cli-args", default="", help="extra stepgrpo-score arguments, quoted")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or os.path.join(tmp, "traces.jsonl")
        if not os.path.exists(data):
            t = time.perf_counter()
            write_jsonl(data, args.n, args.seed)
            print(f"generated {args.n:,} traces in {time.perf_counter() - t:.1f} s", flush=True)
        lines, chars = 0, 0
        with open(data, "rb") as f:
            for line in f:
                lines += 1
                if lines <= 1000:
                    chars += len(json.loads(line)["completion"])
        size = os.path.getsize(data)
        print(f"input: {lines:,} traces, {size / 1e6:.0f} MB, completions of "
              f"{chars / max(min(lines, 1000), 1):,.0f} chars on average (~1,000 tokens); "
              f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}")
        load = os.getloadavg()[0]
        print(f"load average before the runs: {load:.2f} (other processes share the CPUs "
              "when it is above ~0.5)")
        rates = {}
        for w in args.workers:
            elapsed, parent, kids = time_cli(data, os.path.join(tmp, f"out{w}.jsonl"), w,
                                             args.cli_args.split())
            rates[w] = lines / elapsed
            print(f"workers={w}: {elapsed:7.2f} s  {rates[w]:9,.0f} traces/s   CPU: main "
                  f"{parent:6.2f} s, workers {kids:6.2f} s "
                  f"({lines / (parent + kids):,.0f} traces per CPU-second)", flush=True)
        if len(rates) > 1:
            base = rates[args.workers[0]]
            for w in args.workers[1:]:
                print(f"speed-up {w} vs {args.workers[0]} workers: {rates[w] / base:.2f}x")
        best = max(rates.values())
        print(f"best {best:,.0f} traces/s; target {TARGET:,}: {'met' if best >= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
