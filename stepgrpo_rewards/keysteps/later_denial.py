"""A value taken back later in its step: ``Suppose x = 5. Then 2x = 10 ≠ 12, so x ≠ 5.``

A key step that assigns a name a number (``x = 5``) is not earned where the same step
goes on to deny that very assignment with an inequality (``x ≠ 5``, ``x \\neq 5``,
``x != 5``, ``5 ≠ x``, ``x \\not= 5``): the step tried the value and rejected it. A
denial under a condition ("if x ≠ 5", "case x ≠ 5", "otherwise") is a case analysis,
not a retraction, and does not count. Nor is the key earned where the step later gives
the name another number after a word that corrects (`corrected_later`: ``x = 5, no wait,
x = 6``), or calls another number of it possible too or gives it as an alternative
(``x = 5. x = 6 also possible.``, ``x = 5. Alternatively, x = 6.``).

The inequality signs of a text are found once per text (`inequality_spans`, after a
cheap ``in`` test for each sign), and only those in the rest of the match's step are
read (at most `MAX_DENIALS_READ`), each on a few characters beside it.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache

from .context import fold_homoglyphs
from .enumeration import named_as_roots
from .past_unit import _unit

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
    r"|re-?think|re-?evaluat|re-?consider|re-?examin|re-?do(?:ing)?(?![a-z])|typo|mistake|(?:my|an)[ \t]*error|erratum|errata"
    r"|ignore[ \t]*(?:that|this|it)|disregard|strike[ \t]*that|revis|in[ \t]*fact|(?<![a-z])(?:but|however|then[ \t]*again)(?![a-z])"
    r"|ah[ \t]*(?:i[ \t]*see|ok)|(?<![a-z])(?:error|really)[ \t]*[,.!:]"
    r"|warte|eigentlich|nein|attends|en[ \t]*fait|plutôt|(?<![a-z])non[ \t]*[,.!]|espera|en[ \t]*realidad|de[ \t]*hecho"
    r"|mejor[ \t]*dicho|na[ \t]*verdade|aliás|aspetta|anzi|in[ \t]*realtà"
    r"|いや|待って|違う|ちがう|等等|不对|其实|更正|改正|应该是|哦不")
# (read on the head before `fold_homoglyphs`, which spells Cyrillic letters in Latin ones)
_CORRECTION_CYRILLIC = re.compile(r"подожд|постой|(?<![а-я])нет(?![а-я])|стоп|на[ \t]*самом[ \t]*деле|точнее|вернее|ошиб")
#: How far after a match (in its step) a corrected value is looked for.
_CORRECTION_SPAN = 240
_ASSIGNED = (r"[ \t\n]*(?::=|->|→|=|:|is|equals|becomes|was|should[ \t]*be|must[ \t]*be)[ \t\n]*\$?[ \t\n]*"
             r"(-?[0-9]+(?:\.[0-9]+)?)(?![0-9]|\.[0-9]|[ \t]*(?:[-+*/^]|\((?![ \t]*[a-z]{2})))")


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
        raw_head = hay[end:start]
        head = fold_homoglyphs(raw_head)  # ("wаit", Cyrillic а)
        if _offered_later(hay, head, end, m.end(), stop, name) and not _restated_in_units(hay, end, value, m, end):
            return True
        if ((_CORRECTION.search(head) is not None
             or (not raw_head.isascii() and _CORRECTION_CYRILLIC.search(raw_head) is not None))
                and _CONDITION.search(head.rstrip(_SKIP)) is None
                and not _another_case(head, hay, m.end(), stop, end)
                and not _restated_in_units(hay, end, value, m, end)):
            return True
    return stop < len(hay) and hay[stop] == _SEPARATOR and _corrected_in_later_step(hay, stop, name, value, gap, end)


# --- A correction in a later step: "Step 1: x = 5 cm." then "Step 2: No wait, x = 6 cm." ---
# A later step that opens with a word that corrects what came before (`_STEP_OPENS_CORRECTION`:
# "No wait", "Actually", "Correction:", "Oops", "Hmm, that's wrong.", "On second
# thought") and gives the key's name another number takes the key back as the same words
# in its own step do; the exceptions of `corrected_later` hold (a condition, another case
# or thing, a test or a rejected try). A later step that opens otherwise is another step
# of the work ("For box B, x = 6", "Now x becomes 6 after adding 1"). The steps read are
# bounded: `_LATER_STEPS` steps of at most `_LONGEST_STEP` characters, the first
# `_CORRECTION_SPAN` of each.
_LATER_STEPS = 4
_STEP_OPENS_CORRECTION = re.compile(
    r"[ \t\n*_#>`(\[-]{0,8}(?:step[ \t]*[0-9]{1,3}[ \t]*[:.)][ \t\n*_]{0,4})?(?:nope|nah|no[ \t]*wait|no|wait|hold[ \t]*on|hang[ \t]*on|actually|correction|correcting|sorry|oops|whoops"
    r"|scratch[ \t]*that|strike[ \t]*that|i[ \t]*mean|hmm+|hm+|um+|uh|errors?|erratum|er+m?|oh|ah|ugh|my[ \t]*(?:mistake|bad|error)"
    r"|on[ \t]*second[ \t]*thoughts?|never[ \t]*mind|i[ \t]*was[ \t]*wrong|i[ \t]*made[ \t]*(?:a[ \t]*mistake|an[ \t]*error)"
    r"|(?:that|this|it)(?:['’]?s|[ \t]*(?:is|was))[ \t]*(?:wrong|incorrect|not[ \t]*right)|wrong|let[ \t]*me[ \t]*(?:re|correct|fix)[a-z]*"
    r"|ignore[ \t]*(?:that|this|the)|disregard|in[ \t]*fact|rather|instead|typo|mistake"
    r"|(?:revis|re-?check|recomput|recalculat|re-?examin|re-?evaluat|re-?consider|re-?think|re-?do)[a-z]*"
    r"|double[- \t]?check(?:ing)?|on[ \t]*(?:reflection|closer[ \t]*inspection)|upon[ \t]*(?:reflection|closer[ \t]*inspection)"
    r"|looking[ \t]*(?:again|closer)|correct(?:ed)?[ \t]*(?:value|answer|version)|fix(?:ing|ed)?"
    r"|warte|nein|attends|en[ \t]*fait|espera|いや|待って|違う|等等|不对|其实|更正)")


def _corrected_in_later_step(hay: str, stop: int, name: str, value: str, gap: Callable[[int], bool] | None,
                             key_end: int) -> bool:
    """Whether one of the next `_LATER_STEPS` steps of *hay* (the first starting after the
    separator at *stop*) opens with a correcting word and gives *name* another number than
    *value* (`_STEP_OPENS_CORRECTION`); *key_end*: where the key's match ends."""
    start = stop + 1
    for _ in range(_LATER_STEPS):
        if start >= len(hay):
            return False
        nxt = hay.find(_SEPARATOR, start, start + _CORRECTION_SPAN)
        end = min(len(hay), start + _CORRECTION_SPAN) if nxt == -1 else nxt
        opening = fold_homoglyphs(hay[start : min(end, start + 48)])
        opens = _STEP_OPENS_CORRECTION.match(opening)
        if opens is not None and _word_ends(opening, opens.end(), start, gap):
            if _reassigned(hay, start, end, name, value, gap, key_end):
                return True
        elif (mid := _SENTENCE_CORRECTION.search(hay, start, end)) is not None and _reassigned(
                hay, mid.start(), end, name, value, gap, key_end):
            return True  # ("So y = 10. No wait, x = 6."; from the correcting word on)
        if nxt == -1:
            nxt = hay.find(_SEPARATOR, end, start + _LONGEST_STEP)
            if nxt == -1:
                return False  # (a step longer than that ends the reading)
        start = nxt + 1
    return False


