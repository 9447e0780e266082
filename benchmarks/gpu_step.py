"""GPU benchmark: one StepGRPO training step, where the time goes, and what our rewards cost.

Runs ``examples/train_stepgrpo.py``'s trainer (same dataset builder, rewards, callbacks) on
one GPU with a randomly initialised model of the Qwen2-VL-2B-Instruct architecture, built
from a config in bf16 -- no hub, no downloads. The tokenizer and processor are built
locally (``examples/make_tiny_model.py``) with the real vocabulary size. Per step:
2 prompts x 4 generations x 256 new tokens, 448x448 images (256 image tokens), beta 0,
gradient checkpointing, sdpa attention. The same run is repeated with an outcome-only
accuracy reward (a trivial one mirroring trl's ``accuracy_reward``: exact match of the
final answer, no math_verify) so the two can be compared.

Reported per run (medians over the measured steps; the first ``--warmup`` steps are
reported apart): step time; generation; model compute (log-prob forwards, backward,
optimizer); time inside the reward functions and their share of the step; data loading;
our callbacks; the rest (TRL's own prompt/image processing, padding, metrics, logging);
peak GPU memory. ``pipeline_overhead`` is the step minus generation, model compute and
rewards: everything that is neither the model nor the reward. Plus a micro-benchmark of
StepRAR + StepRVR on realistic (synthetic reference) traces.

Targets (issue 4): our rewards < 0.1% of the step; pipeline overhead < 2% of the step.

Usage::

    python benchmarks/gpu_step.py                    # CUDA: 2B architecture, both runs
    python benchmarks/gpu_step.py --tiny             # CPU smoke test: tiny model, 1 step
    OUT=/tmp/out python benchmarks/gpu_step.py       # also writes $OUT/gpu_step.json

Prints one JSON document on stdout. Without CUDA (and without ``--tiny``) it prints a
JSON document with ``"skipped": true`` and the reason, and exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

#: Qwen2-VL-2B-Instruct's architecture (its config.json), with the token ids taken from
#: our local tokenizer. 2.21 B parameters with tied embeddings.
QWEN2_VL_2B = {
    "text": dict(
        hidden_size=1536, intermediate_size=8960, num_hidden_layers=28, num_attention_heads=12,
        num_key_value_heads=2, max_position_embeddings=32768, rms_norm_eps=1e-6,
        hidden_act="silu", tie_word_embeddings=True,
        rope_parameters={"rope_type": "default", "rope_theta": 1000000.0,
                         "mrope_section": [16, 24, 24]},
    ),
    "vision": dict(
        depth=32, embed_dim=1280, hidden_size=1536, hidden_act="quick_gelu", mlp_ratio=4,
        num_heads=16, in_channels=3, patch_size=14, spatial_merge_size=2, temporal_patch_size=2,
    ),
    "vocab_size": 151936,
}


def _log(msg: str) -> None:
    print(f"[gpu_step] {msg}", file=sys.stderr, flush=True)


# -- timing ------------------------------------------------------------------------------------

class _Clock:
    """Accumulates seconds per named section within the current step."""

    def __init__(self, sync: Callable[[], None]) -> None:
        self.sync = sync
        self.current: dict[str, float] = {}
        self.steps: list[dict[str, float]] = []

    def add(self, name: str, seconds: float) -> None:
        self.current[name] = self.current.get(name, 0.0) + seconds

    @contextlib.contextmanager
    def section(self, name: str, sync: bool = True):
        if sync:
            self.sync()
        t0 = time.perf_counter()
        try:
            yield
        finally:
            if sync:
                self.sync()
            self.add(name, time.perf_counter() - t0)

    def wrap_method(self, obj: Any, attr: str, name: str, sync: bool = True) -> bool:
        original = getattr(obj, attr, None)
        if original is None:
            return False

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.section(name, sync):
                return original(*args, **kwargs)

        setattr(obj, attr, timed)
        return True


class _TimedReward:
    """A reward callable that adds its own wall time to the clock (keeps ``__name__``)."""

    def __init__(self, func: Callable[..., Any], clock: _Clock) -> None:
        self.func = func
        self.clock = clock
        self.__name__ = getattr(func, "__name__", type(func).__name__)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return self.func(*args, **kwargs)
        finally:
            self.clock.add("reward_funcs", time.perf_counter() - t0)


def _step_callback(clock: _Clock) -> Any:
    from transformers import TrainerCallback

    class StepClock(TrainerCallback):
        def __init__(self) -> None:
            self.last = None

        def on_train_begin(self, args, state, control, **kwargs):
            clock.sync()
            self.last = time.perf_counter()
            clock.current = {}

        def on_pre_optimizer_step(self, args, state, control, **kwargs):
            clock.sync()
            self._opt = time.perf_counter()

        def on_optimizer_step(self, args, state, control, **kwargs):
            clock.sync()
            clock.add("optimizer", time.perf_counter() - self._opt)

        def on_step_end(self, args, state, control, **kwargs):
            clock.sync()
            now = time.perf_counter()
            record = dict(clock.current)
            record["step"] = now - self.last
            clock.steps.append(record)
            clock.current = {}
            self.last = now

    return StepClock()


# -- model and processor --------------------------------------------------------------------------

_PROCESSORS: dict[tuple[Any, ...], Any] = {}


def _build_processor(tmp: Path, *, vocab_size: int, max_pixels: int, min_pixels: int) -> Any:
    """A local Qwen2-VL processor with a tokenizer of *vocab_size* tokens (make_tiny_model);
    built once per process (a 152k-token tokenizer takes a few seconds)."""
    from stepgrpo_trl.demo.tiny_model import build_tiny_qwen2_vl, load_processor

    key = (str(tmp), vocab_size, max_pixels, min_pixels)
    if key in _PROCESSORS:
        return _PROCESSORS[key]
    folder = build_tiny_qwen2_vl(tmp / "processor", vocab_size=vocab_size, hidden_size=32,
                                 num_layers=1, num_heads=2, vision_dim=32, vision_depth=1,
                                 min_pixels=min_pixels, max_pixels=max_pixels)
    _PROCESSORS[key] = (folder, load_processor(folder, min_pixels=min_pixels, max_pixels=max_pixels))
    return _PROCESSORS[key]


def _build_2b(processor: Any, *, device: str, attn: str) -> Any:
    import torch
    import transformers
    from stepgrpo_trl.demo.tiny_model import SPECIAL_TOKENS

    tok = processor.tokenizer
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}
    spec = QWEN2_VL_2B
    text = dict(spec["text"], vocab_size=spec["vocab_size"], bos_token_id=ids["<|endoftext|>"],
                eos_token_id=ids["<|im_end|>"], pad_token_id=ids["<|endoftext|>"])
    config = transformers.Qwen2VLConfig(
        text_config=text, vision_config=dict(spec["vision"]),
        image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"],
        tie_word_embeddings=True,
    )
    config._attn_implementation = attn
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.bfloat16)
    try:
        with torch.device(device):
            torch.manual_seed(0)
            model = transformers.Qwen2VLForConditionalGeneration(config)
    finally:
        torch.set_default_dtype(previous)
    model.generation_config = transformers.GenerationConfig(
        eos_token_id=[ids["<|im_end|>"], ids["<|endoftext|>"]], pad_token_id=tok.pad_token_id,
        bos_token_id=ids["<|endoftext|>"], do_sample=True,
    )
    return model


def _build_tiny(tmp: Path) -> tuple[Any, Any]:
    from stepgrpo_trl.demo.tiny_model import build_tiny_qwen2_vl, load_model, load_processor

    folder = build_tiny_qwen2_vl(tmp / "tiny", min_pixels=56 * 56, max_pixels=112 * 112)
    return load_model(folder), load_processor(folder)


# -- one run ---------------------------------------------------------------------------------------

def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def _summarize(clock: _Clock, warmup: int) -> dict[str, Any]:
    measured = clock.steps[warmup:] or clock.steps[-1:]
    keys = ("step", "generation", "logps_forward", "backward", "optimizer", "reward_funcs",
            "calculate_rewards", "data", "callbacks")
    med = {k: _median([s.get(k, 0.0) for s in measured]) for k in keys}
    step = med["step"] or float("nan")
    model_compute = med["logps_forward"] + med["backward"] + med["optimizer"]

    def residual(s: dict[str, float]) -> float:
        return s.get("step", 0.0) - s.get("generation", 0.0) - s.get("logps_forward", 0.0) \
            - s.get("backward", 0.0) - s.get("optimizer", 0.0) - s.get("reward_funcs", 0.0)

    # The overhead is a residual: take it per step, then the median. (Subtracting the
    # medians of components taken from different steps is not a residual of any step.)
    overhead = _median([residual(s) for s in measured])
    rest = _median([residual(s) - s.get("data", 0.0) - s.get("callbacks", 0.0) for s in measured])

    def share(x: float) -> float:
        return round(100.0 * x / step, 4)

    return {
        "steps_measured": len(measured),
        "warmup_step_s": [round(s["step"], 3) for s in clock.steps[:warmup]],
        "step_s": round(step, 4),
        "step_s_all": [round(s["step"], 3) for s in measured],
        "generation_s": round(med["generation"], 4),
        "model_compute_s": round(model_compute, 4),
        "logps_forward_s": round(med["logps_forward"], 4),
        "backward_s": round(med["backward"], 4),
        "optimizer_s": round(med["optimizer"], 4),
        "reward_funcs_ms": round(1000 * med["reward_funcs"], 4),
        "trl_calculate_rewards_ms": round(1000 * med["calculate_rewards"], 4),
        "data_ms": round(1000 * med["data"], 4),
        "callbacks_ms": round(1000 * med["callbacks"], 4),
        "other_ms": round(1000 * rest, 3),
        "per_step": [{k: round(v, 4) for k, v in s.items()} for s in measured],
        "pipeline_overhead_ms": round(1000 * overhead, 3),
        "share_pct": {
            "generation": share(med["generation"]),
            "model_compute": share(model_compute),
            "reward_funcs": share(med["reward_funcs"]),
            "pipeline_overhead": share(overhead),
            "data": share(med["data"]),
            "callbacks": share(med["callbacks"]),
        },
    }


def run_once(label: str, reward_names: Sequence[str], args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    """Train ``args.warmup + args.steps`` steps with *reward_names*; the run's timings (see
    `_summarize`), build times, its last logged rewards and, on CUDA, its peak memory."""
    import torch
    from stepgrpo_trl.demo import train as ts
    from trl import GRPOConfig, ModelConfig

    cuda = torch.cuda.is_available() and not args.tiny
    clock = _Clock(torch.cuda.synchronize if cuda else (lambda: None))
    t_setup = time.perf_counter()
    model, processor, image_size, max_pixels = _build_model(args, tmp, device="cuda" if cuda else "cpu")
    n_params = sum(p.numel() for p in model.parameters())
    build_s = time.perf_counter() - t_setup

    steps = args.warmup + args.steps
    out_dir = tmp / f"run-{label}"
    script = ts.StepGRPOScriptArguments(
        synthetic_size=max(16, args.prompts * steps * 2), synthetic_image_size=image_size,
        data_dir=str(tmp / "data"), max_pixels=max_pixels, reward_funcs=list(reward_names),
        metrics_file="metrics.jsonl",
    )
    config = GRPOConfig(
        output_dir=str(out_dir), num_generations=args.generations,
        per_device_train_batch_size=args.prompts * args.generations, gradient_accumulation_steps=1,
        max_completion_length=args.tokens, temperature=1.0, beta=0.0, learning_rate=1e-6,
        max_steps=steps, logging_steps=1, save_strategy="no", report_to="none",
        bf16=cuda, use_cpu=not cuda, gradient_checkpointing=not args.tiny,
        dataloader_num_workers=0, seed=0, disable_tqdm=True,
    )
    t0 = time.perf_counter()
    dataset = ts.load_train_dataset(script, output_dir=str(out_dir))
    data_build_s = time.perf_counter() - t0
    rewards = [_TimedReward(f, clock) for f in ts.make_reward_funcs(reward_names)]
    trainer = ts.build_trainer(script, config, ModelConfig(), model=model, processor=processor,
                               train_dataset=dataset, reward_funcs=rewards,
                               callbacks=[_step_callback(clock)])
    instrumented = _instrument(trainer, clock)
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    t_train = time.perf_counter()
    trainer.train()
    train_s = time.perf_counter() - t_train
    result = {
        "label": label,
        "reward_funcs": list(reward_names),
        "parameters": n_params,
        "model_build_s": round(build_s, 2),
        "dataset_build_s": round(data_build_s, 2),
        "train_s": round(train_s, 2),
        "instrumented": instrumented,
        **_summarize(clock, args.warmup),
        **_last_log(trainer.state.log_history),
        **(_peak_memory() if cuda else {}),
    }
    del trainer, model
    gc.collect()
    if cuda:
        torch.cuda.empty_cache()
    return result


def _build_model(args: argparse.Namespace, tmp: Path, *, device: str) -> tuple[Any, Any, int, int]:
    """``(model, processor, image size, max pixels)``: the tiny model with ``--tiny``, else the
    2B architecture on *device* with the image settings of *args*."""
    if args.tiny:
        model, processor = _build_tiny(tmp)
        return model, processor, 112, 112 * 112
    _, processor = _build_processor(tmp, vocab_size=QWEN2_VL_2B["vocab_size"],
                                    max_pixels=args.max_pixels, min_pixels=3136)
    model = _build_2b(processor, device=device, attn=args.attn)
    return model, processor, args.image_size, args.max_pixels


def _instrument(trainer: Any, clock: _Clock) -> dict[str, bool]:
    """Time the trainer's generation, log-prob forwards, backward, reward calculation, data
    loading and our callbacks' ``on_log``; ``{section: whether its method was found}``."""
    from stepgrpo_trl.demo import train as ts

    instrumented = {
        "generation": clock.wrap_method(trainer, "_generate_single_turn", "generation"),
        "logps_forward": clock.wrap_method(trainer, "_get_per_token_logps_and_entropies", "logps_forward"),
        "backward": clock.wrap_method(trainer.accelerator, "backward", "backward"),
        "calculate_rewards": clock.wrap_method(trainer, "_calculate_rewards", "calculate_rewards"),
        "data": clock.wrap_method(trainer, "get_batch_samples", "data", sync=False),
    }
    for cb in trainer.callback_handler.callbacks:  # our own callbacks: time their on_log
        if isinstance(cb, ts.JsonlLogCallback):
            clock.wrap_method(cb, "on_log", "callbacks", sync=False)
    return instrumented


