"""A value taken back later in its step: ``Suppose x = 5. Then 2x = 10 ≠ 12, so x ≠ 5.``

A key step that assigns a name a number (``x = 5``) is not earned where the same step
goes on to deny that very assignment with an inequality (``x ≠ 5``, ``x \\neq 5``,
``x != 5``, ``5 ≠ x``, ``x \\not= 5``): the step tried the value and rejected it. A
denial under a condition ("if x ≠ 5", "case x ≠ 5", "otherwise") is a case analysis,
not a retraction, and does not count.

The inequality signs of a text are found once per text (`inequality_spans`, after a
cheap ``in`` test for each sign), and only those in the rest of the match's step are
read (at most `MAX_DENIALS_READ`), each on a few characters beside it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from .context import fold_homoglyphs

#: How many inequality signs after a match one check reads at most.
MAX_DENIALS_READ = 16
_SEPARATOR = "\x00"
_MARKS = ("≠", "!=", "\\ne", "=/=", "≢", "not=", "not =")
_INEQUALITY = re.compile(r"≠|!=|=/=|≢|\\neq?(?![a-z])|\\?not[ ]?=")
_SIDE = 24
_SKIP = " \t\n$"
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_\\'")
_CONDITION = re.compile(r"(?:if|when|whenever|case|unless|otherwise|assume|assuming|suppose|for|whether)[ \t\n:,$(]*$")


def inequality_spans(hay: str) -> list[tuple[int, int]]:
    """Where *hay* writes an inequality sign (start and end of each), in order."""
    if not any(mark in hay for mark in _MARKS):
        return []
    return [m.span() for m in _INEQUALITY.finditer(hay)]


def denied_later(hay: str, end: int, name: str, value: str, spans: list[tuple[int, int]],
                 gap: Callable[[int], bool] | None = None) -> bool:
    """Whether the step of *hay* that a match ending at *end* stands in denies, after it,
    that *name* is *value* (``name ≠ value`` or ``value ≠ name``). *spans* are the
    inequality signs of *hay* (`inequality_spans`); *gap* tells, in a text whose
    whitespace was squeezed out, where whitespace stood (a name glued to a word before
    it is a name only there)."""
    if not spans:
        return False
    stop = hay.find(_SEPARATOR, end)
    stop = len(hay) if stop == -1 else stop
    i = bisect_left(spans, (end, 0))
    for start, sign_end in spans[i : i + MAX_DENIALS_READ]:
        if start >= stop:
            break
        lo = max(end, start - _SIDE)
        left = hay[lo:start].rstrip(_SKIP)
        right = hay[sign_end : min(stop, sign_end + _SIDE)].lstrip(_SKIP)
        if _value_first(right, value) and _whole_at_end(left, name, lo, gap):
            return True
        if _name_first(right, name) and _whole_at_end(left, value, lo, gap):
            return True
    return False


# --- A value corrected later in its step: "x = 5, no wait, x = 6", "x = 5. Actually, x = 6." ---
# A step that assigns the key's name another number after a word that corrects what came
# before takes the key's value back, though no denial word stands beside it. The later
# assignment is looked for first (one search that starts with the name); the words only
# between the match and it. An assignment under a condition ("wait, if x = 6 ...") is a
# case, not a correction; a later value with no such word is a case analysis ("x = 5, x =
# 6" stays) and the same value a check ("x = 5. Wait, x = 5.0 indeed").
_CORRECTION = re.compile(
    r"wait|hold[ \t]*on|hang[ \t]*on|actually|scratch[ \t]*that|i[ \t]*mean|correction|correcting|rather(?![ \t]*than)"
    r"|sorry|oops|whoops|my[ \t]*bad|second[ \t]*thought|on[ \t]*reflection|make[ \t]*that|let[ \t]*me[ \t]*(?:re|correct|fix)"
    r"|instead(?![ \t]*of)|hmm|recomput|recalculat|re-?check|double[- \t]?check|redo|closer[ \t]*inspection"
    r"|should[ \t]*(?:have[ \t]*)?be(?:en)?(?![a-z])|i[ \t]*was[ \t]*wrong|(?<![a-z])err(?![a-z])"
    r"|(?<![a-z])(?:no|nope|nah|ah|eh|uh|um+|hm+|oh)[ \t]*[,.!;:\u2014\u2013]|oh[ \t]*no|never[ \t]*mind"
    r"|(?:that|this|it)(?:['’]?s|[ \t]*(?:is|was))[ \t]*(?:wrong|incorrect|not[ \t]*right)"
    r"|warte|eigentlich|nein|attends|en[ \t]*fait|plutôt|(?<![a-z])non[ \t]*[,.!]|espera|en[ \t]*realidad|de[ \t]*hecho"
    r"|mejor[ \t]*dicho|na[ \t]*verdade|aliás|等等|不对|其实|更正|改正|应该是|哦不")
#: How far after a match (in its step) a corrected value is looked for.
_CORRECTION_SPAN = 240
_ASSIGNED = (r"[ \t\n]*(?:=|:|is|equals|becomes|was|should[ \t]*be|must[ \t]*be)[ \t\n]*\$?[ \t\n]*"
             r"(-?[0-9]+(?:\.[0-9]+)?)(?![0-9]|\.[0-9]|[ \t]*[-+*/^(])")


@lru_cache(maxsize=1024)
def _assigned_again(name: str) -> re.Pattern[str]:
    """*name* assigned a number (its boundary before it is checked apart: a squeezed text
    glues a name to the word before it)."""
    return re.compile(re.escape(name) + _ASSIGNED)


def _same_number(a: str, b: str) -> bool:
    """Whether two numbers in digits (``5``, ``-5``, ``5.0``) are one value."""
    return float(a) == float(b)


def corrected_later(hay: str, end: int, name: str, value: str, gap: Callable[[int], bool] | None = None) -> bool:
    """Whether the step of *hay* that a match ending at *end* stands in assigns *name*
    another number than *value* after it, after a word that corrects (`_CORRECTION`):
    ``x = 5, no wait, x = 6``, ``x = 5. Actually x = 6``, ``x = 5; I mean x = 6``. *gap*
    as in `denied_later`."""
    stop = hay.find(_SEPARATOR, end, end + _CORRECTION_SPAN)
    stop = min(len(hay), end + _CORRECTION_SPAN) if stop == -1 else stop
    for m in _assigned_again(name).finditer(hay, end, stop):
        start = m.start()
        if start > 0 and hay[start - 1] in _NAME_CHARS and (gap is None or not gap(start)):
            continue  # ("2x = 6", "ax = 6": another name)
        if _same_number(m.group(1), value):
            continue
        head = fold_homoglyphs(hay[end:start])  # ("wаit", Cyrillic а)
        if _CORRECTION.search(head) is not None and _CONDITION.search(head.rstrip(_SKIP)) is None:
            return True
    return False


def _whole_at_end(left: str, term: str, lo: int, gap: Callable[[int], bool] | None) -> bool:
    """Whether *left* (the text from *lo* to the sign) ends with *term* (a name or a
    number) as a whole term, under no condition. In a squeezed text (*gap* given) a
    term glued to a word ("sox") is whole where whitespace stood before it."""
    if not left.endswith(term):
        return False
    head = left[: -len(term)]
    if head and head[-1] in _NAME_CHARS and (gap is None or not gap(lo + len(head))):
        return False
    return _CONDITION.search(head) is None


def _value_first(right: str, value: str) -> bool:
    """Whether *right* starts with the number *value*, whole."""
    if not right.startswith(value):
        return False
    rest = right[len(value) : len(value) + 2]
    return not rest or not (rest[0].isdigit() or (rest[0] in ".," and rest[1:2].isdigit()))


def _name_first(right: str, name: str) -> bool:
    """Whether *right* starts with *name*, whole."""
    if not right.startswith(name):
        return False
    rest = right[len(name) : len(name) + 1]
    return not rest or rest not in _NAME_CHARS
