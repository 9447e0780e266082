"""Answers of several parts, relations written another way, and the answer spellings
that Math-Verify's own tests expect a verifier to read (issue 15); our own examples.
Each rule has the hacks a policy would try beside it: listing more values, hedging
with "or", a set where one value is asked, a relation turned the wrong way."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import answers_equivalent, score_trace
from stepgrpo_rewards.compound import compound_verdict, matrix_verdict
from stepgrpo_rewards.mathtext.relations import same_relation, split_relation


@pytest.mark.parametrize("pred, gold", [
    ("(3, 4), (4, 3)", "(4,3),(3,4)"),                       # a set of solutions, any order
    (r"\boxed{(3, 4)}, \boxed{(4, 3)}", "(4,3),(3,4)"),       # several boxes, one answer
    (r"$$\boxed{(3, 4)} \quad \text{and} \quad \boxed{(4, 3)}$$", "(4, 3), (3, 4)"),
    (r"(4,3),\ (3,4)", "(3,4)or(4,3)"),                     # a gold that says "or"
    ("(1;0;2),(0;1;2)", "(0, 1, 2), (1, 0, 2)"),             # semicolons inside tuples
    (r"\{-3, -1, 2\}", "-1; 2; -3"),                         # a gold list with semicolons is a set
    ("2, 5", r"\(5\) and \(2\)."),                            # "and" in the gold: a set
    ("9, 7", r"y = 9,\ z = 7"),                              # named gold parts, values given in order
    ("b_{2} = 6, \\quad b_1 = 4", "b_1 = 4, b_{2} = 6"),     # named parts pair by name
    ("q = 2, q = \\frac{7}{3}", r"q = 2 \text{ and } q = \dfrac{7}{3}"),
    ("-6, -2, 5", "c = 5, -2, -6"),                          # one name, several values
    (r"(u, v) = (2, 9) \quad \text{and} \quad (9, 2)", "(2, 9), (9, 2)"),
    (r"\{-7, 7\}", r"\pm 7"),                                # plus-minus is two values
    (r"(1,5) \cup (5,40)", r"(1, 5) \cup (5, 40)"),          # a union of intervals
    (r"t \in [-1,4]", "[-1, 4]"),                            # membership names the set
    ("(-5, 8)", "-5 < b < 8"),                               # a gold chain is an interval
])
def test_compound_answers_are_read(pred: str, gold: str) -> None:
    assert answers_equivalent(pred, gold)


@pytest.mark.parametrize("pred, gold", [
    ("(3, 4), (4, 3), (5, 5)", "(4,3),(3,4)"),               # one solution too many
    ("(3, 4), (3, 4)", "(4,3),(3,4)"),                       # one solution twice, one missing
    ("(3, 4) or (4, 3)", "(4,3),(3,4)"),                     # "or" offers; the gold lists
    ("2 or 5", "5 and 2"),
    ("2 and 5 and 7", r"\{2, 5\}"),
    ("2", r"\pm 2"),                                         # one of the two values
    ("3, 9", r"y = 9,\ z = 7"),
    ("b_1 = 6, b_{2} = 4", "b_1 = 4, b_{2} = 6"),            # names swapped
    ("c = 5", "c = 5, -2, -6"),                              # one value of several
    ("5, 6", "x = 5"),                                       # a list where one value is asked
    ("x = 5, x = 6", "x = 5"),
    ("x = 5 and x = 6", "x = 5"),
    ("(5, 6)", "(5, 6), (6, 5)"),
    (r"t \in [-1,5]", "[-1, 4]"),
    ("[-5, 8]", "-5 < b < 8"),                               # closed against open
    ("-5 < b < 8", r"b \in (-5, 8)"),                        # a chain for a gold set, as Math-Verify
    ("1,000, 2", "1, 0, 2"),                                 # a thousands comma groups digits
    ("9, 7", r"z = 7,\ y = 9"),                               # unnamed values take the gold's names in order
])
def test_compound_hedges_and_other_answers_stay_wrong(pred: str, gold: str) -> None:
    assert not answers_equivalent(pred, gold)


def test_plain_lists_keep_their_order() -> None:
    assert answers_equivalent("2, 3", "2, 3")
    assert not answers_equivalent("3, 2", "2, 3")  # the gold is an ordered list: the compound rule abstains
    assert compound_verdict("3, 2", "2, 3", lambda a, b: a == b) is None


def test_compound_comparisons_are_bounded() -> None:
    many = ", ".join(f"({i}, {i + 1})" for i in range(40))
    assert compound_verdict(many, many.replace(" ", ""), lambda a, b: a == b) is None  # too many parts
    calls = []
    gold = ", ".join(f"({i}, 0)" for i in range(12))
    pred = ", ".join(f"({i}, 1)" for i in range(12))
    compound_verdict(pred, gold, lambda a, b: calls.append(1) or False)
    assert len(calls) <= 64


@pytest.mark.parametrize("pred, gold, same", [
    (r"\begin{bmatrix}2&0\\0&2\end{bmatrix}", r"\begin{pmatrix}2 & 0 \\ 0 & 2\end{pmatrix}", True),
    (r"\left[\begin{array}{cc}2&0\\0&2\end{array}\right]", r"\begin{pmatrix}2&0\\0&2\end{pmatrix}", True),
    (r"\begin{pmatrix}\frac{1}{4}&1\end{pmatrix}", r"\begin{pmatrix}0.25&1\end{pmatrix}", True),
    (r"\begin{pmatrix}2&0\\2&0\end{pmatrix}", r"\begin{pmatrix}2&0\\0&2\end{pmatrix}", False),
    (r"\begin{pmatrix}2&0&0\\0&2&0\end{pmatrix}", r"\begin{pmatrix}2&0\\0&2\end{pmatrix}", False),
    (r"\begin{vmatrix}2&0\\0&2\end{vmatrix}", r"\begin{pmatrix}2&0\\0&2\end{pmatrix}", False),  # a determinant
    (r"\begin{pmatrix}2 \text{ or } 3&0\\0&2\end{pmatrix}", r"\begin{pmatrix}2&0\\0&2\end{pmatrix}", False),
])
def test_matrices_compare_entry_by_entry(pred: str, gold: str, same: bool) -> None:
    assert answers_equivalent(pred, gold) is same
    if "vmatrix" not in pred:
        assert matrix_verdict(pred, gold, lambda a, b: answers_equivalent(a, b)) is same


@pytest.mark.parametrize("pred, gold", [
    ("-y < -4", "y > 4"), (r"-2y \geq -8", r"y \le 4"), ("3x = 21", "x = 7"),
    ("6a - 3b + 9 = 0", "b = 2a + 3"), ("a^2/9 + b^2/4 = 1/2", "2a^2/9 + b^2/2 = 1"),
    (r"$t \gt 1$", "t > 1"), (r"$t \lt 1$", "t < 1"), (r"t \neq 2", "t != 2"),
])
def test_one_relation_in_another_form(pred: str, gold: str) -> None:
    assert answers_equivalent(pred, gold)


@pytest.mark.parametrize("pred, gold", [
    ("-y > -4", "y > 4"),        # multiplied by -1 without turning the sign
    (r"y \ge 4", "y > 4"),
    ("3x = 20", "x = 7"),
    ("y^2 = 16", "y = 4"),       # not proportional: more solutions
    ("0 = 0", "y = 4"), ("y - 4 = y - 4", "y = 4"),
    ("y = 2x", "y/x = 2"),       # a ratio that depends on x
])
def test_other_relations_stay_wrong(pred: str, gold: str) -> None:
    assert not answers_equivalent(pred, gold)


def test_relation_helpers() -> None:
    assert split_relation("2x + 1 = 5") == ("2x + 1", "=", "5")
    assert split_relation("1 < x < 2") is None and split_relation("x + 1") is None
    assert same_relation("y = 3", "y = 4") is None  # only proves equality


@pytest.mark.parametrize("pred, gold", [
    ("So we get $y \\leq 4$.", "y <= 4"),
    ("The matrix is $\\begin{pmatrix}1 & 0 \\\\ 0 & 1\\end{pmatrix}$.", r"\begin{bmatrix}1&0\\0&1\end{bmatrix}"),
    ("The final answer is $\\frac{3}{4}$. I hope it is correct.", "0.75"),
    ("Final Answer: The final answer is $(2, 9)$. I hope it is correct.", "(2,9)"),
    ("The answer is $42$.<|im_end|>", "42"),
    (r"\\frac{3}{4}", "0.75"),                                 # escaped twice
    (r"\\left( 1, \\frac{1}{2} \\right)", "(1, 0.5)"),
])
def test_answer_spellings_are_read(pred: str, gold: str) -> None:
    assert answers_equivalent(pred, gold)


@pytest.mark.parametrize("pred", [
    "It is not $y \\leq 4$.", "Maybe $y \\leq 4$.", "So $y \\leq 4$ or $y \\geq 5$.", "$y \\leq 4$? Let me check.",
    "So $y \\leq 4$, which is wrong.", "At least $y \\leq 4$ holds, and $y = 2$.",
])
def test_a_math_span_read_from_a_sentence_keeps_its_context(pred: str) -> None:
    assert not answers_equivalent(pred, "y <= 4")


@pytest.mark.parametrize("pred", ["$15$. I hope it is correct. 12", "15<|im_start|>user 12", "$12$ million",
                                  "$12$x", "The answer is $12$. Wait, no.", "12 <| wait, that is wrong",
                                  "It's $12$; no, actually"])
def test_template_endings_hide_nothing(pred: str) -> None:
    assert not answers_equivalent(pred, "12")


def test_boxes_beside_a_modulus_are_no_plus_minus() -> None:
    completion = r"So $2^{10} \equiv \boxed{1} \pmod{11}$."
    assert score_trace(completion, solution="1").answer_correct
    assert not answers_equivalent(r"\pm 1", "1")
