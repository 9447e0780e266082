"""The table readers: CSV/TSV rows, Parquet batches and saved Hugging Face datasets.

CSV is read by the standard `csv` module, strictly (an open quote is an error, not a
cell that swallows the rest of the file); a short row, an undecodable cell or a broken
quote is one `BadRecord`. Parquet (pyarrow) and saved datasets (datasets) are imported
only when such an input is opened, and read only the columns the caller needs, in
batches. Opened by `stepgrpo_rewards.cli.records.open_records`, which picks the format.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from typing import IO, Any

from .errors import InputError
from .record_checks import _NOT_UTF8, BadRecord, _undecodable
from .record_source import RecordSource

__all__: list[str] = []

_HF_MARKERS = ("dataset_info.json", "state.json", "dataset_dict.json")
_BATCH_ROWS = 1024  # rows per Parquet / Hugging Face batch


def _missing_dependency(what: str, package: str) -> InputError:
    return InputError(f"reading {what} needs {package}: pip install {package}")


def _csv_reader(text: IO[str], delimiter: str) -> csv.DictReader[str]:
    csv.field_size_limit(2**31 - 1)  # completions are longer than the 128 KiB default
    # strict: a quote left open is an error, not a cell that silently swallows every
    # row after it up to the end of the file
    return csv.DictReader(text, delimiter=delimiter, strict=True)


def _csv_rows(reader: csv.DictReader[str], keep_empty: set[str]) -> Iterator[tuple[int | None, Any]]:
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, BadRecord(f"invalid_csv: {exc}")
            continue
        if any(_undecodable(v) for v in row.values() if isinstance(v, str)):
            yield start, BadRecord(f"invalid_csv: {_NOT_UTF8} (save the file as UTF-8)")
            continue
        missing = [key for key, value in row.items() if key is not None and value is None]
        if missing:  # a short row: its cells cannot be told apart from shifted ones
            have = len(row) - len(missing) - (None in row)
            yield start, BadRecord(f"invalid_csv: the row has {have} cells, the header "
                                   f"{len(row) - (None in row)} (no cell for {', '.join(missing[:3])})")
            continue
        # Drop extra cells (key None); an empty cell means "no value".
        yield start, {key: None if value == "" and key not in keep_empty else value
                      for key, value in row.items() if key is not None}


def _some_columns(names: list[str], wanted: list[str] | None) -> list[str]:
    """The columns to read: every one when *wanted* is ``None``, else the wanted ones
    there are (or the first, so that the records are still counted)."""
    if wanted is None:
        return names
    return [c for c in wanted if c in names] or names[:1]


def _open_parquet(path: str, wanted: list[str] | None) -> RecordSource:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise _missing_dependency("Parquet", "pyarrow") from None
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises its own error types
        raise InputError(f"{path}: not a readable Parquet file: {exc}") from None
    names = list(pf.schema_arrow.names)
    cols = _some_columns(names, wanted)

    def rows() -> Iterator[tuple[int | None, Any]]:
        done = 0
        try:
            for batch in pf.iter_batches(batch_size=_BATCH_ROWS, columns=cols):
                for row in batch.to_pylist():
                    yield None, row
                    done += 1
        except Exception as exc:  # a corrupt page further in: pyarrow's own error types
            raise InputError(f"{path}: unreadable Parquet data after {done:,} records: "
                             f"{exc}") from None

    return RecordSource(path, "parquet", rows(), columns=names, total=pf.metadata.num_rows,
                        closers=[pf] if hasattr(pf, "close") else [])


def _open_hf(path: str, wanted: list[str] | None, split: str | None) -> RecordSource:
    if not any(os.path.exists(os.path.join(path, m)) for m in _HF_MARKERS):
        raise InputError(f"{path}: is a directory but not a dataset saved with save_to_disk")
    try:
        import datasets
    except ImportError:
        raise _missing_dependency("a saved Hugging Face dataset", "datasets") from None
    try:
        ds = datasets.load_from_disk(path)
    except Exception as exc:
        raise InputError(f"{path}: cannot load the dataset: {exc}") from None
    if isinstance(ds, datasets.DatasetDict):
        splits = list(ds)
        if split is None and len(splits) == 1:
            split = splits[0]
        if split not in ds:
            raise InputError(f"{path}: pick a split with --split (one of {', '.join(splits)})")
        ds = ds[split]
    elif split is not None:
        raise InputError(f"{path}: holds a single dataset, not splits; drop --split")
    names = list(ds.column_names)
    cols = _some_columns(names, wanted)
    # with_format(None): plain Python values, even from a dataset saved with a format
    # such as "numpy" (which save_to_disk keeps), whose arrays would be written as text
    ds = ds.select_columns(cols).with_format(None)

    def rows() -> Iterator[tuple[int | None, Any]]:
        for batch in ds.iter(batch_size=_BATCH_ROWS):
            keys = list(batch)
            for values in zip(*(batch[k] for k in keys), strict=True):
                yield None, dict(zip(keys, values, strict=True))

    return RecordSource(path, "hf", rows(), columns=names, total=len(ds))

