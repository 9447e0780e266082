"""Answers made of several parts: solution sets, several boxes read as one answer,
assignments, intervals written as inequalities, matrices.

`answers_equivalent` compares single values; this module reads an answer that lists
several into its parts and compares them part by part with the comparator it is
given (`equivalence._item_equal`), so that

- ``(1, 2), (2, 1)`` is ``(2,1),(1,2)`` and ``(2,1) or (1,2)``: a set of solutions,
  in any order, whatever separates them (commas, semicolons, "and", "or",
  ``\\quad``, ``\\text{ and }``, ``\\cup``) and whether or not it is braced (``\\{...\\}``);
- ``x = -5, p = \\frac{14}{3}`` is ``-5, \\frac{14}{3}``, and ``a_{37} = 19, a_3 = 2`` is
  ``a_3 = 2, a_{37} = 19`` (named parts pair by name, unnamed ones by value);
- ``\\pm 2021`` is ``\\{-2021, 2021\\}``;
- ``-793 < a < 10`` is ``(-793, 10)``, and ``x \\in [-2, 7]`` is ``[-2, 7]``;
- two matrices are equal when they have the same shape and equal entries, in any of
  ``pmatrix``, ``bmatrix``, ``matrix`` or ``array``.

A set must match item for item: the same number of distinct items on both sides, each
paired with one of the other side. So listing more values than the gold holds (a
hedge) is never right, and "or" between the parts of a set adds no chance. Everything
is bounded: at most `MAX_PARTS` parts, `MAX_COMPARISONS` comparisons, `MAX_CHARS`
characters.

Examples:
    >>> from stepgrpo_rewards import answers_equivalent
    >>> answers_equivalent(r"\\boxed{(1, 2)}, \\boxed{(2, 1)}", "(2,1),(1,2)")
    True
    >>> answers_equivalent("(1, 2), (2, 1), (3, 3)", "(2,1),(1,2)")
    False
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .mathtext.normalize import normalize_math_text

__all__ = ["MAX_PARTS", "compound_verdict", "matrix_verdict", "strip_membership"]

#: Most parts of a compound answer; longer lists are left to the other rules.
MAX_PARTS = 12
#: Most part-against-part comparisons for one answer pair.
MAX_COMPARISONS = 64
#: Longest answer read as a compound one.
MAX_CHARS = 600

Compare = Callable[[str, str], bool]

# Separators between parts, at bracket depth 0. Connectives "and"/"or" in words or in
# \text{}, LaTeX spacing, commas, semicolons, a set union.
_SEPARATOR = re.compile(
    r"\s*(?:\\text\s*\{\s*(?:and|or)\s*\}|\\(?:quad|qquad|cup)(?![A-Za-z])|\b(?:and|or)\b|[,;])\s*"
    r"(?:\\[,;:! ]\s*|\\(?:quad|qquad)\s*|\\text\s*\{\s*(?:and|or)\s*\}\s*|\b(?:and|or)\b\s*)*",
    re.IGNORECASE,
)
# What makes a list a set of solutions (any order), not an ordered list: words, wide
# spacing, a union, semicolons ("-12; -11; -10").
_SOLUTION_JOINT = re.compile(r"\\(?:quad|qquad|cup)(?![A-Za-z])|\b(?:and|or)\b|;", re.IGNORECASE)
_OR = re.compile(r"\bor\b|\\text\s*\{\s*or\s*\}", re.IGNORECASE)
# What wraps a part and says nothing: math delimiters, spacing, a final period.
_WRAPPING = re.compile(r"\\[()\[\]]|\$|\\[,;:! ](?!\d)|\\(?:left|right|displaystyle)(?![A-Za-z])")
# "name = value": a short name, with a subscript, or a tuple of names ("(x, y)").
_NAMED = re.compile(
    r"\s*((?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]{1,4}\}?)?|\((?:\s*[A-Za-z](?:_\{?\w{1,4}\}?)?\s*,)+\s*[A-Za-z]"
    r"(?:_\{?\w{1,4}\}?)?\s*\))\s*=(?!=)\s*(.+)",
    re.DOTALL,
)
_THOUSANDS_COMMA = re.compile(r"\d,\d{3}(?!\d)")
_SET_BRACES = re.compile(r"\s*\\?\{(.*?)\\?\}\s*", re.DOTALL)
_PLUS_MINUS = re.compile(r"(.*?)\\pm(?![A-Za-z])(.+)|(.*?)±(.+)", re.DOTALL)
# "x \in [-2, 7]": membership names the set that is the answer.
_MEMBERSHIP = re.compile(r"\s*(?:[A-Za-z](?:_\{?\w{1,4}\}?)?|\\[A-Za-z]+)\s*(?:\\in|∈)(?![A-Za-z])\s*")
# "a < x < b", "a \le x \le b": an interval.
_LESS = r"(<|\\lt(?![A-Za-z])|\\le(?:q|qslant)?(?![A-Za-z])|<=|≤)"
_CHAIN = re.compile(rf"\s*([^<>≤=]+?)\s*{_LESS}\s*([A-Za-z](?:\([A-Za-z]\))?|\|[A-Za-z]\|)\s*{_LESS}\s*([^<>≤=]+?)\s*")
_MATRIX = re.compile(
    r"\s*(?:\\left\s*)?[(\[]?\s*\\begin\s*\{(pmatrix|bmatrix|matrix|smallmatrix|array)\}(?:\s*\{[lcr|\s]*\})?"
    r"(.*?)\\end\s*\{\1\}\s*(?:\\right\s*)?[)\]]?\s*",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class _Part:
    """One part of a compound answer: its name (``None`` when unnamed) and value."""

    name: str | None
    value: str


def strip_membership(text: str) -> str:
    """*text* without a leading ``x \\in`` (``x \\in [-2, 7]`` is ``[-2, 7]``)."""
    m = _MEMBERSHIP.match(text)
    return text[m.end() :] if m and text[m.end() :].strip() else text


def _interval(text: str) -> str | None:
    """``a < x < b`` (or with ``\\le``) as the interval ``(a, b)`` (``[a, b]``)."""
    m = _CHAIN.fullmatch(text)
    if m is None:
        return None
    left = "(" if m.group(2) in ("<", "\\lt") else "["
    right = ")" if m.group(4) in ("<", "\\lt") else "]"
    return f"{left}{m.group(1)}, {m.group(5)}{right}"


def _split(text: str) -> tuple[list[str], bool] | None:
    """The parts of *text* split at separators outside brackets, and whether a
    separator reads as a set of solutions ("and", "or", ``\\quad``, ``\\cup``).
    ``None`` when a bracket is unbalanced, a comma groups thousands, or there are too
    many parts."""
    parts: list[str] = []
    depth = start = 0
    solution = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and ch in ",;\\ aoAO":
            if ch == "," and _THOUSANDS_COMMA.match(text, i - 1 if i else 0) and i:
                return None  # "1,000": one number
            m = _SEPARATOR.match(text, i)
            if m is not None and m.end() > i and (ch in ",;\\" or (i == 0 or not text[i - 1].isalnum())):
                piece = m.group(0)
                if piece.strip() or ch != " ":
                    if _SOLUTION_JOINT.search(piece):
                        solution = True
                    parts.append(text[start:i])
                    start = i = m.end()
                    if len(parts) > MAX_PARTS:
                        return None
                    continue
        i += 1
    if depth != 0:
        return None
    parts.append(text[start:])
    return parts, solution


def _clean(part: str) -> str:
    return _WRAPPING.sub(" ", part).strip().rstrip(".").strip()


def _parts(text: str) -> tuple[list[_Part], bool] | None:
    """The parts of a compound answer and whether they are a set (any order).
    ``None`` when *text* is too long or no list."""
    if len(text) > MAX_CHARS:
        return None
    body = _clean(text)
    braced = _SET_BRACES.fullmatch(body)
    unordered = False
    if braced is not None and braced.group(1).count("{") == braced.group(1).count("}"):
        body, unordered = braced.group(1), True
    split = _split(body)
    if split is None:
        return None
    pieces, solution = split
    parts = []
    for piece in pieces:
        piece = _clean(piece)
        if not piece:
            return None
        m = _NAMED.fullmatch(piece)
        parts.append(_Part(m.group(1).replace(" ", ""), m.group(2).strip()) if m else _Part(None, piece))
    if len(parts) == 1:
        pm = _PLUS_MINUS.fullmatch(parts[0].value)
        if pm is not None:  # "\pm 2021": two values
            head, tail = (pm.group(1), pm.group(2)) if pm.group(2) is not None else (pm.group(3), pm.group(4))
            if "\\pm" in tail or "±" in tail or "\\mp" in tail:
                return None
            head = head.strip()
            values = [f"{head} + {tail.strip()}", f"{head} - {tail.strip()}"] if head else [tail.strip(), f"-{tail.strip()}"]
            return [_Part(parts[0].name, v) for v in values], True
        return parts, unordered
    named = [p for p in parts if p.name is not None]
    if named and parts[0].name is not None and len(named) == 1:
        # "(x, y) = (5, 8) and (8, 5)", "a = 4, -8, -10": the name holds every value
        parts = [_Part(parts[0].name, p.value) for p in parts]
    tuples = all(p.value[:1] in "([" for p in parts)
    return parts, unordered or solution or tuples or bool(named)


def _distinct(parts: list[_Part]) -> list[_Part]:
    seen: dict[tuple[str | None, str], _Part] = {}
    for part in parts:
        seen.setdefault((part.name, normalize_math_text(part.value)), part)
    return list(seen.values())


def compound_verdict(pred: str, gold: str, equal: Compare) -> bool | None:
    """Whether two answers hold the same parts, when either is a compound answer
    (several parts, named parts, a set, a plus-minus); ``None`` when neither is, or
    when the rule cannot tell (then the other rules decide).

    The gold decides what kind of list it is: a set of solutions (braces, "and",
    "or", ``\\quad``, tuples, named parts, a plus-minus) is matched in any order, each
    distinct part of one side to one of the other; a plain list (``2, 3``) is left to
    the ordered list rule. "or" in the answer reads as a list only when the gold says
    "or" too ("1 or 2 or 3" offers values). Parts pair by name when both sides name
    every part with distinct names. Each part is compared with *equal*."""
    a, b = _parts(pred), _parts(gold)
    if a is None or b is None:
        return None
    (pa, _), (pb, b_set) = a, b
    if len(pa) < 2 and len(pb) < 2:
        return None
    if not b_set:
        return None  # the gold is a plain list (or one value): the ordered list rule decides
    if _OR.search(pred) and not _OR.search(gold):
        return None  # "1 or 2 or 3" offers values; only a gold that says "or" lists solutions so
    pa, pb = _distinct(pa), _distinct(pb)
    if len(pa) != len(pb):
        return False if min(len(pa), len(pb)) >= 2 else None
    names_a = [p.name for p in pa]
    names_b = [p.name for p in pb]
    if None not in names_a and None not in names_b and len(set(names_a)) == len(pa) and len(set(names_b)) == len(pb):
        if set(names_a) == set(names_b):
            by_name = {p.name: p.value for p in pb}
            return all(equal(p.value, by_name[p.name]) for p in pa)
    if None not in names_b and len(set(names_b)) == len(pb) and all(n is None for n in names_a):
        # "x = 1, y = 2" answered "1, 2": unnamed values take the gold's names in order
        return all(equal(p.value, g.value) for p, g in zip(pa, pb, strict=True))
    left = [p.value for p in pb]
    comparisons = 0
    for part in pa:
        for i, other in enumerate(left):
            comparisons += 1
            if comparisons > MAX_COMPARISONS:
                return False
            if equal(part.value, other):
                del left[i]
                break
        else:
            return False
    return True


def interval_of(text: str) -> str | None:
    """The interval that *text* names: ``x \\in [-2, 7]`` and ``-2 \\le x \\le 7`` are
    ``[-2, 7]``; ``None`` when it names none of these ways."""
    stripped = strip_membership(text)
    if stripped is not text:
        return stripped
    return _interval(text)


def _matrix(text: str) -> list[list[str]] | None:
    m = _MATRIX.fullmatch(_WRAPPING.sub(" ", text).strip()) if len(text) <= MAX_CHARS * 2 else None
    if m is None:
        return None
    rows = [row for row in re.split(r"\\\\", m.group(2))]
    if rows and not rows[-1].strip():
        rows.pop()
    cells = [[cell.strip() for cell in row.split("&")] for row in rows]
    if not cells or sum(len(row) for row in cells) > MAX_COMPARISONS or any(not c for row in cells for c in row):
        return None
    return cells


def matrix_verdict(pred: str, gold: str, equal: Compare) -> bool | None:
    """When both answers are a matrix: whether they have the same shape and equal
    entries (``pmatrix``, ``bmatrix`` and ``array`` alike). ``None`` otherwise."""
    if "\\begin" not in pred or "\\begin" not in gold:
        return None
    a, b = _matrix(pred), _matrix(gold)
    if a is None or b is None:
        return None
    if [len(row) for row in a] != [len(row) for row in b]:
        return False
    return all(equal(x, y) for ra, rb in zip(a, b, strict=True) for x, y in zip(ra, rb, strict=True))
