"""The per-benchmark answer rules: a response or an answer judged against a `BenchmarkItem`.

`score_response` reads the answer a response commits to and `score_answer` judges it:
the core `answers_equivalent` decides, except where a benchmark states its own rule
(MathVista's rounding to the row's precision, ChartQA's 5% relaxed accuracy, DynaMath's
0.001 tolerance, lists compared element-wise); an answer with nothing of the form the
benchmark asks for is *unreadable*. `compute_score` wraps both in verl's and
lmms-eval's calling convention. Responses are untrusted model output: every read is
bounded in length, and no function here raises on a response. Apart from the row
readers (`stepgrpo_rewards.benchmark_items`) so that a rule change touches one module;
the public names are re-exported by `stepgrpo_rewards.benchmark_scoring`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .answer import extract_answer
from .benchmark_items import (
    _LETTERS,
    _NUMBER_ANSWER,
    BenchmarkItem,
    _choice_list,
    benchmark_item,
    benchmark_name,
)
from .config import DEFAULT_CONFIG, RewardConfig
from .equivalence import answers_equivalent

__all__ = [
    "MAX_BARE_ANSWER_CHARS",
    "MAX_BARE_WRONG_CHARS",
    "MAX_RESPONSE_CHARS",
    "Verdict",
    "compute_score",
    "score_answer",
    "score_response",
]

#: Responses longer than this are read from their end only (the answer comes last).
MAX_RESPONSE_CHARS = 20_000
#: A response with no committed answer counts as the answer itself when it is one
#: paragraph of at most this many characters ("B", "Yes, there is a cat.").
MAX_BARE_ANSWER_CHARS = 200
#: A response with no committed answer that is read whole and judged wrong counts as a
#: wrong answer when it is at most this long ("A or B", "14 or 15"), else as unreadable.
MAX_BARE_WRONG_CHARS = 40
_NOT_UNITS = frozenset({"or", "and", "not", "nor", "maybe", "either", "to", "x", "e"})
# No \s* around the group (the caller strips it): "\s*(.*?)\s*" backtracks cubically.
_WRAPPERS = re.compile(r"^(?:\$\$?|\\\(|\\\[|\*\*)(.*?)(?:\$\$?|\\\)|\\\]|\*\*)$", re.DOTALL)
_YES_NO_WORD = re.compile(r"\b(?:yes|no)\b", re.IGNORECASE)
_DIGIT_OR_MATH = re.compile(r"\d|\\(?:frac|sqrt|pi)|π|√")
_PERCENT = re.compile(r"percent|%", re.IGNORECASE)
_LIST_ANSWER = re.compile(r"[\[(]?\s*[-−+]?\d[\d.,\s;−+-]*[\])]?")
_LIST_NUMBER = re.compile(r"[-−+]?\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The verdict on one response: *correct*, *unreadable* (no answer of the form the
    benchmark asks for could be read; then *correct* is false), the answer read
    (*predicted*) and a short *reason*."""

    correct: bool
    unreadable: bool
    predicted: str | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- verdicts ---------------------------------------------------------------------------------


def _answer_of(response: str) -> tuple[str | None, bool]:
    """The answer a response commits to, and whether it committed (a marker, not a short
    response read whole: one with no marker is its own answer)."""
    text = response[-MAX_RESPONSE_CHARS:]
    answer = extract_answer(text)
    if answer is not None:
        return answer.strip()[: MAX_BARE_ANSWER_CHARS * 10] or None, True
    bare = text.strip()
    if bare and len(bare) <= MAX_BARE_ANSWER_CHARS and "\n\n" not in bare:
        return bare, False
    return None, False


def _unwrap(answer: str) -> str:
    """*answer* without math or bold wrappers (``$1.2$``, ``\\(5\\)``, ``**C**``) and a final period."""
    text = answer.strip()
    for _ in range(3):
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1].rstrip()
        m = _WRAPPERS.match(text)
        if not m:
            break
        text = m.group(1).strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip()
    return text


