"""StepRVR's rules: is a trace complete and logical?

Complete: an image description, rationales, at least one step and a final answer.
Logical: they come in that order; steps are numbered 1..n with no gap, repeat or
reordering; exactly one final-answer section, not empty, after the last step; no
empty step, description or rationales (a header with nothing under it would earn
StepRVR for skipping the section; a section is empty when it shows no letter, digit
or symbol: whitespace, invisible characters, punctuation and markdown marks alone
are nothing); no section twice. The released R1-VL code
checked only the step numbering and the answer's position; the order of description
and rationales counts here too.

Examples:
    >>> v = check_validity("### Step 1:\\nx = 2\\n### The final answer is: 2")
    >>> v.complete, v.valid, v.problems[:2]
    (False, False, ('missing_description', 'missing_rationales'))
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from . import problems as P
from .config import DEFAULT_CONFIG, RewardConfig
from .trace import Trace, parse_trace

_ORDER = {"description": 0, "rationales": 1, "think": 2, "step": 3, "answer": 4}
_NAMES = {"description": "image description", "rationales": "rationales",
          "think": "\"Let's think step by step\"", "step": "steps", "answer": "final answer"}


@dataclass(frozen=True, slots=True)
class Validity:
    """The StepRVR verdict: ``valid = complete and logical``, with the reasons."""

    complete: bool
    logical: bool
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return self.complete and self.logical

    def to_dict(self) -> dict[str, Any]:
        return {"complete": self.complete, "logical": self.logical, "valid": self.valid,
                "problems": list(self.problems)}


#: The verdict on a trace with nothing to report (immutable, so one is shared).
_VALID = Validity(True, True)

_section_kind = attrgetter("kind")


def _symbols() -> str:
    """The math and other symbols of the Basic Multilingual Plane (categories Sm, So),
    as regex class ranges: text like ``∞``, ``>``, ``✓`` or ``°`` that means something.
    Not the braille blank (it prints as a space), nor ``|`` and ``~``, markdown marks
    (tables, strike-through) and LaTeX spacing alone."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if code not in (0x2800, 0x7C, 0x7E) and unicodedata.category(chr(code)) in ("Sm", "So"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(a)) + ("" if a == b else "-" + re.escape(chr(b))) for a, b in ranges)


# A character that shows text: a letter or digit (``[^\W_]``, less the Hangul fillers,
# letters that print as nothing) or a symbol. A section with none of them is empty:
# whitespace, invisible characters (zero-width, direction and tag characters, variation
# selectors, controls), lone combining marks, private-use characters, punctuation and
# markdown or LaTeX marks (``###``, ``**``, ``---``, ``$$``, ``{}``) earn no section.
_SHOWS_TEXT = re.compile(f"[^\\W_\u115f\u1160\u3164\uffa0]|[{_symbols()}]")


_ASCII_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _blank(text: str) -> bool:
    """Whether a section body shows no text. One regex search that stops at the first
    character with text (constant work on an ordinary body, linear on a blank one);
    a body that starts with an ASCII letter or digit, most of them, needs none."""
    if text[:1] in _ASCII_ALNUM:
        return False
    return _SHOWS_TEXT.search(text) is None


@functools.lru_cache(maxsize=64)
def _clean_kinds(steps: int, think: bool) -> tuple[str, ...]:
    """The section kinds of a trace the rules have nothing to say about, in order."""
    head = ("description", "rationales", "think") if think else ("description", "rationales")
    return (*head, *("step",) * steps, "answer")


def _is_clean(trace: Trace) -> bool:
    """Whether the rules have nothing to report on *trace*: description, rationales,
    an optional "Let's think step by step", steps numbered 1..n (n >= 1) that are not
    empty, and one final answer that is not empty, in that order, with no header cut
    off.

    Most traces a trained model writes are like this; one comparison of the kinds
    settles completeness, order and duplicates for them, where `_completeness` and
    `_logic` would walk every rule. A trace that is not clean takes that walk, so its
    problems are the same as ever.
    """
    sections = trace.sections
    steps = trace.steps
    if trace.headers_truncated or not steps:
        return False
    think = len(sections) == len(steps) + 4  # room for a "Let's think" section
    if tuple(map(_section_kind, sections)) != _clean_kinds(len(steps), think):
        return False
    for expected, step in enumerate(steps, start=1):
        if step.number != expected or _blank(step.text):
            return False
    # the description, the rationales and the final answer have text too
    return not (_blank(sections[0].text) or _blank(sections[1].text) or _blank(sections[-1].text))


