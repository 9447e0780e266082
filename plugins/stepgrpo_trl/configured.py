"""StepRAR and StepRVR configured from the environment, for import paths.

``trl grpo --reward_funcs stepgrpo_trl.configured.step_rar_reward
stepgrpo_trl.configured.step_rvr_reward`` gives the paper's rewards with the settings of
`stepgrpo_trl.settings` (``STEPGRPO_ALPHA``, ``STEPGRPO_SOLUTION_COLUMN``, a settings file
in ``STEPGRPO_REWARD_SETTINGS``, ...), which a ``trl grpo --config`` YAML sets under
``env:``. Each attribute lookup reads the environment afresh and returns a new reward
object (an ordinary `StepRARReward` / `StepRVRReward`: it pickles, and two of them share
the batch cache), so the values in force when TRL resolves the path are the ones used.
With no ``STEPGRPO_*`` variable set they equal `stepgrpo_trl.step_rar_reward` and
`stepgrpo_trl.step_rvr_reward`.

Examples:
    >>> import os
    >>> os.environ["STEPGRPO_ALPHA"] = "0.5"
    >>> from stepgrpo_trl import configured
    >>> configured.step_rar_reward.config.alpha
    0.5
    >>> del os.environ["STEPGRPO_ALPHA"]
    >>> configured.step_rar_reward.config.alpha
    0.1
"""

from __future__ import annotations

from typing import Any

from .rewards import get_step_rar_reward, get_step_rvr_reward
from .settings import reward_settings

# Made by the module __getattr__ below, on each lookup.
__all__ = ["step_rar_reward", "step_rvr_reward"]  # noqa: F822


def __getattr__(name: str) -> Any:
    if name == "step_rar_reward":
        s = reward_settings()
        return get_step_rar_reward(s.config, **s.options)
    if name == "step_rvr_reward":
        s = reward_settings()
        return get_step_rvr_reward(s.config, **s.options)
    raise AttributeError(f"module 'stepgrpo_trl.configured' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
