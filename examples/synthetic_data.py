"""A built-in, seeded dataset of small visual reasoning problems for StepGRPO.

Every example is a picture drawn with PIL (default font only, nothing downloaded),
a question, a reference solution in the structured Mulberry format of R1-VL, the
gold answer and its key steps (groups of alternative spellings, each group with at
least one spelling that appears verbatim in the solution's step texts). The data
serve the whole pipeline: SFT warm-up, StepGRPO training, evaluation and tests.

Kinds (:data:`KINDS`):

* ``bar_chart``  read a labelled bar chart; difference, sum, total or the tallest bar
* ``shapes``     count circles, squares and triangles; one kind, all, or a difference
* ``triangle``   two angles labelled, find the third
* ``segment``    segment AB split at C; AC and CB given (find AB) or AB and AC (find CB)
* ``clock``      read an analogue clock (always multiple choice)
* ``table``      read a small table; total, difference or the largest row
* ``rectangle``  area of a rectangle from its labelled sides

One more kind, not in the default mix (:data:`EXTRA_KINDS`), is built for the reward
ablation (``examples/reward_ablation.py``), where a small model trained from scratch must
learn it:

* ``rows``       two bars on a six-unit scale; "top x bottom + top": read two lengths,
  then two arithmetic steps, each intermediate value a key step

Multiple-choice questions list their options as lines ``A. 70°`` under a
``Choices:`` line; their gold answer is the letter. The other answers are numbers,
with a unit where natural (``70°``, ``12 cm``, ``40 cm²``).

``layout="r1"`` writes the reference solutions in the r1 layout instead (the reasoning in
``<think>...</think>``: the description, the rationale and ``Step n:`` lines; then
``<answer>...</answer>``), the same content, for pipelines that score with
``RewardConfig(layout="r1")``.

Generation is deterministic: example ``i`` of seed ``s`` depends only on ``(s, i)``
and the kind list, so ``generate_examples(10)`` is a prefix of
``generate_examples(100)`` and the images are identical byte for byte.

Example:
    >>> ex = generate_examples(7, seed=0)
    >>> sorted({e.kind for e in ex}) == sorted(KINDS)
    True
    >>> ex[2].id, ex[2].solution.splitlines()[0]
    ('triangle-00002', '### Image Description:')

As a script::

    python examples/synthetic_data.py --out data/synthetic --n 1000 --seed 0 --split train
    python examples/synthetic_data.py --out data/synthetic_r1 --n 1000 --layout r1
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

__all__ = [
    "EXTRA_KINDS",
    "KINDS",
    "LAYOUTS",
    "ROWS_QUESTION",
    "SyntheticExample",
    "generate_examples",
    "make_example",
    "write_dataset",
    "to_record",
    "main",
]

KINDS: tuple[str, ...] = (
    "bar_chart",
    "shapes",
    "triangle",
    "segment",
    "clock",
    "table",
    "rectangle",
)

#: Kinds built on request only (``kinds=EXTRA_KINDS``), not in the default mix.
EXTRA_KINDS: tuple[str, ...] = ("rows",)

LETTERS = "ABCD"

#: The layouts a reference solution can be written in (``RewardConfig.layout`` names them alike).
LAYOUTS: tuple[str, ...] = ("mulberry", "r1")


@dataclass(frozen=True)
class SyntheticExample:
    """One generated problem with its reference solution and key steps."""

    id: str
    kind: str
    image: Image.Image
    question: str
    solution: str
    answer: str
    key_steps: list[list[str]]
    options: dict[str, str] | None = None
    #: The numbers the example was built from (bar values, angles, ...) and the
    #: question's subtype, so that its arithmetic can be checked independently.
    meta: Mapping[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- text helpers

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
).split()


def _dedupe(alternatives: Sequence[str], limit: int = 4) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for alt in alternatives:
        if alt and alt not in seen:
            seen.add(alt)
            out.append(alt)
    return out[:limit]


def _pick(rng: random.Random, variants: Sequence[str], weights: Sequence[float] | None = None) -> list[str]:
    """Choose the spelling used in the text; return it first, then the others."""
    chosen = rng.choices(range(len(variants)), weights=weights)[0]
    return _dedupe([variants[chosen], *variants[:chosen], *variants[chosen + 1 :]])


def _join_and(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _trace(description: str, rationale: str, steps: Sequence[str], answer: str) -> str:
    parts = [
        "### Image Description:",
        description,
        "",
        "### Rationales:",
        rationale,
        "",
        "### Let's think step by step.",
        "",
    ]
    for number, step in enumerate(steps, 1):
        parts += [f"### Step {number}:", step, ""]
    parts.append(f"### The final answer is: {answer}")
    return "\n".join(parts)


def _r1_trace(description: str, rationale: str, steps: Sequence[str], answer: str) -> str:
    """The r1 layout of `_trace`'s content: the reasoning in a think block, each step a
    ``Step n:`` line, the answer in an answer tag."""
    parts = ["<think>", description, rationale]
    parts += [f"Step {number}: {step}" for number, step in enumerate(steps, 1)]
    parts += ["</think>", f"<answer>{answer}</answer>"]
    return "\n".join(parts)


def _multiple_choice(
    rng: random.Random, correct: str, distractors: Sequence[str]
) -> tuple[dict[str, str], str]:
    """Four options (correct + three distinct distractors), shuffled; returns (options, letter)."""
    pool = [d for d in _dedupe(list(distractors), limit=100) if d != correct]
    if len(pool) < 3:
        raise ValueError(f"need three distractors for {correct!r}, got {pool!r}")
    values = [correct, *rng.sample(pool, 3)]
    rng.shuffle(values)
    options = {LETTERS[i]: v for i, v in enumerate(values)}
    return options, LETTERS[values.index(correct)]


def _with_choices(stem: str, options: Mapping[str, str]) -> str:
    return stem + "\nChoices:\n" + "\n".join(f"{k}. {v}" for k, v in options.items())


# Three spellings of the same mathematics: Unicode, ASCII, LaTeX.
_STYLES = ("unicode", "ascii", "latex")
_STYLE_WEIGHTS = (0.5, 0.25, 0.25)


def _deg(value: int | str, style: str) -> str:
    return {"unicode": f"{value}°", "ascii": f"{value}", "latex": f"{value}^\\circ"}[style]


def _angle(name: str, style: str) -> str:
    return {"unicode": f"∠{name}", "ascii": f"angle {name}", "latex": f"\\angle {name}"}[style]


def _times(style: str) -> str:
    return {"unicode": "×", "ascii": "*", "latex": "\\times"}[style]


def _styled(rng: random.Random, render) -> tuple[str, list[str]]:
    """Render an expression in a random style; return (style, [chosen, others...])."""
    style = rng.choices(_STYLES, weights=_STYLE_WEIGHTS)[0]
    order = [style] + [s for s in _STYLES if s != style]
    return style, _dedupe([render(s) for s in order])


# --------------------------------------------------------------------------- drawing helpers

_FONTS: dict[int, ImageFont.ImageFont | ImageFont.FreeTypeFont] = {}

_PALETTE = [
    (220, 60, 60),
    (60, 120, 220),
    (40, 160, 90),
    (230, 150, 30),
    (150, 80, 190),
    (30, 160, 170),
    (200, 90, 150),
]


def _font(size: int):
    """PIL's built-in default font (scalable where FreeType is present)."""
    size = max(8, int(size))
    font = _FONTS.get(size)
    if font is None:
        try:
            font = ImageFont.load_default(size=size)
        except TypeError:  # Pillow < 10.1: a fixed bitmap font
            font = ImageFont.load_default()
        _FONTS[size] = font
    return font


