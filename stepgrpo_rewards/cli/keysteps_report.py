"""The report of ``stepgrpo-keysteps``: counts, failures by kind with examples, groups per
record, requests and retries, as a dict (``--summary-json``) and a table (standard error)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .llm import LLMClient

__all__ = ["Report", "table"]

PROG = "stepgrpo-keysteps"
_MAX_EXAMPLES = 10  # failed records listed in the report


@dataclass
class Report:
    """What a run of stepgrpo-keysteps did, record by record."""

    records: int = 0
    done: int = 0
    failed: int = 0
    sources: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    self_ratios: list[float] = field(default_factory=list)

    def add(self, out: Any) -> None:
        self.records += 1
        if out.error is not None:
            self.failed += 1
            self.reasons[out.error.partition(":")[0]] += 1
            if len(self.examples) < _MAX_EXAMPLES:
                where = f"line {out.line}" if out.line is not None else f"record {out.index}"
                self.examples.append(f"{where}: {out.error}")
            return
        self.done += 1
        self.sources[out.source] += 1
        if out.groups is not None:
            self.groups.append(len(out.groups))
        if out.self_ratio is not None:
            self.self_ratios.append(out.self_ratio)

    def to_dict(self, name: str, method: str, client: LLMClient | None, seconds: float) -> dict[str, Any]:
        g = self.groups
        info: dict[str, Any] = {
            "input": name, "method": method, "records": self.records,
            "done": self.done, "failed": self.failed,
            "kept": self.sources["kept"], "extracted": self.sources["rules"],
            "from_cache": self.sources["cache"], "from_llm": self.sources["llm"],
            "failed_by_kind": dict(self.reasons.most_common()),
            "failed_examples": list(self.examples),
            "groups_per_record": {
                "records": len(g),
                "mean": statistics.fmean(g) if g else None,
                "median": statistics.median(g) if g else None,
                "min": min(g) if g else None, "max": max(g) if g else None,
                "histogram": {str(k): v for k, v in sorted(Counter(g).items())},
            },
            "seconds": seconds,
        }
        if client is not None:
            info["requests"] = client.requests
            info["retries"] = client.retries
            info["self_match_mean"] = statistics.fmean(self.self_ratios) if self.self_ratios else None
        return info


def table(info: dict[str, Any]) -> str:
    rows = [f"{PROG}: {info['input']} ({info['method']})",
            f"  records              {info['records']:>8,}",
            f"  with key steps       {info['done']:>8,}   (new {info['extracted'] + info['from_llm']:,}"
            f", from cache {info['from_cache']:,}, kept {info['kept']:,})",
            f"  failed               {info['failed']:>8,}"
            + ("   " + ", ".join(f"{k} {v:,}" for k, v in info["failed_by_kind"].items())
               if info["failed"] else "")]
    rows += [f"    {example}" for example in info["failed_examples"]]
    if info["failed"] > len(info["failed_examples"]):
        rows.append(f"    ... and {info['failed'] - len(info['failed_examples']):,} more")
    g = info["groups_per_record"]
    if g["records"]:
        rows.append(f"  groups per record    mean {g['mean']:.2f}, median {g['median']:g}, "
                    f"min {g['min']}, max {g['max']}   (over {g['records']:,} records given key steps)")
        rows.append("    histogram          " + "  ".join(f"{k}:{v}" for k, v in g["histogram"].items()))
    if "requests" in info:
        rows.append(f"  requests             {info['requests']:>8,}   ({info['retries']:,} retries)")
        if info["self_match_mean"] is not None:
            rows.append(f"  self-match ratio     {info['self_match_mean']:>8.3f}   (how much of its "
                        "key steps each solution itself contains)")
    rows.append(f"  {info['seconds']:.2f} s")
    return "\n".join(rows) + "\n"
