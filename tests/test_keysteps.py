"""normalize_key_steps: every shape seen in the wild, and bad input."""

import numpy as np
import pytest

from stepgrpo_rewards import KeyStepsError, normalize_key_steps

REPLY = (
    'Key Elements:\nImage Description: ["triangle", "50°"]; Rationales: ["angle sum"]; '
    'Step 1: ["∠A + ∠B + ∠C = 180°"], Step 2: ["∠C = 70°", "70°"]'
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([["3*4=12", "3 × 4 = 12"], ["area"]], [["3*4=12", "3 × 4 = 12"], ["area"]]),
        (["3*4=12", "area"], [["3*4=12"], ["area"]]),
        ({"Steps": [["a"], "b"], "Description": ["ignored"]}, [["a"], ["b"]]),
        (REPLY, [["∠A + ∠B + ∠C = 180°"], ["∠C = 70°"], ["70°"]]),
        ("Key Elements:\nStep 1: ['x = 2', 'y']", [["x = 2"], ["y"]]),
        ('[["a", "b"], ["c"]]', [["a", "b"], ["c"]]),
        ('{"Steps": ["a"]}', [["a"]]),
        ("x = 5", [["x = 5"]]),
        (None, []),
        ([], []),
        ("", []),
        ([["", "  "], ["a", ""]], [["a"]]),
        # nulls (Arrow, pandas, JSON) hold no key step, at either level
        ([["a", None], None, ["c"]], [["a"], ["c"]]),
        ([None], []),
        ('{"Steps": [["a", null], null, "c"]}', [["a"], ["c"]]),
        ([["a"], ["a"]], [["a"], ["a"]]),  # duplicate groups each count
        ([12, 0.5], [["12"], ["0.5"]]),
        ((("a", "b"),), [["a", "b"]]),
        (np.array(["a", "b"]), [["a"], ["b"]]),
    ],
)
def test_shapes(value, expected):
    assert normalize_key_steps(value) == expected


@pytest.mark.parametrize("bad", [{"Description": ["a"]}, [[["deep"]]], [True], 42, [{"a": 1}], object()])
def test_unreadable_shapes_raise(bad):
    with pytest.raises(KeyStepsError):
        normalize_key_steps(bad)


def test_caps_groups_and_lengths():
    groups = normalize_key_steps([["x" * 1000]] * 10, max_groups=3, max_chars=20)
    assert groups == [["x" * 20]] * 3


@pytest.mark.parametrize(
    "bait",
    ["Key Elements: " + "Step 1: [" * 20_000, "Step 1: [" * 10_000 + "]" * 10_000],
    ids=["unclosed", "nested"],
)
def test_extractor_reply_bait_yields_no_groups_or_a_clear_error(bait):
    # Quadratic scans took minutes here; the time is measured in benchmarks/bench_core.py.
    try:
        groups = normalize_key_steps(bait)
    except (KeyStepsError, RecursionError):
        return
    assert all(isinstance(g, list) for g in groups)


def test_reply_list_after_an_unclosed_one_is_still_read():
    assert normalize_key_steps('Key Elements:\nStep 1: ["a", Step 2: ["b"]') == [["b"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # lists of lists of str: the fast path
        ([[" a ", "a", "b "], ["  "], []], [["a", "b"]]),
        ([["x" * 30, "y"]], [["x" * 5, "y"]]),
        ([["a"]] * 5, [["a"]] * 3),
        # a group holding something else: the general reading of that group
        ([["a", 1], ["b"]], [["a", "1"], ["b"]]),
        ([["a", 2.5, "a"]], [["a", "2.5"]]),
        ([["a", "b"], ("c", 1)], [["a", "b"], ["c", "1"]]),
        ([np.array(["a", "b"]), ["c"]], [["a", "b"], ["c"]]),
    ],
)
def test_list_of_groups_fast_path_and_fallback(value, expected):
    assert normalize_key_steps(value, max_groups=3, max_chars=5) == expected


@pytest.mark.parametrize("bad", [[["a", True]], [["a", ["x"]]], [["a", {"k": 1}]], [["a", b"x"]]])
def test_a_bad_element_after_good_ones_still_raises(bad):
    with pytest.raises(KeyStepsError):
        normalize_key_steps(bad)
