"""Key-step credit a step should not earn, and credit it should: chains of equalities
(issue 15, the two 'key steps/chain' rows of test_redteam_open.py).

A step earns no key step for ``x = 5`` where the chain of equalities after the value goes
on to another value (`stepgrpo_rewards.keysteps.chains`):

- written as an expression (``x = 5 = AB = 12/2``, ``x = 5 = 3 + 3``, ``\\frac{12}{2}``,
  ``2^3``, ``2³``), in words (``= six``), with a unit (``= 12/2 cm``), in a font or a box
  (``\\mathbf{6}``), evaluated exactly;
- after a line break, a LaTeX ``\\\\`` or ``\\quad`` that a link follows (``x = 5 = AB\\n=
  6``, ``x = 5 \\\\ &= 6``), or on the next line after a link (``x = 5 =\\n6``);
- through links other than "=" (``==``, ``:=``, ``=:``, ``≡``, ``\\equiv``, ``≔``,
  ``\\coloneqq``, ``＝``, lookalikes) and through terms of several words or in other
  alphabets (``= total =``, ``= the total =``, ``= ｚ =``, ``= θ =``), in the raw text and in
  the squeezed one (``$x=5=\\text{total}=6$``).

Steps that keep the value keep the credit (``x = 5 = 5.0``, ``x = 5 = 10/2``, ``x = 5 = 2^2
+ 1``, ``x = 5 = five``, ``x = 5 = AB``), and so do chains that end before another statement:
a clause word (``x = 5 = AB so y = 6``, ``hence``, ``where``, ``donc``), punctuation, a
relation (``x = 5 ≡ 2 (mod 3)``, ``=>``), a line that opens with no link, CJK text.
"""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from traces import steps_trace as mulberry
from traces import think_trace as think

from stepgrpo_rewards import match_key_steps, score_trace
from stepgrpo_rewards.keysteps.chains import equated_to_another, key_number, term_value
from stepgrpo_rewards.keysteps.number_bounds import _GLUED_UNITS, _equated_to_another, _GapWindows

TEMPLATE = "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n{}\n### The final answer is: 7"


def key_matched(step_text: str, key: str = "x = 5") -> bool:
    # (the Mulberry layout only: some cases here hold a step header, which a <think> block does not read)
    return match_key_steps(mulberry([step_text]), [[key]]).matched == 1


@pytest.mark.parametrize("step", ["x = 5 = AB = 12/2", "x = 5 = total = 6"])
def test_the_reported_rows(step: str) -> None:
    # the two 'key steps/chain' rows that stood in test_redteam_open.OPEN_FINDINGS
    assert score_trace(TEMPLATE.format(step), "7", [["x = 5"]]).key_step_ratio == 0.0


