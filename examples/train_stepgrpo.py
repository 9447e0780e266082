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
import importlib
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
    from stepgrpo_trl import completion_text

    def accuracy(completions: Sequence[Any], solution: Sequence[Any] | None = None,
                 **kwargs: Any) -> list[float | None]:
        if solution is None:
            return [None] * len(completions)
        rewards: list[float | None] = []
        for completion, gold in zip(completions, solution, strict=True):
            if not gold:
                rewards.append(None)
                continue
            gold_answer = _answer_tag(str(gold)) or _final_answer(gold) or str(gold).strip()
            try:
                text = completion_text(completion)
            except TypeError:
                text = None
            predicted = _answer_tag(text)
            if predicted is None and layout == "auto":
                predicted = _final_answer(text)
            rewards.append(1.0 if predicted is not None and predicted == gold_answer else 0.0)
        return rewards

    return accuracy


def load_reward_func(path: str) -> Callable[..., Any]:
    """The reward at the import path *path* (``"package.module.name"``), as ``trl grpo``
    resolves ``--reward_funcs``; a ``ValueError`` names what could not be found.

    >>> load_reward_func("stepgrpo_trl.step_rvr_reward").__name__
    'step_rvr'
    """
    module_name, _, attr = path.rpartition(".")
    if not module_name or not attr:
        raise ValueError(f"reward {path!r} is not an import path (package.module.name)")
    if os.getcwd() not in sys.path:  # as trl grpo does: a reward module in the working folder
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
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
    from stepgrpo_trl import get_step_rar_reward, get_step_rvr_reward

    from stepgrpo_rewards import RewardConfig

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

def synthetic_records(data_dir: str | os.PathLike[str], n: int, *, seed: int = 0,
                      split: str = "train", image_size: int = 336, layout: str = "mulberry") -> Path:
    """Write (or reuse) ``<data_dir>/<split>.jsonl`` of the synthetic set, its solutions in
    *layout* (``mulberry`` or ``r1``); return its path.

    The set is deterministic, so an existing file made with the same settings is reused.
    """
    from synthetic_data import write_dataset

    data_dir = Path(data_dir)
    path = data_dir / f"{split}.jsonl"
    meta_path = data_dir / f"{split}.meta.json"
    meta: dict[str, Any] = {"n": n, "seed": seed, "image_size": image_size}
    if layout != "mulberry":  # (files written before layouts existed stay reusable)
        meta["layout"] = layout
    if path.is_file() and meta_path.is_file():
        try:
            if json.loads(meta_path.read_text()) == meta:
                return path
        except ValueError:
            pass
    path = write_dataset(data_dir, n, seed=seed, split=split, image_size=image_size, layout=layout)
    meta_path.write_text(json.dumps(meta) + "\n")
    return path


def uses_synthetic(script_args: Any, model_name: str | None) -> bool:
    """Whether the run trains on the built-in synthetic set: ``--dataset_name synthetic``,
    or no ``--dataset_name`` with the tiny model or an explicit ``--data_dir``.

    Any other model with no ``--dataset_name`` raises ``ValueError``: a real model trained
    on synthetic bar charts by default would waste a run without a word said.
    """
    if script_args.dataset_name == SYNTHETIC:
        return True
    if script_args.dataset_name:
        return False
    if model_name in (None, "", TINY) or script_args.data_dir:
        return True
    raise ValueError(
        f"no --dataset_name for the model {model_name!r}: give your records (a JSON/JSONL file, "
        "a folder, a dataset made by stepgrpo-prepare or a hub name), or pass "
        "--dataset_name synthetic to train on the built-in synthetic bar charts"
    )


def build_records_dataset(script_args: Any, *, output_dir: str, main_process_first: Any = None,
                          purpose: str = "StepGRPO", split: str | None = None,
                          model_name: str | None = TINY) -> Any:
    """The conversational dataset of ``stepgrpo_trl.data`` from the arguments both
    training scripts share: the built-in synthetic set (written once under
    *output_dir*/data, see `uses_synthetic`) or ``dataset_name`` (a JSON/JSONL file, a
    folder or a hub name, with ``dataset_config``). *split* defaults to
    ``dataset_train_split``; the synthetic ``dataset_test_split`` is drawn with seed + 1.
    Built on the main process first under ``accelerate``."""
    from stepgrpo_trl import build_grpo_dataset, load_grpo_dataset

    split = split or script_args.dataset_train_split
    on_error = "skip" if script_args.skip_bad_records else "raise"
    layout = getattr(script_args, "layout", "mulberry")
    instruction: str | bool | None = script_args.instruction or None
    if instruction and layout == "r1":
        instruction = R1_INSTRUCTION
    common: dict[str, Any] = dict(instruction=instruction, on_error=on_error)
    if script_args.image_root:
        common["image_root"] = script_args.image_root
    synthetic = uses_synthetic(script_args, model_name)

    def build() -> Any:
        if synthetic:
            data_dir = script_args.data_dir or os.path.join(output_dir, "data")
            is_eval = split == script_args.dataset_test_split and split != script_args.dataset_train_split
            path = synthetic_records(
                data_dir, script_args.synthetic_eval_size if is_eval else script_args.synthetic_size,
                seed=script_args.synthetic_seed + (1 if is_eval else 0), split=split,
                image_size=script_args.synthetic_image_size, layout="r1" if layout == "r1" else "mulberry")
            return build_grpo_dataset(path, **common)
        return load_grpo_dataset(script_args.dataset_name, split=split,
                                 config_name=script_args.dataset_config, **common)

    if main_process_first is None:
        return build()
    with main_process_first(desc=f"building the {purpose} dataset ({split})"):
        return build()


