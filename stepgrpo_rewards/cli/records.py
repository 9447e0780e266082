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
import contextlib
import csv
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..jsondepth import json_depth
from .errors import InputError, RecordError
from .output import BYTES_PREFIX, atomic_output, bytes_text, dumps_strict, json_safe, write_json

__all__ = [
    "BYTES_PREFIX",
    "FORMATS",
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
_HF_MARKERS = ("dataset_info.json", "state.json", "dataset_dict.json")
_JSONL_BLOCK = 1 << 20  # bytes read at a time from JSON lines
_BATCH_ROWS = 1024  # rows per Parquet / Hugging Face batch
_TOO_DEEP = "nested too deeply to decode"
_NOT_UTF8 = "the record is not valid UTF-8 text"


def _undecodable(text: str) -> bool:
    """Whether *text*, decoded with ``errors="surrogateescape"`` (so that one bad byte
    spoils only its record), holds a byte that was not UTF-8: such a byte became a
    lone surrogate, which UTF-8 cannot encode. (Two C passes, no regex scan: this runs
    on every cell.)"""
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


#: The deepest nesting of arrays and objects a JSON document read may have. Records nest
#: a few levels; the bound is fixed so that a document is refused the same way wherever
#: it is decoded (the decoder's own limit depends on how deep the calling stack already
#: is, which differs in a worker process: ``--workers`` changed results).
MAX_JSON_DEPTH = 400


def load_json(data: str | bytes) -> Any:
    """`json.loads`, but a document nested deeper than `MAX_JSON_DEPTH` (or too deeply for
    the decoder) raises `ValueError` like any other bad document, not `RecursionError`."""
    opening = data.count("[") + data.count("{") if isinstance(data, str) else data.count(b"[") + data.count(b"{")
    if opening > MAX_JSON_DEPTH:
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ValueError(f"{_TOO_DEEP} (deeper than {MAX_JSON_DEPTH} levels)")
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError(_TOO_DEEP) from None


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that could not be read; *reason* is ``"kind: detail"``."""

    reason: str


def decode_record(payload: Any) -> dict[str, Any]:
    """The record behind a *payload* that a `RecordSource` yielded, as a ``dict``.

    Raises `RecordError` for a `BadRecord`, a JSON line that does not decode
    (``invalid_json``) and a value that is not an object (``not_an_object``).
    """
    if isinstance(payload, BadRecord):
        raise RecordError(payload.reason)
    if isinstance(payload, bytes):
        try:
            payload = load_json(payload)
        except ValueError as exc:  # UnicodeDecodeError included
            raise RecordError(f"invalid_json: {exc}") from None
    if not isinstance(payload, dict):
        raise RecordError(f"not_an_object: the record is a JSON {_json_type(payload)}")
    return payload


def _missing_dependency(what: str, package: str) -> InputError:
    return InputError(f"reading {what} needs {package}: pip install {package}")


class RecordSource:
    """An open input: iterate it for ``(line, payload)`` pairs, then `close` it.

    *columns* is the list of column names when the format declares them up
    front (CSV header, Parquet schema, dataset features), else ``None``;
    *total* is the number of records when known in advance, *size* the size of
    the file in bytes.
    """

    def __init__(
        self,
        name: str,
        fmt: str,
        records: Iterator[tuple[int | None, Any]],
        *,
        columns: list[str] | None = None,
        total: int | None = None,
        position: IO[bytes] | None = None,
        size: int | None = None,
        fraction: Callable[[], float] | None = None,
        closers: Iterable[Any] = (),
    ) -> None:
        self.name = name
        self.format = fmt
        self.columns = columns
        self.total = total
        #: The size of the input file in bytes, when known.
        self.size = size
        self._records = records
        self._position = position
        self._fraction = fraction
        self._closers = list(closers)
        self._count = 0

    def __iter__(self) -> Iterator[tuple[int | None, Any]]:
        # A file that breaks off while being read (a truncated or corrupt .gz, a
        # disk error) is an unreadable input, reported with its name, not a crash.
        try:
            for item in self._records:
                self._count += 1
                yield item
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{self.name}: unreadable after {self._count:,} records: "
                             f"{exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"
                             ) from None

    def progress(self) -> float | None:
        """Fraction of the input read so far, or ``None`` when unknown."""
        if self.total:
            return min(self._count / self.total, 1.0)
        if self._fraction is not None:
            return self._fraction()
        if self._position is not None and self.size:
            with contextlib.suppress(OSError, ValueError):
                return min(self._position.tell() / self.size, 1.0)
        return None

    def close(self) -> None:
        for obj in reversed(self._closers):
            with contextlib.suppress(Exception):
                obj.close()
        self._closers.clear()

    def __enter__(self) -> RecordSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
        records: Iterator[tuple[int | None, Any]] = _jsonl_lines(raw)
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


def _check_json_lines(name: str, start: bytes) -> None:
    """Raise `InputError` when what should be JSON lines, whose first bytes are *start*,
    starts with a JSON document spread over several lines (pretty-printed: ``[`` or ``{``
    alone on its first line), which would otherwise read as one bad record per line."""
    head = start.lstrip(codecs.BOM_UTF8)
    body = head.lstrip()
    first, newline, _ = body.partition(b"\n")
    if not newline or first.strip() not in (b"[", b"{"):
        return
    line = head[: len(head) - len(body)].count(b"\n") + 1  # after blank lines
    where = f"{name}: line {line}"
    if first.strip() == b"[":  # only with --format jsonl: a guess would read the list
        raise InputError(f"{where}: a JSON list spread over several lines, not JSON lines "
                         "(one record per line): pass --format json")
    raise InputError(f"{where}: a JSON object spread over several lines (pretty-printed), not "
                     "JSON lines, which hold one whole record per line: write one record "
                     "per line (e.g. with jq -c .) or a JSON list of records")


#: JSON lines may end in \n, \r\n or a bare \r (old Mac files): JSON text holds no raw
#: carriage return (inside a string it must be escaped), so each ends a line.
_LINE_END = re.compile(rb"\r\n|\r|\n")


def _jsonl_lines(raw: IO[bytes]) -> Iterator[tuple[int | None, Any]]:
    """Non-blank lines with their 1-based numbers, read a block at a time
    (``read1``: a slow pipe is not waited on until a whole block arrives)."""
    read = getattr(raw, "read1", raw.read)
    lineno = 0
    pieces: list[bytes] = []  # the start of a line not yet ended
    while True:
        block = read(_JSONL_BLOCK)
        if not block:
            lines = [b"".join(pieces)]
        elif b"\n" not in block and b"\r" not in block:
            pieces.append(block)  # a long line: join it once it ends
            continue
        else:
            pieces.append(block)
            data, held = b"".join(pieces), b""
            if data.endswith(b"\r"):  # perhaps the first half of a \r\n split between blocks
                data, held = data[:-1], b"\r"
            lines = _LINE_END.split(data) if b"\r" in data else data.split(b"\n")  # 3x faster
            pieces = [lines.pop() + held]
        for line in lines:
            lineno += 1
            if lineno == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            line = line.strip()
            if line:
                yield lineno, line
        if not block:
            return


def _json_list(name: str, raw: IO[bytes], done: list[float]) -> Iterator[tuple[int | None, Any]]:
    """The elements of a top-level JSON array, with the line each starts on.

    The standard `json` decoder reads the document, which is read whole (a JSON list is
    the small-dataset format; JSON lines, CSV and Parquet stream), one element at a time
    (``raw_decode``), so that an element that cannot be used (too deep to decode, a number
    of too many digits, a string that is not UTF-8, a value that is not an object) is one
    `BadRecord` among good ones, as a bad JSON line is, and each keeps its line number.
    A document that is not a JSON array at all raises `InputError`. *done* gets the
    fraction of the document read so far, for the progress bar.
    """
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape").read()
    decoder = json.JSONDecoder()
    pos, line, first = 0, 1, True

    def skip_ws() -> str:
        nonlocal pos, line
        end = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        line += text.count("\n", pos, end)
        pos = end
        return text[pos:pos + 1]

    def fail(msg: str) -> InputError:
        return InputError(f"{name}: line {line}: malformed JSON list: {msg}")

    if skip_ws() != "[":
        raise fail("the document does not start with '['")
    pos += 1
    expect_value = True  # after '[' or ','
    while True:
        char = skip_ws()
        if char == "":
            raise fail("the document ends before its closing ']'")
        if char == "]" and (first or not expect_value):
            pos += 1
            if skip_ws() != "":
                raise fail("data after the closing ']'")
            done[0] = 1.0
            return
        if not expect_value:
            if char != ",":
                raise fail(f"expected ',' or ']', found {char!r}")
            pos += 1
            expect_value = True
            continue
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise fail(exc.msg) from None
        except RecursionError:
            value, end = BadRecord(f"invalid_json: {_TOO_DEEP}"), _end_of_nested(text, pos)
        except ValueError as exc:  # an int of more digits than Python converts
            value = BadRecord(f"invalid_json: {exc}")
            end = (_end_of_nested(text, pos) if text[pos] in "[{"
                   else _NUMBER.match(text, pos).end())  # type: ignore[union-attr]
        if end < 0:
            raise fail("the document ends inside an element")
        start_line = line
        line += text.count("\n", pos, end)
        if _undecodable(text[pos:end]):  # as a JSON line with bad UTF-8 would be
            value = BadRecord(f"invalid_json: {_NOT_UTF8}")
        pos, first, expect_value = end, False, False
        done[0] = pos / len(text)
        yield start_line, value if isinstance(value, (dict, BadRecord)) else BadRecord(
            f"not_an_object: the element is a JSON {_json_type(value)}, not an object")


_SPACE = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"[-+.eE0-9]*")


def _end_of_nested(text: str, pos: int) -> int:
    """The end of the array or object at *pos* (one the decoder cannot take), found by
    counting brackets outside strings in one pass; -1 when the document ends inside it."""
    depth, in_string, escaped = 0, False, False
    for i in range(pos, len(text)):
        char = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string",
            list: "array", dict: "object"}.get(type(value), type(value).__name__)


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


#: Names that moved to `stepgrpo_rewards.cli.command`, still importable from here (lazily:
#: that module imports this one).
_COMMAND_NAMES = frozenset({"Terminated", "add_io_arguments", "run_command",
                            "terminate_as_interrupt"})


def __getattr__(name: str) -> Any:
    if name in _COMMAND_NAMES:
        from . import command

        return getattr(command, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
