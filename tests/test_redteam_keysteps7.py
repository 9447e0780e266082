"""Key-step credit a step should not earn, and credit it should, seventh pass (issue 15,
two open rows closed: a unit between a value and its correction, and values offered
beside the key's value by other joints than "or").

False positives, fixed as classes:

- a unit or a noun between the value and a bare correction ("x = 5 cm, no wait, 6 cm",
  "x = 5 apples (I mean 6)", "x = 5°, wait, 6°", "x = 5 square units, no wait, 6"; "cm^2",
  "m/s", "\\text{cm}", bold around the unit or the correcting words, an ellipsis or
  full-width marks before them), the corrected number bare or in the same unit;
- a bare number offered beside a stated value after "vs" in brackets or with a period
  ("x = 5 (vs 6)", "x = 5 vs. 6"), "resp." ("x = 5 (resp. 6)", and named: "x = 5 (resp. x
  = 6)"), "and" or "&" with nothing but a closing mark, "too" or "respectively" after it
  ("x = 5 (and 6)", "x = 5, and also 6", "x = 5 & 6 too"), or said to be possible too or
  given as an alternative ("x = 5, 6 also possible", "x = 5 (6 is possible too)", "x = 5,
  6 alternatively"; for a bare key number too: "12 (13 is also possible)");
- a later value of the name said to be possible too or given as an alternative ("x = 5.
  x = 6 also possible.", "x = 5, x = 6 alternatively", "x = 5. Alternatively, x = 6.",
  "x = 5. Or maybe x = 6.", "x = 5 and x = 6 both possible");
- "or alternatively", "or even" before a bare second value ("x = 5 or even 6").

Honest statements that keep the credit: two quantities joined by "and" ("x = 5 and y =
6", "x = 5 and 6 is the other side's length", "sides 5 and 6"), a named second value after
"and" (a case analysis, as a comma list is: "x = 5 and x = 6"), a value possible only under
a condition, in another case or among the roots of an equation, a rejected one, another
unit restating the value ("x = 5 cm, or rather 50 mm") and a later value of another thing.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traces import assert_squeezed_head_hides_nothing, key_matched

from stepgrpo_rewards.keysteps import context
from stepgrpo_rewards.keysteps.later_denial import corrected_later

# --- row 'key steps/denied later': a unit between the value and a bare correction ---
CORRECTED_AFTER_A_UNIT = [
    "x = 5 cm, no wait, 6 cm.", "x = 5 cm, no wait, 6.", "x = 5 apples, no wait, 6 apples.",
    "x = 5 apples, no wait, 6 apple.", "x = 5 cm (I mean 6 cm).", "x = 5 cm; actually 6 cm.",
    "x = 5 cm, wait, it's 6 cm.", "x = 5 cm, er, 6 cm.", "x = 5 cm, hmm, 6 cm.", "x = 5 cm. Sorry, 6 cm.",
    "x = 5 cm (oops, 6 cm)", "x = 5 cm; correction: 6 cm.", "x = 5 cm, make that 6 cm.", "x = 5 cm, or rather 6 cm.",
    "x = 5 cm, en fait 6 cm.", "x = 5 units, wait, it should be 6 units.", "x = 5 cm, wait: 6 cm.",
    "x = 5 cm -> no wait, 6 cm", "x = 5 cm — no wait — 6 cm.", "x = 5 apples, no wait, 6 apples!",
    # units of several words, powers, rates, degrees
    "x = 5 centimeters, no wait, 6 centimeters.", "x = 5 square units, no wait, 6.",
    "x = 5 square units, no wait, 6 square units.", "x = 5 kg of flour, no wait, 6.",
    "x = 5 kg of flour, no wait, 6 kg of flour.", "x = 5 m/s, no wait, 6 m/s.", "x = 5 cm^2, no wait, 6 cm^2.",
    "x = 5 cm², no wait, 6 cm².", "x = 5°, no wait, 6°.", "x = 5^\\circ, no wait, 6^\\circ.",
    # wrappers: case, markdown, LaTeX, lookalikes, ellipses, full-width marks, squeezed
    "X = 5 CM, NO WAIT, 6 CM.", "x = 5 **cm**, no wait, 6 cm.", "x = 5 cm, **no wait**, 6 cm.",
    "**x = 5 cm**, no wait, 6 cm.", "$x = 5$ cm, no wait, 6 cm.", "x = 5 \\text{ cm}, no wait, 6 \\text{ cm}.",
    "$x = 5\\,\\text{cm}$, no wait, $6\\,\\text{cm}$.", "$x = 5 \\mathrm{cm}$, no wait, $6 \\mathrm{cm}$.",
    "x = 5 cm, nо wait, 6 cm.", "x = 5 cm... no wait, 6 cm.", "x = 5 cm，等等，6 cm。", "x=5cm,nowait,6cm.",
    # the same wrappers without a unit (the bare correction, widened alike)
    "x = 5... no wait, 6.", "x = 5, **no wait**, 6.", "x = 5，等等，6。",
]


@pytest.mark.parametrize("step", CORRECTED_AFTER_A_UNIT)
def test_a_value_corrected_after_its_unit_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


def test_a_bare_key_number_corrected_after_its_unit_earns_nothing() -> None:
    assert not key_matched("The side is 5 cm, no wait, 6 cm.", "5")


HONEST_UNITS = [
    "x = 5 cm, no wait, 6 cm is too big, so x = 5 cm.", "x = 5 cm, no wait, 5 cm is right.",
    "x = 5 cm, no wait, 50 mm.", "x = 5 cm, or rather 50 mm.", "x = 5 cm, which is 50 mm.",
    "x = 5 cm; actually, 6 cm is the length of y.", "x = 5 cm. Wait, 6 cm for AB.", "x = 5 cm, so y = 6 cm.",
    "x = 5 cm, and y = 6 cm.", "x = 5 cm. Now y = 6 cm.", "x = 5 cm. Note 6 cm is y.", "x = 5 cm (see Fig. 6).",
    "x = 5 cm (Step 6).", "x = 5 units. Hmm, 6 units for y.", "x = 5 kg of flour, no, 6 kg of sugar.",
    "x = 5°, so y = 6°.", "x = 5°. Now the other angle is 6°.", "x = 5 cm. Therefore the area is 25 cm².",
]


@pytest.mark.parametrize("step", HONEST_UNITS)
def test_a_unit_before_other_words_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


# --- row 'key steps/alternatives': values offered beside the key's by other joints ---
OFFERED_BESIDE = [
    # "vs", "versus", "v." before a bare number
    "x = 5 (vs 6)", "X = 5 (VS 6)", "x = 5 (vs. 6)", "x = 5 vs. 6.", "x = 5 [vs 6]", "x = 5 （vs 6）",
    "x = 5, vs 6.", "x = 5 (versus 6)", "x = 5 v. 6", "x = 5 **(vs 6)**", "x = 5 *vs* 6", "x = 5 (`vs` 6)",
    "$x = 5$ (vs. $6$)", "$x = 5 \\text{ (vs } 6)$", "x = 5 \\quad\\text{vs}\\quad 6", "x = 5 cm (vs 6 cm)",
    "x = 5^{\\circ} (vs 6^{\\circ})", "x = 5^\\circ (vs 6)",
    # "resp.", bare and named
    "x = 5 (resp. 6)", "x = 5 (resp 6)", "x = 5, resp. 6.", "x = 5 resp. 6", "x = 5 (respectively 6)",
    "x = 5, respectively 6.", "x = 5 cm (resp. 6 cm)", "x = 5 (resp. x = 6)", "x = 5 resp. x = 6",
    "x = 5, respectively x = 6.", "x = 4 resp. x = 5", "x = 5cm resp. x = 6cm",
    # "and" and "&" with nothing after the second value
    "x = 5 (and 6)", "x = 5, and 6.", "x = 5 and also 6.", "x = 5 and maybe 6.", "x = 5 & 6 too.", "x = 5 (& 6)",
    "x = 5 \\& 6", "x = 5 and 6 as well.", "x = 5 cm and 6 cm.",
    # a second value said to be possible too, or given as an alternative
    "x = 5, 6 also possible.", "x = 5 (6 is also possible).", "x = 5, but 6 is possible too.",
    "x = 5; 6 is possible too.", "x = 5 (though 6 is also possible).", "x = 5 (6 could also work).",
    "x = 5 (6 is an option too)", "x = 5, 6 alternatively", "x = 5; 6, alternatively.", "x = 5 cm, 6 cm also possible.",
    "x = 5, though 6 also possible", "x = 5 or alternatively 6.", "x = 5 or even 6.",
    # a later value of the name said to be possible, or after an alternative's joint
    "x = 5. x = 6 also possible.", "x = 5; x = 6 is also possible.", "x = 5. x = 6 is also possible!",
    "x = 5 — x = 6 also possible.", "x = 5. X = 6 also possible.", "x = 5 (x = 6 is also possible).",
    "x = 5. Hmm, x = 6 is also possible.", "x = 5. But x = 6 is also possible.", "x = 5, x = 6 alternatively.",
    "x = 5. Alternatively, x = 6.", "x = 5. Alternatively: x = 6", "x = 5 (alternatively x = 6)",
    "x = 5. Or x = 6.", "x = 5. Or, x = 6.", "x = 5. Or perhaps x = 6.", "x = 5. Or maybe x = 6.",
    "x = 5 cm. Or x = 6 cm.", "x = 5 and x = 6 both possible.", "x = 5 and x = 6 are both possible.",
    "$x = 5$. $x = 6$ is also plausible.", "x = 5. \\(x = 6\\) also possible.",
    "x = 5 \\quad (x = 6 \\text{ also possible})",
]


@pytest.mark.parametrize("step", OFFERED_BESIDE)
def test_a_value_offered_beside_another_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize("step", ["The count is 5 (6 is also possible).", "The count is 5, though 6 is also possible.",
                                  "The count is 5, 6 alternatively."])
def test_a_bare_key_number_said_possible_beside_another_earns_nothing(step: str) -> None:
    assert not key_matched(step, "5")


HONEST_ENUMERATIONS = [
    # "and" between two quantities, or before a number that goes on
    "x = 5 and y = 6.", "x = 5 and 6 is the other side's length.", "x = 5, and 6 is even.", "x = 5 (and y = 6).",
    "x = 5 and 6 more apples are needed.", "x = 5 & y = 6.", "x = 5 and 6 for the other box.",
    "The sides are x = 5 and y = 6, respectively.", "x = 5 and y = 6 resp.", "x = 5 and 6 = y.",
    "Let x = 5 and 6 be the two numbers.",
    # a named second value after "and": a case analysis, as a comma list is
    "x = 5 and x = 6.", "x = 5, x = 6.",
    # possible only under a condition, in another case, as a root; rejected, or questioned
    "x = 5; 6 is likely too big.", "x = 5, 6 is possible only if a > 0.", "x = 5, 6 possible outcomes remain.",
    "x = 5 (6 is not possible).", "x = 5; 6 is impossible.", "x = 5. Is x = 6 also possible? No.",
    "x = 5. Could x = 6 also work? No, 2*6 = 12.", "x = 5. In the other case, x = 6 is also possible.",
    "x = 5; x = 6 is also possible if a < 0.", "x^2 - 11x + 30 = 0, so x = 5; x = 6 is also possible.",
    "x = 5 is a root; x = 6 is also a root.", "x = 5, so 6 is also possible for y.",
    # "alternatively" before the same value, or another method; another name; comparisons
    "x = 5. Alternatively, we can check x = 5 by substitution.", "x = 5. Alternatively, 2x = 10 gives the same.",
    "x = 5 (versus y = 6).", "x = 5; y = 6 is also possible.", "x = 5. y = 6 alternatively.",
    "x = 5 apples, or x = 6 pears for the other box", "x = 5 apples. Or x = 6 pears.",
    "x = 5 cm. Or x = 6 mm for the other.", "x = 5 vs y = 6: x is smaller.",
    "Finally x = 5.", "Clearly x = 5, and y = 6.",
]


@pytest.mark.parametrize("step", HONEST_ENUMERATIONS)
def test_honest_enumerations_keep_the_credit(step: str) -> None:
    assert key_matched(step)


@pytest.mark.parametrize("step", ["sides 5 and 6", "5 vs 6", "the values 5 and 6 are the legs", "5 (resp. 6)"])
def test_a_bare_key_number_compared_or_listed_keeps_the_credit(step: str) -> None:
    assert key_matched(step, "5")


def test_the_later_value_reader_directly() -> None:
    assert corrected_later("x = 5. x = 6 also possible.", 5, "x", "5")
    assert corrected_later("x = 5. alternatively, x = 6.", 5, "x", "5")
    assert not corrected_later("x = 5. x = 6 also possible if a < 0.", 5, "x", "5")
    assert not corrected_later("x = 5. for box b, x = 6 is also possible.", 5, "x", "5")
    assert not corrected_later("x = 5 apples. or x = 6 pears.", 5, "x", "5")
    assert not corrected_later("x = 5 and x = 6.", 5, "x", "5")


# --- the cheap tests hide nothing the patterns read ---
_UNIT_WORDS = ["x", "=", "5", "cm", "apples", "or", "6", "no", "wait", ",", "vs", "resp", ".", "&", "and", "also",
               "possible", "°", "(", ")", "though", "alternatively", "maybe", "i", "mean", "}", "$", "so", "the", "sq",
               "kg", "of", "^2", "²", "—", "…", "**", "nope", "now", "not", "err", "um", "versus", "v.", "but", "is"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_UNIT_WORDS), min_size=1, max_size=10))
def test_the_squeezed_head_test_hides_nothing_the_window_shows(words: list[str]) -> None:
    assert_squeezed_head_hides_nothing(words)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_UNIT_WORDS), min_size=1, max_size=10))
def test_the_plain_test_hides_nothing_the_window_shows(words: list[str]) -> None:
    for text in ("x = 5 " + " ".join(words), "x = 5" + " ".join(words)):
        window = context.after_window(text, 5)
        if context.not_stated_after(window, True, True):
            assert not context.plainly_not_stated_after(text, 5)


@pytest.mark.parametrize("flood", [
    "x = 5 cm" + ", no wait" * 2000, "x = 5 " + "cm " * 3000 + ", no wait, 6", "x = 5" + " (vs" * 2000,
    "x = 5" + ", 6 also" * 2000 + " possible", "x = 5. " + "x = 6 also possible? " * 500,
    "x = 5 " + "and " * 3000 + "6.", "x = 5" + "°" * 3000, "x = 5. " + "Or " * 3000 + "x = 6.",
])
def test_floods_stay_fast(flood: str) -> None:
    started = time.perf_counter()
    key_matched(flood)
    assert time.perf_counter() - started < 2.0
