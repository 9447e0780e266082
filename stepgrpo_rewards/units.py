"""Units of measure in answers: when both sides carry one, they must agree.

A policy rewarded for the right number learns that the unit around it is free: ``12
m`` for a gold ``12 cm``, ``12 rad`` for ``12°``, ``3 apples`` for ``3 oranges``. This
module reads each side as a quantity (`read_quantity`: a value and a unit) and
compares (`units_verdict`):

- units of one dimension convert: ``100 cm`` is ``1 m``, ``π rad`` is ``180°``,
  ``1 L`` is ``1000 cm^3``, ``0°C`` is ``32°F`` (temperatures convert with their
  offsets);
- other dimensions differ (``12 cm^2`` is not ``12 cm``, ``12 rad`` not ``12°``), and
  so do other nouns and adjectives (``3 apples`` is not ``3 oranges``, ``12 square
  units`` not ``12 cubic units``, ``12 red apples`` not ``12 green apples``), other
  currencies (``12 ¢`` is not ``$12``; currencies do not convert), and a percent
  against any other unit (``12%`` is not ``12 cm``);
- a unit on one side only is not checked (``12`` is right for a gold ``12 cm``):
  `units_verdict` says ``None`` and the value decides.

SI prefixes are read in their case, as SI writes them: ``Mm`` is a megametre, ``mm``
a millimetre, ``mA`` a milliampere. A unit spelled in another case that is no unit
in that case (``CM``, ``Cm``, ``KG``, ``Km``, ``MHZ``) reads as the unit it folds to,
the common one where two fold alike (``MHZ`` megahertz, ``MM`` millimetre). Unit
names (``kilometre``, ``Hours``) are read in any case, singular or plural; any other
word is a noun, compared in lower case and in the singular.

Everything is bounded: at most `MAX_CHARS` characters are read, by precompiled
regular expressions without nested quantifiers and one pass over the tokens; the
number is read by the bounded parser of `mathtext.expr`.

Examples:
    >>> from stepgrpo_rewards.config import DEFAULT_CONFIG
    >>> units_verdict("100 cm", "1 m", DEFAULT_CONFIG), units_verdict("12 Mm", "12 mm", DEFAULT_CONFIG)
    (True, False)
    >>> units_verdict("12", "12 cm", DEFAULT_CONFIG) is None
    True
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from .config import RewardConfig
from .mathtext import expr as mathexpr
from .mathtext import scale as mathscale
from .mathtext.symbols import FROM_SUPERSCRIPT, MINUS_AS_HYPHEN, SUPERSCRIPT_DIGITS
from .numbers import Value, close, exact_where_lost

__all__ = ["MAX_CHARS", "Quantity", "may_have_unit", "read_quantity", "units_verdict"]

#: Answers longer than this are not read for a unit.
MAX_CHARS = 200

#: A unit: its dimensions (sorted ``(name, power)`` pairs) and its size in base units.
Dimensions = tuple[tuple[str, int], ...]


# --------------------------------------------------------------------------- the table


#: SI prefixes by symbol and by name.
_PREFIX: dict[str, Fraction] = {
    "T": Fraction(10**12), "G": Fraction(10**9), "M": Fraction(10**6), "k": Fraction(10**3), "h": Fraction(100), "d": Fraction(1, 10),
    "c": Fraction(1, 100), "m": Fraction(1, 10**3), "μ": Fraction(1, 10**6), "u": Fraction(1, 10**6),
    "n": Fraction(1, 10**9), "p": Fraction(1, 10**12)}
_PREFIX_NAME = {"T": "tera", "G": "giga", "M": "mega", "k": "kilo", "h": "hecto", "d": "deci", "c": "centi",
                "m": "milli", "μ": "micro", "u": "micro", "n": "nano", "p": "pico"}

#: SI units: symbol -> (dimensions, size, names, the prefixes it takes).
_SI: dict[str, tuple[Dimensions, Value, tuple[str, ...], str]] = {
    "m": ((("length", 1),), 1, ("metre", "meter"), "kdcmμunpMG"),
    "g": ((("mass", 1),), 1, ("gram", "gramme"), "kmμunp"),
    "s": ((("time", 1),), 1, ("second",), "mμunp"),
    "L": ((("length", 3),), Fraction(1, 1000), ("litre", "liter"), "kdcmμu"),
    "l": ((("length", 3),), Fraction(1, 1000), (), "kdcmμu"),
    "Hz": ((("time", -1),), 1, ("hertz",), "kMGTm"),
    "A": ((("current", 1),), 1, ("ampere", "amp"), "kmμun"),
    "V": ((("voltage", 1),), 1, ("volt",), "kMmμu"),
    "W": ((("power", 1),), 1, ("watt",), "kMGTmμu"),
    "Wh": ((("energy", 1),), 3600, ("watt-hour",), "kMGT"),
    "J": ((("energy", 1),), 1, ("joule",), "kMGm"),
    "eV": ((("energy", 1),), 1.602176634e-19, ("electronvolt",), "kMGT"),
    "cal": ((("energy", 1),), Fraction("4.184"), ("calorie",), "k"),
    "N": ((("force", 1),), 1, ("newton",), "kMm"),
    "Pa": ((("pressure", 1),), 1, ("pascal",), "kMGh"),
    "mol": ((("amount", 1),), 1, ("mole",), "kmμun"),
    "B": ((("information", 1),), 1, ("byte",), "kMGT"),
    "b": ((("information", 1),), Fraction(1, 8), ("bit",), "kMGT"),
    "Ω": ((("resistance", 1),), 1, ("ohm",), "kMm"),
}
#: Lower-cased symbols that fold from two units (milli and mega): the common one.
_MEGA_FOLDS = frozenset({"Hz", "W", "Wh", "J", "eV", "Pa", "B", "Ω", "V", "N"})

#: Other units: spellings (symbols case-sensitive, names in any case) -> (dimensions, size).
_DEGREE = math.pi / 180
_OTHER: dict[tuple[str, ...], tuple[Dimensions, Value]] = {
    ("in", "inch", "inches"): ((("length", 1),), Fraction("0.0254")),
    ("ft", "foot", "feet"): ((("length", 1),), Fraction("0.3048")),
    ("yd", "yard"): ((("length", 1),), Fraction("0.9144")),
    ("mi", "mile"): ((("length", 1),), Fraction("1609.344")),
    ("lb", "lbs", "pound"): ((("mass", 1),), Fraction("453.59237")),
    ("oz", "ounce"): ((("mass", 1),), Fraction("28.349523125")),
    ("t", "tonne", "ton"): ((("mass", 1),), 10**6),
    ("sec", "secs"): ((("time", 1),), 1),
    ("min", "mins", "minute"): ((("time", 1),), 60),
    ("h", "hr", "hrs", "hour"): ((("time", 1),), 3600),
    ("day",): ((("time", 1),), 86400),
    ("wk", "week"): ((("time", 1),), 604800),
    # years and months are calendar units: no fixed number of days
    ("yr", "yrs", "year"): ((("calendar", 1),), 12),
    ("month",): ((("calendar", 1),), 1),
    ("mph",): ((("length", 1), ("time", -1)), Fraction(1609344, 3600000)),
    ("kph", "kmh"): ((("length", 1), ("time", -1)), Fraction(1000, 3600)),
    ("ha", "hectare"): ((("length", 2),), 10**4),
    ("acre",): ((("length", 2),), Fraction("4046.8564224")),
    ("gal", "gallon"): ((("length", 3),), Fraction("0.003785411784")),
    ("cc",): ((("length", 3),), Fraction(1, 10**6)),
    ("%", "percent", "pct", "percentage"): ((("percent", 1),), 1),
    ("bps", "bp"): ((("percent", 1),), Fraction(1, 100)),
    ("°", "deg", "degree"): ((("angle", 1),), _DEGREE),
    ("rad", "radian"): ((("angle", 1),), 1),
    ("°C", "°c", "celsius", "centigrade"): ((("temperature °C", 1),), 1),
    ("°F", "°f", "fahrenheit"): ((("temperature °F", 1),), 1),
    ("K", "°K", "kelvin"): ((("temperature K", 1),), 1),
    ("$", "USD", "dollar", "buck"): ((("currency USD", 1),), 1),
    ("¢", "cent"): ((("currency USD", 1),), Fraction(1, 100)),
    ("€", "EUR", "euro"): ((("currency EUR", 1),), 1),
    ("£", "GBP"): ((("currency GBP", 1),), 1),
    ("¥", "元", "CNY", "RMB", "yuan"): ((("currency CNY", 1),), 1),
    ("JPY", "yen"): ((("currency JPY", 1),), 1),
    ("₹", "INR", "Rs", "rupee"): ((("currency INR", 1),), 1),
    # Chinese units (a number glued to them: "12厘米", "5平方米", "3千克")
    ("米",): ((("length", 1),), 1),
    ("厘米", "公分"): ((("length", 1),), Fraction(1, 100)),
    ("毫米",): ((("length", 1),), Fraction(1, 1000)),
    ("公里",): ((("length", 1),), 1000),
    ("平方米",): ((("length", 2),), 1),
    ("平方厘米",): ((("length", 2),), Fraction(1, 10**4)),
    ("平方公里",): ((("length", 2),), 10**6),
    ("立方米",): ((("length", 3),), 1),
    ("立方厘米",): ((("length", 3),), Fraction(1, 10**6)),
    ("升",): ((("length", 3),), Fraction(1, 1000)),
    ("毫升",): ((("length", 3),), Fraction(1, 10**6)),
    ("克",): ((("mass", 1),), 1),
    ("公斤",): ((("mass", 1),), 1000),
    ("毫克",): ((("mass", 1),), Fraction(1, 1000)),
    ("吨",): ((("mass", 1),), 10**6),
    ("秒",): ((("time", 1),), 1),
    ("分钟",): ((("time", 1),), 60),
    ("小时",): ((("time", 1),), 3600),
    ("天",): ((("time", 1),), 86400),
    ("年",): ((("calendar", 1),), 12),
    ("个月",): ((("calendar", 1),), 1),
    ("度",): ((("angle", 1),), _DEGREE),
    ("摄氏度",): ((("temperature °C", 1),), 1),
    ("华氏度",): ((("temperature °F", 1),), 1),
    ("块",): ((("currency CNY", 1),), 1),
}
# Russian abbreviations
_OTHER.update({
    ("мм",): ((("length", 1),), Fraction(1, 1000)), ("см",): ((("length", 1),), Fraction(1, 100)),
    ("м",): ((("length", 1),), 1), ("км",): ((("length", 1),), 1000), ("г",): ((("mass", 1),), 1),
    ("кг",): ((("mass", 1),), 1000), ("мин",): ((("time", 1),), 60), ("ч",): ((("time", 1),), 3600),
})
#: Chinese classifiers: "12个苹果" counts apples, "12个" counts things (no unit).
_CLASSIFIERS = "个只条本张件位名头辆棵朵"
#: Temperatures convert to kelvin with an offset: kelvin = value * factor + offset.
_KELVIN: dict[str, tuple[Fraction, Fraction]] = {
    "temperature °C": (Fraction(1), Fraction(27315, 100)),
    "temperature °F": (Fraction(5, 9), Fraction(45967, 180)),
    "temperature K": (Fraction(1), Fraction(0)),
}


def _unit_tables() -> tuple[dict[str, tuple[Dimensions, Value]], dict[str, tuple[Dimensions, Value]]]:
    """The unit symbols in their case, and every spelling folded to lower case (names
    in any case, and symbols written in another case)."""
    exact: dict[str, tuple[Dimensions, Value]] = {}
    folded: dict[str, tuple[Dimensions, Value]] = {}
    mega_folds: dict[str, tuple[Dimensions, Value]] = {}
    for symbol, (dims, size, names, prefixes) in _SI.items():
        exact[symbol] = (dims, size)
        for name in names:
            folded[name] = (dims, size)
        for prefix in prefixes:
            unit = (dims, size * _PREFIX[prefix])
            exact[prefix + symbol] = unit
            for name in names:
                folded[_PREFIX_NAME[prefix] + name] = unit
            if prefix == "M" and symbol in _MEGA_FOLDS:
                mega_folds[(prefix + symbol).lower()] = unit
    for spellings, unit in _OTHER.items():
        for spelling in spellings:
            exact[spelling] = unit
            folded[spelling.lower()] = unit
    # a symbol in another case folds to its unit (single letters excepted: "S", "M", "C" are other things)
    for symbol, unit in exact.items():
        if len(symbol) > 1:
            folded.setdefault(symbol.lower(), unit)
    folded.update(mega_folds)
    return exact, folded


_EXACT_UNITS, _FOLDED_UNITS = _unit_tables()
_ANGLE: Dimensions = (("angle", 1),)
#: Letters that name a temperature scale right after a degree: "12 degrees C".
_AFTER_DEGREE = {"C": "°C", "F": "°F", "K": "°K"}
_POWER_WORDS = {"square": 2, "sq": 2, "cubic": 3, "cu": 3}
_POWER_AFTER = {"squared": 2, "cubed": 3}
# Words after a quantity that say nothing about its unit: "12 cm long", "12 years old".
_FILLERS = frozenset("long tall wide high deep thick old away apart total altogether each left remaining".split())


def _singular(word: str) -> str:
    """*word* (lower case) in the singular, by the regular English endings."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith("ss") or word.endswith("us"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def _lookup(word: str) -> tuple[Dimensions, Value] | None:
    """The unit *word* spells (`_unit_tables`), or ``None`` for a noun."""
    unit = _EXACT_UNITS.get(word)
    if unit is None:
        low = word.lower()
        unit = _FOLDED_UNITS.get(low) or _FOLDED_UNITS.get(_singular(low))
    return unit


