"""Key-step credit a step should not earn, and credit it should, sixth pass (issue 15,
red-team of round 5's four key-step rules: hedging frames, joints of alternatives,
chains of equalities, later corrections).

False negatives the round brought (an honest step that lost its credit), fixed here:

- a later value of the name in another case, another thing or time ("For box B,
  actually, x = 6", "in the second triangle", "after the loop", "at t = 1"), one put to
  the test ("wait, is x = 6 possible?", "let me check x = 6") or rejected after it ("x = 6
  gives 12, not 10", "x = 6: no") is not a correction;
- a full stop before a space ends a chain term ("x = 5 = a. b = 6").

False positives, fixed as classes:

- more correcting words ("on reflection", "rethinking", "typo", "my mistake", "ignore
  that", "strike that", "in fact", "but", "however", "then again", Italian, Russian,
  Japanese), corrections with ":=", "->", "→", a remark in brackets after the value
  ("x = 6 (really)") and a bare corrected value after "er", "um", "uh";
- more hearsay subjects and verbs ("a few claim", "one might suppose / posit / imagine"),
  "it seems to be the case that", "maybe it holds that", frames in Italian, Dutch,
  Polish, Turkish and Russian, and frames inside LaTeX text commands ("\\text{some claim}
  x = 5", which the canonical text glues to "textsome claim");
- joints of alternatives in bold, italics or code marks ("x = 5 **or** x = 6").
"""

from __future__ import annotations

import pytest
from traces import key_matched

from stepgrpo_rewards.keysteps.later_denial import corrected_later

# --- honest steps that round 5 refused ---
# ("x = 5. Actually, in the second triangle x = 6." and "x = 5. Actually x = 6 gives 12, not
# 10." lose the credit since round 10: a strong correcting word with no first case,
# test_redteam_keysteps10.py's PRICE)
HONEST_CASES = [
    "For box A, x = 5. For box B, actually, x = 6.", "For box A, x = 5. Actually, for box B, x = 6.",
    "x = 5 for the first part. For the second part, actually x = 6.",
    "x = 5. Hmm, now consider the next iteration: x = 6.", "Initially x = 5. After the loop, actually x = 6.",
    "x = 5 at t = 0; actually at t = 1, x = 6.", "In case 1, x = 5. Wait, in case 2, x = 6.",
    "x = 5. Actually, in the other case x = 6.",
    "x = 5, wait, let me check x = 6 too: 2*6 = 12 ≠ 10, so no.", "x = 5. Hold on, is x = 6 possible? 2*6 = 12 ≠ 10.",
    "x = 5. Wait, check x = 6: no.", "x = 5. Wait, try x = 6: 2*6 = 12, too big.",
    "x = 5. Wait, is x = 6 also a solution? No.", "x = 5. Hmm, what about x = 6? It gives 12.",
    "x = 5. Wait, x = 6 doesn't work since 12 ≠ 10.", "x = 5. Hmm, x = 6 would give 12 ≠ 10.",
    "x = 5. Hmm, x = 6 is not a solution.", "x = 5 (wait, x = 6 is the other solution).",
    "x = 5 = a. b = 6",
]


@pytest.mark.parametrize("step", HONEST_CASES)
def test_another_case_a_test_or_a_rejected_try_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


# --- corrections that still earned the key ---
CORRECTIONS = [
    "x = 5. Rethinking, x = 6.", "x = 5. Re-evaluating: x = 6.", "x = 5. On reflection, x = 6.",
    "x = 5. Reconsidering, x = 6.", "x = 5. Typo: x = 6.", "x = 5. My mistake, x = 6.", "x = 5. Mistake! x = 6.",
    "x = 5. Error: x = 6.", "x = 5. Erratum: x = 6.", "x = 5. Ignore that, x = 6.", "x = 5. Disregard that: x = 6.",
    "x = 5. Strike that, x = 6.", "x = 5. Revised: x = 6.", "x = 5. In fact x = 6.", "x = 5. Really, x = 6.",
    "x = 5. But x = 6.", "x = 5. However, x = 6.", "x = 5. Then again, x = 6.", "x = 5. Ah I see, x = 6.",
    "x = 5. Aspetta, x = 6.", "x = 5. Anzi, x = 6.", "x = 5. Подожди, x = 6.", "x = 5. Нет, x = 6.",
    "x = 5。いや、x = 6。", "x = 5。待って、x = 6。",
    "x = 5. No wait, x := 6.", "x = 5. No wait, x -> 6.", "x = 5. No wait, x → 6.", "x = 5. No wait, x = 6 (really).",
    "x = 5, er, 6.", "x = 5, um, 6.", "x = 5, uh, 6.",
    # the words of another case do not hide a correction
    "x = 5. Actually, on second thought, x = 6.", "x = 5. Actually, for real, x = 6.", "x = 5. Wait, in the end x = 6.",
    "x = 5. Actually, after all, x = 6.", "x = 5. Wait, in fact x = 6.", "x = 5. Wait, for the problem, x = 6.",
    "x = 5. Hmm, is x = 6. Yes.",
    # nor does a denial of the key's value after the new one
    "x = 5, no wait, x = 6, not 5.", "x = 5, no wait, x = 6, not x = 5.", "x = 5. Oops, x = 6, not 5!",
    "x = 5. Wait, x = 6 is correct.", "x = 5. Wait, x = 6 is the answer.", "x = 5. Wait, x = 6 is not 5.",
    "x = 5. Wait, x = 6 gives 2x = 12 = 12.", "x = 5. No wait, x = 6: no question.",
]


