"""StepGRPO training with TRL's ``GRPOTrainer`` and the step-wise rewards StepRAR + StepRVR.

This is R1-VL's second stage (see ``docs/pipeline.md``): online GRPO on a vision-language
model whose reward is ``r = r_acc + r_val``, with ``r_acc`` = StepRAR (answer + 0.1 x the
share of key steps matched) and ``r_val`` = StepRVR (1 if the trace is complete and in
order). Arguments are three dataclasses parsed by ``trl.TrlParser``: the script's own
(`StepGRPOScriptArguments`), ``trl.GRPOConfig`` and ``trl.ModelConfig``; a YAML preset
(``--config``) sets their defaults and the command line overrides it.

Data (``--dataset_name``):

* ``synthetic``: the built-in synthetic set (``examples/synthetic_data.py``), written to
  ``--data_dir`` (default ``<output_dir>/data``) -- no downloads. It is also the default
  for ``--model_name_or_path tiny`` (or with an explicit ``--data_dir``); any other model
  with no ``--dataset_name`` is refused rather than trained on bar charts by surprise;
* a JSON / JSON-lines file or a folder: R1-VL-10K, Mulberry or synthetic records, or a
  dataset made by ``stepgrpo-prepare`` (Parquet or ``save_to_disk``);
* anything else: a Hugging Face hub dataset name (``--dataset_config`` picks its
  configuration).

With ``--eval_strategy steps`` the ``--dataset_test_split`` split is the evaluation set.

No flag is silently ignored: ``--load_in_4bit``/``--load_in_8bit`` load the model with
bitsandbytes as trl's own scripts do (and need ``--use_peft true``, QLoRA), or stop with
an error naming what is missing (the package, a CUDA GPU); ``--use_vllm true`` without vLLM
stops with the pip command that fixes it.

Model (``--model_name_or_path``): a local folder or hub id of a Qwen2-VL-class model, or
``tiny`` for a tiny randomly initialised Qwen2-VL built offline (tests, CPU demos).

Examples::

    # CPU, seconds, no downloads
    python examples/train_stepgrpo.py --config examples/configs/tiny_cpu.yaml

    # the paper's 2B recipe on 4 GPUs (DDP), R1-VL-10K records
    accelerate launch --config_file examples/accelerate/multi_gpu.yaml \\
        examples/train_stepgrpo.py --config examples/configs/stepgrpo_2b.yaml \\
        --model_name_or_path path/to/sft-warmed-qwen2-vl-2b --dataset_name r1vl_10k.jsonl

    # resume the last checkpoint of a run
    python examples/train_stepgrpo.py --config ... --resume_from_checkpoint last

    # rewards by import path, as ``trl grpo`` takes them
    python examples/train_stepgrpo.py --config ... \\
        --reward_funcs stepgrpo_trl.step_rar_reward stepgrpo_trl.step_rvr_reward

Everything the script adds to TRL is small: the dataset (built once, before training),
the reward objects of ``stepgrpo_trl`` and a callback that appends every log line to
``<output_dir>/metrics.jsonl``. ``benchmarks/gpu_step.py`` measures that overhead.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

from transformers import TrainerCallback

from stepgrpo_trl.demo.train_args import (
    LAYOUTS,
    QWEN_LORA_TARGETS,
    R1_INSTRUCTION,
    REWARD_NAMES,
    SYNTHETIC,
    TINY,
    CommonScriptArguments,
    StepGRPOScriptArguments,
    get_logger,
    logger,
)
from stepgrpo_trl.demo.train_data import (
    build_records_dataset,
    build_tiny_model,
    load_eval_dataset,
    load_train_dataset,
    prepare_model,
    synthetic_records,
    uses_synthetic,
)
from stepgrpo_trl.demo.train_rewards import (
    load_reward_func,
    make_reward_funcs,
    outcome_accuracy_reward,
)

__all__ = [
    "TINY",
    "LAYOUTS",
    "R1_INSTRUCTION",
    "REWARD_NAMES",
    "JsonlLogCallback",
    "StepGRPOScriptArguments",
    "build_trainer",
    "load_train_dataset",
    "main",
    "make_parser",
    "make_reward_funcs",
    "outcome_accuracy_reward",
    "prepare_model",
    "resolve_attn_implementation",
    "resolve_checkpoint",
    "set_torch_threads",
    "synthetic_records",
    "CommonScriptArguments",
    "SYNTHETIC",
    "add_config_help",
    "build_records_dataset",
    "build_tiny_model",
    "check_arguments",
    "get_logger",
    "load_eval_dataset",
    "load_reward_func",
    "quantization_config",
    "uses_synthetic",
    "train_and_save",
]


class JsonlLogCallback(TrainerCallback):
    """Append each ``on_log`` dict (with the step) to a JSON-lines file, main process only.

    The file can be plotted while a run is going (``examples/eval_stepgrpo.py --plot``).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def on_log(self, args: Any, state: Any, control: Any, logs: dict | None = None, **kwargs: Any) -> None:
        if not logs or not state.is_world_process_zero:
            return
        record = {"step": state.global_step, "time": round(time.time(), 3)}
        record.update({k: v for k, v in logs.items() if isinstance(v, (int, float, str))})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")


