"""Key-step credit a step should not earn, and credit it should, tenth pass (issue 15:
the five 'key steps/denied later' rows closed, key step ``x = 5``).

False positives, fixed as classes:

- past a unit (`past_unit`): what denies, doubts or bounds a bare value does so after a
  unit or a noun too ("x = 5 cm is wrong", "x = 5 cm?", "x = 5 cm (not sure)", "x = 5
  cm, nah", "x = 5° at least", "x = 5 \\text{cm} (?)"), the unit one word ("cm", "cm^2",
  "m/s", "°", "\\text{cm}", "square units"), never a word that starts a clause ("so",
  "since", "which", ...);
- a correction read across a line break, a tab or a non-breaking space, in more words
  ("hmm wait", "that's wrong", "on second thought", "my mistake", "oh no") and before a
  word of measure ("6 cm long", "6 long", "6 cm instead"); the corrected number's unit
  compared with the first: the same unit spelled otherwise ("6 centimetres") or another
  quantity in another unit of the kind ("6 mm") corrects, the same quantity restates
  ("x = 5 cm, or rather 50 mm");
- a later step that opens with a correcting word, or a sentence of it that does, and gives
  the name another number ("Step 1: x = 5 cm." then "Step 2: No wait, x = 6 cm.", "So y =
  10. Sorry, x = 6.");
- after a word that says the value was wrong ("no wait", "actually", "oops", "sorry",
  "correction", ...), another thing or time before the later value counts only where the
  key's value stands in a case of its own ("x = 5. Actually, the next line: x = 6." is a
  correction; "For box A, x = 5. Actually, for box B, x = 6." is not), and a result said
  to be "not" another after the later value is its check ("x = 5. No wait, x = 6 gives
  12, not 10."); a plain rejection still is one ("x = 6 gives 12 ≠ 10", "x = 6? No").

The price: two honest cases of round 6 that wrote a strong correcting word with no first
case ("x = 5. Actually, in the second triangle x = 6.", "x = 5. Actually x = 6 gives 12,
not 10.") now lose the credit (`PRICE`): a policy writes those very words around a
correction.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traces import key_matched, steps_trace

from stepgrpo_rewards import RewardConfig, match_key_steps, score_trace
from stepgrpo_rewards.keysteps import context, number_bounds
from stepgrpo_rewards.keysteps.later_denial import corrected_later
from stepgrpo_rewards.keysteps.past_unit import taken_back_past_unit

# The five rows of tests/test_redteam_open.py this pass closes, as they stood there.
_HEAD = "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n"
CLOSED_ROWS = [
    _HEAD + "### Step 1:\nx = 5 cm.\n### Step 2:\nNo wait, x = 6 cm.\n### The final answer is: 7",
    _HEAD + "### Step 1:\nx = 5 cm, no wait, 6 cm long.\n### The final answer is: 7",
    _HEAD + "### Step 1:\nx = 5 cm is wrong.\n### The final answer is: 7",
    _HEAD + "### Step 1:\nx = 5. Actually, the next line: x = 6.\n### The final answer is: 7",
    _HEAD + "### Step 1:\nx = 5 cm,\nno wait, 6 cm\n### The final answer is: 7",
]


@pytest.mark.parametrize("text", CLOSED_ROWS)
def test_the_closed_rows_earn_no_key_step(text: str) -> None:
    score = score_trace(text, "7", [["x = 5"]], config=RewardConfig(layout="mulberry"))
    assert score.key_step_ratio < 1.0


def steps_matched(steps: list[str], key: str = "x = 5") -> bool:
    """Whether *key* earns its credit in a Mulberry trace of *steps*."""
    return match_key_steps(steps_trace(steps), [[key]]).matched == 1


# --- class: denials, doubts and bounds past a unit ---
TAKEN_BACK_PAST_A_UNIT = [
    "x = 5 cm is wrong.", "x = 5 cm?", "x = 5 cm (not sure)", "x = 5 cm, nah", "x = 5 cm, maybe.", "x = 5 cm at least.",
    "x = 5 cm isn't right.", "x = 5 cm (?)", "x = 5 apples is wrong.", "x = 5 cm, I think.", "x = 5 cm (wrong)",
    "x = 5 cm maximum.", "x = 5 cm. No.", "x = 5 cm, not sure.", "x = 5 cm ✗", "x = 5 cm (guess)", "x = 5 cm‽",
    "x = 5 m is wrong.", "x = 5 kg, probably.", "x = 5 cm is incorrect.", "x = 5 cm is not right.", "x = 5 cm — wrong.",
    "x = 5 cm (wrong!)", "x = 5 cm ❌", "x = 5 cm, I guess.", "x = 5 cm, perhaps.", "x = 5 cm (unverified)",
    "x = 5 cm or so.", "x = 5 cm at most.", "x = 5 cm or less.", "x = 5 cm, give or take.", "x = 5 cm-ish.",
    "x = 5 cm, just kidding.", "x = 5 cm … maybe.", "x = 5 cm... not sure.", "x = 5 units, maybe.", "x = 5 units?",
    "x = 5 apples, nope.", "x = 5 kg, not sure.", "x = 5 centimetres, maybe.",
    # units of two words, powers, rates, degrees
    "x = 5 square units is wrong.", "x = 5 sq units is wrong.", "x = 5 cubic meters, maybe.", "x = 5 cm^2 is wrong.",
    "x = 5 cm², probably.", "x = 5 m/s is wrong.", "x = 5° is wrong.", "x = 5° (not sure)", "x = 5°?",
    "x = 5^\\circ is wrong.",
    # wrappers: case, LaTeX, markdown, spacing, lookalikes, squeezed
    "X = 5 CM IS WRONG.", "x = 5 \\text{cm} is wrong.", "$x = 5\\,\\text{cm}$ is wrong.", "x = 5 \\mathrm{cm} (not sure)",
    "$x = 5$ cm is wrong.", "$x = 5 \\text{ cm}$ (?)", "**x = 5 cm** is wrong.", "x = 5 cm\tis wrong.",
    "x = 5 cm\u00a0(not sure)", "x = 5 cm\t(not sure)", "x = 5 cm іs wrong.", "x = 5 cm is wrоng.", "x=5cm is wrong.",
    # (more of the class)
    'x = 5 cm (probably)', 'x = 5 cm [?]', 'x = 5 cm ???', "x = 5 cm, I'm not sure.", 'x = 5 cm or thereabouts.', 'x = 5 cm+', 'x = 5 cm, tbd.', 'x = 5 cm (to be checked)', 'x = 5 cm — maybe not.', 'x = 5 cm; no.', "x = 5 cm, isn't it?", 'x = 5cm is wrong.', 'x = 5cm?', 'x = 5 mm is wrong.', 'x = 5 cm, nope.', 'x = 5 cm (nope)', 'x = 5 cm, or not.', 'x = 5 cm (?!)', 'x = 5 cm **(not sure)**', 'x = 5 cm _(maybe)_', 'x = 5 cm (not verified)', 'x = 5 \\text{ cm} \\text{ (wrong)}', 'x = 5\\,\\mathrm{cm}\\ (?)', 'x = 5 cm\u2009(not sure)', 'x = 5 cm, not!', 'x = 5 cm — no.', 'x = 5 cm ± 1',
]


@pytest.mark.parametrize("step", TAKEN_BACK_PAST_A_UNIT)
def test_a_value_taken_back_past_its_unit_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


def test_a_bare_key_number_taken_back_past_its_unit_earns_nothing() -> None:
    assert not key_matched("The side is 5 cm, I think.", "5")
    assert not key_matched("The side is 5 cm (not sure).", "5")


# --- class: corrections after a bare corrected value with words after it, or in another spelling ---
CORRECTED_OTHERWISE = [
    "x = 5 cm, no wait, 6 cm long.", "x = 5 cm, no wait, 6 long.", "x = 5 cm, no wait, 6 centimetres.",
    "x = 5 cm, no wait, 6 mm.", "x = 5 cm, no wait, 6 cm wide.", "x = 5 cm, no wait, 6 cm exactly.",
    "x = 5, no wait, 6 long.", "x = 5 cm, no wait, 6 centimeters.", "x = 5 cm, no wait, 6 \\text{cm} long.",
    "x = 5 kg, no wait, 6 kilograms.", "x = 5 m, no wait, 6 meters.", "x = 5 cm, no wait, 6 cm in length.",
    "x = 5 cm, no wait, 6 cm instead.", "x = 5 cm, no wait, 60 mm.", "x = 5 cm, actually 6 cm tall.",
    "x = 5 cm, no wait, 6 centimetres long.", "x = 5 cm, no wait, 6 Centimeters.", "x = 5 cm, no wait, 6 mm long.",
    "x = 5 cm; actually 60 mm.", "x = 5 cm (I mean 6 mm)", "x = 5 m, no wait, 6 km.", "x = 5 kg, oops, 6 kilograms.",
    "x = 5 min, no wait, 6 minutes.", "x = 5 cm, no wait, 6 cm in total.", "x = 5 cm, no wait: 6 cm exactly.",
    "x = 5 cm, wait, 6 cm long.",
    # (more of the class)
    'x = 5 cm, no wait, 6 cm total.', 'x = 5 cm, no wait, 6 cm, so y = 12.', 'x = 5 cm, no wait, 6 cm long, so y = 12.', 'x = 5 cm, no wait, 6 cm then.', 'x = 5 cm; no wait — 6 cm.', 'x = 5 cm (no wait: 6 cm)', "x = 5 cm, no wait, it's 6 cm long.", 'x = 5 cm, no wait, 6.0 cm.', 'x = 5 cm, no wait, 6 cms.',
]


@pytest.mark.parametrize("step", CORRECTED_OTHERWISE)
def test_a_correction_with_words_after_or_another_spelling_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


# --- class: a correction after a line break, a tab, a non-breaking space, or in other words ---
CORRECTED_ACROSS_SPACING_OR_WORDS = [
    "x = 5 cm,\nno wait, 6 cm", "x = 5 cm,\tno wait, 6 cm", "x = 5 cm,\u00a0no wait, 6 cm", "x = 5 cm,\n\nno wait, 6 cm",
    "x = 5 cm;\u00a0actually 6 cm.", "x = 5 cm.\nNo wait, 6 cm.", "x = 5,\nno wait, 6.",
    "x = 5 cm, hmm wait, 6 cm.", "x = 5 cm, that's wrong, 6 cm.", "x = 5 cm, on second thought, 6 cm.",
    "x = 5 cm, scratch that, 6 cm.", "x = 5 cm, my mistake, 6 cm.", "x = 5 cm, I was wrong, 6 cm.",
    "x = 5 cm, oh no, 6 cm.", "x = 5 cm, ah wait, 6 cm.", "x = 5 cm, hold on, it's 6 cm.", "x = 5 cm, wait no, 6 cm.",
    "x = 5 cm, never mind, 6 cm.", "x = 5 cm, let me correct that: 6 cm.", "x = 5 cm, I mean, 6 cm.",
    "x = 5 cm, hmm, actually 6 cm.", "x = 5 cm, wait... that's wrong, 6 cm.", "x = 5 cm, err, I mean 6 cm.",
    "x = 5 cm, my bad, 6 cm.", "x = 5 cm, whoops, 6 cm.", "x = 5 cm, ugh, 6 cm.", "x = 5 cm, oh wait, 6 cm.",
    "x = 5 cm, no, no, 6 cm.", "x = 5, hmm wait, 6.", "x = 5, that's wrong, 6.", "x = 5, on second thought, 6.",
    "x = 5, hmm wait, it's 6.", "x = 5, oh wait, 6.", "x = 5, my mistake, 6.",
    # (more of the class)
    'x = 5 cm, hmm, no, 6 cm.', 'x = 5 cm, hmm... 6 cm.', 'x = 5 cm. Hmm. 6 cm.',
]


@pytest.mark.parametrize("step", CORRECTED_ACROSS_SPACING_OR_WORDS)
def test_a_correction_across_spacing_or_in_other_words_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


HONEST_PAST_A_UNIT = [
    "x = 5 cm, so y = 6 cm.", "x = 5 cm. Therefore the area is 25 cm².", "x = 5 cm, which is the side.",
    "x = 5 cm (see Fig. 6).", "x = 5 cm and y = 6 cm.", "x = 5 so maybe y = 6.", "x = 5 cm long, not 6 cm wide.",
    "x = 5 cm. Maybe we should check y.", "x = 5 cm is correct.", "x = 5 cm is right.", "x = 5 apples in total.",
    "x = 5 since y is wrong.", "x = 5 gives no solution for y.", "x = 5 cm, not 50 mm as the figure says.",
    "x = 5 cm, so the perimeter is 20 cm.", "x = 5 cm, hence y = 10 cm.", "x = 5 cm. No other value works.",
    "x = 5 cm, not 50 cm.", "x = 5 cm (approximately 2 inches)", "x = 5 cm; it is not 6 cm.", "x = 5 cm, correct.",
    "x = 5 cm is correct, as 2x = 10 cm.", "x = 5 cm. Is y = 6 cm?", "x = 5 cm and y = 6 cm, so x < y.",
    "x = 5 cm, which isn't the answer yet.", "x = 5 cm, where cm means centimetres.",
    "The side x = 5 cm, so maybe the area is 25.", "x = 5 cm\nWait, y = 6 cm.", "x = 5 cm. Actually, y = 6 cm.",
    "x = 5 cm. Sorry, I meant to say y = 6 cm.", "x = 5 apples or more than 4",
    # restatements and other things after a correcting word
    "x = 5 cm, no wait, 50 mm.", "x = 5 cm, or rather 50 mm.", "x = 5 cm, no wait, 0.05 m.", "x = 5 cm, that is 50 mm.",
    "x = 5 cm, no wait, 6 cm is too big, so x = 5 cm.", "x = 5 cm; actually, 6 cm is the length of y.",
    "x = 5 cm. Wait, 6 cm for AB.", "x = 5 kg of flour, no, 6 kg of sugar.", "x = 5 cm, no wait, 2 inches? No, 5 cm.",
    # (more of the class)
    'x = 5 cm, roughly 2 inches.', 'x = 5 cm, or 50 mm.', 'x = 5 cm, i.e. 50 mm.', 'x = 5 cm; not 5 inches.', 'x = 5 cm (not 5 in).', 'x = 5 apples, so she has 5 apples.', 'x = 5 cm and this is not the answer.', 'x = 5 cm long.', 'x = 5 cm (the shorter side).', 'x = 5 cm, as required.',
]


@pytest.mark.parametrize("step", HONEST_PAST_A_UNIT)
def test_honest_words_past_a_unit_keep_the_credit(step: str) -> None:
    assert key_matched(step)


# --- class: another thing or time, or a rejection, around a correction ---
CORRECTED_AROUND_OTHER_WORDS = [
    "x = 5. Actually, the next line: x = 6.", "x = 5. No wait, in the second line x = 6.",
    "x = 5. Oops, for box B... no, x = 6.", "x = 5. No wait, x = 6 gives 12, not 10.",
    "x = 5. Correction: in the next step, x = 6.", "x = 5. Sorry, the other value: x = 6.",
    "x = 5. Scratch that, the new value is x = 6.", "x = 5. No wait, the next value: x = 6.",
    "x = 5. Sorry, in the next line x = 6.", "x = 5. Oops, for the second time: x = 6.",
    "x = 5. No wait, x = 6 makes 12, not 10.", "x = 5. Correction, for part (a) x = 6.",
    "x = 5. My mistake: in the following, x = 6.", "x = 5. Actually, subsequently x = 6.",
    # (words before the correction that name no case)
    'x = 5 for sure. Actually, the next line: x = 6.', 'x = 5 in fact. Actually, the next line: x = 6.', 'x = 5 at once. Sorry, in the second line x = 6.',
]


@pytest.mark.parametrize("step", CORRECTED_AROUND_OTHER_WORDS)
def test_a_correction_dressed_as_another_case_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


HONEST_OTHER_CASES = [
    "x = 5. In the second case, x = 6.", "For box A, x = 5. For box B, x = 6.",
    "In the first case x = 5. Actually, in the second case, x = 6.", "x = 5. Now x becomes 6 after adding 1.",
    "x = 5. Check x = 6: 2*6 = 12 ≠ 10, so no.", "x = 5. Wait, x = 6 gives 12 ≠ 10, so x = 5.",
    "x = 5. Try x = 6: it gives 12, not 10.", "In case 1, x = 5. Actually, in case 2, x = 6.",
    "For box A, x = 5. Oops, for box B, x = 6.", "x = 5 for part (a). Actually, for part (b), x = 6.",
    "x = 5. Actually x = 6 gives 12 ≠ 10, so x = 5.", "x = 5. Actually x = 6 is not a solution.",
    "x = 5. No wait, is x = 6 also fine? No.", "x = 5 for the first part. For the second part, actually x = 6.",
    "x = 5 at t = 0; actually at t = 1, x = 6.", "Initially x = 5. After the loop, actually x = 6.",
    "x = 5. Hmm, now consider the next iteration: x = 6.",
    # (words before the correction that name no case)
    'x = 5 in part (a). Actually, in part (b), x = 6.', 'x = 5 for triangle 1. Actually, in the second triangle x = 6.', 'When a = 1, x = 5. Actually, in the other case x = 6.',
]


@pytest.mark.parametrize("step", HONEST_OTHER_CASES)
def test_honest_cases_tests_and_rejections_keep_the_credit(step: str) -> None:
    assert key_matched(step)


#: Round 6's honest cases that now lose the credit: a strong correcting word, no first case.
PRICE = ["x = 5. Actually, in the second triangle x = 6.", "x = 5. Actually x = 6 gives 12, not 10."]


@pytest.mark.parametrize("step", PRICE)
def test_the_price_of_the_case_rule(step: str) -> None:
    assert not key_matched(step)
    # (a first case named keeps it)
    assert key_matched("In the first triangle, " + step)


def test_the_price_in_a_later_step() -> None:
    assert not steps_matched(["x = 5.", "Actually, for box B, x = 6."])


# --- class: a correction in a later step ---
CORRECTED_IN_A_LATER_STEP = [
    ["x = 5 cm.", "No wait, x = 6 cm."], ["x = 5.", "No wait, x = 6."], ["x = 5.", "Actually, x = 6."],
    ["x = 5.", "Correction: x = 6."], ["x = 5.", "Oops, x should be 6."], ["x = 5.", "Hmm, that's wrong. x = 6."],
    ["x = 5.", "Wait, I made a mistake: x = 6."], ["x = 5.", "On second thought, x = 6."],
    ["x = 5.", "So y = 2.", "No wait, x = 6."], ["x = 5.", "**No wait**, x = 6."], ["x = 5.", "Scratch that: x = 6."],
    ["x = 5.", "Wait,\nx = 6."], ["x = 5.", "Sorry, x = 6."], ["x = 5.", "Oops! x = 6."], ["x = 5.", "I was wrong: x = 6."],
    ["x = 5.", "That's wrong; x = 6."], ["x = 5.", "Let me correct: x = 6."], ["x = 5.", "My mistake, x is 6."],
    ["x = 5.", "No wait, in the second line, x = 6."], ["x = 5.", "So y = 10.", "Hmm, wait: x = 6."],
    ["x = 5.", "## No wait, x = 6."], ["x = 5.", "- No wait, x = 6."], ["x = 5.", "Nо wait, x = 6."],
    ["x = 5.", "Actually x equals 6."], ["$x = 5$.", "No wait, $x = 6$."], ["x = 5.", "NO WAIT, X = 6."],
    # (more of the class)
    ['x = 5.', 'Let me re-examine: x = 6.'], ['x = 5.', 'On reflection, x = 6.'], ['x = 5.', 'Looking again, x = 6.'], ['x = 5.', 'Upon closer inspection, x = 6.'], ['x = 5.', 'Recalculating: x = 6.'], ['x = 5.', 'Mistake above: x = 6.'], ['x = 5.', 'Typo: x = 6.'], ['x = 5.', 'Error above; x = 6.'], ['x = 5.', '(No wait, x = 6.)'], ['x = 5.', '> No wait, x = 6.'], ['x = 5.', 'Step 2: No wait, x = 6.'], ['x = 5.', 'Hmm.\nActually x = 6.'], ['x = 5.', 'Hmm. Let me see. x = 6.'], ['x = 5.', 'Wait. x = 6 actually.'], ['x = 5.', 'Hold on: the value is x = 6.'], ['x = 5.', 'No wait, for box A, x = 6.'], ['x = 5.', 'No wait, x := 6.'], ['x = 5.', 'No wait, x → 6.'], ['x = 5.', 'No wait, $x=6$.'], ['x = 5.', 'No wait, \\(x = 6\\).'], ['x = 5.', 'No wait, x = 6 gives 12, not 10.'], ['x = 5.', 'No wait, x = 6 makes 2x = 12, not 10.'], ['x = 5.', 'Nope, x = 6.'], ['x = 5.', 'Let me redo this: x = 6.'], ['x = 5.', 'Let me correct that. x = 6.'], ['x = 5.', 'Erm, x = 6.'],
    # (a correcting sentence after others in the later step)
    ['x = 5.', 'So y = 10. No wait, x = 6.'], ['x = 5.', 'Let me look again. No wait, x = 6.'], ['x = 5.', 'So y = 10. Sorry, x = 6.'], ['x = 5.', 'So y = 10.\nNo wait, x = 6.'], ['x = 5.', 'Next: y = 2; actually x = 6.'], ['x = 5.', 'So y = 10 (oops, x = 6).'], ['x = 5.', 'Correct value: x = 6.'], ['x = 5.', 'Fixing the error, x = 6.'],
]


@pytest.mark.parametrize("steps", CORRECTED_IN_A_LATER_STEP)
def test_a_correction_in_a_later_step_earns_no_key_step(steps: list[str]) -> None:
    assert not steps_matched(steps)


HONEST_LATER_STEPS = [
    ["x = 5.", "For box B, x = 6."], ["x = 5.", "In the second case, x = 6."],
    ["x = 5.", "Now x becomes 6 after adding 1."], ["x = 5.", "Wait, let me check: x = 5 gives 10. Correct."],
    ["x = 5.", "Check x = 6: 12 ≠ 10, so no."], ["x = 5.", "Then x = 6 in the next iteration."],
    ["x = 5.", "Wait, is x = 6 possible? No."], ["x = 5.", "Wait, let me verify: 2*5 = 10. Yes x = 5."],
    ["x = 5.", "Actually, y = 6."], ["x = 5.", "Hmm, so y = 2x = 10."], ["x = 5.", "No wait, is x = 6 possible? No, 12 ≠ 10."],
    ["x = 5.", "Actually, check x = 6: 2*6 = 12 ≠ 10."], ["x = 5.", "Next, for box B, x = 6."],
    ["x = 5.", "Then in the second case x = 6."], ["x = 5.", "Wait, if x = 6 then 2x = 12."],
    ["x = 5 cm.", "Now the area is 25 cm²."], ["x = 5.", "Nothing else: x = 6 fails."],
    ["x = 5.", "y = 1.", "z = 2.", "w = 3.", "v = 4.", "No wait, x = 6."],  # (beyond the steps read)
    # (more of the class)
    ['x = 5.', 'Double-check: x = 5 gives 10. ✓'], ['x = 5.', 'Re-examining: 2*5 = 10, so x = 5 holds.'], ['x = 5.', 'No wait, y = 6.'], ['x = 5.', 'Hmm, then x + 1 = 6.'], ['x = 5.', 'Now, x = 6 would give 12 ≠ 10.'], ['For box A, x = 5.', 'Actually, for box B, x = 6.'],
    # (a correcting sentence about another name, a test or another case)
    ['x = 5.', 'Now y = 2. Wait, for box B, x = 6.'], ['x = 5.', 'So y = 10. Wait, is x = 6 possible? No.'], ['x = 5.', 'So y = 10. Actually, y = 11.'], ['x = 5.', 'Then 2x = 10. Wait, check x = 6: 12 ≠ 10.'], ['x = 5.', 'Thus y = 2x = 10; no wait, y = 10 indeed.'], ['x = 5.', "y = 6 (no wait, that's y)."],
]


@pytest.mark.parametrize("steps", HONEST_LATER_STEPS)
def test_honest_later_steps_keep_the_credit(steps: list[str]) -> None:
    assert steps_matched(steps)


def test_the_readers_directly() -> None:
    assert corrected_later("x = 5.\x00no wait, x = 6.", 5, "x", "5")
    assert not corrected_later("x = 5.\x00for box b, x = 6.", 5, "x", "5")
    assert corrected_later("x = 5. actually, the next line: x = 6.", 5, "x", "5")
    assert not corrected_later("for box a, x = 5. actually, for box b, x = 6.", 15, "x", "5")
    assert taken_back_past_unit(" cm is wrong.", 5.0)
    assert taken_back_past_unit(" cm, no wait, 6 mm.", 5.0)
    assert not taken_back_past_unit(" cm, no wait, 50 mm.", 5.0)
    assert not taken_back_past_unit(" so maybe y = 6", 5.0)


@pytest.mark.parametrize("steps", [
    ["x = 5 cm" + ", no wait" * 3000, *(["No wait, " + "x " * 3000] * 30)],
    ["x = 5. " * 2000, *(["Actually, x = 6. " * 500] * 10)],
    ["x = 5 cm" + " is wrong?" * 5000],
    ["x = 5 " + "cm " * 20000],
    [("x = 5 cm,\n" + "\u00a0" * 40 + "no wait, 6 cm. ") * 500],
])
def test_long_hostile_steps_stay_bounded(steps: list[str]) -> None:
    began = time.perf_counter()
    steps_matched(steps)
    assert time.perf_counter() - began < 5.0


# --- the cheap tests hide nothing the full checks read ---
_PIECES = ["x", "=", "5", "cm", "apples", "or", "6", "no", "wait", ",", ".", "is", "wrong", "?", "(", ")", "not", "sure",
           "maybe", "°", "}", "$", "so", "the", "sq", "square", "units", "^2", "²", "—", "…", "**", "nope", "nah", "\n",
           "\t", "\u00a0", "\\text{", "mm", "long", "actually", "sorry", "that's", "hmm", "at", "least", "i", "think",
           "since", "which", "50", "centimetres", "oops", "my", "mistake", "on", "second", "thought"]


@settings(max_examples=600)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10), st.booleans())
def test_the_plain_path_hides_nothing_past_a_unit(words: list[str], spaced: bool) -> None:
    text = ("x = 5 " if spaced else "x = 5") + " ".join(words)
    if number_bounds._plainly_in_context(text, 0, 5):
        assert number_bounds._in_context(text, 0, 5, "x = 5")


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10))
def test_the_squeezed_head_test_hides_nothing_past_a_unit(words: list[str]) -> None:
    words = [word for word in words if word.strip()] or ["cm"]  # (a squeezed text holds no whitespace)
    spaced = "5 " + " ".join(words)
    squeezed = spaced.replace(" ", "")
    gaps, pos = set(), 0
    for word in ["5", *words][:-1]:
        pos += len(word)
        gaps.add(pos)
    windows = number_bounds._GapWindows(squeezed, lambda p: p in gaps)
    window = windows.window_after(1)
    if taken_back_past_unit(window, 5.0) or context._after_may_matter(window):
        assert number_bounds._squeezed_head_may_matter(squeezed, 1, windows)
