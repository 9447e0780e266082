"""Evaluate a vision-language model on a held-out split with the StepGRPO scorer, and plot
the reward curves of a training run.

Generation uses the same prompt StepGRPO trains on (``stepgrpo_trl.build_grpo_dataset``);
every completion is scored with `stepgrpo_rewards.score_batch`. The report holds:

``answer_accuracy``      share of completions whose final answer matches the gold one
``validity_rate``        share that are complete and in order (StepRVR = 1)
``key_step_ratio``       mean share of key steps matched (over rows with key steps)
``step_rar`` / ``step_rvr`` / ``reward``   mean StepRAR, StepRVR and their sum
plus the mean completion length, the share cut at ``--max_new_tokens``, the accuracy by
problem kind and the most frequent trace problems. ``--compare BEFORE.json`` adds the
change against an earlier report (before vs after training).

Examples::

    # held-out synthetic split (seed 1 is not the training seed 0), greedy decoding
    python examples/eval_stepgrpo.py --model runs/pipeline/sft --synthetic 64 --output before.json
    python examples/eval_stepgrpo.py --model runs/pipeline/grpo --synthetic 64 \\
        --output after.json --compare before.json

    # reward curves of a run (trainer_state.json or metrics.jsonl), no model needed
    python examples/eval_stepgrpo.py --plot runs/pipeline/grpo --plot_out curves.png
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

__all__ = [
    "METRICS",
    "compare_reports",
    "evaluate_model",
    "group_ties",
    "load_log_history",
    "main",
    "plot_reward_curves",
    "summarize_scores",
]

logger = logging.getLogger("eval_stepgrpo")

#: The headline metrics, in report order (all in [0, 1] except ``step_rar`` <= 1 + alpha,
#: ``reward`` <= 2 + alpha).
METRICS = ("answer_accuracy", "validity_rate", "key_step_ratio", "step_rar", "step_rvr", "reward")

#: Curves drawn by `plot_reward_curves`, when the log has them: (key, label).
CURVES = (
    ("reward", "total reward"),
    ("rewards/step_rar/mean", "StepRAR"),
    ("rewards/step_rvr/mean", "StepRVR"),
    ("rewards/accuracy/mean", "outcome accuracy reward"),
    ("stepgrpo/accuracy", "answer accuracy"),
    ("stepgrpo/valid_rate", "validity rate"),
    ("stepgrpo/key_step_ratio", "key-step ratio"),
    ("frac_reward_zero_std", "groups with tied rewards"),
)


# -- scoring ------------------------------------------------------------------------------------

def _mean(values: Iterable[float]) -> float | None:
    values = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return sum(values) / len(values) if values else None


def _kind(row_id: Any, fallback: Any = None) -> str:
    if isinstance(fallback, str) and fallback:
        return fallback
    if isinstance(row_id, str) and "-" in row_id:
        return row_id.rsplit("-", 1)[0]
    return "all"


def summarize_scores(scores: Sequence[Any], *, kinds: Sequence[str] | None = None,
                     lengths: Sequence[int] | None = None, max_new_tokens: int | None = None) -> dict[str, Any]:
    """Aggregate `stepgrpo_rewards.TraceScore` s into the report's metrics dict.

    >>> from stepgrpo_rewards import score_trace
    >>> s = summarize_scores([score_trace("### The final answer is: 3", "3")])
    >>> s["answer_accuracy"], s["validity_rate"]
    (1.0, 0.0)
    """
    n = len(scores)
    with_gold = [s for s in scores if s.gold_answer is not None]
    with_keys = [s for s in scores if s.key_steps_total > 0]
    out: dict[str, Any] = {
        "n": n,
        "answer_accuracy": _mean(float(s.answer_correct) for s in with_gold) if with_gold else None,
        "validity_rate": _mean(float(s.valid) for s in scores) if n else None,
        "key_step_ratio": _mean(float(s.key_step_ratio) for s in with_keys) if with_keys else None,
        "step_rar": _mean(float(s.accuracy) for s in scores) if n else None,
        "step_rvr": _mean(float(s.validity) for s in scores) if n else None,
        "reward": _mean(float(s.total) for s in scores) if n else None,
        "complete_rate": _mean(float(s.complete) for s in scores) if n else None,
        "has_answer_rate": _mean(float(s.predicted_answer is not None) for s in scores) if n else None,
    }
    if lengths is not None and n:
        out["mean_completion_tokens"] = _mean(float(x) for x in lengths)
        if max_new_tokens:
            out["truncated_rate"] = _mean(float(x >= max_new_tokens) for x in lengths)
    if kinds is not None:
        by_kind: dict[str, list[Any]] = defaultdict(list)
        for kind, s in zip(kinds, scores, strict=True):
            by_kind[kind].append(s)
        out["by_kind"] = {
            k: {"n": len(v),
                "answer_accuracy": _mean(float(s.answer_correct) for s in v),
                "validity_rate": _mean(float(s.valid) for s in v),
                "key_step_ratio": _mean(float(s.key_step_ratio) for s in v if s.key_steps_total)}
            for k, v in sorted(by_kind.items())
        }
    from stepgrpo_rewards import problem_kind

    problems = Counter(problem_kind(p) for s in scores for p in set(s.problems))
    out["problems"] = dict(problems.most_common(8))
    return out


def group_ties(scores: Sequence[Any], group_size: int) -> dict[str, float]:
    """Share of groups (consecutive runs of *group_size* scores) whose rewards all tie, under
    StepGRPO's reward (StepRAR + StepRVR) and under an outcome-only reward (answer correct).

    A tied group has zero advantage in GRPO: the denser the reward, the fewer ties.

    >>> from stepgrpo_rewards import score_trace
    >>> s = [score_trace("### The final answer is: 1", "2"), score_trace("x", "2")]
    >>> group_ties(s, 2)
    {'tied_groups_stepgrpo': 1.0, 'tied_groups_outcome': 1.0}
    """
    groups = [scores[i: i + group_size] for i in range(0, len(scores) - group_size + 1, group_size)]
    if not groups:
        return {}

    def tied(values: Sequence[float]) -> bool:
        return max(values) - min(values) < 1e-9

    return {
        "tied_groups_stepgrpo": sum(tied([float(x.total) for x in g]) for g in groups) / len(groups),
        "tied_groups_outcome": sum(tied([float(x.answer_correct) for x in g]) for g in groups) / len(groups),
    }


# -- generation -----------------------------------------------------------------------------------

def _held_out_records(n: int, *, seed: int, image_size: int, out_dir: Path, layout: str = "mulberry") -> Path:
    from stepgrpo_trl.demo.train import synthetic_records

    return synthetic_records(out_dir, n, seed=seed, split="test", image_size=image_size,
                             layout="r1" if layout == "r1" else "mulberry")


def _pick_device(device: str) -> str:
    import torch

    if device != "auto":
        return device
    return "cuda" if torch.cuda.is_available() else "cpu"


def evaluate_model(
    model_path: str | Path,
    records: str | Path,
    *,
    max_new_tokens: int = 512,
    batch_size: int = 8,
    max_samples: int | None = None,
    do_sample: bool = False,
    temperature: float = 1.0,
    samples_per_problem: int = 1,
    min_pixels: int = 3136,
    max_pixels: int = 400_000,
    instruction: bool = False,
    device: str = "auto",
    dtype: str = "auto",
    seed: int = 0,
    keep_outputs: int = 8,
    layout: str = "mulberry",
) -> dict[str, Any]:
    """Generate on *records* (JSON/JSONL, folder or hub name) with *model_path*, score, report.

    Decoding is greedy unless *do_sample*; with sampling, *samples_per_problem* completions
    are drawn per problem and all are scored (the expected reward of the sampling policy,
    which is what GRPO optimises). *layout* (``RewardConfig.layout``) picks the rules that
    score the completions, and with *instruction* the format asked for. Returns ``{"model", "data", "settings",
    "metrics", "samples"}``; *samples* holds the first *keep_outputs* completions.
    """
    import torch

    from stepgrpo_rewards import RewardConfig

    start = time.perf_counter()
    device = _pick_device(device)
    torch_dtype = _torch_dtype(dtype, device)
    config = RewardConfig(layout=layout)  # type: ignore[arg-type]
    dataset = _eval_dataset(records, instruction=instruction, layout=layout, max_samples=max_samples)
    model, processor = _load_for_generation(model_path, device=device, torch_dtype=torch_dtype,
                                            min_pixels=min_pixels, max_pixels=max_pixels)
    k = max(1, int(samples_per_problem)) if do_sample else 1
    gen_kwargs = _generation_kwargs(processor, max_new_tokens=max_new_tokens, do_sample=do_sample,
                                    temperature=temperature, k=k)
    torch.manual_seed(seed)
    completions, lengths = _generate(model, processor, dataset, gen_kwargs, device=device,
                                     batch_size=batch_size)
    metrics, samples = _score_completions(dataset, completions, lengths, k=k, config=config,
                                          max_new_tokens=max_new_tokens, keep_outputs=keep_outputs)
    return {
        "model": str(model_path),
        "data": str(records),
        "settings": {"max_new_tokens": max_new_tokens, "do_sample": do_sample,
                     "temperature": temperature if do_sample else None,
                     "samples_per_problem": k, "batch_size": batch_size,
                     "device": device, "dtype": str(torch_dtype).replace("torch.", ""),
                     "max_pixels": max_pixels, "instruction": bool(instruction),
                     **({"layout": layout} if layout != "mulberry" else {})},
        "metrics": metrics,
        "seconds": round(time.perf_counter() - start, 2),
        "samples": samples,
    }


def _torch_dtype(dtype: str, device: str) -> Any:
    """The torch dtype named by *dtype*; ``"auto"`` is bfloat16 on CUDA, float32 elsewhere."""
    import torch

    return {"auto": (torch.bfloat16 if device.startswith("cuda") else torch.float32),
            "float32": torch.float32, "bfloat16": torch.bfloat16,
            "float16": torch.float16}[dtype]


def _eval_dataset(records: str | Path, *, instruction: bool, layout: str, max_samples: int | None) -> Any:
    """The GRPO prompts of *records* (the first *max_samples*), with the format instruction of
    *layout* when *instruction* is set."""
    from stepgrpo_trl import load_grpo_dataset

    asked: str | bool | None = instruction or None
    if asked and layout == "r1":
        from stepgrpo_trl.demo.train import R1_INSTRUCTION

        asked = R1_INSTRUCTION
    dataset = load_grpo_dataset(str(records), instruction=asked)
    if max_samples is not None and len(dataset) > max_samples:
        dataset = dataset.select(range(max_samples))
    return dataset


def _load_for_generation(model_path: str | Path, *, device: str, torch_dtype: Any, min_pixels: int,
                         max_pixels: int) -> tuple[Any, Any]:
    """``(model, processor)``: the model on *device* in eval mode, the processor padding on the
    left (as batched generation needs)."""
    import transformers

    from stepgrpo_trl.demo.tiny_model import load_processor

    processor = load_processor(model_path, min_pixels=min_pixels, max_pixels=max_pixels)
    processor.tokenizer.padding_side = "left"
    model = transformers.AutoModelForImageTextToText.from_pretrained(model_path, dtype=torch_dtype)
    cast(Any, model).to(device).eval()  # the stubs type .to() for PreTrainedModel only
    return model, processor


def _generation_kwargs(processor: Any, *, max_new_tokens: int, do_sample: bool, temperature: float,
                       k: int) -> dict[str, Any]:
    """``generate`` arguments: greedy, or sampling *k* sequences per prompt at *temperature*;
    vision marker tokens are never generated."""
    from stepgrpo_trl.demo.tiny_model import vision_token_ids

    tokenizer = processor.tokenizer
    gen_kwargs: dict[str, Any] = dict(
        max_new_tokens=max_new_tokens, do_sample=do_sample,
        suppress_tokens=vision_token_ids(processor) or None,
        pad_token_id=tokenizer.pad_token_id,
    )
    if do_sample:
        gen_kwargs.update(temperature=temperature, top_p=1.0, top_k=0, num_return_sequences=k)
    else:  # silence "temperature is set but do_sample is False" from a sampling generation_config
        gen_kwargs.update(temperature=None, top_p=None, top_k=None)
    return gen_kwargs


def _generate(model: Any, processor: Any, dataset: Any, gen_kwargs: Mapping[str, Any], *, device: str,
              batch_size: int) -> tuple[list[str], list[int]]:
    """``(completions, lengths in tokens)`` for every prompt of *dataset*, in batches; a prompt
    with several return sequences gives them one after another."""
    import torch

    tokenizer = processor.tokenizer
    image_column = "image" if "image" in dataset.column_names else "images"
    completions: list[str] = []
    lengths: list[int] = []
    eos_ids = {tokenizer.eos_token_id, tokenizer.pad_token_id}
    for lo in range(0, len(dataset), batch_size):
        batch = dataset[lo: lo + batch_size]
        texts = [processor.apply_chat_template(p, add_generation_prompt=True, tokenize=False)
                 for p in batch["prompt"]]
        images = [[im] if image_column == "image" else list(im) for im in batch[image_column]]
        images = [[im.convert("RGB") for im in ims] for ims in images]
        inputs = processor(text=texts, images=images, return_tensors="pt", padding=True)
        inputs = inputs.to(device)
        with torch.no_grad():
            out = model.generate(**inputs, **gen_kwargs)
        new = out[:, inputs["input_ids"].shape[1]:]  # k rows per prompt, in prompt order
        for row in new.tolist():
            n_tok = next((i + 1 for i, t in enumerate(row) if t in eos_ids), len(row))
            lengths.append(n_tok)
        completions.extend(tokenizer.batch_decode(new, skip_special_tokens=True))
    return completions, lengths


def _score_completions(dataset: Any, completions: list[str], lengths: list[int], *, k: int, config: Any,
                       max_new_tokens: int, keep_outputs: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``(metrics, samples)``: every completion scored against its row (*k* per row), the
    summary metrics, and the first *keep_outputs* completions with their verdicts."""
    from stepgrpo_rewards import score_batch

    def rep(column: Sequence[Any]) -> list[Any]:
        return [value for value in column for _ in range(k)]

    scores = score_batch(completions, rep(dataset["solution"]), rep(dataset["key_steps"]),
                         questions=rep(dataset["problem"]), config=config)
    ids = rep(dataset["id"] if "id" in dataset.column_names else [None] * len(dataset))
    kinds = [_kind(i) for i in ids]
    metrics = summarize_scores(scores, kinds=kinds, lengths=lengths, max_new_tokens=max_new_tokens)
    samples = [
        {"id": ids[i], "completion": completions[i], "gold": scores[i].gold_answer,
         "predicted": scores[i].predicted_answer, "correct": scores[i].answer_correct,
         "valid": scores[i].valid, "key_steps": f"{scores[i].key_steps_matched}/{scores[i].key_steps_total}",
         "problems": list(scores[i].problems)}
        for i in range(min(keep_outputs, len(completions)))
    ]
    metrics["problems_evaluated"] = len(dataset)
    if k > 1:  # GRPO's view: groups of k samples of one prompt; a tied group teaches nothing
        metrics.update(group_ties(scores, k))
    return metrics, samples


