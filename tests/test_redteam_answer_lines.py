"""Issue 15, red-team classes 'later lines', 'r1 layout' and 'options' (written out over
lines): every answer that the answer section commits to must agree with the gold.

A later line commits when it is a value alone however wrapped, an answer label in any
spelling or language with its value, a conclusion that ends on a value, an option
restated, or an assignment alone; whatever line break precedes it. A line of
explanation, a restated answer or a unit commits to nothing else (docs/rules.md, "Which
answer counts").
"""

from __future__ import annotations

import pytest

from stepgrpo_rewards import RewardConfig, extract_answer, score_trace
from stepgrpo_rewards.answer import later_answers
from stepgrpo_rewards.r1 import read_r1

MULBERRY = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: "
R1 = RewardConfig(layout="r1")


def mulberry_correct(section: str, gold: str = "12") -> bool:
    return score_trace(MULBERRY + section, gold).answer_correct


def free_correct(section: str, gold: str = "12") -> bool:
    return score_trace("We multiply.\nFinal answer: " + section, gold).answer_correct


def r1_correct(text: str, gold: str = "12") -> bool:
    return score_trace(text, gold, config=R1).answer_correct


# ------------------------------------------------------------------ line breaks

BREAKS = ["\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1c", "\x1d", "\x1e", "\r\n", "\n\r", "\n\u200b"]
BREAK_LATER = ["Final answer: 15", "15", "Answer: 15", "x = 15", "The answer is 15", "(15)", "So 15", "\\boxed{15}"]


@pytest.mark.parametrize("brk", BREAKS)
@pytest.mark.parametrize("later", BREAK_LATER)
def test_any_line_break_before_a_later_answer(brk: str, later: str) -> None:
    assert not mulberry_correct("12" + brk + later)
    assert not free_correct("12" + brk + later)
    assert not r1_correct("<think>a</think><answer>12</answer>" + brk + later)


@pytest.mark.parametrize("brk", BREAKS)
def test_a_line_break_before_the_same_answer_keeps_it(brk: str) -> None:
    assert mulberry_correct("12" + brk + "Final answer: 12")
    assert mulberry_correct("12" + brk + "This is because 3 * 4 = 12.")
    assert r1_correct("<think>a</think><answer>12</answer>" + brk)


# ------------------------------------------------------- later lines that commit

ASSIGNMENTS = ["x = 15", "x=15", "X = 15", "y = 15", "AB = 15", "$x = 15$", "\\(x = 15\\)", "x = 15.", "**x = 15**",
               "x = 3 + 12 = 15", "x ≈ 15", "x: 15", "\\angle A = 15^\\circ", "∠A = 15°", "f(x) = 15", "x_1 = 15",
               "|AB| = 15", "Area = 15", "x = 15 cm", "- x = 15", "$$x = 15$$"]
CONCLUSIONS = ["= 15", "=15", "=> 15", "==> 15", "⇒ 15", "→ 15", "-> 15", "∴ 15", "∴15", "\\therefore 15",
               "\\Rightarrow 15", "\\implies 15", "Thus 15", "Thus, 15", "So 15", "So, 15.", "Hence 15", "Therefore 15",
               "Therefore, x = 15", "So x = 15", "Thus x = 15.", "So the perimeter is 15.", "i.e. 15", "That is, 15",
               "It is 15.", "It's 15", "所以15", "因此 x = 15", "Donc 15", "I think it's 15", "I think 15",
               "Then 15", "Finally, 15", "We get 15", "Thus => 15", "So it is 15"]
LABELS = ["Result: 15", "Results: 15", "Ans: 15", "ANS = 15", "My answer: 15", "My final answer is 15", "Solution: 15",
          "答案：15", "答案是15", "答：15", "Réponse : 15", "Réponse finale : 15", "Antwort: 15", "Respuesta: 15",
          "Ответ: 15", "Final: 15", "Final result: 15", "**Result:** 15", "Answer = 15", "Answer - 15",
          "The result is 15", "The value is 15", "The value of x is 15", "The answer should be 15",
          "The correct answer would be 15", "Answer is 15", "The solution is x = 15", "15 is the answer",
          "15 is the correct answer.", "Final Answer 15", "Total: 15", "Answer → 15"]
