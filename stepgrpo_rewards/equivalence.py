"""Is a predicted final answer equivalent to the gold answer?

Checks, in order: empty answers (never equivalent); multiple choice (a letter in
any of its spellings, or option text when the question lists the options, hedges
such as "B and C" rejected); yes/no (first word, case-insensitive, "None" is not
"No", "Yes. Actually no." a hedge); text equal after normalisation; then math: both sides parsed by the bounded
parser in `mathexpr` (fractions, decimals, LaTeX, units, degrees, percent, π,
scientific notation, ``x = 5``) and compared numerically; finally, for a numeric
gold, a short sentence holding exactly one number.

Both sides are first read out of what wraps them (delimiters, boxes with the text
around them, prefixes, signs in markup) by `cleaning`. Nothing here evaluates model
text as code, and every parse is bounded.

Examples:
    >>> answers_equivalent(r"$\\frac{1}{2}$", "0.5")
    True
    >>> answers_equivalent("(B) 45°", "B"), answers_equivalent("B or C", "B")
    (True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import compound
from .answer_lines import committed
from .choices import LETTER_ALONE as _LETTER_ALONE
from .choices import beside_letter as _beside_letter
from .choices import gold_option as _gold_option
from .choices import letter_of as _letter_of
from .choices import parse_options
from .cleaning import box_answer as box_answer  # its import path before `cleaning` was split out
from .cleaning import clean_answer, math_span, number_word_value, verdict_taken_back
from .config import DEFAULT_CONFIG, RewardConfig
from .doubt import doubted as _doubted
from .hedges import ALTERNATIVE as _ALTERNATIVE
from .hedges import CLAUSE_END as _CLAUSE_END
from .hedges import DENIAL_CLAUSE as _DENIAL_CLAUSE
from .hedges import INEQUALITY as _INEQUALITY
from .hedges import NEGATION as _NEGATION
from .hedges import RETRACTION as _RETRACTION
from .hedges import STRUCK as _STRUCK
from .hedges import UNSURE as _UNSURE
from .hedges import has_plus_minus as _has_plus_minus
from .hedges import quiet as _quiet
from .hedges import taken_back_later as _taken_back_later
from .mathtext import expr as mathexpr
from .mathtext import relations as mathrelations
from .mathtext import scale as mathscale
from .mathtext.boxed import boxes, has_box
from .mathtext.normalize import normalize_math_text
from .numbers import beyond_shown_precision as _beyond_shown_precision
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
    rest = text.strip()[word.end() :]
    return "" if _denies_word(rest, first) or verdict_taken_back(first, rest) else first


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
    the same). Else: an answer that commits to nothing is refused (`_refused`), an
    option letter decides where there is one (`_choice_verdict`), and the value is
    compared (`_value_verdict`)."""
    pred = clean_answer(predicted)
    gold_clean = clean_answer(gold)
    if not pred or not gold_clean:
        return False
    if (pred[0].isalpha() or pred[0] in "([") and len(pred) <= 60 and gold_clean[0] not in "+-" and not gold_clean[0].isalpha():
        pred = number_word_value(pred)  # "twelve" is 12, "twenty-one" 21
    if "." in gold_clean and "." in pred and _beyond_shown_precision(pred, gold_clean, config):
        return False  # "3.1415926" for a gold "3.1415927": the gold shows that digit
    if len(pred) <= config.max_math_chars and len(gold_clean) <= config.max_math_chars:
        pred_value = _plain_value(pred)
        gold_value = _plain_value(gold_clean) if pred_value is not None else None
        if pred_value is not None and gold_value is not None:
            return _plain_numbers_equal(pred_value, gold_value, question, config)
    if question and len(pred) <= 80 and (named := _named_extreme(pred, question)) is not None:
        predicted = pred = named  # "12 (maximum)" for "What is the maximum area?" names the value asked for
    if _may_have_unit(predicted) and _may_have_unit(gold_clean) and _units_verdict(predicted, gold_clean, config) is False:
        return False  # a unit outside the box or the math counts too: "\\boxed{12} mm", "$12$ mm" for 12 cm
    if _doubted(pred) and not _doubted(gold_clean):
        return False  # "12 (not confident)", "12. That is a guess.", "12 since the real one is unknown" (`doubt`)
    if "$" in pred or "\\(" in pred or "\\[" in pred:
        pred = math_span(pred) or pred  # "Thus $x \\leq 2$ is our answer."
    if ("$" in gold_clean or "\\(" in gold_clean or "\\[" in gold_clean) and not _gold_option(gold_clean):
        gold_clean = math_span(gold_clean) or gold_clean  # (not an option's text: "(A) $12$" keeps its letter)
    if len(pred) > _SHORT_SENTENCE or ("xactly" in pred or "recisely" in pred):
        final = _final_commitment(pred, config)  # a long answer, or a bound settled, read at its end
        if final is not None:
            if _refused(pred, gold_clean) and not _INEQUALITY.search(pred):
                return False  # (its words read as they stand first: "12 is wrong. ... So 12.")
            pred = final
    if _refused(pred, gold_clean):
        return False
    if ("infty" in pred or "∞" in pred) != ("infty" in gold_clean or "∞" in gold_clean):
        pred, gold_clean = _ray_as_interval(pred), _ray_as_interval(gold_clean)  # "x \geq 12" is "[12, \infty)"
    pred, gold_clean = _number_spelling(pred, gold_clean), _number_spelling(gold_clean, pred)
    options = (parse_options(question) if question else {}) or _gold_option(gold_clean)
    choice = _choice_verdict(pred, gold_clean, question, options, config)
    if choice is not None:
        return choice
    return _value_verdict(pred, gold_clean, question, config)


