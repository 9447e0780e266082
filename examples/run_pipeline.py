"""The whole StepGRPO pipeline in one command, on a CPU, in a few minutes, with no downloads.

    python examples/run_pipeline.py               # about 4-5 minutes on a 2-core laptop
    python examples/run_pipeline.py --quick       # under a minute: the CI smoke test

Stages (each writes into ``--out``, default ``runs/pipeline``):

1. **data**: the built-in synthetic visual reasoning set (PIL drawings, Mulberry-format
   solutions, key steps): a training split and a held-out split with another seed;
2. **model**: a tiny randomly initialised Qwen2-VL built offline (``make_tiny_model``);
3. **SFT warm-up** (``sft_warmup.py``): trl's ``SFTTrainer`` teaches the structured format;
4. **StepGRPO** (``train_stepgrpo.py``): trl's ``GRPOTrainer`` with StepRAR + StepRVR,
   the paper's G = 4, beta 0.04 and loss, from the warmed-up model;
5. **evaluation** (``eval_stepgrpo.py``): greedy decoding on the held-out split, scored with
   ``stepgrpo_rewards``, for the random model, after SFT ("before") and after StepGRPO
   ("after");
6. **plots** of the reward curves and the evaluation, and a **report**
   (``report.json``, ``report.md``) printed at the end.

A tiny model is no vision-language reasoner: what the run shows is the method's
mechanics -- SFT takes validity from 0 to most traces, StepGRPO's rewards are dense
(key-step ratio and validity move even where answers are wrong), and the whole loop
runs, checkpoints and reloads. ``--preset gpu`` is a larger version for one GPU.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:
    sys.path.insert(0, str(_HERE))

__all__ = ["PRESETS", "PipelineSettings", "main", "run_pipeline"]

logger = logging.getLogger("run_pipeline")


@dataclass(frozen=True)
class PipelineSettings:
    """Sizes of one pipeline run (see `PRESETS`)."""

    n_train: int = 256
    n_test: int = 64
    image_size: int = 112
    hidden_size: int = 128
    layers: int = 2
    sft_steps: int = 250
    sft_batch: int = 8
    sft_lr: float = 3e-3
    grpo_steps: int = 60
    grpo_prompts: int = 2            # prompts per step; x num_generations completions
    num_generations: int = 4
    grpo_lr: float = 2e-5
    beta: float = 0.04
    temperature: float = 1.0         # the paper's 1.2 is too flat for a tiny model
    max_completion_length: int = 320
    eval_max_new_tokens: int = 320
    eval_batch: int = 16
    seed: int = 0


PRESETS: dict[str, PipelineSettings] = {
    "default": PipelineSettings(),
    "quick": PipelineSettings(n_train=64, n_test=16, sft_steps=150, grpo_steps=4,
                              max_completion_length=256),
    "gpu": PipelineSettings(n_train=1024, n_test=128, hidden_size=256, layers=4, sft_steps=600,
                            sft_batch=16, sft_lr=2e-3, grpo_steps=40, grpo_prompts=4,
                            eval_batch=64),
}


def _flag(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _device_flags(device: str) -> list[str]:
    return ["--use_cpu", "true" if device == "cpu" else "false", "--bf16", "false"]


def _history_summary(run_dir: Path, keys: Sequence[str]) -> dict[str, Any]:
    """First/last/mean of logged *keys* in a run's log history (first vs last quarter)."""
    from eval_stepgrpo import load_log_history

    history = [r for r in load_log_history(run_dir) if any(k in r for k in keys)]
    out: dict[str, Any] = {"logged_steps": len(history)}
    for key in keys:
        values = [float(r[key]) for r in history if isinstance(r.get(key), (int, float))]
        if not values:
            continue
        q = max(1, len(values) // 4)
        out[key] = {"first": values[0], "last": values[-1], "mean": sum(values) / len(values),
                    "first_quarter_mean": sum(values[:q]) / q,
                    "last_quarter_mean": sum(values[-q:]) / q}
    return out


def _check_reload(checkpoint: Path, processor_dir: Path) -> dict[str, Any]:
    """Reload a saved checkpoint and run one forward pass on an image prompt."""
    import torch
    import transformers
    from make_tiny_model import load_processor

    model = transformers.AutoModelForImageTextToText.from_pretrained(checkpoint, dtype=torch.float32)
    processor = load_processor(processor_dir)
    from PIL import Image

    msgs = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "How many?"}]}]
    text = processor.apply_chat_template(msgs, add_generation_prompt=True, tokenize=False)
    inputs = processor(text=[text], images=[[Image.new("RGB", (112, 112), "white")]], return_tensors="pt")
    with torch.no_grad():
        logits = model(**inputs).logits
    return {"checkpoint": str(checkpoint), "ok": bool(torch.isfinite(logits).all()),
            "parameters": sum(p.numel() for p in model.parameters())}