def _text(draw: ImageDraw.ImageDraw, xy, text: str, font, fill=(0, 0, 0), anchor: str = "mm") -> None:
    """Draw text positioned by its bounding box (works for bitmap and FreeType fonts)."""
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x, y = xy
    horiz, vert = anchor[0], anchor[1]
    if horiz == "m":
        x -= (left + right) / 2
    elif horiz == "r":
        x -= right
    else:
        x -= left
    if vert == "m":
        y -= (top + bottom) / 2
    elif vert == "b":
        y -= bottom
    else:
        y -= top
    draw.text((round(x), round(y)), text, font=font, fill=fill)


def _canvas(size: int) -> tuple[Image.Image, ImageDraw.ImageDraw, float]:
    image = Image.new("RGB", (size, size), (255, 255, 255))
    return image, ImageDraw.Draw(image), size / 336.0


# --------------------------------------------------------------------------- kinds

_FRUITS = ["apple", "pear", "plum", "kiwi", "fig", "lime", "peach", "mango", "lemon", "grape"]
_BAR_TITLES = ["Fruit sold", "Favourite fruit", "Fruit in stock", "Votes per fruit"]


def _bar_chart(rng: random.Random, size: int) -> dict[str, Any]:
    n = rng.randint(4, 5)
    names = rng.sample(_FRUITS, n)
    values = rng.sample(range(2, 25), n)
    title = rng.choice(_BAR_TITLES)
    subtype = rng.choice(["difference", "difference", "sum", "total", "tallest"])

    # ---- picture
    image, draw, k = _canvas(size)
    font, small = _font(14 * k), _font(12 * k)
    left, right, top, bottom = 44 * k, size - 14 * k, 44 * k, size - 40 * k
    ymax = 5 * math.ceil(max(values) / 5)
    scale = (bottom - top) / ymax
    _text(draw, (size / 2, 18 * k), title, font)
    for tick in range(0, ymax + 1, 5):
        y = bottom - tick * scale
        draw.line([(left, y), (right, y)], fill=(225, 225, 225), width=1)
        _text(draw, (left - 6 * k, y), str(tick), small, anchor="rm")
    draw.line([(left, top - 6 * k), (left, bottom)], fill=(0, 0, 0), width=max(1, round(2 * k)))
    draw.line([(left, bottom), (right, bottom)], fill=(0, 0, 0), width=max(1, round(2 * k)))
    slot = (right - left) / n
    color = rng.choice(_PALETTE)
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        x0 = left + i * slot + slot * 0.18
        x1 = left + (i + 1) * slot - slot * 0.18
        y = bottom - value * scale
        draw.rectangle([round(x0), round(y), round(x1), round(bottom)], fill=color, outline=(40, 40, 40))
        _text(draw, ((x0 + x1) / 2, y - 9 * k), str(value), small)
        _text(draw, ((x0 + x1) / 2, bottom + 14 * k), name, small)

    # ---- text
    val = dict(zip(names, values, strict=True))

    def read(name: str) -> list[str]:
        v = val[name]
        return _pick(rng, [f"{name} = {v}", f"{name} is {v}", f"{name}: {v}", f"{name} bar is {v}"], [3, 2, 0, 0])

    listing = _join_and([f"{nm} ({v})" for nm, v in zip(names, values, strict=True)])
    description = rng.choice(
        [
            f'A bar chart titled "{title}" with {n} bars: {listing}. The y-axis runs from 0 to {ymax} in steps of 5, and each bar has its value written above it.',
            f'The image is a vertical bar chart, "{title}". The bars are labelled {_join_and(names)}; the numbers on top of them are {_join_and([str(v) for v in values])}.',
            f'A chart called "{title}" shows {n} bars. From left to right: {listing}.',
        ]
    )
    options = None
    meta: dict[str, Any] = {"subtype": subtype, "names": names, "values": values}
    if subtype == "difference":
        a, b = rng.sample(names, 2)
        if val[a] < val[b]:
            a, b = b, a
        d = val[a] - val[b]
        meta.update(a=a, b=b)
        ka, kb = read(a), read(b)
        kd = _pick(rng, [f"{val[a]} - {val[b]} = {d}", f"{val[a]}-{val[b]}={d}", f"{val[a]} − {val[b]} = {d}"], [4, 1, 1])
        question = rng.choice(
            [f"How much taller is the {a} bar than the {b} bar?", f"By how much does the value of {a} exceed the value of {b}?"]
        )
        rationale = rng.choice(
            [
                "Read the two values off the chart and subtract the smaller one from the larger one.",
                "The difference in height between two bars is the difference of their values.",
            ]
        )
        steps = [
            rng.choice([f"Reading the chart, {ka[0]} and {kb[0]}.", f"From the labels above the bars, {ka[0]}, while {kb[0]}."]),
            rng.choice([f"The difference is {kd[0]}.", f"Subtracting gives {kd[0]}, so {a} is taller by {d}."]),
        ]
        answer = str(d)
        key_steps = [ka, kb, kd]
        correct = d
    elif subtype == "sum":
        a, b = rng.sample(names, 2)
        s = val[a] + val[b]
        meta.update(a=a, b=b)
        ka, kb = read(a), read(b)
        ks = _pick(rng, [f"{val[a]} + {val[b]} = {s}", f"{val[a]}+{val[b]}={s}"], [4, 1])
        question = rng.choice(
            [f"What is the combined value of the {a} and {b} bars?", f"What do the {a} bar and the {b} bar add up to?"]
        )
        rationale = "Read both values from the chart and add them."
        steps = [
            f"The bar for {a} is labelled {val[a]}, so {ka[0]}.",
            f"The bar for {b} is labelled {val[b]}, so {kb[0]}.",
            rng.choice([f"Adding them: {ks[0]}.", f"Together they make {ks[0]}."]),
        ]
        answer = str(s)
        key_steps = [ka, kb, ks]
        correct = s
    elif subtype == "total":
        total = sum(values)
        expr = " + ".join(str(v) for v in values)
        kt = _dedupe([f"{expr} = {total}", f"{'+'.join(str(v) for v in values)}={total}"])
        question = rng.choice(["What is the total of all the bars in the chart?", "What is the sum of the values of all bars?"])
        rationale = "The total is the sum of the values of every bar, read from the chart."
        steps = [
            f"The values are {', '.join(f'{nm} = {v}' for nm, v in zip(names, values, strict=True))}.",
            f"Adding all of them: {kt[0]}.",
        ]
        key_steps = [
            _dedupe([f"{names[0]} = {values[0]}", f"{names[0]} is {values[0]}"]),
            _dedupe([f"{names[-1]} = {values[-1]}", f"{names[-1]} is {values[-1]}"]),
            kt,
        ]
        answer = str(total)
        correct = total
    else:  # tallest, multiple choice
        order = sorted(names, key=lambda nm: -val[nm])
        top, second = order[0], order[1]
        shown = [top] + rng.sample([nm for nm in names if nm != top], 3)
        options, answer = _multiple_choice(rng, top, shown[1:])
        question = _with_choices(rng.choice(["Which bar is the tallest?", "Which fruit has the largest value in the chart?"]), options)
        kc = _pick(rng, [f"{val[top]} > {val[second]}", f"{val[second]} < {val[top]}"], [3, 1])
        rationale = "The tallest bar is the one with the largest value; compare the values written above the bars."
        steps = [
            f"The values are {', '.join(f'{nm} = {v}' for nm, v in zip(names, values, strict=True))}.",
            f"The two largest are {top} and {second}, and {kc[0]}, so the tallest bar is {top}.",
            f"{top.capitalize()} is option {answer}.",
        ]
        key_steps = [
            _dedupe([f"{top} = {val[top]}", f"{top} is {val[top]}"]),
            _dedupe([f"{second} = {val[second]}", f"{second} is {val[second]}"]),
            kc,
        ]
        correct = top
    meta["correct"] = correct
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


