"""The reward ablation (examples/reward_ablation.py): its task, its outcome baseline, its
statistics, and a ``--quick`` run end to end with the report's schema."""

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

pytest.importorskip("trl")

from stepgrpo_trl.demo import ablation as ra  # noqa: E402
from stepgrpo_trl.demo import synthetic_data as sd  # noqa: E402
from stepgrpo_trl.demo.ablation_task import METRICS, TaskSettings, make_splits  # noqa: E402

from stepgrpo_rewards import score_trace  # noqa: E402


def test_rows_problems_are_consistent_and_drawn_to_scale():
    for ex in sd.generate_examples(30, seed=3, kinds=("rows",), image_size=168):
        m = ex.meta
        assert m["product"] == m["top"] * m["bottom"] and m["correct"] == m["product"] + m["top"]
        assert ex.answer == str(m["correct"])
        score = score_trace(ex.solution, solution=ex.answer, key_steps=ex.key_steps)
        assert score.answer_correct and score.valid and score.key_step_ratio == 1.0
        # each unit of length is 28 px of bar (168 px / 6 units): read the bars back
        pixels = ex.image.load()
        for name, y, colour in (("top", 70, (220, 50, 50)), ("bottom", 98, (40, 90, 220))):
            length = sum(1 for x in range(168) if pixels[x, y] == colour)
            assert abs(length - 28 * m[name]) <= 1, (name, length, m[name])


def test_rows_are_not_in_the_default_mix():
    assert "rows" in sd.EXTRA_KINDS and "rows" not in sd.KINDS
    assert {e.kind for e in sd.generate_examples(14)} == set(sd.KINDS)


def test_a_wrong_read_costs_key_steps_but_not_validity():
    ex = sd.make_example("rows", 4, seed=0, image_size=168)
    top = ex.meta["top"]
    wrong = ex.solution.replace(f"top = {top}", f"top = {top % 6 + 1}", 1)
    score = score_trace(wrong, solution=ex.answer, key_steps=ex.key_steps)
    assert score.valid and score.key_step_ratio == 0.75


def test_splits_are_disjoint_seeds():
    splits = make_splits(TaskSettings(n_train=5, n_val=5, n_test=5))
    images = {name: [e.image.tobytes() for e in exs] for name, exs in splits.items()}
    assert images["train"] != images["val"] != images["test"]


def test_outcome_reward_uses_the_core_verifier():
    got = ra.outcome_reward(["### The final answer is: 12", "### The final answer is: \\boxed{12}",
                             "### The final answer is: 13", [{"role": "assistant", "content": "### The final answer is: 12"}],
                             "### The final answer is: 12 or 13"],
                            solution=["12"] * 5)
    assert got == [1.0, 1.0, 0.0, 1.0, 0.0]
    assert ra.outcome_reward(["x"]) == [None]
    assert ra.outcome_reward.__name__ == "outcome"


def test_paired_difference_interval():
    mean, low, high = ra.paired_difference([0.1, -0.05, 0.2, 0.0, 0.05])
    assert mean == pytest.approx(0.06)
    assert -0.05 <= low < mean < high <= 0.2
    assert all(math.isnan(v) for v in ra.paired_difference([]))


def test_arms_are_the_papers():
    assert list(ra.ARMS) == ["outcome", "step_rar", "step_rvr", "step_rar+step_rvr"]
    assert ra.ARMS["step_rar+step_rvr"] == ("step_rar", "step_rvr")


@pytest.mark.slow
def test_quick_ablation_writes_the_report(tmp_path):
    env = dict(os.environ, TOKENIZERS_PARALLELISM="false",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, str(EXAMPLES / "reward_ablation.py"), "--quick", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=900, env=env, cwd=str(ROOT))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads((tmp_path / "ablation.json").read_text())
    assert set(report["sft"]) == set(METRICS)
    assert list(report["arms"]) == list(ra.ARMS)
    steps = ra.PRESETS["quick"].grpo_steps
    for arm in report["arms"].values():
        for seed in arm["seeds"].values():
            assert set(seed["final"]) == set(METRICS)
            assert [p["step"] for p in seed["curve"]][0] == 0
            assert seed["curve"][-1]["step"] == steps
            for point in seed["curve"]:
                assert all(0.0 <= point[m] <= (2.1 if m == "reward_sampled" else 1.0)
                           for m in METRICS if m != "completion_chars_sampled")
    diff = report["paired_difference"]
    assert diff["arm"] == "step_rar+step_rvr" and diff["baseline"] == "outcome"
    assert diff["low"] <= diff["mean"] <= diff["high"]
    assert "Paired difference" in proc.stdout
    assert (tmp_path / "ablation.md").is_file()
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return  # the plot needs the plot extra; the report does not
    assert (tmp_path / "ablation.png").read_bytes()[:4] == b"\x89PNG"


def test_command_line_settings_reach_the_run(monkeypatch, tmp_path):
    # The sweep in docs/results.md is rerun with these flags: each must change exactly its
    # setting, in every arm, and leave the rest at the preset's.
    seen = {}
    monkeypatch.setattr(ra, "run_ablation", lambda out, settings, **kw: seen.setdefault("s", settings))
    ra.main(["--out", str(tmp_path), "--seeds", "2", "3", "--arms", "step_rar+step_rvr",
             "--temperature", "1.2", "--prompts_per_step", "8", "--n_train", "4000", "--sft_target", "0.25"])
    settings, preset = seen["s"], ra.PRESETS["default"]
    assert settings.temperature == 1.2 and settings.prompts_per_step == 8
    assert settings.task.n_train == 4000 and settings.task.sft_target == 0.25
    assert settings.seeds == (2, 3) and settings.arms == ("step_rar+step_rvr",)
    assert settings.learning_rate == preset.learning_rate and settings.beta == preset.beta
    assert settings.task.n_val == preset.task.n_val and settings.grpo_steps == preset.grpo_steps
