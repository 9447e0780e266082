"""One record, one score: every entry point reads inputs through `stepgrpo_rewards.inputs`.

A corpus of records in every shape (completions as strings, chat messages, thinking
models' ``reasoning_content`` / ``reasoning`` / ``thinking``, lists of parts; solutions as
strings, numbers, reference traces, missing values, chat messages; key steps in every
shape the library reads) is scored through `score_trace`, `score_batch`, the TRL rewards,
the ms-swift classes, the verl and EasyR1 functions and ``stepgrpo-score``; the scores
must agree everywhere. Offline scores must equal training rewards.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import pytest
from traces import GOOD, KEY_STEPS

from stepgrpo_rewards import score_batch, score_trace
from stepgrpo_rewards.inputs import (
    completion_text,
    key_steps_value,
    question_text,
    solution_text,
)

_REASONING, _, _ANSWER = GOOD.rpartition("\n\n")
_STEP = "### Step 1:\n5 - 3 = 2"

COMPLETIONS: list[Any] = [
    GOOD,
    "### The final answer is: 70°",
    "",
    None,
    "no structure, the answer is 70",
    [{"role": "assistant", "content": GOOD}],
    [{"role": "assistant", "reasoning_content": _REASONING, "content": _ANSWER}],  # issue 14
    [{"role": "assistant", "reasoning": _REASONING, "content": _ANSWER}],
    [{"role": "assistant", "thinking": _REASONING, "content": _ANSWER}],
    [{"role": "assistant", "reasoning_content": _REASONING, "content": GOOD}],  # not doubled
    [{"role": "assistant", "content": [{"type": "text", "text": _REASONING + "\n\n"},
                                       {"type": "image"}, {"type": "text", "text": _ANSWER}]}],
    [{"role": "assistant", "content": _REASONING}, {"role": "tool", "content": "70"},
     {"role": "assistant", "content": _ANSWER}],
    {"role": "assistant", "reasoning_content": _REASONING, "content": _ANSWER},
    [{"role": "assistant", "reasoning_content": _REASONING, "content": None}],
]

SOLUTIONS: list[Any] = ["70°", "### Step 1:\n...\n### The final answer is: 70°", 70, 12.5,
                        None, float("nan"), "", [{"role": "assistant", "content": "70°"}], ["70°"]]

KEY_STEP_SHAPES: list[Any] = [
    KEY_STEPS,
    ["triangle angle sum", "70°"],
    {"Steps": KEY_STEPS},
    json.dumps(KEY_STEPS),
    'Key Elements:\nRationales: ["x"]; Step 1: ["triangle angle sum"], Step 2: ["70"]',
    None,
    float("nan"),
    "[[unclosed",
    [],
]

QUESTIONS: list[Any] = [None, "Find angle C. A. 60° B. 70°", 3]


def _records() -> list[dict[str, Any]]:
    out = []
    cycle = itertools.cycle(itertools.product(SOLUTIONS, QUESTIONS))
    for completion in COMPLETIONS:
        for key_steps in KEY_STEP_SHAPES:
            solution, question = next(cycle)
            out.append({"completion": completion, "solution": solution,
                        "key_steps": key_steps, "question": question})
    return out


RECORDS = _records()


def _reference(record: dict[str, Any]) -> dict[str, Any]:
    """The score of *record* through the core, with the inputs read by `inputs`."""
    return score_trace(completion_text(record["completion"]), solution_text(record["solution"]),
                       key_steps_value(record["key_steps"]),
                       question=question_text(record["question"])).to_dict()


EXPECTED = [_reference(r) for r in RECORDS]


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b))


def test_the_bug_of_issue_14_reasoning_content_is_scored(tmp_path: Path) -> None:
    """The reasoning of a thinking model is scored with its answer, offline too (it was
    the answer line alone in ``stepgrpo-score``)."""
    from stepgrpo_rewards.cli.score import main

    whole = score_trace(GOOD, "70°", KEY_STEPS).to_dict()
    assert whole["valid"] and whole["key_steps_matched"] == 2
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps({"completion": COMPLETIONS[6], "solution": "70°",
                               "key_steps": KEY_STEPS}) + "\n")
    assert main([str(src), "-o", str(dst), "--quiet"]) == 0
    assert json.loads(dst.read_text()) == {"index": 0, **whole}


def test_score_batch() -> None:
    got = score_batch([completion_text(r["completion"]) for r in RECORDS],
                      [solution_text(r["solution"]) for r in RECORDS],
                      [key_steps_value(r["key_steps"]) for r in RECORDS],
                      questions=[question_text(r["question"]) for r in RECORDS])
    assert [s.to_dict() for s in got] == EXPECTED


def _columns() -> dict[str, list[Any]]:
    return {"solution": [r["solution"] for r in RECORDS],
            "key_steps": [r["key_steps"] for r in RECORDS],
            "problem": [r["question"] for r in RECORDS]}


def test_trl_rewards() -> None:
    from stepgrpo_trl import get_step_rar_reward, get_step_rvr_reward

    completions = [r["completion"] for r in RECORDS]
    rar = get_step_rar_reward(log_metrics=False, log_completions=False)
    scores = rar.score(completions, **_columns())
    assert [s.to_dict() if s is not None else None for s in scores] == EXPECTED
    rewards = rar(completions, **_columns())
    assert all(_close(r, e["accuracy"] if e["gold_answer"] is not None else None)
               for r, e in zip(rewards, EXPECTED, strict=True))
    rvr = get_step_rvr_reward(log_metrics=False, log_completions=False)
    assert rvr(completions, **_columns()) == [e["validity"] for e in EXPECTED]


def test_swift_classes() -> None:
    from stepgrpo_trl.swift import StepRAR, StepRVR

    completions = [r["completion"] for r in RECORDS]
    rar = StepRAR(args=None, log_metrics=False, log_completions=False)
    rewards = rar(completions, **_columns())
    assert all(_close(r, e["accuracy"] if e["gold_answer"] is not None else None)
               for r, e in zip(rewards, EXPECTED, strict=True))
    rvr = StepRVR(args=None, log_metrics=False, log_completions=False)
    assert rvr(completions, **_columns()) == [e["validity"] for e in EXPECTED]


def _ground_truth(record: dict[str, Any]) -> dict[str, Any]:
    return {"solution": record["solution"], "key_steps": record["key_steps"],
            "question": record["question"]}


def test_verl_functions() -> None:
    # verl passes the decoded completion: the text of the chat messages
    from stepgrpo_verl import compute_score, compute_score_batch

    for record, expected in zip(RECORDS, EXPECTED, strict=True):
        text = completion_text(record["completion"])
        result = compute_score("r1vl", text, _ground_truth(record))
        assert _close(result["score"], expected["total"]), (record, result, expected)
        assert _close(result["step_rar"], expected["accuracy"])
        assert result["key_steps_total"] == expected["key_steps_total"]
        # the reference split over ground_truth and extra_info reads the same
        split = compute_score("r1vl", text, record["solution"],
                              {"key_steps": record["key_steps"], "question": record["question"]})
        assert _close(split["score"], expected["total"]), (record, split, expected)
    batch = compute_score_batch(["r1vl"] * len(RECORDS),
                                [completion_text(r["completion"]) for r in RECORDS],
                                [_ground_truth(r) for r in RECORDS])
    assert [r["score"] for r in batch] == pytest.approx([e["total"] for e in EXPECTED])


def test_easyr1_function() -> None:
    from stepgrpo_verl.easyr1 import compute_score

    inputs = [{"response": completion_text(r["completion"]), "response_length": 1,
               "ground_truth": _ground_truth(r)} for r in RECORDS]
    results = compute_score(inputs)
    assert isinstance(results, list)
    assert [r["overall"] for r in results] == pytest.approx([e["total"] for e in EXPECTED])


def test_stepgrpo_score(tmp_path: Path) -> None:
    from stepgrpo_rewards.cli.score import main

    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))  # NaN as JSON's NaN
    assert main([str(src), "-o", str(dst), "--quiet", "--question", "question"]) == 0
    got = [json.loads(line) for line in dst.read_text().splitlines()]
    expected = [{"index": i, **e} for i, e in enumerate(EXPECTED)]
    assert got == json.loads(json.dumps(expected))
