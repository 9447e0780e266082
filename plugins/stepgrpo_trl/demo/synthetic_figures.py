"""Problem builders of the synthetic dataset that read a figure: bar charts, shapes,
triangles and segments (:mod:`stepgrpo_trl.demo.synthetic_data` picks among them).

Each builder draws its random choices from one ``random.Random`` in a fixed order; the
helpers below are called in that order, so that an example depends only on its seed
(the ablation results in docs/results.md rest on these exact problems and images).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from PIL import Image

from stepgrpo_trl.demo.synthetic_base import (
    _NUMBER_WORDS,
    _PALETTE,
    _STYLE_WEIGHTS,
    _STYLES,
    _angle,
    _canvas,
    _dedupe,
    _deg,
    _font,
    _join_and,
    _multiple_choice,
    _pick,
    _text,
    _with_choices,
)

_FRUITS = ["apple", "pear", "plum", "kiwi", "fig", "lime", "peach", "mango", "lemon", "grape"]
_BAR_TITLES = ["Fruit sold", "Favourite fruit", "Fruit in stock", "Votes per fruit"]


def _maybe_choices(rng: random.Random, chance: float, stem: str, correct: str,
                   distractors: Sequence[str], steps: list[str],
                   says: str) -> tuple[str, str, dict[str, str] | None]:
    """With probability *chance*, make the question multiple choice: ``(question, answer, options)``.

    A multiple-choice question lists four options under the stem, its answer is the letter,
    and the last step gains ``" {says} {letter}."``; otherwise the question is the stem and
    the answer *correct*.
    """
    if rng.random() < chance:
        options, answer = _multiple_choice(rng, correct, distractors)
        steps[-1] += f" {says} {answer}."
        return _with_choices(stem, options), answer, options
    return stem, correct, None


# --------------------------------------------------------------------------- bar chart

def _bar_chart(rng: random.Random, size: int) -> dict[str, Any]:
    """A labelled bar chart of fruit; the question asks for a difference, a sum, the total
    or the tallest bar (multiple choice)."""
    n = rng.randint(4, 5)
    names = rng.sample(_FRUITS, n)
    values = rng.sample(range(2, 25), n)
    title = rng.choice(_BAR_TITLES)
    subtype = rng.choice(["difference", "difference", "sum", "total", "tallest"])
    ymax = 5 * math.ceil(max(values) / 5)
    image = _draw_bar_chart(rng, size, title, names, values, ymax)
    description = _bar_chart_description(rng, title, names, values, ymax)
    meta: dict[str, Any] = {"subtype": subtype, "names": names, "values": values}
    text = _BAR_QUESTIONS[subtype](rng, names, values, meta)
    meta["correct"] = text.pop("correct")
    return dict(image=image, description=description, meta=meta, **text)


def _draw_bar_chart(rng: random.Random, size: int, title: str, names: Sequence[str],
                    values: Sequence[int], ymax: int) -> Image.Image:
    """The chart: title, grid lines every 5 up to *ymax*, axes, one bar per value with the
    value above it and the name below (the bar colour is the one random choice)."""
    image, draw, k = _canvas(size)
    font, small = _font(14 * k), _font(12 * k)
    left, right, top, bottom = 44 * k, size - 14 * k, 44 * k, size - 40 * k
    scale = (bottom - top) / ymax
    _text(draw, (size / 2, 18 * k), title, font)
    for tick in range(0, ymax + 1, 5):
        y = bottom - tick * scale
        draw.line([(left, y), (right, y)], fill=(225, 225, 225), width=1)
        _text(draw, (left - 6 * k, y), str(tick), small, anchor="rm")
    draw.line([(left, top - 6 * k), (left, bottom)], fill=(0, 0, 0), width=max(1, round(2 * k)))
    draw.line([(left, bottom), (right, bottom)], fill=(0, 0, 0), width=max(1, round(2 * k)))
    slot = (right - left) / len(names)
    color = rng.choice(_PALETTE)
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        x0 = left + i * slot + slot * 0.18
        x1 = left + (i + 1) * slot - slot * 0.18
        y = bottom - value * scale
        draw.rectangle([round(x0), round(y), round(x1), round(bottom)], fill=color, outline=(40, 40, 40))
        _text(draw, ((x0 + x1) / 2, y - 9 * k), str(value), small)
        _text(draw, ((x0 + x1) / 2, bottom + 14 * k), name, small)
    return image


def _bar_chart_description(rng: random.Random, title: str, names: Sequence[str],
                           values: Sequence[int], ymax: int) -> str:
    """One of three descriptions of the chart."""
    n = len(names)
    listing = _join_and([f"{nm} ({v})" for nm, v in zip(names, values, strict=True)])
    return rng.choice(
        [
            f'A bar chart titled "{title}" with {n} bars: {listing}. The y-axis runs from 0 to {ymax} in steps of 5, and each bar has its value written above it.',
            f'The image is a vertical bar chart, "{title}". The bars are labelled {_join_and(names)}; the numbers on top of them are {_join_and([str(v) for v in values])}.',
            f'A chart called "{title}" shows {n} bars. From left to right: {listing}.',
        ]
    )


def _bar_read(rng: random.Random, name: str, value: int) -> list[str]:
    """The key step of reading one bar: the spelling used first, then the others."""
    return _pick(rng, [f"{name} = {value}", f"{name} is {value}", f"{name}: {value}", f"{name} bar is {value}"],
                 [3, 2, 0, 0])


def _bar_values_step(names: Sequence[str], values: Sequence[int]) -> str:
    """The step that lists every bar's value."""
    return f"The values are {', '.join(f'{nm} = {v}' for nm, v in zip(names, values, strict=True))}."


