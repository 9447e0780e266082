"""Numbers written in English words, as a second value beside digits.

A sentence that commits to a value in words and to another in digits ("The answer is
fifteen. So the answer is 12.", "12, rather fifteen") holds two numbers, as "15. So 12"
does; `numbers.single_number` reads the runs found here against its one number in
digits. A run is one to eight number words joined by spaces, hyphens or "and"
("twenty-one", "one hundred and five", "two dozen"), read as English writes it.

Not numbers: "a" and "an"; a run that opens with a scale word ("hundred", "thousand",
"dozen": the scale of a number before it, "12 hundred", or "a hundred"); a word glued
by a hyphen to a word that is no number ("two-digit", "non-zero", "one-third"); and a
run that does not stand where a value does. A value stands right after a word or mark
that states, corrects or offers one ("is", "=", ":", "(", ",", ".", "rather",
"actually", "or", "but", "I mean", "i.e.", "gives") or at the start, with no word after
it but one of correction or alternative ("The answer is fifteen.", "12, rather
fifteen", "fifteen or 12"). Elsewhere a number in words counts or names: "the two
numbers sum to 12", "each of the four boxes holds 3", "three times four", "the one",
"one of them", "no one".

Other languages count too, one word each where it is no English word ("quinze",
"quince", "fünfzehn") and no word follows it, and a Roman numeral of I, V and X where a
value stands ("The answer is XV.").

Every pattern is linear, and a cheap word test runs first: most texts hold no number word.

Examples:
    >>> word_numbers("The answer is fifteen. So the answer is 12.")
    [15]
    >>> word_numbers("twenty-one, one hundred and five, two dozen")
    [21, 105, 24]
    >>> word_numbers("Each one costs 12, a two-digit number; 12 hundred")
    []
    >>> word_numbers("The two numbers sum to 12"), word_numbers("12, rather fifteen")
    ([], [15])
    >>> words_value("Twenty-one"), words_value("one hundred and five"), words_value("a hundred")
    (21, 105, None)
"""

from __future__ import annotations

import re

__all__ = ["NUMBER_WORDS", "has_number_word", "word_numbers", "words_value"]

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
#: Number words and their values (scale words multiply what comes before them).
NUMBER_WORDS: dict[str, int] = {word: i for i, word in enumerate(_UNITS)}
NUMBER_WORDS.update({word: 10 * i for i, word in enumerate(_TENS, 2)})
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12}
_KEYS = frozenset(NUMBER_WORDS) | frozenset(_SCALES)

_WORD = "(?:" + "|".join(sorted(_KEYS, key=len, reverse=True)) + ")"
# A run of number words: "twenty-one", "one hundred and five" (bounded: at most 8 words).
RUN_PATTERN = r"\b" + _WORD + r"(?:(?:[ \t]+|[ \t]*-[ \t]*)(?:and[ \t]+)?" + _WORD + r"){0,7}\b"
_RUN = re.compile(RUN_PATTERN, re.IGNORECASE)
_ASCII_WORD = re.compile(r"[a-z]+")
_RUN_WORD = re.compile(r"[a-z]+")
# A number in words is a value only where a value stands: right after a word or a mark
# that states, corrects or offers one ("is", "=", ":", "(", ",", "rather", "actually",
# "or", "I mean", "i.e.", "gives") or at the start, and with no word after it but one of
# correction or alternative ("fifteen.", "fifteen, so 12", "fifteen or 12"). Elsewhere it
# counts or names ("the two numbers sum to 12", "each of the four boxes", "three times
# four", "one of them", "the one", "Case two"): no value of the answer.
_VALUE_BEFORE = re.compile(
    r"(?:^|[=:：(\[{,;.!?/~>→⇒≈—–\"'“‘…]|['’]s|\d[ \t]*(?:and|&)|\b(?:is|are|was|were|be|been|equals?|rather|actually|or"
    r"|nor|but|really|also|equivalently|known\s+as|answer|make\s+(?:that|it)"
    r"|i\s+mean|(?:i\s+)?meant|i\.e\.|e\.g\.|namely|viz\.?|that\s+is|aka|maybe|perhaps|possibly|probably|alternatively"
    r"|otherwise|else|wait|oops|sorry|hm{1,4}|correction|say|gives?|gave|yields?|get|gets|got|makes?|totals?|becomes?"
    r"|became|either|versus|vs\.?))[ \t*_$]*$",
    re.IGNORECASE,
)
_VALUE_AFTER = re.compile(
    r"[ \t*_$]*(?:$|[^ \tA-Za-z+*/×÷·^\-]|-(?![ \t]*\d)|(?:or|nor|rather|actually|maybe|perhaps|possibly|probably|instead"
    r"|versus|vs|wait|no|oops|sorry|so|thus|hence|therefore|then|i\s+(?:mean|meant|think|guess))\b)",
    re.IGNORECASE,
)


