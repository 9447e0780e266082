"""alpha as a schedule over training steps, in the TRL rewards (`stepgrpo_trl.schedule`).

TRL passes ``trainer_state`` (a ``transformers.TrainerState``) to every reward function;
the rewards read its ``global_step``. A fake state stands in for it here, and a real
``TrainerState`` once, to tie the attribute name to transformers.
"""

from __future__ import annotations

import logging
import pickle
from types import SimpleNamespace

import pytest
from stepgrpo_trl import get_step_rar_reward, get_step_rvr_reward, get_stepgrpo_rewards
from stepgrpo_trl.configured import __getattr__ as configured_reward
from stepgrpo_trl.schedule import AlphaSchedule, parse_alpha_schedule, training_step
from stepgrpo_trl.settings import reward_settings
from stepgrpo_trl.swift import register_swift_rewards
from traces import mulberry

from stepgrpo_rewards import RewardConfig

N = 1000
# One of two key steps matched, answer right: StepRAR = 1 + alpha / 2.
TRACE = mulberry(["5 - 3 = 2"], answer="2")
COLUMNS = {"solution": ["2"], "key_steps": [[["5 - 3 = 2"], ["area = 40"]]]}


def _state(step):
    return SimpleNamespace(global_step=step)


def _rar(reward, state, **extra):
    metrics: dict[str, list[float]] = {}
    value = reward([TRACE], **COLUMNS, trainer_state=state,
                   log_metric=lambda k, v: metrics.setdefault(k, []).append(v), **extra)
    return value[0], metrics.get("stepgrpo/alpha")


