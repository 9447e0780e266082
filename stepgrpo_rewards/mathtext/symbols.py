"""The character tables every math-text front end shares: superscript digits and the
dash characters a model writes for a minus sign.

One definition each, so that the normaliser (`mathtext.normalize`), the answer parser
(`mathtext.answer_text`) and the key-step matcher (`keysteps.atoms`,
`keysteps.number_bounds`) cannot drift apart on which characters they read. Plain
module-level strings and `str.maketrans` tables: importing modules build their own
regexes and maps from them once, at import, so hot paths never look anything up here.

Examples:
    >>> from stepgrpo_rewards.mathtext.symbols import FROM_SUPERSCRIPT, TO_SUPERSCRIPT
    >>> "x²⁻¹".translate(FROM_SUPERSCRIPT), "10".translate(TO_SUPERSCRIPT)
    ('x2-1', '¹⁰')
"""

from __future__ import annotations

#: The Unicode superscript digits, minus and plus, in the order of `SUPERSCRIPT_ASCII`.
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺"
#: The ASCII character each of `SUPERSCRIPT_DIGITS` stands for.
SUPERSCRIPT_ASCII = "0123456789-+"
#: ``str.translate`` table: superscripts to ASCII ("²³" is "23").
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, SUPERSCRIPT_ASCII)
#: ``str.translate`` table: ASCII digits and signs to superscripts ("23" is "²³").
TO_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_ASCII, SUPERSCRIPT_DIGITS)

#: Dash characters that a model, a keyboard layout or a converter writes where a minus
#: sign is meant (the ASCII hyphen-minus excluded): minus, en dash, hyphen, non-breaking
#: hyphen, small and full-width hyphen-minus. The normaliser reads each as ``-``.
MINUS_AS_HYPHEN = "\u2212\u2013\u2010\u2011\ufe63\uff0d"
#: `MINUS_AS_HYPHEN` and the rarer dashes that can still stand before a number as its
#: sign: figure dash, em dash, horizontal bar, hyphen bullet, heavy minus, modifier
#: minus. The normaliser keeps these as they are (an em dash is prose punctuation far
#: more often than a sign, "x — 5 cm long"), but a number bound must not read the
#: digits after any of them as an unsigned number ("—5" is not 5).
MINUS_LOOKALIKES = MINUS_AS_HYPHEN + "\u2012\u2014\u2015\u2043\u2796\u02d7"
