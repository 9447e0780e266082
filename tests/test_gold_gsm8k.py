"""A GSM8K reference solution gives its gold from its ``#### value`` line (red-team of
2026-12-08: it was an unreadable solution, so every answer scored wrong)."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import gold_answer, score_trace
from stepgrpo_rewards.answer import read_gold

GSM8K = ("Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n"
         "Natalia sold 48+24 = <<48+24=72>>72 clips altogether in April and May.\n#### 72")


@pytest.mark.parametrize(("solution", "gold"), [
    (GSM8K, "72"), (GSM8K + "\n", "72"), ("She pays 2 * 500 = 1000.\n#### 1,000", "1,000"),
    ("#### 5", "5"), ("Step 1: 7 - 9 = -2\n####  -2  ", "-2"),
])
def test_the_marked_line_is_the_gold(solution, gold):
    assert read_gold(solution) == (gold, None)


def test_a_completion_earns_the_gsm8k_gold():
    completion = "### Step 1:\n48 / 2 = 24, 48 + 24 = 72\n### The final answer is: 72"
    assert score_trace(completion, solution=GSM8K).answer_correct
    assert not score_trace(completion.replace(": 72", ": 71"), solution=GSM8K).answer_correct


@pytest.mark.parametrize("solution", [
    "Step 1: 2+3=5\n#### ",  # no value after the mark
    "Step 1: 2+3=5\n#### 5\nThen we check the units again.",  # not the last line
])
def test_a_mark_that_ends_nothing_leaves_the_solution_unreadable(solution):
    assert gold_answer(solution) is None
