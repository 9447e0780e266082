"""Streaming readers of record files, for ``stepgrpo-score`` and ``stepgrpo-keysteps``.
(The writers are in `stepgrpo_rewards.cli.output`, the command plumbing in
`stepgrpo_rewards.cli.command`; their names stay importable from here.)

A reader turns one input (JSON lines, a JSON list, CSV/TSV, Parquet, a saved
Hugging Face dataset directory, or ``-`` for standard input) into a stream of
``(line, payload)`` pairs, one per record, in input order, streaming (only a JSON
list is read whole before its elements are decoded one at a time). ``line`` is the 1-based line where the record starts (``None`` for
Parquet and Hugging Face datasets); ``payload`` is a ``dict``, the raw bytes of
a JSON line (decoded later, in the worker that scores it), or a `BadRecord`.

Only the standard library is imported here; pyarrow (Parquet) and datasets
(saved Hugging Face datasets) are imported when such an input is opened.

The readers live in modules of one job each: `stepgrpo_rewards.cli.records_json` (JSON
lines and JSON lists), `stepgrpo_rewards.cli.records_tables` (CSV/TSV, Parquet, saved
datasets), `stepgrpo_rewards.cli.record_source` (`RecordSource`) and
`stepgrpo_rewards.cli.record_checks` (`BadRecord`, `decode_record`, `load_json`); this
module picks the format and opens the input, and its public names stay the import path.

Examples:
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "x.jsonl")
    >>> with atomic_output(path) as out:
    ...     _ = out.write('{"completion": "hi"}\\n\\n{"completion": "yo"}\\n')
    >>> with open_records(path) as source:
    ...     [(line, payload) for line, payload in source]
    [(1, b'{"completion": "hi"}'), (3, b'{"completion": "yo"}')]
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

from .errors import InputError, RecordError
from .output import BYTES_PREFIX, atomic_output, bytes_text, dumps_strict, json_safe, write_json
from .record_checks import MAX_JSON_DEPTH, BadRecord, decode_record, load_json
from .record_source import RecordSource
from .records_json import _check_json_lines, _json_list, _jsonl_lines
from .records_tables import _csv_reader, _csv_rows, _open_hf, _open_parquet

__all__ = [
    "BYTES_PREFIX",
    "FORMATS",
    "MAX_JSON_DEPTH",
    "BadRecord",
    "InputError",
    "RecordError",
    "RecordSource",
    "atomic_output",
    "bytes_text",
    "decode_record",
    "dumps_strict",
    "json_safe",
    "load_json",
    "open_records",
    "write_json",
]

#: Input formats that `open_records` understands (``tsv`` is CSV with tabs).
FORMATS = ("jsonl", "json", "csv", "tsv", "parquet", "hf")

_SUFFIXES = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
    ".csv": "csv", ".tsv": "tsv", ".parquet": "parquet", ".pq": "parquet",
}
_JSONL_BLOCK = 1 << 20  # bytes read at a time from JSON lines


_GZIP_MAGIC = b"\x1f\x8b"


def open_records(
    path: str,
    fmt: str | None = None,
    *,
    columns: Iterable[str] | None = (),
    keep_empty: Iterable[str] = (),
    split: str | None = None,
    stdin: IO[Any] | None = None,
) -> RecordSource:
    """Open *path* (``"-"`` for standard input) as a stream of records.

    *fmt* is one of `FORMATS`, or ``None`` to infer it from the path and the
    first bytes (a ``.json`` file holding JSON lines, as ``Dataset.to_json``
    writes them, is read as JSON lines, and a ``.jsonl`` file or standard input
    that starts with ``[`` as a JSON list; use ``fmt="csv"`` for CSV on standard
    input; gzip-compressed standard input is decompressed, as a ``.gz`` file is).
    JSON lines that start with a pretty-printed JSON object (``{`` alone on the
    first line) raise `InputError`, instead of reading as one bad record a line.
    *columns* names the columns the caller needs: Parquet and Hugging Face
    inputs read only those (``None``: every column, for a caller that writes
    the records back out whole). In CSV, an empty cell reads as ``None`` except in
    the columns listed in *keep_empty*. *split* picks a split of a saved
    ``DatasetDict``. Raises `InputError` when the input cannot be opened.
    """
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    wanted = None if columns is None else list(dict.fromkeys(columns))
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        buffer: IO[bytes] | None = getattr(stream, "buffer", None)
        if buffer is None:  # a text stream without a buffer (tests, notebooks)
            buffer = io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))
        reader = buffer if isinstance(buffer, io.BufferedReader) else io.BufferedReader(buffer)  # type: ignore[type-var]
        if reader.peek(2)[:2] == _GZIP_MAGIC:  # `cat x.jsonl.gz | stepgrpo-score -`, as a file would be read
            gunzipped = gzip.GzipFile(fileobj=reader, mode="rb")
            return _open_stream("<stdin>", fmt, gunzipped, None, [gunzipped],  # type: ignore[arg-type]
                                keep_empty, wanted=wanted, given=fmt)
        return _open_stream("<stdin>", fmt, reader, None, [], keep_empty, wanted=wanted,
                            given=fmt)
    if os.path.isdir(path):
        if fmt not in (None, "hf"):
            raise InputError(f"{path}: is a directory; only format 'hf' reads directories")
        return _open_hf(path, wanted, split)
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if fmt == "hf":
        raise InputError(f"{path}: format 'hf' needs a directory written by save_to_disk")
    base = path[:-3] if path.endswith(".gz") else path
    given = fmt
    if fmt is None:
        fmt = _SUFFIXES.get(os.path.splitext(base)[1].lower())
    if fmt == "parquet":
        return _open_parquet(path, wanted)
    try:
        disk = open(path, "rb")  # noqa: SIM115 - closed by the source
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    closers: list[Any] = [disk]
    raw: IO[bytes] = disk
    if path.endswith(".gz"):
        raw = gzip.GzipFile(fileobj=disk, mode="rb")  # type: ignore[assignment]
        closers.append(raw)
    elif fmt is None and disk.peek(4)[:4] == b"PAR1":
        disk.close()
        return _open_parquet(path, wanted)
    size = os.fstat(disk.fileno()).st_size
    try:
        source = _open_stream(path, fmt, raw, disk, closers, keep_empty, size=size,
                              wanted=wanted, given=given)
    except BaseException as exc:
        for obj in closers:
            obj.close()
        if isinstance(exc, (OSError, EOFError, zlib.error)):  # e.g. a .gz that is not gzip
            raise InputError(f"{path}: unreadable: {exc}") from None
        raise
    return source


def _open_stream(
    name: str,
    fmt: str | None,
    raw: IO[bytes],
    position: IO[bytes] | None,
    closers: list[Any],
    keep_empty: Iterable[str],
    *,
    size: int | None = None,
    wanted: list[str] | None = None,
    given: str | None = None,
) -> RecordSource:
    """*fmt* is the format given or guessed from the file name, *given* the one given."""
    if not isinstance(raw, io.BufferedReader):
        raw = io.BufferedReader(raw)  # type: ignore[type-var]
    _check_utf8(name, raw.peek(4))
    if fmt in (None, "json") or (fmt == "jsonl" and given is None):
        head = raw.peek(64).lstrip(codecs.BOM_UTF8).lstrip()
        if fmt is None and head[:1] not in (b"[", b"{", b"") and name != "<stdin>":
            raise InputError(f"{name}: cannot tell the format; pass --format")
        # a JSON list, whatever the file is named: a JSON line is never a list
        if head[:1] == b"[" or (fmt == "json" and head[:1] not in (b"{", b"")):
            fmt = "json"
        else:
            fmt = "jsonl"
    if fmt == "jsonl":
        _check_json_lines(name, raw.peek(64))
        records: Iterator[tuple[int | None, Any]] = _jsonl_lines(raw, _JSONL_BLOCK)
    elif fmt == "json":
        done = [0.0]
        records = _json_list(name, raw, done)
        return RecordSource(name, fmt, records, size=size, fraction=lambda: done[0],
                            closers=closers)
    else:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape",
                                newline="")
        closers.append(text)
        reader = _csv_reader(text, "\t" if fmt == "tsv" else ",")
        header = reader.fieldnames
        # csv.DictReader keeps the last of two cells under one name: a column the
        # caller reads must be unambiguous, or it would silently get the wrong one.
        twice = [c for c in dict.fromkeys(header or ()) if c and (header or []).count(c) > 1
                 and (wanted is None or c in wanted)]
        if twice:
            raise InputError(f"{name}: the header names column '{twice[0]}' more than once")
        records = _csv_rows(reader, set(keep_empty))
        return RecordSource(name, fmt, records, columns=list(header or ()), position=position,
                            size=size, closers=closers)
    return RecordSource(name, fmt, records, position=position, size=size, closers=closers)


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
              (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def _check_utf8(name: str, start: bytes) -> None:
    """Raise `InputError` for a text file in UTF-16 or UTF-32 (what Windows PowerShell's
    ``>`` writes), told by its byte-order mark: read as UTF-8, every line would be a
    bad record."""
    for bom, encoding in _WIDE_BOMS:
        if start.startswith(bom):
            raise InputError(f"{name}: {encoding} text; save it as UTF-8 (in PowerShell: "
                             "Out-File -Encoding utf8, or Set-Content -Encoding utf8)")



#: Names that moved to `stepgrpo_rewards.cli.command`, still importable from here (lazily:
#: that module imports this one).
_COMMAND_NAMES = frozenset({"Terminated", "add_io_arguments", "run_command",
                            "terminate_as_interrupt"})


def __getattr__(name: str) -> Any:
    if name in _COMMAND_NAMES:
        from . import command

        return getattr(command, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
