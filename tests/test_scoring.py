"""score_trace and friends: the reward values, breakdown and robustness."""

import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traces import GOOD, KEY_STEPS, mulberry

from stepgrpo_rewards import (
    InvalidInputError,
    RewardConfig,
    TraceScore,
    problem_kind,
    score_batch,
    score_trace,
    step_rar,
    step_rvr,
)


def test_paper_formula_correct_answer_all_key_steps():
    s = score_trace(GOOD, "70°", KEY_STEPS)
    assert s.answer_correct and s.valid
    assert (s.key_steps_matched, s.key_steps_total) == (2, 3)  # "triangle angle sum" is in the rationales
    assert s.accuracy == pytest.approx(1 + 0.1 * 2 / 3)
    assert s.validity == 1.0
    assert s.total == pytest.approx(s.accuracy + s.validity)


def test_wrong_answer_still_earns_key_step_reward():
    wrong = GOOD.replace("is: 70°", "is: 80°")
    s = score_trace(wrong, "70°", KEY_STEPS)
    assert not s.answer_correct
    assert s.accuracy == pytest.approx(0.1 * 2 / 3)
    assert s.total == pytest.approx(s.accuracy + 1.0)


def test_gold_from_full_reference_solution():
    assert score_trace(GOOD, solution=GOOD).answer_correct


def test_multiple_choice_with_question():
    q = "Find angle C.\nA. 50°\nB. 60°\nC. 70°"
    assert score_trace(GOOD, "C", question=q).answer_correct
    assert not score_trace(GOOD, "B", question=q).answer_correct


def test_contradictory_final_answers_are_wrong():
    text = GOOD + "\n### The final answer is: 80°"
    s = score_trace(text, "70°")
    assert not s.answer_correct and not s.valid
    assert "multiple_answers" in {problem_kind(p) for p in s.problems}


def test_no_gold_and_no_answer_are_problems():
    assert "no_gold_answer" in score_trace(GOOD).problems
    s = score_trace(mulberry(["x = 5"], answer=None), "5")
    assert not s.answer_correct and "no_answer" in s.problems


def test_config_weights():
    cfg = RewardConfig(alpha=0.5, answer_reward=2.0, validity_reward=0.5)
    s = score_trace(GOOD, "70°", [["∠C = 180° - 50° - 60° = 70°"]], config=cfg)
    assert s.accuracy == pytest.approx(2.0 + 0.5)
    assert s.total == pytest.approx(3.0)


def test_step_rar_step_rvr_agree_with_score_trace():
    s = score_trace(GOOD, "70°", KEY_STEPS)
    assert step_rar(GOOD, "70°", KEY_STEPS) == s.accuracy
    assert step_rvr(GOOD) == s.validity
    assert step_rvr("no structure") == 0.0


def test_bad_key_steps_count_as_none_with_a_problem():
    s = score_trace(GOOD, "70°", {"nothing": 1})
    assert s.answer_correct and s.key_steps_total == 0
    assert "bad_key_steps" in {problem_kind(p) for p in s.problems}
    with pytest.raises(InvalidInputError):
        score_trace(GOOD, "70°", {"nothing": 1}, strict=True)


def test_too_long_input_scores_zero_with_reason():
    cfg = RewardConfig(max_completion_chars=1000)
    s = score_trace(GOOD + "x" * 2000, "70°", KEY_STEPS, config=cfg)
    assert s.total == 0.0 and problem_kind(s.problems[0]) == "input_too_long"


def test_batch_checks_lengths_and_names_record_in_strict_mode():
    with pytest.raises(ValueError):
        score_batch([GOOD, GOOD], ["70°"])
    with pytest.raises(InvalidInputError, match="record 1"):
        score_batch([GOOD, GOOD], ["70°", "70°"], [None, {"x": 1}], strict=True)
    scores = score_batch([GOOD, "junk"], ["70°", "70°"])
    assert [s.answer_correct for s in scores] == [True, False]


