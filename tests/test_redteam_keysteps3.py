"""Key-step credit a step should not earn, third pass (issue 15, red-team class 'key steps').

A fraction slash of any spelling makes the value a fraction; a later inequality in the
same step takes an assignment back; a counterfactual, a remark that discards the value,
a denial spelled with Cyrillic or Greek lookalike letters, and a second value offered
beside it with its unit deny it. A comparison with zero given as a reason ("since
x = 5 > 0") states the sign of the value, not a bound on it. Each class is probed in
many spellings, and the steps that state the key keep their credit.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traces import assert_squeezed_head_hides_nothing

from stepgrpo_rewards import match_key_steps
from stepgrpo_rewards.keysteps import context, later_denial


def mulberry(steps: list[str], answer: str = "7") -> str:
    body = "".join(f"### Step {i}:\n{step}\n" for i, step in enumerate(steps, 1))
    return f"### Image Description:\nd\n### Rationales:\nr\n{body}### The final answer is: {answer}"


def key_matched(step_text: str, key: str = "x = 5") -> bool:
    return match_key_steps(mulberry([step_text]), [[key]]).matched == 1


# --- A fraction slash of any spelling ---
FRACTION_SLASHES = ["x = 5⁄2", "x = 5 ⁄ 2", "x = 5⧸2", "x = 5 ∕ 2", "so x = 5⁄3.", "$x = 5⁄2$", "x = 5⁄ 12",
                    "ｘ＝５⁄２", "x = 5 ⁄2 cm"]


@pytest.mark.parametrize("text", FRACTION_SLASHES)
def test_a_fraction_slash_makes_a_fraction(text: str) -> None:
    assert not key_matched(text)


# --- A later inequality in the same step takes the assignment back ---
LATER_DENIALS = [
    "Suppose x = 5. Then 2x = 10 ≠ 12, so x ≠ 5.",
    r"Suppose $x = 5$. Then $2x = 10 \neq 12$, so $x \neq 5$.",
    r"Try x = 5: 2x = 10, not 12; hence x \ne 5.",
    "Let x = 5. Then 2x = 10 != 12, so x != 5.",
    "Assume x = 5; we get 10, a contradiction, so 5 ≠ x.",
    r"Take $x=5$, then $2x=10$, so $x \not= 5$.",
    "x = 5 gives 10; therefore x =/= 5",
    "Say ｘ＝５, then 10 ≠ 12, so x ≠ 5.",
]


@pytest.mark.parametrize("text", LATER_DENIALS)
def test_a_later_inequality_takes_the_assignment_back(text: str) -> None:
    assert not key_matched(text)


KEPT_DESPITE_INEQUALITY = [
    "x = 5, so x ≠ 3.",                   # another value
    "x = 5 and y ≠ 5.",                   # another name
    "x = 5. If x ≠ 5, the sum would differ.",  # a case, not a retraction
    "x = 5; otherwise x ≠ 5 would fail",  # a case
    "Since x ≠ 3, x = 5.",                # the inequality comes first
    "x = 5, so 2x ≠ 5.",                  # 2x, not x
    "x = 5, so x ≠ 50.",                  # another number
    "x = 5, and xy ≠ 5",                  # another name
]


@pytest.mark.parametrize("text", KEPT_DESPITE_INEQUALITY)
def test_an_inequality_about_something_else_keeps_the_credit(text: str) -> None:
    assert key_matched(text)


def test_an_inequality_in_another_step_does_not_take_it_back() -> None:
    assert match_key_steps(mulberry(["x = 5.", "Later: x ≠ 5 for the other case."]), [["x = 5"]]).matched == 1


def test_a_stated_occurrence_in_another_step_still_earns() -> None:
    text = mulberry(["Suppose x = 5; then 10 ≠ 12, so x ≠ 5.", "Solving again, x = 5."])
    assert match_key_steps(text, [["x = 5"]]).matched == 1


# --- Counterfactuals ---
COUNTERFACTUALS = [
    "If x = 5 were true, we would get 10; but we get 12, so it is not.",
    "If x = 5 were the case, 2x would be 10.",
    "Even if x = 5 were correct, the sum fails.",
    "x = 5 would have been right if the sum were 10.",
    "If x = 5 had been true, then 10 = 12.",
    "if x = 5 were to hold, 2x = 10",
    "Assume for contradiction that x = 5.",
    "Suppose, for the sake of contradiction, x = 5.",
    "Suppose to the contrary that x = 5.",
]


@pytest.mark.parametrize("text", COUNTERFACTUALS)
def test_a_counterfactual_is_no_statement(text: str) -> None:
    assert not key_matched(text)


# --- A remark that discards the value ---
DISCARDED = ["x = 5 (extraneous)", "x = 5 (typo, ignore)", "x = 5 (typo)", "x = 5 — extraneous root", "x = 5 (spurious)",
             "x = 5, extraneous", "x = 5 (ignore)", "x = 5 (ignore this)", "x = 5 (disregard)", "x = 5 (discard)",
             "x = 5 (inadmissible)", "x = 5 (not valid)", "x = 5 (not a solution)", "x = 5 (out of domain)",
             "x = 5 (oops)", "x = 5 (reject)", "x = 5 (to be ignored)", "x = 5 (crossed out)", "x = 5 (void)",
             "x = 5 is extraneous.", "x = 5 (no good)", "x = 5 not", "x = 5, not.", "x = 5 not!"]


@pytest.mark.parametrize("text", DISCARDED)
def test_a_remark_that_discards_the_value_takes_it_back(text: str) -> None:
    assert not key_matched(text)


KEPT_REMARKS = ["x = 5, ignore the negative root", "x = 5 (typo fixed)", "x = 5 (not 6)", "x = 5, not 6.",
                "x = 5 (the other root is extraneous)", "x = 5 (valid)", "x = 5 (not extraneous)", "x = 5 note that",
                "x = 5 (checked)", "x = 5 nothing else"]


@pytest.mark.parametrize("text", KEPT_REMARKS)
def test_a_remark_that_keeps_the_value_keeps_the_credit(text: str) -> None:
    assert key_matched(text)


# --- Lookalike letters in a denial ---
LOOKALIKE_DENIALS = ["x = 5 nоt", "x = 5 is wrоng", "x = 5 is wrοng", "x = 5 іs wrong", "x = 5 (ехtraneous)",
                     "x = 5 is fаlse", "x = 5 is incоrrect", "nоt x = 5", "it is fаlse that x = 5", "mаybe x = 5",
                     "x = 5 isn't соrrect", "x = 5 оr 6", "x = 5 (nоt sure)"]


@pytest.mark.parametrize("text", LOOKALIKE_DENIALS)
def test_a_denial_in_lookalike_letters_takes_it_back(text: str) -> None:
    assert not key_matched(text)


@pytest.mark.parametrize("text", ["x = 5, α = 30°", "x = 5 и y = 3", "x = 5 (ответ)", "x = 5 ο λόγος", "x = 5 и всё"])
def test_other_scripts_keep_the_credit(text: str) -> None:
    assert key_matched(text)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,аеорсухіοανι", max_size=30))
def test_folding_is_identity_on_ascii_and_only_adds_rejections_to_ascii(window: str) -> None:
    folded = context.fold_homoglyphs(window)
    assert folded.isascii() or not window.isascii() or folded == window
    if window.isascii():
        assert folded == window
    # a window that an ASCII reader already rejects stays rejected
    if context.not_stated_after(folded, True, True) and folded == window:
        assert context.not_stated_after(window, True, True)


# --- Two values with a unit ---
HEDGED_UNITS = ["x = 5 apples or 6 apples", "x = 5 apples or 6", "x = 5 cm or 6 cm", "x = 5 cm, or 6 cm",
                "x = 5 kg (or 7 kg)", "x = 5 apples or maybe 6 apples", "x = 5 dollars or 6",
                r"x = 5 \text{ apples} or 6 \text{ apples}", "x = 5 apples and/or 6 apples", "x = 5 m or 5.5 m"]


@pytest.mark.parametrize("text", HEDGED_UNITS)
def test_a_second_value_with_its_unit_is_a_hedge(text: str) -> None:
    assert not key_matched(text)


@pytest.mark.parametrize("text", ["x = 5 cm or 50 mm", "x = 5 apples or more than 4", "x = 5 apples",
                                  "x = 5 apples, or x = 6 pears for the other box", "x = 5 cm ordinarily"])
def test_a_restated_value_or_no_second_value_keeps_the_credit(text: str) -> None:
    # "or more than 4" is no second value of x (it starts with a word)
    assert key_matched(text)


# --- A comparison with zero given as a reason ---
SIGN_REASONS = ["Since x = 5 > 0, the root is positive.", "As x = 5 > 0, we take the positive root.",
                r"Because $x = 5 > 0$, fine.", r"Since $x = 5 \ge 0$, the square root exists.",
                r"since $x = 5 \gt 0$ we continue", "Given that x = 5 > 0, ok", "Since x = 5 ≥ 0, ok",
                r"since $x=5>0$"]


@pytest.mark.parametrize("text", SIGN_REASONS)
def test_a_sign_given_as_a_reason_keeps_the_credit(text: str) -> None:
    assert key_matched(text)


SIGN_BOUNDS = ["x = 5 > 0", "Since x = 5 > 4, ok", "since x = 5 > 0.5, ok", "since x = 5 > 0 is wrong",
               "x = 5 ≥ 0 so", "since x = 5 > 0 or 6", "we have x = 5 < 0", "since x = 5 > 0, maybe"]


@pytest.mark.parametrize("text", SIGN_BOUNDS)
def test_a_bound_or_a_sign_without_a_reason_stays_a_bound(text: str) -> None:
    assert not key_matched(text)


# --- Guards never hide a match ---
_PIECES = ["x", " ", "=", "5", "≠", "!=", r"\neq", r"\ne", r"\not=", "so", "if", ".", ",", "$", "y", "10", "\n",
           "=/=", "≢", "not"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PIECES), max_size=20))
def test_the_inequality_guard_hides_no_sign(pieces: list[str]) -> None:
    hay = "".join(pieces)
    expected = [m.span() for m in later_denial._INEQUALITY.finditer(hay)]
    assert later_denial.inequality_spans(hay) == expected


@settings(max_examples=300)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz (,}$0123456789", max_size=24))
def test_the_or_guard_hides_no_hedge(tail: str) -> None:
    window = " " + tail
    head = window.lstrip(context._AFTER_SKIP)
    if context._taken_back_after(window):
        assert context.head_may_matter(head) or not head


_WORDS = ["x", "=", "5", "cm", "apples", "or", "6", "not", "is", "wrong", "a", "b", "ab", "m", "so", "(", ")", ".",
          "k", "km", "pi", "sq", "in", "it", "and", "maybe", "to", "°", "}", "$", "sure", "ex", "typo", "were"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10))
def test_the_squeezed_head_test_hides_nothing_the_window_shows(words: list[str]) -> None:
    assert_squeezed_head_hides_nothing(words)


@settings(max_examples=300)
@given(st.text(alphabet="ab5 =x\n", max_size=40), st.text(alphabet="ab5 =x", min_size=1, max_size=6))
def test_a_missing_character_rules_out_only_absent_keys(body: str, key: str) -> None:
    from stepgrpo_rewards.keysteps.search_text import _SearchText

    text = _SearchText([("step", 1, body)])
    if text.lacks_a_character(key, False):
        assert key not in text.raw
    if text.lacks_a_character(key.replace(" ", ""), True):
        assert key.replace(" ", "") not in text.squashed


@settings(max_examples=300)
@given(st.text(alphabet="ab \n", max_size=60))
def test_spaced_collapses_runs_as_repeated_halving_did(body: str) -> None:
    from stepgrpo_rewards.keysteps.search_text import _SearchText

    text = _SearchText([("step", 1, body)])
    expected = text.canonical.replace("\n", " ")
    while "  " in expected:
        expected = expected.replace("  ", " ")
    assert text.spaced == expected.strip(" ")


def test_a_long_text_of_numbers_rules_out_lettered_keys_and_still_finds_numbers() -> None:
    numbers = " ".join(str(i) for i in range(1, 5000))
    text = mulberry([numbers + " so AB = 12"])
    found = match_key_steps(text, [["AB = 12"], ["angle 7 degrees"], ["CD = 12"]])
    assert [group.matched for group in found.groups] == [True, False, False]


@settings(max_examples=400)
@given(st.text(alphabet="ab $-−(){}\\pmnegtivusx.;&", max_size=16))
def test_the_letter_filter_of_the_sign_reader_hides_no_sign(before: str) -> None:
    from stepgrpo_rewards.keysteps import number_bounds

    text = before + "5"
    start = len(before)
    if start == 0:
        return
    full = number_bounds._sign_at(text, number_bounds._skip_back(text, start - 1), number_bounds._no_gap) \
        if number_bounds._skip_back(text, start - 1) >= 0 else None
    # wherever the letter filter answers, the sign reader finds no sign at that letter
    j = number_bounds._skip_back(text, start - 1)
    if j >= 0 and text[j] in number_bounds._ASCII_LETTERS and not text.endswith(number_bounds._SIGN_WORD_ENDS, 0, j + 1):
        assert full is None
        assert not number_bounds._is_sign(text, start)
