"""Rule-based key-step extraction and augmentation, for StepRAR on your own data.

R1-VL had GPT-4o pick the *key steps* of every reference solution (the essential
variables, equations, numbers and short phrases of its steps, each once) and then
wrote each one out in equivalent spellings, so that a key step is a group of
alternatives (../shared/PAPER.md). This module does both without a model:

- `extract_key_steps` reads the numbered steps of a reference solution (never its
  final-answer line) and keeps, in order of appearance and each once: equations and
  inequalities (``CB = 15 - 6 = 9``, ``24 > 19``), formulas (``length × width``),
  computed or read values with what they name (``BC = 12``, ``∠B = 30°``,
  ``the length is 12 cm``, ``Grace: 39``), counts (``4 circles``) and short key
  phrases of at most three words (theorem names such as ``Pythagorean theorem``).
  Every group is checked to match its own reference, so the reference scores 1.0.
- `augment_key_step` turns one key step into its group of alternatives: ASCII,
  Unicode and LaTeX spellings, a compact spacing, both sides of an equation, the
  links of a chain (``∠C = 85°`` and ``180° - 95° = 85°`` from
  ``∠C = 180° - 95° = 85°``), the equation without its units, and the value alone
  where that is still specific: a value with a unit that is not a stock constant
  (``30°``, ``12 cm``, ``7:25``), never a bare small integer such as ``12`` that
  would match anywhere.

Everything is a deterministic pure function of the text. The scan is linear: one
precompiled tokenizer pass per step, bounded patterns, inputs cut to
`RewardConfig.max_completion_chars`, at most `RewardConfig.max_key_step_groups`
groups and `MAX_ALTERNATIVES` alternatives per group.

Examples:
    >>> solution = ("### Step 1:\\nFrom the figure, $\\\\angle A = 50^\\\\circ$ and ∠B = 45°.\\n"
    ...             "### Step 2:\\nSo ∠C = 180° - 50° - 45° = 85°.\\n### The final answer is: 85°")
    >>> [group[0] for group in extract_key_steps(solution)]
    ['\\\\angle A = 50^\\\\circ', '∠B = 45°', '∠C = 180° - 50° - 45° = 85°']
    >>> augment_key_step("BC = 12")
    ['BC = 12', 'BC=12', '12 = BC', 'BC is 12', 'BC: 12']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from ..config import DEFAULT_CONFIG, RewardConfig
from ..mathtext.normalize import FRAC_PATTERN, normalize_math_text
from ..trace import Trace, parse_trace
from .matching import match_key_steps

__all__ = ["MAX_ALTERNATIVES", "augment_key_step", "extract_key_steps"]

#: At most this many alternatives are kept in one group.
MAX_ALTERNATIVES = 16
#: A key step longer than this many characters is not extracted (a run-on formula).
MAX_KEY_STEP_CHARS = 160
#: `augment_key_step` only rewrites inputs up to this long; longer ones come back alone.
MAX_AUGMENT_CHARS = 500
#: At most this many atoms in one equation or formula.
_MAX_RUN_ATOMS = 48

_ASCII, _UNICODE, _LATEX = 0, 1, 2
_STYLES = (_ASCII, _UNICODE, _LATEX)

# --------------------------------------------------------------------------- tokenizer

# One pass, every alternative bounded, tried in order at each position. A LaTeX
# line break (``\\`` in aligned or cases) ends a line like a newline does.
_TOKEN = re.compile(
    r"""
     (?P<nl>\n|\\\\)
    |(?P<sp>[ \t\r\f\v\u00a0\u2009\u202f\u3000]+|\\[,;:! ]|\\q?quad\b|&)
    |(?P<env>\\(?:begin|end)\s*\{[A-Za-z*]{1,20}\})
    |(?P<dollar>\$\$?|\\[()\[\]])
    |(?P<time>(?<![\d.:])\d{1,2}:\d{2}(?![\d:]))
    |(?P<num>\d{1,3}(?:,\d{3})+(?![\d,])(?:\.\d+)?|\d{1,40}(?:\.\d{1,40})?|\.\d{1,40})
    |(?P<frac>\\[dt]?frac\s*\{[^{}\n]{0,60}\}\s*\{[^{}\n]{0,60}\})
    |(?P<sqrt>\\sqrt\s*\{[^{}\n]{0,60}\}|√\s*(?:\d+(?:\.\d+)?|[A-Za-z](?![A-Za-z])|\([^()\n]{0,60}\)))
    |(?P<deg>[°º˚]|\^\s*\{?\s*\\circ\s*\}?|\\circ(?![A-Za-z])|\\degree(?![A-Za-z]))
    |(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+|\^\s*(?:\{[^{}\n]{0,20}\}|-?[A-Za-z0-9]))
    |(?P<sub>_\s*(?:\{[^{}\n]{0,20}\}|[A-Za-z0-9]))
    |(?P<textcmd>\\(?:text|mathrm|textrm|mathit|textit|operatorname|mbox)\s*\{[^{}\n]{0,40}\})
    |(?P<pct>\\?%)
    |(?P<cmd>\\[A-Za-z]{1,30})
    |(?P<rel><=|>=|!=|==|=|<|>|[≤≥≠≈≅∼⩽⩾~⊥∥])
    |(?P<op>[+\-−–×÷·⋅*/])
    |(?P<prefix>[∠∡△∆])
    |(?P<lp>[(\[{])
    |(?P<rp>[)\]}])
    |(?P<word>[A-Za-z]{1,40}(?:['’][A-Za-z]{1,10})?(?:-[a-z]{2,30})*)
    |(?P<greek>[α-ωΑ-Ωπ])
    |(?P<colon>:)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_BRACED = re.compile(r"\{([^{}]*)\}")
_SQRT_PARTS = re.compile(r"(?:\\sqrt\s*\{([^{}]*)\}|√\s*\(?([^()]*)\)?)")
_SIMPLE_OPERAND = re.compile(r"[A-Za-z0-9.]+")
_LATEX_DELIMS = re.compile(r"\$\$?|\\[()\[\]]")
_LATEX_SPACE = re.compile(r"\\[,;:! ]|\\q?quad\b")
_WS = re.compile(r"\s+")

_OPS = {"+": "+", "-": "-", "−": "-", "–": "-", "×": "*", "·": "*", "⋅": "*", "*": "*",
        "÷": "÷", "/": "/"}
_OP_FORMS = {"+": ("+", "+", "+"), "-": ("-", "-", "-"), "*": ("*", "×", "\\times"),
             "÷": ("/", "÷", "\\div"), "/": ("/", "/", "/"), "+-": ("+-", "±", "\\pm")}
_RELS = {"=": "=", "==": "=", "<": "<", ">": ">", "<=": "<=", "≤": "<=", "⩽": "<=",
         ">=": ">=", "≥": ">=", "⩾": ">=", "!=": "!=", "≠": "!=", "≈": "~", "~": "~",
         "∼": "~", "≅": "~=", "⊥": "⊥", "∥": "∥"}
_REL_FORMS = {"=": ("=", "=", "="), "<": ("<", "<", "<"), ">": (">", ">", ">"),
              "<=": ("<=", "≤", "\\leq"), ">=": (">=", "≥", "\\geq"),
              "!=": ("!=", "≠", "\\neq"), "~": ("~", "≈", "\\approx"),
              "~=": ("~=", "≅", "\\cong"), "⊥": ("perp", "⊥", "\\perp"),
              "∥": ("parallel", "∥", "\\parallel")}
_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
_CMD_OPS = {"times": "*", "cdot": "*", "ast": "*", "div": "÷", "pm": "+-"}
_CMD_RELS = {"le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=",
             "geqslant": ">=", "ne": "!=", "neq": "!=", "approx": "~", "sim": "~",
             "cong": "~=", "perp": "⊥", "parallel": "∥"}
_CMD_BREAKS = frozenset({"therefore", "because", "Rightarrow", "implies", "Longrightarrow",
                         "iff", "rightarrow", "to", "quad", "qquad", "newline"})
# Commands that only dress their argument up; they are left out of the spellings.
_CMD_TRANSPARENT = frozenset({"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl",
                              "Bigr", "displaystyle", "textstyle", "overline", "underline", "vec",
                              "hat", "widehat", "bar", "overrightarrow", "mathbf", "mathit",
                              "mathrm", "boldsymbol", "bm", "mathbb", "mathcal", "boxed", "fbox",
                              "limits", "nolimits", "circ",
                              "degree", "space", "hspace", "vspace", "mathord"})
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "θ": "theta", "λ": "lambda",
          "μ": "mu", "π": "pi", "σ": "sigma", "φ": "phi", "ω": "omega", "ρ": "rho"}
_GREEK_CMDS = {name: char for char, name in _GREEK.items()}
_FUNCTIONS = frozenset({"sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp",
                        "arcsin", "arccos", "arctan", "sqrt"})

# Unit words that may follow a number, with their canonical key. Square/cubic powers
# come from "square cm", "cm²", "cm^2".
_LENGTH_UNITS = frozenset({"mm", "cm", "dm", "m", "km", "in", "ft", "yd", "mi", "inch", "inches",
                           "foot", "feet", "yard", "yards", "mile", "miles", "meter", "meters",
                           "metre", "metres", "centimeter", "centimeters", "centimetre",
                           "centimetres"})
_OTHER_UNITS = frozenset({"kg", "mg", "lb", "lbs", "oz", "ml", "mL", "L", "sec", "secs", "second",
                          "seconds", "min", "mins", "minute", "minutes", "hr", "hrs", "hour",
                          "hours", "day", "days", "week", "weeks", "month", "months", "year",
                          "years", "cent", "cents", "dollar", "dollars", "euro", "euros",
                          "yuan", "unit", "units", "kilograms", "grams", "liters", "litres"})
_TIME_UNITS = frozenset({"sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
                         "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "month",
                         "months", "year", "years"})
_DEGREE_WORDS = frozenset({"degree", "degrees", "deg"})
_PERCENT_WORDS = frozenset({"percent"})
_POWER_WORDS = {"square": 2, "sq": 2, "cubic": 3}

_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
                 "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
                 "nineteen": 19, "twenty": 20}
_DIGIT_WORDS = {value: word for word, value in _NUMBER_WORDS.items()} | {1: "one"}

_STOPWORDS = frozenset(
    """
    a an the is are was were be been being am has have had do does did of to in on at by for
    with from as into onto than then so thus hence therefore since because and or but nor if
    it its this that these those there here we i you he she they them our us my your which
    what who whom whose when where why how all each every both either neither any some no not
    only also just about approximately roughly exactly nearly almost around equal equals gives
    give get gets got makes make made yields yield means mean becomes become remains remain
    leaves leave shows show find finds found need needs let lets now still already clearly
    same other another more less most least very much many few such per via up down out over
    under again further once can could will would shall should may might must i.e e.g etc
    measures measure reads read labelled labeled marked given known so-called called
    while whereas however although though also together total altogether therefore
    """.split()
) | frozenset(_NUMBER_WORDS) | {"one", "zero"}
# Words that may sit between "is" and the value: "is therefore 7:25", "is labelled 15".
_FILLERS = frozenset({"therefore", "thus", "so", "then", "now", "also", "exactly", "about",
                      "approximately", "roughly", "only", "just", "equal", "to", "already",
                      "still", "clearly", "labelled", "labeled", "marked", "given", "as",
                      "hence", "indeed", "measured", "shown", "written"})
_VERBS = frozenset({"is", "are", "was", "were", "equals", "measures", "has", "have", "reads",
                    "becomes", "shows", "show"})
# Names that do not name a quantity of the problem.
_NOT_NAMES = frozenset({"answer", "answers", "option", "options", "choice", "choices", "step",
                        "steps", "figure", "image", "picture", "question", "number", "numbers",
                        "result", "it", "this", "that", "there", "which", "what", "letter"})
# "The length of AB is 5 cm" says AB is 5 cm; "the area of the square is 16" does not.
_SAME_AS_ITS_OBJECT = frozenset({"length", "measure", "value", "size", "magnitude"})
# Words before the letter of an answer choice ("option C: 60°").
_OPTION_WORDS = frozenset({"option", "choice", "answer"})
# Words whose object is the number after them: an equation that starts with that
# number has lost the start of its left side ("half of 80 = 40" is no "80 = 40").
_OBJECT_WORDS = frozenset({"of", "than", "by", "times", "plus", "minus", "from", "over",
                           "twice", "thrice", "half", "double", "triple"})
# Words after a number that are not the counted thing.
_NOT_NOUNS = frozenset({"times", "steps", "values", "numbers", "ways", "parts", "others", "ones",
                        "more", "less", "fewer", "is", "was", "has", "does", "as", "its", "this",
                        "us", "plus", "minus", "thus", "gives", "makes", "equals", "remains",
                        "means", "shows", "leaves", "yields", "becomes", "appears", "points",
                        "lies", "goes", "comes", "stands", "represents", "corresponds",
                        "follows", "contains", "needs", "takes", "reads", "seems", "stays",
                        "falls", "rises", "passes", "sits", "options", "choices", "digits",
                        "decimals", "places", "items", "things", "terms", "cases", "tens"})

# Key phrases: concept names of at most three words, matched case-insensitively on
# word boundaries, longest first. "<up to two words> theorem|rule|law|..." is found
# by a pattern as well.
_PHRASES = (
    "pythagorean theorem", "pythagoras theorem", "pythagoras' theorem", "angle sum theorem",
    "triangle angle sum", "angle sum property", "exterior angle theorem", "segment addition",
    "angle addition", "similar triangles", "congruent triangles", "isosceles triangle",
    "equilateral triangle", "right triangle", "right-angled triangle", "vertical angles",
    "vertically opposite angles", "corresponding angles", "alternate interior angles",
    "alternate angles", "co-interior angles", "supplementary angles", "complementary angles",
    "linear pair", "inscribed angle", "central angle", "angle bisector",
    "perpendicular bisector", "base angles", "parallel lines", "perpendicular lines",
    "law of sines", "law of cosines", "sine rule", "cosine rule", "quadratic formula",
    "distance formula", "midpoint formula", "slope formula", "area formula",
    "difference of squares", "completing the square", "arithmetic sequence",
    "geometric sequence", "common difference", "common ratio", "arithmetic mean",
    "weighted average", "percentage change", "percent change", "rate of change", "unit rate",
    "order of operations", "least common multiple", "greatest common divisor",
    "greatest common factor", "prime factorization", "place value", "circumference formula",
    "tangent line", "vieta's formulas", "triangle inequality", "mean value theorem",
    "inclusion-exclusion", "conservation of energy", "newton's second law", "ohm's law",
)
_PHRASE_SUFFIXES = ("theorem", "rule", "law", "formula", "formulas", "principle", "postulate",
                    "identity", "inequality", "property")
_PHRASE_RE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True))
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_SUFFIX_RE = re.compile(
    r"(?<![A-Za-z'’])((?:[A-Za-z][A-Za-z'’-]{1,30}[ \t]+){1,2})(" + "|".join(_PHRASE_SUFFIXES)
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
# Equivalent names of a few concepts (lower case, first is the group's usual name).
_PHRASE_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("pythagorean theorem", "pythagoras theorem", "pythagoras' theorem", "pythagoras"),
    ("angle sum theorem", "triangle angle sum", "angle sum property", "angle sum",
     "sum of the angles"),
    ("law of sines", "sine rule"),
    ("law of cosines", "cosine rule"),
    ("vertical angles", "vertically opposite angles"),
    ("right triangle", "right-angled triangle"),
    ("greatest common divisor", "greatest common factor", "gcd"),
    ("least common multiple", "lcm"),
    ("percentage change", "percent change"),
)
_SYNONYMS_OF = {name: group for group in _PHRASE_SYNONYMS for name in group}