# --- row 3: terms that are another value written otherwise ---
EVALUATED = [
    # the reported spellings
    "x = 5 = AB = 12/2", "x = 5 = 3 + 3", "x = 5 = 12/2", "x = 5 = AB = 3 + 3", "x = 5 = six", "x = 5 = AB = six",
    # expressions
    "x = 5 = 24/4", "x = 5 = 2*3", "x = 5 = 2 \\times 3", "x = 5 = 2 \\cdot 3", "x = 5 = 3 · 2", "x = 5 = 3 × 2",
    "x = 5 = 18 ÷ 3", "x = 5 = (2+4)", "x = 5 = (10 + 2)/2", "x = 5 = 2^3", "x = 5 = 2^{3} - 2", "x = 5 = 2³ - 2",
    "x = 5 = 7 - 1", "x = 5 = -(-6)", "x = 5 = 1.2 * 5", "x = 5 = 0.6 * 10", "x = 5 = 6/1", "x = 5 = 5 + 1",
    "x = 5 = \\frac{12}{2}", "x = 5 = \\dfrac{18}{3}", "x = 5 = \\left( 12/2 \\right)", "x = 5 = y = 3 + 3",
    "x = 5 = y = 12/2", "x = 5 = 10/2 = 6/1", "x = 5 = AB = 3+3 = 6", "x = 5 = 4.999", "x = 5 = 3.14",
    # in words, fonts, boxes, quotes, with units
    "x = 5 = Six", "x = 5 = SIX", "x = 5 = six.", "x = 5 = twenty-one", "x = 5 = zero", "x = 5 = one hundred",
    "x = 5 = 'six'", "x = 5 = “six”", "x = 5 = \\text{six}", "x = 5 = \\textbf{six}", "x = 5 = \\mathbf{6}",
    "x = 5 = \\text{6}", "x = 5 = \\boxed{6}", "x = 5 = **6**", "x = 5 = *6*", "x = 5 = 12/2 cm",
    "x = 5 = AB = six cm", "x = 5 = 6 \\text{ cm}", "x = 5 = total = 6 (cm)", "x = 5 = 6°", "x = 5 = ６",
    # after a line break, \\\\, \\quad, in a bracket
    "x = 5 = AB\n= 6", "x = 5 = AB\n  = 12/2", "x = 5\n= 6", "x = 5 = AB \\\\ = 6", "x = 5 \\\\ &= 6",
    "x = 5 \\\\ &= 12/2", "x = 5 \\\\\n&= 6", "$$x = 5 = AB \\\\ = 12/2$$", "\\begin{align} x &= 5 \\\\ &= 6 \\end{align}",
    "x = 5 =\n6", "x = 5 =\n\n6", "x = 5 = total\n\n= 6", "$$x = 5 = AB$$\n$$= 6$$", "x = 5 \\quad = 6",
    "x = 5 (= 6)", "x = 5 = AB (= 6)",
    # a noun, an absolute value, an exact root, scientific notation
    "x = 5 = 6 apples", "x = 5 = 6 red apples", "x = 5 = |−6|", "x = 5 = \\sqrt{36}", "x = 5 = √36", "x = 5 = 6e0",
    "x = 5 = 0.6e1", "x = 5 = 5,001",
]


@pytest.mark.parametrize("step", EVALUATED)
def test_a_chain_on_to_another_value_written_otherwise_earns_nothing(step: str) -> None:
    assert not key_matched(step)


# --- row 6: links other than "=", and terms of several words or letters of any alphabet ---
LINKS_AND_WORDS = [
    # the reported spellings
    "x = 5 = total = 6", "x = 5 = the total = 6", "x = 5 == 6", "x = 5 := 6", "x = 5 ≡ 6", "x = 5 = ｚ = 6",
    # links
    "x = 5 = AB == 6", "x = 5 = AB := 6", "x = 5 = AB ≡ 6", "x = 5 \\equiv 6", "x = 5 = z ≔ 6", "x = 5 ＝ 6",
    "x = 5 = z ＝ 6", "x = 5 = y == 12/2", "x = 5 := total := 6", "x = 5 = z \\coloneqq 6", "x = 5 =: y = 6",
    "x = 5 ꞊ 6", "x = 5 ⩵ 6", "x = 5 ≜ 6", "x = 5 =\u200b 6", "x = 5 = ab\u00a0=\u00a06",
    # words and names
    "x = 5 = total length = 6", "x = 5 = the total sum = 6", "x = 5 = the result = 6", "x = 5 = the answer = 6",
    "x = 5 = our final total = 6", "x = 5 = total length of AB = 6", "x = 5 = the total of all the apples = 6",
    "x = 10/2 = 5 = total = 6", "x = 5 = total = 6 cm.", "x = 5 = y = 6, so y = 6", "x = 5 = ｙ = ６",
    "x = 5 = АВ = 6", "x = 5 = Σ = 6", "x = 5 = θ = 6", "x = 5 = \\theta = 12/2", "x = 5 = \\mathrm{total} = 6",
    "x = 5 = \\operatorname{total} = 6", "x = 5 = total_{sum} = 6", "x = 5 = AB = CD = EF = GH = IJ = KL = 6",
    "x = 5 = a = b = c = d = 6",
    # wrappers
    "x=5=total=6", "$x=5=\\text{total}=6$", "$x=5$ = total = 6", "x=5 = total length = 6",
    "\\(x = 5 = \\text{the total} = 6\\)", "x = 5 = \\text{the total} = \\text{six}", "**x = 5** = total = 6",
    "x = 5 = **total** = 6", "x = 5 = *the total* = 6", "`x = 5` = total = 6", "$x = 5$ $= 6$",
]


