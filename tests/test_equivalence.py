"""answers_equivalent: every rule of the answer checker, as a table."""

import pytest

from stepgrpo_rewards import RewardConfig, answers_equivalent, parse_options

MC_QUESTION = "What is angle C?\nChoices:\nA. 30°\nB. 45°\nC. 60°\nD. 70°"

EQUIVALENT = [
    # fractions, decimals, LaTeX
    (r"\frac{1}{2}", "0.5"),
    (r"\dfrac{1}{2}", "1/2"),
    ("½", "0.5"),
    ("0.50", "1/2"),
    (r"$\frac{3}{4}$", "0.75"),
    # thousands separators
    ("1,234,567", "1234567"),
    ("12,000", "12000"),
    # trailing units, also inside \text{}
    ("12 cm", "12"),
    (r"12\text{ cm}", "12"),
    ("12 cm²", "12"),
    (r"5 \mathrm{m/s}", "5"),
    # wrappers and a trailing period
    ("$12$", "12"),
    (r"\(12\)", "12"),
    (r"\boxed{12}", "12"),
    ("12.", "12"),
    # degrees
    ("30°", "30"),
    (r"30^\circ", "30°"),
    (r"30^{\circ}", "30"),
    ("30 degrees", "30°"),
    # pi, unicode minus, scientific
    ("2π", r"2\pi"),
    ("−3", "-3"),
    ("1.5e3", "1500"),
    (r"1.5 \times 10^{3}", "1500"),
    # x = 5 vs 5
    ("x = 5", "5"),
    ("5", "x=5"),
    # symbolic
    (r"\sqrt{12}", r"2\sqrt{3}"),
    ("(x+1)^2", "x^2+2x+1"),
    (r"$\sin^2\theta + \cos^2\theta$", "1"),
    # an answer inside a short sentence holding one value
    ("The area is 12 cm².", "12"),
    ("So the total is 1,200 apples", "1200"),
    # multiple choice letters in many spellings
    ("B", "B"),
    ("(B)", "B"),
    ("B.", "B"),
    ("B)", "B"),
    ("B: 45°", "B"),
    ("Option B", "B"),
    ("The answer is B", "B"),
    (r"\boxed{B}", "B"),
    ("b", "B"),
    ("B", "(B)"),
    # yes / no
    ("Yes", "yes"),
    ("Yes, no bar is shorter", "yes"),  # "no" starts the justification, not a second answer
    ("Yes, since the other bar is no taller.", "yes"),  # not the last word
    ("No. The chart says no.", "no"),  # the same answer twice
    ("yes, because the bar is taller", "Yes"),
    ("No.", "no"),
    # text answers
    ("Red", "red"),
    # full-width forms (Chinese input methods) are the ASCII characters
    ("Ｂ", "B"),
    ("12．5", "12.5"),
    ("（Ｃ）", "C"),
    # markdown emphasis around the answer
    ("*red*", "red"),
    ("_0.5_", "0.5"),
    ("*not parallel*", "not parallel"),
    # "... is correct" after the answer, as "The answer is ..." before it
    ("B is correct", "B"),
    ("(B) is the correct answer.", "B"),
    ("12 is the answer", "12"),
    ("Option C is right", "C"),
    # one letter with a value beside it, or written twice, is still one choice
    ("(B) 45°", "B"),
    ("(A) (A)", "A"),
    ("(B) A triangle has three sides", "B"),
    # letters inside the option text or a justification are no second choice
    ("(C), since (A) is too small", "C"),
    ("(C), not (A)", "C"),
    ("(A) 12 (since B) is too small)", "A"),
    ("(B) 45° (∠A)", "B"),
    ("(A) P(A|B)", "A"),
    ("(C) both (I) and (III)", "C"),
    ("(D) Both (A) and (B)", "D"),
    ("(B) 25 (°C)", "B"),
    # a negation in a justification denies something else
    ("x = 3, since x cannot be negative", "3"),
    ("12 (not drawn to scale)", "12"),
    ("12, though the chart does not label it", "12"),
    ("12 cm, since the side cannot be longer", "12"),
    ("Both statements are incorrect", "both statements are incorrect"),
    ("12 (the other reading is wrong)", "12"),
    # a negation the gold shares is no negation of it
    ("not parallel", "Not parallel"),
    (r"x \neq 5", "x ≠ 5"),
    ("Cannot be determined", "cannot be determined"),
    # a note beside the value is not a negation
    ("5 (note: rounded)", "5"),
]

