"""StepRAR + StepRVR as a verl custom reward function.

This file is what verl's ``reward.custom_reward_function.path`` (``custom_reward_function.path``
up to verl 0.6) points at (`stepgrpo_verl.reward_file`
gives its absolute path; ``python -m stepgrpo_verl`` prints it). verl loads it *by path*,
``importlib.util.spec_from_file_location("custom_module", path)``, so it runs standalone,
outside its package: it uses absolute imports only and needs nothing but the core,
`stepgrpo_rewards`. All scoring is `stepgrpo_rewards.score_trace`; this module only adapts
verl's calling contract.

verl's calling contract (reward managers ``naive``, ``dapo``, ``gdpo``, ``rate_limited``
and ``remote``, one call per completion; ``prime``, up to verl 0.6, passes the same four
values positionally, in this order; the ``reward_kwargs`` of ``custom_reward_function``
merged into every call)::

    compute_score(data_source=..., solution_str=<decoded response>,
                  ground_truth=<row["reward_model"]["ground_truth"]>,
                  extra_info=<row["extra_info"] or {}>, **reward_kwargs)

and the ``batch`` reward manager of verl 0.6 and earlier
(``custom_reward_function.name=compute_score_batch``)::

    compute_score_batch(data_sources=[...], solution_strs=[...], ground_truths=[...],
                        extra_infos=[...], **reward_kwargs)

The result is a dict with the keys `RESULT_KEYS`, always all of them, all numeric:
``score`` is the reward (StepRAR + StepRVR, the paper's ``r = r_acc + r_val``); verl
collects the others per completion into ``reward_extra_info`` and averages them in its
validation metrics.

Where the reference comes from (first found wins):

* gold answer: *ground_truth* itself (a string, a number, or a full reference trace whose
  last final-answer header gives it); or, when *ground_truth* is a mapping, its
  ``"solution"``, else its ``"answer"``;
* key steps: ``ground_truth["key_steps"]`` (mapping ground truths), else
  ``extra_info["key_steps"]``;
* question (lets ``"B"`` match a multiple-choice option's text): ``ground_truth["question"]``,
  ``ground_truth["problem"]``, ``extra_info["question"]``, ``extra_info["problem"]``.

A value that is ``None``, NaN or pandas' ``NA`` / ``NaT`` (missing values) counts as absent.

Never raising inside training: model output or data that cannot be scored gives that
completion a score of 0 (a completion that is not a string) or is read as absent (a
ground truth with no single answer is no gold answer; unreadable key steps are no key
steps; an ``extra_info`` that is not a mapping is ignored), exactly as the core and the TRL
plugin do; each such reason is logged once per process (logger ``"stepgrpo_verl"``) and
counted, with the trace's own problems, in the ``problems`` key.

Misuse raises ``ValueError`` on the first call: a reward keyword argument that is not a
field of `stepgrpo_rewards.RewardConfig` or has a bad value, or batch lists of different
lengths. The checking is strict on purpose: a misspelt ``alpha`` must not train a run with
the default. The only other keywords accepted (and ignored) are those verl's experimental
reward loop passes to every reward function (`VERL_KWARGS`); should a later verl pass
another, the first call raises ``ValueError`` naming it.

Examples:
    >>> trace = ("### Image Description:\\nTwo bars, A=3 and B=5.\\n### Rationales:\\nSubtract.\\n"
    ...          "### Let's think step by step.\\n### Step 1:\\n5 - 3 = 2\\n"
    ...          "### The final answer is: 2")
    >>> r = compute_score("r1vl", trace, {"solution": "2", "key_steps": [["5 - 3 = 2"]]})
    >>> round(r["score"], 2), r["step_rar"], r["step_rvr"], r["key_steps_total"], r["problems"]
    (2.1, 1.1, 1.0, 1, 0)
    >>> compute_score("r1vl", trace, "3", {"key_steps": [["5 - 3 = 2"]]}, alpha=0.5)["score"]
    1.5
"""

from __future__ import annotations

import functools
import importlib
import logging
import math
import os
import threading
from collections.abc import Mapping
from typing import Any

