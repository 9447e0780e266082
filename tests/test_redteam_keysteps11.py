"""Key-step credit a step should not earn, and credit it should: the whole chain a key's
value stands in (issue 15, the two 'key steps/chain' rows of test_redteam_open.py that
test_redteam_keysteps8.py left open).

A step earns no key step for ``x = 5`` where the chain of equalities the match stands in
commits it to another value (`stepgrpo_rewards.keysteps.chains`):

- BEFORE the match: ``y = 6 = x = 5``, ``6 = total = x = 5``, the swapped ``6 = total =
  5 = x``, and after a swapped match (``5 = x = 6``);
- in the NEXT STEP, where it opens with a link (``= 6`` first in Step 2);
- through an APPROXIMATION to a value the key does not round to (``x = 5 ≈ 6``, ``~``,
  ``\\approx``, ``≃``), or an ARROW to a bare other value or to the key's name set to
  one (``x = 5 => 6``, ``x = 5 ⇒ x = 6``, ``\\implies``, ``-->``, ``→``);
- through terms in WORDS and TeX primitives (``3 plus 3``, ``half of 12``, ``six units``,
  ``twice 3``, ``double 3``, ``{12 \\over 2}``, ``\\frac12``, ``½``).

Honest steps keep the credit: an approximation that rounds the same value (``x = 5 ≈
5.0``, ``x = 1/3 ≈ 0.33``), an implication to another expression or another name (``x =
5 ⇒ 2x = 10``, ``x = 5 → y = 6``), a key after an implication (``2x = 10 ⇒ x = 5``),
terms that keep the value (``10/2 = x = 5``, ``= half of 10``).
"""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traces import key_matched, steps_trace

from stepgrpo_rewards import match_key_steps, score_trace
from stepgrpo_rewards.keysteps.chains import (
    equated_before,
    equated_to_another,
    key_number,
    term_value,
)
from stepgrpo_rewards.keysteps.number_bounds import _GLUED_UNITS

TEMPLATE = "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n{}\n### The final answer is: 7"


@pytest.mark.parametrize("step", ["y = 6 = x = 5", "x = 5 ≈ 6"])
def test_the_reported_rows(step: str) -> None:
    # the two 'key steps/chain' rows that stood in test_redteam_open.OPEN_FINDINGS
    assert score_trace(TEMPLATE.format(step), "7", [["x = 5"]]).key_step_ratio == 0.0


# --- class 1a: the chain before the match ---
BEFORE = [
    "y = 6 = x = 5", "6 = total = x = 5", "6 = total = 5 = x", "6 = x = 5", "y = 12/2 = x = 5", "six = x = 5",
    "the total = 6 = x = 5", "so 6 = x = 5", "6 = the total = x = 5", "y = 6 = z = x = 5", "3 + 3 = x = 5",
    "\\frac{12}{2} = x = 5", "$6 = x = 5$", "$y = 6 = x = 5$", "y=6=x=5", "y = 6 == x = 5", "y := 6 = x = 5",
    "y = 6 ≡ x = 5", "y = 6\n= x = 5", "y = 6 =\nx = 5", "**6** = x = 5", "6 = **x = 5**", "y ＝ 6 ＝ x ＝ 5",
    "6 = total = 5 = x.", "6 = AB = 5 = x", "$6 = \\text{total} = 5 = x$", "y = 6 ≈ x = 5", "6 \\approx x = 5",
    "6 = x = 5 = 5.0", "answer: 6 = x = 5", "6 = total\n= x = 5", "5 = x = 6", "5 = x = 12/2", "5 = x = total = 6",
    "y = 6 = \\text{the total} = x = 5", "y = six = x = 5", "y = 3 plus 3 = x = 5", "y = 6 = \\(x = 5\\)",
    "y = 6 = \\[x = 5\\]", "6 ≅ x = 5", "6 =\\, x = 5", "у = 6 = x = 5", "６ ＝ x ＝ 5",
    "y = 6 = x = 5 = 5",
]


@pytest.mark.parametrize("step", BEFORE)
def test_a_chain_to_another_value_before_the_key_earns_nothing(step: str) -> None:
    assert not key_matched(step)


# --- class 1b: the chain continued at the start of the next step ---
NEXT_STEP = [
    ["x = 5", "= 6"], ["x = 5", "= 12/2"], ["x = 5.", "= 6"], ["x = 5", "$= 6$"], ["x = 5 = AB", "= 6"],
    ["x = 5", "  = six"], ["x = 5", "== 6"], ["x = 5", "≈ 6"], ["x = 5", "= total = 6"], ["$x = 5$", "$$= 6$$"],
    ["x = 5", "\\\\ &= 6"],
]
# ... and the chain of the step before, where the key opens its step
PREVIOUS_STEP = [["y = 6 =", "x = 5"], ["6 =", "x = 5"], ["6 = total =", "5 = x"], ["y = 6 ≈", "x = 5"],
                 ["y = 6 =", "\\(x = 5\\)"]]


