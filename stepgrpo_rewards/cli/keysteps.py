"""``stepgrpo-keysteps``: add a ``key_steps`` column to a dataset of reference solutions.

StepRAR needs the key steps of every training example. This command reads a
dataset (JSON lines, a JSON list, CSV/TSV, Parquet or a saved Hugging Face
dataset; ``-`` for standard input) and writes it back with a ``key_steps`` column,
one list of groups of alternative spellings per record, made one of two ways:

- ``--method rules`` (the default): `extract_key_steps`, rule-based, free, offline
  and deterministic;
- ``--method llm``: any OpenAI-compatible ``/chat/completions`` endpoint
  (``--base-url``, ``--model``, the API key read from the environment variable
  named by ``--api-key-env``), asked with `EXTRACTION_INSTRUCTION`, the paper's
  recipe; its ``Key Elements: ...`` reply is read with `normalize_key_steps` and
  each alternative augmented with `augment_key_step` (``--no-augment`` keeps the
  reply as it is). Requests go through the openai SDK (``pip install
  "stepgrpo-rewards[llm]"``, see `stepgrpo_rewards.cli.llm`), ``--concurrency`` at a
  time, retried with its backoff on HTTP 408, 409, 429, 5xx, timeouts and dropped
  connections. Every
  reply is appended to a JSON-lines cache (``--cache``, by default beside the
  output) keyed by a hash of the model, the instruction and the solution text, so a
  rerun, or a run resumed after an interruption, asks only for what is missing.

Records that already hold key steps are kept as they are (``--overwrite`` redoes
them), so the command can also be rerun on its own output. Output is JSON lines, or
a JSON list when the output name ends in ``.json`` (or the input was a JSON list
and goes to standard output), in input order, every input field kept, always
strict JSON: NaN and ±Infinity are written as ``null``, bytes as their UTF-8 text
or else a ``data:application/octet-stream;base64,...`` URL. A record
that gets no key steps is written with ``key_steps: null`` and a
``key_steps_error`` field ``"kind: detail"``; an unreadable record as
``{"index": i, "error": "kind: detail"}``; both are counted, never dropped. A
report (records done, failed with the reasons, groups per record) goes to
standard error.

Exit codes: 0 done (failed records are reported, not fatal); 2 bad arguments or
unreadable input; 1 an unexpected error; 130 interrupted, 143 terminated by SIGTERM
(the output is not written; the cache keeps every reply received).

Examples:
    >>> import json, os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> src, dst = os.path.join(d, "in.jsonl"), os.path.join(d, "out.jsonl")
    >>> with open(src, "w") as f:
    ...     _ = f.write(json.dumps({"solution": "### Step 1:\\nAB = 3 + 4 = 7 cm.\\n"
    ...                             "### The final answer is: 7"}) + "\\n")
    >>> main([src, "-o", dst, "--quiet"])
    0
    >>> json.loads(open(dst).read())["key_steps"][0][:3]
    ['AB = 3 + 4 = 7 cm', 'AB=3+4=7 cm', 'AB = 7 cm']
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from .._version import __version__
from ..config import RewardConfig
from ..inputs import (
    UnreadableCompletionError,
    completion_text,
    is_messages,
    is_missing,
    key_steps_value,
)
from ..keysteps.extraction import MAX_ALTERNATIVES, augment_key_step, extract_key_steps
from ..keysteps.matching import match_key_steps
from ..keysteps.shapes import STEP_LIST, KeyStepsError, normalize_key_steps
from .command import add_io_arguments, run_command, terminate_as_interrupt
from .errors import InputError, RecordError
from .keysteps_report import Report, table
from .llm import LLMClient, LLMFailed
from .output import atomic_output, dumps_strict, write_json
from .records import decode_record, load_json, open_records

__all__ = ["EXTRACTION_INSTRUCTION", "INSTRUCTION_VERSION", "cache_key", "main"]

PROG = "stepgrpo-keysteps"

#: The instruction sent as the system message with ``--method llm``. Written for
#: this project after the paper's description of the GPT-4o prompt of R1-VL: up to
#: three key elements of the image description, the core concepts of the rationale,
#: and for each step its essential variables, equations and short phrases, verbatim
#: and without duplicates, in the ``Key Elements:`` format `normalize_key_steps` reads.
EXTRACTION_INSTRUCTION = """\
You pick out the key steps of a worked solution. A reward for reinforcement learning \
later checks whether a model's own reasoning contains them, so they must be the \
essential, checkable facts of the solution, copied exactly.