# An extreme named after the value, ending the answer: "12 (maximum)", "12, min", "12 cm
# max", "12 is the maximum", "12 (best case)". (Group 1: the extreme's word.)
_NAMED_EXTREME = re.compile(
    r"(?<=\d)(?:[$}]|\\[)\]])*+(?:[ \t]*+[^\W\d_]{1,20}+){0,3}?[ \t]*+(?:[,;:(\[{—–-]|\*{1,3}+|_|is)?+[ \t]*+"
    r"(?:(?:a|the)[ \t]++)?(max(?:imum|imal)?|min(?:imum|imal)?|best|worst)(?:[ \t-]++case)?"
    r"(?:[ \t]++(?:possible|allowed|permitted))?\.?[ \t]*+[!.]?[ \t]*+(?:[)\]}]|\*{1,3}+|_)?+[ \t]*+[.!]*+$",
    re.IGNORECASE,
)
# The case named before the value: "worst case 12", "In the best case, 12".
_LEADING_CASE = re.compile(r"(?:in[ \t]++the[ \t]++)?(best|worst)[ \t-]++case[ \t]*+[,:]?[ \t]*+(?=[-−+]?\.?\d)", re.IGNORECASE)
# What a question asks for when it asks for an extreme: the maximum, the minimum, the best
# or the worst case.
_ASKS_EXTREME = {
    "max": re.compile(r"\b(?:max(?:imum|imal|imally|imi[sz]e[sd]?|imi[sz]ing)?|largest|greatest|most|highest|biggest|longest)\b",
                      re.IGNORECASE),
    "min": re.compile(r"\b(?:min(?:imum|imal|imally|imi[sz]e[sd]?|imi[sz]ing)?|smallest|least|fewest|lowest|shortest)\b",
                      re.IGNORECASE),
    "best": re.compile(r"\bbest\b", re.IGNORECASE),
    "worst": re.compile(r"\bworst\b", re.IGNORECASE),
}


def _named_extreme(pred: str, question: str) -> str | None:
    """*pred* without the extreme named after its value when the question asks for that
    extreme: "12 (maximum)" for "What is the maximum area?" is 12, the value asked for
    (for another question, or none, the word bounds the value: `hedges.INEQUALITY`).
    ``None`` otherwise. ("12 min" alone is twelve minutes, not a minimum: kept.)"""
    lead = _LEADING_CASE.match(pred)
    if lead is not None:  # "In the worst case, 12" for "How many steps in the worst case?"
        return pred[lead.end() :] if _ASKS_EXTREME[lead.group(1).lower()].search(question) else None
    m = _NAMED_EXTREME.search(pred)
    if m is None or not pred[: m.start()].strip():
        return None
    word = m.group(1).lower()
    kind = "best" if word == "best" else "worst" if word == "worst" else word[:3]
    if kind == "min" and word == "min" and not re.search(r"[,;:(\[{—–*_-][ \t]*(?:(?:a|the)[ \t]+)?min", m.group(0)):
        return None
    if not _ASKS_EXTREME[kind].search(question):
        return None
    return pred[: m.start()].rstrip(" \t,;:—–-")