@pytest.mark.parametrize("steps", PREVIOUS_STEP)
def test_a_chain_from_the_step_before_earns_nothing(steps: list[str]) -> None:
    assert match_key_steps(steps_trace(steps), [["x = 5"]]).matched == 0


@pytest.mark.parametrize("steps", NEXT_STEP)
def test_a_chain_that_goes_on_in_the_next_step_earns_nothing(steps: list[str]) -> None:
    assert match_key_steps(steps_trace(steps), [["x = 5"]]).matched == 0


# --- class 1c and 2b: operators in words and TeX primitives, terms in words ---
WORDED = [
    "x = 5 = 3 plus 3", "x = 5 = {12 \\over 2}", "x = 5 = 12 \\over 2", "x = 5 = half of 12", "x = 5 = six units",
    "x = 5 = twice 3", "x = 5 = double 3", "x = 5 = twice three", "x = 5 = double three", "x = 5 = three plus three",
    "x = 5 = 2 times 3", "x = 5 = 12 divided by 2", "x = 5 = 12 over 2", "x = 5 = 7 minus 1", "x = 5 = 3 Plus 3",
    "x = 5 = 3 \\text{ plus } 3", "x = 5 = \\text{half of } 12", "x = 5 = a third of 18", "x = 5 = one third of 18",
    "x = 5 = two thirds of 9", "x = 5 = half of twelve", "x = 5 = six apples", "x = 5 = six red apples",
    "x = 5 = 2 dozen", "x = 5 = three squared", "x = 5 = 3 squared", "x = 5 = thrice 2", "x = 5 = triple 2",
    "x = 5 = \\frac12", "x = 5 = ½", "x = 5 = 12 · ½",
    "x = 5 = \\tfrac{12}{2}", "x = 5 = {{12} \\over {2}}", "x = 5 = AB = 3 plus 3", "x = 5 = total = half of 12",
    "x = 5 = twelve halves", "x = 5 = negative six", "x = 5 = 3 plus 3 cm", "x = 5 = six units.",
    "x = 5 = six units of length", "x = 5 = 1/2 of 12", "x = 5 = 50% of 12", "x = 5 = AB equals 6",
    "x = 5 = 3 + three", "x = 5 = half (12)", "x = 5 = Six Units", "x = 5 = twice three units",
]


@pytest.mark.parametrize("step", WORDED)
def test_a_term_in_words_to_another_value_earns_nothing(step: str) -> None:
    assert not key_matched(step)


# --- class 2a: approximations and arrows to another value ---
RELATED = [
    "x = 5 ≈ 6", "x = 5 => 6", "x = 5 ⇒ x = 6", "x = 5 \\approx 6", "x = 5 ~ 6", "x = 5 \\Rightarrow 6",
    "x = 5 \\implies 6", "x = 5 \\implies x = 6", "x = 5 --> 6", "x = 5 → 6", "x = 5 -> 6", "x = 5 ==> 6",
    "x = 5 ⟹ 6", "x = 5 ⟶ 6", "x = 5 \\to 6", "x = 5 \\longrightarrow 6", "x = 5 ≃ 6", "x = 5 ∼ 6",
    "x = 5 ≈ 5.4", "x = 5 ≈ 10", "x = 5 ≈ 4.9", "x = 5 ≈ 12/2", "x = 5 ≈ six", "x = 5 ≈ AB = 6", "x = 5 = AB ≈ 6",
    "x = 5 ≈ x = 6", "x = 5 ⇒ x = 12/2", "x = 5 => x = six", "x = 5 \\Rightarrow x = 6", "x = 5 → x = 6",
    "x = 5 ⇒ x = AB = 6", "$x = 5 \\approx 6$", "$x=5\\approx6$", "x=5≈6", "x = 5 ≈ 6 cm", "x = 5 ⇒ 6.",
    "x = 5 ⇒ six", "x = 5 = 10/2 ≈ 6", "x = 5 (≈ 6)", "**x = 5** ≈ 6", "x = 5\n≈ 6", "x = 5 \\quad\\Rightarrow\\quad x = 6",
    "x = 5 \\simeq 6", "x = 5 ≅ 6", "x = 5 \\cong 6", "x = 5 \\approxeq 6", "x = 5 ⇒ \\(x = 6\\)", "x = 5 ⇒ so x = 6",
    "x = 5 → thus x = 6", "x = 5 ⇒ X = 6", "x = 5 ⇒ x=6", "x = 5 ⇒ **x = 6**", "x = 5 ⇒ x ≈ 6", "x = 5 ~= 6",
    "x = 5 ≈ 6.0", "x = 5 = 5 ≈ 6", "x = 5 ≈ 5.0 = 6", "x = 5 ⇒ 6 cm", "x = 5≈6", "x = 5 (⇒ x = 6)",
]


