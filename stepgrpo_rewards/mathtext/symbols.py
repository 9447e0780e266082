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

#: Code point ranges of the characters that show nothing: the soft hyphen, the combining
#: grapheme joiner, the Arabic letter mark, the Hangul and Khmer fillers, the Mongolian
#: variation selectors and vowel separator, zero-width spaces and joiners, direction
#: marks and isolates, invisible operators, variation selectors, the byte-order mark,
#: interlinear annotation marks, shorthand format controls, musical formatting marks and
#: tag characters. A reader drops them, so that none can stand between a sign and its
#: number unseen ("-\\u17b412" is -12) or break a word ("o\\u2060r" is "or").
INVISIBLE_RANGES: tuple[tuple[int, int], ...] = (
    (0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF9, 0xFFFB), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE007F), (0xE0100, 0xE01EF),
)
#: Code point ranges of the ASCII and C1 controls that are no whitespace or line break
#: (tab, line feed, vertical tab, form feed, carriage return, the information separators
#: and NEL are). A reader sees a space: the internal spellings of ``∠ ⊥ ∥ °`` use some of
#: them, and a raw one separates ("12\\x063" is no 123) as it does in key steps, while
#: it never hides between a sign and its number ("-\\x0612" is -12).
CONTROL_RANGES: tuple[tuple[int, int], ...] = ((0x00, 0x08), (0x0E, 0x1B), (0x7F, 0x84), (0x86, 0x9F))
#: ``str.translate`` table: every character of `INVISIBLE_RANGES` dropped, every one of
#: `CONTROL_RANGES` a space.
DROP_INVISIBLE: dict[int, str | None] = {
    **{code: " " for low, high in CONTROL_RANGES for code in range(low, high + 1)},
    **{code: None for low, high in INVISIBLE_RANGES for code in range(low, high + 1)},
}
#: The body of a regex character class that matches one of `INVISIBLE_RANGES`
#: (``f"[{INVISIBLE_CLASS}]"``).
INVISIBLE_CLASS = "".join(
    f"\\U{low:08x}" + ("" if low == high else f"-\\U{high:08x}") for low, high in INVISIBLE_RANGES
)
