"""Which layout's rules read a completion, and StepRVR's value in either validity mode.

``RewardConfig.layout`` picks the rules: ``"mulberry"`` (the paper's, the default),
``"r1"`` (`stepgrpo_rewards.r1`), or ``"auto"``: the r1 rules for a completion with a
think tag outside code, the Mulberry rules for any other.

``RewardConfig.validity_mode`` picks StepRVR's value: ``"binary"`` (the paper's:
``validity_reward`` when the trace is complete and logical, else 0) or ``"graded"``:
``validity_reward`` times the weighted share of the layout's validity checks that
pass. A check fails when the verdict reports one of its problem kinds; a check whose
subject is missing fails with it (no answer: "one answer" and "nothing after the
answer" fail too), so a trace earns the logic checks only for what it has. The share
is 1 exactly when the binary verdict is valid. The checks and their weights are
listed in docs/rules.md (the tables there are tested against these).

Examples:
    >>> from stepgrpo_rewards.validity import Validity
    >>> v = Validity(True, False, ("empty_think: the think block is empty",))
    >>> round(graded_share(v, "r1"), 3)
    0.909
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from . import problems as P
from .config import RewardConfig
from .r1 import uses_r1
from .validity import Validity

Rules = Literal["mulberry", "r1"]


class Check(NamedTuple):
    """One validity check of graded StepRVR: its name, its weight, and the problem
    kinds that fail it."""

    name: str
    weight: float
    fails_on: frozenset[str]


def _check(name: str, weight: float, *kinds: str) -> Check:
    return Check(name, weight, frozenset(kinds))


#: The Mulberry checks. A completion in another layout fails them all (0).
MULBERRY_CHECKS: tuple[Check, ...] = (
    _check("description", 1, P.MISSING_DESCRIPTION),
    _check("rationales", 1, P.MISSING_RATIONALES),
    _check("steps", 2, P.MISSING_STEPS),
    _check("answer", 2, P.MISSING_ANSWER),
    _check("order", 1, P.SECTION_ORDER, P.STEP_AFTER_ANSWER),
    _check("step_numbering", 1, P.MISSING_STEPS, P.STEP_NUMBERING),
    _check("no_empty_section", 1, P.EMPTY_DESCRIPTION, P.EMPTY_RATIONALES, P.EMPTY_STEP, P.EMPTY_ANSWER),
    _check("one_answer", 1, P.MISSING_ANSWER, P.MULTIPLE_ANSWERS),
    _check("no_repeat", 1, P.DUPLICATE_SECTION, P.TOO_MANY_SECTIONS),
)

#: The r1 checks.
R1_CHECKS: tuple[Check, ...] = (
    _check("closed_think", 2, P.MISSING_THINK, P.UNCLOSED_THINK),
    _check("think_has_text", 1, P.MISSING_THINK, P.EMPTY_THINK),
    _check("step_numbering", 1, P.MISSING_THINK, P.STEP_NUMBERING, P.EMPTY_STEP, P.TOO_MANY_SECTIONS),
    _check("answer", 2, P.MISSING_ANSWER),
    _check("answer_has_text", 1, P.MISSING_ANSWER, P.EMPTY_ANSWER),
    _check("one_answer", 1, P.MISSING_ANSWER, P.MULTIPLE_ANSWERS),
    _check("answer_after_think", 1, P.MISSING_THINK, P.UNCLOSED_THINK, P.MISSING_ANSWER, P.SECTION_ORDER),
    _check("nothing_after_answer", 1, P.MISSING_ANSWER, P.TEXT_AFTER_ANSWER),
    _check("no_stray_tag", 1, P.STRAY_TAG),
)

CHECKS: dict[str, tuple[Check, ...]] = {"mulberry": MULBERRY_CHECKS, "r1": R1_CHECKS}


def rules_for(text: str, config: RewardConfig) -> Rules:
    """The rules that read *text* under *config*: its layout, or for ``"auto"`` the r1
    rules when *text* has a think tag outside code, else the Mulberry rules."""
    if config.layout == "auto":
        return "r1" if uses_r1(text) else "mulberry"
    return "r1" if config.layout == "r1" else "mulberry"


def graded_share(validity: Validity, rules: Rules) -> float:
    """The weighted share (0..1) of the *rules*' checks that *validity* passes; 1
    exactly when it is valid."""
    if validity.valid:
        return 1.0
    kinds = {P.problem_kind(p) for p in validity.problems}
    if P.NOT_MULBERRY_LAYOUT in kinds:
        return 0.0
    checks = CHECKS[rules]
    total = sum(c.weight for c in checks)
    passed = sum(c.weight for c in checks if not (c.fails_on & kinds))
    # An invalid verdict never earns the full value, whatever problem it reports.
    return min(passed / total, 1.0 - min(c.weight for c in checks) / total)


def validity_value(validity: Validity, rules: Rules, config: RewardConfig) -> float:
    """StepRVR's value of *validity* under *config*'s validity mode."""
    if config.validity_mode == "graded":
        return config.validity_reward * graded_share(validity, rules)
    return config.validity_reward if validity.valid else 0.0


__all__ = ["CHECKS", "MULBERRY_CHECKS", "R1_CHECKS", "Check", "graded_share", "rules_for", "validity_value"]