def _last_log(log_history: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """``{"last_log": ...}``: the reward, length, validity and accuracy entries of the last log
    with a reward (nothing when no log has one)."""
    logs = [h for h in log_history if "reward" in h]
    if not logs:
        return {}
    last = logs[-1]
    return {"last_log": {k: last[k] for k in sorted(last)
                         if k.startswith(("reward", "rewards/", "completions/mean_length", "stepgrpo/valid", "stepgrpo/acc"))}}


def _peak_memory() -> dict[str, float]:
    """Peak allocated and reserved CUDA memory since the last reset, in GiB."""
    import torch

    return {"peak_memory_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2),
            "peak_reserved_gib": round(torch.cuda.max_memory_reserved() / 2**30, 2)}


def reward_microbench(n: int = 64) -> dict[str, Any]:
    """StepRAR + StepRVR on realistic traces: reference solutions with one step perturbed."""
    from stepgrpo_trl import get_step_rar_reward, get_step_rvr_reward
    from stepgrpo_trl.demo.synthetic_data import generate_examples

    examples = generate_examples(n, seed=7, image_size=64)
    # Half the completions are the reference trace itself (every key step found), half are
    # another problem's trace (wrong answer, key steps searched for and mostly missed).
    completions = [[{"role": "assistant",
                     "content": (e.solution if i % 2 == 0 else examples[(i + 1) % n].solution)}]
                   for i, e in enumerate(examples)]
    kwargs = {"solution": [e.solution for e in examples], "key_steps": [e.key_steps for e in examples],
              "problem": [e.question for e in examples]}
    rar, rvr = get_step_rar_reward(), get_step_rvr_reward()
    t0 = time.perf_counter()
    a = rar(completions, **kwargs)
    b = rvr(completions, **kwargs)
    dt = time.perf_counter() - t0
    chars = statistics.mean(len(c[0]["content"]) for c in completions)
    return {"completions": n, "mean_chars": round(chars), "ms_per_completion": round(1000 * dt / n, 4),
            "mean_step_rar": round(statistics.mean(a), 4), "mean_step_rvr": round(statistics.mean(b), 4)}


def _environment() -> dict[str, Any]:
    import torch
    import transformers
    import trl

    env = {"python": platform.python_version(), "torch": torch.__version__,
           "transformers": transformers.__version__, "trl": trl.__version__,
           "cuda": torch.cuda.is_available()}
    if torch.cuda.is_available():
        env["device"] = torch.cuda.get_device_name(0)
        env["device_memory_gib"] = round(torch.cuda.get_device_properties(0).total_memory / 2**30, 1)
    return env


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tiny", action="store_true", help="CPU smoke test: tiny model, 1 step")
    p.add_argument("--steps", type=int, default=None, help="measured steps (default 4; --tiny 1)")
    p.add_argument("--warmup", type=int, default=None, help="warm-up steps (default 1; --tiny 0)")
    p.add_argument("--prompts", type=int, default=2)
    p.add_argument("--generations", type=int, default=4)
    p.add_argument("--tokens", type=int, default=None, help="new tokens (default 256; --tiny 32)")
    p.add_argument("--image-size", type=int, default=448)
    p.add_argument("--max-pixels", type=int, default=400_000)
    p.add_argument("--attn", default="sdpa")
    p.add_argument("--runs", default="stepgrpo,outcome",
                   help="comma list of stepgrpo (StepRAR+StepRVR) and outcome (accuracy only)")
    p.add_argument("--out", default=None, help="JSON file (default $OUT/gpu_step.json when $OUT is set)")
    args = p.parse_args(argv)
    args.steps = args.steps if args.steps is not None else (1 if args.tiny else 4)
    args.warmup = args.warmup if args.warmup is not None else (0 if args.tiny else 1)
    args.tokens = args.tokens if args.tokens is not None else (32 if args.tiny else 256)
    out = args.out or (os.path.join(os.environ["OUT"], "gpu_step.json") if os.environ.get("OUT") else None)

    import torch

    report: dict[str, Any] = {"benchmark": "gpu_step", "command": " ".join([sys.argv[0], *(argv or sys.argv[1:])])}
    if not torch.cuda.is_available() and not args.tiny:
        report.update(skipped=True, reason="no CUDA device: run on a GPU, or use --tiny for a CPU smoke test")
        _log(report["reason"])
        print(json.dumps(report, indent=2))
        if out:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(json.dumps(report, indent=2) + "\n")
        return 0
    if args.tiny:
        torch.set_num_threads(1)
    report["environment"] = _environment()
    report["settings"] = {
        "model": "tiny random Qwen2-VL" if args.tiny else "random Qwen2-VL-2B-Instruct architecture, bf16",
        "prompts_per_step": args.prompts, "generations": args.generations, "new_tokens": args.tokens,
        "image_size": 112 if args.tiny else args.image_size, "warmup_steps": args.warmup,
        "measured_steps": args.steps, "beta": 0.0, "attn": args.attn,
        "gradient_checkpointing": not args.tiny,
    }
    names = {"stepgrpo": ["step_rar", "step_rvr"], "outcome": ["accuracy"]}
    runs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gpu_step-") as tmpdir:
        for label in [r.strip() for r in args.runs.split(",") if r.strip()]:
            if label not in names:
                p.error(f"unknown run {label!r}")
            _log(f"run {label}: rewards {names[label]}")
            with contextlib.redirect_stdout(sys.stderr):  # the trainer prints its logs: keep stdout JSON
                runs[label] = run_once(label, names[label], args, Path(tmpdir))
            _log(f"run {label}: step {runs[label]['step_s']} s, rewards {runs[label]['reward_funcs_ms']} ms")
    report["runs"] = runs
    report["reward_microbench"] = reward_microbench()
    if "stepgrpo" in runs:
        ours = runs["stepgrpo"]
        report["targets"] = {
            "applies": not args.tiny,  # the targets are about the CUDA run, not the CPU smoke test
            "reward_share_pct": ours["share_pct"]["reward_funcs"],
            "reward_share_below_0.1pct": ours["share_pct"]["reward_funcs"] < 0.1,
            "pipeline_overhead_pct": ours["share_pct"]["pipeline_overhead"],
            "pipeline_overhead_below_2pct": ours["share_pct"]["pipeline_overhead"] < 2.0,
        }
        if "outcome" in runs:
            base = runs["outcome"]
            report["comparison"] = {
                "step_s": {"stepgrpo": ours["step_s"], "outcome": base["step_s"],
                           "ratio": round(ours["step_s"] / base["step_s"], 4)},
                "reward_funcs_ms": {"stepgrpo": ours["reward_funcs_ms"], "outcome": base["reward_funcs_ms"]},
                "peak_memory_gib": {"stepgrpo": ours.get("peak_memory_gib"),
                                    "outcome": base.get("peak_memory_gib")},
            }
    text = json.dumps(report, indent=2)
    print(text)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
