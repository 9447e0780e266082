"""A gold that carries its option's text names the option in more spellings (issue 15,
class 9; red-team of 2026-12-08): ``(A) $12$``, ``[A] 12``, ``A、12``."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import answers_equivalent
from tests.traces import rewarded, right_everywhere

GOLDS = ["(A) $12$", "[A] 12", "A、12", r"(A) \(12\)", "[A] $12$"]


@pytest.mark.parametrize("gold", GOLDS)
@pytest.mark.parametrize("answer", ["A", "(A)", "[A]", "12", "(A) 12"])
def test_the_letter_and_the_text_both_name_the_option(gold, answer):
    assert right_everywhere(answer, gold)


@pytest.mark.parametrize("gold", GOLDS)
@pytest.mark.parametrize("answer", ["B", "(B)", "15", "A or B", "(A) 15", "B) 12 A) 15"])
def test_another_option_or_value_is_wrong(gold, answer):
    assert not rewarded(answer, gold)


def test_a_math_option_text_compares_as_math():
    assert answers_equivalent("0.5", r"(A) $\frac{1}{2}$")
    assert not answers_equivalent("12", r"(A) $\frac{1}{2}$")
