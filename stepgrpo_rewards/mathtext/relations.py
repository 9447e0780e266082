"""Equations and inequalities that say the same thing in another form.

``2x + 4y - 3 = 0`` and ``y = -\\frac{1}{2}x + \\frac{3}{4}`` describe one line;
``-x > -1`` is ``x < 1``. Two relations are the same when their differences (left side
minus right side) are proportional: by any nonzero constant for equations, by a
positive one for inequalities of the same direction, by a negative one for opposite
directions. Proportionality is checked numerically at the fixed points of
`expr.expressions_equal`, so nothing is simplified and every parse stays bounded.

Examples:
    >>> same_relation("-x > -1", "x < 1"), same_relation("x^2/16 + y^2/12 = 1/4", "x^2/4 + y^2/3 = 1")
    (True, True)
    >>> same_relation("x = 5", "x = -5"), same_relation("x^2 = 25", "x = 5")
    (None, None)
"""

from __future__ import annotations

import re

import sympy

from . import expr as mathexpr

__all__ = ["same_relation", "split_relation"]

_RELATION = re.compile(
    r"\\(?:geqslant|leqslant|geq?|leq?|gt|lt)(?![A-Za-z])|>=|<=|==|[≥≤<>=]"
)
_KIND = {"\\geqslant": ">=", "\\geq": ">=", "\\ge": ">=", ">=": ">=", "≥": ">=",
         "\\leqslant": "<=", "\\leq": "<=", "\\le": "<=", "<=": "<=", "≤": "<=",
         "\\gt": ">", ">": ">", "\\lt": "<", "<": "<", "=": "=", "==": "="}
_FLIPPED = {">=": "<=", "<=": ">=", ">": "<", "<": ">", "=": "="}
#: Points at which a ratio of the two differences must be the same constant.
_MIN_POINTS = 3
_RATIO_TOL = 1e-9


def split_relation(text: str) -> tuple[str, str, str] | None:
    """``(left, kind, right)`` of a text that is one equation or inequality, with
    *kind* one of ``= < <= > >=``; ``None`` for none, or a chain of several."""
    found = list(_RELATION.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    left, right = text[: m.start()].strip(), text[m.end() :].strip()
    if not left or not right or "\\ne" in text or "!" in text[m.start() - 1 : m.start()]:
        return None
    return left, _KIND[m.group(0)], right


def _difference(relation: tuple[str, str, str], max_chars: int) -> sympy.Expr | None:
    left = mathexpr.parse_math(relation[0], max_chars=max_chars)
    right = mathexpr.parse_math(relation[2], max_chars=max_chars)
    if left is None or right is None:
        return None
    return left - right


def _ratio(a: sympy.Expr, b: sympy.Expr) -> float | None:
    """The constant *c* with ``a = c * b`` at every test point, when there is one
    (real, nonzero, the same at at least three points); else ``None``."""
    symbols = sorted(a.free_symbols | b.free_symbols, key=str)
    if not symbols or not a.free_symbols or not b.free_symbols:
        return None
    ratios = []
    for i in range(mathexpr._N_POINTS):
        env = {sym: complex(mathexpr._point(i, k)) for k, sym in enumerate(symbols)}
        va, vb = mathexpr._evaluate(a, env), mathexpr._evaluate(b, env)
        if va is None or vb is None or abs(vb) < 1e-12:
            continue
        ratios.append(va / vb)
    if len(ratios) < _MIN_POINTS:
        return None
    first = ratios[0]
    if abs(first.imag) > _RATIO_TOL * abs(first) or abs(first) < 1e-12:
        return None
    if any(abs(r - first) > _RATIO_TOL * max(1.0, abs(first)) for r in ratios[1:]):
        return None
    return first.real


def same_relation(pred: str, gold: str, max_chars: int = 300) -> bool | None:
    """``True`` when *pred* and *gold* are one equation or inequality each and say the
    same (their differences proportional, directions matching the sign); ``None``
    when either is no single relation, or they are not proportional (other rules
    may still find them equal: this one only proves equality)."""
    if len(pred) > max_chars or len(gold) > max_chars:
        return None
    a, b = split_relation(pred), split_relation(gold)
    if a is None or b is None or (a[1] == "=") != (b[1] == "="):
        return None
    da, db = _difference(a, max_chars), _difference(b, max_chars)
    if da is None or db is None:
        return None
    try:
        ratio = _ratio(da, db)
    except Exception:  # untrusted expressions: a failure proves nothing
        return None
    if ratio is None:
        return None
    if a[1] == "=":
        return True
    same = a[1] == b[1] if ratio > 0 else a[1] == _FLIPPED[b[1]]
    return True if same else None
