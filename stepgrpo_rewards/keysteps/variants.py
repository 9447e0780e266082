"""Equations, formulas and values found among the atoms of a step, and spelt out: the
second stage of rule-based key-step extraction (`stepgrpo_rewards.keysteps.extraction`).
A run of atoms becomes its strict alternatives (ASCII, Unicode and LaTeX spellings, a
compact spacing, both sides, the links of a chain) and its loose ones (without units,
the value alone where that is still specific).
"""

from __future__ import annotations

from .atoms import (
    _ASCII,
    _DIGIT_WORDS,
    _FLIPPED,
    _LATEX,
    _OBJECT_WORDS,
    _PHRASE_SUFFIXES,
    _REL_FORMS,
    _SYNONYMS_OF,
    _UNICODE,
    _WS,
    _Atom,
)

#: At most this many alternatives are kept in one group.
MAX_ALTERNATIVES = 16
#: At most this many atoms in one equation or formula.
_MAX_RUN_ATOMS = 48

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


