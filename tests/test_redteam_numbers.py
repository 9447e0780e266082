"""Red-team findings of issue 15 on numbers: units, tolerance and scale words.

Each class holds the answers a careful grader marks wrong, in the variants a trained
policy would try (other prefixes, other unit pairs, other spellings of one unit,
sentences around the quantity), and beside them the answers that must stay right, so
that no fix buys its false positives with false negatives.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from stepgrpo_rewards import RewardConfig, answers_equivalent, score_trace
from stepgrpo_rewards.config import DEFAULT_CONFIG
from stepgrpo_rewards.numbers import close, values
from stepgrpo_rewards.units import read_quantity, units_verdict

# ------------------------------------------------------------------------------- units

#: Both sides carry a unit, and the units differ: another unit of the dimension (no
#: conversion makes the values agree), another dimension, noun or currency.
UNITS_DIFFER = [
    # angles
    ("12 rad", "12°"), ("12^\\circ", "12 \\text{ rad}"), ("12 radians", "12 degrees"), ("12°", "12 rad"),
    ("12 deg", "12 rad"), ("$12^{\\circ}$", "12 \\mathrm{rad}"), ("12 rad", "12^\\circ"), ("30º", "30 rad"),
    ("The angle is 12 rad.", "12°"), ("\\angle A = 12 \\text{ rad}", "12^{\\circ}"),
    # SI prefixes, in their case
    ("12 μm", "12 mm"), ("12 µm", "12 mm"), ("12 \\mu m", "12 mm"), ("12 \\mu\\text{m}", "12 mm"), ("12 um", "12 mm"),
    ("12 Mm", "12 mm"), ("12 GHz", "12 Hz"), ("12 mA", "12 A"), ("12 kA", "12 A"), ("12 nm", "12 m"),
    ("12 nm", "12 mm"), ("12 pm", "12 m"), ("12 kV", "12 V"), ("12 MW", "12 kW"), ("12 mW", "12 MW"),
    ("12 ms", "12 s"), ("12 μs", "12 ms"), ("12 ns", "12 s"), ("12 kg", "12 g"), ("12 mg", "12 g"),
    ("12 μg", "12 mg"), ("12 mL", "12 L"), ("12 L", "12 mL"), ("12 cL", "12 L"), ("12 km", "12 m"),
    ("12 dm", "12 m"), ("12 GB", "12 MB"), ("12 kPa", "12 Pa"), ("12 MPa", "12 kPa"), ("12 kJ", "12 J"),
    ("12 kcal", "12 cal"), ("12 mmol", "12 mol"), ("12 kN", "12 N"), ("12 THz", "12 GHz"), ("12 MHz", "12 kHz"),
    ("12 kHz", "12 Hz"), ("12 GW", "12 MW"), ("12 mV", "12 V"), ("12 kΩ", "12 Ω"), ("12 cm", "12 mm"),
    ("12 kilometres", "12 metres"), ("12 milligrams", "12 grams"), ("12 megahertz", "12 hertz"),
    ("12 kWh", "12 Wh"), ("12 kWh", "12 kW"),
    # other systems: no conversion makes them equal
    ("12 km", "12 mi"), ("12 in", "12 cm"), ("12 ft", "12 m"), ("12 lb", "12 kg"), ("12 oz", "12 g"),
    ("12 gal", "12 L"), ("12 mph", "12 km/h"), ("12 feet", "12 yards"), ("12 inches", "12 feet"),
    ("1 mi", "1.609 km"), ("12 acres", "12 hectares"),
    # time
    ("12 h", "12 min"), ("12 min", "12 s"), ("12 days", "12 hours"), ("12 weeks", "12 days"),
    ("12 years", "12 months"), ("12 hours", "12 minutes"), ("12 s", "12 ms"), ("12 years", "12 days"),
    # temperatures
    ("12°C", "12°F"), ("12 °C", "12 °F"), ("12℃", "12℉"), ("12 degrees Celsius", "12 degrees Fahrenheit"),
    ("12 K", "12°C"), ("12^\\circ C", "12^\\circ F"), ("12^{\\circ}\\mathrm{C}", "12^{\\circ}\\mathrm{F}"),
    ("12 kelvin", "12 celsius"), ("12 F", "12°C"), ("12 rad", "12°C"), ("12 degrees C", "12 degrees F"),
    # dimensions
    ("12 square units", "12 cubic units"), ("12 units^2", "12 units^3"), ("12 cm^2", "12 cm"), ("12 cm²", "12 cm³"),
    ("12 sq ft", "12 ft"), ("12 m/s", "12 m"), ("12 m/s", "12 m/s^2"), ("12 N", "12 J"), ("12 W", "12 J"),
    ("12 square meters", "12 meters"), ("12 cubic centimeters", "12 square centimeters"),
    ("12 \\text{cm}^2", "12 \\text{cm}^3"), ("12 m^2", "12 m"), ("12 km/h", "12 km"), ("12 Hz", "12 s"),
    # currencies and cents
    ("12 ¢", "$12"), ("12¢", "$12"), ("12 cents", "$12"), ("12 cents", "12 dollars"), ("$12", "12 cents"),
    ("12 USD", "12 EUR"), ("€12", "$12"), ("£12", "$12"), ("12 euros", "12 dollars"), ("¥12", "$12"),
    ("12 yuan", "12 dollars"), ("\\$12", "12 ¢"), ("12€", "12$"), ("₹12", "$12"), ("12 yen", "12 yuan"),
    ("The price is 12 ¢.", "$12"), ("12 dollars", "12 cents"),
    # nouns and adjectives
    ("12 red apples", "12 green apples"), ("3 apples", "3 oranges"), ("12 boys", "12 girls"),
    ("12 big cats", "12 small cats"), ("5 blue marbles", "5 red marbles"), ("There are 12 red apples.", "12 green apples"),
    ("12 apples (fruit)", "12 oranges"), ("12 oranges!", "12 apples"), ("12 cats", "12 dogs"),
    ("12 apples", "12 cm"), ("12 cm", "12 apples"), ("12 noon", "12 midnight"),
]

#: Both sides carry a unit of one dimension (or the same noun), and the values agree.
UNITS_AGREE = [
    ("100 cm", "1 m"), ("1 km", "1000 m"), ("1000 mm", "1 m"), ("1 m", "100 cm"), ("0.5 kg", "500 g"),
    ("1 L", "1000 mL"), ("1 h", "60 min"), ("90 min", "1.5 h"), ("2 hours", "120 minutes"), ("1 day", "24 hours"),
    ("1 ms", "1000 μs"), ("1000 Hz", "1 kHz"), ("1 GHz", "1000 MHz"), ("1 MHz", "1000 kHz"), ("1 mA", "0.001 A"),
    ("1 μm", "0.001 mm"), ("1 nm", "0.001 μm"), ("π rad", "180°"), ("\\frac{\\pi}{2} \\text{ rad}", "90^\\circ"),
    ("\\pi \\text{ rad}", "180^{\\circ}"), ("12 cm", "12 CM"), ("12 cm", "12 Cm"), ("12 KG", "12 kg"),
    ("12 Km", "12 km"), ("12\\text{ cm}", "12 cm"), ("12 cm^2", "12 \\text{cm}^2"), ("12 cm²", "12 cm^2"),
    ("12 square centimeters", "12 cm^2"), ("12 sq. units", "12 square units"), ("12 units²", "12 square units"),
    ("12 square units", "12 units^2"), ("12 m/s", "12 \\mathrm{m/s}"), ("12 meters per second", "12 m/s"),
    ("36 km/h", "10 m/s"), ("12 m/s^2", "12 m/s²"), ("$12", "12 dollars"), ("\\$12", "12 USD"),
    ("$0.50", "50 cents"), ("50¢", "$0.50"), ("12 apples", "12 apples"), ("12 apple", "12 apples"),
    ("12 Apples", "12 apples"), ("12 red apples", "12 red apples"), ("0°C", "32°F"), ("100 °C", "212 °F"),
    ("273.15 K", "0 °C"), ("12°C", "12 °C"), ("12 ℃", "12°C"), ("12 degrees Celsius", "12°C"),
    ("12°", "12 degrees"), ("12^\\circ", "12°"), ("12 deg", "12°"), ("12 cm", "0.12 m"), ("1 L", "1000 cm^3"),
    ("1 mL", "1 cm^3"), ("12 kilometers", "12 km"), ("12 kilometres", "12 km"), ("12 seconds", "12 s"),
    ("12 sec", "12 s"), ("12 hrs", "12 h"), ("12 in", "12 inches"), ("12 ft", "12 feet"), ("12 lbs", "12 pounds"),
    ("1 ft", "12 in"), ("12 mL", "12 ml"), ("12 MHZ", "12 MHz"), ("12 mhz", "12 MHz"), ("12 GHZ", "12 GHz"),
    ("12 ML", "12 mL"), ("12 mm", "12 MM"), ("The area is 12 cm².", "12 cm^2"), ("AB = 12 cm", "12 cm"),
    ("12 cm long", "12 cm"), ("12 years old", "12 years"), ("It is 12 m tall.", "12 m"),
    ("12 apples in total", "12 apples"), ("$12 million", "12,000,000 dollars"), ("12 mln dollars", "$12,000,000"),
    ("12 kg", "12000 g"), ("5\\,\\text{m}\\,\\text{s}^{-1}", "5 m/s"), ("3 \\times 10^8 m/s", "300000000 m/s"),
    ("1.5e3 m", "1.5 km"), ("2\\sqrt{2} cm", "2\\sqrt{2} cm"), ("\\frac{1}{2} kg", "500 g"), ("12 USD", "$12"),
    ("US$12", "12 dollars"), ("-$12", "-12 dollars"), ("12 €", "€12"), ("12 euros", "12 EUR"),
    # a temperature written loosely: a bare degree, or the scale's letter alone
    ("12°C", "12°"), ("12 degrees", "12 °F"), ("12 C", "12°C"), ("12 F", "12 °F"),
    ("12 kWh", "12000 Wh"), ("1 kWh", "3.6 MJ"), ("12 N*m", "12 N m"), ("1 cal", "4.184 J"),
    ("1 year", "12 months"), ("1 week", "7 days"), ("12 x", "12x"),
]

#: A unit on one side only: the value decides, as before.
UNIT_ONE_SIDE = [
    ("12", "12 cm"), ("12 cm", "12"), ("12 rad", "12"), ("12", "12°"), ("12°C", "12"), ("$12", "12"),
    ("12", "$12"), ("12 apples", "12"), ("12 mm", "12"), ("12 GHz", "12"), ("12", "12 square units"),
    ("The area is 12 cm².", "12"), ("12 μm", "12"), ("12 ¢", "12"), ("12个", "12"), ("12 ms^{-1}", "12"),
]


@pytest.mark.parametrize(("pred", "gold"), UNITS_DIFFER)
def test_different_units_do_not_match(pred, gold):
    assert not answers_equivalent(pred, gold)
    assert not answers_equivalent(gold, pred)


@pytest.mark.parametrize(("pred", "gold"), UNITS_AGREE)
def test_units_of_one_dimension_convert(pred, gold):
    assert answers_equivalent(pred, gold)
    assert answers_equivalent(gold, pred)


@pytest.mark.parametrize(("pred", "gold"), UNIT_ONE_SIDE)
def test_a_unit_on_one_side_only_is_not_checked(pred, gold):
    assert answers_equivalent(pred, gold)


def test_a_wrong_unit_in_a_trace_earns_no_answer_reward():
    trace = "### Image Description:\nd\n### Rationales:\nr\n### Step 1:\nx = 3\n### The final answer is: 12 rad"
    assert not score_trace(trace, "12°", config=RewardConfig(layout="mulberry")).answer_correct
    assert score_trace(trace.replace("rad", "°"), "12°", config=RewardConfig(layout="mulberry")).answer_correct


def test_read_quantity():
    assert read_quantity("12 km/h").dimensions == (("length", 1), ("time", -1))
    assert read_quantity("12 square units").dimensions == (("noun unit", 2),)
    assert read_quantity("$12").dimensions == (("currency USD", 1),)
    assert read_quantity("2x + 1") is None and read_quantity("12") is None and read_quantity("x^2") is None
    assert read_quantity("12 cm and 15 cm") is None  # two values: a list or a hedge, read elsewhere
    assert read_quantity("a" * 300 + " 12 cm") is None  # bounded
    assert units_verdict("12", "12 cm", DEFAULT_CONFIG) is None


@pytest.mark.parametrize("n", [1_000, 100_000])
def test_hostile_unit_text_is_bounded(n):
    # never more than MAX_CHARS characters are read: long text is no quantity
    for text in ("1" + " cm" * n, "1 " + "a" * n, "$" * n + "1", "1" + "^2" * n, "1 " + "square " * n + "m"):
        assert read_quantity(text) is None
        assert not answers_equivalent(text, "1 m")


# --------------------------------------------------------------------------- tolerance

TOLERANCE_DIFFER = [
    ("1234567.5", "1234568"), ("999999.5", "1000000"), ("9.999999e5", "1000000"), ("1000000", "999999.5"),
    ("1234568", "1234567.5"), ("999.9999", "1000"), ("12.001", "12"), ("\\frac{2469135}{2}", "1234568"),
    ("The answer is 1234567.5", "1234568"), ("x = 999999.5", "1000000"), ("9.9999999e6", "10000000"),
    ("1e-330", "2e-330"), ("0", "1e-400"), ("1e-400", "0"), ("1e-330", "0"), ("0", "1e-330"), ("1e-320", "0"),
    ("5e-324", "1e-323"), ("1E-400", "2E-400"), ("10^{-400}", "0"), ("1 \\times 10^{-400}", "0"),
    ("1e400", "2e400"), ("6.6e-34", "1.6e-19"), ("1e-10", "0"), ("1e20", "100000000000000000001"),
    ("2^{60}", "1152921504606846977"), ("1.5e-330", "1.6e-330"), ("-1e-400", "1e-400"),
    ("3.14159", "3.14"), ("3.14", "3.14159"),
]

TOLERANCE_AGREE = [
    ("70.0000001", "70"), ("12.0000000001", "12"), ("1234567.5", "1234567.5"), ("2469135/2", "1234567.5"),
    ("1e-330", "1.0e-330"), ("1e-330", "10e-331"), ("1.5e-330", "1.5e-330"), ("1e400", "1e400"),
    ("1e400", "10^{400}"), ("1e20", "100000000000000000000"), ("2^{60}", "1152921504606846976"),
    ("0.5", "1/2"), ("0.3333333", "1/3"), ("1e6", "1000000"), ("1.0e6", "1000000"), ("3.140", "3.14"),
    ("1e-400", "10^{-400}"), ("12", "12.0"),
]


@pytest.mark.parametrize(("pred", "gold"), TOLERANCE_DIFFER)
def test_values_apart_do_not_match(pred, gold):
    assert not answers_equivalent(pred, gold)


@pytest.mark.parametrize(("pred", "gold"), TOLERANCE_AGREE)
def test_equal_values_match(pred, gold):
    assert answers_equivalent(pred, gold)


def test_close_rules():
    cfg = DEFAULT_CONFIG
    assert not close(1234567.0, 1234568.0, cfg)  # integers exactly
    assert not close(1234567.5, 1234568.0, cfg) and not close(999999.9, 1e6, cfg)  # not a fraction of a unit
    assert close(70.0000001, 70.0, cfg)  # float noise
    assert not close(Fraction(1, 10**400), 0.0, cfg) and not close(float("inf"), float("inf"), cfg)
    assert not close(float("nan"), Fraction(1), cfg)
    assert values("1e-400", cfg) == [Fraction(1, 10**400)]
    assert values("1e999999999", cfg) is None  # beyond the parser's bounds: no value, no hang


# ------------------------------------------------------------------------------- scale

SCALE_DIFFER = [
    ("12 mln", "12"), ("12 gross", "12"), ("12 score", "12"), ("12 Mln", "12"), ("12 mio", "12"), ("12 mrd", "12"),
    ("12 bln", "12"), ("12 grand", "12"), ("The answer is 12 mln.", "12"), ("12 mln", "12 000"),
    ("$12$ mln", "12"), ("12 MLN", "12"), ("12mln", "12"), ("12 myriad", "12"), ("\\boxed{12} mln", "12"),
    ("12 tsd", "12"), ("12 tys", "12"), ("12 mille", "12"), ("12 millones", "12"), ("12 Milliarden", "12"),
    ("12 trn", "12"), ("12 lakhs", "12"), ("12 crores", "12"), ("12 dozens", "12"), ("12 Mio.", "12"),
    # a scale whose factor depends on the reader gives no value at all
    ("12 mil", "12"), ("12 mil", "12000"), ("12 bil", "12"), ("12 tn", "12"),
]

SCALE_AGREE = [
    ("12 mln", "12000000"), ("12 gross", "1728"), ("12 score", "240"), ("12 mln", "12 million"),
    ("12 grand", "12000"), ("1.5 mln", "1500000"), ("12 mrd", "12000000000"), ("4 score", "80"),
    ("12 millionen", "12000000"), ("12 tsd", "12000"), ("12 scores", "240"), ("12 miles", "12"),
]


@pytest.mark.parametrize(("pred", "gold"), SCALE_DIFFER)
def test_scale_words_are_no_bare_number(pred, gold):
    assert not answers_equivalent(pred, gold)


@pytest.mark.parametrize(("pred", "gold"), SCALE_AGREE)
def test_scale_words_multiply(pred, gold):
    assert answers_equivalent(pred, gold)


# ------------------------------------------------------------ more spellings of a unit

MORE_DIFFER = [
    ("12 (rad)", "12°"), ("12 [rad]", "12°"), ("12 ㎜", "12 cm"), ("12 ㎝", "12 mm"), ("１２ ｍｍ", "12 cm"),
    ("12 K", "12 ℃"), ("12米", "12厘米"), ("12厘米", "12毫米"), ("12千克", "12克"), ("12个苹果", "12个橘子"),
    ("12平方米", "12立方米"), ("12元", "12美元"), ("12小时", "12分钟"), ("12度", "12 rad"),
    ("\\SI{12}{\\milli\\metre}", "12 cm"), ("\\SI{12}{cm}", "12 mm"), ("12 \\si{\\kilo\\gram}", "12 g"),
    ("12 m^9^9^9^9^9^9", "12 m"), ("12 m squared squared squared squared squared", "12 m"),
    ("$12 USD", "12 cents"), ("12 ms^{-1}", "12 km/h"), ("12 \\text{rad}", "12 \\text{deg}"),
    # percent, bits and bytes, what a quantity is of
    ("12%", "12 cm"), ("12 %", "12 apples"), ("12 bps", "12%"), ("12 MB", "12 Mb"), ("3 kg of flour", "3 kg of sugar"),
    ("3 cups of flour", "3 cups of sugar"), ("12 мм", "12 cm"), ("12 αβ", "12 cm"), ("12 cm3", "12 cm^2"),
]

MORE_AGREE = [
    ("12 (cm)", "12 cm"), ("12 ㎝", "12 cm"), ("１２ ｃｍ", "12 cm"), ("12 ℃", "12°C"), ("12 K", "12 K"),
    ("1米", "100厘米"), ("12千克", "12 kg"), ("12个苹果", "12个苹果"), ("12万元", "120000元"), ("1公里", "1 km"),
    ("\\SI{12}{\\centi\\metre}", "12 cm"), ("\\SI{12}{cm}", "0.12 m"), ("12 \\si{\\kilo\\gram}", "12 kg"),
    ("\\qty{12}{\\metre\\per\\second}", "12 m/s"), ("$12 USD", "$12"), ("12 ms^{-1}", "12 m/s"),
    ("12 m s^{-2}", "12 m/s^2"), ("12 degrees C", "12°C"), ("12 \\degree C", "12 °C"), ("12 摄氏度", "12°C"),
    ("12 km²", "12000000 m^2"), ("12度", "12°"),
    ("12 percent", "12%"), ("12 pct", "12%"), ("1200 bps", "12%"), ("12 percentage points", "12%"),
    ("1 MB", "8 Mb"), ("50% of the students", "50%"), ("3 kg of flour", "3000 g of flour"), ("3 kg of flour", "3 kg"),
    ("12 см", "12 cm"), ("12 m2", "12 m^2"), ("12 cm3", "12 cm^3"), ("12 M", "12 M"),
]


@pytest.mark.parametrize(("pred", "gold"), MORE_DIFFER)
def test_other_spellings_of_different_units_differ(pred, gold):
    assert not answers_equivalent(pred, gold)
    assert not answers_equivalent(gold, pred)


@pytest.mark.parametrize(("pred", "gold"), MORE_AGREE)
def test_other_spellings_of_one_unit_agree(pred, gold):
    assert answers_equivalent(pred, gold)
    assert answers_equivalent(gold, pred)