#: How long a later step may be for the steps after it to be read.
_LONGEST_STEP = 4096


# A sentence of a later step that opens with a word that says the value was wrong, after
# other sentences ("So y = 10. No wait, x = 6.", "y = 2; sorry, x = 6"): the step is
# read from that word on (glued to the next in a squeezed text: "actuallyx=6").
_SENTENCE_CORRECTION = re.compile(
    r"[.!?;:\n(][ \t*_]{0,4}(?:no[ \t]*wait|nope|no[ \t]*,|actually|correction|sorry|oops|whoops"
    r"|scratch[ \t]*that|strike[ \t]*that|my[ \t]*(?:mistake|bad|error)|(?:that|this|it)(?:['’]?s|[ \t]*(?:is|was))[ \t]*wrong"
    r"|i[ \t]*was[ \t]*wrong|on[ \t]*second[ \t]*thoughts?|never[ \t]*mind|hold[ \t]*on|wait(?!ing|ed|er))")


def _word_ends(opening: str, at: int, start: int, gap: Callable[[int], bool] | None) -> bool:
    """Whether a word of *opening* (a step's first characters, from *start* of the text)
    ends at *at*: no letter follows, or (in a squeezed text, *gap* given) whitespace stood
    there ("actuallyx=6" is "actually x = 6")."""
    return at >= len(opening) or not ("a" <= opening[at] <= "z") or (gap is not None and gap(start + at))


