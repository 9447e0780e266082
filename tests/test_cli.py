"""The ``stepgrpo-score`` command line: formats, columns, order, bad input, summary, output."""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import math
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stepgrpo_rewards import RewardConfig, score_trace
from stepgrpo_rewards.cli import score as cli
from stepgrpo_rewards.cli.score import main


def _trace(answer: str, *, rationales: bool = True, steps: tuple[str, ...] = (
        "The rectangle is 3 by 4.", "Its area is 3*4=12.")) -> str:
    parts = ["### Image Description:\nA rectangle with sides labelled 3 cm and 4 cm.\n"]
    if rationales:
        parts.append("### Rationales:\nThe area of a rectangle is width times height.\n")
    parts.append("### Let's think step by step.\n")
    parts += [f"### Step {i}:\n{text}\n" for i, text in enumerate(steps, 1)]
    parts.append(f"### The final answer is: {answer}")
    return "\n".join(parts)


SOLUTION = _trace("12")
KEY_STEPS = [["3*4=12", "3 × 4 = 12"], ["area"], ["rectangle"]]
RECORDS = [
    {"id": "a", "completion": _trace("12"), "solution": SOLUTION, "key_steps": KEY_STEPS,
     "question": "What is the area?"},
    {"id": "b", "completion": _trace("13", steps=("It is a shape.",)), "solution": SOLUTION,
     "key_steps": KEY_STEPS, "question": "What is the area?"},
    {"id": "c", "completion": _trace("12", rationales=False), "solution": "12",
     "key_steps": ["area", "3*4=12"], "question": "What is the area?"},
    {"id": "d", "completion": "The answer is 12.", "solution": SOLUTION, "key_steps": None,
     "question": None},
]


def _expected(rec: dict, *, config: RewardConfig | None = None, explain: bool = False,
              index: int = 0, **cols: str) -> dict:
    c = cols.get("completion", "completion")
    s = cols.get("solution", "solution")
    k = cols.get("key_steps", "key_steps")
    q = cols.get("question", "question")
    score = score_trace(rec[c], rec.get(s), rec.get(k), question=rec.get(q), config=config)
    head = {"index": index}
    if "id" in rec:
        head["id"] = rec["id"]
    return json.loads(json.dumps(head | score.to_dict(explain=explain)))


def _write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _run(*args: str | Path) -> int:
    return main([str(a) for a in args])


# --------------------------------------------------------------------------- formats


def _csv(path: Path, records: list, delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(records[0]), delimiter=delimiter)
        w.writeheader()
        for r in records:
            w.writerow({k: json.dumps(v) if isinstance(v, list) else ("" if v is None else v)
                        for k, v in r.items()})
    return path


def _parquet(path: Path, records: list) -> Path:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [r | {"key_steps": r["key_steps"] and json.dumps(r["key_steps"])} for r in records]
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def _hf(path: Path, records: list) -> Path:
    datasets = pytest.importorskip("datasets")
    rows = [r | {"key_steps": r["key_steps"] and json.dumps(r["key_steps"])} for r in records]
    datasets.Dataset.from_list(rows).save_to_disk(str(path))
    return path


WRITERS = {
    "jsonl": lambda p, r: _write_jsonl(p / "in.jsonl", r),
    "json": lambda p, r: (p / "in.json").write_text(json.dumps(r, indent=1)) and p / "in.json",
    "hf-json-lines": lambda p, r: _write_jsonl(p / "in.json", r),
    "csv": lambda p, r: _csv(p / "in.csv", r),
    "tsv": lambda p, r: _csv(p / "in.tsv", r, "\t"),
    "parquet": lambda p, r: _parquet(p / "in.parquet", r),
    "hf": lambda p, r: _hf(p / "ds", r),
}


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_every_input_format_gives_the_same_records(tmp_path: Path, fmt: str) -> None:
    src = WRITERS[fmt](tmp_path, RECORDS)
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert got == [_expected(r, index=i) for i, r in enumerate(RECORDS)]


def test_gzip_and_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    data = "".join(json.dumps(r) + "\n" for r in RECORDS).encode()
    gz = tmp_path / "in.jsonl.gz"
    gz.write_bytes(gzip.compress(data))
    assert _run(gz, "-q") == 0
    from_gz = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert _run("-", "-q") == 0
    from_stdin = capsys.readouterr().out
    assert from_gz == from_stdin
    assert [json.loads(x) for x in from_stdin.splitlines()] == [
        _expected(r, index=i) for i, r in enumerate(RECORDS)]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(json.dumps(RECORDS).encode())))
    assert _run("-", "-q") == 0  # a JSON list on stdin
    assert capsys.readouterr().out == from_stdin
    # gzip on stdin (`cat in.jsonl.gz | stepgrpo-score -`) is read as the .gz file is; it
    # gave one invalid_json record per compressed "line", and exit 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(data))))
    assert _run("-", "-q") == 0
    assert capsys.readouterr().out == from_stdin


