"""Red-team probes, second round (issue 15): the answer-side classes the first round left
open. A sign spelled in words or markup, a box inside other math, corrections and other
relations on a later line, intervals and bound words in other languages, two options
joined by "or", doubt and negation in other languages, scale words, the precision the
gold shows, and a value with an explicit contrast that denies another value. Each
rejected case is a reward a policy could learn to collect; each kept case is a right
answer that must stay right. Every class is tried in several wrappings: the answer
alone, a "Final answer:" line, a Mulberry answer header, a box and an R1 answer tag."""

from __future__ import annotations

import pytest
from traces import rewarded, right_everywhere

from stepgrpo_rewards import RewardConfig, answers_equivalent, score_trace

MULBERRY = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: "
R1 = "<think>\nStep 1: Read.\nStep 2: Combine.\n</think>\n"


def free_text_rewarded(completion: str, gold: str) -> bool:
    return score_trace("We read the chart.\n" + completion, gold).answer_correct


# ---------------------------------------------------------------- a sign in words or markup

SPELLED_SIGNS = ["neg. 12", "neg 12", "Neg. 12", r"\text{minus }12", r"\text{minus} 12", r"\text{negative }12",
                 r"\mathrm{minus}\,12", r"\textbf{minus} 12", r"\operatorname{neg} 12", r"{\color{blue}{-}}12",
                 r"{\color{red}{-}} 12", r"\textcolor{red}{{-}}12", r"{{-}}12", r"{\color{blue}{\text{-}}}12"]


@pytest.mark.parametrize("answer", SPELLED_SIGNS)
def test_a_sign_in_words_or_markup_is_a_minus(answer: str) -> None:
    assert not rewarded(answer, "12")
    assert answers_equivalent(answer, "-12")


@pytest.mark.parametrize("answer", ["12", r"{\color{blue}{12}}", r"{\color{blue}12}", r"\text{ }12", "{{12}}"])
def test_markup_without_a_sign_keeps_the_value(answer: str) -> None:
    assert right_everywhere(answer, "12")


# ---------------------------------------------------------------- a box inside other math

@pytest.mark.parametrize("answer", [r"\sqrt{\boxed{12}}", r"\sqrt{\boxed{12}}.", r"2\times\boxed{12}", r"\log\boxed{12}",
                                    r"\sqrt[3]{\boxed{12}}", r"\frac{1}{\boxed{12}}", r"\frac{\boxed{12}}{2}",
                                    r"-\sqrt{\boxed{12}}", r"\sin(\boxed{12})", r"x^{\boxed{12}}", r"\boxed{12}^2",
                                    r"\dfrac{\boxed{12}}{3}", r"\left(\boxed{12}\right)^{2}"])
def test_a_box_inside_other_math_is_no_answer_alone(answer: str) -> None:
    assert not rewarded(answer, "12")


def test_a_box_inside_other_math_is_read_with_it() -> None:
    assert answers_equivalent(r"\sqrt{\boxed{144}}", "12")
    assert answers_equivalent(r"\frac{1}{\boxed{4}}", "0.25")


@pytest.mark.parametrize("answer", [r"\boxed{12}", r"$\boxed{12}$", r"\(\boxed{12}\)", r"{\boxed{12}}", r"\mathbf{\boxed{12}}",
                                    r"\displaystyle\boxed{12}", r"\textcolor{red}{\boxed{12}}", r"**Answer:** \boxed{12}",
                                    r"x = \boxed{12}", r"x \approx \boxed{12}"])
def test_a_box_beside_formatting_or_a_relation_is_the_answer(answer: str) -> None:
    assert answers_equivalent(answer, "12")


@pytest.mark.parametrize("answer", [r"x^{12}", r"\log 12", r"\sqrt{12}", r"\frac{1}{12}"])
def test_a_number_inside_other_math_is_not_the_one_number_of_a_sentence(answer: str) -> None:
    assert not answers_equivalent(answer, "12")


