"""Score answers on the paper's evaluation benchmarks by rules, with no paid judge.

The benchmarks StepGRPO (R1-VL) reports: MathVista (testmini), MMStar, MathVision,
ChartQA, DynaMath, HallusionBench, MathVerse and MME. `benchmark_item` turns one row of a
benchmark, in its published Hugging Face layout (the real column names), into a
`BenchmarkItem`: the question as shown to the model, the gold answer and what the answer
must be (an option, yes/no, an integer, a float with a precision or a tolerance, a list,
free text). `score_response` judges a model's response to it and never raises on the
response; `compute_score` does the same for other evaluators (verl / lmms-eval style);
`summarize_verdicts` gives accuracy per benchmark and per category, the unreadable rate
and each benchmark's own aggregate scores; `format_table` prints them beside the paper's.

The rules, per benchmark (the core `answers_equivalent` decides, except where a
benchmark states its own rule):

* an option: the letter in any spelling (``B``, ``(B)``, ``Option B``) or the option's
  text; an answer naming several options ("A or B", "A, B, C, D") is wrong;
* yes/no (HallusionBench, MME): the first word; "yes and no" is wrong;
* MathVista floats: rounded to the row's ``precision`` as MathVista does;
* ChartQA numbers: relaxed accuracy, within 5% of the gold;
* DynaMath floats: within 0.001 of the gold, as DynaMath does;
* anything else (integers, expressions, text): equivalent by the core rules.

An answer that cannot be read (no committed answer, or nothing of the form the
benchmark asks for, like a float with no number) is wrong and counted as *unreadable*;
an answer that hedges is readable, and wrong.

Examples:
    >>> item = benchmark_item("mmstar", {"index": 7, "question": "What is shown?\\n"
    ...     "Options: A: a cat, B: a dog, C: a bird", "answer": "B", "category": "coarse perception"})
    >>> item.kind, item.gold, item.options
    ('choice', 'B', ('a cat', 'a dog', 'a bird'))
    >>> score_response(item, "### The final answer is: (B) a dog").correct
    True
    >>> v = score_response(item, "It is either A or B.")
    >>> v.correct, v.unreadable
    (False, False)
    >>> compute_score("chartqa", "The answer is 10.3", {"query": "Value?", "label": ["10"]})
    1.0
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from .answer import extract_answer
from .config import DEFAULT_CONFIG, RewardConfig
from .equivalence import answers_equivalent

__all__ = [
    "BENCHMARKS",
    "PAPER_RESULTS",
    "AnswerKind",
    "BenchmarkItem",
    "Verdict",
    "benchmark_item",
    "benchmark_name",
    "compute_score",
    "format_table",
    "score_answer",
    "score_response",
    "summarize_verdicts",
]

#: The benchmarks, in the order of the paper's table (MME, which the table leaves out, last).
BENCHMARKS: tuple[str, ...] = (
    "mathvista", "mmstar", "mathvision", "chartqa", "dynamath", "hallusionbench", "mathverse", "mme",
)

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

AnswerKind = Literal["choice", "yes_no", "integer", "float", "list", "text"]

_LETTERS = "ABCDEFGHIJ"
#: Responses longer than this are read from their end only (the answer comes last).
MAX_RESPONSE_CHARS = 20_000
#: A response with no committed answer counts as the answer itself when it is one
#: paragraph of at most this many characters ("B", "Yes, there is a cat.").
MAX_BARE_ANSWER_CHARS = 200
#: A response with no committed answer that is read whole and judged wrong counts as a
#: wrong answer when it is at most this long ("A or B", "14 or 15"), else as unreadable.
MAX_BARE_WRONG_CHARS = 40
#: Option texts and gold answers longer than this are cut (the rows are data, not code,
#: but a malformed row must not slow every verdict down); questions at `_MAX_QUESTION_CHARS`.
_MAX_FIELD_CHARS = 2_000
_MAX_QUESTION_CHARS = 50_000

# An option mark that starts an option: "A.", "A:", "A)", "(A)", at a line start or
# after a blank or a separator. "A:30°" (MathVerse) counts: no space is needed.
_OPTION_MARK = re.compile(r"(?:^|(?<=[\s,;]))(?:\(([A-J])\)|([A-J])[.:)])", re.MULTILINE)
_OPTIONS_LABEL = re.compile(r"(?:options|choices)\s*:\s*$", re.IGNORECASE)
# A number answer on its own: an optional currency sign, the number (thousands commas,
# decimals), an optional percent sign and an optional short unit ("5 cm", "$1,200", "45%").
_NUMBER_ANSWER = re.compile(
    r"[$€£¥]?\s*([-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-−+]?\.\d+)"
    r"\s*(%|\\%|percent)?\s*([A-Za-z°²³/]{1,12})?\s*"
)
_NOT_UNITS = frozenset({"or", "and", "not", "nor", "maybe", "either", "to", "x", "e"})
# No \s* around the group (the caller strips it): "\s*(.*?)\s*" backtracks cubically.
_WRAPPERS = re.compile(r"^(?:\$\$?|\\\(|\\\[|\*\*)(.*?)(?:\$\$?|\\\)|\\\]|\*\*)$", re.DOTALL)
_YES_NO_WORD = re.compile(r"\b(?:yes|no)\b", re.IGNORECASE)
_DIGIT_OR_MATH = re.compile(r"\d|\\(?:frac|sqrt|pi)|π|√")
_PERCENT = re.compile(r"percent|%", re.IGNORECASE)
_LIST_ANSWER = re.compile(r"[\[(]?\s*[-−+]?\d[\d.,\s;−+-]*[\])]?")
_LIST_NUMBER = re.compile(r"[-−+]?\d+(?:\.\d+)?")


@dataclass(frozen=True, slots=True)
class BenchmarkItem:
    """One benchmark question, ready to prompt with and to score against.

    *question* is the text shown to the model with its options listed; *native_prompt*
    the benchmark's own prompt where it publishes one (MathVista ``query``, MathVerse
    ``query_cot``). *gold* is the option letter for ``kind == "choice"``, ``"yes"`` or
    ``"no"`` for ``"yes_no"``, else the value. *precision* (decimal places),
    *rel_tol* and *abs_tol* are the benchmark's own tolerances for numbers. *groups*
    name the sets of questions a benchmark also scores together (``"figure:..."``,
    ``"question:..."`` for HallusionBench, ``"image:..."`` for MME, ``"seed:..."`` for
    DynaMath's variants of one question).
    """

    benchmark: str
    id: str
    question: str
    gold: str
    kind: AnswerKind
    options: tuple[str, ...] = ()
    precision: int | None = None
    rel_tol: float | None = None
    abs_tol: float | None = None
    category: str = "all"
    native_prompt: str | None = None
    groups: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["options"] = list(self.options)
        out["groups"] = list(self.groups)
        return out


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


# -- rows of the published layouts -> items --------------------------------------------------


def _text(value: Any, field: str = "", limit: int = _MAX_FIELD_CHARS) -> str:
    """A row's field as text ("" when missing); lists of one value give that value."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        if len(value) == 1:
            return _text(value[0], field, limit)
        raise ValueError(f"field {field!r} holds {len(value)} values, expected one")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return str(value)[:limit].strip()


def _field(row: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        if name in row and row[name] is not None:
            return row[name]
    return None


def _meta(row: Mapping[str, Any], key: str) -> str:
    meta = row.get("metadata")
    if isinstance(meta, Mapping):
        return _text(meta.get(key))
    return ""


def _options_in(question: str) -> list[str]:
    """The options a question lists ("A. x", "(A) x", "A: x", "A:x" marks running A, B, C
    ... in order, one per line or inline), or ``[]``."""
    question = question[-_MAX_FIELD_CHARS * 2:]
    marks = [(m.group(1) or m.group(2), m.start(), m.end()) for m in _OPTION_MARK.finditer(question)]
    best: list[tuple[str, int, int]] = []
    for i, (letter, _, _) in enumerate(marks):
        if letter != "A":
            continue
        run = [marks[i]]
        for mark in marks[i + 1:]:
            if len(run) < len(_LETTERS) and mark[0] == _LETTERS[len(run)]:
                run.append(mark)
        if len(run) >= 2 and len(run) >= len(best):
            best = run
    options = []
    for i, (_, _, end) in enumerate(best):
        stop = best[i + 1][1] if i + 1 < len(best) else len(question)
        body = question[end:stop]
        if i + 1 == len(best):
            body = body.split("\n", 1)[0]
        options.append(body.strip().rstrip(",;").strip())
    return options


def _choice_list(options: Sequence[str]) -> str:
    return "\n".join(f"{_LETTERS[i]}. {text}" for i, text in enumerate(options))


def _number_kind(gold: str) -> AnswerKind:
    m = _NUMBER_ANSWER.fullmatch(gold)
    if m is None or m.group(3):
        return "text"
    return "float" if "." in m.group(1) else "integer"


def _gold_letter(answer: str, options: Sequence[str], field: str) -> str:
    """The letter of a choice gold: the letter itself, or the option whose text it is."""
    bare = answer.strip().strip("()").strip()
    if len(bare) == 1 and bare.upper() in _LETTERS[: max(len(options), 1) if options else len(_LETTERS)]:
        return bare.upper()
    for i, text in enumerate(options):
        if text == answer or text.strip() == answer.strip():
            return _LETTERS[i]
    raise ValueError(f"{field} {answer!r} is neither an option letter nor one of the options")


def _mathvista(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    question = _text(row.get("question"), "question", _MAX_QUESTION_CHARS)
    answer = _text(row.get("answer"), "answer")
    category = _meta(row, "task") or "all"
    ident = _text(_field(row, "pid")) or str(index)
    native = _text(row.get("query"), "query", _MAX_QUESTION_CHARS) or None
    if row.get("question_type") == "multi_choice":
        choices = [_text(c) for c in (row.get("choices") or [])][: len(_LETTERS)]
        if len(choices) < 2:
            raise ValueError("a multi_choice row without choices")
        gold = _gold_letter(answer, choices, "answer")
        return BenchmarkItem("mathvista", ident, f"{question}\nChoices:\n{_choice_list(choices)}",
                             gold, "choice", tuple(choices), category=category, native_prompt=native)
    kind = _text(row.get("answer_type")) or "text"
    if kind not in ("integer", "float", "list", "text"):
        kind = "text"
    precision = None
    if kind == "float" and row.get("precision") is not None:
        try:
            precision = max(0, min(int(float(row["precision"])), 12))
        except (TypeError, ValueError):
            precision = None
    unit = _text(row.get("unit"))
    shown = f"{question}\n(Unit: {unit})" if unit else question
    return BenchmarkItem("mathvista", ident, shown, answer, kind,  # type: ignore[arg-type]
                         precision=precision, category=category, native_prompt=native)


def _mmstar(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    question = _text(row.get("question"), "question", _MAX_QUESTION_CHARS)
    options = _options_in(question)
    gold = _gold_letter(_text(row.get("answer"), "answer"), options, "answer")
    category = _text(row.get("category")) or "all"
    ident = _text(row.get("index")) or str(index)
    return BenchmarkItem("mmstar", ident, question, gold, "choice", tuple(options), category=category)


def _mathvision(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    question = _text(row.get("question"), "question", _MAX_QUESTION_CHARS)
    options = [_text(o) for o in (row.get("options") or [])][: len(_LETTERS)]
    answer = _text(row.get("answer"), "answer")
    category = _text(row.get("subject")) or "all"
    ident = _text(row.get("id")) or str(index)
    if len(options) >= 2:
        gold = _gold_letter(answer, options, "answer")
        return BenchmarkItem("mathvision", ident, f"{question}\nChoices:\n{_choice_list(options)}",
                             gold, "choice", tuple(options), category=category)
    return BenchmarkItem("mathvision", ident, question, answer, _number_kind(answer), category=category)


def _chartqa(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    # HuggingFaceM4/ChartQA: query, label (a list of one), human_or_machine (0 human, 1 machine);
    # lmms-lab/ChartQA: question, answer, type (human_test / augmented_test).
    question = _text(_field(row, "query", "question"), "query", _MAX_QUESTION_CHARS)
    answer = _text(_field(row, "label", "answer"), "label")
    source = row.get("human_or_machine")
    if source is not None:
        category = {0: "human", 1: "augmented", "0": "human", "1": "augmented"}.get(source, str(source))
    else:
        category = _text(row.get("type")).replace("_test", "") or "all"
    ident = _text(_field(row, "id", "question_id")) or str(index)
    kind = _number_kind(answer)
    if kind in ("integer", "float") or _NUMBER_ANSWER.fullmatch(answer):
        return BenchmarkItem("chartqa", ident, question, answer, "float", rel_tol=0.05, category=category)
    return BenchmarkItem("chartqa", ident, question, answer, "text", category=category)


def _dynamath(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    question = _text(row.get("question"), "question", _MAX_QUESTION_CHARS)
    answer = _text(_field(row, "ground_truth", "answer"), "ground_truth")
    answer_type = _text(row.get("answer_type")).lower()
    category = _text(row.get("subject")) or "all"
    seed = _text(row.get("id")) or str(index)
    variant = _text(_field(row, "variant", "split"))
    ident = f"{seed}-{variant}" if variant else seed
    groups = (f"seed:{seed}",)
    if "choice" in answer_type:
        options = _options_in(question)
        gold = _gold_letter(answer, options, "ground_truth")
        return BenchmarkItem("dynamath", ident, question, gold, "choice", tuple(options),
                             category=category, groups=groups)
    if answer_type == "float" or _number_kind(answer) != "text":
        return BenchmarkItem("dynamath", ident, question, answer, "float", abs_tol=1e-3,
                             category=category, groups=groups)
    return BenchmarkItem("dynamath", ident, question, answer, "text", category=category, groups=groups)


def _yes_no_gold(value: Any, field: str) -> str:
    text = _text(value, field).lower().rstrip(".")
    gold = {"1": "yes", "0": "no", "yes": "yes", "no": "no", "true": "yes", "false": "no"}.get(text)
    if gold is None:
        raise ValueError(f"{field} {value!r} is not a yes/no answer")
    return gold


def _hallusionbench(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    gold = _yes_no_gold(row.get("gt_answer"), "gt_answer")
    category = _text(row.get("category")) or "all"
    sub = _text(row.get("subcategory"))
    key = f"{category}/{sub}/{_text(row.get('set_id'))}"
    question_id = _text(row.get("question_id"))
    figure_id = _text(row.get("figure_id"))
    ident = f"{key}/{figure_id}/{question_id}" if question_id or figure_id else str(index)
    question = _text(row.get("question"), "question", _MAX_QUESTION_CHARS)
    return BenchmarkItem("hallusionbench", ident, question, gold, "yes_no",
                         category=f"{category}/{sub}" if sub else category,
                         groups=(f"figure:{key}/{figure_id}", f"question:{key}/{question_id}"))


def _mathverse(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    question = _text(row.get("question"), "question", _MAX_QUESTION_CHARS)
    answer = _text(row.get("answer"), "answer")
    category = _text(row.get("problem_version")) or "all"
    ident = _text(row.get("sample_index")) or str(index)
    native = _text(_field(row, "query_cot", "query_wo"), "query_cot", _MAX_QUESTION_CHARS) or None
    if _text(row.get("question_type")).startswith("multi"):
        options = _options_in(question)
        gold = _gold_letter(answer, options, "answer")
        return BenchmarkItem("mathverse", ident, question, gold, "choice", tuple(options),
                             category=category, native_prompt=native)
    return BenchmarkItem("mathverse", ident, question, answer, _number_kind(answer),
                         category=category, native_prompt=native)


def _mme(row: Mapping[str, Any], index: int | None) -> BenchmarkItem:
    gold = _yes_no_gold(row.get("answer"), "answer")
    image = _text(row.get("question_id")) or str(index)
    category = _text(row.get("category")) or "all"
    question = _text(row.get("question"), "question", _MAX_QUESTION_CHARS)
    return BenchmarkItem("mme", f"{image}/{gold}", question, gold, "yes_no", category=category,
                         groups=(f"image:{category}/{image}",))


_BUILDERS = {
    "mathvista": _mathvista, "mmstar": _mmstar, "mathvision": _mathvision, "chartqa": _chartqa,
    "dynamath": _dynamath, "hallusionbench": _hallusionbench, "mathverse": _mathverse, "mme": _mme,
}


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def benchmark_name(name: Any) -> str | None:
    """The benchmark *name* stands for, or ``None``: one of `BENCHMARKS` in any case, a hub
    dataset name or a harness's task name (``AI4Math/MathVista``, ``MathVista_MINI``,
    ``ChartQA_TEST``, ``DynaMath_Sample``).

    Examples:
        >>> benchmark_name("AI4Math/MathVista"), benchmark_name("MathVerse_MINI"), benchmark_name("gsm8k")
        ('mathvista', 'mathverse', None)
    """
    if not isinstance(name, str):
        return None
    key = _NON_ALNUM.sub("", name.rsplit("/", 1)[-1].lower())[:64]
    if key in _BUILDERS:
        return key
    found = [b for b in BENCHMARKS if key.startswith(b)]
    return max(found, key=len) if found else None


def benchmark_item(benchmark: str, row: Mapping[str, Any], *, index: int | None = None) -> BenchmarkItem:
    """The `BenchmarkItem` of one *row* of *benchmark*, read by its published column names.

    *benchmark* is one of `BENCHMARKS` (or a name `benchmark_name` knows); *index*, the row's position,
    names rows whose layout has no id. Raises `ValueError` for an unknown benchmark or a
    row that holds no usable gold answer (a data problem, reported, never guessed at),
    `TypeError` when *row* is not a mapping.

    Examples:
        >>> item = benchmark_item("mathvista", {"pid": "3", "question": "Length of AB?",
        ...     "answer": "1.2", "question_type": "free_form", "answer_type": "float",
        ...     "precision": 1.0, "metadata": {"task": "geometry problem solving"}})
        >>> item.kind, item.precision, item.category
        ('float', 1, 'geometry problem solving')
    """
    if not isinstance(row, Mapping):
        raise TypeError(f"a benchmark row must be a mapping, got {type(row).__name__}")
    name = benchmark_name(benchmark)
    builder = _BUILDERS.get(name) if name else None
    if builder is None or name is None:
        raise ValueError(f"unknown benchmark {benchmark!r}; expected one of {', '.join(BENCHMARKS)}")
    item = builder(row, index)
    if not item.gold:
        raise ValueError(f"a {name} row with no gold answer")
    return item


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
