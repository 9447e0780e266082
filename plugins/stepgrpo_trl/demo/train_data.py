"""Datasets and models of the StepGRPO training script: the synthetic set or a records
file, and the tiny model built on the fly (``--model_name_or_path tiny``)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from stepgrpo_trl.demo.train_args import (
    R1_INSTRUCTION,
    SYNTHETIC,
    TINY,
    StepGRPOScriptArguments,
    logger,
)


def synthetic_records(data_dir: str | os.PathLike[str], n: int, *, seed: int = 0,
                      split: str = "train", image_size: int = 336, layout: str = "mulberry") -> Path:
    """Write (or reuse) ``<data_dir>/<split>.jsonl`` of the synthetic set, its solutions in
    *layout* (``mulberry`` or ``r1``); return its path.

    The set is deterministic, so an existing file made with the same settings is reused.
    """
    from stepgrpo_trl.demo.synthetic_data import write_dataset

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

    from stepgrpo_trl.demo.tiny_model import build_tiny_qwen2_vl

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
