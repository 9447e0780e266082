"""Doubt said after an answer: one reader for every wrapping of a committed answer.

A policy rewarded for an answer learns to write the gold's value and take it back after
it, in words no earlier round listed ("\\boxed{12}" / "That is a guess.", "12 since the
real one is unknown", "Final answer: 12" / "(not confident)"). So what follows a
committed answer, boxed or not, on its line or on a later line, is read by one reader:

- `DOUBT`, a vocabulary of doubt that an honest trace has no reason to write after its
  answer: a guess, unverified or unchecked work, not sure / certain / confident, no
  idea, don't know, who knows, maybe / perhaps / probably / possibly, "might be wrong",
  "roughly right", a ballpark, the real or true answer said to be unknown, different or
  hidden, the answer called unknown, arbitrary, made up or a placeholder. Each stem is
  held to its doubting use, so that what honest traces write after an answer (a
  restatement, a unit, a computation, "Done.", "This matches the figure.", "equally
  likely outcomes", "by guess and check", "No doubt.") keeps it. On later lines
  (`LATER`) it also holds the doubts that may be an answer themselves to a question that
  offers them ("Not enough information", "It is impossible to tell"), and a word of
  doubt alone on its line or in brackets ("Unknown.", "(guess)");
- a reason (`REASON`: "since", "because", ...) after the answer, in its text or opening
  a later line, read by `hedges.reason_doubts`, the reader of a box's reason, with the
  lines of its paragraph;
- on later lines, a question left open ("Is that right?", "Right?"), unless an
  affirmation answers it ("Is 12 right? Yes, 12/4 = 3.").

`doubted` reads an answer's own text (its value and what follows it there);
`doubting_line` finds, among the later lines of an answer, the first that doubts it.
Every pattern is linear, every text read is bounded, and a cheap word test
(`hedges.Vocabulary`) skips the scan on text that holds none of the vocabulary's words.

Examples:
    >>> doubted("12 (not confident)"), doubted("12 since the real one is unknown"), doubted("12 cm")
    (True, True, False)
    >>> doubting_line("\\nThis matches the figure.\\nThat is a guess.")
    'That is a guess.'
    >>> doubting_line("\\nDone. I hope it is correct.") is None
    True
"""

from __future__ import annotations

import re

from .hedges import Vocabulary, reason_doubts
from .mathtext.lookalikes import fold_lookalikes
from .mathtext.symbols import INVISIBLE_CLASS

__all__ = ["DOUBT", "LATER", "REASON", "REASON_WORDS", "doubt_words", "doubted", "doubting_line"]


def _words(words: str) -> str:
    """The words, as alternatives of whole words."""
    return r"\b(?:" + "|".join(words.split()) + r")\b"


