"""Red-team of issue 15's open answer row 'box/outside text': a reason or a remark after a
box that goes on past a line break.

A box is read with the rest of its line; the lines after it are later lines, read for
another answer or a doubt. A reason that takes the value back was read only up to the
break: "\\boxed{12} since the real one" / "is unknown" kept the box, and so did "since
3*4 = 12." / "Just kidding.". Now a reason after the box reads the rest of its paragraph
(blank lines inside an open sentence, quotes, bullets, emphasis, tags and text commands
at the line starts do not end it), a reason that opens the next line is the box's, a
sentence begun after a mark on the box's line goes on in lower case below it, and a
jest on any later line takes the answer back. Each case is tried as the last box of a
trace, in a "The answer is $\\boxed{}$" line, in a Mulberry final-answer section, in an
R1 answer tag and as an answer alone.
"""

from __future__ import annotations

import time

import pytest
from test_redteam_open import OPEN_FINDINGS

from stepgrpo_rewards import RewardConfig, answers_equivalent, extract_answer, score_trace

_MULBERRY = ("### Image Description:\nd\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 3*4 = 12\n"
             "### The final answer is: ")
_R1 = "<think>\nStep 1: 3*4 = 12.\n</think>\n"


def verdicts(tail: str, gold: str = "12") -> dict[str, bool]:
    """Whether ``\\boxed{12}`` + *tail* earns credit in each wrapping."""
    return {
        "alone": answers_equivalent("\\boxed{12}" + tail, gold),
        "trace": score_trace("We compute.\n\\boxed{12}" + tail, gold).answer_correct,
        "answer line": score_trace("We compute.\nThe answer is $\\boxed{12}$" + tail, gold).answer_correct,
        "mulberry": score_trace(_MULBERRY + "\\boxed{12}" + tail, gold, config=RewardConfig(layout="mulberry")).answer_correct,
        "r1": score_trace(_R1 + "<answer>\\boxed{12}" + tail + "</answer>", gold, config=RewardConfig(layout="r1")).answer_correct,
    }


# ------------------------------------------------------------ a reason or remark that goes on past a break

TAKEN_BACK_BELOW = [
    # the row, as filed, and its class
    " since the real one\nis unknown", " since 3*4 = 12.\nJust kidding.", " because\nI like it", " since\nI made it up",
    " since the answer\nis a guess", " since the true value\ncannot be determined.", " because my friend\ntold me so",
    " since I'm not\nsure", " because it is\njust a guess", " since\nthe real one\nis\nunknown", " since the real one\nis\nunknown.",
    # a sentence begun after the box that goes on below
    ". The real\none is unknown.", ". We\nmade it up.", ". The real\n\none is unknown.",
    # a later sentence of the reason's paragraph
    " since 3*4 = 12.\nThe real one is unknown.", " since 3*4 = 12.\nI made it up, though.",
    " since 3*4 = 12.\nBut honestly, who knows.", " since 3*4 = 12\nOr not.", " since 3*4 = 12.\nI hope it helps; I made it up",
    # a reason that opens the next line, blank lines or not
    "\nbecause the real one is unknown", "\n\nsince I like it", ".\nBecause the real one is unknown.", "\nBecause I guessed.",
    # blank lines inside the sentence, and a jest after them
    " since the real one\n\n\nis unknown", " since 3*4 = 12.\n\nJust kidding.", " since 3*4 = 12.\n\n\nJust kidding.",
    " since the real one\n\nIs unknown", " since the real one\n\n\n\nIS UNKNOWN.",
    "\nlol", "\n\njk", "\nJust kidding.",
    # wrappers: markdown, quotes, bullets, \text, math, parentheses, other breaks
    " **since** the real one\n**is unknown**", " since the real one\n> is unknown", " since the real one\n- is unknown",
    " since the real one\n*is unknown*", " \\text{since the real one\nis unknown}", " (since the real one\nis unknown)",
    " (because I\nlike it)", ", because 3*4 = 12 (I\nguessed)", " $\\text{ since the real one}$\n$\\text{is unknown}$",
    " since the real one\t\n\tis unknown", " since the real one\r\nis unknown", " since the real one\r\n\r\nis unknown",
    " since the real one\u2028is unknown", " since the real one\ris unknown",
    " since the real one\n\\textit{is unknown}", " since the real one\n<br>is unknown", " since the real one\n  \nis unknown",
    " since the real one\nIs unknown", " since the real one\n# is unknown", ", since\n honestly\n nobody\n knows",
    " (since 3*4 = 12)\nJust kidding.", " since 3 x 4 = 12\n(or so I was told)", "\n(because I like it)",
    "\n— because I like it", "\n1. because I like it", " since the real one\nis unknown\n### Step 2:\nx",
    # lookalike, full-width and invisible letters
    " since the real one\nіs unknоwn", "\nВесause I like it.", " since the real one\nＩＳ unknown",
    " since 3*4 = 12.\nＪｕｓｔ ｋｉｄｄｉｎｇ.", "\nＪｕｓｔ ｋｉｄｄｉｎｇ.", " since the real one\n\u200bis unknown",
    "\n\u200bbecause I like it", "\n\n\u200bjk",
]


