"""The ``stepgrpo-keysteps`` command line, rules and LLM, against a fake endpoint.

The LLM tests talk to an OpenAI-compatible ``/chat/completions`` server started on
127.0.0.1 by the test itself (``http.server`` in a thread); nothing needs the
internet. Retries wait the openai SDK's backoff (half a second, doubled).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from stepgrpo_rewards import match_key_steps, normalize_key_steps, parse_trace
from stepgrpo_rewards.cli.keysteps import EXTRACTION_INSTRUCTION, cache_key, main
from stepgrpo_rewards.keysteps.extraction import augment_key_step, extract_key_steps

ROOT = Path(__file__).resolve().parent.parent
FAST = ["--timeout", "5"]


def solution(n: int, extra: str = "") -> str:
    return (f"### Image Description:\nA segment AB with AC = {n} cm and CB = 3 cm.\n\n"
            f"### Rationales:\nSegment addition.\n\n### Let's think step by step.\n\n"
            f"### Step 1:\nAC = {n} cm and CB = 3 cm.{extra}\n\n"
            f"### Step 2:\nAB = {n} + 3 = {n + 3} cm.\n\n### The final answer is: {n + 3} cm")


def key_elements(text: str) -> str:
    """What a good extractor model replies: each step's first sentence, verbatim."""
    steps = parse_trace(text).steps
    parts = ", ".join(f"Step {s.number}: {json.dumps([s.text.split('.')[0]], ensure_ascii=False)}"
                      for s in steps)
    return f'Key Elements:\nImage Description: ["segment AB"]; Rationales: ["Segment addition"]; {parts}'


Reply = tuple[int, object, dict]  # status, body (dict -> JSON), headers


