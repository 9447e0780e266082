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

The work is split by job: `answer_text` (the answer's spelling, unit, assignment,
percent and degrees), `parser` (tokenizer, Pratt parser, `parse_math`) and
`evaluate` (the bounded numeric evaluator); this module holds number reading and
equality, and re-exports the public names so that they keep their import path.

Examples:
    >>> expressions_equal(parse_math(r"\\sqrt{12}"), parse_math(r"2\\sqrt{3}"))
    True
    >>> parse_number("1,234.5 cm")
    1234.5
"""

from __future__ import annotations

import random
import re
from fractions import Fraction

import sympy

from .answer_text import has_degree, has_percent, split_number_unit, strip_assignment
from .evaluate import _evaluate
from .parser import _BAD_VALUES, parse_math

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

# The doctests of the public functions defined in the modules above, run with this
# module's (``doctest.testmod``, as the tests do, skips imported functions otherwise).
__test__ = {
    "has_degree": has_degree,
    "has_percent": has_percent,
    "parse_math": parse_math,
    "split_number_unit": split_number_unit,
    "strip_assignment": strip_assignment,
}


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