def test_records_split_across_read_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stepgrpo_rewards import io_records

    monkeypatch.setattr(io_records, "_JSONL_BLOCK", 7)
    expected = [_expected(r, index=i) for i, r in enumerate(RECORDS)]
    lines = "\r\n\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS)
    jsonl, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    jsonl.write_bytes(b"\xef\xbb\xbf" + lines.encode())  # BOM, CRLF, blank lines, no final newline
    assert _run(jsonl, "-o", out, "-q") == 0
    assert _read_jsonl(out) == expected
    as_list = tmp_path / "in.json"
    as_list.write_text(json.dumps(RECORDS, indent=2, ensure_ascii=False) + "\n")
    assert _run(as_list, "-o", out, "-q") == 0
    assert _read_jsonl(out) == expected


def test_empty_input_gives_empty_output(tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text("")
    assert _run(src, "-o", out, "--summary-json", tmp_path / "s.json") == 0
    assert out.read_text() == ""
    assert json.loads((tmp_path / "s.json").read_text())["records"] == 0


# --------------------------------------------------------------------------- columns


def test_column_flags_and_problem_as_question(tmp_path: Path) -> None:
    renamed = [{"out": r["completion"], "ref": r["solution"], "ks": r["key_steps"],
                "problem": r["question"]} for r in RECORDS]
    out = tmp_path / "out.jsonl"
    src = _write_jsonl(tmp_path / "in.jsonl", renamed)
    assert _run(src, "-o", out, "-q", "--completion", "out", "--solution", "ref",
                "--key-steps", "ks") == 0
    cols = {"completion": "out", "solution": "ref", "key_steps": "ks", "question": "problem"}
    assert _read_jsonl(out) == [_expected(r, index=i, **cols) for i, r in enumerate(renamed)]
    assert _run(src, "-o", out, "-q", "--completion", "out", "--solution", "ref",
                "--key-steps", "ks", "--question", "problem") == 0
    assert _read_jsonl(out) == [_expected(r, index=i, **cols) for i, r in enumerate(renamed)]


def test_conversational_completions(tmp_path: Path) -> None:
    chats = []
    for i, r in enumerate(RECORDS):
        text = r["completion"]
        if i % 2:
            text = [{"type": "text", "text": text[:20]}, {"type": "text", "text": text[20:]}]
        chats.append(r | {"completion": [{"role": "user", "content": "hi"},
                                         {"role": "assistant", "content": text}]})
    out = tmp_path / "out.jsonl"
    assert _run(_write_jsonl(tmp_path / "in.jsonl", chats), "-o", out, "-q") == 0
    assert _read_jsonl(out) == [_expected(r, index=i) for i, r in enumerate(RECORDS)]


def test_config_flags(tmp_path: Path) -> None:
    src, out = _write_jsonl(tmp_path / "in.jsonl", RECORDS), tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q", "--alpha", "0.5", "--config", "key_step_scope=all",
                "--config", "lenient_headers=false") == 0
    config = RewardConfig(alpha=0.5, key_step_scope="all", lenient_headers=False)
    assert _read_jsonl(out) == [_expected(r, index=i, config=config)
                                for i, r in enumerate(RECORDS)]


@pytest.mark.parametrize("bad", [["--config", "nope=1"], ["--config", "alpha"],
                                 ["--config", "alpha=x"], ["--alpha", "-1"],
                                 ["--fuzzy-threshold", "101"], ["--workers", "-1"],
                                 ["--key-step-scope", "everything"]])
def test_bad_arguments_exit_2(tmp_path: Path, bad: list[str],
                              capsys: pytest.CaptureFixture[str]) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert _run(src, *bad) == 2
    assert "error" in capsys.readouterr().err


def test_unreadable_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path / "missing.jsonl") == 2
    assert "no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text('[{"completion": "a"}, {"completion": ')
    out = tmp_path / "out.jsonl"
    assert _run(broken, "-o", out) == 2
    assert "malformed JSON list" in capsys.readouterr().err
    assert not out.exists()


# --------------------------------------------------------------------------- order, workers


def test_workers_keep_input_order(tmp_path: Path) -> None:
    many = [RECORDS[i % len(RECORDS)] | {"id": i} for i in range(300)]
    src = _write_jsonl(tmp_path / "in.jsonl", many)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert _run(src, "-o", one, "-q") == 0
    assert _run(src, "-o", two, "-q", "--workers", "2", "--chunk-size", "7") == 0
    assert one.read_bytes() == two.read_bytes()
    assert [r["index"] for r in _read_jsonl(two)] == list(range(300))
    assert [r["id"] for r in _read_jsonl(two)] == list(range(300))


# --------------------------------------------------------------------------- bad input


BAD_LINES = [
    json.dumps(RECORDS[0]),
    '{"completion": "unterminated',
    "",
    json.dumps([1, 2]),
    json.dumps({"solution": "12"}),
    json.dumps({"completion": 12, "id": "n"}),
    json.dumps({"completion": [{"role": "assistant", "content": {"x": 1}}]}),
    json.dumps(RECORDS[1]),
]


