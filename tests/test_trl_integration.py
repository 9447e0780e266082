"""End-to-end: the tiny offline Qwen2-VL, and a real `trl.GRPOTrainer` run with our rewards.

The training test is marked ``slow`` (it still runs in CI): it builds a tiny Qwen2-VL,
gives it a few SFT warm-up steps so that its completions are partly structured (a
random model writes noise, every reward ties and nothing trains), then runs three
GRPO steps on CPU with StepRAR and StepRVR and checks what reached the rewards, what
was logged, that the weights moved and that the saved checkpoint reloads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("trl")
torch = pytest.importorskip("torch")

from PIL import Image  # noqa: E402
from stepgrpo_trl import (  # noqa: E402
    StepRARReward,
    StepRVRReward,
    build_grpo_dataset,
)
from stepgrpo_trl.demo import tiny_model as tiny  # noqa: E402

# -- the tiny model ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory) -> Path:
    return tiny.build_tiny_qwen2_vl(tmp_path_factory.mktemp("tiny") / "qwen2_vl", seed=0)


def _image_prompt(image, text="How many dots are there?"):
    return [{"role": "user", "content": [{"type": "image", "image": image},
                                         {"type": "text", "text": text}]}]


def test_tokenizer_covers_the_vocabulary_and_specials(tiny_dir):
    processor = tiny.load_processor(tiny_dir)
    tok = processor.tokenizer
    config = json.loads((tiny_dir / "config.json").read_text())
    assert len(tok) == config["text_config"]["vocab_size"]
    for special in tiny.SPECIAL_TOKENS:
        assert tok.convert_tokens_to_ids(special) != tok.unk_token_id
    assert tok.eos_token == "<|im_end|>" and tok.pad_token == "<|endoftext|>"
    assert config["image_token_id"] == tok.convert_tokens_to_ids("<|image_pad|>")
    # every id decodes (fillers included)
    assert all(isinstance(tok.decode([i]), str) for i in range(len(tok)))
    text = "### Step 1:\n3 + 4 = 7\n\n### The final answer is: 7"
    assert tok.decode(tok(text).input_ids) == text
    rope = config["text_config"]["rope_parameters"]
    head_dim = config["text_config"]["hidden_size"] // config["text_config"]["num_attention_heads"]
    assert sum(rope["mrope_section"]) == head_dim // 2


def test_processor_handles_images_with_or_without_torchvision(tiny_dir):
    processor = tiny.load_processor(tiny_dir)
    assert processor.image_processor is not None  # never the bare tokenizer
    batch = processor.apply_chat_template(
        [_image_prompt(Image.new("RGB", (56, 56), "red"))], add_generation_prompt=True,
        tokenize=True, return_dict=True, return_tensors="pt")
    assert batch["image_grid_thw"].tolist() == [[1, 4, 4]]
    ids = batch["input_ids"][0].tolist()
    assert ids.count(processor.tokenizer.convert_tokens_to_ids("<|image_pad|>")) == 4
    text = processor.tokenizer.decode(batch["input_ids"][0])
    assert text.startswith("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n")
    assert text.endswith("<|im_start|>assistant\n")


@pytest.mark.parametrize("variant", tiny.VARIANTS)
def test_tiny_model_reloads_and_generates(tmp_path, variant):
    path = tiny.build_tiny_qwen2_vl(tmp_path / variant, variant=variant, seed=1)
    model, processor = tiny.load_model(path), tiny.load_processor(path)
    assert model.config.model_type == variant
    again = tiny.load_model(tiny.build_tiny_qwen2_vl(tmp_path / "again", variant=variant, seed=1))
    assert all(torch.equal(a, b) for a, b in zip(model.parameters(), again.parameters(), strict=True))
    batch = processor.apply_chat_template(
        [_image_prompt(Image.new("RGB", (56, 84), "blue"))], add_generation_prompt=True,
        tokenize=True, return_dict=True, return_tensors="pt")
    with torch.no_grad():
        assert model(**batch).logits.shape[-1] == len(processor.tokenizer)
        out = model.generate(**batch, max_new_tokens=6, do_sample=True)
    new = out[0, batch["input_ids"].shape[1]:].tolist()
    assert not set(new) & set(tiny.vision_token_ids(processor))  # suppressed in generation_config


def test_build_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        tiny.build_tiny_qwen2_vl(tmp_path, variant="llava")
    with pytest.raises(ValueError):
        tiny.build_tokenizer(100)


# -- GRPO training ---------------------------------------------------------------------------

PROBLEMS = [(1, 2), (2, 3), (3, 4), (4, 1)]


def _solution(a: int, b: int) -> str:
    return (f"### Image Description:\n{a} red dots, {b} blue dots.\n\n### Rationales:\nAdd.\n\n"
            f"### Let's think step by step.\n\n### Step 1:\n{a} + {b} = {a + b}\n\n"
            f"### The final answer is: {a + b}")


def _write_records(root: Path) -> Path:
    (root / "imgs").mkdir(parents=True)
    with (root / "train.jsonl").open("w") as fh:
        for i, (a, b) in enumerate(PROBLEMS):
            Image.new("RGB", (56, 56), (a * 50, b * 50, 90)).save(root / "imgs" / f"{i}.png")
            record = {"id": f"dots-{i}", "image_path": f"imgs/{i}.png",
                      "problem": "<image>How many dots are there?", "solution": _solution(a, b),
                      "key_steps": {"Steps": [[f"{a} + {b} = {a + b}", f"{a}+{b}={a + b}"], ["add"]]}}
            fh.write(json.dumps(record) + "\n")
    return root / "train.jsonl"


class _Recorder:
    """Mixin that remembers the keyword arguments of every call."""

    def __call__(self, completions=None, **kwargs):
        self.calls.append({"completions": completions, **kwargs})
        return super().__call__(completions, **kwargs)


class RecordingRAR(_Recorder, StepRARReward):
    calls: list = []


class RecordingRVR(_Recorder, StepRVRReward):
    calls: list = []


@pytest.fixture
def one_thread():
    """One torch thread: on a busy 2-core runner, two threads thrash (10x slower)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.slow
