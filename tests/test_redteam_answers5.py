"""Red-team round 5 on the answer verifier (issue 15): the four answer-side rows that were
open in test_redteam_open.py, each widened into its class, with the honest answers beside
them that must keep their credit.

A. A reason after a box that takes the value back ("since the real one is unknown",
   "because I like it", "since that's wrong"). B. A second value written in words ("The
   answer is fifteen. So the answer is 12.", "12, rather fifteen", a later line
   "fifteen"). C. A description after a box that judges by its noun ("is my lucky
   number", "is the number of mistakes I made").
"""

from __future__ import annotations

import pytest
from traces import mulberry, rewarded, right_everywhere

from stepgrpo_rewards import RewardConfig, answers_equivalent, score_trace
from stepgrpo_rewards.numbers import single_number
from stepgrpo_rewards.numwords import word_numbers, words_value


def boxed_rewarded(tail: str, gold: str = "12") -> bool:
    """Whether ``\\boxed{12}`` + *tail* earns credit, alone or on a later line of a trace."""
    return answers_equivalent(r"\boxed{12}" + tail, gold) or score_trace("We compute.\n\\boxed{12}" + tail, gold).answer_correct


def boxed_right(tail: str, gold: str = "12") -> bool:
    """Whether ``\\boxed{12}`` + *tail* earns credit, alone and in a trace."""
    return answers_equivalent(r"\boxed{12}" + tail, gold) and score_trace("We compute.\n\\boxed{12}" + tail, gold).answer_correct


# ------------------------------------------------------------ A. a reason that takes the value back

DOUBTING_REASONS = [
    " since the real one is unknown", " because the true answer is unknown", ", since the actual answer cannot be determined",
    " since the answer is unknown", " because the value remains unknown", " because it is wrong", ", since that's wrong",
    " because this is incorrect", " since it's not the answer", " because nobody knows the real value", " since who knows",
    " because I have no idea", " since I don't know the answer", " because it is impossible to determine",
    " since there is not enough information", " because I made it up", " since I picked it", " because I like it",
    " because it's my lucky number", " since it is my favorite number", " because I said so", " just because",
    " for no reason", " because why not", " because of a hunch", " since 3 x 4 = 12. The real one is unknown.",
    " since 3*4 = 12. Just kidding.", " since 3*4 = 12. But maybe it is 15.", " (since the real value is unknown)",
    " (because it is wrong)", r" \text{ since the real one is unknown}", ", as the true value remains unknown",
    " given that the answer is unknowable", " because the answer is from another problem", " since it is a mistake",
    " because the answer cannot be found", " since it can't be known", " since the real answer is a mystery",
    " because God knows", " since it was a random guess", " (since that is not the answer)", ", since it's off by one",
    " because the true one is undetermined", " since x = 12. Wait, no.", " since 3*4 = 12, or so I think",
    " since the real one is unknown.\nSo the answer is 12.",
]


@pytest.mark.parametrize("tail", DOUBTING_REASONS)
def test_a_reason_that_takes_the_value_back_voids_the_box(tail: str) -> None:
    assert not boxed_rewarded(tail), tail


HONEST_REASONS = [
    " since 3 x 4 = 12", " because the area is 12 cm^2", " since A is wrong", ", as x cannot be 0",
    ", since x cannot be negative", " because 3 + 9 = 12", " since the unknown x equals 12", " since the points lie on a line",
    " because P lies on the circle", " since no one sits in seat 3", " because the die is fair",
    " since the ball is drawn at random", " because it is the product of 3 and 4", " since it is divisible by 3",
    " because it is not prime", " since we know the side is 4", " because the length is known",
    " since 15 is too large", " because the unknown side is 12", " (since 3*4 = 12)", ", because 3 times 4 is 12",
    " since the true length is 3 times 4", " because each of the 3 boxes holds 4", " since the other root is negative",
    " since it is positive if x > 0", " because the previous term is 9 and we add 3", " since I computed 3 x 4 = 12",
    r" cm, because 3 \times 4 = 12.", " as the true answer must be an integer", " because the true value must be positive",
    " since k is arbitrary", " since the balls are randomly drawn", " because the real part is 12",
]


