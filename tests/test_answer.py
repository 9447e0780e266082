"""extract_answer and gold_answer: only a committed answer counts."""

import pytest
from traces import GOOD

from stepgrpo_rewards import UnreadableSolutionError, extract_answer, gold_answer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD, "70°"),
        ("### Step 1:\n3+4=7\n### The final answer is:\n7\nBecause 3+4=7.", "7"),
        ("<think>2+2=4</think><answer> 4 </answer>", "4"),
        (r"First \boxed{3}, then corrected: \boxed{\frac{1}{2}}", r"\frac{1}{2}"),
        ("We add them.\nFinal answer: 12 cm", "12 cm"),
        ("We add them.\nFinal answer:\n\n12 cm\n", "12 cm"),
        ("So the answer is B.", "B."),
        # markdown around the label is not part of the answer
        ("We add them.\n**Final Answer:** 12", "12"),
        ("We add them.\n**Final answer**: 12", "12"),
        # a line that starts with "Answer:" commits, outside a Mulberry trace
        ("The bars are 3 and 5.\nAnswer: (C)", "(C)"),
        ("Compare them.\n**Answer:** 12", "12"),
        ("> Answer : B", "B"),
        ("Step 1: 3 + 4 = 7\nAnswer: 7", "7"),
        ("### Step 1:\nAnswer: 7 is what the sub-question gives", None),  # a Mulberry step
        # an "Answer:" line that a step header or </think> follows was not the last word
        ("Step 1: AB = 5.\nAnswer: 5\nStep 2: area = 25", None),
        ("<think>\nAnswer: 45\nHmm, no: 60.\n</think>\nThe angle is 60°.", None),
        ("<think>Answer: 45 or so</think>\nAnswer: 60", "60"),
        # the later of a "final answer" mention and an "Answer:" line counts
        ("Before giving the final answer, let me check.\nThe tallest is 12.\nAnswer: 12", "12"),
        # a label followed by the options listed again chooses none
        ("Answer:\nA. 30°\nB. 45°\nC. 60°", None),
        ("Final answer:\n(A) 30°\n(B) 45°", None),
        ("Final answer:\n(A) 30°\nbecause the angles sum to 180°", "(A) 30°"),
        # emphasis that opens the value stays whole, for clean_answer to strip
        ("Final answer: *red*", "*red*"),
        ("The answer is *red*", "*red*"),
        ("Both answers: 3 and 4", None),
        ("The answer should be checked.\nWe answer: yes", None),
        ("### Step 1:\nx = 5, so y = 7", None),
        ("The bars are 12 and 15 tall.", None),
        ("", None),
        (r"\boxed{unbalanced", None),
    ],
)
def test_extract_answer(text, expected):
    assert extract_answer(text) == expected


def test_answer_section_wins_over_boxed_in_steps():
    text = "### Step 1:\n\\boxed{5} is wrong\n### The final answer is: 6"
    assert extract_answer(text) == "6"


@pytest.mark.parametrize(
    ("solution", "expected"),
    [
        ("12", "12"),
        ("  (B) ", "(B)"),
        (GOOD, "70°"),
        ("### The final answer is: 3\n### The final answer is: 4", "4"),
        ("<answer>yes</answer>", "yes"),
        ("", None),
        (None, None),
    ],
)
def test_gold_answer(solution, expected):
    assert gold_answer(solution) == expected


def test_answer_tag_counts_in_a_mulberry_trace_without_answer_header():
    text = "### Step 1:\n2+2=4\n<answer>4</answer>"
    assert extract_answer(text) == "4"
    assert gold_answer(text) == "4"


def test_answers_of_lists_every_final_answer_section():
    from stepgrpo_rewards.answer import answers_of
    from stepgrpo_rewards.trace import parse_trace

    text = "### Step 1:\n2+2=4\n### The final answer is: 3\nsee above\n### The final answer is:\n\n 4 \nsince"
    assert answers_of(parse_trace(text)) == ["3", "4"]
    assert answers_of(parse_trace("<think>2+2=4</think><answer> 4 </answer>")) == ["4"]


# -- solution_text: the non-string values datasets hold -----------------------------------


def test_solution_text_keeps_strings_and_reads_plain_values():
    from stepgrpo_rewards import solution_text

    assert solution_text(" (B) ") == " (B) "  # strings untouched
    assert solution_text(12) == "12" and solution_text(12.5) == "12.5"
    assert solution_text(True) == "True"  # as str() writes it, as before
    assert solution_text(b"70\xc2\xb0") == "70°"
    assert solution_text([["B"]]) == "B" and solution_text(("x",)) == "x"
    assert solution_text([]) is None and solution_text(float("nan")) is None