@pytest.mark.parametrize("step", RELATED)
def test_an_approximation_or_arrow_to_another_value_earns_nothing(step: str) -> None:
    assert not key_matched(step)


# --- the honest steps: a chain that keeps the value, or other statements ---
HONEST = [
    # approximations that round the same value
    "x = 5 ≈ 5.0", "x = 5 ≈ 5", "x = 5 \\approx 5.00", "x = 5 = 10/2 ≈ 5.0", "x = 5 ≈ five",
    # implications to another expression or another name
    "x = 5 ⇒ 2x = 10", "x = 5 → y = 6", "x = 5 => y = 6", "x = 5 ⇒ x^2 = 25", "x = 5 ⇒ x + 1 = 6", "x = 5 \\implies 2x = 10",
    "x = 5 ⇒ 2·5 = 10", "x = 5 ⇒ 2 \\cdot 5 = 10", "x = 5 ⇒ x = 5", "x = 5 ⇒ x = 10/2", "x = 5 ⇒ 10/2", "x = 5 ⇒ y = x + 1 = 6",
    "x = 5 --> y = 6", "x = 5 ==> y = 6", "x = 5 \\Rightarrow y = 6", "x = 5 ⇒ xy = 6",
    # the key after an implication, a clause or a comma
    "2x = 10 ⇒ x = 5", "2x = 10 \\implies x = 5", "2x = 10 → x = 5", "2x = 10 => x = 5", "y = 6 so x = 5",
    "y = 6, x = 5", "y = 6; x = 5", "y = 6\nx = 5", "y = 6. x = 5", "y = 6 and x = 5", "2x = 10, so x = 5",
    "y < 6 = x = 5" if False else "y = 6 \\quad x = 5", "if y = 6 then x = 5", "y = 6 where x = 5",
    # chains before the key that keep the value
    "10/2 = x = 5", "AB = x = 5", "the total = x = 5", "5 = x", "2 + 3 = 5 = x", "y = 5 = x = 5", "five = x = 5",
    "\\frac{10}{2} = x = 5", "half of 10 = x = 5", "5.0 = x = 5", "y ≈ 5.0 = x = 5", "y ≤ 6 = z, x = 5",
    "P(x = 5) = 0.3", "f(x = 5) = 6",
    # words that keep the value, or are no value
    "x = 5 = half of 10", "x = 5 = 3 plus 2", "x = 5 = twice 2.5", "x = 5 = ten halves", "x = 5 = five units",
    "x = 5 = half of AB", "x = 5 = 2 x", "x = 5 = 3 more than 2", "x = 5 = one of the roots", "x = 5 = \\frac{10}2",
    "x = 5 = {10 \\over 2}", "x = 5 = 10 · ½", "x = 5 = the answer to part a", "x = 5 = 6 minus 1",
    "x = 5 = 50% of 10", "x = 5 = five units of length", "x = 5 ⇒ so y = 6", "x = 5 equals 5", "x = 5 equals AB",
    "x = 5 ⇒ x = 6 - 1", "x = 5 ⇒ x ≈ 5.0",
]


@pytest.mark.parametrize("step", HONEST)
def test_an_honest_chain_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


@pytest.mark.parametrize("steps", [["x = 5", "y = 6"], ["x = 5", "= AB"], ["x = 5", "= 10/2"], ["x = 5", "So y = 6"],
                                   ["x = 5.", "Then = 6 is y"], ["x = 5", "≈ 5.0"], ["y = 6", "x = 5"],
                                   ["y = 5 =", "x = 5"], ["y = 6 =", "So x = 5"]])
def test_an_honest_next_step_keeps_the_credit(steps: list[str]) -> None:
    assert match_key_steps(steps_trace(steps), [["x = 5"]]).matched == 1


@pytest.mark.parametrize(("step", "key"), [
    ("x = 1/3 ≈ 0.33", "x = 1/3"), ("x = 2/3 ≈ 0.667", "x = 2/3"), ("x = 3.14 ≈ 3.1416", "x = 3.14"),
    ("n = 1234 ≈ 1200", "n = 1234"), ("x = 5/3 ≈ 2", "x = 5/3"), ("a = 2, b = 3 = c", "b = 3"),
    ("a = 2, b = 3 = c", "a = 2"), ("x = 2.5 ≈ 3", "x = 2.5"), ("∠C = 70° ≈ 70.0°", "∠C = 70°"),
    ("n = 150 ≈ 200", "n = 150"), ("x = 0.5 = half", "x = 0.5"), ("x = 0.5 = one half", "x = 0.5"),
])
def test_honest_keys_with_approximations(step: str, key: str) -> None:
    assert key_matched(step, key)


