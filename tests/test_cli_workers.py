"""``stepgrpo-score --workers N`` ends promptly however it is stopped (issue 15, item 13):
after a bad record under ``--strict``, and on Ctrl-C or SIGTERM while the workers are idle
(waiting for input that has not come)."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"completion": "### The final answer is: 4", "solution": "4"}


def _ctrl_c_heard() -> None:
    # A shell starts background jobs with Ctrl-C ignored, and Python then leaves it
    # ignored: a test suite run with "&" would pass that on to the command.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(args: list[str], cwd: Path, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "stepgrpo_rewards", *args], text=True, cwd=str(cwd),
        stderr=subprocess.PIPE, start_new_session=True, preexec_fn=_ctrl_c_heard,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "plugins")])),
        **kwargs)  # type: ignore[call-overload]


def _nothing_left(proc: subprocess.Popen[str]) -> None:
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):  # no worker left behind in the process group
        os.killpg(proc.pid, 0)


def _cleanup(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.kill()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


def test_strict_with_workers_stops_at_a_bad_record(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps(GOOD)] * 50 + ["{not json"] + [json.dumps(GOOD)] * 20_000
    src.write_text("\n".join(lines) + "\n")
    proc = _start([str(src), "-o", str(tmp_path / "out.jsonl"), "--strict", "--workers", "2",
                   "--chunk-size", "8", "-q"], tmp_path)
    try:
        _, err = proc.communicate(timeout=120)
        _nothing_left(proc)
    finally:
        _cleanup(proc)
    assert proc.returncode == 2, err
    assert "line 51" in err and "Traceback" not in err


@pytest.mark.parametrize("how", ["SIGINT to the command", "SIGTERM to the command",
                                 "SIGINT to the group", "SIGTERM to the group"])
def test_a_stop_with_idle_workers_ends_the_run(tmp_path: Path, how: str) -> None:
    proc = _start(["-", "-o", str(tmp_path / "out.jsonl"), "--workers", "2", "-q",
                   "--format", "jsonl"], tmp_path, stdin=subprocess.PIPE)
    try:
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(GOOD) + "\n")
        proc.stdin.flush()  # then nothing more: the workers wait, idle
        time.sleep(3)
        assert proc.poll() is None
        sig = signal.SIGINT if "SIGINT" in how else signal.SIGTERM
        if "group" in how:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        proc.wait(timeout=60)
        err = proc.stderr.read() if proc.stderr else ""
        _nothing_left(proc)
    finally:
        _cleanup(proc)
    assert proc.returncode == (130 if sig == signal.SIGINT else 143), err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


_SLOW_START = """
import os, signal, sys, threading, time
signal.signal(signal.SIGINT, signal.default_int_handler)  # (a background job starts with it ignored)
import stepgrpo_rewards.cli.score as score

def slow_ready():
    time.sleep(5)

score._ready = slow_ready  # the workers are forked: they see it too
threading.Timer(1.0, os.kill, (os.getpid(), signal.SIGINT)).start()
try:
    with score._executor(2):
        print("entered")
except KeyboardInterrupt:
    print("interrupted")
"""


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs the fork start method")
def test_a_ctrl_c_while_the_workers_start_is_heard(tmp_path: Path) -> None:
    # Before, the parent ignored Ctrl-C until every worker had booted: one pressed then was
    # lost, and the command went on to wait for input. (The workers here take 5 s to boot,
    # and Ctrl-C comes after 1 s.)
    script = "import multiprocessing\nmultiprocessing.set_start_method('fork', force=True)\n" + _SLOW_START
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=str(tmp_path),
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "plugins")])))
    assert done.stdout.strip() == "interrupted", done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