The solution has an image description, rationales, numbered steps ("### Step 1:", \
"### Step 2:", ...) and a final answer. Give:
- Image Description: up to three key elements of the description (entities, labels, numbers).
- Rationales: the core concepts or theorems it relies on.
- Step N, for every step: the essential variables, equations, computed values with what \
they name, and relationships the step establishes, such as "BC = 12", "∠B = 30°", \
"3 × 4 = 12", "24 > 19", or a key phrase of at most three words such as \
"Pythagorean theorem".

Rules:
- Copy every element verbatim from the solution: same symbols, same spelling, same \
spacing. Do not paraphrase, compute, complete or correct anything.
- Prefer an equation or a value with its name ("AB = 15 cm") to a bare number ("15").
- Each element at most once in the whole answer. A step with nothing essential gets [].
- Nothing from the final answer line.

Reply with exactly this format and nothing else (one line after "Key Elements:"):
Key Elements:
Image Description: ["...", "..."]; Rationales: ["..."]; Step 1: ["...", "..."], Step 2: ["..."]

Example. Solution:
### Image Description:
A rectangle ABCD with AB = 4 cm and BC = 3 cm.
### Rationales:
The area of a rectangle is length times width.
### Let's think step by step.
### Step 1:
The length is AB = 4 cm and the width is BC = 3 cm.
### Step 2:
Area = 4 × 3 = 12 cm².
### The final answer is: 12 cm²
Reply:
Key Elements:
Image Description: ["rectangle ABCD", "AB = 4 cm", "BC = 3 cm"]; Rationales: ["length times \
width"]; Step 1: ["AB = 4 cm", "BC = 3 cm"], Step 2: ["Area = 4 × 3 = 12 cm²"]
"""

#: Part of the cache key: replies to another instruction are not reused.
INSTRUCTION_VERSION = hashlib.sha256(EXTRACTION_INSTRUCTION.encode("utf-8")).hexdigest()[:12]

#: Solutions longer than this are not sent to the model.
MAX_SOLUTION_CHARS = 100_000
_FENCE = re.compile(r"^```[A-Za-z]*[ \t]*$", re.MULTILINE)


class _Failed(RecordError):
    """A record that gets no key steps; the message is ``"kind: detail"``."""


# --------------------------------------------------------------------------- arguments


def _build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Add a key_steps column (StepRAR key steps, groups of alternative "
        "spellings) to a dataset of reference solutions, with the rule-based extractor or "
        "an LLM behind an OpenAI-compatible endpoint.",
        epilog="Exit codes: 0 done (failed records are reported), 2 bad arguments or input, "
        "1 unexpected error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).",
    )
    add_io_arguments(p, output_help="where the records go (default: standard output); a name "
                     "ending in .json gets a JSON list, anything else JSON lines")
    p.add_argument("--solution", default="solution", metavar="COL",
                   help="the reference solution column (default: %(default)s)")
    p.add_argument("--key-steps", default="key_steps", metavar="COL", dest="key_steps",
                   help="the column to fill (default: %(default)s)")
    p.add_argument("--overwrite", action="store_true",
                   help="redo records that already have key steps (default: keep them)")
    p.add_argument("--method", choices=("rules", "llm"), default="rules",
                   help="rule-based extraction (default) or an LLM")
    llm = p.add_argument_group("LLM (--method llm)")
    llm.add_argument("--base-url", metavar="URL",
                     help="OpenAI-compatible API root, e.g. https://api.openai.com/v1 or "
                     "http://localhost:8000/v1 (/chat/completions is added)")
    llm.add_argument("--model", help="model name sent with each request")
    llm.add_argument("--api-key-env", default="OPENAI_API_KEY", metavar="VAR",
                     help="environment variable holding the API key (default: %(default)s; "
                     "unset sends no key, as local servers expect)")
    llm.add_argument("--concurrency", type=int, default=8, metavar="N",
                     help="requests in flight at once (default: %(default)s)")
    llm.add_argument("--max-retries", type=int, default=5, metavar="N",
                     help="retries of a request after 408, 409, 429, 5xx, a timeout or a "
                     "dropped connection, with the openai SDK's backoff (default: %(default)s)")
    # Accepted so that old command lines still run; the SDK's backoff applies.
    llm.add_argument("--backoff", type=float, default=None, help=argparse.SUPPRESS)
    llm.add_argument("--max-backoff", type=float, default=None, help=argparse.SUPPRESS)
    llm.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                     help="per-read timeout; a reply still arriving after twice this is cut "
                     "off and retried (default: %(default)s)")
    llm.add_argument("--temperature", type=float, default=0.0, help="default: %(default)s")
    llm.add_argument("--max-tokens", type=int, default=1024, metavar="N",
                     help="reply length limit; 0 sends none (default: %(default)s)")
    llm.add_argument("--cache", metavar="FILE",
                     help="JSON-lines cache of replies (default: OUTPUT.cache.jsonl; none "
                     "when writing to standard output)")
    llm.add_argument("--no-cache", action="store_true", help="neither read nor write a cache")
    llm.add_argument("--augment", action=argparse.BooleanOptionalAction, default=True,
                     help="add augment_key_step's spellings to each alternative of the reply "
                     "(default: on)")
    r = p.add_argument_group("report")
    r.add_argument("--summary-json", metavar="FILE", help="also write the report as JSON")
    r.add_argument("-q", "--quiet", action="store_true", help="no report on standard error")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return p


def _check_args(args: argparse.Namespace) -> None:
    if args.method != "llm":
        return
    if not args.base_url or not args.model:
        raise ValueError("--method llm needs --base-url and --model")
    scheme = urllib.parse.urlsplit(args.base_url).scheme
    if scheme not in ("http", "https"):
        raise ValueError(f"--base-url must be an http(s) URL, got {args.base_url!r}")
    if args.concurrency < 1 or args.max_retries < 0:
        raise ValueError("--concurrency must be >= 1 and --max-retries >= 0")
    if args.timeout <= 0 or args.max_tokens < 0:
        raise ValueError("--max-tokens must be >= 0 and --timeout > 0")


# --------------------------------------------------------------------------- the cache


def cache_key(model: str, solution: str) -> str:
    """The cache key of *solution* for *model* and the current instruction."""
    h = hashlib.sha256()
    h.update(f"{model}\n{INSTRUCTION_VERSION}\n".encode())
    h.update(solution.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


class _Cache:
    """Replies by key, read from a JSON-lines file and appended to it as they come."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.entries: dict[str, list[list[str]]] = {}
        self._lock = threading.Lock()
        self._file: IO[str] | None = None
        if path is None:
            return
        try:  # reading too: a cache path that is a directory or unreadable is an input error
            if os.path.exists(path):
                with open(path, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        with contextlib.suppress(ValueError, KeyError, TypeError,
                                                 KeyStepsError):
                            entry = load_json(line)
                            groups = normalize_key_steps(entry["key_steps"])
                            if groups:
                                self.entries[entry["key"]] = groups
            self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()
            if self._file.tell() > 0:
                with open(path, "rb") as f:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":  # a line cut short by an interruption
                        self._file.write("\n")
        except OSError as exc:
            raise InputError(f"{path}: cannot use the cache: {exc.strerror or exc}") from None

    def get(self, key: str) -> list[list[str]] | None:
        return self.entries.get(key)

    def put(self, key: str, model: str, groups: list[list[str]], reply: str) -> None:
        with self._lock:
            self.entries[key] = groups
            if self._file is not None:
                # ASCII: a reply may hold a lone surrogate, which UTF-8 cannot encode
                self._file.write(json.dumps({"key": key, "model": model,
                                             "instruction": INSTRUCTION_VERSION,
                                             "key_steps": groups, "reply": reply}) + "\n")
                self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


# --------------------------------------------------------------------------- records


@dataclass
class _Outcome:
    """What became of one record."""

    index: int
    line: int | None
    record: dict[str, Any] | None  # None: unreadable
    groups: list[list[str]] | None = None
    error: str | None = None
    source: str = ""  # "kept", "rules", "cache", "llm"
    self_ratio: float | None = None


def _has_key_steps(value: Any) -> bool:
    value = key_steps_value(value)
    if value is None:
        return False
    try:
        return bool(normalize_key_steps(value))
    except (KeyStepsError, TypeError):
        return False


def _solution(record: dict[str, Any], column: str) -> str:
    """The solution text of *record* (chat messages: the assistant's text, see
    `stepgrpo_rewards.inputs.completion_text`), or `_Failed` saying why there is none."""
    if column not in record:
        raise _Failed(f"missing_column: no '{column}' in the record")
    value = record[column]
    if is_missing(value):
        raise _Failed(f"empty_solution: '{column}' is null")
    if not isinstance(value, (str, bytes, bytearray)) and not is_messages(value):
        raise _Failed(f"wrong_type: '{column}' holds a {type(value).__name__}, expected a string")
    try:
        text = completion_text(value) or ""
    except UnreadableCompletionError as exc:
        raise _Failed(f"wrong_type: '{column}' holds {exc}") from None
    if not text.strip():
        raise _Failed(f"empty_solution: '{column}' is empty")
    return text


def _augmented(groups: list[list[str]]) -> list[list[str]]:
    out = []
    for group in groups:
        alts: list[str] = []
        for alt in group:
            for form in augment_key_step(alt) or [alt]:
                if form not in alts:
                    alts.append(form)
        out.append(alts[: max(MAX_ALTERNATIVES, len(group))])
    return out


class _Runner:
    """Turns records into outcomes, in input order, with LLM requests in flight."""

    def __init__(self, args: argparse.Namespace, err: IO[str]) -> None:
        self.args = args
        self.config = RewardConfig()
        self.client: LLMClient | None = None
        self.cache = _Cache(None)
        self.pool: ThreadPoolExecutor | None = None
        self.inflight: dict[str, Future[tuple[list[list[str]], str]]] = {}
        if args.method == "llm":
            key = os.environ.get(args.api_key_env) or None
            self.client = LLMClient(args.base_url, args.model, key, timeout=args.timeout,
                                    max_retries=args.max_retries,
                                    temperature=args.temperature, max_tokens=args.max_tokens)
            if key is None:
                err.write(f"{PROG}: note: ${args.api_key_env} is not set; requests carry the "
                          "placeholder key EMPTY\n")
            if args.backoff is not None or args.max_backoff is not None:
                err.write(f"{PROG}: note: --backoff and --max-backoff are ignored: the openai "
                          "SDK's backoff applies (half a second, doubled, Retry-After "
                          "honoured)\n")
            path = None if args.no_cache else args.cache or (
                None if args.output in (None, "-") else args.output + ".cache.jsonl")
            self.cache = _Cache(path)
            self.pool = ThreadPoolExecutor(max_workers=args.concurrency,
                                           thread_name_prefix="keysteps")

    # -- one record -------------------------------------------------------------------

    def start(self, index: int, line: int | None, payload: Any) -> tuple[_Outcome, Any]:
        """Begin work on a record; returns its outcome so far and a pending future or None."""
        try:
            record = decode_record(payload)
        except RecordError as exc:
            return _Outcome(index, line, None, error=str(exc)), None
        out = _Outcome(index, line, record)
        if not self.args.overwrite and _has_key_steps(record.get(self.args.key_steps)):
            out.source = "kept"
            return out, None
        try:
            solution = _solution(record, self.args.solution)
            if self.client is None:
                out.groups = extract_key_steps(solution, config=self.config)
                out.source = "rules"
                if not out.groups:
                    raise _Failed("no_key_steps: the solution has no numbered steps with "
                                  "equations, values or key phrases")
                return out, None
            if len(solution) > MAX_SOLUTION_CHARS:
                raise _Failed(f"input_too_long: the solution has {len(solution):,} characters "
                              f"(limit {MAX_SOLUTION_CHARS:,})")
        except _Failed as exc:
            out.groups, out.error = None, str(exc)
            return out, None
        key = cache_key(self.client.model, solution)
        cached = self.cache.get(key)
        if cached is not None:
            out.source = "cache"
            self._finish_llm(out, cached, solution)
            return out, None
        future = self.inflight.get(key)
        if future is None:  # the same solution twice in one run is asked once
            assert self.pool is not None
            future = self.pool.submit(self._ask, key, solution)
            self.inflight[key] = future
        out.source = "llm"
        return out, (future, key, solution)

    def _ask(self, key: str, solution: str) -> tuple[list[list[str]], str]:
        assert self.client is not None
        reply = self.client.complete(EXTRACTION_INSTRUCTION, f"Solution:\n{solution}")
        body = _FENCE.sub("", reply).strip()
        if not STEP_LIST.search(body) and body[:1] not in ("[", "{"):
            raise _Failed("no_key_steps: the reply has no 'Step N: [...]' lists: "
                          + " ".join(reply.split())[:120])
        try:
            groups = normalize_key_steps(body, max_groups=self.config.max_key_step_groups,
                                         max_chars=self.config.max_key_step_chars)
        except KeyStepsError as exc:
            raise _Failed(f"bad_reply: {exc}") from None
        if not groups:
            raise _Failed("no_key_steps: the reply has no 'Step N: [...]' lists: "
                          + " ".join(reply.split())[:120])
        self.cache.put(key, self.client.model, groups, reply)
        return groups, reply

    def finish(self, out: _Outcome, pending: Any) -> _Outcome:
        """Wait for the record's request, if any, and complete its outcome."""
        if pending is None:
            return out
        future, key, solution = pending
        try:
            groups, _ = future.result()
        except (_Failed, LLMFailed) as exc:
            out.error = str(exc)
            return out
        finally:
            if future.done():
                self.inflight.pop(key, None)
        self._finish_llm(out, groups, solution)
        return out

    def _finish_llm(self, out: _Outcome, groups: list[list[str]], solution: str) -> None:
        if self.args.augment:
            groups = _augmented(groups)
        out.groups = groups
        out.self_ratio = match_key_steps(solution, groups, config=self.config).ratio

    def close(self, *, cancel: bool = False) -> None:
        if self.client is not None and cancel:
            self.client.stop()
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
        self.cache.close()

    def outcomes(self, source: Any) -> Iterator[_Outcome]:
        """Outcomes in input order; at most ``8 * concurrency`` records held at once."""
        window = 8 * (self.args.concurrency if self.client is not None else 1)
        queue: deque[tuple[_Outcome, Any]] = deque()
        for index, (line, payload) in enumerate(source):
            queue.append(self.start(index, line, payload))
            while len(queue) > window or (queue and queue[0][1] is None):
                yield self.finish(*queue.popleft())
        while queue:
            yield self.finish(*queue.popleft())


def _output_record(out: _Outcome, column: str) -> dict[str, Any]:
    if out.record is None:
        head: dict[str, Any] = {"index": out.index}
        if out.line is not None:
            head["line"] = out.line
        head["error"] = out.error
        return head
    record = dict(out.record)
    if out.source == "kept":
        return record
    record.pop(f"{column}_error", None)
    record[column] = out.groups if out.error is None else None
    if out.error is not None:
        record[f"{column}_error"] = out.error
    return record


class _Writer:
    """JSON lines, or a JSON list written one element at a time; strict JSON either way
    (see `dumps_strict`: NaN and Infinity are null, bytes are text or a data: URL)."""

    def __init__(self, stream: IO[str], as_list: bool, column: str) -> None:
        self.stream, self.as_list, self.column, self.count = stream, as_list, column, 0

    def write(self, out: _Outcome) -> None:
        """Write the record of *out*; one that cannot be written as JSON (nested too
        deeply) becomes an error record, and *out* says so."""
        sep = "" if not self.as_list else "[\n" if self.count == 0 else ",\n"
        end = "" if self.as_list else "\n"
        try:
            record = _output_record(out, self.column)
            text = dumps_strict(record, ensure_ascii=False)
        except RecordError as exc:
            out.record, out.error = None, str(exc)
            record = _output_record(out, self.column)
            text = dumps_strict(record, ensure_ascii=False)
        try:
            self.stream.write(sep + text + end)
        except UnicodeEncodeError:
            # A lone surrogate (JSON allows "\\ud800"; a JSON list with bad UTF-8 gives
            # them too) or a stream that is not UTF-8: write it with \\u escapes instead.
            # The text is encoded before anything is written, so nothing is doubled.
            self.stream.write(sep + dumps_strict(record) + end)
        self.count += 1

    def close(self) -> None:
        if self.as_list:
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")


# --------------------------------------------------------------------------- main


def _run(args: argparse.Namespace, err: IO[str]) -> int:
    start = time.perf_counter()
    report = Report()
    runner = _Runner(args, err)
    interrupted = False
    try:
        # columns=None: Parquet and saved datasets are read whole, since every input
        # field goes to the output, not only the two columns used here
        with open_records(args.input, args.format, columns=None,
                          keep_empty=[args.solution], split=args.split) as source:
            if source.columns is not None and args.solution not in source.columns:
                err.write(f"{PROG}: warning: {source.name} has no column '{args.solution}' "
                          f"(columns: {', '.join(source.columns)})\n")
            as_list = args.output.endswith(".json") if args.output not in (None, "-") \
                else source.format == "json"
            name = source.name
            with atomic_output(args.output) as stream:
                writer = _Writer(stream, as_list, args.key_steps)
                for out in runner.outcomes(source):
                    writer.write(out)
                    report.add(out)
                writer.close()
    except BaseException:
        interrupted = True
        raise
    finally:
        runner.close(cancel=interrupted)
    info = report.to_dict(name, args.method, runner.client, time.perf_counter() - start)
    if not args.quiet:
        err.write(table(info))
    if args.summary_json:
        write_json(args.summary_json, info)
    return 0


def _prepare(args: argparse.Namespace) -> Callable[[], int]:
    """Check the arguments (``ValueError``: a usage error) and return the run."""
    _check_args(args)
    return functools.partial(_run, args, sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run ``stepgrpo-keysteps`` with *argv* (default: ``sys.argv[1:]``); return the exit code."""
    return run_command(PROG, _build_parser(), argv, _prepare,
                       interrupted="interrupted; the output was not written (replies received "
                       "so far are in the cache: rerun to resume)", fatal=(ImportError,))


def console_main() -> None:
    """The ``stepgrpo-keysteps`` command: `main`, with SIGTERM handled like Ctrl-C (exit
    143, the cache kept, no partial output file)."""
    with terminate_as_interrupt():
        code = main()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    console_main()
