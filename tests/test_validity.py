"""check_validity: StepRVR's completeness and logic rules."""

import pytest
from traces import GOOD, mulberry

from stepgrpo_rewards import RewardConfig, check_validity, problem_kind, score_trace


def kinds(text, **cfg):
    v = check_validity(text, config=RewardConfig(**cfg) if cfg else None)
    return v, {problem_kind(p) for p in v.problems}


def test_good_trace_is_valid():
    v, found = kinds(GOOD)
    assert v.complete and v.logical and v.valid and not found


def test_let_us_think_line_is_optional():
    assert check_validity(mulberry(["a = 1"], think=False)).valid


@pytest.mark.parametrize(
    ("text", "expected", "complete"),
    [
        ("### Rationales:\nr\n### Step 1:\nx\n### The final answer is: 1", "missing_description", False),
        ("### Image Description:\nd\n### Step 1:\nx\n### The final answer is: 1", "missing_rationales", False),
        ("### Image Description:\nd\n### Rationales:\nr\n### The final answer is: 1", "missing_steps", False),
        ("### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx", "missing_answer", False),
        ("### Rationales:\nr\n### Image Description:\nd\n### Step 1:\nx\n### The final answer is: 1",
         "section_order", True),
        (mulberry(["a", "b"]).replace("### Step 2:", "### Step 3:"), "step_numbering", True),
        (mulberry(["a", "b"]).replace("### Step 2:", "### Step 1:"), "step_numbering", True),
        (mulberry(["a", "b"]).replace("### Step 1:", "### Step 2:", 1).replace("### Step 2:\nb", "### Step 1:\nb"),
         "step_numbering", True),
        (mulberry(["a", "b"]).replace("### Step 1:", "### Step 0:"), "step_numbering", True),
        (mulberry(["a", "   "]), "empty_step", True),
        (mulberry(["a"], answer=""), "empty_answer", True),
        # characters that print as nothing do not make a section non-empty
        (mulberry(["a", "\u200b"]), "empty_step", True),
        (mulberry(["a", "\ufeff \u200d"]), "empty_step", True),
        (mulberry(["a"], answer="\u200b"), "empty_answer", True),
        (mulberry(["a"]) + "\n### The final answer is: 71°", "multiple_answers", True),
        (mulberry(["a"]) + "\n### Step 2:\nmore", "step_after_answer", True),
        (mulberry(["a"]) + "\n### Rationales:\nagain", "duplicate_section", True),
    ],
)
def test_rules(text, expected, complete):
    v, found = kinds(text)
    assert expected in found
    assert v.complete is complete
    assert not v.valid


def test_header_tolerance_is_configurable():
    sloppy = GOOD.replace("### Step 1:", "###step 1:")
    assert check_validity(sloppy).valid
    v, found = kinds(sloppy, lenient_headers=False)
    assert not v.valid


@pytest.mark.parametrize(
    "text",
    ["<think>Step 1: a</think><answer>1</answer>", "Step 1: a\nStep 2: b\nThe answer is 1", r"\boxed{1}", ""],
)
def test_other_layouts_are_not_valid(text):
    v, found = kinds(text)
    assert not v.valid and "not_mulberry_layout" in found


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        # The canonical shape (with or without the "Let's think" line) is settled by
        # one comparison; the variants next to it take the full rule walk.
        (GOOD, ()),
        (mulberry(["a", "b", "c"], think=False), ()),
        (mulberry(["a", "b"]).replace("### Step 2:", "### Step 3:"),
         ("step_numbering: expected step 2, found step 3",)),
        (mulberry(["a", ""]), ("empty_step: step 2 is empty",)),
        (mulberry(["a", "\u200b\u2060"]), ("empty_step: step 2 is empty",)),
        (mulberry(["a"], answer="\u00ad"), ("empty_answer",)),
        (mulberry(["a"], answer=""), ("empty_answer",)),
        (mulberry(["a"]).replace("### Let's think step by step.", "### Rationales:\nagain"),
         ("duplicate_section: rationales appears more than once",)),
        (mulberry(["a"]) + "\n### Let's think step by step.",
         ("duplicate_section: \"Let's think step by step\" appears more than once",
          "section_order: \"Let's think step by step\" comes after final answer")),
        (mulberry([]), ("missing_steps",)),
    ],
)
def test_clean_traces_and_their_near_misses(text, problems):
    v = check_validity(text)
    assert v.problems == problems
    assert v.valid is (problems == ())
    assert v.complete is not any(p.startswith("missing") for p in problems)


def test_truncated_trace_is_not_clean(monkeypatch):
    import stepgrpo_rewards.trace as trace_module

    monkeypatch.setattr(trace_module, "MAX_SECTIONS", 4)
    v = check_validity(mulberry(["a", "b"]))
    assert not v.valid
    assert "too_many_sections" in {problem_kind(p) for p in v.problems}


