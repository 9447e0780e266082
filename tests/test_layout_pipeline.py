"""The pipeline and the ablation in the r1 layout: the synthetic set writes it, the training
scripts and the ablation take ``--layout``, and the graded arm is selectable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from stepgrpo_trl.demo.synthetic_data import LAYOUTS, generate_examples, write_dataset
from stepgrpo_trl.demo.synthetic_data import main as synthetic_main

from stepgrpo_rewards import RewardConfig, gold_answer, score_trace

ROOT = Path(__file__).resolve().parents[1]
R1 = RewardConfig(layout="r1")


# -- the synthetic set -----------------------------------------------------------------------------

def test_r1_solutions_score_in_full_by_the_r1_rules_and_keep_their_content() -> None:
    kinds = ("bar_chart", "shapes", "triangle", "segment", "clock", "table", "rectangle", "rows")
    r1 = generate_examples(40, seed=3, kinds=kinds, layout="r1")
    mulberry = generate_examples(40, seed=3, kinds=kinds)
    for a, b in zip(r1, mulberry, strict=True):
        s = score_trace(a.solution, a.answer, a.key_steps, question=a.question, config=R1)
        assert (s.valid, s.answer_correct, s.key_step_ratio, s.rules) == (True, True, 1.0, "r1"), (a.id, s)
        assert a.solution.startswith("<think>\n") and a.solution.endswith(f"</think>\n<answer>{a.answer}</answer>")
        assert (a.id, a.answer, a.key_steps, a.question) == (b.id, b.answer, b.key_steps, b.question)
        assert gold_answer(a.solution) == a.answer  # the full trace as a solution column reads too
        # the Mulberry rules do not take it for a structured trace
        assert not score_trace(a.solution, a.answer).valid


def test_layout_is_checked_and_the_script_writes_it(tmp_path: Path) -> None:
    assert LAYOUTS == ("mulberry", "r1")
    with pytest.raises(ValueError, match="layout"):
        generate_examples(1, layout="think")
    assert synthetic_main(["--out", str(tmp_path), "--n", "3", "--layout", "r1", "--image-size", "64"]) == 0
    rows = [json.loads(line) for line in (tmp_path / "train.jsonl").read_text().splitlines()]
    assert len(rows) == 3 and all(r["solution"].startswith("<think>") for r in rows)
    path = write_dataset(tmp_path / "m", 2, image_size=64)
    assert all(json.loads(line)["solution"].startswith("### Image Description:")
               for line in path.read_text().splitlines())


# -- the training scripts --------------------------------------------------------------------------

def test_train_script_rewards_and_data_follow_the_layout(tmp_path: Path) -> None:
    pytest.importorskip("trl")
    from stepgrpo_trl.demo import train as ts

    example = generate_examples(1, seed=0, layout="r1")[0]
    rar, rvr, acc = ts.make_reward_funcs(["step_rar", "step_rvr", "accuracy"], alpha=0.1, layout="r1")
    assert rvr([example.solution]) == [1.0]
    assert rar([example.solution], solution=[example.solution], key_steps=[example.key_steps]) == [
        pytest.approx(1.1)]
    assert acc([example.solution], solution=[example.solution]) == [1.0]
    assert acc([example.solution.replace(f"<answer>{example.answer}", "<answer>?")],
               solution=[example.answer]) == [0.0]
    default_rvr = ts.make_reward_funcs(["step_rvr"])[0]
    assert default_rvr([example.solution]) == [0.0]
    assert ts.outcome_accuracy_reward([example.solution], solution=[example.answer]) == [0.0]  # reads ###
    auto_acc = ts.make_reward_funcs(["accuracy"], layout="auto")[0]
    mulberry = generate_examples(1, seed=0)[0]
    assert auto_acc([mulberry.solution, example.solution], solution=[example.answer] * 2) == [1.0, 1.0]

    r1_path = ts.synthetic_records(tmp_path / "r1", 2, image_size=64, layout="r1")
    assert json.loads((tmp_path / "r1" / "train.meta.json").read_text())["layout"] == "r1"
    assert json.loads(r1_path.read_text().splitlines()[0])["solution"].startswith("<think>")
    ts.synthetic_records(tmp_path / "m", 2, image_size=64)
    assert json.loads((tmp_path / "m" / "train.meta.json").read_text()) == {"n": 2, "seed": 0, "image_size": 64}
    # the same folder asked for another layout is rewritten, not reused
    ts.synthetic_records(tmp_path / "m", 2, image_size=64, layout="r1")
    assert (tmp_path / "m" / "train.jsonl").read_text().startswith('{"id"')
    assert "<think>" in (tmp_path / "m" / "train.jsonl").read_text()


def test_training_scripts_parse_and_check_the_layout(tmp_path: Path) -> None:
    pytest.importorskip("trl")
    from stepgrpo_trl.demo import sft as sft_warmup
    from stepgrpo_trl.demo import train as ts

    tiny = ROOT / "examples" / "configs" / "tiny_cpu.yaml"
    for module, preset in ((ts, ["--config", str(tiny)]), (sft_warmup, [])):
        script, _, _ = module.make_parser().parse_args_and_config(
            [*preset, "--use_cpu", "true", "--output_dir", str(tmp_path), "--layout", "r1"])
        assert script.layout == "r1"
        assert "--layout" in module.make_parser().format_help()
    script.layout = "think"
    with pytest.raises(ValueError, match="--layout"):
        ts.check_arguments(script, None, None)


def test_the_r1_instruction_asks_for_the_r1_layout(tmp_path: Path) -> None:
    pytest.importorskip("trl")
    from stepgrpo_trl.demo import train as ts

    tiny = ROOT / "examples" / "configs" / "tiny_cpu.yaml"
    script, _, _ = ts.make_parser().parse_args_and_config(
        ["--config", str(tiny), "--use_cpu", "true", "--output_dir", str(tmp_path), "--layout", "r1",
         "--instruction", "true", "--synthetic_size", "2", "--synthetic_image_size", "64"])
    dataset = ts.build_records_dataset(script, output_dir=str(tmp_path), model_name=ts.TINY)
    system = dataset[0]["prompt"][0]
    assert system["role"] == "system" and "<think>" in str(system["content"])
    assert dataset[0]["solution"].startswith("<think>")


# -- the ablation ----------------------------------------------------------------------------------

def test_ablation_task_in_the_r1_layout() -> None:
    from stepgrpo_trl.demo.ablation_task import TaskSettings, make_splits

    splits = make_splits(TaskSettings(n_train=3, n_val=2, n_test=2, layout="r1"))
    assert all(e.solution.startswith("<think>") for split in splits.values() for e in split)
    assert all(e.solution.startswith("### Image Description:")
               for e in make_splits(TaskSettings(n_train=2, n_val=1, n_test=1))["train"])


def test_ablation_arms_and_defaults() -> None:
    from stepgrpo_trl.demo import ablation as ra
    from stepgrpo_trl.demo.ablation_task import TaskSettings

    assert list(ra.ARMS) == ["outcome", "step_rar", "step_rvr", "step_rar+step_rvr"]
    assert ra.ALL_ARMS["step_rar+step_rvr_graded"] == ("step_rar", "step_rvr_graded")
    for preset in ra.PRESETS.values():  # the graded arm runs only when named
        assert preset.arms == tuple(ra.ARMS) and preset.task.layout == "mulberry"
    # a cached result of the default task is found as before; another layout is another key
    assert "layout" not in ra._task_key(TaskSettings())
    assert ra._task_key(TaskSettings(layout="r1"))["layout"] == "r1"


def test_ablation_graded_arm_rewards() -> None:
    pytest.importorskip("trl")
    from stepgrpo_trl.demo import ablation as ra

    example = generate_examples(1, kinds=("rows",), layout="r1")[0]
    rar, graded = ra._reward_funcs(ra.ALL_ARMS["step_rar+step_rvr_graded"], 0.1, "r1")
    assert (rar.__name__, graded.__name__) == ("step_rar", "step_rvr_graded")
    assert graded([example.solution]) == [1.0]
    assert 0.0 < graded([example.solution + "\nmore"])[0] < 1.0
    strict = ra._reward_funcs(["step_rvr"], 0.1, "r1")[0]
    assert strict([example.solution + "\nmore"]) == [0.0]
    outcome = ra._reward_funcs(["outcome"], 0.1, "r1")[0]
    assert outcome.__name__ == "outcome"
    assert outcome([example.solution], solution=[example.answer]) == [1.0]
    assert ra._reward_funcs(["outcome"], 0.1)[0] is ra.outcome_reward


def test_ablation_help_says_how_to_choose_arms() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "reward_ablation.py"), "--help"],
                          capture_output=True, text=True, timeout=120, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stderr
    for text in ("--arms", "step_rar+step_rvr_graded", "only when named", "--layout", "r1"):
        assert text in proc.stdout


def test_eval_script_takes_the_layout(tmp_path: Path) -> None:
    pytest.importorskip("trl")
    from stepgrpo_trl.demo import evaluate as eval_stepgrpo

    args = eval_stepgrpo._parser().parse_args(["--model", "m", "--synthetic", "2", "--layout", "r1"])
    assert args.layout == "r1"
    assert eval_stepgrpo._parser().parse_args(["--model", "m"]).layout == "mulberry"
    path = eval_stepgrpo._held_out_records(2, seed=1, image_size=64, out_dir=tmp_path, layout="r1")
    assert all(json.loads(line)["solution"].startswith("<think>") for line in path.read_text().splitlines())
    with pytest.raises(SystemExit):
        eval_stepgrpo._parser().parse_args(["--model", "m", "--layout", "think"])


def test_the_main_job_takes_the_layout(monkeypatch, tmp_path: Path) -> None:
    # run_pipeline.py --layout r1 must teach and score the r1 layout; without the flag the
    # main job keeps its default (Mulberry) task.
    from stepgrpo_trl.demo import pipeline as rp

    seen: list = []

    def fake_run(out, settings, **kw):
        seen.append(settings)
        raise SystemExit(0)

    monkeypatch.setattr(rp, "run_pipeline", fake_run)
    for argv, layout in ((["--layout", "r1"], "r1"), ([], "mulberry")):
        with pytest.raises(SystemExit):
            rp.main(["--out", str(tmp_path), *argv])
        assert seen[-1].task.layout == layout
    assert seen[-1].task == rp.PRESETS["default"].task
