#!/usr/bin/env python
"""Run stepgrpo_verl's reward function inside the reward managers of the *installed* verl, on CPU.

Run by tests/test_integration_verl_swift.py where verl is installed (skipped elsewhere: verl
is not a dependency), or by hand, in a venv of its own (CPU torch; verl pulls ray, tensordict, ...)::

    python -m venv /tmp/verl-venv
    /tmp/verl-venv/bin/pip install torch==2.13.0 verl==0.9.1 -e .      # or verl==0.5.0 (then
                                                                         # also pyarrow==19.0.1)
    /tmp/verl-venv/bin/python tests/integration/check_verl.py          # about a minute
    /tmp/verl-venv/bin/python tests/integration/check_verl.py --ray    # also the Ray paths
                                                                         # (RewardLoopWorker, `remote`)

What it does, all with verl's own code:
* composes verl's real Hydra trainer config (ppo_trainer.yaml) with the custom-reward overrides;
* loads our function with verl's loader (`load_reward_manager` / `get_custom_reward_fn`);
* reads the rows from parquet with verl's RLHFDataset + collate_fn (as the trainer does);
* builds a DataProto: left-padded `prompts`, right-padded `responses` ending in EOS,
  `attention_mask`, plus the non-tensor fields;
* calls every reward manager class the installed verl ships, compares each score with
  `stepgrpo_rewards.score_trace(decoded text, ...).total`, checks reward_extra_info the way
  the trainer consumes it (np.array per key, equal lengths, np.mean / process_validation_metrics).
Exit status 0 when every check passes.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import math
import os
import random
import string
import subprocess
import sys
import tempfile
import time
import traceback
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import torch  # noqa: E402
import verl  # noqa: E402
import verl.trainer.ppo.reward as vreward  # noqa: E402
from stepgrpo_verl import verl_overrides  # noqa: E402
from verl import DataProto  # noqa: E402

from stepgrpo_rewards import RewardConfig, score_trace  # noqa: E402

VERSION = verl.__version__
NEW = hasattr(vreward, "resolve_reward_manager_cls")  # the reward-loop era (0.9.x)
ALPHA = 0.2  # not the default (0.1): proves reward_kwargs reach our function
REWARD_PATH = subprocess.check_output([sys.executable, "-m", "stepgrpo_verl"], text=True).strip()
WORK = tempfile.mkdtemp(prefix="verl_rm_")
FAILURES: list[str] = []


def fail(msg: str) -> None:
    FAILURES.append(msg)
    print("   !! " + msg)


# ------------------------------------------------------------------------------------------
# tokenizer: byte-level BPE trained here (no hub), wrapped as a HF fast tokenizer

def build_tokenizer(corpus: list[str]):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=600, special_tokens=["<pad>", "<eos>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(corpus, trainer)
    hf = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", eos_token="<eos>",
                                 clean_up_tokenization_spaces=False)
    hf.chat_template = ("{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"
                        "{% if add_generation_prompt %}assistant: {% endif %}")
    path = os.path.join(WORK, "tokenizer")
    hf.save_pretrained(path)  # a local "model path" for hf_tokenizer() in the Ray path
    return hf, path


# ------------------------------------------------------------------------------------------
# data: the layout docs/verl.md recommends (string ground_truth, key steps in extra_info)

QUESTION = "How much taller is bar B than bar A?"
CORRECT = ("### Image Description:\nTwo bars: A is 3, B is 5.\n\n### Rationales:\nSubtract.\n\n"
           "### Let's think step by step.\n\n### Step 1:\n5 - 3 = 2\n\n### The final answer is: 2")
WRONG = CORRECT.replace("5 - 3 = 2", "5 - 3 = 3").replace("answer is: 2", "answer is: 3")
MC_Q = "Which bar is taller? A. bar A  B. bar B"
MC = ("### Image Description:\nTwo bars.\n\n### Rationales:\nCompare.\n\n### Let's think step by step.\n\n"
      "### Step 1:\nB is 5 and A is 3, so bar B is taller\n\n### The final answer is: bar B")


def garbage(n: int = 200_000) -> str:
    rnd = random.Random(0)
    alphabet = string.printable + "###" * 5 + "Step:" * 3 + "{}[]" * 3 + "é漢🙂"
    return "".join(rnd.choice(alphabet) for _ in range(n))


KS = [["5 - 3 = 2", "5-3=2"], ["B is 5"]]
ROWS = [  # (name, completion, ground_truth, extra_info)
    ("correct", CORRECT, "2", {"index": 0, "question": QUESTION, "key_steps": KS}),
    ("wrong_answer", WRONG, "2", {"index": 1, "question": QUESTION, "key_steps": KS}),
    ("invalid_structure", "It is 2.", "2", {"index": 2, "question": QUESTION, "key_steps": KS}),
    ("empty", "", "2", {"index": 3, "question": QUESTION, "key_steps": KS}),
    ("garbage_200kB", garbage(), "2", {"index": 4, "question": QUESTION, "key_steps": KS}),
    ("mc_option_text", MC, "B", {"index": 5, "question": MC_Q, "key_steps": [["bar B is taller"]]}),
    ("no_key_steps", CORRECT, "2", {"index": 6, "question": QUESTION, "key_steps": None}),
    ("numeric_gt_text", CORRECT.replace(": 2", ": 2.0"), "2", {"index": 7, "question": QUESTION, "key_steps": KS}),
]


REF = "### Step 1:\n5 - 3 = 2\n### The final answer is: 2"
MAP_ROWS = [  # ground_truth as a mapping (docs/verl.md, "Where the reference comes from")
    ("map_solution_trace", CORRECT, {"solution": REF, "key_steps": [["5 - 3 = 2"]], "question": QUESTION},
     {"index": 0, "key_steps": None}),
    ("map_answer_only_ks_in_extra", CORRECT, {"answer": "2"}, {"index": 1, "key_steps": KS}),
    ("map_wrong_gold", CORRECT, {"solution": "3", "key_steps": [["5 - 3 = 2"]]}, {"index": 2, "key_steps": None}),
    ("map_mc_question_in_gt", MC, {"answer": "B", "question": MC_Q}, {"index": 3, "key_steps": None}),
]


def write_parquet(rows_in=None, name: str = "train.parquet") -> str:
    rows_in = ROWS if rows_in is None else rows_in
    rows = [{"data_source": "r1vl", "prompt": [{"role": "user", "content": "<image>" + (e.get("question") or QUESTION)}],
             "ability": "math", "reward_model": {"style": "rule", "ground_truth": gt}, "extra_info": e}
            for _, _, gt, e in rows_in]
    path = os.path.join(WORK, name)
    pd.DataFrame(rows).to_parquet(path)
    return path


def rows_as_trainer_reads_them(parquet: str, tokenizer) -> dict:
    """verl's RLHFDataset.__getitem__ + collate_fn: the non-tensor fields the trainer carries."""
    from omegaconf import OmegaConf
    from verl.utils.dataset.rl_dataset import RLHFDataset, collate_fn

    cfg = OmegaConf.create({"prompt_key": "prompt", "max_prompt_length": 256, "filter_overlong_prompts": False,
                            "truncation": "left", "cache_dir": os.path.join(WORK, "cache"),
                            "return_raw_chat": True})
    ds = RLHFDataset(data_files=parquet, tokenizer=tokenizer, config=cfg)
    return collate_fn([ds[i] for i in range(len(ds))])


