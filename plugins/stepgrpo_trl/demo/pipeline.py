"""The whole StepGRPO pipeline in one command, on a CPU, in minutes, with no downloads.

    python examples/run_pipeline.py               # 5-8 minutes on a 2-core machine
    python examples/run_pipeline.py --seed 1      # another seed (model, SFT and GRPO)
    python examples/run_pipeline.py --quick       # about a minute: the CI smoke test

Stages (each writes into ``--out``, default ``runs/pipeline``):

1. **data**: the ``rows`` problems of the built-in synthetic set (read two bar lengths off
   a picture, multiply, add; four key steps), written as R1-VL-style JSONL + PNG;
2. **model**: a 0.5M-parameter Qwen2-VL built offline, trained from scratch;
3. **SFT warm-up** until the sampled answer accuracy on a validation split reaches a
   target (reading is learned in a jump, so a fixed step count lands anywhere);
4. **StepGRPO** with trl's ``GRPOTrainer`` and StepRAR + StepRVR, and beside it, from the
   same SFT checkpoint with the same settings, GRPO on an **outcome-only** reward: the
   run answers "does the step-wise reward help?" for this seed (one seed says little;
   ``examples/reward_ablation.py`` runs five, with all four of the paper's arms);
5. **evaluation** on a held-out split (greedy and 8 samples per problem) of the SFT model
   and of both arms, every 60 GRPO steps;
6. **plots** and a **report** (``report.json``, ``report.md``) printed at the end; the
   trained StepGRPO checkpoint is reloaded and run once as a check.

The numbers of a run are in docs/results.md, with the command that produced them.
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
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import stepgrpo_trl.demo.ablation as ra

__all__ = ["PRESETS", "main", "run_pipeline"]

logger = logging.getLogger("run_pipeline")

STEP_ARM, OUTCOME_ARM = "step_rar+step_rvr", "outcome"
_TWO_ARMS = (STEP_ARM, OUTCOME_ARM)

#: The main job's task differs from the ablation's in two settings, so that every seed's
#: StepGRPO run starts from a model it can improve: 4,000 training problems instead of
#: 1,000 (at 1,000, SFT of seed 2 ran 820 steps, 26 passes over the pictures) and an SFT
#: target of 0.25 instead of 0.15. With the ablation's task, 300 GRPO steps under either
#: reward did not improve seeds 2 and 3 (nor did temperature 1.2, lr 2e-4, beta 0 or 8
#: prompts per step); with these two changes every seed tried did. The ablation keeps the
#: sparser regime the paper's argument is about; docs/results.md gives the figures of both.
MAIN_JOB_TASK = replace(ra.PRESETS["default"].task, n_train=4000, sft_target=0.25)

PRESETS: dict[str, ra.AblationSettings] = {
    name: replace(ra.PRESETS[name], arms=_TWO_ARMS, seeds=(0,)) for name in ("default", "quick", "gpu")
}
PRESETS["default"] = replace(PRESETS["default"], task=MAIN_JOB_TASK)

#: Evaluation metrics as the report names them, and where they come from.
_GREEDY = {"answer_accuracy": "answer_accuracy", "key_step_ratio": "key_step_ratio",
           "validity_rate": "validity_rate"}
_SAMPLED = {"answer_accuracy": "answer_accuracy_sampled", "key_step_ratio": "key_step_ratio_sampled",
            "read_accuracy": "read_accuracy_sampled", "validity_rate": "validity_rate_sampled",
            "reward": "reward_sampled", "tied_groups_outcome": "tied_groups_outcome",
            "all_wrong_groups": "all_wrong_groups", "completion_chars": "completion_chars_sampled"}
_TRAINING = ("reward", "frac_reward_zero_std", "loss", "kl", "rewards/step_rar/mean",
             "rewards/step_rvr/mean", "rewards/outcome/mean", "completions/mean_length")


def _pick(metrics: dict[str, float], names: dict[str, str]) -> dict[str, float]:
    return {out: metrics[src] for out, src in names.items() if src in metrics}


def _before_after(before: dict[str, float], after: dict[str, float]) -> dict[str, dict[str, float]]:
    return {k: {"before": before[k], "after": after[k], "change": round(after[k] - before[k], 6)}
            for k in before if k in after}


def training_summary(log: Sequence[dict[str, Any]], keys: Sequence[str] = _TRAINING) -> dict[str, Any]:
    """First/last value, mean, and first- vs last-quarter means of each logged *key*.

    >>> training_summary([{"reward": r} for r in (1, 2, 3, 4)])["reward"]["last_quarter_mean"]
    4.0
    """
    out: dict[str, Any] = {"logged_steps": len(log)}
    for key in keys:
        values = [float(r[key]) for r in log if isinstance(r.get(key), (int, float))]
        if not values:
            continue
        q = max(1, len(values) // 4)
        out[key] = {"first": values[0], "last": values[-1], "mean": sum(values) / len(values),
                    "first_quarter_mean": sum(values[:q]) / q, "last_quarter_mean": sum(values[-q:]) / q}
    return out


def _check_reload(model_dir: Path) -> dict[str, Any]:
    """Reload the saved StepGRPO checkpoint and run one forward pass on an image prompt."""
    import torch
    from PIL import Image

    from stepgrpo_trl.demo.ablation_task import prompt_messages
    from stepgrpo_trl.demo.tiny_model import load_model, load_processor

    model, processor = load_model(model_dir), load_processor(model_dir)
    text = processor.apply_chat_template(prompt_messages(), add_generation_prompt=True, tokenize=False)
    inputs = processor(text=[text], images=[[Image.new("RGB", (168, 168), "white")]], return_tensors="pt")
    with torch.no_grad():
        logits = model(**inputs).logits
    return {"checkpoint": str(model_dir), "ok": bool(torch.isfinite(logits).all()),
            "parameters": sum(p.numel() for p in model.parameters())}


# --------------------------------------------------------------------------- plots

def _smooth(values: Sequence[float], window: int = 5) -> list[float]:
    out = []
    for i in range(len(values)):
        chunk = values[max(0, i - window + 1): i + 1]
        out.append(sum(chunk) / len(chunk))
    return out


def _plots(report: dict[str, Any], logs: dict[str, list[dict[str, Any]]], out: Path) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        logger.warning("matplotlib is not installed (pip install matplotlib): no plots")
        return []
    (out / "plots").mkdir(exist_ok=True)
    panels = {"reward": "training reward (each arm its own reward)",
              "frac_reward_zero_std": "groups with tied rewards (zero advantage)",
              "loss": "GRPO loss, incl. the KL term (not a quality measure)",
              "kl": "KL to the SFT model"}
    fig, axes = plt.subplots(1, 4, figsize=(18, 4))
    for ax, (key, title) in zip(axes, panels.items(), strict=True):
        for (arm, log), color in zip(logs.items(), ("tab:blue", "tab:orange"), strict=False):
            points = [(r["step"], r[key]) for r in log if key in r]
            if not points:
                continue
            steps, values = zip(*points, strict=True)
            ax.plot(steps, values, color=color, alpha=0.25, lw=1)
            ax.plot(steps, _smooth(values), color=color, lw=2, marker="o", ms=2, label=f"{arm} (smoothed)")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("GRPO step")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    curves = out / "plots" / "grpo_training.png"
    fig.savefig(curves, dpi=110)
    plt.close(fig)

    ev = report["eval"]
    columns = {"after SFT": ev["sft_sampled"], "StepGRPO": ev["grpo_sampled"],
               "outcome reward": ev["outcome_sampled"]}
    metrics = ("answer_accuracy", "read_accuracy", "key_step_ratio", "validity_rate",
               "tied_groups_outcome", "reward")
    fig, axes = plt.subplots(1, len(metrics), figsize=(18, 3.8))
    for ax, metric in zip(axes, metrics, strict=True):
        heights = [c[metric] for c in columns.values()]
        bars = ax.bar(range(len(heights)), heights, color=("tab:gray", "tab:blue", "tab:orange"))
        ax.bar_label(bars, fmt="%.3f", fontsize=8)
        ax.set_xticks(range(len(heights)), list(columns), fontsize=8, rotation=15)
        ax.set_title(metric.replace("_", " ") + (" (StepRAR + StepRVR, max 2.1)" if metric == "reward" else ""),
                     fontsize=9)
        ax.set_ylim(0, max(heights) * 1.2 or 1)
    fig.suptitle(f"Held-out split, {report['settings']['task']['eval_samples']} samples per problem "
                 "at temperature 1", fontsize=10)
    fig.tight_layout()
    bars_png = out / "plots" / "evaluation.png"
    fig.savefig(bars_png, dpi=110)
    plt.close(fig)
    return [str(curves), str(bars_png)]


# --------------------------------------------------------------------------- report

def _markdown(report: dict[str, Any]) -> str:
    ev = report["eval"]
    lines = ["# StepGRPO pipeline report", "",
             f"Preset `{report['preset']}`, seed {report['seed']}, {report['timings_s']['total']:.0f} s. "
             f"Held-out split of {report['settings']['task']['n_test']} problems; "
             f"{report['settings']['task']['eval_samples']} samples per problem at temperature 1.", "",
             "| sampled | after SFT | after StepGRPO | after outcome-only GRPO |", "|---|---|---|---|"]
    for key in _SAMPLED:
        lines.append(f"| {key} | {ev['sft_sampled'][key]:.3f} | {ev['grpo_sampled'][key]:.3f} | "
                     f"{ev['outcome_sampled'][key]:.3f} |")
    lines += ["", "| greedy | after SFT | after StepGRPO | after outcome-only GRPO |", "|---|---|---|---|"]
    for key in _GREEDY:
        lines.append(f"| {key} | {ev['sft'][key]:.3f} | {ev['grpo'][key]:.3f} | {ev['outcome'][key]:.3f} |")
    g = report["grpo_training"]
    lines += ["", f"StepGRPO training ({g['logged_steps']} logged points; first-quarter mean -> "
              "last-quarter mean):", ""]
    for key in ("reward", "frac_reward_zero_std", "kl"):
        if key in g:
            lines.append(f"- `{key}`: {g[key]['first_quarter_mean']:.3f} -> {g[key]['last_quarter_mean']:.3f}")
    sft = report["sft"]
    lines += ["", f"SFT: {sft['steps']} steps ({'target reached' if sft['reached_target'] else 'target NOT reached'}).",
              "", "Timings (s): " + ", ".join(f"{k} {v:.0f}" for k, v in report["timings_s"].items()),
              "", f"Checkpoint reload: {'ok' if report['reload']['ok'] else 'FAILED'} (`{report['reload']['checkpoint']}`)"]
    if report["plots"]:
        lines += ["", "Plots: " + ", ".join(f"`{p}`" for p in report["plots"])]
    return "\n".join(lines) + "\n"


def run_pipeline(out: str | os.PathLike[str], settings: ra.AblationSettings, *, preset: str = "custom",
                 workers: int = 2) -> dict[str, Any]:
    """Run every stage into *out*; return the report (also written as report.json/report.md)."""
    from stepgrpo_trl.demo.synthetic_data import write_dataset

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (seed,) = settings.seeds
    timings: dict[str, float] = {}
    start = time.perf_counter()
    task = settings.task
    train_path = write_dataset(out / "data", task.n_train, seed=0, split="train",
                               image_size=task.image_size, kinds=("rows",))
    test_path = write_dataset(out / "data", task.n_test, seed=2, split="test",
                              image_size=task.image_size, kinds=("rows",))
    timings["data"] = round(time.perf_counter() - start, 1)
    ablation = ra.run_ablation(out, settings, workers=workers, preset=preset)
    timings["sft_and_grpo"] = round(time.perf_counter() - start - timings["data"], 1)
    sft = json.loads((out / f"seed{seed}" / "sft.json").read_text())
    step, outcome = (ablation["arms"][arm]["seeds"][str(seed)] for arm in _TWO_ARMS)
    ev = {"sft": _pick(sft["metrics"], _GREEDY), "sft_sampled": _pick(sft["metrics"], _SAMPLED),
          "grpo": _pick(step["final"], _GREEDY), "grpo_sampled": _pick(step["final"], _SAMPLED),
          "outcome": _pick(outcome["final"], _GREEDY), "outcome_sampled": _pick(outcome["final"], _SAMPLED)}
    model_dir = out / f"seed{seed}" / STEP_ARM.replace("+", "_and_") / "model"
    report: dict[str, Any] = {
        "preset": preset, "seed": seed, "settings": asdict(settings), "eval": ev,
        "before_after": _before_after(ev["sft"], ev["grpo"]),
        "before_after_sampled": _before_after(ev["sft_sampled"], ev["grpo_sampled"]),
        "step_vs_outcome_sampled": {k: {STEP_ARM: ev["grpo_sampled"][k], OUTCOME_ARM: ev["outcome_sampled"][k],
                                        "difference": round(ev["grpo_sampled"][k] - ev["outcome_sampled"][k], 6)}
                                    for k in ev["grpo_sampled"]},
        "sft": {k: sft[k] for k in ("steps", "reached_target", "seconds", "history")},
        "grpo_training": training_summary(step["train_log"]),
        "outcome_training": training_summary(outcome["train_log"]),
        "reload": _check_reload(model_dir),
        "paths": {"out": str(out), "train": str(train_path), "test": str(test_path),
                  "sft": str(out / f"seed{seed}" / "sft"), "grpo": str(model_dir)},
    }
    report["plots"] = _plots(report, {STEP_ARM: step["train_log"], OUTCOME_ARM: outcome["train_log"]}, out)
    timings["total"] = round(time.perf_counter() - start, 1)
    report["timings_s"] = timings
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
    parser.add_argument("--seed", type=int, default=0, help="seed of the model, SFT and GRPO (default 0)")
    parser.add_argument("--grpo_steps", type=int, help="GRPO steps per arm (default: the preset's)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                        help="auto: the preset's (cuda for gpu, else cpu)")
    parser.add_argument("--workers", type=int, default=2,
                        help="the two arms run side by side, one torch thread each (default 2)")
    parser.add_argument("--layout", choices=("mulberry", "r1"), default="mulberry",
                        help="layout the model is taught and scored in: mulberry (### sections, the "
                             "paper's; default) or r1 (<think> reasoning, then <answer>)")
    args = parser.parse_args(argv)
    preset = "quick" if args.quick else args.preset
    settings = replace(PRESETS[preset], seeds=(args.seed,))
    if args.grpo_steps:
        settings = replace(settings, grpo_steps=args.grpo_steps)
    if args.layout != settings.task.layout:
        settings = replace(settings, task=replace(settings.task, layout=args.layout))
    if args.device != "auto":
        settings = replace(settings, device=args.device)
    if settings.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            parser.error("--preset gpu needs CUDA")
        args.workers = 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    report = run_pipeline(args.out, settings, preset=preset, workers=args.workers)
    print("\n" + (Path(args.out) / "report.md").read_text())
    print(f"report: {Path(args.out) / 'report.json'}")
    return 0 if report["reload"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