def _reassigned(hay: str, start: int, stop: int, name: str, value: str, gap: Callable[[int], bool] | None,
                key_end: int) -> bool:
    """Whether ``hay[start:stop]`` (a later step that opens with a correction) gives
    *name* another number than *value*, not in another case, a test or a rejected try
    (the key's own case read before *key_end*, `_strong`)."""
    for m in _assigned_again(name).finditer(hay, start, stop):
        at = m.start()
        if at > 0 and hay[at - 1] in _NAME_CHARS and (gap is None or not gap(at)):
            continue
        if _same_number(m.group(1), value):
            continue
        head = fold_homoglyphs(hay[start:at])
        if _CONDITION.search(head.rstrip(_SKIP)) is None and not _another_case(
                head, hay, m.end(), stop, key_end) and not _restated_in_units(hay, key_end, value, m, start):
            return True
    return False


# A later value of the name in another unit of the same kind that gives the same quantity
# restates the key's value, whatever word opens its step ("x = 5 cm" then "Actually, x =
# 50 mm", "In fact, in metres x = 0.05", "Hmm, in inches x = 1.97": rounded to the digits
# shown, within 1%). The units are `past_unit`'s table; the key's unit is the word right
# after its value, the later one the word after its number or "in"/"to" a unit right
# before the name. A value with no unit of the table on either side is compared as it is.
_UNIT_AFTER = re.compile(r"[ \t$]*(?:\\(?:text|mathrm|textrm|mbox)[ \t]*\{[ \t]*)?([a-z]{1,12}|°|\x06)(?![a-z])")
_UNIT_BEFORE = re.compile(r"(?<![a-z])(?:in|into|to|as)[ \t]*([a-z]{1,12})[ \t,:$]*$")


def _restated_in_units(hay: str, key_end: int, value: str, m: re.Match[str], start: int) -> bool:
    """Whether the later number of *m* (in ``hay[start:]``, a later step) gives the key's
    *value* (its match ending at *key_end*) in another unit of the same kind."""
    first = _UNIT_AFTER.match(hay, key_end, key_end + 24)
    first_unit = None if first is None else _unit(first.group(1))
    if first_unit is None:
        return False
    second = _UNIT_AFTER.match(hay, m.end(), m.end() + 24)
    second_unit = None if second is None else _unit(second.group(1))
    if second_unit is None:
        before = _UNIT_BEFORE.search(hay, max(start, m.start() - 24), m.start())
        second_unit = None if before is None else _unit(before.group(1))
    if second_unit is None or second_unit[0] != first_unit[0] or second_unit[1] == first_unit[1]:
        return False
    number, exact = float(m.group(1)), float(value) * first_unit[1] / second_unit[1]
    if math.isclose(number, exact, rel_tol=1e-9):
        return True
    shown = m.group(1).partition(".")[2]
    return number != 0 and abs(number - exact) <= 0.5 * 10.0 ** -len(shown) + 1e-12 and abs(number - exact) <= 0.01 * abs(exact)


