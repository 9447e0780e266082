"""A numeric evaluator of parsed expressions that cannot run away (`_evaluate`).

Equality and `parse_number` need the value of a sympy expression, possibly with its
symbols bound to numbers; sympy's own ``evalf`` and ``subs`` can take unbounded time
on hostile input. `_value` walks only the node types the parser builds, in double
precision (complex), refuses what could blow up (``exp`` of a large argument, a
large factorial), and `_evaluate` turns every failure into ``None``. `_Fail`, the
bailout of both the parser and the evaluator, is defined here, the lowest layer, so
that the parser (which evaluates constant exponents to bound them) imports this
module and not the other way round.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Mapping

import sympy
from sympy import Abs, S

#: Largest |exponent| sent to the numeric evaluator for ``exp``.
_MAX_EXP_ARG = 1000.0


class _Fail(Exception):
    """Raised inside the parser when the text cannot be read within the bounds, and
    inside the evaluator when a value cannot be computed within them."""


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