from stepgrpo_rewards import (
    INPUT_PROBLEM_KINDS,
    RewardConfig,
    TraceScore,
    problem_kind,
    score_trace,
)
from stepgrpo_rewards.inputs import is_missing, key_steps_value, question_text, solution_text

__all__ = ["RESULT_KEYS", "VERL_KWARGS", "compute_score", "compute_score_batch", "compute_score_value"]

logger = logging.getLogger("stepgrpo_verl")

#: The keys of every result, in order: ``score`` (the reward, StepRAR + StepRVR),
#: ``step_rar``, ``step_rvr``, ``answer_correct`` and ``valid`` (1.0 or 0.0, so their
#: means are rates), ``key_step_ratio``, ``key_steps_total`` and ``problems`` (counts).
RESULT_KEYS: tuple[str, ...] = (
    "score", "step_rar", "step_rvr", "answer_correct", "valid", "key_step_ratio",
    "key_steps_total", "problems",
)

#: Keyword arguments verl itself passes to reward functions, accepted and ignored: its
#: reward loop (verl 0.6: ``verl/experimental/reward/reward_loop/naive.py``; verl 0.9:
#: ``verl/experimental/reward_loop/reward_manager/naive.py``, only with a reward model)
#: adds ``reward_router_address`` and ``reward_model_tokenizer``; ``reward_model_path``
#: is kept for reward functions that query a reward model.
VERL_KWARGS: frozenset[str] = frozenset(
    {"reward_router_address", "reward_model_tokenizer", "reward_model_path"}
)

_DEFAULT_CONFIG = RewardConfig()

#: Problem kinds of a trace that mean the *input* was unusable; logged once each.
_LOGGED_KINDS: frozenset[str] = frozenset(
    INPUT_PROBLEM_KINDS | {"no_gold_answer", "unreadable_solution", "internal_error"})


# -- reward_kwargs -> RewardConfig ---------------------------------------------------------


def _build_config(fields: Mapping[str, Any], what: str = "reward_kwargs") -> RewardConfig:
    try:
        return RewardConfig.from_mapping(fields)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"stepgrpo_verl: {what}: {exc}") from None


@functools.lru_cache(maxsize=64)
def _cached_config(key: tuple[tuple[str, str, Any], ...], what: str) -> RewardConfig:
    return _build_config({name: value for name, _, value in key}, what)


def _config(kwargs: Mapping[str, Any], what: str = "reward_kwargs",
            ignored: frozenset[str] = VERL_KWARGS) -> RewardConfig:
    """The `RewardConfig` for a call's keyword arguments, built once per distinct set.

    *what* names the trainer's setting that holds them, in error messages; *ignored* are
    the keywords the trainer itself passes, accepted and dropped.
    """
    fields = {k: v for k, v in kwargs.items() if k not in ignored}
    if not fields:
        return _DEFAULT_CONFIG
    # The type is part of the key: alpha=1, alpha=1.0 and alpha=True hash alike.
    key = tuple(sorted((k, type(v).__qualname__, v) for k, v in fields.items()))
    try:
        hash(key)
    except TypeError:  # an unhashable value: RewardConfig rejects it, with its own message
        return _build_config(fields, what)
    return _cached_config(key, what)


# -- logging once per reason -----------------------------------------------------------------

_warned: set[str] = set()
_warned_lock = threading.Lock()


def _warn_once(kind: str, message: str, *args: Any) -> None:
    with _warned_lock:
        if kind in _warned:
            return
        _warned.add(kind)
    logger.warning("stepgrpo_verl: " + message + " [%s; logged once per process, every "
                   "occurrence is counted in the 'problems' result]", *args, kind)


# -- reading the reference -------------------------------------------------------------------


def _first(sources: tuple[Mapping[str, Any], ...], *keys: str) -> Any:
    for source in sources:
        for key in keys:
            value = source.get(key)
            if not is_missing(value):
                return value
    return None