NOT_EQUIVALENT = [
    ("0.51", "0.5"),
    ("120", "12"),
    ("12.5", "12"),
    ("-3", "3"),
    ("x^3", "x^2"),
    ("12 or 15", "12"),
    ("B and C", "B"),
    ("B or C", "B"),
    ("A, B", "B"),
    ("C", "B"),
    ("", "12"),
    ("12", ""),
    ("   ", "B"),
    ("None", "No"),
    ("no", "yes"),
    ("The bars are 12 and 15", "12"),
    ("blue", "red"),
    ("probably 12", "12"),
    ("maybe B", "B"),
    ("I am not sure, 12", "12"),
    ("der", "red"),  # same letters: words are not products of symbols
    ("on", "no"),
    # equal only for positive values
    ("x", "|x|"),
    (r"\sqrt{x^2}", "x"),
    # a plus-minus names two values
    ("±5", "5"),
    (r"x = \pm 5", "5"),
    ("∓5", "-5"),
    # "or" offers alternatives even when only one of them is written in digits
    ("12 or fifteen", "12"),
    ("twelve or 15", "15"),
    ("12 or π", "12"),
    ("12 or ½", "12"),
    ("x = 12 or x = fifteen", "12"),
    ("12 or more", "12"),
    ("12 or B", "12"),
    ("12 or B", "B"),
    ("either B", "B"),
    # both yes and no commit to neither
    ("Yes and no", "yes"),
    ("yes/no", "Yes"),
    ("No or yes.", "no"),
    # an answer that starts with one and ends with the other takes itself back
    ("Yes. Actually no.", "yes"),
    ("Yes. Actually no.", "no"),
    ("No, wait: yes", "no"),
    ("No, wait: yes", "yes"),
    # two option letters written as marks are two choices, whichever comes first
    ("(A) or (B)", "A"),
    ("(A) and (B)", "A"),
    ("(A), (B)", "A"),
    ("(A) (B)", "A"),
    ("(A)/(B)", "A"),
    ("A) or B)", "A"),
    ("(B) or maybe (C)", "B"),
    ("(A) or B", "A"),
    ("(A)/B", "A"),
    ("(A), maybe B", "A"),
    ("(A) or (Ｂ)", "A"),
    ("（A）或（B）", "A"),
    ("B is not correct", "B"),
    ("12 is the answer or 15 is", "12"),
    # a negated value is not that value
    ("not 5", "5"),
    ("x ≠ 5", "5"),
    (r"x \neq 5", "5"),
    ("5 is not the answer", "5"),
    ("it cannot be 12", "12"),
    ("isn’t 5", "5"),
    ("can’t be 5", "5"),
    ("5 is wrong", "5"),
    ("5 is incorrect", "5"),
    ("not parallel", "parallel"),
]


@pytest.mark.parametrize(("predicted", "gold"), EQUIVALENT)
def test_equivalent(predicted, gold):
    assert answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), NOT_EQUIVALENT)
def test_not_equivalent(predicted, gold):
    assert not answers_equivalent(predicted, gold)


def test_percent_forms():
    assert answers_equivalent("50%", "0.5")
    assert answers_equivalent("50%", "50")
    assert answers_equivalent(r"50\%", "50%")
    q = "What percentage of the students chose red?"
    assert answers_equivalent("50", "0.5", question=q)
    assert answers_equivalent("0.5", "50", question=q)
    assert not answers_equivalent("50", "0.5")  # no percentage asked: 50 is not 0.5


def test_option_text_stands_for_its_letter_and_back():
    assert answers_equivalent("70°", "D", question=MC_QUESTION)
    assert answers_equivalent("70", "D", question=MC_QUESTION)
    assert answers_equivalent("D", "70°", question=MC_QUESTION)
    assert answers_equivalent("(D) 70°", "70°", question=MC_QUESTION)
    assert not answers_equivalent("60°", "D", question=MC_QUESTION)
    assert not answers_equivalent("C", "70°", question=MC_QUESTION)
    # an option text that ends in "is correct" is still that option's text
    statements = "Which is true?\nA. Only I is correct\nB. Only II is correct\nC. Both\nD. Neither is correct"
    assert answers_equivalent("Only I is correct", "A", question=statements)
    assert answers_equivalent("Neither is correct", "D", question=statements)
    assert answers_equivalent("A", "Only I is correct", question=statements)
    assert answers_equivalent("A is correct", "A", question=statements)
    assert not answers_equivalent("Only II is correct", "A", question=statements)
    both = "Which hold?\n(A) x > 0\n(B) y > 0\n(C) Neither\n(D) Both (A) and (B)"
    assert answers_equivalent("D", "(D) Both (A) and (B)", question=both)
    assert answers_equivalent("(D)", "(D) Both (A) and (B)", question=both)
    # two option letters name no option, nor does a denied option text
    assert not answers_equivalent("(B) or (D)", "70°", question=MC_QUESTION)
    assert not answers_equivalent("not 70°", "D", question=MC_QUESTION)


# (predicted, gold, verdict) with MC_QUESTION (B is 45°, C is 60°): an option letter
# with a value that is not its option's names two options, and is credited for neither.
LETTER_WITH_VALUE = [
    ("60° (B)", "45°", False),
    ("60° (B)", "60°", False),
    ("B 60°", "60°", False),
    ("B, 60°", "60°", False),
    ("60°, B", "60°", False),
    ("Option B, 60°", "45°", False),
    ("B or 60°", "B", False),
    ("B or 45°", "45°", False),
    ("B: 60°", "B", False),
    ("60° (B)", "B", False),
    # letter and value agree
    ("45° (B)", "45°", True),
    ("(B) 45°", "45°", True),
    ("B: 45°", "B", True),
    ("(B) 45°", "B", True),
    ("Option B (45 degrees)", "45°", True),
]


