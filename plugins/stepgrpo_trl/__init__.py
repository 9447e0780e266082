"""StepGRPO rewards for TRL's ``GRPOTrainer``: StepRAR and StepRVR, batch metrics, datasets.

The plugin is thin: all scoring lives in `stepgrpo_rewards`; this package adapts it to
TRL's reward-function contract and builds GRPO datasets from R1-VL / Mulberry records.
Install with ``pip install -e ".[trl]"`` in a checkout (see the docs index).

Example::

    from trl import GRPOConfig, GRPOTrainer
    from stepgrpo_trl import build_grpo_dataset, step_rar_reward, step_rvr_reward

    dataset = build_grpo_dataset("r1vl_10k.jsonl")
    trainer = GRPOTrainer(model="Qwen/Qwen2-VL-2B-Instruct", args=GRPOConfig(...),
                          reward_funcs=[step_rar_reward, step_rvr_reward],
                          train_dataset=dataset)

or from the command line: ``trl grpo --reward_funcs stepgrpo_trl.step_rar_reward
stepgrpo_trl.step_rvr_reward ...``.
"""

from __future__ import annotations

from typing import Any

from .metrics import PROBLEM_KINDS, batch_metrics, group_spans, tied_group_fraction
from .rewards import (
    StepGRPOReward,
    StepRARReward,
    StepRVRReward,
    completion_text,
    get_step_rar_reward,
    get_step_rvr_reward,
    get_stepgrpo_rewards,
    step_rar_reward,
    step_rvr_reward,
)
from .schedule import AlphaSchedule

__all__ = [
    "DEFAULT_INSTRUCTION",
    "AlphaSchedule",
    "PROBLEM_KINDS",
    "DatasetBuildError",
    "SkippedRecord",
    "StepGRPOReward",
    "StepRARReward",
    "StepRVRReward",
    "batch_metrics",
    "build_grpo_dataset",
    "completion_text",
    "convert_record",
    "get_step_rar_reward",
    "get_step_rvr_reward",
    "get_stepgrpo_rewards",
    "group_spans",
    "load_grpo_dataset",
    "read_records",
    "step_rar_reward",
    "step_rvr_reward",
    "tied_group_fraction",
]

_DATA_NAMES = frozenset({
    "DEFAULT_INSTRUCTION", "DatasetBuildError", "SkippedRecord", "build_grpo_dataset",
    "convert_record", "load_grpo_dataset", "read_records",
})


def __getattr__(name: str) -> Any:
    # The dataset helpers import PIL (and datasets when a Dataset is built); load them lazily
    # so that the rewards work with the core dependencies alone.
    if name in _DATA_NAMES:
        from . import data

        return getattr(data, name)
    raise AttributeError(f"module 'stepgrpo_trl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