def _bar_difference(rng: random.Random, names: Sequence[str], values: Sequence[int],
                    meta: dict[str, Any]) -> dict[str, Any]:
    """How much taller one bar is than another (the two are added to *meta*)."""
    val = dict(zip(names, values, strict=True))
    a, b = rng.sample(names, 2)
    if val[a] < val[b]:
        a, b = b, a
    d = val[a] - val[b]
    meta.update(a=a, b=b)
    ka, kb = _bar_read(rng, a, val[a]), _bar_read(rng, b, val[b])
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
    return dict(question=question, rationale=rationale, steps=steps, answer=str(d),
                key_steps=[ka, kb, kd], options=None, correct=d)


def _bar_sum(rng: random.Random, names: Sequence[str], values: Sequence[int],
             meta: dict[str, Any]) -> dict[str, Any]:
    """The combined value of two bars (the two are added to *meta*)."""
    val = dict(zip(names, values, strict=True))
    a, b = rng.sample(names, 2)
    s = val[a] + val[b]
    meta.update(a=a, b=b)
    ka, kb = _bar_read(rng, a, val[a]), _bar_read(rng, b, val[b])
    ks = _pick(rng, [f"{val[a]} + {val[b]} = {s}", f"{val[a]}+{val[b]}={s}"], [4, 1])
    question = rng.choice(
        [f"What is the combined value of the {a} and {b} bars?", f"What do the {a} bar and the {b} bar add up to?"]
    )
    steps = [
        f"The bar for {a} is labelled {val[a]}, so {ka[0]}.",
        f"The bar for {b} is labelled {val[b]}, so {kb[0]}.",
        rng.choice([f"Adding them: {ks[0]}.", f"Together they make {ks[0]}."]),
    ]
    return dict(question=question, rationale="Read both values from the chart and add them.", steps=steps,
                answer=str(s), key_steps=[ka, kb, ks], options=None, correct=s)


