"""StepRAR + StepRVR: the reward of one completion, with its breakdown.

For a completion with final answer correctness ``c`` (0 or 1), key-step ratio ``k``
and validity ``v`` (0 or 1), with the paper's defaults (``alpha = 0.1``)::

    accuracy (StepRAR) = answer_reward * c + alpha * k      # 0 .. 1.1
    validity (StepRVR) = validity_reward * v                # 0 or 1
    total              = accuracy + validity                # 0 .. 2.1

``RewardConfig.layout`` picks the rules that read the completion (`stepgrpo_rewards.layouts`:
the Mulberry rules, the paper's, or the r1 rules of `stepgrpo_rewards.r1`), and
``validity_mode="graded"`` makes ``v`` the weighted share of the validity checks passed
(0 .. 1) instead of 0 or 1.

`score_trace` never raises for a string completion: input it cannot use scores 0
with a problem that says why (``problems``), and the scores are always finite and in
range. Only programmer errors (a wrong type, mismatched batch lengths) raise.

Examples:
    >>> s = score_trace(
    ...     "### Image Description:\\nTwo bars, A=3 and B=5.\\n### Rationales:\\nSubtract.\\n"
    ...     "### Let's think step by step.\\n### Step 1:\\n5 - 3 = 2\\n### The final answer is: 2",
    ...     solution="2", key_steps=[["5 - 3 = 2"]])
    >>> s.answer_correct, s.valid, s.key_step_ratio, round(s.total, 2)
    (True, True, 1.0, 2.1)
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from . import problems as P
from ._slots import new_instance, slot_setters
from .answer import answers_of, read_gold
from .config import DEFAULT_CONFIG, RewardConfig
from .equivalence import answers_equivalent
from .keysteps.matching import KeyStepMatch, match_groups
from .keysteps.question import groups_in_question
from .keysteps.shapes import KeyStepsError, normalize_key_steps
from .layouts import rules_for, validity_value
from .r1 import read_r1
from .released import released_validity, require_math_verify, score_released
from .trace import parse_trace
from .validity import Validity, mulberry_validity

logger = logging.getLogger("stepgrpo_rewards")

INTERNAL_ERROR = "internal_error"


class InvalidInputError(ValueError):
    """Raised in strict mode when a record's input is unusable; names the record."""


@dataclass(frozen=True, slots=True)
class TraceScore:
    """The StepGRPO reward of one completion and every component behind it."""

    answer_correct: bool
    predicted_answer: str | None
    gold_answer: str | None
    valid: bool
    complete: bool
    logical: bool
    key_steps_matched: int
    key_steps_total: int
    key_step_ratio: float
    accuracy: float
    validity: float
    total: float
    layout: str
    problems: tuple[str, ...] = ()
    key_step_match: KeyStepMatch = field(default=KeyStepMatch(0, 0, ()), repr=False, compare=False)
    validity_check: Validity = field(default=Validity(False, False, ()), repr=False, compare=False)
    #: Which layout's rules scored the completion, ``"mulberry"`` or ``"r1"``
    #: (``layout`` is the shape the parser saw). With ``RewardConfig.layout="auto"`` it
    #: says which rules each completion got.
    rules: str = "mulberry"
    #: Whether `to_dict` reports ``rules``: when the config's layout is not the default,
    #: so that with the default config the dict is what it always was.
    report_rules: bool = field(default=False, repr=False, compare=False)

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        """A JSON-safe dict of the scores; *explain* adds which key steps matched
        where and which validity rules failed."""
        out: dict[str, Any] = {
            "answer_correct": self.answer_correct,
            "predicted_answer": self.predicted_answer,
            "gold_answer": self.gold_answer,
            "valid": self.valid,
            "complete": self.complete,
            "logical": self.logical,
            "key_steps_matched": self.key_steps_matched,
            "key_steps_total": self.key_steps_total,
            "key_step_ratio": self.key_step_ratio,
            "accuracy": self.accuracy,
            "validity": self.validity,
            "total": self.total,
            "layout": self.layout,
        }
        if self.report_rules:
            out["rules"] = self.rules
        out["problems"] = list(self.problems)
        if explain:
            out["key_steps"] = self.key_step_match.to_dict()["groups"]
            out["validity_rules"] = self.validity_check.to_dict()
        return out


