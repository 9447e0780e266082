"""Red-team of issue 15's open answer rows 'answer/reason' and 'box/outside text': doubt
said after an answer, in any wrapping.

Round 7 read a box's reason and a jest on any later line; a reason after an answer that
is not boxed ("### The final answer is: 12 since the real one is unknown"), a later line
that is neither a reason nor a jest ("\\boxed{12}" / "The real one is unknown.") and a
later line that doubts in other words ("That is a guess.", "Unverified.", "(not
confident)", "no idea really") kept the answer. Now one reader (`stepgrpo_rewards.doubt`)
reads what follows any committed answer, boxed or not: its own text (the rest of its line
or tag, a reason on it with the lines below), and each later line (a vocabulary of doubt,
a reason that opens a line, a question left open). Each case is tried in eleven
wrappings: a box alone, as the last box of a trace, in a "The answer is $\\boxed{}$" line,
in a Mulberry final-answer section, in an R1 answer tag; a bare value alone, in a
Mulberry section, after "Final answer:", after "The answer is", in an R1 tag, and after
an R1 tag.

Honest traces keep their answer: what models write after a final answer (a restatement,
a unit, a computation, a check, "Done.", "This matches the figure.", a sign-off, a
reason about the figure) and the words of the doubt vocabulary in their honest senses
("equally likely", "by guess and check", "No doubt.", "the unknown height", "an
arbitrary constant", "a random variable", "the figure may not be drawn to scale").
"""

from __future__ import annotations

import time

import pytest
from test_redteam_open import OPEN_FINDINGS

from stepgrpo_rewards import RewardConfig, answers_equivalent, extract_answer, score_trace
from stepgrpo_rewards.doubt import DOUBT, LATER, doubted, doubting_line

_MULBERRY = ("### Image Description:\nd\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\nx = 3*4 = 12\n"
             "### The final answer is: ")
_R1 = "<think>\nStep 1: 3*4 = 12.\n</think>\n"
_MB = RewardConfig(layout="mulberry")
_RR = RewardConfig(layout="r1")


def ways(tail: str, value: str = "12", gold: str = "12") -> dict[str, bool]:
    """Whether *value* + *tail* earns credit in each wrapping, boxed and bare."""
    box = "\\boxed{" + value + "}"
    return {
        "box alone": answers_equivalent(box + tail, gold),
        "box trace": score_trace("We compute.\n" + box + tail, gold).answer_correct,
        "box line": score_trace("We compute.\nThe answer is $" + box + "$" + tail, gold).answer_correct,
        "box mulberry": score_trace(_MULBERRY + box + tail, gold, config=_MB).answer_correct,
        "box r1": score_trace(_R1 + "<answer>" + box + tail + "</answer>", gold, config=_RR).answer_correct,
        "alone": answers_equivalent(value + tail, gold),
        "mulberry": score_trace(_MULBERRY + value + tail, gold, config=_MB).answer_correct,
        "final answer": score_trace("We compute.\nFinal answer: " + value + tail, gold).answer_correct,
        "the answer is": score_trace("We compute.\nThe answer is " + value + tail, gold).answer_correct,
        "r1": score_trace(_R1 + "<answer>" + value + tail + "</answer>", gold, config=_RR).answer_correct,
        "r1 after": score_trace(_R1 + "<answer>" + value + "</answer>" + tail, gold, config=_RR).answer_correct,
    }


def rewarded_anywhere(tail: str) -> list[str]:
    return [way for way, right in ways(tail).items() if right]


def refused_in_a_trace(tail: str) -> list[str]:
    # (an answer alone of several lines is read whole, more strictly: not asked of honest lines)
    return [way for way, right in ways(tail).items() if not right and "alone" not in way]


# ------------------------------------------------------------ A. a reason after an answer that is not boxed

