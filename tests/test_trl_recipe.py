"""The ``trl grpo`` recipe: ``stepgrpo-prepare`` output that ``datasets.load_dataset`` reads as
is, reward settings from the environment or a settings file, and the YAML of
``examples/configs/trl_grpo_*.yaml`` run through trl's own ``grpo`` script."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

pytest.importorskip("trl")
pytest.importorskip("PIL")

from stepgrpo_trl import configured, load_grpo_dataset  # noqa: E402
from stepgrpo_trl.demo import train as train_stepgrpo
from stepgrpo_trl.prepare import main as prepare_main  # noqa: E402
from stepgrpo_trl.prepare import prepare_dataset  # noqa: E402
from stepgrpo_trl.settings import reward_settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "examples" / "configs"
COLUMNS = {"prompt", "image", "solution", "key_steps", "problem"}


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    """Eight R1-VL-style records with their images, written by the synthetic set."""
    out = tmp_path_factory.mktemp("records")
    return train_stepgrpo.synthetic_records(out, 8, seed=0, image_size=112)


@pytest.fixture(autouse=True)
def _no_stepgrpo_env(monkeypatch):
    import os

    for key in list(os.environ):
        if key.startswith("STEPGRPO_"):
            monkeypatch.delenv(key)


# -- stepgrpo-prepare ----------------------------------------------------------------------------

def test_prepare_parquet_loads_with_load_dataset_as_is(records, tmp_path):
    import datasets
    from PIL import Image

    out = tmp_path / "prepared"
    assert prepare_main([str(records), "--output", str(out), "--test_size", "2"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["test.parquet", "train.parquet"]
    loaded = datasets.load_dataset(str(out))  # what trl grpo --dataset_name calls
    assert {k: len(v) for k, v in loaded.items()} == {"train": 6, "test": 2}
    row = loaded["train"][0]
    assert COLUMNS <= set(row)
    assert isinstance(row["image"], Image.Image)
    assert row["prompt"][-1]["role"] == "user"
    assert all(isinstance(g, list) and all(isinstance(a, str) for a in g) for g in row["key_steps"])
    # the images are in the files, not paths to the records' folder
    records_dir = records.parent
    for image in records_dir.rglob("*.png"):
        image.rename(image.with_suffix(".moved"))
    try:
        assert datasets.load_dataset(str(out), split="train")[0]["image"].size == row["image"].size
    finally:
        for image in records_dir.rglob("*.moved"):
            image.rename(image.with_suffix(".png"))


def test_prepare_disk_format_and_our_loader(records, tmp_path):
    import datasets

    counts = prepare_dataset([records], tmp_path / "disk", output_format="disk")
    assert counts == {"train": 8}
    assert len(datasets.load_from_disk(str(tmp_path / "disk"))["train"]) == 8
    prepare_dataset([records], tmp_path / "pq", max_samples=3)
    for folder in ("disk", "pq"):  # train_stepgrpo --dataset_name <folder> takes both as they are
        dataset = load_grpo_dataset(tmp_path / folder)
        assert COLUMNS <= set(dataset.column_names)


def test_prepare_errors(records, tmp_path, capsys):
    assert prepare_main([str(records), "--output", str(tmp_path / "x"), "--test_size", "8"]) == 2
    assert "leaves no training rows" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"problem": "How many?", "solution": "3", "image": "missing.png"}) + "\n")
    assert prepare_main([str(bad), "--output", str(tmp_path / "y")]) == 2
    assert "missing.png" in capsys.readouterr().err
    with pytest.raises(ValueError, match="output_format"):
        prepare_dataset([records], tmp_path / "z", output_format="csv")


# -- settings without Python ---------------------------------------------------------------------

def test_settings_from_environment_variables():
    s = reward_settings({"STEPGRPO_ALPHA": "0.2", "STEPGRPO_FUZZY_THRESHOLD": "80",
                         "STEPGRPO_LENIENT_HEADERS": "false", "STEPGRPO_QUESTION_COLUMN": "none",
                         "STEPGRPO_SOLUTION_COLUMN": "answer", "STEPGRPO_LOG_COMPLETIONS": "off",
                         "OTHER": "ignored"})
    assert (s.config.alpha, s.config.fuzzy_threshold, s.config.lenient_headers) == (0.2, 80, False)
    assert s.options == {"solution_column": "answer", "key_steps_column": "key_steps",
                         "question_column": None, "log_metrics": True, "log_completions": False,
                         "alpha_schedule": None}
    assert reward_settings({}).config == reward_settings({"OTHER": "1"}).config


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".toml"])
def test_settings_file_and_env_precedence(tmp_path, suffix):
    path = tmp_path / f"settings{suffix}"
    text = {".json": '{"alpha": 0.3, "key_steps_column": "steps", "validity_reward": 0.5}',
            ".yaml": "alpha: 0.3\nkey_steps_column: steps\nvalidity_reward: 0.5\n",
            ".toml": 'alpha = 0.3\nkey_steps_column = "steps"\nvalidity_reward = 0.5\n'}[suffix]
    path.write_text(text)
    s = reward_settings({"STEPGRPO_REWARD_SETTINGS": str(path), "STEPGRPO_ALPHA": "0.4"})
    assert s.config.alpha == 0.4 and s.config.validity_reward == 0.5
    assert s.options["key_steps_column"] == "steps"


def test_unknown_or_bad_settings_raise(tmp_path):
    with pytest.raises(ValueError, match="STEPGRPO_ALHPA"):
        reward_settings({"STEPGRPO_ALHPA": "0.2"})
    with pytest.raises(ValueError, match="must be >= 0"):
        reward_settings({"STEPGRPO_ALPHA": "-1"})
    with pytest.raises(ValueError, match="true or false"):
        reward_settings({"STEPGRPO_LOG_METRICS": "maybe"})
    with pytest.raises(ValueError, match="no such file"):
        reward_settings({"STEPGRPO_REWARD_SETTINGS": str(tmp_path / "nope.json")})
    (tmp_path / "s.json").write_text('{"alpah": 1}')
    with pytest.raises(ValueError, match="alpah"):
        reward_settings({"STEPGRPO_REWARD_SETTINGS": str(tmp_path / "s.json")})


def test_configured_rewards_read_the_environment_at_lookup(monkeypatch):
    assert configured.step_rar_reward == __import__("stepgrpo_trl").step_rar_reward
    monkeypatch.setenv("STEPGRPO_ALPHA", "0.5")
    monkeypatch.setenv("STEPGRPO_SOLUTION_COLUMN", "answer")
    rar, rvr = configured.step_rar_reward, configured.step_rvr_reward
    assert (rar.__name__, rvr.__name__) == ("step_rar", "step_rvr")
    trace = "### Step 1:\n5 - 3 = 2\n\n### The final answer is: 2"
    assert rar([trace], answer=["2"], key_steps=[[["5 - 3 = 2"]]]) == [1.5]
    assert pickle.loads(pickle.dumps(rar)) == rar
    with pytest.raises(AttributeError):
        configured.nothing  # noqa: B018


# -- the trl grpo YAML -----------------------------------------------------------------------------

def _trl_args(config: Path, *argv: str):
    from trl.scripts.grpo import make_parser

    return make_parser().parse_args_and_config(["--config", str(config), *argv])


@pytest.mark.parametrize("name", ["trl_grpo_tiny.yaml", "trl_grpo_2b.yaml"])
def test_trl_grpo_yaml_parses_with_trls_own_parser(name, tmp_path, monkeypatch):
    import os

    for key in ("STEPGRPO_ALPHA", "STEPGRPO_SOLUTION_COLUMN", "STEPGRPO_KEY_STEPS_COLUMN",
                "STEPGRPO_QUESTION_COLUMN"):
        monkeypatch.setenv(key, "placeholder")  # so that monkeypatch restores them
    script, grpo, _model, _data = _trl_args(CONFIGS / name, "--output_dir", str(tmp_path),
                                            "--use_cpu", "true", "--bf16", "false")
    assert os.environ["STEPGRPO_ALPHA"] == "0.1"
    assert script.reward_funcs == ["stepgrpo_trl.configured.step_rar_reward",
                                   "stepgrpo_trl.configured.step_rvr_reward"]
    assert grpo.reward_weights == [1.0, 1.0] and grpo.num_generations == 4
    assert grpo.beta == pytest.approx(0.04) and grpo.loss_type == "grpo"
    funcs = train_stepgrpo.make_reward_funcs(script.reward_funcs)
    assert [f.__name__ for f in funcs] == ["step_rar", "step_rvr"]
    assert funcs[0].config.alpha == pytest.approx(0.1)


@pytest.mark.slow
def test_trl_grpo_script_trains_on_a_prepared_dataset(records, tmp_path, monkeypatch):
    """trl's own scripts/grpo.py main, on the tiny model and a stepgrpo-prepare folder. The one
    thing injected is the processor: the tiny model's loads without torchvision only
    through ``make_tiny_model.load_processor`` (trl would call ``AutoProcessor``)."""
    import trl
    from stepgrpo_trl.demo.tiny_model import build_tiny_qwen2_vl, load_processor
    from transformers import TrainerCallback
    from trl.scripts.grpo import main as trl_grpo_main

    for key in ("STEPGRPO_ALPHA", "STEPGRPO_SOLUTION_COLUMN", "STEPGRPO_KEY_STEPS_COLUMN",
                "STEPGRPO_QUESTION_COLUMN"):
        monkeypatch.setenv(key, "placeholder")
    model_dir = build_tiny_qwen2_vl(tmp_path / "tiny", max_pixels=112 * 112)
    data_dir = tmp_path / "prepared"
    prepare_dataset([records], data_dir)
    records_: list[dict] = []

    class Record(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            records_.append(dict(logs or {}))

    class Trainer(trl.GRPOTrainer):
        def __init__(self, *args, **kwargs):
            kwargs["processing_class"] = load_processor(kwargs["model"], max_pixels=112 * 112)
            kwargs["callbacks"] = [Record()]
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(trl, "GRPOTrainer", Trainer)
    args = _trl_args(CONFIGS / "trl_grpo_tiny.yaml", "--model_name_or_path", str(model_dir),
                     "--dataset_name", str(data_dir), "--output_dir", str(tmp_path / "out"))
    trl_grpo_main(*args)
    assert (tmp_path / "out" / "model.safetensors").is_file()
    keys = set().union(*records_)
    assert {"rewards/step_rar/mean", "rewards/step_rvr/mean", "stepgrpo/valid_rate"} <= keys
