"""The vocabulary of problems a score can carry, and how to group them.

A problem is a short string ``"kind"`` or ``"kind: detail"``; the kind is a stable
slug that metrics count and logs group by, the detail is for people.

Examples:
    >>> problem_kind("step_numbering: step 3 follows step 1")
    'step_numbering'
"""

from __future__ import annotations

#: The completion exceeded ``RewardConfig.max_completion_chars`` and was not parsed.
INPUT_TOO_LONG = "input_too_long"
EMPTY_COMPLETION = "empty_completion"
NO_GOLD_ANSWER = "no_gold_answer"
#: The solution is a worked solution from which no answer can be read: no gold answer.
UNREADABLE_SOLUTION = "unreadable_solution"
NO_ANSWER = "no_answer"
BAD_KEY_STEPS = "bad_key_steps"
TOO_MANY_KEY_STEPS = "too_many_key_steps"
#: ``question_key_steps="exclude"``: key-step groups the question states, left out of k
#: (the detail names them, 1-based, and the total: ``groups 1, 3 of 4``).
KEY_STEPS_IN_QUESTION = "key_steps_in_question"
#: ``question_key_steps="exclude"`` with key steps but no question text: nothing excluded.
NO_QUESTION = "no_question"
NOT_MULBERRY_LAYOUT = "not_mulberry_layout"
MISSING_DESCRIPTION = "missing_description"
MISSING_RATIONALES = "missing_rationales"
MISSING_STEPS = "missing_steps"
MISSING_ANSWER = "missing_answer"
SECTION_ORDER = "section_order"
STEP_NUMBERING = "step_numbering"
EMPTY_DESCRIPTION = "empty_description"
EMPTY_RATIONALES = "empty_rationales"
EMPTY_STEP = "empty_step"
EMPTY_ANSWER = "empty_answer"
MULTIPLE_ANSWERS = "multiple_answers"
STEP_AFTER_ANSWER = "step_after_answer"
DUPLICATE_SECTION = "duplicate_section"
TOO_MANY_SECTIONS = "too_many_sections"
# The r1 layout's rules (`stepgrpo_rewards.r1`).
MISSING_THINK = "missing_think"
UNCLOSED_THINK = "unclosed_think"
EMPTY_THINK = "empty_think"
TEXT_AFTER_ANSWER = "text_after_answer"
STRAY_TAG = "stray_tag"

#: Kinds that mean the *input* was unusable rather than the trace being poor;
#: strict offline scoring stops on these.
INPUT_PROBLEM_KINDS: frozenset[str] = frozenset({INPUT_TOO_LONG, BAD_KEY_STEPS, TOO_MANY_KEY_STEPS})

#: ``compat="released"``: math_verify was not run on this completion (too long, or outside
#: the main thread on text it might never finish with); the string match decided.
RELEASED_VERIFY_SKIPPED = "released_verify_skipped"


def problem(kind: str, detail: str | None = None) -> str:
    """Format a problem string from its kind and an optional human-readable detail."""
    return kind if not detail else f"{kind}: {detail}"


def problem_kind(text: str) -> str:
    """Return the slug of a problem string (the part before the first colon)."""
    head, _, _ = text.partition(":")
    return head.strip()
