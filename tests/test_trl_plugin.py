"""Unit tests of the TRL plugin (`stepgrpo_trl`): reward callables, metrics, dataset helpers.

No training here (see test_trl_integration.py); trl itself is only imported to check
names and the message format against the installed version.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import pickle
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import stepgrpo_trl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stepgrpo_trl import (
    DatasetBuildError,
    batch_metrics,
    build_grpo_dataset,
    completion_text,
    convert_record,
    get_step_rar_reward,
    get_step_rvr_reward,
    get_stepgrpo_rewards,
    group_spans,
    load_grpo_dataset,
    step_rar_reward,
    step_rvr_reward,
    tied_group_fraction,
)
from stepgrpo_trl import rewards as rewards_module

from stepgrpo_rewards import RewardConfig, problem_kind, score_trace

#: Building datasets needs `datasets` (the "trl" extra); without it those tests skip.
needs_datasets = pytest.mark.skipif(importlib.util.find_spec("datasets") is None,
                                    reason='needs datasets (pip install ".[trl]")')

GOOD = (
    "### Image Description:\nA right triangle with legs 3 and 4.\n\n"
    "### Rationales:\nThe Pythagorean theorem.\n\n"
    "### Let's think step by step.\n\n"
    "### Step 1:\n3^2 + 4^2 = 25\n\n"
    "### Step 2:\nc = 5\n\n"
    "### The final answer is: 5"
)
WRONG_ANSWER = GOOD.replace("answer is: 5", "answer is: 7")
SKIPPED_STEP = GOOD.replace("### Step 2:", "### Step 3:")
NO_STRUCTURE = "the answer is probably five"
SOLUTION = GOOD
KEY_STEPS = [["3^2 + 4^2 = 25", "9 + 16 = 25"], ["c = 5"]]

CASES = [GOOD, WRONG_ANSWER, SKIPPED_STEP, NO_STRUCTURE, "", "### The final answer is: 5"]


def _conv(text: str) -> list[dict]:
    return [{"role": "assistant", "content": text}]


def _batch(texts=CASES, solution=SOLUTION, key_steps=KEY_STEPS, **extra):
    n = len(texts)
    return dict(solution=[solution] * n, key_steps=[key_steps] * n, **extra)


# -- values equal the core's ------------------------------------------------------------

@pytest.mark.parametrize("conversational", [False, True])
def test_values_equal_core_score_trace(conversational):
    completions = [_conv(t) for t in CASES] if conversational else list(CASES)
    rar = step_rar_reward(completions, **_batch())
    rvr = step_rvr_reward(completions, **_batch())
    for text, a, v in zip(CASES, rar, rvr, strict=True):
        core = score_trace(text, SOLUTION, KEY_STEPS)
        assert a == pytest.approx(core.accuracy)
        assert v == pytest.approx(core.validity)
    assert rar[0] == pytest.approx(1.1) and rvr[0] == 1.0
    assert rar[1] == pytest.approx(0.1) and rvr[1] == 1.0   # wrong answer, both key steps
    assert rvr[2] == 0.0                                      # step 2 skipped
    assert rvr[3] == 0.0 and rar[3] == 0.0


def test_config_is_used():
    cfg = RewardConfig(alpha=0.5, validity_reward=2.0)
    rar, rvr = get_stepgrpo_rewards(cfg)
    assert rar([GOOD], **_batch([GOOD])) == [pytest.approx(1.5)]
    assert rvr([GOOD]) == [2.0]
    core = score_trace(WRONG_ANSWER, SOLUTION, KEY_STEPS, config=cfg)
    assert rar([WRONG_ANSWER], **_batch([WRONG_ANSWER])) == [pytest.approx(core.accuracy)]


def test_names_are_trl_metric_keys():
    pytest.importorskip("trl")
    from trl.trainer.utils import get_callable_name

    assert step_rar_reward.__name__ == "step_rar"
    assert step_rvr_reward.__name__ == "step_rvr"
    assert get_callable_name(step_rar_reward) == "step_rar"
    assert get_callable_name(get_step_rvr_reward(name="rvr_strict")) == "rvr_strict"


def test_question_column_lets_option_letter_match():
    question = "Which is the hypotenuse?\nChoices:\nA. 4\nB. 5\nC. 7"
    text = GOOD.replace("answer is: 5", "answer is: B")
    solution = GOOD.replace("answer is: 5", "answer is: B")
    with_q = step_rar_reward([text], solution=[solution], key_steps=[[]], problem=[question])
    core = score_trace(text, solution, [], question=question)
    assert with_q == [pytest.approx(core.accuracy)]
    custom = get_step_rar_reward(question_column="question")
    assert custom([text], solution=[solution], question=[question]) == with_q


# -- completion shapes ------------------------------------------------------------------

def test_completion_text_shapes():
    assert completion_text("abc") == "abc"
    assert completion_text(None) is None
    assert completion_text(_conv("x")) == "x"
    blocks = [{"role": "assistant", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}]
    assert completion_text(blocks) == "ab"
    # tool turns are left out, assistant turns joined
    turns = [{"role": "assistant", "content": "one"}, {"role": "tool", "content": "42"},
             {"role": "assistant", "content": "two"}]
    assert completion_text(turns) == "one\n\ntwo"
    with pytest.raises(TypeError):
        completion_text(42)


def test_reasoning_content_is_read():
    reasoning, _, answer = GOOD.rpartition("\n\n")
    message = [{"role": "assistant", "reasoning_content": reasoning, "content": answer}]
    assert step_rvr_reward([message]) == [1.0]
    assert step_rar_reward([message], **_batch([GOOD])) == [pytest.approx(1.1)]
    # content that already holds the reasoning is not doubled
    both = [{"role": "assistant", "reasoning_content": reasoning, "content": GOOD}]
    assert completion_text(both) == GOOD


# -- the TRL contract --------------------------------------------------------------------

def test_empty_batch():
    assert step_rar_reward([], solution=[], key_steps=[]) == []
    assert step_rvr_reward([]) == []


def test_unknown_kwargs_are_ignored():
    kwargs = _batch(prompts=[[{"role": "user", "content": "q"}]] * len(CASES),
                    completion_ids=[[1, 2]] * len(CASES), trainer_state=object(),
                    image=[None] * len(CASES), some_new_trl_kwarg=123, environments=None)
    assert step_rar_reward(CASES, **kwargs) == step_rar_reward(CASES, **_batch())
    assert step_rvr_reward(CASES, **kwargs) == step_rvr_reward(CASES)


def test_none_rows():
    rar = step_rar_reward([GOOD, None, GOOD], solution=[SOLUTION, SOLUTION, None],
                          key_steps=[KEY_STEPS, None, None])
    assert rar[0] == pytest.approx(1.1)
    assert rar[1] == 0.0          # no completion: scores 0
    assert rar[2] is None         # no gold answer: not applicable
    assert step_rvr_reward([GOOD, None], solution=[None, None]) == [1.0, 0.0]
    assert step_rar_reward([GOOD], solution=[""], key_steps=[None]) == [None]


def test_misuse_raises_at_once():
    with pytest.raises(ValueError, match="'solution'"):
        step_rar_reward([GOOD], answer=["5"])
    with pytest.raises(ValueError, match="2 values for 1 completions"):
        step_rar_reward([GOOD], solution=[SOLUTION, SOLUTION])
    with pytest.raises(TypeError):
        step_rvr_reward(GOOD)  # a bare string is not a batch
    # StepRVR needs no solution column
    assert step_rvr_reward([GOOD]) == [1.0]


@pytest.mark.parametrize("kwargs, exc", [
    ({"solution_column": ""}, ValueError),
    ({"key_steps_column": 3}, ValueError),
    ({"question_column": ""}, ValueError),
    ({"solution_column": "x", "key_steps_column": "x"}, ValueError),
    ({"name": "a/b"}, ValueError),
    ({"log_metrics": "yes"}, TypeError),
])
def test_factory_arguments_checked(kwargs, exc):
    with pytest.raises(exc):
        get_step_rar_reward(**kwargs)
    with pytest.raises(exc):
        get_step_rvr_reward(**kwargs)


def test_factory_config_type_checked():
    with pytest.raises(TypeError):
        get_step_rar_reward({"alpha": 0.1})
    with pytest.raises(ValueError):
        get_stepgrpo_rewards(name="x")


def test_pickling_round_trip():
    custom = get_step_rar_reward(RewardConfig(alpha=0.3), solution_column="sol", name="rar_b")
    for reward in (step_rar_reward, step_rvr_reward, custom):
        clone = pickle.loads(pickle.dumps(reward))
        assert clone == reward and clone.__name__ == reward.__name__
    clone = pickle.loads(pickle.dumps(custom))
    assert clone([GOOD], sol=[SOLUTION], key_steps=[KEY_STEPS]) == [pytest.approx(1.3)]
    assert pickle.loads(pickle.dumps(step_rvr_reward))(CASES) == step_rvr_reward(CASES)


def test_calls_from_worker_threads():
    texts = CASES * 4
    expected_rar = step_rar_reward(texts, **_batch(texts))
    expected_rvr = step_rvr_reward(texts)

    def call(i: int):
        rotated = texts[i:] + texts[:i]
        return (i, step_rar_reward(rotated, **_batch(rotated)), step_rvr_reward(rotated))

    with ThreadPoolExecutor(max_workers=8) as pool:
        for i, rar, rvr in pool.map(call, range(len(texts))):
            assert rar == expected_rar[i:] + expected_rar[:i]
            assert rvr == expected_rvr[i:] + expected_rvr[:i]


def test_log_extra_and_log_metric_captured():
    extra: dict[str, list] = {}
    metrics: dict[str, list] = {}

    def log_extra(column, values):
        extra.setdefault(column, []).extend(values)

    def log_metric(name, value):
        metrics.setdefault(name, []).append(value)

    texts = [GOOD, WRONG_ANSWER, GOOD, NO_STRUCTURE]
    prompts = [[{"role": "user", "content": "p1"}]] * 2 + [[{"role": "user", "content": "p2"}]] * 2
    kwargs = _batch(texts, prompts=prompts, log_extra=log_extra, log_metric=log_metric)
    step_rar_reward([_conv(t) for t in texts], **kwargs)
    step_rvr_reward([_conv(t) for t in texts], **kwargs)

    assert set(extra) == {"step_rar/answer", "step_rar/correct", "step_rar/key_steps",
                          "step_rvr/valid", "step_rvr/problems"}
    assert all(len(v) == len(texts) for v in extra.values())
    assert extra["step_rar/answer"][:2] == ["5", "7"]
    assert extra["step_rar/correct"] == [True, False, True, False]
    assert extra["step_rar/key_steps"][0] == "2/2"
    assert extra["step_rvr/valid"] == [True, True, True, False]
    assert extra["step_rvr/problems"][0] == ""

    # each reward logs the same batch metrics: TRL averages them to the same value
    assert all(len(v) == 2 and v[0] == v[1] for v in metrics.values())
    m = {k: v[0] for k, v in metrics.items()}
    assert m["stepgrpo/accuracy"] == 0.5
    assert m["stepgrpo/valid_rate"] == 0.75
    assert m["stepgrpo/frac_tied_groups"] == 0.0
    assert m["stepgrpo/errors"] == 0.0
    assert m["stepgrpo/key_step_ratio"] == pytest.approx(
        sum(score_trace(t, SOLUTION, KEY_STEPS).key_step_ratio for t in texts) / 4)
    assert m.get("stepgrpo/problems/not_mulberry_layout", 0) + m.get("stepgrpo/problems/missing_description", 0) >= 1
    assert all(isinstance(v, float) for v in m.values())


def test_logging_can_be_switched_off_and_works_without_loggers():
    calls = []
    quiet = get_step_rar_reward(log_metrics=False, log_completions=False)
    quiet([GOOD], **_batch([GOOD]), log_extra=lambda *a: calls.append(a),
          log_metric=lambda *a: calls.append(a))
    assert calls == []
    # older trl passes neither log_extra nor log_metric
    assert step_rar_reward([GOOD], **_batch([GOOD])) == [pytest.approx(1.1)]


def test_failing_logger_never_raises():
    def boom(*_a):
        raise RuntimeError("logger down")

    assert step_rvr_reward([GOOD], log_extra=boom, log_metric=boom) == [1.0]


def test_both_rewards_score_each_completion_once(monkeypatch):
    calls = []
    real = rewards_module.score_trace

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(rewards_module, "score_trace", counting)
    rewards_module._score_frozen.cache_clear()
    texts = [GOOD + " unique-cache-probe", WRONG_ANSWER + " unique-cache-probe"]
    batch = _batch(texts)
    step_rar_reward(texts, **batch)
    step_rvr_reward(texts, **batch)
    assert len(calls) == 2


# -- never raise on untrusted rows -------------------------------------------------------

def test_bad_rows_score_zero_are_counted_and_logged_once(caplog):
    metrics: dict[str, list] = {}
    reward = get_step_rvr_reward()  # fresh object: its warn-once state is clean
    texts = [GOOD, 12345, [{"role": "assistant", "content": object()}], GOOD]
    with caplog.at_level(logging.WARNING, logger="stepgrpo_trl"):
        out = reward(texts, log_metric=lambda k, v: metrics.setdefault(k, []).append(v))
        reward(texts)
    assert out == [1.0, 0.0, 0.0, 1.0]
    assert metrics["stepgrpo/errors"] == [2.0]
    warnings = [r for r in caplog.records if r.name == "stepgrpo_trl"]
    assert len(warnings) == 1 and "scores 0.0" in warnings[0].getMessage()


def test_a_worked_solution_with_no_answer_is_counted_and_logged_once(caplog):
    metrics: dict[str, list] = {}
    reward = get_step_rar_reward()
    worked = "Step 1: 2+3=5\nStep 2: 5*2=10"
    with caplog.at_level(logging.WARNING, logger="stepgrpo_trl"):
        out = reward([GOOD, GOOD], solution=[worked, worked],
                     log_metric=lambda k, v: metrics.setdefault(k, []).append(v))
    assert out == [None, None]  # no gold answer: left out of the mean
    assert metrics["stepgrpo/problems/unreadable_solution"] == [2.0]  # both rows
    warnings = [r.getMessage() for r in caplog.records if "unreadable_solution" in r.getMessage()]
    assert len(warnings) == 1 and "worked solution" in warnings[0]


def _nested(depth: int) -> list:
    outer: list = []
    inner = outer
    for _ in range(depth):
        inner.append([])
        inner = inner[0]
    return outer


class _BrokenMessage(dict):
    def get(self, *_a, **_k):
        raise KeyError("broken message")


def test_pathological_rows_score_zero_instead_of_raising():
    deep = _nested(5000)  # deeper than the recursion limit
    completions = [GOOD, [{"role": "assistant", "content": deep}], [_BrokenMessage(role="assistant")]]
    assert step_rvr_reward(completions) == [1.0, 0.0, 0.0]
    # a pathological key-steps value (dataset side) also scores instead of raising
    rar = step_rar_reward([GOOD, GOOD], solution=["5", "5"], key_steps=[None, deep])
    assert rar[0] == pytest.approx(1.0)
    assert rar[1] is not None and 0.0 <= rar[1] <= 1.0


def test_core_exception_scores_zero(monkeypatch):
    def explode(*_a, **_k):
        raise RuntimeError("bug in the core")

    monkeypatch.setattr(rewards_module, "score_trace", explode)
    rewards_module._score_frozen.cache_clear()
    reward = get_step_rar_reward()
    assert reward(["### The final answer is: 1 explode"], solution=["1"]) == [0.0]


GARBAGE = st.one_of(
    st.none(),
    st.text(max_size=300),
    st.text(alphabet="#: \n0123456789StepThe final answer is", max_size=300),
    st.builds(lambda body: f"### Step 1:\n{body}\n### The final answer is: {body}", st.text(max_size=60)),
)
KEY_STEP_VALUES = st.one_of(
    st.none(), st.text(max_size=80), st.lists(st.text(max_size=20), max_size=4),
    st.lists(st.lists(st.text(max_size=20), max_size=3), max_size=4),
    st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=3),
    st.integers(), st.just({"Steps": [[1, None, "x"]]}),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(GARBAGE, max_size=6), solution=st.one_of(st.none(), st.text(max_size=60)),
       key_steps=KEY_STEP_VALUES, conversational=st.booleans())
def test_garbage_never_raises(texts, solution, key_steps, conversational):
    completions = [_conv(t) if conversational and t is not None else t for t in texts]
    n = len(texts)
    kwargs = dict(solution=[solution] * n, key_steps=[key_steps] * n, problem=[solution] * n,
                  log_extra=lambda *a: None, log_metric=lambda *a: None)
    rar = step_rar_reward(completions, **kwargs)
    rvr = step_rvr_reward(completions, **kwargs)
    assert len(rar) == len(rvr) == n
    top = RewardConfig().answer_reward + RewardConfig().alpha
    for a, v in zip(rar, rvr, strict=True):
        assert a is None or 0.0 <= a <= top + 1e-9
        assert v in (0.0, 1.0)


def test_importing_the_plugin_does_not_import_trl():
    code = "import sys, stepgrpo_trl; stepgrpo_trl.step_rar_reward; print('trl' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- metrics ----------------------------------------------------------------------------

def test_group_spans():
    assert group_spans(0) == []
    assert group_spans(4) == [(0, 4)]
    assert group_spans(6, num_generations=3) == [(0, 3), (3, 6)]
    assert group_spans(4, ["a", "a", "b", "b"]) == [(0, 2), (2, 4)]
    # the same prompt drawn twice in a row still makes two groups
    assert group_spans(6, ["a"] * 4 + ["b"] * 2) == [(0, 2), (2, 4), (4, 6)]
    # same question text, different solutions: two groups
    assert group_spans(4, ["q"] * 4, solutions=["1", "1", "2", "2"]) == [(0, 2), (2, 4)]
    with pytest.raises(ValueError):
        group_spans(4, num_generations=0)


def test_group_spans_tell_images_apart():
    from PIL import Image

    red, blue = Image.new("RGB", (8, 8), "red"), Image.new("RGB", (8, 8), "blue")
    prompts = [[{"role": "user", "content": [{"type": "image", "image": im},
                                            {"type": "text", "text": "same question"}]}]
               for im in (red, red.copy(), blue, blue.copy())]
    assert group_spans(4, prompts) == [(0, 2), (2, 4)]


def test_tied_group_fraction():
    assert tied_group_fraction([], []) == 0.0
    assert tied_group_fraction([1.0, 1.0, 0.0, 2.1], [(0, 2), (2, 4)]) == 0.5
    assert tied_group_fraction([1.0], [(0, 1)]) == 0.0  # a group of one cannot tie


def test_batch_metrics():
    scores = [score_trace(t, SOLUTION, KEY_STEPS) for t in (GOOD, GOOD, WRONG_ANSWER, NO_STRUCTURE)]
    m = batch_metrics(scores + [None], ["a", "a", "b", "b", "b"], num_generations=2)
    assert m["stepgrpo/accuracy"] == 0.5
    assert m["stepgrpo/valid_rate"] == pytest.approx(3 / 5)
    assert m["stepgrpo/errors"] == 1.0
    assert m["stepgrpo/frac_tied_groups"] == 0.5  # (GOOD, GOOD) ties; last group has one row
    # only the kinds that occurred are logged, each with its count
    logged = {k.removeprefix("stepgrpo/problems/"): v for k, v in m.items()
              if k.startswith("stepgrpo/problems/")}
    assert logged and all(v >= 1 for v in logged.values())
    assert set(logged) <= set(stepgrpo_trl.PROBLEM_KINDS)
    assert logged == dict(Counter(k for s in scores for k in {problem_kind(p) for p in s.problems}))
    no_gold = batch_metrics([score_trace(GOOD)])
    assert "stepgrpo/accuracy" not in no_gold and "stepgrpo/key_step_ratio" not in no_gold
    assert no_gold["stepgrpo/problems/no_gold_answer"] == 1.0
    assert batch_metrics([])["stepgrpo/errors"] == 0.0


# -- dataset helpers ----------------------------------------------------------------------

def _png(path: Path, color="red", size=(28, 28)) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path)
    return path


R1VL_RECORD = {
    "image_path": "imgs/a.png",
    "problem": "<image>\nWhat is the length of the hypotenuse?",
    "solution": SOLUTION,
    "key_steps": {"Steps": [["3^2 + 4^2 = 25"], "c = 5"]},
}


def test_convert_r1vl_record(tmp_path):
    _png(tmp_path / "imgs/a.png")
    row = convert_record(R1VL_RECORD, image_root=tmp_path)
    assert row["problem"] == "What is the length of the hypotenuse?"
    assert row["key_steps"] == [["3^2 + 4^2 = 25"], ["c = 5"]]
    assert row["images"] == [str(tmp_path / "imgs/a.png")]
    assert row["prompt"] == [{"role": "user", "content": [
        {"type": "image", "text": None},
        {"type": "text", "text": "What is the length of the hypotenuse?"}]}]
    assert row["solution"] == SOLUTION


def test_convert_mulberry_and_sharegpt_records(tmp_path):
    _png(tmp_path / "x.png")
    mulberry = {"images": ["x.png", "x.png"], "messages": [
        {"role": "user", "content": "<image><image>Compare the pictures."},
        {"role": "assistant", "content": SOLUTION}], "key_steps": "Key Elements:\nStep 1: [\"c = 5\"]"}
    row = convert_record(mulberry, image_root=tmp_path)
    assert row["problem"] == "Compare the pictures." and row["solution"] == SOLUTION
    assert len(row["images"]) == 2
    assert [b["type"] for b in row["prompt"][0]["content"]] == ["image", "image", "text"]
    assert row["key_steps"] == [["c = 5"]]
    sharegpt = {"image": "x.png", "id": 7, "conversations": [
        {"from": "human", "value": "<image>\nQ?"}, {"from": "gpt", "value": "A"}]}
    row = convert_record(sharegpt, image_root=tmp_path)
    assert (row["problem"], row["solution"], row["id"], row["key_steps"]) == ("Q?", "A", "7", [])


def test_answer_only_record_uses_answer_as_solution():
    row = convert_record({"question": "2+2?", "answer": 4}, require_image=False)
    assert row["solution"] == "4" and row["answer"] == "4"


def test_instruction(tmp_path):
    row = convert_record({"problem": "Q?"}, require_image=False, instruction=True)
    assert row["prompt"][0]["role"] == "system"
    assert row["prompt"][0]["content"][0]["text"] == stepgrpo_trl.DEFAULT_INSTRUCTION
    row = convert_record({"problem": "Q?"}, require_image=False, instruction="Be brief.",
                         instruction_role="user")
    assert len(row["prompt"]) == 1 and row["prompt"][0]["content"][-1]["text"] == "Q?\n\nBe brief."
    with pytest.raises(TypeError):
        convert_record({"problem": "Q?"}, require_image=False, instruction=3)


@pytest.mark.parametrize("record, reason", [
    ({"image_path": "missing.png", "problem": "Q"}, "image file not found"),
    ({"image_path": "corrupt.png", "problem": "Q"}, "cannot read image file"),
    ({"image_path": "ok.png"}, "no problem text"),
    ({"image_path": "ok.png", "problem": "<image>  "}, "no problem text"),
    ({"problem": "Q"}, "no image"),
    ({"image_path": "ok.png", "problem": "Q", "key_steps": {"nope": 1}}, "unreadable key steps"),
])
def test_bad_records_name_the_record(tmp_path, record, reason):
    _png(tmp_path / "ok.png")
    (tmp_path / "corrupt.png").write_bytes(b"\x89PNG\r\n\x1a\n this is not a png")
    with pytest.raises(DatasetBuildError, match=reason) as info:
        convert_record({**record, "id": "rec-9"}, label="train.jsonl line 3", image_root=tmp_path)
    assert "train.jsonl line 3 (id 'rec-9')" in str(info.value)


def _write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@needs_datasets
def test_build_dataset_from_jsonl(tmp_path):
    _png(tmp_path / "imgs/a.png")
    records = [R1VL_RECORD, {**R1VL_RECORD, "key_steps": None, "id": 3}]
    ds = build_grpo_dataset(_write_jsonl(tmp_path / "train.jsonl", records), instruction=True)
    assert ds.column_names == ["prompt", "image", "solution", "key_steps", "problem", "id"]
    assert len(ds) == 2
    assert ds[0]["key_steps"] == [["3^2 + 4^2 = 25"], ["c = 5"]] and ds[1]["key_steps"] == []
    assert ds[0]["image"].size == (28, 28)  # decoded by datasets on access
    assert ds[0]["prompt"][0]["role"] == "system"
    assert ds[1]["id"] == "3" and ds[0]["id"] is None


@needs_datasets
def test_dataset_prompts_fit_trl(tmp_path):
    """TRL fills the image placeholders from the image column: the counts must match."""
    from trl.data_utils import is_conversational, prepare_multimodal_messages

    _png(tmp_path / "a.png")
    records = [{"images": ["a.png", "a.png"], "problem": "Two?"}, {"image": "a.png", "problem": "One?"}]
    ds = build_grpo_dataset(records, image_root=tmp_path, instruction=True)
    assert "images" in ds.column_names and "image" not in ds.column_names
    for example in ds:
        assert is_conversational(example)
        messages = prepare_multimodal_messages(example["prompt"], images=example["images"])
        filled = [b for m in messages for b in m["content"] if b["type"] == "image"]
        assert len(filled) == len(example["images"]) and all("image" in b for b in filled)


@needs_datasets
def test_build_dataset_skip_and_count(tmp_path, caplog):
    _png(tmp_path / "imgs/a.png")
    records = [R1VL_RECORD, {"image_path": "imgs/missing.png", "problem": "Q"}, {"problem": "no image"}]
    path = _write_jsonl(tmp_path / "data.jsonl", records)
    with pytest.raises(DatasetBuildError, match=r"data.jsonl line 2: image file not found"):
        build_grpo_dataset(path)
    with caplog.at_level(logging.WARNING, logger="stepgrpo_trl"):
        ds, skipped = build_grpo_dataset(path, on_error="skip", return_skipped=True)
    assert len(ds) == 1
    assert [(s.index, s.label) for s in skipped] == [(1, "data.jsonl line 2"), (2, "data.jsonl line 3")]
    assert "skipped 2 bad record(s) of 3" in caplog.text
    with pytest.raises(ValueError):
        build_grpo_dataset(path, on_error="ignore")


@needs_datasets
def test_build_dataset_from_json_list_and_dataset(tmp_path):
    import datasets
    from PIL import Image

    _png(tmp_path / "imgs/a.png")
    (tmp_path / "data.json").write_text(json.dumps([R1VL_RECORD]))
    assert len(build_grpo_dataset(tmp_path / "data.json")) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(R1VL_RECORD) + "\n{not json\n")
    with pytest.raises(DatasetBuildError, match="bad.jsonl line 2"):
        build_grpo_dataset(bad, image_root=tmp_path)
    # a hub-style dataset with decoded images
    hub = datasets.Dataset.from_dict(
        {"image": [Image.new("RGB", (20, 20), "blue")], "question": ["Q?"], "answer": ["B"]},
        features=datasets.Features({"image": datasets.Image(), "question": datasets.Value("string"),
                                    "answer": datasets.Value("string")}))
    ds = build_grpo_dataset(hub)
    assert ds[0]["image"].size == (20, 20) and ds[0]["solution"] == "B" and ds[0]["problem"] == "Q?"


@needs_datasets
def test_load_grpo_dataset_from_folder(tmp_path):
    _png(tmp_path / "imgs/a.png")
    _write_jsonl(tmp_path / "test.jsonl", [R1VL_RECORD])
    assert len(load_grpo_dataset(tmp_path, split="test")) == 1
    assert len(load_grpo_dataset(tmp_path / "test.jsonl")) == 1


@needs_datasets
def test_synthetic_data_round_trip(tmp_path):
    from stepgrpo_trl.demo import synthetic_data as sd

    path = sd.write_dataset(tmp_path, 7, seed=0, split="train")
    assert path == tmp_path / "train.jsonl"
    ds = build_grpo_dataset(path)
    assert len(ds) == 7
    row = ds[0]
    rar = step_rar_reward([row["solution"]], solution=[row["solution"]], key_steps=[row["key_steps"]],
                          problem=[row["problem"]])
    assert rar == [pytest.approx(1.1)]
    assert step_rvr_reward([row["solution"]]) == [1.0]


def test_reward_objects_are_thread_safe_for_warn_once():
    reward = get_step_rvr_reward()
    barrier = threading.Barrier(4)

    def call():
        barrier.wait()
        return reward([GOOD, 1])

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(r == [1.0, 0.0] for r in pool.map(lambda _: call(), range(4)))


def test_convert_row_already_in_grpo_layout():
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buf, format="PNG")
    row = convert_record({
        "prompt": [{"role": "user", "content": [{"type": "image", "text": None},
                                                {"type": "text", "text": "Q?"}]}],
        "image": {"bytes": buf.getvalue(), "path": None}, "solution": "5"})
    assert row["problem"] == "Q?" and row["solution"] == "5"
    assert row["images"][0]["bytes"] == buf.getvalue()
    with pytest.raises(DatasetBuildError, match="cannot read image bytes"):
        convert_record({"problem": "Q", "image": {"bytes": b"garbage", "path": None}})


@needs_datasets
def test_json_document_with_a_data_list(tmp_path):
    _png(tmp_path / "imgs/a.png")
    (tmp_path / "doc.json").write_text(json.dumps({"data": [R1VL_RECORD, R1VL_RECORD]}))
    assert len(build_grpo_dataset(tmp_path / "doc.json")) == 2


def test_tie_metric_uses_the_total_grpo_sees():
    # no gold answer: StepRAR is None (left out by TRL), so only StepRVR counts
    a = score_trace(GOOD, None, KEY_STEPS)
    b = score_trace(GOOD, None, [["not in the trace"]])
    assert a.accuracy != b.accuracy
    assert batch_metrics([a, b], ["p", "p"])["stepgrpo/frac_tied_groups"] == 1.0


# -- red-team review: shapes TRL and real datasets produce --------------------------------

def test_thinking_field_is_read():
    """gpt-oss and LFM2.5 responses parsed by TRL carry the reasoning under ``thinking``."""
    reasoning, _, answer = GOOD.rpartition("\n\n")
    message = {"role": "assistant", "thinking": reasoning, "content": answer}
    assert completion_text(message) == GOOD
    assert step_rvr_reward([[message]]) == [1.0]
    # vLLM-style "reasoning" is read too; a non-string value is ignored
    assert completion_text({"role": "assistant", "reasoning": reasoning, "content": answer}) == GOOD
    assert completion_text({"role": "assistant", "thinking": None, "content": answer}) == answer


def test_non_string_solutions():
    """Solutions from pandas / Arrow: NaN is no gold answer, not the gold answer "nan"."""
    nan_answer = GOOD.replace("answer is: 5", "answer is: nan")
    reward = get_step_rar_reward()
    assert reward([nan_answer], solution=[float("nan")], key_steps=[None]) == [None]
    np = pytest.importorskip("numpy")
    assert reward([nan_answer], solution=[np.float64("nan")], key_steps=[None]) == [None]
    # numbers and one-element lists give their value; bytes are decoded
    assert reward([GOOD], solution=[5], key_steps=[None]) == [pytest.approx(1.0)]
    assert reward([GOOD], solution=[["5"]], key_steps=[None]) == [pytest.approx(1.0)]
    assert reward([GOOD], solution=[b"5"], key_steps=[None]) == [pytest.approx(1.0)]
    # an unreadable solution is no gold answer, never its repr() as the gold answer
    listed = GOOD.replace("answer is: 5", "answer is: ['5', 'five']")
    assert reward([listed], solution=[["5", "five"]], key_steps=[None]) == [None]
    assert reward([GOOD], solution=[{"answer": "5"}], key_steps=[None]) == [None]


def test_batch_cache_tells_equal_numbers_of_other_types_apart():
    """``1 == True`` in Python: the batch cache must not serve solution 1's scores for True."""
    one = GOOD.replace("answer is: 5", "answer is: 1")
    rewards_module._score_frozen.cache_clear()
    fresh = step_rar_reward([one], solution=[True], key_steps=[None])
    rewards_module._score_frozen.cache_clear()
    step_rar_reward([one], solution=[1], key_steps=[None])
    assert step_rar_reward([one], solution=[True], key_steps=[None]) == fresh


