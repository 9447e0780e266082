"""The fuzzy stage of key-step matching: small typos in textual key steps.

A textual alternative (no digits, long enough) matches when rapidfuzz's
``partial_ratio`` reaches `RewardConfig.fuzzy_threshold` and the words around the
alignment stand for the key's words one by one (`_run_score`), each at most a typo
away: ``equal sides`` is not in ``unequal sides``, nor ``side ab`` in ``side ac``.
Cheap necessary conditions (`_may_fuzzy_match`, the words' initials) rule out most
texts before any word is compared, and word comparisons are capped per key
(`_MAX_WORD_COMPARISONS`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from ..config import RewardConfig
from ..mathtext.normalize import canonicalize
from .number_bounds import _DIGITS
from .search_text import _JOINED_WORD, _SEPARATOR, _WORD, _fuzzy_words, _SearchText

# A word up to this long has no typo to spare: one letter more or other is another
# word ("ab" / "ac", "abc" / "abd", "cos" / "cot", "can" / "can't").
_SHORT_WORD = 3
# A text word holding a digit, a caret or a slash that differs from the key's word is
# a power, a fraction or a number ("a^2", "h/2"), never a typo (fuzzy keys hold no digit).
_NOT_A_TYPO = re.compile(r"[0-9^/]")


@lru_cache(maxsize=65536)
def _fuzzy_form(alternative: str) -> tuple[str, bool]:
    """The canonical spelling of *alternative* with single spaces, for fuzzy
    matching, and whether it holds a digit."""
    fuzzy = " ".join(canonicalize(alternative).split())
    return fuzzy, any(ch in _DIGITS for ch in fuzzy)


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