def _stands(text: str, start: int, end: int, english: bool = True) -> bool:
    """Whether the number in words at *start*..*end* stands where a value does (see
    `_VALUE_BEFORE`); a word of another language needs only no word after it."""
    if _VALUE_AFTER.match(text, end) is None:
        return False
    if not english:
        return True
    return _VALUE_BEFORE.search(text, max(0, start - 24), start) is not None


# Numbers in words of other languages (French, Spanish, Italian, Portuguese, German), one
# word each, those that are no English word ("once", "seize", "elf", "sept", "due" are):
# "quinze", "quince", "fünfzehn" are a value wherever they stand.
_FOREIGN: dict[str, int] = {}
for _value, _words in enumerate([
        "", "", "deux zwei", "trois tres três drei", "quatre cuatro quattro quatro vier", "cinq cinco cinque fünf funf",
        "seis sechs", "siete sette sete sieben", "huit ocho oito acht", "neuf nueve nove neun", "dix diez dieci dez zehn",
        "onze undici", "douze doce dodici zwölf zwolf", "treize trece tredici treze dreizehn",
        "quatorze catorce quattordici catorze vierzehn", "quinze quince quindici fünfzehn funfzehn",
        "dieciséis sedici dezesseis sechzehn", "diecisiete diciassette dezessete siebzehn",
        "dieciocho diciotto dezoito achtzehn", "diecinueve diciannove dezenove neunzehn",
        "vingt veinte venti vinte zwanzig"]):
    _FOREIGN.update(dict.fromkeys(_words.split(), _value))
_FOREIGN.update({"trente": 30, "treinta": 30, "trenta": 30, "trinta": 30, "dreißig": 30, "cent": 100, "cien": 100})
_FOREIGN.pop("cent")  # (a cent)
_ANY_WORD = re.compile(r"[^\W\d_]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
# A Roman numeral of two or more of I, V and X (2 to 39), where a value stands: "The
# answer is XV." (C, D, L, M are left out: "CD", "DC" name segments.)
_ROMAN = re.compile(r"\b(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman_value(numeral: str) -> int:
    total = 0
    for i, ch in enumerate(numeral):
        value = _ROMAN_VALUES[ch]
        total += -value if i + 1 < len(numeral) and _ROMAN_VALUES[numeral[i + 1]] > value else value
    return total


def has_number_word(text: str) -> bool:
    """The cheap test: whether a lower-cased word of *text* is a number word."""
    if text.isascii():
        return not _KEYS.isdisjoint(_ASCII_WORD.findall(text.lower())) or (
            not _FOREIGN.keys().isdisjoint(_ASCII_WORD.findall(text.lower()))) or _ROMAN.search(text) is not None
    words = _ANY_WORD.findall(text.lower())
    return not _KEYS.isdisjoint(words) or not _FOREIGN.keys().isdisjoint(words) or _ROMAN.search(text) is not None


def _glued(text: str, start: int, end: int) -> bool:
    """Whether the run at *start*..*end* is glued by a hyphen to a word ("two-digit",
    "non-zero"): an adjective or a fraction, no count."""
    return (text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha()) or (
        start >= 2 and text[start - 1] == "-" and text[start - 2].isalpha())


def _run_value(words: list[str]) -> int | None:
    """The value of a run of number words, or ``None`` when it opens with a scale."""
    if words[0] in _SCALES:
        return None
    total = current = 0
    for word in words:
        if word == "and":
            continue
        scale = _SCALES.get(word)
        if scale is None:
            current += NUMBER_WORDS[word]
        elif scale >= 1000:
            total += (current or 1) * scale
            current = 0
        else:
            current = (current or 1) * scale
    return total + current


def word_numbers(text: str, limit: int = 8) -> list[int]:
    """The numbers *text* writes in English words (see the module), at most *limit*."""
    if not has_number_word(text):
        return []
    found: list[int] = []
    for m in (_ASCII_LETTERS if text.isascii() else _ANY_WORD).finditer(text):
        value = _FOREIGN.get(m.group().lower())
        if value is not None and _stands(text, m.start(), m.end(), english=False):
            found.append(value)  # "Die Antwort ist fünfzehn."
    for m in _ROMAN.finditer(text):
        if _stands(text, m.start(), m.end()):
            found.append(_roman_value(m.group(0)))  # "The answer is XV."
    for m in _RUN.finditer(text):
        if len(found) >= limit:
            break
        start, end = m.span()
        if _glued(text, start, end) or not _stands(text, start, end):
            continue  # "a two-digit number", "the two numbers", "each one", "one of them"
        value = _run_value(_RUN_WORD.findall(m.group(0).lower()))
        if value is not None:
            found.append(value)
    return found


#: Texts longer than this are no number in words alone.
_MAX_WORDS_TEXT = 60


def words_value(text: str) -> int | None:
    """The value of *text* when it is a number in words alone ("twelve", "Twenty-one",
    "one hundred and five"), else ``None``."""
    text = text.strip()
    if not text or len(text) > _MAX_WORDS_TEXT or not text[0].isalpha():
        return None
    m = _RUN.fullmatch(text)
    return None if m is None else _run_value(_RUN_WORD.findall(text.lower()))