@pytest.mark.parametrize(("predicted", "gold", "verdict"), LETTER_WITH_VALUE)
def test_letter_and_value_must_agree(predicted, gold, verdict):
    assert answers_equivalent(predicted, gold, question=MC_QUESTION) is verdict


def test_parse_options_shapes():
    assert parse_options(MC_QUESTION) == {"A": "30°", "B": "45°", "C": "60°", "D": "70°"}
    inline = "Which is largest? Choices: (A) 12 (B) 15 (C) 9"
    assert parse_options(inline) == {"A": "12", "B": "15", "C": "9"}
    assert parse_options("Point B: the midpoint. What is AB?") == {}


def test_none_and_types():
    assert not answers_equivalent(None, "1")
    assert not answers_equivalent("1", None)
    with pytest.raises(TypeError):
        answers_equivalent(1, "1")  # type: ignore[arg-type]


@pytest.mark.parametrize("pad", [" " * 2000, "\u200b" * 2000])
def test_padding_cannot_hide_a_hedge(pad):
    assert not answers_equivalent("12" + pad + "or 15", "12")


@pytest.mark.parametrize(
    "hostile",
    ["9" * 5000, "{" * 3000 + "1" + "}" * 3000, "2^2^2^2^2^2^2^2^2^2", "10^{10^{10^{10}}}", "99999!",
     "(" * 500, "\\frac" * 400, "x" * 100_000, "\x00\u200b" * 100],
)
def test_hostile_answers_never_raise_and_never_match(hostile):
    assert answers_equivalent(hostile, "12") is False
    assert answers_equivalent("12", hostile) is False


def test_wrapper_with_long_whitespace_is_read():
    # Backtracking bait (a cubic regex took over 10 s); timed in benchmarks/bench_core.py.
    assert not answers_equivalent("$" + " " * 1990 + "x", "12")
    assert answers_equivalent("$" + " " * 1990 + "12$", "12")


# --------------------------------------------------------------------- plain-number fast path

PERCENT_QUESTION = "What percentage of the students chose red?"

# (predicted, gold, question, verdict): both sides plain numbers once cleaned, the
# fast path in `_equivalent`.
PLAIN_NUMBERS = [
    ("$70^\\circ$", "70", None, True),
    ("\\boxed{70^\\circ}", "70", None, True),
    ("70°", "70", None, True),
    ("$\\boxed{70}$", "70", None, True),
    ("70^{\\circ}", "70°", None, True),
    ("70.", "70", None, True),
    ("**70**", "70", None, True),
    ("The answer is 70°", "70", None, True),
    ("-2.50", "-2.5", None, True),
    ("-0", "0", None, True),
    ("007", "7", None, True),
    ("70.0000001", "70", None, True),  # within the relative tolerance
    ("70.001", "70", None, False),
    ("71°", "70", None, False),
    ("$\\boxed{69}$", "70", None, False),
    ("70", "0.7", PERCENT_QUESTION, True),
    ("0.7", "70", PERCENT_QUESTION, True),
    ("70", "0.7", None, False),
    ("70°", "70", MC_QUESTION, True),
    ("60°", "70", MC_QUESTION, False),
    # boxes that clean_answer's one-box shortcut leaves to the balanced scan
    ("\\fbox{12}", "12", None, True),
    ("\\boxed{\\boxed{12}}", "12", None, True),
    ("\u017fo the answer is 70", "70", None, True),  # a long s folds to "s" in the prefix pattern
]

# The same kind of answers that the fast path leaves to the full checker.
NOT_PLAIN_NUMBERS = [
    ("70 cm", "70", None, True),
    ("1,000", "1000", None, True),
    ("\u221270", "-70", None, True),
    ("1e3", "1000", None, True),
    ("70%", "0.7", None, True),
    ("70^\\circ or 80^\\circ", "70", None, False),
    ("70", "D", MC_QUESTION, True),
    ("D", "70", MC_QUESTION, True),
    ("\\boxed{\\frac{1}{2}}", "0.5", None, True),
    ("\\boxed{12", "12", None, True),  # unclosed: no box to take out
    # two boxes in one answer are two answers (issue 15)
    ("\\boxed{1} then \\boxed{2}", "2", None, False),
    ("\\boxed{1} then \\boxed{2}", "1", None, False),
]