WRAPPED = ["15", "(15)", "[15]", "{15}", "- 15", "* 15", "+ 15", "• 15", "# 15", "## 15", "> 15", "`15`", "\u00a015",
           "\u3000 15", "15?", "15.", "**15**", "*15*", "__15__", "$15$", "$$15$$", "\\(15\\)", "\\[15\\]",
           "\\boxed{15}", "\\text{15}", "\\mathbf{15}", "<b>15</b>", "<answer>15</answer>", "“15”", "「15」",
           "15 cm", "15°", "15%", "１５", "\u200b15", "1\u200b5", "15 apples", "(15).", "✅ 15", "15 or 16", "-15",
           "− 12", "\\frac{30}{2}", "15\\%"]


@pytest.mark.parametrize("later", ASSIGNMENTS + CONCLUSIONS + LABELS + WRAPPED)
def test_a_later_line_that_commits_to_another_value(later: str) -> None:
    assert not mulberry_correct("12\n" + later), later
    assert not free_correct("12\n" + later), later
    assert not r1_correct("<think>a</think><answer>12</answer>\n" + later), later
    assert not r1_correct("<think>a</think><answer>12\n" + later + "</answer>"), later
    assert not r1_correct("<think>a</think>\\boxed{12}\n" + later), later


@pytest.mark.parametrize("later", ["x = 15", "It is 15.", "So 15", "15", "Result: 15", "(15)", "Thus x = 15.",
                                   "The answer is 15.", "答案：15", "= 15", "15 is the answer", "I think 15"])
def test_r1_an_answer_between_the_think_block_and_the_tag(later: str) -> None:
    assert not r1_correct("<think>a</think>\n" + later + "\n<answer>12</answer>")
    assert not r1_correct("<think>a</think>" + later + " <answer>12</answer>")
    # the default (Mulberry) rules read a think/answer completion the same way
    assert not score_trace("<think>a</think>\n" + later + "\n<answer>12</answer>", "12").answer_correct


# --------------------------------------------- later lines that keep the answer

KEPT = [
    "12\nThis is because the triangle is isosceles.",
    "12\nThis is because 3 × 4 = 12.",
    "12\ncm",
    "12\nsquare units",
    "12\nFinal answer: 12",
    "12\nI hope it is correct.",
    "12\n(12)",
    "12\nx = 12",
    "12\nSo 12",
    "12\n= 12",
    "12\n= 3 × 4",
    "12\nx = 3 * 4 = 12",
    "12\nArea = 3 × 4 = 12",
    "12\nBecause 3 × 4 = 12.",
    "12\nThe sum of 5 and 7.",
    "12\nThe triangle has 3 sides, so the perimeter is 12.",
    "12\nWe computed 3 + 9 in step 1.",
    "12 cm\nThe perimeter of the rectangle.",
    "12\r\nFinal answer: 12",
    "12\n(from step 1)",
    "12\n(see step 3)",
    "12\n\\boxed{12}",
    "12\n**12**",
    "12\nNote: 5 + 7 = 12",
    "12\n答案：12",
    "12\n因为 5 + 7 = 12",
    "12\nThe base is 3 and the height is 4.",
    "12\nx = 3, y = 4",
    "12\nAB = 3, BC = 4",
    "12\n3 + 9 = 12",
    "12\nFirst, 3 + 4 = 7; then 7 + 5 = 12.",
    "12\nIt follows from the area formula.",
    "12\nThe answer is 12.",
    "12\nSo the answer is $12$.",
    "12\nThus, the area is 12 square units.",
    "12\nThe rectangle is 3 by 4.",
    "12\n- The rectangle is 3 by 4.",
    "12\n3 sides make a triangle",
    "12\nThat is the area in square units.",
    "12\n",
    "12\n\n\n",
    "12\n$$3 \\times 4 = 12$$",
    "12\nResult: 12",
    "12\nSolution: we multiply 3 by 4.",
    "12\nIt is 12.",
    "12\n\u00a0",
    "12\n---",
    "12\n12 is the answer",
    "12\n(x = 12)",
    "12\n12 is correct",
    "12\n(where x = 3 is the width)",
    "12\nIt equals 3 times 4.",
    "12\nThe width x = 3 and height 4 give 12.",
    "12\nHere, 3 and 4 are the sides.",
    "12\nUnits: square centimeters",
    "12\nThe other options are smaller.",
    "12\nCheck: 12 ÷ 4 = 3 ✓",
]


@pytest.mark.parametrize("section", KEPT)
def test_a_later_line_that_explains_or_agrees_keeps_the_answer(section: str) -> None:
    assert mulberry_correct(section), section
    assert free_correct(section), section
    head, rest = section.split("\n", 1)
    assert r1_correct(f"<think>a</think><answer>{head}</answer>\n{rest}") or "I hope" in section, section


