"""Tests of the built-in synthetic dataset (examples/synthetic_data.py)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from stepgrpo_trl.demo import synthetic_data as sd

N = 70  # ten of each kind

SECTION_RE = re.compile(r"^### (Image Description:|Rationales:|Let's think step by step\.|Step (\d+):|The final answer is:)", re.M)


@pytest.fixture(scope="module")
def examples() -> list[sd.SyntheticExample]:
    return sd.generate_examples(N, seed=0)


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def _sections(solution: str) -> list[str]:
    return [m.group(1) for m in SECTION_RE.finditer(solution)]


def _step_texts(solution: str) -> list[str]:
    parts = re.split(r"^### Step \d+:\n", solution, flags=re.M)[1:]
    parts[-1] = parts[-1].split("### The final answer is:")[0]
    return [p.strip() for p in parts]


def _final(solution: str) -> str:
    return solution.rsplit("### The final answer is:", 1)[1].strip()


# ------------------------------------------------------------------ determinism and coverage

def test_deterministic_including_image_bytes():
    a = sd.generate_examples(21, seed=7)
    b = sd.generate_examples(21, seed=7)
    for x, y in zip(a, b, strict=True):
        assert (x.id, x.question, x.solution, x.answer, x.key_steps, x.options) == (
            y.id, y.question, y.solution, y.answer, y.key_steps, y.options)
        assert _png(x.image) == _png(y.image)


def test_prefix_stable_and_seeds_differ():
    short, long = sd.generate_examples(7, seed=1), sd.generate_examples(14, seed=1)
    assert [e.solution for e in short] == [e.solution for e in long[:7]]
    other = sd.generate_examples(14, seed=2)
    assert [e.id for e in other] == [e.id for e in long]
    assert sum(x.solution != y.solution for x, y in zip(long, other, strict=True)) >= 12
    assert sum(x.image.tobytes() != y.image.tobytes() for x, y in zip(long, other, strict=True)) >= 12


def test_every_kind_produced(examples):
    assert {e.kind for e in examples} == set(sd.KINDS)
    assert len(sd.KINDS) >= 7
    assert len({e.id for e in examples}) == N
    for i, e in enumerate(examples):
        assert e.id == f"{e.kind}-{i:05d}"


def test_kinds_argument_and_bad_input():
    only = sd.generate_examples(5, seed=0, kinds=["clock"])
    assert {e.kind for e in only} == {"clock"}
    with pytest.raises(ValueError):
        sd.generate_examples(3, kinds=["nope"])
    with pytest.raises(ValueError):
        sd.generate_examples(-1)
    assert sd.generate_examples(0) == []


def test_images(examples):
    for e in examples:
        assert e.image.mode == "RGB" and e.image.size == (336, 336)
        assert min(lo for lo, _ in e.image.getextrema()) < 128  # something dark was drawn
    small = sd.generate_examples(7, seed=0, image_size=224)
    assert all(e.image.size == (224, 224) for e in small)


def test_generates_every_requested_example():
    examples = sd.generate_examples(140, seed=3)
    assert len(examples) == 140 and len({e.id for e in examples}) == 140


# ------------------------------------------------------------------ trace format

def test_solution_sections_in_order(examples):
    for e in examples:
        secs = _sections(e.solution)
        assert secs[:3] == ["Image Description:", "Rationales:", "Let's think step by step."], e.id
        assert secs[-1] == "The final answer is:", e.id
        steps = secs[3:-1]
        assert 2 <= len(steps) <= 4, e.id
        assert steps == [f"Step {i}:" for i in range(1, len(steps) + 1)], e.id
        assert e.solution.startswith("### Image Description:\n")
        assert e.solution.count("### The final answer is:") == 1
        assert all(t for t in _step_texts(e.solution)), e.id


def test_final_answer_equals_gold(examples):
    for e in examples:
        assert _final(e.solution) == e.answer, e.id


def test_wording_varies_within_a_kind():
    many = sd.generate_examples(7 * 30, seed=11)
    for kind in sd.KINDS:
        shapes = {re.sub(r"\d+", "#", "\n".join(_step_texts(e.solution))) for e in many if e.kind == kind}
        assert len(shapes) >= 3, kind


# ------------------------------------------------------------------ key steps

def test_key_steps_found_in_steps(examples):
    for e in examples:
        assert 2 <= len(e.key_steps) <= 5, e.id
        steps = "\n".join(_step_texts(e.solution)).lower()
        for group in e.key_steps:
            assert 1 <= len(group) <= 4 and all(isinstance(a, str) and a for a in group), e.id
            assert len(set(group)) == len(group), e.id
            assert any(a.lower() in steps for a in group), (e.id, group)
            # intermediate elements, never the bare final answer
            assert e.answer not in group, (e.id, group)
            for alt in group:
                if not re.search(r"[\d=+\-*×<>:]", alt):  # a textual phrase
                    assert len(alt.split()) <= 3, (e.id, alt)


# ------------------------------------------------------------------ multiple choice

def test_multiple_choice(examples):
    mc = [e for e in examples if e.options is not None]
    assert {e.kind for e in mc} >= {"clock", "triangle"}
    assert len(mc) < len(examples)  # some free-form too
    for e in mc:
        assert list(e.options) == ["A", "B", "C", "D"], e.id
        assert len(set(e.options.values())) == 4, e.id
        assert e.answer in e.options, e.id
        for letter, value in e.options.items():
            assert f"\n{letter}. {value}" in e.question, e.id
        assert e.options[e.answer] == str(e.meta["correct"]), e.id
    for e in examples:
        if e.options is None:
            assert e.answer == str(e.meta["correct"]), e.id
            assert re.fullmatch(r"\d+( cm| cm²|°)?", e.answer), e.id


# ------------------------------------------------------------------ arithmetic, recomputed

def _expected(e: sd.SyntheticExample):
    m = e.meta
    if e.kind in ("bar_chart", "table"):
        val = dict(zip(m["names"], m["values"], strict=True))
        assert len(set(m["values"])) == len(m["values"])
        if m["subtype"] == "difference":
            assert val[m["a"]] > val[m["b"]]
            return val[m["a"]] - val[m["b"]]
        if m["subtype"] == "sum":
            return val[m["a"]] + val[m["b"]]
        if m["subtype"] == "total":
            return sum(m["values"])
        return max(val, key=val.get)
    if e.kind == "shapes":
        c = m["counts"]
        if m["subtype"] == "count":
            return c[m["target"]]
        if m["subtype"] == "total":
            return sum(c.values())
        assert c[m["a"]] > c[m["b"]]
        return c[m["a"]] - c[m["b"]]
    if e.kind == "triangle":
        a, b = m["angles"]
        return f"{180 - a - b}°"
    if e.kind == "segment":
        assert m["ac"] + m["cb"] == m["ab"]
        return f"{m['ab'] if m['subtype'] == 'find_ab' else m['cb']} cm"
    if e.kind == "clock":
        assert 1 <= m["hour"] <= 12 and m["minute"] % 5 == 0 and 0 <= m["minute"] < 60
        return f"{m['hour']}:{m['minute']:02d}"
    if e.kind == "rectangle":
        return f"{m['width'] * m['height']} cm²"
    raise AssertionError(e.kind)


def test_arithmetic_recomputed():
    for e in sd.generate_examples(7 * 40, seed=5):
        expected = str(_expected(e))
        assert str(e.meta["correct"]) == expected, e.id
        got = e.options[e.answer] if e.options else e.answer
        assert got == expected, e.id


def test_numbers_in_steps_are_consistent():
    """Every 'x op y = z' written in a solution is true arithmetic."""
    pat = re.compile(r"(\d+(?:\s*(?:°|\^\\circ|cm)?\s*[-+−]\s*\d+)+)\s*(?:°|\^\\circ|cm)?\s*=\s*(\d+)")
    mul = re.compile(r"(\d+)\s*(?:×|\*|\\times|x)\s*(\d+)\s*=\s*(\d+)")
    checked = 0
    for e in sd.generate_examples(7 * 30, seed=9):
        text = "\n".join(_step_texts(e.solution))
        for lhs, rhs in pat.findall(text):
            expr = re.sub(r"°|\^\\circ|cm", "", lhs).replace("−", "-")
            assert eval(expr) == int(rhs), (e.id, lhs, rhs)  # noqa: S307 - digits and +/- only
            checked += 1
        for x, y, z in mul.findall(text):
            assert int(x) * int(y) == int(z), (e.id, x, y, z)
            checked += 1
    assert checked >= 150


# ------------------------------------------------------------------ writing to disk

def test_write_dataset(tmp_path):
    path = sd.write_dataset(tmp_path / "ds", 9, seed=4, split="val", image_size=128)
    assert path == tmp_path / "ds" / "val.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9
    expected = sd.generate_examples(9, seed=4, image_size=128)
    for line, e in zip(lines, expected, strict=True):
        rec = json.loads(line)
        assert {"id", "image", "problem", "solution", "answer", "key_steps", "kind"} <= set(rec)
        assert rec["image"] == f"images/{e.id}.png" and not Path(rec["image"]).is_absolute()
        assert (rec["id"], rec["problem"], rec["solution"], rec["answer"], rec["key_steps"], rec["kind"]) == (
            e.id, e.question, e.solution, e.answer, e.key_steps, e.kind)
        with Image.open(path.parent / rec["image"]) as img:
            img.load()
            assert img.size == (128, 128)
            assert img.convert("RGB").tobytes() == e.image.tobytes()


def test_script(tmp_path):
    """The documented command line, ``python examples/synthetic_data.py``."""
    script = Path(__file__).resolve().parent.parent / "examples" / "synthetic_data.py"
    out = tmp_path / "out"
    res = subprocess.run(
        [sys.executable, str(script), "--out", str(out), "--n", "7", "--seed", "3", "--split", "test"],
        capture_output=True, text=True, timeout=60,
    )
    assert res.returncode == 0, res.stderr
    lines = (out / "test.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7
    assert len(list((out / "images").glob("*.png"))) == 7


# ------------------------------------------------------------------ against the core scorer

def test_reference_solutions_score_perfectly(examples):
    from stepgrpo_rewards import score_trace

    for e in examples:
        s = score_trace(e.solution, e.solution, e.key_steps, question=e.question)
        assert s.answer_correct, (e.id, s.predicted_answer, s.gold_answer, s.problems)
        assert s.valid, (e.id, s.problems)
        assert s.key_step_ratio == 1.0, (e.id, s.to_dict(explain=True))
