"""SFT warm-up before StepGRPO: teach a vision-language model the structured reasoning format.

R1-VL's first stage: supervised fine-tuning on Mulberry-style chain-of-thought data
(``### Image Description`` / ``### Rationales`` / ``### Step n`` / ``### The final answer
is``), so that StepGRPO starts from a policy that already writes traces StepRVR can check.
This script runs trl's ``SFTTrainer`` on a prompt-completion, vision-language dataset:

``prompt``
    the user turn, ``[{"type": "image"}, {"type": "text", "text": problem}]`` -- exactly
    the prompt StepGRPO samples from (same builder, ``stepgrpo_trl.build_grpo_dataset``);
``completion``
    the assistant turn: the reference solution;
``image`` / ``images``
    the picture(s); trl's vision collator turns them into ``pixel_values``.

The loss is on the completion only (trl's default for prompt-completion data).

Data (``--dataset_name``): ``synthetic`` for the built-in synthetic set (the default for
``--model_name_or_path tiny`` only); a JSON / JSON-lines file
or folder of Mulberry records (``{"images": [...], "messages": [user, assistant]}``),
R1-VL-style records with a ``solution``, or our synthetic records; or a hub dataset name.

Examples::

    python examples/sft_warmup.py --model_name_or_path tiny --output_dir runs/sft \\
        --use_cpu --bf16 false --max_steps 50 --torch_threads 1

    accelerate launch --config_file examples/accelerate/deepspeed_zero3.yaml examples/sft_warmup.py \\
        --model_name_or_path Qwen/Qwen2-VL-2B-Instruct --dataset_name mulberry_260k.jsonl \\
        --learning_rate 2e-5 --num_train_epochs 2 --per_device_train_batch_size 4 \\
        --gradient_accumulation_steps 8 --bf16 --output_dir runs/sft-2b

(The second line is the paper's recipe, from R1-VL's LLaMA-Factory config: full
fine-tuning, learning rate 2e-5, cosine schedule, warm-up ratio 0.03, weight decay 0.05,
2 epochs, effective batch 4 x 8 per GPU.)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from stepgrpo_trl.demo.train import (
    JsonlLogCallback,
    add_config_help,
    check_arguments,
    quantization_config,
    resolve_attn_implementation,
    resolve_checkpoint,
    set_torch_threads,
    train_and_save,
)
from stepgrpo_trl.demo.train_args import QWEN_LORA_TARGETS, CommonScriptArguments, _Logger
from stepgrpo_trl.demo.train_data import build_records_dataset, prepare_model

__all__ = ["SFTScriptArguments", "build_sft_dataset", "build_trainer", "main", "make_parser"]

logger = _Logger("sft_warmup")


@dataclass
class SFTScriptArguments(CommonScriptArguments):
    """Arguments of the SFT warm-up script (beside ``SFTConfig`` and ``ModelConfig``): the
    data, image and run arguments of the StepGRPO script, so both stages read the same data."""


def build_sft_dataset(script_args: SFTScriptArguments, *, output_dir: str,
                      main_process_first: Any = None, model_name: str | None = "tiny") -> Any:
    """Prompt-completion rows (``prompt``, ``completion``, ``image``/``images``) for SFT.

    Records without a reference solution are dropped (and counted in the log).
    """
    dataset = build_records_dataset(script_args, output_dir=output_dir,
                                    main_process_first=main_process_first, purpose="SFT",
                                    model_name=model_name)
    before = len(dataset)
    dataset = dataset.filter(lambda row: bool(row["solution"] and row["solution"].strip()))
    if len(dataset) < before:
        logger.warning("dropped %d record(s) with no reference solution", before - len(dataset))
    if script_args.max_samples is not None and len(dataset) > script_args.max_samples:
        dataset = dataset.select(range(script_args.max_samples))
    if len(dataset) == 0:
        raise ValueError("the SFT set is empty (no record has a reference solution)")
    keep = {"prompt", "image", "images"}
    dataset = dataset.map(
        lambda row: {"completion": [{"role": "assistant",
                                     "content": [{"type": "text", "text": row["solution"]}]}]},
        remove_columns=[c for c in dataset.column_names if c not in keep],
    )
    return dataset


def build_trainer(script_args: SFTScriptArguments, training_args: Any, model_args: Any, *,
                  train_dataset: Any = None, callbacks: Sequence[Any] = ()) -> Any:
    """A ready ``SFTTrainer`` for the warm-up (nothing trained yet)."""
    from trl import SFTTrainer, get_peft_config

    from stepgrpo_trl.demo.tiny_model import load_processor

    check_arguments(script_args, training_args, model_args)
    model_name = model_args.model_name_or_path
    path = prepare_model(model_args, script_args, output_dir=training_args.output_dir,  # type: ignore[arg-type]
                         seed=training_args.seed,
                         main_process_first=training_args.main_process_first)
    init = dict(training_args.model_init_kwargs or {})
    init.setdefault("dtype", model_args.dtype or "float32")
    if model_args.attn_implementation:
        init.setdefault("attn_implementation", resolve_attn_implementation(model_args.attn_implementation))
    training_args.model_init_kwargs = init
    processor = load_processor(path, min_pixels=script_args.min_pixels,
                               max_pixels=script_args.max_pixels)
    peft_config = get_peft_config(model_args)
    if peft_config is not None and model_args.lora_target_modules is None:
        cast(Any, peft_config).target_modules = set(QWEN_LORA_TARGETS)  # a LoraConfig
    if train_dataset is None:
        train_dataset = build_sft_dataset(script_args, output_dir=training_args.output_dir,
                                          main_process_first=training_args.main_process_first,
                                          model_name=model_name)
    all_callbacks = list(callbacks)
    if script_args.metrics_file:
        all_callbacks.append(JsonlLogCallback(Path(training_args.output_dir) / script_args.metrics_file))
    return SFTTrainer(model=path, args=training_args, train_dataset=train_dataset,
                      processing_class=processor, peft_config=peft_config,
                      quantization_config=quantization_config(model_args), callbacks=all_callbacks)


def make_parser() -> Any:
    """``TrlParser`` over (script args, ``SFTConfig``, ``ModelConfig``); CPU defaults where no GPU."""
    from trl import ModelConfig, SFTConfig, TrlParser

    from stepgrpo_trl.demo.train import _has_accelerator

    parser = TrlParser(cast(Any, (SFTScriptArguments, SFTConfig, ModelConfig)))
    add_config_help(parser)
    defaults: dict[str, Any] = {"max_length": None}  # never cut the image tokens of a prompt
    if not _has_accelerator():
        defaults.update(use_cpu=True, bf16=False)
    parser.set_defaults(**defaults)
    return parser


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Parse *argv*, run the warm-up, save; return a summary dict (also ``run_summary.json``)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = make_parser()
    script_args, training_args, model_args = parser.parse_args_and_config(argv)
    try:
        check_arguments(script_args, training_args, model_args)
    except ValueError as exc:
        parser.error(str(exc))
    _ = training_args.device  # the accelerate state, as the arguments ask (the logger needs it)
    resume = resolve_checkpoint(training_args.resume_from_checkpoint, training_args.output_dir)
    set_torch_threads(script_args.torch_threads)
    start = time.perf_counter()
    trainer = build_trainer(script_args, training_args, model_args)
    summary = train_and_save(trainer, training_args, model_args, resume=resume, start=start)
    if trainer.is_world_process_zero():
        logger.info("saved the warmed-up model to %s", training_args.output_dir)
    return summary


if __name__ == "__main__":
    main()