def build_batch(tokenizer, collated: dict, rows=None) -> tuple[DataProto, list[str]]:
    rows = ROWS if rows is None else rows
    pad, eos = tokenizer.pad_token_id, tokenizer.eos_token_id
    # prompts, left-padded (as the rollout does)
    if "input_ids" in collated:  # older verl tokenizes the prompt in the dataset
        prompts, prompt_mask = collated["input_ids"], collated["attention_mask"]
    else:
        ids = [tokenizer.apply_chat_template(list(m), add_generation_prompt=True, tokenize=True)
               for m in collated["raw_prompt"]]
        ids = [x["input_ids"] if isinstance(x, dict) or hasattr(x, "keys") else x for x in ids]
        plen = max(map(len, ids))
        prompts = torch.tensor([[pad] * (plen - len(x)) + list(x) for x in ids])
        prompt_mask = torch.tensor([[0] * (plen - len(x)) + [1] * len(x) for x in ids])
    # responses: completion tokens + EOS, right-padded
    resp = [tokenizer.encode(c, add_special_tokens=False) + [eos] for _, c, _, _ in rows]
    rlen = max(map(len, resp))
    responses = torch.tensor([r + [pad] * (rlen - len(r)) for r in resp])
    resp_mask = torch.tensor([[1] * len(r) + [0] * (rlen - len(r)) for r in resp])
    attention_mask = torch.cat([prompt_mask, resp_mask], dim=1)
    input_ids = torch.cat([prompts, responses], dim=1)
    position_ids = torch.clamp(torch.cumsum(attention_mask, dim=1) - 1, min=0)
    tensors = {"prompts": prompts, "responses": responses, "attention_mask": attention_mask,
               "input_ids": input_ids, "position_ids": position_ids}
    non_tensors = {k: v for k, v in collated.items() if isinstance(v, np.ndarray) and v.dtype == object}
    n = len(rows)
    non_tensors["__num_turns__"] = np.array([2] * n, dtype=object)
    if NEW:  # the agent loop adds these to what it sends to the reward loop
        non_tensors["tool_extra_fields"] = np.array([{"turn_scores": [], "tool_rewards": []} for _ in range(n)],
                                                    dtype=object)
    data = DataProto.from_dict(tensors=tensors, non_tensors=non_tensors)
    decoded = [tokenizer.decode(r[:-1], skip_special_tokens=True) for r in resp]
    for (name, c, _, _), d in zip(rows, decoded, strict=True):
        if d != c:
            fail(f"tokenizer does not round-trip row {name}")
    return data, decoded


