"""Red-team of the answer verifier (2026-12-08), issue 15's classes 4, 5 and 7: a bound
read as the value, a unit the reader could not see, and a range or a conjunction of
option letters.

Each false positive was scored right for its gold by `answers_equivalent` and in every
wrapping (`traces.rewarded`: alone, a Mulberry answer line, a "Final answer:" line, a
box, an R1 answer tag). The rules fixed are classes, so each test holds the filed rows
and more of their kind (other spellings, positions, wrappers, LaTeX, markdown); the
honest answers beside them must keep their credit.
"""

from __future__ import annotations

import time

import pytest
from traces import rewarded, right_everywhere

from stepgrpo_rewards import answers_equivalent
from stepgrpo_rewards.config import DEFAULT_CONFIG
from stepgrpo_rewards.units import read_quantity, units_verdict

OPTIONS_Q = "Which value is right?\n(A) 12\n(B) 15\n(C) 18\n(D) 20"

# ------------------------------------------------------------------- class 4: bounds

BOUNDS = [
    # the rows as filed
    r"x \textgreater 12", r"x \textless{} 12", "x \u203a 12", "capped at 12", "minimally 12", "lower bound 12",
    "12 (maximum)", "12 (min)", "12, tops", "12 at best", "at best 12",
    # LaTeX names of the relations
    r"x \textgreater{} 12", r"x \textless 12", r"x \geqq 12", r"x \leqq 12", r"x \leqslant 12", r"x \geqslant 12",
    r"x \lesssim 12", r"x \gtrsim 12", r"x \le 12", r"x \ge 12", r"$x \textgreater 12$", r"\(x \textless 12\)",
    # the marks, and angle quotation marks used as < and >
    "x ≤ 12", "x ≥ 12", "x ⩽ 12", "x ⩾ 12", "x ≲ 12", "x ≳ 12", "x \u2039 12", "x » 12", "x « 12", "\u203a 12",
    "12 \u2039 x", "12 › y",
    # words before the value
    "caps at 12", "capped by 12", "a cap of 12", "tops out at 12", "maxes out at 12", "a ceiling of 12",
    "a floor of 12", "ceiling at 12", "limited to 12", "maximally 12", "at worst 12", "at the best 12",
    "lower limit 12", "upper bound 12", "upper limit 12", "lower bounds 12", "best case 12", "worst-case 12",
    "within 12", "upto 12", "up to 12", "no more than 12", "no fewer than 12", "at most 12", "at least 12",
    "upwards of 12", "under 12", "over 12", "above 12", "below 12",
    # words after the value, bare or marked off, in any wrapping
    "12 (max)", "12 (max.)", "12, max", "12 — maximum", "12 – max", "12 [min]", "12 (minimum)", "12, minimum",
    "12 (tops)", "12 (plus)", "12 (upper bound)", "12, lower limit", "12 (lower limit)", "12 (bound)", "12 (a maximum)",
    "12 (cap)", "12 (capped)", "12 (at best)", "12 (best case)", "12, worst case", "12 at worst",
    "12 maximally", "12 *max*", "12 **(max)**", "12 _max_", "12 (MAX)", "12 (Maximum).", "12, tops.",
    "x = 12 (max)", "12 cm (max)", "12 apples (max)", "12 apples tops", "12 cm max", "12 cm, min",
    "12 or more", "12 or fewer", "12 and up", "12 onwards", "12 (tops!)", "12 (maximum possible)", "$12$ (max)",
    r"\(12\) (max)", r"\boxed{12} (maximum)", "**12** (max)", "twelve (max)", "12 people maximum", "12 [max.]",
    "12 {max}", "x =< 12", "x => 12", "12 (≤)", "12 - upper bound", "12 (maximal)", "12 (at maximum)",
]


@pytest.mark.parametrize("answer", BOUNDS)
def test_a_bound_is_not_the_value(answer: str) -> None:
    assert not rewarded(answer, "12")


@pytest.mark.parametrize("answer", ["12 (maximum)", "12 max", "12 is the maximum", "12 (max)", "12, maximum",
                                    "12 cm (max)", "12 maximum", "12 (the maximum)", "$12$ (max)",
                                    "12 (maximum possible)"])
