"""``stepgrpo-prepare``: R1-VL-10K / Mulberry-style records to a dataset ``trl grpo`` loads as is.

The records (a JSON / JSON-lines file or a folder of them; image paths, problem, solution and
key steps in any of the shapes `build_grpo_dataset` reads) become the GRPO layout:
``prompt`` (conversational, with the image placeholder), ``image`` (or ``images``),
``solution``, ``key_steps`` (a list of groups of alternatives) and ``problem``. The images
are embedded in the output, so the dataset no longer depends on the image folder.

Two output formats:

``parquet`` (default)
    ``<output>/<split>.parquet`` per split; ``datasets.load_dataset("<output>")`` -- what
    ``trl grpo --dataset_name <output>`` calls -- finds the splits by their file names;
``disk``
    ``DatasetDict.save_to_disk(<output>)``, for ``datasets.load_from_disk`` and
    ``examples/train_stepgrpo.py --dataset_name <output>``.

Examples::

    stepgrpo-prepare r1vl_10k.jsonl --output data/r1vl_10k --test_size 200
    trl grpo --config examples/configs/trl_grpo_2b.yaml --dataset_name data/r1vl_10k

    python -m stepgrpo_trl.prepare mulberry.json --image_root images/ --output data/mulberry \\
        --format disk --skip_bad_records
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["console_main", "main", "prepare_dataset"]

FORMATS = ("parquet", "disk")


def _embed_images(dataset: Any) -> Any:
    """The dataset with image files read into the table (bytes, not paths)."""
    from datasets.table import embed_table_storage

    return dataset.with_format("arrow").map(embed_table_storage, batched=True).with_format(None)


def prepare_dataset(
    sources: Sequence[str | Path],
    output: str | Path,
    *,
    output_format: str = "parquet",
    split: str = "train",
    test_size: int = 0,
    seed: int = 0,
    max_samples: int | None = None,
    image_root: str | Path | None = None,
    instruction: bool = False,
    skip_bad_records: bool = False,
) -> dict[str, int]:
    """Convert the records of *sources* and write them to *output*; return the rows per split.

    *test_size* rows (shuffled with *seed*) go to a ``test`` split beside *split*.
    *max_samples* keeps the first rows only. *instruction* adds the system message asking
    for the structured format (for a model without SFT warm-up). With *skip_bad_records*
    a record with a missing image or no problem text is left out and counted; else the
    first one stops with an error naming it.
    """
    import datasets

    from .data import build_grpo_dataset

    if output_format not in FORMATS:
        raise ValueError(f"output_format must be one of {FORMATS}, got {output_format!r}")
    if not sources:
        raise ValueError("give at least one records file or folder")
    if test_size < 0:
        raise ValueError(f"test_size must be >= 0, got {test_size}")
    parts = []
    for source in sources:
        kwargs: dict[str, Any] = dict(instruction=instruction or None,
                                      on_error="skip" if skip_bad_records else "raise")
        if image_root is not None:
            kwargs["image_root"] = image_root
        parts.append(build_grpo_dataset(Path(source), **kwargs))
    dataset = parts[0] if len(parts) == 1 else datasets.concatenate_datasets(parts)
    if max_samples is not None:
        dataset = dataset.select(range(min(max_samples, len(dataset))))
    if len(dataset) == 0:
        raise ValueError("no records to write")
    if test_size:
        if test_size >= len(dataset):
            raise ValueError(f"test_size {test_size} leaves no training rows of {len(dataset)}")
        halves = dataset.train_test_split(test_size=test_size, seed=seed)
        splits = {split: halves["train"], "test": halves["test"]}
    else:
        splits = {split: dataset}
    out = Path(output)
    out.mkdir(parents=True, exist_ok=True)
    splits = {name: _embed_images(d) for name, d in splits.items()}
    if output_format == "parquet":
        for name, d in splits.items():
            d.to_parquet(str(out / f"{name}.parquet"))
    else:
        datasets.DatasetDict(splits).save_to_disk(str(out))
    return {name: len(d) for name, d in splits.items()}


def _parser() -> argparse.ArgumentParser:
    doc = __doc__ or ""
    p = argparse.ArgumentParser(prog="stepgrpo-prepare", description=doc.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("sources", nargs="+", metavar="RECORDS",
                   help="JSON / JSON-lines records files or folders (R1-VL-10K, Mulberry, synthetic)")
    p.add_argument("--output", "-o", required=True, help="output folder")
    p.add_argument("--format", dest="output_format", choices=FORMATS, default="parquet",
                   help="parquet (for trl grpo / load_dataset, default) or disk (save_to_disk)")
    p.add_argument("--split", default="train", help="name of the main split (default train)")
    p.add_argument("--test_size", type=int, default=0, help="rows to hold out as a 'test' split")
    p.add_argument("--seed", type=int, default=0, help="seed of the test split (default 0)")
    p.add_argument("--max_samples", type=int, default=None, help="keep the first N records")
    p.add_argument("--image_root", default=None,
                   help="folder relative image paths are resolved against (default: the file's)")
    p.add_argument("--instruction", action="store_true",
                   help="add a system message asking for the structured format")
    p.add_argument("--skip_bad_records", action="store_true",
                   help="leave out (and count) records with a missing image or no problem")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; 0 on success, 2 on a bad record or argument (message on stderr)."""
    args = _parser().parse_args(argv)
    try:
        counts = prepare_dataset(
            args.sources, args.output, output_format=args.output_format, split=args.split,
            test_size=args.test_size, seed=args.seed, max_samples=args.max_samples,
            image_root=args.image_root, instruction=args.instruction,
            skip_bad_records=args.skip_bad_records,
        )
    except (ValueError, OSError) as exc:
        print(f"stepgrpo-prepare: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"output": str(args.output), "format": args.output_format, "rows": counts}))
    return 0


def console_main() -> None:  # pragma: no cover - the console-script entry point
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    console_main()
