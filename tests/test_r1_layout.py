"""The r1 layout (``<think>``/``<answer>``/``\\boxed{}``), ``layout="auto"`` and graded
StepRVR: the settings, the rules, the answer verifier under attack, key steps."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from traces import GOOD, KEY_STEPS, mulberry

from stepgrpo_rewards import RewardConfig, check_validity, problem_kind, score_trace, step_rvr
from stepgrpo_rewards.config import config_fields
from stepgrpo_rewards.layouts import CHECKS, graded_share, rules_for
from stepgrpo_rewards.r1 import read_r1
from stepgrpo_rewards.validity import Validity

R1 = RewardConfig(layout="r1")
AUTO = RewardConfig(layout="auto")
GR1 = RewardConfig(layout="r1", validity_mode="graded")
GOOD_R1 = ("<think>\nThe angles of a triangle add up to 180°.\nStep 1: ∠A + ∠B + ∠C = 180°.\n"
           "Step 2: ∠C = 180° - 50° - 60° = 70°.\n</think>\n<answer>70°</answer>")
ROOT = Path(__file__).resolve().parent.parent


def kinds(text: str, config: RewardConfig = R1) -> set[str]:
    return {problem_kind(p) for p in check_validity(text, config=config).problems}


# -- the settings -------------------------------------------------------------------------


def test_the_new_fields_follow_key_step_scope_and_default_to_the_paper() -> None:
    names = config_fields()
    at = names.index("key_step_scope")
    assert names[at + 1 : at + 3] == ("layout", "validity_mode")
    cfg = RewardConfig()
    assert (cfg.layout, cfg.validity_mode) == ("mulberry", "binary")


@pytest.mark.parametrize(("field", "bad"), [("layout", "R1"), ("layout", "think"), ("layout", 1),
                                            ("validity_mode", "soft"), ("validity_mode", None)])
def test_bad_values_are_refused(field: str, bad: object) -> None:
    with pytest.raises(ValueError, match=field):
        RewardConfig(**{field: bad})  # type: ignore[arg-type]


def test_strings_and_mappings_set_them() -> None:
    cfg = RewardConfig.from_strings(["layout=r1", "validity-mode=graded"])
    assert (cfg.layout, cfg.validity_mode) == ("r1", "graded")
    assert RewardConfig.from_mapping({"layout": "auto", "validity_mode": "binary"}) == AUTO
    with pytest.raises(ValueError, match="layout"):
        RewardConfig.from_strings(["layout=think_answer"])


# -- the default is unchanged; the rules are reported otherwise -----------------------------


@pytest.mark.parametrize("text", [GOOD, GOOD_R1, "", "no structure, the answer is 70", r"\boxed{70}"])
def test_the_default_dict_has_no_new_key_and_other_layouts_report_the_rules(text: str) -> None:
    default = score_trace(text, "70°", KEY_STEPS).to_dict(explain=True)
    assert "rules" not in default
    assert list(default)[:14] == ["answer_correct", "predicted_answer", "gold_answer", "valid", "complete",
                                  "logical", "key_steps_matched", "key_steps_total", "key_step_ratio",
                                  "accuracy", "validity", "total", "layout", "problems"]
    r1 = score_trace(text, "70°", KEY_STEPS, config=R1).to_dict()
    assert r1["rules"] == "r1"
    assert score_trace(text, "70°", KEY_STEPS, config=RewardConfig(validity_mode="graded")).to_dict().get(
        "rules") is None


def test_r1_scores_an_r1_completion_in_full_and_the_default_does_not() -> None:
    s = score_trace(GOOD_R1, "70°", KEY_STEPS, config=R1)
    assert (s.answer_correct, s.valid, s.key_steps_matched, s.rules) == (True, True, 2, "r1")
    assert s.total == pytest.approx(1 + 0.1 * 2 / 3 + 1)
    assert s.layout == "think_answer"  # the shape the parser saw, as before
    default = score_trace(GOOD_R1, "70°", KEY_STEPS)
    assert default.answer_correct and not default.valid
    # and a Mulberry trace is not valid by the r1 rules
    assert not score_trace(GOOD, "70°", config=R1).valid


def test_auto_decides_per_completion() -> None:
    assert rules_for(GOOD, AUTO) == "mulberry"
    assert rules_for(GOOD_R1, AUTO) == "r1"
    assert rules_for("reasoning</think>\n<answer>1</answer>", AUTO) == "r1"  # think opened in the prompt
    assert rules_for("```\n<think>x</think>\n```\n### The final answer is: 1", AUTO) == "mulberry"  # in code
    assert rules_for(r"\boxed{1}", AUTO) == "mulberry"
    assert rules_for(GOOD, R1) == "r1" and rules_for(GOOD_R1, RewardConfig()) == "mulberry"
    both = [score_trace(t, "70°", config=AUTO) for t in (GOOD, GOOD_R1)]
    assert [(s.valid, s.rules) for s in both] == [(True, "mulberry"), (True, "r1")]
    # Mulberry headers inside a think block: the r1 rules, and its steps are steps
    wrapped = "<think>\n### Step 1:\n2 + 3 = 5\n### Step 2:\nso 5\n</think>\n<answer>5</answer>"
    s = score_trace(wrapped, "5", [["2 + 3 = 5"]], config=AUTO)
    assert (s.rules, s.valid, s.key_step_ratio) == ("r1", True, 1.0)


def test_check_validity_and_step_rvr_follow_the_config() -> None:
    assert check_validity(GOOD_R1, config=R1).valid
    assert not check_validity(GOOD_R1).valid
    assert step_rvr(GOOD_R1, config=R1) == 1.0 and step_rvr(GOOD_R1) == 0.0
    assert step_rvr(GOOD, config=AUTO) == 1.0
    assert step_rvr(GOOD_R1, config=RewardConfig(layout="r1", validity_reward=0.5)) == 0.5


# -- the r1 rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        GOOD_R1,
        "<think>1. add 2 and 3\n2. get 5</think>\n<answer>5</answer>",
        "<think>**Step 1** add\n**Step 2:** get 5</think><answer>5</answer>",
        "<think>### Step 1.\nadd\n### Step 2.\nget 5</think><answer>5</answer>",
        "<THINK>no steps at all, 2 + 3 = 5</THINK><ANSWER>5</ANSWER>",
        r"<think>2 + 3 = 5</think>The answer is $\boxed{5}$.",
        "2 + 3 = 5\n</think>\n\n<answer>\n5\n</answer>\n",  # a think block opened by the prompt
        "<think>2 + 3 = 5</think>\nSo the answer is:\n<answer>5</answer>",
        r"<think>2 + 3 = 5</think><answer>\boxed{5}</answer>",
        "<think>x `<answer>`? `\\boxed{0}` no</think><answer>5</answer>",
        "<think>Step 1 is to add, 1.5 is close</think><answer>5</answer>",
    ],
)
def test_valid_r1_completions(text: str) -> None:
    v = check_validity(text, config=R1)
    assert (v.complete, v.logical, v.problems) == (True, True, ())


@pytest.mark.parametrize(
    ("text", "expected", "complete"),
    [
        ("<answer>5</answer>", "missing_think", False),
        (r"Step 1: 2 + 3 = 5. \boxed{5}", "missing_think", False),
        ("<think>2 + 3 = 5 so <answer>5</answer>", "unclosed_think", False),
        ("<think>2 + 3 = 5</think>", "missing_answer", False),
        ("<think>2 + 3 = 5</think>The answer is 5.", "missing_answer", False),
        ("<think>2 + 3 = 5</think><answer>5", "missing_answer", False),
        ("<think>2 + 3 = 5</think>5</answer>", "missing_answer", False),
        (r"<think>2 + 3 = 5</think>\boxed{5", "missing_answer", False),
        ("<think>x <answer>5</answer></think>", "missing_answer", False),
        ("<think>x</think>\n```\n<answer>5</answer>\n```", "missing_answer", False),
        ("<think>x</think>\n~~~\n\\boxed{5}\n~~~", "missing_answer", False),
        ("<think>x</think> `<answer>5</answer>`", "missing_answer", False),
        ("<think> \n\t</think><answer>5</answer>", "empty_think", True),
        ("<think>**</think><answer>5</answer>", "empty_think", True),
        ("</think><answer>5</answer>", "empty_think", True),
        ("<think>x</think><answer>\u200b</answer>", "empty_answer", True),
        (r"<think>x</think>\boxed{ }", "empty_answer", True),
        ("<think>x</think><answer>5</answer><answer>5</answer>", "multiple_answers", True),
        (r"<think>x</think>\boxed{5}\boxed{5}", "multiple_answers", True),
        (r"<think>x</think><answer>5</answer> \boxed{6}", "multiple_answers", True),
        ("<answer>5</answer><think>x</think>", "section_order", True),
        ("<think>x</think><answer>5</answer>\nHope this helps!", "text_after_answer", True),
        ("<think>x</think><answer>5</answer>\n```\nor 6\n```", "text_after_answer", True),
        (r"<think>x</think>$\boxed{5}$ (approximately)", "text_after_answer", True),
        ("<think>x</think><answer>5</answer></answer>", "stray_tag", True),
        ("<think>x</think><answer><answer>5</answer></answer>", "stray_tag", True),
        ("<think>x</think><think>y</think><answer>5</answer>", "stray_tag", True),
        ("<think>x <think> y</think><answer>5</answer>", "stray_tag", True),
        ("<think>x</think></think><answer>5</answer>", "stray_tag", True),
        ("<think>Step 1: a\nStep 3: b</think><answer>5</answer>", "step_numbering", True),
        ("<think>Step 2: a\nStep 1: b</think><answer>5</answer>", "step_numbering", True),
        ("<think>1. a\n2. b\n1. c</think><answer>5</answer>", "step_numbering", True),
        ("<think>Step 1: a\nStep 2:\n</think><answer>5</answer>", "empty_step", True),
    ],
)
def test_r1_rules(text: str, expected: str, complete: bool) -> None:
    v = check_validity(text, config=R1)
    assert expected in {problem_kind(p) for p in v.problems}
    assert v.complete is complete
    assert not v.valid
    s = score_trace(text, "5", config=R1)
    assert s.validity == 0.0 and not s.valid


# -- the answer verifier, attacked in the r1 layout -------------------------------------------


@pytest.mark.parametrize(
    ("text", "correct"),
    [
        ("<think>x</think><answer>5</answer>", True),
        ("<think>x</think>\n<answer>\n5\n</answer>", True),
        ("<think>x</think><answer>5</answer><answer>6</answer>", False),  # two answer blocks
        ("<think>x</think><answer>6</answer><answer>5</answer>", False),
        ("<think>the answer is <answer>5</answer></think>", False),  # answer inside think only
        ("<think>the answer is <answer>5</answer></think><answer>6</answer>", False),
        ("<think>x</think><answer>5</answer> or 6", False),  # text after </answer>
        ("<think>x</think><answer>5</answer>\nor maybe 6", False),
        ("<think>x</think><answer>5</answer>\nFinal answer: 6", False),
        (r"<think>x</think><answer>5</answer>\boxed{6}", False),
        ("<think>x</think><answer>5</answer>\nI am not sure.", False),
        ("<think>x</think><answer><answer>5</answer></answer>", False),  # nested tags
        ("<think>x</think><answer>5", False),  # unclosed answer
        ("<think>x</think><answer>5 or 6</answer>", False),  # hedges inside the tag
        ("<think>x</think><answer>5\n(or 6)</answer>", False),
        ("<think>x</think><answer>either 5 or 6</answer>", False),
        ("<think>x</think><answer>not 5</answer>", False),
        ("<think>x</think><answer>5?</answer>", False),
        ("<think>x</think><answer>5\nBecause 2 + 3 = 5.</answer>", True),
        ("<think>x</think>\n```\n<answer>5</answer>\n```", False),  # <answer> inside a code block
        ("<think>x</think>`<answer>5</answer>`", False),
        (r"<think>\boxed{6}</think><answer>5</answer>", True),  # a box in think, another answer
        (r"<think>\boxed{5}</think><answer>6</answer>", False),
        (r"<think>\boxed{5}</think>", False),
        (r"<think>x</think>\boxed{6} so <answer>5</answer>", False),  # a box beside the tag
        ("<think>x</think><answer></answer>", False),  # empty answer
        ("<think>x</think><answer> \n </answer>", False),
        (r"<think>x</think>\boxed{}", False),
        ("<think> </think><answer>5</answer>", True),  # whitespace-only think: valid 0, answer read
        ("<think>x", False),
        (r"<think>x</think>\boxed{5}", True),
        (r"<think>x</think>\boxed{5} or \boxed{6}", False),
        (r"<think>x</think>\boxed{5}" "\n(not sure)", False),
        (r"<think>x</think><answer>\boxed{5}</answer>", True),
        (r"<think>x</think><answer>\boxed{6}</answer>", False),
    ],
)
def test_the_r1_answer_takes_the_hedge_rules(text: str, correct: bool) -> None:
    s = score_trace(text, "5", config=R1)
    assert s.answer_correct is correct, s.to_dict()
    assert s.accuracy == (1.0 if correct else 0.0)
    # auto reads every one of them (they have think tags) by the same rules
    assert score_trace(text, "5", config=AUTO).to_dict() == s.to_dict()


def test_whitespace_only_think_earns_no_validity_but_the_answer_counts() -> None:
    s = score_trace("<think>\n  \n</think><answer>5</answer>", "5", config=R1)
    assert (s.answer_correct, s.valid, s.validity) == (True, False, 0.0)


def test_multiple_choice_options_in_the_question_still_stand_for_letters() -> None:
    q = "Which is the sum? (A) 4 (B) 5 (C) 6"
    assert score_trace("<think>2 + 3</think><answer>5</answer>", "B", question=q, config=R1).answer_correct
    assert not score_trace("<think>2 + 3</think><answer>B or C</answer>", "B", question=q,
                           config=R1).answer_correct


# -- key steps ---------------------------------------------------------------------------------


def test_key_steps_are_read_in_the_reasoning_steps_never_the_answer() -> None:
    def ratio(text: str, key: str, **cfg: object) -> float:
        return score_trace(text, "5", [[key]], config=RewardConfig(layout="r1", **cfg)).key_step_ratio  # type: ignore[arg-type]

    assert ratio("<think>Step 1: 2 + 3 = 5</think><answer>5</answer>", "2 + 3 = 5") == 1.0
    assert ratio("<think>1. 2 + 3 = 5</think><answer>5</answer>", "2 + 3 = 5") == 1.0
    assert ratio("<think>we find 2 + 3 = 5</think><answer>5</answer>", "2 + 3 = 5") == 1.0  # no steps
    assert ratio("<think>Step 1: add</think><answer>2 + 3 = 5</answer>", "2 + 3 = 5") == 0.0
    assert ratio("<think>add</think><answer>5</answer>\n2 + 3 = 5", "2 + 3 = 5") == 0.0
    assert ratio(r"<think>add</think>2 + 3 = 5, \boxed{5}", "2 + 3 = 5") == 0.0
    # steps only: the text before the first step (a restated question, a plan) is not a step
    assert ratio("<think>Show that 2 + 3 = 5.\nStep 1: add</think><answer>5</answer>", "2 + 3 = 5") == 0.0
    assert ratio("<think>Show that 2 + 3 = 5.\nStep 1: add</think><answer>5</answer>", "2 + 3 = 5",
                 key_step_scope="reasoning") == 1.0
    # with no think block, the reasoning is the text before the answer
    assert ratio(r"Step 1: 2 + 3 = 5. \boxed{5}", "2 + 3 = 5") == 1.0
    assert ratio(r"\boxed{5} 2 + 3 = 5", "2 + 3 = 5") == 0.0


def test_the_steps_of_the_reasoning() -> None:
    steps = read_r1("<think>Plan first.\nStep 1: a\n1. sub-item\nStep 2: b</think><answer>1</answer>").trace.steps
    assert [(s.number, s.text) for s in steps] == [(1, "a\n1. sub-item"), (2, "b")]
    numbered = read_r1("<think>Plan.\n1. a\n**2.** b\n3) c</think><answer>1</answer>").trace.steps
    assert [(s.number, s.text) for s in numbered] == [(1, "a"), (2, "b\n3) c")]
    assert read_r1("<think>no markers, Step 1 is to add; 1.5 is close</think><answer>1</answer>").trace.steps == ()


# -- graded validity ---------------------------------------------------------------------------


def _doc_table(title: str) -> dict[str, tuple[float, set[str]]]:
    page = (ROOT / "docs" / "rules.md").read_text()
    table = page.split(title, 1)[1].split("\n\n", 2)[1]
    rows = {}
    for line in table.splitlines()[2:]:
        name, weight, kinds_ = (c.strip() for c in line.strip("|").split("|"))
        rows[name.strip("`")] = (float(weight), set(re.findall(r"`([a-z_]+)`", kinds_)))
    return rows


@pytest.mark.parametrize(("rules", "title"), [("mulberry", "Mulberry checks"), ("r1", "r1 checks")])
def test_the_documented_checks_are_the_checks(rules: str, title: str) -> None:
    assert _doc_table(title) == {c.name: (c.weight, set(c.fails_on)) for c in CHECKS[rules]}


def test_every_problem_a_rule_reports_fails_some_check() -> None:
    from stepgrpo_rewards import problems as P

    mulberry_kinds = {P.MISSING_DESCRIPTION, P.MISSING_RATIONALES, P.MISSING_STEPS, P.MISSING_ANSWER,
                      P.SECTION_ORDER, P.STEP_AFTER_ANSWER, P.STEP_NUMBERING, P.EMPTY_DESCRIPTION,
                      P.EMPTY_RATIONALES, P.EMPTY_STEP, P.EMPTY_ANSWER, P.MULTIPLE_ANSWERS,
                      P.DUPLICATE_SECTION, P.TOO_MANY_SECTIONS}
    r1_kinds = {P.MISSING_THINK, P.UNCLOSED_THINK, P.EMPTY_THINK, P.MISSING_ANSWER, P.EMPTY_ANSWER,
                P.MULTIPLE_ANSWERS, P.SECTION_ORDER, P.TEXT_AFTER_ANSWER, P.STRAY_TAG, P.STEP_NUMBERING,
                P.EMPTY_STEP, P.TOO_MANY_SECTIONS}
    for rules, found in (("mulberry", mulberry_kinds), ("r1", r1_kinds)):
        covered = set().union(*(c.fails_on for c in CHECKS[rules]))
        assert found <= covered
        for kind in found:  # one problem: less than 1, more than 0
            assert 0 < graded_share(Validity(True, False, (kind,)), rules) < 1  # type: ignore[arg-type]


def test_an_unknown_problem_never_earns_the_full_value() -> None:
    assert graded_share(Validity(True, False, ("something_new",)), "r1") < 1
    assert graded_share(Validity(True, True, ()), "r1") == 1.0


@pytest.mark.parametrize("config", [RewardConfig(validity_mode="graded"), GR1,
                                    RewardConfig(layout="auto", validity_mode="graded")])
@pytest.mark.parametrize("text", [GOOD, GOOD_R1, mulberry(["a"], answer=None), "### Step 1:\nx",
                                  "<answer>5</answer>", "<think>x</think>", "<think>x</think><answer>5</answer> 6",
                                  "", "free text", r"\boxed{5}"])
def test_graded_is_one_exactly_when_valid_and_binary_is_its_floor(config: RewardConfig, text: str) -> None:
    s = score_trace(text, "5", config=config)
    binary = score_trace(text, "5", config=RewardConfig(layout=config.layout))
    assert (s.validity == 1.0) is s.valid
    assert binary.validity <= s.validity <= 1.0
    assert s.valid == binary.valid and s.accuracy == binary.accuracy
    assert s.total == pytest.approx(s.accuracy + s.validity)


def test_graded_rises_as_a_trace_gets_closer_to_valid() -> None:
    ladder = ["free text", "<think>x", "<think>x</think>", "<think>x</think><answer>5</answer>\nok",
              "<think>x</think><answer>5</answer>"]
    values = [step_rvr(t, config=GR1) for t in ladder]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert values[-1] == 1.0
    m = RewardConfig(validity_mode="graded")
    m_ladder = ["### Step 1:\nx", mulberry(["x"], answer=None), mulberry(["x"], answer="")[:-1] + "\n### Step 3:\ny",
                mulberry(["x"])]
    m_values = [step_rvr(t, config=m) for t in m_ladder]
    assert m_values == sorted(m_values) and m_values[-1] == 1.0


def test_graded_scales_with_validity_reward() -> None:
    half = RewardConfig(layout="r1", validity_mode="graded", validity_reward=0.5)
    text = "<think>x</think><answer>5</answer> 6"
    assert step_rvr(text, config=half) == pytest.approx(0.5 * step_rvr(text, config=GR1))


# -- hostile input: never raises, always in range -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<answer></answer>" * 5000, "<think>x</think>" + r"\boxed{1}" * 9000,
        "<answer>" * 10000, "<think>" * 10000, "</think>" * 10000, "```\n" * 20000, "`<a`" * 20000,
        "<think>" + "Step 1: a\n" * 9000 + "</think><answer>1</answer>",
        "<think>" + "1. a\n" * 20000 + "</think>", "<think>x</think>" + "\\boxed{" * 9000,
        "<think>x</think>" + "<answer>1</answer>\\boxed{2}" * 2500, "<think>\x00</think><answer>\ud800</answer>",
    ],
)
def test_hostile_r1_input_scores_in_range(text: str) -> None:
    for config in (R1, GR1, AUTO):
        s = score_trace(text, "1", [["a b c d e f g h"]], config=config)
        assert 0 <= s.validity <= 1 and 0 <= s.accuracy <= 1.1
        assert "internal_error" not in {problem_kind(p) for p in s.problems}


@pytest.mark.parametrize("gap, gold, correct", [
    ("12 ", "15", False),                       # another answer before the tag: a hedge
    ("12 ", "12", False),                       # ... that wins neither way
    ("The answer is 12.\n", "15", False),
    ("So the answer is: ", "15", True),         # a lead-in commits to nothing
    ("The bars give 3 and 4, so\n", "15", True),
    ("15 ", "15", True),                        # the same answer twice agrees
])
def test_what_commits_before_the_answer_tag_must_agree_with_it(gap, gold, correct):
    text = f"<think>\nStep 1: 3 * 4 = 12\n</think>\n{gap}<answer>15</answer>"
    assert score_trace(text, solution=gold, config=RewardConfig(layout="r1")).answer_correct is correct