# A word that says what came before was wrong, not only a pause ("wait", "hmm", "but"):
# after one, a later value of the name in "another" case or thing is that case's only
# where the key's own value stands in a case too (`_CASE_BEFORE`: "In the first case x =
# 5. Actually, in the second case, x = 6."; "x = 5. Actually, the next line: x = 6." is a
# correction), and a later value said to give something "not" expected is the corrected
# value's check, not a rejected try ("x = 5. No wait, x = 6 gives 12, not 10.").
_STRONG_CORRECTION = re.compile(
    r"(?<![a-z])(?:no|nope|nah)[ \t]*[,.!;:\u2014\u2013]|no[ \t]*wait|actually|correction|correcting|sorry|oops|whoops"
    r"|scratch[ \t]*that|strike[ \t]*that|i[ \t]*mean|my[ \t]*(?:mistake|bad|error)|mistake|typo|i[ \t]*was[ \t]*wrong"
    r"|(?:that|this|it)(?:['’]?s|[ \t]*(?:is|was))[ \t]*(?:wrong|incorrect|not[ \t]*right)|second[ \t]*thought"
    r"|never[ \t]*mind|ignore[ \t]*(?:that|this)|disregard|make[ \t]*that|let[ \t]*me[ \t]*(?:correct|fix)"
    r"|eigentlich|en[ \t]*fait|en[ \t]*realidad|de[ \t]*hecho|不对|其实|更正|改正")
_CASE_NOUN = (r"(?:box|part|case|subcase|triangle|circle|square|figure|iteration|loop|round|scenario|sub-?problem|trial"
              r"|option|equation|interval|region|item|question|problem|branch)(?:e?s)?(?![a-z])")
_CASE_BEFORE = re.compile(
    rf"(?<![a-z])(?:case|cases|if|when|whenever|unless|initially|originally|firstly|at[ \t]*first"
    rf"|(?:first|second|initial|original)[ \t]*{_CASE_NOUN}|(?:for|in|at|on)[ \t]*(?:(?:the|this|a)[ \t]*)?{_CASE_NOUN}"
    rf"|{_CASE_NOUN}[ \t]*\(?(?:[a-z]|[0-9]{{1,2}}|i{{1,3}}|iv)\)?(?![a-z0-9])|[tnk][ \t]*=|\((?:a|i|1)\))(?![a-z])")
_CASE_LOOKBACK = 160


def _strong(head: str, hay: str, end: int) -> bool:
    """Whether *head* holds a word that says the key's value was wrong
    (`_STRONG_CORRECTION`) and the key's value (its match ending at *end* of *hay*) stands
    in no case of its own (`_CASE_BEFORE`), before it in its step or after it before
    that word."""
    strong = _STRONG_CORRECTION.search(head)
    if strong is None:
        return False
    if _CASE_BEFORE.search(head, 0, strong.start()) is not None:
        return False  # ("x = 5 for the first part. For the second part, actually x = 6")
    lo = max(0, end - _CASE_LOOKBACK, hay.rfind(_SEPARATOR, max(0, end - _CASE_LOOKBACK), end) + 1)
    cases = _case_words(hay)
    i = bisect_left(cases, (lo, 0))
    return not (i < len(cases) and cases[i][1] <= end)


@lru_cache(maxsize=8)
def _case_words(hay: str) -> list[tuple[int, int]]:
    """Where *hay* names a case (`_CASE_BEFORE`; its lookalike letters folded), found once
    per text: a flood of corrections asks `_strong` at each of its values."""
    return [m.span() for m in _CASE_BEFORE.finditer(fold_homoglyphs(hay))]


# What tells a later value of the name apart from a correction (`corrected_later`): the
# head before it names another thing or time ("For box B, actually, x = 6", "in the second
# triangle", "after the loop", "at t = 1", "the next iteration"); the value is put to the
# test ("wait, is x = 6 possible?", "let me check x = 6"); or the text after it rejects it
# ("Actually x = 6 gives 12, not 10", "check x = 6: no").
_OTHER_THING = re.compile(
    r"(?<![a-z])(?:(?:for|in|at|after|during|on|consider|take|to|with)[ \t]*(?:(?:the|a|an|this|each|every)(?![a-z])[ \t]*)?"
    r"(?:box|part|case|triangle|circle|square|figure|iteration|loop|round|scenario|sub-?problem|trial"
    r"|t[ \t]*=|n[ \t]*=|k[ \t]*=|time[ \t]*t|step[ \t]*[0-9])(?![a-z])"
    r"|(?:the|this|that|in|for|at|consider)[ \t]*(?:second|third|fourth|other|next|latter|remaining|new|following|later)"
    r"(?![a-z])(?![ \t]*(?:thought|look|glance|place|time|hand|way))"
    r"|(?:afterwards|subsequently|initially|originally|previously|before[ \t]*that|by[ \t]*contrast|in[ \t]*contrast))")
