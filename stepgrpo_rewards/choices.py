"""Multiple choice: the options a question lists, and the option letter an answer
commits to.

An answer names an option by its letter in any spelling ("B", "(B)", "B.", "option B",
"B is correct") or leads with it ("(B) 45°"). Naming two ("B and C", "(A) or (B)"),
writing the options out again with their values ("A) 12 B) 15"), or doubting or denying
the letter in words ("可能 B", "B 不对") commits to none. `equivalence` uses these
readers; what the answer's value must agree with stays there.

Examples:
    >>> parse_options("Find x.\\nChoices:\\nA. 30°\\nB. 45°")
    {'A': '30°', 'B': '45°'}
    >>> letter_of("(B)", {}), letter_of("B or C", {})
    ('B', '')
"""

from __future__ import annotations

import re
from functools import lru_cache

from .hedges import ALTERNATIVE, NEGATION, UNSURE

__all__ = ["LETTERS", "beside_letter", "gold_option", "letter_of", "lists_options", "parse_options"]

_WORD = re.compile(r"[A-Za-z]+")
LETTERS = "ABCDEFGHIJ"

LETTER_ALONE = re.compile(r"^\(?\s*([A-Ja-j])\s*\)?\s*[.:)]?$")
LETTER_LEAD = re.compile(r"^\(?([A-J])\)?\s*[.:)、]\s*\S|^[(\[]([A-Ja-j])[)\]]\s*\S")
LETTER_NAMED = re.compile(r"\b(?:option|choice)\s*\(?([A-Ja-j])\)?(?![A-Za-z])", re.IGNORECASE)
LETTER_TOKEN = re.compile(r"(?<![A-Za-z])\(?([A-J])\)?(?![A-Za-z])")
# What follows a leading option letter when it names a second one: another letter mark
# right after it ("(A) (B)"), or joined to it by a connector with nothing but spacing
# and punctuation before ("(A) or (B)", "(A), B", "(A)/(B)", "A) or maybe B)", "(A)或(B)"), a
# range of letters ("(A)...(D)", "(A)–(C)", "A. to D") or another joining word ("(A) as well as (B)",
# "(A) plus (B)", "(A) along with (B)"). A letter
# inside the option text ("(D) Both (A) and (B)", "(B) 45° (∠A)", "(A) P(A|B)") or a
# justification ("(C), since (A) is too small") is no second choice.
SECOND_CHOICE = re.compile(
    r"\s*\(([A-J])\)"
    r"|[^A-Za-z\n]*?(?:\b(?:or|and|maybe|perhaps|possibly|either)\b|[,/&;、]|或者?|和|与|及)\s*"
    r"(?:(?:maybe|perhaps|possibly|probably|also)\s+)?"
    r"(?:\(([A-J])\)|([A-J])\)?(?=\s*(?:$|[.,;/&]|\bor\b)))"
    # a range or another joining word, right after the mark (an option's text may hold "3 - a")
    r"|[\s,;:]*(?:\b(?:plus|also|with|alongside|as\s+well\s+as|along\s+with|together\s+with|to|through|thru|till"
    r"|until)\b|\.+|[…⋯~〜→–—−+-]{1,2}|至|到)\s*(?:\(([A-J])\)|([A-J])\)?(?=\s*(?:$|[.,;/&]|\bor\b)))"
    # another letter mark right after, with nothing but spacing between: "A. B.", "A) B)", "A. B"
    r"|\s*\(?([A-J])(?:[).:](?=\s|$)|\s*$)",
    re.IGNORECASE,
)
OPTION_MARK = re.compile(r"(?:^|(?<=[\s,;:]))\(?([A-J])[).:](?!\d)", re.MULTILINE)
# Words after which an option mark is referred to, not listed: "(C), since (A) is too
# small", "(D) Both (A) and (B)".
REFERENCE_WORDS = frozenset(
    "since because not than as both and or nor unlike like of from to with vs versus is are was "
    "in on at by for that which where when if unless neither either except but only also rather".split()
)
LAST_WORD = re.compile(r"([A-Za-z]+)\W*\Z")

