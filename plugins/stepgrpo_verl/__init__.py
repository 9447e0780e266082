"""StepGRPO rewards for verl (volcengine/verl): StepRAR + StepRVR as a custom reward function.

The plugin is thin: all scoring lives in `stepgrpo_rewards`; `stepgrpo_verl.reward` adapts
it to verl's ``custom_reward_function`` contract. verl loads that file by path, so point
its config at `reward_file` (``python -m stepgrpo_verl`` prints it)::

    python -m verl.trainer.main_ppo ... \\
        custom_reward_function.path=$(python -m stepgrpo_verl) \\
        custom_reward_function.name=compute_score \\
        +custom_reward_function.reward_kwargs.alpha=0.1

Nothing here imports verl, torch or any trainer: the core dependencies suffice.

Examples:
    >>> from stepgrpo_verl import compute_score, reward_file
    >>> reward_file().endswith("reward.py")
    True
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
    "RESULT_KEYS", "VERL_KWARGS", "compute_score", "compute_score_batch", "compute_score_value", "reward_file",
]


def reward_file() -> str:
    """The absolute path of ``stepgrpo_verl/reward.py``: verl's ``custom_reward_function.path``.

    Examples:
        >>> import os
        >>> os.path.isabs(reward_file()) and os.path.isfile(reward_file())
        True
    """
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "reward.py")
