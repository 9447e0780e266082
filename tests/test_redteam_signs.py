"""One answer is never right for both signs (issue 15, class 1; red-team of 2026-12-08):
no character that shows nothing, no dash drawn as a long bar and no LaTeX box around a
sign may stand between a minus and its number unseen."""

from __future__ import annotations

import unicodedata

import pytest

from stepgrpo_rewards import answers_equivalent
from stepgrpo_rewards.mathtext.symbols import CONTROL_RANGES, DROP_INVISIBLE, INVISIBLE_RANGES
from tests.traces import rewarded, right_everywhere

# One of each kind that showed nothing to the reader: controls (C0, DEL, C1), a Khmer
# inherent vowel, Hangul fillers, variation selectors, a tag letter, the Arabic letter
# mark, a Mongolian selector, deprecated format controls, annotation marks, shorthand
# format controls, musical formatting, the braille blank.
INVISIBLE = ["\x01", "\x06", "\x1b", "\x7f", "\x80", "\x9f", "\u17b4", "\u17b5", "\u115f", "\u1160",
             "\u3164", "\uffa0", "\ufe0f", "\ufe00", "\U000e0100", "\U000e0041", "\U000e0001",
             "\u061c", "\u180b", "\u180f", "\u206a", "\u206f", "\ufff9", "\ufffb", "\U0001bca0",
             "\U0001d173", "\u2800", "\u200b\ufe0f\u2060"]


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(m[0]):04X}" for m in INVISIBLE])
@pytest.mark.parametrize("minus", ["-", "\u2212"])
def test_a_minus_before_an_invisible_character_is_the_number_s(minus, mark):
    answer = f"{minus}{mark}12"
    assert not rewarded(answer, "12")
    assert right_everywhere(answer, "-12")


@pytest.mark.parametrize("answer", ["\u2796\ufe0f12", "\u2e3a12", "\u2e3b12", "\u30fc12", "\uff7012", "\u250012"])
def test_a_dash_drawn_as_a_long_bar_before_digits_is_a_minus(answer):
    assert not rewarded(answer, "12")
    assert right_everywhere(answer, "-12")


@pytest.mark.parametrize("command", ["ensuremath", "textsuperscript", "makebox", "smash", "llap", "rlap",
                                     "clap", "mathllap", "mathrlap"])
def test_a_box_that_typesets_a_minus_is_a_minus(command):
    answer = f"\\{command}{{-}}12"
    assert not rewarded(answer, "12")
    assert right_everywhere(answer, "-12")


@pytest.mark.parametrize("answer", [r"\mp 12", r"\mp12", "∓12", r"\pm 12"])
def test_minus_plus_is_two_values(answer):
    assert not rewarded(answer, "12")
    assert not rewarded(answer, "-12")


@pytest.mark.parametrize("answer", ["12\u30fc", "12\ufe0f", "1\u206a2", "12\x7f", "\U000e004112"])
def test_an_invisible_character_elsewhere_leaves_the_number(answer):
    assert right_everywhere(answer, "12")


def test_a_line_break_between_two_answers_is_no_invisible_character():
    # whitespace and line breaks are not dropped: "12\x0b15" is two lines, two answers
    assert not rewarded("12\x0b15", "12")
    assert not rewarded("12\x0b15", "1215")


@pytest.mark.parametrize("control", ["\x02", "\x06", "\x7f", "\x90"])
def test_a_control_between_digits_separates_them_as_in_key_steps(control):
    assert not answers_equivalent(f"12{control}3", "123")
    assert not rewarded(f"12{control}3", "123")


def test_the_tables_hold_only_characters_that_show_nothing():
    for low, high in INVISIBLE_RANGES:  # dropped
        for code in range(low, high + 1):
            assert DROP_INVISIBLE[code] is None
            # Lo: the Hangul fillers; Mn: selectors, Khmer vowels; Cn: unassigned tags
            assert unicodedata.category(chr(code)) in {"Cf", "Mn", "Lo", "Cn"}, hex(code)
    for low, high in CONTROL_RANGES:  # a space
        for code in range(low, high + 1):
            assert DROP_INVISIBLE[code] == " "
            assert unicodedata.category(chr(code)) == "Cc" and not chr(code).isspace(), hex(code)