@pytest.mark.parametrize("body", ["\u200b \u200b\u00a0\u200b", "\ufeff\u3000\u2060", " \u00ad\t\u200d "])
def test_a_step_of_mixed_invisible_and_space_characters_is_empty(body):
    text = (f"### Image Description:\nd\n### Rationales:\nr\n### Let's think step by step.\n"
            f"### Step 1:\n{body}x\n### Step 2:\n{body}\n### The final answer is: 3")
    v = check_validity(text)
    assert not v.valid and any(p.startswith("empty_step") for p in v.problems)


@pytest.mark.parametrize(
    ("description", "rationales", "expected"),
    [
        ("", "r", ["empty_description"]),
        ("d", "  ", ["empty_rationales"]),
        ("\u200b", "\ufeff\n", ["empty_description", "empty_rationales"]),
        ("d", "r", []),
    ],
)
def test_empty_description_or_rationales_is_not_valid(description, rationales, expected):
    # a header with nothing under it would earn StepRVR for skipping the section
    text = (f"### Image Description:\n{description}\n### Rationales:\n{rationales}\n"
            "### Let's think step by step.\n### Step 1:\nx = 1\n### The final answer is: 1")
    v = check_validity(text)
    assert sorted({problem_kind(p) for p in v.problems}) == expected
    assert v.valid is (not expected) and v.complete


# --- red-team findings: reward hacks and false negatives -------------------------------

def _trace(step="x = 1", answer="1", description="d", rationales="r"):
    return (f"### Image Description:\n{description}\n### Rationales:\n{rationales}\n"
            f"### Let's think step by step.\n### Step 1:\n{step}\n### The final answer is: {answer}")


@pytest.mark.parametrize(
    "body",
    [
        "###", "#", "**", "---", "...", "$$", "```\n```", "{}", "| |", "~~~",  # markdown or punctuation only
        "\u200e\u200f\u202a\u202c", "\u2066\u2069",  # direction marks and isolates
        "\u2061\u2062\u2063\u2064", "\u180e", "\U000e0020\U000e0041",  # invisible operators, tags
        "\u3164", "\u115f\u1160", "\uffa0", "\u2800",  # Hangul fillers, braille blank
        "\x00\x01\x1b", "\u0301\u034f", "\ufe0f", "\ue000",  # controls, lone marks, private use
    ],
)
def test_a_section_that_shows_no_text_is_empty(body):
    # a policy can fill every section with a mark that shows no text and still earn StepRVR
    for kind, text in (("empty_step", _trace(step=body)), ("empty_answer", _trace(answer=body)),
                       ("empty_description", _trace(description=body)),
                       ("empty_rationales", _trace(rationales=body))):
        v, found = kinds(text)
        assert kind in found and not v.valid, (kind, body)


@pytest.mark.parametrize("body", ["x", "7", "∞", ">", "(B)", "N/A", "√2", "五", "½", "x\u0301", "**B**"])
def test_short_sections_with_text_are_not_empty(body):
    for text in (_trace(step=body), _trace(answer=body), _trace(description=body), _trace(rationales=body)):
        assert check_validity(text).valid, body


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # a second description, written with a dotless i, read as the rationales
        ("### Image Description:\nA bar chart.\n### Image Descr\u0131ption:\nThe bars.\n"
         "### Step 1:\nx = 2\n### The final answer is: 2", "missing_rationales"),
        # the long s of "ſtep" made a header that counted as the rationales
        ("### Image Description:\nd\n### \u017ftep 1:\nr\n### Step 1:\nx = 2\n### The final answer is: 2",
         "missing_rationales"),
        # Arabic-Indic and other non-ASCII digits are not step numbers
        (_trace().replace("### Step 1:", "### Step \u0661:"), "missing_steps"),
        (_trace().replace("### Step 1:", "### Step \U0001d7cf:"), "missing_steps"),
    ],
)
def test_lookalike_headers_are_not_headers(text, problem):
    v, found = kinds(text)
    assert problem in found and not v.valid


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + GOOD,  # a byte-order mark before the first header
        GOOD.replace("### Step 1:", "### **Step 1:**").replace("### Step 2:", "### **Step 2**:"),
        GOOD.replace("### Image Description:", "### **Image Description:**")
        .replace("### Rationales:", "### __Rationales__").replace("### The final answer is:", "### **The final answer is:**"),
        GOOD.replace("### ", "###\u00a0"),  # no-break space after ###
        GOOD.replace("Step 1", "Step\u00a01").replace("Image Description", "Image\u00a0Description"),
        GOOD.replace("### ", "### \u3000"),
        GOOD.replace("\n", "\r\n").replace(":\r\n", ":  \r\n\r\n"),
    ],
)
def test_realistic_header_variants_are_valid(text):
    v = check_validity(text)
    assert v.valid, v.problems
    assert score_trace(text, solution="70°").answer_correct


def test_a_byte_order_mark_is_tolerated_with_strict_headers_too():
    assert check_validity("\ufeff" + GOOD, config=RewardConfig(lenient_headers=False)).valid
