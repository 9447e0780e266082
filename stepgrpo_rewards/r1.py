"""The r1 layout: reasoning in ``<think>...</think>``, the answer in ``<answer>...</answer>``
or a ``\\boxed{}`` after it (the layout of DeepSeek-R1, open-r1, verl and EasyR1 recipes).

`read_r1` reads a completion once and gives what the three parts of the reward need:
the steps of the reasoning (key-step matching), the committed answers (StepRAR's
verifier, with the hedge and negation rules of every layout) and the verdict of the
r1 rules (StepRVR). The rules, with an example each, are in docs/rules.md:

- complete: a think block, closed, and an answer after it (an ``<answer>`` tag pair,
  or, when there is none, a closed ``\\boxed{}``);
- logical: the think block shows text; exactly one answer, not empty, after the think
  block, with nothing after it; no other think or answer tag (a second block, a stray
  or nested tag); steps, when the reasoning numbers them, numbered 1..n in order and
  not empty.

Tags and boxes inside code (a fenced block or an inline code span) are quoted, not
written: they are neither tags nor answers. Answers inside the think block are
thinking, not answers. A completion whose think block opens in the prompt (a chat
template that ends with ``<think>``) starts inside it: a ``</think>`` with no
``<think>`` before it closes a think block that starts at the completion's start.

Every scan is linear in the text, and at most ``MAX_SECTIONS`` steps are read.

Examples:
    >>> r = read_r1("<think>\\nStep 1: 2 + 3 = 5\\n</think>\\n<answer>5</answer>")
    >>> r.validity.valid, [s.number for s in r.trace.steps], r.answers
    (True, [1], ('5',))
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from . import problems as P
from .answer import (
    answers_of,
    first_line,
    first_line_void,
    gap_answers,
    later_answers,
    tag_value,
    with_box_line,
)
from .cleaning import box_answer
from .mathtext.boxed import boxes
from .trace import ANY_ANSWER_TAG as _ANY_ANSWER
from .trace import MAX_SECTIONS, Section, Step, Trace, answer_tags, parse_trace
from .validity import Validity, _blank

# A code fence opens a line: three or more backticks or tildes.
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.MULTILINE)
_INLINE_CODE = re.compile(r"`[^`\n]{1,2000}`")
# What code cannot hold if a tag or a box inside it is to stay quoted: their first character.
_TAG_CHARS = re.compile(r"[<\\]")
_THINK_OPEN = re.compile(r"<think>", re.IGNORECASE)
_THINK_CLOSE = re.compile(r"</think>", re.IGNORECASE)
_ANY_THINK = re.compile(r"</?think>", re.IGNORECASE)
_NOT_NEWLINE = re.compile(r"[^\n]+")
# A step marker of the reasoning: a line that opens with "Step N" followed by ":", ".",
# ")", a closing bold mark or the line's end ("Step 1:", "**Step 1**", "### Step 1.").
# "Step 1 is to ..." is a sentence, not a marker. ASCII letters and digits only.
_STEP_MARK = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:[*_]{1,2}[ \t]*)?step[ \t]*([0-9]{1,6})"
    r"(?:[ \t]*(?:[:.)：](?:[ \t]*[*_]{1,2})?|[*_]{1,2}(?:[ \t]*[:：])?)|(?=[ \t]*\r?$))",
    re.IGNORECASE | re.MULTILINE | re.ASCII,
)
# A numbered line: "1. text", "**2.** text" (a space and text after the period, so "1.5
# is" is not one). Read as steps only when the reasoning has no "Step N" marker.
_NUMBERED = re.compile(r"^[ \t]*(?:[*_]{1,2})?([0-9]{1,3})\.(?:[*_]{1,2})?[ \t]+(?=\S)",
                       re.MULTILINE | re.ASCII)


@dataclass(frozen=True, slots=True)
class R1Reading:
    """A completion read by the r1 rules.

    ``trace`` holds the reasoning (the think block, or the text before the first
    answer when there is none), its numbered steps and the answer tags, for key-step
    matching; ``answers`` are the committed answers in order (empty when none;
    several that disagree make the answer wrong); ``validity`` is StepRVR's verdict.
    """

    trace: Trace
    answers: tuple[str, ...]
    validity: Validity


def _blank_out(text: str) -> str:
    """*text* with every character but newlines made a space (same length)."""
    return _NOT_NEWLINE.sub(lambda m: " " * len(m.group()), text)


def _neutralise_code(text: str) -> str:
    """*text* (same length) with ``<`` and ``\\`` inside code made spaces: a tag or a
    box quoted in code is then no tag and no box, and the code's words stay readable
    (a hedge inside code is still a hedge)."""
    if "`" not in text and "~~~" not in text:
        return text
    spans: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    for m in _FENCE.finditer(text):
        fence = m.group(1)
        if opened is None:
            opened = (m.start(), fence)
        elif fence[0] == opened[1][0] and len(fence) >= len(opened[1]):
            spans.append((opened[0], m.end()))
            opened = None
    if opened is not None:
        spans.append((opened[0], len(text)))  # an unclosed fence runs to the end
    spans.extend(m.span() for m in _INLINE_CODE.finditer(text) if "<" in m.group() or "\\" in m.group())
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        chunk = text[start:end]
        if "<" in chunk or "\\" in chunk:
            chars[start:end] = _TAG_CHARS.sub(" ", chunk)
    return "".join(chars)


def _steps(text: str, neutral: str, start: int, stop: int) -> tuple[list[Section], bool]:
    """The numbered steps of ``text[start:stop]``: "Step N" markers when it has any,
    else numbered lines; and whether more than ``MAX_SECTIONS`` were cut off."""
    start = neutral.rfind("\n", 0, start) + 1  # "^" matches at a line's start only
    marks = list(_first(_STEP_MARK.finditer(neutral, start, stop)))
    if not marks:
        marks = list(_first(_NUMBERED.finditer(neutral, start, stop)))
    truncated = len(marks) > MAX_SECTIONS
    marks = marks[:MAX_SECTIONS]
    sections = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else stop
        sections.append(Section("step", m.span(), (m.end(), end), text[m.end():end].strip(), int(m.group(1))))
    return sections, truncated


def _first(matches: Iterator[re.Match[str]]) -> Iterator[re.Match[str]]:
    """At most ``MAX_SECTIONS + 1`` of *matches* (more says only that there were more)."""
    for i, m in enumerate(matches):
        if i > MAX_SECTIONS:
            return
        yield m


def _think_block(neutral: str) -> tuple[int, int, int, int, bool] | None:
    """``(block start, body start, body end, block end, closed)`` of the think block,
    or ``None`` when there is none; an unclosed block runs to the text's end."""
    opening = _THINK_OPEN.search(neutral)
    closing = _THINK_CLOSE.search(neutral)
    if closing is not None and (opening is None or closing.start() < opening.start()):
        return 0, 0, closing.start(), closing.end(), True  # opened by the prompt
    if opening is None:
        return None
    closing = _THINK_CLOSE.search(neutral, opening.end())
    if closing is None:
        return opening.start(), opening.end(), len(neutral), len(neutral), False
    return opening.start(), opening.end(), closing.start(), closing.end(), True


