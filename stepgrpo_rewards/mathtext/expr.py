"""Safe, bounded parsing and comparison of the math found in final answers.

Model output is untrusted, so nothing here calls ``eval``, ``sympify``,
``parse_expr`` or a LaTeX converter on it. A small tokenizer and a Pratt parser
build sympy objects directly, and every step is bounded by the size of the input:
at most *max_chars* characters, 200 tokens, *max_depth* levels of nesting, numbers
of at most 60 digits, exponents of at most 1000 in magnitude, factorials of at most
100, and a budget on the bits of every exact value built. No signals, no timeouts,
no global mutable state: safe to call from any thread.

Equality (`expressions_equal`) never simplifies: it compares two rationals as exact
fractions, other constants numerically, and expressions with free symbols at five
fixed points, with a numeric evaluator of its own that cannot run away.

Why a parser of our own, when libraries read math: a reward runs on every sampled
completion, in trainer worker threads and async loops, on text a model wrote.
``sympy.sympify`` and ``parse_expr`` call ``eval`` (arbitrary code, and ``9**9**9``
hangs the process); LaTeX converters (latex2sympy, sympy's ANTLR parser) and
Math-Verify bound their work with ``signal.alarm`` timeouts, which work only in the
main thread (elsewhere they fail, or are skipped and the hang stays: verl once scored
every sample 0 this way) and are process-global state. Bounding the input instead
(characters, tokens, depth, digits, exponents, bits) keeps every call short, without
signals, on any thread, and the same in every process.

Examples:
    >>> expressions_equal(parse_math(r"\\sqrt{12}"), parse_math(r"2\\sqrt{3}"))
    True
    >>> parse_number("1,234.5 cm")
    1234.5
"""

from __future__ import annotations

import cmath
import functools
import math
import random
import re
from collections.abc import Callable, Mapping
from fractions import Fraction

import sympy
from sympy import Abs, Integer, Pow, Rational, S, Symbol

__all__ = [
    "expressions_equal",
    "has_degree",
    "has_percent",
    "parse_decimal",
    "parse_math",
    "parse_number",
    "split_number_unit",
    "strip_assignment",
]

#: Most digits in one number literal.
_MAX_DIGITS = 60
#: Largest |exponent| of a power (unless the base is 0, 1 or -1) or a ``1e...`` literal.
_MAX_EXPONENT = 1000
#: Largest factorial argument.
_MAX_FACTORIAL = 100
#: Most tokens in one expression.
_MAX_TOKENS = 200
#: Upper bound on the bits of any value built (about 3000 decimal digits).
_MAX_BITS = 10_000
#: Budget, per expression, on the bits of numbers put under a root: sympy factors them.
_MAX_ROOT_BITS = 256
#: Largest |exponent| sent to the numeric evaluator for ``exp``.
_MAX_EXP_ARG = 1000.0

_Node = tuple[sympy.Expr, int]  # (expression, upper bound on its size in bits)


class _Fail(Exception):
    """Raised inside the parser when the text cannot be read within the bounds."""


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
    "\u2212": "-", "\u2013": "-", "\u00d7": "*", "\u00b7": "*", "\u22c5": "*", "\u2217": "*",
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
_PERCENT_WORD_RE = re.compile(r"\s*(?<![A-Za-z])percent(?![A-Za-z])", re.IGNORECASE)
_SUPERSCRIPTS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207a\u207b"
_SUPERSCRIPT_RE = re.compile(f"[{_SUPERSCRIPTS}]+")
_SUPERSCRIPT_MAP = str.maketrans(_SUPERSCRIPTS, "0123456789+-")
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
_BOXED_RE = re.compile(r"\s*\\(?:boxed|fbox)\s*\{")

_PERCENT_RE = re.compile(r"%|(?<![A-Za-z])percent(?:age)?(?![A-Za-z])", re.IGNORECASE)
_HAS_DEGREE_RE = re.compile(
    r"\u00b0|\\circ|\\degree|(?<![A-Za-z])deg(?:ree)?s?(?![A-Za-z])", re.IGNORECASE
)