@pytest.mark.parametrize("step", CORRECTIONS)
def test_a_value_corrected_later_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


def test_the_correction_reader_directly() -> None:
    assert corrected_later("x = 5. but x = 6.", 5, "x", "5")
    assert not corrected_later("x = 5. but for box b, x = 6.", 5, "x", "5")
    assert not corrected_later("x = 5. wait, is x = 6 possible?", 5, "x", "5")
    assert corrected_later("x = 5. wait, is x = 6. yes.", 5, "x", "5")
    assert not corrected_later("x = 5. wait, x = 6 gives 12 ≠ 10.", 5, "x", "5")
    assert corrected_later("x = 5. wait, x = 6 gives 12.", 5, "x", "5")


# --- hedging frames that still earned the key ---
HEDGES = [
    "A few claim that x = 5.", "Few believe x = 5.", "Certain people claim that x = 5.", "Experts say x = 5.",
    "One might suppose that x = 5.", "One could posit that x = 5.", "One could imagine that x = 5.",
    "Some presume x = 5.", "It seems to be the case that x = 5.", "Maybe it holds that x = 5.",
    "Sembra che x = 5.", "Si dice che x = 5.", "Pare che x = 5.", "Het lijkt erop dat x = 5.", "Blijkbaar x = 5.",
    "Wydaje się, że x = 5.", "Podobno x = 5.", "Görünüşe göre x = 5.", "Кажется, x = 5.", "Говорят, что x = 5.",
    "Видимо, x = 5.", "\\text{some claim} x = 5", "\\text{Some claim that} $x = 5$", "\\text{It seems that } x = 5",
    "\\mathrm{apparently}\\ x = 5", "\\text{not} x = 5",
]


@pytest.mark.parametrize("step", HEDGES)
def test_a_hedging_frame_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


HONEST_FRAMES = [
    "\\text{We get } x = 5", "\\textbf{Step 1:} x = 5", "\\text{so} x = 5", "The text says x = 5.",
    "Some algebra gives x = 5.", "A few steps later, x = 5.", "Experts aside, solving 2x = 10 gives x = 5.",
    "It holds that x = 5.", "Imagine a square; then x = 5.",
]


@pytest.mark.parametrize("step", HONEST_FRAMES)
def test_words_that_are_no_frame_keep_the_credit(step: str) -> None:
    assert key_matched(step)


# --- joints in markdown ---
@pytest.mark.parametrize("step", ["x = 5 **or** x = 6", "x = 5 *vs* x = 6", "x = 5 `|` x = 6", "x = 5 __or__ x = 6",
                                  "x = 5 ** or ** x = 6"])
def test_a_joint_in_markdown_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize("step", ["**x = 5** and **y = 6**", "**x = 5**, so y = 6", "`x = 5` | y = 6 holds",
                                  "**x = 5** vs **y = 6**: x is smaller"])
def test_bold_without_another_value_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


# --- the honest statements of the brief (absolute values, set-builder, conditionals, chains) ---
@pytest.mark.parametrize(("step", "key"), [
    ("It seems that we need |x - 3| = 5, so x = 8 or x = -2.", "x = 8"),
    ("We have |x - 3| = 5, so x - 3 = 5 or x - 3 = -5.", "|x - 3| = 5"),
    ("The solution set is {x | x > 0}, and x = 5 lies in it.", "x = 5"),
    ("P(A | B) = 0.5, and x = 5.", "x = 5"),
    ("P(A | B) = 0.5", "P(A | B) = 0.5"),
    ("x = 5, and |x| = 5 too.", "x = 5"),
    ("x = 5 vs y = 6: x is smaller.", "x = 5"),
    ("x = 5 = AB", "x = 5"),
    ("x = y = 5", "y = 5"),
    ("∠A = ∠B = 60°", "∠B = 60°"),
    ("x = 5 = y; z = 6", "x = 5"),
    ("Case 1: x = 5. Case 2: x = 6.", "x = 5"),
    ("If x = 5, then y = 10; if x = 6, then y = 12. Since y = 10, x = 5.", "x = 5"),
    ("x = 5. Alternatively, using the other method, x = 5 again.", "x = 5"),
])
def test_honest_statements_keep_the_credit(step: str, key: str) -> None:
    assert key_matched(step, key)
