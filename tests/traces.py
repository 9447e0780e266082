"""Realistic traces shared by the core tests."""

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