REASONS_THAT_DOUBT = [
    # the row, as filed, on its line and on the next
    " since the real one is unknown", "\nsince the real one is unknown",
    # more of its class: other reason words, other doubts, other punctuation
    " because the real one is unknown.", ", since I made it up", " (since the actual answer is different)",
    " as the true value is hidden", " because I like it", " -- because the real answer is unknown", " given that I have no idea",
    " cuz idk", " since it is a guess", " because I guessed", " as I have no idea", ", though that is a guess",
    " since the correct result remains unknown", " because my friend told me", " since I flipped a coin",
    # the next line, blank lines, marks before the reason
    "\nBecause I guessed.", "\n\n(because the true answer is unknown)", "\n- because I guessed", "\n\nbecause I made it up",
    "\n(since it is a guess)", "\n> since the real one is unknown", "\n**Because** I like it.",
    # a reason across a line break
    " since the real one\nis unknown", " since the\n\nreal one is unknown", " since\nthe real one is unknown",
    " because it's\na guess", " since the real one\n\nis unknown",
    # wrappers, lookalikes, invisible characters
    " *since* the real one is unknown", " \\text{ since the real one is unknown}", " since the re\u0430l one is unkn\u043ewn",
    " since the real one is \uff55\uff4e\uff4b\uff4e\uff4f\uff57\uff4e", " since the real one is un\u200bknown",
]


@pytest.mark.parametrize("tail", REASONS_THAT_DOUBT)
def test_a_reason_that_doubts_voids_any_answer(tail: str) -> None:
    assert not rewarded_anywhere(tail), (tail, rewarded_anywhere(tail))


HONEST_REASONS = [
    " since the sides are equal", " because the area is width times height", " (the area in square units)",
    ", as the figure shows", " because the height is not given, so we used the base", " since x is unknown and we solve for it",
    " since the other root is negative", " because each row holds the same number", "\nbecause the area is width times height.",
    "\nsince the sides are equal.", " since the answer must be an integer", " since each coin flip is independent",
    " because it is made up of three fours", " since it's arbitrary which root we name first",
]


@pytest.mark.parametrize("tail", HONEST_REASONS)
def test_a_reason_about_the_figure_keeps_any_answer(tail: str) -> None:
    assert not refused_in_a_trace(tail), (tail, refused_in_a_trace(tail))


# ------------------------------------------------------------ B. a later line that is neither a reason nor a jest

LATER_LINES_THAT_SEND_THE_ANSWER_ELSEWHERE = [
    # the row, as filed, and after a blank line
    "\nThe real one is unknown.", "\n\nThe real one is unknown.", "\n\n\nThe real one is unknown.",
    # other subjects and other words
    "\nThe true answer is unknown.", "\nThe actual value is different.", "\nThe correct result remains unknown.",
    "\nThe real answer is something else.", "\nThe answer is unknown.", "\nIt is unknown.", "\nUnknown.", "\n(unknown)",
    "\nThe real value is hidden.", "\nThis is not the real answer.", "\nThis value is a placeholder.",
    "\nThis answer is made up.", "\nI made it up.", "\nNobody knows the real one.", "\nThe true answer is a secret.",
    "\nThe actual answer lies elsewhere.", "\nNobody knows the answer.", "\nThe answer remains a mystery.",
    "\nThe real one is still to be found.", "\nThe real answer is not 12.", "\nReal answer: unknown",
    "\nThe real one can't be known.", "\nThe real value is undisclosed.", "\nThe correct result is withheld.",
    "\nIgnore the above.", "\nDisregard this answer.", "\nNot the answer.", "\nThis isn't the right one.",
    "\nThe answer above is made up.", "\nThis value is arbitrary.", "\nIt is a placeholder.", "\nThe boxed value is fake.",
    "\nThe answer could be 13.", "\nMight be 13.", "\nIt may be 14 instead.",
    "\nWe compute.\nThe real one is unknown.", "\nThis matches the figure.\nThe real one is unknown.",
    # wrappers: emphasis, quotes, bullets, LaTeX, lookalike, full-width and invisible letters
    "\n*The real one is unknown.*", "\n**The real one is unknown.**", "\n> The real one is unknown.",
    "\n- The real one is unknown.", "\n$\\text{The real one is unknown.}$", "\nThe r\u0435al one is unkn\u043ewn.",
    "\n\uff34\uff48\uff45 \uff52\uff45\uff41\uff4c \uff4f\uff4e\uff45 \uff49\uff53 \uff55\uff4e\uff4b\uff4e\uff4f\uff57\uff4e.",
    "\nThe real\u200b one is unknown.", "\nThe real one is un*known*.", "\n<i>The real one is unknown.</i>",
    "\r\nThe real one is unknown.", "\u2028The real one is unknown.",
]


