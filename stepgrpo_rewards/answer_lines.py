"""What a line of an answer section commits to, after its first answer.

Every answer an answer section commits to must agree with the gold, not only its first
line (docs/rules.md, "Which answer counts"). `committed` reads one later line: it
commits when it is a value alone however wrapped ("(15)", "- 15", "**15**", "15?"), an
answer label in any spelling or language with its value ("Result: 15", "答案：15"), a
conclusion that ends on a value ("So 15", "=> 15", "Thus x = 15", "It is 15."), an
option restated ("B. 15") or an assignment alone ("x = 15"). A line that explains (a
sentence, a computation, several assignments, a reason) commits to nothing.
`labelled_value` reads the text after "The answer is" / "Answer:" on such a line.
`LATER_LINE` finds, in one scan, the lines that may commit; `answer.later_answers`
reads a whole section with them.

Every pattern is linear on hostile input, and every line read is bounded in length.

Examples:
    >>> committed("So x = 15."), committed("(15)"), committed("Result: 15")
    ('15', '(15)', '15')
    >>> committed("This is because 3 + 4 = 7.") is None, committed("x = 3, y = 4") is None
    (True, True)
"""

from __future__ import annotations

import html
import re

from .cleaning import LETTER_BECAUSE, contrast_commitment, number_word_value
from .mathtext.symbols import DROP_INVISIBLE, INVISIBLE_CLASS, MINUS_LOOKALIKES
from .numwords import RUN_PATTERN, words_value

