"""A second value offered beside a key's value in other words than "or" (issue 15,
round 9): a key step is earned by a text that commits to one value.

Two readers, both anchored right after the key's value and bounded:

- `offered_beside_after` (every key, on the window after a match, `context`): a
  parenthetical or a trailing clause right after the value that holds one other bare
  number and words that offer it (a run of at most four words of `_LEAD` before it, of
  `_TAIL` after it): ``x = 5 (also 6)``, ``x = 5 (6 also works)``, ``x = 5, though 6 works
  too``, ``x = 5 (plus 6)``, ``x = 5 (alt. 6)``, ``x = 5 (6?)``, ``x = 5 (\\text{or } 6)``.
  What is no such word keeps the credit: a reference (``(eq. 2)``, ``(Step 6)``, ``(see
  Fig. 6)``), a unit conversion (``5 cm (50 mm)``), a value of another name (``(y = 6)``),
  a commitment (``(not 6)``, ``(instead of 6)``), an expression (``(6 - 1)``). A trailing
  clause needs a word that offers by itself (``also``, ``maybe``, ``alternatively``...) or
  a tail that says the number works too: ``x = 5, and 6 is the other side`` keeps it.
- `offered_to_name` (a key that assigns a name, `number_bounds`): another value of the
  same name after "otherwise", "else", "sinon" (``x = 5, otherwise x = 6``), unless a
  condition stands in the sentence (``if a > 0, x = 5, otherwise x = 6`` is a case
  analysis); after a comparison (``x = 5 against x = 6``, ``compared with``); after a
  joint set in LaTeX spacing or a text command (``x = 5 \\quad\\text{vs}\\quad x = 6``);
  and the same name's value said to hold too (``x = 5, but x = 6 too``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from ..mathtext.lookalikes import fold_lookalikes

# Spacing: whitespace, LaTeX spacing commands, a tie.
_SP = r"(?:[ \t\u00a0\u2000-\u200a\u202f\u3000~]|\\[,;: ]|\\q?quad(?![a-z]))"
# The end of a math span or a group, spacing.
_T = r"(?:[ \t\u00a0\u2000-\u200a\u202f\u3000~$}]|\\[,;: )\]]|\\q?quad(?![a-z]))"
# A text command around a word ("\\text{or }"; canonical "textor"), and its close.
_TXT = (r"(?:\\(?:text|textrm|textbf|textit|textsf|mathrm|mathbf|mathit|mbox|emph|operatorname)[ ]*\{[ ]*"
        r"|(?:textrm|textbf|textit|text|mathrm|mbox)(?=[a-z]))?")
_MK = r"[*_`]{0,2}"
_CLOSE_WORD = rf"(?:[ ]*\}})?{_MK}"
# The words that offer a second value by themselves ("also 6", "maybe 6", "alt. 6").
# ("vs" and "resp." are round 7's, after a key that states a value: "5 (resp. 6)" lists two)
_STRONG = (r"also|alt\.?|alternatively|alternately|alternative(?:ly)?:?|maybe|perhaps|possibly|or|either"
           r"|oder|ou|auch|aussi|también|tambien|o")
# Words that may stand with them ("but also 6", "could also be 6", "plus 6").
_WEAK = (r"plus|and|but|though|although|even|it|it['’]s|its|is|be|could|might|may|would|can|as|well|just|equally"
         r"|probably|an?|answer|value|option|solution|candidate|possibility|choice|another|other|second"
         r"|option[ ][a-e]|alternative[ ][a-e]")
_LEAD_WORD = rf"{_TXT}(?:{_STRONG}|{_WEAK})(?![a-z]){_CLOSE_WORD}[,:]?"
_STRONG_WORD = rf"{_TXT}(?:{_STRONG})(?![a-z]){_CLOSE_WORD}[,:]?"
# Words that say the second number works too ("6 also works", "6 is fine too", "6?").
_TAIL_WORD = (r"(?:too|also|as[ ]+well|works?|working|fits?|holds?|is|are|['’]s|be|would|could|might|may|can|also"
              r"|fine|ok|okay|valid|possible|plausible|feasible|viable|acceptable|correct|right|good|an?"
              r"|option|possibility|alternative|candidate|answer|solution|maybe|perhaps|possibly|either|though"
              r"|equally|just|satisf(?:y|ies)|it|well|true)(?![a-z])")
_NUMBER_WORDS = (r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
                 r"|sixteen|seventeen|eighteen|nineteen|twenty")
_NUMBER = (r"(?:\$|\\\()?[-−+±]?(?:[0-9]+(?:\.[0-9]+)?(?![0-9]|\.[0-9])|(?:" + _NUMBER_WORDS
           + r")(?![a-z]))(?:\$|\\\))?")
# A unit or a noun after the key's value, and the same one (or none) after the second
# ("x = 5 cm (also 6 cm)"; "x = 5 cm (50 mm)" restates the value: no offering word).
_UNIT = rf"(?:{_SP}*+(?:\\(?:text|mathrm|textrm|mbox)[ ]*\{{[ ]*)?(?!(?:{_STRONG}|{_WEAK})(?![a-z]))(?P<u>[°\x06]|\\circ|[a-z]{{1,12}}?)(?:e?s)?(?![a-z])(?:[ ]*\}})?)?"
_UNIT2 = rf"(?(u)(?:{_SP}*+(?:\\(?:text|mathrm|textrm|mbox)[ ]*\{{[ ]*)?(?P=u)(?:e?s)?(?![a-z])(?:[ ]*\}})?)?)"
_QUESTION = r"[?？‽¿]"
_OPEN = r"(?:[(\[（［{]|\\\{)"
_CLOSE = r"(?:[)\]）］}]|\\\})"
# What opens a trailing clause: a comma, a semicolon, a colon, a dash, a slash or a bar.
_TRAIL = r"(?:[,;:，；：]|[\u2014\u2013]|(?<=[ ])[-/|][ ])"
# The end of a trailing clause: the window's, a line's or a sentence's end, a closing
# mark, or a comma that no condition follows.
_END = (r"(?=[ ]*(?:$|[.;!?\n)\]）\x00*_]|,(?![ ]*(?:if|when|whenever|unless|provided|only|for|in|where|since"
        r"|because)(?![a-z]))))")


def _offered_pattern(number: str) -> re.Pattern[str]:
    """`_OFFERED` with *number* for the second value (a bare number, or a value of a name)."""
    return re.compile(
        rf"{_T}*+{_UNIT}{_T}*+{_MK}{_SP}*+(?:"
        # a parenthetical: lead words, the number, tail words; some word (or a question mark) offers it
        rf"{_OPEN}{_SP}*+{_MK}(?:(?P<lead>(?:{_LEAD_WORD}{_SP}*+){{1,4}})|){_MK}{_SP}*+{number}{_UNIT2}"
        rf"(?:{_SP}*+,?{_SP}*+{_MK}(?P<tail>(?:{_TAIL_WORD}{_SP}*+[,.!]?{_SP}*+){{1,4}})|){_SP}*+(?P<q>{_QUESTION})?"
        rf"[!.]{{0,3}}{_SP}*+{_MK}{_CLOSE}(?(lead)|(?(tail)|(?(q)|(?!))))"
        # a trailing clause: a word that offers by itself among the lead words, or a tail
        rf"|{_TRAIL}{_SP}*+{_MK}(?:{_LEAD_WORD}{_SP}*+){{0,3}}{_STRONG_WORD}{_SP}*+"
        rf"(?:{_LEAD_WORD}{_SP}*+){{0,2}}{_MK}{_SP}*+{number}{_UNIT2}(?:{_SP}*+{_MK}(?:{_TAIL_WORD}{_SP}*+){{1,4}})?"
        rf"{_QUESTION}?{_MK}{_END}"
        rf"|{_TRAIL}{_SP}*+{_MK}(?:{_LEAD_WORD}{_SP}*+){{0,3}}{_MK}{_SP}*+{number}{_UNIT2}"
        rf"{_SP}*+,?{_SP}*+{_MK}(?:(?:{_TAIL_WORD}{_SP}*+){{0,3}}(?:too|also|as[ ]+well|either|possible|plausible|valid"
        rf"|works?|fits?|an?[ ]+(?:option|possibility|alternative|candidate))(?![a-z]){_SP}*+|{_QUESTION}){_MK}{_END}"
        rf")"
    )


_OFFERED = _offered_pattern(_NUMBER)


def offered_beside_after(window: str) -> bool:
    """Whether *window*, right after a key's value, offers one other bare number beside
    it in a parenthetical or a trailing clause (see the module)."""
    return _offered_beside_after(window)


@lru_cache(maxsize=4096)
def _offered_beside_after(window: str) -> bool:
    return (_A_DIGIT.search(window) is not None or _A_NUMBER_WORD.search(window) is not None) and (
        _OFFERED.match(window) is not None)


# (the cheap test: a second value needs a digit or a number word)
_A_DIGIT = re.compile("[0-9]")
_A_NUMBER_WORD = re.compile(r"(?:zer|one|two|thr|fou|fiv|six|sev|eig|nin|ten|ele|twe|fif)")


# ----------------------------------------------------------- a second value of the name
_S = r"[ \t\n\u00a0]*+"
_LSP = r"(?:[ \t\n\u00a0~]|\\[,;: ]|\\q?quad(?![a-z]))*+"
_TXT_OPEN = (r"(?:\\(?:text|textrm|textbf|textit|textsf|mathrm|mathbf|mathit|mbox|emph|operatorname)[ \t]*\{[ \t]*"
             r"|(?:textrm|textbf|textit|text|mathrm|mbox)(?=[a-z]))?")
_TXT_CLOSE = r"(?:[ \t]*\})?"
# The joints that "otherwise" makes: a case analysis unless no condition stands near.
_CASE_JOINTS = r"otherwise|else|or[ ]+else|sinon|sonst|andernfalls|de[ ]+lo[ ]+contrario|altrimenti|否则"
# Comparisons and the joints of round 7 set in LaTeX spacing or a text command.
_COMPARED = r"against|compared[ ]+(?:with|to)|in[ ]+comparison[ ]+(?:with|to)"
# (round 7's joints, read here only where LaTeX spacing or a text command sets them)
_SET_JOINTS = r"vs\.?|v\.|v/s|versus|or|resp\.?|respectively|alternatively|and/or"
_LATEX_SPACE = r"(?:\\[,;: ]|\\q?quad(?![a-z])|~)"
_TXT_REQUIRED = (r"(?:\\(?:text|textrm|textbf|textit|textsf|mathrm|mathbf|mathit|mbox|emph|operatorname)[ \t]*\{[ \t]*"
                 r"|(?:textrm|textbf|textit|text|mathrm|mbox)(?=[a-z]))")
_NAMED_TOO = r"but|though|although|and|also|plus|yet"
_TOO = r"too|also|as[ ]+well|works?[ ]+too|also[ ]+works?|holds?[ ]+too|is[ ]+(?:also[ ]+)?(?:possible|valid|fine)"


# (no unit: the words that open a clause, "x = 5 because otherwise x = 6 would ...")
_CONJUNCTIONS = (r"(?:because|since|as|so|hence|thus|therefore|when|whenever|if|unless|for|but|and|or|yet|while"
                 r"|where|then|else|otherwise|against|compared|vs|versus|resp|though|although|also|plus)(?![a-z])")


@lru_cache(maxsize=1024)
def _named_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The patterns, right after a value of *name*, of another value of it after a case
    joint, after a comparison, and said to hold too."""
    n = re.escape(name)
    head = rf"(?:{_S}(?!{_CONJUNCTIONS})(?P<u>[a-z%°]{{1,12}})(?![a-z]))?{_LSP}[$}}]?{_LSP}[*_`]{{0,2}}"
    # (the same unit after the second value as after the first, where it has one)
    unit = rf"(?![0-9]|\.[0-9])(?(u){_S}{_TXT_OPEN}(?P=u)(?![a-z]))"
    value = rf"{_LSP}[*_`]{{0,2}}\$?{_S}{n}{_S}(?:=|is(?![a-z])){_S}\$?{_S}[-−(]?{_S}[0-9]+(?:\.[0-9]+)?{unit}"
    bare = rf"{_LSP}[*_`]{{0,2}}\$?{_S}[-−]?[0-9]+(?:\.[0-9]+)?{unit}"
    case = re.compile(rf"{head}(?:[,;:，；(\u2014\u2013]{_LSP})?[*_`]{{0,2}}{_TXT_OPEN}(?:{_CASE_JOINTS})(?![a-z]){_TXT_CLOSE}[*_`]{{0,2}}"
                      rf"[,:]?(?:{value}|{bare}(?![ ]*[a-z]))")
    # (whitespace only before the joint: LaTeX spacing, when it stands there, sets it)
    plain_head = rf"(?:{_S}(?!{_CONJUNCTIONS})(?P<u>[a-z%°]{{1,12}})(?![a-z]))?{_S}[$}}]?{_S}[*_`]{{0,2}}"
    compared = re.compile(
        rf"{plain_head}(?:[,;(]{_S})?(?:{_TXT_OPEN}(?:{_COMPARED})|(?:{_LATEX_SPACE}{_LSP}{_TXT_OPEN}|{_TXT_REQUIRED})"
        rf"(?:{_SET_JOINTS}))(?![a-z]){_TXT_CLOSE}[,:]?{value}")
    too = re.compile(rf"{head}[,;(]{_LSP}(?:{_NAMED_TOO})(?![a-z]){_S}(?:(?:also|maybe|perhaps|possibly)(?![a-z]))?"
                     rf"{value}{_S}(?:(?!{_CONJUNCTIONS})[a-z%°]{{1,12}}{_S})?(?:{_TOO})(?![a-z])")
    offered = _offered_pattern(rf"(?:\$|\\\()?{n}{_S}(?:=|is(?![a-z])){_S}{_NUMBER}")
    return case, compared, too, offered