def _completeness(trace: Trace) -> list[str]:
    kinds = {s.kind for s in trace.sections}
    missing = []
    if "description" not in kinds:
        missing.append(P.MISSING_DESCRIPTION)
    if "rationales" not in kinds:
        missing.append(P.MISSING_RATIONALES)
    if not trace.steps:
        missing.append(P.MISSING_STEPS)
    if "answer" not in kinds:
        missing.append(P.MISSING_ANSWER)
    return missing


def _logic(trace: Trace) -> list[str]:
    found: list[str] = []
    if trace.headers_truncated:
        found.append(P.problem(P.TOO_MANY_SECTIONS, "too many section headers to read"))
    seen: dict[str, int] = {}
    highest = -1
    highest_kind = ""
    for section in trace.sections:
        kind = section.kind
        rank = _ORDER.get(kind, 3)
        if kind in ("description", "rationales", "think"):
            seen[kind] = seen.get(kind, 0) + 1
            if seen[kind] == 2:
                found.append(P.problem(P.DUPLICATE_SECTION, f"{_NAMES[kind]} appears more than once"))
        if rank < highest:
            if kind == "step" and highest_kind == "answer":
                found.append(P.problem(P.STEP_AFTER_ANSWER, f"step {section.number} comes after the final answer"))
            elif not (kind == "answer" and highest_kind == "answer"):
                found.append(P.problem(P.SECTION_ORDER, f"{_NAMES[kind]} comes after {_NAMES[highest_kind]}"))
        if rank > highest:
            highest, highest_kind = rank, kind
    for expected, step in enumerate(trace.steps, start=1):
        if step.number != expected:
            found.append(P.problem(P.STEP_NUMBERING, f"expected step {expected}, found step {step.number}"))
            break
    for kind, empty in (("description", P.EMPTY_DESCRIPTION), ("rationales", P.EMPTY_RATIONALES)):
        first = trace.first(kind)
        if first is not None and _blank(first.text):
            found.append(P.problem(empty, f"the {_NAMES[kind]} section is empty"))
    for step in trace.steps:
        if _blank(step.text):
            found.append(P.problem(P.EMPTY_STEP, f"step {step.number} is empty"))
            break
    answers = trace.answer_sections
    if len(answers) > 1:
        found.append(P.problem(P.MULTIPLE_ANSWERS, f"{len(answers)} final-answer sections"))
    if answers and _blank(answers[-1].text):
        found.append(P.EMPTY_ANSWER)
    return found


def check_validity(trace_or_text: Trace | str, *, config: RewardConfig | None = None) -> Validity:
    """Judge whether a completion is a complete and logical structured trace.

    Traces in other layouts (``<think>``/``<answer>``, bare ``Step 1:`` lines) are not
    valid: StepRVR rewards the structured format the model is trained to follow. With
    ``config.layout`` ``"r1"`` (or ``"auto"`` and a think tag in the text) the r1 rules
    judge instead (`stepgrpo_rewards.r1`).
    """
    config = config or DEFAULT_CONFIG
    if config.layout != "mulberry":
        from .layouts import rules_for
        from .r1 import read_r1

        text = trace_or_text.text if isinstance(trace_or_text, Trace) else trace_or_text
        if rules_for(text, config) == "r1":
            return read_r1(text).validity
    trace = trace_or_text if isinstance(trace_or_text, Trace) else parse_trace(
        trace_or_text, lenient_headers=config.lenient_headers
    )
    return mulberry_validity(trace)


def mulberry_validity(trace: Trace) -> Validity:
    """The verdict of the Mulberry rules (the paper's) on a parsed trace."""
    if trace.layout != "mulberry":
        return Validity(False, False, (P.problem(P.NOT_MULBERRY_LAYOUT, f"layout is {trace.layout}"),))
    if _is_clean(trace):
        return _VALID
    missing = _completeness(trace)
    illogical = _logic(trace)
    return Validity(not missing, not illogical, tuple(missing + illogical))