def expected_scores(data: DataProto, decoded: list[str], alpha: float = ALPHA) -> list[float]:
    """score_trace on the decoded text, with the reference read per docs/verl.md's table."""
    cfg = RewardConfig(alpha=alpha)
    out = []
    for i, text in enumerate(decoded):
        gt = data.non_tensor_batch["reward_model"][i]["ground_truth"]
        info = data.non_tensor_batch["extra_info"][i]
        if isinstance(gt, dict):
            gold = gt.get("solution") if gt.get("solution") is not None else gt.get("answer")
            ks = gt.get("key_steps") if gt.get("key_steps") is not None else info.get("key_steps")
            q = gt.get("question") or info.get("question")
        else:
            gold, ks, q = gt, info.get("key_steps"), info.get("question")
        out.append(score_trace(text, gold, ks, question=q, config=cfg).total)
    return out


# ------------------------------------------------------------------------------------------
# config: verl's own Hydra trainer config

def fresh_loop() -> None:
    """verl's legacy prime manager closes the current event loop; reward-loop managers grab the
    current loop at construction, so give each one an open loop."""
    asyncio.set_event_loop(asyncio.new_event_loop())


def compose(overrides: list[str]):
    from hydra import compose as hcompose
    from hydra import initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    GlobalHydra.instance().clear()
    cfgdir = os.path.join(os.path.dirname(verl.__file__), "trainer", "config")
    with initialize_config_dir(config_dir=cfgdir, version_base=None):
        return hcompose(config_name="ppo_trainer", overrides=overrides)


def fn_overrides(name: str, kwargs: dict | None = None, group: str | None = None) -> list[str]:
    """What `stepgrpo_verl.verl_overrides` prints for the installed verl (``group=""``: the
    old top-level keys instead), plus ``reward_kwargs``."""
    if group is None:
        ov = verl_overrides(VERSION, name=name)
        g = ov[0][: ov[0].index("custom_reward_function")]
    else:
        g = group
        ov = [f"{g}custom_reward_function.path={REWARD_PATH}", f"{g}custom_reward_function.name={name}"]
    for k, v in (kwargs if kwargs is not None else {"alpha": ALPHA}).items():
        ov.append(f"+{g}custom_reward_function.reward_kwargs.{k}={v}")
    return ov