#: Answers longer than this are read for the value they end on (`_final_commitment`):
#: `numbers.single_number` reads a sentence up to this length.
_SHORT_SENTENCE = 200
# Where a sentence of an answer ends.
_ANSWER_SENTENCE = re.compile(r"[.!](?=\s|$)|\n")
#: Sentences of a long answer read at most (bounded work: the answer is at most 2000 characters).
_MAX_SENTENCES = 40
# A bound settled by an exact value: "At least 12 is needed, and exactly 12 works, so 12."
# (the exact value said to work: "exactly 12 works", "exactly 12 is enough"; "exactly 12
# fails" settles nothing)
_EXACTLY = re.compile(
    r"\b(?:exactly|precisely)[ \t]+([-−]?\d+(?:\.\d+)?)[ \t]+(?:(?:is|are|would[ \t]+be|will[ \t]+be)[ \t]+)?"
    r"(?:works?|suffices?|enough|needed|required|necessary|possible|fits?|does|do|the[ \t]+answer)\b",
    re.IGNORECASE,
)
# The one shape of a bound settled by an exact value that is read ("At least 12 is needed,
# and exactly 12 works, so 12."): a bound that the exact value meets, the exact value said
# to work, a conclusion; nothing else (a doubt, a condition or a joke anywhere in it, or a
# bound the value breaks, "more than 12", leaves the bound unsettled).
_V = r"([-−]?\d+(?:\.\d+)?)"
_SETTLED_BOUND = re.compile(
    r"(?:at[ \t]+least|at[ \t]+most|no[tn]?[ \t]+(?:fewer|less|more)[ \t]+than|a[ \t]+(?:minimum|maximum)[ \t]+of)"
    rf"[ \t]+{_V}(?:[ \t]+[a-z]+)?[ \t]+(?:is|are)[ \t]+(?:needed|required|necessary)"
    r"(?:[ \t]*,[ \t]*(?:(?:and|but)[ \t]+)?|[ \t]*;[ \t]*|[ \t]+(?:and|but)[ \t]+)"
    rf"(?:exactly|precisely)[ \t]+{_V}(?:[ \t]+[a-z]+)?[ \t]+(?:works?|suffices?|(?:is|are)[ \t]+enough)[ \t]*[,;.][ \t]*"
    rf"(?:and[ \t]+)?(?:so|thus|hence|therefore)[ \t,]*(?:the[ \t]+answer[ \t]+is[ \t]+)?{_V}[ \t]*[.!]?",
    re.IGNORECASE,
)
# A bound phrase with a negation in it: "not less than 12" bounds, and denies nothing.
_NEGATED_BOUND = re.compile(r"\bnot[ \t]+(?:less|more|fewer|greater|smaller|larger)[ \t]+than\b", re.IGNORECASE)
_NUMBER_IN_TEXT = re.compile(r"[-−]?\d+(?:\.\d+)?")
# The clause an answer ends on, when it concludes with a value: "..., so 12.", "... Hence 12".
_CONCLUSION = re.compile(
    r"(?:^|[,;.!:—–]|\b(?:and|so)\b)[ \t]*(?:and[ \t]+)?(?:so|thus|hence|therefore|the[ \t]+answer[ \t]+is)[ \t,:]*"
    r"([-−]?\d+(?:\.\d+)?)[ \t.!]*$",
    re.IGNORECASE,
)


def _final_commitment(pred: str, config: RewardConfig) -> str | None:
    """The value *pred* commits to at its end, when it is more than a value: a long
    answer whose last sentence commits to a value (`answer_lines.committed`: "... So the
    answer is 12.") and none of whose other sentences commits to another or doubts it;
    or a bound settled by an exact value ("At least 12 is needed, and exactly 12 works,
    so 12.": every number in it the same, no denial, doubt or alternative). ``None``
    otherwise: the answer is then read as it stands."""
    if _UNSURE.search(pred) or _RETRACTION.search(pred) or _ALTERNATIVE.search(pred):
        return None
    if _INEQUALITY.search(pred):
        settled = _SETTLED_BOUND.fullmatch(pred.strip()) if len(pred) <= _SHORT_SENTENCE else None
        if settled is None or _NEGATION.search(_NEGATED_BOUND.sub(" ", pred)):
            return None
        values = {v.replace("−", "-") for v in settled.groups()}
        return settled.group(3) if len(values) == 1 else None
    if len(pred) <= _SHORT_SENTENCE:
        return None
    sentences = [s.strip() for s in _ANSWER_SENTENCE.split(pred, maxsplit=_MAX_SENTENCES)]
    sentences = [s for s in sentences if s]
    if not sentences or len(sentences) > _MAX_SENTENCES:
        return None
    value = committed(sentences[-1], after_answer=True)
    if not value:
        return None
    for sentence in sentences[:-1]:
        if _DIGIT.search(sentence) and (_NEGATION.search(sentence) or _MAY_BE.search(sentence)):
            return None  # "12 is wrong.", "It could be 15.": a value denied or offered on the way
        other = committed(sentence, after_answer=True)
        if other and not _equivalent(other, value, "", config):
            return None  # an earlier sentence commits to another value
    return value


