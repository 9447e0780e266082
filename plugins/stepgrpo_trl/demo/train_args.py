"""Arguments, logging and names shared by the StepGRPO training script
(:mod:`stepgrpo_trl.demo.train`) and the SFT warm-up (:mod:`stepgrpo_trl.demo.sft`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any


def get_logger(name: str) -> Any:
    """``accelerate.logging.get_logger(name)``: under ``accelerate launch`` a message is
    printed once, by the main process (``main_process_only=False`` for every rank). The
    scripts set the state up from the training arguments first (``training_args.device``)."""
    from accelerate.logging import get_logger as accelerate_logger
    from accelerate.state import PartialState

    if not getattr(PartialState, "_shared_state", None):
        # No state yet (a function used outside a run): plain logging rather than creating
        # a state here with defaults the training arguments would then be unable to change.
        return logging.getLogger(name)
    return accelerate_logger(name)


class _Logger:
    """A module logger made on first use (so importing the script starts nothing)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attr: str) -> Any:
        return getattr(get_logger(self.name), attr)


logger: Any = _Logger("train_stepgrpo")

#: Reward names accepted by ``--reward_funcs``: the paper's two, and an outcome-only
#: baseline (1 for a correct final answer, else 0) for comparisons.
REWARD_NAMES = ("step_rar", "step_rvr", "accuracy")

#: LoRA targets for Qwen2-VL-class models: the language model's projections only (the
#: vision tower's layers are called ``qkv``/``proj``/``fc1``/``fc2`` and stay frozen).
QWEN_LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

TINY = "tiny"
#: ``--dataset_name synthetic``: the built-in synthetic set, asked for explicitly.
SYNTHETIC = "synthetic"


@dataclass
class CommonScriptArguments:
    """Data, image and run arguments shared by the SFT warm-up and the StepGRPO script."""

    dataset_name: str | None = field(
        default=None,
        metadata={"help": "Records file (JSON/JSONL), folder (records, Parquet or save_to_disk), "
                  "hub dataset name, or 'synthetic' for the built-in synthetic set (written to "
                  "--data_dir). Unset: the synthetic set for --model_name_or_path tiny; refused "
                  "for any other model."},
    )
    dataset_config: str | None = field(
        default=None, metadata={"help": "Configuration (subset) of a hub dataset."}
    )
    dataset_train_split: str = field(default="train", metadata={"help": "Split to train on."})
    dataset_test_split: str = field(
        default="test",
        metadata={"help": "Split to evaluate on, when --eval_strategy is not 'no'."},
    )
    data_dir: str | None = field(
        default=None,
        metadata={"help": "Where the synthetic set is written (default <output_dir>/data); "
                  "setting it asks for the synthetic set."},
    )
    synthetic_size: int = field(default=1000, metadata={"help": "Synthetic examples to train on."})
    synthetic_eval_size: int = field(
        default=64, metadata={"help": "Synthetic examples to evaluate on (seed + 1)."}
    )
    synthetic_seed: int = field(default=0, metadata={"help": "Seed of the synthetic set."})
    synthetic_image_size: int = field(default=336, metadata={"help": "Synthetic image side (px)."})
    image_root: str | None = field(
        default=None, metadata={"help": "Folder that relative image paths are resolved against."}
    )
    max_samples: int | None = field(default=None, metadata={"help": "Use at most this many records."})
    skip_bad_records: bool = field(
        default=False,
        metadata={"help": "Skip (and count) records with a missing image or no problem text, "
                  "instead of stopping with an error naming the record."},
    )
    instruction: bool = field(
        default=False,
        metadata={"help": "Add a system instruction that asks for the structured format (use the "
                  "same choice in both stages; R1-VL trains without one after its SFT)."},
    )
    layout: str = field(
        default="mulberry",
        metadata={"help": "Layout of the traces: 'mulberry' (### sections, the paper's), 'r1' "
                  "(<think> reasoning, then <answer>) or 'auto' (the rewards decide per completion). "
                  "The synthetic set's solutions are written in it (mulberry for auto), the rewards "
                  "read it (RewardConfig.layout) and --instruction asks for it. Use the same layout "
                  "in both stages."},
    )
    min_pixels: int = field(default=3136, metadata={"help": "Image processor min_pixels."})
    max_pixels: int = field(
        default=400_000, metadata={"help": "Image processor max_pixels (the paper: 400,000)."}
    )
    tiny_hidden_size: int = field(default=64, metadata={"help": "Width of --model_name_or_path tiny."})
    tiny_layers: int = field(default=2, metadata={"help": "Depth of --model_name_or_path tiny."})
    torch_threads: int | None = field(
        default=None,
        metadata={"help": "torch.set_num_threads on CPU (a tiny model runs fastest with 1)."},
    )
    metrics_file: str | None = field(
        default="metrics.jsonl",
        metadata={"help": "Append every log line to <output_dir>/<this> (empty: off)."},
    )


@dataclass
class StepGRPOScriptArguments(CommonScriptArguments):
    """Arguments of the StepGRPO script (beside ``GRPOConfig`` and ``ModelConfig``)."""

    reward_funcs: list[str] = field(
        default_factory=lambda: ["step_rar", "step_rvr"],
        metadata={"help": "Rewards, summed: step_rar, step_rvr (the paper), accuracy (outcome only), "
                  "or any import path (stepgrpo_trl.configured.step_rar_reward, my_lib.reward)."},
    )
    alpha: float = field(default=0.1, metadata={"help": "StepRAR weight of the key-step ratio."})
    suppress_vision_tokens: bool = field(
        default=True,
        metadata={"help": "Never sample image/video/vision-marker tokens (HF generate only): a "
                  "randomly initialised or weak model that samples one breaks the training pass."},
    )


# -- rewards -----------------------------------------------------------------------------------

#: The layouts of ``--layout`` (`stepgrpo_rewards.RewardConfig.layout`).
LAYOUTS = ("mulberry", "r1", "auto")

#: The instruction of ``--instruction`` in the r1 layout.
R1_INSTRUCTION = (
    "Solve the problem step by step and answer in exactly this format:\n\n"
    "<think>\n<what the image shows, and the concepts needed>\n"
    "Step 1: <first step>\nStep 2: <next step, and so on>\n</think>\n"
    "<answer><the final answer></answer>"
)
