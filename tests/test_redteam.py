"""Red-team probes of issue 15's hardening: answers a trained policy could be rewarded for
that a grader marks wrong. Each case is a reward hack found against the merged code."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import answers_equivalent, match_key_steps, score_trace


def mulberry(steps: list[str], answer: str = "3") -> str:
    parts = ["### Image Description:\nA figure.", "### Rationales:\nA rule.", "### Let's think step by step."]
    parts += [f"### Step {i}:\n{text}" for i, text in enumerate(steps, start=1)]
    parts.append(f"### The final answer is: {answer}")
    return "\n\n".join(parts)


# A minus in any of its spellings is a sign: one answer is never right for both signs.
MINUS_SPELLINGS = ["\u2010", "\u2011", "\u2012", "\u2043", "\ufe63", "\u2796", "\u02d7", "\u207b", "\u208b",
                   "\u2014", "-\u034f", "-\u2062", r"\text{-}", r"\mathrm{-}", "{}-", "-{}"]


@pytest.mark.parametrize("minus", MINUS_SPELLINGS)
def test_minus_lookalikes_are_a_sign(minus: str) -> None:
    assert not answers_equivalent(minus + "12", "12")
    assert answers_equivalent(minus + "12", "-12")


def test_em_dash_before_a_space_stays_punctuation() -> None:
    assert answers_equivalent("x = 12", "12")
    assert not answers_equivalent("\u2014 12 or 15", "12")


# Two boxes on one line with nothing but a connective, spacing or marks between them are
# offered side by side, whatever spells the connective: neither is the answer.
@pytest.mark.parametrize("joint", [r" \quad ", r" \lor ", r" \vee ", " | ", r"\text{/}", "、", " 还是 ", " o\u200br ",
                                   " 0r ", " \u043er ", " otherwise ", ". Alternatively ", " oder ", r"\;\text{or}\;"])
def test_boxes_side_by_side_hedge(joint: str) -> None:
    completion = "So " + r"\boxed{B}" + joint + r"\boxed{C}"
    assert not score_trace(completion, solution="C").answer_correct
    assert not score_trace(completion, solution="B").answer_correct


def test_a_box_corrected_in_words_is_still_the_last() -> None:
    assert score_trace(r"First \boxed{6}, corrected: \boxed{7}", solution="7").answer_correct
    assert score_trace(r"\boxed{12} cm, so the area is \boxed{144}", solution="144").answer_correct


# Denial and doubt in Chinese, beside a box or a letter.
@pytest.mark.parametrize("completion", [r"\boxed{B} 不对", r"不是 \boxed{B}", r"\boxed{B}？", r"可能 \boxed{B}",
                                        r"\boxed{A} 或 \boxed{B}"])
def test_chinese_denial_and_doubt_around_a_box(completion: str) -> None:
    assert not score_trace(completion, solution="B").answer_correct


@pytest.mark.parametrize("pred", ["不是12", "可能是12", "12吗", "12 或 15", "15 is impossible"])
def test_chinese_denial_and_doubt(pred: str) -> None:
    gold = "15" if "15 is" in pred else "12"
    assert not answers_equivalent(pred, gold)


# A later line of the answer that offers another answer or doubts it takes it back.
@pytest.mark.parametrize("later", ["or 15", "(or possibly 15)", "Alternatively 15", "or maybe 15", "或15", "?",
                                   "I am not sure."])
def test_a_later_line_that_hedges_takes_the_answer_back(later: str) -> None:
    assert score_trace(mulberry(["x = 12"], answer="12"), solution="12").answer_correct
    assert not score_trace(mulberry(["x = 12"], answer="12\n" + later), solution="12").answer_correct
    assert not score_trace("We add.\nFinal answer: 12\n" + later, solution="12").answer_correct
    assert not score_trace("We add.\n\\boxed{12}\n" + later, solution="12").answer_correct


def test_a_justification_still_commits_to_nothing() -> None:
    assert score_trace(mulberry(["x = 12"], answer="12\nBecause 3 * 4 = 12, or so the figure shows."),
                       solution="12").answer_correct


# What follows an answer tag commits too.
@pytest.mark.parametrize("after", ["\n\\boxed{15}", "\\boxed{15}", "\nFinal answer: 15"])
def test_an_answer_tag_then_another_answer(after: str) -> None:
    assert not score_trace("<think>x = 12</think><answer>12</answer>" + after, solution="12").answer_correct
    assert score_trace("<think>x = 12</think><answer>12</answer>\n", solution="12").answer_correct


def key_matched(step_text: str, key: str) -> bool:
    return match_key_steps(mulberry([step_text]), [[key]]).matched == 1


# A key step is not earned by offering its value beside another, nor by a question.
@pytest.mark.parametrize("text", ["top = 3? or 4", "top = 3 or 4", "top = 3 (or 4)", "top = 3 or maybe 4", "top = 3?",
                                  "top = 3 ± 1", r"top = 3 \pm 1", "top = 3 或 4", r"top = 3 \lor 4",
                                  r"top = 3 \text{ or } 4", "top = 3, or 4", "top = 3 or -4"])
def test_key_value_offered_beside_another(text: str) -> None:
    assert not key_matched(text, "top = 3")


def test_key_value_stated_still_matches() -> None:
    assert key_matched("so top = 3, and the rest follows", "top = 3")
    assert key_matched("the roots are x = 3 or x = -1", "x = 3")
    assert not key_matched("top = 1, 2, 3, 4, 5, 6", "top = 3")


# A minus in any spelling before a key number is a sign: key 5 is not in "-5".
@pytest.mark.parametrize("minus", ["\u2014", "\u2012", "\ufe63", "\u207b", "\u2010", r"\text{-}", "{-}", "-{}", "-\u200b",
                                   "±", r"\pm "])
def test_key_number_after_minus_lookalike(minus: str) -> None:
    assert not key_matched("so the value is " + minus + "5", "5")
    assert key_matched("so the value is 5", "5")