@pytest.mark.parametrize("tail", TAKEN_BACK_BELOW)
def test_a_reason_or_remark_past_a_line_break_voids_the_box(tail: str) -> None:
    assert not any(verdicts(tail).values()), (tail, verdicts(tail))


HONEST_BELOW = [
    # the justifications of the row's class, on later lines
    "\nbecause 3*4 = 12.", "\nThis is the area in square cm.", " because 3*4\n= 12", " because 3 rows\nof 4 make 12.",
    " since the area\nis 3 times 4.", ".\nBecause 3*4 = 12.", "\nsince 3 x 4 = 12", "\n\nbecause each of the 3 rows holds 4.",
    " since the unknown side\nis 12.", " because the true length\nis 3 times 4", " because\n3 \\times 4 = 12",
    " since the other root\nis negative.", " because the length\nis known.", " since the points\nlie on a circle.",
    " because 3 + 9 = 12\nand 9 = 3^2.", " since x is unknown\nand we solve for it.", " since no one\nsits in seat 3.",
    " because the die\nis fair.", " since I computed\n3 x 4 = 12.", " (since 3*4\n= 12)",
    # later lines that say nothing against it
    " since 3*4 = 12.\nWe can verify: 3*4 = 12.", ".\nAs a check, 12/4 = 3.", ".\n\nGiven the figure, the sides are 3 and 4.",
    "\nIn words: twelve.", " since 3*4 = 12.\nx = 3, y = 4", " square\nunits", ".\nI hope it is correct.",
    # sign-offs after a reason, and a later paragraph
    " since 3*4 = 12.\nI hope it is correct.", " since 3*4 = 12.\nI hope this helps!", " since 3*4 = 12.\nI think that is all.",
    " since 3*4 = 12.\n\nHope this helps!", " since 3*4 = 12.\n\nI hope this helps!",
    " since the sides are equal\n\nTherefore the area is 12.", " since the sides are equal\n\nI hope this helps!",
    " cm\n\nWe are done.",
    " since 3*4 = 12.\nLet me know if you have questions.", " since 3*4 = 12\nI hope it is correct",
    ". We used\nthe formula A = lw.",
    # a reason on the next line behind a list mark, a dash or a parenthesis
    "\n(because 3*4 = 12)", "\n— because 3 rows of 4 make 12", " since the real\nanswer must be an integer",
]


@pytest.mark.parametrize("tail", HONEST_BELOW)
def test_a_justification_on_later_lines_keeps_the_box(tail: str) -> None:
    assert all(verdicts(tail).values()), (tail, verdicts(tail))