def _bar_total(rng: random.Random, names: Sequence[str], values: Sequence[int],
               meta: dict[str, Any]) -> dict[str, Any]:
    """The total of all the bars."""
    total = sum(values)
    expr = " + ".join(str(v) for v in values)
    kt = _dedupe([f"{expr} = {total}", f"{'+'.join(str(v) for v in values)}={total}"])
    question = rng.choice(["What is the total of all the bars in the chart?", "What is the sum of the values of all bars?"])
    steps = [_bar_values_step(names, values), f"Adding all of them: {kt[0]}."]
    key_steps = [
        _dedupe([f"{names[0]} = {values[0]}", f"{names[0]} is {values[0]}"]),
        _dedupe([f"{names[-1]} = {values[-1]}", f"{names[-1]} is {values[-1]}"]),
        kt,
    ]
    return dict(question=question, rationale="The total is the sum of the values of every bar, read from the chart.",
                steps=steps, answer=str(total), key_steps=key_steps, options=None, correct=total)


def _bar_tallest(rng: random.Random, names: Sequence[str], values: Sequence[int],
                 meta: dict[str, Any]) -> dict[str, Any]:
    """Which bar is the tallest, as a multiple-choice question."""
    val = dict(zip(names, values, strict=True))
    order = sorted(names, key=lambda nm: -val[nm])
    tallest, second = order[0], order[1]
    shown = [tallest] + rng.sample([nm for nm in names if nm != tallest], 3)
    options, answer = _multiple_choice(rng, tallest, shown[1:])
    question = _with_choices(rng.choice(["Which bar is the tallest?", "Which fruit has the largest value in the chart?"]), options)
    kc = _pick(rng, [f"{val[tallest]} > {val[second]}", f"{val[second]} < {val[tallest]}"], [3, 1])
    steps = [
        _bar_values_step(names, values),
        f"The two largest are {tallest} and {second}, and {kc[0]}, so the tallest bar is {tallest}.",
        f"{tallest.capitalize()} is option {answer}.",
    ]
    key_steps = [
        _dedupe([f"{tallest} = {val[tallest]}", f"{tallest} is {val[tallest]}"]),
        _dedupe([f"{second} = {val[second]}", f"{second} is {val[second]}"]),
        kc,
    ]
    rationale = "The tallest bar is the one with the largest value; compare the values written above the bars."
    return dict(question=question, rationale=rationale, steps=steps, answer=answer, key_steps=key_steps,
                options=options, correct=tallest)


_BAR_QUESTIONS = {"difference": _bar_difference, "sum": _bar_sum, "total": _bar_total, "tallest": _bar_tallest}


# --------------------------------------------------------------------------- shapes

_SHAPE_NOUNS = {"circle": ("circle", "circles"), "square": ("square", "squares"), "triangle": ("triangle", "triangles")}


def _count_phrase(n: int, shape: str) -> str:
    one, many = _SHAPE_NOUNS[shape]
    return f"{n} {one if n == 1 else many}"


def _shapes(rng: random.Random, size: int) -> dict[str, Any]:
    """Circles, squares and triangles scattered on a grid; the question asks for one count,
    the total, or how many more of one kind than of another."""
    shapes = list(_SHAPE_NOUNS)
    while True:
        counts = {s: rng.randint(1, 5) for s in shapes}
        if len(set(counts.values())) >= 2:
            break
    subtype = rng.choice(["count", "count", "total", "more"])
    image = _draw_shapes(rng, size, counts)
    keys = {s: _shape_count_key(rng, s, counts[s]) for s in shapes}
    description, rationale, step1 = _shapes_reasoning(rng, counts, keys)
    meta: dict[str, Any] = {"subtype": subtype, "counts": dict(counts)}
    text = _SHAPE_QUESTIONS[subtype](rng, counts, keys, step1, meta)
    meta["correct"] = text.pop("correct")
    return dict(image=image, description=description, rationale=rationale, meta=meta, **text)


def _draw_shapes(rng: random.Random, size: int, counts: dict[str, int]) -> Image.Image:
    """One shape per cell of a 4x4 grid, cells, order, size, jitter and colour drawn at random."""
    image, draw, k = _canvas(size)
    grid, margin = 4, 14 * k
    cell = (size - 2 * margin) / grid
    cells = rng.sample(range(grid * grid), sum(counts.values()))
    kinds = [s for s in counts for _ in range(counts[s])]
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
    return image


