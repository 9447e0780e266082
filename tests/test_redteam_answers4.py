"""Red-team round 4 on the answer verifier (issue 15): the findings that were open in
test_redteam_open.py, each widened into its class, and the false negatives beside them.

A. Rewarded answers a grader marks wrong: prose after a box that judges it without a
   denial word; a box under an accent that makes its number another value; a yes / no
   taken back by a bare verdict in its reason; a bound spelled by a preposition in
   another language. B. Right answers refused: a reason that repeats a boxed "No"; a
   bound that an exact value settles; a long free-text answer that ends on its value.
"""

from __future__ import annotations

import pytest
from traces import rewarded, right_everywhere

from stepgrpo_rewards import answers_equivalent, score_trace
from stepgrpo_rewards.hedges import neutral_tail

# ------------------------------------------------------------ 1. prose after a box

#: Text after a box that judges it, places it elsewhere or turns it around: the box is void.
JUDGING_TAILS = [
    " is the answer to a different question", " is what a fool would say", ". That was a lie.", " is not what was asked",
    " is a trick answer", " is what the naive approach gives", ". The opposite is true.", ". Ignore that.",
    " was a typo", ". Disregard this.", " is a decoy", " is far from the truth", " is the answer to part (a)",
    " is the answer for another problem", " in a parallel universe", " in your dreams", " on opposite day",
    " for a different question", " if the question were different", ". Said no one ever.", ". That is a lie.",
    " is a lie", " is bait", " is a red herring", " is the common misconception", " is what most students get",
    " would be nice", " is tempting", " is the answer to the previous question", " is the answer to a question nobody asked",
    ". That is what I would have said yesterday.", ". Unfortunately that is the answer to problem 3.", ", said the fool",
    " according to nobody", " is the answer in the other problem", ". Everything above is fiction.", " is just a placeholder",
    " is the answer from the old version", ". That answer belongs to another problem.", " belongs to a different question",
    " is the answer to a different problem.", ". This is the answer to another question.",
    ". That's the answer to a different question.", " is what I got first", " answers a different question",
    " would be the answer if x were 3", ", which is 15", ", which equals 15", ", namely 15", " apples from a different problem",
    " is the opposite of the number", " (for part a)",
]
#: Text after a box that describes, measures, restates or explains it: the box stands.
DESCRIBING_TAILS = [
    "", ".", " cm", " is the final answer.", " is the answer", " is the answer.", ", since 3*4=12", " is correct.",
    ". This is the final answer.", ". That is the number of apples.", ". Hope this helps!", " at the end of the 5-year period.",
    " dollars at the end of the 5 years.", ". To be more precise, the sum is near 12.", ". This is the area in cm^2.",
    ". We used 3 + 4 = 7 and 5 more.", ", which is 3 times 4.", ", as required.", " (since 3*4 = 12)", " square units.",
    " apples.", " is the area of the triangle.", " is the number of apples Tom has.", ", because 3 times 4 is 12",
    " in total.", r" cm, because 3 \times 4 = 12.", ". This is the number of ways.", " is our answer.", " is the required length.",
    " is the answer to the problem.", " is the answer to this question.", " units", " (in cm)", " ways to arrange the books.",
    " students are in the class.", " days.", " is the smallest such number.", " is the value of x.",
    " is the total number of apples.", " is the largest possible value.", " meters per second.", " is the number of students.",
    ". This matches the answer choices.", ". This answer makes sense.", " which is the final answer.", ", which is 12.",
    " at the end of the year.", " distinct possible values for $B$.", " (from step 2)",
]


@pytest.mark.parametrize("tail", JUDGING_TAILS)
def test_prose_after_a_box_that_judges_it_voids_the_box(tail: str) -> None:
    assert not rewarded(r"\boxed{12}" + tail, "12")
    assert not score_trace("We compute.\n\\boxed{12}" + tail, "12").answer_correct