def manager_override(manager: str) -> list[str]:
    return [f"reward.reward_manager.name={manager}"] if NEW else [f"reward_model.reward_manager={manager}"]


# ------------------------------------------------------------------------------------------
# checks

def check(label: str, reward_tensor, extra: dict | None, data: DataProto, expected: list[float],
          expect_extra: bool = True, rows=None) -> None:
    rows = ROWS if rows is None else rows
    n, rlen = data.batch["responses"].shape
    plen = data.batch["prompts"].shape[-1]
    vlen = data.batch["attention_mask"][:, plen:].sum(-1)
    rt = reward_tensor
    if tuple(rt.shape) != (n, rlen):
        fail(f"{label}: reward tensor shape {tuple(rt.shape)} != {(n, rlen)}")
        return
    got = [float(rt[i, int(vlen[i]) - 1]) for i in range(n)]
    if not torch.equal(rt.sum(-1), torch.tensor(got, dtype=rt.dtype)):
        fail(f"{label}: reward not only at the last response token")
    bad = [(rows[i][0], got[i], expected[i]) for i in range(n) if not math.isclose(got[i], expected[i], abs_tol=1e-6)]
    print(f"   scores@last token: {[round(x, 4) for x in got]}")
    if bad:
        fail(f"{label}: score != score_trace(...).total for {bad}")
    else:
        print("   == score_trace(decoded, ...).total for all rows")
    if not expect_extra:
        return
    if not extra:
        fail(f"{label}: no reward_extra_info")
        return
    lens = {k: len(v) for k, v in extra.items()}
    if set(lens.values()) != {n}:
        fail(f"{label}: reward_extra_info lengths {lens} (batch {n})")
    for k, v in extra.items():
        arr = np.array(list(v))
        if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
            fail(f"{label}: reward_extra_info[{k!r}] not numeric: dtype {arr.dtype}")
        elif not np.isfinite(arr).all():
            fail(f"{label}: reward_extra_info[{k!r}] not finite")
        else:
            float(np.mean(arr)), float(np.std(arr))
    print("   extra_info: " + "; ".join(f"{k}={[round(float(x), 3) for x in v]}" for k, v in extra.items()))
    try:  # what the trainer does with them at validation
        from verl.trainer.ppo.metric_utils import process_validation_metrics
        ds = list(data.non_tensor_batch["data_source"])
        uids = [f"u{i}" for i in range(n)]
        infos = {"reward": got, **{k: list(v) for k, v in extra.items()}}
        m = process_validation_metrics(ds, uids, infos)
        keys = sorted(m["r1vl"])
        print(f"   process_validation_metrics OK: vars {keys}")
    except Exception as e:
        fail(f"{label}: process_validation_metrics raised {type(e).__name__}: {e}")


def timed(fn, *a, **k):
    t = time.perf_counter()
    out = fn(*a, **k)
    return out, time.perf_counter() - t


# ------------------------------------------------------------------------------------------
# the trainer path of verl 0.9.x: experimental reward loop managers, run_single per sample

def run_reward_loop_manager(manager: str, tokenizer, data: DataProto, expected, router: str | None = None):
    cfg = compose(fn_overrides("compute_score") + manager_override(manager)
                  + ["trainer.experiment_name=stepgrpo_check", "reward.num_workers=1"])
    fresh_loop()
    mgr = vreward.load_reward_manager(cfg, tokenizer, reward_router_address=router, reward_model_tokenizer=None)
    data = copy.deepcopy(data)

    async def go():  # RewardLoopWorker.compute_score_batch: one run_single per sample
        return await asyncio.gather(*[mgr.run_single(data[i:i + 1]) for i in range(len(data))])

    outs, dt = timed(lambda: mgr.loop.run_until_complete(go()))
    scores = [o["reward_score"] for o in outs]
    rm_scores = type(mgr).assemble_rm_scores(data, scores)  # RewardLoopManager.compute_rm_score
    infos = [o.get("reward_extra_info", {}) for o in outs]
    keys = list(infos[0].keys())  # the agent loop / RewardLoopManager take the FIRST sample's keys
    extra = {k: np.array([info[k] for info in infos]) for k in keys}
    print(f"   {len(data)} samples in {dt:.2f}s; compute_score={mgr.compute_score}")
    return rm_scores, extra


