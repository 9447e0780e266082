"""The JSON readers: JSON lines, streamed a block at a time, and a JSON list, element by element.

A JSON line is yielded as its raw bytes (decoded later, in the worker that scores it);
a JSON list is read whole and decoded one element at a time, so that an element that
cannot be used is one `BadRecord` among good ones and each keeps its line number. The
standard `json` decoder does the decoding; what is ours is the splitting into records
and the bracket count that skips an element too deep for the decoder. Opened by
`stepgrpo_rewards.cli.records.open_records`, which picks the format.
"""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from .errors import InputError
from .record_checks import _NOT_UTF8, _TOO_DEEP, BadRecord, _json_type, _undecodable

__all__: list[str] = []


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


def _jsonl_lines(raw: IO[bytes], block_size: int) -> Iterator[tuple[int | None, Any]]:
    """Non-blank lines with their 1-based numbers, read *block_size* bytes at a time
    (``read1``: a slow pipe is not waited on until a whole block arrives)."""
    read = getattr(raw, "read1", raw.read)
    lineno = 0
    pieces: list[bytes] = []  # the start of a line not yet ended
    while True:
        block = read(block_size)
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