def _markdown(report: dict[str, Any]) -> str:
    from eval_stepgrpo import METRICS

    ev = report["eval"]
    names = [n for n in ("base", "sft", "grpo") if n in ev]
    label = {"base": "random init", "sft": "after SFT (before)", "grpo": "after StepGRPO (after)"}
    lines = [
        "# StepGRPO pipeline report", "",
        f"Preset `{report['preset']}` on `{report['device']}`, {report['timings_s']['total']:.0f} s in all. "
        f"Held-out synthetic split: {report['settings']['n_test']} problems, greedy decoding.", "",
        "| metric | " + " | ".join(label[n] for n in names) + " | change (after - before) |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    ba = report.get("before_after", {})
    for key in METRICS:
        cells = []
        for n in names:
            v = ev[n].get(key)
            cells.append("n/a" if v is None else f"{v:.3f}")
        change = ba.get(key, {}).get("change")
        lines.append(f"| {key} | " + " | ".join(cells) + f" | {'' if change is None else f'{change:+.3f}'} |")
    sb, sa = ev.get("sft_sampled"), ev.get("grpo_sampled")
    if sb and sa:
        k = report["settings"]["num_generations"]
        lines += ["", f"Sampling {k} completions per problem at the training temperature "
                  f"({report['settings']['temperature']}), the policy GRPO optimises:", "",
                  "| metric | after SFT (before) | after StepGRPO (after) | change |", "|---|---|---|---|"]
        for key in (*METRICS, "tied_groups_stepgrpo", "tied_groups_outcome"):
            x, y = sb.get(key), sa.get(key)
            if x is None or y is None:
                continue
            lines.append(f"| {key} | {x:.3f} | {y:.3f} | {y - x:+.3f} |")
        lines += ["", "`tied_groups_*`: share of problems whose samples all get the same reward, "
                  "where GRPO's advantage is zero -- under StepRAR + StepRVR vs an outcome-only "
                  "reward."]
    g = report.get("grpo_training", {})
    lines += ["", f"StepGRPO training ({g.get('logged_steps', 0)} logged steps; mean of the first vs "
              "the last quarter, and over all):", ""]
    for key in ("reward", "rewards/step_rar/mean", "rewards/step_rvr/mean", "stepgrpo/valid_rate",
                "stepgrpo/key_step_ratio", "frac_reward_zero_std", "kl"):
        if key in g:
            lines.append(f"- `{key}`: {g[key]['first_quarter_mean']:.3f} -> "
                         f"{g[key]['last_quarter_mean']:.3f} (all: {g[key]['mean']:.3f})")
    s = report.get("sft_training", {})
    if "loss" in s:
        lines.append(f"- SFT loss: {s['loss']['first']:.2f} -> {s['loss']['last']:.2f}")
    lines += ["", "Timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in report["timings_s"].items()), ""]
    if report.get("reload"):
        lines.append(f"Checkpoint reload: {'ok' if report['reload']['ok'] else 'FAILED'} "
                     f"(`{report['reload']['checkpoint']}`)")
    if report.get("plots"):
        lines += ["", "Plots: " + ", ".join(f"`{p}`" for p in report["plots"])]
    return "\n".join(lines) + "\n"


def run_pipeline(out: str | os.PathLike[str], settings: PipelineSettings, *, preset: str = "custom",
                 device: str = "auto", threads: int | None = 1, keep_base_eval: bool = True) -> dict[str, Any]:
    """Run every stage into *out*; return the report (also written as report.json/report.md)."""
    import eval_stepgrpo as ev
    import sft_warmup
    import torch
    import train_stepgrpo
    from make_tiny_model import build_tiny_qwen2_vl

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    if threads and device == "cpu":
        torch.set_num_threads(threads)
    s = settings
    timings: dict[str, float] = {}
    t_all = time.perf_counter()

    def stage(name: str) -> Any:
        class _Timer:
            def __enter__(self_inner):
                logger.info("== %s ==", name)
                self_inner.t = time.perf_counter()

            def __exit__(self_inner, *exc):
                timings[name] = round(time.perf_counter() - self_inner.t, 2)
                return False

        return _Timer()

    data_dir = out / "data"
    with stage("data"):
        train_path = train_stepgrpo.synthetic_records(data_dir, s.n_train, seed=s.seed, split="train",
                                                      image_size=s.image_size)
        test_path = train_stepgrpo.synthetic_records(data_dir, s.n_test, seed=s.seed + 1, split="test",
                                                     image_size=s.image_size)
    pixels = ["--min_pixels", str(56 * 56), "--max_pixels", str(s.image_size * s.image_size)]
    with stage("model"):
        init_dir = build_tiny_qwen2_vl(out / "model-init", seed=s.seed, hidden_size=s.hidden_size,
                                       num_layers=s.layers, max_pixels=s.image_size * s.image_size)

    def evaluate(name: str, model_dir: Path, sampled: bool = False) -> dict[str, Any]:
        # greedy: the usual benchmark view; sampled: G completions per problem at the training
        # temperature -- the policy GRPO optimises, and its groups (tied or not)
        sampling = dict(do_sample=True, temperature=s.temperature,
                        samples_per_problem=s.num_generations) if sampled else {}
        with stage(f"eval_{name}"):
            report = ev.evaluate_model(model_dir, test_path, max_new_tokens=s.eval_max_new_tokens,
                                       batch_size=s.eval_batch, max_pixels=s.image_size * s.image_size,
                                       min_pixels=56 * 56, device=device, dtype="float32", seed=s.seed,
                                       **sampling)
            (out / "eval").mkdir(exist_ok=True)
            (out / "eval" / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
            logger.info("%s: %s", name, ev.format_metrics(report["metrics"]))
            return report

    evals: dict[str, dict[str, Any]] = {}
    if keep_base_eval:
        evals["base"] = evaluate("base", init_dir)

    sft_dir = out / "sft"
    common = ["--data_dir", str(data_dir), "--synthetic_size", str(s.n_train),
              "--synthetic_seed", str(s.seed), "--synthetic_image_size", str(s.image_size),
              *pixels, "--seed", str(s.seed), "--report_to", "none",
              "--gradient_checkpointing", "false", "--dataloader_num_workers", "0",
              *_device_flags(device)]
    if threads and device == "cpu":
        common += ["--torch_threads", str(threads)]
    with stage("sft"):
        sft_summary = sft_warmup.main([
            "--model_name_or_path", str(init_dir), "--output_dir", str(sft_dir), *common,
            "--max_steps", str(s.sft_steps), "--per_device_train_batch_size", str(s.sft_batch),
            "--learning_rate", str(s.sft_lr), "--lr_scheduler_type", "cosine",
            "--warmup_steps", str(max(1, s.sft_steps // 25)), "--logging_steps", str(max(1, s.sft_steps // 10)),
            "--save_strategy", "no",
        ])
    evals["sft"] = evaluate("sft", sft_dir)
    evals["sft_sampled"] = evaluate("sft_sampled", sft_dir, sampled=True)

    grpo_dir = out / "grpo"
    with stage("grpo"):
        grpo_summary = train_stepgrpo.main([
            "--model_name_or_path", str(sft_dir), "--output_dir", str(grpo_dir), *common,
            "--max_steps", str(s.grpo_steps), "--num_generations", str(s.num_generations),
            "--per_device_train_batch_size", str(s.grpo_prompts * s.num_generations),
            "--gradient_accumulation_steps", "1",
            "--max_completion_length", str(s.max_completion_length),
            "--temperature", str(s.temperature), "--beta", str(s.beta), "--loss_type", "grpo",
            "--learning_rate", str(s.grpo_lr), "--lr_scheduler_type", "constant",
            "--logging_steps", str(max(1, s.grpo_steps // 15)),
            "--save_strategy", "steps", "--save_steps", str(max(1, s.grpo_steps // 2)),
            "--save_total_limit", "1",
        ])
    evals["grpo"] = evaluate("grpo", grpo_dir)
    evals["grpo_sampled"] = evaluate("grpo_sampled", grpo_dir, sampled=True)

    with stage("plots"):
        plots = []
        p = ev.plot_reward_curves([grpo_dir], out / "plots" / "grpo_reward_curves.png",
                                  title="StepGRPO training (tiny model, synthetic data)")
        if p:
            plots.append(str(p))
        p = ev.plot_reward_curves([sft_dir], out / "plots" / "sft_loss.png", title="SFT warm-up")
        if p:
            plots.append(str(p))
        names = {"base": "random init", "sft": "after SFT", "grpo": "after StepGRPO"}
        p = ev.plot_comparison({names[k]: v for k, v in evals.items() if k in names},
                               out / "plots" / "evaluation.png")
        if p:
            plots.append(str(p))
    with stage("reload"):
        checkpoints = sorted(grpo_dir.glob("checkpoint-*"), key=lambda c: int(c.name.split("-")[-1]))
        reload = _check_reload(checkpoints[-1] if checkpoints else grpo_dir, grpo_dir)
    timings["total"] = round(time.perf_counter() - t_all, 2)

    report = {
        "preset": preset,
        "device": device,
        "settings": asdict(s),
        "timings_s": timings,
        "eval": {k: v["metrics"] for k, v in evals.items()},
        "before_after": ev.compare_reports(evals["sft"], evals["grpo"]),
        "before_after_sampled": ev.compare_reports(evals["sft_sampled"], evals["grpo_sampled"]),
        "sft_training": _history_summary(sft_dir, ["loss", "mean_token_accuracy"]),
        "grpo_training": _history_summary(grpo_dir, [
            "reward", "rewards/step_rar/mean", "rewards/step_rvr/mean", "stepgrpo/accuracy",
            "stepgrpo/valid_rate", "stepgrpo/key_step_ratio", "frac_reward_zero_std", "kl",
            "step_time", "completions/mean_length"]),
        "runs": {"sft": sft_summary, "grpo": grpo_summary},
        "reload": reload,
        "plots": plots,
        "paths": {"out": str(out), "data": str(data_dir), "train": str(train_path), "test": str(test_path),
                  "model_init": str(init_dir), "sft": str(sft_dir), "grpo": str(grpo_dir)},
    }
    _clean_nan(report)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "report.md").write_text(_markdown(report))
    return report


def _clean_nan(obj: Any) -> Any:
    if isinstance(obj, dict):
        for k, v in obj.items():
            obj[k] = _clean_nan(v)
    elif isinstance(obj, list):
        return [_clean_nan(v) for v in obj]
    elif isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default="runs/pipeline", help="output folder (default runs/pipeline)")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="default")
    parser.add_argument("--quick", action="store_true", help="same as --preset quick (CI)")
    parser.add_argument("--device", default="auto", help="auto, cpu or cuda")
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads on CPU (default 1: fastest for a tiny model)")
    parser.add_argument("--no-base-eval", action="store_true", help="skip evaluating the random model")
    for f in ("n_train", "n_test", "sft_steps", "grpo_steps", "hidden_size", "layers", "seed"):
        parser.add_argument("--" + f.replace("_", "-"), dest=f, type=int, default=None)
    for f in ("temperature", "beta", "sft_lr", "grpo_lr"):
        parser.add_argument("--" + f.replace("_", "-"), dest=f, type=float, default=None)
    args = parser.parse_args(argv)
    preset = "quick" if args.quick else args.preset
    overrides = {f: getattr(args, f) for f in ("n_train", "n_test", "sft_steps", "grpo_steps",
                                               "hidden_size", "layers", "seed", "temperature",
                                               "beta", "sft_lr", "grpo_lr")
                 if getattr(args, f) is not None}
    settings = replace(PRESETS[preset], **overrides)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    report = run_pipeline(args.out, settings, preset=preset, device=args.device, threads=args.threads,
                          keep_base_eval=not args.no_base_eval)
    print("\n" + (Path(args.out) / "report.md").read_text())
    print(f"report: {Path(args.out) / 'report.json'}")
    return 0 if report["reload"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
