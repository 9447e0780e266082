"""Canonical spelling of math-flavoured text, for key-step matching.

LaTeX, Unicode and ASCII spellings of the same symbol become one ASCII-ish form,
case is folded, and whitespace disappears except between two digits (where it
separates numbers). For example ``$\\angle ABC = 30^\\circ$``, ``∠ABC = 30°`` and
``angle ABC = 30 degrees`` all become ``∠abc=30°``.

Each pass is a precompiled, linear regex substitution, and passes whose trigger
character is absent are skipped, so normalising a 1,000-token step costs tens of
microseconds.

Examples:
    >>> normalize_math_text(r"$3 \\times 4 = 12$")
    '3*4=12'
    >>> normalize_math_text("x² − 1") == normalize_math_text("x^{2} - 1")
    True
"""

from __future__ import annotations

import re

from .symbols import MINUS_AS_HYPHEN, SUPERSCRIPT_ASCII, SUPERSCRIPT_DIGITS

# Internally ∠, ⊥, ∥ and ° are spelled with control characters: a text whose only
# non-ASCII characters are these then becomes an ASCII string, on which every later
# pass (``lower()`` above all) runs several times faster. `normalize_math_text`
# spells them back.
_ANGLE, _PERP, _PARALLEL, _DEGREE = "\x03", "\x04", "\x05", "\x06"
_DISPLAY = {_ANGLE: "∠", _PERP: "⊥", _PARALLEL: "∥", _DEGREE: "°"}
# A superscript character maps to a marker and its digit, so that a run of them ("²³",
# "\x072\x073") becomes one exponent ("^23") while two carets written out ("x^2^3")
# stay two powers.
_SUPERSCRIPT_MARK = "\x07"
# Two or more superscript characters in a row. Written so that it starts with the marker
# outside any group: re then finds candidates with a fast C search (``(?:…){2,}`` or a
# lookbehind would test every position, some 20 times slower).
_SUPERSCRIPT_RUN = re.compile("\x07[0-9+-](?:\x07[0-9+-])+")


def _superscript_run(m: re.Match[str]) -> str:
    return "^" + m.group(0)[1::2]


_CHAR_MAP: dict[str, str] = (
    {
        # full-width forms (Chinese input methods): "ｘ＝５" is "x=5"
        **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)},
        **{sup: _SUPERSCRIPT_MARK + asc for sup, asc in zip(SUPERSCRIPT_DIGITS, SUPERSCRIPT_ASCII, strict=True)},
        # invisible and control characters
        "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
        # raw control characters that the internal spellings use: a separator, so that
        # one between two digits ("12\x063") never glues them
        _ANGLE: " ", _PERP: " ", _PARALLEL: " ", _DEGREE: " ", "\x02": " ", _SUPERSCRIPT_MARK: " ",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\r": " ", "\t": " ",
        # operators
        "×": "*", "·": "*", "⋅": "*", "∗": "*", "✕": "*", "÷": "/", "∕": "/",
        **dict.fromkeys(MINUS_AS_HYPHEN, "-"),
        "≤": "<=", "⩽": "<=", "≥": ">=", "⩾": ">=", "≠": "!=", "≈": "~", "≅": "~=",
        "＝": "=", "：": ":", "，": ",", "（": "(", "）": ")",
        # geometry and constants
        "∠": _ANGLE, "∡": _ANGLE, "°": _DEGREE, "º": _DEGREE, "˚": _DEGREE, "π": "pi", "√": "sqrt",
        "△": "triangle", "∆": "triangle", "Δ": "delta", "θ": "theta", "α": "alpha",
        "β": "beta", "γ": "gamma", "φ": "phi", "ϕ": "phi", "μ": "mu", "λ": "lambda",
        "σ": "sigma", "ω": "omega", "∞": "infty", "⊥": _PERP, "∥": _PARALLEL,
        "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5",
        "⅙": "1/6", "⅛": "1/8", "’": "'", "‘": "'", "“": '"', "”": '"',
    }
)
_ASCII_KEYS = tuple(k for k in _CHAR_MAP if k.isascii())
# Deleting these bytes from a UTF-8 encoding leaves the mapped control characters
# and the non-ASCII characters: the ones `_map_chars` may have to replace.
_UNMAPPED_ASCII = bytes(i for i in range(128) if chr(i) not in _CHAR_MAP)