@pytest.mark.parametrize(("step", "alpha"), [(0, 0.1), (N // 2, 0.05), (N, 0.0), (2 * N, 0.0)])
def test_linear_schedule_sets_the_alpha_of_each_step(step, alpha):
    reward = get_step_rar_reward(alpha_schedule=f"linear:0.1:0:{N}")
    value, logged = _rar(reward, _state(step))
    assert value == pytest.approx(1.0 + alpha * 0.5)
    assert logged == [pytest.approx(alpha)]


@pytest.mark.parametrize(("step", "alpha"), [(0, 0.4), (N // 2, 0.2), (N, 0.0), (2 * N, 0.0)])
def test_cosine_schedule(step, alpha):
    reward = get_step_rar_reward(alpha_schedule=AlphaSchedule("cosine", 0.4, 0.0, N))
    assert _rar(reward, _state(step))[0] == pytest.approx(1.0 + alpha * 0.5)
    # slow at the ends: a quarter of the way, more than the linear schedule's alpha is left
    assert AlphaSchedule("cosine", 0.4, 0.0, N).value(N // 4) > AlphaSchedule("linear", 0.4, 0.0, N).value(N // 4)


def test_increasing_schedule():
    reward = get_step_rar_reward(alpha_schedule="linear:0:0.5:10")
    assert [_rar(reward, _state(s))[0] for s in (0, 5, 10, 99)] == pytest.approx([1.0, 1.125, 1.25, 1.25])


def test_without_trainer_state_the_start_value_is_used(caplog):
    reward = get_step_rar_reward(alpha_schedule=f"linear:0.3:0:{N}")
    assert reward([TRACE], **COLUMNS) == [pytest.approx(1.15)]
    with caplog.at_level(logging.WARNING, logger="stepgrpo_trl"):
        # a state without a usable step: the start value, one warning, no crash
        for state in (SimpleNamespace(), _state(None), _state("12"), _state(-3), _state(True), object()):
            assert _rar(reward, state)[0] == pytest.approx(1.15)
    assert sum("no usable global_step" in r.message for r in caplog.records) == 1


def test_real_trainer_state_is_read():
    transformers = pytest.importorskip("transformers")
    state = transformers.TrainerState(global_step=N // 2)
    reward = get_step_rar_reward(alpha_schedule=f"linear:0.1:0:{N}")
    assert _rar(reward, state)[0] == pytest.approx(1.025)


def test_numpy_and_float_steps():
    np = pytest.importorskip("numpy")
    assert training_step(_state(np.int64(7))) == 7
    assert training_step({"global_step": 7.0}) == 7
    assert training_step(_state(7.5)) is None


def test_default_is_constant_and_unchanged():
    plain, scheduled = get_step_rar_reward(), get_step_rar_reward(alpha_schedule="constant:0.1")
    for step in (0, 10**6):
        assert _rar(plain, _state(step)) == _rar(scheduled, _state(step)) == (pytest.approx(1.05), [0.1])
    assert plain.alpha_schedule is None and plain.alpha(_state(5)) == 0.1
    # without a schedule the reward is exactly the core's accuracy
    assert plain.score([TRACE], **COLUMNS, trainer_state=_state(99))[0].accuracy == plain([TRACE], **COLUMNS)[0]


def test_score_and_metrics_follow_the_schedule():
    rar, rvr = get_stepgrpo_rewards(alpha_schedule="linear:0.2:0:10")
    assert rar.config.alpha == rvr.config.alpha == 0.2
    row = rar.score([TRACE], **COLUMNS, trainer_state=_state(10))[0]
    assert (row.accuracy, row.total) == (1.0, 2.0)
    assert rar.score([TRACE], **COLUMNS)[0].accuracy == pytest.approx(1.1)
    # the two rewards log the same metrics (TRL averages them): the tied-group rate too.
    # Two completions, key steps 1/2 and 0/2: they differ while alpha > 0, tie at alpha = 0.
    other = mulberry(["2"], answer="2")
    for step, tied in ((0, 0.0), (10, 1.0)):
        logs: list[dict[str, list[float]]] = []
        for reward in (rar, rvr):
            m: dict[str, list[float]] = {}
            reward([TRACE, other], solution=["2", "2"], key_steps=COLUMNS["key_steps"] * 2,
                   prompts=["p", "p"], trainer_state=_state(step),
                   log_metric=lambda k, v, m=m: m.setdefault(k, []).append(v))
            logs.append(m)
        assert logs[0] == logs[1]
        assert logs[0]["stepgrpo/frac_tied_groups"] == [tied]


def test_schedule_and_config_must_agree():
    assert get_step_rar_reward(RewardConfig(alpha=0.3), alpha_schedule="linear:0.3:0:5").alpha(_state(5)) == 0
    with pytest.raises(ValueError, match="starts at 0.5 but config.alpha is 0.1"):
        get_step_rar_reward(RewardConfig(), alpha_schedule="linear:0.5:0:5")


@pytest.mark.parametrize("bad", [
    "linear:0.1:0", "linear:0.1:0:0", "linear:0.1:0:2.5", "cosine:a:0:10", "exp:0.1:0:10",
    "linear:-0.1:0:10", "linear:0.1:nan:10", "linear:0.1:inf:10", "constant:0.1:0.2", "",
    {"kind": "linear", "start": 0.1, "end": 0}, {"kind": "linear", "start": 0.1, "end": 0, "steps": 5, "x": 1},
    {"kind": "constant", "start": 0.1, "steps": 4}, {"kind": "linear", "start": "0.1", "end": 0, "steps": 5},
    {"kind": "linear", "start": 0.1, "end": 0, "steps": True}, True, [0.1],
])
def test_malformed_schedules_raise(bad):
    with pytest.raises((ValueError, TypeError)):
        AlphaSchedule.parse(bad)


def test_parse_forms_round_trip():
    for text in ("constant:0.1", "linear:0.1:0:1000", "cosine:0.2:0.05:300"):
        assert str(AlphaSchedule.parse(text)) == text
        assert AlphaSchedule.parse(str(AlphaSchedule.parse(text))) == AlphaSchedule.parse(text)
    assert AlphaSchedule.parse(" Linear : 0.1 : 0 : 1e3 ") == AlphaSchedule("linear", 0.1, 0.0, 1000)
    assert AlphaSchedule.parse({"kind": "linear", "start": 0.1, "end": 0, "steps": 1000}) == \
        AlphaSchedule.parse("linear:0.1:0:1000")
    assert AlphaSchedule.parse(0.25) == AlphaSchedule.parse("0.25") == AlphaSchedule.constant(0.25)
    assert parse_alpha_schedule(None) is parse_alpha_schedule(" None ") is parse_alpha_schedule("") is None


def test_settings_environment_and_file(tmp_path, monkeypatch):
    s = reward_settings({"STEPGRPO_ALPHA_SCHEDULE": "linear:0.2:0:100"})
    assert s.config.alpha == 0.2 and s.options["alpha_schedule"] == AlphaSchedule("linear", 0.2, 0.0, 100)
    path = tmp_path / "s.json"
    path.write_text('{"alpha_schedule": {"kind": "cosine", "start": 0.1, "end": 0, "steps": 50}}')
    assert reward_settings({"STEPGRPO_REWARD_SETTINGS": str(path)}).options["alpha_schedule"] == \
        AlphaSchedule("cosine", 0.1, 0.0, 50)
    assert reward_settings({"STEPGRPO_ALPHA": "0.2", "STEPGRPO_ALPHA_SCHEDULE": "linear:0.2:0:9"}).config.alpha == 0.2
    with pytest.raises(ValueError, match="disagree"):
        reward_settings({"STEPGRPO_ALPHA": "0.3", "STEPGRPO_ALPHA_SCHEDULE": "linear:0.2:0:9"})
    with pytest.raises(ValueError, match="STEPGRPO_ALPHA_SCHEDULE"):
        reward_settings({"STEPGRPO_ALPHA_SCHEDULE": "linear:0.2:0"})
    # the import-path rewards of stepgrpo_trl.configured read it
    monkeypatch.setenv("STEPGRPO_ALPHA_SCHEDULE", f"linear:0.1:0:{N}")
    for name in ("step_rar_reward", "step_rvr_reward"):
        assert configured_reward(name).alpha(_state(N)) == 0.0
    assert _rar(configured_reward("step_rar_reward"), _state(N // 2))[0] == pytest.approx(1.025)


def test_pickle_equality_and_repr():
    reward = get_step_rar_reward(alpha_schedule="linear:0.1:0:10")
    copy = pickle.loads(pickle.dumps(reward))
    assert copy == reward and hash(copy) == hash(reward)
    assert _rar(copy, _state(5))[0] == pytest.approx(1.025)
    assert reward != get_step_rar_reward() and "alpha_schedule='linear:0.1:0:10'" in repr(reward)
    assert get_step_rvr_reward(alpha_schedule="linear:0.1:0:10")([TRACE], trainer_state=_state(5)) == [1.0]


def test_swift_rewards_take_a_schedule():
    registry: dict[str, type] = {}
    register_swift_rewards(registry)

    class StepRARFading(registry["step_rar"]):  # type: ignore[misc,valid-type]
        reward_kwargs = {"alpha_schedule": "linear:0.1:0:10"}

    reward = StepRARFading(args=None)
    assert reward([TRACE], **COLUMNS, messages=[[]], trainer_state=_state(10)) == [1.0]
    assert reward([TRACE], **COLUMNS, messages=[[]], trainer_state=_state(0)) == [pytest.approx(1.05)]


def test_grpo_config_weights_and_aggregation():
    """docs/trl.md names these GRPOConfig options and values: they must exist in the installed trl."""
    trl = pytest.importorskip("trl")
    import inspect

    reward_funcs = get_stepgrpo_rewards()
    args = trl.GRPOConfig(output_dir="out", reward_weights=[1.0, 0.5],
                          multi_objective_aggregation="normalize_then_sum",
                          bf16=False, use_cpu=True, report_to="none")
    assert len(args.reward_weights) == len(reward_funcs) == 2
    assert trl.GRPOConfig(output_dir="out", bf16=False, use_cpu=True).multi_objective_aggregation == \
        "sum_then_normalize"
    source = inspect.getsource(trl.GRPOTrainer)
    assert '== "normalize_then_sum"' in source and '== "sum_then_normalize"' in source
