"""The safe, bounded math parser: tokenizer, Pratt parser and `parse_math`.

Model output is untrusted, so nothing here calls ``eval``, ``sympify`` or
``parse_expr``: a small tokenizer and a Pratt parser build sympy objects directly,
every step bounded by the size of the input (the ``_MAX_*`` limits below, the
caller's *max_chars* and *max_depth*, and a budget on the bits of every exact value
built). The text is first spelled plainly by `answer_text`. Why a parser of our
own: see `stepgrpo_rewards.mathtext.expr`, which re-exports `parse_math`.
"""

from __future__ import annotations

import functools
import math
import re
from fractions import Fraction

import sympy
from sympy import Abs, Integer, Pow, Rational, S, Symbol

from .answer_text import _normalize, _split_unit
from .evaluate import _evaluate, _Fail

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

_Node = tuple[sympy.Expr, int]  # (expression, upper bound on its size in bits)


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
