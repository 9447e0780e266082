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

import functools
import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from ._slots import new_instance, slot_setters
from .mathtext.boxed import BOX_OPEN

# Re-exported: the box finder lived here before `mathtext.boxed`, and old import
# paths keep working.
from .mathtext.boxed import boxes as boxes
from .mathtext.boxed import find_last_boxed as find_last_boxed

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

# Spacing that lenient headers tolerate: spaces and tabs, and the no-break, fixed-width
# and ideographic spaces that a tokenizer or a copy from a web page puts in their place.
_SPACE = "[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
#: What `_sections_from_headers` strips before a '#' that does not open its line: the
#: spacing above and a byte-order mark (the patterns then decide).
_LINE_PAD = " \t\u00a0\u202f\u205f\u3000\ufeff" + "".join(map(chr, range(0x2000, 0x200B)))
# Lenient headers: one to six '#', any spacing and case, optional colon (ASCII or
# full-width) or period, bold (``### **Step 1:**``). Letters and digits are ASCII only
# (re.ASCII): with Unicode case folding IGNORECASE matches "ſtep" and "Image Descrıption"
# (long s, dotless i), and ``\d`` matches "١" and "𝟏"; lookalike headers are text. Both
# patterns skip a byte-order mark at the start of the text (``(?:\A\ufeff)?``), an
# encoding artifact, not spelling.
_LENIENT_HEADER = re.compile(
    rf"^(?:\A\ufeff)?{_SPACE}*#{{1,6}}{_SPACE}*(?:[*_]{{1,2}}{_SPACE}*)?"
    rf"(image{_SPACE}+description|rationales?|let['’]?s{_SPACE}+think{_SPACE}+step{_SPACE}+by{_SPACE}+step"
    rf"|step{_SPACE}*([0-9]{{1,6}})|the{_SPACE}+final{_SPACE}+answer{_SPACE}+is)"
    rf"(?:{_SPACE}*[*_]{{1,2}})?{_SPACE}*[:.：]?(?:[*_]{{1,2}})?",
    re.IGNORECASE | re.MULTILINE | re.ASCII,
)
# Canonical headers only, exactly as the R1-VL prompt writes them.
_STRICT_HEADER = re.compile(
    r"^(?:\A\ufeff)?### (Image Description|Rationales|Let['’]s think step by step|Step ([0-9]{1,6})"
    r"|The final answer is)(?::|\.)",
    re.MULTILINE,
)
# The canonical headers that the lenient pattern reads alike (span and groups): not
# those followed by the bold marks that it takes into the header.
_CANONICAL_FIRST = re.compile(_STRICT_HEADER.pattern + r"(?![*_])", re.MULTILINE)
_PLAIN_STEP = re.compile(
    r"^[ \t]*(?:[*_]{1,2}|#{1,6}[ \t]*)?step[ \t]*(\d{1,6})[ \t]*(?:[:.)]|[*_]{1,2}[ \t]*:?)",
    re.IGNORECASE | re.MULTILINE,
)
_THINK = re.compile(r"<think>(.*?)(?:</think>|\Z)", re.IGNORECASE | re.DOTALL)
# An answer tag in any spelling that a renderer or a lenient reader takes for one: any
# case, spacing inside the brackets, attributes ("<answer >", "< ANSWER>",
# '<answer id="1">', "</ answer>", "</answer >"); a second answer must not hide
# behind a space. ("<answers>" and "<answer_text>" are other tags.) Bounded runs: linear.
ANSWER_OPEN = re.compile(r"<[ \t]{0,20}answer(?:[ \t\r\n][^<>]{0,200})?>", re.IGNORECASE)
ANSWER_CLOSE = re.compile(r"<[ \t]{0,20}/[ \t]{0,20}answer[ \t\r\n]{0,20}>", re.IGNORECASE)
#: Either tag (`r1` counts the stray ones).
ANY_ANSWER_TAG = re.compile(ANSWER_OPEN.pattern + "|" + ANSWER_CLOSE.pattern, re.IGNORECASE)
_WS = re.compile(_SPACE + "+")


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
        return tuple([s for s in self.sections if s.kind == "answer"])

    @property
    def reasoning(self) -> str:
        """The text before the final answer: description, rationales, steps, or the
        ``<think>`` body; for free text, everything before the last answer."""
        parts = [s.text for s in self.sections if s.kind in ("description", "rationales", "step", "reasoning")]
        if parts:
            return "\n".join(parts)
        answers = self.answer_sections
        return self.text[: answers[-1].header[0]] if answers else self.text