def run_legacy_manager(name: str, fn_name: str, tokenizer, data: DataProto, expected, via_loader: bool):
    extra_ov = []
    if not NEW and name == "dapo":  # verl 0.5.0's DAPO manager reads overlong_buffer_cfg.enable unguarded
        extra_ov = ["+reward_model.reward_kwargs.max_resp_len=200000",
                    "+reward_model.reward_kwargs.overlong_buffer_cfg.enable=false",
                    "+reward_model.reward_kwargs.overlong_buffer_cfg.len=1000",
                    "+reward_model.reward_kwargs.overlong_buffer_cfg.penalty_factor=1.0",
                    "+reward_model.reward_kwargs.overlong_buffer_cfg.log=false"]
    cfg = compose(fn_overrides(fn_name) + manager_override(name) + extra_ov)
    if via_loader:  # verl < 0.9: what main_ppo does
        mgr = vreward.load_reward_manager(cfg, tokenizer, num_examine=0,
                                          **cfg.reward_model.get("reward_kwargs", {}))
    else:  # 0.9.x: the classes ship but no trainer path builds them; construct them directly
        from verl.workers.reward_manager import get_reward_manager_cls
        fn = vreward.get_custom_reward_fn(cfg)
        mgr = get_reward_manager_cls(name)(tokenizer=tokenizer, num_examine=0, compute_score=fn,
                                          reward_fn_key="data_source")
    data = copy.deepcopy(data)
    res, dt = timed(mgr, data, return_dict=True)
    print(f"   {len(data)} samples in {dt:.2f}s")
    return res["reward_tensor"], res.get("reward_extra_info")


def section(title: str) -> None:
    print(f"\n== {title}")


def attempt(title: str, fn, *a, **k):
    section(title)
    try:
        return fn(*a, **k)
    except Exception as e:
        fail(f"{title}: {type(e).__name__}: {str(e)[:300]}")
        traceback.print_exc(limit=3, file=sys.stdout)
        return None


# ------------------------------------------------------------------------------------------