# ---------------------------------------------------------------- later lines: corrections, relations

LATER_OTHER = ["≡ 15", "≈ 15", r"\equiv 15", r"\approx 15", "~ 15", "Edit: 15", "EDIT: 15", "Update: 15", "Correction: 15",
               "Revised: 15", "Erratum: 15", "P.S. 15", "PS: 15", "I mean 15.", "I meant 15", "Make that 15.", "Make it 15.",
               "Change that to 15.", "It should be 15.", "Or rather 15", "= 15", "→ 15"]
BREAKS = ["\n", "\f", "\v", "\u2029", "\u2028", " \n\t\n"]


@pytest.mark.parametrize("later", LATER_OTHER)
@pytest.mark.parametrize("brk", BREAKS)
def test_a_correction_or_relation_on_a_later_line_commits_to_its_value(later: str, brk: str) -> None:
    assert not free_text_rewarded("Final answer: 12" + brk + later, "12")
    assert not free_text_rewarded(r"\boxed{12}" + brk + later, "12")
    assert not free_text_rewarded("The answer is 12." + brk + later, "12")


@pytest.mark.parametrize("later", ["≡ 12", "≈ 12.0", "Edit: 12", "I mean 12.", "Make that 12.", "Correction: 12",
                                   "Edit: formatting", "Edit: typo fixed", "I hope this helps."])
def test_a_later_line_that_agrees_or_gives_no_value_keeps_the_answer(later: str) -> None:
    assert free_text_rewarded("Final answer: 12\n" + later, "12")


# ---------------------------------------------------------------- scale words

SCALED = ["12 Tausend", "12 thousandths", "12 hundredths", "12 tenths", "12 hundred thousand", r"12\,\text{k}", "12 thousandth",
          "12 millionths", "12 Hundert", "12 milliers", "12 тысяч", "12 миллионов", "12 млн", "12 tỷ", "12 ribu", "12 juta",
          "12 milyon", "12만", "12천", r"12 \text{ thousand}", r"12\text{k}", r"12~\text{thousand}"]


@pytest.mark.parametrize("answer", SCALED)
def test_a_scale_word_makes_another_value(answer: str) -> None:
    assert not rewarded(answer, "12")


@pytest.mark.parametrize(("answer", "gold"), [("12 thousandths", "0.012"), ("12 hundredths", "0.12"), ("12 tenths", "1.2"),
                                              ("3 thousandths", "0.003"), ("12 millionths", "0.000012"), ("12 Tausend", "12000"),
                                              ("12 hundred thousand", "1200000"), (r"12\,\text{k}", "12000"), ("12 тысяч", "12000")])