_NOT_DONE = (  # what a negation of one's own work says was not done
    r"(?:verify|verified|check|checked|confirm|confirmed|prove|proved|proven|test|tested|validate|validated"
    r"|double-check|double-checked|be\s+sure|be\s+certain)\b"
)
# Where a remark of its own opens: a line's start, a bracket, a sentence's end, with a
# joining word ("so", "but") ("x = -3 is extraneous, so it is not the answer" speaks of -3).
_OPENS = r"(?:^|(?<=[\n(\[.!;:]))[ \t]*(?:(?:but|and|so|however|though|also|again|honestly|note)[ \t,:]+)?"
# A word alone on its line or in brackets ("Unknown.", "(guess)"), and its end.
_ALONE = r"(?<=[\n(\[,;])[ \t]*(?:[-–—>*•][ \t]*)?"
_ALONE_END = r"[ \t.!,)\]]*(?:(?:really|honestly|though|tbh|lol)[ \t.!)\]]*)?(?=\n|$)"
_PARTS = [
    # a guess, of the writer's own ("That is a guess.", "my best guess", "I guess", "just
    # guessing", "I'd guess", "guesswork"); a guess of the problem's ("the probability that
    # a guess is right", "if she guessed", "by guess and check") is none
    r"\b(?:a|my|our|the|one|best|wild|educated|rough|random|blind|lucky|pure|total|mere|just|only|informed)"
    r"\s+guess\b(?!\s+(?:is|was|are|were|being|will|would|has|had|and|&|n['’]?)\b|\s+(?:right|correctly|wrong|the)\b|-and-check)",
    r"\b(?:I|we)(?:['’]m|\s+am|['’]re|\s+are|['’]d|\s+would|\s+will|['’]ll|\s+have|['’]ve|\s+just|\s+only)?\s+"
    r"(?:just\s+|only\s+|simply\s+|mostly\s+|partly\s+)?guess(?:ed|ing)?\b(?!\s+(?:and|&)\s+check)",
    r"\b(?:is|was|were|been)\s+(?:just\s+|only\s+|simply\s+)?guessed\b|\bguess(?:work|timate|timated|timates|timation)\b",
    _ALONE + r"(?:(?:just|only|a|my|best|educated|wild|rough)\s+){0,2}(?:guess|guessed|guessing|estimate|estimated)"
    + _ALONE_END,
    # unverified, unconfirmed, unsure, uncertain, dubious... ("the uncertainty of a
    # measurement", "Goldbach's conjecture" are terms)
    r"\bun[\s-]?(?:verified|verifiable|confirmed|checked|proven|tested|sure|certain|confident|reliable|trustworthy)\b",
    _words("iffy shaky dubious doubtful questionable tentative tentatively speculative speculation ballpark"
           " tbd todo idk dunno clueless"),
    r"\bhopefully\b(?!\s+(?:this|that|it)\s+(?:helps|helped|is\s+(?:clear|helpful)))",
    # a doubt, but not "no doubt", "without (a) doubt", "beyond (any) doubt", "if you have any doubts"
    r"(?<!no\s)(?<!without\s)(?<!without\sa\s)(?<!beyond\s)(?<!beyond\sa\s)(?<!beyond\sany\s)(?<!little\s)(?<!any\s)"
    r"(?<!your\s)\bdoubts?\b",
    # not verified / not sure / not 100% confident / not necessarily right
    r"\bnot\s+(?:(?:been|yet|fully|really|properly|actually|independently|re-?|double-?)\s*){0,2}"
    r"(?:verified|checked|confirmed|proven|proved|tested|validated|certain|sure|confident|convinced|guaranteed"
    r"|positive\s+(?:about|that|of)|necessarily\s+(?:right|correct|accurate|exact|it|the\s+answer))\b",
    r"\bnot\s+(?:(?:[a-z]+|100\s*%)\s+){1,2}(?:sure|certain|confident|convinced)\b|\bno\s+guarantees?\b",
    # I did not verify it, no time to check, can't be sure, don't trust it
    r"(?:\bdid\s*n['’]?t|\bdid\s+not|\bhave\s*n['’]?t|\bhave\s+not|\bhas\s*n['’]?t|\bhas\s+not|\bcould\s*n['’]?t"
    r"|\bcould\s+not|\bcan\s*['’]?t|\bcannot|\bwo\s*n['’]?t|\bnever|\bno\s+time\s+to)\s+(?:[a-z]+\s+)?" + _NOT_DONE,
    r"\bneeds?\s+(?:to\s+be\s+)?(?:verif\w{0,8}|check\w{0,4}|confirm\w{0,6}|double[\s-]?check\w{0,4})"
    r"|\b(?:yet\s+|still\s+)?to\s+be\s+(?:verified|checked|confirmed|double-checked)\b"
    r"|\b(?:do\s*n['’]?t|do\s+not)\s+(?:trust|rely\s+on|quote\s+me)\b|\bbeats\s+me\b|\bfingers\s+crossed\b|🤞",
    r"\b(?:low|little|no|limited|zero|medium|moderate|some|partial)\s+confidence\b",
    r"\bconfidence\s*(?:level\s*)?(?:[:：=]|is|was)\s*(?:low|medium|moderate|limited|not\s+high|\d{1,2}(?:\.\d+)?\s*%)",
    # no idea, don't know, who knows ("we don't know h, so ..." is about the figure)
    r"\bno\s+(?:idea|clue)\b|\bnot\s+a\s+clue\b|\b(?:nobody|no\s+one|god|heaven|who)\s+knows\b",
    r"\b(?:do\s*n['’]?t|do\s+not|did\s*n['’]?t|did\s+not)\s+(?:really\s+|actually\s+|even\s+)?know\b"
    r"(?=\s*(?:[.,;:!?)\]]|$|(?:if|whether|for\s+(?:sure|certain)|really|it|this|that|what\s+(?:it|the\s+answer)\s+is"
    r"|the\s+(?:(?:real|true|actual|correct|right|final)\s+)?(?:answer|value|result|one))\b))",
    r"\bcan['’]?t\s+(?:say|tell)\s+for\s+(?:sure|certain)\b",
    r"\b(?:can\s*['’]?t|cannot|could\s*n['’]?t|could\s+not)\s+be\s+(?:sure|certain)\b",
    r"\bI\s+(?:think|believe|suppose|guess|reckon|hope)\s+so\b"
    + "|" + _ALONE + r"(?:I\s+think|I\s+believe|I\s+suppose|I\s+guess|probably|maybe|perhaps|possibly|likely)" + _ALONE_END,
    # maybe and its kin ("equally likely outcomes", "more likely than" are no doubt)
    _words("maybe perhaps probably possibly presumably supposedly allegedly apparently seemingly conceivably plausibly"
           " ostensibly"),
    r"(?<!equally\s)(?<!more\s)(?<!less\s)(?<!as\s)(?<!least\s)\blikely\b(?!\s+(?:outcomes?|events?|cases?|values?|results?"
    r"|numbers?|sums?|totals?|than|to\s+(?:occur|happen|win))\b)",
    # it might be wrong, may not be right, could be off, answers may vary, it could be 13
    r"\b(?:might|may|could)\s+(?:well\s+|also\s+|even\s+|possibly\s+|actually\s+)?(?:be\s+(?:[a-z]+\s+)?(?:wrong|off|incorrect"
    r"|mistaken|inaccurate|imprecise|right|correct|different|something\s+else)\b|not\s+be\s+(?:[a-z]+\s+)?(?:right|correct"
    r"|accurate|exact|precise|it|the\s+(?:answer|one))\b|vary\b)",
    r"\b(?:it|this|that|answer|one|value|result)\s+(?:might|may|could)\s+(?:well\s+|also\s+|even\s+)?(?:be\s+it\b|not\b"
    r"|(?:be|equal)\s+[-−]?\$?\d)|" + _OPENS + r"(?:might|may|could)\s+(?:be|equal)\b",
    # roughly right, a rough estimate, give or take, a shot in the dark ("about right triangles" is no doubt)
    r"\b(?:approximately|roughly|about|around|more\s+or\s+less|sort\s+of|kind\s+of|kinda|sorta|somewhat|partly)"
    r"\s+(?:right|correct|accurate)\b(?!\s+(?:triangle|angle|prism|cone|cylinder|side|hand)s?\b)|\bgive\s+or\s+take\b"
    r"|\b(?:rough|wild|blind|educated|random|lucky)\s+(?:estimate|shot|stab)\b|\b(?:shot|stab)\s+in\s+the\s+dark\b"
    r"|\bgrain\s+of\s+salt\b|\btoss[\s-]up\b|\bwing(?:ing)?\s+it\b|\beyeball(?:s|ed|ing)?\b|\b(?:just|only|merely)\s+an?\s+estimate\b"
    r"|\bif\s+I\s+had\s+to\s+(?:guess|bet|say|pick|choose)\b|\bwith\s+caution\b"
    r"|\b(?:please|you\s+should|you\s+may\s+want\s+to|better|might\s+want\s+to)\s+(?:double[\s-]?)?(?:check|verify|confirm)\b",
    # the real answer elsewhere: "The real one is unknown.", "the true value differs", "The
    # actual answer is not 12" ("The correct answer is B, which differs from C" names it)
    r"\b(?:real|actual|true|correct|right|proper|exact|genuine|authentic|intended|expected|official)\s+(?:answer|one|value"
    r"|result)\b[^.;,\n]{0,24}?"
    r"\b(?:different|differs?|else|elsewhere|another|hidden|secret|unknown|unknowable|unclear|undetermined|uncertain"
    r"|undisclosed|unavailable|withheld|missing|a\s+mystery|beyond\s+me|not\s+(?:known|shown|given|this|that|it|here|determined"
    r"|clear|[-−]?\$?\d+)|(?:can\s*['’]?t|cannot|could\s*n['’]?t|could\s+not)\s+be\s+(?:known|determined|found|computed"
    r"|told)|(?:yet|still)\s+to\s+be\s+(?:found|determined|computed|decided))\b",
    # the answer called unknown, arbitrary, made up: "It is unknown.", "This value is a placeholder."
    r"\b(?:it|this|that|(?:the|this|that|my|our)\s+(?:[a-z]+\s+)?(?:answer|value|result|one|number|solution)"
    r"(?:\s+(?:above|here|given|shown|boxed)|\s+(?:I|we)\s+(?:gave|wrote|chose|picked|boxed|got))?)(?:\s+(?:is|are|was|remains?|stays?)|['’]s)\s+(?:still\s+|truly\s+|actually\s+|simply\s+|just\s+|only\s+"
    r"|completely\s+|totally\s+|really\s+|probably\s+)?(?:an?\s+)?(?:unknown|unknowable|unclear|undetermined"
    r"|indeterminate|mystery|arbitrary(?!\s+(?:constants?|reals?|integers?|real|positive|points?|choice|which|whether|how|what)\b)"
    r"|random(?!\s+(?:variables?|walks?|samples?|process|points?|events?|experiments?|draws?|selection|trials?|numbers?))"
    r"|placeholder|dummy|filler|made[\s-]up(?!\s+of\b)|fake|bogus|fictional|fictitious|invented|nonsense|meaningless"
    r"|not\s+(?:known|real|reliable|trustworthy|final|definitive))\b",
    r"\bmade\s+(?:it|this|that|them|these|those|the\s+[a-z]+)\s+up\b(?!\s+of\b)|\bmade-up\b(?!\s+of\b)|\bout\s+of\s+thin\s+air\b"
    r"|\bno\s+way\s+of\s+knowing\b",
    # the answer given called not the real one, or set aside: "This is not the real
    # answer.", "Ignore the above." (a pointer that opens its remark)
    _OPENS + r"(?:(?:it|this|that|the\s+above|above)(?:\s+(?:is|was)\s+(?:(?:probably|likely|definitely|surely|certainly"
    r"|clearly)\s+)?not|['’]s\s+not|\s+(?:is|was)n['’]t)\s+|not\s+)the\s+(?:(?:real|true|actual|correct|right|final"
    r"|proper)\s+)?(?:answer|one|value|result|solution)\b"
    r"|\b(?:ignore|disregard|discard)\s+(?:the\s+(?:above|answer|box|boxed\s+\w+|value|result)|this|that|it|my\s+answer)\b",
    # chance, whim and memory: "Picked at random.", "I flipped a coin.", "Hunch.", "IIRC"
    # ("a ball is picked at random", "each coin flip is independent" are the problem's)
    r"\b(?:I|we)\s+(?:just\s+)?(?:picked|chose|selected|drew)\s+(?:(?:it|this|that|one|the\s+[a-z]+)\s+)?(?:at\s+random"
    r"|randomly|arbitrarily)\b|\b(?:it|this|that|answer|value)\s+(?:was|is)\s+(?:(?:picked|chosen|selected)\s+(?:at\s+random"
    r"|randomly|arbitrarily)|(?:randomly|arbitrarily)\s+(?:picked|chosen|selected))\b|\b(?:I|we)\s+(?:just\s+)?(?:flipped"
    r"|tossed)\s+a\s+coin\b|\b(?:hunch|vibes|gut\s+(?:feeling|instinct|call|says)|my\s+gut|iirc|afaik|from\s+memory"
    r"|to\s+the\s+best\s+of\s+my\s+knowledge|if\s+memory\s+serves|if\s+I\s+(?:recall|remember)\s+(?:correctly|right))\b",
    # half sure, not 100%: "Pretty sure.", "Fairly confident.", "90% sure", "Not 100%."
    r"\b(?:fairly|pretty|almost|kind\s+of|kinda|sort\s+of|sorta|reasonably|mostly|somewhat|moderately)\s+(?:sure|certain"
    r"|confident)\b|\b[1-8]?\d\s*%\s+(?:sure|certain)\b|\bnot\s+100\s*%|\black\s+(?:of\s+)?confidence\b"
    r"|\b(?:without|no|lacking|pending)\s+(?:any\s+)?(?:verification|checking|confirmation)\b",
    # other languages, and marks of doubt: "Nicht sicher.", "pas sûr", "不确定", "🤷"
    r"\bnicht\s+(?:ganz\s+|so\s+)?sicher\b|\bweiß\s+(?:es\s+)?nicht\b|\bpas\s+(?:tout\s+à\s+fait\s+|très\s+)?s[uû]re?\b"
    r"|\bne\s+sais\s+pas\b|\bno\s+(?:estoy|está)\s+(?:muy\s+)?segur[oa]\b|\bno\s+sé\b|\bnão\s+(?:tenho\s+certeza|sei)\b"
    r"|\bnon\s+(?:sono|è)\s+sicur[oa]\b|\bне\s+(?:уверен[аы]?|знаю)\b|不确定|不太确定|不知道|猜的|我猜|瞎猜|わからない|分からない"
    r"|自信がない|確かではない|모르겠|확실하지|[🤷🤔❓❔⁉⁈]",
    # a word of doubt alone on its line or in brackets: "Unknown.", "(unclear)", "Answer unknown."
    _ALONE + r"(?:(?:the\s+)?(?:answer|result|value)\s+)?(?:unknown|unknowable|unclear|undetermined|indeterminate|unsure"
    r"|unverified|uncertain|unconfirmed|unchecked|untested|(?:it\s+)?(?:cannot|can['’]?t)\s+be\s+(?:determined|known|told)"
    r"|(?:picked|chosen|selected)\s+(?:at\s+random|randomly|arbitrarily)|(?:randomly|arbitrarily)\s+(?:picked|chosen"
    r"|selected)|(?:flipped\s+a\s+)?coin(?:\s+(?:flip|toss))?|(?:random\s+)?guess"
    # made up or set at whim: "(made up)", "(fabricated)", "(hypothetical)", "(at random)", "(joke)"
    r"|(?:totally\s+|just\s+|completely\s+)?(?:made[\s-]up|fabricated|invented|fake|fictional|fictitious|hypothetical"
    r"|imaginary|bogus|placeholder|dummy|random|at\s+random|arbitrary|joke|jk|kidding|just\s+kidding|not\s+real"
    # a hope, a rough or fallback value: "(I hope)", "(rough)", "(as a fallback)", "(default)"
    r"|I\s+hope|hopefully|rough(?:ly)?|(?:as\s+a\s+)?fallback|default|ostensibly))" + _ALONE_END,
    # a number said to be picked at random: "12 at random", "12, randomly"
    r"(?<![\w.])[-+−]?\d[\d.,]*[ \t,]*\b(?:at\s+random|randomly|arbitrarily)\b",
]
# Doubts that may be an answer themselves, to a question that offers them ("Not enough
# information", "It is impossible to tell"): doubts only on a later line (`LATER`).
_ANSWER_PHRASES = [
    r"\b(?:hard|impossible|difficult)\s+to\s+(?:say|tell|know)\b|\b(?:not|in)\s*(?:enough|sufficient)\s+(?:info|information"
    r"|data)\b|\binsufficient\s+(?:info|information|data)\b",
]
_KEYS = (
    # (each alternative holds one of these words, for the cheap test)
    "guess guessed guessing guesswork estimate estimated unsure unconfident unconfirmed unchecked unproven untested "
    "unreliable untrustworthy iffy shaky dubious doubtful questionable tentative tentatively speculative "
    "speculation ballpark tbd todo idk dunno clueless hopefully doubt doubts verified checked confirmed proven "
    "proved tested validated certain sure confident convinced guaranteed positive necessarily guarantee guarantees "
    "verify check confirm prove test validate need needs trust rely quote beats fingers confidence idea clue "
    "knows know say think believe suppose reckon hope maybe perhaps probably possibly presumably supposedly "
    "allegedly apparently seemingly conceivably plausibly likely might may could right correct accurate give shot "
    "stab grain toss winging wing caution different differs differ else elsewhere another hidden secret unknown "
    "unknowable unclear undetermined uncertain undisclosed unavailable withheld missing mystery known determined "
    "found computed told decided indeterminate arbitrary random placeholder dummy filler made fake bogus fictional "
    "fictitious invented nonsense meaningless not thin knowing info information data ignore disregard discard "
    "picked chose selected drew randomly arbitrarily chosen flipped tossed hunch "
    "vibes gut iirc afaik memory knowledge recall remember fairly pretty almost sort sorta reasonably mostly "
    "somewhat moderately kinda lack without verification checking confirmation pending lacking unknowable "
    "fabricated hypothetical imaginary jk joke kidding real rough roughly fallback ostensibly default hope "
    "cannot coin guesstimate guesstimated guesstimates guesstimation unverified unverifiable verifiable reliable "
    "trustworthy eyeball eyeballs eyeballed eyeballing genuine authentic intended expected official beyond nicht "
    "sicher pas sur sure ne sais seguro segura sicuro sicura tenho certeza sei"
    " hard impossible difficult"
)
# (where a match may start: a word's edge, the text's start, a mark, or after a line break,
# a bracket or a sentence's end; one test here spares the many alternatives elsewhere)
_START = r"(?:(?=\b|^|[🤞🤷🤔❓❔⁉⁈\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af])|(?<=[\n(\[.!;:,]))"
DOUBT = Vocabulary(_START + "(?:" + "|".join(_PARTS) + ")", _KEYS, marks="🤞")
#: `DOUBT` and the doubts that may be an answer themselves: the vocabulary of later lines.
LATER = Vocabulary(_START + "(?:" + "|".join(_PARTS + _ANSWER_PHRASES) + ")", _KEYS, marks="🤞")

