"""The rewards the StepGRPO training script trains with: StepRAR and StepRVR of
:mod:`stepgrpo_trl`, the outcome-accuracy baseline, and rewards given by import path."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stepgrpo_trl.demo.train_args import (
    REWARD_NAMES,
)

_FINAL = re.compile(r"###\s*The final answer is:?", re.IGNORECASE)


def _final_answer(text: str | None) -> str | None:
    r"""The first line after the last ``### The final answer is:`` header.

    (With ``(.*)`` under DOTALL the first header's match ran to the end of the text, so
    the *first* header was read, not the last.)

    >>> _final_answer("### The final answer is: 3\n### The final answer is:\n 4\nbecause")
    '4'
    """
    if not text:
        return None
    headers = list(_FINAL.finditer(text))
    if not headers:
        return None
    answer = text[headers[-1].end():].strip().splitlines()
    return answer[0].strip() if answer else ""


def outcome_accuracy_reward(completions: Sequence[Any], solution: Sequence[Any] | None = None,
                            **kwargs: Any) -> list[float | None]:
    """Outcome-only reward: 1.0 when the final answer equals the gold one, else 0.0.

    The baseline the paper compares against, as R1-VL's released code falls back to it
    (exact match of the text after ``### The final answer is:``), shaped like TRL's
    ``accuracy_reward`` (``None`` where the row has no solution) but without math_verify.

    >>> outcome_accuracy_reward(["### The final answer is: 12"], solution=["### The final answer is: 12"])
    [1.0]
    """
    return _exact_match(completions, solution, _final_answer, _final_answer)


def _exact_match(completions: Sequence[Any], solution: Sequence[Any] | None,
                 read_gold: Callable[[str], str | None],
                 read_answer: Callable[[str | None], str | None]) -> list[float | None]:
    """1.0 where *read_answer* of a completion equals *read_gold* of its solution (else the
    solution's stripped text), 0.0 otherwise; ``None`` for a row with no solution."""
    from stepgrpo_trl import completion_text

    if solution is None:
        return [None] * len(completions)
    rewards: list[float | None] = []
    for completion, gold in zip(completions, solution, strict=True):
        if not gold:
            rewards.append(None)
            continue
        gold_answer = read_gold(gold) or str(gold).strip()
        try:
            text: str | None = completion_text(completion)
        except TypeError:
            text = None
        predicted = read_answer(text)
        rewards.append(1.0 if predicted is not None and predicted == gold_answer else 0.0)
    return rewards


outcome_accuracy_reward.__name__ = "accuracy"


def _answer_tag(text: str | None) -> str | None:
    """The body of the last ``<answer>...</answer>`` of *text*, stripped (the r1 layout's
    answer, read as exactly as `_final_answer` reads the Mulberry one).

    >>> _answer_tag("<think>1</think><answer> 12 </answer>"), _answer_tag("12")
    ('12', None)
    """
    from stepgrpo_rewards.trace import answer_tags

    found = answer_tags(text) if text else []
    if not found:
        return None
    _, body, end = found[-1]
    return text[body:end].strip() if text else None


def _outcome_reward_for(layout: str) -> Callable[..., list[float | None]]:
    """`outcome_accuracy_reward` for *layout*: the answer read from the last answer tag (a
    Mulberry completion, under ``auto``, from its final-answer header), compared exactly."""
    def read_answer(text: str | None) -> str | None:
        predicted = _answer_tag(text)
        if predicted is None and layout == "auto":
            predicted = _final_answer(text)
        return predicted

    def accuracy(completions: Sequence[Any], solution: Sequence[Any] | None = None,
                 **kwargs: Any) -> list[float | None]:
        return _exact_match(completions, solution,
                            lambda gold: _answer_tag(str(gold)) or _final_answer(gold), read_answer)

    return accuracy


def _import_reward_module(module_name: str) -> Any:
    """The module *module_name*: an installed one, else (as ``trl grpo`` finds a reward
    module in the working folder) one whose top level is ``<cwd>/<name>.py`` or the package
    ``<cwd>/<name>/``, loaded from its file so that ``sys.path`` stays as it is."""
    import importlib.util

    top = module_name.split(".")[0]
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != top:
            raise
        package = Path.cwd() / top
        if (package / "__init__.py").is_file():
            spec = importlib.util.spec_from_file_location(
                top, package / "__init__.py", submodule_search_locations=[str(package)])
        elif (Path.cwd() / f"{top}.py").is_file():
            spec = importlib.util.spec_from_file_location(top, Path.cwd() / f"{top}.py")
        else:
            raise
    if spec is None or spec.loader is None:  # pragma: no cover - a .py file always has a loader
        raise ImportError(f"cannot load {top!r} from {Path.cwd()}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[top] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(top, None)
        raise
    return importlib.import_module(module_name)


def load_reward_func(path: str) -> Callable[..., Any]:
    """The reward at the import path *path* (``"package.module.name"``), as ``trl grpo``
    resolves ``--reward_funcs``; a ``ValueError`` names what could not be found.

    >>> load_reward_func("stepgrpo_trl.step_rvr_reward").__name__
    'step_rvr'
    """
    module_name, _, attr = path.rpartition(".")
    if not module_name or not attr:
        raise ValueError(f"reward {path!r} is not an import path (package.module.name)")
    try:
        module = _import_reward_module(module_name)
    except ImportError as exc:
        raise ValueError(f"reward {path!r}: cannot import {module_name!r} ({exc})") from exc
    try:
        func = getattr(module, attr)
    except AttributeError:
        raise ValueError(f"reward {path!r}: module {module_name!r} has no {attr!r}") from None
    if not callable(func):
        raise ValueError(f"reward {path!r} is a {type(func).__name__}, not a callable")
    return func


def make_reward_funcs(names: Sequence[str], *, alpha: float = 0.1,
                      layout: str = "mulberry") -> list[Callable[..., Any]]:
    """The reward callables for *names*, in order: a name of `REWARD_NAMES` (StepRAR and
    StepRVR with *alpha* and *layout*, the outcome baseline reading *layout*'s answer) or an
    import path (used as it is; *alpha* and *layout* do not apply).

    >>> [f.__name__ for f in make_reward_funcs(["step_rar", "stepgrpo_trl.step_rvr_reward"])]
    ['step_rar', 'step_rvr']
    """
    from stepgrpo_rewards import RewardConfig
    from stepgrpo_trl import get_step_rar_reward, get_step_rvr_reward

    if isinstance(names, str):
        names = [names]
    if not names:
        raise ValueError("reward_funcs must name at least one reward")
    config = RewardConfig(alpha=alpha, layout=layout)  # type: ignore[arg-type]
    funcs: list[Callable[..., Any]] = []
    for name in names:
        if name == "step_rar":
            funcs.append(get_step_rar_reward(config))
        elif name == "step_rvr":
            funcs.append(get_step_rvr_reward(config))
        elif name == "accuracy":
            funcs.append(outcome_accuracy_reward if layout == "mulberry" else _outcome_reward_for(layout))
        elif "." in name:
            funcs.append(load_reward_func(name))
        else:
            raise ValueError(f"unknown reward {name!r}; choose from {', '.join(REWARD_NAMES)} "
                             "or give an import path (package.module.name)")
    return funcs


# -- data ----------------------------------------------------------------------------------------