def test_grpo_trainer_trains_with_stepgrpo_rewards(tmp_path, one_thread):
    from trl import GRPOTrainer

    dataset = build_grpo_dataset(_write_records(tmp_path / "data"))
    assert dataset.column_names == ["prompt", "image", "solution", "key_steps", "problem", "id"]
    model, processor = _warmed_up_model(tmp_path / "model", dataset)

    # alpha fades over the three steps: TRL's trainer_state carries the step to the rewards
    rar, rvr = RecordingRAR(alpha_schedule="linear:0.1:0:2"), RecordingRVR(alpha_schedule="linear:0.1:0:2")
    rar.calls, rvr.calls = [], []
    args = _grpo_config(tmp_path / "run", processor)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}
    trainer = GRPOTrainer(model=model, reward_funcs=[rar, rvr], args=args,
                          train_dataset=dataset, processing_class=processor)
    trainer.train()

    _check_reward_calls(rar.calls, rvr.calls, trainer)
    logs = _check_logged_rewards_and_metrics(trainer.state.log_history)
    _check_completions_table(tmp_path / "run" / "completions")

    # the rewards differed within some group, so the policy moved
    assert any(h["frac_reward_zero_std"] < 1.0 for h in logs)
    changed = [n for n, p in model.named_parameters() if not torch.equal(before[n], p.detach())]
    assert changed
    _check_checkpoint_reloads(trainer, model, changed[0], tmp_path / "final", dataset[0]["image"])


def _warmed_up_model(path: Path, dataset):
    """A tiny Qwen2-VL after a few SFT steps on the dataset's reference solutions, so that its
    completions are partly structured (a random model writes noise, every reward ties and
    nothing trains); returns ``(model, processor)``."""
    path = tiny.build_tiny_qwen2_vl(path, seed=0)
    model, processor = tiny.load_model(path), tiny.load_processor(path)
    conversations = [
        _image_prompt(dataset[i]["image"], dataset[i]["problem"])
        + [{"role": "assistant", "content": [{"type": "text", "text": dataset[i]["solution"]}]}]
        for i in range(len(dataset))
    ]
    loss = tiny.warm_up(model, processor, conversations, steps=60, lr=1e-2, seed=0)
    assert loss < 0.5
    return model, processor