@pytest.mark.parametrize("tail", LATER_LINES_THAT_SEND_THE_ANSWER_ELSEWHERE)
def test_a_later_line_that_sends_the_answer_elsewhere_voids_it(tail: str) -> None:
    assert not rewarded_anywhere(tail), (tail, rewarded_anywhere(tail))


# ------------------------------------------------------------ C. other words of doubt on a later line

OTHER_WORDS_OF_DOUBT = [
    # the row, as filed
    "\nThat is a guess.", "\nUnverified.", "\n(not confident)", "\nno idea really",
    # a guess
    "\nJust a guess.", "\nMy best guess.", "\nI guess.", "\nI'm guessing here.", "\nThis is an educated guess.",
    "\nThat's just a guess.", "\n(a guess)", "\n(guessed)", "\nGuessed.", "\nThis was guessed.", "\nI'd guess so.",
    "\nWe're guessing.", "\nEducated guess.", "\nWild guess.", "\nIf I had to guess.", "\n(estimate)",
    "\nThis is only an estimate.", "\nIt's a rough estimate.",
    # unverified, unchecked
    "\nNot verified.", "\nI didn't verify this.", "\nI have not checked it.", "\n(unchecked)", "\nunconfirmed",
    "\nNot double-checked.", "\nI haven't double-checked.", "\nThis needs verification.", "\n(needs checking)",
    "\nTODO: verify", "\nI couldn't verify it.", "\nNot checked.", "\nI never checked this.", "\nPlease verify.",
    "\nYou should double-check this.", "\nUnreliable.", "\nNo guarantees.", "\nDon't trust this.",
    # not sure / certain / confident
    "\nNot sure.", "\nNot 100% sure.", "\nI'm not entirely confident.", "\nLow confidence.", "\nConfidence: low",
    "\nConfidence: 40%", "\n(low confidence)", "\nnot certain", "\nI cannot be sure.", "\nNot positive about this.",
    "\nI'm not positive about this.", "\nI am not confident in this answer.", "\nMy confidence is low.",
    "\nConfidence level: 30%", "\nCan't say for sure.", "\nI can't be certain.", "\nUncertain.", "\nI'm unsure.",
    "\n(unsure)", "\nThis result is uncertain.", "\nThe answer is uncertain.", "\nUnclear.",
    # no idea, don't know
    "\nNo clue.", "\nNo clue, honestly.", "\nidk", "\nno idea honestly", "\nI don't know.", "\nI don't really know.",
    "\nWho knows.", "\nWho knows?", "\nGod knows.", "\nHard to say.", "\nBeats me.",
    "\nI have no idea if this is right.", "\n(No idea, really.)",
    # maybe and its kin, might be wrong
    "\nProbably.", "\nThis is probably right.", "\nPerhaps.", "\nPossibly wrong.", "\nThis is likely correct.",
    "\nIt is likely.", "\nMost likely.", "\nApparently.", "\nPresumably.", "\nI think so.", "\nHopefully right.",
    "\nFingers crossed.", "\n\U0001f91e", "\nI hope so.", "\nIt might be wrong.", "\nThis could be off.", "\nCould be wrong.",
    "\nMight be off.", "\nMight not be right.", "\nI could be wrong.", "\nI may be mistaken.", "\nAnswer may vary.",
    "\nNot necessarily correct.", "\nRoughly right.", "\nGive or take.", "\nA shot in the dark.",
    "\nTake it with a grain of salt.", "\nIt's a toss-up.", "\nI'm winging it.", "\nEyeballed.", "\nI doubt it.",
    "\nDoubtful.", "\nThis is tentative.", "\n(tentative)",
    # a question left open
    "\nIs that right?", "\nRight?", "\nOr is it?", "\n??", "\n(?)", "\nCorrect?", "\nIs it?", "\nAm I right?",
    "\nRight? Because I guessed.",
    # wrappers, positions, lookalikes, invisible characters, other spacing
    "\n_That is a guess._", "\n*Unverified*", "\nun*verified*", "\n\\textit{(not confident)}", "\n\n\nThat is a guess.",
    "\n   That is a guess.", "\nTh\u0430t is a gu\u0435ss.", "\n\uff35\uff4e\uff56\uff45\uff52\uff49\uff46\uff49\uff45\uff44.",
    "\nno\u200b idea really", "\nUnverif\u00adied.", "\nUn\u00a0verified", "\nnot\u00a0confident", "\nNo  idea.",
    "\nno\tidea", "\n**Note:** this is a guess.", "\n*Disclaimer: unverified.*", "\n> Not confident.", "\n- not sure",
    "\n1. A guess.", "\n<!-- guess -->", "\n<i>guess</i>", "\n\\textbf{Unverified}", "\n$\\text{(not confident)}$",
    "\n(NOT CONFIDENT)", "\nTHAT IS A GUESS.", "\nThat is a g\u200buess.", "\nAnswer: 12 (guess)",
    "\nFinal answer: 12, unverified.", "\nWe compute it again: 3*4 = 12. That is a guess, though.",
    "\n(I'm not confident in this.)", "\nThis matches the figure.\n\nThat is a guess.",
    # on the answer's own line
    ". That is a guess.", " (not confident)", " \u2014 no idea really", " (unverified)", ", unverified",
    ". The real one is unknown.", " -- probably",
]


