"""The EasyR1 adapter, `stepgrpo_verl.easyr1`, against EasyR1's reward-function contract.

EasyR1 is not installed here (it needs a GPU stack); these tests reproduce what it does
with the file, from its source (``verl/workers/reward/config.py``, ``function.py``;
``verl/utils/dataset.py``): split ``worker.reward.reward_function`` at its last colon,
load the file by path as module ``custom_reward_fn`` (registered in ``sys.modules``),
bind ``reward_function_kwargs`` with ``functools.partial``, call it with a list of reward
inputs (``batch`` manager) or one at a time (``sequential``), read ``overall`` as the
reward and collect every key of every result into metric lists.
"""

from __future__ import annotations

import doctest
import functools
import importlib.util
import json
import logging
import math
import pickle
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import stepgrpo_verl
import stepgrpo_verl.easyr1 as package_easyr1
import stepgrpo_verl.reward as package_reward
from stepgrpo_verl import easyr1_reward_file
from stepgrpo_verl.easyr1 import MAX_JSON_CHARS, RESULT_KEYS
from test_verl_plugin import KS, ROOT, load_like_verl, score_in_fresh_process
from traces import GOOD, mulberry

from stepgrpo_rewards import score_trace

EASYR1_FILE = ROOT / "plugins" / "stepgrpo_verl" / "easyr1.py"
SETTING = f"{easyr1_reward_file()}:compute_score"  # worker.reward.reward_function


@pytest.fixture(autouse=True)
def _forget_custom_reward_fn() -> Iterator[None]:
    """EasyR1 leaves its module in ``sys.modules``; a test must not inherit another's."""
    yield
    sys.modules.pop("custom_reward_fn", None)


