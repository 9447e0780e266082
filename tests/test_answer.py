"""extract_answer and gold_answer: only a committed answer counts."""

import pytest
from traces import GOOD

from stepgrpo_rewards import extract_answer, gold_answer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD, "70°"),
        ("### Step 1:\n3+4=7\n### The final answer is:\n7\nBecause 3+4=7.", "7"),
        ("<think>2+2=4</think><answer> 4 </answer>", "4"),
        (r"First \boxed{3}, then corrected: \boxed{\frac{1}{2}}", r"\frac{1}{2}"),
        ("We add them.\nFinal answer: 12 cm", "12 cm"),
        ("We add them.\nFinal answer:\n\n12 cm\n", "12 cm"),
        ("So the answer is B.", "B."),
        ("### Step 1:\nx = 5, so y = 7", None),
        ("The bars are 12 and 15 tall.", None),
        ("", None),
        (r"\boxed{unbalanced", None),
    ],
)
def test_extract_answer(text, expected):
    assert extract_answer(text) == expected


def test_answer_section_wins_over_boxed_in_steps():
    text = "### Step 1:\n\\boxed{5} is wrong\n### The final answer is: 6"
    assert extract_answer(text) == "6"


@pytest.mark.parametrize(
    ("solution", "expected"),
    [
        ("12", "12"),
        ("  (B) ", "(B)"),
        (GOOD, "70°"),
        ("### The final answer is: 3\n### The final answer is: 4", "4"),
        ("<answer>yes</answer>", "yes"),
        ("", None),
        (None, None),
    ],
)
def test_gold_answer(solution, expected):
    assert gold_answer(solution) == expected


def test_answer_tag_counts_in_a_mulberry_trace_without_answer_header():
    text = "### Step 1:\n2+2=4\n<answer>4</answer>"
    assert extract_answer(text) == "4"
    assert gold_answer(text) == "4"


def test_answers_of_lists_every_final_answer_section():
    from stepgrpo_rewards.answer import answers_of
    from stepgrpo_rewards.trace import parse_trace

    text = "### Step 1:\n2+2=4\n### The final answer is: 3\nno\n### The final answer is:\n\n 4 \nsince"
    assert answers_of(parse_trace(text)) == ["3", "4"]
    assert answers_of(parse_trace("<think>2+2=4</think><answer> 4 </answer>")) == ["4"]