@pytest.mark.parametrize("step", LINKS_AND_WORDS)
def test_a_chain_through_other_links_and_long_terms_earns_nothing(step: str) -> None:
    assert not key_matched(step)


@pytest.mark.parametrize("step", ["x = 5 = AB = 12/2", "x = 5 = total = 6", "x = 5 = the total = six",
                                  "x = 5 \\\\ &= 6", "x = 5 ≡ 6"])
def test_in_other_layouts_too(step: str) -> None:
    assert score_trace(think(step), "7", [["x = 5"]]).key_step_ratio == 0.0
    assert match_key_steps(mulberry(["We compute.", step]), [["x = 5"]]).matched == 0


# --- the steps that keep the value, or end the chain before another statement ---
HONEST = [
    "x = 5 = 5.0", "x = 5 = 10/2", "x = 5 = AB", "x = 5 = 15/3 = five", "x = 5 = \\frac{15}{3}", "x = 5 = \\frac{10}{2}",
    "x = 5 = 2² + 1", "x = 5 = 2^2 + 1", "x = 5 = (3 + 7)/2", "x = 5 = 0.5 * 10", "x = 5 = 2.5 * 2", "x = 5 = 2 + 3",
    "x = 5 = AB = 5 cm", "x = 5 = 5 apples", "x = 5 = 6 minus 1", "x = 5 = \\sqrt{25}", "x = 5 = |-5|", "x = 5 = five", "x = 5 = FIVE", "x = 5 = \\text{five}", "x = 5 = \\mathbf{5}", "x = 5 == 5",
    "x = 5 := 5", "x = 5 = 5", "x = 5 = 5 + 0", "x = 5 = AB = 5", "x = 5 = AB = 10/2 = 5.0", "x = 5 = 10 / 2 = 5",
    "x = 5 = 10/2 (cm)", "x = 5 = 5 \\text{ cm}", "x = 5 = AB = 10/2", "x = 5 (= 10/2)", "x = 5 (=AB)",
    "x = 5 = the side length", "x = 5 = total", "x = 5 = the length of AB", "x = 5 = |AB|", "x = 5 = √25",
    "x = 5 = 5π/π", "x = 5 = the answer to part a",
    # modular arithmetic, arrows, relations
    "x = 5 ≡ 2 (mod 3)", "x = 5 ≡ 2 \\pmod 3", "x = 5 ≡ 2 mod 3", "x = 5 \\equiv 2 \\pmod{3}", "x = 5 ==> y = 6",
    "x = 5 => y = 6", "x = 5 = y < 6", "x = 5 = y ≤ 6", "x = 5 = y → y = 6", "x = 5 = AB ⇒ CD = 6",
    "x = 5 = AB => CD = 6", "x = 5 = AB \\therefore y = 6",
    # punctuation, lines
    "x = 5 = AB; y = 6", "x = 5 = AB, y = 6", "x = 5 = AB. y = 6", "x = 5 = AB\ny = 6", "x = 5 = AB \\\\ y = 6",
    "x = 5\ny = 6", "x = 5 \\\\ y = 6", "x = 5 = y. Then z = 6.", "x = 5 = a. b = 6", "x = 5 = AB.\nCD = 6",
    "x = 5 = AB! CD = 6", "x = 5 = AB? no, wait", "x = 5 = AB\n\n### Step 2:\ny = 6", "x = 5\n= AB",
    "x = 5 = AB (the side); y = 6", "x = 5 = AB, the side = 6", "x = 5 = 10/2 \\quad y = 6",
    "x = 5 \\quad\\text{and}\\quad y = 6", "x = 5 = y\n\ny = 6 is the other", "x = 5 = AB\nSo y = 6",
    "x = 5 = AB; the total = 6", "x = 5 = AB; in total = 6", "x = 5 = AB, and the total = 6",
    # clause words
    "x = 5 = AB so y = 6", "x = 5 = AB and y = 6", "x = 5 = AB where y = 6", "x = 5 = y where y = 5",
    "x = 5 = AB hence y = 6", "x = 5 = AB is 6 less than 11", "x = 5 = AB is half of CD = 10",
    "x = 5 = AB thus the total = 6", "x = 5 = AB therefore y = 6", "x = 5 = AB since CD = 6",
    "x = 5 = AB because y = 6", "x = 5 = AB while y = 6", "x = 5 = AB given y = 6", "x = 5 = AB when y = 6",
    "x = 5 = AB if y = 6", "x = 5 = AB gives CD = 6",
    "x = 5 = AB then the total = 6", "x = 5 = AB then CD = 6", "x = 5 = AB donc y = 6", "x = 5 = AB, also y = 6",
    "x = 5 = AB \\text{ so } y = 6", "$x=5=AB \\text{ so } y=6$",
    # CJK text, wrappers
    "x = 5 = AB 所以 y = 6", "x = 5 = AB，所以y = 6", "x = 5 = AB所以y = 6", "$x = 5 = AB$ and $CD = 6$",
    "$x=5=AB$ so $y=6$", "$x=5=AB$, $y=6$",
]


