"""Enumerated values: a name given many values earns no key step that assigns it one.

A completion can list every value a name could take (``x = 1. x = 2. ... x = 59``, one
per sentence, per line or per step) and so state whichever value the key step holds.
A solver that derives a value assigns it once or twice (a value, then its correction:
``x = 10``, then ``x = 12``), and a case analysis a few times; a name given more than
`MAX_VALUES_PER_NAME` distinct values in the searched text (all its steps together) is
an enumeration, and no key step that assigns that name a number (``x = 37``,
``37 = x``, ``x is 37``, ``x: 37``) is earned there. Other key steps, and other names
(a table of several variables), are not affected.

The values are read from the text as `_SearchText` holds it: the raw text when it is
ASCII without LaTeX, else the canonical one (full-width ``ｘ＝５`` and ``\\angle B`` read
as ``x=5`` and ``∠b``). One literal-prefixed scan per name, stopped as soon as the name
has too many values, cached per text.

Examples:
    >>> assignment("x = 37"), assignment("37 = x"), assignment("∠B = 30°"), assignment("3*4=12")
    (('x', '37'), ('x', '37'), ('\\x03b', '30'), None)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..mathtext.normalize import canonicalize
from .context import fold_homoglyphs

#: A name given more distinct numbers than this in one completion's searched text is an
#: enumeration: no key step that assigns it a number is earned there.
MAX_VALUES_PER_NAME = 3

_A_DIGIT = re.compile("[0-9]")
_NAME = r"(?:∠|\\(?:measured)?angle[ ]*|angle[ ]+)?[a-z][a-z0-9_']{0,15}"
_VALUE = r"-?[0-9]+(?:\.[0-9]+)?"
_UNIT = r"(?:[ ]*(?:°|\^\{?\\circ\}?|\\circ|\\?%|[a-z]{1,6}|\\text\{[^{}]{0,12}\}))?"
_KEY_ASSIGNS = re.compile(rf"(?P<name>{_NAME})[ ]*(?:=|is|:|equals)[ ]*(?P<value>{_VALUE}){_UNIT}")
_KEY_VALUE = re.compile(rf"{_VALUE}{_UNIT}")
_KEY_ASSIGNED = re.compile(rf"(?P<value>{_VALUE})[ ]*=[ ]*(?P<name>{_NAME})")
# How a text assigns a value after the name, and the value: a whole number (not the
# first term of a sum, "x = 2 + 3").
_ASSIGNS = r"[ \t\n]*(?:=|:|is|equals|was|becomes)[ \t\n]*\$?[ \t\n]*(-?[0-9]+(?:\.[0-9]+)?)(?![0-9]|\.[0-9]|[ \t]*[-+*/^(])"
# The name a value is assigned to, right before it ("so x = ", "x is ").
_NAME_BEFORE = re.compile(rf"(?<![a-z0-9_\\])({_NAME})[ \t\n]*(?:=|:|is|equals)[ \t\n$]*$")
_NAME_AFTER = re.compile(rf"[ \t\n$]*=[ \t\n$]*({_NAME})(?![a-z0-9_'])")


#: A bare number that stands in a list of more numbers than this (``1, 2, 3, ..., 300``)
#: is listed, not stated: no bare key number is earned there.
MAX_LISTED_NUMBERS = 8
#: How many characters on each side of a number the list is read in (its items up to
#: `MAX_LISTED_NUMBERS`, however they are spelled).
LIST_WINDOW = 160
# What joins the numbers of a list: a comma, a semicolon, an ellipsis or "and", or only
# spacing; spacing may hold math delimiters and LaTeX spaces ("$1$, $2$", "1,\\ 2").
_LIST_SPACE = r"(?:[ \t\n\u00a0$]|\\[,;: ])"
_LIST_JOINT = rf"(?:(?:{_LIST_SPACE}*+(?:[,;、，；&]|\.\.\.|…|\\[lc]?dots|and))++{_LIST_SPACE}*+|{_LIST_SPACE}++)"
_LISTED_AFTER = re.compile(rf"{_LIST_JOINT}[-−]?[0-9]+(?:\.[0-9]+)?(?![0-9a-z.])")
# The same on the reversed text before a number: a number, then its joint, read backwards.
_SPACE_REVERSED = r"(?:[ \t\n\u00a0$]|[,;: ]\\)"
_LIST_JOINT_REVERSED = (rf"(?:(?:{_SPACE_REVERSED}*+(?:[,;、，；&]|\.\.\.|…|stod[lc]?\\|dna))++{_SPACE_REVERSED}*+"
                        rf"|{_SPACE_REVERSED}++)")
_LISTED_BEFORE = re.compile(rf"{_LIST_JOINT_REVERSED}[0-9]+(?:\.[0-9]+)?[-−]?(?![0-9a-z.\\])")
# The characters next to a listed number (squeezed or not): anything else settles it.
_LIST_NEIGHBOURS = frozenset(" \t\n\u00a0$,;、，；&.…\\0123456789ad")


def may_be_listed(neighbour: str) -> bool:
    """A cheap necessary test for `listed_among_many`: the character right before or
    right after the number."""
    return neighbour in _LIST_NEIGHBOURS


def listed_among_many(before: str, after: str, limit: int = MAX_LISTED_NUMBERS) -> bool:
    """Whether the number between *before* and *after* (the windows beside it) is one
    of a list of more than *limit* numbers (``1, 2, 3, 4, 5, 6, 7, 8, 9``): a policy
    that lists every number states none of them. Each side is read item by item with
    one anchored pattern, at most *limit* items."""
    count, pos = 1, 0
    while count <= limit and (m := _LISTED_AFTER.match(after, pos)) is not None:
        count, pos = count + 1, m.end()
    if count <= limit and before:
        reverse, pos = before[::-1], 0
        while count <= limit and (m := _LISTED_BEFORE.match(reverse, pos)) is not None:
            count, pos = count + 1, m.end()
    return count > limit


@lru_cache(maxsize=65536)
def assignment(alternative: str) -> tuple[str, str] | None:
    """``(name, value)`` of an alternative that assigns a name a number (``x = 37``,
    ``37 = x``, ``x is 37``, ``∠B = 30°``), the name in canonical spelling; else
    ``None``."""
    return _assignment(" ".join(alternative.lower().split()))


def _assignment(text: str) -> tuple[str, str] | None:
    """`assignment` of an alternative lower-cased with its whitespace collapsed."""
    m = _KEY_ASSIGNS.fullmatch(text) or _KEY_ASSIGNED.fullmatch(text)
    return None if m is None else _named(m)


def _named(m: re.Match[str]) -> tuple[str, str] | None:
    """The ``(name, value)`` of a match of `_KEY_ASSIGNS` or `_KEY_ASSIGNED`, the name in
    canonical spelling (``None`` when nothing of it is left)."""
    name = "".join(canonicalize(m.group("name")).split())
    return (name, m.group("value")) if name else None


def enumerable(alternative: str) -> tuple[str, str] | bool:
    """What of *alternative* an enumeration may take back: its `assignment` (a name and
    a number), ``True`` where it `is_value`, else ``False``. Most key steps are
    neither, and show it by a character: those are settled without the cache (a key
    step new to the cache, as most are in the first completions of a prompt, costs
    a miss and a pass of the patterns)."""
    if "\\" not in alternative and (alternative.count("=") > 1 or alternative.count("-") > 1
                                    or _NEVER_ENUMERABLE.search(alternative) is not None):
        return False
    return _enumerable(alternative)


# What no form of `enumerable` holds (each its own lower case, and the lower case of
# nothing else), but inside a LaTeX ``\text{...}`` unit: besides a second "=" or "-", an
# operator, a bracket, a separator.
_NEVER_ENUMERABLE = re.compile(r"[+*/×÷·^(){}\[\]<>,;!?|&#@~$≠≤≥]")


@lru_cache(maxsize=65536)
def _enumerable(alternative: str) -> tuple[str, str] | bool:
    """`enumerable`, cached: one call per alternative on the matching path."""
    text = " ".join(alternative.lower().split())
    if _A_DIGIT.search(text) is None:
        return False  # every form below holds a number
    first = text[0]
    if first == "-" or "0" <= first <= "9":  # (a value first: no name leads it, `_KEY_ASSIGNS` fails)
        m = _KEY_ASSIGNED.fullmatch(text)
        return (m is not None and _named(m)) or _KEY_VALUE.fullmatch(text) is not None
    if not ("a" <= first <= "z" or first == "∠" or first == "\\"):  # (no form starts otherwise)
        return False
    m = _KEY_ASSIGNS.fullmatch(text)
    return (m is not None and _named(m)) or False


@lru_cache(maxsize=65536)
def is_value(alternative: str) -> bool:
    """Whether *alternative* is a number alone, or with a unit (``37``, ``-2.5``,
    ``30°``, ``12 cm``): a value a text may enumerate."""
    return _KEY_VALUE.fullmatch(" ".join(alternative.lower().split())) is not None


@lru_cache(maxsize=65536)
def _canonical_name(name: str) -> str:
    return "".join(canonicalize(name).split())


def assigned_name(before: str, after: str) -> str | None:
    """The name (canonical spelling) that the text around a value (*before* and
    *after* it) assigns it to (``x = 37``, ``37 = x``), or ``None``."""
    if not before.isascii():
        before = canonicalize(before)
    m = _NAME_BEFORE.search(before)
    if m is None:
        if not after.isascii():
            after = canonicalize(after)
        m = _NAME_AFTER.match(after)
    if m is None:
        return None
    return _canonical_name(m.group(1)) or None


@lru_cache(maxsize=4096)
def _name_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of *name* assigned a number (``name = v``), on the text, and assigned
    to one (``v = name``), on the reversed text: each starts with the name (reversed),
    so that ``re`` finds candidates with a fast literal search, and checks the name's
    boundary with a lookbehind placed after it (a name that starts after a letter, a
    digit or ``_`` is another name: ``ax``, ``2x``)."""
    spelled = re.escape(name).replace("\x03", "\x03[ \t]*")
    forward = re.compile(spelled + rf"(?<![a-z0-9_\\]{re.escape(name)})" + _ASSIGNS if "\x03" not in name
                         else spelled + _ASSIGNS)
    reversed_name = re.escape(name[::-1])
    backward = re.compile(rf"{reversed_name}(?<![a-z0-9_']{reversed_name})[ \t\n]*\$?[ \t\n]*=[ \t\n$]*"
                          r"([0-9]+(?:\.[0-9]+)?-?)(?![0-9.])")
    return forward, backward


