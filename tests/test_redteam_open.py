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
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12} since the real one\nis unknown', '12', None, 'mulberry', "a reason after the box that goes on past a line break ('since the real one' / 'is unknown', or 'since 3*4 = 12.' / 'Just kidding.') is read only up to the break, so its doubt is missed (red-team of round 5)"),
    ('key steps/hedge', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nSome claim that x = 5.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "hedging frames with a that clause other than doubt and suspicion ('some claim', 'it seems', 'one could argue') keep the credit"),
    ('key steps/alternatives', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5, alternatively x = 6.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "alternatives joined otherwise than by or ('alternatively', 'vs', 'and/or', '|') keep the credit"),
    ('key steps/chain', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 10/2 = 5 = z = 6\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a chain that goes on past the key's value through a name to another number keeps the credit (round 4's chain rule)"),
    ('key steps/denied later', 'key', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 5, no wait, x = 6.\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "a correction later in the step without a denial word ('no wait', 'but actually') keeps the credit"),
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
