"""The words and marks that hedge, deny, bound, doubt or take back an answer.

A reward is a target: a policy learns to write the gold's value beside words that take
it back ("not 12", "12 or 15", "at least 12", "probably 12", "12 (wrong)", "\\boxed{12}
is wrong"). These patterns are that vocabulary, in one place, for `equivalence` (a
predicted answer against its gold) and its box and sentence readers. Each is a plain
regular expression without nested repetition, so a long answer costs one linear scan.

Examples:
    >>> context_denies("not ", ""), context_denies("So ", ".")
    (True, False)
    >>> taken_back_later("12 (wrong)"), taken_back_later("12 (not to scale)")
    (True, False)
"""

from __future__ import annotations

import re

__all__ = [
    "ALTERNATIVE", "CLAUSE_END", "CLAUSE_SPLIT", "DENIAL_CLAUSE", "INEQUALITY", "NEGATION", "SENTENCE_END",
    "UNSURE", "context_denies", "has_plus_minus", "taken_back_later",
]

# Words that offer alternatives whatever spells them: "12 or fifteen", "12 or π" hold
# one number in digits, yet commit to nothing.
ALTERNATIVE = re.compile(r"\b(?:or|either|otherwise|alternatively)\b|\\(?:lor|vee)(?![A-Za-z])|或|还是", re.IGNORECASE)
UNSURE = re.compile(
    r"\b(?:maybe|possibly|probably|perhaps|likely|guess|unsure|not\s+sure|uncertain|cannot\s+(?:tell|determine|be\s+determined)"
    r"|ish|give\s+or\s+take)\b"
    r"|可能|也许|或许|大概|不确定|吗",
    re.IGNORECASE,
)

# A negation: "not 5", "x ≠ 5" and "5 is not the answer" deny the value they hold. Only
# the clause that states the value counts, the text before `CLAUSE_END`: a justification
# may deny something else ("x = 3, since x cannot be negative", "12 (not to scale)").
# A value struck out ("\\cancel{12}", "~~12~~", "<s>12</s>") or negated in logic
# ("\\neg 12", "¬12") is denied the same way, and so is one called false.
NEGATION = re.compile(
    r"\b(?:not|isn['’]t|can['’]t|doesn['’]t|cannot|never|wrong|incorrect|false|untrue|invalid|impossible)\b"
    r"|≠|!=|¬|~~|[✗✘❌❎🚫👎]|不是|不对|不正确|错误|错的|并非"
    r"|\\(?:neq?|neg|lnot|not|cancel|xcancel|bcancel|cancelto|sout|xout|st)(?![A-Za-z])|<(?:s|del|strike)>",
    re.IGNORECASE,
)
# A bound: "x > 12", "at least 12", "12 or more" hold 12 and say the answer is another
# value (or a range); the same bound in the gold is the same answer.
INEQUALITY = re.compile(
    r"[<>≤≥≦≧⩽⩾≨≩≪≫≳≲⪆⪅≴≵≶≷]"
    r"|\\(?:[lg]eq?q?|[lg]eqslant|[lg]t|[lg]neq?q?|ll|gg|nless|ngtr|nleq|ngeq|gtrsim|lesssim|gtrapprox|lessapprox"
    r"|gtrless|lessgtr)(?![A-Za-z])"
    r"|\b(?:almost|nearly|not\s+quite|(?:just\s+)?shy\s+of|short\s+of|upwards\s+of|in\s+excess\s+of"
    r"|at\s+(?:least|most)|(?:more|less|greater|fewer|larger|smaller|bigger|higher|lower)\s+than"
    r"|or\s+(?:more|less|fewer|greater|larger|smaller|higher|lower|above|below|over|under|beyond)"
    r"|and\s+(?:up|upwards?|above|over|more|higher|beyond|below|under|less|lower|down)"
    r"|no\s+(?:more|less|fewer)|up\s+to|above|below|under|over|exceeds?|exceeding|atleast|atmost)\b",
    re.IGNORECASE,
)
# A clause after the one that states the value that takes it back: a denial ("12,
# which is wrong", "12 (wrong)", "12. That's incorrect.") or a retraction ("12. Wait",
# "12 (oops)"). Only a clause that opens with the denial counts: "(C), since (A) is
# wrong" denies another option, and "12 (not to scale)" denies nothing.
DENIAL_CLAUSE = re.compile(
    r"[\W_]*(?:(?:which|that|this|it|but|and|so|no|nope|wait|oops|hmm+|actually|sorry|hold\s+on)\b[\s,.!]*)*"
    r"(?:(?:is|was|'s|’s|seems|looks|would\s+be|might\s+be|could\s+be)\s+)?"
    r"(?:(?:totally|completely|clearly|probably|definitely)\s+)?"
    r"(?:wrong|incorrect|false|untrue|mistaken|invalid|a\s+mistake|an\s+error"
    r"|not\s+(?:right|correct|true|it|the\s+(?:right\s+|correct\s+)?answer))\b"
    r"|[\W_]*(?:wait|oops|scratch\s+that|hold\s+on|my\s+(?:bad|mistake)|I\s+made\s+a\s+mistake"
    r"|let\s+me\s+(?:re-?)?(?:check|think|calculate|compute|reconsider|verify)|re-?check)\b"
    r"|[\W_]*(?:no|nope|nah)[\W_]*$",
    re.IGNORECASE,
)
CLAUSE_SPLIT = re.compile(r"[,;(\[!。；\n]|\.(?![0-9])|\b(?:since|because|though|although|but)\b", re.IGNORECASE)
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
CLAUSE_END = re.compile(r"[,;(]|\b(?:since|because|as|though|although|given)\b", re.IGNORECASE)

# "±5" and "x = \\pm 5" name two values; a gold without a plus-minus holds one.
PLUS_MINUS = ("±", "∓", "\\pm", "\\mp")

def context_denies(head: str, tail: str) -> bool:
    """Whether the text before a boxed answer (*head*) or after it (*tail*) hedges,
    denies, bounds or doubts it: the clause next to the box for a negation or a
    bound ("not \\boxed{12}", "\\boxed{15} is wrong", "at least \\boxed{12}"), its
    sentence for doubt and alternatives ("\\boxed{12} (not sure)", "\\boxed{12}?")."""
    head_sentence = SENTENCE_END.split(head)[-1]
    tail_sentence = SENTENCE_END.split(tail, 1)[0]
    head_clause = CLAUSE_END.split(head_sentence)[-1]
    tail_clause = CLAUSE_END.split(tail_sentence, 1)[0]
    for sentence, clause in ((head_sentence, head_clause), (tail_sentence, tail_clause)):
        if "?" in sentence or "？" in sentence or UNSURE.search(sentence) or ALTERNATIVE.search(sentence):
            return True
        if NEGATION.search(clause) or INEQUALITY.search(clause) or has_plus_minus(clause):
            return True
    return False

PLUS_MINUS_SIGN = re.compile(r"[±∓]|\\[pm]m(?![A-Za-z])")


def has_plus_minus(text: str) -> bool:
    """Whether *text* writes a plus-minus (``\\pmod`` is no plus-minus)."""
    return any(sign in text for sign in PLUS_MINUS) and PLUS_MINUS_SIGN.search(text) is not None