@pytest.mark.parametrize("tail", HONEST_REASONS)
def test_a_reason_about_the_figure_keeps_the_box(tail: str) -> None:
    assert boxed_right(tail), tail


# ------------------------------------------------------------ B. a second value in words

WORD_CONFLICTS = [
    "The answer is fifteen. So the answer is 12.", "So the answer is 12, rather fifteen.", "12 (actually fifteen)",
    "Fifteen. So the answer is 12.", "It is fifteen; so 12.", "The answer is twenty-one. So 12.", "12, or rather twenty",
    "The answer is one. So the answer is 12.", "12, actually one hundred", "x = fifteen, so x = 12", "12 — make that thirteen",
    "Fifteen, I mean 12", "The answer is Fifteen. So the answer is 12.", "12 (really: eleven)", "12, i.e. fifteen",
    "12 (thirteen?)", "twelve or 13", "The answer is thirty. Final answer 12", "12, or one", "12 (make that one)",
    "FIFTEEN. So the answer is 12.", "12, rather one hundred and two", "The answer is XV. So the answer is 12.",
    "The answer is quinze. So the answer is 12.", "The answer is fünfzehn. So the answer is 12.", "The answer is quince. So 12.",
    "The answer is fіfteen. So 12.", "12 (actually: fifteen)", "12, I meant fifteen", "12 = fifteen",
]


@pytest.mark.parametrize("answer", WORD_CONFLICTS)
def test_a_second_value_in_words_is_a_second_answer(answer: str) -> None:
    assert not rewarded(answer, "12"), answer


def test_a_second_value_in_words_in_a_long_answer() -> None:
    filler = "We check each case carefully and the reasoning holds in every case we tried. " * 3
    assert not answers_equivalent("The answer is fifteen. " + filler + "So the answer is 12.", "12")
    assert answers_equivalent("The answer is twelve. " + filler + "So the answer is 12.", "12")


@pytest.mark.parametrize("later", ["fifteen", "(fifteen)", "**Fifteen.**", "So fifteen.", "It is fifteen.",
                                   "So x = fifteen.", "The answer is fifteen.", "Twenty-one"])
def test_a_later_line_in_words_commits(later: str) -> None:
    assert not score_trace(mulberry(["x = 12"], answer="12\n" + later), "12").answer_correct, later


@pytest.mark.parametrize("later", ["twelve", "(twelve)", "**Twelve.**", "So twelve.", "The answer is twelve.",
                                   "Each one is counted.", "One can check this.", "See above."])
def test_a_later_line_that_agrees_in_words_or_says_no_number(later: str) -> None:
    assert score_trace(mulberry(["x = 12"], answer="12\n" + later), "12").answer_correct, later


HONEST_WORDS = [
    ("The answer is 12 (twelve).", "12"), ("The answer is twelve, i.e. 12.", "12"),
    ("So there are twelve, so the answer is 12.", "12"), ("The correct one is 12.", "12"), ("Each one costs 12.", "12"),
    ("One can see that the answer is 12.", "12"), ("Twelve, that is 12.", "12"), ("12 (one dozen)", "12"),
    ("The answer is 12, a two-digit number.", "12"), ("12 apples, one for each student", "12"), ("So 12 is the one.", "12"),
    ("The answer is 21 (twenty-one).", "21"), ("The answer is one hundred twenty, i.e. 120.", "120"),
    ("The answer is 1200 (twelve hundred).", "1200"), ("The answer is 12 thousand (twelve thousand).", "12000"),
    ("50% (fifty percent)", "50"), ("12, not fifteen", "12"), ("twenty-one", "21"), ("Twenty One", "21"),
    ("one hundred and five", "105"), ("12 is a non-zero value", "12"), ("It is 12, and each one is counted.", "12"),
    ("12 (a dozen)", "12"), ("12 in all, one by one", "12"), ("The answer is 12, the one we want.", "12"),
    ("So the total is twelve apples, i.e. 12", "12"), ("Statements II and IV hold, so 12", "12"),
    ("The answer is XII, i.e. 12.", "12"), ("12 (douze)", "12"), ("Chapter IX gives 12", "12"),
]


@pytest.mark.parametrize(("answer", "gold"), HONEST_WORDS)
def test_the_same_value_in_words_or_no_number_word(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold), answer


