"""Reading a final answer out of what wraps it, before it is compared with the gold.

`clean_answer` strips delimiters, ``\\boxed{}``, ``\\text{}``, emphasis and "The answer
is" prefixes; `box_answer` reads a box together with the text around it, so that the
hedge, negation and doubt rules of `equivalence` see that text ("\\boxed{15} is wrong"
is "15 is wrong") and a sign, digit or scale beside the box joins its value
("-\\boxed{12}" is -12); `math_span` does the same for one ``$...$`` span in a
sentence. Signs spelled in words or markup ("minus 12", "{\\color{red}-}12", "(-)12")
are written as one minus here too.

Why a module of its own: this is the one place that turns the raw answer text into the
text the comparison reads, shared by `answer`, `r1` and `equivalence`; the comparison
itself (letters, yes/no, values, structures) stays in `equivalence`. Every pattern
here is linear-time on hostile input, and each pass runs only when a cheap character
test says it can change the text.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from itertools import islice

from .doubt import doubt_words as _doubt_words
from .hedges import GLUED_TO_VALUE as _GLUED_TO_VALUE
from .hedges import RETRACTION as _RETRACTION
from .hedges import UNSURE as _UNSURE
from .hedges import context_denies as _context_denies
from .hedges import neutral_tail as _neutral_tail
from .hedges import taken_back_later as _taken_back_later
from .mathtext import scale as mathscale
from .mathtext.boxed import boxes
from .mathtext.lookalikes import fold_lookalikes
from .mathtext.symbols import DROP_INVISIBLE, MINUS_LOOKALIKES
from .numwords import NUMBER_WORDS, words_value

_DIGIT = re.compile("[0-9]")

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
# Characters that show nothing (`mathtext.symbols.INVISIBLE_RANGES`: zero-width space,
# joiners, controls, variation selectors, tags...): dropped, so "-\u200b12" is "-12", not a
# minus beside a 12; the braille blank shows a space.
_INVISIBLE: dict[int, str | None] = {**DROP_INVISIBLE, 0x2800: " "}
# Dashes that read as a minus sign (hyphen, non-breaking hyphen, figure dash, hyphen
# bullet, small and heavy minus, modifier minus, superscript and subscript minus): a
# minus, so "\ufe6312" or "\u201012" is -12, never right for a gold 12 too. (The en
# dash and the Unicode minus are read by `mathexpr`; an em dash only right before a digit.)
_INVISIBLE.update(dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2043\ufe63\u2796\u02d7\u207b\u208b"), "-"))
# (And the dashes drawn as a long bar: two- and three-em dashes, box-drawing lines, the
# katakana prolonged sound mark and its half-width form, only right before a digit too.)
_EM_DASH_MINUS = re.compile("[\u2014\u2015\u2e3a\u2e3b\u2500\u2501\u23af\u30fc\uff70](?=[0-9])")
# A sign alone in braces, as LaTeX writes it, or in a text command: "{-}12", "\text{-}12"
# are "-12"; an empty group says nothing ("{}-12", "-{}12" are "-12" too).
_BRACED_SIGN = re.compile(
    r"(?:\\(?:text|textrm|mathrm|mathbf|textbf|mbox|hbox|operatorname|boldsymbol|bm|pmb|mathit|textit|mathsf|textsf"
    r"|mathtt|texttt|mathnormal|textnormal|textup|underline|emph"
    # boxes and overlaps that typeset their content as it is: "\\ensuremath{-}12", "\\rlap{-}12"
    r"|ensuremath|textsuperscript|textsubscript|makebox|framebox|smash|llap|rlap|clap|mathllap|mathrlap|mathclap"
    # a math class command around a sign alone: "\\mathord{-}12", "\\mathop{-}12", "\\mathbin{-}12"
    r"|mathord|mathop|mathbin|mathrel|mathpunct|mathinner|mathopen|mathclose)\s*)?\{\s*([-+\u2212]?)\s*\}"
)

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
# What may stand between the word and the value, inside markup: spacing, LaTeX spacing,
# a brace or a text command closing or opening ("\\text{minus }12", "\\mathrm{neg}\\,12").
_SPELLED_MINUS = re.compile(
    # ("\\textminus 12", "\\text{\\textendash}12": a dash typeset as a sign)
    r"(?:(?<![A-Za-z])(?:minus|negative|neg\.?|moins|menos|negativ|минус)|\\(?:textminus|minus|textendash|textemdash)"
    r"(?![A-Za-z]))\s*"
    r"(?=\.?\d|(?:[$}{]|\\[,;:! ]|\\[a-z]{2,12}\s*\{)(?:[\s$}{]|\\[,;:! ]|\\[a-z]{2,12}\s*\{){0,12}\.?\d)"
    r"|(?:负|負|マイナス)(?=\s*[$\\{]*\.?\d)",
    re.IGNORECASE,
)
_SPELLED_MINUS_END = re.compile(r"(?:minus|negative|neg\.?|moins|menos|negativ|минус|\\minus|负|負|マイナス)$", re.IGNORECASE)


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


def _inside_operation(head: str) -> bool:
    """Whether *head*, the text before a box, makes the box an operand of other math
    (`_OPERATION_BEFORE`), once colours and spacing are dropped, or the argument of a
    command that is no known formatting (`_FORMATTING_COMMANDS`: "\\conj{\\boxed{12}}",
    "\\check{\\boxed{12}}", "\\mathring{\\boxed{12}}" may name another value): then the
    box is read with that math, not as the answer alone."""
    near = head[-80:].rstrip(" \t$")
    if not near or near[-1] not in "{([^×÷·⋅/" and not near[-1].isalpha():
        return False
    if "\\" in near:
        near = _DECORATION.sub("", near).rstrip(" \t$")
        command = _COMMAND_ARGUMENT.search(near)
        if command is not None and command.group(1) not in _FORMATTING_COMMANDS:
            return True
    return mathscale.operand_before(near)


# A command whose argument opens right before a box: "\\overline{", "\\conj {".
_COMMAND_ARGUMENT = re.compile(r"\\([A-Za-z]{1,30})\s*\{$")
# Commands that only format their argument: a box inside one is the answer alone.
_FORMATTING_COMMANDS = frozenset(
    "mathbf textbf bm boldsymbol pmb mathrm text textrm textnormal mathnormal textup mathit textit emph underline "
    "mathsf textsf mathtt texttt displaystyle textstyle tiny small normalsize large Large LARGE huge Huge boxed fbox "
    "mbox hbox framebox ensuremath mathbb mathcal mathscr mathfrak color textcolor colorbox fcolorbox highlight "
    "hl bbox left right mathord mathop mathbin mathrel mathpunct mathinner mathopen mathclose".split()
)


# Where a sentence after a box ends, for `_commits_elsewhere`.
# (A comma before a clause that restates the value ends one too: "\\boxed{12}, which is 15".)
_TAIL_SENTENCE = re.compile(r"[.!。;；](?=[\s$]|$)|\n|,(?=[ \t]*(?:which|i\.?[ \t]?e\.?|namely|that[ \t]+is|that['’]s)\b)",
                            re.IGNORECASE)
#: Sentences after a box read for another answer at most.
_TAIL_SENTENCES = 8


def _commits_elsewhere(content: str, tail: str) -> bool:
    """Whether a sentence after a box, on its line, commits to another answer ("\\boxed{12}.
    The real answer is 15.", "\\boxed{12}; so x = 15"), as a later line would
    (`answer_lines.committed`); one that restates the box's answer agrees with it
    (`equivalence.answers_equivalent`, the value or the sentence read as an answer:
    "Final Answer: The final answer is $x-2y+z-1=0$.")."""
    # (imported late: both modules import this one)
    from .answer_lines import committed
    from .equivalence import answers_equivalent

    for raw in _TAIL_SENTENCE.split(tail[:_MAX_TAIL_READ], maxsplit=_TAIL_SENTENCES)[:_TAIL_SENTENCES]:
        sentence = raw.strip(" \t$")
        if not (sentence[:1].isalpha() or sentence[:1] == "(") or not _DIGIT.search(sentence):
            continue  # prose only: math after the box ("\\pmod{11}") is read as math
        value = committed(sentence)
        if not value or set(_SIGNED_NUMBER.findall(value)) <= set(_SIGNED_NUMBER.findall(content)):
            continue  # no value, or the box's own numbers however quoted ("\\"$12$ and $13$\\"")
        if not answers_equivalent(value, content) and not answers_equivalent(raw.strip(" \t"), content):
            return True
    return False


_SIGNED_NUMBER = re.compile(r"[-−]?[0-9]+(?:\.[0-9]+)?")


#: Characters of a box's tail read for another answer.
_MAX_TAIL_READ = 2000


def box_answer(text: str, below: str = "") -> str | None:
    """The answer held by the ``\\boxed{}`` of *text*: the content of its box when the
    text around says nothing more (a closing period, units, "The answer is", a reason:
    `hedges.neutral_tail`), else *text* with each box replaced by its content, so that
    the hedge, negation and doubt rules see it ("\\boxed{B} or \\boxed{C}" is "B or
    C", "\\boxed{15} is wrong" is "15 is wrong"; adjacent boxes are two values:
    "\\boxed{1}\\boxed{2}" is "1, 2"), and so that a sign, a digit or a scale beside the
    box joins its value ("-\\boxed{12}" is "-12", "\\boxed{12}0" is "120"), and a box
    inside other math is read with that math ("\\sqrt{\\boxed{12}}" is "\\sqrt{12}"). Any other
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
        verdict = _YES_NO_BOX.fullmatch(contents[-1]) if len(contents[-1]) <= 24 else None
        word = verdict.group(1).lower() if verdict is not None else ""
        if word and verdict_taken_back(word, _unwrapped(tail[:_MAX_VERDICT_REST].replace("$", ""))):
            return text.strip()  # "\\boxed{Yes}, because it is not.": void
        if (len(tail) <= _MAX_CONTRAST and not head.strip(" \t\n$") and _CONTRAST_HINT.search(tail)
                and contrast_commitment(contents[-1] + tail.replace("$", "")) == contents[-1]):
            return contents[-1]  # "\\boxed{12}, not 15", "\\boxed{B} (not C)"
        joined = _sign_before(head) or _inside_operation(head)  # "-\\boxed{12}", "\\sqrt{\\boxed{12}}"
        if not (joined or _context_denies(head, tail) or _scales_box(contents[-1], _unwrapped(tail[:200]))):
            if _neutral_tail(tail, negation_agrees=word == "no", below=below):  # "\\boxed{No}, they are not equal"
                if _DIGIT.search(tail) and _commits_elsewhere(contents[-1], tail):
                    return text.strip()  # "\\boxed{12}. The real answer is 15.": void
                if _doubt_words(tail + below):
                    return text.strip()  # "\\boxed{12}" / "The real one is unknown.": void (`doubt`)
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


# A box that holds a yes or a no, in a text command or not: "\\boxed{\\text{No}}".
_YES_NO_BOX = re.compile(r"\s*(?:\\(?:text|textbf|textrm|textit|mathrm|mathbf|mbox)\s*\{\s*)?(yes|no)\s*\}?\s*",
                         re.IGNORECASE)
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


def math_span(text: str) -> str | None:
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


#: Answers up to this length are cleaned once and remembered (`clean_answer`): a gold
#: answer is compared with every completion of its prompt, and short answers recur.
_CACHED_ANSWER_CHARS = 256


def clean_answer(text: str) -> str:
    """Strip what wraps an answer: ``$``/``\\(``/``\\[`` delimiters, ``\\boxed{}``,
    ``\\text{}``, bold markers, "The answer is"/"Final answer:" prefixes, quotes and a
    trailing period. (A pure function of *text*; short texts are cached.)"""
    return _clean_answer_cached(text) if len(text) <= _CACHED_ANSWER_CHARS else _clean_answer(text)


@lru_cache(maxsize=16384)
def _clean_answer_cached(text: str) -> str:
    return _clean_answer(text)


def _clean_answer(text: str) -> str:
    """`clean_answer`, uncached."""
    # Every step leaves *text* stripped, so a pass whose pattern cannot match (its
    # trigger absent, or the wrong first character for an anchored one) is skipped:
    # it would return the text unchanged.
    if "&" in text and ";" in text:
        text = html.unescape(text)  # "&minus;12" is "−12", "x &gt; 12" is "x > 12"
    if not text.isascii():
        text = fold_lookalikes(text.translate(_INVISIBLE))
        if _EM_DASH_MINUS.search(text):
            text = _EM_DASH_MINUS.sub("-", text)
        if _FULLWIDTH_CHAR.search(text):
            text = text.translate(_FULLWIDTH)
    elif not text.isprintable():
        text = text.translate(DROP_INVISIBLE)  # ASCII controls ("-\x0612"); whitespace stays
    text = _spell_signs(text)
    if "{" in text:
        text = _braced_signs(text)
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
    if len(text) <= 300 and (m := LETTER_BECAUSE.match(text)) and not _doubts(text[m.end() :]):
        text = m.group(1)  # "A, since B and C are too small": the reason says nothing against A
    if len(text) <= _MAX_CONTRAST and _CONTRAST_HINT.search(text):
        committed = contrast_commitment(text)  # "12, not 15" commits to 12, "12, not 12" to nothing
        text = text if committed is None else committed
    if len(text) <= _MAX_CONTRAST and ("=" in text or text[:1] in "YyNn"):
        text = _justified(text)
    return text


#: Numbers in words, for a contrast that denies its own value in words ("12, not twelve").
_NUMBER_WORDS = {word: float(value) for word, value in NUMBER_WORDS.items()}


def number_word_value(text: str) -> str:
    """*text* in digits when it is a number in words alone ("twelve" is "12", "Zero"
    is "0", "twenty-one" is "21": `numwords.words_value`); else unchanged."""
    value = _NUMBER_WORDS.get(text.lower())
    if value is None:
        run = words_value(text.strip("()[]*_ ")) if len(text) > 3 else None
        return text if run is None else str(run)
    return str(int(value))


# An option letter, then a reason: "A, because 12 is the largest", "(B) since B > C".
# ("A as well as B" joins a second letter: no reason.)
# ("A" then, on a later line, "Explanation: B, C and D give other values.")
LETTER_BECAUSE = re.compile(
    r"\(?([A-J])\)?[.)]?(?:(?:[ \t]*[,;(:—–][ \t]*|[ \t]+)(?:since|because|as(?![ \t]+(?:well|also)\b)|given(?:[ \t]+that)?|for|due[ \t]+to)\b"
    r"|[ \t]*\n\s*(?:\*\*)?(?i:explanation|reason|reasoning|justification|because|since)(?:\*\*)?[ \t]*[:：]?(?:\*\*)?)",
)


_ANSWER_WORD = re.compile(r"\banswer", re.IGNORECASE)


# A reason that calls another answer right too: "B is also possible", "C works as well".
_ALSO_RIGHT = re.compile(
    r"\b(?:also|equally)\b[^.\n]{0,30}?\b(?:possible|valid|correct|right|works?|fine|acceptable|true)\b"
    r"|\b(?:possible|valid|correct|right|works?|fine|acceptable|true)[ \t]+(?:too|as[ \t]+well)\b",
    re.IGNORECASE,
)


def _doubts(reason: str) -> bool:
    """Whether *reason*, what follows "because", doubts or takes the answer back ("A,
    because I think so", "A, since B... wait")."""
    if _UNSURE.search(reason) or _RETRACTION.search(reason) or "?" in reason or _ANSWER_WORD.search(reason):
        return True  # (a reason that names an answer may name another: "A, as the answer is B")
    if _ALSO_RIGHT.search(reason):
        return True  # "A. Explanation: B is also possible."
    return _taken_back_later("x, " + reason)


# A value in a contrast: a number in digits (a degree or percent sign allowed) or in words, or an option letter. (a degree or percent sign allowed) or an option letter.
_ATOM = r"(?:[-−]?\d+(?:[.,]\d+)*(?:[ \t]*(?:°|%|\\%))?|\(?[A-J]\)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
# The values a contrast denies: one, or a few joined by "or" or "nor" ("not 13 or 15"; a
# comma might offer the next one: "12, not 15, 15").
_DENIED = _ATOM + r"(?:[ \t]+(?:or|nor)[ \t]+" + _ATOM + r"){0,3}"
_END = r"[ \t]*[.!]?"
# "12, not 15", "12 (not 15)", "12 — not 15", "12, but not 15", "12 rather than 15",
# "B, not A or C"; "not 15 but 12", "Not A, but B"; "It is 12; 15 is wrong".
_CONTRAST = re.compile(
    r"(?P<x1>" + _ATOM + r")[ \t]*(?:[,;:(—–]|[ \t]-)?[ \t]*(?:(?:but|and)[ \t]+)?"
    r"(?:not|rather[ \t]+than|instead[ \t]+of)[ \t]+(?P<y1>" + _DENIED + r")[ \t]*\)?" + _END
    + r"|not[ \t]+(?P<y2>" + _DENIED + r")[ \t]*[,;]?[ \t]*(?:but|rather|instead)[ \t]*[,:]?[ \t]*"
    r"(?:(?:it[ \t]+is|it['’]s)[ \t]+)?(?P<x2>" + _ATOM + r")" + _END
    + r"|(?:(?:it[ \t]+is|it['’]s)[ \t]+)?(?P<x3>" + _ATOM + r")[ \t]*[;,.][ \t]*(?P<y3>" + _DENIED + r")[ \t]+"
    r"(?:is|was)[ \t]+(?:wrong|incorrect|false|impossible|ruled[ \t]+out|not[ \t]+(?:right|correct|the[ \t]+answer"
    r"|possible))" + _END
    # "12, because it cannot be 15.", "12. It is not 15, since 15 > 14." (a reason that
    # only compares numbers may follow)
    + r"|(?P<x4>" + _ATOM + r")[ \t]*[,;.(][ \t]*(?:(?:because|since|as)[ \t]+)?(?:it|this|the[ \t]+answer)[ \t]+"
    r"(?:cannot|can['’]t|could[ \t]*not|couldn['’]t|is[ \t]+not|isn['’]t|must[ \t]+not)[ \t]+(?:be[ \t]+)?"
    r"(?P<y4>" + _DENIED + r")[ \t]*\)?(?:[ \t]*,[ \t]*(?:since|because|as)[ \t]+[0-9 \t.<>=≤≥≠+×*/−-]{1,40})?" + _END,
    re.IGNORECASE,
)
_CONTRAST_HINT = re.compile(r"not|rather|instead|wrong|incorrect|false|impossible|ruled|n['’]t", re.IGNORECASE)
# (a number in words first: "fifteen" is no option letter F)
_CONTRAST_ATOM = re.compile(r"\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b|" + _ATOM,
                            re.IGNORECASE)
#: Contrasts longer than this are not read (a sentence, no contrast of two values).
_MAX_CONTRAST = 120


def _atom_key(atom: str) -> tuple[str, object]:
    """What a value of a contrast names: an option letter, or a number's value."""
    body = atom.strip().strip("()").replace("−", "-").replace("\\%", "%")
    if body.lower() in _NUMBER_WORDS:
        return "number", _NUMBER_WORDS[body.lower()]
    if body[:1].isalpha():
        return "letter", body.upper()
    try:
        return "number", float(body.rstrip("°% \t").replace(",", ""))
    except ValueError:
        return "text", body


def contrast_commitment(text: str) -> str | None:
    """The value *text* commits to when it is that value and an explicit contrast that
    denies other values of the same kind ("12, not 15", "12 (not 13)", "not 15 but 12",
    "B, not C", "Not A but B", "It is 12; 15 is wrong"): then the first is committed to.
    ``""`` (no answer) when it denies the value it gives ("12, not 12", "12, not
    12.0", "12, not twelve"); ``None`` when *text* is no such contrast, or denies
    another kind ("12, not B"): anything more ("12, not 15, maybe 15", "12 or not 15",
    "12 (not sure)") is no such contrast, and is read as it stands."""
    m = _CONTRAST.fullmatch(text.strip())
    if m is None:
        return None
    given = m.group("x1") or m.group("x2") or m.group("x3") or m.group("x4")
    denied = m.group("y1") or m.group("y2") or m.group("y3") or m.group("y4")
    kind, value = _atom_key(given)
    if kind == "number" and given.strip().lower() in _NUMBER_WORDS:
        return None  # "twelve, not 15": read as the words it is
    for other in _CONTRAST_ATOM.findall(denied):
        other_kind, other_value = _atom_key(other)
        if other_value == value:
            return ""  # "12, not 12", "12; 12 is wrong": it denies what it gives, no answer
        if other_kind != kind:
            return None
    return given.strip()


# A value, then a reason that only computes it again: "12 (since 3 × 4 = 12)",
# "12 (verified: 3·4 = 12)", "12, because 3 + 9 = 12". Its last side must be the value.
_JUSTIFIED = re.compile(
    r"(?P<given>" + _ATOM + r")[ \t]*[(,;:—–][ \t]*(?:since|because|as|verified|check(?:ed)?|by|from|proof)[ \t:,]*"
    r"[0-9 \t.+×*/·⋅÷^()−-]{1,60}=[ \t]*(?P<again>" + _ATOM + r")[ \t]*\)?" + _END,
    re.IGNORECASE,
)
# A yes / no, then a reason or an emphasis: "Yes, because 12 > 10.", "No, not at all."
_VERDICT_REASON = re.compile(r"(yes|no)[ \t]*[,;:.(—–]?[ \t]*(?:since|because|as|given(?:[ \t]+that)?|for)\b", re.IGNORECASE)
_VERDICT_EMPHASIS = re.compile(
    r"(?:(no)[ \t]*[,.!]?[ \t]*not[ \t]+at[ \t]+all|(yes|no)[ \t]*[,.!]?[ \t]*(?:absolutely|definitely|certainly"
    r"|of[ \t]+course|indeed|for[ \t]+sure))[ \t.!]*",
    re.IGNORECASE,
)
_YES_OR_NO = re.compile(r"\b(?:yes|no)\b|(?:\bnot|n['’]t)[ \t.!]*$", re.IGNORECASE)  # ("because it is not")


# A clause after a yes / no that is a bare verdict of its own: "(because) it is not", "it
# isn't", "they don't", "but no", "it is", "since yes". After a yes, a bare negation
# takes the yes back ("Yes, because it is not."); after a no, a bare affirmation takes
# the no back ("No, because it is."). One with a predicate ("No, they are not equal",
# "Yes, it is not zero") says what the verdict is about and is read as before.
_BARE_VERDICT = re.compile(
    r"[ \t]*(?:(?:because|since|as|though|although|but|and|so|for|given[ \t]+that|i[ \t]+mean|well)[ \t]+)?"
    r"(?:(?:really|actually|simply|in[ \t]+fact|truly|sadly|unfortunately)[ \t]+)?"
    r"(?:(?:it|this|that|they|he|she|we|there|the[ \t]+answer|one|you|i)(?=[ \t'’])[ \t]*)?"
    r"(?:(?:really|actually|simply|just|truly|certainly|definitely|clearly|obviously)[ \t]+)?"
    r"(?:(?P<neg0>never)[ \t]+)?"
    r"(?:(?P<neg2>(?:is|are|was|were|does|do|did|could|would|has|have|had|should|must|ca|wo|ai)n['’]t)"
    r"|(?P<aux>is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|must|may|might|['’]s|['’]re|am)"
    r"(?:[ \t]*(?P<neg1>not|n['’]t|never))?"
    r"|(?P<neg3>not|never|no|nope|nah)|(?P<aff>yes|yeah|yep|indeed))"
    r"(?:[ \t]+(?:so|the[ \t]+case|true|correct|right|really|at[ \t]+all|indeed|in[ \t]+fact|either|anymore|hold|holds|apply|applies"
    r"|work|works|exist|exists|happen|happens))*[ \t.!]*",
    re.IGNORECASE,
)
_VERDICT_CLAUSES = re.compile(r"[,;.!()\[\]—–:]|[ \t]-[ \t]")
#: Characters after a yes / no read for a bare verdict.
_MAX_VERDICT_REST = 300


def verdict_taken_back(word: str, rest: str) -> bool:
    """Whether *rest*, the text after a first word *word* ("yes" or "no"), holds a clause
    that is a bare verdict the other way (`_BARE_VERDICT`): "Yes, because it is not.",
    "Yes (it isn't)", "Yes, but no.", "No, because it is.", "No, since yes."."""
    if not rest or len(rest) > _MAX_VERDICT_REST:
        return False
    for clause in _VERDICT_CLAUSES.split(rest):
        m = _BARE_VERDICT.fullmatch(clause) if clause.strip() else None
        if m is None:
            continue
        negated = bool(m.group("neg0") or m.group("neg1") or m.group("neg2") or m.group("neg3"))
        affirmed = bool(m.group("aff") or m.group("aux")) and not negated
        if (word == "yes" and negated) or (word == "no" and affirmed):
            return True
    return False


def _justified(text: str) -> str:
    """*text* without a reason that says nothing against its answer: a computation whose
    last side is the value again ("12 (since 3 × 4 = 12)" is 12, "12 (since 3 × 4 =
    15)" stays as it is), a reason after a yes / no that neither doubts nor names a
    yes / no ("Yes, because 12 > 10" is Yes, "Yes, because no" stays), an emphasis
    ("No, not at all" is No)."""
    m = _JUSTIFIED.fullmatch(text)
    if m is not None:
        return m.group("given").strip() if _atom_key(m.group("given")) == _atom_key(m.group("again")) else text
    m = _VERDICT_EMPHASIS.fullmatch(text)
    if m is not None:
        return m.group(1) or m.group(2)
    m = _VERDICT_REASON.match(text)
    if (m is not None and not _doubts(text[m.end() :]) and not _YES_OR_NO.search(text, m.end())
            and not verdict_taken_back(m.group(1).lower(), text[len(m.group(1)) :])):
        return m.group(1)
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
        text = _braced_signs(text)
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


#: Answers longer than this get one pass of `_braced_signs` (bounded work on a flood).
_NESTED_SIGN_CHARS = 2000


def _braced_signs(text: str) -> str:
    """*text* with each sign that braces hold alone written bare (`_BRACED_SIGN`), the
    braces around it too: "{{-}}12" and "{\\color{blue}{-}}12" (once the colour is
    dropped) are "-12". A few passes: each takes one level of braces."""
    for _ in range(4 if len(text) <= _NESTED_SIGN_CHARS else 1):
        bare = _BRACED_SIGN.sub(r"\1", text)
        if bare == text:
            break
        text = bare
    return text


_SPELLED_MINUS_HINT = re.compile(r"inus|neg|oins|enos|ndash|mdash|минус|负|負|マイナス", re.IGNORECASE)
