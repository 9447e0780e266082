"""verl's and ms-swift's own reward paths around our rewards, run when they are installed.

The checks live in ``tests/integration/`` as scripts (``check_verl.py``, ``check_swift.py``):
each drives the real trainer code (verl's reward managers on a DataProto; ms-swift's
dataset loading, plugin loading and GRPO reward computation) on CPU and exits 0 when every
score equals `stepgrpo_rewards.score_trace`'s. They run in a process of their own, since
each imports its framework at module level and ms-swift pins its own trl. Neither
framework is a dependency: where one is not installed, its test is skipped with the
command that installs it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "integration"
ROOT = HERE.parent.parent


def _run(script: str, *args: str) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), str(ROOT / "plugins"), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True,
                          text=True, timeout=1200, env=env, cwd=ROOT)
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("verl") is None,
                    reason="verl is not installed (pip install verl, in a venv of its own: "
                    "see tests/integration/check_verl.py)")
def test_verl_reward_managers_score_as_the_core() -> None:
    _run("check_verl.py")


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("swift") is None,
                    reason="ms-swift is not installed (pip install ms-swift msgspec, without "
                    "the [trl] extra: see tests/integration/check_swift.py)")
def test_swift_grpo_rewards_score_as_the_core() -> None:
    _run("check_swift.py")
