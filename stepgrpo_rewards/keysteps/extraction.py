"""Rule-based key-step extraction and augmentation, for StepRAR on your own data.

R1-VL had GPT-4o pick the *key steps* of every reference solution (the essential
variables, equations, numbers and short phrases of its steps, each once) and then
wrote each one out in equivalent spellings, so that a key step is a group of
alternatives (../shared/PAPER.md). This module does both without a model:

- `extract_key_steps` reads the numbered steps of a reference solution (never its
  final-answer line) and keeps, in order of appearance and each once: equations and
  inequalities (``CB = 15 - 6 = 9``, ``24 > 19``), formulas (``length × width``),
  computed or read values with what they name (``BC = 12``, ``∠B = 30°``,
  ``the length is 12 cm``, ``Grace: 39``), counts (``4 circles``) and short key
  phrases of at most three words (theorem names such as ``Pythagorean theorem``).
  Every group is checked to match its own reference, so the reference scores 1.0.
- `augment_key_step` turns one key step into its group of alternatives: ASCII,
  Unicode and LaTeX spellings, a compact spacing, both sides of an equation, the
  links of a chain (``∠C = 85°`` and ``180° - 95° = 85°`` from
  ``∠C = 180° - 95° = 85°``), the equation without its units, and the value alone
  where that is still specific: a value with a unit that is not a stock constant
  (``30°``, ``12 cm``, ``7:25``), never a bare small integer such as ``12`` that
  would match anywhere.

The work is split in three modules: `stepgrpo_rewards.keysteps.atoms` reads a step
into atoms (values with units, names, operators, words), `stepgrpo_rewards.keysteps.variants`
finds equations and formulas among them and spells them out, and this module picks
the candidates and groups them. Everything is a deterministic pure function of the text. The scan is linear: one
precompiled tokenizer pass per step, bounded patterns, inputs cut to
`RewardConfig.max_completion_chars`, at most `RewardConfig.max_key_step_groups`
groups and `MAX_ALTERNATIVES` alternatives per group.

Examples:
    >>> solution = ("### Step 1:\\nFrom the figure, $\\\\angle A = 50^\\\\circ$ and ∠B = 45°.\\n"
    ...             "### Step 2:\\nSo ∠C = 180° - 50° - 45° = 85°.\\n### The final answer is: 85°")
    >>> [group[0] for group in extract_key_steps(solution)]
    ['\\\\angle A = 50^\\\\circ', '∠B = 45°', '∠C = 180° - 50° - 45° = 85°']
    >>> augment_key_step("BC = 12")
    ['BC = 12', 'BC=12', '12 = BC', 'BC is 12', 'BC: 12']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate

from ..config import DEFAULT_CONFIG, RewardConfig
from ..mathtext.boxed import BOX_OPEN
from ..mathtext.normalize import normalize_math_text
from ..trace import Trace, parse_trace
from .atoms import (
    _ASCII,
    _PHRASE_SUFFIXES,
    _STOPWORDS,
    _STYLES,
    _WS,
    _Atom,
    _atoms,
)
from .matching import match_key_steps
from .variants import (
    MAX_ALTERNATIVES,
    _count_variants,
    _equation_variants,
    _finish,
    _leading_formula,
    _math_runs,
    _phrase_variants,
    _render,
    _value_statement,
)

__all__ = ["MAX_ALTERNATIVES", "augment_key_step", "extract_key_steps"]

#: A key step longer than this many characters is not extracted (a run-on formula).
MAX_KEY_STEP_CHARS = 160
#: `augment_key_step` only rewrites inputs up to this long; longer ones come back alone.
MAX_AUGMENT_CHARS = 500

# --------------------------------------------------------------------------- word lists

_LATEX_DELIMS = re.compile(r"\$\$?|\\[()\[\]]")
_TIME_UNITS = frozenset({"sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes",
                         "hr", "hrs", "hour", "hours", "day", "days", "week", "weeks", "month",
                         "months", "year", "years"})
# Words that may sit between "is" and the value: "is therefore 7:25", "is labelled 15".
_FILLERS = frozenset({"therefore", "thus", "so", "then", "now", "also", "exactly", "about",
                      "approximately", "roughly", "only", "just", "equal", "to", "already",
                      "still", "clearly", "labelled", "labeled", "marked", "given", "as",
                      "hence", "indeed", "measured", "shown", "written"})
_VERBS = frozenset({"is", "are", "was", "were", "equals", "measures", "has", "have", "reads",
                    "becomes", "shows", "show"})
# Names that do not name a quantity of the problem.
_NOT_NAMES = frozenset({"answer", "answers", "option", "options", "choice", "choices", "step",
                        "steps", "figure", "image", "picture", "question", "number", "numbers",
                        "result", "it", "this", "that", "there", "which", "what", "letter"})
# "The length of AB is 5 cm" says AB is 5 cm; "the area of the square is 16" does not.
_SAME_AS_ITS_OBJECT = frozenset({"length", "measure", "value", "size", "magnitude"})
# Words before the letter of an answer choice ("option C: 60°").
_OPTION_WORDS = frozenset({"option", "choice", "answer"})
# Words after a number that are not the counted thing.
_NOT_NOUNS = frozenset({"times", "steps", "values", "numbers", "ways", "parts", "others", "ones",
                        "more", "less", "fewer", "is", "was", "has", "does", "as", "its", "this",
                        "us", "plus", "minus", "thus", "gives", "makes", "equals", "remains",
                        "means", "shows", "leaves", "yields", "becomes", "appears", "points",
                        "lies", "goes", "comes", "stands", "represents", "corresponds",
                        "follows", "contains", "needs", "takes", "reads", "seems", "stays",
                        "falls", "rises", "passes", "sits", "options", "choices", "digits",
                        "decimals", "places", "items", "things", "terms", "cases", "tens"})

# Key phrases: concept names of at most three words, matched case-insensitively on
# word boundaries, longest first. "<up to two words> theorem|rule|law|..." is found
# by a pattern as well.
_PHRASES = (
    "pythagorean theorem", "pythagoras theorem", "pythagoras' theorem", "angle sum theorem",
    "triangle angle sum", "angle sum property", "exterior angle theorem", "segment addition",
    "angle addition", "similar triangles", "congruent triangles", "isosceles triangle",
    "equilateral triangle", "right triangle", "right-angled triangle", "vertical angles",
    "vertically opposite angles", "corresponding angles", "alternate interior angles",
    "alternate angles", "co-interior angles", "supplementary angles", "complementary angles",
    "linear pair", "inscribed angle", "central angle", "angle bisector",
    "perpendicular bisector", "base angles", "parallel lines", "perpendicular lines",
    "law of sines", "law of cosines", "sine rule", "cosine rule", "quadratic formula",
    "distance formula", "midpoint formula", "slope formula", "area formula",
    "difference of squares", "completing the square", "arithmetic sequence",
    "geometric sequence", "common difference", "common ratio", "arithmetic mean",
    "weighted average", "percentage change", "percent change", "rate of change", "unit rate",
    "order of operations", "least common multiple", "greatest common divisor",
    "greatest common factor", "prime factorization", "place value", "circumference formula",
    "tangent line", "vieta's formulas", "triangle inequality", "mean value theorem",
    "inclusion-exclusion", "conservation of energy", "newton's second law", "ohm's law",
)
_PHRASE_RE = re.compile(
    r"(?<![A-Za-z])(?:" + "|".join(re.escape(p) for p in sorted(_PHRASES, key=len, reverse=True))
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_SUFFIX_RE = re.compile(
    r"(?<![A-Za-z'’])((?:[A-Za-z][A-Za-z'’-]{1,30}[ \t]+){1,2})(" + "|".join(_PHRASE_SUFFIXES)
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)

# A final-answer line, in layouts where it is not a section of its own. A box is one
# whichever command draws it (`mathtext.boxed.BOX_OPEN`: ``\\boxed`` or ``\\fbox``).
_ANSWER_LINE = re.compile(
    r"^\W{0,8}(?:so,?\s+|thus,?\s+|therefore,?\s+|hence,?\s+)?(?:the\s+)?(?:final\s+)?"
    r"answer\s*(?:is\b|:)|" + BOX_OPEN.pattern + "|final answer",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    kind: str  # "eq", "formula", "value", "count", "phrase"
    text: str  # the key step as written
    strict: tuple[str, ...]  # the same statement in other spellings
    loose: tuple[str, ...]  # forms it implies that are still specific
    reading: str = ""  # for a named value read or computed ("BC = 12"): its number


def _statement_candidates(text: str, atoms: list[_Atom], used: list[bool]) -> list[_Candidate]:
    """Named values (``the length is 12 cm``, ``Grace: 39``) and counts (``4 circles``)."""
    out: list[_Candidate] = []
    n = len(atoms)
    for k, a in enumerate(atoms):
        if used[k] or a.kind not in ("val", "numw"):
            continue
        nxt = atoms[k + 1] if k + 1 < n else None
        if nxt is not None and nxt.kind in ("op", "rel"):
            continue
        # a value written against a symbol we do not spell is only part of what it
        # says: the 3 of the ratio "3:4", the 5 of the decimal "2,5"
        if (nxt is not None and nxt.kind == "xbrk" and (nxt.start == a.end or nxt.text == ":")) \
                or (k > 0 and atoms[k - 1].kind == "xbrk" and atoms[k - 1].end == a.start):
            continue
        # a count: "4 circles", "four squares", "1 triangle", "25 minutes"
        if nxt is not None and nxt.kind == "word" and a.units is None and (
                a.kind == "numw" or a.value.isdigit()) and not used[k + 1]:
            low = nxt.text.lower()
            plural = low.endswith("s") and len(low) >= 3 and low not in _NOT_NOUNS
            if plural or (a.value == "1" and len(low) >= 3 and low not in _NOT_NOUNS):
                # not "the two legs" (a reference to things, not a count) nor "Step 2 ..."
                if k == 0 or atoms[k - 1].kind not in ("op", "rel") and atoms[k - 1].text.lower() not in (
                        "step", "option", "figure", "choice", "the", "these", "those", "both",
                        "all", "its", "their"):
                    out.append(_Candidate(a.start, nxt.end, "count", text[a.start:nxt.end],
                                          tuple(_count_variants(a, nxt)[1:]), ()))
                    used[k] = used[k + 1] = True
                    continue
        if a.kind != "val":
            continue
        statement = _named_value(text, atoms, used, k)
        if isinstance(statement, _Candidate):
            out.append(statement)
        elif statement is None and (a.unit_key in _TIME_UNITS or ":" in a.value) \
                and not a.forms[_ASCII].startswith("-"):
            # a duration or a time of day says what it is by itself: "0 minutes", "7:25"
            # ("-15 minutes" alone would match the subtraction "45 - 15 minutes")
            out.append(_Candidate(a.start, a.end, "count", a.text, (), ()))
            used[k] = True
    return out


def _named_value(text: str, atoms: list[_Atom], used: list[bool], k: int) -> _Candidate | bool | None:
    """``NAME (is|are|:|equals|measures|has|shows) [fillers] VALUE`` ending at atom *k*;
    ``False`` when the value is said of something that is not a quantity of the
    problem (``each number is 5 minutes``), ``None`` when it is not said of a name."""
    a = atoms[k]
    nxt = atoms[k + 1] if k + 1 < len(atoms) else None
    j = k - 1
    while j >= 0 and k - j <= 3 and atoms[j].kind == "stop" and atoms[j].text.lower() in _FILLERS:
        j -= 1
    if j < 0:
        return None
    verb = atoms[j]
    if not (verb.kind == "colon" or (verb.kind == "stop" and verb.text.lower() in _VERBS)):
        return None
    j -= 1
    if j < 0 or used[j]:
        return None
    name: list[_Atom]
    if any(atoms[m].text.lower() in _OPTION_WORDS for m in range(max(j - 2, 0), j)):
        return False  # "option C: 60°", "answer is C: 60°": an answer choice, not the quantity C
    if atoms[j].kind == "name":
        name = [atoms[j]]
    elif atoms[j].kind == "word" and atoms[j].text.lower() in _NOT_NAMES:
        return False
    elif atoms[j].kind == "word":
        name = [atoms[j]]
        if j > 0 and atoms[j - 1].kind == "word" and not used[j - 1] and \
                atoms[j - 1].text.lower() not in _NOT_NAMES and verb.kind != "colon":
            name.insert(0, atoms[j - 1])
    else:
        return None
    if verb.kind == "colon" and nxt is not None and nxt.kind == "word":
        return None  # "shape: 2 circles" is a count
    if verb.kind != "colon":
        name = _quantity_of(atoms, used, j - len(name) + 1, name)
    start = name[0].start
    strict, loose = _value_statement(name, a)
    for m in range(j - len(name) + 1, k + 1):
        used[m] = True
    return _Candidate(start, a.end, "value", text[start:a.end], tuple(strict), tuple(loose),
                      _plain_number(a.value))


def _quantity_of(atoms: list[_Atom], used: list[bool], first: int, name: list[_Atom]) -> list[_Atom]:
    """*name* (atoms from *first*) with the quantity it is the object of: in
    ``the area of the square is 16 cm²`` the value is the area's, so the name is
    ``area of the square``, not ``square`` (nor ``ABCD`` of ``the perimeter of
    rectangle ABCD``). The length, measure or value of a thing is the thing
    (``the length of AB is 5 cm``: ``AB is 5 cm``)."""
    p = first - 1
    while p >= 0 and atoms[p].text.lower() in ("the", "a", "an") and not used[p]:
        p -= 1
    if p >= 1 and atoms[p].kind == "word" and atoms[p - 1].text.lower() == "of" and not used[p]:
        p -= 1  # a kind before the name: "of rectangle ABCD"
    if p < 1 or atoms[p].text.lower() != "of" or used[p] or used[p - 1] \
            or atoms[p - 1].kind != "word" or atoms[p - 1].text.lower() in _SAME_AS_ITS_OBJECT:
        return name
    return atoms[p - 1:first + len(name)]


def _phrase_candidates(text: str, taken: list[tuple[int, int]]) -> list[_Candidate]:
    """Concept names of at most three words (``Pythagorean theorem``), outside formulas."""
    found: list[tuple[int, int]] = []
    for m in _PHRASE_RE.finditer(text):
        found.append((m.start(), m.end()))
    for m in _SUFFIX_RE.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _STOPWORDS:
            words.pop(0)
        if not words:
            continue
        start = m.start(1) + m.group(1).find(words[0])
        found.append((start, m.end()))
    out: list[_Candidate] = []
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))  # furthest end among spans[:k+1]
    for start, end in sorted(found):
        k = bisect_left(starts, end) - 1  # spans that start before this phrase ends
        if k >= 0 and reach[k] > start:
            continue
        if out and out[-1].end > start:
            continue
        phrase = " ".join(text[start:end].split())
        if len(phrase.split()) > 3:
            continue
        out.append(_Candidate(start, end, "phrase", phrase, tuple(_phrase_variants(phrase)[1:]), ()))
    return out


def _clean(text: str) -> str:
    return _WS.sub(" ", _LATEX_DELIMS.sub(" ", text)).strip()


def _plain_number(value: str) -> str:
    value = value.replace(",", "")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value


def _candidates(text: str, atoms: list[_Atom] | None = None) -> list[_Candidate]:
    """Every key-step candidate of one step text, in order of appearance."""
    if atoms is None:
        atoms = _atoms(text)
    used = [False] * len(atoms)
    index = {id(a): k for k, a in enumerate(atoms)}
    out: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for kind, run in _math_runs(atoms):
        start, end = run[0].start, run[-1].end
        written = _clean(text[start:end])
        if len(written) > MAX_KEY_STEP_CHARS:
            continue
        reading = ""
        if kind == "eq":
            formula = _leading_formula(run)
            if formula is not None:  # "Area = length × width = 11 × 12 = 132": two steps
                f_strict, f_loose = _equation_variants(formula)
                out.append(_Candidate(start, formula[-1].end, "eq",
                                      _clean(text[start:formula[-1].end]), tuple(f_strict),
                                      tuple(f_loose)))
            strict, loose = _equation_variants(run)
            if len(run) == 3 and run[1].kind == "rel" and run[1].value == "=" \
                    and run[0].kind in ("name", "word") and run[2].kind == "val" and run[2].value:
                reading = _plain_number(run[2].value)
        else:
            strict, loose = [_render(run, s) for s in _STYLES], []
        out.append(_Candidate(start, end, kind, written, tuple(strict), tuple(loose), reading))
        taken.append((start, end))
        for a in run:
            used[index[id(a)]] = True
    for cand in _statement_candidates(text, atoms, used):
        out.append(cand)
        taken.append((cand.start, cand.end))
    out.extend(_phrase_candidates(text, taken))
    out.sort(key=lambda c: (c.start, c.end))
    return out


def _classify(text: str) -> _Candidate | None:
    """Read one key step as the single candidate it is, if it is one."""
    cands = _candidates(text)
    if not cands:
        return None
    clean = _clean(text)
    best = max(cands, key=lambda c: (c.end - c.start, -c.start))
    # the candidate must cover the key step but for a few words around it; a number
    # left out ("x = 2,5", "∠A = 30°, 40°") would make its forms another statement
    covered = len(_clean(text[best.start:best.end]))
    if any(ch.isdigit() for ch in text[:best.start] + text[best.end:]):
        return None
    return best if covered >= 0.6 * len(clean) else None


# --------------------------------------------------------------------------- public API


def augment_key_step(text: str) -> list[str]:
    """Return *text* and its equivalent forms: the alternatives of one key-step group.

    The first alternative is *text* itself, on one line (whitespace runs become one
    space). Then come its spellings in
    ASCII, compact ASCII, Unicode and LaTeX (``3 * 4 = 12``, ``3*4=12``,
    ``3 × 4 = 12``, ``3 \\times 4 = 12``), the equation with its sides swapped
    (inequalities flipped), a named value said both ways (``BC = 12`` /
    ``BC is 12``); then looser forms that still pin the step down: the links of a
    chain of equalities, the equation without units, and the value alone when it is
    specific (``30°``, ``12 cm``, ``7:25``, not ``12``). Counts get their number word
    (``4 circles`` / ``four circles``) and concept names their synonyms. At most
    `MAX_ALTERNATIVES`; deterministic; text longer than `MAX_AUGMENT_CHARS` comes back
    alone.

    Examples:
        >>> augment_key_step("∠B = 30°")
        ['∠B = 30°', 'angle B = 30 degrees', 'angle B=30 degrees', '\\\\angle B = 30^\\\\circ', '30° = ∠B', '∠B is 30°', '∠B: 30°', '∠B = 30', 'angle B = 30']
        >>> augment_key_step("∠C = 180° - 95° = 85°")[-4:]
        ['180 - 95 = 85', 'angle C = 180 - 95 = 85', '85°', '85 degrees']
        >>> augment_key_step("4 circles")
        ['4 circles', 'four circles', 'circles: 4']
    """
    if not isinstance(text, str):
        raise TypeError(f"augment_key_step expects a str, got {type(text).__name__}")
    text = text.strip()
    if not text:
        return []
    if len(text) > MAX_AUGMENT_CHARS:
        return [text]
    cand = _classify(text)
    if cand is None:
        return _finish(_phrase_variants(text))
    return _finish([text, *_group_alternatives(cand)])


def _group_alternatives(cand: _Candidate) -> list[str]:
    if cand.kind in ("phrase", "count"):
        return [cand.text, *cand.strict]
    # the strictly equivalent spellings first, the looser forms after
    return [cand.text, *cand.strict, *cand.loose]


def _regions(trace: Trace) -> list[str]:
    """The texts key steps come from: the numbered steps, or for a solution without
    numbered steps in another layout, its reasoning; final-answer lines dropped."""
    if trace.steps:
        texts = [s.text for s in trace.steps]
    elif trace.layout != "mulberry":
        texts = [trace.reasoning]
    else:
        texts = []
    out = []
    for t in texts:
        lines = [line for line in t.split("\n") if not _ANSWER_LINE.search(line)]
        out.append("\n".join(lines))
    return out


def _strict_keys(cand: _Candidate) -> set[str]:
    keys = {normalize_math_text(cand.text)}
    keys.update(normalize_math_text(s) for s in cand.strict)
    keys.discard("")
    return keys


def extract_key_steps(
    reference_solution: str | None, *, config: RewardConfig | None = None
) -> list[list[str]]:
    """Return the key steps of *reference_solution* as groups of alternatives.

    Reads the numbered steps (any layout `parse_trace` knows; the reasoning of a
    solution without numbered steps), never the final-answer line, and keeps, in
    order and each once: equations and inequalities, formulas, values with what they
    name, counts, and concept names of at most three words. Each group is the key
    step as written followed by `augment_key_step`'s forms of it, and every group
    matches *reference_solution* itself (a group that would not is dropped), so the
    reference scores a key-step ratio of 1.0. ``None`` or a solution without steps
    gives ``[]``; a non-string raises ``TypeError``.

    *config* supplies the header leniency, the input cap
    (``max_completion_chars``), the length cap of an alternative
    (``max_key_step_chars``) and the cap on groups (``max_key_step_groups``).

    Examples:
        >>> solution = ("### Step 1:\\nThe length is 12 cm and the width is 9 cm.\\n"
        ...             "### Step 2:\\nArea = 12 × 9 = 108 cm².\\n### The final answer is: 108")
        >>> [group[0] for group in extract_key_steps(solution)]
        ['length is 12 cm', 'width is 9 cm', 'Area = 12 × 9 = 108 cm²']
    """
    if reference_solution is None:
        return []
    if not isinstance(reference_solution, str):
        raise TypeError(f"extract_key_steps expects a str, got {type(reference_solution).__name__}")
    config = config or DEFAULT_CONFIG
    text = reference_solution[: config.max_completion_chars]
    trace = parse_trace(text, lenient_headers=config.lenient_headers)
    found: list[tuple[int, _Candidate]] = []
    numbers: list[tuple[int, int, str]] = []  # (region, offset, number) of every value
    for r, region in enumerate(_regions(trace)):
        atoms = _atoms(region)
        for a in atoms:
            if a.kind == "val" and a.value:
                for piece in a.value.split(":"):
                    numbers.append((r, a.start, _plain_number(piece)))
        found.extend((r, cand) for cand in _candidates(region, atoms))
    found = _essential(found, numbers)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for _, cand in found:
        if len(groups) >= config.max_key_step_groups:
            break
        key = normalize_math_text(cand.text)
        if not key or key in seen:
            continue
        group = [alt for alt in _finish(_group_alternatives(cand))
                 if len(alt) <= config.max_key_step_chars]
        if not group:
            continue
        seen.update(_strict_keys(cand))
        groups.append(group)
    if not groups:
        return []
    # Keep only groups that the reference itself matches (ratio 1.0 by construction).
    check = match_key_steps(trace, groups, config=config)
    return [g for g, m in zip(groups, check.groups, strict=True) if m.matched]


def _essential(found: list[tuple[int, _Candidate]],
               numbers: list[tuple[int, int, str]]) -> list[tuple[int, _Candidate]]:
    """Drop the readings of a long listing that the solution never uses again.

    A step that lists four or more named values (``kiwi = 24, peach = 19, ...``) of
    which at least two recur later (``24 > 19``) keeps only those that recur: the
    others are not essential to the solution. Listings whose values are all used,
    or all unused, stay whole.
    """
    by_region: dict[int, list[_Candidate]] = {}
    for r, cand in found:
        if cand.reading:
            by_region.setdefault(r, []).append(cand)
    last_seen: dict[str, tuple[int, int]] = {}
    for reg, pos, num in numbers:
        last_seen[num] = max(last_seen.get(num, (reg, pos)), (reg, pos))
    drop: set[int] = set()
    for r, readings in by_region.items():
        if len(readings) < 4:
            continue
        end = max(c.end for c in readings)
        used = [c for c in readings if last_seen.get(c.reading, (-1, -1)) >= (r, end)]
        if 2 <= len(used) < len(readings):
            keep = {id(c) for c in used}
            drop.update(id(c) for c in readings if id(c) not in keep)
    return [(r, c) for r, c in found if id(c) not in drop]
