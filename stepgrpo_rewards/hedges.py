"""The words and marks that hedge, deny, bound, doubt or take back an answer.

A reward is a target: a policy learns to write the gold's value beside words that take
it back ("not 12", "12 or 15", "at least 12", "probably 12", "12 (wrong)", "\\boxed{12}
is wrong", "12 nicht", "12 jk"). These patterns are that vocabulary, in one place and in
several languages, for `equivalence` (a predicted answer against its gold) and its box
and sentence readers. Each is a plain regular expression without nested repetition, so a
long answer costs one linear scan; the large ones are `Vocabulary` objects, whose cheap
word test skips the scan on most answers. No vocabulary is complete, so what may follow a
boxed answer is read the other way round: `neutral_tail` accepts only what is known to say
nothing (units, a reason, a restatement), and anything else voids the box.

Examples:
    >>> context_denies("not ", ""), context_denies("So ", ".")
    (True, False)
    >>> taken_back_later("12 (wrong)"), taken_back_later("12 (not to scale)")
    (True, False)
    >>> neutral_tail(" cm (since 3*4)"), neutral_tail(". No.")
    (True, False)
"""

from __future__ import annotations

import re
import sys

from .mathtext.lookalikes import fold_lookalikes

__all__ = [
    "ALTERNATIVE", "CLAUSE_END", "CLAUSE_SPLIT", "DENIAL_CLAUSE", "GLUED_TO_VALUE", "INEQUALITY", "NEGATION",
    "RETRACTION", "SENTENCE_END", "STRUCK", "UNSURE", "Vocabulary", "context_denies", "has_plus_minus", "neutral_tail",
    "quiet", "reason_doubts", "taken_back_later",
]

_ASCII_WORD = re.compile(r"[a-z]+")


class Vocabulary:
    """A pattern of words and marks, and a cheap test before it: the pattern has many
    alternatives, and trying each at every word of an answer costs microseconds. On
    ASCII text without any of *marks*, no match is possible unless a word of the text
    (a lower-cased run of letters) is one of *keys* or starts with one of *prefixes*:
    each alternative of the pattern holds one such word. The test only skips work;
    `search` answers as the compiled pattern does (a test checks it)."""

    __slots__ = ("_keys", "_mark_chars", "_marks", "_prefixes", "pattern", "regex")

    def __init__(self, pattern: str, keys: str, marks: str = "", prefixes: tuple[str, ...] = ()) -> None:
        self.pattern = pattern
        self.regex = re.compile(pattern, re.IGNORECASE)
        self._keys = frozenset(keys.split())
        self._mark_chars = marks
        self._marks = re.compile("[" + re.escape(marks) + "]") if marks else None
        self._prefixes = prefixes

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if text.isascii() and not (self._marks is not None and self._marks.search(text)):
            words = _ASCII_WORD.findall(text.lower())
            if self._keys.isdisjoint(words) and not (self._prefixes and any(w.startswith(self._prefixes) for w in words)):
                return None
        return self.regex.search(text, pos, endpos)


# Words that offer alternatives whatever spells them: "12 or fifteen", "12 or π" hold
# one number in digits, yet commit to nothing.
ALTERNATIVE = Vocabulary(
    r"\b(?:or|either|otherwise|alternatively|oder|ou|или|либо|veya|atau|hoặc|eller)\b|\\(?:lor|vee)(?![A-Za-z])"
    r"|或|还是|または|또는|أو",
    "or either otherwise alternatively oder ou veya atau eller", marks="\\",
)
UNSURE = Vocabulary(
    r"\b(?:maybe|possibly|probably|perhaps|likely|guess|unsure|not\s+sure|uncertain|cannot\s+(?:tell|determine|be\s+determined)"
    r"|ish|give\s+or\s+take|idk|dunno|not\s+certain|imo|imho|in\s+my\s+opinion"
    r"|I\s+(?:think|believe|suppose|reckon|guess|feel|assume|expect|bet)|if\s+I['’]?m\s+(?:right|correct|not\s+(?:wrong|mistaken))"
    r"|unless\s+I['’]?m\s+(?:wrong|mistaken)"
    # doubt in other words: "might be 12", "presumably 12", "12 iirc", "12 (joke)" (words that an
    # honest reason uses too, "since the ball is drawn at random", "the fake coin", are read
    # by the reason reader, `doubt`)
    r"|(?:might|could)(?:\s+well)?\s+be(?=[ \t$*_{(]*(?:[-+−]?\.?\d|\\boxed|[A-J]\b|$))|presumably|prolly|kinda|sorta"
    r"|arguably|iirc|afaik|debatable|conjectur\w*|unverified|unconfirmed|bogus|jk|joke|joking|kidding|no\s+idea"
    r"|if\s+(?:that['’]?s\s+|this\s+is\s+|it['’]?s\s+)?(?:correct|right)|vielleicht|peut[-\s]être|quizás?|tal\s+vez|talvez|forse|misschien"
    r"|возможно|может\s+быть|наверное|кажется|вероятно|видимо|wahrscheinlich|vermutlich|probablement|probablemente"
    r"|probabilmente|provavelmente|acho|creo|chyba|może|prawdopodobnie|belki|galiba|sanırım|mungkin|có\s+lẽ)\b"
    r"|可能|也许|或许|大概|不确定|吗|吧|たぶん|多分|かも|かな|かね|だろう|でしょう|やろ|아마|[일할을]까|것\s*같|शायद"
    # marks of a question or of doubt in any script: "12‽", "12؟", "¿12", "12❓", "12 🤔"
    r"|[?？‽؟⁇⁈⁉⸮¿﹖︖❓❔🤔🤷]",
    "maybe possibly probably perhaps likely guess unsure sure uncertain tell determine determined ish give idk dunno "
    "certain imo imho opinion think believe suppose reckon feel assume expect bet right correct wrong mistaken "
    "might could presumably prolly kinda sorta arguably iirc afaik debatable unverified unconfirmed bogus jk joke "
    "joking kidding idea if "
    "vielleicht vez talvez forse misschien wahrscheinlich vermutlich probablement probablemente probabilmente "
    "provavelmente acho creo chyba prawdopodobnie belki galiba mungkin",
    prefixes=("conjectur",),
    marks="?",
)