def test_the_maximum_named_for_a_question_that_asks_for_it_is_the_value(answer: str) -> None:
    question = "What is the maximum area of the rectangle?"
    assert right_everywhere(answer, "12", question)
    assert right_everywhere(answer, "12", "What is the largest possible value of n?")


@pytest.mark.parametrize(("answer", "question"), [
    ("12 (min)", "What is the maximum area?"),  # another extreme than the one asked
    ("12 (minimum)", "What is the greatest value?"),
    ("12 (maximum)", "What is the area?"),  # no extreme asked
    ("12 tops", "What is the maximum area?"),  # a cap, not a name
    ("at most 12", "What is the maximum area?"),
    ("12 (at best)", "What is the best score?"),
    ("12 (best case)", "What is the worst-case number of steps?"),
])
def test_a_bound_stays_a_bound_for_a_question_that_asks_for_another_thing(answer: str, question: str) -> None:
    assert not rewarded(answer, "12", question)


@pytest.mark.parametrize(("answer", "question"), [
    ("12 (minimum)", "What is the minimum number of moves?"), ("12, min", "Find the smallest n."),
    ("12 (worst case)", "How many comparisons are made in the worst case?"),
    ("12 (best case)", "What is the best-case running time?"),
    ("In the worst case, 12", "How many comparisons are made in the worst case?"),
    ("worst-case 12", "What is the worst-case number of steps?"),
])
def test_other_extremes_named_for_their_question(answer: str, question: str) -> None:
    assert right_everywhere(answer, "12", question)


@pytest.mark.parametrize(("answer", "gold"), [
    ("12", "12"), ("12.0", "12"), ("12 (twelve)", "12"), ("The maximum is 12", "12"), ("Maximum: 12", "12"),
    ("The upper bound is 12", "12"), ("12 (the maximum area)", "12"), ("12 (the minimum)", "12"),
    ("12 (the maximum)", "12"), ("12 min", "12"), ("12 mins", "12"),
    ("12 min", "12 min"), ("«12»", "12"), ("\u203912\u203a", "12"), ("x ≥ 12", "x ≥ 12"), ("12 (floor)", "12"),
    ("12 (ceiling)", "12"), ("12 (limit)", "12"), ("12 is the limit", "12"), ("12 cm", "12"), (r"x \geq 12", r"[12, \infty)"),
])
def test_honest_values_beside_bound_words_keep_credit(answer: str, gold: str) -> None:
    assert right_everywhere(answer, gold)


def test_the_same_bound_in_the_gold_is_the_same_answer() -> None:
    assert answers_equivalent("at most 12", "at most 12") and answers_equivalent("12 (max)", "12 (max)")


# ------------------------------------------------------------------- class 5: units

HIDDEN_UNITS = [
    # the rows as filed (gold 12 m)
    r"12 \mathsf{cm}", r"12\,\texttt{cm}", r"12 \textit{cm}", r"12 \emph{cm}", r"12 \hbox{cm}", r"12 \textup{cm}",
    "12 *cm*", "12 _cm_", "12 `cm`", "12, in cm", "12 — in cm", "12 (units: cm)", "12; units: cm",
    # other font and box commands, switches, colour
    r"12 \textsf{cm}", r"12 \textsl{cm}", r"12 \textsc{cm}", r"12 \mathtt{cm}", r"12 \mathnormal{cm}",
    r"12 \boldsymbol{cm}", r"12 \bm{cm}", r"12 \mbox{cm}", r"12 \fbox{cm}", r"12 \underline{cm}",
    r"12 \operatorname{cm}", r"12 \textcolor{red}{cm}", r"12\,{\rm cm}", r"12 {\it cm}", r"12 \rm cm",
    r"12\ \mathsf{km}", r"$12 \mathsf{cm}$",
    # markdown
    "12 ***cm***", "12 __cm__", "12 **cm**", "12 *mm*", "12 `mm`",
    # a unit named in words
    "12 (in cm)", "12, in mm", "12 - in cm", "12 (units: mm)", "12 (unit: cm)", "12; unit = cm", "12 (in units of cm)",
    "12, measured in cm", "12 (expressed in km)", "12 in cm", "12 [in cm]", "12 (in centimetres)", "12, in feet",
    # other dimensions
    "12 s", "12 kg", "12 cm^2", r"12 \mathsf{s}", "12 *kg*", "12 (in seconds)",
    # nested commands, non-breaking spaces, braces, quotes, angle brackets, a subscript
    r"12 \mathrm{\mathsf{cm}}", r"12 \text{\textit{cm}}", r"12 \textbf{\emph{cm}}", "12 ~cm~", "12 {cm}", "12 “cm”",
    "12 'cm'", '12 "cm"', "12 <cm>", "12_{cm}", "12 (in: cm)", r"12 \; \texttt{cm}", r"12 {\sf cm}", "12 cm⁻¹",
]


