"""``RewardConfig(compat="released")``: the verdicts of the R1-VL released reward code.

The differences table of docs/paper-to-code.md is read from the page itself: each row's
example is scored with the released verdicts and with the default, and both verdicts the
row shows must come out, and differ. A row whose example does not run fails here.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("math_verify", reason='compat="released" needs math-verify (the "released" extra)')

from stepgrpo_rewards import RewardConfig, TraceScore, score_batch, score_trace, step_rar, step_rvr  # noqa: E402
from stepgrpo_rewards.released import (  # noqa: E402
    MAX_UNTIMED_VERIFY_CHARS,
    MAX_VERIFY_CHARS,
    released_validity,
    verify_screen,
)

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "paper-to-code.md"
RELEASED = RewardConfig(compat="released")
HEAD = "### Image Description:\nA figure.\n### Rationales:\nA rule.\n"


def trace(*steps: str, answer: str = "12", head: str = HEAD) -> str:
    """The completion a table example describes (the page says how it is built)."""
    steps = steps or ("a = 1",)
    body = "".join(f"### Step {i}:\n{s}\n" for i, s in enumerate(steps, 1))
    return f"{head}### Let's think step by step.\n{body}### The final answer is: {answer}"


# -- the table of docs/paper-to-code.md -------------------------------------------------

_VERDICTS = {  # first words of a verdict cell -> (what it is about, the value)
    "not matched": ("key_step_ratio", 0.0),
    "matched": ("key_step_ratio", 1.0),
    "correct": ("answer_correct", True),
    "wrong": ("answer_correct", False),
    "invalid": ("valid", False),
    "valid": ("valid", True),
}
_EXAMPLE_KEYS = {"steps", "answer", "head", "completion", "solution", "key_steps"}


def table_rows() -> list[tuple[str, str, str, str]]:
    """The rows of the differences table: (weak spot, example, released, here)."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Weak spot | Example |"))
    assert set(lines[header + 1].replace("|", "").strip()) <= {"-", " "}, "no separator row"
    rows = []
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 4, f"a row of the table has {len(cells)} cells, not 4: {line}"
        rows.append((cells[0], cells[1], cells[2], cells[3]))
    return rows


def verdict(cell: str) -> tuple[str, Any]:
    """What a verdict cell asserts: its first words, before any explanation."""
    for words, meaning in _VERDICTS.items():  # "not matched" before "matched", "invalid" before "valid"
        if re.match(rf"{words}\b", cell):
            return meaning
    raise AssertionError(f"a verdict cell must start with one of {list(_VERDICTS)}: {cell!r}")


def example_inputs(cell: str) -> tuple[str, str, Any]:
    """``(completion, solution, key_steps)`` of an example cell (a code span holding a
    Python literal)."""
    assert cell.startswith("`") and cell.endswith("`"), f"an example is one code span: {cell!r}"
    spec = ast.literal_eval(cell.strip("`"))
    assert isinstance(spec, dict) and set(spec) <= _EXAMPLE_KEYS, f"unknown example keys in {cell!r}"
    if "completion" in spec:
        completion = spec["completion"]
    else:
        completion = trace(*spec.get("steps", ()), answer=spec.get("answer", "12"),
                           head=spec.get("head", HEAD))
    return completion, spec.get("solution", "12"), spec.get("key_steps")


def observed(score: TraceScore, what: str) -> Any:
    value = getattr(score, what)
    if what == "key_step_ratio":
        assert score.key_steps_total <= 1, "a key-step example holds one key step"
    return value


ROWS = table_rows()


def test_the_table_is_there_and_covers_the_three_verdicts() -> None:
    assert len(ROWS) >= 15
    about = {verdict(released)[0] for _, _, released, _ in ROWS}
    assert about == {"key_step_ratio", "answer_correct", "valid"}


@pytest.mark.parametrize("row", ROWS, ids=[r[0] for r in ROWS])
def test_every_row_of_the_differences_table(row: tuple[str, str, str, str]) -> None:
    _, example, released_cell, here_cell = row
    completion, solution, key_steps = example_inputs(example)
    (what, released_value), (what_here, here_value) = verdict(released_cell), verdict(here_cell)
    assert what == what_here, "both columns of a row speak of the same verdict"
    assert released_value != here_value, "a row lists a verdict where the two differ"
    theirs = score_trace(completion, solution, key_steps, config=RELEASED)
    ours = score_trace(completion, solution, key_steps)
    assert observed(theirs, what) == released_value, theirs
    assert observed(ours, what) == here_value, ours
    for cell, score in ((released_cell, theirs), (here_cell, ours)):  # named problems occur
        for kind in re.findall(r"`([a-z_]+)`", cell.split(";")[0]):
            if kind.endswith(("_answer", "_step", "_order", "_key_steps", "_description", "_rationales")):
                assert any(p.startswith(kind) for p in score.problems), (kind, score.problems)