@pytest.mark.parametrize("before", ["The answer is 12.", "So x = 12.", "We multiply 3 by 4.",
                                   "Summary: we multiply 3 and 4.", "The area is 3 × 4 = 12.", "Answer:",
                                   "**Answer:**", "- ", "x =", "The final answer is:"])
def test_r1_text_before_the_tag_that_agrees_or_explains(before: str) -> None:
    assert r1_correct(f"<think>a</think>\n{before}\n<answer>12</answer>")
    assert r1_correct(f"<think>a</think>{before} <answer>12</answer>")


# ------------------------------------------------------------------------ r1

@pytest.mark.parametrize("text", [
    "<think>a</think>-<answer>12</answer>",
    "<think>a</think>−<answer>12</answer>",
    "<think>a</think>\u2013<answer>12</answer>",
    "<think>a</think>$-$<answer>12</answer>",
    "<think>a</think>x = -<answer>12</answer>",
    "<think>a</think>x = - <answer>12</answer>",
    "<think>a</think>Answer: -<answer>12</answer>",
    "<think>a</think>-\u200b<answer>12</answer>",
])
def test_r1_a_minus_before_the_tag_is_the_answer_sign(text: str) -> None:
    assert not r1_correct(text)
    assert r1_correct(text, "-12")
    assert not score_trace(text, "12").answer_correct


@pytest.mark.parametrize("text", ["<think>a</think>\n- <answer>12</answer>", "<think>a</think>Answer - <answer>12</answer>",
                                  "<think>a</think>x = <answer>12</answer>"])
def test_r1_a_bullet_or_a_dash_of_prose_before_the_tag_is_no_sign(text: str) -> None:
    assert r1_correct(text)


@pytest.mark.parametrize("second", ["<answer >15</answer>", "<ANSWER>15</ANSWER>", "<Answer>15</Answer>",
                                    '<answer id="2">15</answer>', "< answer>15</answer>", "<answer>15</ answer>",
                                    "<answer>15</answer >", "<answer\n>15</answer>", "\n<answer >15</answer >",
                                    "<ans\u200bwer>15</answer>"])
def test_r1_a_second_answer_tag_in_any_spelling(second: str) -> None:
    text = "<think>Step 1: x = 3</think><answer>12</answer>" + second
    assert not r1_correct(text)
    assert not score_trace(text, "12").answer_correct
    assert not read_r1(text).validity.valid


@pytest.mark.parametrize("text", ["<think>a</think><answer >12</answer>", "<think>a</think><ANSWER>12</ANSWER>",
                                  '<think>a</think><answer id="1">12</answer >'])
def test_r1_one_answer_tag_in_another_spelling_is_read(text: str) -> None:
    assert r1_correct(text)
    assert read_r1(text).validity.valid


@pytest.mark.parametrize("line", ["15 \\boxed{12}", "x = 15, \\boxed{12}", "x = 15, so \\boxed{12}", "So 15: \\boxed{12}",
                                  "Result: 15 $\\boxed{12}$", "(15) \\boxed{12}", "Thus x = 15 and \\boxed{12}"])
def test_a_value_before_the_box_on_its_line(line: str) -> None:
    assert not r1_correct("<think>Step 1: x = 3</think>" + line)
    assert not free_correct(line)
    assert not mulberry_correct(line)
    assert not score_trace("We compute.\n" + line, "12").answer_correct


@pytest.mark.parametrize("line", ["The answer is \\boxed{12}.", "So the final answer is $\\boxed{12}$.",
                                  "Since 5 + 7 = 12, \\boxed{12}", "x = \\boxed{12}", "3 × 4 = \\boxed{12}",
                                  "x = 3 \\times 4 = \\boxed{12}", "Area: \\boxed{12}", "12, so \\boxed{12}"])
def test_text_before_the_box_that_agrees_or_explains(line: str) -> None:
    assert r1_correct("<think>Step 1: x = 3</think>" + line)
    assert score_trace("We compute.\n" + line, "12").answer_correct


@pytest.mark.parametrize("after", ["\nAnswer: 15", "\n**Answer:** 15", "\n15", "\n(15)", "\nx = 15", "\rAnswer: 15",
                                   "\n\u2028Answer: 15", "\nSo 15", "\nResult: 15", "\n15?"])
