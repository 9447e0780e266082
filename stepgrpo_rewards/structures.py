"""Answers with a structure: a list, a set, a tuple or an interval, one relation, a named value.

`answers_equivalent` compares single values; an answer that is a list (``2, 3``, ``2
and 3``), a set written out (``\\{1, 2\\}``), a tuple or an interval (``(1, 4.5)``,
``[0, 1)``) or one relation (``x \\geq 5``) is compared here part by part, with the
comparator the caller gives for one item (`equivalence._item_equal`): lists and tuples
in order, sets in any order (each item paired with one of the other side), relations
in any spelling or turned around. A gold that names its value (``|AB| = 1``) is that
value (`named_value`). Everything is bounded: at most `MAX_ITEMS` items, and at most
`MAX_SET_COMPARISONS` item comparisons for a set.

Examples:
    >>> same = lambda a, b: a.strip() == b.strip()
    >>> sets_verdict(r"\\{2, 1\\}", r"\\{1, 2\\}", same), tuples_verdict("(2, 1)", "(1, 2)", same)
    (True, False)
    >>> relations_verdict(r"5 \\geq x", r"x \\leq 5", same), named_value("|AB| = 1")
    (True, '1')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .hedges import ALTERNATIVE as _ALTERNATIVE
from .mathtext.normalize import normalize_math_text

__all__ = ["LIST_SEPARATOR", "MAX_ITEMS", "MAX_SET_COMPARISONS", "items", "lists_verdict", "named_value", "relations_verdict",
           "sets_verdict", "tuples_verdict"]

#: Whether two items (of lists, sets, tuples, the sides of relations) are the same.
ItemEqual = Callable[[str, str], bool]


# A relation between two sides, in any spelling.
_RELATION = re.compile(r"\\(?:geqslant|leqslant|geq?|leq?|gt|lt|neq?)(?![A-Za-z])|>=|<=|!=|[≥≤≠<>]")
_RELATION_KIND = {"\\geqslant": ">=", "\\geq": ">=", "\\ge": ">=", ">=": ">=", "≥": ">=",
                  "\\leqslant": "<=", "\\leq": "<=", "\\le": "<=", "<=": "<=", "≤": "<=",
                  "\\gt": ">", ">": ">", "\\lt": "<", "<": "<", "\\neq": "!=", "\\ne": "!=", "!=": "!=", "≠": "!="}
_FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "!=": "!="}


def _relation(text: str) -> tuple[str, str, str] | None:
    """``(left, kind, right)`` of a text that is one relation (``x \\geq 5``), else ``None``."""
    found = list(_RELATION.finditer(text))
    if len(found) != 1 or "=" in _RELATION.sub("", text):
        return None
    m = found[0]
    left, right = text[: m.start()].strip(), text[m.end() :].strip()
    return (left, _RELATION_KIND[m.group(0)], right) if left and right else None


def relations_verdict(pred: str, gold: str, item_equal: ItemEqual) -> bool | None:
    """When both answers are one relation: whether they are the same relation, in any
    spelling (``x \\geq 5`` is ``x >= 5``) or turned around (``5 \\leq x``). ``None``
    when either is no single relation."""
    a, b = _relation(pred), _relation(gold)
    if a is None or b is None:
        return None
    same = a[1] == b[1] and item_equal(a[0], b[0]) and item_equal(a[2], b[2])
    return same or (a[1] == _FLIPPED[b[1]] and item_equal(a[0], b[2]) and item_equal(a[2], b[0]))


# A tuple or an interval with no brackets inside: "(1, 4.5)", "[0, 1)".
_TUPLE = re.compile(r"(?:\\left\s*)?([(\[])([^()\[\]]*?)(?:\\right\s*)?([)\]])")


_PLAIN_ITEMS = re.compile(r"\s*[,;]\s*")


def tuples_verdict(pred: str, gold: str, item_equal: ItemEqual) -> bool | None:
    """When both answers are a tuple (or an interval) of plain items: whether they have
    the same brackets and the same items in order, each compared as a value
    (``(1, 4.5)`` is ``(1, \\frac{9}{2})``). ``None`` when either is no such tuple."""
    a, b = _TUPLE.fullmatch(pred), _TUPLE.fullmatch(gold)
    if a is None or b is None:
        return None
    pa, pb = items(a.group(2)), items(b.group(2))
    if (pa is None) != (pb is None):
        # "(12,102)" against "(12, 102)": a comma that could group thousands is the
        # tuple's when the other side is a tuple of as many items
        plain_a, plain_b = _PLAIN_ITEMS.split(a.group(2).strip()), _PLAIN_ITEMS.split(b.group(2).strip())
        if len(plain_a) == len(plain_b) and 2 <= len(plain_a) <= MAX_ITEMS and all(plain_a) and all(plain_b):
            pa, pb = plain_a, plain_b
    if pa is None or pb is None or _ALTERNATIVE.search(pred) or "and" in a.group(2).lower():
        return None
    return (a.group(1), a.group(3)) == (b.group(1), b.group(3)) and len(pa) == len(pb) and all(
        item_equal(p, g) for p, g in zip(pa, pb, strict=True))


# What names a value in a gold "name = value": no digit outside subscripts.
_SUBSCRIPT = re.compile(r"_\{[^{}]*\}|_\w")


def named_value(gold: str) -> str:
    """A gold with one ``=`` whose left side names the value (``|AB| = 1``, ``(p, q) =
    (3, 2)``, ``V_{1}:V_{2} = 11:21``: no digit outside subscripts): its value;
    else the gold unchanged."""
    if gold.count("=") != 1 or any(op in gold for op in ("<=", ">=", "!=")):
        return gold
    left, right = (side.strip() for side in gold.split("="))
    if not left or not right or any(ch.isdigit() for ch in _SUBSCRIPT.sub("", left)):
        return gold
    return right


# A set written out: "\{1, 2\}", "{1, 2}" (no braces inside).
_SET_LITERAL = re.compile(r"\\?\{([^{}\\]*)\\?\}")
# (A comma before "and" is one separator: "1, 2, and 3", the serial comma.)
LIST_SEPARATOR = re.compile(r"\s*(?:[,;](?:\s*and\b)?|&|\band\b)\s*", re.IGNORECASE)
# A comma followed by a group of three digits is a thousands separator, not a list's.
_THOUSANDS_COMMA = re.compile(r"\d,\d{3}(?!\d)")
#: Sets and lists of more items than this are compared as text only.
MAX_ITEMS = 10
#: Items of two sets spelled differently are compared as values at most this many times.
MAX_SET_COMPARISONS = 10


def items(body: str) -> list[str] | None:
    """The items of a list *body*, split at commas, semicolons, "&" and "and";
    ``None`` when it holds fewer than two, too many, an empty one, or a thousands
    comma."""
    if _THOUSANDS_COMMA.search(body):
        return None
    items = LIST_SEPARATOR.split(body.strip())
    if not 2 <= len(items) <= MAX_ITEMS or not all(items):
        return None
    return items


def sets_verdict(pred: str, gold: str, item_equal: ItemEqual) -> bool | None:
    """When both answers write out a set of plain items (``\\{1, 2\\}``): whether they
    hold the same values in any order, each item matched to one of the other side.
    ``None`` when either is no such set."""
    a, b = _SET_LITERAL.fullmatch(pred), _SET_LITERAL.fullmatch(gold)
    if b is None or any(ch in pred or ch in gold for ch in "()[]"):
        return None  # a set of tuples or intervals: its commas are not all the set's
    if a is None:
        # the items of a set listed plainly ("1, 2 and 3", boxes side by side), in any order
        listed = items(pred)
        if listed is None or _ALTERNATIVE.search(pred) or any(ch in pred for ch in "{}\\"):
            return None
        pa = listed
    else:
        pa = items(a.group(1)) or [a.group(1).strip()]
    pb = items(b.group(1)) or [b.group(1).strip()]
    if len(pa) > MAX_ITEMS or len(pb) > MAX_ITEMS:
        return None
    # each value once: {1, 1, 2} is the set {1, 2}
    spelled = {normalize_math_text(item): item for item in pa}
    left = {normalize_math_text(item): item for item in pb}
    if len(spelled) != len(left):
        return False
    # the items spelled alike pair at once; the others are compared value by value, up
    # to a bound (each comparison may parse and evaluate both items)
    unmatched = [item for key, item in spelled.items() if left.pop(key, None) is None]
    comparisons = 0
    for item in unmatched:
        for key, other in left.items():
            comparisons += 1
            if comparisons > MAX_SET_COMPARISONS:
                return False
            if item_equal(item, other):
                del left[key]
                break
        else:
            return False
    return True


def lists_verdict(pred: str, gold: str, item_equal: ItemEqual) -> bool | None:
    """When the gold is a list (``2, 3``, ``2 and 3``) and so is the answer: whether
    they hold the same values in the same order, whatever separates them. ``None``
    when either is no list (a value in brackets is a tuple: see the math parser)."""
    if not LIST_SEPARATOR.search(gold) or any(ch in gold or ch in pred for ch in "()[]{}"):
        return None
    pa, pb = items(pred), items(gold)
    if pa is None or pb is None or _ALTERNATIVE.search(pred):
        return None
    return len(pa) == len(pb) and all(item_equal(p, g) for p, g in zip(pa, pb, strict=True))
