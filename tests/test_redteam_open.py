"""Open red-team findings against the verifier and the key-step matcher (issue 15).

A red-team pass on the merged code (2026-12-07) found these false positives: each is a
completion a careful grader marks wrong, or a step that earns key-step credit it should
not, and each is a reward a policy could learn to collect. They are kept here as strict
expected failures, so that the list cannot go stale: a fix turns its case into an
unexpected pass, which fails the run until the case moves into test_redteam.py.
"""

from __future__ import annotations

import pytest

from stepgrpo_rewards import RewardConfig, answers_equivalent, score_trace

#: (class, what is checked, completion or answer, gold, key steps, layout, why a grader disagrees)
OPEN_FINDINGS = [
    ('key steps/hedge', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nSome claim (without proof) that x = 5.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "words between a hedging frame and its clause ('(without proof)', 'in fact', 'at first glance'), italics ('*x = 5*') and first-person hedges ('I would say') hide the frame (found in round 5)"),
    ('key steps/alternatives', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5, otherwise x = 6.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "'otherwise', 'else' and 'sinon' without an 'or' are left to a case analysis ('if a > 0, x = 5, otherwise x = 6'), and comparisons ('against', 'compared with') and LaTeX spacing around a joint before a named second value ('x = 5 \\\\quad\\\\text{vs}\\\\quad x = 6'; before a bare one it is read since round 7) are not read as joints (found in round 5)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\ny = 6 = x = 5\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a chain read only after the key's value: one that equates the key's name to another value before it ('y = 6 = x = 5', '6 = total = x = 5', swapped '6 = total = 5 = x'), one continued at the start of the next step ('= 6'), and operators in words or TeX primitives ('= 3 plus 3', '= {12 \\\\over 2}') keep the credit (red-team of the chain rows, test_redteam_keysteps8.py)"),
    ('answer/reason', 'answer', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n3 * 4 = 12\n### The final answer is: 12 since the real one is unknown", '12', None, 'mulberry', "a reason after an answer that is not boxed ('12 since the real one is unknown', on its line or the next) is not read for doubt: only a box's reason is (red-team of round 7)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\nThe real one is unknown.', '12', None, 'mulberry', "a later line after a box that is neither a reason nor a jest ('The real one is unknown.', also after a blank line) leaves the box standing (red-team of round 7)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 kg of flour is wrong.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "past a unit only one word (a power, a rate, 'square units' aside) is read through to the denial, doubt or bound after it: a noun phrase of several words ('x = 5 kg of flour is wrong', 'x = 5 red apples?') hides it; a unit in one character ('x = 5 ㎝ is wrong') and corrections to a number in words ('no wait, six cm') too (red-team of round 10)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 cm.\n### Step 2:\nNo wait, 6 cm.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a later step that corrects to a bare number, without the key's name ('No wait, 6 cm.'), keeps the credit (it may mean another quantity), as does a correction more than four steps later or after a step of more than 4,096 characters (the bounds of the later-step reader), and one after a weak pause word before another thing ('Hmm, the next step gives x = 6') (red-team of round 10)"),
    ('key steps/alternatives', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 (also 6)\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "other words that offer a second value beside the key's ('(also 6)', '(6 also works)', ', though 6 works too', ', but x = 6 too', '(plus 6)', '(alt. 6)', '(otherwise 6)', '(6?)', '(\\\\text{or } 6)') are not read as alternatives (independent red-team of round 7)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 ≈ 6\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "an approximate or implied relation to another value ('x = 5 ≈ 6', 'x = 5 => 6', 'x = 5 ⇒ x = 6') and terms in words that evaluate to another value ('= half of 12', '= six units') are not read as links or values (independent red-team of round 7)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\nThat is a guess.', '12', None, 'mulberry', "a later line after a box that doubts it in other words than the reason and jest vocabularies ('That is a guess.', 'Unverified.', '(not confident)', 'no idea really') leaves the box standing (independent red-team of round 7)"),
]


@pytest.mark.xfail(strict=True, reason="open red-team finding (issue 15)")
@pytest.mark.parametrize(("cls", "kind", "text", "gold", "keys", "layout", "why"), OPEN_FINDINGS,
                         ids=[f"{i}-{row[0]}" for i, row in enumerate(OPEN_FINDINGS)])
def test_open_finding_is_not_rewarded(cls, kind, text, gold, keys, layout, why):
    if kind == "equivalent":
        assert not answers_equivalent(text, gold), why
        return
    score = score_trace(text, gold, keys, config=RewardConfig(layout=layout))
    if kind == "answer":
        assert not score.answer_correct, why
    else:
        assert score.key_step_ratio < 1.0, why