def _map_chars(text: str, wide: str | None = None) -> str:
    """Apply `_CHAR_MAP`. ``str.translate`` with a dict takes ~100 ns per character on
    non-ASCII text; replacing only the distinct characters present is far cheaper,
    and once the last non-ASCII character is replaced the string is ASCII again, on
    which every later pass is fast. *wide*: the non-ASCII characters of *text*, where
    the caller has them already (`canonicalize`)."""
    if wide is None:
        # The distinct characters to look at: deleting the unmapped ASCII bytes from the
        # UTF-8 encoding is a C loop, several times cheaper than a regex scan.
        special = text.encode("utf-8", "surrogatepass").translate(None, _UNMAPPED_ASCII)
        if not special:
            return text
        present = set(special.decode("utf-8", "surrogatepass"))
    else:
        # the same set: the non-ASCII characters, and the mapped ASCII ones (one memchr each)
        present = set(wide)
        present.update([ch for ch in _ASCII_KEYS if ch in text])
        if not present:
            return text
    # Raw control characters first: the non-ASCII replacements produce some of them.
    for ch in _ASCII_KEYS:
        if ch in present:
            text = text.replace(ch, _CHAR_MAP[ch])
    for ch in present:
        mapped = _CHAR_MAP.get(ch)
        if mapped is not None and not ch.isascii():
            text = text.replace(ch, mapped)
    return text

_DELIMITERS = ("$", "\\(", "\\)", "\\[", "\\]")
# "\s*(?:\{\s*)?" rather than "\s*\{?\s*": two adjacent \s* backtrack quadratically.
_DEGREE_LATEX = re.compile(r"\^\s*(?:\{\s*)?\\circ\s*\}?")
#: ``\frac{a}{b}`` (also ``\dfrac``, ``\tfrac``) with brace-free parts; extraction uses it too.
FRAC_PATTERN = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_FRAC_SHORT = re.compile(r"\\[dt]?frac\s*(\d)\s*(\d)")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_SQRT_BARE = re.compile(r"sqrt\s*(\d+(?:\.\d+)?|[A-Za-z])")
_BRACED_SUP = re.compile(r"\^\s*\{([^{}]*)\}")
_BRACED_SUB = re.compile(r"_\s*\{([^{}]*)\}")
_MARK = "\x02"
# "angle ABC" as a word: the lookbehinds (after the literal "ngle", so that the scan
# stays a fast literal search) skip "\\angle", "triangle" and every other "ngle" that
# `_angle_word` would leave as it is; the callback still rules on a non-ASCII letter.
_ANGLE_WORD = re.compile(r"ngle(?<=[aA]ngle)(?<![A-Za-z\\][aA]ngle)\s+(?=[A-Z]{1,3}\b)")
# One leading backslash outside the alternation: a literal first character makes the
# scan a fast search for it, where two branches would test a set at every position.
_COMMAND = re.compile(r"\\(?:([A-Za-z]+)|([,;:!% ]|\\))")
_SIMPLE = re.compile(r"[A-Za-z0-9.]+|-?\d+(?:\.\d+)?")
# Both start with a literal character, so the scan is a fast C search; the digit
# before the match is checked in the callback (a lookbehind would slow every position).
_THOUSANDS = re.compile(r",(?=\d{3}(?!\d))")
# A whole digit run that ends in 0, zeros stripped in the callback: only such runs call
# it (a text of 50,000 "5." made 50,000 calls). Greedy "\d*0" backtracks one digit at a
# time, linearly; a lazy "(\d*?)0+(?!\d)" backtracks quadratically on a long run that
# does not end in 0.
_TRAILING_ZEROS = re.compile(r"\.(\d*0)(?!\d)")
_SPACES = re.compile(r"\s+")
_DROP_SPACE = re.compile(r"(?<![\d.]) | (?![\d.])")

