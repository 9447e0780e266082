"""Does the step-wise reward train better than an outcome reward? A controlled ablation.

    python examples/reward_ablation.py                 # the full run (see docs/results.md)
    python examples/reward_ablation.py --quick         # a smoke run, under 3 minutes
    python examples/reward_ablation.py --preset gpu    # a larger model, for one GPU

From one SFT checkpoint per seed (``ablation_task.sft_until_target``: SFT stops when the
sampled answer accuracy on a validation split reaches a target, the regime the paper's
argument is about), GRPO arms that differ only in the reward function:

* ``outcome``: 1 for a correct final answer, else 0 (read and judged by our core);
* ``step_rar``: StepRAR (a correct answer plus alpha times the key-step ratio);
* ``step_rvr``: StepRVR (1 for a complete, logically ordered trace);
* ``step_rar+step_rvr``: both, the paper's StepGRPO;

and, only when named with ``--arms`` (`EXTRA_ARMS`):

* ``step_rar+step_rvr_graded``: StepRAR + StepRVR with ``validity_mode="graded"`` (the
  share of the validity checks passed, docs/rules.md).

``--layout r1`` runs the task in the r1 layout (``<think>`` reasoning, then ``<answer>``):
the reference traces, and every reward and metric read by the r1 rules.

Same steps, batch, learning rate, generation budget and seeds in every arm; TRL's
``GRPOTrainer`` does the training. Every arm is evaluated on a held-out split every
``eval_every`` steps. Written into ``--out``: ``ablation.json`` (the SFT metrics, then per
arm and seed the final metrics and the learning curve), ``ablation.png`` (mean over seeds
with a min-max band) and ``ablation.md`` (the table, also printed), which gives the paired
per-seed difference ``step_rar+step_rvr`` minus ``outcome`` in final sampled answer
accuracy with a bootstrap 95% interval.

Jobs run in ``--workers`` processes of one torch thread each (two fit a 2-core machine).
A finished job's result is kept in ``--out`` and reused by a rerun with the same settings.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from stepgrpo_trl.demo.ablation_task import METRICS, TaskSettings

__all__ = ["ALL_ARMS", "ARMS", "EXTRA_ARMS", "PRESETS", "AblationSettings", "main", "outcome_reward",
           "paired_difference", "run_ablation"]

logger = logging.getLogger("reward_ablation")

#: The arms, by the reward functions they train on.
ARMS: dict[str, tuple[str, ...]] = {
    "outcome": ("outcome",),
    "step_rar": ("step_rar",),
    "step_rvr": ("step_rvr",),
    "step_rar+step_rvr": ("step_rar", "step_rvr"),
}

#: Arms run only when named (``--arms``): beside the paper's comparison, not part of it.
EXTRA_ARMS: dict[str, tuple[str, ...]] = {
    "step_rar+step_rvr_graded": ("step_rar", "step_rvr_graded"),
}

#: Every arm that can be run.
ALL_ARMS: dict[str, tuple[str, ...]] = {**ARMS, **EXTRA_ARMS}


@dataclass(frozen=True)
class AblationSettings:
    """One ablation run: the task, the arms, the seeds and the shared GRPO settings."""

    task: TaskSettings = field(default_factory=TaskSettings)
    arms: tuple[str, ...] = tuple(ARMS)
    seeds: tuple[int, ...] = (0, 1, 2, 3)
    grpo_steps: int = 300
    prompts_per_step: int = 4
    num_generations: int = 4
    learning_rate: float = 1e-4
    beta: float = 0.04
    temperature: float = 1.0
    alpha: float = 0.1
    eval_every: int = 60
    sft_max_steps: int | None = None   # None: the task's cap (stop on the target)
    device: str = "cpu"


PRESETS: dict[str, AblationSettings] = {
    "default": AblationSettings(),
    "quick": AblationSettings(
        task=replace(TaskSettings(), n_train=64, n_val=16, n_test=16, eval_samples=4,
                     sft_check_every=20),
        seeds=(0,), grpo_steps=6, eval_every=3, sft_max_steps=40),
    "gpu": AblationSettings(
        task=replace(TaskSettings(), hidden_size=256, layers=4, vision_dim=64, n_train=4000,
                     n_test=500, sft_val_samples=8),
        grpo_steps=600, prompts_per_step=16, eval_every=100, device="cuda"),
}


#: What each arm keeps of TRL's training log (``loss`` is the GRPO loss with its KL term).
TRAIN_LOG_KEYS: tuple[str, ...] = (
    "step", "reward", "reward_std", "frac_reward_zero_std", "loss", "kl",
    "completions/mean_length", "completions/clipped_ratio", "rewards/outcome/mean",
    "rewards/step_rar/mean", "rewards/step_rvr/mean", "rewards/step_rvr_graded/mean", "stepgrpo/accuracy", "stepgrpo/valid_rate",
    "stepgrpo/key_step_ratio",
)


# --------------------------------------------------------------------------- rewards

def outcome_reward(completions: Sequence[Any], solution: Sequence[Any] | None = None,
                   **kwargs: Any) -> list[float | None]:
    """1.0 for a correct final answer, else 0.0: the outcome-only baseline, judged by the core.

    The same answer reading and equivalence rules as StepRAR, with no key-step credit.

    >>> outcome_reward(["### The final answer is: 12", "### The final answer is: 13"], solution=["12", "12"])
    [1.0, 0.0]
    """
    return _outcome(completions, solution, None)


def _outcome(completions: Sequence[Any], solution: Sequence[Any] | None, config: Any) -> list[float | None]:
    from stepgrpo_rewards import score_trace
    from stepgrpo_trl import completion_text

    if solution is None:
        return [None] * len(completions)
    rewards: list[float | None] = []
    for completion, gold in zip(completions, solution, strict=True):
        try:
            rewards.append(float(score_trace(completion_text(completion), solution=gold,
                                             config=config).answer_correct))
        except (TypeError, ValueError):  # an unreadable completion scores 0, as in training
            rewards.append(0.0)
    return rewards


outcome_reward.__name__ = "outcome"


def _outcome_reward_in(config: Any) -> Callable[..., list[float | None]]:
    """`outcome_reward` with the answer read by *config*'s layout."""
    def outcome(completions: Sequence[Any], solution: Sequence[Any] | None = None,
                **kwargs: Any) -> list[float | None]:
        return _outcome(completions, solution, config)

    return outcome


