"""Is a predicted final answer equivalent to the gold answer?

Checks, in order: empty answers (never equivalent); multiple choice (a letter in
any of its spellings, or option text when the question lists the options, hedges
such as "B and C" rejected); yes/no (first word, case-insensitive, "None" is not
"No", "Yes. Actually no." a hedge); text equal after normalisation; then math: both sides parsed by the bounded
parser in `mathexpr` (fractions, decimals, LaTeX, units, degrees, percent, π,
scientific notation, ``x = 5``) and compared numerically; finally, for a numeric
gold, a short sentence holding exactly one number.

Nothing here evaluates model text as code, and every parse is bounded.

Examples:
    >>> answers_equivalent(r"$\\frac{1}{2}$", "0.5")
    True
    >>> answers_equivalent("(B) 45°", "B"), answers_equivalent("B or C", "B")
    (True, False)
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from itertools import islice

from . import compound
from .choices import LETTER_ALONE as _LETTER_ALONE
from .choices import beside_letter as _beside_letter
from .choices import gold_option as _gold_option
from .choices import letter_of as _letter_of
from .choices import parse_options
from .config import DEFAULT_CONFIG, RewardConfig
from .hedges import ALTERNATIVE as _ALTERNATIVE
from .hedges import CLAUSE_END as _CLAUSE_END
from .hedges import DENIAL_CLAUSE as _DENIAL_CLAUSE
from .hedges import GLUED_TO_VALUE as _GLUED_TO_VALUE
from .hedges import INEQUALITY as _INEQUALITY
from .hedges import NEGATION as _NEGATION
from .hedges import RETRACTION as _RETRACTION
from .hedges import STRUCK as _STRUCK
from .hedges import UNSURE as _UNSURE
from .hedges import context_denies as _context_denies
from .hedges import has_plus_minus as _has_plus_minus
from .hedges import neutral_tail as _neutral_tail
from .hedges import quiet as _quiet
from .hedges import taken_back_later as _taken_back_later
from .mathtext import expr as mathexpr
from .mathtext import relations as mathrelations
from .mathtext import scale as mathscale
from .mathtext.boxed import boxes, has_box
from .mathtext.normalize import normalize_math_text
from .mathtext.symbols import MINUS_LOOKALIKES
from .numbers import close as _close
from .numbers import numbers_equal as _numbers_equal
from .numbers import plain_value as _plain_value
from .numbers import single_number as _single_number
from .numbers import values as _values
from .structures import LIST_SEPARATOR as _LIST_SEPARATOR
from .structures import lists_verdict, relations_verdict, sets_verdict, tuples_verdict
from .structures import named_value as _named_value
from .units import may_have_unit as _may_have_unit
from .units import units_verdict as _units_verdict

_PREFIX = re.compile(
    r"^(?:(?:so|thus|therefore|hence)[, ]+)?(?:the\s+)?(?:final\s+|correct\s+)?(?:answer|choice|option)"
    r"(?:\s+is)?\s*[:：]?\s*",
    re.IGNORECASE,
)
# "B is correct", "Option C is the right answer": an option letter, then the suffix twin of
# `_PREFIX`. Only after a letter: an option text may end that way ("Only I is correct").
# Anchored at both ends, the letter first: one pass, no retry at every space.
_LETTER_IS_CORRECT = re.compile(
    r"((?:(?:option|choice)\s*)?\(?[A-Ja-j]\)?)\s+is\s+(?:the\s+)?"
    r"(?:(?:correct|right)(?:\s+(?:answer|choice|option))?|answer)",
    re.IGNORECASE,
)
# No \s* around the group (the caller strips it): "\s*(.*?)\s*" backtracks cubically.
_WRAPPER = re.compile(r"^\s*(?:\$\$?|\\\(|\\\[)(.*?)(?:\$\$?|\\\)|\\\])\s*$", re.DOTALL)
_TEXT_CMD = re.compile(r"\\(?:text|mathrm|textbf|mathbf)\s*\{([^{}]*)\}")
_BOLD = re.compile(r"\*\*|__")
# Full-width forms of the ASCII characters (U+FF01-FF5E), which Chinese input methods
# type: "Ｂ", "12．5", "（Ｃ）" are "B", "12.5", "(C)".
_FULLWIDTH_CHAR = re.compile("[\uff01-\uff5e]")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Characters that show nothing (zero-width space, joiners, word joiner, byte-order mark,
# soft hyphen): dropped, so "-\u200b12" is "-12", not a minus beside a 12.
_INVISIBLE: dict[int, str | None] = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u034f\u2061\u2062\u2063\u2064"
             "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# Dashes that read as a minus sign (hyphen, non-breaking hyphen, figure dash, hyphen
# bullet, small and heavy minus, modifier minus, superscript and subscript minus): a
# minus, so "\ufe6312" or "\u201012" is -12, never right for a gold 12 too. (The en
# dash and the Unicode minus are read by `mathexpr`; an em dash only right before a digit.)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2043\ufe63\u2796\u02d7\u207b\u208b"), "-"))
_EM_DASH_MINUS = re.compile("[\u2014\u2015](?=[0-9])")
# A sign alone in braces, as LaTeX writes it, or in a text command: "{-}12", "\text{-}12"
# are "-12"; an empty group says nothing ("{}-12", "-{}12" are "-12" too).
_BRACED_SIGN = re.compile(
    r"(?:\\(?:text|textrm|mathrm|mathbf|textbf|mbox|hbox|operatorname|boldsymbol|bm|pmb|mathit|textit|mathsf|textsf"
    r"|mathtt|texttt|mathnormal|textnormal|textup|underline|emph)\s*)?\{\s*([-+\u2212]?)\s*\}"
)
_NUMBER = re.compile(r"(?:(?<![\w)\]}.])[-−–]\s*)?\d+(?:,\d{3})*(?:\.\d+)?(?:\s*(?:%|\\%|percent))?")
_SPACES = re.compile(r"\s+")
_HAS_LETTER = re.compile("[A-Za-z]")
_DIGIT = re.compile("[0-9]")
_PERCENT_Q = re.compile(r"percent|percentage|%", re.IGNORECASE)
_HEDGE = re.compile(r"\b(?:or|and|either|between)\b|/|,|;", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")
# An answer that is both words and nothing else: "Yes and no", "yes/no", "No or yes."
# (One \s* between the words, the separator owning its own: two adjacent \s* backtrack
# quadratically over a long run of blanks.)
_BOTH_YES_NO = re.compile(r"\s*(?:yes|no)\s*(?:(?:,|/|&|and\b|or\b)\s*)?(?:yes|no)\s*[.!]?\s*", re.IGNORECASE)
# What may follow an answer's last word: spacing, punctuation, closing brackets and quotes.
_TRAILING_MARKS = " \t\n.,;:!?)]}\"'*"
_WORDS_ONLY = re.compile(r"[A-Za-z][A-Za-z\s]+$")
# What an answer must start with for a pass of `clean_answer` to change it: `_WRAPPER`
# opens with "$" or a backslash; `_PREFIX` with "so", "thus", "therefore", "hence",
# "the", "final", "correct", "answer", "choice" or "option", in any case (under
# IGNORECASE the one non-ASCII letter that matches any of these is "ſ", so text
# starting with a non-ASCII character is always tried).
_WRAPPER_FIRST = ("$", "\\")
_PREFIX_FIRST = frozenset("sthfcaoSTHFCAO")


def _boxes(text: str) -> list[tuple[int, int, int]]:
    """`mathtext.boxed.boxes`, with a shortcut for the usual answer: one ``\\boxed{`` and no
    other ``{`` (``\\boxed{70}``, ``$\\boxed{70^\\circ}$``). Then its content runs to
    the first ``}`` after it, as the balanced scan finds; a few ``str`` searches
    instead of a regex and a loop over characters."""
    if text.count("{") == 1 and text.count("\\boxed") == 1 and "\\fbox" not in text:
        box = text.find("\\boxed{")
        if box != -1:
            start = box + len("\\boxed{")
            end = text.find("}", start)
            return [(box, start, end)] if end != -1 else []
    return boxes(text)


def _scales_box(content: str, tail: str) -> bool:
    """Whether what follows a box makes its number another value ("\\boxed{12}
    million", "\\boxed{12}k", "\\boxed{12}'"): then the box is read with it."""
    return content[-1:].isdigit() and mathscale.continues_as_other_value(tail.replace("$", ""), 0)


# What may stand between a sign and the value it signs, and shows nothing: spacing,
# math delimiters, an opening brace, emphasis marks, invisible characters.
_SIGN_GAP = " \t$*_`{\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SIGN_GAP_LATEX = re.compile(r"(?:\\[(\[,;: !]|\\left\s*[.(\[]?|\\(?:q?quad|displaystyle)(?![A-Za-z])|\\[hv]?phantom\s*\{[^{}]*\}"
                             r"|\\(?:color|textcolor|colorbox)\s*\{[^{}]*\})+$")
_MINUS_CHARS = frozenset("-\u2212" + MINUS_LOOKALIKES)
# A minus spelled out right before a value: "minus 12", "negative 12", "\\minus 12", "负12".
_SPELLED_MINUS = re.compile(
    r"(?<![A-Za-z])(?:minus|negative|neg\.|moins|menos|negativ|минус|\\minus(?![A-Za-z]))\s*(?=[$\\{]*\.?\d)"
    r"|(?:负|負|マイナス)(?=\s*[$\\{]*\.?\d)",
    re.IGNORECASE,
)
_SPELLED_MINUS_END = re.compile(r"(?:minus|negative|neg\.|moins|menos|negativ|минус|\\minus|负|負|マイナス)$", re.IGNORECASE)


# A sign that markup wraps alone, at the end of the text before a value: "(-)", "{-}",
# "\\text{-}", "*-*", "<b>-</b>", "{\\color{red}-}".
_WRAPPED_SIGN_END = re.compile(
    r"(?:\(\s*[-−–]\s*\)|\[\s*[-−–]\s*\]|(?:\\(?:text|textrm|mathrm|mathbf|textbf|mbox|operatorname)\s*)?"
    r"\{\s*(?:\\color\s*\{[^{}]*\}\s*)?[-−–]\s*\}|([*_`]{1,3})\s*[-−–]\s*\1|<\w{1,10}[^<>]{0,40}>\s*[-−–]\s*</\w{1,10}>"
    r"|&(?:minus|ndash|hyphen|dash|#8722|#x2212|#45|#x2d|#8211);)$",
    re.IGNORECASE,
)


def _sign_before(head: str) -> bool:
    """Whether *head*, the text before a box or a math span, ends with a sign or a digit
    that joins its value: ``-\\boxed{12}``, ``- \\boxed{12}``, ``minus \\boxed{12}``,
    ``(-)\\boxed{12}`` are -12, ``-$12$`` too, ``2\\boxed{5}`` is 25. An em dash with
    a blank after it is punctuation."""
    head = head[-200:]  # the sign is next to the value
    body = head.rstrip(_SIGN_GAP)
    for _ in range(8 if "\\" in body[-40:] else 0):
        gap = _SIGN_GAP_LATEX.search(body, max(0, len(body) - 60))
        if gap is None:
            break
        body = body[: gap.start()].rstrip(_SIGN_GAP)
    if not body:
        return False
    last = body[-1]
    spaced = any(ch in " \t" for ch in head[len(body) :])
    if not spaced and (last.isdigit() or (last == "." and body[-2:-1].isdigit())):
        return True  # "2\\boxed{5}", "0.\\boxed{5}"
    if last in _MINUS_CHARS:
        return not (spaced and last in "\u2014\u2015")
    if (last.isalpha() or last in ".;") and _SPELLED_MINUS_END.search(body[-12:]):
        return True  # "minus \\boxed{12}", "&minus;\\boxed{12}"
    return last in ")]}*_`>;" and _WRAPPED_SIGN_END.search(body[-60:]) is not None


def box_answer(text: str) -> str | None:
    """The answer held by the ``\\boxed{}`` of *text*: the content of its box when the
    text around says nothing more (a closing period, units, "The answer is", a reason:
    `hedges.neutral_tail`), else *text* with each box replaced by its content, so that
    the hedge, negation and doubt rules see it ("\\boxed{B} or \\boxed{C}" is "B or
    C", "\\boxed{15} is wrong" is "15 is wrong"; adjacent boxes are two values:
    "\\boxed{1}\\boxed{2}" is "1, 2"), and so that a sign, a digit or a scale beside the
    box joins its value ("-\\boxed{12}" is "-12", "\\boxed{12}0" is "120"). Any other
    text after the box voids it: *text* comes back with its box ("\\boxed{12}. No.",
    "\\boxed{12} (jk)"), and no answer with a box in it is equivalent to anything.
    ``None`` when *text* has no closed box.

    Examples:
        >>> box_answer(r"So $\\boxed{12}$."), box_answer(r"\\boxed{12}?")
        ('12', '12?')
        >>> box_answer(r"-\\boxed{12}"), box_answer(r"\\boxed{12} is the opposite")
        ('-12', '\\\\boxed{12} is the opposite')
    """
    found = _boxes(text)
    if not found:
        return None
    contents = [text[start:end].strip() for _, start, end in found]
    head, tail = text[: found[0][0]], text[found[-1][2] + 1 :]
    # (dollars, spaces and a final period around the box say nothing: the common case)
    if len(set(contents)) == 1:
        if not (head.strip(" \t\n$") or tail.strip(" \t\n$.")):
            return contents[-1]
        if not (_sign_before(head) or _context_denies(head, tail) or _scales_box(contents[-1], _unwrapped(tail[:200]))):
            if _neutral_tail(tail):
                return contents[-1]
            if not _changes_value(tail):
                return text.strip()  # void: the box is kept, and matches nothing
    parts: list[str] = []
    after = 0
    for (box, _, end), content in zip(found, contents, strict=True):
        gap = text[after:box]
        parts += [gap if gap.strip() or not parts else ", ", content]
        after = end + 1
    parts.append(_unwrapped(tail))  # "\\boxed{12}\\,\\text{k}" reads "12 k"
    return "".join(parts).strip()


_TEXT_WRAPPED = re.compile(r"\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{([^{}]*)\}")
_LATEX_SPACE = re.compile(r"\\[,;: !]")
# What after a value makes it another value: an operator, a percent, LaTeX arithmetic.
_VALUE_GOES_ON = re.compile(
    r"[ \t]*(?:[-+*/×÷·⋅=^](?=[ \t]*[\w(\\.{$])|\\(?:times|cdot|div|frac|sqrt|pi)(?![A-Za-z])|[%‰‱]|\\%"
    r"|(?:per\s?cent|pct)(?![A-Za-z]))",
    re.IGNORECASE,
)


def _unwrapped(tail: str) -> str:
    """*tail* with ``\\text{}``-like wrappers and LaTeX spacing dropped, for the scale
    reader: ``\\,\\text{k}`` is ``k``."""
    if "\\" not in tail:
        return tail
    return _LATEX_SPACE.sub(" ", _TEXT_WRAPPED.sub(r" \1 ", tail)).rstrip()


def _changes_value(tail: str) -> bool:
    """Whether *tail*, after a box, goes on with its value (a digit glued to it, an
    operator, a percent: "\\boxed{12}0", "\\boxed{12}\\times 10^3", "\\boxed{50}\\%"), so
    that the box is read with it rather than voided."""
    return _GLUED_TO_VALUE.match(tail) is not None or _VALUE_GOES_ON.match(_unwrapped(tail[:200]).replace("$", "")) is not None


# One math span in a sentence: "Therefore $x \\geq 5$ is the solution."
_MATH_SPAN = re.compile(r"\$\$?([^$]{1,300}?)\$\$?|\\\((.{1,300}?)\\\)|\\\[(.{1,300}?)\\\]")
_SPAN_SENTENCE = 300


def _math_span(text: str) -> str | None:
    """The math of a one-line sentence that holds one math span and no other digit
    ("We find that $x \\lt 3$." is ``x \\lt 3``), read as a box is: ``None`` when the
    words around hedge, deny, bound or doubt it (`_context_denies`), or there is no
    such single span."""
    if len(text) > _SPAN_SENTENCE or "\n" in text:
        return None
    spans = list(islice(_MATH_SPAN.finditer(text), 2))
    if len(spans) != 1:
        return None
    m = spans[0]
    head, tail = text[: m.start()], text[m.end() :]
    if _DIGIT.search(head) or _DIGIT.search(tail) or "$" in tail or "$" in head:
        return None
    if not (head.strip() or tail.strip(" .")) or _context_denies(head, tail) or _taken_back_later("x" + tail):
        return None
    if _sign_before(head) or not _neutral_tail(tail):
        return None  # "-$12$" is -12; "$12$ lol" commits to nothing
    inner = next(g for g in m.groups() if g is not None).strip()
    return inner if inner and not _scales_box(inner, tail) else None


# The closing sentence of a common answer template ("Final Answer: The final answer is
# $12$. I hope it is correct."): no doubt, boilerplate.
_HOPE = re.compile(r"(?<=[.$)])[ \t]*I hope it is correct\.?")


# A chat template's end-of-turn or new-turn token, decoded into the text.
_TURN_TOKEN = re.compile(r"<\|(?:im_start|im_end|endoftext|eot_id|end|user|assistant|system)\|>")
# A doubled backslash before a command name, from text escaped twice ("\\\\frac",
# "\\\\left("): outside an environment (a matrix's row break) it is the command.
_DOUBLED_BACKSLASH = re.compile(r"\\\\(?=[A-Za-z])")


def clean_answer(text: str) -> str:
    """Strip what wraps an answer: ``$``/``\\(``/``\\[`` delimiters, ``\\boxed{}``,
    ``\\text{}``, bold markers, "The answer is"/"Final answer:" prefixes, quotes and a
    trailing period."""
    # Every step leaves *text* stripped, so a pass whose pattern cannot match (its
    # trigger absent, or the wrong first character for an anchored one) is skipped:
    # it would return the text unchanged.
    if "&" in text and ";" in text:
        text = html.unescape(text)  # "&minus;12" is "−12", "x &gt; 12" is "x > 12"
    if not text.isascii():
        text = text.translate(_INVISIBLE)
        if "\u2014" in text or "\u2015" in text:
            text = _EM_DASH_MINUS.sub("-", text)
        if _FULLWIDTH_CHAR.search(text):
            text = text.translate(_FULLWIDTH)
    text = _spell_signs(text)
    if "{" in text:
        text = _BRACED_SIGN.sub(r"\1", text)
    if "\\\\" in text and "\\begin" not in text:
        text = _DOUBLED_BACKSLASH.sub(r"\\", text)  # "\\\\frac{1}{2}": doubled in escaping, "\\frac{1}{2}"
    if "<|" in text and (turn := _TURN_TOKEN.search(text)):
        text = text[: turn.start()]  # a chat template's turn token: the answer ended there
    if "hope it" in text:
        text = _HOPE.sub("", text)  # "... is $12$. I hope it is correct." (a template's closing line)
    text = text.strip()
    for _ in range(3):
        before = text
        if "\\boxed" in text or "\\fbox" in text:
            boxed = box_answer(text)
            if boxed is not None and boxed != text:
                text = _signs_beside_box(boxed)
        if text.startswith(_WRAPPER_FIRST):
            m = _WRAPPER.match(text)
            if m:
                text = m.group(1).strip()
        if "**" in text or "__" in text:
            text = _BOLD.sub("", text).strip()
        if len(text) > 2 and text[0] == text[-1] and text[0] in "*_":
            text = text[1:-1].strip()  # *red*, _red_: emphasis
        if text and (text[0] in _PREFIX_FIRST or not text[0].isascii()):
            text = _PREFIX.sub("", text, count=1).strip()
        if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'`":
            text = text[1:-1].strip()  # a quoted answer; one quote is a prime ("12'" is 12 minutes)
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1].rstrip()
        if len(text) <= 40 and (m := _LETTER_IS_CORRECT.fullmatch(text)):
            text = m.group(1)
        if text == before:
            break
    if "\\text" in text or "\\math" in text:
        text = _TEXT_CMD.sub(r" \1", text).strip()
    if text[:1] in "\u2014\u2015":
        text = _LEADING_DASH.sub("-", text, count=1)  # "— 12" alone: a minus, not punctuation
    return text


# LaTeX that only colours, hides or spaces what follows it: "{\\color{red}-}12",
# "\\textcolor{white}{-}12", "-\\phantom{x}12" are "-12" (a phantom shows nothing).
_DECORATION = re.compile(
    r"\\(?:color|textcolor|colorbox|mathcolor|fcolorbox\s*\{[^{}]*\})\s*\{[^{}]*\}|\\[hv]?phantom\s*\{[^{}]*\}"
    r"|\\(?:mathstrut|strut)(?![A-Za-z])|\\hspace\*?\s*\{[^{}]*\}|\\m?kern\s*-?[0-9.]+\s*(?:em|ex|mu|pt)"
)
# A sign that markup wraps alone, before a value: "(-)12", "*-*12", "`-`12", "<b>-</b>12".
_WRAPPED_SIGN = re.compile(
    r"(?:\(\s*([-−–+])\s*\)|\[\s*([-−–+])\s*\]|([*_`]{1,3})\s*([-−–+])\s*\3|<(\w{1,10})[^<>]{0,40}>\s*([-−–+])\s*</\5>)"
    r"(?=\s*[$\\{]*\.?\d)"
)
_LEADING_DASH = re.compile("[\u2014\u2015][ \t]+(?=\\.?\\d)")


def _signs_beside_box(text: str) -> str:
    """A box read with the text around it (`box_answer`), its signs spelled as
    `clean_answer` spells them before: "minus \\boxed{12}" is "minus 12", so "-12";
    "—\\boxed{12}" and "{-}\\boxed{12}" are "-12" too."""
    text = _spell_signs(text)
    if "{" in text:
        text = _BRACED_SIGN.sub(r"\1", text)
    if "\u2014" in text or "\u2015" in text:
        text = _EM_DASH_MINUS.sub("-", text)
    return text


def _wrapped_sign(m: re.Match[str]) -> str:
    return next(g for g in (m.group(1), m.group(2), m.group(4), m.group(6)) if g)


def _spell_signs(text: str) -> str:
    """*text* with a minus in another spelling written as one: spelled out ("minus
    12", "negative 12", "\\minus 12", "负12"), coloured, hidden behind a phantom or
    wrapped alone in markup (`_DECORATION`, `_WRAPPED_SIGN`). Each pass only runs when
    its trigger is in the text."""
    if "\\" in text and _DECORATION.search(text):
        text = _DECORATION.sub("", text)
    if _SPELLED_MINUS_HINT.search(text):
        text = _SPELLED_MINUS.sub("-", text)
    if ("-" in text or "−" in text or "–" in text) and _WRAPPED_SIGN.search(text):
        text = _WRAPPED_SIGN.sub(_wrapped_sign, text)
    return text


_SPELLED_MINUS_HINT = re.compile(r"inus|egati|oins|enos|минус|负|負|マイナス", re.IGNORECASE)


def _void(pred: str, gold: str) -> bool:
    """Whether a cleaned answer commits to nothing the gold does not also say: a box
    that the text after it voids (`box_answer`), a value denied or bounded in the clause
    that holds it ("No, not 12"), a value or letter struck out or negated in logic
    ("~~A~~", "\\neg B"), a retraction in jest ("12 jk", "Yes lol")."""
    if has_box(pred) and boxes(pred) and not _text_equal(pred, gold):
        return True
    if _quiet(pred):
        return False  # no word or mark of denial, bound or jest (strike-out marks are among them)
    clauses = _CLAUSE_END.split(pred[:2000], maxsplit=8)
    held = next((c for c in clauses if _DIGIT.search(c)), None)
    if held is not None and held is not clauses[0]:
        # the clause that holds the value: "No, not 12" denies it, "No, at least 12" bounds it
        if (_NEGATION.search(held) and not _NEGATION.search(gold)) or (_INEQUALITY.search(held) and not _INEQUALITY.search(gold)):
            return True
    for pattern in (_STRUCK, _RETRACTION):
        if pattern.search(pred) and not pattern.search(gold):
            return True
    return False


def _contradicts(rest: str, option: str, config: RewardConfig) -> bool:
    """Whether *rest*, the text beside an option letter, states a value that is not the
    value of that letter's *option* (``B: 60°`` where B is 45°), or several values
    (``A) 12, 15``, ``A: 12 or 15``: the option's value offered beside another)."""
    if _single_number(rest) is not None:
        return not _plain_equivalent(rest, option, "", config)
    return bool(_DIGIT.search(rest)) and not _plain_equivalent(rest, option, "", config)


def _last_yes_no(text: str) -> str | None:
    """``"yes"`` or ``"no"`` when *text* ends with that word standing alone (trailing
    punctuation aside), else ``None``."""
    body = text.rstrip(_TRAILING_MARKS).lower()
    for word in ("yes", "no"):
        if body.endswith(word) and not body[: -len(word)][-1:].isalnum():
            return word
    return None


def _yes_no(text: str) -> str | None:
    """``"yes"`` or ``"no"`` when *text* starts with that word (a justification may
    follow), ``""`` when it offers both ("yes and no", "yes/no": a hedge) or takes its
    first word back with the other at its end ("Yes. Actually no."), else ``None``."""
    word = _WORD.match(text.strip())
    if word is None:
        return None
    first = word.group(0).lower()
    if first not in ("yes", "no"):
        return None
    if _BOTH_YES_NO.fullmatch(text):
        return ""
    last = _last_yes_no(text)
    if last is not None and last != first:
        return ""
    return "" if _denies_word(text.strip()[word.end() :], first) else first


# Where the words about a yes or a no end: a clause or a sentence ("Yes, because ...").
_YES_NO_CLAUSE_END = re.compile(r"[,;(.!。；，]|\b(?:since|because|as|though|although|given)\b", re.IGNORECASE)


def _denies_word(rest: str, word: str) -> bool:
    """Whether *rest*, what follows an answer's first word ``yes`` or ``no``, takes that
    word back in its own clause: offers the other ("Yes or no depending", "Yes / 否"),
    calls it wrong ("yes is wrong", "No is not the answer") or, after a yes, negates
    it ("Yes is not the case"); a "no" may be negated again ("No it isn't")."""
    clause = _YES_NO_CLAUSE_END.split(rest, 1)[0]
    if not clause.strip():
        return False
    if _ALTERNATIVE.search(clause) or _DENIAL_CLAUSE.match(clause):
        return True
    return word == "yes" and _NEGATION.search(clause) is not None


def _math_equal(pred: str, gold: str, config: RewardConfig) -> bool:
    limit = config.max_math_chars
    if len(pred) > limit or len(gold) > limit:
        return False
    if _WORDS_ONLY.match(pred) and _WORDS_ONLY.match(gold):
        return False  # "red" and "der" are words, not the products r*e*d and d*e*r
    a = mathexpr.parse_math(mathexpr.strip_assignment(pred), max_chars=limit)
    b = mathexpr.parse_math(mathexpr.strip_assignment(gold), max_chars=limit)
    if a is None or b is None:
        return False
    return mathexpr.expressions_equal(a, b, rel_tol=config.numeric_rel_tol, abs_tol=config.numeric_abs_tol)


def _text_equal(pred: str, gold: str) -> bool:
    return normalize_math_text(pred) == normalize_math_text(gold)


def _plain_equivalent(pred: str, gold: str, question: str, config: RewardConfig) -> bool:
    """Equivalence without multiple-choice logic (used for values and option texts)."""
    if not pred or not gold:
        return False
    if _text_equal(pred, gold):
        # the same text in another case may be another unit: "12 Mm" is no "12 mm"
        return pred == gold or not _may_have_unit(pred) or _units_verdict(pred, gold, config) is not False
    if _has_plus_minus(pred) and not _has_plus_minus(gold):
        return False  # "±5" is two values: a hedge, not the one the gold holds
    if _INEQUALITY.search(pred) and not _INEQUALITY.search(gold):
        return False  # "x > 12", "at least 12": a bound, not the value the gold holds
    gold_yn = _yes_no(gold)
    if gold_yn is not None and len(gold) <= 4:
        return _yes_no(pred) == gold_yn
    if _NEGATION.search(_CLAUSE_END.split(pred, 1)[0]) and not _NEGATION.search(gold):
        return False  # "not 5" holds the value 5 and denies it
    if _may_have_unit(pred) and _may_have_unit(gold):
        units = _units_verdict(pred, gold, config)
        if units is not None:
            return units
    percent_q = _asks_percent(question)
    exact_pred, exact_gold = mathscale.exact_integer(pred), mathscale.exact_integer(gold)
    if exact_pred is not None and exact_gold is not None:
        return exact_pred == exact_gold  # beyond 2^53 doubles round neighbours together
    gold_values = _values(gold, config)
    pred_values = _values(pred, config)
    if gold_values is not None and pred_values is not None:
        # (beyond 2^53 the values are exact rationals: "2^{60}" against a long integer too)
        return _numbers_equal(pred_values, gold_values, percent_q, config)
    if _math_equal(pred, gold, config):
        return True
    if gold_values is not None and pred_values is None:
        single = _single_number(pred)
        if single is not None:
            return _numbers_equal(single, gold_values, percent_q, config)
    return False


def _plain_numbers_equal(pred: float, gold: float, question: str, config: RewardConfig) -> bool:
    """The verdict of `_equivalent` when both cleaned answers are plain numbers
    (`_plain_value`), the common case, at a fraction of the cost of the full path.

    It is the verdict the full path reaches. Such text (digits, "-", "." and a degree
    sign) names no option letter (no capital, no "option"/"choice"), so the option
    logic falls through whether or not the question lists options; it is not
    yes/no, uncertain or hedged (no such word, no "/", "," or ";"); so
    `_plain_equivalent` decides. With both `_values` set, that returns
    ``_numbers_equal`` unless the texts are equal after normalisation, and for
    plain numbers equal normalised texts mean equal values (the normalisation only
    trims trailing zeros and spells the degree sign one way): the same verdict.
    """
    if _close(pred, gold, config):
        return True
    # `_numbers_equal` with a percentage question: the gold read as a percent, or as a fraction
    return _asks_percent(question) and (_close(pred, gold * 100, config) or _close(pred, gold / 100, config))


@lru_cache(maxsize=4096)
def _asks_percent(question: str) -> bool:
    """Does *question* ask for a percentage? (Cached: one question serves many answers.)"""
    return bool(question) and bool(_PERCENT_Q.search(question))


@lru_cache(maxsize=16384)
def _equivalent(predicted: str, gold: str, question: str, config: RewardConfig) -> bool:
    """`answers_equivalent` on bounded strings, cached. Most answers are plain numbers
    once cleaned ("$70^\\circ$" is "70^\\circ"); those skip the letter, yes/no and
    hedge checks and the math parser (`_plain_numbers_equal` says why the verdict is
    the same)."""
    pred = clean_answer(predicted)
    gold_clean = clean_answer(gold)
    if not pred or not gold_clean:
        return False
    if len(pred) <= config.max_math_chars and len(gold_clean) <= config.max_math_chars:
        pred_value = _plain_value(pred)
        gold_value = _plain_value(gold_clean) if pred_value is not None else None
        if pred_value is not None and gold_value is not None:
            return _plain_numbers_equal(pred_value, gold_value, question, config)
    if _may_have_unit(predicted) and _may_have_unit(gold_clean) and _units_verdict(predicted, gold_clean, config) is False:
        return False  # a unit outside the box or the math counts too: "\\boxed{12} mm", "$12$ mm" for 12 cm
    if "$" in pred or "\\(" in pred or "\\[" in pred:
        pred = _math_span(pred) or pred  # "Thus $x \\leq 2$ is our answer."
    if "$" in gold_clean or "\\(" in gold_clean or "\\[" in gold_clean:
        gold_clean = _math_span(gold_clean) or gold_clean
    if "?" in pred and "?" not in gold_clean:
        return False  # "12?", "B?": asked, not answered
    if _UNSURE.search(pred) and not _UNSURE.search(gold_clean):
        return False  # "probably 12", "maybe B", "12‽" commit to nothing, an option neither
    if _void(pred, gold_clean):
        return False  # a box voided by the text after it, a struck-out letter, a joke
    if _taken_back_later(pred) and not _taken_back_later(gold_clean):
        return False  # "12 (wrong)", "12. Wait, that's wrong."
    pred, gold_clean = _number_spelling(pred, gold_clean), _number_spelling(gold_clean, pred)
    options = (parse_options(question) if question else {}) or _gold_option(gold_clean)
    if (options and _ALTERNATIVE.search(pred) and not _ALTERNATIVE.search(gold_clean)
            and not any(_ALTERNATIVE.search(text) for text in options.values())):
        return False  # "12 or blue", "(A) 12 or 15": an option offered beside another answer
    gold_letter = _letter_of(gold_clean, options)
    if gold_letter == "":
        return False
    if gold_letter is not None and (options or _LETTER_ALONE.match(gold_clean)):
        pred_letter = _letter_of(pred, options)
        if pred_letter == "":
            return False
        if pred_letter is None and options:
            hits = [k for k, v in options.items() if _plain_equivalent(pred, v, "", config)]
            pred_letter = hits[0] if len(hits) == 1 else None
        elif pred_letter is not None and options.get(pred_letter) and not _LETTER_ALONE.match(pred):
            if _contradicts(_beside_letter(pred), options[pred_letter], config):
                return False  # "B: 60°" where B is 45°
        return pred_letter == gold_letter
    if options:
        pred_letter = _letter_of(pred, options)
        if pred_letter == "":
            return False
        if pred_letter is not None and pred_letter in options and _LETTER_ALONE.match(pred):
            return _plain_equivalent(options[pred_letter], gold_clean, question, config)
        if pred_letter is not None and pred_letter in options:
            # The letter decides, and a value written beside it must be its option's:
            # "60° (B)" where B is 45° names two options, and is neither.
            option = options[pred_letter]
            rest = _beside_letter(pred)
            if not option:
                return _plain_equivalent(rest, gold_clean, question, config)
            return _plain_equivalent(option, gold_clean, question, config) and not _contradicts(rest, option, config)
    gold_yn = _yes_no(gold_clean)
    if gold_yn is not None and len(gold_clean) <= 4:
        return _yes_no(pred) == gold_yn
    if gold_yn and len(pred) <= 4 and _yes_no(pred) is not None:
        return _yes_no(pred) == gold_yn  # "yes" for a gold "Yes, the bar is taller"
    if "\\in" in pred or "∈" in pred or "<" in pred or "\\l" in pred:
        pred = compound.strip_membership(pred)  # "x \\in [-2, 7]" names the set [-2, 7]
    if "\\in" in gold_clean or "∈" in gold_clean or "<" in gold_clean or "\\l" in gold_clean:
        # a gold "-2 \\le x \\le 7" takes the interval, as Math-Verify does; a gold set
        # does not take a chain of inequalities as its answer
        gold_clean = compound.interval_of(gold_clean) or gold_clean
    for verdict in (_matrix_verdict, _compound_verdict, _scaled_relation_verdict, _sets_verdict,
                    _relations_verdict, _tuples_verdict):
        found = verdict(pred, gold_clean, config)
        if found is not None:
            return found
    if "=" in pred and "=" not in gold_clean:
        last = _chain_value(pred, config)
        if last is not None:
            return _plain_equivalent(last, gold_clean, question, config)
    if "=" in gold_clean and "=" not in pred:
        gold_clean = _named_value(gold_clean)
    if _HEDGE.search(pred) and not _HEDGE.search(gold_clean):
        # "12 or 15", "B and C": several values where the gold holds one.
        one_value = _single_number(pred) is not None and not _ALTERNATIVE.search(pred)
        if not one_value and not _text_equal(pred, gold_clean) and not _math_equal(pred, gold_clean, config):
            return False
    listed = _lists_verdict(pred, gold_clean, config)
    if listed is not None:
        return listed
    return _plain_equivalent(pred, gold_clean, question, config)


# A number written with spaced thousands ("1 000", "12 345.5", "1\,000", "1{,}000"):
# one number, not two.
_SPACED_THOUSANDS = re.compile(r"-?\d{1,3}(?:(?:[ \u00a0\u2009\u202f]|\\[,! ]|\{,\})\d{3})+(?:\.\d+)?")
_THOUSANDS_SEPARATOR = re.compile(r"[ \u00a0\u2009\u202f]|\\[,! ]|\{,\}")


# "11,\! 111": a thousands comma with a negative thin space after it.
_BANG_THOUSANDS = re.compile(r"(?<=\d),\s*\\!\s*(?=\d{3}(?!\d))")
# "1000,99", "0,111": one comma that is no thousands separator (not three digits after
# it, or a zero before it) is a decimal comma.
_DECIMAL_COMMA = re.compile(r"(-?\d+),(\d+)")


def _number_spelling(text: str, other: str) -> str:
    """*text* as one number in the usual spelling when it is one in another: spaced
    thousands groups (``1 000`` is ``1000``), ``\\!`` after a thousands comma, a
    decimal comma (``1000,99`` is ``1000.99``, when *other*, the other side, is no
    list: a list there makes ``3,4`` a list); else unchanged."""
    if text[:1] not in "-0123456789":
        return text
    if "\\!" in text:
        text = _BANG_THOUSANDS.sub(",", text)
    if _SPACED_THOUSANDS.fullmatch(text):
        return _THOUSANDS_SEPARATOR.sub("", text)
    if "," in text and not _LIST_SEPARATOR.search(other):
        m = _DECIMAL_COMMA.fullmatch(text)
        if m and (len(m.group(2)) != 3 or m.group(1).lstrip("-") == "0"):
            return f"{m.group(1)}.{m.group(2)}"
    return text


def _item_equal(item: str, other: str, config: RewardConfig) -> bool:
    """Whether an item of a list, set, tuple or relation is the other side's: the same
    text, value or expression. Stricter than a whole answer: no sentence around a
    number (``3 C``, ``5 or blue`` are no items of value 3 or 5), no hedge, negation,
    doubt or plus-minus inside."""
    if _text_equal(item, other):
        return True
    if any(p.search(item) for p in (_ALTERNATIVE, _NEGATION, _UNSURE, _INEQUALITY)) or _has_plus_minus(item) or "?" in item:
        return False
    if _NUMBER_THEN_WORD.search(item) and not _NUMBER_THEN_WORD.search(other):
        return False  # a number with a word after it, against a bare one
    a, b = _values(item, config), _values(other, config)
    if a is not None and b is not None:
        return _numbers_equal(a, b, False, config)
    return _math_equal(item, other, config)


def _part_equal(part: str, other: str, config: RewardConfig) -> bool:
    """Whether a part of a compound answer is the other side's (`compound`): a tuple
    or interval item by item, a matrix entry by entry, else as an item."""
    for verdict in (_tuples_verdict, _matrix_verdict):
        found = verdict(part, other, config)
        if found is not None:
            return found
    return _item_equal(part, other, config)


def _scaled_relation_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    """``True`` for one equation or inequality written another way (`relations`)."""
    if ("=" not in pred and "<" not in pred and ">" not in pred and "\\" not in pred) or not _HAS_LETTER.search(pred):
        return None
    return mathrelations.same_relation(pred, gold, config.max_math_chars)


def _relations_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    return relations_verdict(pred, gold, lambda a, b: _item_equal(a, b, config))


def _tuples_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    return tuples_verdict(pred, gold, lambda a, b: _item_equal(a, b, config))


def _sets_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    return sets_verdict(pred, gold, lambda a, b: _item_equal(a, b, config))


def _lists_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    return lists_verdict(pred, gold, lambda a, b: _item_equal(a, b, config))


def _compound_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    return compound.compound_verdict(pred, gold, lambda a, b: _part_equal(a, b, config))


def _matrix_verdict(pred: str, gold: str, config: RewardConfig) -> bool | None:
    def entry_equal(a: str, b: str) -> bool:
        if _item_equal(a, b, config):
            return True
        hedged = "?" in a or any(p.search(a) for p in (_ALTERNATIVE, _NEGATION, _UNSURE, _INEQUALITY))
        return not hedged and _math_equal(a, b, config)  # "3x^{2/3}": an entry is math, not a sentence

    return compound.matrix_verdict(pred, gold, entry_equal)


# A number followed by a word: "3 C", "12 cm" (a unit is checked where both sides have one).
_NUMBER_THEN_WORD = re.compile(r"\d\s*[A-Za-z]")


#: Sides of an equation chain read at most.
_MAX_SIDES = 8


def _chain_value(pred: str, config: RewardConfig) -> str | None:
    """The value a chain of equalities ends on (``12 + 3 = 15``, ``AB = 12 + 3 = 15``,
    ``15 = 12 + 3``), when every side but a leading name equals that last one;
    ``None`` otherwise (``x + 3 = 15`` is an equation, ``12 + 3 = 16`` is false)."""
    if any(op in pred for op in ("==", "<=", ">=", "!=", "=>")):
        return None
    sides = [side.strip() for side in mathexpr.strip_assignment(pred).split("=")]
    if not 2 <= len(sides) <= _MAX_SIDES or not all(sides):
        return None
    last = sides[-1]
    if all(_math_equal(side, last, config) for side in sides[:-1]) and _values(last, config) is not None:
        return last
    return None


def answers_equivalent(
    predicted: str | None,
    gold: str | None,
    *,
    question: str | None = None,
    config: RewardConfig | None = None,
) -> bool:
    """True when *predicted* states the same answer as *gold*.

    *question* lets option text stand for its letter (and the other way round) and
    turns on percent readings when it asks for a percentage. Empty or missing
    answers are never equivalent; a prediction longer than
    ``max(4 * config.max_math_chars, 2000)`` characters is equivalent only when
    identical. The function never raises for string input.
    """
    if predicted is None or gold is None:
        return False
    if not isinstance(predicted, str) or not isinstance(gold, str):
        raise TypeError("answers_equivalent expects strings")
    config = config or DEFAULT_CONFIG
    limit = max(config.max_math_chars * 4, 2000)
    if len(predicted) > limit:
        # Cutting it could hide a hedge ("12", padding, "or 15"): only an identical answer counts.
        return bool(predicted.strip()) and predicted.strip() == gold.strip()
    return _equivalent(predicted, gold[:limit], (question or "")[-4000:], config)
