"""The summary of a scoring run: running moments, problem counts, group ties, the
table printed on standard error, the optional plot, and the progress bar.

Memory stays flat in the number of records (except one entry per group with
``--group``), so `stepgrpo-score` can summarise a million records while streaming.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import asdict
from typing import IO, Any, NamedTuple

from ..config import RewardConfig
from .output import atomic_output
from .records import RecordSource

PROG = "stepgrpo-score"

_HIST_BINS = 100
_TIE_TOL = 1e-9
_METRICS = (("step_rar", "StepRAR"), ("step_rvr", "StepRVR"), ("total", "total"))


class Scored(NamedTuple):
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


class Failed(NamedTuple):
    """A record that could not be scored."""

    kind: str
    reason: str
    where: str


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


class Summary:
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
    def for_config(cls, config: RewardConfig, *, groups: bool, histograms: bool) -> Summary:
        ranges = {"step_rar": config.answer_reward + config.alpha,
                  "step_rvr": config.validity_reward, "total": config.max_total}
        return cls(ranges, groups=groups, histograms=histograms)

    def add(self, stat: Scored | Failed) -> None:
        self.records += 1
        if isinstance(stat, Failed):
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

    def merge(self, other: Summary) -> None:
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


def table(s: dict[str, Any]) -> str:
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


def plot(summary: Summary, info: dict[str, Any], path: str) -> None:
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


class Progress:
    """The progress bar on standard error: `tqdm`, from the ``cli`` extra.

    Counted in records when the input says how many it holds (Parquet, saved datasets),
    else in bytes of the input read (files), else records alone (standard input). Without
    tqdm installed there is no bar, and a one-line note says how to get one.
    """

    def __init__(self, stream: IO[str], source: RecordSource, enabled: bool) -> None:
        self.source, self.bar, self.by_bytes = source, None, False
        if not enabled:
            return
        try:
            from tqdm import tqdm
        except ImportError:
            stream.write(f"{PROG}: note: no progress bar without tqdm: "
                         'pip install tqdm\n')
            return
        size = source.size if source.total is None and source.progress() is not None else None
        self.by_bytes = size is not None
        self.bar = tqdm(total=source.total if size is None else size, file=stream,
                        desc="scoring", unit="B" if self.by_bytes else " records",
                        unit_scale=self.by_bytes, unit_divisor=1024, mininterval=0.2,
                        dynamic_ncols=True)

    def update(self, done: int) -> None:
        if self.bar is None:
            return
        if not self.by_bytes:
            self.bar.update(done - self.bar.n)
            return
        self.bar.set_postfix_str(f"{done:,} records", refresh=False)
        frac = self.source.progress() or 0.0
        self.bar.update(round(frac * (self.bar.total or 0)) - self.bar.n)

    def close(self, done: int) -> None:
        if self.bar is not None:
            self.update(done)
            self.bar.close()