_SHAPE_NOUNS = {"circle": ("circle", "circles"), "square": ("square", "squares"), "triangle": ("triangle", "triangles")}


def _count_phrase(n: int, shape: str) -> str:
    one, many = _SHAPE_NOUNS[shape]
    return f"{n} {one if n == 1 else many}"


def _shapes(rng: random.Random, size: int) -> dict[str, Any]:
    shapes = list(_SHAPE_NOUNS)
    while True:
        counts = {s: rng.randint(1, 5) for s in shapes}
        if len(set(counts.values())) >= 2:
            break
    subtype = rng.choice(["count", "count", "total", "more"])

    # ---- picture: one shape per cell of a 4x4 grid
    image, draw, k = _canvas(size)
    grid, margin = 4, 14 * k
    cell = (size - 2 * margin) / grid
    cells = rng.sample(range(grid * grid), sum(counts.values()))
    kinds = [s for s in shapes for _ in range(counts[s])]
    rng.shuffle(kinds)
    for shape, c in zip(kinds, cells, strict=True):
        r = cell * rng.uniform(0.26, 0.36)
        cx = margin + (c % grid + 0.5) * cell + rng.uniform(-1, 1) * (cell / 2 - r - 2)
        cy = margin + (c // grid + 0.5) * cell + rng.uniform(-1, 1) * (cell / 2 - r - 2)
        color = rng.choice(_PALETTE)
        outline = (30, 30, 30)
        w = max(1, round(2 * k))
        if shape == "circle":
            draw.ellipse([round(cx - r), round(cy - r), round(cx + r), round(cy + r)], fill=color, outline=outline, width=w)
        elif shape == "square":
            s = r * 0.9
            draw.rectangle([round(cx - s), round(cy - s), round(cx + s), round(cy + s)], fill=color, outline=outline, width=w)
        else:
            pts = [(cx, cy - r), (cx - r * 0.95, cy + r * 0.75), (cx + r * 0.95, cy + r * 0.75)]
            draw.polygon([(round(x), round(y)) for x, y in pts], fill=color, outline=outline)

    # ---- text
    def count_key(shape: str) -> list[str]:
        n = counts[shape]
        one, many = _SHAPE_NOUNS[shape]
        return _pick(rng, [_count_phrase(n, shape), f"{many}: {n}", f"{_NUMBER_WORDS[n]} {one if n == 1 else many}"], [4, 0, 1])

    keys = {s: count_key(s) for s in shapes}
    total = sum(counts.values())
    description = rng.choice(
        [
            f"The image shows {total} coloured shapes scattered on a white background: {_join_and([_count_phrase(counts[s], s) for s in shapes])}.",
            f"Several filled shapes of different colours are drawn on a white canvas; there are circles, squares and triangles ({total} shapes in all).",
            "A white picture with small coloured circles, squares and triangles spread over it.",
        ]
    )
    rationale = rng.choice(
        [
            "Count each type of shape separately, then use the counts the question asks for.",
            "Counting objects: go through the picture shape by shape and keep a tally per type.",
        ]
    )
    listing = _join_and([keys[s][0] for s in shapes])
    step1 = rng.choice(
        [
            f"Counting each type of shape: {listing}.",
            f"Going through the picture one shape at a time, I find {listing}.",
        ]
    )
    options = None
    meta: dict[str, Any] = {"subtype": subtype, "counts": dict(counts)}
    if subtype == "count":
        target = rng.choice(shapes)
        meta["target"] = target
        n = counts[target]
        plural = _SHAPE_NOUNS[target][1]
        stem = rng.choice([f"How many {plural} are there in the image?", f"How many {plural} can you see?"])
        steps = [step1, f"The question asks only about the {plural}, so the count is {n}."]
        correct = n
        if rng.random() < 0.3:
            distractors = [str(x) for x in (n + 1, n - 1, n + 2, total, n + 3) if x > 0]
            options, answer = _multiple_choice(rng, str(n), distractors)
            question = _with_choices(stem, options)
            steps[-1] += f" That is option {answer}."
        else:
            question, answer = stem, str(n)
        key_steps = [keys[s] for s in shapes]
    elif subtype == "total":
        expr = " + ".join(str(counts[s]) for s in shapes)
        ks = _dedupe([f"{expr} = {total}", f"{expr.replace(' ', '')}={total}"])
        question = rng.choice(["How many shapes are there in total?", "How many shapes are in the picture altogether?"])
        steps = [step1, rng.choice([f"Adding the counts: {ks[0]}.", f"In total there are {ks[0]} shapes."])]
        answer = str(total)
        correct = total
        key_steps = [*(keys[s] for s in shapes), ks]
    else:  # more
        a, b = rng.sample([s for s in shapes], 2)
        if counts[a] == counts[b]:
            a, b = sorted(shapes, key=lambda s: -counts[s])[0], sorted(shapes, key=lambda s: counts[s])[0]
        if counts[a] < counts[b]:
            a, b = b, a
        d = counts[a] - counts[b]
        meta.update(a=a, b=b)
        kd = _dedupe([f"{counts[a]} - {counts[b]} = {d}", f"{counts[a]}-{counts[b]}={d}"])
        question = f"How many more {_SHAPE_NOUNS[a][1]} than {_SHAPE_NOUNS[b][1]} are there?"
        steps = [step1, f"The difference is {kd[0]}."]
        answer = str(d)
        correct = d
        key_steps = [keys[a], keys[b], kd]
    meta["correct"] = correct
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


def _triangle(rng: random.Random, size: int) -> dict[str, Any]:
    while True:
        a = 5 * rng.randint(6, 18)
        b = 5 * rng.randint(6, 18)
        c = 180 - a - b
        if 25 <= c <= 110:
            break
    # ---- picture: A bottom-left, B bottom-right, C from the two base angles
    image, draw, k = _canvas(size)
    font = _font(16 * k)
    ra, rb = math.radians(a), math.radians(b)
    ac = math.sin(rb) / math.sin(math.radians(c))
    pts = [(0.0, 0.0), (1.0, 0.0), (ac * math.cos(ra), ac * math.sin(ra))]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    margin = 44 * k
    scale = min((size - 2 * margin) / (max(xs) - min(xs)), (size - 2 * margin) / (max(ys) - min(ys)))
    ox = (size - (max(xs) - min(xs)) * scale) / 2 - min(xs) * scale
    oy = (size + (max(ys) - min(ys)) * scale) / 2 + min(ys) * scale
    P = [(ox + x * scale, oy - y * scale) for x, y in pts]
    draw.polygon([(round(x), round(y)) for x, y in P], outline=(0, 0, 0), fill=(235, 244, 255))
    draw.line([(round(x), round(y)) for x, y in P + [P[0]]], fill=(0, 0, 0), width=max(1, round(2 * k)))
    gx, gy = sum(p[0] for p in P) / 3, sum(p[1] for p in P) / 3
    for i, (name, label) in enumerate(zip("ABC", (f"{a}°", f"{b}°", "?"), strict=True)):
        vx, vy = P[i]
        d = math.hypot(vx - gx, vy - gy)
        ux, uy = (vx - gx) / d, (vy - gy) / d
        _text(draw, (vx + ux * 16 * k, vy + uy * 16 * k), name, font)
        # arc between the two sides meeting at the vertex, label along the bisector
        q1, q2 = P[(i + 1) % 3], P[(i + 2) % 3]
        t1 = math.degrees(math.atan2(q1[1] - vy, q1[0] - vx))
        t2 = math.degrees(math.atan2(q2[1] - vy, q2[0] - vx))
        span = (t2 - t1) % 360
        if span > 180:
            t1, span = t2, 360 - span
        r = 18 * k
        draw.arc([round(vx - r), round(vy - r), round(vx + r), round(vy + r)], t1, t1 + span, fill=(200, 40, 40), width=max(1, round(2 * k)))
        mid = math.radians(t1 + span / 2)
        dist = 38 * k if i < 2 else 34 * k
        _text(draw, (vx + math.cos(mid) * dist, vy + math.sin(mid) * dist), label, _font(14 * k), fill=(200, 40, 40))

    # ---- text
    style = rng.choices(_STYLES, weights=_STYLE_WEIGHTS)[0]
    order = [style] + [s for s in _STYLES if s != style]
    ang, deg = _angle, _deg

    def alts(render) -> list[str]:
        return _dedupe([render(s) for s in order])

    k_sum = alts(lambda s: f"{ang('A', s)} + {ang('B', s)} + {ang('C', s)} = {deg(180, s)}")
    k_ab = alts(lambda s: f"{deg(a, s)} + {deg(b, s)} = {deg(a + b, s)}")
    k_c1 = alts(lambda s: f"{ang('C', s)} = {deg(180, s)} - {deg(a + b, s)} = {deg(c, s)}")
    k_c2 = alts(lambda s: f"{ang('C', s)} = {deg(180, s)} - {deg(a, s)} - {deg(b, s)} = {deg(c, s)}")
    unit = " degrees" if style == "ascii" else ""
    description = rng.choice(
        [
            f"Triangle ABC. The angle at vertex A is marked {a}°, the angle at vertex B is marked {b}°, and the angle at C is marked with a question mark.",
            f"A triangle with vertices A, B and C. Two of its angles are labelled: {a}° at A and {b}° at B. The angle at C is unknown.",
        ]
    )
    rationale = rng.choice(
        [
            f"The interior angles of a triangle add up to {deg(180, style)}{unit}, so the missing angle is {deg(180, style)}{unit} minus the two known angles.",
            "Triangle angle sum theorem: the three interior angles of any triangle sum to 180 degrees.",
        ]
    )
    if rng.random() < 0.5:
        steps = [
            f"The three interior angles of a triangle add up to {deg(180, style)}{unit}: {k_sum[0]}.",
            f"The two known angles together: {ang('A', style)} + {ang('B', style)} = {k_ab[0]}{unit}.",
            f"So {k_c1[0]}{unit}.",
        ]
        key_steps = [k_sum, k_ab, k_c1]
    else:
        steps = [
            f"By the triangle angle sum theorem, {k_sum[0]}.",
            f"From the figure, {ang('A', style)} = {deg(a, style)}{unit} and {ang('B', style)} = {deg(b, style)}{unit}. Therefore {k_c2[0]}{unit}.",
        ]
        key_steps = [k_sum, k_c2]
    stem = rng.choice(
        [
            "As shown in the figure, what is the measure of ∠C?",
            "In triangle ABC shown in the figure, find the measure of angle C.",
            "What is the size of the angle marked with a question mark?",
        ]
    )
    options = None
    if rng.random() < 0.5:
        distractors = [f"{x}°" for x in (180 - a, 180 - b, a + b, c + 10, c - 10, 90, c + 20) if 0 < x < 180 and x != c]
        options, answer = _multiple_choice(rng, f"{c}°", distractors)
        question = _with_choices(stem, options)
        steps[-1] += f" This is option {answer}."
    else:
        question, answer = stem, f"{c}°"
    meta = {"subtype": "third_angle", "angles": [a, b], "correct": f"{c}°"}
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


def _segment(rng: random.Random, size: int) -> dict[str, Any]:
    while True:
        ac, cb = rng.randint(3, 15), rng.randint(3, 15)
        if max(ac, cb) <= 3 * min(ac, cb):
            break
    ab = ac + cb
    subtype = rng.choice(["find_ab", "find_cb"])

    # ---- picture
    image, draw, k = _canvas(size)
    font, small = _font(16 * k), _font(14 * k)
    x0, x1, y = 30 * k, size - 30 * k, size * 0.55
    xc = x0 + (x1 - x0) * ac / ab
    lw = max(1, round(3 * k))
    draw.line([(round(x0), round(y)), (round(x1), round(y))], fill=(0, 0, 0), width=lw)
    for x, name in ((x0, "A"), (xc, "C"), (x1, "B")):
        r = 4 * k
        draw.ellipse([round(x - r), round(y - r), round(x + r), round(y + r)], fill=(0, 0, 0))
        _text(draw, (x, y - 18 * k), name, font)
    blue = (30, 80, 200)

    def dimension(xa: float, xb: float, yy: float, label: str) -> None:
        draw.line([(round(xa), round(yy)), (round(xb), round(yy))], fill=blue, width=1)
        for xx in (xa, xb):
            draw.line([(round(xx), round(yy - 5 * k)), (round(xx), round(yy + 5 * k))], fill=blue, width=1)
        lft, top, rgt, bot = draw.textbbox((0, 0), label, font=small)
        xm = (xa + xb) / 2
        draw.rectangle([round(xm - (rgt - lft) / 2 - 3), round(yy - (bot - top) / 2 - 2),
                        round(xm + (rgt - lft) / 2 + 3), round(yy + (bot - top) / 2 + 2)], fill=(255, 255, 255))
        _text(draw, (xm, yy), label, small, fill=blue)

    dimension(x0, xc, y + 30 * k, f"{ac} cm")
    if subtype == "find_ab":
        dimension(xc, x1, y + 30 * k, f"{cb} cm")
        dimension(x0, x1, y - 60 * k, "?")
    else:
        dimension(xc, x1, y + 30 * k, "?")
        dimension(x0, x1, y - 60 * k, f"{ab} cm")

    # ---- text
    with_units = rng.random() < 0.4
    options = None
    if subtype == "find_ab":
        description = rng.choice(
            [
                f"A straight segment AB with a point C between A and B. The part AC is labelled {ac} cm and the part CB is labelled {cb} cm; the whole length AB is marked with a question mark.",
                f"Points A, C and B lie on a line in that order. Dimension lines show AC = {ac} cm and CB = {cb} cm, and AB is unknown.",
            ]
        )
        rationale = "Segment addition: when C lies on segment AB, the whole is the sum of its parts, AB = AC + CB."
        k_rule = _pick(rng, ["AB = AC + CB", "AB = AC + BC", "AC + CB = AB"], [3, 1, 1])
        k_num = _pick(rng, [f"{ac} + {cb} = {ab}", f"{ac} cm + {cb} cm = {ab} cm", f"{ac}+{cb}={ab}"], [1, 1, 0]) if with_units else _dedupe([f"{ac} + {cb} = {ab}", f"{ac} cm + {cb} cm = {ab} cm", f"{ac}+{cb}={ab}"])
        k_read = _dedupe([f"AC = {ac} cm", f"AC = {ac}"])
        steps = [
            f"From the figure, {k_read[0]} and CB = {cb} cm.",
            f"Since C lies between A and B, {k_rule[0]}.",
            f"So AB = {k_num[0]}" + ("." if with_units else " cm."),
        ]
        if rng.random() < 0.5:  # merge into two steps
            steps = [f"Since C lies between A and B, {k_rule[0]}, where {k_read[0]} and CB = {cb} cm.", steps[2]]
        stem = rng.choice(["Point C lies on segment AB. What is the length of AB?", "As shown in the figure, C is a point on AB. Find AB."])
        correct = f"{ab} cm"
        distractors = [f"{x} cm" for x in (abs(ac - cb), ab + 2, ab - 2, ac * 2, cb * 2, ab + 1) if x > 0]
        key_steps = [k_read, k_rule, k_num]
    else:
        description = rng.choice(
            [
                f"A segment AB of length {ab} cm (marked above the line) with a point C on it. Below the line, AC is labelled {ac} cm and CB is marked with a question mark.",
                f"Points A, C and B lie on a line in that order. The whole segment AB is {ab} cm, the part AC is {ac} cm, and CB is unknown.",
            ]
        )
        rationale = "Segment addition: AB = AC + CB, so the unknown part is the whole minus the known part."
        k_rule = _pick(rng, ["CB = AB - AC", "BC = AB - AC", "AB = AC + CB"], [3, 1, 1])
        k_num = _pick(rng, [f"{ab} - {ac} = {cb}", f"{ab} cm - {ac} cm = {cb} cm", f"{ab}-{ac}={cb}"], [1, 1, 0]) if with_units else _dedupe([f"{ab} - {ac} = {cb}", f"{ab} cm - {ac} cm = {cb} cm", f"{ab}-{ac}={cb}"])
        k_read = _dedupe([f"AB = {ab} cm", f"AB = {ab}"])
        steps = [
            f"From the figure, {k_read[0]} and AC = {ac} cm.",
            f"Because C is on AB, AB = AC + CB, hence {k_rule[0]}." if k_rule[0] != "AB = AC + CB" else f"Because C is on AB, {k_rule[0]}, hence CB = AB - AC.",
            f"So CB = {k_num[0]}" + ("." if with_units else " cm."),
        ]
        stem = rng.choice(["Point C lies on segment AB. What is the length of CB?", "As shown in the figure, AB is divided by point C. Find the length of CB."])
        correct = f"{cb} cm"
        distractors = [f"{x} cm" for x in (ab + ac, cb + 1, cb - 1, cb + 2, ac, ab) if x > 0]
        key_steps = [k_read, k_rule, k_num]
    if rng.random() < 0.35:
        options, answer = _multiple_choice(rng, correct, distractors)
        question = _with_choices(stem, options)
        steps[-1] += f" The matching choice is {answer}."
    else:
        question, answer = stem, correct
    meta = {"subtype": subtype, "ac": ac, "cb": cb, "ab": ab, "correct": correct}
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


def _clock_time(h: int, m: int) -> str:
    return f"{h}:{m:02d}"


def _clock(rng: random.Random, size: int) -> dict[str, Any]:
    h, m = rng.randint(1, 12), 5 * rng.randint(0, 11)

    # ---- picture
    image, draw, k = _canvas(size)
    cx = cy = size / 2
    R = size * 0.42
    draw.ellipse([round(cx - R), round(cy - R), round(cx + R), round(cy + R)], fill=(255, 252, 235), outline=(0, 0, 0), width=max(1, round(4 * k)))
    for tick in range(60):
        t = math.radians(tick * 6)
        inner = R * (0.86 if tick % 5 == 0 else 0.92)
        draw.line([(round(cx + inner * math.sin(t)), round(cy - inner * math.cos(t))),
                   (round(cx + R * 0.97 * math.sin(t)), round(cy - R * 0.97 * math.cos(t)))],
                  fill=(0, 0, 0), width=max(1, round((3 if tick % 5 == 0 else 1) * k)))
    font = _font(20 * k)
    for num in range(1, 13):
        t = math.radians(num * 30)
        _text(draw, (cx + R * 0.74 * math.sin(t), cy - R * 0.74 * math.cos(t)), str(num), font)

    def hand(turns: float, length: float, width: float, color) -> None:
        t = 2 * math.pi * turns
        draw.line([(round(cx), round(cy)), (round(cx + length * math.sin(t)), round(cy - length * math.cos(t)))],
                  fill=color, width=max(1, round(width)))

    hand(((h % 12) + m / 60) / 12, R * 0.40, 8 * k, (20, 20, 20))
    hand(m / 60, R * 0.62, 4 * k, (40, 70, 180))
    draw.ellipse([round(cx - 6 * k), round(cy - 6 * k), round(cx + 6 * k), round(cy + 6 * k)], fill=(0, 0, 0))

    # ---- text
    time = _clock_time(h, m)
    mpos = 12 if m == 0 else m // 5
    nxt = h % 12 + 1
    distractors = []
    swapped_h = mpos
    swapped_m = 5 * (h % 12)
    distractors.append(_clock_time(swapped_h, swapped_m))
    distractors.append(_clock_time(nxt, m))
    distractors.append(_clock_time(12 if h == 1 else h - 1, m))
    distractors.append(_clock_time(h, (m + 30) % 60))
    distractors.append(_clock_time(h, (m + 5) % 60))
    distractors.append(_clock_time(nxt if m >= 30 else h, m))
    options, answer = _multiple_choice(rng, time, distractors)
    question = _with_choices(rng.choice(["What time does the clock show?", "What time is shown on the clock?"]), options)
    style = rng.choices(_STYLES, weights=_STYLE_WEIGHTS)[0]
    order = [style] + [s for s in _STYLES if s != style]
    description = rng.choice(
        [
            "An analogue clock face with the numbers 1 to 12, a short black hour hand and a long blue minute hand.",
            f"A round clock with numbers 1-12 around the dial. The long minute hand points at {mpos}; the short hour hand is "
            + (f"at {h}." if m == 0 else f"between {h} and {nxt}."),
        ]
    )
    rationale = rng.choice(
        [
            "On an analogue clock the short hand gives the hour and the long hand gives the minutes; each number on the dial stands for 5 minutes.",
            "Read the hour from the short hand (the last number it has passed) and the minutes from the long hand (5 minutes per number).",
        ]
    )
    if m == 0:
        k_min = _dedupe(["0 minutes", "00 minutes", "on the hour"])
        minute_step = f"The long minute hand points straight up at 12, so it is {k_min[0]} past the hour (exactly on the hour)."
        k_hour = _dedupe([f"hour is {h}", f"hour = {h}"])
        hour_step = f"The short hour hand points at {h}, so the {k_hour[0]}."
    else:
        k_min = _dedupe([f"{mpos} {_times(s)} 5 = {m}" for s in order] + [f"{mpos}*5={m}", f"{m} minutes"])
        if len(k_min) > 4:
            k_min = k_min[:3] + [f"{m} minutes"]
        minute_step = f"The long minute hand points at {mpos}. Each number is 5 minutes, so {k_min[0]} minutes."
        k_hour = _dedupe([f"hour is {h}", f"hour = {h}"])
        hour_step = rng.choice(
            [
                f"The short hour hand is between {h} and {nxt}, so the {k_hour[0]}.",
                f"The short hour hand has passed {h} but not yet reached {nxt}: the {k_hour[0]}.",
            ]
        )
    k_time = _dedupe([time, f"{h}:{m:02d} o'clock"] if m else [time, f"{h} o'clock"])
    final = rng.choice([f"So the clock shows {k_time[0]}, which is option {answer}.", f"The time is therefore {k_time[0]}; that is choice {answer}."])
    steps = [hour_step, minute_step] if rng.random() < 0.5 else [minute_step, hour_step]
    if rng.random() < 0.5:
        steps.append(final)
    else:
        steps[-1] += " " + final
    key_steps = [k_hour, k_min, k_time]
    meta = {"subtype": "read_time", "hour": h, "minute": m, "correct": time}
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


_TABLE_THEMES = [
    {
        "title": "Books read this month",
        "head": ("Name", "Books"),
        "rows": ["Anna", "Ben", "Carla", "David", "Emma", "Farid", "Grace", "Hugo"],
        "ordered": False,
        "diff": "How many more books did {x} read than {y}?",
        "total": "How many books did they read in total?",
        "max": "Who read the most books?",
        "unit": "books",
    },
    {
        "title": "Fruit sold",
        "head": ("Fruit", "Boxes"),
        "rows": ["apples", "pears", "plums", "lemons", "mangoes", "cherries", "grapes"],
        "ordered": False,
        "diff": "How many more boxes of {x} than of {y} were sold?",
        "total": "How many boxes were sold altogether?",
        "max": "Which fruit sold the most boxes?",
        "unit": "boxes",
    },
    {
        "title": "Museum visitors",
        "head": ("Day", "Visitors"),
        "rows": ["Mon", "Tue", "Wed", "Thu", "Fri"],
        "ordered": True,
        "diff": "How many more visitors came on {x} than on {y}?",
        "total": "How many visitors came in total on these days?",
        "max": "On which day did the most visitors come?",
        "unit": "visitors",
    },
]


def _table(rng: random.Random, size: int) -> dict[str, Any]:
    theme = rng.choice(_TABLE_THEMES)
    n = rng.randint(3, 5)
    names = theme["rows"][:n] if theme["ordered"] else rng.sample(theme["rows"], n)
    values = rng.sample(range(3, 41), n)
    subtype = rng.choice(["total", "difference", "difference", "largest"])
    if subtype == "largest" and n < 4:
        subtype = "difference"

    # ---- picture
    image, draw, k = _canvas(size)
    font = _font(16 * k)
    title_font = _font(17 * k)
    col_w, row_h = size * 0.34, size * 0.105
    tx0 = (size - 2 * col_w) / 2
    ty0 = (size - (n + 1) * row_h) / 2 + 10 * k
    _text(draw, (size / 2, ty0 - 22 * k), theme["title"], title_font)
    draw.rectangle([round(tx0), round(ty0), round(tx0 + 2 * col_w), round(ty0 + row_h)], fill=(210, 225, 245))
    cells = [theme["head"], *[(nm, str(v)) for nm, v in zip(names, values, strict=True)]]
    for r, (left_cell, right_cell) in enumerate(cells):
        yy = ty0 + (r + 0.5) * row_h
        _text(draw, (tx0 + col_w / 2, yy), left_cell, font)
        _text(draw, (tx0 + 1.5 * col_w, yy), right_cell, font)
    lw = max(1, round(2 * k))
    for r in range(n + 2):
        yy = round(ty0 + r * row_h)
        draw.line([(round(tx0), yy), (round(tx0 + 2 * col_w), yy)], fill=(0, 0, 0), width=lw)
    for c in range(3):
        xx = round(tx0 + c * col_w)
        draw.line([(xx, round(ty0)), (xx, round(ty0 + (n + 1) * row_h))], fill=(0, 0, 0), width=lw)

    # ---- text
    val = dict(zip(names, values, strict=True))
    head0, head1 = theme["head"]

    def read(name: str) -> list[str]:
        return _dedupe([f"{name} = {val[name]}", f"{name}: {val[name]}", f"{name} has {val[name]}"])

    rows_text = "; ".join(f"{nm}: {v}" for nm, v in zip(names, values, strict=True))
    description = rng.choice(
        [
            f'A table titled "{theme["title"]}" with columns "{head0}" and "{head1}". Rows: {rows_text}.',
            f'The image shows a two-column table, "{theme["title"]}", listing {n} rows ({_join_and(names)}) with their {head1.lower()} counts {_join_and([str(v) for v in values])}.',
        ]
    )
    options = None
    meta: dict[str, Any] = {"subtype": subtype, "names": names, "values": values}
    if subtype == "total":
        total = sum(values)
        expr = " + ".join(str(v) for v in values)
        kt = _dedupe([f"{expr} = {total}", f"{expr.replace(' ', '')}={total}"])
        question = theme["total"]
        rationale = f"Read every number in the {head1} column and add them."
        steps = [
            f"The {head1} column gives " + ", ".join(f"{nm} = {v}" for nm, v in zip(names, values, strict=True)) + ".",
            rng.choice([f"Adding them: {kt[0]}.", f"The sum is {kt[0]}."]),
        ]
        key_steps = [read(names[0]), read(names[-1]), kt]
        answer = str(total)
        correct = total
    elif subtype == "difference":
        x, y = rng.sample(names, 2)
        if val[x] < val[y]:
            x, y = y, x
        d = val[x] - val[y]
        meta.update(a=x, b=y)
        kd = _dedupe([f"{val[x]} - {val[y]} = {d}", f"{val[x]}-{val[y]}={d}"])
        question = theme["diff"].format(x=x, y=y)
        rationale = "Find the two rows in the table and subtract the smaller number from the larger."
        kx, ky = read(x), read(y)
        steps = [
            rng.choice([f"From the table, {kx[0]} and {ky[0]}.", f"The row for {x} shows {val[x]} and the row for {y} shows {val[y]}, i.e. {kx[0]} and {ky[0]}."]),
            f"The difference is {kd[0]}.",
        ]
        key_steps = [kx, ky, kd]
        answer = str(d)
        correct = d
    else:  # largest, multiple choice
        order = sorted(names, key=lambda nm: -val[nm])
        top, second = order[0], order[1]
        options, answer = _multiple_choice(rng, top, rng.sample(order[1:], 3))
        question = _with_choices(theme["max"], options)
        kc = _dedupe([f"{val[top]} > {val[second]}", f"{val[second]} < {val[top]}"])
        rationale = f"Compare the numbers in the {head1} column and pick the row with the largest one."
        steps = [
            f"The {head1} column gives " + ", ".join(f"{nm} = {v}" for nm, v in zip(names, values, strict=True)) + ".",
            f"The largest number is {val[top]} ({top}), since {kc[0]}.",
            f"{top} corresponds to option {answer}.",
        ]
        key_steps = [read(top), read(second), kc]
        correct = top
    meta["correct"] = correct
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


def _rectangle(rng: random.Random, size: int) -> dict[str, Any]:
    while True:
        w, h = rng.randint(3, 15), rng.randint(2, 12)
        if w != h and max(w, h) <= 3 * min(w, h):
            break
    area = w * h

    # ---- picture
    image, draw, k = _canvas(size)
    font, small = _font(16 * k), _font(15 * k)
    box = size - 110 * k
    scale = box / max(w, h)
    rw, rh = w * scale, h * scale
    x0, y0 = (size - rw) / 2 - 10 * k, (size - rh) / 2 - 6 * k
    x1, y1 = x0 + rw, y0 + rh
    draw.rectangle([round(x0), round(y0), round(x1), round(y1)], fill=(255, 240, 220), outline=(0, 0, 0), width=max(1, round(3 * k)))
    q = 10 * k
    for cx, cy, sx, sy in ((x0, y0, 1, 1), (x1, y0, -1, 1), (x1, y1, -1, -1), (x0, y1, 1, -1)):
        draw.line([(round(cx + sx * q), round(cy)), (round(cx + sx * q), round(cy + sy * q)), (round(cx), round(cy + sy * q))], fill=(90, 90, 90), width=1)
    for (px, py), name in (((x0 - 10 * k, y0 - 10 * k), "A"), ((x1 + 10 * k, y0 - 10 * k), "B"),
                           ((x1 + 10 * k, y1 + 10 * k), "C"), ((x0 - 10 * k, y1 + 10 * k), "D")):
        _text(draw, (px, py), name, font)
    _text(draw, ((x0 + x1) / 2, y1 + 16 * k), f"{w} cm", small, fill=(30, 80, 200))
    _text(draw, (x1 + 12 * k, (y0 + y1) / 2), f"{h} cm", small, fill=(30, 80, 200), anchor="lm")

    # ---- text
    style = rng.choices(_STYLES, weights=_STYLE_WEIGHTS)[0]
    order = [style] + [s for s in _STYLES if s != style]
    k_formula = _dedupe([f"length {_times(s)} width" for s in order] + ["length times width"])
    k_len = _dedupe([f"length is {w} cm", f"DC = {w} cm", f"length = {w} cm"])
    k_wid = _dedupe([f"width is {h} cm", f"BC = {h} cm", f"width = {h} cm"])
    k_prod = _dedupe([f"{w} {_times(s)} {h} = {area}" for s in order] + [f"{w} x {h} = {area}"])
    unit = "cm²" if style == "unicode" else ("cm^2" if style == "latex" else "square cm")
    description = rng.choice(
        [
            f"Rectangle ABCD. The bottom side DC is labelled {w} cm and the right side BC is labelled {h} cm; the corners are marked as right angles.",
            f"A rectangle with corners A, B, C, D. Its horizontal side measures {w} cm and its vertical side {h} cm.",
        ]
    )
    rationale = rng.choice(
        [
            f"The area of a rectangle is {k_formula[0]}.",
            "Area of a rectangle: multiply the lengths of two adjacent sides.",
        ]
    )
    if rng.random() < 0.5:
        steps = [
            f"The area of a rectangle is {k_formula[0]}.",
            f"From the figure, the {k_len[0]} and the {k_wid[0]}.",
            f"Area = {k_prod[0]} {unit}.",
        ]
    else:
        steps = [
            f"The {k_len[0]} (side DC) and the {k_wid[0]} (side BC).",
            f"Area = {k_formula[0]} = {k_prod[0]} {unit}.",
        ]
    stem = rng.choice(["What is the area of the rectangle?", "Find the area of rectangle ABCD."])
    correct = f"{area} cm²"
    options = None
    if rng.random() < 0.35:
        distractors = [f"{x} cm²" for x in (2 * (w + h), w + h, area + w, area - h, area + 2 * h, (w + 1) * h, w * (h + 1), 2 * area) if x > 0]
        options, answer = _multiple_choice(rng, correct, distractors)
        question = _with_choices(stem, options)
        steps[-1] += f" This is option {answer}."
    else:
        question, answer = stem, correct
    key_steps = [k_formula, k_len, k_wid, k_prod]
    meta = {"subtype": "area", "width": w, "height": h, "correct": correct}
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


#: The one question of the ``rows`` kind (fixed, so every prompt has the same length).
ROWS_QUESTION = "Top bar length times bottom bar length, plus top bar length?"


def _rows(rng: random.Random, size: int) -> dict[str, Any]:
    """Two bars on a six-unit scale: a red one *top* units long, a blue one *bottom* below.

    Reading the two lengths off the picture is the hard part; the arithmetic
    ``top * bottom = p`` then ``p + top = s`` is easy once both reads are right. A unit is
    one of Qwen2-VL's 28-px merged image tokens at the default size of 168 px (a 6x6 token
    grid), the bars on the two middle token rows. (Counting boxes scattered over random
    slots was tried first: a 0.5M-parameter model trained from scratch did not learn to
    count them in 1,500 SFT steps, while bar lengths are read within a few hundred.) The
    trace is short so that a model trained from scratch writes it in a few dozen tokens.
    """
    a, b = rng.randint(1, 6), rng.randint(1, 6)
    image, draw, _ = _canvas(size)
    unit, half = size / 6.0, size / 14.0
    for value, y, color in ((a, size * 5 / 12, (220, 50, 50)), (b, size * 7 / 12, (40, 90, 220))):
        y += rng.uniform(-1.5, 1.5)
        draw.rectangle([0, round(y - half), round(unit * value) - 1, round(y + half)], fill=color)
    p, s = a * b, a * b + a
    steps = [f"top = {a}", f"bottom = {b}", f"{a} * {b} = {p}", f"{p} + {a} = {s}"]
    key_steps = [[f"top = {a}", f"top: {a}"], [f"bottom = {b}", f"bottom: {b}"],
                 [f"{a} * {b} = {p}", f"{a} × {b} = {p}"], [f"{p} + {a} = {s}"]]
    return dict(image=image, question=ROWS_QUESTION, description="Two bars, red on top, blue below.",
                rationale="Read both lengths, multiply, add.", steps=steps, answer=str(s),
                key_steps=key_steps, options=None,
                meta={"subtype": "rows", "top": a, "bottom": b, "product": p, "correct": s})


_BUILDERS = {
    "bar_chart": _bar_chart,
    "shapes": _shapes,
    "triangle": _triangle,
    "segment": _segment,
    "clock": _clock,
    "table": _table,
    "rectangle": _rectangle,
    "rows": _rows,
}
assert tuple(_BUILDERS) == KINDS + EXTRA_KINDS


# --------------------------------------------------------------------------- public API

def make_example(kind: str, index: int, *, seed: int = 0, image_size: int = 336,
                 layout: str = "mulberry") -> SyntheticExample:
    """Build example number ``index`` of ``kind``; depends only on (kind, index, seed, size);
    *layout* (:data:`LAYOUTS`) is the layout of its reference solution."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(LAYOUTS)}")
    if kind not in _BUILDERS:
        raise ValueError(f"unknown kind {kind!r}; known: {', '.join(_BUILDERS)}")
    if not isinstance(image_size, int) or image_size < 64:
        raise ValueError(f"image_size must be an int >= 64, got {image_size!r}")
    rng = random.Random(f"stepgrpo-synthetic/{seed}/{kind}/{index}")
    parts = _BUILDERS[kind](rng, image_size)
    steps: list[str] = parts["steps"]
    steps_text = "\n".join(steps).lower()
    key_steps = [_dedupe(group) for group in parts["key_steps"]]
    for group in key_steps:  # internal invariant: every group is findable in the steps
        if not any(alt.lower() in steps_text for alt in group):
            raise AssertionError(f"{kind}-{index}: key step {group!r} not in steps {steps!r}")
    return SyntheticExample(
        id=f"{kind}-{index:05d}",
        kind=kind,
        image=parts["image"],
        question=parts["question"],
        solution=(_r1_trace if layout == "r1" else _trace)(parts["description"], parts["rationale"],
                                                           steps, parts["answer"]),
        answer=parts["answer"],
        key_steps=key_steps,
        options=parts["options"],
        meta=parts["meta"],
    )


def generate_examples(
    n: int, *, seed: int = 0, kinds: Sequence[str] | None = None, image_size: int = 336,
    layout: str = "mulberry",
) -> list[SyntheticExample]:
    """``n`` examples, the kinds taken in turn (round robin) from ``kinds`` (default :data:`KINDS`),
    their solutions in *layout* (:data:`LAYOUTS`).

    Example ``i`` has id ``f"{kind}-{i:05d}"`` and depends only on ``(seed, i, kind)``.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative int, got {n!r}")
    kinds = tuple(KINDS if kinds is None else kinds)
    if not kinds:
        raise ValueError("kinds must not be empty")
    for kind in kinds:
        if kind not in _BUILDERS:
            raise ValueError(f"unknown kind {kind!r}; known: {', '.join(_BUILDERS)}")
    return [make_example(kinds[i % len(kinds)], i, seed=seed, image_size=image_size, layout=layout)
            for i in range(n)]


def to_record(example: SyntheticExample, image_path: str) -> dict[str, Any]:
    """The R1-VL-10K style JSON record of an example (image given as a path)."""
    return {
        "id": example.id,
        "image": image_path,
        "problem": example.question,
        "solution": example.solution,
        "answer": example.answer,
        "key_steps": example.key_steps,
        "kind": example.kind,
        "options": example.options,
    }


def write_dataset(
    out_dir: str | Path, n: int, *, seed: int = 0, split: str = "train", image_size: int = 336,
    kinds: Sequence[str] | None = None, layout: str = "mulberry",
) -> Path:
    """Write ``out_dir/images/<id>.png`` and ``out_dir/<split>.jsonl``; return the jsonl path.

    Image paths in the records are relative to ``out_dir`` (``"images/<id>.png"``).
    Splits written with the same seed share ids and content: use a different seed
    for each split. *kinds* and *layout* as in :func:`generate_examples`.
    """
    if not split or any(c in split for c in "/\\") or split in (".", ".."):
        raise ValueError(f"bad split name {split!r}")
    out = Path(out_dir)
    (out / "images").mkdir(parents=True, exist_ok=True)
    path = out / f"{split}.jsonl"
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for example in generate_examples(n, seed=seed, image_size=image_size, kinds=kinds, layout=layout):
            rel = f"images/{example.id}.png"
            example.image.save(out / rel, format="PNG")
            fh.write(json.dumps(to_record(example, rel), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the synthetic StepGRPO dataset (PNG images + JSONL).")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--n", type=int, default=1000, help="number of examples (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--split", default="train", help="split name: writes <out>/<split>.jsonl (default train)")
    parser.add_argument("--image-size", type=int, default=336, help="square image side in pixels (default 336)")
    parser.add_argument("--layout", choices=LAYOUTS, default="mulberry",
                        help="layout of the reference solutions: mulberry (### sections, the paper's; "
                             "default) or r1 (<think> reasoning with Step n: lines, then <answer>)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("--n must be >= 0")
    path = write_dataset(args.out, args.n, seed=args.seed, split=args.split, image_size=args.image_size,
                         layout=args.layout)
    print(f"wrote {args.n} examples to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
