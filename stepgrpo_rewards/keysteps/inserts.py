"""Words a policy may set between a hedging frame and its clause (issue 15, round 9):
"Some claim (without proof) that x = 5", "Some claim, in fact, that x = 5", "It seems
that, at first glance, x = 5", "It seems that *x = 5*". The frame still reports the
clause: `context.taken_back_before` reads the text before a match again with these
inserts taken out (`without_inserts`), where they stand right before the match or right
before the clause word ("that", "whether") the frame ends with.

An insert is, read back from the match: markdown marks (``*``, ``_``, `````, ``~``), an
ellipsis, LaTeX spacing (``\\quad``, ``\\,``), a text command's opening (``\\textit{``) or an
HTML tag (``<b>``); a parenthetical without digits or "=" of at most 40 characters
(``(without proof)``, ``[sic]``); an interjection of letters between commas, dashes or
spaced hyphens (``, in fact,``, ``— we hear —``); or an adverbial phrase of `_ADVERBS`
(``in fact``, ``at first glance``, ``honestly``). At most four are taken out, and only at those two places: an honest text
keeps its words ("We doubt y = 6, in fact x = 5": the frame's clause is another).
Every pattern is anchored, on the reversed text, and bounded; spaces are optional, so
that the squeezed text (whitespace removed) reads the same.
"""

from __future__ import annotations

import re

# (not the short words that stand before many honest statements: "now", "then", "here", "also")
_ADVERBS = ("in fact", "at first glance", "at first sight", "at a glance", "on the face of it", "prima facie",
            "indeed", "in truth", "truly", "honestly", "frankly", "of course", "clearly", "obviously", "surely",
            "certainly", "definitely", "really", "actually", "essentially", "basically", "simply", "naturally",
            "evidently", "in reality", "as it happens", "by inspection", "without proof", "without a proof",
            "without any proof", "intuitively", "roughly speaking", "loosely speaking", "strictly speaking",
            "in principle", "in theory", "in practice", "on reflection", "at this point", "for now",
            "for the moment", "of all things", "if anything", "believe it or not", "admittedly", "well",
            "totally", "entirely", "absolutely", "usually", "typically", "generally", "mostly")
_ADVERB_REV = "|".join(
    "[ ]?".join(re.escape(word[::-1]) for word in reversed(phrase.split(" ")))
    for phrase in sorted(_ADVERBS, key=len, reverse=True))
_COMMANDS_REV = "|".join(name[::-1] for name in ("textit", "textbf", "emph", "mathbf", "mathit", "textrm", "text",
                                                 "mathrm", "mbox", "underline", "boldsymbol"))
# (on the reversed text: an insert that ends where the reading stands)
_INSERT_PARTS = (
    r"[ ]?(?:[*_`~]{1,3}|\.{2,3}|…|\{[ ]?(?:" + _COMMANDS_REV + r")\\|(?:" + _COMMANDS_REV + r"){boundary}"
    r"|(?:dauqq?|[,;: !])\\|>[a-z]{1,6}<"
    r"|[ ]?-[ ]?[a-z'’ ]{1,32}[ ]?-[ ]?"
    r"|[)\]）］][^()\[\]（）［］0-9=\n]{1,40}[(\[（［]"
    r"|[,，][ ]?[a-z'’\- ]{1,32}[,，](?=[ ]?[a-z])"
    r"|[\u2014\u2013][ ]?[a-z'’ ]{1,32}[\u2014\u2013]"
    rf"|(?:,[ ]?)?(?:{_ADVERB_REV}){{boundary}}(?:[ ]?,)?)"
)
_INSERT_REV = re.compile(_INSERT_PARTS.replace("{boundary}", "(?![a-z])"))
# (a squeezed text glues the words: "itseemsthatinfact")
_GLUED_INSERT_REV = re.compile(_INSERT_PARTS.replace("{boundary}", ""))
# The clause words a frame ends with, reversed ("that", "whether", "if", "que", "dass", "ob").
_CLAUSE_REV = re.compile(r"[ ]?[:,]?[ ]?(?:taht|rehtehw|fi|euq|ssad|bo|is|ehc)(?![a-z])")
_GLUED_CLAUSE_REV = re.compile(r"[:,]?(?:taht|rehtehw|fi|euq|ssad|bo|is|ehc)")
#: How many characters before a match are read where its tail may end with an insert
#: (`context.WINDOW` otherwise): the inserts and the frame before them.
INSERT_WINDOW = 72
#: How many inserts are taken out at most.
MAX_INSERTS = 4
# The last characters of a tail that may end with an insert, or with a clause word after
# one (`may_end_with_insert`).
INSERT_LAST = frozenset("*_`~)]）］,，{\u2014\u2013.…->")
_CLAUSE_ENDINGS = ("that", "whether", "if", "que", "dass", "ob", "si", "che")


