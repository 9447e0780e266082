"""What stands after a value's unit takes the value back as it would after the bare value.

A unit or a noun between a value and the words after it changes nothing about what those
words say of the value: ``x = 5 cm is wrong``, ``x = 5 cm?``, ``x = 5 cm (not sure)``,
``x = 5 cm, nah``, ``x = 5° at least`` deny, doubt or bound the key ``x = 5`` as ``x = 5
is wrong`` does (`taken_back_past_unit`: the rules of `context.taken_back_after`, read on
the text past one unit word: ``cm``, ``\\text{cm}``, ``cm^2``, ``m/s``, ``°``, ``square
units``). A word that starts another clause ("so", "since", "which", "and", ...) is no
unit: ``x = 5 so maybe y = 6`` keeps its credit.

A correction after the value, bare or past its unit, is read across a line break, a tab
or a non-breaking space and in more words (``x = 5 cm,\\nno wait, 6 cm``, ``x = 5 cm,
hmm wait, 6 cm``, ``x = 5 cm, that's wrong, 6 cm``, ``x = 5, on second thought, 6``); a
word of measure after the corrected number does not hide it (``no wait, 6 cm long``, ``6
long``, ``6 cm instead``), and the corrected number's unit is compared with the first
(`_UNITS`): the same unit spelled otherwise (``6 centimetres``) or another unit of the
same kind giving another quantity (``6 mm`` after ``5 cm``) corrects it; another unit
giving the same quantity restates it (``x = 5 cm, or rather 50 mm``).

Every pattern is anchored and reads the `context.WINDOW` characters after a match;
`context.past_unit_may_matter` is the cheap test the plain paths ask first.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from .context import (
    _CORRECTION_MARK,
    _MARK,
    _SP,
    _T,
    _TEXT_CMD_OPEN,
    NOT_A_UNIT,
    fold_homoglyphs,
    taken_back_after,
)

# Whitespace the patterns of `context` read as a space only on one line.
_OTHER_SPACE = re.compile(r"[\n\t\r\u00a0\u2000-\u200a\u202f\u3000]")
# One unit word after a value: a word (a plural aside), a degree sign, a LaTeX text
# command around it, a power or a rate ("cm^2", "cm²", "m/s"), "square"/"cubic" and a
# second word.
_UNIT_AHEAD = re.compile(
    rf"{_T}*+{_MARK}{_TEXT_CMD_OPEN}(?P<u>[°\x06]|\^\{{?\\circ\}}?|\\circ|(?:(?:square|sq|cubic|cu)[ ]+)?[a-z]{{1,20}}+)"
    rf"(?:[/^][a-z0-9{{}}]{{1,6}}+|[²³])?(?:[ ]*\}})?{_MARK}\$?")
# Words that correct what came before, one to three of them ("no wait", "hmm wait", "that's
# wrong", "on second thought", "my mistake"), each with the marks after it.
_CORRECTING_WORD = (
    r"(?:no|nope|nah|wait|hold[ ]+on|hang[ ]+on|actually|i[ ]+mean|i[ ]+meant|scratch[ ]+that|strike[ ]+that"
    r"|correction|correcting|sorry|oops|whoops|err|erm|er|um+|uh|hmm+|hm+|oh|ah|ugh|make[ ]+(?:that|it)|rather"
    r"|or[ ]+rather|better|(?:let[ ]+me[ ]+)?correct(?:ing|ion)?(?:[ ]+(?:it|that|this))?|let[ ]+me[ ]+fix[ ]+(?:it|that|this)"
    r"|(?:that|this|it)(?:['’]?s|[ ]+is|[ ]+was)[ ]+(?:wrong|incorrect|not[ ]+right)|wrong|my[ ]+(?:mistake|bad|error)"
    r"|i[ ]+was[ ]+wrong|i[ ]+made[ ]+(?:a[ ]+mistake|an[ ]+error)|on[ ]+second[ ]+thoughts?|never[ ]*mind"
    r"|ignore[ ]+(?:that|this)|disregard[ ]+(?:that|this)|in[ ]+fact|nein|non|attends|en[ ]+fait|espera|warte"
    r"|等等|不对|其实|更正)(?![a-z])")
_CORRECTION_WORDS = (rf"(?:{_MARK}{_CORRECTING_WORD}{_MARK}[ ]*(?:[,:;.!\u2014\u2013→，；：-]|->|\.\.\.|…)*[ ]*){{1,3}}"
                     r"(?:(?:it['’]?s|it[ ]+is|it[ ]+should[ ]+be|should[ ]+be|make[ ]+(?:it|that)|i[ ]+meant?)[ ]*[,:]?[ ]*)?")
# Words of measure after a corrected number that leave it the corrected value ("6 cm
# long", "6 long", "6 cm instead").
_MEASURE = (r"(?:long|wide|tall|high|deep|thick|across|big|large|heavy|away|apart|exactly|precisely|instead|total"
            r"|in[ ]+(?:length|width|height|depth|total|all|diameter)|each|apiece|altogether|overall|now|really"
            r"|actually|indeed|for[ ]+sure|then)(?![a-z])")
_CORRECTED = re.compile(
    rf"{_T}*{_MARK}(?:{_CORRECTION_MARK}|[(（]){_SP}*{_CORRECTION_WORDS}\$?(?P<n>[-−]?[0-9]+(?:\.[0-9]+)?)(?![0-9]|\.[0-9])"
    rf"(?:{_SP}*(?:(?:text|mathrm|textrm|mbox)(?=[a-z])|{_TEXT_CMD_OPEN})(?!{_MEASURE})"
    rf"(?P<u>[°\x06]|\^\{{?\\circ\}}?|\\circ|[a-z]{{1,20}}+)(?:[/^][a-z0-9{{}}]{{1,6}}+|[²³])?"
    rf"(?:[ ]*\}})?)?(?:[ ]+{_MEASURE}){{0,2}}{_MARK}\$?[ ]*(?:$|[.,;!)\]。，；！])")

_BOUND_PAST = re.compile(r"[ ]*(?:\+|±|\\pm(?![a-z]))")
_COMPARED = re.compile(r"[ ]*,?[ ]*or[ ]+(?:more|less|fewer|greater|higher|lower|bigger|smaller)[ ]+than(?![a-z])")

# Units of the same kind, by their value in a base unit (a plural "s" or "es" aside).
_UNIT_TABLE = {
    "length": {"mm": 0.001, "millimeter": 0.001, "millimetre": 0.001, "cm": 0.01, "centimeter": 0.01,
               "centimetre": 0.01, "dm": 0.1, "decimeter": 0.1, "decimetre": 0.1, "m": 1.0, "meter": 1.0,
               "metre": 1.0, "km": 1000.0, "kilometer": 1000.0, "kilometre": 1000.0, "in": 0.0254, "inch": 0.0254,
               "ft": 0.3048, "foot": 0.3048, "feet": 0.3048, "yd": 0.9144, "yard": 0.9144, "mi": 1609.344,
               "mile": 1609.344},
    "mass": {"mg": 0.001, "milligram": 0.001, "g": 1.0, "gram": 1.0, "gramme": 1.0, "kg": 1000.0,
             "kilogram": 1000.0, "kilo": 1000.0, "lb": 453.59237, "pound": 453.59237, "oz": 28.349523125,
             "ounce": 28.349523125},
    "time": {"ms": 0.001, "millisecond": 0.001, "s": 1.0, "sec": 1.0, "second": 1.0, "min": 60.0, "minute": 60.0,
             "h": 3600.0, "hr": 3600.0, "hour": 3600.0, "day": 86400.0},
    "angle": {"°": 1.0, "\x06": 1.0, "^\\circ": 1.0, "^{\\circ}": 1.0, "\\circ": 1.0, "deg": 1.0, "degree": 1.0},
    "volume": {"ml": 0.001, "milliliter": 0.001, "millilitre": 0.001, "l": 1.0, "liter": 1.0, "litre": 1.0},
}
_UNITS = {name: (kind, factor) for kind, names in _UNIT_TABLE.items() for name, factor in names.items()}


def _unit(word: str) -> tuple[str, float] | None:
    """The kind and factor of a unit *word*, plural or not; ``None`` for another word."""
    for stem in (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else ""):
        if stem in _UNITS:
            return _UNITS[stem]
    return None


def _same_word(a: str, b: str) -> bool:
    """Whether two words are one, a plural "s" or "es" aside ("apple", "apples")."""
    return a == b or a.rstrip("s") == b.rstrip("s") or a.removesuffix("es") == b.removesuffix("es")


def _correction_stands(m: re.Match[str], unit: str | None, value: float | None) -> bool:
    """Whether the correction *m* (its number, and its unit if any) gives another value
    than *value* (in *unit*, the first value's unit, if any), not the same quantity
    restated."""
    number = float(m.group("n").replace("−", "-"))
    second = m.group("u")
    if second is None or unit is None or _same_word(second, unit):
        return value is None or number != value
    first_unit, second_unit = _unit(unit), _unit(second)
    if first_unit is None or second_unit is None or first_unit[0] != second_unit[0]:
        return False  # another word: another thing, or the value restated ("5 cm, or rather 50 mm")
    if value is None:
        return True
    return not math.isclose(number * second_unit[1], value * first_unit[1], rel_tol=1e-9)


@lru_cache(maxsize=4096)
def taken_back_past_unit(window: str, value: float | None) -> bool:
    """Whether *window*, right after a match whose value is *value*, takes the value back
    past a unit (see the module's docstring), or corrects it in the words read here."""
    if window.lstrip(" \t\u00a0$}")[:1] == "\n":
        return False  # (the line ends with the value: what the next one says is read as a later step's)
    if _OTHER_SPACE.search(window) is not None:
        window = _OTHER_SPACE.sub(" ", window)
    unit_m = _UNIT_AHEAD.match(window)
    unit = None
    if unit_m is not None:
        unit = unit_m.group("u").split()[-1]
        if unit in NOT_A_UNIT:
            unit_m, unit = None, None
    # a correction, right after the value or past its unit
    for pos in (0,) if unit_m is None else (0, unit_m.end()):
        m = _CORRECTED.match(window, pos)
        if m is None and not window.isascii():
            folded = fold_homoglyphs(window)
            m = None if folded is window else _CORRECTED.match(folded, pos)
        if m is not None:
            return _correction_stands(m, unit if pos else None, value)
    if unit_m is None:
        return False
    rest = window[unit_m.end() :]
    if _COMPARED.match(rest) is not None:
        return False  # ("5 apples or more than 4": compared with another number, no bound on this one)
    if _BOUND_PAST.match(rest) is not None:
        return True  # ("x = 5 cm+", "x = 5 cm ± 1": a bound, or an operand, as after the bare value)
    unmarked = " " + rest.lstrip(" *_`") if rest[:3].strip(" ")[:1] in ("*", "_", "`") else rest
    return taken_back_after(unmarked) or taken_back_after(fold_homoglyphs(unmarked))