# What ends a line besides "\n" (the breaks of `str.splitlines`): a bare CR, vertical
# tab, form feed, the file, group and record separators, NEL and the Unicode line and
# paragraph separators. A later answer must not hide behind one.
_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
LINE_BREAK = re.compile("[\n" + _BREAKS + "]")
# Characters that show nothing (`mathtext.symbols.INVISIBLE_RANGES`: zero-width spaces
# and joiners, direction marks, variation selectors, tags...): dropped from later lines,
# so "\u200b15" is 15 (and controls read as spaces).
HIDDEN: dict[int, str | None] = DROP_INVISIBLE
HIDDEN_RUN = re.compile(f"[{INVISIBLE_CLASS}]+")
# A sign: ASCII, and every dash a model writes for a minus (`mathtext.symbols`).
_SIGN = "[-+" + MINUS_LOOKALIKES + "]"
# What opens a line before what it says: bullets, list numbers and quote marks followed
# by a space ("- 15", "* 15", "2. 15", "> 15"), heading marks ("# 15"), emphasis
# ("**15**"). A sign glued to its digits ("-15") stays, and so does "1.5".
_LINE_MARK = re.compile(r"(?:[-+*•·▪◦‣>][ \t]+|#{1,6}[ \t]*|[*_]{1,3}(?=\S)|[0-9]{1,2}[.)][ \t]+(?=\S))+")
# An answer label in any spelling or language, and what links it to its value:
# "Result: ", "Ans: ", "My answer: ", "The value of x is ", "**Solution:** ", "答案：",
# "Réponse : ", "Antwort: ". ("Final answer: ..." and "Answer: ..." lines are read
# whole by `_ANSWER_LINE` and `_ANSWER_LABEL` first.)
_LABEL = (
    r"[\[(]?(?:(?:the|my|our|your|its|so|thus|hence|therefore)[ \t,]+){0,3}"
    r"(?:(?:final|correct|true|real|actual|right|exact|corrected|revised|updated|new|short)[ \t]+){0,3}"
    r"(?:answer|ans|result|solution|value|response|output|final|conclusion|total"
    # a correction's label: "Edit: 15", "Update: 15", "Correction: 15", "Erratum: 15", "P.S. 15"
    r"|edit|edited|update|updated|correction|corrected|revision|revised|erratum|errata|amendment|amended|fix|fixed"
    r"|addendum|p\.?[ \t]?s)s?\.?"
    r"(?:[ \t]+(?:of|for|to)[ \t]+[^\s:：=]{1,20})?(?:[ \t]*\([^()\n]{0,30}\))?"
    r"[ \t]*(?:\*\*|__)?[ \t]*(?:[\])](?:[ \t]*[:：=])?|[:：=|]|=+>|[-–—]{1,2}>?(?=[ \t])|→|⇒"
    r"|(?:is|are|equals|becomes|would[ \t]+be|should[ \t]+be|will[ \t]+be|must[ \t]+be)\b)"
    r"|(?:最终答案|最后答案|答案|答|结果|結果|解答|回答|解)[ \t]*(?:是|为|為|[:：=])"
    r"|(?:réponse|reponse|résultat|resultat|antwort|ergebnis|lösung|losung|respuesta|resultado|solución|solucion"
    r"|resposta|risposta|risultato|ответ|результат|정답|답|cevap|jawaban)(?:[ \t]+finale?)?[ \t]*"
    r"(?:[:：=]|(?:est|ist|es|é|è)\b)"
)
# A conclusion that opens a line: "= ", "=> ", "→ ", "∴ ", "\\therefore ", "So ",
# "Thus, ", "Hence ", "It is ", "That is, ", "所以", "donc".
_LEAD_IN = (
    r"(?:==?>|-{1,2}>|=|⇒|⟹|⟶|→|∴|\\(?:therefore|Rightarrow|Longrightarrow|implies|to|rightarrow)(?![A-Za-z])"
    # another relation that states the value: "≡ 15", "≈ 15", "\\approx 15", "~ 15"
    r"|[≡≈≃≅∼~]|\\(?:equiv|approx|sim|simeq|cong|doteq)(?![A-Za-z])"
    r"|p\.[ \t]?s\."  # a postscript: "P.S. 15"
    r"|(?:so|thus|hence|therefore|then|consequently|finally|overall|in[ \t]+total|altogether|i\.?[ \t]?e\.?"
    r"|that[ \t]+is|namely|which[ \t]+is|it[ \t]+is|it['’]s|this[ \t]+is|that['’]s|we[ \t]+get"
    r"|(?:it|this|that|which)[ \t]+(?:gives|equals|makes|yields|comes[ \t]+to)"
    r"|giving|gives|yields|donc|also|daher|somit|por[ \t]+lo[ \t]+tanto|portanto|quindi|dunque|ergo"
    r"|i[ \t]+(?:think|believe|guess|get|got|say|conclude)|i['’]d[ \t]+say|we[ \t]+conclude|in[ \t]+conclusion"
    # a correction: "I mean 15", "Make that 15", "Change it to 15", "It should be 15", "Or rather 15"
    r"|i[ \t]+(?:mean|meant)(?:[ \t]+to[ \t]+(?:say|write))?|make[ \t]+(?:that|it|this)|change[ \t]+(?:that|it|this)[ \t]+to"
    r"|(?:(?:that|it|this)[ \t]+)?(?:should|must)[ \t]+(?:be|read|say)|or[ \t]+rather|read|typo|corrected[ \t]+to"
    r"|however|but|instead|rather|yet"
    # more corrections and commitments: "Should've been 15", "In fact 15", "Changed to 15",
    # "Going with 15", "Rechecking gives 15", "It leads to 15", "TL;DR: 15", "Er... 15"
    r"|(?:it[ \t]+|that[ \t]+|this[ \t]+)?should(?:['’]ve|[ \t]+have)[ \t]+been|really|actually|in[ \t]+fact|in[ \t]+reality"
    r"|now(?=[ \t,]+(?:it['’]s|it[ \t]+is|it[ \t]+becomes|[-+−]?\$?\d))|(?:re)?check(?:ing|ed)?[ \t]+(?:gives|shows|yields)|double[ \t-]?check(?:ed|ing)?|(?:it[ \t]+|this[ \t]+)?leads?[ \t]+to"
    r"|(?:chang|amend|revis|updat|correct|fix)(?:e|es|ed|ing)?[ \t]+(?:it[ \t]+|that[ \t]+|this[ \t]+)?to"
    r"|(?:i['’]ll|i[ \t]+will|let['’]s|let[ \t]+us|we['’]ll|we[ \t]+will|i['’]m|we['’]re|i[ \t]+am|we[ \t]+are|i['’]d|we['’]d|i[ \t]+would|we[ \t]+would|i|we)?[ \t]*"
    r"(?:go(?:ing|es)?|went|goin['’]?)[ \t]+(?:with|w/)|(?:i['’]ll|i[ \t]+will|we['’]ll|let['’]s|let[ \t]+us)[ \t]+say"
    r"|settl(?:e|ed|ing)[ \t]+(?:on|for)|lock(?:ed|ing)?[ \t]+in|(?:my|our)[ \t]+(?:final[ \t]+)?(?:pick|choice|call|bet)[ \t]+is"
    r"|not[ \t]+[^,\n]{1,20},[ \t]*but"
    r"|(?:i[ \t]+|we[ \t]+)?(?:pick|choose|chose|select|submit)(?:s|ed|ing)?|(?:2nd|second|third|another|new|next|last)[ \t]+(?:try|attempt|guess)"
    r"|tl;?[ \t]?dr|er+m*|um+|uh+|hmm+|note(?=[ \t]*[:：])|p\.?[ \t]?p\.?[ \t]?s\.?)\b"
    r"|>{1,3}"
    r"|所以|因此|因而|于是|从而|從而|故|即|则|則)"
)
# An option mark that opens a line ("B. ", "(B) ", "C) ", "D: ").
_OPTION_MARK = r"\(?[A-J][).:](?:[ \t]+|$)"
# An assignment's left side: a name, one token ("x", "AB", "x_1", "f(x)", "|AB|",
# "\\overline{AB}", "∠A", "Area"), then "=" or "≈"; or a name of one or two letters
# and a colon ("x: 15").
_NAME_EQ = (
    r"(?:m[ \t]*)?(?:\\(?:angle|measuredangle|triangle|overline)[ \t]*|∠[ \t]*)?[A-Za-z|\\][^\s=:：≈,;→⇒>]{0,19}"
    r"[ \t]*(?:[=≈→⇒]|->|=>)[ \t]*|[A-Za-z]{1,2}(?:_\{?\w{1,4}\}?)?[ \t]*[:：][ \t]*"
)
# One to five words of any script, then a colon, a comma or a dash: a label in any
# language ("Đáp án: ", "答え：", "Svar: ", "Other possible answer: ", "On second thought, ").
# (possessive and bounded runs: a flood of letters is read once, 40 letters at most)
_WORDS_THEN_MARK = r"[^\W\d_]{1,40}+(?:[ \t.]++[^\W\d_]{1,40}+){0,4}\.?[ \t]*(?:[:：,，]|[-–—](?=[ \t]))"
# The words that open a short line before its value, and the mark after them, if any:
# "Die Antwort ist ", "ANSWER ", "Ans. ", "Đáp án: ", "答え：".
_SHORT_HEAD = re.compile(r"((?:[^\W\d_]+\.?[ \t]+){0,4}[^\W\d_]+\.?)[ \t]*([:：,，]|[-–—](?=[ \t]))?[ \t]*")
# A hypothetical or an answer label that closes a sentence ("..., the answer would be 15",
# "..., it would be 15 instead"): the clause after the last comma or semicolon.
_MAX_CLAUSE = 120
_WOULD_BE = re.compile(
    r"(?:(?:it|this|that|which|they|there|the[ \t]+\w{1,20})[ \t]+)?(?:would|could|might|may|will)[ \t]+(?:be|equal|give|become)\b[ \t]*",
    re.IGNORECASE,
)
# "15 instead": the value, with the word that says it replaces the first.
_INSTEAD = re.compile(r"[ \t,]+instead[ \t.!]*$", re.IGNORECASE)
# Formatting around a later value: a colour, a size or a math style ("\\textcolor{red}{15}",
# "{\\Large 15}", "$\\displaystyle 15$"); the value is what it formats.
_STYLE = (r"\\(?:tiny|scriptsize|footnotesize|small|normalsize|large|Large|LARGE|huge|Huge|displaystyle|textstyle"
          r"|scriptstyle|bf|it|rm|sf|tt|bfseries|itshape|boldmath|color[ \t]*\{[^{}\n]{0,30}\})(?![A-Za-z])[ \t]*")
