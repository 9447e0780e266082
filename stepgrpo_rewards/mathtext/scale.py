"""What follows a number in an answer, and whether it makes the number another value.

A policy rewarded for "the one number in a short sentence" learns to write that number
with something after it that changes its value while keeping its digits: a scale word
(``12 million``, ``12k``, ``12万``, ``12 mln``, ``12 gross``), per mille (``12‰``), a
prime (``12'``), a glued name or constant (``12x``, ``12e``, ``12i``), a dangling power
or a trailing plus (``12^``, ``12+``). This module reads those continuations: a scale multiplies the
value (so ``12 million`` equals a gold ``12000000``, never ``12``); anything else that
makes another value leaves no value to compare. It also compares integers beyond
2^53 exactly, where doubles cannot tell neighbours apart.

Examples:
    >>> scaled_number("12 million"), scaled_number("1.5k"), scaled_number("12‰")
    (12000000.0, 1500.0, 0.012)
    >>> continues_as_other_value("12x", 2), continues_as_other_value("12 cm", 2)
    (True, False)
"""

from __future__ import annotations

import re

from .symbols import MINUS_AS_HYPHEN

__all__ = ["SCALE_WORD", "continues_as_other_value", "exact_integer", "scale_after", "scaled_number"]

#: Words (and Chinese characters) that scale the number before them, by their factor.
_SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "quadrillion": 1e15, "dozen": 12.0, "lakh": 1e5, "lac": 1e5, "crore": 1e7,
    "k": 1e3, "bn": 1e9, "mn": 1e6, "ppm": 1e-6, "ppb": 1e-9,
    # abbreviations in other languages and registers (mln, mio: million; mrd: milliard;
    # bln: billion), and the old counting words (a gross is 144, a score 20, a grand 1000)
    "mln": 1e6, "mio": 1e6, "mrd": 1e9, "bln": 1e9, "trn": 1e12, "tsd": 1e3, "tys": 1e3,
    "mille": 1e3, "millon": 1e6, "millones": 1e6, "millionen": 1e6, "milioni": 1e6,
    "milliard": 1e9, "milliarde": 1e9, "milliarden": 1e9, "miliardi": 1e9,
    "gross": 144.0, "score": 20.0, "grand": 1e3, "myriad": 1e4,
    "百": 1e2, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8,
    "‰": 1e-3, "‱": 1e-4,
}
#: Capital letters that scale a number glued to them (``12M``, ``3B``, ``5K``);
#: lower case ``m`` is a metre and ``b`` is nothing, so case matters here.
_CAPITAL_SCALES: dict[str, float] = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
# A scale after a number: a word (a plural too, "millions"), a glued capital, a sign.
SCALE_WORD = re.compile(
    r"[ \t\u00a0]*(?:(hundred|thousand|million|billion|trillion|quadrillion|dozen|lakh|lac|crore|bn|mn|ppm|ppb"
    r"|mln|mio|mrd|bln|trn|tsd|tys|mille|millon|millones|millionen|milioni|milliard|milliarde|milliarden|miliardi"
    r"|gross|score|grand|myriad)s?"
    r"(?![A-Za-z])|(k)(?![A-Za-z])|([百千万萬亿億‰‱]))"
    r"|([KMBT])(?![A-Za-z])",
    re.IGNORECASE,
)
# What glued to a number (no space) makes it another value or no value: a prime
# (minutes, feet), a factorial, a dangling power, a plus with nothing after it ("12+":
# twelve or more), a run of letters (checked against units by the caller).
_OTHER_VALUE_AFTER = re.compile(r"['′″’]|\^|!(?!=)|\+(?=[ \t]*(?:$|[,;.)\]]|[ \t][A-Za-z]))")
_GLUED_WORD = re.compile(r"[A-Za-z]+")
# Abbreviations that scale a number by a factor that depends on the reader ("mil": a
# thousand in Spanish, a million in finance, a thousandth of an inch): no value.
_AMBIGUOUS_SCALE = re.compile(r"[ \t\u00a0]*(?:mil|bil|tn)(?![A-Za-z])", re.IGNORECASE)
# Unit words that may be glued to a number without making it another value.
_GLUED_UNITS = frozenset(
    "mm cm dm m km in ft yd mi mg g kg lb lbs oz ml l cl dl s ms sec secs min mins h hr hrs d "
    "hz khz mhz kw w v n j pa kpa mph kph kmh cal kcal rad deg mol cup usd eur cny rmb st nd rd th".split()
)
_INTEGER = re.compile(r"-?[0-9]{1,4000}")
_THOUSANDS = re.compile(r"(?<=[0-9])(?:,|[ \u00a0\u2009\u202f]|\\,|\{,\})(?=[0-9]{3}(?![0-9]))")
#: Integers with more digits than this are not exact as doubles: compared as integers.
EXACT_DIGITS = 15


