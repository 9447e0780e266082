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

# Distinct lines of prose (later lines are read once each), about 14,600 characters.
_W = "the of triangle angle side equal area sum we have and is are base height circle radius similar matches figure".split()
_PADDING = "".join(f"We note {_W[i % 20]} {_W[i // 20 % 20]} {_W[i * 7 % 20]} {_W[i * 3 % 20]} {_W[i * 11 % 20]}.\n"
                   for i in range(400))

#: (class, what is checked, completion or answer, gold, key steps, layout, why a grader disagrees)
OPEN_FINDINGS = [
    ('key steps/hedge', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nSome sources, it is said, claim that x = 5.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "an insert inside a hedging frame (between its subject and its verb: 'Some sources, it is said, claim that'), a parenthetical of more than 40 characters or with digits, or more than four inserts, between a frame and its clause keep the frame from being read (round 9 reads up to four short inserts right before the clause or its clause word)"),
    ('key steps/alternatives', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 (also 6 if you like)\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a parenthetical or clause whose words after the second value lie outside the offering tail vocabulary ('(also 6 if you like)', '(6 would also be acceptable here)'), or a second value in braces ('x = 5 {also 6}', which the canonical text unwraps), offers it unread (round 9)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\n' + _PADDING + 'That is a guess.\n' + _PADDING.upper(), '12', None, 'mulberry', "a doubt on a later line in the middle of more than 8,000 characters of later text is not read: the doubt reader reads the first and the last 4,000 characters (bounded work; red-team of the doubt reader, test_redteam_answers8.py)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\nThat is a g-u-e-s-s.', '12', None, 'mulberry', "a doubt word spelled apart or with digits for letters ('g-u-e-s-s', 'g u e s s', 'gu3ss', 'unv3rified') is not read: the doubt vocabulary reads words (red-team of the doubt reader, test_redteam_answers8.py)"),
    ('answer/before', 'answer', '<think>\nStep 1: 3*4 = 12.\n</think>\nI am not confident.\n<answer>12</answer>', '12', None, 'r1', "a doubt between the thinking and the answer tag ('I am not confident.', 'That is a guess:') is read for answers only, not for doubt: the doubt reader reads what follows a committed answer (red-team of the doubt reader, test_redteam_answers8.py)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 = \\frac{12}2\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a TeX fraction whose argument is a bare digit ('\\\\frac{12}2') or a \\\\cfrac is spelled 'frac122' / 'cfrac122' by the canonical text (mathtext.normalize), which no chain reader can evaluate: the raw text refuses the chain, the canonical search then accepts it (red-team of round 8's chain rows, test_redteam_keysteps11.py)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\ny = 6 = $x = 5$\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a link before a key that opens inline math after a space ('y = 6 = $x = 5$', '$y = 6 =$' ending the step before '$x = 5$') is not read back, nor one glued to the dollar ('y = 6 =$x = 5$'): the raw text's cheap test before a match does not look past a dollar, to keep the common ' $x' to one test (test_redteam_keysteps11.py)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n∠C = 70° = 80°\n### The final answer is: 7", '7', [['∠C = 70°']], 'mulberry', "a chain after a key whose value ends with a unit or a degree sign ('∠C = 70° = 80°', '∠C = 70° ≈ 80°') is not read (only keys that end with a digit, and swapped keys that end with a name, are); before the key it is ('80° = ∠C = 70°') (test_redteam_keysteps11.py)"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n6 equals x = 5\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "'equals' is a link inside a chain ('x = 5 = AB equals 6') but not right before or after a key's match ('6 equals x = 5', 'x = 5 equals 6'): the cheap tests beside a match look for marks only (test_redteam_keysteps11.py)"),
    ('key steps/alternatives', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nIf needed, x = 5, otherwise x = 6.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "any condition word in the sentence ('If needed,', 'If you like,', 'for now') makes 'otherwise' a case analysis, and a bare second value after a comparison ('x = 5 against 6') is read as a ratio; both keep the credit (round 9)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 kg of flour is wrong.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "past a unit only one word (a power, a rate, 'square units' aside) is read through to the denial, doubt or bound after it: a noun phrase of several words ('x = 5 kg of flour is wrong', 'x = 5 red apples?') hides it; a unit in one character ('x = 5 ㎝ is wrong') and corrections to a number in words ('no wait, six cm') too (red-team of round 10)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5 cm.\n### Step 2:\nNo wait, 6 cm.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a later step that corrects to a bare number, without the key's name ('No wait, 6 cm.'), keeps the credit (it may mean another quantity), as does a correction more than four steps later or after a step of more than 4,096 characters (the bounds of the later-step reader), and one after a weak pause word before another thing ('Hmm, the next step gives x = 6') (red-team of round 10)"),
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