def _number(value: str) -> str:
    """*value* in one spelling: ``5``, ``5.0`` and ``05`` are one value."""
    negative = value.startswith("-")
    digits = value.lstrip("-")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    digits = digits.lstrip("0") or "0"
    return ("-" if negative and digits != "0" else "") + digits


def count_exceeds(hay: str, name: str, limit: int = MAX_VALUES_PER_NAME) -> bool:
    """Whether *hay* assigns *name* more than *limit* distinct numbers. Two C passes
    (``findall``), whatever the number of assignments."""
    if hay.count(name.replace("\x03", "")) <= limit:  # ("∠ b" is "∠b")
        return False
    forward, backward = _name_patterns(name)
    values = set(forward.findall(hay))
    if "=" + name in hay or "= " + name in hay or "$" + name in hay:
        values.update(value[::-1] for value in backward.findall(hay[::-1]))
    if len(values) <= limit:
        return False
    distinct: set[str] = set()
    for value in values:
        distinct.add(_number(value))
        if len(distinct) > limit:
            return True
    return False


# --- Values offered as alternatives: "x = 5 or x = 6", "one of x = 4, x = 5" ---
# A step that gives the key's name the key's value and another one beside it, joined by
# "or" (in any of the languages the denials cover, or a logical or), or by commas in a
# list that an "or" ends or a word of choice opens ("one of", "any of", "either"), offers
# the value as a guess: the key step is not earned there, whichever place the key's value
# takes ("x = 3 or x = 5 or x = 7"). (A bare second value, "x = 5 or 6", is
# `number_bounds._HEDGE_AFTER`'s; a comma list alone, "x = 1, x = 2, x = 3", is a case
# analysis, and more values than `MAX_VALUES_PER_NAME` an enumeration.) A step that names
# them as the roots or solutions of an equation ("the roots are x = 3 or x = -1",
# "(x-5)(x-6) = 0, so x = 5 or x = 6") states each of them and keeps the credit
# (`named_as_roots`). Each pattern is built once per name, whitespace optional (it serves
# the squeezed text too), and anchored at the match.