def may_end_with_insert(tail: str) -> bool:
    """A cheap necessary test for `without_inserts` changing *tail* (its whitespace
    squeezed out or not) where it matters: its last character may close an insert, or it
    ends as `insert_endings` do (an adverb, a clause word after an insert)."""
    tail = tail.rstrip(" ")
    if not tail:
        return False
    if tail[-1] in INSERT_LAST:
        return True
    tail = tail[-24:].replace(" ", "")[-5:]
    _, _, two, three, four, five = _ENDINGS
    return tail in five or tail[-4:] in four or tail[-3:] in three or tail[-2:] in two


def without_inserts(tail: str, glued: bool = False) -> str:
    """*tail* (the lower-cased text before a match) with the inserts right before its
    end, or right before a clause word that ends it, taken out; *tail* itself where
    there is none. *glued*: a squeezed tail, whose words are read without boundaries
    (more inserts are found: the cheap test `context.may_be_taken_back_before`)."""
    rev = tail[::-1]
    insert = _GLUED_INSERT_REV if glued else _INSERT_REV
    pos, taken = _skip(rev, 0, insert)
    kept = ""
    clause = (_GLUED_CLAUSE_REV if glued else _CLAUSE_REV).match(rev, pos)
    if clause is not None:
        after, more = _skip(rev, clause.end(), insert)
        if more:
            kept, pos, taken = rev[pos : clause.end()].strip(" "), after, taken + more
    if not taken:
        return tail
    rest = rev[pos:].lstrip(" ")
    if kept:
        rest = kept + (" " if " " in tail else "") + rest
    return rest[::-1]


def _skip(rev: str, pos: int, insert: re.Pattern[str]) -> tuple[int, int]:
    """Where the inserts at *pos* of the reversed text *rev* end, and how many there are
    (at most `MAX_INSERTS`)."""
    taken = 0
    while taken < MAX_INSERTS:
        m = insert.match(rev, pos)
        if m is None or m.end() == pos:
            break
        pos, taken = m.end(), taken + 1
    return pos, taken


_COMMANDS = ("textit", "textbf", "emph", "mathbf", "mathit", "textrm", "text", "mathrm", "mbox", "underline",
             "boldsymbol")


def insert_endings(size: int) -> tuple[frozenset[str], ...]:
    """The last *size* characters (the whole of a shorter one), by length, of what a
    squeezed tail that `without_inserts` may change ends with, but a lone mark of
    `INSERT_LAST` (`context.plainly_not_taken_back` reads those itself): an adverb, with a
    comma or not; an ellipsis; a text command or its opening; LaTeX spacing; and a clause
    word after any of these or after a mark, with a colon or a comma or not. The cheap
    test before a match (`context._may_end_taken_back`) lets them through."""
    ends = {phrase.replace(" ", "") for phrase in _ADVERBS}
    ends |= {end + "," for end in ends}
    ends |= {"..", "\\quad", "qquad", "\\,", "\\;", "\\:", "\\!"}
    ends |= set(_COMMANDS) | {"\\" + name + "{" for name in _COMMANDS}
    heads = ends | set(INSERT_LAST)
    ends |= {head + word + mark for head in heads for word in _CLAUSE_ENDINGS for mark in ("", ":", ",")}
    groups: list[set[str]] = [set() for _ in range(size + 1)]
    for end in ends:
        tail = end[-size:]
        groups[len(tail)].add(tail)
    return tuple(frozenset(group) for group in groups)


_ENDINGS = insert_endings(5)
