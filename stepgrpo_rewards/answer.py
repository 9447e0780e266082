"""Find the committed final answer of a completion, and the gold answer of a solution.

Only an explicit commitment counts: a ``### The final answer is:`` section, an
``<answer>`` tag, the last ``\\boxed{}``, a "Final answer: ..." / "The answer is ..."
line, or, outside a Mulberry trace, a line that starts with "Answer:", tried in that
order. A number that appears only inside the steps is not an answer.

Examples:
    >>> extract_answer("### Step 1:\\n3 + 4 = 7\\n### The final answer is: 7")
    '7'
    >>> extract_answer("so x = 7 probably") is None
    True
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Any

from .equivalence import box_answer
from .inputs import UnreadableSolutionError, solution_text
from .mathtext.boxed import boxes, has_box, last_box_open
from .trace import Trace, answer_tags, parse_trace

# Bold markers may close the label ("**Final Answer:** 12", "**Final answer**: 12"): they
# are not part of the value; emphasis that opens the value ("*red*") is, and
# `clean_answer` strips it whole.
_ANSWER_LINE = re.compile(
    r"(?:final[ \t]+answer(?:[ \t]+is)?|the[ \t]+(?:correct[ \t]+)?answer[ \t]+is)"
    r"[ \t]*(?:\*\*|__)?[ \t]*[:：]?[ \t]*(?:\*\*|__)?[ \t]*([^\n]*)",
    re.IGNORECASE,
)
_ANSWER_WORD = re.compile("answer", re.IGNORECASE)
# A line that starts with the label "Answer:" ("Answer: (C)", "**Answer:** 12"): the last
# resort outside a Mulberry trace (whose steps may answer sub-questions that way), and
# only after the last step header and the last </think> (see `_label_answer`).
_ANSWER_LABEL = re.compile(
    r"^[ \t>*#_]*answer[ \t]*(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*([^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# A line that opens with an option mark ("A.", "(B)", "C)"): after an answer label, a list
# of them is the options restated, not a choice.
_OPTION_LINE = re.compile(r"[ \t]*\(?[A-J][).:]")
# What may stand between two boxes that offer alternatives ("\\boxed{B} or \\boxed{C}",
# "$\\boxed{1}$, $\\boxed{2}$"): with it, the earlier box is read with the last one.
_BOX_JOINT = re.compile(
    r"[\s,;/&$]*(?:(?:or|and|either|maybe|perhaps|possibly|vs\.?|versus|或者?|和)[\s,;/&$]*)*",
    re.IGNORECASE,
)
# Any gap whose only English words offer alternatives is a joint too, whatever spells it:
# LaTeX spacing and connectives ("\\quad", "\\lor", "\\text{or}"), other marks ("|", "、"),
# other languages ("还是", "oder"), a word broken by invisible or lookalike letters
# ("o\u200br", "0r"). A word of two ASCII letters or more that offers nothing
# ("corrected", "cm") makes the earlier box a thing of the past.
_LATEX_NAME = re.compile(r"\\[A-Za-z]+")
_GAP_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")
_JOINT_WORDS = frozenset(
    "or and either maybe perhaps possibly probably vs versus otherwise else alternatively instead oder ou".split()
)


def _is_joint(text: str, start: int, end: int) -> bool:
    """Whether the gap text[start:end] between two boxes offers them side by side."""
    if _BOX_JOINT.fullmatch(text, start, end):
        return True
    gap = _LATEX_NAME.sub(" ", text[start:end])
    return all(word.lower() in _JOINT_WORDS for word in _GAP_WORD.findall(gap))


# A later line of an answer section that is a value alone ("15", "**15**", "$15$",
# "(B)", "15 cm"): a second answer, not a justification.
_BARE_VALUE = re.compile(
    r"[ \t>*_$]*(?:\(?[A-J]\)?|[-+\u2212]?\d[\d.,]*(?:[ \t]*(?:°|%|\\%|\^\\circ|\^\{\\circ\}|[A-Za-z]{1,3}\^?\d?))?)"
    r"[ \t*_$.]*"
)
# A line that may commit to an answer: a value alone, or one that names an answer or
# holds a box (the patterns above then read it).
_LATER_LINE = re.compile(r"^(?:" + _BARE_VALUE.pattern + r")\r?$|^.*(?:answer|\\boxed|\\fbox).*$",
                         re.IGNORECASE | re.MULTILINE)
# A later line that offers another answer or doubts the first ("or 15", "(or possibly
# 15)", "Alternatively 15", "或15", "I am not sure.", "?"): the section commits to no one
# answer, and the line is read as one more answer (it agrees with no gold).
# (Each pattern opens with a newline, a literal the regex engine skips to: a line of
# 99,000 blanks costs one fast scan, not an attempt at every position.)
_TAKEN_BACK = re.compile(
    r"\n[ \t>*_(\[-]*+(?:(?:or|either|alternatively|otherwise|maybe|perhaps|possibly|probably)\b|或|还是|可能|也许)"
    r"|\n[ \t*_(]*+[?？][ \t*_)]*+(?=\r?\n|\Z)"
    # a line that takes the answer back: "Wait, that's wrong.", "No, 15.", "Oops", "(wrong)"
    r"|\n[ \t>*_(\[-]*+(?:no[ \t]*[,.!]|(?:wait|oops|hmm+|nope|actually|hold[ \t]+on|scratch[ \t]+that|sorry|correction"
    r"|no[ \t]+wait|let[ \t]+me[ \t]+(?:re-?)?(?:check|think|calculate|compute|reconsider|verify)"
    r"|i[ \t]+made[ \t]+an?[ \t]+(?:mistake|error)|wrong|incorrect"
    r"|(?:that|this|it)(?:['’]s|[ \t]+is|[ \t]+was)[ \t]+(?:wrong|incorrect|not[ \t]+(?:right|correct)))\b)",
    re.IGNORECASE,
)
_NOT_SURE = re.compile(r"\b(?:not\s+(?:sure|certain)|unsure|uncertain)\b", re.IGNORECASE)
# A later line that calls something wrong ("But this could be wrong."): the section no
# longer commits to its first answer. (Looked for on the lines after the first only.)
_CALLED_WRONG = re.compile(r"\b(?:wrong|incorrect|mistaken?)\b", re.IGNORECASE)


def _taken_back(text: str, start: int = 0, skip_first: bool = False) -> str | None:
    """The first line of *text* from *start* on that offers another answer, doubts or
    takes it back (`_TAKEN_BACK`, `_NOT_SURE`, `_CALLED_WRONG`), or ``None``.
    *skip_first*: the first line holds the answer (a box), where "wrong" may
    justify it ("\\boxed{B}, since A is wrong"); `_CALLED_WRONG` skips it."""
    body = "\n" + text[start:]
    m = _TAKEN_BACK.search(body)
    if m is None:
        low = body.lower()
        m = _NOT_SURE.search(body) if "sure" in low or "certain" in low else None
        if m is None and ("wrong" in low or "incorrect" in low or "mistake" in low):
            m = _CALLED_WRONG.search(body, max(body.find("\n", 1), 0) if skip_first else 0)
        if m is None:
            return None
    end = body.find("\n", m.end())
    return body[body.rfind("\n", 0, m.start() + 1) + 1 : len(body) if end == -1 else end].strip()


#: How many different answers the later lines of a section may commit to.
_MAX_LATER = 16


def later_answers(body: str) -> list[str]:
    """The answers that the lines of an answer section after its first committed value
    commit to (*body* is what follows that value): a line that is a value alone, a
    ``\\boxed{}``, a "Final answer: ..." / "The answer is ..." line or an "Answer:"
    line. Every one must agree with the first; a justification commits to nothing.
    More than `_MAX_LATER` different ones hold no answer (an empty one is returned).

    Examples:
        >>> later_answers("\\nBecause 3 + 4 = 7.\\nFinal answer: 8")
        ['8']
    """
    if not body or body.isspace():
        return []
    found: dict[str, None] = {}  # each distinct answer once: a flood of "12" lines is one
    distinct = "\n".join(dict.fromkeys(body.splitlines()))  # each line once, in C
    doubt = _taken_back(distinct)
    if doubt is not None:
        found[doubt] = None
    for m in _LATER_LINE.finditer(distinct):  # candidate lines only, found in one scan
        line = m.group(0).strip()
        if _BARE_VALUE.fullmatch(line):
            found[line] = None
        else:
            answer = _ANSWER_LINE.search(line) or _ANSWER_LABEL.match(line)
            if answer is not None and answer.group(1).strip():
                found[answer.group(1).strip()] = None
            elif "\\boxed" in line or "\\fbox" in line:
                boxed = box_answer(line)
                if boxed:
                    found[boxed] = None
        if len(found) > _MAX_LATER:
            return [*found, ""]
    return list(found)


def _after_first_line(body: str) -> str:
    """*body* after its first non-empty line."""
    start = len(body) - len(body.lstrip())
    end = body.find("\n", start)
    return "" if end == -1 else body[end + 1 :]


def first_line(body: str) -> str:
    """The first non-empty line of a section body (a justification may follow it)."""
    for line in body.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _before_tag(trace: Trace, tag: int) -> list[str]:
    """The answers committed to before the first ``<answer>`` tag (which starts at
    *tag*): on the tag's own line ("12 <answer>15</answer>"), and, after a closed
    ``<think>``, on the lines between it and the tag ("</think> The answer is 12").
    The thinking itself commits to nothing, nor does reasoning on earlier lines of a
    trace without it."""
    text = trace.text
    thought = text.rfind("</think>", 0, tag)
    start = thought + len("</think>") if thought != -1 else text.rfind("\n", 0, tag) + 1
    start = max(start, tag - 4000)  # a padded gap: its last lines
    if not text[start:tag].strip():
        return []
    return later_answers("\n" + text[start:tag])


def _section_answers(trace: Trace) -> list[str]:
    """The values of the final-answer sections of *trace* (the first line of a
    Mulberry one), else of the ``<answer>`` tags of a Mulberry trace without a
    final-answer header."""
    sections = [s for s in trace.sections if s.kind == "answer"]  # trace.answer_sections, as a list
    if sections:
        if trace.layout == "mulberry":
            return [a for s in sections for a in [first_line(s.text), *later_answers(_after_first_line(s.text))]]
        # what follows the last tag commits too ("<answer>12</answer> \\boxed{15}"), and so
        # does what comes before the first outside the thinking (`_before_tag`)
        return [*_before_tag(trace, sections[0].header[0]), *(s.text.strip() for s in sections),
                *later_answers(trace.text[sections[-1].span[1] :])]
    if trace.layout == "mulberry" and "<" in trace.text:
        return [trace.text[body:end].strip() for _, body, end in answer_tags(trace.text)]
    return []


def answers_of(trace: Trace) -> list[str]:
    """Every committed answer of *trace*, in order (more than one means the trace
    contradicts itself unless they agree). Empty when it commits to none."""
    found = _section_answers(trace)
    if found:
        return found
    boxed = _last_box_answer(trace.text)
    if boxed is not None:
        # a doubt on a later line takes the box back ("\\boxed{B}\n(not sure)")
        doubt = _taken_back(trace.text, max(trace.text.rfind("\\boxed"), trace.text.rfind("\\fbox")), True)
        return [boxed, doubt] if doubt is not None else [boxed]
    if not _ANSWER_WORD.search(trace.text):
        return []  # both line patterns hold the word, and this scan is 4 times cheaper
    last = None
    for m in _ANSWER_LINE.finditer(trace.text):
        last = m
    if trace.layout != "mulberry":
        label = _label_answer(trace)
        if label is not None and (last is None or label.start() > last.start()):
            last = label  # "Before the final answer, let me check ... Answer: 12"
    if last is not None:
        value = last.group(1).strip()
        rest = trace.text[last.end() :]
        if not value:  # "Final answer:" with the value on the next line
            lines = [line.strip() for line in rest[:500].splitlines()]
            lines = [line for line in lines if line]
            if len(lines) > 1 and _OPTION_LINE.match(lines[0]) and _OPTION_LINE.match(lines[1]):
                return []  # the options listed again, one per line: no choice
            value = lines[0] if lines else ""
            rest = _after_first_line(rest)
        return [value, *later_answers(rest)] if value else []
    return []


#: How far before the last box on its line other boxes are looked for.
_BOX_CONTEXT = 500


def _last_box_answer(text: str) -> str | None:
    """The answer of the last ``\\boxed{}`` of *text*, read with the rest of its line
    (`equivalence.box_answer`): the text after it, and before it back to the box
    before it on that line ("First \\boxed{6}, corrected: \\boxed{7}" is 7), or back
    to the line's start when that earlier box is offered beside it ("The answer is
    \\boxed{B} or \\boxed{C}" hedges)."""
    if not has_box(text):
        return None
    last = last_box_open(text)
    if last is None or not boxes(text, last.start()):
        return None  # the last box is not closed: no answer, as before
    # The boxes of its line, up to _BOX_CONTEXT characters before it (a flood of boxes
    # on one line would otherwise be read whole, twice).
    line_start = max(text.rfind("\n", 0, last.start()) + 1, last.start() - _BOX_CONTEXT)
    found = boxes(text, line_start)
    if not found:
        return None
    line_end = text.find("\n", found[-1][2])
    first = len(found) - 1
    while first > 0 and found[first - 1][0] >= line_start and _is_joint(
        text, found[first - 1][2] + 1, found[first][0]
    ):
        first -= 1
    start = line_start
    if first > 0 and found[first - 1][0] >= line_start:
        start = found[first - 1][2] + 1
    return box_answer(text[start : len(text) if line_end == -1 else line_end])