#: A key that assigns a name a number, with a unit or not ("x = 5", "x_1 = 5", "x is 5",
#: "∠a = 30°", "x = 5 cm"; canonical "x=5"): its name.
_KEY_NAME = re.compile(r"((?:∠|\x03|\\angle[ ]?)?[a-z][a-z0-9_']{0,15})[ ]*(?:=|is(?![a-z]))[ ]*[-−]?[0-9]+"
                       r"(?:\.[0-9]+)?(?:[ ]*(?:°|\x06|\^\{?\\circ\}?|\\circ|\\?%|[a-z]{1,12}"
                       r"|\\text[ ]*\{[^{}]{0,12}\}))?")
_S = r"[ \t\n\u00a0]*"
# "or" in the languages the denial vocabularies cover, LaTeX's and logic's or, Chinese 或.
# Other joints of alternatives than "or" ("x = 5, alternatively x = 6", "x = 5 vs x = 6",
# "x = 5 (resp. x = 6)", "x = 5 and/or x = 6", "x = 5 | x = 6"), read only between two
# values of one name (whereas "or" is read before a bare number too: "4 or x = 5"). ("x =
# 5, otherwise x = 6" and "else" are left to a case analysis: "if a > 0, x = 5, otherwise
# x = 6"; "and" and "&" too, as a comma list is: "x = 5 and x = 6".)
_ALT_JOINTS = ("alternatively", "alternately", "alternativ", "alternativement", "alternativamente", "vs", "vs.",
               "versus", "v/s", "resp.", "resp", "respectively", "and/or", "or/and", "and / or", "or / and", "und/oder",
               "et/ou", "y/o", "e/ou",
               "|", "||", "\\|", "∣", "\\mid", "\\vert", "mid", "vert", "&/or", "and or", "要么", "抑或", "或是", "或者是",
               "oppure", "или", "либо", "または", "あるいは", "もしくは")