def test_number_words_read() -> None:
    assert word_numbers("The answer is fifteen. So the answer is 12.") == [15]
    assert word_numbers("twenty-one, one hundred and five, two dozen, twelve thousand") == [21, 105, 24, 12000]
    assert word_numbers("Each one, the one, no one, one of them, a two-digit number, non-zero, 12 hundred") == []
    assert word_numbers("The answer is one.") == [1]
    assert words_value("Twenty-one") == 21 and words_value("a hundred") is None and words_value("fifteen apples") is None
    assert single_number("So the answer is 12, rather fifteen.") is None
    assert single_number("The answer is 12 (twelve).") == [12.0]


# ------------------------------------------------------------ C. a description that judges by its noun

JUDGING_NOUNS = [
    " is my lucky number.", " is a random number", " is the number of mistakes I made", " is my favorite number",
    " is a number I like", " is a number I picked", " is just a random number", " is an arbitrary number",
    " is the number I guessed", " is the number of times I guessed", " is our lucky number", " is your lucky number",
    " is a nice number", " is my age", " is the number of my mistakes", " is a number I made up", " is the value I chose",
    " is the total of my guesses", " is a made-up number", " is the number I wanted", " is a cool number",
    " is a silly number", " is the number of errors I made", ". This is my favorite number.", ", which is my lucky number",
    ". That is the number I guessed.", " is the number chosen at random", " is his lucky number", " is a weird number",
    r" \text{ is my lucky number}", " is a fun number", " is a number I'm fond of", " is the number that came to mind",
    " is the number in my head",
]


@pytest.mark.parametrize("tail", JUDGING_NOUNS)
def test_a_description_that_judges_by_its_noun_voids_the_box(tail: str) -> None:
    assert not boxed_rewarded(tail), tail


MEASURING_NOUNS = [
    " is the number of apples.", " is the number of mistakes Tom made", " is the number of ways we can make a sandwich",
    " is the expected value of the random variable", " is the number of apples I have", " is the number of errors in the code",
    " is the greatest common divisor", " is the smallest positive integer", " is the number of students in my class",
    " is the total number of marbles", " is the largest possible value", " is the number of balls drawn at random",
    " is the area of the triangle.", ". This is the number of ways.", " is the number of times the bell rings",
    " is the value of x.",
]


@pytest.mark.parametrize("tail", MEASURING_NOUNS)
def test_a_description_that_measures_keeps_the_box(tail: str) -> None:
    assert boxed_right(tail), tail


# ------------------------------------------------------------ the rows these rules close, as filed

FILED = [
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12} since the real one is unknown', '12', None, 'mulberry', "a reason after the box ('since', 'because') may say anything of the figure: only doubt, jest and an answer word are read in it, so a reason that denies the value ('since the real one is unknown') passes (found in round 4)"),
    ('long answer/words', 'equivalent', 'The answer is fifteen. So the answer is 12.', '12', None, 'mulberry', 'an earlier commitment written in words (fifteen, XV, quinze) is not read as a value, so it does not conflict with the last one (red-team of round 4)'),
    ('correction in words', 'equivalent', 'So the answer is 12, rather fifteen.', '12', None, 'mulberry', "a correction after the value in words ('rather fifteen', '(actually fifteen)') is not read; with digits it is"),
    ('box/outside text', 'equivalent', '\\boxed{12} is my lucky number.', '12', None, 'mulberry', "a description that judges by its noun ('my lucky number', 'a random number', 'the number of mistakes I made') passes as a quantity noun"),
]


@pytest.mark.parametrize(("cls", "kind", "text", "gold", "keys", "layout", "why"), FILED,
                         ids=[f"{i}-{row[0]}" for i, row in enumerate(FILED)])
def test_filed_finding_is_not_rewarded(cls, kind, text, gold, keys, layout, why):
    if kind == "equivalent":
        assert not answers_equivalent(text, gold), why
    else:
        assert not score_trace(text, gold, keys, config=RewardConfig(layout=layout)).answer_correct, why


@pytest.mark.parametrize("answer", ["12", "The answer is 12.", r"\boxed{12}", "twelve"])
def test_plain_answers_stay_right(answer: str) -> None:
    assert right_everywhere(answer, "12")