_FORMATTING = re.compile(r"\{[ \t]*(?:" + _STYLE + r")+([^{}\n]{0,200})\}|" + _STYLE
                         + r"|\\(?:textcolor|colorbox)[ \t]*\{[^{}\n]{0,30}\}[ \t]*\{([^{}\n]{0,200})\}")
_COMMENT_MARK = re.compile(r"<!--|-->")
# Another option mark later on an option's line: the options listed, not one restated.
_ANOTHER_OPTION = re.compile(r"(?:^|[ \t,;])\(?[A-J][).:](?:[ \t]|$)")
# A yes / no answer alone on a later line, kept as written ("True" answers a gold "True").
_VERDICT_ALONE = frozenset("yes no true false".split())
# The same in other words and languages, each read as the English one it says.
_YES_NO_WORDS: dict[str, str] = {
    **{word: "yes" for word in "yes yep yeah yup affirmative true ja oui sí si sim да はい 是 是的 对 對 네 예".split()},
    **{word: "no" for word in ("no nope nah negative false nein non não nao нет いいえ 否 不 不是 不对 아니요 아니오 "
                               "✗ ✘ ❌").split()},
    "not at all": "no", "yes and no": "yes and no", "no and yes": "yes and no",
}
# What wraps a yes or a no on its line: brackets, emphasis, closing marks.
_VERDICT_WRAPS = " \t()[]{}*_.!,;:。！"
# An option named by its word, alone on a later line: "Option B", "The choice is (B)".
_OPTION_NAMED = re.compile(r"(?:the[ \t]+)?(?:option|choice|answer|letter)(?:[ \t]+(?:is|would[ \t]+be))?[ \t:]*\(?([A-J])\)?",
                           re.IGNORECASE)