def test_a_later_line_after_the_box(after: str) -> None:
    assert not r1_correct("<think>Step 1: x = 3</think>\\boxed{12}" + after)
    assert not score_trace("We compute.\n\\boxed{12}" + after, "12").answer_correct


@pytest.mark.parametrize("after", ["\nThis is because 3 × 4 = 12.", "\n", "\nI hope it is correct.", "\n(12)"])
def test_a_box_with_an_explanation_after_it(after: str) -> None:
    assert score_trace("We compute.\n\\boxed{12}" + after, "12").answer_correct


# -------------------------------------------------------------------- options

@pytest.mark.parametrize("section", ["A. 12\nB. 15", "A. 12\nB. 15\nC. 18", "(A) 12\n(B) 15", "A) 12\nB) 15",
                                     "A: 12\nB: 15", "A. red\nB. blue", "A\n(B)", "A\nB", "A\n**B**", "A\nB.",
                                     "A. 12\n\nB. 15", "A. 12\rB. 15", "A\nSo B", "A\nAnswer: B", "A\n[B]"])
def test_the_options_written_out_over_lines_choose_none(section: str) -> None:
    assert not mulberry_correct(section, "A")
    assert not free_correct(section, "A")


@pytest.mark.parametrize("section", ["A. 12\nBecause 12 is the largest.", "A\nA. 12", "A. 12", "(A)\nThe other options are too small.",
                                     "A\nB is too small, so A.", "A\nC. The others are larger"])
def test_one_option_with_an_explanation_stays_right(section: str) -> None:
    assert mulberry_correct(section, "A")


# ------------------------------------------------------------------ bounded

def test_a_flood_of_candidate_lines_holds_no_answer() -> None:
    flood = "".join(f"\nx{i} = the next number" for i in range(2_000))  # candidate lines, none commits
    assert later_answers(flood) == [""]
    assert not mulberry_correct("12" + flood)


def test_a_flood_of_one_line_is_one_answer() -> None:
    assert later_answers("\n" + "12\n" * 20_000) == ["12"]
    assert mulberry_correct("12\n" + "12\n" * 20_000)


def test_extract_answer_reads_the_last_commitment() -> None:
    assert extract_answer(MULBERRY + "12\nx = 15") == "15"
    assert extract_answer(MULBERRY + "12\nThis is because 3 × 4 = 12.") == "12"


@pytest.mark.parametrize("later", ["This is because 3 + 4 = 7.", "It is because 3 + 4 = 7", "So, since 3 + 4 = 7, done.",
                                   "Thus if x = 7 the area doubles.", "That is why x = 7 was needed.",
                                   "So with x = 7 and y = 5 we are done", "Thus, given AB = 7, the answer follows."])
def test_a_conclusion_that_gives_a_reason_commits_to_nothing(later: str) -> None:
    assert mulberry_correct("12\n" + later), later
    assert free_correct("12\n" + later), later


MORE_COMMITS = ["(Answer: 15)", "[Answer] 15", "Answer (corrected): 15", "Final answer (revised): 15", "\\text{Answer: } 15",
                "\\textbf{Answer:} 15", "However, 15", "But 15", "Instead, 15", "Rather 15", "&nbsp;15", "&#160;15",
                "x → 15", "$\\therefore x = 15$", "$= 15$", "**= 15**", "\\(\\Rightarrow 15\\)", "| 15 |", "15 ✓",
                "Correct answer: 15", "x = 15 (final)", "The answer: 15", "Output: 15", "answer=15", "=> x = 15",
                "Thus, $x = 15$.", "Also ist x = 15", "**Final:** 15", "Answer — 15", "(x = 15)", "It equals 15",
                "That gives 15", "15 is correct", "因此答案为15", "所以 x=15", "Respuesta final: 15", "最终答案：15",
                "→15", "Ans. = 15", "[15].", "\tx = 15", "N = 15", "so the answer must be 15",
                "> **Final answer:** 15"]


@pytest.mark.parametrize("later", MORE_COMMITS)
def test_a_later_line_that_commits_in_other_wrappings(later: str) -> None:
    assert not mulberry_correct("12\n" + later), later
    assert not free_correct("12\n" + later), later
    assert not r1_correct("<think>a</think><answer>12</answer>\n" + later), later


@pytest.mark.parametrize("section", ["12 15", "12\t15", "12" + " " * 5000 + "15", "12 \u200b 15", "12<br>15",
                                     "12 Final answer: 15", "12 \\\\ 15"])
def test_a_second_value_on_the_first_line(section: str) -> None:
    assert not mulberry_correct(section)


