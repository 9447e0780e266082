"""Key-step credit a step should not earn, and credit it should, fourth pass (issue 15,
red-team class 'key steps').

A step that offers the key's value as one of several alternatives (``x = 3 or x = 5 or
x = 7``, ``either x = 5 or x = 6``, ``one of x = 4, x = 5``) does not state it, unless it
names them as the roots of an equation; a doubt before the key with a clause (``I doubt
that``, ``it is unclear whether``, ``je doute que``, ``我怀疑``) takes it back, where no
negation lifts the doubt (``no doubt that``). A chain of equalities whose last value is
the key's value (``x = 10/2 = 5``) states it, where the value goes no further
(``x = 10/2 = 5/3``) and no other value stands on the way (``x = 1 = 2 = ... = 5``).
Each class is probed in many spellings, and the steps that state the key keep their
credit.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepgrpo_rewards import match_key_steps, score_trace
from stepgrpo_rewards.keysteps import context, enumeration


def mulberry(steps: list[str], answer: str = "7") -> str:
    body = "".join(f"### Step {i}:\n{step}\n" for i, step in enumerate(steps, 1))
    return f"### Image Description:\nd\n### Rationales:\nr\n{body}### The final answer is: {answer}"


def key_matched(step_text: str, key: str = "x = 5") -> bool:
    return match_key_steps(mulberry([step_text]), [[key]]).matched == 1


def test_the_reported_examples() -> None:
    for text in ["x = 3 or x = 5 or x = 7, I can't tell which.", "Either x = 5 or x = 6; I will just guess.",
                 "I doubt that x = 5."]:
        assert score_trace(text, "7", [["x = 5"]]).key_step_ratio == 0.0
        assert not key_matched(text)
    assert score_trace("x = 10/2 = 5", "7", [["x = 5"]]).key_step_ratio == 1.0
    assert key_matched("x = 10/2 = 5")


# --- The key's value offered as one of several alternatives ---
ALTERNATIVES = [
    # the key first, in the middle, last
    "x = 5 or x = 6", "x = 4 or x = 5", "x = 3 or x = 5 or x = 7", "x = 5 or x = -5", "x = -1 or x = 5",
    "x = 4, x = 5 or x = 6", "x = 3, x = 4 or x = 5", "x = 3, x = 4, or x = 5", "x = 5, x = 6 or x = 7",
    "x = 5, or x = 6", "x = 5 (or x = 6)", "x = 5 OR x = 6", "x=5 or x=6", "x = 5 or\nx = 6", "x = 4 or\nx = 5",
    "x = 5\u00a0or x = 6", "X = 5 Or X = 6",
    # "either", "one of", "any of"
    "either x = 5 or x = 6", "Either x = 5, or x = 6.", "It is either x = 5 or x = 7.", "Either x = 3, x = 4 or x = 5.",
    "one of x = 4, x = 5, x = 6", "one of x = 5, x = 6", "any of x = 4, x = 5", "Either of x = 5, x = 6 works",
    "x is one of: x = 4, x = 5", "among x = 4, x = 5",
    # hedge words after the "or"
    "x = 5 or maybe x = 6", "x = 5, or perhaps x = 6", "x = 5 or else x = 6", "x = 5 or possibly x = 6",
    "x = 5 or, maybe, x = 6", "x = 5 or rather x = 6", "x = 4 or maybe x = 5", "x = 5, or else x = 6",
    # math delimiters and LaTeX
    "x = 5 or $x = 6$", "$x = 5$ or $x = 6$", "$x = 3$ or $x = 5$", r"\(x = 5\) or \(x = 6\)",
    r"\(x = 4\) or \(x = 5\)", r"x = 5 \text{ or } x = 6", r"x = 4 \text{ or } x = 5", r"x = 5 \lor x = 6",
    r"x = 4 \vee x = 5", "x = 5 ∨ x = 6", "x = 4 ∨ x = 5", "$x=5$ or $x=6$", r"$x = 5 \text{ or } x = 6$",
    # other languages
    "x = 5 或 x = 6", "x=5或x=6", "x = 4 还是 x = 5", "x = 5 或者 x = 6", "x = 5 oder x = 6", "x = 5 ou x = 6",
    "x = 5 o x = 6", "x = 4 oder x = 5",
    # "is", other names, subscripts
    "x = 5 or x is 6", "x is 4 or x = 5", "x could be 4 or x = 5",
    # with a doubt after the alternatives, or a mere preamble
    "x = 4 or x = 5, not sure which", "it's x = 3 or x = 5, can't decide", "the answer is x = 5 or x = 6",
    "I guess x = 5 or x = 6.", "Let y = 2. Then x = 5 or x = 6; I'm guessing.", "x = 5 or x = 6?",
    "The roots are x = 3 or x = 5 or x = 7, I can't tell which.",
    # lookalike letters
    "x = 5 оr x = 6", "x = 4 оr x = 5",
]


@pytest.mark.parametrize("text", ALTERNATIVES)
def test_a_value_offered_among_alternatives_earns_nothing(text: str) -> None:
    assert not key_matched(text)


@pytest.mark.parametrize(("text", "key"), [
    ("x is 5 or 6", "x is 5"), ("x is 5 or x is 6", "x is 5"), ("x is 4 or x is 5", "x is 5"),
    ("x_1 = 5 or x_1 = 6", "x_1 = 5"), ("a = 5 or a = 6", "a = 5"), ("AB = 5 or AB = 6", "AB = 5"),
    ("AB = 4 or AB = 5", "AB = 5"), ("it's 4 or 5", "5"), ("it's 5 or 6", "5"), ("x could be 5 or 6", "5"),
    ("ｘ＝５ or ｘ＝６", "x = 5"), ("x = 5 cm or x = 6 cm", "x = 5 cm"), ("x = 4 cm or x = 5 cm", "x = 5 cm"),
    ("y = 2.5 or y = 3", "y = 2.5"),
])
def test_other_keys_offered_among_alternatives_earn_nothing(text: str, key: str) -> None:
    assert not key_matched(text, key)


ROOTS_AND_OTHER_STATEMENTS = [
    "The roots are x = 3 or x = 5.", "The solutions are x = 5 or x = 6.", "the roots are x = 5 or x = -1",
    "Solving (x-5)(x-6) = 0 gives x = 5 or x = 6.", "(x-5)(x-6) = 0, so x = 5 or x = 6.",
    "x^2 - 11x + 30 = 0, hence x = 5 or x = 6", "(x-4)(x-5) = 0, so x = 4 or x = 5.",
    "x^2 = 25, so x = 5 or x = -5.", "x^2 = 25, so x = -5 or x = 5.", "Factoring: x = 5 or x = -2.",
    "x = 5 or x = 6 are the roots.", "x^2 - 11x + 30 = 0 ⇒ x = 5 or x = 6", "Its zeros: x = 5 or x = 6",
    # other names, restatements, a case analysis of a few values
    "x = 5, y = 6", "y = 4, x = 5", "x = 5, y = 4 or y = 6", "x = 5, or equivalently 2x = 10.",
    "x = 5 or equivalently x = 5.0", "x = 5; therefore y = 3 or y = 4", "x = 5, for x = 4 fails", "either way, x = 5",
    "x_1 = 4, x_2 = 5", "x = 5. Or x = 6 if we round? No: x = 5.", "We found 4 pears or x = 5 apples",
    "x = 4 or more, so x = 5", "x = 1, x = 2 are the cases; x = 5 is the answer", "so x = 5 for sure",
    "x = 5 apples, or x = 6 pears for the other box", "Therefore, x = 5", "For x = 5, or more precisely at x = 5, y = 0",
]


@pytest.mark.parametrize("text", ROOTS_AND_OTHER_STATEMENTS)
def test_roots_and_other_statements_keep_the_credit(text: str) -> None:
    key = "x_2 = 5" if text.startswith("x_1") else "x = 5"
    assert key_matched(text, key)


def test_a_case_analysis_of_a_few_values_keeps_its_credit() -> None:
    assert key_matched("x = 1, x = 2, x = 3", "x = 2")
    assert key_matched("When x = 1, y = 3; when x = 2, y = 5.", "x = 2")
    assert not key_matched("one of x = 1, x = 2, x = 3", "x = 2")


# --- A doubt before the key, with a clause ---
DOUBTS_BEFORE = [
    "I doubt that x = 5.", "I doubt that x = 5", "I doubt x = 5.", "We doubt that x = 5.", "I doubt whether x = 5.",
    "It is doubtful that x = 5.", "It's doubtful that x = 5.", "Doubtful: x = 5.", "doubtful whether x = 5",
    "I have doubts that x = 5.", "There is doubt that x = 5.", "I'm not sure that x = 5.", "I am not sure that x = 5.",
    "I'm not certain that x = 5.", "Not certain that x = 5.", "I'm not convinced that x = 5.",
    "I'm not confident that x = 5.", "We cannot be sure that x = 5.", "we can't be certain that x = 5",
    "I don't think that x = 5.", "I don't think x = 5.", "I do not think that x = 5.", "I don't believe that x = 5.",
    "I do not believe x = 5.", "I wouldn't say that x = 5.", "I don't know if x = 5.", "I can't tell whether x = 5",
    "It is unclear whether x = 5.", "Unclear whether x = 5.", "It's unclear if x = 5.", "It is not clear that x = 5.",
    "It is not obvious that x = 5.", "I question whether x = 5.", "It is questionable whether x = 5.",
    "It is uncertain whether x = 5.", "I'm skeptical that x = 5.", "I'm sceptical that x = 5.",
    "It's dubious that x = 5.", "it is debatable whether x = 5", "hard to say if x = 5", "no idea whether x = 5",
    "I seriously doubt that x = 5", "I highly doubt x = 5.", "Honestly, I doubt that x = 5.", "It's possible that x = 5.",
    "There's a chance that x = 5.", "It might be that x = 5.", "I'm not 100% sure that x = 5.",
    "I'm not entirely sure that x = 5.", "I suspect x = 5 but can't confirm",
    "I dоubt that x = 5",  # Cyrillic о
    r"I doubt that $x = 5$.", r"It is unclear whether \(x = 5\).",
    # German, French, Spanish, Portuguese, Chinese
    "Ich bezweifle, dass x = 5.", "Ich bin nicht sicher, dass x = 5.", "Ich bin nicht sicher, ob x = 5.",
    "Es ist unklar, ob x = 5.", "Es ist zweifelhaft, dass x = 5.", "Ich glaube nicht, dass x = 5.",
    "Je doute que x = 5.", "Je ne suis pas sûr que x = 5.", "Il est douteux que x = 5.", "Je ne pense pas que x = 5.",
    "Ce n'est pas certain que x = 5.", "Dudo que x = 5.", "No estoy seguro de que x = 5.", "Es dudoso que x = 5.",
    "No creo que x = 5.", "No está claro si x = 5.", "Duvido que x = 5.", "Não tenho certeza que x = 5.",
    "Não sei se x = 5.", "Não acho que x = 5.", "我怀疑x = 5。", "不确定x = 5。", "我不确定x = 5", "不一定x = 5",
    "未必x = 5", "我不认为x = 5", "不清楚是否x = 5",
]


@pytest.mark.parametrize("text", DOUBTS_BEFORE)
def test_a_doubt_before_the_key_takes_it_back(text: str) -> None:
    assert not key_matched(text)


CERTAIN_BEFORE = [
    "No doubt that x = 5.", "There is no doubt that x = 5.", "Without a doubt, x = 5.", "Without doubt x = 5.",
    "I don't doubt that x = 5.", "I do not doubt that x = 5.", "Beyond any doubt, x = 5.",
    "I have no doubt that x = 5.", "I have little doubt that x = 5.", "There's not much doubt that x = 5.",
    "There can be no doubt that x = 5.", "I never doubted that x = 5.", "We are sure that x = 5.",
    "I'm certain that x = 5.", "It is clear that x = 5.", "It's obvious that x = 5.", "I am confident that x = 5.",
    "Undoubtedly x = 5.", "Doubtless, x = 5.", "Clearly x = 5.", "We know that x = 5.", "Ich bin sicher, dass x = 5.",
    "Je suis sûr que x = 5.", "Estoy seguro de que x = 5.", "Tenho certeza que x = 5.", "我确定x = 5。", "所以x = 5。",
    "It is known that x = 5.", "We can see that x = 5.", "It follows that x = 5.", "so we get that x = 5",
    "I doubted it at first, but x = 5.", "Doubt removed; x = 5.", "One cannot deny that x = 5.",
    "We checked and confirmed that x = 5.", "Without any doubt: x = 5", "It is impossible that x = 6, so x = 5.",
    "We suspected an error, but x = 5.", "It's possible to show that x = 5.",
]


@pytest.mark.parametrize("text", CERTAIN_BEFORE)
def test_certainty_or_a_lifted_doubt_keeps_the_credit(text: str) -> None:
    assert key_matched(text)


# --- A chain of equalities whose last value is the key's ---
CHAINS = [
    "x = 10/2 = 5", "x = 2 + 3 = 5", r"x = \frac{10}{2} = 5", "x = 15 - 10 = 5.", "$x = 10/2 = 5$",
    "so x = 10 / 2 = 5, and then", r"x = 2 \cdot 2.5 = 5", r"x = 20 \div 4 = 5", "x = (12 - 2)/2 = 5",
    r"x = \sqrt{25} = 5", r"x = 2 \times 2.5 = 5 cm", "x = 25/5 = 5", "x = 10/2 = 5 = 15/3", r"x = \dfrac{10}{2} = 5",
    "x=10/2=5", "ｘ＝１０／２＝５", "x = 2^2 + 1 = 5", "x = |-5| = 5", r"x = \left(\frac{10}{2}\right) = 5",
    r"x = 2.5 \times 2 = 5", "Thus x = 60 / 12 = 5 cm", "x = 10 ÷ 2 = 5.", "x = (3+7)/2 = 5 and y = 2",
    "x = 1 + 2 + 2 = 5", "x = 2+3 = 10/2 = 5", "**x = 10/2 = 5**", "x = 5.0 = 5", r"Hence $x = \frac{15}{3} = 5$.",
    r"so $x = 2 \cdot 2.5 = 5$, thus y = 3", "Since x = 10/2 = 5 > 0, fine", "x = 10/2 = 5, x is positive",
    r"x = \sqrt{16} + 1 = 5", "x = 10/2 = 5.0 = 5", "x = 5 = 10/2", "x = 5 = 10/2.", "x = 5 = 5.0", "x = 5 = 6 - 1",
    "x = 5 = 5",
]


@pytest.mark.parametrize("text", CHAINS)
def test_a_chain_of_equalities_ending_in_the_value_earns_the_key(text: str) -> None:
    assert key_matched(text)


@pytest.mark.parametrize(("text", "key"), [
    ("x_1 = 10/2 = 5", "x_1 = 5"), ("AB = 10/2 = 5", "AB = 5"), ("x = 10/2 = 5 cm", "x = 5 cm"),
    ("x = 3 - 8 = -5", "x = -5"), ("x = 5/2 = 2.5", "x = 2.5"), ("y = 3 \\cdot 4 = 12", "y = 12"),
])
def test_other_keys_earned_by_a_chain(text: str, key: str) -> None:
    assert key_matched(text, key)


CHAINS_THAT_GO_ON = [
    "x = 10/2 = 5/3", "x = 10/2 = 5.5", "x = 10/2 = 50", "x = 2 + 3 = 5 + 1", "x = 2 + 3 = 5 - 1 = 4",
    "x = 15 - 10 = 5 000", "x = 10/2 = 5x", "x = 1 + 4 = 5%", "x = 10/2 = 5 or 6", r"x = 10/2 = 5\sqrt{2}",
    "x = 2 + 3 = 5^2", r"x = 10 / 2 = 5 \cdot 3", "x = 10/2 = 5 or x = 6", "x = 5 - 1 = 4", "x = 5 + 2",
    "x = 5/2", "x = 5 + 2 = 7", "x = 10/2 = 5 + 1", "x = 2 + 3 = 5 + 1 = 6",
    # another name opens the chain, or another statement stands in it
    "2x = 10/2 = 5", "ax = 10/2 = 5", "x = 3, y = 10/2 = 5", "x = 3 and y = 2 + 3 = 5", "x = 3; y = 2 + 3 = 5",
    "x = 10\n2 + 3 = 5", "x = 10\n+ 2 = 5", r"x = 3 \quad y = 2+3 = 5", "x = 3 + y = 5", "y = 2, x = 3 + y = 5",
    r"x \ne 10/2 = 5", "x < 10/2 = 5", "x = 10 2 = 5",
    # no term, or another value, on the way
    "x = 3 = 5", "x = 4 = 5", "x = 1 = 2 = 3 = 4 = 5 = 6 = 7", "x = 4 = 5 = 6", "x = 2 + 3 = 4 = 5",
    "x =/= 10/2 = 5", "x = 10/ = 5", "x = = 5", "x = / = 5", "x = 5 gives 10; therefore x =/= 5", "x = () = 5",
    "x = 5 = 6", "x = 5 = 6 = 7", "x = 10/2 = 5 = 6",
    # the chain denied or doubted
    "I doubt that x = 10/2 = 5", "maybe x = 2 + 3 = 5", "x = 10/2 = 5?", "x = 10/2 = 5 is wrong",
    "not x = 2 + 3 = 5", "x = 10/2 = 5 (?)", "x = 2 + 3 = 5, maybe",
]


@pytest.mark.parametrize("text", CHAINS_THAT_GO_ON)
def test_a_chain_that_goes_on_or_is_taken_back_earns_nothing(text: str) -> None:
    assert not key_matched(text)


@pytest.mark.parametrize(("text", "key"), [("x_1 = 10/2 = 5", "x_2 = 5"), ("x = 2+3 = 5", "y = 5")])
def test_a_chain_of_another_name_earns_nothing(text: str, key: str) -> None:
    assert not key_matched(text, key)


def test_a_chain_in_another_step_or_across_steps_earns_nothing() -> None:
    assert match_key_steps(mulberry(["x = 10/2", "= 5"]), [["x = 5"]]).matched == 0
    assert match_key_steps(mulberry(["y = 1", "x = 10/2 = 5"]), [["x = 5"]]).matched == 1


# --- Hostile inputs stay bounded (no timing: a result, and the right one) ---
def test_a_flood_of_chain_candidates_is_bounded() -> None:
    for flood in ["x = 1 + " * 12_000, "= 5 " * 20_000, "x = 10/2 = 5/3 " * 6_000, "x = 4 or " * 10_000,
                  "I doubt that " * 7_000, ", x = 4" * 12_000]:
        assert not key_matched(flood[:99_000])
    assert key_matched("x = 1 + " * 10_000 + "\nx = 10/2 = 5")


# --- Guards never hide what the full checks find ---
_PIECES = ["x", " ", "=", "4", "5", "or", "OR", ",", "$", "\\(", "\\)", "\\[", "\\]", "either", "one of", "y", "\n",
           "或", "∨", "\\lor", "\\vee", "for", "\\text{ or }", "is", "maybe", "color", "nor", "cm", "°", "oder"]


@settings(max_examples=1500)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_alternative_guard_hides_no_alternative(pieces: list[str]) -> None:
    text = "".join(pieces).lower()
    for name in ("x", ""):
        ored, listed = enumeration._alternatives_before(name)
        reverse = text[::-1]
        if ored.match(reverse) is not None or (
                (m := listed.match(reverse)) is not None and enumeration._CHOICE_REVERSED.match(reverse, m.end())):
            if not (not name and text.rstrip(enumeration._BEFORE_SKIP)[-1:] == ","):
                assert enumeration.may_follow_alternative(text, len(text), True)


_DOUBT_WORDS = ["i", "doubt", "that", "no", "not", "whether", "unclear", "if", "sure", "am", "dass", "bezweifle", ",",
                "je", "doute", "que", "dudo", "怀疑", "不确定", "without", "a", "it", "is", "doubtful", "n't", "do"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_DOUBT_WORDS), min_size=1, max_size=8))
def test_the_before_guard_hides_no_doubt(words: list[str]) -> None:
    window = " ".join(words)
    if context._taken_back_before(window, True, "x"):
        assert context.may_be_taken_back_before(window.replace(" ", ""))


@settings(max_examples=400)
@given(st.lists(st.sampled_from(["x", "ab", "∠", "\x03", "\\angle ", " ", "=", "is", "5", "-", ".", "2", "cm", "°",
                                 "\x06", "+", "y", "_1", "%", "\\text{m}", "^\\circ"]), min_size=1, max_size=8))
def test_the_key_name_shortcut_hides_no_name(pieces: list[str]) -> None:
    key = "".join(pieces)
    if enumeration._KEY_NAME.fullmatch(key) is not None:
        assert enumeration.key_name(key) is not None