def _shape_count_key(rng: random.Random, shape: str, n: int) -> list[str]:
    """The key step of counting one kind of shape: the spelling used first, then the others."""
    one, many = _SHAPE_NOUNS[shape]
    return _pick(rng, [_count_phrase(n, shape), f"{many}: {n}", f"{_NUMBER_WORDS[n]} {one if n == 1 else many}"], [4, 0, 1])


def _shapes_reasoning(rng: random.Random, counts: dict[str, int],
                      keys: dict[str, list[str]]) -> tuple[str, str, str]:
    """``(description, rationale, first step)``; the first step counts every kind."""
    shapes = list(counts)
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
    return description, rationale, step1


def _shapes_count(rng: random.Random, counts: dict[str, int], keys: dict[str, list[str]], step1: str,
                  meta: dict[str, Any]) -> dict[str, Any]:
    """How many shapes of one kind (the kind is added to *meta*); sometimes multiple choice."""
    target = rng.choice(list(counts))
    meta["target"] = target
    n = counts[target]
    plural = _SHAPE_NOUNS[target][1]
    stem = rng.choice([f"How many {plural} are there in the image?", f"How many {plural} can you see?"])
    steps = [step1, f"The question asks only about the {plural}, so the count is {n}."]
    distractors = [str(x) for x in (n + 1, n - 1, n + 2, sum(counts.values()), n + 3) if x > 0]
    question, answer, options = _maybe_choices(rng, 0.3, stem, str(n), distractors, steps, "That is option")
    return dict(question=question, steps=steps, answer=answer, key_steps=[keys[s] for s in counts],
                options=options, correct=n)


def _shapes_total(rng: random.Random, counts: dict[str, int], keys: dict[str, list[str]], step1: str,
                  meta: dict[str, Any]) -> dict[str, Any]:
    """How many shapes in all."""
    total = sum(counts.values())
    expr = " + ".join(str(counts[s]) for s in counts)
    ks = _dedupe([f"{expr} = {total}", f"{expr.replace(' ', '')}={total}"])
    question = rng.choice(["How many shapes are there in total?", "How many shapes are in the picture altogether?"])
    steps = [step1, rng.choice([f"Adding the counts: {ks[0]}.", f"In total there are {ks[0]} shapes."])]
    return dict(question=question, steps=steps, answer=str(total), key_steps=[*(keys[s] for s in counts), ks],
                options=None, correct=total)


def _shapes_more(rng: random.Random, counts: dict[str, int], keys: dict[str, list[str]], step1: str,
                 meta: dict[str, Any]) -> dict[str, Any]:
    """How many more of one kind than of another (the two kinds are added to *meta*)."""
    shapes = list(counts)
    a, b = rng.sample([s for s in shapes], 2)
    if counts[a] == counts[b]:
        a, b = sorted(shapes, key=lambda s: -counts[s])[0], sorted(shapes, key=lambda s: counts[s])[0]
    if counts[a] < counts[b]:
        a, b = b, a
    d = counts[a] - counts[b]
    meta.update(a=a, b=b)
    kd = _dedupe([f"{counts[a]} - {counts[b]} = {d}", f"{counts[a]}-{counts[b]}={d}"])
    question = f"How many more {_SHAPE_NOUNS[a][1]} than {_SHAPE_NOUNS[b][1]} are there?"
    return dict(question=question, steps=[step1, f"The difference is {kd[0]}."], answer=str(d),
                key_steps=[keys[a], keys[b], kd], options=None, correct=d)


_SHAPE_QUESTIONS = {"count": _shapes_count, "total": _shapes_total, "more": _shapes_more}


# --------------------------------------------------------------------------- triangle

