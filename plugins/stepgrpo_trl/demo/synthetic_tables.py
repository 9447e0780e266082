"""Problem builders of the synthetic dataset: clocks, tables, rectangles and the ``rows``
task of the reward ablation (:mod:`stepgrpo_trl.demo.synthetic_data` picks among them).

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
    _STYLE_WEIGHTS,
    _STYLES,
    _canvas,
    _dedupe,
    _font,
    _join_and,
    _multiple_choice,
    _text,
    _times,
    _with_choices,
)


def _clock_time(h: int, m: int) -> str:
    return f"{h}:{m:02d}"


def _clock(rng: random.Random, size: int) -> dict[str, Any]:
    """An analogue clock showing a time on the five minutes; always multiple choice."""
    h, m = rng.randint(1, 12), 5 * rng.randint(0, 11)
    image = _draw_clock(size, h, m)
    time = _clock_time(h, m)
    options, answer = _multiple_choice(rng, time, _clock_distractors(h, m))
    question = _with_choices(rng.choice(["What time does the clock show?", "What time is shown on the clock?"]), options)
    style = rng.choices(_STYLES, weights=_STYLE_WEIGHTS)[0]
    order = [style] + [s for s in _STYLES if s != style]
    description, rationale = _clock_context(rng, h, m)
    k_hour, hour_step, k_min, minute_step = _clock_reading(rng, h, m, order)
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


def _draw_clock(size: int, h: int, m: int) -> Image.Image:
    """The dial: minute ticks, the numbers 1 to 12, a short black hour hand and a long blue
    minute hand showing ``h:m``."""
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
    _draw_hand(draw, cx, cy, ((h % 12) + m / 60) / 12, R * 0.40, 8 * k, (20, 20, 20))
    _draw_hand(draw, cx, cy, m / 60, R * 0.62, 4 * k, (40, 70, 180))
    draw.ellipse([round(cx - 6 * k), round(cy - 6 * k), round(cx + 6 * k), round(cy + 6 * k)], fill=(0, 0, 0))
    return image


def _draw_hand(draw: Any, cx: float, cy: float, turns: float, length: float, width: float, color) -> None:
    """A clock hand from the centre, *turns* of a full turn clockwise from 12."""
    t = 2 * math.pi * turns
    draw.line([(round(cx), round(cy)), (round(cx + length * math.sin(t)), round(cy - length * math.cos(t)))],
              fill=color, width=max(1, round(width)))


def _clock_distractors(h: int, m: int) -> list[str]:
    """Times a reader gets by misreading the clock: hands swapped, the hour off by one, the
    minute hand half a turn or one number off, the hour rounded up."""
    mpos = 12 if m == 0 else m // 5
    nxt = h % 12 + 1
    return [
        _clock_time(mpos, 5 * (h % 12)),
        _clock_time(nxt, m),
        _clock_time(12 if h == 1 else h - 1, m),
        _clock_time(h, (m + 30) % 60),
        _clock_time(h, (m + 5) % 60),
        _clock_time(nxt if m >= 30 else h, m),
    ]


def _clock_context(rng: random.Random, h: int, m: int) -> tuple[str, str]:
    """``(description, rationale)`` of a clock problem."""
    mpos = 12 if m == 0 else m // 5
    nxt = h % 12 + 1
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
    return description, rationale


def _clock_reading(rng: random.Random, h: int, m: int,
                   order: list[str]) -> tuple[list[str], str, list[str], str]:
    """``(hour key step, hour step, minute key step, minute step)``; the minutes are worked out
    as ``number x 5``, the multiplication sign spelt in the styles of *order*."""
    mpos = 12 if m == 0 else m // 5
    nxt = h % 12 + 1
    k_hour = _dedupe([f"hour is {h}", f"hour = {h}"])
    if m == 0:
        k_min = _dedupe(["0 minutes", "00 minutes", "on the hour"])
        minute_step = f"The long minute hand points straight up at 12, so it is {k_min[0]} past the hour (exactly on the hour)."
        hour_step = f"The short hour hand points at {h}, so the {k_hour[0]}."
        return k_hour, hour_step, k_min, minute_step
    k_min = _dedupe([f"{mpos} {_times(s)} 5 = {m}" for s in order] + [f"{mpos}*5={m}", f"{m} minutes"])
    if len(k_min) > 4:
        k_min = k_min[:3] + [f"{m} minutes"]
    minute_step = f"The long minute hand points at {mpos}. Each number is 5 minutes, so {k_min[0]} minutes."
    hour_step = rng.choice(
        [
            f"The short hour hand is between {h} and {nxt}, so the {k_hour[0]}.",
            f"The short hour hand has passed {h} but not yet reached {nxt}: the {k_hour[0]}.",
        ]
    )
    return k_hour, hour_step, k_min, minute_step


_TABLE_THEMES: list[dict[str, Any]] = [
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
    """A small two-column table; the question asks for the total, a difference or the largest
    row (multiple choice)."""
    theme = rng.choice(_TABLE_THEMES)
    n = rng.randint(3, 5)
    names = theme["rows"][:n] if theme["ordered"] else rng.sample(theme["rows"], n)
    values = rng.sample(range(3, 41), n)
    subtype = rng.choice(["total", "difference", "difference", "largest"])
    if subtype == "largest" and n < 4:
        subtype = "difference"
    image = _draw_table(size, theme, names, values)
    description = _table_description(rng, theme, names, values)
    meta: dict[str, Any] = {"subtype": subtype, "names": names, "values": values}
    text = _TABLE_QUESTIONS[subtype](rng, theme, names, values, meta)
    meta["correct"] = text.pop("correct")
    return dict(image=image, description=description, meta=meta, **text)


def _draw_table(size: int, theme: dict[str, Any], names: Sequence[str], values: Sequence[int]) -> Image.Image:
    """The table: title, a shaded header row, one row per name, ruled lines."""
    n = len(names)
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
    return image


def _table_description(rng: random.Random, theme: dict[str, Any], names: Sequence[str],
                       values: Sequence[int]) -> str:
    """One of two descriptions of the table."""
    head0, head1 = theme["head"]
    rows_text = "; ".join(f"{nm}: {v}" for nm, v in zip(names, values, strict=True))
    return rng.choice(
        [
            f'A table titled "{theme["title"]}" with columns "{head0}" and "{head1}". Rows: {rows_text}.',
            f'The image shows a two-column table, "{theme["title"]}", listing {len(names)} rows ({_join_and(names)}) with their {head1.lower()} counts {_join_and([str(v) for v in values])}.',
        ]
    )


def _table_read(name: str, value: int) -> list[str]:
    """The key step of reading one row."""
    return _dedupe([f"{name} = {value}", f"{name}: {value}", f"{name} has {value}"])


def _table_column_step(head: str, names: Sequence[str], values: Sequence[int]) -> str:
    """The step that reads every row of the number column *head*."""
    return f"The {head} column gives " + ", ".join(f"{nm} = {v}" for nm, v in zip(names, values, strict=True)) + "."


def _table_total(rng: random.Random, theme: dict[str, Any], names: Sequence[str], values: Sequence[int],
                 meta: dict[str, Any]) -> dict[str, Any]:
    """The sum of the number column."""
    head1 = theme["head"][1]
    total = sum(values)
    expr = " + ".join(str(v) for v in values)
    kt = _dedupe([f"{expr} = {total}", f"{expr.replace(' ', '')}={total}"])
    steps = [
        _table_column_step(head1, names, values),
        rng.choice([f"Adding them: {kt[0]}.", f"The sum is {kt[0]}."]),
    ]
    key_steps = [_table_read(names[0], values[0]), _table_read(names[-1], values[-1]), kt]
    return dict(question=theme["total"], rationale=f"Read every number in the {head1} column and add them.",
                steps=steps, answer=str(total), key_steps=key_steps, options=None, correct=total)


def _table_difference(rng: random.Random, theme: dict[str, Any], names: Sequence[str], values: Sequence[int],
                      meta: dict[str, Any]) -> dict[str, Any]:
    """How much larger one row is than another (the two are added to *meta*)."""
    val = dict(zip(names, values, strict=True))
    x, y = rng.sample(names, 2)
    if val[x] < val[y]:
        x, y = y, x
    d = val[x] - val[y]
    meta.update(a=x, b=y)
    kd = _dedupe([f"{val[x]} - {val[y]} = {d}", f"{val[x]}-{val[y]}={d}"])
    kx, ky = _table_read(x, val[x]), _table_read(y, val[y])
    steps = [
        rng.choice([f"From the table, {kx[0]} and {ky[0]}.", f"The row for {x} shows {val[x]} and the row for {y} shows {val[y]}, i.e. {kx[0]} and {ky[0]}."]),
        f"The difference is {kd[0]}.",
    ]
    return dict(question=theme["diff"].format(x=x, y=y),
                rationale="Find the two rows in the table and subtract the smaller number from the larger.",
                steps=steps, answer=str(d), key_steps=[kx, ky, kd], options=None, correct=d)


def _table_largest(rng: random.Random, theme: dict[str, Any], names: Sequence[str], values: Sequence[int],
                   meta: dict[str, Any]) -> dict[str, Any]:
    """Which row has the largest number, as a multiple-choice question."""
    head1 = theme["head"][1]
    val = dict(zip(names, values, strict=True))
    order = sorted(names, key=lambda nm: -val[nm])
    top, second = order[0], order[1]
    options, answer = _multiple_choice(rng, top, rng.sample(order[1:], 3))
    kc = _dedupe([f"{val[top]} > {val[second]}", f"{val[second]} < {val[top]}"])
    steps = [
        _table_column_step(head1, names, values),
        f"The largest number is {val[top]} ({top}), since {kc[0]}.",
        f"{top} corresponds to option {answer}.",
    ]
    return dict(question=_with_choices(theme["max"], options),
                rationale=f"Compare the numbers in the {head1} column and pick the row with the largest one.",
                steps=steps, answer=answer, key_steps=[_table_read(top, val[top]), _table_read(second, val[second]), kc],
                options=options, correct=top)


_TABLE_QUESTIONS = {"total": _table_total, "difference": _table_difference, "largest": _table_largest}


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
