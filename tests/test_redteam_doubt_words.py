"""Doubt and denial in other words, before or after a plain or boxed answer (issue 15,
class 8 and class 2; red-team of 2026-12-08)."""

from __future__ import annotations

import pytest

from tests.traces import rewarded, right_everywhere

DOUBTED = [
    "might be 12", "could be 12", "could well be 12", "It might be 12.", "presumably 12", "prolly 12",
    "kinda 12", "sorta 12", "arguably 12", "12 (debatable)", "12 iirc", "12, afaik", "12, no idea",
    "12 if correct", "12 if that's right", "12 (joke)", "12, jk", "12 (just kidding)", "12 (bogus)",
    "12 (unverified)", "12 (unconfirmed)", "12 (conjecture)", "12 (made up)", "12 (totally made up)", "12 (fabricated)",
    "12 (fake)", "12 (hypothetical)", "12 (not real)", "12 (just kidding)", "12 at random", "12, randomly",
    "12 (I hope)", "12 (rough)", "12 (roughly)", "12 (as a fallback)", "12 (default)", "ostensibly 12",
    r"might be \boxed{12}", r"could be $\boxed{12}$", r"presumably \boxed{12}", r"\boxed{12} iirc",
]
DENIED = [
    "hardly 12", "far from 12", "nowhere near 12", "12 is a red herring", "12 is a trap", "12 is a lie",
    "12 is a decoy", "12 is a distractor", "12 is an error", "12, never", "12 - not at all", "12 ⨯", "12 ☒", r"hardly \boxed{12}", r"\boxed{12} is a trap",
]
HONEST = [
    "12", "The answer is 12.", "12 apples", "12, as the figure shows", "12 (far side)", "12 (from the figure)",
    "The total is 12, which is correct.", "12 (correct)", r"\boxed{12} since the ball is drawn at random",
    r"\boxed{12} since the fake coin is lighter", r"\boxed{12} since Tom made up the rule", "12 (the trapezoid's area)",
    "12 (a dozen)", "12 (the other reading is wrong)", "12 (rounded)", "12, as I hoped", "12 (the maximum)", "12 (the minimum)", r"\boxed{12} since the balls are randomly drawn",
]


@pytest.mark.parametrize("answer", DOUBTED + DENIED)
def test_a_doubted_or_denied_answer_is_no_answer(answer):
    assert not rewarded(answer, "12")


@pytest.mark.parametrize("answer", HONEST)
def test_honest_words_around_the_answer_keep_it(answer):
    assert right_everywhere(answer, "12")


@pytest.mark.parametrize(("answer", "gold"), [("Yes (made up)", "Yes"), ("could be B", "B"), ("B might be", "B"), ("presumably yes", "Yes")])
def test_doubt_takes_back_a_letter_or_a_word_too(answer, gold):
    assert not rewarded(answer, gold)


@pytest.mark.parametrize("line", ["The probability of a guess being right is 1/4.", "A guess would have been 10."])
def test_a_guess_of_the_problem_on_a_later_line_keeps_the_answer(line):
    from stepgrpo_rewards import score_trace

    assert score_trace("3 * 4 = 12\nFinal answer: 12\n" + line, "12").answer_correct