# A value offered as a possibility: "It could be 15", "the answer might equal 15".
_MAY_BE = re.compile(r"\b(?:could|might|may|would|can)[ \t]+(?:also[ \t]+)?(?:be|equal|give|become)\b", re.IGNORECASE)


# A one-sided relation of one variable and a number: "x \geq 12", "x < -3", "y ≤ 2.5".
_RAY = re.compile(
    r"[ \t]*[A-Za-z][ \t]*(>=|≥|\\geq?(?![A-Za-z])|\\geqslant|>|\\gt(?![A-Za-z])|<=|≤|\\leq?(?![A-Za-z])|\\leqslant"
    r"|<|\\lt(?![A-Za-z]))[ \t]*(-?[0-9]+(?:\.[0-9]+)?)[ \t]*"
)


def _ray_as_interval(text: str) -> str:
    """*text* as an interval when it is a one-sided relation of one variable ("x \\geq
    12" is "[12, \\infty)", "x < 3" is "(-\\infty, 3)"), so that it meets an interval
    answer; else unchanged."""
    m = _RAY.fullmatch(text) if len(text) <= 40 else None
    if m is None:
        return text
    relation, bound = m.group(1), m.group(2)
    if relation[0] in ">≥" or relation.startswith(("\\g",)):
        return ("[" if relation not in (">", "\\gt") else "(") + bound + ", \\infty)"
    return "(-\\infty, " + bound + ("]" if relation not in ("<", "\\lt") else ")")


# An accent over a number, which makes it another value: a repeating decimal
# ("0.\\overline{3}", "0.\\dot{3}"), a conjugate or a mean ("\\bar{12}", "\\overline{12}"), a
# vector, an arc; in LaTeX, or a combining accent after a digit ("1\u03052\u0305").
_ACCENTED_NUMBER = re.compile(
    r"\\(?:overline|bar|hat|widehat|check|widecheck|dot|ddot|dddot|vec|overrightarrow|overleftarrow"
    r"|overleftrightarrow|tilde|widetilde|breve|acute|grave|mathring|overarc|wideparen|overparen|overgroup|conj"
    r"|overset|underset|stackrel|accentset)(?![A-Za-z])\s*(?:\{[^{}]{0,60}\}\s*)?(?:\{[^{}]{0,60}?\d|\d)"
    r"|\d[\u0300-\u036f\u20d0-\u20ff]"
)


def _accented(text: str) -> bool:
    """Whether *text* holds a number under an accent (`_ACCENTED_NUMBER`); cheap: a
    backslash or a non-ASCII character must be there first."""
    return ("\\" in text or not text.isascii()) and _ACCENTED_NUMBER.search(text) is not None


def _refused(pred: str, gold: str) -> bool:
    """Whether the cleaned answer *pred* commits to nothing that *gold* does not share:
    a question, a doubt, a void (`_void`) or a value taken back later; or a number
    under an accent on one side only ("\\overline{12}" is no 12, "0.3" no "0.\\overline{3}":
    the normaliser drops accents, as a segment's "\\overline{AB}" is AB)."""
    if _accented(pred) != _accented(gold):
        return True
    if "?" in pred and "?" not in gold:
        return True  # "12?", "B?": asked, not answered
    if _UNSURE.search(pred) and not _UNSURE.search(gold):
        return True  # "probably 12", "maybe B", "12‽" commit to nothing, an option neither
    if _void(pred, gold):
        return True  # a box voided by the text after it, a struck-out letter, a joke
    return _taken_back_later(pred) and not _taken_back_later(gold)  # "12 (wrong)", "12. Wait, that's wrong."