def test_a_table_row_without_a_working_example_fails() -> None:
    with pytest.raises(AssertionError):
        example_inputs("an input in words")
    with pytest.raises(AssertionError):
        example_inputs('`{"step": ["a"]}`')  # a misspelt key
    with pytest.raises(AssertionError):
        verdict("sometimes")


# -- the released rules, one by one ------------------------------------------------------

def test_math_verify_reads_the_whole_completion_then_the_string_match() -> None:
    # math_verify: \frac{24}{2} is 12; the string match alone would say no
    assert score_trace(trace(answer=r"$\frac{24}{2}$"), "12", config=RELEASED).answer_correct
    # the string match: letters math_verify does not read, compared exactly
    assert score_trace(trace(answer="B"), "B", config=RELEASED).answer_correct
    assert not score_trace(trace(answer="b"), "B", config=RELEASED).answer_correct
    # the solution may be a full trace: its first final-answer line is the gold
    s = score_trace(trace(answer="B"), "### Step 1:\nx\n### The final answer is: B", config=RELEASED)
    assert s.answer_correct and s.gold_answer == "B" and s.predicted_answer == "B"


def test_the_string_match_reads_the_first_final_answer_line() -> None:
    two = "### The final answer is: B\n### The final answer is: C"
    assert score_trace(two, "B", config=RELEASED).answer_correct
    assert not score_trace(two, "C", config=RELEASED).answer_correct
    # no header: the whole completion, stripped, is the answer
    assert score_trace("  B \n", "B", config=RELEASED).answer_correct
    # the answer on the next line
    assert score_trace("### The final answer is:\nB", "B", config=RELEASED).answer_correct


def test_the_key_step_bonus_is_added_whatever_the_answer() -> None:
    ks = {"Steps": [["3 + 4"], ["area"]]}
    wrong = score_trace(trace("3 + 4 = 7, the area", answer="99"), "12", ks, config=RELEASED)
    assert not wrong.answer_correct and wrong.key_step_ratio == 1.0
    assert wrong.accuracy == pytest.approx(0.1)
    none = score_trace(trace("3 + 4 = 7, the AREA", answer=""), "12", ks, config=RELEASED)
    assert none.accuracy == pytest.approx(0.1)  # lower-cased both sides


def test_key_steps_are_read_from_the_steps_only() -> None:
    ks = {"Steps": ["figure", "rule"]}  # groups given as strings: one alternative each
    s = score_trace(trace("nothing here", answer="figure rule"), "12", ks, config=RELEASED)
    assert s.key_steps_total == 2 and s.key_steps_matched == 0


def test_key_step_shapes() -> None:
    done = trace("a = 1")
    assert score_trace(done, "12", '{"Steps": [["A = 1"]]}', config=RELEASED).key_step_ratio == 1.0
    assert score_trace(done, "12", None, config=RELEASED).key_steps_total == 0
    assert score_trace(done, "12", {"Steps": (("x", "A = 1"),)}, config=RELEASED).key_step_ratio == 1.0
    for bad in ([["a = 1"]], {"Steps": [[1]]}, {"Steps": [{"a": 1}]}, {"Steps": "a = 1"}, "[", 7):
        s = score_trace(done, "12", bad, config=RELEASED)
        assert s.key_step_ratio == 0.0 and s.answer_correct and s.valid
        assert any(p.startswith("bad_key_steps") for p in s.problems), bad
    # the released code's .get("Steps", []): no key steps, no bonus
    assert score_trace(done, "12", {"steps": [["a = 1"]]}, config=RELEASED).key_steps_total == 0


def test_too_many_key_step_groups_are_cut() -> None:
    cfg = RewardConfig(compat="released", max_key_step_groups=2)
    s = score_trace(trace("a b c"), "12", {"Steps": ["a", "b", "c"]}, config=cfg)
    assert s.key_steps_total == 2 and any(p.startswith("too_many_key_steps") for p in s.problems)


def test_validity_as_the_released_checks() -> None:
    assert released_validity(trace("a", "b")).valid
    assert not released_validity(trace("a").replace("### Step 1:", "### Step 2:")).valid
    gap = trace("a", "b", "c").replace("### Step 3:", "### Step 4:")
    assert released_validity(gap).problems == ("step_numbering: step headers are not numbered 1..n in order",)
    after = trace("a") + "\n### Step 2:\nb"
    assert not released_validity(after).valid
    assert not released_validity(trace("a").replace("### Step 1:", "### Step 01:")).complete
    # numbers the released int() reads: leading zeros, other scripts' digits
    lead = trace("a", "b").replace("### Step 2:", "### Step 002:")
    assert released_validity(lead).valid
    assert released_validity(trace("a", "b").replace("### Step 2:", "### Step ٢:")).valid
    huge = trace("a", "b").replace("### Step 2:", "### Step " + "9" * 5000 + ":")
    assert not released_validity(huge).valid  # the released int() raises on 5000 digits


