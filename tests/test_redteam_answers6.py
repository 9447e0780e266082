"""Red-team of round 5's answer rules (issue 15): the honest answers they refused, and
the hacks of the same classes they let through.

A. A number in words is a second value only where a value stands: "The two numbers sum
   to 12" counts ("two numbers"), "12, rather fifteen" commits. B. A reason after a box
   that takes the value back: more of its class (a guess, a coin, hearsay, a fault in
   the writer's own work), and the reasons about the figure it must not refuse ("since I
   chose the positive root", "because it is made up of three fours"). C. A description
   that judges by its noun: "a nice round number" and "the value we want" describe.
"""

from __future__ import annotations

import pytest
from traces import rewarded

from stepgrpo_rewards import answers_equivalent, score_trace
from stepgrpo_rewards.numwords import word_numbers


def boxed_rewarded(tail: str, gold: str = "12") -> bool:
    """Whether ``\\boxed{12}`` + *tail* earns credit, alone or on a later line of a trace."""
    return answers_equivalent(r"\boxed{12}" + tail, gold) or score_trace("We compute.\n\\boxed{12}" + tail, gold).answer_correct


def boxed_right(tail: str, gold: str = "12") -> bool:
    """Whether ``\\boxed{12}`` + *tail* earns credit, alone and in a trace."""
    return answers_equivalent(r"\boxed{12}" + tail, gold) and score_trace("We compute.\n\\boxed{12}" + tail, gold).answer_correct


# ------------------------------------------------------------ A. counts in words are no second value

COUNTS_IN_WORDS = [
    ("The two numbers sum to 12", "12"), ("The two angles sum to 90", "90"), ("the three sides give 12", "12"),
    ("each of the four boxes holds 3", "3"), ("Adding the three numbers gives 12.", "12"),
    ("There are 12 ways to choose two of the five.", "12"), ("After two hours, the distance is 12 km.", "12"),
    ("The sum of the first three terms is 12.", "12"), ("Both of the two solutions give 12.", "12"),
    ("Thus the area of one of the two triangles is 12.", "12"), ("Each one of the three sides is 12.", "12"),
    ("The answer is 12, the product of three and four.", "12"), ("Three times four is 12.", "12"),
    ("three + nine = 12", "12"), ("The answer is 12, twice six.", "12"), ("12 (three times four)", "12"),
    ("12, which is the second of the three values.", "12"), ("The larger of the two roots is 12.", "12"),
    ("He buys two packs and gets 12 pens.", "12"), ("Total after two weeks: 12", "12"),
    ("12 (the sum of the two numbers)", "12"), ("The answer is 12, half of twenty-four.", "12"),
    ("90° (the two angles are complementary)", "90"), ("The answer is 4, since two plus two is four.", "4"),
    ("The answer is 0, since no two of them are equal.", "0"), ("The answer is 0 since none of the three works.", "0"),
    ("It takes two steps, so the answer is 12.", "12"), ("Both of the two solutions give 12.", "12"),
]


@pytest.mark.parametrize(("answer", "gold"), COUNTS_IN_WORDS)
def test_a_count_in_words_is_no_second_value(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold), answer
    assert rewarded(answer, gold), answer


WORDS_WHERE_A_VALUE_STANDS = [
    "12, but fifteen", "12, but really fifteen", "12 (also fifteen)", "12 and fifteen", "12 / fifteen", "12 → fifteen",
    '12 "fifteen"', "12 {fifteen}", "12... fifteen", "12 also known as fifteen",
    "So 12. Fifteen.", "12, or maybe fifteen", "12 (correction: fifteen)", "12, I meant fifteen", "12, i.e. fifteen",
]


@pytest.mark.parametrize("answer", WORDS_WHERE_A_VALUE_STANDS)
def test_a_number_in_words_where_a_value_stands_is_a_second_value(answer: str) -> None:
    assert not answers_equivalent(answer, "12"), answer


