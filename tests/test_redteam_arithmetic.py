"""A number that is one operand of arithmetic on a symbol is another value (issue 15,
class 6; red-team of 2026-12-08): ``12 + x`` is no answer of 12, though it holds one
number. The verdict of the short-sentence reading (`numbers.single_number`)."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import answers_equivalent
from tests.traces import rewarded, right_everywhere

# Each is another value than 12 (and than -12): a grader marks it wrong for either.
ARITHMETIC_ON_A_SYMBOL = [
    "12+x", "x+12", "12 + x", "x + 12", "12 - y", "12-y", "y - 12", "x -12", "x − 12",
    r"12 \cdot x", r"x \cdot 12", r"12 \times n", "12 * x", "12 × x", "12 · k", "12 / x", "12/n",
    r"12 + \epsilon", r"12\epsilon", r"\pi - 12", r"12 + \sin x", r"12 + \sqrt{x}", r"12 - \frac{1}{x}",
    "12 + C", "12 + e", "12 + i", "12 + (x)", "(a+b) + 12", r"12 \pm x", r"12 \div y",
    "The answer is 12 + x.", "So it is x + 12", "$12 + x$", "**12 + x**",
]

# Each holds the value 12 and nothing else a grader would read as arithmetic.
STILL_TWELVE = [
    "12", "12.", "The answer is 12.", "12 apples", "12 cm", "12 m/s", "12/s", "**12**", "$12$",
    "x = 12", "12 (twelve)", "12 - the total of both", r"12 \text{cm}",
    "12°", "12 * ", "A) 12", "Answer: 12", "12 km/h", "about 12 - a dozen",
]


@pytest.mark.parametrize("answer", ARITHMETIC_ON_A_SYMBOL)
def test_arithmetic_on_a_symbol_is_another_value_in_every_wrapping(answer):
    assert not rewarded(answer, "12")
    assert not rewarded(answer, "-12")


@pytest.mark.parametrize("answer", STILL_TWELVE)
def test_a_number_beside_words_and_units_keeps_its_value(answer):
    assert right_everywhere(answer, "12")


@pytest.mark.parametrize("answer", ["-12", "is -12", "x = -12", "The answer is − 12."])
def test_a_sign_after_words_or_a_relation_is_the_number_s(answer):
    assert answers_equivalent(answer, "-12")
    assert not answers_equivalent(answer, "12")


def test_arithmetic_on_a_symbol_against_the_same_expression():
    assert answers_equivalent("12 + x", "x + 12")
    assert not answers_equivalent("12 + x", "12 + y")
