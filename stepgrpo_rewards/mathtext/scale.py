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

__all__ = ["SCALE_WORD", "continues_as_other_value", "exact_integer", "operand_before", "scale_after", "scale_run",
           "scaled_number"]

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
    "百": 1e2, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "천": 1e3, "만": 1e4, "억": 1e8,
    "‰": 1e-3, "‱": 1e-4,
    # fractions named by their denominator: "12 thousandths" is 0.012
    "tenth": 1e-1, "hundredth": 1e-2, "thousandth": 1e-3, "millionth": 1e-6, "billionth": 1e-9,
    # other languages: German, French, Italian, Portuguese, Russian (with its case endings),
    # Vietnamese, Indonesian and Malay, Turkish
    "hundert": 1e2, "tausend": 1e3, "millier": 1e3, "mila": 1e3, "milhão": 1e6, "milhões": 1e6, "bilhão": 1e9,
    "bilhões": 1e9, "milione": 1e6,
    "сотня": 1e2, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тыс": 1e3, "миллион": 1e6, "миллиона": 1e6,
    "миллионов": 1e6, "млн": 1e6, "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "млрд": 1e9,
    "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9, "ribu": 1e3, "juta": 1e6, "miliar": 1e9,
    "milyon": 1e6, "milyar": 1e9,
}
#: Capital letters that scale a number glued to them (``12M``, ``3B``, ``5K``);
#: lower case ``m`` is a metre and ``b`` is nothing, so case matters here.
_CAPITAL_SCALES: dict[str, float] = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}
# A scale after a number: a word (a plural too, "millions"), a glued capital, a sign.
# (LaTeX spacing may stand before it, "12\\,k", a few marks at most; a word in another
# script ends at any letter, "12 тысяч".)
SCALE_WORD = re.compile(
    r"(?:[ \t\u00a0~]|\\[,;: ]){0,8}(?:(hundred|thousand|million|billion|trillion|quadrillion|dozen|lakh|lac|crore|bn|mn"
    r"|ppm|ppb|mln|mio|mrd|bln|trn|tsd|tys|mille|millon|millones|millionen|milioni|milliard|milliarde|milliarden"
    r"|miliardi|gross|score|grand|myriad|tenth|hundredth|thousandth|millionth|billionth|hundert|tausend|millier"
    r"|mila|milione|milyon|milyar|ribu|juta|miliar)s?"
    r"(?![A-Za-z])|(k)(?![A-Za-z])|([百千万萬亿億천만억‰‱]))"
    r"|([KMBT])(?![A-Za-z])"
    r"|(?:[ \t\u00a0~]|\\[,;: ]){0,8}(milhão|milhões|bilhão|bilhões|сотня|тысяча|тысячи|тысяч|тыс|миллионов|миллиона|миллион|млн|миллиардов"
    r"|миллиарда|миллиард|млрд|nghìn|ngàn|triệu|tỷ|tỉ)(?!\w)",
    re.IGNORECASE,
)
#: Scale words read in a row at most ("12 hundred thousand" is 1 200 000).
_MAX_SCALES = 3
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


def _one_scale(text: str, end: int) -> tuple[float, int] | None:
    """The factor of the one scale word right after *end*, and where it ends."""
    m = SCALE_WORD.match(text, end)
    if m is None:
        return None
    if m.group(4):
        # a glued capital only ("12M"): "12 M" may be a molar concentration, "12 B" an option
        if m.start(4) == end and m.group(4).isupper():
            return _CAPITAL_SCALES[m.group(4).upper()], m.end()
        return None
    factor = _SCALES.get((m.group(1) or m.group(2) or m.group(3) or m.group(5)).lower())
    return (factor, m.end()) if factor is not None else None


def scale_run(text: str, end: int) -> tuple[float, int] | None:
    """The factor of the scale words right after the number that ends at *end*, several
    multiplied ("hundred thousand"), and where they end; ``None`` when there is none."""
    found = _one_scale(text, end)
    if found is None:
        return None
    factor, end = found
    for _ in range(_MAX_SCALES - 1):
        more = _one_scale(text, end)
        if more is None:
            break
        factor, end = factor * more[0], more[1]
    return factor, end


def scale_after(text: str, end: int) -> float | None:
    """The factor of the scale words right after the number that ends at *end* (``None``
    when there is none)."""
    found = scale_run(text, end)
    return found[0] if found is not None else None


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
    found = scale_run(text, m.end())
    if found is None or text[found[1]:].strip():
        return None
    return float(m.group(0).replace(",", "").translate(_TO_HYPHEN)) * found[0]


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


# LaTeX commands that compute a value from what follows them: a value right after one
# of these is its operand ("\\sqrt{12}", "\\log 12"), not the answer alone. (Not the
# relations, "\\approx 12", nor formatting, "\\mathbf{12}".)
_OPERATORS = frozenset(
    "sqrt frac dfrac tfrac cfrac binom dbinom tbinom overline bar hat vec dot ddot tilde widehat widetilde "
    "overrightarrow overleftarrow overbrace log ln lg exp sin cos tan cot sec csc arcsin arccos arctan "
    "sinh cosh tanh coth arg det gcd lcm times cdot div ast star lfloor lceil sum prod int oint lim limsup liminf "
    "max min sup inf Pr bmod pmod mod".split()
)
# What before a value (a box, a number) makes it an operand: a command right before it,
# or opening its argument ("\\log\\boxed{12}", "\\sqrt{\\boxed{12}}", "\\sqrt[3]{", "\\sin(", "\\sin\\left("),
# a power or an index ("x^{\\boxed{12}}"), a second argument ("\\frac{1}{\\boxed{12}}"),
# a product or a quotient ("2\\times\\boxed{12}", "3/\\boxed{12}").
# (Not "*" or "_" alone: markdown emphasis, "**Answer:** 12"; not any "}{": "\\text{A:}{12}".)
_OPERATION_BEFORE = re.compile(
    r"(?:\\([A-Za-z]{1,20})\s*(?:\[[^\[\]{}]{0,20}\]\s*)?(?:\{|\(|\\left\s*[(\[])?|\^\s*\{?|_\s*\{"
    r"|\\[dtc]?(?:frac|binom)\s*\{[^{}]{0,40}\}\s*\{|[×÷·⋅/])\s*$"
)


def operand_before(head: str) -> bool:
    """Whether *head*, the text right before a value, makes the value an operand of other
    math (`_OPERATION_BEFORE`): ``\\sqrt{12}``, ``x^{12}``, ``\\frac{1}{12}`` hold 12
    and are another value."""
    m = _OPERATION_BEFORE.search(head[-60:])
    return m is not None and (m.group(1) is None or m.group(1) in _OPERATORS)


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
