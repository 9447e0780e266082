"""Parse a reasoning trace into its sections and numbered steps.

The target is the structured (Mulberry) format of R1-VL::

    ### Image Description:
    ### Rationales:
    ### Let's think step by step.
    ### Step 1:
    ### The final answer is: <answer>

Other layouts that models emit are recognised too, so their answers and steps can
still be found: ``<think>...</think><answer>...</answer>`` (``"think_answer"``),
``Step 1:`` lines without ``###`` (``"plain_steps"``), a ``\\boxed{}`` answer
(``"boxed"``), or none of these (``"free"``).

Parsing is a handful of linear scans with precompiled patterns that cannot
backtrack catastrophically; the number of sections is capped.

Examples:
    >>> t = parse_trace("### Image Description:\\nA bar chart.\\n### Rationales:\\nRead bars.\\n"
    ...                 "### Step 1:\\nA = 3.\\n### The final answer is: 3")
    >>> t.layout, [s.number for s in t.steps], t.answer_sections[0].text
    ('mulberry', [1], '3')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

Layout = Literal["mulberry", "think_answer", "plain_steps", "boxed", "free"]
SectionKind = Literal["description", "rationales", "think", "step", "answer", "reasoning"]

#: More section headers than this are not read (thousands of headers are an attack or a loop).
MAX_SECTIONS = 512

_KINDS_BY_WORD = {
    "image description": "description",
    "rationale": "rationales",
    "rationales": "rationales",
    "the final answer is": "answer",
}

# Lenient headers: one to six '#', any spacing and case, optional colon/period.
_LENIENT_HEADER = re.compile(
    r"^[ \t]*#{1,6}[ \t]*"
    r"(image[ \t]+description|rationales?|let['’]?s[ \t]+think[ \t]+step[ \t]+by[ \t]+step"
    r"|step[ \t]*(\d{1,6})|the[ \t]+final[ \t]+answer[ \t]+is)"
    r"[ \t]*[:.]?",
    re.IGNORECASE | re.MULTILINE,
)
# Canonical headers only, exactly as the R1-VL prompt writes them.
_STRICT_HEADER = re.compile(
    r"^### (Image Description|Rationales|Let['’]s think step by step|Step (\d{1,6})"
    r"|The final answer is)(?::|\.)",
    re.MULTILINE,
)
_PLAIN_STEP = re.compile(
    r"^[ \t]*(?:[*_]{1,2}|#{1,6}[ \t]*)?step[ \t]*(\d{1,6})[ \t]*(?:[:.)]|[*_]{1,2}[ \t]*:?)",
    re.IGNORECASE | re.MULTILINE,
)
_THINK = re.compile(r"<think>(.*?)(?:</think>|\Z)", re.IGNORECASE | re.DOTALL)
_ANSWER_OPEN = re.compile(r"<answer>", re.IGNORECASE)
_ANSWER_CLOSE = re.compile(r"</answer>", re.IGNORECASE)
_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")
_WS = re.compile(r"[ \t]+")


class Step(NamedTuple):
    """One numbered reasoning step: its number as written, its text and its span.

    (A named tuple rather than a dataclass: a trace makes several per call, and a
    tuple is built several times faster.)
    """

    number: int
    text: str
    span: tuple[int, int]


class Section(NamedTuple):
    """One section of a trace: its kind, the header span and the body span and text.

    ``number`` is the step number for ``kind == "step"`` and ``None`` otherwise.
    """

    kind: SectionKind
    header: tuple[int, int]
    span: tuple[int, int]
    text: str
    number: int | None = None


@dataclass(frozen=True, slots=True)
class Trace:
    """A parsed reasoning trace.

    ``sections`` are in the order they appear; ``steps`` are the numbered steps in
    that order (numbers as written, so gaps and repeats stay visible);
    ``headers_truncated`` is true when more than ``MAX_SECTIONS`` headers were seen.
    """

    text: str
    layout: Layout
    sections: tuple[Section, ...]
    steps: tuple[Step, ...]
    headers_truncated: bool = False

    def first(self, kind: SectionKind) -> Section | None:
        """The first section of *kind*, or ``None``."""
        for section in self.sections:
            if section.kind == kind:
                return section
        return None

    @property
    def description(self) -> str | None:
        section = self.first("description")
        return None if section is None else section.text

    @property
    def rationales(self) -> str | None:
        section = self.first("rationales")
        return None if section is None else section.text

    @property
    def answer_sections(self) -> tuple[Section, ...]:
        """Every final-answer section (Mulberry header or ``<answer>`` tag), in order."""
        return tuple(s for s in self.sections if s.kind == "answer")

    @property
    def reasoning(self) -> str:
        """The text before the final answer: description, rationales, steps, or the
        ``<think>`` body; for free text, everything before the last answer."""
        parts = [s.text for s in self.sections if s.kind in ("description", "rationales", "step", "reasoning")]
        if parts:
            return "\n".join(parts)
        answers = self.answer_sections
        return self.text[: answers[-1].header[0]] if answers else self.text


def _clean(body: str) -> str:
    return body.strip()


def _kind_of(word: str) -> SectionKind:
    word = word.lower()
    if "  " in word or "\t" in word:
        word = _WS.sub(" ", word)
    if word.startswith("step"):
        return "step"
    if word.startswith("let"):
        return "think"
    return _KINDS_BY_WORD.get(word, "rationales")  # type: ignore[return-value]


def _header_matches(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """Header matches in order. Jumps from one ``#`` to the next with ``str.find``
    and tries the anchored pattern only at line starts, which is several times
    faster than a regex scan of every position; texts full of ``#`` take the scan."""
    if text.count("#") > 8 * MAX_SECTIONS:
        yield from pattern.finditer(text)
        return
    pos = text.find("#")
    while pos != -1:
        line_start = text.rfind("\n", 0, pos) + 1
        if pos == line_start or not text[line_start:pos].strip(" \t"):
            m = pattern.match(text, line_start)
            if m is not None:
                yield m
                pos = text.find("#", m.end())
                continue
        newline = text.find("\n", pos)
        if newline == -1:
            return
        pos = text.find("#", newline)