# A negation: "not 5", "x ≠ 5" and "5 is not the answer" deny the value they hold. Only
# the clause that states the value counts, the text before `CLAUSE_END`: a justification
# may deny something else ("x = 3, since x cannot be negative", "12 (not to scale)").
# A value struck out ("\\cancel{12}", "~~12~~", "<s>12</s>") or negated in logic
# ("\\neg 12", "¬12") is denied the same way, and so is one called false.
NEGATION = Vocabulary(
    r"\b(?:not|[A-Za-z]*n['’]t|cannot|never|wrong|incorrect|false|untrue|invalid|impossible"
    r"|mistaken?|erroneous|bogus|hardly|far\s+from|nowhere\s+near|red\s+herring|decoy|distractor|an?\s+(?:trap|lie)|an\s+error"
    r"|neither|nor|none\s+of|no(?=[ \t$*_{(]*(?:[-+−]?\.?\d|$))|(?:ruled|crossed|struck)\s+out|excluded|eliminated|rejected|discarded|disproven|refuted"
    # an exclusion: "anything but 12", "other than 12", "except 12"
    r"|(?:anything|everything|all|any\s+(?:value|number|answer|option|integer))\s+(?:but|except|besides|save)"
    r"|other\s+than|except(?:ing)?|excluding|exclusive\s+of|aside\s+from|apart\s+from|save\s+for|rather\s+than"
    r"|instead\s+of"
    # other languages: "12 nicht", "pas 12", "no es 12", "não é 12", "12 ist falsch", "не 12"
    r"|nicht|kein(?:e[nmrs]?)?|falsch|nein|faux|fausse|pas|non(?![-‐])|falsa|falso|errad[oa]|incorrect[oa]"
    r"|incorret[oa]|sbagliat[oa]|niet|fout|não|nao|no\s+(?:es|son|era|está|esta|será|sera|é)|değil|yanlış|hayır"
    r"|bukan|salah|tidak|không|sai|nej|ikke|inte|fel|nie|nieprawda|błędn\w*|fałsz\w*|не|нет|неверно|неправильно|ошибка"
    r"|неправда|ложно|ложь|όχι|λάθος|δεν|لا|ليس|خطأ|לא|שגוי)\b"
    r"|≠|!=|¬|~~|[≢≁≄≇≉≭✗✘❌❎🚫👎☒⨯🗙🗴🗶\u0335\u0336\u0337\u0338]|不|非|否|错|錯|没|沒|误|誤|いいえ|違|ちが|ではない|じゃない"
    r"|아[니닌닐님닙냐]|않|틀|नहीं|गलत"
    r"|\\(?:neq?|neg|lnot|not|cancel|xcancel|bcancel|cancelto|sout|xout|st)(?![A-Za-z])|<(?:s|del|strike)>",
    "not cannot never wrong incorrect false untrue invalid impossible mistake mistaken erroneous bogus neither nor "
    "hardly far nowhere herring decoy distractor trap lie error "
    "none no ruled crossed struck excluded eliminated rejected discarded disproven refuted but except besides save "
    "other excepting excluding exclusive aside apart rather instead nicht kein keine keinen keinem keiner keines "
    "falsch nein faux fausse pas non falsa falso errado errada incorrecto incorrecta incorreto incorreta sbagliato "
    "sbagliata niet fout nao bukan salah tidak sai nej ikke inte fel nie nieprawda",
    prefixes=("błędn", "fałsz"),
    marks="'!~\\<",
)
# Strike-out markup and logical negation, which deny a letter as much as a number ("~~A~~").
STRUCK = re.compile(
    r"~~|¬|[\u0335\u0336\u0337\u0338]|\\(?:neg|lnot|not|cancel|xcancel|bcancel|cancelto|sout|xout|st)(?![A-Za-z])"
    r"|<(?:s|del|strike)>"
)
# A bound: "x > 12", "at least 12", "12 or more" hold 12 and say the answer is another
# value (or a range); the same bound in the gold is the same answer.
INEQUALITY = Vocabulary(
    # every order relation of Unicode's math blocks ("≯12", "≮12", "≰", "≺", "⪰", "⋗"),
    # and the small and full-width forms and lookalikes of < and > ("﹥12", "˃12")
    r"[<>\u2264-\u227f\u22b0\u22b1\u22d6-\u22e9\u2a79-\u2aa0\u2aaf-\u2aba\ufe64\ufe65\uff1c\uff1e"
    r"\u02c2\u02c3\u02f1\u02f2\u1438\u1433]"
    # angle quotation marks as < and > ("x › 12", "x » 12", "12 ‹ x"), not quoting a value ("‹12›", "«12»")
    r"|[»›](?=[ \t]*[-−+]?\.?\d)|[«‹](?=[ \t]*[-−+]?\.?\d)(?![^«‹»›\n]{0,40}[»›])|(?<=\d)[ \t]*[«‹»›](?=[ \t]*[A-Za-z\\])"
    r"|\\(?:n?(?:[lg]eq?q?|[lg]eqslant|[lg]t|[lg]neq?q?|ll|gg|lll|ggg|less|gtr|nless|ngtr|nleq|ngeq|nleqslant"
    r"|ngeqslant|nleqq|ngeqq|gtrsim|lesssim|gtrapprox|lessapprox|gtrless|lessgtr|lesseqgtr|gtreqless|lesseqqgtr"
    r"|gtreqqless|lessdot|gtrdot|lnsim|gnsim|lnapprox|gnapprox|lvertneqq|gvertneqq|eqslantless|eqslantgtr"
    r"|succ|prec|succeq|preceq|succcurlyeq|preccurlyeq|succsim|precsim|succapprox|precapprox|succneqq|precneqq"
    r"|succnsim|precnsim|succnapprox|precnapprox|curlyeqsucc|curlyeqprec|nsucc|nprec|nsucceq|npreceq)|textless|textgreater"
    r"|lesseqslant|gtreqslant|lessequal|geqslant|apprle|apprge|lesseq|gtreq)(?![A-Za-z])"
    r"|\b(?:almost|nearly|not\s+quite|(?:just\s+)?shy\s+of|short\s+of|upwards\s+of|in\s+excess\s+of|beyond"
    r"|at\s+(?:the\s+(?:very\s+)?|a\s+)?(?:least|most|minimum|maximum|min|max|best|worst)|minimally|maximally"
    # a cap or a floor named: "capped at 12", "tops out at 12", "a ceiling of 12", "within 12"
    r"|cap(?:ped|s|ping)?\s+(?:at|by|of)|(?:tops?|top(?:s|ped|ping)|maxe[sd]|maxing|bottom(?:s|ed|ing)?)\s+out"
    r"|an?\s+(?:ceiling|floor|cap|limit)\s+(?:of|at)|(?:ceiling|floor|limited)\s+(?:at|to)(?=[ \t$]*[-−+]?\.?\d)"
    r"|within(?=[ \t$]*[-−+]?\.?\d)|(?:best|worst)[ \t-]+case"
    r"|(?:more|less|greater|fewer|larger|smaller|bigger|higher|lower)\s+than"
    r"|or\s+(?:more|less|fewer|greater|larger|smaller|higher|lower|above|below|over|under|beyond)"
    r"|and\s+(?:up|upwards?|above|over|more|higher|beyond|below|under|less|lower|down|change|counting)"
    r"|no\s+(?:more|less|fewer)|up\s*to|above|below|under|over|exceeds?|exceeding|atleast|atmost|surpass(?:es|ing)?"
    r"|north\s+of|south\s+of"
    # a bound named as a noun: "a lower bound of 12", "12 is an upper bound", "bounded by 12"
    # ("The upper bound is 12" names the value asked for, as "The maximum is 12" does)
    r"|(?:lower|upper)\s+bounds?\s+of(?=[ \t$]*[-−+]?\.?\d)|(?:is|as|being)\s+an?\s+(?:lower|upper)\s+bound"
    r"|bounded\s+(?:above|below|by)|(?<=[(,])[ \t]*(?:an?[ \t]+|the[ \t]+)?(?:lower|upper)[ \t]+bound"
    r"|(?:lower|upper)[ \t]+(?:bound|limit)s?[ \t]*(?=[-−+]?\.?\d)"
    # other languages: "mindestens 12", "au moins 12", "al menos 12", "не менее 12"
    r"|mindestens|höchstens|wenigstens|mehr\s+als|weniger\s+als|au\s+(?:moins|plus)|plus\s+de|moins\s+de"
    r"|al\s+menos|como\s+(?:mínimo|máximo)|más\s+de|menos\s+de|pelo\s+menos|no\s+(?:mínimo|máximo)|mais\s+de"
    r"|не\s+(?:менее|более|меньше|больше)|больше|меньше|более|менее|свыше|минимум|максимум|über|unter|oltre|almeno"
    r"|al\s+(?:massimo|minimo)|en\s+(?:az|fazla)|ve\s+üzeri|(?:lebih|kurang)\s+dari|paling\s+(?:sedikit|banyak)"
    r"|ít\s+nhất|nhiều\s+nhất|trở\s+lên|tối\s+(?:thiểu|đa)|не\s+(?:ниже|выше)|по\s+крайней\s+мере)\b"
    # a bound by a preposition, only where a value follows it: "от 12" (from 12), "начиная с
    # 12", "до 12", "ab 12", "bis 12", "à partir de 12", "dès 12", "jusqu'à 12", "desde 12",
    # "hasta 12", "a partir de 12", "até 12", "fino a 12", "vanaf 12", "od 12", "starting
    # at 12" ("от", "ab", "da" alone are common words: "Ответ от ученика", "AB = 12")
    r"|(?:\b(?:от|до|начиная\s+(?:[сc]|[сc]о|от)|свыше|(?-i:[Aa]b)|bis|von|à\s+partir\s+d[e']|a\s+partir\s+d[e']|dès|jusqu['’]\s*à"
    r"|desde|hasta|até|fino\s+a|a\s+partire\s+da|da\s+(?=\d)|vanaf|tot|od|starting\s+(?:at|from|with)|from\s+(?=\d+\s*(?:on|onwards?|up)\b)"
    r"|beginning\s+(?:at|with|from))|从|自)(?=[ \t$]*[-−+]?\.?\d)"
    # "max 12", "a minimum of 12": the word right before the number bounds it ("The
    # maximum is 12", "Maximum: 12" name the value asked for)
    r"|\b(?:max(?:imum|imal)?|minimum|minimal)\.?[ \t]*(?:of[ \t]+)?(?=[-−+]?\.?\d|$)|\bmin\.?[ \t]*(?=[-−+]?\.?\d)"
    # "12 maximum", "12 max", "12 plus" (twelve or more), "12 tops"
    r"|(?<=\d)[ \t]*(?:max(?:imum)?|minimum|tops|plus(?=[ \t]*(?:$|[.,;:!)\]])))(?![A-Za-z])"
    # the same after a mark or a unit, ending the answer: "12 (maximum)", "12 (min)", "12, tops",
    # "12 — max", "12 [lower bound]", "12 cm (max)", "12 apples tops" ("12 min" alone is twelve
    # minutes; "12 (the maximum)", "12 (the maximum area)" and "12 is the maximum" name the value)
    # (possessive runs: a flood of blanks is read once)
    r"|(?<=\d)(?:[$}]|\\[)\]])*+(?:[ \t]*+(?!(?:is|are|was|were|be|being|as|at|the|a)\b)[^\W\d_]{1,20}+){0,3}?[ \t]*+"
    r"(?:(?:[,;:(\[{—–-]|\*{1,3}+|_)[ \t]*+(?:a[ \t]++)?(?:min(?:imal)?|plus|best|worst)"
    r"|(?:[,;:(\[{—–-]|\*{1,3}+|_)?+[ \t]*+(?:a[ \t]++)?(?:max(?:imum|imal)?|minimum|tops|cap(?:ped)?"
    r"|(?:lower|upper)[ \t]++(?:bound|limit)|bound))(?:[ \t]++(?:possible|allowed|permitted))?\.?[ \t]*+[!.]?[ \t]*+"
    r"(?:[)\]}]|\*{1,3}+|_)?+[ \t]*+[.!]*+$"
    r"|至少|至多|最多|最少|不少于|不多于|不超过|不低于|不高于|超过|大于|小于|多于|少于|高于|低于"
    # "12以上" (12 or more), "12以下", "12未満", "12超", "12 이상", "12 미만"
    # (right after the number: "以上" alone also means "the above")
    r"|(?<=[0-9])[ \t]*(?:以上|以下|以内|未満|未满|超|を超え|이상|이하|초과|미만|起|から|まで|부터|까지|以降|以后|以後)"
    # "12 onwards", "12 and on", "12'den itibaren"
    r"|(?<=[0-9])[ \t]*(?:onwards?|upwards|['’]?(?:den|dan|ten|tan)[ \t]+itibaren|и\s+(?:выше|более|больше))\b",
    "almost nearly quite shy short upwards excess beyond least most minimum maximum maximal minimal min max than or "
    "and no up above below under over exceed exceeds exceeding atleast atmost surpass surpasses surpassing north "
    "south lower upper bound bounds bounded being mindestens wenigstens als au de menos mais tops plus unter oltre almeno al en ve lebih kurang paling "
    "ab bis von partir desde hasta fino partire da vanaf tot od starting from beginning onward onwards upwards "
    "den dan ten tan itibaren best worst minimally maximally cap capped caps capping top tops topped topping maxes "
    "maxed maxing bottom bottoms bottomed bottoming ceiling floor limit limited within upto textless textgreater "
    "lesseqslant gtreqslant lessequal geqslant apprle apprge lesseq gtreq",
    marks="<>\\",
)
# A retraction in jest: "12 just kidding", "12 (jk)", "12 lol no", "Yes. Psych!". Read
# anywhere in an answer: no answer is a joke.
RETRACTION = Vocabulary(
    r"\b(?:(?:just\s+)?(?:kidding|joking)|jk|j/k|jking|psych|sike|syke|lol|lmao|lmfao|rofl|haha\w*|hehe\w*"
    r"|trolling|trolled|sarcasm|sarcastic(?:ally)?|sarc|(?:not|no)\s+really|nope|nah|nvm|never\s*mind|(?:just\s+|only\s+)?an?\s+joke)\b|(?<!\w)/s\b|😂|🤣|😜|😉|🙃",
    "kidding joking jk jking psych sike syke lol lmao lmfao rofl trolling trolled sarcasm sarcastic sarcastically "
    "sarc really nope nah nvm never "
    "nevermind joke",
    marks="/", prefixes=("haha", "hehe"),
)
_VOCABULARIES = (ALTERNATIVE, UNSURE, NEGATION, INEQUALITY, RETRACTION)
_ALL_KEYS = frozenset().union(*(v._keys for v in _VOCABULARIES))
_ALL_MARKS = re.compile("[" + re.escape("".join(sorted({c for v in _VOCABULARIES for c in v._mark_chars}))) + "]")
_ALL_PREFIXES = tuple(p for v in _VOCABULARIES for p in v._prefixes)


