"""normalize_key_steps: every shape seen in the wild, and bad input."""

import numpy as np
import pytest
from traces import mulberry

from stepgrpo_rewards import (
    InvalidInputError,
    KeyStepsError,
    normalize_key_steps,
    problem_kind,
    score_trace,
)

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


# Key steps serialised as JSON (CSV and Parquet cells) that do not parse must not fall
# through to one literal key step that never matches: StepRAR would silently lose the
# credit, with no problem reported and strict mode none the wiser.
@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('[["5 - 3 = 2"]', "char 14"),  # a bracket missing
        ("[['5 - 3 = 2']]", "double quotes"),  # str(list), as pandas writes it
        ('[["5 - 3 = 2"], x]', "char 16"),  # trailing garbage inside the brackets
        ('[["a"], ["b"]] ]', "char 15"),  # trailing garbage after the list
        ('{"Steps": [["5 - 3 = 2"]}', "char 24"),  # the list under "Steps" unclosed
        ("{'Steps': [['a']]}", "double quotes"),  # str(dict)
        ("  [['a', None]]\n", "double quotes"),  # surrounding whitespace is stripped
        ('["a", "b"', "char 9"),  # cut off (a spreadsheet cell at its length limit)
        ('{"Steps": [["a"], ["b', "char"),  # cut off inside a string
        ("[ ['a'", "double quotes"),  # a cut-off str(list)
    ],
    ids=["missing-bracket", "python-repr", "garbage-inside", "garbage-after", "steps-unclosed",
         "python-repr-dict", "python-repr-padded", "cut-off-list", "cut-off-steps", "cut-off-repr"],
)
def test_malformed_json_string_raises(text, hint):
    with pytest.raises(KeyStepsError, match="look like JSON but do not parse") as info:
        normalize_key_steps(text)
    assert hint in str(info.value)
    assert len(str(info.value)) <= 200  # score_trace keeps 200 characters of it


def test_malformed_json_hint_is_not_given_for_an_apostrophe():
    with pytest.raises(KeyStepsError) as info:
        normalize_key_steps('[["it\'s 5"]')
    assert "double quotes" not in str(info.value)


def test_json_string_nested_too_deep_raises():
    with pytest.raises(KeyStepsError, match="look like JSON"):
        normalize_key_steps("[" * 20_000 + "]" * 20_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[["5 - 3 = 2"]]', [["5 - 3 = 2"]]),
        ('  [["a", "b"], "c"]  ', [["a", "b"], ["c"]]),
        ('{"Steps": [["5 - 3 = 2"], "x"]}', [["5 - 3 = 2"], ["x"]]),
        ("[]", []),
        ("{\"Steps\": []}", []),
        ("x = 5", [["x = 5"]]),
        ("[AB] is 5 cm", [["[AB] is 5 cm"]]),  # starts with "[" only: plain text
        ("{x} = 5", [["{x} = 5"]]),
        ("[a, b] is the domain", [["[a, b] is the domain"]]),  # "[" then a letter: plain text
        ("{1, 2, 3}", [["{1, 2, 3}"]]),  # a set, not serialised key steps
        ("[0, 1) ∪ (2, 3]", [["[0, 1) ∪ (2, 3]"]]),  # an interval
        ("[a" + "[" * 40, [["[a" + "[" * 40]]),  # deep, but text
        (REPLY, [["∠A + ∠B + ∠C = 180°"], ["∠C = 70°"], ["70°"]]),
        ('[Key Elements]\nImage Description: ["bars"]; Step 1: ["5 - 3 = 2"], Step 2: ["2"]',
         [["5 - 3 = 2"], ["2"]]),
        ("Key Elements:\nStep 1: ['x = 2', 'y']", [["x = 2"], ["y"]]),
    ],
    ids=["json-list", "json-list-padded", "json-steps", "json-empty-list", "json-empty-steps",
         "plain", "plain-bracket-start", "plain-brace-start", "interval-prose", "set", "interval",
         "deep-text", "reply", "reply-in-brackets",
         "reply-single-quotes"],
)
def test_well_formed_and_plain_strings_keep_working(text, expected):
    assert normalize_key_steps(text) == expected


def test_malformed_json_key_steps_in_score_trace_are_a_problem():
    trace = mulberry(["5 - 3 = 2"], answer="2")
    good = score_trace(trace, "2", '[["5 - 3 = 2"]]')
    assert (good.key_steps_matched, good.key_steps_total, good.problems) == (1, 1, ())
    s = score_trace(trace, "2", '[["5 - 3 = 2"]')
    assert [problem_kind(p) for p in s.problems] == ["bad_key_steps"]
    assert "look like JSON" in s.problems[0]
    assert (s.key_steps_matched, s.key_steps_total) == (0, 0)
    assert s.answer_correct and s.valid
    assert s.total == pytest.approx(s.accuracy + s.validity) == pytest.approx(2.0)


@pytest.mark.parametrize("text", ['[["5 - 3 = 2"]', "[['5 - 3 = 2']]"])
def test_malformed_json_key_steps_fail_strict_scoring(text):
    with pytest.raises(InvalidInputError, match="bad_key_steps"):
        score_trace(mulberry(["5 - 3 = 2"], answer="2"), "2", text, strict=True)


def test_duplicate_alternatives_are_removed_in_order_and_in_linear_time():
    # 20,000 alternatives, 1,000 distinct: a list membership test made this quadratic (2 s)
    group = [f"alternative {i % 1_000}" for i in range(20_000)]
    (alts,) = normalize_key_steps([group, ["a", "b", "a"]])[:1]
    assert alts == [f"alternative {i}" for i in range(1_000)]
    assert normalize_key_steps([["a", "b", "a", " b "]]) == [["a", "b"]]
    assert normalize_key_steps([("a", "b", "a")]) == [["a", "b"]]  # the general path too
