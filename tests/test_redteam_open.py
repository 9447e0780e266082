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
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 cm.\n### Step 2:\nNo wait, x = 6 cm.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a correction in a later step leaves the credit of the step that states the key (found in round 5; the unit before a bare correction, 'x = 5 cm, no wait, 6 cm', closed in round 7)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 cm, no wait, 6 cm long.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a word after a bare corrected value ('6 cm long', '6 long') is read as the start of another statement, and a unit spelled otherwise than the first ('x = 5 cm, no wait, 6 centimetres', '6 mm') as a restatement, so the correction is missed (red-team of round 7)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 cm is wrong.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a unit or a noun after the value hides the denials, doubts and bounds after it from a key without the unit ('x = 5 cm is wrong', 'x = 5 cm?', 'x = 5 cm (not sure)', 'x = 5 cm, nah'); only 'or', a bare correction and the joints of round 7 are read past it (red-team of round 7)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5. Actually, the next line: x = 6.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a later value after words that name another thing or time ('the next', 'in the second', 'for box B') or a rejection after it ('x = 6 gives 12, not 10') reads as another case, though a policy can write those words around a correction (red-team of round 6)"),
    ('answer/reason', 'answer', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n3 * 4 = 12\n### The final answer is: 12 since the real one is unknown", '12', None, 'mulberry', "a reason after an answer that is not boxed ('12 since the real one is unknown', on its line or the next) is not read for doubt: only a box's reason is (red-team of round 7)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\nThe real one is unknown.', '12', None, 'mulberry', "a later line after a box that is neither a reason nor a jest ('The real one is unknown.', also after a blank line) leaves the box standing (red-team of round 7)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 cm,\nno wait, 6 cm\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a correction after a unit that a line break, a tab or a non-breaking space separates, or that other words make ('hmm wait', 'that\\'s wrong,', 'on second thought') keeps the credit (independent red-team of round 7)"),
    ('key steps/alternatives', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 (also 6)\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "other words that offer a second value beside the key's ('(also 6)', '(6 also works)', ', though 6 works too', ', but x = 6 too', '(plus 6)', '(alt. 6)', '(otherwise 6)', '(6?)', '(\\\\text{or } 6)') are not read as alternatives (independent red-team of round 7)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\nThat is a guess.', '12', None, 'mulberry', "a later line after a box that doubts it in other words than the reason and jest vocabularies ('That is a guess.', 'Unverified.', '(not confident)', 'no idea really') leaves the box standing (independent red-team of round 7)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 = \\frac{12}2\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a TeX fraction whose argument is a bare digit ('\\\\frac{12}2') or a \\\\cfrac is spelled 'frac122' / 'cfrac122' by the canonical text (mathtext.normalize), which no chain reader can evaluate: the raw text refuses the chain, the canonical search then accepts it (red-team of round 8's chain rows, test_redteam_keysteps11.py)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\ny = 6 = $x = 5$\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a link before a key that opens inline math after a space ('y = 6 = $x = 5$', '$y = 6 =$' ending the step before '$x = 5$') is not read back, nor one glued to the dollar ('y = 6 =$x = 5$'): the raw text's cheap test before a match does not look past a dollar, to keep the common ' $x' to one test (test_redteam_keysteps11.py)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n∠C = 70° = 80°\n### The final answer is: 7", '7', [['∠C = 70°']], 'mulberry', "a chain after a key whose value ends with a unit or a degree sign ('∠C = 70° = 80°', '∠C = 70° ≈ 80°') is not read (only keys that end with a digit, and swapped keys that end with a name, are); before the key it is ('80° = ∠C = 70°') (test_redteam_keysteps11.py)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n6 equals x = 5\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "'equals' is a link inside a chain ('x = 5 = AB equals 6') but not right before or after a key's match ('6 equals x = 5', 'x = 5 equals 6'): the cheap tests beside a match look for marks only (test_redteam_keysteps11.py)"),
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
