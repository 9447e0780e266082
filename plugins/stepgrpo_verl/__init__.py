"""StepGRPO rewards for verl (volcengine/verl): StepRAR + StepRVR as a custom reward function.

The plugin is thin: all scoring lives in `stepgrpo_rewards`; `stepgrpo_verl.reward` adapts
it to verl's ``custom_reward_function`` contract. verl loads that file by path, so point
its config at `reward_file` (``python -m stepgrpo_verl`` prints it)::

    python -m verl.trainer.main_ppo ... \\
        custom_reward_function.path=$(python -m stepgrpo_verl) \\
        custom_reward_function.name=compute_score \\
        +custom_reward_function.reward_kwargs.alpha=0.1

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

from .reward import (
    RESULT_KEYS,
    VERL_KWARGS,
    compute_score,
    compute_score_batch,
    compute_score_value,
)

__all__ = [
    "RESULT_KEYS", "VERL_KWARGS", "compute_score", "compute_score_batch", "compute_score_value",
    "easyr1_reward_file", "reward_file",
]


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