@lru_cache(maxsize=4096)
def parse_options(question: str) -> dict[str, str]:
    """The multiple-choice options listed in *question*: ``{"A": "30°", ...}``.

    Options are recognised as markers ``A.``, ``A)``, ``(A)``, ``A:`` that run A, B, C...
    in order; anything else (``point B:``) is not an option list.

    Examples:
        >>> parse_options("Find x.\\nChoices:\\nA. 30°\\nB. 45°\\nC. 60°")
        {'A': '30°', 'B': '45°', 'C': '60°'}
    """
    question = question[-4000:]
    marks = [(m.group(1), m.start(), m.end()) for m in OPTION_MARK.finditer(question)]
    best: list[tuple[str, int, int]] = []
    for i, (letter, _, _) in enumerate(marks):
        if letter != "A":
            continue
        run = [marks[i]]
        for mark in marks[i + 1 :]:
            if mark[0] == LETTERS[len(run)]:
                run.append(mark)
            if len(run) == len(LETTERS):
                break
        if len(run) >= 2 and len(run) >= len(best):
            best = run
    options: dict[str, str] = {}
    for i, (letter, _, end) in enumerate(best):
        stop = best[i + 1][1] if i + 1 < len(best) else len(question)
        body = question[end:stop]
        if i + 1 == len(best):
            body = body.split("\n", 1)[0]
        options[letter] = body.strip().rstrip(",;").strip()
    return options


# A value right after an option mark: a number, or math.
_VALUE_AFTER_MARK = re.compile(r"[ \t]*(?:[-−+]?[ \t]*\.?[0-9]|\$|\\)")
# What right after an option mark names an option text (a word, a number, math).
_TEXT_AFTER_MARK = re.compile(r"[ \t]*[\w$\\-]")


def _offered(word: str, text: str, end: int) -> bool:
    """Whether an option mark after *word* offers that option with its text rather than
    refers to it: after "or" with any text ("A) 12 or B) 15"), after "and" with a value
    ("A) 12 and B) 15"; "(D) Both (A) and (B) are true" refers)."""
    low = word.lower()
    if low == "or":
        return _TEXT_AFTER_MARK.match(text, end) is not None
    return low == "and" and _VALUE_AFTER_MARK.match(text, end) is not None


