"""Red-team probes, third round (issue 15): what an independent probe set found after two
rounds of fixes. A minus typeset by a math-class or text command, letters that only look
Latin (Cyrillic, Greek, mathematical alphanumerics), a later line that commits to another
value under a label in any language or in no known words, formatting macros around a later
value, and right answers that must stay right. Each rejected case is a reward a policy could
learn to collect; each kept case is a right answer. Classes are tried in several wrappings:
the answer alone, a Mulberry answer section, a "Final answer:" line, a box and an R1 tag."""

from __future__ import annotations

import pytest
from traces import rewarded

from stepgrpo_rewards import RewardConfig, answers_equivalent, score_trace

MULBERRY = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: "
R1 = "<think>\nStep 1: Read.\nStep 2: Combine.\n</think>\n"
MUL = RewardConfig(layout="mulberry")
R1_CONFIG = RewardConfig(layout="r1")


# ---------------------------------------------------------------- a minus via a macro

MACRO_MINUSES = [r"\mathord{-}12", r"\mathop{-}12", r"\mathbin{-}12", r"\mathrel{-} 12", r"\textminus 12",
                 r"\textminus12", r"\text{\textendash}12", r"\text{\textendash} 12", r"\textendash 12",
                 r"\mathord{\text{-}}12", r"\mathop{{-}}12"]


@pytest.mark.parametrize("answer", MACRO_MINUSES)
def test_a_minus_typeset_by_a_macro_is_a_minus(answer: str) -> None:
    assert not rewarded(answer, "12")
    assert answers_equivalent(answer, "-12")
    assert answers_equivalent("\\boxed{" + answer + "}", "-12")


@pytest.mark.parametrize("answer", [r"\mathord{12}", r"\mathop{12}", r"\text{12}", "12"])
def test_a_macro_around_the_value_alone_keeps_it(answer: str) -> None:
    assert answers_equivalent(answer, "12")


# ---------------------------------------------------------------- lookalike letters

LOOKALIKE_HEDGES = [
    ("n\u043et 12", "12"), ("12 is wr\u043eng", "12"), ("mayb\u0435 12", "12"), ("at l\u0435ast 12", "12"),
    ("pr\u043ebably 12", "12"), ("12 is incorr\u0435ct", "12"), ("\u0430t most 12", "12"),
    ("A, \u0412", "A"), ("A, \u0392", "A"), ("\u0410, B", "B"), ("A \u043er B", "A"), ("A \u03bfr B", "A"),
    ("\U0001d400, B", "A"), ("A or \U0001d401", "A"),
]


@pytest.mark.parametrize(("answer", "gold"), LOOKALIKE_HEDGES)
def test_lookalike_letters_do_not_hide_a_hedge(answer: str, gold: str) -> None:
    assert not rewarded(answer, gold)


LOOKALIKE_RIGHT = [("\U0001d401", "B"), ("\U0001d7cf\U0001d7d0", "12"), ("\U0001d7cf\U0001d7d0 cm", "12 cm"),
                   ("\u0412", "B"), ("\u0391", "A"), ("(\u0412)", "B")]