def _verdict(text: str) -> str | None:
    """The yes or no that *text* says alone, in any wrapping and a few languages
    (``**No**``, ``(No)``, ``Nein``, ``not at all``); ``None`` otherwise."""
    if len(text) > 20:
        return None
    word = text.strip(_VERDICT_WRAPS)
    return word if word.lower() in _VERDICT_ALONE else _YES_NO_WORDS.get(word.lower())
# What may open a value ("15", "-15", ".5", "π", "\\frac", "(B)").
_VALUE_START = _SIGN + r"?[ \t]*\.?\d|[π∞√]|\\?(?:[dt]?frac|sqrt|pi|infty)(?![A-Za-z])|[A-J](?![A-Za-z])"
_LABEL_RE = re.compile(_LABEL, re.IGNORECASE)
# (Conclusions may stack: "So, it is 15", "Thus => 15", "I think it's 15".)
_LEAD_IN_RE = re.compile(r"(?:" + _LEAD_IN + r"[ \t,:：]*){1,3}", re.IGNORECASE)
_OPTION_MARK_RE = re.compile(_OPTION_MARK)
_NAME_EQ_RE = re.compile(_NAME_EQ)
# A line that may commit to an answer (`committed` decides), found in one scan: one
# that opens (past its marks and wrappers) with a value, an answer label, a
# conclusion, an option mark, an assignment, a tag, a LaTeX command with its
# argument ("\\text{15}") or an HTML entity ("&nbsp;15"); or one that names an answer
# or holds a box (`_ANSWER_LINE`, `_ANSWER_LABEL` and `box_answer` read those).
LATER_LINE = re.compile(
    r"^[ \t\u00a0\u3000]*+(?:[^\w\n]|_){0,12}(?:" + "|".join(
        [_VALUE_START, _LABEL, _LEAD_IN, _OPTION_MARK, _NAME_EQ, "<", r"[A-Za-z]{1,12}\{",
         r"&(?:#[0-9]{1,7}|[A-Za-z]{2,10});", _WORDS_THEN_MARK, r"(?:yes|no|true|false)[^\w\n]*$",
         # a word or two alone (a yes or a no in other words: "Nein", "not at all"), an
         # option named ("Option B"); `committed` reads them
         r"[^\W\d_]{1,12}(?:[ \t][^\W\d_]{1,12}){0,2}[^\w\n]*$", "[✗✘❌][^\\w\\n]*$", r"(?:the[ \t]+)?(?:option|choice|letter)\b"]) + r").*$"
    r"|^.*(?:answer|\\boxed|\\fbox).*$"
    # a short line that ends on a digit ("Die Antwort ist 15.", "{\\Large 15}", "it would be 15 instead.")
    r"|^.{0,300}\d[^\w\n]{0,12}(?:instead[^\w\n]{0,4})?$"
    # a number in words alone, however wrapped ("fifteen", "(fifteen)", "**Twenty-one.**")
    r"|^[ \t]*+[^\w\n]{0,12}" + RUN_PATTERN + r"[^\w\n]{0,12}$",
    re.IGNORECASE | re.MULTILINE,
)
# "15 is the answer", "B was the right choice", "15 is correct": the value first.
_IS_THE_ANSWER = re.compile(
    r"(.{1,80}?)[ \t]+(?:is|was|would[ \t]+be|should[ \t]+be)[ \t]+(?:the|my|our)[ \t]+"
    r"(?:(?:final|correct|right)[ \t]+)?(?:answer|result|solution|choice|option)\b[ \t.!]*"
    r"|(.{1,80}?)[ \t]+(?:is|was)[ \t]+(?:correct|right|the[ \t]+one)\b[ \t.!]*",
    re.IGNORECASE,
)
# After a label or a conclusion, what names the value before it: "the perimeter is",
# "x =", "3 + 12 =" (up to four tokens, then "is", "equals", "=", "≈" or ":").
_SUBJECT = re.compile(
    r"(?:[^\s=:：≈]{1,30}[ \t]*){0,4}?(?:(?:is|are|was|equals|becomes)\b|[=≈:：])[ \t]*", re.IGNORECASE
)
# A text command's argument, read as plain text ("\\text{Answer: } 15").
_TEXT_COMMAND = re.compile(r"\\(?:text|textbf|textit|textrm|mathrm|mathbf|mathit|mbox)[ \t]*\{([^{}\n]{0,200})\}")
# An HTML-like tag on a later line ("<answer>15</answer>" after the first): its value is read.
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,40}>")
_EQUALS = re.compile("[=≈]")
# A comma or semicolon before a name: several assignments ("x = 3, y = 4"), no one value.
_LIST_OF_NAMES = re.compile(r"[,;][ \t]*[A-Za-z\\]|;")
# A word that labels what follows ("Width: 3"): a line of givens, not a value.
_WORD_LABEL = re.compile(r"[A-Za-z]{2,}[ \t]*[:：]")
_RELATION = re.compile(r"[=<>≤≥≠≈≡]|\\(?:[lg]eq?|[lg]t|neq?|approx|equiv|[lg]eqslant)(?![A-Za-z])")
# What makes a text a value: a digit, a constant or a root, or an option letter alone.
_VALUE_MARK = re.compile(r"\d|[π∞√]|\\(?:[dt]?frac|sqrt|pi|infty)(?![A-Za-z])")
_OPTION_ALONE = re.compile(r"[^\w\\]*[A-J][^\w\\]*")
_WORD2 = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}")
# Words that a value may hold anywhere: function names, and the "and" / "or" of a list
# of values (a list is read whole: it agrees with no single gold).
_MATH_WORDS = frozenset("sin cos tan cot sec csc log ln exp sqrt per or and".split())
# Words that make a text a sentence, not a value with its unit ("3 sides make",
# "15 more than", "3 times 4").
_SENTENCE_WORDS = frozenset(
    "is are was were be been because since so as the an of to than more less not if then when which that this "
    "it we for with by from at in on but times plus minus divided multiplied over into step steps see has have "
    "had make makes made gives give get gets got means mean".split()
)
# Words that make what comes before "is" or "=" a reason or a condition, not the name
# of the value ("because 3 + 4 =", "if x =", "since AB =").
_REASON_WORDS = frozenset(
    "because since as if when whenever where while given from by for with after before than not no step why how "
    "what unless assuming suppose let".split()
)
#: A later line, or an equation chain, longer than this is no answer line (bounded
#: work on a flood; "Final answer: ..." lines are read whatever their length).
_MAX_LINE = 2000
_MAX_CHAIN = 1000
#: A value longer than this is no value alone.
_MAX_VALUE = 200
#: Most words of a unit after a value ("15 square units").
_MAX_UNIT_WORDS = 2
#: Most words after an option mark for the line to restate that option ("B. 15 apples").
_MAX_OPTION_WORDS = 4
_WRAPS = (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]"), ("**", "**"), ("__", "__"), ("`", "`"),
          ("*", "*"))