_ALT_WORDS = "|".join(_S.join(re.escape(part) for part in word.split(" "))
                      for word in sorted(_ALT_JOINTS, key=len, reverse=True))
_ALT_REVERSED = "|".join(_S.join(re.escape(part[::-1]) for part in reversed(word.split(" ")))
                         for word in sorted(_ALT_JOINTS, key=len, reverse=True))
# (what `may_follow_alternative` reads: the joints as a text ends with them, squeezed or not)
_ALT_ENDINGS = tuple(sorted({word for word in _ALT_JOINTS} | {word.replace(" ", "") for word in _ALT_JOINTS}))
_OR_WORDS = (r"(?:\\(?:text|textrm|mathrm|mbox)[ \t]*\{[ \t]*)?"
             rf"(?:or|oder|ou|o|或者|或|还是|\\lor|\\vee|lor|vee|∨|{_ALT_WORDS})(?:[ \t]*\}})?")
_OR_REVERSED = r"(?:\}" + _S + r")?(?:ro|redo|uo|o|者或|或|是还|rol\\|eev\\|rol|eev|∨)(?:" + _S + r"\{" + _S + \
    r"(?:txet|mrtxet|mrhtam|xobm)\\)?(?:(?![a-z])|(?=[a-z%°\x06]{1,12}[0-9]))"  # (squeezed: "4cmor")
# Words that may follow the "or" and still offer another value ("or maybe x = 6", "or else").
_OR_HEDGES = (r"(?:,?" + _S + r"(?:else|maybe|perhaps|possibly|probably|even|rather|otherwise|alternatively|sonst"
              r"|vielleicht|peut-être|quizás|quizá|talvez|tal[ ]?vez|bien|auch|então|entonces|sinon),?" + _S + ")?")
# The same joints, read backwards before a key: "or" and the others (`_ALT_JOINTS`).
_JOINT_REVERSED = (r"(?:\}" + _S + r")?(?:ro|redo|uo|o|者或|或|是还|rol\\|eev\\|rol|eev|∨|" + _ALT_REVERSED + ")(?:" + _S
                   + r"\{" + _S + r"(?:txet|mrtxet|mrhtam|xobm)\\)?(?:(?![a-z])|(?=[a-z%°\x06]{1,12}[0-9]))")
# Words that open a list of alternatives ("one of x = 4, x = 5"), reversed (they are read
# before the key).
# (No boundary: the squeezed text glues the words.)
_CHOICE_REVERSED = re.compile(r"[ \t\u00a0:：$]*(?:fo[ ]?(?:eno|yna|rehtie|hcihw)|rehtie|gnoma|neewteb)")
_TEXT_OPEN = r"(?:\\(?:text|mathrm|textrm|mbox)[ \t]*\{[ \t]*)?"
_MATH_OPEN = r"(?:\$|\\[(\[])?"
_MATH_CLOSE = r"(?:\$|\\[)\]])?"
_VALUE = r"[-−]?[0-9]+(?:\.[0-9]+)?"
_VALUE_REVERSED = r"[0-9]+(?:\.[0-9]+)?[-−]?"
ALTERNATIVE_FIRST = frozenset(" \t\n\u00a0,;$\\o或还∨lv(（[&a|∣要抑\u2014\u2013")