# -- before vs after ------------------------------------------------------------------------------

def compare_reports(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{metric: {"before", "after", "change"}}`` for the headline metrics of two reports.

    >>> compare_reports({"metrics": {"validity_rate": 0.25}}, {"metrics": {"validity_rate": 0.5}})["validity_rate"]
    {'before': 0.25, 'after': 0.5, 'change': 0.25}
    """
    b = before.get("metrics", before)
    a = after.get("metrics", after)
    out: dict[str, Any] = {}
    for key in METRICS:
        x, y = b.get(key), a.get(key)
        if x is None and y is None:
            continue
        out[key] = {"before": x, "after": y,
                    "change": None if x is None or y is None else round(y - x, 6)}
    return out


def _fmt(v: Any) -> str:
    return "   n/a" if v is None else f"{v:6.3f}"


def format_comparison(table: Mapping[str, Any]) -> str:
    lines = [f"{'metric':<18}{'before':>8}{'after':>8}{'change':>9}"]
    for key, row in table.items():
        change = row["change"]
        lines.append(f"{key:<18}{_fmt(row['before']):>8}{_fmt(row['after']):>8}"
                     f"{'' if change is None else f'{change:+9.3f}':>9}")
    return "\n".join(lines)


def format_metrics(metrics: Mapping[str, Any]) -> str:
    keys = (*METRICS, "mean_completion_tokens", "truncated_rate")
    return "  ".join(f"{k}={metrics[k]:.3f}" for k in keys if metrics.get(k) is not None)


# -- reward curves --------------------------------------------------------------------------------

def load_log_history(source: str | Path) -> list[dict[str, Any]]:
    """The log records of a run: ``trainer_state.json``'s ``log_history``, or a
    ``metrics.jsonl`` written by the training scripts; *source* may be the run folder
    (the newest ``checkpoint-*/trainer_state.json`` is used when the top one is missing)."""
    path = Path(source)
    if path.is_dir():
        candidates = [path / "trainer_state.json", path / "metrics.jsonl"]
        checkpoints = sorted(path.glob("checkpoint-*/trainer_state.json"),
                             key=lambda p: int(p.parent.name.split("-")[-1]))
        candidates += checkpoints[::-1]
        path = next((c for c in candidates if c.is_file()), path / "trainer_state.json")
    if not path.is_file():
        raise FileNotFoundError(f"no trainer_state.json or metrics.jsonl at {source}")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    state = json.loads(path.read_text())
    return list(state.get("log_history", []))


def _pyplot() -> Any:
    """``matplotlib.pyplot`` on the non-interactive Agg backend, or ``None`` without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def _save_figure(plt: Any, fig: Any, out_png: str | Path) -> Path:
    fig.tight_layout()
    out = Path(out_png)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return out


def plot_reward_curves(sources: Sequence[str | Path], out_png: str | Path, *,
                       labels: Sequence[str] | None = None, title: str | None = None) -> Path | None:
    """Draw the reward curves of one or more runs into *out_png* (one panel per metric
    present). Returns the path, or ``None`` when matplotlib is missing or nothing to draw."""
    plt = _pyplot()
    if plt is None:
        logger.warning("plots need matplotlib: pip install matplotlib")
        return None
    runs = []
    for i, src in enumerate(sources):
        history = [r for r in load_log_history(src) if "step" in r]
        name = labels[i] if labels and i < len(labels) else Path(src).name
        runs.append((name, history))
    panels = [(k, lab) for k, lab in CURVES if any(k in r for _, h in runs for r in h)]
    if any("loss" in r for _, h in runs for r in h):
        panels.append(("loss", "training loss"))
    if not panels:
        return None
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False)
    for ax, (key, label) in zip(axes.flat, panels, strict=False):
        for name, history in runs:
            pts = [(r["step"], float(r[key])) for r in history
                   if key in r and isinstance(r[key], (int, float))]
            if pts:
                xs, ys = zip(*pts, strict=True)
                ax.plot(xs, ys, marker="." if len(xs) < 40 else None, label=name)
        ax.set_title(label, fontsize=10)
        ax.set_xlabel("step", fontsize=8)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(panels):]:
        ax.axis("off")
    if len(runs) > 1:
        axes.flat[0].legend(fontsize=8)
    if title:
        fig.suptitle(title, fontsize=11)
    return _save_figure(plt, fig, out_png)


