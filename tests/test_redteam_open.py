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
    ('r1 layout', 'answer', '<think>a</think>-<answer>12</answer>', '12', None, 'r1', 'a minus written right before the tag makes the committed answer -12; r1 scores it correct AND valid (full rewa'),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think><answer>12</answer>\nFinal: 15', '12', None, 'r1', "a second answer line after the tag ('Final: 15'; also '\\n(15)', '\\n- 15', '\\n15?', '\\n\\\\(15\\\\)') is ignored; r"),
    ('r1 layout', 'answer', '<think>a</think>\nx = 15\n<answer>12</answer>', '12', None, 'r1', "an answer written after </think> and before the tag ('x = 15', also 'It is 15.') must agree with the tag per r"),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think>15 \\boxed{12}', '12', None, 'r1', "'15' on the box's line is read with it per rules.md ('15 12' is extracted) yet the box alone decides; also '15"),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think>\\boxed{12}\nAnswer: 15', '12', None, 'r1', "an 'Answer: 15' line after the box is a second committed answer (also '**Answer:** 15', bare '15')"),
    ('r1 layout', 'answer', '<think>Step 1: x = 3</think><answer>12</answer><answer >15</answer>', '12', None, 'r1', 'a second answer tag spelled with a space is not seen as an answer: two answers, rewarded as the first'),
    ('r1 layout', 'answer', '<think>a</think><answer>12</answer>\u200b15', '12', None, 'r1', 'a zero-width space hides the second answer 15 after the tag'),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\rFinal answer: 15', '12', None, 'mulberry', "a bare CR (also \\u2028, \\u2029, \\x0b, \\x0c, \\x85) before 'Final answer: 15' hides the later answer that rules."),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\nx = 15', '12', None, 'mulberry', "the answer section commits to x = 15 on a later line (also '= 15', '=> 15', '→ 15', '∴ 15', 'Thus 15', 'So 15."),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\nResult: 15', '12', None, 'mulberry', "'Result: 15' / 'Ans: 15' / 'My answer: 15' / 'Solution: 15' / '答案：15' / 'Réponse : 15' are answer lines in oth"),
    ('later lines', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12\n(15)', '12', None, 'mulberry', "a value alone on a later line, merely wrapped ('(15)', '[15]', '- 15', '# 15', '`15`', '\\u00a015', '15?'); rul"),
    ('box/outside text', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: -\\boxed{12}', '12', None, 'mulberry', 'the minus outside the box makes the answer -12; scored correct and valid for gold 12 (false for -12). Same for'),
    ('box/outside text', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: \\boxed{12}0', '12', None, 'mulberry', "the digit glued after the box reads 120; rewarded as 12 (also '\\\\boxed{12}.5')"),
    ('box/outside text', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: \\boxed{12}\\times 10^3', '12', None, 'mulberry', "a scale after the box (also '\\\\boxed{12} \\\\text{thousand}', '\\\\boxed{12}\\\\,\\\\text{k}', '\\\\boxed{12}\\\\text{万}')"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}. No.', '12', None, 'mulberry', "a retraction after the box ('. No.', '. Nope.', ' just kidding', ' (jk)', '\\\\ (wrong)', ' (not)', ' lol no') t"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12} nicht', '12', None, 'mulberry', "German/other-language denial after the box ('ist falsch'), 'is a mistake', '‽' are not read"),
    ('sign', 'equivalent', 'minus 12', '12', None, 'mulberry', "'minus 12' / 'negative 12' / '\\\\minus 12' is -12; scored equal to +12 (and not to -12)"),
    ('sign', 'equivalent', '-$12$', '12', None, 'mulberry', 'a minus outside the math span ($-$12 held, -$12$ not) is dropped'),
    ('sign', 'equivalent', '{\\color{red}-}12', '12', None, 'mulberry', "a coloured minus (also '\\\\textcolor{white}{-}12', '\\\\color{white}{-}12') is dropped: the rendered answer is -1"),
    ('sign', 'equivalent', '-\\phantom{x}12', '12', None, 'mulberry', 'a minus separated by \\phantom is still a minus sign'),
    ('sign', 'equivalent', '&minus;12', '12', None, 'mulberry', "HTML entity minus (also '(-)12', '*-*12', '`-`12', '— 12')"),
    ('negation/doubt', 'equivalent', '12 nicht', '12', None, 'mulberry', "denial in German/French/Spanish/Portuguese ('nicht 12', 'pas 12', 'no es 12', 'não é 12', '12 ist falsch', '12"),
    ('negation/doubt', 'equivalent', 'anything but 12', '12', None, 'mulberry', "'anything but 12' / 'other than 12' / 'except 12' exclude 12"),
    ('negation/doubt', 'equivalent', '12 is a mistake', '12', None, 'mulberry', "'12 is a mistake' / '12 ruled out' / '12 is excluded' deny it"),
    ('negation/doubt', 'equivalent', 'yes is wrong', 'yes', None, 'mulberry', "denial of yes ('Yes is not the answer', 'yes is incorrect', 'Yes. Just kidding.', 'Yes... not really', 'Yes. N"),
    ('negation/doubt', 'equivalent', '~~A~~', 'A', None, 'mulberry', "a struck-out letter; rules.md says '~~…~~' strikes out (works for 12, not for letters)"),
    ('negation/doubt', 'equivalent', '12‽', '12', None, 'mulberry', "interrobang / Arabic question mark '12؟' is doubt like '12?'"),
    ('negation/doubt', 'equivalent', 'Yes or no depending', 'yes', None, 'mulberry', "a hedge between yes and no (also 'Yes / 否', 'Yes. 不')"),
    ('inequality', 'equivalent', 'beyond 12', '12', None, 'mulberry', "a bound: also '12 maximum', 'a minimum of 12', 'max 12', '12 plus', '≯12', '≮12', '﹥12', '\\\\succ 12', 'x ⪰ 12'"),
    ('options', 'equivalent', 'A. B.', 'A', None, 'mulberry', "two letters listed ('A) B)' too); rules.md: two letters are wrong"),
    ('options', 'answer', '### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: A. 12\nB. 15', 'A', None, 'mulberry', "the options written out again over two lines choose none (one-line 'A) 12 B) 15' is caught)"),
    ('units', 'equivalent', '12 rad', '12°', None, 'mulberry', "different angle units do not convert (also '12^\\\\circ' vs '12 \\\\text{ rad}')"),
    ('units', 'equivalent', '12 μm', '12 mm', None, 'mulberry', "μ/M/G prefixes ignored ('12 Mm' vs '12 mm', '12 GHz' vs '12 Hz', '12 mA' vs '12 A')"),
    ('units', 'equivalent', '12°C', '12°F', None, 'mulberry', 'different temperature scales'),
    ('units', 'equivalent', '12 square units', '12 cubic units', None, 'mulberry', "area vs volume; also '12 ¢' vs '$12', '12 red apples' vs '12 green apples'"),
    ('tolerance', 'equivalent', '1234567.5', '1234568', None, 'mulberry', "an integer gold matched by a non-integer within 1e-6 (also '999999.5' vs '1000000', '9.999999e5' vs '1000000')"),
    ('tolerance', 'equivalent', '1e-330', '2e-330', None, 'mulberry', "subnormal/underflow: '0' equals '1e-400', '1e-400' equals '0'"),
    ('scale', 'equivalent', '12 mln', '12', None, 'mulberry', "'mln' (million) is a scale like 'million'; also '12 gross', '12 score'"),
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