# A question or a test right before the later value ("is x = 6", "check x = 6", "what
# about x = 6", "try x = 6").
_PUT_TO_TEST = re.compile(
    r"(?<![a-z])(?:(?P<aux>is|could|can|does|did|would)|check|checking|test|testing|try|trying|what[ \t]*about"
    r"|how[ \t]*about|plug(?:ging)?[ \t]*in|substitut(?:e|ing)|consider|considering|verify|verifying"
    r"|(?:verify|verifying|check|checking|test|testing|try|trying)[ \t]*(?:it[ \t]*|this[ \t]*)?(?:with|using|on|against))"
    r"[ \t:,$(]*$")
# After the later value: a question, or its rejection ("x = 6? No", "x = 6: no", "x = 6
# gives 12, not 10", "x = 6 is not a solution", "x = 6 would give 12 ≠ 10").
_REJECTED_AFTER = re.compile(
    r"[ \t$)]*(?:[a-z°]{1,3}(?![a-z])[ \t]*)?(?:\?"
    r"|[ \t]*(?:is[ \t]*(?:also[ \t]*)?(?:another|the[ \t]*other)|too|also|as[ \t]*well)(?![a-z])"
    r"|[:,;]?[ \t]*(?:no|not|isn['’]?t|fails|doesn['’]?t|does[ \t]*not"
    r"|is[ \t]*(?:not|too|impossible|invalid|wrong|rejected|extraneous|excluded|ruled)"
    r"|(?:rejected|discarded|extraneous|excluded|ruled[ \t]*out|dismissed|invalid))(?![a-z])"
    r"(?=[ \t$]*(?:[.,;:!)]|$|\x00|a[ \t]*(?:solution|root|valid)|valid|possible|allowed|correct|right|work|true"
    r"|for|by|here|outright|immediately"
    r"|good|since|because|as|either|too|either|the[ \t]*(?:answer|solution|root)))"
    r"|[ \t]*(?:gives|yields|makes|leads[ \t]*to|would[ \t]*(?:give|make|yield|mean|lead[ \t]*to)|results[ \t]*in)(?![a-z])"
    r"[^.!\n\x00]{0,40}?(?:≠|\\neq?(?![a-z])|!=|(?<![a-z])(?:not|no|but|too|instead|contradiction)(?![a-z])))")


# (`_REJECTED_AFTER` less its "gives 12, not 10", which a corrected value's check writes too)
_REJECTED_PLAINLY = re.compile(
    r"[ \t$)]*(?:[a-z°]{1,3}(?![a-z])[ \t]*)?(?:\?"
    r"|[:,;]?[ \t]*(?:no|not|isn['’]?t|fails|doesn['’]?t|does[ \t]*not"
    r"|is[ \t]*(?:not|too|impossible|invalid|wrong|rejected|extraneous|excluded|ruled)"
    r"|(?:rejected|discarded|extraneous|excluded|ruled[ \t]*out|dismissed|invalid))(?![a-z])"
    r"(?=[ \t$]*(?:[.,;:!)]|$|\x00|a[ \t]*(?:solution|root|valid)|valid|possible|allowed|correct|right|work|true"
    r"|for|by|here|outright|immediately"
    r"|good|since|because|as|either|too|the[ \t]*(?:answer|solution|root)))"
    r"|[ \t]*(?:gives|yields|makes|leads[ \t]*to|would[ \t]*(?:give|make|yield|mean|lead[ \t]*to)|results[ \t]*in)(?![a-z])"
    r"[^.!\n\x00]{0,40}?(?:≠|\\neq?(?![a-z])|!=|(?<![a-z])contradiction(?![a-z])))")