def plot_comparison(reports: Mapping[str, Mapping[str, Any]], out_png: str | Path) -> Path | None:
    """Bar chart of the headline metrics of several evaluation reports (e.g. base/SFT/StepGRPO)."""
    plt = _pyplot()
    if plt is None:
        return None
    keys = ["answer_accuracy", "validity_rate", "key_step_ratio", "step_rar", "step_rvr"]
    names = list(reports)
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    width = 0.8 / max(1, len(names))
    for j, name in enumerate(names):
        m = reports[name].get("metrics", reports[name])
        vals = [m.get(k) or 0.0 for k in keys]
        ax.bar([i + j * width for i in range(len(keys))], vals, width, label=name)
    ax.set_xticks([i + width * (len(names) - 1) / 2 for i in range(len(keys))])
    ax.set_xticklabels(keys, fontsize=8)
    ax.legend(fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.set_title("held-out evaluation", fontsize=10)
    return _save_figure(plt, fig, out_png)


# -- command line -----------------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", help="model folder or hub id to evaluate")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--data", help="held-out records: JSON/JSONL file, folder or hub dataset name")
    src.add_argument("--synthetic", type=int, metavar="N",
                     help="evaluate on N held-out synthetic problems (seed --synthetic_seed)")
    p.add_argument("--synthetic_seed", type=int, default=1, help="seed of the held-out set (default 1)")
    p.add_argument("--synthetic_dir", default=None, help="where to write it (default next to --output)")
    p.add_argument("--image_size", type=int, default=336, help="synthetic image side (default 336)")
    p.add_argument("--max_samples", type=int, default=None)
    p.add_argument("--max_new_tokens", type=int, default=512)
    p.add_argument("--batch_size", type=int, default=8)
    p.add_argument("--sample", action="store_true", help="sample instead of greedy decoding")
    p.add_argument("--temperature", type=float, default=1.0)
    p.add_argument("--samples", type=int, default=1, help="completions per problem with --sample")
    p.add_argument("--min_pixels", type=int, default=3136)
    p.add_argument("--max_pixels", type=int, default=400_000)
    p.add_argument("--instruction", action="store_true", help="add the format instruction")
    p.add_argument("--layout", choices=("mulberry", "r1", "auto"), default="mulberry",
                   help="rules that score the completions (RewardConfig.layout), and the layout of the "
                        "--synthetic set and of --instruction: mulberry (default), r1 or auto")
    p.add_argument("--device", default="auto")
    p.add_argument("--dtype", default="auto", choices=["auto", "float32", "bfloat16", "float16"])
    p.add_argument("--threads", type=int, default=None, help="torch threads on CPU")
    p.add_argument("--output", "-o", help="write the JSON report here")
    p.add_argument("--compare", metavar="BEFORE_JSON", help="an earlier report to compare with")
    p.add_argument("--plot", nargs="+", metavar="RUN",
                   help="run folders / trainer_state.json / metrics.jsonl to plot")
    p.add_argument("--plot_out", default=None, help="PNG for --plot (default reward_curves.png)")
    return p


def _underscore_flags(argv: Sequence[str]) -> list[str]:
    """``--max-new-tokens 8`` -> ``--max_new_tokens 8``: the examples' flags are spelled with
    underscores, as trl's; the hyphen spelling of earlier versions is still read."""
    out = []
    for arg in argv:
        if arg.startswith("--") and len(arg) > 2:
            flag, eq, value = arg.partition("=")
            arg = "--" + flag[2:].replace("-", "_") + eq + value
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = _parser().parse_args(_underscore_flags(sys.argv[1:] if argv is None else argv))
    if not args.model and not args.plot:
        _parser().error("give --model (evaluate) and/or --plot (reward curves)")
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    report: dict[str, Any] | None = None
    if args.model:
        if args.synthetic is not None:
            base = Path(args.synthetic_dir or (Path(args.output).parent / "heldout" if args.output
                                               else "runs/heldout"))
            records: str | Path = _held_out_records(args.synthetic, seed=args.synthetic_seed,
                                                    image_size=args.image_size, out_dir=base,
                                                    layout=args.layout)
        elif args.data:
            records = args.data
        else:
            _parser().error("give --data or --synthetic N with --model")
        report = evaluate_model(
            args.model, records, max_new_tokens=args.max_new_tokens, batch_size=args.batch_size,
            max_samples=args.max_samples, do_sample=args.sample, temperature=args.temperature,
            samples_per_problem=args.samples,
            min_pixels=args.min_pixels, max_pixels=args.max_pixels, instruction=args.instruction,
            device=args.device, dtype=args.dtype, layout=args.layout,
        )
        print(f"{args.model}: {format_metrics(report['metrics'])}")
        if args.compare:
            before = json.loads(Path(args.compare).read_text())
            report["compare"] = {"before": args.compare, "metrics": compare_reports(before, report)}
            print(format_comparison(report["compare"]["metrics"]))
        if args.output:
            Path(args.output).parent.mkdir(parents=True, exist_ok=True)
            Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
    if args.plot:
        out = args.plot_out or (str(Path(args.output).with_suffix(".png")) if args.output
                                else "reward_curves.png")
        path = plot_reward_curves(args.plot, out)
        print(f"reward curves: {path}" if path else "no curves drawn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
