"""The example training scripts as TRL users drive them: no flag silently ignored, rewards by
import path, eval splits and dataset configurations, one flag style, the tiny model built
once and outside ZeRO-3's ``zero.Init``."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

pytest.importorskip("trl")

from stepgrpo_trl.demo import evaluate as eval_stepgrpo  # noqa: E402
from stepgrpo_trl.demo import sft as sft_warmup  # noqa: E402
from stepgrpo_trl.demo import train as train_stepgrpo  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TINY_CPU = ROOT / "examples" / "configs" / "tiny_cpu.yaml"


def _parse(*argv: str, parser=None):
    parser = parser or train_stepgrpo.make_parser()
    return parser.parse_args_and_config(["--config", str(TINY_CPU), "--use_cpu", "true", *argv])


def _refused(capsys, *argv: str, main=train_stepgrpo.main, preset: bool = True) -> str:
    config = ["--config", str(TINY_CPU)] if preset and main is train_stepgrpo.main else []
    with pytest.raises(SystemExit) as exc:
        main([*config, *argv])
    assert exc.value.code == 2
    return capsys.readouterr().err


# -- --help ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("module", [train_stepgrpo, sft_warmup])
def test_config_is_listed_in_help(module):
    text = module.make_parser().format_help()
    assert "--config YAML" in text and "env:" in text


def test_config_help_entry_does_not_reach_the_dataclasses(tmp_path):
    outputs = _parse("--output_dir", str(tmp_path))
    assert len(outputs) == 3  # no extra namespace holding "config"


# -- no flag silently ignored ----------------------------------------------------------------------

@pytest.mark.parametrize("flag", ["--load_in_4bit", "--load_in_8bit"])
def test_kbit_loading_without_bitsandbytes_is_refused(flag, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(train_stepgrpo, "_is_available", lambda name: name != "bitsandbytes")
    err = _refused(capsys, flag, "true", "--output_dir", str(tmp_path))
    assert f"{flag} needs the bitsandbytes package: pip install bitsandbytes" in err


def test_kbit_loading_needs_cuda_then_peft(tmp_path, monkeypatch):
    import torch

    monkeypatch.setattr(train_stepgrpo, "_is_available", lambda name: True)
    script, grpo, model = _parse("--load_in_4bit", "true", "--output_dir", str(tmp_path))
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ValueError, match="needs a CUDA GPU"):
        train_stepgrpo.check_arguments(script, grpo, model)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    with pytest.raises(ValueError, match="--use_peft true"):
        train_stepgrpo.check_arguments(script, grpo, model)
    model.use_peft = True
    train_stepgrpo.check_arguments(script, grpo, model)
    with pytest.raises(ValueError, match="quantize the model object"):
        train_stepgrpo.check_arguments(script, grpo, model, model_given=True)


def test_quantization_config_is_trls(tmp_path, monkeypatch):
    import trl

    _, _, model = _parse("--output_dir", str(tmp_path))
    assert train_stepgrpo.quantization_config(model) is None
    sentinel = object()
    monkeypatch.setattr(trl, "get_quantization_config", lambda args: sentinel)
    assert train_stepgrpo.quantization_config(model) is sentinel


def test_use_vllm_without_vllm_is_an_error_naming_the_fix(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(train_stepgrpo, "_is_available", lambda name: name != "vllm")
    err = _refused(capsys, "--use_vllm", "true", "--output_dir", str(tmp_path))
    assert "--use_vllm true needs vLLM" in err and "pip install vllm" in err


@pytest.mark.parametrize("main", [train_stepgrpo.main, sft_warmup.main])
def test_real_model_without_dataset_is_refused(main, capsys, tmp_path):
    # no preset: tiny_cpu.yaml asks for the synthetic set
    err = _refused(capsys, "--model_name_or_path", "Qwen/Qwen2-VL-2B-Instruct",
                   "--output_dir", str(tmp_path), "--use_cpu", "true", main=main, preset=False)
    assert "no --dataset_name" in err and "--dataset_name synthetic" in err


def test_synthetic_set_only_when_asked_for(tmp_path):
    script, _, _ = _parse("--output_dir", str(tmp_path))
    assert script.dataset_name == "synthetic"  # tiny_cpu.yaml asks for it
    script.dataset_name = None
    assert train_stepgrpo.uses_synthetic(script, "tiny")
    with pytest.raises(ValueError, match="--dataset_name synthetic"):
        train_stepgrpo.uses_synthetic(script, "runs/sft-2b")
    script.dataset_name = "synthetic"
    assert train_stepgrpo.uses_synthetic(script, "runs/sft-2b")
    script.dataset_name, script.data_dir = None, str(tmp_path / "data")
    assert train_stepgrpo.uses_synthetic(script, "runs/sft-2b")
    script.data_dir, script.dataset_name = None, "r1vl_10k.jsonl"
    assert not train_stepgrpo.uses_synthetic(script, "runs/sft-2b")


def test_unknown_reward_name_is_refused(capsys, tmp_path):
    err = _refused(capsys, "--reward_funcs", "format", "--output_dir", str(tmp_path))
    assert "unknown reward 'format'" in err and "import path" in err


# -- rewards by import path ------------------------------------------------------------------------

def test_reward_funcs_accept_import_paths(tmp_path):
    script, _, _ = _parse("--output_dir", str(tmp_path), "--reward_funcs", "step_rar",
                          "stepgrpo_trl.step_rvr_reward",
                          "stepgrpo_trl.demo.train.outcome_accuracy_reward")
    funcs = train_stepgrpo.make_reward_funcs(script.reward_funcs)
    assert [f.__name__ for f in funcs] == ["step_rar", "step_rvr", "accuracy"]
    with pytest.raises(ValueError, match="cannot import"):
        train_stepgrpo.load_reward_func("no_such_module_xyz.reward")
    with pytest.raises(ValueError, match="has no 'nope'"):
        train_stepgrpo.load_reward_func("stepgrpo_trl.nope")
    with pytest.raises(ValueError, match="not a callable"):
        train_stepgrpo.load_reward_func("stepgrpo_trl.PROBLEM_KINDS")



def test_reward_module_in_the_working_folder(tmp_path, monkeypatch):
    """As ``trl grpo`` does, a reward module (or package) in the working folder is found;
    it is loaded from its file, and ``sys.path`` is left as it was."""
    import sys

    (tmp_path / "my_rewards_xyz.py").write_text("def r(completions, **kw):\n    return [0.5]\n")
    (tmp_path / "my_pkg_xyz").mkdir()
    (tmp_path / "my_pkg_xyz" / "__init__.py").write_text("")
    (tmp_path / "my_pkg_xyz" / "sub.py").write_text("def q(completions, **kw):\n    return [2.0]\n")
    monkeypatch.chdir(tmp_path)
    for name in ("my_rewards_xyz", "my_pkg_xyz", "my_pkg_xyz.sub"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    before = list(sys.path)
    assert train_stepgrpo.load_reward_func("my_rewards_xyz.r")(["x"]) == [0.5]
    assert train_stepgrpo.load_reward_func("my_pkg_xyz.sub.q")(["x"]) == [2.0]
    assert sys.path == before
    with pytest.raises(ValueError, match="cannot import"):
        train_stepgrpo.load_reward_func("my_pkg_xyz.missing.q")
    (tmp_path / "broken_xyz.py").write_text("raise ImportError('boom')\n")
    with pytest.raises(ValueError, match="boom"):
        train_stepgrpo.load_reward_func("broken_xyz.r")
    assert "broken_xyz" not in sys.modules

# -- data: eval split, dataset configuration ---------------------------------------------------------

def test_dataset_config_and_test_split_are_arguments(tmp_path):
    script, _, _ = _parse("--output_dir", str(tmp_path), "--dataset_config", "default",
                          "--dataset_test_split", "validation")
    assert script.dataset_config == "default" and script.dataset_test_split == "validation"


def test_dataset_config_on_a_local_file_is_refused(tmp_path):
    from stepgrpo_trl import load_grpo_dataset

    path = tmp_path / "r.jsonl"
    path.write_text("{}\n")
    with pytest.raises(ValueError, match="applies to hub datasets"):
        load_grpo_dataset(path, config_name="default")


def test_eval_dataset_from_the_synthetic_set(tmp_path):
    pytest.importorskip("PIL")
    script, _, _ = _parse("--output_dir", str(tmp_path), "--synthetic_size", "4",
                          "--synthetic_eval_size", "3")
    train = train_stepgrpo.load_train_dataset(script, output_dir=str(tmp_path))
    evaluation = train_stepgrpo.load_eval_dataset(script, output_dir=str(tmp_path))
    assert len(train) == 4 and len(evaluation) == 3
    assert (tmp_path / "data" / "test.jsonl").is_file()


# -- eval script: one flag style ---------------------------------------------------------------------

def test_eval_flags_use_underscores_and_still_read_hyphens():
    parser = eval_stepgrpo._parser()
    text = parser.format_help()
    assert "--max_new_tokens" in text and "--max-new-tokens" not in text
    for argv in (["--max_new_tokens", "8", "--plot_out=x.png"], ["--max-new-tokens", "8", "--plot-out=x.png"]):
        args = parser.parse_args(eval_stepgrpo._underscore_flags(argv))
        assert args.max_new_tokens == 8 and args.plot_out == "x.png"


# -- the tiny model: built once, atomically, outside zero.Init --------------------------------------

def test_tiny_model_built_on_the_main_process_first_outside_zero3(tmp_path, monkeypatch):
    from stepgrpo_trl.demo import tiny_model as make_tiny_model
    from transformers.integrations import deepspeed as hf_deepspeed

    class FakeZero3:
        def is_zero3(self):
            return True

    fake = FakeZero3()
    monkeypatch.setattr(hf_deepspeed, "_hf_deepspeed_config_weak_ref", lambda: fake)
    assert hf_deepspeed.is_deepspeed_zero3_enabled()
    seen = []

    def fake_build(out, **kwargs):
        seen.append(hf_deepspeed.is_deepspeed_zero3_enabled())
        Path(out, "config.json").write_text(json.dumps({"fake": True}))
        return Path(out)

    monkeypatch.setattr(make_tiny_model, "build_tiny_qwen2_vl", fake_build)
    entered = []

    @contextlib.contextmanager
    def main_process_first(desc=""):
        entered.append(desc)
        yield

    script, _, model = _parse("--output_dir", str(tmp_path))
    path = train_stepgrpo.prepare_model(model, script, output_dir=str(tmp_path),
                                        main_process_first=main_process_first)
    assert entered == ["building the tiny model"]
    assert seen == [False] and hf_deepspeed.is_deepspeed_zero3_enabled()  # restored after
    assert Path(path, "config.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["tiny-init"]  # no temporary folder left
    model.model_name_or_path = "tiny"
    train_stepgrpo.prepare_model(model, script, output_dir=str(tmp_path))
    assert seen == [False]  # built once


# -- the presets -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["stepgrpo_2b.yaml", "stepgrpo_7b.yaml", "tiny_cpu.yaml",
                                  "trl_grpo_2b.yaml", "trl_grpo_tiny.yaml"])
def test_presets_use_no_deprecated_setting(name):
    import yaml

    preset = yaml.safe_load((ROOT / "examples" / "configs" / name).read_text())
    assert "gradient_checkpointing" not in preset and "activation_checkpointing" in preset


@pytest.mark.parametrize("name", ["stepgrpo_2b.yaml", "stepgrpo_7b.yaml"])
def test_paper_presets_schedule_and_budget(name, tmp_path, recwarn):
    parser = train_stepgrpo.make_parser()
    _, grpo, _ = parser.parse_args_and_config(["--config", str(ROOT / "examples" / "configs" / name),
                                               "--output_dir", str(tmp_path), "--use_cpu", "true"])
    assert not [w for w in recwarn if "gradient_checkpointing" in str(w.message)]
    assert grpo.activation_checkpointing is True
    assert getattr(grpo.lr_scheduler_type, "value", grpo.lr_scheduler_type) == "linear"
    assert grpo.num_train_epochs == 1 and grpo.max_steps == -1  # 13125 with --max_steps


@pytest.mark.slow
def test_training_evaluates_on_the_test_split(tmp_path):
    summary = train_stepgrpo.main([
        "--config", str(TINY_CPU), "--output_dir", str(tmp_path), "--max_steps", "1",
        "--save_strategy", "no", "--eval_strategy", "steps", "--eval_steps", "1",
        "--per_device_eval_batch_size", "4", "--synthetic_size", "4", "--synthetic_eval_size", "2",
        "--torch_threads", "1",
    ])
    assert summary["global_step"] == 1
    logs = [json.loads(line) for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert any("eval_rewards/step_rar/mean" in line and "eval_stepgrpo/valid_rate" in line
               for line in logs)
