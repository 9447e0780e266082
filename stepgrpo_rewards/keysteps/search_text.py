"""The text a completion's key steps are searched in (`_SearchText`).

One completion's scope (its reasoning steps, by default) is joined into one string,
raw and canonical, with separators so that a match never spans two regions, and
with the offsets that attribute a match to its step. Every derived form the
searches need (lower-cased raw text, canonical text, squashed, spaced, the words
for fuzzy matching, the number index, where whitespace stood between digits) is
built lazily, once per completion, and shared by all key-step groups: this is
where the matcher spends its time, so the forms are byte-level C passes where
they can be. The text also carries the search budgets (`_MAX_REJECTED_OCCURRENCES`,
`_MAX_SCANNED_CHARS`) that keep a hostile completion from costing more than an
honest one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from ..mathtext.normalize import canonicalize
from ..trace import Trace
from .context import WINDOW, after_window, before_window
from .enumeration import count_exceeds, enumerable
from .later_denial import corrected_later, denied_later, inequality_spans
from .number_bounds import _DIGITS, _SUPERSCRIPT

_SEPARATOR = "\x00"
# What str.split() treats as whitespace, besides " " and "\n".
_OTHER_WHITESPACE = tuple(
    "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_LATIN1_WHITESPACE = bytes(i for i in range(256) if chr(i).isspace())
_OTHER_LATIN1_WHITESPACE = tuple(bytes([i]) for i in _LATIN1_WHITESPACE if i not in b" \n")
_DIGIT_SHAPE = bytes.maketrans(b"0123456789", b"0000000000")
_DIGIT_SPACE_SHAPE = bytes.maketrans(b"0123456789\n", b"0000000000 ")
_DIGIT_GAP = re.compile(rb"0 +0")
# Every byte but an ASCII digit made a space: the numbers of a text are then its words.
_DIGITS_ONLY = bytes(i if 48 <= i <= 57 else 32 for i in range(256))
# From this length on, a text's numbers are listed once, so that a key whose numbers
# it lacks is not searched for (`_SearchText.may_hold`).
_NUMBER_INDEX_CHARS = 20_000
# `_SearchText.is_gap` counts whitespace for this many positions before it builds its
# table of word ends, each count in at most this many rounds.
_GAP_LOOKUPS = 8
_GAP_ROUNDS = 12
_WINDOW_ROUNDS = 64
_PLAIN_SPACES = b" \n"
_PLAIN_RUN = re.compile(rb"[ \n]*")
# A word for fuzzy matching: spaces, separators, em dashes and hyphens end words
# ("right-angled" / "right angled"); the internal ∠ ⊥ ∥ ° (textnorm) are words of their
# own, glued to a name or not ("∠abc" / "∠ abc"). `_JOINED_WORD` keeps hyphens inside
# words, to be dropped: a compound spelled closed ("non-zero" / "nonzero").
_WORD = re.compile("[\x03-\x06]|[^ \x00\x03-\x06\u2014-]+")
_JOINED_WORD = re.compile("[\x03-\x06]|[^ \x00\x03-\x06\u2014]+")
# Punctuation and markdown marks that may stick to a word's ends ("(unequal", "sides.",
# "**isoceles**") without being part of it.
_WORD_EDGES = "()[]{}<>.,;:!?\"'*_`~«»…"

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


# Text struck out says what the step does not claim: GitHub markdown (``~~x = 5~~``, and
# ``~x = 5~`` with no space inside its marks and none of them glued to a word), LaTeX
# (``\cancel``, ``\bcancel``, ``\xcancel``, ``\sout``, ``\st``, ``\xout``,
# ``\cancelto{0}``, arguments with groups one level deep) and HTML (``<del>``, ``<s>``,
# ``<strike>``). Each pattern is linear: its runs stop at the next mark.
_STRUCK_DOUBLE_TILDE = re.compile(r"~~[^~\x00]*+~~")
_STRUCK_TILDE = re.compile(r"~(?<![~\w]~)[^~\s][^~\n\x00]{0,500}+~(?![~\w])")
_STRUCK_HTML = re.compile(r"<(del|s|strike)>[^<\x00]*+</(?:del|s|strike)>", re.IGNORECASE)
_STRUCK_LATEX = re.compile(r"\\(?:[bx]?cancel|sout|st|xout|cancelto[ \t]*\{[^{}\x00]{0,40}\})[ \t]*"
                           r"\{(?:[^{}\x00]++|\{[^{}\x00]*+\})*+\}")
_LATEX_STRIKE = re.compile(r"\\(?:[bx]?cancel|sout|st|xout)")


def _strike_out(text: str, latex: bool = True) -> str:
    """*text* with what it strikes out blanked with spaces, so that offsets stay. Each
    pattern starts with its mark and runs only where the mark occurs (a one-character
    search first: on a text with wide characters, a longer needle costs more); their
    runs are possessive and stop at a region's end: linear however many marks.
    *latex*: ``False`` for a text known to hold no LaTeX mark (`_LATEX_MARKS`)."""
    if "~" in text:
        if "~~" in text:
            text = _STRUCK_DOUBLE_TILDE.sub(_blank, text)
        text = _STRUCK_TILDE.sub(_blank, text)
    if "<" in text and "</" in text:
        text = _STRUCK_HTML.sub(_blank, text)
    if latex and _LATEX_STRIKE.search(text):
        text = _STRUCK_LATEX.sub(_blank, text)
    return text


# LaTeX that shows nothing, or only a colour: a phantom (``-\\phantom{0}5`` shows ``-5``),
# explicit spacing (``\\hspace{1pt}``, ``\\kern2pt``, ``\\mathstrut``) and a colour switch
# (``\\color{red}``, the first argument of ``\\textcolor``). Each is replaced with
# zero-width spaces, so that offsets stay and what stands on its two sides meets: a
# sign and its number, or the digits of one number.
_INVISIBLE_MARK = re.compile(r"\\(?:[hv]?phantom|[hvm]space|[mh]?kern|hskip|(?:text)?color|mathstrut|strut)")
_INVISIBLE_LATEX = re.compile(
    r"\\(?:[hv]?phantom|[hvm]space\*?|(?:text)?color)[ \t]*\{(?:[^{}\x00]++|\{[^{}\x00]*+\})*+\}"
    r"|\\(?:[mh]?kern|hskip)[ \t]*-?[0-9.]{1,8}[ \t]*[a-z]{2}"
    r"|\\(?:mathstrut|strut)(?![a-zA-Z])"
)


# The commands of both (``cancel``, ``bcancel``, ``xcancel``, ``sout``, ``st``, ``xout``;
# ``phantom``, ``hphantom``, ``vphantom``, ``hspace``, ``vspace``, ``mspace``, ``kern``,
# ``mkern``, ``hkern``, ``hskip``, ``color``, ``textcolor``, ``mathstrut``, ``strut``): one
# search rules both out on most LaTeX texts. Written as a tree of first letters, so that
# each backslash of the text costs one branch, not twenty.
_LATEX_MARKS = re.compile(r"\\(?:b(?:cancel)|c(?:ancel|olor)|x(?:cancel|out)|s(?:out|t)|h(?:phantom|space|kern|skip)"
                          r"|v(?:phantom|space)|phantom|m(?:space|kern|athstrut)|kern|textcolor)")


def _hide_invisible(text: str) -> str:
    """*text* with the LaTeX that shows nothing (`_INVISIBLE_LATEX`) made zero-width
    spaces; one search for a command name first, and the pattern only where one
    occurs."""
    if "\\" not in text or _INVISIBLE_MARK.search(text) is None:
        return text
    return _INVISIBLE_LATEX.sub(lambda m: "\u200b" * len(m.group(0)), text)


def _blank(m: re.Match[str]) -> str:
    struck = m.group(0)
    if struck[0] == "~" and struck[1] != "~" and struck[-2].isspace():
        return struck  # "~5 and ~": GitHub strikes nothing that ends in a space
    return " " * len(struck)


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

    __slots__ = ("regions", "raw", "_wide", "raw_is_ascii", "_raw_starts", "_joined", "_canonical", "_plain", "_bytes", "_words", "_squashed", "_junctions", "_spaced",
                 "_digit_gaps", "_fuzzy_words", "_joined_words", "_raw_operators", "_squashed_operators",
                 "rejections_left", "scan_left", "_gap_lookups", "_cursor", "indexed", "_raw_numbers", "_canonical_numbers", "_enumerated",
                 "_inequalities", "_present")

    def __init__(self, parts: list[tuple[str, int | None, str]]) -> None:
        texts = [text for _, _, text in parts]
        # A text that holds the separator itself has it blanked (a one-character search per
        # text: cheaper than counting the separators of the joined text).
        for part in texts:
            if _SEPARATOR in part:
                texts = [text.replace(_SEPARATOR, " ") for text in texts]
                break
        joined = _SEPARATOR.join(texts)
        latex = "\\" in joined and _LATEX_MARKS.search(joined) is not None
        joined = _strike_out(joined, latex)
        if latex:
            joined = _hide_invisible(joined)
        self._joined = joined
        self.regions = [(section, step) for section, step, _ in parts]
        self.raw, self._wide = _lower_and_wide(joined)
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
        self._enumerated: dict[tuple[str, bool], bool] = {}
        self._inequalities: dict[bool, list[tuple[int, int]]] = {}
        self._present: dict[tuple[str, bool], bool] = {}

    @property
    def canonical(self) -> str:
        if self._canonical is None:
            # One pass over all regions: canonicalize keeps the separators.
            self._canonical = canonicalize(self._joined, self._wide)
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
                # no whitespace byte but spaces and newlines (one memchr scan per other kind,
                # cheaper than counting every space)
                self._plain = not any(byte in encoded for byte in _OTHER_LATIN1_WHITESPACE)
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
                for _ in range(_HALVINGS):  # a C pass each: runs of two or three spaces go in one or two
                    if "  " not in spaced:
                        break
                    spaced = spaced.replace("  ", " ")
                else:
                    if "  " in spaced:  # long runs (a flood of spaces): one regex pass, not one per doubling
                        spaced = _SPACE_RUN.sub(" ", spaced)
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

    def has_raw_operators(self) -> bool:
        """`raw_operators`, as a method (passed to `_number_bounded`, which asks it only
        where a match's neighbour could lead to a power or a fraction)."""
        return self.raw_operators

    def has_squashed_operators(self) -> bool:
        """`squashed_operators`, as a method (see `has_raw_operators`)."""
        return self.squashed_operators

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
        """`is_gap` without `junctions` (a pass over every word): a gap when
        whitespace stands at `_count_to`'s position. ``None`` when that is not known."""
        hay = self.squashed
        if pos <= 0 or pos >= len(hay):
            return pos == len(hay) > 0
        c = self._count_to(pos)
        return None if c is None else self._bytes[c] in _PLAIN_SPACES  # type: ignore[index]

    def _count_to(self, pos: int, rounds: int = _GAP_ROUNDS) -> int | None:
        """The least canonical position ``c`` with ``c = pos + (whitespace before c)``,
        for squashed position *pos* (``0 < pos < len(squashed)``), reached by counting
        spaces and newlines from the cursor: the squashed character stands there, or
        after the whitespace that does. ``None`` when the text is not plain Latin-1 or
        the count does not settle in *rounds* rounds (dense whitespace)."""
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
        for _ in range(rounds):
            more = encoded.count(b" ", counted, c)
            if newlines:
                more += encoded.count(b"\n", counted, c)
            if not more:
                self._cursor = (pos, c, ws)
                return c
            counted = c
            ws += more
            c += more
        return None

    def canonical_index(self, pos: int) -> int | None:
        """Where squashed character *pos* stands in the canonical text (``None`` when
        that cannot be counted cheaply, see `_count_to`)."""
        if not 0 <= pos < len(self.squashed):
            return None
        c = self._count_to(pos, _WINDOW_ROUNDS) if pos else 0
        if c is None:
            return None
        run = _PLAIN_RUN.match(self._bytes, c)  # type: ignore[arg-type]
        return None if run is None else run.end()

    def window_after(self, end: int, width: int = WINDOW) -> str:
        """The canonical text right after the squashed match that ends at *end*, its
        whitespace in place (`context.after_window`)."""
        c = self.canonical_index(end - 1) if end > 0 else None
        if c is None:
            return _rebuilt(self.squashed, end, min(len(self.squashed), end + width), self.junctions, False)
        return after_window(self.canonical, c + 1, width)

    def window_before(self, start: int, width: int = WINDOW) -> str:
        """The canonical text right before the squashed match that starts at *start*."""
        c = self.canonical_index(start)
        if c is None:
            lo = max(0, start - width)
            return _rebuilt(self.squashed, lo, start, self.junctions, True) + (" " if start in self.junctions else "")
        return before_window(self.canonical, c, width)

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

    def lacks_a_character(self, key: str, squeezed: bool) -> bool:
        """Whether `squashed` (when *squeezed*, else `raw`) lacks a character of *key*
        (asked only of an `indexed` text): then the key is nowhere in it. One C scan per
        distinct character, cached; a present character is usually found at once, and
        a long text of one kind (20,000 numbers) rules out every key with a letter
        after one scan instead of one per key."""
        present = self._present
        hay: str | None = None
        for char in _distinct_characters(key):
            found = present.get((char, squeezed))
            if found is None:
                if hay is None:
                    hay = self.squashed if squeezed else self.raw
                found = present[(char, squeezed)] = char in hay
            if not found:
                return True
        return False

    def enumerates(self, name: str, canonical: bool) -> bool:
        """Whether the text gives *name* (canonical spelling) more distinct numbers than
        `enumeration.MAX_VALUES_PER_NAME`, read in the form where a key was found: the
        raw text (for a name in ASCII), or the *canonical* one. (A name given many
        values in other spellings, full-width or LaTeX, earns nothing more: each of
        those values is found only in the canonical text, where all of them count.)"""
        canonical = canonical or not name.isascii()
        found = self._enumerated.get((name, canonical))
        if found is None:
            hay = self.canonical if canonical else self.raw
            self.scan_left -= len(hay)
            found = self._enumerated[(name, canonical)] = count_exceeds(hay, name)
        return found

    def denied_later(self, key: str, end: int, squeezed: bool) -> bool:
        """Whether the step of a match of *key* that ends at *end* (of `squashed` when
        *squeezed*, else of `raw`) denies the key's assignment after it (``x ≠ 5``,
        `later_denial`). The inequality signs of each form are found once."""
        kind = enumerable(key)
        if not isinstance(kind, tuple):
            return False
        spans = self._inequalities.get(squeezed)
        hay = self.squashed if squeezed else self.raw
        if spans is None:
            spans = self._inequalities[squeezed] = inequality_spans(hay)
        gap = self.is_gap if squeezed else None
        name = kind[0] if squeezed else kind[0].replace("\x03", "∠")  # (the raw text writes "∠b")
        return (bool(spans) and denied_later(hay, end, name, kind[1], spans, gap)) or corrected_later(
            hay, end, name, kind[1], gap)

    def raw_region(self, pos: int) -> tuple[str, int | None]:
        return self.regions[max(bisect_right(self._raw_starts, pos) - 1, 0)]

    def region_before(self, text: str, pos: int) -> tuple[str, int | None]:
        """Region of position *pos* of *text* (squashed or spaced): count separators."""
        return self.regions[min(text.count(_SEPARATOR, 0, pos), len(self.regions) - 1)]


@lru_cache(maxsize=65536)
def _distinct_characters(key: str) -> frozenset[str]:
    """The characters of a key form (`_SearchText.lacks_a_character`)."""
    return frozenset(key)


_SPACE_RUN = re.compile(" {2,}")
_HALVINGS = 3
_ASCII_BYTES = bytes(range(128))


def _lower(text: str) -> str:
    """``text.lower()``. On a text whose non-ASCII characters have no case (math
    symbols: ∠, °, ×, ², ...) only ASCII letters change, and lower-casing the UTF-8
    bytes is several times cheaper than ``str.lower`` on a two-byte string."""
    return _lower_and_wide(text)[0]


def _lower_and_wide(text: str) -> tuple[str, str]:
    """`_lower` of *text*, and its non-ASCII characters (in order), which the pass
    finds anyway and `canonicalize` would look for again."""
    if text.isascii():
        return text.lower(), ""
    encoded = text.encode("utf-8", "surrogatepass")
    wide = encoded.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")
    if wide.lower() != wide:  # a cased non-ASCII letter (é, Σ, ...): the full rules
        return text.lower(), wide
    return encoded.lower().decode("utf-8", "surrogatepass"), wide


def _rebuilt(squashed: str, lo: int, hi: int, junctions: frozenset[int], before: bool) -> str:
    """``squashed[lo:hi]`` with a space wherever whitespace stood, cut at the separator
    nearest the match (*before* it: the last one), for a text whose canonical positions
    cannot be counted cheaply."""
    if before:
        lo = max(lo, squashed.rfind(_SEPARATOR, lo, hi) + 1)
    else:
        cut = squashed.find(_SEPARATOR, lo, hi)
        hi = hi if cut == -1 else cut
    return "".join([" " + squashed[p] if p in junctions else squashed[p] for p in range(lo, hi)])


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


def _fuzzy_words(text: str, joined: bool = False) -> list[str]:
    """The words of *text* as fuzzy matching compares them: split at spaces, em dashes
    and hyphens, the internal ∠ ⊥ ∥ ° apart, without the punctuation at their ends
    (``(unequal`` → ``unequal``); *joined*: hyphens dropped instead (``non-zero`` →
    ``nonzero``)."""
    if joined:
        words = [word.strip(_WORD_EDGES) or word for word in _JOINED_WORD.findall(text)]
        return [word.replace("-", "") or word for word in words]
    return [word.strip(_WORD_EDGES) or word for word in _WORD.findall(text)]
