"""StepRAR and StepRVR as TRL reward functions.

Each reward is a small callable object (picklable, with a ``__name__`` that TRL uses as
the metric key, so the logs read ``rewards/step_rar/mean``) made by a factory that
checks its arguments at once. Both derive their value from the same
`stepgrpo_rewards.TraceScore`, and the scores of the last few batches are cached, so
using both rewards scores each completion once.

The TRL calling contract (trl 1.16, ``GRPOTrainer._calculate_rewards``)::

    reward(prompts=..., completions=..., completion_ids=..., <every dataset column but
           "prompt", one value per completion>, trainer_state=..., log_extra=...,
           log_metric=...)

Completions are strings, or for conversational data (always for vision-language
models) a list of messages ``[{"role": "assistant", "content": ...}]``. No trl import is
needed: the rewards are plain callables and work outside TRL too.

Inside training nothing raises for a bad row: a row whose scoring fails for any reason
scores 0.0, is counted in the ``stepgrpo/errors`` metric and logged once (logger
``"stepgrpo_trl"``). A row with no gold answer gets ``None`` from StepRAR (TRL's "not
applicable": that row is left out of the StepRAR mean); so does a solution value with
no single answer (NaN, a list of several), rather than its ``repr`` as the gold answer.
Misuse (a missing solution column, columns of the wrong length) raises ``ValueError`` on
the first call.

Examples:
    >>> from stepgrpo_trl import step_rar_reward, step_rvr_reward
    >>> trace = ("### Image Description:\\nTwo apples.\\n\\n### Rationales:\\nCount.\\n\\n"
    ...          "### Let's think step by step.\\n\\n### Step 1:\\n1 + 1 = 2\\n\\n"
    ...          "### The final answer is: 2")
    >>> step_rar_reward([trace], solution=["### The final answer is: 2"], key_steps=[[["1 + 1 = 2"]]])
    [1.1]
    >>> step_rvr_reward([[{"role": "assistant", "content": trace}]])
    [1.0]
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from stepgrpo_rewards import RewardConfig, TraceScore, score_trace
from stepgrpo_rewards.inputs import completion_text, key_steps_value, question_text, solution_text

from .metrics import batch_metrics, gather_batch
from .schedule import AlphaSchedule, parse_alpha_schedule, training_step

__all__ = [
    "StepGRPOReward",
    "StepRARReward",
    "StepRVRReward",
    "completion_text",
    "get_step_rar_reward",
    "get_step_rvr_reward",
    "get_stepgrpo_rewards",
    "step_rar_reward",
    "step_rvr_reward",
]

logger = logging.getLogger("stepgrpo_trl")

_CACHE_BATCHES = 8


class _ScoringError:
    """Marks a row whose scoring raised; it scores 0.0 in both rewards."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


Row = TraceScore | _ScoringError