def load_train_dataset(script_args: StepGRPOScriptArguments, *, output_dir: str,
                       main_process_first: Any = None, model_name: str | None = TINY) -> Any:
    """The GRPO training set: conversational ``prompt`` with the image placeholder, the
    image, ``solution``, ``key_steps`` and ``problem`` (see ``stepgrpo_trl.data``)."""
    dataset = build_records_dataset(script_args, output_dir=output_dir,
                                    main_process_first=main_process_first, model_name=model_name)
    if script_args.max_samples is not None and len(dataset) > script_args.max_samples:
        dataset = dataset.select(range(script_args.max_samples))
    if len(dataset) == 0:
        raise ValueError("the training set is empty")
    return dataset


def load_eval_dataset(script_args: StepGRPOScriptArguments, *, output_dir: str,
                      main_process_first: Any = None, model_name: str | None = TINY) -> Any:
    """The evaluation set: split ``dataset_test_split`` of the same source."""
    dataset = build_records_dataset(script_args, output_dir=output_dir,
                                    main_process_first=main_process_first, purpose="evaluation",
                                    split=script_args.dataset_test_split, model_name=model_name)
    if len(dataset) == 0:
        raise ValueError(f"the evaluation split {script_args.dataset_test_split!r} is empty")
    return dataset


# -- model -----------------------------------------------------------------------------------------

def _without_zero3_init() -> Any:
    """A context in which transformers does not build models inside DeepSpeed's
    ``zero.Init`` (ZeRO-3 partitions parameters as they are made; the tiny-model builder
    then fails on empty shards). The trainer loads the saved folder under ZeRO-3 as usual."""
    import contextlib

    @contextlib.contextmanager
    def ctx() -> Any:
        try:
            from transformers.integrations import deepspeed as hf_deepspeed
        except ImportError:  # pragma: no cover - old transformers
            yield
            return
        saved = getattr(hf_deepspeed, "_hf_deepspeed_config_weak_ref", None)
        hf_deepspeed._hf_deepspeed_config_weak_ref = None
        try:
            yield
        finally:
            hf_deepspeed._hf_deepspeed_config_weak_ref = saved

    return ctx()


def build_tiny_model(path: str | os.PathLike[str], script_args: Any, *, seed: int = 0) -> Path:
    """Build the tiny random Qwen2-VL into *path* unless it is there; return *path*.

    It is built in a temporary sibling folder and renamed into place, so no process ever
    reads a half-written ``config.json``, and outside ZeRO-3's ``zero.Init``.
    """
    import shutil
    import tempfile

    from make_tiny_model import build_tiny_qwen2_vl

    path = Path(path)
    if (path / "config.json").is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        with _without_zero3_init():
            build_tiny_qwen2_vl(tmp, seed=seed, hidden_size=script_args.tiny_hidden_size,
                                num_layers=script_args.tiny_layers)
        try:
            os.replace(tmp, path)  # atomic; fails if another process got there first
        except OSError:
            if not (path / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def prepare_model(model_args: Any, script_args: StepGRPOScriptArguments, *, output_dir: str,
                  seed: int = 0, main_process_first: Any = None) -> str:
    """Resolve ``--model_name_or_path``; ``tiny`` (or nothing) builds a tiny random Qwen2-VL
    under ``<output_dir>/tiny-init`` -- on the main process first under ``accelerate``
    (pass ``training_args.main_process_first``) -- and returns that folder."""
    name = model_args.model_name_or_path
    if name in (None, "", TINY):
        path = Path(output_dir) / "tiny-init"
        if not (path / "config.json").is_file():
            logger.warning("no model given: training a tiny RANDOM Qwen2-VL built offline at %s", path)
        if main_process_first is None:
            build_tiny_model(path, script_args, seed=seed)
        else:
            with main_process_first(desc="building the tiny model"):
                build_tiny_model(path, script_args, seed=seed)
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
    from make_tiny_model import vision_token_ids

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
    from make_tiny_model import load_processor
    from trl import GRPOTrainer, get_peft_config

    check_arguments(script_args, training_args, model_args, model_given=model is not None)
    model_name = model_args.model_name_or_path
    if model is None:
        path = prepare_model(model_args, script_args, output_dir=training_args.output_dir,
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
        peft_config.target_modules = set(QWEN_LORA_TARGETS)

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

    parser = TrlParser((StepGRPOScriptArguments, GRPOConfig, ModelConfig))
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