# What makes the value one case of several: a condition in the sentence.
_CONDITION = re.compile(r"(?<![a-z])(?:if|when|whenever|unless|provided|case|cases|where|for|otherwise|else|given"
                        r"|assuming|suppose|si|wenn|falls|cuando)(?![a-z])|[<>≤≥≠⇒→]|\\(?:le|ge|leq|geq|neq|to)(?![a-z])"
                        r"|如果|若")
_SENTENCE_BREAK = re.compile(r"[.!?\n。！？](?![0-9])")
# (a cheap test: one of the joints' letters soon after the value)
_NAMED_HINT = re.compile(r"othe|else|sinon|sonst|andernf|contrario|altrim|否则|against|compar|vs|v\.|versus|resp|altern"
                         r"|quad|text|but|though|and|also|plus|yet|or|alt|too|well|work|fit|fine|valid|possib|maybe"
                         r"|perhaps|either|may|might|could|auch|aussi|[?？‽¿]")


def offered_to_name(text: str, start: int, end: int, name: str, windows: _Windows | None = None) -> bool:
    """Whether the value of *name* at ``text[start:end]`` is followed by another value of
    *name* offered beside it (see the module); a squeezed *text* is read through its
    *windows* (`number_bounds._Windows`), with its whitespace in place."""
    if _NAMED_HINT.search(text, end, end + 24) is None:
        head = text[end : end + 24]
        if head.isascii() or _NAMED_HINT.search(fold_lookalikes(head).lower()) is None:
            return False
    case, compared, too, offered = _named_patterns(name)
    window = text[end : end + 96] if windows is None else windows.window_after(end, 96)
    if not window.isascii():
        window = fold_lookalikes(window).lower()  # ("оtherwise", Cyrillic о)
    if compared.match(window) is not None or too.match(window) is not None or offered.match(window) is not None:
        return True
    m = case.match(window)
    if m is None:
        return False
    before = text[max(0, start - 80) : start] if windows is None else windows.window_before(start, 80)
    sentence = _SENTENCE_BREAK.split(before)[-1]
    rest = _SENTENCE_BREAK.split(window[m.end() :], maxsplit=1)[0][:48]
    return _CONDITION.search(sentence) is None and _CONDITION.search(rest) is None


class _Windows(Protocol):
    def window_before(self, start: int, width: int = ...) -> str: ...

    def window_after(self, end: int, width: int = ...) -> str: ...