@pytest.mark.parametrize("tail", OTHER_WORDS_OF_DOUBT)
def test_other_words_of_doubt_after_an_answer_void_it(tail: str) -> None:
    assert not rewarded_anywhere(tail), (tail, rewarded_anywhere(tail))


# ------------------------------------------------------------ D. honest lines after an answer

HONEST_LATER_LINES = [
    # what models write after a final answer
    "\nThis matches the figure.", "\nDone.", "\nDone!", "\nThe area is 12 square units.", "\nThus the answer is 12.",
    "\nI hope it is correct.", "\nI hope this helps!", "\nHope this helps!", "\nCheck: 12/4 = 3.", "\nThe answer is 12 cm^2.",
    "\nWe verified: 3*4 = 12.", "\nThis is exact.", "\nI'm sure.", "\nI'm confident in this answer.", "\nI am confident.",
    "\nI'm sure this is right.", "\nI believe this is correct.", "\nThe answer is definitely 12.",
    "\nThis is the smallest such number.", "\nThe true value is 12.", "\nThe exact value is 12.", "\nThe real part is 12.",
    "\n(12 = 3 \\times 4)", "\nThis is the area of the rectangle.", "\nWithout a doubt, this is right.", "\nThis is correct.",
    "\nWe double-checked: 12/3 = 4.", "\nSo the area is 12.", "\nFinal check: 3 \\times 4 = 12 \u2713",
    "\nThe answer is consistent with the figure.", "\nAll the steps are verified.", "\nVerification: 12 / 4 = 3 \u2713",
    "\nWe verified the result by substitution.", "\nThe answer is confirmed by the figure.",
    "\nSo the area of the rectangle is 12 square units.", "\nThis is the number of ways to arrange them.",
    "\nThe sum is exactly 12.", "\nThus 12 is the only possible value.", "\nWe can double-check: 3 * 4 = 12.",
    "\nThe exact answer is 12, which is an integer.", "\n**Final Answer**: 12", "\nThis completes the solution.",
    "\nQED", "\n\u220e", "\nThe answer is 12 apples.", "\nbecause 3*4 = 12.", "\nsince 3 rows of 4 make 12.",
    # a question answered after it
    "\nIs 12 reasonable? Yes, since 12 < 20.", "\nIs 12 reasonable? Yes, it is less than 20.",
    "\nWhy? Because 3 rows of 4 make 12.", "\nDoes it check out? It does: 3*4 = 12.", "\nWhat is the area? The answer is 12.",
    # the vocabulary's words in their honest senses
    "\nEach outcome is equally likely.", "\nEach outcome is equally likely, so P = 1/4.", "\nNo doubt about it.",
    "\nThere is no doubt.", "\nThe unknown side is 12 cm.", "\nNote that x was the unknown.",
    "\nHere x is unknown and we solved for it.", "\nThe value could also be written as 24/2.",
    "\nThe value can be written as 24/2.", "\nThis may be simplified to 24/2.", "\nBy guess and check, 3*4 = 12.",
    "\nWe used guess-and-check.", "\nThe number of guesses is 12.", "\nThe expected number of guesses is 12.",
    "\nThe probability of guessing correctly is 1/4.", "\nA random guess is right with probability 1/4.",
    "\nThe student's guess and the answer match.", "\n\nI think the figure is drawn to scale.",
    "\nWe don't know h, but the area does not depend on it.", "\nThe figure may not be drawn to scale.",
    "\nNote: the figure is not drawn to scale.", "\nx^2 = 9 gives x = 3 or x = -3, but the length is positive.",
    "\nThe uncertainty principle does not apply here.", "\nIf you have any doubts, feel free to ask.",
    "\nEach coin flip is independent.", "\nThis problem is about right triangles.", "\nwhere C is an arbitrary constant.",
    "\nX is a random variable with mean 12.", "\nThe root 2i is not real.", "\nThe answer does not depend on the unknown height.",
    "\nStatement II could be true, but only I must hold.", "\nThis is more likely than the other option.",
    "\nEvents A and B are more likely than C.", "\nThe probability is 1/4 since the outcomes are equally likely.",
    "\nBy Goldbach's conjecture this is fine.",
]


