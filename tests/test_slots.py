"""The fast constructors of the result dataclasses (`stepgrpo_rewards._slots`) build the
very objects the dataclasses' own constructors build: same parameters, same fields,
still frozen."""

from __future__ import annotations

import dataclasses
import inspect
import pickle

import pytest

from stepgrpo_rewards import TraceScore
from stepgrpo_rewards.keysteps.matching import (
    GroupMatch,
    KeyStepMatch,
    _group_match,
    _key_step_match,
)
from stepgrpo_rewards.scoring import _trace_score
from stepgrpo_rewards.trace import Section, Step, Trace, _trace
from stepgrpo_rewards.validity import Validity

GROUP_ARGS = [
    (0, ("x = 5",), False),
    (3, ("x = 5", "5 = x"), True, "5 = x", 2, "step", "normalized", 100.0),
    (1, ("equal sides",), True, "equal sides", None, "rationales", "fuzzy", 93.33),
]
SCORE_ARGS = [
    (True, "12", "12", True, True, True, 1, 2, 0.5, 1.05, 1.0, 2.05, "mulberry"),
    (False, None, None, False, False, True, 0, 0, 0.0, 0.0, 0.0, 0.0, "free", ("no_answer",),
     KeyStepMatch(1, 1, (GroupMatch(0, ("a",), True, "a", 1, "step", "exact", 100.0),)),
     Validity(False, True, ("missing_description",)), "r1", True),
]

TRACE_ARGS = [
    ("x", "free", (), ()),
    ("### Step 1:\nx = 5", "mulberry", (Section("step", (0, 12), (12, 17), "x = 5", 1),), (Step(1, "x = 5", (12, 17)),), True),
]
MATCH_ARGS = [(0, 0), (1, 2, (GroupMatch(0, ("a",), True, "a", 1, "step", "exact", 100.0), GroupMatch(1, ("b",), False)))]
FAST = [(GroupMatch, _group_match), (TraceScore, _trace_score), (Trace, _trace), (KeyStepMatch, _key_step_match)]


@pytest.mark.parametrize(("cls", "fast"), FAST)
def test_fast_constructor_takes_the_dataclass_parameters(cls, fast):
    ours = [(p.name, p.default) for p in inspect.signature(fast).parameters.values()]
    theirs = [(p.name, p.default) for p in inspect.signature(cls).parameters.values()]
    assert ours == theirs


@pytest.mark.parametrize(("cls", "fast", "args"), [(GroupMatch, _group_match, a) for a in GROUP_ARGS]
                         + [(TraceScore, _trace_score, a) for a in SCORE_ARGS]
                         + [(Trace, _trace, a) for a in TRACE_ARGS]
                         + [(KeyStepMatch, _key_step_match, a) for a in MATCH_ARGS])
def test_fast_constructor_builds_the_same_object(cls, fast, args):
    built, expected = fast(*args), cls(*args)
    assert type(built) is cls
    for f in dataclasses.fields(cls):  # compare=False fields too
        assert getattr(built, f.name) == getattr(expected, f.name), f.name
    assert built == expected and hash(built) == hash(expected) and repr(built) == repr(expected)
    assert pickle.loads(pickle.dumps(built)) == expected
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, dataclasses.fields(cls)[0].name, None)