_COMMANDS = {
    "times": "*", "cdot": "*", "ast": "*", "div": "/", "pm": "+-", "mp": "-+",
    "angle": _ANGLE, "measuredangle": _ANGLE, "triangle": "triangle", "pi": "pi",
    "le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
    "ne": "!=", "neq": "!=", "approx": "~", "sim": "~", "cong": "~=", "equiv": "==",
    "perp": _PERP, "parallel": _PARALLEL, "infty": "infty", "sqrt": "sqrt", "degree": _DEGREE,
    "cdots": "...", "ldots": "...", "dots": "...", "quad": " ", "qquad": " ",
    "text": "", "mathrm": "", "mathbf": "", "mathit": "", "textbf": "", "textit": "",
    "operatorname": "", "boxed": "", "fbox": "", "displaystyle": "", "left": "",
    "right": "", "big": "", "bigg": "", "overline": "",
    "overrightarrow": "", "vec": "", "hat": "", "widehat": "", "mathbb": "",
    "to": "->", "rightarrow": "->",
    "implies": "=>", "therefore": "", "because": "",
}
_ESCAPES = {",": " ", ";": " ", ":": " ", "!": "", " ": " ", "%": "%", "\\": " "}


def _replace_commands(text: str) -> str:
    """``_COMMAND.sub(_command, text)``, assembled from ``_COMMAND.split`` (plain text,
    command name, escape, plain text, ...) without a Python call per command."""
    parts = _COMMAND.split(text)
    if len(parts) == 1:
        return text
    out = [parts[0]]
    for i in range(1, len(parts), 3):
        name = parts[i]
        if name is None:
            out.append(_ESCAPES[parts[i + 1]])
        else:
            spelled = _COMMANDS.get(name)
            out.append(name.lower() if spelled is None else spelled)
        out.append(parts[i + 2])
    return "".join(out)


def _replace_escapes(text: str) -> str:
    """The escapes of `_ESCAPES` replaced as `_COMMAND` would, but by ``str.replace``
    (C loops), so that a flood of ``\\,`` or ``\\\\`` costs no Python call per
    backslash. A run of backslashes pairs from its left in both; once the pairs are
    gone, no backslash is escaped, and each escape is replaced where it stands."""
    if "\\\\" in text:
        text = text.replace("\\\\", _ESCAPES["\\"])
    for escape in ",; :!%":
        if "\\" + escape in text:
            text = text.replace("\\" + escape, _ESCAPES[escape])
    return text


def _group(text: str) -> str:
    text = text.strip()
    return text if _SIMPLE.fullmatch(text) else f"({text})"


def _frac(m: re.Match[str]) -> str:
    return f"{_group(m.group(1))}/{_group(m.group(2))}"


def _sup(m: re.Match[str]) -> str:
    return "^" + _group(m.group(1))


def _sub(m: re.Match[str]) -> str:
    return "_" + _group(m.group(1))


def _degrees_to_sign(text: str) -> str:
    """``30 degrees`` → ``30°`` (only after a number), found with ``str.find`` in
    lower-cased *text*."""
    lowered = text
    out: list[str] = []
    last = 0
    pos = lowered.find("degree")
    while pos != -1:
        end = pos + 6
        if lowered.startswith("s", end):
            end += 1
        if end < len(lowered) and (lowered[end].isalnum() or lowered[end] == "_"):
            pos = lowered.find("degree", end)
            continue
        before = pos
        while before > last and lowered[before - 1] in " \t":
            before -= 1
        if before > 0 and lowered[before - 1].isdigit():
            out.append(text[last:before])
            out.append(_DEGREE)
            last = end
        pos = lowered.find("degree", end)
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _angle_word(m: re.Match[str]) -> str:
    start = m.start()
    text = m.string
    if start > 0 and text[start - 1] in "aA" and (start < 2 or not (text[start - 2].isalpha() or text[start - 2] == "\\")):
        return _MARK + _ANGLE  # the "a" before stays; the marker removes it below
    return m.group(0)


def _thousands(m: re.Match[str]) -> str:
    start = m.start()
    text = m.string
    if start == 0 or not text[start - 1].isdigit():
        return ","
    # only a well-formed group: at most three digits since the last non-digit
    run = 0
    i = start - 1
    while i >= 0 and text[i].isdigit() and run < 4:
        run += 1
        i -= 1
    if run > 3 and not (i >= 0 and text[i] == ","):
        return ","
    return ""


def _trailing_zeros(m: re.Match[str]) -> str:
    start = m.start()
    digits = m.group(1)
    if start == 0 or not m.string[start - 1].isdigit() or not digits.endswith("0"):
        return m.group(0)
    digits = digits.rstrip("0")
    return "." + digits if digits else ""


_MAX_BACKSLASHES = 64


