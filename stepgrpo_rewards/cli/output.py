"""Strict JSON out, and files that appear whole or not at all: the writing half of the
record I/O that ``stepgrpo-score`` and ``stepgrpo-keysteps`` share.

Examples:
    >>> dumps_strict({"x": float("nan"), "b": b"hi"})
    '{"x": null, "b": "hi"}'
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import math
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from .errors import InputError, RecordError

__all__ = ["BYTES_PREFIX", "atomic_output", "bytes_text", "dumps_strict", "json_safe",
           "write_json"]

#: How bytes that are not UTF-8 text are written out (see `bytes_text`).
BYTES_PREFIX = "data:application/octet-stream;base64,"
_TOO_DEEP_OUT = "unwritable: a value is nested too deeply to write as JSON"


def bytes_text(data: bytes) -> str:
    """*data* as JSON text: the text itself when it is UTF-8 (a Parquet ``binary`` column
    often holds text), else `BYTES_PREFIX` and its base64 (a ``data:`` URL). Either way
    nothing is lost, and a column of bytes stays a column of strings (mixed types would
    keep pyarrow or pandas from reading the output back).

    >>> bytes_text(b"caf\\xc3\\xa9"), bytes_text(b"\\xff\\x00")
    ('café', 'data:application/octet-stream;base64,/wA=')
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return BYTES_PREFIX + base64.b64encode(data).decode("ascii")


def _json_default(value: Any) -> Any:
    """What is written for a value that JSON has no type for: bytes by `bytes_text`,
    anything else (a date, a decimal, a time span from Parquet) as its text."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes_text(bytes(value))
    return str(value)


def _json_key(key: Any) -> Any:
    """A dict key as `json.dumps` can write it: strings, integers, ``None`` and finite
    floats as they are (json turns them into strings itself), anything else as text."""
    if isinstance(key, (str, int)) or key is None or (isinstance(key, float)
                                                       and math.isfinite(key)):
        return key
    return _json_default(key)


def _safe(value: Any) -> Any:
    """`json_safe` without its checks. Loops, not comprehensions: a comprehension is a
    call of its own, which would halve how deep a value can be walked."""
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        mapping = {}
        for key, item in value.items():
            mapping[_json_key(key)] = _safe(item)
        return mapping
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            items.append(_safe(item))
        return items
    return _json_default(value)


def json_safe(value: Any) -> Any:
    """*value* with what strict JSON cannot hold replaced: NaN and ±Infinity (which a
    JSON line, Parquet or a dataset may hold) by ``None``, bytes by `bytes_text`, other
    objects and odd dict keys by their text.

    A value that needs no change, nearly every one, is returned as it is, once `json`
    has checked it (in C: a walk in Python reaches half as deep before `RecursionError`).
    Raises `RecordError` (``unwritable``) for a value nested too deeply to walk.

    >>> json_safe({"x": float("nan"), "b": [b"hi", (1, float("-inf"))]})
    {'x': None, 'b': ['hi', [1, None]]}
    """
    try:
        try:
            json.dumps(value, allow_nan=False)
            return value
        except (ValueError, TypeError):
            return _safe(value)
    except RecursionError:
        raise RecordError(_TOO_DEEP_OUT) from None


def dumps_strict(value: Any, *, ensure_ascii: bool = True) -> str:
    """`json.dumps` whose output is always strict JSON, never ``NaN`` or ``Infinity``
    (which jq and most JSON readers reject): *value* is written as `json_safe` makes it.
    A value that needs no change, nearly every one, is encoded once, in C.

    Raises `RecordError` (``unwritable``) for a value nested too deeply to encode: one
    that only just decoded can be too deep to encode a few calls further down.

    >>> dumps_strict({"x": float("inf"), "b": b"hi"})
    '{"x": null, "b": "hi"}'
    """
    try:
        try:
            return json.dumps(value, ensure_ascii=ensure_ascii, allow_nan=False,
                              default=_json_default)
        except (ValueError, TypeError):  # a non-finite float, or a key json cannot write
            return json.dumps(_safe(value), ensure_ascii=ensure_ascii, allow_nan=False)
    except RecursionError:
        raise RecordError(_TOO_DEEP_OUT) from None


@contextlib.contextmanager
def atomic_output(path: str | None, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open *path* for writing so that it appears whole or not at all.

    The data go to a temporary file beside *path*, which replaces *path* only
    when the ``with`` block ends normally; on an exception (an interrupt
    included) the temporary file is removed and *path* is left untouched.
    ``None``, ``"-"`` or ``"/dev/stdout"`` writes to standard output directly;
    ``/dev/stderr`` and ``/dev/fd/N`` to that open descriptor, at its offset
    (opening the path anew would truncate the file it was redirected to); a path
    that is not a regular file (``/dev/null``, a named pipe) is written in place,
    never replaced. A symbolic link's target is replaced, not the link. A
    directory, or a disk that fills up, is an `InputError`.
    """
    if path is None or path == "-" or path == "/dev/stdout":
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        with _write_errors("standard output"):
            yield stream
            stream.flush()
        return
    target: str | int | None = _open_descriptor(path)
    if target is None and os.path.isdir(path):
        raise InputError(f"{path}: is a directory; name a file to write")
    if target is None and os.path.exists(path) and not os.path.isfile(path):
        target = path  # a device or a pipe (replacing /dev/null would destroy it)
    if target is not None:
        try:
            direct = _writer(target, binary)
        except OSError as exc:
            raise InputError(f"{path}: cannot write there: {exc.strerror or exc}") from None
        with _write_errors(path), direct:
            yield direct
            direct.flush()
        return
    shown, path = path, os.path.realpath(path)  # a link's target, so that the link stays a link
    directory = os.path.dirname(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.",
                                   suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{shown}: cannot write there: {exc.strerror or exc}") from None
    try:
        with _write_errors(shown), _writer(fd, binary) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _writer(target: str | int, binary: bool) -> IO[Any]:
    """*target* (a path or an open descriptor, closed with the file) opened for writing:
    bytes, or UTF-8 text with ``\n`` line ends."""
    if binary:
        return open(target, "wb")  # noqa: SIM115 - the caller closes it
    return open(target, "w", encoding="utf-8", newline="\n")  # noqa: SIM115


#: Write errors that say the output cannot take the data (a full disk, a quota, a file
#: size limit), not that the program is wrong.
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


@contextlib.contextmanager
def _write_errors(name: str) -> Iterator[None]:
    """Turn a full disk (or quota, or size limit) while writing *name* into an `InputError`."""
    try:
        yield
    except OSError as exc:
        if exc.errno in _FULL:
            raise InputError(f"{name}: cannot write: {exc.strerror}") from None
        raise


_DESCRIPTOR_PATH = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)|/dev/std(err|out)")


def _open_descriptor(path: str) -> int | None:
    """A duplicate of the open descriptor that *path* names (``/dev/stderr``,
    ``/dev/fd/N``, ``/proc/self/fd/N``), or ``None`` for any other path."""
    match = _DESCRIPTOR_PATH.fullmatch(path)
    if match is None:
        return None
    number = 2 if match.group(2) == "err" else 1 if match.group(2) == "out" else int(match.group(1))
    try:
        return os.dup(number)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there: {exc.strerror or exc}") from None


def _new_file_mode(path: str) -> int:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_json(path: str, data: Any) -> None:
    """Write *data* to *path* as indented strict JSON (see `json_safe`), atomically
    (see `atomic_output`)."""
    with atomic_output(path) as out:
        json.dump(json_safe(data), out, indent=2, allow_nan=False)
        out.write("\n")