(_SET_ANSWER_CORRECT, _SET_PREDICTED_ANSWER, _SET_GOLD_ANSWER, _SET_VALID, _SET_COMPLETE, _SET_LOGICAL,
 _SET_KEY_STEPS_MATCHED, _SET_KEY_STEPS_TOTAL, _SET_KEY_STEP_RATIO, _SET_ACCURACY, _SET_VALIDITY, _SET_TOTAL,
 _SET_LAYOUT, _SET_PROBLEMS, _SET_KEY_STEP_MATCH, _SET_VALIDITY_CHECK, _SET_RULES,
 _SET_REPORT_RULES) = slot_setters(TraceScore)
_NO_KEY_STEPS: KeyStepMatch = TraceScore.__dataclass_fields__["key_step_match"].default  # type: ignore[assignment]
_NO_VALIDITY: Validity = TraceScore.__dataclass_fields__["validity_check"].default  # type: ignore[assignment]


def _trace_score(
    answer_correct: bool, predicted_answer: str | None, gold_answer: str | None, valid: bool, complete: bool,
    logical: bool, key_steps_matched: int, key_steps_total: int, key_step_ratio: float, accuracy: float,
    validity: float, total: float, layout: str, problems: tuple[str, ...] = (),
    key_step_match: KeyStepMatch = _NO_KEY_STEPS, validity_check: Validity = _NO_VALIDITY,
    rules: str = "mulberry", report_rules: bool = False,
) -> TraceScore:
    """``TraceScore(...)``, built on the scoring path by setting its slots (`_slots`)."""
    score = new_instance(TraceScore)
    _SET_ANSWER_CORRECT(score, answer_correct)
    _SET_PREDICTED_ANSWER(score, predicted_answer)
    _SET_GOLD_ANSWER(score, gold_answer)
    _SET_VALID(score, valid)
    _SET_COMPLETE(score, complete)
    _SET_LOGICAL(score, logical)
    _SET_KEY_STEPS_MATCHED(score, key_steps_matched)
    _SET_KEY_STEPS_TOTAL(score, key_steps_total)
    _SET_KEY_STEP_RATIO(score, key_step_ratio)
    _SET_ACCURACY(score, accuracy)
    _SET_VALIDITY(score, validity)
    _SET_TOTAL(score, total)
    _SET_LAYOUT(score, layout)
    _SET_PROBLEMS(score, problems)
    _SET_KEY_STEP_MATCH(score, key_step_match)
    _SET_VALIDITY_CHECK(score, validity_check)
    _SET_RULES(score, rules)
    _SET_REPORT_RULES(score, report_rules)
    return score


def _zero(layout: str, gold: str | None, key_total: int, found: list[str],
          config: RewardConfig = DEFAULT_CONFIG) -> TraceScore:
    return TraceScore(
        answer_correct=False, predicted_answer=None, gold_answer=gold, valid=False,
        complete=False, logical=False, key_steps_matched=0, key_steps_total=key_total,
        key_step_ratio=0.0, accuracy=0.0, validity=0.0, total=0.0, layout=layout,
        problems=tuple(found),
        key_step_match=KeyStepMatch(0, key_total, ()),
        rules="r1" if config.layout == "r1" else "mulberry",
        report_rules=config.layout != "mulberry",
    )


def _read_key_steps(key_steps: Any, config: RewardConfig, found: list[str]) -> list[list[str]]:
    try:
        groups = normalize_key_steps(
            key_steps, max_groups=config.max_key_step_groups + 1, max_chars=config.max_key_step_chars
        )
    except (KeyStepsError, RecursionError, TypeError) as exc:
        found.append(P.problem(P.BAD_KEY_STEPS, str(exc)[:200]))
        return []
    if len(groups) > config.max_key_step_groups:
        found.append(P.problem(P.TOO_MANY_KEY_STEPS, f"more than {config.max_key_step_groups} groups"))
        groups = groups[: config.max_key_step_groups]
    return groups