def test_key_steps_with_arrow_nulls():
    """Arrow / JSON nulls inside key steps are dropped, not a reason to discard them all."""
    with_nulls = [["3^2 + 4^2 = 25", None], None, ["c = 5"]]
    assert step_rar_reward([GOOD], solution=[SOLUTION], key_steps=[with_nulls]) == [pytest.approx(1.1)]
    struct = {"Steps": [["3^2 + 4^2 = 25", None], ["c = 5"]], "Image Description": None}
    assert step_rar_reward([GOOD], solution=[SOLUTION], key_steps=[struct]) == [pytest.approx(1.1)]
    row = convert_record({"problem": "Q", "key_steps": with_nulls}, require_image=False)
    assert row["key_steps"] == [["3^2 + 4^2 = 25"], ["c = 5"]]


def test_columns_may_be_arrays():
    """A column passed as a numpy array holds one value per completion like a list."""
    np = pytest.importorskip("numpy")
    out = step_rar_reward([GOOD, GOOD], solution=np.array([SOLUTION, SOLUTION]),
                          key_steps=[KEY_STEPS, KEY_STEPS], problem=np.array(["q", "q"]))
    assert out == [pytest.approx(1.1)] * 2
    with pytest.raises(ValueError, match="1 values for 2 completions"):
        step_rar_reward([GOOD, GOOD], solution=np.array([SOLUTION]))


