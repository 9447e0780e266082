"""``stepgrpo-score``: StepGRPO scores for a file of reasoning traces.

Reads JSON lines, a JSON list, CSV/TSV, Parquet or a saved Hugging Face dataset
(``-`` for standard input), scores every record with `score_trace`, and writes
one JSON line per input record, in input order: ``index`` (0-based), ``id``
when the input has an ``id`` column, ``group`` with ``--group``, then every field
of ``TraceScore.to_dict()``. A record that cannot be read is written as
``{"index": i, "error": "kind: detail"}`` and counted, never dropped; with
``--strict`` the first such record (or a score with an input problem such as
``bad_key_steps``) stops the run with exit code 2. A summary table goes to
standard error.

Exit codes: 0 done; 2 bad arguments, unreadable input, or a bad record under
``--strict``; 1 an unexpected error; 130 interrupted.

Example:
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
import json
import math
import os
import sys
import time
import traceback
from collections import Counter, deque
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass, fields
from typing import IO, Any, NamedTuple

from . import INPUT_PROBLEM_KINDS, RewardConfig, problem_kind, score_trace
from ._version import __version__
from .io_records import FORMATS, BadRecord, InputError, RecordSource, atomic_output, open_records

__all__ = ["main"]

PROG = "stepgrpo-score"
_DEFAULT_CONFIG = RewardConfig()
_CONFIG_FIELDS = tuple(f.name for f in fields(RewardConfig))
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_MISSING = object()
_HIST_BINS = 100
_TIE_TOL = 1e-9
_METRICS = (("step_rar", "StepRAR"), ("step_rvr", "StepRVR"), ("total", "total"))


class _Scored(NamedTuple):
    """What the summary needs of one scored record (sent back from a worker)."""

    correct: bool
    valid: bool
    ratio: float
    key_steps_total: int
    step_rar: float
    step_rvr: float
    total: float
    kinds: tuple[str, ...]
    group: Any
    input_problem: str | None  # the first problem of an INPUT_PROBLEM_KINDS kind
    where: str


class _Failed(NamedTuple):
    """A record that could not be scored."""

    kind: str
    reason: str
    where: str


class _StrictStop(Exception):
    """A bad record under ``--strict``; the message names where and why."""


class _BadField(Exception):
    """A field of a record has the wrong type or is missing; message is a problem string."""


# --------------------------------------------------------------------------- arguments


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Score reasoning traces with the StepGRPO rewards (StepRAR + StepRVR "
        "from R1-VL) and write one JSON line per input record.",
        epilog="Exit codes: 0 done, 2 bad arguments/input or a bad record with --strict, "
        "1 unexpected error. Config keys: " + ", ".join(_CONFIG_FIELDS) + ".",
    )
    p.add_argument("input", help="JSONL, JSON list, CSV/TSV, Parquet file, a directory written "
                   "by Dataset.save_to_disk, or '-' for standard input (JSONL or a JSON list)")
    p.add_argument("-o", "--output", metavar="FILE", default="-",
                   help="where the JSON lines go (default: standard output); written to a "
                   "temporary file and renamed into place when the run succeeds")
    p.add_argument("--format", choices=FORMATS, help="input format (default: from the file "
                   "name and its first bytes)")
    p.add_argument("--split", help="split of a saved DatasetDict (needed when it has several)")
    g = p.add_argument_group("columns")
    g.add_argument("--completion", default="completion", metavar="COL",
                   help="the model output: a string or chat messages (default: %(default)s)")
    g.add_argument("--solution", default="solution", metavar="COL",
                   help="the reference solution or gold answer (default: %(default)s)")
    g.add_argument("--key-steps", default="key_steps", metavar="COL",
                   help="key steps, any shape the library reads; a JSON string in CSV "
                   "(default: %(default)s)")
    g.add_argument("--question", metavar="COL",
                   help="the question, for answer matching (default: 'question', else 'problem')")
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


def _parse_value(key: str, text: str) -> Any:
    default = getattr(_DEFAULT_CONFIG, key)
    if isinstance(default, bool):
        low = text.strip().lower()
        if low in _TRUE or low in _FALSE:
            return low in _TRUE
        raise ValueError(f"{key} takes true or false, got {text!r}")
    try:
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text)
    except ValueError:
        kind = "an integer" if isinstance(default, int) else "a number"
        raise ValueError(f"{key} takes {kind}, got {text!r}") from None
    return text


def _build_config(args: argparse.Namespace) -> RewardConfig:
    values: dict[str, Any] = {}
    for item in args.config:
        key, sep, text = item.partition("=")
        key = key.strip().replace("-", "_")
        if not sep:
            raise ValueError(f"--config takes KEY=VALUE, got {item!r}")
        if key not in _CONFIG_FIELDS:
            raise ValueError(f"unknown config key {key!r}; known: {', '.join(_CONFIG_FIELDS)}")
        values[key] = _parse_value(key, text)
    for key in ("alpha", "fuzzy_threshold", "key_step_scope"):
        if getattr(args, key) is not None:
            values[key] = getattr(args, key)
    return RewardConfig(**values)


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


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _content_text(content: Any, column: str) -> str | None:
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, list):  # multimodal parts: [{"type": "text", "text": ...}, ...]
        parts = [c if isinstance(c, str) else c.get("text") for c in content
                 if isinstance(c, str) or (isinstance(c, dict) and c.get("type", "text") == "text")]
        texts = [t for t in parts if isinstance(t, str)]
        if len(texts) == len(parts):
            return "".join(texts)
    raise _BadField(f"wrong_type: column '{column}' holds a message whose content is a "
                    f"{_json_type(content)}, expected a string")


def _as_text(value: Any, column: str, *, numbers: bool) -> str | None:
    """A string field, or the assistant's text of TRL's conversational shape."""
    if value is None or isinstance(value, str):
        return value
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    messages = [value] if isinstance(value, dict) else value
    if isinstance(messages, list) and messages and all(
            isinstance(m, dict) and "content" in m for m in messages):
        replies = [m for m in messages if m.get("role") == "assistant"] or messages
        return _content_text(replies[-1]["content"], column)
    raise _BadField(f"wrong_type: column '{column}' holds a {_json_type(value)}, expected a "
                    "string or chat messages")


def _key_steps(value: Any) -> Any:
    if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except ValueError:
            return value  # the library reports what it cannot read
    return value


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


def _group_key(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, sort_keys=True, default=str)


def _where(line: int | None, index: int) -> str:
    return f"line {line}" if line is not None else f"record {index + 1} (index {index})"


def _score_item(job: _Job, index: int, line: int | None,
                payload: Any) -> tuple[str, _Scored | _Failed]:
    head: dict[str, Any] = {"index": index}
    record = payload
    try:
        if isinstance(payload, bytes):
            try:
                record = json.loads(payload)
            except ValueError as exc:  # UnicodeDecodeError included
                raise _BadField(f"invalid_json: {exc}") from None
        if isinstance(record, BadRecord):
            raise _BadField(record.reason)
        if not isinstance(record, dict):
            raise _BadField(f"not_an_object: the record is a JSON {_json_type(record)}")
        if job.id_column in record:
            head["id"] = _jsonable(record[job.id_column])
        if job.group is not None:
            head["group"] = _jsonable(record.get(job.group))
        completion = record.get(job.completion, _MISSING)
        if completion is _MISSING:
            raise _BadField(f"missing_column: no '{job.completion}' in the record")
        completion = _as_text(completion, job.completion, numbers=False)
        solution = _as_text(record.get(job.solution), job.solution, numbers=True)
        if job.question is not None:
            question = record.get(job.question)
        else:
            question = record.get("question")
            if question is None:
                question = record.get("problem")
        question = _as_text(question, job.question or "question", numbers=True)
        key_steps = _key_steps(record.get(job.key_steps))
    except _BadField as exc:
        reason = str(exc)
        if line is not None:
            head["line"] = line
        head["error"] = reason
        return json.dumps(head) + "\n", _Failed(problem_kind(reason), reason, _where(line, index))
    score = score_trace(completion, solution, key_steps, question=question, config=job.config)
    out = head | score.to_dict(explain=job.explain)
    kinds = tuple(dict.fromkeys(problem_kind(p) for p in score.problems))
    bad_input = next((p for p in score.problems if problem_kind(p) in INPUT_PROBLEM_KINDS), None)
    stat = _Scored(score.answer_correct, score.valid, score.key_step_ratio, score.key_steps_total,
                   score.accuracy, score.validity, score.total, kinds,
                   _group_key(head.get("group")), bad_input, _where(line, index))
    return json.dumps(out) + "\n", stat


class _ChunkResult(NamedTuple):
    """A scored chunk: its output lines, their summary, and where ``--strict`` stopped."""

    text: str
    summary: _Summary
    stop: str | None  # "where: reason" of the first bad record under --strict


def _score_chunk(job: _Job, chunk: list[tuple[int, int | None, Any]]) -> _ChunkResult:
    """Score a chunk and summarise it in the worker, so the parent only merges."""
    summary = _Summary.for_config(job.config, groups=job.group is not None,
                                  histograms=job.histograms)
    lines: list[str] = []
    for index, line, payload in chunk:
        text, stat = _score_item(job, index, line, payload)
        reason = stat.reason if isinstance(stat, _Failed) else stat.input_problem
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


def _ignore_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _score_stream(source: RecordSource, job: _Job, pool: Any, workers: int,
                  chunk_size: int) -> Generator[_ChunkResult, None, None]:
    """Scored chunks in input order; with a *pool*, at most ``4 * workers`` in flight."""
    if pool is None:
        for chunk in _chunks(source, chunk_size):
            yield _score_chunk(job, chunk)
        return
    pending: deque[Any] = deque()
    for chunk in _chunks(source, chunk_size):
        pending.append(pool.apply_async(_score_chunk, (job, chunk)))
        if len(pending) >= 4 * workers:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _pool(workers: int) -> contextlib.AbstractContextManager[Any]:
    """Worker processes, started before any input is opened (a clean fork)."""
    if workers <= 1:
        return contextlib.nullcontext()
    import multiprocessing

    return multiprocessing.get_context().Pool(workers, initializer=_ignore_sigint)


# --------------------------------------------------------------------------- summary


class _Moments:
    """Running mean, population std, min and max (Welford)."""

    __slots__ = ("n", "mean", "m2", "lo", "hi")

    def __init__(self) -> None:
        self.n, self.mean, self.m2 = 0, 0.0, 0.0
        self.lo, self.hi = math.inf, -math.inf

    def add(self, x: float) -> None:
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)
        self.lo, self.hi = min(self.lo, x), max(self.hi, x)

    def merge(self, other: _Moments) -> None:
        """Fold in the moments of other values (Chan et al.'s parallel update)."""
        if not other.n:
            return
        n = self.n + other.n
        delta = other.mean - self.mean
        self.mean += delta * other.n / n
        self.m2 += other.m2 + delta * delta * self.n * other.n / n
        self.n = n
        self.lo, self.hi = min(self.lo, other.lo), max(self.hi, other.hi)

    def to_dict(self) -> dict[str, float | None]:
        if not self.n:
            return {"mean": None, "std": None, "min": None, "max": None}
        return {"mean": self.mean, "std": math.sqrt(self.m2 / self.n), "min": self.lo,
                "max": self.hi}


class _Summary:
    """Everything the summary reports, kept in memory that does not grow with the
    number of records (except one entry per group with ``--group``)."""

    def __init__(self, ranges: dict[str, float], *, groups: bool, histograms: bool) -> None:
        self.records = self.errors = self.scored = self.correct = self.valid = 0
        self.with_key_steps, self.ratio_sum = 0, 0.0
        self.error_kinds: Counter[str] = Counter()
        self.problem_kinds: Counter[str] = Counter()
        self.moments = {name: _Moments() for name, _ in _METRICS}
        self.groups: dict[Any, list[float]] | None = {} if groups else None
        self.ungrouped = 0
        self.ranges = ranges  # histogram ranges [0, hi] of each metric
        self.hist = {name: [0] * _HIST_BINS for name, _ in _METRICS} if histograms else None

    @classmethod
    def for_config(cls, config: RewardConfig, *, groups: bool, histograms: bool) -> _Summary:
        ranges = {"step_rar": config.answer_reward + config.alpha,
                  "step_rvr": config.validity_reward, "total": config.max_total}
        return cls(ranges, groups=groups, histograms=histograms)

    def add(self, stat: _Scored | _Failed) -> None:
        self.records += 1
        if isinstance(stat, _Failed):
            self.errors += 1
            self.error_kinds[stat.kind] += 1
            return
        correct, valid, ratio, ks_total, acc, val, total, kinds, group, _, _ = stat
        self.scored += 1
        self.correct += bool(correct)
        self.valid += bool(valid)
        if ks_total:
            self.with_key_steps += 1
            self.ratio_sum += ratio
        self.problem_kinds.update(kinds)
        for name, value in zip(("step_rar", "step_rvr", "total"), (acc, val, total), strict=True):
            self.moments[name].add(value)
            if self.hist is not None:
                hi = self.ranges[name] or 1.0
                self.hist[name][min(max(int(value / hi * _HIST_BINS), 0), _HIST_BINS - 1)] += 1
        if self.groups is not None:
            if group is None:
                self.ungrouped += 1
            elif (entry := self.groups.get(group)) is None:
                self.groups[group] = [total, total, 1]
            else:
                entry[0], entry[1] = min(entry[0], total), max(entry[1], total)
                entry[2] += 1

    def merge(self, other: _Summary) -> None:
        """Fold in the summary of the records that follow (a worker's chunk)."""
        for name in ("records", "errors", "scored", "correct", "valid", "with_key_steps",
                     "ratio_sum", "ungrouped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.error_kinds.update(other.error_kinds)
        self.problem_kinds.update(other.problem_kinds)
        for name, moments in self.moments.items():
            moments.merge(other.moments[name])
        if self.hist is not None and other.hist is not None:
            for name, counts in self.hist.items():
                self.hist[name] = [a + b for a, b in zip(counts, other.hist[name], strict=True)]
        if self.groups is not None and other.groups is not None:
            for key, (lo, hi, n) in other.groups.items():
                if (entry := self.groups.get(key)) is None:
                    self.groups[key] = [lo, hi, n]
                else:
                    entry[0], entry[1] = min(entry[0], lo), max(entry[1], hi)
                    entry[2] += n

    def to_dict(self, name: str, fmt: str, seconds: float,
                config: RewardConfig) -> dict[str, Any]:
        def rate(k: int, n: int) -> float | None:
            return k / n if n else None

        out: dict[str, Any] = {
            "input": name, "format": fmt,
            "records": self.records, "scored": self.scored, "errors": self.errors,
            "errors_by_kind": dict(self.error_kinds.most_common()),
            "answer_accuracy": rate(self.correct, self.scored),
            "validity_rate": rate(self.valid, self.scored),
            "key_step_ratio_mean": self.ratio_sum / self.with_key_steps
            if self.with_key_steps else None,
            "records_with_key_steps": self.with_key_steps,
        }
        out.update({name_: self.moments[name_].to_dict() for name_, _ in _METRICS})
        out["problems_by_kind"] = dict(self.problem_kinds.most_common())
        if self.groups is not None:
            tied = sum(1 for lo, hi, _ in self.groups.values() if hi - lo <= _TIE_TOL)
            out["groups"] = {
                "groups": len(self.groups), "all_tied": tied,
                "tie_fraction": rate(tied, len(self.groups)),
                "singletons": sum(1 for *_, n in self.groups.values() if n == 1),
                "records_without_group": self.ungrouped,
            }
        out["config"] = asdict(config)
        out["seconds"] = seconds
        out["records_per_second"] = self.records / seconds if seconds > 0 else None
        return out


def _fmt(x: float | None, spec: str = ".4f") -> str:
    return "-" if x is None else format(x, spec)


def _table(s: dict[str, Any]) -> str:
    n = s["scored"]
    rows = [f"{PROG} summary: {s['input']} ({s['format']})",
            f"  records               {s['records']:>10,}",
            f"  scored                {n:>10,}",
            f"  errors                {s['errors']:>10,}"
            + (("   " + ", ".join(f"{k} {v:,}" for k, v in s["errors_by_kind"].items()))
               if s["errors"] else ""),
            f"  answer accuracy       {_fmt(s['answer_accuracy']):>10}",
            f"  validity rate         {_fmt(s['validity_rate']):>10}",
            f"  mean key-step ratio   {_fmt(s['key_step_ratio_mean']):>10}"
            f"   (over {s['records_with_key_steps']:,} records with key steps)",
            "",
            f"  {'':<10}{'mean':>9}{'std':>9}{'min':>9}{'max':>9}"]
    for key, label in _METRICS:
        m = s[key]
        rows.append(f"  {label:<10}" + "".join(f"{_fmt(m[c]):>9}"
                                              for c in ("mean", "std", "min", "max")))
    if s["problems_by_kind"]:
        rows += ["", f"  {'problems by kind':<28}{'records':>9}{'share':>9}"]
        rows += [f"    {k:<26}{v:>9,}{v / n:>9.1%}" for k, v in s["problems_by_kind"].items()]
    if "groups" in s:
        g = s["groups"]
        rows += ["", f"  groups                {g['groups']:>10,}"
                 + (f"   ({g['singletons']:,} with one record)" if g["singletons"] else ""),
                 f"  all totals tie        {g['all_tied']:>10,}   "
                 f"({_fmt(g['tie_fraction'], '.1%')} of groups: zero GRPO advantage)"]
        if g["records_without_group"]:
            rows.append(f"  records without group {g['records_without_group']:>10,}")
    if s["records_per_second"]:
        rows += ["", f"  {s['seconds']:.2f} s, {s['records_per_second']:,.0f} records/s"]
    return "\n".join(rows) + "\n"


def _plot(summary: _Summary, info: dict[str, Any], path: str) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(13, 3.8), layout="constrained")
    for ax, (name, label) in zip(fig.subplots(1, 3), _METRICS, strict=True):
        hi = summary.ranges[name] or 1.0
        edges = [hi * i / _HIST_BINS for i in range(_HIST_BINS + 1)]
        assert summary.hist is not None
        ax.stairs(summary.hist[name], edges, fill=True)
        mean = info[name]["mean"]
        ax.set_title(f"{label} (mean {_fmt(mean, '.3f')})")
        ax.set_xlabel("reward")
        ax.set_ylabel("records")
    fig.suptitle(f"{info['input']}: {info['scored']:,} scored records")
    ext = os.path.splitext(path)[1].lstrip(".").lower() or "png"
    with atomic_output(path, binary=True) as out:
        fig.savefig(out, format=ext, dpi=110)


class _Progress:
    """A one-line progress report on a stream, at most five updates a second."""

    def __init__(self, stream: IO[str], source: RecordSource, enabled: bool) -> None:
        self.stream, self.source, self.enabled = stream, source, enabled
        self.start = time.perf_counter()
        self.last, self.width = 0.0, 0

    def update(self, done: int, *, force: bool = False) -> None:
        now = time.perf_counter()
        if not self.enabled or (not force and now - self.last < 0.2):
            return
        self.last = now
        elapsed = max(now - self.start, 1e-9)
        text = f"scoring: {done:,} records, {done / elapsed:,.0f}/s"
        frac = self.source.progress()
        if frac is not None:
            bar = "#" * int(frac * 24)
            eta = elapsed / frac - elapsed if frac > 0 else 0.0
            text = f"scoring [{bar:<24}] {frac:6.1%}  {done:,} records, " \
                   f"{done / elapsed:,.0f}/s, eta {eta:,.0f} s"
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self, done: int) -> None:
        if self.enabled:
            self.update(done, force=True)
            self.stream.write("\n")
            self.stream.flush()


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
    summary = _Summary.for_config(config, groups=args.group is not None,
                                  histograms=args.plot is not None)
    with _pool(workers) as pool, open_records(
            args.input, args.format, columns=columns, keep_empty=[args.completion],
            split=args.split) as source:
        _warn_missing(source, args, err)
        progress = _Progress(err, source, err.isatty() if args.progress is None
                             else args.progress)
        stream = _score_stream(source, job, pool, workers, args.chunk_size)
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
        err.write(_table(info))
    if args.summary_json:
        with atomic_output(args.summary_json) as f:
            json.dump(info, f, indent=2)
            f.write("\n")
    if args.plot:
        _plot(summary, info, args.plot)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run ``stepgrpo-score`` with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (already printed)
        return exc.code if isinstance(exc.code, int) else 2
    err = sys.stderr
    try:
        if args.workers < 0 or args.chunk_size < 1:
            raise ValueError("--workers must be >= 0 and --chunk-size >= 1")
        config = _build_config(args)
        if args.plot:
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                raise ValueError("--plot needs matplotlib: pip install 'stepgrpo-rewards[plot]'"
                                 " (or pip install matplotlib)") from None
    except (ValueError, TypeError) as exc:
        parser.print_usage(err)
        err.write(f"{PROG}: error: {exc}\n")
        return 2
    try:
        return _run(args, config)
    except (InputError, _StrictStop) as exc:
        err.write(f"{PROG}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        err.write(f"{PROG}: interrupted; the output file was not written\n")
        return 130
    except BrokenPipeError:  # e.g. `stepgrpo-score x.jsonl | head`
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 1
    except Exception:
        traceback.print_exc(file=err)
        err.write(f"{PROG}: unexpected error (a bug: please report it with the traceback)\n")
        return 1
