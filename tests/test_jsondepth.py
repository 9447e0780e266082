"""`json_depth`: the nesting of a JSON text, found before decoding it, in linear time."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from stepgrpo_rewards.jsondepth import json_depth


def reference_depth(text: str) -> int:
    """Character by character: brackets outside strings, escapes inside them."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


@pytest.mark.parametrize(("text", "depth"), [
    ("", 0), ("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ('["[[[", "]]]"]', 1),
    ('["\\"[["]', 1), ('["\\\\", [2]]', 2), ('"unterminated [[[', 0), ("[[[", 3), ("]]][", 0),
])
def test_json_depth(text: str, depth: int) -> None:
    assert json_depth(text) == depth == reference_depth(text)
    assert json_depth(text.encode()) == depth


def test_json_depth_agrees_with_a_character_scan() -> None:
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice('[]{}"\\ab,:é') for _ in range(rng.randint(0, 40)))
        assert json_depth(text) == reference_depth(text), text


def test_json_depth_does_not_backtrack() -> None:
    """An unterminated string full of escaped quotes behind many brackets: a regex for
    strings took seconds on 40 kB and hours on 2 MB. A hang guard (a child process
    stopped after 60 s), not a speed test."""
    code = ("from stepgrpo_rewards.cli.records import load_json\n"
            "line = '{\"id\": \"x\", \"completion\": \"' + '[' * 401 + '\\\\\"' * 1_000_000\n"
            "try:\n    load_json(line)\nexcept ValueError:\n    print('refused')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "refused", proc.stderr[-1000:]
