"""Letters that imitate others: Cyrillic and Greek lookalikes of Latin letters, and the
mathematical alphanumeric symbols ("𝐁", "𝟏𝟐").

A policy can hide a hedge or a denial from the answer reader by spelling a word with a
lookalike ("nоt 12" with a Cyrillic о, option "A, В" with a Cyrillic В); `fold_lookalikes`
reads such letters as the Latin ones they imitate where they mix with Latin letters or
stand alone, and leaves words wholly in Cyrillic or Greek alone. Its own module because it
is a character table with one reader, shared by `cleaning` (answers) and `answer` (later
lines). The key-step matcher folds the denial words of its windows with a table of its
own (`keysteps.context`), lower-case and wider, because there no value is read from the
folded text.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import islice

__all__ = ["fold_lookalikes"]

# Cyrillic and Greek letters drawn like Latin ones. They are read as those letters in a
# word that mixes them with Latin letters ("nоt", "wrоng", "maybе" with a Cyrillic о or е
# are "not", "wrong", "maybe") and in a letter alone (a Cyrillic "В" or a Greek "Β" is the
# option B); a word wholly in Cyrillic or Greek ("ответ") is a word of that language.
_CONFUSABLES = dict(zip(
    map(ord, "АВЕЅІЈКМНОРСТХУаеіјорсухѕԁԛԝ" "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοϲ"),
    "ABESIJKMHOPCTXYaeijopcyxsdqw" "ABEZHIKMNOPTYXoc", strict=True,
))
_CONFUSABLE_CLASS = "[" + "".join(map(chr, _CONFUSABLES)) + "]"
_CONFUSABLE_CHAR = re.compile(_CONFUSABLE_CLASS)
# Where a word mixes Latin letters with lookalikes (a lookalike next to a Latin letter:
# "nоt"), or a lookalike stands alone ("A, В"): found in one linear scan.
_LOOKALIKE_HIT = re.compile(
    "[A-Za-z]" + _CONFUSABLE_CLASS + "|" + _CONFUSABLE_CLASS + r"(?:[A-Za-z]|(?<![^\W\d_].)(?![^\W\d_]))"
)
#: How far a folded word reaches on each side of a hit (no word is longer).
_MAX_WORD = 40
#: Lookalike words folded at most (bounded work on a flood; no answer holds so many).
_MAX_FOLDS = 256
# Mathematical alphanumeric symbols ("𝐁", "𝟏𝟐", "𝑥"): the letters and digits they style.
_MATH_ALPHANUMERIC = re.compile("[\U0001D400-\U0001D7FF]")
_MATH_PLAIN = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x1D400, 0x1D800)}
_MATH_PLAIN = {code: plain for code, plain in _MATH_PLAIN.items() if len(plain) == 1 and plain != chr(code)}


def fold_lookalikes(text: str) -> str:
    """*text* (not ASCII) with lookalike letters read as the Latin ones they imitate
    (`_CONFUSABLES`: "nоt 12" with a Cyrillic о is "not 12", "A, В" is "A, B") and
    mathematical alphanumerics as plain ones ("𝐁" is "B", "𝟏𝟐" is "12")."""
    if _MATH_ALPHANUMERIC.search(text):
        text = text.translate(_MATH_PLAIN)
    if not _CONFUSABLE_CHAR.search(text):
        return text
    pieces, last = [], 0
    for m in islice(_LOOKALIKE_HIT.finditer(text), _MAX_FOLDS):
        start, end = m.start(), m.end()
        if start < last:
            continue  # in the word just folded
        low, high = max(last, start - _MAX_WORD), min(len(text), end + _MAX_WORD)
        while start > low and text[start - 1].isalpha():
            start -= 1
        while end < high and text[end].isalpha():
            end += 1
        pieces += [text[last:start], text[start:end].translate(_CONFUSABLES)]
        last = end
    return "".join(pieces) + text[last:] if pieces else text
