"""The verl adapter, `stepgrpo_verl`, against verl's custom-reward-function contract.

verl is not installed here (it needs a GPU stack); these tests reproduce what verl does
with the file, from its source (``verl/trainer/ppo/reward.py``, ``get_custom_reward_fn``;
``verl/workers/reward_manager/naive.py`` and ``batch.py``): load ``reward.py`` by path as
module ``custom_module``, call it with verl's keyword names plus ``reward_kwargs``, and
collect every key of the result dicts into ``reward_extra_info`` lists.
"""

from __future__ import annotations

import doctest
import importlib.util
import logging
import math
import pickle
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

import stepgrpo_verl  # noqa: E402
import stepgrpo_verl.reward as package_reward  # noqa: E402
from stepgrpo_verl import RESULT_KEYS, reward_file  # noqa: E402
from traces import GOOD, KEY_STEPS, mulberry  # noqa: E402

#: The key steps of GOOD that lie in its steps (the paper's scope; the third is in its rationale).
KS = [KEY_STEPS[0], KEY_STEPS[2]]
REWARD_FILE = ROOT / "plugins" / "stepgrpo_verl" / "reward.py"


#: How `score_in_fresh_process` calls what it unpickles, by default: as verl does.
VERL_CALL = "fn(data_source='s', solution_str='### The final answer is: 4', ground_truth='4')['score']"


def score_in_fresh_process(fn: Any, tmp_path: Path, call: str = VERL_CALL) -> float:
    """Pickle *fn*, unpickle it in a new interpreter (as a Ray worker or a process pool
    would: no ``custom_module`` there) and return its score of a correct answer, *call*:
    an expression of ``fn``."""
    (tmp_path / "fn.pkl").write_bytes(pickle.dumps(fn))
    code = f"import pickle, sys; fn = pickle.load(open(sys.argv[1], 'rb')); print({call})"
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path / "fn.pkl")], capture_output=True,
                          text=True, env={"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}", "PATH": ""},
                          timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return float(proc.stdout)


def load_like_verl(path: str | Path = REWARD_FILE, name: str = "compute_score") -> Any:
    """What ``verl.trainer.ppo.reward.get_custom_reward_fn`` does with the config."""
    spec = importlib.util.spec_from_file_location("custom_module", str(path))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["custom_module"] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop("custom_module", None)
    return getattr(module, name)


def verl_wrapped(name: str = "compute_score", **reward_kwargs: Any) -> Any:
    raw_fn = load_like_verl(name=name)

    def wrapped_fn(*args: Any, **kwargs: Any) -> Any:
        return raw_fn(*args, **kwargs, **reward_kwargs)

    return wrapped_fn


@pytest.fixture(scope="module")
def compute_score() -> Any:
    return load_like_verl()


def call(fn: Any, solution_str: Any, ground_truth: Any, extra_info: Any = None, **kw: Any) -> Any:
    return fn(data_source="r1vl", solution_str=solution_str, ground_truth=ground_truth,
              extra_info={} if extra_info is None else extra_info, **kw)


def check_result(result: Any) -> None:
    assert isinstance(result, dict)
    assert tuple(result) == RESULT_KEYS
    for key, value in result.items():
        assert type(value) in (float, int, bool), (key, value)
        assert math.isfinite(value), (key, value)


# -- the file verl loads ---------------------------------------------------------------------


def test_reward_file_is_the_module_file() -> None:
    assert reward_file() == str(REWARD_FILE.resolve())
    assert Path(reward_file()).is_absolute()


def test_python_m_prints_the_path() -> None:
    env_path = f"{ROOT / 'plugins'}:{ROOT}"
    proc = subprocess.run([sys.executable, "-m", "stepgrpo_verl"], capture_output=True, text=True,
                          env={"PYTHONPATH": env_path, "PATH": ""}, timeout=60, check=True)
    assert proc.stdout.strip() == reward_file()


# -- where verl's config reads the function (verl 0.7 moved it under "reward."; 0.9 ignores the old keys)