def _freeze(value: Any) -> Any:
    """A hashable stand-in for a column value, for the batch cache (TypeError if none)."""
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return value
    if isinstance(value, Mapping):
        return ("__map__", tuple((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    raise TypeError("unhashable")


def _score_row(
    text: Any, solution: str | None, key_steps: Any, question: Any, config: RewardConfig
) -> Row:
    try:
        if text is not None and not isinstance(text, str):
            raise TypeError(f"completion is a {type(text).__name__}")
        if question is not None and not isinstance(question, str):
            question = None
        return score_trace(text, solution, key_steps, question=question, config=config)
    except Exception as exc:  # never raise inside training
        return _ScoringError(f"{type(exc).__name__}: {exc}")


@functools.lru_cache(maxsize=_CACHE_BATCHES)
def _score_frozen(
    texts: tuple[Any, ...],
    solutions: tuple[Any, ...],
    key_steps: tuple[Any, ...],
    questions: tuple[Any, ...],
    config: RewardConfig,
) -> tuple[Row, ...]:
    return tuple(
        _score_row(t, s, _thaw(k), q, config)
        for t, s, k, q in zip(texts, solutions, key_steps, questions, strict=True)
    )


def _thaw(value: Any) -> Any:
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == "__map__":
            return {k: _thaw(v) for k, v in value[1]}
        return [_thaw(v) for v in value]
    return value


def _score_rows(
    texts: list[Any],
    solutions: list[Any],
    key_steps: list[Any],
    questions: list[Any],
    config: RewardConfig,
) -> tuple[Row, ...]:
    try:
        frozen = (tuple(texts), tuple(solutions), tuple(_freeze(k) for k in key_steps),
                  tuple(questions))
        hash(frozen)
    except (TypeError, RecursionError):  # unhashable or absurdly nested: score uncached
        return tuple(_score_row(t, s, k, q, config)
                     for t, s, k, q in zip(texts, solutions, key_steps, questions, strict=True))
    return _score_frozen(*frozen, config)


def _column(kwargs: Mapping[str, Any], name: str, n: int, reward: str) -> list[Any]:
    values = kwargs[name]
    tolist = getattr(values, "tolist", None)  # a numpy array or pandas Series of one value per row
    if callable(tolist) and not isinstance(values, (str, bytes, Sequence)):
        values = tolist()
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise ValueError(
            f"{reward}: column {name!r} must hold one value per completion, got a {type(values).__name__}"
        )
    if len(values) != n:
        raise ValueError(
            f"{reward}: column {name!r} has {len(values)} values for {n} completions"
        )
    return list(values)


class StepGRPOReward:
    """Base of the two reward callables; use `get_step_rar_reward`/`get_step_rvr_reward`.

    Calling it with ``completions`` (and the dataset columns as keyword arguments)
    returns one reward per completion. Unknown keyword arguments are ignored.
    """

    #: Name of the reward: TRL's metric key and the prefix of the ``log_extra`` columns.
    __name__: str
    _default_name = "stepgrpo"

    def __init__(
        self,
        config: RewardConfig | None = None,
        *,
        solution_column: str = "solution",
        key_steps_column: str = "key_steps",
        question_column: str | None = "problem",
        name: str | None = None,
        log_metrics: bool = True,
        log_completions: bool = True,
        alpha_schedule: AlphaSchedule | str | float | Mapping[str, Any] | None = None,
    ) -> None:
        schedule = parse_alpha_schedule(alpha_schedule)
        if config is None:
            config = RewardConfig() if schedule is None else RewardConfig(alpha=schedule.start)
        if not isinstance(config, RewardConfig):
            raise TypeError(f"config must be a RewardConfig or None, got {type(config).__name__}")
        if schedule is not None and schedule.start != config.alpha:
            raise ValueError(
                f"alpha_schedule {schedule} starts at {schedule.start:g} but config.alpha is "
                f"{config.alpha:g}: make them agree (config.alpha is the alpha of step 0, and of "
                "calls without a trainer_state)"
            )
        for arg, value in (("solution_column", solution_column),
                           ("key_steps_column", key_steps_column)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{arg} must be a non-empty string, got {value!r}")
        if question_column is not None and (not isinstance(question_column, str) or not question_column):
            raise ValueError(f"question_column must be a non-empty string or None, got {question_column!r}")
        if solution_column == key_steps_column:
            raise ValueError("solution_column and key_steps_column must differ")
        name = self._default_name if name is None else name
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(f"name must be a non-empty string without '/', got {name!r}")
        for arg, flag in (("log_metrics", log_metrics), ("log_completions", log_completions)):
            if not isinstance(flag, bool):
                raise TypeError(f"{arg} must be a bool, got {type(flag).__name__}")
        self.config = config
        self.solution_column = solution_column
        self.key_steps_column = key_steps_column
        self.question_column = question_column
        self.__name__ = name
        self.log_metrics = log_metrics
        self.log_completions = log_completions
        #: alpha over training steps (`stepgrpo_trl.schedule`); ``None``: ``config.alpha`` throughout.
        self.alpha_schedule = schedule
        self._init_runtime()

    # -- pickling: the lock and the warn-once flags are per process --------------------
    def _init_runtime(self) -> None:
        self._lock = threading.Lock()
        self._warned: set[str] = set()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_lock", None)
        state.pop("_warned", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._init_runtime()

    def __repr__(self) -> str:
        return (f"{type(self).__name__}(name={self.__name__!r}, solution_column="
                f"{self.solution_column!r}, key_steps_column={self.key_steps_column!r}, "
                f"question_column={self.question_column!r}, config={self.config!r}"
                + (f", alpha_schedule='{self.alpha_schedule}')" if self.alpha_schedule else ")"))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__getstate__() == other.__getstate__()

    def __hash__(self) -> int:
        return hash((type(self), self.__name__, self.config, self.solution_column,
                     self.key_steps_column, self.question_column, self.alpha_schedule))

    def _warn_once(self, key: str, message: str, *args: Any) -> None:
        with self._lock:
            if key in self._warned:
                return
            self._warned.add(key)
        logger.warning(message, *args)

    # -- the call ------------------------------------------------------------------------
    def score(self, completions: Sequence[Any], **kwargs: Any) -> list[TraceScore | None]:
        """Score a batch once; ``None`` marks a row whose scoring failed (it rewards 0.0).

        With an `alpha_schedule`, ``accuracy`` and ``total`` are those at the step of the
        ``trainer_state`` keyword (the start value without one)."""
        rows = self._at_alpha(self._rows(completions, kwargs)[0], self.alpha(kwargs.get("trainer_state")))
        return [r if isinstance(r, TraceScore) else None for r in rows]

    def alpha(self, trainer_state: Any = None) -> float:
        """The alpha in force at the step of *trainer_state* (see `stepgrpo_trl.schedule`):
        ``config.alpha`` without a schedule, the schedule's start value without a step."""
        if self.alpha_schedule is None:
            return self.config.alpha
        step = training_step(trainer_state)
        if step is None and trainer_state is not None:
            self._warn_once("no_step", "%s: trainer_state has no usable global_step (%r); alpha "
                            "stays at the schedule's start value %g", self.__name__,
                            getattr(trainer_state, "global_step", trainer_state), self.alpha_schedule.start)
        return self.alpha_schedule.value(step)

    def _at_alpha(self, rows: tuple[Row, ...], alpha: float) -> tuple[Row, ...]:
        """*rows* with StepRAR (``accuracy``) and ``total`` at *alpha* instead of ``config.alpha``.

        The scores are cached per config (both rewards share them), so a scheduled alpha
        is applied here, to the components the score keeps, rather than by rescoring."""
        if alpha == self.config.alpha:
            return rows
        out: list[Row] = []
        for row in rows:
            if isinstance(row, TraceScore) and row.key_steps_total:
                accuracy = self.config.answer_reward * row.answer_correct + alpha * row.key_step_ratio
                row = dataclasses.replace(row, accuracy=accuracy, total=accuracy + row.validity)
            out.append(row)
        return tuple(out)

    def _rows(self, completions: Any, kwargs: Mapping[str, Any]) -> tuple[tuple[Row, ...], list[Any]]:
        if completions is None:
            raise TypeError(f"{self.__name__}: completions is required")
        if isinstance(completions, (str, bytes)) or not isinstance(completions, Sequence):
            raise TypeError(
                f"{self.__name__}: completions must be a list, got {type(completions).__name__}"
            )
        n = len(completions)
        if self.solution_column in kwargs and kwargs[self.solution_column] is not None:
            solutions = _column(kwargs, self.solution_column, n, self.__name__)
        elif self.needs_solution:
            columns = sorted(k for k in kwargs if k not in _TRL_KWARGS)
            raise ValueError(
                f"{self.__name__}: the batch has no {self.solution_column!r} column (columns: "
                f"{columns}); name the gold-answer column with "
                f"{type(self).__name__}(solution_column=...)"
            )
        else:
            solutions = [None] * n
        solutions = self._solution_texts(solutions)
        if self.key_steps_column in kwargs and kwargs[self.key_steps_column] is not None:
            key_steps = [key_steps_value(k)
                         for k in _column(kwargs, self.key_steps_column, n, self.__name__)]
        else:
            if self.needs_solution:
                self._warn_once("no_key_steps", "%s: the batch has no %r column; the key-step "
                                "ratio is 0 for every completion", self.__name__,
                                self.key_steps_column)
            key_steps = [None] * n
        questions: list[Any] = [None] * n
        if self.question_column is not None and kwargs.get(self.question_column) is not None:
            questions = [question_text(q)
                         for q in _column(kwargs, self.question_column, n, self.__name__)]
        elif self.config.question_key_steps == "exclude":
            questions = self._prompt_questions(kwargs.get("prompts"), n)
        texts: list[Any] = []
        for completion in completions:
            try:
                texts.append(completion_text(completion))
            except Exception as exc:  # model output never raises: the row scores 0.0
                texts.append(_ScoringError(f"{type(exc).__name__}: {exc}"))
        bad_texts = {i: t for i, t in enumerate(texts) if isinstance(t, _ScoringError)}
        rows = list(_score_rows([None if i in bad_texts else t for i, t in enumerate(texts)],
                                solutions, key_steps, questions, self.config))
        for i, err in bad_texts.items():
            rows[i] = err
        return tuple(rows), texts

    def _prompt_questions(self, prompts: Any, n: int) -> list[str | None]:
        """The questions read from TRL's ``prompts`` (a string prompt as it is, a chat
        prompt's last user message, media tags removed), for
        ``question_key_steps="exclude"`` when the batch has no question column."""
        from .swift import question_of  # swift imports this module

        if isinstance(prompts, (str, bytes)) or not isinstance(prompts, Sequence) or len(prompts) != n:
            self._warn_once("no_question", "%s: question_key_steps='exclude' but the batch has no %r "
                            "column and no prompts to read the question from; no key step is "
                            "excluded", self.__name__, self.question_column)
            return [None] * n
        return [p if isinstance(p, str) else question_of(p) for p in prompts]

    def _solution_texts(self, solutions: list[Any]) -> list[str | None]:
        """The solutions as text (see `stepgrpo_rewards.solution_text`), before the batch cache keys them.

        Converting first also keeps the cache from mixing up ``1``, ``1.0`` and ``True``,
        which compare equal. An unreadable solution is no gold answer (StepRAR ``None``,
        counted in ``stepgrpo/problems/no_gold_answer``) and is logged once.
        """
        texts: list[str | None] = []
        for solution in solutions:
            try:
                texts.append(solution_text(solution))
            except Exception as exc:  # a dataset value never raises inside training
                self._warn_once("solution", "%s: column %r: %s; the row has no gold answer "
                                "(further ones are only counted in stepgrpo/problems/no_gold_answer)",
                                self.__name__, self.solution_column, exc)
                texts.append(None)
        return texts

    needs_solution = False

    def _value(self, row: TraceScore) -> float | None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, completions: Sequence[Any] | None = None, **kwargs: Any) -> list[float | None]:
        rows, _ = self._rows(completions, kwargs)
        alpha = self.alpha(kwargs.get("trainer_state"))
        rows = self._at_alpha(rows, alpha)
        rewards: list[float | None] = []
        errors = 0
        for row in rows:
            if isinstance(row, _ScoringError):
                errors += 1
                self._warn_once("error", "%s: scoring a completion failed, it scores 0.0 (%s); "
                                "further failures are only counted in stepgrpo/errors",
                                self.__name__, row.message)
                rewards.append(0.0)
                continue
            if row.gold_answer is None:
                for problem in row.problems:
                    if problem.startswith("unreadable_solution"):
                        self._warn_once("unreadable_solution", "%s: %s; the row has no gold answer (further "
                                        "ones are only counted in stepgrpo/problems/unreadable_solution)",
                                        self.__name__, problem)
            try:
                value = self._value(row)
            except Exception as exc:  # pragma: no cover - defensive
                errors += 1
                self._warn_once("error", "%s: reward failed (%s)", self.__name__, exc)
                value = 0.0
            if value is not None and not math.isfinite(value):
                value = 0.0
            rewards.append(value)
        self._log(rows, kwargs, errors, alpha)
        return rewards

    # -- logging ---------------------------------------------------------------------------
    def _extra_columns(self, rows: Sequence[Row]) -> dict[str, list[Any]]:
        return {}

    def _log(self, rows: Sequence[Row], kwargs: Mapping[str, Any], errors: int, alpha: float) -> None:
        log_extra = kwargs.get("log_extra")
        log_metric = kwargs.get("log_metric")
        if self.log_completions and callable(log_extra):
            try:
                for column, values in self._extra_columns(rows).items():
                    log_extra(f"{self.__name__}/{column}", values)
            except Exception as exc:
                self._warn_once("log_extra", "%s: log_extra failed: %s", self.__name__, exc)
        if self.log_metrics and callable(log_metric):
            try:
                scores, prompts, solutions = gather_batch(
                    [r if isinstance(r, TraceScore) else None for r in rows],
                    kwargs.get("prompts"), kwargs.get(self.solution_column))
                for name, value in batch_metrics(scores, prompts, solutions=solutions).items():
                    log_metric(name, value)
                log_metric("stepgrpo/alpha", alpha)
            except Exception as exc:
                self._warn_once("log_metric", "%s: log_metric failed: %s", self.__name__, exc)


_TRL_KWARGS = frozenset({"prompts", "completion_ids", "trainer_state", "log_extra", "log_metric",
                         "environments"})


class StepRARReward(StepGRPOReward):
    """StepRAR, the step-wise reasoning accuracy reward: ``answer_reward * correct + alpha * k``.

    ``None`` for a row with no gold answer (TRL leaves it out of the mean). With an
    alpha schedule, alpha is that of the batch's ``trainer_state`` step; the alpha used
    is logged as the metric ``stepgrpo/alpha``. Logs the completions-table columns ``step_rar/answer`` (the extracted answer),
    ``step_rar/correct`` and ``step_rar/key_steps`` (``"matched/total"``).
    """

    _default_name = "step_rar"
    needs_solution = True

    def _value(self, row: TraceScore) -> float | None:
        if row.gold_answer is None:
            return None
        return float(row.accuracy)

    def _extra_columns(self, rows: Sequence[Row]) -> dict[str, list[Any]]:
        answers, correct, steps = [], [], []
        for r in rows:
            if isinstance(r, TraceScore):
                answers.append(r.predicted_answer)
                correct.append(bool(r.answer_correct))
                steps.append(f"{r.key_steps_matched}/{r.key_steps_total}")
            else:
                answers.append(None)
                correct.append(False)
                steps.append("error")
        return {"answer": answers, "correct": correct, "key_steps": steps}


class StepRVRReward(StepGRPOReward):
    """StepRVR, the step-wise reasoning validity reward: ``validity_reward`` if the trace is
    complete and logical, else 0.

    Logs the completions-table columns ``step_rvr/valid`` and ``step_rvr/problems``
    (the problems of the trace, ``"; "``-joined).
    """

    _default_name = "step_rvr"
    needs_solution = False

    def _value(self, row: TraceScore) -> float | None:
        return float(row.validity)

    def _extra_columns(self, rows: Sequence[Row]) -> dict[str, list[Any]]:
        valid, problems = [], []
        for r in rows:
            if isinstance(r, TraceScore):
                valid.append(bool(r.valid))
                problems.append("; ".join(r.problems))
            else:
                valid.append(False)
                problems.append(f"scoring_error: {r.message}")
        return {"valid": valid, "problems": problems}


def get_step_rar_reward(
    config: RewardConfig | None = None,
    *,
    solution_column: str = "solution",
    key_steps_column: str = "key_steps",
    question_column: str | None = "problem",
    name: str = "step_rar",
    log_metrics: bool = True,
    log_completions: bool = True,
    alpha_schedule: AlphaSchedule | str | float | Mapping[str, Any] | None = None,
) -> StepRARReward:
    """Make a StepRAR reward for ``GRPOTrainer(reward_funcs=[...])``.

    *config* holds alpha and the matching knobs (default: the paper's). The gold
    solution is read from the dataset column *solution_column*, the key steps from
    *key_steps_column* (any shape `stepgrpo_rewards.normalize_key_steps` reads), and,
    where the batch has it, the question from *question_column* (lets ``"B"`` match a
    multiple-choice option's text). *name* is the metric key (``rewards/<name>/mean``).
    With *log_metrics* the batch metrics of `stepgrpo_trl.metrics.batch_metrics` go to
    ``log_metric``; with *log_completions* per-completion columns go to ``log_extra``.

    *alpha_schedule* makes alpha follow the training step that TRL passes in
    ``trainer_state`` (an `AlphaSchedule`, or its text such as ``"linear:0.1:0:1000"``;
    see `stepgrpo_trl.schedule`); its start value must equal ``config.alpha`` (with no
    *config*, the config takes it). The alpha in force is logged as ``stepgrpo/alpha``.

    Examples:
        >>> reward = get_step_rar_reward(solution_column="answer")
        >>> reward.__name__, reward(["### The final answer is: 5"], answer=["5"])
        ('step_rar', [1.0])
    """
    return StepRARReward(config, solution_column=solution_column, key_steps_column=key_steps_column,
                         question_column=question_column, name=name, log_metrics=log_metrics,
                         log_completions=log_completions, alpha_schedule=alpha_schedule)


def get_step_rvr_reward(
    config: RewardConfig | None = None,
    *,
    solution_column: str = "solution",
    key_steps_column: str = "key_steps",
    question_column: str | None = "problem",
    name: str = "step_rvr",
    log_metrics: bool = True,
    log_completions: bool = True,
    alpha_schedule: AlphaSchedule | str | float | Mapping[str, Any] | None = None,
) -> StepRVRReward:
    """Make a StepRVR reward; same arguments as `get_step_rar_reward`.

    StepRVR needs no gold answer; the columns are read where present (for the shared
    batch cache and the accuracy metrics). Its *alpha_schedule* (give it the same as
    StepRAR's) only serves the batch metrics (``stepgrpo/frac_tied_groups`` sums both).

    Examples:
        >>> get_step_rvr_reward()(["no structure at all"])
        [0.0]
    """
    return StepRVRReward(config, solution_column=solution_column, key_steps_column=key_steps_column,
                         question_column=question_column, name=name, log_metrics=log_metrics,
                         log_completions=log_completions, alpha_schedule=alpha_schedule)


def get_stepgrpo_rewards(config: RewardConfig | None = None, **kwargs: Any) -> list[StepGRPOReward]:
    """Both rewards with one config, ``[step_rar, step_rvr]``: the paper's ``r = r_acc + r_val``.

    Keyword arguments are those of `get_step_rar_reward` except *name*.
    """
    if "name" in kwargs:
        raise ValueError("get_stepgrpo_rewards makes two rewards; name them with the single factories")
    return [get_step_rar_reward(config, **kwargs), get_step_rvr_reward(config, **kwargs)]


#: StepRAR with the paper's settings and columns ``solution``/``key_steps``/``problem``.
step_rar_reward: StepRARReward = get_step_rar_reward()
#: StepRVR with the paper's settings.
step_rvr_reward: StepRVRReward = get_step_rvr_reward()
