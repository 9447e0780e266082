"""Batch metrics that show whether StepGRPO is working, for ``log_metric``.

`batch_metrics` turns the scores of one generation batch into a flat
``{name: float}`` dict; the rewards log it through TRL's ``log_metric`` (TRL averages
each name over a logging step). Names and meanings:

Rates are fractions in [0, 1]; counts are numbers of completions. Under a multi-process
run (``torch.distributed`` initialised, as ``accelerate launch`` does) the rewards compute
every metric over the completions of *all* ranks (`gather_batch`), as TRL computes its
own ``frac_reward_zero_std``: a GRPO group split across ranks is judged whole, and the
counts are totals of the whole generation batch. Every rank then logs the same value,
so TRL's average over ranks leaves it unchanged.

``stepgrpo/accuracy``
    rate: fraction of completions with a correct final answer, over rows with a gold answer
    (left out when no row has one);
``stepgrpo/key_step_ratio``
    rate: mean fraction of key steps matched, over rows with key steps (left out when none);
``stepgrpo/valid_rate``
    rate: fraction of completions that are complete and logical (StepRVR = 1);
``stepgrpo/frac_tied_groups``
    rate: fraction of GRPO groups whose total rewards (StepRAR + StepRVR, as TRL sums them:
    StepRAR left out where there is no gold answer) all tie: the group advantage is
    zero there and the group teaches nothing (TRL's ``frac_reward_zero_std`` reads the
    same when these are the only rewards, with weight 1);
``stepgrpo/alpha``
    the alpha StepRAR used for the batch: ``config.alpha``, or the alpha schedule's value at
    the batch's training step (logged by the rewards, not by `batch_metrics`);
``stepgrpo/errors``
    count: completions whose scoring failed (they scored 0.0);
``stepgrpo/problems/<kind>``
    count: number of completions in the batch with a problem of that kind
    (`stepgrpo_rewards.problem_kind`), only for the kinds that occurred in the batch
    (a step logs a handful of these, not one per known kind, `PROBLEM_KINDS`).

A group is a run of consecutive completions for the same prompt (and solution), as
GRPO lays them out; with *num_generations* unknown it is inferred from identical
prompts.

Examples:
    >>> from stepgrpo_rewards import score_trace
    >>> s = [score_trace("### The final answer is: 3", "3"), score_trace("no", "3")]
    >>> m = batch_metrics(s, prompts=["p", "p"])
    >>> m["stepgrpo/accuracy"], m["stepgrpo/frac_tied_groups"], m["stepgrpo/problems/no_answer"]
    (0.5, 0.0, 1.0)
"""

from __future__ import annotations

import hashlib
import math
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from stepgrpo_rewards import TraceScore, problem_kind

__all__ = ["PROBLEM_KINDS", "batch_metrics", "gather_batch", "group_spans", "tied_group_fraction"]

PREFIX = "stepgrpo/"


def _known_kinds() -> tuple[str, ...]:
    kinds = {
        "input_too_long", "empty_completion", "no_gold_answer", "no_answer", "bad_key_steps",
        "too_many_key_steps", "not_mulberry_layout", "missing_description",
        "missing_rationales", "missing_steps", "missing_answer", "section_order",
        "step_numbering", "empty_step", "empty_answer", "multiple_answers",
        "step_after_answer",
    }
    try:  # the core's own list, where it has one
        from stepgrpo_rewards import problems as _problems

        kinds.update(
            v for k, v in vars(_problems).items()
            if k.isupper() and isinstance(v, str) and v.isidentifier() and v.islower()
        )
    except ImportError:  # pragma: no cover
        pass
    return tuple(sorted(kinds))


#: Every problem kind the core names; a batch reports those that occur in it under
#: ``stepgrpo/problems/<kind>``.
PROBLEM_KINDS: tuple[str, ...] = _known_kinds()


def _image_key(image: Any) -> Any:
    """Images by size, mode and a digest of a 32x32 nearest-neighbour sample.

    Hashing every pixel cost ~1 ms per 448x448 image, i.e. most of the reward time of
    a training step; the sample costs ~10 us. Two images that differ only between
    sampled pixels can share a key: their runs then merge, and `group_spans` still
    cuts runs by the common group size. A numpy array (no ``mode``; its ``resize``
    would reshape it in place) is keyed by its shape and all its bytes.
    """
    is_pil = hasattr(image, "mode")
    resize = getattr(image, "resize", None) if is_pil else None
    tobytes = getattr(image, "tobytes", None)
    if callable(tobytes):
        digest: Any
        try:
            sample = resize((32, 32), 0) if callable(resize) else image  # 0: Resampling.NEAREST
            digest = hashlib.blake2b(sample.tobytes(), digest_size=16).digest()
        except Exception:
            digest = id(image)
        size = getattr(image, "size", None) if is_pil else getattr(image, "shape", None)
        return ("image", size, getattr(image, "mode", None), digest)
    return ("object", id(image))


def _key(value: Any, depth: int = 0) -> Any:
    """A hashable key for a prompt: text as is, images by a digest of their pixels."""
    if depth > 20:
        return ("deep", id(value))
    if isinstance(value, float) and value != value:
        return ("nan",)  # NaN != NaN: the missing solutions of one group would split it
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _key(v, depth + 1)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_key(v, depth + 1) for v in value)
    return _image_key(value)