def _reference(ground_truth: Any, extra_info: Any) -> tuple[str | None, Any, str | None, int]:
    """``(gold answer, key steps, question, number of problems found)`` for one row."""
    problems = 0
    if extra_info is None:
        info: Mapping[str, Any] = {}
    elif isinstance(extra_info, Mapping):
        info = extra_info
    else:
        problems += 1
        _warn_once("bad_extra_info", "extra_info is a %s, not a mapping; it is ignored",
                   type(extra_info).__name__)
        info = {}
    if isinstance(ground_truth, Mapping):
        sources: tuple[Mapping[str, Any], ...] = (ground_truth, info)
        answer = _first((ground_truth,), "solution", "answer")
        if answer is None and "solution" not in ground_truth and "answer" not in ground_truth:
            problems += 1
            _warn_once("unreadable_ground_truth", "a ground_truth mapping has no 'solution' or "
                       "'answer' (keys %s); the row has no gold answer",
                       sorted(map(str, ground_truth))[:8])
    else:
        sources = (info,)
        answer = ground_truth
    try:
        gold = solution_text(answer)
    except Exception as exc:  # a data value never raises inside training
        problems += 1
        _warn_once("unreadable_ground_truth", "ground_truth: %s; the row has no gold answer", exc)
        gold = None
    key_steps = key_steps_value(_first(sources, "key_steps"))
    question = question_text(_first(sources, "question", "problem"))
    return gold, key_steps, question, problems


# -- scoring -----------------------------------------------------------------------------


def _result(score: TraceScore | None, problems: int) -> dict[str, Any]:
    if score is None:
        return {"score": 0.0, "step_rar": 0.0, "step_rvr": 0.0, "answer_correct": 0.0,
                "valid": 0.0, "key_step_ratio": 0.0, "key_steps_total": 0, "problems": problems}
    values = [float(score.total), float(score.accuracy), float(score.validity)]
    if not all(math.isfinite(v) for v in values):  # defensive: the core keeps them finite
        return _result(None, problems + 1)
    return {
        "score": values[0],
        "step_rar": values[1],
        "step_rvr": values[2],
        "answer_correct": 1.0 if score.answer_correct else 0.0,
        "valid": 1.0 if score.valid else 0.0,
        "key_step_ratio": float(score.key_step_ratio),
        "key_steps_total": int(score.key_steps_total),
        "problems": problems + len(score.problems),
    }


def _score_one(solution_str: Any, ground_truth: Any, extra_info: Any,
               config: RewardConfig, completion: str = "solution_str") -> dict[str, Any]:
    """One result dict; *completion* names the completion's argument in log messages."""
    try:
        gold, key_steps, question, problems = _reference(ground_truth, extra_info)
    except Exception as exc:  # pragma: no cover - defensive
        _warn_once("scoring_error", "reading the reference failed (%s: %s); the row has none",
                   type(exc).__name__, exc)
        gold, key_steps, question, problems = None, None, None, 1
    if solution_str is not None and not isinstance(solution_str, str):
        _warn_once("bad_completion", "%s is a %s, not a string; it scores 0",
                   completion, type(solution_str).__name__)
        return _result(None, problems + 1)
    try:
        score = score_trace(solution_str, gold, key_steps, question=question, config=config)
    except Exception as exc:  # never raise inside training
        _warn_once("scoring_error", "scoring a completion failed (%s: %s); it scores 0",
                   type(exc).__name__, exc)
        return _result(None, problems + 1)
    for text in score.problems:
        kind = problem_kind(text)
        if kind == "no_gold_answer":
            _warn_once(kind, "a row has no gold answer; its StepRAR is alpha * k at most")
        elif kind in _LOGGED_KINDS:
            _warn_once(kind, "unusable input, the completion scores without it: %s", text[:300])
    return _result(score, problems)


def compute_score(
    data_source: Any,
    solution_str: Any,
    ground_truth: Any,
    extra_info: Any = None,
    **kwargs: Any,
) -> dict[str, Any]:
    """Score one completion for verl: ``custom_reward_function.name=compute_score``.

    Args:
        data_source: The row's ``data_source``; not used (every source is scored alike).
        solution_str: The decoded completion. ``None`` or a non-string scores 0.
        ground_truth: The row's ``reward_model.ground_truth``: the gold answer (a string,
            a number, or a full reference trace), or a mapping with ``"solution"`` (else
            ``"answer"``) and optionally ``"key_steps"`` and ``"question"``.
        extra_info: The row's ``extra_info``; its ``"key_steps"`` and ``"question"`` (or
            ``"problem"``) are used where *ground_truth* has none.
        **kwargs: verl's ``reward_kwargs``: fields of `stepgrpo_rewards.RewardConfig`
            (``alpha``, ``fuzzy_threshold``, ...); the config is built once per distinct
            set. Keywords in `VERL_KWARGS` are ignored.

    Returns:
        ``{"score", "step_rar", "step_rvr", "answer_correct", "valid", "key_step_ratio",
        "key_steps_total", "problems"}`` (`RESULT_KEYS`), every value a finite number.

    Raises:
        ValueError: A keyword argument that is not a `RewardConfig` field, or a bad value
            for one. Nothing else raises: bad model output or data scores 0 or is read as
            absent, is logged once per kind and counted in ``problems``.
    """
    config = _config(kwargs)
    return _score_one(solution_str, ground_truth, extra_info, config)