_CLOSING = " \t.,;:。，；"
# What may wrap a number in words on a line of its own: "(fifteen)", "**Fifteen.**".
_WORD_WRAPS = " \t()[]*_.!,;:"


def _peel(text: str) -> str:
    """*text* without what wraps a value at both ends (``$…$``, ``\\(…\\)``, bold, code)
    and a closing period or comma. Brackets stay (`answers_equivalent` reads them); a
    question mark stays (it doubts the value)."""
    text = text.strip().rstrip(_CLOSING)
    for _ in range(4):
        for opening, closing in _WRAPS:
            if len(text) > len(opening) + len(closing) and text.startswith(opening) and text.endswith(closing):
                text = text[len(opening) : -len(closing)].strip().rstrip(_CLOSING)
                break
        else:
            break
    return text


def _value_like(text: str) -> bool:
    """Whether *text* (peeled) is a value alone: a number, an expression or an option
    letter, with at most a unit after it ("15 cm", "\\frac{1}{2}", "(B)", "3 or 4"), and
    no relation and no sentence ("3 sides make a triangle")."""
    if not text or len(text) > _MAX_VALUE or _RELATION.search(text) or _WORD_LABEL.search(text):
        return False
    if _OPTION_ALONE.fullmatch(text):
        return True
    first = _VALUE_MARK.search(text)
    if first is None:
        return words_value(text.strip(_WORD_WRAPS)) is not None  # a number in words alone: "fifteen", "(fifteen)"
    units = 0
    for m in _WORD2.finditer(text):
        word = m.group().lower()
        if word in _MATH_WORDS:
            continue
        if m.start() < first.start() or word in _SENTENCE_WORDS:
            return False
        units += 1
    return units <= _MAX_UNIT_WORDS