# A final-answer line, in layouts where it is not a section of its own.
_ANSWER_LINE = re.compile(
    r"^\W{0,8}(?:so,?\s+|thus,?\s+|therefore,?\s+|hence,?\s+)?(?:the\s+)?(?:final\s+)?"
    r"answer\s*(?:is\b|:)|\\boxed\s*\{|final answer",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- atoms


@dataclass(slots=True)
class _Atom:
    """A unit of meaning: a number with its unit, a name, an operator, a word, ...

    ``kind`` is one of ``val`` (a value: number, time, fraction, root), ``name``
    (``AB``, ``∠B``, ``x²``, ``π``), ``word`` (a content word), ``amb`` (``a``/``I``:
    a variable only next to an operator), ``stop`` (a function word), ``numw`` (a
    number word), ``op``, ``rel``, ``lp``, ``rp``, ``colon``, ``brk`` (anything an
    equation cannot cross) and ``xbrk`` (a symbol we cannot spell, ``\\sum``, ``|``:
    no equation next to it is taken). ``forms`` are the ASCII, Unicode and LaTeX spellings of
    the atom without its unit; ``units`` those of its unit (with a leading space where
    one belongs); ``core`` is the source text without the unit.
    """

    kind: str
    start: int
    end: int
    text: str
    forms: tuple[str, str, str]
    core: str = ""
    units: tuple[str, str, str] | None = None
    unit_key: str = ""
    value: str = ""  # val: the number as written; rel/op: the canonical symbol

    def render(self, style: int | None, *, bare: bool = False) -> str:
        """This atom in *style* (``None``: as written); *bare* drops a unit."""
        if style is None:
            return self.core if bare and self.units is not None else self.text
        if bare or self.units is None:
            return self.forms[style]
        return self.forms[style] + self.units[style]


def _same(text: str) -> tuple[str, str, str]:
    return (text, text, text)


def _exponent(token: str) -> str:
    """The exponent of a superscript token: ``²`` -> ``2``, ``^{10}`` -> ``10``."""
    if token[0] != "^":
        return token.translate(_FROM_SUPERSCRIPT)
    body = token[1:].strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1].strip()
    return body