def lists_options(text: str) -> bool:
    """Whether *text* writes out two or more options, each with a value ("A) 12 B) 15",
    "(A) 12\\n(B) 15"): the options restated, no choice. A mark that closes a
    parenthesis opened before it ("(since B) is small)"), or that follows a word such
    as "since", "and" or "not", refers to an option; one with nothing after it
    before the next mark names no value."""
    if len(text) > 2000:
        return False
    marks = []
    depth = seen = 0
    for m in OPTION_MARK.finditer(text):
        depth += text.count("(", seen, m.start()) - text.count(")", seen, m.start())
        seen = m.start()
        if m.group(0)[0] != "(" and m.group(0)[-1] == ")" and depth > 0:
            continue
        word = LAST_WORD.search(text, max(0, m.start() - 40), m.start())
        if word is not None and word.group(1).lower() in REFERENCE_WORDS and not _offered(word.group(1), text, m.end()):
            continue
        marks.append(m)
    listed = set()
    for i, m in enumerate(marks):
        body = text[m.end() : marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        words = [w for w in re.findall(r"[^\s,;.:/&]+", body) if w.lower() not in REFERENCE_WORDS]
        if words:
            listed.add(m.group(1))
    return len(listed) >= 2


def letter_of(text: str, options: dict[str, str]) -> str | None:
    """The option letter an answer commits to; ``None`` when it names none, ``""``
    when it names several (a hedge)."""
    if ")" in text or "." in text or ":" in text:
        if lists_options(text):
            return ""
    m = LETTER_ALONE.match(text)
    if m:
        letter = m.group(1).upper()
        return letter if m.group(1).isupper() or options or len(text) <= 3 else None
    m = LETTER_LEAD.match(text)
    if m:
        letter = (m.group(1) or m.group(2)).upper()
        # the pattern ends on the first character after the letter's mark
        second = SECOND_CHOICE.match(text, m.end() - 1)
        other = next((g for g in second.groups() if g), "") if second else ""
        if not other and len(text) - m.end() <= 60:
            other = _joined_mark(text[m.end() - 1 :])
        if other and options.get(letter, "").strip(" .") == text[m.end() - 1 :].strip(" ."):
            return letter  # "A. B" where option A reads "B"
        return "" if other and other.upper() != letter else letter
    named = {x.upper() for x in LETTER_NAMED.findall(text)}
    if len(named) == 1:
        return named.pop()
    if len(named) > 1:
        return ""
    if len(text) <= 40:
        tokens = {x for x in LETTER_TOKEN.findall(text)}
        words = _WORD.findall(text)
        if tokens and all(len(w) == 1 or w.lower() in ("or", "and", "both", "either") for w in words):
            if not text.isascii() and (NEGATION.search(text) or UNSURE.search(text) or ALTERNATIVE.search(text)):
                return ""  # "B 不对", "可能 B": denied or doubted in words that are not English
            if len(tokens) == 1 and any(w.lower() in ("or", "either") for w in words):
                return ""  # "12 or B", "B or 60°": the letter is one of two alternatives
            return tokens.pop() if len(tokens) == 1 else ""
    return None


# A second letter mark in brackets that ends the answer after a few joining words, in any
# language: "(A) und (B)", "(A) (also B)", "(A) in addition to (B)", "(A) including (B)", "(A) =>
# (D)". (Words of two letters or more, or one lower-case letter: "(A) y (B)"; "(A) P(A|B)" and
# "(A) the angle at B" name no second option.)
_JOINED_MARK = re.compile(
    r"[^\w\n(]*+(?:(?:[^\W\d_]{2,}+|[^\W\d_A-Z])[^\w\n(]++){0,4}?\(([A-J])\)[^\w\n]*+"
    r"|[^\w\n(\[]*+[(\[][^\w\n]*+(?:(?:[^\W\d_]{2,}+|[^\W\d_A-Z])[^\w\n]++){1,4}?([A-J])[^\w\n)\]]*+[)\]][^\w\n]*+"
)
# Words before a second mark that refer to it, compare or deny it, or give a reason: "(A), not
# (B)", "(A) rather than (B)", "(A) is better than (B)", "(D) Both (A)".
_NOT_JOINING = frozenset(
    "not no never than unlike rather instead over vs versus except excluding but without beats wrong incorrect false "
    "since because both neither nor given if unless when where which so hence thus therefore is are was isn wasn "
    "nicht pas nein non see cf compare".split()
)


def _joined_mark(rest: str) -> str:
    """The second option letter that *rest*, the text after a leading letter mark, ends
    on after joining words (`_JOINED_MARK`); ``""`` when it names none."""
    m = _JOINED_MARK.fullmatch(rest)
    if m is None or any(w.lower() in _NOT_JOINING for w in _WORD.findall(rest)):
        return ""
    return m.group(1) or m.group(2)


def beside_letter(pred: str) -> str:
    """*pred* without a leading option letter (``(B) 45°`` -> ``45°``); unchanged when
    the letter is elsewhere (``45° (B)``)."""
    lead = LETTER_LEAD.match(pred)
    return pred[lead.end() - 1 :] if lead else pred  # the pattern ends on the rest's first character

def gold_option(gold: str) -> dict[str, str]:
    """A gold that carries its option's text, ``(A) 12``, ``A) 12`` or ``A. 12``, as the
    one option it names: its letter and its text then both stand for it when no
    question lists the options. (``A: 12`` may label a point or a statement, not an
    option, and a gold that lists several options names none.)"""
    lead = LETTER_LEAD.match(gold)
    if lead is None or gold[: lead.end() - 1].rstrip().endswith(":") or lists_options(gold):
        return {}
    rest = beside_letter(gold).strip()
    return {(lead.group(1) or lead.group(2)).upper(): rest} if rest else {}