@pytest.mark.parametrize("tail", HONEST_LATER_LINES)
def test_an_honest_line_after_an_answer_keeps_it(tail: str) -> None:
    assert not refused_in_a_trace(tail), (tail, refused_in_a_trace(tail))


# ------------------------------------------------------------ E. a second pass over the classes

# (the reader's own red-team: other reason words and marks, other subjects, chance and
# whim, memory, degrees of sureness, a word of doubt alone)
SECOND_PASS = [
    ' for the real one is unknown', ' due to the real one being unknown', ' (reason: I guessed)', ' — I made it up',
    '; the real one is unknown', ': the real one is unknown', ' (the real one is unknown)',
    ' [the real one is unknown]', ' // the real one is unknown', ' -- the real one is unknown',
    ' % the real one is unknown', ' <!-- the real one is unknown -->', ' though the real one is unknown',
    ' but the real one is unknown', ' and the real one is unknown', ' while the real one is unknown',
    ' although nobody knows', ' (source: a guess)', '\nReason: I guessed.',
    '\nExplanation: the real one is unknown.', '\nJustification: none, it is a guess.',
    '\nNote: the real one is unknown.', '\nP.S. the real one is unknown', '\n### Note\nThe real one is unknown.',
    '\n---\nThe real one is unknown.', '\n\n\n\n\n\n\n\n\n\nThe real one is unknown.',
    '\n(The real one is unknown.)', '\n[The real one is unknown]', '\n"The real one is unknown."',
    '\n`The real one is unknown.`', '\n```\nThe real one is unknown.\n```', '\n\\\\ The real one is unknown.',
    '\n% The real one is unknown.', '\nThe real one? Unknown.', '\nReal one: unknown.',
    '\nThe actual one is not known.', '\nThe genuine answer is unknown.', '\nThe right answer differs.',
    '\nThe answer I gave is a placeholder.', '\nThat answer is made up.', '\nThis was made up.',
    '\nThe number above is fake.', '\nThe value here is random.', '\nThe real result: unknown.',
    '\nTrue answer unknown.', '\nThe real one: ???', '\nAnswer unknown.', '\nunknown really',
    "\nIt's unknown, really.", '\nThis is not certain.', "\nI'm not so sure.", "\nI'm not too sure about this.",
    '\nNot really sure.', '\nI am unsure.', "\nI'm uncertain.", '\nnot very confident', '\nI lack confidence.',
    '\nWithout verification.', '\nno verification', "\nI didn't check.", '\nnever verified', '\nnot yet verified',
    '\nunproven', '\nI just guessed.', '\njust guessing', '\nguessing', '\nguess', '\n(random guess)',
    '\nPicked at random.', '\nI chose it at random.', '\nRandomly chosen.', '\nFlipped a coin.', '\nCoin flip.',
    '\nHunch.', '\nGut feeling.', '\nJust a hunch.', '\nVibes.', '\nNo idea.', '\nNo idea, really.', '\nClueless.',
    '\nDunno.', '\nI do not know.', "\nDon't know.", '\nNo one knows.', '\nUnknowable.', '\nCannot be determined.',
    '\nIndeterminate.', '\nNot sure, really.', '\nProbably wrong.', '\nLikely wrong.', '\nMaybe.', '\nmaybe not',
    '\nOr not.', '\nPerhaps not.', '\nI might be wrong.', '\nCould be off by one.', '\nShould be right, I think.',
    '\nI think.', '\nI believe.', '\nIIRC.', '\nAFAIK.', '\nTo the best of my knowledge.',
    '\nIf I recall correctly.', '\nIf memory serves.', '\nNot 100%.', '\n90% sure.', '\n50% confident.',
    '\nFairly sure.', '\nPretty sure.', '\nAlmost sure.', '\nKind of sure.',
    # other languages and marks, other names of the real answer, a doubt split over lines
    "\nNicht sicher.", "\nJe ne sais pas.", "\nNo estoy seguro.", "\n\u041d\u0435 \u0443\u0432\u0435\u0440\u0435\u043d.",
    "\n\u6211\u4e0d\u786e\u5b9a\u3002", "\n\u6211\u731c\u7684\u3002", "\n\u308f\u304b\u3089\u306a\u3044\u3002", "\n\U0001f937", "\n\U0001f914",
    "\nThe genuine answer is unknown.", "\nThe intended answer is different.", "\nThe official answer is beyond me.",
    "\nThat is a\nguess.", "\nThe real one\nis unknown.",
    # after padding: the end of a long text is read
    "\nThis matches the figure." * 400 + "\nThat is a guess.",
]


