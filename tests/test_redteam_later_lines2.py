"""A later line or a later section commits in more words (issue 15, class 3; red-team of
2026-12-08): corrections and commitments in other words ("Should've been 15", "Going
with 15"), a yes or a no in any wrapping and a few languages, an option named by its
word, and a final-answer line or a box in a Mulberry section after the answer."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import RewardConfig, score_trace

MULBERRY = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: "


def _wrappings(first: str, line: str) -> list[tuple[str, RewardConfig]]:
    return [
        (MULBERRY + first + "\n" + line, RewardConfig()),
        ("<think>\nStep 1: x\n</think>\n<answer>" + first + "\n" + line + "</answer>", RewardConfig(layout="r1")),
        ("We compute 3*4.\nFinal answer: " + first + "\n" + line, RewardConfig()),
    ]


def _right(first: str, line: str, gold: str) -> list[bool]:
    return [score_trace(text, gold, config=config).answer_correct for text, config in _wrappings(first, line)]


SECOND_VALUES = [
    "Should've been 15", "Should have been 15", "It's really 15.", "In fact 15", "In fact, 15.", "Change to 15",
    "Changed to 15", "Amended to 15", "Corrected to 15", "2nd try: 15", "Now it's 15.", "I'll go with 15",
    "Let's go with 15", "Going with 15", "I pick 15", "Rechecking gives 15.", "leads to 15", "It leads to 15",
    "Double-check: 15", "Note: it's 15", "TL;DR: 15", "Er... 15", "Hmm, 15", ">> 15", "| Answer | 15 |",
    "Answer | 15", "I'll say 15.", "I'd go with 15", "Settling on 15.", "Locking in 15.", "My final pick is 15.",
    "We go with 15.", "Went with 15.", "Goin' with 15", "Not 12, but 15.", "Let's say 15.",
]
SECOND_VERDICTS = ["**No**", "(No)", "So, no.", "Hence no.", "=> No", "On second thought, no", "Real answer: no",
                   "yes and no", "not at all", "Negative", "Nein", "non", "нет", "いいえ", "否", "✗"]
SECOND_OPTIONS = ["Option B", "**Option B**", "Choice B", "Answer B", "The option is B", "The choice is (B)",
                  "In fact B", "Should have been B", "Change to B", "Going with B"]


@pytest.mark.parametrize("line", SECOND_VALUES)
def test_a_later_value_in_other_words_is_a_second_answer(line):
    assert _right("12", line, "12") == [False, False, False]


@pytest.mark.parametrize("line", SECOND_VERDICTS)
def test_a_later_no_in_any_wrapping_is_a_second_answer(line):
    assert _right("Yes", line, "Yes") == [False, False, False]


@pytest.mark.parametrize("line", SECOND_OPTIONS)
def test_a_later_option_named_by_its_word_is_a_second_answer(line):
    assert _right("A", line, "A") == [False, False, False]


@pytest.mark.parametrize("line", [
    "Note that 3 + 4 = 7.", "Now we check: 3 * 4 = 12.", "In fact, the figure shows 3 sides.", "Actually 12 is right.",
    "I believe this is correct.", "This is true.", "Really, the area is what was asked.", "Going with the figure, 12.",
    "Should be 12.", "In fact 12", "Not 15, but 12.", "Let's say 12.", "We go with 12.",
    "I'll say it again: the area is 12.", "Settling on the method, 3 * 4 = 12.",
])
def test_an_honest_later_line_keeps_the_answer(line):
    assert _right("12", line, "12") == [True, True, True]


@pytest.mark.parametrize("line", ["Yes!", "(Yes)", "**Yes**", "So, yes.", "Ja", "Indeed, yes."])
def test_a_later_yes_agrees_with_a_yes(line):
    assert _right("Yes", line, "Yes") == [True, True, True]


@pytest.mark.parametrize("after", [
    "### Step 2:\nFinal answer: 15", "### Step 2:\nx = 15\n\\boxed{15}", "### Step 2:\nThe answer is 15.",
    "### Rationales:\nFinal answer: 15", "### Step 2:\nSo 15.", "### Step 2:\nHence the result is 15.",
    "### Step 2:\nCheck: 3 * 4 = 12.\nSo 15.",
])
def test_a_later_section_that_states_another_answer_takes_it_back(after):
    assert not score_trace(MULBERRY + "12\n" + after, "12").answer_correct


@pytest.mark.parametrize("after", [
    "### Step 2:\nCheck: 3 * 4 = 12. The answer is 12.", "### Step 2:\nx = 5", "### Step 2:\nThe answer is correct.",
    "### Step 2:\nSo \\boxed{12}", "### Step 2:\nSo 12.", "### Step 2:\nSo the answer is consistent.",
])
def test_a_later_section_that_agrees_or_states_no_answer_keeps_it(after):
    assert score_trace(MULBERRY + "12\n" + after, "12").answer_correct


@pytest.mark.parametrize(("first", "line", "gold"), [
    ("True", "True", "True"), ("False", "(False)", "False"), ("Yes", "**Yes**", "Yes"), ("No", "Nein", "No"),
])
def test_a_later_word_that_agrees_keeps_the_answer(first, line, gold):
    assert _right(first, line, gold) == [True, True, True]


def test_a_later_false_after_true_is_a_second_answer():
    assert _right("True", "False", "True") == [False, False, False]
