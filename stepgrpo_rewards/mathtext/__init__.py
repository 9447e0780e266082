"""Math text: the character tables every reader shares (`symbols`: superscript digits,
minus lookalikes; `lookalikes`: Cyrillic and Greek letters drawn like Latin ones), the
one ``\\boxed{}`` finder (`boxed`), the normaliser that makes
spellings of one expression compare equal (`normalize`), and the bounded, thread-safe
expression parser behind answer equivalence (`expr`, the public entry points, over
`answer_text`, `parser` and `evaluate`).

Examples:
    >>> from stepgrpo_rewards.mathtext import normalize_math_text
    >>> normalize_math_text("3 \\\\times 4")
    '3*4'
"""

from .normalize import canonicalize, normalize_math_text

__all__ = ["canonicalize", "normalize_math_text"]
