"""Key steps the question already states: `RewardConfig.question_key_steps`.

The default (``"credit"``, the paper) counts them like any other; ``"exclude"`` gives a
group found in the question no credit and leaves it out of k's denominator. Each hack
below is a way a policy (or a dataset) could get credit it should not, or lose credit
it should have.
"""

from __future__ import annotations

import pytest
from stepgrpo_trl import get_step_rar_reward
from traces import mulberry

from stepgrpo_rewards import RewardConfig, score_batch, score_trace
from stepgrpo_rewards.keysteps.question import groups_in_question

EXCLUDE = RewardConfig(question_key_steps="exclude")
QUESTION = "In the right triangle ABC, AB = 5 and BC = 12. Find AC."
KEYS = [["AB = 5"], ["BC = 12"], ["AC = 13"]]
#: Copies the question's givens into step 1, then works out AC.
COPIER = mulberry(["AB = 5 and BC = 12.", "AC^2 = 25 + 144 = 169, so AC = 13."], answer="13")
#: Works out AC only.
WORKER = mulberry(["AC^2 = 25 + 144 = 169, so AC = 13."], answer="13")


def _score(trace, config=EXCLUDE, question=QUESTION, keys=KEYS):
    return score_trace(trace, "13", keys, question=question, config=config)


def test_default_credits_them_as_the_paper_does():
    copier = _score(COPIER, RewardConfig())
    assert (copier.key_steps_matched, copier.key_steps_total) == (3, 3)
    assert _score(WORKER, RewardConfig()).key_step_ratio == pytest.approx(1 / 3)
    # the question changes nothing about key steps under the default
    assert copier.to_dict() == _score(COPIER, RewardConfig(), question=None).to_dict()


def test_exclude_removes_them_from_numerator_and_denominator():
    copier, worker = _score(COPIER), _score(WORKER)
    # copying the question earns nothing over working out the one step it does not give
    assert (copier.key_steps_matched, copier.key_steps_total) == (1, 1)
    assert (worker.key_steps_matched, worker.key_steps_total) == (1, 1)
    assert copier.accuracy == worker.accuracy == pytest.approx(1.1)
    assert "key_steps_in_question: groups 1, 2 of 3" in copier.problems
    assert [g.alternatives for g in copier.key_step_match.groups] == [("AC = 13",)]
    assert copier.key_step_match.groups[0].index == 2  # the group keeps its index
    # nothing is credited for the copied steps alone
    assert _score(mulberry(["AB = 5 and BC = 12."], answer="12")).key_step_ratio == 0.0


def test_every_group_in_the_question_leaves_no_key_steps():
    s = _score(COPIER, keys=[["AB = 5"], ["BC = 12"]])
    assert (s.key_steps_total, s.key_step_ratio, s.accuracy) == (0, 0.0, 1.0)
    assert "key_steps_in_question: groups 1, 2 of 2" in s.problems


def test_without_question_exclude_has_no_effect():
    plain = _score(COPIER, RewardConfig(), question=None)
    for question in (None, "", "   ", 42):
        s = _score(COPIER, question=question)
        assert (s.key_steps_matched, s.key_steps_total, s.accuracy) == (3, 3, plain.accuracy)
        assert any(p.startswith("no_question") for p in s.problems)
    # no key steps: nothing to exclude, no problem reported
    assert not score_trace(COPIER, "13", None, config=EXCLUDE).problems


def test_other_spellings_in_the_question_are_caught():
    # the same matcher as in a step: LaTeX, unicode, spacing, case and a swapped equation
    keys = [["3*4=12"], ["∠ABC = 90°"], ["x = 5"], ["pythagorean theorem"]]
    question = (r"Given $3 \times 4 = 12$ and $\angle ABC = 90^\circ$, and 5=x, use the "
                "Pythagorian theorem to find the area.")
    assert groups_in_question(question, keys, EXCLUDE) == (True, True, True, True)


def test_lookalikes_in_the_question_do_not_exclude():
    # number and name boundaries hold: the question's givens are other values
    keys = [["AB = 5"], ["x = 5"], ["angle C = 70 degrees"], ["area = 12"]]
    question = "Given AB = 50, 2x = 5 and angle B = 70 degrees, find the area = ? (not area = 120)."
    assert groups_in_question(question, keys, EXCLUDE) == (False, False, False, False)


def test_image_description_in_the_question():
    # a dataset whose question carries the image's description: steps stated there are given
    question = "<image>\nThe figure shows a rectangle with width 5 and height 8.\nWhat is its area?"
    keys = [["width 5"], ["5 * 8 = 40"]]
    trace = mulberry(["The width 5 and height 8 are given.", "5 * 8 = 40"], answer="40",
                     description="A rectangle, width 5, height 8.")
    s = score_trace(trace, "40", keys, question=question, config=EXCLUDE)
    assert (s.key_steps_matched, s.key_steps_total) == (1, 1)


def test_copying_the_question_into_the_image_description_earns_nothing():
    # with key steps looked for in the whole reasoning, restating the question in the
    # description would earn the givens; excluded, it does not
    trace = mulberry(["AC^2 = 169, AC = 13"], answer="13", description=QUESTION)
    wide = RewardConfig(key_step_scope="reasoning")
    wide_exclude = RewardConfig(key_step_scope="reasoning", question_key_steps="exclude")
    assert _score(trace, wide).key_steps_matched == 3
    assert (_score(trace, wide_exclude).key_steps_matched, _score(trace, wide_exclude).key_steps_total) == (1, 1)