# A reason word after an answer: what follows it is a reason, read for doubt by the box's
# reason reader (`hedges.reason_doubts`).
REASON = re.compile(r"\b(?:since|because|as|given|cause|cuz|coz)\b", re.IGNORECASE)
# A later line that opens with a reason word, past its marks (a quote, a bullet, a bracket).
_REASON_LINE = re.compile(r"^[ \t>\-–—•(\[#]*(?:since|because|as|given|cause|cuz|coz)\b", re.IGNORECASE | re.MULTILINE)
#: The reason words, for a cheap test before `REASON`.
REASON_WORDS = ("since", "because", "as", "given", "cause", "cuz", "coz")

# What hides a word from the vocabulary without showing anything: emphasis and strike
# marks inside or around it ("un*verified*", "_guess_"), a text command and its braces
# ("\\text{un}\\text{verified}"), full-width letters ("ｇｕｅｓｓ").
_MARKUP = re.compile(r"<!--|-->|</?[A-Za-z][^<>\n]{0,40}>|[*_~`]+|\\(?:text[a-z]{0,6}|emph|math[a-z]{0,4}|mbox|hbox|operatorname)[ \t]*\{|[{}]")
_MARKUP_CHARS = frozenset("*_~`\\{}<")
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Characters that show nothing (zero-width spaces and joiners, soft hyphen, direction
# marks): dropped, so that "un\u200bknown" is "unknown".
_INVISIBLE = re.compile(f"[{INVISIBLE_CLASS}]+")  # (`mathtext.symbols`: every character that shows nothing)
# A chat template's turn token: what follows it is another speaker's.
_TURN = "<|"
# A question, and what may answer it after it.
_QUESTION = re.compile(r"[?？‽]")
_AFFIRMED = re.compile(
    r"[\s*_)\]]*(?:yes|yeah|yep|yup|indeed|correct|right|true|exactly|sure|definitely|certainly|absolutely"
    r"|it\s+(?:is|does|do|equals|checks)|(?:we|i)\s+(?:get|got|have|check|verify|find|confirm)|check|verified|confirmed"
    r"|the\s+answer\s+is|[✓✔✅☑]|(?P<reason>because|since))",
    re.IGNORECASE,
)

#: What is read after an answer at most, at its start and at its end (its text, its
#: later lines, a reason's paragraph): a doubt in the middle of a longer text is not read.
MAX_READ = 4000
#: Questions looked at in a text at most.
_MAX_QUESTIONS = 8


def _plain(text: str) -> str:
    """*text* as the vocabulary reads it: up to a chat template's turn token, its first and
    last `MAX_READ` characters (a doubt after padding is read), markup dropped,
    invisible characters dropped, full-width and lookalike letters read as ASCII."""
    if _TURN in text:
        text = text[: text.find(_TURN)]
    if len(text) > 2 * MAX_READ:
        text = text[:MAX_READ] + "\n" + text[-MAX_READ:]
    if not _MARKUP_CHARS.isdisjoint(text):
        text = _MARKUP.sub("", text)
    if not text.isascii():
        text = fold_lookalikes(_INVISIBLE.sub("", text).translate(_FULLWIDTH))
    return text


def _reason_at(text: str, start: int) -> bool:
    """Whether the reason that opens at *start* of *text* (past its reason word) doubts."""
    return reason_doubts(text[start:])


def doubt_words(text: str) -> bool:
    """Whether *text*, said after an answer, holds a word of `LATER` (a reason in it is
    not read: the caller reads the reasons that speak of the answer)."""
    return LATER.search(_plain(text)) is not None


def doubted(answer: str) -> bool:
    """Whether *answer*, a committed answer's text (its value and what follows it on its
    line: an answer section's line, a tag's text, a labelled value), doubts it: a word
    of `DOUBT` (of `LATER` on its later lines), or a reason that doubts ("12 since the
    real one is unknown")."""
    text = _plain(answer)
    if DOUBT.search(text) is not None:
        return True
    if "\n" in text and LATER.search(text, text.index("\n")) is not None:
        return True  # a later line of the answer: "12" / "Hard to say."
    low = text.lower()
    if not any(word in low for word in REASON_WORDS):
        return False  # (the common case: no reason)
    m = REASON.search(text)
    return m is not None and _reason_at(text, m.end())


def _line_of(text: str, pos: int) -> str:
    """The line of *text* that holds *pos*."""
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1 : len(text) if end == -1 else end].strip()