@pytest.mark.parametrize("step", HONEST)
def test_a_chain_that_keeps_the_value_or_ends_keeps_the_credit(step: str) -> None:
    assert key_matched(step)


@pytest.mark.parametrize(("step", "key"), [
    ("x = 1/3 = 0.33", "x = 1/3"),  # a key's value is what follows its last link
    ("x = 0.33 = 1/3", "x = 0.33"),  # a decimal equals an expression it rounds
    ("x = 3.14 = 22/7", "x = 3.14"),
    ("x = 5^2 = 25", "x = 5^2"),
    ("x = 5 + 2 = 7", "x = 5 + 2"),
    ("x = 10/2 = 5 = 5.0", "x = 10/2 = 5"),
    ("BC is 12 = AB", "BC is 12"),
    ("$AC^2 = AB^2 + BC^2 = 3^2 + 4^2 = 25$.", "AB^2 + BC^2"),  # states no value: no chain read
    ("∠A = ∠B = 60°", "∠B = 60°"),
    ("x = 5000 = 5,000", "x = 5000"),
    ("x = 5,000 = 5000", "x = 5,000"),
    ("n = 36 = 3 dozen", "n = 36"),
    ("x = 1.41 = √2", "x = 1.41"),
])
def test_keys_whose_value_is_an_expression(step: str, key: str) -> None:
    assert key_matched(step, key)


@pytest.mark.parametrize(("step", "key"), [
    ("x = 1/3 = 0.5", "x = 1/3"),
    ("x = 0.33 = 1/2", "x = 0.33"),
    ("BC is 12 = 13", "BC is 12"),
    ("x = 5^2 = 24", "x = 5^2"),
])
def test_keys_whose_value_is_an_expression_refused(step: str, key: str) -> None:
    assert not key_matched(step, key)


# --- the reader itself ---
FIVE = key_number("x = 5")


def test_key_number() -> None:
    assert FIVE == (Fraction(5), 0)
    assert key_number("x = 10/2 = 5.0") == (Fraction(5), 1)
    assert key_number("x = 1/3") == (Fraction(1, 3), None)
    assert key_number("x=−5") == (Fraction(-5), 0)
    assert key_number("BC is 12") == (Fraction(12), 0)
    assert key_number("AB^2 + BC^2") is None
    assert key_number("x = 2\\sqrt{3}") is None
    assert key_number("x = 1,000") == (Fraction(1000), 0)
    assert key_number("x = 2\\sqrt{3}") is None


