"""Right answers in spellings a grader accepts (issue 15, class 11; red-team of
2026-12-08): Swiss thousands groups and the serial comma."""

from __future__ import annotations

import pytest

from stepgrpo_rewards import answers_equivalent
from tests.traces import rewarded, right_everywhere


@pytest.mark.parametrize(("answer", "gold"), [
    ("1'000", "1000"), ("1’000", "1000"), ("1'000'000", "1000000"), ("-12'500", "-12500"),
    ("10'000.5", "10000.5"), ("1000", "1'000"),
])
def test_swiss_thousands_groups_are_one_number(answer, gold):
    assert right_everywhere(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [
    ("1'00", "100"),      # no group of three: no thousands
    ("5'11", "511"),      # feet and inches
    ("12'", "12"),        # a prime: minutes or feet
    ("1'000", "1"),
    ("1'0000", "10000"),
])
def test_a_prime_that_groups_no_thousands_is_no_separator(answer, gold):
    assert not rewarded(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [
    ("2, and 3", "2, 3"), ("1, 2, and 3", "1, 2, 3"), ("1; 2; and 3", "1, 2, 3"), ("2, and 3", "2 and 3"),
])
def test_the_serial_comma_separates_once(answer, gold):
    assert answers_equivalent(answer, gold)


@pytest.mark.parametrize(("answer", "gold"), [
    ("3, and 2", "2, 3"), ("2, and 4", "2, 3"), ("2, or 3", "2, 3"), ("2, and 3, and 4", "2, 3"),
])
def test_the_serial_comma_keeps_order_and_values(answer, gold):
    assert not answers_equivalent(answer, gold)