@pytest.fixture
def fast_path_calls(monkeypatch):
    """Counts the calls of the plain-number fast path, on fresh caches."""
    from stepgrpo_rewards import equivalence

    calls = []
    real = equivalence._plain_numbers_equal

    def spy(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(equivalence, "_plain_numbers_equal", spy)
    equivalence._equivalent.cache_clear()
    yield calls
    equivalence._equivalent.cache_clear()


@pytest.mark.parametrize(("predicted", "gold", "question", "verdict"), PLAIN_NUMBERS)
def test_plain_numbers_take_the_fast_path(fast_path_calls, predicted, gold, question, verdict):
    assert answers_equivalent(predicted, gold, question=question) is verdict
    assert len(fast_path_calls) == 1


@pytest.mark.parametrize(("predicted", "gold", "question", "verdict"), NOT_PLAIN_NUMBERS)
def test_other_answers_take_the_full_path(fast_path_calls, predicted, gold, question, verdict):
    assert answers_equivalent(predicted, gold, question=question) is verdict
    assert fast_path_calls == []


@pytest.mark.parametrize(
    ("predicted", "gold", "question", "verdict"), PLAIN_NUMBERS + NOT_PLAIN_NUMBERS
)
def test_fast_path_gives_the_full_path_verdict(monkeypatch, predicted, gold, question, verdict):
    from stepgrpo_rewards import equivalence

    equivalence._equivalent.cache_clear()
    fast = answers_equivalent(predicted, gold, question=question)
    monkeypatch.setattr(equivalence, "_plain_value", lambda text: None)  # fast path off
    equivalence._equivalent.cache_clear()
    full = answers_equivalent(predicted, gold, question=question)
    equivalence._equivalent.cache_clear()
    assert fast is full is verdict


@pytest.mark.parametrize("max_math_chars", [0, 1, 2, 3])
def test_fast_path_respects_max_math_chars(max_math_chars):
    # Longer than max_math_chars: the full path decides, from text and single numbers.
    config = RewardConfig(max_math_chars=max_math_chars)
    assert answers_equivalent("70", "70.0", config=config)
    assert answers_equivalent("70°", "70", config=config) is (max_math_chars >= 2)
    assert not answers_equivalent("71", "70", config=config)


# --------------------------------------------------------------------- red team (issue 15)
# Each class: answers a careful grader marks wrong, in the wrappings a trained policy
# would try. One sign, one value.

SIGN_HIDDEN = [
    ("{-}12", "12"),
    ("{-}12", "-12"),  # the same answer cannot be right for both signs: it is -12
    ("-\u200b12", "12"),
    ("\u2212\u200b12", "12"),
    ("-\u2060 12", "12"),
    ("\u2212\ufeff12", "12"),
    ("$-\u200b12$", "12"),
    (r"\boxed{{-}12}", "12"),
    ("x = {-}12", "12"),
    ("{+}12", "-12"),
    ("-\u00ad12", "12"),
    ("The answer is -\u200b12 apples", "12"),
]

SIGN_KEPT = [
    ("{-}12", "-12"),
    ("-\u200b12", "-12"),
    ("\u2212\u200b12", "-12"),
    ("1\u200b2", "12"),  # a zero-width character inside a number is nothing
    ("{12}", "12"),
]


@pytest.mark.parametrize(("predicted", "gold"), SIGN_HIDDEN)
def test_a_hidden_sign_is_still_a_sign(predicted, gold):
    if predicted == "{-}12" and gold == "-12":
        assert answers_equivalent(predicted, gold)
        assert not answers_equivalent(predicted, "12")
    else:
        assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), SIGN_KEPT)
def test_a_sign_in_braces_or_beside_invisibles_reads_as_written(predicted, gold):
    assert answers_equivalent(predicted, gold)

# A bound is not a value: "x > 12" holds 12 and says the answer is not 12.
INEQUALITIES = [
    ("x > 12", "12"),
    ("x < 12", "12"),
    ("x \u2265 12", "12"),
    ("x\u226412", "12"),
    (r"x \geq 12", "12"),
    (r"x \ge 12", "12"),
    (r"x \gt 12", "12"),
    (r"x \leqslant 12", "12"),
    (r"$x \le 12$", "12"),
    ("at least 12", "12"),
    ("At most 12", "12"),
    ("more than 12", "12"),
    ("less than 12 cm", "12"),
    ("greater than 12", "12"),
    ("12 or more", "12"),
    ("12 or less", "12"),
    ("no more than 12", "12"),
    ("up to 12", "12"),
    ("above 12", "12"),
    ("over 12", "12"),
    ("under 12", "12"),
    (r"\boxed{x > 12}", "12"),
    (r"\boxed{\text{at least } 12}", "12"),
    ("The answer is at least 12.", "12"),
    ("x >= 12", "12"),
    ("12 < x", "12"),
    (r"x \gt 12", "x = 12"),
]

INEQUALITIES_KEPT = [
    ("x > 12", "x > 12"),
    (r"x \geq 12", "x \u2265 12"),
    ("at least 12", "at least 12"),
]


@pytest.mark.parametrize(("predicted", "gold"), INEQUALITIES)
def test_a_bound_is_not_its_value(predicted, gold):
    assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), INEQUALITIES_KEPT)
def test_a_bound_equals_the_same_bound(predicted, gold):
    assert answers_equivalent(predicted, gold)

