"""Run StepRAR/StepRVR (`stepgrpo_trl.swift`) through ms-swift's real GRPO reward path, on
CPU, with no model. Run by tests/test_integration_verl_swift.py where ms-swift is installed
(skipped elsewhere; ms-swift pins its own trl, which clashes with the trl extra), or by hand,
in a venv of its own::

    python -m venv /tmp/swift-venv
    /tmp/swift-venv/bin/pip install torch==2.13.0 ms-swift msgspec -e .    # no [trl] extra
    /tmp/swift-venv/bin/python tests/integration/check_swift.py          # prints MATCH per row

Real swift code used, in order:
  swift.dataset.load_dataset (local JSONL; the auto column mapping GRPO datasets go through)
  BaseArguments._import_external_plugins (what --external_plugins does)
  GRPOConfig (swift's training args; reward_weights, scale_rewards)
  GRPOTrainer._prepare_algorithm_params / _prepare_rewards (name -> orms[name](args=args))
  GRPOTrainer.to_samples + GRPOSample.apply_rollout_output (a rollout's reply -> messages)
  GRPOTrainer._compute_rewards_per_func -> rl_core.grpo_algorithm.compute_rewards_per_func
  GRPOTrainer._compute_advantages (rewards/<Name>/mean metrics, nansum of weighted rewards)
on a stand-in `self` (types.SimpleNamespace) holding only the attributes those methods read.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import types
from collections import defaultdict

os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
WORK = tempfile.mkdtemp(prefix="swift_rewards_")

import swift  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402
from stepgrpo_trl import completion_text, get_step_rar_reward, step_rar_reward  # noqa: E402
from stepgrpo_trl.swift import plugin_file  # noqa: E402
from stepgrpo_trl.swift import question_of as _question  # noqa: E402
from swift.arguments.base_args.base_args import BaseArguments  # noqa: E402
from swift.dataset import load_dataset  # noqa: E402
from swift.infer_engine.protocol import (  # noqa: E402
    ChatCompletionResponse,
    ChatCompletionResponseChoice,
    ChatMessage,
    RolloutOutput,
    UsageInfo,
)
from swift.rewards import orms  # noqa: E402
from swift.rlhf_trainers import GRPOConfig, GRPOTrainer  # noqa: E402
from transformers import TrainerState  # noqa: E402

import stepgrpo_rewards  # noqa: E402
from stepgrpo_rewards import score_trace  # noqa: E402

print(f"swift {swift.__version__}  stepgrpo_rewards {stepgrpo_rewards.__version__}  torch {torch.__version__}")

# ---------------------------------------------------------------- data ---------------------------
IMG = os.path.join(WORK, "bars.png")
Image.new("RGB", (8, 8), "white").save(IMG)
QUESTION = "How much taller is bar B than bar A?"
KEY_STEPS = [["5 - 3 = 2", "5-3=2"]]


def trace(answer: str, step: str = "5 - 3 = 2") -> str:
    return ("### Image Description:\nTwo bars: A is 3, B is 5.\n\n### Rationales:\nSubtract.\n\n"
            f"### Let's think step by step.\n\n### Step 1:\n{step}\n\n### The final answer is: {answer}")


COMPLETIONS = [
    ("correct", trace("2")),
    ("wrong", trace("8", "5 + 3 = 8")),
    ("garbage", "asdf qwerty ###"),
    ("correct, no format", "B is 5 and A is 3, so the answer is 2."),
]
# Layout 1: problem/solution columns (ResponsePreprocessor); layout 2: messages (Mulberry-like).
rows_problem = [
    {"problem": QUESTION, "solution": "### The final answer is: 2", "key_steps": KEY_STEPS, "images": [IMG]},
    {"problem": "A question with no gold answer", "solution": None, "key_steps": KEY_STEPS, "images": [IMG]},
]
rows_messages = [
    {"messages": [{"role": "user", "content": f"<image>{QUESTION}"},
                  {"role": "assistant", "content": trace("2")}],
     "images": [IMG], "solution": "2", "key_steps": KEY_STEPS},
]
MC_QUESTION = "How much taller is bar B than bar A?\nChoices:\nA. 8\nB. 2\nC. 5"
rows_messages.append(
    {"messages": [{"role": "user", "content": f"<image>{MC_QUESTION}"}], "images": [IMG],
     "solution": "B", "key_steps": KEY_STEPS})
for name, rows in (("problem", rows_problem), ("messages", rows_messages)):
    with open(os.path.join(WORK, f"{name}.jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")

print("\n== 1. swift.dataset.load_dataset (GRPO sets remove_unused_columns=False) ==")
datasets = {}
for name in ("problem", "messages"):
    ds, _ = load_dataset(os.path.join(WORK, f"{name}.jsonl"), remove_unused_columns=False,
                         load_from_cache_file=False)
    datasets[name] = ds
    print(f"[{name}] columns: {ds.column_names}")
    print(f"[{name}] row 0: " + json.dumps({k: v for k, v in ds[0].items()}, default=str)[:400])

# ---------------------------------------------------------------- plugin -------------------------
print("\n== 2. --external_plugins (BaseArguments._import_external_plugins) ==")
BaseArguments._import_external_plugins(types.SimpleNamespace(
    external_plugins=[plugin_file()], custom_register_path=[]))
print("registered:", [k for k in orms if k.startswith("step")])

print("\n== 3. as-is (no adapter): what swift's construction orms[name](args=args) does ==")
args = GRPOConfig(output_dir=os.path.join(WORK, "out"), use_cpu=True, report_to=[], num_generations=4,
                  per_device_train_batch_size=4, scale_rewards="group", kl_in_reward=False,
                  reward_weights=[1.0, 1.0])
for label, obj in (("class StepRARReward", type(step_rar_reward)), ("instance step_rar_reward", step_rar_reward)):
    try:
        obj(args=args)
        print(f"{label}: ok")
    except Exception as e:
        print(f"{label}: {type(e).__name__}: {e}")
print("factory `lambda args=None: get_step_rar_reward()`:",
      type((lambda args=None: get_step_rar_reward())(args=args)).__name__,
      "-> logged as its class name")


# ---------------------------------------------------------------- trainer stand-in ---------------
from accelerate import Accelerator  # noqa: E402

fake = types.SimpleNamespace(args=args, accelerator=Accelerator(cpu=True), use_gym_env=False, is_deepspeed_enabled=False,
                             is_fsdp_enabled=False, sample_cls=GRPOTrainer.sample_cls,
                             enable_server_multi_turn=False, state=TrainerState(), dynamic_num_samples=False,
                             model=types.SimpleNamespace(training=True), num_generations=4,
                             num_generations_eval=4, beta=0.0,
                             _metrics={"train": defaultdict(list), "eval": defaultdict(list)},
                             _logs={"rewards": defaultdict(list)})
fake._disable_sp_context = types.MethodType(GRPOTrainer._disable_sp_context, fake)
GRPOTrainer._prepare_algorithm_params(fake)

print("\n== 4. GRPOTrainer._prepare_rewards(['step_rar', 'step_rvr']) ==")
GRPOTrainer._prepare_rewards(fake, ["step_rar", "step_rvr"])
print("reward_funcs:", [type(f).__name__ for f in fake.reward_funcs])
print("reward_func_names:", fake.reward_func_names, " reward_weights:", fake.reward_weights.tolist())


DIFFS: list[str] = []


def run(ds_name: str, row_index: int, with_solution: bool = True, question: str | None = QUESTION,
        completions=None) -> None:
    global COMPLETIONS
    saved, COMPLETIONS = COMPLETIONS, (completions or COMPLETIONS)
    try:
        _run(ds_name, row_index, with_solution, question)
    finally:
        COMPLETIONS = saved


def _run(ds_name: str, row_index: int, with_solution: bool, question: str | None) -> None:
    row = dict(datasets[ds_name][row_index])
    if not with_solution:
        row.pop("solution")
    rows = [dict(row) for _ in COMPLETIONS]                      # RepeatSampler: num_generations copies
    samples = GRPOTrainer.to_samples(fake, rows)
    for s, (_, text) in zip(samples, COMPLETIONS, strict=True):
        s.apply_rollout_output(rollout_output=RolloutOutput(response=ChatCompletionResponse(
            model="m", usage=UsageInfo(0, 0, 0),
            choices=[ChatCompletionResponseChoice(index=0, message=ChatMessage(role="assistant", content=text),
                                                  finish_reason="stop")])))
    seen = {}
    cls = type(fake.reward_funcs[0])
    orig = cls.__call__

    def spy(self, completions, **kw):  # records what swift passes, then calls the real reward
        seen.update(completions=completions, kwargs=dict(kw))
        return orig(self, completions, **kw)

    cls.__call__ = spy
    try:
        rewards = GRPOTrainer._compute_rewards_per_func(fake, samples)
    except Exception as e:
        print(f"[{ds_name} row {row_index}{'' if with_solution else ', solution column dropped'}] "
              f"{type(e).__name__}: {e}")
        return
    finally:
        cls.__call__ = orig
    kw = seen.get("kwargs", {})
    print(f"\n[{ds_name} row {row_index}] completions type: {type(seen['completions'][0]).__name__}; kwargs: "
          f"{sorted(kw)}")
    print("  solution:", kw.get("solution"), " problem column passed:", "problem" in kw,
          " question the plugin rebuilds from messages:", _question(kw["messages"][0]))
    print("  images[0]:", kw.get("images", [None])[0], " trainer_state:", type(kw.get("trainer_state")).__name__)
    fake._metrics["train"].clear()
    adv = GRPOTrainer._compute_advantages(fake, samples, rewards, [])
    for i, (label, text) in enumerate(COMPLETIONS):
        sol = row.get("solution") if with_solution else None
        ts = score_trace(text, sol, row.get("key_steps"), question=question)
        rar, rvr = rewards[i].tolist()
        ok = (math.isnan(rar) if ts.gold_answer is None else math.isclose(rar, ts.accuracy, rel_tol=1e-6)) and \
            math.isclose(rvr, ts.validity, rel_tol=1e-6)
        if not ok:
            DIFFS.append(f"{ds_name} row {row_index}: {label}")
        print(f"  {label:20s} swift StepRAR={rar:.3f} StepRVR={rvr:.3f} | score_trace accuracy="
              f"{ts.accuracy:.3f} validity={ts.validity:.3f} gold={ts.gold_answer!r} -> "
              f"{'MATCH' if ok else 'DIFF'}; advantage={adv[i].item():+.3f}")
    print("  metrics:", {k: [round(x, 3) for x in v] for k, v in fake._metrics["train"].items()})


print("\n== 5. rewards through GRPOTrainer._compute_rewards_per_func and _compute_advantages ==")
run("problem", 0)
run("problem", 1)            # solution None -> StepRAR None -> NaN
run("messages", 0)
run("messages", 0, with_solution=False)   # a Mulberry messages dataset without a solution column

print("\n== 6. multiple choice: gold 'B', the model answers with the option text '2' ==")
print("  (the plugin rebuilds the question from messages; compared with score_trace with and without it)")
mc = [("answers 2 (option B's text)", trace("2")), ("answers B", trace("B")), ("answers 8 (A)", trace("8", "5 + 3 = 8")),
      ("garbage", "???")]
run("messages", 1, question=MC_QUESTION, completions=mc)
for _label, text in mc[:1]:
    print("  score_trace WITHOUT question:", score_trace(text, "B", KEY_STEPS).accuracy)

REASONING = trace("2").rsplit("\n\n### The final answer", 1)[0]   # the steps; content holds the answer
print("\n== 7. a thinking model: swift keeps only message.content, not reasoning_content ==")
s = GRPOTrainer.to_samples(fake, [dict(datasets["messages"][0])])[0]
s.apply_rollout_output(rollout_output=RolloutOutput(response=ChatCompletionResponse(
    model="m", usage=UsageInfo(0, 0, 0), choices=[ChatCompletionResponseChoice(
        index=0, message=ChatMessage(role="assistant", content="### The final answer is: 2",
                                     reasoning_content=REASONING), finish_reason="stop")])))
print("  last message:", s.messages[-1])
r = GRPOTrainer._compute_rewards_per_func(fake, [s])
print("  swift rewards [StepRAR, StepRVR]:", [round(x, 3) for x in r[0].tolist()],
      "| our TRL adapter given the same message (reasoning_content kept):",
      (lambda t: (t.accuracy, t.validity))(score_trace(completion_text(
          {"role": "assistant", "reasoning_content": REASONING, "content": "### The final answer is: 2"}),
          "2", KEY_STEPS)))

print("\n== 8. Python API: our TRL reward objects passed as-is (GRPOTrainer(reward_funcs=[...])) ==")
from stepgrpo_trl import step_rvr_reward  # noqa: E402

fake2 = types.SimpleNamespace(**{k: v for k, v in vars(fake).items()})
fake2._disable_sp_context = types.MethodType(GRPOTrainer._disable_sp_context, fake2)
GRPOTrainer._prepare_rewards(fake2, [step_rar_reward, step_rvr_reward])
print("  reward_func_names:", fake2.reward_func_names, "(our __name__ 'step_rar' is not used)")
samples = GRPOTrainer.to_samples(fake2, [dict(datasets["problem"][0]) for _ in COMPLETIONS])
for smp, (_, text) in zip(samples, COMPLETIONS, strict=True):
    smp.apply_rollout_output(rollout_output=RolloutOutput(response=ChatCompletionResponse(
        model="m", usage=UsageInfo(0, 0, 0), choices=[ChatCompletionResponseChoice(
            index=0, message=ChatMessage(role="assistant", content=text), finish_reason="stop")])))
print("  rewards:", [[round(x, 3) for x in row] for row in GRPOTrainer._compute_rewards_per_func(fake2, samples).tolist()])

print("\n== 9. an R1-VL-10K record (image_path, problem, solution, key_steps {'Steps': [...]}) via --columns ==")
p = os.path.join(WORK, "r1vl.jsonl")
with open(p, "w") as f:
    f.write(json.dumps({"id": "g1", "image_path": IMG, "problem": QUESTION, "answer": "2",
                        "solution": trace("2"), "key_steps": {"Steps": ["5 - 3 = 2"]}}) + "\n")
ds, _ = load_dataset(p, remove_unused_columns=False, load_from_cache_file=False, columns={"image_path": "images"})
print("  columns:", ds.column_names)
print("  row:", json.dumps(ds[0], default=str)[:300])
datasets["r1vl"] = ds
run("r1vl", 0)

print(f"\n{len(DIFFS)} difference(s) from score_trace" + (f": {DIFFS}" if DIFFS else ""))
raise SystemExit(1 if DIFFS else 0)