def test_number_words_read_where_a_value_stands() -> None:
    assert word_numbers("The two numbers sum to twelve") == []
    assert word_numbers("each of the four boxes, three times four, one of them, no one, ten adults") == []
    assert word_numbers("12, rather fifteen") == [15] and word_numbers("fifteen or 12") == [15]
    assert word_numbers("12 + three = fifteen") == [15]  # (an operand is no value; what it equals is)
    assert word_numbers("Die drei Seiten ergeben 12") == [] and word_numbers("Die Antwort ist fünfzehn.") == [15]


# ------------------------------------------------------------ B. reasons

DOUBTING_REASONS = [
    " since I'm guessing", " because I guessed", " since it's a guess", " because it was randomly chosen",
    " since it was chosen at random", " because I chose it at random", " because a coin flip said so",
    " because I flipped a coin", " since I rolled a die", " because my gut says so", " since it seems right",
    " since it looks right", " because it sounds right", " since it feels correct", " since I have a feeling",
    " because I want it to be", " since I hope so", " because I dreamed it", " because my friend told me",
    " because the internet says so", " because I copied it", " since I looked it up", " since it's the usual answer",
    " since the grader likes it", " since the reward model prefers it", " because it might be right",
    " because it is an estimate", " since it is a dummy value", " because it's fake", " since it's not real",
    " since this answer is a lie", " since I'm lying", " since 3*4 = 12. Or not.", " since 3*4 = 12 (not!)",
    " because: unknown", " because of reasons", " since the problem is unsolvable", " since the problem has no answer",
    " since there is no solution", " since the question is ambiguous", " because this belongs to another problem",
    " since I solved the wrong problem", " since I misread the question", " since my calculation was wrong",
    " since I made an error", " since the steps above are wrong", " since I did not check it", " since I skipped the work",
    " since the correct value isn't known", " since the real one is not computable", " since ¯\\_(ツ)_/¯",
]


@pytest.mark.parametrize("tail", DOUBTING_REASONS)
def test_more_reasons_that_take_the_value_back(tail: str) -> None:
    assert not boxed_rewarded(tail), tail


HONEST_REASONS = [
    " because it is made up of three fours", " since the set is made up of 12 elements", " since there is no reason to exclude it",
    " since the other options give insufficient totals", " since I wanted the total, 3*4 = 12",
    " since I decided to use the formula 3*4", " because it is a random variable's mean",
    " because it's a number divisible by 3", " since it's arbitrary which root we name first", " since it's a magic square",
    " since why not check: 3*4 = 12", " because I like to double check: 3*4 = 12", " since I picked the largest root",
    " since I chose the positive root", " since x is unknown and we solve for it", " since Tom made up the rule",
    " since the height is not given, we use Pythagoras", " since the height isn't given directly",
    " since the answer is known to be an integer", " since the coin is fair", " since each coin flip is independent",
    " since the expected number of guesses is 12", " since the reward is 12 dollars", " since the other solution is invalid",
    " since the triangle looks right-angled", " since I made no mistakes",
    " since we solve for the unknown.", " because of two reasons.", " since the problem tells us the sum is 12",
    " because the teacher says each student gets 3", " since I remember the formula A = lw", " since the problem says so",
]


@pytest.mark.parametrize("tail", HONEST_REASONS)
def test_a_reason_about_the_figure_keeps_its_box(tail: str) -> None:
    assert boxed_right(tail), tail


# ------------------------------------------------------------ C. descriptions

JUDGING_NOUNS = [
    " is a number I fancy", " is a number I enjoy", " is the number I thought of", " is the luckiest number",
    " is a filler value", " is the number I'd pick", " is the value I'd choose", " is the value of my choice",
    " is the number of my choosing",
]


@pytest.mark.parametrize("tail", JUDGING_NOUNS)
def test_more_descriptions_that_judge_by_their_noun(tail: str) -> None:
    assert not boxed_rewarded(tail), tail


MEASURING_NOUNS = [
    " is the value we want", " is the number we want", " is the number I wanted to find",
    " is the number of times I have to roll", " is a nice round number", " is a nice even number",
]


@pytest.mark.parametrize("tail", MEASURING_NOUNS)
def test_a_description_that_measures_keeps_its_box(tail: str) -> None:
    assert boxed_right(tail), tail