# A value struck out, called false or asked about is not committed to.
DENIED_OR_DOUBTED = [
    (r"\neg 12", "12"),
    ("¬12", "12"),
    (r"\cancel{12}", "12"),
    (r"\xcancel{12}", "12"),
    (r"\bcancel{12}", "12"),
    (r"\sout{12}", "12"),
    (r"\not 12", "12"),
    ("~~12~~", "12"),
    ("<s>12</s>", "12"),
    ("<del>12</del>", "12"),
    ("12 is false", "12"),
    ("12 is untrue", "12"),
    ("12 is invalid", "12"),
    ("12?", "12"),
    ("12 ?", "12"),
    ("Is it 12?", "12"),
    (r"\boxed{12}?", "12"),
    ("$12$?", "12"),
    ("12 (?)", "12"),
    ("12？", "12"),
    ("B?", "B"),
    (r"\cancel{B}", "B"),
    ("B is false", "B"),
    (r"\neg B", "B"),
    ("x = 12 is false", "12"),
    (r"\text{not } 12", "12"),
    # a percent is a hundredth: 0.5% is 0.005, not the proportion 0.5
    ("0.5%", "0.5"),
    (r"0.5\%", "0.5"),
    ("0.5 percent", "0.5"),
    ("0.25%", "0.25"),
    ("0.5", "0.5%"),
]

DENIED_KEPT = [
    ("false", "False"),
    ("50%", "50"),
    ("50%", "0.5"),
    ("100%", "1"),
    ("12.5%", "12.5"),
]


@pytest.mark.parametrize(("predicted", "gold"), DENIED_OR_DOUBTED)
def test_a_denied_or_doubted_value_is_not_committed_to(predicted, gold):
    assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), DENIED_KEPT)
def test_falsehood_and_percent_answers_the_gold_shares(predicted, gold):
    assert answers_equivalent(predicted, gold)

# A box is no shield: the words around it still hedge, deny or doubt it, and two boxes
# with different contents are two answers.
BOX_CONTEXT = [
    (r"\boxed{15} is wrong", "15"),
    (r"\boxed{15} is not the answer", "15"),
    (r"\boxed{B} or \boxed{C}", "C"),
    (r"\boxed{B} or \boxed{C}", "B"),
    (r"$\boxed{B}$ or $\boxed{C}$", "C"),
    (r"\boxed{12}, \boxed{15}", "15"),
    (r"\boxed{12}\boxed{15}", "15"),
    (r"\boxed{12} and \boxed{15}", "12"),
    (r"maybe \boxed{12}", "12"),
    (r"probably \boxed{B}", "B"),
    (r"not \boxed{12}", "12"),
    (r"\boxed{12}?", "12"),
    (r"\boxed{12} (not sure)", "12"),
    (r"\boxed{12} or 15", "12"),
    (r"12 or \boxed{15}", "15"),
    (r"x > \boxed{12}", "12"),
    (r"at least \boxed{12}", "12"),
    (r"\boxed{12} is false", "12"),
    (r"\fbox{12} is wrong", "12"),
    (r"The answer is \boxed{\text{B}} or \boxed{\text{C}}", "B"),
    (r"\boxed{\boxed{12} or \boxed{15}}", "12"),
    ("\\boxed{12}\u200b or \\boxed{15}", "12"),
]

BOX_CONTEXT_KEPT = [
    (r"The answer is \boxed{12}.", "12"),
    (r"So $\boxed{12}$ cm", "12"),
    (r"\boxed{12} \text{ cm}", "12"),
    (r"x = \boxed{12}", "12"),
    (r"\boxed{12}, since x cannot be negative", "12"),
    (r"\boxed{12} or \boxed{12}", "12"),
    (r"Thus, \boxed{B}", "B"),
    (r"\boxed{B}", "(B)"),
]


@pytest.mark.parametrize(("predicted", "gold"), BOX_CONTEXT)
def test_a_box_does_not_hide_its_context(predicted, gold):
    assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), BOX_CONTEXT_KEPT)
def test_a_box_with_plain_context_is_its_content(predicted, gold):
    assert answers_equivalent(predicted, gold)

# The options written out again, each with its value, choose none of them.
OPTION_LISTS = [
    ("A) 12 B) 15", "A"),
    ("A) 12 B) 15", "B"),
    ("(A) 12 (B) 15", "A"),
    ("A. 12 B. 15", "A"),
    ("A: 12, B: 15", "A"),
    ("A) 12\nB) 15", "A"),
    ("A) triangle B) square", "A"),
    ("(A) 12 (B) 15 (C) 18 (D) 21", "C"),
    (r"\boxed{A) 12 B) 15}", "A"),
    ("A) 12 B) 15", "12"),
]
OPTION_LISTS_Q = [
    ("A) 30° B) 45°", "A"),
    ("A. 30° B. 45° C. 60° D. 70°", "C"),
]


@pytest.mark.parametrize(("predicted", "gold"), OPTION_LISTS)
def test_listing_the_options_is_a_hedge(predicted, gold):
    assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), OPTION_LISTS_Q)
def test_listing_the_options_is_a_hedge_with_the_question(predicted, gold):
    assert not answers_equivalent(predicted, gold, question=MC_QUESTION)

# Integers compare exactly; other values by relative tolerance, with no absolute floor
# that makes every tiny value equal.
TOLERANCE_WRONG = [
    ("1234567", "1234568"),
    ("1,234,567", "1234568"),
    ("123456789", "123456788"),
    ("1e7", "10000001"),
    ("6.6e-34", "1.6e-19"),
    (r"6.6 \times 10^{-34}", r"1.6 \times 10^{-19}"),
    ("1e-10", "0"),
    ("0", "1e-12"),
    ("1e-10", "2e-10"),
    ("0.0000000001", "0"),
    ("$1234567$", "1234568"),
    ("x = 1234567", "1234568"),
]
TOLERANCE_RIGHT = [
    ("70.0000001", "70"),
    ("1.5e3", "1500"),
    ("1e-10", "1.0e-10"),
    ("6.6e-34", r"6.6 \times 10^{-34}"),
    ("0", "-0"),
    ("0.1 + 0.2", "0.3"),
]