@pytest.mark.parametrize("answer", HIDDEN_UNITS)
def test_a_unit_in_any_spelling_is_checked(answer: str) -> None:
    assert not rewarded(answer, "12 m")


@pytest.mark.parametrize(("answer", "gold"), [
    ("12/cm", "12 cm"), ("12/s", "12 s"), ("12 / cm", "12 cm"), ("12/m", "12 m"), ("12 cm^{-1}", "12 cm"),
    ("12 per cm", "12 cm"), ("12 1/cm", "12 cm"), ("12/s", "12 m/s"), ('12"', "12 cm"), ("12″", "12 cm"),
    ("12''", "12 m"),
])
def test_a_reciprocal_or_an_inch_mark_is_another_unit(answer: str, gold: str) -> None:
    assert not rewarded(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [
    ("12 m", "1200 cm"), ("1200 cm", "12 m"), ("12 cm", "12"), ("12", "12 m"), ("12/cm", "12"), ("12 (twelve)", "12"),
    (r"12 \mathsf{m}", "12 m"), ("12 *m*", "12 m"), ("12 _m_", "12 m"), ("12 `m`", "12 m"), ("12, in m", "12 m"),
    ("12 (in m)", "12 m"), ("12 (units: m)", "12 m"), ("12 in m", "12 m"), (r"12 \textcolor{red}{m}", "12 m"),
    (r"{12}\,{\rm m}", "12 m"), ("12 (measured in m)", "12 m"), (r"1200 \texttt{cm}", "12 m"),
    ("1200, in cm", "12 m"), ("12 (in cm)", "12 cm"), ("12/cm", "12 cm^{-1}"), ("12 cm^{-1}", "12/cm"),
    ("12/s", "12 Hz"), ('12"', "12 in"), ("12″", "12 inches"), ("12''", "12 in"), ('12"', "12"),
    ("12, in total", "12 m"), ("12 in total", "12"), ("12 m, in the figure", "12 m"), ("12 metres, in total", "12 m"),
    ("12 m/s", "12 m/s"), ("12 m s^{-1}", "12 m/s"), ("12 in", "12 in"), ("12 square units", "12 square units"),
    ("12~m", "12 m"), ("12 {m}", "12 m"), ("12 “m”", "12 m"), ("12 'm'", "12 m"), (r"12 {\rm m}", "12 m"),
    ("12 units of length", "12 units"), ("3 in each box", "3"), ("12 in.", "12 in"), ("12 caps", "12 caps"),
])
def test_honest_units_keep_credit(answer: str, gold: str) -> None:
    assert right_everywhere(answer, gold)


@pytest.mark.parametrize("tail", [" mm", " (min)", r" \mathsf{cm}", " *cm*", ", in cm", " (units: cm)", "/cm", '"', " (cm)"])
def test_a_unit_after_a_box_or_math_in_any_spelling_is_checked(tail: str) -> None:
    assert not answers_equivalent("\\boxed{12}" + tail, "12 m")
    assert not answers_equivalent("$12$" + tail, "12 m")


@pytest.mark.parametrize("tail", [" m", " (m)", ", in m", r" \mathsf{m}", " *m*"])
def test_the_same_unit_after_a_box_keeps_credit(tail: str) -> None:
    assert answers_equivalent("\\boxed{12}" + tail, "12 m")