def _label_answer(trace: Trace) -> re.Match[str] | None:
    """The last "Answer:" line that no step header and no ``</think>`` follow: one
    before them answers a sub-question, or was thought and taken back."""
    text = trace.text
    after = max((s.header[0] for s in trace.sections if s.kind == "step"), default=0)
    if "<think>" in text:
        closed = text.rfind("</think>")
        if closed == -1:
            return None  # all of it is thinking
        after = max(after, closed)
    last = None
    for m in _ANSWER_LABEL.finditer(text, after):
        last = m
    return last


def extract_answer(text: str | Trace) -> str | None:
    """Return the committed final answer of *text* (the last one if it commits twice),
    or ``None`` when it commits to no answer."""
    trace = text if isinstance(text, Trace) else parse_trace(text)
    found = answers_of(trace)
    return found[-1] if found else None


# A word of prose (not a LaTeX command's name): a text of several lines with a few of
# them reasons, where a gold answer over several lines (a matrix) holds none.
_PROSE_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}")
#: A one-line solution longer than this, with prose in it, is a reasoning text too.
_LONG_GOLD_LINE = 200


def _is_reasoning(trace: Trace) -> bool:
    """Whether a solution is a worked solution rather than a bare answer: it has step
    headers, ``Step 1:`` lines or ``<think>`` tags, or several lines (or one long one)
    with prose words in them."""
    if trace.layout in ("mulberry", "plain_steps", "think_answer"):
        return True
    text = trace.text.strip()
    several = "\n" in text or len(text) > _LONG_GOLD_LINE
    return several and next(islice(_PROSE_WORD.finditer(text), 2, None), None) is not None  # 3 words