def _sub_vulgar(m: re.Match[str]) -> str:
    frac = _VULGAR[m.group(2)]
    return f"({m.group(1)}+{frac})" if m.group(1) else f"({frac})"


def _sub_superscript(m: re.Match[str]) -> str:
    return "^{" + m.group(0).translate(_SUPERSCRIPT_MAP) + "}"


def _unbox(s: str) -> str:
    """Unwrap a ``\\boxed{...}`` spanning the whole answer; elsewhere keep its braces."""
    for _ in range(4):
        m = _BOXED_RE.match(s)
        if m is None:
            break
        depth, start = 1, m.end()
        for end in range(start, len(s)):
            if s[end] == "{":
                depth += 1
            elif s[end] == "}":
                depth -= 1
                if depth == 0:
                    break
        else:
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
    if "ercent" in s or "ERCENT" in s:
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
    """True when *text* writes a percentage (``%``, ``\\%``, ``percent``).

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


# --------------------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(
    r"\s*(?:"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)"
    r"|(?P<word>[A-Za-z]+)"
    r"|\\(?P<cmd>[A-Za-z]+)"
    r"|(?P<op>[-+*/^!%()\[\]{}|_\u221a])"
    r"|(?P<greek>[\u0391-\u03a9\u03b1-\u03c9\u212f])"
    r")"
)
_WORD_PIECE_RE = re.compile(
    r"arcsin|arccos|arctan|sinh|cosh|tanh|sin|cos|tan|cot|sec|csc|log|ln|exp|sqrt|pi|[A-Za-z]"
)
_END = ("end", "")

_Token = tuple[str, str]


def _tokenize(s: str) -> list[_Token]:
    toks: list[_Token] = []
    pos, n = 0, len(s)
    match = _TOKEN_RE.match
    while pos < n:
        m = match(s, pos)
        if m is None:
            raise _Fail
        pos = m.end()
        kind = m.lastgroup
        if kind == "word":
            word = m.group("word")
            if len(word) == 1:
                toks.append(("sym", word))
            else:
                run = 0
                for piece in _WORD_PIECE_RE.findall(word):
                    if len(piece) == 1:
                        run += 1
                        if run > 3:  # prose, not a product of variables
                            raise _Fail
                        toks.append(("sym", piece))
                    else:
                        run = 0
                        toks.append(("name", piece))
        elif kind == "greek":
            text = m.group("greek")
            toks.append(("name", text) if text == "\u212f" else ("sym", text))
        elif kind is not None:
            toks.append((kind, m.group(kind)))
        if len(toks) > _MAX_TOKENS:
            raise _Fail
    toks.append(_END)
    return toks


# --------------------------------------------------------------------------- parser

# fmt: off
_FUNCS: dict[str, type[sympy.Function]] = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "cot": sympy.cot,
    "sec": sympy.sec, "csc": sympy.csc, "arcsin": sympy.asin, "arccos": sympy.acos,
    "arctan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "log": sympy.log, "ln": sympy.log,
}
# fmt: on
_INVERSE = {"sin": "arcsin", "cos": "arccos", "tan": "arctan"}
_GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu "
    "nu xi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma "
    "Phi Psi Omega".split()
)
_CONSTANTS: dict[str, sympy.Expr] = {"pi": S.Pi, "\u212f": S.Exp1}
_OPEN_CLOSE = {"(": ")", "[": "]", "{": "}"}
_ATOM_OPS = frozenset("([{\u221a")
_ADD_BP, _MUL_BP, _NEG_BP, _POW_BP, _POSTFIX_BP, _SQRT_BP = 10, 20, 25, 30, 40, 35
_HUNDRED = Integer(100)


def _bits(value: sympy.Rational) -> int:
    return int(value.p).bit_length() + int(value.q).bit_length()


class _Parser:
    __slots__ = ("toks", "pos", "depth", "max_depth", "abs_depth", "root_bits")

    def __init__(self, toks: list[_Token], max_depth: int) -> None:
        self.toks = toks
        self.pos = 0
        self.depth = 0
        self.max_depth = max_depth
        self.abs_depth = 0
        self.root_bits = 0

    # -- helpers -------------------------------------------------------------

    def _take(self) -> _Token:
        tok = self.toks[self.pos]
        if tok is _END:
            raise _Fail
        self.pos += 1
        return tok

    def _expect(self, text: str) -> None:
        if self.toks[self.pos] != ("op", text):
            raise _Fail
        self.pos += 1

    def _starts_atom(self, tok: _Token) -> bool:
        kind, text = tok
        if kind == "op":
            return text in _ATOM_OPS or (text == "|" and self.abs_depth == 0)
        return kind != "end"

    # -- arithmetic with bounds ---------------------------------------------------

    @staticmethod
    def _checked(expr: sympy.Expr, size: int) -> _Node:
        if size > _MAX_BITS:
            raise _Fail
        return expr, size

    def _mul(self, a: _Node, b: _Node) -> _Node:
        return self._checked(a[0] * b[0], a[1] + b[1])

    def _div(self, a: _Node, b: _Node) -> _Node:
        if b[0].is_zero:
            raise _Fail
        return self._checked(a[0] / b[0], a[1] + b[1])

    def _pow(self, base: _Node, exp: _Node) -> _Node:
        b, sb = base
        e, se = exp
        if b.is_Integer and abs(int(b)) <= 1:
            if b.is_zero and not (e.is_zero or e.is_extended_positive):
                raise _Fail  # 0^-1, 0^x
            return self._checked(Pow(b, e), sb + se)
        if e.is_Rational:
            mag = abs(Fraction(int(e.p), int(e.q)))
            if mag > _MAX_EXPONENT:
                raise _Fail
            if e.q != 1:
                self.root_bits += sb
                if self.root_bits > _MAX_ROOT_BITS or e.q > _MAX_EXPONENT:
                    raise _Fail
        elif not e.free_symbols:
            val = _evaluate(e, {})
            if val is None or abs(val) > _MAX_EXPONENT:
                raise _Fail
            mag = Fraction(abs(val))
        else:
            mag = Fraction(1)
        size = sb * max(1, math.ceil(mag)) + (0 if e.is_Rational else se)
        if size > _MAX_BITS:
            raise _Fail
        return self._checked(Pow(b, e), size)

    # -- grammar -------------------------------------------------------------------

    def expr(self, rbp: int) -> _Node:
        self.depth += 1
        if self.depth > self.max_depth:
            raise _Fail
        left = self.prefix()
        toks = self.toks
        while True:
            tok = toks[self.pos]
            kind, text = tok
            if kind == "op" and text in "+-":
                if _ADD_BP <= rbp:
                    break
                self.pos += 1
                right = self.expr(_ADD_BP)
                if text == "-":
                    right = (-right[0], right[1])
                left = self._checked(left[0] + right[0], left[1] + right[1])
            elif kind == "op" and text in "*/":
                if _MUL_BP <= rbp:
                    break
                self.pos += 1
                right = self.expr(_MUL_BP)
                left = self._mul(left, right) if text == "*" else self._div(left, right)
            elif kind == "op" and text == "^":
                if _POW_BP <= rbp:
                    break
                self.pos += 1
                left = self._pow(left, self.expr(_POW_BP - 1))
            elif kind == "op" and text == "!":
                if _POSTFIX_BP <= rbp:
                    break
                self.pos += 1
                if toks[self.pos] == ("op", "!"):
                    raise _Fail  # double factorial: not supported
                left = self._factorial(left)
            elif kind == "op" and text == "%":
                if _POSTFIX_BP <= rbp:
                    break
                self.pos += 1
                left = self._div(left, (_HUNDRED, 8))
            elif self._starts_atom(tok):
                if _MUL_BP <= rbp:
                    break
                if kind == "num" and toks[self.pos - 1][0] == "num":
                    raise _Fail  # "1 000": a spaced number, not a product
                left = self._mul(left, self.expr(_MUL_BP))
            else:
                break
        self.depth -= 1
        return left

    def prefix(self) -> _Node:
        kind, text = self._take()
        if kind == "num":
            return self._number_or_mixed(text)
        if kind == "sym":
            return self._symbol(text)
        if kind == "name":
            if text in _CONSTANTS:
                return _CONSTANTS[text], 2
            return self._function(text)
        if kind == "cmd":
            return self._command(text)
        if text == "-":
            node = self.expr(_NEG_BP)
            return -node[0], node[1]
        if text == "+":
            return self.expr(_NEG_BP)
        if text in _OPEN_CLOSE:
            return self._group(text)
        if text == "|":
            self.abs_depth += 1
            inner = self.expr(0)
            self._expect("|")
            self.abs_depth -= 1
            return Abs(inner[0]), inner[1]
        if text == "\u221a":
            if self.toks[self.pos][1] in _OPEN_CLOSE and self.toks[self.pos][0] == "op":
                arg = self._group(self._take()[1])
            else:
                arg = self.expr(_SQRT_BP)
            return self._pow(arg, (S.Half, 2))
        raise _Fail

    def _group(self, opener: str) -> _Node:
        saved, self.abs_depth = self.abs_depth, 0
        inner = self.expr(0)
        self._expect(_OPEN_CLOSE[opener])
        self.abs_depth = saved
        return inner

    def _tex_arg(self) -> _Node:
        """One TeX argument: ``{...}`` or a single character (``\\frac12``)."""
        kind, text = self.toks[self.pos]
        if kind == "op" and text == "{":
            self.pos += 1
            return self._group("{")
        if kind == "num":
            if len(text) > 1:
                if not text[1].isdigit():
                    raise _Fail
                self.toks[self.pos] = ("num", text[1:])
            else:
                self.pos += 1
            return self._number(text[0])
        if kind == "sym":
            self.pos += 1
            return Symbol(text), 2
        if kind in ("cmd", "name") and (text in _GREEK or text in _CONSTANTS):
            self.pos += 1
            return self._command(text) if kind == "cmd" else (_CONSTANTS[text], 2)
        raise _Fail

    def _number(self, text: str) -> _Node:
        s = text.replace(",", "").lower()
        mant, _, ex = s.partition("e")
        whole, _, frac = mant.partition(".")
        if len(whole) + len(frac) > _MAX_DIGITS or len(ex) > 6:
            raise _Fail
        n = int(whole + frac or "0")
        e = int(ex) if ex else 0
        if abs(e) > _MAX_EXPONENT:
            raise _Fail
        e -= len(frac)
        size = n.bit_length() + (10 * abs(e)) // 3 + 1
        if e >= 0:
            return Integer(n * 10**e), size
        return Rational(n, 10**-e), size

    def _number_or_mixed(self, text: str) -> _Node:
        node = self._number(text)
        toks, i = self.toks, self.pos
        if toks[i] != ("cmd", "frac") or not text.isdigit():
            return node
        # "2\frac{1}{2}" is the mixed number 2 1/2 when both parts are integer literals.
        if toks[i + 1][0] == "num" and len(toks[i + 1][1]) == 2 and toks[i + 1][1].isdigit():
            p, q, end = toks[i + 1][1][0], toks[i + 1][1][1], i + 2
        elif (
            toks[i + 1 : i + 4 : 2] == [("op", "{"), ("op", "}")]
            and i + 6 < len(toks)
            and toks[i + 4 : i + 7 : 2] == [("op", "{"), ("op", "}")]
            and toks[i + 2][0] == toks[i + 5][0] == "num"
            and toks[i + 2][1].isdigit()
            and toks[i + 5][1].isdigit()
        ):
            p, q, end = toks[i + 2][1], toks[i + 5][1], i + 7
        else:
            return node
        num, den = self._number(p), self._number(q)
        self.pos = end
        frac = self._div(num, den)
        return self._checked(node[0] + frac[0], node[1] + frac[1])

    def _symbol(self, name: str) -> _Node:
        toks = self.toks
        if toks[self.pos] == ("op", "_"):
            self.pos += 1
            kind, text = toks[self.pos]
            if kind == "op" and text == "{":
                parts: list[str] = []
                self.pos += 1
                while toks[self.pos][0] in ("num", "sym") and len(parts) < 4:
                    parts.append(toks[self.pos][1])
                    self.pos += 1
                self._expect("}")
                if not parts:
                    raise _Fail
                sub = "".join(parts)
            elif kind in ("num", "sym"):
                sub = text[0]
                if len(text) > 1:
                    toks[self.pos] = (kind, text[1:])
                else:
                    self.pos += 1
            else:
                raise _Fail
            name = f"{name}_{sub}"
        return Symbol(name), 2

    def _command(self, name: str) -> _Node:
        if name == "frac":
            num = self._tex_arg()
            return self._div(num, self._tex_arg())
        if name == "sqrt":
            index: _Node = (Integer(2), 2)
            if self.toks[self.pos] == ("op", "["):
                self.pos += 1
                index = self._group("[")
            arg = self._tex_arg()
            return self._pow(arg, self._div((S.One, 2), index))
        if name == "pi":
            return S.Pi, 2
        if name in _GREEK:
            return Symbol(name), 2
        if name in _FUNCS or name == "exp":
            return self._function(name)
        raise _Fail

    def _function(self, name: str) -> _Node:
        toks = self.toks
        if name == "sqrt":
            kind, text = toks[self.pos]
            if kind != "op" or text not in _OPEN_CLOSE:
                raise _Fail
            self.pos += 1
            return self._pow(self._group(text), (S.Half, 2))
        power: _Node | None = None
        base: _Node | None = None
        if name == "log" and toks[self.pos] == ("op", "_"):
            self.pos += 1
            base = self._tex_arg()
        if toks[self.pos] == ("op", "^"):
            self.pos += 1
            power = self.expr(_POW_BP - 1)
            if power[0] == S.NegativeOne and name in _INVERSE:
                name, power = _INVERSE[name], None
        kind, text = toks[self.pos]
        if kind == "op" and text in _OPEN_CLOSE:
            self.pos += 1
            arg = self._group(text)
        else:
            # "\sin 2x" is sin(2x); the argument stops at an operator or another function.
            arg = self.expr(_MUL_BP)
            while True:
                kind, text = toks[self.pos]
                if kind in ("num", "sym") or (
                    kind in ("cmd", "name") and (text in _GREEK or text in _CONSTANTS)
                ):
                    arg = self._mul(arg, self.expr(_MUL_BP))
                else:
                    break
        if name == "exp":
            result = self._pow((S.Exp1, 2), arg)
        else:
            result = (_FUNCS[name](arg[0]), arg[1] + 2)
            if base is not None:
                result = self._div(result, (sympy.log(base[0]), base[1] + 2))
        if power is not None:
            result = self._pow(result, power)
        return result

    def _factorial(self, node: _Node) -> _Node:
        arg, size = node
        if arg.is_Integer:
            if not 0 <= int(arg) <= _MAX_FACTORIAL:
                raise _Fail
            return sympy.factorial(arg), 600
        if not arg.free_symbols:
            raise _Fail
        return sympy.factorial(arg), size + 2


_BAD_VALUES = (S.NaN, S.ComplexInfinity, S.Infinity, S.NegativeInfinity)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, max_depth: int) -> sympy.Expr | None:
    try:
        s = _normalize(text)
        if not s:
            return None
        split = _split_unit(s)
        if split is not None:
            s = split[0]
        parser = _Parser(_tokenize(s), max_depth)
        expr, _ = parser.expr(0)
        if parser.toks[parser.pos] is not _END:
            return None
        if expr.has(*_BAD_VALUES):
            return None
        return expr
    except Exception:  # _Fail, or anything sympy raises on odd input: never propagate
        return None


def parse_math(text: str, *, max_chars: int = 300, max_depth: int = 24) -> sympy.Expr | None:
    """Parse a final answer into a sympy expression, or ``None`` if it cannot be read.

    Reads integers, decimals, scientific and thousands-separated numbers, the usual
    operators (LaTeX and Unicode spellings too), implicit multiplication, fractions,
    roots, powers, ``|x|``, factorials, percentages (``50%`` is ``1/2``), degrees
    (dropped: ``30°`` is ``30``), a trailing unit (``12 cm`` is ``12``), the common
    functions and constants ``\\pi`` (``e`` is a plain symbol, ``\\mathrm{e}`` is
    Euler's number), and single-letter variables (``xy`` is ``x*y``). Wrappers such
    as ``$...$``, ``\\boxed{}`` and ``\\text{}`` are removed.

    Never raises for a ``str``: text longer than *max_chars* (default 300), nested
    deeper than *max_depth* (default 24), or breaking any other bound gives ``None``.
    Results are cached by exact text.

    Examples:
        >>> parse_math(r"\\frac{1}{2}")
        1/2
        >>> parse_math("2x + 1")
        2*x + 1
        >>> parse_math("10^{10^{10}}") is None
        True
    """
    if not isinstance(text, str):
        if text is None:
            return None
        raise TypeError(f"parse_math expects a str, got {type(text).__name__}")
    if max_chars < 0 or max_depth < 1:
        raise ValueError("max_chars must be >= 0 and max_depth >= 1")
    if len(text) > max_chars:
        return None
    return _parse_cached(text, max_depth)


# --------------------------------------------------------------------------- numbers

# fmt: off
_FLOAT_FUNCS: dict[type, Callable[[complex], complex]] = {
    sympy.sin: cmath.sin, sympy.cos: cmath.cos, sympy.tan: cmath.tan,
    sympy.cot: lambda z: 1 / cmath.tan(z), sympy.sec: lambda z: 1 / cmath.cos(z),
    sympy.csc: lambda z: 1 / cmath.sin(z), sympy.asin: cmath.asin, sympy.acos: cmath.acos,
    sympy.atan: cmath.atan, sympy.sinh: cmath.sinh, sympy.cosh: cmath.cosh,
    sympy.tanh: cmath.tanh, sympy.log: cmath.log, sympy.exp: cmath.exp,
}
_FLOAT_CONSTANTS: dict[sympy.Expr, complex] = {
    S.Pi: complex(math.pi), S.Exp1: complex(math.e), S.ImaginaryUnit: 1j,
}
# fmt: on


def _value(expr: sympy.Expr, env: Mapping[sympy.Expr, complex]) -> complex:
    if expr.is_Rational:
        return complex(int(expr.p) / int(expr.q))
    if expr.is_Symbol:
        return env[expr]
    if expr.is_Add:
        total = 0j
        for arg in expr.args:
            total += _value(arg, env)
        return total
    if expr.is_Mul:
        prod = 1 + 0j
        for arg in expr.args:
            prod *= _value(arg, env)
        return prod
    if expr.is_Pow:
        base, exp = expr.args
        b = _value(base, env)
        if exp.is_Integer and abs(int(exp)) <= 64:
            return b ** int(exp)
        e = _value(exp, env)
        if b.imag == 0 and b.real > 0 and e.imag == 0:
            return complex(math.pow(b.real, e.real))
        return b**e
    if expr.is_Float:
        return complex(float(expr))
    const = _FLOAT_CONSTANTS.get(expr)
    if const is not None:
        return const
    args = expr.args
    if len(args) != 1:
        raise _Fail
    func = type(expr)
    if func is sympy.exp:
        z = _value(args[0], env)
        if abs(z.real) > _MAX_EXP_ARG:
            raise _Fail
        return cmath.exp(z)
    if func is Abs:
        return complex(abs(_value(args[0], env)))
    if func is sympy.factorial:
        z = _value(args[0], env)
        if z.imag != 0 or z.real > 170:
            raise _Fail
        return complex(math.gamma(z.real + 1))
    float_func = _FLOAT_FUNCS.get(func)
    if float_func is None:
        raise _Fail
    return float_func(_value(args[0], env))


def _evaluate(expr: sympy.Expr, env: Mapping[sympy.Expr, complex]) -> complex | None:
    """A finite complex value of *expr* in double precision, or ``None``."""
    try:
        value = _value(expr, env)
    except (_Fail, ArithmeticError, ValueError, TypeError, KeyError, RecursionError):
        return None
    return value if cmath.isfinite(value) else None


#: A plain decimal literal: optional minus, digits, optional fraction (ASCII digits only:
#: ``\\d`` would take other scripts' digits, which the tokenizer reads differently).
_DECIMAL_RE = re.compile(r"-?[0-9]{1,30}(?:\.[0-9]{1,30})?")


def parse_decimal(text: str) -> float | None:
    """The value of *text* when it is a plain decimal literal (``70``, ``-2.50``), else ``None``.

    Gives exactly what `parse_number` gives for such text, without the tokenizer and
    sympy: the parser builds the exact rational of the literal and divides its
    numerator by its denominator, and Python rounds both that division and
    ``float()`` of the literal correctly, so both give the double nearest to the same
    rational. The only difference is the sign of zero (``-0`` is ``-Integer(0)``,
    which is ``0``), which adding ``0.0`` removes. At most 60 digits, as the parser.

    Examples:
        >>> parse_decimal("-2.50"), parse_decimal("2.5 cm")
        (-2.5, None)
    """
    if _DECIMAL_RE.fullmatch(text) is None:
        return None
    return float(text) + 0.0  # -0.0 + 0.0 is 0.0; any other value is unchanged


def parse_number(text: str) -> float | None:
    """The value of *text* as a finite real float, or ``None`` (no value, symbols, complex).

    Examples:
        >>> parse_number(r"\\frac{3}{4}")
        0.75
        >>> parse_number("50%")
        0.5
        >>> parse_number("2x") is None
        True
    """
    if isinstance(text, str):
        decimal = parse_decimal(text)  # the common case, a hundred times cheaper
        if decimal is not None:
            return decimal
    expr = parse_math(text)
    if expr is None or expr.free_symbols:
        return None
    value = _evaluate(expr, {})
    if value is None or abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
        return None
    return value.real


# --------------------------------------------------------------------------- equality

_N_POINTS = 5
_N_TABLE = 32
_POINTS: tuple[tuple[float, ...], ...] = tuple(
    tuple(random.Random(7919 * i + k).uniform(0.1, 2.0) for k in range(_N_TABLE))
    for i in range(_N_POINTS)
)


def _point(i: int, k: int) -> float:
    if k < _N_TABLE:
        return _POINTS[i][k]
    return random.Random(7919 * i + k).uniform(0.1, 2.0)


#: Points with negative symbols: all of them at the first, alternate ones at the
#: next two (so that ``|x|·|y|`` is not ``x·y``).
_N_SIGNED_POINTS = 3


def _signed_point(i: int, k: int) -> float:
    negative = i == 0 or (i + k) % 2 == 1
    magnitude = _point(i, k)
    return -magnitude if negative else magnitude


def _is_real(value: complex) -> bool:
    return abs(value.imag) <= 1e-12 * max(1.0, abs(value.real))


def _close(a: complex, b: complex, rel_tol: float, abs_tol: float) -> bool:
    return abs(a - b) <= max(rel_tol * max(abs(a), abs(b)), abs_tol)


def _close_evalf(a: sympy.Expr, b: sympy.Expr, rel_tol: float, abs_tol: float) -> bool:
    """Compare two constant expressions too large for a double, with evalf at 30 digits."""
    va, vb = a.evalf(30), b.evalf(30)
    if not (va.is_number and vb.is_number) or va.has(*_BAD_VALUES) or vb.has(*_BAD_VALUES):
        return False
    diff = abs(va - vb).evalf(15)
    scale = max(abs(va).evalf(15), abs(vb).evalf(15))
    if not (diff.is_Float and scale.is_Float):
        return False
    return bool(diff <= max(scale * rel_tol, abs_tol))


def expressions_equal(
    a: sympy.Expr, b: sympy.Expr, *, rel_tol: float = 1e-6, abs_tol: float = 1e-9
) -> bool:
    r"""True when *a* and *b* have the same value, within *rel_tol* or *abs_tol*.

    Nothing is simplified. Integer constants are compared exactly, other rational
    constants within *rel_tol* alone (no absolute floor: ``10^{-10}`` is not ``0``),
    other constants numerically. Expressions with free symbols are evaluated with every symbol of
    either side bound: they must agree at five fixed points with every symbol in
    (0.1, 2), and at three points where symbols are negative (in (-2, -0.1)) wherever
    both sides are real there, so that ``|x|`` is not ``x`` while ``\ln x^2`` is still
    ``2\ln x`` (off the domain of one side, a point proves nothing). Complex values are
    compared as complex numbers. Never raises; NaN and infinities equal nothing, and
    values that cannot be computed equal only an identical expression.

    Examples:
        >>> expressions_equal(parse_math("(x+1)^2"), parse_math("x^2+2x+1"))
        True
        >>> expressions_equal(parse_math("0.5"), parse_math("0.51"))
        False
        >>> expressions_equal(parse_math("|x|"), parse_math("x"))
        False
        >>> expressions_equal(parse_math(r"\sin^2 x + \cos^2 x"), parse_math("1"))
        True
    """
    try:
        if not (isinstance(a, sympy.Expr) and isinstance(b, sympy.Expr)):
            return False
        if a.has(*_BAD_VALUES) or b.has(*_BAD_VALUES):
            return False
        if a == b:
            return True
        symbols = a.free_symbols | b.free_symbols
        if not symbols:
            if a.is_Rational and b.is_Rational:
                fa, fb = Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q))
                if fa.denominator == 1 and fb.denominator == 1:
                    return fa == fb  # integers compare exactly
                return abs(fa - fb) <= Fraction(rel_tol) * max(abs(fa), abs(fb))
            va, vb = _evaluate(a, {}), _evaluate(b, {})
            if va is not None and vb is not None:
                return _close(va, vb, rel_tol, abs_tol)
            return _close_evalf(a, b, rel_tol, abs_tol)
        ordered = sorted(symbols, key=str)
        agreed = 0
        for i in range(_N_POINTS):
            env = {sym: complex(_point(i, k)) for k, sym in enumerate(ordered)}
            va, vb = _evaluate(a, env), _evaluate(b, env)
            if va is None and vb is None:
                continue
            if va is None or vb is None or not _close(va, vb, rel_tol, abs_tol):
                return False
            agreed += 1
        if agreed < 3:
            return False
        for i in range(_N_SIGNED_POINTS):
            env = {sym: complex(_signed_point(i, k)) for k, sym in enumerate(ordered)}
            va, vb = _evaluate(a, env), _evaluate(b, env)
            if va is None or vb is None or not (_is_real(va) and _is_real(vb)):
                continue  # off the domain of a side: this point proves nothing
            if not _close(va, vb, rel_tol, abs_tol):
                return False
        return True
    except Exception:  # untrusted expressions: a comparison that fails is "not equal"
        return False
