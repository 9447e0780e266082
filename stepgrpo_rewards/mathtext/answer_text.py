"""The surface of a final answer: its spelling, unit, assignment, percent and degrees.

Before the parser sees an answer, `_normalize` spells it in the plain subset the
tokenizer reads: LaTeX wrappers (``$...$``, ``\\boxed{}``, ``\\text{}``, ``\\left``)
gone, LaTeX and Unicode operators made ASCII, superscripts and vulgar fractions
written out. The same text-level questions a verifier asks of an answer live here
too, apart from any parsing: is it a number with a unit (`split_number_unit`), does
it start with ``name =`` (`strip_assignment`), does it say percent or degrees
(`has_percent`, `has_degree`). All regular expressions, no sympy: bounded by the
length of the text. Public names are re-exported by `stepgrpo_rewards.mathtext.expr`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .boxed import BOX_OPEN, box_end
from .symbols import FROM_SUPERSCRIPT, MINUS_AS_HYPHEN, SUPERSCRIPT_DIGITS

# --------------------------------------------------------------------------- text


def _table_re(table: Mapping[str, str]) -> re.Pattern[str]:
    keys = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


# fmt: off
_SIMPLE: dict[str, str] = {
    "\\left.": "", "\\right.": "", "\\left": "", "\\right": "",
    "\\bigl": "", "\\bigr": "", "\\Bigl": "", "\\Bigr": "", "\\biggl": "", "\\biggr": "",
    "\\big": "", "\\Big": "", "\\bigg": "", "\\Bigg": "",
    "\\displaystyle": "", "\\textstyle": "",
    "\\dfrac": "\\frac", "\\tfrac": "\\frac", "\\cfrac": "\\frac",
    "\\,": " ", "\\;": " ", "\\:": " ", "\\!": "", "\\ ": " ", "\\quad": " ", "\\qquad": " ",
    "~": " ", "$": "", "\\(": "", "\\)": "", "\\[": "", "\\]": "",
    "\\{": "(", "\\}": ")", "\\lbrace": "(", "\\rbrace": ")", "{,}": ",",
    "\\%": "%", "\\times": "*", "\\cdot": "*", "\\ast": "*", "\\div": "/",
    "\\lvert": "|", "\\rvert": "|", "\\vert": "|", "\\mid": "|",
    **dict.fromkeys(MINUS_AS_HYPHEN, "-"), "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u2217": "*",
    "\u00f7": "/", "\u2044": "/", "\u03c0": "\\pi ", "**": "^",
}
# fmt: on
_SIMPLE_RE = _table_re(_SIMPLE)
_THIN_THOUSANDS_RE = re.compile(r"(?<=\d)\\,(?=\d{3}(?!\d))")
_EULER_RE = re.compile(r"\\(?:mathrm|text|rm|mathit)\s*\{\s*e\s*\}")
_TEXT_RE = re.compile(
    r"\\(?:text|textrm|textnormal|textup|textit|textbf|mathrm|mathit|mathbf|mathsf|mbox|"
    r"operatorname|rm)\s*\{([^{}]*)\}"
)
_DEGREE_RE = re.compile(
    r"(?:\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ|\u00b0|\\degree)(?:\s*[CF](?![A-Za-z]))?"
)
_PERCENT_WORD_RE = re.compile(r"\s*(?<![A-Za-z])(?:per\s?cent|pct)(?![A-Za-z])", re.IGNORECASE)
_SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# fmt: off
_VULGAR: dict[str, str] = {
    "\u00bd": "1/2", "\u2153": "1/3", "\u2154": "2/3", "\u00bc": "1/4", "\u00be": "3/4",
    "\u2155": "1/5", "\u2156": "2/5", "\u2157": "3/5", "\u2158": "4/5", "\u2159": "1/6",
    "\u215a": "5/6", "\u2150": "1/7", "\u215b": "1/8", "\u215c": "3/8", "\u215d": "5/8",
    "\u215e": "7/8", "\u2151": "1/9", "\u2152": "1/10",
}
# fmt: on
_VULGAR_RE = re.compile(f"(\\d*)\\s*([{''.join(_VULGAR)}])")
_SPACES_RE = re.compile(r"\s+")
_BOXED_RE = re.compile(r"\s*" + BOX_OPEN.pattern)

_PERCENT_RE = re.compile(r"%|(?<![A-Za-z])(?:per\s?cent(?:age)?|pct)(?![A-Za-z])", re.IGNORECASE)
_HAS_DEGREE_RE = re.compile(
    r"\u00b0|\\circ|\\degree|(?<![A-Za-z])deg(?:ree)?s?(?![A-Za-z])", re.IGNORECASE
)


def _sub_vulgar(m: re.Match[str]) -> str:
    frac = _VULGAR[m.group(2)]
    return f"({m.group(1)}+{frac})" if m.group(1) else f"({frac})"


def _sub_superscript(m: re.Match[str]) -> str:
    return "^{" + m.group(0).translate(FROM_SUPERSCRIPT) + "}"


def _unbox(s: str) -> str:
    """Unwrap a ``\\boxed{...}`` spanning the whole answer; elsewhere keep its braces."""
    for _ in range(4):
        m = _BOXED_RE.match(s)
        if m is None:
            break
        start = m.end()
        end = box_end(s, start, len(s))
        if end == -1:
            break
        if s[end + 1 :].strip(" ."):
            break
        s = s[start:end]
    return s.replace("\\boxed", "").replace("\\fbox", "")


def _normalize(text: str) -> str:
    """Spell *text* in the plain subset the tokenizer reads (wrappers gone, ASCII ops)."""
    s = text
    if "\\" in s:
        s = _THIN_THOUSANDS_RE.sub(",", s)
        s = _EULER_RE.sub("\u212f", s)
        s = _TEXT_RE.sub(r" \1 ", s)
    s = _SIMPLE_RE.sub(lambda m: _SIMPLE[m.group(0)], s)
    if "\\boxed" in s or "\\fbox" in s:
        s = _unbox(s)
    s = _DEGREE_RE.sub("", s)
    if not s.isascii():
        s = _SUPERSCRIPT_RE.sub(_sub_superscript, s)
        s = _VULGAR_RE.sub(_sub_vulgar, s)
    if "ercent" in s or "ERCENT" in s or "pct" in s or "PCT" in s or "er cent" in s:
        s = _PERCENT_WORD_RE.sub("%", s)
    s = _SPACES_RE.sub(" ", s).strip()
    if s.endswith("."):
        s = s[:-1].rstrip()
    return s


# --------------------------------------------------------------------------- units

_FUNCTION_WORDS = frozenset(
    "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh log ln exp sqrt".split()
)
#: Unit words of one letter, accepted only after a space (``5 m``), case-sensitive.
_SINGLE_UNITS = frozenset("m s g h L N J W V K A".split())
#: Short unit words (compared lower-cased); unknown words of 4+ letters are units too.
_SHORT_UNITS = frozenset(
    "cm mm km nm um dm kg mg ml cl dl ft in yd mi oz lb lbs hr hrs min sec mph kph kmh "
    "pa kpa hz khz mhz kw kj kn mw cal rad deg sq cu day yr yrs mol ton cup pt qt gal "
    "usd eur cny rmb sec ms ns".split()
)
_UNIT_WORD = r"[A-Za-z\u00b5\u03bc\u03a9]+\.?(?:\s*\^\s*\{?-?\d\}?)?"
_NUMBER_UNIT_RE = re.compile(
    r"(?P<num>(?:[\d.,+\-*/^()\[\]{} %]|\\(?:frac|sqrt|pi)(?![A-Za-z]))+?)"
    rf"(?P<sep>\s*)(?P<unit>{_UNIT_WORD}(?:\s*[/*\s]\s*{_UNIT_WORD})*)"
)
_UNIT_SPACE_RE = re.compile(r"\s*([\^/*])\s*")
_UNIT_SPLIT_RE = re.compile(r"[A-Za-z\u00b5\u03bc\u03a9]+")


def _split_unit(s: str) -> tuple[str, str] | None:
    m = _NUMBER_UNIT_RE.fullmatch(s)
    if m is None:
        return None
    num, unit = m.group("num").strip(), m.group("unit")
    if not any(c.isdigit() for c in num):
        return None
    words = _UNIT_SPLIT_RE.findall(unit)
    for i, word in enumerate(words):
        low = word.lower()
        if low in _FUNCTION_WORDS and low != "sec" or low == "pi":
            return None
        if len(word) == 1:
            ok = word in _SINGLE_UNITS and (i > 0 or bool(m.group("sep")))
        elif len(word) <= 3:
            ok = low in _SHORT_UNITS
        else:
            ok = True
        if not ok:
            return None
    return num, _UNIT_SPACE_RE.sub(r"\1", unit.strip())


def split_number_unit(text: str) -> tuple[str, str] | None:
    """Split a number followed by a unit into ``(number, unit)``, else ``None``.

    LaTeX wrappers are unwrapped first (``\\text{ cm}`` reads as `` cm``). A unit is
    a run of words, optionally with powers and ``/``: known short units (``cm``,
    ``kg``, ``m/s``), any word of four or more letters (``apples``), or one of the
    letters ``m s g h L N J W V K A`` after a space. ``2x`` and ``3 xy`` are not
    numbers with units.

    Examples:
        >>> split_number_unit(r"12\\text{ cm}^2")
        ('12', 'cm^2')
        >>> split_number_unit("2x") is None
        True
    """
    if not isinstance(text, str) or len(text) > 1000:
        return None
    return _split_unit(_normalize(text))


_ASSIGN_RE = re.compile(
    r"\s*\$?\s*(?:m\s*)?(?:\\(?:angle|measuredangle|triangle|overline|widehat|overarc|vec|hat)\s*)?"
    r"\{?\s*(?:[A-Za-z]{1,4}|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]{1,4}\}?)?'{0,2}\s*\}?"
    r"(?:\s*\([^()=]{0,20}\))?\s*=(?!=)\s*"
)


def strip_assignment(text: str) -> str:
    """Remove leading ``name =`` parts: ``x = 5`` gives ``5``; anything else is returned as is.

    The name is a short one (up to four letters, a subscript, a LaTeX command such as
    ``\\theta``), optionally after ``\\angle``/``\\overline`` and optionally with an
    argument list (``f(x) = x^2``).

    Examples:
        >>> strip_assignment(r"\\angle ABC = 30^\\circ")
        '30^\\\\circ'
        >>> strip_assignment("AB = 12")
        '12'
    """
    if "=" not in text:
        return text  # the pattern needs one; its adjacent \s* runs are slow on long blanks
    out = text
    for _ in range(3):
        m = _ASSIGN_RE.match(out)
        if m is None or not out[m.end() :].strip():
            break
        out = out[m.end() :]
    return out.strip() if out is not text else text


def has_percent(text: str) -> bool:
    """True when *text* writes a percentage (``%``, ``\\%``, ``percent``, ``pct``).

    Examples:
        >>> has_percent(r"50\\%"), has_percent("0.5")
        (True, False)
    """
    return _PERCENT_RE.search(text) is not None


def has_degree(text: str) -> bool:
    """True when *text* writes an angle in degrees (``°``, ``^\\circ``, ``degrees``).

    Examples:
        >>> has_degree(r"30^{\\circ}"), has_degree("30")
        (True, False)
    """
    return _HAS_DEGREE_RE.search(text) is not None
