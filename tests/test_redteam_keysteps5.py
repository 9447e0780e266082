"""Key-step credit a step should not earn, and credit it should, fifth pass (issue 15,
red-team class 'key steps': the four open key-step rows of test_redteam_open.py).

A step earns no key step for ``x = 5`` where it does not state x = 5:

- a hedging frame with a clause reports the value, it does not claim it (``Some claim that
  x = 5``, ``It seems that``, ``One could argue that``, ``Perhaps it is the case that``,
  ``Rumour has it that``, ``It is said that``, ``Apparently``, ``Il semble que``, ``据说``);
- a value offered beside another of its name with a joint other than "or" (``x = 5,
  alternatively x = 6``, ``x = 5 vs x = 6``, ``and/or``, ``|``);
- a chain of equalities that goes on past the value, through names and expressions, to
  another number (``x = 10/2 = 5 = z = 6``, ``x = 5 = AB = 6``);
- a value corrected later in its step without a denial word (``x = 5, no wait, x = 6``,
  ``x = 5. Actually, x = 6``, ``x = 5, no wait, 6``).

Each class is probed in many spellings (hedges, wrappers, lookalike letters, LaTeX, extra
lines, other languages), and the steps that state the key keep their credit.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepgrpo_rewards import match_key_steps, score_trace
from stepgrpo_rewards.keysteps import context, enumeration
from stepgrpo_rewards.keysteps.later_denial import corrected_later
from stepgrpo_rewards.keysteps.number_bounds import _equated_to_another, _GapWindows

TEMPLATE = "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n{}\n### The final answer is: 7"


def mulberry(steps: list[str], answer: str = "7") -> str:
    body = "".join(f"### Step {i}:\n{step}\n" for i, step in enumerate(steps, 1))
    return f"### Image Description:\nd\n### Rationales:\nr\n{body}### The final answer is: {answer}"


def key_matched(step_text: str, key: str = "x = 5") -> bool:
    return match_key_steps(mulberry([step_text]), [[key]]).matched == 1


@pytest.mark.parametrize("step", ["Some claim that x = 5.", "x = 5, alternatively x = 6.", "x = 10/2 = 5 = z = 6",
                                  "x = 5, no wait, x = 6."])
def test_the_reported_rows(step: str) -> None:
    # the four key-step rows that stood in test_redteam_open.OPEN_FINDINGS
    assert score_trace(TEMPLATE.format(step), "7", [["x = 5"]]).key_step_ratio == 0.0


# --- Hedging frames with a clause ---
HEDGES = [
    # the reported frames
    "Some claim that x = 5.", "It seems that x = 5.", "One could argue that x = 5.",
    "Perhaps it is the case that x = 5.", "Rumour has it that x = 5.", "Rumor has it x = 5.",
    # more subjects, modals and verbs
    "Some say x = 5.", "Some people claim that x = 5.", "Some would claim x = 5.", "Others argue that x = 5.",
    "Someone might say x = 5.", "They say that x = 5.", "Many believe that x = 5.", "People say x = 5.",
    "One might think that x = 5.", "One could perhaps argue that x = 5.", "You could say that x = 5.",
    "Some sources suggest that x = 5.", "One may conjecture that x = 5.", "Some might claim, that x = 5.",
    # passives
    "It is said that x = 5.", "It is rumoured that x = 5.", "It could be argued that x = 5.",
    "It has been claimed that x = 5.", "It can be argued that x = 5.", "Some may argue that x = 5.", "It's said that x = 5.", "It is believed that x = 5.",
    "It is widely believed that x = 5.",
    # appearance and hearsay adverbs
    "It appears that x = 5.", "It looks like x = 5.", "It would seem that x = 5.", "It seems to me that x = 5.",
    "Seems like x = 5.", "It seems as though x = 5.", "Apparently x = 5.", "Apparently, x = 5.",
    "Supposedly x = 5.", "Allegedly, x = 5.", "Reportedly x = 5.", "Arguably x = 5.", "Seemingly, x = 5.",
    "My hunch is that x = 5.", "I have a feeling that x = 5.", "We conjecture that x = 5.", "Word has it that x = 5.",
    # a doubt or a frame, then "it is the case"
    "It might be the case that x = 5.", "Maybe it is true that x = 5.", "It seems it is the case that x = 5.",
    "Possibly the case that x = 5.",
    # wrappers, case, lines, lookalikes
    "It seems that $x = 5$.", "It seems that \\(x = 5\\).", "IT SEEMS THAT x = 5.", "It seems\nthat x = 5.",
    "Sоme claim that x = 5.",  # a Cyrillic о
    "It sеems that x = 5.",  # a Cyrillic е
    "Some claim that **x = 5**.", "Apparently: x = 5.",
    # other languages
    "Es scheint, dass x = 5.", "Angeblich x = 5.", "Il semble que x = 5.", "On dit que x = 5.", "Apparemment, x = 5.",
    "Parece que x = 5.", "Al parecer x = 5.", "Dizem que x = 5.", "似乎x = 5", "好像 x = 5", "据说x=5", "看起来x = 5",
    # red-team of these rules
    'It seems that:\nx = 5',
    'Some claim that: $x = 5$',
    'Some claim that `x = 5`',
    'Some claim that "x = 5"',
    'Some claim — x = 5.',
    "It's been said that x = 5.",
    'Rumours say x = 5.',
    'One might naively think that x = 5.',
    'Some claim that \\[x = 5\\]',
    'Ѕome claim that x = 5.',
    'Apparеntly x = 5.',
    '听说x=5',
    '有人说x = 5',
    'Man sagt, dass x = 5.',
    'Se dice que x = 5.',
    'Supuestamente x = 5.',
    'not **x = 5**',
    '**Not** **x = 5**',
    'I doubt that **x = 5**.',
]

HONEST_FRAMES = [
    "It seems clear from the figure, x = 5.", "It seems we can simplify: x = 5.", "We claim that x = 5.",
    "I claim that x = 5.", "It follows that x = 5.", "It is clear that x = 5.", "It is the case that x = 5.",
    "Hence it is the case that x = 5.", "Some algebra shows that x = 5.", "Some simplification gives x = 5.",
    "One can show that x = 5.", "We argue that x = 5.", "Claim: x = 5.", "It appears in the figure that x = 5.",
    "The legend says x = 5.", "One can say that x = 5.", "It can be said that x = 5.", "As the problem says, x = 5.", "Accordingly, x = 5.", "Consequently x = 5.",
    "Evidently x = 5.", "The figure seems to show that the side is 10, so x = 5.", "No doubt that x = 5.",
    # red-team of these rules
    'It seems clear that we should compute x first; x = 5.',
    'Some values: x = 5.',
    'x = 5. Some claim otherwise, but the figure shows it.',
    'Apparently simple: the figure shows x = 5.',
    'The diagram seems to show AB = 10, hence x = 5.',
    "Let 'x = 5'.",
    'Set `x = 5`.',
    'We get "x = 5".',
    'so **x = 5**',
    "It's x = 5",
]


@pytest.mark.parametrize("step", HEDGES)
def test_a_hedging_frame_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize("step", HONEST_FRAMES)
def test_a_frame_that_asserts_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


# --- Alternatives joined otherwise than by "or" ---
ALTERNATIVES = [
    "x = 5, alternatively x = 6.", "x = 5; alternatively, x = 6.", "x = 5 (alternatively x = 6)",
    "x = 5; alternatively: x = 6", "x = 5, alternately x = 6", "x = 4, alternatively x = 5.",
    "x = 4; alternatively, x = 5", "x = 5 vs x = 6", "x = 5 vs. x = 6", "x = 5 VS x = 6", "x = 5 versus x = 6",
    "x = 4 vs x = 5", "x = 4 versus x = 5", "x = 5 and/or x = 6", "x = 5 and / or x = 6", "x = 5 or/and x = 6",
    "x = 4 and/or x = 5", "x = 5 | x = 6", "x = 5 || x = 6", "x = 4 | x = 5", "x = 5 \\mid x = 6",
    "x = 5 — or x = 6", "x = 5; or x = 6", "x = 5, alternatively 6", "x = 5 and/or 6", "x = 5, alternatively, 6",
    # wrappers, lines, lookalikes
    "$x = 5$ vs $x = 6$", "\\(x = 5\\) vs \\(x = 6\\)", "x = 5 \\text{ vs } x = 6", "x = 5\nvs\nx = 6",
    "x = 5 vѕ x = 6",  # a Cyrillic ѕ
    "x=5 vs x=6", "x = 5 cm vs x = 6 cm",
    # other languages
    "x = 5 ou bien x = 6", "x = 5 o bien x = 6", "x = 5 oder auch x = 6", "x = 5 alternativ x = 6",
    "x = 5, alternativement x = 6", "x = 5 或者是 x = 6", "x = 5 要么 x = 6", "x = 5 und/oder x = 6",
    # red-team of these rules
    'x = 5, or, alternatively, x = 6',
    'x = 5 (vs. x = 6)',
    'x = 5 [or x = 6]',
    'x = 5 &/or x = 6',
    'x = 5 and or x = 6',
    'x = 5 ∣ x = 6',
    'x = 5 \\| x = 6',
    '$x = 5 \\text{ or alternatively } x = 6$',
    'x = 5\n\nvs\n\nx = 6',
    'x = 5 ALTERNATIVELY x = 6',
    'x = 5, alternatively X = 6',
    'x = 5, alternatively ｘ＝６',
    'x = 5 oppure x = 6',
    'x = 5 или x = 6',
    'x = 5 または x = 6',
    'x = 5 cm vs x = 6 cm',
]

HONEST_JOINTS = [
    "x = 5, so y = 6.", "x = 5 and y = 6", "Thus x = 5; alternatively we can check it with y.",
    "x = 5; alternatively, substitute into the second equation to get the same.",
    "x = 5 vs the previous guess x = 3, which was wrong.", "x = 5 | y = 6", "x = 5 and/or y = 6", "x = 5 vs y = 6",
    "x = 5 instead of x = 6.", "x = 5 rather than x = 6.", "x = 5 resp. y = 6", "Compare x = 5 with y = 6.",
    "Alternatively, x = 5.", "x = 4 fails. Alternatively, x = 5 works.",
    # red-team of these rules
    'x = 5 is the solution; the other candidate x = 6 fails.',
    'First x = 5; otherwise the figure breaks.',
    'x = 5 versus our earlier estimate of 7, which was off.',
    'x = 5 (alternatively written 5/1).',
]


@pytest.mark.parametrize("step", ALTERNATIVES)
def test_alternatives_with_other_joints_earn_no_key_step(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize("step", HONEST_JOINTS)
def test_a_joint_to_another_name_or_a_method_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


# --- A chain that goes on past the value to another number ---
CHAINS = [
    "x = 10/2 = 5 = z = 6", "x = 5 = z = 6", "x = 5 = AB = 6", "x = 5 = y = 6.", "x = 5 = 10/2 = 6",
    "x = 5 = 5.0 = 6", "x = 5 = y = 5 = 6", "x = 5 = \\frac{10}{2} = 6", "$x = 5 = z = 6$", "\\(x = 5 = z = 6\\)",
    "x = 5 = y_1 = 6", "x = 5 = y_{1} = 6", "x = 10/2 = 5 = AB = 6 cm", "x = 5=z=6", "x = 5 = z = -6",
    "x = 5 = \\alpha = 6", "x = 5 = f(2) = 6", "x = 5 = AB = CD = 6", "x = 5 = 6 cm", "x = 2 + 3 = 5 = z = 6",
    "x = 5 = ∠ABC = 6", "x = 5 = z = 6.0",
    # red-team of these rules
    'x = 5 = z = 6 = w',
    'x = 5 = z = 06',
    'x = 5 = (z) = 6',
    'x = 5 = |z| = 6',
    'x = 5 = z \\cdot 1 = 6',
    'x = 5 = \\text{z} = 6',
    'x = 5 = \\mathrm{AB} = 6',
    '$x = 5$ = z = 6',
    'x = 5 = ab ∙ c = 6',
]

HONEST_CHAINS = [
    "x = 10/2 = 5 = 5.0", "x = 5 = AB", "x = 5 = AB = 5", "x = 5 = AB, so y = 6", "x = 5 = AB so y = 6",
    "x = 5 = 10/2", "x = 5 = y. Then z = 6.", "x = 5 = y\nz = 6", "x = 5 = y, z = 6", "x = 5 = y and z = 6",
    "x = 10/2 = 5 = AB and CD = 6", "x = 5 = y; z = 6", "x = 5 = y where y = 5", "x = 5 = total, so w = 6",
    "x = 10/2 = 5", "x = 5 (i.e. x = 10/2)", "x = 5 = 5 cm", "x = 5 = \\frac{10}{2}",
    # red-team of these rules
    'x = 5 = AB.',
]


@pytest.mark.parametrize("step", CHAINS)
def test_a_chain_on_to_another_number_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize("step", HONEST_CHAINS)
def test_a_chain_that_keeps_the_value_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


def test_the_chain_reader_directly() -> None:
    assert _equated_to_another("x = 5 = z = 6", 5, "x = 5")
    # a squeezed text is read through its windows, with its whitespace in place
    assert _equated_to_another("x=5=z=6", 3, "x=5", _GapWindows("x=5=z=6", lambda p: False))
    assert not _equated_to_another("x=5=absoy=6", 3, "x=5", _GapWindows("x=5=absoy=6", lambda p: p in (6, 8)))
    assert not _equated_to_another("x = 5 = ab so y = 6", 5, "x = 5")
    assert not _equated_to_another("x = 5 = z = 5.0", 5, "x = 5")


# --- A correction later in the step ---
CORRECTIONS = [
    "x = 5, no wait, x = 6.", "x = 5, wait, x = 6.", "x = 5. Wait, x = 6.", "x = 5, but actually x = 6.",
    "x = 5. Actually, x = 6.", "x = 5; scratch that, x = 6.", "x = 5, I mean x = 6.", "x = 5. Correction: x = 6.",
    "x = 5, sorry, x = 6.", "x = 5. Oops, x = 6.", "x = 5, no, x = 6.", "x = 5, rather x = 6.",
    "x = 5; make that x = 6.", "x = 5. Hmm, wait. Let me recompute: 2x = 12, so x = 6.",
    "x = 5. No wait, x = 6 since 2x = 12.", "x = 5, hold on, x = 6", "x = 5 — no wait — x = 6",
    "x = 5, no wait x = 6", "x = 5 no wait x = 6", "x = 5, no wait, x = 6.5", "x = 5, no wait, x = -5",
    "x = 5. Actually, on second thought, x is 6.", "x = 5, wait, that should be x = 6.", "x = 5, I was wrong, x = 6.",
    "x = 5; instead, x = 6.", "x = 5. Hmm, x = 6.", "x = 5. Rechecking, x = 6.", "x = 5.\n\nWait, x = 6.",
    "x = 5. Wаit, x = 6.",  # a Cyrillic а
    # wrappers and spellings
    "$x = 5$, no wait, $x = 6$.", "\\(x = 5\\), no wait, \\(x = 6\\).", "x=5,nowait,x=6", "X = 5, NO WAIT, X = 6",
    "ｘ＝５, no wait, ｘ＝６",
    # a bare corrected value right after
    "x = 5, no wait, 6.", "x = 5 (I mean 6).", "x = 5; actually 6.", "x = 5, wait, it's 6.", "x = 5 (wait, 6)",
    "x = 5, no wait, it should be 6.", "x = 5, I mean, 6.", "x = 5, no wait, $6$.", "x = 5 cm, no wait, x = 6 cm",
    # other languages
    "x = 5. Warte, x = 6.", "x = 5. En fait, x = 6.", "x = 5. Espera, x = 6.", "x = 5，等等，x = 6", "x = 5，不对，x = 6",
    "x=5，其实x=6",
    # red-team of these rules
    'x = 5... wait... x = 6',
    'x = 5 -- wait -- x = 6',
    'x = 5. Hold on. x = 6',
    'x = 5. Actually no: x = 6',
    'x = 5 -> actually x = 6',
    'x = 5. Let me fix that: x = 6',
    'x = 5. Ah, x = 6.',
    'x = 5. Oh no, x = 6.',
    "x = 5. That's wrong; x = 6.",
    'x = 5. Never mind, x = 6.',
    'x = 5. Umm, x = 6.',
    'x = 5. Whoops. x = 6.',
    'x = 5, wait, x should be 6',
    'x = 5 → wait → 6',
    'x = 5。等等，x = 6。',
    'x = 5. Eigentlich x = 6.',
    'x = 5. Na verdade, x = 6.',
    'x = 5. De hecho, x = 6.',
]

HONEST_LATER = [
    "x = 5, so y = 6.", "Wait, we can simplify: x = 5.", "x = 5. Wait, we also need y = 6.", "x = 5. Actually, y = 6.",
    "x = 5. Wait, x = 5 indeed.", "x = 6, no wait, x = 5.", "x = 5 instead of x = 6.", "x = 5 rather than x = 6.",
    "x = 5. Wait, what if x = 6? Then 2x = 12, not 10.", "x = 5, no wait, x = 5.0 is the same.",
    "x = 5. Actually 2x = 10, as required.", "x = 5, wait, 2x = 10.", "x = 5. Actually, we check: 2*5 = 10.",
    "x = 5, x = 6, x = 7 are the three cases.", "x = 5. No mistakes here; then y = 6.",
    "x = 5, no wait, 6 is too big, so x = 5.", "x = 5. Double-checking: 2x = 10, so x = 5.",
    # red-team of these rules
    'x = 5. Wait for the second part: y = 6.',
    'x = 5. Actually this also gives y = 6.',
    'x = 5 holds; now wait: we also need y.',
    'Suppose x = 6? No wait, x = 5.',
    'x = 5. Rather, more precisely, x = 5.0.',
    'x = 5. I mean, this is clear.',
]


@pytest.mark.parametrize("step", CORRECTIONS)
def test_a_value_corrected_later_earns_no_key_step(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize("step", HONEST_LATER)
def test_a_later_check_or_another_name_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


def test_a_correction_in_another_step_leaves_the_credit() -> None:
    # a later step that opens with a correction takes the key back since round 10
    # (test_redteam_keysteps10.py); one that opens otherwise is another step of the work
    assert match_key_steps(mulberry(["x = 5.", "No wait, x = 6."]), [["x = 5"]]).matched == 0
    assert match_key_steps(mulberry(["x = 5.", "For box B, x = 6."]), [["x = 5"]]).matched == 1


def test_corrections_of_other_keys() -> None:
    assert not key_matched("∠B = 30°, no wait, ∠B = 40°", "∠B = 30°")
    assert not key_matched("∠B = 30°, so ∠B ≠ 30°", "∠B = 30°")  # the inequality rule, with the raw "∠"
    assert key_matched("∠B = 30°, so ∠B ≠ 40°", "∠B = 30°")
    assert not key_matched("AB = 12, no wait, AB = 13", "AB = 12")
    assert not key_matched("3*4 = 12, no wait, 13.", "3*4 = 12")
    assert key_matched("AB = 12, wait, CD = 13", "AB = 12")


def test_the_correction_reader_directly() -> None:
    text = "x = 5, no wait, x = 6. then y = 2"
    assert corrected_later(text, 5, "x", "5")
    assert not corrected_later("x = 5, no wait, x = 5.0", 5, "x", "5")
    assert not corrected_later("x = 5. wait, if x = 6 then", 5, "x", "5")
    assert corrected_later("x = 5\x00wait, x = 6", 5, "x", "5")  # a later step that opens with it (round 10)
    assert not corrected_later("x = 5\x00so x = 6", 5, "x", "5")  # one that opens otherwise


# --- The cheap guards hide none of the new rules ---
_FRAME_WORDS = ["some", "claim", "that", "it", "seems", "one", "could", "argue", "perhaps", "is", "the", "case",
                "rumour", "has", "apparently", "said", "would", "people", "may", ",", "true", "to", "me", "like",
                "似乎", "il", "semble", "que", "we", "x"]


@settings(max_examples=600)
@given(st.lists(st.sampled_from(_FRAME_WORDS), min_size=1, max_size=7))
def test_the_before_guard_hides_no_frame(words: list[str]) -> None:
    window = " ".join(words)
    if context._taken_back_before(window, True, "x"):
        assert context.may_be_taken_back_before(window.replace(" ", ""))


_JOINT_PIECES = ["x = 4", "4", " ", ",", ";", ":", "alternatively", "vs", "vs.", "versus", "and/or", "or/and", "|",
                 "||", "\\mid", "要么", "或是", "x", "$", "or", "cm", "\\text{ vs }", "alternativ", "and / or"]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(_JOINT_PIECES), max_size=10))
def test_the_alternative_guard_hides_no_joint(pieces: list[str]) -> None:
    text = "".join(pieces).lower()
    ored, listed = enumeration._alternatives_before("x")
    reverse = text[::-1]
    if ored.match(reverse) is not None:
        assert enumeration.may_follow_alternative(text, len(text), True)
