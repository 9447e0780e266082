"""Soft key-step matching: the k of StepRAR.

A key-step group is matched when one of its alternatives occurs in the completion's
reasoning steps (by default; see `RewardConfig.key_step_scope`). Each alternative is
tried three ways, cheapest first:

1. ``exact``: the lower-cased alternative is a substring of the lower-cased text;
2. ``normalized``: both sides in their canonical spelling (`textnorm.canonicalize`),
   whitespace ignored, LaTeX/Unicode/ASCII symbols unified; an equation with one
   ``=`` also matches with its sides swapped (``x = 5`` / ``5 = x``);
3. ``fuzzy``: for textual alternatives of some length with no digits, a rapidfuzz
   ``partial_ratio`` at or above `RewardConfig.fuzzy_threshold` (small typos), over
   whole words that agree one by one (`_run_score`): ``equal sides`` is not in
   ``unequal sides``, nor ``the function is increasing`` in ``... decreasing``, nor
   ``side ab`` in ``side ac``.

Numbers respect boundaries in all three: ``12`` does not match ``120`` or ``3.12``,
``x = 5`` does not match ``x = 5.5``; a unit, a period, a comma or ``$`` after a number
is a boundary. So do names, at their start: ``B = 12`` does not match ``AB = 12``, nor
``x = 5`` ``2x = 5``; and a power or a fraction is another value: ``x = 5`` is not in
``x = 5/3``, ``x = 5 ÷ 3`` nor ``x = 5²``. Regex metacharacters in keys are literal.

Examples:
    >>> m = match_key_steps("### Step 1:\\n$3 \\\\times 4 = 12$ so the area is 12.", [["3*4=12"], ["120"]])
    >>> m.matched, m.total, m.groups[0].method
    (1, 2, 'normalized')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Any, Literal, NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from ..config import DEFAULT_CONFIG, RewardConfig
from ..mathtext.normalize import canonicalize
from ..trace import Trace, parse_trace
from .shapes import normalize_key_steps

MatchMethod = Literal["exact", "normalized", "fuzzy"]

_SEPARATOR = "\x00"
_DIGITS = frozenset("0123456789")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# What str.split() treats as whitespace, besides " " and "\n".
_OTHER_WHITESPACE = tuple(
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_LATIN1_WHITESPACE = bytes(i for i in range(256) if chr(i).isspace())
_DIGIT_SHAPE = bytes.maketrans(b"0123456789", b"0000000000")
_DIGIT_SPACE_SHAPE = bytes.maketrans(b"0123456789\n", b"0000000000 ")
_DIGIT_GAP = re.compile(rb"0 +0")
_DIGIT_RUN = re.compile(r"[0-9]{2,}")
_NUMBER = re.compile(r"[0-9]+")
# Every byte but an ASCII digit made a space: the numbers of a text are then its words.
_DIGITS_ONLY = bytes(i if 48 <= i <= 57 else 32 for i in range(256))
# From this length on, a text's numbers are listed once, so that a key whose numbers
# it lacks is not searched for (`_SearchText.may_hold`).
_NUMBER_INDEX_CHARS = 20_000
# `_SearchText.is_gap` counts whitespace for this many positions before it builds its
# table of word ends, each count in at most this many rounds.
_GAP_LOOKUPS = 8
_GAP_ROUNDS = 12
_PLAIN_SPACES = b" \n"
# A word for fuzzy matching: spaces, separators, em dashes and hyphens end words
# ("right-angled" / "right angled"); the internal ∠ ⊥ ∥ ° (textnorm) are words of their
# own, glued to a name or not ("∠abc" / "∠ abc"). `_JOINED_WORD` keeps hyphens inside
# words, to be dropped: a compound spelled closed ("non-zero" / "nonzero").
_WORD = re.compile("[\x03-\x06]|[^ \x00\x03-\x06\u2014-]+")
_JOINED_WORD = re.compile("[\x03-\x06]|[^ \x00\x03-\x06\u2014]+")
# Punctuation and markdown marks that may stick to a word's ends ("(unequal", "sides.",
# "**isoceles**") without being part of it.
_WORD_EDGES = "()[]{}<>.,;:!?\"'*_`~«»…"
# A word up to this long has no typo to spare: one letter more or other is another
# word ("ab" / "ac", "abc" / "abd", "cos" / "cot", "can" / "can't").
_SHORT_WORD = 3
# A text word holding a digit, a caret or a slash that differs from the key's word is
# a power, a fraction or a number ("a^2", "h/2"), never a typo (fuzzy keys hold no digit).
_NOT_A_TYPO = re.compile(r"[0-9^/]")


@dataclass(frozen=True, slots=True)
class GroupMatch:
    """How one key-step group fared.

    ``step`` is the number of the step where it matched (``None`` when it matched
    outside a numbered step, or not at all), ``section`` the kind of that section,
    ``method`` how, and ``score`` the similarity (100 for exact and normalised).
    """

    index: int
    alternatives: tuple[str, ...]
    matched: bool
    alternative: str | None = None
    step: int | None = None
    section: str | None = None
    method: MatchMethod | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class KeyStepMatch:
    """The key-step match of one completion: ``ratio = matched / total`` (0 when
    there are no key steps) and one `GroupMatch` per group, in order."""

    matched: int
    total: int
    groups: tuple[GroupMatch, ...] = ()

    @property
    def ratio(self) -> float:
        return self.matched / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "matched": self.matched,
            "total": self.total,
            "ratio": self.ratio,
            "groups": [asdict(g) | {"alternatives": list(g.alternatives)} for g in self.groups],
        }


@dataclass(frozen=True, slots=True)
class _Region:
    start: int
    section: str
    step: int | None


class _Words(NamedTuple):
    """The words of a text for fuzzy matching, their first characters as one string
    (runs whose initials agree with a key's are found with ``str.find``), and the
    index of the first word of each region."""

    words: list[str]
    initials: str
    region_starts: list[int]


class _SearchText:
    """The scope text of one completion, raw and canonical, joined with separators
    so that a match never spans two regions, with offsets to attribute a match.

    The canonical text is searched with its whitespace squeezed out; where two
    digits were separated by whitespace (``3 12``) the squeezed text would glue them,
    so the word starts (`junctions`) are kept to tell a number boundary apart."""

    __slots__ = ("regions", "raw", "raw_is_ascii", "_raw_starts", "_joined", "_canonical", "_plain", "_bytes", "_words", "_squashed", "_junctions", "_spaced",
                 "_digit_gaps", "_fuzzy_words", "_joined_words", "_raw_operators", "_squashed_operators",
                 "rejections_left", "scan_left", "_gap_lookups", "_cursor", "indexed", "_raw_numbers", "_canonical_numbers")

    def __init__(self, parts: list[tuple[str, int | None, str]]) -> None:
        texts = [text for _, _, text in parts]
        joined = _SEPARATOR.join(texts)
        if joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator itself
            texts = [text.replace(_SEPARATOR, " ") for text in texts]
            joined = _SEPARATOR.join(texts)
        self._joined = joined
        self.regions = [(section, step) for section, step, _ in parts]
        self.raw = _lower(joined)
        self.raw_is_ascii = self.raw.isascii()
        self._raw_starts = _starts(texts)
        self._canonical: str | None = None
        self._plain: bool | None = None
        self._bytes: bytes | None = None
        self._words: list[str] | None = None
        self._squashed: str | None = None
        self._junctions: frozenset[int] | None = None
        self._spaced: str | None = None
        self._digit_gaps: bool | None = None
        self._fuzzy_words: _Words | None = None
        self._joined_words: _Words | None = None
        self._raw_operators: bool | None = None
        self._squashed_operators: bool | None = None
        #: Rejected key-step occurrences the searches may still examine.
        self.rejections_left = _MAX_REJECTED_OCCURRENCES
        #: Characters the searches may still scan (`_MAX_SCANNED_CHARS`).
        self.scan_left = _MAX_SCANNED_CHARS
        # `is_gap` answers its first questions by counting whitespace (`_gap_by_count`)
        # from the last position it mapped (`_cursor`: squashed, canonical, whitespace
        # before), then builds `junctions` once.
        self._gap_lookups = 0
        self._cursor = (0, 0, 0)
        #: Whether the text is long enough to list its numbers (`may_hold`).
        self.indexed = len(joined) >= _NUMBER_INDEX_CHARS
        self._raw_numbers: frozenset[str] | None = None
        self._canonical_numbers: frozenset[str] | None = None

    @property
    def canonical(self) -> str:
        if self._canonical is None:
            # One pass over all regions: canonicalize keeps the separators.
            self._canonical = canonicalize(self._joined)
        return self._canonical

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = self.canonical.split()
        return self._words

    def _latin1(self) -> bytes | None:
        """The canonical text as Latin-1 bytes when it encodes (the common case: it is
        usually ASCII), for byte-level passes that are C loops."""
        if self._bytes is None:
            try:
                self._bytes = self.canonical.encode("latin-1")
            except UnicodeEncodeError:
                self._bytes = b""
        return self._bytes or None

    def _plain_whitespace(self) -> bool:
        """Whether the only whitespace in the canonical text is spaces and newlines
        (then `spaced` and `has_digit_gaps` need no word list)."""
        if self._plain is None:
            encoded = self._latin1()
            if encoded is None:
                self._plain = not any(ch in self.canonical for ch in _OTHER_WHITESPACE)
            else:
                # all the whitespace deleted is spaces and newlines
                removed = len(encoded) - len(self.squashed)
                self._plain = removed == encoded.count(b" ") + encoded.count(b"\n")
        return self._plain

    @property
    def squashed(self) -> str:
        """Canonical text with all whitespace removed."""
        if self._squashed is None:
            encoded = self._latin1()
            if encoded is not None:
                # what str.split() splits on, deleted in one C pass
                self._squashed = encoded.translate(None, _LATIN1_WHITESPACE).decode("latin-1")
            else:
                self._squashed = "".join(self.words)
        return self._squashed

    @property
    def junctions(self) -> frozenset[int]:
        """Positions in `squashed` where whitespace stood in the canonical text."""
        if self._junctions is None:
            self._junctions = frozenset(accumulate(map(len, self.words)))
        return self._junctions

    @property
    def spaced(self) -> str:
        """Canonical text with whitespace runs collapsed to one space, for fuzzy matching."""
        if self._spaced is None:
            if self._words is None and self._plain_whitespace():
                spaced = self.canonical.replace("\n", " ")
                while "  " in spaced:
                    spaced = spaced.replace("  ", " ")
                self._spaced = spaced.strip(" ")
            else:
                self._spaced = " ".join(self.words)
        return self._spaced

    @property
    def raw_operators(self) -> bool:
        """Whether `raw` holds a ``/``, ``^``, superscript digit or sign, ``÷``, ``∕`` or
        ``\\div`` (see `_number_bounded`)."""
        if self._raw_operators is None:
            raw = self.raw
            self._raw_operators = "/" in raw or "^" in raw or "\\div" in raw or (
                not self.raw_is_ascii and _SUPERSCRIPT.search(raw) is not None)
        return self._raw_operators

    @property
    def squashed_operators(self) -> bool:
        """Whether `squashed` holds a ``/`` or ``^`` (superscripts are ``^`` there)."""
        if self._squashed_operators is None:
            self._squashed_operators = "/" in self.squashed or "^" in self.squashed
        return self._squashed_operators

    def fuzzy_words(self, joined: bool = False) -> _Words:
        """The words of `spaced` as fuzzy matching compares them (`_Words`; *joined*:
        hyphens dropped inside words, see `_JOINED_WORD`); built only when a fuzzy
        match has to be looked for run by run."""
        cached = self._joined_words if joined else self._fuzzy_words
        if cached is None:
            words: list[str] = []
            region_starts = []
            for region in self.spaced.split(_SEPARATOR):
                region_starts.append(len(words))
                words += _fuzzy_words(region, joined)
            cached = _Words(words, "".join([word[0] for word in words]), region_starts)
            if joined:
                self._joined_words = cached
            else:
                self._fuzzy_words = cached
        return cached

    @property
    def has_digit_gaps(self) -> bool:
        """Whether whitespace separates two digits anywhere (``3 12``): a byte-level
        check that spares computing `junctions` in the common case."""
        if self._digit_gaps is None and self._spaced is None and self._plain_whitespace():
            encoded = self._latin1()
            if encoded is not None:
                # digits, then a run of spaces and newlines, then a digit
                self._digit_gaps = _DIGIT_GAP.search(encoded.translate(_DIGIT_SPACE_SHAPE)) is not None
        if self._digit_gaps is None:
            shape = self.spaced.encode("utf-8", "replace").translate(_DIGIT_SHAPE)
            self._digit_gaps = b"0 0" in shape
        return self._digit_gaps

    def is_gap(self, pos: int) -> bool:
        """Whether whitespace stood right before position *pos* of `squashed`."""
        hay = self.squashed
        if (
            0 < pos < len(hay)
            and hay[pos - 1] in _DIGITS
            and hay[pos] in _DIGITS
            and not self.has_digit_gaps
        ):
            return False
        if self._junctions is None and self._gap_lookups < _GAP_LOOKUPS:
            self._gap_lookups += 1
            found = self._gap_by_count(pos)
            if found is not None:
                return found
        return pos in self.junctions

    def _gap_by_count(self, pos: int) -> bool | None:
        """`is_gap` without `junctions` (a pass over every word): the canonical
        position of squashed character *pos* is the least ``c`` with ``c = pos +
        (whitespace before c)``, reached by counting spaces and newlines from the
        cursor; a gap when whitespace stands there. ``None`` when the text is not plain
        Latin-1 or the count does not settle in a few rounds (dense whitespace)."""
        hay = self.squashed
        if pos <= 0 or pos >= len(hay):
            return pos == len(hay) > 0
        if not self._plain_whitespace():
            return None
        encoded = self._latin1()
        if encoded is None:
            return None
        done, c, ws = self._cursor
        if pos < done:
            done = c = ws = 0
        newlines = b"\n" in encoded
        counted = c  # whitespace counted up to here: ws of it
        c += pos - done  # c - ws is pos
        for _ in range(_GAP_ROUNDS):
            more = encoded.count(b" ", counted, c)
            if newlines:
                more += encoded.count(b"\n", counted, c)
            if not more:
                self._cursor = (pos, c, ws)
                return encoded[c] in _PLAIN_SPACES
            counted = c
            ws += more
            c += more
        return None

    def may_hold(self, numbers: frozenset[str], canonical: bool) -> bool:
        """Whether the raw (or *canonical*) text may hold a key with these *numbers*
        (asked only of an `indexed` text).
        A key matches only where each of its numbers is a whole number of the text
        (`_number_bounded` and `_digit_runs_agree` see to it), so a long text lists its
        numbers once and a key with a number it lacks is not searched for."""
        if not numbers:
            return True
        index = self._canonical_numbers if canonical else self._raw_numbers
        if index is None:
            text = self.canonical if canonical else self.raw
            index = frozenset(text.encode("utf-8", "surrogatepass").translate(_DIGITS_ONLY).decode().split())
            if canonical:
                self._canonical_numbers = index
            else:
                self._raw_numbers = index
        return numbers <= index

    def raw_region(self, pos: int) -> tuple[str, int | None]:
        return self.regions[max(bisect_right(self._raw_starts, pos) - 1, 0)]

    def region_before(self, text: str, pos: int) -> tuple[str, int | None]:
        """Region of position *pos* of *text* (squashed or spaced): count separators."""
        return self.regions[min(text.count(_SEPARATOR, 0, pos), len(self.regions) - 1)]


_ASCII_BYTES = bytes(range(128))


def _lower(text: str) -> str:
    """``text.lower()``. On a text whose non-ASCII characters have no case (math
    symbols: ∠, °, ×, ², ...) only ASCII letters change, and lower-casing the UTF-8
    bytes is several times cheaper than ``str.lower`` on a two-byte string."""
    if text.isascii():
        return text.lower()
    encoded = text.encode("utf-8", "surrogatepass")
    wide = encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    if wide.lower() != wide:  # a cased non-ASCII letter (é, Σ, ...): the full rules
        return text.lower()
    return encoded.lower().decode("utf-8", "surrogatepass")


def _starts(texts: list[str]) -> list[int]:
    starts, pos = [], 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + 1
    return starts


def _scope_parts(trace: Trace, scope: str) -> list[tuple[str, int | None, str]]:
    if scope == "all":
        if trace.sections:
            return [(s.kind, s.number, s.text) for s in trace.sections]
        return [("text", None, trace.text)]
    kinds = ("step",) if scope == "steps" else ("description", "rationales", "step", "reasoning")
    parts: list[tuple[str, int | None, str]] = [
        (s.kind, s.number, s.text) for s in trace.sections if s.kind in kinds
    ]
    if not trace.steps and trace.layout != "mulberry":
        # Unnumbered reasoning (a <think> block, free text) counts as one step.
        parts = [("reasoning", None, trace.reasoning)]
    return parts


def _no_gap(pos: int) -> bool:
    return False


# Superscript digits and signs (textnorm spells them ^2, ^-, ^+: a power).
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺"
# Fraction bars: textnorm spells ÷, ∕ and \div as "/".
_BARS = "/÷∕"
_DIV = "\\div"
# Vulgar fractions: right after a digit they make a mixed number (5½ is 5.5, not 5).
_VULGAR_FRACTIONS = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_SPACING = " \t\n"
_SPACING_OR_BRACE = _SPACING + "{"
# The neighbours of a match that may lead to a power or a fraction (checked inline, so
# that the common neighbour, a letter or a punctuation mark, costs no call); "v" ends
# \div, "\\" starts it.
_BEFORE_OPERAND = _SPACING_OR_BRACE + _BARS + "^v"
_AFTER_OPERAND = _SPACING + _BARS + "^\\" + _SUPERSCRIPT_DIGITS
_SUPERSCRIPT = re.compile(f"[{_SUPERSCRIPT_DIGITS}÷∕]")
# How far past whitespace and braces the fraction and power checks look.
_OPERAND_LOOKAROUND = 16


def _goes_on_as_power_or_fraction(text: str, end: int) -> bool:
    """Whether the number or name that ends at *end* goes on as a power or a fraction
    (``5^2``, ``5^{2}``, ``5²``, ``5/3``, ``5 / 3``, ``x/2``): then it is another
    value, as ``5.5`` is not ``5``; ``÷``, ``∕`` and ``\\div`` are fraction bars too. A
    degree sign (``30^\\circ``, ``30^\\degree``) and a unit after a slash (``5/kg``) do
    not count."""
    # The character after the spacing decides nearly always: find it without slicing.
    i, stop = end, min(len(text), end + _OPERAND_LOOKAROUND)
    while i < stop and text[i] in _SPACING:
        i += 1
    if i == stop or (text[i] not in _BARS and text[i] != "^" and text[i] not in _SUPERSCRIPT_DIGITS
                     and not (text[i] == "\\" and text.startswith(_DIV, i))):
        return False
    tail = text[end : end + _OPERAND_LOOKAROUND].lstrip(_SPACING)
    if not tail:
        return False
    if tail[0] in _SUPERSCRIPT_DIGITS:
        return True
    if tail.startswith(_DIV):
        if tail[len(_DIV) : len(_DIV) + 1] in _ASCII_LETTERS:  # another command
            return False
        tail = "/" + tail[len(_DIV) :]
    if tail[0] not in _BARS and tail[0] != "^":
        return False
    operand = tail[1:].lstrip(_SPACING + "{")
    if not operand:
        return False
    if tail[0] in _BARS:
        return operand[0] in _DIGITS or operand[0] == "("
    if operand.startswith(("\\circ", "\\degree")):
        return False
    return operand[0] in _DIGITS or operand[0] in _ASCII_LETTERS or operand[0] in "(-+\\"


def _is_power_or_denominator(text: str, start: int) -> bool:
    """Whether the number or name that starts at *start* is an exponent (``x^2``,
    ``10^{3}``, ``2^x``) or a denominator (``1/12``, ``1 / 12``, ``a/b``): then it is
    not a value of its own."""
    # The character before the spacing decides nearly always: find it without slicing.
    i, stop = start - 1, max(start - _OPERAND_LOOKAROUND, 0)
    while i >= stop and text[i] in _SPACING_OR_BRACE:
        i -= 1
    if i < stop or (text[i] not in _BARS and text[i] != "^" and not (text[i] == "v" and text.endswith(_DIV, 0, i + 1))):
        return False
    head = text[max(start - _OPERAND_LOOKAROUND, 0) : start].rstrip(_SPACING_OR_BRACE)
    if head.endswith(_DIV):
        head = head[: -len(_DIV)] + "/"
    if not head or (head[-1] not in _BARS and head[-1] != "^"):
        return False
    if head[-1] == "^":
        return True
    operand = head[:-1].rstrip(_SPACING)
    return bool(operand) and (operand[-1] in _DIGITS or operand[-1] in _ASCII_LETTERS or operand[-1] in ")}")


# What glued to a number's end makes it another value (``5x``, ``5pi``, ``5sqrt(2)``,
# ``5e3``, ``5i``), unless it is a unit (``12cm``, ``5kg``) or a word (``5apples``).
_GLUED_UNITS = frozenset(
    "mm cm dm m km in ft yd mi mg g kg lb lbs oz ml l s ms sec secs min mins h hr hrs d "
    "hz kw w v a n j pa mph kph kmh cal rad deg mol cup usd eur cny rmb st nd rd".split()
)
# Words that scale the number before them: "5 million" is not 5.
_SCALE_WORDS = frozenset("k hundred thousand million billion trillion dozen lakh crore bn mn ppm ppb".split())
_VALUE_WORDS = frozenset("pi sqrt sin cos tan cot sec csc log ln exp e i theta alpha beta".split())
_LETTER_RUN = re.compile(r"[A-Za-z]{1,12}")
_THOUSANDS_SPACES = " \u00a0\u2009\u202f"
# The characters that may start what `_number_goes_on` looks for after a number, and
# those right before a number that may lead back to a minus sign (`_is_sign`): any
# other neighbour settles both checks at once.
_GOES_ON_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!%\\{*π√ \t\n"
                           "\u00a0\u2009\u202f")
# Dashes that read as a minus sign (the ones `equivalence` folds into "-"), and what may
# stand between a minus and its number: LaTeX groups ("{-}5", "\\text{-}5", "-{}5") and
# characters that show nothing ("-\u200b5").
_MINUS_SIGNS = "±∓-\u2212\u2013\u2010\u2011\u2012\u2014\u2015\u2043\ufe63\uff0d\u2796\u02d7\u207b\u208b"
_INVISIBLE_OR_GROUP = "{}\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u2061\u2062\u2063\u2064"
_SIGN_OR_SPACING = frozenset(_MINUS_SIGNS + _INVISIBLE_OR_GROUP + " \t\n")
# What after a key's number offers it as a guess: a question mark ("top = 3?"), a
# plus-minus ("3 ± 1" is two values), or an alternative value ("top = 3 or 4", "3 (or
# 4)", "3或4"): a key step is not earned by offering its value beside another. ("x = 3 or
# x = -1", the roots of an equation, names each root: a name follows the "or".)
_HEDGE_AFTER = re.compile(
    r"[ \t\n\u00a0]*(?:[?？]|±|∓|\+-|\\(?:pm|mp)(?![a-z])"
    r"|,?[ \t]*\(?[ \t]*(?:\\(?:text|textrm|mathrm)[ \t]*\{[ \t]*)?(?:or|或|还是|∨|\\?lor|\\?vee)[ \t]*\}?[ \t]*"
    r"(?:(?:maybe|possibly|perhaps|probably)[ \t]*)?[-\u2212(]?[ \t]*[0-9])",
    re.IGNORECASE,
)
_HEDGE_FIRST = frozenset(" \t\n\u00a0?？±∓+\\(,oOlLvV或还∨")
# What after a key's number makes it one value of a list ("top = 3, 4", "top = 3 and 4",
# "top = 3; 4"): the next item a bare number too (then the end, punctuation or another
# separator); "top = 3, 4 = bottom" and "x = 5, so y = 3" state the key and go on.
# What denies or bounds it ("x = 5 is wrong", "x = 5 (wrong)", "x = 5 or more").
_LIST_OR_DENIAL_AFTER = re.compile(
    r"(?P<list>[ \t\u00a0]*(?:[,;&、]|and)[ \t\u00a0]*[-\u2212]?[0-9]+(?:\.[0-9]+)?[ \t\u00a0]*(?:$|[,;.)\]\n\x00&、]|and))"
    r"|(?P<denial>[ \t\u00a0]*[(,\u2014\u2013]?[ \t\u00a0]*(?:is|was|would[ \t]+be|seems)?[ \t\u00a0]*(?:(?:wrong|incorrect|false"
    r"|impossible|invalid|not[ \t]*(?:right|correct|true|possible)|or[ \t]*(?:more|less|fewer|greater|higher|lower|above|below|so))\b"
    r"|(?:not|no)[ \t]*[)!]|[✗✘❌❎🚫👎]))",
    re.IGNORECASE,
)
_LIST_OR_DENIAL_FIRST = frozenset(" \t\u00a0,;&、(aAiIwWfFnNoO\u2014\u2013✗✘❌❎🚫👎")
# What right before a key denies it: "not x = 5", "it is false that x = 5", "¬ x = 5".
# (No word boundaries: the squashed text runs words together, "itisfalsethatx=5".)
_DENIAL_BEFORE = re.compile(
    r"(?:not|n['’]t|never|(?:false|wrong|untrue|incorrect)[ \t]*that|¬|\\(?:neg|lnot))[ \t\u00a0]*$",
    re.IGNORECASE,
)
_DENIAL_LOOKBACK = 24


def _number_goes_on(text: str, end: int, gap: Callable[[int], bool]) -> bool:
    """Whether the number that ends at *end* goes on as another value: glued to a name
    or a constant (``5x``, ``5π``, ``5\\sqrt{2}``, ``5e3``), a factorial (``5!``), a
    power (``5**2``), a percentage (``5%``), or its next digit group (``5 000``,
    ``5\\,000``). A unit glued to it (``12cm``) and a word after a space do not."""
    after = text[end]
    if after in _ASCII_LETTERS:
        word = _LETTER_RUN.match(text, end)
        low = word.group(0).lower() if word else ""
        spaced = gap(end)
        if spaced and low.rstrip("s") in _SCALE_WORDS:
            return True  # "x = 5 million": another value
        if spaced and not low.startswith(("pi", "sqrt")):
            return False  # a word after a space: only pi, sqrt and a scale make another value
        for i in range(1, len(low)):  # a squeezed text glues the next word on: cut it at its gap
            if gap(end + i):
                low = low[:i]
                break
        if spaced:
            return low in ("pi", "sqrt")
        if word is not None and word.group(0) in ("K", "M", "B", "T") or low.rstrip("s") in _SCALE_WORDS:
            return True  # "5M", "5k", "5million": scaled
        return low in _VALUE_WORDS or (len(low) < 4 and low not in _GLUED_UNITS)
    if after == "!":
        return text[end + 1 : end + 2] != "="
    if after == "%" or text.startswith(("\\%", "\\sqrt", "\\pi", "\\,", "{,}"), end):
        return not text.startswith(("\\,", "{,}"), end) or _digit_group_at(text, end + 2)
    i = end
    while i < len(text) and i < end + _OPERAND_LOOKAROUND and text[i] in _SPACING + "\u00a0\u2009\u202f":
        i += 1
    if text.startswith(("**", "π", "√", "\\sqrt", "\\pi"), i) and (i > end or after in "*π√\\"):
        return True
    if i > end and (scale := _LETTER_RUN.match(text, i)) and scale.group(0).lower().rstrip("s") in _SCALE_WORDS:
        return True  # "x = 5 million"
    if after in _THOUSANDS_SPACES and i == end + 1 or after in _DIGITS and gap(end):
        return _digit_group_at(text, i)
    return False


def _digit_group_at(text: str, i: int) -> bool:
    """Three digits at *i*, and no fourth: a thousands group."""
    return text[i : i + 3].isdigit() and text[i : i + 3].isascii() and not text[i + 3 : i + 4].isdigit()


def _is_sign(text: str, start: int) -> bool:
    """Whether the number that starts at *start* carries a minus sign (``-5``, ``= -5``,
    ``so -5``): a minus right before it that no operand precedes, as one does in ``8 - 5``
    and ``x-5``."""
    j = start - 1
    while j >= 0 and (text[j] in _SPACING or text[j] in _INVISIBLE_OR_GROUP):
        j -= 1
    if j >= 2 and text[j - 2 : j + 1] in ("\\pm", "\\mp"):
        j -= 2  # "x = \\pm 5" names -5 too
    elif j < 0 or text[j] not in _MINUS_SIGNS:
        return False
    k = j - 1
    while k >= 0 and text[k] in _SPACING:
        k -= 1
    if k < 0:
        return True
    prev = text[k]
    if prev in _DIGITS or prev in ")]}!'":
        return False
    if prev in _ASCII_LETTERS:
        # a variable or a segment (x - 5, AB - 5) takes 5 away; a word (so -5) does not
        w = k
        while w > 0 and text[w - 1] in _ASCII_LETTERS:
            w -= 1
        word = text[w : k + 1]
        return len(word) > 1 and word.islower() and word not in _VALUE_WORDS
    return True


def _number_bounded(
    text: str, start: int, end: int, key: str, gap: Callable[[int], bool] = _no_gap,
    operators: bool = True,
) -> bool:
    """True when a match of *key* at ``text[start:end]`` does not cut a number, nor a
    name: a key that starts with a letter does not match after a letter or digit
    (``B = 12`` is not in ``AB = 12``, ``x = 5`` not in ``2x = 5``; ASCII letters
    and digits, so that Chinese text glued to a formula still holds it).

    ``gap(p)`` says whether whitespace stood before position *p* (for texts whose
    whitespace was squeezed out); whitespace is always a boundary. *operators* is
    ``False`` for a text known to hold no ``/``, ``^`` or superscript digit, where no
    power or fraction can follow or precede a match.
    """
    # gap() is asked only where a neighbour would cut the number: it can be costly.
    if start > 0 and _DENIAL_BEFORE.search(text, max(0, start - _DENIAL_LOOKBACK), start):
        return False  # "not x = 5", "it is false that x = 5": denied, not stated
    if start > 0 and key[0] in _ASCII_LETTERS:
        # ASCII only: Chinese text runs words and formulas together ("因为AB=12")
        before = text[start - 1]
        if (before in _ASCII_LETTERS or before in _DIGITS or before == "_") and not gap(start):
            return False
    if (operators and start > 0 and text[start - 1] in _BEFORE_OPERAND
            and (key[0] in _DIGITS or key[0] in _ASCII_LETTERS) and _is_power_or_denominator(text, start)):
        return False
    if start > 0 and (key[0] in _DIGITS or (key[0] == "." and len(key) > 1 and key[1] in _DIGITS)):
        before = text[start - 1]
        if before in _DIGITS and not gap(start):
            return False
        if key[0] in _DIGITS and (before in _SIGN_OR_SPACING) and _is_sign(text, start):
            return False  # key 5 in "x = -5"
        if (before == "." and start > 1 and text[start - 2] in _DIGITS
                and not gap(start) and not gap(start - 1)):
            return False
    if (operators and end < len(text) and text[end] in _AFTER_OPERAND
            and (key[-1] in _DIGITS or key[-1] in _ASCII_LETTERS) and _goes_on_as_power_or_fraction(text, end)):
        return False
    if key[-1] in _DIGITS and end < len(text):
        after = text[end]
        if after in _GOES_ON_FIRST and _number_goes_on(text, end, gap):
            return False
        if after in _HEDGE_FIRST and _HEDGE_AFTER.match(text, end):
            return False  # "top = 3? or 4", "3 ± 1", "3 or 4": offered, not stated
        if after in _LIST_OR_DENIAL_FIRST and (m := _LIST_OR_DENIAL_AFTER.match(text, end)) and (
                "=" in key or m.lastgroup == "denial"):
            # "top = 3, 4" gives top two values, "x = 5 is wrong" denies it (a bare
            # number is one value of a list: key "12" is in "values 12, 15")
            return False
        if (after in _DIGITS or after in _VULGAR_FRACTIONS) and not gap(end):
            return False
        if after in ".," and end + 1 < len(text) and text[end + 1] in _DIGITS:
            # 5.5 continues the number; 1,234 too, but "3,4" (a list) does not.
            continues = after == "." or (text[end + 1 : end + 4].isdigit() and not text[end + 4 : end + 5].isdigit())
            if continues and not gap(end) and not gap(end + 1):
                return False
    return True


# A completion can repeat a near miss of a key step thousands of times ("x = 5^2 " over
# and over, for the key "x = 5"), each occurrence checked and rejected. After this many
# rejected occurrences in one text, the searches stop: the key steps not found by then
# count as missing. No honest trace comes near it.
_MAX_REJECTED_OCCURRENCES = 2_000
# Each alternative of each group is searched for in the whole text two or three times
# (exact, normalised, with its sides swapped) when it is absent, more when it may
# match fuzzily: 100 groups over a 99k-character completion would scan it a thousand
# times. After this many characters scanned in one completion, the searches stop:
# the key steps not found by then count as missing. An honest trace scans far less
# (a 10,000-character completion with ten groups of three absent alternatives, about
# a million characters; a 100,000-character one with five, about five million).
_MAX_SCANNED_CHARS = 8_000_000


def _find_bounded(text: _SearchText, key: str) -> int:
    """Start of the first occurrence of *key* in the raw text that respects number
    boundaries, or -1."""
    raw = text.raw
    if text.scan_left <= 0 or (text.indexed and not text.may_hold(_numbers(key), False)):
        return -1
    operators = text.raw_operators
    pos = raw.find(key)
    while pos != -1:
        if _number_bounded(raw, pos, pos + len(key), key, _no_gap, operators):
            text.scan_left -= pos + len(key)
            return pos
        text.rejections_left -= 1
        if text.rejections_left <= 0:
            return -1
        pos = raw.find(key, pos + 1)
    text.scan_left -= len(raw)
    return -1


class _CanonicalKey(NamedTuple):
    """An alternative in canonical spelling, whitespace removed (``key``), the offsets
    inside it where whitespace separated two digits (``gaps``: ``3 4 5``), and
    whether two digits meet anywhere in it (``digit_pair``). (A named tuple: one is
    built per distinct alternative, on the scoring path.)"""

    key: str
    gaps: frozenset[int]
    digit_pair: bool


@lru_cache(maxsize=65536)
def _canonical_key(alternative: str) -> _CanonicalKey | None:
    """The `_CanonicalKey` of *alternative*; ``None`` when nothing is left. Cached, as
    the other forms of an alternative: a group's key steps recur across the
    completions of a prompt and across epochs."""
    words = canonicalize(alternative.replace(_SEPARATOR, " ")).split()
    if not words:
        return None
    gaps = set()
    pos = 0
    for prev, word in zip(words, words[1:], strict=False):
        pos += len(prev)
        if prev[-1] in _DIGITS and word[0] in _DIGITS:
            gaps.add(pos)
    key = "".join(words)
    return _CanonicalKey(key, frozenset(gaps), _DIGIT_RUN.search(key) is not None)


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


@lru_cache(maxsize=65536)
def _fuzzy_form(alternative: str) -> tuple[str, bool]:
    """The canonical spelling of *alternative* with single spaces, for fuzzy
    matching, and whether it holds a digit."""
    fuzzy = " ".join(canonicalize(alternative).split())
    return fuzzy, any(ch in _DIGITS for ch in fuzzy)


def _find_canonical(text: _SearchText, key: _CanonicalKey) -> int:
    """First occurrence of a canonical *key* in the squashed text that respects
    number boundaries, where whitespace between digits is a boundary too."""
    hay = text.squashed
    if text.scan_left <= 0 or (text.indexed and not text.may_hold(_canonical_numbers(key), True)):
        return -1
    needle = key.key
    pos = hay.find(needle)
    while pos != -1:
        if _number_bounded(hay, pos, pos + len(needle), needle, text.is_gap,
                           text.squashed_operators) and _digit_runs_agree(
            text, pos, key
        ):
            text.scan_left -= pos + len(needle)
            return pos
        text.rejections_left -= 1
        if text.rejections_left <= 0:
            return -1
        pos = hay.find(needle, pos + 1)
    text.scan_left -= len(hay)
    return -1


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


def _may_fuzzy_match(key: str, text: _SearchText, threshold: float) -> bool:
    """A necessary condition for ``partial_ratio(key, hay) >= threshold``, checked
    with a few substring searches (the pigeonhole filter of approximate matching).

    A score of *threshold* allows at most ``k = (1 - threshold/100) * 2 * len(key)``
    insertions and deletions against a window of the key's length, so with the key
    cut into ``k + 1`` pieces, one piece must occur in the spaced text unchanged
    (each search charged to the text's scan budget).
    """
    k = int((100.0 - threshold) / 100.0 * 2 * len(key))
    pieces = k + 1
    size = len(key) // pieces
    if size < 3:
        return True  # pieces too short to rule anything out
    hay = text.spaced
    for i in range(pieces):
        pos = hay.find(key[i * size : (i + 1) * size])
        text.scan_left -= len(hay) if pos == -1 else pos + size
        if pos != -1:
            return True
    return False


def _fuzzy_key(alternative: str, config: RewardConfig) -> str | None:
    """The fuzzy key of *alternative*, or ``None`` when it is not fuzzy matched:
    fuzzy matching off, too short, or holding a digit (numbers never tolerate typos)."""
    if config.fuzzy_threshold >= 100:
        return None
    fuzzy, has_digit = _fuzzy_form(alternative)
    if has_digit or len(fuzzy) - fuzzy.count(" ") < config.fuzzy_min_length:
        return None
    return fuzzy


def _fuzzy_words(text: str, joined: bool = False) -> list[str]:
    """The words of *text* as fuzzy matching compares them: split at spaces, em dashes
    and hyphens, the internal ∠ ⊥ ∥ ° apart, without the punctuation at their ends
    (``(unequal`` → ``unequal``); *joined*: hyphens dropped instead (``non-zero`` →
    ``nonzero``)."""
    if joined:
        words = [word.strip(_WORD_EDGES) or word for word in _JOINED_WORD.findall(text)]
        return [word.replace("-", "") or word for word in words]
    return [word.strip(_WORD_EDGES) or word for word in _WORD.findall(text)]


# Fuzzy matching of one key step in one text gives up after this many word comparisons
# (only a text built to be a near miss for that key, thousands of times over, gets there).
_MAX_WORD_COMPARISONS = 1_000


def _run_score(key_words: list[str], words: list[str], threshold: float) -> tuple[float, int]:
    """The fuzzy score of a run of *words* against the key's, and the word comparisons
    it took. The words must stand for the key's one by one: as many, each starting
    with the same character and at most a typo away (an Indel distance of 2, or more
    in long words, as *threshold* allows). A word of up to `_SHORT_WORD` characters,
    or a text word with a digit, ``^`` or ``/`` (`_NOT_A_TYPO`), must be the key's
    word exactly. The score is the ``ratio`` of the two runs compared word by word
    (their Indel distances over their lengths, spaces included), 0 below *threshold*.

    A typo passes (``pythagorian`` / ``pythagorean``), a word turned into another
    does not: ``unequal`` / ``equal``, ``decreasing`` / ``increasing``,
    ``minimum`` / ``maximum``, though each scores 90 or more inside a long phrase;
    nor does a name (``ab`` / ``ac``) or a power (``a`` / ``a^2``).
    """
    if len(key_words) != len(words):
        return 0.0, 0
    slack = (100.0 - threshold) / 100.0
    length = sum(map(len, key_words)) + sum(map(len, words)) + 2 * (len(words) - 1)
    budget = int(slack * length)  # the Indel distance the whole run may have
    distance = 0
    for done, (key_word, word) in enumerate(zip(key_words, words, strict=True), 1):
        if key_word[0] != word[0]:
            return 0.0, done
        if key_word != word and (
            len(key_word) <= _SHORT_WORD or len(word) <= _SHORT_WORD or _NOT_A_TYPO.search(word) is not None
        ):
            return 0.0, done
        allowed = min(max(2, int(slack * (len(key_word) + len(word)))), budget - distance)
        gap = Indel.distance(key_word, word, score_cutoff=allowed)
        if gap > allowed:  # more than a typo, or more than the run has left
            return 0.0, done
        distance += gap
    return 100.0 * (1.0 - distance / length), len(words)


def _whole_words(hay: str, start: int, end: int) -> tuple[int, int] | None:
    """The bounds of the whole words that ``hay[start:end]`` touches, or ``None`` when
    it crosses a separator (a match never spans two regions) or holds no word."""
    while start < end and hay[start] in " \x00":
        start += 1
    while end > start and hay[end - 1] in " \x00":
        end -= 1
    if start == end or hay.find(_SEPARATOR, start, end) != -1:
        return None
    left = max(hay.rfind(" ", 0, start), hay.rfind(_SEPARATOR, 0, start)) + 1
    ends = [i for i in (hay.find(" ", end), hay.find(_SEPARATOR, end)) if i != -1]
    return left, min(ends, default=len(hay))


def _fuzzy_find(key: str, text: _SearchText, threshold: float) -> tuple[float, int] | None:
    """``(score, start)`` of the best fuzzy match of *key* in the spaced text, or ``None``.

    rapidfuzz's ``partial_ratio`` must reach *threshold* first (a fast C scan that
    settles the common case, no match); then the words around its best alignment are
    scored (`_run_score`), and when they fall short, every run of words whose
    initials agree: the rare case where a near miss such as ``unequal sides``
    outscores a match.
    """
    hay = text.spaced
    if len(hay) < len(key):
        # partial_ratio would align the text inside the key: compare them whole
        if not fuzz.ratio(key, hay, score_cutoff=threshold):
            return None
        start, end = 0, len(hay)
    else:
        alignment = fuzz.partial_ratio_alignment(key, hay, score_cutoff=threshold)
        if alignment is None:
            return None
        start, end = alignment.dest_start, alignment.dest_end
    bounds = _whole_words(hay, start, end)
    found, comparisons = _fuzzy_find_words(key, text, threshold, bounds, False, 0)
    if found is None and ("-" in key or "-" in hay):
        # a compound spelled with a hyphen on one side, closed on the other; the two
        # tries share one budget of word comparisons
        found, _ = _fuzzy_find_words(key, text, threshold, bounds, True, comparisons)
    return found


def _fuzzy_find_words(
    key: str, text: _SearchText, threshold: float, bounds: tuple[int, int] | None, joined: bool,
    comparisons: int,
) -> tuple[tuple[float, int] | None, int]:
    """`_fuzzy_find` with the words of one kind (*joined*: see `_JOINED_WORD`): the
    run at *bounds* (partial_ratio's best alignment), else the best run anywhere; and
    the word comparisons made so far (*comparisons* before)."""
    key_words = _fuzzy_words(key, joined)
    if not key_words:
        return None, comparisons
    if bounds is not None:
        run = _fuzzy_words(text.spaced[bounds[0] : bounds[1]], joined)
        score, _ = _run_score(key_words, run, threshold)
        if score:
            return (score, bounds[0]), comparisons
    return _best_word_run(key_words, text, threshold, joined, comparisons)


def _best_word_run(
    key_words: list[str], text: _SearchText, threshold: float, joined: bool = False, comparisons: int = 0
) -> tuple[tuple[float, int] | None, int]:
    """The best-scoring run of words of the spaced text (`_run_score`) that stays in one
    region, as ``(score, start)``, or ``None``; and the word comparisons made so far
    (at most `_MAX_WORD_COMPARISONS`, *comparisons* before)."""
    words, initials, region_starts = text.fuzzy_words(joined)
    n = len(key_words)
    key_initials = "".join(word[0] for word in key_words)
    first = key_words[0]
    slack = (100.0 - threshold) / 100.0
    best: tuple[float, int] | None = None
    i = initials.find(key_initials)
    while i != -1 and comparisons < _MAX_WORD_COMPARISONS:
        comparisons += 1
        # the first word alone rules most runs out (a C call, no slicing)
        allowed = max(2, int(slack * (len(first) + len(words[i]))))
        if Indel.distance(first, words[i], score_cutoff=allowed) <= allowed:
            score, done = _run_score(key_words, words[i : i + n], threshold)
            comparisons += done
            region = bisect_right(region_starts, i) - 1
            if score and (best is None or score > best[0]) and bisect_right(region_starts, i + n - 1) - 1 == region:
                best = (score, i)
        i = initials.find(key_initials, i + 1)
    if best is None:
        return None, comparisons
    return (best[0], _word_start(text, best[1], joined)), comparisons


def _word_start(text: _SearchText, index: int, joined: bool) -> int:
    """The position in `spaced` of fuzzy word number *index*."""
    region_starts = text.fuzzy_words(joined).region_starts
    region = bisect_right(region_starts, index) - 1
    offset = sum(len(part) + 1 for part in text.spaced.split(_SEPARATOR)[:region])
    nth = index - region_starts[region]
    for count, match in enumerate((_JOINED_WORD if joined else _WORD).finditer(text.spaced, offset)):
        if count == nth:
            return match.start()
    return offset


def _match_group(index: int, alternatives: list[str], text: _SearchText, config: RewardConfig) -> GroupMatch:
    alts = tuple(alternatives)
    # 1. exact, then 2. normalised, over all alternatives before any fuzzy attempt.
    for alt in alts:
        key = _exact_key(alt)
        if key and (key.isascii() or not text.raw_is_ascii):  # a non-ASCII key is not in ASCII text
            pos = _find_bounded(text, key)
            if pos != -1:
                section, step = text.raw_region(pos)
                return GroupMatch(index, alts, True, alt, step, section, "exact", 100.0)
    for alt in alts:
        for canonical in _canonical_keys(alt):
            pos = _find_canonical(text, canonical)
            if pos != -1:
                section, step = text.region_before(text.squashed, pos)
                return GroupMatch(index, alts, True, alt, step, section, "normalized", 100.0)
    best: tuple[float, str, int] | None = None
    for alt in alts:
        fuzzy_key = _fuzzy_key(alt, config)
        if fuzzy_key is None or text.scan_left <= 0 or not _may_fuzzy_match(fuzzy_key, text, config.fuzzy_threshold):
            continue
        text.scan_left -= len(text.spaced)  # partial_ratio's pass (`_fuzzy_find`)
        found = _fuzzy_find(fuzzy_key, text, config.fuzzy_threshold)
        if found is not None and (best is None or found[0] > best[0]):
            best = (found[0], alt, found[1])
    if best is not None:
        score, alt, pos = best
        section, step = text.region_before(text.spaced, pos)
        return GroupMatch(index, alts, True, alt, step, section, "fuzzy", round(score, 2))
    return GroupMatch(index, alts, False)


def match_key_steps(
    trace_or_text: Trace | str,
    key_steps: Any,
    *,
    config: RewardConfig | None = None,
) -> KeyStepMatch:
    """Match *key_steps* (any shape `normalize_key_steps` reads) against a completion.

    Returns a `KeyStepMatch` whose ``ratio`` is the k of StepRAR. Unreadable key
    steps raise `KeyStepsError`; `score_trace` turns that into a problem instead.
    """
    config = config or DEFAULT_CONFIG
    trace = trace_or_text if isinstance(trace_or_text, Trace) else parse_trace(
        trace_or_text, lenient_headers=config.lenient_headers
    )
    groups = normalize_key_steps(
        key_steps, max_groups=config.max_key_step_groups, max_chars=config.max_key_step_chars
    )
    return match_groups(trace, groups, config)


def match_groups(trace: Trace, groups: list[list[str]], config: RewardConfig) -> KeyStepMatch:
    """`match_key_steps` for groups already normalised (no input checks)."""
    if not groups:
        return KeyStepMatch(0, 0, ())
    text = _SearchText(_scope_parts(trace, config.key_step_scope))
    # A repeated group (each counts) is matched once: a text that makes one group
    # costly (a flood of near misses) must not cost that again per repeat.
    seen: dict[tuple[str, ...], GroupMatch] = {}
    results = []
    for i, alts in enumerate(groups):
        found = seen.get(tuple(alts))
        if found is None:
            found = seen[tuple(alts)] = _match_group(i, alts, text, config)
        results.append(found if found.index == i else replace(found, index=i))
    return KeyStepMatch(sum(1 for r in results if r.matched), len(results), tuple(results))
