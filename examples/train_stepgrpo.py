"""StepGRPO training with TRL's ``GRPOTrainer`` and the step-wise rewards StepRAR + StepRVR.

This is R1-VL's second stage (see ``docs/pipeline.md``): online GRPO on a vision-language
model whose reward is ``r = r_acc + r_val``, with ``r_acc`` = StepRAR (answer + 0.1 x the
share of key steps matched) and ``r_val`` = StepRVR (1 if the trace is complete and in
order). Arguments are three dataclasses parsed by ``trl.TrlParser``: the script's own
(`StepGRPOScriptArguments`), ``trl.GRPOConfig`` and ``trl.ModelConfig``; a YAML preset
(``--config``) sets their defaults and the command line overrides it.

Data (``--dataset_name``):

* nothing: the built-in synthetic set (``examples/synthetic_data.py``), written to
  ``--data_dir`` (default ``<output_dir>/data``) -- no downloads;
* a JSON / JSON-lines file or a folder: R1-VL-10K, Mulberry or synthetic records;
* anything else: a Hugging Face hub dataset name.

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

Everything the script adds to TRL is small: the dataset (built once, before training),
the reward objects of ``stepgrpo_trl`` and a callback that appends every log line to
``<output_dir>/metrics.jsonl``. ``benchmarks/gpu_step.py`` measures that overhead.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:  # the sibling example modules (make_tiny_model, synthetic_data)
    sys.path.insert(0, str(_HERE))
try:  # a source checkout that was not pip-installed
    import stepgrpo_trl  # noqa: F401
except ImportError:  # pragma: no cover - depends on the environment
    for extra in (_HERE.parent, _HERE.parent / "plugins"):
        if str(extra) not in sys.path:
            sys.path.insert(0, str(extra))

__all__ = [
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
    "build_records_dataset",
    "train_and_save",
]

logger = logging.getLogger("train_stepgrpo")

#: Reward names accepted by ``--reward_funcs``: the paper's two, and an outcome-only
#: baseline (1 for a correct final answer, else 0) for comparisons.
REWARD_NAMES = ("step_rar", "step_rvr", "accuracy")

#: LoRA targets for Qwen2-VL-class models: the language model's projections only (the
#: vision tower's layers are called ``qkv``/``proj``/``fc1``/``fc2`` and stay frozen).
QWEN_LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]

TINY = "tiny"


@dataclass
class CommonScriptArguments:
    """Data, image and run arguments shared by the SFT warm-up and the StepGRPO script."""

    dataset_name: str | None = field(
        default=None,
        metadata={"help": "Records file (JSON/JSONL), folder, or hub dataset name. Default: the "
                  "built-in synthetic set, written to --data_dir."},
    )
    dataset_train_split: str = field(default="train", metadata={"help": "Split to train on."})
    data_dir: str | None = field(
        default=None,
        metadata={"help": "Where the synthetic set is written (default <output_dir>/data)."},
    )
    synthetic_size: int = field(default=1000, metadata={"help": "Synthetic examples to train on."})
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
        metadata={"help": "Rewards, summed: step_rar, step_rvr (the paper), accuracy (outcome only)."},
    )
    alpha: float = field(default=0.1, metadata={"help": "StepRAR weight of the key-step ratio."})
    suppress_vision_tokens: bool = field(
        default=True,
        metadata={"help": "Never sample image/video/vision-marker tokens (HF generate only): a "
                  "randomly initialised or weak model that samples one breaks the training pass."},
    )


# -- rewards -----------------------------------------------------------------------------------

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
    from stepgrpo_trl import completion_text

    if solution is None:
        return [None] * len(completions)
    rewards: list[float | None] = []
    for completion, gold in zip(completions, solution, strict=True):
        if not gold:
            rewards.append(None)
            continue
        gold_answer = _final_answer(gold) or str(gold).strip()
        try:
            predicted = _final_answer(completion_text(completion))
        except TypeError:
            predicted = None
        rewards.append(1.0 if predicted is not None and predicted == gold_answer else 0.0)
    return rewards


outcome_accuracy_reward.__name__ = "accuracy"


def make_reward_funcs(names: Sequence[str], *, alpha: float = 0.1) -> list[Callable[..., Any]]:
    """The reward callables for *names* (see `REWARD_NAMES`), in order.

    >>> [f.__name__ for f in make_reward_funcs(["step_rar", "step_rvr"])]
    ['step_rar', 'step_rvr']
    """
    from stepgrpo_trl import get_step_rar_reward, get_step_rvr_reward

    from stepgrpo_rewards import RewardConfig

    if isinstance(names, str):
        names = [names]
    if not names:
        raise ValueError("reward_funcs must name at least one reward")
    config = RewardConfig(alpha=alpha)
    funcs: list[Callable[..., Any]] = []
    for name in names:
        if name == "step_rar":
            funcs.append(get_step_rar_reward(config))
        elif name == "step_rvr":
            funcs.append(get_step_rvr_reward(config))
        elif name == "accuracy":
            funcs.append(outcome_accuracy_reward)
        else:
            raise ValueError(f"unknown reward {name!r}; choose from {', '.join(REWARD_NAMES)}")
    return funcs


# -- data ----------------------------------------------------------------------------------------

def synthetic_records(data_dir: str | os.PathLike[str], n: int, *, seed: int = 0,
                      split: str = "train", image_size: int = 336) -> Path:
    """Write (or reuse) ``<data_dir>/<split>.jsonl`` of the synthetic set; return its path.

    The set is deterministic, so an existing file made with the same settings is reused.
    """
    from synthetic_data import write_dataset

    data_dir = Path(data_dir)
    path = data_dir / f"{split}.jsonl"
    meta_path = data_dir / f"{split}.meta.json"
    meta = {"n": n, "seed": seed, "image_size": image_size}
    if path.is_file() and meta_path.is_file():
        try:
            if json.loads(meta_path.read_text()) == meta:
                return path
        except ValueError:
            pass
    path = write_dataset(data_dir, n, seed=seed, split=split, image_size=image_size)
    meta_path.write_text(json.dumps(meta) + "\n")
    return path


def build_records_dataset(script_args: Any, *, output_dir: str, main_process_first: Any = None,
                          purpose: str = "StepGRPO") -> Any:
    """The conversational dataset of ``stepgrpo_trl.data`` from the arguments both
    training scripts share: the built-in synthetic set (written once under
    *output_dir*/data) or ``dataset_name`` (a JSON/JSONL file, a folder or a hub name).
    Built on the main process first under ``accelerate``."""
    from stepgrpo_trl import build_grpo_dataset, load_grpo_dataset

    on_error = "skip" if script_args.skip_bad_records else "raise"
    common: dict[str, Any] = dict(instruction=script_args.instruction or None, on_error=on_error)
    if script_args.image_root:
        common["image_root"] = script_args.image_root

    def build() -> Any:
        if script_args.dataset_name is None:
            data_dir = script_args.data_dir or os.path.join(output_dir, "data")
            path = synthetic_records(data_dir, script_args.synthetic_size,
                                     seed=script_args.synthetic_seed,
                                     split=script_args.dataset_train_split,
                                     image_size=script_args.synthetic_image_size)
            return build_grpo_dataset(path, **common)
        return load_grpo_dataset(script_args.dataset_name, split=script_args.dataset_train_split,
                                 **common)

    if main_process_first is None:
        return build()
    with main_process_first(desc=f"building the {purpose} dataset"):
        return build()


def load_train_dataset(script_args: StepGRPOScriptArguments, *, output_dir: str,
                       main_process_first: Any = None) -> Any:
    """The GRPO training set: conversational ``prompt`` with the image placeholder, the
    image, ``solution``, ``key_steps`` and ``problem`` (see ``stepgrpo_trl.data``)."""
    dataset = build_records_dataset(script_args, output_dir=output_dir,
                                    main_process_first=main_process_first)
    if script_args.max_samples is not None and len(dataset) > script_args.max_samples:
        dataset = dataset.select(range(script_args.max_samples))
    if len(dataset) == 0:
        raise ValueError("the training set is empty")
    return dataset


# -- model -----------------------------------------------------------------------------------------

def prepare_model(model_args: Any, script_args: StepGRPOScriptArguments, *, output_dir: str,
                  seed: int = 0) -> str:
    """Resolve ``--model_name_or_path``; ``tiny`` (or nothing) builds a tiny random Qwen2-VL
    under ``<output_dir>/tiny-init`` and returns that folder."""
    name = model_args.model_name_or_path
    if name in (None, "", TINY):
        from make_tiny_model import build_tiny_qwen2_vl

        path = Path(output_dir) / "tiny-init"
        if not (path / "config.json").is_file():
            logger.warning("no model given: training a tiny RANDOM Qwen2-VL built offline at %s", path)
            build_tiny_qwen2_vl(path, seed=seed, hidden_size=script_args.tiny_hidden_size,
                                num_layers=script_args.tiny_layers)
        model_args.model_name_or_path = str(path)
        return str(path)
    return name


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
    from make_tiny_model import vision_token_ids

    return vision_token_ids(processor)


def build_trainer(script_args: StepGRPOScriptArguments, training_args: Any, model_args: Any, *,
                  model: Any = None, processor: Any = None, train_dataset: Any = None,
                  reward_funcs: Sequence[Callable[..., Any]] | None = None,
                  callbacks: Sequence[Any] = ()) -> Any:
    """A ready ``GRPOTrainer`` for StepGRPO (nothing trained yet).

    *model*/*processor*/*train_dataset*/*reward_funcs* default to what the arguments
    describe; pass them to reuse objects (``benchmarks/gpu_step.py`` passes a model built
    from a config).
    """
    from make_tiny_model import load_processor
    from trl import GRPOTrainer, get_peft_config
    from trl.import_utils import is_vllm_available

    if model is None:
        path = prepare_model(model_args, script_args, output_dir=training_args.output_dir,
                             seed=training_args.seed)
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

    if training_args.use_vllm and not is_vllm_available():
        logger.warning("use_vllm is set but vLLM is not installed (pip install vllm): "
                       "generating with transformers instead")
        training_args.use_vllm = False
    if script_args.suppress_vision_tokens and not training_args.use_vllm:
        gen = dict(training_args.generation_kwargs or {})
        suppress = list(gen.get("suppress_tokens") or [])
        suppress += [i for i in _vision_token_ids(processor) if i not in suppress]
        gen["suppress_tokens"] = suppress
        training_args.generation_kwargs = gen

    peft_config = get_peft_config(model_args)
    if peft_config is not None and model_args.lora_target_modules is None:
        peft_config.target_modules = set(QWEN_LORA_TARGETS)

    if train_dataset is None:
        train_dataset = load_train_dataset(script_args, output_dir=training_args.output_dir,
                                           main_process_first=training_args.main_process_first)
    if reward_funcs is None:
        reward_funcs = make_reward_funcs(script_args.reward_funcs, alpha=script_args.alpha)
    all_callbacks = list(callbacks)
    if script_args.metrics_file:
        all_callbacks.append(JsonlLogCallback(Path(training_args.output_dir) / script_args.metrics_file))
    return GRPOTrainer(
        model=model,
        reward_funcs=list(reward_funcs),
        args=training_args,
        train_dataset=train_dataset,
        processing_class=processor,
        peft_config=peft_config,
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

    parser = TrlParser((StepGRPOScriptArguments, GRPOConfig, ModelConfig))
    if not _has_accelerator():
        parser.set_defaults(use_cpu=True, bf16=False)
    return parser


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
    for name in script_args.reward_funcs:
        if name not in REWARD_NAMES:
            parser.error(f"--reward_funcs: unknown reward {name!r} (choose from {', '.join(REWARD_NAMES)})")
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
