"""Realistic traces shared by the core tests, and the wrappings the red-team tests put an
answer in."""

from __future__ import annotations

from stepgrpo_rewards import RewardConfig, answers_equivalent, match_key_steps, score_trace

GOOD = """### Image Description:
A triangle ABC with angle A labelled 50° and angle B labelled 60°.

### Rationales:
The angles of a triangle add up to 180 degrees (triangle angle sum).

### Let's think step by step.

### Step 1:
The angle sum gives ∠A + ∠B + ∠C = 180°.

### Step 2:
So ∠C = 180° - 50° - 60° = 70°.

### The final answer is: 70°"""

KEY_STEPS = [["∠C = 180° - 50° - 60° = 70°", "angle C = 70 degrees"], ["triangle angle sum"], ["∠A + ∠B + ∠C = 180°"]]


def mulberry(steps, answer="70°", description="A figure.", rationales="A rule.", think=True):
    """Build a Mulberry trace from step texts."""
    parts = [f"### Image Description:\n{description}", f"### Rationales:\n{rationales}"]
    if think:
        parts.append("### Let's think step by step.")
    parts += [f"### Step {i}:\n{text}" for i, text in enumerate(steps, start=1)]
    if answer is not None:
        parts.append(f"### The final answer is: {answer}")
    return "\n\n".join(parts)


#: Long reference-solution steps built to make key-step extraction's regexes backtrack:
#: each is extracted in under a second (`benchmarks/bench_extraction.py` times them), a
#: quadratic regression would take minutes (tests/test_extraction.py guards that).
EXTRACTION_BAIT = [
    "(x" * 50000, "(1" * 50000, "x)" * 50000, "(x + " * 20000, "[a(" * 30000,
    "x = 1\n" * 16000, "-1" * 50000, "AB:" * 30000, "1,2" * 30000,
]


# An answer in the wrappings a policy writes it in, for the red-team tests: the answer line
# of a Mulberry trace, a "Final answer:" line, a box, and an R1 answer tag.
_MULBERRY_ANSWER = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: "
_R1_THINKING = "<think>\nStep 1: Read.\nStep 2: Combine.\n</think>\n"


def wrapped(answer: str) -> list[tuple[str, RewardConfig]]:
    """*answer* in each wrapping, with the config that reads it."""
    return [
        (_MULBERRY_ANSWER + answer, RewardConfig(layout="mulberry")),
        ("We compute.\nFinal answer: " + answer, RewardConfig()),
        ("We compute.\nSo the answer is $\\boxed{" + answer + "}$.", RewardConfig()),
        (_R1_THINKING + "<answer>" + answer + "</answer>", RewardConfig(layout="r1")),
    ]


def rewarded(answer: str, gold: str, question: str | None = None) -> bool:
    """Whether *answer* is scored right for *gold* in any wrapping, or alone."""
    if answers_equivalent(answer, gold, question=question):
        return True
    return any(score_trace(text, gold, question=question, config=config).answer_correct
               for text, config in wrapped(answer))


def right_everywhere(answer: str, gold: str, question: str | None = None) -> bool:
    """Whether *answer* is scored right for *gold* in every wrapping, and alone."""
    if not answers_equivalent(answer, gold, question=question):
        return False
    return all(score_trace(text, gold, question=question, config=config).answer_correct
               for text, config in wrapped(answer))


def steps_trace(steps: list[str], answer: str = "7") -> str:
    """A Mulberry trace of *steps* (a description and rationales, no "Let's think" line),
    the key-step red-team tests' layout."""
    body = "".join(f"### Step {i}:\n{step}\n" for i, step in enumerate(steps, 1))
    return f"### Image Description:\nd\n### Rationales:\nr\n{body}### The final answer is: {answer}"


def think_trace(step: str) -> str:
    """*step* as the body of a ``<think>`` block, with a boxed answer after it."""
    return f"<think>\n{step}\n</think>\nThe answer is \\boxed{{7}}"


def key_matched(step_text: str, key: str = "x = 5") -> bool:
    """Whether *key* earns its credit in a step that reads *step_text*, the same in a
    Mulberry trace and in a ``<think>`` block (asserted)."""
    matched = match_key_steps(steps_trace([step_text]), [[key]]).matched == 1
    assert matched == (score_trace(think_trace(step_text), "7", [[key]]).key_steps_matched == 1)
    return matched


def assert_squeezed_head_hides_nothing(words: list[str]) -> None:
    """The cheap test on the squeezed text after a value (`number_bounds._squeezed_head_may_matter`)
    is true wherever the context reader's window after it may matter: "5" then *words*,
    spaced, squeezed, with the gaps between them known (a property the red-team files
    check over their own vocabularies)."""
    from stepgrpo_rewards.keysteps import context, number_bounds

    spaced = "5 " + " ".join(words)
    squeezed = spaced.replace(" ", "")
    gaps = set()
    pos = 0
    for word in ["5", *words][:-1]:
        pos += len(word)
        gaps.add(pos)
    windows = number_bounds._GapWindows(squeezed, lambda p: p in gaps)
    window = windows.window_after(1)
    if context._after_may_matter(window):
        assert number_bounds._squeezed_head_may_matter(squeezed, 1, windows)

