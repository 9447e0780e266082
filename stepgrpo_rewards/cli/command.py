"""The command-line plumbing that ``stepgrpo-score`` and ``stepgrpo-keysteps`` share: the
input and output arguments, SIGTERM handled like Ctrl-C, and exit codes."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from .errors import InputError
from .records import FORMATS

__all__ = ["Terminated", "add_io_arguments", "run_command", "terminate_as_interrupt"]


def add_io_arguments(parser: argparse.ArgumentParser, *, output_help: str) -> None:
    """Add the input, ``-o/--output``, ``--format`` and ``--split`` arguments."""
    parser.add_argument("input", help="JSONL, JSON list, CSV/TSV, Parquet file, a directory "
                        "written by Dataset.save_to_disk, or '-' for standard input (JSONL or "
                        "a JSON list)")
    parser.add_argument("-o", "--output", metavar="FILE", default="-", help=output_help)
    parser.add_argument("--format", choices=FORMATS, help="input format (default: from the "
                        "file name and its first bytes)")
    parser.add_argument("--split", help="split of a saved DatasetDict (needed when it has "
                        "several)")


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would be (see `terminate_as_interrupt`)."""


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM (``kill``, a job scheduler) raises `Terminated`, so that
    it unwinds like Ctrl-C: temporary output files are removed and `run_command` exits
    with 143. Only in the main thread (elsewhere signals cannot be handled)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_command(
    prog: str,
    parser: argparse.ArgumentParser,
    argv: list[str] | None,
    prepare: Callable[[argparse.Namespace], Callable[[], int]],
    *,
    interrupted: str,
    fatal: tuple[type[Exception], ...] = (),
) -> int:
    """Parse *argv*, check it with *prepare* and run what it returns; map failures to
    exit codes.

    *prepare* raises `ValueError` or `TypeError` for bad arguments (usage, exit
    2). While running, `InputError` and the *fatal* exceptions print their message
    and exit 2, an interrupt prints *interrupted* and exits 130 (143 for
    `Terminated`), a closed standard output exits 1 quietly, and anything else
    prints the traceback and exits 1.
    """
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else 2
    err = sys.stderr
    stops: tuple[type[Exception], ...] = (InputError, *fatal)
    try:
        run = prepare(args)
    except (ValueError, TypeError) as exc:
        parser.print_usage(err)
        err.write(f"{prog}: error: {exc}\n")
        return 2
    try:
        return run()
    except stops as exc:
        err.write(f"{prog}: error: {exc}\n")
        return 2
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, Terminated)
        err.write(f"{prog}: {'terminated' if terminated else interrupted}\n")
        return 143 if terminated else 130
    except BrokenPipeError:  # e.g. `stepgrpo-score x.jsonl | head`
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception:
        traceback.print_exc(file=err)
        err.write(f"{prog}: unexpected error (a bug: please report it with the traceback)\n")
        return 1
