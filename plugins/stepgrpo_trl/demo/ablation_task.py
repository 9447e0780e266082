"""The task of the reward ablation: a small Qwen2-VL, trained from scratch, reads two rows.

``examples/reward_ablation.py`` asks whether StepRAR + StepRVR trains a model better than
an outcome reward. No pretrained weights are reachable offline, so the model learns from
scratch, and the task must be one it can learn on a CPU in a minute yet still get wrong
often enough that an outcome reward is sparse. This module holds everything about that
task that is not GRPO:

* the data: the ``rows`` kind of ``synthetic_data`` (two rows of six slots, count each
  row, then ``top * bottom`` and ``+ top``; four key steps), in seeded train, validation
  and test splits;
* the model: a 0.5M-parameter Qwen2-VL (the real architecture) with a tokenizer whose
  merges cross spaces, so a whole trace is about 30 tokens;
* :func:`evaluate`: batched greedy and sampled generation on a split, scored with
  ``stepgrpo_rewards.score_trace``; the metrics the ablation reports;
* :func:`sft_until_target`: SFT that stops when the sampled answer accuracy on the
  validation split reaches a target. Reading is learned in a sudden jump, so a fixed
  number of steps lands anywhere; a target lands every seed in the regime where the
  paper's argument applies (a few right answers per group, many groups all wrong).

``TaskSettings.layout`` (``"mulberry"``, the paper's, or ``"r1"``) is the layout of the
reference traces the model learns and of the rules that score it.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stepgrpo_trl.demo.synthetic_data import ROWS_QUESTION, SyntheticExample, generate_examples

__all__ = [
    "METRICS",
    "SFTResult",
    "TaskSettings",
    "build_task_model",
    "evaluate",
    "make_splits",
    "prompt_messages",
    "sft_until_target",
]

#: What :func:`evaluate` returns, in report order.
METRICS: tuple[str, ...] = (
    "answer_accuracy",            # greedy decoding
    "answer_accuracy_sampled",    # temperature 1, k samples per problem
    "key_step_ratio",             # greedy: share of the four key steps present
    "key_step_ratio_sampled",
    "read_accuracy_sampled",      # share of the two counts read right (chance 1/6)
    "validity_rate",              # greedy: StepRVR's complete-and-logical verdict
    "validity_rate_sampled",
    "tied_groups_outcome",        # groups of G samples whose outcome rewards are all equal
    "all_wrong_groups",           # groups of G samples with no right answer
    "reward_sampled",             # mean StepRAR + StepRVR of the samples
    "completion_chars_sampled",
)

_SPLIT_SEEDS = {"train": 0, "val": 1, "test": 2}


@dataclass(frozen=True)
class TaskSettings:
    """Sizes of the task, the model and the evaluation."""

    image_size: int = 168             # 36 image tokens, one per slot of a row
    hidden_size: int = 128
    layers: int = 2
    heads: int = 4
    vision_dim: int = 32
    vision_depth: int = 2
    vocab_size: int = 512
    n_train: int = 1000
    n_val: int = 100
    n_test: int = 200
    eval_samples: int = 8             # sampled completions per test problem ...
    group_size: int = 4               # ... split into groups of GRPO's G for the tie counts
    max_new_tokens: int = 48
    sft_batch: int = 32
    sft_lr: float = 2e-3
    sft_target: float = 0.15          # stop SFT at this sampled validation accuracy ...
    sft_check_every: int = 20
    sft_max_steps: int = 1500         # ... or here
    sft_val_samples: int = 4
    layout: str = "mulberry"          # of the reference traces and the scoring rules: or "r1"


def prompt_messages(question: str = ROWS_QUESTION) -> list[dict[str, Any]]:
    """The conversational prompt of one problem (the image goes in a separate column)."""
    return [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": question}]}]


def make_splits(settings: TaskSettings, *, n_train: int | None = None) -> dict[str, list[SyntheticExample]]:
    """Seeded train, validation and test splits (disjoint generator seeds 0, 1, 2)."""
    sizes = {"train": settings.n_train if n_train is None else n_train,
             "val": settings.n_val, "test": settings.n_test}
    return {name: generate_examples(n, seed=_SPLIT_SEEDS[name], kinds=("rows",),
                                    image_size=settings.image_size, layout=settings.layout)
            for name, n in sizes.items()}


def build_task_model(out_dir: str | Path, settings: TaskSettings, *, seed: int) -> Path:
    """Build and save the randomly initialised model, tokenizer and processor of *seed*."""
    from stepgrpo_trl.demo.tiny_model import build_tiny_qwen2_vl, build_tokenizer

    corpus = [e.solution for e in generate_examples(300, seed=99, kinds=("rows",), image_size=64,
                                                    layout=settings.layout)]
    corpus.append(ROWS_QUESTION + " You are a helpful assistant.")
    tok = build_tokenizer(settings.vocab_size, corpus=corpus, phrase_merges=True)
    pixels = settings.image_size * settings.image_size
    return build_tiny_qwen2_vl(
        out_dir, seed=seed, tokenizer=tok, vocab_size=len(tok), hidden_size=settings.hidden_size,
        num_layers=settings.layers, num_heads=settings.heads, vision_dim=settings.vision_dim,
        vision_depth=settings.vision_depth, min_pixels=pixels, max_pixels=pixels,
    )


# --------------------------------------------------------------------------- generation

def _encode(processor: Any, examples: Sequence[SyntheticExample], repeat: int = 1) -> dict[str, Any]:
    """Processor inputs for *examples*, each repeated *repeat* times in a row."""
    text = processor.apply_chat_template(prompt_messages(), add_generation_prompt=True, tokenize=False)
    images = [[e.image] for e in examples for _ in range(repeat)]
    return dict(processor(text=[text] * len(images), images=images, return_tensors="pt", padding=True))


def _rows(inputs: dict[str, Any], start: int, stop: int) -> dict[str, Any]:
    """Rows start:stop of a processor batch (pixel_values hold each image's patches in turn)."""
    patches = inputs["image_grid_thw"].prod(-1)
    offsets = [0, *patches.cumsum(0).tolist()]
    out = {k: v[start:stop] for k, v in inputs.items() if k not in ("pixel_values", "image_grid_thw")}
    out["image_grid_thw"] = inputs["image_grid_thw"][start:stop]
    out["pixel_values"] = inputs["pixel_values"][offsets[start]:offsets[stop]]
    return out


def generate(model: Any, processor: Any, inputs: dict[str, Any], *, sample: bool,
             max_new_tokens: int, temperature: float = 1.0, batch_size: int = 400) -> list[str]:
    """Decode completions for every row of *inputs* (greedy, or sampled at *temperature*)."""
    import torch

    from stepgrpo_trl.demo.tiny_model import vision_token_ids

    tok = processor.tokenizer
    n = int(inputs["input_ids"].shape[0])
    texts: list[str] = []
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for start in range(0, n, batch_size):
            chunk = {k: v.to(model.device) for k, v in _rows(inputs, start, min(n, start + batch_size)).items()}
            prompt_len = chunk["input_ids"].shape[1]
            out = model.generate(
                **chunk, do_sample=sample, temperature=temperature if sample else None,
                top_p=1.0 if sample else None, top_k=0 if sample else None,
                max_new_tokens=max_new_tokens, pad_token_id=tok.pad_token_id,
                eos_token_id=tok.eos_token_id, suppress_tokens=vision_token_ids(tok),
            )
            texts += tok.batch_decode(out[:, prompt_len:], skip_special_tokens=True)
    model.train(was_training)
    return texts


# --------------------------------------------------------------------------- evaluation

# at most 9 digits: int() of the match stays cheap whatever the model writes
_READ = {"top": re.compile(r"\btop\s*[=:]\s*(\d{1,9})(?!\d)"),
         "bottom": re.compile(r"\bbottom\s*[=:]\s*(\d{1,9})(?!\d)")}


def _reads_right(text: str, example: SyntheticExample) -> float:
    """Share of the two counts that the completion states right (its first statement of each)."""
    right = 0
    for name, pattern in _READ.items():
        m = pattern.search(text)
        right += bool(m and int(m.group(1)) == example.meta[name])
    return right / 2


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else math.nan


class Evaluator:
    """Evaluates models on one split; the processor inputs are built once and reused."""

    def __init__(self, processor: Any, examples: Sequence[SyntheticExample], settings: TaskSettings,
                 *, samples: int | None = None) -> None:
        self.processor = processor
        self.examples = list(examples)
        self.settings = settings
        self.samples = settings.eval_samples if samples is None else samples
        self._greedy = _encode(processor, self.examples)
        self._sampled = _encode(processor, self.examples, repeat=self.samples)

    def __call__(self, model: Any, *, greedy: bool = True) -> dict[str, float]:
        """The :data:`METRICS` of *model* (greedy ones skipped with ``greedy=False``).

        Sampling runs under a forked torch RNG, so evaluating does not change the random
        stream of the training run it interrupts.
        """
        import torch

        from stepgrpo_rewards import RewardConfig, score_trace

        s, k = self.settings, self.samples
        config = RewardConfig(layout=s.layout)  # type: ignore[arg-type]
        out: dict[str, float] = {}
        if greedy:
            texts = generate(model, self.processor, self._greedy, sample=False,
                             max_new_tokens=s.max_new_tokens)
            scores = [score_trace(t, solution=e.answer, key_steps=e.key_steps, config=config)
                      for t, e in zip(texts, self.examples, strict=True)]
            out["answer_accuracy"] = _mean([float(x.answer_correct) for x in scores])
            out["key_step_ratio"] = _mean([x.key_step_ratio for x in scores])
            out["validity_rate"] = _mean([float(x.valid) for x in scores])
        with torch.random.fork_rng():
            torch.manual_seed(1234)
            texts = generate(model, self.processor, self._sampled, sample=True,
                             max_new_tokens=s.max_new_tokens)
        examples = [e for e in self.examples for _ in range(k)]
        scores = [score_trace(t, solution=e.answer, key_steps=e.key_steps, config=config)
                  for t, e in zip(texts, examples, strict=True)]
        right = [float(x.answer_correct) for x in scores]
        g = min(k, s.group_size)  # samples of a problem are consecutive; k is a multiple of g
        groups = [right[i:i + g] for i in range(0, len(right), g)]
        out["answer_accuracy_sampled"] = _mean(right)
        out["key_step_ratio_sampled"] = _mean([x.key_step_ratio for x in scores])
        out["read_accuracy_sampled"] = _mean([_reads_right(t, e) for t, e in zip(texts, examples, strict=True)])
        out["validity_rate_sampled"] = _mean([float(x.valid) for x in scores])
        out["tied_groups_outcome"] = _mean([float(len(set(g)) == 1) for g in groups])
        out["all_wrong_groups"] = _mean([float(not any(g)) for g in groups])
        out["reward_sampled"] = _mean([x.total for x in scores])
        out["completion_chars_sampled"] = _mean([float(len(t)) for t in texts])
        return out


def evaluate(model: Any, processor: Any, examples: Sequence[SyntheticExample],
             settings: TaskSettings) -> dict[str, float]:
    """One-off :class:`Evaluator` call (build an Evaluator to evaluate repeatedly)."""
    return Evaluator(processor, examples, settings)(model)


# --------------------------------------------------------------------------- SFT

@dataclass
class SFTResult:
    """How SFT ended: steps taken, whether the target was reached, the validation history."""

    steps: int
    reached_target: bool
    seconds: float
    history: list[dict[str, float]] = field(default_factory=list)


def _sft_batch(processor: Any, examples: Sequence[SyntheticExample]) -> dict[str, Any]:
    """Prompt and completion tokenized apart, then joined (a merging BPE tokenizes the
    joint text differently); the loss covers the completion and its end-of-turn token."""
    import torch

    tok = processor.tokenizer
    inputs = _encode(processor, examples)
    completions = [tok(e.solution, add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
                   for e in examples]
    width = max(len(c) for c in completions)
    ids = torch.full((len(examples), width), tok.pad_token_id, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    for i, c in enumerate(completions):
        ids[i, :len(c)] = torch.tensor(c)
        mask[i, :len(c)] = 1
    labels = torch.cat([torch.full_like(inputs["input_ids"], -100), ids.masked_fill(mask == 0, -100)], 1)
    inputs["input_ids"] = torch.cat([inputs["input_ids"], ids], 1)
    inputs["attention_mask"] = torch.cat([inputs["attention_mask"], mask], 1)
    if "mm_token_type_ids" in inputs:
        inputs["mm_token_type_ids"] = torch.cat([inputs["mm_token_type_ids"], torch.zeros_like(ids)], 1)
    inputs["labels"] = labels
    return inputs


def sft_until_target(model: Any, processor: Any, train: Sequence[SyntheticExample],
                     val: Sequence[SyntheticExample], settings: TaskSettings, *, seed: int,
                     max_steps: int | None = None,
                     log: Callable[[str], None] = lambda _msg: None) -> SFTResult:
    """AdamW on the reference traces until the validation split's sampled answer accuracy
    reaches ``settings.sft_target`` (checked every ``sft_check_every`` steps) or
    *max_steps* (default ``settings.sft_max_steps``) pass."""
    import random

    import torch

    s = settings
    limit = s.sft_max_steps if max_steps is None else max_steps
    torch.manual_seed(seed)
    rng = random.Random(seed)
    order: list[int] = []
    optimizer = torch.optim.AdamW(model.parameters(), lr=s.sft_lr)
    evaluator = Evaluator(processor, val, s, samples=s.sft_val_samples)
    result = SFTResult(steps=0, reached_target=False, seconds=0.0)
    start = time.perf_counter()
    model.train()
    for step in range(1, limit + 1):
        if len(order) < s.sft_batch:
            order += rng.sample(range(len(train)), len(train))
        batch = {k: v.to(model.device)
                 for k, v in _sft_batch(processor, [train[i] for i in order[:s.sft_batch]]).items()}
        del order[:s.sft_batch]
        loss = model(**batch).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        result.steps = step
        if step % s.sft_check_every == 0 or step == limit:
            acc = evaluator(model, greedy=False)["answer_accuracy_sampled"]
            result.history.append({"step": step, "loss": float(loss.detach()), "val_accuracy_sampled": acc})
            log(f"sft step {step}: loss {float(loss.detach()):.3f}, sampled val accuracy {acc:.3f}")
            if acc >= s.sft_target:
                result.reached_target = True
                break
    model.eval()
    result.seconds = time.perf_counter() - start
    return result