def quiet(text: str) -> bool:
    """Whether no vocabulary here can match *text* (`Vocabulary`'s fast test, once for
    all of them): ASCII, none of their marks, none of their words."""
    if not text.isascii() or _ALL_MARKS.search(text):
        return False
    words = _ASCII_WORD.findall(text.lower())
    return _ALL_KEYS.isdisjoint(words) and not any(w.startswith(_ALL_PREFIXES) for w in words)


# A clause after the one that states the value that takes it back: a denial ("12,
# which is wrong", "12 (wrong)", "12. That's incorrect.") or a retraction ("12. Wait",
# "12 (oops)"). Only a clause that opens with the denial counts: "(C), since (A) is
# wrong" denies another option, and "12 (not to scale)" denies nothing.
DENIAL_CLAUSE = re.compile(
    r"[\W_]*(?:(?:which|that|this|it|but|and|so|no|nope|wait|oops|hmm+|actually|sorry|hold\s+on)\b[\s,.!]*)*"
    r"(?:(?:is|was|'s|’s|seems|looks|would\s+be|might\s+be|could\s+be)\s+)?"
    r"(?:(?:totally|completely|clearly|probably|definitely)\s+)?"
    r"(?:wrong|incorrect|false|untrue|mistaken|invalid|a\s+mistake|an\s+error"
    r"|not\s+(?:right|correct|true|it|the\s+(?:right\s+|correct\s+)?answer|really|quite|exactly|necessarily|at\s+all"
    r"|so\s+sure|sure|likely)|off(?:\s+by\b[^\n]{0,40})?)\b"
    # a cross alone in brackets marks the value wrong: "12 (X)", "12 [✗]" ("(x, y)" is a pair)
    r"|[ \t]*[Xx×✗✘❌][ \t]*[)\]][\W_]*$"
    r"|[\W_]*(?:wait|oops|scratch\s+that|hold\s+on|my\s+(?:bad|mistake)|I\s+made\s+a\s+mistake"
    r"|let\s+me\s+(?:re-?)?(?:check|think|calculate|compute|reconsider|verify)|re-?check)\b"
    r"|[\W_]*(?:no|nope|nah|nein|non|não|nao|нет|no\s+way|never|not\s+at\s+all|nicht|falsch|faux)[\W_]*$"
    # "no wait", "no, actually": the other word, then a retraction
    r"|[\W_]*(?:no|nope|nah)[\s,.!—–-]+(?:wait|actually|sorry|oops|hmm+|hold\s+on|scratch\s+that)\b"
    r"|[\W_]*(?:不|否|错|錯|不是|不对|いいえ|아니)[\W_]*$"
    r"|[\W_]*" + RETRACTION.pattern,
    re.IGNORECASE,
)
CLAUSE_SPLIT = re.compile(r"[,;(\[!。；，！（\n]|\.(?![0-9])|[ \t][-–—]{1,2}[ \t]|\b(?:since|because|though|although|but)\b",
                          re.IGNORECASE)
#: Clauses of an answer read for a denial (a long answer past them is cut).
MAX_CLAUSES = 12


# "not" standing alone after the answer: "12 (not)", "12, not!".
NOT_ALONE = re.compile(r"[,;(][ \t]*not[ \t]*[)!.]*[ \t]*$|\([ \t]*not[ \t]*\)", re.IGNORECASE)


def taken_back_later(pred: str) -> bool:
    """Whether a clause of *pred* after its first denies or retracts it
    (`DENIAL_CLAUSE`): "12, which is wrong", "12 (wrong)", "12. Wait, 15"."""
    if len(pred) > 2000:
        return False
    clauses = CLAUSE_SPLIT.split(pred, maxsplit=MAX_CLAUSES)[1:]
    if NOT_ALONE.search(pred):
        return True  # "12 (not)", "12, not!" (while "(C), not (A)" denies A)
    return any(DENIAL_CLAUSE.match(clause) for clause in clauses)


# Where a sentence ends, for the context of a boxed answer.
SENTENCE_END = re.compile(r"[.!。；](?=\$?(?:\s|$))|\n")
CLAUSE_END = re.compile(r"[,;(，；、（]|\b(?:since|because|as|though|although|given)\b|所以|因此|因为|由于", re.IGNORECASE)

# "±5" and "x = \\pm 5" name two values; a gold without a plus-minus holds one.
PLUS_MINUS = ("±", "∓", "\\pm", "\\mp")