class FakeLLM:
    """An OpenAI-compatible chat endpoint on 127.0.0.1 whose behaviour a test sets."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self.lock = threading.Lock()
        self.behave: Callable[[dict, int], Reply] = self.ok
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with fake.lock:
                    fake.requests.append(body)
                    fake.headers.append(dict(self.headers))
                    n = len(fake.requests)
                status, payload, headers = fake.behave(body, n)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    @staticmethod
    def solution_of(body: dict) -> str:
        return body["messages"][-1]["content"].removeprefix("Solution:\n")

    def ok(self, body: dict, n: int) -> Reply:
        content = key_elements(self.solution_of(body))
        return 200, {"id": f"c{n}", "object": "chat.completion", "model": body["model"],
                     "choices": [{"index": 0, "finish_reason": "stop",
                                  "message": {"role": "assistant", "content": content}}]}, {}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def llm() -> Iterator[FakeLLM]:
    fake = FakeLLM()
    yield fake
    fake.close()


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text("".join(r if isinstance(r, str) else json.dumps(r) + "\n" for r in records),
                    encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_llm(llm: FakeLLM, src: Path, dst: Path, *extra: str) -> int:
    return main([str(src), "-o", str(dst), "--method", "llm", "--base-url", llm.url,
                 "--model", "fake-4o", *FAST, *extra])


@pytest.fixture
def data(tmp_path: Path) -> tuple[Path, Path]:
    records = [{"id": i, "solution": solution(n)} for i, n in enumerate((4, 5, 6))]
    return write_jsonl(tmp_path / "in.jsonl", records), tmp_path / "out.jsonl"


# --------------------------------------------------------------------------- rules


def test_rules_is_the_default(tmp_path, capsys):
    sols = [solution(4), solution(9)]
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "solution": sols[0], "x": [1]},
                                              {"id": "b", "solution": sols[1]}])
    assert main([str(src), "-o", str(tmp_path / "out.jsonl")]) == 0
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [r["id"] for r in out] == ["a", "b"] and out[0]["x"] == [1]
    for rec, sol in zip(out, sols, strict=True):
        assert rec["key_steps"] == extract_key_steps(sol)
        assert match_key_steps(sol, rec["key_steps"]).ratio == 1.0
    err = capsys.readouterr().err
    assert "records" in err and "groups per record" in err and "(rules)" in err


def test_bad_records_are_counted_not_dropped(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [
        {"solution": solution(4)}, "{not json\n", {"solution": "12"}, {"other": 1},
        {"solution": 7}, "[1, 2]\n", {"solution": solution(5)}])
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "--summary-json", str(tmp_path / "s.json")]) == 0
    out = read_jsonl(dst)
    assert len(out) == 7
    assert out[0]["key_steps"] and out[6]["key_steps"]
    assert out[1] == {"index": 1, "line": 2, "error": out[1]["error"]}
    assert out[1]["error"].startswith("invalid_json:")
    assert out[2]["key_steps"] is None and out[2]["key_steps_error"].startswith("no_key_steps:")
    assert out[3]["key_steps_error"].startswith("missing_column:")
    assert out[4]["key_steps_error"].startswith("wrong_type:")
    assert out[5]["error"].startswith("not_an_object:")
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["records"] == 7 and summary["done"] == 2 and summary["failed"] == 5
    assert summary["failed_by_kind"]["no_key_steps"] == 1
    assert "line 2: invalid_json" in capsys.readouterr().err


def test_existing_key_steps_are_kept_unless_overwrite(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4), "key_steps": [["mine"]]},
                                              {"solution": solution(5), "key_steps": []}])
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    out = read_jsonl(dst)
    assert out[0]["key_steps"] == [["mine"]] and out[1]["key_steps"] == extract_key_steps(solution(5))
    assert main([str(src), "-o", str(dst), "-q", "--overwrite"]) == 0
    assert read_jsonl(dst)[0]["key_steps"] == extract_key_steps(solution(4))


def test_json_list_in_and_out_and_other_columns(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"ref": solution(4)}, {"ref": solution(5)}]))
    dst = tmp_path / "out.json"
    assert main([str(src), "-o", str(dst), "--solution", "ref", "--key-steps", "ks", "-q"]) == 0
    out = json.loads(dst.read_text())
    assert [r["ks"] for r in out] == [extract_key_steps(solution(4)), extract_key_steps(solution(5))]


def test_usage_errors(tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4)}])
    assert main([str(src), "--method", "llm"]) == 2
    assert "--base-url" in capsys.readouterr().err
    assert main([str(src), "--method", "llm", "--base-url", "ftp://x", "--model", "m"]) == 2
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert main(["--version"]) == 0


# --------------------------------------------------------------------------- LLM


def test_llm_success(llm, data, monkeypatch, capsys):
    monkeypatch.setenv("MY_KEY", "sk-test")
    src, dst = data
    assert run_llm(llm, src, dst, "--api-key-env", "MY_KEY", "--concurrency", "2") == 0
    out = read_jsonl(dst)
    assert [r["id"] for r in out] == [0, 1, 2]
    for rec, n in zip(out, (4, 5, 6), strict=True):
        groups = rec["key_steps"]
        assert groups[0][0] == f"AC = {n} cm and CB = 3 cm" and groups[1][0] == f"AB = {n} + 3 = {n + 3} cm"
        assert groups[1] == augment_key_step(groups[1][0])  # augmented by default
        assert match_key_steps(solution(n), groups).ratio == 1.0
    assert len(llm.requests) == 3
    body = llm.requests[0]
    assert body["model"] == "fake-4o" and body["temperature"] == 0.0
    assert body["messages"][0] == {"role": "system", "content": EXTRACTION_INSTRUCTION}
    headers = {k.lower(): v for k, v in llm.headers[0].items()}  # names are case-blind
    assert headers["authorization"] == "Bearer sk-test"
    err = capsys.readouterr().err
    assert "requests" in err and "self-match ratio" in err


def test_llm_no_augment_keeps_the_reply(llm, data):
    src, dst = data
    assert run_llm(llm, src, dst, "--no-augment", "--no-cache") == 0
    assert read_jsonl(dst)[0]["key_steps"] == [["AC = 4 cm and CB = 3 cm"], ["AB = 4 + 3 = 7 cm"]]
    assert not Path(str(dst) + ".cache.jsonl").exists()


def test_llm_retries_after_429(llm, data, tmp_path):
    src, dst = data
    llm.behave = lambda body, n: ((429, {"error": {"message": "slow down"}}, {"Retry-After": "0"})
                                  if n == 1 else llm.ok(body, n))
    summary = tmp_path / "s.json"
    assert run_llm(llm, src, dst, "--concurrency", "1", "--summary-json", str(summary)) == 0
    assert all(r["key_steps"] for r in read_jsonl(dst))
    info = json.loads(summary.read_text())
    assert len(llm.requests) == 4 and info["retries"] == 1 and info["failed"] == 0


def test_llm_timeout_is_retried(llm, data):
    src, dst = data

    def slow_first(body: dict, n: int) -> Reply:
        if n == 1:
            time.sleep(0.6)
        return llm.ok(body, n)

    llm.behave = slow_first
    assert run_llm(llm, src, dst, "--concurrency", "1", "--timeout", "0.2") == 0
    assert all(r["key_steps"] for r in read_jsonl(dst))
    assert len(llm.requests) == 4


def test_llm_500_forever_fails_that_record(llm, tmp_path, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4)},
                                              {"solution": solution(5, " FAIL")},
                                              {"solution": solution(6)}])
    dst = tmp_path / "out.jsonl"
    llm.behave = lambda body, n: ((500, {"error": {"message": "boom"}}, {})
                                  if "FAIL" in llm.solution_of(body) else llm.ok(body, n))
    assert run_llm(llm, src, dst, "--max-retries", "2") == 0
    out = read_jsonl(dst)
    assert out[0]["key_steps"] and out[2]["key_steps"]
    assert out[1]["key_steps"] is None
    assert out[1]["key_steps_error"] == "http_error: HTTP 500: boom (gave up after 3 attempts)"
    assert sum("FAIL" in llm.solution_of(b) for b in llm.requests) == 3
    err = capsys.readouterr().err
    assert "failed                      1   http_error 1" in err
    # failures are not cached: only the two good replies are
    cache = read_jsonl(Path(str(dst) + ".cache.jsonl"))
    assert len(cache) == 2


def test_llm_client_errors_and_bad_replies_are_not_retried(llm, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4, " AUTH")},
                                              {"solution": solution(5, " JUNK")},
                                              {"solution": solution(6, " EMPTY")}])
    dst = tmp_path / "out.jsonl"

    def behave(body: dict, n: int) -> Reply:
        text = llm.solution_of(body)
        if "AUTH" in text:
            return 401, {"error": {"message": "bad key"}}, {}
        if "JUNK" in text:
            return 200, b"<html>not json</html>", {}
        return 200, {"choices": [{"message": {"content": "I cannot help."}}]}, {}

    llm.behave = behave
    assert run_llm(llm, src, dst) == 0
    errors = [r["key_steps_error"] for r in read_jsonl(dst)]
    assert errors[0] == "http_error: HTTP 401: bad key"
    assert errors[1].startswith("bad_reply:")
    assert errors[2].startswith("no_key_steps: the reply has no")
    assert len(llm.requests) == 3


def test_llm_without_the_openai_sdk_says_how_to_install_it(tmp_path, data, monkeypatch,
                                                          capsys):
    monkeypatch.setitem(sys.modules, "openai", None)  # as if not installed
    src, dst = data
    assert main([str(src), "-o", str(dst), "--method", "llm", "--base-url",
                 "http://127.0.0.1:9/v1", "--model", "m"]) == 2
    err = capsys.readouterr().err
    assert err.endswith('error: --method llm needs the openai SDK: '
                        'pip install openai\n') and "note" not in err
    assert not dst.exists()
    assert main([str(src), "-o", str(dst), "-q"]) == 0  # the rules need no SDK


def test_llm_connection_refused(tmp_path, data):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    src, dst = data
    assert main([str(src), "-o", str(dst), "--method", "llm", "--base-url",
                 f"http://127.0.0.1:{port}/v1", "--model", "m", "--max-retries", "1", *FAST,
                 "-q"]) == 0
    assert all(r["key_steps_error"].startswith("connection_error:") for r in read_jsonl(dst))


def test_llm_cache_makes_a_rerun_free(llm, data, tmp_path, capsys):
    src, dst = data
    assert run_llm(llm, src, dst) == 0
    first = read_jsonl(dst)
    assert len(llm.requests) == 3
    cache = Path(str(dst) + ".cache.jsonl")
    entries = read_jsonl(cache)
    assert {e["key"] for e in entries} == {cache_key("fake-4o", solution(n)) for n in (4, 5, 6)}
    capsys.readouterr()
    assert run_llm(llm, src, dst, "--overwrite") == 0
    assert len(llm.requests) == 3  # no new request
    assert read_jsonl(dst) == first
    assert "from cache 3" in capsys.readouterr().err
    # another model is another cache entry
    assert main([str(src), "-o", str(dst), "--method", "llm", "--base-url", llm.url, "--model",
                 "other", *FAST, "--overwrite", "-q"]) == 0
    assert len(llm.requests) == 6


def test_llm_same_solution_asked_once(llm, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4)}] * 5)
    dst = tmp_path / "out.jsonl"
    assert run_llm(llm, src, dst, "--no-cache", "--concurrency", "3") == 0
    assert len(llm.requests) == 1
    assert len({json.dumps(r["key_steps"]) for r in read_jsonl(dst)}) == 1


def test_llm_resume_after_failures(llm, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(n)} for n in range(4, 10)])
    dst = tmp_path / "out.jsonl"
    llm.behave = lambda body, n: (503, {}, {}) if n > 2 else llm.ok(body, n)
    assert run_llm(llm, src, dst, "--concurrency", "1", "--max-retries", "0") == 0
    assert [r["key_steps"] is not None for r in read_jsonl(dst)] == [True, True] + [False] * 4
    llm.behave = llm.ok
    seen = len(llm.requests)
    assert run_llm(llm, src, dst, "--concurrency", "1") == 0
    assert all(r["key_steps"] for r in read_jsonl(dst))
    asked = [llm.solution_of(b) for b in llm.requests[seen:]]
    assert asked == [solution(n) for n in range(6, 10)]  # only what was missing


def test_llm_resume_after_interrupt(llm, tmp_path):
    """Ctrl-C mid-run: exit 130, no output, the cache keeps the replies received, and a
    rerun asks only for the rest."""
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(n)} for n in range(4, 9)])
    dst = tmp_path / "out.jsonl"
    release = threading.Event()

    def hang_on_third(body: dict, n: int) -> Reply:
        if n == 3:
            release.wait(10)
            return 500, {}, {}
        return llm.ok(body, n)

    llm.behave = hang_on_third
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    # A shell's background job starts with SIGINT ignored, and Python then never raises
    # KeyboardInterrupt: the child takes Ctrl-C as a terminal would deliver it, whoever
    # started the tests.
    code = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
            "from stepgrpo_rewards.cli.keysteps import main; sys.exit(main(sys.argv[1:]))")
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(src), "-o", str(dst), "--method", "llm", "--base-url",
         llm.url, "--model", "fake-4o", "--concurrency", "1", *FAST],
        env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 15
        while len(llm.requests) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(llm.requests) == 3
        proc.send_signal(signal.SIGINT)
        time.sleep(0.2)
        release.set()
        _, err = proc.communicate(timeout=15)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert not dst.exists()
    assert len(read_jsonl(Path(str(dst) + ".cache.jsonl"))) == 2
    llm.behave = llm.ok
    seen = len(llm.requests)
    assert run_llm(llm, src, dst, "--concurrency", "1", "-q") == 0
    assert [llm.solution_of(b) for b in llm.requests[seen:]] == [solution(n) for n in (6, 7, 8)]
    out = read_jsonl(dst)
    assert len(out) == 5 and all(normalize_key_steps(r["key_steps"]) for r in out)


def test_cache_survives_a_line_cut_short(llm, data):
    src, dst = data
    cache = Path(str(dst) + ".cache.jsonl")
    good = {"key": cache_key("fake-4o", solution(4)), "key_steps": [["from cache"]]}
    cache.write_text(json.dumps(good) + "\n" + '{"key": "cut', encoding="utf-8")
    assert run_llm(llm, src, dst, "--no-augment", "-q") == 0
    assert read_jsonl(dst)[0]["key_steps"] == [["from cache"]]
    assert len(llm.requests) == 2
    lines = cache.read_text(encoding="utf-8").splitlines()
    assert lines[1] == '{"key": "cut' and len(lines) == 4  # new entries on lines of their own


def test_deeply_nested_json_is_a_bad_record_not_a_crash(tmp_path):
    deep = "[" * 100_000
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4)}, deep + "\n",
                                              {"solution": solution(5), "key_steps": deep}])
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    out = read_jsonl(dst)
    assert len(out) == 3
    assert out[1]["error"].startswith("invalid_json: ") and out[1]["line"] == 2
    # Unreadable existing key steps (over the core's size cap) are replaced, not kept.
    assert out[2]["key_steps"] and all(isinstance(g, list) for g in out[2]["key_steps"])


def test_llm_deeply_nested_replies_fail_that_record(llm, tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4, " DEEP")},
                                              {"solution": solution(5, " ERR")},
                                              {"solution": solution(6)}])
    dst = tmp_path / "out.jsonl"

    def behave(body: dict, n: int) -> Reply:
        text = llm.solution_of(body)
        if "DEEP" in text:
            return 200, b"[" * 100_000, {}
        if "ERR" in text:
            return 500, b"[" * 1999, {}
        return llm.ok(body, n)

    llm.behave = behave
    assert run_llm(llm, src, dst, "--max-retries", "0", "-q") == 0
    out = read_jsonl(dst)
    assert out[0]["key_steps_error"].startswith("bad_reply: not an OpenAI chat completion")
    assert out[1]["key_steps_error"].startswith("http_error: HTTP 500: [[[")
    assert out[2]["key_steps"]


def test_llm_reply_size_is_bounded(llm, tmp_path, monkeypatch):
    from stepgrpo_rewards.cli import llm as llm_client

    monkeypatch.setattr(llm_client, "MAX_REPLY_BYTES", 4096)
    src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4, " BIG")},
                                              {"solution": solution(5)}])
    dst = tmp_path / "out.jsonl"

    def behave(body: dict, n: int) -> Reply:
        if "BIG" in llm.solution_of(body):
            return 200, b" " * 5000 + b"{}", {}
        return llm.ok(body, n)

    llm.behave = behave
    assert run_llm(llm, src, dst, "-q") == 0
    out = read_jsonl(dst)
    assert out[0]["key_steps_error"] == "bad_reply: the reply is over 4,096 bytes"
    assert out[1]["key_steps"]
    assert len(llm.requests) == 2  # not retried


# --------------------------------------------------------------------------- odd inputs


@pytest.mark.parametrize("fmt", ["parquet", "hf"])
def test_every_input_field_is_kept_for_parquet_and_saved_datasets(tmp_path, fmt):
    records = [{"id": i, "solution": solution(n), "answer": str(n + 3), "meta": {"k": n}}
               for i, n in enumerate((4, 5))]
    if fmt == "parquet":
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        src = tmp_path / "in.parquet"
        pq.write_table(pa.Table.from_pylist(records), src)
    else:
        datasets = pytest.importorskip("datasets")
        src = tmp_path / "ds"
        datasets.Dataset.from_list(records).save_to_disk(str(src))
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    out = read_jsonl(dst)
    assert [{k: v for k, v in r.items() if k != "key_steps"} for r in out] == records
    assert all(r["key_steps"] for r in out)


def test_lone_surrogates_are_written_escaped_not_a_crash(llm, tmp_path):
    # JSON allows "\ud800"; json.loads gives a lone surrogate, which UTF-8 cannot encode
    src = write_jsonl(tmp_path / "in.jsonl", [{"note": "\ud800", "solution": solution(4)},
                                              {"solution": solution(5)}])
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    out = read_jsonl(dst)
    assert out[0]["note"] == "\ud800" and out[0]["key_steps"] and out[1]["key_steps"]
    as_list = tmp_path / "out.json"
    assert main([str(src), "-o", str(as_list), "-q"]) == 0
    assert json.loads(as_list.read_text(encoding="utf-8")) == out

    def behave(body: dict, n: int) -> Reply:  # a reply holding one as well
        status, payload, headers = llm.ok(body, n)
        message = payload["choices"][0]["message"]
        message["content"] = message["content"].replace('Step 1: ["', 'Step 1: ["\ud800 ')
        return status, payload, headers

    llm.behave = behave
    assert run_llm(llm, src, dst, "--no-augment", "-q") == 0
    out = read_jsonl(dst)
    assert out[0]["key_steps"][0] == ["\ud800 AC = 4 cm and CB = 3 cm"]
    entries = read_jsonl(Path(str(dst) + ".cache.jsonl"))
    assert sorted(e["key_steps"][0][0] for e in entries) == [  # appended as replies come
        "\ud800 AC = 4 cm and CB = 3 cm", "\ud800 AC = 5 cm and CB = 3 cm"]
    assert run_llm(llm, src, dst, "--no-augment", "-q", "--overwrite") == 0
    assert len(llm.requests) == 2 and read_jsonl(dst) == out  # read back from the cache


def test_llm_timeout_bounds_a_reply_that_trickles_in(tmp_path):
    # --timeout is per request: a server sending a byte now and then, each well within
    # the socket timeout, must not hold the request (and the run) for ever
    class Trickle(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass  # the client gave up

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        src = write_jsonl(tmp_path / "in.jsonl", [{"solution": solution(4)}])
        dst = tmp_path / "out.jsonl"
        start = time.monotonic()
        assert main([str(src), "-o", str(dst), "--method", "llm", "--base-url",
                     f"http://127.0.0.1:{server.server_address[1]}/v1", "--model", "m",
                     "--timeout", "0.5", "--max-retries", "0", "--no-cache", "-q"]) == 0
        assert time.monotonic() - start < 10  # 1000 bytes at 0.05 s: 50 s without a bound
        assert read_jsonl(dst)[0]["key_steps_error"].startswith("timeout: no reply within 0.5 s")
    finally:
        server.shutdown()
        server.server_close()


def test_cache_that_cannot_be_read_is_a_clear_error(tmp_path, data, capsys):
    src, dst = data
    (tmp_path / "cache").mkdir()
    assert main([str(src), "-o", str(dst), "--method", "llm", "--base-url",
                 "http://127.0.0.1:9/v1", "--model", "m", "--cache", str(tmp_path / "cache"),
                 "-q"]) == 2
    err = capsys.readouterr().err
    assert "cache: cannot use the cache: Is a directory" in err and "Traceback" not in err
    assert not dst.exists()


# --------------------------------------------------------------------------- strict JSON out


def strict_json(text: str) -> object:
    """`json.loads` that, like jq and most JSON readers, rejects NaN and Infinity."""
    def reject(token: str) -> object:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=reject)


def test_parquet_nan_infinity_and_bytes_are_written_as_strict_json(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([
        {"solution": solution(4), "score": float("nan"), "blob": b"text \xc3\xa9",
         "meta": {"w": float("-inf"), "raw": b"\x89PNG"}, "xs": [1.5, float("inf")]},
        {"solution": solution(5), "score": 0.5, "blob": b"\xff\x00", "meta": None, "xs": []},
    ]), src)
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    first, second = (strict_json(line) for line in dst.read_text(encoding="utf-8").splitlines())
    assert first["score"] is None and first["xs"] == [1.5, None]
    assert first["blob"] == "text é"  # bytes that are UTF-8 text: the text
    assert first["meta"] == {"w": None, "raw": "data:application/octet-stream;base64,iVBORw=="}
    assert second["blob"] == "data:application/octet-stream;base64,/wA="  # else base64
    assert first["key_steps"] and second["key_steps"] and second["score"] == 0.5
    as_list = tmp_path / "out.json"
    assert main([str(src), "-o", str(as_list), "-q"]) == 0
    assert strict_json(as_list.read_text(encoding="utf-8")) == [first, second]


def test_nan_and_infinity_in_json_lines_are_written_as_null(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(f'{{"solution": {json.dumps(solution(4))}, "w": NaN, '
                   '"v": [Infinity, -Infinity]}\n')
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    (record,) = [strict_json(line) for line in dst.read_text().splitlines()]
    assert record["w"] is None and record["v"] == [None, None] and record["key_steps"]


def test_saved_dataset_in_numpy_format_is_written_as_plain_values(tmp_path):
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_list([{"solution": solution(4), "xs": [1.5, float("nan")], "n": 3}])
    ds.set_format("numpy")  # save_to_disk keeps the format; iterating would give arrays
    ds.save_to_disk(str(tmp_path / "ds"))
    dst = tmp_path / "out.jsonl"
    assert main([str(tmp_path / "ds"), "-o", str(dst), "-q"]) == 0
    (record,) = [strict_json(line) for line in dst.read_text().splitlines()]
    assert record["xs"] == [1.5, None] and record["n"] == 3 and record["key_steps"]


def test_jsonl_holding_a_pretty_printed_list_or_object(tmp_path, capsys):
    records = [{"id": i, "solution": solution(n)} for i, n in enumerate((4, 5))]
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text(json.dumps(records, indent=2))
    assert main([str(src), "-o", str(dst), "-q"]) == 0  # read as the JSON list it is
    assert [r["id"] for r in read_jsonl(dst)] == [0, 1]
    assert all(r["key_steps"] for r in read_jsonl(dst))
    src.write_text(json.dumps(records[0], indent=2))
    assert main([str(src), "-o", str(dst)]) == 2
    err = capsys.readouterr().err
    assert f"{src}: line 1" in err and "jq -c" in err and err.count("error") == 1


def test_values_nested_near_the_recursion_limit_do_not_crash(tmp_path):
    # A value that just decodes may be too deep to encode a few calls further down:
    # whatever the depth, the record is written (or is an error record), never a crash.
    limit = sys.getrecursionlimit()
    src, dst = tmp_path / "in.json", tmp_path / "out.jsonl"
    for depth in range(limit - 60, limit + 5):
        nested = "[" * depth + "]" * depth
        src.write_text(f'[{{"solution": {json.dumps(solution(4))}, "deep": {nested}, '
                       '"nan": NaN}]')
        assert main([str(src), "-o", str(dst), "-q"]) == 0, depth
        (record,) = [strict_json(line) for line in dst.read_text().splitlines()]
        assert record.get("error") or record["deep"], depth


def test_nan_and_binary_solutions(tmp_path):
    """A NaN solution (pandas' missing value) is an empty one, not a wrong type; a
    Parquet binary column of UTF-8 text is read as text."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"solution": pa.array([solution(4).encode(), b"\xff\xfe", None],
                                                  pa.binary())}), src)
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    out = read_jsonl(dst)
    assert out[0]["key_steps"] == extract_key_steps(solution(4))
    assert out[1]["key_steps_error"].startswith("wrong_type:") and "UTF-8" in out[1]["key_steps_error"]
    assert out[2]["key_steps_error"].startswith("empty_solution:")
    src = tmp_path / "in.jsonl"
    src.write_text('{"solution": NaN}\n')
    assert main([str(src), "-o", str(dst), "-q"]) == 0
    assert read_jsonl(dst)[0]["key_steps_error"].startswith("empty_solution:")
