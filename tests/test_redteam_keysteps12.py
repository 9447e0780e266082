"""Key-step credit an honest step earns again, twelfth pass (issue 15: false negatives of
the rules of rounds 9 and 10 that a red-team found, key step ``x = 5``).

Fixed as classes, each with the nearby hacks that stay refused:

- a later step that restates the key's quantity in another unit of the same kind after a
  correcting word ("x = 5 cm" then "Actually, x = 50 mm", "Rather, in metres x = 0.05",
  "Hmm, in inches x = 1.97": rounded to the digits shown, within 1%) restates it, as
  ``x = 5 cm, or rather 50 mm`` does in its step (`later_denial._restated_in_units`, the
  unit table of `past_unit`); another quantity ("60 mm", "0.5 m", "2 in") corrects it;
- a later value that is rejected ("x = -5, rejected since x > 0", "discarded",
  "extraneous") or put to a test ("let me verify with x = 6: 12 ≠ 10. So no") is not a
  correction, in the key's step or a later one;
- a first-person frame ("I would say", "we'd say", "I would go with") followed in the same
  sentence right after the key by a reason that computes ("because 2x = 10", ", since 2x
  = 10", "(check: 2·5 = 10)") is a claim (`number_bounds._claimed_in_first_person`);
  alone ("I would say x = 5."), with a reason that computes nothing ("because it feels
  right"), with a hedge before the frame ("maybe I would say") or later in the sentence
  ("..., maybe", "(guessing)", "?", ", or x = 6 ...") or for a guess ("I'd guess x = 5
  because ...") it stays refused.

Left refused (not cheap to tell from a hedge): inserts that strengthen a first-person
frame ("I'd say — with certainty — x = 5", "I would say, in fact, that x = 5").
"""

from __future__ import annotations

import pytest
from traces import steps_trace

from stepgrpo_rewards import RewardConfig, match_key_steps, score_trace

_HEAD = "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n"


def mulberry(first: str, second: str) -> str:
    return f"{_HEAD}### Step 1:\n{first}\n### Step 2:\n{second}\n### The final answer is: 7"


def credited(first: str, second: str) -> bool:
    score = score_trace(mulberry(first, second), "7", [["x = 5"]])
    return score.key_step_ratio == 1.0


# --- class: a later step restates the quantity in another unit ---
RESTATED_IN_UNITS = [
    ("x = 5 cm", "Actually, x = 50 mm"),
    ("x = 5 cm", "In fact, x = 50 mm"),
    ("x = 5 cm", "Actually, converting: x = 0.05 m"),
    ("x = 5 cm", "Rather, in metres x = 0.05"),
    ("x = 5 cm", "Hmm, in inches x = 1.97"),
    ("x = 5 cm", "No wait, x = 50 millimetres."),
    ("x = 5 kg", "Actually, x = 5000 g"),
    ("x = 5 min", "Actually, x = 300 s"),
    ("x = 5 cm", "Step 2 restated. Actually, x = 50 mm"),
]
CORRECTED_IN_UNITS = [
    ("x = 5 cm", "Actually, x = 60 mm"),
    ("x = 5 cm", "Actually, in metres x = 0.5"),
    ("x = 5 cm", "Hmm, in inches x = 2"),
    ("x = 5 cm", "Actually, x = 0 km"),
    ("x = 5 cm", "Actually, x = 50 kg"),
    ("x = 5 cm", "Actually, x = 50"),
    ("x = 5", "Actually, x = 50 mm"),
    ("x = 5 cm", "No wait, x = 6 cm"),
    ("x = 5 cm", "Actually, x = 5.5 cm"),
    ("x = 5 cm", "Actually, x = 0.06 m"),
    ("x = 5 cm", "Actually, x = 51 mm"),
    ("x = 5 cm", "Actually, x = 6 centimetres"),
]