@pytest.mark.parametrize(("answer", "gold"), LOOKALIKE_RIGHT)
def test_a_lookalike_spelling_of_the_right_answer_stays_right(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [("\u043e\u0442\u0432\u0435\u0442: 12", "12"), ("12 \u0441\u043c", "12")])
def test_words_wholly_in_another_script_are_not_folded(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


# ---------------------------------------------------------------- a later line under an unknown label

LATER_OTHER_VALUE = [
    "La respuesta final es 15.", "Die Antwort ist 15.", "答え：15", "Đáp án: 15", "Svar: 15", "Antwoord: 15",
    "Odpowiedź: 15", "Vastaus: 15", "उत्तर: 15", "คำตอบ: 15", "Відповідь: 15", "תשובה: 15", "پاسخ: 15",
    "الإجابة: 15", "Απάντηση: 15", "Odpověď: 15", "Válasz: 15", "Răspuns: 15", "Jibu: 15", "Sagot: 15",
    "Отговор: 15", "Javob — 15", "Lời giải cuối cùng: 15", "Risposta finale, 15",
    "ANSWER 15", "Ans. 15", "Other possible answer: 15", "On second thought, 15.", "Alternatively, 15",
    "However, if we consider the other triangle, the answer would be 15.",
    "If the figure is not to scale, it would be 15 instead.", "Otherwise, the area could be 15.",
    r"\textcolor{red}{15}", r"{\Large 15}", r"$\displaystyle 15$", r"{\color{blue} 15}", r"\colorbox{yellow}{15}",
    r"{\bf 15}", "<!-- 15 -->", "Svar: B",
]


def _later_wrappings(later: str) -> list[tuple[str, RewardConfig]]:
    return [
        (MULBERRY + "12\n" + later, MUL),
        ("Step 1: 3 × 4 = 12.\nThe answer is \\boxed{12}.\n" + later, MUL),
        ("We compute.\nFinal answer: 12\n" + later, RewardConfig()),
        (R1 + "<answer>12</answer>\n" + later, R1_CONFIG),
    ]


@pytest.mark.parametrize("later", LATER_OTHER_VALUE)
def test_a_later_line_under_any_label_commits_to_its_value(later: str) -> None:
    for text, config in _later_wrappings(later):
        assert not score_trace(text, "12", config=config).answer_correct, text


LATER_SAME_OR_NOTHING = [
    "This is because 3 × 4 = 12.", "The base is 5.", "x = 3, y = 4", "I hope it is correct.", "cm", "square units",
    "Die Antwort ist 12.", "答え：12", "Vastaus: 12", "ANSWER 12", r"\textcolor{red}{12}", r"{\Large 12}",
    "On second thought, 12.", "If we double-check, 3 × 4 = 12.", "The area is 3 × 4.", "Each side is 3 cm long.",
]


@pytest.mark.parametrize("later", LATER_SAME_OR_NOTHING)
def test_a_later_line_that_restates_or_explains_keeps_the_answer(later: str) -> None:
    for text, config in _later_wrappings(later):
        assert score_trace(text, "12", config=config).answer_correct, text


@pytest.mark.parametrize("before", ["Width: 3", "Height: 4\nWidth: 3", "Given, 3", "Die Seite ist 3."])
def test_a_given_before_the_r1_tag_commits_to_nothing(before: str) -> None:
    assert score_trace(R1 + before + "\n<answer>12</answer>", "12", config=R1_CONFIG).answer_correct


# ---------------------------------------------------------------- all options or both verdicts restated

@pytest.mark.parametrize(("answer", "gold"), [
    ("(A)\n(A) 12 (B) 15 (C) 18 (D) 21", "A"), ("A\nA) 12 B) 15 C) 18", "A"), ("B\n(A) 1, (B) 2, (C) 3", "B"),
    ("Yes\nNo", "Yes"), ("No\nYes", "No"), ("Yes\nno.", "Yes"), ("True\nFalse", "True"), ("12\nNo", "12"),
])
def test_an_enumeration_or_the_other_verdict_after_the_answer_commits_to_none(answer: str, gold: str) -> None:
    assert not score_trace(MULBERRY + answer, gold, config=MUL).answer_correct
    assert not score_trace(R1 + "<answer>" + answer.split("\n")[0] + "</answer>\n" + answer.split("\n", 1)[1],
                           gold, config=R1_CONFIG).answer_correct


@pytest.mark.parametrize(("answer", "gold"), [("(A)\n(A) 12", "A"), ("Yes\nYes.", "Yes"), ("B\nB. 15", "B")])
def test_the_chosen_option_or_verdict_restated_stays_right(answer: str, gold: str) -> None:
    assert score_trace(MULBERRY + answer, gold, config=MUL).answer_correct


# ---------------------------------------------------------------- bounds as nouns, denial and doubt

DENIED_OR_BOUNDED = [
    "a lower bound of 12", "an upper bound of 12", "12 is an upper bound", "12 is a lower bound", "12 (lower bound)",
    "bounded above by 12", "bounded by 12", "x ≢ 12", "x \u2247 12", "12 (X)", "12 (x)", "12 [✗]", "12 (×)",
    "12 (sarcasm)", "12 (sarcastic)", "12 /sarc", "12 (approx., could be off by a few)", "12, might be off",
    "12 (could be off by one)",
]


@pytest.mark.parametrize("answer", DENIED_OR_BOUNDED)
def test_a_bound_a_denial_or_a_doubt_is_no_answer(answer: str) -> None:
    assert not rewarded(answer, "12")


@pytest.mark.parametrize(("answer", "gold"), [
    ("The upper bound is 12", "12"), ("The upper bound is attained, so the answer is 12.", "12"), ("12 (approx.)", "12"),
    ("x = 12", "12"), ("(5, 8)", "(5, 8)"),
])
def test_a_named_bound_a_pair_or_a_reason_keeps_the_value(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


# ---------------------------------------------------------------- currencies

@pytest.mark.parametrize(("answer", "gold"), [("12 €", "12 $"), ("12 £", "12 $"), ("€12", "12$"), ("12 $", "12 €")])
def test_another_currency_is_another_answer(answer: str, gold: str) -> None:
    assert not answers_equivalent(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [("12 $", "$12"), ("12 dollars", "12 $"), ("$12$", "12"), ("12 $", "12")])
def test_the_same_currency_or_math_dollars_stay_right(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


# ---------------------------------------------------------------- right answers with a remark

RIGHT_WITH_REMARK = [
    (r"\boxed{12} ✓", "12"), (r"\boxed{12} ✅", "12"), (r"\boxed{12} ✔", "12"), (r"\boxed{12}, which is not prime.", "12"),
    (r"\boxed{12} (not divisible by 5)", "12"), ("12 (since 3 × 4 = 12)", "12"), ("12 (verified: 3·4 = 12)", "12"),
    ("12, because 3 + 9 = 12", "12"), ("It is 12; 15 is not possible.", "12"), ("12, because it cannot be 15.", "12"),
    ("12. It is not 15, since 15 > 14.", "12"), ("Yes, because 12 > 10.", "Yes"), ("No, not at all.", "No"),
    ("Yes, since the bar is taller.", "Yes"), ("No, definitely.", "No"),
]


@pytest.mark.parametrize(("answer", "gold"), RIGHT_WITH_REMARK)
def test_a_right_answer_with_a_remark_that_says_nothing_against_it(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)
    assert score_trace(MULBERRY + answer, gold, config=MUL).answer_correct


WRONG_WITH_REMARK = [
    (r"\boxed{12} ✗", "12"), (r"\boxed{12} ❌", "12"), (r"\boxed{12}, which is not correct.", "12"),
    (r"\boxed{12}, which is not prime, maybe 15", "12"), ("12 (since it is not 12)", "12"), ("12 (since 3 × 4 = 15)", "12"),
    ("12, because it is 15", "12"), ("12, because it cannot be 12.", "12"), ("12. It is not 15, since maybe 16", "12"),
    ("It is 12; 12 is impossible.", "12"), ("Yes, no", "Yes"), ("Yes, because no", "Yes"), ("Yes, because maybe", "Yes"),
    ("Yes, not at all", "Yes"),
]


@pytest.mark.parametrize(("answer", "gold"), WRONG_WITH_REMARK)
def test_a_remark_that_denies_or_doubts_keeps_the_answer_wrong(answer: str, gold: str) -> None:
    assert not rewarded(answer, gold)


# ---------------------------------------------------------------- a number in words, an explanation after a letter

@pytest.mark.parametrize(("answer", "gold"), [("twelve", "12"), ("Twelve.", "12"), ("five", "5"), ("zero", "0")])
def test_a_number_in_words_alone_is_that_number(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [("twelve", "15"), ("twelve", "-12"), ("two", "B"), ("one", "Yes")])
def test_a_number_in_words_is_no_other_answer(answer: str, gold: str) -> None:
    assert not answers_equivalent(answer, gold)


def test_a_later_summary_in_words_agrees_with_the_answer() -> None:
    assert score_trace(MULBERRY + "12\n\nIn summary, the answer is twelve.", "12", config=MUL).answer_correct
    assert not score_trace(MULBERRY + "12\n\nIn summary, the answer is fifteen.", "12", config=MUL).answer_correct


QUESTION = "Which is smallest? (A) 12 (B) 15 (C) 18 (D) 21"


@pytest.mark.parametrize("answer", ["A\n\nExplanation: B, C and D give other values.", "A\n\n**Explanation:** B, C and D are larger.",
                                    "A\nReason: 12 is the smallest.", "A\n\nBecause 12 < 15."])
def test_an_explanation_after_the_letter_keeps_it(answer: str) -> None:
    assert answers_equivalent(answer, "A", question=QUESTION)
    assert answers_equivalent(answer, "A")


@pytest.mark.parametrize("answer", ["A\n\nExplanation: B is also possible.", "A\n\nExplanation: maybe B.", "A\nB",
                                    "A\n\nReason: the answer is B", "A\n\nExplanation: wait, B.", "A, because C works as well"])
def test_an_explanation_that_offers_another_letter_voids_it(answer: str) -> None:
    assert not answers_equivalent(answer, "A", question=QUESTION)
    assert not answers_equivalent(answer, "A")


# ---------------------------------------------------------------- a ray as an interval

@pytest.mark.parametrize(("answer", "gold"), [(r"[12, \infty)", r"x \geq 12"), (r"(12, \infty)", "x > 12"),
                                              (r"(-\infty, 12]", r"x \leq 12"), (r"x \geq 12", r"[12, \infty)"),
                                              (r"[12, ∞)", "x ≥ 12")])
def test_a_ray_meets_its_interval(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [(r"(12, \infty)", r"x \geq 12"), (r"[12, \infty)", "x > 12"),
                                              (r"[12, \infty) or 15", r"x \geq 12"), ("12", r"x \geq 12"),
                                              (r"[12, \infty)", "12"), (r"(-\infty, 12]", r"x \geq 12")])
def test_a_ray_is_no_other_interval(answer: str, gold: str) -> None:
    assert not answers_equivalent(answer, gold)


# ---------------------------------------------------------------- more later-line shapes

MORE_LATER = ["**Svar:** 15", "> Svar: 15", "- Vastaus: 15", "Vastaus：15", "Vastaus: fifteen", "Svar: 15 cm", "उत्तर 15",
              "Answ\u0435r: 15", "Die endgültige Antwort lautet 15.", "Antwort = 15", "Svar — 15.", "Svar:$15$",
              r"Svar: \(15\)", "En resumen, 15.", "The answer in words: fifteen", "n\u043et sure", "I am n\u043et c\u0435rtain",
              "\u043e\u0442\u0432\u0435\u0442: 15"]


@pytest.mark.parametrize("later", MORE_LATER)
def test_more_later_lines_that_commit_or_doubt(later: str) -> None:
    for text, config in _later_wrappings(later):
        assert not score_trace(text, "12", config=config).answer_correct, text


@pytest.mark.parametrize("later", ["Vastaus: twelve", "In words: twelve", "Note: one more check", "Svar: 12.0",
                                   "\u041e\u0442\u0432\u0435\u0442: 12"])
def test_more_later_lines_that_agree(later: str) -> None:
    for text, config in _later_wrappings(later):
        assert score_trace(text, "12", config=config).answer_correct, text
