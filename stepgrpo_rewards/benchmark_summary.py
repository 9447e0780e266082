"""Summaries of verdicts: accuracy per benchmark and category, and the paper's table beside them.

`summarize_verdicts` gives, per benchmark, the accuracy and unreadable rate (overall and
per category) and the benchmark's own aggregates (HallusionBench aAcc / fAcc / qAcc, MME
perception and cognition scores, DynaMath worst-case accuracy), with and without a
judge's verdicts; `format_table` prints them as Markdown next to `PAPER_RESULTS`. Only
arithmetic on finished verdicts, so it is apart from the row readers and the answer
rules; the public names are re-exported by `stepgrpo_rewards.benchmark_scoring`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .benchmark_items import BENCHMARKS, BenchmarkItem
from .benchmark_verdicts import Verdict

__all__ = ["PAPER_RESULTS", "format_table", "summarize_verdicts"]

#: The paper's accuracy (%) per benchmark (R1-VL, arXiv 2503.12937, main table).
PAPER_RESULTS: dict[str, dict[str, float]] = {
    "Qwen2-VL-2B": {"mathvista": 43.0, "mmstar": 48.0, "mathvision": 12.4, "chartqa": 73.5,
                    "dynamath": 24.9, "hallusionbench": 41.7, "mathverse": 19.7},
    "R1-VL-2B": {"mathvista": 52.1, "mmstar": 49.8, "mathvision": 17.1, "chartqa": 75.2,
                 "dynamath": 29.4, "hallusionbench": 44.0, "mathverse": 26.2},
    "Qwen2-VL-7B": {"mathvista": 58.2, "mmstar": 60.7, "mathvision": 16.3, "chartqa": 83.0,
                    "dynamath": 42.1, "hallusionbench": 50.6, "mathverse": 32.5},
    "R1-VL-7B": {"mathvista": 63.5, "mmstar": 60.0, "mathvision": 24.7, "chartqa": 83.9,
                 "dynamath": 45.2, "hallusionbench": 54.7, "mathverse": 40.0},
}


# -- aggregates -------------------------------------------------------------------------------


def _rate(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def _group_rate(items: Sequence[BenchmarkItem], correct: Sequence[bool], prefix: str) -> float | None:
    """Share of the groups named ``prefix:...`` whose every question is answered correctly."""
    groups: dict[str, bool] = {}
    for item, ok in zip(items, correct, strict=True):
        for g in item.groups:
            if g.startswith(prefix):
                groups[g] = groups.get(g, True) and ok
    return _rate(list(groups.values()))


_MME_PERCEPTION = ("existence", "count", "position", "color", "posters", "celebrity", "scene",
                   "landmark", "artwork", "OCR")
_MME_COGNITION = ("commonsense_reasoning", "numerical_calculation", "text_translation",
                  "code_reasoning")


def _extras(benchmark: str, items: Sequence[BenchmarkItem], correct: Sequence[bool]) -> dict[str, Any]:
    """Each benchmark's own aggregates beyond per-question accuracy."""
    if benchmark == "hallusionbench":
        a = _rate(correct)
        f = _group_rate(items, correct, "figure:")
        q = _group_rate(items, correct, "question:")
        parts = [x for x in (a, f, q) if x is not None]
        return {"aAcc": a, "fAcc": f, "qAcc": q, "overall": sum(parts) / len(parts) if parts else None}
    if benchmark == "mme":
        scores: dict[str, float] = {}
        by_cat: dict[str, list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            by_cat[item.category].append(i)
        for cat, idx in by_cat.items():
            acc = _rate([correct[i] for i in idx]) or 0.0
            plus = _group_rate([items[i] for i in idx], [correct[i] for i in idx], "image:") or 0.0
            scores[cat] = 100 * (acc + plus)
        return {
            "category_scores": dict(sorted(scores.items())),
            "perception": sum(v for k, v in scores.items() if k in _MME_PERCEPTION),
            "cognition": sum(v for k, v in scores.items() if k in _MME_COGNITION),
        }
    if benchmark == "dynamath":
        return {"worst_case_accuracy": _group_rate(items, correct, "seed:")}
    return {}


def summarize_verdicts(items: Sequence[BenchmarkItem], verdicts: Sequence[Verdict],
                       judged: Sequence[Verdict | None] | None = None) -> dict[str, Any]:
    """Per benchmark: ``n``, ``accuracy``, ``unreadable_rate``, ``categories`` (the same
    per category) and the benchmark's own aggregates (HallusionBench aAcc / fAcc / qAcc,
    MME perception and cognition scores, DynaMath worst-case accuracy). Rates are in
    [0, 1]. With *judged* (a judge's verdict for some unreadable answers, ``None``
    elsewhere), ``accuracy_with_judge`` and ``unreadable_rate_with_judge`` too.

    Raises `ValueError` when the sequences differ in length.

    Examples:
        >>> from stepgrpo_rewards.benchmark_scoring import benchmark_item, score_response
        >>> item = benchmark_item("mme", {"question_id": "a.jpg", "question": "Dog?",
        ...                              "answer": "No", "category": "existence"})
        >>> summarize_verdicts([item], [score_response(item, "No")])["mme"]["accuracy"]
        1.0
    """
    if len(items) != len(verdicts) or (judged is not None and len(judged) != len(items)):
        raise ValueError("items, verdicts and judged verdicts must have the same length")
    out: dict[str, Any] = {}
    by_bench: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        by_bench[item.benchmark].append(i)
    order = [b for b in BENCHMARKS if b in by_bench] + sorted(set(by_bench) - set(BENCHMARKS))
    for bench in order:
        idx = by_bench[bench]
        b_items = [items[i] for i in idx]
        correct = [verdicts[i].correct for i in idx]
        unreadable = [verdicts[i].unreadable for i in idx]
        cats: dict[str, list[int]] = defaultdict(list)
        for j, item in enumerate(b_items):
            cats[item.category].append(j)
        entry: dict[str, Any] = {
            "n": len(idx),
            "accuracy": _rate(correct),
            "unreadable_rate": _rate(unreadable),
            "categories": {
                cat: {"n": len(js), "accuracy": _rate([correct[j] for j in js]),
                      "unreadable_rate": _rate([unreadable[j] for j in js])}
                for cat, js in sorted(cats.items())
            },
        }
        entry.update(_extras(bench, b_items, correct))
        if judged is not None:
            final = [judged[i] or verdicts[i] for i in idx]
            entry["accuracy_with_judge"] = _rate([v.correct for v in final])
            entry["unreadable_rate_with_judge"] = _rate([v.unreadable for v in final])
            entry["judged"] = sum(judged[i] is not None for i in idx)
            extra = _extras(bench, b_items, [v.correct for v in final])
            if extra:
                entry["with_judge"] = extra
        out[bench] = entry
    return out


def _headline(bench: str, entry: Mapping[str, Any], key: str = "accuracy") -> float | None:
    if bench == "hallusionbench" and key == "accuracy":
        value = entry.get("overall")
    elif bench == "hallusionbench":
        value = (entry.get("with_judge") or {}).get("overall")
    else:
        value = entry.get(key)
    return None if value is None else 100 * value


def format_table(summary: Mapping[str, Any], *, paper: Iterable[str] = ("R1-VL-2B", "R1-VL-7B")) -> str:
    """A Markdown table of *summary* (from `summarize_verdicts`) beside the paper's numbers:
    accuracy (%) per benchmark (HallusionBench: the mean of aAcc, fAcc and qAcc, as
    VLMEvalKit reports it), the unreadable rate, rules+judge accuracy when judged, and
    the columns of *paper* (keys of `PAPER_RESULTS`)."""
    models = [m for m in paper if m in PAPER_RESULTS]
    judged = any("accuracy_with_judge" in e for e in summary.values())
    head = ["benchmark", "n", "rules", *(["rules+judge"] if judged else []), "unreadable", *models]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]

    def cell(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    for bench, entry in summary.items():
        row = [bench, str(entry["n"]), cell(_headline(bench, entry))]
        if judged:
            row.append(cell(_headline(bench, entry, "accuracy_with_judge")))
        unread = entry.get("unreadable_rate")
        row.append(cell(None if unread is None else 100 * unread))
        row += [cell(PAPER_RESULTS[m].get(bench)) for m in models]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