@pytest.mark.parametrize(("predicted", "gold"), TOLERANCE_WRONG)
def test_tolerance_is_not_too_wide(predicted, gold):
    assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), TOLERANCE_RIGHT)
def test_tolerance_still_forgives_rounding(predicted, gold):
    assert answers_equivalent(predicted, gold)

# Units on both sides: one dimension converts, other dimensions or other nouns differ.
UNITS_DIFFER = [
    ("12 m", "12 cm"),
    ("12 cm", "12 mm"),
    ("12 km", "12 m"),
    ("3 apples", "3 oranges"),
    ("3 cats", "3 dogs"),
    ("12 kg", "12 g"),
    ("12 kg", "12 m"),
    ("12 cm^2", "12 cm"),
    ("12 cm²", "12 cm"),
    ("12 m^2", "12 cm^2"),
    ("5 m/s", "5 km/h"),
    ("2 hours", "2 minutes"),
    (r"12\text{ m}", r"12\text{ cm}"),
    (r"\boxed{12 \text{ m}}", "12 cm"),
    ("x = 12 m", "12 cm"),
    ("The length is 12 m.", "12 cm"),
    ("1 m", "1000 cm"),
    ("12 ml", "12 L"),
]
UNITS_AGREE = [
    ("100 cm", "1 m"),
    ("1 m", "100 cm"),
    ("1.5 kg", "1500 g"),
    ("2 hours", "120 minutes"),
    ("1 km", "1000 m"),
    ("3 apple", "3 apples"),
    ("12 cm", "12 centimeters"),
    ("12 cm", "12 cm"),
    ("12 cm", "12"),  # a unit on one side only stays as before
    ("12", "12 cm"),
    ("1 m^2", "10000 cm^2"),
    ("12 mL", "12 ml"),
    ("The length is 100 cm.", "1 m"),
    ("30 degrees", "30°"),
]


@pytest.mark.parametrize(("predicted", "gold"), UNITS_DIFFER)
def test_different_units_or_nouns_differ(predicted, gold):
    assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), UNITS_AGREE)
def test_units_of_one_dimension_convert(predicted, gold):
    assert answers_equivalent(predicted, gold)


def test_square_units_are_the_units_of_an_area():
    assert answers_equivalent("12 square units", "12 units")
    assert not answers_equivalent("12 square units", "12 apples")


# ------------------------------------------------- false negatives (issue 15, items 9 and 11)

# A gold that carries its option's text, with no question to list the options.
GOLD_OPTION_RIGHT = [
    ("A", "(A) 12"), ("(A)", "(A) 12"), ("a", "(A) 12"), ("A.", "(A) 12"), ("Option A", "(A) 12"),
    (r"\boxed{A}", "(A) 12"), ("12", "(A) 12"), ("12.0", "(A) 12"), ("(A) 12", "(A) 12"), ("A. 12", "(A) 12"),
    ("12 (A)", "(A) 12"), ("12", "A. 12"), ("A", "A) 12 cm"), ("12 cm", "A) 12 cm"), ("yes", "(A) yes"),
]
GOLD_OPTION_WRONG = [
    ("B", "(A) 12"), ("(B) 12", "(A) 12"), ("12 (B)", "(A) 12"), ("15", "(A) 12"), ("(A) 15", "(A) 12"),
    ("A. 15", "(A) 12"), ("A or B", "(A) 12"), ("(A) or (B)", "(A) 12"), ("A/B", "(A) 12"), ("A, B", "(A) 12"),
    ("A and B", "(A) 12"), ("A) 12 B) 15", "(A) 12"), ("(A) 12 (B) 15", "(A) 12"), (r"\boxed{A} or \boxed{B}", "(A) 12"),
    ("12 or 15", "(A) 12"), ("12, 15", "(A) 12"), ("not 12", "(A) 12"), ("not A", "(A) 12"), ("A is wrong", "(A) 12"),
    ("x > 12", "(A) 12"), ("12?", "(A) 12"), ("A?", "(A) 12"), ("probably A", "(A) 12"), ("maybe 12", "(A) 12"),
    ("-12", "(A) 12"), ("120", "(A) 12"), ("no", "(A) yes"),
    # "A: 12" may label a point or a statement: no option; a gold listing options names none
    ("A", "A: 12"), ("A", "(A) 12 (B) 15"),
]


@pytest.mark.parametrize(("predicted", "gold"), GOLD_OPTION_RIGHT)
def test_a_gold_with_its_option_text_takes_the_letter_or_the_text(predicted, gold):
    assert answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), GOLD_OPTION_WRONG)
def test_a_gold_with_its_option_text_takes_no_other_option_nor_a_hedge(predicted, gold):
    assert not answers_equivalent(predicted, gold)


