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
from collections import deque
from functools import lru_cache
from itertools import islice
from typing import Any

from .answer_lines import (
    HIDDEN,
    HIDDEN_RUN,
    LATER_LINE,
    LINE_BREAK,
    committed,
    concluded,
    labelled_value,
)
from .cleaning import box_answer, fold_lookalikes
from .doubt import REASON, REASON_WORDS, doubt_words, doubted, doubting_line
from .gold_lines import closing_answer, trimmed_gold
from .hedges import RETRACTION
from .inputs import UnreadableSolutionError, solution_text
from .mathtext.boxed import boxes, has_box, last_box_open
from .mathtext.symbols import MINUS_LOOKALIKES
from .trace import Trace, answer_tags, parse_trace

# Bold markers may close the label ("**Final Answer:** 12", "**Final answer**: 12"): they
# are not part of the value, and nor is what follows any line break (a bare CR too); emphasis that opens the value ("*red*") is, and
# `clean_answer` strips it whole.
_ANSWER_LINE = re.compile(
    r"(?:final[ \t]+answer(?:[ \t]+is)?|the[ \t]+(?:correct[ \t]+)?answer[ \t]+is)"
    r"[ \t]*(?:\*\*|__)?[ \t]*[:：]?[ \t]*(?:\*\*|__)?[ \t]*([^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*)",
    re.IGNORECASE,
)
_ANSWER_WORD = re.compile("answer", re.IGNORECASE)
# A line that starts with the label "Answer:" ("Answer: (C)", "**Answer:** 12"): the last
# resort outside a Mulberry trace (whose steps may answer sub-questions that way), and
# only after the last step header and the last </think> (see `_label_answer`).
_ANSWER_LABEL = re.compile(
    r"^[ \t>*#_]*answer[ \t]*(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*([^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]*)",
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


def _taken_back(text: str, start: int = 0, skip_first: bool = False, after_answer: bool = True) -> str | None:
    """The first line of *text* from *start* on that offers another answer, doubts or
    takes it back in jest (`_TAKEN_BACK`, `_NOT_SURE`, `_CALLED_WRONG`,
    `hedges.RETRACTION`: "Just kidding.", "lol"), or, *after_answer*, doubts it in
    other words (`doubt.doubting_line`: "That is a guess.", "The real one is unknown.",
    "because I like it"), or ``None``. *skip_first*: the first line holds the answer (a
    box), where "wrong" may justify it ("\\boxed{B}, since A is wrong"); `_CALLED_WRONG`,
    the jest and the doubt skip it (the box reads its own line)."""
    body = "\n" + text[start:]
    m = _TAKEN_BACK.search(body)
    if m is None:
        low = body.lower()
        m = _NOT_SURE.search(body) if "sure" in low or "certain" in low else None
        after = body.find("\n", 1) if skip_first else 0
        if m is None and ("wrong" in low or "incorrect" in low or "mistake" in low):
            m = _CALLED_WRONG.search(body, max(after, 0))
        if m is None and after != -1:
            m = RETRACTION.search(body, after)  # (no answer is a joke, on any later line: "Just kidding.")
        if m is None:
            return _doubting(body[after:]) if after_answer and after != -1 else None
    end = body.find("\n", m.end())
    return body[body.rfind("\n", 0, m.start() + 1) + 1 : len(body) if end == -1 else end].strip()


# An option mark anywhere on a line ("C. ...", "The answer is C: ...", "(C)").
_OPTION_MARK = re.compile(r"(?:^|[\s(])\(?[A-J][).:](?:\s|$)")


def _doubting(lines: str) -> str | None:
    """The first of *lines*, later lines of an answer, that doubts it (`doubt.doubting_line`),
    as an answer that agrees with no gold: itself where the verifier reads its doubt too
    (`doubt.doubted`: "That is a guess.", "12, a guess") or where it restates an option
    ("C. Not enough information", "The answer is C: not enough information": the
    verifier reads the letter), else the empty answer
    ("Hard to say, 12": a doubt that may be an answer itself, beside the value)."""
    line = doubting_line(lines)
    if line is None:
        return None
    if doubted(line) or _OPTION_MARK.search(line) or not doubt_words(line):
        return line  # (a question left open, a reason that doubts: the verifier reads them too)
    return ""


#: How many different answers the later lines of a section may commit to.
_MAX_LATER = 16


def _line_answer(line: str, after_answer: bool = False) -> str | None:
    """The answer one later *line* commits to: the value of a "Final answer: ..." /
    "The answer is ..." or "Answer: ..." line, of a box, or what `committed` reads."""
    value = None
    answer = _ANSWER_LINE.search(line) or _ANSWER_LABEL.match(line) if "nswer" in line.lower() else None
    if answer is not None and answer.group(1).strip():
        value = labelled_value(answer.group(1).strip())  # none in "The answer is correct."
        if value is None:
            return None
    elif "\\boxed" in line or "\\fbox" in line:
        value = box_answer(line)
    return value or committed(line, after_answer)


#: How many candidate lines (`LATER_LINE`) a section's later lines may hold: more is a
#: flood, read as no one answer (bounded work for any input).
_MAX_CANDIDATES = 128


def later_answers(body: str, after_answer: bool = True) -> list[str]:
    """The answers that the lines of an answer section after its first committed value
    commit to (*body* is what follows that value): a "Final answer: ..." / "The answer
    is ..." line, an "Answer:" line, a ``\\boxed{}``, or a line that `committed` reads
    (a value alone however wrapped, another label, a conclusion, an assignment).
    Every one must agree with the first; a justification commits to nothing. Any line
    break counts (``\\r``, ``\\u2028``...), and invisible characters are dropped. More
    than `_MAX_LATER` different answers, or a flood of candidate lines, hold no answer
    (an empty one is returned). With *after_answer* false (the text before an answer
    tag), a line under a label in unknown words is a given ("Width: 3"), no answer.

    Examples:
        >>> later_answers("\\nBecause 3 + 4 = 7.\\nFinal answer: 8")
        ['8']
        >>> later_answers("\\nThis is because 3 * 4 = 12.\\nSo x = 15")
        ['15']
    """
    if not body or body.isspace():
        return []
    found: dict[str, None] = {}  # each distinct answer once: a flood of "12" lines is one
    distinct = "\n".join(dict.fromkeys(body.splitlines()))  # each line once, in C; any break
    if not distinct.isascii():
        if HIDDEN_RUN.search(distinct):
            distinct = HIDDEN_RUN.sub("", distinct)
        distinct = fold_lookalikes(distinct)  # "nоt sure" with a Cyrillic о doubts too
    # ("ｊｕｓｔ ｋｉｄｄｉｎｇ" in full-width letters is read for doubt, not for values)
    doubt = _taken_back(distinct if distinct.isascii() else distinct.translate(_FULLWIDTH), after_answer=after_answer)
    if doubt is not None:
        found[doubt] = None
    for count, m in enumerate(LATER_LINE.finditer(distinct)):  # candidate lines only, found in one scan
        if count >= _MAX_CANDIDATES:
            return [*found, ""]
        value = _line_answer(m.group(0).strip(), after_answer)
        if value:
            found[value] = None
        if len(found) > _MAX_LATER:
            return [*found, ""]
    return list(found)


def _after_first_line(body: str) -> str:
    """*body* after its first non-empty line (any line break ends it: `_BREAKS`)."""
    start = len(body) - len(body.lstrip())
    end = LINE_BREAK.search(body, start)
    return "" if end is None else body[end.end() :]


def first_line_void(body: str, line: str, rest: str) -> str | None:
    """The paragraph of *line*, the first line of an answer section's *body* (*rest*:
    what follows it there), where it voids a box on that line (`_paragraph_void`: "###
    The final answer is: \\boxed{12} since the real one", "is unknown") or, on a line
    with no box, a reason on it doubts the answer with the lines below it
    (`_reason_void`: "12 since the real one", "is unknown"), else ``None``."""
    if not rest or rest.isspace():
        return None  # (the common case: nothing after the answer's line)
    start = body.find(line)
    if not has_box(line):
        return _reason_void(body, start, start + len(line))
    return _paragraph_void(body, start, start + len(line))


def _reason_void(text: str, start: int, line_end: int) -> str | None:
    """The line text[start:line_end], an answer with no box, read with the rest of its
    paragraph (`_paragraph`), where a reason on it reads on below and doubts the answer
    (`doubt.doubted`: "12 since the real one", "is unknown"); else ``None``. (A reason
    that opens a later line, and every later line, are read by `later_answers`.)"""
    line = text[start:line_end]
    low = line.lower()
    if not any(word in low for word in REASON_WORDS) or REASON.search(line) is None:
        return None  # (the common case: no reason on the line)
    goes_on, below = _paragraph(text, line_end, line)
    if not (goes_on or below):
        return None
    whole = line + goes_on + below
    return whole if doubted(whole) else None


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
    return gap_answers(text, max(start, tag - _MAX_GAP), tag)


#: How much of the text before an answer tag is read (a padded gap: its last lines).
_MAX_GAP = 4000


def gap_answers(text: str, start: int, tag: int) -> list[str]:
    """The answers that ``text[start:tag]``, the text before an answer tag, commits to,
    read as later lines of an answer section; a minus right before the tag is the
    tag's sign (`sign_before`), not text of its own."""
    sign = sign_before(text, tag)
    end = tag if sign == -1 else sign
    if end <= start or not text[start:end].strip():
        return []
    return later_answers("\n" + text[start:end], after_answer=False)  # givens, not answers ("Width: 3")


_MINUSES = "-" + MINUS_LOOKALIKES
#: How far before an answer tag a minus is looked for.
_SIGN_REACH = 40


def _skip_back(text: str, pos: int, low: int, chars: str) -> int:
    """The position after the last character before *pos* (not before *low*) that is
    not one of *chars*, an invisible one or a math delimiter ``\\(``, ``\\[``."""
    while pos > low:
        c = text[pos - 1]
        if c in chars or ord(c) in HIDDEN:
            pos -= 1
        elif c in "([" and pos - 2 >= low and text[pos - 2] == "\\":
            pos -= 2
        else:
            break
    return pos


def sign_before(text: str, tag: int) -> int:
    """Where a minus sign stands right before the answer tag that starts at *tag*,
    making its value negative, or -1: glued to it ("-<answer>12</answer>",
    "$-$<answer>...") or after "=" or ":" ("x = - <answer>12</answer>"). A dash with a
    space before the tag, at a line's start (a list bullet) or after a word ("Answer -
    ..."), is punctuation."""
    low = max(0, tag - _SIGN_REACH)
    glued = _skip_back(text, tag, low, "$")
    end = _skip_back(text, glued, low, " \t$")
    if end == low or text[end - 1] not in _MINUSES:
        return -1
    if end == glued:  # nothing but math delimiters between the minus and the tag
        return end - 1
    before = _skip_back(text, end - 1, low, " \t$")
    return end - 1 if before > low and text[before - 1] in "=:：" else -1


def tag_value(text: str, tag: int, value: str) -> str:
    """*value*, the text of the answer tag at *tag*, with a minus before the tag
    (`sign_before`) read as its sign."""
    return "-" + value if value and sign_before(text, tag) != -1 else value


def with_box_line(value: str) -> list[str]:
    """*value*, after what the rest of its line commits to beside its box, if it holds
    one (`box_line_answers`)."""
    if "\\boxed" not in value and "\\fbox" not in value:
        return [value]
    return [*box_line_answers(value), value]


def _answers_after(text: str) -> list[str]:
    """The answers that the sections after a Mulberry trace's last answer section state
    outright: its last "Final answer: ..." / "The answer is ..." line, its last box, and a
    conclusion on its last line ("### The final answer is: 12" then "### Step 2:" /
    "Final answer: 15" or "So 15." commits to 15 too, as a grader reading to the end sees
    it). Other lines there are steps, read for validity (``step_after_answer``), not
    answers."""
    if not text or text.isspace():
        return []
    last_line = text[text.rstrip().rfind("\n") + 1 :].strip()
    closing = concluded(last_line) if last_line[:1] != "#" else None  # "### Step 2:" / "So 15."
    found = [closing] if closing else []
    if "nswer" not in text and "NSWER" not in text and not has_box(text):
        return found
    lines = deque(_ANSWER_LINE.finditer(text[-_MAX_AFTER:]), maxlen=1)  # (the last one)
    if lines:
        value = labelled_value(lines[0].group(1).strip())
        if value:
            found.append(value)
    read = _last_box_answer(text[-_MAX_AFTER:])
    if read is not None:
        found.append(read[0])
    return found


#: Characters after a trace's last answer section read for answers (its end).
_MAX_AFTER = 20_000


def _section_answers(trace: Trace) -> list[str]:
    """The values of the final-answer sections of *trace* (the first line of a
    Mulberry one), else of the ``<answer>`` tags of a Mulberry trace without a
    final-answer header."""
    sections = [s for s in trace.sections if s.kind == "answer"]  # trace.answer_sections, as a list
    if sections:
        if trace.layout == "mulberry":
            found: list[str] = []
            for s in sections:
                line, rest = first_line(s.text), _after_first_line(s.text)
                found += with_box_line(line)
                if rest and not rest.isspace():  # (its paragraph may void its box or doubt its answer)
                    void = first_line_void(s.text, line, rest)
                    found += [] if void is None else [void]
                found += later_answers(rest)
            return found + _answers_after(trace.text[sections[-1].span[1] :])
        # what follows the last tag commits too ("<answer>12</answer> \\boxed{15}"), and so
        # does what comes before the first outside the thinking (`_before_tag`); a minus
        # right before a tag is its value's sign
        tagged = [a for s in sections for a in with_box_line(tag_value(trace.text, s.header[0], s.text.strip()))]
        return [*_before_tag(trace, sections[0].header[0]), *tagged,
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
    read = _last_box_answer(trace.text)
    if read is not None:
        boxed, start, end = read
        # what the box's line commits to before it ("15 \\boxed{12}"), and each later
        # line after it, must agree; a doubt on a later line takes the box back
        # ("\\boxed{B}\n(not sure)")
        found = [*box_line_answers(trace.text[start:end]), boxed, *later_answers(trace.text[end:])]
        # (its later lines are read for other doubts by `later_answers`, once)
        doubt = _taken_back(trace.text, max(trace.text.rfind("\\boxed"), trace.text.rfind("\\fbox")), True, False)
        return [*found, doubt] if doubt is not None else found
    if not _ANSWER_WORD.search(trace.text):
        return []  # both line patterns hold the word, and this scan is 4 times cheaper
    last = None
    for m in _ANSWER_LINE.finditer(trace.text):
        if not m.group(1).strip() or labelled_value(m.group(1).strip()) is not None:
            last = m  # ("... the answer is correct." gives none)
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
        if not value:
            return []
        void = first_line_void(trace.text[last.start(1) :], value, rest)  # "12 since the real one", "is unknown"
        return [*with_box_line(value), *later_answers(rest), *([] if void is None else [void])]
    return []


#: How far before the last box on its line other boxes are looked for.
_BOX_CONTEXT = 500


def _last_box_answer(text: str) -> tuple[str, int, int] | None:
    """The answer of the last ``\\boxed{}`` of *text*, read with the rest of its line
    (`cleaning.box_answer`): the text after it, and before it back to the box
    before it on that line ("First \\boxed{6}, corrected: \\boxed{7}" is 7), or back
    to the line's start when that earlier box is offered beside it ("The answer is
    \\boxed{B} or \\boxed{C}" hedges); with where the text read starts and where its
    line ends."""
    if not has_box(text):
        return None
    last = last_box_open(text)
    if last is None or not boxes(text, last.start()):
        return None  # the last box is not closed: no answer, as before
    # The boxes of its line, up to _BOX_CONTEXT characters before it (a flood of boxes
    # on one line would otherwise be read whole, twice).
    line_start = last.start() - _BOX_CONTEXT
    for brk in LINE_BREAK.finditer(text, max(line_start, 0), last.start()):
        line_start = brk.end()
    line_start = max(line_start, 0)
    found = boxes(text, line_start)
    if not found:
        return None
    after = LINE_BREAK.search(text, found[-1][2])
    line_end = len(text) if after is None else after.start()
    first = len(found) - 1
    while first > 0 and found[first - 1][0] >= line_start and _is_joint(
        text, found[first - 1][2] + 1, found[first][0]
    ):
        first -= 1
    start = line_start
    if first > 0 and found[first - 1][0] >= line_start:
        start = found[first - 1][2] + 1
    boxed = box_answer(text[start:line_end])
    if boxed is None:
        return None
    void = _paragraph_void(text, start, line_end, boxed)
    return boxed if void is None else void, start, line_end


def _paragraph_void(text: str, start: int, line_end: int, boxed: str | None = None) -> str | None:
    """The box's line, text[start:line_end], read with the rest of its paragraph
    (`_paragraph`), where this voids the box that the line alone holds (*boxed*,
    `cleaning.box_answer` of the line, when known): a reason after the box reads the
    rest of its paragraph as it reads the rest of its line ("\\boxed{12} since the real
    one", "is unknown"; "\\boxed{12} since 3*4 = 12.", "Just kidding."), a reason that
    opens the next line is the box's ("\\boxed{12}", "because I like it"), and a
    sentence begun after the box goes on in lower case below it ("\\boxed{12}. The
    real", "one is unknown."). ``None`` where the paragraph changes nothing (or the
    line's box is void already); else the answer read, which matches nothing: the
    paragraph (void), or the empty answer where `equivalence`, reading that paragraph
    as one text, would not find it void."""
    if line_end >= len(text) or _NON_BLANK.search(text, line_end, line_end + _MAX_PARAGRAPH_CHARS) is None:
        return None  # (the common case: nothing after the box's line)
    found = boxes(text, start, line_end)
    goes_on, below = _paragraph(text, line_end, text[found[-1][2] + 1 : line_end] if found else "")
    if not (goes_on or below):
        return None
    if boxed is None:
        boxed = box_answer(text[start:line_end])
    if boxed is None or has_box(boxed):
        return None  # void already
    line = text[start:line_end] + goes_on
    whole = box_answer(line, below)
    if whole is None or whole == boxed:
        return None
    if not has_box(whole):
        return whole  # the box read with words that hedge it ("\\boxed{12} since the answer", "is a guess")
    # (the paragraph as one text: `equivalence` reads it so, and finds it void too)
    void = line + below
    return void if has_box(box_answer(void) or "") else ""


#: Lines after a box's line read with it, as the rest of its paragraph (`_paragraph`),
#: and how far they may reach.
_MAX_PARAGRAPH_LINES = 8
_MAX_PARAGRAPH_CHARS = 1000
# The marks a line may open with: a quote, a bullet, a list number, a dash, emphasis,
# a heading's marks, a parenthesis, a dollar, an HTML tag ("> ", "- ", "1. ", "**", "(").
_LINE_MARKS = re.compile(r"(?:[\s>*_~`$#(\[\-–—•]|\d{1,2}[.)](?=\s)|</?[A-Za-z]{1,8}[ \t]{0,3}/?>)*")
# A text command that may wrap the line's words ("\\text{is unknown}"): kept with them.
_LINE_WRAPPER = re.compile(r"\\(?:text|textit|textbf|textrm|textsf|emph|mathrm|mbox)\s*\{\s*")
# A reason word that opens a line ("Because I like it."): it goes on with the box's line.
_REASON_OPENS = re.compile(r"(?:since|because|as|given|cause|cuz|coz)\b", re.IGNORECASE)
# A word in lower case that opens a line ("is unknown"; a name, "x = 5", is no word).
_LOWER_WORD = re.compile(r"[a-z]{2}")
_NON_BLANK = re.compile(r"\S")
# What ends a sentence at the end of a line.
_SENTENCE_ENDS = ".!?。！？…"
# Full-width forms of ASCII ("ｉｓ ｕｎｋｎｏｗｎ"), read as ASCII in a paragraph's lines.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def _plain_line(line: str) -> str:
    """*line* with invisible characters dropped and full-width and lookalike letters
    read as ASCII ("\u200bіs ｕｎｋｎｏｗｎ" is "is unknown")."""
    return fold_lookalikes(line.translate(HIDDEN).translate(_FULLWIDTH))


def _goes_on(line: str, before: str) -> tuple[int, bool]:
    """Where the words of *line* start, past its marks (`_LINE_MARKS`), when it goes on
    with the text *before* it (else -1): it opens with a reason word ("because ..."), or
    with a word in lower case after a sentence left open ("since the real one", "is
    unknown"); and whether a reason word opens it."""
    start = _LINE_MARKS.match(line).end()  # type: ignore[union-attr]  # (matches empty)
    wrapper = _LINE_WRAPPER.match(line, start)
    head = line[wrapper.end() if wrapper else start :][:12]
    if _REASON_OPENS.match(head):
        return start, True
    return (start if _LOWER_WORD.match(head) and before.rstrip(" \t$*_")[-1:] not in _SENTENCE_ENDS else -1), False


#: Marks after which the box's line opens a clause or a sentence (". The real", ", which").
_CLAUSE_MARKS = ".!?;:,(—–"


def _opens_clause(tail: str) -> bool:
    """Whether *tail*, the text after a box on its line, ends in words of a clause or a
    sentence begun after a mark and left open (". The real", ", we"): a line in lower
    case after it goes on with them. (Units or a reason right after the box do not:
    "\\boxed{12} cm" then "so the area is 12" is a later line; a reason reads on anyway.)"""
    tail = tail[-200:].rstrip(" \t$*_")
    if not tail or tail[-1] in _SENTENCE_ENDS:
        return False
    mark = max(tail.rfind(c) for c in _CLAUSE_MARKS)
    return mark != -1 and any(ch.isalpha() for ch in tail[mark + 1 :])


def _paragraph(text: str, line_end: int, tail: str) -> tuple[str, str]:
    """The rest of the paragraph of the line that ends at *line_end* (a box's line, and
    *tail* what follows the box on it): the lines that go on with it (`_goes_on`), each
    joined to it by a space past its marks, and the lines after those up to a blank line
    or a heading, joined by line breaks (all read as plain text: `_plain_line`). A line
    in lower case is joined only to a clause begun on the box's line (`_opens_clause`)
    or on a line joined to it. Blank lines after a line that ends in a word (a sentence
    left open), or before a line that goes on with it, do not end the paragraph
    ("\\boxed{12} since the real one", a blank line, "is unknown"). At most
    `_MAX_PARAGRAPH_LINES` lines and `_MAX_PARAGRAPH_CHARS` characters are read."""
    limit = min(len(text), line_end + _MAX_PARAGRAPH_CHARS)
    on: list[str] = []
    rest: list[str] = []
    before = text[max(0, line_end - 8) : line_end]
    lower_joins = _opens_clause(tail)
    end = line_end
    for _ in range(_MAX_PARAGRAPH_LINES):
        first = _NON_BLANK.search(text, end, limit)
        if first is None:
            break
        brk = LINE_BREAK.search(text, first.start(), limit)
        stop = limit if brk is None else brk.start()
        line = text[first.start() : stop].rstrip()
        if not line.isascii():
            line = _plain_line(line)
        start, reason = _goes_on(line, before)
        if start != -1 and not rest and (reason or lower_joins):
            on.append(line[start:])
            lower_joins = True
        elif start == -1 and (line[0] == "#" or (not before.rstrip(" \t$*_")[-1:].isalpha() and len(
                LINE_BREAK.findall(text, end, first.start())) - text.count("\r\n", end, first.start()) > 1)):
            break  # a heading, or a blank line after a sentence's end and a new sentence after it
        else:
            rest.append(line)
        before, end = line, stop
    return "".join(" " + line for line in on), "".join("\n" + line for line in rest)


# What may end the text before a box without being part of a value it commits to:
# spacing, punctuation, math delimiters and a joining word ("x = 15, so \\boxed{12}").
_HEAD_END = re.compile(r"(?:[\s$*_(\[{,;:：]|\\[(\[]|\b(?:so|thus|hence|therefore|and|i\.e\.?|or)\b)+$",
                       re.IGNORECASE)
# What ends a text that introduces the box as its value: a relation or a verb ("x =
# \\boxed{12}", "$x \\in \\boxed{...}$", "The value of N is $\\boxed{12}$"). Such a text
# says what the box is, not another answer.
_HEAD_INTRO = re.compile(
    r"(?:[=≈<>≤≥∈]|\\(?:in|le|ge|leq|geq|lt|gt|approx|equiv|sim|to|subset|subseteq|ni|cong|propto)"
    r"|\b(?:is|are|be|was|were|equals|of|as|to|becomes|gives|get|gets|yields)\b)$",
    re.IGNORECASE,
)
#: How much text before the boxes of a line `box_line_answers` reads, and how much of
#: it the joining words are looked for in.
_MAX_HEAD = 300
#: Characters that say nothing before a box ("$\\boxed{12}$", "**\\boxed{12}**"): a head
#: of these alone is what `_HEAD_END` would cut away whole.
_BARE_HEAD = " \t\n$*_([{"
_HEAD_TAIL = 60
# A list marker that opens the box's line ("1. \\boxed{12}", "2) \\boxed{12}"): it numbers
# the line and commits to nothing. ("(15) \\boxed{12}" is a value beside the box.)
_LIST_MARKER = re.compile(r"\s*\d{1,2}[.)]\s*")


def box_line_answers(line: str) -> list[str]:
    """The answer that the text before the first box of a box's *line* commits to
    ("15 \\boxed{12}", "x = 15, so \\boxed{12}"), read as a later line of an answer
    section is (`_line_answer`): the box does not speak for its line alone. Empty when
    *line* holds no closed box, that text introduces the box ("x = \\boxed{12}", "The
    value is \\boxed{12}") or commits to nothing ("Since 5 + 7 = 12, \\boxed{12}"). (The
    text after the box is read with it by `cleaning.box_answer`.)"""
    found = boxes(line)
    if not found or not line[: found[0][0]].strip(_BARE_HEAD):
        return []  # nothing but spacing or wrappers before the box: the common case
    head = line[max(0, found[0][0] - _MAX_HEAD) : found[0][0]]
    breaks = list(LINE_BREAK.finditer(head))
    if breaks:
        head = head[breaks[-1].end() :]  # the box's line only
    tail = head[-_HEAD_TAIL:]  # (joining words searched in its tail only: bounded work)
    cut = _HEAD_END.search(tail)
    if cut is not None:
        head = head[: len(head) - len(tail) + cut.start()]
    if not head.strip() or _HEAD_INTRO.search(head[-_HEAD_TAIL:]) or _LIST_MARKER.fullmatch(head):
        return []
    # (doubt and denial around the box are `box_answer`'s to read, with the box)
    value = _line_answer(head.translate(HIDDEN).strip())
    return [value] if value else []


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
        if not m.group(1).strip() or labelled_value(m.group(1).strip()) is not None:
            last = m  # ("Answer: as computed above" gives none)
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
        return trimmed_gold(found[-1]) or None, None  # "The answer is 5 because ..." is 5
    closing = closing_answer(solution)  # "#### 72", "Hence the result is 5."
    if closing is not None:
        return closing, None
    if _is_reasoning(trace):
        return None, "a worked solution with no answer to read (no final-answer line, box or answer tag)"
    return solution.strip() or None, None


def gold_answer(solution: str | None) -> str | None:
    """The gold answer held by a dataset's ``solution`` field.

    The answer is read as `extract_answer` reads a completion's: the value after the
    last final-answer header (or inside the last ``<answer>`` tag) of a reference
    trace, the last ``\\boxed{}``, a "The answer is ..." / "Final answer: ..." line,
    an "Answer: ..." line, GSM8K's closing ``#### 72`` line. A solution with none of these is the answer itself, unless
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