def test_bad_records_are_written_and_counted(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(BAD_LINES) + "\n")
    out, summ = tmp_path / "out.jsonl", tmp_path / "s.json"
    assert _run(src, "-o", out, "-q", "--summary-json", summ) == 0
    got = _read_jsonl(out)
    assert len(got) == len([x for x in BAD_LINES if x])  # the blank line is not a record
    assert [r["index"] for r in got] == list(range(len(got)))
    assert got[0] == _expected(RECORDS[0], index=0)
    assert got[-1] == _expected(RECORDS[1], index=6)
    errors = got[1:6]
    assert [e["error"].split(":")[0] for e in errors] == [
        "invalid_json", "not_an_object", "missing_column", "wrong_type", "wrong_type"]
    assert [e["line"] for e in errors] == [2, 4, 5, 6, 7]
    assert errors[3]["id"] == "n"
    assert all(set(e) <= {"index", "id", "line", "error"} for e in errors)
    s = json.loads(summ.read_text())
    assert (s["records"], s["scored"], s["errors"]) == (7, 2, 5)
    assert s["errors_by_kind"] == {"wrong_type": 2, "invalid_json": 1, "not_an_object": 1,
                                   "missing_column": 1}


def test_csv_short_row_is_a_bad_record(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('id,solution,completion\nx,12,"### The final answer is: 12"\ny,12\n')
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert "error" not in got[0] and got[0]["id"] == "x"
    assert got[1]["error"].startswith("invalid_csv: the row has 2 cells, the header 3") and got[1]["line"] == 3


def test_csv_short_row_missing_an_optional_column_is_not_scored(tmp_path: Path) -> None:
    # without key_steps the row would score, silently losing its key-step credit
    src = tmp_path / "in.csv"
    src.write_text('completion,solution,key_steps\n"### The final answer is: 4",4\n')
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q") == 0
    (got,) = _read_jsonl(out)
    assert "no cell for key_steps" in got["error"] and "answer_correct" not in got


@pytest.mark.parametrize("end", [b"\r", b"\r\n", b"\n"])
def test_json_lines_with_any_line_ending(tmp_path: Path, end: bytes) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"completion": f"### The final answer is: {n}", "solution": str(n)}).encode()
             for n in range(3)]
    src.write_bytes(end.join(lines) + end)
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert [g["answer_correct"] for g in got] == [True, True, True]
    assert [g["predicted_answer"] for g in got] == ["0", "1", "2"]


def test_json_lines_cr_lf_split_across_read_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stepgrpo_rewards.cli import records

    monkeypatch.setattr(records, "_JSONL_BLOCK", 7)  # every \r\n lands on some block edge
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"completion": "### The final answer is: 1", "solution": "1"}\r\n\r\n'
                    b'{"completion": "### The final answer is: 2", "solution": "2"}\r\n')
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q") == 0
    assert [g["predicted_answer"] for g in _read_jsonl(out)] == ["1", "2"]


def test_strict_stops_with_the_line_number(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(BAD_LINES) + "\n")
    out = tmp_path / "out.jsonl"
    out.write_text("previous results\n")
    assert _run(src, "-o", out, "--strict") == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "invalid_json" in err
    assert out.read_text() == "previous results\n"  # untouched
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "out.jsonl"]  # no temp file left
    # standard output: the records before the bad one are written, then it stops
    assert _run(src, "--strict", "-q") == 2
    cap = capsys.readouterr()
    assert len(cap.out.splitlines()) == 1 and "line 2" in cap.err