def _number(answer: str) -> tuple[float, bool] | None:
    """``(value, is_percent)`` when *answer* is one number alone (with an optional
    currency sign, percent sign or short unit), else ``None``."""
    if len(answer) > 200:
        return None
    text = _unwrap(answer)
    if len(text) > 64:
        return None
    m = _NUMBER_ANSWER.fullmatch(text)
    if m is None or (m.group(3) and m.group(3).lower() in _NOT_UNITS):
        return None
    try:
        value = float(m.group(1).replace(",", "").replace("−", "-"))
    except ValueError:
        return None
    return (value, bool(m.group(2))) if math.isfinite(value) else None


def _options_question(item: BenchmarkItem) -> str | None:
    if not item.options:
        return None
    # Trailing periods off ("The cat is on the mat." is the option "The cat is on the mat").
    return _choice_list([o.rstrip(".").strip() or o for o in item.options])


def _percent_question(item: BenchmarkItem) -> str | None:
    return "percent" if _PERCENT.search(item.question) else None


def _numbers_close(item: BenchmarkItem, answer: str) -> bool:
    """The benchmark's own rule for numbers: precision, relative or absolute tolerance."""
    pred = _number(answer)
    gold = _number(item.gold)
    if pred is None or gold is None:
        return False
    readings = [pred[0], pred[0] / 100] if pred[1] else [pred[0]]
    g = gold[0]
    for p in readings:
        if item.precision is not None and round(p, item.precision) == round(g, item.precision):
            return True
        if item.rel_tol is not None:
            if (p == g) if g == 0 else abs(p - g) <= item.rel_tol * abs(g):
                return True
        if item.abs_tol is not None and abs(p - g) <= item.abs_tol:
            return True
    return False


def _lists_equal(item: BenchmarkItem, answer: str) -> bool:
    if len(answer) > 400:
        return False
    text = _unwrap(answer)
    if len(text) > 300 or not _LIST_ANSWER.fullmatch(text) or not _LIST_ANSWER.fullmatch(item.gold):
        return False
    pred = [float(x.replace("−", "-")) for x in _LIST_NUMBER.findall(text)]
    gold = [float(x.replace("−", "-")) for x in _LIST_NUMBER.findall(item.gold)]
    if item.precision is not None:
        pred = [round(x, item.precision) for x in pred]
        gold = [round(x, item.precision) for x in gold]
    return len(pred) == len(gold) and all(math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)
                                          for a, b in zip(pred, gold, strict=True))


def _readable(item: BenchmarkItem, answer: str, question: str | None, config: RewardConfig) -> bool:
    """Whether *answer* holds something of the form *item* asks for (else: unreadable)."""
    if item.kind == "choice":
        letters = _LETTERS[: len(item.options)] if item.options else _LETTERS[:5]
        if re.search(rf"(?<![A-Za-z])\(?[{letters}{letters.lower()}]\)?(?![A-Za-z])", answer):
            return True
        lowered = answer.lower()
        if any(len(o) >= 3 and o.lower().rstrip(".") in lowered for o in item.options):
            return True  # names an option's text, maybe with another: a hedge, not unreadable
        return any(answers_equivalent(answer, letter, question=question, config=config)
                   for letter in letters)
    if item.kind == "yes_no":
        return bool(_YES_NO_WORD.search(answer))
    if item.kind in ("integer", "float", "list"):
        return bool(_DIGIT_OR_MATH.search(answer))
    return True