@pytest.mark.parametrize("tail", DESCRIBING_TAILS)
def test_prose_after_a_box_that_describes_it_keeps_the_box(tail: str) -> None:
    assert answers_equivalent(r"\boxed{12}" + tail, "12")
    assert score_trace("We compute.\n\\boxed{12}" + tail, "12").answer_correct


def test_the_open_finding_of_a_box_answering_a_different_question() -> None:
    text = "We compute.\n\\boxed{12} is the answer to a different question"
    assert not score_trace(text, "12").answer_correct
    assert not neutral_tail(" is the answer to a different question")
    assert neutral_tail(" is the answer to the question.")


# ------------------------------------------------------------ 2. a box under an accent

@pytest.mark.parametrize("text", [
    r"\overline{\boxed{12}}", r"\overline{12}", r"\bar{\boxed{12}}", r"\hat{\boxed{12}}", r"\dot{\boxed{12}}",
    r"\vec{\boxed{12}}", r"\widehat{\boxed{12}}", r"\boxed{\overline{12}}", r"\conj{\boxed{12}}",
    r"\overrightarrow{\boxed{12}}", r"\check{12}", r"\overset{\frown}{12}", r"\overline 12", "1\u03052\u0305",
    "12\u0304", r"$\overline{\boxed{12}}$", r"\tilde{\boxed{12}}", r"\mathring{\boxed{12}}", r"\cancel{\boxed{12}}",
    r"\breve{\boxed{12}}", r"\widetilde{12}",
])
def test_a_number_under_an_accent_is_another_value(text: str) -> None:
    assert not rewarded(text, "12")


def test_an_accented_number_only_matches_an_accented_gold() -> None:
    assert not answers_equivalent("0.3", r"0.\overline{3}")
    assert not answers_equivalent(r"0.\overline{3}", "0.3")
    assert answers_equivalent(r"0.\overline{3}", r"0.\overline{3}")
    assert not score_trace("We compute.\n$\\overline{\\boxed{12}}$", "12").answer_correct


@pytest.mark.parametrize("text", [r"\underline{\boxed{12}}", r"\mathbf{\boxed{12}}", r"\textbf{\boxed{12}}",
                                  r"\color{red}{\boxed{12}}", r"\sqrt{\boxed{144}}" ])
def test_formatting_around_a_box_keeps_its_value(text: str) -> None:
    gold = "12" if "144" not in text else r"\sqrt{144}"
    assert answers_equivalent(text, gold)


# ------------------------------------------------------------ 3. yes / no taken back by a bare verdict

@pytest.mark.parametrize("text", [
    "Yes, because it is not.", "Yes, since it isn't.", "Yes because it's not", "Yes, as it does not.",
    "Yes, because it doesn't.", "Yes, because it can't.", "Yes, because they are not.", "Yes — it is not.",
    "Yes. It is not.", "Yes, it is not.", "Yes, it isn't.", "Yes; it's not the case.", "Yes, but no.",
    "Yes, although it isn't.", "Yes, because it is not the case.", "Yes, because that is not true.", "Yes (it is not).",
    "Yes, because it is not so.", "Yes, since the answer is not.", "Yes, because it is not!", "Yes, because not.",
    "Yes, because it is NOT.", "Yes, because it really is not.", "Yes, because it does not hold.",
    "Yes, since it never is.", "Yes, because they don't.", "Yes, because it is not, in fact.", "Yes, since it won't.",
    r"\boxed{Yes}, because it is not.", r"\boxed{\text{Yes}} (it isn't)",
])
def test_a_yes_with_a_bare_negation_after_it_is_taken_back(text: str) -> None:
    assert not rewarded(text, "Yes")


@pytest.mark.parametrize("text", [
    "No, because it is.", "No, since it does.", "No, because they are.", "No, it is.", "No. It is.",
    "No, because it is the case.", "No, because it is true.", "No, since yes.", "No, because it can.",
    r"\boxed{No}, because it is.", "No, because it is indeed.", "No (it is).",
])
def test_a_no_with_a_bare_affirmation_after_it_is_taken_back(text: str) -> None:
    assert not rewarded(text, "No")