def test_strict_stops_on_input_problems(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    long = [RECORDS[0], RECORDS[0] | {"completion": "x" * 500}]
    src = _write_jsonl(tmp_path / "in.json", long)
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q", "--config", "max_completion_chars=400") == 0
    assert "input_too_long" in " ".join(_read_jsonl(out)[1]["problems"])
    assert _run(src, "-o", out, "--strict", "--config", "max_completion_chars=400") == 2
    assert "line 2: input_too_long" in capsys.readouterr().err


def test_parquet_strict_names_the_record(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    src = _parquet(tmp_path / "in.parquet", RECORDS)
    assert _run(src, "--strict", "--completion", "nope") == 2
    err = capsys.readouterr().err
    assert "no column 'nope'" in err and "record 1 (index 0): missing_column" in err


# --------------------------------------------------------------------------- output


def test_explain(tmp_path: Path) -> None:
    src, out = _write_jsonl(tmp_path / "in.jsonl", RECORDS), tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q", "--explain") == 0
    assert _read_jsonl(out) == [_expected(r, index=i, explain=True)
                                for i, r in enumerate(RECORDS)]


def test_summary_json_matches_the_records(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    many = RECORDS * 3 + [{"id": "e", "completion": 5}]
    src, out, summ = _write_jsonl(tmp_path / "in.jsonl", many), tmp_path / "o", tmp_path / "s"
    assert _run(src, "-o", out, "--summary-json", summ, "--chunk-size", "5") == 0  # 3 chunks merged
    recs = [r for r in _read_jsonl(out) if "error" not in r]
    s = json.loads(summ.read_text())
    assert (s["records"], s["scored"], s["errors"]) == (13, 12, 1)
    assert s["answer_accuracy"] == pytest.approx(statistics.mean(r["answer_correct"]
                                                                 for r in recs))
    assert s["validity_rate"] == pytest.approx(statistics.mean(r["valid"] for r in recs))
    with_ks = [r["key_step_ratio"] for r in recs if r["key_steps_total"]]
    assert s["records_with_key_steps"] == len(with_ks)
    assert s["key_step_ratio_mean"] == pytest.approx(statistics.mean(with_ks))
    for key, field in (("step_rar", "accuracy"), ("step_rvr", "validity"), ("total", "total")):
        values = [r[field] for r in recs]
        assert s[key]["mean"] == pytest.approx(statistics.mean(values))
        assert s[key]["std"] == pytest.approx(statistics.pstdev(values), abs=1e-12)
        assert (s[key]["min"], s[key]["max"]) == (min(values), max(values))
    kinds: dict[str, int] = {}
    for r in recs:
        for k in {p.split(":")[0] for p in r["problems"]}:
            kinds[k] = kinds.get(k, 0) + 1
    assert s["problems_by_kind"] == kinds
    assert s["config"] == json.loads(json.dumps(
        {f: getattr(RewardConfig(), f) for f in s["config"]}))
    table = capsys.readouterr().err
    for label in ("records", "errors", "answer accuracy", "validity rate",
                  "mean key-step ratio", "StepRAR", "StepRVR", "total", "problems by kind"):
        assert label in table
    assert f"{s['answer_accuracy']:.4f}" in table


def test_group_tie_fraction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, wrong = RECORDS[0], RECORDS[1]
    assert score_trace(good["completion"], good["solution"], good["key_steps"]).total != \
        score_trace(wrong["completion"], wrong["solution"], wrong["key_steps"]).total
    rows = [good | {"prompt_id": "A"}, good | {"prompt_id": "A"},  # A: all tie
            good | {"prompt_id": "B"}, wrong | {"prompt_id": "B"},  # B: differ
            wrong | {"prompt_id": "C"},  # C: one record, advantage 0 too
            good | {"prompt_id": "A"}, good | {"prompt_id": None}]
    src, summ = _write_jsonl(tmp_path / "in.jsonl", rows), tmp_path / "s.json"
    assert _run(src, "-o", tmp_path / "o", "--group", "prompt_id", "--summary-json", summ,
                "--chunk-size", "2", "--workers", "2") == 0  # groups span chunks and workers
    g = json.loads(summ.read_text())["groups"]
    assert g == {"groups": 3, "all_tied": 2, "tie_fraction": pytest.approx(2 / 3),
                 "singletons": 1, "records_without_group": 1}
    assert [r["group"] for r in _read_jsonl(tmp_path / "o")] == list("AABBCA") + [None]
    assert "66.7% of groups" in capsys.readouterr().err


def test_plot(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    src, png = _write_jsonl(tmp_path / "in.jsonl", RECORDS), tmp_path / "hist.png"
    assert _run(src, "-o", tmp_path / "o", "-q", "--plot", png) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_progress_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert _run(src, "-o", tmp_path / "o", "-q") == 0
    assert capsys.readouterr().err == ""  # stderr is not a terminal
    assert _run(src, "-o", tmp_path / "o", "-q", "--progress") == 0
    err = capsys.readouterr().err
    assert "scoring: 100%" in err and "4 records" in err  # tqdm's bar, by bytes read
    as_list = tmp_path / "in.json"
    as_list.write_text(json.dumps(RECORDS))
    assert _run(as_list, "-o", tmp_path / "o", "-q", "--progress") == 0
    err = capsys.readouterr().err
    assert "scoring: 100%" in err and "4 records" in err


def test_progress_without_tqdm_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as if not installed
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert _run(src, "-o", tmp_path / "o", "-q", "--progress") == 0
    assert capsys.readouterr().err == ('stepgrpo-score: note: no progress bar without tqdm: '
                                       'pip install tqdm\n')


def test_atomic_write_leaves_no_temp_file(tmp_path: Path) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    os.chmod(out, 0o640)
    assert _run(src, "-o", out, "-q", "--summary-json", tmp_path / "s.json") == 0
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl", "out.jsonl", "s.json"]
    assert len(_read_jsonl(out)) == len(RECORDS)
    assert os.stat(out).st_mode & 0o777 == 0o640  # the old file's mode is kept


def test_unexpected_error_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "score_trace", boom)
    src, out = _write_jsonl(tmp_path / "in.jsonl", RECORDS), tmp_path / "out.jsonl"
    assert _run(src, "-o", out) == 1
    assert "RuntimeError: boom" in capsys.readouterr().err
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl"]


def test_module_entry_point_and_lazy_imports(tmp_path: Path) -> None:
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS[:1])
    code = ("import sys, runpy; sys.argv = ['stepgrpo-score', sys.argv[1], '-q']\n"
            "heavy = ('pyarrow', 'datasets', 'matplotlib', 'pandas', 'torch', 'trl')\n"
            "try:\n    runpy.run_module('stepgrpo_rewards', run_name='__main__')\n"
            "except SystemExit as e:\n"
            "    print(e.code, sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code, str(src)], capture_output=True,
                          text=True, timeout=60)
    assert proc.stderr.strip().splitlines()[-1] == "0 []"
    assert json.loads(proc.stdout) == _expected(RECORDS[0])
    assert math.isfinite(json.loads(proc.stdout)["total"])


def test_benchmark_script_runs(capsys: pytest.CaptureFixture[str]) -> None:
    # benchmarks/ is a folder of scripts, not a package: load the script from its path
    # (importlib) rather than putting benchmarks/ on sys.path for every test.
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_cli.py"
    spec = importlib.util.spec_from_file_location("bench_cli", path)
    assert spec is not None and spec.loader is not None
    bench_cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_cli)
    records = bench_cli.generate(12, seed=1)
    assert len(records) == 12 and {r["prompt_id"] for r in records} == {0, 1, 2}
    assert 3 <= min(len(r["key_steps"]) for r in records) <= 6
    assert bench_cli.main(["--n", "24", "--workers", "1", "2"]) == 0
    out = capsys.readouterr().out
    assert "workers=1" in out and "workers=2" in out and "traces/s" in out


def test_deeply_nested_json_is_a_bad_record_not_a_crash(tmp_path: Path) -> None:
    deep = "[" * 100_000
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([json.dumps(RECORDS[0]), deep,
                              json.dumps(RECORDS[1] | {"key_steps": deep}),
                              json.dumps(RECORDS[2])]) + "\n")
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert len(got) == 4
    assert got[0] == _expected(RECORDS[0], index=0)
    assert got[1]["error"].startswith("invalid_json: ") and got[1]["line"] == 2
    assert "error" not in got[2] and got[2]["index"] == 2
    assert got[3] == _expected(RECORDS[2], index=3)
    # the same element inside a JSON list: counted, and the records after it still read
    as_list = tmp_path / "in.json"
    element = deep + '"]} \\" ]"' + "]" * 100_000  # brackets in a string do not count
    as_list.write_text("[" + json.dumps(RECORDS[0]) + ",\n" + element + ",\n"
                       + json.dumps(RECORDS[2]) + "]")
    assert _run(as_list, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert len(got) == 3
    assert got[1]["error"].startswith("invalid_json: ") and got[1]["line"] == 2
    assert got[2] == _expected(RECORDS[2], index=2)


# --------------------------------------------------------------------------- odd files


def test_broken_gzip_is_an_unreadable_input(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in RECORDS * 50).encode())
    out = tmp_path / "out.jsonl"
    for name, data in [("cut.jsonl.gz", whole[: len(whole) // 2]),  # a download cut short
                       ("plain.jsonl.gz", json.dumps(RECORDS[0]).encode()),  # not gzip at all
                       ("plain.json.gz", b"[]")]:  # the same, found when sniffing the format
        src = tmp_path / name
        src.write_bytes(data)
        assert _run(src, "-o", out) == 2, name
        err = capsys.readouterr().err
        assert f"error: {src}: unreadable" in err and "Traceback" not in err, err
        assert not out.exists()


def test_corrupt_parquet_data_is_an_unreadable_input(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    src = _parquet(tmp_path / "in.parquet", RECORDS)
    pq = pytest.importorskip("pyarrow.parquet")
    real = pq.ParquetFile.iter_batches

    def corrupt_after_one_batch(self: object, *args: object,
                                **kwargs: object) -> Iterator[object]:
        yield next(iter(real(self, *args, **kwargs)))
        raise OSError("Corrupt snappy compressed data.")  # what pyarrow raises for a bad page

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", corrupt_after_one_batch)
    assert _run(src, "-o", tmp_path / "out.jsonl") == 2
    err = capsys.readouterr().err
    assert f"{src}: unreadable Parquet data after 4 records: Corrupt snappy" in err
    assert "Traceback" not in err


def test_csv_open_quote_is_a_bad_record_not_a_merged_row(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text('completion,solution\n"12,12\n"### The final answer is: 12",12\n')
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    # the quote never closes: the rows after it cannot be read, and that is said
    assert len(got) == 1 and got[0]["error"].startswith("invalid_csv: ") and got[0]["line"] == 2
    assert _run(src, "-o", out, "--strict") == 2
    assert "line 2: invalid_csv" in capsys.readouterr().err


def test_csv_column_named_twice_is_an_error(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text("completion,solution,solution,note,note\nx,12,13,a,b\n")
    assert _run(src, "-o", tmp_path / "out.jsonl") == 2
    assert "the header names column 'solution' more than once" in capsys.readouterr().err
    src.write_text("completion,solution,note,note\nx,12,a,b\n")  # an unused column: fine
    assert _run(src, "-o", tmp_path / "out.jsonl", "-q") == 0


def test_invalid_utf8_is_a_bad_record_in_every_text_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = json.dumps(RECORDS[0]).encode()
    bad = json.dumps(RECORDS[1]).encode().replace(b"It is a shape", b"It is a \xe9 shape")
    rows = [[r["completion"], r["solution"]] for r in RECORDS[:2]]
    text = io.StringIO()
    csv.writer(text).writerows([["completion", "solution"], *rows])
    csv_bytes = text.getvalue().encode().replace(b"It is a shape", b"It is a \xe9 shape")
    for name, data in [("in.jsonl", good + b"\n" + bad + b"\n"),
                       ("in.json", b"[" + good + b",\n" + bad + b"]"),
                       ("in.csv", csv_bytes)]:
        src, out = tmp_path / name, tmp_path / "out.jsonl"
        src.write_bytes(data)
        assert _run(src, "-o", out, "-q") == 0
        got = _read_jsonl(out)
        assert len(got) == 2 and "error" not in got[0], name
        assert got[1]["error"].split(":")[0] in ("invalid_json", "invalid_csv"), name
        assert _run(src, "-o", out, "-q", "--strict") == 2
        assert f"line {got[1]['line']}: invalid_" in capsys.readouterr().err, name


# --------------------------------------------------------------------------- strict JSON out


def _strict_json(text: str) -> object:
    """`json.loads` that, like jq and most JSON readers, rejects NaN and Infinity."""
    def reject(token: str) -> object:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=reject)


def test_nan_infinity_and_bytes_ids_and_groups_are_strict_json(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rows = [RECORDS[0] | {"id": b"q1", "prompt_id": float("nan")},
            RECORDS[0] | {"id": b"\xff\x00", "prompt_id": float("inf")},
            RECORDS[2] | {"id": b"q3", "prompt_id": 2.0}]
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([r | {"key_steps": json.dumps(r["key_steps"])}
                                         for r in rows]), src)
    out, summ = tmp_path / "out.jsonl", tmp_path / "s.json"
    assert _run(src, "-o", out, "-q", "--group", "prompt_id", "--summary-json", summ) == 0
    got = [_strict_json(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in got] == ["q1", "data:application/octet-stream;base64,/wA=", "q3"]
    assert [r["group"] for r in got] == [None, None, 2.0]
    assert json.loads(summ.read_text())["groups"]["records_without_group"] == 2
    # JSON lines may spell NaN and Infinity too (Python's json reads them)
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": NaN, "completion": "The answer is 7.", "solution": "7"}\n'
                   '{"id": [-Infinity, 1], "completion": "The answer is 7.", "solution": "7"}\n')
    assert _run(src, "-o", out, "-q") == 0
    assert [_strict_json(line)["id"] for line in out.read_text().splitlines()] == [None, [None, 1]]


def test_values_nested_near_the_recursion_limit_do_not_crash(tmp_path: Path) -> None:
    # A value that just decodes may be too deep to encode a few calls further down:
    # whatever the depth, the record is written (or is an error record), never a crash.
    limit = sys.getrecursionlimit()
    src, out = tmp_path / "in.json", tmp_path / "out.jsonl"
    for depth in range(limit - 60, limit + 5):
        nested = "[" * depth + "]" * depth
        src.write_text(f'[{{"id": {nested}, "completion": "x", "solution": "1"}}, '
                       f'{{"id": {nested}}}]')  # scored, and a bad record
        assert _run(src, "-o", out, "-q") == 0, depth
        scored, bad = _read_jsonl(out)
        assert "error" in scored or scored["id"], depth
        assert bad["error"], depth


def test_jsonl_file_holding_a_pretty_printed_list_is_read_as_a_list(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out, summ = tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "s.json"
    src.write_text(json.dumps(RECORDS, indent=2) + "\n")
    assert _run(src, "-o", out, "-q", "--summary-json", summ) == 0
    assert _read_jsonl(out) == [_expected(r, index=i) for i, r in enumerate(RECORDS)]
    assert json.loads(summ.read_text())["format"] == "json"
    # --format jsonl insists: one clear error, not one error per line
    assert _run(src, "-o", out, "-q", "--format", "jsonl") == 2
    err = capsys.readouterr().err
    assert f"{src}: " in err and "JSON list" in err and "--format json" in err
    # a JSON line that is broken at its start is still one bad record among good ones
    src.write_text('{"completion": "cut\n' + json.dumps(RECORDS[0]) + "\n")
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert got[0]["error"].startswith("invalid_json") and got[1] == _expected(RECORDS[0], index=1)
    src.write_text(json.dumps(RECORDS))  # a list on one line: a list too
    assert _run(src, "-o", out, "-q") == 0
    assert _read_jsonl(out) == [_expected(r, index=i) for i, r in enumerate(RECORDS)]
    src.write_text("[1, 2]\n" + json.dumps(RECORDS[0]) + "\n")  # a line that is a list
    assert _run(src, "-o", out, "-q") == 2
    assert f"{src}: line 2: malformed JSON list: data after" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["in.jsonl", "in.json", "-"])
@pytest.mark.parametrize("strict", [[], ["--strict"]])
def test_pretty_printed_json_object_is_one_clear_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        name: str, strict: list[str]) -> None:
    text = "".join(json.dumps(r, indent=2) + "\n" for r in RECORDS)  # e.g. jq without -c
    if name == "-":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        src = "-"
    else:
        (tmp_path / name).write_text(text)
        src = str(tmp_path / name)
    out = tmp_path / "out.jsonl"
    assert _run(src, "-o", out, "-q", *strict) == 2
    err = capsys.readouterr().err
    assert err.count("error") == 1 and "line 1" in err and "jq -c" in err
    assert ("<stdin>" if name == "-" else src) in err
    assert not out.exists()


def test_number_too_long_to_convert_is_a_bad_record_in_a_json_list(tmp_path: Path) -> None:
    # Python will not turn more than 4,300 digits into an int: like a JSON line that
    # holds one, the element is a bad record, and the elements after it still read.
    big = "9" * 5000
    src, out = tmp_path / "in.json", tmp_path / "out.jsonl"
    src.write_text(f'[{{"id": {big}, "completion": "x"}},\n{big},\n{json.dumps(RECORDS[0])}]')
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert [r.get("error", "")[:13] for r in got] == ["invalid_json:", "invalid_json:", ""]
    assert [r.get("line") for r in got[:2]] == [1, 2]
    assert got[2] == _expected(RECORDS[0], index=2)


def test_missing_values_and_binary_text_columns(tmp_path: Path) -> None:
    """A NaN solution (pandas' missing value) is no gold answer, never the text "nan";
    a NaN completion is an empty one; text in a Parquet binary column is read as UTF-8."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    nan_answer = _trace("nan")
    table = pa.table({
        "completion": pa.array([nan_answer, None, _trace("12").encode(), b"\xff\xfe"], pa.binary()),
        "solution": pa.array([float("nan"), 12.0, 12.0, 12.0]),
        "key_steps": pa.array([None, None, b'[["3*4=12"]]', None], pa.binary()),
    })
    src, out = tmp_path / "in.parquet", tmp_path / "out.jsonl"
    pq.write_table(table, src)
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert got[0]["gold_answer"] is None and not got[0]["answer_correct"]
    assert "no_gold_answer" in got[0]["problems"]
    assert got[1]["problems"] == ["empty_completion"]
    assert got[2]["answer_correct"] and got[2]["valid"] and got[2]["key_steps_matched"] == 1
    assert got[3]["error"].startswith("wrong_type:") and "UTF-8" in got[3]["error"]
    # the same NaN in JSON lines, for the completion too
    src = tmp_path / "in.jsonl"
    src.write_text('{"completion": "The answer is nan.", "solution": NaN}\n'
                   '{"completion": NaN, "solution": "7"}\n')
    assert _run(src, "-o", out, "-q") == 0
    got = _read_jsonl(out)
    assert got[0]["gold_answer"] is None and "no_gold_answer" in got[0]["problems"]
    assert got[1]["problems"] == ["empty_completion"]


@pytest.mark.parametrize(("name", "encoding"), [("in.jsonl", "utf-16"), ("in.csv", "utf-16-be"),
                                                ("in.json", "utf-32")])
def test_utf16_input_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        name: str, encoding: str) -> None:
    # what Windows PowerShell's ">" writes: read as UTF-8 it was one bad record per line
    src = tmp_path / name
    text = "completion,solution\nThe answer is 7.,7\n" if name.endswith(".csv") else (
        json.dumps(RECORDS[3]) + "\n")
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    src.write_bytes(bom + text.encode(encoding))
    assert _run(src, "-o", tmp_path / "out.jsonl") == 2
    assert "save it as UTF-8" in capsys.readouterr().err


# --------------------------------------------------------------------------- output paths


def test_output_into_a_named_pipe_writes_it_and_keeps_it_a_pipe(tmp_path, capsys):
    """A path that is not a regular file is written in place: replacing it (as the
    temporary-file-and-rename did) turned /dev/null into a regular file when run as root,
    and left a pipe's reader waiting forever."""
    import stat
    import threading

    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert _run(src, "-o", fifo, "-q") == 0
    reader.join(30)
    assert not reader.is_alive()
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    lines = [json.loads(line) for line in received[0].decode().splitlines()]
    assert [r["id"] for r in lines] == ["a", "b", "c", "d"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_is_a_clear_error_and_the_device_stays(tmp_path, capsys):
    import stat

    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert _run(src, "-o", "/dev/full", "-q") == 2
    assert "/dev/full: cannot write: No space left on device" in capsys.readouterr().err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_through_a_symlink_replaces_the_target_not_the_link(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    target = tmp_path / "target.jsonl"
    target.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    assert _run(src, "-o", link, "-q") == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert [r["id"] for r in _read_jsonl(target)] == ["a", "b", "c", "d"]


def test_output_to_a_directory_is_a_usage_error(tmp_path, capsys):
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert _run(src, "-o", tmp_path, "-q") == 2
    assert "is a directory" in capsys.readouterr().err


@pytest.mark.parametrize("which", ["output", "summary_vs_input", "summary_vs_output"])
def test_output_paths_that_would_overwrite_the_input_or_each_other_are_refused(tmp_path, capsys, which):
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    before = src.read_bytes()
    out = tmp_path / "out.jsonl"
    args = {"output": [src, "-o", src],
            "summary_vs_input": [src, "-o", out, "--summary-json", tmp_path / "." / "in.jsonl"],
            "summary_vs_output": [src, "-o", out, "--summary-json", out]}[which]
    assert _run(*args, "-q") == 2
    assert "would be overwritten" in capsys.readouterr().err
    assert src.read_bytes() == before and not out.exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_removes_the_partial_output_and_exits_143(tmp_path, workers):
    """``kill`` (or a job scheduler's stop, to the whole process group) unwinds like
    Ctrl-C: no half-written file, no traceback, no worker left behind."""
    import signal
    import time

    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS * 20000)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "stepgrpo_rewards", str(src), "-o", str(out), "-q", "--chunk-size", "64",
         "--workers", workers],
        stderr=subprocess.PIPE, text=True, cwd=str(tmp_path), start_new_session=True,
        env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)))
    try:
        deadline = time.monotonic() + 60
        # wait until the temporary output file is being written
        while not any(p.name.startswith(".out.jsonl.") and p.stat().st_size > 0 for p in tmp_path.iterdir()):
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        time.sleep(0.5)
        with pytest.raises(ProcessLookupError):  # nothing left in the process group
            os.killpg(proc.pid, 0)
    finally:
        if proc.poll() is None:
            proc.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 143, err
    assert "terminated" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_deep_nesting_is_judged_the_same_in_worker_processes(tmp_path):
    """The JSON decoder's own depth limit depends on the calling stack, deeper in a worker:
    records nested a few hundred levels scored with one process and were errors with
    several. A fixed bound (`MAX_JSON_DEPTH`) decides now, the same way everywhere."""
    from stepgrpo_rewards.cli.records import MAX_JSON_DEPTH

    def nested(depth: int) -> str:
        return "[" * depth + '"x"' + "]" * depth

    lines = [json.dumps(RECORDS[0])]
    for depth in (MAX_JSON_DEPTH - 2, MAX_JSON_DEPTH + 1, 980, 5000):
        lines.append(f'{{"id": "d{depth}", "completion": "c", "key_steps": {nested(depth)}}}')
    lines.append(json.dumps(RECORDS[1]))
    # key steps as a JSON string nested that deep: the same problem text either way
    lines.append(json.dumps({"id": "s972", "completion": "c", "key_steps": nested(972)}))
    src = tmp_path / "deep.jsonl"
    src.write_text("\n".join(lines) + "\n")
    outs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        assert _run(src, "-o", out, "-q", "--workers", workers, "--chunk-size", "1") == 0
        outs.append(out.read_text())
    assert outs[0] == outs[1]
    rows = [json.loads(line) for line in outs[0].splitlines()]
    assert ["error" in r for r in rows] == [False, False, True, True, True, False, False]
    assert all("nested too deeply" in r["error"] for r in rows[2:5])
    assert any("nested more than 32 levels" in p for p in rows[6]["problems"])


@pytest.mark.skipif(not os.path.exists("/dev/fd/1"), reason="needs /dev/fd")
@pytest.mark.parametrize("target", ["/dev/stdout", "/dev/fd/1", "/dev/stderr"])
def test_output_to_an_open_descriptor_appends_where_it_points(tmp_path, target):
    """``-o /dev/stdout`` with standard output redirected to a file writes after what the
    file holds: it neither replaces the file (the rename) nor truncates it (reopening)."""
    src = _write_jsonl(tmp_path / "in.jsonl", RECORDS)
    log = tmp_path / "log.txt"
    log.write_text("earlier\n")
    with open(log, "a") as stream:
        proc = subprocess.run([sys.executable, "-m", "stepgrpo_rewards", str(src), "-q", "-o", target],
                              stdout=stream, stderr=stream if target == "/dev/stderr" else subprocess.PIPE,
                              text=True, timeout=120,
                              env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent)))
    assert proc.returncode == 0, proc.stderr
    first, *rest = log.read_text().splitlines()
    assert first == "earlier"
    assert [json.loads(line)["id"] for line in rest] == ["a", "b", "c", "d"]
    assert os.path.islink("/dev/stdout") or not os.path.exists("/dev/stdout")