def _sections_from_headers(text: str, pattern: re.Pattern[str]) -> tuple[list[Section], bool]:
    headers: list[tuple[int, int, SectionKind, int | None]] = []
    truncated = False
    for m in _header_matches(text, pattern):
        if len(headers) >= MAX_SECTIONS:
            truncated = True
            break
        kind = _kind_of(m.group(1))
        number = int(m.group(2)) if kind == "step" else None
        headers.append((m.start(), m.end(), kind, number))
    sections: list[Section] = []
    for i, (start, end, kind, number) in enumerate(headers):
        stop = headers[i + 1][0] if i + 1 < len(headers) else len(text)
        if truncated and i + 1 == len(headers):
            stop = end
        body = text[end:stop]
        sections.append(Section(kind, (start, end), (end, stop), _clean(body), number))
    return sections, truncated


def _plain_steps(text: str, offset: int, stop: int) -> tuple[list[Section], bool]:
    region = text[offset:stop]
    found: list[tuple[int, int, int]] = []
    truncated = False
    for m in _PLAIN_STEP.finditer(region):
        if len(found) >= MAX_SECTIONS:
            truncated = True
            break
        found.append((m.start() + offset, m.end() + offset, int(m.group(1))))
    sections = []
    for i, (start, end, number) in enumerate(found):
        nxt = found[i + 1][0] if i + 1 < len(found) else stop
        sections.append(Section("step", (start, end), (end, nxt), _clean(text[end:nxt]), number))
    return sections, truncated


def answer_tags(text: str) -> list[tuple[int, int, int]]:
    """``(tag start, body start, body end)`` of each ``<answer>...</answer>`` pair.

    A regex ``<answer>(.*?)</answer>`` rescans the rest of the text from every
    unclosed opening tag (quadratic: 30 s on 160 kB of ``<answer>``); this pairs each
    opening tag with the next closing tag in one pass.
    """
    found: list[tuple[int, int, int]] = []
    pos = 0
    while len(found) < MAX_SECTIONS:
        opening = _ANSWER_OPEN.search(text, pos)
        if opening is None:
            break
        closing = _ANSWER_CLOSE.search(text, opening.end())
        if closing is None:
            break
        found.append((opening.start(), opening.end(), closing.start()))
        pos = closing.end()
    return found


def find_last_boxed(text: str) -> str | None:
    """Return the content of the last ``\\boxed{...}`` (balanced braces), or ``None``.

    Scans at most one brace-balanced region per ``\\boxed`` from the end, so the work is
    linear in the text length.
    """
    last = None
    for m in _BOXED.finditer(text):
        last = m
    if last is None:
        return None
    depth = 1
    start = i = last.end()
    n = len(text)
    while i < n:
        c = text[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return text[start:i].strip()
        i += 1
    return None


def parse_trace(text: str, *, lenient_headers: bool = True) -> Trace:
    """Split *text* into sections and numbered steps and record its layout.

    Never raises for a string; *lenient_headers* tolerates header spacing and case
    (``###Step 1:``, ``### step 1:``). Non-string input raises ``TypeError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_trace expects a str, got {type(text).__name__}")
    pattern = _LENIENT_HEADER if lenient_headers else _STRICT_HEADER
    sections, truncated = _sections_from_headers(text, pattern)
    if sections:
        steps = tuple(Step(s.number or 0, s.text, s.span) for s in sections if s.kind == "step")
        return Trace(text, "mulberry", tuple(sections), steps, truncated)

    think = _THINK.search(text) if "<" in text else None
    answers = answer_tags(text) if "<" in text else []
    if think is not None or answers:
        found: list[Section] = []
        if think is not None:
            found.append(Section("reasoning", (think.start(), think.start(1)), think.span(1),
                                 _clean(think.group(1))))
            step_sections, truncated = _plain_steps(text, think.start(1), think.end(1))
            found.extend(step_sections)
        for start, body, end in answers:
            found.append(Section("answer", (start, body), (body, end), _clean(text[body:end])))
        found.sort(key=lambda s: s.header[0])
        steps = tuple(Step(s.number or 0, s.text, s.span) for s in found if s.kind == "step")
        return Trace(text, "think_answer", tuple(found), steps, truncated)

    step_sections, truncated = _plain_steps(text, 0, len(text))
    if step_sections:
        steps = tuple(Step(s.number or 0, s.text, s.span) for s in step_sections)
        return Trace(text, "plain_steps", tuple(step_sections), steps, truncated)
    if _BOXED.search(text):
        return Trace(text, "boxed", (), ())
    return Trace(text, "free", (), ())
