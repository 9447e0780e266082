"""The vocabulary of the synthetic dataset (kinds, layouts, :class:`SyntheticExample`) and
the helpers its problem builders share: solution layouts, answer spellings, drawing.

:mod:`stepgrpo_trl.demo.synthetic_data` is the public entry point; this module is split out
so that no module holds every builder.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image, ImageDraw, ImageFont

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


def _font(size: float) -> Any:
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