def test_group_spans_with_nan_solutions():
    """NaN != NaN: distinct NaN solutions of one group must not split it into singletons."""
    solutions = [float("nan") for _ in range(4)]
    assert group_spans(4, ["p", "p", "q", "q"], solutions=solutions) == [(0, 2), (2, 4)]
    scores = [score_trace(GOOD, None)] * 4
    assert batch_metrics(scores, ["p"] * 4, solutions=solutions)["stepgrpo/frac_tied_groups"] == 1.0


@pytest.mark.parametrize("answer, expected", [
    (float("nan"), None), (["5"], "5"), (4.0, "4.0"), (True, "True"),
])
def test_convert_record_answer_values(answer, expected):
    row = convert_record({"problem": "Q", "answer": answer}, require_image=False)
    assert row["solution"] == expected and row.get("answer") == expected


def test_convert_record_unreadable_answer_names_the_record():
    with pytest.raises(DatasetBuildError, match=r"f line 2 \(id 'a1'\): .*answer.*2 values"):
        convert_record({"problem": "Q", "answer": ["5", "five"], "id": "a1"}, label="f line 2",
                       require_image=False)


def test_blank_problem_falls_back_to_the_next_key():
    row = convert_record({"problem": "", "question": "Q?"}, require_image=False)
    assert row["problem"] == "Q?"


