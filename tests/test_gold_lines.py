"""A worked reference solution gives its gold from its closing line (`gold_lines`; issue 15,
class 10, red-team of 2026-12-08): GSM8K's ``#### 72``, "Hence the result is 5.", "答案是5".
Each was an unreadable solution (every answer scored wrong) or taken whole as the gold."""

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


@pytest.mark.parametrize(("solution", "gold"), [
    ("Step 1: 2+3=5\nHence the result is 5.", "5"),
    ("Step 1: 2+3=5\nThe result is 5.", "5"),
    ("Step 1: 2+3=5\nSo, 5.", "5"),
    ("Step 1: 2+3=5\nTherefore x = 5", "5"),
    ("Step 1\nHence the perimeter is 12.", "12"),
    ("Step 1\nSo the area is 12 cm².", "12 cm²"),
    ("Step 1\nSo 2 + 3 = 5.", "5"),
    ("Step 1\nThus the ratio is 1:2.", "1:2"),
    ("Step 1\nSo, the answer is 5 because 2 + 3 = 5.", "5"),
    ("Step 1\nSo the answer is approximately 3.14.", "3.14"),
    ("Compute.\n####72", "72"),
    ("Step 1: 2+3=5\nAnswer 5", "5"),
    ("Step 1: 2+3=5\n**Answer:** 5", "5"),
    ("Step 1: 2+3=5\nThe correct option is B.", "B"),
    ("First, 2+3=5.\nTherefore 5 is the answer.", "5"),
    ("First, 2+3=5.\nSo (B) is the correct choice.", "(B)"),
    ("Step 1: 2+3=5\nSo the total is 5 apples.", "5 apples"),
    ("<think>2+3=5</think>5", "5"),
    ("步骤1：2+3=5\n答案是5", "5"),
    ("步骤1：2+3=5\n所以最终答案为 5。", "5"),
])
def test_the_closing_line_states_the_gold(solution, gold):
    assert read_gold(solution) == (gold, None)


@pytest.mark.parametrize("solution", [
    "Step 1: 2+3=5\nSo we are done.",                        # no value
    "Step 1: x\nTherefore the triangle is isosceles.",       # a sentence, no short value
    "Step 1: 2+3=5\nThus she has 12 apples.",                # a sentence around the value: no gold to guess
    "Step 1: 2+3=5\nStep 2: 5*2=10",
])
def test_a_closing_line_that_states_no_value_leaves_the_solution_unreadable(solution):
    assert gold_answer(solution) is None


def test_a_one_line_gold_stays_whole():
    assert gold_answer("The result is positive") == "The result is positive"



def test_a_gold_that_is_no_plain_value_keeps_its_words():
    assert gold_answer("Step 1\nThe answer is f(x) = 2x for x > 0") == "f(x) = 2x for x > 0"