@pytest.mark.parametrize(("step", "key"), [
    ("x = 1/3 ≈ 0.5", "x = 1/3"), ("x = 3.14 ≈ 3.2", "x = 3.14"), ("n = 1234 ≈ 1300", "n = 1234"),
    ("80° = ∠C = 70°", "∠C = 70°"), ("y = 6 = ∠C = 70°", "∠C = 70°"),
    ("x = 0.5 = one third", "x = 0.5"),
])
def test_keys_with_other_values_refused(step: str, key: str) -> None:
    assert not key_matched(step, key)


# --- the reader itself ---
FIVE = key_number("x = 5")


@pytest.mark.parametrize(("term", "value"), [
    ("3 plus 3", 6), ("half of 12", 6), ("six units", 6), ("twice 3", 6), ("double 3", 6), ("{12 \\over 2}", 6),
    ("12 over 2", 6), ("a third of 18", 6), ("two thirds of 9", 6), ("12 divided by 2", 6), ("2 multiplied by 3", 6),
    ("\\frac12", Fraction(1, 2)), ("½", Fraction(1, 2)), ("three squared", 9), ("five halves", Fraction(5, 2)),
    ("negative six", -6), ("\\text{three} \\text{ plus } 3", 6), ("3 dozen", 36), ("6 minus 1", 5),
])
def test_term_value_in_words(term: str, value: Fraction) -> None:
    found = term_value(term, _GLUED_UNITS)
    assert found is not None and found[0] == value


@pytest.mark.parametrize("term", [
    "half of ab", "2 x", "3 more than 2", "one of the roots", "the answer to part a", "twice", "half of",
    "3 plus", "plus 3", "2 mod 3", "six of one", "x" * 200, "half " * 40 + "12", "\\frac{1}", "\\frac1", "{12 \\over 0}",
])
def test_terms_in_words_that_are_no_value(term: str) -> None:
    assert term_value(term, _GLUED_UNITS) is None


def test_the_readers_directly() -> None:
    assert equated_to_another("x = 5 ≈ 6", 5, FIVE)
    assert not equated_to_another("x = 5 ≈ 5.0", 5, FIVE)
    assert equated_to_another("x = 5 ⇒ x = 6", 5, FIVE, name="x")
    assert not equated_to_another("x = 5 ⇒ y = 6", 5, FIVE, name="x")
    assert not equated_to_another("x = 5 ⇒ 2·5 = 10", 5, FIVE, name="x")
    assert equated_to_another("x = 5\x00= 6", 5, FIVE)
    assert not equated_to_another("x = 5\x00y = 6", 5, FIVE)
    assert equated_before("y = 6 = x = 5", 8, 0, FIVE)
    assert not equated_before("y = 6 so x = 5", 9, 0, FIVE)
    assert not equated_before("2x = 10 ⇒ x = 5", 10, 0, FIVE)
    assert not equated_before("y = 6\x00= x = 5", 9, 7, FIVE)  # not read past its region's start


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="x5=6 ab\n\\&$+-*/^(){}.,;:≈~⇒→>totalsixhalfplus", max_size=200))
def test_the_readers_never_raise(tail: str) -> None:
    text = tail + "x = 5" + tail
    assert equated_to_another(text, len(tail) + 5, FIVE, name="x") in (True, False)
    assert equated_before(text, len(tail), 0, FIVE) in (True, False)
    assert key_matched(tail) in (True, False)


@pytest.mark.parametrize("body", [
    "= 6 " * 25000, "6 = " * 25000 + "x = 5", "≈ 6 " * 25000, "⇒ x = 6 " * 12000, "half of " * 12000 + "12",
    "x = 5 = " + "plus " * 20000, "y = 6 = " * 12000 + "x = 5", "{12 \\over " * 8000, "x = 5 ⇒ " * 10000,
])
def test_hostile_chains_stay_cheap(body: str) -> None:
    text = "x = 5 " + body if not body.endswith("x = 5") else body
    started = time.perf_counter()
    score_trace(steps_trace([text]), "7", [["x = 5"], ["x = 6"], ["y = 6"]])
    assert time.perf_counter() - started < 3.0


def test_a_flood_of_refused_chains_before_the_key_stays_cheap() -> None:
    body = "".join(f"y{i} = ({i}+1)*2-({i}+1)*2+6 = x = 5 ≈ {i + 7}\n" for i in range(2500))
    started = time.perf_counter()
    score = score_trace(steps_trace([body]), "7", [["x = 5"], ["x = 6"], ["y = 5"]])
    assert time.perf_counter() - started < 2.0
    assert score.key_steps_matched <= 1