@pytest.mark.parametrize("later", ["The answer is correct.", "I think the answer is reasonable.",
                                   "The answer is consistent with the figure.", "Final answer: see above",
                                   "The final answer is as above.", "Answer: as computed above",
                                   "The answer is in square units.", "The answer is the same as in step 1."])
def test_a_later_answer_line_that_judges_the_answer_commits_to_nothing(later: str) -> None:
    assert mulberry_correct("12\n" + later), later
    assert free_correct("12\n" + later), later


@pytest.mark.parametrize("later", ["The answer is the circle", "The answer is either 12 or 15", "Final answer: blue",
                                   "Answer: 12, not 15"])
def test_a_later_answer_line_with_a_text_answer_still_commits(later: str) -> None:
    assert not mulberry_correct("15\n" + later, "15"), later


# The rows of tests/test_redteam_open.py that these rules close, as filed (issue 15).
FILED = [
    ('r1 layout', 'answer', '<think>a</think>-<answer>12</answer>', '12', None, 'r1', 'a minus written right before the tag makes the committed answer -12; r1 scores it correct AND valid (full rewa'),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think><answer>12</answer>\nFinal: 15', '12', None, 'r1', "a second answer line after the tag ('Final: 15'; also '\\n(15)', '\\n- 15', '\\n15?', '\\n\\\\(15\\\\)') is ignored; r"),
    ('r1 layout', 'answer', '<think>a</think>\nx = 15\n<answer>12</answer>', '12', None, 'r1', "an answer written after </think> and before the tag ('x = 15', also 'It is 15.') must agree with the tag per r"),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think>15 \\boxed{12}', '12', None, 'r1', "'15' on the box's line is read with it per rules.md ('15 12' is extracted) yet the box alone decides; also '15"),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think>\\boxed{12}\nAnswer: 15', '12', None, 'r1', "an 'Answer: 15' line after the box is a second committed answer (also '**Answer:** 15', bare '15')"),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think><answer>12</answer><answer >15</answer>', '12', None, 'r1', 'a second answer tag spelled with a space is not seen as an answer: two answers, rewarded as the first'),
    ('r1 layout', 'answer', '<think>a</think><answer>12</answer>\u200b15', '12', None, 'r1', 'a zero-width space hides the second answer 15 after the tag'),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\rFinal answer: 15', '12', None, 'mulberry', "a bare CR (also \\u2028, \\u2029, \\x0b, \\x0c, \\x85) before 'Final answer: 15' hides the later answer that rules."),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\nx = 15', '12', None, 'mulberry', "the answer section commits to x = 15 on a later line (also '= 15', '=> 15', '→ 15', '∴ 15', 'Thus 15', 'So 15."),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\nResult: 15', '12', None, 'mulberry', "'Result: 15' / 'Ans: 15' / 'My answer: 15' / 'Solution: 15' / '答案：15' / 'Réponse : 15' are answer lines in oth"),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\n(15)', '12', None, 'mulberry', "a value alone on a later line, merely wrapped ('(15)', '[15]', '- 15', '# 15', '`15`', '\\u00a015', '15?'); rul"),
    ('options', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: A. 12\nB. 15', 'A', None, 'mulberry', "the options written out again over two lines choose none (one-line 'A) 12 B) 15' is caught)"),
]


@pytest.mark.parametrize(("cls", "kind", "text", "gold", "keys", "layout", "why"), FILED,
                         ids=[f"{i}-{row[0]}" for i, row in enumerate(FILED)])
def test_filed_finding_is_not_rewarded(cls, kind, text, gold, keys, layout, why):
    assert kind == "answer"
    assert not score_trace(text, gold, keys, config=RewardConfig(layout=layout)).answer_correct, why


@pytest.mark.parametrize("before", ["1. Width: 3\n2. Height: 4", "Width: 3, height: 4", "**Given:** width 3 and height 4",
                                    "(3 × 4 = 12)", "$$A = l \\times w$$", "where l = 3 and w = 4", "l = 3; w = 4",
                                    "**Final Answer**", "The answer is:", "Answer:\n", "Final Answer\n"])
def test_r1_givens_and_headings_before_the_tag_commit_to_nothing(before: str) -> None:
    assert r1_correct(f"<think>a</think>\n{before}\n<answer>12</answer>")


@pytest.mark.parametrize("later", ["2. 15", "1) 15", "3. x = 15"])
def test_a_numbered_later_line(later: str) -> None:
    assert not mulberry_correct("12\n" + later)