def read_r1(text: str) -> R1Reading:
    """Read *text* by the r1 rules (module docstring). Never raises for a string."""
    neutral = _neutralise_code(text)
    block = _think_block(neutral)
    found: list[str] = []
    closed = block is not None and block[4]
    # Outside the think block: where answers are (the block made blank, same length).
    if block is None:
        outside = neutral
        found.append(P.problem(P.MISSING_THINK, "no <think> block"))
    else:
        outside = neutral[: block[0]] + _blank_out(neutral[block[0] : block[3]]) + neutral[block[3] :]
        if not closed:
            found.append(P.problem(P.UNCLOSED_THINK, "the <think> block is never closed"))
    tags = answer_tags(outside)
    items: list[tuple[int, int, int, int]] = [(a, b, c, outside.find(">", c) + 1) for a, b, c in tags]
    tag_starts = [a for a, _, _, _ in items]  # in order, and the tags do not overlap
    for start, body, close in boxes(outside):
        i = bisect_right(tag_starts, start) - 1
        if i < 0 or start >= items[i][3]:  # not inside a tag
            items.append((start, body, close, close + 1))
    items.sort()
    if not items:
        found.append(P.problem(P.MISSING_ANSWER, "no <answer> tag or \\boxed{} after the think block"))
    complete = not found
    logic: list[str] = []
    if block is not None and closed and _blank(neutral[block[1] : block[2]]):
        logic.append(P.problem(P.EMPTY_THINK, "the think block is empty"))
    stray = len(_ANY_THINK.findall(outside)) + len(_ANY_ANSWER.findall(outside)) - 2 * len(tags)
    if block is not None and _THINK_OPEN.search(neutral, block[1], block[2]):
        stray += 1  # a think block inside the think block
    if stray:
        logic.append(P.problem(P.STRAY_TAG, f"{stray} think or answer tag(s) out of place"))
    if len(items) > 1:
        logic.append(P.problem(P.MULTIPLE_ANSWERS, f"{len(items)} answers"))
    if block is not None and any(item[0] < block[0] for item in items):
        logic.append(P.problem(P.SECTION_ORDER, "an answer comes before the think block"))
    if items:
        last = items[-1]
        if _blank(text[last[1] : last[2]]):
            logic.append(P.EMPTY_ANSWER)
        if not _blank(outside[last[3] :]):
            logic.append(P.problem(P.TEXT_AFTER_ANSWER, "text after the answer"))
    # The reasoning: the think body, or with no think block the text before the answer.
    if block is not None:
        r_start, r_stop = block[1], block[2]
    else:
        r_start, r_stop = 0, items[0][0] if items else len(text)
    # (the opening tag made blank: a step marker may follow it on its line)
    scan = neutral if block is None else neutral[: block[0]] + " " * (block[1] - block[0]) + neutral[block[1] :]
    steps, truncated = _steps(text, scan, r_start, r_stop)
    if truncated:
        logic.append(P.problem(P.TOO_MANY_SECTIONS, f"more than {MAX_SECTIONS} steps"))
    for expected, step in enumerate(steps, start=1):
        if step.number != expected:
            logic.append(P.problem(P.STEP_NUMBERING, f"expected step {expected}, found step {step.number}"))
            break
    if block is not None:
        for step in steps:
            if _blank(step.text):
                logic.append(P.problem(P.EMPTY_STEP, f"step {step.number} is empty"))
                break
    sections = [Section("reasoning", (r_start, r_start), (r_start, r_stop), text[r_start:r_stop].strip()),
                *steps,
                *(Section("answer", (a, b), (b, c), text[b:c].strip()) for a, b, c in tags)]
    layout = "think_answer" if block is not None or tags else ("plain_steps" if steps else "free")
    trace = Trace(text, layout, tuple(sections),  # type: ignore[arg-type]
                  tuple(Step(s.number or 0, s.text, s.span) for s in steps), truncated)
    answers = _answers(text, outside, tags, items)
    return R1Reading(trace, tuple(answers), Validity(complete, not logic, tuple(found + logic)))