_SET_TEXT, _SET_LAYOUT, _SET_SECTIONS, _SET_STEPS, _SET_HEADERS_TRUNCATED = slot_setters(Trace)


def _trace(text: str, layout: Layout, sections: tuple[Section, ...], steps: tuple[Step, ...],
           headers_truncated: bool = False) -> Trace:
    """``Trace(...)``, built on the scoring path by setting its slots (`_slots`)."""
    trace = new_instance(Trace)
    _SET_TEXT(trace, text)
    _SET_LAYOUT(trace, layout)
    _SET_SECTIONS(trace, sections)
    _SET_STEPS(trace, steps)
    _SET_HEADERS_TRUNCATED(trace, headers_truncated)
    return trace


def _clean(body: str) -> str:
    return body.strip()


def _kind_of(word: str) -> SectionKind:
    """The section kind that header *word* (group 1 of a header pattern) names."""
    word = _WS.sub(" ", word.lower())
    if word.startswith("step"):
        return "step"
    if word.startswith("let"):
        return "think"
    return _KINDS_BY_WORD.get(word, "rationales")  # type: ignore[return-value]


#: Header words longer than this (spacing can make one as long as the text) are not cached.
_MAX_CACHED_WORD = 40


def _header_of(word: str) -> tuple[SectionKind, int | None]:
    """`_cached_header_of` for the short words of real headers; a long one (a run of
    tabs inside ``Step``) is read directly, so the cache never holds a completion."""
    if len(word) > _MAX_CACHED_WORD:
        return _read_header(word)
    return _cached_header_of(word)


@functools.lru_cache(maxsize=1024)
def _cached_header_of(word: str) -> tuple[SectionKind, int | None]:
    return _read_header(word)


def _read_header(word: str) -> tuple[SectionKind, int | None]:
    """The kind and, for a step, the number that header *word* names.

    Cached (`_cached_header_of`) because traces repeat a handful of words
    (``"Step 1"``, ``"Rationales"``) and a hit costs a fraction of `_kind_of`'s
    lowercasing; only words of at most `_MAX_CACHED_WORD` characters are cached, so
    hostile input cannot make the cache hold long strings. A step's word is ``step``, any
    spacing, then the ASCII digits of group 2 (both patterns end group 1 with
    group 2), so ``int(word[4:])`` is that number: ``int`` skips the spacing (all of
    `_SPACE` is whitespace to it).
    """
    kind = _kind_of(word)
    return kind, int(word[4:]) if kind == "step" else None


#: Lines with a ``#`` but no header that `_sections_from_headers` skips one by one
#: before it leaves the search for headers to a regex scan.
_FIND_BUDGET = 8 * MAX_SECTIONS

# `Section(...)` and `Step(...)` run namedtuple's Python-level ``__new__``; calling
# ``tuple.__new__`` directly, as that ``__new__`` does, builds the same object in
# half the time, which counts in the per-header loop of `_sections_from_headers`.
_new_tuple = tuple.__new__


