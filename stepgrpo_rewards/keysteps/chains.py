"""Chains of equalities after a key step's value: whether one goes on to another value.

A key step that assigns a name a number (``x = 5``) is not earned where the chain of
equalities it ends goes on past the value to another value, right after it or through
names, words and expressions: ``x = 5 = 6``, ``x = 5 = AB = 12/2``, ``x = 5 = 3 + 3``,
``x = 5 = six``, ``x = 5 = the total = 6``, ``x = 5 = AB \\\\ = 6``, ``x = 5\\n= 6``,
``x = 5 ≡ 6``, ``x = 5 := 6``. A chain that keeps the value keeps the credit (``x = 5 =
5.0``, ``x = 5 = 10/2``, ``x = 5 = five``, ``x = 5 = AB``), and so does one that ends
before another statement: a comma, a semicolon, a full stop before a space, a relation
(``<``, ``≈``, ``→``, ``\\le``), a line that starts with no link, a word that joins a
clause (``x = 5 = AB so y = 6``, ``where``, ``and``, ``hence``, ``is``), more than
`_TERM_WORDS` words (prose) or a character of a script written without spaces.

The reader runs on the raw text as written, or on the canonical text with its whitespace
in place (`search_text._SearchText.window_after`: a squeezed text glues words together).
Terms are evaluated exactly, as fractions, by a parser of their own (never ``eval``):
decimals and ``+ - * / ^``, brackets, ``\\frac``, ``\\cdot``, ``\\times``, bounded in
characters, tokens, depth, digits, exponents and bits. A term that is a number in words
(``six``, ``twenty-one``: `numwords.words_value`) or a number with a unit the caller
names (``6 cm``) counts too; any other term (a name, ``5π``, ``2 (mod 3)``) is read
past. A plain decimal with a fractional part equals an expression it rounds
(``x = 0.33 = 1/3``); otherwise values are equal only when they are.

The chain is read on both sides of a match (`equated_before`: ``y = 6 = x = 5``, ``6 =
total = 5 = x``), into the next region where that one opens with a link (``= 6`` opening
the next step), through approximations, links that allow rounding (``x = 5 ≈ 6`` is
another value, ``x = 5 ≈ 5.0`` and ``x = 1/3 ≈ 0.33`` are not: `_rounds`), and through an
arrow to a bare other value or to the key's name set to one (``x = 5 => 6``, ``x = 5 ⇒ x
= 6``; not ``x = 5 ⇒ 2x = 10``, ``x = 5 → y = 6``). Terms in words and TeX primitives
are put in symbols first (`_in_symbols`: ``3 plus 3``, ``half of 12``, ``six units``,
``twice 3``; ``{12 \\over 2}``, ``\\frac12``, ``½`` in the evaluator).

Every loop is bounded: at most `_CHAIN_TERMS` links, `CHAIN_WIDTH` characters beside the
match, `_TERM_CHARS` characters a term, two arrows.

Examples:
    >>> value = key_number("x = 5")
    >>> equated_to_another("x = 5 = ab = 12/2", 5, value), equated_to_another("x = 5 = 10/2", 5, value)
    (True, False)
    >>> equated_to_another("x = 5 = the total = six", 5, value), equated_to_another("x = 5 = ab so y = 6", 5, value)
    (True, False)
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache
from math import isqrt

from ..numwords import words_value

__all__ = ["CHAIN_WIDTH", "equated_to_another", "key_number", "term_value"]

#: A key's value: the number, and its decimal places where it is written as a plain
#: decimal (``None`` for an expression, ``10/2``).
KeyNumber = tuple[Fraction, int | None]

#: How many links after the value a chain is read for another value.
_CHAIN_TERMS = 16
#: How many characters after the value the chain is read in.
CHAIN_WIDTH = 256
#: A term longer than this, or of more words, is prose: the chain has ended.
_TERM_CHARS = 64
_TERM_WORDS = 6
_SEPARATOR = "\x00"

# What shows nothing, and what stands around a term and is none of it (spacing, math and
# markdown marks, quotes).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_NOTHING = " \t\u00a0\n$*`&\"“”‘’" + _INVISIBLE
# Links: "=", "==", "===", ":=", "=:", "≔", "≡" (\equiv), "⩴", "⩵", "≝", "≜", the full-width
# "＝" and lookalikes ("꞊", "゠"); not "=>", "==>", "=<" (an arrow, a bound).
_LINK_CHARS = frozenset("=＝﹦≡≔⩴⩵⩶≝≜꞊᐀゠")
# What may stand between a term and the next link: spacing, math delimiters, brackets,
# markdown, an alignment mark, a line break ("x = 5 = AB\n= 6", "x = 5 \\\\ &= 6",
# "x = 5 (= 6)", "**x = 5** = 6").
_BEFORE_LINK_RUN = re.compile(r"(?:[ \t\u00a0\n$&}(\[*`\u200b\u200c\u200d\u2060\ufeff\u00ad]"
                              r"|\\(?:\\|[,;:! )\](\[]|q?quad(?![a-z])))*")
# A link ("=" and its kin; "==>" is an arrow), a LaTeX one ("\\equiv",
# "\\coloneqq") or one as the canonical text spells it (a command it does not know loses
# its backslash: "coloneqq").
_WORD_LINKS = frozenset(("coloneqq", "eqqcolon", "triangleq", "doteq", "equiv", "equals"))
_LINK_RE = re.compile(r"(?:(?:[=＝﹦≡≔⩴⩵⩶≝≜꞊᐀゠][=＝]{0,2}|:[=＝])(?![=＝<>])|\\?(?:equiv|coloneqq|eqqcolon|triangleq|doteq)"
                   r"(?![a-z])|equals(?![a-z])):?")

# What a term is made of, besides letters: digits, operators, brackets, marks of names
# and angles (canonical \x03-\x06), spacing. Anything else ends the chain (",", ";",
# "!", "?", "<", "≈", "→", a character of a script written without spaces).
_TERM_PLAIN = frozenset("0123456789+-*/^()[]{}|√π×÷·⋅∙∗−'_∠°% \t\u00a0$\x03\x04\x05\x06½⅓⅔¼¾⅕⅙⅛"
                        "０１２３４５６７８９＋－（）⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺\"“”‘’" + _INVISIBLE)
_TERM_RUN = re.compile("[" + re.escape("".join(sorted(_TERM_PLAIN))) + "]+")
# Two signs in a row ("+-", canonical \\pm) or an arrow ("->", canonical \\to): no term.
_SIGN_PAIR = re.compile(r"[-+][-+]|-$")
# LaTeX commands that are relations or arrows: the term before them is the last.
_RELATION_COMMANDS = frozenset(
    "neq ne le leq ge geq lt gt leqslant geqslant ll gg approx sim simeq cong to rightarrow leftarrow "
    "longrightarrow rightleftharpoons mapsto implies impliedby iff therefore because in notin subset subseteq "
    "supset supseteq propto pm mp perp parallel not land lor wedge vee".split())
# Words that join a clause, not a term: the chain has ended ("x = 5 = AB so y = 6").
_CLAUSE_WORDS = frozenset(
    "so then thus hence therefore since because as where whereas while when whenever if iff unless and or but nor "
    "given giving gives gave yield yields yielding implies imply implying meaning means which who whose that "
    "we i you let now also note is are was were be being been has have had holds hold do does "
    "it this these here there "
    "lt gt neq approx simeq propto mapsto longrightarrow rightarrow neg lnot "
    "donc alors et ou puis mais car entonces luego pues pero dann und oder aber weil quindi allora "
    "dunque poi ma perché então logo portanto mas".split())
_FONT_PREFIXES = ("textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "text", "mbox", "operatorname")


def _is_letter(c: str) -> bool:
    """An ASCII letter, or a letter of a script written with spaces (Greek, Cyrillic,
    full-width Latin); a CJK character ends a chain, as a word joined to it would."""
    return ("a" <= c <= "z") or ("A" <= c <= "Z") or (c.isalpha() and (c < "\u2e80" or "\uff21" <= c <= "\uff5a"))


def _read_term(text: str, i: int, stop: int) -> tuple[int, str | None, bool]:
    """The term that starts at *i*: where it ends, its text (``None`` when it is prose,
    no term), and whether the chain may go on past it (to a link)."""
    start, words = i, 0
    while i < stop:
        if i - start > _TERM_CHARS:
            return i, None, False
        c = text[i]
        if c in _TERM_PLAIN:
            run = _TERM_RUN.match(text, i, stop).group()  # type: ignore[union-attr]
            if ("+" in run or "-" in run) and (cut := _SIGN_PAIR.search(run)) is not None:
                # "+-" (canonical \\pm) ends the chain; "->", "-->" (\\to) may be an arrow (`_relation`)
                return i + cut.start(), text[start : i + cut.start()], True
            i += len(run)
        elif "a" <= c <= "z" or "A" <= c <= "Z" or _is_letter(c):
            j = i + 1
            while j < stop and j - i < 24 and _is_letter(text[j]):
                j += 1
            word = text[i:j].lower()
            if word in _WORD_LINKS:
                return i, text[start:i], True
            if word in _RELATION_WORDS:
                return i, text[start:i], True  # "approx", "implies": a relation (`_relation`)
            if word in _CLAUSE_WORDS or (len(word) > 4 and word.startswith(_FONT_PREFIXES) and any(
                    word[len(p) :] in _CLAUSE_WORDS for p in _FONT_PREFIXES if word.startswith(p))):
                return i, text[start:i], False  # "x = 5 = AB so y = 6": a clause starts
            words += 1
            if words > _TERM_WORDS:
                return i, None, False
            i = j
        elif c in _LINK_CHARS or c == ":":
            return i, text[start:i], True  # the next link
        elif c == "\n" or c == "&":
            if text[start:i].strip(_NOTHING):
                return i, text[start:i], True  # a line break before the next link, or none
            i += 1  # "x = 5 =\n6": the term on the next line
        elif c == ".":
            if i + 1 >= stop or text[i + 1] in " \t\u00a0\n\x00":
                return i, text[start:i], False  # a full stop: a new sentence
            i += 1
        elif c == "\\":
            j = i + 1
            while j < stop and j - i < 16 and "a" <= text[j] <= "z":
                j += 1
            name = text[i + 1 : j]
            if not name:
                if text.startswith(("\\\\", "\\)", "\\]"), i) and text[start:i].strip(_NOTHING):
                    return i, text[start:i], True  # a line break, the end of a math span
                i += 2  # "\\,", "\\{"
            elif name == "quad" or name == "qquad":
                if text[start:i].strip(_NOTHING):
                    return i, text[start:i], True  # "x = 5 = 10/2 \\quad y = 6": a separator, as a line break
                i = j
            elif name in _RELATION_COMMANDS:
                return i, text[start:i], name in _RELATION_NAMES  # "\\approx", "\\implies" (`_relation`)
            elif name in _WORD_LINKS:
                return i, text[start:i], True
            else:
                i = j
        elif c == "," and i > start and text[i - 1] in _DIGITS and text[i + 1 : i + 4].isdigit() and not (
                text[i + 4 : i + 5].isdigit()):
            i += 1  # "5,000": a thousands separator
        else:
            return i, text[start:i], c in _RELATION_FIRST  # "≈", "⇒", "→" (`_relation`); else the chain ends
    return i, text[start:i], False


def equated_to_another(text: str, end: int, value: KeyNumber, units: frozenset[str] = frozenset(),
                       name: str | None = None) -> bool:
    """Whether the chain of equalities that *text* goes on with after *end* (where a key's
    *value* ends) equates it to another value (see the module): through links, through
    approximations to a value it does not round to (``x = 5 ≈ 6``), or through an
    arrow to a bare other value or to the key's *name* set to one (``x = 5 ⇒ 6``, ``x =
    5 ⇒ x = 6``). *units*: the words that may follow a number as its unit (``6 cm`` is
    6). A chain that reaches the end of its region goes on into the next where that one
    opens with a link (a step that starts with ``= 6``)."""
    stop = min(len(text), end + CHAIN_WIDTH)
    cut = text.find(_SEPARATOR, end, stop)
    if cut != -1:
        after = text[cut + 1 : min(len(text), cut + 1 + CHAIN_WIDTH)]
        lead = after.lstrip(_NOTHING)[:1]
        if lead and (lead in _LINK_CHARS or lead in _RELATION_FIRST or lead == "\\") and _relation(
                after, len(after) - len(after.lstrip(_NOTHING)), len(after))[0]:
            # "x = 5" at the end of a step, "= 6" opening the next: one chain (a final full stop too)
            head = text[end:cut].rstrip(_NOTHING)
            head = head[:-1] if head.endswith(".") else head
            return _reads_another(head + "\n" + after.split(_SEPARATOR, 1)[0], 0, CHAIN_WIDTH, value, units, name, 1)
        stop = cut
    return _reads_another(text, end, stop, value, units, name, 1)


def _another_value(term: str, units: frozenset[str], value: KeyNumber, approximate: bool) -> bool:
    """Whether a chain's *term* evaluates to another value than the key's: a different
    one, or after an approximation one that does not round it (`_rounds`)."""
    found = term_value(term, units)
    return found is not None and not (_rounds(value, found) if approximate else _same(found, value))


def _reads_another(text: str, pos: int, stop: int, value: KeyNumber, units: frozenset[str], name: str | None,
                   arrows: int) -> bool:
    """`equated_to_another` on ``text[pos:stop]``; *arrows*: how many more arrows to follow."""
    stop = min(stop, len(text))
    approximate = False
    for _ in range(_CHAIN_TERMS):
        pos, kind = _relation(text, pos, stop)
        if kind is None:
            return False
        if kind == _ARROW:
            return arrows > 0 and _implies_another(text, pos, stop, value, units, name, arrows - 1)
        approximate = approximate or kind == _APPROX
        pos, term, goes_on = _read_term(text, pos, stop)
        if term is not None and _another_value(term, units, value, approximate):
            return True
        if not goes_on:
            return False
    return False


def _implies_another(text: str, pos: int, stop: int, value: KeyNumber, units: frozenset[str], name: str | None,
                     arrows: int) -> bool:
    """Whether what an arrow after a key's value leads to at *pos* is another value: a
    bare term that no equation goes on from (``⇒ 6``, not ``⇒ 2·5 = 10``), or the key's
    *name* in a chain to another value (``⇒ x = 6``; not ``⇒ y = 6``, ``⇒ 2x = 10``)."""
    pos = _BEFORE_LINK_RUN.match(text, pos, stop).end()  # type: ignore[union-attr]
    m = _THEN_WORD.match(text, pos, stop)
    if m is not None:  # "⇒ so x = 6", "→ thus x = 6"
        pos = _BEFORE_LINK_RUN.match(text, m.end(), stop).end()  # type: ignore[union-attr]
    if name and text[pos : pos + len(name)].lower() == name and not (
            pos + len(name) < stop and (_is_letter(text[pos + len(name)]) or text[pos + len(name)] in _DIGITS)):
        return _reads_another(text, pos + len(name), stop, value, units, name, arrows)
    end, term, _ = _read_term(text, pos, stop)
    if term is None:
        return False
    found = term_value(term, units)
    if found is None or _rounds(value, found):
        return False
    return _relation(text, end, stop)[1] not in (_LINK, _APPROX)  # "⇒ 2·5 = 10": an equation of its own


# A word that opens the clause an arrow leads to, before the key's name ("⇒ so x = 6").
_THEN_WORD = re.compile(r"(?:so|thus|hence|then|therefore|we get|i\.e\.)(?![a-z])", re.IGNORECASE)

# The kinds of relation a chain goes on through: a link ("=", "≡", ":="), an
# approximation ("≈", "~", "\\approx", "≃"), an arrow ("⇒", "=>", "→", "-->", "\\implies").
_LINK, _APPROX, _ARROW = 1, 2, 3
# What may start an approximation or an arrow (`_read_term` stops before it, the chain going on).
_RELATION_FIRST = frozenset("≈≃∼≅~⇒⟹→⟶⇨➔➝➞⟾")
_RELATION_WORDS = frozenset("approx simeq approxeq thickapprox implies rightarrow longrightarrow".split())
_RELATION_NAMES = _RELATION_WORDS | {"sim", "to", "cong", "thicksim"}
_APPROXIMATION = re.compile(r"(?:[≈≃∼≅]|~(?!~)=?|\\?(?:approx|simeq|approxeq|thickapprox)(?![a-z])"
                            r"|\\(?:sim|cong|thicksim)(?![a-z]))")
_ARROW_RE = re.compile(r"(?:={1,2}>|-{1,2}>|[⇒⟹→⟶⇨➔➝➞⟾]|\\(?:[rR]ightarrow|[lL]ongrightarrow|implies|to)(?![a-zA-Z])"
                       r"|(?:rightarrow|longrightarrow|implies)(?![a-z]))")


def _relation(text: str, pos: int, stop: int) -> tuple[int, int | None]:
    """The end and the kind of the relation that follows *pos* past spacing and line
    breaks (a link, an approximation, an arrow), or ``(pos, None)``."""
    i = _BEFORE_LINK_RUN.match(text, pos, stop).end()  # type: ignore[union-attr]
    m = _LINK_RE.match(text, i, stop)
    if m is not None:
        return m.end(), _LINK
    m = _APPROXIMATION.match(text, i, stop)
    if m is not None:
        return m.end(), _APPROX
    m = _ARROW_RE.match(text, i, stop)
    if m is not None:
        return m.end(), _ARROW
    return pos, None


def _rounds(value: KeyNumber, other: KeyNumber) -> bool:
    """Whether *other*, said to approximate a key's *value*, is it or a rounding of it:
    to the decimals it is written with (``5 ≈ 5.0``, ``1/3 ≈ 0.33``), or, a whole number
    with fewer significant digits than a whole value, to its trailing zeros (``1234 ≈
    1200``); a decimal key rounds to as few decimals as the two have (``3.14 ≈
    3.1416``). Not ``5 ≈ 6``, ``5 ≈ 5.4``, ``5 ≈ 10``."""
    if _same(other, value):
        return True
    (x, places_x), (y, places_y) = value, other
    if places_y is None:
        return False
    if places_y > 0:
        places = min(places_x, places_y) if places_x else places_y
        return abs(x - y) * 2 * 10**places <= 1
    if y.denominator != 1 or y == 0:
        return y == 0 and abs(x) * 2 <= 1
    whole, zeros = int(y), 0
    while whole % 10 == 0 and zeros < 40:
        whole //= 10
        zeros += 1
    if x.denominator == 1:  # a whole value: rounded only to fewer significant digits
        digits_x = len(str(abs(x.numerator)).rstrip("0"))
        if digits_x <= len(str(abs(whole))):
            return False
    return abs(x - y) * 2 <= 10**zeros


def equated_before(text: str, start: int, lo: int, value: KeyNumber, units: frozenset[str] = frozenset()) -> bool:
    """Whether the chain of equalities that *text* leads into a key's match at *start*
    with (read back to *lo*, at most `CHAIN_WIDTH` characters) equates the key to
    another value before it: ``y = 6 = x = 5``, ``6 = total = x = 5``, ``6 = total = 5 =
    x`` (the swapped key), ``6 ≈ x = 5``. Links and approximations are read back; an
    arrow, a comma, a line that opens no link, a word that joins a clause (``so 6 =``
    is read, ``y = 6 so x = 5`` is not) end the chain (``2x = 10 ⇒ x = 5`` keeps it)."""
    lo = max(lo, start - CHAIN_WIDTH)
    pos, approximate = start, False
    for _ in range(_CHAIN_TERMS):
        pos, kind = _relation_before(text, lo, pos)
        if kind is None:
            return False
        approximate = approximate or kind == _APPROX
        pos, term, goes_on = _term_before(text, lo, pos)
        if term is None:
            return False
        if _another_value(term, units, value, approximate):
            return True
        if not goes_on:
            return False
    return False


# What may stand between a link and the term after it, read back (spacing, math marks,
# TeX spaces: "\\," "\\;").
_TEX_SPACES = frozenset(",;:! ")
_PAD_BEFORE = frozenset(" \t\u00a0\n$&*`{([\\" + _INVISIBLE)
_LINKS_BEFORE = re.compile(r"(?:\\?(?:equiv|coloneqq|eqqcolon|triangleq|doteq)|equals|:?[=＝﹦≡≔⩴⩵⩶≝≜꞊᐀゠][=＝]{0,2}:?)$")
_APPROXIMATIONS_BEFORE = re.compile(r"(?:[≈≃∼≅]|(?<!~)~=?|\\?(?:approx|simeq|approxeq)|\\(?:sim|cong))$")


def _relation_before(text: str, lo: int, pos: int) -> tuple[int, int | None]:
    """The start and the kind of the link or approximation that ends right before *pos*
    (past spacing), or ``(pos, None)``: not ``<=``, ``>=``, ``!=``, ``=>`` (no link)."""
    i, floor = pos, max(lo, pos - 16)
    while i > floor and (text[i - 1] in _PAD_BEFORE or (text[i - 1] in _TEX_SPACES and text[i - 2 : i - 1] == "\\")):
        i -= 1  # spacing, math marks, TeX spaces ("6 =\\, x = 5")
    if i <= lo:
        return pos, None
    piece = text[max(lo, i - 12) : i]
    m = _LINKS_BEFORE.search(piece)
    if m is not None:
        j = i - (len(piece) - m.start())
        if j > lo and text[j - 1] in "<>!≤≥≠" or (m.group()[0] == "e" and j > lo and _is_letter(text[j - 1])):
            return pos, None
        return j, _LINK
    m = _APPROXIMATIONS_BEFORE.search(piece)
    if m is not None:
        j = i - (len(piece) - m.start())
        if m.group()[0] in "as" and j > lo and _is_letter(text[j - 1]):
            return pos, None
        return j, _APPROX
    return pos, None


# What ends a term read back and the chain with it (a comma but one of thousands, a
# semicolon, a line break, an arrow, a relation, CJK text: `_term_before`).
_WORD_BACK = re.compile(r"[^\W\d_]+")


def _term_before(text: str, lo: int, pos: int) -> tuple[int, str | None, bool]:
    """The term that ends at *pos* (read back to *lo*): where it starts, its text
    (``None`` when it is prose) and whether a link may stand before it."""
    while pos > lo and text[pos - 1] in _PAD_BEFORE:
        pos -= 1  # "y = 6\n= x = 5": a line break before the link, as after one
    i = pos
    while i > lo:
        if pos - i > _TERM_CHARS:
            return i, None, False
        c = text[i - 1]
        if c in _LINK_CHARS or c in _RELATION_FIRST:
            break
        if c in _TERM_PLAIN or _is_letter(c) or c == "\\" or c in "{}":
            i -= 1
        elif c == "." and i < pos and text[i] not in " \t\u00a0\n":
            i -= 1  # "1.5", "i.e"
        elif c == "," and i - 1 > lo and text[i - 2] in _DIGITS and text[i : i + 3].isdigit() and not (
                text[i + 3 : i + 4].isdigit()):
            i -= 1  # "5,000"
        else:
            return i, _last_clause(text[i:pos]), False
    else:
        return i, _last_clause(text[i:pos]), False
    term = text[i:pos]
    last = _last_clause(term)
    return i, last, last is term  # a link or an approximation before it, unless a clause opens in it


def _last_clause(term: str) -> str | None:
    """*term* after the last word of it that joins a clause, a relation command or a
    full stop (``so 6``: ``6``), itself when it holds none; ``None`` when it is prose
    (more than `_TERM_WORDS` words after that)."""
    cut, words = 0, 0
    for m in _WORD_BACK.finditer(term):
        word = m.group().lower()
        if word in _CLAUSE_WORDS or word in _RELATION_NAMES or word in _RELATION_WORDS:
            cut, words = m.end(), 0
        else:
            words += 1
    if words > _TERM_WORDS:
        return None
    return term if cut == 0 else term[cut:]


def _same(a: KeyNumber, b: KeyNumber) -> bool:
    """Whether two values are one: equal, or a plain decimal with a fractional part and
    an expression it rounds (``0.33`` and ``1/3``)."""
    if a[0] == b[0]:
        return True
    (x, places_x), (y, places_y) = a, b
    if places_x is None and places_y:
        return abs(x - y) * 2 * 10**places_y <= 1
    if places_y is None and places_x:
        return abs(x - y) * 2 * 10**places_x <= 1
    return False


# A number ("6", "-6", "6.0").
_TERM_NUMBER = re.compile(r"[-−]?[0-9]{1,30}(?:\.([0-9]{1,30}))?")
# A unit after a term ("12/2 cm", "six cm").
_TRAILING_UNIT = re.compile(r"(?:[ \t\u00a0~]|\\[,;: ])*(?:\\?(?:text|textrm|mathrm|mbox|rm)[ \t]*)?\{?[ \t]*"
                            r"(?:\(([a-z]{1,3})\)|([a-z]{1,3}|°|\x06))[ \t]*\}?$")
_DIGITS = frozenset("0123456789")
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
# A number and a noun or two ("6 apples", "6 red apples"): the number, unless a word is an
# operator or a scale ("6 minus 1", "3 dozen", "5 squared", "2 to 3").
_NUMBER_NOUN = re.compile(r"([-−]?[0-9]{1,30}(?:\.[0-9]{1,30})?)[ \t\u00a0]+([a-z]{2,20})(?:[ \t\u00a0]+([a-z]{2,20}))?")
_OPERATOR_WORDS = frozenset(
    "plus minus times less over divided by squared cubed half halves third thirds quarter quarters fourth fourths "
    "fifths tenths percent per of more fewer than hundred thousand million billion trillion dozen lakh crore mod "
    "modulo to and or pi sqrt root power th st nd rd mn bn mln".split())
_A_DIGIT = re.compile("[0-9０-９½⅓⅔¼¾⅕⅙⅛]")
_VULGAR = {"½": "(1/2)", "⅓": "(1/3)", "⅔": "(2/3)", "¼": "(1/4)", "¾": "(3/4)", "⅕": "(1/5)", "⅙": "(1/6)",
           "⅛": "(1/8)"}
_FOLD = str.maketrans(dict(zip("０１２３４５６７８９＋－（）−×÷·⋅∙∗", "0123456789+-()-*/****", strict=True)) | _VULGAR)
_SUPERSCRIPTS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]{1,4}")
_SUPERSCRIPT_TO_ASCII = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_FONT = re.compile(r"\\?(?:textrm|textbf|textit|mathrm|mathbf|mathit|text|mbox|operatorname)(?=[{a-z])")


@lru_cache(maxsize=4096)
def term_value(term: str, units: frozenset[str] = frozenset()) -> KeyNumber | None:
    """The value of a chain *term*, or ``None`` when it is none that can be read (a name,
    a constant, a number with a word after it that is no unit)."""
    s = term.strip(_NOTHING)
    if s.endswith((")", "]")) and s.count("(") + s.count("[") < s.count(")") + s.count("]"):
        s = s[:-1].rstrip(_NOTHING)  # "x = 5 (= 6)": the bracket the link opened in
    if not s:
        return None
    unit = _TRAILING_UNIT.search(s) if s[-1] not in _DIGITS else None
    if unit is not None and unit.start() > 0 and ((unit.group(1) or unit.group(2)) in units
                                                  or unit.group(2) in ("°", "\x06")):
        s = s[: unit.start()]  # "6 cm", "12/2 cm", "six cm", "6 (cm)", "6°"
    if "," in s:
        s = _THOUSANDS.sub("", s)  # "5,000"
    m = _TERM_NUMBER.fullmatch(s)
    if m is not None:
        return Fraction(s.replace("−", "-")), len(m.group(1) or "")
    m = _NUMBER_NOUN.fullmatch(s)
    if m is not None and m.group(2) not in _OPERATOR_WORDS and m.group(3) not in _OPERATOR_WORDS:
        return Fraction(m.group(1).replace("−", "-")), len(m.group(1).partition(".")[2])  # "6 apples"
    if "a" <= s[0].lower() <= "z" or s[0] in "\\'":
        words = _FONT.sub("", s).strip("{} '")
        number = words_value(words) if words and words[0].isalpha() else None
        if number is not None:
            return Fraction(number), 0  # "six", "\\text{six}"
    value = _evaluate(s) if _A_DIGIT.search(s) is not None else None
    if value is None and _A_LETTER.search(s) is not None:
        symbols = _in_symbols(s)  # "3 plus 3", "half of 12", "twice three", "six units"; None: a name, prose
        value = None if symbols is None or _A_DIGIT.search(symbols) is None else _evaluate(symbols)
    return None if value is None else (value, None)


# --- arithmetic in words, turned into symbols for the evaluator ---

_A_LETTER = re.compile(r"(?<!\\)(?<![a-z])[a-z]")
# A word (hyphens inside: "twenty-one"), a LaTeX command, a run of anything else.
_PIECE = re.compile(r"\\[a-z]{1,16}|[a-z]{1,24}(?:-[a-z]{1,24}){0,2}|[^a-z\\]{1,64}|\\.?")
_WORD_IN_BRACES = re.compile(r"\{[ \t]{0,4}([a-z]{1,24}(?:[ \t][a-z]{1,24}){0,2})[ \t]{0,4}\}")
# Binary operators, prefixes (a factor), suffixes, fractions (a denominator: "two thirds", "a third of").
_WORD_BINARY = {"plus": "+", "minus": "-", "less": "-", "times": "*", "over": "/", "multiplied": "*", "divided": "/"}
_WORD_PREFIX = {"twice": "2*", "double": "2*", "thrice": "3*", "triple": "3*", "treble": "3*", "half": "(1/2)*",
                "sqrt": "sqrt", "negative": "-"}
_WORD_SUFFIX = {"squared": "^2", "cubed": "^3", "dozen": "*12", "hundred": "*100", "thousand": "*1000",
                "percent": "/100"}
_WORD_FRACTION = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                  "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10}
# Words that may follow a value as its noun or unit ("six units", "half of 12 apples", "six units of
# length"), at most four.
_NOT_A_NOUN = frozenset(_WORD_BINARY) | frozenset(_WORD_PREFIX) | frozenset(_WORD_SUFFIX) | frozenset(
    _WORD_FRACTION) | frozenset("of by and or than to more fewer the a an pi root power".split())


_FRACTION_END = re.compile(r"[0-9][ \t]*/[ \t]*[0-9]{1,6}[ \t]*$")


@lru_cache(maxsize=4096)
def _in_symbols(term: str) -> str | None:
    """*term* with its number words, operator words and a noun or two after it put in
    symbols (``3 plus 3`` → ``3 + 3``, ``half of 12`` → ``(1/2)* 12``, ``twice three``
    → ``2* 3``, ``six units`` → ``6``); ``None`` where a word is none of those (a name,
    ``half of AB``, ``3 more than 2``). Bounded: a term of at most 128 characters."""
    if len(term) > 128:
        return None
    s = _FONT.sub("", term.lower())
    if "{" in s:
        s = _WORD_IN_BRACES.sub(lambda m: " " + m.group(1) + " ", s)  # "\\text{ plus }"
    pieces = _PIECE.findall(s)
    if not pieces:
        return None
    # a noun or two at the end, after a value: dropped ("six units", "12/2 red apples")
    dropped = False
    for _ in range(4):
        last = len(pieces) - 1
        while last > 0 and not pieces[last].strip():
            last -= 1
        word = pieces[last]
        if last < 1 or pieces[last - 1][-1] not in " \t\u00a0" or not (word == "of" and dropped) and (
                len(word) < 3 or not "a" <= word[0] <= "z" or word in _NOT_A_NOUN or words_value(word) is not None):
            break
        del pieces[last:]
        dropped = word != "of"
    out: list[str] = []
    k = 0
    while k < len(pieces):
        p = pieces[k]
        if not ("a" <= p[0] <= "z"):
            out.append(p)
            k += 1
            continue
        # a run of number words ("twenty one", "one hundred and five"), read as one number
        run_end, j = k, k
        while j < len(pieces) and j - k < 15:
            q = pieces[j]
            if "a" <= q[0] <= "z":
                if words_value(q) is None and not (q == "and" and run_end > k) and q not in ("hundred", "thousand"):
                    break
                if q != "and":
                    run_end = j + 1
            elif q.strip():
                break
            j += 1
        if run_end > k:
            number = words_value(" ".join(q for q in pieces[k:run_end] if q.strip()))
            if number is not None:
                out.append(str(number))
                k = run_end
                continue
        previous = "".join(out).rstrip()
        after_value = bool(previous) and (previous[-1] in _DIGITS or previous[-1] in ")}%")
        at = k + 1 if k + 1 < len(pieces) and pieces[k + 1].strip() else k + 2
        nxt = pieces[at] if at < len(pieces) else ""
        skip = at + 1 - k if nxt in ("of", "by") else 1  # "half of", "divided by": the word after too
        if p in _WORD_FRACTION and after_value:
            out.append(f"/{_WORD_FRACTION[p]}" + ("*" if nxt == "of" else ""))
            k += skip
        elif p in ("a", "an", "one") and nxt in _WORD_FRACTION:
            out.append("1")
            k += 1
        elif p in _WORD_PREFIX and not after_value:
            out.append(_WORD_PREFIX[p])
            k += skip
        elif p in _WORD_SUFFIX and after_value:
            out.append(_WORD_SUFFIX[p])
            k += 1
        elif p == "of" and after_value and (previous.endswith("%") or _FRACTION_END.search(previous) is not None):
            out.append("*")  # "1/2 of 12", "50% of 12"
            k += 1
        elif p in _WORD_BINARY and after_value:
            out.append(_WORD_BINARY[p])
            k += skip if p in ("multiplied", "divided") else 1
        else:
            return None
    return "".join(out)


@lru_cache(maxsize=65536)
def key_number(key: str) -> KeyNumber | None:
    """The value a key that assigns one states after its last link (5 of ``x = 5``, of
    ``x = 10/2 = 5``; 1/3 of ``x = 1/3``; 12 of ``BC is 12``), or ``None`` (no link, or
    no value there: ``AB^2 + BC^2``, ``x = 2\\sqrt{3}``)."""
    eq = max(key.rfind("="), key.rfind("＝"))
    if eq == -1:  # "BC is 12" (squeezed "bcis12"); not "AB^2 + BC^2", which states no value
        m = _STATED_NUMBER.search(key)
        return None if m is None else term_value(m.group(1))
    return term_value(key[eq + 1 :])


_STATED_NUMBER = re.compile(r"(?:is|equals|为|是|:)[ \t]*([-−]?[0-9]+(?:\.[0-9]+)?)$")


# --- a bounded evaluator of arithmetic terms, exact, with fractions (never eval) ---

#: Bounds: tokens per term, nesting, the bits of a value, an exponent's size.
_MAX_TOKENS = 48
_MAX_DEPTH = 12
_MAX_BITS = 256
_MAX_EXPONENT = 16
_TOKEN = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?(?:e[-+]?[0-9]{1,2}(?![0-9a-z]))?|\\[a-z]{1,16}|\\.|sqrt(?![a-z])|.",
                    re.DOTALL)
_COMMANDS = {"\\frac": "frac", "\\dfrac": "frac", "\\tfrac": "frac", "\\cdot": "*", "\\times": "*", "\\ast": "*",
             "\\div": "/", "\\over": "over", "\\cfrac": "frac", "\\left": "", "\\right": "", "\\displaystyle": "", "\\,": "", "\\;": "", "\\:": "",
             "\\!": "", "\\ ": "", "\\{": "(", "\\}": ")", "\\text": "", "\\textrm": "", "\\textbf": "",
             "\\mathrm": "", "\\mathbf": "", "\\mathit": "", "\\mbox": "", "\\bm": "", "\\boxed": "",
             "\\underline": "", "\\sqrt": "sqrt", "\\lvert": "|", "\\rvert": "|", "\\vert": "|", "\\|": "|"}
_SYMBOLS = {"+": "+", "-": "-", "*": "*", "/": "/", "^": "^", "(": "(", "[": "(", "{": "(", ")": ")", "]": ")",
            "}": ")", " ": "", "\t": "", "\u00a0": "", "$": "", "|": "|", "√": "sqrt", "sqrt": "sqrt"} | dict.fromkeys(
                _INVISIBLE + "\"“”‘’`", "")


class _NoValue(Exception):
    """The term is no arithmetic that can be read."""


def _tokens(s: str) -> list[str]:
    s = s.translate(_FOLD)
    if "%" in s:
        s = s.replace("\\%", "%").replace("%", "/100")  # "50%", "50\\%"
    if not s.isascii() and _SUPERSCRIPTS.search(s):
        s = _SUPERSCRIPTS.sub(lambda m: "^(" + m.group().translate(_SUPERSCRIPT_TO_ASCII) + ")", s)
    out: list[str] = []
    for m in _TOKEN.finditer(s):
        tok = m.group()
        if tok[0] in "0123456789":
            out.append(tok)
        else:
            mapped = _COMMANDS.get(tok) if tok[0] == "\\" else _SYMBOLS.get(tok)
            if mapped is None:
                raise _NoValue
            if mapped:
                out.append(mapped)
        if len(out) > _MAX_TOKENS:
            raise _NoValue
    return out


def _evaluate(s: str) -> Fraction | None:
    """The exact value of an arithmetic term, or ``None``."""
    if len(s) > _TERM_CHARS:
        return None
    try:
        tokens = _tokens(s)
        if not tokens:
            return None
        parser = _Parser(tokens)
        value = parser.expr(0)
        if parser.i != len(tokens):
            return None
        return value
    except (_NoValue, ZeroDivisionError):
        return None


def _checked(value: Fraction) -> Fraction:
    if value.numerator.bit_length() > _MAX_BITS or value.denominator.bit_length() > _MAX_BITS:
        raise _NoValue
    return value


class _Parser:
    """Recursive descent over the tokens: sums of products of signed powers of numbers,
    brackets and ``\\frac`` groups."""

    __slots__ = ("i", "tokens")

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.i = tokens, 0

    def _peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def expr(self, depth: int) -> Fraction:
        if depth > _MAX_DEPTH:
            raise _NoValue
        value = self._product(depth)
        while (op := self._peek()) in ("+", "-"):
            self.i += 1
            other = self._product(depth)
            value = _checked(value + other if op == "+" else value - other)
        if op == "over":  # "{12 \\over 2}": the group's sum over the rest of it
            self.i += 1
            value = _checked(value / self.expr(depth + 1))
        return value

    def _product(self, depth: int) -> Fraction:
        value = self._signed(depth)
        while (op := self._peek()) in ("*", "/"):
            self.i += 1
            other = self._signed(depth)
            value = _checked(value * other if op == "*" else value / other)
        return value

    def _signed(self, depth: int) -> Fraction:
        if depth > _MAX_DEPTH:
            raise _NoValue
        op = self._peek()
        if op in ("+", "-"):
            self.i += 1
            value = self._signed(depth + 1)
            return -value if op == "-" else value
        return self._power(depth)

    def _power(self, depth: int) -> Fraction:
        base = self._atom(depth)
        if self._peek() != "^":
            return base
        self.i += 1
        exponent = self._signed(depth + 1)
        if exponent.denominator != 1 or abs(exponent) > _MAX_EXPONENT or (base == 0 and exponent < 0):
            raise _NoValue
        return _checked(base ** int(exponent))

    def _atom(self, depth: int) -> Fraction:
        tok = self._peek()
        if tok is None:
            raise _NoValue
        self.i += 1
        if tok[0] in "0123456789":
            tok, _, power = tok.partition("e")
            whole, _, part = tok.partition(".")
            value = Fraction(int(whole + part), 10 ** len(part)) if part else Fraction(int(whole))
            return _checked(value * Fraction(10) ** int(power)) if power else value  # "6e0"
        if tok == "|":  # |-6|
            value = self.expr(depth + 1)
            if self._peek() != "|":
                raise _NoValue
            self.i += 1
            return abs(value)
        if tok == "sqrt":  # an exact root only: \\sqrt{36}, √(1/4)
            value = self._atom(depth + 1)
            if value < 0:
                raise _NoValue
            num, den = isqrt(value.numerator), isqrt(value.denominator)
            if num * num != value.numerator or den * den != value.denominator:
                raise _NoValue
            return Fraction(num, den)
        if tok == "(":
            value = self.expr(depth + 1)
            if self._peek() != ")":
                raise _NoValue
            self.i += 1
            return value
        if tok == "frac":
            digits = self._peek()
            if digits is not None and len(digits) == 2 and digits.isdigit():  # "\\frac12"
                self.i += 1
                return Fraction(int(digits[0]), int(digits[1]))
            numerator = self._argument(depth + 1)
            return _checked(numerator / self._argument(depth + 1))
        raise _NoValue

    def _argument(self, depth: int) -> Fraction:
        """A TeX argument: a group, or a single digit (``\\frac{12}2``)."""
        tok = self._peek()
        if tok == "(" or (tok is not None and len(tok) == 1 and tok.isdigit()):
            return self._atom(depth)
        raise _NoValue
