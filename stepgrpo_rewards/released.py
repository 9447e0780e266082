"""The reward of the R1-VL released code, for replication: ``RewardConfig(compat="released")``.

The authors released their reward functions with their training script,
``src/r1-vl/src/open_r1/grpo.py`` of github.com/jingyi0000/R1-VL (functions
``accuracy_reward``, ``key_step_single``, ``validity_reward``, ``check_reasoning_completeness``
and ``check_reasoning_logic``). This module gives the verdicts those functions give, so a
run can be compared with the paper's numbers on equal terms:

- **answer** (``accuracy_reward``): ``math_verify.verify(parse(completion), parse(solution))``
  on the *whole* completion and the whole solution; when that fails, an exact string
  comparison of the rest of the line after the first ``### The final answer is:`` of each
  (the whole text, stripped, where there is no such header);
- **key steps** (``key_step_single``): the key steps are a mapping ``{"Steps": [group, ...]}``,
  each group a string or a list of alternatives; a group is matched when one alternative,
  lower-cased, is a substring of the lower-cased step texts joined by spaces (a step text
  runs from its ``### Step N:`` header to the next ``\\n###``). The bonus
  ``alpha * matched / total`` is added whether or not an answer is given or right;
- **validity** (``validity_reward``): complete when the four headers ``### Image
  Description:``, ``### Rationales:``, ``### Step 1:`` and ``### The final answer is:``
  occur anywhere in the text; logical when every ``### Step N:`` header is numbered
  1, 2, ..., n in order and the first final-answer header starts after the end of the
  last step header (skipped when the text ends with the bare final-answer header).

Where the released code raises (key steps in another shape, a non-string alternative)
and so stops a training run, this module scores the key steps 0 with the problem
``bad_key_steps`` instead. The weights are the config's ``answer_reward``, ``alpha`` and
``validity_reward`` (the released code's 1, 0.1 and 1 by default).

math_verify is an optional extra for this mode only (``pip install math-verify``). Its
time limits use ``signal.alarm``, which only the main thread may set: there math_verify
runs with the released code's limits (5 s per parse and per comparison). In any other
thread the released code's call raises and its ``except Exception`` falls back to the
string match for every completion; here math_verify runs there without signals
(``parsing_timeout=None``, ``timeout_seconds=None``) but only on texts that
`verify_screen` passes (short, shallow, no factorials, small exponents): on text that
could make sympy compute without end, math_verify is skipped with the problem
``released_verify_skipped`` and the string match decides, as in the released code.

Examples:
    >>> from stepgrpo_rewards import RewardConfig, score_trace
    >>> done = ("### Image Description:\\nA figure.\\n### Rationales:\\nA rule.\\n"
    ...         "### Step 1:\\nthe value is 120\\n### The final answer is: 12")
    >>> s = score_trace(done, "12", {"Steps": [["12"]]}, config=RewardConfig(compat="released"))
    >>> s.answer_correct, s.key_step_ratio, s.valid, round(s.total, 2)
    (True, 1.0, True, 2.1)
"""

from __future__ import annotations

import importlib
import json
import re
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import problems as P
from .inputs import solution_text
from .jsondepth import json_depth
from .keysteps.matching import KeyStepMatch
from .validity import Validity

if TYPE_CHECKING:
    from .config import RewardConfig
    from .scoring import TraceScore

__all__ = [
    "MATH_VERIFY_MISSING",
    "MAX_VERIFY_CHARS",
    "released_answer",
    "released_key_steps",
    "released_validity",
    "require_math_verify",
    "score_released",
    "verify_screen",
]

#: The message of the `ImportError` raised when ``compat="released"`` meets no math_verify.
MATH_VERIFY_MISSING = (
    'RewardConfig(compat="released") needs math_verify, which the released R1-VL reward '
    "calls: pip install math-verify  (or: pip install 'stepgrpo-rewards[released]')"
)
#: A completion or solution longer than this is not given to math_verify (the string
#: match still runs), in any thread: a 1024-token completion is about 4,000 characters.
MAX_VERIFY_CHARS = 20_000
#: Outside the main thread math_verify runs with no time limit, so only on text this
#: short ...
MAX_UNTIMED_VERIFY_CHARS = 5_000
#: ... whose brackets nest at most this deep (latex2sympy takes seconds per 100 levels) ...
MAX_UNTIMED_NESTING = 12
#: ... with at most this many exponents (``^``, ``**``; two can make a tower, ``99^99^99``),
#: of at most two digits or one letter, no number of more than this many digits, and
#: none of the constructs of ``_UNBOUNDED``.
MAX_UNTIMED_EXPONENTS = 1
MAX_UNTIMED_DIGITS = 8
#: The released code's limits, seconds per math_verify parse and per comparison.
RELEASED_TIMEOUT_S = 5

_FINAL = "### The final answer is:"
_REQUIRED = ("### Image Description:", "### Rationales:", "### Step 1:", _FINAL)
# The released code's patterns (grpo.py): the rest of the first final-answer line, a step
# header, a step text up to the next "\n###".
_FINAL_LINE = re.compile(r"### The final answer is:\s*\n?(.*)")
_STEP_HEADER = re.compile(r"### Step (\d+):")
_STEP_TEXT = re.compile(r"### Step \d+:\s*(.*?)(?=\n###|\Z)", re.DOTALL)