def _without_question_steps(
    match: KeyStepMatch, groups: list[list[str]], question: Any, config: RewardConfig, found: list[str]
) -> KeyStepMatch:
    """*match* without the groups the question states (``question_key_steps="exclude"``).

    Those groups leave the denominator as well as the numerator: k stays the share of the
    key steps the completion had to work out itself, so ``alpha`` keeps its meaning and a
    problem whose question states some steps weighs its other steps as much as any
    problem does. Counting them as unmatched instead would cap k below 1 on such
    problems. With every group in the question, k is 0 (no key steps left).
    """
    if not isinstance(question, str) or not question.strip():
        found.append(P.problem(P.NO_QUESTION, "question_key_steps='exclude' has no question text"))
        return match
    stated = groups_in_question(question, groups, config)
    if not any(stated):
        return match
    kept = tuple(g for g, in_question in zip(match.groups, stated, strict=True) if not in_question)
    numbers = [str(i + 1) for i, in_question in enumerate(stated) if in_question]
    names = ", ".join(numbers[:10]) + (", ..." if len(numbers) > 10 else "")
    found.append(P.problem(P.KEY_STEPS_IN_QUESTION, f"group{'s' if len(numbers) > 1 else ''} {names} of {len(groups)}"))
    return KeyStepMatch(sum(1 for g in kept if g.matched), len(kept), kept)


def _score(
    completion: str | None,
    solution: Any,
    key_steps: Any,
    question: str | None,
    config: RewardConfig,
) -> TraceScore:
    found: list[str] = []
    gold, unreadable = read_gold(solution)
    groups = _read_key_steps(key_steps, config, found)
    if completion is None or not completion.strip():
        return _zero("free", gold, len(groups), [P.EMPTY_COMPLETION, *found], config)
    if len(completion) > config.max_completion_chars:
        detail = f"{len(completion)} characters > max_completion_chars={config.max_completion_chars}"
        return _zero("free", gold, len(groups), [P.problem(P.INPUT_TOO_LONG, detail), *found], config)

    trace = parse_trace(completion, lenient_headers=config.lenient_headers)
    rules = rules_for(completion, config)
    if rules == "r1":
        reading = read_r1(completion)
        validity, answers, steps_trace = reading.validity, list(reading.answers), reading.trace
    else:
        validity = mulberry_validity(trace)
        answers, steps_trace = answers_of(trace), trace
    predicted = answers[-1] if answers else None
    if gold is None:
        found.append(P.problem(P.UNREADABLE_SOLUTION, unreadable) if unreadable else P.NO_GOLD_ANSWER)
        correct = False
    elif not answers:
        found.append(P.NO_ANSWER)
        correct = False
    else:
        q = question if isinstance(question, str) else None
        correct = all(answers_equivalent(a, gold, question=q, config=config) for a in answers)
    match = match_groups(steps_trace, groups, config)
    if config.question_key_steps == "exclude" and groups:
        match = _without_question_steps(match, groups, question, config, found)
    ratio = match.ratio
    accuracy = config.answer_reward * correct + config.alpha * ratio
    validity_score = validity_value(validity, rules, config)
    return _trace_score(
        answer_correct=correct,
        predicted_answer=predicted,
        gold_answer=gold,
        valid=validity.valid,
        complete=validity.complete,
        logical=validity.logical,
        key_steps_matched=match.matched,
        key_steps_total=match.total,
        key_step_ratio=ratio,
        accuracy=accuracy,
        validity=validity_score,
        total=accuracy + validity_score,
        layout=trace.layout,
        problems=tuple(found) + validity.problems,
        key_step_match=match,
        validity_check=validity,
        rules=rules,
        report_rules=config.layout != "mulberry",
    )