# --- class: a later value rejected or put to a test ---
REJECTED_OR_TESTED = [
    ("x = 5 (first solution)", "Actually there is another: x = -5, rejected since x > 0."),
    ("x = 5 (first solution)", "Actually, let me verify with x = 6: 12 ≠ 10. So no."),
    ("x = 5 (first solution)", "Actually there is another: x = -5, discarded since x > 0."),
    ("x = 5 (first solution)", "Actually, x = -5 is extraneous."),
    ("x = 5", "Actually, let me check with x = 6: 12 ≠ 10."),
    ("x = 5", "Hmm, testing with x = 4: 8 ≠ 10."),
]
STILL_CORRECTED = [
    ("x = 5 (first solution)", "Actually, x = 6."),
    ("x = 5", "Actually, x = 6, rejected x = 5."),
    ("x = 5", "Actually, checking with x = 6 works, so x = 6."),
    ("x = 5", "Actually, x = 6; 5 was rejected."),
    ("x = 5", "No wait, x = 6, not 5."),
    ("x = 5", "Oops, x = 6."),
]

# --- class: a first-person frame with a reason ---
CLAIMED_WITH_A_REASON = [
    "I would say x = 5 because 2x = 10",
    "I would say x = 5 since 2x = 10",
    "We'd say x = 5, since 2x = 10",
    "We would say x = 5 (check: 2·5 = 10)",
    "I would go with x = 5 because 2·5 = 10",
    "I’d say x = 5 because 2x = 10.",
    "I'd say that x = 5, because 2 * 5 = 10.",
    "I would say x=5 because 2x=10",
    "I would say x = 5 because 2x = 10 exactly.",
]
HEDGED = [
    "I would say x = 5.",
    "I'd guess x = 5",
    "I would say x = 5 because it feels right",
    "I'd guess x = 5 because 2x = 10",
    "maybe I would say x = 5 because 2x = 10",
    "Perhaps; I would say x = 5 because 2x = 10",
    "It seems that I would say x = 5 because 2x = 10",
    "I would say x = 5, but 2x = 10 fails",
    "Some claim x = 5 because 2x = 10",
    "I would not say x = 5 because 2x = 10",
    "I would say x = 5? because 2x = 10",
    "I would say x = 5 or 6 because 2x = 10",
    "I would say x = 5. Because 2x = 10",
    "I would say x = 5 because",
    # (a hedge, a question or another value later in the sentence)
    "I'd say x = 5 since 2x = 10 (guessing)",
    "I would say x = 5 since 2x = 10, maybe",
    "I would say x = 5 because 2x = 10?",
    "I would say x = 5 because 2x = 10, or x = 6 because 2x = 12",
    "I would say x = 5 because 2x = 10, probably",
    "I would say x = 5 because 2x ≈ 10",
    # (inserts that strengthen the frame stay refused: not cheap to tell from a hedge)
    "I'd say — with certainty — x = 5",
    "I would say, in fact, that x = 5",
]


@pytest.mark.parametrize(("first", "second"), RESTATED_IN_UNITS + REJECTED_OR_TESTED)
def test_an_honest_later_step_keeps_the_credit(first: str, second: str) -> None:
    assert credited(first, second)


@pytest.mark.parametrize(("first", "second"), CORRECTED_IN_UNITS + STILL_CORRECTED)
def test_a_later_correction_still_takes_the_key_back(first: str, second: str) -> None:
    assert not credited(first, second)


@pytest.mark.parametrize("second", [s for _, s in REJECTED_OR_TESTED])
def test_a_rejected_or_tested_value_in_the_key_step_keeps_the_credit(second: str) -> None:
    assert match_key_steps(steps_trace([f"x = 5 (first solution). {second}"]), [["x = 5"]]).matched == 1


@pytest.mark.parametrize("step", CLAIMED_WITH_A_REASON)
def test_a_first_person_frame_with_a_reason_is_a_claim(step: str) -> None:
    assert credited(step, "ok")
    assert match_key_steps(steps_trace([step]), [["x = 5"]]).matched == 1


@pytest.mark.parametrize("step", HEDGED)
def test_a_first_person_hedge_stays_refused(step: str) -> None:
    assert not credited(step, "ok")
    assert match_key_steps(steps_trace([step]), [["x = 5"]]).matched == 0


def test_the_layouts_agree() -> None:
    for first, second in RESTATED_IN_UNITS[:3]:
        score = score_trace(mulberry(first, second), "7", [["x = 5"]], config=RewardConfig(layout="mulberry"))
        assert score.key_step_ratio == 1.0