def test_weights_come_from_the_config() -> None:
    cfg = RewardConfig(compat="released", alpha=0.5, answer_reward=2.0, validity_reward=3.0)
    s = score_trace(trace("a = 1"), "12", {"Steps": [["a = 1"]]}, config=cfg)
    assert (s.accuracy, s.validity, s.total) == (2.5, 3.0, 5.5)
    assert step_rar(trace("a = 1"), "12", {"Steps": [["a = 1"]]}, config=cfg) == 2.5
    assert step_rvr(trace("a = 1"), config=cfg) == 3.0
    assert step_rvr(trace("a").replace("### Step 1:", "###Step 1:"), config=RELEASED) == 0.0
    assert step_rvr(trace("a").replace("### Step 1:", "###Step 1:")) == 1.0


def test_bad_input_scores_zero_with_a_reason() -> None:
    for completion in (None, "", "   "):
        s = score_trace(completion, "12", config=RELEASED)
        assert s.total == 0.0 and s.problems == ("empty_completion",)
    s = score_trace("x" * 200, "12", config=RewardConfig(compat="released", max_completion_chars=100))
    assert s.total == 0.0 and s.problems[0].startswith("input_too_long")
    s = score_trace(trace("a"), None, config=RELEASED)
    assert not s.answer_correct and "no_gold_answer" in s.problems and s.valid
    assert score_trace(trace(), 12, config=RELEASED).answer_correct  # a number column
    empty = score_trace("### Image Description:\nA\n### Rationales:\nB\n### Step 1:\nc\n"
                        "### The final answer is:", "", config=RELEASED)
    assert not empty.answer_correct and "no_gold_answer" in empty.problems and empty.valid
    assert s.to_dict()["layout"] == "released"


def test_strict_mode_raises_on_unusable_key_steps() -> None:
    from stepgrpo_rewards import InvalidInputError

    with pytest.raises(InvalidInputError):
        score_batch([trace()], ["12"], [[["a"]]], config=RELEASED, strict=True)


