"""The ms-swift adapter, `stepgrpo_trl.swift`, against ms-swift's reward contract.

ms-swift is not a test dependency (it pins its own trl); these tests do what its GRPO
trainer does, from its source (``swift/rlhf_trainers/grpo_trainer.py``,
``GRPOTrainer._prepare_rewards``; ``swift/rl_core/grpo_algorithm.py``): build a reward found
in the ``orms`` registry as ``orms[name](args=<GRPOConfig>)``, name it after its class,
and call it with the completions as strings and every row field as a keyword argument,
the question folded into ``messages``. tests/integration/check_swift.py runs the same
against an installed ms-swift.
"""

from __future__ import annotations

import importlib.util
import pickle
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

from stepgrpo_trl import swift as S  # noqa: E402
from traces import mulberry  # noqa: E402

from stepgrpo_rewards import RewardConfig, score_trace  # noqa: E402

QUESTION = "Which bar is taller? A. bar A (3)  B. bar B (5)"
MC_TRACE = mulberry(["B is 5 and A is 3, so bar B is taller"], answer="bar B (5)")
TRACE = mulberry(["5 - 3 = 2"], answer="2")
WRONG = mulberry(["5 - 3 = 3"], answer="3")


def swift_messages(question: str, reply: str) -> list[dict[str, str]]:
    """A row's ``messages`` as swift hands them to a reward: the question in the user
    turn, behind the media tag, the rollout's reply last."""
    return [{"role": "user", "content": f"<image>{question}"}, {"role": "assistant", "content": reply}]


def build_like_swift(name: str, registry: dict) -> object:
    """`GRPOTrainer._prepare_rewards`: the class from the registry, built with ``args=``."""
    return registry[name](args=types.SimpleNamespace(reward_weights=None))


def test_register_puts_both_rewards_under_their_names() -> None:
    registry: dict = {"accuracy": object}
    added = S.register_swift_rewards(registry)
    assert added == {"step_rar": S.StepRAR, "step_rvr": S.StepRVR}
    assert registry["step_rar"] is S.StepRAR and registry["step_rvr"] is S.StepRVR
    assert "accuracy" in registry  # swift's own rewards stay


def test_swift_names_rewards_by_class() -> None:
    registry: dict = {}
    S.register_swift_rewards(registry)
    rar, rvr = (build_like_swift(n, registry) for n in S.SWIFT_NAMES)
    # what swift logs: rewards/<class name>/mean
    assert [type(rar).__name__, type(rvr).__name__] == ["StepRAR", "StepRVR"]
    assert rar.reward.__name__ == "StepRAR"  # our own log lines agree


def test_scores_equal_score_trace() -> None:
    rar, rvr = S.StepRAR(args=None), S.StepRVR(args=None)
    completions = [TRACE, WRONG, "no structure", ""]
    columns = {
        "solution": ["2"] * 4,
        "key_steps": [[["5 - 3 = 2"]]] * 4,
        "messages": [swift_messages("How much taller is B?", c) for c in completions],
        "images": [["bars.png"]] * 4,
        "trainer_state": None,
        "request_id": ["r0", "r1", "r2", "r3"],
    }
    expected = [score_trace(c, "2", [["5 - 3 = 2"]]) for c in completions]
    assert rar(completions, **columns) == [s.accuracy for s in expected]
    assert rvr(completions, **columns) == [s.validity for s in expected]
    assert [s.accuracy for s in expected] == [1.1, 0.0, 0.0, 0.0]


def test_question_is_read_back_from_the_user_message() -> None:
    """swift folds the ``problem`` column into the user turn: without it, an answer given
    as the option's text does not match the gold letter."""
    rar = S.StepRAR(args=None)
    plain = rar([MC_TRACE], solution=["B"])
    with_messages = rar([MC_TRACE], solution=["B"], messages=[swift_messages(QUESTION, MC_TRACE)])
    assert plain == [0.0]
    assert with_messages == [1.0]
    # a problem column that does arrive wins over the messages
    assert rar([MC_TRACE], solution=["B"], problem=["no options here"],
               messages=[swift_messages(QUESTION, MC_TRACE)]) == [0.0]


@pytest.mark.parametrize(("messages", "question"), [
    ([{"role": "user", "content": "<image><video>Q?"}], "Q?"),
    ([{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "Q?"}]}], "Q?"),
    ([{"role": "user", "content": "first"}, {"role": "assistant", "content": "a"},
      {"role": "user", "content": "second"}], "second"),
    ([{"role": "system", "content": "s"}], None),
    ([{"role": "user", "content": "<image>"}], None),
    ("not a list", None),
    (None, None),
    ([{"role": "user", "content": 5}], None),
])
def test_question_of(messages: object, question: str | None) -> None:
    assert S.question_of(messages) == question


def test_malformed_messages_do_not_stop_training() -> None:
    rar = S.StepRAR(args=None)
    # wrong length, or not a list: left alone, scored without a question
    assert rar([TRACE], solution=["2"], messages=[[], []]) == [1.0]
    assert rar([TRACE], solution=["2"], messages="oops") == [1.0]
    assert rar([TRACE], solution=["2"], messages=[[{"role": "user", "content": object()}]]) == [1.0]


def test_subclass_changes_settings_and_name() -> None:
    class StepRARAlpha05(S.StepRAR):
        reward_config = RewardConfig(alpha=0.5)
        reward_kwargs = {"solution_column": "answer"}

    reward = StepRARAlpha05(args=None)
    assert reward.reward.__name__ == "StepRARAlpha05"
    assert reward([TRACE], answer=["2"], key_steps=[[["5 - 3 = 2"]]]) == [1.5]
    with pytest.raises(ValueError, match=r"no 'answer' column.*StepRARReward\(solution_column=\.\.\.\)"):
        reward([TRACE], solution=["2"])


def test_missing_gold_answer_is_none() -> None:
    """swift turns None into NaN: left out of the StepRAR mean, 0 in the weighted total."""
    assert S.StepRAR(args=None)([TRACE], solution=[None]) == [None]


def test_instances_pickle() -> None:
    reward = S.StepRAR(args=None)
    clone = pickle.loads(pickle.dumps(reward))
    assert clone([TRACE], solution=["2"]) == reward([TRACE], solution=["2"]) == [1.0]


def test_register_without_swift_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "swift", None)
    with pytest.raises(ImportError, match="pip install ms-swift"):
        S.register_swift_rewards()


@pytest.mark.parametrize("module", ["swift.rewards", "swift.plugin"])  # ms-swift 4, ms-swift 3
def test_plugin_file_registers_when_swift_runs_it(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    """swift's ``--external_plugins`` runs the file by path, as a module of its own."""
    orms: dict = {}
    fake_swift = types.ModuleType("swift")
    fake = types.ModuleType(module)
    fake.orms = orms  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "swift", fake_swift)
    monkeypatch.setitem(sys.modules, module, fake)
    if module == "swift.plugin":
        monkeypatch.setitem(sys.modules, "swift.rewards", None)  # ms-swift 3 has no swift.rewards
    spec = importlib.util.spec_from_file_location("_swift_external_test", S.plugin_file())
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert orms == {"step_rar": S.StepRAR, "step_rvr": S.StepRVR}


def test_python_m_prints_the_plugin_file() -> None:
    import subprocess

    proc = subprocess.run([sys.executable, "-m", "stepgrpo_trl.swift"], capture_output=True, text=True,
                          env={"PYTHONPATH": f"{ROOT / 'plugins'}:{ROOT}", "PATH": ""}, timeout=60, check=True)
    assert proc.stdout.strip() == S.plugin_file()
    assert Path(S.plugin_file()).is_file()
