"""StepGRPO rewards for verl (volcengine/verl): StepRAR + StepRVR as a custom reward function.

The plugin is thin: all scoring lives in `stepgrpo_rewards`; `stepgrpo_verl.reward` adapts
it to verl's ``custom_reward_function`` contract. verl loads that file by path, so point
its config at `reward_file`. Where that setting lives depends on the verl version
(`verl_overrides`; ``python -m stepgrpo_verl --overrides`` prints the lines for the verl
installed); from verl 0.7 on::

    python -m verl.trainer.main_ppo ... \\
        reward.custom_reward_function.path=$(python -m stepgrpo_verl) \\
        reward.custom_reward_function.name=compute_score \\
        +reward.custom_reward_function.reward_kwargs.alpha=0.1

and up to verl 0.6 the same keys without ``reward.``. verl 0.9 still accepts the old keys
but never reads them: it then scores with its own built-in reward, silently.

For EasyR1 (hiyouga/EasyR1, a verl fork for vision-language GRPO) the file is
`stepgrpo_verl.easyr1`, at `easyr1_reward_file`; ``python -m stepgrpo_verl --easyr1``
prints its ``worker.reward.reward_function`` setting, ``<path>:compute_score``.

Nothing here imports verl, EasyR1, torch or any trainer: the core dependencies suffice.

Examples:
    >>> from stepgrpo_verl import compute_score, reward_file
    >>> reward_file().endswith("reward.py"), easyr1_reward_file().endswith("easyr1.py")
    (True, True)
    >>> compute_score("r1vl", "### The final answer is: 4", "4")["answer_correct"]
    1.0
"""

from __future__ import annotations

import os
import re
from importlib import metadata

from .reward import (
    RESULT_KEYS,
    VERL_KWARGS,
    compute_score,
    compute_score_batch,
    compute_score_value,
)

__all__ = [
    "RESULT_KEYS", "VERL_KWARGS", "compute_score", "compute_score_batch", "compute_score_value",
    "easyr1_reward_file", "installed_verl_version", "reward_file", "verl_overrides",
]

#: The first verl version that reads the custom reward function under ``reward.``
#: (0.7 moved it there; 0.9 stopped reading the old top-level keys at all).
NESTED_SINCE = (0, 7)


def reward_file() -> str:
    """The absolute path of ``stepgrpo_verl/reward.py``: verl's ``custom_reward_function.path``.

    Examples:
        >>> import os
        >>> os.path.isabs(reward_file()) and os.path.isfile(reward_file())
        True
    """
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "reward.py")


def easyr1_reward_file() -> str:
    """The absolute path of ``stepgrpo_verl/easyr1.py``: EasyR1's reward function file.

    EasyR1's ``worker.reward.reward_function`` is this path, a colon and
    ``compute_score`` (``python -m stepgrpo_verl --easyr1`` prints it so).

    Examples:
        >>> import os
        >>> os.path.isabs(easyr1_reward_file()) and os.path.isfile(easyr1_reward_file())
        True
    """
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "easyr1.py")


def _version_tuple(version: str) -> tuple[int, ...]:
    """``"0.9.1"`` → ``(0, 9, 1)``, ``"0.10.0.dev0"`` → ``(0, 10, 0)``; ``ValueError`` for a
    string that does not start with a number."""
    numbers = re.findall(r"\d+", version.split("+")[0].split("dev")[0].split("rc")[0])
    if not re.match(r"\s*v?\d", version) or not numbers:
        raise ValueError(f"not a verl version: {version!r}")
    return tuple(int(n) for n in numbers[:3])


def installed_verl_version() -> str | None:
    """The version of the installed ``verl`` distribution, or ``None`` (read from its
    metadata: verl itself is not imported)."""
    try:
        return metadata.version("verl")
    except metadata.PackageNotFoundError:
        return None


def verl_overrides(verl_version: str | None = None, *, name: str = "compute_score",
                   alpha: float | None = None) -> list[str]:
    """The Hydra overrides that make verl's trainer score with StepRAR + StepRVR.

    verl 0.7 moved ``custom_reward_function`` under ``reward.``; verl 0.9 accepts the old
    top-level keys but no longer reads them, and then trains on its own built-in reward
    without a word. *verl_version* picks the form (default: the installed verl's, else
    the form of verl 0.7 and later); *name* is the function (`compute_score_batch` and
    `compute_score_value` serve verl's ``batch`` and ``prime`` managers, which only
    verl 0.6 and earlier let the trainer choose); *alpha*, when given, adds
    ``reward_kwargs.alpha``.

    Examples:
        >>> [line.split("=")[0] for line in verl_overrides("0.9.1", alpha=0.1)]
        ['reward.custom_reward_function.path', 'reward.custom_reward_function.name', '+reward.custom_reward_function.reward_kwargs.alpha']
        >>> verl_overrides("0.5.0")[1]
        'custom_reward_function.name=compute_score'
    """
    if name not in ("compute_score", "compute_score_batch", "compute_score_value"):
        raise ValueError(f"name must be compute_score, compute_score_batch or compute_score_value, got {name!r}")
    version = verl_version if verl_version is not None else installed_verl_version()
    nested = version is None or _version_tuple(version) >= NESTED_SINCE
    group = "reward.custom_reward_function" if nested else "custom_reward_function"
    lines = [f"{group}.path={reward_file()}", f"{group}.name={name}"]
    if alpha is not None:
        lines.append(f"+{group}.reward_kwargs.alpha={alpha}")
    return lines