def score_trace(
    completion: str | None,
    solution: str | None = None,
    key_steps: Any = None,
    *,
    question: str | None = None,
    config: RewardConfig | None = None,
    strict: bool = False,
) -> TraceScore:
    """Score one completion with StepRAR and StepRVR.

    *solution* holds the gold answer (a bare answer, or a full reference trace whose
    last final-answer header gives it); *key_steps* may take any shape
    `normalize_key_steps` reads; *question* lets multiple-choice option text stand for
    its letter, and with ``config.question_key_steps="exclude"`` says which key steps
    the question already states (they earn no credit; see `groups_in_question`). With
    ``config.compat == "released"`` the verdicts are those of the R1-VL released code
    (`stepgrpo_rewards.released`: key steps as ``{"Steps": [...]}``, *question* unused);
    without math_verify installed that raises `ImportError`. With *strict*, unusable
    input (too long, unreadable key steps) raises
    `InvalidInputError` instead of scoring 0.
    """
    if completion is not None and not isinstance(completion, str):
        raise TypeError(f"completion must be a str or None, got {type(completion).__name__}")
    config = config or DEFAULT_CONFIG
    if not isinstance(config, RewardConfig):
        raise TypeError(f"config must be a RewardConfig, got {type(config).__name__}")
    if config.compat == "released":
        require_math_verify()  # a missing extra is a setup error: raise it, never score 0
    try:
        if config.compat == "released":
            result = score_released(completion, solution, key_steps, config)
        else:
            result = _score(completion, solution, key_steps, question, config)
    except Exception as exc:  # noqa: BLE001
        # Defensive: a bug here must not end a training run. Logged and counted.
        logger.exception("stepgrpo_rewards: internal error while scoring; scored 0")
        result = _zero("free", None, 0, [P.problem(INTERNAL_ERROR, type(exc).__name__)])
    if strict:
        bad = [p for p in result.problems if P.problem_kind(p) in P.INPUT_PROBLEM_KINDS]
        if bad:
            raise InvalidInputError("; ".join(bad))
    return result


def score_batch(
    completions: Sequence[str | None],
    solutions: Sequence[str | None] | None = None,
    key_steps: Sequence[Any] | None = None,
    *,
    questions: Sequence[str | None] | None = None,
    config: RewardConfig | None = None,
    strict: bool = False,
) -> list[TraceScore]:
    """`score_trace` over aligned sequences (``None`` for a column means "absent").

    Lengths must agree (``ValueError`` otherwise). With *strict*, the first unusable
    record raises `InvalidInputError` naming its index.
    """
    n = len(completions)
    for name, column in (("solutions", solutions), ("key_steps", key_steps), ("questions", questions)):
        if column is not None and len(column) != n:
            raise ValueError(f"{name} has {len(column)} items for {n} completions")
    results = []
    for i in range(n):
        try:
            results.append(
                score_trace(
                    completions[i],
                    None if solutions is None else solutions[i],
                    None if key_steps is None else key_steps[i],
                    question=None if questions is None else questions[i],
                    config=config,
                    strict=strict,
                )
            )
        except InvalidInputError as exc:
            raise InvalidInputError(f"record {i}: {exc}") from None
    return results


def step_rar(
    completion: str | None,
    solution: str | None = None,
    key_steps: Any = None,
    *,
    question: str | None = None,
    config: RewardConfig | None = None,
) -> float:
    """The StepRAR value of one completion: ``answer_reward * correct + alpha * k``."""
    return score_trace(completion, solution, key_steps, question=question, config=config).accuracy


def step_rvr(completion: str | None, *, config: RewardConfig | None = None) -> float:
    """The StepRVR value of one completion: ``validity_reward`` if complete and logical, else 0
    (by the released code's checks with ``config.compat == "released"``)."""
    if completion is None or not isinstance(completion, str) or not completion.strip():
        if completion is not None and not isinstance(completion, str):
            raise TypeError(f"completion must be a str or None, got {type(completion).__name__}")
        return 0.0
    config = config or DEFAULT_CONFIG
    if len(completion) > config.max_completion_chars:
        return 0.0
    if config.compat == "released":
        return config.validity_reward if released_validity(completion).valid else 0.0
    rules = rules_for(completion, config)
    if rules == "r1":
        return validity_value(read_r1(completion).validity, rules, config)
    trace = parse_trace(completion, lenient_headers=config.lenient_headers)
    return validity_value(mulberry_validity(trace), rules, config)


__all__ = [
    "InvalidInputError",
    "TraceScore",
    "score_batch",
    "score_trace",
    "step_rar",
    "step_rvr",
]