# --- A later value offered as an alternative: "x = 5. x = 6 is also possible." ---
# A step that gives the key's name another number after it and calls that one possible
# too ("x = 6 also possible", "x = 6 is possible too", "x = 6 could also work", "x = 5
# and x = 6 both possible"), or gives it as an alternative ("x = 5, x = 6 alternatively",
# "x = 5. Alternatively, x = 6.", "x = 5. Or x = 6.") offers the key's value as one guess
# of two, as "x = 5 or x = 6" does (`enumeration`). The same exceptions hold: another
# case or thing before it ("if", "for box B", "in the other case", `_OTHER_THING`), a
# condition or a question after it ("x = 6 is also possible if a < 0", "is x = 6 also
# possible?"), and values named as the roots of an equation (`named_as_roots`). A later
# value with no such words is a case analysis ("x = 5 and x = 6", "x = 6 too").
_OFFERED_AFTER = re.compile(
    r"[ \t$()\\]*(?:(?:text|mathrm|textrm|mbox)[ \t]*\{[ \t]*)?(?:(?:[a-z]{1,12}?|[°\x06])[ \t$]*)??"
    r"(?:,?[ \t]*(?:alternatively|alternately|as[ \t]*an[ \t]*alternative)"
    r"|(?:(?:is|are|['’]s|would[ \t]*be|seems|looks|may[ \t]*be|might[ \t]*be|could[ \t]*be)[ \t]*)?"
    r"(?:(?:also|equally|too|both)[ \t]*)?(?:possible|plausible|feasible|viable|conceivable|likely"
    r"|an?[ \t]*(?:option|possibility|alternative|candidate)"
    r"|(?:could|might|may)[ \t]*(?:also[ \t]*)?(?:work|hold|be[ \t]*(?:right|correct|it|the[ \t]*answer))))"
    r"(?:[ \t]*(?:too|as[ \t]*well|also))?"
    r"(?=[ \t$*_}]*(?:$|[.;!)\]\x00\n]|,(?![ \t]*(?:if|when|unless|provided|only|but|for|in|where)(?![a-z]))))")
# A joint of alternatives that is all that stands between the two values, a mark and a
# unit or a noun aside ("Alternatively, x = 6", ". Or x = 6", "x = 5 cm. Or x = 6 cm"; the
# unit the same after both: "x = 5 apples. Or x = 6 pears" is two things).
_ALTERNATIVE_HEAD = re.compile(
    r"[ \t$)\\]*(?:(?P<unit>[a-z]{1,12}|[°\x06])[ \t$)]*)?[.!;:,\u2014\u2013]?[ \t$*_]*"
    r"(?:or|alternatively|alternately|as[ \t]*an[ \t]*alternative)[ \t,:$*_(\\]*"
    r"(?:(?:maybe|perhaps|possibly|probably|even|else)[ \t,:$*_(\\]*)?")


def _offered_later(hay: str, head: str, end: int, after: int, stop: int, name: str) -> bool:
    """Whether the later value of *name* (its head *head* from *end*, the key's match's
    end; its number ending at *after*) is offered as an alternative to the key's value
    (`_OFFERED_AFTER`, `_ALTERNATIVE_HEAD`), not under a condition, in another case, nor
    among the roots of an equation."""
    if _OFFERED_AFTER.match(hay, after, stop) is None:
        joint = _ALTERNATIVE_HEAD.fullmatch(head)
        unit = None if joint is None else joint.group("unit")
        if joint is None or (unit is not None and not hay[after : after + 16].lstrip(" \t$").startswith(unit)):
            return False
    if _CONDITION.search(head.rstrip(_SKIP)) is not None or _OTHER_THING.search(head) is not None:
        return False
    start = hay.rfind(name, max(0, end - 48), end)
    return not named_as_roots(hay, end if start == -1 else start, end, name)


def _another_case(head: str, hay: str, after: int, stop: int, key_end: int | None = None) -> bool:
    """Whether the later value of a name (its head *head*, its number ending at *after*)
    is another case, a test or a rejected try, not a correction (`_OTHER_THING`,
    `_PUT_TO_TEST`, `_REJECTED_AFTER`). After a strong correction (`_strong`, with the
    key's match ending at *key_end*; asked only here) another thing named before it does
    not count, nor a result said to be "not" another after it, only a plain rejection
    (`_REJECTED_PLAINLY`, a part of `_REJECTED_AFTER`: "x = 6? No", "x = 6 gives 12 ≠ 10")."""
    if _OTHER_THING.search(head) is not None or _REJECTED_AFTER.match(hay, after, stop) is not None:
        if key_end is None or not _strong(head, hay, key_end) or _REJECTED_PLAINLY.match(hay, after, stop) is not None:
            return True
    test = _PUT_TO_TEST.search(head.rstrip(_SKIP))
    if test is None:
        return False
    # ("is x = 6" a question only where a question mark ends its sentence: "Hmm, is x = 6. Yes.")
    return test.group("aux") is None or _QUESTION_END.match(hay, after, min(stop, after + 80)) is not None


_QUESTION_END = re.compile(r"[^.!\n\x00?]{0,80}\?")


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