def test_unusable_image_path_names_the_record(tmp_path):
    """A data URI or base64 string in the image field is too long for a file name (OSError)."""
    record = {"problem": "Q", "image": "data:image/png;base64," + "A" * 5000, "id": "u1"}
    with pytest.raises(DatasetBuildError, match=r"line 4 \(id 'u1'\): .*image"):
        convert_record(record, label="line 4", image_root=tmp_path)


@needs_datasets
def test_non_utf8_file_names_the_file(tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"problem": "caf\xe9"}\n')
    with pytest.raises(DatasetBuildError, match="latin1.jsonl.*UTF-8"):
        build_grpo_dataset(path, require_image=False)


@needs_datasets
def test_dataset_dict_source_says_pick_a_split():
    import datasets

    dd = datasets.DatasetDict({"train": datasets.Dataset.from_dict({"problem": ["Q"]})})
    with pytest.raises(TypeError, match="split"):
        build_grpo_dataset(dd, require_image=False)


def test_group_spans_tell_numpy_images_apart():
    """Images as numpy arrays (decoded separately per completion) group by their pixels."""
    np = pytest.importorskip("numpy")
    red, blue = np.zeros((8, 8, 3), np.uint8), np.full((8, 8, 3), 200, np.uint8)
    prompts = [[{"role": "user", "content": [{"type": "image", "image": im},
                                            {"type": "text", "text": "same question"}]}]
               for im in (red, red.copy(), blue, blue.copy())]
    assert group_spans(4, prompts) == [(0, 2), (2, 4)]
    assert red.shape == (8, 8, 3)  # the key never resizes an array in place