def _triangle(rng: random.Random, size: int) -> dict[str, Any]:
    """Triangle ABC with the angles at A and B labelled; find the angle at C."""
    while True:
        a = 5 * rng.randint(6, 18)
        b = 5 * rng.randint(6, 18)
        c = 180 - a - b
        if 25 <= c <= 110:
            break
    image = _draw_triangle(size, a, b, c)
    style = rng.choices(_STYLES, weights=_STYLE_WEIGHTS)[0]
    description, rationale, steps, key_steps = _triangle_reasoning(rng, a, b, c, style)
    stem = rng.choice(
        [
            "As shown in the figure, what is the measure of ∠C?",
            "In triangle ABC shown in the figure, find the measure of angle C.",
            "What is the size of the angle marked with a question mark?",
        ]
    )
    distractors = [f"{x}°" for x in (180 - a, 180 - b, a + b, c + 10, c - 10, 90, c + 20) if 0 < x < 180 and x != c]
    question, answer, options = _maybe_choices(rng, 0.5, stem, f"{c}°", distractors, steps, "This is option")
    meta = {"subtype": "third_angle", "angles": [a, b], "correct": f"{c}°"}
    return dict(image=image, question=question, description=description, rationale=rationale,
                steps=steps, answer=answer, key_steps=key_steps, options=options, meta=meta)


def _draw_triangle(size: int, a: int, b: int, c: int) -> Image.Image:
    """The triangle: A bottom-left, B bottom-right, C placed by the two base angles; each
    vertex named, each angle marked with an arc and its label (``?`` at C)."""
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
    return image


def _triangle_reasoning(rng: random.Random, a: int, b: int, c: int,
                        style: str) -> tuple[str, str, list[str], list[list[str]]]:
    """``(description, rationale, steps, key steps)``: the angle sum theorem in three steps or
    in two, the angles spelt in *style* first (Unicode, ASCII or LaTeX)."""
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
        return description, rationale, steps, [k_sum, k_ab, k_c1]
    steps = [
        f"By the triangle angle sum theorem, {k_sum[0]}.",
        f"From the figure, {ang('A', style)} = {deg(a, style)}{unit} and {ang('B', style)} = {deg(b, style)}{unit}. Therefore {k_c2[0]}{unit}.",
    ]
    return description, rationale, steps, [k_sum, k_c2]


# --------------------------------------------------------------------------- segment

def _segment(rng: random.Random, size: int) -> dict[str, Any]:
    """Segment AB split at C, with AC and CB given (find AB) or AB and AC (find CB)."""
    while True:
        ac, cb = rng.randint(3, 15), rng.randint(3, 15)
        if max(ac, cb) <= 3 * min(ac, cb):
            break
    ab = ac + cb
    subtype = rng.choice(["find_ab", "find_cb"])
    image = _draw_segment(size, ac, cb, subtype)
    with_units = rng.random() < 0.4
    text = (_segment_find_ab if subtype == "find_ab" else _segment_find_cb)(rng, ac, cb, with_units)
    steps = text["steps"]
    question, answer, options = _maybe_choices(rng, 0.35, text["stem"], text["correct"], text["distractors"],
                                               steps, "The matching choice is")
    meta = {"subtype": subtype, "ac": ac, "cb": cb, "ab": ab, "correct": text["correct"]}
    return dict(image=image, question=question, description=text["description"], rationale=text["rationale"],
                steps=steps, answer=answer, key_steps=text["key_steps"], options=options, meta=meta)


def _draw_segment(size: int, ac: int, cb: int, subtype: str) -> Image.Image:
    """The line A-C-B with dimension lines: AC and CB below it and AB above, the asked one ``?``."""
    ab = ac + cb
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
    _draw_dimension(draw, k, small, x0, xc, y + 30 * k, f"{ac} cm")
    if subtype == "find_ab":
        _draw_dimension(draw, k, small, xc, x1, y + 30 * k, f"{cb} cm")
        _draw_dimension(draw, k, small, x0, x1, y - 60 * k, "?")
    else:
        _draw_dimension(draw, k, small, xc, x1, y + 30 * k, "?")
        _draw_dimension(draw, k, small, x0, x1, y - 60 * k, f"{ab} cm")
    return image


