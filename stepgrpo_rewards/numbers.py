"""Reading an answer's numeric value, and deciding when two values are equal.

`answers_equivalent` compares most answers by value. This module holds that part of
the verifier, apart from the text logic around it (options, yes/no, hedges): what value
an answer holds (`values`: an assignment stripped, a scale multiplied in, a percent
read both ways; `single_number`: the one number of a short sentence; `plain_value`:
the fast path's plain decimal), and when two values are the same (`close`,
`numbers_equal`). Comparison is where a verifier is most easily too generous, so the
rule lives in one place: integers compare exactly; against an integer, a non-integer
is equal only within float noise (``70.0000001`` is ``70``, ``1234567.5`` is not
``1234568``); other values within the relative tolerance, with no absolute floor
(``1e-10`` is not ``0``).

A double cannot hold every value an answer writes: ``1e-330`` underflows to ``0``,
``1e400`` overflows, and beyond 2^53 neighbouring integers round together. Where the
double lost the value, `values` takes the exact rational the bounded parser built
(digits, exponents and bits bounded there) as a `fractions.Fraction`, and `close`
compares it exactly: ``1e-400`` is not ``0``, ``1e-330`` is not ``2e-330``.

Examples:
    >>> from stepgrpo_rewards.config import DEFAULT_CONFIG
    >>> close(1234567.0, 1234568.0, DEFAULT_CONFIG), close(70.0000001, 70.0, DEFAULT_CONFIG)
    (False, True)
    >>> close(1234567.5, 1234568.0, DEFAULT_CONFIG), values("1e-400", DEFAULT_CONFIG)[0] == 0
    (False, False)
    >>> single_number("So the total is 1,200 apples")
    [1200.0]
"""

from __future__ import annotations

import re
import sys
from fractions import Fraction
from typing import TypeAlias

from .config import RewardConfig
from .mathtext import expr as mathexpr
from .mathtext import scale as mathscale
from .mathtext.symbols import MINUS_AS_HYPHEN
from .numwords import word_numbers

#: A value read from an answer: a double, or the exact rational where a double loses it.
Value: TypeAlias = float | Fraction

__all__ = ["close", "numbers_equal", "percent_readings", "plain_value", "single_number", "values"]

_MINUS_CLASS = "[-" + re.escape(MINUS_AS_HYPHEN) + "]"
_TO_HYPHEN = str.maketrans(dict.fromkeys(MINUS_AS_HYPHEN, "-"))
_NUMBER = re.compile(r"(?:(?<![\w)\]}.])" + _MINUS_CLASS + r"\s*)?\d+(?:,\d{3})*(?:\.\d+)?(?:\s*(?:%|\\%|percent))?")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile("[0-9]")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# A plain decimal, optionally followed by a degree sign in a spelling `mathexpr` drops.
_PLAIN_NUMBER = re.compile(r"(-?[0-9.]{1,61})(?:°|\^\\circ|\^\{\\circ\})?")


def values(text: str, config: RewardConfig) -> list[Value] | None:
    """Candidate numeric values of an answer (a percent gives both readings)."""
    body = mathexpr.strip_assignment(text)
    if len(body) > config.max_math_chars:
        return None
    scaled = mathscale.scaled_number(body)
    if scaled is not None:
        return [scaled]  # "12 million" is 12000000, never 12
    value = exact_where_lost(body, mathexpr.parse_number(body))
    if value is None:
        return None
    if mathexpr.has_percent(body):
        return percent_readings(value)
    return [value]


#: Integers up to this size are exact as floats, and compared exactly.
_EXACT_INTEGERS = 2.0**53
_NONZERO_DIGIT = re.compile("[1-9]")