def test_solution_text_reads_decimal_and_fraction_as_numbers():
    """Parquet decimal columns come back as Decimal; the core read them with str()
    before solution_text, and a Decimal or Fraction must not lose its gold answer."""
    from decimal import Decimal
    from fractions import Fraction

    from stepgrpo_rewards import score_trace, solution_text

    assert solution_text(Decimal("2.50")) == "2.50"
    assert solution_text(Fraction(1, 2)) == "1/2"
    assert solution_text(Decimal("NaN")) is None and solution_text(Decimal("-Infinity")) is None
    assert solution_text(Decimal("sNaN")) is None
    assert gold_answer(Decimal("2.5")) == "2.5"
    assert score_trace("### The final answer is: 2.5", Decimal("2.5")).answer_correct


def test_solution_text_pandas_missing_values_are_no_solution():
    pd = pytest.importorskip("pandas")
    from stepgrpo_rewards import solution_text

    for missing in (pd.NA, pd.NaT, [pd.NA]):
        assert solution_text(missing) is None
        assert gold_answer(missing) is None


def test_solution_text_numpy_values():
    np = pytest.importorskip("numpy")
    from stepgrpo_rewards import score_trace, solution_text

    assert solution_text(np.array("70")) == "70"  # 0-d array
    assert solution_text(np.array(1.5)) == "1.5"
    assert solution_text(np.array(float("nan"))) is None
    assert solution_text(np.int64(7)) == "7" and solution_text(np.bool_(True)) == "True"
    assert solution_text(np.array([["B"]], dtype=object)) == "B"
    with pytest.raises(UnreadableSolutionError):
        solution_text(np.array(["a", "b"]))
    # a narrow float is written as numpy writes it, not as its float64 widening:
    # float16(0.1) is 0.0999755859375, which "0.1" does not match within tolerance
    assert solution_text(np.float16(0.1)) == "0.1" and solution_text(np.float32(0.1)) == "0.1"
    assert solution_text(np.float32("nan")) is None
    assert score_trace("### The final answer is: 3.3", np.float16(3.3)).answer_correct


def test_solution_text_huge_int_is_unreadable_not_a_crash():
    """str() of an int over 4300 digits raises ValueError (Python 3.11+): that must be
    no gold answer, not an internal error that scores the whole completion 0."""
    from stepgrpo_rewards import score_trace, solution_text

    with pytest.raises(UnreadableSolutionError):
        solution_text(10**5000)
    assert gold_answer(10**5000) is None
    score = score_trace("### Step 1:\n1 + 1 = 2\n### The final answer is: 2", 10**5000)
    assert not any("internal_error" in p for p in score.problems)
    assert score.gold_answer is None and "no_gold_answer" in score.problems


def test_solution_text_deep_or_cyclic_nesting_is_unreadable():
    from stepgrpo_rewards import score_trace, solution_text

    deep: list = ["B"]
    for _ in range(5_000):
        deep = [deep]
    cyclic: list = []
    cyclic.append(cyclic)
    for value in (deep, cyclic):
        with pytest.raises(UnreadableSolutionError):
            solution_text(value)
        assert gold_answer(value) is None
        assert not any("internal_error" in p for p in score_trace("### The final answer is: B", value).problems)


# ----------------------------------------------------------------- boxes in context (issue 15)

BOXED_COMPLETIONS = [
    # (completion, gold): the last box alone would be right; its line says otherwise
    ("We try both.\nThe answer is \\boxed{B} or \\boxed{C}.", "C"),
    ("We check.\n\\boxed{15} is wrong", "15"),
    ("We check.\nMaybe \\boxed{12}", "12"),
    ("We check.\n\\boxed{12}?", "12"),
    ("Hmm.\n$\\boxed{12}$, $\\boxed{15}$", "15"),
    ("<think>a</think>\\boxed{12}\\boxed{15}", "15"),
]


@pytest.mark.parametrize(("completion", "gold"), BOXED_COMPLETIONS)
def test_the_line_of_the_last_box_is_read_with_it(completion, gold):
    from stepgrpo_rewards import score_trace

    assert score_trace(completion, solution=gold).answer_correct is False


def test_a_box_corrected_on_its_line_is_the_last_one():
    from stepgrpo_rewards import score_trace

    text = r"First \boxed{6}, corrected: \boxed{7}"
    assert score_trace(text, solution="7").answer_correct is True
    assert score_trace(text, solution="6").answer_correct is False
    assert score_trace("We add.\nSo the answer is $\\boxed{7}$.", solution="7").answer_correct is True


# ----------------------------------------------------------------- later lines (issue 15)

_MULBERRY = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\n3 * 4 = 12\n### The final answer is: "

