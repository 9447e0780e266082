"""What around a key step's match takes it back: the words and signs right before and
right after it.

A key step is earned by a text that *states* it. A match is not a statement when the
text around it makes the matched value another value, or says it is not the value:

- the number goes on (`continues_after`): its digits go on past a character that shows
  nothing (``5\\u200b0``, ``5{}0``, ``5\\!0``) or a thousands separator (``5'000``,
  ``5_000``, ``5{,}000``, ``5~000``); a fraction makes it a mixed number (``5 1/2``,
  ``5 \\frac{1}{2}``, ``5 ⅓``); a scale, a percent, a factorial, a power of ten or a
  constant multiplies it (``5 万``, ``5 mln``, ``5 %``, ``5 !``, ``5 E3``,
  ``5 \\times 10^3``, ``5\\theta``, ``5 x``). A key that states a value (anything but a
  bare number: ``x = 5``, ``3*4=12``) is not earned either where the value is an operand
  (``x = 5 + 2``, ``x = 5 times 3``, ``x = 5(2)``, ``x = 5 squared``), the end of a
  range (``x = 5-6``, ``x = 5 to 6``, ``x = 5 ~ 6``, ``x = 5 | 6``, ``x = 5 ... 6``) or
  compared (``x = 5 > 4``). A bare key number stays an operand (``12`` in ``12 + 3 = 15``);
- the value is denied, doubted or bounded after it (`taken_back_after`): ``x = 5 isn't
  right``, ``x = 5 cannot be``, ``x = 5 不对``, ``x = 5 (not sure)``, ``x = 5 (?)``,
  ``x = 5‽``, ``x = 5, maybe``, ``x = 5 at least``, ``x = 5 maximum``, ``x = 5+``;
- or before it (`taken_back_before`): ``it's not true that x = 5``, ``we can't have
  x = 5``, ``Not: x = 5``, ``不是x=5``, ``maybe x = 5``, ``rule out x = 5``; and, for a
  key that states a value, an operand and an operator before it (``2 + x = 5``).

The rules run on a short window of text beside the match (`after_window`,
`before_window`): the raw text as written, or the canonical text with its whitespace
squeezed out, where the window is rebuilt with a space wherever whitespace stood, so
that one set of patterns, with word boundaries, serves both (LaTeX as written, and its
canonical spelling: ``\\cdot`` and ``*``, ``\\theta`` and ``theta``, ``\\frac{1}{2}``
and ``1/2``). Every pattern is anchored and runs on at most `WINDOW` characters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .inserts import INSERT_LAST, insert_endings, may_end_with_insert, without_inserts
from .second_value import offered_beside_after

#: How many characters on each side of a match the rules look at.
WINDOW = 40
_SEPARATOR = "\x00"

# Whitespace and LaTeX spacing commands.
_SP = r"(?:[ \t\u00a0\u2000-\u200a\u202f\u3000]|\\[,;: ]|\\q?quad(?![a-z]))"
# What may stand between a number and what follows it without being anything: spacing,
# the end of a math span, a closing brace, and the opening of a text command.
_T = (r"(?:[ \t\u00a0\u2000-\u200a\u202f\u3000$}]|\\[,;: )\]]|\\q?quad(?![a-z])"
      r"|\\(?:text|mathrm|textrm|mbox|mathit|textit|textbf|mathbf|operatorname)[ ]*\{"
      r"|(?:text|mathrm|textrm|mbox)(?=[a-z%万亿]))")  # canonical: "\\text{k}" is "textk"
# Characters that show nothing (and empty groups): digits on both sides are one number.
_NULL = r"(?:[\u200b-\u200d\u2060\ufeff\u00ad\u034f\u2061-\u2064]|\{[ ]*\}|\\!|\\/)"
# Thousands separators of several conventions, LaTeX included.
_GROUP_SEP = (r"(?:[ '’_~\u00a0\u2007\u2008\u2009\u202f\u066c]|\{(?:[,.' ]|\\[,;: !])\}|\\[,;: !]|\\q?quad[ ]*"
              r"|\\text[ ]*\{[ ]*\}|\\thinspace|\\?hspace\{?[0-9.]{1,4}[a-z]{2}\}?)")
_GREEK = (r"alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|nu|xi|"
          r"omicron|rho|varrho|sigma|tau|upsilon|phi|varphi|chi|psi|omega")
# Functions: a number glued to one is a coefficient ("5\\cos\\theta", "5sinx").
_FUNCTION = r"(?:arcsin|arccos|arctan|sinh|cosh|tanh|coth|sech|csch|sin|cos|tan|cot|sec|csc|log|ln|lg|exp|sqrt)"
# After a space, "sec" is a unit ("5 sec").
_SPACED_FUNCTION = r"(?:arcsin|arccos|arctan|sinh|cosh|tanh|coth|sech|csch|sin|cos|tan|cot|csc|log|ln|lg|exp|sqrt)"
_CONSTANT_CMD = rf"\\(?:{_GREEK}|pi|{_FUNCTION}|infty|hbar|ell|operatorname)(?![a-z])"
# A name that another statement starts with ("x = 5 \\quad \\theta = 30°", "x = 5 y = 3").
_STATEMENT = rf"{_SP}*(?:_\{{?[a-z0-9]{{1,4}}\}}?{_SP}*)?="
_CONSTANT_CHAR = "πθαβγδεζηλνξρστφχψωΩΘΦΨ√∞ℏ"
# A variable written after a number with a space ("5 x"): the letters that are no unit
# symbol (m, s, g, l, h, n, v, w, a, j are units; k is a scale).
_VARIABLE = "bcdefijopqrtuxyz"
# A letter set in a font command after a number ("5\\mathrm{i}", "5\\mathit{x}", canonical
# "5mathrmi"): a variable or a constant (i, j, e), not a unit (m, s, g, t, ...).
_FONT = r"(?:text|mathrm|textrm|mbox|mathit|textit|mathbf|textbf|boldsymbol|bm|mathnormal|mathsf|mathtt)"
_MARKED_VARIABLE = (rf"{_SP}*(?:\\{_FONT}[ ]*\{{{_SP}*|{_FONT}(?=[a-z])|\{{)[bcdefijnpqrxyz]"
                    rf"(?:{_SP}*\}}|(?![a-z]))(?!{_STATEMENT})")
# A ratio or a time ("5:2", "5∶2", "5\\colon 2"): another value. A bare number only with its
# colon glued to both sides ("Step 5: 2 apples" is a label).
_RATIO = r"(?:[:∶]|\\colon(?![a-z])|colon(?![a-z]))"
_SCALE = (rf"(?:(?:thousand|million|billion|trillion|quadrillion|mln|mio|mrd|bn|mn|lakh|lac|crore|dozen|gross|score"
          rf"|hundred)s?|k(?!{_STATEMENT}))(?![a-z])|[万萬亿億兆]|千(?![克米瓦焦卡帕赫升])|百(?![分米克])")
_PERCENT = r"(?:[%％‰‱]|\\%|percent|per[ ]*(?:cent|mille)|pct(?![a-z])|basis[ ]*points?|bps(?![a-z]))"
# What makes a number another number, for every key that ends in one.
_NUMBER_GOES_ON = re.compile(
    rf"{_NULL}+[0-9]"                                       # 5\u200b0, 5{{}}0, 5\!0
    rf"|{_NULL}*{_GROUP_SEP}{_NULL}*[0-9]{{3}}(?![0-9])"      # 5'000, 5_000, 5{{,}}000, 5~000
    rf"|{_T}*(?:{_SCALE}|{_PERCENT})"                        # 5 万, 5 mln, 5 %, 5 percent
    rf"|{_SP}*(?:[0-9]+{_SP}*(?:[/÷⁄⧸∕]|\\div(?![a-z])){_SP}*[0-9]|\\[dtcs]?frac|\\nicefrac|[¼½¾⅐-⅞↉])"  # 5 1/2
    rf"|{_SP}*and{_SP}*(?:an?|one|two|three|[0-9]+{_SP}*/{_SP}*[0-9]+)?{_SP}*(?:half|halves|thirds?|quarters?"
    rf"|fourths?|fifths?|eighths?)(?![a-z])"                 # 5 and a half
    rf"|{_T}*and{_T}+(?:[0-9]+{_SP}*(?:[/÷⁄]|\\div(?![a-z])){_SP}*[0-9]+|\\[dtcs]?frac|\\nicefrac|[¼½¾⅐-⅞])"
    rf"(?!{_SP}*[0-9./{{}}]*{_SP}*=)"                           # 5 and 1/2
    rf"|[:∶][0-9]"                                           # 5:2
    rf"|[ \t\u00a0]*[!‼](?!=)"                               # 5 !
    rf"|{_SP}*e{_SP}*[-+−]?{_SP}*[0-9]"                      # 5 E3
    rf"|{_SP}*(?:\\times|\\cdot|\\ast|[×·⋅*x]){_SP}*10{_SP}*(?:\^|\*\*|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻])"  # 5 \times 10^3
    rf"|{_T}*(?:{_CONSTANT_CMD}|[{_CONSTANT_CHAR}])(?!{_STATEMENT})"   # 5\theta, 5 π
    rf"|{_SP}+(?:{_GREEK}|pi|{_SPACED_FUNCTION}|infty|hbar)(?![a-z])(?!{_STATEMENT})"  # 5 theta
    rf"|{_SP}*(?:{_FUNCTION}(?=(?:{_GREEK}|pi)(?![a-z])|[{_CONSTANT_CHAR}0-9(\\{{])|operatorname(?=[a-z]))"  # 5 costheta
    rf"|{_FUNCTION}(?={_SP}*(?:[a-rt-z](?![a-z])|[0-9(]))"   # 5sinx, 5arctan 2 (canonical)
    rf"|{_MARKED_VARIABLE}"                                  # 5\mathrm{i}
    rf"|{_SP}+[{_VARIABLE}](?![a-z])(?={_SP}*(?:$|[-+*/^().,;:!?\]|$\\\x00]))"  # 5 x
    rf"|{_SP}*(?:(?:squared|cubed|raised{_SP}+to)(?![a-z])|to{_SP}+the{_SP}+(?:power(?![a-z])|[0-9]))",  # 5 squared
)
# An operand after an operator: a number (in digits or words), a bracket, a command, a
# constant or a name.
_NUMBER_WORD = (r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
                r"|hundred|thousand|half|a[ ]+half|a[ ]+third|a[ ]+quarter)(?![a-z])")
_OPERAND = (rf"{_SP}*[-−+]?{_SP}*(?:[0-9]|\.[0-9]|[(\[{{]|\\(?:[dt]?frac|sqrt|left|{_GREEK}|pi)(?![a-z])"
            rf"|[{_CONSTANT_CHAR}]|{_NUMBER_WORD}|(?:[b-hj-z]|[ai](?![ \t]+[a-z]))(?![a-z]))")
_OPERATOR = (r"(?:\*\*|[-+*/^×÷·⋅∗−–—‒―∕⁄⧸]|\\(?:cdot|times|ast|div|pm|mp|star)(?![a-z])"
             r"|\\?(?:times|plus|minus|bmod|mod|pmod|modulo|over|x|divided[ ]*by|multiplied[ ]*by)(?![a-z]))")
_RANGE = (r"(?:\.\.\.?|…|⋯|\\[lc]?dots[a-z]*|[~～∼⁓〜|∣→⟶]|\\(?:sim|to|rightarrow|longrightarrow)(?![a-z])"
          r"|\\?(?:mid|vert|lvert|rvert)(?![a-z])"
          r"|->|-->|(?:to|through|thru|till|until|vs|versus|至|到)(?![a-z]))")
_PRECISION = r"(?:decimal|significant|sig|s\.?f|d\.?p|dp|sf|places|digits|figures)(?![a-z])"
_RELATION = (r"(?:<(?!/?[a-z][a-z0-9]*[ />])|>|[≤≥≦≧⩽⩾≪≫≮≯≰≱]"
             r"|\\(?:le|leq|ge|geq)(?![a-z])"
             r"|\\?(?:lt|gt|ll|gg|lneq|gneq|nless|ngtr|nleq|ngeq|prec|succ|preceq|succeq)(?![a-z]))")
# What makes a stated value (``x = 5``, ``3*4=12``) part of another value: an operator
# with an operand, the start of a range, a comparison, a product in brackets.
_VALUE_GOES_ON = re.compile(
    rf"{_T}*{_OPERATOR}{_OPERAND}"
    rf"|{_T}*\+"                                             # 5+: a bound
    rf"|\({_SP}*[-−+]?{_SP}*(?:[0-9]|\.[0-9]|[a-z](?![a-z])|\\)"   # 5(2): a product
    rf"|{_SP}+\({_SP}*[-−+]?[0-9.]+{_SP}*\)"                 # 5 (2)
    rf"|{_T}*{_RANGE}{_SP}*[-−]?{_SP}*[0-9](?![0-9.]*{_SP}*{_PRECISION})"
    rf"|{_T}*{_RELATION}"
    rf"|{_SP}*{_RATIO}{_SP}*[0-9]",                          # 5 : 2
)
_JUDGEMENT = (r"(?:right|correct|true|valid|possible|feasible|allowed|acceptable|consistent|accurate|so|it"
              r"|the[ ]+(?:answer|solution|case|value|result|one)|an?[ ]+(?:solution|root|answer|option|valid|possible)"
              r"|work|hold|satisf|fit|apply|check|agree|match|make[ ]+sense|happen|occur|exist)")
_NEGATED = (r"(?:(?:is|are|was|were|does|do|did|could|would|should|must|need|has|have|had)[ ]*(?:not|n['’]t)"
            r"|(?:can|will)[ ]+not|cannot|can['’]t|won['’]t|shan['’]t|ain['’]t|never)")
_DOUBT = (r"(?:maybe|perhaps|possibly|probably|presumably|likely|unlikely|supposedly|allegedly|hopefully"
          r"|i[ ]+(?:think|guess|believe|suppose|assume|hope)|i['’]?m[ ]+not[ ]+sure"
          r"|not[ ]+(?:sure|certain|confirmed|verified|checked|really|quite)|unsure|uncertain|unverified|unconfirmed"
          r"|tentative(?:ly)?|guess(?:ing|ed)?|to[ ]+be[ ]+(?:checked|verified|confirmed)|tbc|tbd"
          r"|if[ ]+(?:i['’]?m|i[ ]+am)[ ]+(?:right|correct)|or[ ]+(?:so|not|thereabouts)|-?ish|kinda|sort[ ]+of"
          r"|just[ ]+kidding|jk|lol|scratch[ ]+that|never[ ]*mind)(?![a-z])")
_BOUND = (r"(?:at[ ]+(?:the[ ]+)?(?:very[ ]+)?(?:least|most|minimum|maximum|max|min|best|worst|lowest|highest|latest|earliest)"
          r"|minimum|maximum|minimal|maximal|max|tops|upwards?|onwards?|give[ ]+or[ ]+take"
          r"|(?:is[ ]+|as[ ]+)?(?:an?|the)[ ]+(?:lower|upper)[ ]+bound"
          r"|or[ ]+(?:above|below|higher|lower|greater|fewer|more|less|over|under|bigger|smaller|larger|better|worse)"
          r"|and[ ]+(?:up|above|over|higher|more|greater|below|under|lower|less|beyond))(?![a-z])")
_WRONG = (r"(?:wrong|incorrect|false|untrue|impossible|invalid|absurd|bogus|nonsense|mistaken|erroneous"
          r"|a[ ]+mistake|an[ ]+error|a[ ]+typo|ruled[ ]+out|excluded|rejected|discarded|eliminated|fails?|failed"
          r"|contradicts|(?:leads|led|gives)[ ]+(?:to[ ]+)?(?:a[ ]+)?contradiction|a[ ]+contradiction"
          r"|extraneous|spurious|inadmissible|void|no[ ]+good|not[ ]+(?:valid|allowed|admissible|applicable|a[ ]+"
          r"(?:valid[ ]+)?(?:solution|root|answer))|out[ ]+of[ ]+(?:the[ ]+)?(?:domain|range)|oops|my[ ]+bad"
          r"|(?:a[ ]+)?typos?(?![a-z])(?![ ]*(?:fix|correct))"
          r"|(?:to[ ]+be[ ]+)?(?:ignored|disregarded|dropped|scrapped|struck|deleted|crossed[ ]+out|thrown[ ]+out)"
          r"|(?:ignore|disregard|discard|drop|scrap|delete|reject|exclude|eliminate|strike)(?:[ ]+(?:it|this|that|me))?"
          r"[ ]*(?=$|[.,;!)）])"
          r"|not(?:[ ]+(?:really|so|quite))?[ ]*(?=$|[.,;!)）]))(?![a-z])")
# A value that holds only in a counterfactual ("if x = 5 were true, ...").
_COUNTERFACTUAL = rf"(?:were|had[ ]+been|would[ ]+have[ ]+been)[ ]+(?:to[ ]+(?:be|hold)|{_JUDGEMENT})"
# Two values offered side by side with a unit or a noun ("5 apples or 6 apples", "5 cm
# or 6"): another value in another unit ("5 cm or 50 mm") restates it.
_HEDGED_VALUE = (r"(?:(?P<unit>[a-z]{1,20})\}?[ ]*)?,?[ ]*[(（]?[ ]*(?:or|and/or)[ ]+"
                 r"(?:(?:maybe|perhaps|possibly|probably)[ ]+)?[-−]?[0-9]+(?:\.[0-9]+)?"
                 r"(?:[ ]*(?:\\text[ ]*\{[ ]*)?(?P=unit)(?![a-z])|(?![ ]*(?:[0-9.]|\\text|[a-z])))")
# A correction right after a match to a bare number: "x = 5, no wait, 6", "x = 5 (I mean
# 6)", "x = 5; actually 6." (a later assignment of the name, "x = 5, no wait, x = 6", is
# `later_denial.corrected_later`'s).
_MARK = r"(?:\*\*|\*|__|_|`)?"  # (bold, italics or a code mark around a word)
# The marks a correction may follow: a bracket, a comma, a colon, a dash, an ellipsis.
_CORRECTION_MARK = r"(?:\.\.\.?|…|[(,;:.!\u2014\u2013→，；：。-]|->)"
_CORRECTION_HEAD = (rf"{_MARK}(?:no[ ]*,?[ ]*)?(?:wait|hold[ ]+on|actually|i[ ]+mean|i[ ]+meant|scratch[ ]+that|correction|sorry"
                    r"|oops|err|erm|er|um+|uh|hmm+|make[ ]+that|rather|or[ ]+rather|better|(?:let[ ]+me[ ]+)?correct(?:ing|ion)?[ ]+(?:it|that)"
                    rf"|no|nope|nein|non|attends|en[ ]+fait|espera|warte|等等|不对|其实|更正)(?![a-z]){_MARK}[ ]*"
                    r"(?:[,:;.!\u2014\u2013→，；：-]|->)*[ ]*"
                    r"(?:(?:it['’]?s|it[ ]+is|it[ ]+should[ ]+be|should[ ]+be|make[ ]+(?:it|that)|i[ ]+meant?)[ ]*[,:]?[ ]*)?"
                    r"\$?[-−]?[0-9]+(?:\.[0-9]+)?(?![0-9]|\.[0-9])")
_CORRECTION_END = r"\$?(?=[ ]*(?:$|[.,;!?)\]。，；！]))"
_CORRECTED_TO = rf"{_CORRECTION_HEAD}(?:[ ]*(?:°|[a-z]{{1,3}}(?![a-z])))?{_CORRECTION_END}"
# The same after a unit or a noun that follows the value ("x = 5 cm, no wait, 6 cm", "x =
# 5 apples (I mean 6)", "x = 5°, wait, 6°", "x = 5 square units, no wait, 6", "x = 5 kg
# of flour, no wait, 6"): the unit (a word, a plural "s" aside, and up to two more;
# "cm^2", "m/s", "\\text{cm}") and then the correction; the corrected number bare or
# with the same unit. (Another unit may restate the value: "x = 5 cm, or rather 50 mm".)
_TEXT_CMD_OPEN = r"(?:\\(?:text|mathrm|textrm|mbox)[ ]*\{[ ]*)?"
_UNIT_WORD = r"(?P<cu>[°\x06]|\^\{?\\circ\}?|\\circ|[a-z]{1,20}?)(?:e?s)?(?![a-z])(?:[/^][a-z0-9]{1,4}|[²³])?"
_CORRECTED_AFTER_UNIT = (
    rf"{_MARK}{_TEXT_CMD_OPEN}{_UNIT_WORD}(?:[ ]+(?P<cu2>[a-z]{{1,20}}(?:[ ]+[a-z]{{1,20}})?)(?![a-z]))?[ }}$]*{_MARK}"
    rf"{_CORRECTION_MARK}{_SP}*{_CORRECTION_HEAD}"
    rf"(?:{_SP}*{_TEXT_CMD_OPEN}(?P=cu)(?:e?s)?(?![a-z])(?:[/^][a-z0-9]{{1,4}}|[²³])?(?(cu2)[ ]+(?P=cu2)(?![a-z]))[ }}]*)?"
    rf"{_MARK}{_CORRECTION_END}")
# What after a match denies, doubts or bounds it (the words may follow a bracket, a
# comma, a colon or a dash; a denial also a verb: "x = 5 is wrong").
_TAKEN_BACK_AFTER = re.compile(
    rf"{_T}*(?:\.\.\.?|…)?{_T}*(?:[?？‽؟⁇⁈⁉❓❔]|[(\[（]{_SP}*(?:[?？‽؟!±∓]|\\(?:pm|mp)(?![a-z])|\+/?-))"
    rf"|{_T}*[.!]{_SP}*(?:no|nope|nah|wrong|not[ ]+really|just[ ]+kidding|jk)[ ]*(?:$|[.,!;:)])"
    rf"|{_T}*{_HEDGED_VALUE}"
    rf"|{_T}*{_CORRECTION_MARK}{_SP}*{_CORRECTED_TO}"
    rf"|{_T}*{_CORRECTED_AFTER_UNIT}"
    rf"|{_T}*(?:[(,:;\u2014\u2013（，：-]|\.\.\.|…)?{_SP}*(?:"
    rf"(?:(?:is|was|are|seems|looks|appears|would[ ]+be|must[ ]+be|sounds)[ ]+)?{_WRONG}"
    rf"|{_NEGATED}[ ]*(?:be[ ]*)?(?:{_JUDGEMENT}|$|[.,;!)])"
    rf"|{_DOUBT}|{_BOUND}|{_COUNTERFACTUAL}"
    rf"|(?:no|nope|nah)[ ]*(?:$|[.,!;:)])|plus(?![a-z])(?!{_OPERAND})"
    rf"|(?:是)?(?:错的|错误|不对|不正确|不成立|不可能|不行|不符合|矛盾|有误|错)"
    rf"|(?:ist[ ]+)?(?:falsch|nicht[ ]+(?:richtig|korrekt|möglich|wahr))|n['’]est[ ]+pas|(?:est[ ]+)?faux"
    rf"|(?:es[ ]+)?(?:incorrecto|falso)|no[ ]+es(?![a-z])|(?:é[ ]+)?(?:errado|incorreto)|não[ ]+é"
    rf"|[✗✘❌❎🚫👎])",
)
# Another value of the same quantity offered beside a value (`_offered_beside`). After a
# key that states a value: a bare number after "vs", "versus" or "resp." ("x = 5 (vs 6)",
# "x = 5 vs. 6", "x = 5 (resp. 6)"); after "and" or "&" where nothing but a closing mark,
# "too" or "respectively" follows it ("x = 5 (and 6)", "x = 5, and also 6", "x = 5 & 6
# too"; "x = 5 and 6 is the other side" and "x = 5 and y = 6" state two quantities).
# After any key: one said to be possible too or given as an alternative ("x = 5, 6 also
# possible", "x = 5 (6 is possible too)", "x = 5, but 6 is also plausible", "x = 5, 6
# alternatively"; not under a condition, "6 is also possible if a < 0"). A unit or a
# noun may follow the first value, and the same one the second.
_BESIDE_NUMBER = r"\$?[-−]?[0-9]+(?:\.[0-9]+)?(?![0-9]|\.[0-9])\$?"
_BESIDE_UNIT = rf"(?:[ ]*{_TEXT_CMD_OPEN}(?P<bu>[°\x06]|\^\{{?\\circ\}}?|\\circ|[a-z]{{1,20}}?)(?:e?s)?(?![a-z])(?:[ ]*\}})?)?"
_SECOND_UNIT = rf"(?(bu)(?:[ ]*{_TEXT_CMD_OPEN}(?P=bu)(?:e?s)?(?![a-z])(?:[ ]*\}})?)?|(?:[ ]*°)?)"
_BESIDE_END = (r"(?=[ ]*(?:$|[.;!)\]）\x00*_]|,(?![ ]*(?:if|when|whenever|unless|provided|only|but|for|in|where)"
               r"(?![a-z]))))")
_POSSIBLE_TOO = (r"(?:,?[ ]*(?:alternatively|alternately|as[ ]+an[ ]+alternative)"
                 r"|(?:(?:is|are|['’]s|would[ ]+be|seems|looks|may[ ]+be|might[ ]+be|could[ ]+be)[ ]+)?"
                 r"(?:(?:also|equally|too|both)[ ]+)?(?:possible|plausible|feasible|viable|conceivable|likely"
                 r"|an?[ ]+(?:option|possibility|alternative|candidate)"
                 r"|(?:could|might|may)[ ]+(?:also[ ]+)?(?:work|hold|be[ ]+(?:right|correct|it|the[ ]+answer)))(?![a-z])"
                 r"(?:[ ]+(?:too|as[ ]+well|also)(?![a-z]))?)")
_BESIDE_HEAD = rf"{_T}*{_BESIDE_UNIT}{_T}*{_MARK}{_SP}*"
# (for a key that states a value: "x = 5 vs 6"; a bare number is compared, "5 vs 6", or
# listed, "sides 5 and 6")
_OFFERED_BESIDE = re.compile(
    rf"{_BESIDE_HEAD}(?:"
    rf"(?:[,;]{_SP}*)?(?:[(\[（]{_SP}*)?{_MARK}(?:(?:vs|versus|resp|respectively)(?![a-z])\.?|v\.){_MARK}[ }}]*{_SP}*[,:]?{_SP}*"
    rf"{_BESIDE_NUMBER}"
    rf"|(?:[,;]{_SP}*)?(?:[(\[（]{_SP}*)?{_MARK}(?:and|&|\\&){_MARK}(?:{_SP}+(?:also|maybe|perhaps|possibly|probably|even))?"
    rf"{_SP}*{_BESIDE_NUMBER}{_SECOND_UNIT}{_SP}*(?:(?:too|also|as[ ]+well|respectively|both)(?![a-z]))?{_BESIDE_END})"
)
# (for every key: "x = 5, 6 also possible", "12 (13 is possible too)")
_POSSIBLE_BESIDE = re.compile(
    rf"{_BESIDE_HEAD}(?:[,;(\[（]{_SP}*(?:(?:but|though|although|and|or)[ ]+)?|{_SP}+(?:but|though|although)[ ]+)"
    rf"(?:(?:also|maybe|perhaps|possibly)[ ]+)?{_BESIDE_NUMBER}{_SECOND_UNIT}{_SP}*{_POSSIBLE_TOO}{_BESIDE_END}"
)
# (the words `offered_beside` may start with, for the cheap test after a match)
_OFFERED_BESIDE_LEAD = re.compile(r"vs|versus|resp|respectively|and|but|though|although")


# What before a match denies or doubts it. Written in reading order as templates, each
# a sequence of slots of words (a slot ending in "?" is optional), and compiled into one
# pattern matched, anchored, on the reversed tail of the window with its whitespace
# collapsed (`taken_back_before`): one match at one position, where a pattern anchored
# at the window's end would be tried at every position of it.
_NOT = ("not", "never", "nicht", "cannot", "nor", "neither", "pas", "no es", "não é", "¬", "\\neg", "\\lnot", "neg",
        "lnot")
_NEG_AUX = tuple(
    f"{aux} not" for aux in ("is", "are", "was", "were", "does", "do", "did", "could", "would", "should", "must",
                              "need", "has", "have", "had", "can", "will")
) + tuple(f"{aux}n{q}t" for aux in ("is", "are", "was", "were", "does", "do", "did", "could", "would", "should",
                                     "must", "need", "has", "have", "had") for q in "'’") + tuple(
    f"{word}{q}t" for word in ("can", "won", "shan", "ain") for q in "'’") + ("cannot", "never")
_VERBS = ("have", "be", "get", "obtain", "conclude", "say", "claim", "accept", "assume", "hold", "mean", "imply",
          "write", "take", "set", "choose", "use", "allow", "put", "expect", "infer", "deduce", "state",
          "guarantee", "trust", "believe", "think", "know", "tell", "see", "feel", "buy", "agree")
_NOT_SO = ("true", "the case", "possible", "correct", "right", "valid", "so", "necessarily", "necessarily true",
           "clear", "likely", "given", "known", "sure", "certain", "convinced", "confident", "obvious", "evident",
           "proven", "established", "be sure", "be certain", "be true", "be confident", "entirely sure",
           "completely sure", "fully sure", "totally sure", "quite sure", "so sure", "too sure", "100% sure",
           "100 % sure", "100% certain")
# A clause after a word of doubt or denial: "not sure that", "unclear whether", "pas sûr que",
# "nicht sicher, ob", "no estoy seguro de que".
_CLAUSE = ("that?", "if?", "whether?", "dass?", "daß?", "ob?", "que?", "qu'?", "qu’?", "de que?", "si?", "se?", "che?",
           "dat?", "że?", "чтo?")  # (что as `fold_homoglyphs` spells it)
_FALSE = ("false", "wrong", "untrue", "incorrect", "impossible", "absurd", "mistaken", "a mistake", "an error")
_TO_SAY = tuple(f"to {verb}" for verb in ("say", "claim", "assume", "conclude", "write", "think"))
# ("Wrong: x = 12" and "No: x = 12" correct what came before: no label here.)
_LABELS = ("not", "never", "nope", "rejected", "excluded", "ruled out", "impossible")
_REJECT = ("rule out", "rules out", "ruled out", "ruling out", "reject", "rejects", "rejected", "rejecting",
           "exclude", "excludes", "excluding", "eliminate", "eliminates", "discard", "discards", "dismiss",
           "disprove", "disproves", "refute", "refutes", "instead of", "rather than", "other than", "except",
           "no way")
_DOUBT_BEFORE = ("maybe", "perhaps", "possibly", "probably", "presumably", "likely", "guess", "guessing",
                 "hypothetically", "whether", "my guess is", "i guess", "might be", "could be", "not sure",
                 "unsure", "uncertain", "wonder", "i wonder", "for contradiction", "for a contradiction",
                 "for the sake of contradiction", "for the sake of argument", "towards a contradiction",
                 "to the contrary", "counterfactually", "dubious", "skeptical", "sceptical", "unclear",
                 "questionable", "debatable", "hard to say", "hard to tell", "difficult to say", "no idea",
                 "not convinced", "not confident", "not certain", "possible that", "a chance that", "chance that",
                 "might be that", "may be that", "could be that", "suspect", "i suspect",
                 # German, French, Spanish, Portuguese: the same doubts ("ich bezweifle, dass", "je
                 # doute que", "dudo que", "duvido que", "no estoy seguro de que", "não sei se")
                 "bezweifle", "bezweifeln", "ich bezweifle", "zweifelhaft", "fraglich", "nicht sicher", "unsicher",
                 "unklar", "vielleicht", "wahrscheinlich", "glaube nicht", "denke nicht", "je doute", "doute",
                 "douteux", "douteuse", "pas sûr", "pas sûre", "pas certain", "pas certaine", "incertain",
                 "peut-être", "peut être", "probablement", "ne pense pas", "ne crois pas", "pas clair", "dudo",
                 "dudoso", "dudosa", "no estoy seguro", "no estoy segura", "no es seguro", "no está claro",
                 "no esta claro", "quizás", "quizas", "quizá", "tal vez", "no creo", "no pienso", "probablemente",
                 "incierto", "duvido", "duvidoso", "não tenho certeza", "não sei", "talvez", "incerto", "não acho",
                 "não creio", "não está claro", "provavelmente")
# A hedging frame with a clause: the clause is reported, not claimed ("some claim that x = 5",
# "it seems that", "one could argue that", "rumour has it that", "it is said that"). "We
# claim", "I claim" and "it is the case that" assert; "It seems clear from the figure, x = 5"
# and "It seems we can simplify: x = 5" have words between the frame and the key.
_HEARSAY_SUBJECTS = ("a few", "few", "certain people", "some experts", "experts", "some", "some people", "some folks", "some sources", "some authors", "some students", "others",
                     "many", "many people", "people", "they", "someone", "somebody", "one", "you", "critics",
                     "skeptics", "sceptics", "rumours", "rumors", "sources", "reports")
# ("one can say that x = 5" and "it can be said" state it: no "can")
_HEARSAY_MODALS = ("could?", "might?", "may?", "would?")
_HEARSAY_ADVERBS = ("perhaps?", "well?", "also?", "even?", "reasonably?", "easily?", "naively?", "naïvely?",
                    "mistakenly?", "wrongly?")
_HEARSAY_VERBS = ("suppose", "supposes", "posit", "posits", "imagine", "imagines", "presume", "presumes",
                  "surmise", "surmises", "opine", "opines", "claim", "claims", "claimed", "say", "says", "said", "argue", "argues", "argued", "believe",
                  "believes", "believed", "think", "thinks", "suggest", "suggests", "suggested", "contend",
                  "contends", "assert", "asserts", "insist", "insists", "maintain", "maintains", "speculate",
                  "speculates", "hypothesize", "hypothesise", "guess", "conjecture", "conjectures", "reckon",
                  "reckons", "allege", "alleges", "alleged")
_PASSIVE_HEARSAY = ("said", "claimed", "alleged", "rumoured", "rumored", "believed", "thought", "suggested",
                    "argued", "reported", "speculated", "conjectured", "supposed", "purported", "hypothesized",
                    "hypothesised", "rumoured to be the case", "widely believed", "often said", "commonly believed")
_PASSIVE_AUX = ("is", "'s", "’s", "was", "'s been", "’s been", "could be", "might be", "may be", "has been", "had been",
                "would be", "is often", "is sometimes", "is widely", "is commonly")
_APPEARANCE = ("it seems", "it would seem", "it seemed", "it appears", "it would appear", "it appeared",
               "it looks", "it looks like", "it looks as if", "it looks as though", "looks like", "it seems like",
               "seems like", "it seems as if", "it seems as though", "seems", "it feels like", "feels like",
               "it sounds like", "sounds like", "apparently", "seemingly", "supposedly", "allegedly",
               "reportedly", "purportedly", "ostensibly", "arguably", "conceivably", "plausibly", "my hunch is",
               "i have a hunch", "i have a feeling", "i have the feeling", "my feeling is", "i feel",
               "i feel like", "my gut says", "my gut tells me", "i conjecture", "we conjecture",
               "as far as i can tell", "if memory serves", "rumour has it", "rumor has it", "word has it",
               "legend has it", "it seems to me", "seems to me", "it appears to me", "it looks to me like",
               "to me it seems", "rumour says", "rumor says", "parece ser", "it can be argued", "one can argue",
               # German, French, Spanish, Portuguese ("es scheint, dass", "il semble que",
               # "parece que", "dizem que")
               "es scheint", "scheint", "anscheinend", "angeblich", "scheinbar", "man sagt", "es heißt",
               "il semble", "il semblerait", "semble", "il paraît", "il parait", "paraît-il", "on dit",
               "on dirait", "apparemment", "soi-disant", "parece", "parecería", "al parecer", "aparentemente",
               "se dice", "dicen", "supuestamente", "dizem", "diz-se", "supostamente", "parece-me", "me parece",
               # first-person hedges ("I would say x = 5", "I'd guess", "I reckon", "my best guess is")
               "imo", "imho", "in my opinion", "in my humble opinion", "in my view", "to my mind", "my opinion is",
               "i'd go with", "i’d go with", "i would go with", "i'd go for", "i’d go for", "i would go for",
               "i would say", "i'd say", "i’d say", "i would guess", "i'd guess", "i’d guess", "i would think",
               "i'd think", "i’d think", "i would argue", "i'd argue", "i’d argue", "i would bet", "i'd bet", "i’d bet",
               "i bet", "i reckon", "i think", "i believe", "i suppose", "i presume", "i would wager", "i'd wager",
               "i’d wager", "i'm guessing", "i’m guessing", "i am guessing", "i'd venture", "i’d venture",
               "i would venture", "i'd hazard", "i’d hazard", "i would estimate", "i'd estimate", "i’d estimate",
               "i'm inclined to say", "i’m inclined to say", "i am inclined to say", "i'm inclined to think",
               "i’m inclined to think", "i am inclined to think", "i'm inclined to believe", "i’m inclined to believe",
               "i'd imagine", "i’d imagine", "i imagine", "i would imagine", "i'd expect", "i’d expect",
               "i would expect", "my best guess is", "my best guess", "my guess would be", "if i had to guess",
               "i'm fairly sure", "i’m fairly sure", "i'm pretty sure", "i’m pretty sure", "i am fairly sure",
               "i am pretty sure", "my sense is", "i sense", "we would say", "we'd say", "we’d say", "we would guess",
               "we'd guess", "we’d guess",
               # Italian, Dutch, Polish, Turkish, Russian (in the Latin letters `fold_homoglyphs`
               # gives it: "кажется" is "кaжeтcя")
               "sembra", "sembrerebbe", "pare", "a quanto pare", "si dice", "dicono", "apparentemente",
               "het lijkt", "het lijkt erop", "naar verluidt", "blijkbaar", "schijnbaar", "wydaje się", "podobno",
               "najwyraźniej", "görünüşe göre", "galiba", "кaжeтcя", "пo-видимoмy", "видимo", "гoвopят", "якoбы",
               "вpoдe бы", "пoxoжe")
# The marks a frame may stand with, before or after its clause ("some claim: x = 5", "it
# seems that: x = 5", "some claim — x = 5").
_FRAME_MARK = (",?", ":?", "—?", "–?")
# What a doubt or a frame may put before its clause: "perhaps it is the case that x = 5".
_CASE = ("to be the case", "to be true", "it holds", "it holds true", "it is the case", "it's the case", "it’s the case", "the case is", "it is true", "it's true", "it’s true",
         "it is so", "the case", "true")
# A doubt that a negation before it lifts ("no doubt that x = 5", "I don't doubt x = 5",
# "without a doubt, x = 5"): read only where none of these stands right before it.
_DOUBTING = ("doubt", "doubts", "i doubt", "we doubt", "doubting", "doubted", "doubtful", "in doubt",
             "i have doubts", "have doubts", "has doubts")
_LIFTING = ("no", "not", "never", "without", "beyond", "little", "nor", "hardly", "nobody", "nothing")
_LIFTING_FILLERS = ("a", "an", "any", "the", "some", "slightest", "reasonable", "much", "little", "shadow of", "of")
# (Read on the reversed text, as the templates: the words reversed; "n't" glued to its verb.)
_LIFTED = ("(?![ ]?(?:(?:" + "|".join(re.escape(w[::-1]) for w in _LIFTING_FILLERS) + ")[ ]){0,3}(?:(?:"
           + "|".join(re.escape(w[::-1]) for w in _LIFTING) + ")(?![a-z])|t['’]n))")
_CHINESE = ("不是", "不可能", "不可能是", "不会是", "不能是", "并非", "并不是", "绝非", "而非", "并不", "排除",
            "不等于", "否定", "也许", "也许是", "可能", "可能是", "大概", "大概是", "或许", "或许是", "估计", "猜",
            "怀疑", "不确定", "不一定", "未必", "不清楚", "难说", "说不定", "是否", "不认为", "不觉得", "恐怕",
            "不敢肯定", "不知道", "似乎", "似乎是", "好像", "好像是", "据说", "听说", "貌似", "看起来", "看起来是",
            "仿佛", "有人说", "有人认为", "据称")
_TEMPLATES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (_NOT,),
    (("not",) + _NEG_AUX, _NOT_SO, (",?",), _CLAUSE),
    (_NEG_AUX, ("possibly?", "even?", "ever?", "really?"), _VERBS, (",?",), _CLAUSE),
    (_LABELS, (":", "：", "-", "–", "—")),
    (_FALSE, _TO_SAY + ("?",), ("that",)),
    (_FALSE, _TO_SAY),
    (_REJECT, ("that?",)),
    (_DOUBT_BEFORE, _CLAUSE, (",?", ":?"), _CLAUSE),
    (_HEARSAY_SUBJECTS, _HEARSAY_MODALS, _HEARSAY_ADVERBS, _HEARSAY_VERBS, _FRAME_MARK, _CLAUSE, _FRAME_MARK),
    (("it", "this", "that"), _PASSIVE_AUX, _PASSIVE_HEARSAY, _FRAME_MARK, _CLAUSE, _FRAME_MARK),
    (_APPEARANCE, _FRAME_MARK, _CLAUSE, _FRAME_MARK),
    (_DOUBT_BEFORE + _APPEARANCE, (",?",), _CASE, _CLAUSE),
)
# Templates read only where `_LIFTED` does not stand before them.
_LIFTABLE_TEMPLATES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (_DOUBTING, (",?", ":?"), _CLAUSE),
)


def _reversed_pattern(templates: tuple[tuple[tuple[str, ...], ...], ...],
                      liftable: tuple[tuple[tuple[str, ...], ...], ...] = ()) -> re.Pattern[str]:
    """One pattern for the reversed text of any of *templates* (see `_TEMPLATES`): the
    slots in reverse order, each word reversed, longest first, an optional space between
    slots, a word boundary where the first word starts; and the Chinese denials and a
    negated auxiliary glued to its verb ("isn't", "n't"), which need no boundary. The
    *liftable* templates only where no negation stands before them (`_LIFTED`)."""
    branches = []
    for number, template in enumerate(templates + liftable):
        parts = []
        for slot in reversed(template):
            optional = any(word.endswith("?") and len(word) > 1 for word in slot) or "?" in slot
            words = sorted({word.rstrip("?") if len(word) > 1 else word for word in slot} - {"?"}, key=len,
                           reverse=True)
            alternation = "(?:" + "|".join(re.escape(word[::-1]) for word in words) + ")"
            parts.append(f"(?:{alternation}[ ]?)?" if optional else f"{alternation}[ ]?")
        lifted = _LIFTED if number >= len(templates) else ""
        branches.append("".join(parts).removesuffix("[ ]?") + "(?![a-z])" + lifted)
    chinese = "|".join(re.escape(word[::-1]) for word in sorted(_CHINESE, key=len, reverse=True))
    return re.compile("(?:" + "|".join(branches) + f"|t['’]n|{chinese})")


_TAKEN_BACK_BEFORE = _reversed_pattern(_TEMPLATES, _LIFTABLE_TEMPLATES)
# What may stand between those words and the match: spacing, a math delimiter, a bracket.
_BEFORE_MATCH = " \t\n\u00a0$(\\[`'\"“‘"
# An operand and an operator right before a key that states a value: "2 + x = 5" (x is
# 3), "2*x = 5". A minus, a plus and an asterisk only written tight against the operand
# ("2-x = 5"): a bullet ("- x = 5", "* x = 5") follows the end of the line before.
_OPERAND_BEFORE = re.compile(
    r"(?:[0-9)\]}]|(?<![a-z\\])[a-z])(?:[ ]*(?:[×÷·⋅∗/^]|\\(?:cdot|times|ast|div)(?![a-z]))|[-+*−])[ ]*$",
)


def after_window(text: str, end: int, width: int = WINDOW) -> str:
    """The text right after *end*, up to *width* characters and the end of its region."""
    stop = min(len(text), end + width)
    cut = text.find(_SEPARATOR, end, stop)
    return text[end : stop if cut == -1 else cut]


def before_window(text: str, start: int, width: int = WINDOW) -> str:
    """The text right before *start*, up to *width* characters and the start of its
    region."""
    lo = max(0, start - width)
    return text[max(lo, text.rfind(_SEPARATOR, lo, start) + 1) : start]


# The checks are pure functions of a short window, cached: a completion that repeats
# itself (a generation loop) repeats its windows, and pays for each one once.
_CACHED_WINDOWS = 4096


# Most neighbours of a match are ordinary ("cm", "so", ")", "°"): a first word that no
# pattern after a match starts with (its first three letters), or a first character none
# starts with, settles every check without a pattern. The words are read off the
# patterns themselves, so that the two cannot drift apart.
_LETTERS = re.compile(r"[a-z]+")
_AFTER_SKIP = " \t\u00a0$}"
_AFTER_INERT = frozenset(")]\n°=\x00\"\x03\x04\x05\x06")
# After a period, only these start a pattern: a second period, a question mark, a digit,
# or a retraction ("x = 5. No.").
_AFTER_PERIOD = re.compile(r"\.[ \t\u00a0]*(?:[.?!0-9…]|n[oa]|wr|ju|jk|$)")


_REGEX_ESCAPE = re.compile(r"(?<!\\)\\[a-zA-Z]")


def _words(*patterns: re.Pattern[str]) -> frozenset[str]:
    """The words written in *patterns* (regex escapes such as ``\\s`` left out)."""
    return frozenset(word for pattern in patterns for word in _LETTERS.findall(_REGEX_ESCAPE.sub(" ", pattern.pattern)))


_AFTER_WORDS = _words(_NUMBER_GOES_ON, _VALUE_GOES_ON, _TAKEN_BACK_AFTER, _OFFERED_BESIDE_LEAD)
# A text word may start with a pattern word's first letters ("guessing", "fail"), or with
# a whole pattern word of two letters or more that a pattern goes on from ("isn't").
_AFTER_PREFIXES = frozenset(word[:k] for word in _AFTER_WORDS for k in (1, 2, 3))
_AFTER_STEMS = frozenset(word for word in _AFTER_WORDS if 2 <= len(word) <= 3)


def _after_may_matter(window: str) -> bool:
    """Whether any pattern after a match may match *window* (a cheap necessary test)."""
    return head_may_matter(window.lstrip(_AFTER_SKIP))


def head_may_matter(head: str) -> bool:
    """`_after_may_matter` for the text after a match with its spacing skipped: its
    first word, or its first characters."""
    if not head:
        return False
    first = head[0]
    if first == ".":
        return _AFTER_PERIOD.match(head) is not None
    if first in DEGREE_SIGNS:  # ("5°, no wait, 6°")
        return glued_unit_may_matter(head[1 : 1 + UNIT_HINT_SPAN])
    if "a" <= first <= "z":
        word = _LETTERS.match(head).group()  # type: ignore[union-attr]
        return len(word) == 1 or may_matter_from(word) or offers_another_after_word(head, len(word))
    return first not in _AFTER_INERT


def may_matter_from(word: str) -> bool:
    """Whether a word of two letters or more that starts with *word* (or is it) may start
    a pattern after a match (`head_may_matter`)."""
    return word[:3] in _AFTER_PREFIXES or word[:2] in _AFTER_STEMS


def offers_another_after_word(head: str, end: int) -> bool:
    """Whether the word that ends at *end* of *head* (a unit or a noun after a number)
    is followed by what may offer another value: an "or" ("5 apples or 6 apples"), a
    correction ("5 cm, no wait, 6 cm") or another joint ("5 cm (vs 6 cm)", "5 cm and 6
    cm", "5 cm, 6 cm also possible"). A cheap necessary test (`after_unit_may_matter`)."""
    return after_unit_may_matter(head, end)


# What after a unit or a noun (a power, "/s" or up to two more words aside) may start the
# patterns that read past it (`_HEDGED_VALUE`, `_CORRECTED_AFTER_UNIT`, `_OFFERED_BESIDE`):
# an "or" or another joint word, or a mark and then a correcting word, a joint word or a
# number. Most units are followed by a full stop and an ordinary word: a first pattern
# with no repeated group (which costs the engine an allocation) settles them, a class of
# first letters guarding each list of words; only a word after a space (another word of
# the unit: "square units", "kg of flour") sends the text to the whole pattern.
# (Spacing optional: a squeezed text glues the words.)
_HINT_JOINT = (r"(?=[ovrab&t])(?:or|vs|v\.|versus|resp|&|and[ ]*(?:[-−0-9$]|also|maybe|perhaps|possibly|probably|even)"
               r"|but|though|although)")
_HINT_MARKED = (r"[(,;:.!\u2014\u2013→（，；：。…\[［-][ *_`>.…]*+(?=[onwhaiscemurblvtp&$0-9\-−等不其更\\])"
                r"(?:or|{no}|wai|warte|hold|act|i[ ]*mea|scr|corr|sor|oop|whoop|er|um|uh|hm|mak|rat|bet|let"
                r"|nei|att|en[ ]*f|esp|vs|v\.|versus|resp|and|&|but|tho|alt|also|maybe|perhaps|possibly|[-−$0-9\\]"
                r"|plu|eit|eve|oth|els|sin|son|aus|auc|tam|ou"
                r"|等|不|其|更)")
# (spaced, "no" is not "not", "now" or "note", but "nowait" is "no wait"; squeezed,
# "no the" reads "nothe")
_SPACED_MARKED = _HINT_MARKED.replace("{no}", "no(?!t|w(?!ait))")
_GLUED_MARKED = _HINT_MARKED.replace("{no}", "no")
_AFTER_UNIT_FIRST = re.compile(
    rf"(?:[/^][a-z0-9{{}}]{{0,6}}+|[²³]|)[ }}$*_`]*+(?:{_HINT_JOINT}|{_SPACED_MARKED}|(?<=[ ])(?P<word>[a-z]))")
_AFTER_UNIT_WORDS = re.compile(
    rf"(?:[/^²³][a-z0-9{{}}]{{0,6}}+)?(?:[ ]+[a-z]{{1,20}}(?![a-z])){{0,2}}[ }}$*_`]*+(?:{_HINT_JOINT}|{_SPACED_MARKED})")
_AFTER_UNIT_GLUED = re.compile(rf"(?:[/^][a-z0-9{{}}]{{0,6}}+|[²³]|)[ }}$*_`]*+(?:{_HINT_JOINT}|{_GLUED_MARKED})")


def after_unit_may_matter(text: str, pos: int, stop: int | None = None) -> bool:
    """The cheap test of `offers_another_after_word` on *text* from *pos* (to *stop*)."""
    m = _AFTER_UNIT_FIRST.match(text, pos) if stop is None else _AFTER_UNIT_FIRST.match(text, pos, stop)
    if m is None:
        return False
    return m.lastgroup is None or (_AFTER_UNIT_WORDS.match(text, pos) if stop is None
                                   else _AFTER_UNIT_WORDS.match(text, pos, stop)) is not None


@lru_cache(maxsize=_CACHED_WINDOWS)
def _unit_may_matter(after: str) -> bool:
    """`after_unit_may_matter` on the rest of a window after a unit, cached: a handful of
    neighbours ("². we read", ". therefore") follow most units."""
    return after_unit_may_matter(after, 0)


def glued_unit_may_matter(after: str) -> bool:
    """The cheap test of `offers_another_after_word` on *after*, the characters after a
    unit in a squeezed text or after a degree sign, where the words glue ("°xor",
    "cm,nowait"): no word may come first, and "no" may start any glued word; the
    lookalike letters folded in a text that is not ASCII ("cm,nоwait", Cyrillic о)."""
    if _AFTER_UNIT_GLUED.match(after) is not None:
        return True
    if after.isascii() or _LOOKALIKE.search(after) is None:
        return False
    return _AFTER_UNIT_GLUED.match(after.translate(_HOMOGLYPHS)) is not None


DEGREE_SIGNS = "°\x06"


def degree_may_matter(text: str, pos: int) -> bool:
    """Whether the degree sign at *pos* of *text* (after a value) is followed by what
    may correct the value or offer another beside it ("5°, no wait, 6°", "5° (vs 6°)"):
    the cheap test of `offers_another_after_word` on the characters past the sign (no
    word first: a squeezed text glues it to the sign, "5°xor"), or by what may take it
    back past the sign (`past_unit_may_matter`: "5° is wrong")."""
    return _past_degree_may_matter(text[pos + 1 : pos + 1 + WINDOW])


#: How many characters after a unit or a degree sign the cheap test reads where it is
#: cached (`degree_may_matter`; the squeezed text's units, `number_bounds`).
UNIT_HINT_SPAN = 24


# (`degree_may_matter` on the characters after the sign, cached: a handful of neighbours,
# ".therefore", ", so", follow most degree signs)
_degree_may_matter = lru_cache(maxsize=_CACHED_WINDOWS)(glued_unit_may_matter)


def plainly_not_stated_after(text: str, end: int) -> bool:
    """True when `not_stated_after` is false on the window after *end* of a raw *text*
    (`after_window`) for any key, as its head shows: nothing, an inert character (a
    degree sign with nothing after it that may correct or offer another value), a period
    that starts no pattern, or a word of two letters or more that none starts and that
    nothing after may make a unit of a hedge, with no lookalike letter there to fold;
    ``False`` when the window has to be read whole. (`head_may_matter` itself, with fewer
    calls: most matches are followed by ordinary text.)"""
    stop = min(len(text), end + WINDOW)
    cut = text.find(_SEPARATOR, end, stop)
    head = text[end : stop if cut == -1 else cut].lstrip(_AFTER_SKIP)
    if not head:
        return True
    first = head[0]
    if first in _AFTER_INERT:  # (folding changes letters only: the folded head starts so too)
        return first not in DEGREE_SIGNS or not _past_degree_may_matter(head[1:])
    if not head.isascii() and _LOOKALIKE.search(head) is not None:
        return False  # (the spacing skipped holds no lookalike: the head is all there is to fold)
    if first == ".":
        return _AFTER_PERIOD.match(head) is None
    if not "a" <= first <= "z":
        return False
    word = _LETTERS.match(head).group()  # type: ignore[union-attr]
    if len(word) == 1 or may_matter_from(word):
        return False
    if word in NOT_A_UNIT or len(word) > 20:
        return not _unit_may_matter(head[len(word) :])
    if word in _SQUARE_WORDS:
        return not _unit_may_matter(head[len(word) :]) and not past_unit_may_matter(head, len(word))
    return not _unit_or_rest_may_matter(head[len(word) :])  # (`past_unit_may_matter`, one cached call)


def continues_after(window: str, states_value: bool) -> bool:
    """Whether the number that ends right before *window* goes on as another value (a
    number that *states_value* also as an operand, a range or a comparison)."""
    return _after_may_matter(window) and _continues_after(window, states_value)


@lru_cache(maxsize=_CACHED_WINDOWS)
def _continues_after(window: str, states_value: bool) -> bool:
    if _NUMBER_GOES_ON.match(window):
        return True
    return states_value and _VALUE_GOES_ON.match(window) is not None


def taken_back_after(window: str) -> bool:
    """Whether *window*, right after a match, denies, doubts or bounds it."""
    return _after_may_matter(window) and _taken_back_after(window)


def not_stated_after(window: str, states_value: bool, ends_in_digit: bool) -> bool:
    """``continues_after`` (for a key that *ends_in_digit*), ``taken_back_after`` or
    `_offered_beside` on *window*, with their common cheap test run once; the words of a
    window that is not ASCII are read again with their lookalike letters folded ("x = 5
    nоt", Cyrillic о)."""
    if _after_may_matter(window) and (
        (ends_in_digit and _continues_after(window, states_value)) or _taken_back_after(window)
        or _offered_beside(window, states_value)
    ):
        return True
    if window.isascii() or _LOOKALIKE.search(window) is None:  # ("°", "²", "∠": nothing to fold)
        return False
    folded = window.translate(_HOMOGLYPHS)
    return _after_may_matter(folded) and (_taken_back_after(folded) or _offered_beside(folded, states_value))


@lru_cache(maxsize=_CACHED_WINDOWS)
def _offered_beside(window: str, states_value: bool) -> bool:
    """Whether *window*, right after a value, offers another value of the same quantity
    beside it: said to be possible too (`_POSSIBLE_BESIDE`: ``x = 5, 6 also possible``)
    or, after a key that *states_value*, joined to it (`_OFFERED_BESIDE`: ``x = 5 (vs
    6)``, ``x = 5 (and 6)``)."""
    return ((states_value and _OFFERED_BESIDE.match(window) is not None) or _POSSIBLE_BESIDE.match(window) is not None
            or offered_beside_after(window))  # ("x = 5 (also 6)", "x = 5, though 6 works too": `second_value`)


# Cyrillic and Greek letters that look like Latin ones (lower case: the texts searched
# are lower-cased), folded before the denial words are looked for in a text that is not
# ASCII: "nоt", "wrоng" with a Cyrillic о deny as "not" and "wrong" do.
_LOOKALIKES = "аеорсуххіјѕһԁԛԝӏɡοανιυκρεχϲϳτ"
_HOMOGLYPHS = str.maketrans(_LOOKALIKES, "aeopcyxxijshdqwlgoaviukpexcjt")
# (`str.translate` with a table is a Python-speed loop: a text is folded only where this
# finds a letter to fold.)
_LOOKALIKE = re.compile(f"[{_LOOKALIKES}]")


def fold_homoglyphs(text: str) -> str:
    """*text* with its Cyrillic and Greek lookalikes of Latin letters folded (`_HOMOGLYPHS`)."""
    return text if text.isascii() or _LOOKALIKE.search(text) is None else text.translate(_HOMOGLYPHS)


# A comparison with zero that states a sign ("since x = 5 > 0, the root is positive"): not
# a bound on the value when "since", "as" or "because" introduces it.
_SIGN_COMPARISON = re.compile(
    rf"{_T}*(?:>=?|<=?|[≥≤⩾⩽≧≦]|\\(?:gt|lt|ge|le|geq|leq|geqslant|leqslant)(?![a-z])|(?:gt|lt)(?![a-z]))"
    rf"{_SP}*[$]?{_SP}*0(?![0-9]|[.,][0-9])"
)
_REASON_BEFORE = re.compile(r"(?<![a-z])(?:since|as|because|given(?:[ ]+that)?)[ \t\n$(]*$")


def sign_comparison_length(window: str, before: str) -> int:
    """How many characters of *window* (after a stated value) compare it with zero to
    state its sign, with *before* (the text before the value) giving it as a reason
    ("since x = 5 > 0"); 0 where it is no such comparison."""
    m = _SIGN_COMPARISON.match(window)
    if m is None or _REASON_BEFORE.search(before) is None:
        return 0
    return m.end()


@lru_cache(maxsize=_CACHED_WINDOWS)
def _taken_back_after(window: str) -> bool:
    return _TAKEN_BACK_AFTER.match(window) is not None


# The operators `_OPERAND_BEFORE` ends with (its commands are among the endings below).
_BEFORE_CHARS = frozenset("×÷·⋅∗/^+*−-")


def _endings(templates: tuple[tuple[tuple[str, ...], ...], ...], size: int) -> tuple[frozenset[str], ...]:
    """The last *size* characters of every way of writing any of *templates* with its
    words glued (the whole of a shorter one), by length: a text whose whitespace was
    squeezed out ends in one of them wherever a template ends it."""
    endings: list[set[str]] = [set() for _ in range(size + 1)]
    for template in templates:
        tails, done = {""}, set()
        for slot in reversed(template):
            words = {word.rstrip("?").replace(" ", "") for word in slot if word != "?"}
            if any(word.endswith("?") for word in slot) or "?" in slot:
                words.add("")
            tails = {(word + tail)[-size:] for word in words for tail in tails}
            done |= {tail for tail in tails if len(tail) >= size}  # (no word before changes these)
            tails = {tail for tail in tails if len(tail) < size}
            if not tails:
                break
        for tail in (tails | done) - {""}:
            endings[len(tail)].add(tail)
    for word in _CHINESE + ("n't", "n’t", "cdot", "times", "ast", "div"):
        endings[min(len(word), size)].add(word[-size:])
    return tuple(frozenset(group) for group in endings)


_BEFORE_ENDINGS = tuple(group | extra for group, extra in zip(
    _endings(_TEMPLATES + _LIFTABLE_TEMPLATES, 5), insert_endings(5), strict=True))


# (`may_be_taken_back_before` reads a squeezed tail: the marks that `_BEFORE_MATCH` strips
# but whitespace; quotes and code marks: "Some claim that `x = 5`".)
_BEFORE_QUOTES = "($\\[`'\"“‘"


# The LaTeX commands that write words: "\\text{It seems that} x = 5" reads as "It seems
# that x = 5".
_TEXT_COMMANDS = ("\\text", "\\textrm", "\\mathrm", "\\mbox", "\\textit", "\\textbf", "\\textsf", "\\texttt")


def _unwrapped_text(tail: str) -> str:
    """*tail* (ending with "}") with a LaTeX text command that ends it unwrapped (its
    words kept): "\\text{some claim }" gives "some claim"; any other tail as it is."""
    opening = tail.rfind("{", max(0, len(tail) - 80))
    if opening == -1 or "}" in tail[opening:-1] or not tail[:opening].rstrip().endswith(_TEXT_COMMANDS):
        return tail
    return tail[:opening].rstrip()[: tail[:opening].rstrip().rfind("\\")] + " " + tail[opening + 1 : -1].rstrip()


# (the canonical text glues a text command's name to its first word: "textsome claim")
# (a command glued to nothing, "that textbf" before "x=5", "\\textbf{", is `inserts`': not cut to "bf")
_GLUED_TEXT = re.compile(r"(?<![a-z])(?:textrm|textit|textbf|textsf|texttt|text|mathrm|mbox)(?=[a-z])(?!(?:rm|it|bf|sf|tt)(?![a-z]))")


def may_be_taken_back_before(tail: str) -> bool:
    """A cheap necessary test for `taken_back_before` on the text right before a match
    with its whitespace squeezed out (the words glued as the endings are)."""
    tail = tail.rstrip(_BEFORE_QUOTES)
    if tail.endswith("}"):
        tail = _unwrapped_text(tail).replace(" ", "").rstrip(_BEFORE_QUOTES)
    if tail.endswith("**"):  # bold ("not **x = 5**", "**Not** **x = 5**")
        tail = tail.rstrip("*" + _BEFORE_QUOTES)
    if not tail:
        return False
    if _may_end_taken_back(tail[-5:]):  # (an insert's adverb or a clause word after one among them)
        return True
    # a lone mark that may close an insert ("Some claim that, at first glance, x = 5": `inserts`)
    last = tail[-1]
    if not (last in _NOT_PLAIN_LAST or ((last == "," or last == "-") and tail.count(last) > 1)
            or (last == ">" and "<" in tail)):
        return False
    tail = without_inserts(tail, glued=True).rstrip(_BEFORE_QUOTES)
    bare = tail.rstrip(",-–—" + _BEFORE_QUOTES)  # (empty interjections: "doubt , ," squeezed)
    return bool(tail) and (_may_end_taken_back(tail[-5:]) or (bare != tail and bool(bare) and _may_end_taken_back(bare[-5:])))


def plainly_not_taken_back(text: str, start: int) -> bool:
    """True when the last characters before *start* of a raw *text* show that
    `may_be_taken_back_before` is false on the window before it with its whitespace
    squeezed out (what the window's end settles: five characters that are no quote, no
    brace and no bold mark); ``False`` when the window has to be read. Most matches stand
    after ordinary words, and this spares building the window."""
    short = text[max(0, start - 16) : start]
    if _SEPARATOR in short:
        return False
    tail = short.replace(" ", "").replace("\n", "").replace("\t", "").rstrip(_BEFORE_QUOTES)
    if len(tail) < 5 or tail[-1] in _NOT_PLAIN_LAST or _may_end_taken_back(tail[-5:]):
        return False
    # (an insert between commas or dashes before the match: `inserts`; "<b>x = 5")
    last = tail[-1]
    if last == "," or last == "-":
        return text.count(last, max(0, start - _INSERT_REACH), start) < 2
    return last != ">" or "<" not in tail


# The last characters before a match that settle nothing by themselves: a group's close, a
# bold mark, and the marks that may end an insert (`inserts.INSERT_LAST`) but a comma, a
# period, a dash and a tag's close, which are common and read further.
_NOT_PLAIN_LAST = frozenset("}*") | (INSERT_LAST - frozenset(",.->"))
# (how far back an insert may reach: `context.WINDOW`, and more)
_INSERT_REACH = 48


@lru_cache(maxsize=_CACHED_WINDOWS)
def _may_end_taken_back(tail: str) -> bool:
    """`may_be_taken_back_before` on the last five characters of a tail (all it reads;
    folding lookalikes maps one character to one), cached: a handful of word endings
    stand before most matches."""
    tail = fold_homoglyphs(tail)
    _, one, two, three, four, five = _BEFORE_ENDINGS
    return (tail[-5:] in five or tail[-4:] in four or tail[-3:] in three or tail[-2:] in two or tail[-1] in one
            or tail[-1] in _BEFORE_CHARS)


def taken_back_before(window: str, states_value: bool, key_start: str) -> bool:
    """Whether *window*, right before a match, denies or doubts it, or (for a key that
    *states_value* and starts with a name or a digit, *key_start*) makes its first
    term an operand. (Ask `may_be_taken_back_before` first: most windows end in no
    word that matters.)"""
    tail = window.rstrip(_BEFORE_MATCH)
    if tail.endswith("}"):
        tail = _unwrapped_text(tail).rstrip(_BEFORE_MATCH)
    if "text" in tail or "mathrm" in tail or "mbox" in tail:
        tail = _GLUED_TEXT.sub(" ", tail)
    if tail.endswith("**"):  # bold ("not **x = 5**", "**Not** **x = 5**")
        tail = tail.rstrip("*" + _BEFORE_MATCH)
    tail = fold_homoglyphs(tail)
    return bool(tail) and _taken_back_before(tail, states_value, key_start)  # (cached)


@lru_cache(maxsize=_CACHED_WINDOWS)
def _taken_back_before(window: str, states_value: bool, key_start: str) -> bool:
    tail = " ".join(window.split())
    if tail and _TAKEN_BACK_BEFORE.match(tail[::-1]) is not None:
        return True
    if tail and may_end_with_insert(tail):  # ("Some claim, in fact, that x = 5": `inserts`)
        bare = without_inserts(tail).rstrip(_BEFORE_MATCH)
        if bare != tail and bare and _TAKEN_BACK_BEFORE.match(bare[::-1]) is not None:
            return True
    return states_value and (key_start.isalnum() and key_start.isascii()) and _OPERAND_BEFORE.search(window) is not None


# --- What past a unit may take the value back (`past_unit.taken_back_past_unit`) ---
# The cheap test the plain paths ask: after the unit word (a power, a closing brace, a
# mark and a dollar aside), whatever `head_may_matter` reads after a bare value, or a
# period before a correcting word ("5 cm. Sorry, 6 cm"). A word that starts another
# clause is no unit (`NOT_A_UNIT`: "x = 5 so maybe y = 6").
NOT_A_UNIT = frozenset(
    "so since as and but then thus hence therefore because which that where when while if for from with by to on "
    "at of we i it this the a an is are was were be gives give means mean implies imply yields makes satisfies "
    "works holds fits solves checks matches agrees plus minus times over than or nor not no yes also too".split())
_WIDE_SPACE = " \t\n\r\u00a0\u2000-\u200a\u202f\u3000"
_PAST_UNIT_SKIP = re.compile(rf"(?:[/^][a-z0-9{{}}]{{1,6}}+|[²³])?(?:[{_WIDE_SPACE}]*\}})?{_MARK}\$?[{_WIDE_SPACE}$}}]*+")
_SQUARE_WORD = re.compile(rf"[{_WIDE_SPACE}]+[a-z]+")
_PERIOD_CORRECTION = re.compile(
    rf"\.[{_WIDE_SPACE}*_`]*(?:[.?!0-9…]|n[oa]|wr|ju|jk|$|wai|hol|han|act|i[ ]*mea|scr|str|cor|sor|oop|who|er|um|uh|hm"
    r"|oh|ah|ugh|mak|rat|or[ ]*r|bet|let|tha|thi|it|my|on[ ]*s|nev|ign|dis|in[ ]*f|nei|non|att|en[ ]*f|esp|war"
    r"|[等不其更])")


def _rest_may_matter(after: str, pos: int = 0) -> bool:
    """Whether the text past a unit (*after* from *pos*: the unit's power, brace and
    marks skipped here) may take the value back (`past_unit_may_matter`)."""
    rest = after[_PAST_UNIT_SKIP.match(after, pos).end() :]  # type: ignore[union-attr]
    if not rest:
        return False
    if rest[0] == ".":
        return _PERIOD_CORRECTION.match(rest) is not None
    return head_may_matter(rest)


def past_unit_may_matter(head: str, end: int) -> bool:
    """Whether what follows the unit word that ends at *end* of *head* (the text after a
    value, its spacing skipped) may take the value back (`past_unit.taken_back_past_unit`):
    a cheap necessary test."""
    word = head[:end]
    if word in NOT_A_UNIT or end > 20:
        return False
    if _rest_may_matter_cached(head[end:]):
        return True
    if word in ("square", "sq", "cubic", "cu") and (second := _SQUARE_WORD.match(head, end)) is not None:
        return _rest_may_matter(head, second.end())
    return False


# (cached: a handful of neighbours, ". therefore", ", so", follow most units)
_rest_may_matter_cached = lru_cache(maxsize=_CACHED_WINDOWS)(_rest_may_matter)
_SQUARE_WORDS = frozenset(("square", "sq", "cubic", "cu"))


@lru_cache(maxsize=_CACHED_WINDOWS)
def _unit_or_rest_may_matter(after: str) -> bool:
    """`after_unit_may_matter` or `_rest_may_matter` on the rest of a window after a unit
    word, in one cached call."""
    return after_unit_may_matter(after, 0) or _rest_may_matter(after)


@lru_cache(maxsize=_CACHED_WINDOWS)
def glued_or_rest_may_matter(after: str) -> bool:
    """`glued_unit_may_matter` or `_rest_may_matter` on the `UNIT_HINT_SPAN` characters
    after a unit in a squeezed text (no letter there: the letters glued to the unit run
    on), in one cached call; true where they are too few to tell."""
    if glued_unit_may_matter(after):
        return True
    skip = _PAST_UNIT_SKIP.match(after).end()  # type: ignore[union-attr]
    if len(after) >= UNIT_HINT_SPAN and skip + 12 > len(after):
        return True  # (cut short: unsure)
    rest = after[skip:]
    return bool(rest) and ("a" <= rest[0] <= "z" or _rest_may_matter(after))


@lru_cache(maxsize=_CACHED_WINDOWS)
def _past_degree_may_matter(after: str) -> bool:
    """`glued_unit_may_matter` or `_rest_may_matter` on the characters after a degree sign."""
    return glued_unit_may_matter(after) or _rest_may_matter(after)