def exact_where_lost(text: str, value: float | None) -> Value | None:
    """*value*, the double `mathexpr.parse_number` read from *text*, or the exact
    rational of *text* where the double lost it: no value (an overflow, ``1e400``),
    zero or a subnormal from a text with a nonzero digit (an underflow, ``1e-330``),
    or a magnitude beyond 2^53 (``2^{60} + 1``). `mathexpr.parse_math` builds that
    rational exactly, bounded in digits, exponent and bits, and caches it."""
    lost = value is None or abs(value) >= _EXACT_INTEGERS or (
        abs(value) < sys.float_info.min and _NONZERO_DIGIT.search(text) is not None)
    if not lost or not _DIGIT.search(text):
        return value
    expr = mathexpr.parse_math(text)
    if expr is None or not expr.is_Rational:
        return value
    return Fraction(int(expr.p), int(expr.q))


def percent_readings(value: Value) -> list[Value]:
    """The values of a percentage whose value (a hundredth) is *value*: that value, and
    the number written, as a gold may omit the sign ("50%" for a gold 50), unless the
    number is below 1, where the gold would be the proportion: "0.5%" is never 0.5."""
    written = value * 100
    return [value, written] if written >= 1 or written <= -1 else [value]


def plain_value(text: str) -> float | None:
    """The value of a cleaned answer that is a plain decimal, optionally with a degree
    sign (``70``, ``-2.5``, ``70°``, ``70^\\circ``), else ``None``.

    For such text `values` gives ``[value]``: no ``=`` to strip, no percent, and
    `mathexpr.parse_number` drops the degree sign and reads the literal, which is what
    `mathexpr.parse_decimal` reads exactly."""
    m = _PLAIN_NUMBER.fullmatch(text)
    if m is None or len(m.group(1)) > mathscale.EXACT_DIGITS:
        return None  # a long integer is compared exactly (`_plain_equivalent`)
    return mathexpr.parse_decimal(m.group(1))


def _is_integer(value: Value) -> bool:
    """Whether *value* is an integer known exactly: a rational with denominator 1, or
    a double below 2^53 (above it a double may be a rounded non-integer)."""
    if isinstance(value, Fraction):
        return value.denominator == 1
    return value.is_integer() and abs(value) < _EXACT_INTEGERS


def close(a: Value, b: Value, config: RewardConfig) -> bool:
    """Equal values: integers exactly (``1234567`` is not ``1234568``); an integer and a
    non-integer within the relative tolerance and within float noise, at most
    ``numeric_rel_tol`` apart (``70.0000001`` is ``70``; ``1234567.5``, ``999999.9``
    are not ``1234568``, ``1000000``); other values within the relative tolerance,
    with no absolute floor (``1e-10`` is not ``0``). Exact where either is a
    `Fraction`; infinities and NaN equal nothing."""
    if a == b:
        return a - b == 0  # (inf == inf, but inf - inf is NaN)
    a_integer, b_integer = _is_integer(a), _is_integer(b)
    if a_integer and b_integer:
        return False
    one_integer = a_integer or b_integer
    if isinstance(a, Fraction) or isinstance(b, Fraction):
        if not all(isinstance(v, Fraction) or v - v == 0 for v in (a, b)):
            return False  # an infinity or NaN beside an exact value
        exact_a, exact_b, tolerance = Fraction(a), Fraction(b), Fraction(config.numeric_rel_tol)
        difference = abs(exact_a - exact_b)
        return difference <= tolerance * max(abs(exact_a), abs(exact_b)) and (not one_integer or difference <= tolerance)
    gap = abs(a - b)
    return gap <= config.numeric_rel_tol * max(abs(a), abs(b)) and (not one_integer or gap <= config.numeric_rel_tol)


# A decimal as written: the digits after its point show its precision.
_DECIMAL_TEXT = re.compile(r"[-+]?[0-9]{0,300}\.([0-9]{1,300})")


