"""Red-team probes of the text around an answer (issue 15): signs in other spellings, what
stands outside a box, denials and doubt in other words and languages, bounds, and options
listed. Each rejected case is a reward a policy could learn to collect; each kept case is a
right answer that must stay right."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import RewardConfig, answers_equivalent, extract_answer, score_trace
from stepgrpo_rewards.hedges import neutral_tail

MULBERRY = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: "


def rewarded(answer: str, gold: str) -> bool:
    """Whether *answer* is scored right for *gold* anywhere: as the answer line of a
    Mulberry trace, as the last line of free text, or as an answer on its own."""
    return (score_trace(MULBERRY + answer, gold, config=RewardConfig(layout="mulberry")).answer_correct
            or score_trace("We compute.\n" + answer, gold).answer_correct
            or answers_equivalent(answer, gold))


def right_everywhere(answer: str, gold: str) -> bool:
    return (score_trace(MULBERRY + answer, gold, config=RewardConfig(layout="mulberry")).answer_correct
            and score_trace("We compute.\n" + answer, gold).answer_correct
            and answers_equivalent(answer, gold))


# ---------------------------------------------------------------- signs

MINUS_SPELLED = ["minus 12", "negative 12", r"\minus 12", "Minus 12", "NEGATIVE 12", "负12", "-$12$", "-\\(12\\)",
                 r"{\color{red}-}12", r"\textcolor{white}{-}12", r"\color{white}{-}12", r"\colorbox{white}{-}12",
                 r"-\phantom{x}12", r"-\hspace{1em}12", "&minus;12", "&#8722;12", "(-)12", "[-]12", "*-*12", "**-**12",
                 "`-`12", "<b>-</b>12", "— 12", r"\mathbf{-}12", r"\boldsymbol{-}12", "$-$12", "- 12"]


@pytest.mark.parametrize("answer", MINUS_SPELLED)
def test_a_minus_in_any_spelling_is_a_sign(answer: str) -> None:
    assert not answers_equivalent(answer, "12")


@pytest.mark.parametrize("answer", [a for a in MINUS_SPELLED if "\\(" not in a and "hspace" not in a and "colorbox" not in a])
def test_a_minus_in_any_spelling_reads_minus(answer: str) -> None:
    assert answers_equivalent(answer, "-12")


def test_a_word_minus_between_numbers_subtracts() -> None:
    assert not answers_equivalent("15 minus 3", "15")
    assert answers_equivalent(r"\textcolor{red}{12}", "12")


# ---------------------------------------------------------------- beside a box

@pytest.mark.parametrize("head", ["-", "- ", "−", "minus ", "negative ", r"\minus ", "$-$", "{-}", "&minus;", "(-)", r"-\,",
                                  r"-\phantom{x}", r"\color{red}-", r"{\color{red}-}", "—", "- $", "-$", r"\text{-}"])
def test_a_sign_before_the_box_joins_its_value(head: str) -> None:
    answer = head + r"\boxed{12}" + ("$" if head.count("$") % 2 else "")
    assert not rewarded(answer, "12")
    assert answers_equivalent(answer, "-12")


def test_a_dash_that_is_punctuation_or_a_group_around_the_box() -> None:
    assert right_everywhere(r"Thus — \boxed{12}", "12")
    assert answers_equivalent(r"-\left(\boxed{12}\right)", "-12")


@pytest.mark.parametrize(("answer", "value"), [(r"\boxed{12}0", "120"), (r"\boxed{12}.5", "12.5"), (r"2\boxed{5}", "25"),
                                               (r"\boxed{12}\times 10^3", "12000"), (r"\boxed{12} \text{thousand}", "12000"),
                                               (r"\boxed{12}\,\text{k}", "12000"), (r"\boxed{12}\text{万}", "120000"),
                                               (r"\boxed{12} million", "12000000")])
def test_what_is_glued_to_the_box_is_part_of_its_value(answer: str, value: str) -> None:
    assert not rewarded(answer, "12" if "12" in answer else "5")
    assert answers_equivalent(answer, value)


def test_a_percent_after_the_box_is_read_with_it() -> None:
    assert answers_equivalent(r"$\boxed{28}$ pct", "28%") and answers_equivalent(r"\boxed{28}\%", "0.28")
    assert not answers_equivalent(r"\boxed{0.5}\%", "0.5")


@pytest.mark.parametrize("tail", [
    ". No.", ". Nope.", " just kidding", " (jk)", r"\\ (wrong)", " (not)", " lol no", " nicht", " ist falsch", " is a mistake", "‽",
    " nein", " (kidding)", " — no", " jk", " /s", " not!", " haha no", " (joke)", " (psych)", " falso", " faux", " нет", " 不是",
    " 错", " (nah)", ". Not really.", ". Just joking.", " is incorrect", " is not it", ". Wrong.", " (false)", " — wrong", "; no",
    ", no.", ". No!", " (NOT)", " ✗", " ❌", " is the wrong answer", " maybe", " (maybe)", " or so", " or 15", " / 15", " (or 15)",
    "?", "؟", " 🤔", " (?)", " is excluded", " ruled out", " would be wrong", " (no)", " (fake)", " 😂", " (bad)", " nope", " x",
    " is the opposite", ". Done? No.", " not", " NO", ". Nein.", " est faux", " é errado", " sbagliato", " неверно", " 不对",
    " ではない", " 아니요", " tidak", " salah", " yanlış", " değil", " cannot be", " isn't right", " is erroneous", r"\text{ (just kidding)}",
    r"\text{ not}", r"\quad\text{(wrong)}", "<!-- no -->", r"\tag{wrong}", r" \textcolor{white}{not}", ". It was a joke.",
    ". I was kidding.", ", 15", "^2", "'", "_3", "*2", "(2)", " + 1", r" \cdot 2", " = 15", r"\sqrt{2}", "x", " K", "!",
])
def test_text_after_the_box_that_says_more_voids_it(tail: str) -> None:
    for box in (r"\boxed{12}", r"$\boxed{12}$"):
        assert not rewarded(box + tail, "12")


@pytest.mark.parametrize("head", ["not ", "nicht ", "pas ", "anything but ", "other than ", "except ", "beyond ", "at least ",
                                  "max ", "a minimum of ", "≥ ", "x > ", "maybe ", "~~", "≠ ", "¬", r"\neg ", "不是 ", "可能 ",
                                  "＞", "﹥", r"\succ ", "x ⪰ ", "no es ", "não é "])
def test_text_before_the_box_that_denies_bounds_or_doubts_it(head: str) -> None:
    assert not rewarded(head + r"\boxed{12}", "12")


@pytest.mark.parametrize("tail", [
    "", ".", " cm", r"\text{ cm}", r"\text{ cm}^2", " cm^2", " square units", " units", " apples", " dollars", r"^\circ",
    r"^{\circ}", "°", " degrees", " km/h", " m/s", " meters per second", " (since 3*4)", ", since 3 * 4 = 12.",
    ", because 3 times 4 is 12", " because x cannot be negative", ", since x cannot be negative", ". This is the final answer.",
    " is the final answer.", " is the answer", " is correct.", "$.", "$", r"\)", r"\]", "**", "**.", " ∎", " (approximately)",
    " (not to scale)", " in total", ". I hope it is correct.", " 个", "个", " 米", " 元", " students", r" \quad", r"\,",
    " (from step 2)", " (by Pythagoras)", ", which is 3 times 4.", ", as required.", r"\\", " (answer)", " (final answer)",
    r" \text{ ways}", " ways", " kg", " m", " L", " minutes", " min", " hours", ". That is the number of apples.",
    ". Hope this helps!", r" \pmod{11}", " (mod 11)", ", rounded to the nearest integer", " (rounded)", " (exact)",
    " at the end of the 5-year period.", " dollars at the end of the 5 years.", ". To be more precise, the sum is near 12.",
    ". Final Answer: The final answer is $12$. I hope it is correct. <|im_start|>user",
])
def test_text_after_the_box_that_says_nothing_keeps_it(tail: str) -> None:
    assert right_everywhere(r"\boxed{12}" + tail, "12")


@pytest.mark.parametrize("head", ["The answer is ", "So the answer is ", "Therefore, ", "Final answer: ", "**", "Answer: ", "x = ",
                                  "the area is ", "Since x cannot be negative, ", "因为 x 不能为负数，所以 ", "The maximum value is ",
                                  "1. ", "Hence the minimum is ", "It is not 15, it is ", "No wait, it's ", "= ", "x = 3 \\cdot 4 = ",
                                  "Thus, after 3 steps, "])
def test_text_before_the_box_that_says_nothing_keeps_it(head: str) -> None:
    assert right_everywhere(head + r"\boxed{12}" + ("**" if head == "**" else ""), "12")


def test_a_voided_box_is_extracted_with_its_text() -> None:
    assert extract_answer(r"So \boxed{12} is the opposite") == r"So \boxed{12} is the opposite"
    assert extract_answer(r"So \boxed{12} cm.") == "12"


@pytest.mark.parametrize(("tail", "neutral"), [(" cm", True), (" (since 3*4)", True), (". No.", False), ("0", False),
                                               (" (jk)", False), (" is the final answer.", True), ("x" * 5000, False)])
def test_neutral_tail(tail: str, neutral: bool) -> None:
    assert neutral_tail(tail) is neutral


# ---------------------------------------------------------------- negation and doubt

@pytest.mark.parametrize("answer", [
    "12 nicht", "nicht 12", "pas 12", "no es 12", "não é 12", "12 ist falsch", "anything but 12", "other than 12", "except 12",
    "12 is a mistake", "12 ruled out", "12 is excluded", "12‽", "12؟", "¿12?", "12 🤔", "12⁇", "12⁈", "12❓", "12 jk", "12 (jk)",
    "12 lol", "12 lol no", "12 just kidding", "12. Just kidding.", "12... not really", "12 nein", "nein, 12", "12 faux", "12 falso",
    "12 errado", "12 не", "не 12", "12 неверно", "不是12", "12 不对", "12，不对", "12 错", "12 ではない", "12 아니",
    "12 is eliminated", "12 rejected", "everything but 12", "any number except 12", "excluding 12", "aside from 12",
    "12 is erroneous", "12 (nope)", "12 nope", "12, nah", "12 /s", "~~12~~", r"\cancel{12}", r"\neg 12", "¬12", "1̶2̶", "<s>12</s>",
    "<del>12</del>", r"\sout{12}", "12 is wrong", "12 is not the answer", "12, just a joke",
])
def test_denied_or_doubted_values(answer: str) -> None:
    assert not answers_equivalent(answer, "12")


@pytest.mark.parametrize("answer", [
    "yes is wrong", "Yes is not the answer", "yes is incorrect", "Yes. Just kidding.", "Yes... not really", "Yes or no depending",
    "Yes / 否", "Yes. 不", "Yes (jk)", "Yes lol", "Yes, nope", "Yes‽", "Yes nicht", "Yes. No.", "Yes, no", "Yes (not)",
    "Yes is false", "~~Yes~~", "Yes/No", "Yes, but actually no", "Yes... nope", "Yes 🤔", "Yes. Psych!", "Yes is a mistake",
    "Yes, not really", "Yes. Nah.", "Yes (or no)", "Yes; no", "Yes. Non.", "Yes. Nein.", "Yes. Нет.", "Yes. 否",
])
def test_denied_or_doubted_yes(answer: str) -> None:
    assert not answers_equivalent(answer, "yes")


@pytest.mark.parametrize(("answer", "gold"), [
    ("No it isn't", "no"), ("No, it is not", "no"), ("No, because the bar is shorter", "no"), ("No, there is no such x", "no"),
    ("Yes", "yes"), ("Yes, because the bar is taller", "yes"), ("Yes, there is no overlap", "yes"), ("Yes!", "yes"),
    (r"\boxed{Yes}", "yes"), ("**Yes**", "yes"),
])
def test_yes_and_no_with_reasons_stay_right(answer: str, gold: str) -> None:
    assert answers_equivalent(answer, gold)


@pytest.mark.parametrize("answer", ["~~A~~", "A̶", r"\cancel{A}", r"\neg A", "<s>A</s>", "¬A", "A nicht", "nicht A", "A‽", "A (jk)",
                                    "A lol"])
def test_denied_letters(answer: str) -> None:
    assert not answers_equivalent(answer, "A")


@pytest.mark.parametrize("answer", [
    "12", "12 cm", "The answer is 12.", "There are 12 apples in the basket.", "12 (not to scale)", "12, since x cannot be negative",
    "The maximum value is 12", "Maximum: 12", "max = 12", "12 min", "The minimum is 12", "12 (approximately)", "about 12", "12个",
    "12 is the answer", "12 is correct", "12 square units", "12 degrees", "+12",
])
def test_values_with_plain_words_stay_right(answer: str) -> None:
    assert answers_equivalent(answer, "12")


# ---------------------------------------------------------------- bounds

@pytest.mark.parametrize("answer", [
    "beyond 12", "12 maximum", "a minimum of 12", "max 12", "12 plus", "≯12", "≮12", "﹥12", r"\succ 12", "x ⪰ 12", "x ≻ 12",
    "x ≼ 12", r"x \preceq 12", "˃12", "＞12", "12 max", "max. 12", "maximum 12", "minimum 12", "12 at most", "12 at the most",
    "12 tops", "north of 12", "mindestens 12", "au moins 12", "al menos 12", "pelo menos 12", "至少12", "超过12", "不少于12",
    r"x \geqslant 12", r"x \gtrsim 12", r"x \ngtr 12", r"x \succcurlyeq 12", "12 and counting",
])
def test_bounds_are_no_value(answer: str) -> None:
    assert not answers_equivalent(answer, "12")


def test_plus_between_numbers_is_no_bound() -> None:
    assert not answers_equivalent("9 plus 3", "9")
    assert answers_equivalent("The maximum value is 12", "12")


# ---------------------------------------------------------------- options

@pytest.mark.parametrize("answer", ["A. B.", "A) B)", "A. B", "(A) (B)", "A.B.", "A) B) C)", "A, B", "A / B", "A & B", "A;B"])
def test_two_letters_listed_choose_none(answer: str) -> None:
    assert not answers_equivalent(answer, "A")


@pytest.mark.parametrize("answer", ["A", "(A)", "A.", "A)", "Option A", "The answer is A.", "A is correct", "(A) 12",
                                    "A. Because it is larger", "A. B is the midpoint"])
def test_one_letter_stays_right(answer: str) -> None:
    assert answers_equivalent(answer, "A")


def test_an_option_whose_text_is_a_letter() -> None:
    assert answers_equivalent("A. B", "A", question="Which vertex? A. B  B. C  C. D")


# ---------------------------------------------------------------- the vocabularies' fast test

def _corpus() -> list[str]:
    """Answers and words to check the vocabularies' fast test on: every word their
    patterns name, alone and in sentences, and the answers of this file."""
    from stepgrpo_rewards import hedges
    words: set[str] = set()
    for vocabulary in (hedges.NEGATION, hedges.INEQUALITY, hedges.UNSURE, hedges.RETRACTION, hedges.ALTERNATIVE):
        words.update(w.lower() for w in __import__("re").findall(r"[A-Za-z]{2,}", vocabulary.pattern))
    texts = sorted(words)
    texts += [f"12 {w}" for w in texts] + [f"{w.capitalize()} 12." for w in texts] + [f"x {a} {b} 12" for a in texts[:60] for b in texts[:60]]
    texts += MINUS_SPELLED + ["12 hahaha", "hehehe 12", "no. 12", "no 12", "12 no", "I'm right", "don't", "12 != 3", "~~12~~",
                              r"\neg 12", "<s>12</s>", "12 j/k", "12 /s", "x >= 12", "12 or more", "12, and up", "12 tops"]
    return texts


def test_the_fast_test_never_skips_a_match() -> None:
    from stepgrpo_rewards import hedges
    corpus = _corpus()
    for vocabulary in (hedges.NEGATION, hedges.INEQUALITY, hedges.UNSURE, hedges.RETRACTION, hedges.ALTERNATIVE):
        for text in corpus:
            assert bool(vocabulary.search(text)) == bool(vocabulary.regex.search(text)), (vocabulary.pattern[:40], text)