def test_a_scale_word_multiplies_the_value(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


def test_a_fraction_word_is_no_other_scale() -> None:
    assert not answers_equivalent("12 thousandths", "0.12")
    assert answers_equivalent("12 bins", "12")  # a noun, not the Turkish "bin"


# ---------------------------------------------------------------- the precision the gold shows

@pytest.mark.parametrize(("answer", "gold"), [("3.1415926", "3.1415927"), ("299792.457", "299792.458"), ("2.7182818", "2.7182819"),
                                              ("1.0000001", "1.0000002"), ("1.7320509", "1.7320508"), ("0.12345678", "0.12345679"),
                                              ("1.41421", "1.41422"), ("x = 3.1415926", "3.1415927")])
def test_a_decimal_that_does_not_round_to_the_gold_is_wrong(answer: str, gold: str) -> None:
    assert not rewarded(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [("3.14159265", "3.1415927"), ("0.5", "0.50"), ("0.50", "0.5"), ("3.14159270", "3.1415927"),
                                              ("299792.4580", "299792.458"), ("1.41421356", "1.4142136"), ("12", "12.0"),
                                              ("12.00", "12"), ("0.33333333", "0.3333333"), ("3.1415926", "3.14159265"),
                                              ("1/3", "0.3333333")])
def test_a_decimal_that_rounds_to_the_gold_or_is_shorter_keeps_the_tolerance(answer: str, gold: str) -> None:
    assert right_everywhere(answer, gold)


# ---------------------------------------------------------------- bounds: intervals, other languages

BOUNDS = [r"[12, \infty)", r"[12,\infty)", r"(12, \infty)", "[12, ∞)", r"(-\infty, 12]", "(-∞, 12]", r"\left[12, \infty\right)",
          "12以上", "12以下", "12以内", "12 이상", "12 이하", "12 초과", "12 미만", "12未満", "12超", "более 12", "менее 12",
          "свыше 12", "über 12", "unter 12", "oltre 12", "almeno 12", "ít nhất 12", "en az 12", "lebih dari 12", "12 ve üzeri"]


@pytest.mark.parametrize("answer", BOUNDS)
def test_an_interval_or_a_bound_in_any_language_is_not_its_endpoint(answer: str) -> None:
    assert not rewarded(answer, "12")


@pytest.mark.parametrize(("answer", "gold"), [(r"[12, \infty)", r"[12, \infty)"), (r"(-\infty, 12]", r"(-\infty, 12]"),
                                              ("12以上", "12以上"), ("[12, 15]", "[12, 15]"), ("以上所述，答案为12", "12")])
def test_the_same_interval_or_bound_and_the_word_for_the_above_stay_right(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


# ---------------------------------------------------------------- options joined by "or"

@pytest.mark.parametrize("answer", ["A) 12 or B) 15", "(A) 12 or (B) 15", "A. 12 or B. 15", "A: 12 or B: 15", "A) 12, or B) 15",
                                    "A) 12 and B) 15", "A) 12 or B", "A or B"])
def test_two_options_joined_by_or_choose_none(answer: str) -> None:
    assert not rewarded(answer, "A")


@pytest.mark.parametrize("answer", ["A", "A) 12", "A, because 12 is the largest", "A, since B and C are too small",
                                    "A because 12 is the largest", "A (since B and C are too small)", "A, as B is too small",
                                    "A, since 12 > 10", "A since B or C are impossible"])
def test_a_letter_with_its_reason_is_that_letter(answer: str) -> None:
    assert right_everywhere(answer, "A")


@pytest.mark.parametrize("answer", ["A, because I think 12 is the largest", "A, since maybe B", "A, because... wait, B",
                                    "A (since B?)", "A, as the answer is B"])
def test_a_reason_that_doubts_or_names_another_answer_takes_the_letter_back(answer: str) -> None:
    assert not answers_equivalent(answer, "A")


def test_an_option_that_refers_to_others_is_one_option() -> None:
    q = "Which is true? (A) x>1 (B) x<1 (C) both (D) Both (A) and (B)"
    assert answers_equivalent("(D) Both (A) and (B)", "D", question=q)


# ---------------------------------------------------------------- doubt and negation in other words and languages

@pytest.mark.parametrize("answer", ["12 아님", "12 아닐까", "12 아니다", "12 아닙니다", "12吧", "12 吧", "12 ложно", "12 неверно",
                                    "nie 12", "Nie 12", "12 nie", "12 fel", "12 sai", "12かな", "12 ですかね", "12 やろか",
                                    "12 chyba", "może 12", "12 acho", "wahrscheinlich 12", "probablement 12", "mungkin 12",
                                    "12 것 같아요", "belki 12"])
def test_doubt_or_negation_in_another_language_commits_to_nothing(answer: str) -> None:
    assert not rewarded(answer, "12")


@pytest.mark.parametrize("answer", ["yes - no wait", "yes — no wait", "yes, no wait", "Yes... no wait", "yes -- no, wait",
                                    "Yes - no, actually"])
def test_a_yes_then_no_wait_is_taken_back(answer: str) -> None:
    assert not rewarded(answer, "yes")


# ---------------------------------------------------------------- a contrast that denies another value

CONTRASTS = [("12, not 15", "12"), ("The answer is not 15 but 12.", "12"), ("12 (not 13)", "12"), ("It is 12; 15 is wrong", "12"),
             ("12, not 15.", "12"), ("12 — not 15", "12"), ("12, not 13 or 15", "12"), ("Not 15 but 12", "12"),
             ("not 15, but 12", "12"), ("12; 15 is incorrect", "12"), ("12, but not 15", "12"), ("12 rather than 15", "12"),
             ("12 instead of 15", "12"), ("12, not -12", "12"), ("-12, not 12", "-12"), ("12, not fifteen", "12"),
             ("B, not C", "B"), ("Not A but B", "B"), ("B (not A)", "B"), ("B, not A or C", "B"), ("B; C is wrong", "B"),
             ("B, but not C", "B")]


@pytest.mark.parametrize(("answer", "gold"), CONTRASTS)
def test_a_value_with_a_contrast_that_denies_another_commits_to_the_value(answer: str, gold: str) -> None:
    assert right_everywhere(answer, gold)


def test_a_box_or_a_tag_with_a_contrast_commits_to_its_value() -> None:
    assert free_text_rewarded(r"\boxed{12}, not 15", "12")
    assert free_text_rewarded(r"\boxed{B} (not C)", "B")
    assert score_trace(R1 + "<answer>12 (not 15)</answer>", "12", config=RewardConfig(layout="r1")).answer_correct


@pytest.mark.parametrize("answer", ["12, not 12", "12 or not 15", "not 12 but 12?", "12, not 15, maybe 15", "12 (not sure)",
                                    "12, not really", "not 12", "12, not", "not 12 but 15", "12, not 15 or 12", "12, not 15. Wait, 15.",
                                    "12, not 15?", "12 (not 12)", "Not 15 but maybe 12", "12, not 15 but 15", "12, not exactly",
                                    "12 not 15, or 15", "12, not 15, not 12", "12, not 12.0", "12, not twelve", "12 not 15 lol",
                                    "12, not 15 jk", "It is 15; 12 is wrong", "12; 12 is wrong", "15, not 12", "12, not 15, 15",
                                    r"\boxed{12}, not 12", r"\boxed{12} (not sure)"])
def test_a_contrast_that_denies_the_value_or_hedges_stays_wrong(answer: str) -> None:
    assert not rewarded(answer, "12")


@pytest.mark.parametrize("answer", ["B, not B", "C, not B", "Not B but C", "B or C, not A", "B, not C, maybe C", "Not B but C?",
                                    "B (not sure)"])
def test_a_letter_contrast_that_denies_the_letter_or_hedges_stays_wrong(answer: str) -> None:
    assert not rewarded(answer, "B")


# ---------------------------------------------------------------- a later sentence on the box's line

@pytest.mark.parametrize("tail", [". The real answer is 15.", ". The answer is 15.", ". So x = 15.", ". Final answer: 15",
                                  ". Therefore, the total is 15 apples.", "; so the answer is 15", ". Result: 15.",
                                  ". (Answer: 15)", ". Thus 15."])
def test_a_later_sentence_on_the_box_line_that_commits_to_another_value_voids_the_box(tail: str) -> None:
    assert not free_text_rewarded(r"\boxed{12}" + tail, "12")
    assert not answers_equivalent(r"\boxed{12}" + tail, "12")


@pytest.mark.parametrize("tail", [". The answer is 12.", ". This is the area in cm^2.", " (since 3*4 = 12)", r" \pmod{11}",
                                  ". We used 3 + 4 = 7 and 5 more.", r" cm, because 3 \times 4 = 12."])
def test_a_later_sentence_that_agrees_or_explains_keeps_the_box(tail: str) -> None:
    assert free_text_rewarded(r"\boxed{12}" + tail, "12")
