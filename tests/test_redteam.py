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