def test_the_units_read() -> None:
    assert read_quantity("12/cm").dimensions == (("length", -1),)
    assert read_quantity(r"12 \mathsf{cm}").dimensions == (("length", 1),)
    assert read_quantity("12, in cm").size == read_quantity("12 cm").size
    assert read_quantity('12"').size == read_quantity("12 in").size
    assert units_verdict("12 (units: cm)", "12 m", DEFAULT_CONFIG) is False
    # "in" before a word that is no unit names none: "12, in the box" reads no unit
    assert read_quantity("12, in the box") is None


# ------------------------------------------------------------------- class 7: options

SEVERAL_OPTIONS = [
    # the rows as filed
    "A ... D", "(A)...(D)", "(A)–(C)", "A as well as B", "A, as well as B",
    # ranges in other spellings
    "A..D", "A…D", "(A)…(D)", "A. … D", "(A) through (D)", "(A) thru (D)", "(A) to (D)", "A) to D)", "(A)-(D)",
    "(A) — (D)", "(A) → (D)", "(A) ~ (D)", "(A) ⋯ (C)", "A-D", "A–D", "A-C", "A to D", "A through D", "A thru D",
    "A—D", "A~D", "(A)至(D)",
    # conjunctions
    "(A) as well as (B)", "A. as well as B", "A as well", "(A) along with (B)", "(A) together with (B)",
    "(A) plus (B)", "(A) and also (B)", "A) and also D)", "(A), also (B)", "(A) & (B)", "(A) + (B)", "(A) with (B)",
    "A along with B", "A together with B", "A plus B", "A and also B", "A & B", "A + B", "A and/or B", "A, plus B",
    "**A** as well as **B**", "(A), as well as (C)",
    # other joining words, in any language, before a second mark in brackets
    "(A) und (B)", "(A) et (B)", "(A) y (B)", "(A) и (B)", "(A) sowie (B)", "(A) (also B)", "(A) [or B]",
    "(A) in addition to (B)", "(A) besides (B)", "(A)‥(D)", "(A) -> (D)", "(A) => (D)", "(A) as also (B)",
    "(A) including (B)", "(A) or else (B)",
]


@pytest.mark.parametrize("answer", SEVERAL_OPTIONS)
def test_several_options_are_no_choice(answer: str) -> None:
    assert not rewarded(answer, "A")
    assert not rewarded(answer, "A", OPTIONS_Q)


@pytest.mark.parametrize("answer", ["A", "(A)", "A.", "A)", "(A) 12", "A. 12", "Option A", "A, because B is small",
                                    "(A) since (B) is too small", "A as it is largest", "(A), as B is too small",
                                    "**A**", "The answer is (A).", "(A), not (B)", "(A) rather than (B)",
                                    "(A) is better than (B)", "(A) (see B)", "(A) (since B is too small)"])
def test_one_option_keeps_credit(answer: str) -> None:
    assert right_everywhere(answer, "A")
    assert right_everywhere(answer, "A", OPTIONS_Q)


def test_an_option_text_with_a_range_in_it_is_one_option() -> None:
    assert answers_equivalent("(A) 3 - a", "A") and answers_equivalent("(A) 2 + b", "A")
    for text in ["(A) P(A|B)", "(A) ∠B", "(A) the angle at B", "(A) angle B"]:
        assert answers_equivalent(text, "A"), text
    question = "Which segment is longest?\n(A) A-B\n(B) B-C\n(C) C-D"
    assert right_everywhere("(A) A-B", "A", question)
    assert answers_equivalent("(A) A-B", "A", question=question)


# ------------------------------------------------------------------- bounded work

@pytest.mark.parametrize("text", [
    "1" * 1900 + " (max)", "12" + " cm" * 600, "12, in " + "c" * 1900, "(A)" + "." * 1900 + "(D)",
    "12 " + "*cm*" * 400, "12" + " \\rm" * 400, "1 " * 900 + "tops", "1" + " \t" * 990 + "(x", "1" + " " * 1990 + "max x",
    "(A)" + " (" * 990 + "x", "(A) (" + "ab " * 600 + "Bx", "12" + "$" * 1900 + " max", "worst" + " " * 1900 + "case 12",
])
def test_the_new_readers_are_bounded(text: str) -> None:
    start = time.perf_counter()
    answers_equivalent(text, "12 m", question="What is the maximum?")
    answers_equivalent(text, "A", question=OPTIONS_Q)
    assert time.perf_counter() - start < 1.0
