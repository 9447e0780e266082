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
``x = 5/3``, ``x = 5 ÷ 3`` nor ``x = 5²``. A match is no statement where the words
around it take it back (``context``: ``x = 5 + 2``, ``not x = 5``, ``x = 5 (?)``,
``~~x = 5~~``), nor where the text gives the key's name every value in turn
(``enumeration``). Regex metacharacters in keys are literal.

The stages live in modules of their own, one job each: `search_text` (the text
searched, its lazy forms and budgets), `number_bounds` (where a match may start and
end), `context` (the words beside it), `enumeration`, `exact` (the exact and
normalised stages) and `fuzzy`. This module runs them
per group and keeps the public names (and the private ones other modules and tests
use) importable from ``stepgrpo_rewards.keysteps.matching``.

Examples:
    >>> m = match_key_steps("### Step 1:\\n$3 \\\\times 4 = 12$ so the area is 12.", [["3*4=12"], ["120"]])
    >>> m.matched, m.total, m.groups[0].method
    (1, 2, 'normalized')
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from .._slots import new_instance, slot_setters
from ..config import DEFAULT_CONFIG, RewardConfig
from ..trace import Trace, parse_trace
from .context import after_window, before_window
from .enumeration import assigned_name, enumerable
from .exact import _canonical_keys, _exact_key, _find_bounded, _find_canonical
from .fuzzy import _fuzzy_find, _fuzzy_key, _may_fuzzy_match
from .search_text import _lower as _lower
from .search_text import _scope_parts, _SearchText
from .shapes import normalize_key_steps

MatchMethod = Literal["exact", "normalized", "fuzzy"]


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


(_SET_INDEX, _SET_ALTERNATIVES, _SET_MATCHED, _SET_ALTERNATIVE, _SET_STEP, _SET_SECTION, _SET_METHOD,
 _SET_SCORE) = slot_setters(GroupMatch)


def _group_match(index: int, alternatives: tuple[str, ...], matched: bool, alternative: str | None = None,
                 step: int | None = None, section: str | None = None, method: MatchMethod | None = None,
                 score: float = 0.0) -> GroupMatch:
    """``GroupMatch(...)``, built on the scoring path by setting its slots (`_slots`)."""
    match = new_instance(GroupMatch)
    _SET_INDEX(match, index)
    _SET_ALTERNATIVES(match, alternatives)
    _SET_MATCHED(match, matched)
    _SET_ALTERNATIVE(match, alternative)
    _SET_STEP(match, step)
    _SET_SECTION(match, section)
    _SET_METHOD(match, method)
    _SET_SCORE(match, score)
    return match


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


_SET_MATCHED_COUNT, _SET_TOTAL, _SET_GROUPS = slot_setters(KeyStepMatch)


def _key_step_match(matched: int, total: int, groups: tuple[GroupMatch, ...] = ()) -> KeyStepMatch:
    """``KeyStepMatch(...)``, built on the scoring path by setting its slots (`_slots`)."""
    match = new_instance(KeyStepMatch)
    _SET_MATCHED_COUNT(match, matched)
    _SET_TOTAL(match, total)
    _SET_GROUPS(match, groups)
    return match


def _match_group(index: int, alternatives: list[str], text: _SearchText, config: RewardConfig) -> GroupMatch:
    alts = tuple(alternatives)
    enumerated: set[str] | None = None  # alternatives found among the values of an enumeration: not searched again
    # 1. exact, then 2. normalised, over all alternatives before any fuzzy attempt.
    for alt in alts:
        key = _exact_key(alt)
        if key and (key.isascii() or not text.raw_is_ascii):  # a non-ASCII key is not in ASCII text
            pos = _find_bounded(text, key, alt)
            if pos != -1:
                if not (enumerable(alt) and _enumerated(alt, text, text.raw, pos, pos + len(key), False)):
                    section, step = text.raw_region(pos)
                    return _group_match(index, alts, True, alt, step, section, "exact", 100.0)
                enumerated = {alt} if enumerated is None else enumerated | {alt}
    for alt in alts:
        if enumerated is not None and alt in enumerated:
            continue
        for canonical in _canonical_keys(alt):
            pos = _find_canonical(text, canonical, alt)
            if pos != -1 and not (enumerable(alt) and _enumerated(alt, text, text.squashed, pos, pos + len(canonical.key),
                                                                  True)):
                section, step = text.region_before(text.squashed, pos)
                return _group_match(index, alts, True, alt, step, section, "normalized", 100.0)
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
        return _group_match(index, alts, True, alt, step, section, "fuzzy", round(score, 2))
    return _group_match(index, alts, False)


def _enumerated(alternative: str, text: _SearchText, hay: str, pos: int, end: int, squeezed: bool) -> bool:
    """Whether *alternative*, found at ``hay[pos:end]``, is one of the values the text
    enumerates (gives a name many values, `enumeration`): a key that assigns that name
    a number, or a number found as the value assigned to it (key ``37`` in ``x = 37``
    among ``x = 1`` ... ``x = 59``)."""
    kind = enumerable(alternative)
    if not kind:
        return False
    if isinstance(kind, tuple):
        return text.enumerates(kind[0], squeezed)
    if squeezed:
        before, after = text.window_before(pos), text.window_after(end)
    else:
        before, after = before_window(hay, pos), after_window(hay, end)
    name = assigned_name(before, after)
    # a name spelled otherwise than in ASCII ("ｘ＝37") is counted in the canonical text
    return name is not None and text.enumerates(name, squeezed or not (before.isascii() and after.isascii()))


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
    return _key_step_match(sum(1 for r in results if r.matched), len(results), tuple(results))
