"""Key-step credit a step should not earn, second pass (issue 15, red-team class 'key steps').

A ratio, a mixed number in words, a function or a letter in a font command after the
number make it another value; a bare number listed among many numbers is not stated;
a minus spelled as an abbreviation, set in a font command, or separated from its number
by a bracket or by LaTeX that shows nothing still makes the number negative. Each class
is probed in many spellings, and the steps that state the key keep their credit.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepgrpo_rewards import match_key_steps
from stepgrpo_rewards.keysteps import context, enumeration, number_bounds, search_text
from stepgrpo_rewards.keysteps.search_text import _hide_invisible


def mulberry(steps: list[str], answer: str = "7") -> str:
    body = "".join(f"### Step {i}:\n{step}\n" for i, step in enumerate(steps, 1))
    return f"### Image Description:\nd\n### Rationales:\nr\n{body}### The final answer is: {answer}"


def key_matched(step_text: str, key: str) -> bool:
    return match_key_steps(mulberry([step_text]), [[key]]).matched == 1


# --- A ratio or a time is another value ---
RATIOS = ["so x = 5:2", "x = 5 : 2", "x = 5∶2", r"x = 5\colon 2", r"$x = 5 \colon 3$", "x = 5:30", "x = 5 :3",
          "the ratio x = 5:2:1", "x=5:2", "ｘ＝５：２"]


@pytest.mark.parametrize("text", RATIOS)
def test_a_ratio_is_another_value(text: str) -> None:
    assert not key_matched(text, "x = 5")


@pytest.mark.parametrize("text", ["at 5:30 we stop", "a ratio of 5:2", "5∶2 here"])
def test_a_bare_number_in_a_ratio_is_another_number(text: str) -> None:
    assert not key_matched(text, "5")


# --- A mixed number in words ---
MIXED_WORDS = ["x = 5 and 1/2", "x = 5 and 3/4", r"x = 5 and \frac{1}{2}", r"x = 5 and \tfrac12", "x = 5 and ½",
               "x = 5 and 1 / 2", r"x = 5\text{ and }\frac{1}{2}", "x = 5 and 2/3 cm", "x = 5 and 1⁄2",
               "so x = 5 and 7/8.", r"$x = 5$ and $\frac{1}{2}$"]


@pytest.mark.parametrize("text", MIXED_WORDS)
def test_a_mixed_number_in_words_is_another_value(text: str) -> None:
    assert not key_matched(text, "x = 5")


# --- A function, or a letter set in a font command, after the number ---
GLUED_MARKUP = [r"x = 5\cos\theta", r"x = 5 \cos\theta", r"x = 5\sin\alpha", r"x = 5\tan x", r"x = 5\arctan 2",
                r"x = 5\sinh t", r"x = 5\operatorname{sech} x", r"x = 5\ln\theta", "x = 5sinx", "x = 5cos2x",
                "x = 5 cos(t)", r"x = 5\mathrm{i}", r"x = 5\,\mathrm{i}", r"x = 5\mathrm{e}", r"x = 5\text{i}",
                r"x = 5\mathit{x}", r"x = 5\mathbf{j}", r"x = 5 \mathrm{ i }", r"x = 5\boldsymbol{x}",
                r"$x = 5\mathrm{i}$", r"x = 5\textit{n}", r"x = 5\mathrm{e}^{2}", r"x = 5\log_2 3"]


@pytest.mark.parametrize("text", GLUED_MARKUP)
def test_a_function_or_a_marked_letter_after_the_value_makes_another_value(text: str) -> None:
    assert not key_matched(text, "x = 5")


# --- A bare number listed among many ---
def _listing(joint: str, count: int = 30, first: int = 1) -> str:
    return joint.join(str(k) for k in range(first, first + count))


LISTINGS = [_listing(", ", 300), _listing(", "), _listing(" "), _listing("; "), _listing(","), _listing("\n"),
            _listing(", ", 12), "1, 2, 3, 4, 5, 6, 7, 8, 9", _listing(", ") + ", ..., 300",
            "$" + _listing(", ") + "$", _listing(r",\ "), "values: " + _listing(", ", 20, -10),
            _listing(" and "), _listing("$, $"), _listing(", ", 9, 5), _listing(", ", 9, -3),
            "1, 2, 3, 4, \\ldots, 5, 6, 7, 8, 9", "１，２，３，４，５，６，７，８，９，１０", _listing("、"),
            ", ".join(f"{k}.5" for k in range(1, 12)).replace("5.5", "5")]


@pytest.mark.parametrize("text", LISTINGS)
def test_a_bare_number_listed_among_many_is_not_stated(text: str) -> None:
    assert not key_matched(text, "5")


def test_a_listed_number_stated_elsewhere_keeps_its_credit() -> None:
    assert key_matched(_listing(", ") + ". So the count is 5.", "5")
    assert match_key_steps(mulberry([_listing(", "), "the count is 5"]), [["5"]]).matched == 1


@pytest.mark.parametrize("text", ["values 3, 4, 5", "1. 3\n2. 4\n3. 5", "the sides are 3, 4, 5", "2, 3, 5, 7",
                                  "so we get 1, 2, ...5", "1, 1, 2, 3, 5, 8", "5, 10, 15, 20 and 25",
                                  "1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 = 45", "Step 5: 2 apples, 3 pears",
                                  "x = 1, y = 2, z = 3, w = 4, v = 5, u = 6, t = 7, s = 8, r = 9",
                                  "| 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |"])
def test_a_short_list_a_sum_or_a_table_keeps_the_number(text: str) -> None:
    assert key_matched(text, "5")


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 20), st.sampled_from([", ", " ", "; ", "\n", " and ", ","]))
def test_the_list_limit(count: int, joint: str) -> None:
    text = joint.join(["5"] + [str(k) for k in range(10, 10 + count - 1)]) + " end"
    assert key_matched(text, "5") == (count <= enumeration.MAX_LISTED_NUMBERS)


# --- A minus in any spelling, wrapped or spaced ---
SIGNED = ["the value is neg. 5", "neg.5", "Neg. 5", "the value is −(5)", "the value is -(5)", "so -( 5 )",
          r"so -\left(5\right)", "so -[5]", "so -((5))", r"the value is \text{minus } 5", r"\textbf{minus} 5",
          r"\mathrm{minus}\ 5", r"\text{negative }5", r"\text{neg. }5", r"the value is -\phantom{0}5",
          r"-\hphantom{00}5", r"-\vphantom{x}5", r"-\hspace{2pt}5", r"-\kern1pt 5", r"-\mathstrut 5",
          r"-\color{red}5", r"\textcolor{blue}{-}5", r"-\mkern2mu 5", r"-\phantom{\frac{1}{2}}5", r"−\strut5",
          r"-\hskip 2pt 5", "minus (5)", "negative (5)", r"$-\left( 5 \right)$", "so −(5) here"]


@pytest.mark.parametrize("text", SIGNED)
def test_a_bare_number_after_a_wrapped_or_spelled_minus_is_negative(text: str) -> None:
    assert not key_matched(text, "5")


@pytest.mark.parametrize("text", ["10 - (5)", "10 minus (5)", r"10 \text{ minus } 5", "x - (5)", "f(5) = 2",
                                  "(5) apples", "so (5)", r"\phantom{-}5", r"\color{red}5", "neg. 4, so 5",
                                  "a neg 2 then (5)", r"\hspace{1pt}5 apples"])
def test_a_subtraction_a_bracket_or_hidden_markup_keeps_the_number(text: str) -> None:
    assert key_matched(text, "5")


# --- Steps that state the key keep their credit ---
@pytest.mark.parametrize("text", ["x = 5, so", "x = 5 (from step 2)", "x = 5 cm", "$x = 5$", "x = 5.", "x = 5: done",
                                  "x = 5: then y = 3", "x = 5 and y = 2", "x = 5 and 2x = 10", "x = 5\\,\\text{cm}",
                                  "x = 5 and the ratio is 1:2", r"x = 5\text{ s}", r"x = 5 \text{ m}", "x = 5 seconds",
                                  "x = 5 cost units", r"x = 5, \cos\theta = 0.6", "x = 5 minutes", r"x = 5\text{ min}",
                                  "x = 5 and 1/2 = 0.5", "x = 5 sec", "x = 5 sec.", r"\color{red}{x = 5}", r"x\phantom{0} = 5",
                                  r"x = \hspace{2pt}5", "x = 5 and 10/2 = 5", "x = 5 (see step 2: 3)",
                                  "ratio x = 5, y:z = 1:2", "x = 5 secs", r"x = 5 \mathrm{kg}"])
def test_a_step_that_states_the_key_keeps_its_credit(text: str) -> None:
    assert key_matched(text, "x = 5")


# --- Hidden markup: offsets stay, the pattern is linear ---
@pytest.mark.parametrize("text", [r"a\phantom{0}b", r"\hspace{1pt}", r"x\kern2pt y", r"\color{red}x", "plain",
                                  r"\phantom{\frac{1}{2}}5", r"\phantom{" * 1000])
def test_hidden_markup_keeps_offsets(text: str) -> None:
    hidden = _hide_invisible(text)
    assert len(hidden) == len(text)
    assert hidden.replace("\u200b", "") == hidden or "\\" in text


def test_the_list_neighbours_cover_the_joints() -> None:
    for text in ["1, 2", "1 2", "1;2", "1\n2", "1 and 2", "$1$, $2$", "1、2", "1,\\ 2", "1 ... 2", "1…2"]:
        first, last = text[1], text[-2]
        assert enumeration.may_be_listed(first) and enumeration.may_be_listed(last), text


# --- The cheap pre-checks on the scoring path decide as the full checks would ---
_PIECES = ["", " ", "\t", "\n", "$", "(", ")", "[", "{", "}", "-", "−", "+", "/", "^", "²", "÷", ":", ",", ".", ";",
           "5", "12", "x", "ab", "is", "neg", "neg.", "minus", "negative", "\\pm", "\\text{", "\\phantom{0}",
           "\\cancel{", "~~", "&minus;", "负", "=", "or", "and", "not", "maybe", "cm", "sin", "\\cos", "e3", "%", "!",
           "\\mathrm{i}", "\\hspace{1pt}", "\\color{red}", "\\st", "\\kern2pt", "1/2", "?", "°", "\x00"]
_KEYS = ["5", "12", "x = 5", "3*4=12", "x = 5 cm", "x is 5", "5 = x", "-3.5", "∠B = 30°", "AB = 12", "area",
         "x = 5.", "5 cm", "37", "x: 37", "b"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12), st.sampled_from(_KEYS), st.lists(st.sampled_from(_PIECES),
                                                                                          max_size=12))
def test_lazy_operators_decide_as_eager_ones(before: list[str], key: str, after: list[str]) -> None:
    text = "".join(before) + key + "".join(after)
    start, end = len("".join(before)), len("".join(before)) + len(key)
    flag = "/" in text or "^" in text or "\\div" in text or search_text._SUPERSCRIPT.search(text) is not None
    for operators in (True, False):
        lazy = number_bounds._number_bounded(text, start, end, key, number_bounds._no_gap, lambda o=operators: o)
        assert lazy == number_bounds._number_bounded(text, start, end, key, number_bounds._no_gap, operators)
    with_flag = number_bounds._number_bounded(text, start, end, key, number_bounds._no_gap, flag)
    assert with_flag == number_bounds._number_bounded(text, start, end, key)  # the flag only spares work


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=10))
def test_the_sign_filter_hides_no_sign(pieces: list[str]) -> None:
    text = "".join(pieces)
    for j in range(len(text)):
        if number_bounds._sign_at(text, j, number_bounds._no_gap) is not None:
            assert text[j] in number_bounds._SIGN_ENDS


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.sampled_from(_KEYS), st.text(alphabet="x5 =:.-°cmis∠b", max_size=12)))
def test_the_key_forms_agree_with_their_parts(key: str) -> None:
    assert enumeration.enumerable(key) == (enumeration.assignment(key) or enumeration.is_value(key))
    if key:
        traits = number_bounds._key_traits(key)
        assert traits[:3] == (number_bounds._states_value(key), number_bounds._has_digit(key), key[-1] in "0123456789")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=8), st.booleans(), st.booleans())
def test_the_after_checks_run_once_as_twice(pieces: list[str], states: bool, digit: bool) -> None:
    window = context.after_window("".join(pieces).lower(), 0)
    both = (digit and context.continues_after(window, states)) or context.taken_back_after(window)
    assert context.not_stated_after(window, states, digit) == both


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_one_latex_search_rules_out_both_rewrites(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert search_text._SearchText([("step", 1, text)]).raw == search_text._lower(
        search_text._hide_invisible(search_text._strike_out(text.replace("\x00", " "))))


_MARK_WORDS = ["cancel", "bcancel", "xcancel", "sout", "st", "xout", "phantom", "hphantom", "vphantom", "hspace",
               "vspace", "mspace", "kern", "mkern", "hkern", "hskip", "color", "textcolor", "mathstrut", "strut"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["\\", "\\" + "s", "a", "t", "c", "x ", "{", *_MARK_WORDS,
                                 *(w[:-1] for w in _MARK_WORDS)]), max_size=10))
def test_the_latex_mark_tree_finds_every_mark(pieces: list[str]) -> None:
    plain = re.compile(r"\\(?:" + "|".join(sorted(_MARK_WORDS, key=len, reverse=True)) + ")")
    text = "".join(pieces)
    assert (search_text._LATEX_MARKS.search(text) is None) == (plain.search(text) is None)
    assert search_text._LATEX_STRIKE.search(text) is None or search_text._LATEX_MARKS.search(text) is not None
    assert search_text._INVISIBLE_MARK.search(text) is None or search_text._LATEX_MARKS.search(text) is not None