@pytest.mark.parametrize(("text", "gold"), [
    ("Yes", "Yes"), ("Yes, because 12 > 10.", "Yes"), ("Yes, because it is.", "Yes"), ("Yes, it is.", "Yes"),
    ("Yes, since the sides are equal.", "Yes"), ("Yes, the lines are parallel.", "Yes"), (r"\boxed{Yes}, since 3 < 4.", "Yes"),
    ("Yes, it is true.", "Yes"), ("Yes, because it is not negative.", "Yes"), ("Yes, it is not zero, so it is defined.", "Yes"),
    ("No, because it is not.", "No"), ("No, it is not.", "No"), ("No, it isn't.", "No"), ("No, the lines are not parallel.", "No"),
    ("No, they are not equal.", "No"), (r"\boxed{No}, they are not equal.", "No"),
    (r"\boxed{\text{No}}, the lines are not parallel.", "No"), ("No, because 3 is not even.", "No"),
    ("No, since it does not.", "No"), ("No, it is smaller.", "No"), ("No, not at all.", "No"),
    (r"$\boxed{\text{No}}$, since they are not equal.", "No"),
])
def test_a_reason_that_agrees_with_its_yes_or_no_keeps_it(text: str, gold: str) -> None:
    assert answers_equivalent(text, gold)


def test_a_boxed_no_with_a_negative_reason_in_a_free_text_trace_is_right() -> None:
    text = ("Let's solve this step by step.\nFirst, we read the values from the problem.\nThen we compute.\n"
            "Hence $\\boxed{\\text{No}}$, the lines are not parallel.")
    assert score_trace(text, "No").answer_correct
    assert not score_trace(text.replace("No}", "Yes}"), "Yes").answer_correct
    assert not score_trace(text.replace("the lines are not parallel", "that is what a fool would say"), "No").answer_correct


# ------------------------------------------------------------ 4. a bound spelled by a preposition

@pytest.mark.parametrize("text", [
    "от 12", "начиная с 12", "не менее 12", "ab 12", "Ab 12", "à partir de 12", "desde 12", "从12起", "от 12 до 15", "до 12",
    "bis 12", "dès 12", "jusqu'à 12", "hasta 12", "a partir de 12", "até 12", "fino a 12", "a partire da 12", "vanaf 12",
    "tot 12", "od 12", "starting at 12", "starting from 12", "12 onwards", "12起", "12から", "12まで", "12부터", "12까지",
    "12以后", "не ниже 12", "по крайней мере 12", "от $12$", r"от \boxed{12}", "12 и выше", "12'den itibaren",
    "from 12 on", "ab $12$", "von 12", "beginning at 12", "12 upwards", "desde 12 hasta 15", "от12", r"\boxed{12} onwards",
])
def test_a_bound_by_a_preposition_is_not_its_value(text: str) -> None:
    assert not rewarded(text, "12")


@pytest.mark.parametrize("text", ["12", "Ответ: 12", "AB = 12", "12 cm", "The answer is 12.", "Answer: 12 apples", "12 яблок",
                                  r"\boxed{12}", "x = 12", "答案是12", "12个", "From the figure, 12.", "Ответ от ученика: 12"])
def test_a_common_preposition_without_a_value_after_it_denies_nothing(text: str) -> None:
    assert answers_equivalent(text, "12")


def test_the_same_bound_in_the_gold_is_the_same_answer() -> None:
    assert answers_equivalent("от 12", "от 12")


# ------------------------------------------------------------ 6. a bound settled by an exact value

@pytest.mark.parametrize("text", [
    "At least 12 is needed, and exactly 12 works, so 12.", "At least 12 are needed; exactly 12 suffice, so 12.",
    "No fewer than 12 are needed, and exactly 12 is enough, so 12.", "Not less than 12 is needed, and exactly 12 works. So 12.",
    "At least 12 is needed and precisely 12 works, hence 12.", "At least 12 is required, exactly 12 works, therefore 12",
])
def test_a_bound_settled_by_an_exact_value_is_that_value(text: str) -> None:
    assert right_everywhere(text, "12")