def context_denies(head: str, tail: str) -> bool:
    """Whether the text before a boxed answer (*head*) or after it (*tail*) hedges,
    denies, bounds or doubts it: the clause next to the box for a negation or a
    bound ("not \\boxed{12}", "\\boxed{15} is wrong", "at least \\boxed{12}"), its
    sentence for doubt and alternatives ("\\boxed{12} (not sure)", "\\boxed{12}?")."""
    # (Read near the box only: a longer tail voids the box anyway, `neutral_tail`.)
    head_sentence = SENTENCE_END.split(head[-MAX_TAIL:])[-1]
    tail_sentence = SENTENCE_END.split(tail[:MAX_TAIL], 1)[0]
    head_clause = CLAUSE_END.split(head_sentence)[-1]
    tail_clause = CLAUSE_END.split(tail_sentence, 1)[0]
    # (the value stands in for the box, "1", where a bound word needs one beside it: "от
    # \\boxed{12}" is "от 1", "\\boxed{12}起" is "1起")
    for sentence, clause, with_value in ((head_sentence, head_clause, head_clause + "1"),
                                         (tail_sentence, tail_clause, "1" + tail_clause)):
        if quiet(sentence):
            continue
        if UNSURE.search(sentence) or ALTERNATIVE.search(sentence) or RETRACTION.search(sentence):
            return True
        if NEGATION.search(clause) or INEQUALITY.search(with_value) or has_plus_minus(clause):
            return True
    return False

PLUS_MINUS_SIGN = re.compile(r"[±∓]|\\(?:pm|mp)(?![A-Za-z])")


def has_plus_minus(text: str) -> bool:
    """Whether *text* writes a plus-minus (``\\pmod`` is no plus-minus)."""
    return any(sign in text for sign in PLUS_MINUS) and PLUS_MINUS_SIGN.search(text) is not None


# ------------------------------------------------------------------ after a boxed answer
#
# A box holds the answer only when what follows it on its line says nothing more: a
# policy rewarded for "\\boxed{12}" would learn "\\boxed{12}. No.", "\\boxed{12} (jk)",
# "\\boxed{12} nicht", "\\boxed{12}0". No list of denials in every language can be
# complete, so the rule is the other way round: the text after the box must be made of
# what is known to say nothing, and anything else voids the box. Known to say nothing:
# closing marks and spacing, a unit or a noun ("cm", "square units", "apples", "个"),
# a restatement ("is the final answer"), a justification ("(since 3*4)", ", because
# ...", ". This is the area."), a closing period.