@lru_cache(maxsize=8192)
def _gold_of(solution: str) -> tuple[str | None, str | None]:
    """The gold answer of a solution text and, when it has none, the problem why."""
    trace = parse_trace(solution)
    found = answers_of(trace)
    if found:
        return found[-1] or None, None
    if _is_reasoning(trace):
        return None, "a worked solution with no answer to read (no final-answer line, box or answer tag)"
    return solution.strip() or None, None


def gold_answer(solution: str | None) -> str | None:
    """The gold answer held by a dataset's ``solution`` field.

    The answer is read as `extract_answer` reads a completion's: the value after the
    last final-answer header (or inside the last ``<answer>`` tag) of a reference
    trace, the last ``\\boxed{}``, a "The answer is ..." / "Final answer: ..." line,
    an "Answer: ..." line. A solution with none of these is the answer itself, unless
    it is a worked solution (steps, ``<think>``, lines of prose): then it gives ``None``
    (`score_trace` reports ``unreadable_solution``). Empty or missing solutions give
    ``None``, and so do values with no single answer; other non-strings are read by
    `solution_text`.

    Examples:
        >>> gold_answer("### Step 1:\\n2+2=4\\n### The final answer is: 4")
        '4'
        >>> gold_answer("Step 1: 2+3=5\\nThe answer is 5")
        '5'
        >>> gold_answer(" (B) ")
        '(B)'
        >>> gold_answer("Step 1: 2+3=5\\nStep 2: 5*2=10") is None
        True
    """
    return read_gold(solution)[0]


def read_gold(solution: Any) -> tuple[str | None, str | None]:
    """`gold_answer`, and the reason a solution text holds no answer: a worked
    solution from which no answer can be read (`problems.UNREADABLE_SOLUTION`), or
    ``None`` (then a missing gold is a missing or empty solution)."""
    if not isinstance(solution, str):
        try:
            solution = solution_text(solution)  # NaN is no solution, never the answer "nan"
        except UnreadableSolutionError:
            return None, None
        if solution is None:
            return None, None
    return _gold_of(solution)