def _with_power(forms: tuple[str, str, str], exponent: str) -> tuple[str, str, str]:
    simple = bool(_SIMPLE_OPERAND.fullmatch(exponent))
    ascii_ = f"{forms[0]}^{exponent}" if simple else f"{forms[0]}^({exponent})"
    if exponent and all(c in "0123456789-+" for c in exponent):
        uni = forms[1] + exponent.translate(_SUPERSCRIPT_DIGITS)
    else:
        uni = ascii_
    return (ascii_, uni, f"{forms[2]}^{{{exponent}}}" if len(exponent) > 1 else f"{forms[2]}^{exponent}")


def _with_subscript(forms: tuple[str, str, str], sub: str) -> tuple[str, str, str]:
    plain = sub if len(sub) == 1 else "{" + sub + "}"
    return (f"{forms[0]}_{plain}", f"{forms[1]}_{plain}", f"{forms[2]}_{plain}")


def _group(text: str) -> str:
    text = text.strip()
    return text if _SIMPLE_OPERAND.fullmatch(text) else f"({text})"


def _frac_forms(token: str) -> tuple[str, str, str]:
    m = FRAC_PATTERN.match(token)
    if m is None:
        return _same(token)
    num, den = m.group(1).strip(), m.group(2).strip()
    plain = f"{_group(num)}/{_group(den)}"
    return (plain, plain, f"\\frac{{{num}}}{{{den}}}")


def _sqrt_forms(token: str) -> tuple[str, str, str]:
    m = _SQRT_PARTS.match(token)
    if m is None:
        return _same(token)
    body = (m.group(1) if m.group(1) is not None else m.group(2) or "").strip()
    simple = bool(_SIMPLE_OPERAND.fullmatch(body))
    return (f"sqrt({body})", f"√{body}" if simple else f"√({body})", f"\\sqrt{{{body}}}")


def _unit_forms(word: str, power: int) -> tuple[tuple[str, str, str], str]:
    """Spellings and canonical key of a unit *word* raised to *power*."""
    low = word.lower()
    if low in _DEGREE_WORDS or word in ("°", "º", "˚"):
        return (" degrees", "°", "^\\circ"), "°"
    if low in _PERCENT_WORDS or word == "%":
        return ("%", "%", "\\%"), "%"
    if power > 1:
        sup = str(power).translate(_SUPERSCRIPT_DIGITS)
        return (f" {word}^{power}", f" {word}{sup}", f" {word}^{power}"), f"{low}^{power}"
    return _same(f" {word}"), low


