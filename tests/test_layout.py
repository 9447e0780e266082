"""The package's rooms: the public API at a glance, and old import paths still working."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import stepgrpo_rewards
from stepgrpo_rewards._moved import MOVED


def test_all_is_what_a_user_calls() -> None:
    assert sorted(stepgrpo_rewards.__all__) == sorted([
        "score_trace", "score_batch", "step_rar", "step_rvr", "RewardConfig", "TraceScore",
        "parse_trace", "check_validity", "answers_equivalent", "match_key_steps",
        "extract_answer", "normalize_key_steps", "extract_key_steps"])
    for name in stepgrpo_rewards.__all__:
        assert getattr(stepgrpo_rewards, name) is not None
    # the rest stays importable from the package, as before
    from stepgrpo_rewards import (  # noqa: F401
        INPUT_PROBLEM_KINDS,
        GroupMatch,
        KeyStepMatch,
        KeyStepsError,
        UnreadableSolutionError,
        gold_answer,
        normalize_math_text,
        problem_kind,
        solution_text,
    )


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_module_path_is_the_module_at_its_new_place(old: str) -> None:
    assert importlib.import_module(old) is importlib.import_module(MOVED[old])


def test_old_paths_of_public_names() -> None:
    from stepgrpo_rewards.extraction import extract_key_steps
    from stepgrpo_rewards.io_records import open_records
    from stepgrpo_rewards.keysteps_cli import main as keysteps_main
    from stepgrpo_rewards.matching import match_key_steps
    from stepgrpo_rewards.textnorm import normalize_math_text

    from stepgrpo_rewards.cli import main
    from stepgrpo_rewards.cli.keysteps import main as new_keysteps_main
    from stepgrpo_rewards.cli.records import open_records as new_open_records
    from stepgrpo_rewards.cli.score import main as new_main
    from stepgrpo_rewards.keysteps import KeyStepsError, normalize_key_steps

    assert (main, keysteps_main, open_records) == (new_main, new_keysteps_main, new_open_records)
    assert extract_key_steps is stepgrpo_rewards.extract_key_steps
    assert match_key_steps is stepgrpo_rewards.match_key_steps
    assert normalize_key_steps is stepgrpo_rewards.normalize_key_steps
    assert normalize_math_text is stepgrpo_rewards.normalize_math_text
    assert issubclass(KeyStepsError, ValueError)


def test_the_core_imports_no_command_line_module() -> None:
    code = ("import sys, stepgrpo_rewards; "
            "print(sorted(m for m in sys.modules if m.startswith('stepgrpo_rewards.cli')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