def _last_side(text: str) -> str | None:
    """The value *text* ends on: itself when it is one, else the last side of an
    equation chain whose other sides are math ("3 + 12 = 15" is 15); ``None`` for a
    sentence or several assignments ("3, y = 4")."""
    text = _peel(text)
    if len(text) > _MAX_CHAIN:
        return None
    if _EQUALS.search(text):
        sides = _EQUALS.split(text)
        for side in sides[:-1]:
            if _LIST_OF_NAMES.search(side) or any(m.group().lower() not in _MATH_WORDS for m in _WORD2.finditer(side)):
                return None
        text = _peel(sides[-1])
    return text if _value_like(text) else None


def _introduced_value(text: str) -> str | None:
    """The value that *text*, what follows an answer label or a conclusion, commits to:
    a value alone, or the value after a subject ("the perimeter is 15", "x = 15")."""
    text = _peel(text)
    if _value_like(text):
        return text
    verdict = _verdict(text)
    if verdict is not None and text.strip(_VERDICT_WRAPS).lower() not in ("true", "false"):
        return verdict  # "So, no.", "Real answer: no" ("This is true." judges the answer)
    m = _SUBJECT.match(text)
    if m is None or any(word.lower() in _REASON_WORDS for word in _WORD2.findall(m.group())):
        return None  # a reason, not a subject ("This is because 3 + 4 = 7")
    return _last_side(text[m.end() :])


def _plain_line(line: str) -> str:
    """*line* as a reader sees it: HTML tags and entities, ``\\text{}`` wrappers, list
    and quote marks and what wraps it whole (``$…$``, bold, code) taken off."""
    text = line.strip()
    if "<" in text:
        text = _TAG.sub(" ", _COMMENT_MARK.sub(" ", text)).strip()  # "<!-- 15 -->" says 15
    if "&" in text and ";" in text:
        text = html.unescape(text).strip()  # "&nbsp;15", "&minus;15"
    if "\\" in text and ("\\text" in text or "\\math" in text or "\\mbox" in text):
        text = _TEXT_COMMAND.sub(r"\1", text)
    if "\\" in text:
        text = _FORMATTING.sub(lambda m: m.group(1) or m.group(2) or "", text)
    m = _LINE_MARK.match(text)
    if m is not None:
        text = text[m.end() :]
    if text[:1] == "|":
        text = text.strip("| \t")  # a table row: "| Answer | 15 |"
    return _peel(text)