def group_spans(
    n: int,
    prompts: Sequence[Any] | None = None,
    *,
    num_generations: int | None = None,
    solutions: Sequence[Any] | None = None,
) -> list[tuple[int, int]]:
    """Split ``range(n)`` into GRPO groups, as ``(start, stop)`` pairs.

    With *num_generations*, consecutive chunks of that size. Otherwise runs of
    consecutive identical prompts (and solutions), each cut into chunks of the greatest
    common divisor of the run lengths, so that a prompt drawn twice in a row still
    makes two groups. With neither, one group.

    Examples:
        >>> group_spans(6, ["a", "a", "b", "b", "c", "c"])
        [(0, 2), (2, 4), (4, 6)]
        >>> group_spans(6, ["a"] * 4 + ["b"] * 2)
        [(0, 2), (2, 4), (4, 6)]
    """
    if n <= 0:
        return []
    if num_generations is not None:
        if num_generations < 1:
            raise ValueError(f"num_generations must be >= 1, got {num_generations}")
        return [(i, min(i + num_generations, n)) for i in range(0, n, num_generations)]
    if prompts is None or len(prompts) != n:
        return [(0, n)]
    keys = [_key(p) for p in prompts]
    if solutions is not None and len(solutions) == n:
        keys = [(k, _key(s)) for k, s in zip(keys, solutions, strict=True)]
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, n + 1):
        if i == n or keys[i] != keys[start]:
            runs.append((start, i))
            start = i
    size = 0
    for a, b in runs:
        size = math.gcd(size, b - a)
    return [(i, i + size) for a, b in runs for i in range(a, b, size)]


def tied_group_fraction(totals: Sequence[float], spans: Sequence[tuple[int, int]],
                        *, tol: float = 1e-9) -> float:
    """Fraction of groups (of two or more) whose values all lie within *tol* of each other.

    Examples:
        >>> tied_group_fraction([1.0, 1.0, 0.0, 2.1], [(0, 2), (2, 4)])
        0.5
    """
    groups = [totals[a:b] for a, b in spans if b - a >= 2]
    if not groups:
        return 0.0
    tied = sum(1 for g in groups if max(g) - min(g) <= tol)
    return tied / len(groups)


def _grpo_total(score: TraceScore | None) -> float:
    """The total GRPO sees: StepRAR (``None``, so left out, without a gold answer) + StepRVR."""
    if score is None:
        return 0.0
    accuracy = score.accuracy if score.gold_answer is not None else 0.0
    return float(accuracy) + float(score.validity)


def batch_metrics(
    scores: Sequence[TraceScore | None],
    prompts: Sequence[Any] | None = None,
    *,
    num_generations: int | None = None,
    solutions: Sequence[Any] | None = None,
) -> dict[str, float]:
    """Metrics of one batch of scores (``None`` = a completion whose scoring failed).

    See the module docstring for the names. *prompts* (and *solutions*) identify the
    GRPO groups; pass *num_generations* where it is known.
    """
    n = len(scores)
    ok = [s for s in scores if s is not None]
    out: dict[str, float] = {}
    with_gold = [s for s in ok if s.gold_answer is not None]
    if with_gold:
        out[PREFIX + "accuracy"] = sum(bool(s.answer_correct) for s in with_gold) / len(with_gold)
    with_steps = [s for s in ok if s.key_steps_total > 0]
    if with_steps:
        out[PREFIX + "key_step_ratio"] = sum(s.key_step_ratio for s in with_steps) / len(with_steps)
    if n:
        out[PREFIX + "valid_rate"] = sum(bool(s.valid) for s in ok) / n
        totals = [_grpo_total(s) for s in scores]
        spans = group_spans(n, prompts, num_generations=num_generations, solutions=solutions)
        out[PREFIX + "frac_tied_groups"] = tied_group_fraction(totals, spans)
    out[PREFIX + "errors"] = float(n - len(ok))
    counts: Counter[str] = Counter()
    for s in ok:
        counts.update({problem_kind(p) for p in s.problems})
    for kind in sorted(counts):
        out[f"{PREFIX}problems/{kind}"] = float(counts[kind])
    return out


def _process_group() -> Any:
    """``torch.distributed`` when a process group of two or more ranks is up, else ``None``.

    torch is not imported here: if the trainer has not imported it, no group exists.
    """
    dist = sys.modules.get("torch.distributed")
    if dist is None or not dist.is_available() or not dist.is_initialized():
        return None
    return dist if dist.get_world_size() > 1 else None


def gather_batch(
    scores: Sequence[TraceScore | None],
    prompts: Sequence[Any] | None = None,
    solutions: Sequence[Any] | None = None,
) -> tuple[list[TraceScore | None], list[Any] | None, list[Any] | None]:
    """The scores, prompts and solutions of every rank, in rank order (TRL's layout of a
    generation batch across processes); the inputs as lists when not distributed.

    Prompts travel as the keys `group_spans` compares (images as digests), so little
    crosses the wire. A collective: every rank must call it, as every rank calls the
    reward in ``GRPOTrainer``.

    Examples:
        >>> from stepgrpo_rewards import score_trace
        >>> gather_batch([score_trace("x", "1")], ["p"], ["1"])[1]
        ['p']
    """
    dist = _process_group()
    if dist is None:
        return (list(scores), None if prompts is None else list(prompts),
                None if solutions is None else list(solutions))
    n = len(scores)
    local = (
        list(scores),
        None if prompts is None or len(prompts) != n else [_key(p) for p in prompts],
        None if solutions is None or len(solutions) != n else [_key(s) for s in solutions],
    )
    parts: list[Any] = [None] * dist.get_world_size()
    dist.all_gather_object(parts, local)
    all_scores = [s for part in parts for s in part[0]]
    all_prompts = (None if any(part[1] is None for part in parts)
                   else [p for part in parts for p in part[1]])
    all_solutions = (None if any(part[2] is None for part in parts)
                     else [s for part in parts for s in part[2]])
    return all_scores, all_prompts, all_solutions
