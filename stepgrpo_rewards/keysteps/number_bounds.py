"""Number and name boundaries: where a key step's match may start and end.

A key step ``12`` must not match inside ``120``, ``3.12``, ``-12`` or ``12^2``, nor
``x = 5`` inside ``2x = 5``, ``x = 5/3`` or ``x = 5 or 6``: every rule a policy could
use to earn a key step it did not state is one function here, on plain strings, so
that the exact stage (raw text) and the normalised stage (canonical text with its
whitespace squeezed out, ``gap`` telling where whitespace stood) share it. These
rules know nothing of the search text, the key forms or fuzzy matching; the other
modules of the matcher import them (`_number_bounded` is the entry point).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from ..mathtext.symbols import MINUS_LOOKALIKES, SUPERSCRIPT_DIGITS
from .chains import (
    CHAIN_WIDTH,
    KeyNumber,
    equated_before,
    equated_to_another,
    key_number,
    term_value,
)
from .context import (
    _SQUARE_WORDS,
    DEGREE_SIGNS,
    NOT_A_UNIT,
    UNIT_HINT_SPAN,
    WINDOW,
    _rest_may_matter_cached,
    after_window,
    before_window,
    degree_may_matter,
    glued_or_rest_may_matter,
    glued_unit_may_matter,
    head_may_matter,
    may_be_taken_back_before,
    may_matter_from,
    not_stated_after,
    past_unit_may_matter,
    plainly_not_stated_after,
    plainly_not_taken_back,
    sign_comparison_length,
    taken_back_before,
)
from .enumeration import (
    _ALTERNATIVE_LAST,
    LIST_WINDOW,
    key_name,
    listed_among_many,
    may_be_listed,
    may_follow_alternative,
    may_offer_alternative_after,
    named_as_roots,
    offered_before,
    offers_alternative_after,
)
from .inserts import INSERT_WINDOW, may_end_with_insert
from .past_unit import taken_back_past_unit
from .second_value import offered_to_name

_DIGITS = frozenset("0123456789")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _no_gap(pos: int) -> bool:
    return False


# Superscript digits and signs (textnorm spells them ^2, ^-, ^+: a power).
_SUPERSCRIPT_DIGITS = SUPERSCRIPT_DIGITS
# Fraction bars: textnorm spells ÷, ∕ and \div as "/".
_BARS = "/÷∕⁄⧸"
_DIV = "\\div"
# Vulgar fractions: right after a digit they make a mixed number (5½ is 5.5, not 5).
_VULGAR_FRACTIONS = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
_SPACING = " \t\n"
_SPACING_OR_BRACE = _SPACING + "{"
# The neighbours of a match that may lead to a power or a fraction (checked inline, so
# that the common neighbour, a letter or a punctuation mark, costs no call); "v" ends
# \div, "\\" starts it.
_BEFORE_OPERAND = _SPACING_OR_BRACE + _BARS + "^v"
_AFTER_OPERAND = _SPACING + _BARS + "^\\" + _SUPERSCRIPT_DIGITS
_SUPERSCRIPT = re.compile(f"[{_SUPERSCRIPT_DIGITS}÷∕]")
# How far past whitespace and braces the fraction and power checks look.
_OPERAND_LOOKAROUND = 16


def _goes_on_as_power_or_fraction(text: str, end: int) -> bool:
    """Whether the number or name that ends at *end* goes on as a power or a fraction
    (``5^2``, ``5^{2}``, ``5²``, ``5/3``, ``5 / 3``, ``x/2``): then it is another
    value, as ``5.5`` is not ``5``; ``÷``, ``∕`` and ``\\div`` are fraction bars too. A
    degree sign (``30^\\circ``, ``30^\\degree``) and a unit after a slash (``5/kg``) do
    not count."""
    # The character after the spacing decides nearly always: find it without slicing.
    i, stop = end, min(len(text), end + _OPERAND_LOOKAROUND)
    while i < stop and text[i] in _SPACING:
        i += 1
    if i == stop or (text[i] not in _BARS and text[i] != "^" and text[i] not in _SUPERSCRIPT_DIGITS
                     and not (text[i] == "\\" and text.startswith(_DIV, i))):
        return False
    tail = text[end : end + _OPERAND_LOOKAROUND].lstrip(_SPACING)
    if not tail:
        return False
    if tail[0] in _SUPERSCRIPT_DIGITS:
        return True
    if tail.startswith(_DIV):
        if tail[len(_DIV) : len(_DIV) + 1] in _ASCII_LETTERS:  # another command
            return False
        tail = "/" + tail[len(_DIV) :]
    if tail[0] not in _BARS and tail[0] != "^":
        return False
    operand = tail[1:].lstrip(_SPACING + "{")
    if not operand:
        return False
    if tail[0] in _BARS:
        return operand[0] in _DIGITS or operand[0] == "("
    if operand.startswith(("\\circ", "\\degree")):
        return False
    return operand[0] in _DIGITS or operand[0] in _ASCII_LETTERS or operand[0] in "(-+\\"


def _is_power_or_denominator(text: str, start: int) -> bool:
    """Whether the number or name that starts at *start* is an exponent (``x^2``,
    ``10^{3}``, ``2^x``) or a denominator (``1/12``, ``1 / 12``, ``a/b``): then it is
    not a value of its own."""
    # The character before the spacing decides nearly always: find it without slicing.
    i, stop = start - 1, max(start - _OPERAND_LOOKAROUND, 0)
    while i >= stop and text[i] in _SPACING_OR_BRACE:
        i -= 1
    if i < stop or (text[i] not in _BARS and text[i] != "^" and not (text[i] == "v" and text.endswith(_DIV, 0, i + 1))):
        return False
    head = text[max(start - _OPERAND_LOOKAROUND, 0) : start].rstrip(_SPACING_OR_BRACE)
    if head.endswith(_DIV):
        head = head[: -len(_DIV)] + "/"
    if not head or (head[-1] not in _BARS and head[-1] != "^"):
        return False
    if head[-1] == "^":
        return True
    operand = head[:-1].rstrip(_SPACING)
    return bool(operand) and (operand[-1] in _DIGITS or operand[-1] in _ASCII_LETTERS or operand[-1] in ")}")


# What glued to a number's end makes it another value (``5x``, ``5pi``, ``5sqrt(2)``,
# ``5e3``, ``5i``), unless it is a unit (``12cm``, ``5kg``) or a word (``5apples``).
_GLUED_UNITS = frozenset(
    "mm cm dm m km in ft yd mi mg g kg lb lbs oz ml l s ms sec secs min mins h hr hrs d "
    "hz kw w v pa mph kph kmh cal rad deg mol cup usd eur cny rmb st nd rd".split()
)
# Words that scale the number before them: "5 million" is not 5.
_SCALE_WORDS = frozenset("k hundred thousand million billion trillion dozen lakh crore bn mn mln mio gross score ppm ppb"
                         .split())
_VALUE_WORDS = frozenset("pi sqrt sin cos tan cot sec csc log ln exp e i infty hbar theta vartheta alpha beta gamma delta "
                         "epsilon varepsilon zeta eta iota kappa lambda xi rho varrho sigma tau upsilon phi varphi chi "
                         "psi omega".split())
_LETTER_RUN = re.compile(r"[A-Za-z]{1,12}")
_THOUSANDS_SPACES = " \u00a0\u2009\u202f"
# The characters that may start what `_number_goes_on` looks for after a number, and
# those right before a number that may lead back to a minus sign (`_is_sign`): any
# other neighbour settles both checks at once.
_GOES_ON_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!%\\{*π√ \t\n"
                           "\u00a0\u2009\u202f")
# Dashes that read as a minus sign (the ones `equivalence` folds into "-"), and what may
# stand between a minus and its number: LaTeX groups ("{-}5", "\\text{-}5", "-{}5") and
# characters that show nothing ("-\u200b5").
# Plus-minus signs and the superscript and subscript minus count too: a bound reads
# "±5", "⁻5" and "₋5" as signed.
_MINUS_SIGNS = "±∓-" + MINUS_LOOKALIKES + "\u207b\u208b"
_INVISIBLE_OR_GROUP = "{}\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u2061\u2062\u2063\u2064"
# The last character of anything `_is_sign` reads as a sign before a number: a minus in
# any spelling, what shows nothing, LaTeX spacing ("\\,"), an entity ("&minus;"), "(-)",
# the words "minus", "neg" ("neg.") and "negative", "负".
_SIGN_LEADS = frozenset(_MINUS_SIGNS + _INVISIBLE_OR_GROUP + " \t\n$~\u00a0\u2009\u202f,;:!()[]\\dtmsge.负負")
# What after a key's number offers it as a guess: a question mark ("top = 3?"), a
# plus-minus ("3 ± 1" is two values), or an alternative value ("top = 3 or 4", "3 (or
# 4)", "3或4", "3 or alternatively 4", "3 or even 4"): a key step is not earned by
# offering its value beside another. ("x = 3 or x = -1", the roots of an equation, names
# each root: a name follows the "or".)
_HEDGE_AFTER = re.compile(
    r"[ \t\n\u00a0]*(?:[?？]|±|∓|\+-|\\(?:pm|mp)(?![a-z])"
    r"|[,;]?[ \t]*\(?[ \t]*(?:\\(?:text|textrm|mathrm)[ \t]*\{[ \t]*)?(?:or|或|还是|∨|\\?lor|\\?vee"
    r"|alternatively|alternately|and[ \t]*/[ \t]*or|or[ \t]*/[ \t]*and)[ \t]*\}?[ \t]*,?[ \t]*"
    r"(?:(?:maybe|possibly|perhaps|probably|alternatively|alternately|even|rather|else)[ \t]*,?[ \t]*)?"
    r"[-\u2212(]?[ \t]*[0-9])",
    re.IGNORECASE,
)
_HEDGE_FIRST = frozenset(" \t\n\u00a0?？±∓+\\(,;oOlLvVaA或还∨")
# What after a key's number makes it one value of a list ("top = 3, 4", "top = 3 and 4",
# "top = 3; 4"): the next item a bare number too (then the end, punctuation or another
# separator); "top = 3, 4 = bottom" and "x = 5, so y = 3" state the key and go on.
# What denies or bounds it ("x = 5 is wrong", "x = 5 (wrong)", "x = 5 or more").
_LIST_OR_DENIAL_AFTER = re.compile(
    r"(?P<list>[ \t\u00a0]*(?:[,;&、]|and)[ \t\u00a0]*[-\u2212]?[0-9]+(?:\.[0-9]+)?[ \t\u00a0]*(?:$|[,;.)\]\n\x00&、]|and))"
    r"|(?P<denial>[ \t\u00a0]*[(,\u2014\u2013]?[ \t\u00a0]*(?:is|was|would[ \t]+be|seems)?[ \t\u00a0]*(?:(?:wrong|incorrect|false"
    r"|impossible|invalid|not[ \t]*(?:right|correct|true|possible)|or[ \t]*(?:more|less|fewer|greater|higher|lower|above|below|so))\b"
    r"|(?:not|no)[ \t]*[)!]|[✗✘❌❎🚫👎]))",
    re.IGNORECASE,
)
_LIST_OR_DENIAL_FIRST = frozenset(" \t\u00a0,;&、(aAiIwWfFnNoO\u2014\u2013✗✘❌❎🚫👎")
_SEPARATOR = "\x00"
# After a match, what starts no pattern of `context` (squeezed or not): the end of the
# region, a line, a bracket, a degree sign, a relation.
_AFTER_NOTHING = frozenset("\x00\n)]=°\x03\x04\x05\x06")


def _number_goes_on(text: str, end: int, gap: Callable[[int], bool]) -> bool:
    """Whether the number that ends at *end* goes on as another value: glued to a name
    or a constant (``5x``, ``5π``, ``5\\sqrt{2}``, ``5e3``), a factorial (``5!``), a
    power (``5**2``), a percentage (``5%``), or its next digit group (``5 000``,
    ``5\\,000``). A unit glued to it (``12cm``) and a word after a space do not."""
    after = text[end]
    if after in _ASCII_LETTERS:
        word = _LETTER_RUN.match(text, end)
        low = word.group(0).lower() if word else ""
        spaced = gap(end)
        if spaced and low.rstrip("s") in _SCALE_WORDS:
            return True  # "x = 5 million": another value
        if spaced and not low.startswith(("pi", "sqrt")):
            return False  # a word after a space: only pi, sqrt and a scale make another value
        for i in range(1, len(low)):  # a squeezed text glues the next word on: cut it at its gap
            if gap(end + i):
                low = low[:i]
                break
        if spaced:
            return low in ("pi", "sqrt")
        if word is not None and word.group(0) in ("K", "M", "B", "T") or low.rstrip("s") in _SCALE_WORDS:
            return True  # "5M", "5k", "5million": scaled
        return low in _VALUE_WORDS or (len(low) < 4 and low not in _GLUED_UNITS)
    if after == "!":
        return text[end + 1 : end + 2] != "="
    if after == "%" or text.startswith(("\\%", "\\sqrt", "\\pi", "\\,", "{,}"), end):
        return not text.startswith(("\\,", "{,}"), end) or _digit_group_at(text, end + 2)
    i = end
    while i < len(text) and i < end + _OPERAND_LOOKAROUND and text[i] in _SPACING + "\u00a0\u2009\u202f":
        i += 1
    if text.startswith(("π", "√", "\\sqrt", "\\pi"), i) and (i > end or after in "π√\\"):
        return True
    if text.startswith("**", i) and _POWER_OPERAND.match(text, i + 2):
        return True  # "5**2"; "**x = 5**" is bold
    if i > end and (scale := _LETTER_RUN.match(text, i)) and scale.group(0).lower().rstrip("s") in _SCALE_WORDS:
        return True  # "x = 5 million"
    if after in _THOUSANDS_SPACES and i == end + 1 or after in _DIGITS and gap(end):
        return _digit_group_at(text, i)
    return False


# What after "**" makes it a power: an exponent, not the end of a bold span.
_POWER_OPERAND = re.compile(r"[ \t]*[-+(]?[ \t]*(?:[0-9({\\]|[a-z](?![a-z]))")


def _digit_group_at(text: str, i: int) -> bool:
    """Three digits at *i*, and no fourth: a thousands group."""
    return text[i : i + 3].isdigit() and text[i : i + 3].isascii() and not text[i + 3 : i + 4].isdigit()


# What may stand between a sign and its number and shows nothing: spacing, groups,
# math delimiters, LaTeX spacing ("-\\,5", "-$5$", "$-$5", "-\\text{ }5", "\\(-\\)5").
_SHOWS_NOTHING = frozenset(_SPACING + _INVISIBLE_OR_GROUP + "$~\u00a0\u2009\u202f")
_LATEX_NOTHING = ("\\text", "\\mathrm", "\\textrm", "\\mbox", "\\quad", "\\qquad", "\\left", "\\right")
# A minus sign spelled as an HTML entity ("&minus;5"), and as a word.
_MINUS_ENTITIES = ("&minus;", "&#8722;", "&#x2212;", "&ndash;", "&mdash;", "&#45;", "&#x2d;", "&hyphen;", "&dash;")
_SIGN_WORDS = ("negative", "neg", "minus")
# The font commands a sign word may be set in ("\\text{minus} 5"): the canonical text
# glues their names to it ("textminus 5").
_FONT_NAMES = ("text", "textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "mbox", "operatorname")
# How many brackets may open between a sign and its number ("-(5)", "-((5))").
_BRACKETS_AFTER_SIGN = 3


def _skip_back(text: str, j: int) -> int:
    """The last position at or before *j* that is not `_SHOWS_NOTHING` nor a LaTeX
    command that shows nothing (``\\,``, ``\\(``, ``\\text``); -1 when none."""
    while j >= 0:
        c = text[j]
        if c in _SHOWS_NOTHING:
            j -= 1
        elif j >= 1 and text[j - 1] == "\\" and c in ",;:! ()[]":
            j -= 2
        elif c == "\\" and text[j + 1 : j + 2] in _SHOWS_NOTHING:
            j -= 1  # "\\ " whose space was skipped
        elif c in "txdm" and (cmd := next((cmd for cmd in _LATEX_NOTHING if text.endswith(cmd, 0, j + 1)), None)):
            j -= len(cmd)
        else:
            return j
    return j


# The last characters of everything `_sign_at` reads as a sign: any other character
# before a number settles it without a call.
_SIGN_ENDS = frozenset(_MINUS_SIGNS + "mp负負);.sge")
# What `_sign_at` reads as a sign where a letter ends it.
_SIGN_WORD_ENDS = (*_SIGN_WORDS, "\\pm", "\\mp")


def _sign_at(text: str, j: int, gap: Callable[[int], bool]) -> tuple[int, bool] | None:
    """The start of the minus sign that ends at *j*, and whether it is a word or symbol
    that is a sign whatever precedes it (``negative``, ``负``, ``(-)``); ``None`` when
    no sign ends there."""
    c = text[j]
    if c in _MINUS_SIGNS:
        return j, False
    if j >= 2 and text[j - 2 : j + 1] in ("\\pm", "\\mp"):
        return j - 2, False  # "x = \\pm 5" names -5 too
    if c in "负負":
        return j, True
    if c == ")":
        k = _skip_back(text, j - 1)
        if k >= 1 and text[k] in _MINUS_SIGNS and text[_skip_back(text, k - 1)] == "(":
            return k, True  # "(-)5"
        return None
    if c == ";":
        entity = next((e for e in _MINUS_ENTITIES if text.endswith(e, 0, j + 1)), None)
        return (j + 1 - len(entity), False) if entity else None
    if c == "." and text.endswith("neg", 0, j):
        j -= 1  # "neg. 5"
        c = "g"
    if c in "sge":
        for word in _SIGN_WORDS:
            w = j + 1 - len(word)
            if text.endswith(word, 0, j + 1):
                if w > 0 and text[w - 1] in _ASCII_LETTERS and not gap(w):
                    font = next((f for f in _FONT_NAMES if text.endswith(f, 0, w)), None)
                    if font is None:
                        continue
                    w -= len(font)  # canonical "textminus 5": the word in a font command
                return w, word != "minus"
    return None


def _is_sign(text: str, start: int, gap: Callable[[int], bool] = _no_gap) -> bool:
    """Whether the number that starts at *start* carries a minus sign (``-5``, ``= -5``,
    ``so -5``, ``minus 5``, ``-$5$``, ``&minus;5``): a minus right before it that no
    operand precedes, as one does in ``8 - 5``, ``x-5`` and ``10 minus 5``. ``负5``,
    ``negative 5`` and ``(-)5`` are signed whatever precedes them."""
    if text[start - 1] in _ASCII_LETTERS and not text.endswith(_SIGN_WORD_ENDS, 0, start):
        return False  # a letter right before: only a sign word or "\\pm" ends there (`_sign_at`)
    j = _skip_back(text, start - 1)
    for _ in range(_BRACKETS_AFTER_SIGN):
        if j < 0 or text[j] not in "([":
            break
        j = _skip_back(text, j - 1)  # "-(5)": the sign of what the bracket holds
    if j < 0 or text[j] not in _SIGN_ENDS or (
            text[j] in _ASCII_LETTERS and not text.endswith(_SIGN_WORD_ENDS, 0, j + 1)):
        return False  # ("is $5$": a word that is no sign word)
    found = _sign_at(text, j, gap)
    if found is None:
        return False
    sign, always = found
    if always:
        return True
    k = _skip_back(text, sign - 1)
    if k < 0:
        return True
    prev = text[k]
    if prev in _DIGITS or prev in ")]}!'":
        return False
    if prev in _ASCII_LETTERS:
        # a variable or a segment (x - 5, AB - 5) takes 5 away; a word (so -5) does not
        w = k
        while w > 0 and text[w - 1] in _ASCII_LETTERS and not gap(w):
            w -= 1
        word = text[w : k + 1]
        return len(word) > 1 and word.islower() and word not in _VALUE_WORDS
    return True


@lru_cache(maxsize=65536)
def _states_value(key: str) -> bool:
    """Whether *key* states a value (``x = 5``, ``3*4=12``, ``BC is 12``) rather than
    being a bare number (``12``, ``-3.5``): then the value it ends with is no operand."""
    return _BARE_NUMBER.fullmatch(key) is None


@lru_cache(maxsize=65536)
def _has_digit(key: str) -> bool:
    return _A_DIGIT.search(key) is not None


_A_DIGIT = re.compile("[0-9]")


@lru_cache(maxsize=65536)
def _key_traits(key: str) -> tuple[bool, bool, bool, str | None]:
    """What `_in_context` and `_number_bounded` ask of a key, in one cached call: whether
    it states a value (`_states_value`), holds a digit (`_has_digit`), ends with one, and
    the name whose values it may be offered among (`enumeration`): the name it assigns a
    number to (``x`` of ``x = 5``, ``x = 5 cm``), ``""`` for a bare number (``5``: ``4 or
    5``), ``None`` for any other key. (A plain tuple: one is built per distinct key, on
    the scoring path.)"""
    states, ends_in_digit = _BARE_NUMBER.fullmatch(key) is None, key[-1] in _DIGITS
    name = key_name(key) if states else ("" if ends_in_digit else None)
    return states, _A_DIGIT.search(key) is not None, ends_in_digit, name


_BARE_NUMBER = re.compile(r"[-+−]?[0-9., /]*")


def _asked(flag: bool | Callable[[], bool]) -> bool:
    """*flag*, or what it says when it is a function (a property of the text that costs
    a pass over it, computed only when a match's neighbour needs it)."""
    return flag if flag is True or flag is False else flag()


def _number_bounded(
    text: str, start: int, end: int, key: str, gap: Callable[[int], bool] = _no_gap,
    operators: bool | Callable[[], bool] = True, context: bool = True, alternatives: bool = True,
) -> bool:
    """`_bounded_chars`, then, with *alternatives*, `_offered_as_alternative` and, with
    *context*, `_in_context` (the searches run those apart, to charge them to their
    budget: `exact._judged`)."""
    if not _bounded_chars(text, start, end, key, gap, operators):
        return False
    if alternatives and _offered_as_alternative(text, start, end, key, gap):
        return False
    return not context or _in_context(text, start, end, key, None if gap is _no_gap else _GapWindows(text, gap))


def _bounded_chars(text: str, start: int, end: int, key: str, gap: Callable[[int], bool],
                   operators: bool | Callable[[], bool]) -> bool | None:
    """True when a match of *key* at ``text[start:end]`` does not cut a number, nor a
    name: a key that starts with a letter does not match after a letter or digit
    (``B = 12`` is not in ``AB = 12``, ``x = 5`` not in ``2x = 5``; ASCII letters
    and digits, so that Chinese text glued to a formula still holds it).

    ``gap(p)`` says whether whitespace stood before position *p* (for texts whose
    whitespace was squeezed out); whitespace is always a boundary. *operators* is
    ``False`` for a text known to hold no ``/``, ``^`` or superscript digit, where no
    power or fraction can follow or precede a match (or a function that says so, asked
    only where a neighbour of the match could lead to one). ``None`` (falsy) where the
    value goes on in a chain of equalities to another value (`_equated_to_another`, read
    only where a link may follow; the searches charge it `CHAIN_REJECTION_COST`).
    """
    # gap() is asked only where a neighbour would cut the number: it can be costly.
    if start > 0 and key[0] in _ASCII_LETTERS:
        # ASCII only: Chinese text runs words and formulas together ("因为AB=12")
        before = text[start - 1]
        if (before in _ASCII_LETTERS or before in _DIGITS or before == "_") and not gap(start):
            return False
    if (start > 0 and text[start - 1] in _BEFORE_OPERAND and (key[0] in _DIGITS or key[0] in _ASCII_LETTERS)
            and _asked(operators) and _is_power_or_denominator(text, start)):
        return False
    if key[0] in _DIGITS or (key[0] == "." and len(key) > 1 and key[1] in _DIGITS):
        if start > 0:
            before = text[start - 1]
            if before in _DIGITS and not gap(start):
                return False
            if key[0] in _DIGITS and before in _SIGN_LEADS and _is_sign(text, start, gap):
                return False  # key 5 in "x = -5", "minus 5", "-$5$"
            if before == "." and not gap(start):
                prev = text[start - 2] if start > 1 else " "
                if gap(start - 1) or not (prev in _ASCII_LETTERS or prev == "."):
                    return False  # "3.5" and ".5" (0.5); "Fig.5" and "...5" stand apart
        if key[-1] in _ASCII_LETTERS and end < len(text) and (text[end] in _LINK_FIRST or (text[end] in _BEFORE_LINK and text[
                end + 1 : end + 9].lstrip(_LINK_PAD)[:1] in _LINK_LEADS)) and _equated_to_another(
                text, end, key, None if gap is _no_gap else _windows_of(text, gap)):
            return None  # "5 = x = 6": a key with its sides swapped, its chain read after the name
    if (end < len(text) and text[end] in _AFTER_OPERAND and (key[-1] in _DIGITS or key[-1] in _ASCII_LETTERS)
            and _asked(operators) and _goes_on_as_power_or_fraction(text, end)):
        return False
    if key[-1] in _DIGITS and end < len(text):
        after = text[end]
        if after in _GOES_ON_FIRST and _number_goes_on(text, end, gap):
            return False
        if after in _HEDGE_FIRST and _HEDGE_AFTER.match(text, end):
            return False  # "top = 3? or 4", "3 ± 1", "3 or 4": offered, not stated
        if after in _LIST_OR_DENIAL_FIRST and (m := _LIST_OR_DENIAL_AFTER.match(text, end)) and (
                "=" in key or m.lastgroup == "denial"):
            # "top = 3, 4" gives top two values, "x = 5 is wrong" denies it (a bare
            # number is one value of a list: key "12" is in "values 12, 15")
            return False
        if (after in _DIGITS or after in _VULGAR_FRACTIONS) and not gap(end):
            return False
        if after in ".," and end + 1 < len(text) and text[end + 1] in _DIGITS:
            # 5.5 continues the number; 1,234 too, but "3,4" (a list) does not.
            continues = after == "." or (text[end + 1 : end + 4].isdigit() and not text[end + 4 : end + 5].isdigit())
            if continues and not gap(end) and not gap(end + 1):
                return False
        if (after in _LINK_FIRST or (after in _BEFORE_LINK and text[end + 1 : end + 9].lstrip(_LINK_PAD)[:1] in _LINK_LEADS) or (
                after in _GLUED_FIRST and _glued_relation(text, end))) and _equated_to_another(
                text, end, key, None if gap is _no_gap else _windows_of(text, gap)):
            return None  # "x = 5 = 6", "x = 5 = AB = 12/2", "x = 5 ≈ 6", "x = 5 ⇒ x = 6": the value equated to another
    # "y = 6 = x = 5", "6 = total = 5 = x": the key equated to another value before it; read
    # where a link ends right before the match, or one or two marks before it
    if start > 0 and (c := text[start - 1]) in _BEFORE_ANY and (
            c in _LINK_LAST or (c := text[start - 2]) in _LINK_LAST or (c in _NEAR_2 and text[start - 3] in _NEAR_3 and (
                _link_before(text, start)))) and _equated_before_match(text, start, key, None if gap is _no_gap else _windows_of(text, gap)):
        return None
    return True


def _offered_as_alternative(text: str, start: int, end: int, key: str, gap: Callable[[int], bool] = _no_gap) -> bool:
    """Whether the match of *key* at ``text[start:end]`` is offered beside another value
    of the name it assigns (``x = 5 or x = 6``, ``4 or 5``), unless the values are named
    as roots: the last check of `_number_bounded`, which the searches run apart to charge
    a refusal as much as one by the context (each reads a pattern on both sides)."""
    name = _key_traits(key)[3]
    if name is None:
        return False
    if name and end < len(text) and (may_offer_alternative_after(text, end) or text.startswith(_GLUED_JOINTS, end)) and (
            offers_alternative_after(text, end, name)
            or offered_to_name(text, start, end, name, None if gap is _no_gap else _windows_of(text, gap))
    ) and not named_as_roots(text, start, end, name):
        return True  # "x = 5 or x = 6", "one of x = 5, x = 6", "x = 5, otherwise x = 6": offered beside another value
    return start > 0 and text[start - 1] in _ALTERNATIVE_NEAR and may_follow_alternative(
        text, start, gap is not _no_gap) and offered_before(text, start, name, end) and not named_as_roots(
        text, start, end, name)  # "x = 4 or x = 5", "4 or 5"


# The joints without an "o" or a "v" that `offered_to_name` reads, glued to the value in a
# squeezed text ("x=5elsex=6", canonical "x = 5 \\text{ else } x = 6").
_GLUED_JOINTS = ("else", "against")


# The characters right before a match that may lead back to an alternative before it
# (`enumeration.offers_alternative_before`), and right after one to another after it.
_ALTERNATIVE_NEAR = frozenset(" \t\n\u00a0$(\\,r}e或是者∨") | _ALTERNATIVE_LAST


def equal_numbers(spelled: str, value: float) -> bool:
    """Whether the number *spelled* is *value*."""
    return float(spelled.replace("−", "-")) == value


# What right after a key's value starts a link of a chain of equalities (`_LINK_FIRST`:
# "=", "≡", "＝", ...) or may stand before one (`_BEFORE_LINK`); in the second case the
# first character past `_LINK_PAD` must be a link, a colon or a backslash ("$x = 5$ =
# 6", "x = 5\n= 6", "x = 5 \\\\ &= 6", "x = 5 \\equiv 6", "x = 5 := 6", "x = 5 (= 6)").
# Only then is the chain read (`chains.equated_to_another`): ordinary text ("x = 5 or x
# = 6") fails the test.
# Approximations and arrows lead a chain too ("x = 5 ≈ 6", "x = 5 ⇒ x = 6", "x = 5 -> 6"), and
# so does a link that opens the next region ("x = 5" ending a step, "= 6" opening the next).
# Before a match, a link or an approximation (`_LINK_LAST`, or one past `_LINK_PAD`:
# `_link_before`) leads back into a chain ("y = 6 = x = 5").
_LINK_FIRST = frozenset("=＝﹦≡≔⩴⩵⩶≝≜꞊᐀゠≈≃∼≅~⇒⟹→⟶⇨➔➝➞⟾")
_LINK_LEADS = _LINK_FIRST | {"\\", ":", "-"}
_BEFORE_LINK = frozenset(" \t\u00a0$\n\\&}:*`([\x00\u200b\u200c\u200d\u2060\ufeff\u00ad")
_LINK_PAD = " \t\u00a0$\n&}*`()[]\x00\u200b\u200c\u200d\u2060\ufeff\u00ad"
# What may start a relation glued to a value: a full stop that ends a region ("x = 5." then
# "= 6"), an arrow ("x=5->6"), a relation spelled out in a squeezed text
# ("x=5longrightarrow6"): `_glued_relation`.
_GLUED_FIRST = frozenset(".-lisat")
# Before a match (read back): a link or an approximation right before it (`_LINK_LAST`), or
# past a mark (`_PAD_NEAR`), or past two, or past a mark and a TeX space or the last
# letter of a command ("= **x", "=\\, x", "\\approx x": `_NEAR_2`, `_NEAR_3`, then
# `_link_before`). Not past a dollar: a match right after one is common ("so $x = 5$") and
# is settled by one test ("= $x" is not read back: test_redteam_open.py).
_LINK_LAST = frozenset("=＝﹦≡≔⩴⩵⩶≝≜꞊᐀゠≈≃∼≅~")
_PAD_NEAR = frozenset(" \t\u00a0\n&*`{([\x00")
_NEAR_2 = _PAD_NEAR | frozenset("$\\,;xvmgq")
_NEAR_3 = _LINK_LAST | _PAD_NEAR | frozenset("$\\oiune")
_BEFORE_ANY = _LINK_LAST | _PAD_NEAR
_LINK_BEFORE_PAD = " \t\u00a0$\n&*`{([\\\x00\u200b\u200c\u200d\u2060\ufeff\u00ad"
_LINK_WORDS_LAST = ("\\approx", "\\equiv", "\\sim", "\\simeq", "\\cong", "\\coloneqq", "approx", "equiv", "simeq")
_GLUED_RELATIONS = ("->", "-->", "longrightarrow", "implies", "simeq", "thickapprox", "approx")


def _glued_relation(text: str, end: int) -> bool:
    """Whether a text goes on from *end* with a relation glued to the value, or ends its
    region with a full stop after it (``x=5->6``, ``x = 5.`` then ``= 6``)."""
    if text[end] == ".":
        return text.startswith(".\x00", end)
    return text.startswith(_GLUED_RELATIONS, end)


def _link_before(text: str, start: int) -> bool:
    """Whether a link or an approximation ends right before *start*, past spacing, marks
    and TeX spaces ("= $x", "=\\, x", "\\approx x")."""
    piece = text[max(0, start - 12) : start].rstrip(_LINK_BEFORE_PAD)
    if piece[-2:-1] == "\\":  # "6 =\\, x = 5"
        piece = piece[:-2].rstrip(_LINK_BEFORE_PAD)
    return piece[-1:] in _LINK_LAST or piece.endswith(_LINK_WORDS_LAST)


def _windows_of(text: str, gap: Callable[[int], bool]) -> _Windows:
    """Where the squeezed *text* gets its whitespace back: the `search_text._SearchText`
    whose `is_gap` *gap* is (its canonical text, line breaks kept), else windows rebuilt
    from *gap*. (Asked only where a chain is read.)"""
    owner = getattr(gap, "__self__", None)
    return owner if owner is not None and hasattr(owner, "window_after") else _GapWindows(text, gap)


def _equated_to_another(text: str, end: int, key: str, windows: _Windows | None = None) -> bool:
    """Whether the value a key that states one ends with (at *end* of *text*) is then
    equated to another value, right after it or further on in the chain, through names,
    words and expressions (``x = 5 = 6``, ``x = 5 = z = 6``, ``x = 5 = AB = 12/2``, ``x =
    5 = the total = six``; ``x = 5 = 5.0``, ``x = 5 = 10/2`` and ``x = 5 = AB`` go on
    stating it: `chains`). A squeezed text is read through its *windows*, with its
    whitespace in place (words glue in it)."""
    value, name = _chain_value(key)
    if value is None:
        return False
    if windows is not None:
        window = windows.window_after(end, CHAIN_WIDTH)
        sep = text.find("\x00", end, end + CHAIN_WIDTH)
        if sep != -1 and len(window) < CHAIN_WIDTH:  # the next region, where it may go on (`chains`)
            window += "\x00" + windows.window_after(sep + 1, CHAIN_WIDTH)
        return equated_to_another(window, 0, value, _GLUED_UNITS, name)
    return equated_to_another(text, end, value, _GLUED_UNITS, name)


def _equated_before_match(text: str, start: int, key: str, windows: _Windows | None = None) -> bool:
    """Whether the chain that leads into a match at *start* equates the key to another
    value before it (``y = 6 = x = 5``: `chains.equated_before`), read in the squeezed
    text's *windows* where it has them."""
    value = _chain_value(key)[0]
    if value is None:
        return False
    if windows is not None:
        window = windows.window_before(start, CHAIN_WIDTH)
        sep = -1 if window.strip(_LINK_BEFORE_PAD) else text.rfind("\x00", max(0, start - CHAIN_WIDTH), start)
        if sep > 0:  # the match opens its region: the chain may come from the end of the one before
            window = windows.window_before(sep, CHAIN_WIDTH) + "\n" + window
        return equated_before(window, len(window), 0, value, _GLUED_UNITS)
    lo = text.rfind("\x00", max(0, start - CHAIN_WIDTH), start) + 1
    if lo > 1 and not text[lo:start].strip(_LINK_BEFORE_PAD):  # ("y = 6 =" ending a step, "x = 5" opening the next)
        before = text[text.rfind("\x00", max(0, lo - 1 - CHAIN_WIDTH), lo - 1) + 1 : lo - 1] + "\n" + text[lo:start]
        return equated_before(before, len(before), 0, value, _GLUED_UNITS)
    return equated_before(text, start, lo, value, _GLUED_UNITS)


@lru_cache(maxsize=4096)
def _chain_value(key: str) -> tuple[KeyNumber | None, str | None]:
    """The value a key that states one commits to in a chain, and the name it gives it:
    ``(5, "x")`` of ``x = 5`` and of its swapped side ``5 = x``; ``(None, None)`` of a
    bare number or a key with no value (``AB^2 + BC^2``)."""
    if not _states_value(key):
        return None, None
    value = key_number(key)
    if value is not None:
        return value, key_name(key)
    if key.count("=") == 1:  # "5 = x": the value on the left, the name on the right
        left, _, right = key.partition("=")
        right = right.strip()
        if right and _A_DIGIT.search(right) is None:
            value = term_value(left)
            if value is not None:
                return value, key_name(right + "=" + left.strip())
    return None, None


def _squeezed_head_may_matter(text: str, end: int, windows: _Windows) -> bool:
    """`context.head_may_matter` on a squeezed text, without its window: the first word
    after *end* ends at the first gap. The letters glued after *end* settle most cases
    without asking where a gap stands (`is_gap` can be costly): a word whose first three
    letters may matter matters whatever its length, and one whose first two letters
    do not matters only as a single letter."""
    first = text[end]
    if first in DEGREE_SIGNS:  # ("5°,nowait,6°": read further than the eight characters)
        return degree_may_matter(text, end)
    if not "a" <= first <= "z":
        return _short_head_may_matter(text[end : end + 8])
    glued = _LETTER_RUN_LOWER.match(text, end, end + 24).group()  # type: ignore[union-attr]
    if len(glued) == 1 or may_matter_from(glued[:3]):
        return True
    if may_matter_from(glued[:2]):
        if len(glued) == 2 or windows.is_gap(end + 1) or windows.is_gap(end + 2):
            return True
    elif windows.is_gap(end + 1):
        return True
    # a longer word: only an "or", a correction or another joint after it may matter
    # ("5 apples or 6 apples", "5 cm, no wait, 6 cm", "5 cm (vs 6 cm)", "5 cm vs 6 cm"):
    # right after the glued letters, or glued to them where a gap starts a word there
    after = end + len(glued)
    if len(glued) < 3 and glued not in NOT_A_UNIT:
        # (the unit is the glued letters: what past it may take the value back, "5cm?", one cached call)
        return glued in _SQUARE_WORDS or (after < len(text) and glued_or_rest_may_matter(
            text[after : after + UNIT_HINT_SPAN]))
    if after < len(text) and _glued_unit_may_matter(text[after : after + UNIT_HINT_SPAN]):
        return True
    if len(glued) < 3:
        return False
    if any(joint.start() <= after and windows.is_gap(joint.start())
           for joint in _GLUED_JOINT.finditer(text, end + 2, after + 8)):
        return True
    return _squeezed_past_unit_may_matter(text, end, glued, windows)


def _squeezed_past_unit_may_matter(text: str, end: int, glued: str, windows: _Windows) -> bool:
    """`context.past_unit_may_matter` on a squeezed text: what past the unit (the letters
    *glued* after *end*, up to the first gap) may take the value back ("5cmiswrong").
    Settled on the squeezed text where what follows the unit shows nothing may (a power
    and a period before an ordinary word: "cm^2.weread"), else on the rebuilt window."""
    cut = next((i for i in range(2, len(glued)) if windows.is_gap(end + i)), None)
    if cut is None and len(glued) < 24:
        unit = glued
        if unit in NOT_A_UNIT or (unit not in _SQUARE_WORDS and not _rest_may_matter_cached(
                text[end + len(glued) : end + WINDOW])):
            return False
    elif cut is not None and glued[:cut] in NOT_A_UNIT:
        return False
    head = windows.window_after(end).lstrip(_AFTER_SKIP_WIDE)
    word = _LETTER_RUN_LOWER.match(head)
    return word is not None and past_unit_may_matter(head, word.end())



_AFTER_SKIP_WIDE = " \t\u00a0$}"


@lru_cache(maxsize=4096)
def _key_value(key: str, states: bool) -> float | None:
    """The value a key ends with (`chains.key_number`; a bare number as it is), or ``None``."""
    if states:
        number = key_number(key)
        return None if number is None else float(number[0])
    try:
        return float(key.replace("−", "-").replace(",", "").replace(" ", ""))
    except ValueError:
        return None


# `context.glued_unit_may_matter` on the characters after a unit in a squeezed text, cached:
# a handful of neighbours ("^2.wereadthe", ".therefore") follow most units.
_glued_unit_may_matter = lru_cache(maxsize=4096)(glued_unit_may_matter)


# The joints `context.after_unit_may_matter` reads after a unit, glued to it in a squeezed
# text ("cmor6cm", "cmvs6cm", "cmand6cm", "cmv.6"): a lookahead, to find them where they
# overlap ("alsoresp" holds "or" and "resp"), starting among the letters read (24 at most).
_GLUED_JOINT = re.compile(r"(?=or|vs|v\.|versus|resp|and|but|though)")


_LETTER_RUN_LOWER = re.compile(r"[a-z]+")
# `head_may_matter` on the eight characters after a squeezed match, cached: a handful of
# neighbours (".therefo", "cm^2.the") follow most matches.
_short_head_may_matter = lru_cache(maxsize=4096)(head_may_matter)


class _GapWindows:
    """The windows of a squeezed *text* rebuilt from *gap* (a space wherever whitespace
    stood), for a caller with no canonical text at hand."""

    __slots__ = ("gap", "text")

    def __init__(self, text: str, gap: Callable[[int], bool]) -> None:
        self.text, self.gap = text, gap

    def window_before(self, start: int, width: int = WINDOW) -> str:
        lo = start - len(before_window(self.text, start, width))
        return "".join([" " + self.text[p] if self.gap(p) else self.text[p] for p in range(lo, start)]) + (
            " " if self.gap(start) else "")

    def is_gap(self, pos: int) -> bool:
        return self.gap(pos)

    def window_after(self, end: int, width: int = WINDOW) -> str:
        stop = end + len(after_window(self.text, end, width))
        return "".join([" " + self.text[p] if self.gap(p) else self.text[p] for p in range(end, stop)])


#: A match that passes the character checks and fails `_in_context` counts as this many
#: rejected occurrences (`search_text._MAX_REJECTED_OCCURRENCES`): its checks cost
#: several times those of a rejection by a neighbouring character.
CONTEXT_REJECTION_COST = 4
#: A match refused by the chain of equalities after its value (`_equated_to_another`)
#: counts as this many: a chain reads up to `chains.CHAIN_WIDTH` characters and evaluates
#: each of its terms, some fifty times the work of a neighbouring character. (No honest
#: text refuses more than a few chains; a flood of them stops the searches early.)
CHAIN_REJECTION_COST = 32


class _Windows(Protocol):
    """Where a squeezed text gets the windows beside a match: its canonical text, with
    its whitespace (`search_text._SearchText`)."""

    def window_before(self, start: int, width: int = WINDOW) -> str: ...

    def window_after(self, end: int, width: int = WINDOW) -> str: ...

    def is_gap(self, pos: int) -> bool: ...


def _listed(text: str, start: int, end: int, windows: _Windows | None) -> bool:
    """Whether the bare number at ``text[start:end]`` stands in a long list of numbers
    (`enumeration.listed_among_many`); the windows are read only where a neighbour may
    join a list."""
    if not ((start > 0 and may_be_listed(text[start - 1])) or (end < len(text) and may_be_listed(text[end]))):
        return False
    if windows is None:
        return listed_among_many(before_window(text, start, LIST_WINDOW), after_window(text, end, LIST_WINDOW))
    return listed_among_many(windows.window_before(start, LIST_WINDOW), windows.window_after(end, LIST_WINDOW))


def _in_context(text: str, start: int, end: int, key: str, windows: _Windows | None = None,
                traits: tuple[bool, bool, bool, str | None] | None = None) -> bool:
    """The checks of `context` on the windows beside a match that the character checks
    above let through: a value that goes on, denied, doubted or bounded after, or
    denied, doubted or an operand before, is not stated (a key with no digit only
    checks the words before it). *traits*: the key's `_key_traits`, where the caller
    has them."""
    states, has_digit, ends_in_digit, _ = traits or _key_traits(key)
    if not states and _listed(text, start, end, windows):
        return False  # "1, 2, 3, 4, 5, 6, 7, 8, 9": listed, not stated
    if start > 0 and _taken_back_before_match(text, start, key, states, windows) and not _claimed_in_first_person(
            text, start, end, key, states, windows):
        return False  # "not x = 5", "it is false that x = 5", "maybe x = 5", "2 + x = 5"
    if end >= len(text) or not has_digit or (text[end] in _AFTER_NOTHING and not (
            text[end] in DEGREE_SIGNS and degree_may_matter(text, end))):
        return True
    if windows is None:
        if plainly_not_stated_after(text, end):
            return True
        window = after_window(text, end)
    elif _squeezed_head_may_matter(text, end, windows):
        window = windows.window_after(end)
    else:
        return True
    # "x = 5 + 2", "x = 5 万", "x = 5\\theta", "x = 5-6"; "x = 5 isn't right", "x = 5 (?)", "x = 5 at least"
    if not not_stated_after(window, states, ends_in_digit):
        # "x = 5 cm is wrong", "x = 5 cm?", "x = 5 cm,\nno wait, 6 cm": past the unit (`past_unit`)
        return not ends_in_digit or not taken_back_past_unit(window, _key_value(key, states))
    # "since x = 5 > 0, ...": the sign of the value, not a bound on it; what follows still counts
    before = before_window(text, start) if windows is None else windows.window_before(start)
    cut = sign_comparison_length(window, before) if states else 0
    return cut > 0 and not not_stated_after(window[cut:], states, False)


def _plainly_in_context(text: str, start: int, end: int) -> bool:
    """True when the characters beside a match of a key that states a value in a raw
    *text* show that `_in_context` passes it (`context.plainly_not_taken_back` and
    `context.plainly_not_stated_after`: the common case, settled without the windows);
    ``False`` when `_in_context` has to read them."""
    return (start == 0 or plainly_not_taken_back(text, start)) and (
        end >= len(text) or (text[end] in _AFTER_NOTHING and not (text[end] in DEGREE_SIGNS and degree_may_matter(
            text, end))) or plainly_not_stated_after(text, end))


def _taken_back_before_match(text: str, start: int, key: str, states: bool, windows: _Windows | None) -> bool:
    """`context.taken_back_before` on the window before a match at *start*, asked only
    where `context.may_be_taken_back_before` lets it through."""
    if windows is not None:
        squeezed = text[max(0, start - WINDOW) : start]
        return may_be_taken_back_before(squeezed) and taken_back_before(
            windows.window_before(start, INSERT_WINDOW if may_end_with_insert(squeezed) else WINDOW), states, key[0])
    if plainly_not_taken_back(text, start):
        return False
    before = before_window(text, start)
    squeezed = before.replace(" ", "").replace("\n", "").replace("\t", "")
    if not may_be_taken_back_before(squeezed):
        return False
    if may_end_with_insert(squeezed):  # ("Some claim (without proof), in fact, that x = 5": a wider window)
        before = before_window(text, start, INSERT_WINDOW)
    return taken_back_before(before, states, key[0])


# --- A first-person frame with a justification: "I would say x = 5 because 2x = 10" ---
# "I would say", "we'd say", "I would go with" before a key hedge it ("I would say x =
# 5." stays refused), but where the same sentence goes on right after the key with a
# reason that computes ("because 2x = 10", ", since 2x = 10", "(check: 2·5 = 10)") the
# frame only introduces a claim. Read only where the words before were found to take the
# key back (rare), and only where nothing else before the frame does ("maybe I would say
# x = 5 because ..." stays refused). An insert between the frame and the key ("I'd say,
# in fact, that x = 5") is not read here.
_FIRST_PERSON_FRAME = re.compile(
    r"(?<![a-z])(?:i[ ]?would|i['’]d|we[ ]?would|we['’]d)[ ]?(?:say|go[ ]?with|go[ ]?for)[ ]?[,:]?[ ]?(?:that)?[ ]?$")
_JUSTIFIED_AFTER = re.compile(
    r"[ \t$]*(?:,[ \t]*)?(?:because|since|given[ \t]*that|as[ \t]*(?=[0-9(]))"
    r"(?:[^.;!?\n\x00=]|\.(?=[0-9])){0,48}?[0-9a-z)][ \t]*(?:=|≠|\\neq?(?![a-z]))"
    r"|[ \t$]*\([ \t]*(?:check|checking|verify|verification|since|because|as)[ \t:,]*(?:[^)\n\x00=]){0,40}?=")

# The rest of the sentence after a reason: a question, another value offered, or a hedge
# leaves the frame a hedge (no boundary after the word: a squeezed text glues "orx=6").
_HEDGED_SENTENCE = re.compile(
    r"(?:[^.!?\n\x00]|\.(?=[0-9])){0,120}?(?:\?|(?<![a-z])(?:or|maybe|perhaps|probably|possibly|guess|guessing"
    r"|not[ \t]*sure|unsure|i[ \t]*think|likely|unless|roughly|about|approximately)|≈|~)")


def _claimed_in_first_person(text: str, start: int, end: int, key: str, states: bool,
                             windows: _Windows | None) -> bool:
    """Whether the words before a match at *start* that take it back are a first-person
    frame (`_FIRST_PERSON_FRAME`) that a reason right after the match (*end*) makes a
    claim (`_JUSTIFIED_AFTER`), with nothing before the frame that takes the key back."""
    if _JUSTIFIED_AFTER.match(text, end, min(len(text), end + 72)) is None:
        return False
    if _HEDGED_SENTENCE.match(text, end, min(len(text), end + 120)) is not None:
        return False  # ("I'd say x = 5 since 2x = 10, maybe", "..., or x = 6 because 2x = 12")
    before = before_window(text, start, INSERT_WINDOW) if windows is None else windows.window_before(
        start, INSERT_WINDOW)
    tail = " ".join(before.rstrip(" \t\n\u00a0$(").replace("\u2019", "'").split())
    frame = _FIRST_PERSON_FRAME.search(tail[-40:])
    if frame is None:
        return False
    rest = tail[: len(tail) - 40 + frame.start()] if len(tail) > 40 else tail[: frame.start()]
    rest = rest.rstrip(" ,;:")
    return not (rest and taken_back_before(rest, states, key[0]))


# A completion can repeat a near miss of a key step thousands of times ("x = 5^2 " over
# and over, for the key "x = 5"), each occurrence checked and rejected. After this many