def score_answer(item: BenchmarkItem, answer: str | None, *,
                 config: RewardConfig | None = None) -> Verdict:
    """Judge an answer already read out of a response (by `score_response`, a judge model,
    or another harness's extractor) against *item*, by its benchmark's rules.

    Never raises for a string or ``None`` *answer*; ``None`` or an empty answer is
    unreadable.
    """
    if not isinstance(item, BenchmarkItem):
        raise TypeError(f"item must be a BenchmarkItem, got {type(item).__name__}")
    if not isinstance(answer, str) or not answer.strip():
        return Verdict(False, True, None, "no answer")
    config = config or DEFAULT_CONFIG
    answer = answer.strip()[: MAX_BARE_ANSWER_CHARS * 10]
    try:
        question = _options_question(item) if item.kind == "choice" else _percent_question(item)
        gold = item.gold
        if item.kind == "yes_no":
            gold = "Yes" if gold == "yes" else "No"
        if answers_equivalent(answer, gold, question=question, config=config):
            return Verdict(True, False, answer, "equivalent")
        if item.kind in ("integer", "float") and _numbers_close(item, answer):
            return Verdict(True, False, answer, "within the benchmark's tolerance")
        if item.kind == "list" and _lists_equal(item, answer):
            return Verdict(True, False, answer, "same list")
        if not _readable(item, answer, question, config):
            return Verdict(False, True, answer, f"no {item.kind.replace('_', '/')} answer in it")
        return Verdict(False, False, answer, "not equivalent")
    except RecursionError:  # pragma: no cover - the core bounds its parsers; belt and braces
        return Verdict(False, True, answer, "could not be parsed")


def score_response(item: BenchmarkItem, response: Any, *, config: RewardConfig | None = None) -> Verdict:
    """Judge a model's full *response* to *item*: read its committed answer (the
    structured ``### The final answer is:``, ``\\boxed{}``, ``<answer>``, "The answer
    is ..."; a one-paragraph response of at most `MAX_BARE_ANSWER_CHARS` with none of
    these is its own answer), then `score_answer`. Such an uncommitted response that the
    rules find wrong is unreadable when longer than `MAX_BARE_WRONG_CHARS` (a judge may
    read it) and wrong when shorter ("A or B").

    Never raises on the response: ``None``, a non-string or an empty string is unreadable.
    """
    if not isinstance(response, str):
        return Verdict(False, True, None, "no response text")
    answer, committed = _answer_of(response)
    if answer is None:
        return Verdict(False, True, None, "no committed answer")
    verdict = score_answer(item, answer, config=config)
    if not committed and not verdict.correct and len(answer) > MAX_BARE_WRONG_CHARS:
        # A sentence with no answer marker that the rules do not find right: what it
        # commits to is a judge's call ("The left one, so the answer must be C").
        return Verdict(False, True, answer, "no committed answer, and the whole response is no answer")
    return verdict


def compute_score(data_source: str, solution_str: Any, ground_truth: Any = None,
                  extra_info: Mapping[str, Any] | None = None, **kwargs: Any) -> float:
    """1.0 when *solution_str* answers a benchmark row correctly, else 0.0 (verl's and
    lmms-eval's calling convention).

    *data_source* names the benchmark (one of `BENCHMARKS`); the row's fields, under
    their published names, come in *ground_truth* when it is a mapping, else in
    *extra_info* (a string *ground_truth* then replaces the row's gold column). Unknown
    keyword arguments are ignored. A bad response scores 0.0; a row that names no
    benchmark or holds no gold raises `ValueError`.

    Examples:
        >>> compute_score("mme", "Yes.", {"question": "Is there a dog?", "answer": "Yes",
        ...                              "category": "existence", "question_id": "1.jpg"})
        1.0
        >>> compute_score("hallusionbench", "yes and no", {"gt_answer": "1"})
        0.0
    """
    row: dict[str, Any] = dict(extra_info or {})
    if isinstance(ground_truth, Mapping):
        row.update(ground_truth)
    elif ground_truth is not None:
        row[_GOLD_FIELDS.get(benchmark_name(data_source) or "", "answer")] = ground_truth
    item = benchmark_item(data_source, row)
    return 1.0 if score_response(item, solution_str).correct else 0.0


_GOLD_FIELDS = {"chartqa": "label", "dynamath": "ground_truth", "hallusionbench": "gt_answer"}