#: Tails longer than this are not read (the box is then void).
MAX_TAIL = 4000
# LaTeX that holds words after an answer (a unit, a remark): read as those words.
_TAIL_TEXT = re.compile(
    r"\\(?:text|textrm|textnormal|textup|textit|textbf|textsf|mathrm|mathit|mathbf|mathsf|mbox|hbox|operatorname"
    r"|rm|emph|unit|si)\s*\{([^{}]*)\}"
)
# What shows nothing or closes the answer's math: dollars, the closing \\) or \\], LaTeX
# spacing, a line break, an environment's end, bold and emphasis marks, alignment, a
# proof's end, a closing tag, a modulus ("\\boxed{1} \\pmod{11}").
_TAIL_NOISE = re.compile(
    r"\$|\\[)\]]|\\[,;:! ]|\\(?:q?quad|nonumber|notag|qed|blacksquare|square|Box|displaystyle|hfill)(?![A-Za-z])"
    r"|\\right\s*[).\]|]?|^[)\]}]+"
    # (a check mark approves the answer: "\\boxed{12} ✓", "\\boxed{12} ✅"; a cross denies it)
    r"|\\\\|\\end\s*\{[^{}]*\}|\\[pb]?mod\s*\{[^{}]*\}|\*{2,}|_{2,}|[*_](?=\s|$)|~|&|[∎□■✓✔✅☑🗸👍\u00a0\u2009\u202f\u3000]"
    r"|</\w{1,12}>"
)
# What glued to a box makes its value another: a digit, a decimal point or comma before
# a digit, a power, a subscript (a base), a prime, a factorial, a product or a group.
GLUED_TO_VALUE = re.compile(r"\$?(?:[0-9]|[.,][0-9]|\^(?!\s*\{?\s*\\circ)|['′″’!]|[(\[](?=\s*[-+−0-9])|_(?!_)|\*(?!\*))")
# One unit or noun after a value, with the spacing before it: a word (a power allowed:
# "cm^2"), Chinese measure words, degrees; "/" may join two ("km/h").
_UNIT = re.compile(
    r"\s*(?:[/:]\s*)?(?:[A-Za-zµμΩ]+(?:['’][A-Za-z]+)?(?:\s*\^\s*\{?-?[0-9]\}?|[²³])?|[\u4e00-\u9fff]+"
    r"|(?:°|º|\\circ|\^\s*\{?\s*\\circ\s*\}?|\\degree)(?:\s*[CF](?![A-Za-z]))?)"
)
#: Units and nouns read after a value at most (a longer run is a sentence).
_MAX_UNITS = 5
_RUN_WORD = re.compile(r"[A-Za-zµμΩ]+(?:['’][A-Za-z]+)?|[\u4e00-\u9fff]+")
# Unit words of three letters or fewer (longer words are any word that says nothing).
_SHORT_UNITS = frozenset(
    "mm cm dm km nm um μm µm in ft yd mi mg g kg lb lbs oz ml cl dl l hr hrs h min s ms ns sec cal kj kw kwh hz khz "
    "mhz ghz pa kpa mph kph kmh rad deg sq cu day yr yrs mol ton cup pt qt gal usd eur cny rmb gbp jpy per cm2 m2 "
    "mv ma old".split()
)
# Longer unit names, and the few words a parenthesis after a value may hold alone: a
# remark in parentheses or a short sentence is read against these only ("(cm)",
# "(exact)"), not against any noun ("(typo)", "(lol)" say something).
_KNOWN_WORDS = frozenset(
    "meter meters metre metres centimeter centimeters centimetre centimetres millimeter millimeters kilometer "
    "kilometers inch inches foot feet yard yards mile miles gram grams kilogram kilograms pound pounds ounce ounces "
    "liter liters litre litres milliliter milliliters second seconds minute minutes hour hours days week weeks "
    "month months year years degree degrees radian radians dollar dollars cent cents euro euros yuan units unit "
    "square squared cubic cubed exact exactly rounded estimate estimated total overall answer final result "
    "celsius fahrenheit kelvin percent".split()
)
# One-letter units, case and all: metre, second, gram, hour, litre, newton, joule, watt,
# volt, ohm (a "k", a "K" or an "M" scales, an "x" is a name, an "A" may be an option).
_ONE_LETTER_UNITS = frozenset("m s g h l L N J W V Ω".split())
# Words of four letters or more that are no unit or noun: they take a part in a
# sentence (a restatement is read by `_RESTATE`, a reason by `_JUSTIFICATION`).
_NOT_NOUNS = frozenset(
    "this that these those which what when where there here just only also very really quite some none every each "
    "would should could will shall might must have does done been were they them their your with from into than "
    "then upon onto about around sure true false else over under above below joke joking fake lies lying error "
    "errors oops whoops fail fails failed bogus nonsense garbage irony ironic sarcasm sarcastic retract retracted "
    "withdrawn withdraw reject rejected scratch ignore ignored delete deleted cancel cancelled strike struck doubt "
    "doubtful dubious unlikely approximate rough roughly thousand thousands million millions billion billions "
    "trillion trillions hundred hundreds dozen dozens gross lakh crore score scores since because given using "
    "whereas according assuming after namely note rounded rounding computed calculated obtained found derived "
    "checked verified modulo approx approximately percent percentage negative negatory upward upwards downward "
    "downwards tops typo typos gotcha fools fool fooled prank pranked bluff bluffing lied kidding joking jest "
    "jesting wrong nope".split()
)
# A restatement after the value: "\\boxed{12} is the final answer", "... in total". (Only
# as a whole clause: "is the answer to a different question" says more, `neutral_tail`.)
_RESTATE = re.compile(
    r"\s*(?:(?:is|are|was|as|would\s+be|will\s+be)\s+(?:(?:the|our|my)\s+)?(?:(?:final|correct|right|required"
    r"|desired|exact|requested)\s+)?(?:answer|result|solution|value)(?:\s+(?:to|for|of)\s+(?:the|this)\s+"
    r"(?:problem|question|exercise))?|(?:is|are)\s+(?:correct|right|left|needed|required)"
    r"|in\s+total|in\s+all|altogether|not\s+(?:drawn\s+)?to\s+scale)\b",
    re.IGNORECASE,
)
# A reason or an aside that opens a clause, a parenthesis or a sentence after the value:
# the rest may say anything of the figure ("(since A is wrong)", ", as x cannot be 0").
_JUSTIFICATION = re.compile(
    r"\s*(?:since|because|as|given|by|using|via|whereas|assuming"
    r"|i\.?e\.?|e\.?g\.?|namely|note|see|cf|rounded|rounding|to\s+the\s+nearest|mod|modulo|approx(?:imately)?"
    r"|computed|calculated|obtained|found|derived|checked|verified)\b",
    re.IGNORECASE,
)
# A reason after the value may say anything of the figure, never of the value itself:
# one that calls the value unknown, made up or chosen at whim, that points back at it
# and denies it ("since it is wrong", "because the answer is from another problem"), or
# that doubts or jokes in any later sentence, takes it back ("\\boxed{12} since the real
# one is unknown", "\\boxed{12} because I like it"). Read only after a reason word, so
# the vocabulary may hold words that a reason about the figure never needs.
_REASON_DOUBT = re.compile(
    r"\b(?:(?:real|actual|true|correct|right)\s+(?:answer|one|value|result)\b[^.;\n]{0,30}?\b(?:different|differs|else"
    r"|elsewhere|another|other|hidden|secret|unknown|unclear)"
    # (of the value, not of a figure: "since the height is not given" is a reason)
    r"|(?:it|this|that|which|(?:the|its|this|that|my|our)\s+(?:\w+\s+)?(?:answer|value|result|one|number|solution|outcome"
    r"|quantity|figure))\s+(?:(?:is|are|was|remains?|stays?|being)\s+(?:still\s+|truly\s+|actually\s+|simply\s+)?(?:unknown"
    r"|unknowable|unclear|undetermined|indeterminate|undecidable|uncertain|a\s+mystery)|(?:is|are|was|were|remains?)"
    r"(?:\s+not|n['’]t)\s+(?:known|determined|determinable|given|clear|computable|calculable|knowable))"
    r"|unknowable|(?:can(?:not|['’]t)|could\s*(?:not|n['’]t)|impossible\s+to|no\s+way\s+to)\s+(?:be\s+)?(?:know|known"
    r"|determined?|tell|say|told|found|find|computed?|calculated?|solved?|sure)|no\s+way\s+of\s+knowing"
    r"|(?:nobody|no\s+one|god|who)\s+knows|no\s+(?:idea|clue)|(?:don['’]?t|do\s+not|didn['’]?t|did\s+not)\s+know"
    r"|(?:not|in)\s*(?:enough|sufficient)\s+(?:info|information|data)|insufficient\s+(?:info|information|data|evidence)"
    r"|(?:info|information|data|evidence)\s+(?:is|are|was|were)\s+insufficient(?!\s+(?:for|to)\b)"
    r"|made\s+(?:\w+\s+){1,2}up\b|made\s+up(?!\s+(?:of|the|a|an)\b)|made-up"
    r"|out\s+of\s+thin\s+air|I\s+(?:\w+\s+)?(?:(?:like|liked|love|loved|prefer|picked|chose|wanted|decided)"
    # (a choice of method or of a root is no whim: "since I chose the positive root", "I like to check")
    r"(?!\s+(?:the|a|an|to)\s+(?!(?:number|value|answer|one|result|figure|guess|random|look|sound|feel|go|pick|choose"
    r"|say|put|write|answer|it|this|that|use\s+(?:it|this|that))\b)[a-z])|said\s+so|invented"
    r"|was\s+told(?:\s+so)?)|(?:it|this|that|the\s+(?:answer|value|result|number))(?:['’]s|\s+is|\s+was)\s+(?:just\s+|only\s+"
    r"|simply\s+|completely\s+|totally\s+)?(?:an?\s+)?(?:arbitrary(?!\s+(?:which|whether|how|what)\b)"
    r"|random(?!\s+(?:variables?|walks?|samples?|process|points?|events?|experiments?|draws?|selection|trials?)\b)"
    r"|nonsense|meaningless|placeholder|made[\s-]up(?!\s+of\b)|joke|number(?=[ \t]*(?:[.,;:!?)]|$))|whim)|nonsense|meaningless"
    r"|placeholder|horoscope|rhymes?|fe(?:el|els|lt)\s+right"
    r"|(?:my|our|a)\s+(?:lucky|favou?rite|magic(?=[ \t]*(?:number|value|answer|one|figure|[.,;:!?)]|$)))|lucky\s+number"
    r"|hunch|gut\s+feeling|vibes|intuition|instinct|just\s+because|for\s+(?:no\s+reason|fun)|no\s+reason(?!\s+to\b)"
    r"|why\s+not(?=[ \t]*(?:[.,;:!?)]|$))|random\s+guess|at\s+whim)\b",
    re.IGNORECASE,
)
# More of the same class: a guess or a chance choice of the value ("since I'm guessing",
# "because I flipped a coin", "since it was chosen at random"), an impression ("since it
# seems right"), hearsay and memory ("because my friend told me", "since I looked it up"),
# what is usual or what a grader likes, the value called fake or a lie, a problem with no
# answer or the wrong problem, a fault in the writer's own work ("since my calculation
# was wrong", "since I didn't check it"), and a jest after it ("Or not.", "(not!)").
_REASON_DOUBT_MORE = re.compile(
    r"\b(?:(?:I['’]m|I\s+am|I\s+was|we['’]re|we\s+are)\s+(?:just\s+|only\s+)?guessing|(?:I|we)\s+(?:just\s+|only\s+)?guessed"
    r"|guesswork|(?:it|this|that)(?:['’]s|\s+is|\s+was)\s+(?:just\s+|only\s+|simply\s+|merely\s+)?(?:an?\s+)?(?:\w+\s+)?guess"
    r"|(?:it|this|that|I|we)\s+(?:was\s+|is\s+)?(?:randomly|arbitrarily)\s+(?:chosen|picked|selected|chose)"
    r"|(?:it|this|that)\s+(?:was|is)\s+(?:chosen|picked|selected)\s+(?:at\s+random|randomly|arbitrarily)"
    r"|(?:chose|picked|selected)\s+(?:it|this|that)\s+(?:at\s+random|randomly|arbitrarily)"
    r"|(?:I|we)\s+(?:just\s+)?(?:flipped|tossed|rolled|spun)\s+(?:a|the)\s+(?:coin|die|dice|wheel)"
    r"|(?:coin|dice|die)\s+(?:flip\s+|toss\s+|roll\s+)?(?:said|says|told|decided|chose|picked)"
    r"|(?:seems?|seemed|looks?|looked|sounds?|sounded|feels?|felt)\s+(?:\w+\s+)?(?:right|correct|good|fine|plausible"
    r"|reasonable|ok(?:ay)?|true)(?![\w-])|(?:I|we)\s+(?:have|had)\s+a\s+(?:\w+\s+)?feeling|I\s+feel\s+like\s+it"
    r"|I\s+(?:just\s+)?want(?:ed)?\s+(?:it|this|that)\b|I\s+(?:wish|hope|believe|think|suppose|reckon|bet)\b"
    r"|dream(?:s|t|ed|ing)?|(?:told|tells)\s+me|(?:someone|somebody|internet|google|chatgpt|gpt|gut|heart)\s+(?:says"
    r"|said|told)|I\s+(?:\w+\s+)?(?:copied|memori[sz]ed|remember(?:ed)?)(?:\s+(?:it|this|that|the\s+(?:answer|value"
    r"|result|number))\b|(?=[ \t]*(?:[.!?)]|$)))"
    r"|looked\s+(?:it|this|that)\s+up|(?:usual|common|typical|popular|default)\s+answer|always\s+the\s+answer"
    r"|answers?\s+(?:is|are)\s+(?:usually|always|often|typically)|grader|reward\s+model|rubric|verifier|evaluator"
    r"|(?:might|may|could)\s+(?:well\s+)?be\s+(?:right|correct|true|it)\b"
    r"|(?:it|this|that|(?:the|this|that|my|our)\s+(?:answer|value|result|number))(?:['’]s|\s+is|\s+was)\s+(?:just\s+"
    r"|only\s+|simply\s+|merely\s+)?(?:an?\s+)?(?:rough\s+)?(?:estimate|approximation|ballpark|fake|bogus|gibberish"
    r"|garbage|filler|fabricated|fictional|fictitious|lie|dummy|default|not\s+real)\b"
    r"|(?:approximately|roughly|about|more\s+or\s+less)\s+(?:right|correct)|I['’]m\s+lying|I\s+am\s+lying|I\s+lied"
    r"|unsolvable|insoluble|ill[\s-]posed|ambiguous|underdetermined"
    r"|(?:has|have)\s+no\s+(?:answer|solution)|no\s+(?:answer|solution)\s+exists"
    r"|(?:there\s+is|there['’]s)\s+no\s+(?:answer|solution)(?=[ \t]*(?:[.,;!)]|$))"
    r"|belongs\s+to\s+(?:another|a\s+different|the\s+next|the\s+previous)|(?:is|was)\s+for\s+(?:another|a\s+different"
    r"|problem|question|exercise)\b|wrong\s+(?:problem|question)|misread|misunderstood|misinterpreted"
    r"|(?:(?:my|our)\s+(?:\w+\s+)?(?:work|calculations?|computations?|steps?|reasoning|solution|derivation|math"
    r"|arithmetic)|the\s+(?:work|calculations?|computations?|steps?|reasoning|derivation)\s+above)\s+(?:is|are|was|were|may\s+be|might\s+be)\s+(?:\w+\s+)?(?:wrong|flawed|incorrect"
    r"|invalid|mistaken|erroneous|unreliable|bogus)|(?:I|we)\s+(?:\w+\s+)?made\s+(?:an?\s+|some\s+)?(?:(?!no\b)\w+\s+)?"
    r"(?:errors?|mistakes?|blunders?|typos?)|(?:an?\s+)?(?:error|mistake)\s+(?:above|somewhere|earlier)"
    r"|(?:I|we)\s+(?:did\s*n['’]?t|did\s+not|never|have\s*n['’]?t|have\s+not)\s+(?:\w+\s+)?(?:check|verify|compute"
    r"|calculate|solve|work|do)|(?:I|we)\s+skipped|(?:(?<=[.!?;,\n])|(?<=[.!?;,]\s))or\s+not(?=[ \t]*(?:[.!?)]|$))|not!)"
    r"|[🤷ツ]|^[\s:,]*(?:of\s+)?(?:reasons|unknown|unclear|nothing|none)(?=[ \t]*(?:[.!?)]|$))",
    re.IGNORECASE,
)
_REASON_DOUBT_KEYS = frozenset(
    "real actual true unknown unknowable unclear undetermined indeterminate undecidable uncertain mystery known "
    "determined determinable given clear cannot can't can’t could impossible way knows idea clue know enough "
    "sufficient insufficient made up thin like liked love loved prefer picked chose wanted decided said lucky "
    "favorite favourite magic hunch gut vibes intuition instinct because reason fun why random whim answer "
    "error off mistake wait oops scratch hold let recheck sorry bad it this that arbitrary nonsense meaningless "
    "placeholder horoscope rhyme rhymes feel feels felt guessing guessed guesswork guess coin dice die seems seem "
    "seemed looks look looked sounds sound sounded right want wish hope believe think suppose reckon bet dream dreams "
    "dreamt dreamed dreaming told tells says someone somebody internet google chatgpt gpt friend teacher everyone "
    "people heart mom dad copied remember remembered memorized memorised usual common typical popular default always "
    "usually often typically grader reward rubric verifier evaluator might may estimate approximation ballpark fake "
    "bogus gibberish garbage filler fabricated fictional fictitious lie dummy approximately roughly lying lied isn't "
    "isn’t aren't wasn't weren't computable calculable reasons unsolvable insoluble ill posed ambiguous "
    "underdetermined no belongs wrong misread misunderstood misinterpreted work calculation calculations "
    "computation computations steps reasoning solution derivation math arithmetic errors mistakes blunders typos "
    "didn't didnt never haven't skipped not".split()
)
_REASON_WORDS = re.compile(r"[a-z]+(?:['’]t)?")
# A line break in a reason, with the marks that open the next line (a quote, a bullet,
# emphasis, a tag, a text command): the reason reads on past them.
_LINE_GOES_ON = re.compile(
    r"[\n\r](?:[\s>*_~•+#$(\[–—-]|</?[A-Za-z]{1,8}[ \t]{0,3}/?>"
    r"|\\(?:text|textit|textbf|textrm|textsf|emph|mathrm|mbox)[ \t]{0,3}\{)*"
)
# A line of its own, after a line of the reason, that signs off ("I hope it is correct.",
# a template's closing line, "I hope this helps!", "I think that's all."): said of the
# reply, not of the value.
_SIGN_OFF = re.compile(
    r"(\S[ \t]{0,8}\n)(?:I\s+hope\s+(?:this|that|it)\s+(?:helps|helped|is\s+(?:correct|right|clear|helpful))"
    r"|I\s+think\s+(?:that(?:['’]s|\s+is)\s+(?:all|it)|we(?:['’]re|\s+are)\s+done))[ \t.!]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _reason_doubts(reason: str) -> bool:
    """Whether *reason*, what follows a reason word after the value ("since ...",
    "(because ...)"), takes the value back (see `_REASON_DOUBT`): doubt, jest or a
    retraction anywhere in it, words that call the value unknown or chosen at whim, or
    a clause that points back at the value and denies it or sends it elsewhere."""
    reason = reason[:MAX_TAIL]
    if "\n" in reason or "\r" in reason:
        reason = _LINE_GOES_ON.sub("\n", reason)  # "the real one" / "> *is unknown*": the marks dropped
        if "I" in reason:
            reason = _SIGN_OFF.sub(r"\1", reason)  # "I hope this helps!" on a line of its own
    if not reason.isascii():
        reason = fold_lookalikes(reason)  # "unknоwn" with a Cyrillic o
    if quiet(reason):
        words = _REASON_WORDS.findall(reason.lower())
        if _REASON_DOUBT_KEYS.isdisjoint(words) and "i" not in words:
            return False  # (the common case: "since 3 x 4 = 12", "because the area is 12 cm^2")
    elif UNSURE.search(reason) or RETRACTION.search(reason):
        return True
    if _REASON_DOUBT.search(reason) or _REASON_DOUBT_MORE.search(reason):
        return True
    for clause in CLAUSE_SPLIT.split(reason, maxsplit=MAX_CLAUSES):
        pointer = _POINTER.match(clause)
        if DENIAL_CLAUSE.match(clause, pointer.end() if pointer is not None else 0):
            return True  # "since it is wrong", "because that's not the answer"
    return _ANSWER_ELSEWHERE.search(reason) is not None  # "because the answer is from another problem"


#: The reader of a reason after an answer, for every wrapping (`doubt`).
reason_doubts = _reason_doubts


# A reason that sends the answer elsewhere: "since the answer is for a different question".
_ANSWER_ELSEWHERE = re.compile(
    r"\b(?:the|this|that|my|our)\s+answer\b[^.;\n]{0,40}?\b(?:different|another|other|previous|earlier|old|fake"
    r"|alternative|hypothetical|imaginary|elsewhere)\b",
    re.IGNORECASE,
)


# ---- what a clause or sentence after the value may say of it
#
# The text after a box may describe its value (a unit, what it counts or measures, a
# reason, a restatement) but never judge it: no vocabulary of judgments ("a lie", "what
# a fool would say", "the answer to a different question", "tempting") can be complete,
# so a clause whose subject is the value, the box itself or a word that points back at
# it ("This", "which", "The answer"), is read against the few things a description says:
# a restatement, "is correct", a value (read by `cleaning`'s check that it agrees), or
# "is the <quantity> ..." ("is the area of the triangle", "This is the number of ways").
# A phrase after the value that places it ("at the end of the 5-year period", "for $B$")
# must measure something (a digit, math, a unit); a sentence that does not point back
# must open as prose does ("We", "Hope", "So") and is read for denials.
_POINTER = re.compile(
    r"\s*(?:(?:this|that|the)\s+(?:answer|result|value|number|box|boxed\s+\w+|above|former|latter)"
    r"|which|that|this|it|these|those)\b(?:['’]s\b)?",
    re.IGNORECASE,
)
# A subject that turns the value around: "The opposite is true.", "The reverse holds."
_TURNED = re.compile(r"\s*(?:the\s+)?(?:opposite|reverse|converse|contrary|inverse|negation)\b", re.IGNORECASE)
_COPULA = r"(?:is|are|was|were|would\s+be|will\s+be|should\s+be|must\s+be|represents?|denotes?|gives?|equals?|means)"
# What a description of the value says after its subject: "is correct", "matches the
# choices", "is the smallest such number", "is the area of the triangle", "is 3 times 4".
_DESCRIBES = re.compile(
    r"\s*(?:(?:['’]s|" + _COPULA + r")\s+(?:correct|right|exact|true|consistent|reasonable|valid)\b"
    r"|(?:matches|agrees|fits|satisfies|checks\s+out|makes\s+sense|works|holds)\b"
    r"|(?:['’]s|" + _COPULA + r")\s+(?:(?:the|our|my|a|an)\s+)?(?:[A-Za-z-]+\s+){0,3}?"
    r"(?:number|numbers|count|total|sum|product|quotient|difference|area|perimeter|circumference|volume"
    r"|length|width|height|depth|radius|diameter|distance|time|speed|velocity|rate|cost|price|amount|value"
    r"|values|probability|ratio|percentage|mass|weight|angle|measure|score|age|mean|average|median|mode"
    r"|remainder|digit|digits|term|coefficient|root|roots|solutions|integer|factor|divisor|multiple|slope"
    r"|coordinate|side|sides|ways|outcomes|combinations|arrangements|units|degrees|total|share|profit"
    r"|income|balance|population|size|capacity|temperature|frequency|period|year|years|day|days|hours|minutes)\b)",
    re.IGNORECASE,
)
# A description that states a value ("This is 3 times 4.", ", which is 12"): read, in a
# sentence or clause of its own, by `cleaning`'s check that it agrees with the box.
_DESCRIBES_VALUE = re.compile(r"\s*(?:['’]s|" + _COPULA + r")\s+(?=[^.!。]{0,200}?[\d$\\])", re.IGNORECASE)
# A phrase that places the value, glued to it or to its unit: "at the end of the year",
# "for $B$", "after 5 years", "per hour", "in cm", "to arrange the books".
_PLACES = re.compile(
    r"\s*(?:at|in|on|after|before|during|within|per|each|every|for|from|with|where|when|over|to|of|left|remaining)\b",
    re.IGNORECASE,
)
# What a placing phrase must hold to measure something: a digit, math, a unit word.
_MEASURE_WORD = re.compile(r"[\d$\\]|\b(?:year|years|month|months|week|weeks|day|days|hour|hours|minute|minutes"
                           r"|second|seconds|total|all|each|every|cm|m|km|kg|g|units?|period|end|start|step)\b",
                           re.IGNORECASE)
# Words that send the value elsewhere: to another question, a naive reading, a condition
# (read where a clause speaks of the value: "is the number from the previous problem").
_ELSEWHERE = re.compile(
    r"\b(?:different|another|other|previous|earlier|old|older|naive|trick|tricky|fake|alternative|alternate"
    r"|hypothetical|imaginary|opposite|reverse|mistakenly|supposedly|allegedly|if|differs?)\b",
    re.IGNORECASE,
)
# Words that call the value a fiction, wherever they stand after it: "We know this is a lie.",
# "A fool would say this.", "We made that up.", "Then again, who knows."
_FICTION = re.compile(
    r"\b(?:nobody|no\s+one|noone|nowhere|fool|fools|lie|lies|lied|bait|decoy|trap|herring|placeholder|fiction"
    r"|fictional|universe|joke|tempting|pretend|pretending|dream|dreams|reject|who\s+knows|made\s+(?:that|this|it)\s+up"
    r"|made-up|invented|(?:real|actual|true)\s+(?:answer|one|value))\b",
    re.IGNORECASE,
)
# How a sentence after the value may open when it does not point back at it.
_PROSE_OPENER = re.compile(
    r"\s*(?:we|i|our|they|hope|final|finally|answer|so|thus|hence|therefore|then|now|also|note|here|there"
    r"|to|let|the|in\s+(?:conclusion|summary|short)|overall|indeed|yes|good|done)\b",
    re.IGNORECASE,
)
_STOP = re.compile(r"\s*[.!。！…]+")
_SEPARATOR = re.compile(r"\s*[,;:，；：]|\s+[-–—]\s+")
_OPEN = re.compile(r"\s*[(（\[]")
# Where a sentence after the value ends (a period inside "3.5" does not end one).
_SENTENCE_STOP = re.compile(r"[.!。！…](?=\s|$)|\n")
# Where the box's own clause ends: a sentence's end, a clause mark, a parenthesis.
_CLAUSE_STOP = re.compile(r"[.!。！…](?=\s|$)|\n|[,;:，；：(（\[]|\s[-–—]\s")
_WORD_AHEAD = re.compile(r"\s*[^\W\d_]")
# A chat template's turn token: nothing after it is the model's answer.
_TURN = re.compile(r"<\|")


def _says_nothing(word: str, strict: bool) -> bool:
    """Whether *word*, after a value, is a unit or a noun: a short known unit, or a
    longer word that takes no part in a sentence (no adverb in "-ly") and denies,
    doubts, bounds, scales or jokes about nothing. *strict*: a known unit or remark
    only (`_KNOWN_WORDS`)."""
    if word[0] >= "\u4e00":
        return all(ch in _CJK_UNITS for ch in word)
    low = word.lower()
    if len(low) == 1:
        return word in _ONE_LETTER_UNITS
    if len(low) <= 3:
        return low in _SHORT_UNITS
    if strict:
        return low in _KNOWN_WORDS
    return low not in _NOT_NOUNS and not low.endswith("ly") and not any(
        p.search(word) for p in (NEGATION, UNSURE, ALTERNATIVE, INEQUALITY, RETRACTION))


# Chinese measure words and units: "\\boxed{12}个", "\\boxed{5}厘米" (no scale: 十 百 千 万 亿).
_CJK_UNITS = frozenset("个個只本张張条條次辆輛棵名位件页頁岁歲倍米厘毫克斤元角分度人天年月日时時小秒平方立公里升吨噸块塊颗顆枚根盒瓶袋组組套台部道题題种種")


def _unit_run_end(text: str, pos: int, strict: bool = False) -> int:
    """Where the run of units and nouns that starts at *pos* ends: before the first word
    that says something (`_says_nothing`), or -1 after more than `_MAX_UNITS`."""
    for _ in range(_MAX_UNITS + 1):
        m = _UNIT.match(text, pos)
        if m is None:
            return pos
        word = _RUN_WORD.search(m.group(0))
        degrees = m.group(0).lstrip(" \t\n/:")[:1] in "°º\\^"  # "°C": the scale of the degrees
        if word is not None and not degrees and not _says_nothing(word.group(0), strict):
            return pos
        pos = m.end()
    return -1


# A property of the number denied, which leaves its value standing: "which is not prime",
# "(not divisible by 5)", "it is not an integer".
_PROPERTY_DENIED = re.compile(
    r"[ \t]*(?:(?:which|that|it|this)[ \t]+is[ \t]+|(?:which|that|it|this)['’]s[ \t]+)?not[ \t]+(?:an?[ \t]+)?"
    r"(?:prime|even|odd|composite|integer|whole[ \t]+number|rational|irrational|negative|positive|zero|real"
    r"|(?:perfect[ \t]+)?(?:square|cube)|divisible[ \t]+by[ \t]+\d{1,6}|(?:multiple|factor|divisor)[ \t]+of[ \t]+\d{1,6})"
    r"(?:[ \t]+(?:number|either|though))?[ \t.!]*",
    re.IGNORECASE,
)


# A description that judges by its noun rather than measures: the noun's owner or a
# word of whim before it ("is my lucky number", "is a random number", "is our favorite
# value"), a whim right after it ("a number I like", "the value we picked"), or a noun
# of fault or whim that the writer owns ("the number of mistakes I made", "the number
# of times I guessed", "the total of my guesses"). A word of taste ("nice", "cool")
# judges only where no word of mathematics stands beside it ("a nice round number").
_JUDGING_MODIFIERS = frozenset(
    "my your his her their our lucky unlucky random arbitrary arbitrarily favorite favourite fav guessed chosen "
    "picked dummy placeholder default preferred sacred holy cursed pet made-up imagined wrong luckiest filler".split()
)
_TASTE_MODIFIERS = frozenset(
    "nice cool funny lovely beautiful pretty good great bad silly stupid dumb crazy weird strange wild sad boring "
    "interesting fun".split()
)
_MATH_MODIFIERS = frozenset(
    "round whole even odd prime positive negative natural integer integral rational irrational real perfect square "
    "cube cubic composite exact finite unique smallest largest least greatest minimal maximal minimum maximum "
    "two-digit three-digit single-digit".split()
)
_MODIFIER_WORD = re.compile(r"[A-Za-z-]+")
# ("the value we want", "the number I wanted to find": what the problem asks for)
_JUDGING_AFTER = re.compile(
    r"\s+(?:(?:that|which)\s+)?(?:(?:I|we|you)(?:['’]d|\s+would)?\s+)?(?:just\s+|simply\s+|randomly\s+|arbitrarily\s+)?"
    r"(?:chose|chosen|choose|pick|picked|pulled|guessed|guess|invented|imagined|like|liked|love|loved|prefer|preferred"
    r"|fancy|enjoy|thought\s+of|dreamt|dreamed|made\s+up"
    r"|came\s+up\s+with|(?:selected|drawn|chosen|picked)\s+(?:at\s+random|arbitrarily|randomly))\b"
    r"|\s+(?:(?:that|which)\s+)?I\s+(?:just\s+)?(?:want|wanted)\b(?!\s+to\s+(?:find|get|compute|calculate|determine|know))"
    r"|.{0,80}?\b(?:(?:mistakes?|errors?|typos?|blunders?|guess(?:es)?|lies|jokes?)\s+(?:that\s+)?(?:I|we)"
    r"|I\s+(?:\w+\s+)?(?:guessed|like|liked|love|loved|prefer|preferred|picked|chose|wanted|invented|imagined|dreamt"
    r"|dreamed|made\s+up|pulled)\b(?!\s+to\s+(?:find|get|compute|calculate|determine|know))|(?:my|our)\s+(?:own\s+)?"
    r"(?:mistakes?|errors?|typos?|blunders?|guess(?:es)?|lies"
    r"|jokes?|luck|favou?rites?|gut|mood|whims?|choice|choosing)|came\s+to\s+mind|popped\s+into|in\s+my\s+head|I['’]m\s+fond|I\s+am\s+fond)\b",
    re.IGNORECASE,
)


def _judged(piece: str, start: int, noun_end: int) -> bool:
    """Whether a description of the value (`_DESCRIBES`, from *start* to its noun's
    end *noun_end*) judges it by its noun instead (see `_JUDGING_MODIFIERS`)."""
    modifiers = _MODIFIER_WORD.findall(piece[start:noun_end].lower())
    if not _JUDGING_MODIFIERS.isdisjoint(modifiers):
        return True
    if not _TASTE_MODIFIERS.isdisjoint(modifiers) and _MATH_MODIFIERS.isdisjoint(modifiers):
        return True  # "a nice number"; "a nice round number" describes
    return _JUDGING_AFTER.match(piece, noun_end) is not None


def _describes(piece: str, pos: int, value_allowed: bool) -> bool:
    """Whether *piece* from *pos*, what a clause says of the value, describes it: a
    restatement that ends the clause ("is the final answer", "in total"), or a
    description (`_DESCRIBES`: "is correct", "is the area of the triangle"); with
    *value_allowed*, also a value stated again ("is 3 times 4"), which `cleaning` reads."""
    restated = _RESTATE.match(piece, pos)
    if restated is not None and not CLAUSE_END.split(piece[restated.end() :], 1)[0].strip(" \t.!"):
        return True
    described = _DESCRIBES.match(piece, pos)
    if described is not None:
        return not _judged(piece, pos, described.end())
    return value_allowed and _DESCRIBES_VALUE.match(piece, pos) is not None


# What turns a negation after a "no" into something other than its agreement: a turn
# ("but", "unless"), a verdict word, a modal that weakens it ("not necessarily", "cannot
# be shown"), a condition; a second negation is caught apart.
_NO_TURNED = re.compile(
    r"\b(?:but|unless|except|however|although|though|yet|yes|yeah|yep|necessarily|guaranteed|certain(?:ly)?|sure"
    r"|false|true|wrong|correct|right|can|cannot|could|may|might|rule[sd]?|ruling|if|whether|maybe|perhaps|answer)\b",
    re.IGNORECASE,
)


def _neutral_remark(piece: str, glued: bool = False, after_nouns: bool = False, negation_agrees: bool = False,
                    sentence: bool = False, below: str = "") -> bool:
    """Whether *piece*, a sentence, clause or parenthesis after the value, says nothing
    against it (see "what a clause or sentence after the value may say of it"): a
    reason (`_JUSTIFICATION`), units and a restatement ("(cm)", "(not to scale)"); or,
    with no denial, doubt, joke, bound or word that sends the value elsewhere in it, a
    description of the value where it points back at it ("This is the area."), a
    phrase that measures where it places it ("at the end of the year"), prose that
    opens as prose does ("We used 3 + 4 = 7.", "Hope this helps!"). *glued*: the piece
    continues the box's own clause (the value is its subject: "\\boxed{12} is the
    area", "\\boxed{12} is what a fool would say"); *after_nouns*: it follows the
    value's unit or noun, which it may qualify freely ("12 ways to arrange them");
    *negation_agrees*: the value is a "no", which a negation repeats ("the lines are
    not parallel"); *sentence*: the piece is a sentence of its own, which may open with
    a preposition as prose does ("In this case, ..."); *below*: the later lines of
    the box's paragraph, which a reason that ends the tail reads too."""
    if not piece.strip() or _PROPERTY_DENIED.fullmatch(piece):
        return True
    reason = _JUSTIFICATION.match(piece)
    if reason is not None:
        return not _reason_doubts(piece[reason.end() :] + below)
    run = _unit_run_end(piece, 0, strict=True)
    if run != -1:
        restated = _RESTATE.match(piece, run)
        if not piece[restated.end() if restated else run :].strip():
            return True
    first = CLAUSE_END.split(piece, 1)[0]
    if DENIAL_CLAUSE.match(piece) or RETRACTION.search(piece) or UNSURE.search(piece) or ALTERNATIVE.search(first):
        return False
    negated = NEGATION.search(first)
    if negated and (not negation_agrees or _NO_TURNED.search(piece) or NEGATION.search(piece, negated.end())):
        return False  # (after a "no", one plain negation agrees: "the lines are not parallel")
    if INEQUALITY.search(first) or _FICTION.search(piece):
        return False
    pointer = _POINTER.match(piece)
    if pointer is not None or glued or _PLACES.match(piece):
        if _ELSEWHERE.search(piece):
            return False  # a clause about the value that sends it elsewhere
    if pointer is not None:
        return _describes(piece, pointer.end(), not glued)
    if glued and _describes(piece, 0, False):
        return True
    if _TURNED.match(piece):
        return False  # "The opposite is true."
    places = _PLACES.match(piece)
    if places is not None:
        return sentence or after_nouns or _MEASURE_WORD.search(piece, places.end()) is not None
    if glued:
        # the value's own clause says more than a description: a judgment
        return after_nouns and _NOUN_PREDICATE.match(piece) is not None
    return _PROSE_OPENER.match(piece) is not None


# What a noun after the value may be said to do: "12 students are in the class".
_NOUN_PREDICATE = re.compile(r"\s*(?:is|are|was|were)\s+(?:in|on|at|inside|left|needed|required|possible|shown)\b",
                             re.IGNORECASE)


def _lines_below(text: str, end: int, below: str) -> str:
    """What a reason in the piece of *text* that ends at *end* goes on with: where the
    piece ends its line, the lines after it (of *text*, then *below*); else nothing (a
    sentence or a parenthesis closed on its line ends the reason)."""
    if end >= len(text):
        return below
    return text[end:] + below if text[end] in "\n\r" else ""


def neutral_tail(tail: str, negation_agrees: bool = False, below: str = "") -> bool:
    """Whether *tail*, the text after a boxed answer on its line, says nothing more about
    it (see above): ``\\boxed{12} cm``, ``\\boxed{12}.``, ``\\boxed{12} (since 3*4)``
    are 12; ``\\boxed{12}. No.``, ``\\boxed{12} (jk)``, ``\\boxed{12}0`` are not.
    *negation_agrees*: the box holds a "no", and a negation after it agrees with it
    ("\\boxed{No}, they are not equal"). *below*: the later lines of the box's
    paragraph, each after a line break. A reason reads the lines after its own as it
    reads the rest of its line: one that opens the tail reads all of them ("\\boxed{12}
    since 3*4 = 12." then "Just kidding."), one in a sentence or a parenthesis left open
    at its line's end reads on ("(since the real one" then "is unknown)")."""
    if not tail.strip(" \t\n$."):
        return True
    if len(tail) > MAX_TAIL or GLUED_TO_VALUE.match(tail):
        return False
    turn = _TURN.search(tail)
    text = tail[: turn.start()] if turn else tail
    text = _TAIL_TEXT.sub(r" \1 ", text) if "\\" in text else text
    text = _TAIL_NOISE.sub(" ", text)
    pos = _unit_run_end(text, 0)
    if pos == -1:
        return False
    after_nouns = bool(text[:pos].strip())
    glued = True  # the first words after the box (and its units) continue its clause
    lines = bool(below) or "\n" in text or "\r" in text  # (a reason may read on below its line)
    while pos < len(text):
        if not text[pos:].strip():
            return True
        reason = _JUSTIFICATION.match(text, pos)
        if reason is not None:  # a reason: the rest is about the figure, unless it doubts the value
            return not _reason_doubts(text[reason.end() :] + below)
        opened = _OPEN.match(text, pos)
        if opened is not None:
            end = text.find(")", opened.end())
            end = len(text) if end == -1 else end
            # (a parenthesis left open goes on below: "(since the real one", "is unknown)")
            more = _lines_below(text, end, below) if lines and _JUSTIFICATION.match(text, opened.end()) else ""
            lines = lines and not more  # (once: a later reason would read a part of what this one reads)
            if not _neutral_remark(text[opened.end() : end], negation_agrees=negation_agrees, below=more):
                return False
            pos = end + 1
            glued = False
            continue
        mark = _STOP.match(text, pos) or _SEPARATOR.match(text, pos)
        if mark is None and not _WORD_AHEAD.match(text, pos):
            return False  # a digit, an operator, a mark that is none of the above
        start = mark.end() if mark else pos
        # (the box's own clause ends at a clause mark; a later one at its sentence's end)
        found = (_CLAUSE_STOP if glued and mark is None else _SENTENCE_STOP).search(text, start)
        end = found.start() if found else len(text)
        sentence = mark is not None and mark.re is _STOP
        more = _lines_below(text, end, below) if lines and _JUSTIFICATION.match(text, start) else ""
        lines = lines and not more
        if not _neutral_remark(text[start:end], glued and mark is None, after_nouns, negation_agrees, sentence, more):
            return False
        glued = False
        pos = end if end > start else (found.end() if found else len(text))
    return True