def doubting_line(text: str) -> str | None:
    """The first later line of *text* (the lines after an answer, each after a ``\\n``)
    that doubts the answer, as read (markup dropped), or ``None``: a line with a word of
    `LATER`, a question that nothing after it affirms, or a line that opens with a
    reason that doubts ("because I like it"; read with the lines after it up to a blank
    line)."""
    body = _plain(text)
    hit = LATER.search(body)
    first = len(body) if hit is None else hit.start()
    if "?" in body or not body.isascii():
        for count, m in enumerate(_QUESTION.finditer(body, 0, first)):
            answer = _AFFIRMED.match(body, m.end())
            if count >= _MAX_QUESTIONS or answer is None or (
                    answer.group("reason") and reason_doubts(body[answer.end() : answer.end() + MAX_READ // 4])):
                first = m.start()  # a question left open, or answered by a reason that doubts
                break
    low = body.lower()
    if any(word in low for word in REASON_WORDS):
        read = 0  # (a paragraph is read once: the reason lines inside one read already are read)
        for m in _REASON_LINE.finditer(body, 0, first):
            if m.start() < read:
                continue
            end = body.find("\n\n", m.end())
            read = len(body) if end == -1 else end
            if reason_doubts(body[m.end() : read]):
                first = m.start()
                break
    return None if first == len(body) else _line_of(body, first)