@pytest.mark.parametrize(("term", "value"), [
    ("6", 6), ("6.0", 6), ("-6", -6), ("12/2", 6), ("3 + 3", 6), ("2^3", 8), ("2³", 8), ("2^{-1}", Fraction(1, 2)),
    ("\\frac{12}{2}", 6), ("\\dfrac{1}{3}", Fraction(1, 3)), ("\\left(2+4\\right)", 6), ("six", 6),
    ("twenty-one", 21), ("\\text{six}", 6), ("6 cm", 6), ("12/2 cm", 6), ("6 (cm)", 6), ("６", 6),
    ("-(-6)", 6), ("2 \\times 3", 6), ("18 ÷ 3", 6), ("(1+1)*(1+2)", 6), ("6 apples", 6), ("|-6|", 6),
    ("\\sqrt{36}", 6), ("√(36)", 6), ("sqrt(1/4)", Fraction(1, 2)), ("6e0", 6), ("6,000", 6000),
    # operators in words and TeX's \\over (read since test_redteam_keysteps11.py)
    ("3 plus 3", 6), ("{12 \\over 2}", 6), ("6 minus 1", 5), ("3 dozen", 36),
])
def test_term_value(term: str, value: Fraction) -> None:
    found = term_value(term, _GLUED_UNITS)
    assert found is not None and found[0] == value


@pytest.mark.parametrize("term", [
    "ab", "the total", "5π", "2 (mod 3)", "2(3)", "sqrt(-25)", "1/0", "2^100", "99999999999999^16^16",
    "(" * 30 + "1" + ")" * 30, "1" * 40, "1+" * 40 + "1", "6 +", "", "   ", "0^-1",
    "\\sqrt{2}", "√-4", "1e99", "|6", "6 apples and pears",
])
def test_terms_that_are_no_value(term: str) -> None:
    assert term_value(term, _GLUED_UNITS) is None


def test_the_reader_directly() -> None:
    assert equated_to_another("x = 5 = ab = 12/2", 5, FIVE)
    assert equated_to_another("x = 5 = the total = six", 5, FIVE)
    assert not equated_to_another("x = 5 = ab so y = 6", 5, FIVE)
    assert not equated_to_another("x = 5 = 10/2", 5, FIVE)
    assert not equated_to_another("x = 5 = ab\x00y = 6", 5, FIVE)  # another region: not read,
    assert equated_to_another("x = 5 = ab\x00= 6", 5, FIVE)  # unless it opens with a link (test_redteam_keysteps11.py)
    # the squeezed text is read through its windows, with its whitespace in place
    assert _equated_to_another("x=5=thetotal=6", 3, "x=5", _GapWindows("x=5=thetotal=6", lambda p: p == 7))
    assert not _equated_to_another("x=5=absoy=6", 3, "x=5", _GapWindows("x=5=absoy=6", lambda p: p in (6, 8)))
    assert not _equated_to_another("5 = 6", 1, "5")  # a bare number: no value stated


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="x5=6 ab\n\\&$+-*/^(){}.,;:≡＝totalsix", max_size=200))
def test_the_reader_never_raises(tail: str) -> None:
    text = "x = 5" + tail
    assert equated_to_another(text, 5, FIVE) in (True, False)
    assert key_matched(tail) in (True, False)


def test_a_flood_of_refused_chains_stays_cheap() -> None:
    # each occurrence is refused (and costs CHAIN_REJECTION_COST of the budget); the
    # terms differ, so that no cache helps
    body = "".join(f"x = 5 = (({i}+1)*({i}+2)-({i}+1)*({i}+2)+5) = ab{i}\n= {i + 6}\n" for i in range(2500))
    started = time.perf_counter()
    score = score_trace(mulberry([body]), "7", [["x = 5"], ["x = 6"], ["y = 5"]])
    assert time.perf_counter() - started < 2.0
    assert score.key_steps_matched <= 1
