"""Enumerated values: a name given many values earns no key step that assigns it one.

A completion can list every value a name could take (``x = 1. x = 2. ... x = 59``, one
per sentence, per line or per step) and so state whichever value the key step holds.
A solver that derives a value assigns it once or twice (a value, then its correction:
``x = 10``, then ``x = 12``), and a case analysis a few times; a name given more than
`MAX_VALUES_PER_NAME` distinct values in the searched text (all its steps together) is
an enumeration, and no key step that assigns that name a number (``x = 37``,
``37 = x``, ``x is 37``, ``x: 37``) is earned there. Other key steps, and other names
(a table of several variables), are not affected.

The values are read from the text as `_SearchText` holds it: the raw text when it is
ASCII without LaTeX, else the canonical one (full-width ``ｘ＝５`` and ``\\angle B`` read
as ``x=5`` and ``∠b``). One literal-prefixed scan per name, stopped as soon as the name
has too many values, cached per text.

Examples:
    >>> assignment("x = 37"), assignment("37 = x"), assignment("∠B = 30°"), assignment("3*4=12")
    (('x', '37'), ('x', '37'), ('\\x03b', '30'), None)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..mathtext.normalize import canonicalize

#: A name given more distinct numbers than this in one completion's searched text is an
#: enumeration: no key step that assigns it a number is earned there.
MAX_VALUES_PER_NAME = 3

_A_DIGIT = re.compile("[0-9]")
_NAME = r"(?:∠|\\(?:measured)?angle[ ]*|angle[ ]+)?[a-z][a-z0-9_']{0,15}"
_VALUE = r"-?[0-9]+(?:\.[0-9]+)?"
_UNIT = r"(?:[ ]*(?:°|\^\{?\\circ\}?|\\circ|\\?%|[a-z]{1,6}|\\text\{[^{}]{0,12}\}))?"
_KEY_ASSIGNS = re.compile(rf"(?P<name>{_NAME})[ ]*(?:=|is|:|equals)[ ]*(?P<value>{_VALUE}){_UNIT}")
_KEY_VALUE = re.compile(rf"{_VALUE}{_UNIT}")
_KEY_ASSIGNED = re.compile(rf"(?P<value>{_VALUE})[ ]*=[ ]*(?P<name>{_NAME})")
# How a text assigns a value after the name, and the value: a whole number (not the
# first term of a sum, "x = 2 + 3").
_ASSIGNS = r"[ \t\n]*(?:=|:|is|equals|was|becomes)[ \t\n]*\$?[ \t\n]*(-?[0-9]+(?:\.[0-9]+)?)(?![0-9]|\.[0-9]|[ \t]*[-+*/^(])"
# The name a value is assigned to, right before it ("so x = ", "x is ").
_NAME_BEFORE = re.compile(rf"(?<![a-z0-9_\\])({_NAME})[ \t\n]*(?:=|:|is|equals)[ \t\n$]*$")
_NAME_AFTER = re.compile(rf"[ \t\n$]*=[ \t\n$]*({_NAME})(?![a-z0-9_'])")


#: A bare number that stands in a list of more numbers than this (``1, 2, 3, ..., 300``)
#: is listed, not stated: no bare key number is earned there.
MAX_LISTED_NUMBERS = 8
#: How many characters on each side of a number the list is read in (its items up to
#: `MAX_LISTED_NUMBERS`, however they are spelled).
LIST_WINDOW = 160
# What joins the numbers of a list: a comma, a semicolon, an ellipsis or "and", or only
# spacing; spacing may hold math delimiters and LaTeX spaces ("$1$, $2$", "1,\\ 2").
_LIST_SPACE = r"(?:[ \t\n\u00a0$]|\\[,;: ])"
_LIST_JOINT = rf"(?:(?:{_LIST_SPACE}*+(?:[,;、，；&]|\.\.\.|…|\\[lc]?dots|and))++{_LIST_SPACE}*+|{_LIST_SPACE}++)"
_LISTED_AFTER = re.compile(rf"{_LIST_JOINT}[-−]?[0-9]+(?:\.[0-9]+)?(?![0-9a-z.])")
# The same on the reversed text before a number: a number, then its joint, read backwards.
_SPACE_REVERSED = r"(?:[ \t\n\u00a0$]|[,;: ]\\)"
_LIST_JOINT_REVERSED = (rf"(?:(?:{_SPACE_REVERSED}*+(?:[,;、，；&]|\.\.\.|…|stod[lc]?\\|dna))++{_SPACE_REVERSED}*+"
                        rf"|{_SPACE_REVERSED}++)")
_LISTED_BEFORE = re.compile(rf"{_LIST_JOINT_REVERSED}[0-9]+(?:\.[0-9]+)?[-−]?(?![0-9a-z.\\])")
# The characters next to a listed number (squeezed or not): anything else settles it.
_LIST_NEIGHBOURS = frozenset(" \t\n\u00a0$,;、，；&.…\\0123456789ad")


def may_be_listed(neighbour: str) -> bool:
    """A cheap necessary test for `listed_among_many`: the character right before or
    right after the number."""
    return neighbour in _LIST_NEIGHBOURS


def listed_among_many(before: str, after: str, limit: int = MAX_LISTED_NUMBERS) -> bool:
    """Whether the number between *before* and *after* (the windows beside it) is one
    of a list of more than *limit* numbers (``1, 2, 3, 4, 5, 6, 7, 8, 9``): a policy
    that lists every number states none of them. Each side is read item by item with
    one anchored pattern, at most *limit* items."""
    count, pos = 1, 0
    while count <= limit and (m := _LISTED_AFTER.match(after, pos)) is not None:
        count, pos = count + 1, m.end()
    if count <= limit and before:
        reverse, pos = before[::-1], 0
        while count <= limit and (m := _LISTED_BEFORE.match(reverse, pos)) is not None:
            count, pos = count + 1, m.end()
    return count > limit


@lru_cache(maxsize=65536)
def assignment(alternative: str) -> tuple[str, str] | None:
    """``(name, value)`` of an alternative that assigns a name a number (``x = 37``,
    ``37 = x``, ``x is 37``, ``∠B = 30°``), the name in canonical spelling; else
    ``None``."""
    return _assignment(" ".join(alternative.lower().split()))


def _assignment(text: str) -> tuple[str, str] | None:
    """`assignment` of an alternative lower-cased with its whitespace collapsed."""
    m = _KEY_ASSIGNS.fullmatch(text) or _KEY_ASSIGNED.fullmatch(text)
    if m is None:
        return None
    name = "".join(canonicalize(m.group("name")).split())
    return (name, m.group("value")) if name else None


@lru_cache(maxsize=65536)
def enumerable(alternative: str) -> tuple[str, str] | bool:
    """What of *alternative* an enumeration may take back: its `assignment` (a name and
    a number), ``True`` where it `is_value`, else ``False``. One cached call per
    alternative on the matching path."""
    text = " ".join(alternative.lower().split())
    if _A_DIGIT.search(text) is None:
        return False  # every form below holds a number
    return _assignment(text) or _KEY_VALUE.fullmatch(text) is not None


@lru_cache(maxsize=65536)
def is_value(alternative: str) -> bool:
    """Whether *alternative* is a number alone, or with a unit (``37``, ``-2.5``,
    ``30°``, ``12 cm``): a value a text may enumerate."""
    return _KEY_VALUE.fullmatch(" ".join(alternative.lower().split())) is not None


@lru_cache(maxsize=65536)
def _canonical_name(name: str) -> str:
    return "".join(canonicalize(name).split())


def assigned_name(before: str, after: str) -> str | None:
    """The name (canonical spelling) that the text around a value (*before* and
    *after* it) assigns it to (``x = 37``, ``37 = x``), or ``None``."""
    if not before.isascii():
        before = canonicalize(before)
    m = _NAME_BEFORE.search(before)
    if m is None:
        if not after.isascii():
            after = canonicalize(after)
        m = _NAME_AFTER.match(after)
    if m is None:
        return None
    return _canonical_name(m.group(1)) or None


@lru_cache(maxsize=4096)
def _name_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of *name* assigned a number (``name = v``), on the text, and assigned
    to one (``v = name``), on the reversed text: each starts with the name (reversed),
    so that ``re`` finds candidates with a fast literal search, and checks the name's
    boundary with a lookbehind placed after it (a name that starts after a letter, a
    digit or ``_`` is another name: ``ax``, ``2x``)."""
    spelled = re.escape(name).replace("\x03", "\x03[ \t]*")
    forward = re.compile(spelled + rf"(?<![a-z0-9_\\]{re.escape(name)})" + _ASSIGNS if "\x03" not in name
                         else spelled + _ASSIGNS)
    reversed_name = re.escape(name[::-1])
    backward = re.compile(rf"{reversed_name}(?<![a-z0-9_']{reversed_name})[ \t\n]*\$?[ \t\n]*=[ \t\n$]*"
                          r"([0-9]+(?:\.[0-9]+)?-?)(?![0-9.])")
    return forward, backward


def _number(value: str) -> str:
    """*value* in one spelling: ``5``, ``5.0`` and ``05`` are one value."""
    negative = value.startswith("-")
    digits = value.lstrip("-")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    digits = digits.lstrip("0") or "0"
    return ("-" if negative and digits != "0" else "") + digits


def count_exceeds(hay: str, name: str, limit: int = MAX_VALUES_PER_NAME) -> bool:
    """Whether *hay* assigns *name* more than *limit* distinct numbers. Two C passes
    (``findall``), whatever the number of assignments."""
    if hay.count(name.replace("\x03", "")) <= limit:  # ("∠ b" is "∠b")
        return False
    forward, backward = _name_patterns(name)
    values = set(forward.findall(hay))
    if "=" + name in hay or "= " + name in hay or "$" + name in hay:
        values.update(value[::-1] for value in backward.findall(hay[::-1]))
    if len(values) <= limit:
        return False
    distinct: set[str] = set()
    for value in values:
        distinct.add(_number(value))
        if len(distinct) > limit:
            return True
    return False
