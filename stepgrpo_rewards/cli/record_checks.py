"""What a record is once read, and the checks every reader applies to one.

A reader yields a ``dict``, the raw bytes of a JSON line (decoded later, by
`decode_record`, in the worker that scores it) or a `BadRecord` that says why the
record could not be read. `load_json` bounds the nesting of a document at
`MAX_JSON_DEPTH` (see `stepgrpo_rewards.jsondepth` for why the bound is counted, not
left to the decoder), and `_undecodable` tells a cell or element that held bytes that
were not UTF-8. Shared by the JSON and table readers (`stepgrpo_rewards.cli.records_json`,
`stepgrpo_rewards.cli.records_tables`) and the command-line tools; the public names stay
importable from `stepgrpo_rewards.cli.records`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..jsondepth import json_depth
from .errors import RecordError

__all__ = ["MAX_JSON_DEPTH", "BadRecord", "decode_record", "load_json"]

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



def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string",
            list: "array", dict: "object"}.get(type(value), type(value).__name__)

