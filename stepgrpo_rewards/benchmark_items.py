"""Benchmark rows in their published layouts, read into `BenchmarkItem` s.

One reader per benchmark the paper reports (MathVista testmini, MMStar, MathVision,
ChartQA, DynaMath, HallusionBench, MathVerse, MME) takes a row under the real column
names of its Hugging Face release and says what the gold answer is and what form an
answer must take (an option letter, yes/no, a number with the benchmark's own precision
or tolerance, a list, free text). Kept apart from the answer rules
(`stepgrpo_rewards.benchmark_verdicts`) and the summaries
(`stepgrpo_rewards.benchmark_summary`) because a new benchmark or a changed column is a
change to this module alone. A malformed row raises `ValueError` (a data problem,
reported, never guessed at); row fields are cut to bounded lengths. The public names are
re-exported by `stepgrpo_rewards.benchmark_scoring`, the module the docs name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

__all__ = ["BENCHMARKS", "AnswerKind", "BenchmarkItem", "benchmark_item", "benchmark_name"]

#: The benchmarks, in the order of the paper's table (MME, which the table leaves out, last).
BENCHMARKS: tuple[str, ...] = (
    "mathvista", "mmstar", "mathvision", "chartqa", "dynamath", "hallusionbench", "mathverse", "mme",
)

AnswerKind = Literal["choice", "yes_no", "integer", "float", "list", "text"]

_LETTERS = "ABCDEFGHIJ"
#: Option texts and gold answers longer than this are cut (the rows are data, not code,
#: but a malformed row must not slow every verdict down); questions at `_MAX_QUESTION_CHARS`.
_MAX_FIELD_CHARS = 2_000
_MAX_QUESTION_CHARS = 50_000

# An option mark that starts an option: "A.", "A:", "A)", "(A)", at a line start or
# after a blank or a separator. "A:30°" (MathVerse) counts: no space is needed.
_OPTION_MARK = re.compile(r"(?:^|(?<=[\s,;]))(?:\(([A-J])\)|([A-J])[.:)])", re.MULTILINE)
# A number answer on its own: an optional currency sign, the number (thousands commas,
# decimals), an optional percent sign and an optional short unit ("5 cm", "$1,200", "45%").
_NUMBER_ANSWER = re.compile(
    r"[$€£¥]?\s*([-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-−+]?\.\d+)"
    r"\s*(%|\\%|percent)?\s*([A-Za-z°²³/]{1,12})?\s*"
)


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