LATER_LINES = [
    # (answer section after the header, gold): a later line commits to another answer
    ("12\nFinal answer: 15", "12"),
    ("12\nThe answer is 15", "12"),
    ("12\nAnswer: 15", "12"),
    ("12\n\\boxed{15}", "12"),
    ("12\n15", "12"),
    ("12\n\n**15**", "12"),
    ("12\n$15$", "12"),
    ("(A)\n(B)", "A"),
    ("A\nFinal answer: B", "A"),
    ("12\nBecause 3 * 4 = 12.\nFinal answer: 15", "12"),
    ("12\nfinal answer is 15", "12"),
]

LATER_LINES_KEPT = [
    ("12\nBecause 3 * 4 = 12.", "12"),
    ("12\nFinal answer: 12", "12"),
    ("12\n\\boxed{12}", "12"),
    ("12\n12", "12"),
    ("12 cm\nThe area is 3 * 4 = 12 cm.", "12"),
    ("B\nThe answer is (B).", "B"),
]


@pytest.mark.parametrize(("section", "gold"), LATER_LINES)
def test_every_answer_of_the_section_must_agree(section, gold):
    from stepgrpo_rewards import score_trace

    assert score_trace(_MULBERRY + section, solution=gold).answer_correct is False
    assert score_trace("We multiply.\nFinal answer: " + section, solution=gold).answer_correct is False


@pytest.mark.parametrize(("section", "gold"), LATER_LINES_KEPT)
def test_later_lines_that_agree_or_justify_keep_the_answer(section, gold):
    from stepgrpo_rewards import score_trace

    assert score_trace(_MULBERRY + section, solution=gold).answer_correct is True
    assert score_trace("We multiply.\nFinal answer: " + section, solution=gold).answer_correct is True


# ------------------------------------------------- worked reference solutions (issue 15)

WORKED_SOLUTIONS = [
    ("Step 1: 2+3=5\nThe answer is 5", "5"),
    ("Step 1: 2+3=5\nStep 2: 5*2=10\nFinal answer: 10", "10"),
    ("We add 2 and 3.\nSo the final answer is 5.", "5"),  # (the closing period dropped)
    ("2+3=5, so the answer is 5", "5"),
    ("Solution: 2+3 = 5.\nAnswer: 5", "5"),
    ("Step 1: add them.\n\\boxed{5}", "5"),
    ("First 2+3 = 5, then \\boxed{10}", "10"),
    ("<think>2+3=5</think><answer>5</answer>", "5"),
    ("**Solution.** The sum is 5.\n**Answer:** (B)", "(B)"),
    # answers that are not worked solutions are still the gold whole
    ("Yes, the bar is taller", "Yes, the bar is taller"),
    ("The area is 12 cm².", "The area is 12 cm²."),
    ("x = 5", "x = 5"),
    ("\\begin{pmatrix}\n1 & 2 \\\\\n3 & 4\n\\end{pmatrix}", "\\begin{pmatrix}\n1 & 2 \\\\\n3 & 4\n\\end{pmatrix}"),
    ("12\n", "12"),
]


@pytest.mark.parametrize(("solution", "gold"), WORKED_SOLUTIONS)
def test_the_gold_of_a_worked_solution_is_read_as_a_completions_answer(solution, gold):
    assert gold_answer(solution) == gold


UNREADABLE_SOLUTIONS = [
    "Step 1: 2+3=5\nStep 2: 5*2=10",
    "We add 2 and 3.\nThus we get five.",
    "### Step 1:\n2 + 2 = 4",
    "<think>2 + 2 = 4</think>",
    "We add the two numbers and then multiply the sum by two, which gives the value that "
    "the question asks for once the units are converted from centimetres to metres as the "
    "figure shows, and that is all there is to it in the end",
]


@pytest.mark.parametrize("solution", UNREADABLE_SOLUTIONS)
def test_a_worked_solution_with_no_answer_is_a_problem_not_the_gold(solution):
    from stepgrpo_rewards import score_trace

    assert gold_answer(solution) is None
    score = score_trace("### The final answer is: 10", solution=solution)
    assert score.gold_answer is None and not score.answer_correct
    assert [p.split(":")[0] for p in score.problems][:1] == ["unreadable_solution"]
    # a completion that copies the solution is not correct either
    assert not score_trace(f"### The final answer is: {solution}", solution=solution).answer_correct


def test_a_worked_solution_gives_the_answer_a_completion_must_match():
    from stepgrpo_rewards import score_trace

    solution = "Step 1: 2+3=5\nThe answer is 5"
    assert score_trace("<think>2+3=5</think><answer>5</answer>", solution=solution).answer_correct
    assert not score_trace("<think>2+3=6</think><answer>6</answer>", solution=solution).answer_correct
    # the whole solution pasted as the answer commits to more than the gold
    assert not score_trace(f"<answer>{solution}</answer>", solution="Step 1: 2+3=5\nThe answer is 6").answer_correct