def _reward_funcs(names: Sequence[str], alpha: float, layout: str = "mulberry") -> list[Callable[..., Any]]:
    from stepgrpo_rewards import RewardConfig
    from stepgrpo_trl import get_step_rar_reward, get_step_rvr_reward

    config = RewardConfig(alpha=alpha, layout=layout)  # type: ignore[arg-type]
    graded = replace(config, validity_mode="graded")
    make = {"outcome": lambda: outcome_reward if layout == "mulberry" else _outcome_reward_in(config),
            "step_rar": lambda: get_step_rar_reward(config),
            "step_rvr": lambda: get_step_rvr_reward(config),
            "step_rvr_graded": lambda: get_step_rvr_reward(graded, name="step_rvr_graded")}
    return [make[name]() for name in names]


def _task_key(task: TaskSettings) -> dict[str, Any]:
    """The task's part of a job's cache key: its settings, less the layout when it is the
    default (a result cached before layouts existed is still found)."""
    key = asdict(task)
    if key.get("layout") == "mulberry":
        del key["layout"]
    return key


# --------------------------------------------------------------------------- jobs

def _job_setup(device: str) -> None:
    """A worker's set-up: one torch thread (two workers share two cores), quiet logs."""
    import torch

    if device == "cpu":
        torch.set_num_threads(1)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import transformers

    transformers.logging.set_verbosity_error()


def _log_to_stderr() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")


def _cached(path: Path, settings_key: dict[str, Any]) -> dict[str, Any] | None:
    if path.is_file():
        data = json.loads(path.read_text())
        if data.get("settings") == settings_key:
            return data
    return None