@pytest.mark.parametrize(
    ("version", "group"),
    [
        ("0.4.1", "custom_reward_function"),
        ("0.6.1", "custom_reward_function"),
        ("0.7.0", "reward.custom_reward_function"),
        ("0.7.0rc1", "reward.custom_reward_function"),
        ("0.9.1", "reward.custom_reward_function"),
        ("0.10.0.dev0", "reward.custom_reward_function"),
        ("1.0", "reward.custom_reward_function"),
        ("0.6.1+cu121", "custom_reward_function"),
    ],
)
def test_overrides_follow_the_verl_version(version: str, group: str) -> None:
    lines = stepgrpo_verl.verl_overrides(version, alpha=0.2)
    assert lines == [f"{group}.path={reward_file()}", f"{group}.name=compute_score",
                     f"+{group}.reward_kwargs.alpha=0.2"]


def test_overrides_name_the_variant_and_refuse_others() -> None:
    assert stepgrpo_verl.verl_overrides("0.5.0", name="compute_score_value")[1] == (
        "custom_reward_function.name=compute_score_value")
    with pytest.raises(ValueError, match="name must be"):
        stepgrpo_verl.verl_overrides("0.9.1", name="compute")
    with pytest.raises(ValueError, match="not a verl version"):
        stepgrpo_verl.verl_overrides("latest")


def test_overrides_default_to_the_installed_verl(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stepgrpo_verl, "installed_verl_version", lambda: "0.5.0")
    assert stepgrpo_verl.verl_overrides()[0].startswith("custom_reward_function.path=")
    monkeypatch.setattr(stepgrpo_verl, "installed_verl_version", lambda: None)
    assert stepgrpo_verl.verl_overrides()[0].startswith("reward.custom_reward_function.path=")