def _after_backslashes(text: str) -> set[str] | None:
    """The characters that follow a backslash in *text*, or ``None`` when there are
    more than `_MAX_BACKSLASHES` backslashes (then every check is made)."""
    if text.count("\\") > _MAX_BACKSLASHES:
        return None
    return set(_AFTER_BACKSLASH.findall(text))


# What follows each backslash ("" at the end of the text); the lookahead leaves the next
# character unconsumed, so that "\\\\" gives both.
_AFTER_BACKSLASH = re.compile(r"\\(?=(.?))", re.DOTALL)


def canonicalize(text: str, wide: str | None = None) -> str:
    """The canonical spelling of *text* with its whitespace left in place.

    Used on whole completions: it is cheaper than `normalize_math_text` and key
    patterns built by the matcher skip whitespace themselves. *wide*, where a caller
    has it at hand: the non-ASCII characters of *text* (any order, repeats allowed),
    which spares a pass over its encoding.
    """
    if not text:
        return ""
    text = _map_chars(text, wide)
    if "ngle" in text:
        # before lower-casing: "angle ABC" needs the capitals to be told from prose
        text = _ANGLE_WORD.sub(_angle_word, text)
        if _MARK in text:
            text = text.replace("a" + _MARK, "").replace("A" + _MARK, "")
    text = text.lower()
    if _SUPERSCRIPT_MARK in text:
        text = _SUPERSCRIPT_RUN.sub(_superscript_run, text).replace(_SUPERSCRIPT_MARK, "^")
    has_latex = "\\" in text
    # What follows each backslash (None: too many to list), so that the searches for
    # absent LaTeX commands, each a scan of the whole text, can be skipped.
    follow = _after_backslashes(text) if has_latex else None
    if "$" in text:
        text = text.replace("$", " ")
    if has_latex:
        for delimiter in _DELIMITERS[1:]:
            if (follow is None or delimiter[1] in follow) and delimiter in text:
                text = text.replace(delimiter, " ")
        if (follow is None or "c" in follow) and "circ" in text:
            text = _DEGREE_LATEX.sub(_DEGREE, text).replace("\\circ", _DEGREE)
        if (follow is None or "d" in follow) and "\\degree" in text:
            text = text.replace("\\degree", _DEGREE)
        if (follow is None or not follow.isdisjoint("dfst")) and ("frac" in text or "sqrt" in text):
            for _ in range(3):
                replaced = FRAC_PATTERN.sub(_frac, text)
                replaced = _SQRT.sub(r"sqrt(\1)", replaced)
                if replaced == text:
                    break
                text = replaced
            text = _FRAC_SHORT.sub(r"\1/\2", text)
    if "{" in text:
        if "^" in text:
            text = _BRACED_SUP.sub(_sup, text)
        if "_" in text:
            text = _BRACED_SUB.sub(_sub, text)
        text = text.replace("{", "")
    if "}" in text:
        text = text.replace("}", "")
    if has_latex:
        # many backslashes (no `follow` list): the escapes first, by str.replace
        text = _replace_commands(text if follow is not None else _replace_escapes(text))
    if "degree" in text:
        text = _degrees_to_sign(text)
    if "sqrt" in text:
        text = _SQRT_BARE.sub(r"sqrt(\1)", text)
    if "," in text:
        text = _THOUSANDS.sub(_thousands, text)
    if "." in text:
        text = _TRAILING_ZEROS.sub(_trailing_zeros, text)
    return text


def normalize_math_text(text: str) -> str:
    """Return the canonical spelling of *text* used for key-step matching.

    Case, whitespace (except between digits), ``$`` and ``\\(...\\)`` delimiters,
    ``\\text{}`` wrappers and thousands separators disappear; LaTeX and Unicode
    symbols become one spelling (``\\times``/``×``/``\\cdot`` → ``*``,
    ``^\\circ``/"degrees" → ``°``, ``\\angle``/"angle ABC" → ``∠``, ``x²`` → ``x^2``,
    ``\\frac{a}{b}`` → ``a/b``, Unicode minus → ``-``); trailing decimal zeros go
    (``12.50`` → ``12.5``).
    """
    text = canonicalize(text)
    text = _SPACES.sub(" ", text).strip()
    text = _DROP_SPACE.sub("", text)
    for internal, shown in _DISPLAY.items():
        if internal in text:
            text = text.replace(internal, shown)
    return text
