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


# --- What follows a number and makes it another value (issue 15, red-team list) ---
# A scale multiplies the number: "12 million" is never a gold 12, and is a gold 12000000.
@pytest.mark.parametrize("pred, value", [
    ("12 million", "12000000"), ("12k", "12000"), ("12 thousand", "12000"), ("12M", "12000000"),
    ("1.5 billion", "1500000000"), ("12万", "120000"), ("12 lakh", "1200000"), ("12 dozen", "144"),
    ("12‰", "0.012"), (r"\boxed{12} million", "12000000"), (r"$12$ million", "12000000"), (r"\boxed{12}k", "12000"),
])
def test_a_scale_word_changes_the_value(pred: str, value: str) -> None:
    assert not answers_equivalent(pred, "12")
    assert answers_equivalent(pred, value)
    assert not score_trace(mulberry(["x = 12"], answer=pred), solution="12").answer_correct


# Glued to the number, a name, a prime, a factorial, a dangling power or a trailing plus
# make another value (or none); a unit or a noun does not.
@pytest.mark.parametrize("pred", ["12x", "12'", "12''", "12e", "12i", "12^", "12+", "12ish", "12-ish", "12bn",
                                  "the answer: 12x", "about 12x apples"])
def test_a_number_continued_is_another_value(pred: str) -> None:
    assert not answers_equivalent(pred, "12")


@pytest.mark.parametrize("pred", ["12cm", "12 apples", "12 %", "12°", "'12'", '"12"', "12 (not to scale)", "x = 12"])
def test_a_unit_a_noun_or_quotes_keep_the_number(pred: str) -> None:
    assert answers_equivalent(pred, "12")


# Integers beyond 2^53 compare exactly: doubles round neighbours to one value.
@pytest.mark.parametrize("pred, gold", [("9007199254740993", "9007199254740992"),
                                        ("12345678901234567891", "12345678901234567890"),
                                        ("12,345,678,901,234,567,891", "12345678901234567890"),
                                        ("2^{60}", "1152921504606846977")])
def test_huge_integers_compare_exactly(pred: str, gold: str) -> None:
    assert not answers_equivalent(pred, gold)
    assert answers_equivalent(gold, gold)


def test_huge_integers_equal_in_any_spelling() -> None:
    assert answers_equivalent("12,345,678,901,234,567,891", "12345678901234567891")
    assert answers_equivalent("2^{60}", "1152921504606846976")


# Bounds: "almost 12", "≳ 12", "12 and up" say the answer is another value or a range.
@pytest.mark.parametrize("pred", ["almost 12", "nearly 12", "≳12", "≲ 12", r"\gtrsim 12", "12 and up",
                                  "just shy of 12", "in excess of 12"])
def test_more_bounds_are_no_value(pred: str) -> None:
    assert not answers_equivalent(pred, "12")


# A later clause, sentence or line that takes the answer back.
@pytest.mark.parametrize("pred", ["12 (wrong)", "12 (incorrect)", "12, which is wrong", "12. That's incorrect.",
                                  "12. Wait, that's wrong.", "12 Wait, 15", "12 (oops)", "12. Let me recheck.",
                                  "12 (not)", "12, not!", "12 ✗", "12 ❌", "12; no", "12 (nope)"])
def test_a_later_clause_that_denies(pred: str) -> None:
    assert not answers_equivalent(pred, "12")


def test_a_justification_that_denies_another_option_stays_right() -> None:
    assert answers_equivalent("(C), since (A) is wrong", "C")
    assert answers_equivalent("12, since the bars are equal", "12")


@pytest.mark.parametrize("later", ["Wait, that's wrong.", "Wait, that is not right.", "Hmm, no.", "No, 15.",
                                   "Actually, I made a mistake.", "That's incorrect.", "But this could be wrong.",
                                   "(wrong)", "Oops", "Let me recheck this."])
def test_a_later_line_that_takes_the_answer_back(later: str) -> None:
    assert not score_trace(mulberry(["x = 12"], answer="12\n" + later), solution="12").answer_correct
    assert not score_trace("We add.\nFinal answer: 12\n" + later, solution="12").answer_correct
    assert not score_trace("We add.\n\\boxed{12}\n" + later, solution="12").answer_correct


def test_a_box_justified_by_another_being_wrong_stays_right() -> None:
    assert score_trace(r"\boxed{B}, since A is wrong", solution="B").answer_correct


# An answer before the answer tag commits too: the two must agree.
@pytest.mark.parametrize("completion", ["12 <answer>15</answer>", "The answer is 12 <answer>15</answer>",
                                        "<think>x</think> 12 <answer>15</answer>",
                                        "<think>x</think>\nThe answer is 12.\n<answer>15</answer>"])
def test_an_answer_before_the_tag_must_agree(completion: str) -> None:
    assert not score_trace(completion, solution="15").answer_correct
    assert not score_trace(completion, solution="12").answer_correct


def test_reasoning_before_a_tag_commits_to_nothing() -> None:
    assert score_trace("We add 3 and 9.\n12\n<answer>15</answer>", solution="15").answer_correct
    assert score_trace("<think>12\nno, 15</think><answer>15</answer>", solution="15").answer_correct


# Key steps: a value listed with others, denied, bounded or scaled is not the key's.
@pytest.mark.parametrize("text", ["top = 3, 4", "top = 3; 4", "top = 3 and 4", "top = 3, 4, 5.", "x = 3 is wrong",
                                  "x = 3 (wrong)", "x = 3 or more", "x = 3 million", "x = 3k",
                                  "x is not 3", "x < 3", "x ≥ 3", "x ≠ 3", "not x = 3", "it is false that x = 3",
                                  "x = 3 is not possible", "x = 3 (not)", "x = 3, not!", "x = 3 — wrong", "x = 3 ✗",
                                  "x = 3 (no)", r"\neg x = 3"])
def test_key_value_listed_denied_bounded_or_scaled(text: str) -> None:
    assert not key_matched(text, "x = 3" if text.startswith("x") else "top = 3")


@pytest.mark.parametrize("text, key", [("top = 3, 4 = bottom", "top = 3"), ("top = 3, then bottom = 4", "top = 3"),
                                       ("x is not 4, so x = 3", "x = 3"), ("x = 3 (not to scale)", "x = 3"),
                                       ("note: x = 3", "x = 3"), ("another x = 3", "x = 3"),
                                       ("values 3, 4", "3"), ("x = 3 cm", "x = 3"), ("x = 3, since 4 is too big", "x = 3")])
def test_key_value_stated_then_more(text: str, key: str) -> None:
    assert key_matched(text, key)