def beyond_shown_precision(pred: str, gold: str, config: RewardConfig) -> bool:
    """Whether *pred*, a decimal within the tolerance of the decimal *gold*, disagrees
    with the precision the gold shows: written with at least as many decimals, it does
    not round to the gold (``3.1415926`` is not ``3.1415927``, while ``3.14159265``,
    and ``0.5`` for ``0.50``, are). A shorter answer keeps the relative tolerance."""
    g = _DECIMAL_TEXT.fullmatch(gold)
    if g is not None and "=" in pred:
        pred = mathexpr.strip_assignment(pred).strip()  # "x = 3.1415926"
    p = _DECIMAL_TEXT.fullmatch(pred) if g is not None else None
    if g is None or p is None or len(p.group(1)) < len(g.group(1)):
        return False
    places = len(g.group(1))
    off = abs(Fraction(pred) - Fraction(gold)) * 2 * 10**places > 1  # more than half a unit of the last place
    return off and close(float(pred), float(gold), config)


def numbers_equal(pred: list[Value], gold: list[Value], percent_question: bool, config: RewardConfig) -> bool:
    """Whether a value of *pred* equals a value of *gold* (`close`); a question that
    asks for a percentage also lets the gold stand for its percent or its fraction."""
    if percent_question:
        gold = gold + [g * 100 for g in gold] + [g / 100 for g in gold]
    return any(close(p, g, config) for p in pred for g in gold)


def _glued_to_name(text: str, start: int) -> bool:
    """Whether the number at *start* follows a name's letters with nothing between
    (``K2``), not a LaTeX command's (``\\approx11``)."""
    i = start
    while i > 0 and text[i - 1] in _ASCII_LETTERS:
        i -= 1
    return i < start and text[i - 1 : i] != "\\"


def _operand(text: str, start: int) -> bool:
    """Whether the number at *start* is an operand of math before it
    (`mathscale.operand_before`); a character test first, as most numbers follow a
    space or nothing."""
    before = text[max(0, start - 60) : start].rstrip(" \t")
    return bool(before) and (before[-1] in "{([^/×÷·⋅" or before[-1].isalpha()) and mathscale.operand_before(before)


# An arithmetic operator, in ASCII, Unicode or LaTeX.
_ARITHMETIC = r"(?:[-+*/×÷·⋅−]|\\(?:cdot|times|div|pm|mp|ast)(?![A-Za-z]))"
# A symbol: one letter standing alone (``x``, ``C``, ``e``), or a LaTeX command (a Greek
# letter, ``\\sin``, ``\\sqrt``), or a group or bracket opening; or a digit.
_SYMBOL_START = r"(?:\\[A-Za-z]|(?<![A-Za-z])[A-Za-z](?![A-Za-z'’])|[({\[]|\d)"
# LaTeX commands that write a value or a function of one: a number right before one is
# a factor of it ("12\\epsilon", "12 \\sqrt{x}"), not a value alone.
_SYMBOL_COMMANDS = (
    "alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|varpi|rho|"
    "sigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|Sigma|Phi|Psi|Omega|"
    "sqrt|sin|cos|tan|cot|sec|csc|log|ln|exp|sinh|cosh|tanh|arcsin|arccos|arctan|frac|dfrac|tfrac|binom|hbar|ell"
)
# What after a number makes it one operand of arithmetic on a symbol ("12 + x", "12 ⋅ e",
# "12 + \\sin x"): not a dash before words ("12 - the total"), an article ("12 - a
# guess") or a unit's "per" ("12/s").
_OPERATION_AFTER = re.compile(
    r"[ \t]{0,8}(?:(?:[-+*×÷·⋅−]|\\(?:cdot|times|div|pm|mp|ast)(?![A-Za-z]))[ \t]{0,8}(?![aI][ \t])" + _SYMBOL_START
    + r"|/[ \t]{0,8}(?:\\[A-Za-z]|[xyzn](?![A-Za-z])|[({\[]|\d)"
    + r"|[ \t]{0,8}\\(?:" + _SYMBOL_COMMANDS + r")(?![A-Za-z]))"
)
# What before a number makes it an operand ("x + 12", "\\epsilon - 12", "(a+b) \\cdot 12").
_OPERATION_BEFORE = re.compile(
    r"(?:\\[A-Za-z]{1,20}|(?<![A-Za-z\\])[A-Za-z]|[)}\]])[ \t]{0,8}" + _ARITHMETIC + r"[ \t]{0,8}$"
)
# What before a signed number makes its sign a minus of arithmetic ("x -12", "\\pi - 12").
_SUBTRAHEND_BEFORE = re.compile(r"(?:\\(?:pi|e|epsilon|varepsilon|alpha|beta|gamma|theta|lambda|mu|sigma|tau|phi|omega)|(?<![A-Za-z\\])[A-Za-z])[ \t]{0,8}$")


