"""What the closing line of a worked reference solution states as its answer.

A dataset's ``solution`` is trusted text, and datasets close their worked solutions in
more ways than a completion's answer line is read in (`answer.answers_of`): GSM8K's
``#### 72``, "Hence the result is 5.", "Therefore 5 is the answer.", "So, 5.", "Answer
5", "The correct option is B.", "答案是5", the text after ``</think>``. Read from a gold
only: a completion commits to its answer as its layout says, and a policy must not
learn that any closing sentence is read as its answer.

Examples:
    >>> closing_answer("Step 1: 2+3=5\\nHence the result is 5.")
    '5'
    >>> closing_answer("48 / 2 = 24 clips.\\n#### 72")
    '72'
    >>> closing_answer("Step 1: 2+3=5\\nStep 2: 5*2=10") is None
    True
"""

from __future__ import annotations

import re

__all__ = ["closing_answer", "trimmed_gold"]

#: Characters of a solution's end read at most (its closing line is in them).
_TAIL = 1000
#: Longest value a closing sentence gives.
_MAX_VALUE = 80

# GSM8K's answer line: "#### 72" (read wherever the solution has more lines before it).
_GSM8K = re.compile(r"####[ \t]{0,8}([^\s#].*)")
# "Hence the result is 5", "So the total is 5 apples", "The correct option is B", "Answer 5",
# "Final answer = 5".
_NAMED = re.compile(
    r"(?:(?:so|thus|hence|therefore)\b[,:]?[ \t]*)?(?:the[ \t]+)?(?:final[ \t]+|correct[ \t]+|required[ \t]+)?"
    r"(?:answer|result|total|value|solution|option|choice)"
    r"(?:[ \t]*(?:is|=|:|equals|is[ \t]+equal[ \t]+to)[ \t]*|[ \t]+(?=[-−(\[$\\\d]|[A-J]\b))(.+)",
    re.IGNORECASE,
)
# "Therefore 5 is the answer", "So B is the correct option".
_STATED = re.compile(
    r"(?:so|thus|hence|therefore)\b[,:]?[ \t]*(.+?)[ \t]+is[ \t]+the[ \t]+(?:final[ \t]+|correct[ \t]+)?"
    r"(?:answer|result|option|choice)",
    re.IGNORECASE,
)
# "So, 5.", "Therefore x = 5": a short value after a concluding word.
_CONCLUDED = re.compile(r"(?:so|thus|hence|therefore)\b[,:]?[ \t]*(.+)", re.IGNORECASE)
# "答案是5", "所以答案为 B", "答案：5".
_CHINESE = re.compile(r"(?:所以|因此|故)?[，,]?(?:最终的?)?答案(?:是|为|為|：|:)[ \t]*(.+)")
# A value a concluding word gives: a number, a fraction or a ratio with at most two words
# of unit after it, or an option letter alone ("5", "12 cm²", "1:2", "(B)"); a sentence
# ("she has 12 apples") is none.
_SHORT_VALUE = re.compile(r"[-+−]?\$?[\d.,/:]*\d[\d.,/:%°]*(?:[ \t]*[^\s\d=]{1,10}){0,2}|\(?[A-J]\)?")
# The last relation of a concluding clause: its value follows ("the perimeter is 12", "2 + 3 = 5").
_LAST_RELATION = re.compile(r".*(?:[ \t](?:is|are|equals|was)[ \t]+|=[ \t]*)", re.IGNORECASE)
# A reason after a value ("5 because 2 + 3 = 5"): not the value.
_REASON = re.compile(r"[ \t,]+(?:because|since|as|for|which|where)\b.*$", re.IGNORECASE)
# A word of approximation before a gold's value ("approximately 3.14" is 3.14).
_APPROX = re.compile(r"(?:approximately|about|roughly|around|approx\.?)[ \t]+", re.IGNORECASE)
# What closes a line and says nothing: a period, emphasis marks, a Chinese full stop.
_CLOSING_MARKS = " \t.。*_"


def closing_answer(solution: str) -> str | None:
    """The answer the last line of a worked *solution* (several lines) states, or
    ``None`` when it states none in the ways this module reads."""
    tail = solution[-_TAIL:].rstrip()
    think = tail.rfind("</think>")
    if think != -1:
        after = tail[think + len("</think>") :].strip()
        if after and "\n" not in after and len(after) <= _MAX_VALUE:
            return after.strip(_CLOSING_MARKS) or None
    line = tail[tail.rfind("\n") + 1 :].strip().strip("*_").strip()
    gsm = _GSM8K.fullmatch(line)
    if gsm is not None:
        return _value(gsm.group(1))
    if "\n" not in tail:
        return None  # one line: the solution is the answer itself, or `answers_of` read it
    for pattern in (_NAMED, _STATED, _CHINESE):
        m = pattern.fullmatch(line.rstrip(_CLOSING_MARKS))
        if m is not None:
            return _value(m.group(1))
    m = _CONCLUDED.fullmatch(line.rstrip(_CLOSING_MARKS))
    if m is not None:
        clause = _REASON.sub("", m.group(1).strip())
        last = _LAST_RELATION.match(clause)
        value = _APPROX.sub("", clause[last.end() :] if last else clause, count=1).strip().rstrip(_CLOSING_MARKS)
        if _SHORT_VALUE.fullmatch(value):
            return _value(value)
    return None


def _value(text: str) -> str | None:
    value = _REASON.sub("", text.strip())
    value = _APPROX.sub("", value, count=1) if _APPROX.match(value) else value
    value = value.strip().rstrip(_CLOSING_MARKS).strip()
    return value if value and len(value) <= _MAX_VALUE else None


def trimmed_gold(value: str) -> str:
    """A gold *value* read out of a solution's answer line without a reason or a word of
    approximation around a plain value ("5 because 2 + 3 = 5." is 5, "approximately 3.14"
    is 3.14); unchanged unless what is left is a plain value (a number with at most two
    words of unit, or an option letter): "f(x) = 2x for x > 0" stays whole."""
    if len(value) > _TAIL:
        return value
    cut = _value(value)
    return cut if cut is not None and cut != value and _SHORT_VALUE.fullmatch(cut) else value