def _grpo_config(output_dir: Path, processor):
    """Three CPU steps of 2 prompts x 4 completions, every step logged, completions saved."""
    from trl import GRPOConfig

    return GRPOConfig(
        output_dir=str(output_dir),
        per_device_train_batch_size=8,
        num_generations=4,               # 2 prompts x 4 completions per step
        max_completion_length=64,
        max_steps=3,
        learning_rate=1e-3,
        beta=0.0,
        temperature=1.0,
        logging_steps=1,
        save_strategy="no",
        bf16=False,                      # GRPOConfig defaults to bf16, which fails on CPU
        use_cpu=True,
        report_to="none",
        seed=0,
        log_completions=True,            # writes completions/*.parquet with our log_extra columns
        num_completions_to_print=0,
        # a sampled vision marker would break the next forward pass
        generation_kwargs={"suppress_tokens": tiny.vision_token_ids(processor)},
    )


def _check_reward_calls(rar_calls: list, rvr_calls: list, trainer) -> None:
    """Our rewards received the dataset columns (all but "prompt") and TRL's extras."""
    assert len(rar_calls) == len(rvr_calls) == 3
    call = rar_calls[0]
    for key in ("prompts", "completion_ids", "image", "solution", "key_steps", "problem", "id",
                "trainer_state", "log_extra", "log_metric"):
        assert key in call, key
    assert "prompt" not in call
    assert len(call["completions"]) == len(call["solution"]) == 8
    assert call["completions"][0][0]["role"] == "assistant"            # conversational (VLM)
    assert isinstance(call["completions"][0][0]["content"], str)
    assert call["key_steps"][0][0][0].endswith(str(sum(PROBLEMS[0])))  # list[list[str]] from Arrow
    assert call["solution"][:4] == [call["solution"][0]] * 4           # repeated across the group
    assert [c["trainer_state"] is trainer.state for c in rar_calls] == [True] * 3


def _check_logged_rewards_and_metrics(log_history: list) -> list:
    """TRL logged our rewards and our metrics at every step; returns those logs."""
    logs = [h for h in log_history if "rewards/step_rar/mean" in h]
    assert len(logs) == 3
    assert [h["stepgrpo/alpha"] for h in logs] == pytest.approx([0.1, 0.05, 0.0])
    for h in logs:
        assert "rewards/step_rvr/mean" in h
        for name in ("stepgrpo/accuracy", "stepgrpo/key_step_ratio", "stepgrpo/valid_rate",
                     "stepgrpo/frac_tied_groups", "stepgrpo/errors"):
            assert name in h, name
        assert h["stepgrpo/errors"] == 0.0
        assert 0.0 <= h["rewards/step_rar/mean"] <= 1.1 + 1e-6
        # our tie metric agrees with TRL's own (same total reward, same groups)
        assert h["stepgrpo/frac_tied_groups"] == pytest.approx(h["frac_reward_zero_std"])
    return logs


def _check_completions_table(folder: Path) -> None:
    """Our log_extra columns reached TRL's completions table."""
    import pandas as pd

    tables = sorted(folder.glob("*.parquet"))
    assert tables
    table = pd.read_parquet(tables[-1])
    for column in ("step_rar", "step_rvr", "step_rar/answer", "step_rar/correct",
                   "step_rar/key_steps", "step_rvr/valid", "step_rvr/problems"):
        assert column in table.columns, column
    assert table["step_rar/key_steps"].str.endswith("/2").all()


def _check_checkpoint_reloads(trainer, model, name: str, out: Path, image) -> None:
    """The saved checkpoint reloads, processor included: parameter *name* as trained, and the
    reloaded model generates."""
    trainer.save_model(str(out))
    reloaded, reprocessor = tiny.load_model(out), tiny.load_processor(out)
    assert torch.equal(dict(reloaded.named_parameters())[name], dict(model.named_parameters())[name])
    batch = reprocessor.apply_chat_template(
        [_image_prompt(image)], add_generation_prompt=True, tokenize=True,
        return_dict=True, return_tensors="pt")
    with torch.no_grad():
        reloaded.generate(**batch, max_new_tokens=4)
