"""Reading an answer's numeric value, and deciding when two values are equal.

`answers_equivalent` compares most answers by value. This module holds that part of
the verifier, apart from the text logic around it (options, yes/no, hedges): what value
an answer holds (`values`: an assignment stripped, a scale multiplied in, a percent
read both ways; `single_number`: the one number of a short sentence; `plain_value`:
the fast path's plain decimal), and when two values are the same (`close`,
`numbers_equal`). Comparison is where a verifier is most easily too generous, so the
rule lives in one place: integers compare exactly, other values within the relative
tolerance, with no absolute floor (``1e-10`` is not ``0``).

Examples:
    >>> from stepgrpo_rewards.config import DEFAULT_CONFIG
    >>> close(1234567.0, 1234568.0, DEFAULT_CONFIG), close(70.0000001, 70.0, DEFAULT_CONFIG)
    (False, True)
    >>> single_number("So the total is 1,200 apples")
    [1200.0]
"""

from __future__ import annotations

import re

from .config import RewardConfig
from .mathtext import expr as mathexpr
from .mathtext import scale as mathscale

__all__ = ["close", "numbers_equal", "percent_readings", "plain_value", "single_number", "values"]

_NUMBER = re.compile(r"(?:(?<![\w)\]}.])[-−–]\s*)?\d+(?:,\d{3})*(?:\.\d+)?(?:\s*(?:%|\\%|percent))?")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile("[0-9]")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# A plain decimal, optionally followed by a degree sign in a spelling `mathexpr` drops.
_PLAIN_NUMBER = re.compile(r"(-?[0-9.]{1,61})(?:°|\^\\circ|\^\{\\circ\})?")


def values(text: str, config: RewardConfig) -> list[float] | None:
    """Candidate numeric values of an answer (a percent gives both readings)."""
    body = mathexpr.strip_assignment(text)
    if len(body) > config.max_math_chars:
        return None
    scaled = mathscale.scaled_number(body)
    if scaled is not None:
        return [scaled]  # "12 million" is 12000000, never 12
    value = mathexpr.parse_number(body)
    if value is None:
        return None
    if mathexpr.has_percent(body):
        return percent_readings(value)
    return [value]


def percent_readings(value: float) -> list[float]:
    """The values of a percentage whose value (a hundredth) is *value*: that value, and
    the number written, as a gold may omit the sign ("50%" for a gold 50), unless the
    number is below 1, where the gold would be the proportion: "0.5%" is never 0.5."""
    written = value * 100
    return [value, written] if abs(written) >= 1 else [value]


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


#: Integers up to this size are exact as floats, and compared exactly.
_EXACT_INTEGERS = 2.0**53


def close(a: float, b: float, config: RewardConfig) -> bool:
    """Equal values: integers exactly (``1234567`` is not ``1234568``), other values
    within the relative tolerance, with no absolute floor (``1e-10`` is not ``0``)."""
    if a == b:
        return True
    if a.is_integer() and b.is_integer() and max(abs(a), abs(b)) < _EXACT_INTEGERS:
        return False
    return abs(a - b) <= config.numeric_rel_tol * max(abs(a), abs(b))


def numbers_equal(pred: list[float], gold: list[float], percent_question: bool, config: RewardConfig) -> bool:
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


def single_number(text: str) -> list[float] | None:
    """The one number a short sentence holds, or ``None`` (none, or several)."""
    if len(text) > 200:
        return None
    if "$" in text:
        text = text.replace("$", "")  # "$12$ million" is "12 million", "$12$x" is "12x"
    matches = list(_NUMBER.finditer(text))
    if any(_glued_to_name(text, m.start()) for m in matches):
        return None  # a digit glued to a name ("AZYUK2A", "x2") is part of it, no value
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
    numbers = {_SPACES.sub("", f).replace("−", "-").replace("–", "-").replace(",", "").replace("\\%", "%") for f in found}
    if len(numbers) != 1:
        return None
    only = numbers.pop()
    percent = "%" in only or "percent" in only
    number = mathexpr.parse_number(only.replace("percent", "%"))
    if number is None:
        return None
    number *= scale
    return percent_readings(number) if percent else [number]
