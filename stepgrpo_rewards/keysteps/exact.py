"""The exact and normalised stages of key-step matching: key forms and searches.

An alternative is looked for first as written (lower-cased, whitespace collapsed)
in the raw text (`_find_bounded`), then in canonical spelling with whitespace
squeezed out, and with the sides of an equation swapped (`_canonical_keys`,
`_find_canonical`). Each occurrence must respect number boundaries
(`number_bounds`); in the squeezed text, digits the key keeps apart must stand
apart (`_digit_runs_agree`). The key forms are cached, because a group's key steps
recur across the completions of a prompt and across epochs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from ..mathtext.normalize import canonicalize
from .enumeration import key_name
from .number_bounds import (
    _DIGITS,
    CHAIN_REJECTION_COST,
    CONTEXT_REJECTION_COST,
    _bounded_chars,
    _in_context,
    _key_traits,
    _no_gap,
    _offered_as_alternative,
    _plainly_in_context,
    equal_numbers,
)
from .search_text import _SEPARATOR, _SearchText

_DIGIT_RUN = re.compile(r"[0-9]{2,}")
_NUMBER = re.compile(r"[0-9]+")
# Two digits with whitespace between them (what `str.split` splits on: ``\s`` of a str
# pattern is the same set), where a canonical key keeps a gap.
_DIGIT_GAP = re.compile(r"[0-9]\s+[0-9]")


def _find_bounded(text: _SearchText, key: str, alternative: str | None = None) -> int:
    """Start of the first occurrence of *key* in the raw text that respects number
    boundaries and that its step does not deny later, or -1. (*alternative*: the key
    as written, whose assignment `enumeration.enumerable` has cached for the matcher.)"""
    raw = text.raw
    if text.scan_left <= 0 or (text.indexed and not text.may_hold(_numbers(key), False)):
        return -1
    if text.indexed and text.lacks_a_character(key, False):
        text.scan_left -= len(raw)  # charged as the search it spares, so that budgets run out as before
        return -1
    pos = raw.find(key)
    while pos != -1:
        verdict = _judged(text, raw, pos, pos + len(key), key, alternative)
        if verdict:
            text.scan_left -= pos + len(key)
            return pos
        if verdict is None:
            return -1
        pos = raw.find(key, pos + 1)
    text.scan_left -= len(raw)
    return -1


def _judged(text: _SearchText, hay: str, start: int, end: int, needle: str, alternative: str | None,
            key: _CanonicalKey | None = None, chained: bool = False) -> bool | None:
    """The verdict of every search on one occurrence of *needle* at ``hay[start:end]``
    (the raw text, or `squashed` where a canonical *key* is given): ``True`` when it
    respects number boundaries (and, squeezed, the key's digit runs, unless it closes
    a *chained* equality), its context and the step's later words; else ``False``, or
    ``None`` once the text's budget of rejected occurrences is spent. A rejection by
    the context costs `CONTEXT_REJECTION_COST`, one by a chain of equalities read after
    the value `CHAIN_REJECTION_COST`."""
    if key is None:  # the raw text
        gap = _no_gap
        bounded = _bounded_chars(hay, start, end, needle, gap, text.has_raw_operators)
    else:
        gap = text.is_gap
        bounded = _bounded_chars(hay, start, end, needle, gap, text.has_squashed_operators) and (
            chained or _digit_runs_agree(text, start, key))
    if bounded:
        squeezed = key is not None
        traits = _key_traits(needle)
        if (traits[3] is None or not _offered_as_alternative(hay, start, end, needle, gap)) and (
                (not squeezed and traits[0] and _plainly_in_context(hay, start, end))
                or _in_context(hay, start, end, needle, text if squeezed else None, traits)) and not text.denied_later(
                alternative or needle, end, squeezed):
            return True
        text.rejections_left -= CONTEXT_REJECTION_COST - 1
    elif bounded is None:  # a chain read and refused ("x = 5 = AB = 12/2")
        text.rejections_left -= CHAIN_REJECTION_COST - 1
    text.rejections_left -= 1
    return False if text.rejections_left > 0 else None


class _CanonicalKey(NamedTuple):
    """An alternative in canonical spelling, whitespace removed (``key``), the offsets
    inside it where whitespace separated two digits (``gaps``: ``3 4 5``), and
    whether two digits meet anywhere in it (``digit_pair``). (A named tuple: one is
    built per distinct alternative, on the scoring path.)"""

    key: str
    gaps: frozenset[int]
    digit_pair: bool
    #: Whether a chain of equalities may state it (it assigns a name a number, no gap
    #: inside: `_find_chained`).
    chained: bool = False


@lru_cache(maxsize=65536)
def _canonical_key(alternative: str) -> _CanonicalKey | None:
    """The `_CanonicalKey` of *alternative*; ``None`` when nothing is left. Cached, as
    the other forms of an alternative: a group's key steps recur across the
    completions of a prompt and across epochs."""
    canonical = canonicalize(alternative.replace(_SEPARATOR, " "))
    words = canonical.split()
    if not words:
        return None
    gaps = set()
    if _DIGIT_GAP.search(canonical) is not None:  # (most keys: no digits apart, no walk over the words)
        pos = 0
        for prev, word in zip(words, words[1:], strict=False):
            pos += len(prev)
            if prev[-1] in _DIGITS and word[0] in _DIGITS:
                gaps.add(pos)
    key = "".join(words)
    return _CanonicalKey(key, frozenset(gaps), _DIGIT_RUN.search(key) is not None,
                         not gaps and key_name(key) is not None)


@lru_cache(maxsize=65536)
def _exact_key(alternative: str) -> str:
    """*alternative* lower-cased with its whitespace collapsed, for the exact stage."""
    return " ".join(alternative.lower().split())


@lru_cache(maxsize=65536)
def _numbers(key: str) -> frozenset[str]:
    """The numbers of an exact key (see `_SearchText.may_hold`)."""
    return frozenset(_NUMBER.findall(key))


@lru_cache(maxsize=65536)
def _canonical_numbers(key: _CanonicalKey) -> frozenset[str]:
    """The numbers of a canonical key, split where whitespace separated digits."""
    text, cut = key.key, 0
    pieces = []
    for gap in sorted(key.gaps):
        pieces.append(text[cut:gap])
        cut = gap
    pieces.append(text[cut:])
    return frozenset(_NUMBER.findall(" ".join(pieces)))


@lru_cache(maxsize=65536)
def _swapped(alternative: str) -> str | None:
    """``b = a`` for an alternative ``a = b`` with exactly one ``=``, else ``None``."""
    if alternative.count("=") != 1 or any(op in alternative for op in ("<=", ">=", "!=", "==")):
        return None
    left, right = alternative.split("=")
    left, right = left.strip(), right.strip()
    if not left or not right:
        return None
    return f"{right} = {left}"


def _canonical_keys(alternative: str) -> Iterator[_CanonicalKey]:
    """The canonical keys of *alternative*: itself, then, for ``a = b``, ``b = a``
    (built only when asked for)."""
    key = _canonical_key(alternative)
    if key is not None:
        yield key
    swapped = _swapped(alternative)
    if swapped is not None:
        key = _canonical_key(swapped)
        if key is not None:
            yield key


def _find_canonical(text: _SearchText, key: _CanonicalKey, alternative: str | None = None) -> int:
    """First occurrence of a canonical *key* in the squashed text that respects
    number boundaries, where whitespace between digits is a boundary too."""
    hay = text.squashed
    if text.scan_left <= 0 or (text.indexed and not text.may_hold(_canonical_numbers(key), True)):
        return -1
    needle = key.key
    if text.indexed and text.lacks_a_character(needle, True):
        text.scan_left -= len(hay)  # (as `_find_bounded`)
        return -1
    pos = hay.find(needle)
    while pos != -1:
        verdict = _judged(text, hay, pos, pos + len(needle), needle, alternative, key)
        if verdict:
            text.scan_left -= pos + len(needle)
            return pos
        if verdict is None:
            return -1
        pos = hay.find(needle, pos + 1)
    text.scan_left -= len(hay)
    return _find_chained(text, key, alternative) if key.chained else -1


# What may stand between "x =" and "= 5" in a chain of equalities that states x = 5
# (``x = 10/2 = 5``, ``x = 2 + 3 = 5``, ``x = \frac{10}{2} = 5``, canonical ``x=10/2=5``):
# numbers, operators, brackets, a few functions, and more equalities; no name, no word,
# no comma, no other relation.
_CHAIN_MIDDLE = re.compile(r"(?:[0-9.+\-*/^()\[\]{}|√π×÷·−]|sqrt|log_?|ln|pi|sin|cos|tan|exp|=(?![=<>]))+")
# A term starts with no binary operator and ends with no operator, and holds a number or
# a constant.
_NO_TERM_STARTS = frozenset("=/*^×÷·)]}")
_NO_TERM_ENDS = frozenset("=/*^×÷·+-−([{_")
_A_TERM = re.compile(r"[0-9π]|pi")
_PLAIN_NUMBER = re.compile(r"[-−+]?[0-9]+(?:\.[0-9]+)?")
#: How far before the key's value the name that opens its chain may stand (squeezed).
_CHAIN_SPAN = 64


def _find_chained(text: _SearchText, key: _CanonicalKey, alternative: str | None) -> int:
    """Start of the first chain of equalities in the squashed text that opens with the
    name of *key* (``x = 5``) and ends with its value, where the value respects number
    boundaries and context (``x = 10/2 = 5``, not ``x = 10/2 = 5/3`` nor ``x = 2 + 3 =
    5 + 1``), or -1."""
    hay, needle = text.squashed, key.key
    eq = needle.find("=")
    opening, closing = needle[: eq + 1], needle[eq:]
    first = hay.find(opening)
    text.scan_left -= len(hay)
    if first == -1 or text.scan_left <= 0:
        return -1
    pos = hay.find(closing, first + len(opening) + 1)
    while pos != -1:
        start = hay.rfind(opening, max(first, pos - _CHAIN_SPAN), pos)
        if start != -1 and _chains(text, start + len(opening), pos, closing[1:]):
            verdict = _judged(text, hay, start, pos + len(closing), needle, alternative, key, chained=True)
        else:
            # a middle read and refused costs as much as a refusal by the context
            text.rejections_left -= 1 if start == -1 else CONTEXT_REJECTION_COST
            verdict = False if text.rejections_left > 0 else None
        if verdict:
            return start
        if verdict is None:
            return -1
        pos = hay.find(closing, pos + 1)
    return -1


def _chains(text: _SearchText, lo: int, hi: int, value: str) -> bool:
    """Whether ``squashed[lo:hi]`` is the middle of a chain of equalities on one line
    (`_CHAIN_MIDDLE`; digits whitespace kept apart stay apart: ``x = 10 2 = 5`` is no
    chain), and, where it is a bare number, one equal to *value* (``x = 5.0 = 5``, not
    ``x = 3 = 5``)."""
    hay = text.squashed
    middle = hay[lo:hi]
    if not middle or _CHAIN_MIDDLE.fullmatch(middle) is None:
        return False
    number = float(value) if _PLAIN_NUMBER.fullmatch(value) is not None else None
    for term in middle.split("="):
        if not term or term[0] in _NO_TERM_STARTS or term[-1] in _NO_TERM_ENDS or _A_TERM.search(term) is None:
            return False  # ("x =/= 5", "x = = 5", "x = 10/ = 5": no term between the signs)
        if _PLAIN_NUMBER.fullmatch(term) is not None and (number is None or not equal_numbers(term, number)):
            return False  # "x = 3 = 5", "x = 1 = 2 = 3 = 4 = 5": another value on the way
    if text.has_digit_gaps and any(hay[i - 1] in _DIGITS and hay[i] in _DIGITS and text.is_gap(i)
                                   for i in range(lo + 1, hi)):
        return False
    a, b = text.canonical_index(lo), text.canonical_index(hi)
    return a is not None and b is not None and "\n" not in text.canonical[a:b]


def _digit_runs_agree(text: _SearchText, start: int, key: _CanonicalKey) -> bool:
    """Digits adjacent in the key must be adjacent in the text (``12`` is not ``1 2``),
    and digits apart in the key apart in the text."""
    if not key.digit_pair:
        return True
    if not text.has_digit_gaps:
        # no whitespace between two digits anywhere in the text
        return not key.gaps
    needle = key.key
    for run in _DIGIT_RUN.finditer(needle):
        for i in range(run.start() + 1, run.end()):
            if text.is_gap(start + i) != (i in key.gaps):
                return False
    return True