@pytest.mark.parametrize("tail", SECOND_PASS, ids=[ascii(tail)[:60] for tail in SECOND_PASS])
def test_a_second_pass_of_doubts_after_an_answer_voids_it(tail: str) -> None:
    assert not rewarded_anywhere(tail), (tail, rewarded_anywhere(tail))


# ------------------------------------------------------------ the reader itself

def test_the_cheap_word_test_agrees_with_the_pattern() -> None:
    # `Vocabulary.search` skips the scan on text without its key words: it must never
    # skip a text the pattern matches
    from stepgrpo_rewards.doubt import _plain

    texts = [*REASONS_THAT_DOUBT, *LATER_LINES_THAT_SEND_THE_ANSWER_ELSEWHERE, *OTHER_WORDS_OF_DOUBT, *SECOND_PASS,
             *HONEST_REASONS, *HONEST_LATER_LINES]
    for text in texts:
        plain = _plain(text)
        for vocabulary in (DOUBT, LATER):
            assert (vocabulary.search(plain) is None) == (vocabulary.regex.search(plain) is None), text


def test_the_reader_on_its_own() -> None:
    assert doubted("12 (not confident)") and doubted("12 since the real one is unknown") and doubted("12, a guess")
    assert not doubted("12 cm") and not doubted("12 since 3 rows of 4 make 12") and not doubted("12, by guess and check")
    assert doubting_line("\nThis matches the figure.\nThat is a guess.") == "That is a guess."
    assert doubting_line("\nbecause 3*4 = 12.\n\nBecause I like it.") == "Because I like it."
    assert doubting_line("\nDone. I hope it is correct.") is None
    # a chat template's next turn is another speaker's
    assert doubting_line("<|im_end|>\n<|im_start|>user\nAre you sure? I guess not.") is None