# What no name of `_KEY_NAME` holds (read before its "=").
_NOT_IN_A_NAME = re.compile(r"[-+*/^(){},.;:<>!|×·÷²³]")


def key_name(key: str) -> str | None:
    """The name a key step assigns a number to (``x`` of ``x = 5`` and ``x=5``), or
    ``None``. (Not cached: its callers cache what they build from it.)"""
    first = key[:1]
    if not ("a" <= first <= "z" or first in "∠\x03\\") or len(key) > 48:
        return None  # (most keys: a sum, a product, a phrase; settled without the pattern)
    eq = key.find("=")
    if eq == -1:
        eq = key.find("is")
        if eq == -1:
            return None
    if key.count("=") > 1 or len(key) - eq > 24 or _NOT_IN_A_NAME.search(key, 0, eq) is not None:
        return None
    m = _KEY_NAME.fullmatch(key)
    return None if m is None else m.group(1)


@lru_cache(maxsize=1024)
def _alternatives_after(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns of other values given to *name* right after a value: a list that an
    "or" ends (``, or x = 6``, ``$ or $x = 6``, ``或x=6``, ``, x = 6 or x = 7``), and a
    comma list (``, x = 6``)."""
    assigned = rf"{_MATH_OPEN}{_S}{re.escape(name)}{_S}(?:=|is(?![a-z])){_S}\$?{_S}"
    # a unit or a noun after the first value only where the same one follows the others
    # ("x = 5 cm or x = 6 cm"; "x = 5 apples, or x = 6 pears for the other box" is two things)
    same_unit = rf"(?(unit){_S}{_TEXT_OPEN}(?P=unit)(?![a-z]))"
    listed = rf",{_S}{assigned}{_VALUE}{same_unit}{_S}{_MATH_CLOSE}{_S}"
    # (a joint in bold, italics or a code mark: "x = 5 **or** x = 6", "x = 5 `|` x = 6")
    ored = (rf"(?:[,;\u2014\u2013]{_S})?(?:[(（\[]{_S})?(?:[*_`]{{1,2}}{_S})?{_OR_WORDS}(?:{_S}[*_`]{{1,2}})?{_S}(?:[,:]{_S})?{_OR_HEDGES}(?:\}}{_S})?"
            rf"{assigned}[-−(]?{_S}{_VALUE}{same_unit}")
    unit = rf"(?:{_S}{_TEXT_OPEN}(?P<unit>[a-z%°\x06]{{1,12}})(?:{_S}\}})?)?"
    return (re.compile(rf"{unit}{_S}{_MATH_CLOSE}{_S}(?:{listed}){{0,8}}?{ored}"),
            re.compile(rf"{unit}{_S}{_MATH_CLOSE}{_S}{listed}"))


@lru_cache(maxsize=1024)
def _alternatives_before(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The patterns, on the reversed text before a key's match, of the values offered
    before it: a list with an "or" in it (``x = 4 or``, ``$x = 4$, or``, ``x=4或``,
    ``x = 3, x = 4 or``; after an "or" a bare number too, ``x could be 4 or``), and a
    comma list (``x = 3, x = 4,``); for a bare key number (*name* empty) a number and an
    "or" (``4 or``)."""
    skip = r"[ \t\n\u00a0$(\[\\]{0,8}"
    close = rf"(?:[)\]]\\|\$)?{_S}"
    if not name:
        return re.compile(rf"{skip}{_OR_REVERSED}{_S}(?:,{_S})?{close}{_VALUE_REVERSED}"), re.compile("(?!)")
    # (no boundary after the name: the squeezed text glues it to the word before)
    named = rf"{_S}\$?{_S}(?:=|si(?![a-z])){_S}{re.escape(name[::-1])}{_S}(?:[$(]\\|\$)?{_S}"
    listed = rf",{_S}{close}{_VALUE_REVERSED}{named}"
    # a unit or a noun after the value right before, read back (`offered_before` checks that
    # the key's value has it too: "x = 4 cm or x = 5 cm")
    unit = rf"(?:(?:\}}{_S})?(?P<unit>[a-z%°\x06]{{1,12}}){_S}(?:\{{{_S}(?:txet|mrhtam|mrtxet|xobm)\\)?{_S})?"
    ored = rf"(?:[,:]{_S}(?=(?:{_ALT_REVERSED})))?{_JOINT_REVERSED}{_S}(?:[,;\u2014\u2013]{_S})?{close}{unit}{_VALUE_REVERSED}(?:{named})?"
    later = rf"{_JOINT_REVERSED}{_S}(?:[,;\u2014\u2013]{_S})?{close}{_VALUE_REVERSED}(?:{named})?"
    return (re.compile(rf"{skip}(?:{listed}){{0,7}}?{ored}(?:{listed}|{later}){{0,7}}"),
            re.compile(rf"{skip}(?:{listed}){{1,8}}"))


def may_offer_alternative_after(text: str, end: int) -> bool:
    """A cheap necessary test for `offers_alternative_after`: the character after the
    value, and an "o" soon after a letter ("5 cm or": a unit, then an "or"; or a "v" or a
    bar: "5 cm vs", "5cm|")."""
    after = text[end]
    return after in ALTERNATIVE_FIRST or not after.isascii() or (
        ("a" <= after <= "z" or after == "\x06") and _JOINT_HINT.search(text, end, end + 16) is not None) or (
        after in "*_`" and _MARKED_JOINT.match(text, end, end + 24) is not None)


# A joint in bold, italics or a code mark right after a value ("x = 5 **or**", "x = 5 `|`").
_MARKED_JOINT = re.compile(r"[*_` \t]{1,6}(?:or|vs|v/s|versus|altern|and/or|\\?\||∣|\\mid)")


# A letter that a joint of alternatives holds ("or", "vs", "alternatively", "resp.", "|", "\\mid").
_JOINT_HINT = re.compile(r"[ov|∣]|mid|res|要|抑|或")


# Full-width forms folded to ASCII ("ｘ＝６"), as the canonical text reads them.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def offers_alternative_after(text: str, end: int, name: str) -> bool:
    """Whether a value of *name* that ends at *end* of *text* is followed by other values
    of *name* offered beside it (``x = 5 or x = 6``; ``x = 5, x = 6`` after "one of").
    Ask `may_offer_alternative_after` first."""
    ored, listed = _alternatives_after(name)
    window = text[end : end + _ALTERNATIVES_SPAN]
    if not window.isascii():
        window = fold_homoglyphs(window).translate(_FULL_WIDTH)  # ("оr" with a Cyrillic о, "ｘ＝６")
    if ored.match(window) is not None:
        return True
    return listed.match(window) is not None and _chosen_before(text, _start_of_value(text, end, name))


def _start_of_value(text: str, end: int, name: str) -> int:
    """Where the assignment of *name* that ends at *end* starts (its name), or *end*."""
    start = text.rfind(name, max(0, end - 40), end)
    return end if start == -1 else start


def _chosen_before(text: str, start: int) -> bool:
    """Whether a word of choice ("one of", "either") opens the text before *start*."""
    lo = max(0, start - 24)
    window = text[max(lo, text.rfind("\x00", lo, start) + 1) : start]
    return _CHOICE_REVERSED.match(window[::-1]) is not None


# The last characters, before a match and its spacing, of what `offered_before` reads: a
# comma, an "or" (its "r"), a logical or, a LaTeX group closed after "or", 或, 是.
_BEFORE_SKIP = " \t\n\u00a0$([\\"
_ALTERNATIVE_LAST = frozenset(",:r}e或是者∨") | {word[-1] for word in _ALT_JOINTS}
_ALTERNATIVES_SPAN = 80


def may_follow_alternative(text: str, start: int, squeezed: bool) -> bool:
    """A cheap necessary test for `offered_before`: the characters before *start* and its
    spacing end as a joint of alternatives ends (an "or" that is a word, or in a
    *squeezed* text any "or", a comma, a logical or, 或)."""
    tail = text[max(0, start - 16) : start].rstrip(_BEFORE_SKIP)
    if not tail or tail[-1] not in _ALTERNATIVE_LAST:
        return False
    c = tail[-1]
    if c == "," or c == ":":  # a value right before it ("x = 4, x = 5"; "Thus, x = 5" is no list)
        tail = tail[:-1].rstrip(_BEFORE_SKIP + ")]")
        return bool(tail) and ((c == "," and tail[-1] in "0123456789°\x06") or tail.endswith(_ALT_ENDINGS))
    if c == "r" or c == "e":
        tail = fold_homoglyphs(("    " + tail)[-5:])  # ("оr", Cyrillic о)
        return tail.endswith("vee") or (c == "r" and tail[-2] == "o" and (
            squeezed or not "a" <= tail[-3] <= "z" or tail[-3] == "l")) or (
            tail[1:] == "oder" and (squeezed or not "a" <= tail[0] <= "z"))
    return c in "}或是者∨" or tail.endswith(_ALT_ENDINGS)


def _unit_follows(text: str, end: int, unit: str) -> bool:
    """Whether *unit* stands right after the value that ends at *end* (or ends it)."""
    if text.endswith(unit, 0, end):
        return True
    rest = text[end : end + 24].lstrip(" \t\u00a0$")
    if rest.startswith("\\"):
        rest = rest.split("{", 1)[-1].lstrip(" \t")
    return rest.startswith(unit) and not rest[len(unit) : len(unit) + 1].isalpha()


def offered_before(text: str, start: int, name: str, end: int) -> bool:
    """Whether the value of *name* (a key that assigns it one) or the bare key number
    (*name* empty) that starts at *start* of *text* is offered after other values as
    alternatives (``x = 3, x = 4 or x = 5``, ``4 or 5``, ``one of x = 4, x = 5``). Ask
    `may_follow_alternative` first."""
    if not name and text[max(0, start - 16) : start].rstrip(_BEFORE_SKIP)[-1:] == ",":
        return False  # a bare number after a comma: a list (`listed_among_many`)
    lo = max(0, start - _ALTERNATIVES_SPAN)
    reverse = fold_homoglyphs(text[max(lo, text.rfind("\x00", lo, start) + 1) : start])[::-1]
    ored, listed = _alternatives_before(name)
    m = ored.match(reverse)
    if m is not None:
        unit = m.groupdict().get("unit")
        return unit is None or _unit_follows(text, end, unit[::-1])
    m = listed.match(reverse)
    return m is not None and _CHOICE_REVERSED.match(reverse, m.end()) is not None


# What names the alternatives as the roots or solutions of an equation: the words, or
# before them an equation ("(x-5)(x-6) = 0, so x = 5 or x = 6", "x^2 = 25, so x = 5 or
# x = -5"; the alternatives themselves are none); unless a doubt follows them ("..., I
# can't tell which").
_ROOT_WORDS = re.compile(r"roots|solutions|zeros|zeroes|solv|factor|根|解")
_EQUATION = re.compile(r"[^<>!=≤≥]=(?![=<>])")
_DOUBT_AFTER = re.compile(r"guess|not[ ]*sure|unsure|can['’]?t[ ]*tell|cannot[ ]*tell|don['’]?t[ ]*know"
                          r"|which[ ]*one|one[ ]*of[ ]*them|no[ ]*idea|not[ ]*certain|uncertain|either|maybe"
                          r"|perhaps|\?")
_ROOTS_SPAN = 60


@lru_cache(maxsize=1024)
def _assignments(name: str) -> re.Pattern[str]:
    """*name* assigned a number (``x = 4``, ``x=4``), to be left out of an equation."""
    return re.compile(rf"{re.escape(name)}{_S}=" if name else "(?!)")


def named_as_roots(text: str, start: int, end: int, name: str) -> bool:
    """Whether the step around values of *name* offered as alternatives (the key's match
    is ``text[start:end]``) names them as the roots or solutions of an equation, and no
    doubt follows them."""
    lo = max(0, start - _ROOTS_SPAN)
    lo = max(lo, text.rfind("\x00", lo, start) + 1)
    hi = text.find("\x00", end, end + _ROOTS_SPAN)
    hi = min(len(text), end + _ROOTS_SPAN) if hi == -1 else hi
    if _DOUBT_AFTER.search(text, end, hi) is not None:
        return False
    if _ROOT_WORDS.search(text, lo, start) is not None or _ROOT_WORDS.search(text, end, hi) is not None:
        return True
    before = text[lo:start]
    return "=" in before and _EQUATION.search(_assignments(name).sub(" ", before)) is not None
