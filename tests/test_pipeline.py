"""The example pipeline: presets, the training script's helpers, resume, the one-command
run (``run_pipeline.py --quick``) and the GPU benchmark's CPU smoke test."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CONFIGS = EXAMPLES / "configs"

pytest.importorskip("trl")

import torch  # noqa: E402
from stepgrpo_trl.demo import train as train_stepgrpo  # noqa: E402
from stepgrpo_trl.demo.evaluate import compare_reports, load_log_history, summarize_scores  # noqa: E402


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "plugins"), env.get("PYTHONPATH", "")])
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    return env


# -- presets and helpers (fast) -------------------------------------------------------------------

def _parse(config: Path, tmp_path: Path, *extra: str):
    parser = train_stepgrpo.make_parser()
    return parser.parse_args_and_config(["--config", str(config), "--output_dir", str(tmp_path),
                                         "--use_cpu", "true", *extra])


@pytest.mark.parametrize("name", ["stepgrpo_2b.yaml", "stepgrpo_7b.yaml"])
def test_paper_presets(name, tmp_path):
    script, grpo, model = _parse(CONFIGS / name, tmp_path)
    assert grpo.num_generations == 4
    assert grpo.max_completion_length == 1024
    assert grpo.temperature == pytest.approx(1.2)
    assert grpo.beta == pytest.approx(0.04)
    assert grpo.loss_type == "grpo"
    assert grpo.per_device_train_batch_size == 4 and grpo.gradient_accumulation_steps == 4
    assert grpo.bf16 is True and grpo.gradient_checkpointing is True
    assert grpo.learning_rate == pytest.approx(1e-6)
    assert script.max_pixels == 400_000
    assert script.reward_funcs == ["step_rar", "step_rvr"] and script.alpha == pytest.approx(0.1)
    assert model.attn_implementation == "flash_attention_2"
    assert grpo.generation_batch_size % grpo.num_generations == 0


def test_tiny_preset_and_cli_override(tmp_path):
    script, grpo, model = _parse(CONFIGS / "tiny_cpu.yaml", tmp_path, "--max_steps", "7",
                                 "--reward_funcs", "accuracy")
    assert model.model_name_or_path == "tiny"
    assert grpo.bf16 is False and grpo.max_steps == 7
    assert script.reward_funcs == ["accuracy"]


def test_reward_funcs_and_outcome_baseline():
    funcs = train_stepgrpo.make_reward_funcs(["step_rar", "step_rvr", "accuracy"])
    assert [f.__name__ for f in funcs] == ["step_rar", "step_rvr", "accuracy"]
    with pytest.raises(ValueError, match="unknown reward"):
        train_stepgrpo.make_reward_funcs(["format"])
    reward = train_stepgrpo.outcome_accuracy_reward
    sol = "### Step 1:\n2 + 2 = 4\n\n### The final answer is: 4"
    got = reward([[{"role": "assistant", "content": "### The final answer is: 4"}], "no answer",
                  "### The final answer is: 5", "x"],
                 solution=[sol, sol, sol, None], trainer_state=None, log_extra=None)
    assert got == [1.0, 0.0, 0.0, None]


def test_resolve_checkpoint(tmp_path):
    assert train_stepgrpo.resolve_checkpoint(None, str(tmp_path)) is None
    assert train_stepgrpo.resolve_checkpoint("false", str(tmp_path)) is None
    with pytest.raises(ValueError, match="no checkpoint"):
        train_stepgrpo.resolve_checkpoint("last", str(tmp_path))
    for step in (2, 10):
        (tmp_path / f"checkpoint-{step}").mkdir()
    assert train_stepgrpo.resolve_checkpoint("last", str(tmp_path)).endswith("checkpoint-10")


def test_compare_and_summaries():
    from stepgrpo_rewards import score_trace

    good = ("### Image Description:\nTwo bars.\n\n### Rationales:\nAdd.\n\n"
            "### Let's think step by step.\n\n### Step 1:\n2 + 3 = 5\n\n### The final answer is: 5")
    scores = [score_trace(good, "### The final answer is: 5", [["2 + 3 = 5"]]),
              score_trace("nonsense", "### The final answer is: 5", [["2 + 3 = 5"]])]
    m = summarize_scores(scores, kinds=["a", "b"], lengths=[10, 64], max_new_tokens=64)
    assert m["answer_accuracy"] == 0.5 and m["validity_rate"] == 0.5
    assert m["key_step_ratio"] == 0.5 and m["truncated_rate"] == 0.5
    assert m["by_kind"]["a"]["answer_accuracy"] == 1.0
    table = compare_reports({"metrics": m}, {"metrics": dict(m, validity_rate=1.0)})
    assert table["validity_rate"]["change"] == pytest.approx(0.5)


def test_load_log_history_from_jsonl(tmp_path):
    (tmp_path / "metrics.jsonl").write_text('{"step": 1, "reward": 0.5}\n{"step": 2, "reward": 1.0}\n')
    assert [r["reward"] for r in load_log_history(tmp_path)] == [0.5, 1.0]
    with pytest.raises(FileNotFoundError):
        load_log_history(tmp_path / "missing")


# -- training: checkpoint and resume (tiny, in-process) ---------------------------------------------

@pytest.mark.slow
def test_train_save_and_resume(tmp_path):
    base = ["--config", str(CONFIGS / "tiny_cpu.yaml"), "--output_dir", str(tmp_path / "run"),
            "--data_dir", str(tmp_path / "data"), "--synthetic_size", "8", "--torch_threads", "1",
            "--max_completion_length", "16", "--save_steps", "2", "--disable_tqdm", "true"]
    first = train_stepgrpo.main([*base, "--max_steps", "2"])
    assert first["global_step"] == 2 and first["resumed_from"] is None
    assert (tmp_path / "run" / "checkpoint-2" / "optimizer.pt").is_file()
    second = train_stepgrpo.main([*base, "--max_steps", "3", "--resume_from_checkpoint", "last"])
    assert second["global_step"] == 3
    assert second["resumed_from"].endswith("checkpoint-2")
    history = load_log_history(tmp_path / "run")
    assert any("rewards/step_rar/mean" in r for r in history)
    assert any("stepgrpo/valid_rate" in r for r in history)


def test_resume_restores_the_checkpoint_weights(tmp_path):
    """Resuming goes on from the checkpoint's weights, not from the initial ones: Qwen2-VL
    checkpoints keep the legacy key names (``model.layers.*``, ``visual.*``), which
    transformers' own resume path loads without renaming, so nothing but ``lm_head`` was
    restored before."""
    from safetensors.torch import load_file, save_file

    base = ["--config", str(CONFIGS / "tiny_cpu.yaml"), "--output_dir", str(tmp_path / "run"),
            "--data_dir", str(tmp_path / "data"), "--synthetic_size", "8", "--torch_threads", "1",
            "--max_completion_length", "8", "--save_steps", "1", "--disable_tqdm", "true"]
    train_stepgrpo.main([*base, "--max_steps", "1"])
    weights_file = tmp_path / "run" / "checkpoint-1" / "model.safetensors"
    weights = load_file(str(weights_file))
    # one tensor of the language model and one of the vision tower, set to a value no
    # initialisation gives (a step of training moves them by about the learning rate)
    marked = [name for name in weights if name.endswith("mlp.down_proj.weight")][:1]
    marked += [name for name in weights if "visual" in name and name.endswith("fc1.weight")][:1]
    assert len(marked) == 2, sorted(weights)[:20]
    for name in marked:
        weights[name] = torch.full_like(weights[name], 0.5)
    save_file(weights, str(weights_file), metadata={"format": "pt"})
    resumed = train_stepgrpo.main([*base, "--max_steps", "2", "--resume_from_checkpoint", "last"])
    assert resumed["global_step"] == 2
    final = load_file(str(tmp_path / "run" / "model.safetensors"))
    for name in marked:
        assert abs(final[name].float().mean().item() - 0.5) < 0.05, (name, final[name].float().mean().item())


# -- the one-command pipeline ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("pipeline")
    proc = subprocess.run(
        [sys.executable, str(EXAMPLES / "run_pipeline.py"), "--quick", "--out", str(out)],
        capture_output=True, text=True, timeout=900, env=_env(), cwd=str(ROOT),
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    return out, json.loads((out / "report.json").read_text()), proc.stdout


@pytest.mark.slow
def test_pipeline_files(quick_run):
    out, report, stdout = quick_run
    for rel in ("report.json", "report.md", "ablation.json", "data/train.jsonl", "data/test.jsonl",
                "seed0/sft.json", "seed0/sft/config.json", "seed0/step_rar_and_step_rvr/result.json",
                "seed0/step_rar_and_step_rvr/model/config.json", "seed0/outcome/result.json"):
        assert (out / rel).is_file(), rel
    assert "StepGRPO pipeline report" in stdout
    pytest.importorskip("matplotlib")
    for png in ("plots/grpo_training.png", "plots/evaluation.png", "ablation.png"):
        data = (out / png).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", png


@pytest.mark.slow
def test_pipeline_metrics_in_range(quick_run):
    _, report, _ = quick_run
    upper = {"reward": 2.1, "completion_chars": 10_000}
    for stage in ("sft", "sft_sampled", "grpo", "grpo_sampled", "outcome", "outcome_sampled"):
        metrics = report["eval"][stage]
        assert set(metrics) >= {"answer_accuracy", "key_step_ratio", "validity_rate"}, stage
        for key, value in metrics.items():
            assert value is not None and math.isfinite(value), (stage, key)
            assert 0.0 <= value <= upper.get(key, 1.0), (stage, key, value)
    for name, before, after in (("before_after", "sft", "grpo"), ("before_after_sampled", "sft_sampled", "grpo_sampled")):
        for key, row in report[name].items():
            assert row["before"] == report["eval"][before][key]
            assert row["after"] == report["eval"][after][key]
            assert row["change"] == pytest.approx(row["after"] - row["before"], abs=1e-6)
    # the keys the README's main job is judged by
    assert {"first_quarter_mean", "last_quarter_mean"} <= set(report["grpo_training"]["reward"])
    assert {"before", "after"} <= set(report["before_after_sampled"]["reward"])
    assert "rewards/step_rar/mean" in report["grpo_training"]
    assert "rewards/outcome/mean" in report["outcome_training"]
    curve = json.loads((Path(report["paths"]["out"]) / "ablation.json").read_text())
    steps = [p["step"] for p in curve["arms"]["outcome"]["seeds"]["0"]["curve"]]
    assert steps[0] == 0 and steps[-1] == report["settings"]["grpo_steps"]


@pytest.mark.slow
def test_pipeline_checkpoint_reloads(quick_run):
    _, report, _ = quick_run
    from stepgrpo_trl.demo.tiny_model import load_model, load_processor

    assert report["reload"]["ok"]
    model = load_model(report["paths"]["grpo"])
    assert sum(p.numel() for p in model.parameters()) == report["reload"]["parameters"]
    assert load_processor(report["paths"]["grpo"]).image_processor is not None


# -- the GPU benchmark ---------------------------------------------------------------------------------------

def _run_gpu_step(*args: str, timeout: int = 300) -> dict:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "gpu_step.py"), *args],
                          capture_output=True, text=True, timeout=timeout, env=_env(), cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_gpu_step_tiny_on_cpu(tmp_path):
    out = tmp_path / "gpu_step.json"
    report = _run_gpu_step("--tiny", "--out", str(out))
    assert json.loads(out.read_text()) == report
    assert set(report["runs"]) == {"stepgrpo", "outcome"}
    for run in report["runs"].values():
        assert run["step_s"] > 0 and run["generation_s"] > 0 and run["model_compute_s"] > 0
        assert all(run["instrumented"].values()), run["instrumented"]
        assert 0 <= run["share_pct"]["reward_funcs"] < 100
    assert report["runs"]["stepgrpo"]["reward_funcs"] == ["step_rar", "step_rvr"]
    assert "rewards/step_rar/mean" in report["runs"]["stepgrpo"]["last_log"]
    assert report["targets"]["applies"] is False
    assert report["reward_microbench"]["ms_per_completion"] > 0


def test_gpu_step_without_cuda_skips_cleanly():
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("a GPU is present")
    report = _run_gpu_step(timeout=120)
    assert report["skipped"] is True and "CUDA" in report["reason"]


def test_sft_dataset_from_mulberry_records(tmp_path):
    from PIL import Image
    from stepgrpo_trl.demo import sft as sft_warmup

    Image.new("RGB", (64, 64), "white").save(tmp_path / "a.png")
    solution = ("### Image Description:\nA white square.\n\n### Rationales:\nLook.\n\n"
                "### Let's think step by step.\n\n### Step 1:\nIt is white.\n\n"
                "### The final answer is: white")
    records = [
        {"images": ["a.png"], "messages": [{"role": "user", "content": "<image>What colour?"},
                                           {"role": "assistant", "content": solution}]},
        {"images": ["a.png"], "messages": [{"role": "user", "content": "<image>No answer here"}]},
    ]
    path = tmp_path / "mulberry.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    args = sft_warmup.SFTScriptArguments(dataset_name=str(path))
    dataset = sft_warmup.build_sft_dataset(args, output_dir=str(tmp_path / "out"))
    assert len(dataset) == 1  # the record without a solution is dropped
    row = dataset[0]
    assert set(dataset.column_names) == {"prompt", "completion", "image"}
    assert row["completion"][0]["role"] == "assistant"
    assert row["completion"][0]["content"][0]["text"] == solution
    assert row["prompt"][-1]["content"][-1]["text"] == "What colour?"


def test_grpo_dataset_from_r1vl_records(tmp_path):
    from PIL import Image

    Image.new("RGB", (64, 64), "white").save(tmp_path / "b.png")
    record = {"image_path": "b.png", "problem": "2 + 3?", "solution": "### The final answer is: 5",
              "key_steps": {"Steps": [["2 + 3 = 5", "2+3=5"], ["five"]]}}
    path = tmp_path / "r1vl.json"
    path.write_text(json.dumps([record]))
    args = train_stepgrpo.StepGRPOScriptArguments(dataset_name=str(path))
    dataset = train_stepgrpo.load_train_dataset(args, output_dir=str(tmp_path / "out"))
    assert dataset[0]["key_steps"] == [["2 + 3 = 5", "2+3=5"], ["five"]]
    assert dataset[0]["prompt"][-1]["content"][0]["type"] == "image"