def test_long_texts_skip_math_verify_and_keep_the_string_match() -> None:
    long = trace("x " * (MAX_VERIFY_CHARS // 2), answer="B")
    s = score_trace(long, "B", config=RELEASED)
    assert s.answer_correct and any(p.startswith("released_verify_skipped") for p in s.problems)


# -- threads: math_verify's signal.alarm ---------------------------------------------------

def _in_thread(fn: Any) -> Any:
    out: list[Any] = []
    worker = threading.Thread(target=lambda: out.append(fn()))
    worker.start()
    worker.join()
    assert out, "the call raised in its thread"
    return out[0]


def test_a_worker_thread_still_gets_math_verify() -> None:
    s = _in_thread(lambda: score_trace(trace(answer=r"$\frac{24}{2}$"), "12", config=RELEASED))
    assert s.answer_correct and not s.problems


@pytest.mark.parametrize("answer", ["$100!!!$", "$9^{9^{9^{9}}}$", "$99**99**99$", r"$\Gamma(10^{6})$",
                                    "$" + "(" * 300 + "1" + ")" * 300 + "$", r"$\prod_{i=1}^{10^9} i$",
                                    r"$\dbinom{99999999}{49999999}$", "binomial(99999999, 49999999)",
                                    "$99^{999}$", "$123456789012$", "1 " * MAX_UNTIMED_VERIFY_CHARS])
def test_a_worker_thread_skips_math_verify_on_text_it_might_never_finish(answer: str) -> None:
    s = _in_thread(lambda: score_trace(trace(answer=answer), "12", config=RELEASED))
    assert not s.answer_correct
    assert any(p.startswith("released_verify_skipped: not in the main thread") for p in s.problems)


def test_the_screen_passes_ordinary_traces() -> None:
    ordinary = trace(r"The area is $3 \times 4 = 12$ square units.", "So $x^2 = 144$ and x = 12.",
                     answer=r"$\frac{24}{2}$")
    assert verify_screen(ordinary) is None
    # lookalikes of the screened constructs are screened too
    for text in ("5 !", r"\tbinom{9}{3}", r"\Gamma(9)", "x^{123}", "x ^ {99}^{2}", "x^y^z", r"\sum_i", r"\binom{9}{3}",
                 r"\operatorname{gamma}(9)", "Gamma(9)", "10**100"):
        assert verify_screen(text) is not None, text


# -- math_verify missing -------------------------------------------------------------------

def test_without_math_verify_the_core_works_and_released_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['math_verify'] = None\n"
        "import stepgrpo_rewards as s\n"
        "print(s.score_trace('### The final answer is: 4', solution='4').answer_correct)\n"
        "try:\n"
        "    s.RewardConfig(compat='released')\n"
        "except ImportError as exc:\n"
        "    print('pip install math-verify' in str(exc))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.split() == ["True", "True"]


def test_first_use_without_math_verify_raises_instead_of_scoring_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = RewardConfig(compat="released")  # made while math_verify is there (or unpickled elsewhere)
    monkeypatch.setitem(sys.modules, "math_verify", None)
    with pytest.raises(ImportError, match="pip install math-verify"):
        score_trace(trace(), "12", config=cfg)
    assert step_rvr(trace("a"), config=cfg) == 1.0  # StepRVR needs no math_verify


def test_compat_is_validated_and_read_by_name() -> None:
    with pytest.raises(ValueError, match="compat"):
        RewardConfig(compat="paper")  # type: ignore[arg-type]
    assert RewardConfig.from_strings(["compat=released"]).compat == "released"
    assert RewardConfig.from_mapping({"compat": "released"}) == RELEASED
    assert RewardConfig().compat == "ours"


# -- the TRL adapter ------------------------------------------------------------------------

def test_the_trl_reward_scores_as_the_released_code(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("stepgrpo_trl")
    from stepgrpo_trl import configured, get_step_rar_reward

    completion = [{"role": "assistant", "content": trace("the value is 120")}]
    batch = {"solution": ["12"], "key_steps": [{"Steps": [["12"]]}]}
    assert get_step_rar_reward(log_metrics=False)([completion], **batch) == [1.0]
    assert get_step_rar_reward(RELEASED, log_metrics=False)([completion], **batch) == [pytest.approx(1.1)]
    monkeypatch.setenv("STEPGRPO_COMPAT", "released")  # a RewardConfig field, by name
    reward = configured.step_rar_reward
    assert reward.config.compat == "released"
    assert reward([completion], **batch) == [pytest.approx(1.1)]


# -- never raises, always in range ------------------------------------------------------------

def test_hostile_input_never_raises_and_stays_in_range() -> None:
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    pieces = st.sampled_from(["### Step 1:", "### Step 2:", "### The final answer is:", "### Rationales:",
                              "### Image Description:", "\n", " ", "12", "B", "$", "\\frac{", "}", "x",
                              "٢", "0" * 30, "### Step " + "9" * 60 + ":"])
    key_steps = st.one_of(st.none(), st.text(max_size=20),
                          st.fixed_dictionaries({"Steps": st.lists(st.one_of(st.text(max_size=5),
                                                                              st.lists(st.text(max_size=5))))}))

    @hypothesis.settings(max_examples=60, deadline=None, database=None)
    @hypothesis.given(st.lists(pieces, max_size=30).map("".join), key_steps)
    def check(completion: str, ks: Any) -> None:
        s = score_trace(completion, "12", ks, config=RELEASED)
        assert 0.0 <= s.total <= RELEASED.max_total
        assert s.accuracy == pytest.approx(s.answer_correct * 1.0 + 0.1 * s.key_step_ratio)
        assert "internal_error" not in {p.split(":")[0] for p in s.problems}
        assert step_rvr(completion, config=RELEASED) == s.validity

    check()


def test_the_trl_reward_in_worker_threads_matches_the_main_thread() -> None:
    pytest.importorskip("stepgrpo_trl")
    from concurrent.futures import ThreadPoolExecutor

    from stepgrpo_trl import get_step_rar_reward

    reward = get_step_rar_reward(RELEASED, log_metrics=False, log_completions=False)
    completions = [trace("the value is 120", answer=r"$\frac{24}{2}$"), trace("5 = x", answer="B")]
    batch = {"solution": ["12", "12"], "key_steps": [{"Steps": [["12"]]}, {"Steps": [["x = 5"]]}]}
    here = reward(completions, **batch)
    assert here == [pytest.approx(1.1), pytest.approx(0.0)]

    def in_thread(i: int) -> list[float | None]:  # texts of their own: no batch-cache hit
        assert threading.current_thread() is not threading.main_thread()
        return reward([c + " " * (i + 1) for c in completions], **batch)

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(in_thread, range(4))) == [here] * 4


@pytest.mark.parametrize("extra", [{"layout": "r1"}, {"layout": "auto"}, {"validity_mode": "graded"},
                                   {"question_key_steps": "exclude"}])
def test_released_refuses_the_settings_the_released_code_does_not_have(extra):
    # A run configured for the released reward must not silently drop a layout, graded
    # validity or the question exclusion: the verdicts would not be what either side means.
    with pytest.raises(ValueError, match="compat='released'"):
        RewardConfig(compat="released", **extra)