def test_types_and_config_are_checked():
    with pytest.raises(TypeError):
        score_trace(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        score_trace(GOOD, config={"alpha": 1})  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        RewardConfig(alpha=-1)
    with pytest.raises(ValueError):
        RewardConfig(key_step_scope="everywhere")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        RewardConfig(fuzzy_threshold=150)


def test_none_completion_scores_zero():
    s = score_trace(None, "1")
    assert s.total == 0.0 and s.problems[0] == "empty_completion"


def test_results_and_config_pickle():
    s = score_trace(GOOD, "70°", KEY_STEPS)
    cfg = RewardConfig(alpha=0.3)
    assert pickle.loads(pickle.dumps(s)) == s
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    assert hash(cfg) == hash(RewardConfig(alpha=0.3))


def test_to_dict_is_json_safe_and_explains():
    import json

    d = score_trace(GOOD, "70°", KEY_STEPS).to_dict(explain=True)
    json.dumps(d)
    assert d["key_steps"][0]["matched"] and d["key_steps"][0]["step"] == 2
    assert d["validity_rules"]["valid"] is True
    # ``rules`` is reported only when the config's layout is not the default (the
    # default's dict is what it always was); ``report_rules`` says when.
    assert set(TraceScore.__dataclass_fields__) - {"key_step_match", "validity_check", "rules",
                                                   "report_rules"} <= set(d)
    assert "rules" not in d
    r1 = score_trace(GOOD, "70°", KEY_STEPS, config=RewardConfig(layout="auto")).to_dict()
    assert set(TraceScore.__dataclass_fields__) - {"key_step_match", "validity_check", "report_rules"} <= set(r1)
    assert r1["rules"] == "mulberry"


def test_many_threads_at_once_agree_with_serial():
    texts = [GOOD, GOOD.replace("70°", "80°"), mulberry(["x = 5"], answer="5"), "junk"] * 25
    serial = [score_trace(t, "70°", KEY_STEPS) for t in texts]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(pool.map(lambda t: score_trace(t, "70°", KEY_STEPS), texts))
    assert parallel == serial


HOSTILE = [
    "",
    " " * 10,
    "x" * 2_000_000,
    "{" * 100_000,
    "\\frac{" * 20_000,
    "### Step 1:\n" * 20_000,
    "#" * 100_000,
    "a" * 50_000 + "!",
    "\x00\x01\u200b\u202e" * 10_000,
    "### The final answer is: " + "9" * 100_000,
    "### The final answer is: 2^2^2^2^2^2^2^2^2^2^2^2",
    "### The final answer is: 10^{10^{10^{10^{10}}}}",
    "### The final answer is: 99999999!",
    "### The final answer is: " + "(" * 5000 + "1" + ")" * 5000,
    "<think>" * 10_000,
    "<answer>" * 10_000 + "</answer>",
    "<answer>" * 12_000,  # unclosed tags: a lazy regex would rescan quadratically (30 s)
    "### Step 1:\n" + "angle ABC 1 degrees 1,000. " * 3_500,
    "\\boxed{" * 10_000,
    "Step 1: " * 10_000,
    "final answer: " * 10_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_completions_never_raise_and_stay_in_range(text):
    s = score_trace(text, "12", KEY_STEPS, question="A. 1\nB. 2")
    assert 0.0 <= s.total <= 2.1 + 1e-9
    assert not any(p.startswith("internal_error") for p in s.problems)


@settings(max_examples=300, deadline=None)
@given(
    completion=st.one_of(st.text(max_size=300), st.builds(mulberry, st.lists(st.text(max_size=40), max_size=4),
                                                          answer=st.text(max_size=20))),
    solution=st.one_of(st.none(), st.text(max_size=20)),
    key_steps=st.one_of(st.none(), st.text(max_size=40),
                        st.lists(st.one_of(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=3)),
                                 max_size=5),
                        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3)),
)
def test_never_raises_and_scores_in_range(completion, solution, key_steps):
    s = score_trace(completion, solution, key_steps)
    assert 0.0 <= s.accuracy <= 1.1 + 1e-9
    assert s.validity in (0.0, 1.0)
    assert s.total == pytest.approx(s.accuracy + s.validity)
    assert 0 <= s.key_steps_matched <= s.key_steps_total
    assert not any(p.startswith("internal_error") for p in s.problems)


@pytest.mark.parametrize("missing", [float("nan"), float("inf"), float("-inf")])
def test_a_nan_solution_is_no_gold_answer(missing):
    # pandas and Arrow write a missing value as NaN: its text must not become the gold answer
    s = score_trace(mulberry(["x = 1"], answer="nan"), missing)
    assert s.gold_answer is None and not s.answer_correct and "no_gold_answer" in s.problems
    assert score_trace(mulberry(["x = 1"], answer="12"), 12.0).answer_correct