def test_python_m_prints_the_overrides() -> None:
    env = {"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}", "PATH": ""}
    proc = subprocess.run([sys.executable, "-m", "stepgrpo_verl", "--overrides", "--verl-version", "0.9.1"],
                          capture_output=True, text=True, env=env, timeout=60, check=True)
    assert proc.stdout.splitlines() == stepgrpo_verl.verl_overrides("0.9.1")
    bad = subprocess.run([sys.executable, "-m", "stepgrpo_verl", "--verl-version", "0.9.1"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2 and "--verl-version goes with --overrides" in bad.stderr


def test_file_uses_absolute_imports_only() -> None:
    source = REWARD_FILE.read_text(encoding="utf-8")
    assert "from ." not in source and "import ." not in source


def test_edited_copy_keeps_its_own_definitions(tmp_path: Path) -> None:
    """An edited copy of the file outside the package loads and scores (absolute imports)
    with its own definitions: the edit is what the user wants run."""
    copy = tmp_path / "my_reward.py"
    copy.write_text(REWARD_FILE.read_text(encoding="utf-8") + "\n# my edit\n", encoding="utf-8")
    fn = load_like_verl(copy)
    assert fn.__module__ == "custom_module"  # its own definitions, not the package's
    result = call(fn, GOOD, "70°", {"key_steps": KS})
    assert result["score"] == pytest.approx(2.1)


def test_verbatim_copy_hands_out_the_package_functions(tmp_path: Path) -> None:
    """Users copy the file (to a shared path, next to their config). An unchanged copy
    behaves exactly as the package's file, so it hands out the package's functions too:
    those pickle by reference, where the copy's ``custom_module`` functions cannot be
    unpickled in a fresh process (a spawn/forkserver process pool, a Ray worker)."""
    copy = tmp_path / "reward.py"
    copy.write_bytes(REWARD_FILE.read_bytes())
    fn = load_like_verl(copy)
    assert fn is package_reward.compute_score
    assert load_like_verl(copy, "compute_score_batch") is package_reward.compute_score_batch
    assert score_in_fresh_process(fn, tmp_path) == 1.0


def test_copy_loads_where_only_the_core_is_importable(tmp_path: Path) -> None:
    """A copy used where ``stepgrpo_verl`` cannot be imported (only the core): its own
    definitions, scoring alike."""
    import site

    copy = tmp_path / "reward.py"
    copy.write_bytes(REWARD_FILE.read_bytes())
    code = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('custom_module', sys.argv[1])\n"
        "m = importlib.util.module_from_spec(spec); sys.modules['custom_module'] = m\n"
        "spec.loader.exec_module(m)\n"
        "assert importlib.util.find_spec('stepgrpo_verl') is None\n"
        "r = m.compute_score('s', '### The final answer is: 4', '4', None, alpha=0.2)\n"
        "print(m.compute_score.__module__, r['answer_correct'])\n"
    )
    # -S: no .pth files, so neither an editable install nor the wheel's stepgrpo_verl
    paths = ":".join([str(ROOT), *site.getsitepackages()])
    proc = subprocess.run([sys.executable, "-S", "-c", f"import sys; sys.path[:0] = {paths.split(':')!r}\n" + code,
                           str(copy)], capture_output=True, text=True, env={"PATH": ""}, cwd=tmp_path,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["custom_module", "1.0"]


def test_loaded_by_path_uses_the_package_objects(compute_score: Any) -> None:
    assert compute_score is package_reward.compute_score is stepgrpo_verl.compute_score
    assert load_like_verl(name="compute_score_batch") is package_reward.compute_score_batch


def test_module_doctests() -> None:
    for module in (stepgrpo_verl, package_reward):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0 and result.attempted > 0, module.__name__


# -- scores ----------------------------------------------------------------------------------


def test_good_trace_scores_2_1_with_paper_defaults(compute_score: Any) -> None:
    result = call(compute_score, GOOD, {"solution": "70°", "key_steps": KS})
    check_result(result)
    assert result["score"] == pytest.approx(2.1)
    assert result["step_rar"] == pytest.approx(1.1) and result["step_rvr"] == 1.0
    assert result["answer_correct"] == 1.0 and result["valid"] == 1.0
    assert result["key_step_ratio"] == 1.0 and result["key_steps_total"] == 2
    assert result["problems"] == 0


def test_score_is_step_rar_plus_step_rvr(compute_score: Any) -> None:
    traces = [GOOD, mulberry(["x = 1"], answer="3"), mulberry(["∠C = 70°"], think=False),
              "The answer is 70.", ""]
    for trace in traces:
        r = call(compute_score, trace, "70°", {"key_steps": KS})
        assert r["score"] == pytest.approx(r["step_rar"] + r["step_rvr"])


@pytest.mark.parametrize("ground_truth", ["70°", "70", 70, 70.0, b"70", ["70"], "### Step 1:\nx\n### The final answer is: 70"])
def test_ground_truth_as_answer(compute_score: Any, ground_truth: Any) -> None:
    result = call(compute_score, mulberry(["70"], answer="70"), ground_truth)
    check_result(result)
    assert result["answer_correct"] == 1.0 and result["score"] == pytest.approx(2.0)


def test_ground_truth_numpy_values(compute_score: Any) -> None:
    np = pytest.importorskip("numpy")
    for gt in (np.int64(70), np.float64(70.0), np.array(["70"], dtype=object)):
        assert call(compute_score, mulberry(["70"], answer="70"), gt)["answer_correct"] == 1.0
    key_steps = np.array([np.array(["∠A + ∠B + ∠C = 180°"], dtype=object)], dtype=object)
    r = call(compute_score, GOOD, {"solution": "70°", "key_steps": key_steps})
    assert r["key_steps_total"] == 1 and r["key_step_ratio"] == 1.0


@pytest.mark.parametrize("ground_truth", [None, float("nan"), [], {"solution": None}])
def test_missing_ground_truth_is_no_gold_answer(compute_score: Any, ground_truth: Any) -> None:
    result = call(compute_score, GOOD, ground_truth)
    check_result(result)
    assert result["answer_correct"] == 0.0 and result["step_rar"] == 0.0
    assert result["step_rvr"] == 1.0 and result["problems"] == 1  # no_gold_answer


def test_missing_values_of_any_kind_fall_through(compute_score: Any) -> None:
    """A NaN that is not a Python float, or pandas' NA, counts as absent like None and
    NaN: the next source is used, as documented."""
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    question = "Which angle is C? Choices: (A) 50° (B) 70° (C) 60°"
    for missing in (np.float32("nan"), pd.NA, pd.NaT):
        r = call(compute_score, GOOD, {"solution": missing, "answer": "70", "key_steps": missing},
                 {"key_steps": KS})
        assert r["answer_correct"] == 1.0 and r["key_steps_total"] == 2 and r["problems"] == 0
        trace = mulberry(["∠C = 70°"], answer="70°")
        r = call(compute_score, trace, {"answer": "B", "question": missing}, {"question": question})
        assert r["answer_correct"] == 1.0
        r = call(compute_score, GOOD, missing)
        assert r["answer_correct"] == 0.0 and r["problems"] == 1  # no_gold_answer only


def test_ground_truth_mapping(compute_score: Any) -> None:
    by_solution = call(compute_score, GOOD, {"solution": "70°", "key_steps": KS})
    by_answer = call(compute_score, GOOD, {"answer": "70", "key_steps": KS})
    assert by_solution == by_answer
    # "solution" wins over "answer"; a missing (None/NaN) one falls through to the next
    assert call(compute_score, GOOD, {"solution": "70°", "answer": "5"})["answer_correct"] == 1.0
    assert call(compute_score, GOOD, {"solution": float("nan"), "answer": "70"})["answer_correct"] == 1.0


def test_key_steps_from_ground_truth_or_extra_info(compute_score: Any) -> None:
    from_gt = call(compute_score, GOOD, {"solution": "70°", "key_steps": KS})
    from_info = call(compute_score, GOOD, "70°", {"key_steps": KS})
    assert from_gt == from_info and from_gt["key_steps_total"] == 2
    # ground_truth's key steps win over extra_info's
    both = call(compute_score, GOOD, {"solution": "70°", "key_steps": [["nowhere to be seen"]]},
                {"key_steps": KS})
    assert both["key_steps_total"] == 1 and both["key_step_ratio"] == 0.0
    # without key steps anywhere: k = 0
    none = call(compute_score, GOOD, "70°", {"num_turns": None, "index": 3})
    assert none["key_steps_total"] == 0 and none["score"] == pytest.approx(2.0)


def test_question_lets_option_text_match_a_letter(compute_score: Any) -> None:
    question = "Which angle is C? Choices: (A) 50° (B) 70° (C) 60°"
    trace = mulberry(["∠C = 70°"], answer="70°")
    assert call(compute_score, trace, "B")["answer_correct"] == 0.0
    assert call(compute_score, trace, "B", {"question": question})["answer_correct"] == 1.0
    assert call(compute_score, trace, "B", {"problem": question})["answer_correct"] == 1.0
    assert call(compute_score, trace, {"answer": "B", "question": question})["answer_correct"] == 1.0


# -- reward_kwargs ----------------------------------------------------------------------------


def test_reward_kwargs_change_the_score() -> None:
    gt = {"solution": "70°", "key_steps": KS}
    assert call(verl_wrapped(alpha=0.5), GOOD, gt)["score"] == pytest.approx(2.5)
    assert call(verl_wrapped(alpha=0.5, validity_reward=0.5), GOOD, gt)["step_rvr"] == 0.5
    assert call(verl_wrapped(), GOOD, gt)["score"] == pytest.approx(2.1)


def test_config_is_built_once_per_distinct_kwargs(compute_score: Any) -> None:
    package_reward._cached_config.cache_clear()
    for _ in range(5):
        call(compute_score, GOOD, "70°", alpha=0.3)
        call(compute_score, GOOD, "70°", alpha=0.3, fuzzy_threshold=95)
    info = package_reward._cached_config.cache_info()
    assert info.misses == 2 and info.hits == 8


@pytest.mark.parametrize("kwargs", [{"alpah": 0.1}, {"alpha": -1}, {"alpha": "0.1"},
                                    {"alpha": True}, {"fuzzy_threshold": 120},
                                    {"key_step_scope": "everything"}, {"alpha": [0.1]}])
def test_bad_reward_kwargs_raise_value_error(compute_score: Any, kwargs: dict) -> None:
    with pytest.raises(ValueError, match="stepgrpo_verl"):
        call(compute_score, GOOD, "70°", **kwargs)
    with pytest.raises(ValueError, match="stepgrpo_verl"):
        package_reward.compute_score_batch(["s"], [GOOD], ["70°"], **kwargs)


def test_bool_is_not_taken_from_the_cache_for_an_int(compute_score: Any) -> None:
    call(compute_score, GOOD, "70°", alpha=1)
    with pytest.raises(ValueError):
        call(compute_score, GOOD, "70°", alpha=True)


def test_verl_reward_loop_kwargs_are_ignored(compute_score: Any) -> None:
    plain = call(compute_score, GOOD, "70°")
    assert call(compute_score, GOOD, "70°", reward_router_address=None,
                reward_model_tokenizer=None, reward_model_path=None) == plain


# -- never raising ------------------------------------------------------------------------


HOSTILE = [
    None,
    b"### The final answer is: 70",
    12,
    ["### The final answer is: 70"],
    "",
    "x" * 1_000_000,
    mulberry(["a"]) * 5_000,
    "{" * 100_000 + "}" * 100_000,
    "### The final answer is: " + "\\frac{" * 5_000 + "1" + "}" * 5_000,
    "### The final answer is: \\boxed{" + "{" * 20_000,
    "### Step 1:\n" + "(" * 50_000,
    "\x00\ud800\udfff" * 1_000,
]


@pytest.mark.parametrize("output", HOSTILE, ids=lambda o: f"{type(o).__name__}:{str(o)[:20]!r}")
def test_hostile_outputs_score_zero_and_never_raise(compute_score: Any, output: Any) -> None:
    result = call(compute_score, output, {"solution": "70°", "key_steps": KS})
    check_result(result)
    assert result["score"] == 0.0
    assert result["problems"] >= 1


@pytest.mark.parametrize("ground_truth,extra_info", [
    (object(), None),
    (["1", "2"], {}),
    ({"question": "q"}, {}),
    ({"solution": {"nested": 1}}, {}),
    ("70°", "not a dict"),
    ("70°", {"key_steps": object()}),
    ("70°", {"key_steps": "[[[" * 10_000}),
    ("70°", {"key_steps": [["x"]] * 10_000}),
    ("70°", {"question": 12, "key_steps": float("nan")}),
    ({"solution": "70°", "key_steps": {"no": "steps"}}, None),
])
def test_bad_data_never_raises(compute_score: Any, ground_truth: Any, extra_info: Any) -> None:
    result = compute_score(data_source="r1vl", solution_str=GOOD, ground_truth=ground_truth,
                           extra_info=extra_info)
    check_result(result)
    assert 0.0 <= result["score"] <= 2.1 + 1e-9


def test_problems_are_logged_once_per_kind(compute_score: Any, caplog: pytest.LogCaptureFixture) -> None:
    package_reward._warned.clear()
    with caplog.at_level(logging.WARNING, logger="stepgrpo_verl"):
        for _ in range(3):
            call(compute_score, b"bytes", "70°")
            call(compute_score, GOOD, ["1", "2"])
            call(compute_score, "x" * 200_000, "70°")
    ours = [r for r in caplog.records if r.name == "stepgrpo_verl"]
    kinds = sorted(r.args[-1] for r in ours)  # type: ignore[index]
    assert kinds == ["bad_completion", "input_too_long", "no_gold_answer", "unreadable_ground_truth"]
    assert all("logged once per process" in r.getMessage() for r in ours)


# -- what verl does with the results ----------------------------------------------------------


def naive_manager(fn: Any, rows: list[dict[str, Any]], responses: list[Any]) -> tuple[list[float], dict]:
    """The loop of ``NaiveRewardManager.__call__``, minus the tensors."""
    rewards, reward_extra_info = [], defaultdict(list)
    for row, response in zip(rows, responses, strict=True):
        score = fn(data_source=row["data_source"], solution_str=response,
                   ground_truth=row["reward_model"]["ground_truth"],
                   extra_info=row.get("extra_info", {}))
        if isinstance(score, dict):
            reward = score["score"]
            for key, value in score.items():
                reward_extra_info[key].append(value)
        else:
            reward = score
        rewards.append(reward)
    return rewards, reward_extra_info


def mixed_batch() -> tuple[list[dict[str, Any]], list[Any]]:
    rows = [
        {"data_source": "r1vl", "reward_model": {"ground_truth": {"solution": "70°", "key_steps": KS}}},
        {"data_source": "r1vl", "reward_model": {"ground_truth": "70°"}, "extra_info": {"key_steps": KS}},
        {"data_source": "geo", "reward_model": {"ground_truth": 70}},
        {"data_source": "geo", "reward_model": {"ground_truth": float("nan")}},
        {"data_source": "geo", "reward_model": {"ground_truth": ["1", "2"]}, "extra_info": "junk"},
        {"data_source": "geo", "reward_model": {"ground_truth": "70°"}},
        {"data_source": "geo", "reward_model": {"ground_truth": "70°"}},
    ]
    responses = [GOOD, mulberry(["∠C = 70°"], answer="60°"), GOOD, GOOD, GOOD, None, "x" * 300_000]
    return rows, responses


def test_naive_manager_accumulation_over_a_mixed_batch() -> None:
    rows, responses = mixed_batch()
    rewards, extra = naive_manager(verl_wrapped(alpha=0.1), rows, responses)
    assert set(extra) == set(RESULT_KEYS)
    assert {len(values) for values in extra.values()} == {len(rows)}
    assert rewards == extra["score"]
    assert rewards[0] == pytest.approx(2.1) and rewards[5] == 0.0 and rewards[6] == 0.0
    for values in extra.values():  # what verl's validation metrics do with them
        assert math.isfinite(sum(values) / len(values))


def test_batch_equals_per_item(compute_score: Any) -> None:
    rows, responses = mixed_batch()
    batch_fn = load_like_verl(name="compute_score_batch")
    batch = batch_fn(data_sources=[r["data_source"] for r in rows], solution_strs=responses,
                     ground_truths=[r["reward_model"]["ground_truth"] for r in rows],
                     extra_infos=[r.get("extra_info") for r in rows], alpha=0.2)
    single = [compute_score(data_source=r["data_source"], solution_str=s,
                            ground_truth=r["reward_model"]["ground_truth"],
                            extra_info=r.get("extra_info"), alpha=0.2)
              for r, s in zip(rows, responses, strict=True)]
    assert batch == single
    assert batch_fn(["s"], [GOOD], ["70°"]) == [call(compute_score, GOOD, "70°", {})]
    assert batch_fn([], [], []) == []


def test_batch_accepts_numpy_object_arrays() -> None:
    np = pytest.importorskip("numpy")
    rows, responses = mixed_batch()
    arr = np.empty(len(rows), dtype=object)
    arr[:] = [r.get("extra_info") for r in rows]
    gts = np.empty(len(rows), dtype=object)
    gts[:] = [r["reward_model"]["ground_truth"] for r in rows]
    out = package_reward.compute_score_batch(np.array([r["data_source"] for r in rows], dtype=object),
                                             responses, gts, arr)
    assert [r["score"] for r in out] == [r["score"] for r in package_reward.compute_score_batch(
        [r["data_source"] for r in rows], responses, list(gts), list(arr))]


def test_batch_length_mismatch_raises() -> None:
    with pytest.raises(ValueError, match="ground_truths has 1 values for 2"):
        package_reward.compute_score_batch(["a", "b"], [GOOD, GOOD], ["70°"])
    with pytest.raises(ValueError, match="extra_infos"):
        package_reward.compute_score_batch(["a"], [GOOD], ["70°"], [{}, {}])
    with pytest.raises(ValueError, match="solution_strs"):
        package_reward.compute_score_batch(["a"], GOOD, ["70°"])


# -- shipping to workers -----------------------------------------------------------------------


def test_pickles_by_reference(compute_score: Any) -> None:
    for fn in (compute_score, load_like_verl(name="compute_score_batch"), stepgrpo_verl.compute_score):
        restored = pickle.loads(pickle.dumps(fn))
        assert restored is getattr(package_reward, fn.__name__)
    assert call(pickle.loads(pickle.dumps(compute_score)), GOOD, "70°")["score"] == pytest.approx(2.0)


def test_pickled_function_works_in_a_fresh_process(compute_score: Any, tmp_path: Path) -> None:
    """As a Ray worker or a process pool would receive it: no ``custom_module`` there."""
    assert score_in_fresh_process(compute_score, tmp_path) == 1.0


def test_thread_safe(compute_score: Any) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda a: call(compute_score, GOOD, "70°", alpha=a),
                                [0.1, 0.2, 0.3, 0.4] * 8))
    assert [r["score"] for r in results] == pytest.approx([2.0] * 32)


def test_value_variant_for_managers_that_read_a_number(compute_score: Any) -> None:
    """verl's prime manager takes a non-number result for a sequence (result[0]): a dict
    fails there, so compute_score_value returns the score alone, as a float."""
    value_fn = load_like_verl(name="compute_score_value")
    rows, responses = mixed_batch()
    for row, response in zip(rows, responses, strict=True):
        args = (row["data_source"], response, row["reward_model"]["ground_truth"], row.get("extra_info"))
        got = value_fn(*args, alpha=0.2)  # prime passes the four values positionally
        assert isinstance(got, float) and got == compute_score(*args, alpha=0.2)["score"]
    assert value_fn("s", None, "70°") == 0.0
