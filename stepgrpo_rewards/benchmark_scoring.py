"""Score answers on the paper's evaluation benchmarks by rules, with no paid judge.

The benchmarks StepGRPO (R1-VL) reports: MathVista (testmini), MMStar, MathVision,
ChartQA, DynaMath, HallusionBench, MathVerse and MME. `benchmark_item` turns one row of a
benchmark, in its published Hugging Face layout (the real column names), into a
`BenchmarkItem`: the question as shown to the model, the gold answer and what the answer
must be (an option, yes/no, an integer, a float with a precision or a tolerance, a list,
free text). `score_response` judges a model's response to it and never raises on the
response; `compute_score` does the same for other evaluators (verl / lmms-eval style);
`summarize_verdicts` gives accuracy per benchmark and per category, the unreadable rate
and each benchmark's own aggregate scores; `format_table` prints them beside the paper's.

This module is the public face; the work is done in three modules of one job each:
`stepgrpo_rewards.benchmark_items` (the readers of the published layouts),
`stepgrpo_rewards.benchmark_verdicts` (the per-benchmark answer rules) and
`stepgrpo_rewards.benchmark_summary` (the summaries and the table). Import from here.

The rules, per benchmark (the core `answers_equivalent` decides, except where a
benchmark states its own rule):

* an option: the letter in any spelling (``B``, ``(B)``, ``Option B``) or the option's
  text; an answer naming several options ("A or B", "A, B, C, D") is wrong;
* yes/no (HallusionBench, MME): the first word; "yes and no" is wrong;
* MathVista floats: rounded to the row's ``precision`` as MathVista does;
* ChartQA numbers: relaxed accuracy, within 5% of the gold;
* DynaMath floats: within 0.001 of the gold, as DynaMath does;
* anything else (integers, expressions, text): equivalent by the core rules.

An answer that cannot be read (no committed answer, or nothing of the form the
benchmark asks for, like a float with no number) is wrong and counted as *unreadable*;
an answer that hedges is readable, and wrong.

Examples:
    >>> item = benchmark_item("mmstar", {"index": 7, "question": "What is shown?\\n"
    ...     "Options: A: a cat, B: a dog, C: a bird", "answer": "B", "category": "coarse perception"})
    >>> item.kind, item.gold, item.options
    ('choice', 'B', ('a cat', 'a dog', 'a bird'))
    >>> score_response(item, "### The final answer is: (B) a dog").correct
    True
    >>> v = score_response(item, "It is either A or B.")
    >>> v.correct, v.unreadable
    (False, False)
    >>> compute_score("chartqa", "The answer is 10.3", {"query": "Value?", "label": ["10"]})
    1.0
"""


from __future__ import annotations

from .benchmark_items import BENCHMARKS, AnswerKind, BenchmarkItem, benchmark_item, benchmark_name
from .benchmark_summary import PAPER_RESULTS, format_table, summarize_verdicts
from .benchmark_verdicts import (
    MAX_BARE_ANSWER_CHARS,
    MAX_BARE_WRONG_CHARS,
    MAX_RESPONSE_CHARS,
    Verdict,
    compute_score,
    score_answer,
    score_response,
)

__all__ = [
    "BENCHMARKS",
    "MAX_BARE_ANSWER_CHARS",
    "MAX_BARE_WRONG_CHARS",
    "MAX_RESPONSE_CHARS",
    "PAPER_RESULTS",
    "AnswerKind",
    "BenchmarkItem",
    "Verdict",
    "benchmark_item",
    "benchmark_name",
    "compute_score",
    "format_table",
    "score_answer",
    "score_response",
    "summarize_verdicts",
]
