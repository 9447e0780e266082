"""`RecordSource`: one open input, as a stream of ``(line, payload)`` pairs.

Every reader (`stepgrpo_rewards.cli.records`, `stepgrpo_rewards.cli.records_json`,
`stepgrpo_rewards.cli.records_tables`) returns one, so that the command-line tools
iterate, report progress and close any input the same way; a file that breaks off
while being read becomes an `InputError` that names it, not a crash. Importable from
`stepgrpo_rewards.cli.records` too.
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from .errors import InputError

__all__ = ["RecordSource"]


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