def _tokens(text: str) -> list[tuple[str, int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("sp", "env", "dollar"):
            continue
        out.append((kind, m.start(), m.end(), m.group()))
    return out


def _is_unit_word(word: str) -> bool:
    return word in _LENGTH_UNITS or word in _OTHER_UNITS or word.lower() in _DEGREE_WORDS \
        or word.lower() in _PERCENT_WORDS


def _atoms(text: str) -> list[_Atom]:  # noqa: C901 - one linear pass over the tokens
    """The atoms of *text*, in order; a single left-to-right pass."""
    toks = _tokens(text)
    atoms: list[_Atom] = []
    n = len(toks)
    i = 0

    def gap(a: int, b: int) -> bool:
        """True when only spaces separate character offsets a and b; LaTeX spacing
        counts as a space (``12\\,\\text{cm}`` is 12 cm)."""
        between = text[a:b]
        return not between.strip() or not _LATEX_SPACE.sub("", between).strip()

    while i < n:
        kind, start, end, tok = toks[i]
        i += 1
        if kind in ("num", "time", "frac", "sqrt"):
            if kind == "num":
                forms = _same(tok)
            elif kind == "time":
                forms = _same(tok)
            elif kind == "frac":
                forms = _frac_forms(tok)
            else:
                forms = _sqrt_forms(tok)
            core_end = end
            units = None
            unit_key = ""
            # a power of the number itself: 3² or 3^2
            if i < n and toks[i][0] == "sup" and toks[i][1] == end:
                forms = _with_power(forms, _exponent(toks[i][3]))
                end = core_end = toks[i][2]
                i += 1
            # a unit: 30°, 30^\circ, 12 cm, 12 cm², 12 square cm, 50%, 12\text{ cm}
            if i < n and gap(end, toks[i][1]):
                k2, s2, e2, t2 = toks[i]
                power = 0
                unit_word = None
                j = i
                if k2 == "deg":
                    unit_word, j = "°", i + 1
                elif k2 == "pct":
                    unit_word, j = "%", i + 1
                elif k2 == "word" and t2.lower() in _POWER_WORDS and i + 1 < n \
                        and toks[i + 1][0] == "word" and toks[i + 1][3] in _LENGTH_UNITS \
                        and gap(e2, toks[i + 1][1]):
                    power, unit_word, j = _POWER_WORDS[t2.lower()], toks[i + 1][3], i + 2
                elif k2 == "word" and _is_unit_word(t2) and not (
                        t2 == "in" or (t2 in ("m", "L") and i + 1 < n and toks[i + 1][0] in ("rel", "op"))):
                    unit_word, j = t2, i + 1
                elif k2 == "textcmd":
                    inner = _BRACED.search(t2)
                    word = inner.group(1).strip() if inner else ""
                    if _is_unit_word(word) and word != "in":
                        unit_word, j = word, i + 1
                if unit_word is not None:
                    unit_end = toks[j - 1][2]
                    if unit_word not in ("°", "%") and j < n and toks[j][0] == "sup" \
                            and toks[j][1] == unit_end:
                        exp = _exponent(toks[j][3])
                        if exp.isdigit():
                            power = int(exp)
                            unit_end = toks[j][2]
                            j += 1
                    units, unit_key = _unit_forms(unit_word, power)
                    end = unit_end
                    i = j
            value = tok if kind in ("num", "time") else ""
            sign = _sign(atoms, start) if kind != "time" else None
            if sign is not None:  # "-5" is one value: "x is -5" must not read as "x is 5"
                atoms.pop()
                start = sign.start
                forms = (f"-{forms[0]}", f"-{forms[1]}", f"-{forms[2]}")
                value = f"-{value}" if value else ""
            atoms.append(_Atom("val", start, end, text[start:end], forms,
                               core=text[start:core_end], units=units, unit_key=unit_key,
                               value=value))
            continue
        if kind in ("sup", "sub", "deg"):
            prev = atoms[-1] if atoms else None
            if prev is not None and prev.end == start and prev.kind in ("word", "amb"):
                prev.kind = "name"  # a^2, v_1: a variable after all
            if prev is not None and prev.end == start and prev.kind in ("name", "rp", "val"):
                if kind == "sub":
                    body = tok[1:].strip()
                    if body.startswith("{") and body.endswith("}"):
                        body = body[1:-1].strip()
                    prev.forms = _with_subscript(prev.forms, body)
                elif kind == "deg":
                    if prev.units is None:
                        prev.units, prev.unit_key = _unit_forms("°", 0)
                        prev.core = prev.text
                else:
                    prev.forms = _with_power(prev.forms, _exponent(tok))
                prev.end = end
                prev.text = text[prev.start:end]
                if prev.units is None:
                    prev.core = prev.text
            else:  # nothing to attach to (\sum_{i=1}^{n}): no formula next to it
                atoms.append(_Atom("xbrk", start, end, tok, _same(tok)))
            continue
        if kind == "textcmd":
            inner = _BRACED.search(tok)
            word = inner.group(1).strip() if inner else ""
            if word:
                atoms.append(_Atom("word" if word.lower() not in _STOPWORDS else "stop",
                                   start, end, tok, _same(word)))
            continue
        if kind == "cmd":
            name = tok[1:]
            if name in _CMD_OPS:
                op = _CMD_OPS[name]
                atoms.append(_Atom("op", start, end, tok, _OP_FORMS[op], value=op))
            elif name in _CMD_RELS:
                rel = _CMD_RELS[name]
                atoms.append(_Atom("rel", start, end, tok, _REL_FORMS[rel], value=rel))
            elif name in ("angle", "measuredangle", "triangle", "bigtriangleup"):
                i = _prefixed(text, toks, i, atoms, start, "angle" if "angle" in name else "triangle")
            elif name in _GREEK_CMDS or name in ("Delta", "Theta", "Phi", "Omega"):
                char = _GREEK_CMDS.get(name, tok)
                atoms.append(_Atom("name", start, end, tok, (name.lower(), char, tok)))
            elif name in _FUNCTIONS:
                atoms.append(_Atom("name", start, end, tok, (name, name, tok)))
            elif name in _CMD_BREAKS:
                atoms.append(_Atom("brk", start, end, tok, _same(tok)))
            elif name in ("infty",):
                atoms.append(_Atom("name", start, end, tok, ("infty", "∞", tok)))
            elif name in ("cdots", "ldots", "dots"):
                atoms.append(_Atom("name", start, end, tok, ("...", "…", tok)))
            elif name not in _CMD_TRANSPARENT:
                # an operator we do not render (\sum, \int, \lim, ...): leaving it out
                # would change the meaning, so no formula next to it is taken
                atoms.append(_Atom("xbrk", start, end, tok, _same(tok)))
            continue
        if kind == "rel":
            rel = _RELS.get(tok, tok)
            atoms.append(_Atom("rel", start, end, tok, _REL_FORMS.get(rel, _same(tok)), value=rel))
            continue
        if kind == "op":
            op = _OPS[tok]
            atoms.append(_Atom("op", start, end, tok, _OP_FORMS[op], value=op))
            continue
        if kind == "prefix":
            i = _prefixed(text, toks, i, atoms, start, "triangle" if tok in "△∆" else "angle")
            continue
        if kind == "lp":
            atoms.append(_Atom("lp", start, end, tok, _same(tok)))
            continue
        if kind == "rp":
            atoms.append(_Atom("rp", start, end, tok, _same(tok)))
            continue
        if kind == "greek":
            name = _GREEK.get(tok.lower(), tok)
            atoms.append(_Atom("name", start, end, tok, (name, tok, f"\\{name}" if tok in _GREEK else tok)))
            continue
        if kind == "colon":
            if _is_ratio(text, atoms, toks, i, start, end):
                atoms.append(_Atom("xbrk", start, end, tok, _same(tok)))
            else:
                atoms.append(_Atom("colon", start, end, tok, _same(tok)))
            continue
        if kind == "word":
            low = tok.lower()
            # "12 x 9": x between two numbers is a times sign
            if tok == "x" and atoms and atoms[-1].kind == "val" and i < n and toks[i][0] == "num":
                atoms.append(_Atom("op", start, end, tok, _OP_FORMS["*"], value="*"))
                continue
            if low in ("angle", "triangle") and i < n and gap(end, toks[i][1]):
                k2, s2, e2, t2 = toks[i]
                if (k2 == "word" and t2.isupper() and len(t2) <= 3) or (k2 == "num" and len(t2) <= 2):
                    i = _prefixed(text, toks, i, atoms, start, low)
                    continue
            if low in _FUNCTIONS:
                atoms.append(_Atom("name", start, end, tok, (low, low, f"\\{low}")))
            elif tok.isupper() and len(tok) <= 4 and tok not in ("I", "A"):
                atoms.append(_Atom("name", start, end, tok, _same(tok)))
            elif len(tok) == 1 and tok not in ("a", "A", "I"):
                atoms.append(_Atom("name", start, end, tok, _same(tok)))
            elif tok in ("a", "A", "I"):
                atoms.append(_Atom("amb", start, end, tok, _same(tok)))
            elif low in _NUMBER_WORDS:
                atoms.append(_Atom("numw", start, end, tok, _same(tok), value=str(_NUMBER_WORDS[low])))
            elif low in _STOPWORDS:
                atoms.append(_Atom("stop", start, end, tok, _same(tok)))
            else:
                atoms.append(_Atom("word", start, end, tok, _same(tok)))
            continue
        if kind == "nl" or kind == "pct" or (kind == "other" and not tok.isspace()):
            if kind == "other" and tok in "'\"`#“”‘’":
                continue  # quotes do not end a formula
            hard = kind == "other" and tok not in ".,;!?…" and not _is_cjk(tok)  # |x|, ∑, ∫, ...
            if tok == "," and atoms and atoms[-1].kind == "val" and atoms[-1].end == start \
                    and i < n and toks[i][0] == "num" and toks[i][1] == end:
                hard = True  # "2,5": a decimal comma or a list, not the number 2
            atoms.append(_Atom("xbrk" if hard else "brk", start, end, tok, _same(tok)))
    return atoms


def _sign(atoms: list[_Atom], start: int) -> _Atom | None:
    """The minus sign written right before the number at *start*, when it is that
    number's sign: at the start, after a relation, an operator, a bracket or a verb
    (``x = -5``, ``f(-2)``, ``is -3``), or after a word with a space before it
    (``takes -15 minutes``). After an operand it subtracts (``x-5``, ``7 -5``)."""
    if not atoms or atoms[-1].kind != "op" or atoms[-1].value != "-" or atoms[-1].end != start:
        return None
    sign = atoms[-1]
    before = atoms[-2] if len(atoms) > 1 else None
    if before is None or before.kind not in ("val", "name", "rp", "word", "amb"):
        return sign
    return sign if before.kind in ("word", "amb") and before.end < sign.start else None


def _is_ratio(text: str, atoms: list[_Atom], toks: list[tuple[str, int, int, str]], i: int,
              start: int, end: int) -> bool:
    """Whether the colon at *start*..*end* (next token ``toks[i]``) writes a ratio:
    ``3:4``, ``3 : 4``, ``AB:BC``. A ratio is a symbol we do not spell, so neither
    ``BC = 2`` out of ``AB:BC = 2:3`` nor ``ratio = 3`` out of ``ratio = 3:4`` is taken."""
    if not atoms or i >= len(toks):
        return False
    prev, (kind, nstart, _, _) = atoms[-1], toks[i]
    if prev.end == start and nstart == end:  # written tight
        return (prev.kind == "val" and kind == "num") or (
            prev.kind == "name" and kind in ("word", "greek"))
    spaced = prev.end < start and nstart > end and not text[prev.end:start].strip() \
        and not text[end:nstart].strip()
    return spaced and prev.kind == "val" and kind == "num"


def _is_cjk(char: str) -> bool:
    """Whether *char* is Chinese, Japanese or Korean text or full-width punctuation:
    words and punctuation around the mathematics, not a symbol inside it."""
    return "\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" \
        or "\uf900" <= char <= "\ufaff" or "\ufe30" <= char <= "\ufe4f" \
        or "\uff00" <= char <= "\uffef"


def _prefixed(text: str, toks: list[tuple[str, int, int, str]], i: int, atoms: list[_Atom],
              start: int, prefix: str) -> int:
    """A name after an angle or triangle sign (``∠ABC``, ``\\angle A``, ``angle 1``);
    returns the index of the next token. Without a name the sign is dropped."""
    n = len(toks)
    if i < n and not text[toks[i - 1][2]:toks[i][1]].strip():
        kind, _, end, tok = toks[i]
        if (kind == "word" and tok.isupper() and len(tok) <= 4) or (kind == "num" and len(tok) <= 2) \
                or kind == "greek" or (kind == "word" and len(tok) == 1):
            if prefix == "angle":
                forms = (f"angle {tok}", f"∠{tok}", f"\\angle {tok}")
            else:
                forms = (f"triangle {tok}", f"△{tok}", f"\\triangle {tok}")
            atoms.append(_Atom("name", start, end, text[start:end], forms))
            return i + 1
    return i


# --------------------------------------------------------------------------- runs

_OPERANDS = frozenset({"val", "name", "word", "amb"})
_MATHY = frozenset({"val", "name", "op", "rel", "lp", "rp"})


def _math_flags(atoms: list[_Atom]) -> list[bool]:
    """Which atoms may belong to an equation or formula. Words count only next to an
    operator or a relation (``kiwi = 24``, ``length × width``)."""
    flags = [a.kind in _MATHY for a in atoms]
    for k, a in enumerate(atoms):
        if a.kind in ("word", "amb"):
            before = atoms[k - 1].kind if k > 0 else ""
            after = atoms[k + 1].kind if k + 1 < len(atoms) else ""
            flags[k] = before in ("op", "rel") or after in ("op", "rel")
    return flags


def _trim(run: list[_Atom]) -> list[_Atom]:
    """Drop operators and unmatched brackets at the ends of a run."""
    lo, hi = 0, len(run)
    while True:
        changed = False
        while lo < hi and (run[lo].kind in ("op", "rel", "rp")) and not (
                run[lo].kind == "op" and run[lo].value == "-" and lo + 1 < hi
                and run[lo + 1].kind == "val"):
            lo += 1
            changed = True
        while lo < hi and run[hi - 1].kind in ("op", "rel", "lp"):
            hi -= 1
            changed = True
        # a word belongs to a formula only beside an operator or relation that stays
        if lo < hi and run[lo].kind in ("word", "amb") and (
                lo + 1 >= hi or run[lo + 1].kind not in ("op", "rel")):
            lo += 1
            changed = True
        if lo < hi and run[hi - 1].kind in ("word", "amb") and (
                hi - 2 < lo or run[hi - 2].kind not in ("op", "rel")):
            hi -= 1
            changed = True
        depth = 0
        for a in run[lo:hi]:
            if a.kind == "lp":
                depth += 1
            elif a.kind == "rp":
                depth -= 1
                if depth < 0:
                    break
        if depth != 0 and lo < hi:
            # unbalanced: cut at the outermost offending bracket
            if depth > 0:
                for k in range(lo, hi):
                    if run[k].kind == "lp":
                        lo = k + 1
                        break
            else:
                for k in range(hi - 1, lo - 1, -1):
                    if run[k].kind == "rp":
                        hi = k
                        break
            changed = True
        if not changed:
            return run[lo:hi]


def _parts(run: list[_Atom]) -> tuple[list[list[_Atom]], list[_Atom]]:
    """Split a run at its top-level relations: the sides and the relations."""
    parts: list[list[_Atom]] = [[]]
    rels: list[_Atom] = []
    depth = 0
    for a in run:
        if a.kind == "lp":
            depth += 1
        elif a.kind == "rp":
            depth -= 1
        if a.kind == "rel" and depth == 0:
            rels.append(a)
            parts.append([])
        else:
            parts[-1].append(a)
    return parts, rels


def _has_operand(part: list[_Atom]) -> bool:
    return any(a.kind in _OPERANDS for a in part)


def _left_side_cut(atoms: list[_Atom], first: int, left: list[_Atom]) -> bool:
    """Whether an equation starting at atom *first* with left side *left* is the tail
    of a phrase: a lone number right after a word that takes it as its object
    (``50% of 80 = 40``, ``3 times 4 = 12``, ``3 more than 4 = 7``) or after the
    ``and`` of ``3 and 4`` (``the sum of 3 and 4 = 7``). Read alone it would be a
    false equation (``80 = 40``) that a wrong solution can match too."""
    if first == 0 or len(left) != 1 or left[0].kind != "val":
        return False
    word = atoms[first - 1].text.lower()
    if word != "and":
        return word in _OBJECT_WORDS
    # "3 and 4 = 7", but not "... = 12 and 12 = 2 × 6" nor "kiwi, and 24 > 19"
    return first >= 2 and atoms[first - 2].kind == "val" and (
        first < 3 or atoms[first - 3].kind not in ("op", "rel"))


def _math_runs(atoms: list[_Atom]) -> list[tuple[str, list[_Atom]]]:
    """Equations (``"eq"``) and formulas (``"formula"``) in *atoms*, in order."""
    flags = _math_flags(atoms)
    out: list[tuple[str, list[_Atom]]] = []
    k = 0
    n = len(atoms)
    while k < n:
        if not flags[k]:
            k += 1
            continue
        j = k
        while j < n and flags[j]:
            j += 1
        if (k > 0 and atoms[k - 1].kind == "xbrk") or (j < n and atoms[j].kind == "xbrk"):
            k = j  # next to something we cannot render: "\sum_{i=1}^{n} i = 55" is no "i = 55"
            continue
        if j - k > 4 * _MAX_RUN_ATOMS:  # too long to be one step; trimming it is quadratic
            k = j
            continue
        run = _trim(atoms[k:j])
        first = k
        k = j
        if not run or len(run) > _MAX_RUN_ATOMS:
            continue
        while atoms[first] is not run[0]:
            first += 1
        parts, rels = _parts(run)
        if rels and _left_side_cut(atoms, first, parts[0]):
            continue
        if rels:
            if all(_has_operand(p) for p in parts):
                out.append(("eq", run))
            continue
        operands = [a for a in run if a.kind in _OPERANDS]
        ops = [a for a in run if a.kind == "op"]
        if ops and len(operands) >= 2 and any(a.kind in ("name", "word") for a in operands) \
                and any(a.kind == "word" or len(a.text) > 1 for a in operands if a.kind != "val"):
            out.append(("formula", run))
    return out


# --------------------------------------------------------------------------- rendering


def _join(pieces: list[tuple[_Atom, str]], compact: bool) -> str:
    """Join rendered atoms with single spaces, except inside brackets, after a unary
    minus, between a number and the name it multiplies (``2x``) and, when *compact*,
    around operators and relations."""
    out: list[str] = []
    prev: _Atom | None = None
    unary_minus = False  # the previous atom is a minus sign with no left operand
    for atom, text in pieces:
        if prev is not None:
            tight = atom.kind == "rp" or prev.kind == "lp" or unary_minus \
                or (prev.end == atom.start and prev.kind in ("val", "name", "rp")
                    and atom.kind in ("name", "lp"))
            if compact and (atom.kind in ("op", "rel") or prev.kind in ("op", "rel")):
                tight = True
            if not tight:
                out.append(" ")
        unary_minus = atom.kind == "op" and atom.value == "-" and (
            prev is None or prev.kind in ("op", "rel", "lp"))
        out.append(text)
        prev = atom
    return "".join(out)


def _render(atoms: list[_Atom], style: int | None, *, compact: bool = False,
            bare: bool = False) -> str:
    return _join([(a, a.render(style, bare=bare)) for a in atoms], compact)


def _render_rel(rel: _Atom, style: int | None, flip: bool = False) -> str:
    value = _FLIPPED.get(rel.value, rel.value) if flip else rel.value
    forms = _REL_FORMS.get(value)
    if forms is None:
        return rel.text
    if style is None:
        if not flip:
            return rel.text
        return forms[_UNICODE] if rel.text in ("≤", "≥") else forms[_ASCII]
    return forms[style]


def _equation(left: list[_Atom], rel: _Atom, right: list[_Atom], style: int | None, *,
              flip: bool = False, bare: bool = False) -> str:
    return (f"{_render(left, style, bare=bare)} {_render_rel(rel, style, flip)} "
            f"{_render(right, style, bare=bare)}")


def _number(atom: _Atom) -> float | None:
    try:
        return float(atom.value.replace(",", ""))
    except ValueError:
        return None


def _specific(atom: _Atom) -> bool:
    """Whether a value alone still points at one step: a time, a value with a unit
    that is not a stock constant, or a decimal with three significant digits. Never
    a negative value: ``-5 cm`` alone also matches the subtraction ``12 - 5 cm``."""
    if atom.kind != "val" or atom.forms[_ASCII].startswith("-"):
        return False
    if ":" in atom.value:
        return True
    number = _number(atom)
    if number is None:  # a fraction or a root
        return sum(c.isdigit() for c in atom.forms[_ASCII]) >= 2 and atom.units is not None
    if atom.units is not None:
        if number in (0.0, 1.0):
            return False
        if atom.unit_key == "°" and number in (90.0, 180.0, 360.0):
            return False
        return not (atom.unit_key == "%" and number == 100.0)
    digits = atom.value.replace(",", "").replace(".", "").strip("0")
    return "." in atom.value and len(digits) >= 3


def _value_alone(atom: _Atom) -> list[str]:
    if not _specific(atom):
        return []
    return [atom.render(None), *(atom.render(s) for s in (_UNICODE, _ASCII))]


def _equation_variants(run: list[_Atom]) -> tuple[list[str], list[str]]:
    """Spellings of an equation (strictly equivalent) and looser forms implied by it."""
    parts, rels = _parts(run)
    strict = [_render(run, _ASCII), _render(run, _ASCII, compact=True), _render(run, _UNICODE),
              _render(run, _LATEX)]
    loose: list[str] = []
    has_units = any(a.units is not None for a in run)
    chain = all(r.value in ("=", "~") for r in rels)
    if len(rels) == 1:
        left, right = parts
        strict.append(_equation(right, rels[0], left, None, flip=True))
        if rels[0].value == "=" and len(left) == 1 and left[0].kind in ("name", "word") \
                and len(right) == 1 and right[0].kind == "val":
            strict.append(f"{left[0].render(None)} is {right[0].render(None)}")
            strict.append(f"{left[0].render(None)}: {right[0].render(None)}")
            if right[0].units is not None:
                loose.append(f"{left[0].render(None)} = {right[0].render(None, bare=True)}")
    elif chain:
        # the links of a chain that still end in its result: the start, and each
        # computation, equal to the result (a link that merely restates another
        # fact, as in "∠2 = ∠1 = 65°", is not one)
        last, rel = parts[-1], rels[-1]
        links = [parts[0], *(p for p in parts[1:-1] if any(a.kind == "op" for a in p))]
        loose.extend(_equation(p, rel, last, None) for p in links)
        if has_units:
            loose.extend(_equation(p, rel, last, _ASCII, bare=True) for p in links[-1:])
    if has_units:
        loose.append(_render(run, _ASCII, bare=True))
    last = parts[-1]
    # the value alone, for a computed result only: a value that was read off a figure
    # ("AB = 15 cm") recurs in wrong solutions too
    if chain and len(last) == 1 and any(a.kind == "op" for p in parts[:-1] for a in p):
        loose.extend(_value_alone(last[0]))
    return strict, loose


def _leading_formula(run: list[_Atom]) -> list[_Atom] | None:
    """The symbolic first link of a chain that goes on to numbers (``AB² = AC² + BC²``
    of ``AB² = AC² + BC² = 6² + 8² = 100``), or ``None``."""
    parts, rels = _parts(run)
    if len(parts) < 3 or any(r.value != "=" for r in rels):
        return None
    first, second = parts[0], parts[1]
    if any(a.kind == "val" for a in first + second) or not any(a.kind == "op" for a in second):
        return None
    if not any(a.kind == "val" for p in parts[2:] for a in p):
        return None
    return run[: len(first) + 1 + len(second)]


def _value_statement(name: list[_Atom], value: _Atom) -> tuple[list[str], list[str]]:
    shown = _render(name, None)
    strict = [f"{shown} is {value.render(None)}", f"{shown} = {value.render(None)}",
              f"{_render(name, _ASCII)} = {value.render(_ASCII)}",
              f"{_render(name, _UNICODE)} = {value.render(_UNICODE)}",
              f"{shown}: {value.render(None)}"]
    loose = []
    if value.units is not None:
        loose.append(f"{shown} = {value.render(None, bare=True)}")
    if ":" in value.value:  # a time of day is specific on its own
        loose.extend(_value_alone(value))
    return strict, loose


def _count_variants(value: _Atom, noun: _Atom) -> list[str]:
    count = int(value.value) if value.value.isdigit() else None
    out = [f"{value.text} {noun.text}"]
    if value.kind == "numw":
        out.append(f"{value.value} {noun.text}")
    elif count is not None and count in _DIGIT_WORDS:
        out.append(f"{_DIGIT_WORDS[count]} {noun.text}")
    out.append(f"{noun.text}: {value.value}")
    return out


def _phrase_variants(text: str) -> list[str]:
    low = " ".join(text.lower().split())
    out = [text]
    group = _SYNONYMS_OF.get(low)
    if group is not None:
        out.extend(name for name in group if name != low)
    words = low.split()
    if len(words) >= 3 and words[-1] in _PHRASE_SUFFIXES:
        out.append(" ".join(words[:-1]))
    return out


def _finish(alternatives: list[str], limit: int = MAX_ALTERNATIVES) -> list[str]:
    out: list[str] = []
    for alt in alternatives:
        alt = _WS.sub(" ", alt).strip()
        if alt and alt not in out:
            out.append(alt)
        if len(out) >= limit:
            break
    return out


# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    kind: str  # "eq", "formula", "value", "count", "phrase"
    text: str  # the key step as written
    strict: tuple[str, ...]  # the same statement in other spellings
    loose: tuple[str, ...]  # forms it implies that are still specific
    reading: str = ""  # for a named value read or computed ("BC = 12"): its number


def _statement_candidates(text: str, atoms: list[_Atom], used: list[bool]) -> list[_Candidate]:
    """Named values (``the length is 12 cm``, ``Grace: 39``) and counts (``4 circles``)."""
    out: list[_Candidate] = []
    n = len(atoms)
    for k, a in enumerate(atoms):
        if used[k] or a.kind not in ("val", "numw"):
            continue
        nxt = atoms[k + 1] if k + 1 < n else None
        if nxt is not None and nxt.kind in ("op", "rel"):
            continue
        # a value written against a symbol we do not spell is only part of what it
        # says: the 3 of the ratio "3:4", the 5 of the decimal "2,5"
        if (nxt is not None and nxt.kind == "xbrk" and (nxt.start == a.end or nxt.text == ":")) \
                or (k > 0 and atoms[k - 1].kind == "xbrk" and atoms[k - 1].end == a.start):
            continue
        # a count: "4 circles", "four squares", "1 triangle", "25 minutes"
        if nxt is not None and nxt.kind == "word" and a.units is None and (
                a.kind == "numw" or a.value.isdigit()) and not used[k + 1]:
            low = nxt.text.lower()
            plural = low.endswith("s") and len(low) >= 3 and low not in _NOT_NOUNS
            if plural or (a.value == "1" and len(low) >= 3 and low not in _NOT_NOUNS):
                # not "the two legs" (a reference to things, not a count) nor "Step 2 ..."
                if k == 0 or atoms[k - 1].kind not in ("op", "rel") and atoms[k - 1].text.lower() not in (
                        "step", "option", "figure", "choice", "the", "these", "those", "both",
                        "all", "its", "their"):
                    out.append(_Candidate(a.start, nxt.end, "count", text[a.start:nxt.end],
                                          tuple(_count_variants(a, nxt)[1:]), ()))
                    used[k] = used[k + 1] = True
                    continue
        if a.kind != "val":
            continue
        statement = _named_value(text, atoms, used, k)
        if isinstance(statement, _Candidate):
            out.append(statement)
        elif statement is None and (a.unit_key in _TIME_UNITS or ":" in a.value) \
                and not a.forms[_ASCII].startswith("-"):
            # a duration or a time of day says what it is by itself: "0 minutes", "7:25"
            # ("-15 minutes" alone would match the subtraction "45 - 15 minutes")
            out.append(_Candidate(a.start, a.end, "count", a.text, (), ()))
            used[k] = True
    return out


def _named_value(text: str, atoms: list[_Atom], used: list[bool], k: int) -> _Candidate | bool | None:
    """``NAME (is|are|:|equals|measures|has|shows) [fillers] VALUE`` ending at atom *k*;
    ``False`` when the value is said of something that is not a quantity of the
    problem (``each number is 5 minutes``), ``None`` when it is not said of a name."""
    a = atoms[k]
    nxt = atoms[k + 1] if k + 1 < len(atoms) else None
    j = k - 1
    while j >= 0 and k - j <= 3 and atoms[j].kind == "stop" and atoms[j].text.lower() in _FILLERS:
        j -= 1
    if j < 0:
        return None
    verb = atoms[j]
    if not (verb.kind == "colon" or (verb.kind == "stop" and verb.text.lower() in _VERBS)):
        return None
    j -= 1
    if j < 0 or used[j]:
        return None
    name: list[_Atom]
    if any(atoms[m].text.lower() in _OPTION_WORDS for m in range(max(j - 2, 0), j)):
        return False  # "option C: 60°", "answer is C: 60°": an answer choice, not the quantity C
    if atoms[j].kind == "name":
        name = [atoms[j]]
    elif atoms[j].kind == "word" and atoms[j].text.lower() in _NOT_NAMES:
        return False
    elif atoms[j].kind == "word":
        name = [atoms[j]]
        if j > 0 and atoms[j - 1].kind == "word" and not used[j - 1] and \
                atoms[j - 1].text.lower() not in _NOT_NAMES and verb.kind != "colon":
            name.insert(0, atoms[j - 1])
    else:
        return None
    if verb.kind == "colon" and nxt is not None and nxt.kind == "word":
        return None  # "shape: 2 circles" is a count
    if verb.kind != "colon":
        name = _quantity_of(atoms, used, j - len(name) + 1, name)
    start = name[0].start
    strict, loose = _value_statement(name, a)
    for m in range(j - len(name) + 1, k + 1):
        used[m] = True
    return _Candidate(start, a.end, "value", text[start:a.end], tuple(strict), tuple(loose),
                      _plain_number(a.value))


def _quantity_of(atoms: list[_Atom], used: list[bool], first: int, name: list[_Atom]) -> list[_Atom]:
    """*name* (atoms from *first*) with the quantity it is the object of: in
    ``the area of the square is 16 cm²`` the value is the area's, so the name is
    ``area of the square``, not ``square`` (nor ``ABCD`` of ``the perimeter of
    rectangle ABCD``). The length, measure or value of a thing is the thing
    (``the length of AB is 5 cm``: ``AB is 5 cm``)."""
    p = first - 1
    while p >= 0 and atoms[p].text.lower() in ("the", "a", "an") and not used[p]:
        p -= 1
    if p >= 1 and atoms[p].kind == "word" and atoms[p - 1].text.lower() == "of" and not used[p]:
        p -= 1  # a kind before the name: "of rectangle ABCD"
    if p < 1 or atoms[p].text.lower() != "of" or used[p] or used[p - 1] \
            or atoms[p - 1].kind != "word" or atoms[p - 1].text.lower() in _SAME_AS_ITS_OBJECT:
        return name
    return atoms[p - 1:first + len(name)]


def _phrase_candidates(text: str, taken: list[tuple[int, int]]) -> list[_Candidate]:
    """Concept names of at most three words (``Pythagorean theorem``), outside formulas."""
    found: list[tuple[int, int]] = []
    for m in _PHRASE_RE.finditer(text):
        found.append((m.start(), m.end()))
    for m in _SUFFIX_RE.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _STOPWORDS:
            words.pop(0)
        if not words:
            continue
        start = m.start(1) + m.group(1).find(words[0])
        found.append((start, m.end()))
    out: list[_Candidate] = []
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # furthest end among spans[:k+1]
    for start, end in sorted(found):
        k = bisect_left(starts, end) - 1  # spans that start before this phrase ends
        if k >= 0 and reach[k] > start:
            continue
        if out and out[-1].end > start:
            continue
        phrase = " ".join(text[start:end].split())
        if len(phrase.split()) > 3:
            continue
        out.append(_Candidate(start, end, "phrase", phrase, tuple(_phrase_variants(phrase)[1:]), ()))
    return out


def _clean(text: str) -> str:
    return _WS.sub(" ", _LATEX_DELIMS.sub(" ", text)).strip()


def _plain_number(value: str) -> str:
    value = value.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value


def _candidates(text: str, atoms: list[_Atom] | None = None) -> list[_Candidate]:
    """Every key-step candidate of one step text, in order of appearance."""
    if atoms is None:
        atoms = _atoms(text)
    used = [False] * len(atoms)
    index = {id(a): k for k, a in enumerate(atoms)}
    out: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for kind, run in _math_runs(atoms):
        start, end = run[0].start, run[-1].end
        written = _clean(text[start:end])
        if len(written) > MAX_KEY_STEP_CHARS:
            continue
        reading = ""
        if kind == "eq":
            formula = _leading_formula(run)
            if formula is not None:  # "Area = length × width = 11 × 12 = 132": two steps
                f_strict, f_loose = _equation_variants(formula)
                out.append(_Candidate(start, formula[-1].end, "eq",
                                      _clean(text[start:formula[-1].end]), tuple(f_strict),
                                      tuple(f_loose)))
            strict, loose = _equation_variants(run)
            if len(run) == 3 and run[1].kind == "rel" and run[1].value == "=" \
                    and run[0].kind in ("name", "word") and run[2].kind == "val" and run[2].value:
                reading = _plain_number(run[2].value)
        else:
            strict, loose = [_render(run, s) for s in _STYLES], []
        out.append(_Candidate(start, end, kind, written, tuple(strict), tuple(loose), reading))
        taken.append((start, end))
        for a in run:
            used[index[id(a)]] = True
    for cand in _statement_candidates(text, atoms, used):
        out.append(cand)
        taken.append((cand.start, cand.end))
    out.extend(_phrase_candidates(text, taken))
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _classify(text: str) -> _Candidate | None:
    """Read one key step as the single candidate it is, if it is one."""
    cands = _candidates(text)
    if not cands:
        return None
    clean = _clean(text)
    best = max(cands, key=lambda c: (c.end - c.start, -c.start))
    # the candidate must cover the key step but for a few words around it; a number
    # left out ("x = 2,5", "∠A = 30°, 40°") would make its forms another statement
    covered = len(_clean(text[best.start:best.end]))
    if any(ch.isdigit() for ch in text[:best.start] + text[best.end:]):
        return None
    return best if covered >= 0.6 * len(clean) else None


# --------------------------------------------------------------------------- public API


def augment_key_step(text: str) -> list[str]:
    """Return *text* and its equivalent forms: the alternatives of one key-step group.

    The first alternative is *text* itself, on one line (whitespace runs become one
    space). Then come its spellings in
    ASCII, compact ASCII, Unicode and LaTeX (``3 * 4 = 12``, ``3*4=12``,
    ``3 × 4 = 12``, ``3 \\times 4 = 12``), the equation with its sides swapped
    (inequalities flipped), a named value said both ways (``BC = 12`` /
    ``BC is 12``); then looser forms that still pin the step down: the links of a
    chain of equalities, the equation without units, and the value alone when it is
    specific (``30°``, ``12 cm``, ``7:25``, not ``12``). Counts get their number word
    (``4 circles`` / ``four circles``) and concept names their synonyms. At most
    `MAX_ALTERNATIVES`; deterministic; text longer than `MAX_AUGMENT_CHARS` comes back
    alone.

    Examples:
        >>> augment_key_step("∠B = 30°")
        ['∠B = 30°', 'angle B = 30 degrees', 'angle B=30 degrees', '\\\\angle B = 30^\\\\circ', '30° = ∠B', '∠B is 30°', '∠B: 30°', '∠B = 30', 'angle B = 30']
        >>> augment_key_step("∠C = 180° - 95° = 85°")[-4:]
        ['180 - 95 = 85', 'angle C = 180 - 95 = 85', '85°', '85 degrees']
        >>> augment_key_step("4 circles")
        ['4 circles', 'four circles', 'circles: 4']
    """
    if not isinstance(text, str):
        raise TypeError(f"augment_key_step expects a str, got {type(text).__name__}")
    text = text.strip()
    if not text:
        return []
    if len(text) > MAX_AUGMENT_CHARS:
        return [text]
    cand = _classify(text)
    if cand is None:
        return _finish(_phrase_variants(text))
    return _finish([text, *_group_alternatives(cand)])


def _group_alternatives(cand: _Candidate) -> list[str]:
    if cand.kind in ("phrase", "count"):
        return [cand.text, *cand.strict]
    # the strictly equivalent spellings first, the looser forms after
    return [cand.text, *cand.strict, *cand.loose]


def _regions(trace: Trace) -> list[str]:
    """The texts key steps come from: the numbered steps, or for a solution without
    numbered steps in another layout, its reasoning; final-answer lines dropped."""
    if trace.steps:
        texts = [s.text for s in trace.steps]
    elif trace.layout != "mulberry":
        texts = [trace.reasoning]
    else:
        texts = []
    out = []
    for t in texts:
        lines = [line for line in t.split("\n") if not _ANSWER_LINE.search(line)]
        out.append("\n".join(lines))
    return out


def _strict_keys(cand: _Candidate) -> set[str]:
    keys = {normalize_math_text(cand.text)}
    keys.update(normalize_math_text(s) for s in cand.strict)
    keys.discard("")
    return keys


def extract_key_steps(
    reference_solution: str | None, *, config: RewardConfig | None = None
) -> list[list[str]]:
    """Return the key steps of *reference_solution* as groups of alternatives.

    Reads the numbered steps (any layout `parse_trace` knows; the reasoning of a
    solution without numbered steps), never the final-answer line, and keeps, in
    order and each once: equations and inequalities, formulas, values with what they
    name, counts, and concept names of at most three words. Each group is the key
    step as written followed by `augment_key_step`'s forms of it, and every group
    matches *reference_solution* itself (a group that would not is dropped), so the
    reference scores a key-step ratio of 1.0. ``None`` or a solution without steps
    gives ``[]``; a non-string raises ``TypeError``.

    *config* supplies the header leniency, the input cap
    (``max_completion_chars``), the length cap of an alternative
    (``max_key_step_chars``) and the cap on groups (``max_key_step_groups``).

    Examples:
        >>> solution = ("### Step 1:\\nThe length is 12 cm and the width is 9 cm.\\n"
        ...             "### Step 2:\\nArea = 12 × 9 = 108 cm².\\n### The final answer is: 108")
        >>> [group[0] for group in extract_key_steps(solution)]
        ['length is 12 cm', 'width is 9 cm', 'Area = 12 × 9 = 108 cm²']
    """
    if reference_solution is None:
        return []
    if not isinstance(reference_solution, str):
        raise TypeError(f"extract_key_steps expects a str, got {type(reference_solution).__name__}")
    config = config or DEFAULT_CONFIG
    text = reference_solution[: config.max_completion_chars]
    trace = parse_trace(text, lenient_headers=config.lenient_headers)
    found: list[tuple[int, _Candidate]] = []
    numbers: list[tuple[int, int, str]] = []  # (region, offset, number) of every value
    for r, region in enumerate(_regions(trace)):
        atoms = _atoms(region)
        for a in atoms:
            if a.kind == "val" and a.value:
                for piece in a.value.split(":"):
                    numbers.append((r, a.start, _plain_number(piece)))
        found.extend((r, cand) for cand in _candidates(region, atoms))
    found = _essential(found, numbers)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for _, cand in found:
        if len(groups) >= config.max_key_step_groups:
            break
        key = normalize_math_text(cand.text)
        if not key or key in seen:
            continue
        group = [alt for alt in _finish(_group_alternatives(cand))
                 if len(alt) <= config.max_key_step_chars]
        if not group:
            continue
        seen.update(_strict_keys(cand))
        groups.append(group)
    if not groups:
        return []
    # Keep only groups that the reference itself matches (ratio 1.0 by construction).
    check = match_key_steps(trace, groups, config=config)
    return [g for g, m in zip(groups, check.groups, strict=True) if m.matched]


def _essential(found: list[tuple[int, _Candidate]],
               numbers: list[tuple[int, int, str]]) -> list[tuple[int, _Candidate]]:
    """Drop the readings of a long listing that the solution never uses again.

    A step that lists four or more named values (``kiwi = 24, peach = 19, ...``) of
    which at least two recur later (``24 > 19``) keeps only those that recur: the
    others are not essential to the solution. Listings whose values are all used,
    or all unused, stay whole.
    """
    by_region: dict[int, list[_Candidate]] = {}
    for r, cand in found:
        if cand.reading:
            by_region.setdefault(r, []).append(cand)
    last_seen: dict[str, tuple[int, int]] = {}
    for reg, pos, num in numbers:
        last_seen[num] = max(last_seen.get(num, (reg, pos)), (reg, pos))
    drop: set[int] = set()
    for r, readings in by_region.items():
        if len(readings) < 4:
            continue
        end = max(c.end for c in readings)
        used = [c for c in readings if last_seen.get(c.reading, (-1, -1)) >= (r, end)]
        if 2 <= len(used) < len(readings):
            keep = {id(c) for c in used}
            drop.update(id(c) for c in readings if id(c) not in keep)
    return [(r, c) for r, c in found if id(c) not in drop]