def _evaluates(training_args: Any) -> bool:
    strategy = getattr(training_args, "eval_strategy", "no")
    return getattr(strategy, "value", strategy) != "no"


def _is_available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def check_arguments(script_args: Any, training_args: Any, model_args: Any, *,
                    model_given: bool = False) -> None:
    """Refuse, with a ``ValueError`` that names the fix, every flag that would otherwise be
    ignored: ``--load_in_4bit``/``--load_in_8bit`` without bitsandbytes, a CUDA GPU or
    ``--use_peft``; ``--use_vllm`` without vLLM; a real model with no ``--dataset_name``
    (see `uses_synthetic`); an unknown ``--reward_funcs`` name."""
    if getattr(script_args, "layout", "mulberry") not in LAYOUTS:
        raise ValueError(f"--layout: unknown layout {script_args.layout!r} (choose from {', '.join(LAYOUTS)})")
    for name in getattr(script_args, "reward_funcs", ()):
        if name not in REWARD_NAMES and "." not in name:
            raise ValueError(f"--reward_funcs: unknown reward {name!r} (choose from "
                             f"{', '.join(REWARD_NAMES)}, or give an import path package.module.name)")
    quantized = [f"--{f}" for f in ("load_in_4bit", "load_in_8bit") if getattr(model_args, f, False)]
    if quantized:
        flag = " and ".join(quantized)
        if len(quantized) > 1:
            raise ValueError("--load_in_4bit and --load_in_8bit exclude each other: choose one")
        if model_given:
            raise ValueError(f"{flag} applies when the script loads the model; quantize the "
                             "model object you pass yourself")
        if not _is_available("bitsandbytes"):
            raise ValueError(f"{flag} needs the bitsandbytes package: pip install bitsandbytes "
                             "(or drop the flag to load the model unquantized)")
        import torch

        if not torch.cuda.is_available():
            raise ValueError(f"{flag} needs a CUDA GPU (bitsandbytes quantizes on the GPU); "
                             "none is visible here: drop the flag to train unquantized")
        if not model_args.use_peft:
            raise ValueError(f"{flag} loads frozen quantized weights: add --use_peft true to "
                             "train LoRA adapters on them (QLoRA)")
    if getattr(training_args, "use_vllm", False) and not _is_available("vllm"):
        raise ValueError("--use_vllm true needs vLLM, which is not installed: pip install vllm "
                         "(or pip install \"trl[vllm]\"), or drop --use_vllm to generate with "
                         "transformers (several times slower)")
    if not model_given:
        uses_synthetic(script_args, model_args.model_name_or_path)


def quantization_config(model_args: Any) -> Any:
    """The ``BitsAndBytesConfig`` of ``--load_in_4bit``/``--load_in_8bit``, or ``None``: trl's
    ``get_quantization_config``, passed to the trainer as trl's own scripts pass it (the
    trainer loads the model with it)."""
    from trl import get_quantization_config

    return get_quantization_config(model_args)


def resolve_attn_implementation(name: str | None) -> str | None:
    """*name*, except ``flash_attention_2`` without flash-attn or a GPU becomes ``sdpa``."""
    if name == "flash_attention_2":
        import importlib.util

        import torch

        if importlib.util.find_spec("flash_attn") is None or not torch.cuda.is_available():
            logger.warning("flash_attention_2 needs the flash-attn package and a CUDA GPU "
                           "(pip install flash-attn): using sdpa attention instead")
            return "sdpa"
    return name


def _vision_token_ids(processor: Any) -> list[int]:
    from stepgrpo_trl.demo.tiny_model import vision_token_ids

    return vision_token_ids(processor)


