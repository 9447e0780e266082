"""Every trainer adapter passes ``layout`` and ``validity_mode`` through to the score:
TRL (the reward objects and the environment-configured ones), verl, EasyR1, ms-swift."""

from __future__ import annotations

import json
from typing import Any

import pytest
import stepgrpo_trl.swift as S
from stepgrpo_trl import configured, get_step_rar_reward, get_step_rvr_reward
from test_easyr1_plugin import load_like_easyr1, reward_input
from test_verl_plugin import load_like_verl

from stepgrpo_rewards import RewardConfig

# An r1 completion: valid by the r1 rules, not by the Mulberry rules (the default).
R1_TEXT = "<think>\nStep 1: 5 - 3 = 2\n</think>\n<answer>2</answer>"
# One that the graded mode gives part of StepRVR: text after the answer.
R1_AFTER = R1_TEXT + "\nDone!"
KEY = [[["5 - 3 = 2"]]]
R1 = RewardConfig(layout="r1")


def test_trl_rewards_take_the_layout() -> None:
    assert get_step_rvr_reward()([R1_TEXT]) == [0.0]
    assert get_step_rvr_reward(R1)([R1_TEXT]) == [1.0]
    assert get_step_rvr_reward(RewardConfig(layout="auto"))([R1_TEXT]) == [1.0]
    assert get_step_rar_reward(R1)([R1_TEXT], solution=["2"], key_steps=KEY) == [pytest.approx(1.1)]
    graded = get_step_rvr_reward(RewardConfig(layout="r1", validity_mode="graded"))([R1_AFTER])
    assert 0.0 < graded[0] < 1.0
    assert get_step_rvr_reward(R1)([R1_AFTER]) == [0.0]
    # conversational completions too
    assert get_step_rvr_reward(R1)([[{"role": "assistant", "content": R1_TEXT}]]) == [1.0]


def test_trl_configured_rewards_read_the_layout_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Any) -> None:
    assert configured.step_rvr_reward([R1_TEXT]) == [0.0]
    monkeypatch.setenv("STEPGRPO_LAYOUT", "r1")
    assert configured.step_rvr_reward([R1_TEXT]) == [1.0]
    monkeypatch.setenv("STEPGRPO_VALIDITY_MODE", "graded")
    assert 0.0 < configured.step_rvr_reward([R1_AFTER])[0] < 1.0
    monkeypatch.delenv("STEPGRPO_LAYOUT")
    monkeypatch.delenv("STEPGRPO_VALIDITY_MODE")
    settings = tmp_path / "s.json"
    settings.write_text(json.dumps({"layout": "auto"}))
    monkeypatch.setenv("STEPGRPO_REWARD_SETTINGS", str(settings))
    assert configured.step_rvr_reward([R1_TEXT]) == [1.0]
    monkeypatch.setenv("STEPGRPO_LAYOUT", "think")
    with pytest.raises(ValueError, match="layout"):
        configured.step_rvr_reward  # noqa: B018


def test_verl_reward_kwargs_take_the_layout() -> None:
    fn = load_like_verl()
    call = {"data_source": "r1vl", "solution_str": R1_TEXT, "ground_truth": "2",
            "extra_info": {"key_steps": KEY[0]}}
    assert fn(**call)["step_rvr"] == 0.0
    result = fn(**call, layout="r1")
    assert (result["step_rvr"], result["valid"], result["answer_correct"]) == (1.0, 1.0, 1.0)
    assert result["score"] == pytest.approx(2.1)
    graded = fn(**{**call, "solution_str": R1_AFTER}, layout="r1", validity_mode="graded")
    assert 0.0 < graded["step_rvr"] < 1.0 and graded["valid"] == 0.0
    with pytest.raises(ValueError, match="layout"):
        fn(**call, layout="R1")


def test_easyr1_reward_function_kwargs_take_the_layout() -> None:
    assert load_like_easyr1()(reward_input(R1_TEXT, "2"))["overall"] == pytest.approx(1.0)
    result = load_like_easyr1(layout="r1")(reward_input(R1_TEXT, "2"))
    assert result["overall"] == pytest.approx(2.0)
    batch = load_like_easyr1(layout="auto", validity_mode="graded")([reward_input(R1_AFTER, "2"),
                                                                     reward_input(R1_TEXT, "2")])
    assert 1.0 < batch[0]["overall"] < 2.0 and batch[1]["overall"] == pytest.approx(2.0)


def test_swift_rewards_take_the_layout() -> None:
    assert S.StepRVR(args=None)([R1_TEXT]) == [0.0]

    class StepRVRR1(S.StepRVR):
        reward_config = RewardConfig(layout="r1")

    class StepRARR1(S.StepRAR):
        reward_config = RewardConfig(layout="r1")

    assert StepRVRR1(args=None)([R1_TEXT]) == [1.0]
    assert StepRARR1(args=None)([R1_TEXT], solution=["2"], key_steps=KEY) == [pytest.approx(1.1)]
    # the key step is read in the think block's steps; the answer alone earns no key step
    moved = "<think>\nStep 1: subtract\n</think>\n<answer>5 - 3 = 2</answer>"
    assert StepRARR1(args=None)([moved], solution=["5 - 3 = 2"], key_steps=KEY) == [pytest.approx(1.0)]
