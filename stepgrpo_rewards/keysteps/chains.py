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

Every loop is bounded: at most `_CHAIN_TERMS` links, `CHAIN_WIDTH` characters after the
value and `_TERM_CHARS` characters a term.

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
                              r"|\\(?:\\|[,;:! )\]]|q?quad(?![a-z])))*")
# A link ("=" and its kin; "==>" is an arrow), a LaTeX one ("\\equiv",
# "\\coloneqq") or one as the canonical text spells it (a command it does not know loses
# its backslash: "coloneqq").
_WORD_LINKS = frozenset(("coloneqq", "eqqcolon", "triangleq", "doteq", "equiv"))
_LINK = re.compile(r"(?:(?:[=＝﹦≡≔⩴⩵⩶≝≜꞊᐀゠][=＝]{0,2}|:[=＝])(?![=＝<>])|\\?(?:equiv|coloneqq|eqqcolon|triangleq|doteq)"
                   r"(?![a-z])):?")

# What a term is made of, besides letters: digits, operators, brackets, marks of names
# and angles (canonical \x03-\x06), spacing. Anything else ends the chain (",", ";",
# "!", "?", "<", "≈", "→", a character of a script written without spaces).
_TERM_PLAIN = frozenset("0123456789+-*/^()[]{}|√π×÷·⋅∙∗−'_∠°% \t\u00a0$\x03\x04\x05\x06"
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


def _link_end(text: str, i: int, stop: int) -> int:
    """The end of the link that follows *i* past spacing and line breaks, or -1."""
    i = _BEFORE_LINK_RUN.match(text, i, stop).end()  # type: ignore[union-attr]
    m = _LINK.match(text, i, stop)
    return -1 if m is None else m.end()


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
                return i + cut.start(), text[start : i + cut.start()], False  # "+-" (canonical \\pm), "->" (\\to)
            i += len(run)
        elif "a" <= c <= "z" or "A" <= c <= "Z" or _is_letter(c):
            j = i + 1
            while j < stop and j - i < 24 and _is_letter(text[j]):
                j += 1
            word = text[i:j].lower()
            if word in _WORD_LINKS:
                return i, text[start:i], True
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
                return i, text[start:i], False
            elif name in _WORD_LINKS:
                return i, text[start:i], True
            else:
                i = j
        elif c == "," and i > start and text[i - 1] in _DIGITS and text[i + 1 : i + 4].isdigit() and not (
                text[i + 4 : i + 5].isdigit()):
            i += 1  # "5,000": a thousands separator
        else:
            return i, text[start:i], False
    return i, text[start:i], False


def equated_to_another(text: str, end: int, value: KeyNumber, units: frozenset[str] = frozenset()) -> bool:
    """Whether the chain of equalities that *text* goes on with after *end* (where a key's
    *value* ends) equates it to another value (see the module). *units*: the words that
    may follow a number as its unit (``6 cm`` is 6)."""
    stop = min(len(text), end + CHAIN_WIDTH)
    cut = text.find(_SEPARATOR, end, stop)
    if cut != -1:
        stop = cut
    pos = end
    for _ in range(_CHAIN_TERMS):
        pos = _link_end(text, pos, stop)
        if pos < 0:
            return False
        pos, term, goes_on = _read_term(text, pos, stop)
        if term is not None:
            found = term_value(term, units)
            if found is not None and not _same(found, value):
                return True
        if not goes_on:
            return False
    return False


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
_A_DIGIT = re.compile("[0-9０-９]")
_FOLD = str.maketrans("０１２３４５６７８９＋－（）−×÷·⋅∙∗", "0123456789+-()-*/****")
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
    if _A_DIGIT.search(s) is None:
        return None  # a name ("AB", "the total")
    value = _evaluate(s)
    return None if value is None else (value, None)


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
             "\\div": "/", "\\left": "", "\\right": "", "\\displaystyle": "", "\\,": "", "\\;": "", "\\:": "",
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
            if self._peek() != "(":
                raise _NoValue
            numerator = self._atom(depth + 1)
            if self._peek() != "(":
                raise _NoValue
            return _checked(numerator / self._atom(depth + 1))
        raise _NoValue