def build_trainer(script_args: StepGRPOScriptArguments, training_args: Any, model_args: Any, *,
                  model: Any = None, processor: Any = None, train_dataset: Any = None,
                  eval_dataset: Any = None, reward_funcs: Sequence[Callable[..., Any]] | None = None,
                  callbacks: Sequence[Any] = ()) -> Any:
    """A ready ``GRPOTrainer`` for StepGRPO (nothing trained yet).

    *model*/*processor*/*train_dataset*/*eval_dataset*/*reward_funcs* default to what the
    arguments describe (the evaluation set only when ``eval_strategy`` is not ``no``); pass
    them to reuse objects (``benchmarks/gpu_step.py`` passes a model built from a config).
    Flags that cannot take effect raise ``ValueError`` first (`check_arguments`).
    """
    from trl import GRPOTrainer, get_peft_config

    from stepgrpo_trl.demo.tiny_model import load_processor

    check_arguments(script_args, training_args, model_args, model_given=model is not None)
    model_name = model_args.model_name_or_path
    if model is None:
        path: str | None = prepare_model(model_args, script_args, output_dir=training_args.output_dir,
                             seed=training_args.seed,
                             main_process_first=training_args.main_process_first)
        init = dict(training_args.model_init_kwargs or {})
        init.setdefault("dtype", model_args.dtype or "float32")
        if model_args.attn_implementation:
            init.setdefault("attn_implementation",
                            resolve_attn_implementation(model_args.attn_implementation))
        if model_args.model_revision and model_args.model_revision != "main":
            init.setdefault("revision", model_args.model_revision)
        training_args.model_init_kwargs = init
        model = path
    else:
        training_args.model_init_kwargs = None
        path = getattr(getattr(model, "config", None), "_name_or_path", None)
    if processor is None:
        if path is None:
            raise ValueError("pass processor= with a model object that has no _name_or_path")
        processor = load_processor(path, min_pixels=script_args.min_pixels,
                                   max_pixels=script_args.max_pixels)

    if script_args.suppress_vision_tokens and not training_args.use_vllm:
        gen = dict(training_args.generation_kwargs or {})
        suppress = list(gen.get("suppress_tokens") or [])
        suppress += [i for i in _vision_token_ids(processor) if i not in suppress]
        gen["suppress_tokens"] = suppress
        training_args.generation_kwargs = gen

    peft_config = get_peft_config(model_args)
    if peft_config is not None and model_args.lora_target_modules is None:
        cast(Any, peft_config).target_modules = set(QWEN_LORA_TARGETS)  # a LoraConfig

    if train_dataset is None:
        train_dataset = load_train_dataset(script_args, output_dir=training_args.output_dir,
                                           main_process_first=training_args.main_process_first,
                                           model_name=model_name)
    if eval_dataset is None and _evaluates(training_args):
        eval_dataset = load_eval_dataset(script_args, output_dir=training_args.output_dir,
                                         main_process_first=training_args.main_process_first,
                                         model_name=model_name)
    if reward_funcs is None:
        reward_funcs = make_reward_funcs(script_args.reward_funcs, alpha=script_args.alpha,
                                         layout=script_args.layout)
    all_callbacks = list(callbacks)
    if script_args.metrics_file:
        all_callbacks.append(JsonlLogCallback(Path(training_args.output_dir) / script_args.metrics_file))
    return GRPOTrainer(
        model=model,
        reward_funcs=list(reward_funcs),
        args=training_args,
        train_dataset=train_dataset,
        eval_dataset=eval_dataset,
        processing_class=processor,
        peft_config=peft_config,
        quantization_config=None if model is not None and not isinstance(model, str)
        else quantization_config(model_args),
        callbacks=all_callbacks,
    )


# -- command line ------------------------------------------------------------------------------------

def _has_accelerator() -> bool:
    import torch

    return torch.cuda.is_available() or (hasattr(torch, "xpu") and torch.xpu.is_available())


def make_parser() -> Any:
    """``TrlParser`` over (script args, ``GRPOConfig``, ``ModelConfig``); on a machine with no
    GPU the defaults become ``use_cpu=True, bf16=False`` (a preset or flag still wins)."""
    from trl import GRPOConfig, ModelConfig, TrlParser

    parser = TrlParser(cast(Any, (StepGRPOScriptArguments, GRPOConfig, ModelConfig)))
    add_config_help(parser)
    if not _has_accelerator():
        parser.set_defaults(use_cpu=True, bf16=False)
    return parser


