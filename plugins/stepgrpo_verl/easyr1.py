"""StepRAR + StepRVR as an EasyR1 reward function.

EasyR1 (``hiyouga/EasyR1``, a fork of verl for vision-language GRPO) loads a reward
function from a file given as ``path:name`` in ``worker.reward.reward_function``. This
file is that file: set it to ``<path of this file>:compute_score``
(`stepgrpo_verl.easyr1_reward_file` gives the path; ``python -m stepgrpo_verl --easyr1``
prints the whole setting)::

    python3 -m verl.trainer.main config=examples/config.yaml ... \\
        worker.reward.reward_function=$(python -m stepgrpo_verl --easyr1) \\
        worker.reward.reward_function_kwargs.alpha=0.1

All scoring is `stepgrpo_rewards.score_trace`, reached through the verl adapter
(`stepgrpo_verl.reward`), whose reading of the reference, config checking, logging and
never-raising rules this module shares; it only adapts EasyR1's calling contract. EasyR1
loads it *by path* as module ``custom_reward_fn``, so it uses absolute imports only; it
needs the installed package (``pip install stepgrpo-rewards``), nothing from EasyR1.

EasyR1's calling contract (``verl/workers/reward/function.py``; its
``reward_function_kwargs`` bound with ``functools.partial``)::

    compute_score([{"response": <decoded completion>, "response_length": <tokens>,
                    "ground_truth": <the row's answer column>}, ...], **kwargs)   # batch
    compute_score({"response": ..., "response_length": ..., "ground_truth": ...},
                  **kwargs)                                               # sequential

`compute_score` serves both reward types: a sequence of reward inputs (a list, a tuple, a
numpy object array) gives a list of result dicts, one per input; a single mapping gives
one result dict. Each result has the keys `RESULT_KEYS`, always all of them, all
numbers: ``overall`` is the reward (StepRAR + StepRVR); EasyR1 averages every key into
its metrics, which is why the keys never vary.

Where the reference comes from (first found wins): as in `stepgrpo_verl.compute_score`,
with the reward input in the place of verl's ``extra_info``:

* gold answer: *ground_truth* itself (a string, a number, or a full reference trace); or,
  when *ground_truth* is a mapping (a struct answer column), its ``"solution"``, else its
  ``"answer"``;
* a JSON object in a string: a *ground_truth* string that starts with ``{`` and parses
  (at most `MAX_JSON_CHARS` characters) as a JSON object with a ``"solution"`` or
  ``"answer"`` key is read as that mapping. Any other string is the answer itself, so an
  answer such as ``"{1, 2}"`` stays an answer;
* key steps: ``ground_truth["key_steps"]``, else the reward input's ``"key_steps"`` (EasyR1
  passes no other column; forks that pass more are read too);
* question: ``ground_truth["question"]`` / ``["problem"]``, else the reward input's.

Never raising inside training: model output or data that cannot be scored gives that
completion a score of 0 or is read as absent, logged once per reason (logger
``"stepgrpo_verl"``) and counted in ``problems``, as in the verl adapter. A string that
looks meant as a JSON reference (``{"...``) but is not one (it does not parse, is too
long, or has no ``"solution"`` / ``"answer"``) is read as the answer itself, and is one
such problem.

Misuse raises on the first call: a keyword argument that is not a field of
`stepgrpo_rewards.RewardConfig`, or a bad value for one (``ValueError``); reward inputs
that are not a mapping or a sequence of mappings, or a mapping without ``"response"``
(``TypeError`` / ``ValueError``).

Examples:
    >>> from stepgrpo_verl.easyr1 import compute_score
    >>> trace = ("### Image Description:\\nTwo bars, A=3 and B=5.\\n### Rationales:\\nSubtract.\\n"
    ...          "### Let's think step by step.\\n### Step 1:\\n5 - 3 = 2\\n"
    ...          "### The final answer is: 2")
    >>> reference = '{"solution": "2", "key_steps": [["5 - 3 = 2"]]}'
    >>> batch = [{"response": trace, "response_length": 40, "ground_truth": reference},
    ...          {"response": "It is 3.", "response_length": 4, "ground_truth": "2"}]
    >>> [round(r["overall"], 2) for r in compute_score(batch)]
    [2.1, 0.0]
    >>> r = compute_score(batch[0], alpha=0.5)
    >>> round(r["overall"], 2), r["accuracy"], r["format"], r["step_rar"], r["key_steps_total"]
    (2.5, 1.0, 1.0, 1.5, 1)
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import stepgrpo_verl.reward as _verl
from stepgrpo_rewards import RewardConfig

__all__ = ["MAX_JSON_CHARS", "RESULT_KEYS", "compute_score"]

#: The keys of every result, in order: ``overall`` (the reward, StepRAR + StepRVR: EasyR1
#: writes it as the sequence's reward), ``accuracy`` (1.0 or 0.0: the final answer is
#: correct) and ``format`` (1.0 or 0.0: the trace is a complete, ordered Mulberry trace,
#: StepRVR's verdict), the names EasyR1's own reward functions use for those two; then
#: ``step_rar``, ``step_rvr``, ``key_step_ratio``, and the counts ``key_steps_total`` and
#: ``problems``.
RESULT_KEYS: tuple[str, ...] = (
    "overall", "accuracy", "format", "step_rar", "step_rvr", "key_step_ratio",
    "key_steps_total", "problems",
)

#: The longest *ground_truth* string read as a JSON reference; a longer one is the answer.
MAX_JSON_CHARS = 1_000_000

#: Each of `RESULT_KEYS` and the key of the verl adapter's result it takes its value from.
_FROM_VERL: dict[str, str] = {"overall": "score", "accuracy": "answer_correct", "format": "valid"}

_KWARGS = "reward_function_kwargs"  # EasyR1's name for the keyword arguments, in errors
_MEANT_AS_JSON = re.compile(r'\{\s*"')


def _unpacked(ground_truth: Any) -> tuple[Any, int]:
    """*ground_truth*, or the mapping a JSON string in it holds; and the problems found."""
    if not isinstance(ground_truth, str):
        return ground_truth, 0
    text = ground_truth.lstrip()
    if not text.startswith("{"):
        return ground_truth, 0
    if len(text) > MAX_JSON_CHARS:
        reason = f"is over {MAX_JSON_CHARS} characters"
    else:
        try:
            value = json.loads(text)
        except (ValueError, RecursionError, MemoryError) as exc:  # JSONDecodeError is a ValueError
            reason = f"does not parse as JSON ({type(exc).__name__}: {str(exc)[:100]})"
        else:
            if isinstance(value, dict) and ("solution" in value or "answer" in value):
                return value, 0
            reason = "is no JSON object with a 'solution' or 'answer'"
    if not _MEANT_AS_JSON.match(text):  # "{1, 2}": an answer, nothing wrong with it
        return ground_truth, 0
    _verl._warn_once("json_ground_truth", "a ground_truth string that starts like a JSON object %s; "
                     "it is read as the answer itself", reason)
    return ground_truth, 1


def _score_input(reward_input: Mapping[str, Any], config: RewardConfig) -> dict[str, Any]:
    ground_truth, problems = _unpacked(reward_input.get("ground_truth"))
    result = _verl._score_one(reward_input["response"], ground_truth, reward_input, config,
                              completion="response")
    result["problems"] += problems
    return {key: result[_FROM_VERL.get(key, key)] for key in RESULT_KEYS}


def _checked(reward_input: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(reward_input, Mapping):
        raise TypeError(f"stepgrpo_verl.easyr1: {where} is a {type(reward_input).__name__}, not a "
                        "mapping with 'response' and 'ground_truth' (EasyR1's reward input)")
    if "response" not in reward_input:
        raise ValueError(f"stepgrpo_verl.easyr1: {where} has no 'response' (its keys: "
                         f"{sorted(map(str, reward_input))[:8]})")
    return reward_input


def compute_score(reward_inputs: Any, **kwargs: Any) -> dict[str, Any] | list[dict[str, Any]]:
    """Score EasyR1 reward inputs: ``worker.reward.reward_function=<this file>:compute_score``.

    Args:
        reward_inputs: For ``reward_type: batch`` (EasyR1's default), a sequence (list,
            tuple, numpy object array) of reward inputs; for ``reward_type: sequential``,
            one reward input. A reward input is a mapping with ``"response"`` (the
            decoded completion; ``None`` or a non-string scores 0), ``"ground_truth"``
            (the row's answer column: the gold answer, a mapping with ``"solution"`` or
            ``"answer"`` and optionally ``"key_steps"`` and ``"question"``, or such a
            mapping as a JSON string) and ``"response_length"`` (not used). Its own
            ``"key_steps"`` and ``"question"`` (or ``"problem"``), if any, are used where
            the ground truth has none.
        **kwargs: EasyR1's ``reward_function_kwargs``: fields of
            `stepgrpo_rewards.RewardConfig` (``alpha``, ``fuzzy_threshold``, ...); the
            config is built once per distinct set.

    Returns:
        For a sequence, a list with one dict per reward input; for one reward input, one
        dict. Each dict has the keys `RESULT_KEYS`, every value a finite number.

    Raises:
        ValueError: A keyword argument that is not a `RewardConfig` field, or a bad value
            for one; a reward input without ``"response"``; reward inputs that are
            neither a mapping nor a sequence.
        TypeError: A reward input in a sequence that is not a mapping. Nothing else
            raises: bad model output or data scores 0 or is read as absent, is logged
            once per kind and counted in ``problems``.
    """
    config = _verl._config(kwargs, _KWARGS, frozenset())
    if isinstance(reward_inputs, Mapping):
        return _score_input(_checked(reward_inputs, "the reward input"), config)
    items = [_checked(item, f"reward input {i}")
             for i, item in enumerate(_verl._items(reward_inputs, "reward_inputs"))]
    return [_score_input(item, config) for item in items]


# -- loaded by path: use the installed package's objects (see stepgrpo_verl.reward) ----------

_package = _verl._package_copy("stepgrpo_verl.easyr1", __name__, __file__)
if _package is not None:
    globals().update({name: getattr(_package, name) for name in __all__})
del _package
