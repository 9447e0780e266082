"""``stepgrpo-score``: StepGRPO scores for a file of reasoning traces.

Reads JSON lines, a JSON list, CSV/TSV, Parquet or a saved Hugging Face dataset
(``-`` for standard input), scores every record with `score_trace`, and writes
one JSON line per input record, in input order: ``index`` (0-based), ``id``
when the input has an ``id`` column, ``group`` with ``--group``, then every field
of ``TraceScore.to_dict()``, as strict JSON (an ``id`` or ``group`` that is NaN
is ``null``; see `dumps_strict`). A record that cannot be read is written as
``{"index": i, "error": "kind: detail"}`` and counted, never dropped; with
``--strict`` the first such record (or a score with an input problem such as
``bad_key_steps``) stops the run with exit code 2. A summary table goes to
standard error.

Exit codes: 0 done; 2 bad arguments, unreadable input, or a bad record under
``--strict``; 1 an unexpected error; 130 interrupted; 143 terminated (SIGTERM).

Examples:
    >>> import json, os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> src, dst = os.path.join(d, "in.jsonl"), os.path.join(d, "out.jsonl")
    >>> with open(src, "w") as f:
    ...     _ = f.write(json.dumps({"completion": "### The final answer is: 4",
    ...                             "solution": "4"}) + "\\n")
    >>> main([src, "-o", dst, "--quiet"])
    0
    >>> rec = json.loads(open(dst).read())
    >>> rec["index"], rec["answer_correct"]
    (0, True)
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from .._version import __version__
from ..config import RewardConfig, config_fields
from ..inputs import (
    UnreadableCompletionError,
    UnreadableSolutionError,
    completion_text,
    key_steps_value,
    question_text,
    solution_text,
)
from ..problems import INPUT_PROBLEM_KINDS, problem_kind
from ..scoring import score_trace
from .command import Terminated, add_io_arguments, run_command, terminate_as_interrupt
from .errors import RecordError
from .output import atomic_output, dumps_strict, json_safe, write_json
from .records import RecordSource, decode_record, open_records
from .summary import PROG, Failed, Progress, Scored, Summary, plot, table

__all__ = ["main"]

_CONFIG_FIELDS = config_fields()
_MISSING = object()


class _StrictStop(Exception):
    """A bad record under ``--strict``; the message names where and why."""


# --------------------------------------------------------------------------- arguments


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Score reasoning traces with the StepGRPO rewards (StepRAR + StepRVR "
        "from R1-VL) and write one JSON line per input record.",
        epilog="Exit codes: 0 done, 2 bad arguments/input or a bad record with --strict, "
        "1 unexpected error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). Config keys: " + ", ".join(_CONFIG_FIELDS) + ".",
    )
    add_io_arguments(p, output_help="where the JSON lines go (default: standard output); "
                     "written to a temporary file and renamed into place when the run succeeds")
    g = p.add_argument_group("columns")
    g.add_argument("--completion", default="completion", metavar="COL",
                   help="the model output: a string or chat messages (default: %(default)s)")
    g.add_argument("--solution", default="solution", metavar="COL",
                   help="the reference solution or gold answer (default: %(default)s)")
    g.add_argument("--key-steps", default="key_steps", metavar="COL",
                   help="key steps, any shape the library reads; a JSON string in CSV "
                   "(default: %(default)s)")
    g.add_argument("--question", metavar="COL",
                   help="the question, for answer matching and question_key_steps=exclude "
                        "(default: 'question', else 'problem')")
    g.add_argument("--group", metavar="COL",
                   help="prompt id of a GRPO group: the summary reports groups whose totals tie")
    g.add_argument("--id", default="id", metavar="COL", dest="id_column",
                   help="copied to the output when present (default: %(default)s)")
    c = p.add_argument_group("reward config")
    c.add_argument("--config", action="append", default=[], metavar="KEY=VALUE",
                   help="set a RewardConfig field; repeat for several")
    c.add_argument("--alpha", type=float, metavar="X", help="weight of the key-step ratio in StepRAR")
    c.add_argument("--fuzzy-threshold", type=float, metavar="T", help="0-100; 100 turns fuzzy matching off")
    c.add_argument("--key-step-scope", choices=("steps", "reasoning", "all"),
                   help="where key steps are looked for")
    r = p.add_argument_group("run")
    r.add_argument("--explain", action="store_true",
                   help="add per-group key-step matches and validity rules to each record")
    r.add_argument("--strict", action="store_true",
                   help="stop at the first bad record with exit code 2")
    r.add_argument("--workers", type=int, default=1, metavar="N",
                   help="scoring processes (0: one per CPU; default: %(default)s)")
    r.add_argument("--chunk-size", type=int, default=256, metavar="N",
                   help="records per task sent to a worker (default: %(default)s)")
    r.add_argument("--summary-json", metavar="FILE", help="write the summary as JSON")
    r.add_argument("--plot", metavar="FILE.png",
                   help="histograms of StepRAR, StepRVR and total (needs matplotlib)")
    r.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on standard error (default: when it is a terminal)")
    r.add_argument("-q", "--quiet", action="store_true", help="no summary table")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _build_config(args: argparse.Namespace) -> RewardConfig:
    flags = [f"{key}={getattr(args, key)}" for key in ("alpha", "fuzzy_threshold", "key_step_scope")
             if getattr(args, key) is not None]
    return RewardConfig.from_strings([*args.config, *flags])


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class _Job:
    """What a worker needs to score a chunk; pickled with every chunk."""

    config: RewardConfig
    completion: str
    solution: str
    key_steps: str
    question: str | None
    group: str | None
    id_column: str
    explain: bool
    strict: bool
    histograms: bool


def _completion(value: Any, column: str) -> str | None:
    try:
        return completion_text(value)
    except UnreadableCompletionError as exc:
        raise RecordError(f"wrong_type: column '{column}' holds {exc}") from None


def _solution(value: Any, column: str) -> str | None:
    try:
        return solution_text(value)
    except UnreadableSolutionError as exc:
        raise RecordError(f"wrong_type: column '{column}' holds {exc}") from None


def _group_key(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def _where(line: int | None, index: int) -> str:
    return f"line {line}" if line is not None else f"record {index + 1} (index {index})"


def _score_item(job: _Job, index: int, line: int | None,
                payload: Any) -> tuple[str, Scored | Failed]:
    head: dict[str, Any] = {"index": index}
    try:
        record = decode_record(payload)
        # as written: NaN (a missing value in pandas) is null, so no group
        if job.id_column in record:
            head["id"] = json_safe(record[job.id_column])
        if job.group is not None:
            head["group"] = json_safe(record.get(job.group))
        completion = record.get(job.completion, _MISSING)
        if completion is _MISSING:
            raise RecordError(f"missing_column: no '{job.completion}' in the record")
        completion = _completion(completion, job.completion)
        solution = _solution(record.get(job.solution), job.solution)
        if job.question is not None:
            question = question_text(record.get(job.question))
        else:
            question = question_text(record.get("question"))
            if question is None:
                question = question_text(record.get("problem"))
        key_steps = key_steps_value(record.get(job.key_steps))
    except RecordError as exc:
        return _failed(head, line, str(exc))
    score = score_trace(completion, solution, key_steps, question=question, config=job.config)
    out = head | score.to_dict(explain=job.explain)
    kinds = tuple(dict.fromkeys(problem_kind(p) for p in score.problems))
    bad_input = next((p for p in score.problems if problem_kind(p) in INPUT_PROBLEM_KINDS), None)
    stat = Scored(score.answer_correct, score.valid, score.key_step_ratio, score.key_steps_total,
                   score.accuracy, score.validity, score.total, kinds,
                   _group_key(head.get("group")), bad_input, _where(line, index))
    try:
        return dumps_strict(out) + "\n", stat
    except RecordError as exc:  # an id nested too deeply to write
        return _failed(head, line, str(exc))


def _failed(head: dict[str, Any], line: int | None, reason: str) -> tuple[str, Failed]:
    """The output line of a record that cannot be scored or written, and its stat:
    *head* (index, id, group) with the line and the reason; without the id and group
    when they are nested too deeply to write."""
    index = head["index"]
    tail = ({"line": line} if line is not None else {}) | {"error": reason}
    try:
        text = dumps_strict(head | tail)
    except RecordError:
        text = dumps_strict({"index": index} | tail)
    return text + "\n", Failed(problem_kind(reason), reason, _where(line, index))


class _ChunkResult(NamedTuple):
    """A scored chunk: its output lines, their summary, and where ``--strict`` stopped."""

    text: str
    summary: Summary
    stop: str | None  # "where: reason" of the first bad record under --strict


def _score_chunk(job: _Job, chunk: list[tuple[int, int | None, Any]]) -> _ChunkResult:
    """Score a chunk and summarise it in the worker, so the parent only merges."""
    summary = Summary.for_config(job.config, groups=job.group is not None,
                                  histograms=job.histograms)
    lines: list[str] = []
    for index, line, payload in chunk:
        text, stat = _score_item(job, index, line, payload)
        reason = stat.reason if isinstance(stat, Failed) else stat.input_problem
        if job.strict and reason is not None:
            return _ChunkResult("".join(lines), summary, f"{stat.where}: {reason}")
        lines.append(text)
        summary.add(stat)
    return _ChunkResult("".join(lines), summary, None)


def _chunks(source: RecordSource, size: int) -> Iterator[list[tuple[int, int | None, Any]]]:
    chunk: list[tuple[int, int | None, Any]] = []
    for index, (line, payload) in enumerate(source):
        chunk.append((index, line, payload))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_HELD_SIGNALS = ("SIGINT", "SIGTERM")


def _ignore_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    if hasattr(signal, "pthread_sigmask"):  # held back by the parent while it created this process
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {getattr(signal, name) for name in _HELD_SIGNALS})


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM blocked in this thread for the duration, then let in: what the
    thread creates meanwhile inherits the block. Worker processes then cannot die of
    Ctrl-C before their initializer ignores it, and the executor's threads never take a
    signal the main thread must hear (a process-wide signal goes to any thread that does
    not block it, and a main thread blocked reading input would not wake). A signal that
    came meanwhile is delivered when the block ends. Elsewhere than the main thread of a
    POSIX process, Ctrl-C is ignored for the duration instead (it is then lost)."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield  # signals are the main thread's business
        return
    if not hasattr(signal, "pthread_sigmask"):
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {getattr(signal, name) for name in _HELD_SIGNALS})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _ready() -> None:
    """A task that does nothing: submitted once per worker, it starts the workers."""


def _score_stream(source: RecordSource, job: _Job, executor: ProcessPoolExecutor | None,
                  workers: int, chunk_size: int) -> Generator[_ChunkResult, None, None]:
    """Scored chunks in input order; with an *executor*, at most ``4 * workers`` in flight."""
    if executor is None:
        for chunk in _chunks(source, chunk_size):
            yield _score_chunk(job, chunk)
        return
    pending: deque[Future[_ChunkResult]] = deque()
    for chunk in _chunks(source, chunk_size):
        pending.append(executor.submit(_score_chunk, job, chunk))
        if len(pending) >= 4 * workers:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@contextlib.contextmanager
def _executor(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes, started before any input is opened (a clean fork).

    They ignore Ctrl-C from the start: the parent holds Ctrl-C and SIGTERM back while it
    creates them (`_signals_held`; a blocked signal stays blocked across the ``exec`` of
    the spawn and forkserver start methods), and the initializer ignores Ctrl-C for good
    before it lets them in. The executor's threads are created in the same moments, so
    they never take a signal meant for the main thread.

    Why this cannot hang: results come back through the executor's own thread, which keeps
    reading them while this process unwinds, so no worker blocks on a full pipe. On an
    exception (Ctrl-C, SIGTERM, a ``--strict`` stop) the chunks not yet started are
    cancelled, idle workers exit at once, and a busy one exits when its chunk is done (a
    chunk is bounded: ``--chunk-size`` records of at most ``max_completion_chars``
    each); a worker killed by a signal breaks the executor, which then fails every pending
    chunk at once instead of waiting on it.
    """
    if workers <= 1:
        yield None
        return
    executor: ProcessPoolExecutor | None = None
    try:
        with _signals_held():
            executor = ProcessPoolExecutor(workers, initializer=_ignore_sigint)
            started = [executor.submit(_ready) for _ in range(workers)]  # creates the processes and threads
        for future in started:  # a Ctrl-C while the workers boot ends the run like a later one
            future.result()
        yield executor
    except BaseException as exc:
        if executor is None:
            raise
        executor.shutdown(wait=False, cancel_futures=True)
        if isinstance(exc, Terminated):
            # SIGTERM means stop now. A worker killed by the same signal (a job scheduler
            # signals the whole process group) may die halfway through writing a result;
            # the executor's manager thread then waits on that pipe for good, and joining
            # it at exit would hang. End the workers here; `console_main` exits without
            # that join.
            processes = list((getattr(executor, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join(5)  # reap it: no zombie outlives this process
        raise
    else:
        executor.shutdown(wait=True)


# --------------------------------------------------------------------------- main


def _warn_missing(source: RecordSource, args: argparse.Namespace, err: IO[str]) -> None:
    if source.columns is None:
        return
    wanted = [(args.completion, "every record will be an error"),
              (args.solution, "answers cannot be checked"),
              (args.key_steps, "StepRAR gets no key-step credit")]
    if args.question is not None:
        wanted.append((args.question, "questions are not used"))
    if args.group is not None:
        wanted.append((args.group, "no groups"))
    for column, effect in wanted:
        if column not in source.columns:
            err.write(f"{PROG}: warning: {source.name} has no column '{column}': {effect} "
                      f"(columns: {', '.join(source.columns)})\n")


def _run(args: argparse.Namespace, config: RewardConfig) -> int:
    err = sys.stderr
    workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
    job = _Job(config, args.completion, args.solution, args.key_steps, args.question,
               args.group, args.id_column, args.explain, args.strict, args.plot is not None)
    columns = [args.completion, args.solution, args.key_steps, args.id_column,
               *([args.question] if args.question else ["question", "problem"]),
               *([args.group] if args.group else [])]
    start = time.perf_counter()
    summary = Summary.for_config(config, groups=args.group is not None,
                                  histograms=args.plot is not None)
    with _executor(workers) as executor, open_records(
            args.input, args.format, columns=columns, keep_empty=[args.completion],
            split=args.split) as source:
        _warn_missing(source, args, err)
        progress = Progress(err, source, err.isatty() if args.progress is None
                             else args.progress)
        stream = _score_stream(source, job, executor, workers, args.chunk_size)
        try:
            with atomic_output(args.output) as out:
                for result in stream:
                    out.write(result.text)
                    if result.stop is not None:
                        raise _StrictStop(f"{source.name}: {result.stop}")
                    summary.merge(result.summary)
                    progress.update(summary.records)
        finally:
            stream.close()
            progress.close(summary.records)
        info = summary.to_dict(source.name, source.format, time.perf_counter() - start, config)
    if not args.quiet:
        err.write(table(info))
    if args.summary_json:
        write_json(args.summary_json, info)
    if args.plot:
        plot(summary, info, args.plot)
    return 0


def _same_file(a: str | None, b: str | None) -> bool:
    if not a or not b or "-" in (a, b):
        return False
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist yet
        return os.path.realpath(a) == os.path.realpath(b)


def _prepare(args: argparse.Namespace) -> Callable[[], int]:
    """Check the arguments (``ValueError``: a usage error) and return the run."""
    if args.workers < 0 or args.chunk_size < 1:
        raise ValueError("--workers must be >= 0 and --chunk-size >= 1")
    for first, second, what in ((args.output, args.input, "-o/--output is the input file"),
                                (args.summary_json, args.input, "--summary-json is the input file"),
                                (args.summary_json, args.output, "--summary-json is the -o/--output file")):
        if _same_file(first, second):
            raise ValueError(f"{what} ({first}): it would be overwritten")
    config = _build_config(args)
    if args.plot:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise ValueError("--plot needs matplotlib: pip install matplotlib"
                             " (or pip install matplotlib)") from None
    return functools.partial(_run, args, config)


def main(argv: list[str] | None = None) -> int:
    """Run ``stepgrpo-score`` with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    return run_command(PROG, _build_parser(), argv, _prepare,
                       interrupted="interrupted; an output file (-o) was not written",
                       fatal=(_StrictStop,))


def console_main() -> None:
    """The ``stepgrpo-score`` command: `main`, with SIGTERM handled like Ctrl-C (exit 143,
    no partial output file)."""
    with terminate_as_interrupt():
        code = main()
    if code == 143:  # terminated: output cleaned up and said; skip the exit-time thread joins
        import multiprocessing

        deadline = time.monotonic() + 5
        while multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.05)  # reap the workers (the signal ends them): no zombie outlives us
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
