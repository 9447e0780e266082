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