def test_doubt_chooses_no_option():
    question = "Which is largest? Choices: (A) 12 (B) 15 (C) 9"
    assert answers_equivalent("12", "A", question=question)
    for doubted in ["probably 12", "12 maybe", "maybe A", "A, probably"]:
        assert not answers_equivalent(doubted, "A", question=question)


FALSE_NEGATIVES_RIGHT = [
    # unordered sets
    (r"\{2,1\}", r"\{1,2\}"), (r"\{1, 2\}", r"\{2,1\}"), ("{2, 1}", "{1, 2}"), (r"\{3, 1, 2\}", r"\{1, 2, 3\}"),
    (r"\{1,2,2\}", r"\{1,2\}"), (r"\{1/2, 3\}", r"\{3, 0.5\}"),
    # spaced thousands
    ("1 000", "1000"), ("12 345", "12345"), ("1 000 000", "1000000"), (r"1\,000", "1000"), ("1{,}000", "1000"),
    ("1 000.5", "1000.5"), ("-1 000", "-1000"), ("1000", "1 000"), ("1\u2009000", "1000"),
    # yes / no against a gold that justifies itself
    ("yes", "Yes, the bar is taller"), ("Yes.", "Yes, the bar is taller"), ("Yes!", "Yes, the bar is taller"),
    ("no", "No, it is not"),
    # lists, whatever separates them
    ("2 and 3", "2, 3"), ("2, 3", "2 and 3"), ("2; 3", "2, 3"), ("2 & 3", "2, 3"), ("x = 2 and y = 3", "x = 2, y = 3"),
    ("red and blue", "red, blue"),
    # an equation whose last value is the answer
    ("12 + 3 = 15", "15"), (r"3 \times 5 = 15", "15"), ("15 = 12 + 3", "15"), ("AB = 12 + 3 = 15", "15"),
    ("12 - 3 = 9", "9"), (r"\frac{30}{2} = 15", "15"), ("2^4 = 16", "16"), ("15 + 0 = 15", "15"),
]
FALSE_NEGATIVES_STILL_WRONG = [
    (r"\{1,2,3\}", r"\{1,2\}"), (r"\{1\}", r"\{1,2\}"), (r"\{3,1\}", r"\{1,2\}"), ("(2,1)", "(1,2)"),
    (r"\{2,1\}", "(1,2)"), (r"\{(1,4),(3,2)\}", r"\{(1,2),(3,4)\}"), (r"\{1, 2 or 3\}", r"\{1,2\}"),
    (r"\{1, -2\}", r"\{1,2\}"), (r"\{1, \pm 2\}", r"\{1,2\}"), (r"\{1, not 2\}", r"\{1,2\}"),
    (r"\{1,2\} or \{3\}", r"\{1,2\}"),
    ("1 000", "1"), ("2 3", "23"), ("1 00", "100"), ("100 000", "100"), ("1 0000", "10000"), ("12 345", "12"),
    ("1 000", "-1000"),
    ("no", "Yes, the bar is taller"), ("Yes and no", "Yes, the bar is taller"), ("yes/no", "Yes, the bar is taller"),
    ("yes", "No, it is not"), ("maybe yes", "Yes, the bar is taller"), ("yes", "Yes and no"), ("yes", "Not sure"),
    ("2 or 3", "2, 3"), ("3 and 2", "2, 3"), ("2, 3, 4", "2, 3"), ("2", "2, 3"), ("2 and 3", "2"), ("2 and 4", "2, 3"),
    ("2, 3 or 4", "2, 3"), ("2, 3, or 4", "2, 3"), ("2, not 3", "2, 3"), ("2 and maybe 3", "2, 3"), ("2, 3?", "2, 3"),
    ("2, -3", "2, 3"), ("2, 30", "2, 3"), ("2,300", "2, 300"), ("2 and 3 and 3", "2, 3"), ("2, x > 3", "2, 3"),
    ("12 + 3 = 16", "16"), ("12 + 3 = 16", "15"), ("x + 3 = 15", "15"), ("12 + 3 = 15 = 16", "16"), ("12 + 3 = 15", "12"),
    ("2^4 = 16", "4"), ("5 < 15", "15"), ("1 = 1 = 15", "15"), ("x = 15, y = 3", "15"), ("12+3 = 15 or 16", "15"),
    ("2 + 2 = 5 = 15", "15"), ("15 = 16", "16"), ("x^2 = 225", "15"), (r"3 \cdot 5 = 15 = 16", "16"), ("12 + 3 = 15?", "15"),
]


@pytest.mark.parametrize(("predicted", "gold"), FALSE_NEGATIVES_RIGHT)
def test_sets_spaced_thousands_justified_yes_no_lists_and_equations_are_read(predicted, gold):
    assert answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), FALSE_NEGATIVES_STILL_WRONG)
def test_other_sets_numbers_lists_and_equations_stay_wrong(predicted, gold):
    assert not answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), [("AZYUK2A", "2"), ("x2", "2"), ("K2 and more", "2"), ("v2.5", "2.5")])
def test_a_digit_glued_to_a_name_is_no_value(predicted, gold):
    assert not answers_equivalent(predicted, gold)


