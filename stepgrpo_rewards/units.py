"""Units of measure in answers: when both sides carry one, they must agree.

A policy rewarded for the right number learns that the unit around it is free: ``12
m`` for a gold ``12 cm``, ``3 apples`` for ``3 oranges``. This module reads the unit of
each side and compares: units of one dimension convert (``100 cm`` is ``1 m``), other
dimensions and other nouns differ. A unit on one side only is not checked (``12`` is
right for a gold ``12 cm``): `units_verdict` says ``None`` and the value decides.

Examples:
    >>> from stepgrpo_rewards.config import DEFAULT_CONFIG
    >>> units_verdict("100 cm", "1 m", DEFAULT_CONFIG), units_verdict("12 m", "12 cm", DEFAULT_CONFIG)
    (True, False)
    >>> units_verdict("12", "12 cm", DEFAULT_CONFIG) is None
    True
"""

from __future__ import annotations

import re

from .config import RewardConfig
from .mathtext import expr as mathexpr
from .numbers import close

__all__ = ["units_verdict"]


def _unit_table() -> dict[str, tuple[str, float]]:
    """Unit spellings (lower case) to their dimension and their size in the base unit."""
    sizes: dict[str, dict[tuple[str, ...], float]] = {
        "length": {("mm", "millimeter", "millimetre"): 1e-3, ("cm", "centimeter", "centimetre"): 1e-2,
                   ("dm", "decimeter", "decimetre"): 0.1, ("m", "meter", "metre"): 1.0,
                   ("km", "kilometer", "kilometre"): 1e3, ("in", "inch", "inche"): 0.0254,
                   ("ft", "foot", "feet"): 0.3048, ("yd", "yard"): 0.9144, ("mi", "mile"): 1609.344},
        "mass": {("mg", "milligram"): 1e-3, ("g", "gram"): 1.0, ("kg", "kilogram"): 1e3,
                 ("lb", "lbs", "pound"): 453.59237, ("oz", "ounce"): 28.349523125},
        "time": {("ms", "millisecond"): 1e-3, ("s", "sec", "secs", "second"): 1.0,
                 ("min", "mins", "minute"): 60.0, ("h", "hr", "hrs", "hour"): 3600.0,
                 ("day",): 86400.0, ("week",): 604800.0},
        "volume": {("ml", "milliliter", "millilitre"): 1e-3, ("cl",): 1e-2, ("dl",): 0.1,
                   ("l", "liter", "litre"): 1.0},
        "angle": {("deg", "degree"): 1.0},
    }
    return {name: (dim, size) for dim, table in sizes.items() for names, size in table.items() for name in names}


_UNITS = _unit_table()
_UNIT_PART = re.compile(r"([A-Za-z]+)\.?(?:\s*\^\s*\{?(-?\d)\}?)?")
_UNIT_POWER_WORDS = {"square": 2, "sq": 2, "cubic": 3, "cu": 3}


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _noun(unit: str) -> list[str]:
    """The words of a unit that is no known unit, singular, without "square"."""
    return [_singular(w) for w in unit.split() if w.lower() not in _UNIT_POWER_WORDS]


def _unit_of(unit: str) -> tuple[tuple[tuple[str, int], ...], float] | None:
    """A unit's dimensions (``(("length", 2),)`` for ``cm^2``) and its size in base
    units, or ``None`` when a word of it is no known unit (a noun: ``apples``)."""
    dims: dict[str, int] = {}
    size = 1.0
    sign = 1
    power = 1
    for piece in re.split(r"(/|\s+per\s+)", unit):
        if piece == "/" or piece.strip() == "per":
            sign = -1
            continue
        for m in _UNIT_PART.finditer(piece):
            word = m.group(1)
            if word.lower() in _UNIT_POWER_WORDS:
                power = _UNIT_POWER_WORDS[word.lower()]
                continue
            known = _UNITS.get(word if word in ("mL",) else word.lower()) or _UNITS.get(_singular(word))
            if known is None:
                return None
            exp = sign * power * int(m.group(2) or 1)
            power = 1
            dims[known[0]] = dims.get(known[0], 0) + exp
            size *= known[1] ** exp
    return tuple(sorted((d, e) for d, e in dims.items() if e)), size


_NUMBER_THEN_UNIT = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?\s*(?:\\text\s*\{[^{}]*\}|[A-Za-z][A-Za-z^{}0-9²³/ ]*)")


def _with_unit(text: str) -> tuple[str, str] | None:
    """*text* as ``(number, unit)`` when it is one, or a short sentence holding one."""
    split = mathexpr.split_number_unit(mathexpr.strip_assignment(text))
    if split is None and len(text) <= 200:
        found = _NUMBER_THEN_UNIT.findall(text)
        if len(found) == 1:
            split = mathexpr.split_number_unit(found[0].strip())
    return split if split is not None and split[1] else None


def units_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    """When both answers are a number with a unit: whether they agree, converting
    between units of one dimension (``100 cm`` is ``1 m``); other dimensions differ
    (``12 cm^2`` is not ``12 cm``), and so do different nouns (``3 apples`` is not ``3
    oranges``). ``None`` when a side has no unit (then the unit is not checked)."""
    a, b = _with_unit(pred), _with_unit(gold)
    if a is None or b is None:
        return None
    ua, ub = _unit_of(a[1].replace("{", "").replace("}", "")), _unit_of(b[1].replace("{", "").replace("}", ""))
    if ua is None or ub is None:  # a noun: the same noun, or another answer
        return None if _noun(a[1]) == _noun(b[1]) else False
    if ua[0] != ub[0]:
        return False
    va, vb = mathexpr.parse_number(a[0]), mathexpr.parse_number(b[0])
    if va is None or vb is None:
        return None
    return close(va * ua[1], vb * ub[1], config) or (ua[1] == ub[1] and close(va, vb, config))