def _introduced(text: str) -> str | None:
    """The value of *text* when it opens with an answer label or a conclusion, in
    brackets or not ("Result: 15", "So x = 15", "(Answer: 15)", "[Answer] 15");
    ``""`` when it opens with one and commits to no value; ``None`` when it does not."""
    m = _LABEL_RE.match(text) or _LEAD_IN_RE.match(text)
    if m is None and text[:1] in "([" and text[-1:] in ")]":
        text = text[1:-1]
        m = _LABEL_RE.match(text) or _LEAD_IN_RE.match(text)
    if m is None:
        return None
    return _introduced_value(text[m.end() :].lstrip(" \t*_:：")) or ""


def concluded(line: str) -> str | None:
    """The value a line commits to when it opens with an answer label or a conclusion
    ("So 15.", "Hence the result is 15", "Result: 15"); ``None`` for any other line (an
    assignment, a computation, a sentence)."""
    if len(line) > _MAX_LINE:
        return None
    text = _plain_line(line)
    return (_introduced(text) or None) if text else None


def committed(line: str, after_answer: bool = False) -> str | None:
    """The answer a later line of an answer section commits to, or ``None`` for one that
    commits to nothing (a justification, a sentence). A line commits when it is a value
    alone, however wrapped ("(15)", "- 15", "**15**", "15?"), an answer label and its
    value ("Result: 15", "答案：15"), a conclusion that ends on a value ("So 15", "=> 15",
    "Thus x = 15", "It is 15.", "However, 15"), an option restated ("B. 15"), "15 is
    the answer", or an assignment alone ("x = 15", "x = 3 + 12 = 15"). A line *after
    an answer* also commits under a label in words the code need not know, in any
    language ("Vastaus: 15", "Die Antwort ist 15.": `_short_commitment`), and with a
    closing clause that names an answer or a hypothetical value (`_closing_clause`);
    before the answer such lines are givens ("Width: 3")."""
    if len(line) > _MAX_LINE:
        return None  # a flood, no answer line (and bounded work)
    text = _plain_line(line)
    if not text:
        return None
    value = _introduced(text)
    if value is not None:
        return value or (_closing_clause(text) if after_answer else None)
    m = _OPTION_MARK_RE.match(text)
    if m is not None:  # "(B)" alone, or "B. 15": that option
        rest = text[m.end() :]
        if after_answer and _ANOTHER_OPTION.search(rest):
            return text  # "(A) 12 (B) 15 (C) 18": every option restated, a choice of none
        words = rest.split()
        if len(words) > _MAX_OPTION_WORDS or "." in rest[:-1] or any(w.lower() in _SENTENCE_WORDS for w in words):
            return None  # a sentence about the options ("C. The others are larger")
        return text
    if len(text) <= _MAX_VALUE and (m := _IS_THE_ANSWER.fullmatch(text)) is not None:
        value = _peel(m.group(1) or m.group(2))
        return value if _value_like(value) else None
    m = _NAME_EQ_RE.match(text)
    if m is not None:
        return _last_side(text[m.end() :])
    if text[:1] in "([" and text[-1:] in ")]" and (m := _NAME_EQ_RE.match(text, 1)) is not None:
        return _last_side(text[m.end() : -1])  # "(x = 15)"
    if not after_answer:
        return text if _value_like(text) else None
    verdict = _verdict(text)
    if verdict is not None:
        return verdict  # "Yes" then "No", "(No)", "Nein", "not at all": two answers
    option = _OPTION_NAMED.fullmatch(text.strip("*_ \t.!"))
    if option is not None:
        return option.group(1)  # "A" then "Option B", "The choice is B": two answers
    short = _short_commitment(text)  # "Vastaus: 15" is 15, "Die Antwort ist 15." too
    if short is not None:
        return short
    return text if _value_like(text) else _closing_clause(text)


def _short_commitment(text: str) -> str | None:
    """The value a short line commits to under a label in words the code need not know:
    one to five words of any script, then a colon, a comma or a dash and a value
    ("Đáp án: 15", "答え：15", "Svar: B", "On second thought, 15."), or with no mark, words
    that make no English sentence and a number ("Die Antwort ist 15.", "ANSWER 15",
    "Ans. 15"). "The base is 5." is a sentence (its words say so) and commits to nothing."""
    m = _SHORT_HEAD.match(text)
    if m is None or m.end() == len(text):
        return None
    value = _peel(_INSTEAD.sub("", text[m.end() :]))
    if not _value_like(value):
        if m.group(2) is not None and (verdict := _verdict(value)) is not None:
            return verdict  # "On second thought, no"
        # a number in words after a mark: "Vastaus: fifteen"
        return value if m.group(2) is not None and number_word_value(value) != value else None
    if m.group(2) is None:
        words = [w.lower().rstrip(".") for w in m.group(1).split()]
        if (not _VALUE_MARK.match(value) and value[:1] not in "-+") or any(
                w in _SENTENCE_WORDS or w in _REASON_WORDS or w in _MATH_WORDS for w in words):
            return None
    return value