def _in_arithmetic(text: str, match: re.Match[str]) -> bool:
    """Whether the number *match* found is one operand of arithmetic on a symbol: ``12 + x``,
    ``x - 12``, ``12 \\cdot e`` are other values than 12 (a number on each side is two
    numbers, refused by the caller)."""
    if _OPERATION_AFTER.match(text, match.end()):
        return True
    before = text[max(0, match.start() - 30) : match.start()]
    if match.group(0)[0].isdigit():
        return _OPERATION_BEFORE.search(before) is not None
    return _SUBTRAHEND_BEFORE.search(before) is not None


def _same_value(word: int, value: Value) -> bool:
    """Whether a number in words is *value* (to 1e-9 of it, or of 1 below 1)."""
    size = value if value >= 0 else -value
    return abs(word - value) <= (1e-9 * size if size > 1 else 1e-9)


def single_number(text: str) -> list[Value] | None:
    """The one number a short sentence holds, or ``None`` (none, or several: a number
    in words counts, `numwords.word_numbers`, unless it is the same value)."""
    if len(text) > 200:
        return None
    if "$" in text:
        text = text.replace("$", "")  # "$12$ million" is "12 million", "$12$x" is "12x"
    if "∞" in text or "infty" in text or "nfinit" in text:
        return None  # infinity is a value too: "[12, \\infty)" is an interval, no one number
    matches = list(_NUMBER.finditer(text))
    if any(_glued_to_name(text, m.start()) for m in matches):
        return None  # a digit glued to a name ("AZYUK2A", "x2") is part of it, no value
    if any(_operand(text, m.start()) for m in matches):
        return None  # an operand of other math ("x^{12}", "\\overline{12}", "\\log 12"): another value
    if any(_in_arithmetic(text, m) for m in matches):
        return None  # arithmetic on a symbol ("12 + x", "x - 12"): another value
    scale = 1.0
    for m in matches:
        if m.group(0)[-1].isdigit() and mathscale.continues_as_other_value(text, m.end()):
            factor = mathscale.scale_after(text, m.end())
            if factor is None or len(matches) > 1:
                return None  # "12x", "12'", "12^", "12+": another value, or none
            scale = factor  # "12 million", "12k", "12‰": the number times its scale
    found = [m.group(0) for m in matches]
    if any(len(_DIGIT.sub("", f)) < len(f) - mathscale.EXACT_DIGITS for f in found):
        return None  # beyond a double's exact integers: compared exactly elsewhere, or not at all
    numbers = {_SPACES.sub("", f).translate(_TO_HYPHEN).replace(",", "").replace("\\%", "%") for f in found}
    if len(numbers) != 1:
        return None
    only = numbers.pop()
    percent = "%" in only or "percent" in only
    number = mathexpr.parse_number(only.replace("percent", "%"))
    if number is None:
        return None
    readings: list[Value] = percent_readings(number * scale) if percent else [number * scale]
    if not text.isdigit() and (words := word_numbers(text)):
        # a number in words beside it is a second value unless it is the same one:
        # "The answer is fifteen. So 12", "12, rather fifteen"; "12 (twelve)" is one
        written: list[Value] = [*readings, number]
        if any(not any(_same_value(word, value) for value in written) for word in words):
            return None
    return readings