LATER_LINES_IN_LOWER_CASE = [
    "\nwhere we used A = lw.", "\nso the area is 12.", "\nthus we are done.", "\nwe used the formula A = lw.",
    "\nhere 3 and 4 are the sides.", "\nmeaning the area is 12 square units.", "\nand this is the area.",
    "\nhence the answer.", " cm\nso the area is 12.", " square units\nwhere we used A = lw.", "\nfor the whole figure",
]


@pytest.mark.parametrize("tail", LATER_LINES_IN_LOWER_CASE)
def test_a_later_line_in_lower_case_after_the_box_or_its_unit_is_a_later_line(tail: str) -> None:
    # only a clause begun after a mark on the box's line goes on in lower case below it;
    # after the box or its unit, such a line is read as a later line, as before (the
    # equivalence of a whole answer of several lines reads it more strictly)
    assert all(v for way, v in verdicts(tail).items() if way != "alone"), (tail, verdicts(tail))


def test_the_paragraph_ends_at_a_heading_or_a_new_sentence_after_a_blank_line() -> None:
    # a blank line, then a new sentence: another paragraph, which the reason does not read
    # ("I think" in it is no doubt of the box); a heading ends the answer's paragraph
    trace = "We compute.\n\\boxed{12} since 3*4 = 12.\n\nI think the figure is drawn to scale."
    assert score_trace(trace, "12").answer_correct
    trace = "We compute.\n\\boxed{12} since 3 x 4\n# Check\nmaybe I was told so"
    assert extract_answer(trace) is not None


def test_the_void_paragraph_is_the_predicted_answer() -> None:
    score = score_trace("We compute.\n\\boxed{12} since the real one\nis unknown", "12")
    assert not score.answer_correct
    assert score.predicted_answer == "\\boxed{12} since the real one\nis unknown"


@pytest.mark.parametrize("text", [
    "We compute.\n\\boxed{12} since " + "a\n" * 50_000,
    "We compute.\n\\boxed{12} since the" + " " * 100_000 + "\nis unknown",
    "We compute.\n\\boxed{12} (since " + "x\n\n" * 30_000,
    "We compute.\n\\boxed{12} since the real one" + "\n" * 100_000 + "is unknown",
    "We compute.\n\\boxed{12} since " + "is\n" * 30_000 + "\\boxed{12} since\n" * 2_000,
], ids=["short lines", "a long line of blanks", "blank lines", "many breaks", "boxes on lines"])
def test_the_paragraph_read_is_bounded(text: str) -> None:
    start = time.perf_counter()
    score_trace(text, "12")
    answers_equivalent(text[12:], "12")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize("unit", ['. Because the real x is 3\n', '. because x is 3\n', ' (because the real x\n',
                                  '. As the real value is 3\n', ', since the real one\n'])
def test_a_reason_reads_the_lines_below_once(unit: str) -> None:
    # each line's reason would read all the lines below it: read once, the tail stays linear
    tail = unit * (3990 // len(unit))
    start = time.perf_counter()
    answers_equivalent("\\boxed{12}" + tail, "12")
    score_trace("We compute.\n\\boxed{12}" + tail, "12")
    assert time.perf_counter() - start < 0.25


# ------------------------------------------------------------ the row this file closes, as filed

FILED = [
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12} since the real one\nis unknown', '12', None, 'mulberry', "a reason after the box that goes on past a line break ('since the real one' / 'is unknown', or 'since 3*4 = 12.' / 'Just kidding.') is read only up to the break, so its doubt is missed (red-team of round 5)"),
]


@pytest.mark.parametrize(("cls", "kind", "text", "gold", "keys", "layout", "why"), FILED,
                         ids=[f"{i}-{row[0]}" for i, row in enumerate(FILED)])
def test_filed_finding_is_not_rewarded(cls, kind, text, gold, keys, layout, why):
    assert not score_trace(text, gold, keys, config=RewardConfig(layout=layout)).answer_correct, why


def test_the_row_left_the_open_list() -> None:
    assert all(row[2] != FILED[0][2] for row in OPEN_FINDINGS)