def scale_after(text: str, end: int) -> float | None:
    """The factor of a scale word right after the number that ends at *end* (``None``
    when there is none)."""
    m = SCALE_WORD.match(text, end)
    if m is None:
        return None
    if m.group(4):
        # a glued capital only ("12M"): "12 M" may be a molar concentration, "12 B" an option
        return _CAPITAL_SCALES[m.group(4).upper()] if m.start(4) == end and m.group(4).isupper() else None
    word = (m.group(1) or m.group(2) or m.group(3)).lower()
    return _SCALES.get(word)


_MINUS = "[-" + re.escape(MINUS_AS_HYPHEN) + "]"
_TO_HYPHEN = str.maketrans(dict.fromkeys(MINUS_AS_HYPHEN, "-"))
_LEADING_NUMBER = re.compile(_MINUS + r"?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|" + _MINUS + r"?\.[0-9]+")


def scaled_number(text: str) -> float | None:
    """The value of *text* when it is a number and a scale, and nothing else
    (``12 million``, ``1.5k``, ``12万``, ``3‰``, ``12 thousand.``); else ``None``."""
    text = text.replace("$", " ").strip().rstrip(".").rstrip()
    m = _LEADING_NUMBER.match(text)
    if m is None:
        return None
    factor = scale_after(text, m.end())
    if factor is None:
        return None
    rest = SCALE_WORD.match(text, m.end())
    if rest is None or text[rest.end():].strip():
        return None
    return float(m.group(0).replace(",", "").translate(_TO_HYPHEN)) * factor


def continues_as_other_value(text: str, end: int) -> bool:
    """Whether what follows the number that ends at *end* makes it another value: a
    scale (`scale_after`) or an ambiguous one (``12 mil``), a prime, a factorial, a
    dangling power, a trailing plus, or letters glued to it that are no unit (``12x``,
    ``12e``, ``12ish``; ``12cm`` and ``12apples`` stay the number with a unit or a noun)."""
    if end >= len(text):
        return False
    if scale_after(text, end) is not None:
        return True
    if _OTHER_VALUE_AFTER.match(text, end) or _AMBIGUOUS_SCALE.match(text, end):
        return True
    word = _GLUED_WORD.match(text, end)
    if word is None:
        return False
    low = word.group(0).lower()
    return low not in _GLUED_UNITS and len(low) < 4


def exact_integer(text: str) -> int | None:
    """*text* as an integer when it is an integer literal too long to be exact as a
    double (more than `EXACT_DIGITS` digits, thousands separators allowed), else
    ``None``: such integers are compared as integers, not as floats."""
    text = text.strip().translate(_TO_HYPHEN)
    if len(text) > 5000 or not any(ch.isdigit() for ch in text[:3]):
        return None
    if not text.lstrip("-").isdigit():
        text = _THOUSANDS.sub("", text)
    if _INTEGER.fullmatch(text) is None or len(text.lstrip("-")) <= EXACT_DIGITS:
        return None
    return int(text)