def compute_score_value(
    data_source: Any,
    solution_str: Any,
    ground_truth: Any,
    extra_info: Any = None,
    **kwargs: Any,
) -> float:
    """`compute_score`'s ``"score"`` alone, for reward managers that read a number only
    (verl's ``prime`` manager takes any other result for a sequence and scores the whole
    batch 0): ``custom_reward_function.name=compute_score_value``.

    Examples:
        >>> compute_score_value("r1vl", "### The final answer is: 4", "4")
        1.0
    """
    return float(compute_score(data_source, solution_str, ground_truth, extra_info, **kwargs)["score"])


def _items(values: Any, name: str) -> list[Any]:
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__len__"):
        raise ValueError(f"stepgrpo_verl: {name} must hold one value per completion, "
                         f"got a {type(values).__name__}")
    return list(values)  # lists, tuples and numpy object arrays alike


def compute_score_batch(
    data_sources: Any,
    solution_strs: Any,
    ground_truths: Any,
    extra_infos: Any = None,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    """Score a batch for verl's ``batch`` reward manager:
    ``custom_reward_function.name=compute_score_batch``.

    The arguments are aligned sequences (lists or numpy arrays) of `compute_score`'s;
    *extra_infos* may be ``None``. Returns one result dict per completion, each equal to
    what `compute_score` returns for that item.

    Raises:
        ValueError: As `compute_score`, and when the sequences differ in length.
    """
    config = _config(kwargs)
    solutions = _items(solution_strs, "solution_strs")
    n = len(solutions)
    columns = {"data_sources": _items(data_sources, "data_sources"),
               "ground_truths": _items(ground_truths, "ground_truths"),
               "extra_infos": [None] * n if extra_infos is None else _items(extra_infos, "extra_infos")}
    for name, column in columns.items():
        if len(column) != n:
            raise ValueError(f"stepgrpo_verl: {name} has {len(column)} values for {n} completions")
    return [_score_one(s, g, e, config)
            for s, g, e in zip(solutions, columns["ground_truths"], columns["extra_infos"], strict=True)]


# -- loaded by path: use the installed package's objects -------------------------------------


def _package_copy(module: str = "stepgrpo_verl.reward", name: str = __name__,
                  file: str = __file__) -> Any:
    """``stepgrpo_verl.reward`` when this file was loaded by path and is that module's
    file, or an unchanged copy of it (byte for byte: it would run the same code).

    The same for another module of the package loaded by path (`stepgrpo_verl.easyr1`):
    *module* is its package name, *name* and *file* the ``__name__`` and ``__file__`` it
    was loaded with.

    Its functions then pickle by reference as ``stepgrpo_verl.reward.compute_score``,
    importable in any process that has the package (verl ships the reward function to
    Ray workers and process pools, where its ``custom_module`` does not exist), and every
    load shares one config cache and one set of warn-once flags. An edited copy, or any
    copy where the package is not importable, keeps this file's own definitions.
    """
    if name == module:
        return None
    try:
        package_module = importlib.import_module(module)
        theirs = package_module.__file__ or ""
        if os.path.samefile(theirs, file):
            return package_module
        with open(theirs, "rb") as a, open(file, "rb") as b:
            return package_module if a.read() == b.read() else None
    except Exception:  # not installed, or not readable: keep this file's own definitions
        return None


_package = _package_copy()
if _package is not None:
    globals().update({name: getattr(_package, name) for name in __all__})
del _package