def main() -> int:
    """Run every check against the installed verl; 0 when all pass."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--ray", action="store_true", help="also run the Ray paths (slow to start)")
    args = ap.parse_args()
    print(f"verl {VERSION} ({'reward-loop era' if NEW else 'legacy reward managers'}), torch {torch.__version__}")
    print(f"custom_reward_function.path = {REWARD_PATH}; reward_kwargs alpha={ALPHA}")
    tokenizer, tok_path, data, decoded, expected = prepare_batch()
    if NEW:
        check_reward_loop_managers(tokenizer, data, expected)
    check_legacy_managers(tokenizer, data, expected)
    check_mapping_ground_truth(tokenizer)
    check_top_level_keys(tokenizer, data)
    if NEW:
        check_batch_recipe_on_09(tokenizer, data)
    check_misspelt_kwargs(tokenizer, data)
    check_dapo_overlong_buffer(tokenizer, data)
    check_pickled_function(decoded, expected)
    if args.ray and NEW:
        attempt("[Ray] RewardLoopManager(config).compute_rm_score(data), real Ray actors", run_ray, tok_path,
                data, expected)
    print(f"\n{len(FAILURES)} failure(s)")
    for f in FAILURES:
        print(" - " + f)
    return 1 if FAILURES else 0


def prepare_batch():
    """The tokenizer (and its folder), the ROWS batch as the trainer builds it, the decoded
    responses and the scores `score_trace` gives them; prints what the batch holds."""
    corpus = [c[:5000] for _, c, _, _ in ROWS] + [QUESTION, MC_Q] * 20
    tokenizer, tok_path = build_tokenizer(corpus)
    collated = rows_as_trainer_reads_them(write_parquet(), tokenizer)
    data, decoded = build_batch(tokenizer, collated)
    expected = expected_scores(data, decoded)
    print(f"batch: {len(data)} rows {[r[0] for r in ROWS]}; responses {tuple(data.batch['responses'].shape)}, "
          f"prompts {tuple(data.batch['prompts'].shape)}")
    print(f"extra_info as the trainer carries it (row 0): "
          f"{ {k: type(v).__name__ for k, v in data.non_tensor_batch['extra_info'][0].items()} }")
    print(f"expected (score_trace .total, alpha={ALPHA}): {[round(x, 4) for x in expected]}")
    return tokenizer, tok_path, data, decoded, expected


def check_reward_loop_managers(tokenizer, data: DataProto, expected: list[float]) -> None:
    """verl 0.9's trainer path: every reward-loop manager scores as the core (one also with a
    reward-model router set); the batch and prime managers cannot be picked there."""
    for m in ["naive", "dapo", "gdpo", "rate_limited"]:
        r = attempt(f"[trainer path] reward.reward_manager.name={m} (experimental reward loop)",
                    run_reward_loop_manager, m, tokenizer, data, expected)
        if r:
            check(m, r[0], r[1], data, expected)
    r = attempt("[trainer path] naive with a reward model router set (passes reward_router_address, "
                "reward_model_tokenizer)", run_reward_loop_manager, "naive", tokenizer, data, expected,
                router="127.0.0.1:9")
    if r:
        check("naive+router", r[0], r[1], data, expected)
    for m in ["batch", "prime"]:
        section(f"[trainer path] reward.reward_manager.name={m}")
        try:
            cfg = compose(fn_overrides("compute_score") + manager_override(m))
            vreward.resolve_reward_manager_cls(cfg)
            print("   resolves (unexpected)")
        except Exception as e:
            print(f"   -> {type(e).__name__}: {e}  (not usable from the 0.9 trainer)")


def check_legacy_managers(tokenizer, data: DataProto, expected: list[float]) -> None:
    """The legacy manager classes with each of our functions (through verl's loader before 0.9,
    built directly on 0.9); prime with the dict-returning function scores all 0, as documented."""
    legacy = [("naive", "compute_score"), ("dapo", "compute_score"), ("batch", "compute_score_batch"),
              ("prime", "compute_score_value"), ("prime", "compute_score")]
    for m, fn_name in legacy:
        tag = "legacy class, built directly" if NEW else "load_reward_manager, as main_ppo"
        r = attempt(f"[{tag}] {m} with custom_reward_function.name={fn_name}",
                    run_legacy_manager, m, fn_name, tokenizer, data, expected, via_loader=not NEW)
        if r:
            if m == "prime" and fn_name == "compute_score":
                got = r[0].sum(-1).tolist()
                print(f"   scores: {[round(x, 4) for x in got]}  (docs: a dict result makes prime score all 0)")
                if any(got):
                    fail("prime+compute_score: expected all zeros per docs/verl.md")
            else:
                check(f"{m}/{fn_name}", r[0], r[1], data, expected, expect_extra=(m != "prime"))


def check_mapping_ground_truth(tokenizer) -> None:
    """ground_truth as a mapping, through parquet/Arrow (struct columns fill absent fields with None)."""
    section("ground_truth as a mapping (second parquet file)")
    try:
        mcoll = rows_as_trainer_reads_them(write_parquet(MAP_ROWS, "map.parquet"), tokenizer)
        mdata, mdec = build_batch(tokenizer, mcoll, MAP_ROWS)
        mexp = expected_scores(mdata, mdec)
        print(f"   reward_model[1] as carried: {mdata.non_tensor_batch['reward_model'][1]}")
        print(f"   expected: {[round(x, 4) for x in mexp]}")
        if NEW:
            r = run_reward_loop_manager("naive", tokenizer, mdata, mexp)
        else:
            r = run_legacy_manager("naive", "compute_score", tokenizer, mdata, mexp, via_loader=True)
        check("map/naive", r[0], r[1], mdata, mexp, rows=MAP_ROWS)
        r = run_legacy_manager("batch", "compute_score_batch", tokenizer, mdata, mexp, via_loader=not NEW)
        check("map/batch", r[0], r[1], mdata, mexp, rows=MAP_ROWS)
    except Exception as e:
        fail(f"mapping ground_truth: {type(e).__name__}: {str(e)[:300]}")
        traceback.print_exc(limit=4, file=sys.stdout)


def check_top_level_keys(tokenizer, data: DataProto) -> None:
    """The old top-level keys: verl 0.9 accepts them and reads nothing (docs/verl.md, "The config")."""
    section("the old top-level keys: custom_reward_function.path=... (what verl 0.9 ignores)")
    try:
        cfg = compose(fn_overrides("compute_score", group=""))
        if NEW:
            fn = vreward.get_custom_reward_fn(cfg)
            print(f"   top-level group holds {dict(cfg.custom_reward_function)}")
            print(f"   verl's get_custom_reward_fn(config) -> {fn}  (reads config.reward.custom_reward_function)")
            fresh_loop()
            mgr = vreward.load_reward_manager(cfg, tokenizer)
            try:
                mgr.loop.run_until_complete(mgr.run_single(copy.deepcopy(data)[0:1]))
                print("   scored without error (unexpected)")
            except Exception as e:
                print(f"   naive manager then uses verl's default_compute_score: {type(e).__name__}: {str(e)[:120]}")
        else:
            print(f"   get_custom_reward_fn(config) -> {vreward.get_custom_reward_fn(cfg)}")
    except Exception as e:
        fail(f"top-level overrides: {type(e).__name__}: {e}")


def check_batch_recipe_on_09(tokenizer, data: DataProto) -> None:
    """The docs' batch recipe (reward_model.reward_manager=batch + name=compute_score_batch) on
    verl 0.9, where the legacy key no longer picks the manager."""
    section("docs' batch recipe on 0.9: reward_model.reward_manager=batch (legacy key) + name=compute_score_batch")
    try:
        cfg = compose(fn_overrides("compute_score_batch") + ["reward_model.reward_manager=batch"])
        print(f"   manager the trainer builds: {vreward.resolve_reward_manager_cls(cfg).__name__} "
              f"(reward.reward_manager.name={cfg.reward.reward_manager.name})")
        fresh_loop()
        mgr = vreward.load_reward_manager(cfg, tokenizer)
        mgr.loop.run_until_complete(mgr.run_single(copy.deepcopy(data)[0:1]))
        print("   scored (unexpected)")
    except Exception as e:
        print(f"   -> {type(e).__name__}: {str(e)[:150]}")


def check_misspelt_kwargs(tokenizer, data: DataProto) -> None:
    """Misspelt reward_kwargs: our strict check, raised inside verl's manager."""
    section("misspelt reward_kwargs (alpah=0.2) through verl's loader + naive manager")
    try:
        cfg = compose(fn_overrides("compute_score", {"alpah": 0.2}) + manager_override("naive"))
        if NEW:
            fresh_loop()
            mgr = vreward.load_reward_manager(cfg, tokenizer)
            mgr.loop.run_until_complete(mgr.run_single(copy.deepcopy(data)[0:1]))
        else:
            vreward.load_reward_manager(cfg, tokenizer, num_examine=0)(copy.deepcopy(data), return_dict=True)
        fail("misspelt kwarg accepted")
    except ValueError as e:
        print(f"   raises ValueError as documented: {str(e)[:90]}...")


