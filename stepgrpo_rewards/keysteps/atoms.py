"""The atoms of a solution step, read in one left-to-right pass: values with their units
and signs, names (``AB``, ``∠B``, ``x²``), operators, relations, words and breaks, each
with its ASCII, Unicode and LaTeX spellings. The first stage of rule-based key-step
extraction (`stepgrpo_rewards.keysteps.extraction`).

Examples:
    >>> [(a.kind, a.text) for a in _atoms("AB = 12 cm")]
    [('name', 'AB'), ('rel', '='), ('val', '12 cm')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..mathtext.normalize import FRAC_PATTERN
from ..mathtext.symbols import FROM_SUPERSCRIPT, SUPERSCRIPT_DIGITS, TO_SUPERSCRIPT

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
    |(?P<sup>["""
    + SUPERSCRIPT_DIGITS
    + r"""]+|\^\s*(?:\{[^{}\n]{0,20}\}|-?[A-Za-z0-9]))
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

_BRACED = re.compile(r"\{([^{}]*)\}")
_SQRT_PARTS = re.compile(r"(?:\\sqrt\s*\{([^{}]*)\}|√\s*\(?([^()]*)\)?)")
_SIMPLE_OPERAND = re.compile(r"[A-Za-z0-9.]+")
_LATEX_SPACE = re.compile(r"\\[,;:! ]|\\q?quad\b")
_WS = re.compile(r"\s+")

# Minus is "-", U+2212 and U+2013 only, narrower than the normaliser's
# `mathtext.symbols.MINUS_AS_HYPHEN` on purpose: in a reference solution a hyphen
# (U+2010, U+2011) mostly joins words ("x\u2010axis"), and adding it here as an
# operator would change the key steps extracted from existing data without making
# them match the ASCII spelling's (tried: "x\u2010axis" became a key phrase).
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
# Words whose object is the number after them: an equation that starts with that
# number has lost the start of its left side ("half of 80 = 40" is no "80 = 40").
_OBJECT_WORDS = frozenset({"of", "than", "by", "times", "plus", "minus", "from", "over",
                           "twice", "thrice", "half", "double", "triple"})
_PHRASE_SUFFIXES = ("theorem", "rule", "law", "formula", "formulas", "principle", "postulate",
                    "identity", "inequality", "property")
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
        return token.translate(FROM_SUPERSCRIPT)
    body = token[1:].strip()
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1].strip()
    return body


def _with_power(forms: tuple[str, str, str], exponent: str) -> tuple[str, str, str]:
    simple = bool(_SIMPLE_OPERAND.fullmatch(exponent))
    ascii_ = f"{forms[0]}^{exponent}" if simple else f"{forms[0]}^({exponent})"
    if exponent and all(c in "0123456789-+" for c in exponent):
        uni = forms[1] + exponent.translate(TO_SUPERSCRIPT)
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
        sup = str(power).translate(TO_SUPERSCRIPT)
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


class _Scan:
    """The state of `_atoms`' one left-to-right pass over the tokens of *text*: the atoms
    so far and the index of the next token. Each ``_scan_*`` helper takes the token just
    read, appends atoms, and may consume the tokens after it (a unit, a name)."""

    __slots__ = ("atoms", "i", "n", "text", "toks")

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.atoms: list[_Atom] = []
        self.i = 0
        self.n = len(self.toks)

    def gap(self, a: int, b: int) -> bool:
        """True when only spaces separate character offsets a and b; LaTeX spacing
        counts as a space (``12\\,\\text{cm}`` is 12 cm)."""
        between = self.text[a:b]
        return not between.strip() or not _LATEX_SPACE.sub("", between).strip()

    def add(self, kind: str, start: int, end: int, tok: str, forms: tuple[str, str, str],
            value: str = "") -> None:
        self.atoms.append(_Atom(kind, start, end, tok, forms, value=value))


def _atoms(text: str) -> list[_Atom]:
    """The atoms of *text*, in order; a single left-to-right pass."""
    scan = _Scan(text)
    while scan.i < scan.n:
        kind, start, end, tok = scan.toks[scan.i]
        scan.i += 1
        handler = _SCANNERS.get(kind)
        if handler is not None:
            handler(scan, kind, start, end, tok)
    return scan.atoms


def _scan_value(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    """A number, a time, a fraction or a root, with its power, unit and sign."""
    if kind in ("num", "time"):
        forms = _same(tok)
    else:
        forms = _frac_forms(tok) if kind == "frac" else _sqrt_forms(tok)
    core_end = end
    units: tuple[str, str, str] | None = None
    unit_key = ""
    toks, i = scan.toks, scan.i
    # a power of the number itself: 3² or 3^2
    if i < scan.n and toks[i][0] == "sup" and toks[i][1] == end:
        forms = _with_power(forms, _exponent(toks[i][3]))
        end = core_end = toks[i][2]
        scan.i += 1
    unit = _scan_unit(scan, end)
    if unit is not None:
        units, unit_key, end = unit
    value = tok if kind in ("num", "time") else ""
    sign = _sign(scan.atoms, start) if kind != "time" else None
    if sign is not None:  # "-5" is one value: "x is -5" must not read as "x is 5"
        scan.atoms.pop()
        start = sign.start
        forms = (f"-{forms[0]}", f"-{forms[1]}", f"-{forms[2]}")
        value = f"-{value}" if value else ""
    scan.atoms.append(_Atom("val", start, end, scan.text[start:end], forms,
                            core=scan.text[start:core_end], units=units, unit_key=unit_key,
                            value=value))


def _scan_unit(scan: _Scan, end: int) -> tuple[tuple[str, str, str], str, int] | None:
    """The unit right after a value that ends at *end* (30°, 30^\\circ, 12 cm, 12 cm²,
    12 square cm, 50%, 12\\text{ cm}): its spellings, key and end, its tokens consumed;
    ``None`` when there is none."""
    toks, n, i = scan.toks, scan.n, scan.i
    if not (i < n and scan.gap(end, toks[i][1])):
        return None
    k2, _, e2, t2 = toks[i]
    power = 0
    unit_word = None
    j = i
    if k2 == "deg":
        unit_word, j = "°", i + 1
    elif k2 == "pct":
        unit_word, j = "%", i + 1
    elif k2 == "word" and t2.lower() in _POWER_WORDS and i + 1 < n \
            and toks[i + 1][0] == "word" and toks[i + 1][3] in _LENGTH_UNITS \
            and scan.gap(e2, toks[i + 1][1]):
        power, unit_word, j = _POWER_WORDS[t2.lower()], toks[i + 1][3], i + 2
    elif k2 == "word" and _is_unit_word(t2) and not (
            t2 == "in" or (t2 in ("m", "L") and i + 1 < n and toks[i + 1][0] in ("rel", "op"))):
        unit_word, j = t2, i + 1
    elif k2 == "textcmd":
        inner = _BRACED.search(t2)
        word = inner.group(1).strip() if inner else ""
        if _is_unit_word(word) and word != "in":
            unit_word, j = word, i + 1
    if unit_word is None:
        return None
    unit_end = toks[j - 1][2]
    if unit_word not in ("°", "%") and j < n and toks[j][0] == "sup" and toks[j][1] == unit_end:
        exp = _exponent(toks[j][3])
        if exp.isdigit():
            power = int(exp)
            unit_end = toks[j][2]
            j += 1
    units, unit_key = _unit_forms(unit_word, power)
    scan.i = j
    return units, unit_key, unit_end


def _scan_script(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    """A superscript, subscript or degree sign: part of the atom it touches."""
    prev = scan.atoms[-1] if scan.atoms else None
    if prev is not None and prev.end == start and prev.kind in ("word", "amb"):
        prev.kind = "name"  # a^2, v_1: a variable after all
    if prev is None or prev.end != start or prev.kind not in ("name", "rp", "val"):
        scan.add("xbrk", start, end, tok, _same(tok))  # \sum_{i=1}^{n}: no formula next to it
        return
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
    prev.text = scan.text[prev.start:end]
    if prev.units is None:
        prev.core = prev.text


def _scan_textcmd(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    """``\\text{...}``: the word inside."""
    inner = _BRACED.search(tok)
    word = inner.group(1).strip() if inner else ""
    if word:
        scan.add("word" if word.lower() not in _STOPWORDS else "stop", start, end, tok,
                 _same(word))


def _scan_cmd(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    """A LaTeX command: an operator, a relation, an angle or triangle sign, a Greek
    letter, a function, a break, or a symbol we do not render."""
    name = tok[1:]
    if name in _CMD_OPS:
        op = _CMD_OPS[name]
        scan.add("op", start, end, tok, _OP_FORMS[op], value=op)
    elif name in _CMD_RELS:
        rel = _CMD_RELS[name]
        scan.add("rel", start, end, tok, _REL_FORMS[rel], value=rel)
    elif name in ("angle", "measuredangle", "triangle", "bigtriangleup"):
        scan.i = _prefixed(scan.text, scan.toks, scan.i, scan.atoms, start,
                           "angle" if "angle" in name else "triangle")
    elif name in _GREEK_CMDS or name in ("Delta", "Theta", "Phi", "Omega"):
        scan.add("name", start, end, tok, (name.lower(), _GREEK_CMDS.get(name, tok), tok))
    elif name in _FUNCTIONS:
        scan.add("name", start, end, tok, (name, name, tok))
    elif name in _CMD_BREAKS:
        scan.add("brk", start, end, tok, _same(tok))
    elif name in ("infty",):
        scan.add("name", start, end, tok, ("infty", "∞", tok))
    elif name in ("cdots", "ldots", "dots"):
        scan.add("name", start, end, tok, ("...", "…", tok))
    elif name not in _CMD_TRANSPARENT:
        # an operator we do not render (\sum, \int, \lim, ...): leaving it out
        # would change the meaning, so no formula next to it is taken
        scan.add("xbrk", start, end, tok, _same(tok))


def _scan_rel(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    rel = _RELS.get(tok, tok)
    scan.add("rel", start, end, tok, _REL_FORMS.get(rel, _same(tok)), value=rel)


def _scan_op(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    op = _OPS[tok]
    scan.add("op", start, end, tok, _OP_FORMS[op], value=op)


def _scan_prefix(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    scan.i = _prefixed(scan.text, scan.toks, scan.i, scan.atoms, start,
                       "triangle" if tok in "△∆" else "angle")


def _scan_bracket(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    scan.add(kind, start, end, tok, _same(tok))


def _scan_greek(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    name = _GREEK.get(tok.lower(), tok)
    scan.add("name", start, end, tok, (name, tok, f"\\{name}" if tok in _GREEK else tok))


def _scan_colon(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    ratio = _is_ratio(scan.text, scan.atoms, scan.toks, scan.i, start, end)
    scan.add("xbrk" if ratio else "colon", start, end, tok, _same(tok))


def _scan_word(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    """A word: a times sign, an angle or triangle name, a function, a variable, a number
    word, a function word or a content word."""
    low, atoms, toks, i, n = tok.lower(), scan.atoms, scan.toks, scan.i, scan.n
    # "12 x 9": x between two numbers is a times sign
    if tok == "x" and atoms and atoms[-1].kind == "val" and i < n and toks[i][0] == "num":
        scan.add("op", start, end, tok, _OP_FORMS["*"], value="*")
        return
    if low in ("angle", "triangle") and i < n and scan.gap(end, toks[i][1]):
        k2, _, _, t2 = toks[i]
        if (k2 == "word" and t2.isupper() and len(t2) <= 3) or (k2 == "num" and len(t2) <= 2):
            scan.i = _prefixed(scan.text, toks, i, atoms, start, low)
            return
    if low in _FUNCTIONS:
        scan.add("name", start, end, tok, (low, low, f"\\{low}"))
    elif tok.isupper() and len(tok) <= 4 and tok not in ("I", "A"):
        scan.add("name", start, end, tok, _same(tok))
    elif len(tok) == 1 and tok not in ("a", "A", "I"):
        scan.add("name", start, end, tok, _same(tok))
    elif tok in ("a", "A", "I"):
        scan.add("amb", start, end, tok, _same(tok))
    elif low in _NUMBER_WORDS:
        scan.add("numw", start, end, tok, _same(tok), value=str(_NUMBER_WORDS[low]))
    elif low in _STOPWORDS:
        scan.add("stop", start, end, tok, _same(tok))
    else:
        scan.add("word", start, end, tok, _same(tok))


def _scan_break(scan: _Scan, kind: str, start: int, end: int, tok: str) -> None:
    """A line end, a lone percent sign or another symbol: where a formula stops."""
    if kind == "other" and (tok.isspace() or tok in "'\"`#“”‘’"):
        return  # quotes do not end a formula
    hard = kind == "other" and tok not in ".,;!?…" and not _is_cjk(tok)  # |x|, ∑, ∫, ...
    atoms, toks, i = scan.atoms, scan.toks, scan.i
    if tok == "," and atoms and atoms[-1].kind == "val" and atoms[-1].end == start \
            and i < scan.n and toks[i][0] == "num" and toks[i][1] == end:
        hard = True  # "2,5": a decimal comma or a list, not the number 2
    scan.add("xbrk" if hard else "brk", start, end, tok, _same(tok))


_SCANNERS = {
    "num": _scan_value, "time": _scan_value, "frac": _scan_value, "sqrt": _scan_value,
    "sup": _scan_script, "sub": _scan_script, "deg": _scan_script,
    "textcmd": _scan_textcmd, "cmd": _scan_cmd, "rel": _scan_rel, "op": _scan_op,
    "prefix": _scan_prefix, "lp": _scan_bracket, "rp": _scan_bracket, "greek": _scan_greek,
    "colon": _scan_colon, "word": _scan_word,
    "nl": _scan_break, "pct": _scan_break, "other": _scan_break,
}


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