@pytest.mark.parametrize("text", [
    "At least 12 is needed, and exactly 12 works, so 12 or more.", "At least 12 is needed, so 12.",
    "At least 12, maybe exactly 12 works, so 12.", "At least 12 is needed; exactly 12 would not work, so 12.",
    "More than 12 needed, exactly 12 fails, so 12.", "At least 12 is needed, and exactly 13 works, so 12.",
    "At least 12 is needed, and exactly 12 works, so 13.", "At least 12 is needed, and exactly 12 works, so at least 12.",
    "Exactly 12 works, so at least 12.", "At least 12, exactly 12 works, so 12 jk",
    "At least 15 is needed, and exactly 12 works, so 12.",
    # a red-team of the rule: a doubt, a condition or a joke anywhere, a bound the value breaks
    "At least 12 is needed, and I doubt exactly 12 works, so 12.",
    "At least 12 is needed, and it is unclear if exactly 12 works, so 12.",
    "At least 12 is needed, and whether exactly 12 works is unclear, so 12.",
    "At least 12 is needed, and I hope exactly 12 works, so 12.",
    "At least 12 is needed, and exactly 12 works if we are lucky, so 12.",
    "At least 12 is needed, and exactly 12 works (joke), so 12.",
    "More than 12 is needed, and exactly 12 works, so 12.", "Fewer than 12 is needed, and exactly 12 works, so 12.",
    "Less than 12 suffices, and exactly 12 works, so 12.",
])
def test_a_bound_not_settled_stays_a_bound(text: str) -> None:
    assert not rewarded(text, "12")


# ------------------------------------------------------------ 7. a long free-text answer

_WORDS = ("We first note that the rectangle has sides of three and four units, and the question asks for the product of "
          "those sides, which gives the area of the rectangle in square units. Multiplying the two side lengths gives the "
          "area directly, and there is no need to subtract anything because the figure has no holes in it. ")
PROSE = " ".join((_WORDS * 6).split()[:290])  # about 300 words, 1,600 characters


@pytest.mark.parametrize("end", [" So the answer is 12.", " Therefore, the area is 12.", " The answer is 12.", " Hence 12."])
def test_a_long_honest_answer_that_ends_on_its_value_is_right(end: str) -> None:
    assert right_everywhere(PROSE + end, "12")


@pytest.mark.parametrize("text", [
    PROSE + " So the answer is 12 or 15.", PROSE + " So the answer is maybe 12.", "The answer is 15. " + PROSE + " So the answer is 12.",
    PROSE + " So the answer is not 12.", "12 is wrong. " + PROSE + " So the answer is 12.", PROSE + " So the answer is 12. Just kidding.",
    PROSE + " So the answer is 12?", PROSE + " So the answer is 15.", PROSE + " I think the answer is 12.",
    PROSE + " So the answer is at least 12.", PROSE + " So the answer is 12. Or 15.", "x" * 1900 + " So the answer is 12.",
    PROSE * 2 + " So the answer is 12 or 15.", PROSE + " It could be 15. So the answer is 12.",
])
def test_a_long_answer_that_hedges_or_commits_elsewhere_is_wrong(text: str) -> None:
    assert not rewarded(text, "12")


@pytest.mark.parametrize("tail", [
    "the lines are not parallel, but the answer is yes.", "the lines are not necessarily parallel.",
    "the lines are not parallel unless they are.", "the lines are not not parallel.",
    "the lines are not parallel is false.", "the lines are not guaranteed to be non-parallel.",
    "the lines can't be shown to be not parallel.", "we cannot rule out that the lines are parallel.",
    "the lines are not parallel in the wrong figure.",
])
def test_a_negation_after_a_boxed_no_agrees_only_when_plain(tail: str) -> None:
    # A red-team of the rule that lets "\\boxed{No}, the lines are not parallel" agree with
    # the No: a turn, a weakening modal, a condition or a second negation is no agreement.
    assert not rewarded("\\boxed{No}, " + tail, "No")