# Screens for math_verify without a time limit (outside the main thread).
_UNBOUNDED = re.compile(
    r"!"  # a factorial
    # any LaTeX command spelling one of these: \binom, \dbinom, \tbinom, \sum, \prod, \int, ...
    r"|\\[A-Za-z]*(?:binom|choose|prod|sum|int|lim|gamma|fact|infty|operatorname)"
    r"|\b(?:sum|prod|factorial|gamma|binomial|binom|ff|rf|fibonacci|subfactorial)\s*\("
    r"|\\frac\s*\{\s*d",  # a derivative
    re.IGNORECASE,
)
_EXPONENT = re.compile(r"\^|\*\*")
_SMALL_EXPONENT = re.compile(r"\s*(?:\{\s*)?(?:\d{1,2}(?!\d)|[A-Za-z](?![A-Za-z]))")
_DIGITS = re.compile(r"\d+")
_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")


def require_math_verify() -> Any:
    """The ``math_verify`` module; `ImportError` naming ``pip install math-verify`` when it
    is not installed."""
    try:
        return importlib.import_module("math_verify")
    except ImportError as exc:
        raise ImportError(MATH_VERIFY_MISSING) from exc


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
    return deepest


def verify_screen(text: str) -> str | None:
    """Why *text* may not go to math_verify without a time limit, or ``None`` when it may.

    sympy evaluates what math_verify parses: ``100!!!``, ``9^{9^{9^9}}`` or a sum over a
    billion terms never finish, and 300 nested parentheses take seconds. Outside the
    main thread math_verify cannot time out, so it only reads text that is short,
    shallow, free of factorials, binomials, sums, products, integrals and limits, with
    few and small exponents (one, of at most two digits or one letter) and no long
    numbers: what sympy computes from it stays small.

    Examples:
        >>> verify_screen("the area is $3 \\\\times 4 = 12$ and $x^2 = 9$") is None
        True
        >>> verify_screen("$100!!!$")
        'a factorial, binomial, sum, product, integral or limit'
    """
    if len(text) > MAX_UNTIMED_VERIFY_CHARS:
        return f"{len(text)} characters > {MAX_UNTIMED_VERIFY_CHARS}"
    if _UNBOUNDED.search(text):
        return "a factorial, binomial, sum, product, integral or limit"
    exponents = [m.end() for m in _EXPONENT.finditer(text)]
    if len(exponents) > MAX_UNTIMED_EXPONENTS:
        return f"more than {MAX_UNTIMED_EXPONENTS} exponents"
    if any(not _SMALL_EXPONENT.match(text, end) for end in exponents):
        return "an exponent of more than two digits or one letter"
    if any(len(m.group()) > MAX_UNTIMED_DIGITS for m in _DIGITS.finditer(text)):
        return f"a number of more than {MAX_UNTIMED_DIGITS} digits"
    if _nesting(text) > MAX_UNTIMED_NESTING:
        return f"brackets nested more than {MAX_UNTIMED_NESTING} deep"
    return None


def _math_verify_says(completion: str, solution: str, found: list[str]) -> bool:
    """The released code's first check: math_verify on the whole completion and solution."""
    mv = require_math_verify()
    for text in (completion, solution):
        if len(text) > MAX_VERIFY_CHARS:
            found.append(P.problem(P.RELEASED_VERIFY_SKIPPED,
                                   f"{len(text)} characters > {MAX_VERIFY_CHARS}"))
            return False
    limit: int | None = RELEASED_TIMEOUT_S
    if threading.current_thread() is not threading.main_thread():
        for text in (completion, solution):
            why = verify_screen(text)
            if why is not None:
                found.append(P.problem(P.RELEASED_VERIFY_SKIPPED, f"not in the main thread: {why}"))
                return False
        limit = None  # signal.alarm is refused outside the main thread
    timeout_error = importlib.import_module("math_verify.errors").TimeoutException
    try:
        predicted = mv.parse(completion, parsing_timeout=limit)
        gold = mv.parse(solution, parsing_timeout=limit)
        return float(mv.verify(predicted, gold, timeout_seconds=limit)) > 0
    except (Exception, timeout_error):  # the released code: any failure, then the string match
        return False


def _final_line(text: str) -> str:
    match = _FINAL_LINE.search(text)
    return match.group(1).strip() if match else text.strip()


def released_answer(completion: str, solution: Any, found: list[str]) -> tuple[bool, str | None, str | None]:
    """``(correct, predicted, gold)`` as the released ``accuracy_reward`` judges the answer:
    math_verify, then the exact string match. *predicted* and *gold* are the strings that
    match compares; problems (no gold, math_verify skipped) go to *found*."""
    if not isinstance(solution, str):
        try:
            solution = solution_text(solution)
        except ValueError:
            solution = None
    if solution is None or not solution.strip():
        found.append(P.NO_GOLD_ANSWER)
        return False, _final_line(completion), None
    predicted, gold = _final_line(completion), _final_line(solution)
    if _math_verify_says(completion, solution, found):
        return True, predicted, gold
    return predicted == gold, predicted, gold