def _draw_dimension(draw: Any, k: float, font: Any, xa: float, xb: float, yy: float, label: str) -> None:
    """A blue dimension line from *xa* to *xb* at height *yy*, end ticks, *label* on a white patch."""
    blue = (30, 80, 200)
    draw.line([(round(xa), round(yy)), (round(xb), round(yy))], fill=blue, width=1)
    for xx in (xa, xb):
        draw.line([(round(xx), round(yy - 5 * k)), (round(xx), round(yy + 5 * k))], fill=blue, width=1)
    lft, top, rgt, bot = draw.textbbox((0, 0), label, font=font)
    xm = (xa + xb) / 2
    draw.rectangle([round(xm - (rgt - lft) / 2 - 3), round(yy - (bot - top) / 2 - 2),
                    round(xm + (rgt - lft) / 2 + 3), round(yy + (bot - top) / 2 + 2)], fill=(255, 255, 255))
    _text(draw, (xm, yy), label, font, fill=blue)


def _segment_find_ab(rng: random.Random, ac: int, cb: int, with_units: bool) -> dict[str, Any]:
    """Find the whole AB from its parts: description, rationale, steps, stem, answer, distractors
    and key steps (*with_units*: the sum is written with ``cm`` where the spelling says so)."""
    ab = ac + cb
    description = rng.choice(
        [
            f"A straight segment AB with a point C between A and B. The part AC is labelled {ac} cm and the part CB is labelled {cb} cm; the whole length AB is marked with a question mark.",
            f"Points A, C and B lie on a line in that order. Dimension lines show AC = {ac} cm and CB = {cb} cm, and AB is unknown.",
        ]
    )
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
    return dict(
        description=description,
        rationale="Segment addition: when C lies on segment AB, the whole is the sum of its parts, AB = AC + CB.",
        steps=steps, stem=stem, correct=f"{ab} cm",
        distractors=[f"{x} cm" for x in (abs(ac - cb), ab + 2, ab - 2, ac * 2, cb * 2, ab + 1) if x > 0],
        key_steps=[k_read, k_rule, k_num],
    )


def _segment_find_cb(rng: random.Random, ac: int, cb: int, with_units: bool) -> dict[str, Any]:
    """Find the part CB from the whole and the other part; the same fields as `_segment_find_ab`."""
    ab = ac + cb
    description = rng.choice(
        [
            f"A segment AB of length {ab} cm (marked above the line) with a point C on it. Below the line, AC is labelled {ac} cm and CB is marked with a question mark.",
            f"Points A, C and B lie on a line in that order. The whole segment AB is {ab} cm, the part AC is {ac} cm, and CB is unknown.",
        ]
    )
    k_rule = _pick(rng, ["CB = AB - AC", "BC = AB - AC", "AB = AC + CB"], [3, 1, 1])
    k_num = _pick(rng, [f"{ab} - {ac} = {cb}", f"{ab} cm - {ac} cm = {cb} cm", f"{ab}-{ac}={cb}"], [1, 1, 0]) if with_units else _dedupe([f"{ab} - {ac} = {cb}", f"{ab} cm - {ac} cm = {cb} cm", f"{ab}-{ac}={cb}"])
    k_read = _dedupe([f"AB = {ab} cm", f"AB = {ab}"])
    steps = [
        f"From the figure, {k_read[0]} and AC = {ac} cm.",
        f"Because C is on AB, AB = AC + CB, hence {k_rule[0]}." if k_rule[0] != "AB = AC + CB" else f"Because C is on AB, {k_rule[0]}, hence CB = AB - AC.",
        f"So CB = {k_num[0]}" + ("." if with_units else " cm."),
    ]
    stem = rng.choice(["Point C lies on segment AB. What is the length of CB?", "As shown in the figure, AB is divided by point C. Find the length of CB."])
    return dict(
        description=description,
        rationale="Segment addition: AB = AC + CB, so the unknown part is the whole minus the known part.",
        steps=steps, stem=stem, correct=f"{cb} cm",
        distractors=[f"{x} cm" for x in (ab + ac, cb + 1, cb - 1, cb + 2, ac, ab) if x > 0],
        key_steps=[k_read, k_rule, k_num],
    )