def _closing_clause(text: str) -> str | None:
    """The value that the clause after the last comma of *text* commits to when it
    names an answer or a hypothetical value ("However, if we consider the other
    triangle, the answer would be 15.", "If the figure is not to scale, it would be 15
    instead.")."""
    cut = max(text.rfind(","), text.rfind(";"), text.rfind("，"), text.rfind("；"))
    if cut == -1 or len(text) - cut > _MAX_CLAUSE:
        return None
    clause = text[cut + 1 :].strip()
    head = _LABEL_RE.match(clause) or _WOULD_BE.match(clause)
    if head is None:
        return None
    return _introduced_value(_INSTEAD.sub("", clause[head.end() :])) or None


# Words that judge or point to an answer rather than give one ("The answer is correct",
# "... is consistent with the figure", "Final answer: as above").
_VERDICT_WORDS = frozenset(
    "correct right reasonable consistent verified confirmed plausible valid accurate above below shown given "
    "same unchanged".split()
)
# The first word of a text, past wrappers and an article.
_FIRST_WORD = re.compile(r"[\s$*_(\[{\"'“]*(?:(?:the|a|an)\s+)?([A-Za-z]{2,})\b", re.IGNORECASE)
# Sentence words that may open an answer itself: a negated property ("Not parallel"), a
# bound ("more than 5") or a precision ("more precisely, 12").
_ANSWER_OPENERS = frozenset({"not", "more", "less"})
#: A text after an answer label with more words than this and no value is a sentence.
_MAX_TEXT_WORDS = 6


def labelled_value(value: str) -> str | None:
    """What *value*, the text after "The answer is" / "Answer:", commits to: itself,
    unless it opens with a word that judges, points or explains ("correct", "as
    above", "in square units", "consistent with the figure", "so 15"): then what
    `committed` reads in it (``None`` for "as computed above", 15 for "so 15"); a long
    sentence with no value commits to nothing either."""
    m = _FIRST_WORD.match(value)
    if m is None:  # it opens with a value ("12, not 15") or a mark
        return value
    if contrast_commitment(value) is not None or LETTER_BECAUSE.match(value):
        return value  # "It is 12; 15 is wrong", "A because 12 is largest": the verifier reads it
    first = m.group(1).lower()
    if first in _VERDICT_WORDS:
        return committed(value)
    if first in _SENTENCE_WORDS:
        # "so 15" commits to 15, "in square units" to nothing; "Not parallel" and
        # "more precisely, 12" are the answer itself (the verifier reads their words).
        found = committed(value)
        if found is None and first in _ANSWER_OPENERS:
            return value
        return found if found is not None else _ends_committed(value)
    if not _VALUE_MARK.search(value) and len(_WORD2.findall(value)) > _MAX_TEXT_WORDS:
        return _ends_committed(value)
    return value


# Where a sentence of a labelled answer ends.
_SENTENCE_END = re.compile(r"[.!](?=\s|$)")


def _ends_committed(value: str) -> str | None:
    """*value*, a labelled answer that explains before it commits ("We multiply the
    sides. So the answer is 12."), when its last sentence commits to a value (the
    verifier reads it whole, `equivalence`); else ``None``."""
    if len(value) > _MAX_LINE:
        return None
    body = value.rstrip(" \t.!")
    cut = [m.end() for m in _SENTENCE_END.finditer(body)]
    # (one sentence: its last clause, "At least 12 is needed, and exactly 12 works, so 12")
    last = body[cut[-1] :] if cut else body[max(body.rfind(","), body.rfind(";")) + 1 :]
    return value if last.strip() and committed(last.strip(), after_answer=True) else None



__all__ = ["HIDDEN", "HIDDEN_RUN", "LATER_LINE", "LINE_BREAK", "committed", "concluded", "labelled_value"]