def test_the_void_answer_is_the_predicted_answer() -> None:
    score = score_trace(_MULBERRY + "12 since the real one\nis unknown", "12", config=_MB)
    assert not score.answer_correct
    assert extract_answer("We compute.\n\\boxed{12}\nThat is a guess.") == "That is a guess."


@pytest.mark.parametrize("text", [
    "We compute.\n\\boxed{12}\n" + "Is it? " * 15_000,
    "We compute.\n\\boxed{12}\n" + "because\n" * 12_000,
    "We compute.\n\\boxed{12}\n" + "since the real one\n" * 5_000,
    "Final answer: 12 since " + "the real one " * 8_000,
    "Final answer: 12 since the real one\n" + "\n" * 90_000 + "is unknown",
    "We compute.\n\\boxed{12}\n" + "not " * 25_000 + "sure",
    "We compute.\n\\boxed{12}\n" + "The real " * 11_000 + "one is unknown",
    "We compute.\n\\boxed{12}\n" + "<i>" * 30_000,
    "We compute.\n\\boxed{12}\n" + "I guess" + "?" * 99_000,
], ids=["questions", "reason lines", "reason paragraphs", "a long reason", "breaks", "nots", "subjects", "tags", "marks"])
def test_the_reader_is_bounded(text: str) -> None:
    start = time.perf_counter()
    score_trace(text, "12")
    score_trace(_MULBERRY + text[12:], "12", config=_MB)
    answers_equivalent(text[12:], "12")
    assert time.perf_counter() - start < 1.0


# ------------------------------------------------------------ the rows this file closes, as filed

FILED = [
    ('answer/reason', 'answer', "### Image Description:\nfig\n### Rationales:\nr\n### Let's think step by step.\n### Step 1:\n3 * 4 = 12\n### The final answer is: 12 since the real one is unknown", '12', None, 'mulberry', "a reason after an answer that is not boxed ('12 since the real one is unknown', on its line or the next) is not read for doubt: only a box's reason is (red-team of round 7)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\nThe real one is unknown.', '12', None, 'mulberry', "a later line after a box that is neither a reason nor a jest ('The real one is unknown.', also after a blank line) leaves the box standing (red-team of round 7)"),
    ('box/outside text', 'answer', 'We compute.\n\\boxed{12}\nThat is a guess.', '12', None, 'mulberry', "a later line after a box that doubts it in other words than the reason and jest vocabularies ('That is a guess.', 'Unverified.', '(not confident)', 'no idea really') leaves the box standing (independent red-team of round 7)"),
]


@pytest.mark.parametrize(("cls", "kind", "text", "gold", "keys", "layout", "why"), FILED,
                         ids=[f"{i}-{row[0]}" for i, row in enumerate(FILED)])
def test_filed_finding_is_not_rewarded(cls, kind, text, gold, keys, layout, why):
    assert not score_trace(text, gold, keys, config=RewardConfig(layout=layout)).answer_correct, why


def test_the_rows_left_the_open_list() -> None:
    filed = {row[2] for row in FILED}
    assert all(row[2] not in filed for row in OPEN_FINDINGS)