def sft_job(out: str, settings: AblationSettings, seed: int) -> dict[str, Any]:
    """Build the seed's model, SFT it to the target, save it, evaluate it on the test split."""
    _job_setup(settings.device)
    from stepgrpo_trl.demo.ablation_task import (
        Evaluator,
        build_task_model,
        make_splits,
        sft_until_target,
    )
    from stepgrpo_trl.demo.tiny_model import load_model, load_processor

    root = Path(out) / f"seed{seed}"
    key = {"task": _task_key(settings.task), "sft_max_steps": settings.sft_max_steps, "seed": seed}
    result_file = root / "sft.json"
    if (cached := _cached(result_file, key)) and (root / "sft").is_dir():
        return cached
    splits = make_splits(settings.task)
    path = build_task_model(root / "init", settings.task, seed=seed)
    model, processor = load_model(path).to(settings.device), load_processor(path)
    sft = sft_until_target(model, processor, splits["train"], splits["val"], settings.task,
                           seed=seed, max_steps=settings.sft_max_steps,
                           log=lambda msg: logger.info("seed %d: %s", seed, msg))
    model.save_pretrained(root / "sft")
    processor.save_pretrained(root / "sft")
    metrics = Evaluator(processor, splits["test"], settings.task)(model)
    result = {"settings": key, "steps": sft.steps, "reached_target": sft.reached_target,
              "seconds": round(sft.seconds, 1), "history": sft.history, "metrics": metrics}
    result_file.write_text(json.dumps(result, indent=1))
    return result


def _curve_callback(evaluator: Any, every: int, curve: list[dict[str, float]]) -> Any:
    from transformers import TrainerCallback

    class EvalEvery(TrainerCallback):  # evaluates the policy on the test split every *every* steps
        def on_step_end(self, args: Any, state: Any, control: Any, model: Any = None, **kw: Any) -> None:
            if state.global_step % every == 0 or state.global_step == state.max_steps:
                point = {"step": state.global_step, **evaluator(model)}
                curve.append(point)
                logger.info("%s", {k: round(v, 3) for k, v in point.items()})

    return EvalEvery()