def check_dapo_overlong_buffer(tokenizer, data: DataProto) -> None:
    """DAPO's own reward_kwargs (overlong buffer) must not reach our function."""
    section("dapo with its overlong buffer enabled")
    try:
        if NEW:
            _dapo_overlong_reward_loop(tokenizer, data)
        else:
            _dapo_overlong_legacy(tokenizer, data)
    except Exception as e:
        fail(f"dapo overlong: {type(e).__name__}: {str(e)[:300]}")


def _dapo_overlong_reward_loop(tokenizer, data: DataProto) -> None:
    """verl 0.9: the DAPO reward-loop manager with its overlong buffer, one sample at a time."""
    ov = ["+reward.reward_kwargs.max_resp_len=100000", "+reward.reward_kwargs.overlong_buffer_cfg.enable=true",
          "+reward.reward_kwargs.overlong_buffer_cfg.len=1000",
          "+reward.reward_kwargs.overlong_buffer_cfg.penalty_factor=1.0",
          "+reward.reward_kwargs.overlong_buffer_cfg.log=true"]
    cfg = compose(fn_overrides("compute_score") + manager_override("dapo") + ov)
    fresh_loop()
    mgr = vreward.load_reward_manager(cfg, tokenizer)
    outs = mgr.loop.run_until_complete(asyncio.gather(*[mgr.run_single(copy.deepcopy(data)[i:i + 1])
                                                        for i in range(len(data))]))
    print(f"   scores {[round(float(o['reward_score']), 3) for o in outs]}; extra keys "
          f"{list(outs[0]['reward_extra_info'])}")


