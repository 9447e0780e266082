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
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12} is the answer to a different question', '12', None, 'mulberry', "prose after the box that denies it without a denial word ('is what a fool would say', '. That was a lie.') passes: prose of four words or more is read for denial words only"),
    ('box/outside text', 'equivalent', '\\overline{\\boxed{12}}', '12', None, 'mulberry', "a box under \\overline is read with it ('\\overline{12}'), but the normaliser drops \\overline (a segment's name, '\\overline{AB}' is AB), so '\\overline{12}' (a repeating decimal, or a conjugate) equals 12; changing the normaliser touches key steps too"),
    ('bound', 'equivalent', 'от 12', '12', None, 'mulberry', "Russian 'from 12' (a lower bound, also 'начиная с 12'); 'от' alone is too common a preposition to list as a bound word without a reading of what follows"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 5 + 2\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', "x is 7, not 5 (also 'x = 5 * 2', 'x = 5\\\\cdot 2', 'x = 5 - 2', 'x = 5 times 3', 'x = 5 squared', 'x = 5(2)')"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 5 \\times 10^3\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', "scientific notation in LaTeX / with a space ('x = 5 E3') is 5000; '5e3' is caught"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 5\u200b0\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', 'a zero-width space inside 50 (also soft hyphen \\xad, \'5\\\\!0\', \'5{}0\', \'5{,}000\', "5\'000", \'5_000\')'),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 5 1/2\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', "mixed numbers ('5\\\\frac12', '5 \\\\frac{1}{2}', '5 ⅓'); rules.md rejects '5½'"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 5 万\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', "scaled ('5亿', '5 mln'); rules.md rejects 'x = 3 million', '3k'"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 5\\theta\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', "glued constant/name ('5\\\\alpha', '5 x', '5j', '5a'), '%' after a space ('5 %', '5 percent', '5‰'), '5 !'"),
    ('key steps', 'key_step', "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nit's not true that x = 5\n### The final answer is: 7", '7', [['x = 5']], 'mulberry', "negated before ('we can't have x = 5', 'Not: x = 5', '不是x=5') or after ('x = 5 isn't right', 'x = 5 cannot be'"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\n~~x = 5~~\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', "struck out ('\\\\cancel{x = 5}')"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 7 (not sure)\n### The final answer is: 7', '7', [['x = 7']], 'mulberry', "doubt ('(maybe)', '(?)', '‽', 'maybe x = 7', 'perhaps x = 7, perhaps not')"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 7 at least\n### The final answer is: 7', '7', [['x = 7']], 'mulberry', "bounds ('at most', 'minimum', 'x = 7 > 6')"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 5-6\n### The final answer is: 7', '7', [['x = 5']], 'mulberry', "ranges ('x = 5 to 6', 'x = 5–6', 'x = 5 ~ 6', 'x = 5 | 6', 'x = 5 ... 6')"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 1. x = 2. x = 3. x = 4. x = 5. x = 6. x = 7. x = 8. x = 9. x = 10. x = 11. x = 12. x = 13. x = 14. x = 15. x = 16. x = 17. x = 18. x = 19. x = 20. x = 21. x = 22. x = 23. x = 24. x = 25. x = 26. x = 27. x = 28. x = 29. x = 30. x = 31. x = 32. x = 33. x = 34. x = 35. x = 36. x = 37. x = 38. x = 39. x = 40. x = 41. x = 42. x = 43. x = 44. x = 45. x = 46. x = 47. x = 48. x = 49. x = 50. x = 51. x = 52. x = 53. x = 54. x = 55. x = 56. x = 57. x = 58. x = 59\n### The final answer is: 7', '7', [['x = 37']], 'mulberry', "stuffing: 59 assignments as sentences earn any 'x = k' key step (also one per step, or one per line)"),
    ('key steps', 'key_step', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nminus 5\n### The final answer is: 7', '7', [['5']], 'mulberry', "bare number after a spelled minus ('negative 5', '-$5$', '$-$5', '&minus;5', '(-)5', '-\\\\,5') or '.5'"),
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