def _sections_from_headers(text: str, lenient: bool) -> tuple[list[Section], list[Step], bool]:
    """The sections under the headers of *text*, the numbered steps among them, and
    whether headers were cut off after ``MAX_SECTIONS``.

    A section's body runs to the next header, the last one's to the end of the text;
    when headers were cut off, the last one read gets an empty body (where it ends is
    not known). Each section is built once the next header (or the end of the text)
    closes its body, in one pass.

    The headers are the matches of ``pattern.finditer(text)`` (the lenient or the
    strict pattern), found faster: the loop jumps from one ``#`` to the next with
    ``str.find`` and tries the anchored pattern only at line starts, several times
    faster than a regex scan of every position; a line that does not match is skipped
    whole, since headers only start at line starts. In lenient mode the strict pattern
    is tried first: it matches the canonical headers of nearly every trace in half the
    time, and where it matches (and no bold mark follows: `_CANONICAL_FIRST`), the
    lenient pattern matches the same span and groups (its optional spacing, case,
    bold and punctuation all take the canonical choice). Texts
    with many ``#`` lines that are not headers would keep this Python loop busy, so
    after ``_FIND_BUDGET`` of them the regex scan takes over where the loop was. (That
    bounds the loop without counting the ``#`` of every text up front, which alone
    took a tenth of the time of parsing an ordinary trace.)
    """
    pattern = _LENIENT_HEADER if lenient else _STRICT_HEADER
    canonical = _CANONICAL_FIRST if lenient else _STRICT_HEADER
    sections: list[Section] = []
    steps: list[Step] = []
    truncated = False
    # The header read last, whose section is still open: its span, kind and number.
    start = end = -1
    kind: SectionKind = "step"
    number: int | None = None
    misses = 0  # lines with a '#' but no header skipped so far
    resume = 0  # where the regex scan would go on: a line's end or a header's end
    line_start = 0
    pos = text.find("#")
    while True:
        # Find the next header (m, starting at line_start), or m = None: no more.
        m = None
        while pos != -1:
            if misses > _FIND_BUDGET:
                m = pattern.search(text, resume)
                if m is not None:
                    line_start = m.start()
                break
            if pos == 0 or text[pos - 1] == "\n":  # the common case: '#' opens the line
                line_start = pos
                m = canonical.match(text, pos)
                if m is None and lenient:
                    m = pattern.match(text, pos)
            else:  # spacing (lenient pattern) or a byte-order mark before the '#'
                line_start = text.rfind("\n", 0, pos) + 1
                m = None if text[line_start:pos].strip(_LINE_PAD) else pattern.match(text, line_start)
            if m is not None:
                break
            resume = text.find("\n", pos)
            pos = -1 if resume == -1 else text.find("#", resume)
            misses += 1
        # Close the open section where its body ends.
        if m is None:
            stop = len(text)
        elif len(sections) == MAX_SECTIONS - 1 and end != -1:  # one header too many
            truncated, m, stop = True, None, end
        else:
            stop = line_start
        if end != -1:
            body = text[end:stop].strip()
            span = (end, stop)
            sections.append(_new_tuple(Section, (kind, (start, end), span, body, number)))
            if number is not None:
                steps.append(_new_tuple(Step, (number, body, span)))
        if m is None:
            return sections, steps, truncated
        # Open the section of the header just found.
        start, end = line_start, m.end()
        kind, number = _header_of(m[1])
        resume = end
        pos = text.find("#", end)


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
        opening = ANSWER_OPEN.search(text, pos)
        if opening is None:
            break
        closing = ANSWER_CLOSE.search(text, opening.end())
        if closing is None:
            break
        found.append((opening.start(), opening.end(), closing.start()))
        pos = closing.end()
    return found


def parse_trace(text: str, *, lenient_headers: bool = True) -> Trace:
    """Split *text* into sections and numbered steps and record its layout.

    Never raises for a string; *lenient_headers* tolerates header spacing and case
    (``###Step 1:``, ``### step 1:``). Non-string input raises ``TypeError``.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_trace expects a str, got {type(text).__name__}")
    sections, header_steps, truncated = _sections_from_headers(text, lenient_headers)
    if sections:
        return _trace(text, "mulberry", tuple(sections), tuple(header_steps), truncated)

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
    if BOX_OPEN.search(text):
        return Trace(text, "boxed", (), ())
    return Trace(text, "free", (), ())