def add_config_help(parser: Any) -> None:
    """List ``--config`` in ``--help``. ``TrlParser.parse_args_and_config`` takes it out of
    the arguments before parsing, so the entry is documentation only."""
    parser.add_argument(
        "--config", metavar="YAML", default=argparse.SUPPRESS,
        help="YAML file whose keys set the defaults of every argument below (an 'env:' "
             "mapping sets environment variables); flags on the command line override it.",
    )


def set_torch_threads(n: int | None) -> None:
    """``torch.set_num_threads(n)`` when *n* is given (CPU runs of tiny models)."""
    if n:
        import torch

        torch.set_num_threads(int(n))


def resolve_checkpoint(value: str | None, output_dir: str) -> str | None:
    """``--resume_from_checkpoint``: a folder, or ``last``/``true`` for the newest
    ``checkpoint-*`` in *output_dir*; ``None`` for no resume."""
    if value is None or str(value).lower() in ("", "false", "no", "none"):
        return None
    if str(value).lower() in ("true", "yes", "last", "latest"):
        from transformers.trainer_utils import get_last_checkpoint

        last = get_last_checkpoint(output_dir) if os.path.isdir(output_dir) else None
        if last is None:
            raise ValueError(f"--resume_from_checkpoint {value}: no checkpoint-* folder in {output_dir}")
        return last
    if not os.path.isdir(value):
        raise ValueError(f"--resume_from_checkpoint: no such checkpoint folder {value!r}")
    return value


_FULL_WEIGHTS = ("model.safetensors", "model.safetensors.index.json", "pytorch_model.bin",
                 "pytorch_model.bin.index.json")


def restore_checkpoint_weights(trainer: Any, checkpoint: str) -> bool:
    """Load the model weights of *checkpoint* into ``trainer.model`` by way of
    ``from_pretrained``, and say whether it did.

    Qwen2-VL checkpoints are saved with the legacy key names (``model.layers.*``,
    ``visual.*``), and transformers 5's ``Trainer`` reloads them on resume without renaming
    them, non-strictly: only ``lm_head`` came back, and training went on from the initial
    weights without an error. ``from_pretrained`` renames the keys; the strict
    ``load_state_dict`` then fails loudly should any name still differ. Left to the
    trainer: DeepSpeed and FSDP runs (their own checkpoint format) and PEFT adapters (loaded
    by name, unaffected).
    """
    if getattr(trainer, "is_deepspeed_enabled", False) or getattr(trainer, "is_fsdp_enabled", False):
        return False
    model = trainer.model
    if getattr(model, "peft_config", None) is not None:
        return False
    if not any(Path(checkpoint, name).is_file() for name in _FULL_WEIGHTS):
        return False
    import torch

    dtype = next(model.parameters()).dtype
    saved = type(model).from_pretrained(checkpoint, dtype=dtype)
    with torch.no_grad():
        model.load_state_dict(saved.state_dict(), strict=True)
    del saved
    logger.info("restored the model weights of %s (transformers' resume then reports the legacy "
                "Qwen2-VL key names as missing/unexpected: expected, they are loaded already)", checkpoint)
    return True


def train_and_save(trainer: Any, training_args: Any, model_args: Any, *, resume: str | None,
                   start: float, **extra: Any) -> dict[str, Any]:
    """Train (resuming from *resume*), save the model and the trainer state, and return a
    summary, also written to ``<output_dir>/run_summary.json`` by the main process.

    *start* is the ``time.perf_counter()`` the wall time counts from; *extra* entries go
    into the summary before the training metrics. Shared with ``sft_warmup.py``.
    """
    if resume is not None:
        restore_checkpoint_weights(trainer, resume)
    result = trainer.train(resume_from_checkpoint=resume)
    trainer.save_model(training_args.output_dir)
    trainer.save_state()
    summary = {
        "output_dir": training_args.output_dir,
        "model": model_args.model_name_or_path,
        "train_examples": len(trainer.train_dataset),
        "global_step": trainer.state.global_step,
        "resumed_from": resume,
        **extra,
        "train_metrics": dict(result.metrics),
        "wall_seconds": round(time.perf_counter() - start, 2),
    }
    if trainer.is_world_process_zero():
        Path(training_args.output_dir, "run_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return summary


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    """Parse *argv*, train, save; return a summary dict (also written to ``run_summary.json``)."""
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
    summary = train_and_save(trainer, training_args, model_args, resume=resume, start=start,
                             reward_funcs=list(script_args.reward_funcs))
    if trainer.is_world_process_zero():
        logger.info("saved the trained model to %s", training_args.output_dir)
    return summary


if __name__ == "__main__":
    main()