def test_a_number_after_a_latex_command_is_still_the_sentences_value():
    assert answers_equivalent(r"x\approx11", "11")
    assert answers_equivalent("The area is 12 cm².", "12")


@pytest.mark.parametrize(("predicted", "gold", "right"), [
    ("3.140", "3.14", True), ("3.1400000001", "3.14", True),
    ("3.14159", "3.14", False), ("3.1", "3.14", False), ("0.3333", "0.33", False), ("0.54", "0.5", False),
])
def test_the_precision_a_gold_shows_is_not_read(predicted, gold, right):
    # decimals compare by relative tolerance only; benchmark_scoring rounds where a benchmark does
    assert answers_equivalent(predicted, gold) is right


# ------------------------------------- spellings Math-Verify's own tests expect (issue 15)

SPELLINGS_RIGHT = [
    # a decimal comma, when the other side is no list; \! after a thousands comma
    ("1000,99", "1000.99"), ("1.22", "1,22"), ("0,111", "0.111"), ("-0,5", "-0.5"), ("3,4", "3.4"),
    (r"11,\! 111,\! 111,\! 100", "11111111100"), (r"32,\!349", "32349"),
    # one relation, in any spelling or turned around
    (r"x \geq 5", "x >= 5"), (r"x \lt 3", "x < 3"), (r"x <= 2", r"x \leq 2"), (r"5 \geq x", r"x \leq 5"),
    (r"x \neq 3", "x != 3"), ("x ≥ 5", r"x \ge 5"),
    # a tuple or an interval, item by item
    ("(1,4.5)", r"(1,\frac{9}{2})"), (r"\left( 3, \frac{\pi}{2} \right)", r"(3, \frac{\pi}{2})"), ("[0, 0.5)", "[0, 1/2)"),
    # a gold that names its value
    ("1", "|AB|=1"), ("(3,2)", "(p,q)=(3,2)"), ("11:21", "V_{1}:V_{2}=11:21"), ("0.5", "P(A) = 0.5"),
    # a set's items listed plainly, in any order
    (r"\boxed{1} and \boxed{2} and \boxed{3}", "{1,2,3}"), ("3, 1 and 2", r"\{1, 2, 3\}"),
]
SPELLINGS_WRONG = [
    ("3,4", "3"), ("3,4", "4"), ("12,000", "12"), ("1,22", "1"), ("6,8", "6.9"),
    (r"x > 5", r"x \geq 5"), ("x < 5", "5 < x"), ("x >= 6", "x >= 5"), ("x > 5 or 6", "x > 5"), ("x != 5", "5"),
    ("x > 5", "5"), ("x > 5 and x < 7", "x > 5"),
    ("[1, 4.5]", "(1, 4.5)"), ("(1, 2)", "(2, 1)"), ("(1, 2, 3)", "(1, 2)"), ("(1 or 2, 3)", "(1, 3)"), (r"(1, \pm 2)", "(1, 2)"),
    ("2", "|AB|=1"), ("0", "2x+4y-3=0"), ("1", "x^2/4 + y^2/3 = 1"),
    ("1, 2", "{1,2,3}"), ("1, 2, 3, 4", "{1,2,3}"), ("1 or 2 or 3", "{1,2,3}"), ("1, 2, 2", "{1,2,3}"),
    # a set given, an ordered answer expected: a set claims less
    (r"\{2, 1\}", "1, 2"),
]


@pytest.mark.parametrize(("predicted", "gold"), SPELLINGS_RIGHT)
def test_decimal_commas_relations_tuples_named_golds_and_listed_sets_are_read(predicted, gold):
    assert answers_equivalent(predicted, gold)


@pytest.mark.parametrize(("predicted", "gold"), SPELLINGS_WRONG)
def test_other_relations_tuples_and_lists_stay_wrong(predicted, gold):
    assert not answers_equivalent(predicted, gold)


def test_a_comma_between_two_numbers_is_a_list_when_the_gold_is_one():
    assert answers_equivalent("6,8", "6 and 8") and not answers_equivalent("6,8", "6.8 and 1")


@pytest.mark.parametrize("question", ["Which? Choices: (A) 12 (B) 15", None])
def test_an_option_with_two_values_beside_it_or_offered_beside_another_answer_chooses_nothing(question):
    gold = "A" if question else "(A) 12"
    for hedge in ["(A) 12 & 15", "(A) 12, 15", "((A) 12, 15)", "A: 12 or 15", "A. 12; 15", "12 or blue", "(A) 12 or blue"]:
        assert not answers_equivalent(hedge, gold, question=question), hedge
    for right in ["A", "(A) 12", "12"]:
        assert answers_equivalent(right, gold, question=question), right


@pytest.mark.parametrize(("predicted", "gold"), [
    ("x > 5 or blue", "x > 5"), ("x > 5 C", "x > 5"), (r"\{x > 5, C\}", r"\{x > 5\}"), ("(12 C, 3)", "(12, 3)"),
    ("2, 3 C", "2, 3"), ("2 or blue, 3", "2, 3"),
])
def test_items_of_relations_tuples_sets_and_lists_hold_no_sentence(predicted, gold):
    assert not answers_equivalent(predicted, gold)
