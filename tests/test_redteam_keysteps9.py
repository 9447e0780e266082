"""Key-step credit a step should not earn, and credit it should, ninth pass (issue 15:
the 'key steps/hedge' row and the two 'key steps/alternatives' rows of
test_redteam_open.py, closed as classes).

False positives, fixed as classes:

- words between a hedging frame and its clause (`stepgrpo_rewards.keysteps.inserts`): a
  parenthetical without digits (``Some claim (without proof) that x = 5``), an
  interjection between commas or dashes (``Some claim, in fact, that x = 5``, ``It seems
  that, at first glance, x = 5``), an adverbial phrase (``It seems that honestly x = 5``),
  markdown and text commands round the clause (``It seems that *x = 5*``, ``_x = 5_``,
  ``\\textit{x = 5}``); and first-person hedges (``I would say x = 5``, ``I'd guess``,
  ``I reckon``, ``my best guess is``);
- another value of the name after "otherwise", "else", "sinon" with no condition in the
  sentence (``x = 5, otherwise x = 6``), after a comparison (``x = 5 against x = 6``,
  ``compared with``), after a joint in LaTeX spacing or a text command (``x = 5
  \\quad\\text{vs}\\quad x = 6``), or said to hold too (``x = 5, but x = 6 too``)
  (`stepgrpo_rewards.keysteps.second_value.offered_to_name`);
- a second bare number in a parenthetical or a trailing clause right after the value,
  with words that offer it (``x = 5 (also 6)``, ``(6 also works)``, ``, though 6 works
  too``, ``(plus 6)``, ``(alt. 6)``, ``(otherwise 6)``, ``(6?)``, ``(\\text{or } 6)``)
  (`second_value.offered_beside_after`).

Honest steps keep the credit: a frame whose clause is another (``We doubt y = 6; in fact
x = 5``), an adverb alone (``In fact, x = 5``), "we claim"; a case analysis (``if a > 0, x
= 5, otherwise x = 6``, ``x = 5 if a > 0, otherwise x = 6``); a parenthetical that refers
(``(Step 6)``, ``(eq. 2)``, ``(see Fig. 6)``), restates (``5 cm (50 mm)``), names another
quantity (``(y = 6)``), commits (``(not 6)``, ``(instead of 6)``) or computes (``(6 - 1)``).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traces import key_matched

from stepgrpo_rewards.keysteps import context, number_bounds
from stepgrpo_rewards.keysteps.inserts import may_end_with_insert, without_inserts
from stepgrpo_rewards.keysteps.second_value import offered_beside_after, offered_to_name

# --- row 'key steps/hedge': words between a hedging frame and its clause ---
HEDGED_THROUGH_INSERTS = [
    # a parenthetical between the frame's verb and its clause word, or before the key
    "Some claim (without proof) that x = 5.", "Some claim (without any proof) that x = 5.",
    "Some claim [sic] that x = 5.", "It seems (to me) that x = 5.", "Some claim that (without proof) x = 5.",
    "Perhaps (without proof) x = 5.", "It seems （to me） that x = 5.", "Some claim (allegedly) x = 5.",
    # an interjection between commas or dashes
    "Some claim, in fact, that x = 5.", "Some claim that, at first glance, x = 5.",
    "It seems, at first glance, that x = 5.", "Some people claim, without proof, that x = 5.",
    "Maybe, at first glance, x = 5.", "It seems — at first glance — that x = 5.",
    "Some claim，in fact，that x = 5.", "It seems that, honestly, x = 5.", "Some say, we hear, that x = 5.",
    # an adverbial phrase without commas
    "It seems that in fact x = 5.", "Some claim that at first glance x = 5.", "Maybe honestly x = 5.",
    "It seems that actually x = 5.", "Some claim in fact that x = 5.", "Perhaps really x = 5.",
    # markdown and text commands round the clause
    "It seems that *x = 5*.", "Some claim that *x = 5*.", "It seems that _x = 5_.", "It seems that `x = 5`.",
    "Maybe *x = 5*.", "Some claim that ~x = 5~.", "It seems that ***x = 5***.",
    # several inserts
    "Some claim (without proof), in fact, that *x = 5*.", "It seems, honestly, that, in fact, x = 5.",
    # first-person hedges
    "I would say x = 5.", "I'd say x = 5.", "I’d say x = 5.", "I would guess x = 5.", "I'd guess that x = 5.",
    "I'm inclined to say x = 5.", "I'd argue x = 5.", "I reckon x = 5.", "I think x = 5.", "I believe x = 5.",
    "My best guess is x = 5.", "I'd wager x = 5.", "I'm pretty sure x = 5.", "If I had to guess, x = 5.",
    "I would say, at first glance, x = 5.", "I'd say (roughly) x = 5.",
    # case, lookalikes, LaTeX
    # other marks and spacing: an ellipsis, spaced hyphens, LaTeX spacing, a text command, a tag
    "It seems that... x = 5.", "It seems that … x = 5.", "It seems that - at first glance - x = 5.",
    "Some claim that \\quad x = 5.", "Some claim that \\textbf{x = 5}.", "It seems that \\textit{x = 5}.",
    "Some claim that <b>x = 5</b>.", "Some claim (without proof) that: x = 5.", "Some claim—without proof—that x = 5.",
    "Some claim, rather boldly, that x = 5.", "Some claim ( without proof ) that x = 5.",
    "IMO x = 5.", "In my opinion, x = 5.", "I'd go with x = 5.", "I would say: x = 5.", "I think, in fact, x = 5.",
    "SOME CLAIM (WITHOUT PROOF) THAT X = 5.", "Some claim (without prооf) that x = 5.",
    "Some claim (without proof) that $x = 5$.", "\\text{Some claim (without proof) that } x = 5",
]


@pytest.mark.parametrize("step", HEDGED_THROUGH_INSERTS)
def test_a_hedge_frame_read_through_inserts_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


def test_a_bare_key_number_hedged_through_an_insert_earns_nothing() -> None:
    assert not key_matched("Some claim (without proof) that the count is 5.", "the count is 5")
    assert not key_matched("I would say 12 is the total.", "12")


HONEST_BEFORE = [
    "In fact, x = 5.", "So, in fact, x = 5.", "At first glance the figure shows x = 5.", "We claim that x = 5.",
    "It seems clear from the figure, x = 5.", "We doubt y = 6; in fact x = 5.", "We doubt y = 6. In fact, x = 5.",
    "Indeed, x = 5.", "Clearly, x = 5.", "Therefore, x = 5.", "Thus (by the rule) x = 5.",
    "From the figure (see above), x = 5.", "Hence, *x = 5*.", "**Answer:** x = 5.", "We get, in fact, x = 5.",
    "Not 6: in fact, x = 5.", "Some claim y = 6, but in fact x = 5.", "They said y = 6; honestly, x = 5.",
    "Using the rule (angle sum), x = 5.", "By (1), x = 5.", "Now, x = 5.", "So we have *x = 5*.",
    "Step 2 (the key step): x = 5.", "We know that, in fact, x = 5.",
]


@pytest.mark.parametrize("step", HONEST_BEFORE)
def test_honest_words_before_a_key_keep_the_credit(step: str) -> None:
    assert key_matched(step)


# --- row 'key steps/alternatives': "otherwise", comparisons, LaTeX spacing ---
OFFERED_BY_OTHER_JOINTS = [
    "x = 5, otherwise x = 6.", "x = 5, else x = 6.", "x = 5, sinon x = 6.", "x = 5; otherwise x = 6.",
    "x = 5 otherwise x = 6.", "x = 5 (otherwise x = 6).", "x = 5, or else x = 6.", "x = 5, sonst x = 6.",
    "x = 5, otherwise 6.", "x = 5 otherwise 6.", "x = 5 — otherwise x = 6.", "X = 5, OTHERWISE X = 6.",
    "x = 5, **otherwise** x = 6.", "$x = 5$, otherwise $x = 6$.", "x = 5 \\text{ otherwise } x = 6",
    "x = 5, оtherwise x = 6.", "x = 5 cm, otherwise x = 6 cm.",
    # comparisons
    "x = 5 against x = 6.", "x = 5 compared with x = 6.", "x = 5 compared to x = 6.", "x = 5 (against x = 6)",
    "x = 5, compared with x = 6.", "x = 5 in comparison with x = 6.",
    # LaTeX spacing or a text command round a joint before a named second value
    "x = 5 \\quad\\text{vs}\\quad x = 6", "x = 5 \\qquad \\text{or} \\qquad x = 6", "x = 5 \\;\\text{versus}\\; x = 6",
    "x = 5 \\quad\\text{vs.}\\quad x=6", "x = 5 \\textbf{vs} x = 6", "$x = 5 \\quad \\text{vs} \\quad x = 6$",
    "x = 5 \\, \\mathrm{or} \\, x = 6", "x = 5 \\quad\\textit{resp.}\\quad x = 6",
]


@pytest.mark.parametrize("step", OFFERED_BY_OTHER_JOINTS)
def test_a_value_beside_another_after_otherwise_or_a_comparison_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


HONEST_CASES = [
    "if a > 0, x = 5, otherwise x = 6.", "If a > 0 then x = 5, else x = 6.", "x = 5 if a > 0, otherwise x = 6.",
    "x = 5 when a > 0; otherwise x = 6.", "For a > 0, x = 5; otherwise x = 6.", "x = 5 (and otherwise x = 6 when a < 0).",
    "When the triangle is acute, x = 5, otherwise x = 6.", "In case A, x = 5; otherwise x = 6.",
    "x = 5 because otherwise x = 6 would make AB negative.", "Since a > 0, x = 5; otherwise x = 6 would hold.",
    "x = 5, otherwise the sum exceeds 10.", "x = 5 as opposed to x = 6.", "x = 5 against y = 6.",
    "x = 5 compared with y = 6: x is smaller.", "x = 5 \\quad\\text{vs}\\quad y = 6", "x = 5 \\quad \\text{and} \\quad y = 6",
    "x = 5, otherwise y = 6.",
]


@pytest.mark.parametrize("step", HONEST_CASES)
def test_case_analyses_and_other_names_keep_the_credit(step: str) -> None:
    assert key_matched(step)


# --- row 'key steps/alternatives': other words offering a second value ---
SECOND_VALUES = [
    "x = 5 (also 6)", "x = 5 (6 also works)", "x = 5, though 6 works too", "x = 5, but x = 6 too", "x = 5 (plus 6)",
    "x = 5 (alt. 6)", "x = 5 (otherwise 6)", "x = 5 (6?)", "x = 5 (\\text{or } 6)",
    # more lead words, tails, and their runs
    "x = 5 (could also be 6)", "x = 5 (6 works too)", "x = 5 (6 is fine too)", "x = 5; 6 also works.",
    "x = 5, also 6.", "x = 5 (maybe also 6)", "x = 5 (but also 6)", "x = 5 (or possibly 6)", "x = 5 (perhaps 6)",
    "x = 5 (alternatively 6)", "x = 5 (6 is valid too)", "x = 5 (6 fits as well)", "x = 5, 6 works too.",
    "x = 5 — also 6.", "x = 5, but 6 works as well.", "x = 5, although 6 also fits.", "x = 5 (6 too)",
    "x = 5 (either 6)", "x = 5 (auch 6)", "x = 5 (aussi 6)", "x = 5 (6 is an option)", "x = 5 (6 ?)",
    "x = 5 (6？)", "x = 5, but x = 6 works too.", "x = 5, though x = 6 also works.", "x = 5 (but x = 6 too)",
    "x = 5, and also x = 6 too.",
    # wrappers: brackets, markdown, LaTeX, case, lookalikes, full-width, units
    "x = 5 [also 6]", "x = 5 （also 6）", "x = 5 (**also** 6)", "x = 5 *(also 6)*", "X = 5 (ALSO 6)",
    "x = 5 (аlso 6)", "$x = 5$ (also $6$)", "$x = 5 \\; (\\text{also } 6)$", "x = 5 (\\textbf{or} 6)",
    "x = 5 cm (also 6 cm)", "x = 5 cm (6 cm works too)", "x = 5° (also 6°)", "x = 5 (\\text{alt. } 6)",
    # other joints, tails, number words, named second values, slashes and bars
    "x = 5 (else 6)", "x = 5 (sinon 6)", "x = 5, else 6.", "x = 5 \\text{ else } x = 6", "x = 5 (ou 6)",
    "x = 5 (oder 6)", "x = 5 (6 maybe)", "x = 5 (6 perhaps)", "x = 5 (6 is also an option)", "x = 5 (also: 6)",
    "x = 5 (alt: 6)", "x = 5 (alternative: 6)", "x = 5, though maybe 6.", "x = 5, although possibly 6.",
    "x = 5 (6 is equally valid)", "x = 5 (+6 too)", "x = 5 (x = 6 also works)", "x = 5 (x = 6?)",
    "x = 5, x = 6 too.", "x = 5, also x = 6.", "x = 5 (also \\(6\\))", "x = 5 (also six)", "x = 5 (also 6!)",
    "x = 5 (6, too)", "x = 5 / also 6", "x = 5 | also 6", "x = 5 (second option: 6)", "x = 5 (another option: 6)",
    "x = 5 (other answer: 6)", "x = 5 (option B: 6)", "x = 5 (also -6)", "x = 5 (also 6.5)", "x = 5 ( also 6 )",
]


@pytest.mark.parametrize("step", SECOND_VALUES)
def test_a_second_value_offered_in_other_words_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize(("step", "key"), [("3*4 = 12 (also 13)", "3*4 = 12"), ("The count is 5 (also 6).", "5"),
                                           ("The count is 5 (6?).", "5"), ("The count is 5, though 6 works too.", "5")])
def test_other_keys_with_a_second_value_earn_nothing(step: str, key: str) -> None:
    assert not key_matched(step, key)


HONEST_PARENTHETICALS = [
    "x = 5 (from step 2)", "x = 5 (Step 6)", "x = 5 (see Fig. 6)", "x = 5 (since 2 + 3 = 5)", "x = 5 (= 10/2)",
    "x = 5 (out of 6)", "x = 5 (not 6)", "x = 5 (instead of 6)", "x = 5 (rounded to 2 decimal places)",
    "x = 5 (eq. 2)", "x = 5 (mod 7)", "x = 5 (y = 6)", "x = 5 (and y = 6 too)", "x = 5, and y = 6 too.",
    "x = 5, but y = 6.", "x = 5, though y = 6.", "x = 5, so 6 works too for y.", "x = 5 (also y = 6)",
    "x = 5 (down from 6)", "x = 5 (previously 6, now fixed)", "x = 5 (also true for n = 6)", "x = 5 cm (50 mm)",
    "x = 5 cm (also 50 mm)", "x = 5 (2 + 3)", "x = 5 (6 - 1)", "x = 5 (6 is wrong)", "x = 5 (6 is the other root)",
    "x = 5 (6 is a root too, rejected)", "x = 5, and 6 is the other side.", "x = 5, and 6 is even.",
    "x = 5; 6 is also possible if a < 0.", "x = 5 (also, y = 6)", "x = 5 (also see step 6)",
    "x = 5 (plus 6 for y)", "x = 5, plus 6 more apples.", "x = 5 (6 cm from A)", "x = 5, 6 sides in total.",
    "x = 5 (for 6 people)", "x = 5, then 6 for the next step.", "x = 5 (then y = 6)", "x = 5 (a 6-gon)",
    "x = 5 (another 6 for B)", "x = 5, the second is 6.", "x = 5 (second: y = 6)", "x = 5 (other side: 6 cm)",
    "x = 5 (one of them)", "x = 5 (one less than 6)", "x = 5 (six sides)", "x = 5 (+1 from before)",
    "x = 5 (i.e. five)", "x = 5 | y = 6", "x = 5 (option A)", "x = 5 (twice 2.5)", "x = 5, also known as 5.0.",
    "x = 5. Also 6 apples are left.", "x = 5; also, y = 6.", "x = 5, also y = 6 too.", "x = 5 (x = 5 also works)",
]


@pytest.mark.parametrize("step", HONEST_PARENTHETICALS)
def test_honest_parentheticals_and_clauses_keep_the_credit(step: str) -> None:
    assert key_matched(step)


@pytest.mark.parametrize("step", ["sides 5 and 6", "5 vs 6", "5 (resp. 6)", "5 (Step 6)", "5 (see eq. 6)"])
def test_a_bare_key_number_listed_keeps_the_credit(step: str) -> None:
    assert key_matched(step, "5")


# --- the readers directly ---
def test_the_insert_reader_directly() -> None:
    assert without_inserts("some claim (without proof) that") == "some claim that"
    assert without_inserts("some claim, in fact, that") == "some claim that"
    assert without_inserts("it seems that, at first glance,") == "it seems that"
    assert without_inserts("someclaim(withoutproof)that") == "someclaimthat"
    assert without_inserts("so,") == "so,"
    assert without_inserts("we doubt y = 6, in fact") == "we doubt y = 6"
    assert may_end_with_insert("claim (without proof) that") and not may_end_with_insert("we have")


def test_the_second_value_readers_directly() -> None:
    assert offered_beside_after(" (also 6)") and offered_beside_after(", though 6 works too")
    assert not offered_beside_after(" (step 6)") and not offered_beside_after(", and 6 is the other side.")
    assert offered_to_name("x = 5, otherwise x = 6.", 0, 5, "x")
    assert not offered_to_name("if a > 0, x = 5, otherwise x = 6.", 10, 15, "x")


# --- the cheap tests hide nothing the patterns read ---
_WORDS = ["x", "=", "5", "6", "(", ")", ",", "also", "plus", "alt.", "otherwise", "though", "works", "too", "?",
          "or", "\\text{or", "}", "cm", "step", "but", "maybe", "is", "fine", "$", "**", "[", "]", ";", "—", "and"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=10))
def test_the_plain_test_hides_no_second_value(words: list[str]) -> None:
    for text in ("x = 5 " + " ".join(words), "x = 5" + " ".join(words)):
        window = context.after_window(text, 5)
        if context.not_stated_after(window, True, True):
            assert not context.plainly_not_stated_after(text, 5)


_BEFORE_WORDS = ["some", "claim", "that", "(without", "proof)", ",", "in", "fact", "it", "seems", "*", "_", "maybe",
                 "honestly", "i", "would", "say", "we", "so", "—", "(", ")", "at", "first", "glance", "not", "\\textit{"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_BEFORE_WORDS), min_size=1, max_size=10))
def test_the_plain_test_before_hides_no_insert(words: list[str]) -> None:
    for text in (" ".join(words) + " x = 5", " ".join(words) + "x = 5"):
        start = len(text) - 5
        if number_bounds._plainly_in_context(text, start, len(text)):
            assert number_bounds._in_context(text, start, len(text), "x = 5")


@pytest.mark.parametrize("flood", [
    "Some claim " + "(a)" * 3000 + " that x = 5", "Some claim" + ", in fact," * 3000 + " x = 5",
    "x = 5" + " (also" * 3000 + " 6)", "x = 5, otherwise" + " x = 6, otherwise" * 1000,
    "x = 5" + ", though" * 3000 + " 6 works too", "It seems that " + "*" * 5000 + "x = 5",
    "x = 5 \\quad" * 2000 + "\\text{vs} x = 6", "I would say " * 2000 + "x = 5",
])
def test_floods_stay_fast(flood: str) -> None:
    started = time.perf_counter()
    key_matched(flood)
    assert time.perf_counter() - started < 2.0