# --------------------------------------------------------------------------- spelling

_SIUNITX_QUANTITY = re.compile(r"\\(?:SI|qty)\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SIUNITX_UNIT = re.compile(r"\\(?:si|unit)\s*\{([^{}]*)\}")
_SIUNITX_PREFIX = re.compile(r"\\(tera|giga|mega|kilo|hecto|deci|centi|milli|micro|nano|pico)(?![A-Za-z])\s*")
_SIUNITX_WORD = re.compile(
    r"\\(metre|meter|gram|second|litre|liter|hertz|newton|joule|watt|volt|ampere|kelvin|mole|pascal|ohm"
    r"|hour|minute|day|radian|degree|per|square|cubic|squared|cubed|degreeCelsius|celsius)(?![A-Za-z])"
)
# (every command that only sets its argument's font or box: "12 \\mathsf{cm}", "12\\,\\texttt{cm}",
# "12 \\emph{cm}", "12 \\hbox{cm}", "12 \\textcolor{red}{cm}"; a unit they hid went unchecked)
_TEXT_COMMAND = re.compile(
    r"\\(?:text|textrm|textnormal|textup|textit|textsl|textsf|texttt|textsc|textmd|textbf|textsubscript|emph|mathrm"
    r"|mathit|mathbf|mathsf|mathtt|mathnormal|mathup|mathbfit|mathsfit|boldsymbol|bm|pmb|mbox|hbox|fbox|makebox"
    r"|framebox|underline|uline|operatorname\*?|rm|it|sf|tt|bf|sym(?:rm|up|it|sf|bf|tt)|textcolor\s*\{[^{}]{0,20}\}"
    r"|color\s*\{[^{}]{0,20}\})\s*\{([^{}]*)\}"
)
# A font switch inside braces, and one alone: "{\\rm cm}", "\\rm cm".
_FONT_SWITCH = re.compile(
    r"\{\s*\\(?:rm|it|sf|tt|bf|sl|sc|up|md|normalfont|rmfamily|sffamily|ttfamily|itshape|upshape|bfseries)(?![A-Za-z])"
    r"\s*([^{}]*)\}|\\(?:rm|it|sf|tt|bf|sl|sc|normalfont|rmfamily|sffamily|ttfamily|itshape|upshape|bfseries)(?![A-Za-z])"
)
# Markdown emphasis or code around a word: "12 *cm*", "12 _cm_", "12 `cm`", "12 ***cm***".
_MARKDOWN_WORD = re.compile(r"(?<![\w*`])(\*{1,3}|_{1,2}|`)([^\W\d_][^*_`\n]{0,40}?)\1(?![\w*`])")
# A unit named in words after the number: "12, in cm", "12 — in cm", "12 (in cm)", "12 (units:
# cm)", "12; units: cm", "12, measured in cm", "12 in units of cm". (Group 1: "in", group 2:
# the unit.)
_UNIT_PHRASE = re.compile(
    r"(?<=[0-9}$])[ \t]*(?:[,;:(\[—–-]{1,2}[ \t]*)?(?:(?:given|expressed|measured|written|stated|answer)[ \t]+)?"
    r"(?:(in)(?:[ \t]*:)?[ \t]+(?:units?[ \t]+of[ \t]+)?|(?:in[ \t]+)?units?[ \t]*(?:[:=]|in[ \t])[ \t]*)"
    r"([^\W\d_][^()\[\];,\n]{0,30}?)[ \t]*[)\]]?[ \t]*$",
    re.IGNORECASE,
)
# A word in braces, quotes or angle brackets, or a subscript: "12 {cm}", "12 “cm”", "12 'cm'",
# "12 <cm>", "12_{cm}".
_WRAPPED_WORD = re.compile(
    "(?:(?<![\\w\\\\])[{“‘\"'`«‹<]|_\\{)[ \t]*([^\\W\\d_]{1,20}(?:[ \t]+[^\\W\\d_]{1,20}){0,2})[ \t]*[}”’\"'`»›>]"
)
_WRAPPER_MARKS = frozenset("{“‘\"'`«‹<")
# Inches written with a double prime after the number: '12"', "12″", "12''".
_INCH_MARK = re.compile(r"(?<=[0-9}$])[ \t]*(?:\"|″|'')$")
_LATEX_SPACE = re.compile(r"\\[,;:! ]|\\q?quad(?![A-Za-z])|~")
_LATEX_DEGREE = re.compile(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![A-Za-z])|\\circ(?![A-Za-z])|\\degree(?![A-Za-z])")
_LATEX_SYMBOL = re.compile(r"\\(mu|Omega|cdot|%|\$)(?![A-Za-z])\s*")
_SIUNITX_WORDS = {"per": " per ", "square": " square ", "cubic": " cubic ", "squared": " squared ",
                  "cubed": " cubed ", "degreeCelsius": "°C ", "celsius": "°C "}
_LATEX_SYMBOLS = {"mu": "μ", "Omega": "Ω", "cdot": "*", "%": "%", "$": " USD "}
_DEGREE_SIGNS = str.maketrans({"º": "°", "˚": "°", "µ": "μ", "·": "*", "⋅": "*", "℃": "°C", "℉": "°F", "\u2126": "\u03a9"})
_DEGREE_THEN_SCALE = re.compile(r"°\s+(?=[CFK](?![A-Za-z]))")
_SUPERSCRIPTS = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# (after the number too, glued or past one space: "12$", "12 $")
_DOLLAR_BEFORE_NUMBER = re.compile(r"\$(?=\s*[-" + re.escape(MINUS_AS_HYPHEN) + r"]?\s*[0-9.])|(?<=[0-9])\$|(?<=[0-9][ \t])\$")
_CURRENCY_PREFIX = re.compile(
    r"([-" + re.escape(MINUS_AS_HYPHEN) + r"]?)[ \t]*(USD|EUR|GBP|CNY|RMB|JPY|INR|Rs\.?|[€£¥₹])[ \t]*"
    r"(?=[-" + re.escape(MINUS_AS_HYPHEN) + r"]?[0-9.])"
)
_PERCENT = re.compile(r"\\?%|(?<![A-Za-z])percent(?:age)?(?:\s+points?)?(?![A-Za-z])", re.IGNORECASE)
# A length unit with its power glued on, as plain text writes an area: "12 m2", "5cm3".
_GLUED_POWER = re.compile(r"(?<=[0-9 ])(mm|cm|dm|km|m|ft|in|yd|mi)([23])(?![0-9A-Za-z])")
# A unit in brackets right after the number (or its box), at the end: "12 (cm)", "12 [rad]" (not an
# option letter: "12 (B)").
_BRACKETED_UNIT = re.compile(r"(?<=[0-9}$])[ \t]*[(\[](?![A-J][)\]])([^()\[\]0-9]{1,40})[)\]]$")
# Characters whose compatibility form is a unit: "㎝" is "cm", "ｋｇ" is "kg", "K" (kelvin) is "K".
_COMPATIBLE = re.compile("[\u2100-\u214f\u3380-\u33ff\uff01-\uff5e]")


def _spell(text: str) -> str:
    """*text* with its unit spelled one way: LaTeX text commands, spaces and degree
    signs unwrapped (``12\\,\\text{cm}^{2}`` is ``12 cm^{2}``, ``12^\\circ`` is
    ``12°``), ``℃`` as ``°C``, superscripts as powers, a dollar sign before a number as
    ``USD`` (an even number of unescaped ``$`` delimits math: dropped)."""
    if "\\" in text:
        text = _SIUNITX_QUANTITY.sub(r"\1 \2", text)
        text = _SIUNITX_UNIT.sub(r" \1", text)
        text = _SIUNITX_PREFIX.sub(r" \1", text)  # glued to the unit after it: "\\kilo\\gram" is "kilogram"
        text = _SIUNITX_WORD.sub(lambda m: _SIUNITX_WORDS.get(m.group(1), m.group(1) + " "), text)
        for _ in range(3):  # nested: "12 \\mathrm{\\mathsf{cm}}"
            unwrapped = _TEXT_COMMAND.sub(r" \1 ", text)
            if unwrapped == text:
                break
            text = unwrapped
        if "\\" in text:
            text = _FONT_SWITCH.sub(lambda m: " " + (m.group(1) or "") + " ", text)
        text = _LATEX_DEGREE.sub("°", text)
        text = _LATEX_SYMBOL.sub(lambda m: _LATEX_SYMBOLS[m.group(1)], text)
        text = _LATEX_SPACE.sub(" ", text)
    if "$" in text:
        text = text.replace("US$", "$")
        if text.count("$") % 2 == 0:
            text = text.replace("$", "")
        else:
            text = _DOLLAR_BEFORE_NUMBER.sub(" USD ", text, count=1).replace("$", "")
    if not text.isascii():
        text = text.translate(_DEGREE_SIGNS)
        text = _SUPERSCRIPTS.sub(lambda m: "^{" + m.group(0).translate(FROM_SUPERSCRIPT) + "}", text)
        text = _COMPATIBLE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
        if "°" in text:
            text = _DEGREE_THEN_SCALE.sub("°", text)
    if "*" in text or "_" in text or "`" in text:
        text = _MARKDOWN_WORD.sub(r" \2 ", text)
    if "~" in text and "~~" not in text:
        text = text.replace("~", " ")  # a non-breaking space: "12~cm"
    if not _WRAPPER_MARKS.isdisjoint(text):
        text = _WRAPPED_WORD.sub(r" \1 ", text)
    text = text.strip().rstrip(".,;:!").strip()
    if "in" in text or "nit" in text:
        text = _UNIT_PHRASE.sub(_named_unit, text, count=1)
    if text.endswith(('"', "″", "''")) and text.count('"') <= 1 and "°" not in text and "′" not in text:
        text = _INCH_MARK.sub(" in", text)
    if text[-1:] in ("2", "3"):
        text = _GLUED_POWER.sub(r"\1^\2", text)
    if text.endswith((")", "]")):
        text = _BRACKETED_UNIT.sub(r" \1", text)  # "12 (cm)"
    return text


def _named_unit(m: re.Match[str]) -> str:
    """The unit a `_UNIT_PHRASE` names, glued as a unit after the number ("12, in cm" is
    "12 cm"), when it reads as one; after a bare "in", only a known unit ("12, in the
    box" is no unit)."""
    unit = m.group(2).strip()
    terms = _unit_terms(unit)
    if not terms:
        return m.group(0)
    if m.group(1) and any(name.startswith("noun ") and name != "noun unit" for term in terms for name, _ in term[0]):
        return m.group(0)
    return " " + unit


# --------------------------------------------------------------------------- reading

# A letter of any script but π (a number), or a sign written as a unit (degree, currency).
_WORD_CHAR = "(?:[^\\W\\d_π]|[°¢€£¥₹])"
_TOKEN = re.compile(rf"{_WORD_CHAR}+(?:-{_WORD_CHAR}+)*\.?|\^\s*\{{?\s*-?[0-9]{{1,2}}\s*\}}?|\s+|.", re.DOTALL)
_WORD = re.compile(_WORD_CHAR)
_POWER = re.compile(r"\^\s*\{?\s*(-?[0-9]{1,2})")
#: Powers beyond this are no unit anyone writes (and would make huge sizes).
_MAX_POWER = 9
#: The term of a unit too odd to read ("m^9^9^9"): a unit, equal to no other.
_UNREADABLE = [(("unreadable unit", 1),), 1, 1]
_METRES_PER_SECOND = re.compile(r"(?<![A-Za-z])ms(?=\s*\^\s*\{?\s*-)")
_LETTER = re.compile("[^\\W\\d_π]")  # a letter of any script but π
# What may stand in the number before a unit: LaTeX commands (\frac, \pi), an exponent.
_NUMBER_WORDS = re.compile(r"\\[A-Za-z]+|(?<=[0-9])[eE](?=[-+]?[0-9])")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value with a unit: *dimensions* as sorted ``(name, power)`` pairs, nouns
    included (``("noun apple", 1)``), the *size* of the unit in base units, and what
    it measures when the text says (``of``)."""

    value: Value
    dimensions: Dimensions
    size: Value
    #: What the quantity is of, in lower-case singular words: ``("flour",)`` for ``3 kg of flour``.
    of: tuple[str, ...] = ()


def _is_tail_token(token: str) -> bool:
    """Whether *token* can belong to a unit: a word, a power, a space, ``/`` or ``*``."""
    return token.isspace() or token in "/*" or token[0] == "^" or _WORD.match(token) is not None


def _split(text: str) -> tuple[str, str] | None:
    """``(number, unit)`` of spelled *text*: the unit is the run of words, powers,
    spaces, ``/`` and ``*`` that ends it, from its first word on (a word after a
    backslash is a command of the number: ``2\\pi rad``); the number keeps the spaces
    before the unit, which say whether the unit is glued to it."""
    tokens = _TOKEN.findall(text)
    start = len(tokens)
    while start > 0 and _is_tail_token(tokens[start - 1]):
        if start > 1 and tokens[start - 2] == "\\":
            break
        start -= 1
    while start < len(tokens) and _WORD.match(tokens[start]) is None:
        start += 1
    if start == len(tokens):
        return None
    return "".join(tokens[:start]), "".join(tokens[start:])


def _number_value(number: str) -> Value | None:
    """The value of the number before a unit (``12``, ``-1.5e3``, ``\\frac{\\pi}{2}``),
    or ``None`` when it holds a name (``2x``), a percent, or no value."""
    if not number or "%" in number or _LETTER.search(_NUMBER_WORDS.sub("", number)):
        return None
    if not any(ch.isdigit() for ch in number) and "\\pi" not in number and "π" not in number:
        return None
    return exact_where_lost(number, mathexpr.parse_number(number))


def _unit_terms(unit: str) -> list[list] | None:
    """The terms of a unit text as ``[dimensions, size, power]``, in order: ``km/h`` is
    kilometres to the power 1 and hours to -1; ``square feet`` feet squared; a noun
    its own dimension. ``None`` for a power with no unit before it; a power beyond
    `_MAX_POWER` makes the unit unreadable (`_UNREADABLE`)."""
    terms: list[list] = []
    sign, power = 1, 1
    if "ms" in unit:
        unit = _METRES_PER_SECOND.sub("m s", unit)  # "ms^{-1}" is m s^-1, as physics writes it
    for token in _TOKEN.findall(unit):
        if token.isspace() or token == "*":
            continue
        if token == "/":
            sign = -1
            continue
        if token[0] == "^":
            if not terms:
                return None
            power_of = _POWER.match(token)
            terms[-1][2] *= int(power_of.group(1)) if power_of else 1
            if abs(terms[-1][2]) > _MAX_POWER:
                return [_UNREADABLE]
            continue
        word = token.rstrip(".")
        low = word.lower()
        if low == "per":
            sign = -1
        elif low in _POWER_WORDS:
            power = _POWER_WORDS[low]
        elif low in _POWER_AFTER and terms:
            terms[-1][2] *= _POWER_AFTER[low]
            if abs(terms[-1][2]) > _MAX_POWER:
                return [_UNREADABLE]
        elif not word.strip(_CLASSIFIERS):
            continue  # "12个": a count, no unit
        else:
            word = word.lstrip(_CLASSIFIERS)
            low = word.lower()
            after_degree = bool(terms) and terms[-1][0] == _ANGLE and terms[-1][1] == _DEGREE
            unit_of = _lookup(_AFTER_DEGREE.get(word, word) if after_degree else word)
            if unit_of is None:
                unit_of = ((("noun " + _singular(low), 1),), 1)
            elif after_degree and unit_of[0][0][0].startswith("temperature"):
                terms.pop()  # "degrees Celsius", "° F": one unit
            terms.append([unit_of[0], unit_of[1], sign * power])
            power = 1
    return terms


def _dimensions(terms: list[list]) -> tuple[Dimensions, Value]:
    """The dimensions and the size of a unit made of *terms* (`_unit_terms`)."""
    dims: dict[str, int] = {}
    size: Value = 1
    for term_dims, term_size, power in terms:
        for name, exponent in term_dims:
            dims[name] = dims.get(name, 0) + exponent * power
        size = size * term_size**power
    return tuple(sorted((name, exponent) for name, exponent in dims.items() if exponent)), size


def _drop_fillers(unit: str) -> str:
    """*unit* without the words after it that describe no unit (``long``, ``old``, ``in
    total``)."""
    words = unit.split()
    while words and words[-1].lower() in _FILLERS:
        words.pop()
        if words and words[-1].lower() == "in":
            words.pop()  # "in total"
    return " ".join(words)


def _read(text: str) -> Quantity | None:
    """*text* as one quantity (a number, then a unit; a currency sign may come first)."""
    text = _spell(text)
    if not text:
        return None
    if "%" in text or "ercent" in text:
        text = _PERCENT.sub(" percent", text)  # "12%", "12 percentage points": a percent
    prefix = _CURRENCY_PREFIX.match(text)
    currency = None
    if prefix is not None:
        currency = prefix.group(2).rstrip(".")
        text = prefix.group(1) + text[prefix.end():]
    split = _split(text)
    if split is None:
        if currency is None:
            return None
        split = (text, "")
    number, unit = split
    if number.rstrip().endswith("/"):
        number, unit = number.rstrip()[:-1], "/" + unit  # "12/cm" is 12 per centimetre, not 12 cm
    value = _number_value(number.strip())
    if value is None:
        return None
    end = len(number.rstrip())  # where the number ends: a capital glued to it scales it ("12M")
    scale = mathscale.scale_run(number + unit, end) if unit else None
    scale_word = mathscale.SCALE_WORD.match(number + unit, end) if scale is not None else None
    if scale is not None and scale_word is not None and scale_word.group(2) != "K":  # "12 K" is kelvin
        value = value * Fraction(scale[0])  # "12 million dollars", "$12 mln"
        unit = (number + unit)[scale[1] :]
    unit, _, of = _drop_fillers(unit).partition(" of ")
    terms = _unit_terms(unit)
    if terms is None:
        return None
    if currency is not None and not (terms and terms[0][0][0][0].startswith("currency")):
        terms = (_unit_terms(currency) or []) + terms  # "$12", but "$12 USD" names it once
    if not terms:
        return None
    dims, size = _dimensions(terms)
    return Quantity(value, dims, size, tuple(_singular(word.lower()) for word in of.split() if word.lower() != "the"))


_DIGITS = re.compile(r"[0-9][0-9,.]*")
_BEFORE_NUMBER = frozenset(" $€£¥₹-\\" + MINUS_AS_HYPHEN)


def _sentence_window(text: str) -> str | None:
    """The quantity of a short sentence holding one number: from the number (and a
    currency sign before it) to the end of its clause. ``None`` without one number."""
    numbers = list(_DIGITS.finditer(text))
    if len(numbers) != 1:
        return None
    start, end = numbers[0].start(), len(text)
    while start > 0 and text[start - 1] in _BEFORE_NUMBER:
        start -= 1
    for mark in (",", ";", ":", "!", "?", "(", ")", "[", "]", "\n", ". "):
        found = text.find(mark, numbers[0].end())
        if found != -1:
            end = min(end, found)
    return text[start:end].replace("}", " ").strip()  # "\\boxed{12} apples": the box closes after the number


def read_quantity(text: str) -> Quantity | None:
    """*text* (a cleaned answer) as a value with a unit, or ``None`` when it has no unit
    or no single value: ``12 cm``, ``AB = 12 cm``, ``$12``, ``12°C``, ``The area is 12
    cm².``, ``3 apples``.

    Examples:
        >>> read_quantity("12 km/h").dimensions
        (('length', 1), ('time', -1))
        >>> read_quantity("12") is None, read_quantity("2x + 1") is None
        (True, True)
    """
    if len(text) > MAX_CHARS:
        return None
    body = mathexpr.strip_assignment(text.strip())
    quantity = _read(body)
    if quantity is None:
        window = _sentence_window(body)
        if window and window != body:
            quantity = _read(window)
    return quantity


_UNIT_MARK = re.compile("[^\\W\\d_]|[%$°¢€£¥₹º˚\"″'\u2100-\u214f\u3380-\u33ff\uff01-\uff5e]")


def may_have_unit(text: str) -> bool:
    """Whether *text* holds a character a unit is written with (a cheap test before
    `read_quantity`)."""
    return _UNIT_MARK.search(text) is not None


def _in_kelvin(quantity: Quantity) -> Value | None:
    """A temperature in kelvin, when *quantity* is one in a scale of `_KELVIN`."""
    if len(quantity.dimensions) != 1 or quantity.dimensions[0][1] != 1:
        return None
    scale = _KELVIN.get(quantity.dimensions[0][0])
    if scale is None:
        return None
    return quantity.value * scale[0] + scale[1]


#: What may write a temperature of a scale without naming it fully: a bare degree, a letter.
_LOOSE_TEMPERATURES: dict[Dimensions, str] = {
    (("noun c", 1),): "temperature °C", (("noun f", 1),): "temperature °F",
}


def _may_be_temperature(loose: Quantity, temperature: Quantity) -> bool:
    """Whether *loose* is a temperature in the scale of *temperature* written loosely:
    a bare degree (``12 degrees`` for ``12°C``) or the scale's letter alone (``12 C``)."""
    if len(temperature.dimensions) != 1 or temperature.dimensions[0][0] not in _KELVIN:
        return False
    if loose.dimensions == _ANGLE and loose.size == _DEGREE:
        return True
    return _LOOSE_TEMPERATURES.get(loose.dimensions) == temperature.dimensions[0][0]


_BARE_UNITS: Dimensions = (("noun unit", 1),)


def _bare_units(a: Dimensions, b: Dimensions) -> bool:
    """Whether one side says "units" and the other some power of them: the bare word
    names no dimension ("12 units" for an area of "12 square units"), while "square
    units" and "cubic units" name two."""
    return (a == _BARE_UNITS and len(b) == 1 and b[0][0] == "noun unit") or (
        b == _BARE_UNITS and len(a) == 1 and a[0][0] == "noun unit")


def units_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    """When both answers are a value with a unit: whether they are the same quantity,
    converting between units of one dimension (``100 cm`` is ``1 m``, ``0°C`` is
    ``32°F``); other dimensions, nouns or currencies differ. ``None`` when a side has
    no unit (then the unit is not checked).

    Examples:
        >>> from stepgrpo_rewards.config import DEFAULT_CONFIG
        >>> units_verdict("12 rad", "12°", DEFAULT_CONFIG), units_verdict(r"\\pi \\text{ rad}", "180°", DEFAULT_CONFIG)
        (False, True)
    """
    b = read_quantity(gold)  # first: most golds hold no unit
    if b is None:
        return None
    a = read_quantity(pred)
    if a is None:
        return None
    if a.of and b.of and a.of != b.of:
        return False  # "3 kg of flour" is no "3 kg of sugar"; "50% of the class" is "50%"
    kelvin_a, kelvin_b = _in_kelvin(a), _in_kelvin(b)
    if kelvin_a is not None and kelvin_b is not None:
        return close(kelvin_a, kelvin_b, config)
    if _may_be_temperature(b, a) or _may_be_temperature(a, b):
        return close(a.value, b.value, config)  # "12 degrees", "12 C" against 12°C
    if a.dimensions != b.dimensions and not _bare_units(a.dimensions, b.dimensions):
        return False
    if a.size == b.size:
        return close(a.value, b.value, config)
    return close(a.value * a.size, b.value * b.size, config)
