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
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stepgrpo_trl.demo.synthetic_base import (
    EXTRA_KINDS,
    KINDS,
    LAYOUTS,
    SyntheticExample,
    _dedupe,
    _r1_trace,
    _trace,
)
from stepgrpo_trl.demo.synthetic_figures import (
    _bar_chart,
    _segment,
    _shapes,
    _triangle,
)
from stepgrpo_trl.demo.synthetic_tables import (
    ROWS_QUESTION,
    _clock,
    _rectangle,
    _rows,
    _table,
)

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
