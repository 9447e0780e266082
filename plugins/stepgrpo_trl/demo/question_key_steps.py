"""How often do key steps appear in the question? A count on the synthetic data.

With ``RewardConfig(question_key_steps="exclude")`` a key-step group that the question
already states earns no credit (copying the question would earn it). This script
measures how much that option changes on the project's synthetic problems: for each kind
of ``examples/synthetic_data.py`` (the training mix, and ``rows``, the task of the reward
ablation, :mod:`stepgrpo_trl.demo.ablation_task`), the share of problems with at least one key
step in the question, the share of key-step groups in the question, and the key-step
ratio of the reference solution under each setting (1.0 under the paper's ``credit``; under
``exclude``, 1.0 again when some groups remain, 0 when none do). A group is "in the
question" by the rule the option uses (`stepgrpo_rewards.keysteps.question.groups_in_question`).

Run from the repository root::

    python examples/key_steps_in_question.py --n 700 --seed 0

It prints a table (Markdown) and, with ``--json PATH``, writes the figures.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from stepgrpo_rewards import RewardConfig, score_trace
from stepgrpo_rewards.keysteps.question import groups_in_question
from stepgrpo_trl.demo.synthetic_data import EXTRA_KINDS, KINDS, generate_examples

EXCLUDE = RewardConfig(question_key_steps="exclude")


@dataclass(frozen=True)
class KindCount:
    """The figures of one kind of problem."""

    kind: str
    problems: int
    problems_with_any: int
    groups: int
    groups_in_question: int
    problems_with_none_left: int
    #: Mean key-step ratio of the reference solution, per setting.
    reference_k_credit: float
    reference_k_exclude: float

    @property
    def share_problems(self) -> float:
        return self.problems_with_any / self.problems if self.problems else 0.0

    @property
    def share_groups(self) -> float:
        return self.groups_in_question / self.groups if self.groups else 0.0


def count_kind(kind: str, n: int, seed: int, image_size: int = 96) -> KindCount:
    """Count *n* problems of *kind* (seeded as the dataset generator seeds them)."""
    examples = generate_examples(n, seed=seed, kinds=(kind,), image_size=image_size)
    with_any = groups = in_question = none_left = 0
    k_credit = k_exclude = 0.0
    for ex in examples:
        found = groups_in_question(ex.question, ex.key_steps, EXCLUDE)
        groups += len(found)
        in_question += sum(found)
        with_any += any(found)
        none_left += bool(found) and all(found)
        k_credit += score_trace(ex.solution, ex.answer, ex.key_steps, question=ex.question).key_step_ratio
        k_exclude += score_trace(ex.solution, ex.answer, ex.key_steps, question=ex.question,
                                 config=EXCLUDE).key_step_ratio
    return KindCount(kind, len(examples), with_any, groups, in_question, none_left,
                     k_credit / max(len(examples), 1), k_exclude / max(len(examples), 1))


def table(rows: Sequence[KindCount]) -> str:
    """The figures as a Markdown table, one line per kind and a total."""
    lines = ["| kind | problems | with a key step in the question | key-step groups in the question "
             "| no group left | reference k (credit / exclude) |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.kind} | {r.problems} | {r.problems_with_any} ({r.share_problems:.1%}) "
                     f"| {r.groups_in_question} of {r.groups} ({r.share_groups:.1%}) "
                     f"| {r.problems_with_none_left} | {r.reference_k_credit:.3f} / {r.reference_k_exclude:.3f} |")
    mix = [r for r in rows if r.kind in KINDS]
    if mix:
        p, a = sum(r.problems for r in mix), sum(r.problems_with_any for r in mix)
        g, q = sum(r.groups for r in mix), sum(r.groups_in_question for r in mix)
        lines.append(f"| **training mix** | {p} | {a} ({a / p:.1%}) | {q} of {g} ({q / g:.1%}) "
                     f"| {sum(r.problems_with_none_left for r in mix)} | |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=700, help="problems per kind (default 700)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0, the train split)")
    parser.add_argument("--kinds", nargs="+", default=[*KINDS, *EXTRA_KINDS],
                        choices=[*KINDS, *EXTRA_KINDS], help="kinds to count (default all)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    rows = [count_kind(kind, args.n, args.seed) for kind in args.kinds]
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) | {"share_problems": r.share_problems,
                                                      "share_groups": r.share_groups} for r in rows],
                                        indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
