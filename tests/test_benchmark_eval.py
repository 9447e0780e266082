"""examples/eval_benchmarks.py: loaders on local files in the published layouts, scoring a
responses file line by line, the optional judge (a local server), and a tiny model end to end."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from stepgrpo_trl.demo import benchmarks as ev

from stepgrpo_rewards.benchmark_scoring import BENCHMARKS, benchmark_item

FIXTURES = Path(__file__).parent / "fixtures" / "benchmarks"


def fixture_rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (FIXTURES / f"{name}.jsonl").read_text().splitlines()]


# -- loaders ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", BENCHMARKS)
def test_load_rows_from_json_fixture(name: str) -> None:
    pytest.importorskip("datasets")
    rows = ev.load_rows(name, FIXTURES / f"{name}.jsonl", limit=2)
    assert len(rows) == 2
    for i, row in enumerate(rows):
        benchmark_item(name, row, index=i)  # the columns survive the round trip through datasets


def test_load_rows_from_parquet_with_images(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    Image = pytest.importorskip("PIL.Image")
    rows = fixture_rows("mathvista")
    for row in rows:
        row["decoded_image"] = Image.new("RGB", (32, 32), "white")
    ds = datasets.Dataset.from_list(rows).cast_column("decoded_image", datasets.Image())
    ds.to_parquet(tmp_path / "testmini.parquet")
    loaded = ev.load_rows("mathvista", tmp_path, limit=3)  # a folder of Parquet files
    assert [r["pid"] for r in loaded] == ["1", "2", "5"]
    image = ev._image_of(loaded[0])
    assert image is not None and image.size == (32, 32) and image.mode == "RGB"
    # a path string next to a local file is opened; a missing one is no image
    Image.new("RGB", (8, 8)).save(tmp_path / "a.png")
    assert ev._image_of({"image": "a.png", "_base_dir": str(tmp_path)}).size == (8, 8)
    assert ev._image_of({"image": "images/missing.jpg", "_base_dir": str(tmp_path)}) is None


def test_load_rows_unknown_benchmark() -> None:
    with pytest.raises(ValueError, match="unknown benchmark"):
        ev.load_rows("gsm8k")


def test_hub_sources_cover_every_benchmark() -> None:
    assert set(ev.HUB_SOURCES) == set(BENCHMARKS)
    assert ev.HUB_SOURCES["mathvista"] == ("AI4Math/MathVista", None, "testmini")
    assert ev.HUB_SOURCES["dynamath"][2].count("+") == 9


# -- scoring a responses file --------------------------------------------------------------------

def _line(name: str, i: int, response: object) -> str:
    return json.dumps({"benchmark": name, **fixture_rows(name)[i], "response": response})


def test_score_lines_keeps_every_line_in_order() -> None:
    lines = [
        _line("mmstar", 1, "### The final answer is: C"),
        "{not json",
        _line("mme", 0, "Yes"),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"benchmark": "gsm8k", "answer": "1", "response": "1"}),
        json.dumps({"benchmark": "mathvista", "question": "Q", "response": "1"}),  # no gold
        _line("chartqa", 0, None),
        _line("hallusionbench", 1, "Yes or no"),
        "[" * 100_000,
    ]
    records, scored = ev.score_lines(lines)
    assert len(records) == len(lines)
    assert [r.get("line") for r in records if r.get("error")] == [2, 4, 5, 6, 7, 10]
    assert records[0]["correct"] is True and records[0]["unreadable"] is False
    assert records[0]["index"] == 1 and records[0]["response"] == "### The final answer is: C"
    assert records[1]["raw"] == "{not json" and records[1]["correct"] is None
    assert records[5]["benchmark"] == "gsm8k"  # a bad object keeps its fields
    assert (records[7]["correct"], records[7]["unreadable"]) == (False, True)  # null response
    assert (records[8]["correct"], records[8]["unreadable"]) == (False, False)  # a hedge
    assert [index for index, *_ in scored] == [0, 2, 7, 8]


def test_main_scores_a_responses_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "responses.jsonl"
    src.write_text("\n".join([
        _line("mathvista", 0, "### The final answer is: 1.23"),
        _line("mathvista", 2, "### The final answer is: B"),
        _line("chartqa", 0, "14.5"),
        _line("mme", 0, "Yes"),
        _line("mme", 1, "Yes"),
        "oops",
    ]) + "\n")
    assert ev.main(["--responses", str(src), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr()
    assert "| mathvista | 2 | 50.0 | 0.0 | 52.1 | 63.5 |" in out.out
    assert "1 bad line(s)" in out.err
    lines = (tmp_path / "out" / "responses.jsonl").read_text().splitlines()
    assert [json.loads(x).get("correct") for x in lines] == [True, False, True, True, False, None]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["bad_lines"] == 1 and summary["bad_line_numbers"] == [6]
    assert summary["benchmarks"]["mme"]["category_scores"] == {"code_reasoning": 50.0}
    assert (tmp_path / "out" / "table.md").read_text().startswith("| benchmark |")


# -- the judge -----------------------------------------------------------------------------------

class _Judge(BaseHTTPRequestHandler):
    replies: list[str] = []
    seen: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                "body": json.loads(body)})
        reply = type(self).replies.pop(0) if type(self).replies else "unreadable"
        if reply == "garbage":
            data = b"not json at all"
        else:
            data = json.dumps({"choices": [{"message": {"role": "assistant", "content": reply}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def judge_server() -> Iterator[str]:
    _Judge.replies, _Judge.seen = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Judge)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_judge_answer(judge_server: str) -> None:
    item = benchmark_item("mmstar", fixture_rows("mmstar")[1])
    _Judge.replies = ["C", " unreadable. ", "garbage"]
    assert ev.judge_answer(judge_server, "m", item, "long text", api_key="k", timeout=5) == "C"
    assert ev.judge_answer(judge_server, "m", item, "long text", timeout=5) is None
    assert ev.judge_answer(judge_server, "m", item, "long text", timeout=5) is None  # bad reply
    first = _Judge.seen[0]
    assert first["path"] == "/v1/chat/completions" and first["auth"] == "Bearer k"
    assert first["body"]["model"] == "m" and "A. A bridge" in first["body"]["messages"][1]["content"]
    assert _Judge.seen[1]["auth"] is None


def test_judge_unreachable_and_bad_urls() -> None:
    item = benchmark_item("mme", fixture_rows("mme")[0])
    assert ev.judge_answer("http://127.0.0.1:9/v1", "m", item, "x", timeout=2) is None
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/", "127.0.0.1:8000"):
        with pytest.raises(ValueError):
            ev.judge_answer(url, "m", item, "x")


def test_main_with_judge_only_for_unreadable(judge_server: str, tmp_path: Path) -> None:
    unreadable = "The background shows some mountains, I would say.\n\nThat is my view."
    src = tmp_path / "r.jsonl"
    src.write_text("\n".join([
        _line("mmstar", 1, unreadable),            # judged: C (correct)
        _line("mmstar", 2, "B"),                   # readable: never sent
        _line("mmstar", 0, unreadable),            # judged: a hedge, still wrong
    ]) + "\n")
    _Judge.replies = ["C", "A or B"]
    assert ev.main(["--responses", str(src), "--out", str(tmp_path / "o"),
                    "--judge-url", judge_server, "--judge-key-env", ""]) == 0
    assert len(_Judge.seen) == 2
    s = json.loads((tmp_path / "o" / "summary.json").read_text())["benchmarks"]["mmstar"]
    assert (s["accuracy"], s["accuracy_with_judge"], s["judged"]) == (1 / 3, 2 / 3, 2)
    assert s["unreadable_rate"] == 2 / 3 and s["unreadable_rate_with_judge"] == 0.0
    records = [json.loads(x) for x in (tmp_path / "o" / "responses.jsonl").read_text().splitlines()]
    assert [r.get("correct_with_judge") for r in records] == [True, None, False]
    assert "rules+judge" in (tmp_path / "o" / "table.md").read_text()


def test_main_rejects_a_file_judge_url(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        ev.main(["--responses", str(tmp_path / "x.jsonl"), "--judge-url", "file:///etc/passwd"])


# -- a tiny model, end to end --------------------------------------------------------------------

@pytest.mark.slow
def test_tiny_model_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("transformers")
    datasets = pytest.importorskip("datasets")
    Image = pytest.importorskip("PIL.Image")
    from stepgrpo_trl.demo.tiny_model import build_tiny_qwen2_vl

    model = build_tiny_qwen2_vl(tmp_path / "tiny")
    rows = fixture_rows("mmstar")
    for row in rows:
        row["image"] = Image.new("RGB", (56, 56), "white")
    data = tmp_path / "mmstar.parquet"
    datasets.Dataset.from_list(rows).cast_column("image", datasets.Image()).to_parquet(data)
    out = tmp_path / "out"
    assert ev.main(["--model", str(model), "--benchmarks", "mmstar,mathverse",
                    "--data", f"mmstar={data}", "--data", f"mathverse={FIXTURES / 'mathverse.jsonl'}",
                    "--limit", "2", "--max-new-tokens", "8", "--batch-size", "2",
                    "--backend", "hf", "--out", str(out)]) == 0
    records = [json.loads(x) for x in (out / "responses.jsonl").read_text().splitlines()]
    assert [r["benchmark"] for r in records] == ["mmstar", "mmstar", "mathverse", "mathverse"]
    assert all(isinstance(r["response"], str) and isinstance(r["correct"], bool) for r in records)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["benchmarks"]["mmstar"]["n"] == 2 and summary["settings"]["format"] == "structured"
