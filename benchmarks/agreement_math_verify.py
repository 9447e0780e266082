"""How often our answer verdict agrees with the expectations of Math-Verify's own test
suite, an outside measure of what a math answer checker must handle.

    python benchmarks/agreement_math_verify.py PATH [--json] [--show-misses]

*PATH* is a checkout of https://github.com/huggingface/Math-Verify, or its bare git
directory (then the files are read from its ``HEAD`` with ``git show``). Nothing of it
is imported or copied: its test files are read as Python syntax trees, and every
``@pytest.mark.parametrize`` list whose names include ``gold`` and ``pred`` (and
``expected`` or ``result``) gives one case per literal tuple. Cases that depend on a
setting of theirs we do not have (``strict=False``, ``allow_set_relation_comp=True``)
and entries that are no literals are skipped and counted.

Our verdict for a case: when `extract_answer` finds an answer in the prediction, the
verdict of ``score_trace(pred, solution=gold).answer_correct``, as in training;
otherwise ``answers_equivalent(pred, gold)`` with the whole prediction as the answer
text (their predictions are often a bare ``$...$`` expression). A *false positive* is
a case they expect to be wrong that we call right: a reward a grader would not give.

It scores with the installed ``stepgrpo_rewards``; to measure another tree, put it first
on the path (``PYTHONPATH=/path/to/tree python benchmarks/agreement_math_verify.py PATH``).

Prints the agreement, the false positives, and the misses grouped by class (the
class is read from the case's text, first rule that fits; it is a guide, not a proof).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from stepgrpo_rewards import answers_equivalent, extract_answer, score_trace

#: Their settings under which a case is kept: the defaults of their test helper.
_KEPT_SETTINGS = {"strict": True, "allow_set_relation_comp": False}


@dataclass(frozen=True, slots=True)
class Case:
    """One gold/prediction pair with the verdict their suite expects."""

    source: str
    gold: str
    pred: str
    expected: bool


def _test_files(path: Path) -> dict[str, str]:
    """The ``tests/*.py`` files of a checkout or of a git directory, by name."""
    tests = path / "tests"
    if tests.is_dir():
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(tests.glob("*.py"))}
    git = ["git", f"--git-dir={path}"]
    names = subprocess.run([*git, "ls-tree", "--name-only", "HEAD", "tests/"],
                           check=True, capture_output=True, text=True).stdout.split()
    return {
        Path(name).name: subprocess.run([*git, "show", f"HEAD:{name}"], check=True,
                                        capture_output=True, text=True).stdout
        for name in names if name.endswith(".py")
    }


def _parametrize_calls(tree: ast.Module) -> list[tuple[str, ast.Call]]:
    """``(function name, parametrize call)`` for every parametrized test function."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for deco in node.decorator_list:
                if (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)
                        and deco.func.attr == "parametrize" and len(deco.args) >= 2):
                    found.append((node.name, deco))
    return found


def extract_cases(files: dict[str, str]) -> tuple[list[Case], Counter[str]]:
    """The cases of the test files, and the skipped entries by reason."""
    cases: list[Case] = []
    skipped: Counter[str] = Counter()
    for name, source in files.items():
        for func, call in _parametrize_calls(ast.parse(source)):
            names_node, values_node = call.args[0], call.args[1]
            if not isinstance(names_node, ast.Constant) or not isinstance(names_node.value, str):
                continue
            names = [n.strip() for n in names_node.value.split(",")]
            verdict = "expected" if "expected" in names else "result" if "result" in names else None
            if "gold" not in names or "pred" not in names or verdict is None:
                continue
            if not isinstance(values_node, (ast.List, ast.Tuple)):
                continue
            for entry in values_node.elts:
                try:
                    values = ast.literal_eval(entry)
                except ValueError:
                    skipped["not a literal"] += 1
                    continue
                row = dict(zip(names, values, strict=True))
                if any(key in row and row[key] != want for key, want in _KEPT_SETTINGS.items()):
                    skipped["a setting we do not have"] += 1
                    continue
                cases.append(Case(f"{name}::{func}", row["gold"], row["pred"], bool(row[verdict])))
    return cases, skipped


def our_verdict(case: Case) -> bool:
    """Our verdict for a case (see the module docstring)."""
    if extract_answer(case.pred) is not None:
        return score_trace(case.pred, solution=case.gold).answer_correct
    return answers_equivalent(case.pred, case.gold)


# Classes of a miss, the first whose pattern the gold or the prediction matches.
_CLASSES: list[tuple[str, re.Pattern[str]]] = [
    ("matrix", re.compile(r"matrix|\\\\")),
    ("several boxes", re.compile(r"boxed\{[^{}]*\}.*\\boxed", re.DOTALL)),
    ("relation or interval", re.compile(r"\\[lg]eq?|\\[lg]t|[<>≤≥]|\\in\b|\\cup|\\infty")),
    ("assignment", re.compile(r"[A-Za-z}|)]\s*=")),
    ("tuple or set", re.compile(r"\\\{|\{[^{}]*,|\([^()]*,[^()]*\)|\[[^\[\]]*,")),
    ("number spelling", re.compile(r"\d[,.\s]\d|\\!|\\,|%|\\%")),
    ("fraction or root", re.compile(r"frac|sqrt|/")),
    ("words or text", re.compile(r"\\text|[A-Za-z]{4,}")),
]


def miss_class(case: Case) -> str:
    for label, pattern in _CLASSES:
        if pattern.search(case.gold) or pattern.search(case.pred):
            return label
    return "other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a Math-Verify checkout or its git directory")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--show-misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    cases, skipped = extract_cases(_test_files(args.path))
    if not cases:
        print(f"no cases found under {args.path}", file=sys.stderr)
        return 2
    misses: dict[str, list[Case]] = defaultdict(list)
    false_positives: list[Case] = []
    agree = 0
    for case in cases:
        ours = our_verdict(case)
        if ours == case.expected:
            agree += 1
            continue
        if ours:
            false_positives.append(case)
        misses[miss_class(case)].append(case)
    report = {
        "cases": len(cases),
        "skipped": dict(skipped),
        "agree": agree,
        "agreement": round(agree / len(cases), 4),
        "false_positives": [{"gold": c.gold, "pred": c.pred, "source": c.source} for c in false_positives],
        "misses_by_class": {label: len(found) for label, found in
                            sorted(misses.items(), key=lambda kv: -len(kv[1]))},
    }
    if args.json:
        if args.show_misses:
            report["misses"] = {label: [{"gold": c.gold, "pred": c.pred, "expected": c.expected}
                                        for c in found] for label, found in misses.items()}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(f"cases: {len(cases)} (skipped: {dict(skipped) or 'none'})")
    print(f"agreement: {agree}/{len(cases)} = {100 * agree / len(cases):.1f}%")
    print(f"false positives (we reward, they expect wrong): {len(false_positives)}")
    for c in false_positives:
        print(f"  gold {c.gold!r:.80}  pred {c.pred!r:.80}")
    print("misses by class:")
    for label, found in sorted(misses.items(), key=lambda kv: -len(kv[1])):
        print(f"  {label}: {len(found)}")
        if args.show_misses:
            for c in found:
                print(f"    [{'right' if c.expected else 'wrong'}] gold {c.gold!r:.100}  pred {c.pred!r:.100}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