def load_like_easyr1(setting: str = SETTING, **reward_function_kwargs: Any) -> Any:
    """What EasyR1's ``RewardConfig.post_init`` and ``FunctionRewardManager.__init__`` do
    with ``worker.reward.reward_function`` and ``reward_function_kwargs``."""
    path, name = setting.rsplit(":", maxsplit=1) if ":" in setting else (setting, "main")
    spec = importlib.util.spec_from_file_location("custom_reward_fn", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["custom_reward_fn"] = module
    spec.loader.exec_module(module)
    return functools.partial(getattr(module, name), **reward_function_kwargs)


def reward_input(response: Any, ground_truth: Any, **more: Any) -> dict[str, Any]:
    length = len(response) // 4 if isinstance(response, str) else 0  # tokens; not used
    return {"response": response, "response_length": length, "ground_truth": ground_truth, **more}


def batch_manager(reward_fn: Any, responses: list[Any], ground_truths: Any) -> tuple[list[float], dict]:
    """``BatchFunctionRewardManager.compute_reward``, minus the tensors."""
    scores = reward_fn([reward_input(r, ground_truths[i]) for i, r in enumerate(responses)])
    rewards, reward_metrics = [], defaultdict(list)
    for score in scores:
        rewards.append(score["overall"])
        for key, value in score.items():
            reward_metrics[key].append(value)
    return rewards, reward_metrics


def sequential_manager(reward_fn: Any, responses: list[Any], ground_truths: Any) -> tuple[list[float], dict]:
    """``SequentialFunctionRewardManager.compute_reward``, minus the tensors."""
    rewards, reward_metrics = [], defaultdict(list)
    for i, response in enumerate(responses):
        score = reward_fn(reward_input(response, ground_truths[i]))
        rewards.append(score["overall"])
        for key, value in score.items():
            reward_metrics[key].append(value)
    return rewards, reward_metrics


def column(values: list[Any]) -> Any:
    """A non-tensor batch column as EasyR1's ``collate_fn`` builds it: a numpy object array."""
    np = pytest.importorskip("numpy")
    return np.array(values, dtype=object)


def check_result(result: Any) -> None:
    assert isinstance(result, dict)
    assert tuple(result) == RESULT_KEYS
    for key, value in result.items():
        assert type(value) in (float, int), (key, value)  # plain numbers, for EasyR1's means
        assert math.isfinite(value), (key, value)


def as_verl(result: dict[str, Any]) -> dict[str, Any]:
    """An EasyR1 result under the verl adapter's key names."""
    names = {"overall": "score", "accuracy": "answer_correct", "format": "valid"}
    return {names.get(key, key): value for key, value in result.items()}


# -- the file EasyR1 loads ----------------------------------------------------------------------


def test_python_m_prints_the_easyr1_setting() -> None:
    env = {"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}", "PATH": ""}
    proc = subprocess.run([sys.executable, "-m", "stepgrpo_verl", "--easyr1"], capture_output=True,
                          text=True, env=env, timeout=60, check=True)
    setting = proc.stdout.strip()
    assert setting == f"{EASYR1_FILE.resolve()}:compute_score"
    assert Path(setting.rsplit(":", 1)[0]).is_absolute()
    fn = load_like_easyr1(setting)
    assert fn(reward_input("### The final answer is: 4", "4"))["accuracy"] == 1.0
    # without the flag: verl's path, as before
    proc = subprocess.run([sys.executable, "-m", "stepgrpo_verl"], capture_output=True, text=True,
                          env=env, timeout=60, check=True)
    assert proc.stdout.strip() == stepgrpo_verl.reward_file()


def test_file_uses_absolute_imports_only() -> None:
    source = EASYR1_FILE.read_text(encoding="utf-8")
    assert "from ." not in source and "import ." not in source


def test_loaded_by_path_hands_out_the_package_function() -> None:
    fn = load_like_easyr1(alpha=0.2)
    assert fn.func is package_easyr1.compute_score
    assert fn.keywords == {"alpha": 0.2}
    assert sys.modules["custom_reward_fn"].RESULT_KEYS is package_easyr1.RESULT_KEYS


def test_verbatim_copy_hands_out_the_package_function(tmp_path: Path) -> None:
    copy = tmp_path / "easyr1.py"
    copy.write_bytes(EASYR1_FILE.read_bytes())
    assert load_like_easyr1(f"{copy}:compute_score").func is package_easyr1.compute_score


def test_edited_copy_keeps_its_own_definitions(tmp_path: Path) -> None:
    copy = tmp_path / "my_reward.py"
    copy.write_text(EASYR1_FILE.read_text(encoding="utf-8") + "\n# my edit\n", encoding="utf-8")
    fn = load_like_easyr1(f"{copy}:compute_score")
    assert fn.func.__module__ == "custom_reward_fn"
    assert fn(reward_input(GOOD, {"solution": "70°", "key_steps": KS}))["overall"] == pytest.approx(2.1)


def test_module_doctests() -> None:
    # the package's own doctests (easyr1_reward_file among them) run in test_verl_plugin.py
    result = doctest.testmod(package_easyr1, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


# -- both reward types ----------------------------------------------------------------------------


BATCH = [GOOD, mulberry(["∠C = 70°"], answer="60°"), "The answer is 70.", None]
TRUTHS = [json.dumps({"solution": "70°", "key_steps": KS}), {"answer": "70", "key_steps": KS}, "70°", "70°"]


def test_batch_and_sequential_managers() -> None:
    reward_fn = load_like_easyr1(alpha=0.1)
    ground_truths = column(TRUTHS)
    batch_rewards, batch_metrics = batch_manager(reward_fn, BATCH, ground_truths)
    seq_rewards, seq_metrics = sequential_manager(reward_fn, BATCH, ground_truths)
    assert batch_rewards == seq_rewards and batch_metrics == seq_metrics
    # a wrong answer with half the key steps; a right answer outside the Mulberry layout
    assert batch_rewards == pytest.approx([2.1, 0.0 + 0.1 * 0.5 + 1.0, 1.0, 0.0])
    assert batch_metrics["accuracy"] == [1.0, 0.0, 1.0, 0.0]
    assert batch_metrics["format"] == [1.0, 1.0, 0.0, 0.0]
    assert batch_metrics["key_steps_total"] == [2, 2, 0, 0]
    assert set(batch_metrics) == set(RESULT_KEYS)
    assert {len(values) for values in batch_metrics.values()} == {len(BATCH)}


def test_batch_returns_a_list_and_sequential_a_dict() -> None:
    fn = load_like_easyr1()
    one = reward_input(GOOD, "70°")
    assert isinstance(fn(one), dict)
    for inputs in ([one], (one,), column([one])):
        out = fn(inputs)
        assert isinstance(out, list) and out == [fn(one)]
    assert fn([]) == []


def test_numpy_object_arrays_of_inputs_and_ground_truths() -> None:
    np = pytest.importorskip("numpy")
    fn = load_like_easyr1()
    as_lists = fn([reward_input(r, g) for r, g in zip(BATCH, TRUTHS, strict=True)])
    ground_truths = column(TRUTHS)
    inputs = column([reward_input(r, ground_truths[i]) for i, r in enumerate(BATCH)])
    assert fn(inputs) == as_lists
    # numpy values inside: a numpy string, a numpy number, an array of key steps
    trace = mulberry(["70"], answer="70")
    for gt in (np.str_("70"), np.int64(70), np.float64(70.0), np.array(["70"], dtype=object)):
        assert fn(reward_input(trace, gt))["accuracy"] == 1.0
    key_steps = np.array([np.array(["∠A + ∠B + ∠C = 180°"], dtype=object)], dtype=object)
    r = fn(reward_input(GOOD, {"solution": "70°", "key_steps": key_steps}))
    assert r["key_steps_total"] == 1 and r["key_step_ratio"] == 1.0


# -- the reference in the answer column ------------------------------------------------------------


def test_dict_ground_truth_with_key_steps() -> None:
    fn = load_like_easyr1()
    by_solution = fn(reward_input(GOOD, {"solution": "70°", "key_steps": KS}))
    check_result(by_solution)
    assert by_solution["overall"] == pytest.approx(2.1)
    assert by_solution["step_rar"] == pytest.approx(1.1) and by_solution["step_rvr"] == 1.0
    assert by_solution["key_step_ratio"] == 1.0 and by_solution["key_steps_total"] == 2
    assert fn(reward_input(GOOD, {"answer": "70", "key_steps": KS})) == by_solution
    half = fn(reward_input(GOOD, {"solution": "70°", "key_steps": [KS[0], ["not in the trace"]]}))
    assert half["key_step_ratio"] == 0.5 and half["overall"] == pytest.approx(2.05)


def test_json_string_ground_truth_with_key_steps() -> None:
    fn = load_like_easyr1()
    with_steps = fn(reward_input(GOOD, json.dumps({"solution": "70°", "key_steps": KS})))
    without = fn(reward_input(GOOD, json.dumps({"solution": "70°"})))
    plain = fn(reward_input(GOOD, "70°"))
    assert with_steps["key_steps_total"] == 2 and with_steps["overall"] == pytest.approx(2.1)
    assert without["key_steps_total"] == 0 and without["overall"] == pytest.approx(2.0)
    assert without == plain and with_steps["problems"] == without["problems"] == 0
    # the same as the mapping itself; leading whitespace, "answer", non-ASCII escapes alike
    assert with_steps == fn(reward_input(GOOD, {"solution": "70°", "key_steps": KS}))
    spaced = "  \n" + json.dumps({"answer": "70°", "key_steps": KS}, ensure_ascii=True, indent=2)
    assert fn(reward_input(GOOD, spaced)) == with_steps
    # a wrong answer in the JSON is wrong: the answer is read from it, not from the string
    assert fn(reward_input(GOOD, json.dumps({"solution": "60°", "key_steps": KS})))["accuracy"] == 0.0


def test_json_string_question_lets_option_text_match_a_letter() -> None:
    fn = load_like_easyr1()
    question = "Which angle is C? Choices: (A) 50° (B) 70° (C) 60°"
    trace = mulberry(["∠C = 70°"], answer="70°")
    assert fn(reward_input(trace, json.dumps({"answer": "B"})))["accuracy"] == 0.0
    assert fn(reward_input(trace, json.dumps({"answer": "B", "question": question})))["accuracy"] == 1.0
    assert fn(reward_input(trace, json.dumps({"answer": "B", "problem": question})))["accuracy"] == 1.0


@pytest.mark.parametrize("answer", ["{1, 2}", " {1, 2}", "{x | x > 0}", "{}", '{"a", "b"}', "[1, 2]"])
def test_braced_answers_stay_answers(answer: str) -> None:
    """Scored as verl scores the same string, which is always the answer there; one that
    starts like JSON (``{"``) and is none is an answer still, and one problem more."""
    fn, verl_fn = load_like_easyr1(), load_like_verl()
    for trace in (mulberry(["x"], answer=answer.strip()), mulberry(["x"], answer="{7}")):
        ours = fn(reward_input(trace, answer))
        verl = verl_fn(data_source="s", solution_str=trace, ground_truth=answer)
        flagged = 1 if answer.startswith('{"') else 0
        assert as_verl(ours) == {**verl, "problems": verl["problems"] + flagged}
    assert fn(reward_input(mulberry(["x"], answer="{1, 2}"), "{1, 2}"))["accuracy"] == 1.0
    assert fn(reward_input(mulberry(["x"], answer="{1, 3}"), "{1, 2}"))["accuracy"] == 0.0


def test_json_object_without_solution_or_answer_is_an_answer_and_a_problem() -> None:
    fn = load_like_easyr1()
    r = fn(reward_input(GOOD, json.dumps({"key_steps": KS})))
    check_result(r)
    assert r["key_steps_total"] == 0 and r["accuracy"] == 0.0 and r["problems"] == 1


def test_reward_input_keys_are_used_where_the_ground_truth_has_none() -> None:
    """Forks that pass more columns: the reward input plays verl's ``extra_info``."""
    fn = load_like_easyr1()
    from_input = fn(reward_input(GOOD, "70°", key_steps=KS))
    assert from_input == fn(reward_input(GOOD, {"solution": "70°", "key_steps": KS}))
    assert from_input["key_steps_total"] == 2
    both = fn(reward_input(GOOD, json.dumps({"solution": "70°", "key_steps": [["nowhere to be seen"]]}),
                           key_steps=KS))
    assert both["key_steps_total"] == 1 and both["key_step_ratio"] == 0.0  # ground truth wins
    question = "Which angle is C? Choices: (A) 50° (B) 70° (C) 60°"
    trace = mulberry(["∠C = 70°"], answer="70°")
    assert fn(reward_input(trace, "B", problem=question))["accuracy"] == 1.0


# -- reward_function_kwargs --------------------------------------------------------------------------


def test_alpha_changes_step_rar() -> None:
    gt = json.dumps({"solution": "70°", "key_steps": KS})
    default = load_like_easyr1()(reward_input(GOOD, gt))
    tuned = load_like_easyr1(alpha=0.5)(reward_input(GOOD, gt))
    assert default["step_rar"] == pytest.approx(1.1) and tuned["step_rar"] == pytest.approx(1.5)
    assert tuned["overall"] == pytest.approx(2.5) and tuned["step_rvr"] == default["step_rvr"] == 1.0
    assert load_like_easyr1(validity_reward=0.5)([reward_input(GOOD, gt)])[0]["step_rvr"] == 0.5


@pytest.mark.parametrize("kwargs,named", [
    ({"alpah": 0.1}, "alpah"), ({"format_weight": 0.1}, "format_weight"),
    ({"reward_router_address": None}, "reward_router_address"),  # verl's, not EasyR1's
    ({"alpha": -1}, "alpha"), ({"alpha": "0.1"}, "alpha"), ({"fuzzy_threshold": 120}, "fuzzy_threshold"),
])
def test_bad_kwargs_raise_value_error_naming_them(kwargs: dict, named: str) -> None:
    fn = load_like_easyr1(**kwargs)  # binding them is fine: the first call raises
    for inputs in ([reward_input(GOOD, "70°")], reward_input(GOOD, "70°"), []):
        with pytest.raises(ValueError, match="reward_function_kwargs") as info:
            fn(inputs)
        assert named in str(info.value)


@pytest.mark.parametrize("inputs,error,says", [
    ("### The final answer is: 4", ValueError, "reward_inputs"),
    (12, ValueError, "reward_inputs"),
    (None, ValueError, "reward_inputs"),
    (["### The final answer is: 4"], TypeError, "reward input 0 is a str"),
    ([reward_input(GOOD, "70°"), None], TypeError, "reward input 1 is a NoneType"),
    ({"ground_truth": "70°"}, ValueError, "no 'response'"),
    ([{"solution_str": GOOD, "ground_truth": "70°"}], ValueError, "reward input 0 has no 'response'"),
])
def test_misshaped_inputs_raise(inputs: Any, error: type, says: str) -> None:
    with pytest.raises(error, match=says):
        load_like_easyr1()(inputs)


# -- never raising on model output or data; fixed keys -------------------------------------------------


GARBAGE = [
    (GOOD, json.dumps({"solution": "70°", "key_steps": KS})),
    (None, "70°"),
    (b"### The final answer is: 70", "70°"),
    (12, "70°"),
    ("x" * 1_000_000, "70°"),
    (GOOD, float("nan")),
    (GOOD, None),
    (GOOD, '{"solution": "70°", "key_steps": [[\'5 - 3\''),  # malformed JSON
    (GOOD, '{"a": ' * 100_000),  # nested past any recursion limit
    (GOOD, '{"solution": "70°", "key_steps": ' + "[" * 900 + "]" * 900 + "}"),  # deep, may parse
    (GOOD, '{"solution": "70°", "pad": "' + "x" * MAX_JSON_CHARS + '"}'),  # over the size limit
    (GOOD, {"solution": {"nested": 1}}),
    (GOOD, ["1", "2"]),
    (GOOD, json.dumps({"solution": "70°", "key_steps": {"no": "steps"}})),
    (GOOD, "{" * 100_000),  # the last: not JSON-like (no quote), so an answer, and no problem
]


def test_every_result_has_the_same_numeric_keys_even_for_garbage() -> None:
    fn = load_like_easyr1(alpha=0.1)
    responses = [r for r, _ in GARBAGE]
    rewards, metrics = batch_manager(fn, responses, column([g for _, g in GARBAGE]))
    results = fn([reward_input(r, g) for r, g in GARBAGE])
    for result in results:
        check_result(result)
    assert {len(values) for values in metrics.values()} == {len(GARBAGE)}
    assert rewards == [r["overall"] for r in results]
    for values in metrics.values():  # what EasyR1's metrics do with them
        assert math.isfinite(sum(values) / len(values))
    assert rewards[0] == pytest.approx(2.1) and results[0]["problems"] == 0
    for i in (1, 2, 3, 4):  # not text, or too long to parse: 0
        assert rewards[i] == 0.0 and results[i]["problems"] >= 1, i
    for i in range(5, len(GARBAGE) - 1):  # bad data: a valid trace still earns StepRVR, no more than 2.1
        assert results[i]["step_rvr"] == 1.0 and results[i]["problems"] >= 1, (i, results[i])
        assert results[i]["overall"] <= 2.1 + 1e-9
    assert results[-1]["overall"] == 1.0 and results[-1]["problems"] == 0


def test_problems_are_logged_once_per_kind(caplog: pytest.LogCaptureFixture) -> None:
    package_reward._warned.clear()
    fn = load_like_easyr1()
    with caplog.at_level(logging.WARNING, logger="stepgrpo_verl"):
        for _ in range(3):
            fn([reward_input(b"bytes", "70°"), reward_input(GOOD, '{"solution": ')])
    ours = [r for r in caplog.records if r.name == "stepgrpo_verl"]
    kinds = sorted(r.args[-1] for r in ours)  # type: ignore[index]
    assert kinds == ["bad_completion", "json_ground_truth"]
    assert any("response is a bytes" in r.getMessage() for r in ours)


# -- the same scores as the verl adapter and the core ------------------------------------------------


def test_results_equal_the_verl_adapter_and_the_core() -> None:
    fn = load_like_easyr1(alpha=0.2)
    verl_fn = load_like_verl()
    cases = [(GOOD, "70°", None), (GOOD, "70°", KS), (mulberry(["∠C = 70°"], answer="60°"), "70°", KS),
             (mulberry(["x = 1"], think=False), "70", None), ("no structure", "70°", KS), (None, "70°", KS),
             ("x" * 300_000, "70°", None), (GOOD, float("nan"), KS)]
    for response, gold, key_steps in cases:
        reference = gold if key_steps is None else json.dumps({"solution": gold, "key_steps": key_steps})
        ours = fn(reward_input(response, reference))
        verl = verl_fn(data_source="r1vl", solution_str=response,
                       ground_truth=gold if key_steps is None else {"solution": gold, "key_steps": key_steps},
                       extra_info={}, alpha=0.2)
        assert as_verl(ours) == verl, (response, gold)
        if isinstance(response, str) and isinstance(gold, str):
            core = score_trace(response, gold, key_steps, config=package_reward._config({"alpha": 0.2}))
            assert (ours["overall"], ours["step_rar"], ours["step_rvr"]) == (core.total, core.accuracy, core.validity)
            assert (ours["accuracy"], ours["format"]) == (float(core.answer_correct), float(core.valid))
            assert (ours["key_step_ratio"], ours["key_steps_total"], ours["problems"]) == (
                core.key_step_ratio, core.key_steps_total, len(core.problems))


# -- shipping to workers ------------------------------------------------------------------------------


#: A correct answer scored as EasyR1's batch manager calls the function.
EASYR1_CALL = ("fn([{'response': '### The final answer is: 4', 'response_length': 1, "
               "'ground_truth': '4'}])[0]['overall']")


def test_pickles_by_reference() -> None:
    fn = load_like_easyr1(alpha=0.2)
    data = pickle.dumps(fn)
    assert b"stepgrpo_verl.easyr1" in data and b"custom_reward_fn" not in data
    restored = pickle.loads(data)
    assert restored.func is package_easyr1.compute_score and restored.keywords == {"alpha": 0.2}


def test_pickled_function_works_in_a_fresh_process(tmp_path: Path) -> None:
    """As a Ray worker would receive it: no ``custom_reward_fn`` module there."""
    assert score_in_fresh_process(load_like_easyr1(alpha=0.2), tmp_path, EASYR1_CALL) == 1.0


def test_edited_copy_does_not_unpickle_in_a_fresh_process(tmp_path: Path) -> None:
    """The check above can fail: an edited copy's function refers to ``custom_reward_fn``."""
    copy = tmp_path / "my_reward.py"
    copy.write_text(EASYR1_FILE.read_text(encoding="utf-8") + "\n# my edit\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="custom_reward_fn"):
        score_in_fresh_process(load_like_easyr1(f"{copy}:compute_score"), tmp_path, EASYR1_CALL)
