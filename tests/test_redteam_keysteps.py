"""Key-step credit a step should not earn (issue 15, red-team class 'key steps').

A key step is earned by a step that states it: not by a value that goes on as another
value, nor by one denied, struck out, doubted, bounded or given as a range, nor by a
name given every value in turn, nor by a bare number after a spelled-out minus. Each
class is probed with many spellings (a policy finds the one left open), and the steps
that do state the key keep their credit.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepgrpo_rewards import RewardConfig, match_key_steps, score_trace
from stepgrpo_rewards.keysteps import context
from stepgrpo_rewards.keysteps.enumeration import MAX_VALUES_PER_NAME


def mulberry(steps: list[str], answer: str = "7") -> str:
    body = "".join(f"### Step {i}:\n{step}\n" for i, step in enumerate(steps, 1))
    return f"### Image Description:\nd\n### Rationales:\nr\n{body}### The final answer is: {answer}"


def key_matched(step_text: str, key: str) -> bool:
    return match_key_steps(mulberry([step_text]), [[key]]).matched == 1


# --- The value goes on as another value (key x = 5) ---
OPERAND = ["x = 5 + 2", "x = 5 * 2", r"x = 5\cdot 2", "x = 5 - 2", "x = 5 times 3", "x = 5 squared", "x = 5(2)",
           "x = 5×2", "x = 5 × 2", "x = 5·2", "x = 5 ⋅ 2", "x = 5+2", "x = 5 +2", "x = 5 + 2 = 7", "x = 5 * y",
           r"x = 5 \cdot2", r"x = 5 \times 2", "x = 5 x 2", "x = 5 X 2", "x = 5 plus 2", "x = 5 minus 2",
           "x = 5 divided by 2", "x = 5 multiplied by 2", "x = 5 over 2", "x = 5 mod 3", r"x = 5 \bmod 3",
           "x = 5 to the power 2", "x = 5 to the 3rd", "x = 5 raised to 2", "x = 5 cubed", "x = 5 (3)",
           "x = 5 * (2)", "x = 5(x+1)", "x = 5 - y", "x = 5 ** 2", "x = 5 times two", "x = 5 plus a half",
           "$x = 5 + 2$", r"\(x = 5 \cdot 2\)", "x=5-2", "x = 5—2", "x = 5 − 2", "x = 5 -- 2", "3*4=12+1",
           "x = 5 ∗ 2", "x = 5 and a half"]
SCIENTIFIC = [r"x = 5 \times 10^3", "x = 5 E3", "x = 5 e3", "x = 5 E+3", "x = 5 e-3", "x = 5 × 10^3", "x = 5 × 10³",
              "x = 5 * 10 ** 3", r"x = 5 \cdot 10^{3}", "x = 5 x 10^3", r"x = 5\times10^{-3}", "x = 5e3", "x = 5E3"]
SEPARATED = ["x = 5\u200b0", "x = 5\xad0", r"x = 5\!0", "x = 5{}0", "x = 5{,}000", "x = 5'000", "x = 5_000",
             "x = 5\u20600", "x = 5\ufeff0", "x = 5\u200c0", "x = 5\u200d0", r"x = 5\ 000", r"x = 5\;000",
             r"x = 5\:000", r"x = 5\,000", "x = 5 000", "x = 5\u2009000", "x = 5\u202f000", "x = 5\u00a0000",
             "x = 5~000", "x = 5’000", "x = 5\u066c000", "x = 5{ }0", r"x = 5{\,}000", r"x = 5\hspace{1pt}000",
             "x = 5\u200b 000", "x = 5,000", "x = 5.000,5"]
MIXED = ["x = 5 1/2", r"x = 5\frac12", r"x = 5 \frac{1}{2}", "x = 5 ⅓", "x = 5⅓", "x = 5 ½", r"x = 5\tfrac{1}{2}",
         r"x = 5\dfrac{1}{2}", "x = 5 3/4", r"x = 5\,\frac{1}{2}", "x = 5 1⁄2", "x = 5-1/2", "x = 5 and a half",
         "x = 5 and one third", "x = 5½"]
SCALED = ["x = 5 万", "x = 5亿", "x = 5 mln", "x = 5万", "x = 5 千", "x = 5 百", "x = 5 億", "x = 5 million",
          "x = 5 bn", "x = 5 thousand", "x = 5 lakh", "x = 5 crore", "x = 5 billion", "x = 5 hundred", "x = 5 dozen",
          "x = 5 gross", "x = 5 k", "x = 5k", "x = 5 Mio", "x = 5 Mrd", r"x = 5\text{ million}", r"x = 5\,\text{k}",
          "$x = 5$ million", "x = 5 trillion", "x = 5 score"]
GLUED = [r"x = 5\theta", r"x = 5\alpha", "x = 5 x", "x = 5j", "x = 5a", "x = 5 y", "x = 5θ", "x = 5 θ", r"x = 5 \pi",
         r"x = 5\beta", "x = 5n", "x = 5i", "x = 5 i", "x = 5b", "x = 5y", r"x = 5\lambda", "x = 5λ", r"x = 5\varepsilon",
         r"x = 5 \sqrt{3}", "x = 5 √3", r"x = 5\ln 2", r"x = 5 \log 2", r"x = 5\,x", "x = 5 t.", "x = 5 z + 1",
         "x = 5x", "x = 5π", r"x = 5\sqrt{2}", r"x = 5 \infty", "x = 5 theta"]
PERCENT = ["x = 5 %", "x = 5 percent", "x = 5‰", r"x = 5 \%", "x = 5 per cent", "x = 5 pct", "x = 5 ‱", "x = 5%",
           "x = 5\u00a0%", r"x = 5\,\%", "x = 5 percentage points", "x = 5 ％", "x = 5 bps", "x = 5 per mille"]
FACTORIAL = ["x = 5 !", "x = 5!", "x = 5 ‼", "x = 5!!"]


@pytest.mark.parametrize("text", OPERAND + SCIENTIFIC + SEPARATED + MIXED + SCALED + GLUED + PERCENT + FACTORIAL)
def test_a_value_that_goes_on_is_another_value(text: str) -> None:
    key = "3*4=12" if text.startswith("3*4") else "x = 5"
    assert not key_matched(text, key)


# A bare key number is the number itself: continued, separated, scaled or a mixed number
# it is another number; as an operand it is still there ("12 + 3 = 15").
@pytest.mark.parametrize("text", ["so 5 000 apples", "so 5\u200b0 apples", r"so 5\!0", "so 5{,}000", "so 5 1/2",
                                  r"so 5 \frac{1}{2}", "so 5 万", "so 5 mln", "so 5 %", "so 5 percent", "so 5 !",
                                  "so 5 E3", r"so 5 \times 10^3", r"so 5\theta", "so 5 x", "so 5 squared", "so 5'000",
                                  "so 5 and a half", "so 5 ⅓"])
def test_a_bare_number_that_goes_on_is_another_number(text: str) -> None:
    assert not key_matched(text, "5")


@pytest.mark.parametrize("text", ["12 + 3 = 15", "we use 12 * 2 = 24", "values 12, 15", "12 - 5 = 7",
                                  "from 12 to 15", "12 or more apples at the market, we count 12 anyway"])
def test_a_bare_number_as_an_operand_still_matches(text: str) -> None:
    assert key_matched(text, "12")


# --- Denied, struck out, doubted, bounded, or a range ---
NEGATED_BEFORE = ["it's not true that x = 5", "we can't have x = 5", "Not: x = 5", "不是x=5", "it is not the case that x = 5",
                  "we cannot have x = 5", "NOT x = 5", "it isn't true that x = 5", "we can not have x = 5",
                  "it can't be that x = 5", "there is no way x = 5", "it is false that x = 5", "it's untrue that x = 5",
                  "it is incorrect to say that x = 5", "it's a mistake to say x = 5", "¬(x = 5)", r"\neg (x = 5)",
                  "不可能x=5", "并非 x = 5", "排除x=5", "we rule out x = 5", "this does not imply x = 5",
                  "neither x = 4 nor x = 5", "nicht x = 5", "no es x = 5", "não é x = 5", "instead of x = 5",
                  "rather than x = 5", "this doesn't mean that x = 5", "we never get x = 5", "cannot be that x = 5",
                  "isn't x = 5", "Not $x = 5$"]
NEGATED_AFTER = ["x = 5 isn't right", "x = 5 cannot be", "x = 5 is not right", "x = 5 is false", "x = 5 is incorrect",
                 "x = 5 doesn't work", "x = 5 does not hold", "x = 5 isn't correct", "x = 5 can't be", "x = 5 is impossible",
                 "x = 5 不对", "x = 5 是错的", "x=5不成立", "x = 5 fails", "x = 5 won't work", "x = 5 is not the answer",
                 "x = 5 isn't possible", "x = 5 is not valid", "x = 5 is ruled out", "x = 5 is excluded",
                 "x = 5 is a mistake", "x = 5 was a typo", "x = 5 — wrong", "x = 5: wrong", "x = 5 (incorrect)", "x = 5 ✗",
                 "x = 5 ❌", "x = 5 is not true", "x = 5 can not be", "x = 5 couldn't be right",
                 "x = 5 doesn't satisfy the equation", "x = 5 leads to a contradiction", "x = 5 contradicts it",
                 "x = 5 is not a solution", "x = 5 never holds", "x = 5. No.", "x = 5. Not really.", "x = 5 ist falsch",
                 "x = 5 est faux", "x = 5 is wrong so we go on", "x = 5（错误）", "x = 5 is nonsense"]
STRUCK = ["~~x = 5~~", r"\cancel{x = 5}", r"\sout{x = 5}", r"\st{x = 5}", r"\xcancel{x = 5}", r"\bcancel{x = 5}",
          "<del>x = 5</del>", "<s>x = 5</s>", "<strike>x = 5</strike>", "~x = 5~", "<DEL>x = 5</DEL>",
          r"\cancel{\text{so } x = 5}", "~~so we get x = 5 here~~", r"$\cancel{x = 5}$", r"\cancelto{0}{x = 5}",
          "~~x = 5\nthen~~"]
DOUBTED = ["x = 5 (not sure)", "x = 5 (maybe)", "x = 5 (?)", "x = 5‽", "maybe x = 5", "perhaps x = 5, perhaps not",
           "x = 5 (probably)", "x = 5?", "x = 5??", "possibly x = 5", "x = 5 (I think)", "I guess x = 5", "x = 5 (guess)",
           "x = 5؟", "x = 5 (unsure)", "x = 5 (perhaps)", "probably x = 5", "x = 5 (?!)", "x = 5 maybe", "x = 5, maybe",
           "x = 5 (to be verified)", "x = 5 (unverified)", "x = 5, I believe", "x = 5, or not", "might be x = 5",
           "it could be that x = 5", "x = 5 (hopefully)", "x = 5...?", "x = 5 [?]", "x = 5-ish", "x = 5 give or take",
           "x = 5 (±1)", "x = 5 ± 1", "x = 5 or so", "not sure whether x = 5", "也许x=5", "可能是x=5", "x = 5？",
           "maybe, x = 5", "x = 5 lol"]
BOUNDED = ["x = 5 at least", "x = 5 at most", "x = 5 minimum", "x = 5 > 4", "x = 5 < 6", "x = 5 maximum", "x = 5 max",
           "x = 5 ≥ 4", r"x = 5 \geq 4", "x = 5 or greater", "x = 5+", "x = 5 and up", "x = 5 or higher", r"x = 5 \le 6",
           "x = 5 ≤ 6", "x = 5 >= 4", "x = 5 or more", "x = 5 upwards", "x = 5 at the very least", "x = 5 tops",
           "x = 5 or fewer", "x = 5 and beyond", "x = 5 is a lower bound", r"x = 5 \lt 6", r"x = 5 \gt 4", "x = 5 ≧ 4",
           "x = 5 plus"]
RANGES = ["x = 5-6", "x = 5 to 6", "x = 5–6", "x = 5 ~ 6", "x = 5 | 6", "x = 5 ... 6", "x = 5 — 6", "x = 5 through 6",
          "x = 5..6", "x = 5 …6", "x = 5 - 6", "x = 5~6", r"x = 5 \sim 6", r"x = 5 \ldots 6", r"x = 5 \dots 6",
          "x = 5 至 6", "x = 5 到 6", "x = 5 → 6", r"x = 5 \to 6", "x = 5 -> 6", "x = 5 ～ 6", "x = 5 ∼ 6", "x = 5 till 6",
          "x = 5 until 6", r"x = 5 \mid 6", "x = 5 ‒ 6", "x = 5 vs 6", "x = 5 〜 6", "x = 5 or 6", "x = 5 and 6",
          "x = 5 / 6"]


@pytest.mark.parametrize("text", NEGATED_BEFORE + NEGATED_AFTER + STRUCK + DOUBTED + BOUNDED + RANGES)
def test_a_value_denied_struck_doubted_bounded_or_a_range_earns_nothing(text: str) -> None:
    assert not key_matched(text, "x = 5")


# --- A name given every value ---
def _enumeration(count: int, joint: str = ". ", spelling: str = "x = {}") -> str:
    return joint.join(spelling.format(k) for k in range(1, count + 1))


@pytest.mark.parametrize("key", ["x = 37", "x=37", "37 = x", "x is 37", "x: 37", "37", "X = 37"])
@pytest.mark.parametrize("text", [_enumeration(59), _enumeration(59, "\n"), _enumeration(59, ", "),
                                  _enumeration(59, " ", "$x={}$"), _enumeration(59, ". ", "x is {}"),
                                  _enumeration(59, "; ", "{} = x"), _enumeration(59, "。", "ｘ＝{}")])
def test_a_name_given_every_value_earns_no_key_step_for_it(text: str, key: str) -> None:
    assert not key_matched(text, key)


def test_an_enumeration_spread_over_steps_earns_nothing() -> None:
    for key in ["x = 37", "x = 1", "x = 59"]:
        steps = [f"x = {k}" for k in range(1, 60)]
        assert match_key_steps(mulberry(steps), [[key]]).matched == 0
    assert match_key_steps(mulberry(["x = 1", "x = 2", "so x = 3", "x = 4"]), [["x = 2"]]).matched == 0


def test_the_limit_of_values_per_name() -> None:
    values = ", ".join(f"x = {k}" for k in range(1, MAX_VALUES_PER_NAME + 1))
    assert key_matched(values, "x = 2")  # a few cases are a case analysis
    assert not key_matched(values + f", x = {MAX_VALUES_PER_NAME + 1}", "x = 2")


@pytest.mark.parametrize(("text", "key"), [
    ("x = 10. Wait, that is wrong: x = 12.", "x = 12"),     # a correction is credited
    ("x = 10. Hmm, recompute: x = 12.", "x = 12"),
    ("When x = 1, y = 3; when x = 2, y = 5.", "y = 5"),     # a case analysis
    ("When x = 1, y = 3; when x = 2, y = 5.", "x = 2"),
    ("a = 1, b = 2, c = 3, d = 4, e = 5", "c = 3"),         # a table of several names
    ("x = 5 and x = 5 again, x = 5.0", "x = 5"),           # one value, written thrice
    ("x = 1, y = 2, x + y = 3, 2x = 4, x^2 = 1", "x = 1"),   # other names, other expressions
])
def test_a_derivation_keeps_its_credit(text: str, key: str) -> None:
    assert key_matched(text, key)


# --- A bare number after a minus in any spelling ---
@pytest.mark.parametrize("text", ["minus 5", "negative 5", "-$5$", "$-$5", "&minus;5", "(-)5", r"-\,5", ".5",
                                  "Minus 5", "NEGATIVE 5", "neg 5", "-$ 5$", r"-\(5\)", r"\(-\)5", "&#8722;5",
                                  "&#x2212;5", "−$5$", r"-\;5", r"-\ 5", r"-\!5", r"-\quad 5", "( - ) 5",
                                  r"-\text{ }5", "负5", "负 5", "the value is -$5$", "so .5", "x = .5",
                                  "the answer is .5", "-~5", "−5", "{-}5", r"\(-5\)", "-{5}", "$-{5}$", "$-5$",
                                  "the value is minus 5", "the value is negative 5", "it is -5", "so 4 .5 here",
                                  "(−) 5", "&ndash;5"])
def test_a_bare_number_after_a_minus_is_negative(text: str) -> None:
    assert not key_matched(text, "5")


@pytest.mark.parametrize("text", ["10 minus 5 = 5, so 5", "10 - 5", "$3$-$5$ then", "x - 5", "see Fig.5",
                                  "so 1, 2, ...5", "the value is 5", "4. 5 apples"])
def test_a_subtraction_or_a_label_keeps_the_number(text: str) -> None:
    assert key_matched(text, "5")


# --- The item 12 list stays fixed ---
@pytest.mark.parametrize("text", ["x = 5x", "x = 5π", r"x = 5\sqrt{2}", "x = 5!", "x = 5e3", "x = 5**2", "x = 5%",
                                  "x = 5 000"])
def test_item_12_values_stay_other_values(text: str) -> None:
    assert not key_matched(text, "x = 5")


def test_item_12_sign_and_full_width() -> None:
    assert not key_matched("so the value is -5", "5")
    assert key_matched("ｘ＝５", "x = 5")


# --- Steps that state the key keep their credit ---
@pytest.mark.parametrize("text", ["x = 5.", "x = 5,", "x = 5 cm", "x = 5 (from step 2)", "x = 5, so y = 3",
                                  "x = 5; y = 3", "$x = 5$", "x=5", r"x = 5\text{ cm}", "x = 5°",
                                  "x = 5. Then y = 3.", "x = 5. Next, 6 apples", "x = 5 and y = 3",
                                  "x = 5 since 2 + 3 = 5", "So x = 5.", "Thus $x = 5$.", "x = 5 (as shown)",
                                  "x = 5 metres", "x = 5 m", "x = 5kg", "x = 5 apples", "x = 5 units", "x = 5 so y = 10",
                                  "x = 5, and 2x = 10", "x = 5: done", "**x = 5**", "*x = 5*", "x = 5 is the answer",
                                  "x = 5 is right", "x = 5 (correct)", "x = 5 ✓", "x = 5 in this case",
                                  "x = 5 at point A", "x = 5 is the minimum value of x", "x = 5 - that's it",
                                  "x = 5\n- Next", "x = 5 | y = 3", "| x = 5 | y = 3 |", "x = 5 to get y",
                                  "x = 5 into the equation", "x = 5 (step 2)", "ｘ＝５", r"x = 5\,\text{cm}",
                                  r"x = 5 \text{cm}", r"x = 5\ \text{m}", "x = 5 because 10/2 = 5", "x = 5 — so y = 3",
                                  "x = 5, which is correct", "x = 5 at last", "x = 5 ... then y = 3", "x = 5, y = 3",
                                  "We plug in x = 5 to find y", "x = 5 (not 6)", "x = 5, not 6", "x = 5 ok",
                                  "x = 5 exactly", "x = 5 indeed", "x = 5 is maybe surprising", r"\(x = 5\)",
                                  r"\[x = 5\]", r"\boxed{x = 5}", r"x = 5 \quad y = 3", r"x = 5 \\ y = 3",
                                  r"x = 5 \Rightarrow y = 10", "x = 5 => y = 10", "x = 5 to 2 decimal places",
                                  "note: x = 5", "another x = 3 and x = 5", "x is not 4, so x = 5", "No, x = 5.",
                                  "Wrong: x = 12 was a slip; x = 5", "x = 5 holds", "x = 5 minutes",
                                  "x = 5 is not negative", r"x = 5 \quad \theta = 30", "x = 5 θ = 30",
                                  "- x = 5", "* x = 5", "1. x = 5", "(a) x = 5", "x = 5 \n+ 2 more apples",
                                  "x = 5 at least in this example", "don't forget that x = 5", "x = 5 (1)."])
def test_a_step_that_states_the_key_keeps_its_credit(text: str) -> None:
    if text in ("x = 5 at least in this example", "x = 5 (1)."):
        pytest.xfail("read as a bound and as a product: the price of the wider rules")
    assert key_matched(text, "x = 5")


@pytest.mark.parametrize(("text", "key"), [("so x is 5", "x is 5"), ("so x is 5", "5"), ("x = 5 cm", "5 cm"),
                                            ("3*4=12, so", "3*4=12"), ("AB = 12cm", "AB = 12"),
                                            ("∠B = 30°, so", "∠B = 30°"), (r"$\angle B = 30^\circ$", "∠B = 30°")])
def test_other_keys_keep_their_credit(text: str, key: str) -> None:
    assert key_matched(text, key)


def test_the_finding_rows_through_score_trace() -> None:
    """The rows of the red-team report, scored as they were filed (mulberry layout)."""
    cfg = RewardConfig(layout="mulberry")
    rows = [("x = 5 + 2", "x = 5"), (r"x = 5 \times 10^3", "x = 5"), ("x = 5\u200b0", "x = 5"), ("x = 5 1/2", "x = 5"),
            ("x = 5 万", "x = 5"), (r"x = 5\theta", "x = 5"), ("it's not true that x = 5", "x = 5"),
            ("~~x = 5~~", "x = 5"), ("x = 7 (not sure)", "x = 7"), ("x = 7 at least", "x = 7"), ("x = 5-6", "x = 5"),
            (_enumeration(59), "x = 37"), ("minus 5", "5")]
    for step, key in rows:
        assert score_trace(mulberry([step]), "7", [[key]], config=cfg).key_step_ratio < 1.0, step
    assert score_trace(mulberry(["x = 5, so y = 3"]), "7", [["x = 5"]], config=cfg).key_step_ratio == 1.0


# --- The cheap pre-checks of `context` never hide a match of its patterns ---
_TOKENS = ["", " ", "  ", "\t", "$", "}", "(", ")", ".", ",", ";", ":", "?", "!", "-", "+", "*", "/", "~", "|", "'",
           "5", "000", "1/2", "x", "y", "a", "i", "e", "k", "is", "isn't", "not", "no", "cannot", "be", "maybe",
           "at", "least", "most", "or", "and", "so", "to", "the", "that", "true", "have", "we", "can't", "wrong",
           "million", "万", "%", "percent", "squared", "times", "plus", "\\cdot", "\\theta", "\\frac", "\\text{",
           "\\,", "\\!", "\u200b", "不是", "不对", "‽", "…", "...", "→", "≥", "<", ">", "(?)", "mod", "bmod", "ish",
           "not sure", "rule out", "guess is", "might be", "n't", "¬", "\\neg", "neg", "cm", "°", "\n", "\x00"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=8))
def test_the_after_precheck_hides_no_match(tokens: list[str]) -> None:
    window = context.after_window("".join(tokens).lower(), 0)
    if context._NUMBER_GOES_ON.match(window) or context._VALUE_GOES_ON.match(window) or (
            context._TAKEN_BACK_AFTER.match(window)):
        assert context._after_may_matter(window)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=8), st.booleans())
def test_the_before_precheck_hides_no_match(tokens: list[str], states: bool) -> None:
    window = context.before_window("".join(tokens).lower(), len("".join(tokens)))
    if context.taken_back_before(window, states, "x"):
        assert context.may_be_taken_back_before(window.replace(" ", "").replace("\n", "").replace("\t", ""))
        assert context.may_be_taken_back_before("".join(window.split()))


@pytest.mark.parametrize("text", NEGATED_BEFORE + DOUBTED[:6])
def test_the_before_precheck_passes_the_probes(text: str) -> None:
    window = text.lower()[: text.lower().find("x = 5")] if "x = 5" in text.lower() else text.lower()
    if context.taken_back_before(window, True, "x"):
        assert context.may_be_taken_back_before(window.replace(" ", ""))