def _answers(text: str, outside: str, tags: list[tuple[int, int, int]],
             items: list[tuple[int, int, int, int]]) -> list[str]:
    """The committed answers outside the think block: each ``<answer>`` tag's value
    (its first line, and any later line that commits: `later_answers`), what commits
    after the last tag, and each box outside the tags; with no tag, what the answer
    verifier reads in the text outside the think block (a box, an answer line), by
    the rules of every layout."""
    if not tags:
        return answers_of(parse_trace(outside))
    # what commits between the think block and the first tag ("12 <answer>15</answer>")
    # must agree with the tag, as in every layout (`answer._before_tag`)
    first_open = min(open_ for open_, _, _ in tags)
    found: list[str] = gap_answers(outside, max(0, first_open - 4000), first_open)
    for open_, body, close in tags:
        value = text[body:close]
        head = first_line(value)
        rest = value[value.find(head) + len(head):] if head else ""
        # a minus right before the tag is its value's sign ("-<answer>12</answer>")
        found += [*with_box_line(tag_value(outside, open_, head)), *later_answers(rest)]
        void = first_line_void(value, head, rest)  # "\\boxed{12} since the real one", "is unknown"
        if void is not None:
            found.append(void)
    bodies = {b for _, b, _ in tags}
    last_end = max(e for _, b, _, e in items if b in bodies)
    found += later_answers(outside[last_end:])
    for start, body, _, end in items:
        if body not in bodies and end <= last_end:  # a box outside the tags, before the last
            found.append(box_answer(outside[start:end]) or "")
    return found


def uses_r1(text: str) -> bool:
    """Whether ``layout="auto"`` reads *text* by the r1 rules: it has a think tag
    outside code (``<think>`` or ``</think>``). Any other completion is read by the
    Mulberry rules."""
    if "think>" not in text.lower():
        return False
    return _ANY_THINK.search(_neutralise_code(text)) is not None


__all__ = ["R1Reading", "read_r1", "uses_r1"]