def _groups(key_steps: Any, config: RewardConfig, found: list[str]) -> list[list[str]]:
    """The ``Steps`` groups of released-shape key steps (a mapping, or its JSON text)."""
    if isinstance(key_steps, (str, bytes)) and len(key_steps) <= 1_000_000:
        try:
            key_steps = json.loads(key_steps) if json_depth(key_steps) <= 8 else None
        except ValueError:
            key_steps = None
    if not isinstance(key_steps, Mapping):
        found.append(P.problem(P.BAD_KEY_STEPS, 'the released code reads a mapping {"Steps": [...]}'))
        return []
    steps = key_steps.get("Steps", [])
    if not isinstance(steps, (list, tuple)):
        found.append(P.problem(P.BAD_KEY_STEPS, '"Steps" is not a list'))
        return []
    if len(steps) > config.max_key_step_groups:
        found.append(P.problem(P.TOO_MANY_KEY_STEPS, f"more than {config.max_key_step_groups} groups"))
        steps = steps[: config.max_key_step_groups]
    groups = []
    for group in steps:
        alternatives = [group] if isinstance(group, str) else group
        if not isinstance(alternatives, (list, tuple)) or not all(isinstance(a, str) for a in alternatives):
            found.append(P.problem(P.BAD_KEY_STEPS, "a group is not a string or a list of strings"))
            return []
        groups.append(list(alternatives))
    return groups


def released_key_steps(completion: str, key_steps: Any, config: RewardConfig,
                       found: list[str]) -> KeyStepMatch:
    """The key-step match of the released ``key_step_single``: lower-cased substrings of
    the joined step texts. Key steps ``None`` count as none (the released code adds no
    bonus then); another shape than ``{"Steps": [...]}`` is ``bad_key_steps``."""
    if key_steps is None:
        return KeyStepMatch(0, 0)
    groups = _groups(key_steps, config, found)
    if not groups:
        return KeyStepMatch(0, 0)
    steps = " ".join(_STEP_TEXT.findall(completion)).lower()
    matched = sum(any(a.lower() in steps for a in group) for group in groups)
    return KeyStepMatch(matched, len(groups))


def _numbered_in_order(numbers: list[str]) -> bool:
    for i, digits in enumerate(numbers, 1):
        digits = digits.lstrip("0")
        if len(digits) > 12 or int(digits or "0") != i:  # int() reads any script's digits
            return False
    return True


def released_validity(completion: str) -> Validity:
    """StepRVR as the released ``validity_reward`` judges it (``check_reasoning_completeness``
    and ``check_reasoning_logic``), with the problems it found."""
    missing = [h for h in _REQUIRED if h not in completion]
    kinds = dict(zip(_REQUIRED, (P.MISSING_DESCRIPTION, P.MISSING_RATIONALES,
                                 P.MISSING_STEPS, P.MISSING_ANSWER), strict=True))
    problems = [P.problem(kinds[h], f"no {h!r}") for h in missing]
    headers = list(_STEP_HEADER.finditer(completion))
    logical = bool(headers)
    if headers and not completion.strip().endswith(_FINAL):
        final = completion.find(_FINAL)
        if final == -1:
            logical = False
        elif final < headers[-1].end():
            logical = False
            problems.append(P.problem(P.STEP_AFTER_ANSWER, "a step header ends after the first final answer"))
    if headers and not _numbered_in_order([m.group(1) for m in headers]):
        logical = False
        problems.append(P.problem(P.STEP_NUMBERING, "step headers are not numbered 1..n in order"))
    return Validity(not missing, logical, tuple(problems))


def score_released(completion: str | None, solution: Any, key_steps: Any,
                   config: RewardConfig) -> TraceScore:
    """`score_trace` with the released code's verdicts (see the module docstring)."""
    from .scoring import TraceScore, _zero

    found: list[str] = []
    if completion is None or not completion.strip():
        return _zero("released", None, 0, [P.EMPTY_COMPLETION])
    if len(completion) > config.max_completion_chars:
        detail = f"{len(completion)} characters > max_completion_chars={config.max_completion_chars}"
        return _zero("released", None, 0, [P.problem(P.INPUT_TOO_LONG, detail)])
    correct, predicted, gold = released_answer(completion, solution, found)
    match = released_key_steps(completion, key_steps, config, found)
    validity = released_validity(completion)
    accuracy = config.answer_reward * correct + config.alpha * match.ratio
    validity_value = config.validity_reward if validity.valid else 0.0
    return TraceScore(
        answer_correct=correct, predicted_answer=predicted, gold_answer=gold,
        valid=validity.valid, complete=validity.complete, logical=validity.logical,
        key_steps_matched=match.matched, key_steps_total=match.total,
        key_step_ratio=match.ratio, accuracy=accuracy, validity=validity_value,
        total=accuracy + validity_value, layout="released",
        problems=tuple(found) + validity.problems, key_step_match=match,
        validity_check=validity,
    )