def _choice_verdict(pred: str, gold: str, question: str, options: dict[str, str],
                    config: RewardConfig) -> bool | None:
    """The verdict an option letter gives, on either side: the letters compared when the
    gold names one, else the named option's text against the gold; ``None`` when no
    letter decides (then the value is compared)."""
    if (options and _ALTERNATIVE.search(pred) and not _ALTERNATIVE.search(gold)
            and not any(_ALTERNATIVE.search(text) for text in options.values())):
        return False  # "12 or blue", "(A) 12 or 15": an option offered beside another answer
    gold_letter = _letter_of(gold, options)
    if gold_letter == "":
        return False
    if gold_letter is not None and (options or _LETTER_ALONE.match(gold)):
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
    if not options:
        return None
    pred_letter = _letter_of(pred, options)
    if pred_letter == "":
        return False
    if pred_letter is None or pred_letter not in options:
        return None
    if _LETTER_ALONE.match(pred):
        return _plain_equivalent(options[pred_letter], gold, question, config)
    # The letter decides, and a value written beside it must be its option's:
    # "60° (B)" where B is 45° names two options, and is neither.
    option = options[pred_letter]
    rest = _beside_letter(pred)
    if not option:
        return _plain_equivalent(rest, gold, question, config)
    return _plain_equivalent(option, gold, question, config) and not _contradicts(rest, option, config)


def _value_verdict(pred: str, gold: str, question: str, config: RewardConfig) -> bool:
    """The cleaned answers compared as values: yes/no, then structures (matrices,
    compounds, relations, sets, tuples), an equation chain's last value, a hedge of
    several values, lists, and last `_plain_equivalent`."""
    gold_yn = _yes_no(gold)
    if gold_yn is not None and len(gold) <= 4:
        return _yes_no(pred) == gold_yn
    if gold_yn and len(pred) <= 4 and _yes_no(pred) is not None:
        return _yes_no(pred) == gold_yn  # "yes" for a gold "Yes, the bar is taller"
    if "\\in" in pred or "∈" in pred or "<" in pred or "\\l" in pred:
        pred = compound.strip_membership(pred)  # "x \\in [-2, 7]" names the set [-2, 7]
    if "\\in" in gold or "∈" in gold or "<" in gold or "\\l" in gold:
        # a gold "-2 \\le x \\le 7" takes the interval, as Math-Verify does; a gold set
        # does not take a chain of inequalities as its answer
        gold = compound.interval_of(gold) or gold
    for verdict in (_matrix_verdict, _compound_verdict, _scaled_relation_verdict, _sets_verdict,
                    _relations_verdict, _tuples_verdict):
        found = verdict(pred, gold, config)
        if found is not None:
            return found
    if "=" in pred and "=" not in gold:
        last = _chain_value(pred, config)
        if last is not None:
            return _plain_equivalent(last, gold, question, config)
    if "=" in gold and "=" not in pred:
        gold = _named_value(gold)
    if _HEDGE.search(pred) and not _HEDGE.search(gold):
        # "12 or 15", "B and C": several values where the gold holds one.
        one_value = _single_number(pred) is not None and not _ALTERNATIVE.search(pred)
        if not one_value and not _text_equal(pred, gold) and not _math_equal(pred, gold, config):
            return False
    listed = _lists_verdict(pred, gold, config)
    if listed is not None:
        return listed
    return _plain_equivalent(pred, gold, question, config)


# A number written with spaced thousands ("1 000", "12 345.5", "1\,000", "1{,}000"):
# one number, not two.
_SPACED_THOUSANDS = re.compile(r"-?\d{1,3}(?:(?:[ \u00a0\u2009\u202f'’]|\\[,! ]|\{,\})\d{3})+(?:\.\d+)?")
_THOUSANDS_SEPARATOR = re.compile(r"[ \u00a0\u2009\u202f'’]|\\[,! ]|\{,\}")


# "11,\! 111": a thousands comma with a negative thin space after it.
_BANG_THOUSANDS = re.compile(r"(?<=\d),\s*\\!\s*(?=\d{3}(?!\d))")
# "1000,99", "0,111": one comma that is no thousands separator (not three digits after
# it, or a zero before it) is a decimal comma.
_DECIMAL_COMMA = re.compile(r"(-?\d+),(\d+)")


def _number_spelling(text: str, other: str) -> str:
    """*text* as one number in the usual spelling when it is one in another: spaced
    thousands groups (``1 000`` is ``1000``, and the Swiss ``1'000``), ``\\!`` after a thousands comma, a
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
