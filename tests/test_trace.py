"""parse_trace: sections, steps, spans and layouts."""

import pytest
from traces import GOOD

from stepgrpo_rewards import parse_trace


def test_mulberry_sections_in_order_with_spans():
    trace = parse_trace(GOOD)
    assert trace.layout == "mulberry"
    assert [s.kind for s in trace.sections] == ["description", "rationales", "think", "step", "step", "answer"]
    assert [s.number for s in trace.steps] == [1, 2]
    assert trace.steps[1].text == "So ∠C = 180° - 50° - 60° = 70°."
    start, end = trace.steps[1].span
    assert GOOD[start:end].strip() == trace.steps[1].text
    assert trace.description.startswith("A triangle ABC")
    assert trace.answer_sections[0].text == "70°"


@pytest.mark.parametrize("header", ["###Step 1:", "### step 1:", "###  STEP 1 :", "## Step 1:", "### Step 1."])
def test_lenient_headers(header):
    trace = parse_trace(f"### Image Description:\nx\n{header}\nA = 3\n### The final answer is: 3")
    assert [s.number for s in trace.steps] == [1]
    assert trace.steps[0].text == "A = 3"


def test_strict_headers_demand_canonical_spelling():
    text = "### Image Description:\nx\n### step 1:\nA = 3\n### The final answer is: 3"
    trace = parse_trace(text, lenient_headers=False)
    assert trace.steps == ()
    assert [s.kind for s in trace.sections] == ["description", "answer"]


def test_think_answer_layout_finds_steps_and_answer():
    text = "<think>Step 1: 2+2=4\nStep 2: 4*3=12</think><answer>12</answer>"
    trace = parse_trace(text)
    assert trace.layout == "think_answer"
    assert [s.number for s in trace.steps] == [1, 2]
    assert trace.answer_sections[0].text == "12"


def test_plain_steps_layout():
    trace = parse_trace("Step 1: read the bars.\n**Step 2:** 5 - 3 = 2\nThe answer is 2.")
    assert trace.layout == "plain_steps"
    assert [s.number for s in trace.steps] == [1, 2]


def test_boxed_and_free_layouts():
    assert parse_trace(r"so it is \boxed{12}").layout == "boxed"
    assert parse_trace("just some words").layout == "free"
    assert parse_trace("").layout == "free"


def test_thousands_of_headers_are_capped():
    text = "### Step 1:\nx\n" * 5000
    trace = parse_trace(text)
    assert trace.headers_truncated
    assert len(trace.sections) <= 512


def test_non_string_raises_type_error():
    with pytest.raises(TypeError):
        parse_trace(None)  # type: ignore[arg-type]


def test_canonical_and_lenient_headers_read_alike():
    # Canonical headers take the strict pattern first; the others fall back to the
    # lenient one. Both kinds in one trace give the same sections either way.
    text = "### Rationales:\nr\n  ## step 2 :\nb\n### Step 1:\na\n###STEP 3.\nc\n### The final answer is: 3"
    trace = parse_trace(text)
    assert [(s.kind, s.number) for s in trace.sections] == [
        ("rationales", None), ("step", 2), ("step", 1), ("step", 3), ("answer", None)]
    assert [s.text for s in trace.steps] == ["b", "a", "c"]
    assert text[slice(*trace.sections[1].header)] == "  ## step 2 :"
    assert text[slice(*trace.sections[2].header)] == "### Step 1:"
    strict = parse_trace(text, lenient_headers=False)
    assert [(s.number, s.text) for s in strict.steps] == [(1, "a\n###STEP 3.\nc")]


@pytest.mark.parametrize("header", ["### ſtep 1:", "### Ratıonales:", "### Image Descrİption:", "### Step ١:",
                                    "### Step \U0001d7cf:", "### The fınal answer is: 1"])
def test_lookalike_letters_and_digits_make_no_header(header):
    # The lenient pattern used to fold case as Unicode does ("ſ" is "s", "ı" is "i"),
    # and the kind of a word it matched that is no header word was "rationales":
    # "### Image Descrıption:" counted as the rationales. Only ASCII letters and
    # digits spell a header.
    trace = parse_trace(f"### Step 2:\ny\n{header}\nx")
    assert [(s.kind, s.number) for s in trace.sections] == [("step", 2)]
    assert trace.steps[0].text == f"y\n{header}\nx"


def test_a_byte_order_mark_before_the_first_header_is_skipped():
    for lenient in (True, False):
        trace = parse_trace("\ufeff### Image Description:\nd\n### Step 1:\nx", lenient_headers=lenient)
        assert [(s.kind, s.header) for s in trace.sections] == [("description", (0, 23)), ("step", (26, 37))]
    # elsewhere it is not spacing
    assert parse_trace("### Step 1:\nx\n\ufeff### Step 2:\ny").steps[0].text == "x\n\ufeff### Step 2:\ny"


@pytest.mark.parametrize(
    ("header", "kind"),
    [("### **Step 1:**", "step"), ("### **Step 1**:", "step"), ("### __Step 1__", "step"),
     ("###\u00a0Step\u00a01:", "step"), ("### \u3000Image\u202fDescription:", "description"),
     ("### **The final answer is:**", "answer"), ("  ## **Rationales** :", "rationales"),
     ("### The final answer is：", "answer")],  # a full-width colon
)
def test_lenient_headers_tolerate_bold_and_unicode_spaces(header, kind):
    trace = parse_trace(f"{header} 70°\nmore")
    assert [(s.kind, s.text) for s in trace.sections] == [(kind, "70°\nmore")]
    assert parse_trace(f"{header} 70°", lenient_headers=False).sections == ()


def test_many_hash_lines_hand_over_to_the_regex_scan(monkeypatch):
    import stepgrpo_rewards.trace as trace_module

    text = "# note\n" * 5 + "### Step 1:\na\n  # aside\n  ## Step 2:\nb\n" + "#\n" * 3 + "### The final answer is: 2"
    expected = parse_trace(text)
    monkeypatch.setattr(trace_module, "_FIND_BUDGET", 0)  # the scan takes over after one miss
    assert parse_trace(text) == expected
    assert [s.number for s in expected.steps] == [1, 2]
    assert expected.answer_sections[0].text == "2"


def test_cap_leaves_the_last_header_read_without_a_body(monkeypatch):
    import stepgrpo_rewards.trace as trace_module

    monkeypatch.setattr(trace_module, "MAX_SECTIONS", 2)
    trace = parse_trace("### Step 1:\na\n### Step 2:\nb\n### Step 3:\nc")
    assert trace.headers_truncated
    assert [(s.number, s.text) for s in trace.steps] == [(1, "a"), (2, "")]
    assert trace.sections[1].span == (trace.sections[1].header[1],) * 2


def test_long_header_words_are_not_cached():
    # spacing inside a lenient header ("Step" + 50,000 tabs + "1") makes a header word as
    # long as the text: it is read, but never kept in the header-word cache
    from stepgrpo_rewards import trace as trace_module

    trace_module._cached_header_of.cache_clear()
    parsed = parse_trace("### Step" + "\t" * 50_000 + "1:\nx = 1\n### The final answer is: 1")
    assert [s.number for s in parsed.steps] == [1]
    assert trace_module._cached_header_of.cache_info().currsize == 1  # "The final answer is" only