def grpo_job(out: str, settings: AblationSettings, seed: int, arm: str,
             sft_metrics: dict[str, float]) -> dict[str, Any]:
    """Train one arm of one seed from the seed's SFT checkpoint; return its curve and final metrics."""
    _job_setup(settings.device)
    from datasets import Dataset
    from trl import GRPOConfig, GRPOTrainer

    from stepgrpo_trl.demo.ablation_task import Evaluator, make_splits, prompt_messages
    from stepgrpo_trl.demo.tiny_model import load_model, load_processor, vision_token_ids

    root = Path(out) / f"seed{seed}"
    run_dir = root / arm.replace("+", "_and_")
    fields = {**asdict(settings), "task": _task_key(settings.task)}
    key = {k: fields[k] for k in ("task", "grpo_steps", "prompts_per_step", "num_generations",
                                  "learning_rate", "beta", "temperature", "alpha", "eval_every",
                                  "sft_max_steps")}
    key.update(seed=seed, arm=arm)
    result_file = run_dir / "result.json"
    if (cached := _cached(result_file, key)) and (run_dir / "model").is_dir():
        return cached
    splits = make_splits(settings.task)
    model, processor = load_model(root / "sft").to(settings.device), load_processor(root / "sft")
    train = splits["train"]
    dataset = Dataset.from_dict({
        "prompt": [prompt_messages(e.question) for e in train],
        "image": [e.image for e in train],
        "solution": [e.answer for e in train],
        "key_steps": [e.key_steps for e in train],
    })
    args = GRPOConfig(
        output_dir=str(run_dir), max_steps=settings.grpo_steps, seed=seed,
        per_device_train_batch_size=settings.prompts_per_step * settings.num_generations,
        num_generations=settings.num_generations, learning_rate=settings.learning_rate,
        lr_scheduler_type="constant", beta=settings.beta, loss_type="grpo",
        temperature=settings.temperature, max_completion_length=settings.task.max_new_tokens,
        generation_kwargs={"suppress_tokens": vision_token_ids(processor)},
        logging_steps=max(1, min(10, settings.grpo_steps // 10)), save_strategy="no", report_to=[], disable_tqdm=True,
        use_cpu=settings.device == "cpu", bf16=False, dataloader_num_workers=0,
    )
    curve: list[dict[str, float]] = [{"step": 0, **sft_metrics}]
    evaluator = Evaluator(processor, splits["test"], settings.task)
    trainer = GRPOTrainer(model=model,
                          reward_funcs=cast(Any, _reward_funcs(ALL_ARMS[arm], settings.alpha, settings.task.layout)),
                          args=args, train_dataset=dataset, processing_class=processor,
                          callbacks=[_curve_callback(evaluator, settings.eval_every, curve)])
    from transformers.trainer_callback import PrinterCallback

    trainer.remove_callback(PrinterCallback)  # the curve is logged; TRL's raw dicts are noise here
    start = time.perf_counter()
    trainer.train()
    log = [r for r in trainer.state.log_history if "reward" in r]
    result = {"settings": key, "seconds": round(time.perf_counter() - start, 1),
              "final": {k: v for k, v in curve[-1].items() if k != "step"}, "curve": curve,
              "train_log": [{k: r[k] for k in TRAIN_LOG_KEYS if k in r} for r in log]}
    run_dir.mkdir(parents=True, exist_ok=True)
    trainer.save_model(str(run_dir / "model"))
    processor.save_pretrained(run_dir / "model")
    result_file.write_text(json.dumps(result, indent=1))
    return result


# --------------------------------------------------------------------------- statistics

def paired_difference(diffs: Sequence[float], *, resamples: int = 10_000,
                      seed: int = 0) -> tuple[float, float, float]:
    """Mean of per-seed paired differences and its percentile-bootstrap 95% interval.

    With few seeds the interval is coarse (it cannot be wider than the extreme seeds),
    which is one more reason to read it together with the per-seed values.

    >>> paired_difference([0.1, 0.1, 0.1])
    (0.1, 0.1, 0.1)
    """
    if not diffs:
        return (math.nan, math.nan, math.nan)
    rng = random.Random(seed)
    n = len(diffs)
    means = sorted(sum(rng.choices(diffs, k=n)) / n for _ in range(resamples))
    mean = sum(diffs) / n
    return (round(mean, 6), round(means[int(0.025 * resamples)], 6),
            round(means[min(resamples - 1, int(0.975 * resamples))], 6))


def _paired(results: dict[tuple[str, int], dict[str, Any]], seeds: Sequence[int], arm: str,
            metric: str) -> dict[str, Any]:
    """*arm* minus ``outcome`` in final *metric*, per seed, with its bootstrap interval."""
    per_seed = {str(s): round(results[(arm, s)]["final"][metric] - results[("outcome", s)]["final"][metric], 6)
                for s in seeds}
    mean, low, high = paired_difference(list(per_seed.values()))
    return {"metric": metric, "arm": arm, "baseline": "outcome", "per_seed": per_seed, "mean": mean,
            "low": low, "high": high, "wins": sum(d > 0 for d in per_seed.values())}


def _mean_over(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def summarize(report: dict[str, Any]) -> str:
    """The Markdown table: final metrics per arm (mean over seeds), then the paired difference."""
    arms = report["arms"]
    shown = ("answer_accuracy", "answer_accuracy_sampled", "key_step_ratio_sampled",
             "read_accuracy_sampled", "validity_rate_sampled", "tied_groups_outcome")
    lines = ["| arm | " + " | ".join(shown) + " |", "|---|" + "---|" * len(shown)]
    lines.append("| SFT (start) | " + " | ".join(f"{report['sft'][m]:.3f}" for m in shown) + " |")
    for arm, data in arms.items():
        finals = [s["final"] for s in data["seeds"].values()]
        lines.append(f"| {arm} | " + " | ".join(f"{_mean_over([f[m] for f in finals]):.3f}" for m in shown) + " |")
    lines += ["", "Final sampled answer accuracy per seed:", "",
              "| arm | " + " | ".join(f"seed {s}" for s in next(iter(arms.values()))["seeds"]) + " |",
              "|---|" + "---|" * len(next(iter(arms.values()))["seeds"])]
    for arm, data in arms.items():
        lines.append(f"| {arm} | " + " | ".join(f"{v['final']['answer_accuracy_sampled']:.3f}"
                                                for v in data["seeds"].values()) + " |")
    for diff in report.get("paired_differences", {}).values():
        per_seed = ", ".join(f"seed {s}: {d:+.3f}" for s, d in diff["per_seed"].items())
        lines += ["", f"Paired difference, {diff['metric']}, {diff['arm']} minus {diff['baseline']}: "
                  f"mean {diff['mean']:+.3f}, bootstrap 95% interval [{diff['low']:+.3f}, {diff['high']:+.3f}] "
                  f"over {len(diff['per_seed'])} seeds ({per_seed}); {diff['arm']} ahead on "
                  f"{diff['wins']} of {len(diff['per_seed'])} seeds."]
    lines.append(f"\n{report.get('seconds', 0):.0f} s in all.")
    return "\n".join(lines)


def plot(report: dict[str, Any], out_png: Path) -> Path | None:
    """Learning curves: mean over seeds per arm, a min-max band, one panel per metric."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        logger.warning("matplotlib is not installed (pip install matplotlib): no plot")
        return None
    panels = ("answer_accuracy_sampled", "answer_accuracy", "key_step_ratio_sampled",
              "read_accuracy_sampled", "validity_rate_sampled", "tied_groups_outcome")
    fig, axes = plt.subplots(2, 3, figsize=(14, 7.5))
    for ax, metric in zip(axes.flat, panels, strict=True):
        for arm, data in report["arms"].items():
            curves = [s["curve"] for s in data["seeds"].values()]
            steps = [p["step"] for p in curves[0]]
            rows = [[c[i][metric] for c in curves] for i in range(len(steps))]
            mean = [_mean_over(r) for r in rows]
            ax.plot(steps, mean, marker="o", ms=3, label=arm)
            ax.fill_between(steps, [min(r) for r in rows], [max(r) for r in rows], alpha=0.15)
        ax.set_title(metric.replace("_", " "))
        ax.set_xlabel("GRPO step")
        ax.grid(alpha=0.3)
    axes.flat[0].legend(fontsize=8)
    n = len(next(iter(report["arms"].values()))["seeds"])
    fig.suptitle(f"Reward ablation on the held-out split: mean of {n} seed(s), band = min..max over seeds")
    fig.tight_layout()
    fig.savefig(out_png, dpi=110)
    plt.close(fig)
    return out_png


# --------------------------------------------------------------------------- driver

def run_ablation(out: str | os.PathLike[str], settings: AblationSettings, *, workers: int = 2,
                 preset: str = "custom") -> dict[str, Any]:
    """Run every SFT and GRPO job (reusing finished ones) and write the report files."""
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    unknown = [a for a in settings.arms if a not in ALL_ARMS]
    if unknown:
        raise ValueError(f"unknown arms {unknown}; choose from {', '.join(ALL_ARMS)}")
    start = time.perf_counter()
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_log_to_stderr) as pool:
        sft = {seed: f.result() for seed, f in
               [(seed, pool.submit(sft_job, str(out_dir), settings, seed)) for seed in settings.seeds]}
        for seed, r in sft.items():
            logger.info("seed %d: SFT stopped after %d steps (%s), test: %s", seed, r["steps"],
                        "target reached" if r["reached_target"] else "target NOT reached",
                        {k: round(v, 3) for k, v in r["metrics"].items()})
        futures = {(arm, seed): pool.submit(grpo_job, str(out_dir), settings, seed, arm,
                                            sft[seed]["metrics"])
                   for seed in settings.seeds for arm in settings.arms}
        results = {k: f.result() for k, f in futures.items()}
    report: dict[str, Any] = {
        "preset": preset,
        "settings": asdict(settings),
        "sft": {m: _mean_over([sft[s]["metrics"][m] for s in settings.seeds]) for m in METRICS},
        "sft_seeds": {str(s): {"steps": sft[s]["steps"], "reached_target": sft[s]["reached_target"],
                               "seconds": sft[s]["seconds"], **sft[s]["metrics"]} for s in settings.seeds},
        "arms": {arm: {"seeds": {str(seed): {k: results[(arm, seed)][k]
                                             for k in ("final", "curve", "train_log", "seconds")}
                                 for seed in settings.seeds}}
                 for arm in settings.arms},
    }
    if "outcome" in settings.arms:
        report["paired_differences"] = {
            arm: _paired(results, settings.seeds, arm, "answer_accuracy_sampled")
            for arm in settings.arms if arm != "outcome"}
        if "step_rar+step_rvr" in settings.arms:
            report["paired_difference"] = report["paired_differences"]["step_rar+step_rvr"]
    report["seconds"] = round(time.perf_counter() - start, 1)
    (out_dir / "ablation.json").write_text(json.dumps(report, indent=1))
    table = summarize(report)
    (out_dir / "ablation.md").write_text(table + "\n")
    plot(report, out_dir / "ablation.png")
    print(table)
    print(f"\n{report['seconds']:.0f} s; wrote {out_dir / 'ablation.json'}, ablation.md, ablation.png")
    return report


def main(argv: Sequence[str] | None = None) -> int:
    arm_lines = "\n".join(f"  {arm:<26} {' + '.join(funcs)}" + ("" if arm in ARMS else "  (only when named)")
                          for arm, funcs in ALL_ARMS.items())
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"arms (--arms, by the rewards they train on; default: the paper's four, "
               f"{' '.join(ARMS)}):\n{arm_lines}\n\n"
               "example: --arms outcome step_rar+step_rvr step_rar+step_rvr_graded")
    parser.add_argument("--out", default="runs/ablation", help="output folder (default runs/ablation)")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="default")
    parser.add_argument("--quick", action="store_true", help="same as --preset quick")
    parser.add_argument("--seeds", type=int, nargs="+", help="seeds (default: the preset's)")
    parser.add_argument("--arms", nargs="+", choices=list(ALL_ARMS), metavar="ARM",
                        help="arms to run, any of: " + ", ".join(ALL_ARMS) + " (default: the paper's "
                             "four, " + ", ".join(ARMS) + "; the rest run only when named here)")
    parser.add_argument("--layout", choices=("mulberry", "r1"), default="mulberry",
                        help="layout of the task's traces and of the rules that score them: mulberry "
                             "(### sections, the paper's; default) or r1 (<think> reasoning, then <answer>)")
    parser.add_argument("--grpo_steps", type=int, help="GRPO steps per arm (default: the preset's)")
    parser.add_argument("--workers", type=int, default=2, help="parallel jobs, one thread each (default 2)")
    tuning = parser.add_argument_group(
        "one setting changed from the preset (for sweeps; the same in every arm; docs/results.md's "
        "sweep of the main job used these)")
    for name, kind in (("learning_rate", float), ("temperature", float), ("beta", float),
                       ("prompts_per_step", int), ("num_generations", int), ("eval_every", int)):
        tuning.add_argument(f"--{name}", type=kind, help=f"GRPO {name} (default: the preset's)")
    for name, kind in (("n_train", int), ("sft_target", float)):
        tuning.add_argument(f"--{name}", type=kind, help=f"task {name} (default: the preset's)")
    args = parser.parse_args(argv)
    preset = "quick" if args.quick else args.preset
    settings = PRESETS[preset]
    if args.seeds:
        settings = replace(settings, seeds=tuple(args.seeds))
    if args.arms:
        settings = replace(settings, arms=tuple(args.arms))
    if args.grpo_steps:
        settings = replace(settings, grpo_steps=args.grpo_steps)
    grpo = {k: getattr(args, k) for k in ("learning_rate", "temperature", "beta", "prompts_per_step",
                                          "num_generations", "eval_every") if getattr(args, k) is not None}
    task = {k: getattr(args, k) for k in ("n_train", "sft_target") if getattr(args, k) is not None}
    settings = replace(settings, task=replace(settings.task, **task), **grpo)
    if args.layout != settings.task.layout:
        settings = replace(settings, task=replace(settings.task, layout=args.layout))
    if settings.device == "cuda":
        import torch

        if not torch.cuda.is_available():
            parser.error("--preset gpu needs CUDA")
        args.workers = 1
    _log_to_stderr()
    run_ablation(args.out, settings, workers=args.workers, preset=preset)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