def _dapo_overlong_legacy(tokenizer, data: DataProto) -> None:
    """verl < 0.9: the dapo and batch managers with the overlong buffer in reward_model.reward_kwargs."""
    ov = ["+reward_model.reward_kwargs.max_resp_len=100000",
          "+reward_model.reward_kwargs.overlong_buffer_cfg.enable=true",
          "+reward_model.reward_kwargs.overlong_buffer_cfg.len=1000",
          "+reward_model.reward_kwargs.overlong_buffer_cfg.penalty_factor=1.0",
          "+reward_model.reward_kwargs.overlong_buffer_cfg.log=true"]
    for m, fn_name in [("dapo", "compute_score"), ("batch", "compute_score_batch")]:
        cfg = compose(fn_overrides(fn_name) + manager_override(m) + ov)
        try:
            mgr = vreward.load_reward_manager(cfg, tokenizer, num_examine=0,
                                              **cfg.reward_model.get("reward_kwargs", {}))
            res = mgr(copy.deepcopy(data), return_dict=True)
            print(f"   {m}: scores {[round(x, 3) for x in res['reward_tensor'].sum(-1).tolist()]}; "
                  f"extra keys {list(res['reward_extra_info'])}")
        except Exception as e:
            print(f"   {m} with reward_model.reward_kwargs set: {type(e).__name__}: {str(e)[:160]}")


def check_pickled_function(decoded: list[str], expected: list[float]) -> None:
    """What verl ships to workers: the wrapped function, by cloudpickle, into a fresh process."""
    section("the loaded function (functools.partial) pickled into a fresh spawned process")
    try:
        import multiprocessing as mp

        import cloudpickle
        cfg = compose(fn_overrides("compute_score"))
        fn = vreward.get_custom_reward_fn(cfg)
        blob = cloudpickle.dumps(fn)
        print(f"   raw fn: {fn.args[0].__module__}.{fn.args[0].__qualname__}; pickle {len(blob)} bytes")
        ctx = mp.get_context("spawn")
        with ctx.Pool(1) as pool:
            r = pool.apply(_unpickle_and_call, (blob, decoded[0], "2", {"key_steps": KS}))
        print(f"   in the spawned process: score {r}")
        if not math.isclose(r, expected[0], abs_tol=1e-6):
            fail(f"spawned process scored {r}, expected {expected[0]}")
    except Exception as e:
        fail(f"pickling: {type(e).__name__}: {str(e)[:300]}")


def _unpickle_and_call(blob, text, gt, info):
    import cloudpickle
    fn = cloudpickle.loads(blob)
    return fn(data_source="r1vl", solution_str=text, ground_truth=gt, extra_info=info)["score"]


def run_ray(tok_path, data, expected):
    import ray
    from verl.experimental.reward_loop.reward_loop import RewardLoopManager

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        for m in ["naive", "remote"]:
            cfg = compose(fn_overrides("compute_score") + manager_override(m)
                          + ["reward.num_workers=1", f"actor_rollout_ref.model.path={tok_path}"])
            mgr = RewardLoopManager(cfg)
            out, dt = timed(mgr.compute_rm_score, copy.deepcopy(data))
            extra = {k: out.non_tensor_batch[k] for k in out.meta_info["reward_extra_keys"]}
            print(f"   [{m}] compute_rm_score in {dt:.2f}s")
            check(f"ray/{m}", out.batch["rm_scores"], extra, data, expected)
            for w in mgr.reward_loop_workers:
                ray.kill(w)
    finally:
        ray.shutdown()


if __name__ == "__main__":
    sys.exit(main())