def test_a_huge_question_is_bounded():
    question = "AB = 5. " + "x" * 300_000 + " BC = 12"
    found = groups_in_question(question, KEYS, EXCLUDE)
    assert found == (True, False, False)  # cut at max_completion_chars: BC = 12 is past the cut
    small = RewardConfig(question_key_steps="exclude", max_completion_chars=1000)
    assert groups_in_question("y" * 999 + "AB = 5", KEYS, small) == (False, False, False)


def test_config_option():
    assert RewardConfig().question_key_steps == "credit"
    assert RewardConfig.from_strings(["question_key_steps=exclude"]) == EXCLUDE
    assert RewardConfig.from_mapping({"question-key-steps": "exclude"}) == EXCLUDE
    with pytest.raises(ValueError, match="question_key_steps"):
        RewardConfig(question_key_steps="drop")  # type: ignore[arg-type]


def test_score_batch_passes_questions():
    a, b = score_batch([COPIER, COPIER], ["13", "13"], [KEYS, KEYS], questions=[QUESTION, None], config=EXCLUDE)
    assert (a.key_steps_total, b.key_steps_total) == (1, 3)


def test_trl_reads_the_question_column_or_the_prompt():
    reward = get_step_rar_reward(EXCLUDE)
    columns = {"solution": ["13"], "key_steps": [KEYS]}
    assert reward([COPIER], **columns, problem=[QUESTION]) == [pytest.approx(1.1)]
    # no problem column: the prompt's last user message (media tags removed), or a string prompt
    chat = [[{"role": "system", "content": "Answer in the Mulberry format."},
             {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": QUESTION}]}]]
    assert reward([COPIER], **columns, prompts=chat) == [pytest.approx(1.1)]
    assert reward([COPIER], **columns, prompts=[QUESTION]) == [pytest.approx(1.1)]
    # neither: nothing excluded; the default never reads the prompt
    assert reward([COPIER], **columns) == [pytest.approx(1.1)]
    assert get_step_rar_reward()([WORKER], **columns, prompts=[QUESTION]) == [pytest.approx(1 + 0.1 / 3)]
    assert reward([WORKER], **columns) == [pytest.approx(1 + 0.1 / 3)]


def test_verl_and_easyr1_read_the_question():
    from stepgrpo_verl import compute_score
    from stepgrpo_verl.easyr1 import compute_score as easyr1_score

    plain = compute_score("r1vl", WORKER, {"solution": "13", "key_steps": KEYS}, {"question": QUESTION})
    excluded = compute_score("r1vl", WORKER, {"solution": "13", "key_steps": KEYS}, {"question": QUESTION},
                             question_key_steps="exclude")
    assert (plain["key_steps_total"], excluded["key_steps_total"]) == (3, 1)
    assert excluded["step_rar"] == pytest.approx(1.1)
    row = easyr1_score({"response": WORKER, "response_length": 1,
                        "ground_truth": {"solution": "13", "key_steps": KEYS, "question": QUESTION}},
                       question_key_steps="exclude")
    assert row["key_steps_total"] == 1


def test_copying_an_option_earns_a_key_step_only_under_credit():
    # a multiple-choice question lists the answer among its options; a key step that is the
    # answer's value is then earned by copying an option (the right one: listing them all
    # is a hedge the matcher already refuses)
    question = "What time is shown on the clock?\nChoices:\nA. 8:20\nB. 7:25\nC. 7:20\nD. 4:35"
    keys = [["hour is 7", "hour = 7"], ["4 * 5 = 20", "4 × 5 = 20"], ["7:20", "7:20 o'clock"]]
    hedger = mulberry(["It could be 8:20, 7:25, 7:20 or 4:35."], answer="C")
    assert score_trace(hedger, "C", keys, question=question).key_steps_matched == 0
    lister = mulberry(["Option C reads 7:20."], answer="C")
    credited = score_trace(lister, "C", keys, question=question)
    excluded = score_trace(lister, "C", keys, question=question, config=EXCLUDE)
    assert (credited.key_steps_matched, credited.key_steps_total) == (1, 3)
    assert (excluded.key_steps_matched, excluded.key_steps_total) == (0, 2)
    assert excluded.answer_correct  # the question still serves the answer check


def test_the_synthetic_count(tmp_path):
    """examples/key_steps_in_question.py, the figures of docs/key-steps.md, on a few problems."""
    pytest.importorskip("PIL")
    import json

    from stepgrpo_trl.demo import question_key_steps as kq

    clock, segment = kq.count_kind("clock", 4, 0), kq.count_kind("segment", 4, 0)
    assert (clock.problems_with_any, clock.groups_in_question, clock.groups) == (4, 4, 12)
    assert clock.reference_k_credit == clock.reference_k_exclude == 1.0
    assert (segment.problems_with_any, segment.groups_in_question) == (0, 0)
    out = tmp_path / "k.json"
    assert kq.main(["--n", "2", "--kinds", "clock", "rows", "--json", str(out)]) == 0
    assert [(r["kind"], r["share_problems"]) for r in json.loads(out.read_text())] == [("clock", 1.0), ("rows", 0.0)]
